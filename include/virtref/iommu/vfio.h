/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfio's type1 IOMMU backend as the vfio core calls it: open a container,
 * attach and detach iommu groups, map and unmap user memory by ioctl.
 *
 * mirrors: torvalds/linux include/uapi/linux/vfio.h at v5.3
 *          (VFIO_TYPE, VFIO_BASE, VFIO_TYPE1_IOMMU, VFIO_TYPE1v2_IOMMU,
 *          VFIO_TYPE1_NESTING_IOMMU, VFIO_DMA_CC_IOMMU,
 *          VFIO_CHECK_EXTENSION, VFIO_IOMMU_MAP_DMA, VFIO_IOMMU_UNMAP_DMA,
 *          struct vfio_iommu_type1_dma_map, struct
 *          vfio_iommu_type1_dma_unmap, VFIO_DMA_MAP_FLAG_READ/WRITE) and
 *          include/linux/vfio.h (struct vfio_iommu_driver_ops: open,
 *          release, ioctl, attach_group, detach_group); the five
 *          operations of drivers/vfio/vfio_iommu_type1.c, static there,
 *          are named here so that a caller without the vfio core reaches
 *          them.
 */
#ifndef VIRTREF_IOMMU_VFIO_H
#define VIRTREF_IOMMU_VFIO_H

#include <virtref/api.h>
#include <virtref/iommu/iommu.h>
#include <virtref/linux/types.h>

#define VFIO_TYPE (';')
#define VFIO_BASE 100
/* _IO(VFIO_TYPE, VFIO_BASE + nr): no size or direction bits. */
#define VFIO_IO(nr) ((unsigned int)((VFIO_TYPE << 8) | (VFIO_BASE + (nr))))

#define VFIO_TYPE1_IOMMU 1
#define VFIO_TYPE1v2_IOMMU 3
#define VFIO_DMA_CC_IOMMU 4
#define VFIO_TYPE1_NESTING_IOMMU 6

#define VFIO_CHECK_EXTENSION VFIO_IO(1)
#define VFIO_IOMMU_MAP_DMA VFIO_IO(13)
#define VFIO_IOMMU_UNMAP_DMA VFIO_IO(14)

#define VFIO_DMA_MAP_FLAG_READ (1 << 0)
#define VFIO_DMA_MAP_FLAG_WRITE (1 << 1)

struct vfio_iommu_type1_dma_map {
	__u32 argsz;
	__u32 flags;
	__u64 vaddr; /* process virtual address */
	__u64 iova;  /* IO virtual address */
	__u64 size;  /* size of the mapping in bytes */
};

struct vfio_iommu_type1_dma_unmap {
	__u32 argsz;
	__u32 flags;
	__u64 iova; /* IO virtual address */
	__u64 size; /* size of the mapping in bytes; on return, what was unmapped */
};

struct vfio_iommu_driver_ops {
	const char *name;
	void *(*open)(unsigned long arg);
	void (*release)(void *iommu_data);
	long (*ioctl)(void *iommu_data, unsigned int cmd, unsigned long arg);
	int (*attach_group)(void *iommu_data, struct iommu_group *group);
	void (*detach_group)(void *iommu_data, struct iommu_group *group);
};

/**
 * vfio_iommu_type1_open() - a new, empty container
 * @arg: VFIO_TYPE1_IOMMU, VFIO_TYPE1v2_IOMMU or VFIO_TYPE1_NESTING_IOMMU
 *
 * Return: the container, ERR_PTR(-EINVAL) for another @arg,
 * ERR_PTR(-ENOMEM).
 */
VR_API void *vfio_iommu_type1_open(unsigned long arg);

/**
 * vfio_iommu_type1_release() - unmaps, unpins, detaches and frees everything
 * @iommu_data: the container
 */
VR_API void vfio_iommu_type1_release(void *iommu_data);

/**
 * vfio_iommu_type1_ioctl() - VFIO_CHECK_EXTENSION, VFIO_IOMMU_MAP_DMA, VFIO_IOMMU_UNMAP_DMA
 * @iommu_data: the container
 * @cmd: the ioctl
 * @arg: for the extension check the extension, else the user address of
 *       the argument structure (the current context's user memory)
 *
 * Return: as drivers/vfio/vfio_iommu_type1.c at v5.3: 0 or 1 for the
 * extension check; 0, -EFAULT, -EINVAL, -EEXIST, -ENOSPC, -ENOMEM or the
 * pin's or iommu_map()'s error for a map; 0, -EFAULT or -EINVAL for an
 * unmap (which writes the size unmapped back); -ENOTTY otherwise.
 */
VR_API long vfio_iommu_type1_ioctl(void *iommu_data, unsigned int cmd, unsigned long arg);

/**
 * vfio_iommu_type1_attach_group() - puts a group in the container
 * @iommu_data: the container
 * @iommu_group: the group
 *
 * Return: 0, -EINVAL (already in the container, devices of more than one
 * bus, a mapping outside the new domain's aperture, nesting without the
 * driver's support), -EIO (no domain could be allocated), -EPERM (no
 * interrupt remapping), -ENOMEM, or the attach's or replay's error.
 */
VR_API int vfio_iommu_type1_attach_group(void *iommu_data, struct iommu_group *iommu_group);

/**
 * vfio_iommu_type1_detach_group() - takes a group out of the container
 * @iommu_data: the container
 * @iommu_group: the group; one not in the container changes nothing
 */
VR_API void vfio_iommu_type1_detach_group(void *iommu_data, struct iommu_group *iommu_group);

#endif
