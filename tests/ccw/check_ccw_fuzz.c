/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The generic fuzz harness over the ccw model, with the equivalence check
 * after every input.  Inputs are built from the op table itself: a seeded
 * xorshift64 picks ops and in-range values, biased towards small slots,
 * real command codes, TICs that land inside the program and the DASD
 * search loop of QEMU pc-bios/s390-ccw/dasd-ipl.c, and every input ends by starting the
 * program on both paths.  Mainline must survive every input on a device
 * without status modifier; for each historical profile the same search
 * must find its defect, and on the DASD it finds a mainline gap.
 */
#include <string.h>
#include <virtref/ccw.h>
#include <virtref/ccw/vfio_ccw_cp.h>
#include "vr_test.h"

#define FUZZ_INPUTS 300
/* Mainline must survive more of them. */
#define FUZZ_INPUTS_MAINLINE 1500
#define FUZZ_BYTES 2048

struct gen {
	u64 x;
	u64 path; /* start path: both, or compare to find the first difference */
	u8 buf[FUZZ_BYTES];
	size_t n;
};

static u64 next(struct gen *g)
{
	g->x ^= g->x << 13;
	g->x ^= g->x >> 7;
	g->x ^= g->x << 17;
	return g->x;
}

static unsigned width(u64 span)
{
	return span <= 0xff ? 1 : span <= 0xffff ? 2 : span <= 0xffffffffULL ? 4 : 8;
}

static void emit(struct gen *g, u64 raw, unsigned w)
{
	unsigned i;

	for (i = 0; i < w && g->n < FUZZ_BYTES; i++)
		g->buf[g->n++] = (u8)(raw >> (8 * i));
}

/* The bytes the generic decoder folds back into @v for field @f. */
static void emit_value(struct gen *g, const struct vr_field *f, u64 v)
{
	switch (f->type) {
	case VR_T_BOOL:
		emit(g, v & 1, 1);
		break;
	case VR_T_ENUM:
		emit(g, v, width(f->max));
		break;
	default:
		emit(g, v - f->min, width(f->max - f->min));
		break;
	}
}

static int op_index(const char *name)
{
	return vr_op_find(&vr_model_ccw, name);
}

/* One op with chosen values by argument name; unnamed ones get @dflt. */
static void emit_op(struct gen *g, const char *name, const char *const *names, const u64 *values,
		    unsigned nvalues)
{
	const struct vr_op *op = &vr_model_ccw.ops[op_index(name)];
	unsigned i, k;

	emit(g, (u64)op_index(name), width(vr_model_ccw.nops - 1));
	for (i = 0; i < op->nargs; i++) {
		const struct vr_field *f = &op->args[i];
		u64 v = f->optional ? f->def : f->min;

		for (k = 0; k < nvalues; k++)
			if (!strcmp(names[k], f->name))
				v = values[k];
		emit_value(g, f, v);
	}
}

static const u8 cmds[] = { 0x01, 0x02, 0x03, 0x04, 0x06, 0x07, 0x31, 0xe4, 0x0c, 0x05 };

static void random_op(struct gen *g)
{
	u64 r = next(g), slot = r % 12, kind = (r >> 8) % 16;

	if (kind < 7) {
		static const char *const n[] = { "slot", "cmd", "flags", "count", "data", "off" };
		u64 flags = (r >> 16) & 0xff;
		u64 v[] = { slot, cmds[(r >> 24) % sizeof(cmds)],
			    /* mostly chaining and SLI; now and then anything */
			    (r >> 32) % 4 ? (flags & 0x74) : flags,
			    (r >> 40) % 3 ? (r >> 44) % 48 : (r >> 44) % 5000, (r >> 56) % 4,
			    (r >> 58) % 2 ? 0 : (r >> 48) % 4096 };

		emit_op(g, "ccw_put", n, v, 6);
	} else if (kind < 10) {
		static const char *const n[] = { "slot", "target", "misalign" };
		u64 v[] = { slot, (r >> 16) % 12, (r >> 24) % 8 ? 0 : (r >> 28) % 8 };

		emit_op(g, "tic_put", n, v, 3);
	} else if (kind < 11) {
		static const char *const n[] = { "slot", "word" };
		u64 v[] = { slot, next(g) };

		emit_op(g, "ccw_raw", n, v, 2);
	} else if (kind < 12) {
		static const char *const n[] = { "list", "index", "data", "off" };
		u64 v[] = { (r >> 16) % 4, (r >> 20) % 3, (r >> 24) % 4, (r >> 28) % 4096 };

		emit_op(g, "idaw_put", n, v, 4);
	} else if (kind < 14) {
		/* The search loop: Seek, Search ID Equal, TIC back, Read. */
		static const char *const nd[] = { "data", "off", "len", "value" };
		static const char *const nc[] = { "slot", "cmd", "flags", "count", "data" };
		static const char *const nt[] = { "slot", "target" };
		u64 rec = 1 + (r >> 16) % 3;

		slot = (r >> 24) % 2 ? 0 : slot;
		u64 seek[] = { 0, 0, 6, 0 }, search[] = { 1, 0, 5, rec };
		u64 c0[] = { slot, 0x07, 0x40, 6, 0 }, c1[] = { slot + 1, 0x31, 0x40, 5, 1 };
		u64 t2[] = { slot + 2, slot + 1 },
		    c3[] = { slot + 3, 0x06, (r >> 20) % 2 ? 0x20 : 0x60, 32, 2 };

		emit_op(g, "data_put", nd, seek, 4);
		emit_op(g, "data_put", nd, search, 4);
		emit_op(g, "ccw_put", nc, c0, 5);
		emit_op(g, "ccw_put", nc, c1, 5);
		emit_op(g, "tic_put", nt, t2, 2);
		emit_op(g, "ccw_put", nc, c3, 5);
	} else {
		static const char *const n[] = { "path", "slot", "format", "c64", "i2k" };
		u64 v[] = { g->path, (r >> 16) % 4, (r >> 20) % 8 ? 0 : 1, (r >> 24) % 4 ? 1 : 0,
			    (r >> 28) % 4 ? 0 : 1 };

		emit_op(g, "start", n, v, 5);
		emit_op(g, "tsch", NULL, NULL, 0);
	}
}

