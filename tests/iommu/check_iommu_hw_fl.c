/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * First-level translation against the Intel VT-d specification rev. 4.1:
 * 3.6 (first-stage translation), 9.7 (IA-32e paging entries: canonical
 * input, U/S, R/W with WPE, XD, A/D, 2 MiB and 1 GiB pages, 5 levels with
 * CAP.FL5LP), 7.1.3 (reasons 0x70-0x72, 0x80-0x82, 0x85), and the IOTLB
 * tagging of first-level entries by DID and PASID.  PASID 5 is
 * first-level in DID 1 with FLPTPTR 0x120000; IT_IOVA maps to 0x654321000
 * through 0x120000 (level 4), 0x121000, 0x122000 and 0x123000.
 */
#include "iommu_test.h"

#define FL4 0x120000ull
#define FL3 0x121000ull
#define FL2 0x122000ull
#define FL1 0x123000ull
#define FL5 0x124000ull
#define FL_PAGE 0x654321000ull
#define UPRW (VR_IOMMU_FL_P | VR_IOMMU_FL_RW | VR_IOMMU_FL_US)

static struct vr_iommu *fl_unit_cfg(struct vr_iommu_config *cfg)
{
	struct vr_iommu *x;

	cfg->ecap |= VR_IOMMU_ECAP_FLTS | VR_IOMMU_ECAP_ERS;
	x = it_unit_cfg(cfg);
	ck_assert_int_eq(vr_mem_add(vr_iommu_mem(x), FL4, 0x5000), 0);
	it_w64(x, IT_PTBL + 5 * 64, ((u64)VR_IOMMU_PGTT_FL << VR_IOMMU_PE_PGTT_SHIFT) | 1);
	it_w64(x, IT_PTBL + 5 * 64 + 8, 1);
	it_w64(x, IT_PTBL + 5 * 64 + 16, FL4 | VR_IOMMU_PE_SRE | VR_IOMMU_PE_ERE);
	it_w64(x, FL4, FL3 | UPRW);
	it_w64(x, FL3 + 8, FL2 | UPRW);
	it_w64(x, FL2 + 8, FL1 | UPRW);
	it_w64(x, FL1 + 8, FL_PAGE | UPRW);
	return x;
}

static struct vr_iommu *fl_unit(enum vr_iommu_fault_codes codes)
{
	struct vr_iommu_config cfg;

	vr_iommu_config_default(&cfg);
	cfg.caches = false;
	cfg.fault_codes = codes;
	return fl_unit_cfg(&cfg);
}

static u64 r64(struct vr_iommu *x, u64 addr)
{
	uint64_t v = 0;

	ck_assert_int_eq(vr_mem_read_le64(vr_iommu_mem(x), addr, &v), 0);
	return v;
}

/* The outcome of a request with PASID 5: 0 for a translation. */
static u8 fl(struct vr_iommu *x, u64 addr, bool write, bool priv, bool exec, u64 *phys)
{
	struct vr_iommu_dma_request rq = { .sid = IT_SID,
					   .has_pasid = true,
					   .pasid = 5,
					   .write = write,
					   .priv = priv,
					   .exec = exec,
					   .addr = addr };
	struct vr_iommu_translation t = it_dma(x, &rq);

	if (phys)
		*phys = t.phys;
	return t.fault;
}

