/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The kernel's VM and vCPU objects, for the fields the firmware
 * registers touch, and the kernel-named functions of the arm model.
 *
 * mirrors: torvalds/linux include/linux/kvm_host.h (struct kvm, struct
 *          kvm_vcpu, kvm_get_vcpu()),
 *          arch/arm64/include/asm/kvm_host.h (struct kvm_arch,
 *          struct kvm_vcpu_arch, struct kvm_smccc_features,
 *          KVM_ARCH_FLAG_*, kvm_arm_get_reg()/kvm_arm_set_reg()),
 *          include/kvm/arm_hypercalls.h (the kvm_arm_*_fw_* functions),
 *          all at v6.15; vcpu->arch.workaround_flags as at v5.3.
 *
 * Where the kernel keeps a field in another form (a bitmap, an xarray,
 * an atomic) the comment says so.  A translation unit includes one
 * model's kernel headers only.
 */
#ifndef VIRTREF_ARM_KVM_HOST_H
#define VIRTREF_ARM_KVM_HOST_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/arm/kvm.h>
#include <virtref/linux/types.h>

#define KVM_MAX_VCPUS 8

/* kvm->arch.smccc_feat; unused bitmaps of older profiles stay 0. */
struct kvm_smccc_features {
	unsigned long std_bmap;
	unsigned long std_hyp_bmap;
	unsigned long vendor_hyp_bmap;
	unsigned long vendor_hyp_bmap_2;
};

#define KVM_ARCH_FLAG_HAS_RAN_ONCE 2
#define KVM_ARCH_FLAG_VCPU_FEATURES_CONFIGURED 3

struct kvm_arch {
	u32 psci_version;	     /* 0: never set, GET gives the latest */
	unsigned long flags;	     /* KVM_ARCH_FLAG_* bits */
	unsigned long vcpu_features; /* VM-wide copy; a bitmap in the kernel */
	struct kvm_smccc_features smccc_feat;
};

/* vcpu->arch.workaround_flags (v5.3) */
#define VCPU_WORKAROUND_2_FLAG (1UL << 0)

struct kvm_vcpu_arch {
	unsigned long features; /* KVM_ARM_VCPU_* bits; a bitmap in the kernel */
	bool initialized;	/* VCPU_INITIALIZED in vcpu->arch.cflags */
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
	int online_vcpus;		       /* atomic_t in the kernel */
	struct kvm_vcpu *vcpus[KVM_MAX_VCPUS]; /* an xarray in the kernel */
};

/**
 * kvm_get_vcpu() - the vCPU with index @i
 * @kvm: the VM
 * @i: vCPU index
 *
 * Return: the vCPU, or NULL when @i names none.
 */
static inline struct kvm_vcpu *kvm_get_vcpu(struct kvm *kvm, int i)
{
	if (i < 0 || i >= kvm->online_vcpus)
		return NULL;
	return kvm->vcpus[i];
}

/**
 * vcpu_has_feature() - whether KVM_ARM_VCPU_INIT gave @vcpu a feature
 * @vcpu: the vCPU
 * @feature: KVM_ARM_VCPU_* bit number
 *
 * Return: true when it has it.
 */
static inline bool vcpu_has_feature(const struct kvm_vcpu *vcpu, int feature)
{
	return (vcpu->arch.features >> feature) & 1;
}

/**
 * kvm_vm_has_ran_once() - whether a vCPU of @kvm has run
 * @kvm: the VM
 *
 * Return: true once one has.
 */
static inline bool kvm_vm_has_ran_once(const struct kvm *kvm)
{
	return (kvm->arch.flags >> KVM_ARCH_FLAG_HAS_RAN_ONCE) & 1;
}

/**
 * vr_arm_has_fw_feat_bmap() - whether the VM's kernel generation has the
 * KVM_REG_ARM_FW_FEAT_BMAP register group (6.0 and later)
 * @kvm: the VM
 *
 * The profile rule guest.c's dispatch reaches, as a hook: a kernel tree
 * has the group or not at build time.
 *
 * Return: true when it has it.
 */
VR_API bool vr_arm_has_fw_feat_bmap(const struct kvm *kvm);

/*
 * They return 0 or a negative errno exactly as the kernel generation of
 * the VM's profile does.  reg->addr is a pointer into the caller's memory
 * cast to u64; 0 faults.
 */

/**
 * kvm_arm_init_hypercalls() - a new VM's hypercall services: every supported one on
 * @kvm: the VM, at creation
 *
 * Sets the feature bitmaps the VM's kernel generation has to their reset
 * values (VENDOR_HYP_BMAP_2 stays 0).
 */
VR_API void kvm_arm_init_hypercalls(struct kvm *kvm);

/**
 * kvm_arm_get_fw_num_regs() - how many firmware registers KVM_GET_REG_LIST lists
 * @vcpu: the vCPU
 *
 * Return: the count (3, 4, 7 or 8 by profile).
 */
VR_API int kvm_arm_get_fw_num_regs(struct kvm_vcpu *vcpu);

/**
 * kvm_arm_copy_fw_reg_indices() - copy the firmware register ids out
 * @vcpu: the vCPU
 * @uindices: user array of kvm_arm_get_fw_num_regs() ids
 *
 * Return: 0; -EFAULT (a put_user() faulted).
 */
VR_API int kvm_arm_copy_fw_reg_indices(struct kvm_vcpu *vcpu, u64 __user *uindices);

/**
 * kvm_arm_get_fw_reg() - read a firmware register
 * @vcpu: the vCPU
 * @reg: id and user address
 *
 * Return: 0; -ENOENT (unknown id; -EINVAL on the seed v3); -EFAULT.
 */
VR_API int kvm_arm_get_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);

/**
 * kvm_arm_set_fw_reg() - write a firmware register (a restore)
 * @vcpu: the vCPU
 * @reg: id and user address
 *
 * Return: 0; -EINVAL (a value this host cannot honour); -ENOENT (unknown
 * id, or from 2023 a size field other than 8 bytes; -EINVAL on the seed
 * v3); -EBUSY (a bitmap changed after the VM ran); -EFAULT.
 */
VR_API int kvm_arm_set_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);

/**
 * kvm_arm_get_reg() - the KVM_GET_ONE_REG dispatch, firmware groups only
 * @vcpu: the vCPU
 * @reg: id and user address
 *
 * Return: -EINVAL (arch field); -ENOENT (a group outside the model);
 * whatever kvm_arm_get_fw_reg() returns.
 */
VR_API int kvm_arm_get_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);

/**
 * kvm_arm_set_reg() - the KVM_SET_ONE_REG dispatch, firmware groups only
 * @vcpu: the vCPU
 * @reg: id and user address
 *
 * Return: -EINVAL (arch field); -ENOENT (a group outside the model);
 * whatever kvm_arm_set_fw_reg() returns.
 */
VR_API int kvm_arm_set_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);

#endif
