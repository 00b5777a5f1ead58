/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The text buffer (include/virtref/text.h): appending, growth, clearing,
 * and the out-of-memory rule: keep what is there, set oom, ignore the
 * rest until cleared.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "vr_test.h"

START_TEST(test_empty)
{
	struct vr_text t = VR_TEXT_INIT;

	ck_assert_str_eq(vr_text_str(&t), "");
	ck_assert_uint_eq(t.len, 0);
	ck_assert(!t.oom);
	vr_text_free(&t);
}
END_TEST

START_TEST(test_printf_appends)
{
	uint64_t live = vr_alloc_live();
	struct vr_text t = VR_TEXT_INIT;

	vr_text_printf(&t, "ESB %u: PQ %s", 5u, "00");
	vr_text_printf(&t, " -> %s", "10");
	vr_text_printf(&t, "%s", "");
	ck_assert_str_eq(vr_text_str(&t), "ESB 5: PQ 00 -> 10");
	ck_assert_str_eq(t.buf, "ESB 5: PQ 00 -> 10");
	ck_assert_uint_eq(t.len, strlen("ESB 5: PQ 00 -> 10"));
	ck_assert_uint_gt(t.cap, t.len);
	ck_assert(!t.oom);
	vr_text_free(&t);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_put_counts_bytes)
{
	struct vr_text t = VR_TEXT_INIT;

	vr_text_put(&t, "abcdef", 3);
	vr_text_put(&t, "xyz", 0);
	vr_text_put(&t, "\n", 1);
	ck_assert_str_eq(vr_text_str(&t), "abc\n");
	ck_assert_uint_eq(t.len, 4);
	vr_text_free(&t);
}
END_TEST

START_TEST(test_growth)
{
	struct vr_text t = VR_TEXT_INIT;
	char expect[20001];

	for (int i = 0; i < 2000; i++) {
		vr_text_printf(&t, "%09d\n", i);
		snprintf(expect + 10 * i, 11, "%09d\n", i);
	}
	ck_assert(!t.oom);
	ck_assert_uint_eq(t.len, 20000);
	ck_assert_uint_eq(strlen(vr_text_str(&t)), 20000);
	ck_assert(memcmp(vr_text_str(&t), expect, 20000) == 0);

	/* One long format in one call. */
	vr_text_clear(&t);
	vr_text_printf(&t, "%s%s", expect, expect);
	ck_assert_uint_eq(t.len, 40000);
	ck_assert(memcmp(t.buf + 20000, expect, 20000) == 0);
	ck_assert_uint_eq(t.buf[40000], '\0');
	vr_text_free(&t);
}
END_TEST

START_TEST(test_clear_keeps_memory)
{
	struct vr_text t = VR_TEXT_INIT;
	uint64_t live;
	size_t cap;
	char *buf;

	vr_text_printf(&t, "%s", "some narration");
	live = vr_alloc_live();
	cap = t.cap;
	buf = t.buf;
	vr_text_clear(&t);
	ck_assert_str_eq(vr_text_str(&t), "");
	ck_assert_uint_eq(t.len, 0);
	ck_assert_uint_eq(t.cap, cap);
	ck_assert_ptr_eq(t.buf, buf);
	ck_assert_uint_eq(vr_alloc_live(), live);
	vr_text_printf(&t, "%d", 42);
	ck_assert_str_eq(vr_text_str(&t), "42");
	vr_text_free(&t);
}
END_TEST

