/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * How a Check suite plugs into virtref's runners.
 *
 * A file tests/<model>/check_<stem>.c writes its tests with Check's
 * START_TEST/END_TEST and lists them in tables:
 *
 *	static const struct vr_test regs_tests[] = {
 *		VR_TEST(test_get_psci_version),
 *		VR_LOOP_TEST(test_wa1_matrix, 0, 20),
 *	};
 *	static const struct vr_tcase arm_tcases[] = {
 *		VR_TCASE("regs", regs_tests),
 *	};
 *	const struct vr_suite vr_suite_arm = VR_SUITE("arm", arm_tcases);
 *
 * The suite is then one CTest (`ctest -R arm`), and every test case is
 * one line of the TAP13 runner.  Every test runs in its own process
 * between checked fixtures that fail it when it leaks an object of the
 * counting allocator or leaves a WARN_ON() behind.
 */
#ifndef VIRTREF_TESTS_VR_TEST_H
#define VIRTREF_TESTS_VR_TEST_H

#include <check.h>
#include <stddef.h>
#include <string.h>
#include <virtref/virtref.h>

struct vr_test {
	/*
	 * The pointer START_TEST() defines next to the TTest.  Referring to
	 * it (rather than to the TTest itself) keeps gcc and clang from
	 * rejecting it as an unused variable under -Werror.
	 */
	const TTest *const *test;
	int loop_start; /* the test runs for _i in [loop_start, loop_end) */
	int loop_end;
};

struct vr_tcase {
	const char *name;
	const struct vr_test *tests;
	size_t ntests;
};

struct vr_suite {
	const char *name;
	const struct vr_tcase *tcases;
	size_t ntcases;
};

#define VR_TEST(fn)                                                                                \
	{                                                                                          \
		&fn, 0, 1                                                                          \
	}
#define VR_LOOP_TEST(fn, s, e)                                                                     \
	{                                                                                          \
		&fn, (s), (e)                                                                      \
	}
#define VR_TCASE(n, tbl)                                                                           \
	{                                                                                          \
		(n), (tbl), VR_ARRAY_SIZE(tbl)                                                     \
	}
#define VR_SUITE(n, tbl)                                                                           \
	{                                                                                          \
		(n), (tbl), VR_ARRAY_SIZE(tbl)                                                     \
	}

/* Asserts an exact errno and names both sides on failure. */
#define ck_assert_errno(expr, want)                                                                \
	do {                                                                                       \
		long _got = (long)(expr);                                                          \
		long _want = (long)(want);                                                         \
		ck_assert_msg(_got == _want, "%s: got %ld (%s), want %ld (%s)", #expr, _got,       \
			      vr_test_errname(_got), _want, vr_test_errname(_want));               \
	} while (0)

const char *vr_test_errname(long err);

/*
 * Parses and replays a trace held in a string; returns vr_replay()'s
 * result (or the parse error).  On failure the report is in @report when
 * it is not NULL, and is printed to stderr otherwise.
 */
int vr_test_replay_string(const char *yaml, struct vr_text *report);

/* The same with vr_replay() @flags: VR_REPLAY_EXPLAIN to read narration. */
int vr_test_replay_string_flags(const char *yaml, unsigned int flags, struct vr_text *report);

/* Asserts that the text T contains WHAT, and prints T when it does not. */
static inline void assert_has(const struct vr_text *t, const char *what)
{
	ck_assert_msg(strstr(vr_text_str(t), what) != NULL, "missing \"%s\" in:\n%s", what,
		      vr_text_str(t));
}

#endif
