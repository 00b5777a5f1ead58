// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The arm model's op table and its apply functions: each reads its
 * arguments, calls the ioctl-level wrappers of arm.c or the kernel-named
 * functions, stores what it observed and narrates.  Nothing here decides
 * an errno.
 */
#include <stdio.h>
#include <string.h>
#include <virtref/err.h>
#include "arm_internal.h"

/* The host's fields, in the order config and migrate_check list them. */
enum {
	HOST_BP_HARDEN,
	HOST_SSBD,
	HOST_SPECTRE_V2,
	HOST_SPECTRE_V4,
	HOST_SPECTRE_BHB,
	HOST_SSBS,
	NR_HOST_FIELDS
};

enum { CFG_PROFILE, CFG_HOST, CFG_VCPUS = CFG_HOST + NR_HOST_FIELDS, NR_CFG };

static const struct vr_field arm_config[] = {
	[CFG_PROFILE] = VR_ENUM_TABLE_OPT(
		"profile", vri_arm_profiles, VR_ARM_NR_PROFILES, VR_ARM_PROFILE_MAINLINE,
		"kernel generation whose rules apply (default: mainline 6.15)"),
	[CFG_HOST + HOST_BP_HARDEN] =
		VR_ENUM_OPT("bp_harden", vri_arm_bp_harden_names, VR_ARM_BP_HARDEN_WA_NEEDED,
			    "5.3 family: kvm_arm_harden_branch_predictor() (WA1)"),
	[CFG_HOST + HOST_SSBD] =
		VR_ENUM_OPT("ssbd", vri_arm_ssbd_names, VR_ARM_SSBD_KERNEL,
			    "5.3 family: kvm_arm_have_ssbd() (WA2); kernel = dynamic, per vCPU"),
	[CFG_HOST + HOST_SPECTRE_V2] =
		VR_ENUM_OPT("spectre_v2", vri_arm_spectre_names, VR_ARM_SPECTRE_MITIGATED,
			    "5.10+: Spectre v2 state (WA1)"),
	[CFG_HOST + HOST_SPECTRE_V4] =
		VR_ENUM_OPT("spectre_v4", vri_arm_spectre_names, VR_ARM_SPECTRE_MITIGATED,
			    "5.10+: Spectre v4 / SSB state (WA2)"),
	[CFG_HOST + HOST_SPECTRE_BHB] =
		VR_ENUM_OPT("spectre_bhb", vri_arm_spectre_names, VR_ARM_SPECTRE_MITIGATED,
			    "5.17+: Spectre-BHB state (WA3)"),
	[CFG_HOST + HOST_SSBS] =
		VR_BOOL_OPT("ssbs", false, "5.10+: SSBS on every CPU (WA2 then reads NOT_AVAIL)"),
	[CFG_VCPUS] = VR_U64_OPT("vcpus", 1, VR_ARM_MAX_VCPUS, 2, "number of vCPUs"),
};
VR_FIELDS_CHECK(arm_config, NR_CFG);

/* @v: the NR_HOST_FIELDS values of a config or of migrate_check's source. */
static void host_from_values(struct vr_arm_host *h, const struct vr_value *v)
{
	h->bp_harden = (enum vr_arm_bp_harden)v[HOST_BP_HARDEN].u;
	h->ssbd = (enum vr_arm_ssbd)v[HOST_SSBD].u;
	h->spectre_v2 = (enum vr_arm_spectre)v[HOST_SPECTRE_V2].u;
	h->spectre_v4 = (enum vr_arm_spectre)v[HOST_SPECTRE_V4].u;
	h->spectre_bhb = (enum vr_arm_spectre)v[HOST_SPECTRE_BHB].u;
	h->ssbs = v[HOST_SSBS].u != 0;
}

static int arm_create(const struct vr_value *config, void **model)
{
	struct vr_arm_config cfg;
	struct vr_arm *arm;
	int ret;

	cfg.profile = (enum vr_arm_profile)config[CFG_PROFILE].u;
	host_from_values(&cfg.host, &config[CFG_HOST]);
	cfg.nr_vcpus = (unsigned int)config[CFG_VCPUS].u;
	ret = vr_arm_create(&cfg, &arm);
	if (ret)
		return ret;
	*model = arm;
	return 0;
}

static void arm_destroy(void *model)
{
	vr_arm_destroy(model);
}

static int arm_invariants(void *model, struct vr_text *why)
{
	return vr_arm_invariants(model, why);
}

