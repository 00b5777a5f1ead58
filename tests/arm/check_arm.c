/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The arm model's register semantics: id encoding, KVM_GET_REG_LIST per
 * profile, GET rules, PSCI_VERSION rules, every errno of docs/arm.md's
 * "Errors" table, the 2023 size-in-id check, the feature bitmaps and -EBUSY, the
 * guest-visible side (ARCH_FEATURES, the WA2 call), and allocation
 * failure.
 */
#include <virtref/arm/spectre.h>
#include <virtref/context.h>
#include <virtref/mem.h>
#include <virtref/warn.h>
#include "arm_test.h"

static const enum vr_arm_profile all[] = { VR_ARM_PROFILE_5_2,	VR_ARM_PROFILE_V3,
					   VR_ARM_PROFILE_5_3,	VR_ARM_PROFILE_5_10,
					   VR_ARM_PROFILE_5_17, VR_ARM_PROFILE_6_0,
					   VR_ARM_PROFILE_6_15 };
_Static_assert(VR_ARRAY_SIZE(all) == VR_ARM_NR_PROFILES, "every profile");

/* Before the seed only PSCI_VERSION is a firmware register, and others get -EINVAL. */
static bool pre_seed(enum vr_arm_profile p)
{
	return p == VR_ARM_PROFILE_5_2;
}

static int unknown_errno(enum vr_arm_profile p)
{
	return p == VR_ARM_PROFILE_5_2 || p == VR_ARM_PROFILE_V3 ? -EINVAL : -ENOENT;
}

/* ---- ids ---- */

START_TEST(test_id_encoding)
{
	ck_assert_uint_eq(KVM_REG_ARM64, 0x6000000000000000ULL);
	ck_assert_uint_eq(KVM_REG_SIZE_U64, 0x0030000000000000ULL);
	ck_assert_uint_eq(KVM_REG_ARM_FW, 0x00140000);
	ck_assert_uint_eq(KVM_REG_ARM_FW_FEAT_BMAP, 0x00160000);
	ck_assert_uint_eq(KVM_REG_ARM_PSCI_VERSION, 0x6030000000140000ULL);
	ck_assert_uint_eq(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 0x6030000000140001ULL);
	ck_assert_uint_eq(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2, 0x6030000000140002ULL);
	ck_assert_uint_eq(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3, 0x6030000000140003ULL);
	ck_assert_uint_eq(KVM_REG_ARM_STD_BMAP, 0x6030000000160000ULL);
	ck_assert_uint_eq(KVM_REG_ARM_STD_HYP_BMAP, 0x6030000000160001ULL);
	ck_assert_uint_eq(KVM_REG_ARM_VENDOR_HYP_BMAP, 0x6030000000160002ULL);
	ck_assert_uint_eq(KVM_REG_ARM_VENDOR_HYP_BMAP_2, 0x6030000000160003ULL);
	ck_assert_uint_eq(KVM_REG_ARM | KVM_REG_SIZE_U64 | KVM_REG_ARM_FW | 1,
			  0x4030000000140001ULL);
	ck_assert_uint_eq(KVM_REG_SIZE(KVM_REG_ARM_PSCI_VERSION), 8);
	ck_assert_uint_eq(KVM_REG_SIZE(KVM_REG_SIZE_U2048), 256);
	ck_assert_uint_eq(KVM_REG_SIZE(KVM_REG_SIZE_MASK), 1u << 15);
	ck_assert_uint_eq(KVM_ARM_PSCI_0_1, 0x1);
	ck_assert_uint_eq(KVM_ARM_PSCI_0_2, 0x2);
	ck_assert_uint_eq(KVM_ARM_PSCI_1_0, 0x10000);
	ck_assert_uint_eq(KVM_ARM_PSCI_1_1, 0x10001);
	ck_assert_str_eq(vr_arm_reg_name(ID_WA2), "WORKAROUND_2");
	ck_assert_str_eq(vr_arm_reg_name(KVM_REG_ARM_VENDOR_HYP_BMAP_2), "VENDOR_HYP_BMAP_2");
	ck_assert_ptr_null(vr_arm_reg_name(KVM_REG_ARM_FW_REG(9)));
}
END_TEST

START_TEST(test_profile_names)
{
	unsigned int p;

	for (p = 0; p < VR_ARM_NR_PROFILES; p++)
		ck_assert_int_eq(vr_arm_profile_from_name(vr_arm_profile_name(p)), (int)p);
	ck_assert_int_eq(vr_arm_profile_from_name("mainline"), VR_ARM_PROFILE_6_15);
	ck_assert_int_eq(VR_ARM_PROFILE_MAINLINE, VR_ARM_PROFILE_6_15);
	ck_assert_int_eq(vr_arm_profile_from_name("6.1"), -EINVAL);
	ck_assert_int_eq(vr_arm_profile_from_name(NULL), -EINVAL);
	ck_assert_ptr_null(vr_arm_profile_name(VR_ARM_NR_PROFILES));
	ck_assert_uint_eq(vr_arm_profile_fw_regs(VR_ARM_NR_PROFILES, NULL), 0);
}
END_TEST

/* ---- KVM_GET_REG_LIST ---- */

static const unsigned int list_count[] = { 1, 3, 3, 3, 4, 7, 8 };

START_TEST(test_reg_list_per_profile)
{
	static const u64 order[] = { ID_PSCI,
				     ID_WA1,
				     ID_WA2,
				     ID_WA3,
				     KVM_REG_ARM_STD_BMAP,
				     KVM_REG_ARM_STD_HYP_BMAP,
				     KVM_REG_ARM_VENDOR_HYP_BMAP,
				     KVM_REG_ARM_VENDOR_HYP_BMAP_2 };
	enum vr_arm_profile p = all[_i];
	struct vr_arm *kvm = arm_vm_profile(p);
	u64 ids[VR_ARM_MAX_FW_REGS], n = VR_ARM_MAX_FW_REGS;
	const u64 *table;
	unsigned int i;

	ck_assert_int_eq(kvm_arm_get_fw_num_regs(vr_arm_vcpu(kvm, 0)), (int)list_count[_i]);
	ck_assert_uint_eq(vr_arm_profile_fw_regs(p, &table), list_count[_i]);
	ck_assert_int_eq(vr_arm_get_reg_list(kvm, 0, &n, ids), 0);
	ck_assert_uint_eq(n, list_count[_i]);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(ids[i], order[i]);
		ck_assert_uint_eq(table[i], order[i]);
	}
	/* The list is unconditional: an unaffected host lists the same ids. */
	vr_arm_destroy(kvm);
}
END_TEST

