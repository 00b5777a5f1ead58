/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The arm op table: narration, rejected steps, the invariants catching a
 * broken state, and the dump.  The invariant tests corrupt the kernel
 * objects through <virtref/arm/kvm_host.h>, as no op can.
 */
#include <string.h>
#include <virtref/instance.h>
#include "arm_test.h"

/* An instance of the arm model on profile @p, vCPU 0 initialised. */
static struct vr_instance *model_vm(enum vr_arm_profile p)
{
	struct vr_value cfg[16];
	struct vr_instance *in = NULL;
	int profile = vr_field_find(vr_model_arm.config, vr_model_arm.nconfig, "profile");

	ck_assert_uint_le(vr_model_arm.nconfig, VR_ARRAY_SIZE(cfg));
	ck_assert_int_eq(vr_config_defaults(&vr_model_arm, cfg), 0);
	ck_assert_int_ge(profile, 0);
	cfg[profile].u = p;
	ck_assert_int_eq(vr_instance_create(&vr_model_arm, cfg, &in), 0);
	ck_assert_int_eq(vr_arm_vcpu_init(vr_instance_state(in), 0, true), 0);
	return in;
}

/* Applies op @name with @args (in the op's argument order), narrating into @out. */
static int apply(struct vr_instance *in, const char *name, const uint64_t *args, unsigned int n,
		 struct vr_text *out)
{
	struct vr_value v[8];
	int op = vr_op_find(&vr_model_arm, name);
	unsigned int i;

	ck_assert_int_ge(op, 0);
	ck_assert_uint_eq(vr_model_arm.ops[op].nargs, n);
	memset(v, 0, sizeof(v));
	for (i = 0; i < n; i++)
		v[i].u = args[i];
	return vr_instance_apply(in, (uint32_t)op, v, out);
}

START_TEST(test_explain_teaches)
{
	struct vr_text out = VR_TEXT_INIT;
	struct vr_instance *in = model_vm(VR_ARM_PROFILE_5_3);
	const uint64_t set_wa1[] = { 0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 2, false };
	const uint64_t get_wa2[] = { 0, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2, false };

	ck_assert_int_eq(apply(in, "set_reg", set_wa1, 4, &out), 0);
	ck_assert_int_eq(vr_instance_result(in, 0)->u, (uint64_t)(int64_t)-EINVAL);
	ck_assert_int_eq(apply(in, "get_reg", get_wa2, 3, &out), 0);
	ck_assert_int_eq(vr_instance_result(in, 1)->u, 0x12);
	ck_assert_ptr_nonnull(strstr(
		vr_text_str(&out),
		"set WORKAROUND_1 = 0x2 (NOT_REQUIRED) on a host at level 1 (AVAIL): refused, "
		"-EINVAL: restoring would claim more protection than this host gives"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
				     "get WORKAROUND_2 on vCPU 0: 0x12 (AVAIL|ENABLED): dynamic "
				     "host, this vCPU's mitigation is on"));
	vr_text_free(&out);
	vr_instance_destroy(in);
}
END_TEST

START_TEST(test_rejected_steps)
{
	struct vr_text out = VR_TEXT_INIT;
	const char *bad_vcpu = "virtref: 1\nmodel: arm\nname: t\nconfig: { vcpus: 1 }\nsteps:\n"
			       "  - op: vcpu_init\n    args: { vcpu: 3 }\n";
	const char *call_before_run =
		"virtref: 1\nmodel: arm\nname: t\nconfig: { profile: \"5.3\" }\nsteps:\n"
		"  - op: vcpu_init\n    args: { vcpu: 0 }\n"
		"  - op: guest_wa2_call\n    args: { vcpu: 0, enable: true }\n";

	ck_assert_int_eq(vr_test_replay_string(bad_vcpu, &out), -VR_EREJECTED);
	vr_text_clear(&out);
	ck_assert_int_eq(vr_test_replay_string(call_before_run, &out), -VR_EREJECTED);
	vr_text_free(&out);
}
END_TEST

START_TEST(test_invariants_catch_broken_state)
{
	struct vr_text why = VR_TEXT_INIT;
	struct vr_instance *in = model_vm(VR_ARM_PROFILE_6_15);
	struct vr_arm *arm = vr_instance_state(in);
	struct kvm *kvm = vr_arm_kvm(arm);

	ck_assert_int_eq(vr_arm_invariants(arm, &why), 0);
	ck_assert_int_eq(vr_instance_check(in, "registers", &why), 0);

	kvm->vcpus[0]->arch.workaround_flags |= VCPU_WORKAROUND_2_FLAG;
	ck_assert_int_ne(vr_arm_invariants(arm, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "without dynamic SSBD"));
	kvm->vcpus[0]->arch.workaround_flags = 0;

	vr_text_clear(&why);
	kvm->arch.smccc_feat.std_bmap = 0x2;
	ck_assert_int_ne(vr_arm_invariants(arm, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "STD_BMAP = 0x2 holds unsupported bits"));
	kvm->arch.smccc_feat.std_bmap = 0x1;

	vr_text_clear(&why);
	kvm->arch.psci_version = KVM_ARM_PSCI_0_1;
	ck_assert_int_ne(vr_arm_invariants(arm, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "does not suit the VM's vCPUs"));
	kvm->arch.psci_version = 0x30000;
	vr_text_clear(&why);
	ck_assert_int_ne(vr_arm_invariants(arm, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "not one this kernel accepts"));
	kvm->arch.psci_version = 0;

	vr_text_clear(&why);
	kvm->vcpus[1]->arch.has_run_once = true;
	ck_assert_int_ne(vr_arm_invariants(arm, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "ran without KVM_ARM_VCPU_INIT"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "has-run flag disagrees"));

	vr_text_free(&why);
	vr_instance_destroy(in);
}
END_TEST

START_TEST(test_dump)
{
	struct vr_text out = VR_TEXT_INIT;
	struct vr_instance *k53 = model_vm(VR_ARM_PROFILE_5_3);
	struct vr_instance *k615 = model_vm(VR_ARM_PROFILE_6_15);

	vr_arm_uaccess_fail_nth(vr_instance_state(k53), 2);
	vr_instance_dump(k53, &out);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "host: bp_harden wa_needed, ssbd kernel"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "levels: WA1 1, WA2 2\n"));
	ck_assert_ptr_nonnull(
		strstr(vr_text_str(&out),
		       "vCPU 0: initialised with PSCI_0_2, never ran, workaround-2 flag on"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "user copy 2 from now will fault"));
	vr_text_clear(&out);
	vr_instance_dump(k615, &out);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "levels: WA1 1, WA2 3, WA3 1"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "VENDOR_HYP_BMAP_2 = 0x0 (supported 0x3)"));
	vr_text_free(&out);
	vr_instance_destroy(k53);
	vr_instance_destroy(k615);
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
