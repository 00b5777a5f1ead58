// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The arm model's op table: config, ops with their narration, the
 * invariants, the register check and the state dump.  Every op calls the
 * kernel-shaped layer (or vm.c's ioctl-level wrappers) and reports what
 * it observed; nothing here decides an errno.
 */
#include <stdio.h>
#include <string.h>
#include <virtref/err.h>
#include "arm_internal.h"

static const char *const profile_names[] = { "v3", "5.3", "5.10", "5.17", "6.0", "6.15" };
static const char *const bp_names[] = { "unknown", "wa_needed", "not_required" };
static const char *const ssbd_names[] = { "unknown", "force_disable", "kernel",
					  "force_enable", "mitigated" };
static const char *const spectre_names[] = { "vulnerable", "mitigated", "unaffected" };

_Static_assert(VR_ARRAY_SIZE(profile_names) == VR_ARM_NR_PROFILES, "profile names");

enum { CFG_PROFILE, CFG_BP, CFG_SSBD, CFG_V2, CFG_V4, CFG_BHB, CFG_SSBS, CFG_VCPUS };

static const struct vr_field arm_config[] = {
	VR_ENUM_OPT("profile", profile_names, VR_ARM_PROFILE_MAINLINE,
		    "kernel generation whose rules apply (default: mainline 6.15)"),
	VR_ENUM_OPT("bp_harden", bp_names, VR_ARM_BP_HARDEN_WA_NEEDED,
		    "5.3 family: kvm_arm_harden_branch_predictor() (WA1)"),
	VR_ENUM_OPT("ssbd", ssbd_names, VR_ARM_SSBD_KERNEL,
		    "5.3 family: kvm_arm_have_ssbd() (WA2); kernel = dynamic, per vCPU"),
	VR_ENUM_OPT("spectre_v2", spectre_names, VR_ARM_SPECTRE_MITIGATED,
		    "5.10+: Spectre v2 state (WA1)"),
	VR_ENUM_OPT("spectre_v4", spectre_names, VR_ARM_SPECTRE_MITIGATED,
		    "5.10+: Spectre v4 / SSB state (WA2)"),
	VR_ENUM_OPT("spectre_bhb", spectre_names, VR_ARM_SPECTRE_MITIGATED,
		    "5.17+: Spectre-BHB state (WA3)"),
	VR_BOOL_OPT("ssbs", false, "5.10+: SSBS on every CPU (WA2 then reads NOT_AVAIL)"),
	VR_U64_OPT("vcpus", 1, VR_ARM_MAX_VCPUS, 2, "number of vCPUs"),
};

static void host_from_values(struct vr_arm_host *h, const struct vr_value *v)
{
	h->bp_harden = (enum vr_arm_bp_harden)v[0].u;
	h->ssbd = (enum vr_arm_ssbd)v[1].u;
	h->spectre_v2 = (enum vr_arm_spectre)v[2].u;
	h->spectre_v4 = (enum vr_arm_spectre)v[3].u;
	h->spectre_bhb = (enum vr_arm_spectre)v[4].u;
	h->ssbs = v[5].u != 0;
}

static int arm_create(const struct vr_value *config, void **model)
{
	struct vr_arm_config cfg;
	struct kvm *kvm;
	int ret;

	cfg.profile = (enum vr_arm_profile)config[CFG_PROFILE].u;
	host_from_values(&cfg.host, &config[CFG_BP]);
	cfg.nr_vcpus = (unsigned int)config[CFG_VCPUS].u;
	ret = vr_arm_create(&cfg, &kvm);
	if (ret)
		return ret;
	*model = kvm;
	return 0;
}

static void arm_destroy(void *model)
{
	vr_arm_destroy(model);
}

/* ---- naming values for narration ---- */

static const char *level_name(u64 id, u64 level)
{
	static const char *const wa13[] = { "NOT_AVAIL", "AVAIL", "NOT_REQUIRED" };
	static const char *const wa2[] = { "NOT_AVAIL", "UNKNOWN", "AVAIL", "NOT_REQUIRED" };

	if (id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2)
		return level < ARRAY_SIZE(wa2) ? wa2[level] : "undefined level";
	return level < ARRAY_SIZE(wa13) ? wa13[level] : "undefined level";
}

static bool is_wa(u64 id)
{
	return id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1 ||
	       id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 ||
	       id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3;
}

/* "0x12 (AVAIL|ENABLED)", "0x10000 (PSCI 1.0)", "0x3" */
static void describe_value(char *buf, size_t len, u64 id, u64 v)
{
	int n = snprintf(buf, len, "0x%llx", (unsigned long long)v);

	if (n < 0 || (size_t)n >= len)
		return;
	if (is_wa(id)) {
		u64 extra = v & ~0xfULL;
		bool enabled = id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 &&
			       (extra & KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED);

		if (enabled)
			extra &= ~(u64)KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED;
		snprintf(buf + n, len - (size_t)n, " (%s%s%s)", level_name(id, v & 0xf),
			 enabled ? "|ENABLED" : "", extra ? " + stray bits" : "");
	} else if (id == KVM_REG_ARM_PSCI_VERSION && v <= 0xffffffffULL) {
		snprintf(buf + n, len - (size_t)n, " (PSCI %u.%u)",
			 (unsigned int)(v >> 16), (unsigned int)(v & 0xffff));
	}
}

static const char *reg_label(u64 id, char *buf, size_t len)
{
	const char *name = vr_arm_reg_name(id);

	if (name)
		return name;
	snprintf(buf, len, "id 0x%016llx", (unsigned long long)id);
	return buf;
}

/* "-EINVAL", as the kernel's return value reads. */
static const char *errname(int err)
{
	static const char *const names[] = {
		[EFAULT] = "-EFAULT", [EINVAL] = "-EINVAL", [ENOENT] = "-ENOENT",
		[EBUSY] = "-EBUSY", [ENOEXEC] = "-ENOEXEC", [E2BIG] = "-E2BIG",
	};

	if (err < 0 && (unsigned int)-err < ARRAY_SIZE(names) && names[-err])
		return names[-err];
	return vr_errno_name(err) ? vr_errno_name(err) : "?";
}

/* ---- the ops ---- */

static struct kvm_vcpu *arg_vcpu(struct kvm *kvm, const struct vr_call *c)
{
	return vr_arm_vcpu(kvm, (unsigned int)vr_arg_u64(c, 0));
}

static const struct vr_field vcpu_init_args[] = {
	VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index"),
	VR_BOOL_OPT("psci_0_2", true, "request KVM_ARM_VCPU_PSCI_0_2"),
};
static const struct vr_field ret_only[] = {
	VR_ERRNO("ret", "0 or the negative errno of the ioctl"),
};

static int op_vcpu_init(void *model, struct vr_call *c)
{
	struct kvm *kvm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(kvm, c);
	bool psci = vr_arg_bool(c, 1);
	int ret;

	if (!vcpu)
		return -EINVAL;
	ret = vr_arm_vcpu_init(vcpu, psci);
	vr_res_s64(c, 0, ret);
	if (ret)
		vr_explain(c, "KVM_ARM_VCPU_INIT vCPU %u%s: %s: %s", vcpu->vcpu_id,
			   psci ? " with PSCI_0_2" : " without PSCI_0_2", errname(ret),
			   vr_arm_last_reason(kvm));
	else
		vr_explain(c, "KVM_ARM_VCPU_INIT vCPU %u%s: reset%s", vcpu->vcpu_id,
			   psci ? " with PSCI_0_2 (PSCI version register follows the VM)" :
				  " without PSCI_0_2 (PSCI is 0.1 for it)",
			   vr_arm_ssbd_dynamic(kvm) ?
				   "; dynamic SSBD host: the reset turns its workaround-2 flag on" : "");
	return 0;
}

static const struct vr_field vcpu_args[] = {
	VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index"),
};

static int op_vcpu_run(void *model, struct vr_call *c)
{
	struct kvm *kvm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(kvm, c);
	bool first;
	int ret;

	if (!vcpu)
		return -EINVAL;
	first = !kvm_vm_has_ran_once(kvm);
	ret = vr_arm_vcpu_run(vcpu);
	vr_res_s64(c, 0, ret);
	if (ret)
		vr_explain(c, "KVM_RUN vCPU %u: %s: %s", vcpu->vcpu_id, errname(ret),
			   vr_arm_last_reason(kvm));
	else
		vr_explain(c, "KVM_RUN vCPU %u%s", vcpu->vcpu_id,
			   first && kvm->prof->nbmap ?
				   ": the VM has now run, its feature bitmaps are frozen" : "");
	return 0;
}

static const struct vr_field reg_list_args[] = {
	VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index"),
	VR_U64_OPT("n", 0, VR_LIST_MAX, VR_ARM_MAX_FW_REGS, "room in the user array"),
	VR_BOOL_OPT("bad_addr", false, "pass a NULL user array (faults)"),
};
static const struct vr_field reg_list_results[] = {
	VR_ERRNO("ret", "0, -ENOEXEC, -E2BIG or -EFAULT"),
	VR_U64("n", 0, VR_ARM_MAX_FW_REGS, "firmware registers in the list"),
	VR_LIST("ids", 0, UINT64_MAX, VR_ARM_MAX_FW_REGS, "the ids, in list order (on success)"),
};

static int op_get_reg_list(void *model, struct vr_call *c)
{
	struct kvm *kvm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(kvm, c);
	u64 buf[VR_ARM_MAX_FW_REGS];
	u64 cap = vr_arg_u64(c, 1);
	u64 n = cap, *ids;
	unsigned int i;
	int ret;

	if (!vcpu)
		return -EINVAL;
	/* The user array is @buf, which holds every list: cap is the limit. */
	ret = vr_arm_get_reg_list(vcpu, &n, vr_arg_bool(c, 2) ? NULL : buf);
	vr_res_s64(c, 0, ret);
	if (ret == -ENOEXEC) {
		vr_explain(c, "KVM_GET_REG_LIST vCPU %u: -ENOEXEC: %s", vcpu->vcpu_id,
			   vr_arm_last_reason(kvm));
		return 0;
	}
	vr_res_u64(c, 1, n);
	if (ret) {
		vr_explain(c, "KVM_GET_REG_LIST vCPU %u with room for %llu: %s: %s (%llu firmware registers)",
			   vcpu->vcpu_id, (unsigned long long)cap, errname(ret),
			   vr_arm_last_reason(kvm), (unsigned long long)n);
		return 0;
	}
	ids = vr_res_list(c, 2, (uint32_t)n);
	if (!ids)
		return -E2BIG;
	memcpy(ids, buf, n * sizeof(*ids));
	vr_explain(c, "KVM_GET_REG_LIST vCPU %u: %llu firmware registers on %s:", vcpu->vcpu_id,
		   (unsigned long long)n, kvm->prof->name);
	for (i = 0; i < n; i++)
		vr_explain(c, "  0x%016llx %s", (unsigned long long)buf[i], vr_arm_reg_name(buf[i]));
	return 0;
}

static const struct vr_field get_reg_args[] = {
	VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index"),
	VR_U64("id", 0, UINT64_MAX, "ONE_REG id"),
	VR_BOOL_OPT("bad_addr", false, "pass a NULL user address (faults)"),
};
static const struct vr_field get_reg_results[] = {
	VR_ERRNO("ret", "0 or the negative errno of KVM_GET_ONE_REG"),
	VR_U64("value", 0, UINT64_MAX, "the value read (on success)"),
};

static int op_get_reg(void *model, struct vr_call *c)
{
	struct kvm *kvm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(kvm, c);
	u64 id = vr_arg_u64(c, 1), val = 0;
	struct kvm_one_reg reg = { id, vr_arg_bool(c, 2) ? 0 : (u64)(uintptr_t)&val };
	char buf[40], desc[64];
	const char *lbl = reg_label(id, buf, sizeof(buf));
	int ret;

	if (!vcpu)
		return -EINVAL;
	ret = vr_arm_get_one_reg(vcpu, &reg);
	vr_res_s64(c, 0, ret);
	if (ret) {
		vr_explain(c, "get %s on vCPU %u: %s: %s", lbl, vcpu->vcpu_id, errname(ret),
			   vr_arm_last_reason(kvm));
		return 0;
	}
	vr_res_u64(c, 1, val);
	if (!c->explain)
		return 0;	/* the rest only narrates */
	describe_value(desc, sizeof(desc), id, val);
	if (id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 &&
	    kvm->prof->wa2 != VR_ARM_WA2_510 && vr_arm_ssbd_dynamic(kvm))
		vr_explain(c, "get %s on vCPU %u: %s: dynamic host, this vCPU's mitigation is %s",
			   lbl, vcpu->vcpu_id, desc, vr_arm_vcpu_wa2_flag(vcpu) ? "on" : "off");
	else if (is_wa(id))
		vr_explain(c, "get %s on vCPU %u: %s: the host's level", lbl, vcpu->vcpu_id, desc);
	else if (id == KVM_REG_ARM_PSCI_VERSION)
		vr_explain(c, "get %s on vCPU %u: %s%s", lbl, vcpu->vcpu_id, desc,
			   !vr_arm_vcpu_psci_0_2(vcpu) ? ": no PSCI_0_2, so 0.1" :
			   kvm->arch.psci_version ? ": the version user space stored for the VM" :
						    ": never set, the newest this kernel implements");
	else
		vr_explain(c, "get %s on vCPU %u: %s", lbl, vcpu->vcpu_id, desc);
	return 0;
}

static const struct vr_field set_reg_args[] = {
	VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index"),
	VR_U64("id", 0, UINT64_MAX, "ONE_REG id"),
	VR_U64("value", 0, UINT64_MAX, "the value to write"),
	VR_BOOL_OPT("bad_addr", false, "pass a NULL user address (faults)"),
};
static const struct vr_field set_reg_results[] = {
	VR_ERRNO("ret", "0 or the negative errno of KVM_SET_ONE_REG"),
	VR_U64("stack_overflow", 0, 1u << 15,
	       "bytes a pre-2023 kernel copied past its 8-byte variable (only when > 0)"),
};

/* What a failed SET must leave alone, and what a successful one may change. */
struct arm_snap {
	u32 psci_version;
	unsigned long flags, vcpu_features;
	struct kvm_smccc_features feat;
	u64 wa[VR_ARM_MAX_VCPUS];
};

static void snap(const struct kvm *kvm, struct arm_snap *s)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->psci_version = kvm->arch.psci_version;
	s->flags = kvm->arch.flags;
	s->vcpu_features = kvm->arch.vcpu_features;
	s->feat = kvm->arch.smccc_feat;
	for (i = 0; i < kvm->nr_vcpus; i++)
		s->wa[i] = kvm->vcpus[i]->arch.workaround_flags;
}

