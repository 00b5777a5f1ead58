/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The driver-model objects the iommu core, the Intel driver, the mdev
 * core and vfio type1 pass between them: a device on a bus, the bus's
 * IOMMU operations, and the per-device IOMMU data a driver hangs off it.
 * A translation unit includes one model's kernel headers only.
 *
 * mirrors: torvalds/linux include/linux/device.h at v5.3 (struct device:
 *          parent, bus, driver_data, archdata, iommu_group; struct
 *          bus_type: name, iommu_ops; dev_name(), dev_get_drvdata(),
 *          dev_set_drvdata()), arch/x86/include/asm/device.h at v5.3
 *          (struct dev_archdata: iommu, where the v5.3 Intel driver keeps
 *          its device_domain_info) and include/linux/iommu.h of mainline
 *          (struct dev_iommu: priv; dev_iommu_priv_get(),
 *          dev_iommu_priv_set(), where later Intel drivers keep it)
 */
#ifndef VIRTREF_IOMMU_DEVICE_H
#define VIRTREF_IOMMU_DEVICE_H

#include <stddef.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/printk.h>
#include <virtref/linux/types.h>

struct iommu_ops;
struct iommu_group;

struct bus_type {
	const char *name;
	const struct iommu_ops *iommu_ops; /* set by bus_set_iommu() */
};

struct dev_archdata {
	void *iommu; /* the v5.3 Intel driver's struct device_domain_info */
};

struct dev_iommu {
	void *priv; /* the driver's per-device data (mainline) */
};

struct device {
	struct device *parent;
	struct bus_type *bus;
	const char *init_name; /* what dev_name() returns */
	void *driver_data;
	struct dev_archdata archdata;
	struct dev_iommu *iommu; /* allocated by the core when the device is probed */
	struct iommu_group *iommu_group;
};

static inline const char *dev_name(const struct device *dev)
{
	return dev->init_name;
}

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

static inline void *dev_iommu_priv_get(struct device *dev)
{
	return dev->iommu ? dev->iommu->priv : NULL;
}

static inline void dev_iommu_priv_set(struct device *dev, void *priv)
{
	if (dev->iommu)
		dev->iommu->priv = priv;
}

/* dev_printk(): the device's name first, as the kernel prints it. */
#define vr_dev_printk(level, dev, fmt, ...)                                                        \
	vr_printk(level, "%s: " fmt, dev_name(dev), ##__VA_ARGS__)
#define dev_err(dev, fmt, ...) vr_dev_printk("err", dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...) vr_dev_printk("warn", dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...) vr_dev_printk("info", dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...) vr_dev_printk("debug", dev, fmt, ##__VA_ARGS__)

#endif