/* @device: a enum vr_ccw_device_type, or -1 for either. */
static void make_input(struct gen *g, enum vr_ccw_profile p, int device, u64 seed)
{
	static const char *const n[] = { "path", "slot" };
	u64 start[] = { 0, 0 };
	int i, ops;

	/*
	 * Mainline runs vfio-ccw for real after every check; a historical
	 * profile only compares, so the check at the end names its defect
	 * rather than the first invariant the real run trips.
	 */
	g->path = p == VR_CCW_MAINLINE ? VR_CCW_BOTH : VR_CCW_COMPARE;
	start[0] = g->path;

	g->x = seed * 0x9e3779b97f4a7c15ULL + 1;
	g->n = 0;
	emit(g, p, 1);
	emit(g, device < 0 ? next(g) % 2 : (u64)device, 1);
	emit(g, VR_CCW_SCSW_ARCH, 1);
	emit(g, VR_CCW_NOP_ARCH, 1);
	ops = 4 + (int)(next(g) % 24);
	for (i = 0; i < ops; i++)
		random_op(g);
	emit_op(g, "start", n, start, 2);
	emit_op(g, "tsch", NULL, NULL, 0);
}

/* First failing input of a search and its reason, or -1. */
static int search(enum vr_ccw_profile p, int device, const char *want, struct vr_text *why)
{
	struct gen g;
	int i;
	int inputs = p == VR_CCW_MAINLINE ? FUZZ_INPUTS_MAINLINE : FUZZ_INPUTS;

	for (i = 0; i < inputs; i++) {
		int ret;

		make_input(&g, p, device, (u64)i);
		vr_text_clear(why);
		ret = vr_fuzz_run(&vr_model_ccw, g.buf, g.n, why);
		ck_assert_msg(ret == 0 || ret == -VR_EINVARIANT, "input %d: %d", i, ret);
		if (ret && (!want || strstr(vr_text_str(why), want)))
			return i;
	}
	return -1;
}

START_TEST(test_fuzz_mainline_survives)
{
	struct vr_text why = VR_TEXT_INIT;
	int bad = search(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO, NULL, &why);

	ck_assert_msg(bad < 0, "input %d: %s", bad, vr_text_str(&why));
	vr_text_free(&why);
}
END_TEST

START_TEST(test_fuzz_finds_history)
{
	static const struct {
		enum vr_ccw_profile p;
		const char *want;
	} cases[] = {
		/* before May 2019: the normal-end CPA stays a host address */
		{ VR_CCW_5_1, "guest SCSW" },
		/* state B: a CCW behind a backward TIC is in no chain */
		{ VR_CCW_5_1_RC, "commands directly" },
		/* state A: garbage behind a TIC is copied and pinned */
		{ VR_CCW_5_0, "refused a valid program" },
	};
	struct vr_text why = VR_TEXT_INIT;
	unsigned i;

	for (i = 0; i < VR_ARRAY_SIZE(cases); i++)
		ck_assert_msg(search(cases[i].p, -1, cases[i].want, &why) >= 0,
			      "profile %u: \"%s\" not found", (unsigned)cases[i].p, cases[i].want);
	vr_text_free(&why);
}
END_TEST

/*
 * A mainline gap the DASD exposes: a search with command chaining whose
 * next CCW ends the chain (a forward TIC, or a CCW without CC) makes the
 * channel skip to a CCW past the host copy on status modifier; the
 * program check's CPA then lies one CCW beyond even the May 2019 range,
 * and cp_update_scsw() hands the host address to the guest.
 */
START_TEST(test_fuzz_mainline_dasd_finding)
{
	struct vr_text why = VR_TEXT_INIT;

	ck_assert_int_ge(search(VR_CCW_MAINLINE, VR_CCW_DEV_DASD, "host address", &why), 0);
	vr_text_free(&why);
}
END_TEST

static const struct vr_test fuzz_tests[] = {
	VR_TEST(test_fuzz_mainline_survives),
	VR_TEST(test_fuzz_mainline_dasd_finding),
	VR_TEST(test_fuzz_finds_history),
};
static const struct vr_tcase ccw_fuzz_tcases[] = {
	VR_TCASE("fuzz", fuzz_tests),
};
const struct vr_suite vr_suite_ccw_fuzz = VR_SUITE("ccw_fuzz", ccw_fuzz_tcases);
