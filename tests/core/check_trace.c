/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Trace parsing (include/virtref/trace.h) on untrusted input: every
 * malformed trace is rejected with the documented code and a message
 * "file:line:col: ..." that points at the offending node, with nothing
 * leaked, whatever the bytes and wherever memory runs out.  These traces
 * fail before any model is needed, so the suite runs in every build.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <virtref/linux/errno.h>
#include "vr_test.h"

struct bad_trace {
	const char *what;
	const char *yaml;
	size_t len;	   /* 0: strlen(yaml) */
	int err;	   /* the negative code vr_trace_parse() returns */
	const char *where; /* "line:col" the message names, or NULL: any */
};

static const struct bad_trace bad_traces[] = {
	{ "empty", "", 0, -VR_ETRACE, "1:1" },
	{ "only a comment", "# nothing here\n", 0, -VR_ETRACE, "1:1" },
	{ "YAML syntax", "virtref: 1\nmodel: [unclosed\n", 0, -VR_ETRACE, "3:1" },
	{ "root is a sequence", "- virtref\n- 1\n", 0, -VR_ETRACE, "1:1" },
	{ "root is a scalar", "virtref\n", 0, -VR_ETRACE, "1:1" },
	{ "no version", "model: x\nsteps: []\n", 0, -VR_ETRACE, "1:1" },
	{ "version 2", "virtref: 2\nmodel: x\nsteps: []\n", 0, -VR_ETRACE, "1:10" },
	{ "version not a number", "virtref: x\nmodel: x\nsteps: []\n", 0, -VR_ETRACE, "1:10" },
	{ "version a mapping", "virtref: { a: 1 }\nmodel: x\nsteps: []\n", 0, -VR_ETRACE, "1:10" },
	{ "duplicate key", "virtref: 1\nvirtref: 1\nmodel: x\nsteps: []\n", 0, -VR_ETRACE, "2:1" },
	{ "unknown key", "virtref: 1\nmodel: x\nsteps: []\nfoo: 1\n", 0, -VR_ETRACE, "4:1" },
	{ "anchor", "virtref: &v 1\nmodel: x\nsteps: []\n", 0, -VR_ETRACE, "1:10" },
	{ "alias", "virtref: 1\nmodel: &m x\nname: *m\nsteps: []\n", 0, -VR_ETRACE, "2:8" },
	{ "tag", "virtref: !!int 1\nmodel: x\nsteps: []\n", 0, -VR_ETRACE, "1:10" },
	{ "unknown model", "virtref: 1\nmodel: no-such-model\nsteps: []\n", 0, -VR_ENOMODEL,
	  "2:8" },
	{ "unknown model, flow style", "{ virtref: 1, model: nope, steps: [] }", 0, -VR_ENOMODEL,
	  "1:22" },
	{ "NUL byte", "virtref: 1\0\nmodel: x\nsteps: []\n", 30, -VR_ETRACE, NULL },
	{ "invalid UTF-8", "virtref: 1\nmodel: \xff\xfe\nsteps: []\n", 0, -VR_ETRACE, NULL },
	{ "two documents", "virtref: 1\n---\nvirtref: 1\n", 0, -VR_ETRACE, NULL },
};

/* Checks that @err is "<file>:<where>: <message>", one line. */
static void assert_message(const struct vr_text *err, const char *file, const char *where)
{
	const char *s = vr_text_str(err);
	size_t n = strlen(file);
	unsigned line, col;
	char rest[2];

	ck_assert_msg(strncmp(s, file, n) == 0 && s[n] == ':',
		      "message \"%s\" does not start with \"%s:\"", s, file);
	ck_assert_msg(sscanf(s + n, ":%u:%u: %1c", &line, &col, rest) == 3,
		      "message \"%s\" is not file:line:col: message", s);
	if (where) {
		char want[64];

		snprintf(want, sizeof(want), ":%s: ", where);
		ck_assert_msg(strncmp(s + n, want, strlen(want)) == 0,
			      "message \"%s\" does not point at %s", s, where);
	}
	ck_assert_msg(!strchr(s, '\n') || strchr(s, '\n')[1] == '\0', "message \"%s\" spans lines",
		      s);
}

