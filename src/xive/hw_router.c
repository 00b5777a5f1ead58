// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The router: a forwarded event walks EAS -> END -> NVT (POWER9 XIVE
 * architecture, "Event Assignment", "Event Notification", "Event Queue";
 * qemu/qemu hw/intc/xive.c, xive_router_notify(), xive_router_end_notify()
 * and xive_end_enqueue()).  The END writes the event's data into the
 * queue in guest memory as a big-endian word whose bit 31 is the queue's
 * generation, then notifies the presenter of its NVT, unless the END's
 * own ESn coalesces the notification (no ALWAYS_NOTIFY).
 */
#include <errno.h>
#include <virtref/mem.h>
#include "hw_internal.h"

#define FIELD(w, mask) (((w) & (mask)) / ((mask) & -(mask)))
#define SET_FIELD(w, mask, v) (((w) & ~(mask)) | (((v) * ((mask) & -(mask))) & (mask)))

u32 vri_xive_end_entries(const struct vri_xive_end *end)
{
	return 1u << (FIELD(end->w[0], VR_XIVE_END_W0_QSIZE) + 10);
}

u64 vri_xive_end_qaddr(const struct vri_xive_end *end)
{
	return ((u64)(end->w[2] & VR_XIVE_END_W2_EQ_ADDR_HI) << 32) | end->w[3];
}

/* The first enabled END from @from on, not @end_idx, whose queue meets the range. */
static int next_overlap(const struct vri_xive_hw *hw, u32 end_idx, u64 qaddr, u64 size, u32 from)
{
	u32 i;

	for (i = from; i < VRI_XIVE_NR_ENDS; i++) {
		const struct vri_xive_end *e = &hw->end[i];
		u64 base = vri_xive_end_qaddr(e);

		if (i != end_idx && vri_xive_end_enabled(e) && base < qaddr + size &&
		    qaddr < base + 4ull * vri_xive_end_entries(e))
			return (int)i;
	}
	return -1;
}

int vri_xive_end_overlap(const struct vri_xive_hw *hw, u32 end_idx, u64 qaddr, u8 qshift)
{
	if (!VR_XIVE_QSHIFT_VALID(qshift) || (qaddr & ((1ull << qshift) - 1)) || qaddr >> 60)
		return -1;
	return next_overlap(hw, end_idx, qaddr, 1ull << qshift, 0);
}

/* Writes one entry at the producer index; wraps and flips the generation. */
static void enqueue(struct vri_xive_hw *hw, struct vri_xive_end *end, u32 data,
		    struct vri_xive_notify *n)
{
	u32 index = FIELD(end->w[1], VR_XIVE_END_W1_PAGE_OFF);
	u32 gen = FIELD(end->w[1], VR_XIVE_END_W1_GENERATION);
	u32 entry = (gen << 31) | (data & VR_XIVE_EQ_DATA);

	n->qindex = index;
	n->qgen = gen;
	if (vr_mem_write_be32(hw->guest, vri_xive_end_qaddr(end) + 4ull * index, entry)) {
		end->lost++;
		return;
	}
	end->produced++;
	n->enqueued = true;
	index = (index + 1) & (vri_xive_end_entries(end) - 1);
	if (index == 0)
		end->w[1] ^= VR_XIVE_END_W1_GENERATION;
	end->w[1] = SET_FIELD(end->w[1], VR_XIVE_END_W1_PAGE_OFF, index);
}

/* The VP's thread, or its NVT's backup IPB and the escalation. */
static void present(struct vri_xive_hw *hw, const struct vri_xive_end *end,
		    struct vri_xive_notify *n)
{
	u32 nvt_idx = FIELD(end->w[6], VR_XIVE_END_W6_NVT_INDEX);
	u32 vcpu = nvt_idx - VR_XIVE_NVT_BASE;
	int thread = vri_xive_tctx_find(hw, nvt_idx);
	struct vri_xive_nvt *nvt;

