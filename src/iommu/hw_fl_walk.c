// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The first-level walk of one input address: IA-32e paging entries, 4 or
 * 5 levels from the PASID entry's FLPTPTR and FLPM, the canonical check,
 * 2 MiB pages and 1 GiB pages where CAP.FL1GP allows them, U/S for user
 * requests, R/W for writes (a supervisor may write read-only pages unless
 * the PASID entry sets WPE), XD for execute requests, and the accessed and
 * dirty bits set in the entries used.
 *
 * Source: Intel VT-d Architecture Specification rev. 4.1, 3.6 (first-stage
 * translation), 9.7 (first-stage paging entries) and 7.1.3 (fault reasons
 * 0x70-0x72, 0x80-0x82, 0x85, 0x90).  QEMU's hw/i386/intel_iommu.c
 * vtd_iova_to_flpte() walks the same way with the reserved masks
 * VTD_FPTE_* of hw/i386/intel_iommu_internal.h and reports an unreadable
 * FLPTPTR table as 0x73 (vri_iommu_fault_policy.fl_root_read).
 */
#include <virtref/mem.h>
#include "hw_internal.h"

/* The canonical form: bits 63..47 (4 levels) or 63..56 (5 levels) equal. */
static bool canonical(u64 addr, unsigned int levels)
{
	unsigned int top = levels == 5 ? 56 : 47;
	u64 high = addr >> top;

	return high == 0 || high == (~0ull >> top);
}

static bool fl_leaf(u64 e, unsigned int level)
{
	return level == 1 || (level <= 3 && (e & VR_IOMMU_FL_PS));
}

static u64 fl_reserved(const struct vri_iommu_unit *u, u64 e, unsigned int level)
{
	u64 r = vri_iommu_above_haw(u) & ~VR_IOMMU_FL_HIGH;

	if (level >= 4 || (level == 3 && !(u->cap & VR_IOMMU_CAP_FL1GP)))
		return r | VR_IOMMU_FL_PS;
	/* A superpage's frame is aligned to its size; bit 12 is PAT. */
	if (level > 1 && (e & VR_IOMMU_FL_PS))
		r |= ((1ull << (12 + 9 * (level - 1))) - 1) & ~0x1fffull;
	return r;
}

static u64 fl_frame(const struct vri_iommu_unit *u, u64 e, unsigned int level)
{
	u64 frame = e & 0x000ffffffffff000ull & ~vri_iommu_above_haw(u);

	return frame & ~((1ull << (12 + 9 * (level - 1))) - 1);
}

u8 vri_iommu_fl_walk(const struct vri_iommu_unit *u, const struct vr_mem *mem,
		     struct vr_mem *mem_ad, const struct vr_iommu_pasid_entry *pe,
		     const struct vr_iommu_dma_request *rq, struct vr_iommu_translation *t,
		     struct vri_iommu_fl_access *acc)
{
	unsigned int levels = VR_IOMMU_PE_FLPM(pe->qw[2]) ? 5 : 4, level;
	u64 table = pe->qw[2] & VR_IOMMU_PE_FLPTPTR_MASK & ~vri_iommu_above_haw(u);
	u64 at[6], e[6];

	if (!canonical(rq->addr, levels))
		return VR_IOMMU_FR_FL_CANONICAL;
	*acc = (struct vri_iommu_fl_access){ .user = true, .exec = true };
	t->perm = VR_IOMMU_SL_R | VR_IOMMU_SL_W;
	for (level = levels;; level--) {
		t->level = (u8)level;
		at[level] = table + VR_IOMMU_SL_INDEX(rq->addr, level) * 8;
		if (vri_iommu_read_entry(u, mem, at[level], &e[level], 1))
			return level == levels ? u->policy->fl_root_read : VR_IOMMU_FR_FL_READ;
		if (!(e[level] & VR_IOMMU_FL_P))
			return VR_IOMMU_FR_FL_P;
		if (e[level] & fl_reserved(u, e[level], level))
			return VR_IOMMU_FR_FL_RSVD;
		if (!(e[level] & VR_IOMMU_FL_RW))
			t->perm &= ~VR_IOMMU_SL_W;
		acc->user &= (e[level] & VR_IOMMU_FL_US) != 0;
		acc->exec &= !(e[level] & VR_IOMMU_FL_XD);
		if (fl_leaf(e[level], level))
			break;
		table = fl_frame(u, e[level], 1);
	}
	if (!vri_iommu_fl_allows(acc, t->perm, pe, rq))
		return !rq->priv && !acc->user	? VR_IOMMU_FR_FL_US
		       : rq->exec && !acc->exec ? VR_IOMMU_FR_FL_XD
						: VR_IOMMU_FR_WRITE;
	/* The unit sets A in every entry it used and D in the leaf of a write. */
	for (unsigned int l = levels; mem_ad && l >= level; l--) {
		u64 set = VR_IOMMU_FL_A | (l == level && rq->write ? VR_IOMMU_FL_D : 0);

		if ((e[l] & set) != set && vri_iommu_write_u64(u, mem_ad, at[l], e[l] | set))
			return VR_IOMMU_FR_FL_AD;
	}
	t->page_shift = (u8)(12 + 9 * (level - 1));
	t->phys = fl_frame(u, e[level], level) | (rq->addr & ((1ull << t->page_shift) - 1));
	return 0;
}

bool vri_iommu_fl_allows(const struct vri_iommu_fl_access *acc, u8 perm,
			 const struct vr_iommu_pasid_entry *pe,
			 const struct vr_iommu_dma_request *rq)
{
	bool wpe = (pe->qw[2] & VR_IOMMU_PE_WPE) != 0;

	if (!rq->priv && !acc->user)
		return false;
	if (rq->exec && !acc->exec)
		return false;
	return !rq->write || (perm & VR_IOMMU_SL_W) || (rq->priv && !wpe);
}
