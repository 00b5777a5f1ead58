/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The remapping unit's register file against the Intel VT-d
 * specification rev. 4.1, 10.4.1-10.4.6: identification registers from
 * the configuration, GCMD -> GSTS for TE and SRTP, RTADDR with TTM and
 * its reserved bits, 32-bit halves of 64-bit registers, bad accesses,
 * commands not modelled yet, construction and allocation failure.
 */
#include <virtref/alloc.h>
#include <virtref/iommu.h>
#include <virtref/linux/errno.h>
#include <virtref/text.h>
#include "vr_test.h"

static struct vr_iommu *iommu_new(unsigned int units)
{
	struct vr_iommu_config cfg;
	struct vr_iommu *x = NULL;

	vr_iommu_config_default(&cfg);
	cfg.nr_units = units;
	ck_assert_int_eq(vr_iommu_create(&cfg, &x), 0);
	return x;
}

static u64 rd(struct vr_iommu *x, unsigned int unit, u32 off, unsigned int size)
{
	u64 v = 0xdead;

	ck_assert_int_eq(vr_iommu_reg_read(x, unit, off, size, &v), 0);
	return v;
}

static void iommu_ok(struct vr_iommu *x)
{
	struct vr_text why = VR_TEXT_INIT;
	int bad = vr_iommu_invariants(x, &why);

	ck_assert_msg(!bad, "%s", vr_text_str(&why));
	vr_text_free(&why);
}

