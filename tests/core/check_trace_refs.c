/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Named results (docs/traces.md): a step named with `as:` lends its
 * results to the steps after it, written `$name.key` in their args or
 * expect.  A reference that cannot stand is refused when the trace is
 * read, with file:line:col; one whose value is known only as the trace runs
 * (an argument out of range, a result the step did not produce) refuses the
 * step, as a model refuses one.  The mmu model's fill op is a pure
 * function, so its results are known.
 */
#include <stdio.h>
#include <string.h>
#include "vr_test.h"

#define HEAD "virtref: 1\nmodel: mmu\nconfig: { profile: v3 }\nsteps:\n"

static const char refs[] = HEAD "  - op: fill\n"
				"    as: one\n"
				"    args: { offset: 0, start_gfn: 0x1000, pages: 1 }\n"
				"    expect: { ret: 1 }\n"
				"  - op: fill\n"
				"    args: { offset: 0, start_gfn: $one.ret, pages: $one.ret }\n"
				"    expect: { ret: $one.ret }\n";

START_TEST(test_refs_resolve)
{
	struct vr_text out = VR_TEXT_INIT, err = VR_TEXT_INIT, bytes = VR_TEXT_INIT;
	struct vr_trace *t, *d;

	if (!vr_model_find("mmu"))
		return;
	ck_assert_int_eq(vr_trace_parse("refs.yaml", refs, strlen(refs), &t, &err), 0);
	ck_assert_int_eq(vr_replay(t, VR_REPLAY_EXPLAIN | VR_REPLAY_QUIET, &out, NULL), 0);
	/* Narrated with the values the references stood for. */
	ck_assert_msg(strstr(vr_text_str(&out), "2. fill { offset: 0, start_gfn: 1, pages: 1 }"),
		      "%s", vr_text_str(&out));
	/* A fuzz input holds the values, as the run used them. */
	ck_assert_int_eq(vr_fuzz_encode(t, &bytes), 0);
	ck_assert_int_eq(
		vr_fuzz_decode(vr_trace_model(t), (const uint8_t *)bytes.buf, bytes.len, &d), 0);
	vr_text_clear(&out);
	ck_assert_int_eq(vr_record(d, &out, NULL), 0);
	ck_assert_msg(strstr(vr_text_str(&out), "args: { offset: 0, start_gfn: 1, pages: 1 }"),
		      "%s", vr_text_str(&out));
	vr_trace_free(d);
	vr_trace_free(t);
	vr_text_free(&bytes);
	vr_text_free(&out);
	vr_text_free(&err);
}
END_TEST

/* An expectation held against a reference diverges like any other. */
START_TEST(test_ref_expectation_diverges)
{
	static const char trace[] = HEAD "  - op: fill\n"
					 "    as: one\n"
					 "    args: { offset: 0, start_gfn: 0x1000, pages: 1 }\n"
					 "  - op: fill\n"
					 "    args: { offset: 0, start_gfn: 0x1000, pages: 2048 }\n"
					 "    expect: { elements: $one.ret }\n";
	struct vr_text out = VR_TEXT_INIT, err = VR_TEXT_INIT;
	struct vr_trace *t;

	if (!vr_model_find("mmu"))
		return;
	/* A list result cannot hold a reference. */
	ck_assert_errno(vr_trace_parse("d.yaml", trace, strlen(trace), &t, &err), -VR_ETRACE);
	ck_assert_str_eq(vr_text_str(&err), "d.yaml:10:25: expect.elements: result ret of op fill "
					    "is not a value of this key's type");
	vr_text_free(&err);
	{
		static const char t2[] =
			HEAD "  - op: fill\n"
			     "    as: one\n"
			     "    args: { offset: 0, start_gfn: 0x1000, pages: 1 }\n"
			     "  - op: fill\n"
			     "    args: { offset: 0, start_gfn: 0, pages: 0x8000000 }\n"
			     "    expect: { ret: $one.ret }\n";

		ck_assert_int_eq(vr_trace_parse("d.yaml", t2, strlen(t2), &t, &err), 0);
		ck_assert_errno(vr_replay(t, VR_REPLAY_QUIET, &out, NULL), -VR_EDIVERGED);
		ck_assert_msg(strstr(vr_text_str(&out), "  ret: expected 1, observed -28\n"), "%s",
			      vr_text_str(&out));
		vr_trace_free(t);
	}
	vr_text_free(&out);
	vr_text_free(&err);
}
END_TEST

