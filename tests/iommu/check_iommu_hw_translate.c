/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * One DMA request through a scalable-mode unit, against the Intel VT-d
 * specification rev. 4.1: 3.4.3 (the order of the checks), 9.2-9.8 (root,
 * context, PASID directory, PASID table and second-level entries with
 * their reserved bits), 7.1.2-7.1.3 (qualified faults, FPD, the
 * scalable-mode fault reasons), and the codes QEMU's hw/i386/intel_iommu.c
 * reports for the same faults.  iommu_test.h lays the tables out.  The
 * units here cache nothing, so that every request walks the tables as
 * they are; check_iommu_hw_cache.c is about the caches.
 */
#include "iommu_test.h"

static struct vr_iommu *walk_unit(enum vr_iommu_fault_codes codes)
{
	struct vr_iommu_config cfg;

	vr_iommu_config_default(&cfg);
	cfg.fault_codes = codes;
	cfg.caches = false;
	return it_unit_cfg(&cfg);
}

/* PASID 2's qw0: table pointer @ptr, AW @aw, PGTT @pgtt, and @bits (P, FPD, ...). */
static void it_pe2(struct vr_iommu *x, u64 ptr, unsigned int aw, unsigned int pgtt, u64 bits)
{
	it_w64(x, IT_PTBL + 2 * 64,
	       ptr | ((u64)aw << VR_IOMMU_PE_AW_SHIFT) | ((u64)pgtt << VR_IOMMU_PE_PGTT_SHIFT) |
		       bits);
}

static const struct vr_iommu_dma_request rq_pasid2 = {
	.sid = IT_SID, .has_pasid = true, .pasid = 2, .addr = IT_IOVA + 0xabc
};

START_TEST(test_sl_4level_4k)
{
	struct vr_iommu *x = walk_unit(VR_IOMMU_FAULT_CODES_SM);
	struct vr_iommu_dma_request rq = rq_pasid2;
	struct vr_iommu_translation t = it_dma(x, &rq);

	ck_assert_int_eq(t.status, VR_IOMMU_DMA_OK);
	ck_assert_uint_eq(t.phys, 0x123456abcull);
	ck_assert_uint_eq(t.page_shift, 12);
	ck_assert_uint_eq(t.perm, VR_IOMMU_SL_R | VR_IOMMU_SL_W);
	ck_assert_uint_eq(t.pgtt, VR_IOMMU_PGTT_SL);
	ck_assert_uint_eq(t.did, IT_DID);
	ck_assert_uint_eq(t.pasid, 2);
	ck_assert_uint_eq(t.level, 1);
	ck_assert_uint_eq(t.fault, 0);
	/* A write, and a request without PASID through RID_PASID 0. */
	rq.write = true;
	ck_assert_uint_eq(it_dma(x, &rq).phys, 0x123456abcull);
	rq.has_pasid = false;
	rq.pasid = 0;
	t = it_dma(x, &rq);
	ck_assert_int_eq(t.status, VR_IOMMU_DMA_OK);
	ck_assert_uint_eq(t.pasid, 0);
	ck_assert_uint_eq(t.phys, 0x123456abcull);
	/* The index of each level: the neighbouring page is not mapped. */
	ck_assert_uint_eq(it_fault(x, IT_IOVA + 0x1000, false), VR_IOMMU_FR_READ);
	ck_assert_uint_eq(VR_IOMMU_SL_INDEX(IT_IOVA, 3), 1);
	ck_assert_uint_eq(VR_IOMMU_SL_INDEX(IT_IOVA, 1), 1);
	it_invariants_ok(x);
	vr_iommu_destroy(x);
}
END_TEST

