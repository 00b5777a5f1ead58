/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The profiles of the ccw model: kernel states of drivers/s390/cio/
 * vfio_ccw_cp.c and one posted series, as data (docs/ccw.md "Profiles"),
 * each with the generation of vfio_ccw_cp.c its kernel compiled
 * (virtref/ccw/profile.h) and what the model knows of it.  The only place
 * their names live.  The cp_* kernel names call the device's generation
 * and watch its boundaries: the pool blocks and pins each call makes are
 * the program's, and the chains cp_init() built are read from them.
 */
#include <virtref/linux/mm.h>
#include "ccw/ccw_internal.h"

/* The kernel's IDA formats 5.x refuses per CCW (ccwchain_calc_length()). */
static int ccw_ida_4k(const union orb *orb, const struct ccw1 *ccw)
{
	bool odd = !orb->cmd.c64 || orb->cmd.i2k;

	return (ccw->flags & CCW_FLAG_IDA) && odd ? -EOPNOTSUPP : 0;
}

static int ccw_any(const union orb *orb, const struct ccw1 *ccw)
{
	(void)orb;
	(void)ccw;
	return 0;
}

#define GEN(g)                                                                                     \
	static const struct vri_ccw_cp_gen gen_##g = {                                             \
		.init = vr_ccw_cp_##g##_init,                                                      \
		.free = vr_ccw_cp_##g##_free,                                                      \
		.prefetch = vr_ccw_cp_##g##_prefetch,                                              \
		.get_orb = vr_ccw_cp_##g##_get_orb,                                                \
		.update_scsw = vr_ccw_cp_##g##_update_scsw,                                        \
		.iova_pinned = vr_ccw_cp_##g##_iova_pinned,                                        \
	}
VRI_CCW_CP_GENS(GEN);

const struct vri_ccw_profile vri_ccw_profiles[VR_CCW_NR_PROFILES] = {
    [VR_CCW_MAINLINE] =
	{
	    .name = "mainline",
	    .summary = "seed length rule, end-of-chain CPA, format-1 and 2 KiB IDA, no pfch needed",
	    .origin = "torvalds/linux master",
	    .gen = &gen_mainline,
	    .check_ccw = ccw_any,
	    .scsw_end_of_chain = true,
	},
    [VR_CCW_5_3] =
	{
	    .name = "5.3",
	    .summary = "seed length rule, end-of-chain CPA fix (May 2019)",
	    .origin = "v5.3",
	    .gen = &gen_5_3,
	    .check_ccw = ccw_ida_4k,
	    .pfch_required = true,
	    .scsw_end_of_chain = true,
	},
    [VR_CCW_5_1] =
	{
	    .name = "5.1",
	    .summary = "seed length rule (February 2019), CPA range ends at the last CCW",
	    .origin = "v5.1",
	    .gen = &gen_5_1,
	    .check_ccw = ccw_ida_4k,
	    .pfch_required = true,
	},
    [VR_CCW_5_1_RC] =
	{
	    .name = "5.1-rc1",
	    .summary = "January 2019: counting stops at every TIC",
	    .origin = "commit 405d566f98ae, 5.1 merge window, before the seed fix",
	    .gen = &gen_5_1_rc1,
	    .check_ccw = ccw_ida_4k,
	    .pfch_required = true,
	},
    [VR_CCW_5_0] =
	{
	    .name = "5.0",
	    .summary = "before January 2019: counting continues past any TIC",
	    .origin = "v5.0",
	    .gen = &gen_5_0,
	    .check_ccw = ccw_ida_4k,
	    .pfch_required = true,
	},
    [VR_CCW_2026_07_V1] =
	{
	    .name = "2026-07-v1",
	    .summary = "mainline with the July 2026 fixes series as posted",
	    .origin = "\"s390/vfio_ccw fixes\" v1 (July 2026), patches 1/6 - 4/6",
	    .gen = &gen_2026_07_v1,
	    .check_ccw = ccw_any,
	    .scsw_end_of_chain = true,
	    .chain_count_max = CCWCHAIN_COUNT_MAX,
	},
};

/* ---- the kernel names, each a call of the device's generation ---- */

/*
 * The generation of @cp's device.  A program no cp_init() has seen has no
 * device; every generation returns at once for it, as it is not
 * initialized.
 */
static const struct vri_ccw_cp_gen *cp_gen(const struct channel_program *cp)
{
	return cp->mdev ? cp->mdev->profile->gen : &gen_mainline;
}

/*
 * Runs a cp_* call for @cp, so that the pool blocks and pins it makes
 * through the environment the caller lent (vr_ccw_enter()) are recorded
 * as @cp's.
 */
struct drive {
	struct device *mdev;
	struct channel_program *prev;
};

static void drive_begin(struct drive *d, struct device *mdev, struct channel_program *cp)
{
	d->mdev = mdev;
	if (!mdev)
		return;
	d->prev = mdev->driving;
	mdev->driving = cp;
}

static void drive_end(struct drive *d)
{
	if (d->mdev)
		d->mdev->driving = d->prev;
}

int cp_init(struct channel_program *cp, struct device *mdev, union orb *orb)
{
	u64 seq = mdev->dma.seq;
	u32 cpa = orb->cmd.cpa;
	struct drive d;
	int ret;

	drive_begin(&d, mdev, cp);
	ret = mdev->profile->gen->init(cp, mdev, orb);
	if (!ret)
		vri_ccw_chains_seen(cp, seq, cpa);
	/* 2/6: the refusal is -ENOMEM at the limit's count of chains. */
	mdev->chain_limit = ret == -ENOMEM && mdev->profile->chain_count_max &&
			    cp->ccwchain_count >= mdev->profile->chain_count_max;
	drive_end(&d);
	return ret;
}

void cp_free(struct channel_program *cp)
{
	struct drive d;

	drive_begin(&d, cp->mdev, cp);
	cp_gen(cp)->free(cp);
	drive_end(&d);
}

int cp_prefetch(struct channel_program *cp)
{
	struct drive d;
	int ret;

	drive_begin(&d, cp->mdev, cp);
	ret = cp_gen(cp)->prefetch(cp);
	if (ret && cp->initialized)
		vri_ccw_chains_probe(cp);
	drive_end(&d);
	return ret;
}

union orb *cp_get_orb(struct channel_program *cp, u32 intparm, u8 lpm)
{
	struct drive d;
	union orb *orb;

	drive_begin(&d, cp->mdev, cp);
	orb = cp_gen(cp)->get_orb(cp, intparm, lpm);
	drive_end(&d);
	return orb;
}

void cp_update_scsw(struct channel_program *cp, union scsw *scsw)
{
	struct drive d;

	drive_begin(&d, cp->mdev, cp);
	cp_gen(cp)->update_scsw(cp, scsw);
	drive_end(&d);
}

bool cp_iova_pinned(struct channel_program *cp, u64 iova)
{
	struct drive d;
	bool pinned;

	drive_begin(&d, cp->mdev, cp);
	pinned = cp_gen(cp)->iova_pinned(cp, iova);
	drive_end(&d);
	return pinned;
}
