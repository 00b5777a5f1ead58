/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* BIT() and GENMASK() with the kernel's meaning (include/linux/bits.h). */
#ifndef VIRTREF_LINUX_BITS_H
#define VIRTREF_LINUX_BITS_H

#define BIT(nr) (1UL << (nr))
#define BIT_ULL(nr) (1ULL << (nr))
#define GENMASK(h, l) ((~0UL << (l)) & (~0UL >> (sizeof(long) * 8 - 1 - (h))))
#define GENMASK_ULL(h, l) ((~0ULL << (l)) & (~0ULL >> (63 - (h))))

#endif