/* A value a reference gives is range-checked when the step runs. */
START_TEST(test_ref_out_of_range)
{
	static const char trace[] = HEAD "  - op: fill\n"
					 "    as: big\n"
					 "    args: { offset: 0, start_gfn: 0, pages: 0x8000000 }\n"
					 "  - op: fill\n"
					 "    as: one\n"
					 "    args: { offset: 0, start_gfn: 0x1000, pages: 1 }\n"
					 "  - op: access\n"
					 "    args: { gfn: $one.elements }\n";
	static const char trace2[] =
		HEAD "  - op: fill\n"
		     "    as: big\n"
		     "    args: { offset: 0, start_gfn: 0, pages: 0x8000000 }\n"
		     "  - op: fill\n"
		     "    args: { offset: $big.ret, start_gfn: 0, pages: 1 }\n";
	struct vr_text out = VR_TEXT_INIT, err = VR_TEXT_INIT;
	struct vr_trace *t;

	if (!vr_model_find("mmu"))
		return;
	ck_assert_errno(vr_trace_parse("r.yaml", trace, strlen(trace), &t, &err), -VR_ETRACE);
	ck_assert_str_eq(vr_text_str(&err),
			 "r.yaml:12:18: args.gfn: result elements of op fill is not a value of "
			 "this key's type");
	vr_text_clear(&err);
	/* -28 fits offset's -1024..1024; the first call's -ENOSPC is passed on. */
	ck_assert_int_eq(vr_trace_parse("r.yaml", trace2, strlen(trace2), &t, &err), 0);
	ck_assert_int_eq(vr_replay(t, VR_REPLAY_QUIET, &out, NULL), 0);
	vr_trace_free(t);
	vr_text_clear(&out);
	{
		static const char t3[] =
			HEAD "  - op: fill\n"
			     "    as: one\n"
			     "    args: { offset: 0, start_gfn: 0x9000, pages: 1 }\n"
			     "    expect: { ret: 1 }\n"
			     "  - op: access\n"
			     "    args: { gfn: $one.ret }\n"
			     "  - op: fill\n"
			     "    as: two\n"
			     "    args: { offset: 0, start_gfn: 0x8000, pages: 1 }\n"
			     "  - op: fill\n"
			     "    args: { offset: 0, start_gfn: 0, pages: 1 }\n"
			     "    expect: { ret: $two.ret }\n";

		ck_assert_int_eq(vr_trace_parse("r.yaml", t3, strlen(t3), &t, &err), 0);
		ck_assert_int_eq(vr_replay(t, VR_REPLAY_QUIET, &out, NULL), 0);
		vr_trace_free(t);
	}
	vr_text_free(&out);
	vr_text_free(&err);
}
END_TEST

struct bad_ref {
	const char *steps;
	const char *err;
};

static const struct bad_ref bad_refs[] = {
	{ "  - op: fill\n    args: { offset: 0, start_gfn: $x.ret, pages: 1 }\n",
	  "b.yaml:6:35: args.start_gfn: no earlier step is named 'x' (give one 'as: x')" },
	{ "  - op: fill\n    as: x\n    args: { offset: 0, start_gfn: $x.ret, pages: 1 }\n",
	  "b.yaml:7:35: args.start_gfn: no earlier step is named 'x' (give one 'as: x')" },
	{ "  - op: fill\n    as: x\n    args: { offset: 0, start_gfn: 0, pages: 1 }\n"
	  "  - op: fill\n    args: { offset: 0, start_gfn: $x.nope, pages: 1 }\n",
	  "b.yaml:9:35: args.start_gfn: op fill has no result 'nope'" },
	{ "  - op: fill\n    args: { offset: 0, start_gfn: $x, pages: 1 }\n",
	  "b.yaml:6:35: args.start_gfn: a reference is written $name.key, found '$x'" },
	{ "  - op: fill\n    as: 1x\n    args: { offset: 0, start_gfn: 0, pages: 1 }\n",
	  "b.yaml:6:9: as: '1x' is not a name (letters, digits and _, not starting with a "
	  "digit)" },
	{ "  - op: fill\n    as: x\n    args: { offset: 0, start_gfn: 0, pages: 1 }\n"
	  "  - op: fill\n    as: x\n    args: { offset: 0, start_gfn: 0, pages: 1 }\n",
	  "b.yaml:9:9: as: step 1 is already named 'x'" },
	{ "  - check: invariants\n    as: x\n", "b.yaml:6:5: 'as' belongs to op steps" },
	{ "  - op: fill\n    as: [x]\n    args: { offset: 0, start_gfn: 0, pages: 1 }\n",
	  "b.yaml:6:9: as must be a name" },
};

