/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The TLB: guest-physical mappings and paging-structure entries cached
 * per address space (EP4TA), and the stale-translation check.  The
 * invalidation rule (Intel SDM vol. 3C, "Invalidating Cached
 * Translation Information"; docs/mmu.md): a range flush removes every
 * entry whose covered gfns intersect the range, whatever its size.
 *
 * Entries are kept in fill order in one array allocated up front, so no
 * flush and no fill ever allocates; a full TLB evicts its oldest entry,
 * which hardware is free to do.
 */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/mem.h>
#include <virtref/mmu/hw.h>
#include <virtref/mmu/hw_hyperv.h>
#include <virtref/text.h>

#include "mmu/hw_internal.h"

int vr_mmu_tlb_init(struct vr_mmu_tlb *t, u32 cap, bool psc)
{
	memset(t, 0, sizeof(*t));
	if (cap == 0)
		return -EINVAL;
	t->e = vr_calloc(cap, sizeof(*t->e));
	t->memo = vr_calloc(1, sizeof(*t->memo));
	if (!t->e || !t->memo) {
		vr_mmu_tlb_destroy(t);
		return -ENOMEM;
	}
	t->cap = cap;
	t->psc = psc;
	return 0;
}

void vr_mmu_tlb_destroy(struct vr_mmu_tlb *t)
{
	vr_free(t->e);
	vr_free(t->memo);
	memset(t, 0, sizeof(*t));
}

static void tlb_insert(struct vr_mmu_tlb *t, const struct vr_mmu_tlb_entry *ne)
{
	u32 i;

	t->fills++;
	for (i = 0; i < t->n; i++) {
		struct vr_mmu_tlb_entry *e = &t->e[i];

		if (e->ep4ta == ne->ep4ta && e->gfn == ne->gfn && e->level == ne->level &&
		    e->kind == ne->kind) {
			*e = *ne;
			return;
		}
	}
	if (t->n == t->cap) {
		memmove(&t->e[0], &t->e[1], (t->n - 1) * sizeof(t->e[0]));
		t->n--;
		t->evicted++;
	}
	t->e[t->n++] = *ne;
}

void vr_mmu_tlb_fill(struct vr_mmu_tlb *t, u64 eptp, u64 gpa, const struct vr_mmu_ept_walk *w)
{
	int levels = vri_mmu_eptp_levels(eptp);
	u64 ep4ta = eptp & ~0xfffull;
	u64 gfn = gpa >> 12;
	struct vr_mmu_tlb_entry ne;
	u8 perm = w->top_perm;
	int l;

	if (w->fault != VR_MMU_EPT_OK || levels < 0)
		return;
	for (l = w->top; l > w->level; l--) {
		perm &= (u8)(w->entry[l] & VMX_EPT_RWX_MASK);
		if (!t->psc)
			continue;
		memset(&ne, 0, sizeof(ne));
		ne.ep4ta = ep4ta;
		ne.gfn = VR_MMU_EPT_LEVEL_BASE(gfn, l);
		ne.hpa = w->table[l - 1];
		ne.level = (u8)l;
		ne.kind = VR_MMU_TLB_PSC;
		ne.perm = perm;
		ne.walk_levels = (u8)levels;
		tlb_insert(t, &ne);
	}
	memset(&ne, 0, sizeof(ne));
	ne.ep4ta = ep4ta;
	ne.gfn = VR_MMU_EPT_LEVEL_BASE(gfn, w->level);
	ne.hpa = w->hpa & ~(VR_MMU_EPT_LEVEL_PAGES(w->level) * 4096 - 1);
	ne.level = w->level;
	ne.kind = VR_MMU_TLB_LEAF;
	ne.perm = w->perm;
	ne.memtype = w->memtype;
	ne.ipat = w->ipat;
	ne.walk_levels = (u8)levels;
	tlb_insert(t, &ne);
}

void vr_mmu_tlb_prefetch(struct vr_mmu_tlb *t, struct vr_mem *mem, const struct vr_mmu_ept_cfg *cfg,
			 u64 eptp, u64 gpa, const struct vr_mmu_ept_walk *w)
{
	int levels = vri_mmu_eptp_levels(eptp);
	u8 upper = w->top_perm;
	struct vr_mmu_tlb_entry ne;
	u32 i;
	int l;

	if (w->fault != VR_MMU_EPT_OK || w->level != 1 || levels < 0)
		return;
	for (l = w->top; l > 1; l--)
		upper &= (u8)(w->entry[l] & VMX_EPT_RWX_MASK);
	for (i = 0; i < 512; i++) {
		u64 pte = vri_mmu_ept_read_memo(mem, NULL, 1, w->table[1] + (u64)i * 8);

		if (!(pte & VMX_EPT_RWX_MASK) || vri_mmu_ept_misconfigured(pte, 1, cfg))
			continue;
		memset(&ne, 0, sizeof(ne));
		ne.ep4ta = eptp & ~0xfffull;
		ne.gfn = ((gpa >> 12) & ~511ull) | i;
		ne.hpa = vri_mmu_ept_addr(pte, 1, cfg->maxphyaddr);
		ne.level = 1;
		ne.kind = VR_MMU_TLB_LEAF;
		ne.perm = upper & (u8)(pte & VMX_EPT_RWX_MASK);
		ne.memtype = (u8)((pte & VMX_EPT_MT_MASK) >> VMX_EPT_MT_EPTE_SHIFT);
		ne.ipat = (pte & VMX_EPT_IPAT_BIT) != 0;
		ne.walk_levels = (u8)levels;
		tlb_insert(t, &ne);
	}
}

static bool covers(const struct vr_mmu_tlb_entry *e, u64 gfn)
{
	return gfn - e->gfn < VR_MMU_EPT_LEVEL_PAGES(e->level);
}

const struct vr_mmu_tlb_entry *vr_mmu_tlb_lookup(const struct vr_mmu_tlb *t, u64 ep4ta, u64 gfn)
{
	u32 i;

	for (i = 0; i < t->n; i++) {
		const struct vr_mmu_tlb_entry *e = &t->e[i];

		if (e->kind == VR_MMU_TLB_LEAF && e->ep4ta == ep4ta && covers(e, gfn))
			return e;
	}
	return NULL;
}

const struct vr_mmu_tlb_entry *vri_mmu_tlb_lookup_psc(const struct vr_mmu_tlb *t, u64 ep4ta,
						      u64 gfn)
{
	const struct vr_mmu_tlb_entry *best = NULL;
	u32 i;

	for (i = 0; i < t->n; i++) {
		const struct vr_mmu_tlb_entry *e = &t->e[i];

		if (e->kind == VR_MMU_TLB_PSC && e->ep4ta == ep4ta && covers(e, gfn) &&
		    (!best || e->level < best->level))
			best = e;
	}
	return best;
}

void vri_mmu_tlb_drop(struct vr_mmu_tlb *t, const struct vr_mmu_tlb_entry *e)
{
	u32 i = (u32)(e - t->e);

	memmove(&t->e[i], &t->e[i + 1], (t->n - i - 1) * sizeof(t->e[0]));
	t->n--;
}

/* Removes the entries @match selects, keeping fill order. */
static struct vr_mmu_tlb_flush_result tlb_remove(struct vr_mmu_tlb *t, u64 ep4ta, bool any_as,
						 u64 gfn, u64 pages)
{
	struct vr_mmu_tlb_flush_result r = { 0, 0 };
	u64 last = pages ? gfn + pages - 1 : 0;
	u32 i, keep = 0;

	for (i = 0; i < t->n; i++) {
		const struct vr_mmu_tlb_entry *e = &t->e[i];
		bool hit = any_as || e->ep4ta == ep4ta;

		if (hit && pages) {
			u64 e_last = e->gfn + VR_MMU_EPT_LEVEL_PAGES(e->level) - 1;

			/* Intersection of [e->gfn, e_last] and [gfn, last]. */
			hit = e->gfn <= last && gfn <= e_last && last >= gfn;
		}
		if (hit) {
			if (e->kind == VR_MMU_TLB_LEAF)
				r.leaf++;
			else
				r.psc++;
			continue;
		}
		if (keep != i)
			t->e[keep] = *e;
		keep++;
	}
	t->n = keep;
	return r;
}

struct vr_mmu_tlb_flush_result vr_mmu_tlb_flush_context(struct vr_mmu_tlb *t, u64 ep4ta)
{
	return tlb_remove(t, ep4ta, false, 0, 0);
}

struct vr_mmu_tlb_flush_result vr_mmu_tlb_flush_all(struct vr_mmu_tlb *t)
{
	return tlb_remove(t, 0, true, 0, 0);
}

struct vr_mmu_tlb_flush_result vr_mmu_tlb_flush_range(struct vr_mmu_tlb *t, u64 ep4ta, u64 gfn,
						      u64 pages)
{
	struct vr_mmu_tlb_flush_result none = { 0, 0 };

	if (pages == 0)
		return none;
	return tlb_remove(t, ep4ta, false, gfn, pages);
}

/*
 * A 4K leaf in the same 2 MiB region as the last walk: the levels above
 * were just checked, so only the PTE is read (the same rules as the walk).
 */
static const char *pte_stale(const struct vr_mmu_tlb_entry *e, struct vr_mem *mem,
			     struct vri_mmu_ept_memo *memo, const struct vr_mmu_ept_cfg *cfg)
{
	u64 pte = vri_mmu_ept_read_memo(mem, memo, 1, memo->pfx_table + (e->gfn & 511) * 8);

	if (!(pte & VMX_EPT_RWX_MASK))
		return "not present";
	if (vri_mmu_ept_misconfigured(pte, 1, cfg))
		return "misconfigured";
	if ((pte & GENMASK_ULL(cfg->maxphyaddr - 1, 12)) != e->hpa)
		return "maps another frame";
	if (e->perm & ~(memo->pfx_perm & pte & VMX_EPT_RWX_MASK))
		return "rights reduced";
	if (((pte & VMX_EPT_MT_MASK) >> VMX_EPT_MT_EPTE_SHIFT) != e->memtype ||
	    !!(pte & VMX_EPT_IPAT_BIT) != e->ipat)
		return "memory type changed";
	return NULL;
}

/* Why @e no longer matches the current EPT, or NULL when it does. */
const char *vri_mmu_tlb_entry_stale(const struct vr_mmu_tlb_entry *e, struct vr_mem *mem,
				    struct vri_mmu_ept_memo *memo, const struct vr_mmu_ept_cfg *cfg)
{
	struct vr_mmu_ept_walk w;
	u8 perm = VMX_EPT_RWX_MASK;
	int l;

	w.level = 0;
	if (e->kind == VR_MMU_TLB_LEAF && e->level == 1 && memo->pfx_valid &&
	    memo->pfx_ep4ta == e->ep4ta && memo->pfx_levels == e->walk_levels &&
	    memo->pfx_region == e->gfn >> 9)
		return pte_stale(e, mem, memo, cfg);
	vri_mmu_ept_walk_memo(mem, memo, e->ep4ta, e->walk_levels, VMX_EPT_RWX_MASK, e->gfn << 12,
			      cfg, &w);
	/* A walk that got down to a page table serves its region's 4K leaves. */
	memo->pfx_valid = w.level == 1;
	if (memo->pfx_valid) {
		memo->pfx_levels = e->walk_levels;
		memo->pfx_ep4ta = e->ep4ta;
		memo->pfx_region = e->gfn >> 9;
		memo->pfx_table = w.table[1];
		for (l = e->walk_levels; l > 1; l--)
			perm &= (u8)(w.entry[l] & VMX_EPT_RWX_MASK);
		memo->pfx_perm = perm;
		perm = VMX_EPT_RWX_MASK;
	}
	if (e->kind == VR_MMU_TLB_PSC) {
		if (w.level >= e->level && w.fault != VR_MMU_EPT_OK)
			return w.fault == VR_MMU_EPT_MISCONFIG ? "misconfigured" : "not present";
		if (w.level >= e->level)
			return "now a leaf";
		if (w.table[e->level - 1] != e->hpa)
			return "points to another table";
		for (l = e->walk_levels; l >= e->level; l--)
			perm &= (u8)(w.entry[l] & VMX_EPT_RWX_MASK);
		if (e->perm & ~perm)
			return "rights reduced";
		return NULL;
	}
	if (w.fault != VR_MMU_EPT_OK)
		return w.fault == VR_MMU_EPT_MISCONFIG ? "misconfigured" : "not present";
	if (w.level != e->level)
		return "page size changed";
	if ((w.hpa & ~(VR_MMU_EPT_LEVEL_PAGES(w.level) * 4096 - 1)) != e->hpa)
		return "maps another frame";
	if (e->perm & ~w.perm)
		return "rights reduced";
	if (w.memtype != e->memtype || w.ipat != e->ipat)
		return "memory type changed";
	return NULL;
}

static bool is_live(u64 ep4ta, const u64 *live, u32 nlive)
{
	u32 i;

	if (!live)
		return true;
	for (i = 0; i < nlive; i++)
		if (live[i] == ep4ta)
			return true;
	return false;
}

u32 vr_mmu_tlb_check_stale(const struct vr_mmu_tlb *t, struct vr_mem *mem,
			   const struct vr_mmu_ept_cfg *cfg, const u64 *live, u32 nlive,
			   struct vr_text *why)
{
	u32 i, stale = 0;

	vri_mmu_ept_memo_reset(t->memo);
	for (i = 0; i < t->n; i++) {
		const struct vr_mmu_tlb_entry *e = &t->e[i];
		const char *reason;

		if (!is_live(e->ep4ta, live, nlive))
			continue;
		reason = vri_mmu_tlb_entry_stale(e, mem, t->memo, cfg);
		if (!reason)
			continue;
		stale++;
		if (why)
			vr_text_printf(
				why,
				"stale %s entry: EP4TA 0x%llx gfn 0x%llx level %u -> 0x%llx (%s)\n",
				e->kind == VR_MMU_TLB_LEAF ? "leaf" : "paging-structure",
				(unsigned long long)e->ep4ta, (unsigned long long)e->gfn, e->level,
				(unsigned long long)e->hpa, reason);
	}
	return stale;
}
