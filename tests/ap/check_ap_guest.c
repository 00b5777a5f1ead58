/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The AP hardware as a guest has it: the CRYCB's masks in formats 0, 1
 * and 2 and what they let the guest address, the GISA's pending and
 * alert masks with the GIB alert, the busy, index-too-big, no-first-part
 * and invalid-GISA response codes, and the check of AQIC against the
 * architecture's table (z/Architecture Principles of Operation, "Adjunct
 * Processor"; layouts of arch/s390/include/asm/kvm_host.h at v5.3).
 */
#include <string.h>
#include <virtref/linux/errno.h>
#include <virtref/text.h>
#include "ap_test.h"

#define GISA 0x00ab0000u
/* Host-format AQIC: IR, GISC 3, the GISA, alert ISC 5. */
#define AQIC_GUEST (VR_AP_AQIC_IR | (3ull << VR_AP_AQIC_GISC_SHIFT) | GISA | 5)

static uint64_t crycb_word(struct vr_ap *ap, uint32_t offset)
{
	uint64_t w;

	memcpy(&w, (const uint8_t *)vr_ap_crycb(ap) + offset, sizeof(w));
	return w;
}

/* A guest with CRYCB format @f and the GISA at @gisa (0: none); I never lags. */
static struct vr_ap *new_guest(enum vr_ap_crycb_format f, uint32_t gisa)
{
	struct vr_ap_config cfg;

	vr_ap_config_default(&cfg);
	cfg.crycb = f;
	cfg.gisa = gisa;
	cfg.irq_lag = 0;
	return new_ap(&cfg);
}

START_TEST(test_crycb_format0_and_1)
{
	for (enum vr_ap_crycb_format f = VR_AP_CRYCB_0; f <= VR_AP_CRYCB_1; f++) {
		struct vr_ap *ap = new_guest(f, 0);
		uint8_t b[VR_AP_QCI_SIZE];
		struct vr_ap_result r;

		ck_assert_uint_eq(vr_ap_crycbd(ap) & VR_AP_CRYCB_FORMAT_MASK,
				  f == VR_AP_CRYCB_0 ? 0 : 1);
		ck_assert_uint_eq(vr_ap_crycbd(ap) & ~VR_AP_CRYCB_FORMAT_MASK, 0x00fe0000);
		/* Not in APM x AQM: not available. */
		ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x00010000);
		ck_assert_int_eq(vr_ap_crycb_set(ap, VR_AP_APM, 5, true), 0);
		ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x00010000);
		ck_assert_int_eq(vr_ap_crycb_set(ap, VR_AP_AQM, 4, true), 0);
		ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x80000000);
		ck_assert_int_eq(vr_ap_crycb_set(ap, VR_AP_ADM, 15, true), 0);
		/* APCB0: APM 64 bits, AQM and ADM the first 16 of their word. */
		ck_assert_uint_eq(crycb_word(ap, VR_AP_APCB0_APM), 1ull << 58);
		ck_assert_uint_eq(crycb_word(ap, VR_AP_APCB0_AQM), 1ull << 59);
		ck_assert_uint_eq(crycb_word(ap, VR_AP_APCB0_ADM), 1ull << 48);
		ck_assert_uint_eq(crycb_word(ap, VR_AP_APCB1_APM), 0);
		ck_assert_int_eq(vr_ap_crycb_set(ap, VR_AP_AQM, 16, true), -ERANGE);
		ck_assert_int_eq(vr_ap_crycb_set(ap, VR_AP_APM, 64, true), -ERANGE);
		ck_assert_int_eq(vr_ap_crycb_set(ap, (enum vr_ap_mask)3, 0, true), -EINVAL);
		/* No APXA for the guest, whatever the machine has. */
		ck_assert_int_eq(vr_ap_add_adapter(ap, 0x40, 13, VR_AP_COPROCESSOR, 1), 0);
		vr_ap_pqap(ap, 0x4004, 0, 0, false, &r);
		ck_assert_int_eq(r.exception, VR_AP_EXC_SPECIFICATION);
		/* QCI shows the guest its CRYCB: Na 63, Nd 15, no N. */
		vr_ap_pqap(ap, 0x04000000, 0, 0x1000, false, &r);
		ck_assert_int_eq(r.exception, VR_AP_EXC_NONE);
		ck_assert_int_eq(vr_mem_read(vr_ap_guest(ap), 0x1000, b, sizeof(b)), 0);
		ck_assert_uint_eq(b[VR_AP_QCI_FLAGS], 0);
		ck_assert_uint_eq(b[VR_AP_QCI_NA], 63);
		ck_assert_uint_eq(b[VR_AP_QCI_ND], 15);
		ck_assert_uint_eq(b[VR_AP_QCI_APM], 0x04);
		ck_assert_uint_eq(b[VR_AP_QCI_AQM], 0x08);
		ck_assert_uint_eq(b[VR_AP_QCI_ADM + 1], 0x01);
		/* Clearing takes the queue away again. */
		ck_assert_int_eq(vr_ap_crycb_set(ap, VR_AP_AQM, 4, false), 0);
		ck_assert(!vr_ap_crycb_test(ap, VR_AP_AQM, 4));
		ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x00010000);
		vr_ap_destroy(ap);
	}
}
END_TEST

