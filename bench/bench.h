/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Benchmark helpers.  Benchmarks are programs, never timed tests: each
 * prints its figures as ratios to a floor measured in the same run, the
 * trivial baseline step or the work an operation cannot avoid, and its
 * targets are ratios too, so that figures from different machines compare.
 *
 *	double t0 = vr_bench_now_ns();
 *	for (i = 0; i < n; i++) work();
 *	vr_bench_report("fill 510 elements", (vr_bench_now_ns() - t0) / n, 2.0);
 */
#ifndef VIRTREF_BENCH_H
#define VIRTREF_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

static inline double vr_bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Keeps the compiler from discarding a computed value. */
static inline void vr_bench_keep(uint64_t v)
{
	__asm__ volatile("" : : "r"(v) : "memory");
}

/*
 * ns per step of the baseline: one xorshift64 step plus a dependent load
 * from a 4 KiB table, about what a model does to look at one field.
 */
static inline double vr_bench_baseline_ns(void)
{
	static uint64_t table[512];
	uint64_t x = 88172645463325252ULL, acc = 0;
	const unsigned n = 20u * 1000u * 1000u;
	double t0, t;
	unsigned i;

	for (i = 0; i < 512; i++)
		table[i] = i * 0x9e3779b97f4a7c15ULL;
	t0 = vr_bench_now_ns();
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		acc += table[(x ^ acc) & 511];
	}
	t = vr_bench_now_ns() - t0;
	vr_bench_keep(acc);
	return t / n;
}

/* The baseline step of this run, measured once. */
static inline double vr_bench_baseline(void)
{
	static double baseline;

	if (baseline == 0)
		baseline = vr_bench_baseline_ns();
	return baseline;
}

/*
 * Prints "name: X ns/op, R x FLOOR (target <= T x: met|missed)", where
 * @floor_ns is what the same run measured for @floor, the work the
 * operation cannot avoid.  A target of 0 prints no verdict.  Returns 1
 * when a target was missed; benchmark programs still exit 0 then: a
 * verdict is information, and only an error running the benchmark is a
 * failure (exit 2).
 */
static inline int vr_bench_report_vs(const char *name, double ns, const char *floor,
				     double floor_ns, double target)
{
	double ratio = ns / floor_ns;

	printf("%-48s %10.2f ns/op  %8.2f x %s", name, ns, ratio, floor);
	if (target > 0)
		printf("  (target <= %g x: %s)", target, ratio <= target ? "met" : "missed");
	printf("\n");
	return target > 0 && ratio > target;
}

/* vr_bench_report_vs() against the baseline step. */
static inline int vr_bench_report(const char *name, double ns, double target)
{
	return vr_bench_report_vs(name, ns, "baseline", vr_bench_baseline(), target);
}

#endif
