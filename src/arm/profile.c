// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Kernel generations as data, the only place their names live.  Every
 * difference between them that the firmware registers show is a rule
 * field here, read by the kernel files through the hooks of
 * virtref/arm/kvm_host.h, or the generation's firmware-register file
 * (psci.c for the 5.3 family, hypercalls.c from 5.10), which the
 * kernel-named functions at the end call; no kernel file asks which
 * generation it is.
 *
 * Sources: the seed's cover letter and changelog (v3); torvalds/linux
 * virt/kvm/arm/psci.c at v5.3; arch/arm64/kvm/psci.c and hypercalls.c at
 * v5.10, v5.17, v6.0 and v6.15; arch/arm64/include/uapi/asm/kvm.h and
 * include/kvm/arm_psci.h at the same tags.
 */
#include <string.h>
#include "arm_internal.h"

static const struct vri_arm_fw_gen psci_52 = {
	.get_fw_num_regs = vr_arm_psci_5_2_get_fw_num_regs,
	.copy_fw_reg_indices = vr_arm_psci_5_2_copy_fw_reg_indices,
	.get_fw_reg = vr_arm_psci_5_2_get_fw_reg,
	.set_fw_reg = vr_arm_psci_5_2_set_fw_reg,
};

static const struct vri_arm_fw_gen psci_53 = {
	.get_fw_num_regs = vr_arm_psci_get_fw_num_regs,
	.copy_fw_reg_indices = vr_arm_psci_copy_fw_reg_indices,
	.get_fw_reg = vr_arm_psci_get_fw_reg,
	.set_fw_reg = vr_arm_psci_set_fw_reg,
};

static const struct vri_arm_fw_gen hypercalls_510 = {
	.init_hypercalls = vr_arm_hypercalls_init_hypercalls,
	.teardown_hypercalls = vr_arm_hypercalls_teardown_hypercalls,
	.get_fw_num_regs = vr_arm_hypercalls_get_fw_num_regs,
	.copy_fw_reg_indices = vr_arm_hypercalls_copy_fw_reg_indices,
	.get_fw_reg = vr_arm_hypercalls_get_fw_reg,
	.set_fw_reg = vr_arm_hypercalls_set_fw_reg,
};

static const u64 fw_ids_52[] = { KVM_REG_ARM_PSCI_VERSION };

static const u64 fw_ids_53[] = {
	KVM_REG_ARM_PSCI_VERSION,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
};

static const u64 fw_ids_517[] = {
	KVM_REG_ARM_PSCI_VERSION,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3,
};

static const u64 fw_ids_60[] = {
	KVM_REG_ARM_PSCI_VERSION,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3,
	KVM_REG_ARM_STD_BMAP,
	KVM_REG_ARM_STD_HYP_BMAP,
	KVM_REG_ARM_VENDOR_HYP_BMAP,
};

static const u64 fw_ids_615[] = {
	KVM_REG_ARM_PSCI_VERSION,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3,
	KVM_REG_ARM_STD_BMAP,
	KVM_REG_ARM_STD_HYP_BMAP,
	KVM_REG_ARM_VENDOR_HYP_BMAP,
	KVM_REG_ARM_VENDOR_HYP_BMAP_2,
};

/* PSCI versions a vCPU with KVM_ARM_VCPU_PSCI_0_2 may store. */
static const u32 psci_02_10[] = { KVM_ARM_PSCI_0_2, KVM_ARM_PSCI_1_0 };
static const u32 psci_02_11[] = { KVM_ARM_PSCI_0_2, KVM_ARM_PSCI_1_0, KVM_ARM_PSCI_1_1 };
static const u32 psci_02_13[] = { KVM_ARM_PSCI_0_2, KVM_ARM_PSCI_1_0, KVM_ARM_PSCI_1_1,
				  KVM_ARM_PSCI_1_2, KVM_ARM_PSCI_1_3 };

#define IDS(a) .fw_ids = (a), .nfw = ARRAY_SIZE(a)
#define PSCI(a, latest) .psci_02 = (a), .npsci_02 = ARRAY_SIZE(a), .psci_latest = (latest)

