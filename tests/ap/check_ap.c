/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The AP queue hardware: PQAP's program exceptions, the response codes
 * per queue state, the I bit's lag, resets, QCI, NQAP/DQAP and the
 * interruption path (z/Architecture Principles of Operation, "Adjunct
 * Processor"; values of arch/s390/include/asm/ap.h at v5.3).
 */
#include <string.h>
#include <virtref/instance.h>
#include <virtref/linux/errno.h>
#include "ap_test.h"

static enum vr_ap_exception pqap_exc(struct vr_ap *ap, uint64_t gr0, uint64_t gr2, bool p)
{
	struct vr_ap_result r;

	vr_ap_pqap(ap, gr0, 0, gr2, p, &r);
	return r.exception;
}

START_TEST(test_pqap_exceptions)
{
	struct vr_ap_config cfg;
	struct vr_ap *ap;

	vr_ap_config_default(&cfg);
	cfg.apft = false;
	cfg.apxa = false;
	ap = new_ap(&cfg);
	ck_assert_int_eq(pqap_exc(ap, 0x0504, 0, true), VR_AP_EXC_PRIVILEGED);
	ck_assert_int_eq(pqap_exc(ap, 0x2a000504, 0, false), VR_AP_EXC_SPECIFICATION);
	ck_assert_int_eq(pqap_exc(ap, 0x03010504, 0x1000, false), VR_AP_EXC_SPECIFICATION);
	ck_assert_int_eq(pqap_exc(ap, 0x00800504, 0, false), VR_AP_EXC_SPECIFICATION);
	/* Without APXA: APID 64 (0x4000) or APQI 16 (0x0010). */
	ck_assert_int_eq(pqap_exc(ap, 0x4004, 0, false), VR_AP_EXC_SPECIFICATION);
	ck_assert_int_eq(pqap_exc(ap, 0x0510, 0, false), VR_AP_EXC_SPECIFICATION);
	ck_assert_int_eq(pqap_exc(ap, 0x04000000, 0x1004, false), VR_AP_EXC_SPECIFICATION);
	ck_assert_int_eq(pqap_exc(ap, 0x04000000, 0x20000, false), VR_AP_EXC_ADDRESSING);
	/* Bits 0-31 of GR0 are ignored. */
	ck_assert_uint_eq(pqap_qsw(ap, 0xffffffff00000504ull, 0, 0), VR_AP_QSW_E);
	vr_ap_destroy(ap);
	cfg.aqic = cfg.qci = false;
	ck_assert_int_eq(vr_ap_create(&cfg, &ap), 0);
	ck_assert_int_eq(pqap_exc(ap, 0x03000504, 0, false), VR_AP_EXC_SPECIFICATION);
	ck_assert_int_eq(pqap_exc(ap, 0x04000000, 0, false), VR_AP_EXC_SPECIFICATION);
	vr_ap_destroy(ap);
}
END_TEST

START_TEST(test_response_codes_per_state)
{
	struct vr_ap_config cfg;
	struct vr_ap *ap;

	vr_ap_config_default(&cfg);
	cfg.reset_lag = 2;
	ap = new_ap(&cfg);
	ck_assert_uint_eq(pqap_qsw(ap, 0x0604, 0, 0), 0x00010000);
	ck_assert_uint_eq(pqap_qsw(ap, 0x0505, 0, 0), 0x00010000);
	ck_assert_int_eq(vr_ap_set_adapter_state(ap, 5, VR_AP_DECONFIGURED), 0);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x00030000);
	ck_assert_int_eq(vr_ap_set_adapter_state(ap, 5, VR_AP_CHECKSTOPPED), 0);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x00040000);
	ck_assert_int_eq(vr_ap_set_adapter_state(ap, 5, VR_AP_ONLINE), 0);
	/* ZAPQ, then two instructions see the reset running. */
	ck_assert_uint_eq(pqap_qsw(ap, 0x02000000 | APQN, 0, 0), VR_AP_QSW_E);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x80020000);
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, VR_AP_AQIC_IR, 0x7000), 0x80020000);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), VR_AP_QSW_E);
	ck_assert_int_eq(vr_ap_set_adapter_state(ap, 7, VR_AP_ONLINE), -ENOENT);
	ck_assert_int_eq(vr_ap_set_adapter_state(ap, 5, (enum vr_ap_adapter_state)3), -EINVAL);
	vr_ap_destroy(ap);
}
END_TEST

