// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The mdev core as far as vfio type1 needs it (torvalds/linux
 * drivers/vfio/mdev/mdev_core.c at v5.3, the parent registration of
 * master): parents, mdev create and remove, each mdev in its own iommu
 * group (v5.3 drivers/vfio/mdev/mdev_driver.c, mdev_attach_iommu()), and
 * the seed series' mdev_set_iommu_device() / mdev_get_iommu_device().
 *
 * v5.3 takes any struct device in the two iommu_device calls and
 * reaches the mdev around it with container_of(); here a device that is
 * not on mdev_bus_type is refused, since the cast would read past it.
 */
#include <virtref/iommu/iommu.h>
#include <virtref/iommu/mdev.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/slab.h>

struct bus_type mdev_bus_type = {
	.name = "mdev",
};

int mdev_register_parent(struct mdev_parent *parent, struct device *dev,
			 struct mdev_driver *mdev_driver, struct mdev_type **types,
			 unsigned int nr_types)
{
	unsigned int i;

	if (!parent || !dev || !mdev_driver || !types || !nr_types)
		return -EINVAL;
	for (i = 0; i < nr_types; i++)
		if (!types[i])
			return -EINVAL;
	parent->dev = dev;
	parent->mdev_driver = mdev_driver;
	parent->types = types;
	parent->nr_types = nr_types;
	INIT_LIST_HEAD(&parent->vr_mdevs);
	for (i = 0; i < nr_types; i++)
		types[i]->parent = parent;
	return 0;
}

/* Takes @mdev off the bus: the driver's remove, then its group. */
static void mdev_device_release(struct mdev_device *mdev)
{
	struct mdev_parent *parent = mdev->type->parent;

	if (parent->mdev_driver->remove)
		parent->mdev_driver->remove(mdev);
	iommu_group_remove_device(&mdev->dev);
	list_del(&mdev->next);
	kfree(mdev);
}

void mdev_unregister_parent(struct mdev_parent *parent)
{
	struct mdev_device *mdev, *tmp;

	if (!parent || !parent->dev)
		return;
	list_for_each_entry_safe(mdev, tmp, &parent->vr_mdevs, next)
		mdev_device_release(mdev);
	parent->dev = NULL;
}

/* A new group holding @mdev alone (v5.3's mdev_attach_iommu()). */
static int mdev_attach_iommu(struct mdev_device *mdev)
{
	struct iommu_group *group;
	int ret;

	group = iommu_group_alloc();
	if (IS_ERR(group))
		return PTR_ERR(group);
	ret = iommu_group_add_device(group, &mdev->dev);
	iommu_group_put(group);
	return ret;
}

int mdev_device_create(struct mdev_type *type, const guid_t *uuid)
{
	struct mdev_parent *parent = type ? type->parent : NULL;
	struct mdev_device *mdev, *tmp;
	int ret;

	if (!parent || !parent->dev || !uuid)
		return -EINVAL;
	list_for_each_entry(tmp, &parent->vr_mdevs, next)
		if (guid_equal(&tmp->uuid, uuid))
			return -EEXIST;
	mdev = kzalloc(sizeof(*mdev), GFP_KERNEL);
	if (!mdev)
		return -ENOMEM;
	mdev->uuid = *uuid;
	mdev->type = type;
	mdev->dev.parent = parent->dev;
	mdev->dev.bus = &mdev_bus_type;
	ret = mdev_attach_iommu(mdev);
	if (ret)
		goto out_free;
	ret = parent->mdev_driver->probe ? parent->mdev_driver->probe(mdev) : 0;
	if (ret)
		goto out_group;
	list_add_tail(&mdev->next, &parent->vr_mdevs);
	return 0;

out_group:
	iommu_group_remove_device(&mdev->dev);
out_free:
	kfree(mdev);
	return ret;
}

int mdev_device_remove(struct mdev_device *mdev)
{
	if (!mdev)
		return -EINVAL;
	if (mdev->active)
		return -EBUSY;
	mdev_device_release(mdev);
	return 0;
}

int mdev_set_iommu_device(struct device *dev, struct device *iommu_device)
{
	struct mdev_device *mdev = mdev_from_dev(dev);

	if (!mdev)
		return -EINVAL;
	mdev->iommu_device = iommu_device;
	return 0;
}

struct device *mdev_get_iommu_device(struct device *dev)
{
	struct mdev_device *mdev = mdev_from_dev(dev);

	return mdev ? mdev->iommu_device : NULL;
}
