/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The arm op table: narration, rejected steps, the invariants catching a
 * broken state, and the dump.  The invariant tests corrupt the state
 * through the model's internal header, as no op can.
 */
#include <string.h>
#include "arm_test.h"
#include "../../src/arm/arm_internal.h"

/* Replays @yaml with narration; returns vr_replay()'s result. */
static int replay_explain(const char *yaml, struct vr_text *out)
{
	struct vr_trace *t = NULL;
	int ret;

	ret = vr_trace_parse("<arm>", yaml, strlen(yaml), &t, out);
	if (ret)
		return ret;
	ret = vr_replay(t, VR_REPLAY_EXPLAIN | VR_REPLAY_QUIET, out, NULL);
	vr_trace_free(t);
	return ret;
}

START_TEST(test_explain_teaches)
{
	struct vr_text out = VR_TEXT_INIT;
	const char *yaml =
		"virtref: 1\nmodel: arm\nname: t\n"
		"config: { profile: \"5.3\", bp_harden: wa_needed }\n"
		"steps:\n"
		"  - op: vcpu_init\n    args: { vcpu: 0 }\n    expect: { ret: 0 }\n"
		"  - op: set_reg\n    args: { vcpu: 0, id: 0x6030000000140001, value: 2 }\n"
		"    expect: { ret: -EINVAL }\n"
		"  - op: get_reg\n    args: { vcpu: 0, id: 0x6030000000140002 }\n"
		"    expect: { ret: 0, value: 0x12 }\n";

	ck_assert_int_eq(replay_explain(yaml, &out), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
		"set WORKAROUND_1 = 0x2 (NOT_REQUIRED) on a host at level 1 (AVAIL): refused, "
		"-EINVAL: restoring would claim more protection than this host gives"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
		"get WORKAROUND_2 on vCPU 0: 0x12 (AVAIL|ENABLED): dynamic host, this vCPU's mitigation is on"));
	vr_text_free(&out);
}
END_TEST

START_TEST(test_rejected_steps)
{
	struct vr_text out = VR_TEXT_INIT;
	const char *bad_vcpu =
		"virtref: 1\nmodel: arm\nname: t\nconfig: { vcpus: 1 }\nsteps:\n"
		"  - op: vcpu_init\n    args: { vcpu: 3 }\n";
	const char *call_before_run =
		"virtref: 1\nmodel: arm\nname: t\nconfig: { profile: \"5.3\" }\nsteps:\n"
		"  - op: vcpu_init\n    args: { vcpu: 0 }\n"
		"  - op: guest_wa2_call\n    args: { vcpu: 0, enable: true }\n";

	ck_assert_int_eq(replay_explain(bad_vcpu, &out), -VR_EREJECTED);
	vr_text_clear(&out);
	ck_assert_int_eq(replay_explain(call_before_run, &out), -VR_EREJECTED);
	vr_text_free(&out);
}
END_TEST

static struct kvm *model_vm(enum vr_arm_profile p)
{
	struct vr_value cfg[16];
	void *m = NULL;

	ck_assert_uint_le(vr_model_arm.nconfig, VR_ARRAY_SIZE(cfg));
	ck_assert_int_eq(vr_config_defaults(&vr_model_arm, cfg), 0);
	cfg[0].u = p;
	ck_assert_int_eq(vr_model_arm.create(cfg, &m), 0);
	ck_assert_int_eq(vr_arm_vcpu_init(vr_arm_vcpu(m, 0), true), 0);
	return m;
}

START_TEST(test_invariants_catch_broken_state)
{
	struct vr_text why = VR_TEXT_INIT;
	struct kvm *kvm = model_vm(VR_ARM_PROFILE_6_15);

	ck_assert_int_eq(vr_model_arm.invariants(kvm, &why), 0);
	ck_assert_int_eq(vr_model_arm.checks[0].run(kvm, &why), 0);

	kvm->vcpus[0]->arch.workaround_flags |= VCPU_WORKAROUND_2_FLAG;
	ck_assert_int_ne(vr_model_arm.invariants(kvm, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "without dynamic SSBD"));
	kvm->vcpus[0]->arch.workaround_flags = 0;

	vr_text_clear(&why);
	kvm->arch.smccc_feat.std_bmap = 0x2;
	ck_assert_int_ne(vr_model_arm.invariants(kvm, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "STD_BMAP = 0x2 holds unsupported bits"));
	kvm->arch.smccc_feat.std_bmap = 0x1;

	vr_text_clear(&why);
	kvm->arch.psci_version = KVM_ARM_PSCI_0_1;
	ck_assert_int_ne(vr_model_arm.invariants(kvm, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "does not suit the VM's vCPUs"));
	kvm->arch.psci_version = 0x30000;
	vr_text_clear(&why);
	ck_assert_int_ne(vr_model_arm.invariants(kvm, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "not one this kernel accepts"));
	kvm->arch.psci_version = 0;

	vr_text_clear(&why);
	kvm->vcpus[1]->arch.has_run_once = true;
	ck_assert_int_ne(vr_model_arm.invariants(kvm, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "ran without KVM_ARM_VCPU_INIT"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "has-run flag disagrees"));

	vr_text_free(&why);
	vr_model_arm.destroy(kvm);
}
END_TEST

START_TEST(test_dump)
{
	struct vr_text out = VR_TEXT_INIT;
	struct kvm *k53 = model_vm(VR_ARM_PROFILE_5_3);
	struct kvm *k615 = model_vm(VR_ARM_PROFILE_6_15);

	vr_arm_uaccess_fail_nth(k53, 2);
	vr_model_arm.dump(k53, &out);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "host: bp_harden wa_needed, ssbd kernel"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "levels: WA1 1, WA2 2\n"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
				     "vCPU 0: initialised with PSCI_0_2, never ran, workaround-2 flag on"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "user copy 2 from now will fault"));
	vr_text_clear(&out);
	vr_model_arm.dump(k615, &out);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "levels: WA1 1, WA2 3, WA3 1"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "VENDOR_HYP_BMAP_2 = 0x0 (supported 0x3)"));
	vr_text_free(&out);
	vr_model_arm.destroy(k53);
	vr_model_arm.destroy(k615);
}
END_TEST

static const struct vr_test model_tests[] = {
	VR_TEST(test_explain_teaches),
	VR_TEST(test_rejected_steps),
	VR_TEST(test_invariants_catch_broken_state),
	VR_TEST(test_dump),
};

static const struct vr_tcase arm_model_tcases[] = {
	VR_TCASE("model", model_tests),
};

const struct vr_suite vr_suite_arm_model = VR_SUITE("arm_model", arm_model_tcases);
