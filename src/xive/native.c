// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The host's XIVE driver calls KVM makes, over the hardware model: what
 * torvalds/linux arch/powerpc/sysdev/xive/native.c asks of firmware
 * (skiboot's OPAL_XIVE_* calls, open-power/skiboot doc/xive.rst) is done
 * here on the instance the calling thread is in.  Firmware failures
 * become the errnos native.c turns them into: -EIO for the queue and VP
 * calls, -ENXIO for a source's routing.
 *
 * The model's numbering: hardware sources 1 .. irqs - 1 are handed out
 * as IPIs (0 means "none"); the VP block is the machine's NVTs from
 * VR_XIVE_NVT_BASE, VP n running on thread n; an END's escalation
 * interrupt is numbered after the sources.
 */
#include <virtref/linux/io.h>
#include <virtref/linux/string.h>
#include "xive_internal.h"

#define ESC_IRQ_BASE 0x100000u

bool xive_enabled(void)
{
	return vri_xive_current() != NULL;
}

u32 xive_native_alloc_irq(void)
{
	struct vr_xive *x = vri_xive_current();
	u32 i;

	if (!x)
		return 0;
	for (i = 1; i < x->hw.nr_irqs; i++) {
		if (!x->k.hw_irq_used[i]) {
			x->k.hw_irq_used[i] = 1;
			return i;
		}
	}
	return 0;
}

void xive_native_free_irq(u32 irq)
{
	struct vr_xive *x = vri_xive_current();

	if (x && !WARN_ON(!irq || irq >= x->hw.nr_irqs || !x->k.hw_irq_used[irq]))
		x->k.hw_irq_used[irq] = 0;
}

int xive_native_populate_irq_data(u32 hw_irq, struct xive_irq_data *data)
{
	struct vr_xive *x = vri_xive_current();
	u32 page;

	memset(data, 0, sizeof(*data));
	if (!x || !hw_irq || hw_irq >= x->hw.nr_irqs)
		return -EINVAL;
	if (x->hw.store_eoi)
		data->flags |= XIVE_IRQ_FLAG_STORE_EOI;
	if (x->hw.src[hw_irq].lsi)
		data->flags |= XIVE_IRQ_FLAG_LSI;
	data->eoi_page = VR_XIVE_ESB_BASE + vr_xive_esb_addr(x, hw_irq, true);
	data->trig_page = VR_XIVE_ESB_BASE + vr_xive_esb_addr(x, hw_irq, false);
	/* Two-page modes: each page is half the source's span. */
	page = data->eoi_page != data->trig_page ? x->hw.esb_shift - 1u : x->hw.esb_shift;
	data->esb_shift = page;
	data->src_chip = 0;
	data->hw_irq = hw_irq;
	data->target = XIVE_INVALID_CHIP_ID;
	data->eoi_mmio = ioremap(data->eoi_page, 1ul << page);
	data->trig_mmio = ioremap(data->trig_page, 1ul << page);
	if (!data->eoi_mmio || !data->trig_mmio)
		return -ENOMEM;
	return 0;
}

void xive_cleanup_irq_data(struct xive_irq_data *xd)
{
	iounmap(xd->eoi_mmio);
	iounmap(xd->trig_mmio);
	xd->eoi_mmio = NULL;
	xd->trig_mmio = NULL;
}

int vri_xive_vp_index(const struct vr_xive *x, u32 vp_id)
{
	if (!x->k.vp_block || vp_id < VR_XIVE_NVT_BASE ||
	    vp_id - VR_XIVE_NVT_BASE >= x->hw.nr_vcpus)
		return -1;
	return (int)(vp_id - VR_XIVE_NVT_BASE);
}

int xive_native_configure_irq(u32 hw_irq, u32 target, u8 prio, u32 sw_irq)
{
	struct vr_xive *x = vri_xive_current();
	int vp;

	if (!x || !hw_irq || hw_irq >= x->hw.nr_irqs)
		return -ENXIO;
	if (prio == MASKED)
		return vr_xive_set_eas(x, hw_irq, vr_xive_eas(0, sw_irq, true)) ? -ENXIO : 0;
	vp = vri_xive_vp_index(x, target);
	if (vp < 0 || prio > VR_XIVE_XIVE_PRIORITY_MAX)
		return -ENXIO;
	return vr_xive_set_eas(x, hw_irq,
			       vr_xive_eas(VR_XIVE_END_INDEX((u32)vp, prio), sw_irq, false))
		       ? -ENXIO
		       : 0;
}

/* The VP of @vp_id with an END for @prio, or -1 (firmware: OPAL_PARAMETER). */
static int queue_vp(struct vr_xive *x, u32 vp_id, u32 prio)
{
	if (!x || prio > VR_XIVE_XIVE_PRIORITY_MAX)
		return -1;
	return vri_xive_vp_index(x, vp_id);
}

int xive_native_configure_queue(u32 vp_id, struct xive_q *q, u8 prio, __be32 *qpage, u32 order,
				bool can_escalate)
{
	struct vr_xive *x = vri_xive_current();
	int vp = queue_vp(x, vp_id, prio);
	u64 qpage_phys = 0;

	if (order) {
		if (WARN_ON(!qpage))
			return -EINVAL;
		qpage_phys = __pa(qpage);
	}
	q->msk = order ? ((1u << (order - 2)) - 1) : 0;
	q->idx = 0;
	q->toggle = 0;
	if (vp < 0)
		return -EIO;
	q->eoi_phys = 0;
	if (can_escalate)
		q->esc_irq = ESC_IRQ_BASE + VR_XIVE_END_INDEX((u32)vp, prio);
	if (vri_xive_end_enable(x, (unsigned int)vp, prio, qpage_phys, (u8)order, true,
				can_escalate))
		return -EIO;
	q->qpage = qpage;
	return 0;
}

void xive_native_disable_queue(u32 vp_id, struct xive_q *q, u8 prio)
{
	struct vr_xive *x = vri_xive_current();
	int vp = queue_vp(x, vp_id, prio);

	(void)q;
	if (vp >= 0)
		vr_xive_end_config(x, (unsigned int)vp, prio, 0, 0, false, false);
}

u32 xive_native_alloc_vp_block(u32 max_vcpus)
{
	struct vr_xive *x = vri_xive_current();

	if (!x || x->k.vp_block || !max_vcpus || max_vcpus > VR_XIVE_MAX_VCPUS)
		return XIVE_INVALID_VP;
	x->k.vp_block = true;
	return VR_XIVE_NVT_BASE;
}

void xive_native_free_vp_block(u32 vp_base)
{
	struct vr_xive *x = vri_xive_current();

	if (x && !WARN_ON(!x->k.vp_block || vp_base != VR_XIVE_NVT_BASE))
		x->k.vp_block = false;
}

int xive_native_enable_vp(u32 vp_id, bool single_escalation)
{
	struct vr_xive *x = vri_xive_current();
	int vp = x ? vri_xive_vp_index(x, vp_id) : -1;

	(void)single_escalation;
	if (vp < 0)
		return -EIO;
	x->k.vp_enabled[vp] = true;
	return 0;
}

int xive_native_disable_vp(u32 vp_id)
{
	struct vr_xive *x = vri_xive_current();
	int vp = x ? vri_xive_vp_index(x, vp_id) : -1;

	if (vp < 0)
		return -EIO;
	x->k.vp_enabled[vp] = false;
	return 0;
}

int xive_native_get_vp_info(u32 vp_id, u32 *out_cam_id, u32 *out_chip_id)
{
	struct vr_xive *x = vri_xive_current();
	int vp = x ? vri_xive_vp_index(x, vp_id) : -1;

	if (vp < 0)
		return -EIO;
	*out_cam_id = VR_XIVE_NVT_CAM(0, vp_id);
	*out_chip_id = 0;
	return 0;
}

/* A POWER9 without the single-escalation firmware and no POWER10 save-restore. */
bool xive_native_has_single_escalation(void)
{
	return false;
}

bool xive_native_has_save_restore(void)
{
	return false;
}

int xive_native_get_queue_info(u32 vp_id, u32 prio, u64 *out_qpage, u64 *out_qsize,
			       u64 *out_qeoi_page, u32 *out_escalate_irq, u64 *out_qflags)
{
	struct vr_xive *x = vri_xive_current();
	int vp = queue_vp(x, vp_id, prio);
	const struct vri_xive_end *end;
	u64 flags = 0;

	if (vp < 0)
		return -EIO;
	end = vri_xive_end_of(x, (unsigned int)vp, (u8)prio);
	if (end->w[0] & VR_XIVE_END_W0_VALID)
		flags |= OPAL_XIVE_EQ_ENABLED;
	if (end->w[0] & VR_XIVE_END_W0_UCOND_NOTIFY)
		flags |= OPAL_XIVE_EQ_ALWAYS_NOTIFY;
	if (end->w[0] & VR_XIVE_END_W0_ESCALATE_CTL)
		flags |= OPAL_XIVE_EQ_ESCALATE;
	if (out_qpage)
		*out_qpage = vri_xive_end_enabled(end) ? vri_xive_end_qaddr(end) : 0;
	if (out_qsize)
		*out_qsize = vri_xive_end_enabled(end)
				     ? 12u + ((end->w[0] & VR_XIVE_END_W0_QSIZE) >> 16)
				     : 0;
	if (out_qeoi_page)
		*out_qeoi_page = 0;
	if (out_escalate_irq)
		*out_escalate_irq = ESC_IRQ_BASE + VR_XIVE_END_INDEX((u32)vp, prio);
	if (out_qflags)
		*out_qflags = flags;
	return 0;
}

int xive_native_get_queue_state(u32 vp_id, u32 prio, u32 *qtoggle, u32 *qindex)
{
	struct vr_xive *x = vri_xive_current();
	int vp = queue_vp(x, vp_id, prio);
	const struct vri_xive_end *end;

	if (vp < 0)
		return -EIO;
	end = vri_xive_end_of(x, (unsigned int)vp, (u8)prio);
	if (qtoggle)
		*qtoggle = !!(end->w[1] & VR_XIVE_END_W1_GENERATION);
	if (qindex)
		*qindex = end->w[1] & VR_XIVE_END_W1_PAGE_OFF;
	return 0;
}

int xive_native_set_queue_state(u32 vp_id, u32 prio, u32 qtoggle, u32 qindex)
{
	struct vr_xive *x = vri_xive_current();
	int vp = queue_vp(x, vp_id, prio);

	if (vp < 0 || qtoggle > 1 ||
	    vr_xive_end_restore(x, (unsigned int)vp, (u8)prio, qtoggle, qindex))
		return -EIO;
	return 0;
}

int xive_native_get_vp_state(u32 vp_id, u64 *out_state)
{
	struct vr_xive *x = vri_xive_current();
	int vp = x ? vri_xive_vp_index(x, vp_id) : -1;

	if (vp < 0)
		return -EIO;
	/* NVT word 4/5 as firmware returns them: the backup IPB at bits 47..40. */
	*out_state = (u64)vr_xive_nvt_ipb(x, (unsigned int)vp) << 40;
	return 0;
}

bool xive_native_has_queue_state_support(void)
{
	return true;
}

/*
 * The model notifies synchronously: when an ESB access returns, its
 * event is in its queue, so a sync has nothing in flight to wait for.
 * It is counted, for the migration order's narration.
 */
void xive_native_sync_source(u32 hw_irq)
{
	struct vr_xive *x = vri_xive_current();

	if (x && !WARN_ON(!hw_irq || hw_irq >= x->hw.nr_irqs))
		x->k.syncs++;
}

void xive_native_sync_queue(u32 hw_irq)
{
	xive_native_sync_source(hw_irq);
}