/* The vCPU argument @i names, or NULL. */
static struct kvm_vcpu *arg_vcpu(struct vr_arm *arm, const struct vr_call *c, unsigned int i)
{
	return vr_arm_vcpu(arm, (unsigned int)vr_arg_u64(c, i));
}

enum { RET_ONLY_RET, NR_RET_ONLY };
static const struct vr_field ret_only[] = {
	[RET_ONLY_RET] = VR_ERRNO("ret", "0 or the negative errno of the ioctl"),
};
VR_FIELDS_CHECK(ret_only, NR_RET_ONLY);

enum { VCPU_INIT_VCPU, VCPU_INIT_PSCI_0_2, NR_VCPU_INIT_ARGS };
static const struct vr_field vcpu_init_args[] = {
	[VCPU_INIT_VCPU] = VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index"),
	[VCPU_INIT_PSCI_0_2] = VR_BOOL_OPT("psci_0_2", true, "request KVM_ARM_VCPU_PSCI_0_2"),
};
VR_FIELDS_CHECK(vcpu_init_args, NR_VCPU_INIT_ARGS);

static int op_vcpu_init(void *model, struct vr_call *c)
{
	struct vr_arm *arm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(arm, c, VCPU_INIT_VCPU);
	bool psci = vr_arg_bool(c, VCPU_INIT_PSCI_0_2);
	int ret;

	if (!vcpu)
		return -EINVAL;
	ret = vr_arm_vcpu_init(arm, vcpu->vcpu_id, psci);
	vr_res_s64(c, RET_ONLY_RET, ret);
	if (ret)
		vr_explain(c, "KVM_ARM_VCPU_INIT vCPU %u%s: %s: %s", vcpu->vcpu_id,
			   psci ? " with PSCI_0_2" : " without PSCI_0_2", vr_errno_str(ret),
			   vr_arm_last_reason(arm));
	else
		vr_explain(c, "KVM_ARM_VCPU_INIT vCPU %u%s: reset%s", vcpu->vcpu_id,
			   psci ? " with PSCI_0_2 (PSCI version register follows the VM)"
				: " without PSCI_0_2 (PSCI is 0.1 for it)",
			   vri_arm_ssbd_dynamic(&arm->kvm)
				   ? "; dynamic SSBD host: the reset turns its workaround-2 flag on"
				   : "");
	return 0;
}

enum { VCPU_RUN_VCPU, NR_VCPU_RUN_ARGS };
static const struct vr_field vcpu_run_args[] = {
	[VCPU_RUN_VCPU] = VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index"),
};
VR_FIELDS_CHECK(vcpu_run_args, NR_VCPU_RUN_ARGS);

static int op_vcpu_run(void *model, struct vr_call *c)
{
	struct vr_arm *arm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(arm, c, VCPU_RUN_VCPU);
	bool first;
	int ret;

	if (!vcpu)
		return -EINVAL;
	first = !vr_arm_has_ran_once(arm);
	ret = vr_arm_vcpu_run(arm, vcpu->vcpu_id);
	vr_res_s64(c, RET_ONLY_RET, ret);
	if (ret)
		vr_explain(c, "KVM_RUN vCPU %u: %s: %s", vcpu->vcpu_id, vr_errno_str(ret),
			   vr_arm_last_reason(arm));
	else
		vr_explain(c, "KVM_RUN vCPU %u%s", vcpu->vcpu_id,
			   first && arm->prof->nbmap
				   ? ": the VM has now run, its feature bitmaps are frozen"
				   : "");
	return 0;
}

enum { REG_LIST_VCPU, REG_LIST_N, REG_LIST_BAD_ADDR, NR_REG_LIST_ARGS };
static const struct vr_field reg_list_args[] = {
	[REG_LIST_VCPU] = VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index"),
	[REG_LIST_N] =
		VR_U64_OPT("n", 0, VR_LIST_MAX, VR_ARM_MAX_FW_REGS, "room in the user array"),
	[REG_LIST_BAD_ADDR] = VR_BOOL_OPT("bad_addr", false, "pass a NULL user array (faults)"),
};
VR_FIELDS_CHECK(reg_list_args, NR_REG_LIST_ARGS);

