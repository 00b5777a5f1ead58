/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The migration matrices of docs/arm.md, cell by cell: SET one
 * workaround value on a destination whose host gives level H, for every
 * profile the matrix names.  Each refused cell also checks that the
 * refusal left the VM exactly as it was.
 */
#include "arm_test.h"

#define OK 0
#define EI (-EINVAL)

/* ---- hosts that give a chosen level ---- */

static struct vr_arm_config host_wa1(enum vr_arm_profile p, int h)
{
	static const enum vr_arm_bp_harden bp[] = { VR_ARM_BP_HARDEN_UNKNOWN,
						    VR_ARM_BP_HARDEN_WA_NEEDED,
						    VR_ARM_BP_HARDEN_NOT_REQUIRED };
	static const enum vr_arm_spectre sp[] = { VR_ARM_SPECTRE_VULNERABLE,
						  VR_ARM_SPECTRE_MITIGATED,
						  VR_ARM_SPECTRE_UNAFFECTED };
	struct vr_arm_config cfg = arm_cfg(p);

	cfg.host.bp_harden = bp[h];
	cfg.host.spectre_v2 = sp[h];
	cfg.host.spectre_bhb = sp[h];
	return cfg;
}

static struct vr_arm_config host_wa2_53(enum vr_arm_profile p, int h, bool mitigated)
{
	static const enum vr_arm_ssbd ssbd[] = { VR_ARM_SSBD_FORCE_DISABLE, VR_ARM_SSBD_UNKNOWN,
						 VR_ARM_SSBD_KERNEL, VR_ARM_SSBD_FORCE_ENABLE };
	struct vr_arm_config cfg = arm_cfg(p);

	cfg.host.ssbd = h == 3 && mitigated ? VR_ARM_SSBD_MITIGATED : ssbd[h];
	return cfg;
}

/* @way picks one of the two hosts that give each mainline level. */
static struct vr_arm_config host_wa2_510(enum vr_arm_profile p, int h, int way)
{
	struct vr_arm_config cfg = arm_cfg(p);

	if (h == 0) {
		cfg.host.spectre_v4 = way ? VR_ARM_SPECTRE_MITIGATED : VR_ARM_SPECTRE_VULNERABLE;
		cfg.host.ssbs = way; /* mitigated with SSBS everywhere reads 0 */
	} else {
		cfg.host.spectre_v4 = way ? VR_ARM_SPECTRE_UNAFFECTED : VR_ARM_SPECTRE_MITIGATED;
	}
	return cfg;
}

/* ---- 9.1: WA1 (and WA3), merged rule, 5.3 and later ---- */

struct cell3 {
	u64 v;
	int e[3];
};

static const struct cell3 wa1_merged[] = {
	{ 0x00, { OK, OK, OK } },  { 0x01, { EI, OK, OK } },	   { 0x02, { EI, EI, OK } },
	{ 0x03, { EI, EI, EI } },  { 0x07, { EI, EI, EI } },	   { 0x0f, { EI, EI, EI } },
	{ 0x10, { EI, EI, EI } },  { 0x11, { EI, EI, EI } },	   { 0x12, { EI, EI, EI } },
	{ 0x100, { EI, EI, EI } }, { 1ULL << 63, { EI, EI, EI } }, { ~0ULL, { EI, EI, EI } },
};

static const enum vr_arm_profile merged[] = { VR_ARM_PROFILE_5_3, VR_ARM_PROFILE_5_10,
					      VR_ARM_PROFILE_5_17, VR_ARM_PROFILE_6_0,
					      VR_ARM_PROFILE_6_15 };

/* _i = profile * 3 + H */
START_TEST(test_wa1_matrix)
{
	enum vr_arm_profile p = merged[_i / 3];
	int h = _i % 3;
	struct vr_arm_config cfg = host_wa1(p, h);
	struct vr_arm *kvm = arm_vm(&cfg, true);
	size_t r;

	ck_assert_int_eq(vr_arm_host_level(kvm, ID_WA1), h);
	ck_assert_uint_eq(arm_val(kvm, 0, ID_WA1), (u64)h);
	for (r = 0; r < VR_ARRAY_SIZE(wa1_merged); r++) {
		if (wa1_merged[r].e[h] == OK)
			ck_assert_errno(arm_set(kvm, 0, ID_WA1, wa1_merged[r].v), 0);
		else
			ck_assert_set_refused(kvm, 0, ID_WA1, wa1_merged[r].v, wa1_merged[r].e[h]);
		/* Nothing is stored: GET still says the host's level. */
		ck_assert_uint_eq(arm_val(kvm, 0, ID_WA1), (u64)h);
	}
	vr_arm_destroy(kvm);
}
END_TEST

