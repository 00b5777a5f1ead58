/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/vfio.h's page pinning and DMA access for
 * mediated devices (IOMMU_READ/WRITE from iommu.h), in the
 * signature of the kernel the build targets (version.h):
 *
 *   VR_LINUX_VERSION < 6.0 (torvalds/linux include/linux/vfio.h at v5.3):
 *     int vfio_pin_pages(struct device *dev, unsigned long *user_pfn,
 *                        int npage, int prot, unsigned long *phys_pfn);
 *     int vfio_unpin_pages(struct device *dev, unsigned long *user_pfn,
 *                          int npage);
 *   VR_LINUX_VERSION >= 6.0 (mainline):
 *     int vfio_pin_pages(struct vfio_device *device, dma_addr_t iova,
 *                        int npage, int prot, struct page **pages);
 *     void vfio_unpin_pages(struct vfio_device *device, dma_addr_t iova,
 *                           int npage);
 *     int vfio_dma_rw(struct vfio_device *device, dma_addr_t iova,
 *                     void *data, size_t len, bool write);
 *
 * The interim forms of 5.8 - 5.19 are not offered.  Both route to the
 * current context's environment (virtref/context.h: vr_env_pin(), with
 * its pin_fail_nth knob); the device argument is not looked at.
 */
#ifndef VIRTREF_LINUX_VFIO_H
#define VIRTREF_LINUX_VFIO_H

#include <stdbool.h>
#include <stddef.h>
#include <virtref/context.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/iommu.h>
#include <virtref/linux/mm.h>
#include <virtref/linux/types.h>
#include <virtref/linux/version.h>

/* Most pages one call may pin (drivers/vfio/vfio.c). */
#define VFIO_PIN_PAGES_MAX_ENTRIES (PAGE_SIZE / sizeof(unsigned long))

#if VR_LINUX_VERSION < KERNEL_VERSION(6, 0, 0)

struct device;

/**
 * vfio_pin_pages() - pins guest pages for a mediated device (v5.3)
 * @dev: the device; must not be NULL
 * @user_pfn: @npage guest page frames, one page each
 * @npage: how many, 1 to VFIO_PIN_PAGES_MAX_ENTRIES
 * @prot: IOMMU_READ | IOMMU_WRITE
 * @phys_pfn: the host frame of each page is stored here
 *
 * Pins page by page through the context's environment; when one fails,
 * the pages pinned before it are unpinned again.
 *
 * Return:
 * * @npage - all pinned
 * * -EINVAL - a NULL argument, @npage < 1, or no environment (WARN_ON())
 * * -E2BIG - more than VFIO_PIN_PAGES_MAX_ENTRIES
 * * -EFAULT - injected by the context's pin_fail_nth
 * * any other negative errno of the environment's pin(), nothing pinned
 */
static inline int vfio_pin_pages(struct device *dev, unsigned long *user_pfn, int npage, int prot,
				 unsigned long *phys_pfn)
{
	int i, ret;

	if (!dev || !user_pfn || !phys_pfn || npage < 1)
		return -EINVAL;
	if ((unsigned long)npage > VFIO_PIN_PAGES_MAX_ENTRIES)
		return -E2BIG;
	for (i = 0; i < npage; i++) {
		uint64_t pfn;

		ret = vr_env_pin((uint64_t)user_pfn[i] << PAGE_SHIFT, 1, prot, &pfn);
		if (ret) {
			while (i--)
				vr_env_unpin((uint64_t)user_pfn[i] << PAGE_SHIFT, 1);
			return ret;
		}
		phys_pfn[i] = (unsigned long)pfn;
	}
	return npage;
}

/**
 * vfio_unpin_pages() - undoes vfio_pin_pages() (v5.3)
 * @dev: the device; must not be NULL
 * @user_pfn: the @npage guest page frames pinned
 * @npage: how many
 *
 * Return:
 * * @npage - unpinned
 * * -EINVAL - a NULL argument or @npage < 1
 * * -E2BIG - more than VFIO_PIN_PAGES_MAX_ENTRIES
 */
static inline int vfio_unpin_pages(struct device *dev, unsigned long *user_pfn, int npage)
{
	int i;

	if (!dev || !user_pfn || npage < 1)
		return -EINVAL;
	if ((unsigned long)npage > VFIO_PIN_PAGES_MAX_ENTRIES)
		return -E2BIG;
	for (i = 0; i < npage; i++)
		vr_env_unpin((uint64_t)user_pfn[i] << PAGE_SHIFT, 1);
	return npage;
}

#else

struct vfio_device;

/**
 * vfio_pin_pages() - pins guest pages for a mediated device (mainline)
 * @device: the device; not looked at
 * @iova: the first page; its offset in the page is ignored
 * @npage: how many, 1 to VFIO_PIN_PAGES_MAX_ENTRIES
 * @prot: IOMMU_READ | IOMMU_WRITE
 * @pages: a struct page token for each page is stored here
 *
 * All or nothing, through the context's environment.
 *
 * Return:
 * * @npage - all pinned
 * * -EINVAL - no @pages, @npage < 1, or no environment (WARN_ON())
 * * -E2BIG - more than VFIO_PIN_PAGES_MAX_ENTRIES
 * * -EFAULT - injected by the context's pin_fail_nth
 * * any other negative errno of the environment's pin(), nothing pinned
 */
static inline int vfio_pin_pages(struct vfio_device *device, dma_addr_t iova, int npage, int prot,
				 struct page **pages)
{
	uint64_t pfn[VFIO_PIN_PAGES_MAX_ENTRIES];
	int i, ret;

	(void)device;
	if (!pages || npage < 1)
		return -EINVAL;
	if ((unsigned long)npage > VFIO_PIN_PAGES_MAX_ENTRIES)
		return -E2BIG;
	ret = vr_env_pin(iova & PAGE_MASK, npage, prot, pfn);
	if (ret)
		return ret;
	for (i = 0; i < npage; i++)
		pages[i] = pfn_to_page((unsigned long)pfn[i]);
	return npage;
}

/**
 * vfio_unpin_pages() - undoes vfio_pin_pages() of the same range (mainline)
 * @device: the device; not looked at
 * @iova: the first page
 * @npage: how many; out of range fires WARN_ON() and unpins nothing
 */
static inline void vfio_unpin_pages(struct vfio_device *device, dma_addr_t iova, int npage)
{
	(void)device;
	if (WARN_ON(npage < 1 || (unsigned long)npage > VFIO_PIN_PAGES_MAX_ENTRIES))
		return;
	vr_env_unpin(iova & PAGE_MASK, npage);
}

/**
 * vfio_dma_rw() - reads or writes guest memory for a mediated device
 * @device: the device; not looked at
 * @iova: where
 * @data: the kernel buffer
 * @len: bytes
 * @write: true: @data to @iova
 *
 * Return:
 * * 0 - done
 * * -EINVAL - no @data, or no environment (WARN_ON())
 * * any negative errno of the environment's dma_rw()
 */
static inline int vfio_dma_rw(struct vfio_device *device, dma_addr_t iova, void *data, size_t len,
			      bool write)
{
	(void)device;
	if (!data)
		return -EINVAL;
	return vr_env_dma_rw(iova, data, len, write);
}

#endif

#endif
