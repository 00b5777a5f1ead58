/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The caches and queued invalidation against the Intel VT-d specification
 * rev. 4.1: 6.2 (context cache, PASID cache, IOTLB and their tags), 6.1
 * (caching mode), 6.5.2 (queued invalidation, each descriptor, IQE, the
 * wait descriptor), 10.4.23-10.4.29 (the queue registers).  Invalidation
 * removes exactly what a descriptor names, so a missing one shows as a
 * stale hit, and the stale check reports what is left once software has
 * finished invalidating.
 */
#include <stdio.h>
#include <stdlib.h>
#include <virtref/err.h>
#include "iommu_test.h"

#define CC(g, did, sid, fm)                                                                        \
	{                                                                                          \
		VR_IOMMU_QI_CC | (g) << 4 | (u64)(did) << 16 | (u64)(sid) << 32 | (u64)(fm) << 48, \
			0                                                                          \
	}
#define IOTLB(g, did, addr, am)                                                                    \
	{                                                                                          \
		VR_IOMMU_QI_IOTLB | (g) << 4 | (u64)(did) << 16, (addr) | (am)                     \
	}
#define P_IOTLB(g, did, pasid, addr, am)                                                           \
	{                                                                                          \
		VR_IOMMU_QI_P_IOTLB | (g) << 4 | (u64)(did) << 16 | (u64)(pasid) << 32,            \
			(addr) | (am)                                                              \
	}
#define PC(g, did, pasid)                                                                          \
	{                                                                                          \
		VR_IOMMU_QI_PC | (g) << 4 | (u64)(did) << 16 | (u64)(pasid) << 32, 0               \
	}
#define WAIT_SW(data)                                                                              \
	{                                                                                          \
		VR_IOMMU_QI_WAIT | VR_IOMMU_QI_WAIT_SW | (u64)(data) << 32, IT_STATUS              \
	}

static u64 rd(struct vr_iommu *x, u32 off, unsigned int size)
{
	u64 v = 0xdead;

	ck_assert_int_eq(vr_iommu_reg_read(x, 0, off, size, &v), 0);
	return v;
}

static struct vr_iommu_translation dma(struct vr_iommu *x, bool pasid, u32 p, u64 addr)
{
	struct vr_iommu_dma_request rq = {
		.sid = IT_SID, .has_pasid = pasid, .pasid = p, .addr = addr
	};

	return it_dma(x, &rq);
}

static struct vr_iommu_cache_entry entry(struct vr_iommu *x, enum vr_iommu_cache c, unsigned int i)
{
	struct vr_iommu_cache_entry e;

	ck_assert_int_eq(vr_iommu_cache_entry(x, 0, c, i, &e), 0);
	return e;
}

static unsigned int count(struct vr_iommu *x, enum vr_iommu_cache c)
{
	return vr_iommu_cache_count(x, 0, c);
}

static bool invariants_hold(struct vr_iommu *x, const char *want)
{
	struct vr_text why = VR_TEXT_INIT;
	int bad = vr_iommu_invariants(x, &why);

	if (want)
		assert_has(&why, want);
	vr_text_free(&why);
	return !bad;
}

static struct vr_iommu *cache_unit(void)
{
	struct vr_iommu *x = it_unit(VR_IOMMU_FAULT_CODES_SM);

	it_pasid_entry(x, 3, VR_IOMMU_PGTT_PT, 1);
	it_qi_on(x);
	return x;
}