START_TEST(test_aqic_table)
{
	struct vr_ap_config cfg;
	struct vr_ap_result r;
	struct vr_ap *ap;
	uint64_t ir3 = VR_AP_AQIC_IR | 3;

	vr_ap_config_default(&cfg);
	cfg.irq_lag = 2;
	ap = new_ap(&cfg);
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, 0, 0x7000), 0x80070000);
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, ir3, 0), 0x80060000);
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, ir3, UINT64_MAX), 0x80060000);
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, ir3, 0x20000), 0x80060000);
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, ir3, 0x7000), 0x80000000);
	/* I lags by two TAPQs; meanwhile AQIC sees the state changing. */
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x80000000);
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, 0, 0), 0x80070000);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x81000000);
	/* GR1 bits 0-31 are kept. */
	vr_ap_pqap(ap, 0x03000000 | APQN, ir3, 0x7000, false, &r);
	ck_assert_uint_eq(r.gr1, 0x0000800081070000ull);
	ck_assert_uint_eq(r.cc, 3);
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, 0, 0), 0x81000000);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x81000000);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x80000000);
	vr_ap_destroy(ap);
	/* The option of KVM's intercept path: NIB 0 accepted. */
	cfg.nib0_valid = true;
	cfg.irq_lag = 0;
	ap = new_ap(&cfg);
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, ir3, 0), 0x81000000);
	vr_ap_destroy(ap);
}
END_TEST

