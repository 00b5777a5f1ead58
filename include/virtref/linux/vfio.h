/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/vfio.h's page pinning and DMA access for
 * mediated devices (IOMMU_READ/WRITE from iommu.h), in the
 * signature of the kernel the build targets (version.h), from
 * torvalds/linux include/linux/vfio.h at each tag:
 *
 *   VR_LINUX_VERSION < 5.8 (v5.3):
 *     int vfio_pin_pages(struct device *dev, unsigned long *user_pfn,
 *                        int npage, int prot, unsigned long *phys_pfn);
 *     int vfio_unpin_pages(struct device *dev, unsigned long *user_pfn,
 *                          int npage);
 *   5.8 - 5.18 (v5.8: vfio_dma_rw() and the group forms are added):
 *     the two above, and
 *     int vfio_group_pin_pages(struct vfio_group *group,
 *                              unsigned long *user_iova_pfn, int npage,
 *                              int prot, unsigned long *phys_pfn);
 *     int vfio_group_unpin_pages(struct vfio_group *group,
 *                                unsigned long *user_iova_pfn, int npage);
 *     int vfio_dma_rw(struct vfio_group *group, dma_addr_t user_iova,
 *                     void *data, size_t len, bool write);
 *   5.19 (v5.19: the mdev driver passes its struct vfio_device):
 *     int vfio_pin_pages(struct vfio_device *device,
 *                        unsigned long *user_pfn, int npage, int prot,
 *                        unsigned long *phys_pfn);
 *     int vfio_unpin_pages(struct vfio_device *device,
 *                          unsigned long *user_pfn, int npage);
 *     int vfio_dma_rw(struct vfio_device *device, dma_addr_t user_iova,
 *                     void *data, size_t len, bool write);
 *   VR_LINUX_VERSION >= 6.0 (mainline):
 *     int vfio_pin_pages(struct vfio_device *device, dma_addr_t iova,
 *                        int npage, int prot, struct page **pages);
 *     void vfio_unpin_pages(struct vfio_device *device, dma_addr_t iova,
 *                           int npage);
 *     int vfio_dma_rw(struct vfio_device *device, dma_addr_t iova,
 *                     void *data, size_t len, bool write);
 *
 * All route to the current context's environment (virtref/context.h:
 * vr_env_pin(), with its pin_fail_nth knob); the device or group is
 * checked against NULL where the kernel dereferences it, and not looked
 * at otherwise.
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

/*
 * The body the frame-array forms (< 6.0) share: pins page by page and,
 * when one fails, unpins the pages pinned before it.  @npage, or a
 * negative errno with nothing pinned.
 */
