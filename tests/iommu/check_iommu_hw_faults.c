/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Primary fault logging against the Intel VT-d specification rev. 4.1:
 * 7.2.1 (recording round robin, overflow), 7.3.1 (the fault event),
 * 10.4.9-10.4.14 (FSTS, FECTL, FEDATA/FEADDR/FEUADDR, FRCD); Linux's
 * reading of the records (torvalds/linux drivers/iommu/intel/dmar.c
 * dmar_fault(), dmar_fault_do_one() at mainline) and the line it logs;
 * QEMU's choices (hw/i386/intel_iommu.c vtd_report_dmar_fault()).
 */
#include "iommu_test.h"

#define FRCD0 0x220u /* the default CAP.FRO * 16 */

static u64 rd(struct vr_iommu *x, u32 off, unsigned int size)
{
	u64 v = 0xdead;

	ck_assert_int_eq(vr_iommu_reg_read(x, 0, off, size, &v), 0);
	return v;
}

/* A read of @addr by @sid; PASID 2 when @pasid. */
static struct vr_iommu_translation dma(struct vr_iommu *x, u16 sid, bool pasid, u64 addr,
				       bool write)
{
	struct vr_iommu_dma_request rq = {
		.sid = sid, .has_pasid = pasid, .pasid = pasid ? 2 : 0, .write = write, .addr = addr
	};

	return it_dma(x, &rq);
}

static void frcd_text_is(struct vr_iommu *x, unsigned int i, const char *want)
{
	struct vr_text t = VR_TEXT_INIT;

	vr_iommu_frcd_text(rd(x, FRCD0 + 16 * i, 8), rd(x, FRCD0 + 16 * i + 8, 8), &t);
	ck_assert_str_eq(vr_text_str(&t), want);
	vr_text_free(&t);
}

/* What Linux's dmar_fault() does: from FRI, clear each F, then PFO | PPF | PRO. */
static unsigned int linux_service_faults(struct vr_iommu *x)
{
	unsigned int i = VR_IOMMU_FSTS_FRI(rd(x, VR_IOMMU_REG_FSTS, 4)), n = 0;

	if (!(rd(x, VR_IOMMU_REG_FSTS, 4) & VR_IOMMU_FSTS_PPF))
		return 0;
	while (rd(x, FRCD0 + 16 * i + 12, 4) & (1u << 31)) {
		it_reg(x, FRCD0 + 16 * i + 12, 4, 1u << 31);
		i = (i + 1) % 8;
		n++;
	}
	it_reg(x, VR_IOMMU_REG_FSTS, 4, VR_IOMMU_FSTS_PFO | VR_IOMMU_FSTS_PPF | VR_IOMMU_FSTS_PRO);
	return n;
}

