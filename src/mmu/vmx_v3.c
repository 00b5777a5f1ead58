/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The fill callback of arch/x86/kvm/vmx/vmx.c (torvalds/linux, early
 * 2019) as "[PATCH V3 2/10] KVM/VMX: Fill range list in
 * kvm_fill_hv_flush_list_func()" changes it: without a flush_list the
 * contiguous range, with one an element run per listed shadow page of
 * KVM_PAGES_PER_HPAGE(level + 1) pages, appended at the running offset
 * by the fill with an offset (patch 1).
 *
 * The rest of that vmx.c is vmx.c's.  The build names this file's
 * definition vr_v3_kvm_fill_hv_flush_list_func() (CMakeLists.txt), as
 * each version's vmx.c defines the kernel's name; a port of the series'
 * vmx.c gets the same.  It compiles from include/ alone.
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
		/*
		 * Stored in an int as posted: 2^36 (a level-4 page) becomes 0,
		 * which the fill turns into one 2048-page element.  The
		 * conversion is the implementation-defined modulo 2^32 of GCC
		 * and Clang.
		 */
		int pages = (int)KVM_PAGES_PER_HPAGE(sp->role.level + 1);

		/* Not checked in the loop: -ENOSPC sticks (negative offset). */
		offset = vr_v3_hyperv_fill_flush_guest_mapping_list(flush, offset, sp->gfn,
								    (u64)(s64)pages);
	}
	return offset;
}
