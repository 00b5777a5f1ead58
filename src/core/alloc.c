/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The counting allocator.  State is per thread (see alloc.h), so the
 * counters describe what the code on this thread did, and a fail-nth
 * sweep in one test cannot disturb another.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <virtref/alloc.h>

#if defined(__SANITIZE_ADDRESS__)
#define ALLOC_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ALLOC_UNDER_ASAN 1
#endif
#endif
#ifndef ALLOC_UNDER_ASAN
#define ALLOC_UNDER_ASAN 0
#endif

struct alloc_state {
	uint64_t live;
	uint64_t attempts;
	uint64_t fail_at; /* 0: disarmed; else the attempt number to fail */
	bool fault_hit;
};

static _Thread_local struct alloc_state alloc_state;

/* Counts an attempt; false when this one is the injected failure. */
static bool alloc_attempt(void)
{
	struct alloc_state *st = &alloc_state;

	st->attempts++;
	if (st->fail_at && st->attempts == st->fail_at) {
		st->fault_hit = true;
		return false;
	}
	return true;
}

void *vr_malloc(size_t size)
{
	void *p;

	if (!alloc_attempt())
		return NULL;
	p = malloc(size ? size : 1);
	if (p)
		alloc_state.live++;
	return p;
}

void *vr_calloc(size_t n, size_t size)
{
	void *p;

	if (!alloc_attempt())
		return NULL;
	if (size && n > SIZE_MAX / size)
		return NULL;
	p = calloc(n ? n : 1, size ? size : 1);
	if (p)
		alloc_state.live++;
	return p;
}

void *vr_realloc(void *ptr, size_t size)
{
	void *p;

	if (!ptr)
		return vr_malloc(size);
	if (!alloc_attempt())
		return NULL;
	p = realloc(ptr, size ? size : 1);
	return p;
}

void vr_free(void *ptr)
{
	if (!ptr)
		return;
	alloc_state.live--;
	free(ptr);
}

/*
 * What precedes a vr_zalloc_large() block: its mapped length, or 0 for a
 * heap block.  Two words keep the block as aligned as malloc()'s.
 */
struct large_head {
	size_t mapped;
	size_t pad;
};

#define LARGE_MAPPED_FROM ((size_t)64 << 10)

void *vr_zalloc_large(size_t n, size_t size)
{
	struct large_head *h;
	size_t len;

	if (!alloc_attempt())
		return NULL;
	if (size && n > (SIZE_MAX - sizeof(*h)) / size)
		return NULL;
	len = sizeof(*h) + n * size;
	if (ALLOC_UNDER_ASAN || len < LARGE_MAPPED_FROM) {
		h = calloc(1, len);
		if (!h)
			return NULL;
		h->mapped = 0;
	} else {
		/* Anonymous pages read as zeros until written. */
		h = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (h == MAP_FAILED)
			return NULL;
		h->mapped = len;
	}
	alloc_state.live++;
	return h + 1;
}

void vr_free_large(void *ptr)
{
	struct large_head *h;

	if (!ptr)
		return;
	h = (struct large_head *)ptr - 1;
	alloc_state.live--;
	if (h->mapped)
		munmap(h, h->mapped);
	else
		free(h);
}

char *vr_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = vr_malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

uint64_t vr_alloc_live(void)
{
	return alloc_state.live;
}

uint64_t vr_alloc_attempts(void)
{
	return alloc_state.attempts;
}

void vr_alloc_fail_nth(uint64_t nth)
{
	alloc_state.attempts = 0;
	alloc_state.fail_at = nth;
	if (nth)
		alloc_state.fault_hit = false;
}

bool vr_alloc_fault_hit(void)
{
	return alloc_state.fault_hit;
}
