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

struct vri_ccw_block {
	struct list_head node;
	u32 phys;
	u32 len;
	u32 kind; /* enum vri_ccw_dma_kind */
	u32 pad;  /* keeps the payload 8-byte aligned */
};

/*
 * Allocation granule of the pool, like a kmalloc-dma cache.  With the
 * pool's size it bounds a program to 8192 host blocks, and so bounds the
 * depth of ccwchain_handle_ccw()'s recursion, which vfio-ccw itself does
 * not limit (drivers/s390/cio/vfio_ccw_cp.c).
 */
#define VR_CCW_DMA_GRANULE 128u

static u32 dma_span(size_t len)
{
	return (u32)ALIGN(len ? len : 1, (size_t)VR_CCW_DMA_GRANULE);
}

void *vri_ccw_dma_alloc(struct device *dev, size_t len, enum vri_ccw_dma_kind kind)
{
	const u64 end = (u64)VR_CCW_HOST_POOL_BASE + VR_CCW_HOST_POOL_SIZE;
	struct list_head *pos = &dev->dma.blocks;
	struct vri_ccw_block *b, *it;
	u64 at = VR_CCW_HOST_POOL_BASE;
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
	b = vr_calloc(1, sizeof(*b) + len);
	if (!b)
		return NULL;
	b->phys = (u32)at;
	b->len = (u32)len;
	b->kind = kind;
	/* Insert before @pos: the tail for a bump, else the block after the gap. */
	list_add_tail(&b->node, pos);
	dev->dma.live++;
	return b + 1;
}

void vri_ccw_dma_free(struct device *dev, void *ptr)
{
	struct vri_ccw_block *b;

	if (!ptr)
		return;
	b = (struct vri_ccw_block *)ptr - 1;
	if (dev->dma.last == b)
		dev->dma.last = NULL;
	list_del(&b->node);
	dev->dma.live--;
	vr_free(b);
}

u32 vri_ccw_dma_phys(const void *ptr)
{
	return ((const struct vri_ccw_block *)ptr - 1)->phys;
}

static bool block_holds(const struct vri_ccw_block *b, u64 phys, size_t len)
{
	return phys >= b->phys && phys + len <= (u64)b->phys + b->len;
}

/* The channel reads a block many times in a row: try the last one first. */
static struct vri_ccw_block *dma_block(struct device *dev, u64 phys, size_t len)
{
	struct vri_ccw_block *b = dev->dma.last;

	if (b && block_holds(b, phys, len))
		return b;
	list_for_each_entry(b, &dev->dma.blocks, node) {
		if (block_holds(b, phys, len)) {
			dev->dma.last = b;
			return b;
		}
		if (phys < b->phys)
			break;
	}
	return NULL;
}

void *vri_ccw_dma_lookup(struct device *dev, u64 phys, size_t len)
{
	struct vri_ccw_block *b = dma_block(dev, phys, len);

	return b ? (u8 *)(b + 1) + (phys - b->phys) : NULL;
}

/* Byte @off of a block as the big-endian host would hold it. */
static u8 dma_byte(const struct vri_ccw_block *b, u32 off)
{
	const u8 *p = (const u8 *)(b + 1);

	if (b->kind == VR_CCW_DMA_CCWS) {
		const struct ccw1 *ccw = (const struct ccw1 *)(const void *)p + off / 8;
		u8 enc[8];

		vr_ccw_encode1(ccw, enc);
		return enc[off % 8];
	}
	return (u8)(((const unsigned long *)(const void *)p)[off / 8] >> (8 * (7 - off % 8)));
}

/* ---- the environment the mediated device lends vfio_ccw_cp.c ---- */

static void env_unpin(void *data, uint64_t iova, int npage)
{
	struct device *dev = data;
	int i;

	for (i = 0; i < npage; i++)
		if (!WARN_ON(vr_mem_unpin(dev->guest, (iova >> VR_PAGE_SHIFT) + (u64)i, 1)))
			dev->pins--;
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

static const struct vr_env_ops ccw_env_ops = {
	.phys_to_virt = env_phys_to_virt,
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
	size_t i;

	if (ret)
		return ret;
	if (pool) {
		for (i = 0; i < len; i++)
			((u8 *)buf)[i] = dma_byte(pool, (u32)(addr - pool->phys + i));
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
}
