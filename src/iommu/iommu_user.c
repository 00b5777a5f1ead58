// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * User space and the vendor drivers around the kernel files, for the op
 * table: vfio containers (the VMM's), mdev parents on the PCI functions
 * (a vendor driver whose mdevs name their parent as IOMMU device, or
 * not), and the domains a caller attaches at PASIDs.  Every call runs
 * with the instance lent (vr_iommu_enter()).
 */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/iommu/iommu.h>
#include <virtref/iommu/mdev.h>
#include <virtref/iommu/vfio.h>
#include <virtref/mem.h>
#include "iommu_host.h"

/* Where ioctl arguments are written: user memory of one page. */
#define VRI_IOMMU_ARG 0x1000ul

struct vri_pasid_attach {
	struct device *dev;
	u32 pasid;
	unsigned int domain;
	bool live;
};

struct vri_iommu_user {
	void *container[VRI_IOMMU_CONTAINERS];
	struct mdev_parent parent[VR_IOMMU_MAX_PCI];
	struct mdev_type type[VR_IOMMU_MAX_PCI];
	struct mdev_type *types[VR_IOMMU_MAX_PCI];
	struct mdev_device *mdev[VRI_IOMMU_MDEVS];
	bool set_iommu_device; /* what the vendor driver's probe does with the next mdev */
	struct mdev_device *probed;
	struct iommu_domain *domain[VRI_IOMMU_PASID_DOMAINS];
	struct vri_pasid_attach pasid[VRI_IOMMU_PASID_ATTACHES];
	struct vr_mem *args;
};

static struct vri_iommu_user *user_of(struct vr_iommu *x)
{
	if (!x->u) {
		x->u = vr_calloc(1, sizeof(*x->u));
		if (!x->u)
			return NULL;
		x->u->args = vr_mem_create("user");
		if (!x->u->args || vr_mem_add(x->u->args, VRI_IOMMU_ARG, PAGE_SIZE)) {
			vr_mem_destroy(x->u->args);
			vr_free(x->u);
			x->u = NULL;
		}
	}
	return x->u;
}

int vri_iommu_pci_group(struct device *dev)
{
	struct iommu_group *group;
	int ret;

	/* A function the driver put in no group gets its own, as pci_device_group() gives. */
	if (dev->iommu_group)
		return 0;
	group = iommu_group_alloc();
	if (IS_ERR(group))
		return (int)PTR_ERR(group);
	ret = iommu_group_add_device(group, dev);
	iommu_group_put(group);
	return ret;
}

/* The vendor driver: names the parent as IOMMU device when told to. */
static int user_mdev_probe(struct mdev_device *mdev)
{
	struct vr_iommu *x = vri_iommu_lent();

	if (WARN_ON(!x || !x->u))
		return -ENODEV;
	x->u->probed = mdev;
	return mdev_set_iommu_device(mdev_dev(mdev),
				     x->u->set_iommu_device ? mdev->dev.parent : NULL);
}

static struct mdev_driver user_mdev_driver = { .probe = user_mdev_probe };

int vri_iommu_mdev_create(struct vr_iommu *x, struct device *dev, u8 id, bool set_iommu_device,
			  unsigned int *index)
{
	struct vri_iommu_user *u = user_of(x);
	unsigned int i, slot = VRI_IOMMU_MDEVS;
	guid_t uuid = { { id } };
	int ret;

	if (!u)
		return -ENOMEM;
	for (i = 0; i < VRI_IOMMU_MDEVS && slot == VRI_IOMMU_MDEVS; i++)
		if (!u->mdev[i])
			slot = i;
	if (slot == VRI_IOMMU_MDEVS)
		return -ENOSPC;
	for (i = 0; i < x->k->nfn && &x->k->fn[i]->pdev.dev != dev; i++)
		;
	if (!u->parent[i].dev) {
		u->types[i] = &u->type[i];
		u->type[i].sysfs_name = "virtref-1";
		ret = mdev_register_parent(&u->parent[i], dev, &user_mdev_driver, &u->types[i], 1);
		if (ret)
			return ret;
	}
	u->set_iommu_device = set_iommu_device;
	u->probed = NULL;
	ret = mdev_device_create(&u->type[i], &uuid);
	if (ret)
		return ret;
	u->mdev[slot] = u->probed;
	*index = slot;
	return 0;
}

struct mdev_device *vri_iommu_mdev(struct vr_iommu *x, unsigned int index)
{
	return x->u && index < VRI_IOMMU_MDEVS ? x->u->mdev[index] : NULL;
}

int vri_iommu_container_attach(struct vr_iommu *x, unsigned int c, struct device *dev, bool attach)
{
	struct vri_iommu_user *u = user_of(x);
	struct iommu_group *group;
	int ret = 0;

	if (!u)
		return -ENOMEM;
	if (!u->container[c]) {
		void *iommu = vfio_iommu_type1_open(VFIO_TYPE1v2_IOMMU);

		if (IS_ERR(iommu))
			return (int)PTR_ERR(iommu);
		u->container[c] = iommu;
	}
	if (!dev->iommu_group && dev->bus == vr_iommu_pci_bus(x)) {
		ret = vri_iommu_pci_group(dev);
		if (ret)
			return ret;
	}
	group = iommu_group_get(dev);
	if (!group)
		return -ENODEV;
	if (attach)
		ret = vfio_iommu_type1_attach_group(u->container[c], group);
	else
		vfio_iommu_type1_detach_group(u->container[c], group);
	iommu_group_put(group);
	return ret;
}

/*
 * One ioctl on container @c with its @len-byte argument written to user
 * memory and read back: what the VMM's ioctl(2) does.
 */
static long container_ioctl(struct vr_iommu *x, unsigned int c, unsigned int cmd, void *arg,
			    size_t len)
{
	struct vri_iommu_user *u = user_of(x);
	struct vr_context *ctx = vr_context_current();
	struct vr_mem *was = ctx->user;
	long ret;

	if (!u)
		return -ENOMEM;
	if (!u->container[c])
		return -ENODEV;
	vr_mem_write(u->args, VRI_IOMMU_ARG, arg, len);
	ctx->user = u->args;
	ret = vfio_iommu_type1_ioctl(u->container[c], cmd, VRI_IOMMU_ARG);
	ctx->user = was;
	vr_mem_read(u->args, VRI_IOMMU_ARG, arg, len);
	return ret;
}

long vri_iommu_container_map(struct vr_iommu *x, unsigned int c, u64 iova, u64 vaddr, u64 size,
			     u32 flags)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map), .flags = flags, .vaddr = vaddr, .iova = iova, .size = size
	};

	return container_ioctl(x, c, VFIO_IOMMU_MAP_DMA, &map, sizeof(map));
}

