// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The firmware pseudo-registers of the 5.10 family (5.10 to mainline),
 * mirroring the firmware-register part of torvalds/linux
 * arch/arm64/kvm/hypercalls.c at v6.15: the host described by
 * arm64_get_spectre_*_state(), a WORKAROUND_2 that is only checked, and
 * from 6.0 the SMCCC feature bitmaps.  The registers a generation lacks
 * (WORKAROUND_3 before 5.17, the bitmaps before 6.0, VENDOR_HYP_BMAP_2
 * before 6.13) and the 2023 size check are asked of the VM's profile
 * through the hooks in virtref/arm/kvm_host.h.
 *
 * Why the rules look the way they do.  A guest learns at boot which
 * firmware workaround calls exist (SMCCC_ARCH_FEATURES) and relies on
 * that answer for as long as it runs.  When it is migrated, user space
 * saves these registers on the source and writes them on the destination;
 * the destination refuses any value that claims *more* protection than it
 * can give, because the guest would then skip a mitigation it needs.
 * Levels are numbered so that "more protection" is "larger number".
 *
 * The SMCCC calls themselves are outside the model.  The file compiles
 * from include/ alone, so that a kernel tree's copy can replace it; the
 * reasons of its refusals are derived by the caller (src/arm/reason.c)
 * from the kernel's order of checks, which decides the errno when
 * several rules are broken.
 */
#include <virtref/arm/arm-smccc.h>
#include <virtref/arm/arm_psci.h>
#include <virtref/arm/kvm_host.h>
#include <virtref/arm/spectre.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/uaccess.h>

#define KVM_ARM_SMCCC_STD_FEATURES GENMASK(KVM_REG_ARM_STD_BMAP_BIT_COUNT - 1, 0)
#define KVM_ARM_SMCCC_STD_HYP_FEATURES GENMASK(KVM_REG_ARM_STD_HYP_BMAP_BIT_COUNT - 1, 0)
#define KVM_ARM_SMCCC_VENDOR_HYP_FEATURES GENMASK(KVM_REG_ARM_VENDOR_HYP_BMAP_BIT_COUNT - 1, 0)
#define KVM_ARM_SMCCC_VENDOR_HYP_FEATURES_2 GENMASK(KVM_REG_ARM_VENDOR_HYP_BMAP_2_BIT_COUNT - 1, 0)

static const u64 kvm_arm_fw_reg_ids[] = {
	KVM_REG_ARM_PSCI_VERSION,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3,
	KVM_REG_ARM_STD_BMAP,
	KVM_REG_ARM_STD_HYP_BMAP,
	KVM_REG_ARM_VENDOR_HYP_BMAP,
	KVM_REG_ARM_VENDOR_HYP_BMAP_2,
};

void kvm_arm_init_hypercalls(struct kvm *kvm)
{
	struct kvm_smccc_features *smccc_feat = &kvm->arch.smccc_feat;

	mt_init(&kvm->arch.smccc_filter);
	if (!vr_arm_has_fw_feat_bmap(kvm))
		return;
	/* Every service on; VENDOR_HYP_BMAP_2 is not set here and stays 0. */
	smccc_feat->std_bmap = KVM_ARM_SMCCC_STD_FEATURES;
	smccc_feat->std_hyp_bmap = KVM_ARM_SMCCC_STD_HYP_FEATURES;
	smccc_feat->vendor_hyp_bmap = KVM_ARM_SMCCC_VENDOR_HYP_FEATURES;
}

void kvm_arm_teardown_hypercalls(struct kvm *kvm)
{
	mtree_destroy(&kvm->arch.smccc_filter);
}

int kvm_arm_get_fw_num_regs(struct kvm_vcpu *vcpu)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < ARRAY_SIZE(kvm_arm_fw_reg_ids); i++)
		n += vr_arm_has_fw_reg(vcpu->kvm, kvm_arm_fw_reg_ids[i]);
	return n;
}

