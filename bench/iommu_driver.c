/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The iommu model's hot paths on tables the Intel driver built through
 * the iommu core (profile mainline): function 6a:01.0 probed, attached to
 * an UNMANAGED domain, and 17 pages mapped with iommu_map().  Then
 *   - a DMA request without PASID (the RID_PASID entry) that hits the
 *     context cache, PASID cache and IOTLB,
 *   - the same on a unit that caches nothing: the full walk from the root
 *     table through the context entry, PASID directory and PASID table
 *     down the domain's 4-level second-level table, with every check,
 *   - the driver's qi_flush_iotlb() of one page: qi_submit_sync() queues
 *     the page-selective IOTLB descriptor and a wait descriptor, writes
 *     the tail and polls the status the unit wrote; each call removes one
 *     of the 17 entries the IOTLB holds.
 * Targets, as ratios to the baseline step: 7 x per IOTLB hit, 35 x per
 * walk and per descriptor (20 and 100 ns where the baseline step takes
 * 2.8 ns), as bench/iommu_translate.c sets them for hand-built tables.
 */
#include <stdio.h>
#include <virtref/context.h>
#include <virtref/iommu.h>
#include <virtref/iommu/intel-iommu.h>
#include <virtref/iommu/iommu.h>

#include "bench.h"

#define REPS 200000
#define BATCH 16 /* flushes per timed run; BATCH + 1 pages mapped */
#define BDF 0x6a08
#define IOVA 0x100000ull
#define PAGES 0x40000000ull

struct setup {
	struct vr_iommu *x;
	struct device *dev;
	struct iommu_domain *d;
};

static void teardown(struct setup *s)
{
	struct vr_context_frame f;

	if (!s->x)
		return;
	vr_iommu_enter(s->x, &f);
	if (s->d) {
		iommu_detach_device(s->d, s->dev);
		iommu_domain_free(s->d);
	}
	vr_iommu_leave(&f);
	vr_iommu_destroy(s->x);
}

static int up(struct setup *s, bool caches)
{
	struct vr_iommu_pci_config pc = { .bdf = BDF,
					  .vendor = 0x8086,
					  .pasid = true,
					  .pasid_width = 20,
					  .eetlp_prefix = true,
					  .probe = true };
	struct vr_iommu_config cfg;
	struct vr_context_frame f;
	int err;

	*s = (struct setup){ 0 };
	vr_iommu_config_default(&cfg);
	cfg.caches = caches;
	err = vr_iommu_create(&cfg, &s->x);
	err = err ? err : vr_iommu_driver_init(s->x);
	err = err ? err : vr_iommu_pci_add(s->x, 0, &pc, &s->dev);
	if (err)
		return err;
	vr_iommu_enter(s->x, &f);
	s->d = iommu_domain_alloc(vr_iommu_pci_bus(s->x));
	err = s->d ? iommu_attach_device(s->d, s->dev) : -ENOMEM;
	if (!err)
		err = iommu_map(s->d, IOVA, PAGES, (BATCH + 1) * 0x1000ull,
				IOMMU_READ | IOMMU_WRITE);
	vr_iommu_leave(&f);
	return err;
}

/* ns per translation of a read at @addr, or a negative value when one fails. */
static double translate_ns(struct vr_iommu *x, u64 addr, u8 want_hits)
{
	const struct vr_iommu_dma_request rq = { .sid = BDF, .addr = addr };
	struct vr_iommu_translation t;
	double t0 = vr_bench_now_ns();
	u64 acc = 0;
	int i;

	for (i = 0; i < REPS; i++) {
		if (vr_iommu_translate(x, 0, &rq, &t) || t.status != VR_IOMMU_DMA_OK ||
		    t.hits != want_hits || t.phys != PAGES + (addr - IOVA))
			return -1;
		acc += t.phys;
	}
	vr_bench_keep(acc);
	return (vr_bench_now_ns() - t0) / REPS;
}

/* ns per qi_flush_iotlb() of one cached page, or a negative value on failure. */
static double flush_ns(struct setup *s)
{
	struct vr_iommu_dma_request rq = { .sid = BDF };
	struct vr_iommu_translation t;
	struct vr_context_frame f;
	struct intel_iommu *iommu;
	double total = 0, t0;
	u8 bus, devfn;
	int r, i, err = 0;
	u16 did;

	/* The last page stays cached: each flush finds 17 entries, then 16, ... */
	rq.addr = IOVA + BATCH * 0x1000ull;
	if (vr_iommu_translate(s->x, 0, &rq, &t) || t.status != VR_IOMMU_DMA_OK)
		return -1;
	vr_iommu_enter(s->x, &f);
	iommu = device_to_iommu(s->dev, &bus, &devfn);
	did = iommu ? to_dmar_domain(s->d)->iommu_did[iommu->seq_id] : 0;
	for (r = 0; iommu && r < REPS / BATCH && !err; r++) {
		for (i = 0; i < BATCH; i++) {
			rq.addr = IOVA + 0x1000ull * (u64)i;
			err |= vr_iommu_translate(s->x, 0, &rq, &t);
		}
		err |= vr_iommu_cache_count(s->x, 0, VR_IOMMU_CACHE_IOTLB) != BATCH + 1;
		t0 = vr_bench_now_ns();
		for (i = 0; i < BATCH; i++)
			qi_flush_iotlb(iommu, did, IOVA + 0x1000ull * (u64)i, 0, DMA_TLB_PSI_FLUSH);
		total += vr_bench_now_ns() - t0;
		err |= vr_iommu_cache_count(s->x, 0, VR_IOMMU_CACHE_IOTLB) != 1;
	}
	vr_iommu_leave(&f);
	if (!iommu || err)
		return -1;
	return total / ((double)(REPS / BATCH) * BATCH);
}

int main(void)
{
	const struct vr_iommu_dma_request warm = { .sid = BDF, .addr = IOVA + 0xabc };
	struct vr_iommu_translation t;
	struct setup cached, walking;
	double hit, walk, flush;
	int err;

	err = up(&cached, true);
	err = err ? err : up(&walking, false);
	if (err) {
		fprintf(stderr, "iommu_driver: setting up the driver's domain failed: %d\n", err);
		teardown(&cached);
		teardown(&walking);
		return 2;
	}
	/* The first request fills the caches. */
	hit = vr_iommu_translate(cached.x, 0, &warm, &t)
		      ? -1
		      : translate_ns(cached.x, warm.addr,
				     VR_IOMMU_HIT_CONTEXT | VR_IOMMU_HIT_PASID |
					     VR_IOMMU_HIT_IOTLB);
	walk = translate_ns(walking.x, warm.addr, 0);
	flush = flush_ns(&cached);
	if (hit < 0 || walk < 0 || flush < 0) {
		fprintf(stderr, "iommu_driver: a translation or flush failed\n");
		teardown(&cached);
		teardown(&walking);
		return 2;
	}
	vr_bench_report("driver's domain: DMA translation, IOTLB hit", hit, 7);
	vr_bench_report("driver's domain: full 4-level SL walk", walk, 35);
	vr_bench_report("qi_flush_iotlb(): per call (2 descriptors)", flush, 0);
	vr_bench_report("qi_flush_iotlb(): per descriptor", flush / 2, 35);
	teardown(&cached);
	teardown(&walking);
	return 0;
}
