// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The arm model's invariants and named checks: they read the state and
 * never change it (a check that reads registers saves and restores the
 * fault knob and the last reason around its reads).
 */
#include "arm_internal.h"

static bool psci_storable(const struct kvm *kvm, u32 v)
{
	const struct vri_arm_profile *p = vri_arm_prof(kvm);
	unsigned int i;

	if (v == 0 || v == KVM_ARM_PSCI_0_1)
		return true;
	for (i = 0; i < p->npsci_02; i++)
		if (v == p->psci_02[i])
			return true;
	return false;
}

int vr_arm_invariants(struct vr_arm *arm, struct vr_text *why)
{
	const struct kvm *kvm = &arm->kvm;
	unsigned int i, n02 = 0, ninit = 0, nrun = 0;
	int bad = 0;

	for (i = 0; i < vr_arm_nr_vcpus(arm); i++) {
		const struct kvm_vcpu *v = kvm->vcpus[i];

		if ((v->arch.workaround_flags & VCPU_WORKAROUND_2_FLAG) &&
		    !vri_arm_ssbd_dynamic(kvm)) {
			vr_text_printf(why,
				       "vCPU %u has the workaround-2 flag on a host without "
				       "dynamic SSBD\n",
				       i);
			bad = 1;
		}
		if (v->arch.has_run_once && !v->arch.initialized) {
			vr_text_printf(why, "vCPU %u ran without KVM_ARM_VCPU_INIT\n", i);
			bad = 1;
		}
		if (arm->prof->vm_wide_features && v->arch.initialized &&
		    v->arch.features[0] != kvm->arch.vcpu_features) {
			vr_text_printf(why, "vCPU %u's features differ from the VM's\n", i);
			bad = 1;
		}
		ninit += v->arch.initialized;
		n02 += v->arch.initialized && vcpu_has_feature(v, KVM_ARM_VCPU_PSCI_0_2);
		nrun += v->arch.has_run_once;
	}
	if (kvm_vm_has_ran_once(kvm) != (nrun > 0)) {
		vr_text_printf(why, "the VM's has-run flag disagrees with its vCPUs\n");
		bad = 1;
	}
	if (!psci_storable(kvm, kvm->arch.psci_version)) {
		vr_text_printf(why, "stored PSCI version 0x%x is not one this kernel accepts\n",
			       kvm->arch.psci_version);
		bad = 1;
	}
	/* In a VM whose vCPUs agree, the stored version is one they accept. */
	if (kvm->arch.psci_version && ninit && (n02 == 0 || n02 == ninit) &&
	    (kvm->arch.psci_version == KVM_ARM_PSCI_0_1) != (n02 == 0)) {
		vr_text_printf(why, "stored PSCI version 0x%x does not suit the VM's vCPUs\n",
			       kvm->arch.psci_version);
		bad = 1;
	}
	for (i = 0; i < ARRAY_SIZE(vri_arm_bmaps); i++) {
		unsigned long v = *vri_arm_bmap_ptr(kvm, i);
		unsigned long ok = i < arm->prof->nbmap ? vri_arm_bmaps[i].supported : 0;

		if (v & ~ok) {
			vr_text_printf(why, "%s = 0x%lx holds unsupported bits\n",
				       vri_arm_bmaps[i].name, v);
			bad = 1;
		}
	}
	return bad;
}

/* The value the rules say register @id of @v reads. */
static u64 expected_value(const struct kvm_vcpu *v, u64 id)
{
	const struct kvm *kvm = v->kvm;
	int bmap = vri_arm_bmap_index(kvm, id);

	if (id == KVM_REG_ARM_PSCI_VERSION)
		return kvm_psci_version(v);
	if (bmap >= 0)
		return *vri_arm_bmap_ptr(kvm, (unsigned int)bmap);
	return (u64)vri_arm_wa_level(kvm, id) |
	       (id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 &&
				(v->arch.workaround_flags & VCPU_WORKAROUND_2_FLAG)
			? KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED
			: 0);
}

/* Every listed register of every initialised vCPU reads back per the rules. */
int vri_arm_check_registers(void *model, struct vr_text *why)
{
	struct vr_arm *arm = model;
	unsigned int i, r;
	int bad = 0;

	for (i = 0; i < vr_arm_nr_vcpus(arm); i++) {
		struct kvm_vcpu *v = arm->kvm.vcpus[i];

		if (!v->arch.initialized)
			continue;
		u64 vals[VR_ARM_MAX_FW_REGS];
		int rets[VR_ARM_MAX_FW_REGS];

		vri_arm_read_fw_regs(v, arm->prof->fw_ids, arm->prof->nfw, vals, rets);
		for (r = 0; r < arm->prof->nfw; r++) {
			u64 id = arm->prof->fw_ids[r], got = vals[r], want;

			if (rets[r]) {
				vr_text_printf(why, "vCPU %u: GET %s failed\n", i,
					       vr_arm_reg_name(id));
				bad = 1;
				continue;
			}
			want = expected_value(v, id);
			if (got != want) {
				vr_text_printf(why,
					       "vCPU %u: %s reads 0x%llx, the rules say 0x%llx\n",
					       i, vr_arm_reg_name(id), (unsigned long long)got,
					       (unsigned long long)want);
				bad = 1;
			}
		}
	}
	return bad;
}
