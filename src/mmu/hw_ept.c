/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The architectural EPT walk (Intel SDM vol. 3, "EPT"; bit positions as in
 * torvalds/linux arch/x86/include/asm/vmx.h).
 */
#include <string.h>
#include <virtref/mem.h>
#include <virtref/mmu/hw.h>
#include <virtref/mmu/hw_hyperv.h>

#include "mmu/hw_internal.h"

u64 vri_mmu_ept_read_slow(struct vr_mem *mem, struct vri_mmu_ept_memo *memo, int level, u64 addr)
{
	uint64_t v;

	if (!memo) {
		if (vr_mem_read_le64(mem, addr, &v))
			return ~0ull;
		return v;
	}
	memo->page[level] = vr_mem_page(mem, addr & ~0xfffull);
	memo->table[level] = addr & ~0xfffull;
	memo->valid[level] = true;
	return vri_mmu_ept_entry_at(memo->page[level], addr);
}

static bool ept_present(u64 e)
{
	return (e & VMX_EPT_RWX_MASK) != 0;
}

u64 vri_mmu_ept_addr(u64 e, int level, u8 maxphyaddr)
{
	u64 mask = GENMASK_ULL(maxphyaddr - 1, 12);

	if (vri_mmu_ept_is_leaf(e, level) && level > 1)
		mask &= ~GENMASK_ULL(9 * (level - 1) + 11, 12);
	return e & mask;
}

static void ept_walk(struct vr_mem *mem, struct vri_mmu_ept_memo *memo, u64 table, int level,
		     u8 perm, u64 gpa, u8 access, bool update_ad, const struct vr_mmu_ept_cfg *cfg,
		     struct vr_mmu_ept_walk *w)
{
	w->top = (u8)level;
	w->top_perm = perm;
	for (;; level--) {
		u64 idx = (gpa >> (12 + 9 * (level - 1))) & 511;
		u64 addr = table + idx * 8;
		u64 e = vri_mmu_ept_read_memo(mem, memo, level, addr);

		w->table[level] = table;
		w->entry[level] = e;
		w->level = (u8)level;
		if (!ept_present(e)) {
			w->fault = VR_MMU_EPT_VIOLATION;
			return;
		}
		if (vri_mmu_ept_misconfigured(e, level, cfg)) {
			w->fault = VR_MMU_EPT_MISCONFIG;
			return;
		}
		perm &= (u8)(e & VMX_EPT_RWX_MASK);
		if (update_ad && !(e & VMX_EPT_ACCESS_BIT)) {
			/* The processor sets A on every entry it uses. */
			e |= VMX_EPT_ACCESS_BIT;
			vr_mem_write_le64(mem, addr, e);
			w->entry[level] = e;
		}
		if (vri_mmu_ept_is_leaf(e, level))
			break;
		table = vri_mmu_ept_addr(e, level, cfg->maxphyaddr);
	}
	w->perm = perm;
	w->memtype = (u8)((w->entry[level] & VMX_EPT_MT_MASK) >> VMX_EPT_MT_EPTE_SHIFT);
	w->ipat = (w->entry[level] & VMX_EPT_IPAT_BIT) != 0;
	w->hpa = vri_mmu_ept_addr(w->entry[level], level, cfg->maxphyaddr) |
		 (gpa & (VR_MMU_EPT_LEVEL_PAGES(level) * 4096 - 1));
	if ((access & perm) != access) {
		w->fault = VR_MMU_EPT_VIOLATION;
		return;
	}
	if (update_ad && (access & VMX_EPT_WRITABLE_MASK) &&
	    !(w->entry[level] & VMX_EPT_DIRTY_BIT)) {
		w->entry[level] |= VMX_EPT_DIRTY_BIT;
		vr_mem_write_le64(mem,
				  w->table[level] + ((gpa >> (12 + 9 * (level - 1))) & 511) * 8,
				  w->entry[level]);
	}
	w->fault = VR_MMU_EPT_OK;
}

int vri_mmu_ept_walk_from(struct vr_mem *mem, u64 table, int level, u8 perm, u64 gpa, u8 access,
			  bool update_ad, const struct vr_mmu_ept_cfg *cfg,
			  struct vr_mmu_ept_walk *w)
{
	ept_walk(mem, NULL, table, level, perm, gpa, access, update_ad, cfg, w);
	return 0;
}

void vri_mmu_ept_walk_memo(struct vr_mem *mem, struct vri_mmu_ept_memo *memo, u64 table, int level,
			   u8 perm, u64 gpa, const struct vr_mmu_ept_cfg *cfg,
			   struct vr_mmu_ept_walk *w)
{
	ept_walk(mem, memo, table, level, perm, gpa, 0, false, cfg, w);
}

int vri_mmu_eptp_levels(u64 eptp)
{
	u64 pwl = (eptp & VMX_EPTP_PWL_MASK);

	if (pwl == VMX_EPTP_PWL_4)
		return 4;
	if (pwl == VMX_EPTP_PWL_5)
		return 5;
	return -EINVAL;
}

int vr_mmu_ept_walk(struct vr_mem *mem, u64 eptp, u64 gpa, u8 access, bool update_ad,
		    const struct vr_mmu_ept_cfg *cfg, struct vr_mmu_ept_walk *w)
{
	int levels = vri_mmu_eptp_levels(eptp);

	memset(w, 0, sizeof(*w));
	if (levels < 0)
		return levels;
	update_ad = update_ad && (eptp & VMX_EPTP_AD_ENABLE_BIT);
	return vri_mmu_ept_walk_from(mem, eptp & ~0xfffull & GENMASK_ULL(cfg->maxphyaddr - 1, 0),
				     levels, VMX_EPT_RWX_MASK, gpa, access, update_ad, cfg, w);
}
