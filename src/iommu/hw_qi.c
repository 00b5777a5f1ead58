// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The queued-invalidation interface: the queue software fills in memory
 * and the unit runs, in order and at once, on each write of IQT; each
 * descriptor type with its reserved bits, FSTS.IQE on a bad one, and the
 * wait descriptor's status write and completion event.
 *
 * Source: Intel VT-d Architecture Specification rev. 4.1, 6.5.2 (queued
 * invalidation, the descriptor formats), 6.5.2.10 (wait), 10.4.23-10.4.29
 * (IQH, IQT, IQA, ICS, IECTL, IEDATA, IEADDR, IEUADDR).  The reserved-bit
 * masks are those QEMU's hw/i386/intel_iommu_internal.h enforces
 * (VTD_INV_DESC_*_RSVD) where QEMU has the descriptor.
 */
#include <virtref/mem.h>
#include "hw_internal.h"

/* Reserved bits per type: qw0 (less the type bits 11:9), qw1. */
#define CC_RSVD0 0xfffc00000000f1c0ull
#define IOTLB_RSVD0 0xffffffff0000f100ull
#define IOTLB_RSVD1 0xf80ull
#define DEV_TLB_RSVD0 0x000f0000ffe001f0ull
#define DEV_TLB_RSVD1 0xffeull
#define WAIT_RSVD0 0xfffff100ull /* and PD without ECAP.PDS */
#define WAIT_RSVD1 0x3ull
#define P_IOTLB_RSVD0 0xfff000000000f1c0ull
#define PC_RSVD0 0xfff000000000f1c0ull
#define P_DEV_TLB_RSVD1 0x7feull /* qw0 has no reserved bit */

/* An invalidation completes: IWC, and its event unless one is pending. */
static void wait_completion_event(struct vri_iommu_unit *u)
{
	if (u->ics & VR_IOMMU_ICS_IWC)
		return;
	u->ics |= VR_IOMMU_ICS_IWC;
	vri_iommu_event_raise(&u->iectl, &u->inv_events);
}

static bool wait_desc(struct vri_iommu_unit *u, struct vr_mem *mem, u64 qw0, u64 qw1)
{
	u64 rsvd0 = WAIT_RSVD0 | (u->ecap & VR_IOMMU_ECAP_PDS ? 0 : VR_IOMMU_QI_WAIT_PD);

	if ((qw0 & rsvd0) || (qw1 & WAIT_RSVD1))
		return false;
	if ((qw0 & VR_IOMMU_QI_WAIT_SW) &&
	    vri_iommu_write_u32(u, mem, VR_IOMMU_QI_WAIT_ADDR(qw1), VR_IOMMU_QI_WAIT_DATA(qw0)))
		return false;
	if (qw0 & VR_IOMMU_QI_WAIT_IF)
		wait_completion_event(u);
	return true;
}

/* Page-selective: AM within CAP.MAMV; without CAP.PSI the domain goes whole. */
static bool page_selective_ok(const struct vri_iommu_unit *u, u64 qw1)
{
	return VR_IOMMU_QI_AM(qw1) <= VR_IOMMU_CAP_MAMV(u->cap);
}

/*
 * One descriptor: true when it was carried out, false when it is bad (a
 * type the unit does not have, a reserved bit, a granularity that does not
 * exist, an AM beyond MAMV, a status write that fails).
 */