START_TEST(test_fill_and_tags)
{
	struct vr_iommu *x = cache_unit();
	struct vr_iommu_cache_entry e;
	struct vr_iommu_translation t = dma(x, true, 2, IT_IOVA + 0xabc);

	ck_assert_uint_eq(t.hits, 0);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_CONTEXT), 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_PASID), 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 1);
	e = entry(x, VR_IOMMU_CACHE_CONTEXT, 0);
	ck_assert_uint_eq(e.sid, IT_SID);
	ck_assert_uint_eq(e.did, IT_DID);
	e = entry(x, VR_IOMMU_CACHE_PASID, 0);
	ck_assert(e.has_pasid && e.pasid == 2 && e.did == IT_DID && e.sid == IT_SID);
	/* A second-level entry is tagged by DID alone. */
	e = entry(x, VR_IOMMU_CACHE_IOTLB, 0);
	ck_assert(!e.has_pasid);
	ck_assert_uint_eq(e.did, IT_DID);
	ck_assert_uint_eq(e.addr, IT_IOVA);
	ck_assert_uint_eq(e.page_shift, 12);
	ck_assert_uint_eq(e.phys, IT_PAGE);
	ck_assert_uint_eq(e.perm, 3);
	ck_assert(!e.stale && !e.fault);
	t = dma(x, true, 2, IT_IOVA + 0x10);
	ck_assert_uint_eq(t.hits, VR_IOMMU_HIT_CONTEXT | VR_IOMMU_HIT_PASID | VR_IOMMU_HIT_IOTLB);
	ck_assert_uint_eq(t.phys, IT_PAGE + 0x10);
	/* RID_PASID 0 has its own PASID-cache entry but shares DID 5's IOTLB entry. */
	t = dma(x, false, 0, IT_IOVA + 0x20);
	ck_assert_uint_eq(t.hits, VR_IOMMU_HIT_CONTEXT | VR_IOMMU_HIT_IOTLB);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_PASID), 2);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 1);
	/* Pass-through entries are tagged by DID and PASID. */
	t = dma(x, true, 3, 0x7654321abcull);
	ck_assert_uint_eq(t.phys, 0x7654321abcull);
	e = entry(x, VR_IOMMU_CACHE_IOTLB, 1);
	ck_assert(e.has_pasid && e.pasid == 3 && e.did == 1);
	ck_assert_uint_eq(e.addr, 0x7654321000ull);
	ck_assert_uint_eq(dma(x, true, 3, 0x7654321000ull).hits & VR_IOMMU_HIT_IOTLB,
			  VR_IOMMU_HIT_IOTLB);
	/* A 2 MiB leaf is one entry for the whole page. */
	it_w64(x, IT_SL2 + 16, 0x80000000ull | VR_IOMMU_SL_PS | 3);
	dma(x, true, 2, 0x40400000ull);
	t = dma(x, true, 2, 0x405fffffull);
	ck_assert(t.hits & VR_IOMMU_HIT_IOTLB);
	ck_assert_uint_eq(t.phys, 0x801fffffull);
	ck_assert_uint_eq(entry(x, VR_IOMMU_CACHE_IOTLB, 2).page_shift, 21);
	/* Bad lookups. */
	ck_assert_int_eq(vr_iommu_cache_entry(x, 0, VR_IOMMU_CACHE_IOTLB, 3, &e), -EINVAL);
	ck_assert_int_eq(vr_iommu_cache_entry(x, 1, VR_IOMMU_CACHE_IOTLB, 0, &e), -EINVAL);
	ck_assert_int_eq(vr_iommu_cache_entry(x, 0, VR_IOMMU_CACHE_IOTLB, 0, NULL), -EINVAL);
	ck_assert_int_eq(vr_iommu_cache_entry(NULL, 0, VR_IOMMU_CACHE_IOTLB, 0, &e), -EINVAL);
	ck_assert_uint_eq(vr_iommu_cache_count(x, 1, VR_IOMMU_CACHE_IOTLB), 0);
	ck_assert_uint_eq(vr_iommu_cache_count(NULL, 0, VR_IOMMU_CACHE_IOTLB), 0);
	ck_assert_uint_eq(vr_iommu_cache_count(x, 0, VR_IOMMU_NR_CACHES), 0);
	ck_assert(invariants_hold(x, NULL));
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_stale_until_invalidated)
{
	static const u64 psi[][2] = { IOTLB(3, IT_DID, IT_IOVA, 0), WAIT_SW(0x1234) };
	struct vr_iommu *x = cache_unit();
	u32 status = 0;

	dma(x, true, 2, IT_IOVA);
	/* Software unmaps the page: the IOTLB still translates it. */
	it_w64(x, IT_SL1 + 8, 0);
	ck_assert_uint_eq(dma(x, true, 2, IT_IOVA).phys, IT_PAGE);
	ck_assert(entry(x, VR_IOMMU_CACHE_IOTLB, 0).stale);
	/* No invalidation has completed yet: not a violation. */
	ck_assert(invariants_hold(x, NULL));
	ck_assert_uint_eq(it_qi(x, psi, 2), 0x40);
	ck_assert_int_eq(vr_mem_read_le32(vr_iommu_mem(x), IT_STATUS, &status), 0);
	ck_assert_uint_eq(status, 0x1234);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 0);
	ck_assert_uint_eq(dma(x, true, 2, IT_IOVA).fault, VR_IOMMU_FR_READ);
	ck_assert(invariants_hold(x, NULL));
	vr_iommu_destroy(x);
}
END_TEST

