// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Aux domains and PASID attach by kernel generation: each seed-era row
 * of the edge-case table (same domain twice, one domain on two devices,
 * detach of a domain never attached, disable with live aux domains, the
 * stale default PASID) is caught by a check in 5.1, and 5.11 or mainline
 * shows the fixed behaviour; the PASID teardown's descriptors, and the
 * second-level IOTLB entry the seed era's leaves behind.
 *
 * Layout of an aux test: 6a:01.0 on a DMA-API domain (pgd frame 4, DID
 * 2; PASID directory frames 32-63, leaf table frame 5, context table
 * frame 6), AUX enabled, then UNMANAGED domains from frame 7 up.
 */
#include "intel_test.h"

#define AUX_IOVA 0x40201000ull
#define AUX_PAGE 0x123456000ull

struct auxt {
	struct iti t;
	struct iommu_domain *dma;
};

static void aux_dev_up(struct iti *t, struct device *dev, struct iommu_domain *dma)
{
	ck_assert_int_eq(t->ops->attach_dev(dma, dev), 0);
	ck_assert(t->ops->dev_has_feat(dev, IOMMU_DEV_FEAT_AUX));
	ck_assert_int_eq(t->ops->dev_enable_feat(dev, IOMMU_DEV_FEAT_AUX), 0);
	ck_assert(t->ops->dev_feat_enabled(dev, IOMMU_DEV_FEAT_AUX));
}

static void aux_up(struct auxt *a, enum vr_iommu_profile p)
{
	iti_up(&a->t, p);
	a->dma = a->t.ops->domain_alloc(IOMMU_DOMAIN_DMA);
	ck_assert_ptr_nonnull(a->dma);
	aux_dev_up(&a->t, a->t.dev, a->dma);
	iti_ok(&a->t);
}

static void aux_down(struct auxt *a)
{
	vr_warn_reset();
	iti_down(&a->t);
}

START_TEST(test_enable_aux_sets_paside)
{
	struct auxt a;

	aux_up(&a, VR_IOMMU_PROFILE_5_1);
	ck_assert_uint_eq(iti_r64(&a.t, KP(6) + 8 * 32), KP(32) | 7u << 9 | 8 | 1);
	/* AUX on: an UNMANAGED domain no longer attaches normally. */
	{
		struct iommu_domain *d = iti_domain(&a.t);

		ck_assert_int_eq(a.t.ops->attach_dev(d, a.t.dev), -EPERM);
		ck_assert_int_eq(a.t.ops->aux_get_pasid(d, a.t.dev), -EINVAL);
		ck_assert_int_eq(a.t.ops->aux_attach_dev(a.dma, a.t.dev), -EPERM);
		a.t.ops->domain_free(d);
	}
	ck_assert_int_eq(a.t.ops->dev_enable_feat(a.t.dev, IOMMU_DEV_FEAT_SVA), -ENODEV);
	ck_assert_int_eq(a.t.ops->dev_disable_feat(a.t.dev, IOMMU_DEV_FEAT_SVA), -ENODEV);
	iti_ok(&a.t);
	aux_down(&a);
}
END_TEST

/* The aux PASID entry: frame 7's tables, DID 3, PASID 1 in the leaf table. */
START_TEST(test_aux_attach_entry)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct vr_iommu_translation tr;
	struct iommu_domain *d;
	struct auxt a;

	aux_up(&a, p);
	d = iti_domain(&a.t);
	ck_assert_int_eq(a.t.ops->aux_attach_dev(d, a.t.dev), 0);
	ck_assert_int_eq(a.t.ops->aux_get_pasid(d, a.t.dev), 1);
	ck_assert_uint_eq(iti_r64(&a.t, KP(5) + 64), KP(7) | 0x89);
	ck_assert_uint_eq(iti_r64(&a.t, KP(5) + 64 + 8), 3);
	ck_assert_int_eq(a.t.ops->map(d, AUX_IOVA, AUX_PAGE, 0x1000, IOMMU_READ), 0);
	tr = iti_dma(&a.t, IT_BDF, 1, AUX_IOVA + 0x10, false);
	ck_assert_int_eq(tr.status, VR_IOMMU_DMA_OK);
	ck_assert_uint_eq(tr.phys, AUX_PAGE + 0x10);
	ck_assert_uint_eq(tr.did, 3);
	/* The device's own DMA still goes through its DMA-API domain. */
	tr = iti_dma(&a.t, IT_BDF, -1, AUX_IOVA, false);
	ck_assert_int_eq(tr.status, VR_IOMMU_DMA_FAULT);
	iti_ok(&a.t);
	aux_down(&a);
}
END_TEST

