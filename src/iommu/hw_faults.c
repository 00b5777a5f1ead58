// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Primary fault logging: the fault recording registers filled round robin,
 * FSTS with overflow (PFO), pending (PPF) and the index of the first
 * pending record (FRI), software clearing them by writing 1, and the fault
 * event with its interrupt mask and pending bit.
 *
 * Source: Intel VT-d Architecture Specification rev. 4.1, 7.2.1 (primary
 * fault logging), 7.3.1 (fault event interrupts), 10.4.9 (FSTS), 10.4.10
 * (FECTL), 10.4.11-10.4.13 (FEDATA, FEADDR, FEUADDR), 10.4.14 (FRCD).
 * QEMU's hw/i386/intel_iommu.c vtd_report_dmar_fault(),
 * vtd_generate_fault_event() and vtd_handle_fsts_write() do the same; they
 * also drop a fault whose SID already has a pending record and leave PP
 * and PV clear (vri_iommu_fault_policy.collapse_sid, .frcd_pasid).
 */
#include "hw_internal.h"

/* The conditions that raise a fault event (VT-d 7.3.1). */
#define EVENT_CONDITIONS                                                                           \
	(VR_IOMMU_FSTS_PFO | VR_IOMMU_FSTS_PPF | VR_IOMMU_FSTS_IQE | VR_IOMMU_FSTS_ICE |           \
	 VR_IOMMU_FSTS_ITE)
#define FSTS_W1C (VR_IOMMU_FSTS_PFO | VR_IOMMU_FSTS_IQE | VR_IOMMU_FSTS_ICE | VR_IOMMU_FSTS_ITE)

/*
 * An event control register (FECTL, IECTL: IM bit 31, IP bit 30): a
 * pending event goes out as an interrupt message unless it is masked.
 */
static void deliver(u32 *ctl, u64 *sent)
{
	if ((*ctl & VR_IOMMU_FECTL_IP) && !(*ctl & VR_IOMMU_FECTL_IM)) {
		(*sent)++;
		*ctl &= ~VR_IOMMU_FECTL_IP;
	}
}

void vri_iommu_event_raise(u32 *ctl, u64 *sent)
{
	*ctl |= VR_IOMMU_FECTL_IP;
	deliver(ctl, sent);
}

void vri_iommu_event_ctl_write(u32 *ctl, u64 *sent, u32 val)
{
	*ctl = (*ctl & ~VR_IOMMU_FECTL_IM) | (val & VR_IOMMU_FECTL_IM);
	deliver(ctl, sent);
}

/* A new condition raises an event only if none was pending before it. */
static void fault_event(struct vri_iommu_unit *u, u32 fsts_before)
{
	if (!(fsts_before & EVENT_CONDITIONS))
		vri_iommu_event_raise(&u->fectl, &u->fault_events);
}

void vri_iommu_fault_condition(struct vri_iommu_unit *u, u32 fsts_bits)
{
	u32 before = u->fsts;

	u->fsts |= fsts_bits;
	fault_event(u, before);
}

static bool pending_for_sid(const struct vri_iommu_unit *u, u16 sid)
{
	unsigned int i;

	for (i = 0; i < VR_IOMMU_CAP_NFR(u->cap); i++)
		if ((u->frcd[i][1] & VR_IOMMU_FRCD_F) && VR_IOMMU_FRCD_SID(u->frcd[i][1]) == sid)
			return true;
	return false;
}

void vri_iommu_record_fault(struct vri_iommu_unit *u, const struct vr_iommu_dma_request *rq,
			    struct vr_iommu_translation *t)
{
	unsigned int i = u->next_frcd;
	u32 before = u->fsts;
	u64 hi;

	if (before & VR_IOMMU_FSTS_PFO)
		return;
	if (u->policy->collapse_sid && pending_for_sid(u, rq->sid))
		return;
	if (u->frcd[i][1] & VR_IOMMU_FRCD_F) {
		vri_iommu_fault_condition(u, VR_IOMMU_FSTS_PFO);
		return;
	}
	hi = rq->sid | ((u64)t->fault << 32) | VR_IOMMU_FRCD_F;
	if (!rq->write)
		hi |= VR_IOMMU_FRCD_T;
	if (rq->has_pasid && u->policy->frcd_pasid)
		hi |= VR_IOMMU_FRCD_PP | ((u64)rq->pasid << 40);
	u->frcd[i][0] = rq->addr & VR_IOMMU_FRCD_FI_MASK;
	u->frcd[i][1] = hi;
	if (!(before & VR_IOMMU_FSTS_PPF))
		u->fsts = (u->fsts & ~0xff00u) | VR_IOMMU_FSTS_PPF | (i << 8);
	u->next_frcd = (i + 1) % VR_IOMMU_CAP_NFR(u->cap);
	t->recorded = true;
	t->frcd = (u8)i;
	fault_event(u, before);
}

bool vri_iommu_frcd_reg(const struct vri_iommu_unit *u, u32 offset)
{
	u32 fro = VR_IOMMU_CAP_FRO(u->cap);

	return offset >= fro && offset < fro + 16 * VR_IOMMU_CAP_NFR(u->cap);
}

u64 vri_iommu_frcd_read(const struct vri_iommu_unit *u, u32 offset)
{
	u32 rel = offset - VR_IOMMU_CAP_FRO(u->cap);

	return u->frcd[rel / 16][(rel / 8) & 1];
}

/* Software has serviced every condition: nothing is pending any more. */
static void conditions_serviced(struct vri_iommu_unit *u)
{
	if (!(u->fsts & EVENT_CONDITIONS))
		u->fectl &= ~VR_IOMMU_FECTL_IP;
}

void vri_iommu_frcd_write(struct vri_iommu_unit *u, u32 offset, u64 bits, u64 mask)
{
	u32 rel = offset - VR_IOMMU_CAP_FRO(u->cap);
	unsigned int i;

	if (!((rel / 8) & 1) || !(mask & bits & VR_IOMMU_FRCD_F))
		return;
	u->frcd[rel / 16][1] &= ~VR_IOMMU_FRCD_F;
	for (i = 0; i < VR_IOMMU_CAP_NFR(u->cap); i++)
		if (u->frcd[i][1] & VR_IOMMU_FRCD_F)
			return;
	u->fsts &= ~VR_IOMMU_FSTS_PPF;
	conditions_serviced(u);
}

void vri_iommu_fsts_write(struct vri_iommu_unit *u, struct vr_mem *mem, u32 val)
{
	bool resume = (u->fsts & val & VR_IOMMU_FSTS_IQE) != 0;

	u->fsts &= ~(val & FSTS_W1C);
	conditions_serviced(u);
	/* Clearing IQE lets the queue go on from the descriptor IQH names. */
	if (resume)
		vri_iommu_qi_run(u, mem);
}
