/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The counting allocator.  State is per thread (see alloc.h), so the
 * counters describe what the code on this thread did, and a fail-nth
 * sweep in one test cannot disturb another.
 */
#include <stdlib.h>
#include <string.h>
#include <virtref/alloc.h>

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
