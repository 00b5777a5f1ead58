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

#ifdef __cplusplus
extern "C" {
#endif

/**
 * vr_malloc() - allocates @size bytes, counted
 * @size: bytes wanted; 0 is a valid request and gives a unique pointer
 *
 * Return: the memory, or NULL on failure, real or injected by
 * vr_alloc_fail_nth().
 */
VR_API void *vr_malloc(size_t size);

/**
 * vr_calloc() - allocates @n zeroed elements of @size bytes, counted
 * @n: number of elements
 * @size: bytes per element
 *
 * Return: the zeroed memory, or NULL on failure, real or injected, or
 * when @n * @size overflows.
 */
VR_API void *vr_calloc(size_t n, size_t size);

/**
 * vr_realloc() - resizes an allocation like realloc()
 * @ptr: memory from vr_malloc() and friends, or NULL (then as vr_malloc())
 * @size: new size in bytes
 *
 * Return: the resized memory, or NULL on failure, real or injected; then
 * @ptr is left untouched and still owned by the caller.
 */
VR_API void *vr_realloc(void *ptr, size_t size);

/**
 * vr_free() - frees memory from vr_malloc() and friends
 * @ptr: the memory, or NULL (then nothing happens)
 */
VR_API void vr_free(void *ptr);

/**
 * struct vr_alloc_tag - a range of memory a model hands out itself
 * @base: first byte
 * @len: bytes
 * @release: kfree() of a pointer into the range calls this instead of
 *           vr_free()
 * @next: the allocator's list
 *
 * The tag of a host DMA pool: its blocks are carved from one buffer, and
 * a kernel file's kfree() of one gives it back to the pool.
 */
struct vr_alloc_tag {
	const void *base;
	size_t len;
	void (*release)(struct vr_alloc_tag *tag, void *ptr);
	struct vr_alloc_tag *next;
};

/**
 * vr_alloc_tag_add() - makes kfree() of pointers into @tag's range call
 * its release
 * @tag: filled in but @next; stays registered on this thread until
 *       vr_alloc_tag_del()
 */
VR_API void vr_alloc_tag_add(struct vr_alloc_tag *tag);

/**
 * vr_alloc_tag_del() - undoes vr_alloc_tag_add()
 * @tag: a registered tag, or one never added (then nothing happens)
 */
VR_API void vr_alloc_tag_del(struct vr_alloc_tag *tag);

/**
 * struct vr_kmem - the kernel allocations a model's environment owns
 * @slot: open-addressed set of the live allocations (NULL: empty)
 * @cap: slots, a power of two, or 0
 * @n: live allocations
 *
 * Zero-initialised it is empty.  The allocator's own.
 */
struct vr_kmem {
	void **slot;
	size_t cap, n;
};

/**
 * vr_kmalloc() - what kmalloc() and friends do
 * @n: elements
 * @size: bytes each
 * @gfp: 0x01 (GFP_DMA): from the context environment's dma_alloc() when
 *       it has one; 0x100 (__GFP_ZERO): zeroed
 *
 * Memory that is not the environment's DMA memory is vr_malloc()'s, owned
 * by the environment's kmem when it has one.
 *
 * Return: the memory (kfree() it), or NULL on failure, real or injected,
 * or when @n * @size overflows.
 */
VR_API void *vr_kmalloc(size_t n, size_t size, unsigned int gfp);

/**
 * vr_kfree() - what kfree() does: the tagged range's release, or vr_free()
 * @ptr: memory from kmalloc() and friends, or NULL (then nothing happens)
 *
 * An allocation the current environment's kmem owns leaves it.
 */
VR_API void vr_kfree(const void *ptr);

/**
 * vr_kmem_free_all() - frees what kernel code left allocated
 * @km: the owner; empty afterwards
 *
 * Return: the number of allocations freed.
 */
VR_API size_t vr_kmem_free_all(struct vr_kmem *km);

/**
 * vr_zalloc_large() - @n zeroed elements of @size bytes that cost only
 * what is touched of them, counted
 * @n: elements
 * @size: bytes each
 *
 * For large buffers most of which may stay untouched, as the kernel's
 * kvzalloc() gives a dirty bitmap: from 64 KiB on, the memory is mapped
 * anonymously and the host backs each page when it is first written.
 * Under AddressSanitizer it comes from the heap, so that overflows are
 * still caught.
 *
 * Return: the memory, to be freed with vr_free_large() only, or NULL on
 * failure, real or injected.
 */
VR_API void *vr_zalloc_large(size_t n, size_t size);

/**
 * vr_free_large() - frees memory from vr_zalloc_large()
 * @ptr: the memory, or NULL (then nothing happens)
 */
VR_API void vr_free_large(void *ptr);

/**
 * vr_strdup() - a counted copy of a string
 * @s: a NUL-terminated string
 *
 * Return: the copy, to be freed with vr_free(), or NULL on failure, real
 * or injected.
 */
VR_API char *vr_strdup(const char *s);

/**
 * vr_alloc_live() - objects allocated and not yet freed on this thread
 *
 * Return: the count; equal before and after a sequence that frees all
 * it allocates.
 */
VR_API uint64_t vr_alloc_live(void);

/**
 * vr_alloc_attempts() - allocation attempts on this thread
 *
 * Return: attempts since the last vr_alloc_fail_nth(), the failed ones
 * included.
 */
VR_API uint64_t vr_alloc_attempts(void);

/**
 * vr_alloc_fail_nth() - arms an injected allocation failure
 * @nth: the attempt from now that fails (1 = the next one), or 0
 *
 * Only that one attempt fails; a non-zero @nth also clears the "fault
 * hit" flag.  0 disarms the knob and keeps the flag, so a sweep can
 * disarm first and ask afterwards.  Either way the attempt counter
 * restarts at 0.
 */
VR_API void vr_alloc_fail_nth(uint64_t nth);

/**
 * vr_alloc_fault_hit() - whether the armed failure point was reached
 *
 * Return: true once the attempt vr_alloc_fail_nth() armed last has
 * failed, false before.
 */
VR_API bool vr_alloc_fault_hit(void);

#ifdef __cplusplus
}
#endif

#endif
