// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The iommu core (src/iommu/iommu.c) against the mock driver of
 * iommu_mock.h.  Every row of the core's errno and WARN table is asserted, with
 * the page-size split of iommu_map() and its undo.
 */
#include "iommu_mock.h"

START_TEST(test_bus_and_domain_alloc)
{
	struct bus_type none = { .name = "none" };
	struct iommu_domain *d;

	mock_setup();
	ck_assert(iommu_present(&mock_bus));
	ck_assert(!iommu_present(&none));
	ck_assert(!iommu_present(NULL));
	ck_assert_errno(bus_set_iommu(&mock_bus, &bare_ops), -EBUSY);
	ck_assert_ptr_eq(mock_bus.iommu_ops, &mock_ops);
	/* The driver's capable(); false without it or without a driver. */
	mock.intr_remap = true;
	ck_assert(iommu_capable(&mock_bus, IOMMU_CAP_INTR_REMAP));
	ck_assert(!iommu_capable(&mock_bus, IOMMU_CAP_CACHE_COHERENCY));
	ck_assert(!iommu_capable(&bare_bus, IOMMU_CAP_INTR_REMAP));
	ck_assert(!iommu_capable(&none, IOMMU_CAP_INTR_REMAP));
	ck_assert(!iommu_capable(NULL, IOMMU_CAP_INTR_REMAP));
	ck_assert_ptr_null(iommu_domain_alloc(NULL));
	ck_assert_ptr_null(iommu_domain_alloc(&none));
	ck_assert_uint_eq(mock.allocs, 0);

	d = iommu_domain_alloc(&mock_bus);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(d->type, IOMMU_DOMAIN_UNMANAGED);
	ck_assert_uint_eq(d->type, 1);
	ck_assert_ptr_eq(d->ops, &mock_ops);
	ck_assert_uint_eq(d->pgsize_bitmap, 0x40201000ul);
	iommu_domain_free(d);
	ck_assert_uint_eq(mock.frees, 1);

	/* The driver's failure is the core's NULL. */
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(iommu_domain_alloc(&mock_bus));
	vr_alloc_fail_nth(0);
	mock_teardown();
}
END_TEST

START_TEST(test_probe_default_domain)
{
	struct iommu_domain *dflt;
	struct device dev;

	mock_setup();
	probe(&dev, &mock_bus, "dev0");
	ck_assert_uint_eq(mock.add_devices, 1);
	/* A default domain of type DMA (3), attached as the device joined. */
	dflt = iommu_get_domain_for_dev(&dev);
	ck_assert_ptr_nonnull(dflt);
	ck_assert_uint_eq(dflt->type, 3);
	ck_assert_uint_eq(mock.attaches, 1);
	ck_assert_ptr_eq(mock.last_attach, dflt);
	iommu_release_device(&dev);
	ck_assert_uint_eq(mock.remove_devices, 1);
	ck_assert_ptr_null(dev.iommu_group);
	ck_assert_ptr_null(dev.iommu);
	/* The group went with its last device, and its default domain with it. */
	ck_assert_uint_eq(mock.frees, 1);
	ck_assert_ptr_null(iommu_get_domain_for_dev(&dev));

	/* No driver on the bus: -EINVAL, nothing allocated. */
	memset(&dev, 0, sizeof(dev));
	dev.bus = &(struct bus_type){ .name = "none" };
	ck_assert_errno(iommu_probe_device(&dev), -EINVAL);
	ck_assert_ptr_null(dev.iommu);

	/* The driver's failure undoes the probe. */
	dev.bus = &mock_bus;
	vr_alloc_fail_nth(2);
	ck_assert_errno(iommu_probe_device(&dev), -ENOMEM);
	vr_alloc_fail_nth(0);
	ck_assert_ptr_null(dev.iommu);
	ck_assert_ptr_null(dev.iommu_group);
	mock_teardown();
}
END_TEST

static struct iommu_group *null_group(struct device *dev)
{
	(void)dev;
	return NULL;
}

