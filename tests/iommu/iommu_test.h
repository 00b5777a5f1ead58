/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Helpers shared by the iommu suites: a unit brought up in scalable mode
 * and one device's tables written into physical memory as a driver
 * writes them, at fixed addresses so that tests name entries exactly.
 *
 *   root table      0x100000      (RTADDR 0x100400: TTM 01b)
 *   context table   0x101000      lower half of bus IT_BUS
 *   PASID directory 0x102000      PDTS 0: 128 entries, PASIDs 0..8191
 *   PASID table     0x103000      PASIDs 0..63
 *   SL tables       0x110000..    level 4 at 0x110000, 3 at 0x111000,
 *                                 2 at 0x112000, 1 at 0x113000
 *
 * The device is 6a:01.0 (SID 0x6a08); IT_IOVA 0x40201000 indexes entry 0
 * at level 4 and entry 1 at levels 3, 2 and 1.  it_qi_on() puts a queue
 * of 256-bit descriptors at IT_IQ.
 */
#ifndef VIRTREF_TESTS_IOMMU_TEST_H
#define VIRTREF_TESTS_IOMMU_TEST_H

#include <virtref/iommu.h>
#include <virtref/linux/errno.h>
#include <virtref/mem.h>
#include <virtref/text.h>
#include "vr_test.h"

#define IT_ROOT 0x100000ull
#define IT_CTX 0x101000ull
#define IT_PDIR 0x102000ull
#define IT_PTBL 0x103000ull
#define IT_SL4 0x110000ull
#define IT_SL3 0x111000ull
#define IT_SL2 0x112000ull
#define IT_SL1 0x113000ull
#define IT_SID 0x6a08u
#define IT_CE (IT_CTX + 8 * 32) /* devfn 0x08 */
#define IT_IOVA 0x40201000ull
#define IT_PAGE 0x123456000ull /* where IT_IOVA's 4 KiB leaf points */
#define IT_DID 5u
#define IT_IQ 0x200000ull     /* the invalidation queue: 4 KiB, 128 descriptors */
#define IT_STATUS 0x201000ull /* where wait descriptors write their status */

static inline void it_w64(struct vr_iommu *x, u64 addr, u64 v)
{
	ck_assert_int_eq(vr_mem_write_le64(vr_iommu_mem(x), addr, v), 0);
}

static inline void it_reg(struct vr_iommu *x, u32 off, unsigned int size, u64 v)
{
	ck_assert_int_eq(vr_iommu_reg_write(x, 0, off, size, v), 0);
}

/* A PASID table entry for PGTT @pgtt with @did; SL tables at IT_SL4, AW 2. */
static inline void it_pasid_entry(struct vr_iommu *x, u32 pasid, unsigned int pgtt, u16 did)
{
	u64 at = IT_PTBL + (u64)pasid * 64;

	it_w64(x, at,
	       IT_SL4 | (2ull << VR_IOMMU_PE_AW_SHIFT) | ((u64)pgtt << VR_IOMMU_PE_PGTT_SHIFT) |
		       VR_IOMMU_PE_P);
	it_w64(x, at + 8, did);
	it_w64(x, at + 16, VR_IOMMU_PE_SRE);
}

/*
 * A unit with @cfg, its root table set and translation enabled, device
 * 6a:01.0 present with PASIDE, PASIDs 0 (RID_PASID) and 2 second-level
 * in DID IT_DID, and IT_IOVA mapped read/write to IT_PAGE.
 */