START_TEST(test_crycb_format2)
{
	struct vr_ap *ap = new_guest(VR_AP_CRYCB_2, 0);
	struct vr_text dump = VR_TEXT_INIT;
	struct vr_ap_config cfg;
	uint8_t b[VR_AP_QCI_SIZE];
	struct vr_ap_result r;

	ck_assert_uint_eq(vr_ap_crycbd(ap), 0x00fe0003);
	ck_assert_uint_eq(vr_ap_crycbd(ap) & VR_AP_CRYCB_APXA, VR_AP_CRYCB_APXA);
	ck_assert_int_eq(vr_ap_add_adapter(ap, 200, 13, VR_AP_COPROCESSOR, 1), 0);
	ck_assert_int_eq(vr_ap_crycb_set(ap, VR_AP_APM, 200, true), 0);
	ck_assert_int_eq(vr_ap_crycb_set(ap, VR_AP_AQM, 4, true), 0);
	ck_assert_int_eq(vr_ap_crycb_set(ap, VR_AP_ADM, 255, true), 0);
	/* APCB1: 256 bits each, ID 200 in word 3 at bit 63 - 8. */
	ck_assert_uint_eq(crycb_word(ap, VR_AP_APCB1_APM + 24), 1ull << 55);
	ck_assert_uint_eq(crycb_word(ap, VR_AP_APCB1_AQM), 1ull << 59);
	ck_assert_uint_eq(crycb_word(ap, VR_AP_APCB1_ADM + 24), 1);
	ck_assert_uint_eq(crycb_word(ap, VR_AP_APCB0_APM), 0);
	ck_assert_uint_eq(pqap_qsw(ap, 0xc804, 0, 0), 0x80000000);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x00010000);
	vr_ap_pqap(ap, 0x04000000, 0, 0x1000, false, &r);
	ck_assert_int_eq(r.exception, VR_AP_EXC_NONE);
	ck_assert_int_eq(vr_mem_read(vr_ap_guest(ap), 0x1000, b, sizeof(b)), 0);
	ck_assert_uint_eq(b[VR_AP_QCI_FLAGS], VR_AP_QCI_N);
	ck_assert_uint_eq(b[VR_AP_QCI_NA], 255);
	ck_assert_uint_eq(b[VR_AP_QCI_APM + 25], 0x80);
	ck_assert_uint_eq(b[VR_AP_QCI_ADM + 31], 0x01);
	vr_ap_dump(ap, &dump);
	assert_has(&dump, "CRYCB 0x00fe0003 (format 2)\n");
	vr_text_free(&dump);
	vr_ap_destroy(ap);
	/* No CRYCB: nothing to set; formats 1 and 2 need MSAX3, 2 needs APXA. */
	ap = new_guest(VR_AP_CRYCB_NONE, 0);
	ck_assert_ptr_null(vr_ap_crycb(ap));
	ck_assert_uint_eq(vr_ap_crycbd(ap), 0);
	ck_assert_int_eq(vr_ap_crycb_set(ap, VR_AP_APM, 5, true), -ENODEV);
	ck_assert(!vr_ap_crycb_test(ap, VR_AP_APM, 5));
	vr_ap_destroy(ap);
	vr_ap_config_default(&cfg);
	cfg.msax3 = false;
	cfg.crycb = VR_AP_CRYCB_1;
	ck_assert_int_eq(vr_ap_create(&cfg, &ap), -EINVAL);
	cfg.crycb = VR_AP_CRYCB_0;
	ck_assert_int_eq(vr_ap_create(&cfg, &ap), 0);
	vr_ap_destroy(ap);
	cfg.msax3 = true;
	cfg.apxa = false;
	cfg.crycb = VR_AP_CRYCB_2;
	ck_assert_int_eq(vr_ap_create(&cfg, &ap), -EINVAL);
}
END_TEST