	if (thread >= 0) {
		vri_xive_tctx_ipb_update(hw, (u32)thread, n->prio);
		hw->ledger.presented++;
		n->presented = true;
		n->ipb = vri_xive_os_ring(hw, (u32)thread)[TM_IPB];
		return;
	}
	if (nvt_idx < VR_XIVE_NVT_BASE || vcpu >= hw->nr_vcpus) {
		n->dropped = "its END names no NVT of this machine";
		return;
	}
	nvt = &hw->nvt[vcpu];
	nvt->w4 |= (u32)vr_xive_prio_to_ipb(n->prio) << 8;
	hw->ledger.backlogged++;
	n->backlogged = true;
	n->ipb = (u8)FIELD(nvt->w4, VR_XIVE_NVT_W4_IPB);
	if (end->w[0] & VR_XIVE_END_W0_ESCALATE_CTL) {
		nvt->escalations++;
		n->escalated = true;
	}
}

void vri_xive_router_notify(struct vri_xive_hw *hw, u32 srcno)
{
	struct vri_xive_notify *n = &hw->last;
	u64 eas = hw->eas[srcno];
	struct vri_xive_end *end;
	u8 esn;

	*n = (struct vri_xive_notify){ .forwarded = true, .prio = VR_XIVE_PRIO_MASKED };
	n->end_idx = (u32)FIELD(eas, VR_XIVE_EAS_END_INDEX);
	n->data = (u32)(eas & VR_XIVE_EAS_END_DATA);
	if (!(eas & VR_XIVE_EAS_VALID) || FIELD(eas, VR_XIVE_EAS_END_BLOCK) ||
	    n->end_idx >= VRI_XIVE_NR_ENDS) {
		hw->ledger.eas_invalid++;
		n->dropped = "its EAS is not valid";
		return;
	}
	if (eas & VR_XIVE_EAS_MASKED) {
		hw->ledger.eas_masked++;
		n->dropped = "its EAS is masked (the PQ bits are now stale)";
		return;
	}
	end = &hw->end[n->end_idx];
	if (!(end->w[0] & VR_XIVE_END_W0_VALID)) {
		hw->ledger.eas_invalid++;
		n->dropped = "its END is not valid";
		return;
	}
	n->prio = (u8)FIELD(end->w[7], END_W7_F0_PRIORITY);
	if (end->w[0] & VR_XIVE_END_W0_ENQUEUE) {
		enqueue(hw, end, n->data, n);
		if (n->enqueued) {
			hw->ledger.enqueued++;
		} else {
			hw->ledger.write_failed++;
			n->dropped = "its queue is not in guest memory";
			return;
		}
	} else {
		hw->ledger.notify_only++;
	}
	/* Format 0 with priority 0xff: the END is masked after the enqueue. */
	if (!(end->w[6] & VR_XIVE_END_W6_FORMAT_BIT) && n->prio == VR_XIVE_PRIO_MASKED)
		return;
	if (!(end->w[0] & VR_XIVE_END_W0_UCOND_NOTIFY)) {
		esn = (u8)FIELD(end->w[1], VR_XIVE_END_W1_ESn);
		if (!vri_xive_esb_trigger(&esn)) {
			end->w[1] = SET_FIELD(end->w[1], VR_XIVE_END_W1_ESn, esn);
			hw->ledger.end_coalesced++;
			return;
		}
		end->w[1] = SET_FIELD(end->w[1], VR_XIVE_END_W1_ESn, esn);
	}
	present(hw, end, n);
}