static inline struct vr_iommu *it_unit_cfg(const struct vr_iommu_config *cfg)
{
	struct vr_iommu *x = NULL;

	ck_assert_int_eq(vr_iommu_create(cfg, &x), 0);
	ck_assert_int_eq(vr_mem_add(vr_iommu_mem(x), IT_ROOT, 0x4000), 0);
	ck_assert_int_eq(vr_mem_add(vr_iommu_mem(x), IT_SL4, 0x4000), 0);
	it_w64(x, IT_ROOT + 0x6a * 16, IT_CTX | VR_IOMMU_ROOT_P);
	it_w64(x, IT_CE, IT_PDIR | VR_IOMMU_CTX_PASIDE | VR_IOMMU_CTX_P);
	it_w64(x, IT_PDIR, IT_PTBL | VR_IOMMU_PDE_P);
	it_pasid_entry(x, 0, VR_IOMMU_PGTT_SL, IT_DID);
	it_pasid_entry(x, 2, VR_IOMMU_PGTT_SL, IT_DID);
	it_w64(x, IT_SL4, IT_SL3 | 3);
	it_w64(x, IT_SL3 + 8, IT_SL2 | 3);
	it_w64(x, IT_SL2 + 8, IT_SL1 | 3);
	it_w64(x, IT_SL1 + 8, IT_PAGE | 3);
	it_reg(x, VR_IOMMU_REG_RTADDR, 8,
	       IT_ROOT | ((u64)VR_IOMMU_TTM_SCALABLE << VR_IOMMU_RTADDR_TTM_SHIFT));
	it_reg(x, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_SRTP);
	it_reg(x, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_TE);
	return x;
}

static inline struct vr_iommu *it_unit(enum vr_iommu_fault_codes codes)
{
	struct vr_iommu_config cfg;

	vr_iommu_config_default(&cfg);
	cfg.fault_codes = codes;
	return it_unit_cfg(&cfg);
}

static inline struct vr_iommu_translation it_dma(struct vr_iommu *x,
						 const struct vr_iommu_dma_request *rq)
{
	struct vr_iommu_translation t;

	ck_assert_int_eq(vr_iommu_translate(x, 0, rq, &t), 0);
	return t;
}

/* The fault reason of a read of @addr by IT_SID with PASID 2 (0: none). */
static inline u8 it_fault(struct vr_iommu *x, u64 addr, bool write)
{
	struct vr_iommu_dma_request rq = {
		.sid = IT_SID, .has_pasid = true, .pasid = 2, .write = write, .addr = addr
	};
	struct vr_iommu_translation t = it_dma(x, &rq);

	ck_assert_uint_eq(t.status == VR_IOMMU_DMA_FAULT, t.fault != 0);
	return t.fault;
}

/* Queued invalidation on, with translation kept enabled. */
static inline void it_qi_on(struct vr_iommu *x)
{
	ck_assert_int_eq(vr_mem_add(vr_iommu_mem(x), IT_IQ, 0x2000), 0);
	it_reg(x, VR_IOMMU_REG_IQA, 8, IT_IQ | VR_IOMMU_IQA_DW);
	it_reg(x, VR_IOMMU_REG_GCMD, 4, VR_IOMMU_GCMD_TE | VR_IOMMU_GCMD_QIE);
}

/*
 * Software queues @n 256-bit descriptors (qw0, qw1; qw2 = qw3 = 0) at the
 * tail and writes IQT; returns IQH afterwards.
 */
static inline u64 it_qi(struct vr_iommu *x, const u64 (*d)[2], unsigned int n)
{
	u64 tail = 0, head = 0;
	unsigned int i;

	ck_assert_int_eq(vr_iommu_reg_read(x, 0, VR_IOMMU_REG_IQT, 8, &tail), 0);
	for (i = 0; i < n; i++) {
		it_w64(x, IT_IQ + tail, d[i][0]);
		it_w64(x, IT_IQ + tail + 8, d[i][1]);
		it_w64(x, IT_IQ + tail + 16, 0);
		it_w64(x, IT_IQ + tail + 24, 0);
		tail = (tail + 32) % 0x1000;
	}
	it_reg(x, VR_IOMMU_REG_IQT, 8, tail);
	ck_assert_int_eq(vr_iommu_reg_read(x, 0, VR_IOMMU_REG_IQH, 8, &head), 0);
	return head;
}

static inline void it_invariants_ok(struct vr_iommu *x)
{
	struct vr_text why = VR_TEXT_INIT;
	int bad = vr_iommu_invariants(x, &why);

	ck_assert_msg(!bad, "%s", vr_text_str(&why));
	vr_text_free(&why);
}

#endif
