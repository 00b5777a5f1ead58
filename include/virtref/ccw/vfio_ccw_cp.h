/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: drivers/s390/cio/vfio_ccw_cp.h at v5.10 (cp_init() takes the
 * mdev's struct device, as from v5.3), with CCWCHAIN_COUNT_MAX of the
 * posted series "s390/vfio_ccw fixes" v1 (July 2026, patch 2/6).
 *
 * struct channel_program and the cp_* family; src/ccw/vfio_ccw_cp.c
 * implements them and a port of the kernel file can replace it.
 * struct ccwchain stays private to that file, as in the kernel.
 */
#ifndef VIRTREF_CCW_VFIO_CCW_CP_H
#define VIRTREF_CCW_VFIO_CCW_CP_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/ccw/cio.h>
#include <virtref/ccw/orb.h>
/* On s390 linux/mm.h brings asm/page.h; the shims are arch-neutral. */
#include <virtref/ccw/page.h>
#include <virtref/linux/list.h>
#include <virtref/linux/types.h>

/* The mediated device, through which guest memory is read and pinned. */
struct device;

#define CCWCHAIN_LEN_MAX 256
/* Chains per program ("s390/vfio_ccw fixes" v1, 2026-07, patch 2/6). */
#define CCWCHAIN_COUNT_MAX 16
/* Buckets of vfio_ccw_cp.c's index of its chains (2 KiB of guest addresses each). */
#define CCWCHAIN_BUCKETS 64

struct ccwchain;

struct channel_program {
	struct list_head ccwchain_list;
	union orb orb;
	struct device *mdev;
	bool initialized;
	struct ccw1 *guest_cp; /* CCWCHAIN_LEN_MAX scratch entries */
	/*
	 * 512 IDAWs of scratch, the guest's bytes as copied; only profile
	 * 2026-07-v1 uses it (patch 4/6), and keeps it from CCW to CCW.
	 */
	u64 *guest_idal;
	int ccwchain_count; /* chains built by cp_init() (patch 2/6) */
	/*
	 * Not the kernel's: vfio_ccw_cp.c's own index of its chains by
	 * guest address (head >> 11), so that finding the chain that holds
	 * an address looks at two buckets instead of the list, with the
	 * list walk's answer (the first chain in list order).
	 */
	struct ccwchain *ccwchain_bucket[CCWCHAIN_BUCKETS];
	u32 ccwchain_seq;
	/*
	 * virtref's own, what it saw at the kernel's boundaries (no kernel
	 * file touches them): the host DMA blocks of the chains cp_init()
	 * built, in list order, and the pages pinned by calls for this
	 * program and not unpinned.
	 */
	struct list_head vr_chains;
	u64 vr_pins;
};

/**
 * cp_init() - build the chains of a guest channel program
 * @cp: program, set up with vr_ccw_cp_setup() and not initialized
 * @mdev: mediated device (vr_ccw_mdev()) through which guest memory is read
 * @orb: the guest's ORB
 *
 * Return: 0; -EBUSY (already initialized); -EOPNOTSUPP (no prefetch or an
 * IDA format the profile does not support); -EINVAL (a chain longer than
 * CCWCHAIN_LEN_MAX); -EFAULT (a 2 KiB CCW window is not in guest memory);
 * -ENOMEM (also: more than CCWCHAIN_COUNT_MAX chains, profile 2026-07-v1).
 * On failure every profile but 2026-07-v1 leaves the chains built for
 * earlier TICs allocated and out of reach, as the kernel does
 * (docs/ccw.md); 2026-07-v1 frees everything.
 */
VR_API int cp_init(struct channel_program *cp, struct device *mdev, union orb *orb);
/**
 * cp_free() - unpin every page and free every chain; no-op if not initialized
 * @cp: program
 */
VR_API void cp_free(struct channel_program *cp);
/**
 * cp_prefetch() - translate every CCW into host form and pin its data pages
 * @cp: an initialized program
 *
 * Return: 0; -EINVAL (not initialized, or a data page that cannot be
 * pinned: vfio type1 answers -EINVAL for an unmapped iova); -EFAULT (guest
 * IDAL unreadable, a TIC target in no chain); -ENOMEM.
 * On failure the program stays initialized and cp_free() releases exactly
 * what was translated.
 */
VR_API int cp_prefetch(struct channel_program *cp);
/**
 * cp_get_orb() - the host ORB for the translated program
 * @cp: a prefetched program
 * @intparm: interruption parameter of the host subchannel
 * @lpm: path mask used when the guest's is 0
 *
 * Return: the ORB inside @cp, or NULL if @cp is not initialized.
 */
VR_API union orb *cp_get_orb(struct channel_program *cp, u32 intparm, u8 lpm);
/**
 * cp_update_scsw() - translate a host CPA in @scsw back to the guest's
 * @cp: the program that ran
 * @scsw: status of a solicited interruption; its CPA is left alone when it
 *        lies in no chain of @cp
 */
VR_API void cp_update_scsw(struct channel_program *cp, union scsw *scsw);
/**
 * cp_iova_pinned() - whether guest address @iova lies in a page @cp pinned
 * @cp: program
 * @iova: guest address
 *
 * Return: true when a CCW of @cp holds that page pinned.
 */
VR_API bool cp_iova_pinned(struct channel_program *cp, u64 iova);

#endif