/* The seed-era teardown: PASID-cache and PASID-IOTLB for a second-level PASID. */
START_TEST(test_pasid_iotlb_leaves_second_level)
{
	static const u64 teardown[][2] = { PC(1, IT_DID, 2), P_IOTLB(2, IT_DID, 2, 0, 0),
					   WAIT_SW(1) };
	static const u64 domain[][2] = { IOTLB(2, IT_DID, 0, 0), WAIT_SW(2) };
	struct vr_iommu *x = cache_unit();
	struct vr_text why = VR_TEXT_INIT;

	dma(x, true, 2, IT_IOVA);
	it_w64(x, IT_PTBL + 2 * 64, 0);
	it_qi(x, teardown, 3);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_PASID), 0);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 1);
	ck_assert(entry(x, VR_IOMMU_CACHE_IOTLB, 0).stale);
	ck_assert_int_eq(vr_iommu_invariants(x, &why), 1);
	ck_assert_str_eq(vr_text_str(&why), "unit 0: stale IOTLB entry after invalidation: DID 5 "
					    "addr 0x40201000 (4 KiB) -> 0x123456000 RW\n");
	vr_text_free(&why);
	/* DID 5 given to another PASID with other tables: it hits the old page. */
	it_w64(x, IT_PTBL + 4 * 64, 0x7000000000ull | (2ull << 2) | (2ull << 6) | 1);
	it_w64(x, IT_PTBL + 4 * 64 + 8, IT_DID);
	ck_assert_uint_eq(dma(x, true, 4, IT_IOVA).phys, IT_PAGE);
	/* The later teardown's domain-selective IOTLB invalidation removes it. */
	it_qi(x, domain, 2);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 0);
	ck_assert_uint_eq(dma(x, true, 4, IT_IOVA).fault, VR_IOMMU_FR_SL_ROOT_READ);
	ck_assert(invariants_hold(x, NULL));
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_granularities)
{
	static const u64 cc_dev_other[][2] = { CC(3, 0, IT_SID + 1, 0) };
	static const u64 cc_dev_fm[][2] = { CC(3, 0, IT_SID + 4, 1) };
	static const u64 cc_dom[][2] = { CC(2, IT_DID, 0, 0) };
	static const u64 cc_glob[][2] = { CC(1, 0, 0, 0) };
	static const u64 pc_dom_other[][2] = { PC(0, 4, 0) };
	static const u64 pc_pasid[][2] = { PC(1, IT_DID, 2) };
	static const u64 pc_dom[][2] = { PC(0, IT_DID, 0) };
	static const u64 pc_glob[][2] = { PC(3, 0, 0) };
	static const u64 psi_other[][2] = { IOTLB(3, IT_DID, IT_IOVA + 0x2000, 0) };
	static const u64 psi_am1[][2] = { IOTLB(3, IT_DID, IT_IOVA - 0x1000, 1) };
	static const u64 piotlb_sl[][2] = { P_IOTLB(3, IT_DID, 2, IT_IOVA, 0) };
	static const u64 piotlb_pt[][2] = { P_IOTLB(3, 1, 3, 0x7654321000ull, 0) };
	static const u64 dsi[][2] = { IOTLB(2, 1, 0, 0) };
	static const u64 glob[][2] = { IOTLB(1, 0, 0, 0) };
	struct vr_iommu *x = cache_unit();

	dma(x, true, 2, IT_IOVA);
	dma(x, false, 0, IT_IOVA);
	/* Context cache: another function; FM 1 masks bit 2 of the function. */
	it_qi(x, cc_dev_other, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_CONTEXT), 1);
	it_qi(x, cc_dev_fm, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_CONTEXT), 0);
	dma(x, true, 2, IT_IOVA);
	it_qi(x, cc_dom, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_CONTEXT), 0);
	dma(x, true, 2, IT_IOVA);
	it_qi(x, cc_glob, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_CONTEXT), 0);
	/* PASID cache: PASIDs 0 and 2 of DID 5. */
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_PASID), 2);
	it_qi(x, pc_dom_other, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_PASID), 2);
	it_qi(x, pc_pasid, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_PASID), 1);
	ck_assert_uint_eq(entry(x, VR_IOMMU_CACHE_PASID, 0).pasid, 0);
	dma(x, true, 2, IT_IOVA);
	it_qi(x, pc_dom, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_PASID), 0);
	dma(x, true, 2, IT_IOVA);
	it_qi(x, pc_glob, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_PASID), 0);
	/* IOTLB: a page next door; then AM 1 covers IT_IOVA - 0x1000 and IT_IOVA. */
	it_qi(x, psi_other, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 1);
	it_qi(x, piotlb_sl, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 1);
	it_qi(x, psi_am1, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 0);
	/* A 4 KiB page-selective invalidation inside a 2 MiB entry removes it. */
	it_w64(x, IT_SL2 + 16, 0x80000000ull | VR_IOMMU_SL_PS | 3);
	dma(x, true, 2, 0x40400000ull);
	{
		static const u64 inside[][2] = { IOTLB(3, IT_DID, 0x40523000ull, 0) };

		it_qi(x, inside, 1);
	}
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 0);
	/* Pass-through: page-selective IOTLB leaves it, PASID-IOTLB removes it. */
	dma(x, true, 3, 0x7654321000ull);
	{
		static const u64 psi_pt[][2] = { IOTLB(3, 1, 0x7654321000ull, 0) };

		it_qi(x, psi_pt, 1);
	}
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 1);
	it_qi(x, piotlb_pt, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 0);
	/* Domain-selective takes tagged entries of the DID too; global all. */
	dma(x, true, 3, 0x7654321000ull);
	dma(x, true, 2, IT_IOVA);
	it_qi(x, dsi, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 1);
	ck_assert_uint_eq(entry(x, VR_IOMMU_CACHE_IOTLB, 0).did, IT_DID);
	it_qi(x, glob, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 0);
	ck_assert(invariants_hold(x, NULL));
	vr_iommu_destroy(x);
}
END_TEST