/*
 * A GET right after a successful SET returns what the rules say: the
 * stored value for PSCI and the bitmaps; the host's level for WA1/WA3
 * (nothing is stored); for WA2 the host's level, with ENABLED from the
 * flag the SET just restored on a dynamic 5.3 host.
 */
static bool get_after_set_ok(struct kvm_vcpu *vcpu, u64 id, u64 val)
{
	struct kvm *kvm = vcpu->kvm;
	unsigned int knob = kvm->uaccess_fail_nth;
	const char *reason = kvm->reason;
	u64 got = 0, want;
	struct kvm_one_reg reg = { id, (u64)(uintptr_t)&got };
	int ret;

	kvm->uaccess_fail_nth = 0;
	ret = kvm_arm_get_fw_reg(vcpu, &reg);
	kvm->uaccess_fail_nth = knob;
	kvm->reason = reason;
	if (ret)
		return false;
	if (!is_wa(id))
		return got == val;
	want = (u64)vr_arm_wa_level(kvm, id);
	if (id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 && kvm->prof->wa2 != VR_ARM_WA2_510 &&
	    want == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL) {
		if ((val & 0xf) == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL &&
		    vr_arm_vcpu_wa2_flag(vcpu) != !!(val & KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED))
			return false;
		if (vr_arm_vcpu_wa2_flag(vcpu))
			want |= KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED;
	}
	return got == want;
}