START_TEST(test_gisa_delivery_and_gib_alert)
{
	struct vr_ap *ap = new_guest(VR_AP_CRYCB_NONE, GISA);
	struct vr_text dump = VR_TEXT_INIT;
	struct vr_ap_gisa_state g;
	struct vr_ap_result r;
	uint8_t nib;

	/* The designation must name the guest's GISA: RC 0x08, nothing changes. */
	ck_assert_uint_eq(
		pqap_qsw(ap, 0x03000000 | APQN, AQIC_GUEST + 0x10, VR_AP_HOST_GUEST_BASE + 0x7000),
		0x80080000);
	/* The NIB is a host address: guest storage from VR_AP_HOST_GUEST_BASE. */
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, AQIC_GUEST, 0x7000), 0x80060000);
	ck_assert_uint_eq(
		pqap_qsw(ap, 0x03000000 | APQN, AQIC_GUEST, VR_AP_HOST_GUEST_BASE + 0x7000),
		0x81000000);
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 2, 4, 0xa, 0, 16, false, false, &r), 0);
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 2, 4, 0xb, 0, 16, false, false, &r), 0);
	/* Not running, GISC 3 not in the alert mask: pending in the GISA only. */
	ck_assert_int_eq(vr_ap_reply(ap, APQN, 0xa, 8), 0);
	ck_assert_int_eq(vr_mem_read_u8(vr_ap_guest(ap), 0x7000, &nib), 0);
	ck_assert_uint_eq(nib, 1);
	ck_assert_int_eq(vr_ap_gisa(ap, &g), 0);
	ck_assert_uint_eq(g.ipm, 0x10);
	ck_assert_uint_eq(g.iam, 0);
	ck_assert(!g.alerted);
	ck_assert_uint_eq(vr_ap_pending_iscs(ap), 0);
	ck_assert_int_eq(vr_ap_gisa_take(ap), -EAGAIN);
	/* With GISC 3 in the alert mask the GIB alerts the host on ISC 5 once. */
	ck_assert_int_eq(vr_ap_gisa_set_iam(ap, 0x10), 0);
	ck_assert_int_eq(vr_ap_reply(ap, APQN, 0xb, 8), 0);
	ck_assert_int_eq(vr_ap_gisa(ap, &g), 0);
	ck_assert_uint_eq(g.ipm, 0x10);
	ck_assert_uint_eq(g.iam, 0);
	ck_assert(g.alerted);
	ck_assert_uint_eq(vr_ap_pending_iscs(ap), 0x04);
	vr_ap_dump(ap, &dump);
	assert_has(&dump, "GISA 0x00ab0000: IPM 0x10 IAM 0x00, alerted\n");
	assert_has(&dump, "interruptions on for the guest (NIB 0x100007000 GISC 3 ISC 5)");
	vr_text_free(&dump);
	ck_assert_int_eq(vr_ap_take_interruption(ap), 5);
	/* The running guest takes GISC 3; nothing else is pending. */
	ck_assert_int_eq(vr_ap_gisa_set_running(ap, true), 0);
	ck_assert_int_eq(vr_ap_gisa_take(ap), 3);
	ck_assert_int_eq(vr_ap_gisa_take(ap), -ENOENT);
	/* While the guest runs, no alert even with the mask armed. */
	ck_assert_int_eq(vr_ap_dqap(ap, 0x80000000 | APQN, 2, 4, 0, 16, false, &r), 0);
	ck_assert_uint_eq(r.psmid, 0xa);
	ck_assert_int_eq(vr_ap_gisa_set_iam(ap, 0x10), 0);
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 2, 4, 0xc, 0, 16, false, false, &r), 0);
	ck_assert_int_eq(vr_ap_reply(ap, APQN, 0xc, 8), 0);
	ck_assert_int_eq(vr_ap_gisa(ap, &g), 0);
	ck_assert_uint_eq(g.ipm, 0x10);
	ck_assert_uint_eq(g.iam, 0x10);
	ck_assert(!g.alerted);
	ck_assert(g.running);
	ck_assert_uint_eq(vr_ap_pending_iscs(ap), 0);
	vr_ap_destroy(ap);
}
END_TEST

