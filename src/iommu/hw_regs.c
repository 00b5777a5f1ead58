// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The register file of one remapping unit: identification registers from
 * the configuration, the global command register and the status it
 * reports, the root table address, and the fault status, event and
 * recording registers whose behaviour is hw_faults.c's.
 *
 * Source: Intel VT-d Architecture Specification rev. 4.1, 10.4.1-10.4.6
 * (VER, CAP, ECAP, GCMD, GSTS, RTADDR), 10.4.9-10.4.14 (FSTS, FECTL,
 * FEDATA, FEADDR, FEUADDR, FRCD), 10.4.23-10.4.29 (the invalidation
 * queue registers, whose behaviour is hw_qi.c's); QEMU hw/i386/intel_iommu.c
 * vtd_handle_gcmd_write() carries out the same commands.
 */
#include <errno.h>
#include <string.h>
#include "hw_internal.h"

/* Commands hw_regs.c does not carry out yet: persistent ones enable a
 * feature when written as 1, one-shot ones act when written as 1. */
#define GCMD_NOT_MODELLED                                                                          \
	(VR_IOMMU_GCMD_SFL | VR_IOMMU_GCMD_EAFL | VR_IOMMU_GCMD_WBF | VR_IOMMU_GCMD_IRE |          \
	 VR_IOMMU_GCMD_SIRTP | VR_IOMMU_GCMD_CFI)

/* IQA bits 10:3 are reserved (VT-d 10.4.25); IQT holds a slot index in 18:4. */
#define IQA_WRITABLE 0xfffffffffffff807ull

/* RTADDR bits 9:0 are reserved (VT-d 10.4.6) and read as 0. */
#define RTADDR_WRITABLE (VR_IOMMU_RTADDR_RTA_MASK | VR_IOMMU_RTADDR_TTM_MASK)

void vri_iommu_unit_reset(struct vri_iommu_unit *u, u32 ver, u64 cap, u64 ecap,
			  enum vr_iommu_fault_codes codes, bool caching)
{
	memset(u, 0, sizeof(*u));
	u->ver = ver;
	u->cap = cap;
	u->ecap = ecap;
	u->policy = &vri_iommu_fault_policies[codes];
	u->caching = caching;
	u->fectl = VR_IOMMU_FECTL_IM; /* the events are masked out of reset */
	u->iectl = VR_IOMMU_IECTL_IM;
}

static const struct {
	u32 offset;
	unsigned int width;
} regs[] = {
	{ VR_IOMMU_REG_VER, 4 },     { VR_IOMMU_REG_CAP, 8 },	  { VR_IOMMU_REG_ECAP, 8 },
	{ VR_IOMMU_REG_GCMD, 4 },    { VR_IOMMU_REG_GSTS, 4 },	  { VR_IOMMU_REG_RTADDR, 8 },
	{ VR_IOMMU_REG_FSTS, 4 },    { VR_IOMMU_REG_FECTL, 4 },	  { VR_IOMMU_REG_FEDATA, 4 },
	{ VR_IOMMU_REG_FEADDR, 4 },  { VR_IOMMU_REG_FEUADDR, 4 }, { VR_IOMMU_REG_IQH, 8 },
	{ VR_IOMMU_REG_IQT, 8 },     { VR_IOMMU_REG_IQA, 8 },	  { VR_IOMMU_REG_ICS, 4 },
	{ VR_IOMMU_REG_IECTL, 4 },   { VR_IOMMU_REG_IEDATA, 4 },  { VR_IOMMU_REG_IEADDR, 4 },
	{ VR_IOMMU_REG_IEUADDR, 4 },
};

/*
 * The register an access of @size at @offset falls in: a 64-bit register
 * (and each half of a 128-bit fault recording register) is accessed whole
 * or as two 32-bit halves, a 32-bit one whole (VT-d 10.2).  *@reg is the
 * register's offset, *@shift the bit position of the access in it.
 */
static int find_reg(const struct vri_iommu_unit *u, u32 offset, unsigned int size, u32 *reg,
		    unsigned int *shift)
{
	unsigned int i;

	if ((size != 4 && size != 8) || offset >= VR_IOMMU_REG_SPACE || (offset & (size - 1)))
		return -EINVAL;
	if (vri_iommu_frcd_reg(u, offset)) {
		*reg = offset & ~7u;
		*shift = (offset & 7) * 8;
		return 0;
	}
	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		if (offset < regs[i].offset || offset >= regs[i].offset + regs[i].width)
			continue;
		if (size > regs[i].width)
			return -EINVAL;
		*reg = regs[i].offset;
		*shift = (offset - regs[i].offset) * 8;
		return 0;
	}
	return -EOPNOTSUPP;
}

static u64 reg_value(const struct vri_iommu_unit *u, u32 offset)
{
	if (vri_iommu_frcd_reg(u, offset))
		return vri_iommu_frcd_read(u, offset);
	switch (offset) {
	case VR_IOMMU_REG_VER:
		return u->ver;
	case VR_IOMMU_REG_CAP:
		return u->cap;
	case VR_IOMMU_REG_ECAP:
		return u->ecap;
	case VR_IOMMU_REG_GSTS:
		return u->gsts;
	case VR_IOMMU_REG_RTADDR:
		return u->rtaddr;
	case VR_IOMMU_REG_FSTS:
		return u->fsts;
	case VR_IOMMU_REG_FECTL:
		return u->fectl;
	case VR_IOMMU_REG_FEDATA:
		return u->fedata;
	case VR_IOMMU_REG_FEADDR:
		return u->feaddr;
	case VR_IOMMU_REG_FEUADDR:
		return u->feuaddr;
	case VR_IOMMU_REG_IQH:
		return u->iqh;
	case VR_IOMMU_REG_IQT:
		return u->iqt;
	case VR_IOMMU_REG_IQA:
		return u->iqa;
	case VR_IOMMU_REG_ICS:
		return u->ics;
	case VR_IOMMU_REG_IECTL:
		return u->iectl;
	case VR_IOMMU_REG_IEDATA:
		return u->iedata;
	case VR_IOMMU_REG_IEADDR:
		return u->ieaddr;
	case VR_IOMMU_REG_IEUADDR:
		return u->ieuaddr;
	default: /* GCMD is write-only: reads return 0 */
		return 0;
	}
}