int vri_xive_end_config(struct vri_xive_hw *hw, u32 vcpu, u8 prio, u64 qaddr, u8 qshift,
			bool always_notify, bool escalate)
{
	u32 idx = VR_XIVE_END_INDEX(vcpu, prio);
	struct vri_xive_end *end;
	int i;

	if (vcpu >= hw->nr_vcpus || prio > VR_XIVE_XIVE_PRIORITY_MAX)
		return -EINVAL;
	end = &hw->end[idx];
	if (qshift == 0) {
		*end = (struct vri_xive_end){ 0 };
		return 0;
	}
	if (!VR_XIVE_QSHIFT_VALID(qshift) || (qaddr & ((1ull << qshift) - 1)) || qaddr >> 60)
		return -EINVAL;
	if (!vr_mem_backed(hw->guest, qaddr, 1ull << qshift))
		return -EFAULT;
	*end = (struct vri_xive_end){ 0 };
	end->w[0] = VR_XIVE_END_W0_VALID | VR_XIVE_END_W0_ENQUEUE |
		    SET_FIELD(0u, VR_XIVE_END_W0_QSIZE, qshift - 12u) |
		    (always_notify ? VR_XIVE_END_W0_UCOND_NOTIFY : 0) |
		    (escalate ? VR_XIVE_END_W0_ESCALATE_CTL : 0);
	/* A fresh queue: generation 1, index 0 (skiboot, QEMU). */
	end->w[1] = VR_XIVE_END_W1_GENERATION;
	end->w[2] = (u32)(qaddr >> 32) & VR_XIVE_END_W2_EQ_ADDR_HI;
	end->w[3] = (u32)qaddr;
	end->w[6] = SET_FIELD(0u, VR_XIVE_END_W6_NVT_INDEX, VR_XIVE_NVT_BASE + vcpu);
	end->w[7] = SET_FIELD(0u, END_W7_F0_PRIORITY, (u32)prio);
	/*
	 * Nothing in the END, open-power/skiboot hw/xive.c
	 * opal_xive_set_queue_info() or QEMU's H_INT_SET_QUEUE_CONFIG stops
	 * two ENDs from being given one queue: both then write into it.
	 */
	for (i = next_overlap(hw, idx, qaddr, 1ull << qshift, 0); i >= 0;
	     i = next_overlap(hw, idx, qaddr, 1ull << qshift, (u32)i + 1))
		hw->end[i].shared = end->shared = true;
	return 0;
}

int vri_xive_end_restore(struct vri_xive_hw *hw, u32 end_idx, bool gen, u32 index)
{
	struct vri_xive_end *end;
	u32 w;

	if (end_idx >= VRI_XIVE_NR_ENDS)
		return -EINVAL;
	end = &hw->end[end_idx];
	if (!vri_xive_end_enabled(end) || index >= vri_xive_end_entries(end))
		return -EINVAL;
	end->w[1] = SET_FIELD(end->w[1], VR_XIVE_END_W1_GENERATION, (u32)gen);
	end->w[1] = SET_FIELD(end->w[1], VR_XIVE_END_W1_PAGE_OFF, index);
	/*
	 * Nothing checks a restored generation and index against the queue
	 * (skiboot's opal_xive_set_queue_state() writes them): an entry of
	 * that generation at the index reads as new to a reader resumed there.
	 */
	end->stale = !vr_mem_read_be32(hw->guest, vri_xive_end_qaddr(end) + 4ull * index, &w) &&
		     (w >> 31) == (u32)gen;
	/* What was queued before the restore is not the model's to count. */
	end->produced = 0;
	end->lost = 0;
	return 0;
}

int vri_xive_end_esb(struct vri_xive_hw *hw, u32 end_idx, u32 offset, bool store, u64 *val)
{
	struct vri_xive_end *end;
	bool fwd = false;
	u8 esn;

	if (end_idx >= VRI_XIVE_NR_ENDS || offset > 0xfff || (offset & 7))
		return -EINVAL;
	end = &hw->end[end_idx];
	esn = (u8)FIELD(end->w[1], VR_XIVE_END_W1_ESn);
	*val = store ? 0 : VR_XIVE_ESB_INVALID;
	if (offset < XIVE_ESB_STORE_EOI) {
		if (store)
			fwd = vri_xive_esb_trigger(&esn);
		else
			*val = fwd = vri_xive_esb_eoi(&esn);
	} else if (offset < XIVE_ESB_GET) {
		if (!store)
			*val = fwd = vri_xive_esb_eoi(&esn);
	} else if (offset < XIVE_ESB_SET_PQ_00) {
		if (!store)
			*val = esn;
	} else {
		u8 old = vri_xive_esb_set(&esn, (u8)((offset >> 8) & 3));

		if (!store)
			*val = old;
	}
	end->w[1] = SET_FIELD(end->w[1], VR_XIVE_END_W1_ESn, (u32)esn);
	/* A re-forward of the END notifies the presenter once more. */
	if (fwd && (end->w[0] & VR_XIVE_END_W0_VALID)) {
		struct vri_xive_notify n = { .prio = (u8)FIELD(end->w[7], END_W7_F0_PRIORITY) };

		present(hw, end, &n);
	}
	return 0;
}
