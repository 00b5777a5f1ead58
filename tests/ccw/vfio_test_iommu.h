/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * An IOMMU for the tests of include/virtref/linux/vfio.h in one kernel's
 * signature: iova frame n is host frame n + 0x800, and 64 bytes at iova
 * 0 are what vfio_dma_rw() reaches.  Lent through a context, as a model
 * lends its environment.
 */
#ifndef VIRTREF_TESTS_CCW_VFIO_TEST_IOMMU_H
#define VIRTREF_TESTS_CCW_VFIO_TEST_IOMMU_H

#include <stdint.h>
#include <string.h>
#include <virtref/context.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/mm.h>

struct test_iommu {
	int pinned;
	int calls;
	int fail_at; /* the pin call (1-based) that fails with -EBUSY; 0: none */
	uint8_t bytes[64];
};

static inline int test_iommu_pin(void *data, uint64_t iova, int npage, int prot, uint64_t *pfn)
{
	struct test_iommu *m = data;

	(void)prot;
	if (++m->calls == m->fail_at)
		return -EBUSY;
	m->pinned += npage;
	for (int i = 0; i < npage; i++)
		pfn[i] = (iova >> PAGE_SHIFT) + 0x800 + (uint64_t)i;
	return 0;
}

static inline void test_iommu_unpin(void *data, uint64_t iova, int npage)
{
	struct test_iommu *m = data;

	(void)iova;
	m->pinned -= npage;
}

static inline int test_iommu_dma_rw(void *data, uint64_t iova, void *buf, size_t len, bool write)
{
	struct test_iommu *m = data;

	if (iova > sizeof(m->bytes) || len > sizeof(m->bytes) - iova)
		return -EFAULT;
	if (write)
		memcpy(m->bytes + iova, buf, len);
	else
		memcpy(buf, m->bytes + iova, len);
	return 0;
}

static const struct vr_env_ops test_iommu_ops = {
	.pin = test_iommu_pin,
	.unpin = test_iommu_unpin,
	.dma_rw = test_iommu_dma_rw,
};

/* Enters a context that lends @m; returns the previous one. */
static inline struct vr_context *test_iommu_enter(struct vr_context *ctx, struct test_iommu *m)
{
	vr_context_init(ctx);
	ctx->env = &test_iommu_ops;
	ctx->env_data = m;
	return vr_context_enter(ctx);
}

#endif
