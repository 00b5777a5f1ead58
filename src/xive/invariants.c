// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The xive model's invariants: (a) no event lost, (b) every enabled END
 * agrees with its queue memory and the guest's reader, (c) every
 * dispatched OS ring's PIPR, CPPR and NSR agree with its IPB; (d) the
 * KVM device's references are balanced: guest queue pages, escalation
 * IRQs, hardware IPIs, the VP block and the pages its mappings hold.
 * They read state only.
 */
#include <virtref/mem.h>
#include <virtref/text.h>
#include "xive_internal.h"

/* Each forwarded event ended in exactly one place. */
static int check_ledger(const struct vri_xive_ledger *l, struct vr_text *why)
{
	int bad = 0;

	if (l->triggers != l->forwarded - l->reforwarded + l->coalesced + l->off) {
		vr_text_printf(why,
			       "events: %llu triggers but %llu forwarded, %llu coalesced, %llu "
			       "dropped by PQ 01\n",
			       (unsigned long long)l->triggers,
			       (unsigned long long)(l->forwarded - l->reforwarded),
			       (unsigned long long)l->coalesced, (unsigned long long)l->off);
		bad = 1;
	}
	if (l->forwarded !=
	    l->enqueued + l->notify_only + l->eas_masked + l->eas_invalid + l->write_failed) {
		vr_text_printf(why, "events: %llu forwarded but only %llu accounted for\n",
			       (unsigned long long)l->forwarded,
			       (unsigned long long)(l->enqueued + l->notify_only + l->eas_masked +
						    l->eas_invalid + l->write_failed));
		bad = 1;
	}
	return bad;
}

/* Whether the entry at @idx is one the reader with @toggle takes as valid. */
static int entry_valid(const struct vr_xive *x, const struct vri_xive_end *end, u32 idx, u8 toggle)
{
	u32 w;

	if (vri_xive_queue_entry(x, end, idx, &w))
		return -1;
	return (w >> 31) != toggle;
}

/* (a) for one queue: nothing overwritten, the unread entries all there. */
static int check_queue_events(const struct vr_xive *x, unsigned int v, u8 p, struct vr_text *why)
{
	const struct vri_xive_end *end = &x->hw.end[VR_XIVE_END_INDEX(v, p)];
	const struct vri_xive_guest_q *q = &x->cpu[v].q[p];
	u32 entries = vri_xive_end_entries(end), idx = q->idx;
	u8 toggle = q->toggle;
	u64 unread, i;

	if (end->lost) {
		vr_text_printf(
			why, "EQ prio %u of vCPU %u: %llu events not written (queue memory gone)\n",
			p, v, (unsigned long long)end->lost);
		return 1;
	}
	/*
	 * Two ENDs given one queue write their entries over each other's:
	 * what the guest reads there follows from the queue it gave, not
	 * from the device, until the END is enabled on a queue of its own.
	 */
	if (end->shared)
		return 0;
	if (q->consumed > end->produced) {
		vr_text_printf(
			why,
			"EQ prio %u of vCPU %u: the guest read %llu events, %llu were queued\n", p,
			v, (unsigned long long)q->consumed, (unsigned long long)end->produced);
		return 1;
	}
	unread = end->produced - q->consumed;
	if (unread > entries) {
		vr_text_printf(why,
			       "EQ prio %u of vCPU %u: %llu unread events in %u slots: %llu "
			       "overwritten before the guest read them\n",
			       p, v, (unsigned long long)unread, entries,
			       (unsigned long long)(unread - entries));
		return 1;
	}
	for (i = 0; i <= unread && i < entries; i++) {
		int valid = entry_valid(x, end, idx, toggle);

		if (valid != (i < unread) && end->stale) {
			vr_text_printf(
				why,
				"EQ prio %u of vCPU %u: restored to where the queue does not "
				"read empty (KVM_DEV_XIVE_GRP_EQ_CONFIG restores the "
				"generation and index unvalidated)\n",
				p, v);
			return 1;
		}
		if (valid != (i < unread)) {
			vr_text_printf(why,
				       "EQ prio %u of vCPU %u: entry %u reads %s to the guest, but "
				       "%llu events are unread from entry %u on\n",
				       p, v, idx, valid ? "valid" : "empty",
				       (unsigned long long)unread, q->idx);
			return 1;
		}
		idx = (idx + 1) & (entries - 1);
		if (idx == 0)
			toggle ^= 1;
	}
	return 0;
}

