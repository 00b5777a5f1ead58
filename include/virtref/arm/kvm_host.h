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
 *          all at v6.15; vcpu->arch.workaround_flags, KVM_BP_HARDEN_*,
 *          KVM_SSBD_* and their accessors as at v5.3
 *          (arch/arm64/include/asm/kvm_host.h, asm/kvm_mmu.h).
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
#include <virtref/arm/spectre.h>
#include <virtref/linux/bitops.h>
#include <virtref/linux/maple_tree.h>
#include <virtref/linux/mutex.h>
#include <virtref/linux/types.h>
#include <virtref/linux/uaccess.h>

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
	struct mutex config_lock;	/* the bitmaps' writers hold it */
	struct maple_tree smccc_filter; /* 6.4: the SMCCC filter; calls are outside the model */
	u32 psci_version;		/* 0: never set, GET gives the latest */
	unsigned long flags;		/* KVM_ARCH_FLAG_* bits */
	unsigned long vcpu_features;	/* VM-wide copy; a bitmap in the kernel */
	struct kvm_smccc_features smccc_feat;
};

/* vcpu->arch.workaround_flags (v5.3) */
#define VCPU_WORKAROUND_2_FLAG (1UL << 0)

/* KVM_ARM_VCPU_* bits a vCPU may have: DECLARE_BITMAP(features, ...) */
#define KVM_VCPU_MAX_FEATURES 7

struct kvm_vcpu_arch {
	unsigned long features[BITS_TO_LONGS(KVM_VCPU_MAX_FEATURES)];
	bool initialized; /* VCPU_INITIALIZED in vcpu->arch.cflags */
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
	return test_bit(feature, vcpu->arch.features);
}

/**
 * kvm_arm_get_vcpu_workaround_2_flag() - whether @vcpu's SSB mitigation is on
 * @vcpu: the vCPU
 *
 * The 5.3 family's per-vCPU state of a dynamic-SSBD host.
 *
 * Return: true when it is on.
 */
static inline bool kvm_arm_get_vcpu_workaround_2_flag(const struct kvm_vcpu *vcpu)
{
	return vcpu->arch.workaround_flags & VCPU_WORKAROUND_2_FLAG;
}

/**
 * kvm_arm_set_vcpu_workaround_2_flag() - switches @vcpu's SSB mitigation
 * @vcpu: the vCPU
 * @flag: on or off
 */
static inline void kvm_arm_set_vcpu_workaround_2_flag(struct kvm_vcpu *vcpu, bool flag)
{
	if (flag)
		vcpu->arch.workaround_flags |= VCPU_WORKAROUND_2_FLAG;
	else
		vcpu->arch.workaround_flags &= ~VCPU_WORKAROUND_2_FLAG;
}

/* The 5.3 family's description of the host (virtref/arm/hw.h). */
#define KVM_BP_HARDEN_UNKNOWN -1
#define KVM_BP_HARDEN_WA_NEEDED 0
#define KVM_BP_HARDEN_NOT_REQUIRED 1

#define KVM_SSBD_UNKNOWN -1
#define KVM_SSBD_FORCE_DISABLE 0
#define KVM_SSBD_KERNEL 1
#define KVM_SSBD_FORCE_ENABLE 2
#define KVM_SSBD_MITIGATED 3

/**
 * kvm_arm_harden_branch_predictor() - the host's Spectre v2 state, 5.3 family
 *
 * The host of the VM whose firmware registers are being accessed on the
 * calling thread (virtref/context.h); outside such an access WARN_ON()
 * fires and the state is unknown.
 *
 * Return: KVM_BP_HARDEN_UNKNOWN, _WA_NEEDED or _NOT_REQUIRED.
 */
VR_API int kvm_arm_harden_branch_predictor(void);

/**
 * kvm_arm_have_ssbd() - the host's Spectre v4 (SSB) state, 5.3 family
 *
 * The host as for kvm_arm_harden_branch_predictor().
 *
 * Return: KVM_SSBD_UNKNOWN, _FORCE_DISABLE, _KERNEL (dynamic: per vCPU),
 * _FORCE_ENABLE or _MITIGATED.
 */
VR_API int kvm_arm_have_ssbd(void);

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
 * The other rules a kernel tree fixes at build time and a virtref VM
 * takes from its profile (docs/arm.md), as hooks for the kernel files.
 */

