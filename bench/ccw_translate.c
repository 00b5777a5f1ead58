/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfio-ccw translation and channel execution speed:
 *   - cp_init + cp_prefetch + cp_free of one 256-CCW chain (target 2 us)
 *   - the same for a program of 16 chains, each a DASD search loop
 *     (Seek, Search ID Equal, TIC back, Read, TIC to the next chain)
 *   - direct execution of both programs on the channel
 *   - ns per CCW, and per chain for 1..64 chains (linear scaling)
 */
#include <stdio.h>
#include <string.h>
#include <virtref/ccw.h>
#include <virtref/ccw/vfio_ccw_cp.h>
#include <virtref/mem.h>
#include "bench.h"

#define PROG 0x100000u
#define DATA 0x800000u

static void put(struct vr_ccw *c, u64 addr, u8 cmd, u8 flags, u16 count, u32 cda)
{
	struct ccw1 ccw = { .cmd_code = cmd, .flags = flags, .count = count, .cda = cda };
	u8 b[8];

	vr_ccw_encode1(&ccw, b);
	vr_mem_write(vr_ccw_guest(c), addr, b, 8);
}

static struct vr_ccw *setup(enum vr_ccw_device_type dev)
{
	struct vr_ccw_config cfg = { VR_CCW_MAINLINE, dev };
	struct vr_ccw *c;

	if (vr_ccw_create(&cfg, &c))
		return NULL;
	vr_mem_add(vr_ccw_guest(c), PROG, 0x100000);
	vr_mem_add(vr_ccw_guest(c), DATA, 0x10000);
	return c;
}

/* 256 Writes of 64 bytes, all but the last command-chained. */
static void put_256(struct vr_ccw *c)
{
	unsigned i;

	for (i = 0; i < 256; i++)
		put(c, PROG + 8u * i, 0x01, i < 255 ? CCW_FLAG_CC : 0, 64, DATA + 64u * i);
}

/* @n chains 0x1000 apart; chain i: Seek, Search rec 1, TIC back, Read, TIC on. */
static unsigned put_loops(struct vr_ccw *c, unsigned n)
{
	unsigned i;

	vr_mem_write_be64(vr_ccw_guest(c), DATA + 0x8000, 0); /* seek: cyl 0 head 0 */
	vr_mem_write_be64(vr_ccw_guest(c), DATA + 0x8010, 0x0000000001000000ULL); /* record 1 */
	for (i = 0; i < n; i++) {
		u32 b = PROG + 0x1000u * i;

		put(c, b, 0x07, CCW_FLAG_CC, 6, DATA + 0x8000);
		put(c, b + 8, 0x31, CCW_FLAG_CC, 5, DATA + 0x8010);
		put(c, b + 16, CCW_CMD_TIC, 0, 0, b + 8);
		put(c, b + 24, 0x06, CCW_FLAG_SLI | (i + 1 < n ? CCW_FLAG_CC : 0), 32,
		    DATA + 32u * i);
		if (i + 1 < n)
			put(c, b + 32, CCW_CMD_TIC, 0, 0, b + 0x1000);
	}
	return 5 * n - 1;
}

static union orb orb_at(u32 cpa)
{
	union orb o;

	memset(&o, 0, sizeof(o));
	o.cmd.cpa = cpa;
	o.cmd.fmt = 1;
	o.cmd.pfch = 1;
	o.cmd.c64 = 1;
	o.cmd.lpm = 0xFF;
	return o;
}

static double translate_ns(struct vr_ccw *c, unsigned iters)
{
	struct channel_program cp;
	struct vr_context_frame f;
	union orb o = orb_at(PROG);
	double t0;
	unsigned i;

	if (vr_ccw_cp_setup(&cp))
		return 0;
	/* The cp_* calls pin through the instance's environment. */
	vr_ccw_enter(c, &f);
	t0 = vr_bench_now_ns();
	for (i = 0; i < iters; i++) {
		union orb copy = o;

		if (cp_init(&cp, vr_ccw_mdev(c), &copy) || cp_prefetch(&cp))
			fprintf(stderr, "translation failed\n");
		cp_free(&cp);
	}
	t0 = (vr_bench_now_ns() - t0) / iters;
	vr_ccw_leave(&f);
	vr_ccw_cp_release(&cp);
	return t0;
}

static double direct_ns(struct vr_ccw *c, unsigned iters)
{
	union orb o = orb_at(PROG);
	struct vr_ccw_io io;
	struct irb irb;
	double t0 = vr_bench_now_ns();
	unsigned i;

	for (i = 0; i < iters; i++) {
		vr_ccw_start(c, VR_CCW_DIRECT, &o, &io);
		vr_ccw_tsch(c, &irb);
	}
	return (vr_bench_now_ns() - t0) / iters;
}

int main(void)
{
	struct vr_ccw *c = setup(VR_CCW_DEV_ECHO), *d = setup(VR_CCW_DEV_DASD);
	char name[64];
	double ns, first = 0, worst = 0, best = 0;
	unsigned n, ccws;
	int missed = 0;

	if (!c || !d)
		return 1;
	put_256(c);
	ns = translate_ns(c, 2000);
	missed |= vr_bench_report("cp_init+prefetch+free, 256-CCW chain", ns, 2000);
	vr_bench_report("  per CCW", ns / 256, 0);
	ns = direct_ns(c, 2000);
	vr_bench_report("direct execution, 256-CCW chain", ns, 0);
	vr_bench_report("  per CCW", ns / 256, 0);

	ccws = put_loops(d, 16);
	ns = translate_ns(d, 2000);
	vr_bench_report("cp_init+prefetch+free, 16 chains with TIC loops", ns, 0);
	vr_bench_report("  per CCW", ns / ccws, 0);
	ns = direct_ns(d, 2000);
	vr_bench_report("direct execution, 16 chains with TIC loops", ns, 0);
	vr_bench_report("  per CCW executed", ns / (ccws + 16), 0);

	for (n = 1; n <= 64; n *= 2) {
		struct vr_ccw *e = setup(VR_CCW_DEV_DASD);

		if (!e)
			return 1;
		put_loops(e, n);
		ns = translate_ns(e, 20000 / n) / n;
		snprintf(name, sizeof(name), "translate, %u chains: per chain", n);
		vr_bench_report(name, ns, 0);
		if (!first)
			first = best = worst = ns;
		best = ns < best ? ns : best;
		worst = ns > worst ? ns : worst;
		vr_ccw_destroy(e);
	}
	printf("per-chain cost, 64 chains / 1 chain: %.2f (1.00 = linear)\n", worst / best);
	vr_ccw_destroy(c);
	vr_ccw_destroy(d);
	return missed;
}
