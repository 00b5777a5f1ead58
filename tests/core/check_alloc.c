/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The counting allocator (include/virtref/alloc.h): live counts, the
 * fail-the-Nth knob, and that both are per thread.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include "vr_test.h"

START_TEST(test_malloc_free_counts)
{
	uint64_t live = vr_alloc_live();
	void *a = vr_malloc(16);
	void *b = vr_malloc(4096);

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(vr_alloc_live(), live + 2);
	memset(a, 0x5a, 16);
	memset(b, 0xa5, 4096);
	vr_free(a);
	ck_assert_uint_eq(vr_alloc_live(), live + 1);
	vr_free(b);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_malloc_zero_size)
{
	uint64_t live = vr_alloc_live();
	/* Size 0 is a valid request: it succeeds and is freed like any other. */
	void *p = vr_malloc(0);

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(vr_alloc_live(), live + 1);
	vr_free(p);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_free_null)
{
	uint64_t live = vr_alloc_live();

	vr_free(NULL);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_calloc_zeroed)
{
	uint64_t live = vr_alloc_live();
	unsigned char *p = vr_calloc(64, 33);

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(vr_alloc_live(), live + 1);
	for (size_t i = 0; i < 64 * 33; i++)
		ck_assert_uint_eq(p[i], 0);
	vr_free(p);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_calloc_overflow)
{
	uint64_t live = vr_alloc_live();

	ck_assert_ptr_null(vr_calloc(SIZE_MAX / 2 + 1, 2));
	ck_assert_ptr_null(vr_calloc(2, SIZE_MAX / 2 + 1));
	ck_assert_ptr_null(vr_calloc(SIZE_MAX, SIZE_MAX));
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_realloc_grows_and_keeps)
{
	uint64_t live = vr_alloc_live();
	char *p = vr_realloc(NULL, 8);
	char *q;

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(vr_alloc_live(), live + 1);
	memcpy(p, "virtref", 8);
	q = vr_realloc(p, 1 << 16);
	ck_assert_ptr_nonnull(q);
	ck_assert_str_eq(q, "virtref");
	/* Growing moves the object, it does not add one. */
	ck_assert_uint_eq(vr_alloc_live(), live + 1);
	vr_free(q);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_realloc_failure_keeps_ptr)
{
	uint64_t live = vr_alloc_live();
	char *p = vr_malloc(8);

	ck_assert_ptr_nonnull(p);
	memcpy(p, "kept it", 8);
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(vr_realloc(p, 1 << 20));
	ck_assert(vr_alloc_fault_hit());
	vr_alloc_fail_nth(0);
	ck_assert_str_eq(p, "kept it");
	ck_assert_uint_eq(vr_alloc_live(), live + 1);
	vr_free(p);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_strdup)
{
	uint64_t live = vr_alloc_live();
	const char *src = "pasid table";
	char *p = vr_strdup(src);

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_ne(p, src);
	ck_assert_str_eq(p, src);
	ck_assert_uint_eq(vr_alloc_live(), live + 1);
	vr_free(p);

	p = vr_strdup("");
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p, "");
	vr_free(p);

	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(vr_strdup(src));
	ck_assert(vr_alloc_fault_hit());
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_fail_nth_exactly_one)
{
	uint64_t live = vr_alloc_live();
	void *p[5];

	vr_alloc_fail_nth(3);
	ck_assert(!vr_alloc_fault_hit());
	p[0] = vr_malloc(1);
	p[1] = vr_calloc(1, 1);
	ck_assert(!vr_alloc_fault_hit());
	p[2] = vr_malloc(1);
	ck_assert(vr_alloc_fault_hit());
	p[3] = vr_malloc(1);
	p[4] = vr_malloc(1);
	ck_assert_ptr_nonnull(p[0]);
	ck_assert_ptr_nonnull(p[1]);
	ck_assert_ptr_null(p[2]);
	ck_assert_ptr_nonnull(p[3]);
	ck_assert_ptr_nonnull(p[4]);
	/* Still hit: the flag stays up once the point was reached. */
	ck_assert(vr_alloc_fault_hit());
	ck_assert_uint_eq(vr_alloc_live(), live + 4);
	for (int i = 0; i < 5; i++)
		vr_free(p[i]);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_fail_nth_each_kind)
{
	uint64_t live = vr_alloc_live();
	void *keep = vr_malloc(4);

	ck_assert_ptr_nonnull(keep);
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(vr_malloc(4));
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(vr_calloc(2, 4));
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(vr_realloc(NULL, 4));
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(vr_realloc(keep, 64));
	ck_assert(vr_alloc_fault_hit());
	vr_alloc_fail_nth(0);
	ck_assert_uint_eq(vr_alloc_live(), live + 1);
	vr_free(keep);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_fail_nth_disarm)
{
	void *p;

	vr_alloc_fail_nth(1);
	vr_alloc_fail_nth(0);
	ck_assert(!vr_alloc_fault_hit());
	p = vr_malloc(1);
	ck_assert_ptr_nonnull(p);
	ck_assert(!vr_alloc_fault_hit());
	vr_free(p);

	/* Re-arming lowers the flag a previous failure raised. */
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(vr_malloc(1));
	ck_assert(vr_alloc_fault_hit());
	vr_alloc_fail_nth(2);
	ck_assert(!vr_alloc_fault_hit());
	vr_alloc_fail_nth(0);
}
END_TEST

