/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The generic fuzz harness over the mmu model, with the stale-translation
 * checker after every op: mainline survives seeded random map / zap /
 * access / flush sequences; for V2 and V3 the same search finds the
 * under-flush, and with the legacy 4094 limit it finds the page overflow.
 *
 * Inputs are a fixed config prefix (so each test fixes the profile) and
 * xorshift64 bytes, seeded per input: the same run every time.
 */
#include <stdlib.h>
#include "mmu_test.h"

/* Inputs per search; mainline runs several batches, one test each. */
#define FUZZ_INPUTS 120
#define FUZZ_BATCH 50
#define FUZZ_BATCHES 6
#define FUZZ_BYTES 3000

struct fuzz_cfg {
	u8 profile;
	u8 legacy;
	int filter; /* -1: random */
};

/* Config bytes in field order; see config_fields in src/mmu/model.c. */
static size_t put_config(u8 *p, const struct fuzz_cfg *fc, u64 *x)
{
	size_t n = 0;
	int i;

	p[n++] = fc->profile;
	p[n++] = fc->legacy;
	p[n++] = fc->filter < 0 ? (u8)(*x & 1) : (u8)fc->filter;
	p[n++] = 1;		 /* nested_flush */
	p[n++] = (u8)(*x >> 8);	 /* psc */
	p[n++] = (u8)(*x >> 16); /* levels 4 or 5 */
	p[n++] = (u8)(*x >> 24); /* vcpus */
	p[n++] = (u8)(*x >> 32); /* reps_per_call, 2 bytes */
	p[n++] = 0;
	p[n++] = 0xff; /* tlb_entries: 256 */
	p[n++] = 0;
	p[n++] = 0xf8; /* table_pages: 256 */
	p[n++] = 0;
	for (i = 0; i < 4; i++) /* slot0_pages: 0x8000 */
		p[n++] = (u8)(0x8000 >> (8 * i));
	p[n++] = (u8)(*x >> 40); /* prefetch */
	return n;
}

static u64 xorshift(u64 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/*
 * Runs inputs @first .. @first + @inputs - 1; returns the index of the
 * first that violates an invariant (its reason in @why), or -1.
 */
static int fuzz(const struct fuzz_cfg *fc, int first, int inputs, struct vr_text *why)
{
	const struct vr_model *m = vr_model_find("mmu");
	static u8 buf[FUZZ_BYTES];
	int i;

	ck_assert_ptr_nonnull(m);
	for (i = first; i < first + inputs; i++) {
		u64 x = 0x9e3779b97f4a7c15ull * (u64)(i + 1);
		u64 live = vr_alloc_live();
		size_t n, j;
		int ret;

		xorshift(&x);
		n = put_config(buf, fc, &x);
		for (j = n; j < FUZZ_BYTES; j++)
			buf[j] = (u8)(xorshift(&x) >> 24);
		vr_text_clear(why);
		ret = vr_fuzz_run(m, buf, FUZZ_BYTES, why);
		if (ret == -VR_EINVARIANT)
			return i;
		ck_assert_int_eq(ret, 0);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
	return -1;
}

START_TEST(test_fuzz_mainline_survives)
{
	struct fuzz_cfg fc = { VR_MMU_PROFILE_MAINLINE, 0, -1 };
	struct vr_text why = VR_TEXT_INIT;
	int found = fuzz(&fc, _i * FUZZ_BATCH, FUZZ_BATCH, &why);

	ck_assert_msg(found < 0, "input %d: %s", found, vr_text_str(&why));
	vr_text_free(&why);
}
END_TEST

START_TEST(test_fuzz_finds_v2_underflush)
{
	struct fuzz_cfg fc = { VR_MMU_PROFILE_V2, 0, 0 };
	struct vr_text why = VR_TEXT_INIT;

	ck_assert_int_ge(fuzz(&fc, 0, FUZZ_INPUTS, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "stale"));
	vr_text_free(&why);
}
END_TEST

START_TEST(test_fuzz_finds_v3_underflush)
{
	struct fuzz_cfg fc = { VR_MMU_PROFILE_V3, 0, 1 };
	struct vr_text why = VR_TEXT_INIT;

	ck_assert_int_ge(fuzz(&fc, 0, FUZZ_INPUTS, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "stale"));
	vr_text_free(&why);
}
END_TEST

START_TEST(test_fuzz_finds_legacy_overflow)
{
	struct fuzz_cfg fc = { VR_MMU_PROFILE_MAINLINE, 1, -1 };
	struct vr_text why = VR_TEXT_INIT;

	ck_assert_int_ge(fuzz(&fc, 0, FUZZ_INPUTS, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "overflowed its page"));
	vr_text_free(&why);
}
END_TEST

static const struct vr_test fuzz_tests[] = {
	VR_LOOP_TEST(test_fuzz_mainline_survives, 0, FUZZ_BATCHES),
	VR_TEST(test_fuzz_finds_v2_underflush),
	VR_TEST(test_fuzz_finds_v3_underflush),
	VR_TEST(test_fuzz_finds_legacy_overflow),
};
static const struct vr_tcase mmu_fuzz_tcases[] = {
	VR_TCASE("fuzz", fuzz_tests),
};
const struct vr_suite vr_suite_mmu_fuzz = VR_SUITE("mmu_fuzz", mmu_fuzz_tcases);
