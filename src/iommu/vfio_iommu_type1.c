// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * vfio's type1 IOMMU backend (torvalds/linux
 * drivers/vfio/vfio_iommu_type1.c at v5.3): containers of iommu groups,
 * the attach decision of the seed series for mdev groups (an IOMMU-backed
 * domain through the mdev's iommu_device, aux or whole device, or the
 * external domain), the move of a new group into an existing compatible
 * domain, and VFIO_IOMMU_MAP_DMA / VFIO_IOMMU_UNMAP_DMA replayed into
 * every domain of the container.
 *
 * What the model leaves out of v5.3: the locked-memory accounting, the
 * vfio_pin_pages() path of the external domain, reserved regions (the
 * operations of <virtref/iommu/iommu.h> report none), the MSI cookie, the
 * fine-grained superpage test, dirty tracking and VFIO_IOMMU_GET_INFO.
 * User memory is pinned page by page through the context's environment
 * (vr_env_pin(), which v5.3's get_user_pages() stands for) by process
 * virtual address, and unpinned by the same address.  The module parameter
 * allow_unsafe_interrupts is the instance's configuration (false outside
 * one, the kernel's default).  A replay that fails undoes
 * what it mapped and pinned, as mainline does ("vfio/type1: Add proper
 * error unwind for vfio_iommu_replay()"); v5.3 leaks the pins.
 */
#define pr_fmt(fmt) "vfio_iommu_type1: " fmt

#include <limits.h>
#include <stdint.h>
#include <virtref/context.h>
#include <virtref/iommu/iommu.h>
#include <virtref/iommu/mdev.h>
#include <virtref/iommu/vfio.h>
#include <virtref/linux/bitops.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/list.h>
#include <virtref/linux/mm.h>
#include <virtref/linux/mutex.h>
#include <virtref/linux/printk.h>
#include <virtref/linux/slab.h>
#include <virtref/linux/uaccess.h>
#include "iommu_internal.h"

/* dma_entry_limit: the most mappings a container holds (U16_MAX). */
static const unsigned int dma_entry_limit = 65535;

struct vfio_iommu {
	struct list_head domain_list;
	struct vfio_domain *external_domain; /* groups isolated by their vendor driver */
	struct mutex lock;
	struct list_head dma_list; /* struct vfio_dma by iova (v5.3: an rb-tree) */
	unsigned int dma_avail;
	dma_addr_t aper_start; /* the intersection of the domains' apertures (iova_list) */
	dma_addr_t aper_end;
	bool v2;
	bool nesting;
};

struct vfio_domain {
	struct iommu_domain *domain;
	struct list_head next;
	struct list_head group_list;
	int prot; /* IOMMU_CACHE */
};

struct vfio_dma {
	struct list_head node;
	dma_addr_t iova;     /* device address */
	unsigned long vaddr; /* process virtual address */
	size_t size;	     /* map size (bytes) */
	int prot;	     /* IOMMU_READ/WRITE */
	bool iommu_mapped;
};

struct vfio_group {
	struct iommu_group *iommu_group;
	struct list_head next;
	bool mdev_group; /* an mdev group */
};

#define IS_IOMMU_CAP_DOMAIN_IN_CONTAINER(iommu) (!list_empty(&(iommu)->domain_list))

/* The mapping overlapping [start, start + size), or the one holding start for size 0. */
static struct vfio_dma *vfio_find_dma(struct vfio_iommu *iommu, dma_addr_t start, size_t size)
{
	struct vfio_dma *dma;

	/* By iova, so the first one starting at or past the range's end ends the search. */
	list_for_each_entry(dma, &iommu->dma_list, node) {
		if (start + size <= dma->iova)
			break;
		if (start < dma->iova + dma->size)
			return dma;
	}
	return NULL;
}

static void vfio_link_dma(struct vfio_iommu *iommu, struct vfio_dma *new)
{
	struct vfio_dma *dma;

	list_for_each_entry(dma, &iommu->dma_list, node)
		if (new->iova < dma->iova)
			break;
	list_add_tail(&new->node, &dma->node);
}

/* Pins the page at @vaddr (v5.3's vaddr_get_pfn()). */
static int vaddr_get_pfn(unsigned long vaddr, int prot, unsigned long *pfn)
{
	uint64_t frame;
	int ret;

	ret = vr_env_pin(vaddr, 1, prot, &frame);
	if (ret)
		return ret;
	*pfn = (unsigned long)frame;
	return 0;
}

/*
 * Pins up to @npage pages from @vaddr while their frames stay
 * contiguous: how many, or a negative errno when the first fails.
 */
static long vfio_pin_pages_remote(struct vfio_dma *dma, unsigned long vaddr, long npage,
				  unsigned long *pfn_base)
{
	unsigned long pfn;
	long pinned;
	int ret;

	ret = vaddr_get_pfn(vaddr, dma->prot, pfn_base);
	if (ret)
		return ret;
	for (pinned = 1, vaddr += PAGE_SIZE; pinned < npage; pinned++, vaddr += PAGE_SIZE) {
		if (vaddr_get_pfn(vaddr, dma->prot, &pfn))
			break;
		if (pfn != *pfn_base + (unsigned long)pinned) {
			vr_env_unpin(vaddr, 1);
			break;
		}
	}
	return pinned;
}

/* Unpins @npage pages of @dma from @iova on: pinned page by page, unpinned so. */
static long vfio_unpin_pages_remote(struct vfio_dma *dma, dma_addr_t iova, long npage)
{
	unsigned long vaddr = dma->vaddr + (unsigned long)(iova - dma->iova);
	long i;

	for (i = 0; i < npage; i++)
		vr_env_unpin(vaddr + (unsigned long)i * PAGE_SIZE, 1);
	return npage;
}

static void vfio_unmap_unpin(struct vfio_iommu *iommu, struct vfio_dma *dma)
{
	dma_addr_t iova = dma->iova, end = dma->iova + dma->size;
	struct vfio_domain *domain, *d;

	if (!dma->size)
		return;
	if (!IS_IOMMU_CAP_DOMAIN_IN_CONTAINER(iommu))
		return;
	/* The first domain says what to unpin; the others are unmapped whole. */
	domain = d = list_first_entry(&iommu->domain_list, struct vfio_domain, next);
	list_for_each_entry_continue(d, &iommu->domain_list, next)
		iommu_unmap(d->domain, dma->iova, dma->size);
	while (iova < end) {
		size_t unmapped, len;
		phys_addr_t phys;

		phys = iommu_iova_to_phys(domain->domain, iova);
		if (WARN_ON(!phys)) {
			iova += PAGE_SIZE;
			continue;
		}
		for (len = PAGE_SIZE; iova + len < end; len += PAGE_SIZE)
			if (iommu_iova_to_phys(domain->domain, iova + len) != phys + len)
				break;
		unmapped = iommu_unmap(domain->domain, iova, len);
		if (WARN_ON(!unmapped))
			break;
		/* A driver may unmap more than asked; only this mapping was pinned. */
		if (unmapped > end - iova)
			unmapped = end - iova;
		vfio_unpin_pages_remote(dma, iova, (long)(unmapped >> PAGE_SHIFT));
		iova += unmapped;
	}
	dma->iommu_mapped = false;
}

static void vfio_remove_dma(struct vfio_iommu *iommu, struct vfio_dma *dma)
{
	vfio_unmap_unpin(iommu, dma);
	list_del(&dma->node);
	kfree(dma);
	iommu->dma_avail++;
}

static unsigned long vfio_pgsize_bitmap(struct vfio_iommu *iommu)
{
	struct vfio_domain *domain;
	unsigned long bitmap = ULONG_MAX;

	list_for_each_entry(domain, &iommu->domain_list, next)
		bitmap &= domain->domain->pgsize_bitmap;
	/* Page sizes below PAGE_SIZE are hidden behind PAGE_SIZE. */
	if (bitmap & ~PAGE_MASK) {
		bitmap &= PAGE_MASK;
		bitmap |= PAGE_SIZE;
	}
	return bitmap;
}

/* Maps @npage pages at @pfn into every domain; on failure none keeps them. */
static int vfio_iommu_map(struct vfio_iommu *iommu, dma_addr_t iova, unsigned long pfn, long npage,
			  int prot)
{
	struct vfio_domain *d;
	int ret;

	list_for_each_entry(d, &iommu->domain_list, next) {
		ret = iommu_map(d->domain, (unsigned long)iova, (phys_addr_t)pfn << PAGE_SHIFT,
				(size_t)npage << PAGE_SHIFT, prot | d->prot);
		if (ret)
			goto unwind;
	}
	return 0;

unwind:
	for (d = list_prev_entry(d, next); !list_entry_is_head(d, &iommu->domain_list, next);
	     d = list_prev_entry(d, next))
		iommu_unmap(d->domain, (unsigned long)iova, (size_t)npage << PAGE_SHIFT);
	return ret;
}

static int vfio_pin_map_dma(struct vfio_iommu *iommu, struct vfio_dma *dma, size_t map_size)
{
	dma_addr_t iova = dma->iova;
	unsigned long vaddr = dma->vaddr;
	size_t size = map_size;
	unsigned long pfn;
	long npage;
	int ret = 0;

	while (size) {
		npage = vfio_pin_pages_remote(dma, vaddr + dma->size, (long)(size >> PAGE_SHIFT),
					      &pfn);
		if (npage <= 0) {
			WARN_ON(!npage);
			ret = (int)npage;
			break;
		}
		ret = vfio_iommu_map(iommu, iova + dma->size, pfn, npage, dma->prot);
		if (ret) {
			vfio_unpin_pages_remote(dma, iova + dma->size, npage);
			break;
		}
		size -= (size_t)npage << PAGE_SHIFT;
		dma->size += (size_t)npage << PAGE_SHIFT;
	}
	dma->iommu_mapped = true;
	if (ret)
		vfio_remove_dma(iommu, dma);
	return ret;
}

static int vfio_dma_do_map(struct vfio_iommu *iommu, struct vfio_iommu_type1_dma_map *map)
{
	dma_addr_t iova = map->iova;
	unsigned long vaddr = (unsigned long)map->vaddr;
	size_t size = (size_t)map->size;
	int ret = 0, prot = 0;
	struct vfio_dma *dma;
	uint64_t mask;

	/* None of the __u64 fields may overflow the kernel's types. */
	if (map->size != size || map->vaddr != vaddr || map->iova != iova)
		return -EINVAL;
	mask = ((uint64_t)1 << __ffs(vfio_pgsize_bitmap(iommu))) - 1;
	WARN_ON(mask & PAGE_MASK);
	/* READ/WRITE from the device's side. */
	if (map->flags & VFIO_DMA_MAP_FLAG_WRITE)
		prot |= IOMMU_WRITE;
	if (map->flags & VFIO_DMA_MAP_FLAG_READ)
		prot |= IOMMU_READ;
	if (!prot || !size || (size | iova | vaddr) & mask)
		return -EINVAL;
	/* Neither the IOVA nor the virtual address may wrap. */
	if (iova + size - 1 < iova || vaddr + size - 1 < vaddr)
		return -EINVAL;

	mutex_lock(&iommu->lock);
	if (iova < iommu->aper_start || iova + size - 1 > iommu->aper_end) {
		ret = -EINVAL;
		goto out_unlock;
	}
	if (vfio_find_dma(iommu, iova, size)) {
		ret = -EEXIST;
		goto out_unlock;
	}
	if (!iommu->dma_avail) {
		ret = -ENOSPC;
		goto out_unlock;
	}
	dma = kzalloc(sizeof(*dma), GFP_KERNEL);
	if (!dma) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	iommu->dma_avail--;
	dma->iova = iova;
	dma->vaddr = vaddr;
	dma->prot = prot;
	/* Linked with size 0; it grows as chunks are pinned and mapped. */
	vfio_link_dma(iommu, dma);
	/* Without an IOMMU domain nothing is pinned or mapped until one comes. */
	if (!IS_IOMMU_CAP_DOMAIN_IN_CONTAINER(iommu))
		dma->size = size;
	else
		ret = vfio_pin_map_dma(iommu, dma, size);
out_unlock:
	mutex_unlock(&iommu->lock);
	return ret;
}

static int vfio_dma_do_unmap(struct vfio_iommu *iommu, struct vfio_iommu_type1_dma_unmap *unmap)
{
	struct vfio_dma *dma;
	size_t unmapped = 0;
	uint64_t mask;
	int ret = 0;

	mask = ((uint64_t)1 << __ffs(vfio_pgsize_bitmap(iommu))) - 1;
	if (unmap->iova & mask)
		return -EINVAL;
	if (!unmap->size || unmap->size & mask)
		return -EINVAL;
	if (unmap->iova + unmap->size - 1 < unmap->iova || unmap->size > SIZE_MAX)
		return -EINVAL;
	WARN_ON(mask & PAGE_MASK);

	mutex_lock(&iommu->lock);
	/* v2 unmaps whole mappings only: the range may not cut one at either end. */
	if (iommu->v2) {
		dma = vfio_find_dma(iommu, unmap->iova, 1);
		if (dma && dma->iova != unmap->iova) {
			ret = -EINVAL;
			goto unlock;
		}
		dma = vfio_find_dma(iommu, unmap->iova + unmap->size - 1, 0);
		if (dma && dma->iova + dma->size != unmap->iova + unmap->size) {
			ret = -EINVAL;
			goto unlock;
		}
	}
	while ((dma = vfio_find_dma(iommu, unmap->iova, (size_t)unmap->size))) {
		if (!iommu->v2 && unmap->iova > dma->iova)
			break;
		unmapped += dma->size;
		vfio_remove_dma(iommu, dma);
	}
unlock:
	mutex_unlock(&iommu->lock);
	/* How much was unmapped. */
	unmap->size = unmapped;
	return ret;
}

/*
 * Maps every mapping of the container into the new @domain: what is
 * mapped already, as the first domain translates it, and what waited for
 * an IOMMU domain, pinned now.  On failure the new domain's mappings and
 * the pins taken here are undone.
 */
static int vfio_iommu_replay(struct vfio_iommu *iommu, struct vfio_domain *domain)
{
	struct vfio_domain *d = NULL;
	struct vfio_dma *dma, *failed;
	dma_addr_t iova = 0;
	int ret = 0;

	if (!list_empty(&iommu->domain_list))
		d = list_first_entry(&iommu->domain_list, struct vfio_domain, next);

	list_for_each_entry(dma, &iommu->dma_list, node) {
		iova = dma->iova;
		while (iova < dma->iova + dma->size) {
			phys_addr_t phys;
			size_t size;

			if (dma->iommu_mapped) {
				phys_addr_t p;
				dma_addr_t i;

				if (WARN_ON(!d)) {
					ret = -EINVAL;
					goto unwind;
				}
				phys = iommu_iova_to_phys(d->domain, iova);
				if (WARN_ON(!phys)) {
					iova += PAGE_SIZE;
					continue;
				}
				size = PAGE_SIZE;
				p = phys + size;
				i = iova + size;
				while (i < dma->iova + dma->size &&
				       p == iommu_iova_to_phys(d->domain, i)) {
					size += PAGE_SIZE;
					p += PAGE_SIZE;
					i += PAGE_SIZE;
				}
			} else {
				unsigned long pfn;
				unsigned long vaddr =
					dma->vaddr + (unsigned long)(iova - dma->iova);
				size_t n = dma->iova + dma->size - iova;
				long npage;

				npage = vfio_pin_pages_remote(dma, vaddr, (long)(n >> PAGE_SHIFT),
							      &pfn);
				if (npage <= 0) {
					WARN_ON(!npage);
					ret = (int)npage;
					goto unwind;
				}
				phys = (phys_addr_t)pfn << PAGE_SHIFT;
				size = (size_t)npage << PAGE_SHIFT;
			}
			ret = iommu_map(domain->domain, (unsigned long)iova, phys, size,
					dma->prot | domain->prot);
			if (ret) {
				if (!dma->iommu_mapped)
					vfio_unpin_pages_remote(dma, iova,
								(long)(size >> PAGE_SHIFT));
				goto unwind;
			}
			iova += size;
		}
	}
	/* Only once every mapping made it. */
	list_for_each_entry(dma, &iommu->dma_list, node)
		dma->iommu_mapped = true;
	return 0;

unwind:
	failed = dma;
	list_for_each_entry(dma, &iommu->dma_list, node) {
		dma_addr_t end = dma == failed ? iova : dma->iova + dma->size;

		if (end > dma->iova) {
			iommu_unmap(domain->domain, (unsigned long)dma->iova,
				    (size_t)(end - dma->iova));
			if (!dma->iommu_mapped)
				vfio_unpin_pages_remote(dma, dma->iova,
							(long)((end - dma->iova) >> PAGE_SHIFT));
		}
		if (dma == failed)
			break;
	}
	return ret;
}

static struct vfio_group *find_iommu_group(struct vfio_domain *domain,
					   struct iommu_group *iommu_group)
{
	struct vfio_group *g;

	list_for_each_entry(g, &domain->group_list, next)
		if (g->iommu_group == iommu_group)
			return g;
	return NULL;
}

static int vfio_mdev_attach_domain(struct device *dev, void *data)
{
	struct iommu_domain *domain = data;
	struct device *iommu_device;

	iommu_device = mdev_get_iommu_device(dev);
	if (iommu_device) {
		if (iommu_dev_feature_enabled(iommu_device, IOMMU_DEV_FEAT_AUX)) {
			pr_debug("mdev: aux attach to %s\n", dev_name(iommu_device));
			return iommu_aux_attach_device(domain, iommu_device);
		}
		pr_debug("mdev: attach of the whole %s\n", dev_name(iommu_device));
		return iommu_attach_device(domain, iommu_device);
	}
	return -EINVAL;
}

static int vfio_mdev_detach_domain(struct device *dev, void *data)
{
	struct iommu_domain *domain = data;
	struct device *iommu_device;

	iommu_device = mdev_get_iommu_device(dev);
	if (iommu_device) {
		if (iommu_dev_feature_enabled(iommu_device, IOMMU_DEV_FEAT_AUX))
			iommu_aux_detach_device(domain, iommu_device);
		else
			iommu_detach_device(domain, iommu_device);
	}
	return 0;
}

static int vfio_iommu_attach_group(struct vfio_domain *domain, struct vfio_group *group)
{
	if (group->mdev_group)
		return iommu_group_for_each_dev(group->iommu_group, domain->domain,
						vfio_mdev_attach_domain);
	return iommu_attach_group(domain->domain, group->iommu_group);
}

static void vfio_iommu_detach_group(struct vfio_domain *domain, struct vfio_group *group)
{
	if (group->mdev_group)
		iommu_group_for_each_dev(group->iommu_group, domain->domain,
					 vfio_mdev_detach_domain);
	else
		iommu_detach_group(domain->domain, group->iommu_group);
}

static bool vfio_bus_is_mdev(struct bus_type *bus)
{
	return bus == &mdev_bus_type;
}

/* The mdevs' common IOMMU device: -EINVAL when one has none or they differ. */
static int vfio_mdev_iommu_device(struct device *dev, void *data)
{
	struct device **old = data, *new;

	new = mdev_get_iommu_device(dev);
	if (!new || (*old && *old != new))
		return -EINVAL;
	*old = new;
	return 0;
}

/* The group's devices' common bus: -EINVAL when they differ. */
static int vfio_bus_type(struct device *dev, void *data)
{
	struct bus_type **bus = data;

	if (*bus && *bus != dev->bus)
		return -EINVAL;
	*bus = dev->bus;
	return 0;
}

/* Whether a mapping lies outside [start, end], which a new domain would cut off. */
static bool vfio_iommu_aper_conflict(struct vfio_iommu *iommu, dma_addr_t start, dma_addr_t end)
{
	struct vfio_dma *dma;

	list_for_each_entry(dma, &iommu->dma_list, node)
		if (dma->iova < start || dma->iova + dma->size - 1 > end)
			return true;
	return false;
}

/* The intersection of the remaining domains' apertures (vfio_iommu_aper_expand()). */
static void vfio_iommu_aper_expand(struct vfio_iommu *iommu)
{
	struct vfio_domain *domain;

	iommu->aper_start = 0;
	iommu->aper_end = (dma_addr_t)~0ULL;
	list_for_each_entry(domain, &iommu->domain_list, next) {
		const struct iommu_domain_geometry *geo = &domain->domain->geometry;

		if (geo->aperture_start > iommu->aper_start)
			iommu->aper_start = geo->aperture_start;
		if (geo->aperture_end < iommu->aper_end)
			iommu->aper_end = geo->aperture_end;
	}
}

/* The module parameter: attach without interrupt remapping. */
static bool allow_unsafe_interrupts(void)
{
	struct vr_iommu *x = vri_iommu_current();

	return x && x->allow_unsafe_interrupts;
}

/* Whether the profile's vfio asks an mdev for its IOMMU device at all. */
static bool vfio_mdev_iommu_backed(void)
{
	return vri_iommu_profile_current()->mdev_iommu_device;
}

int vfio_iommu_type1_attach_group(void *iommu_data, struct iommu_group *iommu_group)
{
	struct vfio_iommu *iommu = iommu_data;
	struct vfio_group *group;
	struct vfio_domain *domain, *d;
	struct bus_type *bus = NULL;
	dma_addr_t aper_start, aper_end;
	const struct iommu_domain_geometry *geo;
	int ret;

	if (WARN_ON(!iommu || !iommu_group))
		return -EINVAL;
	mutex_lock(&iommu->lock);

	list_for_each_entry(d, &iommu->domain_list, next) {
		if (find_iommu_group(d, iommu_group)) {
			mutex_unlock(&iommu->lock);
			return -EINVAL;
		}
	}
	if (iommu->external_domain) {
		if (find_iommu_group(iommu->external_domain, iommu_group)) {
			mutex_unlock(&iommu->lock);
			return -EINVAL;
		}
	}

	group = kzalloc(sizeof(*group), GFP_KERNEL);
	domain = kzalloc(sizeof(*domain), GFP_KERNEL);
	if (!group || !domain) {
		ret = -ENOMEM;
		goto out_free;
	}
	group->iommu_group = iommu_group;
	INIT_LIST_HEAD(&domain->group_list);

	/* The bus says which driver allocates the domain. */
	ret = iommu_group_for_each_dev(iommu_group, &bus, vfio_bus_type);
	if (ret)
		goto out_free;

	if (vfio_bus_is_mdev(bus)) {
		struct device *iommu_device = NULL;

		group->mdev_group = true;
		/* The isolation: the mdevs' IOMMU device, or the vendor driver's. */
		ret = vfio_mdev_iommu_backed()
			      ? iommu_group_for_each_dev(iommu_group, &iommu_device,
							 vfio_mdev_iommu_device)
			      : 0;
		if (ret || !iommu_device) {
			pr_debug("mdev group: the external domain (%s)\n",
				 vfio_mdev_iommu_backed() ? "no IOMMU device common to its mdevs"
							  : "no mdev_get_iommu_device()");
			if (!iommu->external_domain)
				iommu->external_domain = domain;
			else
				kfree(domain);
			list_add(&group->next, &iommu->external_domain->group_list);
			mutex_unlock(&iommu->lock);
			return 0;
		}
		bus = iommu_device->bus;
	}

	domain->domain = iommu_domain_alloc(bus);
	if (!domain->domain) {
		ret = -EIO;
		goto out_free;
	}
	/* Nesting needs DOMAIN_ATTR_NESTING, which no driver here offers. */
	if (iommu->nesting) {
		ret = -EINVAL;
		goto out_domain;
	}

	ret = vfio_iommu_attach_group(domain, group);
	if (ret)
		goto out_domain;

	geo = &domain->domain->geometry;
	aper_start = max(iommu->aper_start, geo->aperture_start);
	aper_end = min(iommu->aper_end, geo->aperture_end);
	if (aper_start > aper_end || vfio_iommu_aper_conflict(iommu, aper_start, aper_end)) {
		ret = -EINVAL;
		goto out_detach;
	}

	list_add(&group->next, &domain->group_list);

	if (!allow_unsafe_interrupts() && !iommu_capable(bus, IOMMU_CAP_INTR_REMAP)) {
		pr_warn("%s: No interrupt remapping support.  Use the module param "
			"\"allow_unsafe_interrupts\" to enable VFIO IOMMU support on this "
			"platform\n",
			__func__);
		ret = -EPERM;
		goto out_detach;
	}
	if (iommu_capable(bus, IOMMU_CAP_CACHE_COHERENCY))
		domain->prot |= IOMMU_CACHE;

	/*
	 * A domain of the same driver and protection serves the group as
	 * well: the new domain goes again.  Same ops, not same bus, so that
	 * one driver may serve several buses.
	 */
	list_for_each_entry(d, &iommu->domain_list, next) {
		if (d->domain->ops == domain->domain->ops && d->prot == domain->prot) {
			pr_debug("a compatible domain is there: the group moves into it\n");
			vfio_iommu_detach_group(domain, group);
			if (!vfio_iommu_attach_group(d, group)) {
				list_add(&group->next, &d->group_list);
				iommu_domain_free(domain->domain);
				kfree(domain);
				mutex_unlock(&iommu->lock);
				return 0;
			}
			ret = vfio_iommu_attach_group(domain, group);
			if (ret)
				goto out_domain;
		}
	}

	ret = vfio_iommu_replay(iommu, domain);
	if (ret)
		goto out_detach;

	list_add(&domain->next, &iommu->domain_list);
	iommu->aper_start = aper_start;
	iommu->aper_end = aper_end;
	mutex_unlock(&iommu->lock);
	return 0;

out_detach:
	vfio_iommu_detach_group(domain, group);
out_domain:
	iommu_domain_free(domain->domain);
out_free:
	kfree(domain);
	kfree(group);
	mutex_unlock(&iommu->lock);
	return ret;
}

static void vfio_iommu_unmap_unpin_all(struct vfio_iommu *iommu)
{
	while (!list_empty(&iommu->dma_list))
		vfio_remove_dma(iommu, list_first_entry(&iommu->dma_list, struct vfio_dma, node));
}

/* The last IOMMU domain goes while the external domain stays: mappings wait again. */
static void vfio_iommu_unmap_unpin_reaccount(struct vfio_iommu *iommu)
{
	struct vfio_dma *dma;

	list_for_each_entry(dma, &iommu->dma_list, node)
		vfio_unmap_unpin(iommu, dma);
}

void vfio_iommu_type1_detach_group(void *iommu_data, struct iommu_group *iommu_group)
{
	struct vfio_iommu *iommu = iommu_data;
	struct vfio_domain *domain;
	struct vfio_group *group;

	if (WARN_ON(!iommu))
		return;
	mutex_lock(&iommu->lock);

	if (iommu->external_domain) {
		group = find_iommu_group(iommu->external_domain, iommu_group);
		if (group) {
			list_del(&group->next);
			kfree(group);
			if (list_empty(&iommu->external_domain->group_list)) {
				if (!IS_IOMMU_CAP_DOMAIN_IN_CONTAINER(iommu))
					vfio_iommu_unmap_unpin_all(iommu);
				kfree(iommu->external_domain);
				iommu->external_domain = NULL;
			}
			goto detach_group_done;
		}
	}

	list_for_each_entry(domain, &iommu->domain_list, next) {
		group = find_iommu_group(domain, iommu_group);
		if (!group)
			continue;
		vfio_iommu_detach_group(domain, group);
		list_del(&group->next);
		kfree(group);
		/*
		 * An empty domain goes; with the last IOMMU domain the
		 * mappings go too, unless the external domain still needs them.
		 */
		if (list_empty(&domain->group_list)) {
			if (list_is_singular(&iommu->domain_list)) {
				if (!iommu->external_domain)
					vfio_iommu_unmap_unpin_all(iommu);
				else
					vfio_iommu_unmap_unpin_reaccount(iommu);
			}
			iommu_domain_free(domain->domain);
			list_del(&domain->next);
			kfree(domain);
			vfio_iommu_aper_expand(iommu);
		}
		break;
	}

detach_group_done:
	mutex_unlock(&iommu->lock);
}

void *vfio_iommu_type1_open(unsigned long arg)
{
	struct vfio_iommu *iommu;

	iommu = kzalloc(sizeof(*iommu), GFP_KERNEL);
	if (!iommu)
		return ERR_PTR(-ENOMEM);
	switch (arg) {
	case VFIO_TYPE1_IOMMU:
		break;
	case VFIO_TYPE1_NESTING_IOMMU:
		iommu->nesting = true;
		fallthrough;
	case VFIO_TYPE1v2_IOMMU:
		iommu->v2 = true;
		break;
	default:
		kfree(iommu);
		return ERR_PTR(-EINVAL);
	}
	INIT_LIST_HEAD(&iommu->domain_list);
	INIT_LIST_HEAD(&iommu->dma_list);
	iommu->dma_avail = dma_entry_limit;
	iommu->aper_end = (dma_addr_t)~0ULL;
	mutex_init(&iommu->lock);
	return iommu;
}

static void vfio_release_domain(struct vfio_domain *domain, bool external)
{
	struct vfio_group *group, *group_tmp;

	list_for_each_entry_safe(group, group_tmp, &domain->group_list, next) {
		if (!external)
			vfio_iommu_detach_group(domain, group);
		list_del(&group->next);
		kfree(group);
	}
	if (!external)
		iommu_domain_free(domain->domain);
}

void vfio_iommu_type1_release(void *iommu_data)
{
	struct vfio_iommu *iommu = iommu_data;
	struct vfio_domain *domain, *domain_tmp;

	if (!iommu || IS_ERR(iommu))
		return;
	if (iommu->external_domain) {
		vfio_release_domain(iommu->external_domain, true);
		kfree(iommu->external_domain);
	}
	vfio_iommu_unmap_unpin_all(iommu);
	list_for_each_entry_safe(domain, domain_tmp, &iommu->domain_list, next) {
		vfio_release_domain(domain, false);
		list_del(&domain->next);
		kfree(domain);
	}
	mutex_destroy(&iommu->lock);
	kfree(iommu);
}

/* Whether every IOMMU domain enforces cache coherency. */
static int vfio_domains_have_iommu_cache(struct vfio_iommu *iommu)
{
	struct vfio_domain *domain;
	int ret = 1;

	mutex_lock(&iommu->lock);
	list_for_each_entry(domain, &iommu->domain_list, next) {
		if (!(domain->prot & IOMMU_CACHE)) {
			ret = 0;
			break;
		}
	}
	mutex_unlock(&iommu->lock);
	return ret;
}

long vfio_iommu_type1_ioctl(void *iommu_data, unsigned int cmd, unsigned long arg)
{
	struct vfio_iommu *iommu = iommu_data;
	unsigned long minsz;

	if (WARN_ON(!iommu))
		return -EINVAL;
	if (cmd == VFIO_CHECK_EXTENSION) {
		switch (arg) {
		case VFIO_TYPE1_IOMMU:
		case VFIO_TYPE1v2_IOMMU:
		case VFIO_TYPE1_NESTING_IOMMU:
			return 1;
		case VFIO_DMA_CC_IOMMU:
			return vfio_domains_have_iommu_cache(iommu);
		default:
			return 0;
		}
	} else if (cmd == VFIO_IOMMU_MAP_DMA) {
		struct vfio_iommu_type1_dma_map map;
		uint32_t mask = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;

		minsz = sizeof(map);
		if (copy_from_user(&map, (void __user *)arg, minsz))
			return -EFAULT;
		if (map.argsz < minsz || map.flags & ~mask)
			return -EINVAL;
		return vfio_dma_do_map(iommu, &map);
	} else if (cmd == VFIO_IOMMU_UNMAP_DMA) {
		struct vfio_iommu_type1_dma_unmap unmap;
		long ret;

		minsz = sizeof(unmap);
		if (copy_from_user(&unmap, (void __user *)arg, minsz))
			return -EFAULT;
		if (unmap.argsz < minsz || unmap.flags)
			return -EINVAL;
		ret = vfio_dma_do_unmap(iommu, &unmap);
		if (ret)
			return ret;
		return copy_to_user((void __user *)arg, &unmap, minsz) ? -EFAULT : 0;
	}
	return -ENOTTY;
}
