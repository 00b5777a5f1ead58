// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The second-level walk of one input address: 3, 4 or 5 levels from the
 * PASID entry's SLPTPTR and AW, 4 KiB leaves and 2 MiB / 1 GiB superpages
 * where CAP.SLLPS allows them, R/W accumulated over every level visited.
 *
 * Source: Intel VT-d Architecture Specification rev. 4.1, 3.7 (second-
 * stage translation), 9.8 (second-stage paging entries) and 7.1.3 (fault
 * reasons 0x78-0x86).  QEMU's hw/i386/intel_iommu.c vtd_iova_to_slpte()
 * walks the same way with the reserved masks VTD_SPTE_* of
 * hw/i386/intel_iommu_internal.h; it tests permission before reserved
 * bits (vri_iommu_fault_policy.sl_perm_first).
 */
#include <virtref/mem.h>
#include "hw_internal.h"

/* Bit 7 (PS) is legal in a PDE with SLLPS bit 0, in a PDPE with bit 1. */
static bool ps_allowed(const struct vri_iommu_unit *u, unsigned int level)
{
	return (level == 2 && (u->cap & VR_IOMMU_CAP_SLLPS_2M)) ||
	       (level == 3 && (u->cap & VR_IOMMU_CAP_SLLPS_1G));
}

/* The address field of an entry: bits HAW-1:12, below the ignored ones. */
static u64 sl_frame(const struct vri_iommu_unit *u, u64 e)
{
	return e & 0x000ffffffffff000ull & ~vri_iommu_above_haw(u);
}

static bool sl_leaf(u64 e, unsigned int level)
{
	return level == 1 || (level <= 3 && (e & VR_IOMMU_SL_PS));
}

/* The reserved bits of a present entry at @level. */
static u64 sl_reserved(const struct vri_iommu_unit *u, u64 e, unsigned int level)
{
	u64 r = vri_iommu_above_haw(u) & ~(VR_IOMMU_SL_IGNORED | VR_IOMMU_SL_TM);

	if (level >= 2 && (e & VR_IOMMU_SL_PS) && !ps_allowed(u, level))
		return r | VR_IOMMU_SL_PS;
	if (!sl_leaf(e, level))
		return r | VR_IOMMU_SL_SNP | VR_IOMMU_SL_TM;
	if (!(u->ecap & VR_IOMMU_ECAP_SC))
		r |= VR_IOMMU_SL_SNP;
	if (!(u->ecap & VR_IOMMU_ECAP_DT))
		r |= VR_IOMMU_SL_TM;
	/* A superpage's frame is aligned to its size. */
	if (level > 1)
		r |= ((1ull << (12 + 9 * (level - 1))) - 1) & ~0xfffull;
	return r;
}

u8 vri_iommu_sl_walk(const struct vri_iommu_unit *u, const struct vr_mem *mem,
		     const struct vr_iommu_pasid_entry *pe, u64 addr, bool write,
		     struct vr_iommu_translation *t)
{
	unsigned int aw = VR_IOMMU_PE_AW(pe->qw[0]), level = aw + 2;
	unsigned int width = 30 + 9 * aw, mgaw = VR_IOMMU_CAP_MGAW(u->cap);
	u64 need = write ? VR_IOMMU_SL_W : VR_IOMMU_SL_R;
	u8 perm_fault = write ? VR_IOMMU_FR_WRITE : VR_IOMMU_FR_READ;
	u64 table = pe->qw[0] & VR_IOMMU_PE_SLPTPTR_MASK;
	u64 perm = VR_IOMMU_SL_R | VR_IOMMU_SL_W;
	u64 e;

	if (mgaw < width)
		width = mgaw;
	if (width < 64 && (addr >> width))
		return VR_IOMMU_FR_INPUT_BEYOND;
	for (;; level--) {
		t->level = (u8)level;
		if (vri_iommu_read_entry(u, mem, table + VR_IOMMU_SL_INDEX(addr, level) * 8, &e, 1))
			return level == aw + 2u ? VR_IOMMU_FR_SL_ROOT_READ : VR_IOMMU_FR_SL_READ;
		/* R = W = 0 is not present: a permission fault, no reserved check. */
		if (!(e & need) && (u->policy->sl_perm_first || !(e & perm)))
			return perm_fault;
		if (e & sl_reserved(u, e, level))
			return VR_IOMMU_FR_SL_RSVD;
		if (!(e & need))
			return perm_fault;
		perm &= e;
		if (sl_leaf(e, level))
			break;
		table = sl_frame(u, e);
	}
	t->page_shift = (u8)(12 + 9 * (level - 1));
	t->perm = (u8)(perm & (VR_IOMMU_SL_R | VR_IOMMU_SL_W));
	t->phys = (sl_frame(u, e) & ~((1ull << t->page_shift) - 1)) |
		  (addr & ((1ull << t->page_shift) - 1));
	return 0;
}
