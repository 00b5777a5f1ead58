/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: arch/x86/kvm/kvm_onhyperv.h at v6.6 (torvalds/linux)
 *   hv_flush_remote_tlbs_range, hv_flush_remote_tlbs, hv_track_root_tdp
 * From v5.15 to v6.3 the header declared the 2019 names instead,
 * hv_remote_flush_tlb_with_range and hv_remote_flush_tlb, which vmx.h
 * has: it comes along.
 */
#ifndef VIRTREF_MMU_KVM_ONHYPERV_H
#define VIRTREF_MMU_KVM_ONHYPERV_H

#include <virtref/mmu/kvm_host.h>
#include <virtref/mmu/vmx.h>

/**
 * hv_flush_remote_tlbs_range() - flush the range in every distinct valid
 * root, or only in the root all vCPUs are known to share.
 * @kvm:       the VM
 * @start_gfn: first gfn
 * @nr_pages:  pages
 *
 * Return: 0, or the first failure (-ENOTSUPP or a positive HV status).
 */
VR_API int hv_flush_remote_tlbs_range(struct kvm *kvm, gfn_t start_gfn, gfn_t nr_pages);

/**
 * hv_flush_remote_tlbs() - hv_flush_remote_tlbs_range() with the
 * address-space flush.
 * @kvm: the VM
 *
 * Return: 0, or the first failure (-ENOTSUPP).
 */
VR_API int hv_flush_remote_tlbs(struct kvm *kvm);

/**
 * hv_track_root_tdp() - @vcpu now runs on @root_tdp (from root loading);
 * a root other than the shared one forgets the shared one.
 * @vcpu:     the vCPU
 * @root_tdp: its root's host-physical address
 */
VR_API void hv_track_root_tdp(struct kvm_vcpu *vcpu, hpa_t root_tdp);

#endif
