/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The L0 side of HvCallFlushGuestPhysicalAddressSpace (0x00AF, simple)
 * and HvCallFlushGuestPhysicalAddressList (0x00B0, rep), as the Hyper-V
 * TLFS describes them (MicrosoftDocs/Virtualization-Documentation:
 * tlfs/hypercalls/HvCallFlushGuestPhysicalAddress{Space,List}.md,
 * tlfs/hypercall-interface.md).
 *
 * Choices where the TLFS is silent (derived): a rep count of 0 or a start
 * index beyond the count is an invalid input; elements that would run
 * past the input page are an alignment error; reserved bits of a
 * large-page element are an invalid parameter; the address space is used
 * exactly as given, so an EPTP with its configuration bits still set
 * names no cached address space and flushes nothing.
 */
#include <virtref/mmu/hw.h>
#include <virtref/mmu/hw_hyperv.h>
#include <virtref/text.h>

#include "mmu/hw_internal.h"

static u64 l0_result(u16 status, u64 reps)
{
	return status | (reps << HV_HYPERCALL_REP_COMP_OFFSET);
}

static void l0_narrate(struct vr_mmu_hv_l0 *l0, const char *what, u64 as, u64 gfn, u64 pages,
		       struct vr_mmu_tlb_flush_result r)
{
	if (!l0->explain)
		return;
	if (pages)
		vr_explain_line(l0->explain,
				"L0: %s AS 0x%llx gfn [0x%llx, +%llu): removed %u leaf, %u "
				"paging-structure",
				what, (unsigned long long)as, (unsigned long long)gfn,
				(unsigned long long)pages, r.leaf, r.psc);
	else
		vr_explain_line(l0->explain,
				"L0: %s AS 0x%llx: removed %u leaf, %u paging-structure", what,
				(unsigned long long)as, r.leaf, r.psc);
}

/*
 * Decodes one rep element into a 4 KiB range.  Returns false for reserved
 * bits in the large-page form.
 */
static bool l0_element(u64 raw, u64 *gfn, u64 *pages)
{
	u64 add = raw & 0x7ff;

	if (!(raw & BIT_ULL(11))) {
		*gfn = raw >> 12;
		*pages = add + 1;
		return true;
	}
	if (raw & GENMASK_ULL(20, 13))
		return false;
	/* base_large_pfn (63:21) counts 2 MiB frames in both sizes (unverified). */
	*gfn = (raw >> 21) << 9;
	*pages = (add + 1) << (raw & BIT_ULL(12) ? 18 : 9);
	return true;
}

/* The hypercall itself; vr_mmu_hv_l0_hypercall() records it. */
static u64 l0_hypercall(struct vr_mmu_hv_l0 *l0, u64 control, const u64 *input)
{
	u16 code = control & 0xffff;
	u64 count = (control & HV_HYPERCALL_REP_COMP_MASK) >> HV_HYPERCALL_REP_COMP_OFFSET;
	u64 start = (control & HV_HYPERCALL_REP_START_MASK) >> HV_HYPERCALL_REP_START_OFFSET;
	u64 i, done, as;

	if (code != HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_SPACE &&
	    code != HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST)
		return l0_result(HV_STATUS_INVALID_HYPERCALL_CODE, 0);
	if (!l0->nested_flush)
		return l0_result(HV_STATUS_ACCESS_DENIED, 0);
	if (control &
	    (VR_MMU_HV_CONTROL_RSVD_MASK | HV_HYPERCALL_VARHEAD_MASK | HV_HYPERCALL_FAST_BIT))
		return l0_result(HV_STATUS_INVALID_HYPERCALL_INPUT, 0);
	if (l0->fail_count) {
		l0->fail_count--;
		return l0_result(l0->fail_status, 0);
	}
	as = input[0];
	if (code == HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_SPACE) {
		struct vr_mmu_tlb_flush_result r;

		if (count || start)
			return l0_result(HV_STATUS_INVALID_HYPERCALL_INPUT, 0);
		if (input[1])
			return l0_result(HV_STATUS_INVALID_PARAMETER, 0);
		r = vr_mmu_tlb_flush_context(l0->tlb, as);
		l0_narrate(l0, "flush space", as, 0, 0, r);
		return l0_result(HV_STATUS_SUCCESS, 0);
	}
	if (count == 0 || start >= count)
		return l0_result(HV_STATUS_INVALID_HYPERCALL_INPUT, start);
	if (2 + count > HV_HYP_PAGE_SIZE / 8)
		return l0_result(HV_STATUS_INVALID_ALIGNMENT, start);
	if (input[1])
		return l0_result(HV_STATUS_INVALID_PARAMETER, start);
	done = start;
	/* A list starts at rep 0; resumptions add to it. */
	if (!start)
		l0->run_pages = 0;
	for (i = start; i < count; i++) {
		struct vr_mmu_tlb_flush_result r;
		u64 gfn, pages;

		if (l0->reps_per_call && i - start == l0->reps_per_call)
			break; /* time budget used up: report partial progress */
		if (!l0_element(input[2 + i], &gfn, &pages))
			return l0_result(HV_STATUS_INVALID_PARAMETER, done);
		r = vr_mmu_tlb_flush_range(l0->tlb, as, gfn, pages);
		l0->elements++;
		l0->pages += pages;
		l0->run_pages += pages;
		l0_narrate(l0, "flush list element", as, gfn, pages, r);
		done = i + 1;
	}
	if (done == count) {
		l0->lists++;
		l0->list_pages += l0->run_pages;
	}
	return l0_result(HV_STATUS_SUCCESS, done);
}

u64 vr_mmu_hv_l0_hypercall(struct vr_mmu_hv_l0 *l0, u64 control, const u64 *input)
{
	struct vr_mmu_hv_call *rec = &l0->log[l0->calls % VR_MMU_HV_L0_LOG];
	u64 elements = l0->elements;
	u16 code = control & 0xffff;
	bool flush = code == HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_SPACE ||
		     code == HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST;

	l0->calls++;
	rec->control = control;
	rec->as = flush ? input[0] : 0;
	rec->result = l0_hypercall(l0, control, input);
	rec->elements = l0->elements - elements;
	return rec->result;
}

const struct vr_mmu_hv_call *vr_mmu_hv_l0_call(const struct vr_mmu_hv_l0 *l0, u64 n)
{
	if (n >= l0->calls || l0->calls - n > VR_MMU_HV_L0_LOG)
		return NULL;
	return &l0->log[n % VR_MMU_HV_L0_LOG];
}
