/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The kernel shim (include/virtref/linux/): error pointers, BIT() and
 * GENMASK(), the kernel.h helpers, WARN_ON() into the warning sink, list.h
 * and kmalloc() on the counting allocator, and the environment headers
 * (compiler.h, types.h, bitops.h, bitmap.h, mm.h, string.h, uaccess.h,
 * io.h, percpu.h, preempt.h, printk.h, irqflags.h, mutex.h, spinlock.h,
 * vfio.h at mainline).
 * Expected values are the kernel's (include/linux/err.h, bits.h, list.h,
 * bitmap.h, uaccess.h, include/asm-generic/bitops/ in torvalds/linux).
 */
/* As a kernel file does it: pr_fmt() before the first include. */
#define pr_fmt(fmt) "linux: " fmt
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <virtref/linux/bitmap.h>
#include <virtref/linux/byteorder.h>
#include <virtref/linux/export.h>
#include <virtref/linux/gfp.h>
#include <virtref/linux/idr.h>
#include <virtref/linux/io.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/list.h>
#include <virtref/linux/mm.h>
#include <virtref/linux/mutex.h>
#include <virtref/linux/percpu.h>
#include <virtref/linux/preempt.h>
#include <virtref/linux/printk.h>
#include <virtref/linux/slab.h>
#include <virtref/linux/spinlock.h>
#include <virtref/linux/string.h>
#include <virtref/linux/uaccess.h>
#include <virtref/linux/version.h>
#include <virtref/linux/vfio.h>
#include "vr_test.h"

START_TEST(test_err_ptr)
{
	int x;
	void *p = ERR_PTR(-EINVAL);

	ck_assert(IS_ERR(p));
	ck_assert(IS_ERR_OR_NULL(p));
	ck_assert_int_eq(PTR_ERR(p), -EINVAL);
	ck_assert_int_eq(PTR_ERR(ERR_PTR(-ENOMEM)), -ENOMEM);

	/* The top MAX_ERRNO addresses are errors, the one below is not. */
	ck_assert(IS_ERR(ERR_PTR(-1)));
	ck_assert(IS_ERR(ERR_PTR(-MAX_ERRNO)));
	ck_assert_int_eq(PTR_ERR(ERR_PTR(-MAX_ERRNO)), -MAX_ERRNO);
	ck_assert(!IS_ERR(ERR_PTR(-MAX_ERRNO - 1)));
	ck_assert(IS_ERR_VALUE((unsigned long)-1));
	ck_assert(IS_ERR_VALUE((unsigned long)-MAX_ERRNO));
	ck_assert(!IS_ERR_VALUE((unsigned long)-MAX_ERRNO - 1));
	ck_assert(!IS_ERR_VALUE(0));

	ck_assert(!IS_ERR(NULL));
	ck_assert(IS_ERR_OR_NULL(NULL));
	ck_assert(!IS_ERR(&x));
	ck_assert(!IS_ERR_OR_NULL(&x));
	ck_assert_int_eq(PTR_ERR(ERR_PTR(0)), 0);
	ck_assert(!IS_ERR(ERR_PTR(0)));
}
END_TEST

START_TEST(test_bits)
{
	ck_assert_uint_eq(BIT(0), 1);
	ck_assert_uint_eq(BIT(5), 0x20);
	ck_assert_uint_eq(BIT(31), 0x80000000UL);
	ck_assert_uint_eq(BIT(sizeof(long) * 8 - 1), ~(~0UL >> 1));
	ck_assert_uint_eq(BIT_ULL(0), 1);
	ck_assert_uint_eq(BIT_ULL(63), 0x8000000000000000ULL);
	ck_assert_uint_eq(BIT_ULL(40), 0x10000000000ULL);
}
END_TEST

START_TEST(test_genmask)
{
	ck_assert_uint_eq(GENMASK(0, 0), 0x1);
	ck_assert_uint_eq(GENMASK(3, 0), 0xf);
	ck_assert_uint_eq(GENMASK(7, 4), 0xf0);
	ck_assert_uint_eq(GENMASK(31, 31), 0x80000000UL);
	ck_assert_uint_eq(GENMASK(31, 0), 0xffffffffUL);
	ck_assert_uint_eq(GENMASK(sizeof(long) * 8 - 1, 0), ~0UL);
	ck_assert_uint_eq(GENMASK(sizeof(long) * 8 - 1, 1), ~0UL - 1);

	ck_assert_uint_eq(GENMASK_ULL(0, 0), 0x1);
	ck_assert_uint_eq(GENMASK_ULL(63, 0), ~0ULL);
	ck_assert_uint_eq(GENMASK_ULL(63, 63), 0x8000000000000000ULL);
	ck_assert_uint_eq(GENMASK_ULL(51, 12), 0x000ffffffffff000ULL);
	ck_assert_uint_eq(GENMASK_ULL(39, 21), 0x000000ffffe00000ULL);
	/* Bit 63 down to 32: what the kernel's GENMASK_ULL gives too. */
	ck_assert_uint_eq(GENMASK_ULL(63, 32), 0xffffffff00000000ULL);
}
END_TEST

struct outer {
	int a;
	long b;
	struct list_head node;
	char c;
};

START_TEST(test_kernel_helpers)
{
	int arr[7];
	struct outer o;

	ck_assert_uint_eq(ARRAY_SIZE(arr), 7);
	ck_assert_ptr_eq(container_of(&o.node, struct outer, node), &o);
	ck_assert_ptr_eq(container_of(&o.c, struct outer, c), &o);

	ck_assert_int_eq(min(3, -4), -4);
	ck_assert_int_eq(max(3, -4), 3);
	ck_assert_uint_eq(min_t(uint8_t, 0x1ff, 0x20), 0x20);
	ck_assert_uint_eq(max_t(uint8_t, 0x1ff, 0x20), 0xff);

	ck_assert_uint_eq(ALIGN(0x1001ULL, 0x1000), 0x2000);
	ck_assert_uint_eq(ALIGN(0x1000ULL, 0x1000), 0x1000);
	ck_assert_uint_eq(ALIGN(0ULL, 0x1000), 0);
	ck_assert_uint_eq(ALIGN_DOWN(0x1fffULL, 0x1000), 0x1000);
	ck_assert(IS_ALIGNED(0x3000ULL, 0x1000));
	ck_assert(!IS_ALIGNED(0x3008ULL, 0x1000));
	ck_assert(IS_ALIGNED(0x3008ULL, 8));
	ck_assert_uint_eq(DIV_ROUND_UP(4097, 4096), 2);
	ck_assert_uint_eq(DIV_ROUND_UP(4096, 4096), 1);
	ck_assert_uint_eq(DIV_ROUND_UP(0, 4096), 0);
	ck_assert_uint_eq(round_up(0x1234ULL, 0x100), 0x1300);
	ck_assert_uint_eq(round_up(0x1200ULL, 0x100), 0x1200);
	ck_assert_uint_eq(round_down(0x12ffULL, 0x100), 0x1200);
	/* 64-bit values keep their upper half. */
	ck_assert_uint_eq(ALIGN(0xffffffff00000001ULL, 0x1000), 0xffffffff00001000ULL);
	ck_assert_uint_eq(ALIGN_DOWN(0xfffffffffffff123ULL, 0x1000), 0xfffffffffffff000ULL);
	ck_assert_uint_eq(round_down(0xfffffffffffff123ULL, 0x1000), 0xfffffffffffff000ULL);
}
END_TEST

START_TEST(test_warn_on)
{
	char want[512];
	int line;

	vr_warn_reset();
	ck_assert_uint_eq(vr_warn_count(), 0);
	ck_assert_str_eq(vr_warn_first(), "");

	ck_assert(!WARN_ON(1 > 2));
	ck_assert_uint_eq(vr_warn_count(), 0);
	ck_assert_str_eq(vr_warn_first(), "");

	line = __LINE__ + 1;
	ck_assert(WARN_ON(2 > 1));
	ck_assert_uint_eq(vr_warn_count(), 1);
	snprintf(want, sizeof(want), "%s:%d: WARN_ON(2 > 1)", __FILE__, line);
	ck_assert_str_eq(vr_warn_first(), want);

	/* Later warnings are counted; the first message stays. */
	ck_assert(WARN_ON_ONCE(3 > 1));
	ck_assert(vr_warn_on(true, "other.c", 7, "x"));
	ck_assert_uint_eq(vr_warn_count(), 3);
	ck_assert_str_eq(vr_warn_first(), want);

	/* WARN() and WARN_ONCE(): the condition's value and record, without the message. */
	vr_warn_reset();
	ck_assert(!WARN(0, "not %d", 1));
	ck_assert_uint_eq(vr_warn_count(), 0);
	line = __LINE__ + 1;
	ck_assert(WARN_ONCE(4 > 1, "rc %02x", 5));
	snprintf(want, sizeof(want), "%s:%d: WARN_ON(4 > 1)", __FILE__, line);
	ck_assert_str_eq(vr_warn_first(), want);
	ck_assert(WARN(2, "%s", "x"));
	ck_assert_uint_eq(vr_warn_count(), 2);

	vr_warn_reset();
	ck_assert_uint_eq(vr_warn_count(), 0);
	ck_assert_str_eq(vr_warn_first(), "");
	ck_assert(vr_warn_on(true, "f.c", 12, "p == NULL"));
	ck_assert_str_eq(vr_warn_first(), "f.c:12: WARN_ON(p == NULL)");
	/* The fixture fails any test that leaves a warning behind. */
	vr_warn_reset();
}
END_TEST

