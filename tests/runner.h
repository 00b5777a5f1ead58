/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Turns the struct vr_suite tables of tests/vr_test.h into Check suites,
 * for the two runners: vr-check (one Check run per suite, CTest's view)
 * and virtref-tap (one single-test run per test case, TAP13's view).
 *
 * Every TCase built here carries the same checked fixture: the test runs
 * with the allocation-failure knob disarmed and the warning count at zero,
 * and fails afterwards if it left an object of the counting allocator
 * live or raised a WARN_ON().
 */
#ifndef VIRTREF_TESTS_RUNNER_H
#define VIRTREF_TESTS_RUNNER_H

#include <stdbool.h>
#include "vr_test.h"

/* Every suite of the build, NULL-terminated; generated from suites.c.in. */
extern const struct vr_suite *const vr_all_suites[];

/**
 * vr_runner_find_suite() - look a suite up by its exact name
 * @name: the name given to VR_SUITE()
 *
 * Return: the suite, or NULL when no suite has that name.
 */
const struct vr_suite *vr_runner_find_suite(const char *name);

/**
 * vr_runner_is_loop() - tell a loop test from a plain one
 * @t: a table entry
 *
 * VR_TEST() runs once with _i = 0; anything else is a loop test whose
 * iterations are named test[i].
 *
 * Return: true for a loop test.
 */
bool vr_runner_is_loop(const struct vr_test *t);

/**
 * vr_runner_suite() - build the Check suite of a whole table
 * @s: the suite table
 *
 * Every TCase gets the leak/warning fixture; loop tests keep their range.
 *
 * Return: the Suite (owned by the SRunner it is added to).
 */
Suite *vr_runner_suite(const struct vr_suite *s);

/**
 * vr_runner_single() - build a suite that runs one test iteration
 * @s: the suite table
 * @tc: the test case within @s
 * @t: the test within @tc
 * @iter: the value of _i for this run
 *
 * The suite and TCase keep their names, so Check's messages and
 * tr_tcname() read as in a whole-suite run.
 *
 * Return: the Suite (owned by the SRunner it is added to).
 */
Suite *vr_runner_single(const struct vr_suite *s, const struct vr_tcase *tc,
			const struct vr_test *t, int iter);

#endif