START_TEST(test_device_group_errors)
{
	struct bus_type pci = { .name = "pci" };
	struct iommu_group *g;
	struct device dev = { .bus = &mock_bus };

	mock_setup();
	mock.device_group = null_group;
	ck_assert_errno(iommu_probe_device(&dev), -EINVAL);
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();
	ck_assert_ptr_null(dev.iommu);

	/* pci_device_group(): one group per PCI function, -EINVAL off PCI. */
	g = pci_device_group(&dev);
	ck_assert_errno(PTR_ERR(g), -EINVAL);
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();
	dev.bus = &pci;
	g = pci_device_group(&dev);
	ck_assert(!IS_ERR(g));
	iommu_group_put(g);
	g = generic_device_group(&dev);
	ck_assert(!IS_ERR(g));
	iommu_group_put(g);
	vr_alloc_fail_nth(1);
	ck_assert_errno(PTR_ERR(iommu_group_alloc()), -ENOMEM);
	vr_alloc_fail_nth(0);
	mock_teardown();
}
END_TEST

START_TEST(test_attach_default_domain)
{
	struct iommu_domain *d1, *d2, *dflt;
	struct device dev;

	mock_setup();
	probe(&dev, &mock_bus, "dev0");
	dflt = iommu_get_domain_for_dev(&dev);
	d1 = iommu_domain_alloc(&mock_bus);
	d2 = iommu_domain_alloc(&mock_bus);

	ck_assert_int_eq(iommu_attach_device(d1, &dev), 0);
	ck_assert_ptr_eq(iommu_get_domain_for_dev(&dev), d1);
	ck_assert_ptr_eq(mock.last_attach, d1);
	/* On a domain that is not the default: -EBUSY, for another and for the same. */
	ck_assert_errno(iommu_attach_device(d2, &dev), -EBUSY);
	ck_assert_errno(iommu_attach_device(d1, &dev), -EBUSY);
	ck_assert_uint_eq(mock.attaches, 2);
	/* Detach is the default domain attached again, whatever domain is named. */
	iommu_detach_device(d2, &dev);
	ck_assert_uint_eq(mock.attaches, 3);
	ck_assert_ptr_eq(mock.last_attach, dflt);
	ck_assert_uint_eq(mock.detaches, 0);
	ck_assert_ptr_eq(iommu_get_domain_for_dev(&dev), dflt);
	/* On the default already: nothing to do. */
	iommu_detach_device(d1, &dev);
	ck_assert_uint_eq(mock.attaches, 3);

	/* The driver's error comes back; the group stays where it was. */
	mock.attach_ret = -EPERM;
	ck_assert_errno(iommu_attach_device(d1, &dev), -EPERM);
	ck_assert_ptr_eq(iommu_get_domain_for_dev(&dev), dflt);
	mock.attach_ret = 0;

	iommu_domain_free(d1);
	iommu_domain_free(d2);
	iommu_release_device(&dev);
	ck_assert_uint_eq(mock.frees, 3);
	mock_teardown();
}
END_TEST

START_TEST(test_attach_without_default_domain)
{
	struct iommu_domain *d1, *d2;
	struct device dev, none = { .bus = &mock_bus };

	mock_setup();
	mock.no_dma_domains = true;
	probe(&dev, &mock_bus, "dev0");
	ck_assert_ptr_null(iommu_get_domain_for_dev(&dev));
	ck_assert_uint_eq(mock.attaches, 0);
	d1 = iommu_domain_alloc(&mock_bus);
	d2 = iommu_domain_alloc(&mock_bus);

	ck_assert_errno(iommu_attach_device(d1, &none), -ENODEV);
	ck_assert_int_eq(iommu_attach_device(d1, &dev), 0);
	/* No default domain: nothing stops a second attach. */
	ck_assert_int_eq(iommu_attach_device(d2, &dev), 0);
	ck_assert_ptr_eq(iommu_get_domain_for_dev(&dev), d2);
	iommu_detach_device(d1, &dev);
	ck_assert_uint_eq(mock.detaches, 1);
	ck_assert_ptr_eq(mock.last_detach, d1);
	ck_assert_ptr_null(iommu_get_domain_for_dev(&dev));
	iommu_detach_device(d1, &none);
	ck_assert_uint_eq(mock.detaches, 1);

	/* A driver without attach_dev: -ENODEV. */
	{
		struct device bare;
		struct iommu_domain *b;

		probe(&bare, &bare_bus, "bare0");
		b = iommu_domain_alloc(&bare_bus);
		ck_assert_errno(iommu_attach_device(b, &bare), -ENODEV);
		iommu_detach_device(b, &bare);
		iommu_domain_free(b);
		iommu_release_device(&bare);
	}
	iommu_domain_free(d1);
	iommu_domain_free(d2);
	iommu_release_device(&dev);
	mock_teardown();
}
END_TEST

