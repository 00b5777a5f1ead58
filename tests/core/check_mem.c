/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Simulated memory (include/virtref/mem.h): backing pages, all-or-nothing
 * access, the byte order of every accessor on known patterns, page
 * crossings, the top of the address space, pinning, and allocation
 * failure inside vr_mem_create() and vr_mem_add().
 */
#include <stdint.h>
#include <string.h>
#include <virtref/linux/errno.h>
#include "vr_test.h"

#define PG VR_PAGE_SIZE
#define TOP_PAGE (UINT64_MAX - VR_PAGE_SIZE + 1)
#define TOP_PFN (UINT64_MAX >> VR_PAGE_SHIFT)

static const uint8_t pattern[8] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };

static struct vr_mem *new_mem(void)
{
	struct vr_mem *m = vr_mem_create("guest");

	ck_assert_ptr_nonnull(m);
	return m;
}

/* Reads @len bytes at @addr and compares them with @want. */
static void assert_bytes(const struct vr_mem *m, uint64_t addr, const void *want, size_t len)
{
	uint8_t got[64];

	ck_assert_uint_le(len, sizeof(got));
	ck_assert_int_eq(vr_mem_read(m, addr, got, len), 0);
	ck_assert(memcmp(got, want, len) == 0);
}

START_TEST(test_create_destroy)
{
	uint64_t live = vr_alloc_live();
	struct vr_mem *m = new_mem();

	ck_assert_str_eq(vr_mem_name(m), "guest");
	ck_assert_uint_eq(vr_mem_pages(m), 0);
	ck_assert_uint_eq(vr_mem_pinned(m), 0);
	ck_assert(!vr_mem_backed(m, 0, 1));
	vr_mem_destroy(m);
	ck_assert_uint_eq(vr_alloc_live(), live);
	vr_mem_destroy(NULL);
}
END_TEST

START_TEST(test_two_spaces_independent)
{
	struct vr_mem *g = vr_mem_create("guest");
	struct vr_mem *h = vr_mem_create("host");
	uint32_t v;

	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(vr_mem_name(h), "host");
	ck_assert_int_eq(vr_mem_add(g, 0x1000, PG), 0);
	ck_assert_int_eq(vr_mem_add(h, 0x1000, PG), 0);
	ck_assert_int_eq(vr_mem_write_be32(g, 0x1000, 0xdeadbeef), 0);
	ck_assert_int_eq(vr_mem_read_be32(h, 0x1000, &v), 0);
	ck_assert_uint_eq(v, 0);
	vr_mem_destroy(g);
	vr_mem_destroy(h);
}
END_TEST

