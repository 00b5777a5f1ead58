// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The Intel driver over the units, through the profile's struct
 * iommu_ops: bring-up, the entries an attach writes, DID allocation, map
 * and unmap with superpages, iova_to_phys by generation, and a DMA
 * request translated through the tables the driver built.
 */
#include "intel_test.h"

START_TEST(test_bringup)
{
	struct iti t;

	iti_up(&t, VR_IOMMU_PROFILE_MAINLINE);
	ck_assert_uint_eq(iti_reg(&t, VR_IOMMU_REG_GSTS, 4), 0xc4000000u);
	ck_assert_uint_eq(iti_reg(&t, VR_IOMMU_REG_RTADDR, 8), KP(3) | 0x400);
	ck_assert_uint_eq(iti_reg(&t, VR_IOMMU_REG_IQA, 8), KP(0) | 0x801);
	/* Two submissions (context and IOTLB global), each a descriptor and a wait. */
	ck_assert_uint_eq(iti_reg(&t, VR_IOMMU_REG_IQT, 8), 4u << 5);
	ck_assert_uint_eq(iti_reg(&t, VR_IOMMU_REG_IQH, 8), 4u << 5);
	ck_assert_uint_eq(iti_r64(&t, KP(0)), 0x11);		    /* context-cache, global */
	ck_assert_uint_eq(iti_r64(&t, KP(0) + 64), 0x12);	    /* IOTLB, global */
	ck_assert_uint_eq(iti_r64(&t, KP(0) + 32), 0x200000025ull); /* wait: QI_DONE, SW */
	ck_assert_uint_eq(iti_r64(&t, KP(0) + 40), KP(2) + 4);
	ck_assert_uint_eq(vr_iommu_kernel_pages(t.x), 4);
	ck_assert_int_eq(vr_iommu_driver_init(t.x), -EBUSY);
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

START_TEST(test_attach_writes_entries)
{
	static const u64 ctx_paside[VR_IOMMU_NR_PROFILES] = { 0, 0, 8 };
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct iommu_domain *d;
	struct iti t;
	u64 ce;

	iti_up(&t, p);
	d = iti_domain(&t); /* pgd: frame 4 */
	ck_assert_uint_eq(d->geometry.aperture_end, (1ull << 57) - 1);
	ck_assert_int_eq(t.ops->attach_dev(d, t.dev), 0);
	/* 20-bit PASIDs: a directory of 128 KiB (order 5, frames 32-63), PDTS 7. */
	ck_assert_uint_eq(iti_r64(&t, KP(3) + 0x6a * 16), KP(6) | 1);
	ce = iti_r64(&t, KP(6) + 8 * 32);
	ck_assert_uint_eq(ce, KP(32) | 7u << 9 | ctx_paside[p] | 1);
	ck_assert_uint_eq(iti_r64(&t, KP(6) + 8 * 32 + 8), 0);
	ck_assert_uint_eq(iti_r64(&t, KP(32)), KP(5) | 1);
	/* PASID 0: SLPTPTR frame 4 (4 levels), AW 2, PGTT 2, P; DID 2; SRE. */
	ck_assert_uint_eq(iti_r64(&t, KP(5)), KP(4) | 0x89);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 8), 2);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 16), 1);
	ck_assert_uint_eq(to_dmar_domain(d)->agaw, 2);
	ck_assert_uint_eq(to_dmar_domain(d)->gaw, 48);
	ck_assert_uint_eq(to_pci_dev(t.dev)->pasid_enabled, 1);
	iti_ok(&t);
	t.ops->detach_dev(d, t.dev);
	ck_assert_uint_eq(iti_r64(&t, KP(6) + 8 * 32), 0);
	ck_assert_uint_eq(vr_iommu_kernel_pages(t.x), 6); /* the context table stays */
	iti_ok(&t);
	t.ops->domain_free(d);
	ck_assert_uint_eq(vr_iommu_kernel_pages(t.x), 5);
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