START_TEST(test_queue_and_interruptions)
{
	struct vr_ap_config cfg;
	struct vr_ap_result r;
	struct vr_text why = VR_TEXT_INIT;
	struct vr_ap *ap;
	uint8_t nib = 0;

	vr_ap_config_default(&cfg);
	cfg.irq_lag = 0;
	ap = new_ap(&cfg);
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, VR_AP_AQIC_IR | 6, 0x7010), 0x81000000);
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 2, 4, 0xa, 0, 16, false, true, &r), 0);
	ck_assert_int_eq(r.exception, VR_AP_EXC_PRIVILEGED);
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 3, 4, 0xa, 0, 16, false, false, &r), 0);
	ck_assert_int_eq(r.exception, VR_AP_EXC_SPECIFICATION);
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 2, 4, 0xa, 0, 0, false, false, &r), 0);
	ck_assert_int_eq(r.exception, VR_AP_EXC_SPECIFICATION);
	ck_assert_int_eq(vr_ap_nqap(ap, 0xc0000000 | APQN, 2, 4, 0xa, 0, 16, false, false, &r), 0);
	ck_assert_int_eq(r.exception, VR_AP_EXC_SPECIFICATION);
	/* A first part without the last-part bit: taken, nothing enqueued (E stays). */
	ck_assert_int_eq(vr_ap_nqap(ap, APQN, 2, 4, 0xa, 0, 16, false, false, &r), 0);
	ck_assert_uint_eq(r.cc, 0);
	ck_assert_uint_eq(r.gr1, 0x81000000);
	/* Its last part makes the message 12 KiB + 17 bytes: RC 0x15, the message dropped. */
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 2, 4, 0xa, 0, 12289, false, false, &r),
			 0);
	ck_assert_uint_eq(r.gr1, 0x81150000);
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 2, 4, 0xa, 0, 16, false, false, &r), 0);
	ck_assert_uint_eq(r.gr1, 0x01000000);
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 2, 4, 0xb, 0, 16, false, false, &r), 0);
	ck_assert_uint_eq(r.gr1, 0x21000000);
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 2, 4, 0xc, 0, 16, false, false, &r), 0);
	ck_assert_uint_eq(r.gr1, 0x21100000);
	ck_assert_uint_eq(r.cc, 3);
	/* Replies in completion order, not request order. */
	ck_assert_int_eq(vr_ap_reply(ap, APQN, 0xb, 8), 0);
	ck_assert_int_eq(vr_ap_reply(ap, APQN, 0xb, 8), -ENOENT);
	ck_assert_int_eq(vr_ap_reply(ap, APQN, 0xa, 0), -EINVAL);
	ck_assert_int_eq(vr_ap_reply(ap, 0x0604, 0xa, 8), -ENOENT);
	ck_assert_int_eq(vr_ap_reply(ap, APQN, 0xa, 8), 0);
	ck_assert_int_eq(vr_mem_read_u8(vr_ap_guest(ap), 0x7010, &nib), 0);
	ck_assert_uint_eq(nib, 1);
	ck_assert_uint_eq(vr_ap_pending_iscs(ap), 0x02);
	/* A buffer too small: cc 1, the reply stays; the first call below starts it over. */
	ck_assert_int_eq(vr_ap_dqap(ap, 0x80000000 | APQN, 2, 4, 0, 4, false, &r), 0);
	ck_assert_uint_eq(r.cc, 1);
	ck_assert_uint_eq(r.gr0, APQN);
	ck_assert_uint_eq(r.gr2, 4);
	ck_assert_uint_eq(r.psmid, 0xb);
	ck_assert_int_eq(vr_ap_dqap(ap, 0x80000000 | APQN, 2, 5, 0, 16, false, &r), 0);
	ck_assert_int_eq(r.exception, VR_AP_EXC_SPECIFICATION);
	ck_assert_int_eq(vr_ap_dqap(ap, 0xc0000000 | APQN, 2, 4, 0, 16, false, &r), 0);
	ck_assert_int_eq(r.exception, VR_AP_EXC_SPECIFICATION);
	ck_assert_int_eq(vr_ap_dqap(ap, 0x80000000 | APQN, 2, 4, 0, 16, false, &r), 0);
	ck_assert_uint_eq(r.psmid, 0xb);
	ck_assert_uint_eq(r.len, 8);
	ck_assert_uint_eq(r.gr1, 0x41000000);
	ck_assert_int_eq(vr_ap_take_interruption(ap), 6);
	ck_assert_int_eq(vr_ap_take_interruption(ap), -ENOENT);
	ck_assert_int_eq(vr_ap_invariants(ap, &why), 0);
	/* A reset discards the waiting reply: nothing is lost. */
	ck_assert_uint_eq(pqap_qsw(ap, 0x01000000 | APQN, 0, 0), 0x80000000);
	ck_assert_int_eq(vr_ap_invariants(ap, &why), 0);
	ck_assert_int_eq(vr_ap_dqap(ap, 0x80000000 | APQN, 2, 4, 0, 16, false, &r), 0);
	ck_assert_uint_eq(r.gr1, 0x80100000);
	vr_text_free(&why);
	vr_ap_destroy(ap);
}
END_TEST

/* NQAP with GR0 @gr0 (APQN and its bits) that raises no exception. */
static struct vr_ap_result nqap_gr0(struct vr_ap *ap, uint64_t gr0, uint64_t psmid, uint64_t addr,
				    uint64_t len, bool other_domain)
{
	struct vr_ap_result r;

	ck_assert_int_eq(vr_ap_nqap(ap, gr0, 2, 4, psmid, addr, len, other_domain, false, &r), 0);
	ck_assert_int_eq(r.exception, VR_AP_EXC_NONE);
	return r;
}

/* The register images of NQAP and DQAP stopping early and going on. */
static struct vr_ap_result nqap(struct vr_ap *ap, uint64_t psmid, uint64_t addr, uint64_t len,
				bool other_domain)
{
	return nqap_gr0(ap, 0x40000000 | APQN, psmid, addr, len, other_domain);
}

static struct vr_ap_result dqap(struct vr_ap *ap, uint64_t gr0, uint64_t addr, uint64_t len)
{
	struct vr_ap_result r;

	ck_assert_int_eq(vr_ap_dqap(ap, gr0, 2, 4, addr, len, false, &r), 0);
	ck_assert_int_eq(r.exception, VR_AP_EXC_NONE);
	return r;
}

/* The cc and where R2, R2 + 1 point after. */
static void assert_pair(struct vr_ap_result r, uint8_t cc, uint64_t addr, uint64_t len)
{
	ck_assert_uint_eq(r.cc, cc);
	ck_assert_uint_eq(r.addr, addr);
	ck_assert_uint_eq(r.len, len);
}

