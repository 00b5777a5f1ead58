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

/**
 * __set_bit() - sets bit @nr of the bitmap at @addr
 * @nr: bit number
 * @addr: the bitmap
 */
static inline void __set_bit(unsigned long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

/**
 * __clear_bit() - clears bit @nr of the bitmap at @addr
 * @nr: bit number
 * @addr: the bitmap
 */
static inline void __clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

/**
 * set_bit() - sets bit @nr (the atomic form; one thread runs a model)
 * @nr: bit number, >= 0
 * @addr: the bitmap
 */
static inline void set_bit(long nr, volatile unsigned long *addr)
{
	__set_bit((unsigned long)nr, addr);
}

/**
 * clear_bit() - clears bit @nr (the atomic form)
 * @nr: bit number, >= 0
 * @addr: the bitmap
 */
static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	__clear_bit((unsigned long)nr, addr);
}

/**
 * change_bit() - flips bit @nr
 * @nr: bit number, >= 0
 * @addr: the bitmap
 */
static inline void change_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD((unsigned long)nr)] ^= BIT_MASK((unsigned long)nr);
}

/**
 * test_bit() - reads bit @nr
 * @nr: bit number, >= 0
 * @addr: the bitmap
 *
 * Return: true when the bit is set.
 */
static inline bool test_bit(long nr, const volatile unsigned long *addr)
{
	return (addr[BIT_WORD((unsigned long)nr)] >> ((unsigned long)nr % BITS_PER_LONG)) & 1;
}

/**
 * test_and_set_bit() - sets bit @nr and tells what it was
 * @nr: bit number, >= 0
 * @addr: the bitmap
 *
 * Return: the bit's value before.
 */
static inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	set_bit(nr, addr);
	return old;
}

/**
 * test_and_clear_bit() - clears bit @nr and tells what it was
 * @nr: bit number, >= 0
 * @addr: the bitmap
 *
 * Return: the bit's value before.
 */
static inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	clear_bit(nr, addr);
	return old;
}

/**
 * __ffs() - the lowest set bit of a word
 * @word: the word; undefined for 0, as the kernel's
 *
 * Return: its index, 0 to BITS_PER_LONG - 1.
 */
static inline unsigned long __ffs(unsigned long word)
{
	return (unsigned long)__builtin_ctzl(word);
}

/**
 * ffs() - the lowest set bit, the C library's way
 * @x: the value
 *
 * Return: 1 + the index of the lowest set bit, or 0 when @x is 0.
 */
static inline int ffs(int x)
{
	return __builtin_ffs(x);
}

/**
 * hweight_long() - the number of set bits of a word
 * @w: the word
 *
 * Return: 0 to BITS_PER_LONG.
 */
static inline unsigned int hweight_long(unsigned long w)
{
	return (unsigned int)__builtin_popcountl(w);
}

/**
 * find_next_bit() - the first set bit at or after @offset
 * @addr: the bitmap
 * @size: its length in bits
 * @offset: where to start
 *
 * Return: the bit number, or @size when no bit below @size is set.
 */
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

/**
 * find_first_bit() - the first set bit
 * @addr: the bitmap
 * @size: its length in bits
 *
 * Return: the bit number, or @size when none is set.
 */
static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_bit(addr, size, 0);
}

/**
 * find_next_zero_bit() - the first clear bit at or after @offset
 * @addr: the bitmap
 * @size: its length in bits
 * @offset: where to start
 *
 * Return: the bit number, or @size when every bit below @size is set.
 */
static inline unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
					       unsigned long offset)
{
	for (; offset < size; offset++)
		if (!test_bit((long)offset, addr))
			return offset;
	return size;
}

/**
 * find_first_zero_bit() - the first clear bit
 * @addr: the bitmap
 * @size: its length in bits
 *
 * Return: the bit number, or @size when all are set.
 */
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

/**
 * fls() - the position of the highest set bit, counting from 1
 * @x: the word
 *
 * Return: 0 for 0, else 1 + the index of the highest set bit.
 */
static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

#endif
