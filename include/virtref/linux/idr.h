/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/idr.h: integer ids mapped to pointers,
 * lowest free id first, as lib/idr.c hands them out.  A kernel's IDR is
 * one per machine: inside an environment that keeps id spaces
 * (virtref/context.h, struct vr_env_ops: idr) every instance has its own
 * space for each IDR, so that a static DEFINE_IDR() of a kernel file
 * starts empty on each instance and goes with it; elsewhere the IDR
 * keeps its ids itself.
 */
#ifndef VIRTREF_LINUX_IDR_H
#define VIRTREF_LINUX_IDR_H

#include <virtref/api.h>
#include <virtref/linux/types.h>

struct vr_idr_slot {
	unsigned long id;
	void *ptr;
};

/* One id space: its ids in ascending order. */
struct vr_idr {
	struct vr_idr_slot *slot;
	unsigned int nr, cap;
};

struct idr {
	struct vr_idr vr_own; /* the ids outside an environment that keeps spaces */
};

#define IDR_INIT(name)                                                                             \
	{                                                                                          \
		.vr_own = { NULL, 0, 0 }                                                           \
	}
#define DEFINE_IDR(name) struct idr name = IDR_INIT(name)

/* Nothing to preallocate: an allocation is made at idr_alloc() or fails there. */
#define idr_preload(gfp) ((void)(gfp))
#define idr_preload_end() ((void)0)

/**
 * idr_init() - makes @idr an empty IDR
 * @idr: the IDR
 */
static inline void idr_init(struct idr *idr)
{
	idr->vr_own = (struct vr_idr){ NULL, 0, 0 };
}

/**
 * idr_alloc() - maps the lowest free id in [@start, @end) to @ptr
 * @idr: the IDR
 * @ptr: what idr_find() returns for the id (may be NULL)
 * @start: the lowest id, at least 0
 * @end: one past the highest id; 0 or less: up to INT_MAX
 * @gfp: allocation flags
 *
 * Return: the id; -EINVAL for a negative @start, -ENOSPC when the range
 * is full, -ENOMEM.
 */
VR_API int idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t gfp);

/**
 * idr_find() - what @id maps to
 * @idr: the IDR
 * @id: the id
 *
 * Return: its pointer, NULL when @id is free.
 */
VR_API void *idr_find(const struct idr *idr, unsigned long id);

/**
 * idr_remove() - frees @id
 * @idr: the IDR
 * @id: the id
 *
 * Return: what it mapped to, NULL when it was free.
 */
VR_API void *idr_remove(struct idr *idr, unsigned long id);

/**
 * idr_destroy() - frees every id of @idr and its memory
 * @idr: the IDR
 */
VR_API void idr_destroy(struct idr *idr);

/**
 * vr_idr_release() - frees one id space and its memory
 * @space: a space an environment made for its idr member
 */
VR_API void vr_idr_release(struct vr_idr *space);

#endif
