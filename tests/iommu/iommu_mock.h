/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A mock IOMMU driver for the suites of the iommu core, the mdev core
 * and vfio type1, in the manner of the kernel's iommufd selftest mock
 * domain (torvalds/linux drivers/iommu/iommufd/selftest.c): its own bus,
 * an operations table that records every call, and knobs that make a
 * call fail.  bare_ops is a driver without any optional operation.
 */
#ifndef VIRTREF_TESTS_IOMMU_MOCK_H
#define VIRTREF_TESTS_IOMMU_MOCK_H

#include <virtref/iommu/iommu.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/slab.h>
#include "vr_test.h"

#define MOCK_PGSIZES (0x1000ul | 0x200000ul | 0x40000000ul)
#define MOCK_MAX_MAPS 16

struct mock_map {
	unsigned long iova;
	phys_addr_t paddr;
	size_t size;
	int prot;
};

struct mock_domain {
	struct iommu_domain domain;
	struct mock_map map[MOCK_MAX_MAPS];
	unsigned int nr_maps;
};

/* What the driver was asked, and how it answers. */
static struct {
	unsigned int allocs, frees, attaches, detaches, maps, unmaps, syncs;
	unsigned int set_pasids, remove_pasids, add_devices, remove_devices;
	struct iommu_domain *last_attach, *last_detach;
	struct device *last_pasid_dev;
	u32 last_pasid;
	size_t map_size[32];
	size_t unmap_size[32];
	bool no_dma_domains;	  /* domain_alloc() refuses IOMMU_DOMAIN_DMA: no default domains */
	int attach_ret;		  /* attach_dev's answer */
	unsigned int map_fail_at; /* the nth map call fails with -ENOMEM */
	struct device *pasid_fail_dev;
	bool feat_aux;
	int aux_ret;
	unsigned int aux_attaches, aux_detaches;
	struct iommu_domain *last_aux;
	bool intr_remap, coherent; /* what capable() reports */
	struct iommu_group *(*device_group)(struct device *dev);
} mock;

static struct mock_domain *to_mock(struct iommu_domain *d)
{
	return container_of(d, struct mock_domain, domain);
}

static struct iommu_domain *mock_domain_alloc(unsigned type)
{
	struct mock_domain *m;

	if (type != IOMMU_DOMAIN_UNMANAGED && (type != IOMMU_DOMAIN_DMA || mock.no_dma_domains))
		return NULL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return NULL;
	mock.allocs++;
	m->domain.geometry.aperture_end = (1ull << 48) - 1;
	return &m->domain;
}

static void mock_domain_free(struct iommu_domain *d)
{
	mock.frees++;
	kfree(to_mock(d));
}

static int mock_attach_dev(struct iommu_domain *d, struct device *dev)
{
	(void)dev;
	mock.attaches++;
	mock.last_attach = d;
	return mock.attach_ret;
}

static void mock_detach_dev(struct iommu_domain *d, struct device *dev)
{
	(void)dev;
	mock.detaches++;
	mock.last_detach = d;
}

static int mock_map(struct iommu_domain *d, unsigned long iova, phys_addr_t paddr, size_t size,
		    int prot)
{
	struct mock_domain *m = to_mock(d);

	if (mock.maps < ARRAY_SIZE(mock.map_size))
		mock.map_size[mock.maps] = size;
	if (++mock.maps == mock.map_fail_at || m->nr_maps == MOCK_MAX_MAPS)
		return -ENOMEM;
	m->map[m->nr_maps++] = (struct mock_map){ iova, paddr, size, prot };
	return 0;
}

/* Removes the leaf at @iova whole, as Intel removes a superpage: its size. */
static size_t mock_unmap(struct iommu_domain *d, unsigned long iova, size_t size,
			 struct iommu_iotlb_gather *gather)
{
	struct mock_domain *m = to_mock(d);
	unsigned int i;

	if (mock.unmaps < ARRAY_SIZE(mock.unmap_size))
		mock.unmap_size[mock.unmaps] = size;
	mock.unmaps++;
	ck_assert_uint_eq(gather->start, ~0ul);
	for (i = 0; i < m->nr_maps; i++) {
		if (m->map[i].iova == iova) {
			size_t was = m->map[i].size;

			m->map[i] = m->map[--m->nr_maps];
			return was;
		}
	}
	return 0;
}

static void mock_iotlb_sync(struct iommu_domain *d, struct iommu_iotlb_gather *gather)
{
	(void)d;
	(void)gather;
	mock.syncs++;
}

static phys_addr_t mock_iova_to_phys(struct iommu_domain *d, dma_addr_t iova)
{
	struct mock_domain *m = to_mock(d);
	unsigned int i;

	for (i = 0; i < m->nr_maps; i++)
		if (iova >= m->map[i].iova && iova - m->map[i].iova < m->map[i].size)
			return m->map[i].paddr + (iova - m->map[i].iova);
	return 0;
}

static int mock_add_device(struct device *dev)
{
	struct iommu_group *group;

	mock.add_devices++;
	group = iommu_group_get_for_dev(dev);
	if (IS_ERR(group))
		return (int)PTR_ERR(group);
	iommu_group_put(group);
	return 0;
}

