/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The configuration space of one PCI Express function as the IOMMU
 * model's devices have it: a type 0 header with the vendor and device
 * ids, and the extended capabilities a DMA remapping driver probes.
 */
#ifndef VIRTREF_SRC_IOMMU_HW_PCI_H
#define VIRTREF_SRC_IOMMU_HW_PCI_H

#include <virtref/iommu.h>

#define VRI_PCI_CFG_SIZE 4096

struct vri_pci_cfg {
	u8 space[VRI_PCI_CFG_SIZE];
	u16 pasid, ats, pri; /* capability offsets, 0 when absent */
};

void vri_pci_cfg_build(struct vri_pci_cfg *c, const struct vr_iommu_pci_config *pc);
/* @size 1, 2 or 4 and @where aligned to it, inside the space; else false. */
bool vri_pci_cfg_read(const struct vri_pci_cfg *c, u32 where, unsigned int size, u32 *val);
bool vri_pci_cfg_write(struct vri_pci_cfg *c, u32 where, unsigned int size, u32 val);

#endif