/* Row 1: the same domain aux-attached twice to one device. */
START_TEST(test_same_device_twice)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct iommu_domain *d;
	struct auxt a;

	aux_up(&a, p);
	d = iti_domain(&a.t);
	ck_assert_int_eq(a.t.ops->aux_attach_dev(d, a.t.dev), 0);
	ck_assert_int_eq(a.t.ops->aux_attach_dev(d, a.t.dev), 0);
	if (p == VR_IOMMU_PROFILE_5_1) {
		ck_assert_int_eq(to_dmar_domain(d)->auxd_refcnt, 2);
		ck_assert(iti_bad(&a.t, "aux domain list corrupted"));
	} else {
		ck_assert(list_first_entry(&to_dmar_domain(d)->subdevices,
					   struct subdev_domain_info, link_domain)
				  ->users == 2);
		iti_ok(&a.t);
		a.t.ops->aux_detach_dev(d, a.t.dev);
		ck_assert_uint_eq(iti_r64(&a.t, KP(5) + 64), KP(7) | 0x89);
		iti_ok(&a.t);
		a.t.ops->aux_detach_dev(d, a.t.dev);
		ck_assert_uint_eq(iti_r64(&a.t, KP(5) + 64), 0);
		iti_ok(&a.t);
	}
	aux_down(&a);
}
END_TEST

/* Row 2: one domain aux-attached to two physical devices. */
START_TEST(test_two_devices)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct iommu_domain *d, *dma2;
	struct device *dev2;
	struct auxt a;

	aux_up(&a, p);
	dev2 = iti_add(&a.t, IT_BDF2);
	dma2 = a.t.ops->domain_alloc(IOMMU_DOMAIN_DMA);
	aux_dev_up(&a.t, dev2, dma2);
	d = iti_domain(&a.t);
	ck_assert_int_eq(a.t.ops->aux_attach_dev(d, a.t.dev), 0);
	ck_assert_int_eq(a.t.ops->aux_attach_dev(d, dev2), 0);
	ck_assert_int_eq(a.t.ops->aux_get_pasid(d, dev2), 1);
	if (p == VR_IOMMU_PROFILE_5_1) {
		ck_assert(iti_bad(&a.t, "aux domain list corrupted"));
	} else {
		iti_ok(&a.t);
		ck_assert_int_eq(iti_dma(&a.t, IT_BDF2, 1, AUX_IOVA, false).did,
				 iti_dma(&a.t, IT_BDF, 1, AUX_IOVA, false).did);
		a.t.ops->aux_detach_dev(d, a.t.dev);
		a.t.ops->aux_detach_dev(d, dev2);
		iti_ok(&a.t);
		a.t.ops->domain_free(d);
		iti_ok(&a.t);
	}
	aux_down(&a);
}
END_TEST

/* Row 4: aux detach of a domain never attached. */
START_TEST(test_detach_never_attached)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct iommu_domain *d;
	struct auxt a;

	aux_up(&a, p);
	d = iti_domain(&a.t);
	vr_warn_reset();
	a.t.ops->aux_detach_dev(d, a.t.dev);
	if (p == VR_IOMMU_PROFILE_5_1) {
		/* PASID 0 torn down: the device's own DMA is cut off. */
		ck_assert_uint_eq(iti_r64(&a.t, KP(5)), 0);
		ck_assert_uint_eq(iti_dma(&a.t, IT_BDF, -1, 0, false).fault, VR_IOMMU_FR_PE_P);
		ck_assert_int_eq(to_dmar_domain(d)->auxd_refcnt, -1);
		ck_assert(iti_bad(&a.t, "RID_PASID entry does not translate"));
		ck_assert(iti_bad(&a.t, "auxd_refcnt -1"));
	} else {
		ck_assert_uint_eq(vr_warn_count(), 1);
		ck_assert_uint_eq(iti_r64(&a.t, KP(5)), KP(4) | 0x89);
		iti_ok(&a.t);
	}
	aux_down(&a);
}
END_TEST