enum { REG_LIST_RET, REG_LIST_RES_N, REG_LIST_IDS, NR_REG_LIST_RESULTS };
static const struct vr_field reg_list_results[] = {
	[REG_LIST_RET] = VR_ERRNO("ret", "0, -ENOEXEC, -E2BIG or -EFAULT"),
	[REG_LIST_RES_N] = VR_U64("n", 0, VR_ARM_MAX_FW_REGS, "firmware registers in the list"),
	[REG_LIST_IDS] = VR_LIST("ids", 0, UINT64_MAX, VR_ARM_MAX_FW_REGS,
				 "the ids, in list order (on success)"),
};
VR_FIELDS_CHECK(reg_list_results, NR_REG_LIST_RESULTS);

static int op_get_reg_list(void *model, struct vr_call *c)
{
	struct vr_arm *arm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(arm, c, REG_LIST_VCPU);
	u64 buf[VR_ARM_MAX_FW_REGS];
	u64 cap = vr_arg_u64(c, REG_LIST_N);
	u64 n = cap;
	uint64_t *ids;
	unsigned int i;
	int ret;

	if (!vcpu)
		return -EINVAL;
	/* The user array is @buf, which holds every list: cap is the limit. */
	ret = vr_arm_get_reg_list(arm, vcpu->vcpu_id, &n,
				  vr_arg_bool(c, REG_LIST_BAD_ADDR) ? NULL : buf);
	vr_res_s64(c, REG_LIST_RET, ret);
	if (ret == -ENOEXEC) {
		vr_explain(c, "KVM_GET_REG_LIST vCPU %u: -ENOEXEC: %s", vcpu->vcpu_id,
			   vr_arm_last_reason(arm));
		return 0;
	}
	vr_res_u64(c, REG_LIST_RES_N, n);
	if (ret) {
		vr_explain(c,
			   "KVM_GET_REG_LIST vCPU %u with room for %llu: %s: %s (%llu firmware "
			   "registers)",
			   vcpu->vcpu_id, (unsigned long long)cap, vr_errno_str(ret),
			   vr_arm_last_reason(arm), (unsigned long long)n);
		return 0;
	}
	ids = vr_res_list(c, REG_LIST_IDS, (uint32_t)n);
	if (!ids)
		return -E2BIG;
	memcpy(ids, buf, n * sizeof(*ids));
	vr_explain(c, "KVM_GET_REG_LIST vCPU %u: %llu firmware registers on %s:", vcpu->vcpu_id,
		   (unsigned long long)n, arm->prof->name);
	for (i = 0; i < n; i++)
		vr_explain(c, "  0x%016llx %s", (unsigned long long)buf[i],
			   vr_arm_reg_name(buf[i]));
	return 0;
}

enum { GET_REG_VCPU, GET_REG_ID, GET_REG_BAD_ADDR, NR_GET_REG_ARGS };
static const struct vr_field get_reg_args[] = {
	[GET_REG_VCPU] = VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index"),
	[GET_REG_ID] = VR_U64("id", 0, UINT64_MAX, "ONE_REG id"),
	[GET_REG_BAD_ADDR] = VR_BOOL_OPT("bad_addr", false, "pass a NULL user address (faults)"),
};
VR_FIELDS_CHECK(get_reg_args, NR_GET_REG_ARGS);

enum { GET_REG_RET, GET_REG_VALUE, NR_GET_REG_RESULTS };
static const struct vr_field get_reg_results[] = {
	[GET_REG_RET] = VR_ERRNO("ret", "0 or the negative errno of KVM_GET_ONE_REG"),
	[GET_REG_VALUE] = VR_U64("value", 0, UINT64_MAX, "the value read (on success)"),
};
VR_FIELDS_CHECK(get_reg_results, NR_GET_REG_RESULTS);