/* Without CAP.PSI a page-selective invalidation takes the whole domain. */
START_TEST(test_no_psi)
{
	static const u64 psi[][2] = { IOTLB(3, IT_DID, 0x1000, 0) };
	struct vr_iommu_config cfg;
	struct vr_iommu *x;

	vr_iommu_config_default(&cfg);
	cfg.cap &= ~VR_IOMMU_CAP_PSI;
	x = it_unit_cfg(&cfg);
	it_qi_on(x);
	dma(x, true, 2, IT_IOVA);
	it_qi(x, psi, 1);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 0);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_caching_mode)
{
	static const u64 cc_dev[][2] = { CC(3, 0, IT_SID, 0) };
	static const u64 pc_did0[][2] = { PC(0, 0, 0) };
	struct vr_iommu_config cfg;
	struct vr_iommu *x;
	struct vr_iommu_translation t;

	vr_iommu_config_default(&cfg);
	cfg.cap |= VR_IOMMU_CAP_CM;
	x = it_unit_cfg(&cfg);
	it_qi_on(x);
	/* A not-present context entry is cached as its fault. */
	it_w64(x, IT_CE, 0);
	ck_assert_uint_eq(dma(x, true, 2, IT_IOVA).fault, VR_IOMMU_FR_CTX_P);
	ck_assert_uint_eq(entry(x, VR_IOMMU_CACHE_CONTEXT, 0).fault, VR_IOMMU_FR_CTX_P);
	it_w64(x, IT_CE, IT_PDIR | VR_IOMMU_CTX_PASIDE | VR_IOMMU_CTX_P);
	t = dma(x, true, 2, IT_IOVA);
	ck_assert_uint_eq(t.fault, VR_IOMMU_FR_CTX_P);
	ck_assert_uint_eq(t.hits, VR_IOMMU_HIT_CONTEXT);
	/* Linux invalidates after not-present -> present under CM. */
	it_qi(x, cc_dev, 1);
	ck_assert_uint_eq(dma(x, true, 2, IT_IOVA).status, VR_IOMMU_DMA_OK);
	/* A not-present PASID entry: cached with DID 0. */
	ck_assert_uint_eq(dma(x, true, 7, 0).fault, VR_IOMMU_FR_PE_P);
	ck_assert_uint_eq(entry(x, VR_IOMMU_CACHE_PASID, 1).did, 0);
	ck_assert_uint_eq(entry(x, VR_IOMMU_CACHE_PASID, 1).fault, VR_IOMMU_FR_PE_P);
	it_pasid_entry(x, 7, VR_IOMMU_PGTT_PT, 1);
	ck_assert_uint_eq(dma(x, true, 7, 0).fault, VR_IOMMU_FR_PE_P);
	ck_assert(entry(x, VR_IOMMU_CACHE_PASID, 1).stale);
	it_qi(x, pc_did0, 1);
	ck_assert_uint_eq(dma(x, true, 7, 0x5000).phys, 0x5000);
	ck_assert(invariants_hold(x, NULL));
	vr_iommu_destroy(x);

	/* Without CM a fault caches nothing. */
	x = cache_unit();
	it_w64(x, IT_CE, 0);
	dma(x, true, 2, IT_IOVA);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_CONTEXT), 0);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_full_cache_drops_oldest)
{
	struct vr_iommu *x = cache_unit();
	unsigned int i;

	for (i = 0; i <= 256; i++)
		dma(x, true, 3, 0x1000ull * (i + 1));
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 256);
	ck_assert_uint_eq(entry(x, VR_IOMMU_CACHE_IOTLB, 0).addr, 0x2000);
	ck_assert_uint_eq(entry(x, VR_IOMMU_CACHE_IOTLB, 255).addr, 0x101000);
	ck_assert(!(dma(x, true, 3, 0x1000).hits & VR_IOMMU_HIT_IOTLB));
	vr_iommu_destroy(x);
}
END_TEST