const struct vri_arm_profile vri_arm_profiles[VR_ARM_NR_PROFILES] = {
    [VR_ARM_PROFILE_5_2] =
	{
	    .name = "5.2",
	    .summary = "before the seed: PSCI_VERSION only, every other FW id -EINVAL",
	    .origin = "v5.2: virt/kvm/arm/psci.c as the seed's v6 patch 2/3 finds it",
	    IDS(fw_ids_52),
	    .unknown_errno = -EINVAL,
	    .unknown_why = "not a firmware register this kernel knows (the workaround "
			   "registers came with 5.3; until then every id but PSCI_VERSION got "
			   "-EINVAL)",
	    .host_53 = true,
	    PSCI(psci_02_10, KVM_ARM_PSCI_1_0),
	    /* kvm_arm_harden_branch_predictor() was a bool: needed, or nothing */
	    .wa1_unaffected_ret = SMCCC_RET_NOT_SUPPORTED,
	    .fw = &psci_52,
	},
    [VR_ARM_PROFILE_V3] =
	{
	    .name = "v3",
	    .summary = "seed series v3 as posted: WA1 exact match, unknown id -EINVAL",
	    .origin = "series \"[PATCH v3 0/2] KVM: arm/arm64: Add VCPU workarounds firmware "
		      "register\" (Andre Przywara, 2019), patches 1-2",
	    IDS(fw_ids_53),
	    .unknown_errno = -EINVAL,
	    .unknown_why = "not a firmware register this kernel knows (the seed still "
			   "answered -EINVAL; v4 changed it to -ENOENT)",
	    .wa1_exact = true,
	    .host_53 = true,
	    PSCI(psci_02_10, KVM_ARM_PSCI_1_0),
	    .wa1_unaffected_ret = SMCCC_RET_NOT_REQUIRED,
	    .fw = &psci_53,
	},
    [VR_ARM_PROFILE_5_3] =
	{
	    .name = "5.3",
	    .summary = "merged (v6): no-downgrade rules, per-vCPU WA2 flag",
	    .origin = "v5.3: commit 99adb567632b, KVM: arm/arm64: Add save/restore support for "
		      "firmware workaround state",
	    IDS(fw_ids_53),
	    .unknown_errno = -ENOENT,
	    .wa2_stray_check = true,
	    .host_53 = true,
	    PSCI(psci_02_10, KVM_ARM_PSCI_1_0),
	    .wa1_unaffected_ret = SMCCC_RET_NOT_REQUIRED,
	    .fw = &psci_53,
	},
    [VR_ARM_PROFILE_5_10] =
	{
	    .name = "5.10",
	    .summary = "Spectre rework: WA2 is NOT_AVAIL or NOT_REQUIRED, nothing stored",
	    .origin = "v5.10",
	    IDS(fw_ids_53),
	    .unknown_errno = -ENOENT,
	    .wa2_stray_check = true,
	    PSCI(psci_02_10, KVM_ARM_PSCI_1_0),
	    .wa1_unaffected_ret = SMCCC_RET_NOT_REQUIRED,
	    .fw = &hypercalls_510,
	},
    [VR_ARM_PROFILE_5_17] =
	{
	    .name = "5.17",
	    .summary = "adds WORKAROUND_3 (Spectre-BHB)",
	    .origin = "v5.17",
	    IDS(fw_ids_517),
	    .unknown_errno = -ENOENT,
	    .wa2_stray_check = true,
	    .has_wa3 = true,
	    PSCI(psci_02_10, KVM_ARM_PSCI_1_0),
	    .wa1_unaffected_ret = SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED,
	    .fw = &hypercalls_510,
	},
    [VR_ARM_PROFILE_6_0] =
	{
	    .name = "6.0",
	    .summary = "adds the SMCCC feature bitmaps (read-only once a vCPU ran), PSCI 1.1",
	    .origin = "v6.0",
	    IDS(fw_ids_60),
	    .unknown_errno = -ENOENT,
	    .wa2_stray_check = true,
	    .has_wa3 = true,
	    .nbmap = 3,
	    PSCI(psci_02_11, KVM_ARM_PSCI_1_1),
	    .wa1_unaffected_ret = SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED,
	    .fw = &hypercalls_510,
	},
    [VR_ARM_PROFILE_6_15] =
	{
	    .name = "6.15",
	    .summary = "mainline: adds VENDOR_HYP_BMAP_2, the size-in-id check, PSCI 1.3",
	    .origin = "v6.15",
	    IDS(fw_ids_615),
	    .unknown_errno = -ENOENT,
	    .wa2_stray_check = true,
	    .has_wa3 = true,
	    .nbmap = 4,
	    .size_check = true,
	    .vm_wide_features = true,
	    PSCI(psci_02_13, KVM_ARM_PSCI_1_3),
	    .wa1_unaffected_ret = SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED,
	    .fw = &hypercalls_510,
	},
};
_Static_assert(VR_ARRAY_SIZE(vri_arm_profiles) == VR_ARM_NR_PROFILES, "one row per profile");

