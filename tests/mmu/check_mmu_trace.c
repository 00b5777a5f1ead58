/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A kernel file's tracepoints as the kernel creates them: CREATE_TRACE_POINTS,
 * then its trace header, which ends in trace/define_trace.h.  The events
 * exist once and narrate one line each.
 */
#define CREATE_TRACE_POINTS
#include "trace_mmu_probe.h"
/* A second inclusion, as a header pulled in again elsewhere: no redefinition. */
#include "trace_mmu_probe.h"
#include <virtref/context.h>
#include <virtref/text.h>
#include "vr_test.h"

START_TEST(test_create_trace_points_narrates_once)
{
	struct vr_text t = VR_TEXT_INIT;
	struct vr_context ctx, *prev;

	vr_context_init(&ctx);
	prev = vr_context_enter(&ctx);
	ck_assert(!trace_mmu_probe_flush_enabled());
	trace_mmu_probe_flush(1, 0);
	ck_assert_uint_eq(t.len, 0);
	ctx.narrate = &t;
	ck_assert(trace_mmu_probe_flush_enabled());
	trace_mmu_probe_flush(0x2a000, -28);
	ck_assert_str_eq(vr_text_str(&t), "    # mmu_probe_flush: as=0x2a000 ret=-28\n");
	vr_context_leave(prev);
	vr_text_free(&t);
}
END_TEST

static const struct vr_test trace_tests[] = {
	VR_TEST(test_create_trace_points_narrates_once),
};
static const struct vr_tcase mmu_trace_tcases[] = {
	VR_TCASE("define_trace", trace_tests),
};
const struct vr_suite vr_suite_mmu_trace = VR_SUITE("mmu_trace", mmu_trace_tcases);
