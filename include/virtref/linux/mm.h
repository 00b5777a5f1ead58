/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/mm.h, include/linux/pfn.h and
 * include/asm-generic/page.h: 4 KiB pages (virtref/mem.h's page), frame
 * numbers and struct page.  A struct page * here is a token for a frame,
 * never dereferenced: pfn_to_page() and page_to_pfn() convert, and frame
 * 0 has a non-NULL token.
 */
#ifndef VIRTREF_LINUX_MM_H
#define VIRTREF_LINUX_MM_H

/* As the kernel's mm.h brings them in: ported files count on them. */
#include <stdint.h>
#include <virtref/linux/io.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/string.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define PFN_ALIGN(x) (((unsigned long)(x) + (PAGE_SIZE - 1)) & PAGE_MASK)
#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)
#define PFN_PHYS(x) ((phys_addr_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))

#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)
#define PAGE_ALIGN(addr) ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr) IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)

/**
 * get_order() - the page order of a block of @size bytes
 * @size: bytes, at least 1
 *
 * Return: the smallest order whose 2^order pages hold @size bytes
 * (include/asm-generic/getorder.h).
 */
static inline int get_order(unsigned long size)
{
	int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

struct page;

/* A top-level page table entry (arch/x86/include/asm/pgtable_types.h). */
typedef struct {
	u64 pgd;
} pgd_t;

/**
 * pfn_to_page() - the struct page token of frame @pfn
 * @pfn: page frame number, below 2^52
 *
 * Return: a token that is never NULL and never dereferenced.
 */
static inline struct page *pfn_to_page(unsigned long pfn)
{
	return (struct page *)(uintptr_t)((pfn + 1) << PAGE_SHIFT);
}

/**
 * page_to_pfn() - the frame a pfn_to_page() token stands for
 * @page: the token
 *
 * Return: the page frame number.
 */
static inline unsigned long page_to_pfn(const struct page *page)
{
	return ((unsigned long)(uintptr_t)page >> PAGE_SHIFT) - 1;
}

#define page_to_phys(page) PFN_PHYS(page_to_pfn(page))
/* A frame's kernel address and back, through the environment (io.h). */
#define page_to_virt(page) phys_to_virt(page_to_phys(page))
#define virt_to_page(addr) pfn_to_page(PFN_DOWN(virt_to_phys((void *)(addr))))
#define page_address(page) page_to_virt(page)

#endif
