/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * virtref's own VM plumbing for the mmu model: construction, memslots,
 * and a guest access (TLB, then EPT walk, then KVM's fault handler).
 */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/mem.h>
#include <virtref/mmu.h>
#include <virtref/linux/slab.h>

#include "mmu/internal.h"

#define VR_MMU_MAX_SLOT_PAGES (1ul << 24)

void vr_mmu_config_default(struct vr_mmu_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->profile = VR_MMU_PROFILE_MAINLINE;
	cfg->last_level_filter = true;
	cfg->nested_flush = true;
	cfg->psc = true;
	cfg->levels = 4;
	cfg->vcpus = 1;
	cfg->tlb_entries = 1024;
	cfg->table_pages = 1024;
	cfg->slot0_pages = 0x8000;
}

void vr_kvm_destroy(struct kvm *kvm)
{
	struct kvm_mmu_page *sp, *nsp;
	int i;

	if (!kvm)
		return;
	list_for_each_entry_safe(sp, nsp, &kvm->active_mmu_pages, link) {
		list_del(&sp->link);
		kfree(sp);
	}
	for (i = 0; i < VR_KVM_MEMSLOTS; i++)
		kfree(kvm->memslots[i].dirty_bitmap);
	vr_tlb_destroy(&kvm->tlb);
	kfree(kvm->pool_owner);
	kfree(kvm->pool_free);
	kfree(kvm->input);
	if (kvm->host)
		vr_mem_destroy(kvm->host);
	kfree(kvm);
}

struct kvm *vr_kvm_create(const struct vr_mmu_config *cfg)
{
	struct kvm *kvm;
	u32 i;

	if (cfg->profile >= VR_MMU_NR_PROFILES || (cfg->levels != 4 && cfg->levels != 5) ||
	    cfg->vcpus < 1 || cfg->vcpus > VR_KVM_MAX_VCPUS || !cfg->tlb_entries ||
	    cfg->table_pages < 8 || cfg->table_pages > 65536 ||
	    cfg->slot0_pages > VR_MMU_MAX_SLOT_PAGES || cfg->reps_per_call > 4095)
		return ERR_PTR(-EINVAL);
	kvm = kzalloc(sizeof(*kvm), GFP_KERNEL);
	if (!kvm)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&kvm->active_mmu_pages);
	kvm->cfg = *cfg;
	kvm->profile = &vri_mmu_profiles[cfg->profile];
	/* hardware_setup(): the Hyper-V hooks only when L0 offers the flushes. */
	kvm->x86_ops = cfg->nested_flush ? kvm->profile->x86_ops : &vri_mmu_vmx_x86_ops;
	kvm->ept.maxphyaddr = 46;
	kvm->ept.exec_only = true;
	kvm->host = vr_mem_create("host");
	kvm->input = kzalloc(sizeof(*kvm->input), GFP_KERNEL);
	kvm->pool_owner = kcalloc(cfg->table_pages, sizeof(*kvm->pool_owner), GFP_KERNEL);
	kvm->pool_free = kcalloc(cfg->table_pages, sizeof(*kvm->pool_free), GFP_KERNEL);
	if (!kvm->host || !kvm->input || !kvm->pool_owner || !kvm->pool_free ||
	    vr_tlb_init(&kvm->tlb, cfg->tlb_entries, cfg->psc)) {
		vr_kvm_destroy(kvm);
		return ERR_PTR(-ENOMEM);
	}
	/* Pop order hands out the lowest table address first. */
	for (i = 0; i < cfg->table_pages; i++)
		kvm->pool_free[i] = cfg->table_pages - 1 - i;
	kvm->pool_nfree = cfg->table_pages;
	kvm->l0.tlb = &kvm->tlb;
	kvm->l0.nested_flush = cfg->nested_flush;
	kvm->l0.reps_per_call = cfg->reps_per_call;
	kvm->cpu.l0 = &kvm->l0;
	kvm->cpu.input = kvm->input;
	kvm->cpu.legacy_rep_count = cfg->legacy_rep_count;
	kvm->created_vcpus = cfg->vcpus;
	for (i = 0; i < cfg->vcpus; i++) {
		kvm->vcpus[i].kvm = kvm;
		kvm->vcpus[i].vcpu_id = (int)i;
		kvm->vcpus[i].ept_pointer = VR_INVALID_PAGE;
		kvm->vcpus[i].hv_root_tdp = VR_INVALID_PAGE;
	}
	kvm->ept_pointers_match = EPT_POINTERS_CHECK;
	kvm->hv_root_tdp = VR_INVALID_PAGE;
	if (cfg->slot0_pages) {
		kvm->memslots[0].npages = cfg->slot0_pages;
		kvm->memslots[0].userspace_addr = VR_MMU_HVA_BASE;
	}
	return kvm;
}

int vr_kvm_set_memslot(struct kvm *kvm, u32 id, gfn_t base_gfn, unsigned long npages, u32 flags)
{
	struct kvm_memory_slot *slot;
	int i;

	if (id >= VR_KVM_MEMSLOTS || !npages || npages > VR_MMU_MAX_SLOT_PAGES ||
	    (flags & ~KVM_MEM_LOG_DIRTY_PAGES) || base_gfn >> (9 * kvm->cfg.levels) ||
	    (base_gfn + npages - 1) >> (9 * kvm->cfg.levels))
		return -EINVAL;
	for (i = 0; i < VR_KVM_MEMSLOTS; i++) {
		const struct kvm_memory_slot *s = &kvm->memslots[i];

		if (!s->npages)
			continue;
		if ((u32)i == id || (base_gfn < s->base_gfn + s->npages &&
				     s->base_gfn < base_gfn + npages))
			return -EEXIST;
	}
	slot = &kvm->memslots[id];
	if (flags & KVM_MEM_LOG_DIRTY_PAGES) {
		slot->dirty_bitmap = kcalloc(VR_BITS_TO_LONGS(npages), sizeof(long), GFP_KERNEL);
		if (!slot->dirty_bitmap)
			return -ENOMEM;
	}
	slot->base_gfn = base_gfn;
	slot->npages = npages;
	slot->flags = flags;
	slot->id = (short)id;
	slot->userspace_addr = VR_MMU_HVA_BASE + ((unsigned long)id << 38);
	return 0;
}