START_TEST(test_identification)
{
	struct vr_iommu *x = iommu_new(1);

	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_VER, 4), 0x10);
	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_CAP, 8), 0x12078c222f0606ull);
	ck_assert_uint_eq(VR_IOMMU_CAP_MGAW(rd(x, 0, VR_IOMMU_REG_CAP, 8)), 48);
	ck_assert_uint_eq(VR_IOMMU_CAP_SAGAW(rd(x, 0, VR_IOMMU_REG_CAP, 8)), 0x6);
	ck_assert_uint_eq(VR_IOMMU_CAP_ND(rd(x, 0, VR_IOMMU_REG_CAP, 8)), 6);
	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_ECAP, 8), 0x499880000042ull);
	/* The high half of ECAP holds SMTS (bit 43 = bit 11 of the half) and SLTS. */
	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_ECAP + 4, 4), 0x4998);
	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_ECAP, 4), 0x80000042);
	/* Read-only: writes are ignored. */
	ck_assert_int_eq(vr_iommu_reg_write(x, 0, VR_IOMMU_REG_CAP, 8, 0), 0);
	ck_assert_int_eq(vr_iommu_reg_write(x, 0, VR_IOMMU_REG_GSTS, 4, ~0u), 0);
	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_CAP, 8), 0x12078c222f0606ull);
	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_GSTS, 4), 0);
	iommu_ok(x);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_srtp_then_te)
{
	struct vr_iommu *x = iommu_new(2);
	u64 rta = 0x123456000ull | ((u64)VR_IOMMU_TTM_SCALABLE << VR_IOMMU_RTADDR_TTM_SHIFT);

	/* Bits 9:0 are reserved and read as 0. */
	ck_assert_int_eq(vr_iommu_reg_write(x, 1, VR_IOMMU_REG_RTADDR, 8, rta | 0x3ff), 0);
	ck_assert_uint_eq(rd(x, 1, VR_IOMMU_REG_RTADDR, 8), 0x123456400ull);
	ck_assert_uint_eq(rd(x, 1, VR_IOMMU_REG_GSTS, 4), 0);
	ck_assert_int_eq(vr_iommu_reg_write(x, 1, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_SRTP), 0);
	ck_assert_uint_eq(rd(x, 1, VR_IOMMU_REG_GSTS, 4), VR_IOMMU_GSTS_RTPS);
	/* GCMD is write-only. */
	ck_assert_uint_eq(rd(x, 1, VR_IOMMU_REG_GCMD, 4), 0);
	/* The next command carries the persistent TE with RTPS's status. */
	ck_assert_int_eq(vr_iommu_reg_write(x, 1, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_TE), 0);
	ck_assert_uint_eq(rd(x, 1, VR_IOMMU_REG_GSTS, 4), 0xc0000000u);
	/* Unit 0 saw none of it. */
	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_GSTS, 4), 0);
	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_RTADDR, 8), 0);
	/* Disabling translation clears TES, the root pointer stays latched. */
	ck_assert_int_eq(vr_iommu_reg_write(x, 1, VR_IOMMU_REG_GCMD, 4, 0), 0);
	ck_assert_uint_eq(rd(x, 1, VR_IOMMU_REG_GSTS, 4), VR_IOMMU_GSTS_RTPS);
	iommu_ok(x);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_rtaddr_halves)
{
	struct vr_iommu *x = iommu_new(1);

	ck_assert_int_eq(vr_iommu_reg_write(x, 0, VR_IOMMU_REG_RTADDR + 4, 4, 0x1), 0);
	ck_assert_int_eq(vr_iommu_reg_write(x, 0, VR_IOMMU_REG_RTADDR, 4, 0x2000), 0);
	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_RTADDR, 8), 0x100002000ull);
	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_RTADDR + 4, 4), 0x1);
	ck_assert_int_eq(vr_iommu_reg_write(x, 0, VR_IOMMU_REG_RTADDR, 4, 0x5c00), 0);
	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_RTADDR, 8), 0x100005c00ull);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_bad_accesses)
{
	struct vr_iommu *x = iommu_new(1);
	u64 v = 7;

	ck_assert_int_eq(vr_iommu_reg_read(x, 1, VR_IOMMU_REG_VER, 4, &v), -EINVAL);
	ck_assert_int_eq(vr_iommu_reg_read(x, 0, VR_IOMMU_REG_VER, 2, &v), -EINVAL);
	ck_assert_int_eq(vr_iommu_reg_read(x, 0, VR_IOMMU_REG_CAP + 2, 4, &v), -EINVAL);
	ck_assert_int_eq(vr_iommu_reg_read(x, 0, VR_IOMMU_REG_GCMD, 8, &v), -EINVAL);
	ck_assert_int_eq(vr_iommu_reg_read(x, 0, VR_IOMMU_REG_SPACE, 4, &v), -EINVAL);
	ck_assert_int_eq(vr_iommu_reg_read(x, 0, VR_IOMMU_REG_VER, 4, NULL), -EINVAL);
	ck_assert_int_eq(vr_iommu_reg_read(NULL, 0, VR_IOMMU_REG_VER, 4, &v), -EINVAL);
	ck_assert_int_eq(vr_iommu_reg_write(NULL, 0, VR_IOMMU_REG_VER, 4, 0), -EINVAL);
	ck_assert_int_eq(vr_iommu_reg_write(x, 4, VR_IOMMU_REG_VER, 4, 0), -EINVAL);
	/* CCMD (0x28) is a register this model does not hold yet. */
	ck_assert_int_eq(vr_iommu_reg_read(x, 0, 0x28, 4, &v), -EOPNOTSUPP);
	ck_assert_int_eq(vr_iommu_reg_write(x, 0, 0x28, 4, 0), -EOPNOTSUPP);
	ck_assert_uint_eq(v, 7);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_commands_not_modelled)
{
	static const u32 cmds[] = { VR_IOMMU_GCMD_SFL, VR_IOMMU_GCMD_EAFL,  VR_IOMMU_GCMD_WBF,
				    VR_IOMMU_GCMD_IRE, VR_IOMMU_GCMD_SIRTP, VR_IOMMU_GCMD_CFI };
	struct vr_iommu *x = iommu_new(1);
	unsigned int i;

	for (i = 0; i < VR_ARRAY_SIZE(cmds); i++) {
		/* Refused whole: the TE in the same write does not happen. */
		ck_assert_int_eq(
			vr_iommu_reg_write(x, 0, VR_IOMMU_REG_GCMD, 4, cmds[i] | VR_IOMMU_GCMD_TE),
			-EOPNOTSUPP);
		ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_GSTS, 4), 0);
	}
	/* Reserved bits 22:0 are ignored. */
	ck_assert_int_eq(vr_iommu_reg_write(x, 0, VR_IOMMU_REG_GCMD, 4, 0x7fffff), 0);
	ck_assert_uint_eq(rd(x, 0, VR_IOMMU_REG_GSTS, 4), 0);
	iommu_ok(x);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_create_checks_and_alloc_failure)
{
	struct vr_iommu_config cfg;
	struct vr_iommu *x = NULL;
	u64 live = vr_alloc_live(), nth;
	int ret;

	vr_iommu_config_default(&cfg);
	cfg.nr_units = 0;
	ck_assert_int_eq(vr_iommu_create(&cfg, &x), -EINVAL);
	cfg.nr_units = VR_IOMMU_MAX_UNITS + 1;
	ck_assert_int_eq(vr_iommu_create(&cfg, &x), -EINVAL);
	vr_iommu_config_default(&cfg);
	cfg.profile = VR_IOMMU_NR_PROFILES;
	ck_assert_int_eq(vr_iommu_create(&cfg, &x), -EINVAL);
	ck_assert_int_eq(vr_iommu_create(NULL, &x), -EINVAL);
	vr_iommu_config_default(&cfg);
	ck_assert_int_eq(vr_iommu_create(&cfg, NULL), -EINVAL);
	for (nth = 1;; nth++) {
		vr_alloc_fail_nth(nth);
		ret = vr_iommu_create(&cfg, &x);
		vr_alloc_fail_nth(0);
		if (!ret)
			break;
		ck_assert_int_eq(ret, -ENOMEM);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
	ck_assert_uint_gt(nth, 1);
	ck_assert_ptr_nonnull(vr_iommu_mem(x));
	vr_iommu_destroy(x);
	vr_iommu_destroy(NULL);
	ck_assert_uint_eq(vr_alloc_live(), live);
	ck_assert_str_eq(vr_iommu_profile_name(VR_IOMMU_PROFILE_5_1), "5.1");
	ck_assert_str_eq(vr_iommu_profile_name(VR_IOMMU_PROFILE_5_11), "5.11");
	ck_assert_str_eq(vr_iommu_profile_name(VR_IOMMU_PROFILE_MAINLINE), "mainline");
	ck_assert_ptr_null(vr_iommu_profile_name(VR_IOMMU_NR_PROFILES));
}
END_TEST

static const struct vr_test regs_tests[] = {
	VR_TEST(test_identification),	     VR_TEST(test_srtp_then_te),
	VR_TEST(test_rtaddr_halves),	     VR_TEST(test_bad_accesses),
	VR_TEST(test_commands_not_modelled),
};

static const struct vr_test instance_tests[] = {
	VR_TEST(test_create_checks_and_alloc_failure),
};

static const struct vr_tcase iommu_hw_regs_tcases[] = {
	VR_TCASE("regs", regs_tests),
	VR_TCASE("instance", instance_tests),
};

const struct vr_suite vr_suite_iommu_hw_regs = VR_SUITE("iommu_hw_regs", iommu_hw_regs_tcases);