START_TEST(test_group_of_two)
{
	struct iommu_group *group;
	struct iommu_domain *d;
	struct device a = { .bus = &mock_bus }, b = { .bus = &mock_bus };

	mock_setup();
	mock.no_dma_domains = true;
	group = iommu_group_alloc();
	ck_assert(!IS_ERR(group));
	ck_assert_int_eq(iommu_group_add_device(group, &a), 0);
	ck_assert_int_eq(iommu_group_add_device(group, &b), 0);
	/* In a group already: refused, nothing changes. */
	ck_assert_errno(iommu_group_add_device(group, &b), -EBUSY);
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();
	d = iommu_domain_alloc(&mock_bus);

	ck_assert_errno(iommu_attach_device(d, &a), -EINVAL);
	ck_assert_uint_eq(mock.attaches, 0);
	/* Detach by device of a group of two WARNs and does nothing. */
	iommu_detach_device(d, &a);
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();
	ck_assert_uint_eq(mock.detaches, 0);

	ck_assert_int_eq(iommu_attach_group(d, group), 0);
	ck_assert_uint_eq(mock.attaches, 2);
	ck_assert_ptr_eq(iommu_get_domain_for_dev(&b), d);
	iommu_detach_group(d, group);
	ck_assert_uint_eq(mock.detaches, 2);
	ck_assert_ptr_null(iommu_get_domain_for_dev(&a));

	/* A device that joins a group on a domain is attached to it; its failure undoes the join.
	 */
	ck_assert_int_eq(iommu_attach_group(d, group), 0);
	iommu_group_remove_device(&b);
	ck_assert_ptr_null(b.iommu_group);
	mock.attach_ret = -ENOSPC;
	ck_assert_errno(iommu_group_add_device(group, &b), -ENOSPC);
	ck_assert_ptr_null(b.iommu_group);
	mock.attach_ret = 0;
	ck_assert_int_eq(iommu_group_add_device(group, &b), 0);
	ck_assert_uint_eq(mock.attaches, 6);
	iommu_detach_group(d, group);

	iommu_group_remove_device(&a);
	iommu_group_remove_device(&b);
	iommu_group_remove_device(&b);
	iommu_group_put(group);
	iommu_domain_free(d);
	mock_teardown();
}
END_TEST

static int count_dev(struct device *dev, void *data)
{
	(void)dev;
	return ++*(int *)data == 2 ? -E2BIG : 0;
}

START_TEST(test_group_for_each_dev)
{
	struct iommu_group *group;
	struct device a = { 0 }, b = { 0 }, c = { 0 };
	int n = 0;

	mock_setup();
	group = iommu_group_alloc();
	ck_assert_int_eq(iommu_group_add_device(group, &a), 0);
	ck_assert_int_eq(iommu_group_add_device(group, &b), 0);
	ck_assert_int_eq(iommu_group_add_device(group, &c), 0);
	iommu_group_put(group);
	/* The walk stops at the first error and returns it. */
	ck_assert_errno(iommu_group_for_each_dev(group, &n, count_dev), -E2BIG);
	ck_assert_int_eq(n, 2);
	ck_assert_ptr_eq(iommu_group_get(&c), group);
	iommu_group_put(group);
	iommu_group_remove_device(&a);
	iommu_group_remove_device(&b);
	iommu_group_remove_device(&c);
	mock_teardown();
}
END_TEST

