/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/bitmap.h and include/linux/types.h's
 * DECLARE_BITMAP: whole-bitmap operations on arrays of unsigned long.
 * Bits past @nbits in the last word are ignored by the readers; like the
 * kernel's, bitmap_fill() sets them too.
 */
#ifndef VIRTREF_LINUX_BITMAP_H
#define VIRTREF_LINUX_BITMAP_H

#include <stdbool.h>
#include <string.h>
#include <virtref/linux/bitops.h>

#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]
/* The bits of the last word of an @nbits bitmap that belong to it. */
#define BITMAP_LAST_WORD_MASK(nbits) (~0UL >> (-(nbits) & (BITS_PER_LONG - 1)))

/**
 * bitmap_zero() - clears every word of an @nbits bitmap
 * @dst: the bitmap
 * @nbits: its length in bits
 */
static inline void bitmap_zero(unsigned long *dst, unsigned int nbits)
{
	memset(dst, 0, BITS_TO_LONGS(nbits) * sizeof(unsigned long));
}

/**
 * bitmap_fill() - sets every word of an @nbits bitmap
 * @dst: the bitmap
 * @nbits: its length in bits; the last word is set whole
 */
static inline void bitmap_fill(unsigned long *dst, unsigned int nbits)
{
	memset(dst, 0xff, BITS_TO_LONGS(nbits) * sizeof(unsigned long));
}

/**
 * bitmap_empty() - whether no bit below @nbits is set
 * @src: the bitmap
 * @nbits: its length in bits
 *
 * Return: true when none is set (always for 0 bits).
 */
static inline bool bitmap_empty(const unsigned long *src, unsigned int nbits)
{
	return find_first_bit(src, nbits) == nbits;
}

/**
 * bitmap_full() - whether every bit below @nbits is set
 * @src: the bitmap
 * @nbits: its length in bits
 *
 * Return: true when all are set (always for 0 bits).
 */
static inline bool bitmap_full(const unsigned long *src, unsigned int nbits)
{
	return find_first_zero_bit(src, nbits) == nbits;
}

/**
 * bitmap_and() - @dst = @src1 & @src2, below @nbits
 * @dst: the result; its bits from @nbits to the end of the last word are 0
 * @src1: one operand
 * @src2: the other
 * @nbits: the length in bits
 *
 * Return: true when a bit of the result is set.
 */
static inline bool bitmap_and(unsigned long *dst, const unsigned long *src1,
			      const unsigned long *src2, unsigned int nbits)
{
	unsigned long any = 0;
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++) {
		dst[i] = src1[i] & src2[i];
		if (i == nbits / BITS_PER_LONG)
			dst[i] &= BITMAP_LAST_WORD_MASK(nbits);
		any |= dst[i];
	}
	return any != 0;
}

/**
 * bitmap_weight() - the number of set bits below @nbits
 * @src: the bitmap
 * @nbits: its length in bits
 *
 * Return: 0 to @nbits.
 */
static inline unsigned int bitmap_weight(const unsigned long *src, unsigned int nbits)
{
	unsigned int w = 0, i;

	for (i = 0; i < nbits / BITS_PER_LONG; i++)
		w += hweight_long(src[i]);
	if (nbits % BITS_PER_LONG)
		w += hweight_long(src[i] & BITMAP_LAST_WORD_MASK(nbits));
	return w;
}

#endif