START_TEST(test_bad_trace)
{
	const struct bad_trace *b = &bad_traces[_i];
	size_t len = b->len ? b->len : strlen(b->yaml);
	struct vr_text err = VR_TEXT_INIT;
	struct vr_trace *t = NULL;
	uint64_t live = vr_alloc_live();
	int ret;

	ret = vr_trace_parse("bad.yaml", b->yaml, len, &t, &err);
	ck_assert_msg(ret == b->err, "%s: got %d (%s), want %s; message: %s", b->what, ret,
		      vr_test_errname(ret), vr_test_errname(b->err), vr_text_str(&err));
	ck_assert_ptr_null(t);
	assert_message(&err, "bad.yaml", b->where);
	vr_text_free(&err);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_deep_nesting)
{
	struct vr_text err = VR_TEXT_INIT;
	struct vr_trace *t = NULL;
	char yaml[4096];
	size_t n = (size_t)snprintf(yaml, sizeof(yaml), "virtref: 1\nmodel: x\nsteps: ");

	for (int i = 0; i < 1000; i++)
		yaml[n++] = '[';
	for (int i = 0; i < 1000; i++)
		yaml[n++] = ']';
	ck_assert_errno(vr_trace_parse("deep.yaml", yaml, n, &t, &err), -VR_ETRACE);
	ck_assert_ptr_null(t);
	assert_message(&err, "deep.yaml", NULL);
	vr_text_free(&err);
}
END_TEST