int kvm_arm_copy_fw_reg_indices(struct kvm_vcpu *vcpu, u64 __user *uindices)
{
	/* User addresses are numbers: a faulting one is never C pointer arithmetic. */
	uintptr_t uaddr = (uintptr_t)uindices;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kvm_arm_fw_reg_ids); i++) {
		if (!vr_arm_has_fw_reg(vcpu->kvm, kvm_arm_fw_reg_ids[i]))
			continue;
		if (put_user(kvm_arm_fw_reg_ids[i], (u64 __user *)uaddr))
			return -EFAULT;
		uaddr += sizeof(u64);
	}
	return 0;
}

#define KVM_REG_FEATURE_LEVEL_MASK GENMASK(3, 0)

/*
 * The workaround level as a number where higher means better protected.
 * WA2: mitigated with SSBS on every CPU reads NOT_AVAIL (the guest uses
 * SSBS itself and KVM pretends there is no firmware call); never 1 or 2.
 */
static int get_kernel_wa_level(u64 regid)
{
	switch (regid) {
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		switch (arm64_get_spectre_v2_state()) {
		case SPECTRE_VULNERABLE:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL;
		case SPECTRE_MITIGATED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL;
		case SPECTRE_UNAFFECTED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED;
		}
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		switch (arm64_get_spectre_v4_state()) {
		case SPECTRE_MITIGATED:
			if (cpus_have_final_cap(ARM64_SSBS))
				return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL;
			fallthrough;
		case SPECTRE_UNAFFECTED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED;
		case SPECTRE_VULNERABLE:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL;
		}
		break;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		switch (arm64_get_spectre_bhb_state()) {
		case SPECTRE_VULNERABLE:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_AVAIL;
		case SPECTRE_MITIGATED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_AVAIL;
		case SPECTRE_UNAFFECTED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_REQUIRED;
		}
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_AVAIL;
	}
	return -EINVAL;
}

/* The bitmap register @reg_id lives in, and what it may hold; NULL for another id. */
static unsigned long *fw_reg_bmap(struct kvm *kvm, u64 reg_id, unsigned long *features)
{
	struct kvm_smccc_features *smccc_feat = &kvm->arch.smccc_feat;

	if (!vr_arm_has_fw_reg(kvm, reg_id))
		return NULL;
	switch (reg_id) {
	case KVM_REG_ARM_STD_BMAP:
		*features = KVM_ARM_SMCCC_STD_FEATURES;
		return &smccc_feat->std_bmap;
	case KVM_REG_ARM_STD_HYP_BMAP:
		*features = KVM_ARM_SMCCC_STD_HYP_FEATURES;
		return &smccc_feat->std_hyp_bmap;
	case KVM_REG_ARM_VENDOR_HYP_BMAP:
		*features = KVM_ARM_SMCCC_VENDOR_HYP_FEATURES;
		return &smccc_feat->vendor_hyp_bmap;
	case KVM_REG_ARM_VENDOR_HYP_BMAP_2:
		*features = KVM_ARM_SMCCC_VENDOR_HYP_FEATURES_2;
		return &smccc_feat->vendor_hyp_bmap_2;
	}
	return NULL;
}

int kvm_arm_get_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	void __user *uaddr = (void __user *)(uintptr_t)reg->addr;
	unsigned long features, *bmap;
	u64 val;

	switch (reg->id) {
	case KVM_REG_ARM_PSCI_VERSION:
		val = kvm_psci_version(vcpu);
		break;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		if (!vr_arm_has_fw_reg(vcpu->kvm, reg->id))
			return -ENOENT;
		fallthrough;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		val = (u64)get_kernel_wa_level(reg->id) & KVM_REG_FEATURE_LEVEL_MASK;
		break;
	default:
		bmap = fw_reg_bmap(vcpu->kvm, reg->id, &features);
		if (!bmap)
			return -ENOENT;
		val = READ_ONCE(*bmap);
		break;
	}

	if (copy_to_user(uaddr, &val, KVM_REG_SIZE(reg->id)))
		return -EFAULT;

	return 0;
}

