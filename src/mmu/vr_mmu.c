/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The mmu model's instance: construction, memslots, a guest access (the
 * processor's path, then KVM's fault handler) and inspection.  Named
 * after struct vr_mmu because mmu.c is the kernel's arch/x86/kvm/mmu/mmu.c.
 */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/mem.h>
#include <virtref/linux/slab.h>

#include "mmu/mmu_internal.h"

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

void vr_mmu_destroy(struct vr_mmu *mmu)
{
	struct kvm_mmu_page *sp, *nsp;
	struct kvm *kvm;
	int i;

	if (!mmu)
		return;
	kvm = &mmu->kvm;
	list_for_each_entry_safe(sp, nsp, &kvm->active_mmu_pages, link) {
		list_del(&sp->link);
		kfree(sp);
	}
	for (i = 0; i < VR_MMU_MEMSLOTS; i++)
		kvfree(kvm->memslots[i].dirty_bitmap);
	vr_mmu_tlb_destroy(&kvm->tlb);
	kfree(kvm->pool_owner);
	kfree(kvm->pool_free);
	kfree(kvm->input);
	if (kvm->host)
		vr_mem_destroy(kvm->host);
	kfree(mmu);
}

int vr_mmu_create(const struct vr_mmu_config *cfg, struct vr_mmu **out)
{
	struct vr_mmu *mmu;
	struct kvm *kvm;
	u32 i;

	if (cfg->profile >= VR_MMU_NR_PROFILES || (cfg->levels != 4 && cfg->levels != 5) ||
	    cfg->vcpus < 1 || cfg->vcpus > VR_MMU_MAX_VCPUS || !cfg->tlb_entries ||
	    cfg->table_pages < 8 || cfg->table_pages > 65536 ||
	    cfg->slot0_pages > VR_MMU_MAX_SLOT_PAGES || cfg->reps_per_call > 4095)
		return -EINVAL;
	mmu = kzalloc(sizeof(*mmu), GFP_KERNEL);
	if (!mmu)
		return -ENOMEM;
	kvm = &mmu->kvm;
	INIT_LIST_HEAD(&kvm->active_mmu_pages);
	kvm->cfg = *cfg;
	mmu->profile = vri_mmu_profiles[cfg->profile];
	if (!cfg->last_level_filter)
		mmu->profile.rules.last_level_filter = false;
	if (cfg->legacy_rep_count)
		mmu->profile.max_flush_rep_count = VR_MMU_HV_LEGACY_MAX_FLUSH_REP_COUNT;
	kvm->profile = &mmu->profile;
	/* hardware_setup(): the Hyper-V hooks only when L0 offers the flushes. */
	kvm->x86_ops = cfg->nested_flush ? kvm->profile->x86_ops : &vri_mmu_vmx_x86_ops;
	kvm->ept.maxphyaddr = 46;
	kvm->ept.exec_only = true;
	kvm->host = vr_mem_create("host");
	kvm->input = kzalloc(sizeof(*kvm->input), GFP_KERNEL);
	kvm->pool_owner = kcalloc(cfg->table_pages, sizeof(*kvm->pool_owner), GFP_KERNEL);
	kvm->pool_free = kcalloc(cfg->table_pages, sizeof(*kvm->pool_free), GFP_KERNEL);
	if (!kvm->host || !kvm->input || !kvm->pool_owner || !kvm->pool_free ||
	    vr_mmu_tlb_init(&kvm->tlb, cfg->tlb_entries, cfg->psc)) {
		vr_mmu_destroy(mmu);
		return -ENOMEM;
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
	kvm->cpu.max_flush_rep_count = mmu->profile.max_flush_rep_count;
	kvm->created_vcpus = cfg->vcpus;
	for (i = 0; i < cfg->vcpus; i++) {
		kvm->vcpus[i].kvm = kvm;
		kvm->vcpus[i].vcpu_id = (int)i;
		kvm->vcpus[i].ept_pointer = INVALID_PAGE;
		kvm->vcpus[i].arch.hv_root_tdp = INVALID_PAGE;
	}
	kvm->ept_pointers_match = EPT_POINTERS_CHECK;
	kvm->arch.hv_root_tdp = INVALID_PAGE;
	spin_lock_init(&kvm->arch.hv_root_tdp_lock);
	if (cfg->slot0_pages) {
		kvm->memslots[0].npages = cfg->slot0_pages;
		kvm->memslots[0].userspace_addr = VR_MMU_HVA_BASE;
	}
	*out = mmu;
	return 0;
}

int vr_mmu_set_memslot(struct vr_mmu *mmu, u32 id, gfn_t base_gfn, unsigned long npages, u32 flags)
{
	struct kvm *kvm = &mmu->kvm;
	struct kvm_memory_slot *slot;
	int i;

	if (id >= VR_MMU_MEMSLOTS || !npages || npages > VR_MMU_MAX_SLOT_PAGES ||
	    (flags & ~KVM_MEM_LOG_DIRTY_PAGES) || base_gfn >> (9 * kvm->cfg.levels) ||
	    (base_gfn + npages - 1) >> (9 * kvm->cfg.levels))
		return -EINVAL;
	for (i = 0; i < VR_MMU_MEMSLOTS; i++) {
		const struct kvm_memory_slot *s = &kvm->memslots[i];

		if (!s->npages)
			continue;
		if ((u32)i == id ||
		    (base_gfn < s->base_gfn + s->npages && s->base_gfn < base_gfn + npages))
			return -EEXIST;
	}
	slot = &kvm->memslots[id];
	if (flags & KVM_MEM_LOG_DIRTY_PAGES) {
		slot->dirty_bitmap = kvcalloc(VR_BITS_TO_LONGS(npages), sizeof(long), GFP_KERNEL);
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

int vr_mmu_set_dirty_logging(struct vr_mmu *mmu, u32 id, bool on)
{
	struct kvm *kvm = &mmu->kvm;
	struct kvm_memory_slot *slot;

	if (id >= VR_MMU_MEMSLOTS || !kvm->memslots[id].npages)
		return -EINVAL;
	slot = &kvm->memslots[id];
	if (on == !!(slot->flags & KVM_MEM_LOG_DIRTY_PAGES))
		return 0;
	if (!on) {
		kvfree(slot->dirty_bitmap);
		slot->dirty_bitmap = NULL;
		slot->flags &= ~KVM_MEM_LOG_DIRTY_PAGES;
		return 0;
	}
	slot->dirty_bitmap = kvcalloc(VR_BITS_TO_LONGS(slot->npages), sizeof(long), GFP_KERNEL);
	if (!slot->dirty_bitmap)
		return -ENOMEM;
	slot->flags |= KVM_MEM_LOG_DIRTY_PAGES;
	/* kvm_mmu_slot_apply_flags(): protect everything, flush what changed. */
	kvm_mmu_slot_remove_write_access(kvm, slot);
	return 0;
}

int vr_mmu_access(struct vr_mmu *mmu, int v, gfn_t gfn, u8 access, bool handle,
		  struct vr_mmu_ept_walk *w, bool *hit)
{
	struct kvm *kvm = &mmu->kvm;
	struct kvm_vcpu *vcpu;
	int attempt, ret;

	if (v < 0 || v >= kvm->created_vcpus || !access || (access & ~VMX_EPT_RWX_MASK))
		return -EINVAL;
	vcpu = &kvm->vcpus[v];
	*hit = false;
	for (attempt = 0; attempt < 2; attempt++) {
		/* VM entry: the root is loaded, then the guest runs. */
		ret = kvm_mmu_load(vcpu);
		if (ret)
			return ret;
		if (vri_mmu_cpu_access(&kvm->tlb, kvm->host, &kvm->ept, kvm->cfg.prefetch,
				       vri_mmu_vcpu_eptp(vcpu), gfn, access, w)) {
			*hit = attempt == 0;
			return 0;
		}
		if (w->fault == VR_MMU_EPT_OK || !handle || attempt ||
		    w->fault != VR_MMU_EPT_VIOLATION)
			return 0;
		/*
		 * The VM exit: KVM handles the violation, the guest retries.  A
		 * gfn whose address does not fit a gpa is in no memslot: KVM
		 * would map nothing.
		 */
		if (gfn >> 52)
			continue;
		ret = handle_ept_violation(vcpu, gfn << 12, access);
		if (ret)
			return ret;
	}
	return 0;
}

int vr_mmu_vcpu_load(struct vr_mmu *mmu, int v)
{
	if (v < 0 || v >= mmu->kvm.created_vcpus)
		return -EINVAL;
	return kvm_mmu_load(&mmu->kvm.vcpus[v]);
}

u64 vr_mmu_vcpu_eptp(struct vr_mmu *mmu, int v)
{
	if (v < 0 || v >= mmu->kvm.created_vcpus)
		return 0;
	return vri_mmu_vcpu_eptp(&mmu->kvm.vcpus[v]);
}

int vr_mmu_map(struct vr_mmu *mmu, gfn_t gfn, int level, u8 access, u8 alias)
{
	if (level < PT_PAGE_TABLE_LEVEL || level > PT_PDPE_LEVEL || !access ||
	    (access & ~VMX_EPT_RWX_MASK) ||
	    ((access & VMX_EPT_WRITABLE_MASK) && !(access & VMX_EPT_READABLE_MASK)) || alias > 15)
		return -EINVAL;
	/* Alias n of guest RAM: the same gfns, another range of host frames. */
	return __direct_map(&mmu->kvm, gfn, level, access,
			    (VR_MMU_RAM_BASE + ((u64)alias << VR_MMU_ALIAS_SHIFT)) / 4096 + gfn);
}

struct kvm_mmu_page *vr_mmu_find_sp(struct vr_mmu *mmu, gfn_t gfn, int level)
{
	struct kvm *kvm = &mmu->kvm;
	struct kvm_mmu_page *sp = kvm->vcpus[0].root;

	if (!sp || level < 1 || level > kvm->cfg.levels)
		return NULL;
	while ((int)sp->role.level > level) {
		u32 i = (u32)((gfn >> KVM_HPAGE_GFN_SHIFT(sp->role.level)) & 511);
		u64 e = 0;
		struct kvm_mmu_page *child;

		/* Only a page KVM linked at this very entry, as mmu.c's walks. */
		vr_mem_read_le64(kvm->host, sp->spt + i * 8, &e);
		if (!(e & VMX_EPT_RWX_MASK) || vri_mmu_ept_is_leaf(e, (int)sp->role.level))
			return NULL;
		child = vr_mmu_table_owner(
			kvm, vri_mmu_ept_addr(e, (int)sp->role.level, kvm->ept.maxphyaddr));
		if (!child || child->role.level + 1 != sp->role.level || child->parent != sp ||
		    child->parent_index != i)
			return NULL;
		sp = child;
	}
	return sp;
}

const struct vr_mmu_stats *vr_mmu_stats(const struct vr_mmu *mmu)
{
	return &mmu->kvm.stats;
}

struct vr_mem *vr_mmu_host(struct vr_mmu *mmu)
{
	return mmu->kvm.host;
}

struct vr_mmu_tlb *vr_mmu_tlb(struct vr_mmu *mmu)
{
	return &mmu->kvm.tlb;
}

struct vr_mmu_hv_l0 *vr_mmu_l0(struct vr_mmu *mmu)
{
	return &mmu->kvm.l0;
}

struct kvm *vr_mmu_kvm(struct vr_mmu *mmu)
{
	return &mmu->kvm;
}

struct vr_mmu *vr_mmu_of(struct kvm *kvm)
{
	return kvm ? container_of(kvm, struct vr_mmu, kvm) : NULL;
}
