/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The processor's guest-physical access under EPT: a cached translation
 * when one allows the access, else a walk that may start from a cached
 * paging-structure entry and whose result is cached (Intel SDM vol. 3C,
 * "Caching Translation Information").
 */
#include <string.h>
#include <virtref/mmu/hw.h>

#include "mmu/hw_internal.h"

bool vri_mmu_cpu_access(struct vr_mmu_tlb *tlb, struct vr_mem *mem,
			const struct vr_mmu_ept_cfg *cfg, bool prefetch, u64 eptp, u64 gfn,
			u8 access, struct vr_mmu_ept_walk *w)
{
	u64 ep4ta = eptp & ~0xfffull;
	const struct vr_mmu_tlb_entry *e, *psc;

	memset(w, 0, sizeof(*w));
	e = vr_mmu_tlb_lookup(tlb, ep4ta, gfn);
	if (e && (e->perm & access) == access) {
		w->fault = VR_MMU_EPT_OK;
		w->level = e->level;
		w->perm = e->perm;
		w->memtype = e->memtype;
		w->ipat = e->ipat;
		w->hpa = e->hpa + ((gfn - e->gfn) << 12);
		return true;
	}
	/* A cached entry that forbids the access is dropped and re-walked. */
	if (e)
		vri_mmu_tlb_drop(tlb, e);
	psc = tlb->psc ? vri_mmu_tlb_lookup_psc(tlb, ep4ta, gfn) : NULL;
	if (psc)
		vri_mmu_ept_walk_from(mem, psc->hpa, psc->level - 1, psc->perm, gfn << 12, access,
				      true, cfg, w);
	else
		vr_mmu_ept_walk(mem, eptp, gfn << 12, access, true, cfg, w);
	if (w->fault == VR_MMU_EPT_OK) {
		vr_mmu_tlb_fill(tlb, eptp, gfn << 12, w);
		if (prefetch)
			vr_mmu_tlb_prefetch(tlb, mem, cfg, eptp, gfn << 12, w);
	}
	return false;
}
