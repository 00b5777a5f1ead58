// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Kernel generations as data, the only place their names live.
 *
 * Sources: torvalds/linux drivers/iommu/intel-iommu.c and
 * drivers/iommu/intel-pasid.c at v5.1; drivers/iommu/intel/iommu.c and
 * drivers/iommu/intel/pasid.c at v5.11 and at mainline.
 */
#include <virtref/model.h>
#include <virtref/iommu/intel-iommu.h>
#include <virtref/iommu/intel-pasid.h>
#include "iommu_internal.h"

const struct vri_iommu_profile vri_iommu_profiles[VR_IOMMU_NR_PROFILES] = {
	[VR_IOMMU_PROFILE_5_1] = {
		.name = "5.1",
		.summary = "scalable mode and aux domains as first merged",
		.origin = "v5.1: drivers/iommu/intel-iommu.c, drivers/iommu/intel-pasid.c",
		.mdev_iommu_device = true,
		.iommu_ops = &intel_iommu_aux_ops,
		.unmap_bug_on = true,
		.pasid_tear_down_entry = vr_iommu_pasid_5_1_tear_down_entry,
	},
	[VR_IOMMU_PROFILE_5_11] = {
		.name = "5.11",
		.summary = "scalable mode with aux domains, drivers/iommu/intel/",
		.origin = "v5.11: drivers/iommu/intel/iommu.c, drivers/iommu/intel/pasid.c",
		.mdev_iommu_device = true,
		.iommu_ops = &intel_iommu_aux_ops,
		.unmap_bug_on = true,
		.pasid_tear_down_entry = vr_iommu_pasid_5_11_tear_down_entry,
		.iova_to_phys_offset = true,
		.aux_subdevices = true,
	},
	[VR_IOMMU_PROFILE_MAINLINE] = {
		.name = "mainline",
		.summary = "current mainline",
		.origin = "torvalds/linux master: drivers/iommu/intel/iommu.c, "
			  "drivers/iommu/intel/pasid.c",
		/* mdev_get_iommu_device() is gone: mdev groups are emulated. */
		.mdev_iommu_device = false,
		.iommu_ops = &intel_iommu_ops,
		.pasid_tear_down_entry = vr_iommu_pasid_mainline_tear_down_entry,
		.iova_to_phys_offset = true,
		.aux_subdevices = true,
		.attach_errno = true,
		.context_paside = true,
	},
};
_Static_assert(VR_ARRAY_SIZE(vri_iommu_profiles) == VR_IOMMU_NR_PROFILES, "one row per profile");

const char *vr_iommu_profile_name(enum vr_iommu_profile p)
{
	if ((unsigned int)p >= VR_IOMMU_NR_PROFILES)
		return NULL;
	return vri_iommu_profiles[p].name;
}

const struct vri_iommu_profile *vri_iommu_profile_current(void)
{
	struct vr_iommu *x = vri_iommu_current();

	return x ? x->prof : &vri_iommu_profiles[VR_IOMMU_PROFILE_MAINLINE];
}

/* The PASID code's generations share one kernel name; the profile picks. */
void intel_pasid_tear_down_entry(struct intel_iommu *iommu, struct device *dev, int pasid)
{
	vri_iommu_profile_current()->pasid_tear_down_entry(iommu, dev, pasid);
}
