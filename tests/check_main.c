/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vr-check [--list] [SUITE...]: runs the named Check suites (every suite
 * when none is named) with Check's normal output.  Each test runs in its
 * own process (Check's fork mode; CK_FORK=no still works for a debugger).
 *
 * Exit status: 0 when every test passed, 1 when one failed, 2 for a
 * suite name that does not exist.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runner.h"

static void usage(FILE *f)
{
	fputs("usage: vr-check [--list] [SUITE...]\n"
	      "Runs the named suites (all when none is named).\n"
	      "  --list  print the suite names and exit\n",
	      f);
}

static void list_suites(FILE *f)
{
	for (size_t i = 0; vr_all_suites[i]; i++)
		fprintf(f, "%s\n", vr_all_suites[i]->name);
}

/* True when argv[1..upto) already named @s, so a repeat runs it once. */
static bool named_before(char **argv, int upto, const struct vr_suite *s)
{
	for (int i = 1; i < upto; i++)
		if (vr_runner_find_suite(argv[i]) == s)
			return true;
	return false;
}

static SRunner *add_suite(SRunner *sr, const struct vr_suite *s)
{
	Suite *su = vr_runner_suite(s);

	if (!sr)
		return srunner_create(su);
	srunner_add_suite(sr, su);
	return sr;
}

int main(int argc, char **argv)
{
	SRunner *sr = NULL;
	int failed;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[i], "--list") == 0) {
			list_suites(stdout);
			return 0;
		}
		if (!vr_runner_find_suite(argv[i])) {
			fprintf(stderr, "vr-check: no suite named '%s'; the suites are:\n",
				argv[i]);
			list_suites(stderr);
			return 2;
		}
	}

	if (argc == 1) {
		for (size_t i = 0; vr_all_suites[i]; i++)
			sr = add_suite(sr, vr_all_suites[i]);
	}
	for (int i = 1; i < argc; i++)
		if (!named_before(argv, i, vr_runner_find_suite(argv[i])))
			sr = add_suite(sr, vr_runner_find_suite(argv[i]));
	if (!sr)
		return 0;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