START_TEST(test_map_split)
{
	struct iommu_domain *d;
	struct device dev;

	mock_setup();
	probe(&dev, &mock_bus, "dev0");
	d = iommu_domain_alloc(&mock_bus);
	/* 4 KiB to reach 2 MiB alignment, two 2 MiB pages, then 4 KiB. */
	ck_assert_int_eq(iommu_map(d, 0x1ff000, 0x1ff000, 0x402000, IOMMU_READ), 0);
	ck_assert_uint_eq(mock.maps, 4);
	ck_assert_uint_eq(mock.map_size[0], 0x1000);
	ck_assert_uint_eq(mock.map_size[1], 0x200000);
	ck_assert_uint_eq(mock.map_size[2], 0x200000);
	ck_assert_uint_eq(mock.map_size[3], 0x1000);
	ck_assert_uint_eq(iommu_iova_to_phys(d, 0x200123), 0x200123);
	/* The physical address's alignment counts too: 4 KiB pages only. */
	ck_assert_int_eq(iommu_map(d, 0x40000000, 0x80001000, 0x2000, IOMMU_WRITE), 0);
	ck_assert_uint_eq(mock.maps, 6);
	ck_assert_uint_eq(mock.map_size[4], 0x1000);
	ck_assert_uint_eq(mock.map_size[5], 0x1000);
	/* A whole 1 GiB page in one call. */
	ck_assert_int_eq(iommu_map(d, 0x80000000, 0xc0000000, 0x40000000, IOMMU_READ), 0);
	ck_assert_uint_eq(mock.maps, 7);
	ck_assert_uint_eq(mock.map_size[6], 0x40000000);
	ck_assert_uint_eq(iommu_iova_to_phys(d, 0x80000010), 0xc0000010);

	/* Alignment to the smallest page size, of iova, paddr and size. */
	ck_assert_errno(iommu_map(d, 0x1800, 0x2000, 0x1000, IOMMU_READ), -EINVAL);
	ck_assert_errno(iommu_map(d, 0x2000, 0x2800, 0x1000, IOMMU_READ), -EINVAL);
	ck_assert_errno(iommu_map(d, 0x2000, 0x2000, 0x800, IOMMU_READ), -EINVAL);
	ck_assert_int_eq(iommu_map(d, 0x2000, 0x2000, 0, IOMMU_READ), 0);
	ck_assert_uint_eq(mock.maps, 7);
	/* Not a paging domain: -EINVAL; no page size: -ENODEV. */
	d->type = IOMMU_DOMAIN_IDENTITY;
	ck_assert_errno(iommu_map(d, 0x2000, 0x2000, 0x1000, IOMMU_READ), -EINVAL);
	ck_assert_uint_eq(iommu_unmap(d, 0x1ff000, 0x1000), 0);
	d->type = IOMMU_DOMAIN_UNMANAGED;
	d->pgsize_bitmap = 0;
	ck_assert_errno(iommu_map(d, 0x2000, 0x2000, 0x1000, IOMMU_READ), -ENODEV);
	ck_assert_uint_eq(iommu_unmap(d, 0x1ff000, 0x1000), 0);
	d->pgsize_bitmap = MOCK_PGSIZES;
	ck_assert_uint_eq(mock.unmaps, 0);

	/* Unmap returns what the driver removed: the 2 MiB leaf whole for 4 KiB asked. */
	ck_assert_uint_eq(iommu_unmap(d, 0x200000, 0x1000), 0x200000);
	ck_assert_uint_eq(mock.unmap_size[0], 0x1000);
	ck_assert_uint_eq(iommu_iova_to_phys(d, 0x200000), 0);
	ck_assert_uint_eq(iommu_unmap(d, 0x1ff001, 0x1000), 0);
	ck_assert_uint_eq(iommu_unmap(d, 0x1ff000, 0x1001), 0);
	/* Nothing mapped there: 0, after one driver call. */
	ck_assert_uint_eq(iommu_unmap(d, 0x10000000, 0x1000), 0);
	ck_assert_uint_eq(mock.unmaps, 2);
	/* 4 KiB + 2 MiB + 4 KiB in three calls. */
	ck_assert_uint_eq(iommu_unmap(d, 0x1ff000, 0x1000), 0x1000);
	ck_assert_uint_eq(iommu_unmap(d, 0x400000, 0x201000), 0x201000);
	ck_assert_uint_eq(mock.unmaps, 5);
	ck_assert_uint_eq(mock.unmap_size[3], 0x200000);
	ck_assert_uint_eq(mock.unmap_size[4], 0x1000);
	ck_assert_uint_eq(mock.syncs, 8);
	iommu_domain_free(d);

	/* No map, unmap or iova_to_phys in the driver. */
	{
		struct device bare;
		struct iommu_domain *b;

		probe(&bare, &bare_bus, "bare0");
		b = iommu_domain_alloc(&bare_bus);
		ck_assert_errno(iommu_map(b, 0x1000, 0x1000, 0x1000, IOMMU_READ), -ENODEV);
		ck_assert_uint_eq(iommu_unmap(b, 0x1000, 0x1000), 0);
		ck_assert_uint_eq(iommu_iova_to_phys(b, 0x1000), 0);
		iommu_domain_free(b);
		iommu_release_device(&bare);
	}
	iommu_release_device(&dev);
	mock_teardown();
}
END_TEST

