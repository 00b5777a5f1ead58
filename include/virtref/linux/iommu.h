/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Stands in for include/linux/iommu.h: the protection flags vfio.h's pins take. */
#ifndef VIRTREF_LINUX_IOMMU_H
#define VIRTREF_LINUX_IOMMU_H

#define IOMMU_READ (1 << 0)
#define IOMMU_WRITE (1 << 1)
#define IOMMU_CACHE (1 << 2)
#define IOMMU_NOEXEC (1 << 3)

#endif
