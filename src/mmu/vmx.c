/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * VMX as the model needs it (torvalds/linux arch/x86/kvm/vmx/vmx.c):
 * the EPT pointer of a root, loading it, the vCPU's own TLB flush and the
 * EPT-violation exit (v6.6 shapes); and the remote flush through Hyper-V
 * that vmx.c had from v5.0 until it moved to kvm_onhyperv.c in v5.15,
 * with that file's fill callback.  The posted series changed only the
 * fill (patch 2): vmx_v3.c and vmx_v2.c hold its versions, and the flush
 * hands Hyper-V the VM's (vr_mmu_kvm_fill_hv_flush_list_func()).  The
 * build names this file's fill vr_vmx_kvm_fill_hv_flush_list_func().
 *
 * Kernel-named functions only; the file compiles from include/ alone, so
 * that a kernel tree's copy of these functions can replace it.
 */
#include <virtref/linux/printk.h>
#include <virtref/mmu/kvm_host.h>
#include <virtref/mmu/kvm_onhyperv.h>
#include <virtref/mmu/mshyperv.h>
#include <virtref/mmu/trace.h>
#include <virtref/mmu/vmx.h>

u64 construct_eptp(struct kvm_vcpu *vcpu, hpa_t root_hpa, int root_level)
{
	(void)vcpu;
	/* A/D bits are always on: the model runs no nested EPT of its own. */
	return root_hpa | VMX_EPTP_MT_WB | VMX_EPTP_AD_ENABLE_BIT |
	       (root_level == 5 ? VMX_EPTP_PWL_5 : VMX_EPTP_PWL_4);
}

void vmx_load_mmu_pgd(struct kvm_vcpu *vcpu, hpa_t root_hpa, int root_level)
{
	struct kvm *kvm = vcpu->kvm;

	/* 2019 (vmx_set_cr3()): a new EPTP, so the "all equal" answer is stale. */
	vcpu->ept_pointer = construct_eptp(vcpu, root_hpa, root_level);
	kvm->ept_pointers_match = EPT_POINTERS_CHECK;
	/* Mainline: the root kvm_onhyperv.c's remote flushes go to. */
	hv_track_root_tdp(vcpu, root_hpa);
}

void vmx_flush_tlb_current(struct kvm_vcpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	u64 eptp;

	/* A vCPU with no root has no EPT context to flush. */
	if (!vcpu->root)
		return;
	eptp = construct_eptp(vcpu, vcpu->root->spt, kvm->cfg.levels);
	/* ept_sync_context(): INVEPT single-context, which L0 emulates. */
	vr_mmu_tlb_flush_context(&kvm->tlb, eptp & ~0xfffull);
	pr_debug("vCPU %d: INVEPT single-context 0x%llx\n", vcpu->vcpu_id,
		 (unsigned long long)eptp);
}

int kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush, void *data)
{
	struct kvm_tlb_range *range = data;

	return hyperv_fill_flush_guest_mapping_list(flush, range->start_gfn, range->pages);
}

static void check_ept_pointer_match(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	u64 tmp_eptp = INVALID_PAGE;
	unsigned long i;

	kvm_for_each_vcpu(i, vcpu, kvm)
	{
		if (!i) {
			tmp_eptp = vcpu->ept_pointer;
		} else if (tmp_eptp != vcpu->ept_pointer) {
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
		return hyperv_flush_guest_mapping_range(as, vr_mmu_kvm_fill_hv_flush_list_func(kvm),
							range);
	return hyperv_flush_guest_mapping(as);
}

int hv_remote_flush_tlb_with_range(struct kvm *kvm, struct kvm_tlb_range *range)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;
	int ret = 0;

	if (kvm->ept_pointers_match == EPT_POINTERS_CHECK)
		check_ept_pointer_match(kvm);
	if (kvm->ept_pointers_match != EPT_POINTERS_MATCH) {
		kvm_for_each_vcpu(i, vcpu, kvm)
		{
			/* A vCPU that never loaded an EPTP has nothing cached. */
			if (VALID_PAGE(vcpu->ept_pointer))
				ret |= __hv_remote_flush_tlb_with_range(kvm, vcpu, range);
		}
	} else {
		ret = __hv_remote_flush_tlb_with_range(kvm, kvm_get_vcpu(kvm, 0), range);
	}
	return ret;
}

int hv_remote_flush_tlb(struct kvm *kvm)
{
	return hv_remote_flush_tlb_with_range(kvm, NULL);
}

/*
 * handle_ept_violation(), reduced to the direct map (the exit
 * qualification's bits 2:0 are the read/write/fetch access): a gfn in a
 * memslot is mapped with full rights, at the size and on the frame the
 * host maps it with (vr_mmu_fault_pfn()).
 */
int handle_ept_violation(struct kvm_vcpu *vcpu, gpa_t gpa, unsigned long exit_qualification)
{
	struct kvm *kvm = vcpu->kvm;
	gfn_t gfn = gpa >> 12;
	kvm_pfn_t pfn;
	int level;

	trace_kvm_page_fault(vcpu, gpa, exit_qualification);
	if (!gfn_to_memslot(kvm, gfn))
		return 0;
	level = vr_mmu_fault_pfn(kvm, gfn, &pfn);
	if (level < 0)
		return level;
	return __direct_map(kvm, gfn, level, VMX_EPT_RWX_MASK, pfn);
}