const char *vr_arm_profile_name(enum vr_arm_profile p)
{
	if ((unsigned int)p >= VR_ARM_NR_PROFILES)
		return NULL;
	return vri_arm_profiles[p].name;
}

int vr_arm_profile_from_name(const char *name)
{
	unsigned int p;

	if (!name)
		return -EINVAL;
	if (!strcmp(name, "mainline"))
		return VR_ARM_PROFILE_MAINLINE;
	for (p = 0; p < VR_ARM_NR_PROFILES; p++)
		if (!strcmp(name, vri_arm_profiles[p].name))
			return (int)p;
	return -EINVAL;
}

unsigned int vr_arm_profile_fw_regs(enum vr_arm_profile p, const u64 **ids)
{
	if ((unsigned int)p >= VR_ARM_NR_PROFILES) {
		if (ids)
			*ids = NULL;
		return 0;
	}
	if (ids)
		*ids = vri_arm_profiles[p].fw_ids;
	return vri_arm_profiles[p].nfw;
}

const char *vr_arm_reg_name(u64 id)
{
	unsigned int r;

	switch (id) {
	case KVM_REG_ARM_PSCI_VERSION:
		return "PSCI_VERSION";
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		return "WORKAROUND_1";
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		return "WORKAROUND_2";
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		return "WORKAROUND_3";
	}
	for (r = 0; r < ARRAY_SIZE(vri_arm_bmaps); r++)
		if (vri_arm_bmaps[r].id == id)
			return vri_arm_bmaps[r].name;
	return NULL;
}

/*
 * The kernel-named firmware functions guest.c and arm.c call: the VM's
 * generation answers.
 */
void kvm_arm_init_hypercalls(struct kvm *kvm)
{
	if (vri_arm_prof(kvm)->fw->init_hypercalls)
		vri_arm_prof(kvm)->fw->init_hypercalls(kvm);
}

void kvm_arm_teardown_hypercalls(struct kvm *kvm)
{
	if (vri_arm_prof(kvm)->fw->teardown_hypercalls)
		vri_arm_prof(kvm)->fw->teardown_hypercalls(kvm);
}

int kvm_arm_get_fw_num_regs(struct kvm_vcpu *vcpu)
{
	return vri_arm_prof(vcpu->kvm)->fw->get_fw_num_regs(vcpu);
}

int kvm_arm_copy_fw_reg_indices(struct kvm_vcpu *vcpu, u64 __user *uindices)
{
	return vri_arm_fw_list_call(vcpu, uindices,
				    vri_arm_prof(vcpu->kvm)->fw->copy_fw_reg_indices);
}

int kvm_arm_get_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	return vri_arm_fw_call(vcpu, reg, false, vri_arm_prof(vcpu->kvm)->fw->get_fw_reg);
}

int kvm_arm_set_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	return vri_arm_fw_call(vcpu, reg, true, vri_arm_prof(vcpu->kvm)->fw->set_fw_reg);
}

/* The rules the kernel files ask for (virtref/arm/kvm_host.h). */
bool vr_arm_has_fw_feat_bmap(const struct kvm *kvm)
{
	return vri_arm_prof(kvm)->nbmap > 0;
}

bool vr_arm_has_fw_reg(const struct kvm *kvm, u64 id)
{
	const struct vri_arm_profile *p = vri_arm_prof(kvm);
	unsigned int i;

	for (i = 0; i < p->nfw; i++)
		if (p->fw_ids[i] == id)
			return true;
	return false;
}

bool vr_arm_fw_reg_size_check(const struct kvm *kvm)
{
	return vri_arm_prof(kvm)->size_check;
}

u32 vr_arm_psci_latest(const struct kvm *kvm)
{
	return vri_arm_prof(kvm)->psci_latest;
}

int vr_arm_fw_unknown_errno(const struct kvm *kvm)
{
	return vri_arm_prof(kvm)->unknown_errno;
}

bool vr_arm_wa1_exact(const struct kvm *kvm)
{
	return vri_arm_prof(kvm)->wa1_exact;
}

bool vr_arm_wa2_stray_check(const struct kvm *kvm)
{
	return vri_arm_prof(kvm)->wa2_stray_check;
}

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