static int op_get_reg(void *model, struct vr_call *c)
{
	struct vr_arm *arm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(arm, c, GET_REG_VCPU);
	u64 id = vr_arg_u64(c, GET_REG_ID), val = 0;
	struct kvm_one_reg reg = { id,
				   vr_arg_bool(c, GET_REG_BAD_ADDR) ? 0 : (u64)(uintptr_t)&val };
	char buf[40], desc[64];
	const char *lbl = vri_arm_reg_label(id, buf, sizeof(buf));
	int ret;

	if (!vcpu)
		return -EINVAL;
	ret = vr_arm_get_one_reg(arm, vcpu->vcpu_id, &reg);
	vr_res_s64(c, GET_REG_RET, ret);
	if (ret) {
		vr_explain(c, "get %s on vCPU %u: %s: %s", lbl, vcpu->vcpu_id, vr_errno_str(ret),
			   vr_arm_last_reason(arm));
		return 0;
	}
	vr_res_u64(c, GET_REG_VALUE, val);
	if (!c->explain)
		return 0; /* the rest only narrates */
	vri_arm_describe_value(desc, sizeof(desc), id, val);
	if (id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 && vri_arm_ssbd_dynamic(&arm->kvm))
		vr_explain(c, "get %s on vCPU %u: %s: dynamic host, this vCPU's mitigation is %s",
			   lbl, vcpu->vcpu_id, desc,
			   vr_arm_vcpu_wa2_flag(arm, vcpu->vcpu_id) ? "on" : "off");
	else if (vri_arm_is_wa(id))
		vr_explain(c, "get %s on vCPU %u: %s: the host's level", lbl, vcpu->vcpu_id, desc);
	else if (id == KVM_REG_ARM_PSCI_VERSION)
		vr_explain(c, "get %s on vCPU %u: %s%s", lbl, vcpu->vcpu_id, desc,
			   !vr_arm_vcpu_psci_0_2(arm, vcpu->vcpu_id) ? ": no PSCI_0_2, so 0.1"
			   : vr_arm_psci_version_stored(arm)
				   ? ": the version user space stored for the VM"
				   : ": never set, the newest this kernel implements");
	else
		vr_explain(c, "get %s on vCPU %u: %s", lbl, vcpu->vcpu_id, desc);
	return 0;
}

enum { SET_REG_VCPU, SET_REG_ID, SET_REG_VALUE, SET_REG_BAD_ADDR, NR_SET_REG_ARGS };
static const struct vr_field set_reg_args[] = {
	[SET_REG_VCPU] = VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index"),
	[SET_REG_ID] = VR_U64("id", 0, UINT64_MAX, "ONE_REG id"),
	[SET_REG_VALUE] = VR_U64("value", 0, UINT64_MAX, "the value to write"),
	[SET_REG_BAD_ADDR] = VR_BOOL_OPT("bad_addr", false, "pass a NULL user address (faults)"),
};
VR_FIELDS_CHECK(set_reg_args, NR_SET_REG_ARGS);

enum { SET_REG_RET, SET_REG_STACK_OVERFLOW, NR_SET_REG_RESULTS };
static const struct vr_field set_reg_results[] = {
	[SET_REG_RET] = VR_ERRNO("ret", "0 or the negative errno of KVM_SET_ONE_REG"),
	[SET_REG_STACK_OVERFLOW] =
		VR_U64("stack_overflow", 0, 1u << 15,
		       "bytes a pre-2023 kernel copied past its 8-byte variable (only when > 0)"),
};
VR_FIELDS_CHECK(set_reg_results, NR_SET_REG_RESULTS);

/* What a failed SET must leave alone, and what a successful one may change. */
struct arm_snap {
	u32 psci_version;
	unsigned long flags, vcpu_features;
	struct kvm_smccc_features feat;
	u64 wa[VR_ARM_MAX_VCPUS];
};

static void snap(const struct vr_arm *arm, struct arm_snap *s)
{
	const struct kvm *kvm = &arm->kvm;
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->psci_version = kvm->arch.psci_version;
	s->flags = kvm->arch.flags;
	s->vcpu_features = kvm->arch.vcpu_features;
	s->feat = kvm->arch.smccc_feat;
	for (i = 0; i < vr_arm_nr_vcpus(arm); i++)
		s->wa[i] = kvm->vcpus[i]->arch.workaround_flags;
}

/*
 * A GET right after a successful SET returns what the rules say: the
 * stored value for PSCI and the bitmaps; the host's level for WA1/WA3
 * (nothing is stored); for WA2 the host's level, with ENABLED from the
 * flag the SET just restored on a dynamic 5.3 host (only the 5.3 family
 * has the level AVAIL).
 */
static bool get_after_set_ok(struct vr_arm *arm, struct kvm_vcpu *vcpu, u64 id, u64 val)
{
	u64 got = 0, want;
	int ret = vri_arm_read_fw_reg(vcpu, id, &got);

	if (ret)
		return false;
	if (!vri_arm_is_wa(id))
		return got == val;
	want = (u64)vri_arm_wa_level(&arm->kvm, id);
	if (id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 &&
	    want == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL) {
		if ((val & 0xf) == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL &&
		    vr_arm_vcpu_wa2_flag(arm, vcpu->vcpu_id) !=
			    !!(val & KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED))
			return false;
		if (vr_arm_vcpu_wa2_flag(arm, vcpu->vcpu_id))
			want |= KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED;
	}
	return got == want;
}

