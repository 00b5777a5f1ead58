/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What the host lends the mmu model's kernel files
 * (virtref/mmu/kvm_host.h, "what virtref lends the kernel files"): the
 * page allocator KVM's EPT tables come from, the owner of a table page,
 * the frame and size the host maps a faulting gfn with, and the
 * bookkeeping of translations that lost something, which the statistics
 * compare the flushes with.  The kernel files reach none of the VM's
 * table pool or statistics any other way.
 */
#include <virtref/mem.h>
#include <virtref/mmu/kvm_host.h>

#include "mmu/mmu_internal.h"

static u64 pool_hpa(u32 idx)
{
	return VR_MMU_TABLE_BASE + (u64)idx * 4096;
}

/* The pool index of @hpa, or table_pages when it is no pool page. */
static u32 pool_index(const struct kvm *kvm, hpa_t hpa)
{
	u64 idx;

	if (hpa < VR_MMU_TABLE_BASE)
		return kvm->cfg.table_pages;
	idx = (hpa - VR_MMU_TABLE_BASE) / 4096;
	return idx < kvm->cfg.table_pages ? (u32)idx : kvm->cfg.table_pages;
}

hpa_t vr_mmu_table_alloc(struct kvm *kvm)
{
	u32 idx;

	if (kvm->pool_nfree == 0)
		return INVALID_PAGE;
	idx = kvm->pool_free[kvm->pool_nfree - 1];
	if (!vr_mem_backed(kvm->host, pool_hpa(idx), 4096) &&
	    vr_mem_add(kvm->host, pool_hpa(idx), 4096))
		return INVALID_PAGE;
	/* A new table is all zeroes, whatever was written there before. */
	vr_mem_fill(kvm->host, pool_hpa(idx), 0, 4096);
	kvm->pool_nfree--;
	return pool_hpa(idx);
}

void vr_mmu_table_free(struct kvm *kvm, hpa_t hpa)
{
	u32 idx = pool_index(kvm, hpa);

	if (WARN_ON(idx == kvm->cfg.table_pages || kvm->pool_nfree == kvm->cfg.table_pages))
		return;
	vr_mem_fill(kvm->host, hpa, 0, 4096);
	kvm->pool_owner[idx] = NULL;
	kvm->pool_free[kvm->pool_nfree++] = idx;
}

void vr_mmu_table_set_owner(struct kvm *kvm, hpa_t hpa, struct kvm_mmu_page *sp)
{
	u32 idx = pool_index(kvm, hpa);

	if (!WARN_ON(idx == kvm->cfg.table_pages))
		kvm->pool_owner[idx] = sp;
}

struct kvm_mmu_page *vr_mmu_table_owner(const struct kvm *kvm, hpa_t hpa)
{
	u32 idx = pool_index(kvm, hpa);

	return idx == kvm->cfg.table_pages ? NULL : kvm->pool_owner[idx];
}

int vr_mmu_fault_pfn(struct kvm *kvm, gfn_t gfn, kvm_pfn_t *pfn)
{
	struct vr_mmu_ept_walk w;
	u8 alias = 0;
	int level = PT_PAGE_TABLE_LEVEL;

	/* The direct map is vCPU 0's tree (__direct_map()). */
	if (kvm->vcpus[0].root) {
		memset(&w, 0, sizeof(w));
		vri_mmu_ept_walk_from(kvm->host, kvm->vcpus[0].root->spt, kvm->cfg.levels,
				      VMX_EPT_RWX_MASK, gfn << 12, 0, false, &kvm->ept, &w);
		if (w.fault == VR_MMU_EPT_OK) {
			level = w.level;
			alias = (u8)((w.hpa - VR_MMU_RAM_BASE) >> VR_MMU_ALIAS_SHIFT);
		}
	}
	/* A leaf written behind KVM's back may point outside guest RAM. */
	if (alias > 15)
		return -EINVAL;
	*pfn = (VR_MMU_RAM_BASE + ((u64)alias << VR_MMU_ALIAS_SHIFT)) / 4096 + gfn;
	return level;
}

void vr_mmu_note_needed(struct kvm *kvm, u64 gfn, u64 pages)
{
	(void)gfn;
	kvm->stats.pages_needed += pages;
}
