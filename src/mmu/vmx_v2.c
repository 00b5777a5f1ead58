/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The fill callback of arch/x86/kvm/vmx/vmx.c (torvalds/linux, early
 * 2019) as V2 of the series (February 2019, patch 2/10) changes it: as
 * V3's (vmx_v3.c), but a listed page covers KVM_PAGES_PER_HPAGE(level),
 * one level too small, which review found.
 *
 * The build names this file's definition
 * vr_v2_kvm_fill_hv_flush_list_func() (CMakeLists.txt).  It compiles
 * from include/ alone.
 */
#include <virtref/mmu/kvm_host.h>
#include <virtref/mmu/mshyperv.h>
#include <virtref/mmu/vmx.h>

int kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush, void *data)
{
	struct kvm_tlb_range *range = data;
	struct kvm_mmu_page *sp;
	int offset = 0;

	if (!range->flush_list)
		return vr_v3_hyperv_fill_flush_guest_mapping_list(flush, 0, range->start_gfn,
								  range->pages);
	hlist_for_each_entry(sp, range->flush_list, flush_link) {
		/* In an int, unchecked, as V3's. */
		int pages = (int)KVM_PAGES_PER_HPAGE(sp->role.level);

		offset = vr_v3_hyperv_fill_flush_guest_mapping_list(flush, offset, sp->gfn,
								    (u64)(s64)pages);
	}
	return offset;
}
