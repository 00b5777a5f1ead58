// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The iommu core (torvalds/linux drivers/iommu/iommu.c at v5.3): the
 * bus's driver, device probe, groups and their default domains, domain
 * allocation, attach and detach, map and unmap, the per-device feature
 * and aux-domain calls of the seed series, and mainline's PASID attach
 * (iommu_attach_device_pasid(), iommu_detach_device_pasid() and
 * iommu_get_domain_for_dev_pasid() of drivers/iommu/iommu.c at master)
 * with a per-group PASID table.
 *
 * Where v5.3 dereferences what an untrusted caller may leave NULL (a
 * device without a group in iommu_group_remove_device(), a NULL domain),
 * the core fires WARN_ON() and returns an error or nothing instead.
 */
#define pr_fmt(fmt) "iommu: " fmt

#include <string.h>
#include <virtref/iommu/iommu.h>
#include <virtref/linux/bitops.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/list.h>
#include <virtref/linux/mutex.h>
#include <virtref/linux/printk.h>
#include <virtref/linux/slab.h>

/*
 * What a group holds.  The kernel counts references in two kobjects; one
 * count serves here: iommu_group_alloc() gives the caller one, every
 * member device holds one, and the group goes with the last.
 */
struct iommu_group {
	struct list_head devices;
	struct mutex mutex;
	unsigned int refs;
	struct iommu_domain *default_domain;
	struct iommu_domain *domain;
	struct list_head pasid_array; /* struct group_pasid, mainline's pasid_array */
};

struct group_device {
	struct list_head list;
	struct device *dev;
};

/* One PASID's domain in a group (mainline keeps these in an xarray). */
struct group_pasid {
	struct list_head list;
	u32 pasid;
	struct iommu_domain *domain;
};

/* v5.3's iommu_def_domain_type without iommu.passthrough= on the command line. */
static const unsigned int iommu_def_domain_type = IOMMU_DOMAIN_DMA;

int bus_set_iommu(struct bus_type *bus, const struct iommu_ops *ops)
{
	if (WARN_ON(!bus))
		return -EINVAL;
	/* NULL takes the driver away again, as later kernels allow. */
	if (!ops) {
		bus->iommu_ops = NULL;
		return 0;
	}
	if (bus->iommu_ops != NULL)
		return -EBUSY;
	bus->iommu_ops = ops;
	return 0;
}

bool iommu_present(struct bus_type *bus)
{
	return bus && bus->iommu_ops != NULL;
}

bool iommu_capable(struct bus_type *bus, enum iommu_cap cap)
{
	if (!bus || !bus->iommu_ops || !bus->iommu_ops->capable)
		return false;
	return bus->iommu_ops->capable(cap);
}

static struct iommu_domain *__iommu_domain_alloc(struct bus_type *bus, unsigned type)
{
	struct iommu_domain *domain;

	if (bus == NULL || bus->iommu_ops == NULL || !bus->iommu_ops->domain_alloc)
		return NULL;
	domain = bus->iommu_ops->domain_alloc(type);
	if (!domain)
		return NULL;
	domain->ops = bus->iommu_ops;
	domain->type = type;
	domain->pgsize_bitmap = bus->iommu_ops->pgsize_bitmap;
	return domain;
}

struct iommu_domain *iommu_domain_alloc(struct bus_type *bus)
{
	return __iommu_domain_alloc(bus, IOMMU_DOMAIN_UNMANAGED);
}

void iommu_domain_free(struct iommu_domain *domain)
{
	if (WARN_ON(!domain || !domain->ops || !domain->ops->domain_free))
		return;
	domain->ops->domain_free(domain);
}

struct iommu_group *iommu_group_alloc(void)
{
	struct iommu_group *group;

	group = kzalloc(sizeof(*group), GFP_KERNEL);
	if (!group)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&group->devices);
	INIT_LIST_HEAD(&group->pasid_array);
	mutex_init(&group->mutex);
	group->refs = 1;
	return group;
}

/* The last reference frees the group and its default domain (iommu_group_release()). */
static void iommu_group_release(struct iommu_group *group)
{
	struct group_pasid *entry, *next;

	WARN_ON(!list_empty(&group->devices));
	/* A PASID still attached when the last device left. */
	list_for_each_entry_safe(entry, next, &group->pasid_array, list) {
		WARN_ON(1);
		list_del(&entry->list);
		kfree(entry);
	}
	if (group->default_domain)
		iommu_domain_free(group->default_domain);
	mutex_destroy(&group->mutex);
	kfree(group);
}