int vri_iommu_unit_read(const struct vri_iommu_unit *u, u32 offset, unsigned int size, u64 *val)
{
	unsigned int shift;
	u32 reg;
	int ret = find_reg(u, offset, size, &reg, &shift);

	if (ret)
		return ret;
	*val = reg_value(u, reg) >> shift;
	if (size == 4)
		*val &= 0xffffffffu;
	return 0;
}

static int write_gcmd(struct vri_iommu_unit *u, u32 cmd)
{
	u32 persistent_changed =
		(cmd ^ u->gsts) & (VR_IOMMU_GCMD_EAFL | VR_IOMMU_GCMD_QIE | VR_IOMMU_GCMD_IRE |
				   VR_IOMMU_GCMD_CFI | VR_IOMMU_GCMD_TE);
	u32 one_shot = cmd & (VR_IOMMU_GCMD_SFL | VR_IOMMU_GCMD_WBF | VR_IOMMU_GCMD_SIRTP);

	if ((persistent_changed | one_shot) & GCMD_NOT_MODELLED)
		return -EOPNOTSUPP;
	if (cmd & VR_IOMMU_GCMD_SRTP) {
		u->rtaddr_active = u->rtaddr;
		u->gsts |= VR_IOMMU_GSTS_RTPS;
	}
	/* A new root table or translation switched: software has to invalidate again. */
	if ((cmd & VR_IOMMU_GCMD_SRTP) || (persistent_changed & VR_IOMMU_GCMD_TE))
		u->flushed = false;
	if (cmd & VR_IOMMU_GCMD_TE)
		u->gsts |= VR_IOMMU_GSTS_TES;
	else
		u->gsts &= ~VR_IOMMU_GSTS_TES;
	if ((persistent_changed & VR_IOMMU_GCMD_QIE) && (u->ecap & VR_IOMMU_ECAP_QI))
		vri_iommu_qi_enable(u, (cmd & VR_IOMMU_GCMD_QIE) != 0);
	return 0;
}

int vri_iommu_unit_write(struct vri_iommu_unit *u, struct vr_mem *mem, u32 offset,
			 unsigned int size, u64 val)
{
	unsigned int shift;
	u64 mask;
	u32 reg;
	int ret = find_reg(u, offset, size, &reg, &shift);
	bool eim = (u->ecap & VR_IOMMU_ECAP_EIM) != 0;

	if (ret)
		return ret;
	mask = (size == 8 ? ~0ull : 0xffffffffull) << shift;
	if (vri_iommu_frcd_reg(u, reg)) {
		vri_iommu_frcd_write(u, reg, val << shift, mask);
		return 0;
	}
	switch (reg) {
	case VR_IOMMU_REG_GCMD:
		return write_gcmd(u, (u32)val);
	case VR_IOMMU_REG_RTADDR:
		u->rtaddr = (u->rtaddr & ~mask) | ((val << shift) & mask & RTADDR_WRITABLE);
		return 0;
	case VR_IOMMU_REG_FSTS:
		vri_iommu_fsts_write(u, mem, (u32)val);
		return 0;
	case VR_IOMMU_REG_IQT:
		u->iqt = (u->iqt & ~mask) | ((val << shift) & mask & VR_IOMMU_IQ_INDEX_MASK);
		vri_iommu_qi_run(u, mem);
		return 0;
	case VR_IOMMU_REG_IQA:
		u->iqa = (u->iqa & ~mask) | ((val << shift) & mask & IQA_WRITABLE);
		return 0;
	case VR_IOMMU_REG_ICS:
		vri_iommu_ics_write(u, (u32)val);
		return 0;
	case VR_IOMMU_REG_IECTL:
		vri_iommu_event_ctl_write(&u->iectl, &u->inv_events, (u32)val);
		return 0;
	case VR_IOMMU_REG_IEDATA:
		u->iedata = (u32)val & (eim ? 0xffffffffu : 0xffffu);
		return 0;
	case VR_IOMMU_REG_IEADDR:
		u->ieaddr = (u32)val & 0xfffffffcu;
		return 0;
	case VR_IOMMU_REG_IEUADDR:
		u->ieuaddr = eim ? (u32)val : 0;
		return 0;
	case VR_IOMMU_REG_FECTL:
		vri_iommu_event_ctl_write(&u->fectl, &u->fault_events, (u32)val);
		return 0;
	case VR_IOMMU_REG_FEDATA: /* EIMD 31:16 only in extended interrupt mode */
		u->fedata = (u32)val & (eim ? 0xffffffffu : 0xffffu);
		return 0;
	case VR_IOMMU_REG_FEADDR: /* bits 1:0 reserved */
		u->feaddr = (u32)val & 0xfffffffcu;
		return 0;
	case VR_IOMMU_REG_FEUADDR:
		u->feuaddr = eim ? (u32)val : 0;
		return 0;
	default: /* read-only: the write is ignored */
		return 0;
	}
}