static int kvm_arm_set_fw_reg_bmap(struct kvm_vcpu *vcpu, u64 reg_id, u64 val)
{
	struct kvm *kvm = vcpu->kvm;
	unsigned long fw_reg_features, *bmap = fw_reg_bmap(kvm, reg_id, &fw_reg_features);
	int ret = 0;

	if (!bmap)
		return -ENOENT;

	/* Check for unsupported bit */
	if (val & ~(u64)fw_reg_features)
		return -EINVAL;

	mutex_lock(&kvm->arch.config_lock);

	/* Read-only once a vCPU ran; writing the current value is fine. */
	if (kvm_vm_has_ran_once(kvm) && val != *bmap) {
		ret = -EBUSY;
		goto out;
	}

	WRITE_ONCE(*bmap, (unsigned long)val);
out:
	mutex_unlock(&kvm->arch.config_lock);
	return ret;
}

static int set_psci_version(struct kvm_vcpu *vcpu, u64 val)
{
	bool wants_02 = vcpu_has_feature(vcpu, KVM_ARM_VCPU_PSCI_0_2);

	switch (val) {
	case KVM_ARM_PSCI_0_1:
		if (wants_02)
			return -EINVAL;
		vcpu->kvm->arch.psci_version = (u32)val;
		return 0;
	case KVM_ARM_PSCI_0_2:
	case KVM_ARM_PSCI_1_0:
	case KVM_ARM_PSCI_1_1:
	case KVM_ARM_PSCI_1_2:
	case KVM_ARM_PSCI_1_3:
		/* Each generation lists the versions up to its latest. */
		if (val > vr_arm_psci_latest(vcpu->kvm))
			break;
		if (!wants_02)
			return -EINVAL;
		vcpu->kvm->arch.psci_version = (u32)val;
		return 0;
	}
	return -EINVAL;
}

int kvm_arm_set_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	void __user *uaddr = (void __user *)(uintptr_t)reg->addr;
	u64 val = 0;
	int wa_level;

	/* 2023, "KVM: arm64: Fix buffer overflow in kvm_arm_set_fw_reg()". */
	if (vr_arm_fw_reg_size_check(vcpu->kvm) && KVM_REG_SIZE(reg->id) != sizeof(val))
		return -ENOENT;
	if (copy_from_user(&val, uaddr, KVM_REG_SIZE(reg->id)))
		return -EFAULT;

	switch (reg->id) {
	case KVM_REG_ARM_PSCI_VERSION:
		return set_psci_version(vcpu, val);

	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		if (!vr_arm_has_fw_reg(vcpu->kvm, reg->id))
			return -ENOENT;
		fallthrough;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		/* The value is only checked: nothing is stored. */
		if (val & ~KVM_REG_FEATURE_LEVEL_MASK)
			return -EINVAL;

		if ((u64)get_kernel_wa_level(reg->id) < val)
			return -EINVAL;

		return 0;

	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		if (val &
		    ~(KVM_REG_FEATURE_LEVEL_MASK | KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED))
			return -EINVAL;

		/* The enabled bit must not be set unless the level is AVAIL. */
		if ((val & KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED) &&
		    (val & KVM_REG_FEATURE_LEVEL_MASK) != KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL)
			return -EINVAL;

		/* Map all the possible incoming states to the only two left. */
		switch (val & KVM_REG_FEATURE_LEVEL_MASK) {
		case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL:
		case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_UNKNOWN:
			wa_level = KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL;
			break;
		case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL:
		case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED:
			wa_level = KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED;
			break;
		default:
			return -EINVAL;
		}

		/* NOT_AVAIL can restore on NOT_REQUIRED, not the other way around. */
		if (get_kernel_wa_level(reg->id) < wa_level)
			return -EINVAL;

		return 0;
	}

	return kvm_arm_set_fw_reg_bmap(vcpu, reg->id, val);
}
