/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/gfp.h: whole pages from the environment's
 * memory (virtref/context.h, struct vr_env_ops: alloc_pages,
 * free_pages), so that the tables a driver builds live where the model's
 * hardware reads them.  The pages always come zeroed; without an
 * environment that lends pages an allocation fires WARN_ON() and fails.
 */
#ifndef VIRTREF_LINUX_GFP_H
#define VIRTREF_LINUX_GFP_H

#include <virtref/context.h>
#include <virtref/linux/mm.h>
#include <virtref/linux/slab.h>

#define NUMA_NO_NODE (-1)

/**
 * __get_free_pages() - 2^@order contiguous pages
 * @gfp: allocation flags (every allocation is zeroed)
 * @order: the order
 *
 * Return: the first page's address, or 0.
 */
static inline unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	(void)gfp;
	return (unsigned long)(uintptr_t)vr_env_alloc_pages(order);
}

#define __get_free_page(gfp) __get_free_pages((gfp), 0)
#define get_zeroed_page(gfp) __get_free_pages((gfp) | __GFP_ZERO, 0)

/**
 * free_pages() - gives back a __get_free_pages() allocation
 * @addr: its address, or 0 (nothing happens)
 * @order: the order it was allocated with
 */
static inline void free_pages(unsigned long addr, unsigned int order)
{
	vr_env_free_pages((void *)(uintptr_t)addr, order);
}

#define free_page(addr) free_pages((addr), 0)

/**
 * alloc_pages_node() - 2^@order contiguous pages as a struct page token
 * @nid: the NUMA node (one node here)
 * @gfp: allocation flags
 * @order: the order
 *
 * Return: the first page's token (mm.h), or NULL.
 */
static inline struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	void *addr = (void *)(uintptr_t)__get_free_pages(gfp, order);

	(void)nid;
	return addr ? virt_to_page(addr) : NULL;
}

#define alloc_pages(gfp, order) alloc_pages_node(NUMA_NO_NODE, (gfp), (order))

/**
 * __free_pages() - gives back an alloc_pages_node() allocation
 * @page: its token, or NULL (nothing happens)
 * @order: the order it was allocated with
 */
static inline void __free_pages(struct page *page, unsigned int order)
{
	if (page)
		free_pages((unsigned long)(uintptr_t)page_address(page), order);
}

#endif