static int op_set_reg(void *model, struct vr_call *c)
{
	struct kvm *kvm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(kvm, c);
	u64 id = vr_arg_u64(c, 1), val = vr_arg_u64(c, 2);
	struct kvm_one_reg reg = { id, vr_arg_bool(c, 3) ? 0 : (u64)(uintptr_t)&val };
	struct arm_snap before, after;
	char buf[40], desc[64], host[96] = "";
	const char *lbl = reg_label(id, buf, sizeof(buf));
	int ret, level;

	if (!vcpu)
		return -EINVAL;
	snap(kvm, &before);
	ret = vr_arm_set_one_reg(vcpu, &reg);
	snap(kvm, &after);
	vr_res_s64(c, 0, ret);
	if (kvm->stack_overflow)
		vr_res_u64(c, 1, kvm->stack_overflow);

	if (ret)
		WARN_ON(memcmp(&before, &after, sizeof(before)) != 0);
	else if (vr_arm_reg_name(id))
		WARN_ON(!get_after_set_ok(vcpu, id, val));

	if (!c->explain)
		return 0;	/* the rest only narrates */
	describe_value(desc, sizeof(desc), id, val);
	level = is_wa(id) ? vr_arm_wa_level(kvm, id) : -1;
	if (level >= 0)
		snprintf(host, sizeof(host), " on a host at level %d (%s)", level,
			 level_name(id, (u64)level));
	if (ret) {
		vr_explain(c, "set %s = %s%s: refused, %s: %s", lbl, desc, host, errname(ret),
			   vr_arm_last_reason(kvm));
		if (kvm->stack_overflow)
			vr_explain(c, "  and the copy wrote %llu bytes past the kernel's 8-byte stack variable first",
				   (unsigned long long)kvm->stack_overflow);
		return 0;
	}
	if (id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 && before.wa[vcpu->vcpu_id] != after.wa[vcpu->vcpu_id])
		vr_explain(c, "set %s = %s%s: accepted; vCPU %u's mitigation switched %s", lbl, desc,
			   host, vcpu->vcpu_id, vr_arm_vcpu_wa2_flag(vcpu) ? "on" : "off");
	else if (is_wa(id))
		vr_explain(c, "set %s = %s%s: accepted (the value is only checked; nothing is stored)",
			   lbl, desc, host);
	else
		vr_explain(c, "set %s = %s: accepted, stored for the whole VM", lbl, desc);
	return 0;
}

