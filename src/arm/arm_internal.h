/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The arm model's internal state, shaped like the kernel's struct kvm and
 * struct kvm_vcpu (arch/arm64/include/asm/kvm_host.h) for the fields the
 * firmware registers touch, and the profile table that holds each kernel
 * generation's rules as data.  Tests may include this header.
 */
#ifndef VIRTREF_SRC_ARM_INTERNAL_H
#define VIRTREF_SRC_ARM_INTERNAL_H

#include <virtref/arm.h>
#include <virtref/linux/kernel.h>

/* How kvm_arm_set_fw_reg() judges WORKAROUND_1 (and WORKAROUND_3). */
enum vr_arm_wa1_rule {
	VR_ARM_WA1_EXACT,	/* seed v3: only v == H */
	VR_ARM_WA1_NO_DOWNGRADE, /* v5+: no bits above 0xF, v <= H */
};

/* How it judges WORKAROUND_2. */
enum vr_arm_wa2_rule {
	VR_ARM_WA2_V3,		/* 5.3 rule without the stray-bit check */
	VR_ARM_WA2_53,		/* 5.3-5.9: levels 0..3, per-vCPU flag */
	VR_ARM_WA2_510,		/* 5.10+: map {0,1}->0, {2,3}->3, no state */
};

/* One kernel generation.  src/arm/profile.c holds the table. */
struct vr_arm_profile_desc {
	const char *name;
	const char *summary;
	const u64 *fw_ids;		/* KVM_GET_REG_LIST order */
	unsigned int nfw;
	int unknown_errno;		/* unknown FW id: -EINVAL (v3), -ENOENT */
	enum vr_arm_wa1_rule wa1;
	enum vr_arm_wa2_rule wa2;
	bool host_53;			/* host described by bp_harden/ssbd */
	bool has_wa3;
	unsigned int nbmap;		/* bitmap registers: 0, 3 or 4 */
	bool size_check;		/* 2023: size in id != 8 -> -ENOENT first */
	bool vm_wide_features;		/* all vCPUs must share their features */
	const u32 *psci_02;		/* versions a PSCI_0_2 vCPU may set */
	unsigned int npsci_02;
	u32 psci_latest;		/* GET when user space never set one */
	long wa1_unaffected_ret;	/* ARCH_FEATURES(WA1) when unaffected */
};

extern const struct vr_arm_profile_desc vr_arm_profiles[VR_ARM_NR_PROFILES];

/* kvm->arch.smccc_feat; unused bitmaps of older profiles stay 0. */
struct kvm_smccc_features {
	unsigned long std_bmap;
	unsigned long std_hyp_bmap;
	unsigned long vendor_hyp_bmap;
	unsigned long vendor_hyp_bmap_2;
};

#define KVM_ARCH_FLAG_HAS_RAN_ONCE		2
#define KVM_ARCH_FLAG_VCPU_FEATURES_CONFIGURED	3

struct kvm_arch {
	u32 psci_version;		/* 0: never set, GET gives the latest */
	unsigned long flags;		/* KVM_ARCH_FLAG_* bits */
	unsigned long vcpu_features;	/* VM-wide copy (6.15 profile) */
	struct kvm_smccc_features smccc_feat;
};

/* vcpu->arch.workaround_flags (5.3) */
#define VCPU_WORKAROUND_2_FLAG	(1UL << 0)

struct kvm_vcpu_arch {
	unsigned long features;		/* KVM_ARM_VCPU_* bits */
	bool initialized;		/* KVM_ARM_VCPU_INIT succeeded */
	bool has_run_once;
	u64 workaround_flags;
};

struct kvm_vcpu {
	struct kvm *kvm;
	unsigned int vcpu_id;
	struct kvm_vcpu_arch arch;
};

struct kvm {
	struct kvm_arch arch;
	/* virtref's own: the inputs and the knobs */
	const struct vr_arm_profile_desc *prof;
	enum vr_arm_profile profile;
	struct vr_arm_host host;
	unsigned int nr_vcpus;
	struct kvm_vcpu *vcpus[VR_ARM_MAX_VCPUS];
	unsigned int uaccess_fail_nth;	/* 0: disarmed */
	u64 stack_overflow;		/* see vr_arm_stack_overflow() */
	const char *reason;		/* see vr_arm_last_reason() */
};

/*
 * The bitmap registers: where each lives, what it may hold, its reset
 * value.  Index r is KVM_REG_ARM_FW_FEAT_BMAP_REG(r).
 */
struct vr_arm_bmap_desc {
	u64 id;
	const char *name;
	unsigned long supported;	/* KVM_ARM_SMCCC_*_FEATURES */
	unsigned long reset;
	size_t offset;			/* in struct kvm_smccc_features */
};

extern const struct vr_arm_bmap_desc vr_arm_bmaps[4];

static inline unsigned long *vr_arm_bmap_ptr(struct kvm *kvm, unsigned int r)
{
	return (unsigned long *)(void *)((char *)&kvm->arch.smccc_feat +
					 vr_arm_bmaps[r].offset);
}

/* Index of a bitmap id among the profile's bitmaps, or -1. */
int vr_arm_bmap_index(const struct kvm *kvm, u64 id);

/*
 * User copies.  Each returns the number of bytes NOT copied, as the
 * kernel's do: a NULL address, or the armed fail-nth knob, copies nothing.
 */
unsigned long vr_arm_copy_to_user(struct kvm *kvm, void __user *to,
				  const void *from, unsigned long n);
/*
 * Copies min(@n, @dst_size) bytes; when @n is larger the kernel would
 * have overrun its destination, and the excess is recorded in
 * kvm->stack_overflow instead.
 */
unsigned long vr_arm_copy_from_user(struct kvm *kvm, void *to, size_t dst_size,
				    const void __user *from, unsigned long n);
int vr_arm_put_user(struct kvm *kvm, u64 val, u64 __user *to);

/*
 * The host state the kernel functions of each family read:
 * kvm_arm_harden_branch_predictor(), kvm_arm_have_ssbd(),
 * arm64_get_spectre_{v2,v4,bhb}_state() and the SSBS capability.
 * The host is per VM here because virtref has no global state.
 */
static inline bool vr_arm_ssbd_dynamic(const struct kvm *kvm)
{
	return kvm->prof->host_53 && kvm->host.ssbd == VR_ARM_SSBD_KERNEL;
}

/* Records why a get/set refused and returns @err. */
static inline int vr_arm_refuse(struct kvm_vcpu *vcpu, int err, const char *why)
{
	vcpu->kvm->reason = why;
	return err;
}

static inline bool vcpu_has_feature(const struct kvm_vcpu *vcpu, int feature)
{
	return (vcpu->arch.features >> feature) & 1;
}

static inline bool kvm_vm_has_ran_once(const struct kvm *kvm)
{
	return (kvm->arch.flags >> KVM_ARCH_FLAG_HAS_RAN_ONCE) & 1;
}

/* include/kvm/arm_psci.h: the version a vCPU's PSCI calls follow. */
static inline u32 kvm_psci_version(const struct kvm_vcpu *vcpu)
{
	if (vcpu_has_feature(vcpu, KVM_ARM_VCPU_PSCI_0_2)) {
		if (vcpu->kvm->arch.psci_version)
			return vcpu->kvm->arch.psci_version;
		return vcpu->kvm->prof->psci_latest;
	}
	return KVM_ARM_PSCI_0_1;
}

/* Level of a workaround register on this host (hypercalls.c). */
int vr_arm_wa_level(const struct kvm *kvm, u64 regid);

#endif
