/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The mmu model's invariants: after every step no cached translation may
 * differ from the current EPT in an address space a vCPU can still use
 * (the TLB may hold only what the EPT grants: Intel SDM vol. 3C, "Caching
 * Translation Information"), and no hypercall input may have been written
 * past its page.  Read-only but for the caches that make repeated checks
 * cheap.
 */
#include <string.h>
#include <virtref/mem.h>
#include <virtref/text.h>

#include "mmu/mmu_internal.h"

u32 vr_mmu_check_stale(struct vr_mmu *mmu, struct vr_text *why)
{
	struct kvm *kvm = &mmu->kvm;
	u64 live[VR_MMU_MAX_VCPUS];
	u32 n = 0;
	int v;

	/* A vCPU with a reload pending runs on a new root before it enters. */
	u32 stale;

	for (v = 0; v < kvm->created_vcpus; v++)
		if (kvm->vcpus[v].root && !kvm->vcpus[v].reload)
			live[n++] = vri_mmu_vcpu_eptp(&kvm->vcpus[v]) & ~0xfffull;
	if (kvm->clean_valid && kvm->clean_gen == vr_mem_generation(kvm->host) &&
	    kvm->clean_fills == kvm->tlb.fills && kvm->clean_nlive == n &&
	    !memcmp(kvm->clean_live, live, n * sizeof(live[0])))
		return 0;
	stale = vr_mmu_tlb_check_stale(&kvm->tlb, kvm->host, &kvm->ept, live, n, why);
	kvm->clean_valid = stale == 0;
	kvm->clean_gen = vr_mem_generation(kvm->host);
	kvm->clean_fills = kvm->tlb.fills;
	kvm->clean_nlive = n;
	memcpy(kvm->clean_live, live, n * sizeof(live[0]));
	return stale;
}

size_t vr_mmu_hv_input_overflow(struct vr_mmu_hv_cpu *cpu)
{
	size_t i, last = 0;
	u64 any = 0;

	/* Only code running on the CPU writes its input. */
	if (!cpu->input || !cpu->input_dirty)
		return 0;
	cpu->input_dirty = false;
	/* Clean is the rule: one OR over the area, which vectorises. */
	for (i = HV_HYP_PAGE_SIZE / 8; i < VR_MMU_HV_INPUT_AREA_QWORDS; i++)
		any |= cpu->input->raw[i];
	if (!any)
		return 0;
	for (i = VR_MMU_HV_INPUT_AREA_QWORDS; !last; i--)
		if (cpu->input->raw[i - 1])
			last = i;
	return (last - HV_HYP_PAGE_SIZE / 8) * 8;
}

int vr_mmu_invariants(struct vr_mmu *mmu, struct vr_text *why)
{
	size_t over = vr_mmu_hv_input_overflow(&mmu->kvm.cpu);
	u32 stale = vr_mmu_check_stale(mmu, why);

	if (over)
		vr_text_printf(why,
			       "hypercall input overflowed its page: %zu bytes written past it\n",
			       over);
	return stale || over;
}
