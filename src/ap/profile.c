/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The profiles of the ap model (docs/ap.md "Profiles"): the kernel states
 * of drivers/s390/crypto/vfio_ap_ops.c, vfio_ap_drv.c and
 * arch/s390/kvm/priv.c the model stands for, as data.  The only place
 * their names live.  Each runs its generation of those files, compiled
 * for its kernel (src/ap/CMakeLists.txt); what differs between them is
 * in the files, under LINUX_VERSION_CODE.
 */
#include "ap/ap_internal.h"

static const struct vri_ap_gen gen_mainline = {
	.vfio_ap_init = vr_ap_mainline_vfio_ap_init,
	.vfio_ap_exit = vr_ap_mainline_vfio_ap_exit,
	.kvm_s390_handle_b2 = vr_ap_mainline_kvm_s390_handle_b2,
};

static const struct vri_ap_gen gen_5_3 = {
	.vfio_ap_init = vr_ap_5_3_vfio_ap_init,
	.vfio_ap_exit = vr_ap_5_3_vfio_ap_exit,
	.kvm_s390_handle_b2 = vr_ap_5_3_kvm_s390_handle_b2,
};

static const struct vri_ap_gen gen_v4 = {
	.vfio_ap_init = vr_ap_v4_vfio_ap_init,
	.vfio_ap_exit = vr_ap_v4_vfio_ap_exit,
	.kvm_s390_handle_b2 = vr_ap_v4_kvm_s390_handle_b2,
};

const struct vri_ap_profile vri_ap_profiles[VR_AP_NR_PROFILES] = {
    [VR_AP_MAINLINE] =
	{
	    .name = "mainline",
	    .summary = "NIB validation, GISC failure handling, explicit cc 0",
	    .origin = "torvalds/linux master",
	    .gen = &gen_mainline,
	},
    [VR_AP_5_3] =
	{
	    .name = "5.3",
	    .summary = "\"vfio: ap: AP Queue Interrupt Control\" as merged",
	    .origin = "v5.3",
	    .gen = &gen_5_3,
	},
    [VR_AP_V4] =
	{
	    .name = "v4",
	    .summary = "\"vfio: ap: AP Queue Interrupt Control\" v4 as posted (February 2019)",
	    .origin = "kvm mailing list, [PATCH v4 0/7]",
	    .gen = &gen_v4,
	    .free_list = true,
	},
};
