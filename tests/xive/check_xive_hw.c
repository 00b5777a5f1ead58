/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The xive hardware against docs/xive.md and its sources: the PQ tables
 * per ESB offset, MSI and LSI, StoreEOI gating, the ESB map and its
 * aliasing, queue sizes and a wrap over three laps with big-endian
 * entries, ALWAYS_NOTIFY and the END ESB, ACK and CPPR under both TIMA
 * behaviours, the TIMA pages' privileges, a VP that is not dispatched,
 * and the Linux-style consumer.
 */
#include <virtref/alloc.h>
#include "xive_test.h"

static u64 forwarded(const struct vr_xive *x)
{
	struct vr_xive_stats st;

	vr_xive_stats(x, &st);
	return st.forwarded;
}

/* Source 7 in state @pq (through SET_PQ), routed to a masked EAS. */
static struct vr_xive *pq_machine(u8 pq, bool store_eoi)
{
	struct vr_xive_config cfg;
	struct vr_xive *x = NULL;

	vr_xive_config_default(&cfg);
	cfg.store_eoi = store_eoi;
	ck_assert_int_eq(vr_xive_create(&cfg, &x), 0);
	ck_assert_int_eq(vr_xive_set_eas(x, 7, vr_xive_eas(0, 7, true)), 0);
	esb_mgmt_load(x, 7, XIVE_ESB_SET_PQ_00 + ((u32)pq << 8));
	ck_assert_int_eq(vr_xive_pq(x, 7), pq);
	return x;
}

START_TEST(test_trigger_table)
{
	static const struct {
		u8 before, after;
		bool forward;
	} rows[] = { { 0, 2, true }, { 2, 3, false }, { 3, 3, false }, { 1, 1, false } };
	unsigned int i;

	for (i = 0; i < VR_ARRAY_SIZE(rows); i++) {
		struct vr_xive *x = pq_machine(rows[i].before, false);
		u64 f = forwarded(x);

		esb_trigger(x, 7);
		ck_assert_int_eq(vr_xive_pq(x, 7), rows[i].after);
		ck_assert_uint_eq(forwarded(x) - f, rows[i].forward);
		/* A store in 0x000-0x3ff of the management page triggers too. */
		esb_mgmt_load(x, 7, XIVE_ESB_SET_PQ_00 + ((u32)rows[i].before << 8));
		ck_assert_int_eq(vr_xive_esb_store(x, vr_xive_esb_addr(x, 7, true) + 0x3f8, 8, 0),
				 0);
		ck_assert_int_eq(vr_xive_pq(x, 7), rows[i].after);
		xive_ok(x);
		vr_xive_destroy(x);
	}
}
END_TEST

/* Load-EOI at 0x000, at 0x400 (QEMU: the whole 0x000-0x7ff), StoreEOI. */
START_TEST(test_eoi_table)
{
	static const struct {
		u8 before, after;
		u64 ret;
	} rows[] = { { 0, 0, 0 }, { 2, 0, 0 }, { 3, 2, 1 }, { 1, 1, 0 } };
	static const u32 offsets[] = { XIVE_ESB_LOAD_EOI, XIVE_ESB_STORE_EOI, 0x7f8 };
	unsigned int i, o;

	for (i = 0; i < VR_ARRAY_SIZE(rows); i++) {
		for (o = 0; o < VR_ARRAY_SIZE(offsets); o++) {
			struct vr_xive *x = pq_machine(rows[i].before, false);
			u64 f = forwarded(x);

			ck_assert_uint_eq(esb_mgmt_load(x, 7, offsets[o]), rows[i].ret);
			ck_assert_int_eq(vr_xive_pq(x, 7), rows[i].after);
			ck_assert_uint_eq(forwarded(x) - f, rows[i].ret);
			vr_xive_destroy(x);
		}
		{
			struct vr_xive *x = pq_machine(rows[i].before, true);
			u64 f = forwarded(x);

			ck_assert_int_eq(
				vr_xive_esb_store(
					x, vr_xive_esb_addr(x, 7, true) + XIVE_ESB_STORE_EOI, 8, 0),
				0);
			ck_assert_int_eq(vr_xive_pq(x, 7), rows[i].after);
			ck_assert_uint_eq(forwarded(x) - f, rows[i].ret);
			xive_ok(x);
			vr_xive_destroy(x);
		}
	}
}
END_TEST