/* WA3 follows the same matrix from 5.17 on; _i = profile (5.17..) * 3 + H */
START_TEST(test_wa3_matrix)
{
	enum vr_arm_profile p = merged[2 + _i / 3];
	int h = _i % 3;
	struct vr_arm_config cfg = host_wa1(p, h);
	struct vr_arm *kvm = arm_vm(&cfg, true);
	size_t r;

	ck_assert_uint_eq(arm_val(kvm, 0, ID_WA3), (u64)h);
	for (r = 0; r < VR_ARRAY_SIZE(wa1_merged); r++) {
		if (wa1_merged[r].e[h] == OK)
			ck_assert_errno(arm_set(kvm, 0, ID_WA3, wa1_merged[r].v), 0);
		else
			ck_assert_set_refused(kvm, 0, ID_WA3, wa1_merged[r].v, wa1_merged[r].e[h]);
	}
	vr_arm_destroy(kvm);
}
END_TEST

/* Seed v3: only the diagonal v == H restores. */
static const struct cell3 wa1_v3[] = {
	{ 0x00, { OK, EI, EI } }, { 0x01, { EI, OK, EI } },  { 0x02, { EI, EI, OK } },
	{ 0x03, { EI, EI, EI } }, { 0x0f, { EI, EI, EI } },  { 0x10, { EI, EI, EI } },
	{ 0x11, { EI, EI, EI } }, { ~0ULL, { EI, EI, EI } },
};

START_TEST(test_wa1_matrix_v3)
{
	struct vr_arm_config cfg = host_wa1(VR_ARM_PROFILE_V3, _i);
	struct vr_arm *kvm = arm_vm(&cfg, true);
	size_t r;

	for (r = 0; r < VR_ARRAY_SIZE(wa1_v3); r++) {
		if (wa1_v3[r].e[_i] == OK)
			ck_assert_errno(arm_set(kvm, 0, ID_WA1, wa1_v3[r].v), 0);
		else
			ck_assert_set_refused(kvm, 0, ID_WA1, wa1_v3[r].v, wa1_v3[r].e[_i]);
	}
	vr_arm_destroy(kvm);
}
END_TEST

/* The seed's changelog example: AVAIL -> NOT_REQUIRED host, v3 no, 5.3 yes. */
START_TEST(test_wa1_v5_relaxation)
{
	struct vr_arm_config v3 = host_wa1(VR_ARM_PROFILE_V3, 2);
	struct vr_arm_config m = host_wa1(VR_ARM_PROFILE_5_3, 2);
	struct vr_arm *a = arm_vm(&v3, true), *b = arm_vm(&m, true);

	ck_assert_errno(arm_set(a, 0, ID_WA1, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL), -EINVAL);
	ck_assert_errno(arm_set(b, 0, ID_WA1, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL), 0);
	vr_arm_destroy(a);
	vr_arm_destroy(b);
}
END_TEST

/* ---- 9.2: WA2, merged 5.3 rule ---- */

enum { UNCH = 10, OFF, ON }; /* H = 2 outcomes for the vCPU's flag */

struct cell4 {
	u64 v;
	int e[4];
};

static const struct cell4 wa2_53[] = {
	{ 0x00, { OK, OK, UNCH, OK } }, { 0x01, { EI, OK, UNCH, OK } },
	{ 0x02, { EI, EI, OFF, OK } },	{ 0x12, { EI, EI, ON, OK } },
	{ 0x03, { EI, EI, EI, OK } },	{ 0x13, { EI, EI, EI, EI } },
	{ 0x10, { EI, EI, EI, EI } },	{ 0x11, { EI, EI, EI, EI } },
	{ 0x04, { EI, EI, EI, EI } },	{ 0x05, { EI, EI, EI, EI } },
	{ 0x08, { EI, EI, EI, EI } },	{ 0x0f, { EI, EI, EI, EI } },
	{ 0x14, { EI, EI, EI, EI } },	{ 0x1f, { EI, EI, EI, EI } },
	{ 0x20, { EI, EI, EI, EI } },	{ 0x22, { EI, EI, EI, EI } },
	{ 0x32, { EI, EI, EI, EI } },	{ 1ULL << 40, { EI, EI, EI, EI } },
	{ ~0ULL, { EI, EI, EI, EI } },
};