struct iommu_group *iommu_group_get(struct device *dev)
{
	struct iommu_group *group = dev ? dev->iommu_group : NULL;

	if (group)
		group->refs++;
	return group;
}

void iommu_group_put(struct iommu_group *group)
{
	if (!group)
		return;
	if (WARN_ON(!group->refs))
		return;
	if (!--group->refs)
		iommu_group_release(group);
}

static int iommu_group_device_count(struct iommu_group *group)
{
	struct group_device *entry;
	int ret = 0;

	list_for_each_entry(entry, &group->devices, list)
		ret++;
	return ret;
}

static int __iommu_attach_device(struct iommu_domain *domain, struct device *dev)
{
	if (unlikely(domain->ops->attach_dev == NULL))
		return -ENODEV;
	return domain->ops->attach_dev(domain, dev);
}

static void __iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	if (unlikely(domain->ops->detach_dev == NULL))
		return;
	domain->ops->detach_dev(domain, dev);
}

int iommu_group_add_device(struct iommu_group *group, struct device *dev)
{
	struct group_device *device;
	int ret = 0;

	if (WARN_ON(!group || IS_ERR(group) || !dev))
		return -EINVAL;
	/* v5.3 does not look; a second group would orphan the first's entry. */
	if (WARN_ON(dev->iommu_group))
		return -EBUSY;
	device = kzalloc(sizeof(*device), GFP_KERNEL);
	if (!device)
		return -ENOMEM;
	device->dev = dev;
	group->refs++;
	dev->iommu_group = group;
	mutex_lock(&group->mutex);
	list_add_tail(&device->list, &group->devices);
	if (group->domain)
		ret = __iommu_attach_device(group->domain, dev);
	if (ret)
		list_del(&device->list);
	mutex_unlock(&group->mutex);
	if (ret) {
		dev->iommu_group = NULL;
		iommu_group_put(group);
		kfree(device);
		pr_err("%s: failed to add to iommu group: %d\n",
		       dev_name(dev) ? dev_name(dev) : "?", ret);
		return ret;
	}
	return 0;
}

void iommu_group_remove_device(struct device *dev)
{
	struct iommu_group *group = dev ? dev->iommu_group : NULL;
	struct group_device *tmp_device, *device = NULL;

	if (!group)
		return;
	mutex_lock(&group->mutex);
	list_for_each_entry(tmp_device, &group->devices, list) {
		if (tmp_device->dev == dev) {
			device = tmp_device;
			list_del(&device->list);
			break;
		}
	}
	mutex_unlock(&group->mutex);
	if (!device)
		return;
	kfree(device);
	dev->iommu_group = NULL;
	iommu_group_put(group);
}

static int __iommu_group_for_each_dev(struct iommu_group *group, void *data,
				      int (*fn)(struct device *, void *))
{
	struct group_device *device;
	int ret = 0;

	list_for_each_entry(device, &group->devices, list) {
		ret = fn(device->dev, data);
		if (ret)
			break;
	}
	return ret;
}

int iommu_group_for_each_dev(struct iommu_group *group, void *data,
			     int (*fn)(struct device *, void *))
{
	int ret;

	if (WARN_ON(!group || !fn))
		return -EINVAL;
	mutex_lock(&group->mutex);
	ret = __iommu_group_for_each_dev(group, data, fn);
	mutex_unlock(&group->mutex);
	return ret;
}

struct iommu_group *generic_device_group(struct device *dev)
{
	(void)dev;
	return iommu_group_alloc();
}

/*
 * One group per PCI function: the devices modelled have neither DMA
 * aliases nor missing ACS, so v5.3's walk up the topology never merges
 * two functions.  dev_is_pci() compares the bus's name with pci_bus_type's
 * ("pci"), which keeps the core free of the PCI model.
 */
struct iommu_group *pci_device_group(struct device *dev)
{
	if (WARN_ON(!dev || !dev->bus || !dev->bus->name || strcmp(dev->bus->name, "pci")))
		return ERR_PTR(-EINVAL);
	return iommu_group_alloc();
}

