/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Helpers shared by the ccw suites: an instance per profile and device,
 * format-1 CCWs written into backed guest memory, the ORB the tests
 * start with, one start taken to its IRB, and a trace replayed with
 * narration.
 */
#ifndef VIRTREF_TESTS_CCW_TEST_H
#define VIRTREF_TESTS_CCW_TEST_H

#include <string.h>
#include <virtref/ccw.h>
#include <virtref/ccw/vfio_ccw_cp.h>
#include <virtref/mem.h>
#include "vr_test.h"

#define CE_DE (DEV_STAT_CHN_END | DEV_STAT_DEV_END)

/*
 * The lends of new_ccw(), for the tests' direct cp_*() calls
 * (vr_ccw_enter()); del_ccw() ends the innermost.  A test with two
 * instances lends the outer one again around its calls.
 */
#define CCW_TEST_LENDS 4
static struct vr_context_frame ccw_test_lend[CCW_TEST_LENDS];
static int ccw_test_lends;

static inline struct vr_ccw *new_ccw(enum vr_ccw_profile p, enum vr_ccw_device_type d)
{
	struct vr_ccw_config cfg = { .profile = p, .device = d };
	struct vr_ccw *c;

	ck_assert_int_eq(vr_ccw_create(&cfg, &c), 0);
	ck_assert_int_lt(ccw_test_lends, CCW_TEST_LENDS);
	vr_ccw_enter(c, &ccw_test_lend[ccw_test_lends++]);
	return c;
}

static inline void del_ccw(struct vr_ccw *c)
{
	ck_assert_int_gt(ccw_test_lends, 0);
	vr_ccw_leave(&ccw_test_lend[--ccw_test_lends]);
	vr_ccw_destroy(c);
}

static inline void back(struct vr_ccw *c, u64 addr, u64 len)
{
	ck_assert_int_eq(vr_mem_add(vr_ccw_guest(c), addr, len), 0);
}

static inline void put1(struct vr_ccw *c, u64 addr, u8 cmd, u8 flags, u16 count, u32 cda)
{
	struct ccw1 ccw = { .cmd_code = cmd, .flags = flags, .count = count, .cda = cda };
	u8 b[8];

	vr_ccw_encode1(&ccw, b);
	back(c, addr, 8);
	ck_assert_int_eq(vr_mem_write(vr_ccw_guest(c), addr, b, 8), 0);
}

/* Prefetch, format-2 IDAWs, every path. */
static inline union orb make_orb(u32 cpa, bool fmt1)
{
	union orb o;

	vr_ccw_orb_init(&o, cpa);
	o.cmd.fmt = fmt1;
	return o;
}

/* Starts @o on @path, which must give cc 0, and takes the IRB. */
static inline struct irb run(struct vr_ccw *c, enum vr_ccw_path path, const union orb *o)
{
	struct vr_ccw_io io;
	struct irb irb;

	ck_assert_int_eq(vr_ccw_start(c, path, o, &io), 0);
	ck_assert_int_eq(io.exception, 0);
	ck_assert_int_eq(io.cc, 0);
	ck_assert_int_eq(vr_ccw_tsch(c, &irb), 0);
	return irb;
}

static inline int chains(struct channel_program *cp, struct vr_ccw_chain_view *v)
{
	return vr_ccw_cp_chains(cp, v, 8);
}

#endif