START_TEST(test_map_and_dma)
{
	enum vr_iommu_profile p = (enum vr_iommu_profile)_i;
	struct vr_iommu_translation tr;
	struct iommu_domain *d;
	struct iti t;

	iti_up(&t, p);
	d = iti_domain(&t);
	ck_assert_int_eq(t.ops->attach_dev(d, t.dev), 0);
	ck_assert_int_eq(t.ops->map(d, 0x40201000, 0x123456000, 0x1000, IOMMU_READ | IOMMU_WRITE),
			 0);
	/* Level 4 entry 0, then entry 1 at levels 3, 2 and 1: frames 7, 8, 9. */
	ck_assert_uint_eq(iti_r64(&t, KP(4)), KP(7) | 3);
	ck_assert_uint_eq(iti_r64(&t, KP(7) + 8), KP(8) | 3);
	ck_assert_uint_eq(iti_r64(&t, KP(8) + 8), KP(9) | 3);
	ck_assert_uint_eq(iti_r64(&t, KP(9) + 8), 0x123456003ull);
	tr = iti_dma(&t, IT_BDF, -1, 0x40201abc, true);
	ck_assert_int_eq(tr.status, VR_IOMMU_DMA_OK);
	ck_assert_uint_eq(tr.phys, 0x123456abcull);
	ck_assert_uint_eq(tr.did, 2);
	ck_assert_uint_eq(vr_iommu_cache_count(t.x, 0, VR_IOMMU_CACHE_IOTLB), 1);
	iti_ok(&t);
	ck_assert_uint_eq(t.ops->unmap(d, 0x40201000, 0x1000, NULL), 0x1000);
	/* A page-selective flush removed the IOTLB entry; the tables stay. */
	ck_assert_uint_eq(vr_iommu_cache_count(t.x, 0, VR_IOMMU_CACHE_IOTLB), 0);
	tr = iti_dma(&t, IT_BDF, -1, 0x40201abc, false);
	ck_assert_int_eq(tr.status, VR_IOMMU_DMA_FAULT);
	ck_assert_uint_eq(tr.fault, VR_IOMMU_FR_READ);
	iti_ok(&t);
	t.ops->detach_dev(d, t.dev);
	t.ops->domain_free(d);
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

/* With ECAP.DT and an ATS function: DTE in the context entry, a device-TLB flush per unmap. */
START_TEST(test_ats_device_tlb)
{
	struct vr_iommu_pci_config pc;
	struct vr_iommu_config cfg;
	struct iommu_domain *d;
	struct device *dev;
	struct iti t;
	u64 tail;

	vr_iommu_config_default(&cfg);
	cfg.ecap |= VR_IOMMU_ECAP_DT;
	iti_up_cfg(&t, &cfg);
	iti_pci_default(&pc, 0x6b00);
	pc.ats = true;
	ck_assert_int_eq(vr_iommu_pci_add(t.x, 0, &pc, &dev), 0);
	d = iti_domain(&t);
	ck_assert_int_eq(t.ops->attach_dev(d, dev), 0);
	ck_assert_uint_eq(iti_r64(&t, KP(6)), KP(32) | 7u << 9 | 8 | 4 | 1); /* PASIDE, DTE, P */
	ck_assert_uint_eq(to_pci_dev(dev)->ats_enabled, 1);
	ck_assert_int_eq(t.ops->map(d, 0x40201000, 0x123456000, 0x1000, IOMMU_READ), 0);
	tail = iti_reg(&t, VR_IOMMU_REG_IQT, 8);
	ck_assert_uint_eq(t.ops->unmap(d, 0x40201000, 0x1000, NULL), 0x1000);
	/* IOTLB page-selective, DID 2, AM 0; then device-TLB, SID 0x6b00, QDEP 32 as 0. */
	ck_assert_uint_eq(iti_r64(&t, KP(0) + tail), 0x20032ull);
	ck_assert_uint_eq(iti_r64(&t, KP(0) + tail + 8), 0x40201000ull);
	ck_assert_uint_eq(iti_r64(&t, KP(0) + tail + 64), 0x6b0000000003ull);
	ck_assert_uint_eq(iti_r64(&t, KP(0) + tail + 72), 0x40201000ull);
	ck_assert_uint_eq(iti_reg(&t, VR_IOMMU_REG_FSTS, 4) & VR_IOMMU_FSTS_IQE, 0);
	iti_ok(&t);
	t.ops->domain_free(d);
	ck_assert_uint_eq(to_pci_dev(dev)->ats_enabled, 0);
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

/* The other two entry types intel-pasid.c writes: pass-through and first-level. */
START_TEST(test_pass_through_and_first_level_entries)
{
	struct vr_iommu_config cfg;
	struct intel_iommu *iommu;
	struct iommu_domain *d;
	pgd_t *fl;
	struct iti t;

	vr_iommu_config_default(&cfg);
	cfg.ecap |= VR_IOMMU_ECAP_FLTS;
	iti_up_cfg(&t, &cfg);
	d = iti_domain(&t);
	ck_assert_int_eq(t.ops->attach_dev(d, t.dev), 0);
	iommu = device_to_iommu(t.dev, NULL, NULL);
	ck_assert_ptr_nonnull(iommu);
	/* Pass-through at PASID 7: DID 1, AW 2, PGTT 4, P; SRE. */
	ck_assert_int_eq(intel_pasid_setup_pass_through(iommu, to_dmar_domain(d), t.dev, 7), 0);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 7 * 64), 0x109);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 7 * 64 + 8), FLPT_DEFAULT_DID);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 7 * 64 + 16), 1);
	ck_assert_uint_eq(iti_dma(&t, IT_BDF, 7, 0x1234567000ull, false).phys, 0x1234567000ull);
	/* First-level at PASID 8, supervisor: FLPTPTR in qw2 with SRE, PGTT 1. */
	fl = alloc_pgtable_page(0); /* frame 7 */
	ck_assert_ptr_nonnull(fl);
	ck_assert_int_eq(
		intel_pasid_setup_first_level(iommu, t.dev, fl, 8, 1, PASID_FLAG_SUPERVISOR_MODE),
		0);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 8 * 64), 0x49);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 8 * 64 + 8), 1);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 8 * 64 + 16), KP(7) | 1);
	/* Torn down by PGTT: PASID-based IOTLB for both. */
	intel_pasid_tear_down_entry(iommu, t.dev, 7);
	intel_pasid_tear_down_entry(iommu, t.dev, 8);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 7 * 64), 0);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 8 * 64), 0);
	free_pgtable_page(fl);
	iti_ok(&t);
	t.ops->domain_free(d);
	iti_down(&t);
	vr_iommu_config_default(&cfg);
	iti_up_cfg(&t, &cfg);
	d = iti_domain(&t);
	ck_assert_int_eq(t.ops->attach_dev(d, t.dev), 0);
	iommu = device_to_iommu(t.dev, NULL, NULL);
	ck_assert_int_eq(intel_pasid_setup_first_level(iommu, t.dev,
						       (pgd_t *)to_dmar_domain(d)->pgd, 8, 1, 0),
			 -EINVAL);
	t.ops->domain_free(d);
	iti_down(&t);
}
END_TEST