static const struct vr_field wa2_call_args[] = {
	VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index (must have run)"),
	VR_BOOL("enable", "the call's argument: false = 0 (disable), true = 1 (enable)"),
};
static const struct vr_field wa2_call_results[] = {
	VR_BOOL("flag", "the vCPU's workaround-2 flag afterwards"),
	VR_BOOL("changed", "whether the call changed it"),
};

static int op_guest_wa2_call(void *model, struct vr_call *c)
{
	struct kvm *kvm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(kvm, c);
	bool enable = vr_arg_bool(c, 1), changed;

	/* Only a running guest makes calls. */
	if (!vcpu || !vcpu->arch.has_run_once)
		return -ENOEXEC;
	changed = vr_arm_guest_wa2_call(vcpu, enable);
	vr_res_bool(c, 0, vr_arm_vcpu_wa2_flag(vcpu));
	vr_res_bool(c, 1, changed);
	if (vr_arm_ssbd_dynamic(kvm))
		vr_explain(c, "guest on vCPU %u: ARCH_WORKAROUND_2(%d): mitigation %s%s", vcpu->vcpu_id,
			   enable, enable ? "on" : "off", changed ? "" : " (already)");
	else
		vr_explain(c, "guest on vCPU %u: ARCH_WORKAROUND_2(%d): no per-vCPU state on this host (%s)",
			   vcpu->vcpu_id, enable,
			   kvm->prof->host_53 ? "SSBD is not in dynamic mode" : "removed in 5.10");
	return 0;
}

