/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* The state of one ccw model instance, shared by ccw.c and model.c. */
#ifndef VIRTREF_SRC_CCW_MODEL_H
#define VIRTREF_SRC_CCW_MODEL_H

#include "ccw/ccw_internal.h"

/* Chains remembered from the last translation, for dot and the dump. */
#define VR_CCW_SHOWN_MAX 64

struct vr_ccw {
	struct vr_ccw_config cfg;
	struct vr_mem *guest;
	struct device mdev;
	struct vr_ccw_device dev;

	/* the guest's subchannel */
	bool status_pending;
	bool suspended;
	struct irb irb;

	/* vfio-ccw: the request's program, and the one the cp_* ops drive */
	struct channel_program cp;
	bool vfio_pending;
	struct channel_program ucp;
	bool ucp_prefetched;

	struct vr_ccw_log *log[2];	/* VR_CCW_DIRECT, VR_CCW_VFIO */
	bool have_orb;
	union orb last_orb;

	struct vr_ccw_chain_view shown[VR_CCW_SHOWN_MAX];
	int nshown;
	bool shown_fmt1;

	/* what the invariants look at */
	bool translation_wrote_guest;
	bool host_cpa_leaked;
	u32 leaked_cpa;

	struct vr_text *explain;	/* narration of the op being applied */
};

void vr_ccw_explain_chains(struct vr_ccw *c, struct vr_text *t);
/* Length of the longest chain of @cp (0 if not initialized). */
int vr_ccw_cp_longest(const struct channel_program *cp);
/* Remembers the chains of @cp for the picture and narration. */
void vr_ccw_remember_chains(struct vr_ccw *c, const struct channel_program *cp);

#endif
