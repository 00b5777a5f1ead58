/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The profiles of the ccw model: kernel states of drivers/s390/cio/
 * vfio_ccw_cp.c and one posted series, as data (docs/ccw.md "Profiles").
 * The only place their names live.
 */
#include "ccw/ccw_internal.h"

#define LEN_256 .chain_len_max = CCWCHAIN_LEN_MAX

const struct vri_ccw_profile vri_ccw_profiles[VR_CCW_NR_PROFILES] = {
    [VR_CCW_MAINLINE] =
	{
	    .name = "mainline",
	    .summary = "seed length rule, end-of-chain CPA, format-1 and 2 KiB IDA, no pfch needed",
	    .origin = "torvalds/linux master",
	    .cp_ops = &vri_ccw_cp_6_ops,
	    .scsw_end_of_chain = true,
	    .keep_guest_key = true,
	    LEN_256,
	},
    [VR_CCW_5_3] =
	{
	    .name = "5.3",
	    .summary = "seed length rule, end-of-chain CPA fix (May 2019)",
	    .origin = "v5.3",
	    .cp_ops = &vri_ccw_cp_5_1_ops,
	    .scsw_end_of_chain = true,
	    .pfch_required = true,
	    LEN_256,
	},
    [VR_CCW_5_1] =
	{
	    .name = "5.1",
	    .summary = "seed length rule (February 2019), CPA range ends at the last CCW",
	    .origin = "v5.1",
	    .cp_ops = &vri_ccw_cp_5_1_ops,
	    .pfch_required = true,
	    LEN_256,
	},
    [VR_CCW_5_1_RC] =
	{
	    .name = "5.1-rc1",
	    .summary = "January 2019: counting stops at every TIC",
	    .origin = "commit 405d566f98ae, 5.1 merge window, before the seed fix",
	    .cp_ops = &vri_ccw_cp_5_1_rc_ops,
	    .pfch_required = true,
	    LEN_256,
	},
    [VR_CCW_5_0] =
	{
	    .name = "5.0",
	    .summary = "before January 2019: counting continues past any TIC",
	    .origin = "v5.0",
	    .cp_ops = &vri_ccw_cp_5_0_ops,
	    .pfch_required = true,
	    LEN_256,
	},
    [VR_CCW_2026_07_V1] =
	{
	    .name = "2026-07-v1",
	    .summary = "mainline with the July 2026 fixes series as posted",
	    .origin = "\"s390/vfio_ccw fixes\" v1 (July 2026), patches 1/6 - 4/6",
	    .cp_ops = &vri_ccw_cp_6_ops,
	    .scsw_end_of_chain = true,
	    .keep_guest_key = true,
	    .chain_len_max = CCWCHAIN_LEN_MAX - 1,
	    .chain_count_max = CCWCHAIN_COUNT_MAX,
	    .init_frees_all = true,
	    .idal_to_boundary = true,
	},
};