START_TEST(test_record_and_linux_text)
{
	struct vr_iommu *x = it_unit(VR_IOMMU_FAULT_CODES_SM);
	struct vr_iommu_translation t;

	ck_assert_uint_eq(VR_IOMMU_CAP_NFR(rd(x, VR_IOMMU_REG_CAP, 8)), 8);
	ck_assert_uint_eq(VR_IOMMU_CAP_FRO(rd(x, VR_IOMMU_REG_CAP, 8)), FRCD0);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), 0);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FECTL, 4), VR_IOMMU_FECTL_IM);
	t = dma(x, IT_SID, true, IT_IOVA + 0x1abc, false);
	ck_assert_uint_eq(t.fault, VR_IOMMU_FR_READ);
	ck_assert(t.recorded);
	ck_assert_uint_eq(t.frcd, 0);
	/* FI = the page; SID 0x6a08, PP, FR 0x86, PV 2, T (read), F. */
	ck_assert_uint_eq(rd(x, FRCD0, 8), 0x40202000ull);
	ck_assert_uint_eq(rd(x, FRCD0 + 8, 8), 0x6a08ull | (1ull << 31) | (0x86ull << 32) |
						       (2ull << 40) | (1ull << 62) | (1ull << 63));
	ck_assert_uint_eq(rd(x, FRCD0 + 12, 4), 0xc0000286u);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_PPF);
	frcd_text_is(x, 0,
		     "DMAR: [DMA Read PASID 0x2] Request device [6a:01.0] fault addr 0x40202000 "
		     "[fault reason 0x86] SM: read or atomic request without read permission");
	/* Masked: the event is pending (IP), none sent. */
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FECTL, 4), VR_IOMMU_FECTL_IM | VR_IOMMU_FECTL_IP);
	ck_assert_uint_eq(vr_iommu_fault_events(x, 0), 0);
	/* A write without PASID from 6a:01.1, whose context entry is not present. */
	t = dma(x, IT_SID + 1, false, 0x1234, true);
	ck_assert_uint_eq(t.frcd, 1);
	frcd_text_is(x, 1,
		     "DMAR: [DMA Write NO_PASID] Request device [6a:01.1] fault addr 0x1000 "
		     "[fault reason 0x41] SM: context entry not present");
	/* FRI stays on the first record of the batch. */
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_PPF);
	/* Unmasking sends the pending event. */
	it_reg(x, VR_IOMMU_REG_FECTL, 4, 0);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FECTL, 4), 0);
	ck_assert_uint_eq(vr_iommu_fault_events(x, 0), 1);
	ck_assert_uint_eq(linux_service_faults(x), 2);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), 0);
	ck_assert_uint_eq(rd(x, FRCD0 + 8, 8) >> 63, 0);
	/* The next batch starts at FRCD 2, an event goes out at once. */
	t = dma(x, IT_SID, true, IT_IOVA + 0x1000, true);
	ck_assert_uint_eq(t.frcd, 2);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_PPF | (2u << 8));
	ck_assert_uint_eq(vr_iommu_fault_events(x, 0), 2);
	it_invariants_ok(x);
	ck_assert_uint_eq(vr_iommu_fault_events(x, 1), 0);
	ck_assert_uint_eq(vr_iommu_fault_events(NULL, 0), 0);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_overflow)
{
	struct vr_iommu *x = it_unit(VR_IOMMU_FAULT_CODES_SM);
	struct vr_iommu_translation t;
	unsigned int i;

	it_reg(x, VR_IOMMU_REG_FECTL, 4, 0);
	for (i = 0; i < 8; i++) {
		t = dma(x, IT_SID, true, 0x1000ull * (i + 1), false);
		ck_assert_uint_eq(t.frcd, i);
	}
	/* One event for the batch. */
	ck_assert_uint_eq(vr_iommu_fault_events(x, 0), 1);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_PPF);
	/* FRCD 0 still holds a fault: overflow, the fault is lost. */
	t = dma(x, IT_SID, true, 0x9000, false);
	ck_assert_uint_eq(t.status, VR_IOMMU_DMA_FAULT);
	ck_assert(!t.recorded);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_PPF | VR_IOMMU_FSTS_PFO);
	ck_assert_uint_eq(rd(x, FRCD0, 8), 0x1000);
	/* Software clears record 0: with PFO set, faults are still dropped. */
	it_reg(x, FRCD0 + 8, 8, VR_IOMMU_FRCD_F);
	ck_assert(!dma(x, IT_SID, true, 0xa000, false).recorded);
	ck_assert_uint_eq(rd(x, FRCD0 + 8, 8) >> 63, 0);
	/* PPF is read-only: writing it while records are pending changes nothing. */
	it_reg(x, VR_IOMMU_REG_FSTS, 4, VR_IOMMU_FSTS_PPF);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_PPF | VR_IOMMU_FSTS_PFO);
	/* Writing 0 clears nothing; PFO clears with a 1. */
	it_reg(x, VR_IOMMU_REG_FSTS, 4, 0);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_PPF | VR_IOMMU_FSTS_PFO);
	it_reg(x, VR_IOMMU_REG_FSTS, 4, VR_IOMMU_FSTS_PFO);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_PPF);
	/* The next fault goes to record 0 again (round robin); PPF was set, FRI stays. */
	ck_assert_uint_eq(dma(x, IT_SID, true, 0xb000, false).frcd, 0);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_PPF);
	ck_assert_uint_eq(linux_service_faults(x), 8);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), 0);
	ck_assert_uint_eq(vr_iommu_fault_events(x, 0), 1);
	it_invariants_ok(x);
	vr_iommu_destroy(x);
}
END_TEST