START_TEST(test_reg_list_errors)
{
	struct vr_arm *kvm = NULL;
	struct vr_arm_config cfg = arm_cfg(VR_ARM_PROFILE_6_0);
	u64 ids[VR_ARM_MAX_FW_REGS] = { 0 }, n = VR_ARM_MAX_FW_REGS;
	struct vr_context ctx, *prev;
	struct vr_mem *user;
	struct kvm_vcpu *v;

	ck_assert_int_eq(vr_arm_create(&cfg, &kvm), 0);
	v = vr_arm_vcpu(kvm, 0);
	ck_assert_errno(vr_arm_get_reg_list(kvm, 0, &n, ids), -ENOEXEC);
	ck_assert_int_eq(vr_arm_vcpu_init(kvm, 0, true), 0);
	n = 6;
	ck_assert_errno(vr_arm_get_reg_list(kvm, 0, &n, ids), -E2BIG);
	ck_assert_uint_eq(n, 7);
	ck_assert_errno(vr_arm_get_reg_list(kvm, 0, &n, NULL), -EFAULT);
	/* the second put_user faults: the first id is already written */
	user = vr_mem_create("user");
	ck_assert_int_eq(vr_mem_add(user, 0x4000, sizeof(ids)), 0);
	vr_context_init(&ctx);
	ctx.user = user;
	ctx.uaccess_fail_nth = 2;
	prev = vr_context_enter(&ctx);
	ck_assert_errno(kvm_arm_copy_fw_reg_indices(v, (u64 __user *)0x4000), -EFAULT);
	ck_assert_uint_eq(ctx.uaccess_calls, 2);
	ck_assert_int_eq(vr_mem_read(user, 0x4000, ids, sizeof(ids)), 0);
	ck_assert_uint_eq(ids[0], ID_PSCI);
	ck_assert_uint_eq(ids[1], 0);
	ck_assert_int_eq(kvm_arm_copy_fw_reg_indices(v, (u64 __user *)0x4000), 0);
	vr_context_leave(prev);
	ck_assert_int_eq(vr_mem_read(user, 0x4000, ids, sizeof(ids)), 0);
	ck_assert_uint_eq(ids[6], KVM_REG_ARM_VENDOR_HYP_BMAP);
	vr_mem_destroy(user);
	vr_arm_destroy(kvm);
}
END_TEST

/* ---- GET ---- */

START_TEST(test_get_levels_53)
{
	static const struct {
		enum vr_arm_bp_harden bp;
		u64 l;
	} wa1[] = { { VR_ARM_BP_HARDEN_UNKNOWN, 0 },
		    { VR_ARM_BP_HARDEN_WA_NEEDED, 1 },
		    { VR_ARM_BP_HARDEN_NOT_REQUIRED, 2 } };
	static const struct {
		enum vr_arm_ssbd s;
		u64 l;
	} wa2[] = { { VR_ARM_SSBD_FORCE_DISABLE, 0 },
		    { VR_ARM_SSBD_KERNEL, 2 },
		    { VR_ARM_SSBD_FORCE_ENABLE, 3 },
		    { VR_ARM_SSBD_MITIGATED, 3 },
		    { VR_ARM_SSBD_UNKNOWN, 1 } };
	struct vr_arm_config cfg = arm_cfg(VR_ARM_PROFILE_5_3);
	size_t i;

	for (i = 0; i < VR_ARRAY_SIZE(wa1); i++) {
		struct vr_arm *kvm;

		cfg.host.bp_harden = wa1[i].bp;
		kvm = arm_vm(&cfg, true);
		ck_assert_uint_eq(arm_val(kvm, 0, ID_WA1), wa1[i].l);
		vr_arm_destroy(kvm);
	}
	for (i = 0; i < VR_ARRAY_SIZE(wa2); i++) {
		struct vr_arm *kvm;

		cfg.host.ssbd = wa2[i].s;
		kvm = arm_vm(&cfg, true);
		/* a fresh vCPU on the dynamic host has the mitigation on: 0x12 */
		ck_assert_uint_eq(arm_val(kvm, 0, ID_WA2), wa2[i].l == 2 ? 0x12 : wa2[i].l);
		vr_arm_destroy(kvm);
	}
}
END_TEST

START_TEST(test_get_levels_510)
{
	static const struct {
		enum vr_arm_spectre s;
		bool ssbs;
		u64 wa1, wa2;
	} t[] = {
		{ VR_ARM_SPECTRE_VULNERABLE, false, 0, 0 },
		{ VR_ARM_SPECTRE_MITIGATED, false, 1, 3 },
		{ VR_ARM_SPECTRE_MITIGATED, true, 1, 0 },
		{ VR_ARM_SPECTRE_UNAFFECTED, false, 2, 3 },
		{ VR_ARM_SPECTRE_UNAFFECTED, true, 2, 3 },
	};
	size_t i;

	for (i = 0; i < VR_ARRAY_SIZE(t); i++) {
		struct vr_arm_config cfg = arm_cfg(VR_ARM_PROFILE_6_15);
		struct vr_arm *kvm;

		cfg.host.spectre_v2 = cfg.host.spectre_v4 = cfg.host.spectre_bhb = t[i].s;
		cfg.host.ssbs = t[i].ssbs;
		kvm = arm_vm(&cfg, true);
		ck_assert_uint_eq(arm_val(kvm, 0, ID_WA1), t[i].wa1);
		ck_assert_uint_eq(arm_val(kvm, 0, ID_WA2), t[i].wa2);
		ck_assert_uint_eq(arm_val(kvm, 0, ID_WA3), t[i].wa1);
		vr_arm_destroy(kvm);
	}
}
END_TEST

/* arch/arm64/kvm/reset.c: a reset on a dynamic host turns the flag on. */
START_TEST(test_fresh_vcpu_wa2_0x12)
{
	struct vr_arm *kvm = arm_vm_profile(VR_ARM_PROFILE_5_3);
	const unsigned int v = 0;

	ck_assert(vr_arm_vcpu_wa2_flag(kvm, v));
	ck_assert_uint_eq(arm_val(kvm, 0, ID_WA2), 0x12);
	ck_assert_int_eq(vr_arm_vcpu_run(kvm, v), 0);
	ck_assert(vr_arm_guest_wa2_call(kvm, v, false));
	ck_assert_uint_eq(arm_val(kvm, 0, ID_WA2), 0x02);
	ck_assert(!vr_arm_guest_wa2_call(kvm, v, false));
	/* vCPU 1 keeps its own state */
	ck_assert_uint_eq(arm_val(kvm, 1, ID_WA2), 0x12);
	/* a second INIT resets the vCPU: the flag is on again */
	ck_assert_int_eq(vr_arm_vcpu_init(kvm, v, true), 0);
	ck_assert_uint_eq(arm_val(kvm, 0, ID_WA2), 0x12);
	vr_arm_destroy(kvm);
}
END_TEST