static const struct vr_field features_args[] = {
	VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index (must have run)"),
	VR_U64("wa", 1, 3, "which ARCH_WORKAROUND_n the guest asks about"),
};
static const struct vr_field features_results[] = {
	VR_S64("ret", -3, 1, "SMCCC return: 0 needed and offered, -1 not supported, -2 not required, 1 unaffected"),
};

static int op_arch_features(void *model, struct vr_call *c)
{
	static const u32 fn[] = { ARM_SMCCC_ARCH_WORKAROUND_1, ARM_SMCCC_ARCH_WORKAROUND_2,
				  ARM_SMCCC_ARCH_WORKAROUND_3 };
	static const u64 ids[] = { KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
				   KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
				   KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3 };
	struct kvm *kvm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(kvm, c);
	unsigned int wa = (unsigned int)vr_arg_u64(c, 1);
	long ret;
	int level;

	if (!vcpu || !vcpu->arch.has_run_once)
		return -ENOEXEC;
	ret = vr_arm_arch_features(vcpu, fn[wa - 1]);
	vr_res_s64(c, 0, ret);
	level = vr_arm_wa_level(kvm, ids[wa - 1]);
	if (level < 0)
		vr_explain(c, "guest on vCPU %u: ARCH_FEATURES(ARCH_WORKAROUND_%u) = %ld: this kernel does not know the call",
			   vcpu->vcpu_id, wa, ret);
	else
		vr_explain(c, "guest on vCPU %u: ARCH_FEATURES(ARCH_WORKAROUND_%u) = %ld, matching register level %d (%s)",
			   vcpu->vcpu_id, wa, ret, level, level_name(ids[wa - 1], (u64)level));
	return 0;
}