/* A permission the cached entry lacks makes the unit walk again. */
START_TEST(test_permission_miss)
{
	struct vr_iommu *x = cache_unit();
	struct vr_iommu_dma_request rq = { .sid = IT_SID, .has_pasid = true, .pasid = 2 };

	it_w64(x, IT_SL1 + 8, IT_PAGE | 1);
	rq.addr = IT_IOVA;
	it_dma(x, &rq);
	it_w64(x, IT_SL1 + 8, IT_PAGE | 3);
	rq.write = true;
	ck_assert_uint_eq(it_dma(x, &rq).hits & VR_IOMMU_HIT_IOTLB, 0);
	ck_assert_uint_eq(entry(x, VR_IOMMU_CACHE_IOTLB, 0).perm, 3);
	ck_assert_uint_eq(count(x, VR_IOMMU_CACHE_IOTLB), 1);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_queue_errors)
{
	static const u64 good_then_bad[][2] = {
		CC(1, 0, 0, 0),
		{ VR_IOMMU_QI_IOTLB | (3 << 4) | (5u << 16), 0x80 }, /* qw1 bit 7 reserved */
		WAIT_SW(9),
	};
	static const u64 bad[][2] = {
		{ 0, 0 },					      /* type 0 */
		{ 4, 0 },					      /* interrupt entry cache */
		{ VR_IOMMU_QI_CC | (1u << 6), 0 },		      /* reserved bit 6 */
		CC(0, 0, 0, 0),					      /* no granularity 0 */
		{ VR_IOMMU_QI_CC | (1 << 4), 1 },		      /* qw1 */
		IOTLB(0, 0, 0, 0),				      /* granularity 0 */
		{ VR_IOMMU_QI_IOTLB | (3 << 4) | (1ull << 8), 0 },    /* reserved bit 8 */
		IOTLB(3, 0, 0, 19),				      /* AM past MAMV 18 */
		P_IOTLB(1, 0, 0, 0, 0),				      /* granularity 1 */
		{ VR_IOMMU_QI_P_IOTLB | (2 << 4) | (1ull << 60), 0 }, /* reserved bit 60 */
		P_IOTLB(3, 0, 0, 0, 19),			      /* AM past MAMV */
		PC(2, 0, 0),					      /* granularity 2 */
		{ VR_IOMMU_QI_PC, 1 },				      /* qw1 */
		{ VR_IOMMU_QI_WAIT | (1u << 8), 0 },		      /* reserved bit 8 */
		{ VR_IOMMU_QI_WAIT | VR_IOMMU_QI_WAIT_PD, 0 },	      /* PD without ECAP.PDS */
		{ VR_IOMMU_QI_WAIT, 1 },			      /* qw1 bit 0 */
		{ VR_IOMMU_QI_WAIT | VR_IOMMU_QI_WAIT_SW, 0x7000000000ull }, /* unbacked */
		{ VR_IOMMU_QI_DEV_TLB, 0 },				     /* no ECAP.DT */
		{ VR_IOMMU_QI_P_DEV_TLB, 0 },				     /* no ECAP.DT */
		{ VR_IOMMU_QI_CC | (1 << 4) | (1u << 9), 0 },		     /* type 0x11 */
	};
	struct vr_iommu *x = cache_unit();
	unsigned int i;
	u64 head;

	/* FECTL unmasked: IQE raises a fault event. */
	it_reg(x, VR_IOMMU_REG_FECTL, 4, 0);
	head = it_qi(x, good_then_bad, 3);
	ck_assert_uint_eq(head, 0x20);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_IQE);
	ck_assert_uint_eq(vr_iommu_fault_events(x, 0), 1);
	/* While IQE is set, nothing runs. */
	it_reg(x, VR_IOMMU_REG_IQT, 8, 0x60);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IQH, 8), 0x20);
	/* Software replaces the bad one with a wait and clears IQE: the queue goes on. */
	it_w64(x, IT_IQ + 0x20, VR_IOMMU_QI_WAIT);
	it_w64(x, IT_IQ + 0x28, 0);
	it_reg(x, VR_IOMMU_REG_FSTS, 4, VR_IOMMU_FSTS_IQE);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IQH, 8), 0x60);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), 0);
	for (i = 0; i < VR_ARRAY_SIZE(bad); i++) {
		head = rd(x, VR_IOMMU_REG_IQH, 8);
		ck_assert_msg(it_qi(x, &bad[i], 1) == head, "descriptor %u ran", i);
		ck_assert_msg(rd(x, VR_IOMMU_REG_FSTS, 4) == VR_IOMMU_FSTS_IQE, "descriptor %u", i);
		/* Skip it: make it a wait, clear IQE. */
		it_w64(x, IT_IQ + head, VR_IOMMU_QI_WAIT);
		it_w64(x, IT_IQ + head + 8, 0);
		it_reg(x, VR_IOMMU_REG_FSTS, 4, VR_IOMMU_FSTS_IQE);
		ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IQH, 8), (head + 32) % 0x1000);
	}
	/* qw2 of a 256-bit descriptor is reserved. */
	head = rd(x, VR_IOMMU_REG_IQH, 8);
	it_w64(x, IT_IQ + head, VR_IOMMU_QI_WAIT);
	it_w64(x, IT_IQ + head + 8, 0);
	it_w64(x, IT_IQ + head + 16, 1);
	it_reg(x, VR_IOMMU_REG_IQT, 8, head + 32);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_IQE);
	it_w64(x, IT_IQ + head + 16, 0);
	it_reg(x, VR_IOMMU_REG_FSTS, 4, VR_IOMMU_FSTS_IQE);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IQH, 8), head + 32);
	/* A tail on an odd slot with 256-bit descriptors. */
	it_reg(x, VR_IOMMU_REG_IQT, 8, head + 48);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_IQE);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IQH, 8), head + 32);
	ck_assert(invariants_hold(x, NULL));
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_queue_registers)
{
	static const u64 wait_if[][2] = { { VR_IOMMU_QI_WAIT | VR_IOMMU_QI_WAIT_IF, 0 } };
	static const u64 dev_tlb[][2] = {
		{ VR_IOMMU_QI_DEV_TLB | (0x6a08ull << 32), 0x40201000ull },
		{ VR_IOMMU_QI_P_DEV_TLB | (0x6a08ull << 16) | (2ull << 32), 0x40201000ull },
	};
	struct vr_iommu_config cfg;
	struct vr_iommu *x = cache_unit();

	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_GSTS, 4),
			  VR_IOMMU_GSTS_TES | VR_IOMMU_GSTS_RTPS | VR_IOMMU_GSTS_QIES);
	/* IQA reserved bits 10:3 read as 0; IQT keeps bits 18:4. */
	it_reg(x, VR_IOMMU_REG_IQA, 8, IT_IQ | VR_IOMMU_IQA_DW | 0x7f8);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IQA, 8), IT_IQ | VR_IOMMU_IQA_DW);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IECTL, 4), VR_IOMMU_IECTL_IM);
	/* Wait with IF: IWC, an event pending behind IM, sent when unmasked. */
	it_qi(x, wait_if, 1);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_ICS, 4), VR_IOMMU_ICS_IWC);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IECTL, 4), VR_IOMMU_IECTL_IM | VR_IOMMU_IECTL_IP);
	it_reg(x, VR_IOMMU_REG_IECTL, 4, 0);
	ck_assert_uint_eq(vr_iommu_invalidation_events(x, 0), 1);
	/* IWC still set: the next one raises nothing; after W1C it does. */
	it_qi(x, wait_if, 1);
	ck_assert_uint_eq(vr_iommu_invalidation_events(x, 0), 1);
	it_reg(x, VR_IOMMU_REG_ICS, 4, VR_IOMMU_ICS_IWC);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_ICS, 4), 0);
	it_qi(x, wait_if, 1);
	ck_assert_uint_eq(vr_iommu_invalidation_events(x, 0), 2);
	ck_assert_uint_eq(vr_iommu_invalidation_events(x, 1), 0);
	ck_assert_uint_eq(vr_iommu_invalidation_events(NULL, 0), 0);
	/* Masked and serviced before unmasking: nothing is sent. */
	it_reg(x, VR_IOMMU_REG_IECTL, 4, VR_IOMMU_IECTL_IM);
	it_reg(x, VR_IOMMU_REG_ICS, 4, VR_IOMMU_ICS_IWC);
	it_qi(x, wait_if, 1);
	it_reg(x, VR_IOMMU_REG_ICS, 4, VR_IOMMU_ICS_IWC);
	it_reg(x, VR_IOMMU_REG_IECTL, 4, 0);
	ck_assert_uint_eq(vr_iommu_invalidation_events(x, 0), 2);
	it_reg(x, VR_IOMMU_REG_IEDATA, 4, 0x12345678);
	it_reg(x, VR_IOMMU_REG_IEADDR, 4, 0xfee00003);
	it_reg(x, VR_IOMMU_REG_IEUADDR, 4, 1);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IEDATA, 4), 0x5678);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IEADDR, 4), 0xfee00000);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IEUADDR, 4), 0);
	/* QIE off: IQH back to 0, IQT writes run nothing. */
	it_reg(x, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_TE);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IQH, 8), 0);
	it_reg(x, VR_IOMMU_REG_IQT, 8, 0x40);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IQH, 8), 0);
	vr_iommu_destroy(x);

	/* 128-bit descriptors (DW 0), device-TLB descriptors with ECAP.DT, a tail past the queue.
	 */
	vr_iommu_config_default(&cfg);
	cfg.ecap |= VR_IOMMU_ECAP_DT | VR_IOMMU_ECAP_EIM;
	x = it_unit_cfg(&cfg);
	ck_assert_int_eq(vr_mem_add(vr_iommu_mem(x), IT_IQ, 0x1000), 0);
	it_reg(x, VR_IOMMU_REG_IQA, 8, IT_IQ);
	it_reg(x, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_TE | VR_IOMMU_GCMD_QIE);
	it_w64(x, IT_IQ, dev_tlb[0][0]);
	it_w64(x, IT_IQ + 8, dev_tlb[0][1]);
	it_w64(x, IT_IQ + 16, dev_tlb[1][0]);
	it_w64(x, IT_IQ + 24, dev_tlb[1][1]);
	it_reg(x, VR_IOMMU_REG_IQT, 8, 0x20);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IQH, 8), 0x20);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), 0);
	it_reg(x, VR_IOMMU_REG_IEUADDR, 4, 1);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_IEUADDR, 4), 1);
	/* 256 slots of 16 bytes: a tail of 0x1000 is past the queue. */
	it_reg(x, VR_IOMMU_REG_IQT, 8, 0x1000);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_IQE);
	vr_iommu_destroy(x);

	/* Without ECAP.QI, QIE is a reserved bit. */
	vr_iommu_config_default(&cfg);
	cfg.ecap &= ~VR_IOMMU_ECAP_QI;
	x = it_unit_cfg(&cfg);
	it_reg(x, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_TE | VR_IOMMU_GCMD_QIE);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_GSTS, 4), VR_IOMMU_GSTS_TES | VR_IOMMU_GSTS_RTPS);
	vr_iommu_destroy(x);
}
END_TEST

