/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The profiles of the ap model (docs/ap.md "Profiles"): the kernel states
 * of drivers/s390/crypto/vfio_ap_ops.c and arch/s390/kvm/priv.c the model
 * stands for, as data.  The only place their names live.
 */
#include "ap/ap_internal.h"

const struct vri_ap_profile vri_ap_profiles[VR_AP_NR_PROFILES] = {
    [VR_AP_MAINLINE] =
	{
	    .name = "mainline",
	    .summary = "NIB validation, GISC failure handling, explicit cc 0",
	    .origin = "torvalds/linux master",
	},
    [VR_AP_5_3] =
	{
	    .name = "5.3",
	    .summary = "\"vfio: ap: AP Queue Interrupt Control\" as merged",
	    .origin = "v5.3",
	},
    [VR_AP_V4] =
	{
	    .name = "v4",
	    .summary = "\"vfio: ap: AP Queue Interrupt Control\" v4 as posted (February 2019)",
	    .origin = "kvm mailing list, [PATCH v4 0/7]",
	},
};
