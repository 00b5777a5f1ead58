// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The ONE_REG dispatch of torvalds/linux arch/arm64/kvm/guest.c at v6.15,
 * reduced to the groups this model has: an id whose coprocessor field is KVM_REG_ARM_FW (or,
 * from 6.0, KVM_REG_ARM_FW_FEAT_BMAP) goes to the firmware functions.
 * Core, SVE, timer and system registers are outside the model and get
 * -ENOENT.  Before 6.0 a bitmap id is one of those: the kernel handed it
 * to the system-register table, which did not know it (-ENOENT), even on
 * the seed whose own unknown firmware ids got -EINVAL.  The reasons of
 * this file's refusals are derived by the caller (src/arm/arm.c), so
 * that the file compiles from include/ alone and a kernel copy can
 * replace it.
 */
#include <virtref/arm/kvm_host.h>
#include <virtref/linux/errno.h>

static bool is_fw_group(const struct kvm_vcpu *vcpu, u64 id)
{
	switch (id & KVM_REG_ARM_COPROC_MASK) {
	case KVM_REG_ARM_FW:
		return true;
	case KVM_REG_ARM_FW_FEAT_BMAP:
		return vr_arm_has_fw_feat_bmap(vcpu->kvm);
	}
	return false;
}

/* We currently use nothing arch-specific in upper 32 bits. */
static bool bad_arch(u64 id)
{
	return (id & ~KVM_REG_SIZE_MASK) >> 32 != KVM_REG_ARM64 >> 32;
}

int kvm_arm_get_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	if (bad_arch(reg->id))
		return -EINVAL;
	if (is_fw_group(vcpu, reg->id))
		return kvm_arm_get_fw_reg(vcpu, reg);
	return -ENOENT;
}

int kvm_arm_set_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	if (bad_arch(reg->id))
		return -EINVAL;
	if (is_fw_group(vcpu, reg->id))
		return kvm_arm_set_fw_reg(vcpu, reg);
	return -ENOENT;
}
