/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The VMX glue between KVM's range flush and Hyper-V (torvalds/linux
 * arch/x86/kvm/vmx/vmx.c of 2019; arch/x86/kvm/kvm_onhyperv.c later),
 * and its EPT-violation exit.  The seed V2/V3 fill callbacks (patch 2)
 * are in profile.c.
 */

#include <string.h>

#include "mmu/mmu_internal.h"

u64 construct_eptp(struct kvm_vcpu *vcpu, hpa_t root_hpa, int root_level)
{
	(void)vcpu;
	/* A/D bits are always on: the model runs no nested EPT of its own. */
	return root_hpa | VMX_EPTP_MT_WB | VMX_EPTP_AD_ENABLE_BIT |
	       (root_level == 5 ? VMX_EPTP_PWL_5 : VMX_EPTP_PWL_4);
}

void vmx_flush_tlb_current(struct kvm_vcpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	u64 eptp = vri_mmu_vcpu_eptp(vcpu);

	/* A vCPU with no root has no EPT context to flush. */
	if (!eptp)
		return;
	/* INVEPT single-context, which L0 emulates. */
	vr_mmu_tlb_flush_context(&kvm->tlb, eptp & ~0xfffull);
	vri_mmu_explain(kvm, "vCPU %d: KVM_REQ_TLB_FLUSH, INVEPT single-context 0x%llx",
			vcpu->vcpu_id, (unsigned long long)eptp);
}

int kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush, void *data)
{
	struct kvm_tlb_range *range = data;

	return hyperv_fill_flush_guest_mapping_list(flush, range->start_gfn, range->pages);
}

static void check_ept_pointer_match(struct kvm *kvm)
{
	u64 tmp_eptp = INVALID_PAGE;
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

static int __hv_remote_flush_tlb_with_range(struct kvm *kvm, struct kvm_vcpu *vcpu,
					    struct kvm_tlb_range *range)
{
	/* The hypercall wants the PML4 address: strip the EPTP's config bits. */
	u64 as = vcpu->ept_pointer & ~0xfffull;

	if (range)
		return hyperv_flush_guest_mapping_range(as, kvm->profile->hv_fill, range);
	return hyperv_flush_guest_mapping(as);
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
			if (kvm->vcpus[v].ept_pointer != INVALID_PAGE)
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

/*
 * handle_ept_violation(), reduced to the direct map (the exit
 * qualification's bits 2:0 are the read/write/fetch access): a write to a
 * page write-protected for dirty logging gets its write access back and
 * is logged (fast_page_fault); anything else in a memslot is mapped with
 * full rights at the size of the leaf already there, or 4K.
 */
int handle_ept_violation(struct kvm_vcpu *vcpu, gpa_t gpa, unsigned long exit_qualification)
{
	struct kvm *kvm = vcpu->kvm;
	gfn_t gfn = gpa >> 12;
	u8 access = (u8)(exit_qualification & VMX_EPT_RWX_MASK);
	struct kvm_memory_slot *slot = gfn_to_memslot(kvm, gfn);
	struct vr_mmu_ept_walk w;
	int level = PT_PAGE_TABLE_LEVEL;
	u8 alias = 0;

	if (!slot)
		return 0;
	/* The direct map is vCPU 0's tree (vri_mmu_map()). */
	if (kvm->vcpus[0].root) {
		memset(&w, 0, sizeof(w));
		vri_mmu_ept_walk_from(kvm->host, kvm->vcpus[0].root->spt, kvm->cfg.levels,
				      VMX_EPT_RWX_MASK, gfn << 12, 0, false, &kvm->ept, &w);
		if (w.fault == VR_MMU_EPT_OK) {
			level = w.level;
			alias = (u8)((w.hpa - VR_MMU_RAM_BASE) >> VR_MMU_ALIAS_SHIFT);
		}
	}
	vri_mmu_explain(kvm, "EPT violation at gfn 0x%llx (access %u): KVM maps it",
			(unsigned long long)gfn, access);
	return vri_mmu_map(kvm, gfn, level, VMX_EPT_RWX_MASK, alias);
}