/* RID_PASID in the context entry (ECAP.RPS) selects the PASID entry of requests without PASID. */
START_TEST(test_rid_pasid)
{
	struct vr_iommu_config cfg;
	struct vr_iommu *x;
	struct vr_iommu_dma_request rq = { .sid = IT_SID, .addr = IT_IOVA };
	struct vr_iommu_translation t;

	vr_iommu_config_default(&cfg);
	cfg.caches = false;
	x = it_unit_cfg(&cfg);
	/* Without RPS the field is reserved. */
	it_w64(x, IT_CE + 8, 2);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_CTX_RSVD);
	vr_iommu_destroy(x);
	cfg.ecap |= VR_IOMMU_ECAP_RPS;
	x = it_unit_cfg(&cfg);
	it_w64(x, IT_CE + 8, 2 | VR_IOMMU_CTX_RID_PRIV);
	it_w64(x, IT_PTBL + 2 * 64 + 8, 7);
	t = it_dma(x, &rq);
	ck_assert_uint_eq(t.pasid, 2);
	ck_assert_uint_eq(t.did, 7);
	/* RID_PRIV makes it a supervisor request: SRE 0 faults 0x5d. */
	it_w64(x, IT_PTBL + 2 * 64 + 16, 0);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_PE_SRE);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_sl_3_and_5_level)
{
	struct vr_iommu_config cfg;
	struct vr_iommu *x = walk_unit(VR_IOMMU_FAULT_CODES_SM);
	struct vr_iommu_dma_request rq = rq_pasid2;
	struct vr_iommu_translation t;

	/* AW 1: 39 bits, 3 levels from SLPTPTR, which now names level 3. */
	it_pe2(x, IT_SL3, 1, 2, 1);
	t = it_dma(x, &rq);
	ck_assert_uint_eq(t.phys, 0x123456abcull);
	ck_assert_uint_eq(t.level, 1);
	ck_assert_uint_eq(it_fault(x, 1ull << 39, false), VR_IOMMU_FR_INPUT_BEYOND);
	ck_assert_uint_eq(it_fault(x, (1ull << 39) - 1, false), VR_IOMMU_FR_READ);
	/* AW 3 (57 bits) is not in SAGAW 0b00110: an invalid PASID entry. */
	it_pe2(x, IT_SL4, 3, 2, 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_INVALID);
	/* AW 0 and 4 are never valid. */
	it_pe2(x, IT_SL4, 0, 2, 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_INVALID);
	/* 4-level: 48 bits. */
	it_pe2(x, IT_SL4, 2, 2, 1);
	ck_assert_uint_eq(it_fault(x, 1ull << 48, false), VR_IOMMU_FR_INPUT_BEYOND);
	vr_iommu_destroy(x);

	/* A unit with SAGAW bit 3 and MGAW 57: 5 levels, IT_SL4 below a level-5 table. */
	vr_iommu_config_default(&cfg);
	cfg.caches = false;
	cfg.cap = (cfg.cap & ~(0x3full << 16) & ~(0x1full << 8)) | (56ull << 16) | (0x8ull << 8);
	x = it_unit_cfg(&cfg);
	ck_assert_int_eq(vr_mem_add(vr_iommu_mem(x), 0x120000, 0x1000), 0);
	it_w64(x, 0x120000 + 8 * 2, IT_SL4 | 3); /* index 2 at level 5: bit 49 */
	it_pe2(x, 0x120000, 3, 2, 1);
	rq.addr = (2ull << 48) | IT_IOVA | 0x10;
	t = it_dma(x, &rq);
	ck_assert_int_eq(t.status, VR_IOMMU_DMA_OK);
	ck_assert_uint_eq(t.phys, IT_PAGE | 0x10);
	ck_assert_uint_eq(it_fault(x, 1ull << 57, false), VR_IOMMU_FR_INPUT_BEYOND);
	/* The 3- and 4-level AW codes are not in this SAGAW. */
	it_pe2(x, IT_SL4, 2, 2, 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_INVALID);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_superpages)
{
	struct vr_iommu_config cfg;
	struct vr_iommu *x = walk_unit(VR_IOMMU_FAULT_CODES_SM);
	struct vr_iommu_dma_request rq = rq_pasid2;
	struct vr_iommu_translation t;

	/* 2 MiB: PS in the PDE, frame 0x80000000, offset 21 bits. */
	it_w64(x, IT_SL2 + 8, 0x80000000ull | VR_IOMMU_SL_PS | 3);
	t = it_dma(x, &rq);
	ck_assert_uint_eq(t.phys, 0x80001abcull);
	ck_assert_uint_eq(t.page_shift, 21);
	ck_assert_uint_eq(t.level, 2);
	/* Frame bits 20:12 of a 2 MiB leaf are reserved (mask 0x1ff800 with SNP). */
	it_w64(x, IT_SL2 + 8, 0x80001000ull | VR_IOMMU_SL_PS | 3);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_SL_RSVD);
	it_w64(x, IT_SL2 + 8, 0x80000000ull | VR_IOMMU_SL_SNP | VR_IOMMU_SL_PS | 3);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_SL_RSVD);
	/* 1 GiB: PS in the PDPE, offset 30 bits; bits 29:12 reserved. */
	it_w64(x, IT_SL3 + 8, 0xc0000000ull | VR_IOMMU_SL_PS | 1);
	t = it_dma(x, &rq);
	ck_assert_uint_eq(t.phys, 0xc0201abcull);
	ck_assert_uint_eq(t.page_shift, 30);
	ck_assert_uint_eq(t.perm, VR_IOMMU_SL_R);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, true), VR_IOMMU_FR_WRITE);
	it_w64(x, IT_SL3 + 8, 0xe0000000ull | VR_IOMMU_SL_PS | 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_SL_RSVD);
	/* PS in a PML4E is always reserved. */
	it_w64(x, IT_SL4, IT_SL3 | VR_IOMMU_SL_PS | 3);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_SL_RSVD);
	vr_iommu_destroy(x);

	/* Without SLLPS, PS is reserved in the PDE and the PDPE. */
	vr_iommu_config_default(&cfg);
	cfg.caches = false;
	cfg.cap &= ~(VR_IOMMU_CAP_SLLPS_2M | VR_IOMMU_CAP_SLLPS_1G);
	x = it_unit_cfg(&cfg);
	it_w64(x, IT_SL2 + 8, 0x80000000ull | VR_IOMMU_SL_PS | 3);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_SL_RSVD);
	it_w64(x, IT_SL3 + 8, 0xc0000000ull | VR_IOMMU_SL_PS | 3);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_SL_RSVD);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_sl_permissions_and_reserved)
{
	struct vr_iommu_config cfg;
	struct vr_iommu *x = walk_unit(VR_IOMMU_FAULT_CODES_SM);

	/* Permissions are the AND over the levels: R only at level 3. */
	it_w64(x, IT_SL3 + 8, IT_SL2 | 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), 0);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, true), VR_IOMMU_FR_WRITE);
	/* W only in the leaf: reads fault. */
	it_w64(x, IT_SL3 + 8, IT_SL2 | 3);
	it_w64(x, IT_SL1 + 8, IT_PAGE | 2);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_READ);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, true), 0);
	/* Not present: no reserved check, a permission fault. */
	it_w64(x, IT_SL1 + 8, IT_PAGE | VR_IOMMU_SL_SNP);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, true), VR_IOMMU_FR_WRITE);
	/* Reserved bits before permission: SNP without ECAP.SC, above HAW, TM without DT. */
	it_w64(x, IT_SL1 + 8, IT_PAGE | VR_IOMMU_SL_SNP | 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, true), VR_IOMMU_FR_SL_RSVD);
	it_w64(x, IT_SL1 + 8, (1ull << 48) | IT_PAGE | 3);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_SL_RSVD);
	it_w64(x, IT_SL1 + 8, VR_IOMMU_SL_TM | IT_PAGE | 3);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_SL_RSVD);
	/* Ignored bits 63 and 61:52 are not part of the address. */
	it_w64(x, IT_SL1 + 8, VR_IOMMU_SL_IGNORED | IT_PAGE | 3);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), 0);
	ck_assert_uint_eq(it_dma(x, &rq_pasid2).phys, 0x123456abcull);
	/* SNP in a non-leaf entry is reserved. */
	it_w64(x, IT_SL1 + 8, IT_PAGE | 3);
	it_w64(x, IT_SL2 + 8, IT_SL1 | VR_IOMMU_SL_SNP | 3);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_SL_RSVD);
	/* A table that cannot be read: 0x78 below the top, 0x7b at SLPTPTR. */
	it_w64(x, IT_SL2 + 8, 0x7000000000ull | 3);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_SL_READ);
	it_pe2(x, 0x7000000000ull, 2, 2, 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_SL_ROOT_READ);
	vr_iommu_destroy(x);

	/* With snoop control and device-TLB, SNP and TM are leaf bits. */
	vr_iommu_config_default(&cfg);
	cfg.caches = false;
	cfg.ecap |= VR_IOMMU_ECAP_SC | VR_IOMMU_ECAP_DT;
	x = it_unit_cfg(&cfg);
	it_w64(x, IT_SL1 + 8, VR_IOMMU_SL_TM | IT_PAGE | VR_IOMMU_SL_SNP | 3);
	ck_assert_uint_eq(it_dma(x, &rq_pasid2).phys, 0x123456abcull);
	vr_iommu_destroy(x);
}
END_TEST

