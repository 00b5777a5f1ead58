/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The iommu core's interface: domains, the operations a driver gives its
 * bus, the device feature and aux-domain calls of the seed series, and the
 * PASID attach calls that replaced aux domains.  The core is
 * src/iommu/iommu.c; the Intel driver (src/iommu/intel-iommu.c) fills
 * struct iommu_ops; the mdev core and vfio type1 call the core only.
 *
 * mirrors: torvalds/linux include/linux/iommu.h at v5.3 (struct
 *          iommu_domain, struct iommu_domain_geometry, struct iommu_ops,
 *          struct iommu_iotlb_gather, enum iommu_cap, enum iommu_dev_features, the
 *          __IOMMU_DOMAIN_* bits, IOMMU_DOMAIN_*, IOMMU_MMIO, IOMMU_PRIV,
 *          IOMMU_FAULT_*, the core prototypes), plus from mainline
 *          IOMMU_NO_PASID, IOMMU_DEV_FEAT_IOPF, iommu_attach_device_pasid(),
 *          iommu_detach_device_pasid(), iommu_get_domain_for_dev_pasid()
 *          and the set_dev_pasid and
 *          remove_dev_pasid operations (mainline keeps set_dev_pasid in
 *          struct iommu_domain_ops; here one operations table serves every
 *          profile, and a profile's driver leaves out what its kernel lacks).
 */
#ifndef VIRTREF_IOMMU_IOMMU_H
#define VIRTREF_IOMMU_IOMMU_H

#include <stdbool.h>
#include <stddef.h>
#include <virtref/api.h>
#include <virtref/linux/iommu.h>
#include <virtref/linux/types.h>
#include <virtref/iommu/device.h>

#define IOMMU_MMIO (1 << 4)
#define IOMMU_PRIV (1 << 5)

#define IOMMU_FAULT_READ 0x0
#define IOMMU_FAULT_WRITE 0x1

#define __IOMMU_DOMAIN_PAGING (1U << 0)
#define __IOMMU_DOMAIN_DMA_API (1U << 1)
#define __IOMMU_DOMAIN_PT (1U << 2)

#define IOMMU_DOMAIN_BLOCKED (0U)
#define IOMMU_DOMAIN_IDENTITY (__IOMMU_DOMAIN_PT)
#define IOMMU_DOMAIN_UNMANAGED (__IOMMU_DOMAIN_PAGING)
#define IOMMU_DOMAIN_DMA (__IOMMU_DOMAIN_PAGING | __IOMMU_DOMAIN_DMA_API)

/* The PASID of DMA without a PASID prefix (mainline's name). */
#define IOMMU_NO_PASID (0U)

enum iommu_cap {
	IOMMU_CAP_CACHE_COHERENCY, /* IOMMU_CACHE is supported */
	IOMMU_CAP_INTR_REMAP,	   /* interrupt remapping isolates MSIs */
	IOMMU_CAP_NOEXEC,	   /* IOMMU_NOEXEC is honoured */
};

enum iommu_dev_features {
	IOMMU_DEV_FEAT_AUX,  /* auxiliary domains, at PASID granularity */
	IOMMU_DEV_FEAT_SVA,  /* shared virtual addressing */
	IOMMU_DEV_FEAT_IOPF, /* I/O page faults (mainline) */
};

struct iommu_domain;

typedef int (*iommu_fault_handler_t)(struct iommu_domain *, struct device *, unsigned long, int,
				     void *);

struct iommu_domain_geometry {
	dma_addr_t aperture_start; /* first address that can be mapped */
	dma_addr_t aperture_end;   /* last address that can be mapped */
	bool force_aperture;	   /* DMA only allowed in the aperture */
};

struct iommu_domain {
	unsigned type;
	const struct iommu_ops *ops;
	unsigned long pgsize_bitmap; /* bitmap of the supported page sizes */
	iommu_fault_handler_t handler;
	void *handler_token;
	struct iommu_domain_geometry geometry;
	void *iova_cookie;
};

/* What an unmap left to flush, gathered for iotlb_sync (v5.3). */
struct iommu_iotlb_gather {
	unsigned long start;
	unsigned long end;
	size_t pgsize;
};

struct iommu_ops {
	bool (*capable)(enum iommu_cap);
	struct iommu_domain *(*domain_alloc)(unsigned iommu_domain_type);
	void (*domain_free)(struct iommu_domain *domain);
	int (*attach_dev)(struct iommu_domain *domain, struct device *dev);
	void (*detach_dev)(struct iommu_domain *domain, struct device *dev);
	int (*map)(struct iommu_domain *domain, unsigned long iova, phys_addr_t paddr, size_t size,
		   int prot);
	size_t (*unmap)(struct iommu_domain *domain, unsigned long iova, size_t size,
			struct iommu_iotlb_gather *iotlb_gather);
	void (*flush_iotlb_all)(struct iommu_domain *domain);
	void (*iotlb_sync)(struct iommu_domain *domain, struct iommu_iotlb_gather *iotlb_gather);
	phys_addr_t (*iova_to_phys)(struct iommu_domain *domain, dma_addr_t iova);
	int (*add_device)(struct device *dev);
	void (*remove_device)(struct device *dev);
	struct iommu_group *(*device_group)(struct device *dev);

	/* Per-device features (the seed series). */
	bool (*dev_has_feat)(struct device *dev, enum iommu_dev_features f);
	bool (*dev_feat_enabled)(struct device *dev, enum iommu_dev_features f);
	int (*dev_enable_feat)(struct device *dev, enum iommu_dev_features f);
	int (*dev_disable_feat)(struct device *dev, enum iommu_dev_features f);

	/* Auxiliary domains (the seed series; removed before mainline). */
	int (*aux_attach_dev)(struct iommu_domain *domain, struct device *dev);
	void (*aux_detach_dev)(struct iommu_domain *domain, struct device *dev);
	int (*aux_get_pasid)(struct iommu_domain *domain, struct device *dev);

	/* PASID attach (mainline). */
	int (*set_dev_pasid)(struct iommu_domain *domain, struct device *dev, u32 pasid);
	void (*remove_dev_pasid)(struct device *dev, u32 pasid);

	unsigned long pgsize_bitmap;
};

/* The core: src/iommu/iommu.c. */
VR_API bool iommu_present(struct bus_type *bus);
VR_API bool iommu_capable(struct bus_type *bus, enum iommu_cap cap);
VR_API int bus_set_iommu(struct bus_type *bus, const struct iommu_ops *ops);
VR_API int iommu_probe_device(struct device *dev);
VR_API void iommu_release_device(struct device *dev);
VR_API struct iommu_domain *iommu_domain_alloc(struct bus_type *bus);
VR_API void iommu_domain_free(struct iommu_domain *domain);
VR_API int iommu_attach_device(struct iommu_domain *domain, struct device *dev);
VR_API void iommu_detach_device(struct iommu_domain *domain, struct device *dev);
VR_API struct iommu_domain *iommu_get_domain_for_dev(struct device *dev);
VR_API int iommu_map(struct iommu_domain *domain, unsigned long iova, phys_addr_t paddr,
		     size_t size, int prot);
VR_API size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova, size_t size);
VR_API phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova);