long vri_iommu_container_unmap(struct vr_iommu *x, unsigned int c, u64 iova, u64 size,
			       u64 *unmapped)
{
	struct vfio_iommu_type1_dma_unmap unmap = { .argsz = sizeof(unmap),
						    .iova = iova,
						    .size = size };
	long ret = container_ioctl(x, c, VFIO_IOMMU_UNMAP_DMA, &unmap, sizeof(unmap));

	*unmapped = ret ? 0 : unmap.size;
	return ret;
}

int vri_iommu_pasid_attach(struct vr_iommu *x, unsigned int d, struct device *dev, u32 pasid,
			   bool attach)
{
	struct vri_iommu_user *u = user_of(x);
	unsigned int i, slot = VRI_IOMMU_PASID_ATTACHES;
	int ret;

	if (!u)
		return -ENOMEM;
	if (!u->domain[d]) {
		u->domain[d] = iommu_domain_alloc(vr_iommu_pci_bus(x));
		if (!u->domain[d])
			return -ENOMEM;
	}
	for (i = 0; i < VRI_IOMMU_PASID_ATTACHES; i++) {
		struct vri_pasid_attach *a = &u->pasid[i];

		if (a->live && a->dev == dev && a->pasid == pasid && a->domain == d)
			break;
		if (!a->live && slot == VRI_IOMMU_PASID_ATTACHES)
			slot = i;
	}
	if (!attach) {
		/* Only what an op attached: the core WARNs on anything else. */
		if (i == VRI_IOMMU_PASID_ATTACHES)
			return -ENOENT;
		iommu_detach_device_pasid(u->domain[d], dev, pasid);
		u->pasid[i].live = false;
		return 0;
	}
	if (slot == VRI_IOMMU_PASID_ATTACHES)
		return -ENOSPC;
	ret = iommu_attach_device_pasid(u->domain[d], dev, pasid);
	if (!ret)
		u->pasid[slot] = (struct vri_pasid_attach){ dev, pasid, d, true };
	return ret;
}

void vri_iommu_user_destroy(struct vr_iommu *x)
{
	struct vri_iommu_user *u = x->u;
	unsigned int i;

	if (!u)
		goto groups;
	for (i = 0; i < VRI_IOMMU_CONTAINERS; i++)
		vfio_iommu_type1_release(u->container[i]);
	for (i = 0; i < VRI_IOMMU_PASID_ATTACHES; i++)
		if (u->pasid[i].live)
			iommu_detach_device_pasid(u->domain[u->pasid[i].domain], u->pasid[i].dev,
						  u->pasid[i].pasid);
	for (i = 0; i < VRI_IOMMU_PASID_DOMAINS; i++)
		if (u->domain[i])
			iommu_domain_free(u->domain[i]);
	for (i = 0; i < VR_IOMMU_MAX_PCI; i++)
		mdev_unregister_parent(&u->parent[i]);
	vr_mem_destroy(u->args);
	vr_free(u);
	x->u = NULL;
groups:
	for (i = 0; i < x->k->nfn; i++)
		iommu_group_remove_device(&x->k->fn[i]->pdev.dev);
}