/* Every entry before the page tables, in the order of VT-d 3.4.3. */
START_TEST(test_entry_faults)
{
	struct vr_iommu *x = walk_unit(VR_IOMMU_FAULT_CODES_SM);
	struct vr_iommu_dma_request rq = rq_pasid2;

	/* PASID entry: ERE without ERS is reserved, ER with ERE 0 faults 0x5c. */
	rq.exec = true;
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_PE_ERE);
	rq.exec = false;
	rq.priv = true;
	ck_assert_uint_eq(it_dma(x, &rq).fault, 0);
	it_w64(x, IT_PTBL + 2 * 64 + 16, VR_IOMMU_PE_SRE | VR_IOMMU_PE_ERE);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_PE_RSVD);
	it_w64(x, IT_PTBL + 2 * 64 + 16, 0);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_PE_SRE);
	it_w64(x, IT_PTBL + 2 * 64 + 16, VR_IOMMU_PE_SRE);
	/* Reserved: qw0 bit 5, bit 10, SLADE without SLADS, SLPTPTR above HAW, qw1, qw3..7. */
	it_w64(x, IT_PTBL + 2 * 64 + 56, 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_RSVD);
	it_w64(x, IT_PTBL + 2 * 64 + 56, 0);
	it_w64(x, IT_PTBL + 2 * 64 + 8, IT_DID | (1ull << 16));
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_RSVD);
	it_w64(x, IT_PTBL + 2 * 64 + 8, IT_DID | VR_IOMMU_PE_PWSNP | VR_IOMMU_PE_PGSNP);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), 0);
	it_pe2(x, IT_SL4, 2, 2, VR_IOMMU_PE_SLADE | 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_RSVD);
	it_pe2(x, (1ull << 48) | IT_SL4, 2, 2, 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_RSVD);
	it_pe2(x, IT_SL4, 2, 2, (1ull << 5) | 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_RSVD);
	/* Invalid: PGTT 0, 5, first-level and nested on a unit without FLTS and NEST. */
	it_pe2(x, IT_SL4, 2, 0, 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_INVALID);
	it_pe2(x, IT_SL4, 2, 5, 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_INVALID);
	it_pe2(x, IT_SL4, 2, 1, 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_INVALID);
	it_pe2(x, IT_SL4, 2, 3, 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_INVALID);
	it_pe2(x, IT_SL4, 2, 2, 0);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_P);
	/* PASID 64 lives in a PASID table the directory does not hold. */
	rq.priv = false;
	rq.pasid = 64;
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_PDE_P);
	it_w64(x, IT_PDIR + 8, 0x7000000000ull | VR_IOMMU_PDE_P);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_PE_READ);
	it_w64(x, IT_PDIR + 8, IT_PTBL | 0x10 | VR_IOMMU_PDE_P);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_PDE_RSVD);
	/* PDTS 0: 2^7 directory entries, PASIDs up to 8191. */
	rq.pasid = 8192;
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_PDTS);
	it_w64(x, IT_CE, IT_PDIR | (1ull << VR_IOMMU_CTX_PDTS_SHIFT) | VR_IOMMU_CTX_PASIDE | 1);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_PDE_P);
	it_w64(x, IT_CE,
	       0x7000000000ull | (1ull << VR_IOMMU_CTX_PDTS_SHIFT) | VR_IOMMU_CTX_PASIDE | 1);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_PDE_READ);
	/* Context entry: PASIDE 0, reserved bits, not present, unreadable. */
	it_w64(x, IT_CE, IT_PDIR | 1);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_CTX_PASIDE);
	it_w64(x, IT_CE, IT_PDIR | VR_IOMMU_CTX_DTE | 1);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_CTX_RSVD);
	it_w64(x, IT_CE, IT_PDIR | VR_IOMMU_CTX_PRE | 1);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_CTX_RSVD);
	it_w64(x, IT_CE, IT_PDIR | 0x20 | 1);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_CTX_RSVD);
	it_w64(x, IT_CE, IT_PDIR | VR_IOMMU_CTX_PASIDE | 1);
	it_w64(x, IT_CE + 24, 1);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_CTX_RSVD);
	it_w64(x, IT_CE + 24, 0);
	it_w64(x, IT_CE + 8, VR_IOMMU_CTX_RID_PRIV << 1);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_CTX_RSVD);
	it_w64(x, IT_CE, IT_PDIR | VR_IOMMU_CTX_PASIDE);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_CTX_P);
	it_w64(x, IT_ROOT + 0x6a * 16, 0x7000000000ull | VR_IOMMU_ROOT_P);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_CTX_READ);
	/* Root entry: reserved bits 11:1, not present, unreadable. */
	it_w64(x, IT_ROOT + 0x6a * 16, IT_CTX | 0x800 | VR_IOMMU_ROOT_P);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_ROOT_RSVD);
	it_w64(x, IT_ROOT + 0x6a * 16, (1ull << 48) | IT_CTX | VR_IOMMU_ROOT_P);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_ROOT_RSVD);
	it_w64(x, IT_ROOT + 0x6a * 16, IT_CTX);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_ROOT_P);
	/* devfn 0x88 uses the upper half, which is not present. */
	it_w64(x, IT_ROOT + 0x6a * 16, IT_CTX | VR_IOMMU_ROOT_P);
	rq.sid = 0x6a88;
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_ROOT_P);
	it_reg(x, VR_IOMMU_REG_RTADDR, 8, 0x7000000000ull | (1ull << 10));
	it_reg(x, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_TE | VR_IOMMU_GCMD_SRTP);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_ROOT_READ);
	vr_iommu_destroy(x);
}
END_TEST