START_TEST(test_partial_nqap_dqap)
{
	struct vr_text why = VR_TEXT_INIT;
	struct vr_ap_config cfg;
	struct vr_ap_result r;
	struct vr_ap *ap;

	vr_ap_config_default(&cfg);
	ap = new_ap(&cfg); /* adapter 5, depth 2; domain 4 */
	/* 0x300 bytes from 0x1f00: 0x100 up to the boundary, cc 2, nothing enqueued yet. */
	r = nqap(ap, 0x77, 0x1f00, 0x300, false);
	assert_pair(r, 2, 0x2000, 0x200);
	ck_assert_uint_eq(r.gr1, 0);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x80000000);
	r = nqap(ap, 0x77, 0x2000, 0x200, false);
	assert_pair(r, 0, 0x2200, 0);
	ck_assert_uint_eq(r.gr1, 0x00000000);
	/* 12 KiB from 0x800: three boundaries, then the queue is full. */
	assert_pair(nqap(ap, 0x88, 0x800, 0x3000, false), 2, 0x1000, 0x2800);
	assert_pair(nqap(ap, 0x88, 0x1000, 0x2800, false), 2, 0x2000, 0x1800);
	assert_pair(nqap(ap, 0x88, 0x2000, 0x1800, false), 2, 0x3000, 0x800);
	r = nqap(ap, 0x88, 0x3000, 0x800, false);
	assert_pair(r, 0, 0x3800, 0);
	ck_assert_uint_eq(r.gr1, 0x20000000);
	/* The message's checks: another domain (0x42) before a full queue (0x10). */
	r = nqap(ap, 0x99, 0, 0x10, true);
	assert_pair(r, 3, 0, 0x10);
	ck_assert_uint_eq(r.gr1, 0x20420000);
	ck_assert_uint_eq(nqap(ap, 0x99, 0, 0x10, false).gr1, 0x20100000);

	/* A 0x1800-byte reply into 0x2000 bytes at 0x4f00: two boundaries. */
	ck_assert_int_eq(vr_ap_reply(ap, APQN, 0x77, 0x1800), 0);
	r = dqap(ap, 0x80000000 | APQN, 0x4f00, 0x2000);
	assert_pair(r, 2, 0x5000, 0x1f00);
	ck_assert_uint_eq(r.gr0, APQN);
	ck_assert_uint_eq(r.gr2, 0x1700);
	ck_assert_uint_eq(r.psmid, 0x77);
	r = dqap(ap, r.gr0, r.addr, r.len);
	assert_pair(r, 2, 0x6000, 0xf00);
	ck_assert_uint_eq(r.gr2, 0x700);
	r = dqap(ap, r.gr0, r.addr, r.len);
	assert_pair(r, 0, 0x6700, 0x800);
	ck_assert_uint_eq(r.gr0, APQN);
	ck_assert_uint_eq(r.gr1, 0x00000000);
	ck_assert_uint_eq(r.gr2, 0);
	ck_assert_uint_eq(r.psmid, 0x77);
	/* A buffer too small: cc 1, the reply stays (R), the next DQAP with GR0 ends it. */
	ck_assert_int_eq(vr_ap_reply(ap, APQN, 0x88, 0x20), 0);
	r = dqap(ap, 0x80000000 | APQN, 0, 0x10);
	assert_pair(r, 1, 0x10, 0);
	ck_assert_uint_eq(r.gr0, APQN);
	ck_assert_uint_eq(r.gr2, 0x10);
	ck_assert_uint_eq(r.psmid, 0x88);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x40000000);
	r = dqap(ap, r.gr0, 0x100, 0x10);
	assert_pair(r, 0, 0x110, 0);
	ck_assert_uint_eq(r.gr1, 0x80000000);
	ck_assert_uint_eq(r.psmid, 0x88);
	/* Nothing begun: a continuation answers RC 0x13, registers as they were. */
	r = dqap(ap, APQN, 0x100, 0x10);
	assert_pair(r, 3, 0x100, 0x10);
	ck_assert_uint_eq(r.gr1, 0x80130000);

	/* Another message or a reset drops a message stopped at a boundary. */
	assert_pair(nqap(ap, 0x1, 0xff0, 0x20, false), 2, 0x1000, 0x10);
	assert_pair(nqap(ap, 0x2, 0, 0x10, false), 0, 0x10, 0);
	assert_pair(nqap(ap, 0x3, 0xff0, 0x20, false), 2, 0x1000, 0x10);
	ck_assert_uint_eq(pqap_qsw(ap, 0x01000000 | APQN, 0, 0), 0x80000000);
	r = nqap(ap, 0x3, 0x1000, 0x10, false);
	assert_pair(r, 0, 0x1010, 0);
	ck_assert_uint_eq(r.gr1, 0x00000000);
	ck_assert_int_eq(vr_ap_invariants(ap, &why), 0);
	vr_text_free(&why);
	vr_ap_destroy(ap);
}
END_TEST