struct item {
	int v;
	struct list_head node;
};

/* Checks the values along next and, backwards, along prev. */
static void assert_list(struct list_head *head, const int *want, int n)
{
	struct list_head *pos;
	int i = 0;

	list_for_each(pos, head) {
		ck_assert_int_lt(i, n);
		ck_assert_int_eq(list_entry(pos, struct item, node)->v, want[i]);
		ck_assert_ptr_eq(pos->next->prev, pos);
		i++;
	}
	ck_assert_int_eq(i, n);
	for (pos = head->prev; pos != head; pos = pos->prev)
		ck_assert_int_eq(list_entry(pos, struct item, node)->v, want[--i]);
	ck_assert_int_eq(i, 0);
	ck_assert(list_empty(head) == (n == 0));
}

START_TEST(test_list_add)
{
	LIST_HEAD(head);
	struct item it[4] = { { .v = 0 }, { .v = 1 }, { .v = 2 }, { .v = 3 } };

	ck_assert(list_empty(&head));
	assert_list(&head, NULL, 0);
	list_add(&it[0].node, &head);
	list_add(&it[1].node, &head);
	list_add_tail(&it[2].node, &head);
	list_add_tail(&it[3].node, &head);
	assert_list(&head, (const int[]){ 1, 0, 2, 3 }, 4);
	ck_assert_ptr_eq(list_first_entry(&head, struct item, node), &it[1]);
	ck_assert_ptr_eq(list_last_entry(&head, struct item, node), &it[3]);
	ck_assert_ptr_eq(list_next_entry(&it[0], node), &it[2]);
}
END_TEST

START_TEST(test_list_del_move)
{
	struct list_head head, other;
	struct item it[4] = { { .v = 0 }, { .v = 1 }, { .v = 2 }, { .v = 3 } };

	INIT_LIST_HEAD(&head);
	INIT_LIST_HEAD(&other);
	for (int i = 0; i < 4; i++)
		list_add_tail(&it[i].node, &head);

	list_del(&it[1].node);
	assert_list(&head, (const int[]){ 0, 2, 3 }, 3);
	list_del_init(&it[3].node);
	assert_list(&head, (const int[]){ 0, 2 }, 2);
	ck_assert(list_empty(&it[3].node));

	list_move(&it[2].node, &other);
	assert_list(&head, (const int[]){ 0 }, 1);
	assert_list(&other, (const int[]){ 2 }, 1);
	list_move_tail(&it[0].node, &other);
	assert_list(&head, NULL, 0);
	assert_list(&other, (const int[]){ 2, 0 }, 2);
	list_move(&it[0].node, &other);
	assert_list(&other, (const int[]){ 0, 2 }, 2);
}
END_TEST

START_TEST(test_list_for_each_entry)
{
	LIST_HEAD(head);
	struct item it[5];
	struct item *pos, *n;
	int sum = 0, count = 0;

	for (int i = 0; i < 5; i++) {
		it[i].v = i * 10;
		list_add_tail(&it[i].node, &head);
	}
	list_for_each_entry(pos, &head, node) {
		ck_assert_int_eq(pos->v, count * 10);
		sum += pos->v;
		count++;
	}
	ck_assert_int_eq(count, 5);
	ck_assert_int_eq(sum, 100);

	/* The _safe form survives deleting the current entry. */
	list_for_each_entry_safe(pos, n, &head, node) {
		if (pos->v % 20 == 0)
			list_del(&pos->node);
	}
	assert_list(&head, (const int[]){ 10, 30 }, 2);
	list_for_each_entry_safe(pos, n, &head, node)
		list_del_init(&pos->node);
	ck_assert(list_empty(&head));
}
END_TEST

struct hitem {
	int v;
	struct hlist_node link;
};

