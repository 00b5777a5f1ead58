/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The iommu model's hot paths: one DMA translation that hits the IOTLB,
 * one full scalable-mode second-level walk from the root table to a 4 KiB
 * leaf with every check (a unit that caches nothing), and one
 * page-selective invalidation descriptor that removes one IOTLB entry.
 * The tables are laid out as in tests/iommu/iommu_test.h.  Targets, as
 * ratios to the baseline step: 7 x per IOTLB hit, 35 x per walk and per
 * descriptor (20 and 100 ns where the baseline step takes 2.8 ns).
 */
#include <stdio.h>
#include <virtref/iommu.h>
#include <virtref/mem.h>

#include "bench.h"

#define REPS 200000
#define BATCH 16 /* descriptors per tail write; 17 IOTLB entries before it */

static int w64(struct vr_iommu *x, u64 addr, u64 v)
{
	return vr_mem_write_le64(vr_iommu_mem(x), addr, v);
}

/*
 * Device 6a:01.0 with PASID 2 second-level (DID 5, IOVA 0x40201000 ->
 * 0x123456000) and PASID 3 pass-through (DID 1); a queue of 256-bit
 * descriptors at 0x200000.
 */
static struct vr_iommu *unit(bool caches)
{
	struct vr_iommu_config cfg;
	struct vr_iommu *x = NULL;
	int err = 0;

	vr_iommu_config_default(&cfg);
	cfg.caches = caches;
	if (vr_iommu_create(&cfg, &x))
		return NULL;
	err |= vr_mem_add(vr_iommu_mem(x), 0x100000, 0x4000);
	err |= vr_mem_add(vr_iommu_mem(x), 0x110000, 0x4000);
	err |= vr_mem_add(vr_iommu_mem(x), 0x200000, 0x2000);
	err |= w64(x, 0x1006a0, 0x101001);
	err |= w64(x, 0x101100, 0x102009);
	err |= w64(x, 0x102000, 0x103001);
	err |= w64(x, 0x103080, 0x110089);
	err |= w64(x, 0x103088, 5);
	err |= w64(x, 0x103090, 1);
	err |= w64(x, 0x1030c0, 0x109);
	err |= w64(x, 0x1030c8, 1);
	err |= w64(x, 0x1030d0, 1);
	err |= w64(x, 0x110000, 0x111003);
	err |= w64(x, 0x111008, 0x112003);
	err |= w64(x, 0x112008, 0x113003);
	err |= w64(x, 0x113008, 0x123456003);
	err |= vr_iommu_reg_write(x, 0, VR_IOMMU_REG_RTADDR, 8, 0x100400);
	err |= vr_iommu_reg_write(x, 0, VR_IOMMU_REG_IQA, 8, 0x200000 | VR_IOMMU_IQA_DW);
	err |= vr_iommu_reg_write(x, 0, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_SRTP);
	err |= vr_iommu_reg_write(x, 0, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_TE | VR_IOMMU_GCMD_QIE);
	if (err) {
		vr_iommu_destroy(x);
		return NULL;
	}
	return x;
}

static const struct vr_iommu_dma_request rq = {
	.sid = 0x6a08, .has_pasid = true, .pasid = 2, .addr = 0x40201abc
};

/* ns per translation of @r, or a negative value when one fails. */
static double translate_ns(struct vr_iommu *x, const struct vr_iommu_dma_request *r, u8 want_hits)
{
	struct vr_iommu_translation t;
	double t0 = vr_bench_now_ns();
	u64 acc = 0;
	int i;

	for (i = 0; i < REPS; i++) {
		if (vr_iommu_translate(x, 0, r, &t) || t.status != VR_IOMMU_DMA_OK ||
		    t.hits != want_hits)
			return -1;
		acc += t.phys;
	}
	vr_bench_keep(acc);
	return (vr_bench_now_ns() - t0) / REPS;
}

/*
 * ns per page-selective PASID-IOTLB descriptor, each removing one of the
 * BATCH + 1 entries the IOTLB holds before the tail write.
 */
static double invalidation_ns(struct vr_iommu *x)
{
	struct vr_iommu_dma_request pt = { .sid = 0x6a08, .has_pasid = true, .pasid = 3 };
	struct vr_iommu_translation t;
	double total = 0, t0;
	u64 tail = 0;
	int r, i, err = 0;

	for (r = 0; r < REPS / BATCH; r++) {
		for (i = 0; i < BATCH; i++) {
			u64 at = 0x200000 + (tail + 32 * (u64)i) % 0x1000;

			pt.addr = 0x1000ull * (i + 1);
			err |= vr_iommu_translate(x, 0, &pt, &t);
			err |= w64(x, at,
				   VR_IOMMU_QI_P_IOTLB | (3 << 4) | (1u << 16) | (3ull << 32));
			err |= w64(x, at + 8, pt.addr);
		}
		tail = (tail + 32 * BATCH) % 0x1000;
		t0 = vr_bench_now_ns();
		err |= vr_iommu_reg_write(x, 0, VR_IOMMU_REG_IQT, 8, tail);
		total += vr_bench_now_ns() - t0;
		if (err || vr_iommu_cache_count(x, 0, VR_IOMMU_CACHE_IOTLB) != 1)
			return -1;
	}
	return total / ((double)(REPS / BATCH) * BATCH);
}

int main(void)
{
	struct vr_iommu *cached = unit(true), *walking = unit(false);
	struct vr_iommu_translation t;
	double hit, walk, inval;
	int missed = 0;

	if (!cached || !walking || vr_iommu_translate(cached, 0, &rq, &t)) {
		fprintf(stderr, "iommu_translate: setting up the unit failed\n");
		return 2;
	}
	hit = translate_ns(cached, &rq,
			   VR_IOMMU_HIT_CONTEXT | VR_IOMMU_HIT_PASID | VR_IOMMU_HIT_IOTLB);
	walk = translate_ns(walking, &rq, 0);
	inval = invalidation_ns(cached);
	if (hit < 0 || walk < 0 || inval < 0) {
		fprintf(stderr, "iommu_translate: a translation or invalidation failed\n");
		return 2;
	}
	missed |= vr_bench_report("DMA translation, IOTLB hit", hit, 7);
	missed |= vr_bench_report("DMA translation, full 4-level SL walk", walk, 35);
	missed |= vr_bench_report("invalidation descriptor removing 1 of 17 entries", inval, 35);
	vr_iommu_destroy(cached);
	vr_iommu_destroy(walking);
	(void)missed;
	return 0;
}