/* The upper root half and the 128-entry context table it points to. */
START_TEST(test_upper_half)
{
	struct vr_iommu *x = walk_unit(VR_IOMMU_FAULT_CODES_SM);
	struct vr_iommu_dma_request rq = rq_pasid2;

	ck_assert_int_eq(vr_mem_add(vr_iommu_mem(x), 0x104000, 0x1000), 0);
	it_w64(x, IT_ROOT + 0x6a * 16 + 8, 0x104000 | VR_IOMMU_ROOT_P);
	/* devfn 0x88 -> entry 8 of the upper table, bytes 0x100..0x11f. */
	it_w64(x, 0x104000 + 8 * 32, IT_PDIR | VR_IOMMU_CTX_PASIDE | 1);
	rq.sid = 0x6a88;
	ck_assert_uint_eq(it_dma(x, &rq).phys, 0x123456abcull);
	it_w64(x, IT_ROOT + 0x6a * 16 + 8, 0x104000 | 0x2 | VR_IOMMU_ROOT_P);
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_ROOT_RSVD);
	vr_iommu_destroy(x);
}
END_TEST

/* FPD suppresses qualified faults after the entry that sets it, never the others. */
START_TEST(test_fpd)
{
	struct vr_iommu *x = walk_unit(VR_IOMMU_FAULT_CODES_SM);
	struct vr_iommu_dma_request rq = rq_pasid2;
	struct vr_iommu_translation t;

	rq.addr = IT_IOVA + 0x1000;
	t = it_dma(x, &rq);
	ck_assert_uint_eq(t.fault, VR_IOMMU_FR_READ);
	ck_assert(t.qualified && !t.suppressed);
	it_pe2(x, IT_SL4, 2, 2, VR_IOMMU_PE_FPD | 1);
	t = it_dma(x, &rq);
	ck_assert_uint_eq(t.fault, VR_IOMMU_FR_READ);
	ck_assert(t.suppressed);
	/* The PASID entry's FPD counts even when it is not present (as QEMU reads it). */
	it_pe2(x, IT_SL4, 2, 2, VR_IOMMU_PE_FPD);
	t = it_dma(x, &rq);
	ck_assert_uint_eq(t.fault, VR_IOMMU_FR_PE_P);
	ck_assert(t.suppressed);
	/* An FPD in the directory entry covers the PASID table below it. */
	it_pe2(x, IT_SL4, 2, 2, 0);
	it_w64(x, IT_PDIR, IT_PTBL | VR_IOMMU_PDE_FPD | VR_IOMMU_PDE_P);
	ck_assert(it_dma(x, &rq).suppressed);
	it_w64(x, IT_PDIR, IT_PTBL | VR_IOMMU_PDE_P);
	ck_assert(!it_dma(x, &rq).suppressed);
	/* Context FPD: PASIDE 0 is qualified, reserved bits are not. */
	it_w64(x, IT_CE, IT_PDIR | VR_IOMMU_CTX_FPD | 1);
	t = it_dma(x, &rq);
	ck_assert_uint_eq(t.fault, VR_IOMMU_FR_CTX_PASIDE);
	ck_assert(t.suppressed);
	it_w64(x, IT_CE, IT_PDIR | VR_IOMMU_CTX_FPD | 0x100 | 1);
	t = it_dma(x, &rq);
	ck_assert_uint_eq(t.fault, VR_IOMMU_FR_CTX_RSVD);
	ck_assert(!t.qualified && !t.suppressed);
	it_w64(x, IT_CE, IT_PDIR | VR_IOMMU_CTX_FPD);
	t = it_dma(x, &rq);
	ck_assert_uint_eq(t.fault, VR_IOMMU_FR_CTX_P);
	ck_assert(t.suppressed);
	/* A PASID table that cannot be read is never qualified. */
	it_w64(x, IT_CE, IT_PDIR | VR_IOMMU_CTX_FPD | VR_IOMMU_CTX_PASIDE | 1);
	it_w64(x, IT_PDIR, 0x7000000000ull | VR_IOMMU_PDE_P);
	t = it_dma(x, &rq);
	ck_assert_uint_eq(t.fault, VR_IOMMU_FR_PE_READ);
	ck_assert(!t.suppressed);
	vr_iommu_destroy(x);
}
END_TEST

