/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A session is one model instance plus the buffers a step needs, shared
 * by replay, record and fuzzing so that applying a step allocates nothing.
 */
#ifndef VIRTREF_CORE_SESSION_H
#define VIRTREF_CORE_SESSION_H

#include <virtref/model.h>
#include <virtref/text.h>

struct vr_session {
	const struct vr_model *model;
	void *inst;
	struct vr_call call;
	struct vr_value res[VR_RESULTS_MAX];
	uint64_t pool[VR_LIST_MAX];
};

/* Returns 0, -ENOMEM, or what the model's create() returned. */
int vr_session_create(const struct vr_model *m, const struct vr_value *config,
		      struct vr_session **out);
void vr_session_destroy(struct vr_session *s);

/*
 * Applies op @op with @args; the results are in s->call afterwards.
 * Returns what apply() returned (0, or a negative errno: rejected).
 */
int vr_session_apply(struct vr_session *s, uint32_t op, const struct vr_value *args,
		     struct vr_text *explain);

/*
 * Runs the model's invariants and the WARN_ON() sink.  Returns 0, or
 * -VR_EINVARIANT with one line per problem appended to @why.
 */
int vr_session_invariants(struct vr_session *s, struct vr_text *why);

/* Runs named check @idx (0 = invariants, i + 1 = model->checks[i]). */
int vr_session_check(struct vr_session *s, uint32_t idx, struct vr_text *why);

#endif