/* Only bit 127 of a record is writable, and only as write-1-to-clear. */
START_TEST(test_frcd_access)
{
	struct vr_iommu *x = it_unit(VR_IOMMU_FAULT_CODES_SM);
	u64 hi;

	dma(x, IT_SID, true, IT_IOVA + 0x1000, false);
	hi = rd(x, FRCD0 + 8, 8);
	it_reg(x, FRCD0, 8, 0);
	it_reg(x, FRCD0 + 8, 8, ~VR_IOMMU_FRCD_F);
	it_reg(x, FRCD0 + 8, 4, 0xffffffffu);
	ck_assert_uint_eq(rd(x, FRCD0, 8), 0x40202000ull);
	ck_assert_uint_eq(rd(x, FRCD0 + 8, 8), hi);
	ck_assert_uint_eq(rd(x, FRCD0 + 8, 4), (u32)hi);
	ck_assert_uint_eq(rd(x, FRCD0 + 4, 4), 0);
	/* The 32-bit write Linux uses clears F, and PPF with it. */
	it_reg(x, FRCD0 + 12, 4, 1u << 31);
	ck_assert_uint_eq(rd(x, FRCD0 + 8, 8), hi & ~VR_IOMMU_FRCD_F);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), 0);
	/* IP clears once every condition is serviced, even while masked. */
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FECTL, 4), VR_IOMMU_FECTL_IM);
	it_reg(x, VR_IOMMU_REG_FECTL, 4, 0);
	ck_assert_uint_eq(vr_iommu_fault_events(x, 0), 0);
	/* Past the last record (8 * 16 bytes) nothing is modelled. */
	ck_assert_int_eq(vr_iommu_reg_write(x, 0, FRCD0 + 0x80, 8, 0), -EOPNOTSUPP);
	/* Fault event data and address registers keep their writable bits. */
	it_reg(x, VR_IOMMU_REG_FEDATA, 4, 0x12345678);
	it_reg(x, VR_IOMMU_REG_FEADDR, 4, 0xfee00013);
	it_reg(x, VR_IOMMU_REG_FEUADDR, 4, 0x1);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FEDATA, 4), 0x5678);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FEADDR, 4), 0xfee00010);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FEUADDR, 4), 0);
	ck_assert_int_eq(vr_iommu_reg_read(x, 0, VR_IOMMU_REG_FSTS, 8, &hi), -EINVAL);
	it_invariants_ok(x);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_eim_and_placement)
{
	struct vr_iommu_config cfg;
	struct vr_iommu *x = NULL;

	vr_iommu_config_default(&cfg);
	cfg.ecap |= 1ull << 4; /* EIM */
	x = it_unit_cfg(&cfg);
	it_reg(x, VR_IOMMU_REG_FEDATA, 4, 0x12345678);
	it_reg(x, VR_IOMMU_REG_FEUADDR, 4, 0xabcd);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FEDATA, 4), 0x12345678);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FEUADDR, 4), 0xabcd);
	vr_iommu_destroy(x);
	/* Fault recording registers over the fixed ones, or past the page. */
	cfg.cap = (cfg.cap & ~(0x3ffull << 24)) | (0x8ull << 24);
	ck_assert_int_eq(vr_iommu_create(&cfg, &x), -EINVAL);
	cfg.cap = (cfg.cap & ~(0x3ffull << 24)) | (0xf9ull << 24);
	ck_assert_int_eq(vr_iommu_create(&cfg, &x), -EINVAL);
	/* One record at 0xff0, the last 16 bytes of the page: fine. */
	cfg.cap = (cfg.cap & ~(0x3ffull << 24) & ~(0xffull << 40)) | (0xffull << 24);
	ck_assert_int_eq(vr_iommu_create(&cfg, &x), 0);
	ck_assert_uint_eq(VR_IOMMU_CAP_NFR(cfg.cap), 1);
	vr_iommu_destroy(x);
}
END_TEST

START_TEST(test_suppressed_and_qemu)
{
	struct vr_iommu *x = it_unit(VR_IOMMU_FAULT_CODES_SM);
	struct vr_iommu_translation t;

	/* FPD in PASID 2's entry: the fault is suppressed and not recorded. */
	it_w64(x, IT_PTBL + 2 * 64, IT_SL4 | (2ull << 2) | (2ull << 6) | VR_IOMMU_PE_FPD | 1);
	t = dma(x, IT_SID, true, IT_IOVA + 0x1000, false);
	ck_assert(t.suppressed && !t.recorded);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), 0);
	vr_iommu_destroy(x);

	/* QEMU: no PP/PV, a second fault of the same SID dropped while one is pending. */
	x = it_unit(VR_IOMMU_FAULT_CODES_QEMU);
	t = dma(x, IT_SID, true, IT_IOVA + 0x1000, false);
	ck_assert(t.recorded);
	ck_assert_uint_eq(rd(x, FRCD0 + 8, 8), 0x6a08ull | (0x06ull << 32) | (3ull << 62));
	frcd_text_is(x, 0,
		     "DMAR: [DMA Read NO_PASID] Request device [6a:01.0] fault addr 0x40202000 "
		     "[fault reason 0x06] read from a page table entry without read permission");
	t = dma(x, IT_SID, true, IT_IOVA + 0x1000, true);
	ck_assert(!t.recorded);
	ck_assert_uint_eq(rd(x, VR_IOMMU_REG_FSTS, 4), VR_IOMMU_FSTS_PPF);
	ck_assert_uint_eq(dma(x, IT_SID + 1, false, 0, false).frcd, 1);
	frcd_text_is(x, 1,
		     "DMAR: [DMA Read NO_PASID] Request device [6a:01.1] fault addr 0x0 "
		     "[fault reason 0x02] context entry not present");
	it_invariants_ok(x);
	vr_iommu_destroy(x);
}
END_TEST