static const struct vr_field migrate_args[] = {
	VR_ENUM("src_profile", profile_names, "the source kernel generation"),
	VR_ENUM_OPT("src_bp_harden", bp_names, VR_ARM_BP_HARDEN_WA_NEEDED, "source host, 5.3 family"),
	VR_ENUM_OPT("src_ssbd", ssbd_names, VR_ARM_SSBD_KERNEL, "source host, 5.3 family"),
	VR_ENUM_OPT("src_spectre_v2", spectre_names, VR_ARM_SPECTRE_MITIGATED, "source host, 5.10+"),
	VR_ENUM_OPT("src_spectre_v4", spectre_names, VR_ARM_SPECTRE_MITIGATED, "source host, 5.10+"),
	VR_ENUM_OPT("src_spectre_bhb", spectre_names, VR_ARM_SPECTRE_MITIGATED, "source host, 5.17+"),
	VR_BOOL_OPT("src_ssbs", false, "source host, 5.10+"),
	VR_BOOL_OPT("psci_0_2", true, "the vCPUs' KVM_ARM_VCPU_PSCI_0_2 on both sides"),
	VR_BOOL_OPT("src_wa2_enabled", true,
		    "the source vCPU's workaround-2 flag (dynamic 5.3 source only; reset leaves it on)"),
};
static const struct vr_field migrate_results[] = {
	VR_U64("refused", 0, VR_ARM_MAX_FW_REGS, "how many saved registers the destination refuses"),
	VR_LIST("ids", 0, UINT64_MAX, VR_ARM_MAX_FW_REGS, "the refused ids, in restore order"),
	VR_LIST("errnos", 0, 4095, VR_ARM_MAX_FW_REGS, "their errnos, positive"),
};

static int op_migrate_check(void *model, struct vr_call *c)
{
	struct kvm *kvm = model;
	struct vr_arm_config src_cfg, dst_cfg;
	struct vr_arm_migration_report rep;
	struct vr_arm_saved saved;
	struct kvm_vcpu *svcpu;
	struct kvm *src;
	uint64_t *ids, *errs;
	unsigned int i;
	int ret;

	src_cfg.profile = (enum vr_arm_profile)vr_arg_enum(c, 0);
	host_from_values(&src_cfg.host, &c->args[1]);
	src_cfg.nr_vcpus = 1;
	ret = vr_arm_create(&src_cfg, &src);
	if (ret)
		return ret;
	svcpu = vr_arm_vcpu(src, 0);
	ret = vr_arm_vcpu_init(svcpu, vr_arg_bool(c, 7));
	if (!ret && vr_arm_vcpu_run(svcpu) == 0)
		vr_arm_guest_wa2_call(svcpu, vr_arg_bool(c, 8));
	if (!ret)
		ret = vr_arm_save(svcpu, &saved);
	vr_arm_destroy(src);
	if (VR_NEVER(ret))
		return ret;

	dst_cfg.profile = kvm->profile;
	dst_cfg.host = kvm->host;
	dst_cfg.nr_vcpus = 1;
	ret = vr_arm_migration_check(&saved, &dst_cfg, &rep);
	if (ret)
		return ret;
	vr_res_u64(c, 0, rep.nrefused);
	ids = vr_res_list(c, 1, rep.nrefused);
	errs = vr_res_list(c, 2, rep.nrefused);
	if (!ids || !errs)
		return -E2BIG;
	vr_explain(c, "migrate %u registers from a %s host to this %s host: %u refused",
		   saved.n, vr_arm_profile_name(src_cfg.profile), kvm->prof->name, rep.nrefused);
	/* Describing values costs a printf each: only when narrating. */
	for (i = 0; c->explain && i < saved.n; i++) {
		char desc[64];

		describe_value(desc, sizeof(desc), saved.id[i], saved.val[i]);
		vr_explain(c, "  saved %s = %s", vr_arm_reg_name(saved.id[i]), desc);
	}
	for (i = 0; i < rep.nrefused; i++) {
		ids[i] = rep.refused[i].id;
		errs[i] = (u64)-rep.refused[i].err;
		vr_explain(c, "  refused, %s: %s", errname(rep.refused[i].err), rep.refused[i].why);
	}
	return 0;
}

static const struct vr_field uaccess_args[] = {
	VR_U64("nth", 0, 16, "the nth user copy from now faults (1 = the next); 0 disarms"),
};

