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

#ifdef __cplusplus
extern "C" {
#endif

enum vr_replay_flags {
	VR_REPLAY_EXPLAIN = 1u << 0, /* narrate every step into @out */
	VR_REPLAY_QUIET = 1u << 1,   /* no per-trace summary line */
	/* apply every step without comparing results with `expect` */
	VR_REPLAY_NO_COMPARE = 1u << 2,
};

struct vr_replay_stats {
	size_t steps;	    /* steps in the trace */
	size_t applied;	    /* steps carried out */
	size_t matched;	    /* steps whose expectations all held */
	size_t failed_step; /* index of the failing step, or SIZE_MAX */
	size_t report_at;   /* offset in @out where the failure report starts */
};

/**
 * vr_replay() - runs a trace against a fresh model instance
 * @t: the trace
 * @flags: enum vr_replay_flags
 * @out: where the report, the narration and the summary line go
 * @stats: filled with what ran, or NULL
 *
 * Stops at the first step whose results differ from its `expect`, that
 * the model rejects, or after which an invariant fails.  The report
 * gives the step index, the op, the trace's file:line, expected against
 * observed for every differing key, and the model's state.
 *
 * Return:
 * * 0 - every step ran and matched
 * * -VR_EDIVERGED - a step's results differ from the trace
 * * -VR_EREJECTED - the model cannot apply a step to its state
 * * -VR_EINVARIANT - an invariant or a named check failed
 * * -EINVAL - the model refuses the trace's config
 * * -ENOMEM - out of memory, also when the model runs out applying a step
 */
VR_API int vr_replay(const struct vr_trace *t, unsigned flags, struct vr_text *out,
		     struct vr_replay_stats *stats);

/**
 * vr_dot() - the Graphviz drawing of the state a trace ends or fails in
 * @t: the trace
 * @out: where the digraph goes
 * @report: where the replay's report goes when a step fails
 *
 * Replays @t like vr_replay() with VR_REPLAY_QUIET, then appends the
 * model's drawing of the state to @out: the final state, or the state
 * after the step that diverged, was rejected or broke an invariant, with
 * the report as the picture's label (the model marks what its checks
 * found, such as stale entries, in its own drawing).
 *
 * Return:
 * * 0 - @out holds the digraph of the final state
 * * -EOPNOTSUPP - the model cannot draw; nothing ran
 * * any code of vr_replay() - a step failed; @out holds the digraph of
 *   the state it left, unless the model could not be created or ran out
 *   of memory (then @out is empty)
 */
VR_API int vr_dot(const struct vr_trace *t, struct vr_text *out, struct vr_text *report);

/**
 * vr_record() - runs a trace and writes it back with what the model produced
 * @t: the trace
 * @out: where the new trace goes
 * @changes: where each changed expectation is listed, one line each
 *           ("file:line:col: step N (op x): ret: 0 -> -EINVAL"), or NULL
 *
 * A parsed trace is edited, never rewritten: comments, order, block
 * scalars, the config and the base of every number stay as the user wrote
 * them; an expected value that differs from what the model produced is
 * replaced in the same base, and a step without `expect:` gets one with
 * every result produced.  A trace built with vr_trace_new() is written
 * whole.  On failure @out holds the trace up to the failing step, which
 * carries a comment saying why.
 *
 * Return:
 * * 0 - @out holds the whole trace (@changes says whether it differs)
 * * -VR_EREJECTED - the model cannot apply a step, also when it runs
 *   out of memory applying it
 * * -VR_EINVARIANT - an invariant or a named check failed
 * * -EINVAL - the model refuses the trace's config; @out is untouched
 * * -ENOMEM - out of memory
 */
VR_API int vr_record(const struct vr_trace *t, struct vr_text *out, struct vr_text *changes);

#ifdef __cplusplus
}
#endif

#endif