START_TEST(test_map_partial_undo)
{
	struct iommu_domain *d;

	mock_setup();
	d = iommu_domain_alloc(&mock_bus);
	mock.map_fail_at = 3;
	ck_assert_errno(iommu_map(d, 0x1ff000, 0x1ff000, 0x402000, IOMMU_READ), -ENOMEM);
	ck_assert_uint_eq(mock.maps, 3);
	/* What was mapped, 4 KiB + 2 MiB, is unmapped again in one sync. */
	ck_assert_uint_eq(mock.unmaps, 2);
	ck_assert_uint_eq(mock.unmap_size[0], 0x1000);
	ck_assert_uint_eq(mock.unmap_size[1], 0x200000);
	ck_assert_uint_eq(mock.syncs, 1);
	ck_assert_uint_eq(to_mock(d)->nr_maps, 0);
	ck_assert_uint_eq(iommu_iova_to_phys(d, 0x1ff000), 0);
	/* Failing the first: nothing to undo. */
	mock.maps = 0;
	mock.map_fail_at = 1;
	ck_assert_errno(iommu_map(d, 0x1000, 0x1000, 0x1000, IOMMU_READ), -ENOMEM);
	ck_assert_uint_eq(mock.unmaps, 2);
	ck_assert_uint_eq(mock.syncs, 2);
	iommu_domain_free(d);
	mock_teardown();
}
END_TEST