/* Row 5: AUX disabled with an aux domain attached; its entry outlives the domain. */
START_TEST(test_disable_with_live_aux)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct iommu_domain *d;
	struct auxt a;

	aux_up(&a, p);
	d = iti_domain(&a.t);
	ck_assert_int_eq(a.t.ops->aux_attach_dev(d, a.t.dev), 0);
	ck_assert_int_eq(a.t.ops->dev_disable_feat(a.t.dev, IOMMU_DEV_FEAT_AUX), 0);
	a.t.ops->aux_detach_dev(d, a.t.dev); /* a silent no-op */
	ck_assert_uint_eq(iti_r64(&a.t, KP(5) + 64), KP(7) | 0x89);
	a.t.ops->domain_free(d);
	ck_assert(iti_bad(&a.t, "PASID 1 translates through tables at 0x80007000 no domain owns"));
	aux_down(&a);
}
END_TEST

/* Rows 6 and 7: the default PASID outlives the last detach and is reused. */
START_TEST(test_stale_default_pasid)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct iommu_domain *d1, *d2;
	struct auxt a;

	aux_up(&a, p);
	d1 = iti_domain(&a.t);
	d2 = iti_domain(&a.t);
	ck_assert_int_eq(a.t.ops->aux_attach_dev(d1, a.t.dev), 0);
	a.t.ops->aux_detach_dev(d1, a.t.dev);
	ck_assert_int_eq(a.t.ops->aux_get_pasid(d1, a.t.dev), 1); /* freed, still reported */
	iti_ok(&a.t);
	ck_assert_int_eq(a.t.ops->aux_attach_dev(d2, a.t.dev), 0);
	ck_assert_int_eq(a.t.ops->aux_get_pasid(d2, a.t.dev), 1);
	ck_assert_int_eq(a.t.ops->aux_attach_dev(d1, a.t.dev), 0); /* no new PASID */
	ck_assert(iti_bad(&a.t, "share aux PASID 1"));
	aux_down(&a);
	(void)p;
}
END_TEST

/*
 * The teardown of an aux PASID: PASID-cache (PASID-selective), then 5.1
 * a PASID-based IOTLB invalidation, which leaves the second-level entry
 * tagged by DID 3 alone; 5.11 a domain-selective IOTLB invalidation.
 */
START_TEST(test_teardown_descriptors)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct vr_iommu_cache_entry e;
	struct iommu_domain *d;
	struct auxt a;
	u64 tail;

	aux_up(&a, p);
	d = iti_domain(&a.t);
	ck_assert_int_eq(a.t.ops->aux_attach_dev(d, a.t.dev), 0);
	ck_assert_int_eq(a.t.ops->map(d, AUX_IOVA, AUX_PAGE, 0x1000, IOMMU_READ), 0);
	ck_assert_int_eq(iti_dma(&a.t, IT_BDF, 1, AUX_IOVA, false).status, VR_IOMMU_DMA_OK);
	tail = iti_reg(&a.t, VR_IOMMU_REG_IQT, 8);
	a.t.ops->aux_detach_dev(d, a.t.dev);
	ck_assert_uint_eq(iti_r64(&a.t, KP(0) + tail), 0x100030017ull);
	ck_assert_uint_eq(iti_r64(&a.t, KP(0) + tail + 64),
			  p == VR_IOMMU_PROFILE_5_1 ? 0x100030026ull : 0x30022ull);
	ck_assert_uint_eq(iti_r64(&a.t, KP(0) + tail + 72), 0);
	if (p == VR_IOMMU_PROFILE_5_1) {
		ck_assert_uint_eq(vr_iommu_cache_count(a.t.x, 0, VR_IOMMU_CACHE_IOTLB), 1);
		ck_assert_int_eq(vr_iommu_cache_entry(a.t.x, 0, VR_IOMMU_CACHE_IOTLB, 0, &e), 0);
		ck_assert_uint_eq(e.did, 3);
		ck_assert_uint_eq(e.addr, AUX_IOVA);
		ck_assert(e.stale);
		ck_assert(iti_bad(&a.t, "stale IOTLB entry"));
	} else {
		ck_assert_uint_eq(vr_iommu_cache_count(a.t.x, 0, VR_IOMMU_CACHE_IOTLB), 0);
		iti_ok(&a.t);
	}
	aux_down(&a);
}
END_TEST

