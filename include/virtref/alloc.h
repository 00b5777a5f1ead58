/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The one allocator of the library.
 *
 * Every allocation virtref makes (models, kernel-shaped code through the
 * kmalloc() shim, traces, text buffers) goes through vr_malloc() and
 * friends, which count live objects and can fail on demand:
 *
 *	vr_alloc_fail_nth(3);      the third allocation from now fails
 *	run_sequence();            must return -ENOMEM cleanly
 *	vr_alloc_fault_hit();      true: the failure point was reached
 *	vr_alloc_live();           back to the count before the sequence
 *
 * The counters and the knob are per thread, so tests running in parallel
 * threads do not disturb each other.
 */
#ifndef VIRTREF_ALLOC_H
#define VIRTREF_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <virtref/api.h>

/* Returns NULL on failure, real or injected; size 0 is a valid request. */
VR_API void *vr_malloc(size_t size);
/* Zeroed; NULL on failure or when @n * @size overflows. */
VR_API void *vr_calloc(size_t n, size_t size);
/* Like realloc(); on failure @ptr is left untouched. */
VR_API void *vr_realloc(void *ptr, size_t size);
VR_API void vr_free(void *ptr);
VR_API char *vr_strdup(const char *s);

/* Objects allocated and not yet freed on this thread. */
VR_API uint64_t vr_alloc_live(void);
/* Allocation attempts on this thread since the last vr_alloc_fail_nth(). */
VR_API uint64_t vr_alloc_attempts(void);
/*
 * Makes the @nth allocation attempt from now fail (1 = the next one) and
 * clears the "fault hit" flag; 0 disarms the knob and keeps the flag, so
 * a sweep can disarm first and ask afterwards.  Only that one attempt
 * fails.  Either way the attempt counter restarts at 0.
 */
VR_API void vr_alloc_fail_nth(uint64_t nth);
/* True once the failure point armed last has been reached. */
VR_API bool vr_alloc_fault_hit(void);

#endif
