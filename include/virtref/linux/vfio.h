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

/*
 * Pins each page frame of @user_pfn (one page each) and stores its host
 * frame in @phys_pfn.  Returns @npage, or -EINVAL (no @dev, a NULL array, npage
 * < 1), -E2BIG (more than VFIO_PIN_PAGES_MAX_ENTRIES) or the pin's errno,
 * with every page it pinned on the way unpinned again.
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

/* Returns @npage, or -EINVAL (no @dev, a NULL array, npage < 1) or -E2BIG. */
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

/*
 * Pins @npage pages from @iova (its offset in the page is ignored) and
 * stores each in @pages.  Returns @npage, or -EINVAL (no @pages, npage
 * < 1), -E2BIG (more than VFIO_PIN_PAGES_MAX_ENTRIES) or the pin's errno
 * with nothing pinned.
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

static inline void vfio_unpin_pages(struct vfio_device *device, dma_addr_t iova, int npage)
{
	(void)device;
	if (WARN_ON(npage < 1 || (unsigned long)npage > VFIO_PIN_PAGES_MAX_ENTRIES))
		return;
	vr_env_unpin(iova & PAGE_MASK, npage);
}

/* Returns 0, -EINVAL (no @data) or the environment's errno. */
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