int vr_kvm_set_dirty_logging(struct kvm *kvm, u32 id, bool on)
{
	struct kvm_memory_slot *slot;

	if (id >= VR_KVM_MEMSLOTS || !kvm->memslots[id].npages)
		return -EINVAL;
	slot = &kvm->memslots[id];
	if (on == !!(slot->flags & KVM_MEM_LOG_DIRTY_PAGES))
		return 0;
	if (!on) {
		kfree(slot->dirty_bitmap);
		slot->dirty_bitmap = NULL;
		slot->flags &= ~KVM_MEM_LOG_DIRTY_PAGES;
		return 0;
	}
	slot->dirty_bitmap = kcalloc(VR_BITS_TO_LONGS(slot->npages), sizeof(long), GFP_KERNEL);
	if (!slot->dirty_bitmap)
		return -ENOMEM;
	slot->flags |= KVM_MEM_LOG_DIRTY_PAGES;
	/* kvm_mmu_slot_remove_write_access(), then flush what it protected. */
	if (vr_kvm_write_protect_range(kvm, slot->base_gfn, slot->base_gfn + slot->npages)) {
		if (kvm->profile->memslot_flush_range)
			kvm_flush_remote_tlbs_with_address(kvm, slot->base_gfn, slot->npages);
		else
			kvm_flush_remote_tlbs(kvm);
	}
	return 0;
}

/*
 * KVM's EPT-violation handler, reduced to the direct map: a write to a
 * page write-protected for dirty logging gets its write access back and
 * is logged (fast_page_fault); anything else in a memslot is mapped with
 * full rights at the size of the leaf already there, or 4K.
 */
static int handle_ept_violation(struct kvm *kvm, gfn_t gfn, u8 access)
{
	struct kvm_memory_slot *slot = vr_kvm_slot_of_gfn(kvm, gfn);
	struct kvm_vcpu *vcpu = &kvm->vcpus[0];
	struct vr_ept_walk w;
	int level = PT_PAGE_TABLE_LEVEL;
	u8 alias = 0;

	if (!slot)
		return 0;
	if (vcpu->root) {
		memset(&w, 0, sizeof(w));
		vr_ept_walk_from(kvm->host, vcpu->root->spt, kvm->cfg.levels, VMX_EPT_RWX_MASK,
				 gfn << 12, 0, false, &kvm->ept, &w);
		if (w.fault == VR_EPT_OK) {
			level = w.level;
			alias = (u8)((w.hpa - VR_MMU_RAM_BASE) >> VR_MMU_ALIAS_SHIFT);
		}
	}
	vr_kvm_explain(kvm, "EPT violation at gfn 0x%llx (access %u): KVM maps it",
		       (unsigned long long)gfn, access);
	return vr_kvm_map(kvm, gfn, level, VMX_EPT_RWX_MASK, alias);
}

int vr_kvm_access(struct kvm *kvm, int v, gfn_t gfn, u8 access, bool handle,
		  struct vr_ept_walk *w, bool *hit)
{
	struct kvm_vcpu *vcpu;
	int attempt, ret;

	if (v < 0 || v >= kvm->created_vcpus || !access || (access & ~VMX_EPT_RWX_MASK))
		return -EINVAL;
	vcpu = &kvm->vcpus[v];
	*hit = false;
	for (attempt = 0; attempt < 2; attempt++) {
		const struct vr_tlb_entry *e, *psc;
		u64 eptp, ep4ta;

		ret = vr_kvm_vcpu_load_root(vcpu);
		if (ret)
			return ret;
		eptp = vr_kvm_vcpu_eptp(vcpu);
		ep4ta = eptp & ~0xfffull;
		memset(w, 0, sizeof(*w));
		e = vr_tlb_lookup(&kvm->tlb, ep4ta, gfn);
		if (e && (e->perm & access) == access) {
			w->fault = VR_EPT_OK;
			w->level = e->level;
			w->perm = e->perm;
			w->memtype = e->memtype;
			w->ipat = e->ipat;
			w->hpa = e->hpa + ((gfn - e->gfn) << 12);
			*hit = attempt == 0;
			return 0;
		}
		/* A cached entry that forbids the access is dropped and re-walked. */
		if (e)
			vr_tlb_drop(&kvm->tlb, e);
		psc = kvm->tlb.psc ? vr_tlb_lookup_psc(&kvm->tlb, ep4ta, gfn) : NULL;
		if (psc)
			vr_ept_walk_from(kvm->host, psc->hpa, psc->level - 1, psc->perm, gfn << 12,
					 access, true, &kvm->ept, w);
		else
			vr_ept_walk(kvm->host, eptp, gfn << 12, access, true, &kvm->ept, w);
		if (w->fault == VR_EPT_OK) {
			vr_tlb_fill(&kvm->tlb, eptp, gfn << 12, w);
			if (kvm->cfg.prefetch)
				vr_tlb_prefetch(&kvm->tlb, kvm->host, &kvm->ept, eptp, gfn << 12, w);
			return 0;
		}
		if (!handle || attempt || w->fault != VR_EPT_VIOLATION)
			return 0;
		ret = handle_ept_violation(kvm, gfn, access);
		if (ret)
			return ret;
	}
	return 0;
}