/* NQAP of one PSMID's parts: GR0 without the last-part bit (bit 33) but the final one. */
static struct vr_ap_result nqap_part(struct vr_ap *ap, uint64_t psmid, uint64_t addr, uint64_t len)
{
	return nqap_gr0(ap, APQN, psmid, addr, len, false);
}

START_TEST(test_nqap_in_parts)
{
	struct vr_text why = VR_TEXT_INIT;
	struct vr_ap_config cfg;
	struct vr_ap_result r;
	struct vr_ap *ap;

	vr_ap_config_default(&cfg);
	ap = new_ap(&cfg); /* adapter 5, depth 2; domain 4 */
	/* A first part: cc 0 and the status, the queue still empty. */
	r = nqap_part(ap, 0x51, 0x100, 0x100);
	assert_pair(r, 0, 0x200, 0);
	ck_assert_uint_eq(r.gr1, 0x80000000);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x80000000);
	/* A part that meets a boundary stops there (cc 2) and goes on. */
	r = nqap_part(ap, 0x51, 0xf80, 0x100);
	assert_pair(r, 2, 0x1000, 0x80);
	ck_assert_uint_eq(r.gr1, 0);
	r = nqap_part(ap, 0x51, 0x1000, 0x80);
	assert_pair(r, 0, 0x1080, 0);
	ck_assert_uint_eq(r.gr1, 0x80000000);
	/* The last part enqueues the message: one request outstanding. */
	r = nqap(ap, 0x51, 0x2000, 0x10, false);
	assert_pair(r, 0, 0x2010, 0);
	ck_assert_uint_eq(r.gr1, 0x00000000);

	/*
	 * Another PSMID drops a message begun: 0x53 fills the queue, and
	 * 0x52's last part is a first part again, refused as the queue is
	 * full (a continuation would not be checked for room).
	 */
	ck_assert_uint_eq(nqap_part(ap, 0x52, 0, 0x10).gr1, 0x00000000);
	ck_assert_uint_eq(nqap(ap, 0x53, 0, 0x10, false).gr1, 0x20000000);
	r = nqap(ap, 0x52, 0x10, 0x10, false);
	assert_pair(r, 3, 0x10, 0x10);
	ck_assert_uint_eq(r.gr1, 0x20100000);

	/* Exactly one reply per message. */
	ck_assert_int_eq(vr_ap_reply(ap, APQN, 0x51, 0x20), 0);
	ck_assert_int_eq(vr_ap_reply(ap, APQN, 0x53, 0x20), 0);
	ck_assert_uint_eq(dqap(ap, 0x80000000 | APQN, 0x4000, 0x100).psmid, 0x51);
	r = dqap(ap, 0x80000000 | APQN, 0x4000, 0x100);
	ck_assert_uint_eq(r.psmid, 0x53);
	ck_assert_uint_eq(r.gr1, 0x80000000);

	/* The parts' total is checked at every part: 3 x 4 KiB pass, one byte more is RC 0x15. */
	for (uint64_t part = 0; part < 3; part++) {
		r = nqap_part(ap, 0x54, 0x3000 + part * 0x1000, 0x1000);
		assert_pair(r, 0, 0x4000 + part * 0x1000, 0);
		ck_assert_uint_eq(r.gr1, 0x80000000);
	}
	r = nqap(ap, 0x54, 0x6000, 1, false);
	assert_pair(r, 3, 0x6000, 1);
	ck_assert_uint_eq(r.gr1, 0x80150000);
	/* Dropped: the same PSMID starts a new message. */
	ck_assert_uint_eq(nqap(ap, 0x54, 0, 0x10, false).gr1, 0x00000000);
	ck_assert_int_eq(vr_ap_invariants(ap, &why), 0);
	vr_text_free(&why);
	vr_ap_destroy(ap);
}
END_TEST

