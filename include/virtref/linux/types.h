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

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef u64 gfn_t;
typedef u64 gpa_t;
typedef u64 hpa_t;
typedef u64 kvm_pfn_t;
typedef unsigned int gfp_t;

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
