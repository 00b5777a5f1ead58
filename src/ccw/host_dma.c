/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The host side of vfio-ccw: a DMA pool below 2 GiB for host CCW arrays
 * and IDALs (the kernel allocates them with GFP_DMA because a format-1
 * CCW holds a 31-bit address), page pinning through the simulated guest
 * memory, and the two address spaces through which the channel reaches
 * memory: the guest's, and the host's (pool plus pinned guest pages at
 * VR_CCW_HOST_GUEST_BASE).
 */
#include <stdio.h>
#include <string.h>
#include <virtref/context.h>
#include <virtref/linux/slab.h>
#include <virtref/mem.h>
#include "ccw/ccw_internal.h"

/*
 * Allocation granule of the pool, like a kmalloc-dma cache.  With the
 * pool's size it bounds a program to 8192 host blocks, and so bounds the
 * depth of ccwchain_handle_ccw()'s recursion, which vfio-ccw itself does
 * not limit (drivers/s390/cio/vfio_ccw_cp.c).
 */
#define VR_CCW_DMA_GRANULE 128u
#define VR_CCW_DMA_SLOTS (VR_CCW_HOST_POOL_SIZE / VR_CCW_DMA_GRANULE)

static u32 dma_span(size_t len)
{
	return (u32)ALIGN(len ? len : 1, (size_t)VR_CCW_DMA_GRANULE);
}

static u8 *dma_bytes(const struct device *dev, u64 phys)
{
	return dev->dma.mem + (phys - VR_CCW_HOST_POOL_BASE);
}

static void dma_cover(struct device *dev, struct vri_ccw_block *b, struct vri_ccw_block *with)
{
	u32 i, first = (b->phys - VR_CCW_HOST_POOL_BASE) / VR_CCW_DMA_GRANULE;

	for (i = 0; i < dma_span(b->len) / VR_CCW_DMA_GRANULE; i++)
		dev->dma.slot[first + i] = with;
}

static void dma_release(struct vr_alloc_tag *tag, void *ptr)
{
	struct device *dev = container_of(tag, struct device, dma.tag);
	u64 phys = VR_CCW_HOST_POOL_BASE + (u64)((u8 *)ptr - dev->dma.mem);
	struct vri_ccw_block *b =
		dev->dma.slot[(phys - VR_CCW_HOST_POOL_BASE) / VR_CCW_DMA_GRANULE];

	/* kfree() of anything but a block's start is a bug of the caller. */
	if (WARN_ON(!b || b->phys != phys))
		return;
	dma_cover(dev, b, NULL);
	list_del(&b->node);
	list_del(&b->chain_node);
	dev->dma.live--;
	vr_free(b);
}

int vri_ccw_dma_init(struct device *dev)
{
	INIT_LIST_HEAD(&dev->dma.blocks);
	dev->dma.tag.release = dma_release;
	/* The pool's bytes and granule index: only the pages used cost memory. */
	dev->dma.mem = vr_zalloc_large(1, VR_CCW_HOST_POOL_SIZE +
						  VR_CCW_DMA_SLOTS * sizeof(*dev->dma.slot));
	if (!dev->dma.mem)
		return -ENOMEM;
	dev->dma.slot = (struct vri_ccw_block **)(void *)(dev->dma.mem + VR_CCW_HOST_POOL_SIZE);
	dev->dma.tag.base = dev->dma.mem;
	dev->dma.tag.len = VR_CCW_HOST_POOL_SIZE;
	vr_alloc_tag_add(&dev->dma.tag);
	return 0;
}

void vri_ccw_dma_fini(struct device *dev)
{
	struct vri_ccw_block *b, *t;

	list_for_each_entry_safe(b, t, &dev->dma.blocks, node) {
		list_del(&b->chain_node);
		vr_free(b);
	}
	INIT_LIST_HEAD(&dev->dma.blocks);
	dev->dma.live = 0;
	if (dev->dma.mem) {
		vr_alloc_tag_del(&dev->dma.tag);
		vr_free_large(dev->dma.mem);
		dev->dma.mem = NULL;
	}
}

