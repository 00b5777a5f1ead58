// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The Intel driver's second-level tables and domain ids: superpages as
 * CAP.SLLPS allows, unmap rounded up to the entry found and where no
 * table reaches, iova_to_phys by generation, the lowest free DID and its
 * exhaustion, and an allocation-failure sweep over attach, map, DMA,
 * unmap, detach and free that leaves nothing held and the caches
 * consistent.
 */
#include <virtref/alloc.h>
#include "intel_test.h"

static struct iommu_domain *attached(struct iti *t)
{
	struct iommu_domain *d = iti_domain(t);

	ck_assert_int_eq(t->ops->attach_dev(d, t->dev), 0);
	return d;
}

START_TEST(test_superpages)
{
	struct vr_iommu_translation tr;
	struct iommu_domain *d;
	struct iti t;

	iti_up(&t, VR_IOMMU_PROFILE_MAINLINE);
	d = attached(&t);
	/* 2 MiB: a PDE with PS at level 2 (frames 7, 8 for levels 3 and 2). */
	ck_assert_int_eq(t.ops->map(d, 0x40200000, 0x40000000, 0x200000, IOMMU_READ | IOMMU_WRITE),
			 0);
	ck_assert_uint_eq(iti_r64(&t, KP(8) + 8), 0x40000083ull);
	tr = iti_dma(&t, IT_BDF, -1, 0x403fffff, false);
	ck_assert_uint_eq(tr.phys, 0x401fffffull);
	ck_assert_uint_eq(tr.page_shift, 21);
	/* 1 GiB: a PDPE with PS at level 3. */
	ck_assert_int_eq(t.ops->map(d, 0x80000000, 0x100000000ull, 0x40000000, IOMMU_READ), 0);
	ck_assert_uint_eq(iti_r64(&t, KP(7) + 16), 0x100000081ull);
	ck_assert_uint_eq(iti_dma(&t, IT_BDF, -1, 0x80000010, false).page_shift, 30);
	iti_ok(&t);
	/* A 4 KiB unmap at a superpage takes it whole. */
	ck_assert_uint_eq(t.ops->unmap(d, 0x40200000, 0x1000, NULL), 0x200000);
	ck_assert_uint_eq(iti_r64(&t, KP(8) + 8), 0);
	ck_assert_uint_eq(t.ops->unmap(d, 0x80000000, 0x1000, NULL), 0x40000000);
	ck_assert_uint_eq(vr_iommu_cache_count(t.x, 0, VR_IOMMU_CACHE_IOTLB), 0);
	iti_ok(&t);
	/* Nothing mapped at level 4 entry 1: the unmap widens to its 512 GiB. */
	ck_assert_uint_eq(t.ops->unmap(d, 0x8000000000ull, 0x1000, NULL), 1ull << 39);
	iti_ok(&t);
	t.ops->detach_dev(d, t.dev);
	t.ops->domain_free(d);
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

/* Without CAP.SLLPS the same 2 MiB takes 512 leaves in a new table. */
START_TEST(test_no_superpages)
{
	struct vr_iommu_config cfg;
	struct iommu_domain *d;
	struct iti t;

	vr_iommu_config_default(&cfg);
	cfg.cap &= ~(VR_IOMMU_CAP_SLLPS_2M | VR_IOMMU_CAP_SLLPS_1G);
	iti_up_cfg(&t, &cfg);
	d = attached(&t);
	ck_assert_int_eq(t.ops->map(d, 0x40200000, 0x40000000, 0x200000, IOMMU_READ), 0);
	ck_assert_uint_eq(iti_r64(&t, KP(8) + 8), KP(9) | 3);
	ck_assert_uint_eq(iti_r64(&t, KP(9)), 0x40000001ull);
	ck_assert_uint_eq(iti_r64(&t, KP(9) + 511 * 8), 0x401ff001ull);
	ck_assert_uint_eq(iti_dma(&t, IT_BDF, -1, 0x403ff008, false).page_shift, 12);
	ck_assert_uint_eq(t.ops->unmap(d, 0x40200000, 0x200000, NULL), 0x200000);
	iti_ok(&t);
	t.ops->domain_free(d);
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

START_TEST(test_iova_to_phys)
{
	static const u64 want[VR_IOMMU_NR_PROFILES] = { 0x123456000ull, 0x123456abcull,
							0x123456abcull };
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct iommu_domain *d;
	struct iti t;

	iti_up(&t, p);
	d = attached(&t);
	ck_assert_int_eq(t.ops->map(d, 0x40201000, 0x123456000, 0x1000, IOMMU_READ), 0);
	ck_assert_uint_eq(t.ops->iova_to_phys(d, 0x40201abc), want[p]);
	ck_assert_uint_eq(t.ops->iova_to_phys(d, 0x40202abc), 0);
	ck_assert_uint_eq(t.ops->iova_to_phys(d, 1ull << 50), 0); /* beyond the width */
	/* The map reaches past the unit's 48 bits: -EFAULT. */
	ck_assert_int_eq(t.ops->map(d, (1ull << 48) - 0x1000, 0x1000, 0x2000, IOMMU_READ), -EFAULT);
	/* An unmap where no table reaches: the seed era BUG()s (a WARN here), v6.4 on returns 0. */
	ck_assert_uint_eq(t.ops->unmap(d, 1ull << 48, 0x1000, NULL), 0);
	ck_assert_uint_eq(vr_warn_count(), p == VR_IOMMU_PROFILE_MAINLINE ? 0 : 1);
	vr_warn_reset();
	ck_assert_uint_eq(iti_dma(&t, IT_BDF, -1, 0x40201abc, false).phys, 0x123456abcull);
	iti_ok(&t);
	t.ops->domain_free(d);
	iti_down(&t);
}
END_TEST

/* The lowest free DID, 0 and 1 reserved; exhaustion by profile. */
START_TEST(test_did_allocation)
{
	static const int full[VR_IOMMU_NR_PROFILES] = { -EBUSY, -EBUSY, -ENOSPC };
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct iommu_domain *d[15], *again;
	struct vr_iommu_config cfg;
	struct device *dev[15];
	struct iti t;
	int i;

	vr_iommu_config_default(&cfg);
	cfg.profile = p;
	cfg.cap &= ~7ull; /* ND 0: 16 domain ids */
	iti_up_cfg(&t, &cfg);
	dev[0] = t.dev;
	for (i = 1; i < 15; i++)
		dev[i] = iti_add(&t, (u16)(0x6b00 + 8 * i));
	for (i = 0; i < 14; i++) {
		d[i] = iti_domain(&t);
		ck_assert_int_eq(t.ops->attach_dev(d[i], dev[i]), 0);
		ck_assert_uint_eq(to_dmar_domain(d[i])->iommu_did[0], i + 2);
	}
	d[14] = iti_domain(&t);
	ck_assert_int_eq(t.ops->attach_dev(d[14], dev[14]), full[p]);
	iti_ok(&t);
	t.ops->detach_dev(d[3], dev[3]);
	ck_assert_int_eq(t.ops->attach_dev(d[14], dev[14]), 0);
	ck_assert_uint_eq(to_dmar_domain(d[14])->iommu_did[0], 5);
	iti_ok(&t);
	/* A second device on a domain shares its DID. */
	again = d[14];
	ck_assert_int_eq(t.ops->attach_dev(again, dev[3]), 0);
	ck_assert_uint_eq(to_dmar_domain(again)->iommu_refcnt[0], 2);
	ck_assert_uint_eq(iti_dma(&t, 0x6b18, -1, 0, false).did, 5);
	iti_ok(&t);
	for (i = 0; i < 15; i++)
		t.ops->domain_free(d[i]);
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

/* One pass of the swept sequence; every failure is an outcome, none a crash. */
static void sequence(struct iti *t)
{
	struct iommu_domain *d = t->ops->domain_alloc(IOMMU_DOMAIN_UNMANAGED);
	int ret;

	if (!d)
		return;
	ret = t->ops->attach_dev(d, t->dev);
	if (!ret) {
		t->ops->map(d, 0x40201000, 0x123456000, 0x2000, IOMMU_READ | IOMMU_WRITE);
		t->ops->map(d, 0x40400000, 0x40000000, 0x200000, IOMMU_READ);
		iti_dma(t, IT_BDF, -1, 0x40201000, false);
		iti_dma(t, IT_BDF, -1, 0x40401000, false);
		t->ops->unmap(d, 0x40201000, 0x2000, NULL);
		iti_dma(t, IT_BDF, -1, 0x40402000, false);
		/* 5.1's detach would leave second-level IOTLB entries: unmap first. */
		t->ops->unmap(d, 0x40400000, 0x200000, NULL);
		t->ops->detach_dev(d, t->dev);
	}
	t->ops->domain_free(d);
}

START_TEST(test_alloc_failure_sweep)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	u64 live = vr_alloc_live(), nth;
	struct iti t;
	unsigned int base;

	iti_up(&t, p);
	base = vr_iommu_kernel_pages(t.x);
	for (nth = 1;; nth++) {
		vr_warn_reset();
		vr_alloc_fail_nth(nth);
		sequence(&t);
		vr_alloc_fail_nth(0);
		iti_ok(&t);
		/* What may stay: the context table of the bus. */
		ck_assert_uint_le(vr_iommu_kernel_pages(t.x), base + 1);
		if (!vr_alloc_fault_hit())
			break;
	}
	ck_assert_uint_gt(nth, 8);
	/*
	 * A failed PASID table allocation WARNs in the teardown of the entry
	 * it never got, as the kernel does; the pass without failure does not.
	 */
	ck_assert_msg(vr_warn_count() == 0, "%s", vr_warn_first());
	vr_warn_reset();
	iti_down(&t);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

static const struct vr_test map_tests[] = {
	VR_TEST(test_superpages),
	VR_TEST(test_no_superpages),
	VR_LOOP_TEST(test_iova_to_phys, 0, VR_IOMMU_NR_PROFILES),
	VR_LOOP_TEST(test_did_allocation, 0, VR_IOMMU_NR_PROFILES),
	VR_LOOP_TEST(test_alloc_failure_sweep, 0, VR_IOMMU_NR_PROFILES),
};

static const struct vr_tcase iommu_intel_map_tcases[] = {
	VR_TCASE("map", map_tests),
};

const struct vr_suite vr_suite_iommu_intel_map =
	VR_SUITE("iommu_intel_map", iommu_intel_map_tcases);
