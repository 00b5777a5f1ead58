/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * s390's MSB-first bit numbering on unsigned long arrays.
 *
 * mirrors: torvalds/linux arch/s390/include/asm/bitops.h at v5.3
 *   set_bit_inv(), clear_bit_inv(), test_bit_inv(), find_first_bit_inv(),
 *   find_next_bit_inv(), for_each_set_bit_inv()
 */
#ifndef VIRTREF_AP_BITOPS_H
#define VIRTREF_AP_BITOPS_H

#include <virtref/linux/bitops.h>

static inline void set_bit_inv(unsigned long nr, volatile unsigned long *ptr)
{
	set_bit(nr ^ (BITS_PER_LONG - 1), ptr);
}

static inline void clear_bit_inv(unsigned long nr, volatile unsigned long *ptr)
{
	clear_bit(nr ^ (BITS_PER_LONG - 1), ptr);
}

static inline bool test_bit_inv(unsigned long nr, const volatile unsigned long *ptr)
{
	return test_bit(nr ^ (BITS_PER_LONG - 1), ptr);
}

static inline unsigned long find_next_bit_inv(const unsigned long *addr, unsigned long size,
					      unsigned long offset)
{
	for (; offset < size; offset++)
		if (test_bit_inv(offset, addr))
			return offset;
	return size;
}

#define find_first_bit_inv(addr, size) find_next_bit_inv((addr), (size), 0)

#define for_each_set_bit_inv(bit, addr, size)                                                      \
	for ((bit) = find_first_bit_inv((addr), (size)); (bit) < (size);                           \
	     (bit) = find_next_bit_inv((addr), (size), (bit) + 1))

#endif
