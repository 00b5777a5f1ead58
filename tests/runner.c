/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Check suites from the vr_suite tables, with the fixture every virtref
 * test runs between.
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>
#include "runner.h"

/*
 * Check's fixtures take no argument, so the count taken in setup has to
 * live here.  Checked fixtures run in the test's own process (fork
 * mode), right before and after the test, so no two tests share it.
 */
static uint64_t live_before_test;

static void vr_fixture_setup(void)
{
	vr_alloc_fail_nth(0);
	vr_warn_reset();
	live_before_test = vr_alloc_live();
}

static void vr_fixture_teardown(void)
{
	uint64_t live = vr_alloc_live();
	uint64_t warnings = vr_warn_count();

	vr_alloc_fail_nth(0);
	ck_assert_msg(warnings == 0, "%" PRIu64 " WARN_ON() left behind; first: %s", warnings,
		      vr_warn_first());
	ck_assert_msg(live == live_before_test,
		      "counting allocator: %" PRIu64 " live objects before the test, %" PRIu64
		      " after it",
		      live_before_test, live);
}

const struct vr_suite *vr_runner_find_suite(const char *name)
{
	for (size_t i = 0; vr_all_suites[i]; i++)
		if (strcmp(vr_all_suites[i]->name, name) == 0)
			return vr_all_suites[i];
	return NULL;
}

bool vr_runner_is_loop(const struct vr_test *t)
{
	return t->loop_start != 0 || t->loop_end != 1;
}

static TCase *vr_runner_tcase(const struct vr_tcase *tc)
{
	TCase *c = tcase_create(tc->name);

	tcase_add_checked_fixture(c, vr_fixture_setup, vr_fixture_teardown);
	return c;
}

Suite *vr_runner_suite(const struct vr_suite *s)
{
	Suite *su = suite_create(s->name);

	for (size_t i = 0; i < s->ntcases; i++) {
		const struct vr_tcase *tc = &s->tcases[i];
		TCase *c = vr_runner_tcase(tc);

		for (size_t j = 0; j < tc->ntests; j++) {
			const struct vr_test *t = &tc->tests[j];

			tcase_add_loop_test(c, *t->test, t->loop_start, t->loop_end);
		}
		suite_add_tcase(su, c);
	}
	return su;
}

Suite *vr_runner_single(const struct vr_suite *s, const struct vr_tcase *tc,
			const struct vr_test *t, int iter)
{
	Suite *su = suite_create(s->name);
	TCase *c = vr_runner_tcase(tc);

	tcase_add_loop_test(c, *t->test, iter, iter + 1);
	suite_add_tcase(su, c);
	return su;
}
