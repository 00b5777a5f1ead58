// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The Intel driver under the iommu core: a probed function sits in its
 * group's default DMA-API domain; domains come from iommu_domain_alloc(),
 * attach and detach go through the group, the aux calls through the
 * core's dispatch (mainline's driver has none: -ENODEV), PASID attach
 * through iommu_attach_device_pasid().
 */
#include "intel_test.h"

static struct device *probed(struct iti *t, u16 bdf)
{
	struct vr_iommu_pci_config pc;
	struct device *dev = NULL;

	iti_pci_default(&pc, bdf);
	pc.probe = true;
	ck_assert_int_eq(vr_iommu_pci_add(t->x, 0, &pc, &dev), 0);
	return dev;
}

START_TEST(test_probe_and_attach)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct iommu_domain *def, *d;
	struct device *dev;
	struct iti t;

	iti_up(&t, p);
	dev = probed(&t, 0x2000);
	def = iommu_get_domain_for_dev(dev);
	ck_assert_ptr_nonnull(def);
	ck_assert_uint_eq(def->type, IOMMU_DOMAIN_DMA);
	ck_assert_uint_eq(iti_dma(&t, 0x2000, -1, 0, false).fault, VR_IOMMU_FR_READ);
	ck_assert_uint_eq(iti_dma(&t, 0x2000, -1, 0, false).did, 2);
	d = iommu_domain_alloc(vr_iommu_pci_bus(t.x));
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(iommu_attach_device(d, dev), 0);
	ck_assert_ptr_eq(iommu_get_domain_for_dev(dev), d);
	/* The core splits 2 MiB + 4 KiB into a superpage and a page. */
	ck_assert_int_eq(iommu_map(d, 0x200000, 0x40000000, 0x201000, IOMMU_READ), 0);
	ck_assert_uint_eq(iti_dma(&t, 0x2000, -1, 0x200010, false).page_shift, 21);
	ck_assert_uint_eq(iti_dma(&t, 0x2000, -1, 0x400010, false).phys, 0x40200010ull);
	ck_assert_uint_eq(iommu_unmap(d, 0x200000, 0x201000), 0x201000);
	iti_ok(&t);
	/* Detach puts the device back on its default domain. */
	iommu_detach_device(d, dev);
	ck_assert_ptr_eq(iommu_get_domain_for_dev(dev), def);
	ck_assert_uint_eq(iti_dma(&t, 0x2000, -1, 0, false).did, 2);
	iti_ok(&t);
	iommu_domain_free(d);
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

START_TEST(test_aux_through_the_core)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct iommu_domain *d;
	struct device *dev;
	struct iti t;

	iti_up(&t, p);
	dev = probed(&t, 0x2000);
	d = iommu_domain_alloc(vr_iommu_pci_bus(t.x));
	if (p == VR_IOMMU_PROFILE_MAINLINE) {
		ck_assert_int_eq(iommu_dev_enable_feature(dev, IOMMU_DEV_FEAT_AUX), -ENODEV);
		ck_assert_int_eq(iommu_aux_attach_device(d, dev), -ENODEV);
		ck_assert_int_eq(iommu_aux_get_pasid(d, dev), -ENODEV);
		ck_assert_int_eq(iommu_attach_device_pasid(d, dev, 0), -EINVAL);
		ck_assert_ptr_null(iommu_get_domain_for_dev_pasid(dev, 3, 0));
		ck_assert_int_eq(iommu_attach_device_pasid(d, dev, 3), 0);
		ck_assert_int_eq(iommu_attach_device_pasid(d, dev, 3), -EBUSY);
		ck_assert_ptr_eq(iommu_get_domain_for_dev_pasid(dev, 3, 0), d);
		ck_assert_ptr_eq(iommu_get_domain_for_dev_pasid(dev, 3, IOMMU_DOMAIN_UNMANAGED), d);
		ck_assert_ptr_eq(iommu_get_domain_for_dev_pasid(dev, 3, IOMMU_DOMAIN_DMA),
				 ERR_PTR(-EBUSY));
		ck_assert_ptr_null(iommu_get_domain_for_dev_pasid(dev, 4, 0));
		ck_assert_int_eq(iommu_map(d, 0x1000, 0x8000, 0x1000, IOMMU_READ), 0);
		ck_assert_uint_eq(iti_dma(&t, 0x2000, 3, 0x1010, false).phys, 0x8010);
		iommu_detach_device_pasid(d, dev, 3);
		ck_assert_ptr_null(iommu_get_domain_for_dev_pasid(dev, 3, 0));
		ck_assert_uint_eq(iti_dma(&t, 0x2000, 3, 0x1010, false).fault, VR_IOMMU_FR_PE_P);
	} else {
		ck_assert(iommu_dev_has_feature(dev, IOMMU_DEV_FEAT_AUX));
		ck_assert_int_eq(iommu_dev_enable_feature(dev, IOMMU_DEV_FEAT_AUX), 0);
		ck_assert(iommu_dev_feature_enabled(dev, IOMMU_DEV_FEAT_AUX));
		ck_assert_int_eq(iommu_attach_device(d, dev), -EPERM);
		ck_assert_int_eq(iommu_aux_attach_device(d, dev), 0);
		ck_assert_int_eq(iommu_aux_get_pasid(d, dev), 1);
		ck_assert_int_eq(iommu_map(d, 0x1000, 0x8000, 0x1000, IOMMU_READ), 0);
		ck_assert_uint_eq(iti_dma(&t, 0x2000, 1, 0x1010, false).phys, 0x8010);
		ck_assert_uint_eq(iommu_unmap(d, 0x1000, 0x1000), 0x1000);
		iommu_aux_detach_device(d, dev);
		ck_assert_uint_eq(iti_dma(&t, 0x2000, 1, 0x1010, false).fault, VR_IOMMU_FR_PE_P);
	}
	iti_ok(&t);
	iommu_domain_free(d);
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

static const struct vr_test core_tests[] = {
	VR_LOOP_TEST(test_probe_and_attach, 0, VR_IOMMU_NR_PROFILES),
	VR_LOOP_TEST(test_aux_through_the_core, 0, VR_IOMMU_NR_PROFILES),
};

static const struct vr_tcase iommu_intel_core_tcases[] = {
	VR_TCASE("core", core_tests),
};

const struct vr_suite vr_suite_iommu_intel_core =
	VR_SUITE("iommu_intel_core", iommu_intel_core_tcases);