START_TEST(test_free_releases)
{
	uint64_t live = vr_alloc_live();
	struct vr_text t = VR_TEXT_INIT;

	vr_text_printf(&t, "%s", "x");
	ck_assert_uint_gt(vr_alloc_live(), live);
	vr_text_free(&t);
	ck_assert_uint_eq(vr_alloc_live(), live);
	/* Freeing an empty buffer is harmless. */
	vr_text_free(&t);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_oom_first_write)
{
	uint64_t live = vr_alloc_live();
	struct vr_text t = VR_TEXT_INIT;

	vr_alloc_fail_nth(1);
	vr_text_printf(&t, "%s", "lost");
	ck_assert(vr_alloc_fault_hit());
	vr_alloc_fail_nth(0);
	ck_assert(t.oom);
	ck_assert_str_eq(vr_text_str(&t), "");
	/* Further output is ignored, even with memory available again. */
	vr_text_printf(&t, "%s", "ignored");
	vr_text_put(&t, "ignored", 7);
	ck_assert(t.oom);
	ck_assert_str_eq(vr_text_str(&t), "");
	vr_text_free(&t);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_oom_keeps_what_it_has)
{
	uint64_t live = vr_alloc_live();
	struct vr_text t = VR_TEXT_INIT;
	char big[8192];

	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	vr_text_printf(&t, "%s", "kept");
	vr_alloc_fail_nth(1);
	/* Growing to 8 KiB needs memory the buffer cannot already have. */
	vr_text_printf(&t, "%s", big);
	ck_assert(vr_alloc_fault_hit());
	vr_alloc_fail_nth(0);
	ck_assert(t.oom);
	ck_assert_str_eq(vr_text_str(&t), "kept");
	ck_assert_uint_eq(t.len, 4);
	vr_text_put(&t, "!", 1);
	ck_assert_str_eq(vr_text_str(&t), "kept");

	/* Clearing lifts the condition. */
	vr_text_clear(&t);
	ck_assert(!t.oom);
	vr_text_put(&t, "again", 5);
	ck_assert_str_eq(vr_text_str(&t), "again");
	vr_text_free(&t);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

/* Each failure point of a long build leaves a prefix of the full text. */
START_TEST(test_oom_sweep)
{
	uint64_t live = vr_alloc_live();
	struct vr_text full = VR_TEXT_INIT;
	bool hit = true;

	for (int i = 0; i < 500; i++)
		vr_text_printf(&full, "line %d of the dump\n", i);
	ck_assert(!full.oom);

	for (uint64_t n = 1; hit; n++) {
		struct vr_text t = VR_TEXT_INIT;

		vr_alloc_fail_nth(n);
		for (int i = 0; i < 500; i++)
			vr_text_printf(&t, "line %d of the dump\n", i);
		hit = vr_alloc_fault_hit();
		vr_alloc_fail_nth(0);
		ck_assert_msg(t.oom == hit, "n=%llu: oom %d, failure hit %d", (unsigned long long)n,
			      t.oom, hit);
		ck_assert_uint_le(t.len, full.len);
		ck_assert(memcmp(vr_text_str(&t), full.buf, t.len) == 0);
		ck_assert_uint_eq(strlen(vr_text_str(&t)), t.len);
		if (!hit)
			ck_assert_str_eq(vr_text_str(&t), full.buf);
		vr_text_free(&t);
		ck_assert_uint_eq(vr_alloc_live(), live + 1);
		ck_assert_uint_lt(n, 1000);
	}
	vr_text_free(&full);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

static const struct vr_test printf_tests[] = {
	VR_TEST(test_empty),
	VR_TEST(test_printf_appends),
	VR_TEST(test_put_counts_bytes),
	VR_TEST(test_growth),
};

static const struct vr_test memory_tests[] = {
	VR_TEST(test_clear_keeps_memory),
	VR_TEST(test_free_releases),
};

static const struct vr_test oom_tests[] = {
	VR_TEST(test_oom_first_write),
	VR_TEST(test_oom_keeps_what_it_has),
	VR_TEST(test_oom_sweep),
};

/*
 * "printf" and "printf_oom" differ only after a common prefix: the TAP
 * selection test relies on naming one never selecting the other.
 */
static const struct vr_tcase text_tcases[] = {
	VR_TCASE("printf", printf_tests),
	VR_TCASE("memory", memory_tests),
	VR_TCASE("printf_oom", oom_tests),
};

const struct vr_suite vr_suite_text = VR_SUITE("text", text_tcases);