/* A new root table or a translation switch: software must invalidate again. */
START_TEST(test_stale_check_waits_for_software)
{
	static const u64 wait[][2] = { WAIT_SW(1) };
	struct vr_iommu *x = cache_unit();

	dma(x, true, 2, IT_IOVA);
	it_qi(x, wait, 1);
	ck_assert(invariants_hold(x, NULL));
	/* Changed after the last completed batch: software is mid-sequence. */
	it_w64(x, IT_SL1 + 8, 0);
	ck_assert(invariants_hold(x, NULL));
	/* A tail write that queues nothing claims nothing. */
	it_qi(x, wait, 0);
	ck_assert(invariants_hold(x, NULL));
	it_qi(x, wait, 1);
	ck_assert(!invariants_hold(x, "stale IOTLB entry"));
	it_w64(x, IT_SL1 + 8, IT_PAGE | 3);
	it_qi(x, wait, 1);
	ck_assert(invariants_hold(x, NULL));
	it_reg(x, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_QIE);
	ck_assert(invariants_hold(x, NULL));
	vr_iommu_destroy(x);
}
END_TEST

/*
 * tests/traces/iommu/hw-pasid-teardown.yaml with the seed-era descriptor:
 * PASID-IOTLB all-in-PASID (DID 5, PASID 2) for the domain-selective IOTLB
 * invalidation (DID 5).  The replay stops at the queue's tail write.
 */
