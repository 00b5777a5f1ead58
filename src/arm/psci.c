// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The firmware pseudo-registers of the 5.3 family (the seed series v3
 * and Linux 5.3), mirroring the firmware-register part of torvalds/linux
 * virt/kvm/arm/psci.c at v5.3: three registers, a host described by
 * kvm_arm_harden_branch_predictor() and kvm_arm_have_ssbd(), and a
 * WORKAROUND_2 that restores the source vCPU's own mitigation state on a
 * dynamic-SSBD host.  What the seed series did differently is asked of
 * the VM's profile through the hooks in virtref/arm/kvm_host.h.
 *
 * The PSCI calls themselves are outside the model.  The file compiles
 * from include/ alone, so that a kernel tree's copy can replace it; the
 * reasons of its refusals are derived by the caller (src/arm/reason.c).
 */
#include <virtref/arm/arm-smccc.h>
#include <virtref/arm/arm_psci.h>
#include <virtref/arm/kvm_host.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/uaccess.h>

int kvm_arm_get_fw_num_regs(struct kvm_vcpu *vcpu)
{
	(void)vcpu;
	return 3; /* PSCI version and two workaround registers */
}

int kvm_arm_copy_fw_reg_indices(struct kvm_vcpu *vcpu, u64 __user *uindices)
{
	static const u64 ids[] = {
		KVM_REG_ARM_PSCI_VERSION,
		KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
		KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
	};
	/* User addresses are numbers: a faulting one is never C pointer arithmetic. */
	uintptr_t uaddr = (uintptr_t)uindices;
	unsigned int i;

	(void)vcpu;
	for (i = 0; i < ARRAY_SIZE(ids); i++)
		if (put_user(ids[i], (u64 __user *)(uaddr + i * sizeof(u64))))
			return -EFAULT;
	return 0;
}

#define KVM_REG_FEATURE_LEVEL_WIDTH 4
#define KVM_REG_FEATURE_LEVEL_MASK (BIT(KVM_REG_FEATURE_LEVEL_WIDTH) - 1)

/* The workaround level as a number where higher means better protected. */
static int get_kernel_wa_level(u64 regid)
{
	switch (regid) {
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		switch (kvm_arm_harden_branch_predictor()) {
		case KVM_BP_HARDEN_WA_NEEDED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL;
		case KVM_BP_HARDEN_NOT_REQUIRED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED;
		}
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		switch (kvm_arm_have_ssbd()) {
		case KVM_SSBD_FORCE_DISABLE:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL;
		case KVM_SSBD_KERNEL:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL;
		case KVM_SSBD_FORCE_ENABLE:
		case KVM_SSBD_MITIGATED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED;
		}
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_UNKNOWN;
	}
	return -EINVAL;
}

int kvm_arm_get_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	void __user *uaddr = (void __user *)(uintptr_t)reg->addr;
	u64 val;

	switch (reg->id) {
	case KVM_REG_ARM_PSCI_VERSION:
		val = kvm_psci_version(vcpu, vcpu->kvm);
		break;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		val = (u64)get_kernel_wa_level(reg->id) & KVM_REG_FEATURE_LEVEL_MASK;
		break;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		val = (u64)get_kernel_wa_level(reg->id) & KVM_REG_FEATURE_LEVEL_MASK;
		/* A dynamic host reports the vCPU's own state. */
		if (val == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL &&
		    kvm_arm_get_vcpu_workaround_2_flag(vcpu))
			val |= KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED;
		break;
	default:
		return vr_arm_fw_unknown_errno(vcpu->kvm);
	}

	if (copy_to_user(uaddr, &val, KVM_REG_SIZE(reg->id)))
		return -EFAULT;

	return 0;
}

static int set_wa1(struct kvm_vcpu *vcpu, u64 val)
{
	/* The seed (v3) as posted; v5 relaxed it to the checks below. */
	if (vr_arm_wa1_exact(vcpu->kvm))
		return val == (u64)get_kernel_wa_level(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1)
			       ? 0
			       : -EINVAL;

	if (val & ~KVM_REG_FEATURE_LEVEL_MASK)
		return -EINVAL;

	if ((u64)get_kernel_wa_level(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1) < val)
		return -EINVAL;

	return 0;
}

static int set_wa2(struct kvm_vcpu *vcpu, u64 val)
{
	int wa_level;

	/* v4 added this check; the seed (v3) relied on the ones below. */
	if (vr_arm_wa2_stray_check(vcpu->kvm) &&
	    (val & ~(KVM_REG_FEATURE_LEVEL_MASK | KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED)))
		return -EINVAL;

	wa_level = (int)(val & KVM_REG_FEATURE_LEVEL_MASK);

	if (get_kernel_wa_level(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2) < wa_level)
		return -EINVAL;

	/* The enabled bit must not be set unless the level is AVAIL. */
	if (wa_level != KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL && (u64)wa_level != val)
		return -EINVAL;

	/* Are we finished or do we need to check the enable bit? */
	if (kvm_arm_have_ssbd() != KVM_SSBD_KERNEL)
		return 0;

	/* A dynamic host keeps the mitigation per vCPU: restore the source's. */
	switch (wa_level) {
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL:
		kvm_arm_set_vcpu_workaround_2_flag(
			vcpu, val & KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED);
		break;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED:
		kvm_arm_set_vcpu_workaround_2_flag(vcpu, true);
		break;
	}
	return 0;
}

int kvm_arm_set_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	void __user *uaddr = (void __user *)(uintptr_t)reg->addr;
	u64 val = 0;

	/* Before the 2023 fix the id's size, whatever it was, was copied into @val. */
	if (copy_from_user(&val, uaddr, KVM_REG_SIZE(reg->id)))
		return -EFAULT;

	switch (reg->id) {
	case KVM_REG_ARM_PSCI_VERSION: {
		bool wants_02 = vcpu_has_feature(vcpu, KVM_ARM_VCPU_PSCI_0_2);

		switch (val) {
		case KVM_ARM_PSCI_0_1:
			if (wants_02)
				return -EINVAL;
			vcpu->kvm->arch.psci_version = (u32)val;
			return 0;
		case KVM_ARM_PSCI_0_2:
		case KVM_ARM_PSCI_1_0:
			if (!wants_02)
				return -EINVAL;
			vcpu->kvm->arch.psci_version = (u32)val;
			return 0;
		}
		break;
	}
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		return set_wa1(vcpu, val);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		return set_wa2(vcpu, val);
	default:
		return vr_arm_fw_unknown_errno(vcpu->kvm);
	}

	return -EINVAL;
}
