/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The xive model's private declarations: the instance around the
 * hardware, the guest's view of its queues (Linux's struct xive_cpu and
 * struct xive_q, arch/powerpc/sysdev/xive/xive-internal.h), the profile
 * row, and the vri_xive_* helpers the files share.
 */
#ifndef VIRTREF_SRC_XIVE_INTERNAL_H
#define VIRTREF_SRC_XIVE_INTERNAL_H

#include <virtref/xive.h>
#include "hw_internal.h"

_Static_assert(VRI_XIVE_MAX_VCPUS == VR_XIVE_MAX_VCPUS, "one vCPU limit");
_Static_assert(VRI_XIVE_MAX_IRQS == VR_XIVE_MAX_IRQS, "one source limit");

/* One kernel generation.  src/xive/profile.c holds the table. */
struct vri_xive_profile {
	const char *name; /* first: the config enum's names */
	const char *summary;
	const char *origin; /* kernel tag, or series and patch */
};

extern const struct vri_xive_profile vri_xive_profiles[VR_XIVE_NR_PROFILES];
extern const char *const vri_xive_tima_names[VR_XIVE_NR_TIMA];

/* The guest's reader of one queue. */
struct vri_xive_guest_q {
	u32 idx;
	u8 toggle;
	u64 consumed; /* valid entries read since the END was enabled */
};

/* The guest's per-CPU interrupt state. */
struct vri_xive_guest_cpu {
	u8 pending_prio; /* bit p: queue p may hold entries */
	u8 cppr;	 /* what the guest believes CPPR is */
	u32 odd_acks;	 /* ACKs whose CPPR was not more favoured (Linux pr_err) */
	struct vri_xive_guest_q q[VR_XIVE_XIVE_PRIORITY_MAX + 1];
};

struct vr_xive {
	struct vri_xive_hw hw;
	enum vr_xive_profile profile;
	const struct vri_xive_profile *prof;
	struct vri_xive_guest_cpu cpu[VR_XIVE_MAX_VCPUS];
};

static inline struct vri_xive_end *vri_xive_end_of(struct vr_xive *x, unsigned int vcpu, u8 prio)
{
	return &x->hw.end[VR_XIVE_END_INDEX(vcpu, prio)];
}

/* Entry @idx of @end's queue as the guest reads it (big-endian); -EFAULT
 * when its page is not guest memory. */
int vri_xive_queue_entry(const struct vr_xive *x, const struct vri_xive_end *end, u32 idx, u32 *w);

/* The guest's reader after its END was restored: empty from the index on. */
void vri_xive_guest_queue_reset(struct vr_xive *x, unsigned int vcpu, u8 prio);
/* The guest zeroed the queue it handed over and starts reading at 0. */
void vri_xive_guest_queue_fresh(struct vr_xive *x, unsigned int vcpu, u8 prio);

/* invariants.c: the named checks. */
int vri_xive_check_events(void *model, struct vr_text *why);
int vri_xive_check_queues(void *model, struct vr_text *why);
int vri_xive_check_presenter(void *model, struct vr_text *why);

/* show.c */
const char *vri_xive_pq_name(u8 pq);
void vri_xive_dump(void *model, struct vr_text *out);
void vri_xive_dot(void *model, struct vr_text *out);

#endif