static int op_set_reg(void *model, struct vr_call *c)
{
	struct vr_arm *arm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(arm, c, SET_REG_VCPU);
	u64 id = vr_arg_u64(c, SET_REG_ID), val = vr_arg_u64(c, SET_REG_VALUE);
	struct kvm_one_reg reg = { id,
				   vr_arg_bool(c, SET_REG_BAD_ADDR) ? 0 : (u64)(uintptr_t)&val };
	struct arm_snap before, after;
	char buf[40], desc[64], host[96] = "";
	const char *lbl = vri_arm_reg_label(id, buf, sizeof(buf));
	u64 overflow;
	int ret, level;

	if (!vcpu)
		return -EINVAL;
	snap(arm, &before);
	ret = vr_arm_set_one_reg(arm, vcpu->vcpu_id, &reg);
	snap(arm, &after);
	overflow = vr_arm_stack_overflow(arm);
	vr_res_s64(c, SET_REG_RET, ret);
	if (overflow)
		vr_res_u64(c, SET_REG_STACK_OVERFLOW, overflow);

	if (ret)
		WARN_ON(memcmp(&before, &after, sizeof(before)) != 0);
	else if (vr_arm_reg_name(id))
		WARN_ON(!get_after_set_ok(arm, vcpu, id, val));

	if (!c->explain)
		return 0; /* the rest only narrates */
	vri_arm_describe_value(desc, sizeof(desc), id, val);
	level = vri_arm_is_wa(id) ? vri_arm_wa_level(&arm->kvm, id) : -1;
	if (level >= 0)
		snprintf(host, sizeof(host), " on a host at level %d (%s)", level,
			 vri_arm_level_name(id, (u64)level));
	if (ret) {
		vr_explain(c, "set %s = %s%s: refused, %s: %s", lbl, desc, host, vr_errno_str(ret),
			   vr_arm_last_reason(arm));
		if (overflow)
			vr_explain(c,
				   "  and the copy wrote %llu bytes past the kernel's 8-byte stack "
				   "variable first",
				   (unsigned long long)overflow);
		return 0;
	}
	if (id == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 &&
	    before.wa[vcpu->vcpu_id] != after.wa[vcpu->vcpu_id])
		vr_explain(c, "set %s = %s%s: accepted; vCPU %u's mitigation switched %s", lbl,
			   desc, host, vcpu->vcpu_id,
			   vr_arm_vcpu_wa2_flag(arm, vcpu->vcpu_id) ? "on" : "off");
	else if (vri_arm_is_wa(id))
		vr_explain(c,
			   "set %s = %s%s: accepted (the value is only checked; nothing is stored)",
			   lbl, desc, host);
	else
		vr_explain(c, "set %s = %s: accepted, stored for the whole VM", lbl, desc);
	return 0;
}

enum { WA2_CALL_VCPU, WA2_CALL_ENABLE, NR_WA2_CALL_ARGS };
static const struct vr_field wa2_call_args[] = {
	[WA2_CALL_VCPU] = VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index (must have run)"),
	[WA2_CALL_ENABLE] =
		VR_BOOL("enable", "the call's argument: false = 0 (disable), true = 1 (enable)"),
};
VR_FIELDS_CHECK(wa2_call_args, NR_WA2_CALL_ARGS);

enum { WA2_CALL_FLAG, WA2_CALL_CHANGED, NR_WA2_CALL_RESULTS };
static const struct vr_field wa2_call_results[] = {
	[WA2_CALL_FLAG] = VR_BOOL("flag", "the vCPU's workaround-2 flag afterwards"),
	[WA2_CALL_CHANGED] = VR_BOOL("changed", "whether the call changed it"),
};
VR_FIELDS_CHECK(wa2_call_results, NR_WA2_CALL_RESULTS);

