/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfio.h in the signature of 5.19 (torvalds/linux include/linux/vfio.h
 * at v5.19: vfio_pin_pages(), vfio_unpin_pages() and vfio_dma_rw() by
 * struct vfio_device, the first two still on frame arrays), which this
 * file selects with VR_LINUX_VERSION.
 */
#define VR_LINUX_VERSION KERNEL_VERSION(5, 19, 0)
#include <virtref/linux/version.h>
#include <virtref/linux/vfio.h>
#include <virtref/warn.h>
#include "vfio_test_iommu.h"
#include "vr_test.h"

START_TEST(test_vfio_5_19)
{
	struct test_iommu m = { 0 };
	struct vr_context ctx, *prev = test_iommu_enter(&ctx, &m);
	struct vfio_device *vdev = (struct vfio_device *)&m;
	unsigned long user[3] = { 0x10, 0x11, 0x40 }, phys[3] = { 0 };
	u8 out[2] = { 0xab, 0xcd }, in[2] = { 0 };

	ck_assert_int_eq(LINUX_VERSION_CODE, KERNEL_VERSION(5, 19, 0));
	ck_assert_int_eq(vfio_pin_pages(vdev, user, 3, IOMMU_READ | IOMMU_WRITE, phys), 3);
	ck_assert_uint_eq(phys[0], 0x810);
	ck_assert_uint_eq(phys[1], 0x811);
	ck_assert_uint_eq(phys[2], 0x840);
	ck_assert_int_eq(m.pinned, 3);
	ck_assert_int_eq(vfio_unpin_pages(vdev, user, 3), 3);
	ck_assert_int_eq(m.pinned, 0);
	/* The third page fails: the first two are unpinned again. */
	m.fail_at = m.calls + 3;
	ck_assert_errno(vfio_pin_pages(vdev, user, 3, IOMMU_READ, phys), -EBUSY);
	ck_assert_int_eq(m.pinned, 0);
	ck_assert_errno(vfio_pin_pages(NULL, user, 1, IOMMU_READ, phys), -EINVAL);
	ck_assert_errno(vfio_pin_pages(vdev, user, 1, IOMMU_READ, NULL), -EINVAL);
	ck_assert_errno(vfio_unpin_pages(vdev, user, (int)VFIO_PIN_PAGES_MAX_ENTRIES + 1), -E2BIG);

	ck_assert_int_eq(vfio_dma_rw(vdev, 60, out, 2, true), 0);
	ck_assert_int_eq(vfio_dma_rw(vdev, 60, in, 2, false), 0);
	ck_assert_mem_eq(in, out, 2);
	ck_assert_errno(vfio_dma_rw(vdev, 63, in, 2, false), -EFAULT);
	ck_assert_errno(vfio_dma_rw(vdev, 0, in, 0, false), -EINVAL);
	ck_assert_uint_eq(vr_warn_count(), 0);
	vr_context_leave(prev);
}
END_TEST

// clang-format off
static const struct vr_test vfio519_tests[] = {
	VR_TEST(test_vfio_5_19),
};

static const struct vr_tcase ccw_vfio_5_19_tcases[] = {
	VR_TCASE("vfio-5.19", vfio519_tests),
};
// clang-format on

const struct vr_suite vr_suite_ccw_vfio_5_19 = VR_SUITE("ccw_vfio_5_19", ccw_vfio_5_19_tcases);