START_TEST(test_store_eoi_gated)
{
	struct vr_xive *x = pq_machine(VR_XIVE_XIVE_ESB_QUEUED, false);
	u64 f = forwarded(x);

	ck_assert_int_eq(
		vr_xive_esb_store(x, vr_xive_esb_addr(x, 7, true) + XIVE_ESB_STORE_EOI, 8, 0), 0);
	ck_assert_int_eq(vr_xive_pq(x, 7), VR_XIVE_XIVE_ESB_QUEUED);
	ck_assert_uint_eq(forwarded(x), f);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_esb_map)
{
	static const struct {
		u32 offset;
		u8 set;
	} sets[] = { { XIVE_ESB_SET_PQ_00, 0 },
		     { XIVE_ESB_SET_PQ_01, 1 },
		     { XIVE_ESB_SET_PQ_10, 2 },
		     { XIVE_ESB_SET_PQ_11, 3 },
		     { XIVE_ESB_SET_PQ_10 | XIVE_ESB_LD_ST_MO, 2 },
		     { 0xcf8, 0 },
		     { 0xff8, 3 } };
	struct vr_xive *x = pq_machine(VR_XIVE_XIVE_ESB_PENDING, false);
	u64 trig = vr_xive_esb_addr(x, 7, false), mgmt = vr_xive_esb_addr(x, 7, true), v = 0;
	unsigned int i;

	/* Two 64 KiB pages per source: source 7 at 7 << 17. */
	ck_assert_uint_eq(trig, 0xe0000);
	ck_assert_uint_eq(mgmt, 0xf0000);
	ck_assert_uint_eq(esb_mgmt_load(x, 7, XIVE_ESB_GET), 2);
	ck_assert_uint_eq(esb_mgmt_load(x, 7, 0xbf8), 2);
	ck_assert_int_eq(vr_xive_pq(x, 7), 2);
	for (i = 0; i < VR_ARRAY_SIZE(sets); i++) {
		u8 old = (u8)vr_xive_pq(x, 7);

		ck_assert_uint_eq(esb_mgmt_load(x, 7, sets[i].offset), old);
		ck_assert_int_eq(vr_xive_pq(x, 7), sets[i].set);
		ck_assert_int_eq(vr_xive_esb_store(x, mgmt + (sets[i].offset & ~0xffu), 8, 0), 0);
		ck_assert_int_eq(vr_xive_pq(x, 7), sets[i].offset >> 8 & 3);
	}
	/* QEMU decodes address & 0xfff: 0x1c00 in the page is SET_PQ_00. */
	ck_assert_uint_eq(esb_mgmt_load(x, 7, 0x1c00), 3);
	ck_assert_int_eq(vr_xive_pq(x, 7), 0);
	/* A store to GET is ignored on P9; a load from the trigger page is all ones. */
	ck_assert_int_eq(vr_xive_esb_store(x, mgmt + XIVE_ESB_GET, 8, 0), 0);
	ck_assert_int_eq(vr_xive_pq(x, 7), 0);
	ck_assert_int_eq(vr_xive_esb_load(x, trig + XIVE_ESB_GET, 8, &v), 0);
	ck_assert_uint_eq(v, VR_XIVE_ESB_INVALID);
	ck_assert_int_eq(vr_xive_pq(x, 7), 0);
	/* Only 8-byte accesses inside the window answer. */
	ck_assert_int_eq(vr_xive_esb_load(x, mgmt + XIVE_ESB_GET, 4, &v), -EINVAL);
	ck_assert_int_eq(vr_xive_esb_store(x, trig + 4, 8, 0), -EINVAL);
	ck_assert_int_eq(vr_xive_esb_load(x, 4096ull << 17, 8, &v), -EINVAL);
	ck_assert_int_eq(vr_xive_pq(x, 7), 0);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_one_page_mode)
{
	struct vr_xive_config cfg;
	struct vr_xive *x = NULL;

	vr_xive_config_default(&cfg);
	cfg.esb_shift = VR_XIVE_XIVE_ESB_64K;
	ck_assert_int_eq(vr_xive_create(&cfg, &x), 0);
	ck_assert_uint_eq(vr_xive_esb_addr(x, 3, false), 0x30000);
	ck_assert_uint_eq(vr_xive_esb_addr(x, 3, true), 0x30000);
	ck_assert_uint_eq(esb_mgmt_load(x, 3, XIVE_ESB_SET_PQ_00), 1);
	/* Trigger and management share the page: a store at 0 triggers. */
	ck_assert_int_eq(vr_xive_esb_store(x, 0x30000, 8, 0), 0);
	ck_assert_int_eq(vr_xive_pq(x, 3), 2);
	vr_xive_destroy(x);
	cfg.esb_shift = 14;
	ck_assert_int_eq(vr_xive_create(&cfg, &x), -EINVAL);
}
END_TEST