START_TEST(test_no_gisa)
{
	struct vr_ap_config cfg;
	struct vr_ap_gisa_state g;
	struct vr_ap *ap;

	vr_ap_config_default(&cfg);
	ap = new_ap(&cfg);
	ck_assert_int_eq(vr_ap_gisa(ap, &g), -ENODEV);
	ck_assert_int_eq(vr_ap_gisa_set_iam(ap, 0x10), -ENODEV);
	ck_assert_int_eq(vr_ap_gisa_set_running(ap, true), -ENODEV);
	ck_assert_int_eq(vr_ap_gisa_take(ap), -ENODEV);
	/* Any designation names no GISA. */
	ck_assert_uint_eq(
		pqap_qsw(ap, 0x03000000 | APQN, AQIC_GUEST, VR_AP_HOST_GUEST_BASE + 0x7000),
		0x80080000);
	vr_ap_destroy(ap);
	cfg.gisa = GISA + 8;
	ck_assert_int_eq(vr_ap_create(&cfg, &ap), -EINVAL);
	cfg.gisa = 0x80000000u;
	ck_assert_int_eq(vr_ap_create(&cfg, &ap), -EINVAL);
	cfg.gisa = 0;
	cfg.gib_isc = 8;
	ck_assert_int_eq(vr_ap_create(&cfg, &ap), -EINVAL);
	cfg.gib_isc = 5;
	cfg.max_apid = 256;
	ck_assert_int_eq(vr_ap_create(&cfg, &ap), -EINVAL);
}
END_TEST

START_TEST(test_busy_index_and_first_part)
{
	struct vr_ap_config cfg;
	struct vr_ap_result r;
	struct vr_ap *ap;

	vr_ap_config_default(&cfg);
	cfg.max_apqi = 0x20;
	ap = new_ap(&cfg);
	/* Busy: RC 0x05 with the queue's bits, for exactly n instructions. */
	ck_assert_int_eq(vr_ap_set_queue_busy(ap, APQN, 2), 0);
	ck_assert_int_eq(vr_ap_set_queue_busy(ap, 0x0604, 1), -ENOENT);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x80050000);
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, VR_AP_AQIC_IR, 0x7000), 0x80050000);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x80000000);
	/* Beyond Nd: index too big, before "not available". */
	ck_assert_uint_eq(pqap_qsw(ap, 0x0521, 0, 0), 0x00110000);
	ck_assert_uint_eq(pqap_qsw(ap, 0x0520, 0, 0), 0x00010000);
	ck_assert_int_eq(vr_ap_add_domain(ap, 0x21), -EINVAL);
	/* DQAP continuing what was never begun. */
	ck_assert_int_eq(vr_ap_dqap(ap, APQN, 2, 4, 0, 16, false, &r), 0);
	ck_assert_uint_eq(r.gr1, 0x80130000);
	ck_assert_uint_eq(r.cc, 3);
	vr_ap_destroy(ap);
}
END_TEST

/* Every row of the AQIC table, each followed by the check of invariant (d). */
START_TEST(test_aqic_against_architecture)
{
	struct vr_text why = VR_TEXT_INIT;
	struct vr_ap_config cfg;
	struct vr_ap *ap;
	static const struct {
		uint64_t gr1, nib;
		uint32_t busy;
		uint32_t qsw;
	} rows[] = {
		{ 0, 0x7000, 0, 0x80070000 },		      /* disable while disabled */
		{ VR_AP_AQIC_IR | 2, 0, 0, 0x80060000 },      /* NIB 0 */
		{ VR_AP_AQIC_IR | 2, 0x7000, 1, 0x80050000 }, /* busy */
		{ VR_AP_AQIC_IR | 2, 0x7000, 0, 0x81000000 }, /* enable */
		{ VR_AP_AQIC_IR | 2, 0x7000, 0, 0x81070000 }, /* enable while enabled */
		{ 0, 0, 0, 0x80000000 },		      /* disable */
	};

	vr_ap_config_default(&cfg);
	cfg.irq_lag = 0;
	ap = new_ap(&cfg);
	for (size_t i = 0; i < VR_ARRAY_SIZE(rows); i++) {
		ck_assert_int_eq(vr_ap_set_queue_busy(ap, APQN, rows[i].busy), 0);
		ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, rows[i].gr1, rows[i].nib),
				  rows[i].qsw);
		ck_assert_int_eq(vr_ap_invariants(ap, &why), 0);
	}
	/* A queue not configured answers RC 0x01, and so does the check. */
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | 0x0604, VR_AP_AQIC_IR, 0x7000), 0x00010000);
	ck_assert_int_eq(vr_ap_invariants(ap, &why), 0);
	ck_assert_str_eq(vr_text_str(&why), "");
	vr_text_free(&why);
	vr_ap_destroy(ap);
}
END_TEST

static const struct vr_test ap_guest_tests[] = {
	VR_TEST(test_crycb_format0_and_1),	   VR_TEST(test_crycb_format2),
	VR_TEST(test_gisa_delivery_and_gib_alert), VR_TEST(test_no_gisa),
	VR_TEST(test_busy_index_and_first_part),   VR_TEST(test_aqic_against_architecture),
};
static const struct vr_tcase ap_guest_tcases[] = {
	VR_TCASE("guest", ap_guest_tests),
};
const struct vr_suite vr_suite_ap_guest = VR_SUITE("ap_guest", ap_guest_tcases);
