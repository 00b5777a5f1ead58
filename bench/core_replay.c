/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Replay and fuzz throughput of a model (default: arm).
 *
 * A deterministic pseudo-random byte string is decoded into a 100k-step
 * trace (the fuzz decoder keeps every argument in range), recorded with
 * the model's own results as expectations, written as YAML and parsed
 * back.  Then: parse time per step, replay time per step (apply, compare
 * every result, invariants after every step), and fuzz executions per
 * second over 64-byte inputs.
 *
 *   bench_core_replay [MODEL]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <virtref/virtref.h>
#include "bench.h"

#define TRACE_STEPS 100000u
#define FUZZ_INPUT 64u
#define FUZZ_RUNS 200000u

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint8_t rng_byte(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint8_t)(rng_state >> 24);
}

/* Builds the YAML text of a recorded trace of about @steps op steps. */
static int make_trace(const struct vr_model *m, struct vr_text *yaml, size_t *nsteps)
{
	struct vr_trace *part = NULL, *t = NULL;
	struct vr_text err = VR_TEXT_INIT, one = VR_TEXT_INIT;
	size_t len = 64u * TRACE_STEPS, i;
	uint8_t *bytes = malloc(len);
	int ret;

	if (!bytes)
		return -1;
	for (i = 0; i < len; i++)
		bytes[i] = rng_byte();
	/* The decoder caps one input's ops; decode and record in chunks. */
	vr_text_clear(yaml);
	*nsteps = 0;
	for (i = 0; *nsteps < TRACE_STEPS && i + 4096 <= len; i += 4096) {
		const char *body;

		ret = vr_fuzz_decode(m, bytes + i, 4096, &part);
		if (ret)
			break;
		vr_text_clear(&one);
		ret = vr_record(part, &one);
		vr_trace_free(part);
		if (ret)
			continue;	/* a chunk the model rejects somewhere: skip it */
		body = strstr(vr_text_str(&one), "steps:\n");
		if (!yaml->len)
			vr_text_put(yaml, vr_text_str(&one), (size_t)(body - vr_text_str(&one)) + 7);
		body += 7;
		vr_text_put(yaml, body, strlen(body));
		*nsteps = 0;
		for (body = vr_text_str(yaml); (body = strstr(body, "\n  - ")); body++)
			(*nsteps)++;
	}
	free(bytes);
	vr_text_free(&one);
	ret = vr_trace_parse("bench.yaml", vr_text_str(yaml), yaml->len, &t, &err);
	if (ret)
		fprintf(stderr, "%s\n", vr_text_str(&err));
	vr_trace_free(t);
	vr_text_free(&err);
	return ret;
}

int main(int argc, char **argv)
{
	const struct vr_model *m = vr_model_find(argc > 1 ? argv[1] : "arm");
	struct vr_text yaml = VR_TEXT_INIT, err = VR_TEXT_INIT, out = VR_TEXT_INIT;
	struct vr_replay_stats st;
	struct vr_trace *t;
	uint8_t input[FUZZ_INPUT];
	double t0, ns;
	size_t nsteps;
	unsigned i, j;
	int missed = 0;

	if (!m)
		m = vr_model_at(0);
	if (!m) {
		fprintf(stderr, "no model in this build\n");
		return 2;
	}
	if (make_trace(m, &yaml, &nsteps)) {
		fprintf(stderr, "could not build the %s trace\n", m->name);
		return 2;
	}
	printf("model %s: %zu-step trace, %zu bytes of YAML\n", m->name, nsteps, yaml.len);

	t0 = vr_bench_now_ns();
	if (vr_trace_parse("bench.yaml", vr_text_str(&yaml), yaml.len, &t, &err))
		return 2;
	ns = vr_bench_now_ns() - t0;
	vr_bench_report("parse and check, per step", ns / (double)nsteps, 0);

	t0 = vr_bench_now_ns();
	if (vr_replay(t, VR_REPLAY_QUIET, &out, &st)) {
		fprintf(stderr, "%s", vr_text_str(&out));
		return 2;
	}
	ns = vr_bench_now_ns() - t0;
	/* Target: at least 1 M steps/s, i.e. at most 1000 ns per step. */
	missed |= vr_bench_report("replay (apply, compare, invariants), per step",
				  ns / (double)st.steps, 1000);
	printf("  = %.2f M steps/s\n", (double)st.steps / ns * 1e3);

	t0 = vr_bench_now_ns();
	for (i = 0; i < FUZZ_RUNS; i++) {
		for (j = 0; j < FUZZ_INPUT; j++)
			input[j] = rng_byte();
		vr_fuzz_run(m, input, sizeof(input), NULL);
	}
	ns = vr_bench_now_ns() - t0;
	/* Target: at least 200 k executions/s, i.e. at most 5000 ns each. */
	missed |= vr_bench_report("fuzz execution of a 64-byte input", ns / FUZZ_RUNS, 5000);
	printf("  = %.0f k executions/s\n", FUZZ_RUNS / ns * 1e6);

	vr_trace_free(t);
	vr_text_free(&yaml);
	vr_text_free(&err);
	vr_text_free(&out);
	return missed;
}
