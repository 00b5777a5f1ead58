/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The XIVE hardware's state and what its blocks offer each other and the
 * layers above: the sources with their ESBs (hw_esb.c), the router with
 * its EAS, END and NVT tables and the queue writer (hw_router.c), and the
 * presenter, one thread context per hardware thread (hw_tima.c).
 */
#ifndef VIRTREF_SRC_XIVE_HW_INTERNAL_H
#define VIRTREF_SRC_XIVE_HW_INTERNAL_H

#include <virtref/xive/hw.h>

struct vr_mem;

#define VRI_XIVE_MAX_VCPUS 8
#define VRI_XIVE_NR_ENDS (VRI_XIVE_MAX_VCPUS * 8)
#define VRI_XIVE_MAX_IRQS 0x10000u

struct vri_xive_source {
	u8 pq;
	bool lsi;
	bool asserted; /* LSI level */
};

/* An END and what the model counts about its queue since it was enabled. */
struct vri_xive_end {
	u32 w[8];
	u64 produced; /* entries written since the queue was enabled */
	u64 lost;     /* entries the writer could not store (unbacked memory) */
	bool shared;  /* another enabled END's queue was given memory of this one */
	bool stale;   /* restored where memory does not read empty to the reader */
};

struct vri_xive_nvt {
	u32 w4;	     /* backup IPB (VR_XIVE_NVT_W4_IPB) */
	u8 saved[8]; /* OS ring bytes 0..7 while not dispatched */
	u64 escalations;
};

struct vri_xive_tctx {
	u8 regs[VR_XIVE_TM_CONTEXT];
};

/* Where forwarded notifications ended; each one in exactly one counter. */
struct vri_xive_ledger {
	u64 triggers;	   /* events that reached an ESB */
	u64 forwarded;	   /* ... that the PQ state sent to the router */
	u64 coalesced;	   /* ... that PQ held back (Q set, or Q already set) */
	u64 off;	   /* ... dropped by PQ = 01 */
	u64 enqueued;	   /* forwarded and written into a queue */
	u64 notify_only;   /* forwarded to an END without a queue */
	u64 eas_masked;	   /* forwarded to a masked EAS: the PQ is now stale */
	u64 eas_invalid;   /* forwarded to an invalid EAS or END */
	u64 write_failed;  /* forwarded to a queue outside guest memory */
	u64 reforwarded;   /* forwards an EOI made of a coalesced event */
	u64 end_coalesced; /* enqueued, notification held by END ESn */
	u64 presented;	   /* reached a dispatched VP */
	u64 backlogged;	   /* reached a VP that is not dispatched */
};

/* What one notification did, for narration. */
struct vri_xive_notify {
	bool forwarded;
	bool enqueued;
	bool presented;
	bool backlogged;
	bool escalated;
	const char *dropped; /* why, when it went nowhere */
	u32 end_idx;
	u32 data;
	u32 qindex; /* the slot written */
	u32 qgen;   /* the generation written */
	u8 prio;
	u8 ipb; /* IPB (or backup IPB) afterwards */
};

struct vri_xive_hw {
	struct vr_mem *guest; /* where queues live */
	enum vr_xive_tima tima;
	u32 nr_irqs;
	u32 nr_vcpus;
	u8 esb_shift;
	bool store_eoi; /* the sources advertise StoreEOI */
	struct vri_xive_source *src;
	u64 *eas;
	struct vri_xive_end end[VRI_XIVE_NR_ENDS];
	struct vri_xive_nvt nvt[VRI_XIVE_MAX_VCPUS];
	struct vri_xive_tctx tctx[VRI_XIVE_MAX_VCPUS];
	struct vri_xive_ledger ledger;
	struct vri_xive_notify last; /* of the latest forwarded event */
};

/* hw_esb.c: the PQ state machine and the ESB pages. */
bool vri_xive_esb_trigger(u8 *pq);
bool vri_xive_esb_eoi(u8 *pq);
u8 vri_xive_esb_set(u8 *pq, u8 value);
int vri_xive_hw_init(struct vri_xive_hw *hw);
void vri_xive_hw_fini(struct vri_xive_hw *hw);
/* A line or an MSI: level 1 asserts (or triggers), 0 de-asserts. */
int vri_xive_source_set_irq(struct vri_xive_hw *hw, u32 srcno, bool level);
/* 8-byte MMIO in the ESB window; -EINVAL off the window or for another size. */
int vri_xive_esb_load(struct vri_xive_hw *hw, u64 addr, unsigned int size, u64 *val);
int vri_xive_esb_store(struct vri_xive_hw *hw, u64 addr, unsigned int size, u64 val);

/* hw_router.c: a forwarded event of source @srcno walks EAS -> END -> NVT. */
void vri_xive_router_notify(struct vri_xive_hw *hw, u32 srcno);
/* Enables END (@vcpu, @prio) on a queue, or disables it when @qshift is 0. */
int vri_xive_end_config(struct vri_xive_hw *hw, u32 vcpu, u8 prio, u64 qaddr, u8 qshift,
			bool always_notify, bool escalate);
/* Restores generation and producer index of an enabled END. */
int vri_xive_end_restore(struct vri_xive_hw *hw, u32 end_idx, bool gen, u32 index);
/* A load or store on END @end_idx's ESn management page. */
int vri_xive_end_esb(struct vri_xive_hw *hw, u32 end_idx, u32 offset, bool store, u64 *val);
u32 vri_xive_end_entries(const struct vri_xive_end *end);
u64 vri_xive_end_qaddr(const struct vri_xive_end *end);
/* Another enabled END whose queue meets [qaddr, qaddr + 2^qshift), or -1. */
int vri_xive_end_overlap(const struct vri_xive_hw *hw, u32 end_idx, u64 qaddr, u8 qshift);

static inline bool vri_xive_end_enabled(const struct vri_xive_end *end)
{
	return (end->w[0] & VR_XIVE_END_W0_VALID) && (end->w[0] & VR_XIVE_END_W0_ENQUEUE);
}

/* hw_tima.c: the presenter. */
void vri_xive_tctx_reset(struct vri_xive_hw *hw, u32 thread);
/* An event of priority @prio for the VP on @thread. */
void vri_xive_tctx_ipb_update(struct vri_xive_hw *hw, u32 thread, u8 prio);
/* The thread whose OS ring holds NVT @nvt_idx, or -1. */
int vri_xive_tctx_find(const struct vri_xive_hw *hw, u32 nvt_idx);
int vri_xive_tima_load(struct vri_xive_hw *hw, u32 thread, u64 offset, unsigned int size, u64 *val);
int vri_xive_tima_store(struct vri_xive_hw *hw, u32 thread, u64 offset, unsigned int size, u64 val);
/* Dispatches VP @vcpu on its thread; -EBUSY when already there. */
int vri_xive_vp_push(struct vri_xive_hw *hw, u32 vcpu);
/* Saves the OS ring into the NVT and invalidates it; -ENOENT when not there. */
int vri_xive_vp_pull(struct vri_xive_hw *hw, u32 vcpu);
bool vri_xive_vp_dispatched(const struct vri_xive_hw *hw, u32 vcpu);

static inline u8 *vri_xive_os_ring(struct vri_xive_hw *hw, u32 thread)
{
	return &hw->tctx[thread].regs[TM_QW1_OS];
}

#endif