/*
 * PASID table sizing: max = 2^width (0 without the capability), a
 * directory of max / 8 bytes rounded up to a page order, room for
 * 2^(order + 15) PASIDs, PDTS = log2(room / 64) - 7.
 */
START_TEST(test_pasid_table_sizing)
{
	static const struct {
		bool pasid;
		u8 width;
		int room;
		unsigned int pdts;
	} rows[] = {
		{ false, 0, 1 << 15, 2 }, { true, 5, 1 << 15, 2 },  { true, 15, 1 << 15, 2 },
		{ true, 16, 1 << 16, 3 }, { true, 17, 1 << 17, 4 }, { true, 20, 1 << 20, 7 },
	};
	struct vr_iommu_pci_config pc;
	struct iommu_domain *d;
	struct device *dev;
	struct iti t;
	unsigned int i;

	iti_up(&t, VR_IOMMU_PROFILE_5_1);
	d = iti_domain(&t);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		u16 bdf = (u16)(0x1000 + 8 * i);
		u64 ce;

		iti_pci_default(&pc, bdf);
		pc.pasid = rows[i].pasid;
		pc.pasid_width = rows[i].width;
		ck_assert_int_eq(vr_iommu_pci_add(t.x, 0, &pc, &dev), 0);
		ck_assert_int_eq(t.ops->attach_dev(d, dev), 0);
		ck_assert_int_eq(intel_pasid_get_dev_max_id(dev), rows[i].room);
		ce = iti_r64(&t, (iti_r64(&t, KP(3) + 0x10 * 16) & ~0xfffull) + 8 * i * 32);
		ck_assert_uint_eq(VR_IOMMU_CTX_PDTS(ce), rows[i].pdts);
		ck_assert_uint_eq(ce & 1, 1);
	}
	iti_ok(&t);
	t.ops->domain_free(d);
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