START_TEST(test_feature_and_aux_table)
{
	struct bus_type none = { .name = "none" };
	struct iommu_domain *d, *b;
	struct device dev, bare, nobus = { .bus = &none };

	mock_setup();
	probe(&dev, &mock_bus, "dev0");
	probe(&bare, &bare_bus, "bare0");
	d = iommu_domain_alloc(&mock_bus);
	b = iommu_domain_alloc(&bare_bus);

	/* The driver answers. */
	ck_assert(iommu_dev_has_feature(&dev, IOMMU_DEV_FEAT_AUX));
	ck_assert(!iommu_dev_has_feature(&dev, IOMMU_DEV_FEAT_SVA));
	ck_assert(!iommu_dev_feature_enabled(&dev, IOMMU_DEV_FEAT_AUX));
	ck_assert_int_eq(iommu_dev_enable_feature(&dev, IOMMU_DEV_FEAT_AUX), 0);
	ck_assert(iommu_dev_feature_enabled(&dev, IOMMU_DEV_FEAT_AUX));
	ck_assert_errno(iommu_dev_enable_feature(&dev, IOMMU_DEV_FEAT_SVA), -ENODEV);
	ck_assert_errno(iommu_dev_disable_feature(&dev, IOMMU_DEV_FEAT_SVA), -ENODEV);
	ck_assert_int_eq(iommu_dev_disable_feature(&dev, IOMMU_DEV_FEAT_AUX), 0);
	ck_assert(!iommu_dev_feature_enabled(&dev, IOMMU_DEV_FEAT_AUX));
	/* The core does not ask whether AUX is enabled before an aux attach. */
	ck_assert_int_eq(iommu_aux_attach_device(d, &dev), 0);
	mock.aux_ret = -EPERM;
	ck_assert_errno(iommu_aux_attach_device(d, &dev), -EPERM);
	ck_assert_uint_eq(mock.aux_attaches, 2);
	ck_assert_int_eq(iommu_aux_get_pasid(d, &dev), 7);
	iommu_aux_detach_device(d, &dev);
	ck_assert_uint_eq(mock.aux_detaches, 1);

	/* No driver op: false, false, -ENODEV, -EBUSY; aux -ENODEV, nothing, -ENODEV. */
	ck_assert(!iommu_dev_has_feature(&bare, IOMMU_DEV_FEAT_AUX));
	ck_assert(!iommu_dev_feature_enabled(&bare, IOMMU_DEV_FEAT_AUX));
	ck_assert_errno(iommu_dev_enable_feature(&bare, IOMMU_DEV_FEAT_AUX), -ENODEV);
	ck_assert_errno(iommu_dev_disable_feature(&bare, IOMMU_DEV_FEAT_AUX), -EBUSY);
	ck_assert_errno(iommu_aux_attach_device(b, &bare), -ENODEV);
	iommu_aux_detach_device(b, &bare);
	ck_assert_errno(iommu_aux_get_pasid(b, &bare), -ENODEV);
	/* No driver on the bus at all: the same. */
	ck_assert(!iommu_dev_has_feature(&nobus, IOMMU_DEV_FEAT_AUX));
	ck_assert(!iommu_dev_feature_enabled(&nobus, IOMMU_DEV_FEAT_AUX));
	ck_assert_errno(iommu_dev_enable_feature(&nobus, IOMMU_DEV_FEAT_AUX), -ENODEV);
	ck_assert_errno(iommu_dev_disable_feature(&nobus, IOMMU_DEV_FEAT_AUX), -EBUSY);
	ck_assert_uint_eq(mock.aux_attaches, 2);
	ck_assert_uint_eq(mock.aux_detaches, 1);

	iommu_domain_free(d);
	iommu_domain_free(b);
	iommu_release_device(&dev);
	iommu_release_device(&bare);
	mock_teardown();
}
END_TEST

