/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vr_record() edits the trace it was given: a wrong expectation is
 * rewritten in the base it was written in, a step without one gets one
 * (block and flow steps alike), and everything else stays as written.
 * The mmu model's fill op is a pure function, so its results are known.
 */
#include <string.h>
#include "vr_test.h"

static const char before[] = "# SPDX-License-Identifier: GPL-2.0-only OR MIT\n"
			     "# A comment the user wrote.\n"
			     "virtref: 1\n"
			     "model: mmu\n"
			     "config: { profile: v3 }   # only the profile\n"
			     "steps:\n"
			     "  - op: fill   # one page: one element\n"
			     "    args: { offset: 0, start_gfn: 0x1000, pages: 1 }\n"
			     "    expect: { ret: 2, elements: [0x1000001] }\n"
			     "  - op: fill\n"
			     "    args: { offset: 0, start_gfn: 4096, pages: 2048 }\n"
			     "  - { op: fill, args: { offset: 0, start_gfn: 0x1000, pages: 1 } }\n"
			     "  - op: fill\n"
			     "    args: { offset: 0, start_gfn: 0, pages: 0x8000000 }\n"
			     "    expect: { ret: -28 }\n"
			     "  - op: fill\n"
			     "    args: { offset: 0, start_gfn: 0, pages: 0x8000000 }\n"
			     "    expect: { ret: -EINVAL }\n";

static const char after[] =
	"# SPDX-License-Identifier: GPL-2.0-only OR MIT\n"
	"# A comment the user wrote.\n"
	"virtref: 1\n"
	"model: mmu\n"
	"config: { profile: v3 }   # only the profile\n"
	"steps:\n"
	"  - op: fill   # one page: one element\n"
	"    args: { offset: 0, start_gfn: 0x1000, pages: 1 }\n"
	"    expect: { ret: 1, elements: [0x1000000] }\n"
	"  - op: fill\n"
	"    args: { offset: 0, start_gfn: 4096, pages: 2048 }\n"
	"    expect: { ret: 1, elements: [0x10007ff] }\n"
	"  - { op: fill, args: { offset: 0, start_gfn: 0x1000, pages: 1 }, expect: { ret: 1, "
	"elements: [0x1000000] } }\n"
	"  - op: fill\n"
	"    args: { offset: 0, start_gfn: 0, pages: 0x8000000 }\n"
	"    expect: { ret: -28 }\n"
	"  - op: fill\n"
	"    args: { offset: 0, start_gfn: 0, pages: 0x8000000 }\n"
	"    expect: { ret: -ENOSPC }\n";

static const char changes_want[] =
	"in.yaml:7:5: step 1 (op fill): ret: 2 -> 1\n"
	"in.yaml:7:5: step 1 (op fill): elements: [0x1000001] -> [0x1000000]\n"
	"in.yaml:10:5: step 2 (op fill): expect added: { ret: 1, elements: [0x10007ff] }\n"
	"in.yaml:12:5: step 3 (op fill): expect added: { ret: 1, elements: [0x1000000] }\n"
	"in.yaml:16:5: step 5 (op fill): ret: -EINVAL -> -ENOSPC\n";

START_TEST(test_record_edits_in_place)
{
	struct vr_text out = VR_TEXT_INIT, changes = VR_TEXT_INIT, err = VR_TEXT_INIT;
	struct vr_trace *t;

	if (!vr_model_find("mmu"))
		return; /* a build without the mmu model */
	ck_assert_int_eq(vr_trace_parse("in.yaml", before, strlen(before), &t, &err), 0);
	ck_assert_int_eq(vr_record(t, &out, &changes), 0);
	ck_assert_str_eq(vr_text_str(&out), after);
	ck_assert_str_eq(vr_text_str(&changes), changes_want);
	vr_trace_free(t);
	vr_text_clear(&out);
	vr_text_clear(&changes);
	/* The result records to itself: nothing left to change. */
	ck_assert_int_eq(vr_trace_parse("out.yaml", after, strlen(after), &t, &err), 0);
	ck_assert_int_eq(vr_record(t, &out, &changes), 0);
	ck_assert_str_eq(vr_text_str(&out), after);
	ck_assert_str_eq(vr_text_str(&changes), "");
	/* Without somewhere to list them, the changes are made all the same. */
	vr_text_clear(&out);
	ck_assert_int_eq(vr_record(t, &out, NULL), 0);
	vr_trace_free(t);
	vr_text_free(&out);
	vr_text_free(&changes);
	vr_text_free(&err);
}
END_TEST

/* A failing step ends the recording, with why as a comment under it. */
START_TEST(test_record_stops_at_failure)
{
	static const char rejected[] = "virtref: 1\nmodel: arm\nconfig: { vcpus: 1 }\n"
				       "steps:\n"
				       "  - op: vcpu_init   # the VM has one vCPU\n"
				       "    args: { vcpu: 3 }\n"
				       "  - op: vcpu_init\n"
				       "    args: { vcpu: 0 }\n";
	struct vr_text out = VR_TEXT_INIT, err = VR_TEXT_INIT;
	struct vr_trace *t;

	if (!vr_model_find("arm"))
		return;
	ck_assert_int_eq(vr_trace_parse("r.yaml", rejected, strlen(rejected), &t, &err), 0);
	ck_assert_int_eq(vr_record(t, &out, NULL), -VR_EREJECTED);
	ck_assert_str_eq(vr_text_str(&out), "virtref: 1\nmodel: arm\nconfig: { vcpus: 1 }\n"
					    "steps:\n"
					    "  - op: vcpu_init   # the VM has one vCPU\n"
					    "    args: { vcpu: 3 }\n"
					    "  # the model rejected this step:\n"
					    "  #   EINVAL: Invalid argument\n");
	vr_trace_free(t);
	vr_text_free(&out);
	vr_text_free(&err);
}
END_TEST

/* Narration shows each argument in the base the trace wrote it in. */
START_TEST(test_explain_keeps_bases)
{
	static const char trace[] = "virtref: 1\nmodel: mmu\nconfig: { profile: v3 }\nsteps:\n"
				    "  - op: fill\n"
				    "    args: { offset: 0, start_gfn: 4096, pages: 0x1 }\n"
				    "    expect: { ret: 1 }\n";
	struct vr_text out = VR_TEXT_INIT, err = VR_TEXT_INIT;
	struct vr_trace *t;

	if (!vr_model_find("mmu"))
		return;
	ck_assert_int_eq(vr_trace_parse("b.yaml", trace, strlen(trace), &t, &err), 0);
	ck_assert_int_eq(vr_replay(t, VR_REPLAY_EXPLAIN | VR_REPLAY_QUIET, &out, NULL), 0);
	ck_assert_msg(strstr(vr_text_str(&out),
			     "1. fill { offset: 0, start_gfn: 4096, pages: 0x1 }  =>  { ret: 1, "
			     "elements: [0x1000000] }\n"),
		      "%s", vr_text_str(&out));
	vr_trace_free(t);
	vr_text_free(&out);
	vr_text_free(&err);
}
END_TEST

static const struct vr_test record_tests[] = {
	VR_TEST(test_explain_keeps_bases),
	VR_TEST(test_record_edits_in_place),
	VR_TEST(test_record_stops_at_failure),
};

static const struct vr_tcase record_tcases[] = {
	VR_TCASE("edit", record_tests),
};

const struct vr_suite vr_suite_record = VR_SUITE("record", record_tcases);