static int op_uaccess_fail(void *model, struct vr_call *c)
{
	unsigned int nth = (unsigned int)vr_arg_u64(c, 0);

	vr_arm_uaccess_fail_nth(model, nth);
	if (nth)
		vr_explain(c, "user copy number %u from now will fault", nth);
	else
		vr_explain(c, "user copies no longer fault");
	return 0;
}

#define OP(n, d, a, r, f) { n, d, a, VR_ARRAY_SIZE(a), r, VR_ARRAY_SIZE(r), f }

static const struct vr_op arm_ops[] = {
	OP("vcpu_init", "KVM_ARM_VCPU_INIT with or without PSCI_0_2; resets the vCPU",
	   vcpu_init_args, ret_only, op_vcpu_init),
	OP("vcpu_run", "KVM_RUN: marks the vCPU and the VM as having run",
	   vcpu_args, ret_only, op_vcpu_run),
	OP("get_reg_list", "KVM_GET_REG_LIST, firmware part: count and ids",
	   reg_list_args, reg_list_results, op_get_reg_list),
	OP("get_reg", "KVM_GET_ONE_REG", get_reg_args, get_reg_results, op_get_reg),
	OP("set_reg", "KVM_SET_ONE_REG (restore on a migration destination)",
	   set_reg_args, set_reg_results, op_set_reg),
	OP("guest_wa2_call", "the guest calls SMCCC ARCH_WORKAROUND_2 (toggles its mitigation on a dynamic host)",
	   wa2_call_args, wa2_call_results, op_guest_wa2_call),
	OP("arch_features", "the guest calls SMCCC_ARCH_FEATURES(ARCH_WORKAROUND_n)",
	   features_args, features_results, op_arch_features),
	OP("migrate_check", "save a fresh VM on a source host and restore it here, in a scratch VM",
	   migrate_args, migrate_results, op_migrate_check),
	{ "uaccess_fail", "make the nth user copy from now fault", uaccess_args,
	  VR_ARRAY_SIZE(uaccess_args), NULL, 0, op_uaccess_fail },
};

/* ---- invariants, checks, dump ---- */

static bool psci_storable(const struct kvm *kvm, u32 v)
{
	unsigned int i;

	if (v == 0 || v == KVM_ARM_PSCI_0_1)
		return true;
	for (i = 0; i < kvm->prof->npsci_02; i++)
		if (v == kvm->prof->psci_02[i])
			return true;
	return false;
}

