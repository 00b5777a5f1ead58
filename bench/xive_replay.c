/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Replay throughput on the xive model: a 100k-step trace of guest traffic
 * (triggers, the guest's interrupt entry and EOI, CPPR stores, ESB GETs)
 * over 16 sources and two queues, recorded with the model's own results
 * as expectations, written as YAML and parsed back.  Reported: parse and
 * replay (apply, compare, invariants after every step) per step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <virtref/virtref.h>
#include <virtref/xive.h>
#include "bench_replay.h"

#define TRACE_STEPS 100000u

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Appends op @name with its defaults and up to three named arguments. */
static void add(struct vr_trace *t, const char *name, const char *const *an, const uint64_t *av,
		unsigned int n)
{
	const struct vr_model *m = vr_trace_model(t);
	int i = vr_op_find(m, name);
	struct vr_value args[8];
	unsigned int k;

	memset(args, 0, sizeof(args));
	for (k = 0; k < m->ops[i].nargs; k++)
		args[k].u = m->ops[i].args[k].def;
	for (k = 0; k < n; k++)
		args[vr_field_find(m->ops[i].args, m->ops[i].nargs, an[k])].u = av[k];
	if (vr_trace_add_op(t, (uint32_t)i, args))
		abort();
}

#define ADD(t, op, ...)                                                                            \
	do {                                                                                       \
		static const char *const an_[] = { __VA_ARGS__ };                                  \
		add((t), (op), an_, av, VR_ARRAY_SIZE(an_));                                       \
	} while (0)

static struct vr_trace *make_trace(void)
{
	const struct vr_model *m = vr_model_find("xive");
	struct vr_trace *t;
	uint64_t av[5];
	unsigned int i;

	if (vr_trace_new(m, "bench", NULL, &t))
		abort();
	av[0] = 0x100000, av[1] = 0x20000;
	ADD(t, "guest_ram", "addr", "len");
	for (i = 0; i < 2; i++) {
		av[0] = 0, av[1] = 6 - 4 * i, av[2] = 0x100000 + 0x10000 * i, av[3] = 16;
		ADD(t, "end_config", "vcpu", "prio", "qaddr", "qshift");
	}
	for (i = 0; i < 16; i++) {
		av[0] = i, av[1] = 0, av[2] = i & 1 ? 2 : 6, av[3] = i + 1;
		ADD(t, "set_eas", "src", "vcpu", "prio", "eisn");
		av[0] = i, av[1] = 1, av[2] = 0xc00;
		ADD(t, "esb_load", "src", "page", "offset");
	}
	av[0] = 0;
	ADD(t, "vp_push", "vcpu");
	ADD(t, "guest_setup", "vcpu");
	for (i = vr_trace_nsteps(t); i < TRACE_STEPS; i++) {
		uint64_t r = rng(), src = r & 15;

		switch ((r >> 8) % 5) {
		case 0:
		case 1:
			av[0] = src, av[1] = 0, av[2] = 0;
			ADD(t, "esb_store", "src", "page", "offset");
			break;
		case 2:
			av[0] = 0;
			ADD(t, "guest_get_irq", "vcpu");
			break;
		case 3:
			av[0] = 0, av[1] = src;
			ADD(t, "guest_eoi", "vcpu", "src");
			break;
		default:
			av[0] = src, av[1] = 1, av[2] = 0x800;
			ADD(t, "esb_load", "src", "page", "offset");
			break;
		}
	}
	return t;
}

int main(void)
{
	return vr_bench_replay("xive", make_trace(), TRACE_STEPS);
}