/* kmalloc(GFP_DMA): the lowest-address fit after the last block, else the first gap. */
static void *env_dma_alloc(void *data, size_t n, size_t size)
{
	const u64 end = (u64)VR_CCW_HOST_POOL_BASE + VR_CCW_HOST_POOL_SIZE;
	struct device *dev = data;
	struct list_head *pos = &dev->dma.blocks;
	struct vri_ccw_block *b, *it;
	u64 at = VR_CCW_HOST_POOL_BASE;
	size_t len = n * size;
	u32 span;

	if (len > VR_CCW_HOST_POOL_SIZE) {
		dev->dma.exhausted = true;
		return NULL;
	}
	span = dma_span(len);
	/* Usual case: room after the last block. */
	if (!list_empty(&dev->dma.blocks)) {
		it = list_last_entry(&dev->dma.blocks, struct vri_ccw_block, node);
		at = (u64)it->phys + dma_span(it->len);
	}
	if (at + span > end) {
		/* First fit between blocks. */
		at = VR_CCW_HOST_POOL_BASE;
		pos = NULL;
		list_for_each_entry(it, &dev->dma.blocks, node) {
			if (at + span <= it->phys) {
				pos = &it->node;
				break;
			}
			at = (u64)it->phys + dma_span(it->len);
		}
		if (!pos) {
			dev->dma.exhausted = true;
			return NULL;
		}
	}
	b = vr_calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->phys = (u32)at;
	b->len = (u32)len;
	b->prog = dev->driving;
	b->seq = dev->dma.seq++;
	INIT_LIST_HEAD(&b->chain_node);
	/* Insert before @pos: the tail for a bump, else the block after the gap. */
	list_add_tail(&b->node, pos);
	dma_cover(dev, b, b);
	dev->dma.live++;
	memset(dma_bytes(dev, at), 0, len);
	return dma_bytes(dev, at);
}

static bool block_holds(const struct vri_ccw_block *b, u64 phys, size_t len)
{
	return phys >= b->phys && phys + len <= (u64)b->phys + b->len;
}

/* The live block that holds [phys, phys + len), or NULL. */
static struct vri_ccw_block *dma_block(struct device *dev, u64 phys, size_t len)
{
	struct vri_ccw_block *b;

	if (phys < VR_CCW_HOST_POOL_BASE ||
	    phys >= (u64)VR_CCW_HOST_POOL_BASE + VR_CCW_HOST_POOL_SIZE)
		return NULL;
	b = dev->dma.slot[(phys - VR_CCW_HOST_POOL_BASE) / VR_CCW_DMA_GRANULE];
	return b && block_holds(b, phys, len) ? b : NULL;
}

void *vri_ccw_dma_lookup(struct device *dev, u64 phys, size_t len)
{
	return dma_block(dev, phys, len) ? dma_bytes(dev, phys) : NULL;
}

u32 vri_ccw_dma_lost(struct device *dev)
{
	struct vri_ccw_block *b;
	u32 n = 0;

	list_for_each_entry(b, &dev->dma.blocks, node)
		if (!b->prog || !b->prog->initialized)
			n++;
	return n;
}

void vri_ccw_dma_disown(struct device *dev, const struct channel_program *cp)
{
	struct vri_ccw_block *b;

	list_for_each_entry(b, &dev->dma.blocks, node)
		if (b->prog == cp) {
			b->prog = NULL;
			list_del_init(&b->chain_node);
		}
}

/* ---- the environment the mediated device lends vfio_ccw_cp.c ---- */

static void env_unpin(void *data, uint64_t iova, int npage)
{
	struct device *dev = data;
	int i;

	for (i = 0; i < npage; i++)
		if (!WARN_ON(vr_mem_unpin(dev->guest, (iova >> VR_PAGE_SHIFT) + (u64)i, 1))) {
			dev->pins--;
			if (dev->driving && dev->driving->vr_pins)
				dev->driving->vr_pins--;
		}
}

/*
 * vfio type1 for the guest: a pinned guest page is host frame
 * VR_CCW_HOST_GUEST_BASE / PAGE_SIZE + its guest frame; an unbacked one
 * cannot be pinned (-EFAULT), and nothing stays pinned.
 */
static int env_pin(void *data, uint64_t iova, int npage, int prot, uint64_t *pfn)
{
	struct device *dev = data;
	u64 first = iova >> VR_PAGE_SHIFT;
	int i, ret;

	(void)prot;
	for (i = 0; i < npage; i++) {
		ret = vr_mem_pin(dev->guest, first + (u64)i, 1);
		if (ret) {
			env_unpin(dev, iova, i);
			return ret;
		}
		dev->pins++;
		if (dev->driving)
			dev->driving->vr_pins++;
		pfn[i] = (VR_CCW_HOST_GUEST_BASE >> VR_PAGE_SHIFT) + first + (u64)i;
	}
	return 0;
}