static int op_guest_wa2_call(void *model, struct vr_call *c)
{
	struct vr_arm *arm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(arm, c, WA2_CALL_VCPU);
	bool enable = vr_arg_bool(c, WA2_CALL_ENABLE), changed;

	/* Only a running guest makes calls. */
	if (!vcpu || !vr_arm_vcpu_has_run(arm, vcpu->vcpu_id))
		return -ENOEXEC;
	changed = vr_arm_guest_wa2_call(arm, vcpu->vcpu_id, enable);
	vr_res_bool(c, WA2_CALL_FLAG, vr_arm_vcpu_wa2_flag(arm, vcpu->vcpu_id));
	vr_res_bool(c, WA2_CALL_CHANGED, changed);
	if (vri_arm_ssbd_dynamic(&arm->kvm))
		vr_explain(c, "guest on vCPU %u: ARCH_WORKAROUND_2(%d): mitigation %s%s",
			   vcpu->vcpu_id, enable, enable ? "on" : "off",
			   changed ? "" : " (already)");
	else
		vr_explain(c,
			   "guest on vCPU %u: ARCH_WORKAROUND_2(%d): no per-vCPU state on this "
			   "host (%s)",
			   vcpu->vcpu_id, enable,
			   arm->prof->host_53 ? "SSBD is not in dynamic mode" : "removed in 5.10");
	return 0;
}

enum { FEATURES_VCPU, FEATURES_WA, NR_FEATURES_ARGS };
static const struct vr_field features_args[] = {
	[FEATURES_VCPU] = VR_U64("vcpu", 0, VR_ARM_MAX_VCPUS - 1, "vCPU index (must have run)"),
	[FEATURES_WA] = VR_U64("wa", 1, 3, "which ARCH_WORKAROUND_n the guest asks about"),
};
VR_FIELDS_CHECK(features_args, NR_FEATURES_ARGS);

enum { FEATURES_RET, NR_FEATURES_RESULTS };
static const struct vr_field features_results[] = {
	[FEATURES_RET] = VR_S64("ret", -3, 1,
				"SMCCC return: 0 needed and offered, -1 not supported, -2 not "
				"required, 1 unaffected"),
};
VR_FIELDS_CHECK(features_results, NR_FEATURES_RESULTS);

static int op_arch_features(void *model, struct vr_call *c)
{
	static const u32 fn[] = { ARM_SMCCC_ARCH_WORKAROUND_1, ARM_SMCCC_ARCH_WORKAROUND_2,
				  ARM_SMCCC_ARCH_WORKAROUND_3 };
	static const u64 ids[] = { KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
				   KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
				   KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3 };
	struct vr_arm *arm = model;
	struct kvm_vcpu *vcpu = arg_vcpu(arm, c, FEATURES_VCPU);
	unsigned int wa = (unsigned int)vr_arg_u64(c, FEATURES_WA);
	long ret;
	int level;

	if (!vcpu || !vr_arm_vcpu_has_run(arm, vcpu->vcpu_id))
		return -ENOEXEC;
	ret = vr_arm_arch_features(arm, vcpu->vcpu_id, fn[wa - 1]);
	vr_res_s64(c, FEATURES_RET, ret);
	level = vri_arm_wa_level(&arm->kvm, ids[wa - 1]);
	if (level < 0)
		vr_explain(c,
			   "guest on vCPU %u: ARCH_FEATURES(ARCH_WORKAROUND_%u) = %ld: this kernel "
			   "does not know the call",
			   vcpu->vcpu_id, wa, ret);
	else
		vr_explain(c,
			   "guest on vCPU %u: ARCH_FEATURES(ARCH_WORKAROUND_%u) = %ld, matching "
			   "register level %d (%s)",
			   vcpu->vcpu_id, wa, ret, level,
			   vri_arm_level_name(ids[wa - 1], (u64)level));
	return 0;
}

