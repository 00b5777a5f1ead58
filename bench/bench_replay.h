/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The replay benchmark every model's trace shares: a built trace recorded
 * to YAML, parsed and checked, then replayed with every comparison and
 * invariant on, each phase reported per step.
 */
#ifndef VIRTREF_BENCH_REPLAY_H
#define VIRTREF_BENCH_REPLAY_H

#include <virtref/virtref.h>
#include "bench.h"

/*
 * Records BUILT (and frees it), then times parsing and replaying the
 * recording.  Returns 0, or 2 when a phase failed (its error on stderr).
 */
static inline int vr_bench_replay(const char *model, struct vr_trace *built, unsigned steps)
{
	struct vr_text yaml = VR_TEXT_INIT, err = VR_TEXT_INIT, out = VR_TEXT_INIT;
	struct vr_trace *t = NULL;
	struct vr_replay_stats st;
	double t0, ns;
	int rc = 2;

	if (vr_record(built, &yaml, NULL)) {
		fprintf(stderr, "recording the benchmark trace failed\n");
		goto out;
	}
	printf("%s: %u-step trace, %zu bytes of YAML\n", model, steps, yaml.len);
	t0 = vr_bench_now_ns();
	if (vr_trace_parse("bench.yaml", vr_text_str(&yaml), yaml.len, &t, &err)) {
		fprintf(stderr, "%s\n", vr_text_str(&err));
		goto out;
	}
	ns = vr_bench_now_ns() - t0;
	vr_bench_report("parse and check a trace, per step", ns / steps, 0);
	t0 = vr_bench_now_ns();
	if (vr_replay(t, VR_REPLAY_QUIET, &out, &st)) {
		fprintf(stderr, "%s", vr_text_str(&out));
		goto out;
	}
	ns = vr_bench_now_ns() - t0;
	vr_bench_report("replay: apply, compare, invariants, per step", ns / (double)st.steps, 350);
	printf("  = %.2f M steps/s\n", (double)st.steps / ns * 1e3);
	rc = 0;
out:
	vr_trace_free(built);
	vr_trace_free(t);
	vr_text_free(&yaml);
	vr_text_free(&err);
	vr_text_free(&out);
	return rc;
}

#endif