/* Two units: each has its own root table, queue and DIDs; a device is behind one. */
START_TEST(test_two_units)
{
	struct vr_iommu_dma_request rq = { .sid = 0x2000, .addr = 0x5000 };
	struct vr_iommu_translation tr;
	struct vr_iommu_pci_config pc;
	struct vr_iommu_config cfg;
	struct iommu_domain *d;
	struct device *dev;
	struct iti t;

	vr_iommu_config_default(&cfg);
	cfg.nr_units = 2;
	iti_up_cfg(&t, &cfg);
	ck_assert_uint_eq(vr_iommu_kernel_pages(t.x), 8);
	iti_pci_default(&pc, 0x2000);
	ck_assert_int_eq(vr_iommu_pci_add(t.x, 1, &pc, &dev), 0);
	ck_assert_int_eq(device_to_iommu(dev, NULL, NULL)->seq_id, 1);
	d = iti_domain(&t);
	ck_assert_int_eq(t.ops->attach_dev(d, dev), 0);
	ck_assert_uint_eq(to_dmar_domain(d)->iommu_did[1], 2);
	ck_assert_uint_eq(to_dmar_domain(d)->iommu_refcnt[0], 0);
	ck_assert_int_eq(t.ops->map(d, 0x5000, 0x9000, 0x1000, IOMMU_READ), 0);
	ck_assert_int_eq(vr_iommu_translate(t.x, 1, &rq, &tr), 0);
	ck_assert_int_eq(tr.status, VR_IOMMU_DMA_OK);
	ck_assert_uint_eq(tr.phys, 0x9000);
	ck_assert_int_eq(vr_iommu_translate(t.x, 0, &rq, &tr), 0);
	ck_assert_uint_eq(tr.fault, VR_IOMMU_FR_ROOT_P);
	ck_assert_uint_eq(t.ops->unmap(d, 0x5000, 0x1000, NULL), 0x1000);
	iti_ok(&t);
	t.ops->domain_free(d);
	iti_ok(&t);
	iti_down(&t);
}
END_TEST

/*
 * A unit that snoops its walks (ECAP.SMPWCS, bit 48): PWSNP is bit 87 of
 * the entry, bit 23 of qw1, beside the DID in bits 15:0, which it leaves
 * alone (VT-d 9.6).
 */
START_TEST(test_page_walk_snoop)
{
	struct vr_iommu_config cfg;
	struct intel_iommu *iommu;
	struct iommu_domain *d;
	struct iti t;

	vr_iommu_config_default(&cfg);
	cfg.ecap |= 1ull << 48;
	iti_up_cfg(&t, &cfg);
	d = iti_domain(&t);
	ck_assert_int_eq(t.ops->attach_dev(d, t.dev), 0);
	iommu = device_to_iommu(t.dev, NULL, NULL);
	ck_assert_ptr_nonnull(iommu);
	ck_assert_int_eq(intel_pasid_setup_pass_through(iommu, to_dmar_domain(d), t.dev, 7), 0);
	ck_assert_uint_eq(iti_r64(&t, KP(5) + 7 * 64 + 8), FLPT_DEFAULT_DID | 1ull << 23);
	intel_pasid_tear_down_entry(iommu, t.dev, 7);
	iti_ok(&t);
	t.ops->domain_free(d);
	iti_down(&t);
}
END_TEST

static const struct vr_test intel_tests[] = {
	VR_TEST(test_two_units),
	VR_TEST(test_pasid_table_sizing),
	VR_TEST(test_pass_through_and_first_level_entries),
	VR_TEST(test_page_walk_snoop),
	VR_TEST(test_bringup),
	VR_TEST(test_ats_device_tlb),
};

static const struct vr_test intel_profile_tests[] = {
	VR_LOOP_TEST(test_attach_writes_entries, 0, VR_IOMMU_NR_PROFILES),
	VR_LOOP_TEST(test_map_and_dma, 0, VR_IOMMU_NR_PROFILES),
};

static const struct vr_tcase iommu_intel_tcases[] = {
	VR_TCASE("driver", intel_tests),
	VR_TCASE("profiles", intel_profile_tests),
};

const struct vr_suite vr_suite_iommu_intel = VR_SUITE("iommu_intel", iommu_intel_tcases);
