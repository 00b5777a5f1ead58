/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The profiles of the ap model (docs/ap.md "Profiles"): the kernel states
 * of drivers/s390/crypto/vfio_ap_ops.c, vfio_ap_drv.c and
 * arch/s390/kvm/priv.c the model stands for, as data.  The only place
 * their names live.
 */
#include "ap/ap_internal.h"

const struct vri_ap_profile vri_ap_profiles[VR_AP_NR_PROFILES] = {
    [VR_AP_MAINLINE] =
	{
	    .name = "mainline",
	    .summary = "NIB validation, GISC failure handling, explicit cc 0",
	    .origin = "torvalds/linux master",
	    /*
	     * The shadow APCB: open and probe give the guest only adapters
	     * whose queues are all bound, hot unplug takes one out.
	     */
	    .unplug_apid = true,
	    .filter_apm = true,
	    /* priv.c, the December 2023 fix of e5282de93105. */
	    .explicit_cc0 = true,
	    /* saved_iova; a failed GISC registration unpins, RC 0x06 (Nov 2023). */
	    .gisc_fail_rc = 0x06,
	    /* vfio_ap_free_aqic_resources() checks the mdev and its kvm, with WARN_ON(). */
	    .free_warns = true,
	    /* vfio_ap_mdev_reset_queue(q, retry): only RC 0x02 is retried. */
	    .reset_frees_on_error = true,
	    /* unmap_iova(): vfio_ap_irq_disable() of each queue whose saved_iova it hits. */
	    .unmap_disables = true,
	    /* vfio_ap_mdev_unset_kvm() on SET_KVM(NULL), as the group notifier's last form. */
	    .unset_kvm_on_null = true,
	    /* handle_pqap(): "no guest using the mdev" answers RC 0x01. */
	    .hook_checks_kvm = true,
	},
    [VR_AP_5_3] =
	{
	    .name = "5.3",
	    .summary = "\"vfio: ap: AP Queue Interrupt Control\" as merged",
	    .origin = "v5.3",
	    /* saved_pfn = nib >> PAGE_SHIFT, 0 meaning none. */
	    .save_page_only = true,
	    .reset_retries_busy = true,
	},
    [VR_AP_V4] =
	{
	    .name = "v4",
	    .summary = "\"vfio: ap: AP Queue Interrupt Control\" v4 as posted (February 2019)",
	    .origin = "kvm mailing list, [PATCH v4 0/7]",
	    .free_list = true,
	    .no_hook_to_user = true,
	    /* Remove clears the queue's APID in the guest's CRYCB. */
	    .unplug_apid = true,
	    .reset_retries_busy = true,
	},
};
