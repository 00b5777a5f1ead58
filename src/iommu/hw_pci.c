// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A PCI Express function's configuration space: the header's ids and the
 * extended capability list from offset 0x100 (PCI Express Base
 * Specification 4.0, 7.6.3): PASID (7.8.8), ATS (10.5.1), PRI (10.5.2)
 * and the designated vendor-specific capability (7.9.6) that Intel's
 * Scalable I/O Virtualization Technical Specification (rev. 1.0, 3.7)
 * defines as DVSEC id 5 of vendor 0x8086.  Reads return the registers;
 * writes reach only the control bits software may set.
 */
#include <string.h>
#include "hw_pci.h"

#define EXT_FIRST 0x100u /* the first extended capability */
#define CAP_STRIDE 0x10
#define PCI_CAP_PASID 0x1bu
#define PCI_CAP_ATS 0x0fu
#define PCI_CAP_PRI 0x13u
#define PCI_CAP_DVSEC 0x23u
#define SIOV_DVSEC_ID 5u
#define SIOV_DVSEC_LEN 0x18u

static void put16(struct vri_pci_cfg *c, u32 at, u16 v)
{
	c->space[at] = (u8)v;
	c->space[at + 1] = (u8)(v >> 8);
}

static void put32(struct vri_pci_cfg *c, u32 at, u32 v)
{
	put16(c, at, (u16)v);
	put16(c, at + 2, (u16)(v >> 16));
}

static u16 get16(const struct vri_pci_cfg *c, u32 at)
{
	return (u16)(c->space[at] | c->space[at + 1] << 8);
}

/* Appends capability @id (version 1) at @at, linking the previous one to it. */
static u32 add_cap(struct vri_pci_cfg *c, u32 *prev, u32 at, u32 id)
{
	if (*prev)
		put32(c, *prev,
		      (c->space[*prev] | (u32)c->space[*prev + 1] << 8) | 1u << 16 | at << 20);
	put32(c, at, id | 1u << 16);
	*prev = at;
	return at;
}

void vri_pci_cfg_build(struct vri_pci_cfg *c, const struct vr_iommu_pci_config *pc)
{
	u32 prev = 0, at = EXT_FIRST;

	memset(c, 0, sizeof(*c));
	put16(c, 0x00, pc->vendor);
	put16(c, 0x02, pc->device);
	if (pc->pasid) {
		c->pasid = (u16)add_cap(c, &prev, at, PCI_CAP_PASID);
		put16(c, at + 4,
		      (u16)((pc->pasid_exec ? 0x02 : 0) | (pc->pasid_priv ? 0x04 : 0) |
			    (u16)(pc->pasid_width & 0x1f) << 8));
		at += CAP_STRIDE;
	}
	if (pc->ats) {
		c->ats = (u16)add_cap(c, &prev, at, PCI_CAP_ATS);
		put16(c, at + 4, (u16)(pc->ats_qdep & 0x1f));
		at += CAP_STRIDE;
	}
	if (pc->pri) {
		c->pri = (u16)add_cap(c, &prev, at, PCI_CAP_PRI);
		put16(c, at + 6, 0x0100); /* Stopped: no request outstanding */
		put32(c, at + 8, pc->pri_max_requests);
		at += CAP_STRIDE;
	}
	if (pc->siov) {
		add_cap(c, &prev, at, PCI_CAP_DVSEC);
		put32(c, at + 4, 0x8086u | SIOV_DVSEC_LEN << 20);
		put16(c, at + 8, SIOV_DVSEC_ID);
	}
}

static bool in_space(u32 where, unsigned int size)
{
	return (size == 1 || size == 2 || size == 4) && !(where & (size - 1)) &&
	       where + size <= VRI_PCI_CFG_SIZE;
}

bool vri_pci_cfg_read(const struct vri_pci_cfg *c, u32 where, unsigned int size, u32 *val)
{
	unsigned int i;

	if (!in_space(where, size))
		return false;
	*val = 0;
	for (i = 0; i < size; i++)
		*val |= (u32)c->space[where + i] << (8 * i);
	return true;
}

/* One 16-bit control register: @mask the bits software may change. */
static void write_ctl(struct vri_pci_cfg *c, u32 reg, u32 where, unsigned int size, u32 val,
		      u16 mask)
{
	u16 now = get16(c, reg), v;

	if (where + size <= reg || where >= reg + 2)
		return;
	v = (u16)((size == 4 && where < reg) ? val >> 16 : val);
	if (size == 1 && where == reg + 1)
		v = (u16)(v << 8 | (now & 0xff));
	else if (size == 1)
		v = (u16)((now & 0xff00) | (v & 0xff));
	put16(c, reg, (u16)((now & ~mask) | (v & mask)));
}

bool vri_pci_cfg_write(struct vri_pci_cfg *c, u32 where, unsigned int size, u32 val)
{
	if (!in_space(where, size))
		return false;
	if (c->pasid)
		write_ctl(c, c->pasid + 6u, where, size, val, 0x0007);
	if (c->ats)
		write_ctl(c, c->ats + 6u, where, size, val, 0x801f);
	if (c->pri) {
		write_ctl(c, c->pri + 4u, where, size, val, 0x0001);
		/* Reset is write-only; Stopped follows Enable (nothing outstanding). */
		put16(c, c->pri + 6u, get16(c, c->pri + 4u) & 1 ? 0 : 0x0100);
		if (where == c->pri + 12u && size == 4)
			put32(c, c->pri + 12u, val);
	}
	return true;
}