START_TEST(test_lsi)
{
	struct vr_xive *x = pq_machine(VR_XIVE_XIVE_ESB_RESET, false);
	u64 f = forwarded(x);

	ck_assert_int_eq(vr_xive_set_lsi(x, 7, true), 0);
	ck_assert_int_eq(vr_xive_set_irq(x, 7, true), 0);
	ck_assert_int_eq(vr_xive_pq(x, 7), 2);
	ck_assert_uint_eq(forwarded(x), f + 1);
	/* Asserting again never sets Q. */
	ck_assert_int_eq(vr_xive_set_irq(x, 7, true), 0);
	ck_assert_int_eq(vr_xive_pq(x, 7), 2);
	ck_assert_uint_eq(forwarded(x), f + 1);
	/* Load-EOI while still asserted: 10 -> 00, then the LSI triggers again. */
	ck_assert_uint_eq(esb_mgmt_load(x, 7, XIVE_ESB_LOAD_EOI), 1);
	ck_assert_int_eq(vr_xive_pq(x, 7), 2);
	ck_assert_uint_eq(forwarded(x), f + 2);
	/* De-assert: only the level; the EOI then leaves it idle. */
	ck_assert_int_eq(vr_xive_set_irq(x, 7, false), 0);
	ck_assert_int_eq(vr_xive_pq(x, 7), 2);
	ck_assert_uint_eq(esb_mgmt_load(x, 7, XIVE_ESB_LOAD_EOI), 0);
	ck_assert_int_eq(vr_xive_pq(x, 7), 0);
	ck_assert_uint_eq(forwarded(x), f + 2);
	/* A trigger-page store on an LSI uses the MSI table (QEMU allows 11). */
	esb_trigger(x, 7);
	esb_trigger(x, 7);
	ck_assert_int_eq(vr_xive_pq(x, 7), 3);
	/* An MSI ignores level 0. */
	ck_assert_int_eq(vr_xive_set_lsi(x, 7, false), 0);
	ck_assert_int_eq(vr_xive_set_irq(x, 7, false), 0);
	ck_assert_int_eq(vr_xive_pq(x, 7), 3);
	ck_assert_int_eq(vr_xive_set_irq(x, 4096, true), -EINVAL);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_queue_sizes)
{
	static const u8 ok[] = { 12, 16, 21, 24 };
	struct vr_xive *x = xive_new(VR_XIVE_TIMA_HW);
	struct vr_mem *m = vr_xive_guest_mem(x);
	unsigned int i;
	u32 w[8];

	ck_assert_int_eq(vr_mem_add(m, 0x1000000, 1ull << 24), 0);
	for (i = 0; i < VR_ARRAY_SIZE(ok); i++) {
		ck_assert_int_eq(vr_xive_end_config(x, 0, 1, 0x1000000, ok[i], true, false), 0);
		ck_assert_int_eq(vr_xive_end_words(x, 0, 1, w), 0);
		/* QSIZE = qshift - 12; entries = 1 << (QSIZE + 10); fresh: gen 1, index 0. */
		ck_assert_uint_eq((w[0] & VR_XIVE_END_W0_QSIZE) >> 16, ok[i] - 12u);
		ck_assert_uint_eq(w[1], VR_XIVE_END_W1_GENERATION);
		ck_assert_uint_eq(w[3], 0x1000000);
		ck_assert_uint_eq(w[6] & VR_XIVE_END_W6_NVT_INDEX, 0x400);
		ck_assert_uint_eq(w[7], 1u << 16);
	}
	ck_assert_int_eq(vr_xive_end_config(x, 0, 1, 0x1000000, 13, true, false), -EINVAL);
	ck_assert_int_eq(vr_xive_end_config(x, 0, 1, 0x1001000, 16, true, false), -EINVAL);
	ck_assert_int_eq(vr_xive_end_config(x, 0, 1, 0x2000000, 12, true, false), -EFAULT);
	ck_assert_int_eq(vr_xive_end_config(x, 2, 1, 0x1000000, 12, true, false), -EINVAL);
	ck_assert_int_eq(vr_xive_end_config(x, 0, 8, 0x1000000, 12, true, false), -EINVAL);
	ck_assert_int_eq(vr_xive_end_config(x, 0, 1, 0, 0, true, false), 0);
	ck_assert_int_eq(vr_xive_end_words(x, 0, 1, w), 0);
	ck_assert_uint_eq(w[0], 0);
	vr_xive_destroy(x);
}
END_TEST