START_TEST(test_add_counts_touched_pages)
{
	struct vr_mem *m = new_mem();

	ck_assert_int_eq(vr_mem_add(m, 0x1000, 1), 0);
	ck_assert_uint_eq(vr_mem_pages(m), 1);
	ck_assert(vr_mem_backed(m, 0x1000, PG));
	ck_assert(!vr_mem_backed(m, 0x0fff, 1));
	ck_assert(!vr_mem_backed(m, 0x2000, 1));
	/* Two bytes across a boundary touch two pages; one exists already. */
	ck_assert_int_eq(vr_mem_add(m, 0x1fff, 2), 0);
	ck_assert_uint_eq(vr_mem_pages(m), 2);
	ck_assert(vr_mem_backed(m, 0x1000, 2 * PG));
	/* Unaligned start and length still cover whole pages. */
	ck_assert_int_eq(vr_mem_add(m, 0x10010, 0x2000), 0);
	ck_assert_uint_eq(vr_mem_pages(m), 5);
	ck_assert(vr_mem_backed(m, 0x10000, 3 * PG));
	ck_assert(!vr_mem_backed(m, 0x13000, 1));
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_add_zeroed_and_keeps_contents)
{
	struct vr_mem *m = new_mem();
	uint8_t zero[64] = { 0 };

	ck_assert_int_eq(vr_mem_add(m, 0x4000, PG), 0);
	assert_bytes(m, 0x4000, zero, sizeof(zero));
	assert_bytes(m, 0x4fc0, zero, sizeof(zero));
	ck_assert_int_eq(vr_mem_write(m, 0x4ff8, pattern, 8), 0);
	/* Re-adding an overlapping range leaves existing pages alone. */
	ck_assert_int_eq(vr_mem_add(m, 0x3000, 3 * PG), 0);
	assert_bytes(m, 0x4ff8, pattern, 8);
	assert_bytes(m, 0x3000, zero, sizeof(zero));
	assert_bytes(m, 0x5000, zero, sizeof(zero));
	ck_assert_uint_eq(vr_mem_pages(m), 3);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_add_invalid)
{
	struct vr_mem *m = new_mem();
	uint64_t live;

	ck_assert_int_eq(vr_mem_add(m, 0x1000, PG), 0);
	live = vr_alloc_live();
	ck_assert_errno(vr_mem_add(m, 0x2000, 0), -EINVAL);
	ck_assert_errno(vr_mem_add(m, UINT64_MAX, 2), -EINVAL);
	ck_assert_errno(vr_mem_add(m, TOP_PAGE, PG + 1), -EINVAL);
	/* [1, 2^64) ends at the top, [2, 2^64 + 1) goes past it. */
	ck_assert_errno(vr_mem_add(m, 2, UINT64_MAX), -EINVAL);
	ck_assert_errno(vr_mem_add(m, UINT64_MAX, UINT64_MAX), -EINVAL);
	ck_assert_uint_eq(vr_mem_pages(m), 1);
	ck_assert_uint_eq(vr_alloc_live(), live);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_add_too_many_pages)
{
	struct vr_mem *m = new_mem();
	uint64_t live;

	ck_assert_int_eq(vr_mem_add(m, 0, PG), 0);
	live = vr_alloc_live();
	/* More than a space may hold: refused before anything is added. */
	ck_assert_errno(vr_mem_add(m, PG, (VR_MEM_MAX_PAGES + 1) * PG), -ENOMEM);
	ck_assert_errno(vr_mem_add(m, 0, UINT64_MAX), -ENOMEM);
	/* One page already exists: MAX more would pass the limit. */
	ck_assert_errno(vr_mem_add(m, PG, VR_MEM_MAX_PAGES * PG), -ENOMEM);
	ck_assert_uint_eq(vr_mem_pages(m), 1);
	ck_assert_uint_eq(vr_alloc_live(), live);
	ck_assert(!vr_mem_backed(m, PG, 1));
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_top_of_address_space)
{
	struct vr_mem *m = new_mem();
	uint64_t v = 1;
	uint32_t v32;
	uint8_t b[4];

	/* The last page ends exactly at 2^64: that does not wrap. */
	ck_assert_int_eq(vr_mem_add(m, TOP_PAGE, PG), 0);
	ck_assert_uint_eq(vr_mem_pages(m), 1);
	ck_assert(vr_mem_backed(m, TOP_PAGE, PG));
	ck_assert(vr_mem_backed(m, UINT64_MAX, 1));
	ck_assert_int_eq(vr_mem_write_be64(m, UINT64_MAX - 7, 0x1122334455667788ULL), 0);
	ck_assert_int_eq(vr_mem_read_be64(m, UINT64_MAX - 7, &v), 0);
	ck_assert_uint_eq(v, 0x1122334455667788ULL);
	ck_assert_int_eq(vr_mem_read_u8(m, UINT64_MAX, b), 0);
	ck_assert_uint_eq(b[0], 0x88);
	/* Past the end there is nothing: a wrapping access faults. */
	ck_assert_int_eq(vr_mem_add(m, 0, PG), 0);
	ck_assert_errno(vr_mem_read(m, UINT64_MAX - 1, b, 4), -EFAULT);
	ck_assert_errno(vr_mem_read_be32(m, UINT64_MAX - 1, &v32), -EFAULT);
	ck_assert_errno(vr_mem_write(m, UINT64_MAX, b, 2), -EFAULT);
	ck_assert_errno(vr_mem_write_le64(m, UINT64_MAX - 3, 0), -EFAULT);
	ck_assert_errno(vr_mem_fill(m, UINT64_MAX, 0, 2), -EFAULT);
	ck_assert(!vr_mem_backed(m, UINT64_MAX, 2));
	ck_assert_int_eq(vr_mem_read_be64(m, UINT64_MAX - 7, &v), 0);
	ck_assert_uint_eq(v, 0x1122334455667788ULL);
	ck_assert_int_eq(vr_mem_read_u8(m, 0, b), 0);
	ck_assert_uint_eq(b[0], 0);
	ck_assert_int_eq(vr_mem_remove(m, TOP_PAGE, PG), 0);
	ck_assert_uint_eq(vr_mem_pages(m), 1);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_backed)
{
	struct vr_mem *m = new_mem();

	ck_assert(vr_mem_backed(m, 0x5000, 0));
	ck_assert(vr_mem_backed(m, UINT64_MAX, 0));
	ck_assert_int_eq(vr_mem_add(m, 0x1000, PG), 0);
	ck_assert_int_eq(vr_mem_add(m, 0x3000, PG), 0);
	ck_assert(vr_mem_backed(m, 0x1000, PG));
	ck_assert(vr_mem_backed(m, 0x1fff, 1));
	ck_assert(!vr_mem_backed(m, 0x1fff, 2));
	ck_assert(!vr_mem_backed(m, 0x1000, 3 * PG));
	ck_assert(!vr_mem_backed(m, 0x2000, 1));
	ck_assert(vr_mem_backed(m, 0x3000, PG));
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_remove)
{
	uint64_t live = vr_alloc_live();
	struct vr_mem *m = new_mem();
	uint64_t with_mem = vr_alloc_live();
	uint8_t b;

	ck_assert_int_eq(vr_mem_add(m, 0x1000, 4 * PG), 0);
	ck_assert_int_eq(vr_mem_write_u8(m, 0x3000, 0x77), 0);
	/* One byte removes its whole page. */
	ck_assert_int_eq(vr_mem_remove(m, 0x2abc, 1), 0);
	ck_assert_uint_eq(vr_mem_pages(m), 3);
	ck_assert(!vr_mem_backed(m, 0x2000, 1));
	ck_assert_errno(vr_mem_read_u8(m, 0x2000, &b), -EFAULT);
	ck_assert(vr_mem_backed(m, 0x1000, PG));
	ck_assert(vr_mem_backed(m, 0x3000, 2 * PG));
	ck_assert_int_eq(vr_mem_read_u8(m, 0x3000, &b), 0);
	ck_assert_uint_eq(b, 0x77);
	/* Pages never added are ignored. */
	ck_assert_int_eq(vr_mem_remove(m, 0x100000, 16 * PG), 0);
	ck_assert_int_eq(vr_mem_remove(m, 0x1000, 5 * PG), 0);
	ck_assert_uint_eq(vr_mem_pages(m), 0);
	ck_assert_uint_eq(vr_alloc_live(), with_mem);
	/* A page added again starts zeroed. */
	ck_assert_int_eq(vr_mem_add(m, 0x3000, 1), 0);
	ck_assert_int_eq(vr_mem_read_u8(m, 0x3000, &b), 0);
	ck_assert_uint_eq(b, 0);
	vr_mem_destroy(m);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_remove_invalid)
{
	struct vr_mem *m = new_mem();

	ck_assert_int_eq(vr_mem_add(m, 0x1000, PG), 0);
	ck_assert_errno(vr_mem_remove(m, 0x1000, 0), -EINVAL);
	ck_assert_errno(vr_mem_remove(m, UINT64_MAX, 2), -EINVAL);
	ck_assert_errno(vr_mem_remove(m, 0x1000, UINT64_MAX), -EINVAL);
	ck_assert_uint_eq(vr_mem_pages(m), 1);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_read_write_roundtrip)
{
	struct vr_mem *m = new_mem();
	uint8_t buf[300], back[300];

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	ck_assert_int_eq(vr_mem_add(m, 0x1000, 2 * PG), 0);
	/* Across the boundary between two backed pages. */
	ck_assert_int_eq(vr_mem_write(m, 0x2000 - 100, buf, sizeof(buf)), 0);
	memset(back, 0, sizeof(back));
	ck_assert_int_eq(vr_mem_read(m, 0x2000 - 100, back, sizeof(back)), 0);
	ck_assert(memcmp(buf, back, sizeof(buf)) == 0);
	/* Each side holds its own part. */
	ck_assert_int_eq(vr_mem_read(m, 0x2000, back, 200), 0);
	ck_assert(memcmp(buf + 100, back, 200) == 0);
	/* Zero-length access touches no byte, so it cannot fault. */
	ck_assert_int_eq(vr_mem_read(m, 0x900000, back, 0), 0);
	ck_assert_int_eq(vr_mem_write(m, 0x900000, buf, 0), 0);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_whole_page_and_more)
{
	struct vr_mem *m = new_mem();
	static uint8_t buf[3 * 4096], back[3 * 4096];

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i ^ (i >> 8));
	ck_assert_int_eq(vr_mem_add(m, 0x7000, 4 * PG), 0);
	ck_assert_int_eq(vr_mem_write(m, 0x7800, buf, sizeof(buf)), 0);
	ck_assert_int_eq(vr_mem_read(m, 0x7800, back, sizeof(back)), 0);
	ck_assert(memcmp(buf, back, sizeof(buf)) == 0);
	vr_mem_destroy(m);
}
END_TEST

