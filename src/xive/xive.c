// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The instance: construction, the hardware's front doors with their
 * argument checks, and inspection.  What each access does is the
 * hardware files'; what the guest does is guest_os.c's.
 */
#include <errno.h>
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/mem.h>
#include "xive_internal.h"

void vr_xive_config_default(struct vr_xive_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->profile = VR_XIVE_PROFILE_MAINLINE;
	cfg->tima = VR_XIVE_TIMA_HW;
	cfg->nr_vcpus = 2;
	cfg->nr_irqs = 4096;
	cfg->esb_shift = VR_XIVE_XIVE_ESB_64K_2PAGE;
	cfg->host_page_shift = 16;
}

static bool config_valid(const struct vr_xive_config *cfg)
{
	return (unsigned int)cfg->profile < VR_XIVE_NR_PROFILES &&
	       (unsigned int)cfg->tima < VR_XIVE_NR_TIMA && cfg->nr_vcpus >= 1 &&
	       cfg->nr_vcpus <= VR_XIVE_MAX_VCPUS && cfg->nr_irqs >= 1 &&
	       cfg->nr_irqs <= VR_XIVE_MAX_IRQS &&
	       (cfg->esb_shift == VR_XIVE_XIVE_ESB_4K ||
		cfg->esb_shift == VR_XIVE_XIVE_ESB_4K_2PAGE ||
		cfg->esb_shift == VR_XIVE_XIVE_ESB_64K ||
		cfg->esb_shift == VR_XIVE_XIVE_ESB_64K_2PAGE) &&
	       cfg->host_page_shift >= 12 && cfg->host_page_shift <= 24;
}

int vr_xive_create(const struct vr_xive_config *cfg, struct vr_xive **out)
{
	struct vr_xive *x;
	unsigned int v;

	if (!cfg || !out || !config_valid(cfg))
		return -EINVAL;
	x = vr_calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->profile = cfg->profile;
	x->prof = &vri_xive_profiles[cfg->profile];
	x->hw.tima = cfg->tima;
	x->hw.nr_irqs = cfg->nr_irqs;
	x->hw.nr_vcpus = cfg->nr_vcpus;
	x->hw.esb_shift = cfg->esb_shift;
	x->hw.store_eoi = cfg->store_eoi;
	x->host_page_shift = cfg->host_page_shift;
	x->hw.guest = vr_mem_create("guest");
	if (!x->hw.guest || vri_xive_hw_init(&x->hw) || vri_xive_vm_init(x) ||
	    vri_xive_spapr_init(x)) {
		vr_xive_destroy(x);
		return -ENOMEM;
	}
	for (v = 0; v < VR_XIVE_MAX_VCPUS; v++)
		x->cpu[v].cppr = VR_XIVE_PRIO_MASKED;
	*out = x;
	return 0;
}

void vr_xive_destroy(struct vr_xive *x)
{
	if (!x)
		return;
	vri_xive_vm_fini(x);
	vri_xive_spapr_fini(x);
	vri_xive_hw_fini(&x->hw);
	vr_mem_destroy(x->hw.guest);
	vr_free(x);
}

struct vr_mem *vr_xive_guest_mem(struct vr_xive *x)
{
	return x->hw.guest;
}

int vr_xive_set_lsi(struct vr_xive *x, u32 srcno, bool lsi)
{
	if (srcno >= x->hw.nr_irqs)
		return -EINVAL;
	x->hw.src[srcno].lsi = lsi;
	if (!lsi)
		x->hw.src[srcno].asserted = false;
	return 0;
}

int vr_xive_set_irq(struct vr_xive *x, u32 srcno, bool level)
{
	return vri_xive_source_set_irq(&x->hw, srcno, level);
}

u64 vr_xive_esb_addr(const struct vr_xive *x, u32 srcno, bool mgmt)
{
	u64 page = (u64)srcno << x->hw.esb_shift;
	bool two = x->hw.esb_shift == VR_XIVE_XIVE_ESB_4K_2PAGE ||
		   x->hw.esb_shift == VR_XIVE_XIVE_ESB_64K_2PAGE;

	return mgmt && two ? page + (1ull << (x->hw.esb_shift - 1)) : page;
}

int vr_xive_esb_load(struct vr_xive *x, u64 addr, unsigned int size, u64 *val)
{
	return vri_xive_esb_load(&x->hw, addr, size, val);
}

int vr_xive_esb_store(struct vr_xive *x, u64 addr, unsigned int size, u64 val)
{
	return vri_xive_esb_store(&x->hw, addr, size, val);
}

int vr_xive_pq(const struct vr_xive *x, u32 srcno)
{
	if (srcno >= x->hw.nr_irqs)
		return -EINVAL;
	return x->hw.src[srcno].pq;
}

int vr_xive_set_eas(struct vr_xive *x, u32 srcno, u64 eas)
{
	if (srcno >= x->hw.nr_irqs)
		return -EINVAL;
	x->hw.eas[srcno] = eas;
	return 0;
}

u64 vr_xive_get_eas(const struct vr_xive *x, u32 srcno)
{
	return srcno < x->hw.nr_irqs ? x->hw.eas[srcno] : 0;
}

