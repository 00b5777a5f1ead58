/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/bitops.h, include/asm-generic/bitops/
 * (atomic.h, non-atomic.h, ffs.h, hweight.h) and include/linux/find.h:
 * bit operations on real arrays of unsigned long, bit nr in word
 * nr / BITS_PER_LONG at position nr % BITS_PER_LONG.  One thread runs a
 * model, so the atomic and the __ forms do the same.
 */
#ifndef VIRTREF_LINUX_BITOPS_H
#define VIRTREF_LINUX_BITOPS_H

#include <stdbool.h>
#include <virtref/linux/bits.h>

#ifndef BITS_PER_LONG
#define BITS_PER_LONG (8 * (int)sizeof(long))
#endif
#define BITS_PER_LONG_LONG 64
#define BITS_PER_BYTE 8
#define BITS_TO_LONGS(nr) (((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define BIT_WORD(nr) ((nr) / BITS_PER_LONG)
#define BIT_MASK(nr) (1UL << ((nr) % BITS_PER_LONG))

static inline void __set_bit(unsigned long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void __clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static inline void set_bit(long nr, volatile unsigned long *addr)
{
	__set_bit((unsigned long)nr, addr);
}

static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	__clear_bit((unsigned long)nr, addr);
}

static inline void change_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD((unsigned long)nr)] ^= BIT_MASK((unsigned long)nr);
}

static inline bool test_bit(long nr, const volatile unsigned long *addr)
{
	return (addr[BIT_WORD((unsigned long)nr)] >> ((unsigned long)nr % BITS_PER_LONG)) & 1;
}

static inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	set_bit(nr, addr);
	return old;
}

static inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	clear_bit(nr, addr);
	return old;
}

/* Index of the lowest set bit; undefined for 0, as the kernel's. */
static inline unsigned long __ffs(unsigned long word)
{
	return (unsigned long)__builtin_ctzl(word);
}

/* 1 + the lowest set bit, 0 for none (the libc ffs() convention). */
static inline int ffs(int x)
{
	return __builtin_ffs(x);
}

static inline unsigned int hweight_long(unsigned long w)
{
	return (unsigned int)__builtin_popcountl(w);
}

/* The first set bit at or after @offset, or @size when there is none. */
static inline unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
					  unsigned long offset)
{
	unsigned long word;

	if (offset >= size)
		return size;
	word = addr[BIT_WORD(offset)] & (~0UL << (offset % BITS_PER_LONG));
	for (;;) {
		if (word) {
			offset = BIT_WORD(offset) * BITS_PER_LONG + __ffs(word);
			return offset < size ? offset : size;
		}
		offset = (BIT_WORD(offset) + 1) * BITS_PER_LONG;
		if (offset >= size)
			return size;
		word = addr[BIT_WORD(offset)];
	}
}

static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_bit(addr, size, 0);
}

/* The first clear bit at or after @offset, or @size when there is none. */
static inline unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
					       unsigned long offset)
{
	for (; offset < size; offset++)
		if (!test_bit((long)offset, addr))
			return offset;
	return size;
}

static inline unsigned long find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_zero_bit(addr, size, 0);
}

#define for_each_set_bit(bit, addr, size)                                                          \
	for ((bit) = find_first_bit((addr), (size)); (bit) < (size);                               \
	     (bit) = find_next_bit((addr), (size), (bit) + 1))

#define for_each_clear_bit(bit, addr, size)                                                        \
	for ((bit) = find_first_zero_bit((addr), (size)); (bit) < (size);                          \
	     (bit) = find_next_zero_bit((addr), (size), (bit) + 1))

#endif
