/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Helpers shared by the xive suites: a machine with one queue per
 * (vCPU, priority) on request, MMIO through the ESB and TIMA pages at the
 * offsets of <virtref/xive/hw.h>, and the OS ring as bytes.
 */
#ifndef VIRTREF_TESTS_XIVE_TEST_H
#define VIRTREF_TESTS_XIVE_TEST_H

#include <string.h>
#include <virtref/linux/errno.h>
#include <virtref/mem.h>
#include <virtref/xive.h>
#include "vr_test.h"

#define OS_PAGE ((u64)VR_XIVE_XIVE_TM_OS_PAGE << VR_XIVE_TM_SHIFT)
#define QBASE 0x100000ull

static inline struct vr_xive *xive_new(enum vr_xive_tima tima)
{
	struct vr_xive_config cfg;
	struct vr_xive *x = NULL;

	vr_xive_config_default(&cfg);
	cfg.tima = tima;
	ck_assert_int_eq(vr_xive_create(&cfg, &x), 0);
	return x;
}

/* Queue of 2^@qshift bytes for (@vcpu, @prio) at its own place in QBASE.. */
static inline u64 xive_queue(struct vr_xive *x, unsigned int vcpu, u8 prio, u8 qshift)
{
	u64 qaddr = QBASE + ((u64)(vcpu * 8 + prio) << 16);

	ck_assert_int_eq(vr_mem_add(vr_xive_guest_mem(x), qaddr, 1ull << qshift), 0);
	ck_assert_int_eq(vr_xive_end_config(x, vcpu, prio, qaddr, qshift, true, false), 0);
	return qaddr;
}

/* Routes @src to (@vcpu, @prio) with @eisn and turns it on (PQ 00). */
static inline void xive_route(struct vr_xive *x, u32 src, unsigned int vcpu, u8 prio, u32 eisn)
{
	u64 v;

	ck_assert_int_eq(
		vr_xive_set_eas(x, src, vr_xive_eas(VR_XIVE_END_INDEX(vcpu, prio), eisn, false)),
		0);
	ck_assert_int_eq(
		vr_xive_esb_load(x, vr_xive_esb_addr(x, src, true) + XIVE_ESB_SET_PQ_00, 8, &v), 0);
}

static inline u64 esb_mgmt_load(struct vr_xive *x, u32 src, u32 off)
{
	u64 v = 0;

	ck_assert_int_eq(vr_xive_esb_load(x, vr_xive_esb_addr(x, src, true) + off, 8, &v), 0);
	return v;
}

static inline void esb_trigger(struct vr_xive *x, u32 src)
{
	ck_assert_int_eq(vr_xive_esb_store(x, vr_xive_esb_addr(x, src, false), 8, 0), 0);
}

static inline u64 tima_load(struct vr_xive *x, unsigned int t, u64 off, unsigned int size)
{
	u64 v = 0;

	ck_assert_int_eq(vr_xive_tima_load(x, t, off, size, &v), 0);
	return v;
}

static inline void tima_store(struct vr_xive *x, unsigned int t, u64 off, unsigned int size, u64 v)
{
	ck_assert_int_eq(vr_xive_tima_store(x, t, off, size, v), 0);
}

/* The OS ring's byte @reg of a vCPU. */
static inline u8 ring(const struct vr_xive *x, unsigned int vcpu, unsigned int reg)
{
	u8 r[8];

	ck_assert_int_ge(vr_xive_os_ring(x, vcpu, r), 0);
	return r[reg];
}

/* Every invariant holds. */
static inline void xive_ok(struct vr_xive *x)
{
	struct vr_text why = VR_TEXT_INIT;
	int bad = vr_xive_invariants(x, &why);

	ck_assert_msg(bad == 0, "%s", vr_text_str(&why));
	vr_text_free(&why);
}

#endif
