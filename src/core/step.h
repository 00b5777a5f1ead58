/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The one step loop: how replay, record and the fuzz driver apply a step
 * to an instance and check what it left behind.
 */
#ifndef VIRTREF_CORE_STEP_H
#define VIRTREF_CORE_STEP_H

#include <stdbool.h>
#include <stddef.h>
#include "core/instance_impl.h"
#include "core/trace_impl.h"

/*
 * Applies @st to @in, then the invariants (a check step runs its check
 * and then the invariants).  Returns 0; the negative errno of a step the
 * model rejected, with *@rejected set; or -VR_EINVARIANT with the reasons
 * appended to @why.
 */
int vri_step_run(struct vr_instance *in, const struct trace_step *st, struct vr_text *explain,
		 struct vr_text *why, bool *rejected);

/* What one step of a trace did, handed to the loop's visitor. */
struct vri_step_outcome {
	size_t index;
	const struct trace_step *step;
	int ret; /* vri_step_run()'s result */
	bool rejected;
};

/*
 * Called after each step; a nonzero return ends the loop and becomes
 * vri_steps_run()'s result.
 */
typedef int (*vri_step_visit)(void *ctx, struct vr_instance *in, const struct vri_step_outcome *o);

/*
 * Runs every step of @t on @in in order, narrating into @explain (may be
 * NULL) and collecting invariant reasons in @why, and hands each outcome
 * to @visit.  Returns 0 when every step was visited, else what @visit
 * returned.
 */
int vri_steps_run(const struct vr_trace *t, struct vr_instance *in, struct vr_text *explain,
		  struct vr_text *why, vri_step_visit visit, void *ctx);

#endif