/* The lookup of dmar_get_fault_reason(): interrupt remapping, SM, legacy, unknown. */
START_TEST(test_text_of_any_record)
{
	struct vr_text t = VR_TEXT_INIT;

	vr_iommu_frcd_text(0x0123000000000000ull, 0x00f8ull | (0x22ull << 32) | (1ull << 62), &t);
	ck_assert_str_eq(vr_text_str(&t), "DMAR: [INTR-REMAP] Request device [00:1f.0] fault index "
					  "0x123 [fault reason 0x22] remapping table entry not "
					  "present");
	vr_text_free(&t);
	vr_iommu_frcd_text(0x5fff, (0x33ull << 32) | VR_IOMMU_FRCD_PP | (0xfffffull << 40), &t);
	ck_assert_str_eq(vr_text_str(&t),
			 "DMAR: [DMA Write PASID 0xfffff] Request device "
			 "[00:00.0] fault addr 0x5000 [fault reason 0x33] Unknown");
	vr_text_free(&t);
	vr_iommu_frcd_text(0, 0x0e00000000ull, &t);
	ck_assert_str_eq(vr_text_str(&t), "DMAR: [DMA Write NO_PASID] Request device [00:00.0] "
					  "fault addr 0x0 [fault reason 0x0e] Unknown");
	vr_text_free(&t);
	vr_iommu_frcd_text(0, 0x9100000000ull, &t);
	assert_has(&t, "[fault reason 0x91] Unknown");
	vr_text_free(&t);
	vr_iommu_frcd_text(0, 0x9000000000ull, &t);
	assert_has(&t, "[fault reason 0x90] SM: first-level A/D update in a no-snoop setup");
	vr_text_free(&t);
	vr_iommu_frcd_text(0, 0x2700000000ull, &t);
	assert_has(&t, "[DMA Write NO_PASID]");
	assert_has(&t, "[fault reason 0x27] Unknown");
	vr_text_free(&t);
}
END_TEST

/* The trace op reads a record through the registers and narrates Linux's line. */
START_TEST(test_read_fault_op)
{
	static const char yaml[] =
		"virtref: 1\n"
		"model: iommu\n"
		"name: read-fault\n"
		"steps:\n"
		"  - mem: { space: phys, addr: 0x100000, le64: [0] }\n"
		"  - op: reg_write\n"
		"    args: { unit: 0, offset: 0x20, size: 8, value: 0x100400 }\n"
		"  - op: reg_write\n"
		"    args: { unit: 0, offset: 0x18, value: 0xc0000000 }\n"
		"  - op: dma\n"
		"    args: { unit: 0, sid: 0x0010, pasid: 5, addr: 0x3456 }\n"
		"    expect: { status: fault, fault: 0x39 }\n"
		"  - op: read_fault\n"
		"    args: { unit: 0, index: 0 }\n"
		"    expect: { ret: 0, f: true, sid: 0x10, pp: true, pasid: 5, reason: 0x39, "
		"read: true, addr: 0x3000 }\n"
		"  - op: read_fault\n"
		"    args: { unit: 0, index: 1 }\n"
		"    expect: { ret: 0, f: false }\n"
		"  - op: read_fault\n"
		"    args: { unit: 0, index: 8 }\n"
		"    expect: { ret: -EINVAL }\n";
	struct vr_text out = VR_TEXT_INIT;

	ck_assert_int_eq(vr_test_replay_string_flags(yaml, VR_REPLAY_EXPLAIN, &out), 0);
	assert_has(&out, "FRCD 0: DMAR: [DMA Read PASID 0x5] Request device [00:02.0] fault addr "
			 "0x3000 [fault reason 0x39] SM: root entry not present");
	assert_has(&out, "fault 0x39, recorded in FRCD 0");
	assert_has(&out, "FRCD 1: no fault");
	assert_has(&out, "FRCD 8: -EINVAL");
	vr_text_free(&out);
}
END_TEST

static const struct vr_test recording_tests[] = {
	VR_TEST(test_record_and_linux_text), VR_TEST(test_overflow),
	VR_TEST(test_frcd_access),	     VR_TEST(test_eim_and_placement),
	VR_TEST(test_suppressed_and_qemu),
};

static const struct vr_test decode_tests[] = {
	VR_TEST(test_text_of_any_record),
	VR_TEST(test_read_fault_op),
};

static const struct vr_tcase iommu_hw_faults_tcases[] = {
	VR_TCASE("recording", recording_tests),
	VR_TCASE("decode", decode_tests),
};

const struct vr_suite vr_suite_iommu_hw_faults =
	VR_SUITE("iommu_hw_faults", iommu_hw_faults_tcases);
