/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The AP hardware's state, shared by hw_queue.c and the model's own
 * files: the configuration (adapters and usage domains), one request
 * queue per APQN, and the pending adapter interruptions.
 */
#ifndef VIRTREF_SRC_AP_HW_INTERNAL_H
#define VIRTREF_SRC_AP_HW_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <virtref/ap.h>
#include <virtref/ap/hw.h>

struct vr_mem;

struct vri_ap_adapter {
	uint8_t apid;
	uint8_t type;
	uint8_t depth;
	enum vr_ap_mode mode;
	enum vr_ap_adapter_state state;
};

/* One message slot of a queue: a request outstanding or a reply waiting. */
struct vri_ap_msg {
	uint64_t psmid;
	uint64_t reply_len; /* 0 while the request is outstanding */
	uint64_t done;	    /* completion order of the reply */
};

struct vri_ap_queue {
	struct vri_ap_msg msg[VR_AP_MAX_DEPTH];
	uint8_t nmsg;
	uint32_t reset_left; /* instructions that still see RC 0x02 */
	bool irq;	     /* interruptions enabled, as the last AQIC left them */
	bool irq_shown;	     /* the I bit TAPQ shows */
	uint32_t irq_lag;    /* TAPQs until irq_shown follows irq */
	uint64_t nib;
	uint8_t isc;
	/* Every request enqueued is one of: outstanding, waiting, dequeued, reset. */
	uint64_t enqueued, dequeued, discarded;
	uint64_t replies_done;
};

struct vri_ap_hw {
	struct vr_ap_config cfg;
	struct vr_mem *guest;
	struct vri_ap_adapter adapter[VR_AP_MAX_ADAPTERS];
	uint8_t nadapters;
	uint8_t domain[VR_AP_MAX_DOMAINS];
	uint8_t ndomains;
	/* queue[a][d]: adapter slot a, domain slot d. */
	struct vri_ap_queue queue[VR_AP_MAX_ADAPTERS][VR_AP_MAX_DOMAINS];
	uint8_t pending_iscs;
};

/* The adapter slot of @apid, or -1. */
int vri_ap_adapter_slot(const struct vri_ap_hw *hw, uint32_t apid);
/* The domain slot of @apqi, or -1. */
int vri_ap_domain_slot(const struct vri_ap_hw *hw, uint32_t apqi);
/* The queue of @apqn if both its adapter and domain are configured, else NULL. */
struct vri_ap_queue *vri_ap_queue(struct vri_ap_hw *hw, uint32_t apqn,
				  const struct vri_ap_adapter **adapter);
/* The status bits E, R, F and I of @q on an adapter of @depth. */
uint32_t vri_ap_queue_bits(const struct vri_ap_queue *q, uint32_t depth);
/* Replies waiting on @q. */
uint32_t vri_ap_queue_replies(const struct vri_ap_queue *q);
/* The highest APID and APQI the configuration addresses. */
uint32_t vri_ap_apid_max(const struct vri_ap_hw *hw);
uint32_t vri_ap_apqi_max(const struct vri_ap_hw *hw);

void vri_ap_hw_pqap(struct vri_ap_hw *hw, uint64_t gr0, uint64_t gr1, uint64_t gr2,
		    bool problem_state, struct vr_ap_result *out);
int vri_ap_hw_nqap(struct vri_ap_hw *hw, uint64_t gr0, uint32_t r1, uint32_t r2, uint64_t psmid,
		   uint64_t len, bool problem_state, struct vr_ap_result *out);
int vri_ap_hw_dqap(struct vri_ap_hw *hw, uint64_t gr0, uint32_t r1, uint32_t r2, uint64_t len,
		   bool problem_state, struct vr_ap_result *out);
int vri_ap_hw_reply(struct vri_ap_hw *hw, uint32_t apqn, uint64_t psmid, uint64_t len);
int vri_ap_hw_take_interruption(struct vri_ap_hw *hw);

#endif
