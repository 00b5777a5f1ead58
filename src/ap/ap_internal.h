/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The ap model's private declarations: the instance, the profile row and
 * the kernel layer's state (KVM's guest and vfio_ap's devices).
 */
#ifndef VIRTREF_SRC_AP_AP_INTERNAL_H
#define VIRTREF_SRC_AP_AP_INTERNAL_H

#include <virtref/ap.h>
#include <virtref/ap/vfio_ap_private.h>
#include <virtref/context.h>
#include "ap/hw_internal.h"

/*
 * A profile's rules, read where the kernel has the corresponding code
 * (src/ap/profile.c holds the rows and says where each comes from).
 */
struct vri_ap_profile {
	const char *name; /* first: the config key's names (VR_ENUM_TABLE) */
	const char *summary;
	const char *origin;
	bool free_list;		 /* v4: assignment moves queues off a free list */
	bool no_hook_to_user;	 /* v4: PQAP(AQIC) without a hook goes to user space */
	bool unplug_apid;	 /* removing a queue a guest uses clears its APID in the CRYCB */
	bool filter_apm;	 /* the guest gets only adapters whose queues are all bound */
	bool explicit_cc0;	 /* handle_pqap() sets cc 0 when the hook's RC is 0 */
	bool free_warns;	 /* freeing without the mdev or its kvm warns and keeps the saved */
	bool save_page_only;	 /* the saved NIB is its page frame (saved_pfn, 0: none) */
	int gisc_fail_rc;	 /* 0: kvm_s390_gisc_register() unchecked; else unpin, this RC */
	bool reset_retries_busy; /* vfio_ap_mdev_reset_queue() retries RC 0x05 too */
	bool reset_frees_on_error; /* ...answers -EBUSY for 01/03/04, -EIO else, freeing */
	bool unmap_disables;	   /* DMA unmap disables the queues whose NIB it hits */
	bool unset_kvm_on_null;	   /* SET_KVM(NULL) does what release does */
	bool hook_checks_kvm;	   /* the AQIC hook answers RC 0x01 for an mdev without a guest */
};

extern const struct vri_ap_profile vri_ap_profiles[VR_AP_NR_PROFILES];

/* Queues and mdevs the kernel layer holds at most. */
#define VRI_AP_MAX_MDEVS 4

struct vri_ap_host {
	struct kvm kvm;
	struct kvm_vcpu vcpu;
	struct kvm_run run;
	struct kvm_s390_sie_block sie;
	struct kvm_s390_gib gib;
	struct ap_matrix_dev *md; /* vfio_ap's matrix device (the kernel's matrix_dev) */
	bool vfio_ap_loaded;
	/* The AP bus's device of queue [adapter slot][domain slot], once probed. */
	struct ap_queue apq[VR_AP_MAX_ADAPTERS][VR_AP_MAX_DOMAINS];
	bool probed[VR_AP_MAX_ADAPTERS][VR_AP_MAX_DOMAINS];
	struct mdev_device *mdev[VRI_AP_MAX_MDEVS];
	uint64_t pins;	     /* NIB pages pinned through the environment */
	struct vr_mem *user; /* the VMM's memory the ioctls' __user pointers address */
};

/* Where the VMM keeps the ioctls' argument structures: one page. */
#define VRI_AP_USER_ARG 0x1000u

struct vr_ap {
	struct vri_ap_hw hw;
	struct vri_ap_host host;
};

static inline const struct vri_ap_profile *vri_ap_profile(const struct vr_ap *ap)
{
	return &vri_ap_profiles[ap->hw.cfg.profile];
}

/* The instance lent to the calling thread (vri_ap_lend()), or NULL. */
struct vr_ap *vri_ap_lent(void);
/* Lends @ap's hardware and memory to kernel code until vri_ap_unlend(). */
void vri_ap_lend(struct vr_ap *ap, struct vr_context_frame *f);
void vri_ap_unlend(struct vr_context_frame *f);
/* Builds the guest's struct kvm and vCPU over the hardware's CRYCB and GISA. */
void vri_ap_kvm_init(struct vr_ap *ap);

/* Releases, removes and unbinds everything, then unloads vfio_ap. */
void vri_ap_host_teardown(struct vr_ap *ap);

#endif
