/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfio-ccw translation and channel execution speed:
 *   - cp_init + cp_prefetch + cp_free of one 256-CCW chain, against its
 *     floor: the pins and unpins the translation asks for and as many
 *     allocations as it makes, replayed through the same environment and
 *     allocator without translating anything (target 1.5 x), and per CCW
 *     against the baseline step (target 8 x)
 *   - the same for a program of 16 chains, each a DASD search loop
 *     (Seek, Search ID Equal, TIC back, Read, TIC to the next chain)
 *   - direct execution of both programs on the channel, per CCW: the
 *     time to move its bytes through guest memory plus at most 4 x the
 *     baseline step
 *   - ns per chain for 1..64 chains (linear scaling)
 */
#include <stdio.h>
#include <string.h>
#include <virtref/ccw.h>
#include <virtref/alloc.h>
#include <virtref/ccw/vfio_ccw_cp.h>
#include <virtref/context.h>
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
	struct vr_ccw_config cfg = { .profile = VR_CCW_MAINLINE, .device = dev };
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

/* ---- the translation's floor: its pins and allocations alone ---- */

#define MAX_EVENTS 4096

struct pin_event {
	bool pin;
	u64 iova;
	int npage;
	int prot;
};

/* What one translation asked of the environment, in order. */
struct recording {
	const struct vr_env_ops *env;
	void *env_data;
	struct pin_event ev[MAX_EVENTS];
	unsigned n;
	bool overflow;
};

static void record(struct recording *r, bool pin, u64 iova, int npage, int prot)
{
	if (r->n == MAX_EVENTS) {
		r->overflow = true;
		return;
	}
	r->ev[r->n++] = (struct pin_event){ pin, iova, npage, prot };
}

static int rec_pin(void *data, uint64_t iova, int npage, int prot, uint64_t *pfn)
{
	struct recording *r = data;

	record(r, true, iova, npage, prot);
	return r->env->pin(r->env_data, iova, npage, prot, pfn);
}

static void rec_unpin(void *data, uint64_t iova, int npage)
{
	struct recording *r = data;

	record(r, false, iova, npage, 0);
	r->env->unpin(r->env_data, iova, npage);
}

static void *rec_phys_to_virt(void *data, uint64_t phys)
{
	struct recording *r = data;

	return r->env->phys_to_virt(r->env_data, phys);
}

static int rec_dma_rw(void *data, uint64_t iova, void *buf, size_t len, bool write)
{
	struct recording *r = data;

	return r->env->dma_rw(r->env_data, iova, buf, len, write);
}

static uint64_t rec_virt_to_phys(void *data, const volatile void *addr)
{
	struct recording *r = data;

	return r->env->virt_to_phys(r->env_data, addr);
}

static void *rec_dma_alloc(void *data, size_t n, size_t size)
{
	struct recording *r = data;

	return r->env->dma_alloc(r->env_data, n, size);
}

static struct vr_kmem *rec_kmem(void *data)
{
	struct recording *r = data;

	return r->env->kmem(r->env_data);
}

static const struct vr_env_ops recording_ops = {
	.virt_to_phys = rec_virt_to_phys,
	.phys_to_virt = rec_phys_to_virt,
	.pin = rec_pin,
	.unpin = rec_unpin,
	.dma_rw = rec_dma_rw,
	.dma_alloc = rec_dma_alloc,
	.kmem = rec_kmem,
};

static struct recording rec;
static void *floor_blocks[MAX_EVENTS];

/*
 * The pins and unpins of @r in their order and @allocs allocations of 64
 * bytes held across them, as cp_init() holds its chains until cp_free().
 */
static double floor_ns(const struct recording *r, u64 allocs, unsigned iters)
{
	uint64_t pfn[64];
	double t0 = vr_bench_now_ns();
	unsigned i, e;
	u64 a;

	for (i = 0; i < iters; i++) {
		for (a = 0; a < allocs; a++)
			floor_blocks[a] = vr_malloc(64);
		for (e = 0; e < r->n; e++) {
			const struct pin_event *ev = &r->ev[e];

			if (ev->pin)
				r->env->pin(r->env_data, ev->iova, ev->npage, ev->prot, pfn);
			else
				r->env->unpin(r->env_data, ev->iova, ev->npage);
		}
		for (a = 0; a < allocs; a++)
			vr_free(floor_blocks[a]);
	}
	return (vr_bench_now_ns() - t0) / iters;
}

