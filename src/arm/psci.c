// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The firmware-register code paths of the 5.3 family (the seed series v3
 * and Linux 5.3), where the registers lived in torvalds/linux
 * virt/kvm/arm/psci.c at v5.3: the host described by
 * kvm_arm_harden_branch_predictor() and kvm_arm_have_ssbd(), and a
 * WORKAROUND_2 that restores the source vCPU's own mitigation state on a
 * dynamic-SSBD host.  The code shared with later kernels is in
 * hypercalls.c; a profile selects these paths through vri_arm_psci_ops.
 */
#include "arm_internal.h"

static int get_kernel_wa_level(const struct kvm *kvm, u64 regid)
{
	const struct vr_arm_host *h = &vri_arm_of(kvm)->host;

	switch (regid) {
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		switch (h->bp_harden) {
		case VR_ARM_BP_HARDEN_WA_NEEDED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL;
		case VR_ARM_BP_HARDEN_NOT_REQUIRED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED;
		case VR_ARM_BP_HARDEN_UNKNOWN:
		default:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL;
		}
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		switch (h->ssbd) {
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
	return -EINVAL;
}

static int set_wa2(struct kvm_vcpu *vcpu, u64 val)
{
	struct kvm *kvm = vcpu->kvm;
	int wa_level;

	/* v4 added this check; the seed (v3) relied on the ones below. */
	if (vri_arm_prof(kvm)->wa2_stray_check &&
	    (val & ~(KVM_REG_FEATURE_LEVEL_MASK | KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED)))
		return vri_arm_refuse(vcpu, -EINVAL,
				      "bits other than the level and ENABLED are set");

	wa_level = (int)(val & KVM_REG_FEATURE_LEVEL_MASK);

	if (get_kernel_wa_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2) < wa_level)
		return vri_arm_refuse(vcpu, -EINVAL,
				      "restoring would claim more protection than this host gives "
				      "(no downgrade)");

	/* The enabled bit must not be set unless the level is AVAIL. */
	if (wa_level != KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL && (u64)wa_level != val)
		return vri_arm_refuse(vcpu, -EINVAL,
				      "ENABLED (or another bit above the level) is set with a "
				      "level other than AVAIL");

	/* Are we finished or do we need to check the enable bit? */
	if (!vri_arm_ssbd_dynamic(kvm))
		return 0;

	/*
	 * A dynamic host keeps the mitigation per vCPU: restore the state the
	 * source vCPU had.  NOT_REQUIRED cannot get here (H = AVAIL < 3).
	 */
	switch (wa_level) {
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL:
		if (val & KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED)
			vcpu->arch.workaround_flags |= VCPU_WORKAROUND_2_FLAG;
		else
			vcpu->arch.workaround_flags &= ~VCPU_WORKAROUND_2_FLAG;
		break;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED:
		vcpu->arch.workaround_flags |= VCPU_WORKAROUND_2_FLAG;
		break;
	}
	return 0;
}

const struct vri_arm_fw_ops vri_arm_psci_ops = {
	.get_kernel_wa_level = get_kernel_wa_level,
	.set_wa2 = set_wa2,
};