/* Only the dynamic 5.3-family host has a per-vCPU state to toggle. */
START_TEST(test_guest_wa2_call_static_hosts)
{
	enum vr_arm_profile p = all[_i];
	struct vr_arm_config cfg = arm_cfg(p);
	struct vr_arm *kvm;
	const unsigned int v = 0;

	if (p == VR_ARM_PROFILE_5_2 || p == VR_ARM_PROFILE_V3 || p == VR_ARM_PROFILE_5_3)
		cfg.host.ssbd = VR_ARM_SSBD_FORCE_ENABLE;
	kvm = arm_vm(&cfg, true);
	ck_assert_int_eq(vr_arm_vcpu_run(kvm, v), 0);
	ck_assert(!vr_arm_guest_wa2_call(kvm, v, true));
	ck_assert(!vr_arm_vcpu_wa2_flag(kvm, v));
	if (!pre_seed(p))
		ck_assert_uint_eq(arm_val(kvm, 0, ID_WA2), 3);
	vr_arm_destroy(kvm);
}
END_TEST

START_TEST(test_arch_features)
{
	struct vr_arm_config cfg = arm_cfg(VR_ARM_PROFILE_5_3);
	static const struct {
		enum vr_arm_ssbd s;
		long r;
	} wa2[] = {
		{ VR_ARM_SSBD_FORCE_DISABLE, SMCCC_RET_NOT_SUPPORTED },
		{ VR_ARM_SSBD_UNKNOWN, SMCCC_RET_NOT_SUPPORTED },
		{ VR_ARM_SSBD_KERNEL, SMCCC_RET_SUCCESS },
		{ VR_ARM_SSBD_FORCE_ENABLE, SMCCC_RET_NOT_REQUIRED },
		{ VR_ARM_SSBD_MITIGATED, SMCCC_RET_NOT_REQUIRED },
	};
	struct vr_arm *kvm;
	size_t i;

	for (i = 0; i < VR_ARRAY_SIZE(wa2); i++) {
		cfg.host.ssbd = wa2[i].s;
		kvm = arm_vm(&cfg, true);
		ck_assert_int_eq(vr_arm_arch_features(kvm, 0, ARM_SMCCC_ARCH_WORKAROUND_2),
				 wa2[i].r);
		vr_arm_destroy(kvm);
	}
	cfg.host.bp_harden = VR_ARM_BP_HARDEN_NOT_REQUIRED;
	kvm = arm_vm(&cfg, true);
	ck_assert_int_eq(vr_arm_arch_features(kvm, 0, ARM_SMCCC_ARCH_WORKAROUND_1),
			 SMCCC_RET_NOT_REQUIRED);
	/* 5.3 has no WORKAROUND_3 */
	ck_assert_int_eq(vr_arm_arch_features(kvm, 0, ARM_SMCCC_ARCH_WORKAROUND_3),
			 SMCCC_RET_NOT_SUPPORTED);
	vr_arm_destroy(kvm);

	cfg = arm_cfg(VR_ARM_PROFILE_6_15);
	cfg.host.spectre_v2 = VR_ARM_SPECTRE_UNAFFECTED;
	cfg.host.spectre_bhb = VR_ARM_SPECTRE_VULNERABLE;
	kvm = arm_vm(&cfg, true);
	ck_assert_int_eq(vr_arm_arch_features(kvm, 0, ARM_SMCCC_ARCH_WORKAROUND_1),
			 SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED);
	ck_assert_int_eq(vr_arm_arch_features(kvm, 0, ARM_SMCCC_ARCH_WORKAROUND_2),
			 SMCCC_RET_NOT_REQUIRED);
	ck_assert_int_eq(vr_arm_arch_features(kvm, 0, ARM_SMCCC_ARCH_WORKAROUND_3),
			 SMCCC_RET_NOT_SUPPORTED);
	ck_assert_int_eq(vr_arm_arch_features(kvm, 0, ARM_SMCCC_VERSION_FUNC_ID),
			 SMCCC_RET_NOT_SUPPORTED);
	ck_assert_int_eq(vr_arm_arch_features(NULL, 0, ARM_SMCCC_ARCH_WORKAROUND_1),
			 SMCCC_RET_NOT_SUPPORTED);
	vr_arm_destroy(kvm);

	/* the other columns: needed and offered, or nothing offered */
	cfg.host.spectre_v2 = VR_ARM_SPECTRE_VULNERABLE;
	cfg.host.spectre_bhb = VR_ARM_SPECTRE_MITIGATED;
	kvm = arm_vm(&cfg, true);
	ck_assert_int_eq(vr_arm_arch_features(kvm, 0, ARM_SMCCC_ARCH_WORKAROUND_1),
			 SMCCC_RET_NOT_SUPPORTED);
	ck_assert_int_eq(vr_arm_arch_features(kvm, 0, ARM_SMCCC_ARCH_WORKAROUND_3),
			 SMCCC_RET_SUCCESS);
	vr_arm_destroy(kvm);
	cfg.host.spectre_v2 = VR_ARM_SPECTRE_MITIGATED;
	kvm = arm_vm(&cfg, true);
	ck_assert_int_eq(vr_arm_arch_features(kvm, 0, ARM_SMCCC_ARCH_WORKAROUND_1),
			 SMCCC_RET_SUCCESS);
	vr_arm_destroy(kvm);
}
END_TEST

/* ---- PSCI_VERSION ---- */

START_TEST(test_psci_default_per_profile)
{
	static const u32 latest[] = { KVM_ARM_PSCI_1_0, KVM_ARM_PSCI_1_0, KVM_ARM_PSCI_1_0,
				      KVM_ARM_PSCI_1_0, KVM_ARM_PSCI_1_0, KVM_ARM_PSCI_1_1,
				      KVM_ARM_PSCI_1_3 };
	struct vr_arm_config cfg = arm_cfg(all[_i]);
	struct vr_arm *kvm = arm_vm(&cfg, true);
	struct vr_arm *k01 = arm_vm(&cfg, false);

	ck_assert_uint_eq(arm_val(kvm, 0, ID_PSCI), latest[_i]);
	ck_assert_uint_eq(vr_arm_psci_version_stored(kvm), 0);
	ck_assert_uint_eq(arm_val(k01, 0, ID_PSCI), KVM_ARM_PSCI_0_1);
	vr_arm_destroy(kvm);
	vr_arm_destroy(k01);
}
END_TEST

