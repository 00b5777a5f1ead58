// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The firmware pseudo-registers, mirroring torvalds/linux
 * arch/arm64/kvm/hypercalls.c at v6.15 (virt/kvm/arm/psci.c at v5.3 held
 * the same functions): every generation's rules are rule fields of the
 * VM's profile (profile.c), and where a generation takes another code
 * path the profile's ops table selects it (psci.c for the 5.3 family).
 *
 * Why the rules look the way they do.  A guest learns at boot which
 * firmware workaround calls exist (SMCCC_ARCH_FEATURES) and relies on
 * that answer for as long as it runs.  When it is migrated, user space
 * saves these registers on the source and writes them on the destination;
 * the destination refuses any value that claims *more* protection than it
 * can give, because the guest would then skip a mitigation it needs.
 * Levels are numbered so that "more protection" is "larger number".
 *
 * Each refusal is annotated with vri_arm_refuse() so that explain
 * narration can say why; apart from that the code follows the kernel's
 * order of checks, which decides the errno when several rules are broken.
 */
#include <string.h>
#include "arm_internal.h"

/*
 * KVM_ARM_SMCCC_*_FEATURES = GENMASK(*_BIT_COUNT - 1, 0).
 * kvm_arm_init_hypercalls() sets the first three to everything
 * supported; VENDOR_HYP_BMAP_2 is not set there and stays 0.  Indexed by
 * r of KVM_REG_ARM_FW_FEAT_BMAP_REG(r).
 */
const struct vri_arm_bmap_desc vri_arm_bmaps[4] = {
    [0] =
	{
	    .id = KVM_REG_ARM_STD_BMAP,
	    .name = "STD_BMAP",
	    .supported = GENMASK(KVM_REG_ARM_STD_BMAP_BIT_COUNT - 1, 0),
	    .reset = GENMASK(KVM_REG_ARM_STD_BMAP_BIT_COUNT - 1, 0),
	    .offset = offsetof(struct kvm_smccc_features, std_bmap),
	},
    [1] =
	{
	    .id = KVM_REG_ARM_STD_HYP_BMAP,
	    .name = "STD_HYP_BMAP",
	    .supported = GENMASK(KVM_REG_ARM_STD_HYP_BMAP_BIT_COUNT - 1, 0),
	    .reset = GENMASK(KVM_REG_ARM_STD_HYP_BMAP_BIT_COUNT - 1, 0),
	    .offset = offsetof(struct kvm_smccc_features, std_hyp_bmap),
	},
    [2] =
	{
	    .id = KVM_REG_ARM_VENDOR_HYP_BMAP,
	    .name = "VENDOR_HYP_BMAP",
	    .supported = GENMASK(KVM_REG_ARM_VENDOR_HYP_BMAP_BIT_COUNT - 1, 0),
	    .reset = GENMASK(KVM_REG_ARM_VENDOR_HYP_BMAP_BIT_COUNT - 1, 0),
	    .offset = offsetof(struct kvm_smccc_features, vendor_hyp_bmap),
	},
    [3] =
	{
	    .id = KVM_REG_ARM_VENDOR_HYP_BMAP_2,
	    .name = "VENDOR_HYP_BMAP_2",
	    .supported = GENMASK(KVM_REG_ARM_VENDOR_HYP_BMAP_2_BIT_COUNT - 1, 0),
	    .reset = 0,
	    .offset = offsetof(struct kvm_smccc_features, vendor_hyp_bmap_2),
	},
};

int vri_arm_bmap_index(const struct kvm *kvm, u64 id)
{
	unsigned int r;

	for (r = 0; r < vri_arm_prof(kvm)->nbmap; r++)
		if (vri_arm_bmaps[r].id == id)
			return (int)r;
	return -1;
}

void kvm_arm_init_hypercalls(struct kvm *kvm)
{
	unsigned int i;

	for (i = 0; i < vri_arm_prof(kvm)->nbmap; i++)
		*vri_arm_bmap_ptr(kvm, i) = vri_arm_bmaps[i].reset;
}

int kvm_arm_get_fw_num_regs(struct kvm_vcpu *vcpu)
{
	return (int)vri_arm_prof(vcpu->kvm)->nfw;
}

