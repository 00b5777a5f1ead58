// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The host: what its CPUs and firmware do about Spectre v2 (WA1),
 * Spectre v4 / SSB (WA2) and Spectre-BHB (WA3), turned into the two
 * things a guest can observe -- the level the firmware registers report
 * and the SMCCC_ARCH_FEATURES answer -- which always agree.
 *
 * Level = "how much protection does the firmware interface give", with
 * higher numbers better, so that "no downgrade" on restore is a
 * comparison.  Two generations of host description:
 *
 * 5.3 (virt/kvm/arm/psci.c get_kernel_wa_level()):
 *   WA1  BP_HARDEN_UNKNOWN 0, WA_NEEDED 1, NOT_REQUIRED 2
 *   WA2  SSBD_FORCE_DISABLE 0, UNKNOWN 1, KERNEL 2 (dynamic),
 *        FORCE_ENABLE 3, MITIGATED 3
 * 5.10+ (arch/arm64/kvm/hypercalls.c get_kernel_wa_level()):
 *   WA1, WA3  vulnerable 0, mitigated 1, unaffected 2
 *   WA2  vulnerable 0; mitigated with SSBS on every CPU 0 (the guest
 *        uses SSBS itself and KVM pretends there is no firmware call);
 *        mitigated without SSBS 3; unaffected 3.  Never 1 or 2.
 */
#include "arm_internal.h"

static int wa1_level_53(enum vr_arm_bp_harden bp)
{
	switch (bp) {
	case VR_ARM_BP_HARDEN_WA_NEEDED:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL;
	case VR_ARM_BP_HARDEN_NOT_REQUIRED:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED;
	case VR_ARM_BP_HARDEN_UNKNOWN:
	default:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL;
	}
}

static int wa2_level_53(enum vr_arm_ssbd ssbd)
{
	switch (ssbd) {
	case VR_ARM_SSBD_FORCE_DISABLE:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL;
	case VR_ARM_SSBD_KERNEL:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL;
	case VR_ARM_SSBD_FORCE_ENABLE:
	case VR_ARM_SSBD_MITIGATED:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED;
	case VR_ARM_SSBD_UNKNOWN:
	default:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_UNKNOWN;
	}
}

/* WA1 and WA3 share their numbering: 0 NOT_AVAIL, 1 AVAIL, 2 NOT_REQUIRED. */
static int spectre_level(enum vr_arm_spectre s)
{
	switch (s) {
	case VR_ARM_SPECTRE_MITIGATED:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL;
	case VR_ARM_SPECTRE_UNAFFECTED:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED;
	case VR_ARM_SPECTRE_VULNERABLE:
	default:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL;
	}
}

static int wa2_level_510(const struct vr_arm_host *h)
{
	switch (h->spectre_v4) {
	case VR_ARM_SPECTRE_MITIGATED:
		if (h->ssbs)
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL;
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED;
	case VR_ARM_SPECTRE_UNAFFECTED:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED;
	case VR_ARM_SPECTRE_VULNERABLE:
	default:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL;
	}
}

int vr_arm_wa_level(const struct kvm *kvm, u64 regid)
{
	const struct vr_arm_host *h = &kvm->host;
	bool h53 = kvm->prof->host_53;

	switch (regid) {
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		return h53 ? wa1_level_53(h->bp_harden) : spectre_level(h->spectre_v2);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		return h53 ? wa2_level_53(h->ssbd) : wa2_level_510(h);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		if (!kvm->prof->has_wa3)
			return -EINVAL;
		return spectre_level(h->spectre_bhb);
	}
	return -EINVAL;
}

int vr_arm_host_level(const struct kvm *kvm, u64 id)
{
	if (!kvm)
		return -EINVAL;
	return vr_arm_wa_level(kvm, id);
}

/*
 * SMCCC_ARCH_FEATURES for the workaround calls, from the same host state:
 * level NOT_AVAIL/UNKNOWN -> NOT_SUPPORTED, AVAIL -> SUCCESS (the call is
 * offered and needed), NOT_REQUIRED -> NOT_REQUIRED, except that an
 * unaffected WA3 host, and from 5.17 an unaffected WA1 host, answer
 * SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED (1).  When WA1 switched from -2
 * to 1 between 5.10 and 5.17 is (unverified).
 */
long vr_arm_arch_features(struct kvm_vcpu *vcpu, u32 func_id)
{
	const struct kvm *kvm;
	int level;

	if (!vcpu)
		return SMCCC_RET_NOT_SUPPORTED;
	kvm = vcpu->kvm;
	switch (func_id) {
	case ARM_SMCCC_ARCH_WORKAROUND_1:
		level = vr_arm_wa_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1);
		if (level == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL)
			return SMCCC_RET_SUCCESS;
		if (level == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED)
			return kvm->prof->wa1_unaffected_ret;
		return SMCCC_RET_NOT_SUPPORTED;
	case ARM_SMCCC_ARCH_WORKAROUND_2:
		level = vr_arm_wa_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2);
		if (level == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL)
			return SMCCC_RET_SUCCESS;
		if (level == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED)
			return SMCCC_RET_NOT_REQUIRED;
		return SMCCC_RET_NOT_SUPPORTED;
	case ARM_SMCCC_ARCH_WORKAROUND_3:
		level = vr_arm_wa_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3);
		if (level == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_AVAIL)
			return SMCCC_RET_SUCCESS;
		if (level == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_REQUIRED)
			return SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED;
		return SMCCC_RET_NOT_SUPPORTED;
	}
	return SMCCC_RET_NOT_SUPPORTED;
}