START_TEST(test_psci_set_rules)
{
	static const u32 v[] = { KVM_ARM_PSCI_0_1, KVM_ARM_PSCI_0_2, KVM_ARM_PSCI_1_0,
				 KVM_ARM_PSCI_1_1, KVM_ARM_PSCI_1_2, KVM_ARM_PSCI_1_3 };
	/* which of v[] a PSCI_0_2 vCPU may store, per profile */
	static const bool ok02[][6] = {
		{ 0, 1, 1, 0, 0, 0 }, { 0, 1, 1, 0, 0, 0 }, { 0, 1, 1, 0, 0, 0 },
		{ 0, 1, 1, 0, 0, 0 }, { 0, 1, 1, 0, 0, 0 }, { 0, 1, 1, 1, 0, 0 },
		{ 0, 1, 1, 1, 1, 1 },
	};
	struct vr_arm_config cfg = arm_cfg(all[_i]);
	struct vr_arm *kvm = arm_vm(&cfg, true);
	struct vr_arm *k01 = arm_vm(&cfg, false);
	size_t i;

	for (i = 0; i < VR_ARRAY_SIZE(v); i++) {
		if (ok02[_i][i]) {
			ck_assert_errno(arm_set(kvm, 0, ID_PSCI, v[i]), 0);
			/* stored per VM: the other vCPU reads it too */
			ck_assert_uint_eq(arm_val(kvm, 1, ID_PSCI), v[i]);
			ck_assert_uint_eq(vr_arm_psci_version_stored(kvm), v[i]);
		} else {
			ck_assert_set_refused(kvm, 0, ID_PSCI, v[i], -EINVAL);
		}
		/* a vCPU without PSCI_0_2 stores only 0.1 */
		if (v[i] == KVM_ARM_PSCI_0_1)
			ck_assert_errno(arm_set(k01, 0, ID_PSCI, v[i]), 0);
		else
			ck_assert_set_refused(k01, 0, ID_PSCI, v[i], -EINVAL);
	}
	ck_assert_set_refused(kvm, 0, ID_PSCI, 0, -EINVAL);
	ck_assert_set_refused(kvm, 0, ID_PSCI, 0x20000, -EINVAL);
	ck_assert_set_refused(kvm, 0, ID_PSCI, (1ULL << 32) | KVM_ARM_PSCI_1_0, -EINVAL);
	vr_arm_destroy(kvm);
	vr_arm_destroy(k01);
}
END_TEST

/*
 * Up to 6.0 vCPUs of one VM may disagree on PSCI_0_2.  The version is
 * stored per VM, so a 0.2 vCPU then reads the 0.1 its neighbour stored.
 * The mainline profile refuses the mixed VM at KVM_ARM_VCPU_INIT.
 */
START_TEST(test_psci_mixed_vm)
{
	struct vr_arm_config cfg = arm_cfg(VR_ARM_PROFILE_5_3);
	struct vr_arm *kvm = NULL;

	ck_assert_int_eq(vr_arm_create(&cfg, &kvm), 0);
	ck_assert_int_eq(vr_arm_vcpu_init(kvm, 0, false), 0);
	ck_assert_int_eq(vr_arm_vcpu_init(kvm, 1, true), 0);
	ck_assert_int_eq(arm_set(kvm, 0, ID_PSCI, KVM_ARM_PSCI_0_1), 0);
	ck_assert_uint_eq(arm_val(kvm, 1, ID_PSCI), KVM_ARM_PSCI_0_1);
	/* a second INIT must repeat the features */
	ck_assert_errno(vr_arm_vcpu_init(kvm, 1, false), -EINVAL);
	vr_arm_destroy(kvm);

	cfg = arm_cfg(VR_ARM_PROFILE_6_15);
	ck_assert_int_eq(vr_arm_create(&cfg, &kvm), 0);
	ck_assert_int_eq(vr_arm_vcpu_init(kvm, 0, false), 0);
	ck_assert_errno(vr_arm_vcpu_init(kvm, 1, true), -EINVAL);
	ck_assert(!vr_arm_vcpu_initialized(kvm, 1));
	vr_arm_destroy(kvm);
}
END_TEST

/* ---- errno summary (docs/arm.md, "Errors"): one entry at a time ---- */

START_TEST(test_errno_enoent)
{
	struct vr_arm *kvm = arm_vm_profile(all[_i]);
	u64 v;
	int unknown = unknown_errno(all[_i]);

	/* an unknown FW index; the seed and the kernels before it answered -EINVAL */
	ck_assert_errno(arm_get(kvm, 0, KVM_REG_ARM_FW_REG(9), &v), unknown);
	ck_assert_set_refused(kvm, 0, KVM_REG_ARM_FW_REG(9), 0, unknown);
	ck_assert_errno(kvm_arm_get_fw_reg(vr_arm_vcpu(kvm, 0),
					   &(struct kvm_one_reg){ KVM_REG_ARM_FW_REG(0xffff),
								  (u64)(uintptr_t)&v }),
			unknown);
	/* WA3 before 5.17 is an unknown FW id too */
	if (all[_i] < VR_ARM_PROFILE_5_17) {
		ck_assert_errno(arm_get(kvm, 0, ID_WA3, &v), unknown);
		ck_assert_set_refused(kvm, 0, ID_WA3, 0, unknown);
	}
	/* a bitmap id before 6.0 is not a FW id: the sysreg table says -ENOENT */
	if (all[_i] < VR_ARM_PROFILE_6_0) {
		ck_assert_errno(arm_get(kvm, 0, KVM_REG_ARM_STD_BMAP, &v), -ENOENT);
		ck_assert_set_refused(kvm, 0, KVM_REG_ARM_STD_BMAP, 1, -ENOENT);
	}
	if (all[_i] < VR_ARM_PROFILE_6_15)
		ck_assert_set_refused(kvm, 0, KVM_REG_ARM_VENDOR_HYP_BMAP_2, 0, -ENOENT);
	/* outside the firmware groups (a core register) */
	ck_assert_errno(arm_get(kvm, 0, KVM_REG_ARM64 | KVM_REG_SIZE_U64 | 0x00100000, &v),
			-ENOENT);
	vr_arm_destroy(kvm);
}
END_TEST

START_TEST(test_errno_einval)
{
	struct vr_arm_config cfg = arm_cfg(VR_ARM_PROFILE_6_15);
	struct vr_arm *kvm;

	cfg.host.spectre_v2 = VR_ARM_SPECTRE_VULNERABLE;
	kvm = arm_vm(&cfg, true);
	ck_assert_set_refused(kvm, 0, ID_WA1, 1, -EINVAL);		   /* downgrade */
	ck_assert_set_refused(kvm, 0, ID_WA1, 0x10, -EINVAL);		   /* stray bits */
	ck_assert_set_refused(kvm, 0, ID_WA2, 0x13, -EINVAL);		   /* ENABLED w/o AVAIL */
	ck_assert_set_refused(kvm, 0, ID_WA2, 0x05, -EINVAL);		   /* level > 3 */
	ck_assert_set_refused(kvm, 0, ID_PSCI, 0x3, -EINVAL);		   /* bad PSCI */
	ck_assert_set_refused(kvm, 0, KVM_REG_ARM_STD_BMAP, 0x2, -EINVAL); /* unsupported bit */
	/* the arch field of the id (guest.c) */
	ck_assert_errno(arm_set(kvm, 0, ID_WA1 | (1ULL << 40), 0), -EINVAL);
	ck_assert_errno(arm_set(kvm, 0, (ID_WA1 & ~KVM_REG_ARCH_MASK) | KVM_REG_ARM, 0), -EINVAL);
	ck_assert_str_eq(vr_arm_last_reason(kvm), "the id's arch field is not KVM_REG_ARM64");
	ck_assert_errno(arm_get(kvm, 0, ID_WA1 | (1ULL << 40), &(u64){ 0 }), -EINVAL);
	vr_arm_destroy(kvm);
}
END_TEST

