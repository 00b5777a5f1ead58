/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Running a trace: replay against the model, record what the model
 * produces, draw the state a trace ends in.
 */
#ifndef VIRTREF_REPLAY_H
#define VIRTREF_REPLAY_H

#include <stddef.h>
#include <virtref/api.h>
#include <virtref/text.h>
#include <virtref/trace.h>

enum vr_replay_flags {
	VR_REPLAY_EXPLAIN = 1u << 0,	/* narrate every step into @out */
	VR_REPLAY_QUIET = 1u << 1,	/* no per-trace summary line */
};

struct vr_replay_stats {
	size_t steps;		/* steps in the trace */
	size_t applied;		/* steps carried out */
	size_t matched;		/* steps whose expectations all held */
	size_t failed_step;	/* index of the failing step, or SIZE_MAX */
	size_t report_at;	/* offset in @out where the failure report starts */
};

/*
 * Runs the trace against a fresh model instance, stopping at the first
 * step whose results differ from `expect`, that the model rejects, or
 * after which an invariant fails.  The report (step index, op, trace
 * file:line, expected against observed for every differing key, the
 * model state) and any narration go to @out.
 * Returns 0, -VR_EDIVERGED, -VR_EREJECTED, -VR_EINVARIANT or -ENOMEM (also
 * when the model runs out of memory applying a step).
 */
VR_API int vr_replay(const struct vr_trace *t, unsigned flags, struct vr_text *out,
		     struct vr_replay_stats *stats);

/*
 * Replays the trace like vr_replay() and then appends the model's
 * Graphviz drawing of the final state to @out.  On failure @out holds the
 * replay report instead.  Returns vr_replay()'s codes, or -EOPNOTSUPP
 * when the model cannot draw.
 */
VR_API int vr_dot(const struct vr_trace *t, struct vr_text *out);

/*
 * Runs the trace and writes it to @out as a new trace whose `expect`
 * holds every result the model produced.  Returns what vr_replay()
 * would, except that differing results are not an error; @out holds the
 * steps up to a failure.
 */
VR_API int vr_record(const struct vr_trace *t, struct vr_text *out);

#endif
