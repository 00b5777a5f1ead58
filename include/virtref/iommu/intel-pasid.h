/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The Intel driver's PASID name space and per-device PASID tables.
 *
 * mirrors: torvalds/linux drivers/iommu/intel-pasid.h at v5.3
 *          (PASID_RID2PASID, PASID_MIN, PASID_MAX, PASID_PTE_MASK,
 *          PASID_PTE_PRESENT, PDE_PFN_MASK, PASID_PDE_SHIFT,
 *          MAX_NR_PASID_BITS, PASID_FLAG_SUPERVISOR_MODE, struct
 *          pasid_dir_entry, struct pasid_entry, struct pasid_table, the
 *          prototypes, intel_pasid_max_id), plus PASID_ENTRY_PGTT_* of
 *          drivers/iommu/intel/pasid.h (mainline)
 */
#ifndef VIRTREF_IOMMU_INTEL_PASID_H
#define VIRTREF_IOMMU_INTEL_PASID_H

#include <virtref/api.h>
#include <virtref/linux/list.h>
#include <virtref/linux/types.h>
#include <virtref/linux/mm.h>
#include <virtref/iommu/intel-iommu.h>

#define PASID_RID2PASID 0x0
#define PASID_MIN 0x1
#define PASID_MAX 0x100000
#define PASID_PTE_MASK 0x3F
#define PASID_PTE_PRESENT 1
#define PDE_PFN_MASK PAGE_MASK
#define PASID_PDE_SHIFT 6
#define MAX_NR_PASID_BITS 20

#define PASID_FLAG_SUPERVISOR_MODE BIT(0)

#define PASID_ENTRY_PGTT_FL_ONLY (1)
#define PASID_ENTRY_PGTT_SL_ONLY (2)
#define PASID_ENTRY_PGTT_NESTED (3)
#define PASID_ENTRY_PGTT_PT (4)

struct pasid_dir_entry {
	u64 val;
};

struct pasid_entry {
	u64 val[8];
};

/* The representative of a PASID table */
struct pasid_table {
	void *table;	      /* pasid table pointer */
	int order;	      /* page order of pasid table */
	int max_pasid;	      /* max pasid */
	struct list_head dev; /* device list */
};

VR_API int intel_pasid_alloc_id(void *ptr, int start, int end, gfp_t gfp);
VR_API void intel_pasid_free_id(int pasid);
VR_API int intel_pasid_alloc_table(struct device *dev);
VR_API void intel_pasid_free_table(struct device *dev);
VR_API struct pasid_table *intel_pasid_get_table(struct device *dev);
VR_API int intel_pasid_get_dev_max_id(struct device *dev);
VR_API struct pasid_entry *intel_pasid_get_entry(struct device *dev, int pasid);
VR_API int intel_pasid_setup_first_level(struct intel_iommu *iommu, struct device *dev, pgd_t *pgd,
					 int pasid, u16 did, int flags);
VR_API int intel_pasid_setup_second_level(struct intel_iommu *iommu, struct dmar_domain *domain,
					  struct device *dev, int pasid);
VR_API int intel_pasid_setup_pass_through(struct intel_iommu *iommu, struct dmar_domain *domain,
					  struct device *dev, int pasid);
VR_API void intel_pasid_tear_down_entry(struct intel_iommu *iommu, struct device *dev, int pasid);
VR_API void *intel_pasid_lookup_id(int pasid);

/* The PASID space the units share: the narrowest unit's (intel_iommu_init()). */
extern VR_API u32 intel_pasid_max_id;

/*
 * intel_pasid_tear_down_entry() is the generation of the instance's
 * profile: the build names the definitions of src/iommu/intel-pasid.c
 * (v5.3), pasid_5_11.c and pasid.c (mainline) so, as it names a port of
 * either file.
 */
VR_API void vr_iommu_pasid_5_1_tear_down_entry(struct intel_iommu *iommu, struct device *dev,
					       int pasid);
VR_API void vr_iommu_pasid_5_11_tear_down_entry(struct intel_iommu *iommu, struct device *dev,
						int pasid);
VR_API void vr_iommu_pasid_mainline_tear_down_entry(struct intel_iommu *iommu, struct device *dev,
						    int pasid);

#endif
