/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Mediated devices, their sysfs attributes and vfio's group notifier, as
 * a parent driver such as vfio_ap sees them.
 *
 * mirrors: torvalds/linux include/linux/mdev.h at v5.3
 *   struct mdev_device (its drvdata), struct mdev_parent_ops (create,
 *   remove, open, release, mdev_attr_groups), mdev_get_drvdata(),
 *   mdev_set_drvdata(), mdev_dev(), mdev_from_dev(),
 *   mdev_register_device(), mdev_unregister_device()
 * and include/linux/device.h (struct device, struct device_driver,
 * driver_find_device(), driver_for_each_device(), get_device(),
 * put_device(), struct device_attribute, DEVICE_ATTR_WO,
 * DEVICE_ATTR_RO, struct attribute, struct attribute_group),
 * include/linux/notifier.h (struct notifier_block, NOTIFY_OK,
 * NOTIFY_DONE), include/linux/vfio.h (VFIO_GROUP_NOTIFY_SET_KVM,
 * VFIO_IOMMU_NOTIFY_DMA_UNMAP, vfio_register_notifier(),
 * vfio_unregister_notifier()), and include/uapi/linux/vfio.h
 * (VFIO_DEVICE_GET_INFO, VFIO_DEVICE_RESET, struct vfio_device_info,
 * VFIO_DEVICE_FLAGS_RESET, VFIO_DEVICE_FLAGS_AP, struct
 * vfio_iommu_type1_dma_unmap)
 *
 * One parent registers per instance; the vfio core that creates mdevs
 * and calls the notifier is virtref's (vr_ap_* in <virtref/ap.h>).
 */
#ifndef VIRTREF_AP_MDEV_H
#define VIRTREF_AP_MDEV_H

#include <stddef.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/types.h>

struct module;
struct kobject;

struct device_driver;

struct device {
	void *driver_data;
	struct device_driver *driver; /* the driver bound, NULL: none */
};

/* A driver of the bus; its devices are the bus's (vr_ap_bus_next_device()). */
struct device_driver {
	const char *name;
	struct module *owner;
};

struct notifier_block;

struct mdev_device {
	struct device dev;
	void *drvdata;
	struct notifier_block *vr_group_notifier; /* virtref's vfio core: the one registered */
	struct notifier_block *vr_iommu_notifier; /* ...and the IOMMU one (DMA_UNMAP) */
};

static inline void *mdev_get_drvdata(struct mdev_device *mdev)
{
	return mdev->drvdata;
}

static inline void mdev_set_drvdata(struct mdev_device *mdev, void *data)
{
	mdev->drvdata = data;
}

static inline struct device *mdev_dev(struct mdev_device *mdev)
{
	return &mdev->dev;
}

static inline struct mdev_device *mdev_from_dev(struct device *dev)
{
	return container_of(dev, struct mdev_device, dev);
}

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

/**
 * vr_ap_bus_next_device() - the next device on the lent ap instance's bus bound to @drv
 * @drv: the driver
 * @prev: the device before, or NULL for the first
 *
 * Bound from the moment the bus calls the driver's probe until its
 * remove returned, in the bus's order (adapter, then domain).
 *
 * Return: the device, or NULL after the last (and without a lent
 * instance).
 */
VR_API struct device *vr_ap_bus_next_device(struct device_driver *drv, struct device *prev);

/* Reference counting of devices: the bus's devices live as long as the instance. */
static inline struct device *get_device(struct device *dev)
{
	return dev;
}

static inline void put_device(struct device *dev)
{
	(void)dev;
}

/*
 * The first device bound to @drv after @start that @match accepts, or
 * NULL (@data const, as from 5.3 on).
 */
static inline struct device *driver_find_device(struct device_driver *drv, struct device *start,
						const void *data,
						int (*match)(struct device *dev, const void *data))
{
	struct device *dev = start;

	if (!drv || !match)
		return NULL;
	while ((dev = vr_ap_bus_next_device(drv, dev)))
		if (match(dev, data))
			return get_device(dev);
	return NULL;
}

/* @fn on every device bound to @drv after @start until one returns nonzero: that value, or 0. */
static inline int driver_for_each_device(struct device_driver *drv, struct device *start,
					 void *data, int (*fn)(struct device *dev, void *data))
{
	struct device *dev = start;
	int ret = 0;

	if (!drv)
		return -EINVAL;
	while (!ret && (dev = vr_ap_bus_next_device(drv, dev)))
		ret = fn(dev, data);
	return ret;
}

struct attribute {
	const char *name;
};