/* _i = H * 2 + way (way: H = 3 by FORCE_ENABLE or MITIGATED; flag start) */
START_TEST(test_wa2_matrix_53)
{
	int h = _i / 2, way = _i % 2;
	struct vr_arm_config cfg = host_wa2_53(VR_ARM_PROFILE_5_3, h, way);
	size_t r;

	for (r = 0; r < VR_ARRAY_SIZE(wa2_53); r++) {
		struct vr_arm *kvm = arm_vm(&cfg, true);
		int e = wa2_53[r].e[h];

		ck_assert_int_eq(vr_arm_host_level(kvm, ID_WA2), h);
		/* way 1 on the dynamic host: start with the mitigation off */
		if (h == 2 && way) {
			ck_assert_int_eq(vr_arm_vcpu_run(kvm, 0), 0);
			ck_assert(vr_arm_guest_wa2_call(kvm, 0, false));
		}
		if (e == EI) {
			ck_assert_set_refused(kvm, 0, ID_WA2, wa2_53[r].v, -EINVAL);
		} else {
			bool before = vr_arm_vcpu_wa2_flag(kvm, 0);

			ck_assert_errno(arm_set(kvm, 0, ID_WA2, wa2_53[r].v), 0);
			if (e == UNCH)
				ck_assert_int_eq(vr_arm_vcpu_wa2_flag(kvm, 0), before);
			else if (e == OFF || e == ON)
				ck_assert_int_eq(vr_arm_vcpu_wa2_flag(kvm, 0), e == ON);
			else /* static host: no flag at all */
				ck_assert(!vr_arm_vcpu_wa2_flag(kvm, 0));
		}
		vr_arm_destroy(kvm);
	}
}
END_TEST

/* Seed v3 lacked the stray-bit check: with level AVAIL, bit 5+ passed. */
START_TEST(test_wa2_v3_stray_bits)
{
	struct vr_arm_config cfg = host_wa2_53(VR_ARM_PROFILE_V3, 2, false);
	struct vr_arm_config m = host_wa2_53(VR_ARM_PROFILE_5_3, 2, false);
	struct vr_arm *kvm = arm_vm(&cfg, true), *k53 = arm_vm(&m, true);

	ck_assert_errno(arm_set(kvm, 0, ID_WA2, 0x22), 0);
	ck_assert(!vr_arm_vcpu_wa2_flag(kvm, 0));
	ck_assert_errno(arm_set(kvm, 0, ID_WA2, 0x32), 0);
	ck_assert(vr_arm_vcpu_wa2_flag(kvm, 0));
	/* with a level other than AVAIL the ENABLED check still catches it */
	ck_assert_set_refused(kvm, 0, ID_WA2, 0x21, -EINVAL);
	ck_assert_set_refused(k53, 0, ID_WA2, 0x22, -EINVAL);
	ck_assert_set_refused(k53, 0, ID_WA2, 0x32, -EINVAL);
	vr_arm_destroy(kvm);
	vr_arm_destroy(k53);
}
END_TEST

/* ---- 9.3: WA2, mainline rule (5.10 and later) ---- */

struct cell2 {
	u64 v;
	int e[2];
};

static const struct cell2 wa2_510[] = {
	{ 0x00, { OK, OK } },  { 0x01, { OK, OK } }, { 0x02, { EI, OK } },
	{ 0x12, { EI, OK } },  { 0x03, { EI, OK } }, { 0x10, { EI, EI } },
	{ 0x11, { EI, EI } },  { 0x13, { EI, EI } }, { 0x04, { EI, EI } },
	{ 0x09, { EI, EI } },  { 0x0f, { EI, EI } }, { 0x14, { EI, EI } },
	{ 0x20, { EI, EI } },  { 0x22, { EI, EI } }, { 1ULL << 33, { EI, EI } },
	{ ~0ULL, { EI, EI } },
};