/**
 * vr_arm_has_fw_reg() - whether the VM's kernel generation has a firmware register
 * @kvm: the VM
 * @id: a KVM_REG_ARM_FW or KVM_REG_ARM_FW_FEAT_BMAP id
 *
 * Return: true when KVM_GET_REG_LIST lists it.
 */
VR_API bool vr_arm_has_fw_reg(const struct kvm *kvm, u64 id);

/**
 * vr_arm_fw_reg_size_check() - whether SET refuses an id whose size is not 8 bytes
 * @kvm: the VM
 *
 * Return: true from the 2023 fix "KVM: arm64: Fix buffer overflow in
 * kvm_arm_set_fw_reg()" on.
 */
VR_API bool vr_arm_fw_reg_size_check(const struct kvm *kvm);

/**
 * vr_arm_psci_latest() - KVM_ARM_PSCI_LATEST of the VM's kernel generation
 * @kvm: the VM
 *
 * Return: the newest PSCI version it implements.
 */
VR_API u32 vr_arm_psci_latest(const struct kvm *kvm);

/**
 * vr_arm_fw_unknown_errno() - what an unknown firmware register id gets
 * @kvm: the VM
 *
 * Return: -ENOENT; -EINVAL on the seed series v3.
 */
VR_API int vr_arm_fw_unknown_errno(const struct kvm *kvm);

/**
 * vr_arm_wa1_exact() - whether a WORKAROUND_1 restore must be the host's exact level
 * @kvm: the VM
 *
 * Return: true on the seed series v3 (v5 relaxed it to "no downgrade").
 */
VR_API bool vr_arm_wa1_exact(const struct kvm *kvm);

/**
 * vr_arm_wa2_stray_check() - whether a WORKAROUND_2 restore refuses stray bits first
 * @kvm: the VM
 *
 * Return: true from v4 of the seed series on.
 */
VR_API bool vr_arm_wa2_stray_check(const struct kvm *kvm);

/*
 * They return 0 or a negative errno exactly as the kernel generation of
 * the VM's profile does.  Their user copies go through
 * virtref/linux/uaccess.h: when the calling thread's context has user
 * memory (virtref/context.h) reg->addr is an address in it; otherwise it
 * is a pointer into the caller's memory cast to u64, and 0 faults.
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
 * kvm_arm_teardown_hypercalls() - frees what kvm_arm_init_hypercalls() set up
 * @kvm: the VM, at destruction
 */
VR_API void kvm_arm_teardown_hypercalls(struct kvm *kvm);

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

/*
 * One library holds three kernel generations of the functions above:
 * virt/kvm/arm/psci.c at v5.2 (src/arm/psci_5_2.c) and at v5.3
 * (src/arm/psci.c), and arch/arm64/kvm/hypercalls.c
 * (src/arm/hypercalls.c).  The build gives each file's kvm_arm_*()
 * definitions these names, a port of any of them too, and the kernel
 * names call the generation of the VM's profile.
 * They are what a replaced file and the rest of the static archive link
 * through; call the kernel names instead.
 */
VR_API int vr_arm_psci_5_2_get_fw_num_regs(struct kvm_vcpu *vcpu);
VR_API int vr_arm_psci_5_2_copy_fw_reg_indices(struct kvm_vcpu *vcpu, u64 __user *uindices);
VR_API int vr_arm_psci_5_2_get_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
VR_API int vr_arm_psci_5_2_set_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
VR_API int vr_arm_psci_get_fw_num_regs(struct kvm_vcpu *vcpu);
VR_API int vr_arm_psci_copy_fw_reg_indices(struct kvm_vcpu *vcpu, u64 __user *uindices);
VR_API int vr_arm_psci_get_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
VR_API int vr_arm_psci_set_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
VR_API void vr_arm_hypercalls_init_hypercalls(struct kvm *kvm);
VR_API void vr_arm_hypercalls_teardown_hypercalls(struct kvm *kvm);
VR_API int vr_arm_hypercalls_get_fw_num_regs(struct kvm_vcpu *vcpu);
VR_API int vr_arm_hypercalls_copy_fw_reg_indices(struct kvm_vcpu *vcpu, u64 __user *uindices);
VR_API int vr_arm_hypercalls_get_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
VR_API int vr_arm_hypercalls_set_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);

#endif
