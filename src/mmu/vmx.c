/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The VMX glue between KVM's range flush and Hyper-V (torvalds/linux
 * arch/x86/kvm/vmx/vmx.c of 2019; arch/x86/kvm/kvm_onhyperv.c later),
 * with the fill callbacks of mainline and of the seed V2/V3 (patch 2).
 * spec/mmu.md 5.3 and 5.6.
 */
#include <virtref/mmu.h>

#include "mmu/internal.h"

int kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush, void *data)
{
	struct kvm_tlb_range *range = data;

	return hyperv_fill_flush_guest_mapping_list(flush, range->start_gfn, range->pages);
}

/* V2/V3: one range per listed shadow page, appended at @offset. */
static int fill_list(struct hv_guest_mapping_flush_list *flush, struct kvm_tlb_range *range,
		     int level_delta)
{
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
		int pages = (int)KVM_PAGES_PER_HPAGE(sp->role.level + level_delta);

		/* Not checked in the loop: -ENOSPC sticks (negative offset). */
		offset = vr_v3_hyperv_fill_flush_guest_mapping_list(flush, offset, sp->gfn,
								    (u64)(s64)pages);
	}
	return offset;
}

int vr_v3_kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush, void *data)
{
	return fill_list(flush, data, 1);
}

int vr_v2_kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush, void *data)
{
	/* V2: the page's own level, one too small (found in review). */
	return fill_list(flush, data, 0);
}

static void check_ept_pointer_match(struct kvm *kvm)
{
	u64 tmp_eptp = VR_INVALID_PAGE;
	int v;

	for (v = 0; v < kvm->created_vcpus; v++) {
		u64 eptp = kvm->vcpus[v].ept_pointer;

		if (!v) {
			tmp_eptp = eptp;
		} else if (tmp_eptp != eptp) {
			kvm->ept_pointers_match = EPT_POINTERS_MISMATCH;
			return;
		}
	}
	kvm->ept_pointers_match = EPT_POINTERS_MATCH;
}

int vr_kvm_hv_flush(struct kvm *kvm, u64 as, struct kvm_tlb_range *range,
		    hyperv_fill_flush_list_func fill)
{
	struct vr_hv_cpu *prev = vr_hv_cpu_enter(&kvm->cpu);
	u64 pages_before = kvm->l0.pages;
	int ret;

	kvm->l0.explain = kvm->explain;
	if (range)
		ret = hyperv_flush_guest_mapping_range(as, fill, range);
	else
		ret = hyperv_flush_guest_mapping(as);
	kvm->l0.explain = NULL;
	vr_hv_cpu_exit(prev);
	if (range && !ret) {
		kvm->stats.range_flushes++;
		kvm->stats.pages_flushed += kvm->l0.pages - pages_before;
	}
	return ret;
}

static int __hv_remote_flush_tlb_with_range(struct kvm *kvm, struct kvm_vcpu *vcpu,
					    struct kvm_tlb_range *range)
{
	/* The hypercall wants the PML4 address: strip the EPTP's config bits. */
	u64 as = vcpu->ept_pointer & ~0xfffull;

	return vr_kvm_hv_flush(kvm, as, range, kvm->profile->hv_fill);
}

int hv_remote_flush_tlb_with_range(struct kvm *kvm, struct kvm_tlb_range *range)
{
	int ret = 0;
	int v;

	if (kvm->ept_pointers_match == EPT_POINTERS_CHECK)
		check_ept_pointer_match(kvm);
	if (kvm->ept_pointers_match != EPT_POINTERS_MATCH) {
		for (v = 0; v < kvm->created_vcpus; v++) {
			/* A vCPU that never loaded an EPTP has nothing cached. */
			if (kvm->vcpus[v].ept_pointer != VR_INVALID_PAGE)
				ret |= __hv_remote_flush_tlb_with_range(kvm, &kvm->vcpus[v], range);
		}
	} else {
		ret = __hv_remote_flush_tlb_with_range(kvm, &kvm->vcpus[0], range);
	}
	return ret;
}

int hv_remote_flush_tlb(struct kvm *kvm)
{
	return hv_remote_flush_tlb_with_range(kvm, NULL);
}
