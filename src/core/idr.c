// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The IDR of <virtref/linux/idr.h>: a sorted array of ids per space, in
 * the environment's space for the IDR when it keeps one (one per
 * machine, as a kernel's static IDR is), else in the IDR itself.
 */
#include <limits.h>
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/context.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/idr.h>
#include <virtref/linux/kernel.h>

/* The space @idr's ids live in, NULL when the environment cannot make it. */
static struct vr_idr *space_of(const struct idr *idr)
{
	const struct vr_context *ctx = vr_context_current();

	if (ctx->env && ctx->env->idr)
		return ctx->env->idr(ctx->env_data, idr);
	return (struct vr_idr *)&idr->vr_own;
}

/* The index of the first slot whose id is @id or more. */
static unsigned int lower_bound(const struct vr_idr *s, unsigned long id)
{
	unsigned int lo = 0, hi = s->nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (s->slot[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t gfp)
{
	struct vr_idr *s;
	unsigned long id, limit = end > 0 ? (unsigned long)end : (unsigned long)INT_MAX + 1;
	unsigned int at;

	(void)gfp;
	if (WARN_ON(start < 0))
		return -EINVAL;
	s = space_of(idr);
	if (!s)
		return -ENOMEM;
	/* The lowest id at or past @start that no slot holds. */
	id = (unsigned long)start;
	for (at = lower_bound(s, id); at < s->nr && s->slot[at].id == id; at++)
		id++;
	if (id >= limit)
		return -ENOSPC;
	if (s->nr == s->cap) {
		unsigned int cap = s->cap ? 2 * s->cap : 8;
		struct vr_idr_slot *slot = vr_realloc(s->slot, cap * sizeof(*slot));

		if (!slot)
			return -ENOMEM;
		s->slot = slot;
		s->cap = cap;
	}
	memmove(&s->slot[at + 1], &s->slot[at], (s->nr - at) * sizeof(s->slot[0]));
	s->slot[at] = (struct vr_idr_slot){ .id = id, .ptr = ptr };
	s->nr++;
	return (int)id;
}

void *idr_find(const struct idr *idr, unsigned long id)
{
	const struct vr_idr *s = space_of(idr);
	unsigned int at;

	if (!s)
		return NULL;
	at = lower_bound(s, id);
	return at < s->nr && s->slot[at].id == id ? s->slot[at].ptr : NULL;
}

void *idr_remove(struct idr *idr, unsigned long id)
{
	struct vr_idr *s = space_of(idr);
	unsigned int at;
	void *ptr;

	if (!s)
		return NULL;
	at = lower_bound(s, id);
	if (at == s->nr || s->slot[at].id != id)
		return NULL;
	ptr = s->slot[at].ptr;
	s->nr--;
	memmove(&s->slot[at], &s->slot[at + 1], (s->nr - at) * sizeof(s->slot[0]));
	return ptr;
}

void vr_idr_release(struct vr_idr *space)
{
	vr_free(space->slot);
	*space = (struct vr_idr){ NULL, 0, 0 };
}

void idr_destroy(struct idr *idr)
{
	struct vr_idr *s = space_of(idr);

	if (s)
		vr_idr_release(s);
}
