/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Hyper-V nested virtualization: the GPA flush hypercalls as the L1 kernel
 * issues them (torvalds/linux: arch/x86/hyperv/nested.c), plus the seed
 * V3 fill with an offset ("[PATCH V3 1/10] X86/Hyper-V: Add parameter
 * offset for hyperv_fill_flush_guest_mapping_list()").  spec/mmu.md 4.
 */

#include "mmu/mmu_internal.h"

int hyperv_flush_guest_mapping(u64 as)
{
	struct vr_hv_cpu *cpu = vr_hv_cpu_current();
	struct hv_guest_mapping_flush *flush;
	u64 status;

	if (!cpu || !cpu->l0 || !cpu->input)
		return -ENOTSUPP;
	flush = &cpu->input->space;
	flush->address_space = as;
	flush->flags = 0;
	status = hv_do_hypercall(HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_SPACE, flush, NULL);
	/* Any hypervisor failure is reported as -ENOTSUPP: the status is lost. */
	if ((status & HV_HYPERCALL_RESULT_MASK) == HV_STATUS_SUCCESS)
		return 0;
	return -ENOTSUPP;
}

/*
 * The element limit the fill compares against.  It is a size_t, so a
 * negative int index converts to a huge value and fails the check
 * (spec/mmu.md 3.2).  With the legacy definition it is 4094, which only
 * the current CPU's input area (a page plus what follows it) can hold.
 */
static size_t fill_limit(const struct hv_guest_mapping_flush_list *flush)
{
	struct vr_hv_cpu *cpu = vr_hv_cpu_current();

	if (cpu && cpu->legacy_rep_count && cpu->input && flush == &cpu->input->list)
		return VR_HV_LEGACY_MAX_FLUSH_REP_COUNT;
	return HV_MAX_FLUSH_REP_COUNT;
}

int vri_mmu_fill_at(struct hv_guest_mapping_flush_list *flush, int offset, u64 start_gfn, u64 pages)
{
	size_t limit = fill_limit(flush);
	u64 cur = start_gfn;
	u64 additional_pages;
	int gpa_n = offset;

	do {
		union hv_gpa_page_range *elem;

		/* Unsigned compare: a negative gpa_n is also "no space". */
		if ((size_t)(long)gpa_n >= limit)
			return -ENOSPC;
		/* pages == 0 wraps to 2^64 - 1: one 2048-page element. */
		additional_pages = min_t(u64, pages, HV_MAX_FLUSH_PAGES) - 1;
		/* Element n lies at QWORD 2 + n of the input area. */
		elem = (union hv_gpa_page_range *)((u64 *)(void *)flush + 2 + gpa_n);
		elem->page.additional_pages = additional_pages & 0x7ff;
		elem->page.largepage = false;
		elem->page.basepfn = cur & GENMASK_ULL(51, 0);
		pages -= additional_pages + 1;
		cur += additional_pages + 1;
		gpa_n++;
	} while (pages > 0);
	return gpa_n;
}

int hyperv_fill_flush_guest_mapping_list(struct hv_guest_mapping_flush_list *flush,
					 u64 start_gfn, u64 pages)
{
	return vri_mmu_fill_at(flush, 0, start_gfn, pages);
}

int vr_v3_hyperv_fill_flush_guest_mapping_list(struct hv_guest_mapping_flush_list *flush,
					       int offset, u64 start_gfn, u64 pages)
{
	return vri_mmu_fill_at(flush, offset, start_gfn, pages);
}

int hyperv_flush_guest_mapping_range(u64 as, hyperv_fill_flush_list_func fill, void *data)
{
	struct vr_hv_cpu *cpu = vr_hv_cpu_current();
	struct hv_guest_mapping_flush_list *flush;
	u64 status;
	int gpa_n;

	if (!cpu || !cpu->l0 || !fill || !cpu->input)
		return -ENOTSUPP;
	flush = &cpu->input->list;
	flush->address_space = as;
	flush->flags = 0;
	cpu->list_filled = true;
	gpa_n = fill(flush, data);
	/* The fill's -ENOSPC is not passed on: the caller falls back. */
	if (gpa_n < 0)
		return -ENOTSUPP;
	status = hv_do_rep_hypercall(HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST, (u16)gpa_n, 0,
				     flush, NULL);
	if ((status & HV_HYPERCALL_RESULT_MASK) == HV_STATUS_SUCCESS)
		return 0;
	return (int)(status & HV_HYPERCALL_RESULT_MASK);
}
