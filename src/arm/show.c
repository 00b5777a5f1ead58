// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The arm model shown to a reader: the value describers narration and
 * the dump share, and the dump of the whole state.
 */
#include <stdio.h>
#include "arm_internal.h"

const char *vri_arm_level_name(u64 id, u64 level)
{
	static const char *const wa13[] = { "NOT_AVAIL", "AVAIL", "NOT_REQUIRED" };
	static const char *const wa2[] = { "NOT_AVAIL", "UNKNOWN", "AVAIL", "NOT_REQUIRED" };

	if (id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2)
		return level < ARRAY_SIZE(wa2) ? wa2[level] : "undefined level";
	return level < ARRAY_SIZE(wa13) ? wa13[level] : "undefined level";
}

bool vri_arm_is_wa(u64 id)
{
	return id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1 ||
	       id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 ||
	       id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3;
}

void vri_arm_describe_value(char *buf, size_t len, u64 id, u64 v)
{
	int n = snprintf(buf, len, "0x%llx", (unsigned long long)v);

	if (n < 0 || (size_t)n >= len)
		return;
	if (vri_arm_is_wa(id)) {
		u64 extra = v & ~0xfULL;
		bool enabled = id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 &&
			       (extra & KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED);

		if (enabled)
			extra &= ~(u64)KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED;
		snprintf(buf + n, len - (size_t)n, " (%s%s%s)", vri_arm_level_name(id, v & 0xf),
			 enabled ? "|ENABLED" : "", extra ? " + stray bits" : "");
	} else if (id == KVM_REG_ARM_PSCI_VERSION && v <= 0xffffffffULL) {
		snprintf(buf + n, len - (size_t)n, " (PSCI %u.%u)", (unsigned int)(v >> 16),
			 (unsigned int)(v & 0xffff));
	}
}

const char *vri_arm_reg_label(u64 id, char *buf, size_t len)
{
	const char *name = vr_arm_reg_name(id);

	if (name)
		return name;
	snprintf(buf, len, "id 0x%016llx", (unsigned long long)id);
	return buf;
}

void vri_arm_dump(void *model, struct vr_text *out)
{
	struct vr_arm *arm = model;
	const struct kvm *kvm = &arm->kvm;
	const struct vr_arm_host *h = &arm->host;
	unsigned int i;

	vr_text_printf(out, "arm profile %s: %s\n", arm->prof->name, arm->prof->summary);
	if (arm->prof->host_53)
		vr_text_printf(out, "host: bp_harden %s, ssbd %s\n",
			       vri_arm_bp_harden_names[h->bp_harden], vri_arm_ssbd_names[h->ssbd]);
	else
		vr_text_printf(out, "host: spectre_v2 %s, spectre_v4 %s, spectre_bhb %s, ssbs %s\n",
			       vri_arm_spectre_names[h->spectre_v2],
			       vri_arm_spectre_names[h->spectre_v4],
			       vri_arm_spectre_names[h->spectre_bhb], h->ssbs ? "yes" : "no");
	vr_text_printf(out, "levels: WA1 %d, WA2 %d",
		       vri_arm_wa_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1),
		       vri_arm_wa_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2));
	if (arm->prof->has_wa3)
		vr_text_printf(out, ", WA3 %d",
			       vri_arm_wa_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3));
	vr_text_printf(out, "\nVM: psci_version 0x%x%s, has run: %s\n", kvm->arch.psci_version,
		       kvm->arch.psci_version ? "" : " (never set)",
		       kvm_vm_has_ran_once(kvm) ? "yes" : "no");
	for (i = 0; i < arm->prof->nbmap; i++)
		vr_text_printf(out, "  %s = 0x%lx (supported 0x%lx)\n", vri_arm_bmaps[i].name,
			       *vri_arm_bmap_ptr(kvm, i), vri_arm_bmaps[i].supported);
	for (i = 0; i < vr_arm_nr_vcpus(arm); i++) {
		const struct kvm_vcpu *v = kvm->vcpus[i];

		vr_text_printf(out, "vCPU %u: %s%s, %s, workaround-2 flag %s\n", i,
			       v->arch.initialized ? "initialised" : "not initialised",
			       v->arch.initialized ? (vcpu_has_feature(v, KVM_ARM_VCPU_PSCI_0_2)
							      ? " with PSCI_0_2"
							      : " without PSCI_0_2")
						   : "",
			       v->arch.has_run_once ? "has run" : "never ran",
			       (v->arch.workaround_flags & VCPU_WORKAROUND_2_FLAG) ? "on" : "off");
	}
	if (arm->uaccess_fail_nth)
		vr_text_printf(out, "user copy %u from now will fault\n", arm->uaccess_fail_nth);
}