START_TEST(test_pasid_attach)
{
	static const struct iommu_ops other_ops = {
		.domain_alloc = mock_domain_alloc,
		.domain_free = mock_domain_free,
		.set_dev_pasid = mock_set_dev_pasid,
		.pgsize_bitmap = MOCK_PGSIZES,
	};
	struct bus_type other = { .name = "other" };
	struct iommu_domain *d1, *d2, *foreign, *b;
	struct device dev, dev2, bare, none = { .bus = &mock_bus };

	mock_setup();
	ck_assert_int_eq(bus_set_iommu(&other, &other_ops), 0);
	probe(&dev, &mock_bus, "dev0");
	probe(&dev2, &mock_bus, "dev1");
	probe(&bare, &bare_bus, "bare0");
	d1 = iommu_domain_alloc(&mock_bus);
	d2 = iommu_domain_alloc(&mock_bus);
	foreign = iommu_domain_alloc(&other);
	b = iommu_domain_alloc(&bare_bus);

	ck_assert_errno(iommu_attach_device_pasid(b, &bare, 5), -EOPNOTSUPP);
	ck_assert_errno(iommu_attach_device_pasid(d1, &none, 5), -ENODEV);
	ck_assert_errno(iommu_attach_device_pasid(d1, &dev, IOMMU_NO_PASID), -EINVAL);
	ck_assert_errno(iommu_attach_device_pasid(foreign, &dev, 5), -EINVAL);
	ck_assert_uint_eq(mock.set_pasids, 0);

	ck_assert_int_eq(iommu_attach_device_pasid(d1, &dev, 5), 0);
	ck_assert_uint_eq(mock.set_pasids, 1);
	ck_assert_ptr_eq(mock.last_pasid_dev, &dev);
	ck_assert_uint_eq(mock.last_pasid, 5);
	/* The PASID has a domain: -EBUSY, whichever domain asks. */
	ck_assert_errno(iommu_attach_device_pasid(d2, &dev, 5), -EBUSY);
	ck_assert_errno(iommu_attach_device_pasid(d1, &dev, 5), -EBUSY);
	ck_assert_uint_eq(mock.set_pasids, 1);
	/* One domain at two PASIDs, and at the same PASID on another device. */
	ck_assert_int_eq(iommu_attach_device_pasid(d1, &dev, 6), 0);
	ck_assert_int_eq(iommu_attach_device_pasid(d1, &dev2, 5), 0);
	/* The PASID table is the group's, apart from the normal attachment. */
	ck_assert_uint_eq(iommu_get_domain_for_dev(&dev)->type, IOMMU_DOMAIN_DMA);

	/* The driver's error: no entry is kept. */
	mock.pasid_fail_dev = &dev;
	ck_assert_errno(iommu_attach_device_pasid(d2, &dev, 9), -ENOSPC);
	mock.pasid_fail_dev = NULL;
	ck_assert_int_eq(iommu_attach_device_pasid(d2, &dev, 9), 0);
	vr_alloc_fail_nth(1);
	ck_assert_errno(iommu_attach_device_pasid(d2, &dev, 10), -ENOMEM);
	vr_alloc_fail_nth(0);

	iommu_detach_device_pasid(d1, &dev, 5);
	ck_assert_uint_eq(mock.remove_pasids, 1);
	ck_assert_ptr_eq(mock.last_pasid_dev, &dev);
	ck_assert_uint_eq(mock.last_pasid, 5);
	/* Detaching what is not attached there WARNs and tears nothing down. */
	iommu_detach_device_pasid(d1, &dev, 5);
	iommu_detach_device_pasid(d2, &dev, 6);
	iommu_detach_device_pasid(d1, &none, 6);
	ck_assert_uint_eq(vr_warn_count(), 3);
	vr_warn_reset();
	ck_assert_uint_eq(mock.remove_pasids, 1);
	ck_assert_int_eq(iommu_attach_device_pasid(d2, &dev, 5), 0);

	iommu_detach_device_pasid(d2, &dev, 5);
	iommu_detach_device_pasid(d1, &dev, 6);
	iommu_detach_device_pasid(d2, &dev, 9);
	iommu_detach_device_pasid(d1, &dev2, 5);
	ck_assert_uint_eq(mock.remove_pasids, 5);
	iommu_domain_free(d1);
	iommu_domain_free(d2);
	iommu_domain_free(foreign);
	iommu_domain_free(b);
	iommu_release_device(&dev);
	iommu_release_device(&dev2);
	iommu_release_device(&bare);
	ck_assert_int_eq(bus_set_iommu(&other, NULL), 0);
	mock_teardown();
}
END_TEST

START_TEST(test_pasid_attach_group_unwind)
{
	struct iommu_group *group;
	struct iommu_domain *d;
	struct device a = { .bus = &mock_bus }, b = { .bus = &mock_bus };

	mock_setup();
	group = iommu_group_alloc();
	ck_assert_int_eq(iommu_group_add_device(group, &a), 0);
	ck_assert_int_eq(iommu_group_add_device(group, &b), 0);
	iommu_group_put(group);
	d = iommu_domain_alloc(&mock_bus);
	/* The second device fails: the first one's PASID is removed again. */
	mock.pasid_fail_dev = &b;
	ck_assert_errno(iommu_attach_device_pasid(d, &a, 3), -ENOSPC);
	ck_assert_uint_eq(mock.set_pasids, 2);
	ck_assert_uint_eq(mock.remove_pasids, 1);
	ck_assert_ptr_eq(mock.last_pasid_dev, &a);
	mock.pasid_fail_dev = NULL;
	/* Every device of the group gets the PASID, and loses it. */
	ck_assert_int_eq(iommu_attach_device_pasid(d, &b, 3), 0);
	ck_assert_uint_eq(mock.set_pasids, 4);
	iommu_detach_device_pasid(d, &a, 3);
	ck_assert_uint_eq(mock.remove_pasids, 3);
	iommu_group_remove_device(&a);
	iommu_group_remove_device(&b);
	iommu_domain_free(d);
	mock_teardown();
}
END_TEST

