// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A guest consuming its event queues the way Linux does
 * (torvalds/linux arch/powerpc/sysdev/xive/common.c: xive_read_eq(),
 * xive_scan_interrupts(), xive_update_pending(), xive_get_irq(),
 * xive_do_source_eoi(), xive_irq_eoi()).  It reaches the machine only
 * through its MMIO front doors and guest memory, as a guest does.
 */
#include <errno.h>
#include <virtref/mem.h>
#include "xive_internal.h"

#define OS_PAGE ((u64)VR_XIVE_XIVE_TM_OS_PAGE << VR_XIVE_TM_SHIFT)

void vri_xive_guest_queue_fresh(struct vr_xive *x, unsigned int vcpu, u8 prio)
{
	const struct vri_xive_end *end = vri_xive_end_of(x, vcpu, prio);

	/*
	 * Linux xive_queue_page_alloc() zeroes the page it hands over, one
	 * fresh from the page allocator; a page some other END uses is one
	 * the guest did not hand over, and nobody zeroes it.
	 */
	if (vri_xive_end_enabled(end) && !end->shared)
		vr_mem_fill(x->hw.guest, vri_xive_end_qaddr(end), 0,
			    vri_xive_end_entries(end) * 4ull);
	vri_xive_guest_queue_reset(x, vcpu, prio);
}

void vri_xive_guest_queue_reset(struct vr_xive *x, unsigned int vcpu, u8 prio)
{
	const struct vri_xive_end *end = vri_xive_end_of(x, vcpu, prio);
	struct vri_xive_guest_q *q = &x->cpu[vcpu].q[prio];

	/* A fresh queue: idx 0, toggle 0; a restored one: empty from its index on. */
	q->idx = end->w[1] & VR_XIVE_END_W1_PAGE_OFF;
	q->toggle = !(end->w[1] & VR_XIVE_END_W1_GENERATION);
	q->consumed = 0;
}

int vri_xive_queue_entry(const struct vr_xive *x, const struct vri_xive_end *end, u32 idx, u32 *w)
{
	u64 addr = vri_xive_end_qaddr(end) + 4ull * idx;
	const u8 *page = vr_mem_page(x->hw.guest, addr);

	/* Entries are 4-byte aligned: one never straddles a page. */
	if (!page)
		return -EFAULT;
	page += addr & (VR_PAGE_SIZE - 1);
	*w = ((u32)page[0] << 24) | ((u32)page[1] << 16) | ((u32)page[2] << 8) | page[3];
	return 0;
}

/* xive_read_eq(): the entry at idx is valid when bit 31 differs from toggle. */
static u32 read_eq(struct vr_xive *x, unsigned int vcpu, u8 prio, bool peek)
{
	struct vri_xive_end *end = vri_xive_end_of(x, vcpu, prio);
	struct vri_xive_guest_q *q = &x->cpu[vcpu].q[prio];
	u32 cur;

	if (!vri_xive_end_enabled(end))
		return 0;
	if (vri_xive_queue_entry(x, end, q->idx, &cur))
		return 0;
	if ((cur >> 31) == q->toggle)
		return 0;
	if (!peek) {
		q->idx = (q->idx + 1) & (vri_xive_end_entries(end) - 1);
		if (q->idx == 0)
			q->toggle ^= 1;
		q->consumed++;
	}
	return cur & VR_XIVE_EQ_DATA;
}

int vr_xive_guest_read_eq(struct vr_xive *x, unsigned int vcpu, u8 prio, bool peek, u32 *data)
{
	if (vcpu >= x->hw.nr_vcpus || prio > VR_XIVE_XIVE_PRIORITY_MAX)
		return -EINVAL;
	*data = read_eq(x, vcpu, prio, peek);
	return 0;
}

/* xive_scan_interrupts(): most favoured pending queue first; then CPPR. */
static u32 scan(struct vr_xive *x, unsigned int vcpu, bool peek)
{
	struct vri_xive_guest_cpu *c = &x->cpu[vcpu];
	u32 irq = 0;
	u8 prio = 0;

	while (c->pending_prio) {
		prio = (u8)__builtin_ctz(c->pending_prio);
		irq = read_eq(x, vcpu, prio, peek);
		if (irq)
			break;
		c->pending_prio &= (u8) ~(1u << prio);
	}
	if (!irq)
		prio = VR_XIVE_PRIO_MASKED;
	if (prio != c->cppr) {
		c->cppr = prio;
		vri_xive_tima_store(&x->hw, vcpu, OS_PAGE + TM_QW1_OS + TM_CPPR, 1, prio);
	}
	return irq;
}

static int guest_cpu(const struct vr_xive *x, unsigned int vcpu)
{
	if (vcpu >= x->hw.nr_vcpus)
		return -EINVAL;
	return vri_xive_vp_dispatched(&x->hw, vcpu) ? 0 : -ENOENT;
}

int vr_xive_guest_setup(struct vr_xive *x, unsigned int vcpu)
{
	int ret = guest_cpu(x, vcpu);

	if (ret)
		return ret;
	x->cpu[vcpu].cppr = VR_XIVE_PRIO_MASKED;
	return vri_xive_tima_store(&x->hw, vcpu, OS_PAGE + TM_QW1_OS + TM_CPPR, 1,
				   VR_XIVE_PRIO_MASKED);
}

int vr_xive_guest_get_irq(struct vr_xive *x, unsigned int vcpu, u16 *ack, u32 *irq)
{
	struct vri_xive_guest_cpu *c;
	int ret = guest_cpu(x, vcpu);
	u64 v;
	u8 cppr;

	if (ret)
		return ret;
	c = &x->cpu[vcpu];
	/* xive_update_pending(): one ACK cycle. */
	vri_xive_tima_load(&x->hw, vcpu, OS_PAGE + TM_SPC_ACK_OS_REG, 2, &v);
	*ack = (u16)v;
	cppr = (u8)v;
	if (((v >> 8) & TM_QW1_NSR_EO) && cppr != VR_XIVE_PRIO_MASKED) {
		c->pending_prio |= (u8)(1u << (cppr & 7));
		if (cppr >= c->cppr)
			c->odd_acks++;
		c->cppr = cppr;
	}
	*irq = scan(x, vcpu, false);
	return 0;
}

int vr_xive_guest_eoi(struct vr_xive *x, unsigned int vcpu, u32 srcno, bool *replay)
{
	int ret = guest_cpu(x, vcpu);
	u64 mgmt, v;

	if (ret)
		return ret;
	if (srcno >= x->hw.nr_irqs)
		return -EINVAL;
	mgmt = vr_xive_esb_addr(x, srcno, true);
	/* xive_do_source_eoi() */
	if (x->hw.store_eoi) {
		vri_xive_esb_store(&x->hw, mgmt + XIVE_ESB_STORE_EOI, 8, 0);
	} else if (x->hw.src[srcno].lsi) {
		vri_xive_esb_load(&x->hw, mgmt + XIVE_ESB_LOAD_EOI, 8, &v);
	} else {
		vri_xive_esb_load(&x->hw, mgmt + XIVE_ESB_SET_PQ_00, 8, &v);
		if (v & XIVE_ESB_VAL_Q)
			vri_xive_esb_store(&x->hw, vr_xive_esb_addr(x, srcno, false), 8, 0);
	}
	/* xive_do_queue_eoi(): peek; anything left replays the interrupt. */
	*replay = scan(x, vcpu, true) != 0;
	return 0;
}