START_TEST(test_fl_walk_and_ad)
{
	struct vr_iommu *x = fl_unit(VR_IOMMU_FAULT_CODES_SM);
	struct vr_iommu_dma_request rq = { .sid = IT_SID, .has_pasid = true, .pasid = 5 };
	struct vr_iommu_translation t;
	u64 phys = 0;

	rq.addr = IT_IOVA + 0xabc;
	t = it_dma(x, &rq);
	ck_assert_int_eq(t.status, VR_IOMMU_DMA_OK);
	ck_assert_uint_eq(t.phys, FL_PAGE + 0xabc);
	ck_assert_uint_eq(t.pgtt, VR_IOMMU_PGTT_FL);
	ck_assert_uint_eq(t.did, 1);
	ck_assert_uint_eq(t.level, 1);
	ck_assert_uint_eq(t.page_shift, 12);
	/* A in every entry used, no D on a read. */
	ck_assert_uint_eq(r64(x, FL4), FL3 | UPRW | VR_IOMMU_FL_A);
	ck_assert_uint_eq(r64(x, FL3 + 8), FL2 | UPRW | VR_IOMMU_FL_A);
	ck_assert_uint_eq(r64(x, FL2 + 8), FL1 | UPRW | VR_IOMMU_FL_A);
	ck_assert_uint_eq(r64(x, FL1 + 8), FL_PAGE | UPRW | VR_IOMMU_FL_A);
	ck_assert_uint_eq(fl(x, IT_IOVA, true, false, false, &phys), 0);
	ck_assert_uint_eq(r64(x, FL1 + 8), FL_PAGE | UPRW | VR_IOMMU_FL_A | VR_IOMMU_FL_D);
	ck_assert_uint_eq(r64(x, FL2 + 8), FL1 | UPRW | VR_IOMMU_FL_A);
	/* Not present. */
	ck_assert_uint_eq(fl(x, IT_IOVA + 0x1000, false, false, false, NULL), VR_IOMMU_FR_FL_P);
	/* Canonical: bits 63..47 equal. */
	ck_assert_uint_eq(fl(x, 1ull << 47, false, false, false, NULL), VR_IOMMU_FR_FL_CANONICAL);
	ck_assert_uint_eq(fl(x, 0xffff800000000000ull, false, false, false, NULL),
			  VR_IOMMU_FR_FL_P);
	/* A request without PASID through RID_PASID 0 when that is first-level. */
	it_w64(x, IT_PTBL, ((u64)VR_IOMMU_PGTT_FL << VR_IOMMU_PE_PGTT_SHIFT) | 1);
	it_w64(x, IT_PTBL + 16, FL4);
	rq.has_pasid = false;
	rq.pasid = 0;
	ck_assert_uint_eq(it_dma(x, &rq).phys, FL_PAGE + 0xabc);
	it_invariants_ok(x);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_fl_permissions)
{
	struct vr_iommu *x = fl_unit(VR_IOMMU_FAULT_CODES_SM);

	/* U/S 0 in one entry: user requests fault, supervisor ones pass. */
	it_w64(x, FL2 + 8, FL1 | VR_IOMMU_FL_P | VR_IOMMU_FL_RW);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_FL_US);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, true, false, NULL), 0);
	it_w64(x, FL2 + 8, FL1 | UPRW);
	/* R/W 0: a user write faults; a supervisor write passes unless WPE. */
	it_w64(x, FL1 + 8, FL_PAGE | VR_IOMMU_FL_P | VR_IOMMU_FL_US);
	ck_assert_uint_eq(fl(x, IT_IOVA, true, false, false, NULL), VR_IOMMU_FR_WRITE);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), 0);
	ck_assert_uint_eq(fl(x, IT_IOVA, true, true, false, NULL), 0);
	it_w64(x, IT_PTBL + 5 * 64 + 16, FL4 | VR_IOMMU_PE_SRE | VR_IOMMU_PE_ERE | VR_IOMMU_PE_WPE);
	ck_assert_uint_eq(fl(x, IT_IOVA, true, true, false, NULL), VR_IOMMU_FR_WRITE);
	/* XD anywhere: execute requests fault. */
	it_w64(x, FL1 + 8, FL_PAGE | UPRW);
	it_w64(x, FL3 + 8, FL2 | UPRW | VR_IOMMU_FL_XD);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, true, NULL), VR_IOMMU_FR_FL_XD);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), 0);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_fl_pages_and_reserved)
{
	struct vr_iommu_config cfg;
	struct vr_iommu *x = fl_unit(VR_IOMMU_FAULT_CODES_SM);
	u64 phys = 0;

	/* 2 MiB: PS in the PDE; bit 12 is PAT, bits 20:13 reserved. */
	it_w64(x, FL2 + 8, 0x80000000ull | (1ull << 12) | VR_IOMMU_FL_PS | UPRW);
	ck_assert_uint_eq(fl(x, IT_IOVA + 0xabc, false, false, false, &phys), 0);
	ck_assert_uint_eq(phys, 0x80001abcull);
	it_w64(x, FL2 + 8, 0x80000000ull | (1ull << 13) | VR_IOMMU_FL_PS | UPRW);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_FL_RSVD);
	/* 1 GiB needs CAP.FL1GP. */
	it_w64(x, FL3 + 8, 0xc0000000ull | VR_IOMMU_FL_PS | UPRW);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_FL_RSVD);
	/* PS in a PML4E, an address above HAW: reserved; bits 62:52 ignored. */
	it_w64(x, FL3 + 8, FL2 | UPRW);
	it_w64(x, FL2 + 8, FL1 | UPRW);
	it_w64(x, FL4, FL3 | VR_IOMMU_FL_PS | UPRW);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_FL_RSVD);
	it_w64(x, FL4, FL3 | UPRW);
	it_w64(x, FL1 + 8, (1ull << 48) | FL_PAGE | UPRW);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_FL_RSVD);
	it_w64(x, FL1 + 8, 0x7ff0000000000000ull | FL_PAGE | UPRW);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, &phys), 0);
	ck_assert_uint_eq(phys, FL_PAGE);
	/* Tables that cannot be read: 0x70 at every level. */
	it_w64(x, FL2 + 8, 0x7000000000ull | UPRW);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_FL_READ);
	it_w64(x, IT_PTBL + 5 * 64 + 16, 0x7000000000ull | VR_IOMMU_PE_SRE);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_FL_READ);
	/* FLPM 01b without FL5LP is invalid; FLPTPTR above HAW reserved. */
	it_w64(x, IT_PTBL + 5 * 64 + 16, FL4 | (1ull << 2) | VR_IOMMU_PE_SRE);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_PE_INVALID);
	it_w64(x, IT_PTBL + 5 * 64 + 16, (1ull << 50) | FL4 | VR_IOMMU_PE_SRE);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_PE_RSVD);
	vr_iommu_destroy(x);

	/* QEMU reports an unreadable FLPTPTR table as 0x73. */
	x = fl_unit(VR_IOMMU_FAULT_CODES_QEMU);
	it_w64(x, IT_PTBL + 5 * 64 + 16, 0x7000000000ull | VR_IOMMU_PE_SRE);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_FL_ROOT_READ);
	vr_iommu_destroy(x);

	/* With FL1GP and FL5LP: a 1 GiB page, and 5 levels with their canonical form. */
	vr_iommu_config_default(&cfg);
	cfg.caches = false;
	cfg.cap |= VR_IOMMU_CAP_FL1GP | VR_IOMMU_CAP_FL5LP;
	x = fl_unit_cfg(&cfg);
	it_w64(x, FL3 + 8, 0xc0000000ull | VR_IOMMU_FL_PS | UPRW);
	ck_assert_uint_eq(fl(x, IT_IOVA + 0xabc, false, false, false, &phys), 0);
	ck_assert_uint_eq(phys, 0xc0201abcull);
	it_w64(x, FL3 + 8, 0xe0000000ull | VR_IOMMU_FL_PS | UPRW);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_FL_RSVD);
	it_w64(x, FL3 + 8, FL2 | UPRW);
	it_w64(x, FL5 + 8, FL4 | UPRW);
	it_w64(x, IT_PTBL + 5 * 64 + 16, FL5 | (1ull << 2) | VR_IOMMU_PE_SRE);
	ck_assert_uint_eq(fl(x, (1ull << 48) | IT_IOVA, false, false, false, &phys), 0);
	ck_assert_uint_eq(phys, FL_PAGE);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_FL_P);
	ck_assert_uint_eq(fl(x, 1ull << 56, false, false, false, NULL), VR_IOMMU_FR_FL_CANONICAL);
	vr_iommu_destroy(x);
}
END_TEST