START_TEST(test_errno_efault)
{
	struct vr_arm *kvm = arm_vm_profile(all[_i]);
	struct kvm_one_reg reg = { pre_seed(all[_i]) ? ID_PSCI : ID_WA1, 0 };
	struct arm_state b, a;
	u64 v = 0;

	ck_assert_errno(vr_arm_get_one_reg(kvm, 0, &reg), -EFAULT);
	arm_state(kvm, &b);
	ck_assert_errno(vr_arm_set_one_reg(kvm, 0, &reg), -EFAULT);
	reg.id = ID_PSCI;
	reg.addr = (u64)(uintptr_t)&v;
	vr_arm_uaccess_fail_nth(kvm, 1);
	ck_assert_errno(vr_arm_set_one_reg(kvm, 0, &reg), -EFAULT);
	arm_state(kvm, &a);
	ck_assert(!memcmp(&a, &b, sizeof(a)));
	vr_arm_uaccess_fail_nth(kvm, 1);
	ck_assert_errno(vr_arm_get_one_reg(kvm, 0, &reg), -EFAULT);
	ck_assert_int_eq(vr_arm_get_one_reg(kvm, 0, &reg), 0);
	/* an unknown id on GET is refused before any copy */
	reg.id = KVM_REG_ARM_FW_REG(7);
	reg.addr = 0;
	ck_assert_errno(vr_arm_get_one_reg(kvm, 0, &reg), unknown_errno(all[_i]));
	vr_arm_destroy(kvm);
}
END_TEST

START_TEST(test_errno_enoexec)
{
	struct vr_arm_config cfg = arm_cfg(VR_ARM_PROFILE_6_15);
	struct vr_arm *kvm = NULL;
	u64 v;

	ck_assert_int_eq(vr_arm_create(&cfg, &kvm), 0);
	ck_assert_errno(arm_get(kvm, 0, ID_PSCI, &v), -ENOEXEC);
	ck_assert_errno(arm_set(kvm, 0, ID_PSCI, KVM_ARM_PSCI_1_0), -ENOEXEC);
	ck_assert_errno(vr_arm_vcpu_run(kvm, 0), -ENOEXEC);
	ck_assert(!vr_arm_has_ran_once(kvm));
	vr_arm_destroy(kvm);
}
END_TEST

/* ---- the 2023 size-in-id check ---- */

START_TEST(test_size_in_id)
{
	u64 u2048 = (ID_WA1 & ~KVM_REG_SIZE_MASK) | KVM_REG_SIZE_U2048;
	u64 id32 = (ID_WA1 & ~KVM_REG_SIZE_MASK) | KVM_REG_SIZE_U32;
	u64 huge = ID_WA1 | KVM_REG_SIZE_MASK;
	struct vr_arm *old = arm_vm_profile(VR_ARM_PROFILE_6_0);
	struct vr_arm *fixed = arm_vm_profile(VR_ARM_PROFILE_6_15);
	struct kvm_one_reg reg = { u2048, 0 };

	/* before the fix: the copy comes first and overruns the stack */
	ck_assert_set_refused(old, 0, u2048, 0, -ENOENT);
	ck_assert_uint_eq(vr_arm_stack_overflow(old), 256 - 8);
	ck_assert_set_refused(old, 0, huge, 0, -ENOENT);
	ck_assert_uint_eq(vr_arm_stack_overflow(old), (1u << 15) - 8);
	ck_assert_set_refused(old, 0, id32, 0, -ENOENT);
	ck_assert_uint_eq(vr_arm_stack_overflow(old), 0);
	/* ... so a bad pointer faults first */
	ck_assert_errno(vr_arm_set_one_reg(old, 0, &reg), -EFAULT);

	/* after: -ENOENT before any copy, even with a bad pointer */
	ck_assert_set_refused(fixed, 0, u2048, 0, -ENOENT);
	ck_assert_uint_eq(vr_arm_stack_overflow(fixed), 0);
	ck_assert_errno(vr_arm_set_one_reg(fixed, 0, &reg), -ENOENT);
	ck_assert_set_refused(fixed, 0, id32, 0, -ENOENT);
	/* GET never copied more than 8: the id must match exactly first */
	ck_assert_errno(arm_get(old, 0, u2048, &(u64){ 0 }), -ENOENT);
	vr_arm_destroy(old);
	vr_arm_destroy(fixed);
}
END_TEST

/* ---- feature bitmaps ---- */

START_TEST(test_bitmap_defaults)
{
	struct vr_arm *k60 = arm_vm_profile(VR_ARM_PROFILE_6_0);
	struct vr_arm *k615 = arm_vm_profile(VR_ARM_PROFILE_6_15);

	ck_assert_uint_eq(arm_val(k60, 0, KVM_REG_ARM_STD_BMAP), 0x1);
	ck_assert_uint_eq(arm_val(k60, 0, KVM_REG_ARM_STD_HYP_BMAP), 0x1);
	ck_assert_uint_eq(arm_val(k60, 0, KVM_REG_ARM_VENDOR_HYP_BMAP), 0x3);
	ck_assert_uint_eq(arm_val(k615, 0, KVM_REG_ARM_VENDOR_HYP_BMAP), 0x3);
	/* BMAP_2 resets to 0: the DISCOVER_IMPL calls are opt-in */
	ck_assert_uint_eq(arm_val(k615, 0, KVM_REG_ARM_VENDOR_HYP_BMAP_2), 0);
	ck_assert_errno(arm_set(k615, 0, KVM_REG_ARM_VENDOR_HYP_BMAP_2, 0x3), 0);
	ck_assert_uint_eq(arm_val(k615, 1, KVM_REG_ARM_VENDOR_HYP_BMAP_2), 0x3);
	ck_assert_set_refused(k615, 0, KVM_REG_ARM_VENDOR_HYP_BMAP_2, 0x4, -EINVAL);
	ck_assert_set_refused(k60, 0, KVM_REG_ARM_VENDOR_HYP_BMAP, 0x4, -EINVAL);
	ck_assert_set_refused(k60, 0, KVM_REG_ARM_STD_HYP_BMAP, ~0ULL, -EINVAL);
	vr_arm_destroy(k60);
	vr_arm_destroy(k615);
}
END_TEST