/* _i = profile (5.10..6.15) * 4 + column * 2 + way */
START_TEST(test_wa2_matrix_510)
{
	enum vr_arm_profile p = merged[1 + _i / 4];
	int col = (_i / 2) % 2, way = _i % 2, h = col ? 3 : 0;
	struct vr_arm_config cfg = host_wa2_510(p, h, way);
	struct vr_arm *kvm = arm_vm(&cfg, true);
	size_t r;

	ck_assert_int_eq(vr_arm_host_level(kvm, ID_WA2), h);
	for (r = 0; r < VR_ARRAY_SIZE(wa2_510); r++) {
		if (wa2_510[r].e[col] == OK)
			ck_assert_errno(arm_set(kvm, 0, ID_WA2, wa2_510[r].v), 0);
		else
			ck_assert_set_refused(kvm, 0, ID_WA2, wa2_510[r].v, -EINVAL);
		/* never an ENABLED bit, never a stored state */
		ck_assert_uint_eq(arm_val(kvm, 0, ID_WA2), (u64)h);
	}
	vr_arm_destroy(kvm);
}
END_TEST

/* ---- the cross-version note ---- */

static void save_from(const struct vr_arm_config *src, struct vr_arm_saved *saved)
{
	struct vr_arm *kvm = arm_vm(src, true);

	ck_assert_int_eq(vr_arm_save(kvm, 0, saved), 0);
	vr_arm_destroy(kvm);
}

START_TEST(test_cross_version_note)
{
	struct vr_arm_config src = arm_cfg(VR_ARM_PROFILE_5_3);
	struct vr_arm_config d510 = arm_cfg(VR_ARM_PROFILE_5_10);
	struct vr_arm_config d53 = arm_cfg(VR_ARM_PROFILE_5_3);
	struct vr_arm_migration_report rep;
	struct vr_arm_saved saved;

	/* Source: a 5.3 host with SSBD state unknown, so H = 1 and WA2 saves 0x01. */
	src.host.ssbd = VR_ARM_SSBD_UNKNOWN;
	save_from(&src, &saved);
	ck_assert_uint_eq(saved.n, 3);
	ck_assert_uint_eq(saved.id[2], ID_WA2);
	ck_assert_uint_eq(saved.val[2], 0x01);

	/* A >= 5.10 host with H = 0 (Spectre v4 vulnerable) takes it: 0x01 maps to 0. */
	d510.host.spectre_v4 = VR_ARM_SPECTRE_VULNERABLE;
	ck_assert_int_eq(vr_arm_migration_check(&saved, &d510, &rep), 0);
	ck_assert_uint_eq(rep.nrefused, 0);

	/* A 5.3 host with H = 0 (FORCE_DISABLE) refuses the same value. */
	d53.host.ssbd = VR_ARM_SSBD_FORCE_DISABLE;
	ck_assert_int_eq(vr_arm_migration_check(&saved, &d53, &rep), 0);
	ck_assert_uint_eq(rep.nrefused, 1);
	ck_assert_uint_eq(rep.refused[0].id, ID_WA2);
	ck_assert_int_eq(rep.refused[0].err, -EINVAL);
	ck_assert_ptr_nonnull(strstr(rep.refused[0].why, "WORKAROUND_2 = 0x1"));
	ck_assert_ptr_nonnull(strstr(rep.refused[0].why, "more protection"));
}
END_TEST

/* A dynamic 5.3 source saves 0x12 or 0x02; only a host at level 3 can take
 * them after 5.10, and a dynamic 5.3 destination restores the flag. */
START_TEST(test_migrate_dynamic_source)
{
	struct vr_arm_config src = arm_cfg(VR_ARM_PROFILE_5_3);
	struct vr_arm_config vuln = arm_cfg(VR_ARM_PROFILE_6_15);
	struct vr_arm_config mit = arm_cfg(VR_ARM_PROFILE_6_15);
	struct vr_arm_migration_report rep;
	struct vr_arm_saved saved;

	save_from(&src, &saved);
	ck_assert_uint_eq(saved.val[2], 0x12); /* fresh vCPU: flag on */
	vuln.host.spectre_v4 = VR_ARM_SPECTRE_VULNERABLE;
	ck_assert_int_eq(vr_arm_migration_check(&saved, &vuln, &rep), 0);
	ck_assert_uint_eq(rep.nrefused, 1);
	ck_assert_uint_eq(rep.refused[0].id, ID_WA2);
	ck_assert_int_eq(vr_arm_migration_check(&saved, &mit, &rep), 0);
	ck_assert_uint_eq(rep.nrefused, 0);
}
END_TEST

