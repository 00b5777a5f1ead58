/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfio.h in the signature of 5.8 - 5.18 (torvalds/linux
 * include/linux/vfio.h at v5.8: vfio_pin_pages() by struct device,
 * vfio_group_pin_pages() and vfio_dma_rw() by struct vfio_group), which
 * this file selects with VR_LINUX_VERSION.
 */
#define VR_LINUX_VERSION KERNEL_VERSION(5, 8, 0)
#include <virtref/linux/version.h>
#include <virtref/linux/vfio.h>
#include <virtref/warn.h>
#include "vfio_test_iommu.h"
#include "vr_test.h"

START_TEST(test_vfio_5_8_pin)
{
	struct test_iommu m = { 0 };
	struct vr_context ctx, *prev = test_iommu_enter(&ctx, &m);
	struct device *dev = (struct device *)&m;
	struct vfio_group *group = (struct vfio_group *)&m;
	unsigned long user[2] = { 0x10, 0x40 }, phys[2] = { 0 };

	ck_assert_int_eq(LINUX_VERSION_CODE, KERNEL_VERSION(5, 8, 0));
	ck_assert_int_eq(vfio_pin_pages(dev, user, 2, IOMMU_READ | IOMMU_WRITE, phys), 2);
	ck_assert_uint_eq(phys[0], 0x810);
	ck_assert_uint_eq(phys[1], 0x840);
	ck_assert_int_eq(vfio_unpin_pages(dev, user, 2), 2);
	ck_assert_int_eq(m.pinned, 0);
	ck_assert_errno(vfio_pin_pages(NULL, user, 1, IOMMU_READ, phys), -EINVAL);
	ck_assert_errno(vfio_unpin_pages(NULL, user, 1), -EINVAL);

	/* The group forms pin the same frames, all or nothing. */
	ck_assert_int_eq(vfio_group_pin_pages(group, user, 2, IOMMU_READ, phys), 2);
	ck_assert_uint_eq(phys[1], 0x840);
	ck_assert_int_eq(m.pinned, 2);
	ck_assert_int_eq(vfio_group_unpin_pages(group, user, 2), 2);
	ck_assert_int_eq(m.pinned, 0);
	m.fail_at = m.calls + 2;
	ck_assert_errno(vfio_group_pin_pages(group, user, 2, IOMMU_READ, phys), -EBUSY);
	ck_assert_int_eq(m.pinned, 0);
	ck_assert_errno(vfio_group_pin_pages(NULL, user, 1, IOMMU_READ, phys), -EINVAL);
	ck_assert_errno(vfio_group_pin_pages(group, user, 0, IOMMU_READ, phys), -EINVAL);
	ck_assert_errno(vfio_group_pin_pages(group, user, (int)VFIO_PIN_PAGES_MAX_ENTRIES + 1,
					     IOMMU_READ, phys),
			-E2BIG);
	ck_assert_errno(vfio_group_unpin_pages(NULL, user, 1), -EINVAL);
	ck_assert_errno(vfio_group_unpin_pages(group, user, 0), -EINVAL);
	ck_assert_uint_eq(vr_warn_count(), 0);
	vr_context_leave(prev);
}
END_TEST

START_TEST(test_vfio_5_8_dma_rw)
{
	struct test_iommu m = { 0 };
	struct vr_context ctx, *prev = test_iommu_enter(&ctx, &m);
	struct vfio_group *group = (struct vfio_group *)&m;
	u8 out[4] = { 1, 2, 3, 4 }, in[4] = { 0 };

	ck_assert_int_eq(vfio_dma_rw(group, 8, out, 4, true), 0);
	ck_assert_int_eq(vfio_dma_rw(group, 8, in, 4, false), 0);
	ck_assert_mem_eq(in, out, 4);
	ck_assert_uint_eq(m.bytes[11], 4);
	ck_assert_errno(vfio_dma_rw(group, 62, in, 4, false), -EFAULT);
	/* drivers/vfio/vfio.c at v5.8: !group || !data || len <= 0. */
	ck_assert_errno(vfio_dma_rw(NULL, 8, in, 4, false), -EINVAL);
	ck_assert_errno(vfio_dma_rw(group, 8, NULL, 4, false), -EINVAL);
	ck_assert_errno(vfio_dma_rw(group, 8, in, 0, false), -EINVAL);
	ck_assert_uint_eq(vr_warn_count(), 0);
	vr_context_leave(prev);
}
END_TEST

// clang-format off
static const struct vr_test vfio58_tests[] = {
	VR_TEST(test_vfio_5_8_pin),
	VR_TEST(test_vfio_5_8_dma_rw),
};

static const struct vr_tcase ccw_vfio_5_8_tcases[] = {
	VR_TCASE("vfio-5.8", vfio58_tests),
};
// clang-format on

const struct vr_suite vr_suite_ccw_vfio_5_8 = VR_SUITE("ccw_vfio_5_8", ccw_vfio_5_8_tcases);