/* Guest memory as vfio_dma_rw() reaches it: -EFAULT where it is not backed. */
static int env_dma_rw(void *data, uint64_t iova, void *buf, size_t len, bool write)
{
	struct device *dev = data;

	if (write)
		return vr_mem_write(dev->guest, iova, buf, len) ? -EFAULT : 0;
	return vr_mem_read(dev->guest, iova, buf, len) ? -EFAULT : 0;
}

/*
 * __va() of a host frame: a guest page at VR_CCW_HOST_GUEST_BASE (read
 * in place) or a live block of the DMA pool; NULL for anything else.
 */
static void *env_phys_to_virt(void *data, uint64_t phys)
{
	struct device *dev = data;
	const u8 *page;

	if (phys < VR_CCW_HOST_GUEST_BASE)
		return vri_ccw_dma_lookup(dev, phys, 1);
	page = vr_mem_page(dev->guest, phys - VR_CCW_HOST_GUEST_BASE);
	return page ? (void *)(uintptr_t)(page + (phys & (VR_PAGE_SIZE - 1))) : NULL;
}

/* __pa() of the pool's bytes; anything else the kernel file never got from it. */
static uint64_t env_virt_to_phys(void *data, const volatile void *addr)
{
	struct device *dev = data;
	const u8 *p = (const u8 *)(uintptr_t)addr;

	if (p >= dev->dma.mem && p < dev->dma.mem + VR_CCW_HOST_POOL_SIZE)
		return VR_CCW_HOST_POOL_BASE + (u64)(p - dev->dma.mem);
	WARN_ON(true);
	return 0;
}

static struct vr_kmem *env_kmem(void *data)
{
	return &((struct device *)data)->kmem;
}

static const struct vr_env_ops ccw_env_ops = {
	.virt_to_phys = env_virt_to_phys,
	.phys_to_virt = env_phys_to_virt,
	.dma_alloc = env_dma_alloc,
	.kmem = env_kmem,
	.pin = env_pin,
	.unpin = env_unpin,
	.dma_rw = env_dma_rw,
};

void vri_ccw_lend(struct device *dev, struct vr_context_frame *f)
{
	struct vr_context *ctx = vr_context_current();

	vr_context_push(f, ctx->instance, ctx->narrate);
	ctx->env = &ccw_env_ops;
	ctx->env_data = dev;
}

void vri_ccw_unlend(struct vr_context_frame *f)
{
	vr_context_pop(f);
}

/* ---- guest address space with an undo journal ---- */

static bool journal_has(const struct vri_ccw_journal *j, u64 pfn)
{
	u32 i;

	for (i = 0; i < j->n; i++)
		if (j->pfn[i] == pfn)
			return true;
	return false;
}

static int journal_save(struct vri_ccw_journal *j, struct vr_mem *mem, u64 pfn)
{
	if (journal_has(j, pfn))
		return 0;
	if (j->n == j->cap) {
		u32 cap = j->cap ? j->cap * 2 : 8;
		u64 *pfns = vr_realloc(j->pfn, cap * sizeof(*pfns));
		u8 *pages;

		if (!pfns)
			return -ENOMEM;
		j->pfn = pfns;
		pages = vr_realloc(j->pages, (size_t)cap * VR_PAGE_SIZE);
		if (!pages)
			return -ENOMEM;
		j->pages = pages;
		j->cap = cap;
	}
	if (vr_mem_read(mem, pfn << VR_PAGE_SHIFT, j->pages + (size_t)j->n * VR_PAGE_SIZE,
			VR_PAGE_SIZE))
		return 0; /* not backed: the write will fail anyway */
	j->pfn[j->n++] = pfn;
	return 0;
}

static int guest_read(void *ctx, u64 addr, void *buf, size_t len)
{
	struct vri_ccw_guest_as *g = ctx;

	return vr_mem_read(g->mem, addr, buf, len) ? -EFAULT : 0;
}

int vri_ccw_journal_save(struct vri_ccw_journal *j, struct vr_mem *mem, u64 addr, size_t len)
{
	u64 pfn;

	if (!j || !len)
		return 0;
	for (pfn = addr >> VR_PAGE_SHIFT; pfn <= (addr + len - 1) >> VR_PAGE_SHIFT; pfn++)
		if (journal_save(j, mem, pfn)) {
			j->failed = true;
			return -ENOMEM;
		}
	return 0;
}

