/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The instance's layout, for the core's step loop: one model instance
 * plus the buffers a step needs, so that applying a step allocates
 * nothing.
 */
#ifndef VIRTREF_CORE_INSTANCE_IMPL_H
#define VIRTREF_CORE_INSTANCE_IMPL_H

#include <virtref/instance.h>
#include <virtref/model.h>
#include <virtref/text.h>

struct vr_instance {
	const struct vr_model *model;
	void *state;
	struct vr_call call;
	struct vr_value res[VR_RESULTS_MAX];
	uint64_t pool[VR_LIST_MAX];
};

/* Runs named check @idx (0 = invariants, i + 1 = model->checks[i]). */
int vri_instance_check_at(struct vr_instance *in, uint32_t idx, struct vr_text *why);
/* What a check step does: check @idx, then the invariants (once for 0). */
int vri_instance_check_step(struct vr_instance *in, uint32_t idx, struct vr_text *why);

#endif
