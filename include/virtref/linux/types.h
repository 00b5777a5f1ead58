/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Kernel integer vocabulary (include/linux/types.h) for code ported onto
 * virtref.  This directory is the single seam between kernel-shaped code
 * and the host C library, in the spirit of tools/testing/radix-tree/linux/.
 */
#ifndef VIRTREF_LINUX_TYPES_H
#define VIRTREF_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h> /* ssize_t, as the kernel's types.h has it */

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
/*
 * 64 bits are long long on every architecture the kernel builds
 * (include/asm-generic/int-ll64.h), so a kernel file's %llx matches on
 * any host, where uint64_t may be long.
 */
typedef unsigned long long u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;

/* The uapi spellings (include/uapi/asm-generic/int-ll64.h), same types. */
typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef s8 __s8;
typedef s16 __s16;
typedef s32 __s32;
typedef s64 __s64;

/* Byte-order-annotated integers (include/uapi/linux/types.h). */
typedef u16 __le16;
typedef u16 __be16;
typedef u32 __le32;
typedef u32 __be32;
typedef u64 __le64;
typedef u64 __be64;

typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef u64 gfn_t;
typedef u64 gpa_t;
typedef u64 hpa_t;
typedef u64 kvm_pfn_t;
typedef unsigned int gfp_t;
/* s390's address type (arch/s390/include/asm/types.h). */
typedef unsigned long addr_t;

/* List heads, here as in the kernel; their operations are in list.h. */
struct hlist_head {
	struct hlist_node *first;
};
struct hlist_node {
	struct hlist_node *next, **pprev;
};

#ifndef __user
#define __user
#endif
#ifndef __iomem
#define __iomem
#endif
#ifndef __packed
#define __packed __attribute__((packed))
#endif

#endif
