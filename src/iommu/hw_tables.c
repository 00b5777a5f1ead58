// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The scalable-mode tables a translation reads before the page tables:
 * root entry, context entry, PASID directory entry and PASID table
 * entry, each with its present bit, its reserved bits and what makes it
 * invalid.
 *
 * Source: Intel VT-d Architecture Specification rev. 4.1, 9.2 (root
 * entry), 9.4 (scalable-mode context entry), 9.5 (PASID directory entry),
 * 9.6 (PASID table entry) and 7.1.3 (the fault reasons).  QEMU's
 * hw/i386/intel_iommu.c (vtd_get_context_entry_from_root,
 * vtd_get_pdire_from_pdir_table, vtd_get_pe_in_pasid_leaf_table) reads
 * the same entries; it does not check PASID entry reserved bits, hence
 * VR_IOMMU_FAULT_CODES_QEMU skips them.
 */
#include <string.h>
#include <virtref/linux/byteorder.h>
#include <virtref/mem.h>
#include "hw_internal.h"

u64 vri_iommu_above_haw(const struct vri_iommu_unit *u)
{
	unsigned int haw = VR_IOMMU_CAP_MGAW(u->cap);

	return haw >= 64 ? 0 : ~0ull << haw;
}

/*
 * Every table entry is naturally aligned and so lies in one page: one
 * page lookup per entry, its qwords read in place, little-endian (or in
 * the CPU's order where the CPU's kernel code stored them).
 */
int vri_iommu_read_entry(const struct vri_iommu_unit *u, const struct vr_mem *mem, u64 addr,
			 u64 *qw, unsigned int n)
{
	const u8 *page = vr_mem_page(mem, addr);
	unsigned int i;

	if (!page)
		return -1;
	memcpy(qw, page + (addr & (VR_PAGE_SIZE - 1)), 8 * n);
	if (vri_iommu_cpu_order(u, addr))
		return 0;
	for (i = 0; i < n; i++)
		qw[i] = le64_to_cpu(qw[i]);
	return 0;
}

int vri_iommu_write_u64(const struct vri_iommu_unit *u, struct vr_mem *mem, u64 addr, u64 v)
{
	if (vri_iommu_cpu_order(u, addr))
		return vr_mem_write(mem, addr, &v, sizeof(v));
	return vr_mem_write_le64(mem, addr, v);
}

int vri_iommu_write_u32(const struct vri_iommu_unit *u, struct vr_mem *mem, u64 addr, u32 v)
{
	if (vri_iommu_cpu_order(u, addr))
		return vr_mem_write(mem, addr, &v, sizeof(v));
	return vr_mem_write_le32(mem, addr, v);
}

u8 vri_iommu_root_entry(const struct vri_iommu_unit *u, const struct vr_mem *mem, u16 sid, u64 *ctp)
{
	u8 devfn = sid & 0xff;
	u64 addr = (u->rtaddr_active & VR_IOMMU_RTADDR_RTA_MASK) + (u64)(sid >> 8) * 16 +
		   (devfn & 0x80 ? 8 : 0);
	u64 half;

	if (vri_iommu_read_entry(u, mem, addr, &half, 1))
		return VR_IOMMU_FR_ROOT_READ;
	if (!(half & VR_IOMMU_ROOT_P))
		return VR_IOMMU_FR_ROOT_P;
	if (half & (VR_IOMMU_ROOT_RSVD_LOW | vri_iommu_above_haw(u)))
		return VR_IOMMU_FR_ROOT_RSVD;
	*ctp = half & VR_IOMMU_ROOT_CTP_MASK;
	return 0;
}

/* Fields that are reserved because the unit lacks their capability. */
static u64 ctx_rsvd0(const struct vri_iommu_unit *u)
{
	u64 r = VR_IOMMU_CTX_RSVD0 | vri_iommu_above_haw(u);

	if (!(u->ecap & VR_IOMMU_ECAP_DT))
		r |= VR_IOMMU_CTX_DTE;
	if (!(u->ecap & VR_IOMMU_ECAP_PRS))
		r |= VR_IOMMU_CTX_PRE;
	if (!(u->ecap & VR_IOMMU_ECAP_PASID))
		r |= VR_IOMMU_CTX_PASIDE;
	return r;
}

u8 vri_iommu_context_entry(const struct vri_iommu_unit *u, const struct vr_mem *mem, u64 ctp,
			   u8 devfn, struct vr_iommu_context_entry *ce, bool *fpd)
{
	u64 rsvd1 = VR_IOMMU_CTX_RSVD1;

	if (vri_iommu_read_entry(u, mem, ctp + (u64)(devfn & 0x7f) * 32, ce->qw, 4))
		return VR_IOMMU_FR_CTX_READ;
	/* FPD applies to the context entry's own P = 0 fault (QEMU reads it so too). */
	*fpd |= (ce->qw[0] & VR_IOMMU_CTX_FPD) != 0;
	if (!(ce->qw[0] & VR_IOMMU_CTX_P))
		return VR_IOMMU_FR_CTX_P;
	if (!(u->ecap & VR_IOMMU_ECAP_RPS))
		rsvd1 |= 0xfffff; /* RID_PASID: without RPS the unit uses PASID 0 */
	if ((ce->qw[0] & ctx_rsvd0(u)) || (ce->qw[1] & rsvd1) || ce->qw[2] || ce->qw[3])
		return VR_IOMMU_FR_CTX_RSVD;
	return 0;
}

