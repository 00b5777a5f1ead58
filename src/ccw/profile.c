/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The profiles of the ccw model: kernel states of drivers/s390/cio/
 * vfio_ccw_cp.c and one posted series, as data (docs/ccw.md "Profiles"),
 * each with the code paths its kernel has (virtref/ccw/profile.h).  The
 * only place their names live.
 */
#include <virtref/linux/mm.h>
#include "ccw/ccw_internal.h"

/*
 * Counting past a TIC: 5.0 and before go on at any TIC, January 2019
 * stopped at every TIC, the seed fix goes on at a TIC back into
 * [head, this TIC].
 */
static bool tic_any(const struct ccw1 *ccw, u32 head, int cnt)
{
	(void)head;
	(void)cnt;
	return ccw->cmd_code == CCW_CMD_TIC;
}

static bool tic_never(const struct ccw1 *ccw, u32 head, int cnt)
{
	(void)ccw;
	(void)head;
	(void)cnt;
	return false;
}

/* head <= cda <= head + 8 * (cnt - 1), in 32-bit arithmetic. */
static bool tic_in_range(const struct ccw1 *ccw, u32 head, int cnt)
{
	u32 tail = head + (u32)(cnt - 1) * sizeof(struct ccw1);

	return ccw->cmd_code == CCW_CMD_TIC && head <= ccw->cda && ccw->cda <= tail;
}

/* Format-1 IDAWs (c64 = 0) or 2 KiB blocks (i2k = 1): what 5.x cannot translate. */
static bool odd_ida(const union orb *orb)
{
	return !orb->cmd.c64 || orb->cmd.i2k;
}

/*
 * 5.x: only a CCW with IDA is refused, "as we don't want to fail direct
 * addressing even if the orb specified one of the unsupported formats"
 * (ccwchain_calc_length() from 5.0 on; 4.x refused the ORB in cp_init()).
 */
static int ccw_ida_4k(const union orb *orb, const struct ccw1 *ccw)
{
	return (ccw->flags & CCW_FLAG_IDA) && odd_ida(orb) ? -EOPNOTSUPP : 0;
}

static int ccw_any(const union orb *orb, const struct ccw1 *ccw)
{
	(void)orb;
	(void)ccw;
	return 0;
}

/* 5.x: safe to force, since IDA with c64 = 0 was refused. */
static void orb_force_c64(union orb *orb)
{
	orb->cmd.c64 = 1;
}

/*
 * 6.x keeps the guest's IDAW format until cp_get_orb(), because
 * cp_prefetch() reads the guest's IDALs in it.
 */
static void orb_keep(union orb *orb)
{
	(void)orb;
}

static u32 block_4k(const union orb *orb)
{
	(void)orb;
	return 4096;
}

/* 6.x: 2 KiB blocks when the guest asked for them (i2k or c64 = 0). */
static u32 block_guest(const union orb *orb)
{
	return odd_ida(orb) ? 2048 : 4096;
}

/* 5.x: the pinned pages, on page boundaries (only the first keeps its offset). */
static u64 idaw_page(unsigned long iova_pfn, const u8 *gidal, int i, u32 size, bool idaw64,
		     u64 iova)
{
	(void)gidal;
	(void)size;
	(void)idaw64;
	return ((u64)iova_pfn << PAGE_SHIFT) | (i ? 0 : iova & (PAGE_SIZE - 1));
}

/* 6.x: every guest IDAW with its offset, big-endian as the guest wrote it. */
static u64 idaw_guest(unsigned long iova_pfn, const u8 *gidal, int i, u32 size, bool idaw64,
		      u64 iova)
{
	const u8 *p = gidal + i * size;
	u64 v = 0;
	u32 k;

	(void)iova_pfn;
	(void)iova;
	for (k = 0; k < (idaw64 ? 8u : 4u); k++)
		v = v << 8 | p[k];
	return v;
}

/* The code paths of each kernel state, before the profile's own knobs. */
#define CP_5_0                                                                                     \
	.keep_counting = tic_any, .check_ccw = ccw_ida_4k, .init_orb = orb_force_c64,              \
	.idaw_block = block_4k, .idaw_addr = idaw_page