START_TEST(test_bad_refs)
{
	char trace[512];
	struct vr_text err = VR_TEXT_INIT;
	struct vr_trace *t = NULL;

	if (!vr_model_find("mmu"))
		return;
	snprintf(trace, sizeof(trace), "%s%s", HEAD, bad_refs[_i].steps);
	ck_assert_errno(vr_trace_parse("b.yaml", trace, strlen(trace), &t, &err), -VR_ETRACE);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(vr_text_str(&err), bad_refs[_i].err);
	vr_text_free(&err);
}
END_TEST

/*
 * A result the named step did not produce (GET of an unknown register gives
 * no value), and a value outside the argument's range (a PSCI version as a
 * vCPU index), refuse the step that uses them.
 */
START_TEST(test_ref_refused_at_run_time)
{
	static const char head[] = "virtref: 1\nmodel: arm\nconfig: { profile: \"5.3\" }\n"
				   "steps:\n"
				   "  - op: vcpu_init\n"
				   "    args: { vcpu: 0 }\n"
				   "  - op: get_reg\n"
				   "    as: g\n"
				   "    args: { vcpu: 0, id: 0x6030000000140003 }\n"
				   "    expect: { ret: -ENOENT }\n"
				   "  - op: get_reg\n"
				   "    as: p\n"
				   "    args: { vcpu: 0, id: 0x6030000000140000 }\n"
				   "    expect: { ret: 0, value: 0x10000 }\n";
	static const struct {
		const char *step, *report;
	} cases[] = {
		{ "  - op: set_reg\n    args: { vcpu: 0, id: 0x6030000000140001, value: $g.value "
		  "}\n",
		  "r.yaml:15:5: step 4 (set_reg) rejected by the model: EINVAL: value: $g.value: "
		  "step 2 produced no such result\n" },
		{ "  - op: get_reg\n    args: { vcpu: $p.value, id: 0x6030000000140000 }\n",
		  "r.yaml:15:5: step 4 (get_reg) rejected by the model: ERANGE: vcpu: $p.value is "
		  "65536, outside the argument's range\n" },
	};
	struct vr_text out = VR_TEXT_INIT, err = VR_TEXT_INIT;
	struct vr_trace *t;
	char buf[1024];
	size_t i;

	if (!vr_model_find("arm"))
		return;
	for (i = 0; i < VR_ARRAY_SIZE(cases); i++) {
		snprintf(buf, sizeof(buf), "%s%s", head, cases[i].step);
		ck_assert_int_eq(vr_trace_parse("r.yaml", buf, strlen(buf), &t, &err), 0);
		ck_assert_errno(vr_replay(t, VR_REPLAY_QUIET, &out, NULL), -VR_EREJECTED);
		ck_assert_str_eq(vr_text_str(&out), cases[i].report);
		vr_trace_free(t);
		vr_text_clear(&out);
	}
	vr_text_free(&out);
	vr_text_free(&err);
}
END_TEST

static const struct vr_test refs_tests[] = {
	VR_TEST(test_refs_resolve),
	VR_TEST(test_ref_expectation_diverges),
	VR_TEST(test_ref_out_of_range),
	VR_LOOP_TEST(test_bad_refs, 0, VR_ARRAY_SIZE(bad_refs)),
	VR_TEST(test_ref_refused_at_run_time),
};

static const struct vr_tcase refs_tcases[] = {
	VR_TCASE("refs", refs_tests),
};

const struct vr_suite vr_suite_trace_refs = VR_SUITE("trace_refs", refs_tcases);
