/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The arm model's private declarations: the instance struct vr_arm
 * around the kernel's struct kvm, the profile row that holds each kernel
 * generation's rules as data, the firmware-register code paths a profile
 * selects, and the vri_arm_* helpers the files share.
 */
#ifndef VIRTREF_SRC_ARM_INTERNAL_H
#define VIRTREF_SRC_ARM_INTERNAL_H

#include <virtref/arm.h>
#include <virtref/arm/arm-smccc.h>
#include <virtref/arm/arm_psci.h>
#include <virtref/arm/kvm_host.h>
#include <virtref/linux/kernel.h>
#include "hw_internal.h"

_Static_assert(KVM_MAX_VCPUS == VR_ARM_MAX_VCPUS, "one vCPU limit");

/*
 * The code paths of the firmware registers that differ between kernel
 * generations, as kvm_x86_ops selects a vendor's: a profile points at one
 * table (psci.c: the seed v3 and 5.3, with the host described by
 * bp_harden/ssbd and a per-vCPU WA2 state; hypercalls.c: 5.10 and later).
 */
struct vri_arm_fw_ops {
	/* get_kernel_wa_level(): the host's level of a workaround register. */
	int (*get_kernel_wa_level)(const struct kvm *kvm, u64 regid);
	/* kvm_arm_set_fw_reg() of WORKAROUND_2. */
	int (*set_wa2)(struct kvm_vcpu *vcpu, u64 val);
};

extern const struct vri_arm_fw_ops vri_arm_psci_ops;
extern const struct vri_arm_fw_ops vri_arm_hypercalls_ops;

/* One kernel generation.  src/arm/profile.c holds the table. */
struct vri_arm_profile {
	const char *name; /* first: the config enum's names */
	const char *summary;
	const char *origin; /* kernel tag, or series and patch */
	const u64 *fw_ids;  /* KVM_GET_REG_LIST order */
	unsigned int nfw;
	int unknown_errno;    /* unknown FW id: -EINVAL (v3), -ENOENT */
	bool wa1_exact;	      /* v3: WA1 restores only the host's level */
	bool wa2_stray_check; /* v4+: WA2 bits beyond level|ENABLED refused */
	bool host_53;	      /* host described by bp_harden/ssbd */
	bool has_wa3;
	unsigned int nbmap;    /* bitmap registers: 0, 3 or 4 */
	bool size_check;       /* 2023: size in id != 8 -> -ENOENT first */
	bool vm_wide_features; /* all vCPUs must share their features */
	const u32 *psci_02;    /* versions a PSCI_0_2 vCPU may set */
	unsigned int npsci_02;
	u32 psci_latest;	 /* GET when user space never set one */
	long wa1_unaffected_ret; /* ARCH_FEATURES(WA1) when unaffected */
	const struct vri_arm_fw_ops *ops;
};

extern const struct vri_arm_profile vri_arm_profiles[VR_ARM_NR_PROFILES];

/* The instance: the kernel's VM, and virtref's inputs and knobs. */
struct vr_arm {
	struct kvm kvm;
	const struct vri_arm_profile *prof;
	enum vr_arm_profile profile;
	struct vr_arm_host host;
	unsigned int uaccess_fail_nth; /* 0: disarmed */
	u64 stack_overflow;	       /* see vr_arm_stack_overflow() */
	const char *reason;	       /* see vr_arm_last_reason() */
};

static inline struct vr_arm *vri_arm_of(const struct kvm *kvm)
{
	return container_of((struct kvm *)kvm, struct vr_arm, kvm);
}

static inline const struct vri_arm_profile *vri_arm_prof(const struct kvm *kvm)
{
	return vri_arm_of(kvm)->prof;
}

/*
 * The bitmap registers: where each lives, what it may hold, its reset
 * value.  Index r is KVM_REG_ARM_FW_FEAT_BMAP_REG(r).
 */