START_TEST(test_seed_era_teardown_trace)
{
	char path[4096], *yaml, *at;
	struct vr_text out = VR_TEXT_INIT, edited = VR_TEXT_INIT;
	FILE *f;
	long len;

	snprintf(path, sizeof(path), "%s/iommu/hw-pasid-teardown.yaml", VR_TRACE_DIR);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	yaml = calloc(1, (size_t)len + 1);
	ck_assert_ptr_nonnull(yaml);
	ck_assert_uint_eq(fread(yaml, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	at = strstr(yaml, " 0x50022,");
	ck_assert_ptr_nonnull(at);
	*at = 0;
	vr_text_printf(&edited, "%s 0x200050026,%s", yaml, at + strlen(" 0x50022,"));
	free(yaml);
	ck_assert_int_eq(vr_test_replay_string(vr_text_str(&edited), &out), -VR_EINVARIANT);
	assert_has(&out, "(reg_write): invariant violated:\n  unit 0: stale IOTLB entry after "
			 "invalidation: DID 5 addr 0x40201000 (4 KiB) -> 0x123456000 RW");
	vr_text_free(&out);
	vr_text_free(&edited);
}
END_TEST

static const struct vr_test cache_tests[] = {
	VR_TEST(test_fill_and_tags),
	VR_TEST(test_stale_until_invalidated),
	VR_TEST(test_pasid_iotlb_leaves_second_level),
	VR_TEST(test_granularities),
	VR_TEST(test_no_psi),
	VR_TEST(test_caching_mode),
	VR_TEST(test_full_cache_drops_oldest),
	VR_TEST(test_permission_miss),
	VR_TEST(test_stale_check_waits_for_software),
	VR_TEST(test_seed_era_teardown_trace),
};

static const struct vr_test queue_tests[] = {
	VR_TEST(test_queue_errors),
	VR_TEST(test_queue_registers),
};

static const struct vr_tcase iommu_hw_cache_tcases[] = {
	VR_TCASE("caches", cache_tests),
	VR_TCASE("queue", queue_tests),
};

const struct vr_suite vr_suite_iommu_hw_cache = VR_SUITE("iommu_hw_cache", iommu_hw_cache_tcases);