/* hlist: head insertion, walking in that order, unlinking from anywhere. */
START_TEST(test_hlist)
{
	HLIST_HEAD(head);
	struct hitem it[3] = { { .v = 1 }, { .v = 2 }, { .v = 3 } };
	struct hitem *pos;
	int seen[3], n = 0;

	for (int i = 0; i < 3; i++) {
		INIT_HLIST_NODE(&it[i].link);
		ck_assert(hlist_unhashed(&it[i].link));
	}
	ck_assert(hlist_empty(&head));
	for (int i = 0; i < 3; i++)
		hlist_add_head(&it[i].link, &head);
	hlist_for_each_entry(pos, &head, link)
		seen[n++] = pos->v;
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(seen[0], 3);
	ck_assert_int_eq(seen[1], 2);
	ck_assert_int_eq(seen[2], 1);

	/* Unlink the middle, then the first; unlinking twice is harmless. */
	hlist_del_init(&it[1].link);
	hlist_del_init(&it[1].link);
	ck_assert(hlist_unhashed(&it[1].link));
	hlist_del_init(&it[2].link);
	ck_assert_ptr_eq(head.first, &it[0].link);
	ck_assert_ptr_eq(it[0].link.pprev, &head.first);
	hlist_del_init(&it[0].link);
	ck_assert(hlist_empty(&head));
	INIT_HLIST_HEAD(&head);
	n = 0;
	hlist_for_each_entry(pos, &head, link)
		n++;
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(test_slab)
{
	uint64_t live = vr_alloc_live();
	unsigned char *a = kmalloc(32, GFP_KERNEL);
	unsigned char *z = kzalloc(48, GFP_KERNEL);
	unsigned char *zz = kmalloc(24, GFP_KERNEL | __GFP_ZERO);
	uint32_t *arr = kcalloc(16, sizeof(*arr), GFP_KERNEL);
	uint64_t *arr2 = kmalloc_array(8, sizeof(*arr2), GFP_ATOMIC);

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(z);
	ck_assert_ptr_nonnull(zz);
	ck_assert_ptr_nonnull(arr);
	ck_assert_ptr_nonnull(arr2);
	ck_assert_uint_eq(vr_alloc_live(), live + 5);
	for (int i = 0; i < 48; i++)
		ck_assert_uint_eq(z[i], 0);
	for (int i = 0; i < 24; i++)
		ck_assert_uint_eq(zz[i], 0);
	for (int i = 0; i < 16; i++)
		ck_assert_uint_eq(arr[i], 0);
	memset(a, 0xff, 32);
	memset(arr2, 0xff, 8 * sizeof(*arr2));
	kfree(a);
	kfree(z);
	kfree(zz);
	kfree(arr);
	kfree(arr2);
	kfree(NULL);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_slab_failures)
{
	uint64_t live = vr_alloc_live();

	ck_assert_ptr_null(kcalloc(SIZE_MAX / 4 + 1, 8, GFP_KERNEL));
	ck_assert_ptr_null(kmalloc_array(SIZE_MAX, 2, GFP_KERNEL));
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(kzalloc(8, GFP_KERNEL));
	ck_assert(vr_alloc_fault_hit());
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(kmalloc(8, GFP_KERNEL));
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(kcalloc(2, 8, GFP_KERNEL));
	vr_alloc_fail_nth(0);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

/* Exported as a kernel file would; the shim makes it an ordinary symbol. */
static int exported_answer(void)
{
	return 42;
}
EXPORT_SYMBOL(exported_answer);
EXPORT_SYMBOL_GPL(exported_answer);

START_TEST(test_types)
{
	ck_assert_uint_eq(sizeof(__u8), 1);
	ck_assert_uint_eq(sizeof(__u16), 2);
	ck_assert_uint_eq(sizeof(__u32), 4);
	ck_assert_uint_eq(sizeof(__u64), 8);
	ck_assert_uint_eq(sizeof(__s8), 1);
	ck_assert_uint_eq(sizeof(__s16), 2);
	ck_assert_uint_eq(sizeof(__s32), 4);
	ck_assert_uint_eq(sizeof(__s64), 8);
	ck_assert_uint_eq((__u8)-1, 0xff);
	ck_assert_uint_eq((__u32)-1, 0xffffffffu);
	ck_assert_int_lt((__s8)-1, 0);
	ck_assert_int_lt((__s64)-1, 0);
	ck_assert_uint_eq(sizeof(addr_t), sizeof(unsigned long));
	ck_assert_uint_gt((addr_t)-1, 0);
	ck_assert_uint_eq(sizeof(phys_addr_t), 8);
	ck_assert_uint_eq(sizeof(dma_addr_t), 8);
	ck_assert_uint_eq(sizeof(__be32), 4);
	ck_assert_uint_eq(sizeof(__le64), 8);
	ck_assert_int_lt((ssize_t)-1, 0);
	ck_assert_int_eq(exported_answer(), 42);
}
END_TEST

START_TEST(test_compiler)
{
	unsigned long v = 1;
	u8 b = 0;

	ck_assert_uint_eq(READ_ONCE(v), 1);
	WRITE_ONCE(v, 0xfeedUL);
	barrier();
	smp_mb();
	smp_wmb();
	smp_rmb();
	ck_assert_uint_eq(v, 0xfeed);
	WRITE_ONCE(b, 0xff);
	ck_assert_uint_eq(READ_ONCE(b), 0xff);
	ck_assert_int_eq(likely(7), 1);
	ck_assert_int_eq(unlikely(0), 0);
	ck_assert_int_eq(unlikely(-3), 1);
}
END_TEST

START_TEST(test_bitops)
{
	unsigned long map[3] = { 0 };
	const long last = BITS_PER_LONG - 1;

	ck_assert_int_eq(BITS_PER_LONG, 8 * (int)sizeof(long));
	ck_assert_uint_eq(BITS_TO_LONGS(0), 0);
	ck_assert_uint_eq(BITS_TO_LONGS(1), 1);
	ck_assert_uint_eq(BITS_TO_LONGS(BITS_PER_LONG), 1);
	ck_assert_uint_eq(BITS_TO_LONGS(BITS_PER_LONG + 1), 2);
	ck_assert_uint_eq(BIT_WORD(BITS_PER_LONG), 1);
	ck_assert_uint_eq(BIT_MASK(BITS_PER_LONG + 3), 8);

	set_bit(0, map);
	set_bit(last, map);
	set_bit(BITS_PER_LONG, map);
	set_bit(2 * BITS_PER_LONG + 5, map);
	ck_assert_uint_eq(map[0], 1UL | (1UL << last));
	ck_assert_uint_eq(map[1], 1);
	ck_assert_uint_eq(map[2], 0x20);
	ck_assert(test_bit(0, map));
	ck_assert(!test_bit(1, map));
	ck_assert(test_bit(last, map));
	ck_assert(test_bit(BITS_PER_LONG, map));
	ck_assert(!test_bit(BITS_PER_LONG + 1, map));
	ck_assert(test_bit(2 * BITS_PER_LONG + 5, map));

	clear_bit(last, map);
	ck_assert_uint_eq(map[0], 1);
	__set_bit(BITS_PER_LONG + 2, map);
	ck_assert_uint_eq(map[1], 5);
	__clear_bit(BITS_PER_LONG, map);
	ck_assert_uint_eq(map[1], 4);
	change_bit(1, map);
	ck_assert_uint_eq(map[0], 3);
	change_bit(1, map);
	ck_assert_uint_eq(map[0], 1);

	/* test_and_*: the old value, and the new one stored. */
	ck_assert(!test_and_set_bit(last, map));
	ck_assert(test_and_set_bit(last, map));
	ck_assert_uint_eq(map[0], 1UL | (1UL << last));
	ck_assert(test_and_clear_bit(last, map));
	ck_assert(!test_and_clear_bit(last, map));
	ck_assert_uint_eq(map[0], 1);
	ck_assert_uint_eq(map[1], 4);
	ck_assert_uint_eq(map[2], 0x20);
	ck_assert_uint_eq(__ffs(0x40UL), 6);
	ck_assert_uint_eq(__ffs(1UL << last), (unsigned long)last);
	ck_assert_int_eq(ffs(0), 0);
	ck_assert_int_eq(ffs(0x10), 5);
	ck_assert_uint_eq(hweight_long(~0UL), BITS_PER_LONG);
}
END_TEST

START_TEST(test_find_bit)
{
	const unsigned long bpl = BITS_PER_LONG;
	unsigned long map[3] = { 0 };
	unsigned long seen[8], bit;
	int n = 0;

	ck_assert_uint_eq(find_first_bit(map, 3 * bpl), 3 * bpl);
	ck_assert_uint_eq(find_first_bit(map, 0), 0);
	ck_assert_uint_eq(find_next_bit(map, 3 * bpl, 3 * bpl), 3 * bpl);
	ck_assert_uint_eq(find_first_zero_bit(map, 3 * bpl), 0);

	map[0] = 1UL << (bpl - 1);
	map[1] = 1;
	map[2] = 0x21;
	ck_assert_uint_eq(find_first_bit(map, 3 * bpl), bpl - 1);
	ck_assert_uint_eq(find_next_bit(map, 3 * bpl, bpl - 1), bpl - 1);
	ck_assert_uint_eq(find_next_bit(map, 3 * bpl, bpl), bpl);
	ck_assert_uint_eq(find_next_bit(map, 3 * bpl, bpl + 1), 2 * bpl);
	ck_assert_uint_eq(find_next_bit(map, 3 * bpl, 2 * bpl + 1), 2 * bpl + 5);
	ck_assert_uint_eq(find_next_bit(map, 3 * bpl, 2 * bpl + 6), 3 * bpl);
	/* A set bit at or past @size is not found: @size comes back. */
	ck_assert_uint_eq(find_first_bit(map, bpl - 1), bpl - 1);
	ck_assert_uint_eq(find_next_bit(map, 2 * bpl + 5, 2 * bpl + 1), 2 * bpl + 5);
	ck_assert_uint_eq(find_next_bit(map, 2 * bpl + 3, bpl + 1), 2 * bpl);
	ck_assert_uint_eq(find_next_zero_bit(map, 3 * bpl, bpl - 1), bpl + 1);

	for_each_set_bit(bit, map, 3 * bpl)
		seen[n++] = bit;
	ck_assert_int_eq(n, 4);
	ck_assert_uint_eq(seen[0], bpl - 1);
	ck_assert_uint_eq(seen[1], bpl);
	ck_assert_uint_eq(seen[2], 2 * bpl);
	ck_assert_uint_eq(seen[3], 2 * bpl + 5);
	n = 0;
	for_each_set_bit(bit, map, bpl)
		n++;
	ck_assert_int_eq(n, 1);
	n = 0;
	for_each_clear_bit(bit, map, bpl)
		n++;
	ck_assert_int_eq(n, BITS_PER_LONG - 1);
}
END_TEST

START_TEST(test_bitmap)
{
	const unsigned int bpl = BITS_PER_LONG;
	DECLARE_BITMAP(map, 2 * BITS_PER_LONG + 2);

	ck_assert_uint_eq(sizeof(map), 3 * sizeof(long));
	memset(map, 0x5a, sizeof(map));
	bitmap_zero(map, 2 * bpl + 2);
	ck_assert_uint_eq(map[0] | map[1] | map[2], 0);
	ck_assert(bitmap_empty(map, 2 * bpl + 2));
	ck_assert(bitmap_empty(map, 0));
	ck_assert_uint_eq(bitmap_weight(map, 2 * bpl + 2), 0);

	/* Fill sets whole words, as the kernel's does. */
	bitmap_fill(map, 2 * bpl + 2);
	ck_assert_uint_eq(map[0] & map[1] & map[2], ~0UL);
	ck_assert(bitmap_full(map, 2 * bpl + 2));
	ck_assert_uint_eq(bitmap_weight(map, 2 * bpl + 2), 2 * bpl + 2);
	ck_assert_uint_eq(bitmap_weight(map, bpl), bpl);
	ck_assert_uint_eq(bitmap_weight(map, bpl - 1), bpl - 1);
	ck_assert_uint_eq(bitmap_weight(map, 1), 1);
	ck_assert_uint_eq(bitmap_weight(map, 0), 0);

	/* Bits past nbits do not count. */
	bitmap_zero(map, 2 * bpl + 2);
	set_bit(bpl, map);
	ck_assert(bitmap_empty(map, bpl));
	ck_assert(!bitmap_empty(map, bpl + 1));
	ck_assert_uint_eq(bitmap_weight(map, bpl), 0);
	ck_assert_uint_eq(bitmap_weight(map, bpl + 1), 1);
	ck_assert(!bitmap_full(map, bpl + 1));
	ck_assert_uint_eq(BITMAP_LAST_WORD_MASK(bpl), ~0UL);
	ck_assert_uint_eq(BITMAP_LAST_WORD_MASK(bpl + 3), 7);
	ck_assert_uint_eq(BITMAP_LAST_WORD_MASK(1), 1);
}
END_TEST

START_TEST(test_bitmap_and)
{
	const unsigned int bpl = BITS_PER_LONG;
	unsigned long a[3] = { 0xf0, 0x1, ~0UL }, b[3] = { 0x3c, 0x2, ~0UL }, d[3];

	/* Word by word; the last word's bits from nbits on are cleared. */
	ck_assert(bitmap_and(d, a, b, 2 * bpl + 3));
	ck_assert_uint_eq(d[0], 0x30);
	ck_assert_uint_eq(d[1], 0);
	ck_assert_uint_eq(d[2], 7);
	/* Nothing in common below nbits: false, though bits past it are shared. */
	a[0] = 0x1;
	b[0] = 0x2;
	ck_assert(!bitmap_and(d, a, b, 2 * bpl));
	ck_assert_uint_eq(d[0] | d[1], 0);
	ck_assert(!bitmap_and(d, a, b, 0));
}
END_TEST

START_TEST(test_mm)
{
	ck_assert_int_eq(PAGE_SHIFT, 12);
	ck_assert_uint_eq(PAGE_SIZE, 4096);
	ck_assert_uint_eq(PAGE_SIZE, VR_PAGE_SIZE);
	ck_assert_uint_eq(PAGE_MASK, ~0xfffUL);
	ck_assert_uint_eq(PFN_DOWN(0x1fffUL), 1);
	ck_assert_uint_eq(PFN_DOWN(0x2000UL), 2);
	ck_assert_uint_eq(PFN_UP(0x1000UL), 1);
	ck_assert_uint_eq(PFN_UP(0x1001UL), 2);
	ck_assert_uint_eq(PFN_UP(0UL), 0);
	ck_assert_uint_eq(PFN_PHYS(3), 0x3000);
	ck_assert_uint_eq(PFN_PHYS(0xfffffffffUL), 0xfffffffff000ULL);
	ck_assert_uint_eq(PHYS_PFN(0x12345ULL), 0x12);
	ck_assert_uint_eq(offset_in_page(0x12345UL), 0x345);
	ck_assert_uint_eq(offset_in_page(0x2000UL), 0);
	ck_assert_uint_eq(PAGE_ALIGN(0x1001UL), 0x2000);
	ck_assert_uint_eq(PAGE_ALIGN(0x1000UL), 0x1000);
	ck_assert_uint_eq(PAGE_ALIGN(0UL), 0);
	ck_assert(PAGE_ALIGNED(0x3000UL));
	ck_assert(!PAGE_ALIGNED(0x3008UL));
	ck_assert_uint_eq(PFN_ALIGN(0x3008UL), 0x4000);

	/* struct page * tokens: frame 0 is not NULL, and they round-trip. */
	ck_assert_ptr_nonnull(pfn_to_page(0));
	ck_assert_uint_eq(page_to_pfn(pfn_to_page(0)), 0);
	ck_assert_uint_eq(page_to_pfn(pfn_to_page(0x12345)), 0x12345);
	ck_assert_uint_eq(page_to_phys(pfn_to_page(7)), 0x7000);
	ck_assert_ptr_ne(pfn_to_page(1), pfn_to_page(2));
}
END_TEST

START_TEST(test_string)
{
	char buf[8];
	char *s;
	void *d;
	uint64_t live = vr_alloc_live();

	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(strscpy(buf, "abc", sizeof(buf)), 3);
	ck_assert_str_eq(buf, "abc");
	ck_assert_int_eq(buf[4], 'x');
	/* Exactly fitting: 7 characters and the NUL. */
	ck_assert_int_eq(strscpy(buf, "1234567", sizeof(buf)), 7);
	ck_assert_str_eq(buf, "1234567");
	ck_assert_errno(strscpy(buf, "12345678", sizeof(buf)), -E2BIG);
	ck_assert_str_eq(buf, "1234567");
	ck_assert_errno(strscpy(buf, "abc", 1), -E2BIG);
	ck_assert_str_eq(buf, "");
	buf[0] = 'q';
	ck_assert_errno(strscpy(buf, "abc", 0), -E2BIG);
	ck_assert_int_eq(buf[0], 'q');
	ck_assert_int_eq(strscpy(buf, "", sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");

	d = kmemdup("\x01\x02\x03", 3, GFP_KERNEL);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(memcmp(d, "\x01\x02\x03", 3), 0);
	s = kstrdup("kernel", GFP_KERNEL);
	ck_assert_str_eq(s, "kernel");
	ck_assert_ptr_null(kstrdup(NULL, GFP_KERNEL));
	ck_assert_uint_eq(vr_alloc_live(), live + 2);
	kfree(d);
	kfree(s);
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(kmemdup("x", 1, GFP_KERNEL));
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(kstrdup("x", GFP_KERNEL));
	vr_alloc_fail_nth(0);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

/* User memory: two backed pages at 0x1000 and 0x2000, nothing at 0x3000. */
static struct vr_mem *user_mem(struct vr_context *ctx)
{
	struct vr_mem *m = vr_mem_create("user");

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(vr_mem_add(m, 0x1000, 0x2000), 0);
	vr_context_init(ctx);
	ctx->user = m;
	return m;
}

#define UPTR(a) ((void __user *)(uintptr_t)(a))

START_TEST(test_uaccess)
{
	struct vr_context ctx, *prev;
	struct vr_mem *m = user_mem(&ctx);
	u8 src[32], dst[24], back[32];
	u32 v32 = 0;
	u16 v16 = 0x1111;
	u64 v64 = 0;

	for (int i = 0; i < 32; i++)
		src[i] = (u8)(0xa0 + i);
	prev = vr_context_enter(&ctx);

	/* Fully backed: nothing left over. */
	ck_assert_uint_eq(copy_to_user(UPTR(0x1ff0), src, 32), 0);
	ck_assert_int_eq(vr_mem_read(m, 0x1ff0, back, 32), 0);
	ck_assert_int_eq(memcmp(back, src, 32), 0);

	/* Crossing into the unbacked page: 16 bytes copied, 16 not. */
	ck_assert_uint_eq(copy_to_user(UPTR(0x2ff0), src, 32), 16);
	ck_assert_int_eq(vr_mem_read(m, 0x2ff0, back, 16), 0);
	ck_assert_int_eq(memcmp(back, src, 16), 0);
	ck_assert(!vr_mem_backed(m, 0x3000, 1));
	ck_assert_uint_eq(copy_to_user(UPTR(0x3000), src, 4), 4);
	ck_assert_uint_eq(copy_to_user(UPTR(0x2fff), src, 0), 0);

	/* copy_from_user(): 8 of 16 bytes, the rest of @to zeroed, no further. */
	memset(dst, 0xee, sizeof(dst));
	ck_assert_uint_eq(copy_from_user(dst, UPTR(0x2ff8), 16), 8);
	ck_assert_int_eq(memcmp(dst, src + 8, 8), 0);
	for (int i = 8; i < 16; i++)
		ck_assert_uint_eq(dst[i], 0);
	for (int i = 16; i < 24; i++)
		ck_assert_uint_eq(dst[i], 0xee);
	memset(dst, 0xee, sizeof(dst));
	ck_assert_uint_eq(copy_from_user(dst, UPTR(0x1000), 24), 0);
	ck_assert_uint_eq(dst[0], 0);
	/* An address range that wraps faults where it wraps. */
	ck_assert_uint_eq(copy_to_user(UPTR(UINTPTR_MAX - 3), src, 8), 8);

	/* get_user()/put_user(): one whole value or nothing. */
	ck_assert_int_eq(put_user(0xdeadbeefu, (u32 __user *)UPTR(0x1004)), 0);
	ck_assert_int_eq(get_user(v32, (u32 __user *)UPTR(0x1004)), 0);
	ck_assert_uint_eq(v32, 0xdeadbeefu);
	ck_assert_int_eq(get_user(v64, (u64 __user *)UPTR(0x1000)), 0);
	ck_assert_int_eq(vr_mem_read(m, 0x1000, back, 8), 0);
	ck_assert_int_eq(memcmp(&v64, back, 8), 0);
	ck_assert_uint_ne(v64, 0);
	ck_assert_int_eq(vr_mem_write_le16(m, 0x2ffe, 0x2233), 0);
	ck_assert_errno(put_user((u32)0x44556677, (u32 __user *)UPTR(0x2ffe)), -EFAULT);
	ck_assert_int_eq(vr_mem_read(m, 0x2ffe, back, 2), 0);
	ck_assert_uint_eq(back[0], 0x33);
	ck_assert_uint_eq(back[1], 0x22);
	v32 = 5;
	ck_assert_errno(get_user(v32, (u32 __user *)UPTR(0x2ffe)), -EFAULT);
	ck_assert_uint_eq(v32, 0);
	/* get_user() is a load in the host's byte order. */
	ck_assert_int_eq(get_user(v16, (u16 __user *)UPTR(0x2ffe)), 0);
	ck_assert_uint_eq(le16_to_cpu(v16), 0x2233);
	ck_assert_uint_eq(ctx.uaccess_calls, 13);

	/* Without user memory every access faults. */
	ctx.user = NULL;
	ck_assert_uint_eq(copy_to_user(UPTR(0x1000), src, 32), 32);
	memset(dst, 0xee, sizeof(dst));
	ck_assert_uint_eq(copy_from_user(dst, UPTR(0x1000), 4), 4);
	ck_assert_uint_eq(dst[0] | dst[3], 0);
	ck_assert_uint_eq(dst[4], 0xee);
	ck_assert_errno(put_user(v16, (u16 __user *)UPTR(0x1000)), -EFAULT);
	vr_context_leave(prev);
	ck_assert_ptr_ne(vr_context_current(), &ctx);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_uaccess_fail_nth)
{
	struct vr_context ctx, *prev;
	struct vr_mem *m = user_mem(&ctx);
	u8 b[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	u32 v = 0;

	prev = vr_context_enter(&ctx);
	ctx.uaccess_fail_nth = 3;
	ck_assert_uint_eq(copy_to_user(UPTR(0x1000), b, 8), 0);
	ck_assert_int_eq(get_user(v, (u32 __user *)UPTR(0x1000)), 0);
	ck_assert_uint_eq(le32_to_cpu(v), 0x04030201);
	/* The third access faults whole, even though the memory is there. */
	ck_assert_uint_eq(copy_to_user(UPTR(0x1000), b + 4, 4), 4);
	ck_assert_uint_eq(ctx.uaccess_fail_nth, 0);
	ck_assert_int_eq(get_user(v, (u32 __user *)UPTR(0x1000)), 0);
	ck_assert_uint_eq(le32_to_cpu(v), 0x04030201);
	ck_assert_uint_eq(ctx.uaccess_calls, 4);

	ctx.uaccess_fail_nth = 1;
	ck_assert_errno(put_user(v, (u32 __user *)UPTR(0x1000)), -EFAULT);
	ctx.uaccess_fail_nth = 1;
	ck_assert_errno(get_user(v, (u32 __user *)UPTR(0x1000)), -EFAULT);
	ck_assert_uint_eq(v, 0);
	ck_assert_uint_eq(ctx.uaccess_calls, 6);
	vr_context_leave(prev);
	vr_mem_destroy(m);
}
END_TEST

/* A direct map: physical = offset into @data's buffer + 0x40000000. */
struct fake_map {
	u8 buf[64];
};

static uint64_t fake_v2p(void *data, const volatile void *addr)
{
	struct fake_map *fm = data;

	return 0x40000000u + (uint64_t)((const volatile u8 *)addr - fm->buf);
}

static void *fake_p2v(void *data, uint64_t phys)
{
	struct fake_map *fm = data;

	if (phys < 0x40000000u || phys >= 0x40000000u + sizeof(fm->buf))
		return NULL;
	return fm->buf + (phys - 0x40000000u);
}

START_TEST(test_io)
{
	static const struct vr_env_ops ops = { .virt_to_phys = fake_v2p, .phys_to_virt = fake_p2v };
	struct fake_map fm;
	struct vr_context ctx, *prev;
	int x;

	/* No environment: one WARN each, and 0 or NULL. */
	vr_warn_reset();
	ck_assert_uint_eq(virt_to_phys(&x), 0);
	ck_assert_uint_eq(vr_warn_count(), 1);
	ck_assert_ptr_null(phys_to_virt(0x1000));
	ck_assert_uint_eq(vr_warn_count(), 2);
	ck_assert_uint_eq(__pa(&x), 0);
	ck_assert_ptr_null(__va(0x1000));
	ck_assert_uint_eq(vr_warn_count(), 4);
	vr_warn_reset();

	vr_context_init(&ctx);
	ctx.env = &ops;
	ctx.env_data = &fm;
	prev = vr_context_enter(&ctx);
	ck_assert_uint_eq(virt_to_phys(&fm.buf[5]), 0x40000005);
	ck_assert_uint_eq(__pa(&fm.buf[0]), 0x40000000);
	ck_assert_ptr_eq(__va(0x40000010), &fm.buf[16]);
	ck_assert_ptr_eq(phys_to_virt(__pa(&fm.buf[63])), &fm.buf[63]);
	ck_assert_ptr_null(phys_to_virt(0x40000040));
	ck_assert_uint_eq(vr_warn_count(), 0);
	vr_context_leave(prev);
}
END_TEST

/* A device of 16 byte-wide registers at bus address 0xfed90000. */
static int fake_mmio(void *data, uint64_t phys, void *buf, unsigned int len, bool write)
{
	u8 *regs = data;

	if (phys < 0xfed90000u || phys + len > 0xfed90010u)
		return -EFAULT;
	if (write)
		memcpy(regs + (phys - 0xfed90000u), buf, len);
	else
		memcpy(buf, regs + (phys - 0xfed90000u), len);
	return 0;
}

START_TEST(test_mmio)
{
	static const struct vr_env_ops ops = { .mmio = fake_mmio };
	static const u8 le_bytes[8] = { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 };
	struct vr_context ctx, *prev;
	u8 regs[16] = { 0 };
	void __iomem *base;
	int x = 0;

	ck_assert_ptr_null(ioremap(0xfed90000u, 0));
	ck_assert_ptr_null(ioremap(UINT64_MAX - 4, 16));
	base = ioremap(0xfed90000u, 16);
	ck_assert_ptr_nonnull(base);

	/* No environment: a load reads all ones, a store goes nowhere. */
	vr_warn_reset();
	ck_assert_uint_eq(readl(base), 0xffffffffu);
	writel(1, base);
	ck_assert_uint_eq(vr_warn_count(), 2);
	vr_warn_reset();

	vr_context_init(&ctx);
	ctx.env = &ops;
	ctx.env_data = regs;
	prev = vr_context_enter(&ctx);
	/* readq() and writeq() are little-endian on the bus, whatever the host. */
	writeq(0x1122334455667788ull, base + 8);
	ck_assert_mem_eq(regs + 8, le_bytes, 8);
	ck_assert_uint_eq(readq(base + 8), 0x1122334455667788ull);
	ck_assert_uint_eq(in_be64(base + 8), 0x8877665544332211ull);
	ck_assert_uint_eq(readl(base + 12), 0x11223344u);
	ck_assert_uint_eq(in_be32(base + 12), 0x44332211u);
	ck_assert_uint_eq(readw(base + 8), 0x7788u);
	ck_assert_uint_eq(in_be16(base + 8), 0x8877u);
	ck_assert_uint_eq(readb(base + 15), 0x11u);
	out_be32(base, 0x0a0b0c0du);
	ck_assert_uint_eq(regs[0], 0x0a);
	ck_assert_uint_eq(regs[3], 0x0d);
	ck_assert_uint_eq(readl(base), 0x0d0c0b0au);
	writew(0xbeef, base + 4);
	ck_assert_uint_eq(regs[4], 0xef);
	ck_assert_uint_eq(regs[5], 0xbe);
	writeb(0x5a, base + 6);
	ck_assert_uint_eq(in_8(base + 6), 0x5a);
	out_be64(base, 0x0102030405060708ull);
	ck_assert_uint_eq(regs[0], 0x01);
	ck_assert_uint_eq(regs[7], 0x08);
	ck_assert_uint_eq(__raw_readq(base), be64_to_cpu(0x0102030405060708ull));
	ck_assert_uint_eq(vr_warn_count(), 0);

	/* Past the device: all ones, and the store changes nothing. */
	ck_assert_uint_eq(readl(base + 16), 0xffffffffu);
	writel(0, base + 14);
	ck_assert_uint_eq(regs[14], 0x22);
	ck_assert_uint_eq(vr_warn_count(), 2);
	/* A host pointer is not a cookie, and a load is 1, 2, 4 or 8 bytes. */
	ck_assert_int_eq(vr_env_mmio(&x, &x, 4, false), -EINVAL);
	ck_assert_int_eq(vr_env_mmio(base, &x, 3, false), -EINVAL);
	ck_assert_uint_eq(vr_warn_count(), 4);
	iounmap(base);
	vr_warn_reset();
	vr_context_leave(prev);
}
END_TEST

START_TEST(test_byteorder)
{
	ck_assert_uint_eq(swab16(0x1234), 0x3412);
	ck_assert_uint_eq(swab32(0x12345678u), 0x78563412u);
	ck_assert_uint_eq(swab64(0x0102030405060708ull), 0x0807060504030201ull);
	/* The bytes of a converted value are in the named order in memory. */
	{
		__be32 be = cpu_to_be32(0x11223344u);
		__le64 le = cpu_to_le64(0x1122334455667788ull);
		const u8 *b = (const u8 *)&be, *l = (const u8 *)&le;

		ck_assert_uint_eq(b[0], 0x11);
		ck_assert_uint_eq(b[3], 0x44);
		ck_assert_uint_eq(l[0], 0x88);
		ck_assert_uint_eq(l[7], 0x11);
		ck_assert_uint_eq(be32_to_cpu(be), 0x11223344u);
		ck_assert_uint_eq(le64_to_cpu(le), 0x1122334455667788ull);
	}
	ck_assert_uint_eq(be16_to_cpu(cpu_to_be16(0xabcd)), 0xabcd);
	ck_assert_uint_eq(le16_to_cpu(cpu_to_le16(0xabcd)), 0xabcd);
	ck_assert_uint_eq(le32_to_cpu(cpu_to_le32(0xabcdef01u)), 0xabcdef01u);
	ck_assert_uint_eq(be64_to_cpu(cpu_to_be64(0xabcdef0123456789ull)), 0xabcdef0123456789ull);
}
END_TEST

START_TEST(test_percpu)
{
	struct vr_context ctx, *prev;
	DEFINE_PER_CPU(int, counter);
	int *p;

	ck_assert_int_eq(NR_CPUS, 64);
	ck_assert_uint_eq(smp_processor_id(), 0);
	vr_context_init(&ctx);
	ctx.cpu = 3;
	prev = vr_context_enter(&ctx);
	ck_assert_uint_eq(smp_processor_id(), 3);
	ck_assert_uint_eq(raw_smp_processor_id(), 3);

	memset(counter, 0, sizeof(counter));
	ck_assert_uint_eq(sizeof(counter), NR_CPUS * sizeof(int));
	this_cpu_write(counter, 7);
	ck_assert_int_eq(per_cpu(counter, 3), 7);
	ck_assert_int_eq(this_cpu_read(counter), 7);
	ck_assert_int_eq(per_cpu(counter, 2) | per_cpu(counter, 4), 0);
	/* The kernel's this_cpu_ptr(&var) and per_cpu_ptr(&var, cpu) on a DEFINE_PER_CPU(). */
	ck_assert_ptr_eq(this_cpu_ptr(&counter), &counter[3]);
	ck_assert_ptr_eq(per_cpu_ptr(&counter, NR_CPUS - 1), &counter[NR_CPUS - 1]);
	*this_cpu_ptr(&counter) = 8;
	ck_assert_int_eq(counter[3], 8);

	p = alloc_percpu(int);
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_eq(this_cpu_ptr(p), p + 3);
	ck_assert_ptr_eq(per_cpu_ptr(p, 0), p);
	ck_assert_ptr_eq(per_cpu_ptr(p, NR_CPUS - 1), p + NR_CPUS - 1);
	*this_cpu_ptr(p) = 9;
	ck_assert_int_eq(p[3], 9);
	ck_assert_int_eq(p[NR_CPUS - 1], 0);
	free_percpu(p);

	/* A CPU number past NR_CPUS is a bug: one WARN, and CPU 0. */
	ctx.cpu = NR_CPUS;
	ck_assert_uint_eq(smp_processor_id(), 0);
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();
	vr_context_leave(prev);
	ck_assert_uint_eq(smp_processor_id(), 0);
}
END_TEST

START_TEST(test_preempt)
{
	unsigned int cpu;

	ck_assert_uint_eq(preempt_count(), 0);
	ck_assert(preemptible());
	preempt_disable();
	preempt_disable();
	ck_assert_uint_eq(preempt_count(), 2);
	ck_assert(!preemptible());
	preempt_enable();
	preempt_enable_no_resched();
	ck_assert_uint_eq(preempt_count(), 0);
	cpu = get_cpu();
	ck_assert_uint_eq(cpu, 0);
	ck_assert_uint_eq(preempt_count(), 1);
	put_cpu();
	ck_assert_uint_eq(preempt_count(), 0);
	local_irq_disable();
	ck_assert(!preemptible());
	local_irq_enable();
	ck_assert_uint_eq(vr_warn_count(), 0);

	/* An enable without a disable: one WARN, the depth stays 0. */
	preempt_enable();
	ck_assert_uint_eq(vr_warn_count(), 1);
	ck_assert_uint_eq(preempt_count(), 0);
	vr_warn_reset();
}
END_TEST

START_TEST(test_printk)
{
	struct vr_text t = VR_TEXT_INIT;
	struct vr_context ctx, *prev;

	/* Narration off: nothing happens. */
	pr_info("dropped %d\n", 1);
	vr_context_init(&ctx);
	ctx.narrate = &t;
	prev = vr_context_enter(&ctx);
	pr_info("flush %d pages\n", 3);
	pr_err("no newline");
	pr_warn("two\n\n");
	pr_debug("%s", "");
	ck_assert_str_eq(vr_text_str(&t), "    # info: linux: flush 3 pages\n"
					  "    # err: linux: no newline\n"
					  "    # warn: linux: two\n"
					  "\n"
					  "    # debug: linux: \n");
	vr_context_leave(prev);
	vr_text_free(&t);
}
END_TEST

START_TEST(test_irqflags)
{
	unsigned long f1 = 7, f2 = 7;

	ck_assert(!irqs_disabled());
	local_irq_save(f1);
	ck_assert_uint_eq(f1, 0);
	ck_assert(irqs_disabled());
	local_irq_save(f2);
	ck_assert_uint_eq(f2, 1);
	local_irq_restore(f2);
	ck_assert(irqs_disabled());
	local_irq_restore(f1);
	ck_assert(!irqs_disabled());
	local_irq_disable();
	ck_assert(irqs_disabled());
	local_irq_enable();
	ck_assert(!irqs_disabled());
}
END_TEST

START_TEST(test_mutex)
{
	DEFINE_MUTEX(m);
	struct mutex m2;

	ck_assert(!mutex_is_locked(&m));
	mutex_lock(&m);
	ck_assert(mutex_is_locked(&m));
	lockdep_assert_held(&m);
	ck_assert_int_eq(mutex_trylock(&m), 0);
	mutex_unlock(&m);
	lockdep_assert_not_held(&m);
	ck_assert_int_eq(mutex_trylock(&m), 1);
	mutex_unlock(&m);
	mutex_init(&m2);
	ck_assert(!mutex_is_locked(&m2));
	mutex_destroy(&m2);
	ck_assert_uint_eq(vr_warn_count(), 0);

	/* Each misuse: exactly one WARN, no hang. */
	mutex_lock(&m);
	mutex_lock(&m);
	ck_assert_uint_eq(vr_warn_count(), 1);
	ck_assert(mutex_is_locked(&m));
	mutex_unlock(&m);
	ck_assert_uint_eq(vr_warn_count(), 1);
	mutex_unlock(&m);
	ck_assert_uint_eq(vr_warn_count(), 2);
	ck_assert(!mutex_is_locked(&m));
	lockdep_assert_held(&m);
	ck_assert_uint_eq(vr_warn_count(), 3);
	mutex_lock(&m);
	mutex_destroy(&m);
	ck_assert_uint_eq(vr_warn_count(), 4);
	vr_warn_reset();
}
END_TEST

START_TEST(test_spinlock)
{
	DEFINE_SPINLOCK(l);
	spinlock_t l2;
	unsigned long flags;

	spin_lock_init(&l2);
	spin_lock(&l2);
	ck_assert(spin_is_locked(&l2));
	lockdep_assert_held(&l2);
	ck_assert_int_eq(spin_trylock(&l2), 0);
	spin_unlock(&l2);
	ck_assert_int_eq(spin_trylock(&l2), 1);
	spin_unlock(&l2);

	spin_lock_irqsave(&l, flags);
	ck_assert(spin_is_locked(&l));
	ck_assert(irqs_disabled());
	ck_assert_uint_eq(flags, 0);
	spin_unlock_irqrestore(&l, flags);
	ck_assert(!spin_is_locked(&l));
	ck_assert(!irqs_disabled());
	spin_lock_irq(&l);
	ck_assert(irqs_disabled());
	spin_unlock_irq(&l);
	ck_assert(!irqs_disabled());
	ck_assert_uint_eq(vr_warn_count(), 0);

	spin_lock(&l);
	spin_lock(&l);
	ck_assert_uint_eq(vr_warn_count(), 1);
	spin_unlock(&l);
	spin_unlock(&l);
	ck_assert_uint_eq(vr_warn_count(), 2);
	lockdep_assert_held(&l);
	ck_assert_uint_eq(vr_warn_count(), 3);
	vr_warn_reset();
}
END_TEST

/* An IOMMU that pins frame iova_pfn + 0x100 and remembers the last call. */
struct fake_iommu {
	uint64_t iova;
	int npage, prot, pins, unpins;
	int fail;
	u8 ram[16];
};

static int fake_pin(void *data, uint64_t iova, int npage, int prot, uint64_t *pfn)
{
	struct fake_iommu *f = data;

	if (f->fail)
		return f->fail;
	f->iova = iova;
	f->npage = npage;
	f->prot = prot;
	f->pins += npage;
	for (int i = 0; i < npage; i++)
		pfn[i] = (iova >> PAGE_SHIFT) + 0x100 + (uint64_t)i;
	return 0;
}

static void fake_unpin(void *data, uint64_t iova, int npage)
{
	struct fake_iommu *f = data;

	f->iova = iova;
	f->unpins += npage;
}

static int fake_dma_rw(void *data, uint64_t iova, void *buf, size_t len, bool write)
{
	struct fake_iommu *f = data;

	if (iova + len > sizeof(f->ram))
		return -EFAULT;
	if (write)
		memcpy(f->ram + iova, buf, len);
	else
		memcpy(buf, f->ram + iova, len);
	return 0;
}

static const struct vr_env_ops fake_iommu_ops = {
	.pin = fake_pin,
	.unpin = fake_unpin,
	.dma_rw = fake_dma_rw,
};

START_TEST(test_vfio_mainline)
{
	struct fake_iommu f = { 0 };
	struct vr_context ctx, *prev;
	struct page *pages[4] = { NULL };
	u8 out[4] = { 1, 2, 3, 4 }, in[4] = { 0 };

	ck_assert_int_eq(KERNEL_VERSION(5, 3, 0), 0x050300);
	ck_assert_int_eq(KERNEL_VERSION(4, 9, 300), 0x0409ff);
	ck_assert_int_ge(LINUX_VERSION_CODE, KERNEL_VERSION(6, 0, 0));
	ck_assert_int_eq(IOMMU_READ, 1);
	ck_assert_int_eq(IOMMU_WRITE, 2);
	ck_assert_uint_eq(VFIO_PIN_PAGES_MAX_ENTRIES, PAGE_SIZE / sizeof(long));

	/* No environment: -EINVAL and one WARN. */
	ck_assert_errno(vfio_pin_pages(NULL, 0x5000, 1, IOMMU_READ, pages), -EINVAL);
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();

	vr_context_init(&ctx);
	ctx.env = &fake_iommu_ops;
	ctx.env_data = &f;
	prev = vr_context_enter(&ctx);
	ck_assert_int_eq(vfio_pin_pages(NULL, 0x5123, 2, IOMMU_READ | IOMMU_WRITE, pages), 2);
	ck_assert_uint_eq(f.iova, 0x5000);
	ck_assert_int_eq(f.npage, 2);
	ck_assert_int_eq(f.prot, 3);
	ck_assert_uint_eq(page_to_pfn(pages[0]), 0x105);
	ck_assert_uint_eq(page_to_pfn(pages[1]), 0x106);
	ck_assert_ptr_null(pages[2]);
	ck_assert_uint_eq(ctx.pin_calls, 1);

	ck_assert_errno(vfio_pin_pages(NULL, 0x5000, 0, IOMMU_READ, pages), -EINVAL);
	ck_assert_errno(vfio_pin_pages(NULL, 0x5000, -1, IOMMU_READ, pages), -EINVAL);
	ck_assert_errno(vfio_pin_pages(NULL, 0x5000, 1, IOMMU_READ, NULL), -EINVAL);
	ck_assert_errno(vfio_pin_pages(NULL, 0x5000, (int)VFIO_PIN_PAGES_MAX_ENTRIES + 1,
				       IOMMU_READ, pages),
			-E2BIG);
	ck_assert_uint_eq(ctx.pin_calls, 1);
	ck_assert_int_eq(f.pins, 2);

	/* The pin fault knob: the second pin from now fails, nothing pinned. */
	ctx.pin_fail_nth = 2;
	ck_assert_int_eq(vfio_pin_pages(NULL, 0x7000, 1, IOMMU_READ, pages), 1);
	ck_assert_errno(vfio_pin_pages(NULL, 0x8000, 1, IOMMU_READ, pages), -EFAULT);
	ck_assert_int_eq(f.pins, 3);
	ck_assert_uint_eq(f.iova, 0x7000);
	ck_assert_uint_eq(ctx.pin_calls, 3);
	f.fail = -ENOSPC;
	ck_assert_errno(vfio_pin_pages(NULL, 0x8000, 1, IOMMU_READ, pages), -ENOSPC);
	f.fail = 0;

	vfio_unpin_pages(NULL, 0x5fff, 2);
	ck_assert_uint_eq(f.iova, 0x5000);
	vfio_unpin_pages(NULL, 0x7000, 1);
	ck_assert_int_eq(f.unpins, 3);
	ck_assert_uint_eq(vr_warn_count(), 0);
	vfio_unpin_pages(NULL, 0x7000, 0);
	ck_assert_uint_eq(vr_warn_count(), 1);
	ck_assert_int_eq(f.unpins, 3);
	vr_warn_reset();

	ck_assert_int_eq(vfio_dma_rw(NULL, 4, out, 4, true), 0);
	ck_assert_int_eq(vfio_dma_rw(NULL, 4, in, 4, false), 0);
	ck_assert_int_eq(memcmp(in, out, 4), 0);
	ck_assert_errno(vfio_dma_rw(NULL, 14, in, 4, false), -EFAULT);
	ck_assert_errno(vfio_dma_rw(NULL, 0, NULL, 4, false), -EINVAL);
	vr_context_leave(prev);
}
END_TEST

struct litem {
	int v;
	struct list_head node;
};

START_TEST(test_list_more)
{
	LIST_HEAD(a);
	LIST_HEAD(b);
	struct litem it[6];
	struct litem *pos, *n;
	struct list_head *p, *q;
	int got[6], k = 0;

	for (int i = 0; i < 6; i++)
		it[i].v = i;
	ck_assert_ptr_null(list_first_entry_or_null(&a, struct litem, node));
	for (int i = 0; i < 3; i++)
		list_add_tail(&it[i].node, &a);
	for (int i = 3; i < 6; i++)
		list_add_tail(&it[i].node, &b);
	ck_assert_ptr_eq(list_first_entry_or_null(&a, struct litem, node), &it[0]);
	ck_assert(list_is_first(&it[0].node, &a));
	ck_assert(!list_is_first(&it[1].node, &a));
	ck_assert(list_is_last(&it[2].node, &a));
	ck_assert(!list_is_last(&it[1].node, &a));
	ck_assert(!list_is_singular(&a));
	ck_assert_ptr_eq(list_prev_entry(&it[1], node), &it[0]);

	list_for_each_entry_reverse(pos, &a, node)
		got[k++] = pos->v;
	ck_assert_int_eq(k, 3);
	ck_assert_int_eq(got[0], 2);
	ck_assert_int_eq(got[2], 0);

	/* _continue starts after @pos; _from at @pos. */
	k = 0;
	pos = &it[0];
	list_for_each_entry_continue(pos, &a, node)
		got[k++] = pos->v;
	ck_assert_int_eq(k, 2);
	ck_assert_int_eq(got[0], 1);
	ck_assert_int_eq(got[1], 2);
	ck_assert(list_entry_is_head(pos, &a, node));
	k = 0;
	pos = &it[1];
	list_for_each_entry_from(pos, &a, node)
		got[k++] = pos->v;
	ck_assert_int_eq(k, 2);
	ck_assert_int_eq(got[0], 1);

	/* b (3 4 5) spliced to a's front: 3 4 5 0 1 2, b left empty. */
	list_splice_init(&b, &a);
	ck_assert(list_empty(&b));
	k = 0;
	list_for_each_entry(pos, &a, node)
		got[k++] = pos->v;
	ck_assert_int_eq(k, 6);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(got[i], (i + 3) % 6);
	list_splice_init(&b, &a);
	ck_assert_ptr_eq(a.next, &it[3].node);

	/* Move 3 4 5 back to b through the tail splice. */
	for (int i = 3; i < 6; i++)
		list_move_tail(&it[i].node, &b);
	list_splice_tail_init(&b, &a);
	k = 0;
	list_for_each_entry(pos, &a, node)
		got[k++] = pos->v;
	ck_assert_int_eq(k, 6);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(got[i], i);
	ck_assert_ptr_eq(a.prev, &it[5].node);
	ck_assert_ptr_eq(it[5].node.next, &a);

	/* list_splice()/list_splice_tail() leave the source head stale. */
	list_del(&it[5].node);
	list_add(&it[5].node, &b);
	list_splice_tail(&b, &a);
	ck_assert_ptr_eq(a.prev, &it[5].node);
	INIT_LIST_HEAD(&b);
	list_del(&it[0].node);
	list_add(&it[0].node, &b);
	list_splice(&b, &a);
	ck_assert_ptr_eq(a.next, &it[0].node);
	ck_assert_ptr_eq(it[0].node.prev, &a);

	k = 0;
	list_for_each_entry_safe_reverse(pos, n, &a, node) {
		got[k++] = pos->v;
		list_del(&pos->node);
	}
	ck_assert_int_eq(k, 6);
	ck_assert_int_eq(got[0], 5);
	ck_assert_int_eq(got[5], 0);
	ck_assert(list_empty(&a));
	list_add(&it[0].node, &a);
	ck_assert(list_is_singular(&a));
	list_for_each_safe(p, q, &a)
		list_del(p);
	ck_assert(list_empty(&a));
}
END_TEST

/* Two pages of "physical memory" at 0x40000000, handed out whole. */
struct fake_pages {
	u8 mem[2][PAGE_SIZE];
	bool used[2];
	struct vr_idr space; /* the machine's space for its one IDR */
	const void *idr;
};

static uint64_t pages_v2p(void *data, const volatile void *addr)
{
	struct fake_pages *fp = data;

	return 0x40000000u + (uint64_t)((const volatile u8 *)addr - fp->mem[0]);
}

static void *pages_p2v(void *data, uint64_t phys)
{
	struct fake_pages *fp = data;

	if (phys < 0x40000000u || phys >= 0x40000000u + sizeof(fp->mem))
		return NULL;
	return fp->mem[0] + (phys - 0x40000000u);
}

static void *pages_alloc(void *data, unsigned int order)
{
	struct fake_pages *fp = data;
	unsigned int i;

	for (i = 0; order == 0 && i < 2; i++) {
		if (!fp->used[i]) {
			fp->used[i] = true;
			memset(fp->mem[i], 0, PAGE_SIZE);
			return fp->mem[i];
		}
	}
	return NULL;
}

static void pages_free(void *data, void *addr, unsigned int order)
{
	struct fake_pages *fp = data;

	ck_assert_uint_eq(order, 0);
	fp->used[(u8 *)addr == fp->mem[1]] = false;
}

static struct vr_idr *pages_idr(void *data, const void *key)
{
	struct fake_pages *fp = data;

	if (fp->idr && fp->idr != key)
		return NULL;
	fp->idr = key;
	return &fp->space;
}

static const struct vr_env_ops pages_ops = {
	.virt_to_phys = pages_v2p,
	.phys_to_virt = pages_p2v,
	.alloc_pages = pages_alloc,
	.free_pages = pages_free,
	.idr = pages_idr,
};

START_TEST(test_gfp)
{
	struct vr_context ctx, *prev;
	struct fake_pages *fp = vr_calloc(1, sizeof(*fp));
	unsigned long a, b;
	struct page *pg;

	/* No environment: one WARN, no page. */
	vr_warn_reset();
	ck_assert_uint_eq(__get_free_page(GFP_KERNEL), 0);
	ck_assert_uint_eq(vr_warn_count(), 1);
	free_page(0);
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();

	vr_context_init(&ctx);
	ctx.env = &pages_ops;
	ctx.env_data = fp;
	prev = vr_context_enter(&ctx);
	fp->mem[0][7] = 0xaa;
	a = get_zeroed_page(GFP_KERNEL);
	ck_assert_ptr_eq((void *)a, fp->mem[0]);
	ck_assert_uint_eq(fp->mem[0][7], 0);
	pg = alloc_pages_node(NUMA_NO_NODE, GFP_KERNEL | __GFP_ZERO, 0);
	ck_assert_uint_eq(page_to_pfn(pg), 0x40001);
	ck_assert_ptr_eq(page_address(pg), fp->mem[1]);
	/* The environment's memory is full; order 1 it never has. */
	ck_assert_uint_eq(__get_free_pages(GFP_KERNEL, 0), 0);
	ck_assert_ptr_null(alloc_pages(GFP_KERNEL, 1));
	__free_pages(pg, 0);
	ck_assert(!fp->used[1]);
	free_page(a);
	ck_assert(!fp->used[0]);
	b = __get_free_page(GFP_ATOMIC);
	ck_assert_ptr_eq((void *)b, fp->mem[0]);
	free_pages(b, 0);
	ck_assert_uint_eq(vr_warn_count(), 0);
	vr_context_leave(prev);
	vr_free(fp);
}
END_TEST

static DEFINE_IDR(machine_idr);

START_TEST(test_idr)
{
	uint64_t live = vr_alloc_live();
	struct vr_context ctx, *prev;
	struct fake_pages *fp = vr_calloc(1, sizeof(*fp));
	int a, b, c;
	struct idr own;

	/* The IDR's own space: lowest free id first, [start, end). */
	idr_init(&own);
	ck_assert_int_eq(idr_alloc(&own, &a, 1, 4, GFP_KERNEL), 1);
	ck_assert_int_eq(idr_alloc(&own, &b, 1, 4, GFP_KERNEL), 2);
	ck_assert_int_eq(idr_alloc(&own, &c, 1, 4, GFP_KERNEL), 3);
	ck_assert_int_eq(idr_alloc(&own, &c, 1, 4, GFP_KERNEL), -ENOSPC);
	ck_assert_ptr_eq(idr_find(&own, 2), &b);
	ck_assert_ptr_null(idr_find(&own, 4));
	ck_assert_ptr_eq(idr_remove(&own, 2), &b);
	ck_assert_ptr_null(idr_remove(&own, 2));
	ck_assert_ptr_null(idr_find(&own, 2));
	ck_assert_int_eq(idr_alloc(&own, NULL, 1, 4, GFP_KERNEL), 2);
	ck_assert_ptr_null(idr_find(&own, 2));
	/* end 0: no limit below INT_MAX; a negative start is refused. */
	ck_assert_int_eq(idr_alloc(&own, &a, 100, 0, GFP_KERNEL), 100);
	ck_assert_int_eq(idr_alloc(&own, &a, INT_MAX, -1, GFP_KERNEL), INT_MAX);
	ck_assert_int_eq(idr_alloc(&own, &a, INT_MAX, 0, GFP_KERNEL), -ENOSPC);
	vr_warn_reset();
	ck_assert_int_eq(idr_alloc(&own, &a, -1, 4, GFP_KERNEL), -EINVAL);
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();
	idr_destroy(&own);
	ck_assert_ptr_null(idr_find(&own, 1));
	ck_assert_uint_eq(vr_alloc_live(), live + 1);

	/* A failed growth leaves the space as it was. */
	vr_alloc_fail_nth(1);
	ck_assert_int_eq(idr_alloc(&own, &a, 0, 0, GFP_KERNEL), -ENOMEM);
	ck_assert_ptr_null(idr_find(&own, 0));

	/* In an environment that keeps spaces, a static IDR is each machine's own. */
	vr_context_init(&ctx);
	ctx.env = &pages_ops;
	ctx.env_data = fp;
	prev = vr_context_enter(&ctx);
	ck_assert_int_eq(idr_alloc(&machine_idr, &a, 1, 0, GFP_KERNEL), 1);
	ck_assert_int_eq(idr_alloc(&machine_idr, &b, 1, 0, GFP_KERNEL), 2);
	ck_assert_uint_eq(fp->space.nr, 2);
	ck_assert_ptr_null(machine_idr.vr_own.slot);
	/* One it cannot make a space for: -ENOMEM, NULL, nothing. */
	ck_assert_int_eq(idr_alloc(&own, &a, 1, 0, GFP_KERNEL), -ENOMEM);
	ck_assert_ptr_null(idr_find(&own, 1));
	ck_assert_ptr_null(idr_remove(&own, 1));
	vr_context_leave(prev);
	ck_assert_ptr_null(idr_find(&machine_idr, 1));
	ck_assert_int_eq(idr_alloc(&machine_idr, &c, 1, 0, GFP_KERNEL), 1);
	idr_destroy(&machine_idr);
	prev = vr_context_enter(&ctx);
	ck_assert_ptr_eq(idr_find(&machine_idr, 2), &b);
	vr_context_leave(prev);
	vr_idr_release(&fp->space);
	vr_free(fp);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_might_sleep)
{
	vr_warn_reset();
	ck_assert(!in_interrupt());
	ck_assert(!in_atomic());
	might_sleep();
	ck_assert_uint_eq(vr_warn_count(), 0);
	preempt_disable();
	ck_assert(in_atomic());
	might_sleep();
	ck_assert_uint_eq(vr_warn_count(), 1);
	preempt_enable();
	vr_warn_reset();
}
END_TEST

START_TEST(test_assert_spin_locked)
{
	DEFINE_SPINLOCK(l);
	DEFINE_RAW_SPINLOCK(r);
	unsigned long flags;

	vr_warn_reset();
	spin_lock(&l);
	assert_spin_locked(&l);
	ck_assert_uint_eq(vr_warn_count(), 0);
	spin_unlock(&l);
	assert_spin_locked(&l);
	ck_assert_uint_eq(vr_warn_count(), 1);
	raw_spin_lock_irqsave(&r, flags);
	ck_assert(irqs_disabled());
	ck_assert(spin_is_locked(&r));
	raw_spin_unlock_irqrestore(&r, flags);
	ck_assert(!irqs_disabled());
	raw_spin_lock(&r);
	raw_spin_unlock(&r);
	ck_assert(!spin_is_locked(&r));
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();
}
END_TEST

// clang-format off
static const struct vr_test err_tests[] = {
	VR_TEST(test_err_ptr),
};

static const struct vr_test bits_tests[] = {
	VR_TEST(test_bits),
	VR_TEST(test_genmask),
	VR_TEST(test_kernel_helpers),
};

static const struct vr_test warn_tests[] = {
	VR_TEST(test_warn_on),
};

static const struct vr_test list_tests[] = {
	VR_TEST(test_list_add),
	VR_TEST(test_list_del_move),
	VR_TEST(test_list_for_each_entry),
	VR_TEST(test_list_more),
	VR_TEST(test_hlist),
};

static const struct vr_test slab_tests[] = {
	VR_TEST(test_slab),
	VR_TEST(test_slab_failures),
};

static const struct vr_test env_tests[] = {
	VR_TEST(test_types),
	VR_TEST(test_compiler),
	VR_TEST(test_string),
	VR_TEST(test_mm),
	VR_TEST(test_io),
	VR_TEST(test_mmio),
	VR_TEST(test_byteorder),
	VR_TEST(test_percpu),
	VR_TEST(test_irqflags),
	VR_TEST(test_preempt),
	VR_TEST(test_might_sleep),
	VR_TEST(test_printk),
	VR_TEST(test_gfp),
	VR_TEST(test_idr),
};

static const struct vr_test bitops_tests[] = {
	VR_TEST(test_bitops),
	VR_TEST(test_find_bit),
	VR_TEST(test_bitmap),
	VR_TEST(test_bitmap_and),
};

static const struct vr_test uaccess_tests[] = {
	VR_TEST(test_uaccess),
	VR_TEST(test_uaccess_fail_nth),
};

static const struct vr_test lock_tests[] = {
	VR_TEST(test_mutex),
	VR_TEST(test_spinlock),
	VR_TEST(test_assert_spin_locked),
};

static const struct vr_test vfio_tests[] = {
	VR_TEST(test_vfio_mainline),
};

static const struct vr_tcase linux_tcases[] = {
	VR_TCASE("err", err_tests),
	VR_TCASE("bits", bits_tests),
	VR_TCASE("warn", warn_tests),
	VR_TCASE("list", list_tests),
	VR_TCASE("slab", slab_tests),
	VR_TCASE("env", env_tests),
	VR_TCASE("bitops", bitops_tests),
	VR_TCASE("uaccess", uaccess_tests),
	VR_TCASE("lock", lock_tests),
	VR_TCASE("vfio", vfio_tests),
};
// clang-format on

const struct vr_suite vr_suite_linux = VR_SUITE("linux", linux_tcases);
