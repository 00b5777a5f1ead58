// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The firmware pseudo-registers before the seed series (Linux 4.16 to
 * 5.2), mirroring the firmware-register part of torvalds/linux
 * virt/kvm/arm/psci.c at v5.2, as the seed's v6 patch 2/3 shows it
 * before its change ("KVM: arm/arm64: Add save/restore support for
 * firmware workaround state"): one register, PSCI_VERSION, and -EINVAL
 * for every other firmware id.  The workaround state of a guest is not
 * visible to user space at all, so a VMM cannot save it.
 *
 * The PSCI calls themselves are outside the model.  The file compiles
 * from include/ alone, so that a kernel tree's copy can replace it.
 */
#include <virtref/arm/arm_psci.h>
#include <virtref/arm/kvm_host.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/uaccess.h>

int kvm_arm_get_fw_num_regs(struct kvm_vcpu *vcpu)
{
	(void)vcpu;
	return 1; /* the PSCI version */
}

int kvm_arm_copy_fw_reg_indices(struct kvm_vcpu *vcpu, u64 __user *uindices)
{
	(void)vcpu;
	if (put_user(KVM_REG_ARM_PSCI_VERSION, uindices))
		return -EFAULT;
	return 0;
}

int kvm_arm_get_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	if (reg->id == KVM_REG_ARM_PSCI_VERSION) {
		void __user *uaddr = (void __user *)(uintptr_t)reg->addr;
		u64 val = kvm_psci_version(vcpu, vcpu->kvm);

		if (copy_to_user(uaddr, &val, KVM_REG_SIZE(reg->id)))
			return -EFAULT;
		return 0;
	}
	return -EINVAL;
}

int kvm_arm_set_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	if (reg->id == KVM_REG_ARM_PSCI_VERSION) {
		void __user *uaddr = (void __user *)(uintptr_t)reg->addr;
		bool wants_02;
		u64 val = 0;

		/* Only this register is copied in: any other id is refused first. */
		if (copy_from_user(&val, uaddr, KVM_REG_SIZE(reg->id)))
			return -EFAULT;

		wants_02 = vcpu_has_feature(vcpu, KVM_ARM_VCPU_PSCI_0_2);

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
	}
	return -EINVAL;
}