/* First-level IOTLB entries: tagged by DID and PASID, judged again on each hit. */
START_TEST(test_fl_iotlb)
{
	static const u64 inval[][2] = {
		{ VR_IOMMU_QI_P_IOTLB | (2 << 4) | (1u << 16) | (5ull << 32), 0 }
	};
	struct vr_iommu_config cfg;
	struct vr_iommu_cache_entry e;
	struct vr_iommu *x;

	vr_iommu_config_default(&cfg);
	x = fl_unit_cfg(&cfg);
	it_qi_on(x);
	it_w64(x, FL1 + 8, FL_PAGE | VR_IOMMU_FL_P | VR_IOMMU_FL_RW);
	ck_assert_uint_eq(fl(x, IT_IOVA, false, true, false, NULL), 0);
	ck_assert_int_eq(vr_iommu_cache_entry(x, 0, VR_IOMMU_CACHE_IOTLB, 0, &e), 0);
	ck_assert(e.has_pasid && e.pasid == 5 && e.did == 1);
	ck_assert_uint_eq(e.phys, FL_PAGE);
	/* The supervisor-only entry does not serve a user request: the walk faults. */
	ck_assert_uint_eq(fl(x, IT_IOVA, false, false, false, NULL), VR_IOMMU_FR_FL_US);
	ck_assert_uint_eq(fl(x, IT_IOVA, true, true, false, NULL), 0);
	ck_assert_uint_eq(vr_iommu_cache_count(x, 0, VR_IOMMU_CACHE_IOTLB), 1);
	it_qi(x, inval, 1);
	ck_assert_uint_eq(vr_iommu_cache_count(x, 0, VR_IOMMU_CACHE_IOTLB), 0);
	it_invariants_ok(x);
	vr_iommu_destroy(x);
}
END_TEST

static const struct vr_test fl_tests[] = {
	VR_TEST(test_fl_walk_and_ad),
	VR_TEST(test_fl_permissions),
	VR_TEST(test_fl_pages_and_reserved),
	VR_TEST(test_fl_iotlb),
};

static const struct vr_tcase iommu_hw_fl_tcases[] = {
	VR_TCASE("first-level", fl_tests),
};

const struct vr_suite vr_suite_iommu_hw_fl = VR_SUITE("iommu_hw_fl", iommu_hw_fl_tcases);
