/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/**
 * DOC: virtref-tap - the Check suites as a TAP13 stream
 *
 * virtref-tap [--list] [--help] [NAME...]
 *
 * Prints every test case (or those NAMEs select) as TAP version 13, in
 * the shape kvm-unit-tests' run_tests.sh -t produces since commit
 * 6e1d3752 ("tap13: list testcases individually"): the version line
 * first, one `ok N - <desc>` / `not ok N - <desc>` line per test case as
 * soon as it finishes, numbers assigned in one place in arrival order,
 * and the plan `1..N` last.  Where kvm-unit-tests' description is
 * "<unittest>: <report prefixes><message>", ours is suite:tcase:test
 * (test[i] for each iteration of a loop test), and a failure is followed
 * by an indented YAML block with Check's message and its file and line,
 * which kvm-unit-tests keeps in its log files instead.  Unlike Check's
 * own TAP log, the stream has the version line, names loop iterations
 * apart and carries the failure message as YAML rather than in the
 * description.
 *
 * Each test case runs alone in a forked Check runner, so a crash or a
 * timeout is a `not ok` line like any failure and the run goes on.
 *
 * A NAME selects by whole components: suite, suite:tcase,
 * suite:tcase:test or suite:tcase:test[i]; `arm` never selects a suite
 * `arm_regs` (the prefix-match bug kvm-unit-tests fixed in b3733048).
 * Options may come anywhere among the names, as with GNU getopt's
 * permutation (kvm-unit-tests d4d34e64); `--` ends the options.
 *
 * Exit status: 0 when every selected test passed, 1 when one did not,
 * 2 for a bad option or a NAME that selects nothing (message on stderr,
 * nothing on stdout).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "runner.h"

/* What walk() does with each selected test iteration. */
enum tap_mode { TAP_COUNT, TAP_LIST, TAP_RUN };

/* One test iteration: what a NAME is matched against, what a line names. */
struct tap_case {
	const struct vr_suite *suite;
	const struct vr_tcase *tcase;
	const struct vr_test *test;
	int iter;
};

/* The stream's state; numbering happens in tap_result() and nowhere else. */
struct tap_stream {
	FILE *out;
	unsigned long count;
	unsigned long failed;
};

static void usage(FILE *f)
{
	fputs("usage: virtref-tap [--list] [--help] [NAME...]\n"
	      "Runs the Check suites and prints TAP version 13 on stdout.\n"
	      "A NAME is suite, suite:tcase, suite:tcase:test or suite:tcase:test[i]\n"
	      "and selects by whole components; without NAME every test runs.\n"
	      "  --list  print the names of the selected tests, one per line\n"
	      "  --help  print this text\n"
	      "Exit status: 0 all passed, 1 a test failed, 2 usage error.\n",
	      f);
}

/* Advances *@p past @word when the text starts with it. */
static bool eat(const char **p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*p, word, n) != 0)
		return false;
	*p += n;
	return true;
}

/* Whether @name picks @c: exact match of a leading run of components. */
static bool name_selects(const char *name, const struct tap_case *c)
{
	const char *p = name;
	char iter[24];

	if (!eat(&p, c->suite->name))
		return false;
	if (*p == '\0')
		return true;
	if (!eat(&p, ":") || !eat(&p, c->tcase->name))
		return false;
	if (*p == '\0')
		return true;
	if (!eat(&p, ":") || !eat(&p, (*c->test->test)->name))
		return false;
	if (*p == '\0')
		return true;
	if (!vr_runner_is_loop(c->test))
		return false;
	snprintf(iter, sizeof(iter), "[%d]", c->iter);
	return strcmp(p, iter) == 0;
}

static bool selected(const struct tap_case *c, char **names, int nnames)
{
	if (nnames == 0)
		return true;
	for (int i = 0; i < nnames; i++)
		if (name_selects(names[i], c))
			return true;
	return false;
}

/*
 * Writes @s so that it cannot end the line or open a directive: `#`
 * becomes `\#` (TAP::Parser keeps it literally) and CR, LF and other
 * control characters become a blank.
 */
static void put_description_part(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '#')
			fputs("\\#", f);
		else if (ch < 0x20 || ch == 0x7f)
			fputc(' ', f);
		else
			fputc(ch, f);
	}
}

static void put_description(FILE *f, const struct tap_case *c)
{
	put_description_part(f, c->suite->name);
	fputc(':', f);
	put_description_part(f, c->tcase->name);
	fputc(':', f);
	put_description_part(f, (*c->test->test)->name);
	if (vr_runner_is_loop(c->test))
		fprintf(f, "[%d]", c->iter);
}

/*
 * Writes @s as a YAML double-quoted scalar: quote and backslash escaped,
 * every byte outside printable ASCII as \xNN, so that a message can
 * neither end the block nor break the line.  TAP::Parser's YAMLish
 * reader understands exactly these escapes.
 */
static void put_yaml_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