struct iommu_group *iommu_group_get_for_dev(struct device *dev)
{
	const struct iommu_ops *ops;
	struct iommu_group *group;
	int ret;

	if (WARN_ON(!dev))
		return ERR_PTR(-EINVAL);
	group = iommu_group_get(dev);
	if (group)
		return group;
	ops = dev->bus ? dev->bus->iommu_ops : NULL;
	if (!ops)
		return ERR_PTR(-EINVAL);
	if (!ops->device_group)
		return ERR_PTR(-EINVAL);
	group = ops->device_group(dev);
	if (WARN_ON_ONCE(group == NULL))
		return ERR_PTR(-EINVAL);
	if (IS_ERR(group))
		return group;

	/* A default domain, where the driver allocates one of the default type. */
	if (!group->default_domain) {
		struct iommu_domain *dom;

		dom = __iommu_domain_alloc(dev->bus, iommu_def_domain_type);
		group->default_domain = dom;
		if (!group->domain)
			group->domain = dom;
	}

	ret = iommu_group_add_device(group, dev);
	if (ret) {
		iommu_group_put(group);
		return ERR_PTR(ret);
	}
	return group;
}

/*
 * The bus notifier's BUS_NOTIFY_ADD_DEVICE: the driver's add_device,
 * which calls iommu_group_get_for_dev().  dev->iommu is mainline's
 * per-device data, allocated here for the driver (dev_iommu_get()).
 */
int iommu_probe_device(struct device *dev)
{
	const struct iommu_ops *ops;
	int ret;

	if (WARN_ON(!dev))
		return -EINVAL;
	ops = dev->bus ? dev->bus->iommu_ops : NULL;
	WARN_ON(dev->iommu_group);
	if (!ops || !ops->add_device)
		return -EINVAL;
	if (!dev->iommu) {
		dev->iommu = kzalloc(sizeof(*dev->iommu), GFP_KERNEL);
		if (!dev->iommu)
			return -ENOMEM;
	}
	ret = ops->add_device(dev);
	if (ret) {
		kfree(dev->iommu);
		dev->iommu = NULL;
	}
	return ret;
}

/* BUS_NOTIFY_REMOVED_DEVICE: the driver's remove_device, then dev_iommu_free(). */
void iommu_release_device(struct device *dev)
{
	const struct iommu_ops *ops;

	if (!dev)
		return;
	ops = dev->bus ? dev->bus->iommu_ops : NULL;
	if (dev->iommu_group && ops && ops->remove_device)
		ops->remove_device(dev);
	kfree(dev->iommu);
	dev->iommu = NULL;
}

static int iommu_group_do_attach_device(struct device *dev, void *data)
{
	return __iommu_attach_device(data, dev);
}

static int iommu_group_do_detach_device(struct device *dev, void *data)
{
	__iommu_detach_device(data, dev);
	return 0;
}

static int __iommu_attach_group(struct iommu_domain *domain, struct iommu_group *group)
{
	int ret;

	if (group->default_domain && group->domain != group->default_domain)
		return -EBUSY;
	ret = __iommu_group_for_each_dev(group, domain, iommu_group_do_attach_device);
	if (ret == 0)
		group->domain = domain;
	return ret;
}

static void __iommu_detach_group(struct iommu_domain *domain, struct iommu_group *group)
{
	int ret;

	if (!group->default_domain) {
		__iommu_group_for_each_dev(group, domain, iommu_group_do_detach_device);
		group->domain = NULL;
		return;
	}
	if (group->domain == group->default_domain)
		return;
	/* Detaching is attaching the default domain again. */
	ret = __iommu_group_for_each_dev(group, group->default_domain,
					 iommu_group_do_attach_device);
	if (ret != 0)
		WARN_ON(1);
	else
		group->domain = group->default_domain;
}

int iommu_attach_device(struct iommu_domain *domain, struct device *dev)
{
	struct iommu_group *group;
	int ret;

	if (WARN_ON(!domain || !domain->ops))
		return -EINVAL;
	group = iommu_group_get(dev);
	if (!group)
		return -ENODEV;
	/* Only a group of one device may be attached by device. */
	mutex_lock(&group->mutex);
	ret = -EINVAL;
	if (iommu_group_device_count(group) != 1)
		goto out_unlock;
	ret = __iommu_attach_group(domain, group);
out_unlock:
	mutex_unlock(&group->mutex);
	iommu_group_put(group);
	return ret;
}

void iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	struct iommu_group *group;

	if (WARN_ON(!domain || !domain->ops))
		return;
	group = iommu_group_get(dev);
	if (!group)
		return;
	mutex_lock(&group->mutex);
	if (iommu_group_device_count(group) != 1) {
		WARN_ON(1);
		goto out_unlock;
	}
	__iommu_detach_group(domain, group);
out_unlock:
	mutex_unlock(&group->mutex);
	iommu_group_put(group);
}

struct iommu_domain *iommu_get_domain_for_dev(struct device *dev)
{
	struct iommu_domain *domain;
	struct iommu_group *group;

	group = iommu_group_get(dev);
	if (!group)
		return NULL;
	domain = group->domain;
	iommu_group_put(group);
	return domain;
}

int iommu_attach_group(struct iommu_domain *domain, struct iommu_group *group)
{
	int ret;

	if (WARN_ON(!domain || !domain->ops || !group))
		return -EINVAL;
	mutex_lock(&group->mutex);
	ret = __iommu_attach_group(domain, group);
	mutex_unlock(&group->mutex);
	return ret;
}

void iommu_detach_group(struct iommu_domain *domain, struct iommu_group *group)
{
	if (WARN_ON(!domain || !domain->ops || !group))
		return;
	mutex_lock(&group->mutex);
	__iommu_detach_group(domain, group);
	mutex_unlock(&group->mutex);
}

phys_addr_t iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova)
{
	if (WARN_ON(!domain || !domain->ops))
		return 0;
	if (unlikely(domain->ops->iova_to_phys == NULL))
		return 0;
	return domain->ops->iova_to_phys(domain, iova);
}

/* The index of the highest set bit of @x, which is not 0 (the kernel's __fls()). */
static unsigned int iommu_fls(unsigned long x)
{
	return (unsigned int)(BITS_PER_LONG - 1 - __builtin_clzl(x));
}

/*
 * The largest page size of the domain that @addr_merge's alignment
 * allows and that fits in @size.  The callers have checked alignment to
 * the smallest page size, so one always remains.
 */
static size_t iommu_pgsize(struct iommu_domain *domain, unsigned long addr_merge, size_t size)
{
	unsigned int pgsize_idx;
	unsigned long pgsize;

	pgsize_idx = iommu_fls(size);
	if (likely(addr_merge)) {
		unsigned int align_pgsize_idx = (unsigned int)__ffs(addr_merge);

		pgsize_idx = min(pgsize_idx, align_pgsize_idx);
	}
	pgsize = pgsize_idx >= BITS_PER_LONG - 1 ? ~0UL : (1UL << (pgsize_idx + 1)) - 1;
	pgsize &= domain->pgsize_bitmap;
	return (size_t)1 << iommu_fls(pgsize);
}

static size_t __iommu_unmap(struct iommu_domain *domain, unsigned long iova, size_t size,
			    struct iommu_iotlb_gather *iotlb_gather)
{
	const struct iommu_ops *ops = domain->ops;
	size_t unmapped_page, unmapped = 0;
	unsigned long min_pagesz;

	if (unlikely(ops->unmap == NULL || domain->pgsize_bitmap == 0UL))
		return 0;
	if (unlikely(!(domain->type & __IOMMU_DOMAIN_PAGING)))
		return 0;
	min_pagesz = 1UL << __ffs(domain->pgsize_bitmap);
	if (!IS_ALIGNED(iova | size, min_pagesz)) {
		pr_err("unaligned: iova 0x%lx size 0x%zx min_pagesz 0x%lx\n", iova, size,
		       min_pagesz);
		return 0;
	}
	while (unmapped < size) {
		size_t pgsize = iommu_pgsize(domain, iova, size - unmapped);

		unmapped_page = ops->unmap(domain, iova, pgsize, iotlb_gather);
		if (!unmapped_page)
			break;
		iova += unmapped_page;
		unmapped += unmapped_page;
	}
	return unmapped;
}