/* Every prefix of a trace is handled: a result, a message, no leak. */
START_TEST(test_every_prefix)
{
	static const char yaml[] = "# SPDX-License-Identifier: GPL-2.0-only OR MIT\n"
				   "virtref: 1\n"
				   "model: no-such-model\n"
				   "name: \"quoted \\\" name\"\n"
				   "config: { profile: mainline }\n"
				   "steps:\n"
				   "  - op: x\n"
				   "    args: { a: 0x10, b: -EINVAL, c: [1, 2, 3] }\n"
				   "  - check: invariants\n";
	uint64_t live = vr_alloc_live();

	for (size_t len = 0; len <= sizeof(yaml) - 1; len++) {
		struct vr_text err = VR_TEXT_INIT;
		struct vr_trace *t = NULL;
		int ret = vr_trace_parse("p.yaml", yaml, len, &t, &err);

		ck_assert_msg(ret == -VR_ETRACE || ret == -VR_ENOMODEL, "length %zu: %d (%s)", len,
			      ret, vr_test_errname(ret));
		ck_assert_ptr_null(t);
		assert_message(&err, "p.yaml", NULL);
		vr_text_free(&err);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
}
END_TEST

/* Random bytes, and a trace with random bytes flipped. */
START_TEST(test_random_bytes)
{
	static const char base[] = "virtref: 1\nmodel: no-such-model\nsteps:\n  - op: x\n";
	uint64_t live = vr_alloc_live();
	uint32_t seed = 7;
	char buf[128];

	for (int round = 0; round < 500; round++) {
		struct vr_text err = VR_TEXT_INIT;
		struct vr_trace *t = NULL;
		size_t len;
		int ret;

		if (round % 2) {
			len = sizeof(base) - 1;
			memcpy(buf, base, len);
			for (int k = 0; k < 3; k++) {
				seed = seed * 1103515245u + 12345u;
				buf[(seed >> 8) % len] = (char)(seed >> 20);
			}
		} else {
			len = (size_t)round % sizeof(buf);
			for (size_t i = 0; i < len; i++) {
				seed = seed * 1103515245u + 12345u;
				buf[i] = (char)(seed >> 16);
			}
		}
		ret = vr_trace_parse("r.yaml", buf, len, &t, &err);
		ck_assert_msg(ret == -VR_ETRACE || ret == -VR_ENOMODEL, "round %d: %d (%s)", round,
			      ret, vr_test_errname(ret));
		ck_assert_ptr_null(t);
		assert_message(&err, "r.yaml", NULL);
		vr_text_free(&err);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
}
END_TEST

/*
 * Out of memory anywhere: -ENOMEM, or the trace's own error with the
 * message buffer marked out of memory -- never a leak or a crash.
 */
START_TEST(test_parse_fail_nth)
{
	static const char *const yamls[] = {
		"virtref: 1\nmodel: no-such-model\nname: n\nsteps: []\n",
		"virtref: 1\nmodel: x\nsteps:\n  - op: a\n    args: { b: [1, 2] }\nbad: 1\n",
	};
	const char *yaml = yamls[_i];
	int want = _i == 0 ? -VR_ENOMODEL : -VR_ETRACE;
	uint64_t live = vr_alloc_live();
	bool hit = true;

	for (uint64_t n = 1; hit; n++) {
		struct vr_text err = VR_TEXT_INIT;
		struct vr_trace *t = NULL;
		int ret;

		vr_alloc_fail_nth(n);
		ret = vr_trace_parse("f.yaml", yaml, strlen(yaml), &t, &err);
		hit = vr_alloc_fault_hit();
		vr_alloc_fail_nth(0);
		if (hit)
			ck_assert_msg(ret == -ENOMEM || (ret == want && err.oom),
				      "n=%llu: %d (%s), want -ENOMEM", (unsigned long long)n, ret,
				      vr_test_errname(ret));
		else
			ck_assert_int_eq(ret, want);
		ck_assert_ptr_null(t);
		vr_text_free(&err);
		ck_assert_uint_eq(vr_alloc_live(), live);
		ck_assert_uint_lt(n, 10000);
	}
}
END_TEST

START_TEST(test_load_errors)
{
	struct vr_text err = VR_TEXT_INIT;
	struct vr_trace *t = NULL;

	ck_assert_errno(vr_trace_load(VR_SOURCE_DIR "/tests/no-such-trace.yaml", &t, &err),
			-VR_ETRACE);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(vr_text_str(&err),
			 VR_SOURCE_DIR "/tests/no-such-trace.yaml:0:0: cannot read: "
				       "No such file or directory");
	vr_text_clear(&err);

	ck_assert_errno(vr_trace_load(VR_SOURCE_DIR "/tests", &t, &err), -VR_ETRACE);
	ck_assert_ptr_null(t);
	assert_message(&err, VR_SOURCE_DIR "/tests", "0:0");
	vr_text_clear(&err);

	/* A readable file that is no trace: parsed, and rejected with a place. */
	ck_assert_errno(vr_trace_load(VR_SOURCE_DIR "/tests/suites.c.in", &t, &err), -VR_ETRACE);
	ck_assert_ptr_null(t);
	assert_message(&err, VR_SOURCE_DIR "/tests/suites.c.in", NULL);
	vr_text_free(&err);
}
END_TEST

START_TEST(test_replay_string_helper)
{
	struct vr_text report = VR_TEXT_INIT;

	ck_assert_errno(
		vr_test_replay_string("virtref: 1\nmodel: no-such-model\nsteps: []\n", &report),
		-VR_ENOMODEL);
	assert_message(&report, "<string>", "2:8");
	vr_text_free(&report);
	ck_assert_errno(vr_test_replay_string("virtref: 3\n", &report), -VR_ETRACE);
	vr_text_free(&report);
}
END_TEST

static const struct vr_test reject_tests[] = {
	VR_LOOP_TEST(test_bad_trace, 0, (int)VR_ARRAY_SIZE(bad_traces)),
	VR_TEST(test_deep_nesting),
	VR_TEST(test_load_errors),
	VR_TEST(test_replay_string_helper),
};

static const struct vr_test robust_tests[] = {
	VR_TEST(test_every_prefix),
	VR_TEST(test_random_bytes),
	VR_LOOP_TEST(test_parse_fail_nth, 0, 2),
};

static const struct vr_tcase trace_tcases[] = {
	VR_TCASE("reject", reject_tests),
	VR_TCASE("robust", robust_tests),
};

const struct vr_suite vr_suite_trace = VR_SUITE("trace", trace_tcases);
