/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The PASID table entry readers later kernels keep in the PASID header,
 * for every generation of the PASID code.
 *
 * mirrors: torvalds/linux drivers/iommu/intel/pasid.h at mainline
 *          (pasid_pte_is_present(), pasid_pte_get_pgtt())
 */
#ifndef VIRTREF_IOMMU_PASID_H
#define VIRTREF_IOMMU_PASID_H

#include <virtref/linux/compiler.h>
#include <virtref/iommu/intel-pasid.h>

static inline bool pasid_pte_is_present(struct pasid_entry *pte)
{
	return READ_ONCE(pte->val[0]) & PASID_PTE_PRESENT;
}

/* PGTT: bits 8:6. */
static inline u16 pasid_pte_get_pgtt(struct pasid_entry *pte)
{
	return (u16)((READ_ONCE(pte->val[0]) >> 6) & 0x7);
}

#endif