START_TEST(test_bitmap_ebusy_after_run)
{
	enum vr_arm_profile p = _i ? VR_ARM_PROFILE_6_15 : VR_ARM_PROFILE_6_0;
	struct vr_arm *kvm = arm_vm_profile(p);

	/* narrow before the first run: stored VM-wide */
	ck_assert_errno(arm_set(kvm, 0, KVM_REG_ARM_VENDOR_HYP_BMAP, 0x1), 0);
	ck_assert_uint_eq(arm_val(kvm, 1, KVM_REG_ARM_VENDOR_HYP_BMAP), 0x1);
	ck_assert_errno(arm_set(kvm, 0, KVM_REG_ARM_STD_BMAP, 0x0), 0);
	/* vCPU 1 runs: the whole VM's bitmaps freeze, also for vCPU 0 */
	ck_assert_int_eq(vr_arm_vcpu_run(kvm, 1), 0);
	ck_assert(vr_arm_has_ran_once(kvm));
	ck_assert(!vr_arm_vcpu_has_run(kvm, 0));
	ck_assert_set_refused(kvm, 0, KVM_REG_ARM_VENDOR_HYP_BMAP, 0x3, -EBUSY);
	ck_assert_set_refused(kvm, 0, KVM_REG_ARM_STD_BMAP, 0x1, -EBUSY);
	/* writing the current value is still accepted */
	ck_assert_errno(arm_set(kvm, 0, KVM_REG_ARM_VENDOR_HYP_BMAP, 0x1), 0);
	ck_assert_errno(arm_set(kvm, 0, KVM_REG_ARM_STD_BMAP, 0x0), 0);
	/* unsupported bits are checked before the run: -EINVAL, not -EBUSY */
	ck_assert_set_refused(kvm, 0, KVM_REG_ARM_STD_BMAP, 0x2, -EINVAL);
	/* the other registers do not freeze */
	ck_assert_errno(arm_set(kvm, 0, ID_PSCI, KVM_ARM_PSCI_1_0), 0);
	vr_arm_destroy(kvm);
}
END_TEST

/* ---- a failed SET never changes anything, in every profile ---- */

START_TEST(test_failed_set_leaves_state)
{
	static const u64 ids[] = { ID_PSCI,
				   ID_WA1,
				   ID_WA2,
				   ID_WA3,
				   KVM_REG_ARM_STD_BMAP,
				   KVM_REG_ARM_VENDOR_HYP_BMAP,
				   KVM_REG_ARM_VENDOR_HYP_BMAP_2,
				   KVM_REG_ARM_FW_REG(4),
				   (ID_WA2 & ~KVM_REG_SIZE_MASK) | KVM_REG_SIZE_U128 };
	static const u64 vals[] = { 0,	  1,	2,    3,       4,	0xf, 0x10, 0x11,
				    0x12, 0x13, 0x22, 0x10000, 0x10003, 0x7, ~0ULL };
	struct vr_arm_config cfg = arm_cfg(all[_i / 2]);
	struct vr_arm *kvm;
	size_t i, j;

	cfg.host.ssbd = VR_ARM_SSBD_UNKNOWN;
	kvm = arm_vm(&cfg, true);
	if (_i % 2)
		ck_assert_int_eq(vr_arm_vcpu_run(kvm, 0), 0);
	for (i = 0; i < VR_ARRAY_SIZE(ids); i++) {
		for (j = 0; j < VR_ARRAY_SIZE(vals); j++) {
			struct arm_state b, a;
			int ret;

			arm_state(kvm, &b);
			ret = arm_set(kvm, 0, ids[i], vals[j]);
			arm_state(kvm, &a);
			if (ret)
				ck_assert_msg(!memcmp(&a, &b, sizeof(a)),
					      "id 0x%llx value 0x%llx: %d changed the state",
					      (unsigned long long)ids[i],
					      (unsigned long long)vals[j], ret);
		}
	}
	vr_arm_destroy(kvm);
}
END_TEST

/* ---- construction and allocation failure ---- */

/* An index naming no vCPU is refused cleanly by every vCPU function. */
START_TEST(test_bad_vcpu_index)
{
	struct vr_arm *kvm = arm_vm_profile(VR_ARM_PROFILE_MAINLINE);
	const unsigned int bad = VR_ARM_MAX_VCPUS;
	struct vr_arm_saved saved;
	struct arm_state b, a;
	u64 val = 0, n = VR_ARM_MAX_FW_REGS, ids[VR_ARM_MAX_FW_REGS];
	struct kvm_one_reg reg = { ID_WA1, (u64)(uintptr_t)&val };

	arm_state(kvm, &b);
	ck_assert_ptr_null(vr_arm_vcpu(kvm, bad));
	ck_assert_errno(vr_arm_vcpu_init(kvm, bad, true), -EINVAL);
	ck_assert_errno(vr_arm_vcpu_run(kvm, bad), -EINVAL);
	ck_assert_errno(vr_arm_get_reg_list(kvm, bad, &n, ids), -EINVAL);
	ck_assert_errno(vr_arm_get_reg_list(kvm, 0, NULL, ids), -EINVAL);
	ck_assert_errno(vr_arm_get_one_reg(kvm, bad, &reg), -EINVAL);
	ck_assert_errno(vr_arm_set_one_reg(kvm, bad, &reg), -EINVAL);
	ck_assert_errno(vr_arm_get_one_reg(kvm, 0, NULL), -EINVAL);
	ck_assert_errno(vr_arm_set_one_reg(kvm, 0, NULL), -EINVAL);
	ck_assert_errno(vr_arm_save(kvm, bad, &saved), -EINVAL);
	ck_assert_errno(vr_arm_save(kvm, 0, NULL), -EINVAL);
	ck_assert(!vr_arm_guest_wa2_call(kvm, bad, true));
	ck_assert_int_eq(vr_arm_arch_features(kvm, bad, ARM_SMCCC_ARCH_WORKAROUND_1),
			 SMCCC_RET_NOT_SUPPORTED);
	ck_assert(!vr_arm_vcpu_initialized(kvm, bad));
	ck_assert(!vr_arm_vcpu_psci_0_2(kvm, bad));
	ck_assert(!vr_arm_vcpu_has_run(kvm, bad));
	ck_assert(!vr_arm_vcpu_wa2_flag(kvm, bad));
	arm_state(kvm, &a);
	ck_assert(!memcmp(&b, &a, sizeof(b)));
	vr_arm_destroy(kvm);
}
END_TEST

START_TEST(test_create_bad_config)
{
	struct vr_arm_config cfg = arm_cfg(VR_ARM_PROFILE_6_15);
	struct vr_arm *kvm = NULL;

	cfg.nr_vcpus = 0;
	ck_assert_errno(vr_arm_create(&cfg, &kvm), -EINVAL);
	cfg.nr_vcpus = VR_ARM_MAX_VCPUS + 1;
	ck_assert_errno(vr_arm_create(&cfg, &kvm), -EINVAL);
	cfg = arm_cfg(VR_ARM_NR_PROFILES);
	ck_assert_errno(vr_arm_create(&cfg, &kvm), -EINVAL);
	cfg = arm_cfg(VR_ARM_PROFILE_5_3);
	cfg.host.ssbd = (enum vr_arm_ssbd)99;
	ck_assert_errno(vr_arm_create(&cfg, &kvm), -EINVAL);
	ck_assert_errno(vr_arm_create(NULL, &kvm), -EINVAL);
	ck_assert_ptr_null(kvm);
	cfg = arm_cfg(VR_ARM_PROFILE_5_3);
	ck_assert_int_eq(vr_arm_create(&cfg, &kvm), 0);
	ck_assert_ptr_null(vr_arm_vcpu(kvm, 2));
	ck_assert_uint_eq(vr_arm_profile(kvm), VR_ARM_PROFILE_5_3);
	ck_assert_int_eq(vr_arm_host(kvm)->ssbd, VR_ARM_SSBD_KERNEL);
	ck_assert_int_eq(vr_arm_host_level(kvm, ID_WA3), -EINVAL);
	ck_assert_int_eq(vr_arm_host_level(NULL, ID_WA1), -EINVAL);
	vr_arm_destroy(kvm);
	vr_arm_destroy(NULL);
}
END_TEST

