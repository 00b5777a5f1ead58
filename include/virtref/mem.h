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

#ifdef __cplusplus
extern "C" {
#endif

#define VR_PAGE_SHIFT 12
#define VR_PAGE_SIZE (1ULL << VR_PAGE_SHIFT)
/* Most pages one space may hold (256 MiB): guest-sized requests stay bounded. */
#define VR_MEM_MAX_PAGES (1ULL << 16)

struct vr_mem;

/**
 * vr_mem_create() - an empty memory space
 * @name: shown in messages (at most 31 characters kept), or NULL for "mem"
 *
 * Return: the space, or NULL when out of memory.
 */
VR_API struct vr_mem *vr_mem_create(const char *name);

/**
 * vr_mem_destroy() - frees @mem and every page it holds, pinned or not
 * @mem: the space, or NULL (then nothing happens)
 */
VR_API void vr_mem_destroy(struct vr_mem *mem);

/**
 * vr_mem_name() - the name @mem was created with
 * @mem: the space
 *
 * Return: the name, valid as long as @mem.
 */
VR_API const char *vr_mem_name(const struct vr_mem *mem);

/**
 * vr_mem_add() - backs a range with zeroed pages
 * @mem: the space
 * @addr: first byte of the range
 * @len: bytes in the range
 *
 * Backs every page that [addr, addr + len) touches; pages that exist
 * already keep their contents.  The new pages take one allocation, and
 * one the host never touches until a page is written or viewed with
 * vr_mem_page(): a large range costs what is used of it.  Once backed, a
 * page never needs memory again, so reads, writes and views of it
 * cannot fail.
 *
 * Return:
 * * 0 - every page of the range is backed
 * * -EINVAL - @len is 0 or the range wraps past 2^64
 * * -ENOMEM - out of memory, or the space would pass VR_MEM_MAX_PAGES;
 *   no page was added
 */
VR_API int vr_mem_add(struct vr_mem *mem, uint64_t addr, uint64_t len);

/**
 * vr_mem_remove() - removes every page a range touches
 * @mem: the space
 * @addr: first byte of the range
 * @len: bytes in the range
 *
 * Pages of the range that were never added are ignored.
 *
 * Return:
 * * 0 - no page of the range is left
 * * -EINVAL - @len is 0 or the range wraps past 2^64
 * * -EBUSY - a page of the range is pinned; nothing was removed
 */
VR_API int vr_mem_remove(struct vr_mem *mem, uint64_t addr, uint64_t len);

/**
 * vr_mem_backed() - whether a whole range is backed
 * @mem: the space
 * @addr: first byte of the range
 * @len: bytes in the range
 *
 * Return: true when every byte of [addr, addr + len) is backed (always
 * for @len 0); false otherwise, also when the range wraps past 2^64.
 */
VR_API bool vr_mem_backed(const struct vr_mem *mem, uint64_t addr, uint64_t len);

/**
 * vr_mem_pages() - the number of backed pages
 * @mem: the space
 *
 * Return: how many pages @mem holds.
 */
VR_API uint64_t vr_mem_pages(const struct vr_mem *mem);

/**
 * vr_mem_page() - the backed page holding @addr, read in place
 * @mem: the space
 * @addr: any byte of the page
 *
 * For readers that look at many entries of one table, such as a
 * page-table walk.  Writes show through the pointer; it stays valid until
 * the page is removed or @mem destroyed.
 *
 * Return: the page's first byte (VR_PAGE_SIZE bytes follow), or NULL when
 * the page is not backed.
 */
VR_API const uint8_t *vr_mem_page(const struct vr_mem *mem, uint64_t addr);

/**
 * vr_mem_read() - copies bytes out of the space, all or nothing
 * @mem: the space
 * @addr: first byte to read
 * @buf: where @len bytes go
 * @len: how many; 0 always succeeds
 *
 * Return:
 * * 0 - @buf holds the bytes
 * * -EFAULT - some byte is not backed; @buf is untouched
 */
VR_API int vr_mem_read(const struct vr_mem *mem, uint64_t addr, void *buf, size_t len);

/**
 * vr_mem_write() - copies bytes into the space, all or nothing
 * @mem: the space
 * @addr: first byte to write
 * @buf: @len bytes
 * @len: how many; 0 always succeeds
 *
 * Return:
 * * 0 - written; vr_mem_generation() counts it
 * * -EFAULT - some byte is not backed; nothing was written
 */
VR_API int vr_mem_write(struct vr_mem *mem, uint64_t addr, const void *buf, size_t len);

/**
 * vr_mem_fill() - sets a range to one byte value, all or nothing
 * @mem: the space
 * @addr: first byte to set
 * @byte: the value, converted to unsigned char as by memset()
 * @len: how many bytes; 0 always succeeds
 *
 * Return:
 * * 0 - written; vr_mem_generation() counts it
 * * -EFAULT - some byte is not backed; nothing was written
 */
VR_API int vr_mem_fill(struct vr_mem *mem, uint64_t addr, int byte, size_t len);

/**
 * vr_mem_read_u8() - reads a byte
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: set to the value, or to 0 on failure
 *
 * Return:
 * * 0 - @val holds the value
 * * -EFAULT - some byte is not backed
 */
VR_API int vr_mem_read_u8(const struct vr_mem *mem, uint64_t addr, uint8_t *val);

/**
 * vr_mem_read_be16() - reads a big-endian 16-bit value
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: set to the value, or to 0 on failure
 *
 * Return:
 * * 0 - @val holds the value
 * * -EFAULT - some byte is not backed
 */
VR_API int vr_mem_read_be16(const struct vr_mem *mem, uint64_t addr, uint16_t *val);

/**
 * vr_mem_read_be32() - reads a big-endian 32-bit value
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: set to the value, or to 0 on failure
 *
 * Return:
 * * 0 - @val holds the value
 * * -EFAULT - some byte is not backed
 */
VR_API int vr_mem_read_be32(const struct vr_mem *mem, uint64_t addr, uint32_t *val);

/**
 * vr_mem_read_be64() - reads a big-endian 64-bit value
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: set to the value, or to 0 on failure
 *
 * Return:
 * * 0 - @val holds the value
 * * -EFAULT - some byte is not backed
 */
VR_API int vr_mem_read_be64(const struct vr_mem *mem, uint64_t addr, uint64_t *val);

/**
 * vr_mem_read_le16() - reads a little-endian 16-bit value
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: set to the value, or to 0 on failure
 *
 * Return:
 * * 0 - @val holds the value
 * * -EFAULT - some byte is not backed
 */
VR_API int vr_mem_read_le16(const struct vr_mem *mem, uint64_t addr, uint16_t *val);

/**
 * vr_mem_read_le32() - reads a little-endian 32-bit value
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: set to the value, or to 0 on failure
 *
 * Return:
 * * 0 - @val holds the value
 * * -EFAULT - some byte is not backed
 */
VR_API int vr_mem_read_le32(const struct vr_mem *mem, uint64_t addr, uint32_t *val);

/**
 * vr_mem_read_le64() - reads a little-endian 64-bit value
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: set to the value, or to 0 on failure
 *
 * Return:
 * * 0 - @val holds the value
 * * -EFAULT - some byte is not backed
 */
VR_API int vr_mem_read_le64(const struct vr_mem *mem, uint64_t addr, uint64_t *val);

/**
 * vr_mem_write_u8() - writes a byte
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: the value
 *
 * Return:
 * * 0 - written
 * * -EFAULT - some byte is not backed; nothing was written
 */
VR_API int vr_mem_write_u8(struct vr_mem *mem, uint64_t addr, uint8_t val);

/**
 * vr_mem_write_be16() - writes a big-endian 16-bit value
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: the value
 *
 * Return:
 * * 0 - written
 * * -EFAULT - some byte is not backed; nothing was written
 */
VR_API int vr_mem_write_be16(struct vr_mem *mem, uint64_t addr, uint16_t val);

/**
 * vr_mem_write_be32() - writes a big-endian 32-bit value
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: the value
 *
 * Return:
 * * 0 - written
 * * -EFAULT - some byte is not backed; nothing was written
 */
VR_API int vr_mem_write_be32(struct vr_mem *mem, uint64_t addr, uint32_t val);

/**
 * vr_mem_write_be64() - writes a big-endian 64-bit value
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: the value
 *
 * Return:
 * * 0 - written
 * * -EFAULT - some byte is not backed; nothing was written
 */
VR_API int vr_mem_write_be64(struct vr_mem *mem, uint64_t addr, uint64_t val);

/**
 * vr_mem_write_le16() - writes a little-endian 16-bit value
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: the value
 *
 * Return:
 * * 0 - written
 * * -EFAULT - some byte is not backed; nothing was written
 */
VR_API int vr_mem_write_le16(struct vr_mem *mem, uint64_t addr, uint16_t val);

/**
 * vr_mem_write_le32() - writes a little-endian 32-bit value
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: the value
 *
 * Return:
 * * 0 - written
 * * -EFAULT - some byte is not backed; nothing was written
 */
VR_API int vr_mem_write_le32(struct vr_mem *mem, uint64_t addr, uint32_t val);

/**
 * vr_mem_write_le64() - writes a little-endian 64-bit value
 * @mem: the space
 * @addr: its first byte; it may cross a page boundary
 * @val: the value
 *
 * Return:
 * * 0 - written
 * * -EFAULT - some byte is not backed; nothing was written
 */
VR_API int vr_mem_write_le64(struct vr_mem *mem, uint64_t addr, uint64_t val);

/**
 * vr_mem_generation() - counts every successful write
 * @mem: the space
 *
 * A model can prove it did not write a space by comparing generations
 * before and after.
 *
 * Return: the number of successful writes and fills since creation.
 */
VR_API uint64_t vr_mem_generation(const struct vr_mem *mem);

/**
 * vr_mem_pin() - pins pages, as vfio_pin_pages() does, all or nothing
 * @mem: the space
 * @pfn: first page frame
 * @npages: how many pages from @pfn
 *
 * Return:
 * * 0 - every page's pin count went up by one
 * * -EINVAL - @npages is 0 or the range passes the top of a 64-bit space
 * * -EFAULT - a page is not backed; nothing was pinned
 * * -EOVERFLOW - a page's count would pass UINT32_MAX; nothing was pinned
 */
VR_API int vr_mem_pin(struct vr_mem *mem, uint64_t pfn, uint64_t npages);

/**
 * vr_mem_unpin() - drops one pin of each page, all or nothing
 * @mem: the space
 * @pfn: first page frame
 * @npages: how many pages from @pfn
 *
 * Return:
 * * 0 - every page's pin count went down by one
 * * -EINVAL - @npages is 0, the range passes the top of a 64-bit space, or a
 *   page is not backed or not pinned; nothing was unpinned
 */
VR_API int vr_mem_unpin(struct vr_mem *mem, uint64_t pfn, uint64_t npages);

/**
 * vr_mem_pin_count() - the pin count of one page
 * @mem: the space
 * @pfn: the page frame
 *
 * Return: how many pins the page holds; 0 when it is not backed.
 */
VR_API uint32_t vr_mem_pin_count(const struct vr_mem *mem, uint64_t pfn);

/**
 * vr_mem_pinned() - the sum of all pin counts
 * @mem: the space
 *
 * Return: the sum; zero when pins are balanced.
 */
VR_API uint64_t vr_mem_pinned(const struct vr_mem *mem);

#ifdef __cplusplus
}
#endif

#endif
