/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * kmalloc() and kfree() of the kernel shims (include/virtref/alloc.h,
 * vr_kmalloc()): GFP_DMA from the environment, the allocator tag that
 * takes a block back, and the kmem that records the rest.
 */
#include <stdint.h>
#include <string.h>
#include <virtref/context.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/slab.h>
#include "vr_test.h"

/* A pool of four 64-byte blocks, handed out in order. */
struct pool {
	u8 bytes[4][64];
	bool used[4];
	int released;
	struct vr_alloc_tag tag;
	struct vr_kmem kmem;
};

static void pool_release(struct vr_alloc_tag *tag, void *ptr)
{
	struct pool *p = container_of(tag, struct pool, tag);

	p->used[((u8 *)ptr - p->bytes[0]) / 64] = false;
	p->released++;
}

static void *pool_alloc(void *data, size_t n, size_t size)
{
	struct pool *p = data;
	int i;

	if (n * size > 64)
		return NULL;
	for (i = 0; i < 4; i++)
		if (!p->used[i]) {
			p->used[i] = true;
			memset(p->bytes[i], 0, 64);
			return p->bytes[i];
		}
	return NULL;
}

static struct vr_kmem *pool_kmem(void *data)
{
	return &((struct pool *)data)->kmem;
}

static const struct vr_env_ops pool_env = { .dma_alloc = pool_alloc, .kmem = pool_kmem };

/* Lends @p's environment to a context of its own; returns the one before. */
static struct vr_context *lend(struct pool *p, struct vr_context *ctx)
{
	memset(p, 0, sizeof(*p));
	p->tag.base = p->bytes;
	p->tag.len = sizeof(p->bytes);
	p->tag.release = pool_release;
	vr_alloc_tag_add(&p->tag);
	vr_context_init(ctx);
	ctx->env = &pool_env;
	ctx->env_data = p;
	return vr_context_enter(ctx);
}

START_TEST(test_dma_from_the_environment)
{
	struct vr_context ctx, *prev;
	struct pool p;
	u64 live = vr_alloc_live();
	u8 *a, *b;

	prev = lend(&p, &ctx);
	a = kcalloc(2, 16, GFP_DMA | GFP_KERNEL);
	b = kzalloc(64, GFP_DMA);
	ck_assert_ptr_eq(a, p.bytes[0]);
	ck_assert_ptr_eq(b, p.bytes[1]);
	ck_assert_ptr_null(kmalloc(65, GFP_DMA)); /* no room, as the pool says */
	ck_assert_uint_eq(vr_alloc_live(), live); /* the pool's, not the heap's */
	kfree(a);
	ck_assert_int_eq(p.released, 1);
	ck_assert(!p.used[0] && p.used[1]);
	kfree(b);
	ck_assert_int_eq(p.released, 2);
	ck_assert_uint_eq(p.kmem.n, 0);
	vr_context_leave(prev);
	vr_alloc_tag_del(&p.tag);
}
END_TEST

START_TEST(test_kmem_records_the_rest)
{
	struct vr_context ctx, *prev;
	struct pool p;
	u64 live = vr_alloc_live();
	void *k[100];
	int i;

	prev = lend(&p, &ctx);
	for (i = 0; i < 100; i++) {
		k[i] = kmalloc(8 + (size_t)i, GFP_KERNEL);
		ck_assert_ptr_nonnull(k[i]);
	}
	ck_assert_uint_eq(p.kmem.n, 100);
	/* Every other one freed: the set finds each, however it collided. */
	for (i = 0; i < 100; i += 2)
		kfree(k[i]);
	ck_assert_uint_eq(p.kmem.n, 50);
	vr_context_leave(prev);
	/* What the kernel left is the owner's to free, and then nothing is. */
	ck_assert_uint_eq(vr_kmem_free_all(&p.kmem), 50);
	ck_assert_uint_eq(p.kmem.n, 0);
	ck_assert_uint_eq(vr_alloc_live(), live);
	ck_assert_uint_eq(vr_kmem_free_all(&p.kmem), 0);
	vr_alloc_tag_del(&p.tag);
}
END_TEST

START_TEST(test_kmem_empty_holds_nothing)
{
	struct vr_context ctx, *prev;
	struct pool p;
	u64 live = vr_alloc_live();
	void *a;

	prev = lend(&p, &ctx);
	a = kzalloc(32, GFP_KERNEL);
	ck_assert_uint_eq(vr_alloc_live(), live + 2); /* the block and the set */
	kfree(a);
	ck_assert_uint_eq(vr_alloc_live(), live);
	vr_context_leave(prev);
	vr_alloc_tag_del(&p.tag);
}
END_TEST

START_TEST(test_kmem_set_failure_is_allocation_failure)
{
	struct vr_context ctx, *prev;
	struct pool p;
	u64 live = vr_alloc_live();

	prev = lend(&p, &ctx);
	/* The first record needs the set: its allocation is the second attempt. */
	vr_alloc_fail_nth(2);
	ck_assert_ptr_null(kmalloc(16, GFP_KERNEL));
	ck_assert(vr_alloc_fault_hit());
	vr_alloc_fail_nth(0);
	ck_assert_uint_eq(p.kmem.n, 0);
	ck_assert_uint_eq(vr_alloc_live(), live);
	vr_context_leave(prev);
	vr_alloc_tag_del(&p.tag);
}
END_TEST

START_TEST(test_without_an_environment)
{
	u64 live = vr_alloc_live();
	u8 *a = kcalloc(4, 4, GFP_DMA), *b = kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL);
	int i;

	/* GFP_DMA is ordinary zeroed memory where no environment has a pool. */
	ck_assert_ptr_nonnull(a);
	for (i = 0; i < 16; i++)
		ck_assert_uint_eq(a[i], 0);
	ck_assert_ptr_null(b);
	ck_assert_uint_eq(vr_alloc_live(), live + 1);
	kfree(a);
	kfree(NULL);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

static const struct vr_test kmem_tests[] = {
	VR_TEST(test_dma_from_the_environment),
	VR_TEST(test_kmem_records_the_rest),
	VR_TEST(test_kmem_empty_holds_nothing),
	VR_TEST(test_kmem_set_failure_is_allocation_failure),
	VR_TEST(test_without_an_environment),
};

static const struct vr_tcase kmem_tcases[] = {
	VR_TCASE("kmem", kmem_tests),
};

const struct vr_suite vr_suite_kmem = VR_SUITE("kmem", kmem_tcases);
