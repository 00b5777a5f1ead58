// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Why the kernel refused a GET or SET of a firmware register.  The
 * kernel files answer with an errno only (they compile from include/
 * alone, so that a kernel tree's copy can replace them); the sentence
 * is derived here from the call, the errno and the state after it, which
 * a refusal leaves as it was.  The checks are replayed in the order the
 * VM's generation makes them (psci.c or hypercalls.c), which is what
 * decided the errno when several rules are broken.
 */
#include "arm_internal.h"

/* guest.c's dispatch: NULL when the id reaches the firmware functions. */
static const char *dispatch_reason(const struct kvm_vcpu *vcpu, u64 id)
{
	if ((id & ~KVM_REG_SIZE_MASK) >> 32 != KVM_REG_ARM64 >> 32)
		return "the id's arch field is not KVM_REG_ARM64";
	switch (id & KVM_REG_ARM_COPROC_MASK) {
	case KVM_REG_ARM_FW:
		return NULL;
	case KVM_REG_ARM_FW_FEAT_BMAP:
		if (vr_arm_has_fw_feat_bmap(vcpu->kvm))
			return NULL;
		break;
	}
	return "not a firmware register group (outside this model)";
}

static const char *unknown_reason(const struct kvm_vcpu *vcpu)
{
	const char *why = vri_arm_prof(vcpu->kvm)->unknown_why;

	return why ? why : "not a firmware register this kernel knows";
}

const char *vri_arm_get_reason(const struct kvm_vcpu *vcpu, u64 id, int err)
{
	const char *why = dispatch_reason(vcpu, id);

	if (why)
		return why;
	if (err == -EFAULT)
		return "copying the value out to user space faulted";
	return unknown_reason(vcpu);
}

static const char *psci_reason(const struct kvm_vcpu *vcpu, u64 val)
{
	const struct vri_arm_profile *p = vri_arm_prof(vcpu->kvm);
	bool wants_02 = vcpu_has_feature(vcpu, KVM_ARM_VCPU_PSCI_0_2);
	unsigned int i;

	if (val == KVM_ARM_PSCI_0_1 && wants_02)
		return "PSCI 0.1 on a vCPU created with KVM_ARM_VCPU_PSCI_0_2: its calls would "
		       "change meaning";
	for (i = 0; i < p->npsci_02; i++)
		if (val == p->psci_02[i] && !wants_02)
			return "a PSCI 0.2+ version on a vCPU without KVM_ARM_VCPU_PSCI_0_2: only "
			       "0.1 is possible there";
	return "not a PSCI version this kernel implements";
}

static const char *no_downgrade = "restoring would claim more protection than this host gives "
				  "(no downgrade)";

/* WORKAROUND_1, and from 5.17 WORKAROUND_3. */
static const char *wa_level_reason(const struct kvm_vcpu *vcpu, u64 val)
{
	if (vri_arm_prof(vcpu->kvm)->wa1_exact)
		return "the seed (v3) accepts only the host's exact level: an unknown state must "
		       "not move to a host that needs an active guest workaround";
	if (val & ~KVM_REG_FEATURE_LEVEL_MASK)
		return "bits above the 4-bit level are set";
	return no_downgrade;
}

static const char *wa2_reason(const struct kvm_vcpu *vcpu, u64 val)
{
	const struct vri_arm_profile *p = vri_arm_prof(vcpu->kvm);
	u64 level = val & KVM_REG_FEATURE_LEVEL_MASK;
	int host = vri_arm_wa_level(vcpu->kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2);

	if (p->wa2_stray_check &&
	    (val & ~(KVM_REG_FEATURE_LEVEL_MASK | KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED)))
		return "bits other than the level and ENABLED are set";
	if (p->host_53) {
		/* psci.c: the level first, then ENABLED, then nothing else is refused. */
		if ((u64)host < level)
			return no_downgrade;
		return "ENABLED (or another bit above the level) is set with a level other than "
		       "AVAIL";
	}
	/* hypercalls.c: ENABLED, then the level mapped to NOT_AVAIL or NOT_REQUIRED. */
	if ((val & KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED) &&
	    level != KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL)
		return "ENABLED is set with a level other than AVAIL";
	if (level > KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED)
		return "level above 3 is not defined";
	return "the source guest relied on a mitigation (mapped to NOT_REQUIRED) that this host "
	       "does not give";
}

static const char *bmap_reason(const struct kvm_vcpu *vcpu, u64 id, int err)
{
	int r = vri_arm_bmap_index(vcpu->kvm, id);

	if (r < 0)
		return unknown_reason(vcpu);
	if (err == -EBUSY)
		return "the bitmaps are read-only once a vCPU has run (writing the current value "
		       "is "
		       "still fine)";
	return "sets a service bit this kernel does not support";
}

const char *vri_arm_set_reason(const struct kvm_vcpu *vcpu, u64 id, u64 val, int err)
{
	const struct vri_arm_profile *p = vri_arm_prof(vcpu->kvm);
	const char *why = dispatch_reason(vcpu, id);

	if (why)
		return why;
	if (p->size_check && KVM_REG_SIZE(id) != sizeof(u64))
		return "the id's size field is not 8 bytes: refused before any copy";
	if (err == -EFAULT)
		return "copying the value in from user space faulted";
	if ((id & KVM_REG_ARM_COPROC_MASK) == KVM_REG_ARM_FW && !vr_arm_has_fw_reg(vcpu->kvm, id))
		return unknown_reason(vcpu);
	switch (id) {
	case KVM_REG_ARM_PSCI_VERSION:
		return psci_reason(vcpu, val);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		return wa_level_reason(vcpu, val);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		return wa_level_reason(vcpu, val);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		return wa2_reason(vcpu, val);
	}
	return bmap_reason(vcpu, id, err);
}