#define CP_5_1_RC                                                                                  \
	.keep_counting = tic_never, .check_ccw = ccw_ida_4k, .init_orb = orb_force_c64,            \
	.idaw_block = block_4k, .idaw_addr = idaw_page
#define CP_5_1                                                                                     \
	.keep_counting = tic_in_range, .check_ccw = ccw_ida_4k, .init_orb = orb_force_c64,         \
	.idaw_block = block_4k, .idaw_addr = idaw_page
#define CP_6                                                                                       \
	.keep_counting = tic_in_range, .check_ccw = ccw_any, .init_orb = orb_keep,                 \
	.idaw_block = block_guest, .idaw_addr = idaw_guest

#define LEN_256 .chain_len_max = CCWCHAIN_LEN_MAX

static const struct vr_ccw_cp_ops cp_mainline = {
	CP_6,
	.scsw_end_of_chain = true,
	.keep_guest_key = true,
	.idle_idal = VR_CCW_IDLE_GUEST, /* 6.x: get_guest_idal() */
	LEN_256,
};

static const struct vr_ccw_cp_ops cp_5_3 = {
	CP_5_1,
	.scsw_end_of_chain = true,
	.pfch_required = true,
	.idle_idal = VR_CCW_IDLE_OFFSET, /* 5.3: "Don't pin vfio pages for empty transfers" */
	LEN_256,
};

static const struct vr_ccw_cp_ops cp_5_1 = {
	CP_5_1,
	.pfch_required = true,
	.idle_idal = VR_CCW_IDLE_NONE,
	LEN_256,
};

static const struct vr_ccw_cp_ops cp_5_1_rc = {
	CP_5_1_RC,
	.pfch_required = true,
	.idle_idal = VR_CCW_IDLE_NONE,
	LEN_256,
};

static const struct vr_ccw_cp_ops cp_5_0 = {
	CP_5_0,
	.pfch_required = true,
	.idle_idal = VR_CCW_IDLE_NONE,
	LEN_256,
};

static const struct vr_ccw_cp_ops cp_2026_07_v1 = {
	CP_6,
	.idle_idal = VR_CCW_IDLE_GUEST,
	.scsw_end_of_chain = true,
	.keep_guest_key = true,
	.chain_len_max = CCWCHAIN_LEN_MAX - 1,
	.chain_count_max = CCWCHAIN_COUNT_MAX,
	.init_frees_all = true,
	.idal_to_boundary = true,
};

const struct vri_ccw_profile vri_ccw_profiles[VR_CCW_NR_PROFILES] = {
    [VR_CCW_MAINLINE] =
	{
	    .name = "mainline",
	    .summary = "seed length rule, end-of-chain CPA, format-1 and 2 KiB IDA, no pfch needed",
	    .origin = "torvalds/linux master",
	    .cp_ops = &cp_mainline,
	},
    [VR_CCW_5_3] =
	{
	    .name = "5.3",
	    .summary = "seed length rule, end-of-chain CPA fix (May 2019)",
	    .origin = "v5.3",
	    .cp_ops = &cp_5_3,
	},
    [VR_CCW_5_1] =
	{
	    .name = "5.1",
	    .summary = "seed length rule (February 2019), CPA range ends at the last CCW",
	    .origin = "v5.1",
	    .cp_ops = &cp_5_1,
	},
    [VR_CCW_5_1_RC] =
	{
	    .name = "5.1-rc1",
	    .summary = "January 2019: counting stops at every TIC",
	    .origin = "commit 405d566f98ae, 5.1 merge window, before the seed fix",
	    .cp_ops = &cp_5_1_rc,
	},
    [VR_CCW_5_0] =
	{
	    .name = "5.0",
	    .summary = "before January 2019: counting continues past any TIC",
	    .origin = "v5.0",
	    .cp_ops = &cp_5_0,
	},
    [VR_CCW_2026_07_V1] =
	{
	    .name = "2026-07-v1",
	    .summary = "mainline with the July 2026 fixes series as posted",
	    .origin = "\"s390/vfio_ccw fixes\" v1 (July 2026), patches 1/6 - 4/6",
	    .cp_ops = &cp_2026_07_v1,
	},
};

const struct vr_ccw_cp_ops *vr_ccw_cp_ops(const struct device *mdev)
{
	return mdev->profile->cp_ops;
}