START_TEST(test_fail_nth_not_reached)
{
	void *p;

	vr_alloc_fail_nth(5);
	p = vr_malloc(1);
	ck_assert_ptr_nonnull(p);
	ck_assert(!vr_alloc_fault_hit());
	vr_free(p);
	vr_alloc_fail_nth(0);
}
END_TEST

START_TEST(test_attempts)
{
	void *a, *b;

	vr_alloc_fail_nth(0);
	ck_assert_uint_eq(vr_alloc_attempts(), 0);
	a = vr_malloc(1);
	ck_assert_uint_eq(vr_alloc_attempts(), 1);
	b = vr_strdup("x");
	ck_assert_uint_eq(vr_alloc_attempts(), 2);
	vr_free(a);
	vr_free(b);
	/* Freeing is not an attempt. */
	ck_assert_uint_eq(vr_alloc_attempts(), 2);

	/* A failed attempt counts too, and arming starts the count again. */
	vr_alloc_fail_nth(1);
	ck_assert_uint_eq(vr_alloc_attempts(), 0);
	ck_assert_ptr_null(vr_malloc(1));
	ck_assert_uint_eq(vr_alloc_attempts(), 1);
	vr_alloc_fail_nth(0);
	ck_assert_uint_eq(vr_alloc_attempts(), 0);
}
END_TEST

struct thread_probe {
	uint64_t live_at_start;
	bool fault_hit_at_start;
	bool malloc_ok;
	uint64_t live_with_object;
};

static void *probe_thread(void *arg)
{
	struct thread_probe *pr = arg;
	void *p;

	pr->live_at_start = vr_alloc_live();
	pr->fault_hit_at_start = vr_alloc_fault_hit();
	p = vr_malloc(32);
	pr->malloc_ok = p != NULL;
	pr->live_with_object = vr_alloc_live();
	vr_free(p);
	return NULL;
}

START_TEST(test_per_thread)
{
	uint64_t live = vr_alloc_live();
	void *mine = vr_malloc(8);
	struct thread_probe pr = { 0 };
	pthread_t th;

	ck_assert_ptr_nonnull(mine);
	/* Armed here and already hit: the other thread sees neither. */
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(vr_malloc(8));
	vr_alloc_fail_nth(2);
	ck_assert_int_eq(pthread_create(&th, NULL, probe_thread, &pr), 0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_uint_eq(pr.live_at_start, 0);
	ck_assert(!pr.fault_hit_at_start);
	ck_assert(pr.malloc_ok);
	ck_assert_uint_eq(pr.live_with_object, 1);
	/* And its attempts did not move this thread's knob. */
	ck_assert_uint_eq(vr_alloc_attempts(), 0);
	ck_assert_uint_eq(vr_alloc_live(), live + 1);
	vr_alloc_fail_nth(0);
	vr_free(mine);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

/* Small and mapped blocks alike: zeroed, counted, failing on demand. */
START_TEST(test_zalloc_large)
{
	static const size_t sizes[] = { 1, 4096, (size_t)2 << 20 };
	uint64_t live = vr_alloc_live();
	size_t i, k;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = vr_zalloc_large(sizes[i], 1);

		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq((uintptr_t)p % 16, 0);
		for (k = 0; k < sizes[i]; k += 1024)
			ck_assert_uint_eq(p[k], 0);
		ck_assert_uint_eq(p[sizes[i] - 1], 0);
		p[sizes[i] - 1] = 0x5a;
		ck_assert_uint_eq(vr_alloc_live(), live + 1);
		vr_free_large(p);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
	vr_free_large(NULL);
	ck_assert_ptr_null(vr_zalloc_large(SIZE_MAX / 2, 4));
	vr_alloc_fail_nth(1);
	ck_assert_ptr_null(vr_zalloc_large((size_t)1 << 20, 1));
	ck_assert(vr_alloc_fault_hit());
	vr_alloc_fail_nth(0);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

static const struct vr_test basic_tests[] = {
	VR_TEST(test_malloc_free_counts),
	VR_TEST(test_malloc_zero_size),
	VR_TEST(test_free_null),
	VR_TEST(test_calloc_zeroed),
	VR_TEST(test_calloc_overflow),
	VR_TEST(test_realloc_grows_and_keeps),
	VR_TEST(test_realloc_failure_keeps_ptr),
	VR_TEST(test_strdup),
	VR_TEST(test_zalloc_large),
};

static const struct vr_test fail_nth_tests[] = {
	VR_TEST(test_fail_nth_exactly_one),
	VR_TEST(test_fail_nth_each_kind),
	VR_TEST(test_fail_nth_disarm),
	VR_TEST(test_fail_nth_not_reached),
	VR_TEST(test_attempts),
};

static const struct vr_test thread_tests[] = {
	VR_TEST(test_per_thread),
};

static const struct vr_tcase alloc_tcases[] = {
	VR_TCASE("basic", basic_tests),
	VR_TCASE("fail_nth", fail_nth_tests),
	VR_TCASE("thread", thread_tests),
};

const struct vr_suite vr_suite_alloc = VR_SUITE("alloc", alloc_tcases);
