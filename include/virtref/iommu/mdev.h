/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Mediated devices as the iommu side sees them: the mdev bus, an mdev's
 * IOMMU device (the seed series), and the parent, type and driver an
 * mdev is created under.
 *
 * mirrors: torvalds/linux drivers/vfio/mdev/mdev_private.h and
 *          include/linux/mdev.h at v5.3 (struct mdev_device: dev, type,
 *          uuid, next, iommu_device, active; to_mdev_device(),
 *          mdev_bus_type, dev_is_mdev(),
 *          mdev_dev(), mdev_from_dev(), mdev_set_iommu_device(),
 *          mdev_get_iommu_device()), and include/linux/mdev.h at master for
 *          the parent's shape (struct mdev_parent, struct mdev_type, struct
 *          mdev_driver: probe, remove; mdev_register_parent(),
 *          mdev_unregister_parent(), mdev_device_create(),
 *          mdev_device_remove()), where the parent, not a global list,
 *          holds its devices.  include/linux/uuid.h: guid_t, guid_equal().
 *
 * A created mdev is alone in a new iommu group, as v5.3's vfio_mdev
 * probe makes it (mdev_attach_iommu() in drivers/vfio/mdev/mdev_driver.c).
 */
#ifndef VIRTREF_IOMMU_MDEV_H
#define VIRTREF_IOMMU_MDEV_H

#include <stdbool.h>
#include <string.h>
#include <virtref/api.h>
#include <virtref/iommu/device.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/list.h>
#include <virtref/linux/types.h>

typedef struct {
	__u8 b[16];
} guid_t;

static inline bool guid_equal(const guid_t *u1, const guid_t *u2)
{
	return memcmp(u1, u2, sizeof(guid_t)) == 0;
}

struct mdev_device;

/* What binds to a parent's mdevs; probe is where a parent sets the IOMMU device. */
struct mdev_driver {
	int (*probe)(struct mdev_device *mdev);
	void (*remove)(struct mdev_device *mdev);
};

struct mdev_parent {
	struct device *dev;
	struct mdev_driver *mdev_driver;
	struct mdev_type **types;
	unsigned int nr_types;
	struct list_head vr_mdevs; /* the parent's mdevs (the kernel's global mdev_list) */
};

struct mdev_type {
	const char *sysfs_name;
	struct mdev_parent *parent;
};

struct mdev_device {
	struct device dev;
	guid_t uuid;
	struct list_head next;
	struct mdev_type *type;
	struct device *iommu_device; /* NULL: isolation is the vendor driver's */
	bool active;
};

VR_API extern struct bus_type mdev_bus_type;

#define dev_is_mdev(d) ((d)->bus == &mdev_bus_type)

static inline struct device *mdev_dev(struct mdev_device *mdev)
{
	return &mdev->dev;
}

/* The mdev around @dev, whatever bus @dev is on (mdev_private.h). */
#define to_mdev_device(dev) container_of(dev, struct mdev_device, dev)

static inline struct mdev_device *mdev_from_dev(struct device *dev)
{
	return dev && dev_is_mdev(dev) ? container_of(dev, struct mdev_device, dev) : NULL;
}

/**
 * mdev_register_parent() - makes @dev a parent that mdevs may be created on
 * @parent: the parent, owned by the caller until mdev_unregister_parent()
 * @dev: the parent device
 * @mdev_driver: the driver bound to each new mdev
 * @types: the parent's types; each one's parent is set to @parent
 * @nr_types: how many
 *
 * Return: 0, or -EINVAL for a NULL argument or no types.
 */
VR_API int mdev_register_parent(struct mdev_parent *parent, struct device *dev,
				struct mdev_driver *mdev_driver, struct mdev_type **types,
				unsigned int nr_types);

/**
 * mdev_unregister_parent() - removes every mdev of @parent, then @parent
 * @parent: a registered parent
 */
VR_API void mdev_unregister_parent(struct mdev_parent *parent);

/**
 * mdev_device_create() - creates an mdev of @type named @uuid
 * @type: one of a registered parent's types
 * @uuid: its name
 *
 * The mdev joins mdev_bus_type with the parent device as parent, is put
 * alone in a new iommu group, and the parent's driver probes it.
 *
 * Return: 0, -EINVAL (no type or parent), -EEXIST (the parent has an mdev
 * named @uuid), -ENOMEM, or the driver's probe error; nothing is left.
 */
VR_API int mdev_device_create(struct mdev_type *type, const guid_t *uuid);

/**
 * mdev_device_remove() - undoes mdev_device_create()
 * @mdev: the mdev
 *
 * Return: 0, or -EBUSY while it is active (open), nothing removed.
 */
VR_API int mdev_device_remove(struct mdev_device *mdev);

/**
 * mdev_set_iommu_device() - names the device whose IOMMU isolates an mdev
 * @dev: the mdev's own device
 * @iommu_device: typically the parent's PCI device; NULL for the vendor's isolation
 *
 * Return: 0, or -EINVAL when @dev is not an mdev.
 */
VR_API int mdev_set_iommu_device(struct device *dev, struct device *iommu_device);

/**
 * mdev_get_iommu_device() - what mdev_set_iommu_device() stored
 * @dev: the mdev's own device
 *
 * Return: the device, NULL when none was set or @dev is not an mdev.
 */
VR_API struct device *mdev_get_iommu_device(struct device *dev);

#endif