enum {
	MIGRATE_SRC_PROFILE,
	MIGRATE_SRC_HOST,
	MIGRATE_PSCI_0_2 = MIGRATE_SRC_HOST + NR_HOST_FIELDS,
	MIGRATE_SRC_WA2_ENABLED,
	NR_MIGRATE_ARGS
};
static const struct vr_field migrate_args[] = {
	[MIGRATE_SRC_PROFILE] = VR_ENUM_TABLE("src_profile", vri_arm_profiles, VR_ARM_NR_PROFILES,
					      "the source kernel generation"),
	[MIGRATE_SRC_HOST + HOST_BP_HARDEN] =
		VR_ENUM_OPT("src_bp_harden", vri_arm_bp_harden_names, VR_ARM_BP_HARDEN_WA_NEEDED,
			    "source host, 5.3 family"),
	[MIGRATE_SRC_HOST + HOST_SSBD] = VR_ENUM_OPT("src_ssbd", vri_arm_ssbd_names,
						     VR_ARM_SSBD_KERNEL, "source host, 5.3 family"),
	[MIGRATE_SRC_HOST + HOST_SPECTRE_V2] =
		VR_ENUM_OPT("src_spectre_v2", vri_arm_spectre_names, VR_ARM_SPECTRE_MITIGATED,
			    "source host, 5.10+"),
	[MIGRATE_SRC_HOST + HOST_SPECTRE_V4] =
		VR_ENUM_OPT("src_spectre_v4", vri_arm_spectre_names, VR_ARM_SPECTRE_MITIGATED,
			    "source host, 5.10+"),
	[MIGRATE_SRC_HOST + HOST_SPECTRE_BHB] =
		VR_ENUM_OPT("src_spectre_bhb", vri_arm_spectre_names, VR_ARM_SPECTRE_MITIGATED,
			    "source host, 5.17+"),
	[MIGRATE_SRC_HOST + HOST_SSBS] = VR_BOOL_OPT("src_ssbs", false, "source host, 5.10+"),
	[MIGRATE_PSCI_0_2] =
		VR_BOOL_OPT("psci_0_2", true, "the vCPUs' KVM_ARM_VCPU_PSCI_0_2 on both sides"),
	[MIGRATE_SRC_WA2_ENABLED] = VR_BOOL_OPT("src_wa2_enabled", true,
						"the source vCPU's workaround-2 flag (dynamic 5.3 "
						"source only; reset leaves it on)"),
};
VR_FIELDS_CHECK(migrate_args, NR_MIGRATE_ARGS);

enum { MIGRATE_REFUSED, MIGRATE_IDS, MIGRATE_ERRNOS, NR_MIGRATE_RESULTS };
static const struct vr_field migrate_results[] = {
	[MIGRATE_REFUSED] = VR_U64("refused", 0, VR_ARM_MAX_FW_REGS,
				   "how many saved registers the destination refuses"),
	[MIGRATE_IDS] = VR_LIST("ids", 0, UINT64_MAX, VR_ARM_MAX_FW_REGS,
				"the refused ids, in restore order"),
	[MIGRATE_ERRNOS] = VR_LIST("errnos", 0, 4095, VR_ARM_MAX_FW_REGS, "their errnos, positive"),
};
VR_FIELDS_CHECK(migrate_results, NR_MIGRATE_RESULTS);

static int op_migrate_check(void *model, struct vr_call *c)
{
	struct vr_arm *arm = model;
	struct vr_arm_config src_cfg, dst_cfg;
	struct vr_arm_migration_report rep;
	struct vr_arm_saved saved;
	struct vr_arm *src;
	uint64_t *ids, *errs;
	unsigned int i;
	int ret;

	src_cfg.profile = (enum vr_arm_profile)vr_arg_enum(c, MIGRATE_SRC_PROFILE);
	host_from_values(&src_cfg.host, &c->args[MIGRATE_SRC_HOST]);
	src_cfg.nr_vcpus = 1;
	ret = vr_arm_create(&src_cfg, &src);
	if (ret)
		return ret;
	ret = vr_arm_vcpu_init(src, 0, vr_arg_bool(c, MIGRATE_PSCI_0_2));
	if (!ret && vr_arm_vcpu_run(src, 0) == 0)
		vr_arm_guest_wa2_call(src, 0, vr_arg_bool(c, MIGRATE_SRC_WA2_ENABLED));
	if (!ret)
		ret = vr_arm_save(src, 0, &saved);
	vr_arm_destroy(src);
	if (VR_NEVER(ret))
		return ret;

	dst_cfg.profile = arm->profile;
	dst_cfg.host = arm->host;
	dst_cfg.nr_vcpus = 1;
	ret = vr_arm_migration_check(&saved, &dst_cfg, &rep);
	if (ret)
		return ret;
	vr_res_u64(c, MIGRATE_REFUSED, rep.nrefused);
	ids = vr_res_list(c, MIGRATE_IDS, rep.nrefused);
	errs = vr_res_list(c, MIGRATE_ERRNOS, rep.nrefused);
	if (!ids || !errs)
		return -E2BIG;
	vr_explain(c, "migrate %u registers from a %s host to this %s host: %u refused", saved.n,
		   vr_arm_profile_name(src_cfg.profile), arm->prof->name, rep.nrefused);
	/* Describing values costs a printf each: only when narrating. */
	for (i = 0; c->explain && i < saved.n; i++) {
		char desc[64];

		vri_arm_describe_value(desc, sizeof(desc), saved.id[i], saved.val[i]);
		vr_explain(c, "  saved %s = %s", vr_arm_reg_name(saved.id[i]), desc);
	}
	for (i = 0; i < rep.nrefused; i++) {
		ids[i] = rep.refused[i].id;
		errs[i] = (u64)-rep.refused[i].err;
		vr_explain(c, "  refused, %s: %s", vr_errno_str(rep.refused[i].err),
			   rep.refused[i].why);
	}
	return 0;
}

