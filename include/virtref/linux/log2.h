/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Stands in for include/linux/log2.h: ilog2() and rounding to powers of two. */
#ifndef VIRTREF_LINUX_LOG2_H
#define VIRTREF_LINUX_LOG2_H

#include <virtref/linux/types.h>

/**
 * ilog2() - the base-2 logarithm of @n, rounded down
 * @n: a value above 0
 *
 * Return: the index of the highest set bit.
 */
static inline int ilog2(u64 n)
{
	return n ? 63 - __builtin_clzll(n) : -1;
}

/**
 * __roundup_pow_of_two() - the smallest power of two not below @n
 * @n: a value above 0 and at most 2^63
 *
 * Return: that power of two.
 */
static inline unsigned long __roundup_pow_of_two(unsigned long n)
{
	return n <= 1 ? 1UL : 1UL << (64 - __builtin_clzll((unsigned long long)(n - 1)));
}

#endif
