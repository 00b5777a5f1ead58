/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * kmalloc() and kfree() of the kernel shims: GFP_DMA memory from the
 * model's environment, returned to it through its tag; every other
 * allocation made under an environment with a kmem is recorded there, so
 * that what a kernel file loses (the chains a failed cp_init() leaves,
 * say) can still be freed by the model that lent the environment.
 */
#include <errno.h>
#include <virtref/alloc.h>
#include <virtref/context.h>
#include <virtref/linux/slab.h>

static _Thread_local struct vr_alloc_tag *alloc_tags;

void vr_alloc_tag_add(struct vr_alloc_tag *tag)
{
	tag->next = alloc_tags;
	alloc_tags = tag;
}

void vr_alloc_tag_del(struct vr_alloc_tag *tag)
{
	struct vr_alloc_tag **pp = &alloc_tags;

	while (*pp && *pp != tag)
		pp = &(*pp)->next;
	if (*pp)
		*pp = tag->next;
}

static size_t kmem_hash(const struct vr_kmem *km, const void *p)
{
	return (size_t)(((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull) & (km->cap - 1);
}

static void kmem_put(struct vr_kmem *km, void *p)
{
	size_t h;

	for (h = kmem_hash(km, p); km->slot[h]; h = (h + 1) & (km->cap - 1))
		;
	km->slot[h] = p;
	km->n++;
}

/* Room for one more, doubling at half full: 0 or -ENOMEM. */
static int kmem_reserve(struct vr_kmem *km)
{
	size_t cap = km->cap ? km->cap * 2 : 64, i, old = km->cap;
	void **slot, **prev = km->slot;

	if (km->n + 1 <= km->cap / 2)
		return 0;
	slot = vr_calloc(cap, sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	km->slot = slot;
	km->cap = cap;
	km->n = 0;
	for (i = 0; i < old; i++)
		if (prev[i])
			kmem_put(km, prev[i]);
	vr_free(prev);
	return 0;
}

/* Removes @p (linear probing: the entries after it move up); false if absent. */
static bool kmem_del(struct vr_kmem *km, const void *p)
{
	size_t h, j, k;

	if (!km->cap)
		return false;
	for (h = kmem_hash(km, p); km->slot[h] != p; h = (h + 1) & (km->cap - 1))
		if (!km->slot[h])
			return false;
	km->slot[h] = NULL;
	/* Empty, it holds no memory: a model's allocation count is back where it was. */
	if (!--km->n) {
		vr_free(km->slot);
		km->slot = NULL;
		km->cap = 0;
		return true;
	}
	for (j = (h + 1) & (km->cap - 1); km->slot[j]; j = (j + 1) & (km->cap - 1)) {
		k = kmem_hash(km, km->slot[j]);
		/* Move the entry up unless its home lies in (h, j]. */
		if ((j > h && (k <= h || k > j)) || (j < h && k <= h && k > j)) {
			km->slot[h] = km->slot[j];
			km->slot[j] = NULL;
			h = j;
		}
	}
	return true;
}

static struct vr_kmem *kmem_owner(const struct vr_context *ctx)
{
	return ctx->env && ctx->env->kmem ? ctx->env->kmem(ctx->env_data) : NULL;
}

void *vr_kmalloc(size_t n, size_t size, unsigned int gfp)
{
	struct vr_context *ctx = vr_context_current();
	struct vr_kmem *km;
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	if ((gfp & GFP_DMA) && ctx->env && ctx->env->dma_alloc)
		return ctx->env->dma_alloc(ctx->env_data, n, size);
	p = gfp & (__GFP_ZERO | GFP_DMA) ? vr_calloc(n, size) : vr_malloc(n * size);
	km = kmem_owner(ctx);
	if (p && km && kmem_reserve(km)) {
		vr_free(p);
		return NULL;
	}
	if (p && km)
		kmem_put(km, p);
	return p;
}

void vr_kfree(const void *ptr)
{
	struct vr_alloc_tag *t;
	struct vr_kmem *km;
	uintptr_t p = (uintptr_t)ptr;

	if (!ptr)
		return;
	for (t = alloc_tags; t; t = t->next)
		if (p >= (uintptr_t)t->base && p - (uintptr_t)t->base < t->len) {
			t->release(t, (void *)p);
			return;
		}
	km = kmem_owner(vr_context_current());
	if (km)
		kmem_del(km, ptr);
	vr_free((void *)p);
}

size_t vr_kmem_free_all(struct vr_kmem *km)
{
	size_t i, freed = km->n;

	for (i = 0; i < km->cap; i++)
		vr_free(km->slot[i]);
	vr_free(km->slot);
	km->slot = NULL;
	km->cap = km->n = 0;
	return freed;
}