/*
 * probe, alloc, attach, map (split), unmap, PASID attach and detach,
 * detach, free, release with the nth allocation failing: every step
 * that fails is undone by the caller as a driver would, and nothing is
 * left behind.  Returns whether the whole sequence ran.
 */
static bool sequence(void)
{
	struct iommu_domain *d;
	struct device dev = { .bus = &mock_bus };
	bool done = false;

	if (iommu_probe_device(&dev))
		return false;
	d = iommu_domain_alloc(&mock_bus);
	if (!d)
		goto out_release;
	if (iommu_attach_device(d, &dev))
		goto out_free;
	if (iommu_map(d, 0x1ff000, 0x1ff000, 0x402000, IOMMU_READ | IOMMU_WRITE))
		goto out_detach;
	ck_assert_uint_eq(iommu_unmap(d, 0x1ff000, 0x402000), 0x402000);
	if (iommu_attach_device_pasid(d, &dev, 4))
		goto out_detach;
	iommu_detach_device_pasid(d, &dev, 4);
	done = true;
out_detach:
	iommu_detach_device(d, &dev);
out_free:
	iommu_domain_free(d);
out_release:
	iommu_release_device(&dev);
	ck_assert_ptr_null(dev.iommu_group);
	ck_assert_ptr_null(dev.iommu);
	return done;
}

START_TEST(test_alloc_failure_sweep)
{
	uint64_t live = vr_alloc_live(), nth;

	mock_setup();
	for (nth = 1;; nth++) {
		bool done, hit;

		vr_alloc_fail_nth(nth);
		done = sequence();
		hit = vr_alloc_fault_hit();
		vr_alloc_fail_nth(0);
		ck_assert_uint_eq(vr_alloc_live(), live);
		ck_assert_uint_eq(mock.allocs, mock.frees);
		if (!hit) {
			ck_assert(done);
			break;
		}
	}
	/* dev_iommu, group, group_device, the default and the new domain, the PASID entry. */
	ck_assert_uint_eq(nth, 7);
	ck_assert_uint_eq(vr_warn_count(), 0);
	mock_teardown();
}
END_TEST

static const struct vr_test core_tests[] = {
	VR_TEST(test_bus_and_domain_alloc),
	VR_TEST(test_probe_default_domain),
	VR_TEST(test_device_group_errors),
	VR_TEST(test_attach_default_domain),
	VR_TEST(test_attach_without_default_domain),
	VR_TEST(test_group_of_two),
	VR_TEST(test_group_for_each_dev),
};

static const struct vr_test map_tests[] = {
	VR_TEST(test_map_split),
	VR_TEST(test_map_partial_undo),
};

static const struct vr_test feature_tests[] = {
	VR_TEST(test_feature_and_aux_table),
	VR_TEST(test_pasid_attach),
	VR_TEST(test_pasid_attach_group_unwind),
};

static const struct vr_test sweep_tests[] = {
	VR_TEST(test_alloc_failure_sweep),
};

static const struct vr_tcase iommu_core_tcases[] = {
	VR_TCASE("core", core_tests),
	VR_TCASE("map", map_tests),
	VR_TCASE("feature", feature_tests),
	VR_TCASE("sweep", sweep_tests),
};

const struct vr_suite vr_suite_iommu_core = VR_SUITE("iommu_core", iommu_core_tcases);