static int guest_write(void *ctx, u64 addr, const void *buf, size_t len)
{
	struct vri_ccw_guest_as *g = ctx;

	if (!vr_mem_backed(g->mem, addr, len))
		return -EFAULT;
	if (vri_ccw_journal_save(g->journal, g->mem, addr, len))
		return -EFAULT;
	return vr_mem_write(g->mem, addr, buf, len) ? -EFAULT : 0;
}

void vri_ccw_guest_as_init(struct vri_ccw_as *as, struct vri_ccw_guest_as *g)
{
	as->read = guest_read;
	as->write = guest_write;
	as->ctx = g;
	as->cpu_order_end = 0;
}

void vri_ccw_journal_undo(struct vri_ccw_journal *j, struct vr_mem *mem)
{
	u32 i;

	for (i = j->n; i-- > 0;)
		vr_mem_write(mem, j->pfn[i] << VR_PAGE_SHIFT, j->pages + (size_t)i * VR_PAGE_SIZE,
			     VR_PAGE_SIZE);
	j->n = 0;
}

void vri_ccw_journal_free(struct vri_ccw_journal *j)
{
	vr_free(j->pfn);
	vr_free(j->pages);
	memset(j, 0, sizeof(*j));
}

/* ---- host address space ---- */

static void host_violation(struct device *dev, const char *what, u64 addr)
{
	if (dev->dma_violation)
		return;
	dev->dma_violation = true;
	snprintf(dev->dma_violation_why, sizeof(dev->dma_violation_why), "host channel %s 0x%llx",
		 what, (unsigned long long)addr);
}

/*
 * Data may only move to or from guest pages that are pinned; CCWs and
 * IDAWs come from the pool.  Anything else is memory the host never
 * handed to the channel.
 */
static int host_access(struct device *dev, u64 addr, size_t len, bool write, bool report,
		       struct vri_ccw_block **pool)
{
	u64 pfn, last;

	*pool = NULL;
	if (addr >= VR_CCW_HOST_GUEST_BASE) {
		u64 g = addr - VR_CCW_HOST_GUEST_BASE;

		if (!len)
			return 0;
		last = (g + len - 1) >> VR_PAGE_SHIFT;
		for (pfn = g >> VR_PAGE_SHIFT; pfn <= last; pfn++)
			if (!vr_mem_pin_count(dev->guest, pfn)) {
				if (report)
					host_violation(dev,
						       write ? "stored to unpinned guest page"
							     : "fetched from unpinned guest page",
						       addr);
				return -EACCES;
			}
		return 0;
	}
	*pool = dma_block(dev, addr, len);
	if (!*pool)
		return -EFAULT;
	if (write) {
		if (report)
			host_violation(dev, "stored into host pool at", addr);
		return -EACCES;
	}
	return 0;
}

/* @report: a refused access is the channel's violation, not an inspection's. */
static int host_fetch(struct device *dev, u64 addr, void *buf, size_t len, bool report)
{
	struct vri_ccw_block *pool;
	int ret = host_access(dev, addr, len, false, report, &pool);

	if (ret)
		return ret;
	if (pool) {
		memcpy(buf, dma_bytes(dev, addr), len);
		return 0;
	}
	return vr_mem_read(dev->guest, addr - VR_CCW_HOST_GUEST_BASE, buf, len) ? -EFAULT : 0;
}

static int host_read(void *ctx, u64 addr, void *buf, size_t len)
{
	return host_fetch(ctx, addr, buf, len, true);
}

int vri_ccw_host_peek(struct device *dev, u64 addr, void *buf, size_t len)
{
	return host_fetch(dev, addr, buf, len, false);
}

static int host_write(void *ctx, u64 addr, const void *buf, size_t len)
{
	struct device *dev = ctx;
	struct vri_ccw_block *pool;
	int ret = host_access(dev, addr, len, true, true, &pool);

	if (ret)
		return ret;
	if (vri_ccw_journal_save(dev->journal, dev->guest, addr - VR_CCW_HOST_GUEST_BASE, len))
		return -EFAULT;
	return vr_mem_write(dev->guest, addr - VR_CCW_HOST_GUEST_BASE, buf, len) ? -EFAULT : 0;
}

void vri_ccw_host_as_init(struct vri_ccw_as *as, struct device *dev)
{
	as->read = host_read;
	as->write = host_write;
	as->ctx = dev;
	as->cpu_order_end = VR_CCW_HOST_GUEST_BASE;
}
