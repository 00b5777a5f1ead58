/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The code paths of drivers/s390/cio/vfio_ccw_cp.c that differ between
 * the kernels the ccw model's profiles stand for (docs/ccw.md
 * "Profiles"), as kvm_x86_ops selects a vendor's: src/ccw/profile.c
 * holds one const table per profile, and src/ccw/vfio_ccw_cp.c asks the
 * mediated device for its table.  A kernel tree's own vfio_ccw_cp.c has
 * one of these code paths compiled in and never asks.
 */
#ifndef VIRTREF_CCW_PROFILE_H
#define VIRTREF_CCW_PROFILE_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/ccw/cio.h>
#include <virtref/ccw/orb.h>
#include <virtref/linux/types.h>

struct device;

/* What the host program holds for a CCW that moves no data. */
enum vr_ccw_idle_idal {
	/*
	 * Before 5.3 (which brought ccw_does_data_transfer()): no host IDAL.
	 * A direct CCW with count 0 only gains the IDA flag, and NOP and test
	 * CCWs are passed by; the guest's cda stays.  Every other CCW has its
	 * data pinned, SKIP or not.
	 */
	VR_CCW_IDLE_NONE,
	/* 5.3 - 5.x: an IDAL whose first word is the data's offset in its page. */
	VR_CCW_IDLE_OFFSET,
	/* 6.x: an IDAL of the guest's addresses, as get_guest_idal() read them. */
	VR_CCW_IDLE_GUEST,
};

struct vr_ccw_cp_ops {
	/*
	 * ccwchain_calc_length(): whether @ccw, neither CC nor CD, goes on
	 * counting the chain whose @cnt CCWs start at @head (docs/ccw.md
	 * "The length rule").
	 */
	bool (*keep_counting)(const struct ccw1 *ccw, u32 head, int cnt);
	/* ccwchain_calc_length(): -EOPNOTSUPP for an IDA CCW refused in @orb's format, else 0. */
	int (*check_ccw)(const union orb *orb, const struct ccw1 *ccw);
	/* A successful cp_init(): the IDAW format cp_prefetch() translates in. */
	void (*init_orb)(union orb *orb);
	/* ccwchain_fetch_direct(): the IDA block size for @orb. */
	u32 (*idaw_block)(const union orb *orb);
	/*
	 * ccwchain_fetch_direct(): the guest address host IDAW @i names, for
	 * an IDA CCW whose guest IDAL (of @size byte IDAWs) is @gidal, the
	 * page it pins for that IDAW being @iova_pfn and its first IDAW @iova.
	 */
	u64 (*idaw_addr)(unsigned long iova_pfn, const u8 *gidal, int i, u32 size, bool idaw64,
			 u64 iova);
	bool pfch_required;	/* before 2020: cp_init() refuses pfch = 0 (-EOPNOTSUPP) */
	bool scsw_end_of_chain; /* May 2019: cp_update_scsw() maps one CCW past a chain */
	bool keep_guest_key;	/* 6.x: cp_get_orb() keeps the guest's ORB key */
	enum vr_ccw_idle_idal idle_idal;
	/*
	 * "s390/vfio_ccw fixes" v1 (July 2026), as posted:
	 * 1/6: the longest chain ccwchain_calc_length() accepts,
	 *      CCWCHAIN_LEN_MAX, or one less (the loop stops at 256 and
	 *      refuses a count of 256 too);
	 * 2/6: chains per program, 0 for no limit;
	 * 3/6: a failed cp_init() frees every chain it built;
	 * 4/6: the guest IDAL is read into cp->guest_idal up to the next
	 *      IDAW block boundary, with the length in IDAWs passed as the
	 *      byte count.
	 */
	int chain_len_max;
	int chain_count_max;
	bool init_frees_all;
	bool idal_to_boundary;
};

/**
 * vr_ccw_cp_ops() - the code paths of the profile a mediated device runs
 * @mdev: a ccw instance's mediated device (vr_ccw_mdev())
 *
 * Return: the profile's table, never NULL.
 */
VR_API const struct vr_ccw_cp_ops *vr_ccw_cp_ops(const struct device *mdev);

#endif