static void mock_remove_device(struct device *dev)
{
	mock.remove_devices++;
	iommu_group_remove_device(dev);
}

static struct iommu_group *mock_device_group(struct device *dev)
{
	return mock.device_group ? mock.device_group(dev) : generic_device_group(dev);
}

static bool mock_dev_has_feat(struct device *dev, enum iommu_dev_features f)
{
	(void)dev;
	return f == IOMMU_DEV_FEAT_AUX;
}

static bool mock_dev_feat_enabled(struct device *dev, enum iommu_dev_features f)
{
	(void)dev;
	return f == IOMMU_DEV_FEAT_AUX && mock.feat_aux;
}

static int mock_dev_enable_feat(struct device *dev, enum iommu_dev_features f)
{
	(void)dev;
	if (f != IOMMU_DEV_FEAT_AUX)
		return -ENODEV;
	mock.feat_aux = true;
	return 0;
}

static int mock_dev_disable_feat(struct device *dev, enum iommu_dev_features f)
{
	(void)dev;
	if (f != IOMMU_DEV_FEAT_AUX)
		return -ENODEV;
	mock.feat_aux = false;
	return 0;
}

static int mock_aux_attach_dev(struct iommu_domain *d, struct device *dev)
{
	(void)dev;
	mock.aux_attaches++;
	mock.last_aux = d;
	return mock.aux_ret;
}

static void mock_aux_detach_dev(struct iommu_domain *d, struct device *dev)
{
	(void)dev;
	mock.aux_detaches++;
	mock.last_aux = d;
}

static bool mock_capable(enum iommu_cap cap)
{
	return (cap == IOMMU_CAP_INTR_REMAP && mock.intr_remap) ||
	       (cap == IOMMU_CAP_CACHE_COHERENCY && mock.coherent);
}

static int mock_aux_get_pasid(struct iommu_domain *d, struct device *dev)
{
	(void)d;
	(void)dev;
	return 7;
}

static int mock_set_dev_pasid(struct iommu_domain *d, struct device *dev, u32 pasid)
{
	(void)d;
	mock.set_pasids++;
	mock.last_pasid_dev = dev;
	mock.last_pasid = pasid;
	return dev == mock.pasid_fail_dev ? -ENOSPC : 0;
}

static void mock_remove_dev_pasid(struct device *dev, u32 pasid)
{
	mock.remove_pasids++;
	mock.last_pasid_dev = dev;
	mock.last_pasid = pasid;
}

static const struct iommu_ops mock_ops = {
	.capable = mock_capable,
	.domain_alloc = mock_domain_alloc,
	.domain_free = mock_domain_free,
	.attach_dev = mock_attach_dev,
	.detach_dev = mock_detach_dev,
	.map = mock_map,
	.unmap = mock_unmap,
	.iotlb_sync = mock_iotlb_sync,
	.iova_to_phys = mock_iova_to_phys,
	.add_device = mock_add_device,
	.remove_device = mock_remove_device,
	.device_group = mock_device_group,
	.dev_has_feat = mock_dev_has_feat,
	.dev_feat_enabled = mock_dev_feat_enabled,
	.dev_enable_feat = mock_dev_enable_feat,
	.dev_disable_feat = mock_dev_disable_feat,
	.aux_attach_dev = mock_aux_attach_dev,
	.aux_detach_dev = mock_aux_detach_dev,
	.aux_get_pasid = mock_aux_get_pasid,
	.set_dev_pasid = mock_set_dev_pasid,
	.remove_dev_pasid = mock_remove_dev_pasid,
	.pgsize_bitmap = MOCK_PGSIZES,
};

/* Unmanaged domains only: a bare driver's groups have no default domain. */
static struct iommu_domain *bare_domain_alloc(unsigned type)
{
	return type == IOMMU_DOMAIN_UNMANAGED ? mock_domain_alloc(type) : NULL;
}

/* A driver of the v5.3 kind without any optional operation. */
static const struct iommu_ops bare_ops = {
	.domain_alloc = bare_domain_alloc,
	.domain_free = mock_domain_free,
	.add_device = mock_add_device,
	.remove_device = mock_remove_device,
	.device_group = mock_device_group,
	.pgsize_bitmap = MOCK_PGSIZES,
};

static struct bus_type mock_bus = { .name = "mock" };
static struct bus_type bare_bus = { .name = "bare" };

static void mock_setup(void)
{
	memset(&mock, 0, sizeof(mock));
	ck_assert_int_eq(bus_set_iommu(&mock_bus, &mock_ops), 0);
	ck_assert_int_eq(bus_set_iommu(&bare_bus, &bare_ops), 0);
}

static void mock_teardown(void)
{
	ck_assert_int_eq(bus_set_iommu(&mock_bus, NULL), 0);
	ck_assert_int_eq(bus_set_iommu(&bare_bus, NULL), 0);
}

/* A device on @bus probed into a group of its own. */
static void probe(struct device *dev, struct bus_type *bus, const char *name)
{
	memset(dev, 0, sizeof(*dev));
	dev->bus = bus;
	dev->init_name = name;
	ck_assert_int_eq(iommu_probe_device(dev), 0);
	ck_assert_ptr_nonnull(dev->iommu_group);
	ck_assert_ptr_nonnull(dev->iommu);
}

#endif
