/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What an iommu instance lends its kernel files: the state the Intel
 * driver keeps in globals in the kernel (its units, the device list, the
 * PASID name space), the page pool its tables live in, the slab its
 * domains and device records come from, and the PCI functions behind the
 * units.  iommu_host.c holds the functions.
 */
#ifndef VIRTREF_SRC_IOMMU_HOST_H
#define VIRTREF_SRC_IOMMU_HOST_H

#include <virtref/linux/idr.h>
#include <virtref/iommu/intel-iommu.h>
#include <virtref/iommu/intel-pasid.h>
#include <virtref/iommu/pci.h>
#include "hw_pci.h"
#include "iommu_internal.h"

/* A PCI function: the kernel's view, its bus, its configuration space. */
struct vri_pci_fn {
	struct pci_dev pdev;
	struct pci_bus bus;
	struct vri_pci_cfg cfg;
	unsigned int unit;
	char name[16]; /* "0000:6a:01.0" */
};

/* One allocation of the page pool: contiguous pages, contiguous on the host. */
struct vri_kpage {
	u8 *host;
	u32 first; /* frame index in the pool */
	u32 npages;
};

/* One object of the driver's slab: kept after it is freed, as a slab keeps it. */
struct vri_slab_obj {
	struct list_head link;
	bool live;
	u32 kind;
	u64 data[]; /* the object: 8-byte alignment, what the allocator gives */
};

#define VRI_IOMMU_MAX_DOMAINS 32
/* The IDRs of the kernel files (intel-pasid.c's PASID space). */
#define VRI_IOMMU_IDRS 2

/* An IDR's id space on this instance: the kernel's is one per machine. */
struct vri_iommu_idr {
	const void *key; /* the kernel file's struct idr, NULL: slot free */
	struct vr_idr space;
};

enum vri_slab_kind { VRI_SLAB_DOMAIN, VRI_SLAB_DEVINFO, VRI_NR_SLABS };

struct vri_iommu_kernel {
	struct vr_iommu *x;
	const struct vri_iommu_profile *prof;

	/* the page pool at VR_IOMMU_KPOOL_BASE, allocations sorted by host address */
	u8 *frame[VR_IOMMU_KPOOL_PAGES];
	struct vri_kpage kpage[VR_IOMMU_KPOOL_PAGES];
	u32 nkpage;
	u32 pages_live;

	/* the slab of dmar_domain and device_domain_info */
	struct list_head slab_live;
	struct list_head slab_freed;
	u32 slab_count[VRI_NR_SLABS];

	/* the driver's globals */
	bool loaded;
	int dmar_disabled;
	int intel_iommu_sm;
	int g_num_of_iommus;
	struct intel_iommu *g_iommus[DMAR_UNITS_SUPPORTED];
	struct dmar_drhd_unit drhd[DMAR_UNITS_SUPPORTED];
	struct device *scope[DMAR_UNITS_SUPPORTED][VR_IOMMU_MAX_PCI];
	struct list_head dmar_drhd_units;
	struct list_head device_domain_list;
	/* the kernel files' globals, in place while the instance is lent */
	u32 intel_pasid_max_id;
	struct vri_iommu_idr idr[VRI_IOMMU_IDRS];

	/* the op table's domains */
	struct iommu_domain *dom[VRI_IOMMU_MAX_DOMAINS];

	/* the PCI functions */
	struct bus_type pci_bus;
	struct pci_ops pci_ops;
	struct vri_pci_fn *fn[VR_IOMMU_MAX_PCI];
	u32 nfn;
};

int vri_iommu_kernel_create(struct vr_iommu *x);
void vri_iommu_kernel_destroy(struct vr_iommu *x);

/* The lent instance, NULL outside a lend. */
struct vr_iommu *vri_iommu_lent(void);

/* The lent instance's kernel state; NULL (and WARN_ON()) outside a lend. */
struct vri_iommu_kernel *vri_iommu_k(void);

/* The ids the kernel files' IDRs hold on this instance: the PASIDs allocated. */
unsigned int vri_iommu_idr_ids(const struct vri_iommu_kernel *k);

void *vri_iommu_slab_alloc(enum vri_slab_kind kind, size_t size);
void vri_iommu_slab_free(void *obj);

/* The function whose pci_dev this is, or NULL. */
struct vri_pci_fn *vri_iommu_fn_of(const struct vri_iommu_kernel *k, const struct device *dev);

/* iommu_user.c: user space and vendor drivers for the op table, with the instance lent. */
#define VRI_IOMMU_CONTAINERS 4
#define VRI_IOMMU_MDEVS 8
#define VRI_IOMMU_PASID_DOMAINS 4
#define VRI_IOMMU_PASID_ATTACHES 8

struct mdev_device;

/* Puts @dev in a group of its own unless it has one: 0 or -ENOMEM. */
int vri_iommu_pci_group(struct device *dev);
/* An mdev on the PCI function @dev, @dev as its IOMMU device if @set_iommu_device. */
int vri_iommu_mdev_create(struct vr_iommu *x, struct device *dev, u8 id, bool set_iommu_device,
			  unsigned int *index);
struct mdev_device *vri_iommu_mdev(struct vr_iommu *x, unsigned int index);
/* Container @c (opened on first use) takes @dev's group, or gives it back. */
int vri_iommu_container_attach(struct vr_iommu *x, unsigned int c, struct device *dev, bool attach);
long vri_iommu_container_map(struct vr_iommu *x, unsigned int c, u64 iova, u64 vaddr, u64 size,
			     u32 flags);
long vri_iommu_container_unmap(struct vr_iommu *x, unsigned int c, u64 iova, u64 size,
			       u64 *unmapped);
/* Domain @d (allocated on first use) attached at, or detached from, @pasid of @dev. */
int vri_iommu_pasid_attach(struct vr_iommu *x, unsigned int d, struct device *dev, u32 pasid,
			   bool attach);
/* Releases containers, PASID attachments, domains, mdevs and the functions' groups. */
void vri_iommu_user_destroy(struct vr_iommu *x);

#endif