size_t iommu_unmap(struct iommu_domain *domain, unsigned long iova, size_t size)
{
	struct iommu_iotlb_gather iotlb_gather = { .start = ~0UL };
	size_t ret;

	if (WARN_ON(!domain || !domain->ops))
		return 0;
	ret = __iommu_unmap(domain, iova, size, &iotlb_gather);
	if (domain->ops->iotlb_sync)
		domain->ops->iotlb_sync(domain, &iotlb_gather);
	return ret;
}

int iommu_map(struct iommu_domain *domain, unsigned long iova, phys_addr_t paddr, size_t size,
	      int prot)
{
	const struct iommu_ops *ops;
	unsigned long orig_iova = iova;
	unsigned long min_pagesz;
	size_t orig_size = size;
	int ret = 0;

	if (WARN_ON(!domain || !domain->ops))
		return -EINVAL;
	ops = domain->ops;
	if (unlikely(ops->map == NULL || domain->pgsize_bitmap == 0UL))
		return -ENODEV;
	if (unlikely(!(domain->type & __IOMMU_DOMAIN_PAGING)))
		return -EINVAL;
	min_pagesz = 1UL << __ffs(domain->pgsize_bitmap);
	if (!IS_ALIGNED(iova | paddr | size, min_pagesz)) {
		pr_err("unaligned: iova 0x%lx pa 0x%llx size 0x%zx min_pagesz 0x%lx\n", iova,
		       (unsigned long long)paddr, size, min_pagesz);
		return -EINVAL;
	}
	while (size) {
		size_t pgsize = iommu_pgsize(domain, iova | (unsigned long)paddr, size);

		ret = ops->map(domain, iova, paddr, pgsize, prot);
		if (ret)
			break;
		iova += pgsize;
		paddr += pgsize;
		size -= pgsize;
	}
	/* Undo what was mapped before the failure. */
	if (ret)
		iommu_unmap(domain, orig_iova, orig_size - size);
	return ret;
}

bool iommu_dev_has_feature(struct device *dev, enum iommu_dev_features feat)
{
	const struct iommu_ops *ops = dev && dev->bus ? dev->bus->iommu_ops : NULL;

	if (ops && ops->dev_has_feat)
		return ops->dev_has_feat(dev, feat);
	return false;
}

int iommu_dev_enable_feature(struct device *dev, enum iommu_dev_features feat)
{
	const struct iommu_ops *ops = dev && dev->bus ? dev->bus->iommu_ops : NULL;

	if (ops && ops->dev_enable_feat)
		return ops->dev_enable_feat(dev, feat);
	return -ENODEV;
}

/* Without the driver's op the feature cannot be turned off: -EBUSY (v5.3). */
int iommu_dev_disable_feature(struct device *dev, enum iommu_dev_features feat)
{
	const struct iommu_ops *ops = dev && dev->bus ? dev->bus->iommu_ops : NULL;

	if (ops && ops->dev_disable_feat)
		return ops->dev_disable_feat(dev, feat);
	return -EBUSY;
}

bool iommu_dev_feature_enabled(struct device *dev, enum iommu_dev_features feat)
{
	const struct iommu_ops *ops = dev && dev->bus ? dev->bus->iommu_ops : NULL;

	if (ops && ops->dev_feat_enabled)
		return ops->dev_feat_enabled(dev, feat);
	return false;
}

/* The aux calls go to the domain's driver; the core does not ask whether AUX is on. */
int iommu_aux_attach_device(struct iommu_domain *domain, struct device *dev)
{
	int ret = -ENODEV;

	if (WARN_ON(!domain || !domain->ops))
		return -EINVAL;
	if (domain->ops->aux_attach_dev)
		ret = domain->ops->aux_attach_dev(domain, dev);
	return ret;
}

void iommu_aux_detach_device(struct iommu_domain *domain, struct device *dev)
{
	if (WARN_ON(!domain || !domain->ops))
		return;
	if (domain->ops->aux_detach_dev)
		domain->ops->aux_detach_dev(domain, dev);
}

int iommu_aux_get_pasid(struct iommu_domain *domain, struct device *dev)
{
	int ret = -ENODEV;

	if (WARN_ON(!domain || !domain->ops))
		return -EINVAL;
	if (domain->ops->aux_get_pasid)
		ret = domain->ops->aux_get_pasid(domain, dev);
	return ret;
}