/* Numbers the line, writes it (and the diagnostic of a failure), flushes. */
static void tap_result(struct tap_stream *ts, const struct tap_case *c, TestResult *tr)
{
	bool ok = tr && tr_rtype(tr) == CK_PASS;

	ts->count++;
	fprintf(ts->out, "%sok %lu - ", ok ? "" : "not ", ts->count);
	put_description(ts->out, c);
	fputc('\n', ts->out);
	if (!ok) {
		ts->failed++;
		fputs("  ---\n  message: ", ts->out);
		put_yaml_string(ts->out, tr ? tr_msg(tr) : "Check did not run the test");
		fputs("\n  severity: fail\n  at: { file: ", ts->out);
		put_yaml_string(ts->out, tr ? tr_lfile(tr) : (*c->test->test)->file);
		fprintf(ts->out, ", line: %d }\n  ...\n", tr ? tr_lno(tr) : (*c->test->test)->line);
	}
	fflush(ts->out);
}

static void run_case(struct tap_stream *ts, const struct tap_case *c)
{
	SRunner *sr = srunner_create(vr_runner_single(c->suite, c->tcase, c->test, c->iter));
	TestResult **results;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_SILENT);
	results = srunner_results(sr);
	tap_result(ts, c, results && srunner_ntests_run(sr) == 1 ? results[0] : NULL);
	free(results);
	srunner_free(sr);
}

/*
 * Visits every selected test iteration in table order, counting it,
 * printing its name or running it.  Returns how many were selected.
 */
static unsigned long walk(enum tap_mode mode, char **names, int nnames, struct tap_stream *ts)
{
	unsigned long n = 0;

	for (size_t s = 0; vr_all_suites[s]; s++) {
		const struct vr_suite *su = vr_all_suites[s];

		for (size_t i = 0; i < su->ntcases; i++) {
			const struct vr_tcase *tc = &su->tcases[i];

			for (size_t j = 0; j < tc->ntests; j++) {
				const struct vr_test *t = &tc->tests[j];

				for (int it = t->loop_start; it < t->loop_end; it++) {
					struct tap_case c = { su, tc, t, it };

					if (!selected(&c, names, nnames))
						continue;
					n++;
					if (mode == TAP_LIST) {
						put_description(stdout, &c);
						fputc('\n', stdout);
					} else if (mode == TAP_RUN) {
						run_case(ts, &c);
					}
				}
			}
		}
	}
	return n;
}

/*
 * Check would otherwise write its own logs (CK_TAP_LOG_FILE_NAME=- is
 * stdout) or silently skip tests (CK_RUN_SUITE, CK_RUN_CASE, tags) and
 * so corrupt or thin out the stream; the fork mode is ours to choose.
 */
static void clear_check_environment(void)
{
	static const char *const vars[] = {
		"CK_TAP_LOG_FILE_NAME", "CK_LOG_FILE_NAME", "CK_XML_LOG_FILE_NAME", "CK_RUN_SUITE",
		"CK_RUN_CASE",		"CK_INCLUDE_TAGS",  "CK_EXCLUDE_TAGS",	    "CK_FORK",
	};

	for (size_t i = 0; i < VR_ARRAY_SIZE(vars); i++)
		unsetenv(vars[i]);
}

/*
 * The stream gets a descriptor of its own and the process's stdout goes
 * to stderr, so that nothing a test prints can land between TAP lines:
 * kvm-unit-tests does the same with fd 3 in run_tests.sh.
 */
static FILE *claim_stdout(void)
{
	int fd;
	FILE *f;

	fflush(stdout);
	fd = dup(STDOUT_FILENO);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return NULL;
	}
	if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		fclose(f);
		return NULL;
	}
	return f;
}

int main(int argc, char **argv)
{
	enum tap_mode mode = TAP_RUN;
	struct tap_stream ts = { NULL, 0, 0 };
	/* GNU-style permutation: names are gathered in place at argv[1..]. */
	char **names = argv + 1;
	int nnames = 0;
	bool options_done = false;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];

		if (options_done || a[0] != '-' || a[1] == '\0') {
			names[nnames++] = a;
		} else if (strcmp(a, "--") == 0) {
			options_done = true;
		} else if (strcmp(a, "--list") == 0 || strcmp(a, "-l") == 0) {
			mode = TAP_LIST;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "virtref-tap: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	for (int i = 0; i < nnames; i++) {
		if (walk(TAP_COUNT, &names[i], 1, NULL) == 0) {
			fprintf(stderr,
				"virtref-tap: '%s' names no suite, tcase or test "
				"(try --list)\n",
				names[i]);
			return 2;
		}
	}

	if (mode == TAP_LIST) {
		walk(TAP_LIST, names, nnames, NULL);
		return 0;
	}

	clear_check_environment();
	ts.out = claim_stdout();
	if (!ts.out) {
		perror("virtref-tap: stdout");
		return 2;
	}
	fputs("TAP version 13\n", ts.out);
	fflush(ts.out);
	walk(TAP_RUN, names, nnames, &ts);
	fprintf(ts.out, "1..%lu\n", ts.count);
	fclose(ts.out);
	return ts.failed == 0 ? 0 : 1;
}
