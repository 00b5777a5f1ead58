/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: arch/x86/kvm/vmx/vmx.h at v6.6 (torvalds/linux)
 *   construct_eptp
 * and functions that are static in arch/x86/kvm/vmx/vmx.c, declared here
 * so that tests and the other model files reach them:
 *   vmx_load_mmu_pgd, vmx_flush_tlb_current, handle_ept_violation (v6.6),
 *   and of the 2019 file hv_remote_flush_tlb, hv_remote_flush_tlb_with_range
 * plus the fill callbacks kvm_fill_hv_flush_list_func() of vmx.c (v5.0)
 * and of the seed's V3 and V2 (patch 2, src/mmu/vmx_v3.c and vmx_v2.c),
 * which the build calls vr_vmx_, vr_v3_ and vr_v2_ (the kernel's is
 * static), and vr_mmu_kvm_fill_hv_flush_list_func(), which picks the VM's.
 */
#ifndef VIRTREF_MMU_VMX_H
#define VIRTREF_MMU_VMX_H

#include <virtref/mmu/kvm_host.h>
#include <virtref/mmu/mshyperv.h>

/**
 * hv_remote_flush_tlb_with_range() - if all vCPUs share one EPTP, flush it
 * once; else flush each valid one.
 * @kvm:   the VM
 * @range: the range, or NULL for the address-space flush
 *
 * Return: 0, or the OR of the failures (-ENOTSUPP, positive HV statuses).
 */
VR_API int hv_remote_flush_tlb_with_range(struct kvm *kvm, struct kvm_tlb_range *range);

/**
 * hv_remote_flush_tlb() - hv_remote_flush_tlb_with_range(@kvm, NULL).
 * @kvm: the VM
 *
 * Return: as hv_remote_flush_tlb_with_range().
 */
VR_API int hv_remote_flush_tlb(struct kvm *kvm);

/**
 * construct_eptp() - the EPTP for a root: WB, the walk length, A/D enable.
 * @vcpu:       the vCPU
 * @root_hpa:   the root table's host-physical address
 * @root_level: 4 or 5
 *
 * Return: the EPTP.
 */
VR_API u64 construct_eptp(struct kvm_vcpu *vcpu, hpa_t root_hpa, int root_level);

/**
 * vmx_load_mmu_pgd() - load a root as @vcpu's EPT pointer: the 2019
 * vmx_set_cr3() remembers it for the per-EPTP remote flush (and makes the
 * "all equal" answer stale), mainline tracks it for kvm_onhyperv.c.
 * @vcpu:       the vCPU
 * @root_hpa:   the root table's host-physical address
 * @root_level: 4 or 5
 */
VR_API void vmx_load_mmu_pgd(struct kvm_vcpu *vcpu, hpa_t root_hpa, int root_level);

/**
 * vmx_flush_tlb_current() - KVM_REQ_TLB_FLUSH as @vcpu handles it: INVEPT
 * single-context of its root's EPTP (nothing without a root).
 * @vcpu: the vCPU
 */
VR_API void vmx_flush_tlb_current(struct kvm_vcpu *vcpu);

/**
 * handle_ept_violation() - the EPT-violation exit, reduced to the direct
 * map: a gfn in a memslot is mapped with full rights at the size and on
 * the frame vr_mmu_fault_pfn() gives.
 * @vcpu:               the vCPU that faulted
 * @gpa:                the guest-physical address
 * @exit_qualification: bits 2:0, the read/write/fetch access
 *
 * Return: 0 (also for a gfn in no memslot), -EINVAL (beyond the guest
 * address width), -ENOMEM.
 */
VR_API int handle_ept_violation(struct kvm_vcpu *vcpu, gpa_t gpa, unsigned long exit_qualification);

/**
 * vr_vmx_kvm_fill_hv_flush_list_func() - vmx.c's kvm_fill_hv_flush_list_func()
 * of v5.0, as kvm_onhyperv.c has it from v5.15: one contiguous range from
 * @data.
 * @flush: the input page
 * @data:  a struct kvm_tlb_range
 *
 * Return: the element count, or -ENOSPC.
 */
VR_API int vr_vmx_kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush,
					      void *data);

/**
 * vr_mmu_kvm_fill_hv_flush_list_func() - the fill callback of the VM's
 * kernel: kvm_fill_hv_flush_list_func() as vmx.c (v5.0, and mainline's
 * kvm_onhyperv.c),
 * vmx_v3.c or vmx_v2.c defines it (src/mmu/profile.c)
 * @kvm: the VM
 *
 * Return: the callback vmx.c's remote flush hands Hyper-V.
 */
VR_API hyperv_fill_flush_list_func vr_mmu_kvm_fill_hv_flush_list_func(const struct kvm *kvm);

/**
 * vr_v3_kvm_fill_hv_flush_list_func() - the seed V3 callback (patch 2):
 * without a flush_list the contiguous range; with one, an element run per
 * page of int pages = KVM_PAGES_PER_HPAGE(level + 1), appended at the
 * running offset and unchecked inside the loop, so -ENOSPC sticks.
 * @flush: the input page
 * @data:  a struct kvm_tlb_range
 *
 * Return: the element count, or -ENOSPC.
 */
VR_API int vr_v3_kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush, void *data);

/**
 * vr_v2_kvm_fill_hv_flush_list_func() - V2: as V3 with
 * KVM_PAGES_PER_HPAGE(level), one level too small.
 * @flush: the input page
 * @data:  a struct kvm_tlb_range
 *
 * Return: the element count, or -ENOSPC.
 */
VR_API int vr_v2_kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush, void *data);

#endif