static struct group_pasid *iommu_group_pasid(struct iommu_group *group, u32 pasid)
{
	struct group_pasid *entry;

	list_for_each_entry(entry, &group->pasid_array, list)
		if (entry->pasid == pasid)
			return entry;
	return NULL;
}

/* Undoes set_dev_pasid on the group's devices before @last (all of them for NULL). */
static void __iommu_remove_group_pasid(struct iommu_group *group, u32 pasid,
				       struct group_device *last)
{
	struct group_device *device;

	list_for_each_entry(device, &group->devices, list) {
		struct bus_type *bus = device->dev->bus;
		const struct iommu_ops *ops = bus ? bus->iommu_ops : NULL;

		if (device == last)
			break;
		if (ops && ops->remove_dev_pasid)
			ops->remove_dev_pasid(device->dev, pasid);
	}
}

static int __iommu_set_group_pasid(struct iommu_domain *domain, struct iommu_group *group,
				   u32 pasid)
{
	struct group_device *device;
	int ret;

	list_for_each_entry(device, &group->devices, list) {
		ret = domain->ops->set_dev_pasid(domain, device->dev, pasid);
		if (ret) {
			__iommu_remove_group_pasid(group, pasid, device);
			return ret;
		}
	}
	return 0;
}

int iommu_attach_device_pasid(struct iommu_domain *domain, struct device *dev, u32 pasid)
{
	struct iommu_group *group;
	struct group_pasid *entry;
	int ret;

	if (WARN_ON(!domain || !domain->ops))
		return -EINVAL;
	if (!domain->ops->set_dev_pasid)
		return -EOPNOTSUPP;
	group = iommu_group_get(dev);
	if (!group)
		return -ENODEV;
	if (!dev->bus || dev->bus->iommu_ops != domain->ops || pasid == IOMMU_NO_PASID) {
		ret = -EINVAL;
		goto out_put;
	}
	mutex_lock(&group->mutex);
	if (iommu_group_pasid(group, pasid)) {
		ret = -EBUSY;
		goto out_unlock;
	}
	entry = kzalloc(sizeof(*entry), GFP_KERNEL);
	if (!entry) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	entry->pasid = pasid;
	entry->domain = domain;
	ret = __iommu_set_group_pasid(domain, group, pasid);
	if (ret)
		kfree(entry);
	else
		list_add_tail(&entry->list, &group->pasid_array);
out_unlock:
	mutex_unlock(&group->mutex);
out_put:
	iommu_group_put(group);
	return ret;
}

/*
 * Mainline removes the PASID from every device and then WARNs when the
 * array held another domain there; here a PASID that @domain does not
 * hold is left alone after the WARN, so a caller's mistake cannot tear
 * down someone else's attachment.
 */
void iommu_detach_device_pasid(struct iommu_domain *domain, struct device *dev, u32 pasid)
{
	struct iommu_group *group;
	struct group_pasid *entry;

	group = iommu_group_get(dev);
	if (WARN_ON(!group))
		return;
	mutex_lock(&group->mutex);
	entry = iommu_group_pasid(group, pasid);
	if (!WARN_ON(!entry || entry->domain != domain)) {
		__iommu_remove_group_pasid(group, pasid, NULL);
		list_del(&entry->list);
		kfree(entry);
	}
	mutex_unlock(&group->mutex);
	iommu_group_put(group);
}

/*
 * The domain attached at @pasid of @dev's group, or NULL; of another
 * @type than asked (0: any), ERR_PTR(-EBUSY).  A caller asks this before
 * a detach, whose contract is that the domain was attached there.
 */
struct iommu_domain *iommu_get_domain_for_dev_pasid(struct device *dev, u32 pasid,
						    unsigned int type)
{
	struct iommu_domain *domain = NULL;
	struct iommu_group *group;
	struct group_pasid *entry;

	group = iommu_group_get(dev);
	if (!group)
		return NULL;
	mutex_lock(&group->mutex);
	entry = iommu_group_pasid(group, pasid);
	if (entry)
		domain = type && entry->domain->type != type ? ERR_PTR(-EBUSY) : entry->domain;
	mutex_unlock(&group->mutex);
	iommu_group_put(group);
	return domain;
}