/* A 4 KiB queue (1024 entries) wrapped three times and then some. */
START_TEST(test_queue_wrap_three_laps)
{
	struct vr_xive *x = xive_new(VR_XIVE_TIMA_HW);
	u64 qaddr = xive_queue(x, 0, 3, 12);
	u32 n, w[8], data, entry;
	u8 b[4];

	xive_route(x, 9, 0, 3, 0x12345);
	ck_assert_int_eq(vr_xive_vp_push(x, 0), 0);
	for (n = 0; n < 3 * 1024 + 5; n++) {
		u32 slot = n % 1024, gen = !((n / 1024) & 1);

		esb_trigger(x, 9);
		ck_assert_int_eq(vr_mem_read_be32(vr_xive_guest_mem(x), qaddr + 4 * slot, &entry),
				 0);
		ck_assert_uint_eq(entry, (gen << 31) | 0x12345);
		ck_assert_int_eq(vr_xive_guest_read_eq(x, 0, 3, false, &data), 0);
		ck_assert_uint_eq(data, 0x12345);
		ck_assert_int_eq(vr_xive_guest_read_eq(x, 0, 3, true, &data), 0);
		ck_assert_uint_eq(data, 0);
		esb_mgmt_load(x, 9, XIVE_ESB_SET_PQ_00);
		ck_assert_int_eq(vr_xive_end_words(x, 0, 3, w), 0);
		ck_assert_uint_eq(w[1] & VR_XIVE_END_W1_PAGE_OFF, (n + 1) % 1024);
		ck_assert_uint_eq(!!(w[1] & VR_XIVE_END_W1_GENERATION), !(((n + 1) / 1024) & 1));
		if (slot == 1023 || n < 2)
			xive_ok(x);
	}
	/* The entries are big-endian: the last slot, written in lap 3 with
	 * generation 1, holds 80 01 23 45. */
	ck_assert_int_eq(vr_mem_read(vr_xive_guest_mem(x), qaddr + 4 * 1023, b, 4), 0);
	ck_assert_uint_eq(b[0], 0x80);
	ck_assert_uint_eq(b[1], 0x01);
	ck_assert_uint_eq(b[2], 0x23);
	ck_assert_uint_eq(b[3], 0x45);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_end_esb_coalesces)
{
	struct vr_xive *x = xive_new(VR_XIVE_TIMA_HW);
	u64 qaddr = QBASE, v;
	u32 w[8];

	ck_assert_int_eq(vr_mem_add(vr_xive_guest_mem(x), qaddr, 0x10000), 0);
	ck_assert_int_eq(vr_xive_end_config(x, 1, 4, qaddr, 16, false, false), 0);
	xive_route(x, 1, 1, 4, 0x11);
	xive_route(x, 2, 1, 4, 0x22);
	ck_assert_int_eq(vr_xive_vp_push(x, 1), 0);
	ck_assert_int_eq(vr_xive_guest_setup(x, 1), 0);
	esb_trigger(x, 1);
	ck_assert_uint_eq(ring(x, 1, TM_IPB), 0x08);
	ck_assert_uint_eq(tima_load(x, 1, OS_PAGE + TM_SPC_ACK_OS_REG, 2), 0x8004);
	ck_assert_uint_eq(ring(x, 1, TM_IPB), 0);
	/* ESn is 10: the second event is enqueued, its notification held (11). */
	esb_trigger(x, 2);
	ck_assert_uint_eq(ring(x, 1, TM_IPB), 0);
	ck_assert_int_eq(vr_xive_end_words(x, 1, 4, w), 0);
	ck_assert_uint_eq(w[1] & VR_XIVE_END_W1_PAGE_OFF, 2);
	ck_assert_uint_eq(w[1] >> 30, 3);
	/* EOI of the END ESB: 11 -> 10 and a fresh notification. */
	ck_assert_int_eq(vr_xive_end_esb(x, 1, 4, XIVE_ESB_LOAD_EOI, false, &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_uint_eq(ring(x, 1, TM_IPB), 0x08);
	ck_assert_int_eq(vr_xive_end_esb(x, 1, 4, XIVE_ESB_GET, false, &v), 0);
	ck_assert_uint_eq(v, 2);
	ck_assert_int_eq(vr_xive_end_esb(x, 1, 4, XIVE_ESB_SET_PQ_00, true, &v), 0);
	ck_assert_int_eq(vr_xive_end_esb(x, 1, 4, XIVE_ESB_GET, false, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(vr_xive_end_esb(x, 1, 4, 0x1000, false, &v), -EINVAL);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

/* Events at priorities 2 and 5, then ACK, CPPR 0xff, ACK. */
static void ack_cppr(enum vr_xive_tima tima, u8 pipr_after_ack)
{
	struct vr_xive *x = xive_new(tima);

	xive_queue(x, 0, 2, 12);
	xive_queue(x, 0, 5, 12);
	xive_route(x, 20, 0, 2, 0x20);
	xive_route(x, 21, 0, 5, 0x21);
	ck_assert_int_eq(vr_xive_vp_push(x, 0), 0);
	tima_store(x, 0, OS_PAGE + TM_QW1_OS + TM_CPPR, 1, 0xff);
	esb_trigger(x, 21);
	esb_trigger(x, 20);
	ck_assert_uint_eq(ring(x, 0, TM_IPB), 0x24);
	ck_assert_uint_eq(ring(x, 0, TM_PIPR), 2);
	ck_assert_uint_eq(ring(x, 0, TM_NSR), 0x80);
	ck_assert_uint_eq(tima_load(x, 0, OS_PAGE + TM_SPC_ACK_OS_REG, 2), 0x8002);
	ck_assert_uint_eq(ring(x, 0, TM_CPPR), 2);
	ck_assert_uint_eq(ring(x, 0, TM_IPB), 0x04);
	ck_assert_uint_eq(ring(x, 0, TM_PIPR), pipr_after_ack);
	ck_assert_uint_eq(ring(x, 0, TM_NSR), 0);
	xive_ok(x);
	/* An ACK with nothing pending changes nothing. */
	ck_assert_uint_eq(tima_load(x, 0, OS_PAGE + TM_SPC_ACK_OS_REG, 2), 0x0002);
	tima_store(x, 0, OS_PAGE + TM_QW1_OS + TM_CPPR, 1, 0xff);
	ck_assert_uint_eq(ring(x, 0, TM_PIPR), 5);
	ck_assert_uint_eq(ring(x, 0, TM_NSR), 0x80);
	ck_assert_uint_eq(tima_load(x, 0, OS_PAGE + TM_SPC_ACK_OS_REG, 2), 0x8005);
	ck_assert_uint_eq(ring(x, 0, TM_IPB), 0);
	xive_ok(x);
	vr_xive_destroy(x);
}

START_TEST(test_ack_cppr_hw)
{
	ack_cppr(VR_XIVE_TIMA_HW, 2);
}
END_TEST

START_TEST(test_ack_cppr_qemu_2024)
{
	ack_cppr(VR_XIVE_TIMA_QEMU_2024, 5);
}
END_TEST

/* A CPPR store that precludes the pending priority withdraws EO on hw only. */
static struct vr_xive *pending_prio5(enum vr_xive_tima tima)
{
	struct vr_xive *x = xive_new(tima);

	xive_queue(x, 0, 5, 12);
	xive_route(x, 21, 0, 5, 0x21);
	ck_assert_int_eq(vr_xive_vp_push(x, 0), 0);
	tima_store(x, 0, OS_PAGE + TM_QW1_OS + TM_CPPR, 1, 0xff);
	esb_trigger(x, 21);
	ck_assert_uint_eq(ring(x, 0, TM_NSR), 0x80);
	tima_store(x, 0, OS_PAGE + TM_QW1_OS + TM_CPPR, 1, 3);
	ck_assert_uint_eq(ring(x, 0, TM_CPPR), 3);
	ck_assert_uint_eq(ring(x, 0, TM_PIPR), 5);
	ck_assert_uint_eq(ring(x, 0, TM_IPB), 0x04);
	return x;
}

START_TEST(test_cppr_withdraws_eo_hw)
{
	struct vr_xive *x = pending_prio5(VR_XIVE_TIMA_HW);

	ck_assert_uint_eq(ring(x, 0, TM_NSR), 0);
	ck_assert_uint_eq(tima_load(x, 0, OS_PAGE + TM_SPC_ACK_OS_REG, 2), 0x0003);
	/* Raising CPPR above the pending priority signals it again. */
	tima_store(x, 0, OS_PAGE + TM_QW1_OS + TM_CPPR, 1, 6);
	ck_assert_uint_eq(ring(x, 0, TM_NSR), 0x80);
	/* Values above 7 are stored as 0xff. */
	tima_store(x, 0, OS_PAGE + TM_QW1_OS + TM_CPPR, 1, 8);
	ck_assert_uint_eq(ring(x, 0, TM_CPPR), 0xff);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_cppr_stale_eo_qemu_2024)
{
	struct vr_xive *x = pending_prio5(VR_XIVE_TIMA_QEMU_2024);

	/* The stale EO lets an ACK lower CPPR to the precluded priority. */
	ck_assert_uint_eq(ring(x, 0, TM_NSR), 0x80);
	ck_assert_uint_eq(tima_load(x, 0, OS_PAGE + TM_SPC_ACK_OS_REG, 2), 0x8005);
	ck_assert_uint_eq(ring(x, 0, TM_CPPR), 5);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

/* A stale EO makes Linux's guest see an ACK of a less favoured priority. */
START_TEST(test_odd_ack_qemu_2024)
{
	struct vr_xive *x = xive_new(VR_XIVE_TIMA_QEMU_2024);
	struct vr_text out = VR_TEXT_INIT;
	u16 ack;
	u32 irq;

	xive_queue(x, 0, 3, 12);
	xive_queue(x, 0, 5, 12);
	xive_route(x, 1, 0, 3, 0x13);
	xive_route(x, 2, 0, 5, 0x25);
	ck_assert_int_eq(vr_xive_vp_push(x, 0), 0);
	ck_assert_int_eq(vr_xive_guest_setup(x, 0), 0);
	esb_trigger(x, 2);
	esb_trigger(x, 1);
	ck_assert_int_eq(vr_xive_guest_get_irq(x, 0, &ack, &irq), 0);
	ck_assert_uint_eq(ack, 0x8003);
	ck_assert_uint_eq(irq, 0x13);
	/* CPPR 0xff signals 5; CPPR 3 does not withdraw it on this TIMA. */
	tima_store(x, 0, OS_PAGE + TM_QW1_OS + TM_CPPR, 1, 0xff);
	tima_store(x, 0, OS_PAGE + TM_QW1_OS + TM_CPPR, 1, 3);
	ck_assert_int_eq(vr_xive_guest_get_irq(x, 0, &ack, &irq), 0);
	ck_assert_uint_eq(ack, 0x8005);
	ck_assert_uint_eq(irq, 0x25);
	vr_xive_dump(x, &out);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "1 ACKs not more favoured than its CPPR"));
	vr_text_free(&out);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_tima_pages)
{
	struct vr_xive *x = xive_new(VR_XIVE_TIMA_HW);
	u64 user = (u64)VR_XIVE_XIVE_TM_USER_PAGE << VR_XIVE_TM_SHIFT,
	    hv = (u64)VR_XIVE_XIVE_TM_HV_PAGE << VR_XIVE_TM_SHIFT, v = 0;

	/* QEMU's reset ring: LSMFB, ACK_CNT, AGE, PIPR 0xff; no page shows AGE. */
	ck_assert_uint_eq(tima_load(x, 0, hv + TM_QW1_OS, 8), 0x000000ffff0000ffull);
	ck_assert_uint_eq(tima_load(x, 0, hv + TM_QW1_OS + 4, 4), 0xff0000ff);
	ck_assert_int_eq(vr_xive_vp_push(x, 1), 0);
	/* Word 2 (valid, CAM 0x401): no OS page byte of it reads, so all ones. */
	ck_assert_uint_eq(tima_load(x, 1, hv + TM_QW1_OS + TM_WORD2, 4), 0x80000401);
	ck_assert_uint_eq(tima_load(x, 1, OS_PAGE + TM_QW1_OS + TM_WORD2, 4), VR_XIVE_ESB_INVALID);
	ck_assert_uint_eq(tima_load(x, 1, OS_PAGE + TM_QW1_OS, 8), 0x000000ffff0000ffull);
	/* Raw context accesses are 4 or 8 bytes; CPPR alone takes a 1-byte store. */
	ck_assert_uint_eq(tima_load(x, 1, OS_PAGE + TM_QW1_OS + TM_CPPR, 1), VR_XIVE_ESB_INVALID);
	tima_store(x, 1, OS_PAGE + TM_QW1_OS + TM_CPPR, 1, 0xff);
	ck_assert_uint_eq(ring(x, 1, TM_CPPR), 0xff);
	/* SET_OS_PENDING from the OS page; ACK not from the USER page. */
	tima_store(x, 1, OS_PAGE + TM_SPC_SET_OS_PENDING, 1, 6);
	ck_assert_uint_eq(ring(x, 1, TM_IPB), 0x02);
	ck_assert_uint_eq(ring(x, 1, TM_NSR), 0x80);
	ck_assert_uint_eq(tima_load(x, 1, user + TM_SPC_ACK_OS_REG, 2), VR_XIVE_ESB_INVALID);
	ck_assert_uint_eq(ring(x, 1, TM_NSR), 0x80);
	tima_store(x, 1, user + TM_QW1_OS + TM_CPPR, 1, 0);
	ck_assert_uint_eq(ring(x, 1, TM_CPPR), 0xff);
	/* A more privileged page may ACK. */
	ck_assert_uint_eq(tima_load(x, 1, hv + TM_SPC_ACK_OS_REG, 2), 0x8006);
	/* A raw store cannot write IPB; one of CPPR is a CPPR store. */
	tima_store(x, 1, hv + TM_QW1_OS, 4, 0x80ffff00);
	ck_assert_uint_eq(ring(x, 1, TM_IPB), 0);
	ck_assert_uint_eq(ring(x, 1, TM_CPPR), 0xff);
	ck_assert_uint_eq(ring(x, 1, TM_LSMFB), 0);
	/* Special ops beyond the table and ACK_OS_EL answer all ones / are ignored. */
	ck_assert_uint_eq(tima_load(x, 1, OS_PAGE + 0x900, 8), VR_XIVE_ESB_INVALID);
	tima_store(x, 1, OS_PAGE + TM_SPC_ACK_OS_EL, 1, 0);
	/* The OS page cannot pull; the HV page can. */
	ck_assert_uint_eq(tima_load(x, 1, OS_PAGE + TM_SPC_PULL_OS_CTX, 4), VR_XIVE_ESB_INVALID);
	ck_assert_uint_eq(tima_load(x, 1, hv + TM_SPC_PULL_OS_CTX, 4), 0x80000401);
	ck_assert_int_eq(vr_xive_os_ring(x, 1, (u8[8]){ 0 }), 0);
	ck_assert_int_eq(vr_xive_tima_load(x, 1, 4ull << VR_XIVE_TM_SHIFT, 8, &v), -EINVAL);
	ck_assert_int_eq(vr_xive_tima_load(x, 2, 0, 8, &v), -EINVAL);
	ck_assert_int_eq(vr_xive_tima_store(x, 0, 0, 3, 0), -EINVAL);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_not_dispatched)
{
	struct vr_xive *x = xive_new(VR_XIVE_TIMA_HW);
	u64 qaddr = QBASE;

	ck_assert_int_eq(vr_mem_add(vr_xive_guest_mem(x), qaddr, 0x10000), 0);
	ck_assert_int_eq(vr_xive_end_config(x, 1, 6, qaddr, 16, true, true), 0);
	xive_route(x, 5, 1, 6, 5);
	esb_trigger(x, 5);
	/* Not dispatched: the backup IPB records it and the END escalates. */
	ck_assert_uint_eq(vr_xive_nvt_ipb(x, 1), 0x02);
	ck_assert_uint_eq(vr_xive_escalations(x, 1), 1);
	ck_assert_int_eq(vr_xive_vp_pull(x, 1), -ENOENT);
	ck_assert_int_eq(vr_xive_guest_setup(x, 1), -ENOENT);
	ck_assert_int_eq(vr_xive_vp_push(x, 1), 0);
	ck_assert_int_eq(vr_xive_vp_push(x, 1), -EBUSY);
	ck_assert_uint_eq(vr_xive_nvt_ipb(x, 1), 0);
	ck_assert_uint_eq(ring(x, 1, TM_IPB), 0x02);
	ck_assert_uint_eq(ring(x, 1, TM_PIPR), 6);
	/* CPPR is 0 after reset: nothing is presented until the OS raises it. */
	ck_assert_uint_eq(ring(x, 1, TM_NSR), 0);
	ck_assert_int_eq(vr_xive_guest_setup(x, 1), 0);
	ck_assert_uint_eq(ring(x, 1, TM_NSR), 0x80);
	/* Pull saves the ring; push restores it. */
	ck_assert_int_eq(vr_xive_vp_pull(x, 1), 0);
	ck_assert_uint_eq(ring(x, 1, TM_NSR), 0x80);
	ck_assert_int_eq(vr_xive_vp_push(x, 1), 0);
	ck_assert_uint_eq(ring(x, 1, TM_CPPR), 0xff);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

/* Two events of one queue under one notification: the EOI's peek replays. */
START_TEST(test_linux_consumer)
{
	struct vr_xive *x = xive_new(VR_XIVE_TIMA_HW);
	u16 ack;
	u32 irq;
	bool replay;

	xive_queue(x, 0, 6, 16);
	xive_queue(x, 0, 3, 16);
	xive_route(x, 10, 0, 6, 0x10);
	xive_route(x, 11, 0, 6, 0x11);
	xive_route(x, 12, 0, 3, 0x12);
	ck_assert_int_eq(vr_xive_vp_push(x, 0), 0);
	ck_assert_int_eq(vr_xive_guest_setup(x, 0), 0);
	esb_trigger(x, 10);
	esb_trigger(x, 11);
	ck_assert_int_eq(vr_xive_guest_get_irq(x, 0, &ack, &irq), 0);
	ck_assert_uint_eq(ack, 0x8006);
	ck_assert_uint_eq(irq, 0x10);
	/* A more favoured event arrives while 0x10 is handled: signalled at once. */
	esb_trigger(x, 12);
	ck_assert_uint_eq(ring(x, 0, TM_NSR), 0x80);
	ck_assert_int_eq(vr_xive_guest_eoi(x, 0, 10, &replay), 0);
	ck_assert(replay);
	ck_assert_int_eq(vr_xive_guest_get_irq(x, 0, &ack, &irq), 0);
	ck_assert_uint_eq(ack, 0x8003);
	ck_assert_uint_eq(irq, 0x12);
	ck_assert_int_eq(vr_xive_guest_eoi(x, 0, 12, &replay), 0);
	ck_assert(replay);
	/* No EO now: the pending priority 6 still holds 0x11. */
	ck_assert_int_eq(vr_xive_guest_get_irq(x, 0, &ack, &irq), 0);
	ck_assert_uint_eq(irq, 0x11);
	ck_assert_int_eq(vr_xive_guest_eoi(x, 0, 11, &replay), 0);
	ck_assert(!replay);
	ck_assert_uint_eq(ring(x, 0, TM_CPPR), 0xff);
	ck_assert_int_eq(vr_xive_guest_get_irq(x, 0, &ack, &irq), 0);
	ck_assert_uint_eq(irq, 0);
	/* An EOI whose Q was set replays the trigger. */
	esb_trigger(x, 10);
	esb_trigger(x, 10);
	ck_assert_int_eq(vr_xive_pq(x, 10), 3);
	ck_assert_int_eq(vr_xive_guest_get_irq(x, 0, &ack, &irq), 0);
	ck_assert_int_eq(vr_xive_guest_eoi(x, 0, 10, &replay), 0);
	ck_assert_int_eq(vr_xive_pq(x, 10), 2);
	ck_assert(replay);
	ck_assert_int_eq(vr_xive_guest_eoi(x, 0, 4096, &replay), -EINVAL);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_masked_and_invalid_routes)
{
	struct vr_xive *x = xive_new(VR_XIVE_TIMA_HW);
	struct vr_xive_stats st;

	xive_queue(x, 0, 1, 12);
	xive_route(x, 1, 0, 1, 1);
	ck_assert_int_eq(vr_xive_set_eas(x, 1, vr_xive_eas(VR_XIVE_END_INDEX(0, 1), 1, true)), 0);
	esb_trigger(x, 1);
	/* A masked EAS drops the event; the PQ it produced stays (stale). */
	ck_assert_int_eq(vr_xive_pq(x, 1), 2);
	xive_route(x, 2, 0, 2, 2); /* END (0, 2) not valid */
	esb_trigger(x, 2);
	esb_mgmt_load(x, 3, XIVE_ESB_SET_PQ_00); /* EAS 3 never written */
	esb_trigger(x, 3);
	vr_xive_stats(x, &st);
	ck_assert_uint_eq(st.eas_masked, 1);
	ck_assert_uint_eq(st.eas_invalid, 2);
	ck_assert_uint_eq(st.enqueued, 0);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_invariants_catch_lost_events)
{
	struct vr_xive *x = xive_new(VR_XIVE_TIMA_HW);
	struct vr_text why = VR_TEXT_INIT;
	u64 qaddr = xive_queue(x, 0, 2, 12);
	unsigned int n;

	xive_route(x, 1, 0, 2, 0x77);
	/* A guest that writes into its unread queue entry. */
	esb_trigger(x, 1);
	ck_assert_int_eq(vr_mem_write_be32(vr_xive_guest_mem(x), qaddr + 4, 0x80000001), 0);
	ck_assert_int_ne(vr_xive_invariants(x, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "entry 1 reads valid to the guest"));
	ck_assert_int_eq(vr_mem_write_be32(vr_xive_guest_mem(x), qaddr + 4, 0), 0);
	xive_ok(x);
	/* A hypervisor that EOIs without the guest reading: the 1025th overwrites. */
	for (n = 1; n < 1025; n++) {
		esb_mgmt_load(x, 1, XIVE_ESB_SET_PQ_00);
		esb_trigger(x, 1);
	}
	vr_text_clear(&why);
	ck_assert_int_ne(vr_xive_invariants(x, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why),
				     "EQ prio 2 of vCPU 0: 1025 unread events in 1024 slots: 1 "
				     "overwritten before the guest read them"));
	vr_text_free(&why);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_restore)
{
	struct vr_xive *x = xive_new(VR_XIVE_TIMA_HW);
	u32 w[8], data;

	xive_queue(x, 0, 2, 12);
	xive_route(x, 1, 0, 2, 0x77);
	ck_assert_int_eq(vr_xive_end_restore(x, 0, 2, false, 1023), 0);
	esb_trigger(x, 1);
	ck_assert_int_eq(vr_xive_end_words(x, 0, 2, w), 0);
	ck_assert_uint_eq(w[1] & (VR_XIVE_END_W1_PAGE_OFF | VR_XIVE_END_W1_GENERATION),
			  VR_XIVE_END_W1_GENERATION);
	ck_assert_int_eq(vr_xive_guest_read_eq(x, 0, 2, false, &data), 0);
	ck_assert_uint_eq(data, 0x77);
	xive_ok(x);
	ck_assert_int_eq(vr_xive_end_restore(x, 0, 2, false, 1024), -EINVAL);
	ck_assert_int_eq(vr_xive_end_restore(x, 0, 3, false, 0), -EINVAL);
	ck_assert_int_eq(vr_xive_end_restore(x, 5, 3, false, 0), -EINVAL);
	vr_xive_destroy(x);
}
END_TEST

/* Handing a queue over again: the guest zeroed it, nothing stale reads back. */
START_TEST(test_reconfigure_starts_empty)
{
	struct vr_xive *x = xive_new(VR_XIVE_TIMA_HW);
	u64 qaddr = xive_queue(x, 0, 2, 12);
	u32 data, entry;

	xive_route(x, 1, 0, 2, 0x77);
	esb_trigger(x, 1);
	ck_assert_int_eq(vr_xive_end_config(x, 0, 2, qaddr, 12, true, false), 0);
	ck_assert_int_eq(vr_mem_read_be32(vr_xive_guest_mem(x), qaddr, &entry), 0);
	ck_assert_uint_eq(entry, 0);
	ck_assert_int_eq(vr_xive_guest_read_eq(x, 0, 2, false, &data), 0);
	ck_assert_uint_eq(data, 0);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

/*
 * A Linux guest takes each queue's pages from the page allocator
 * (xive_queue_page_alloc()) and frees them only once the queue is
 * disabled: it never zeroes a page a live END writes into.
 */
START_TEST(test_queue_page_of_live_end_refused)
{
	struct vr_xive *x = xive_new(VR_XIVE_TIMA_HW);
	u64 qaddr = xive_queue(x, 0, 6, 16);
	u32 w[8], data, entry;

	xive_route(x, 1, 0, 6, 0x11);
	esb_trigger(x, 1);
	ck_assert_int_eq(vr_xive_end_config(x, 1, 3, qaddr, 12, true, false), -EBUSY);
	ck_assert_int_eq(vr_xive_end_config(x, 1, 3, qaddr + 0xf000, 12, true, false), -EBUSY);
	ck_assert_int_eq(vr_xive_end_config(x, 0, 5, qaddr, 16, true, false), -EBUSY);
	/* Nothing changed: the other END is off, the unread entry is there. */
	ck_assert_int_eq(vr_xive_end_words(x, 1, 3, w), 0);
	ck_assert_uint_eq(w[0], 0);
	ck_assert_int_eq(vr_mem_read_be32(vr_xive_guest_mem(x), qaddr, &entry), 0);
	ck_assert_uint_eq(entry, 0x80000011);
	xive_ok(x);
	ck_assert_int_eq(vr_xive_guest_read_eq(x, 0, 6, false, &data), 0);
	ck_assert_uint_eq(data, 0x11);
	/* The next queue starts where this one ends: no overlap. */
	ck_assert_uint_eq(xive_queue(x, 0, 7, 12), qaddr + 0x10000);
	/* Disabled, the END's page is the guest's to give again. */
	ck_assert_int_eq(vr_xive_end_config(x, 0, 6, 0, 0, false, false), 0);
	ck_assert_int_eq(vr_xive_end_config(x, 1, 3, qaddr + 0xf000, 12, true, false), 0);
	ck_assert_int_eq(vr_xive_end_words(x, 1, 3, w), 0);
	ck_assert_uint_eq(w[3], (u32)(qaddr + 0xf000));
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_create_checks_and_alloc_failure)
{
	struct vr_xive_config cfg;
	struct vr_xive *x = NULL;
	u64 live = vr_alloc_live(), nth;
	int ret;

	vr_xive_config_default(&cfg);
	cfg.nr_vcpus = 9;
	ck_assert_int_eq(vr_xive_create(&cfg, &x), -EINVAL);
	vr_xive_config_default(&cfg);
	cfg.nr_irqs = 0;
	ck_assert_int_eq(vr_xive_create(&cfg, &x), -EINVAL);
	ck_assert_int_eq(vr_xive_create(NULL, &x), -EINVAL);
	vr_xive_config_default(&cfg);
	for (nth = 1;; nth++) {
		vr_alloc_fail_nth(nth);
		ret = vr_xive_create(&cfg, &x);
		vr_alloc_fail_nth(0);
		if (!ret)
			break;
		ck_assert_int_eq(ret, -ENOMEM);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
	ck_assert_uint_gt(nth, 1);
	vr_xive_destroy(x);
	vr_xive_destroy(NULL);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

/* Configure, trigger, read and tear down with each allocation failing in turn. */
START_TEST(test_alloc_failure_sweep)
{
	struct vr_xive_config cfg;
	u64 live = vr_alloc_live(), nth;
	bool hit = true;

	vr_xive_config_default(&cfg);
	for (nth = 1; hit; nth++) {
		struct vr_xive *x = NULL;
		int ret;
		u32 data;

		vr_alloc_fail_nth(nth);
		ret = vr_xive_create(&cfg, &x);
		if (!ret) {
			ret = vr_mem_add(vr_xive_guest_mem(x), QBASE, 0x3000);
			ck_assert_int_eq(vr_xive_end_config(x, 0, 6, QBASE, 12, true, false),
					 ret ? -EFAULT : 0);
			xive_route(x, 3, 0, 6, 3);
			esb_trigger(x, 3);
			ck_assert_int_eq(vr_xive_pq(x, 3), 2);
			ck_assert_int_eq(vr_xive_guest_read_eq(x, 0, 6, false, &data), 0);
			ck_assert_uint_eq(data, ret ? 0 : 3);
			xive_ok(x);
		} else {
			ck_assert_int_eq(ret, -ENOMEM);
		}
		hit = vr_alloc_fault_hit();
		vr_alloc_fail_nth(0);
		vr_xive_destroy(x);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
	ck_assert_uint_gt(nth, 3);
}
END_TEST

static const struct vr_test esb_tests[] = {
	VR_TEST(test_trigger_table), VR_TEST(test_eoi_table),	  VR_TEST(test_store_eoi_gated),
	VR_TEST(test_esb_map),	     VR_TEST(test_one_page_mode), VR_TEST(test_lsi),
};

static const struct vr_test queue_tests[] = {
	VR_TEST(test_queue_sizes),
	VR_TEST(test_queue_wrap_three_laps),
	VR_TEST(test_end_esb_coalesces),
	VR_TEST(test_masked_and_invalid_routes),
	VR_TEST(test_restore),
	VR_TEST(test_invariants_catch_lost_events),
	VR_TEST(test_reconfigure_starts_empty),
	VR_TEST(test_queue_page_of_live_end_refused),
};

static const struct vr_test tima_tests[] = {
	VR_TEST(test_ack_cppr_hw),	    VR_TEST(test_ack_cppr_qemu_2024),
	VR_TEST(test_cppr_withdraws_eo_hw), VR_TEST(test_cppr_stale_eo_qemu_2024),
	VR_TEST(test_odd_ack_qemu_2024),    VR_TEST(test_tima_pages),
	VR_TEST(test_not_dispatched),	    VR_TEST(test_linux_consumer),
};

static const struct vr_test instance_tests[] = {
	VR_TEST(test_create_checks_and_alloc_failure),
	VR_TEST(test_alloc_failure_sweep),
};

static const struct vr_tcase xive_hw_tcases[] = {
	VR_TCASE("esb", esb_tests),
	VR_TCASE("queue", queue_tests),
	VR_TCASE("tima", tima_tests),
	VR_TCASE("instance", instance_tests),
};

const struct vr_suite vr_suite_xive_hw = VR_SUITE("xive_hw", xive_hw_tcases);
