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
	uint64_t received;  /* reply bytes a DQAP that stopped early has stored */
};

/* NQAP's and DQAP's register pairs: R1 (the PSMID's) and R2 (address, length). */
struct vri_ap_pair {
	uint32_t r1, r2;
	uint64_t addr, len;
};

struct vri_ap_queue {
	struct vri_ap_msg msg[VR_AP_MAX_DEPTH];
	uint8_t nmsg;
	uint32_t reset_left; /* instructions that still see RC 0x02 */
	bool irq;	     /* interruptions enabled, as the last AQIC left them */
	bool irq_shown;	     /* the I bit TAPQ shows */
	uint32_t irq_lag;    /* TAPQs until irq_shown follows irq */
	uint32_t busy_left;  /* instructions that still see RC 0x05 */
	uint64_t nib;
	uint8_t isc;
	bool guest_delivery; /* enabled with a GISA: the interruption goes to gisc */
	bool host_enabled;   /* by the host's AQIC (the kernel layer's) */
	uint8_t gisc;
	/* An NQAP ended with cc 2, or a part without the last-part bit: send_psmid's rest may
	 * follow. */
	bool sending;
	uint64_t send_psmid;
	uint64_t sent; /* the bytes of send_psmid's message taken so far */
	/* Every request enqueued is one of: outstanding, waiting, dequeued, reset. */
	uint64_t enqueued, dequeued, discarded;
	uint64_t replies_done;
};

/*
 * The guest interruption state area and its alert (GIB), see hw_gisa.c:
 * the architected 32 bytes (VR_AP_GISA_IPM, VR_AP_GISA_IAM), which KVM
 * writes too, and the guest's running and alerted state.
 */
struct vri_ap_gisa {
	bool running;
	bool alerted; /* on the GIB's alert list */
};

/*
 * What the last guest PQAP(AQIC) met and what the guest saw, for the
 * check of spec table "AQIC (PQAP FC 3)" (invariant (d), invariants.c).
 */
struct vri_ap_aqic_note {
	bool valid;
	uint16_t apqn;
	enum vr_ap_rc queue_rc; /* the queue's own answer before AQIC looks at GR1 */
	bool was_on, changing, ir, nib_ok;
	uint8_t cc;
	enum vr_ap_rc rc;
	bool deviation; /* the kernel layer documents its own answer (profile) */
};

struct vri_ap_hw {
	struct vr_ap_config cfg;
	uint64_t crycb_words[VR_AP_CRYCB_SIZE / 8]; /* the CRYCB, if cfg.crycb */
	uint64_t gisa_area[VR_AP_GISA_SIZE / 8];
	struct vri_ap_gisa gisa;
	struct vri_ap_aqic_note aqic_note;
	/* The host is issuing (vr_ap_host_pqap()): no CRYCB, the machine's APXA. */
	bool host_issuing;
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
/* The RC an instruction on @apqn would meet, without counting down any lag. */
enum vr_ap_rc vri_ap_queue_peek_rc(const struct vri_ap_hw *hw, uint32_t apqn);
/* The status bits E, R, F and I of @q on an adapter of @depth. */
uint32_t vri_ap_queue_bits(const struct vri_ap_queue *q, uint32_t depth);
/* A reset of @q: everything discarded, interruptions off (RAPQ, ZAPQ). */
void vri_ap_queue_reset(struct vri_ap_hw *hw, struct vri_ap_queue *q);
/* Replies waiting on @q. */
uint32_t vri_ap_queue_replies(const struct vri_ap_queue *q);
/* The highest APID and APQI the machine addresses. */
uint32_t vri_ap_apid_max(const struct vri_ap_hw *hw);
uint32_t vri_ap_apqi_max(const struct vri_ap_hw *hw);

/* hw_crycb.c: whether the program has APXA, and what its CRYCB lets it address. */
bool vri_ap_program_apxa(const struct vri_ap_hw *hw);
bool vri_ap_crycb_test(const struct vri_ap_hw *hw, enum vr_ap_mask mask, uint32_t id);
int vri_ap_crycb_set(struct vri_ap_hw *hw, enum vr_ap_mask mask, uint32_t id, bool on);
bool vri_ap_crycb_allows(const struct vri_ap_hw *hw, uint32_t apqn);
uint32_t vri_ap_crycbd(const struct vri_ap_hw *hw);

/* hw_gisa.c: an interruption for GISC of the guest's GISA. */
void vri_ap_gisa_raise(struct vri_ap_hw *hw, uint32_t gisc);
int vri_ap_gisa_take(struct vri_ap_hw *hw);
uint8_t *vri_ap_gisa_byte(struct vri_ap_hw *hw, uint32_t offset);

/*
 * Notes a guest's PQAP(AQIC) of @apqn before it acts (invariant (d)); the
 * caller stores the guest's cc and RC into hw->aqic_note afterwards.
 */
void vri_ap_note_aqic(struct vri_ap_hw *hw, uint32_t apqn, enum vr_ap_rc queue_rc, bool ir,
		      uint64_t nib);

void vri_ap_hw_pqap(struct vri_ap_hw *hw, uint64_t gr0, uint64_t gr1, uint64_t gr2,
		    bool problem_state, struct vr_ap_result *out);
int vri_ap_hw_nqap(struct vri_ap_hw *hw, uint64_t gr0, const struct vri_ap_pair *pair,
		   uint64_t psmid, bool other_domain, bool problem_state, struct vr_ap_result *out);
int vri_ap_hw_dqap(struct vri_ap_hw *hw, uint64_t gr0, const struct vri_ap_pair *pair,
		   bool problem_state, struct vr_ap_result *out);
int vri_ap_hw_reply(struct vri_ap_hw *hw, uint32_t apqn, uint64_t psmid, uint64_t len);
int vri_ap_hw_take_interruption(struct vri_ap_hw *hw);

#endif
