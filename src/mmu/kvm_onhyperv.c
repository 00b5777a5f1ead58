/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * KVM as L1 on Hyper-V, mainline shape (torvalds/linux
 * arch/x86/kvm/kvm_onhyperv.c): remote flushes per TDP root, with the
 * root remembered while every vCPU runs on it.  Kernel-named functions
 * only: the hooks run on the VM's CPU, which the profile's kvm_x86_ops
 * enter (profile.c), and L0 counts the flushes it completes.
 */

#include <virtref/mmu/kvm_onhyperv.h>
#include <virtref/mmu/mshyperv.h>

static int kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush, void *data)
{
	struct kvm_tlb_range *range = data;

	return hyperv_fill_flush_guest_mapping_list(flush, range->start_gfn, range->pages);
}

static int hv_remote_flush_root_tdp(hpa_t root_tdp, struct kvm_tlb_range *range)
{
	if (range)
		return hyperv_flush_guest_mapping_range(root_tdp, kvm_fill_hv_flush_list_func,
							range);
	return hyperv_flush_guest_mapping(root_tdp);
}

static int __hv_flush_remote_tlbs_range(struct kvm *kvm, struct kvm_tlb_range *range)
{
	struct kvm_arch *kvm_arch = &kvm->arch;
	struct kvm_vcpu *vcpu;
	int ret = 0, nr_unique_valid_roots;
	unsigned long i;
	hpa_t root;

	spin_lock(&kvm_arch->hv_root_tdp_lock);
	if (!VALID_PAGE(kvm_arch->hv_root_tdp)) {
		nr_unique_valid_roots = 0;
		/* Flush every valid root; remember it when all vCPUs share one. */
		kvm_for_each_vcpu(i, vcpu, kvm)
		{
			root = vcpu->arch.hv_root_tdp;
			if (!VALID_PAGE(root) || root == kvm_arch->hv_root_tdp)
				continue;
			/* The first valid root is tracked for the rest of the loop. */
			if (++nr_unique_valid_roots == 1)
				kvm_arch->hv_root_tdp = root;
			if (!ret)
				ret = hv_remote_flush_root_tdp(root, range);
			/* A failure with several roots: stop, the caller flushes all. */
			if (ret && nr_unique_valid_roots > 1)
				break;
		}
		if (nr_unique_valid_roots > 1)
			kvm_arch->hv_root_tdp = INVALID_PAGE;
	} else {
		ret = hv_remote_flush_root_tdp(kvm_arch->hv_root_tdp, range);
	}
	spin_unlock(&kvm_arch->hv_root_tdp_lock);
	return ret;
}

int hv_flush_remote_tlbs_range(struct kvm *kvm, gfn_t start_gfn, gfn_t nr_pages)
{
	struct kvm_tlb_range range = {
		.start_gfn = start_gfn,
		.pages = nr_pages,
		.flush_list = NULL,
	};

	return __hv_flush_remote_tlbs_range(kvm, &range);
}

int hv_flush_remote_tlbs(struct kvm *kvm)
{
	return __hv_flush_remote_tlbs_range(kvm, NULL);
}

void hv_track_root_tdp(struct kvm_vcpu *vcpu, hpa_t root_tdp)
{
	struct kvm_arch *kvm_arch = &vcpu->kvm->arch;

	spin_lock(&kvm_arch->hv_root_tdp_lock);
	vcpu->arch.hv_root_tdp = root_tdp;
	if (root_tdp != kvm_arch->hv_root_tdp)
		kvm_arch->hv_root_tdp = INVALID_PAGE;
	spin_unlock(&kvm_arch->hv_root_tdp_lock);
}