/* Mainline: no aux operations; PASID attach with the caller's PASID. */
START_TEST(test_mainline_set_dev_pasid)
{
	struct iommu_domain *dma, *d;
	struct iti t;
	u64 tail;

	iti_up(&t, VR_IOMMU_PROFILE_MAINLINE);
	ck_assert_ptr_null(t.ops->aux_attach_dev);
	ck_assert_ptr_null(t.ops->aux_detach_dev);
	ck_assert_ptr_null(t.ops->aux_get_pasid);
	ck_assert_ptr_null(t.ops->dev_has_feat);
	dma = t.ops->domain_alloc(IOMMU_DOMAIN_DMA);
	ck_assert_int_eq(t.ops->attach_dev(dma, t.dev), 0);
	d = iti_domain(&t);
	ck_assert_int_eq(t.ops->set_dev_pasid(d, t.dev, 1u << 20), -EINVAL);
	ck_assert_int_eq(t.ops->set_dev_pasid(d, t.dev, 5), 0);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 5 * 64), KP(7) | 0x89);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 5 * 64 + 8), 3);
	ck_assert_int_eq(t.ops->map(d, AUX_IOVA, AUX_PAGE, 0x1000, IOMMU_READ), 0);
	ck_assert_uint_eq(iti_dma(&t, IT_BDF, 5, AUX_IOVA + 8, false).phys, AUX_PAGE + 8);
	iti_ok(&t);
	tail = iti_reg(&t, VR_IOMMU_REG_IQT, 8);
	t.ops->remove_dev_pasid(t.dev, 5);
	ck_assert_uint_eq(iti_r64(&t, KP(0) + tail), 0x500030017ull);
	ck_assert_uint_eq(iti_r64(&t, KP(0) + tail + 64), 0x30022ull);
	ck_assert_uint_eq(vr_iommu_cache_count(t.x, 0, VR_IOMMU_CACHE_IOTLB), 0);
	ck_assert_uint_eq(iti_dma(&t, IT_BDF, 5, AUX_IOVA, false).fault, VR_IOMMU_FR_PE_P);
	iti_ok(&t);
	t.ops->domain_free(d);
	t.ops->detach_dev(dma, t.dev);
	t.ops->domain_free(dma);
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

static const struct vr_test aux_tests[] = {
	VR_TEST(test_enable_aux_sets_paside),
	VR_TEST(test_mainline_set_dev_pasid),
};

/* The seed-era profiles: 5.1 and 5.11. */
static const struct vr_test aux_profile_tests[] = {
	VR_LOOP_TEST(test_aux_attach_entry, 0, 2),
	VR_LOOP_TEST(test_same_device_twice, 0, 2),
	VR_LOOP_TEST(test_two_devices, 0, 2),
	VR_LOOP_TEST(test_detach_never_attached, 0, 2),
	VR_LOOP_TEST(test_disable_with_live_aux, 0, 2),
	VR_LOOP_TEST(test_stale_default_pasid, 0, 2),
	VR_LOOP_TEST(test_teardown_descriptors, 0, 2),
};

static const struct vr_tcase iommu_intel_aux_tcases[] = {
	VR_TCASE("aux", aux_tests),
	VR_TCASE("rows", aux_profile_tests),
};

const struct vr_suite vr_suite_iommu_intel_aux =
	VR_SUITE("iommu_intel_aux", iommu_intel_aux_tcases);