START_TEST(test_special_command_and_tapq_info)
{
	struct vr_ap_config cfg;
	struct vr_ap_result r;
	struct vr_ap *ap;

	vr_ap_config_default(&cfg);
	cfg.apxa = false;
	ap = new_ap(&cfg);
	ck_assert_int_eq(vr_ap_add_adapter(ap, 6, 11, VR_AP_ACCELERATOR, 4), 0);
	vr_ap_pqap(ap, 0x00800604, 0, 0, false, &r);
	/* Accelerator, no S, no N; type 11, 16 domains (Nd 15), depth 4. */
	ck_assert_uint_eq(r.gr2, 0x080000000b0f0004ull);
	vr_ap_pqap(ap, 0x00800704, 0, 0x55, false, &r);
	ck_assert_uint_eq(r.gr2, 0x55);
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40400604, 2, 4, 1, 0, 16, false, false, &r), 0);
	ck_assert_uint_eq(r.gr1, 0x80160000);
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40400504, 2, 4, 1, 0, 16, false, false, &r), 0);
	ck_assert_uint_eq(r.gr1, 0x00000000);
	vr_ap_destroy(ap);
}
END_TEST

START_TEST(test_qci_block)
{
	struct vr_ap_config cfg;
	uint8_t b[VR_AP_QCI_SIZE];
	struct vr_ap *ap;

	vr_ap_config_default(&cfg);
	ap = new_ap(&cfg);
	ck_assert_int_eq(vr_ap_add_adapter(ap, 255, 12, VR_AP_XCP, 1), 0);
	ck_assert_int_eq(vr_ap_add_domain(ap, 0x47), 0);
	ck_assert_int_eq(pqap_exc(ap, 0x04000000, 0x1000, false), VR_AP_EXC_NONE);
	ck_assert_int_eq(vr_mem_read(vr_ap_guest(ap), 0x1000, b, sizeof(b)), 0);
	ck_assert_uint_eq(b[0], 0x40);
	ck_assert_uint_eq(b[4], 255);
	ck_assert_uint_eq(b[5], 255);
	ck_assert_uint_eq(b[16 + 0], 0x04);  /* APID 5 */
	ck_assert_uint_eq(b[16 + 31], 0x01); /* APID 255 */
	ck_assert_uint_eq(b[48 + 0], 0x08);  /* APQI 4 */
	ck_assert_uint_eq(b[48 + 8], 0x01);  /* APQI 0x47 */
	ck_assert_uint_eq(b[80 + 0], 0x08);
	ck_assert_uint_eq(b[112], 0);
	vr_ap_destroy(ap);
}
END_TEST

