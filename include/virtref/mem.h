/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Simulated physical memory.
 *
 * A sparse, page-granular address space: guest memory and host memory
 * are separate instances.  Only pages added with vr_mem_add() exist; any
 * access that touches another page fails with -EFAULT and changes
 * nothing.  Multi-byte accessors name their byte order, so big-endian
 * formats (s390 CCWs, XIVE queues) are right on any host.
 *
 * Pinning models what vfio_pin_pages() does: a per-page count that must
 * return to zero, and that keeps a page from being removed.
 *
 *   addr:  | pfn (addr >> 12)                   | offset (12 bits) |
 */
#ifndef VIRTREF_MEM_H
#define VIRTREF_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <virtref/api.h>

#define VR_PAGE_SHIFT 12
#define VR_PAGE_SIZE (1ULL << VR_PAGE_SHIFT)
/* Most pages one space may hold (256 MiB): guest-sized requests stay bounded. */
#define VR_MEM_MAX_PAGES (1ULL << 16)

struct vr_mem;

/* Returns NULL when out of memory.  @name appears in messages. */
VR_API struct vr_mem *vr_mem_create(const char *name);
VR_API void vr_mem_destroy(struct vr_mem *mem);
VR_API const char *vr_mem_name(const struct vr_mem *mem);

/*
 * Backs every page that [addr, addr + len) touches with zeroed memory;
 * pages that exist already keep their contents.
 * Returns 0, -EINVAL (len 0 or the range wraps past 2^64), -ENOMEM (out of
 * memory, or the space would pass VR_MEM_MAX_PAGES; no page was added).
 */
VR_API int vr_mem_add(struct vr_mem *mem, uint64_t addr, uint64_t len);
/*
 * Removes every page [addr, addr + len) touches.
 * Returns 0, -EINVAL (len 0 or wrapping), -EBUSY (a page is pinned;
 * nothing removed).  Pages that were never added are ignored.
 */
VR_API int vr_mem_remove(struct vr_mem *mem, uint64_t addr, uint64_t len);
/* True when every byte of [addr, addr + len) is backed (len 0: true). */
VR_API bool vr_mem_backed(const struct vr_mem *mem, uint64_t addr, uint64_t len);
VR_API uint64_t vr_mem_pages(const struct vr_mem *mem);

/*
 * The backed page holding @addr, read in place (VR_PAGE_SIZE bytes from
 * its start), or NULL when it is not backed.  Writes show through it; it
 * stays valid until the page is removed or @mem destroyed.  For readers
 * that look at many entries of one table, such as a page-table walk.
 */
VR_API const uint8_t *vr_mem_page(const struct vr_mem *mem, uint64_t addr);
/* All or nothing.  Returns 0 or -EFAULT (some byte is not backed). */
VR_API int vr_mem_read(const struct vr_mem *mem, uint64_t addr, void *buf, size_t len);
VR_API int vr_mem_write(struct vr_mem *mem, uint64_t addr, const void *buf, size_t len);
/* Sets [addr, addr + len) to @byte; 0 or -EFAULT. */
VR_API int vr_mem_fill(struct vr_mem *mem, uint64_t addr, int byte, size_t len);

/* Each returns 0 or -EFAULT; on -EFAULT *val is set to 0. */
VR_API int vr_mem_read_u8(const struct vr_mem *mem, uint64_t addr, uint8_t *val);
VR_API int vr_mem_read_be16(const struct vr_mem *mem, uint64_t addr, uint16_t *val);
VR_API int vr_mem_read_be32(const struct vr_mem *mem, uint64_t addr, uint32_t *val);
VR_API int vr_mem_read_be64(const struct vr_mem *mem, uint64_t addr, uint64_t *val);
VR_API int vr_mem_read_le16(const struct vr_mem *mem, uint64_t addr, uint16_t *val);
VR_API int vr_mem_read_le32(const struct vr_mem *mem, uint64_t addr, uint32_t *val);
VR_API int vr_mem_read_le64(const struct vr_mem *mem, uint64_t addr, uint64_t *val);
VR_API int vr_mem_write_u8(struct vr_mem *mem, uint64_t addr, uint8_t val);
VR_API int vr_mem_write_be16(struct vr_mem *mem, uint64_t addr, uint16_t val);
VR_API int vr_mem_write_be32(struct vr_mem *mem, uint64_t addr, uint32_t val);
VR_API int vr_mem_write_be64(struct vr_mem *mem, uint64_t addr, uint64_t val);
VR_API int vr_mem_write_le16(struct vr_mem *mem, uint64_t addr, uint16_t val);
VR_API int vr_mem_write_le32(struct vr_mem *mem, uint64_t addr, uint32_t val);
VR_API int vr_mem_write_le64(struct vr_mem *mem, uint64_t addr, uint64_t val);

/*
 * Counts every successful write; a model can prove it did not write a
 * space by comparing generations before and after.
 */
VR_API uint64_t vr_mem_generation(const struct vr_mem *mem);

/*
 * Pins @npages pages from page frame @pfn.  All or nothing.
 * Returns 0, -EINVAL (npages 0 or wrapping), -EFAULT (a page is not
 * backed), -EOVERFLOW (a page's count would pass UINT32_MAX).
 */
VR_API int vr_mem_pin(struct vr_mem *mem, uint64_t pfn, uint64_t npages);
/* Returns 0, -EINVAL (npages 0, wrapping, or a page is not pinned). */
VR_API int vr_mem_unpin(struct vr_mem *mem, uint64_t pfn, uint64_t npages);
VR_API uint32_t vr_mem_pin_count(const struct vr_mem *mem, uint64_t pfn);
/* Sum of all pin counts: zero when pins are balanced. */
VR_API uint64_t vr_mem_pinned(const struct vr_mem *mem);

#endif
