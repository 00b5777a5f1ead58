/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for asm/byteorder.h and include/linux/byteorder/generic.h:
 * cpu_to_{le,be}{16,32,64}() and back, and swab{16,32,64}(), for the
 * byte order of the host virtref runs on.  The big-endian formats of
 * s390 and POWER kernel code stay right on a little-endian host.
 */
#ifndef VIRTREF_LINUX_BYTEORDER_H
#define VIRTREF_LINUX_BYTEORDER_H

#include <virtref/linux/types.h>

#define swab16(x) ((u16)__builtin_bswap16((u16)(x)))
#define swab32(x) ((u32)__builtin_bswap32((u32)(x)))
#define swab64(x) ((u64)__builtin_bswap64((u64)(x)))

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define cpu_to_be16(x) ((__be16)(u16)(x))
#define cpu_to_be32(x) ((__be32)(u32)(x))
#define cpu_to_be64(x) ((__be64)(u64)(x))
#define cpu_to_le16(x) ((__le16)swab16(x))
#define cpu_to_le32(x) ((__le32)swab32(x))
#define cpu_to_le64(x) ((__le64)swab64(x))
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define cpu_to_be16(x) ((__be16)swab16(x))
#define cpu_to_be32(x) ((__be32)swab32(x))
#define cpu_to_be64(x) ((__be64)swab64(x))
#define cpu_to_le16(x) ((__le16)(u16)(x))
#define cpu_to_le32(x) ((__le32)(u32)(x))
#define cpu_to_le64(x) ((__le64)(u64)(x))
#else
#error "the host's byte order is neither big nor little endian"
#endif

/* Each conversion is its own inverse. */
#define be16_to_cpu(x) ((u16)cpu_to_be16(x))
#define be32_to_cpu(x) ((u32)cpu_to_be32(x))
#define be64_to_cpu(x) ((u64)cpu_to_be64(x))
#define le16_to_cpu(x) ((u16)cpu_to_le16(x))
#define le32_to_cpu(x) ((u32)cpu_to_le32(x))
#define le64_to_cpu(x) ((u64)cpu_to_le64(x))

#endif