int vri_xive_end_enable(struct vr_xive *x, unsigned int vcpu, u8 prio, u64 qaddr, u8 qshift,
			bool always_notify, bool escalate)
{
	int ret = vri_xive_end_config(&x->hw, vcpu, prio, qaddr, qshift, always_notify, escalate);

	if (!ret)
		vri_xive_guest_queue_fresh(x, vcpu, prio);
	return ret;
}

int vr_xive_end_config(struct vr_xive *x, unsigned int vcpu, u8 prio, u64 qaddr, u8 qshift,
		       bool always_notify, bool escalate)
{
	/*
	 * A Linux guest gives each queue pages of its own: torvalds/linux
	 * arch/powerpc/sysdev/xive/common.c xive_queue_page_alloc() takes
	 * them from alloc_pages_node(), and native.c (spapr.c alike)
	 * xive_native_cleanup_queue() frees them only after disabling the
	 * queue.  So it never zeroes, nor hands over, a page that a live
	 * END still writes into.
	 */
	if (qshift && vcpu < x->hw.nr_vcpus && prio <= VR_XIVE_XIVE_PRIORITY_MAX &&
	    vri_xive_end_overlap(&x->hw, VR_XIVE_END_INDEX(vcpu, prio), qaddr, qshift) >= 0)
		return -EBUSY;
	return vri_xive_end_enable(x, vcpu, prio, qaddr, qshift, always_notify, escalate);
}

int vr_xive_end_restore(struct vr_xive *x, unsigned int vcpu, u8 prio, bool gen, u32 index)
{
	int ret;

	if (vcpu >= x->hw.nr_vcpus || prio > VR_XIVE_XIVE_PRIORITY_MAX)
		return -EINVAL;
	ret = vri_xive_end_restore(&x->hw, VR_XIVE_END_INDEX(vcpu, prio), gen, index);
	if (!ret)
		vri_xive_guest_queue_reset(x, vcpu, prio);
	return ret;
}

int vr_xive_end_words(const struct vr_xive *x, unsigned int vcpu, u8 prio, u32 w[8])
{
	if (vcpu >= x->hw.nr_vcpus || prio > VR_XIVE_XIVE_PRIORITY_MAX)
		return -EINVAL;
	memcpy(w, x->hw.end[VR_XIVE_END_INDEX(vcpu, prio)].w, 8 * sizeof(u32));
	return 0;
}

int vr_xive_end_esb(struct vr_xive *x, unsigned int vcpu, u8 prio, u32 offset, bool store, u64 *val)
{
	if (vcpu >= x->hw.nr_vcpus || prio > VR_XIVE_XIVE_PRIORITY_MAX)
		return -EINVAL;
	return vri_xive_end_esb(&x->hw, VR_XIVE_END_INDEX(vcpu, prio), offset, store, val);
}

int vr_xive_tima_load(struct vr_xive *x, unsigned int thread, u64 offset, unsigned int size,
		      u64 *val)
{
	return vri_xive_tima_load(&x->hw, thread, offset, size, val);
}

int vr_xive_tima_store(struct vr_xive *x, unsigned int thread, u64 offset, unsigned int size,
		       u64 val)
{
	return vri_xive_tima_store(&x->hw, thread, offset, size, val);
}

int vr_xive_vp_push(struct vr_xive *x, unsigned int vcpu)
{
	return vri_xive_vp_push(&x->hw, vcpu);
}

int vr_xive_vp_pull(struct vr_xive *x, unsigned int vcpu)
{
	return vri_xive_vp_pull(&x->hw, vcpu);
}

int vr_xive_os_ring(const struct vr_xive *x, unsigned int vcpu, u8 ring[8])
{
	bool on;

	if (vcpu >= x->hw.nr_vcpus)
		return -EINVAL;
	on = vri_xive_vp_dispatched(&x->hw, vcpu);
	memcpy(ring, on ? &x->hw.tctx[vcpu].regs[TM_QW1_OS] : x->hw.nvt[vcpu].saved, 8);
	return on;
}

u8 vr_xive_nvt_ipb(const struct vr_xive *x, unsigned int vcpu)
{
	return vcpu < x->hw.nr_vcpus ? (u8)(x->hw.nvt[vcpu].w4 >> 8) : 0;
}

u64 vr_xive_escalations(const struct vr_xive *x, unsigned int vcpu)
{
	return vcpu < x->hw.nr_vcpus ? x->hw.nvt[vcpu].escalations : 0;
}

void vr_xive_stats(const struct vr_xive *x, struct vr_xive_stats *st)
{
	const struct vri_xive_ledger *l = &x->hw.ledger;
	unsigned int v, p;

	memset(st, 0, sizeof(*st));
	st->triggers = l->triggers;
	st->forwarded = l->forwarded;
	st->reforwarded = l->reforwarded;
	st->coalesced = l->coalesced;
	st->off = l->off;
	st->enqueued = l->enqueued;
	st->notify_only = l->notify_only;
	st->eas_masked = l->eas_masked;
	st->eas_invalid = l->eas_invalid;
	st->write_failed = l->write_failed;
	st->end_coalesced = l->end_coalesced;
	st->presented = l->presented;
	st->backlogged = l->backlogged;
	for (v = 0; v < x->hw.nr_vcpus; v++)
		for (p = 0; p <= VR_XIVE_XIVE_PRIORITY_MAX; p++)
			st->consumed += x->cpu[v].q[p].consumed;
}