u8 vri_iommu_pasid_dir_entry(const struct vri_iommu_unit *u, const struct vr_mem *mem,
			     const struct vr_iommu_context_entry *ce, u32 pasid, u64 *pde,
			     bool *fpd)
{
	u64 dir = ce->qw[0] & VR_IOMMU_CTX_PASIDDIRPTR_MASK;

	if ((pasid >> 6) >= (1u << (VR_IOMMU_CTX_PDTS(ce->qw[0]) + 7)))
		return VR_IOMMU_FR_PDTS;
	if (vri_iommu_read_entry(u, mem, dir + (u64)(pasid >> 6) * 8, pde, 1))
		return VR_IOMMU_FR_PDE_READ;
	*fpd |= (*pde & VR_IOMMU_PDE_FPD) != 0;
	if (!(*pde & VR_IOMMU_PDE_P))
		return VR_IOMMU_FR_PDE_P;
	if (*pde & (VR_IOMMU_PDE_RSVD_LOW | vri_iommu_above_haw(u)))
		return VR_IOMMU_FR_PDE_RSVD;
	return 0;
}

static bool pgtt_uses_sl(unsigned int pgtt)
{
	return pgtt == VR_IOMMU_PGTT_SL || pgtt == VR_IOMMU_PGTT_NESTED;
}

static bool pgtt_uses_fl(unsigned int pgtt)
{
	return pgtt == VR_IOMMU_PGTT_FL || pgtt == VR_IOMMU_PGTT_NESTED;
}

static bool pe_reserved(const struct vri_iommu_unit *u, const struct vr_iommu_pasid_entry *pe)
{
	unsigned int pgtt = VR_IOMMU_PE_PGTT(pe->qw[0]);
	u64 r0 = VR_IOMMU_PE_RSVD0, r2 = VR_IOMMU_PE_RSVD2;
	unsigned int i;

	if (!(u->ecap & VR_IOMMU_ECAP_SLADS))
		r0 |= VR_IOMMU_PE_SLADE;
	if (pgtt_uses_sl(pgtt))
		r0 |= vri_iommu_above_haw(u);
	if (!(u->ecap & VR_IOMMU_ECAP_SRS))
		r2 |= VR_IOMMU_PE_SRE;
	if (!(u->ecap & VR_IOMMU_ECAP_ERS))
		r2 |= VR_IOMMU_PE_ERE;
	if (pgtt_uses_fl(pgtt))
		r2 |= vri_iommu_above_haw(u);
	if ((pe->qw[0] & r0) || (pe->qw[1] & VR_IOMMU_PE_RSVD1) || (pe->qw[2] & r2))
		return true;
	for (i = 3; i < 8; i++)
		if (pe->qw[i])
			return true;
	return false;
}

/* A PGTT the unit does not support, an AW outside SAGAW, an FLPM without FL5LP. */
static bool pe_invalid(const struct vri_iommu_unit *u, const struct vr_iommu_pasid_entry *pe)
{
	static const u64 needs[8] = {
		[VR_IOMMU_PGTT_FL] = VR_IOMMU_ECAP_FLTS,
		[VR_IOMMU_PGTT_SL] = VR_IOMMU_ECAP_SLTS,
		[VR_IOMMU_PGTT_NESTED] = VR_IOMMU_ECAP_NEST,
		[VR_IOMMU_PGTT_PT] = VR_IOMMU_ECAP_PT,
	};
	unsigned int pgtt = VR_IOMMU_PE_PGTT(pe->qw[0]);
	unsigned int aw = VR_IOMMU_PE_AW(pe->qw[0]);
	unsigned int flpm = VR_IOMMU_PE_FLPM(pe->qw[2]);

	if (!needs[pgtt] || !(u->ecap & needs[pgtt]))
		return true;
	if (pgtt_uses_sl(pgtt) && (aw < 1 || aw > 3 || !(VR_IOMMU_CAP_SAGAW(u->cap) & (1u << aw))))
		return true;
	/* FLPM 01b (5-level) needs CAP.FL5LP, bit 60; 1x is reserved. */
	if (pgtt_uses_fl(pgtt) && (flpm > 1 || (flpm == 1 && !(u->cap & VR_IOMMU_CAP_FL5LP))))
		return true;
	return false;
}

u8 vri_iommu_pasid_entry(const struct vri_iommu_unit *u, const struct vr_mem *mem, u64 pde,
			 u32 pasid, struct vr_iommu_pasid_entry *pe, bool *fpd)
{
	u64 addr = (pde & VR_IOMMU_PDE_PTR_MASK) + (u64)(pasid & 0x3f) * 64;

	if (vri_iommu_read_entry(u, mem, addr, pe->qw, 8))
		return VR_IOMMU_FR_PE_READ;
	*fpd |= (pe->qw[0] & VR_IOMMU_PE_FPD) != 0;
	if (!(pe->qw[0] & VR_IOMMU_PE_P))
		return VR_IOMMU_FR_PE_P;
	if (u->policy->pe_rsvd_checked && pe_reserved(u, pe))
		return VR_IOMMU_FR_PE_RSVD;
	if (pe_invalid(u, pe))
		return VR_IOMMU_FR_PE_INVALID;
	return 0;
}