int vri_xive_check_events(void *model, struct vr_text *why)
{
	const struct vr_xive *x = model;
	unsigned int v;
	u8 p;
	int bad = check_ledger(&x->hw.ledger, why);

	for (v = 0; v < x->hw.nr_vcpus; v++)
		for (p = 0; p <= VR_XIVE_XIVE_PRIORITY_MAX; p++)
			if (vri_xive_end_enabled(&x->hw.end[VR_XIVE_END_INDEX(v, p)]))
				bad |= check_queue_events(x, v, p, why);
	return bad;
}

/* (b): the producer is where the reader plus the unread entries end. */
int vri_xive_check_queues(void *model, struct vr_text *why)
{
	const struct vr_xive *x = model;
	unsigned int v;
	u8 p;
	int bad = 0;

	for (v = 0; v < x->hw.nr_vcpus; v++) {
		for (p = 0; p <= VR_XIVE_XIVE_PRIORITY_MAX; p++) {
			const struct vri_xive_end *end = &x->hw.end[VR_XIVE_END_INDEX(v, p)];
			const struct vri_xive_guest_q *q = &x->cpu[v].q[p];
			u32 entries, index, gen, at;
			u64 unread, laps;

			if (!vri_xive_end_enabled(end) || end->shared ||
			    q->consumed > end->produced)
				continue;
			entries = vri_xive_end_entries(end);
			index = end->w[1] & VR_XIVE_END_W1_PAGE_OFF;
			gen = !!(end->w[1] & VR_XIVE_END_W1_GENERATION);
			unread = end->produced - q->consumed;
			if (index >= entries || unread > entries) {
				vr_text_printf(why, "END %u: index %u beyond %u entries\n",
					       VR_XIVE_END_INDEX(v, p), index, entries);
				bad = 1;
				continue;
			}
			at = (u32)((q->idx + unread) & (entries - 1));
			laps = (q->idx + unread) / entries;
			if (index != at || gen != ((q->toggle ^ laps ^ 1) & 1)) {
				vr_text_printf(
					why,
					"END %u: producer at index %u generation %u, but the "
					"guest's reader (index %u, toggle %u) and %llu unread "
					"events put it at index %u generation %u\n",
					VR_XIVE_END_INDEX(v, p), index, gen, q->idx, q->toggle,
					(unsigned long long)unread, at,
					(unsigned int)((q->toggle ^ laps ^ 1) & 1));
				bad = 1;
			}
		}
	}
	return bad;
}

/* (c) for one dispatched ring. */
static int check_ring(const struct vr_xive *x, unsigned int v, struct vr_text *why)
{
	const u8 *r = &x->hw.tctx[v].regs[TM_QW1_OS];
	u8 want = vr_xive_ipb_to_pipr(r[TM_IPB]);
	bool eo = r[TM_NSR] & TM_QW1_NSR_EO, hw = x->hw.tima == VR_XIVE_TIMA_HW;
	int bad = 0;

	if (r[TM_CPPR] > VR_XIVE_XIVE_PRIORITY_MAX && r[TM_CPPR] != VR_XIVE_PRIO_MASKED) {
		vr_text_printf(why, "vCPU %u: CPPR 0x%02x is no priority\n", v, r[TM_CPPR]);
		bad = 1;
	}
	if (r[TM_NSR] & ~TM_QW1_NSR_EO) {
		vr_text_printf(why, "vCPU %u: NSR 0x%02x has bits beyond EO\n", v, r[TM_NSR]);
		bad = 1;
	}
	/* After an ACK the hardware leaves PIPR at the accepted priority. */
	if (r[TM_PIPR] != want && !(hw && r[TM_PIPR] == r[TM_CPPR] && want > r[TM_CPPR])) {
		vr_text_printf(why, "vCPU %u: PIPR %u but IPB 0x%02x says %u\n", v, r[TM_PIPR],
			       r[TM_IPB], want);
		bad = 1;
	}
	if ((r[TM_PIPR] < r[TM_CPPR] && !eo) || (hw && eo && r[TM_PIPR] >= r[TM_CPPR])) {
		vr_text_printf(why, "vCPU %u: NSR 0x%02x disagrees with PIPR %u and CPPR %u\n", v,
			       r[TM_NSR], r[TM_PIPR], r[TM_CPPR]);
		bad = 1;
	}
	return bad;
}

