// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The translation of one untranslated DMA request by a unit in scalable
 * mode, in the order the architecture checks it: translation enable and
 * TTM, root entry, context entry, PASID (the request's or RID_PASID),
 * PASID directory entry, PASID table entry, then by PGTT the second-level
 * walk or pass-through, and last the interrupt range of the output.  A
 * qualified fault found after an entry with FPD set is suppressed.
 *
 * Source: Intel VT-d Architecture Specification rev. 4.1, 3.4.3
 * (scalable-mode address translation), 7.1.2-7.1.3 (non-recoverable
 * faults, qualified faults and the scalable-mode fault reasons).  QEMU's
 * hw/i386/intel_iommu.c vtd_do_iommu_translate() follows the same order;
 * a fault that is not suppressed goes to hw_faults.c.
 * its qualified-fault table vtd_qualified_faults[] agrees with the one
 * below, and its codes are the second row of the policy table.
 */
#include <errno.h>
#include <string.h>
#include "hw_internal.h"

/*
 * What QEMU reports for each scalable-mode reason it distinguishes
 * (VTDFaultReason, hw/i386/intel_iommu_internal.h): the legacy codes for
 * root and context entries and the second-level walk, where a table
 * pointer that cannot be read is an invalid context entry (3).
 */
static const u8 qemu_reported[256] = {
	[VR_IOMMU_FR_RTADDR_TTM] = VR_IOMMU_FR_RTADDR_TTM,
	[VR_IOMMU_FR_LEGACY_PASID] = VR_IOMMU_FR_LEGACY_PASID,
	[VR_IOMMU_FR_ROOT_READ] = 0x08,
	[VR_IOMMU_FR_ROOT_P] = 0x01,
	[VR_IOMMU_FR_ROOT_RSVD] = 0x0a,
	[VR_IOMMU_FR_CTX_READ] = 0x09,
	[VR_IOMMU_FR_CTX_P] = 0x02,
	[VR_IOMMU_FR_CTX_RSVD] = 0x0b,
	[VR_IOMMU_FR_CTX_PASIDE] = VR_IOMMU_FR_CTX_PASIDE,
	[VR_IOMMU_FR_PDTS] = VR_IOMMU_FR_PDTS,
	[VR_IOMMU_FR_PDE_READ] = VR_IOMMU_FR_PDE_READ,
	[VR_IOMMU_FR_PDE_P] = VR_IOMMU_FR_PDE_P,
	[VR_IOMMU_FR_PDE_RSVD] = VR_IOMMU_FR_PDE_RSVD,
	[VR_IOMMU_FR_PE_READ] = VR_IOMMU_FR_PE_READ,
	[VR_IOMMU_FR_PE_P] = VR_IOMMU_FR_PE_P,
	[VR_IOMMU_FR_PE_INVALID] = VR_IOMMU_FR_PE_INVALID,
	[VR_IOMMU_FR_PE_ERE] = VR_IOMMU_FR_PE_ERE,
	[VR_IOMMU_FR_PE_SRE] = VR_IOMMU_FR_PE_SRE,
	[VR_IOMMU_FR_FL_READ] = VR_IOMMU_FR_FL_READ,
	[VR_IOMMU_FR_FL_P] = VR_IOMMU_FR_FL_P,
	[VR_IOMMU_FR_FL_RSVD] = VR_IOMMU_FR_FL_RSVD,
	[VR_IOMMU_FR_FL_ROOT_READ] = VR_IOMMU_FR_FL_ROOT_READ,
	[VR_IOMMU_FR_FL_CANONICAL] = VR_IOMMU_FR_FL_CANONICAL,
	[VR_IOMMU_FR_FL_US] = VR_IOMMU_FR_FL_US,
	[VR_IOMMU_FR_FL_XD] = VR_IOMMU_FR_FL_XD,
	[VR_IOMMU_FR_FL_AD] = 0x91,
	[VR_IOMMU_FR_SL_READ] = 0x07,
	[VR_IOMMU_FR_SL_RSVD] = 0x0c,
	[VR_IOMMU_FR_SL_ROOT_READ] = 0x03,
	[VR_IOMMU_FR_INPUT_BEYOND] = 0x04,
	[VR_IOMMU_FR_WRITE] = 0x05,
	[VR_IOMMU_FR_READ] = 0x06,
	[VR_IOMMU_FR_INTERRUPT_RANGE] = VR_IOMMU_FR_INTERRUPT_RANGE,
};

const struct vri_iommu_fault_policy vri_iommu_fault_policies[VR_IOMMU_NR_FAULT_CODES] = {
	[VR_IOMMU_FAULT_CODES_SM] = { .name = "sm",
				      .pe_rsvd_checked = true,
				      .frcd_pasid = true,
				      .fl_root_read = VR_IOMMU_FR_FL_READ },
	[VR_IOMMU_FAULT_CODES_QEMU] = { .name = "qemu",
					.sl_perm_first = true,
					.collapse_sid = true,
					.fl_root_read = VR_IOMMU_FR_FL_ROOT_READ,
					.reported = qemu_reported },
};

/*
 * Non-qualified faults are recorded whatever FPD says (VT-d 7.1.2): table
 * reads that fail, an invalid root table, a root entry not present or
 * with reserved bits, a context entry with reserved bits.
 */
static bool qualified(u8 reason)
{
	switch (reason) {
	case VR_IOMMU_FR_RTADDR_TTM:
	case VR_IOMMU_FR_LEGACY_PASID:
	case VR_IOMMU_FR_ROOT_READ:
	case VR_IOMMU_FR_ROOT_P:
	case VR_IOMMU_FR_ROOT_RSVD:
	case VR_IOMMU_FR_CTX_READ:
	case VR_IOMMU_FR_CTX_RSVD:
	case VR_IOMMU_FR_PDE_READ:
	case VR_IOMMU_FR_PE_READ:
		return false;
	default:
		return true;
	}
}

static void fault(const struct vri_iommu_unit *u, u8 reason, bool fpd,
		  struct vr_iommu_translation *t)
{
	t->status = VR_IOMMU_DMA_FAULT;
	t->fault = u->policy->reported ? u->policy->reported[reason] : reason;
	t->qualified = qualified(reason);
	t->suppressed = t->qualified && fpd;
}

static bool in_interrupt_range(u64 addr)
{
	return addr >= VR_IOMMU_INTERRUPT_FIRST && addr <= VR_IOMMU_INTERRUPT_LAST;
}

u8 vri_iommu_walk_context(const struct vri_iommu_unit *u, const struct vr_mem *mem, u16 sid,
			  struct vr_iommu_context_entry *ce, bool *fpd)
{
	u64 ctp;
	u8 r = vri_iommu_root_entry(u, mem, sid, &ctp);

	return r ? r : vri_iommu_context_entry(u, mem, ctp, sid & 0xff, ce, fpd);
}

/* What one translation walks with: the unit, memory, and whether caches take part. */
struct walk {
	struct vri_iommu_unit *u;
	const struct vr_mem *mem;
	struct vr_mem *mem_ad; /* first-level A/D bits go here; NULL: a look only */
	bool cached;
	bool fpd; /* an FPD seen so far */
	struct vri_iommu_cc_entry *cc_filled;
};

/* With CAP.CM a unit caches a not-present entry too (VT-d 6.1). */
static bool cacheable(const struct walk *w, u8 r, u8 not_present)
{
	return w->cached && (!r || (r == not_present && (w->u->cap & VR_IOMMU_CAP_CM)));
}

static u8 context_stage(struct walk *w, u16 sid, struct vr_iommu_context_entry *ce,
			struct vr_iommu_translation *t)
{
	const struct vri_iommu_cc_entry *hit = w->cached ? vri_iommu_cc_lookup(w->u, sid) : NULL;
	struct vri_iommu_cc_entry e;
	u8 r;

	if (hit) {
		t->hits |= VR_IOMMU_HIT_CONTEXT;
		w->fpd |= hit->fpd;
		*ce = hit->ce;
		return hit->fault;
	}
	e = (struct vri_iommu_cc_entry){ .sid = sid };
	r = vri_iommu_walk_context(w->u, w->mem, sid, &e.ce, &e.fpd);
	w->fpd |= e.fpd;
	*ce = e.ce;
	if (cacheable(w, r, VR_IOMMU_FR_CTX_P)) {
		e.fault = r;
		w->cc_filled = vri_iommu_cc_fill(w->u, &e);
	}
	return r;
}

static u8 pasid_stage(struct walk *w, const struct vr_iommu_context_entry *ce, u16 sid, u32 pasid,
		      struct vr_iommu_pasid_entry *pe, struct vr_iommu_translation *t)
{
	const struct vri_iommu_pc_entry *hit =
		w->cached ? vri_iommu_pc_lookup(w->u, sid, pasid) : NULL;
	struct vri_iommu_pc_entry e;
	u64 pde;
	u8 r;

	if (hit) {
		t->hits |= VR_IOMMU_HIT_PASID;
		w->fpd |= hit->fpd;
		*pe = hit->pe;
		return hit->fault;
	}
	e = (struct vri_iommu_pc_entry){ .sid = sid, .pasid = pasid };
	r = vri_iommu_pasid_dir_entry(w->u, w->mem, ce, pasid, &pde, &e.fpd);
	if (!r)
		r = vri_iommu_pasid_entry(w->u, w->mem, pde, pasid, &e.pe, &e.fpd);
	w->fpd |= e.fpd;
	*pe = e.pe;
	if (cacheable(w, r, VR_IOMMU_FR_PE_P)) {
		e.fault = r;
		e.did = r ? 0 : VR_IOMMU_PE_DID(e.pe.qw[1]);
		vri_iommu_pc_fill(w->u, &e);
	}
	return r;
}

/* Whether a cached entry allows the request (else the unit walks again). */
static bool iotlb_allows(const struct vri_iommu_iotlb_entry *e,
			 const struct vr_iommu_pasid_entry *pe,
			 const struct vr_iommu_dma_request *rq)
{
	if (e->fl)
		return vri_iommu_fl_allows(&e->acc, e->perm, pe, rq);
	return (e->perm & (rq->write ? VR_IOMMU_SL_W : VR_IOMMU_SL_R)) != 0;
}

/*
 * By PGTT: pass-through, the second-level or the first-level walk, through
 * the IOTLB.  @rq carries the privilege and execute bits in effect, @origin
 * the request as it came (what the stale check walks again).
 */
static u8 iotlb_stage(struct walk *w, const struct vr_iommu_pasid_entry *pe,
		      const struct vr_iommu_dma_request *rq,
		      const struct vr_iommu_dma_request *origin, struct vr_iommu_translation *t)
{
	bool tagged = t->pgtt != VR_IOMMU_PGTT_SL;
	const struct vri_iommu_iotlb_entry *hit =
		w->cached ? vri_iommu_iotlb_lookup(w->u, t->did, tagged, t->pasid, rq->addr) : NULL;
	struct vri_iommu_fl_access acc = { .user = true, .exec = true };
	struct vri_iommu_iotlb_entry e;
	u8 r = 0;

	if (hit && iotlb_allows(hit, pe, rq)) {
		t->hits |= VR_IOMMU_HIT_IOTLB;
		t->page_shift = hit->page_shift;
		t->perm = hit->perm;
		t->phys = hit->phys | (rq->addr & ((1ull << hit->page_shift) - 1));
		return 0;
	}
	if (t->pgtt == VR_IOMMU_PGTT_PT) {
		t->phys = rq->addr;
		t->page_shift = 12;
		t->perm = VR_IOMMU_SL_R | VR_IOMMU_SL_W;
	} else if (t->pgtt == VR_IOMMU_PGTT_FL) {
		r = vri_iommu_fl_walk(w->u, w->mem, w->mem_ad, pe, rq, t, &acc);
	} else {
		r = vri_iommu_sl_walk(w->u, w->mem, pe, rq->addr, rq->write, t);
	}
	if (r || !w->cached)
		return r;
	e = (struct vri_iommu_iotlb_entry){
		.did = t->did,
		.tagged = tagged,
		.fl = t->pgtt == VR_IOMMU_PGTT_FL,
		.acc = acc,
		.pasid = tagged ? t->pasid : 0,
		.addr = rq->addr & ~((1ull << t->page_shift) - 1),
		.phys = t->phys & ~((1ull << t->page_shift) - 1),
		.page_shift = t->page_shift,
		.perm = t->perm,
		.origin = *origin,
	};
	vri_iommu_iotlb_fill(w->u, &e);
	return 0;
}

/* Steps 2-8 of a scalable-mode translation: 0, or -EOPNOTSUPP. */
static int translate_sm(struct walk *w, const struct vr_iommu_dma_request *rq,
			struct vr_iommu_translation *t)
{
	struct vr_iommu_context_entry ce;
	struct vr_iommu_pasid_entry pe;
	struct vr_iommu_dma_request eff = *rq;
	u8 r;

	r = context_stage(w, rq->sid, &ce, t);
	if (r)
		goto out;
	if (rq->has_pasid && !(ce.qw[0] & VR_IOMMU_CTX_PASIDE)) {
		r = VR_IOMMU_FR_CTX_PASIDE;
		goto out;
	}
	t->pasid = rq->has_pasid ? rq->pasid : VR_IOMMU_CTX_RID_PASID(ce.qw[1]);
	eff.priv = rq->has_pasid ? rq->priv : (ce.qw[1] & VR_IOMMU_CTX_RID_PRIV) != 0;
	eff.exec = rq->has_pasid && rq->exec;
	r = pasid_stage(w, &ce, rq->sid, t->pasid, &pe, t);
	if (r)
		goto out;
	if (w->cc_filled)
		w->cc_filled->did = VR_IOMMU_PE_DID(pe.qw[1]);
	if (eff.exec && !(pe.qw[2] & VR_IOMMU_PE_ERE))
		r = VR_IOMMU_FR_PE_ERE;
	else if (eff.priv && !(pe.qw[2] & VR_IOMMU_PE_SRE))
		r = VR_IOMMU_FR_PE_SRE;
	if (r)
		goto out;
	t->pgtt = (u8)VR_IOMMU_PE_PGTT(pe.qw[0]);
	t->did = VR_IOMMU_PE_DID(pe.qw[1]);
	/* Nested: a unit reporting NEST. */
	if (t->pgtt == VR_IOMMU_PGTT_NESTED)
		return -EOPNOTSUPP;
	r = iotlb_stage(w, &pe, &eff, rq, t);
	if (!r && in_interrupt_range(t->phys))
		r = VR_IOMMU_FR_INTERRUPT_RANGE;
out:
	if (r)
		fault(w->u, r, w->fpd, t);
	return 0;
}

static int translate(struct walk *w, const struct vr_iommu_dma_request *rq,
		     struct vr_iommu_translation *t)
{
	const struct vri_iommu_unit *u = w->u;
	unsigned int ttm;
	int ret;

	memset(t, 0, sizeof(*t));
	if (rq->pasid > 0xfffff || (!rq->has_pasid && (rq->priv || rq->exec || rq->pasid)))
		return -EINVAL;
	/* Without PASID the interrupt range holds interrupt requests, not DMA. */
	if (!rq->has_pasid && in_interrupt_range(rq->addr))
		return -EOPNOTSUPP;
	t->status = VR_IOMMU_DMA_OK;
	t->pasid = rq->pasid;
	if (!(u->gsts & VR_IOMMU_GSTS_TES)) {
		t->phys = rq->addr;
		t->page_shift = 12;
		t->perm = VR_IOMMU_SL_R | VR_IOMMU_SL_W;
		return 0;
	}
	ttm = (unsigned int)((u->rtaddr_active & VR_IOMMU_RTADDR_TTM_MASK) >>
			     VR_IOMMU_RTADDR_TTM_SHIFT);
	switch (ttm) {
	case VR_IOMMU_TTM_SCALABLE:
		ret = translate_sm(w, rq, t);
		if (ret)
			memset(t, 0, sizeof(*t));
		return ret;
	case VR_IOMMU_TTM_ABORT:
		t->status = VR_IOMMU_DMA_ABORTED;
		return 0;
	case VR_IOMMU_TTM_RESERVED:
		fault(u, VR_IOMMU_FR_RTADDR_TTM, false, t);
		return 0;
	default: /* legacy mode: only what it does with a PASID is modelled */
		if (!rq->has_pasid) {
			memset(t, 0, sizeof(*t));
			return -EOPNOTSUPP;
		}
		fault(u, VR_IOMMU_FR_LEGACY_PASID, false, t);
		return 0;
	}
}

int vri_iommu_walk(const struct vri_iommu_unit *u, const struct vr_mem *mem,
		   const struct vr_iommu_dma_request *rq, struct vr_iommu_translation *t)
{
	/* Without caches a walk never writes through w.u. */
	struct walk w = { .u = (struct vri_iommu_unit *)u, .mem = mem };

	return translate(&w, rq, t);
}

int vri_iommu_translate(struct vri_iommu_unit *u, struct vr_mem *mem,
			const struct vr_iommu_dma_request *rq, struct vr_iommu_translation *t)
{
	struct walk w = { .u = u, .mem = mem, .mem_ad = mem, .cached = u->caching };
	int ret = translate(&w, rq, t);

	if (!ret && t->status == VR_IOMMU_DMA_FAULT && !t->suppressed)
		vri_iommu_record_fault(u, rq, t);
	return ret;
}