struct vri_arm_bmap_desc {
	u64 id;
	const char *name;
	unsigned long supported; /* KVM_ARM_SMCCC_*_FEATURES */
	unsigned long reset;
	size_t offset; /* in struct kvm_smccc_features */
};

extern const struct vri_arm_bmap_desc vri_arm_bmaps[4];

static inline unsigned long *vri_arm_bmap_ptr(const struct kvm *kvm, unsigned int r)
{
	return (unsigned long *)(void *)((char *)&vri_arm_of(kvm)->kvm.arch.smccc_feat +
					 vri_arm_bmaps[r].offset);
}

/* Index of a bitmap id among the profile's bitmaps, or -1. */
int vri_arm_bmap_index(const struct kvm *kvm, u64 id);

/*
 * User copies.  Each returns the number of bytes NOT copied, as the
 * kernel's do: a NULL address, or the armed fail-nth knob, copies nothing.
 */
unsigned long vri_arm_copy_to_user(struct kvm *kvm, void __user *to, const void *from,
				   unsigned long n);
/*
 * Copies min(@n, @dst_size) bytes; when @n is larger the kernel would
 * have overrun its destination, and the excess is recorded in
 * vr_arm::stack_overflow instead.
 */
unsigned long vri_arm_copy_from_user(struct kvm *kvm, void *to, size_t dst_size,
				     const void __user *from, unsigned long n);
int vri_arm_put_user(struct kvm *kvm, u64 val, u64 __user *to);

/*
 * A dynamic-SSBD host of the 5.3 family keeps the SSB mitigation per
 * vCPU (kvm_arm_have_ssbd() == KVM_SSBD_KERNEL).
 */
static inline bool vri_arm_ssbd_dynamic(const struct kvm *kvm)
{
	const struct vr_arm *arm = vri_arm_of(kvm);

	return arm->prof->host_53 && arm->host.ssbd == VR_ARM_SSBD_KERNEL;
}

/* Records why a get/set refused and returns @err. */
static inline int vri_arm_refuse(struct kvm_vcpu *vcpu, int err, const char *why)
{
	vri_arm_of(vcpu->kvm)->reason = why;
	return err;
}

/* Clears the reason of the last refusal. */
static inline void vri_arm_clear_reason(struct kvm *kvm)
{
	vri_arm_of(kvm)->reason = "";
}

/* include/kvm/arm_psci.h: the version a vCPU's PSCI calls follow. */
static inline u32 kvm_psci_version(const struct kvm_vcpu *vcpu)
{
	if (vcpu_has_feature(vcpu, KVM_ARM_VCPU_PSCI_0_2)) {
		if (vcpu->kvm->arch.psci_version)
			return vcpu->kvm->arch.psci_version;
		return vri_arm_prof(vcpu->kvm)->psci_latest;
	}
	return KVM_ARM_PSCI_0_1;
}

#define KVM_REG_FEATURE_LEVEL_WIDTH 4
#define KVM_REG_FEATURE_LEVEL_MASK (BIT(KVM_REG_FEATURE_LEVEL_WIDTH) - 1)

/* Level of a workaround register on this host; -EINVAL for another id. */
static inline int vri_arm_wa_level(const struct kvm *kvm, u64 regid)
{
	return vri_arm_prof(kvm)->ops->get_kernel_wa_level(kvm, regid);
}

/* show.c: naming values for narration and the dump. */
bool vri_arm_is_wa(u64 id);
const char *vri_arm_level_name(u64 id, u64 level);
/* "0x12 (AVAIL|ENABLED)", "0x10000 (PSCI 1.0)", "0x3" */
void vri_arm_describe_value(char *buf, size_t len, u64 id, u64 v);
/* The register's name, or "id 0x..." in @buf. */
const char *vri_arm_reg_label(u64 id, char *buf, size_t len);
void vri_arm_dump(void *model, struct vr_text *out);

/* invariants.c: the named checks. */
int vri_arm_check_registers(void *model, struct vr_text *why);

#endif