/*
 * ns per cp_init + cp_prefetch + cp_free of the program at PROG, and in
 * @floor the same for its floor; -1 when the floor cannot be recorded.
 */
static double translate_ns(struct vr_ccw *c, unsigned iters, double *floor)
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
	if (floor) {
		struct vr_context *ctx = vr_context_current();
		union orb copy = o;
		u64 allocs = vr_alloc_attempts();

		rec.env = ctx->env;
		rec.env_data = ctx->env_data;
		rec.n = 0;
		ctx->env = &recording_ops;
		ctx->env_data = &rec;
		if (cp_init(&cp, vr_ccw_mdev(c), &copy) || cp_prefetch(&cp))
			fprintf(stderr, "translation failed\n");
		cp_free(&cp);
		allocs = vr_alloc_attempts() - allocs;
		ctx->env = rec.env;
		ctx->env_data = rec.env_data;
		if (rec.overflow || allocs > MAX_EVENTS) {
			fprintf(stderr, "the floor's recording overflowed\n");
			vr_ccw_leave(&f);
			vr_ccw_cp_release(&cp);
			return -1;
		}
		*floor = floor_ns(&rec, allocs, iters);
	}
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

/* ns to read @n blocks of @len bytes from DATA: the bytes a chain moves. */
static double bytes_ns(struct vr_ccw *c, unsigned n, unsigned len, unsigned iters)
{
	static u8 buf[4096];
	double t0 = vr_bench_now_ns();
	unsigned i, j;

	for (i = 0; i < iters; i++)
		for (j = 0; j < n; j++)
			vr_mem_read(vr_ccw_guest(c), DATA + (u64)len * j, buf, len);
	vr_bench_keep(buf[0]);
	return (vr_bench_now_ns() - t0) / iters;
}

/* Direct execution per CCW, less the bytes it moved, against the baseline. */
static void report_direct(const char *name, double ns, double moving, unsigned ccws)
{
	double rest = (ns - moving) / ccws / vr_bench_baseline();

	vr_bench_report(name, ns, 0);
	printf("  per CCW: %.2f ns moving bytes + %.2f x baseline (target <= 4 x: %s)\n",
	       moving / ccws, rest, rest <= 4 ? "met" : "missed");
}

int main(void)
{
	struct vr_ccw *c = setup(VR_CCW_DEV_ECHO), *d = setup(VR_CCW_DEV_DASD);
	char name[64];
	double ns, floor, first = 0, worst = 0, best = 0;
	unsigned n, ccws;

	if (!c || !d)
		return 2;
	put_256(c);
	ns = translate_ns(c, 2000, &floor);
	if (ns < 0)
		return 2;
	vr_bench_report_vs("cp_init+prefetch+free, 256-CCW chain", ns, "its floor", floor, 1.5);
	vr_bench_report("  the floor: pins and allocations alone", floor, 0);
	vr_bench_report("  per CCW", ns / 256, 8);
	ns = direct_ns(c, 2000);
	report_direct("direct execution, 256-CCW chain", ns, bytes_ns(c, 256, 64, 2000), 256);

	ccws = put_loops(d, 16);
	ns = translate_ns(d, 2000, &floor);
	if (ns < 0)
		return 2;
	vr_bench_report_vs("cp_init+prefetch+free, 16 chains with TIC loops", ns, "its floor",
			   floor, 1.5);
	vr_bench_report("  per CCW", ns / ccws, 8);
	ns = direct_ns(d, 2000);
	/* Each chain moves the seek argument, the search key and 32 bytes. */
	report_direct("direct execution, 16 chains with TIC loops", ns,
		      bytes_ns(d, 16, 6, 2000) + bytes_ns(d, 16, 5, 2000) +
			      bytes_ns(d, 16, 32, 2000),
		      ccws + 16);

	for (n = 1; n <= 64; n *= 2) {
		struct vr_ccw *e = setup(VR_CCW_DEV_DASD);

		if (!e)
			return 2;
		put_loops(e, n);
		ns = translate_ns(e, 20000 / n, NULL) / n;
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
	return 0;
}
