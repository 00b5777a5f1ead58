/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Replay and fuzz throughput on the arm model.
 *
 * A 100k-step trace of the register traffic a VMM makes around migration
 * (reg-list, get and set of each firmware register, with values that
 * succeed and values that are refused) is recorded with the model's own
 * results as expectations, written as YAML and parsed back.  Reported:
 * parse time per step, replay time per step (apply, compare every
 * expected result, invariants after every step), and fuzz executions of
 * 64-byte inputs per second.  Targets, as ratios to the baseline step:
 * 350 x per replayed step and 1800 x per fuzz execution (1 M steps/s and
 * 200 k executions/s where the baseline step takes 2.8 ns).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <virtref/arm.h>
#include <virtref/arm/kvm.h>
#include <virtref/virtref.h>
#include "bench_replay.h"

#define TRACE_STEPS 100000u
#define FUZZ_INPUT 64u
#define FUZZ_RUNS 300000u

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void add(struct vr_trace *t, const char *op, const char *a1, uint64_t v1, const char *a2,
		uint64_t v2, const char *a3, uint64_t v3)
{
	const struct vr_model *m = vr_trace_model(t);
	int i = vr_op_find(m, op);
	struct vr_value args[8];
	const char *names[3] = { a1, a2, a3 };
	uint64_t vals[3] = { v1, v2, v3 };
	unsigned k;

	memset(args, 0, sizeof(args));
	for (k = 0; k < m->ops[i].nargs; k++)
		args[k].u = m->ops[i].args[k].def;
	for (k = 0; k < 3 && names[k]; k++)
		args[vr_field_find(m->ops[i].args, m->ops[i].nargs, names[k])].u = vals[k];
	if (vr_trace_add_op(t, (uint32_t)i, args))
		abort();
}

static struct vr_trace *make_trace(void)
{
	static const uint64_t ids[] = {
		KVM_REG_ARM_PSCI_VERSION,
		KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
		KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
		KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3,
	};
	static const uint64_t values[] = { 0, 1, 2, 3, 0x12, 0x10000, 0x2 };
	const struct vr_model *m = vr_model_find("arm");
	struct vr_trace *t;
	unsigned i;

	if (vr_trace_new(m, "bench", NULL, &t))
		abort();
	add(t, "vcpu_init", "vcpu", 0, NULL, 0, NULL, 0);
	add(t, "vcpu_init", "vcpu", 1, NULL, 0, NULL, 0);
	for (i = 2; i < TRACE_STEPS; i++) {
		uint64_t r = rng(), vcpu = r & 1, id = ids[(r >> 1) % 4];

		switch ((r >> 8) % 3) {
		case 0:
			add(t, "get_reg_list", "vcpu", vcpu, NULL, 0, NULL, 0);
			break;
		case 1:
			add(t, "get_reg", "vcpu", vcpu, "id", id, NULL, 0);
			break;
		default:
			add(t, "set_reg", "vcpu", vcpu, "id", id, "value", values[(r >> 16) % 7]);
			break;
		}
	}
	return t;
}

int main(void)
{
	const struct vr_model *m = vr_model_find("arm");
	uint8_t input[FUZZ_INPUT];
	double t0, ns;
	unsigned i, j;

	if (vr_bench_replay("arm", make_trace(), TRACE_STEPS))
		return 2;

	t0 = vr_bench_now_ns();
	for (i = 0; i < FUZZ_RUNS; i++) {
		for (j = 0; j < FUZZ_INPUT; j += 8) {
			uint64_t r = rng();

			memcpy(input + j, &r, 8);
		}
		vr_fuzz_run(m, input, sizeof(input), NULL);
	}
	ns = vr_bench_now_ns() - t0;
	vr_bench_report("fuzz: one 64-byte input, create to destroy", ns / FUZZ_RUNS, 1800);
	printf("  = %.0f k executions/s\n", FUZZ_RUNS / ns * 1e6);
	return 0;
}
