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
#include <virtref/mem.h>
#include "ap/hw_internal.h"

/*
 * A kernel generation of vfio_ap and KVM's PQAP interception:
 * priv.c, vfio_ap_ops.c and vfio_ap_drv.c compiled for the profile's
 * kernel (priv_5_3.c and the others include them, src/ap/CMakeLists.txt
 * gives each its LINUX_VERSION_CODE and its symbols' vr_ap_<gen>_ names).
 * The rest of vfio_ap is reached through what these register: the AP
 * bus driver (ap_driver_register()) and the mdev parent
 * (mdev_register_device()).
 */
struct vri_ap_gen {
	int (*vfio_ap_init)(void);
	void (*vfio_ap_exit)(void);
	int (*kvm_s390_handle_b2)(struct kvm_vcpu *vcpu);
};

#define VRI_AP_GEN_DECLARE(g)                                                                      \
	int vr_ap_##g##_vfio_ap_init(void);                                                        \
	void vr_ap_##g##_vfio_ap_exit(void);                                                       \
	int vr_ap_##g##_kvm_s390_handle_b2(struct kvm_vcpu *vcpu)

VRI_AP_GEN_DECLARE(mainline);
VRI_AP_GEN_DECLARE(5_3);
VRI_AP_GEN_DECLARE(v4);

/* A profile: the kernel generation it runs and what the model checks of it. */
struct vri_ap_profile {
	const char *name; /* first: the config key's names (VR_ENUM_TABLE) */
	const char *summary;
	const char *origin;
	const struct vri_ap_gen *gen;
	bool free_list; /* v4: assignment moves queues off a free list */
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
	struct ap_driver *ap_drv;		  /* what ap_driver_register() registered */
	const struct mdev_parent_ops *parent_ops; /* ...and mdev_register_device() */
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

static inline const struct vri_ap_gen *vri_ap_gen(const struct vr_ap *ap)
{
	return vri_ap_profile(ap)->gen;
}

/* vfio_ap's queue of slots [a][d] while it is bound, or NULL. */
static inline const struct vfio_ap_queue *vri_ap_bound_queue(const struct vr_ap *ap, int a, int d)
{
	return ap->host.probed[a][d] ? dev_get_drvdata(&ap->host.apq[a][d].ap_dev.device) : NULL;
}

/* The guest address of the NIB @q holds pinned (its page, as 5.3 saves it), 0: none. */
static inline uint64_t vri_ap_saved_nib(const struct vfio_ap_queue *q)
{
	return q->saved_iova ? q->saved_iova : (uint64_t)q->saved_pfn << VR_PAGE_SHIFT;
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