VR_API struct iommu_group *iommu_group_alloc(void);
VR_API struct iommu_group *iommu_group_get(struct device *dev);
VR_API void iommu_group_put(struct iommu_group *group);
VR_API int iommu_group_add_device(struct iommu_group *group, struct device *dev);
VR_API void iommu_group_remove_device(struct device *dev);
VR_API struct iommu_group *iommu_group_get_for_dev(struct device *dev);
VR_API struct iommu_group *generic_device_group(struct device *dev);
VR_API struct iommu_group *pci_device_group(struct device *dev);
VR_API int iommu_attach_group(struct iommu_domain *domain, struct iommu_group *group);
VR_API void iommu_detach_group(struct iommu_domain *domain, struct iommu_group *group);
VR_API int iommu_group_for_each_dev(struct iommu_group *group, void *data,
				    int (*fn)(struct device *, void *));

VR_API bool iommu_dev_has_feature(struct device *dev, enum iommu_dev_features f);
VR_API bool iommu_dev_feature_enabled(struct device *dev, enum iommu_dev_features f);
VR_API int iommu_dev_enable_feature(struct device *dev, enum iommu_dev_features f);
VR_API int iommu_dev_disable_feature(struct device *dev, enum iommu_dev_features f);
VR_API int iommu_aux_attach_device(struct iommu_domain *domain, struct device *dev);
VR_API void iommu_aux_detach_device(struct iommu_domain *domain, struct device *dev);
VR_API int iommu_aux_get_pasid(struct iommu_domain *domain, struct device *dev);

VR_API int iommu_attach_device_pasid(struct iommu_domain *domain, struct device *dev, u32 pasid);
VR_API void iommu_detach_device_pasid(struct iommu_domain *domain, struct device *dev, u32 pasid);
VR_API struct iommu_domain *iommu_get_domain_for_dev_pasid(struct device *dev, u32 pasid,
							   unsigned int type);

#endif