int kvm_arm_copy_fw_reg_indices(struct kvm_vcpu *vcpu, u64 __user *uindices)
{
	const struct vri_arm_profile *p = vri_arm_prof(vcpu->kvm);
	unsigned int i;

	/*
	 * User addresses are numbers, as in the kernel: step them as integers
	 * so that a faulting (NULL) array is never pointer arithmetic in C.
	 */
	uintptr_t uaddr = (uintptr_t)uindices;

	for (i = 0; i < p->nfw; i++) {
		if (vri_arm_put_user(vcpu->kvm, p->fw_ids[i],
				     (u64 __user *)(uaddr + i * sizeof(u64))))
			return -EFAULT;
	}
	return 0;
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

/*
 * Higher = better protection; -EINVAL for an id that is no workaround.
 * WA2: mitigated with SSBS on every CPU reads NOT_AVAIL (the guest uses
 * SSBS itself and KVM pretends there is no firmware call); never 1 or 2.
 */
static int get_kernel_wa_level(const struct kvm *kvm, u64 regid)
{
	const struct vr_arm *arm = vri_arm_of(kvm);
	const struct vr_arm_host *h = &arm->host;

	switch (regid) {
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		return spectre_level(h->spectre_v2);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
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
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		if (!arm->prof->has_wa3)
			return -EINVAL;
		return spectre_level(h->spectre_bhb);
	}
	return -EINVAL;
}

static int unknown_reg(struct kvm_vcpu *vcpu)
{
	int err = vri_arm_prof(vcpu->kvm)->unknown_errno;

	return vri_arm_refuse(vcpu, err,
			      err == -EINVAL
				      ? "not a firmware register this kernel knows (the seed still "
					"answered -EINVAL; v4 changed it to -ENOENT)"
				      : "not a firmware register this kernel knows");
}

int kvm_arm_get_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	struct kvm *kvm = vcpu->kvm;
	void __user *uaddr = (void __user *)(uintptr_t)reg->addr;
	u64 val;
	int r;

	vri_arm_clear_reason(kvm);
	switch (reg->id) {
	case KVM_REG_ARM_PSCI_VERSION:
		val = kvm_psci_version(vcpu);
		break;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		if (!vri_arm_prof(kvm)->has_wa3)
			return unknown_reg(vcpu);
		__attribute__((__fallthrough__));
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		val = (u64)vri_arm_wa_level(kvm, reg->id) & KVM_REG_FEATURE_LEVEL_MASK;
		break;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		val = (u64)vri_arm_wa_level(kvm, reg->id) & KVM_REG_FEATURE_LEVEL_MASK;
		/*
		 * 5.3 family: a dynamic host reports the vCPU's own state (the
		 * flag is never set elsewhere, and AVAIL is a 5.3-family level).
		 */
		if (val == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL &&
		    (vcpu->arch.workaround_flags & VCPU_WORKAROUND_2_FLAG))
			val |= KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED;
		break;
	default:
		r = vri_arm_bmap_index(kvm, reg->id);
		if (r < 0)
			return unknown_reg(vcpu);
		val = *vri_arm_bmap_ptr(kvm, (unsigned int)r);
		break;
	}

	if (vri_arm_copy_to_user(kvm, uaddr, &val, KVM_REG_SIZE(reg->id)))
		return vri_arm_refuse(vcpu, -EFAULT, "copying the value out to user space faulted");

	return 0;
}

static int set_psci_version(struct kvm_vcpu *vcpu, u64 val)
{
	const struct vri_arm_profile *p = vri_arm_prof(vcpu->kvm);
	bool wants_02 = vcpu_has_feature(vcpu, KVM_ARM_VCPU_PSCI_0_2);
	unsigned int i;

	if (val == KVM_ARM_PSCI_0_1) {
		if (wants_02)
			return vri_arm_refuse(
				vcpu, -EINVAL,
				"PSCI 0.1 on a vCPU created with KVM_ARM_VCPU_PSCI_0_2: its calls "
				"would change meaning");
		vcpu->kvm->arch.psci_version = (u32)val;
		return 0;
	}
	for (i = 0; i < p->npsci_02; i++) {
		if (val != p->psci_02[i])
			continue;
		if (!wants_02)
			return vri_arm_refuse(vcpu, -EINVAL,
					      "a PSCI 0.2+ version on a vCPU without "
					      "KVM_ARM_VCPU_PSCI_0_2: only 0.1 is possible there");
		vcpu->kvm->arch.psci_version = (u32)val;
		return 0;
	}
	return vri_arm_refuse(vcpu, -EINVAL, "not a PSCI version this kernel implements");
}