/* The same faults as QEMU's intel-iommu reports them in scalable mode. */
START_TEST(test_qemu_codes)
{
	struct vr_iommu *x = walk_unit(VR_IOMMU_FAULT_CODES_QEMU);
	struct vr_iommu_dma_request rq = rq_pasid2;

	ck_assert_uint_eq(it_fault(x, IT_IOVA + 0x1000, false), 0x06);
	ck_assert_uint_eq(it_fault(x, 1ull << 48, false), 0x04);
	/* Permission before reserved bits: a read-only leaf with SNP, written. */
	it_w64(x, IT_SL1 + 8, IT_PAGE | VR_IOMMU_SL_SNP | 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, true), 0x05);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), 0x0c);
	it_w64(x, IT_SL2 + 8, 0x7000000000ull | 3);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), 0x07);
	it_pe2(x, 0x7000000000ull, 2, 2, 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), 0x03);
	/* PASID entry reserved bits are not checked: qw7 set, still translated. */
	it_pe2(x, IT_SL4, 2, 2, 1);
	it_w64(x, IT_SL2 + 8, IT_SL1 | 3);
	it_w64(x, IT_SL1 + 8, IT_PAGE | 3);
	it_w64(x, IT_PTBL + 2 * 64 + 56, 1);
	ck_assert_uint_eq(it_dma(x, &rq).phys, 0x123456abcull);
	it_pe2(x, IT_SL4, 2, 2, 0);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_PE_P);
	it_w64(x, IT_CE, IT_PDIR | VR_IOMMU_CTX_PASIDE | 0x20 | 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), 0x0b);
	it_w64(x, IT_CE, IT_PDIR | VR_IOMMU_CTX_PASIDE);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), 0x02);
	it_w64(x, IT_ROOT + 0x6a * 16, IT_CTX | 2 | VR_IOMMU_ROOT_P);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), 0x0a);
	it_w64(x, IT_ROOT + 0x6a * 16, IT_CTX);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), 0x01);
	it_w64(x, IT_ROOT + 0x6a * 16, 0x7000000000ull | 1);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), 0x09);
	it_reg(x, VR_IOMMU_REG_RTADDR, 8, 0x7000000000ull | (1ull << 10));
	it_reg(x, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_TE | VR_IOMMU_GCMD_SRTP);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), 0x08);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_pass_through_and_modes)
{
	struct vr_iommu_config cfg;
	struct vr_iommu *x = walk_unit(VR_IOMMU_FAULT_CODES_SM);
	struct vr_iommu_dma_request rq = rq_pasid2;
	struct vr_iommu_translation t;

	/* PGTT 100b with DID 1 (Linux's FLPT_DEFAULT_DID): output = input. */
	it_pasid_entry(x, 2, VR_IOMMU_PGTT_PT, 1);
	rq.addr = 0x7654321abcull;
	t = it_dma(x, &rq);
	ck_assert_int_eq(t.status, VR_IOMMU_DMA_OK);
	ck_assert_uint_eq(t.phys, 0x7654321abcull);
	ck_assert_uint_eq(t.pgtt, VR_IOMMU_PGTT_PT);
	ck_assert_uint_eq(t.did, 1);
	/* With PASID the interrupt range is translated, and the output faults 0x87. */
	rq.addr = 0xfee00000ull;
	ck_assert_uint_eq(it_dma(x, &rq).fault, VR_IOMMU_FR_INTERRUPT_RANGE);
	rq.has_pasid = false;
	rq.pasid = 0;
	ck_assert_int_eq(vr_iommu_translate(x, 0, &rq, &t), -EOPNOTSUPP);
	ck_assert_int_eq(t.status, VR_IOMMU_DMA_OK);
	ck_assert_uint_eq(t.phys, 0);
	/* An SL leaf into the interrupt range. */
	it_pasid_entry(x, 2, VR_IOMMU_PGTT_SL, IT_DID);
	it_w64(x, IT_SL1 + 8, 0xfeeff000ull | 3);
	ck_assert_uint_eq(it_fault(x, IT_IOVA, false), VR_IOMMU_FR_INTERRUPT_RANGE);
	/* Bad requests. */
	rq.priv = true;
	ck_assert_int_eq(vr_iommu_translate(x, 0, &rq, &t), -EINVAL);
	rq = rq_pasid2;
	rq.pasid = 0x100000;
	ck_assert_int_eq(vr_iommu_translate(x, 0, &rq, &t), -EINVAL);
	ck_assert_int_eq(vr_iommu_translate(x, 1, &rq_pasid2, &t), -EINVAL);
	ck_assert_int_eq(vr_iommu_translate(x, 0, NULL, &t), -EINVAL);
	ck_assert_int_eq(vr_iommu_translate(x, 0, &rq_pasid2, NULL), -EINVAL);
	ck_assert_int_eq(vr_iommu_translate(NULL, 0, &rq_pasid2, &t), -EINVAL);
	/* TTM 10b faults 0x30, 11b aborts without a fault, 00b faults PASID requests 0x31. */
	it_reg(x, VR_IOMMU_REG_RTADDR, 8, IT_ROOT | (2ull << 10));
	it_reg(x, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_TE | VR_IOMMU_GCMD_SRTP);
	t = it_dma(x, &rq_pasid2);
	ck_assert_uint_eq(t.fault, VR_IOMMU_FR_RTADDR_TTM);
	ck_assert(!t.qualified);
	it_reg(x, VR_IOMMU_REG_RTADDR, 8, IT_ROOT | (3ull << 10));
	it_reg(x, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_TE | VR_IOMMU_GCMD_SRTP);
	t = it_dma(x, &rq_pasid2);
	ck_assert_int_eq(t.status, VR_IOMMU_DMA_ABORTED);
	ck_assert_uint_eq(t.fault, 0);
	it_reg(x, VR_IOMMU_REG_RTADDR, 8, IT_ROOT);
	it_reg(x, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_TE | VR_IOMMU_GCMD_SRTP);
	ck_assert_uint_eq(it_dma(x, &rq_pasid2).fault, VR_IOMMU_FR_LEGACY_PASID);
	rq = rq_pasid2;
	rq.has_pasid = false;
	rq.pasid = 0;
	ck_assert_int_eq(vr_iommu_translate(x, 0, &rq, &t), -EOPNOTSUPP);
	/* Translation disabled: the request passes as it is. */
	it_reg(x, VR_IOMMU_REG_GCMD, 4, 0);
	t = it_dma(x, &rq_pasid2);
	ck_assert_int_eq(t.status, VR_IOMMU_DMA_OK);
	ck_assert_uint_eq(t.phys, IT_IOVA + 0xabc);
	ck_assert_uint_eq(t.pgtt, 0);
	vr_iommu_destroy(x);

	/* Nested entries on a unit that reports NEST are not modelled. */
	vr_iommu_config_default(&cfg);
	cfg.caches = false;
	cfg.ecap |= VR_IOMMU_ECAP_NEST;
	x = it_unit_cfg(&cfg);
	it_pasid_entry(x, 2, VR_IOMMU_PGTT_NESTED, IT_DID);
	ck_assert_int_eq(vr_iommu_translate(x, 0, &rq_pasid2, &t), -EOPNOTSUPP);
	ck_assert_uint_eq(t.fault, 0);
	vr_iommu_destroy(x);
	/* A fault-code policy out of range. */
	vr_iommu_config_default(&cfg);
	cfg.caches = false;
	cfg.fault_codes = VR_IOMMU_NR_FAULT_CODES;
	ck_assert_int_eq(vr_iommu_create(&cfg, &x), -EINVAL);
}
END_TEST

static const struct vr_test sl_tests[] = {
	VR_TEST(test_sl_4level_4k),
	VR_TEST(test_rid_pasid),
	VR_TEST(test_sl_3_and_5_level),
	VR_TEST(test_superpages),
	VR_TEST(test_sl_permissions_and_reserved),
};

static const struct vr_test entry_tests[] = {
	VR_TEST(test_entry_faults),
	VR_TEST(test_upper_half),
	VR_TEST(test_fpd),
	VR_TEST(test_qemu_codes),
	VR_TEST(test_pass_through_and_modes),
};

static const struct vr_tcase iommu_hw_translate_tcases[] = {
	VR_TCASE("second-level", sl_tests),
	VR_TCASE("entries", entry_tests),
};

const struct vr_suite vr_suite_iommu_hw_translate =
	VR_SUITE("iommu_hw_translate", iommu_hw_translate_tcases);