/* The in-place view: the page's start, live under writes, NULL unbacked. */
START_TEST(test_page_view)
{
	struct vr_mem *m = new_mem();
	const uint8_t *page;

	ck_assert_ptr_null(vr_mem_page(m, 0x3000));
	ck_assert_int_eq(vr_mem_add(m, 0x3000, VR_PAGE_SIZE), 0);
	page = vr_mem_page(m, 0x3ff8);
	ck_assert_ptr_nonnull(page);
	ck_assert_ptr_eq(vr_mem_page(m, 0x3000), page);
	ck_assert_uint_eq(page[0xff8], 0);
	ck_assert_int_eq(vr_mem_write(m, 0x3ff8, pattern, sizeof(pattern)), 0);
	ck_assert_int_eq(memcmp(page + 0xff8, pattern, sizeof(pattern)), 0);
	ck_assert_ptr_null(vr_mem_page(m, 0x4000));
	ck_assert_ptr_null(vr_mem_page(m, UINT64_MAX));
	ck_assert_int_eq(vr_mem_remove(m, 0x3000, 1), 0);
	ck_assert_ptr_null(vr_mem_page(m, 0x3000));
	vr_mem_destroy(m);
}
END_TEST

/*
 * One add takes one allocation, however many pages it backs, and once a
 * page is backed nothing done to it allocates or fails: not the first
 * write, not the in-place view, not a read of a page never written.
 */