static inline int vr_vfio_pin_pfns(unsigned long *user_pfn, int npage, int prot,
				   unsigned long *phys_pfn)
{
	int i, ret;

	if (!user_pfn || !phys_pfn || npage < 1)
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

/* The unpin of the frame-array forms: @npage, or -EINVAL / -E2BIG. */
static inline int vr_vfio_unpin_pfns(unsigned long *user_pfn, int npage)
{
	int i;

	if (!user_pfn || npage < 1)
		return -EINVAL;
	if ((unsigned long)npage > VFIO_PIN_PAGES_MAX_ENTRIES)
		return -E2BIG;
	for (i = 0; i < npage; i++)
		vr_env_unpin((uint64_t)user_pfn[i] << PAGE_SHIFT, 1);
	return npage;
}

#if VR_LINUX_VERSION < KERNEL_VERSION(5, 19, 0)
/* The mediated device's struct device (5.3 - 5.18). */
#define VR_VFIO_PIN_DEVICE struct device
#else
/* The mdev driver's struct vfio_device (5.19). */
#define VR_VFIO_PIN_DEVICE struct vfio_device
#endif

VR_VFIO_PIN_DEVICE;

/**
 * vfio_pin_pages() - pins guest pages for a mediated device (5.3 - 5.19)
 * @dev: the device (5.19: the struct vfio_device); must not be NULL
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
static inline int vfio_pin_pages(VR_VFIO_PIN_DEVICE *dev, unsigned long *user_pfn, int npage,
				 int prot, unsigned long *phys_pfn)
{
	if (!dev)
		return -EINVAL;
	return vr_vfio_pin_pfns(user_pfn, npage, prot, phys_pfn);
}

/**
 * vfio_unpin_pages() - undoes vfio_pin_pages() (5.3 - 5.19)
 * @dev: the device; must not be NULL
 * @user_pfn: the @npage guest page frames pinned
 * @npage: how many
 *
 * Return:
 * * @npage - unpinned
 * * -EINVAL - a NULL argument or @npage < 1
 * * -E2BIG - more than VFIO_PIN_PAGES_MAX_ENTRIES
 */
static inline int vfio_unpin_pages(VR_VFIO_PIN_DEVICE *dev, unsigned long *user_pfn, int npage)
{
	if (!dev)
		return -EINVAL;
	return vr_vfio_unpin_pfns(user_pfn, npage);
}

#undef VR_VFIO_PIN_DEVICE

#endif

/*
 * vfio_dma_rw()'s body in every kernel that has it (5.8 on): -EINVAL for
 * no @data or an empty @len, as drivers/vfio/vfio.c checks them.
 */
static inline int vr_vfio_dma_rw(dma_addr_t iova, void *data, size_t len, bool write)
{
	if (!data || !len)
		return -EINVAL;
	return vr_env_dma_rw(iova, data, len, write);
}

#if VR_LINUX_VERSION >= KERNEL_VERSION(5, 8, 0) && VR_LINUX_VERSION < KERNEL_VERSION(5, 19, 0)

struct vfio_group;

/**
 * vfio_group_pin_pages() - vfio_pin_pages() by VFIO group (5.8 - 5.18)
 * @group: the group; must not be NULL
 * @user_iova_pfn: @npage guest page frames
 * @npage: how many, 1 to VFIO_PIN_PAGES_MAX_ENTRIES
 * @prot: IOMMU_READ | IOMMU_WRITE
 * @phys_pfn: the host frame of each page is stored here
 *
 * Return: as vfio_pin_pages().
 */
static inline int vfio_group_pin_pages(struct vfio_group *group, unsigned long *user_iova_pfn,
				       int npage, int prot, unsigned long *phys_pfn)
{
	if (!group)
		return -EINVAL;
	return vr_vfio_pin_pfns(user_iova_pfn, npage, prot, phys_pfn);
}

/**
 * vfio_group_unpin_pages() - undoes vfio_group_pin_pages() (5.8 - 5.18)
 * @group: the group; must not be NULL
 * @user_iova_pfn: the @npage guest page frames pinned
 * @npage: how many
 *
 * Return: as vfio_unpin_pages().
 */
static inline int vfio_group_unpin_pages(struct vfio_group *group, unsigned long *user_iova_pfn,
					 int npage)
{
	if (!group)
		return -EINVAL;
	return vr_vfio_unpin_pfns(user_iova_pfn, npage);
}

/**
 * vfio_dma_rw() - reads or writes guest memory through a VFIO group (5.8 - 5.18)
 * @group: the group; must not be NULL
 * @user_iova: where
 * @data: the kernel buffer
 * @len: bytes, at least 1
 * @write: true: @data to @user_iova
 *
 * Return:
 * * 0 - done
 * * -EINVAL - no @group, no @data, @len 0, or no environment (WARN_ON())
 * * any negative errno of the environment's dma_rw()
 */
static inline int vfio_dma_rw(struct vfio_group *group, dma_addr_t user_iova, void *data,
			      size_t len, bool write)
{
	if (!group)
		return -EINVAL;
	return vr_vfio_dma_rw(user_iova, data, len, write);
}

#elif VR_LINUX_VERSION >= KERNEL_VERSION(5, 19, 0) && VR_LINUX_VERSION < KERNEL_VERSION(6, 0, 0)

/**
 * vfio_dma_rw() - reads or writes guest memory for a mediated device (5.19)
 * @device: the device; not looked at
 * @user_iova: where
 * @data: the kernel buffer
 * @len: bytes, at least 1
 * @write: true: @data to @user_iova
 *
 * Return:
 * * 0 - done
 * * -EINVAL - no @data, @len 0, or no environment (WARN_ON())
 * * any negative errno of the environment's dma_rw()
 */
static inline int vfio_dma_rw(struct vfio_device *device, dma_addr_t user_iova, void *data,
			      size_t len, bool write)
{
	(void)device;
	return vr_vfio_dma_rw(user_iova, data, len, write);
}

#elif VR_LINUX_VERSION >= KERNEL_VERSION(6, 0, 0)

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
 * * -EINVAL - no @data, @len 0, or no environment (WARN_ON())
 * * any negative errno of the environment's dma_rw()
 */
static inline int vfio_dma_rw(struct vfio_device *device, dma_addr_t iova, void *data, size_t len,
			      bool write)
{
	(void)device;
	return vr_vfio_dma_rw(iova, data, len, write);
}

#endif

#endif