struct device_attribute {
	struct attribute attr;
	ssize_t (*show)(struct device *dev, struct device_attribute *attr, char *buf);
	ssize_t (*store)(struct device *dev, struct device_attribute *attr, const char *buf,
			 size_t count);
};

#define DEVICE_ATTR_WO(_name)                                                                      \
	struct device_attribute dev_attr_##_name = { .attr = { .name = #_name },                   \
						     .store = _name##_store }
#define DEVICE_ATTR_RO(_name)                                                                      \
	struct device_attribute dev_attr_##_name = { .attr = { .name = #_name },                   \
						     .show = _name##_show }

/* A group's attrs are struct device_attribute members' attr, NULL-terminated. */
struct attribute_group {
	const char *name;
	struct attribute **attrs;
};

struct mdev_parent_ops {
	struct module *owner;
	const struct attribute_group **mdev_attr_groups;
	int (*create)(struct kobject *kobj, struct mdev_device *mdev);
	int (*remove)(struct mdev_device *mdev);
	int (*open)(struct mdev_device *mdev);
	void (*release)(struct mdev_device *mdev);
	ssize_t (*ioctl)(struct mdev_device *mdev, unsigned int cmd, unsigned long arg);
};

/**
 * mdev_register_device() - registers the parent of an instance's mdevs
 * @dev: the parent device
 * @ops: its callbacks
 *
 * Return: 0, -EINVAL (no lent ap instance), -EEXIST (one is registered).
 */
VR_API int mdev_register_device(struct device *dev, const struct mdev_parent_ops *ops);
/**
 * mdev_unregister_device() - undoes mdev_register_device()
 * @dev: the parent device
 */
VR_API void mdev_unregister_device(struct device *dev);

struct notifier_block {
	int (*notifier_call)(struct notifier_block *nb, unsigned long action, void *data);
};

#define NOTIFY_DONE 0x0000
#define NOTIFY_OK 0x0001

enum vfio_notify_type { VFIO_IOMMU_NOTIFY = 0, VFIO_GROUP_NOTIFY = 1 };
#define VFIO_IOMMU_NOTIFY_DMA_UNMAP 1UL
#define VFIO_GROUP_NOTIFY_SET_KVM 1UL

/* The slot of @type's notifier in @dev's mdev, or NULL for another type. */
static inline struct notifier_block **vr_mdev_notifier_slot(struct device *dev,
							    enum vfio_notify_type type)
{
	struct mdev_device *mdev = mdev_from_dev(dev);

	if (type == VFIO_GROUP_NOTIFY)
		return &mdev->vr_group_notifier;
	return type == VFIO_IOMMU_NOTIFY ? &mdev->vr_iommu_notifier : NULL;
}

/*
 * Registers an mdev's group (SET_KVM) or IOMMU (DMA_UNMAP) notifier: 0,
 * -EINVAL, or -EBUSY when one of the type is.
 */
static inline int vfio_register_notifier(struct device *dev, enum vfio_notify_type type,
					 unsigned long *events, struct notifier_block *nb)
{
	struct notifier_block **slot;

	if (!dev || !nb || !events)
		return -EINVAL;
	slot = vr_mdev_notifier_slot(dev, type);
	/* Both types have one event, bit 0. */
	if (!slot || (*events & ~1UL))
		return -EINVAL;
	if (*slot)
		return -EBUSY;
	*slot = nb;
	*events &= ~1UL;
	return 0;
}

/* Undoes vfio_register_notifier(): 0, or -EINVAL when @nb is not the one registered. */
static inline int vfio_unregister_notifier(struct device *dev, enum vfio_notify_type type,
					   struct notifier_block *nb)
{
	struct notifier_block **slot;

	if (!dev)
		return -EINVAL;
	slot = vr_mdev_notifier_slot(dev, type);
	if (!slot || !nb || *slot != nb)
		return -EINVAL;
	*slot = NULL;
	return 0;
}

/* The user API of a vfio device (include/uapi/linux/vfio.h). */
#define VFIO_TYPE (';')
#define VFIO_BASE 100
#define VFIO_DEVICE_GET_INFO ((VFIO_TYPE << 8) | (VFIO_BASE + 7))
#define VFIO_DEVICE_RESET ((VFIO_TYPE << 8) | (VFIO_BASE + 11))
#define VFIO_DEVICE_FLAGS_RESET (1 << 0)
#define VFIO_DEVICE_FLAGS_AP (1 << 5)

struct vfio_device_info {
	__u32 argsz;
	__u32 flags;
	__u32 num_regions;
	__u32 num_irqs;
};

struct vfio_iommu_type1_dma_unmap {
	__u32 argsz;
	__u32 flags;
	__u64 iova;
	__u64 size;
};

#endif