static bool run_one(struct vri_iommu_unit *u, struct vr_mem *mem, const u64 *qw, bool dw,
		    unsigned int *removed)
{
	unsigned int type = VR_IOMMU_QI_TYPE(qw[0]), gran = VR_IOMMU_QI_GRAN(qw[0]);
	u16 did = VR_IOMMU_QI_DID(qw[0]);
	bool dt = (u->ecap & VR_IOMMU_ECAP_DT) != 0;

	if (!dw && (qw[0] & 0xe00))
		return false;
	if (dw && (qw[2] || qw[3]))
		return false;
	switch (type) {
	case VR_IOMMU_QI_CC:
		if ((qw[0] & CC_RSVD0) || qw[1] || !gran)
			return false;
		*removed = vri_iommu_cc_inval(u, gran, did, VR_IOMMU_QI_SID(qw[0]),
					      VR_IOMMU_QI_FM(qw[0]));
		return true;
	case VR_IOMMU_QI_IOTLB:
		if ((qw[0] & IOTLB_RSVD0) || (qw[1] & IOTLB_RSVD1) || !gran)
			return false;
		if (gran == 3 && !page_selective_ok(u, qw[1]))
			return false;
		if (gran == 3 && !(u->cap & VR_IOMMU_CAP_PSI))
			gran = 2;
		*removed = vri_iommu_iotlb_inval(u, gran, did, VR_IOMMU_QI_ADDR(qw[1]),
						 VR_IOMMU_QI_AM(qw[1]));
		return true;
	case VR_IOMMU_QI_P_IOTLB:
		if ((qw[0] & P_IOTLB_RSVD0) || (qw[1] & IOTLB_RSVD1) || gran < 2)
			return false;
		if (gran == 3 && !page_selective_ok(u, qw[1]))
			return false;
		*removed = vri_iommu_piotlb_inval(u, gran, did, VR_IOMMU_QI_PASID(qw[0]),
						  VR_IOMMU_QI_ADDR(qw[1]), VR_IOMMU_QI_AM(qw[1]));
		return true;
	case VR_IOMMU_QI_PC:
		if ((qw[0] & PC_RSVD0) || qw[1] || gran == 2)
			return false;
		*removed = vri_iommu_pc_inval(u, gran, did, VR_IOMMU_QI_PASID(qw[0]));
		return true;
	case VR_IOMMU_QI_DEV_TLB: /* no device-TLB is modelled: nothing to remove */
		return dt && !(qw[0] & DEV_TLB_RSVD0) && !(qw[1] & DEV_TLB_RSVD1);
	case VR_IOMMU_QI_P_DEV_TLB:
		return dt && !(qw[1] & P_DEV_TLB_RSVD1);
	case VR_IOMMU_QI_WAIT:
		return wait_desc(u, mem, qw[0], qw[1]);
	default:
		return false;
	}
}

/* The queue as latched by QIE: slots of 16 bytes, descriptors of 1 or 2 slots. */
static unsigned int queue_slots(const struct vri_iommu_unit *u)
{
	return 1u << (VR_IOMMU_IQA_QS(u->iqa_active) + 8);
}

void vri_iommu_qi_enable(struct vri_iommu_unit *u, bool on)
{
	u->iqh = 0;
	if (on) {
		u->iqa_active = u->iqa;
		u->gsts |= VR_IOMMU_GSTS_QIES;
	} else {
		u->gsts &= ~VR_IOMMU_GSTS_QIES;
	}
}

static void log_desc(struct vri_iommu_unit *u, const u64 *qw, unsigned int removed, bool bad)
{
	if (u->nlog < VRI_IOMMU_QI_LOG)
		u->log[u->nlog++] = (struct vri_iommu_qi_log){
			.qw0 = qw[0], .qw1 = qw[1], .removed = removed, .bad = bad
		};
}

void vri_iommu_qi_run(struct vri_iommu_unit *u, struct vr_mem *mem)
{
	bool dw = (u->iqa_active & VR_IOMMU_IQA_DW) != 0;
	unsigned int slots = queue_slots(u), step = dw ? 2 : 1;
	unsigned int head = (unsigned int)(u->iqh >> 4), tail = (unsigned int)(u->iqt >> 4);
	u64 base = u->iqa_active & VR_IOMMU_IQA_BASE_MASK;

	u->nlog = u->ndesc = 0;
	if (!(u->gsts & VR_IOMMU_GSTS_QIES) || (u->fsts & VR_IOMMU_FSTS_IQE))
		return;
	/* A tail past the queue, or on an odd slot with 256-bit descriptors. */
	if (tail >= slots || (dw && (tail & 1))) {
		vri_iommu_fault_condition(u, VR_IOMMU_FSTS_IQE);
		return;
	}
	while (head != tail) {
		u64 qw[4] = { 0 };
		unsigned int removed = 0;
		bool ok = !vri_iommu_read_entry(u, mem, base + (u64)head * 16, qw, 2 * step);

		ok = ok && run_one(u, mem, qw, dw, &removed);
		u->ndesc++;
		log_desc(u, qw, removed, !ok);
		if (!ok) {
			vri_iommu_fault_condition(u, VR_IOMMU_FSTS_IQE);
			break;
		}
		head = (head + step) % slots;
	}
	u->iqh = (u64)head << 4;
	if (head == tail && u->ndesc) {
		/* Software may now rely on what it invalidated: the stale check applies. */
		u->flushed = true;
		u->flushed_gen = vr_mem_generation(mem);
	}
}

void vri_iommu_ics_write(struct vri_iommu_unit *u, u32 val)
{
	u->ics &= ~(val & VR_IOMMU_ICS_IWC);
	if (!(u->ics & VR_IOMMU_ICS_IWC))
		u->iectl &= ~VR_IOMMU_IECTL_IP;
}