/* Backward migration: a register the destination does not know is -ENOENT. */
START_TEST(test_migrate_backward_unknown_register)
{
	struct vr_arm_config src = arm_cfg(VR_ARM_PROFILE_6_15);
	struct vr_arm_config d60 = arm_cfg(VR_ARM_PROFILE_6_0);
	struct vr_arm_config d53 = arm_cfg(VR_ARM_PROFILE_5_3);
	struct vr_arm_migration_report rep;
	struct vr_arm_saved saved;

	save_from(&src, &saved);
	ck_assert_uint_eq(saved.n, 8);
	ck_assert_uint_eq(saved.val[0], KVM_ARM_PSCI_1_3);
	ck_assert_int_eq(vr_arm_migration_check(&saved, &d60, &rep), 0);
	/* PSCI 1.3 is unknown to 6.0 and so is VENDOR_HYP_BMAP_2. */
	ck_assert_uint_eq(rep.nrefused, 2);
	ck_assert_uint_eq(rep.refused[0].id, ID_PSCI);
	ck_assert_int_eq(rep.refused[0].err, -EINVAL);
	ck_assert_uint_eq(rep.refused[1].id, KVM_REG_ARM_VENDOR_HYP_BMAP_2);
	ck_assert_int_eq(rep.refused[1].err, -ENOENT);

	/*
	 * To 5.3: PSCI 1.3; WA2 = 3 (NOT_REQUIRED) above a dynamic host's 2;
	 * WA3 (an unknown FW id) and the four bitmap ids (not FW ids there).
	 */
	ck_assert_int_eq(vr_arm_migration_check(&saved, &d53, &rep), 0);
	ck_assert_uint_eq(rep.nrefused, 7);
	ck_assert_uint_eq(rep.refused[1].id, ID_WA2);
	ck_assert_int_eq(rep.refused[1].err, -EINVAL);
	ck_assert_uint_eq(rep.refused[2].id, ID_WA3);
	ck_assert_int_eq(rep.refused[2].err, -ENOENT);
	ck_assert_int_eq(rep.refused[6].err, -ENOENT);
}
END_TEST

START_TEST(test_migrate_bad_args)
{
	struct vr_arm_config dst = arm_cfg(VR_ARM_PROFILE_6_15);
	struct vr_arm_migration_report rep;
	struct vr_arm_saved saved = { 0 };

	saved.n = VR_ARM_MAX_FW_REGS + 1;
	ck_assert_errno(vr_arm_migration_check(&saved, &dst, &rep), -EINVAL);
	saved.n = 0;
	ck_assert_errno(vr_arm_migration_check(NULL, &dst, &rep), -EINVAL);
	dst.profile = VR_ARM_NR_PROFILES;
	ck_assert_errno(vr_arm_migration_check(&saved, &dst, &rep), -EINVAL);
}
END_TEST

static const struct vr_test matrix_tests[] = {
	VR_LOOP_TEST(test_wa1_matrix, 0, 15),	  VR_LOOP_TEST(test_wa3_matrix, 0, 9),
	VR_LOOP_TEST(test_wa1_matrix_v3, 0, 3),	  VR_TEST(test_wa1_v5_relaxation),
	VR_LOOP_TEST(test_wa2_matrix_53, 0, 8),	  VR_TEST(test_wa2_v3_stray_bits),
	VR_LOOP_TEST(test_wa2_matrix_510, 0, 16),
};

static const struct vr_test migrate_tests[] = {
	VR_TEST(test_cross_version_note),
	VR_TEST(test_migrate_dynamic_source),
	VR_TEST(test_migrate_backward_unknown_register),
	VR_TEST(test_migrate_bad_args),
};

static const struct vr_tcase arm_matrix_tcases[] = {
	VR_TCASE("matrix", matrix_tests),
	VR_TCASE("migrate", migrate_tests),
};

const struct vr_suite vr_suite_arm_matrix = VR_SUITE("arm_matrix", arm_matrix_tcases);
