/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/slab.h: kmalloc() and friends on virtref's
 * counting allocator, so that ported kernel code takes part in leak
 * counting and fail-the-Nth sweeps.
 */
#ifndef VIRTREF_LINUX_SLAB_H
#define VIRTREF_LINUX_SLAB_H

#include <virtref/alloc.h>
#include <virtref/linux/types.h>

#define GFP_KERNEL 0u
#define GFP_ATOMIC 0u
#define GFP_DMA 0u
#define __GFP_ZERO 1u

#define kmalloc(size, gfp) ((gfp)&__GFP_ZERO ? vr_calloc(1, (size)) : vr_malloc(size))
#define kzalloc(size, gfp) ((void)(gfp), vr_calloc(1, (size)))
#define kcalloc(n, size, gfp) ((void)(gfp), vr_calloc((n), (size)))
#define kmalloc_array(n, size, gfp) ((void)(gfp), vr_calloc((n), (size)))
#define kfree(p) vr_free(p)
/* kvmalloc() and friends (include/linux/slab.h since 6.x, mm.h before). */
#define kvzalloc(size, gfp) ((void)(gfp), vr_zalloc_large(1, (size)))
#define kvcalloc(n, size, gfp) ((void)(gfp), vr_zalloc_large((n), (size)))
#define kvfree(p) vr_free_large(p)

#endif