/* WORKAROUND_1, and from 5.17 WORKAROUND_3: the value is only checked. */
static int set_wa_level(struct kvm_vcpu *vcpu, u64 regid, u64 val)
{
	int host = vri_arm_wa_level(vcpu->kvm, regid);

	/* The seed (v3) as posted; v5 relaxed it to the checks below. */
	if (vri_arm_prof(vcpu->kvm)->wa1_exact) {
		if (val != (u64)host)
			return vri_arm_refuse(
				vcpu, -EINVAL,
				"the seed (v3) accepts only the host's exact level: an unknown "
				"state "
				"must not move to a host that needs an active guest workaround");
		return 0;
	}

	if (val & ~KVM_REG_FEATURE_LEVEL_MASK)
		return vri_arm_refuse(vcpu, -EINVAL, "bits above the 4-bit level are set");

	if ((u64)host < val)
		return vri_arm_refuse(vcpu, -EINVAL,
				      "restoring would claim more protection than this host gives "
				      "(no downgrade)");

	return 0;
}

static int set_wa2(struct kvm_vcpu *vcpu, u64 val)
{
	int wa_level;

	if (val & ~(KVM_REG_FEATURE_LEVEL_MASK | KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED))
		return vri_arm_refuse(vcpu, -EINVAL,
				      "bits other than the level and ENABLED are set");

	/* The enabled bit must not be set unless the level is AVAIL. */
	if ((val & KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED) &&
	    (val & KVM_REG_FEATURE_LEVEL_MASK) != KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL)
		return vri_arm_refuse(vcpu, -EINVAL,
				      "ENABLED is set with a level other than AVAIL");

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
		return vri_arm_refuse(vcpu, -EINVAL, "level above 3 is not defined");
	}

	/* NOT_AVAIL can restore on NOT_REQUIRED, not the other way around. */
	if (get_kernel_wa_level(vcpu->kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2) < wa_level)
		return vri_arm_refuse(vcpu, -EINVAL,
				      "the source guest relied on a mitigation (mapped to "
				      "NOT_REQUIRED) that this host does not give");

	return 0;
}

static int kvm_arm_set_fw_reg_bmap(struct kvm_vcpu *vcpu, u64 reg_id, u64 val)
{
	struct kvm *kvm = vcpu->kvm;
	int r = vri_arm_bmap_index(kvm, reg_id);
	unsigned long *fw_reg_bmap;

	if (r < 0)
		return unknown_reg(vcpu);
	fw_reg_bmap = vri_arm_bmap_ptr(kvm, (unsigned int)r);

	/* Check for unsupported bit */
	if (val & ~(u64)vri_arm_bmaps[r].supported)
		return vri_arm_refuse(vcpu, -EINVAL,
				      "sets a service bit this kernel does not support");

	if (kvm_vm_has_ran_once(kvm) && val != *fw_reg_bmap)
		return vri_arm_refuse(vcpu, -EBUSY,
				      "the bitmaps are read-only once a vCPU has run (writing the "
				      "current value is still fine)");

	*fw_reg_bmap = (unsigned long)val;
	return 0;
}

int kvm_arm_set_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	struct kvm *kvm = vcpu->kvm;
	void __user *uaddr = (void __user *)(uintptr_t)reg->addr;
	u64 val = 0;

	vri_arm_clear_reason(kvm);
	vri_arm_of(kvm)->stack_overflow = 0;

	/* 2023, "Fix buffer overflow in kvm_arm_set_fw_reg()". */
	if (vri_arm_prof(kvm)->size_check && KVM_REG_SIZE(reg->id) != sizeof(val))
		return vri_arm_refuse(
			vcpu, -ENOENT,
			"the id's size field is not 8 bytes: refused before any copy");
	/*
	 * Before that fix the copy used the id's size, whatever it was, into
	 * an 8-byte stack variable; the id then matched no register.
	 */
	if (vri_arm_copy_from_user(kvm, &val, sizeof(val), uaddr, KVM_REG_SIZE(reg->id)))
		return vri_arm_refuse(vcpu, -EFAULT,
				      "copying the value in from user space faulted");

	switch (reg->id) {
	case KVM_REG_ARM_PSCI_VERSION:
		return set_psci_version(vcpu, val);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		if (!vri_arm_prof(kvm)->has_wa3)
			return unknown_reg(vcpu);
		__attribute__((__fallthrough__));
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		return set_wa_level(vcpu, reg->id, val);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		return vri_arm_prof(kvm)->ops->set_wa2(vcpu, val);
	}

	return kvm_arm_set_fw_reg_bmap(vcpu, reg->id, val);
}

const struct vri_arm_fw_ops vri_arm_hypercalls_ops = {
	.get_kernel_wa_level = get_kernel_wa_level,
	.set_wa2 = set_wa2,
};