/* A representative sequence; returns 0 or the first -ENOMEM. */
static int sequence(void)
{
	struct vr_arm_config cfg = arm_cfg(VR_ARM_PROFILE_6_15), dst = arm_cfg(VR_ARM_PROFILE_5_10);
	struct vr_arm_migration_report rep;
	struct vr_arm_saved saved;
	struct vr_arm *kvm;
	int ret;

	cfg.nr_vcpus = VR_ARM_MAX_VCPUS;
	ret = vr_arm_create(&cfg, &kvm);
	if (ret)
		return ret;
	ck_assert_int_eq(vr_arm_vcpu_init(kvm, 0, true), 0);
	ck_assert_int_eq(arm_set(kvm, 0, ID_PSCI, KVM_ARM_PSCI_1_1), 0);
	ck_assert_int_eq(vr_arm_save(kvm, 0, &saved), 0);
	vr_arm_destroy(kvm);
	ret = vr_arm_migration_check(&saved, &dst, &rep);
	if (!ret)
		ck_assert_uint_eq(rep.nrefused, 6); /* PSCI 1.1, WA3, four bitmaps */
	return ret;
}

START_TEST(test_alloc_fail_sweep)
{
	uint64_t live = vr_alloc_live(), nth;

	ck_assert_int_eq(sequence(), 0);
	ck_assert_uint_eq(vr_alloc_live(), live);
	for (nth = 1;; nth++) {
		int ret;

		vr_alloc_fail_nth(nth);
		ret = sequence();
		if (!vr_alloc_fault_hit()) {
			vr_alloc_fail_nth(0);
			ck_assert_int_eq(ret, 0);
			break;
		}
		ck_assert_errno(ret, -ENOMEM);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
	vr_alloc_fail_nth(0);
	ck_assert_uint_gt(nth, VR_ARM_MAX_VCPUS + 2);
}
END_TEST

/* ---- the kernel functions called directly ---- */

/* Without user memory in the context reg->addr is the caller's pointer. */
START_TEST(test_direct_host_pointer)
{
	struct vr_arm *kvm = arm_vm_profile(VR_ARM_PROFILE_5_3);
	struct kvm_vcpu *v = vr_arm_vcpu(kvm, 0);
	u64 val = KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED;
	struct kvm_one_reg reg = { ID_WA1, (u64)(uintptr_t)&val };

	ck_assert_errno(kvm_arm_set_fw_reg(v, &reg), -EINVAL);
	ck_assert_str_eq(
		vr_arm_last_reason(kvm),
		"restoring would claim more protection than this host gives (no downgrade)");
	ck_assert_int_eq(kvm_arm_get_fw_reg(v, &reg), 0);
	ck_assert_uint_eq(val, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL);
	ck_assert_str_eq(vr_arm_last_reason(kvm), "");
	reg.addr = 0;
	ck_assert_errno(kvm_arm_get_fw_reg(v, &reg), -EFAULT);
	ck_assert_str_eq(vr_arm_last_reason(kvm), "copying the value out to user space faulted");
	vr_arm_destroy(kvm);
}
END_TEST

/* With user memory in the context reg->addr is an address in it. */
START_TEST(test_direct_user_memory)
{
	struct vr_arm *kvm = arm_vm_profile(VR_ARM_PROFILE_6_15);
	struct kvm_vcpu *v = vr_arm_vcpu(kvm, 0);
	struct kvm_one_reg reg = { KVM_REG_ARM_STD_BMAP, 0x2ff8 };
	struct vr_context ctx, *prev;
	struct vr_mem *user = vr_mem_create("user");
	u64 val = 0, one = 1;

	ck_assert_int_eq(vr_mem_add(user, 0x2000, 0x1000), 0);
	vr_context_init(&ctx);
	ctx.user = user;
	prev = vr_context_enter(&ctx);
	ck_assert_int_eq(kvm_arm_get_fw_reg(v, &reg), 0);
	ck_assert_int_eq(vr_mem_read(user, 0x2ff8, &val, sizeof(val)), 0);
	ck_assert_uint_eq(val, 1); /* TRNG, the one STD service */
	ck_assert_int_eq(vr_mem_write(user, 0x2ff8, &one, sizeof(one)), 0);
	ck_assert_int_eq(kvm_arm_set_fw_reg(v, &reg), 0);
	reg.addr = 0x2ffc; /* 4 of its 8 bytes are not backed */
	ck_assert_errno(kvm_arm_set_fw_reg(v, &reg), -EFAULT);
	ck_assert_str_eq(vr_arm_last_reason(kvm), "copying the value in from user space faulted");
	ck_assert_uint_eq(ctx.uaccess_calls, 3);
	vr_context_leave(prev);
	vr_mem_destroy(user);
	vr_arm_destroy(kvm);
}
END_TEST

/* Outside an access there is no host to read: the accessors warn. */
START_TEST(test_host_accessors_outside_access)
{
	vr_warn_reset();
	ck_assert_int_eq(kvm_arm_have_ssbd(), KVM_SSBD_UNKNOWN);
	ck_assert_int_eq(kvm_arm_harden_branch_predictor(), KVM_BP_HARDEN_UNKNOWN);
	ck_assert_int_eq(arm64_get_spectre_v2_state(), SPECTRE_VULNERABLE);
	ck_assert_int_eq(arm64_get_spectre_v4_state(), SPECTRE_VULNERABLE);
	ck_assert_int_eq(arm64_get_spectre_bhb_state(), SPECTRE_VULNERABLE);
	ck_assert(!cpus_have_final_cap(ARM64_SSBS));
	ck_assert_uint_eq(vr_warn_count(), 6);
	vr_warn_reset();
}
END_TEST

/* The 5.10 family's accessors read the host of the VM being accessed. */
START_TEST(test_host_accessors_510)
{
	struct vr_arm_config cfg = arm_cfg(VR_ARM_PROFILE_6_15);
	struct vr_arm *kvm = NULL;
	u64 val = 0;

	cfg.host.spectre_v4 = VR_ARM_SPECTRE_MITIGATED;
	cfg.host.ssbs = true;
	ck_assert_int_eq(vr_arm_create(&cfg, &kvm), 0);
	ck_assert_int_eq(vr_arm_vcpu_init(kvm, 0, true), 0);
	ck_assert_int_eq(arm_get(kvm, 0, ID_WA2, &val), 0);
	ck_assert_uint_eq(val, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL);
	vr_arm_destroy(kvm);
}
END_TEST

/*
 * Before the seed (torvalds/linux virt/kvm/arm/psci.c at v5.2, as the
 * seed's v6 patch 2/3 finds it): PSCI_VERSION is the only firmware
 * register, every other firmware id is -EINVAL on GET and on SET, a SET
 * copies its value in only for PSCI_VERSION, and ARCH_FEATURES(WA1)
 * answers SUCCESS only on a host that needs the workaround (patch 1/3
 * added NOT_REQUIRED).  A 5.3 source's saved state does not restore.
 */
START_TEST(test_pre_seed_5_2)
{
	struct vr_arm_config cfg = arm_cfg(VR_ARM_PROFILE_5_2);
	struct vr_arm_migration_report rep;
	struct vr_arm_saved saved;
	struct kvm_one_reg reg;
	struct vr_arm *kvm, *src;
	u64 v;

	cfg.host.bp_harden = VR_ARM_BP_HARDEN_NOT_REQUIRED;
	kvm = arm_vm(&cfg, true);
	ck_assert_errno(arm_get(kvm, 0, ID_WA1, &v), -EINVAL);
	ck_assert_str_eq(vr_arm_last_reason(kvm),
			 "not a firmware register this kernel knows (the workaround registers "
			 "came with 5.3; until then every id but PSCI_VERSION got -EINVAL)");
	ck_assert_errno(arm_get(kvm, 0, ID_WA2, &v), -EINVAL);
	ck_assert_set_refused(kvm, 0, ID_WA1, 0, -EINVAL);
	ck_assert_set_refused(kvm, 0, ID_WA2, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL, -EINVAL);
	/* refused before the copy: a faulting address is never read */
	reg = (struct kvm_one_reg){ ID_WA2, 0 };
	ck_assert_errno(vr_arm_set_one_reg(kvm, 0, &reg), -EINVAL);
	reg.id = ID_PSCI;
	ck_assert_errno(vr_arm_set_one_reg(kvm, 0, &reg), -EFAULT);
	ck_assert_uint_eq(arm_val(kvm, 0, ID_PSCI), KVM_ARM_PSCI_1_0);
	ck_assert_int_eq(vr_arm_arch_features(kvm, 0, ARM_SMCCC_ARCH_WORKAROUND_1),
			 SMCCC_RET_NOT_SUPPORTED);
	vr_arm_destroy(kvm);
	cfg.host.bp_harden = VR_ARM_BP_HARDEN_WA_NEEDED;
	kvm = arm_vm(&cfg, true);
	ck_assert_int_eq(vr_arm_arch_features(kvm, 0, ARM_SMCCC_ARCH_WORKAROUND_1),
			 SMCCC_RET_SUCCESS);
	ck_assert_int_eq(vr_arm_save(kvm, 0, &saved), 0);
	ck_assert_uint_eq(saved.n, 1);
	ck_assert_uint_eq(saved.id[0], ID_PSCI);
	vr_arm_destroy(kvm);

	/* 5.3 saves three registers; the pre-seed kernel refuses both workarounds. */
	cfg = arm_cfg(VR_ARM_PROFILE_5_3);
	src = arm_vm(&cfg, true);
	ck_assert_int_eq(vr_arm_save(src, 0, &saved), 0);
	ck_assert_uint_eq(saved.n, 3);
	cfg.profile = VR_ARM_PROFILE_5_2;
	ck_assert_int_eq(vr_arm_migration_check(&saved, &cfg, &rep), 0);
	ck_assert_uint_eq(rep.nrefused, 2);
	ck_assert_uint_eq(rep.refused[0].id, ID_WA1);
	ck_assert_int_eq(rep.refused[0].err, -EINVAL);
	ck_assert_uint_eq(rep.refused[1].id, ID_WA2);
	ck_assert_int_eq(rep.refused[1].err, -EINVAL);
	vr_arm_destroy(src);
}
END_TEST

static const struct vr_test id_tests[] = {
	VR_TEST(test_id_encoding),
	VR_TEST(test_profile_names),
	VR_LOOP_TEST(test_reg_list_per_profile, 0, VR_ARM_NR_PROFILES),
	VR_TEST(test_reg_list_errors),
};

static const struct vr_test get_tests[] = {
	VR_TEST(test_get_levels_53),
	VR_TEST(test_get_levels_510),
	VR_TEST(test_fresh_vcpu_wa2_0x12),
	VR_LOOP_TEST(test_guest_wa2_call_static_hosts, 0, VR_ARM_NR_PROFILES),
	VR_TEST(test_arch_features),
	VR_TEST(test_pre_seed_5_2),
};

static const struct vr_test psci_tests[] = {
	VR_LOOP_TEST(test_psci_default_per_profile, 0, VR_ARM_NR_PROFILES),
	VR_LOOP_TEST(test_psci_set_rules, 0, VR_ARM_NR_PROFILES),
	VR_TEST(test_psci_mixed_vm),
};

static const struct vr_test errno_tests[] = {
	VR_LOOP_TEST(test_errno_enoent, 0, VR_ARM_NR_PROFILES),
	VR_TEST(test_errno_einval),
	VR_LOOP_TEST(test_errno_efault, 0, VR_ARM_NR_PROFILES),
	VR_TEST(test_errno_enoexec),
	VR_TEST(test_size_in_id),
	VR_LOOP_TEST(test_failed_set_leaves_state, 0, 2 * VR_ARM_NR_PROFILES),
};

static const struct vr_test bitmap_tests[] = {
	VR_TEST(test_bitmap_defaults),
	VR_LOOP_TEST(test_bitmap_ebusy_after_run, 0, 2),
};

static const struct vr_test alloc_tests[] = {
	VR_TEST(test_create_bad_config),
	VR_TEST(test_bad_vcpu_index),
	VR_TEST(test_alloc_fail_sweep),
};

static const struct vr_test kernel_tests[] = {
	VR_TEST(test_direct_host_pointer),
	VR_TEST(test_direct_user_memory),
	VR_TEST(test_host_accessors_outside_access),
	VR_TEST(test_host_accessors_510),
};

static const struct vr_tcase arm_tcases[] = {
	VR_TCASE("kernel", kernel_tests), VR_TCASE("ids", id_tests),
	VR_TCASE("get", get_tests),	  VR_TCASE("psci", psci_tests),
	VR_TCASE("errno", errno_tests),	  VR_TCASE("bitmap", bitmap_tests),
	VR_TCASE("alloc", alloc_tests),
};

const struct vr_suite vr_suite_arm = VR_SUITE("arm", arm_tcases);
