/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What the fuzz harnesses can reach, measured in-process: for every
 * registered model, the inputs of its seed corpus and random inputs of
 * the sizes libFuzzer tries (64 bytes to its 4 KiB default -max_len,
 * RANDOM_INPUTS of them),
 * each decoded, applied to a fresh instance and checked after every op
 * by vr_fuzz_run(), as fuzz/model_fuzzer.c does.  Printed per model:
 * executions/s, ops/s (target >= 1 M without sanitizers), and the share
 * of the time the invariants and named checks take, from a second run of
 * the same inputs with them left out.
 *
 *	bench_core_fuzz_rate [MODEL...]		(default: every model)
 *
 * The corpora are read from the source tree's fuzz/corpus.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <virtref/virtref.h>
#include "bench.h"
#include "../fuzz/heap.h"

#ifndef VR_BENCH_CORPUS_DIR
#define VR_BENCH_CORPUS_DIR "fuzz/corpus"
#endif

#define RANDOM_INPUTS 400
#define MAX_INPUT 4096
#define TARGET_OPS_PER_S 1e6
#define MIN_NS 2e8 /* per measurement, for a steady figure */

struct input {
	uint8_t *data;
	size_t len;
};

struct inputs {
	struct input *v;
	size_t n, cap;
};

static int add(struct inputs *in, const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	if (!copy)
		return -1;
	if (in->n == in->cap) {
		size_t cap = in->cap ? 2 * in->cap : 64;
		struct input *v = realloc(in->v, cap * sizeof(*v));

		if (!v) {
			free(copy);
			return -1;
		}
		in->v = v;
		in->cap = cap;
	}
	memcpy(copy, data, len);
	in->v[in->n].data = copy;
	in->v[in->n++].len = len;
	return 0;
}

static void clear(struct inputs *in)
{
	while (in->n)
		free(in->v[--in->n].data);
}

/* Every regular file of @dir; -1 when @dir cannot be read. */
static int load_corpus(struct inputs *in, const char *dir)
{
	static uint8_t buf[1 << 16];
	char path[4096 + 256];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		FILE *f;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path))
			continue;
		f = fopen(path, "rb");
		if (!f)
			continue;
		len = fread(buf, 1, sizeof(buf), f);
		/* A cut input would be measured as another program. */
		if (len == sizeof(buf) && fgetc(f) != EOF) {
			fprintf(stderr, "%s: larger than %zu bytes\n", path, sizeof(buf));
			len = SIZE_MAX;
		}
		fclose(f);
		if (len == SIZE_MAX || add(in, buf, len)) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return 0;
}

static uint64_t rng(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Sizes 64, 256, 1024 and 4096 bytes in turn, the same bytes for every model. */
static int load_random(struct inputs *in)
{
	static uint8_t buf[MAX_INPUT];
	uint64_t x = 0x9e3779b97f4a7c15ull;
	size_t i, j;

	for (i = 0; i < RANDOM_INPUTS; i++) {
		size_t len = (size_t)64 << (2 * (i % 4));

		for (j = 0; j < len; j += 8) {
			uint64_t r = rng(&x);

			memcpy(buf + j, &r, 8);
		}
		if (add(in, buf, len))
			return -1;
	}
	return 0;
}

/* The ops vr_fuzz_run() applies to @in: its decoded steps less the checks. */
static double count_ops(const struct vr_model *m, const struct inputs *in)
{
	double ops = 0;
	size_t i;

	for (i = 0; i < in->n; i++) {
		struct vr_trace *t;

		if (vr_fuzz_decode(m, in->v[i].data, in->v[i].len, &t))
			return -1;
		ops += (double)(vr_trace_nsteps(t) - m->nchecks);
		vr_trace_free(t);
	}
	return ops;
}

/*
 * ns per pass over every input of @in, passes repeated for at least
 * MIN_NS; inputs that were findings count in @findings (one pass).
 */
static double run_all(const struct vr_model *m, const struct inputs *in, unsigned *findings)
{
	double t0 = vr_bench_now_ns(), t;
	unsigned passes = 0;
	size_t i;

	do {
		*findings = 0;
		for (i = 0; i < in->n; i++)
			if (vr_fuzz_run(m, in->v[i].data, in->v[i].len, NULL))
				++*findings;
		passes++;
		t = vr_bench_now_ns() - t0;
	} while (t < MIN_NS);
	return t / passes;
}

static int report(const struct vr_model *m, const char *what, const struct inputs *in)
{
	struct vr_model unchecked = *m;
	unsigned findings, ignored;
	double ops = count_ops(m, in), ns, bare;

	if (ops < 0 || !in->n) {
		fprintf(stderr, "%s: %s: cannot decode the inputs\n", m->name, what);
		return 2;
	}
	/* The same runs with no invariants and no named checks. */
	unchecked.invariants = NULL;
	unchecked.checks = NULL;
	unchecked.nchecks = 0;
	ns = run_all(m, in, &findings);
	bare = run_all(&unchecked, in, &ignored);
	printf("%-6s %-12s %6zu %8.0f %8u %10.1f %9.2f %6s %7.0f %%\n", m->name, what, in->n, ops,
	       findings, in->n / ns * 1e6, ops / ns * 1e3,
	       ops / ns * 1e9 >= TARGET_OPS_PER_S ? "met" : "missed",
	       ns > bare ? 100.0 * (ns - bare) / ns : 0.0);
	return 0;
}

static bool chosen(const char *name, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return argc < 2;
}

int main(int argc, char **argv)
{
	const char *dir = VR_BENCH_CORPUS_DIR;
	struct inputs in = { 0 };
	char path[4096];
	size_t i;
	int rc = 0;

	vr_fuzz_keep_heap(); /* as the fuzzer harness does */
	printf("baseline step %.2f ns; target >= %.0f M ops/s, every check on after every op\n",
	       vr_bench_baseline(), TARGET_OPS_PER_S / 1e6);
	printf("%-6s %-12s %6s %8s %8s %10s %9s %6s %9s\n", "model", "inputs", "inputs", "ops",
	       "findings", "k execs/s", "M ops/s", "target", "checks");

	for (i = 0; i < vr_model_count() && !rc; i++) {
		const struct vr_model *m = vr_model_at(i);

		if (!m->nops || !chosen(m->name, argc, argv))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, m->name);
		if (load_corpus(&in, path)) {
			fprintf(stderr, "%s: cannot read the corpus\n", path);
			rc = 2;
			break;
		}
		rc = report(m, "seed corpus", &in);
		clear(&in);
		if (!rc && load_random(&in))
			rc = 2;
		if (!rc)
			rc = report(m, "random", &in);
		clear(&in);
	}
	free(in.v);
	return rc;
}