START_TEST(test_configuration_errors)
{
	struct vr_ap_config cfg;
	struct vr_ap *ap;

	vr_ap_config_default(&cfg);
	cfg.profile = VR_AP_NR_PROFILES;
	ck_assert_int_eq(vr_ap_create(&cfg, &ap), -EINVAL);
	ck_assert_ptr_null(ap);
	vr_ap_config_default(&cfg);
	cfg.apxa = false;
	ap = new_ap(&cfg);
	ck_assert_int_eq(vr_ap_add_adapter(ap, 64, 13, VR_AP_XCP, 1), -EINVAL);
	ck_assert_int_eq(vr_ap_add_adapter(ap, 6, 0, VR_AP_XCP, 1), -EINVAL);
	ck_assert_int_eq(vr_ap_add_adapter(ap, 6, 13, VR_AP_XCP, 0), -EINVAL);
	ck_assert_int_eq(vr_ap_add_adapter(ap, 6, 13, VR_AP_XCP, VR_AP_MAX_DEPTH + 1), -EINVAL);
	ck_assert_int_eq(vr_ap_add_adapter(ap, 5, 13, VR_AP_XCP, 1), -EEXIST);
	ck_assert_int_eq(vr_ap_add_domain(ap, 16), -EINVAL);
	ck_assert_int_eq(vr_ap_add_domain(ap, 4), -EEXIST);
	for (uint32_t i = 6; i < 5 + VR_AP_MAX_ADAPTERS; i++)
		ck_assert_int_eq(vr_ap_add_adapter(ap, i, 13, VR_AP_XCP, 1), 0);
	ck_assert_int_eq(vr_ap_add_adapter(ap, 40, 13, VR_AP_XCP, 1), -ENOSPC);
	for (uint32_t i = 0; i < VR_AP_MAX_DOMAINS; i++)
		if (i != 4)
			ck_assert_int_eq(vr_ap_add_domain(ap, i), 0);
	ck_assert_int_eq(vr_ap_add_domain(ap, 4), -EEXIST);
	vr_ap_destroy(ap);
	cfg.apxa = true;
	ap = new_ap(&cfg);
	for (uint32_t i = 100; i < 100 + VR_AP_MAX_DOMAINS - 1; i++)
		ck_assert_int_eq(vr_ap_add_domain(ap, i), 0);
	ck_assert_int_eq(vr_ap_add_domain(ap, 200), -ENOSPC);
	vr_ap_destroy(ap);
	vr_ap_destroy(NULL);
}
END_TEST

START_TEST(test_dump_dot_and_instance)
{
	struct vr_text dump = VR_TEXT_INIT, dot = VR_TEXT_INIT, why = VR_TEXT_INIT;
	struct vr_value config[32];
	struct vr_instance *in;
	struct vr_ap *ap;

	ck_assert_int_eq(vr_config_defaults(&vr_model_ap, config), 0);
	ck_assert_int_eq(vr_instance_create(&vr_model_ap, config, &in), 0);
	ap = vr_instance_state(in);
	ck_assert_int_eq(vr_ap_add_adapter(ap, 5, 13, VR_AP_COPROCESSOR, 2), 0);
	ck_assert_int_eq(vr_ap_add_domain(ap, 4), 0);
	ck_assert_uint_eq(pqap_qsw(ap, 0x03000000 | APQN, VR_AP_AQIC_IR | 3, 0x7000), 0x80000000);
	vr_instance_dump(in, &dump);
	assert_has(&dump, "ap profile mainline, APXA yes, pending ISCs 0x00");
	assert_has(&dump, "adapter 05: type 13, depth 2, online");
	assert_has(&dump,
		   "05.0004: 0 requests, 0 replies, interruptions on (NIB 0x7000 ISC 3), I bit 1 "
		   "TAPQs behind");
	ck_assert_int_eq(vr_instance_dot(in, &dot), 0);
	assert_has(&dot, "a05 -> q050004;");
	assert_has(&dot, "d0004 -> q050004;");
	assert_has(&dot, "style=bold");
	ck_assert_int_eq(vr_instance_invariants(in, &why), 0);
	ck_assert_ptr_eq(vr_instance_mem(in, "guest"), vr_ap_guest(ap));
	vr_text_free(&dump);
	vr_text_free(&dot);
	vr_text_free(&why);
	vr_instance_destroy(in);
}
END_TEST

static const struct vr_test ap_tests[] = {
	VR_TEST(test_pqap_exceptions),
	VR_TEST(test_response_codes_per_state),
	VR_TEST(test_aqic_table),
	VR_TEST(test_queue_and_interruptions),
	VR_TEST(test_partial_nqap_dqap),
	VR_TEST(test_nqap_in_parts),
	VR_TEST(test_special_command_and_tapq_info),
	VR_TEST(test_qci_block),
	VR_TEST(test_configuration_errors),
	VR_TEST(test_dump_dot_and_instance),
};
static const struct vr_tcase ap_tcases[] = {
	VR_TCASE("hardware", ap_tests),
};
const struct vr_suite vr_suite_ap = VR_SUITE("ap", ap_tcases);