static int arm_invariants(void *model, struct vr_text *why)
{
	struct kvm *kvm = model;
	unsigned int i, n02 = 0, ninit = 0, nrun = 0;
	int bad = 0;

	for (i = 0; i < kvm->nr_vcpus; i++) {
		const struct kvm_vcpu *v = kvm->vcpus[i];

		if ((v->arch.workaround_flags & VCPU_WORKAROUND_2_FLAG) && !vr_arm_ssbd_dynamic(kvm)) {
			vr_text_printf(why, "vCPU %u has the workaround-2 flag on a host without dynamic SSBD\n", i);
			bad = 1;
		}
		if (v->arch.has_run_once && !v->arch.initialized) {
			vr_text_printf(why, "vCPU %u ran without KVM_ARM_VCPU_INIT\n", i);
			bad = 1;
		}
		if (kvm->prof->vm_wide_features && v->arch.initialized &&
		    v->arch.features != kvm->arch.vcpu_features) {
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
	for (i = 0; i < ARRAY_SIZE(vr_arm_bmaps); i++) {
		unsigned long v = *vr_arm_bmap_ptr(kvm, i);
		unsigned long ok = i < kvm->prof->nbmap ? vr_arm_bmaps[i].supported : 0;

		if (v & ~ok) {
			vr_text_printf(why, "%s = 0x%lx holds unsupported bits\n", vr_arm_bmaps[i].name, v);
			bad = 1;
		}
	}
	return bad;
}

/* Every listed register of every initialised vCPU reads back per the rules. */
static int arm_check_registers(void *model, struct vr_text *why)
{
	struct kvm *kvm = model;
	unsigned int knob = kvm->uaccess_fail_nth;
	const char *reason = kvm->reason;
	unsigned int i, r;
	int bad = 0;

	kvm->uaccess_fail_nth = 0;
	for (i = 0; i < kvm->nr_vcpus; i++) {
		struct kvm_vcpu *v = kvm->vcpus[i];

		if (!v->arch.initialized)
			continue;
		for (r = 0; r < kvm->prof->nfw; r++) {
			u64 id = kvm->prof->fw_ids[r], got = 0, want;
			struct kvm_one_reg reg = { id, (u64)(uintptr_t)&got };
			int bmap = vr_arm_bmap_index(kvm, id);

			if (kvm_arm_get_fw_reg(v, &reg)) {
				vr_text_printf(why, "vCPU %u: GET %s failed\n", i, vr_arm_reg_name(id));
				bad = 1;
				continue;
			}
			if (id == KVM_REG_ARM_PSCI_VERSION)
				want = kvm_psci_version(v);
			else if (bmap >= 0)
				want = *vr_arm_bmap_ptr(kvm, (unsigned int)bmap);
			else
				want = (u64)vr_arm_wa_level(kvm, id) |
				       (id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 &&
					(v->arch.workaround_flags & VCPU_WORKAROUND_2_FLAG) ?
						KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED : 0);
			if (got != want) {
				vr_text_printf(why, "vCPU %u: %s reads 0x%llx, the rules say 0x%llx\n", i,
					       vr_arm_reg_name(id), (unsigned long long)got,
					       (unsigned long long)want);
				bad = 1;
			}
		}
	}
	kvm->uaccess_fail_nth = knob;
	kvm->reason = reason;
	return bad;
}

static const struct vr_check arm_checks[] = {
	{ "registers", "every listed register of every initialised vCPU reads what the rules say",
	  arm_check_registers },
};

static void arm_dump(void *model, struct vr_text *out)
{
	struct kvm *kvm = model;
	const struct vr_arm_host *h = &kvm->host;
	unsigned int i;

	vr_text_printf(out, "arm profile %s: %s\n", kvm->prof->name, kvm->prof->summary);
	if (kvm->prof->host_53)
		vr_text_printf(out, "host: bp_harden %s, ssbd %s\n", bp_names[h->bp_harden],
			       ssbd_names[h->ssbd]);
	else
		vr_text_printf(out, "host: spectre_v2 %s, spectre_v4 %s, spectre_bhb %s, ssbs %s\n",
			       spectre_names[h->spectre_v2], spectre_names[h->spectre_v4],
			       spectre_names[h->spectre_bhb], h->ssbs ? "yes" : "no");
	vr_text_printf(out, "levels: WA1 %d, WA2 %d", vr_arm_wa_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1),
		       vr_arm_wa_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2));
	if (kvm->prof->has_wa3)
		vr_text_printf(out, ", WA3 %d", vr_arm_wa_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3));
	vr_text_printf(out, "\nVM: psci_version 0x%x%s, has run: %s\n", kvm->arch.psci_version,
		       kvm->arch.psci_version ? "" : " (never set)",
		       kvm_vm_has_ran_once(kvm) ? "yes" : "no");
	for (i = 0; i < kvm->prof->nbmap; i++)
		vr_text_printf(out, "  %s = 0x%lx (supported 0x%lx)\n", vr_arm_bmaps[i].name,
			       *vr_arm_bmap_ptr(kvm, i), vr_arm_bmaps[i].supported);
	for (i = 0; i < kvm->nr_vcpus; i++) {
		const struct kvm_vcpu *v = kvm->vcpus[i];

		vr_text_printf(out, "vCPU %u: %s%s, %s, workaround-2 flag %s\n", i,
			       v->arch.initialized ? "initialised" : "not initialised",
			       v->arch.initialized ? (vcpu_has_feature(v, KVM_ARM_VCPU_PSCI_0_2) ?
						      " with PSCI_0_2" : " without PSCI_0_2") : "",
			       v->arch.has_run_once ? "has run" : "never ran",
			       (v->arch.workaround_flags & VCPU_WORKAROUND_2_FLAG) ? "on" : "off");
	}
	if (kvm->uaccess_fail_nth)
		vr_text_printf(out, "user copy %u from now will fault\n", kvm->uaccess_fail_nth);
}

const struct vr_model vr_model_arm = {
	.name = "arm",
	.doc = "arm64 KVM firmware pseudo-registers: PSCI version, SMCCC workaround levels, feature bitmaps",
	.config = arm_config,
	.nconfig = VR_ARRAY_SIZE(arm_config),
	.create = arm_create,
	.destroy = arm_destroy,
	.ops = arm_ops,
	.nops = VR_ARRAY_SIZE(arm_ops),
	.invariants = arm_invariants,
	.dump = arm_dump,
	.checks = arm_checks,
	.nchecks = VR_ARRAY_SIZE(arm_checks),
};
