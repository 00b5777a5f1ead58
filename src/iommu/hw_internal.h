/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What the iommu hardware files share: the state of one remapping unit.
 */
#ifndef VIRTREF_SRC_IOMMU_HW_INTERNAL_H
#define VIRTREF_SRC_IOMMU_HW_INTERNAL_H

#include <virtref/iommu/hw.h>

/* GSTS bits of the commands hw_regs.c carries out. */
#define VRI_IOMMU_GSTS_MODELLED (VR_IOMMU_GSTS_TES | VR_IOMMU_GSTS_RTPS)

/* One remapping unit: its registers and what SRTP latched. */
struct vri_iommu_unit {
	u32 ver;
	u64 cap, ecap;
	u32 gsts;
	u64 rtaddr;	   /* as last written */
	u64 rtaddr_active; /* latched by the last SRTP; valid when GSTS.RTPS */
};

/* A unit out of reset with the given identification registers. */
void vri_iommu_unit_reset(struct vri_iommu_unit *u, u32 ver, u64 cap, u64 ecap);
int vri_iommu_unit_read(const struct vri_iommu_unit *u, u32 offset, unsigned int size, u64 *val);
int vri_iommu_unit_write(struct vri_iommu_unit *u, u32 offset, unsigned int size, u64 val);

#endif