enum { UACCESS_NTH, NR_UACCESS_ARGS };
static const struct vr_field uaccess_args[] = {
	[UACCESS_NTH] =
		VR_U64("nth", 0, 16, "the nth user copy from now faults (1 = the next); 0 disarms"),
};
VR_FIELDS_CHECK(uaccess_args, NR_UACCESS_ARGS);

static int op_uaccess_fail(void *model, struct vr_call *c)
{
	unsigned int nth = (unsigned int)vr_arg_u64(c, UACCESS_NTH);

	vr_arm_uaccess_fail_nth(model, nth);
	if (nth)
		vr_explain(c, "user copy number %u from now will fault", nth);
	else
		vr_explain(c, "user copies no longer fault");
	return 0;
}

enum {
	OP_VCPU_INIT,
	OP_VCPU_RUN,
	OP_GET_REG_LIST,
	OP_GET_REG,
	OP_SET_REG,
	OP_GUEST_WA2_CALL,
	OP_ARCH_FEATURES,
	OP_MIGRATE_CHECK,
	OP_UACCESS_FAIL,
	NR_OPS
};

static const struct vr_op arm_ops[] = {
	[OP_VCPU_INIT] = VR_OP("vcpu_init", vcpu_init_args, ret_only, op_vcpu_init,
			       "KVM_ARM_VCPU_INIT with or without PSCI_0_2; resets the vCPU"),
	[OP_VCPU_RUN] = VR_OP("vcpu_run", vcpu_run_args, ret_only, op_vcpu_run,
			      "KVM_RUN: marks the vCPU and the VM as having run"),
	[OP_GET_REG_LIST] = VR_OP("get_reg_list", reg_list_args, reg_list_results, op_get_reg_list,
				  "KVM_GET_REG_LIST, firmware part: count and ids"),
	[OP_GET_REG] =
		VR_OP("get_reg", get_reg_args, get_reg_results, op_get_reg, "KVM_GET_ONE_REG"),
	[OP_SET_REG] = VR_OP("set_reg", set_reg_args, set_reg_results, op_set_reg,
			     "KVM_SET_ONE_REG (restore on a migration destination)"),
	[OP_GUEST_WA2_CALL] =
		VR_OP("guest_wa2_call", wa2_call_args, wa2_call_results, op_guest_wa2_call,
		      "the guest calls SMCCC ARCH_WORKAROUND_2 (toggles its mitigation on a "
		      "dynamic host)"),
	[OP_ARCH_FEATURES] =
		VR_OP("arch_features", features_args, features_results, op_arch_features,
		      "the guest calls SMCCC_ARCH_FEATURES(ARCH_WORKAROUND_n)"),
	[OP_MIGRATE_CHECK] =
		VR_OP("migrate_check", migrate_args, migrate_results, op_migrate_check,
		      "save a fresh VM on a source host and restore it here, in a scratch VM"),
	[OP_UACCESS_FAIL] = VR_OP_NORESULTS("uaccess_fail", uaccess_args, op_uaccess_fail,
					    "make the nth user copy from now fault"),
};
VR_FIELDS_CHECK(arm_ops, NR_OPS);

static const struct vr_check arm_checks[] = {
	{ "registers", "every listed register of every initialised vCPU reads what the rules say",
	  vri_arm_check_registers },
};

const struct vr_model vr_model_arm = {
	.name = "arm",
	.doc = "arm64 KVM firmware pseudo-registers: PSCI version, SMCCC workaround levels, "
	       "feature "
	       "bitmaps",
	VR_MODEL_CONFIG(arm_config),
	.create = arm_create,
	.destroy = arm_destroy,
	VR_MODEL_OPS(arm_ops),
	.invariants = arm_invariants,
	.dump = vri_arm_dump,
	VR_MODEL_CHECKS(arm_checks),
};