START_TEST(test_add_allocates_once)
{
	struct vr_mem *m = new_mem();
	uint8_t buf[2 * VR_PAGE_SIZE];
	const uint8_t *page;
	uint64_t before, live;
	size_t i;

	/* The hash table grows first: 256 pages keep it at most half full. */
	ck_assert_int_eq(vr_mem_add(m, 0x100000, 300 * VR_PAGE_SIZE), 0);
	ck_assert_int_eq(vr_mem_remove(m, 0x100000, 300 * VR_PAGE_SIZE), 0);
	before = vr_alloc_attempts();
	live = vr_alloc_live();
	ck_assert_int_eq(vr_mem_add(m, 0x100000, 256 * VR_PAGE_SIZE), 0);
	ck_assert_uint_eq(vr_alloc_attempts() - before, 1);
	ck_assert_uint_eq(vr_alloc_live() - live, 1);
	memset(buf, 0xaa, sizeof(buf));
	ck_assert_int_eq(vr_mem_read(m, 0x17f800, buf, sizeof(buf)), 0);
	for (i = 0; i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], 0);
	page = vr_mem_page(m, 0x1ff000);
	for (i = 0; i < VR_PAGE_SIZE; i++)
		ck_assert_uint_eq(page[i], 0);
	ck_assert_int_eq(vr_mem_write(m, 0x1fff00, pattern, sizeof(pattern)), 0);
	ck_assert_int_eq(vr_mem_fill(m, 0x100ff0, 0x5a, 0x20), 0);
	ck_assert_uint_eq(vr_alloc_attempts() - before, 1);
	assert_bytes(m, 0x1fff00, pattern, sizeof(pattern));
	ck_assert_int_eq(vr_mem_read(m, 0x100fe0, buf, 0x40), 0);
	for (i = 0; i < 0x40; i++)
		ck_assert_uint_eq(buf[i], i >= 0x10 && i < 0x30 ? 0x5a : 0);
	/* The block goes with its last page, whatever the order of removal. */
	ck_assert_int_eq(vr_mem_remove(m, 0x180000, 1), 0);
	ck_assert_uint_eq(vr_alloc_live() - live, 1);
	ck_assert_int_eq(vr_mem_remove(m, 0x100000, 0x80000), 0);
	ck_assert_uint_eq(vr_alloc_live() - live, 1);
	ck_assert_int_eq(vr_mem_remove(m, 0x181000, 0x7f000), 0);
	ck_assert_uint_eq(vr_alloc_live(), live);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_unbacked_all_or_nothing)
{
	struct vr_mem *m = new_mem();
	uint8_t ones[16], buf[16], zero[16] = { 0 };
	uint64_t gen;

	memset(ones, 0xff, sizeof(ones));
	ck_assert_int_eq(vr_mem_add(m, 0x1000, PG), 0);
	gen = vr_mem_generation(m);
	/* Last 8 bytes of a backed page and 8 of an unbacked one. */
	ck_assert_errno(vr_mem_write(m, 0x1ff8, ones, 16), -EFAULT);
	ck_assert_errno(vr_mem_fill(m, 0x1ff8, 0xff, 16), -EFAULT);
	ck_assert_errno(vr_mem_write_be64(m, 0x1ffc, UINT64_MAX), -EFAULT);
	ck_assert_errno(vr_mem_write_le32(m, 0x1ffe, UINT32_MAX), -EFAULT);
	ck_assert_errno(vr_mem_write_be16(m, 0x1fff, UINT16_MAX), -EFAULT);
	ck_assert_errno(vr_mem_write_u8(m, 0x2000, 0xff), -EFAULT);
	ck_assert_errno(vr_mem_write(m, 0x0ff8, ones, 16), -EFAULT);
	ck_assert_uint_eq(vr_mem_generation(m), gen);
	assert_bytes(m, 0x1ff0, zero, 16);
	assert_bytes(m, 0x1000, zero, 16);

	/* A failed read leaves the caller's buffer alone. */
	ck_assert_int_eq(vr_mem_fill(m, 0x1ff8, 0x5a, 8), 0);
	memset(buf, 0xee, sizeof(buf));
	ck_assert_errno(vr_mem_read(m, 0x1ff8, buf, 16), -EFAULT);
	for (size_t i = 0; i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], 0xee);
	ck_assert_errno(vr_mem_read(m, 0x50000, buf, 1), -EFAULT);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_read_accessors_known_bytes)
{
	struct vr_mem *m = new_mem();
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;
	/* _i: offset in the page, so the pattern also straddles a boundary. */
	uint64_t addr = 0x1000 + (_i == 0 ? 0 : PG - (uint64_t)_i);

	ck_assert_int_eq(vr_mem_add(m, 0x1000, 2 * PG), 0);
	ck_assert_int_eq(vr_mem_write(m, addr, pattern, 8), 0);
	ck_assert_int_eq(vr_mem_read_u8(m, addr, &u8), 0);
	ck_assert_uint_eq(u8, 0x01);
	ck_assert_int_eq(vr_mem_read_be16(m, addr, &u16), 0);
	ck_assert_uint_eq(u16, 0x0102);
	ck_assert_int_eq(vr_mem_read_le16(m, addr, &u16), 0);
	ck_assert_uint_eq(u16, 0x0201);
	ck_assert_int_eq(vr_mem_read_be32(m, addr, &u32), 0);
	ck_assert_uint_eq(u32, 0x01020304);
	ck_assert_int_eq(vr_mem_read_le32(m, addr, &u32), 0);
	ck_assert_uint_eq(u32, 0x04030201);
	ck_assert_int_eq(vr_mem_read_be64(m, addr, &u64), 0);
	ck_assert_uint_eq(u64, 0x0102030405060708ULL);
	ck_assert_int_eq(vr_mem_read_le64(m, addr, &u64), 0);
	ck_assert_uint_eq(u64, 0x0807060504030201ULL);
	/* And one byte in: an odd address is no special case. */
	ck_assert_int_eq(vr_mem_read_be32(m, addr + 1, &u32), 0);
	ck_assert_uint_eq(u32, 0x02030405);
	ck_assert_int_eq(vr_mem_read_le16(m, addr + 3, &u16), 0);
	ck_assert_uint_eq(u16, 0x0504);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_write_accessors_known_bytes)
{
	struct vr_mem *m = new_mem();
	uint64_t addr = 0x1000 + (_i == 0 ? 0 : PG - (uint64_t)_i);

	ck_assert_int_eq(vr_mem_add(m, 0x1000, 2 * PG), 0);
	ck_assert_int_eq(vr_mem_write_u8(m, addr, 0xa5), 0);
	assert_bytes(m, addr, (const uint8_t[]){ 0xa5 }, 1);
	ck_assert_int_eq(vr_mem_write_be16(m, addr, 0x1122), 0);
	assert_bytes(m, addr, (const uint8_t[]){ 0x11, 0x22 }, 2);
	ck_assert_int_eq(vr_mem_write_le16(m, addr, 0x1122), 0);
	assert_bytes(m, addr, (const uint8_t[]){ 0x22, 0x11 }, 2);
	ck_assert_int_eq(vr_mem_write_be32(m, addr, 0x11223344), 0);
	assert_bytes(m, addr, (const uint8_t[]){ 0x11, 0x22, 0x33, 0x44 }, 4);
	ck_assert_int_eq(vr_mem_write_le32(m, addr, 0x11223344), 0);
	assert_bytes(m, addr, (const uint8_t[]){ 0x44, 0x33, 0x22, 0x11 }, 4);
	ck_assert_int_eq(vr_mem_write_be64(m, addr, 0x1122334455667788ULL), 0);
	assert_bytes(m, addr, (const uint8_t[]){ 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 },
		     8);
	ck_assert_int_eq(vr_mem_write_le64(m, addr, 0x1122334455667788ULL), 0);
	assert_bytes(m, addr, (const uint8_t[]){ 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 },
		     8);
	/* Narrow writes leave the neighbouring bytes as they were. */
	ck_assert_int_eq(vr_mem_write_be16(m, addr + 2, 0xabcd), 0);
	assert_bytes(m, addr, (const uint8_t[]){ 0x88, 0x77, 0xab, 0xcd, 0x44, 0x33, 0x22, 0x11 },
		     8);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_read_accessors_fault_zero)
{
	struct vr_mem *m = new_mem();
	uint8_t u8 = 0xff;
	uint16_t u16 = 0xffff;
	uint32_t u32 = 0xffffffff;
	uint64_t u64 = UINT64_MAX;

	ck_assert_int_eq(vr_mem_add(m, 0x1000, PG), 0);
	ck_assert_int_eq(vr_mem_fill(m, 0x1000, 0x66, PG), 0);
	ck_assert_errno(vr_mem_read_u8(m, 0x2000, &u8), -EFAULT);
	ck_assert_uint_eq(u8, 0);
	ck_assert_errno(vr_mem_read_be16(m, 0x1fff, &u16), -EFAULT);
	ck_assert_uint_eq(u16, 0);
	u16 = 0xffff;
	ck_assert_errno(vr_mem_read_le16(m, 0x1fff, &u16), -EFAULT);
	ck_assert_uint_eq(u16, 0);
	ck_assert_errno(vr_mem_read_be32(m, 0x1ffd, &u32), -EFAULT);
	ck_assert_uint_eq(u32, 0);
	u32 = 0xffffffff;
	ck_assert_errno(vr_mem_read_le32(m, 0x0ffe, &u32), -EFAULT);
	ck_assert_uint_eq(u32, 0);
	ck_assert_errno(vr_mem_read_be64(m, 0x1ff9, &u64), -EFAULT);
	ck_assert_uint_eq(u64, 0);
	u64 = UINT64_MAX;
	ck_assert_errno(vr_mem_read_le64(m, 0x0, &u64), -EFAULT);
	ck_assert_uint_eq(u64, 0);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_fill)
{
	struct vr_mem *m = new_mem();
	uint8_t want[16];

	ck_assert_int_eq(vr_mem_add(m, 0x1000, 2 * PG), 0);
	ck_assert_int_eq(vr_mem_fill(m, 0x1ffa, 0xa5, 12), 0);
	memset(want, 0, sizeof(want));
	memset(want + 2, 0xa5, 12);
	assert_bytes(m, 0x1ff8, want, 16);
	ck_assert_int_eq(vr_mem_fill(m, 0x1000, 0, 0), 0);
	ck_assert_int_eq(vr_mem_fill(m, 0x900000, 0xa5, 0), 0);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_generation)
{
	struct vr_mem *m = new_mem();
	uint64_t g;
	uint8_t b[4];
	uint32_t v;

	ck_assert_int_eq(vr_mem_add(m, 0x1000, PG), 0);
	g = vr_mem_generation(m);
	ck_assert_int_eq(vr_mem_read(m, 0x1000, b, 4), 0);
	ck_assert_int_eq(vr_mem_read_be32(m, 0x1000, &v), 0);
	ck_assert(vr_mem_backed(m, 0x1000, 4));
	ck_assert_uint_eq(vr_mem_generation(m), g);

	ck_assert_int_eq(vr_mem_write(m, 0x1000, b, 4), 0);
	ck_assert_uint_gt(vr_mem_generation(m), g);
	g = vr_mem_generation(m);
	ck_assert_int_eq(vr_mem_fill(m, 0x1000, 1, 4), 0);
	ck_assert_uint_gt(vr_mem_generation(m), g);
	g = vr_mem_generation(m);
	ck_assert_int_eq(vr_mem_write_le64(m, 0x1000, 5), 0);
	ck_assert_uint_gt(vr_mem_generation(m), g);
	g = vr_mem_generation(m);
	ck_assert_int_eq(vr_mem_write_u8(m, 0x1000, 5), 0);
	ck_assert_uint_gt(vr_mem_generation(m), g);
	g = vr_mem_generation(m);
	ck_assert_errno(vr_mem_write_u8(m, 0x2000, 5), -EFAULT);
	ck_assert_uint_eq(vr_mem_generation(m), g);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_pin_counts)
{
	struct vr_mem *m = new_mem();

	ck_assert_int_eq(vr_mem_add(m, 0x1000, 3 * PG), 0);
	ck_assert_uint_eq(vr_mem_pin_count(m, 1), 0);
	ck_assert_int_eq(vr_mem_pin(m, 1, 3), 0);
	ck_assert_int_eq(vr_mem_pin(m, 2, 1), 0);
	ck_assert_uint_eq(vr_mem_pin_count(m, 1), 1);
	ck_assert_uint_eq(vr_mem_pin_count(m, 2), 2);
	ck_assert_uint_eq(vr_mem_pin_count(m, 3), 1);
	ck_assert_uint_eq(vr_mem_pin_count(m, 4), 0);
	ck_assert_uint_eq(vr_mem_pin_count(m, 0x12345), 0);
	ck_assert_uint_eq(vr_mem_pinned(m), 4);
	ck_assert_int_eq(vr_mem_unpin(m, 2, 1), 0);
	ck_assert_uint_eq(vr_mem_pinned(m), 3);
	ck_assert_int_eq(vr_mem_unpin(m, 1, 3), 0);
	ck_assert_uint_eq(vr_mem_pinned(m), 0);
	ck_assert_uint_eq(vr_mem_pin_count(m, 2), 0);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_pin_errors_change_nothing)
{
	struct vr_mem *m = new_mem();

	ck_assert_int_eq(vr_mem_add(m, 0x1000, 2 * PG), 0);
	ck_assert_errno(vr_mem_pin(m, 1, 0), -EINVAL);
	ck_assert_errno(vr_mem_pin(m, UINT64_MAX, 2), -EINVAL);
	ck_assert_errno(vr_mem_pin(m, 2, UINT64_MAX), -EINVAL);
	/* pfn 3 is not backed: pfns 1 and 2 stay unpinned. */
	ck_assert_errno(vr_mem_pin(m, 1, 3), -EFAULT);
	ck_assert_errno(vr_mem_pin(m, 0, 2), -EFAULT);
	ck_assert_uint_eq(vr_mem_pin_count(m, 1), 0);
	ck_assert_uint_eq(vr_mem_pin_count(m, 2), 0);
	ck_assert_uint_eq(vr_mem_pinned(m), 0);

	ck_assert_int_eq(vr_mem_pin(m, 1, 1), 0);
	ck_assert_errno(vr_mem_unpin(m, 1, 0), -EINVAL);
	ck_assert_errno(vr_mem_unpin(m, UINT64_MAX, 2), -EINVAL);
	/* pfn 2 is not pinned: pfn 1 keeps its pin. */
	ck_assert_errno(vr_mem_unpin(m, 1, 2), -EINVAL);
	ck_assert_errno(vr_mem_unpin(m, 0x77, 1), -EINVAL);
	ck_assert_uint_eq(vr_mem_pin_count(m, 1), 1);
	ck_assert_uint_eq(vr_mem_pinned(m), 1);
	ck_assert_int_eq(vr_mem_unpin(m, 1, 1), 0);
	ck_assert_errno(vr_mem_unpin(m, 1, 1), -EINVAL);
	ck_assert_uint_eq(vr_mem_pinned(m), 0);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_pin_top_pfn)
{
	struct vr_mem *m = new_mem();

	ck_assert_int_eq(vr_mem_add(m, TOP_PAGE, PG), 0);
	ck_assert_int_eq(vr_mem_pin(m, TOP_PFN, 1), 0);
	ck_assert_uint_eq(vr_mem_pin_count(m, TOP_PFN), 1);
	ck_assert_errno(vr_mem_pin(m, TOP_PFN, 2), -EINVAL);
	ck_assert_int_eq(vr_mem_unpin(m, TOP_PFN, 1), 0);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_remove_pinned_busy)
{
	struct vr_mem *m = new_mem();
	uint8_t b;

	ck_assert_int_eq(vr_mem_add(m, 0x1000, 3 * PG), 0);
	ck_assert_int_eq(vr_mem_write_u8(m, 0x1000, 0x42), 0);
	ck_assert_int_eq(vr_mem_pin(m, 3, 1), 0);
	/* The pinned page is the last one: nothing at all is removed. */
	ck_assert_errno(vr_mem_remove(m, 0x1000, 3 * PG), -EBUSY);
	ck_assert_uint_eq(vr_mem_pages(m), 3);
	ck_assert(vr_mem_backed(m, 0x1000, 3 * PG));
	ck_assert_int_eq(vr_mem_read_u8(m, 0x1000, &b), 0);
	ck_assert_uint_eq(b, 0x42);
	ck_assert_uint_eq(vr_mem_pin_count(m, 3), 1);
	/* Unpinned pages beside it can go. */
	ck_assert_int_eq(vr_mem_remove(m, 0x1000, 2 * PG), 0);
	ck_assert_uint_eq(vr_mem_pages(m), 1);
	ck_assert_int_eq(vr_mem_unpin(m, 3, 1), 0);
	ck_assert_int_eq(vr_mem_remove(m, 0x3000, PG), 0);
	ck_assert_uint_eq(vr_mem_pages(m), 0);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_destroy_with_pins)
{
	uint64_t live = vr_alloc_live();
	struct vr_mem *m = new_mem();

	ck_assert_int_eq(vr_mem_add(m, 0x1000, 8 * PG), 0);
	ck_assert_int_eq(vr_mem_pin(m, 2, 4), 0);
	vr_mem_destroy(m);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

START_TEST(test_no_allocation_on_access)
{
	struct vr_mem *m = new_mem();
	uint8_t buf[32] = { 0 };
	uint64_t v;

	ck_assert_int_eq(vr_mem_add(m, 0x1000, 2 * PG), 0);
	/* None of these may fail for lack of memory. */
	vr_alloc_fail_nth(1);
	ck_assert_int_eq(vr_mem_write(m, 0x1ff0, buf, 32), 0);
	ck_assert_int_eq(vr_mem_read(m, 0x1ff0, buf, 32), 0);
	ck_assert_int_eq(vr_mem_fill(m, 0x1ff0, 3, 32), 0);
	ck_assert_int_eq(vr_mem_write_be64(m, 0x1ffc, 1), 0);
	ck_assert_int_eq(vr_mem_read_le64(m, 0x1ffc, &v), 0);
	ck_assert_int_eq(vr_mem_pin(m, 1, 2), 0);
	ck_assert_int_eq(vr_mem_unpin(m, 1, 2), 0);
	ck_assert(!vr_alloc_fault_hit());
	vr_alloc_fail_nth(0);
	vr_mem_destroy(m);
}
END_TEST

START_TEST(test_create_fail_nth)
{
	uint64_t live = vr_alloc_live();
	struct vr_mem *m;
	uint64_t n;

	for (n = 1;; n++) {
		vr_alloc_fail_nth(n);
		m = vr_mem_create("guest");
		if (!vr_alloc_fault_hit())
			break;
		vr_alloc_fail_nth(0);
		ck_assert_msg(m == NULL, "n=%llu: created despite a failed allocation",
			      (unsigned long long)n);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
	vr_alloc_fail_nth(0);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(vr_mem_name(m), "guest");
	vr_mem_destroy(m);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

/*
 * Fails every allocation vr_mem_add() makes in turn, on a space that
 * already holds a page with data in the middle of the range: each
 * failure is a clean -ENOMEM that adds nothing and keeps that data.
 */
START_TEST(test_add_fail_nth)
{
	struct vr_mem *m = new_mem();
	uint64_t live, gen, n;
	int ret;

	ck_assert_int_eq(vr_mem_add(m, 0x3000, PG), 0);
	ck_assert_int_eq(vr_mem_write(m, 0x3000, pattern, 8), 0);
	live = vr_alloc_live();
	gen = vr_mem_generation(m);
	for (n = 1;; n++) {
		vr_alloc_fail_nth(n);
		ret = vr_mem_add(m, 0x1000, 6 * PG);
		if (!vr_alloc_fault_hit())
			break;
		vr_alloc_fail_nth(0);
		ck_assert_msg(ret == -ENOMEM, "n=%llu: got %d (%s), want -ENOMEM",
			      (unsigned long long)n, ret, vr_test_errname(ret));
		ck_assert_uint_eq(vr_mem_pages(m), 1);
		ck_assert_uint_eq(vr_alloc_live(), live);
		ck_assert(!vr_mem_backed(m, 0x1000, 1));
		ck_assert(!vr_mem_backed(m, 0x6000, 1));
		assert_bytes(m, 0x3000, pattern, 8);
		ck_assert_uint_eq(vr_mem_generation(m), gen);
		ck_assert_uint_lt(n, 1000);
	}
	vr_alloc_fail_nth(0);
	ck_assert_int_eq(ret, 0);
	/* New pages need memory: at least one failure point was swept. */
	ck_assert_uint_ge(n, 2);
	ck_assert_uint_eq(vr_mem_pages(m), 6);
	assert_bytes(m, 0x3000, pattern, 8);
	vr_mem_destroy(m);
}
END_TEST

/*
 * Pages added and removed one at a time in a pseudo-random order, checked
 * against a plain array after every step: the page table must grow,
 * delete and find pages without losing or mixing any, whatever the
 * collisions between page frame numbers spread over the address space.
 */
#define RANDOM_PFNS 1500

static uint64_t random_pfn(unsigned k)
{
	/* Clusters of neighbours, and strides that share low bits. */
	switch (k % 3) {
	case 0:
		return k;
	case 1:
		return (uint64_t)k << 20;
	default:
		return TOP_PFN - k * 4096ULL;
	}
}

START_TEST(test_many_pages_random)
{
	bool present[RANDOM_PFNS] = { false };
	uint64_t live = vr_alloc_live();
	struct vr_mem *m = new_mem();
	uint32_t seed = 99;
	uint64_t npresent = 0;

	for (int step = 0; step < 20000; step++) {
		unsigned k;
		uint64_t addr, v;

		seed = seed * 1103515245u + 12345u;
		k = (seed >> 8) % RANDOM_PFNS;
		addr = random_pfn(k) << VR_PAGE_SHIFT;
		/* Grow for the first half, then mostly shrink. */
		if (!present[k] && (step < 10000 || (seed & 0xff) < 64)) {
			ck_assert_int_eq(vr_mem_add(m, addr, 1), 0);
			ck_assert_int_eq(vr_mem_write_be64(m, addr + 8, random_pfn(k)), 0);
			present[k] = true;
			npresent++;
		} else if (present[k]) {
			ck_assert_int_eq(vr_mem_remove(m, addr, PG), 0);
			present[k] = false;
			npresent--;
		}
		ck_assert_uint_eq(vr_mem_pages(m), npresent);
		if (step % 1000 != 999)
			continue;
		for (unsigned j = 0; j < RANDOM_PFNS; j++) {
			uint64_t a = random_pfn(j) << VR_PAGE_SHIFT;

			ck_assert_msg(vr_mem_backed(m, a, PG) == present[j],
				      "step %d: pfn %#llx backed %d, want %d", step,
				      (unsigned long long)random_pfn(j), !present[j], present[j]);
			if (present[j]) {
				ck_assert_int_eq(vr_mem_read_be64(m, a + 8, &v), 0);
				ck_assert_uint_eq(v, random_pfn(j));
			}
		}
	}
	vr_mem_destroy(m);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

/* Like test_add_fail_nth, with a range large enough to grow the table. */
START_TEST(test_add_fail_nth_growing)
{
	struct vr_mem *m = new_mem();
	uint64_t live, n;
	int ret;

	ck_assert_int_eq(vr_mem_add(m, 0x10000, PG), 0);
	ck_assert_int_eq(vr_mem_write(m, 0x10000, pattern, 8), 0);
	live = vr_alloc_live();
	for (n = 1;; n++) {
		vr_alloc_fail_nth(n);
		ret = vr_mem_add(m, 0, 400 * PG);
		if (!vr_alloc_fault_hit())
			break;
		vr_alloc_fail_nth(0);
		ck_assert_msg(ret == -ENOMEM, "n=%llu: got %d (%s), want -ENOMEM",
			      (unsigned long long)n, ret, vr_test_errname(ret));
		ck_assert_uint_eq(vr_mem_pages(m), 1);
		ck_assert_uint_eq(vr_alloc_live(), live);
		ck_assert(!vr_mem_backed(m, 0, 1));
		assert_bytes(m, 0x10000, pattern, 8);
		ck_assert_uint_lt(n, 2000);
	}
	vr_alloc_fail_nth(0);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(vr_mem_pages(m), 400);
	ck_assert(vr_mem_backed(m, 0, 400 * PG));
	assert_bytes(m, 0x10000, pattern, 8);
	vr_mem_destroy(m);
}
END_TEST

static const struct vr_test space_tests[] = {
	VR_TEST(test_create_destroy),
	VR_TEST(test_two_spaces_independent),
	VR_TEST(test_add_counts_touched_pages),
	VR_TEST(test_add_zeroed_and_keeps_contents),
	VR_TEST(test_add_invalid),
	VR_TEST(test_add_too_many_pages),
	VR_TEST(test_top_of_address_space),
	VR_TEST(test_backed),
	VR_TEST(test_remove),
	VR_TEST(test_remove_invalid),
};

static const struct vr_test access_tests[] = {
	VR_TEST(test_read_write_roundtrip),
	VR_TEST(test_whole_page_and_more),
	VR_TEST(test_page_view),
	VR_TEST(test_add_allocates_once),
	VR_TEST(test_unbacked_all_or_nothing),
	VR_TEST(test_fill),
	VR_TEST(test_generation),
};

/* Iteration 0: page-aligned; 1..7: the value straddles a page boundary. */
static const struct vr_test endian_tests[] = {
	VR_LOOP_TEST(test_read_accessors_known_bytes, 0, 8),
	VR_LOOP_TEST(test_write_accessors_known_bytes, 0, 8),
	VR_TEST(test_read_accessors_fault_zero),
};

static const struct vr_test pin_tests[] = {
	VR_TEST(test_pin_counts),	 VR_TEST(test_pin_errors_change_nothing),
	VR_TEST(test_pin_top_pfn),	 VR_TEST(test_remove_pinned_busy),
	VR_TEST(test_destroy_with_pins),
};

static const struct vr_test alloc_fail_tests[] = {
	VR_TEST(test_no_allocation_on_access),
	VR_TEST(test_create_fail_nth),
	VR_TEST(test_add_fail_nth),
	VR_TEST(test_add_fail_nth_growing),
};

static const struct vr_test table_tests[] = {
	VR_TEST(test_many_pages_random),
};

static const struct vr_tcase mem_tcases[] = {
	VR_TCASE("space", space_tests),		  VR_TCASE("access", access_tests),
	VR_TCASE("endian", endian_tests),	  VR_TCASE("pin", pin_tests),
	VR_TCASE("alloc_fail", alloc_fail_tests), VR_TCASE("table", table_tests),
};

const struct vr_suite vr_suite_mem = VR_SUITE("mem", mem_tcases);
