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
/* Memory the model's channel or device reaches (vr_kmalloc()). */
#define GFP_DMA 0x01u
#define __GFP_ZERO 0x100u

#define kmalloc(size, gfp) vr_kmalloc(1, (size), (gfp))
#define kzalloc(size, gfp) vr_kmalloc(1, (size), (gfp) | __GFP_ZERO)
#define kcalloc(n, size, gfp) vr_kmalloc((n), (size), (gfp) | __GFP_ZERO)
#define kmalloc_array(n, size, gfp) vr_kmalloc((n), (size), (gfp) | __GFP_ZERO)
#define kfree(p) vr_kfree(p)
/* kvmalloc() and friends (include/linux/slab.h since 6.x, mm.h before). */
#define kvzalloc(size, gfp) ((void)(gfp), vr_zalloc_large(1, (size)))
#define kvcalloc(n, size, gfp) ((void)(gfp), vr_zalloc_large((n), (size)))
#define kvfree(p) vr_free_large(p)

#endif