int vri_xive_check_presenter(void *model, struct vr_text *why)
{
	const struct vr_xive *x = model;
	unsigned int v;
	int bad = 0;

	for (v = 0; v < x->hw.nr_vcpus; v++) {
		struct vr_text scratch = VR_TEXT_INIT;

		if (!vri_xive_vp_dispatched(&x->hw, v))
			continue;
		if (!x->k.entered_bad[v]) {
			bad |= check_ring(x, v, why);
			continue;
		}
		/* One reason for what user space's image left, whatever it holds. */
		if (check_ring(x, v, &scratch)) {
			vr_text_printf(why,
				       "vCPU %u: entered with a VP state no OS ring holds "
				       "(KVM_SET_ONE_REG stores it unvalidated)\n",
				       v);
			bad = 1;
		}
		vr_text_free(&scratch);
	}
	return bad;
}

bool vri_xive_ring_ok(const struct vr_xive *x, unsigned int v)
{
	struct vr_text scratch = VR_TEXT_INIT;
	int bad = check_ring(x, v, &scratch);

	vr_text_free(&scratch);
	return !bad;
}

/* What the device holds: one page reference and one escalation per configured queue. */
struct held {
	u64 queues, escalations;
};

static int check_vcpu_refs(const struct vr_xive *x, const struct kvm_vcpu *vcpu, struct held *h,
			   struct vr_text *why)
{
	const struct kvmppc_xive_vcpu *xc = vcpu->arch.xive_vcpu;
	unsigned int p;
	int bad = 0;

	for (p = 0; xc && p < KVMPPC_XIVE_Q_COUNT; p++) {
		const struct xive_q *q = &xc->queues[p];
		u64 pfn = q->guest_qaddr >> PAGE_SHIFT;

		h->escalations += xc->esc_virq[p] != 0;
		if (!q->qpage)
			continue;
		h->queues++;
		if (!vr_mem_pin_count(x->hw.guest, pfn)) {
			vr_text_printf(why,
				       "pages: server %u queue %u uses guest page 0x%llx without a "
				       "reference\n",
				       xc->server_num, p, (unsigned long long)pfn);
			bad = 1;
		}
	}
	return bad;
}

/*
 * Every hardware IPI handed out backs exactly one source.  Both sides
 * change only while kernel code runs, so a count found clean holds until
 * the next vri_xive_enter().
 */
static int check_ipis(struct vr_xive *x, const struct kvmppc_xive *xive, struct vr_text *why)
{
	u64 used = 0, held = 0;
	u32 b, i;

	if (x->k.ipis_clean_at == x->k.entries + 1)
		return 0;
	for (b = 0; xive && b <= xive->max_sbid; b++) {
		const struct kvmppc_xive_src_block *sb = xive->src_blocks[b];

		for (i = 0; sb && i < KVMPPC_XICS_IRQ_PER_ICS; i++)
			held += sb->irq_state[i].ipi_number != 0;
	}
	for (i = 1; i < x->hw.nr_irqs; i++)
		used += x->k.hw_irq_used[i];
	if (used == held) {
		x->k.ipis_clean_at = x->k.entries + 1;
		return 0;
	}
	vr_text_printf(why, "pages: %llu hardware IPIs handed out, %llu sources hold one\n",
		       (unsigned long long)used, (unsigned long long)held);
	return 1;
}

int vri_xive_check_pages(void *model, struct vr_text *why)
{
	struct vr_xive *x = model;
	const struct kvmppc_xive *xive = x->k.kvm.arch.xive;
	struct held h = { 0 };
	unsigned int v;
	int bad = 0;

	for (v = 0; v < x->hw.nr_vcpus; v++)
		bad |= check_vcpu_refs(x, &x->k.vcpu[v], &h, why);
	if (x->k.page_refs != h.queues) {
		vr_text_printf(why,
			       "pages: %llu guest page references held for %llu configured queues: "
			       "%llu leaked\n",
			       (unsigned long long)x->k.page_refs, (unsigned long long)h.queues,
			       (unsigned long long)(x->k.page_refs - h.queues));
		bad = 1;
	}
	if (x->k.esc_irqs != h.escalations) {
		vr_text_printf(why, "pages: %llu escalation IRQs requested, %llu attached\n",
			       (unsigned long long)x->k.esc_irqs,
			       (unsigned long long)h.escalations);
		bad = 1;
	}
	bad |= check_ipis(x, xive, why);
	if (!x->k.dev && (x->k.vp_block || x->k.file_refs)) {
		vr_text_printf(why, "pages: device released but %s still held\n",
			       x->k.vp_block ? "its VP block" : "its file");
		bad = 1;
	}
	return bad;
}

int vr_xive_invariants(struct vr_xive *x, struct vr_text *why)
{
	int bad = vri_xive_check_events(x, why);

	bad |= vri_xive_check_queues(x, why);
	bad |= vri_xive_check_presenter(x, why);
	bad |= vri_xive_check_pages(x, why);
	return bad;
}
