// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The caches of a unit: context cache, PASID cache and IOTLB, tagged as
 * the hardware tags them, filled by translations, emptied only by the
 * invalidations that name an entry, and compared with the tables in
 * memory when an invalidation completes (the stale check).
 *
 * Source: Intel VT-d Architecture Specification rev. 4.1, 6.2.1 (context
 * cache), 6.2.2 (PASID cache), 6.2.3 (IOTLB: second-stage entries tagged
 * by DID, first-stage and pass-through entries by DID and PASID), 6.5.2
 * (what each invalidation removes), 6.1 (caching mode).  QEMU's
 * hw/i386/intel_iommu.c keys its IOTLB by (gfn, SID, level, PASID) and
 * flushes it whole at 1024 entries; this model keeps the hardware's tags
 * and drops only the oldest entry of a full cache.
 */
#include <string.h>
#include "hw_internal.h"

/* Where a new entry goes: the end, after dropping the oldest when full. */
static void *slot(void *arr, unsigned int *n, unsigned int cap, size_t size)
{
	if (*n == cap) {
		memmove(arr, (char *)arr + size, (cap - 1) * size);
		(*n)--;
	}
	return (char *)arr + (*n)++ * size;
}

const struct vri_iommu_cc_entry *vri_iommu_cc_lookup(const struct vri_iommu_unit *u, u16 sid)
{
	unsigned int i;

	for (i = u->caches.ncc; i--;)
		if (u->caches.cc[i].sid == sid)
			return &u->caches.cc[i];
	return NULL;
}

struct vri_iommu_cc_entry *vri_iommu_cc_fill(struct vri_iommu_unit *u,
					     const struct vri_iommu_cc_entry *e)
{
	struct vri_iommu_caches *c = &u->caches;
	struct vri_iommu_cc_entry *at = slot(c->cc, &c->ncc, VRI_IOMMU_CC_SIZE, sizeof(*e));

	*at = *e;
	return at;
}

const struct vri_iommu_pc_entry *vri_iommu_pc_lookup(const struct vri_iommu_unit *u, u16 sid,
						     u32 pasid)
{
	unsigned int i;

	for (i = u->caches.npc; i--;)
		if (u->caches.pc[i].sid == sid && u->caches.pc[i].pasid == pasid)
			return &u->caches.pc[i];
	return NULL;
}

void vri_iommu_pc_fill(struct vri_iommu_unit *u, const struct vri_iommu_pc_entry *e)
{
	struct vri_iommu_caches *c = &u->caches;

	*(struct vri_iommu_pc_entry *)slot(c->pc, &c->npc, VRI_IOMMU_PC_SIZE, sizeof(*e)) = *e;
}

static bool iotlb_covers(const struct vri_iommu_iotlb_entry *e, u64 addr)
{
	return (addr >> e->page_shift) == (e->addr >> e->page_shift);
}

const struct vri_iommu_iotlb_entry *vri_iommu_iotlb_lookup(const struct vri_iommu_unit *u, u16 did,
							   bool tagged, u32 pasid, u64 addr)
{
	unsigned int i;

	for (i = u->caches.niotlb; i--;) {
		const struct vri_iommu_iotlb_entry *e = &u->caches.iotlb[i];

		if (e->did == did && e->tagged == tagged && (!tagged || e->pasid == pasid) &&
		    iotlb_covers(e, addr))
			return e;
	}
	return NULL;
}

static unsigned int remove_if(void *arr, unsigned int *n, size_t size,
			      bool (*match)(const void *entry, const void *key), const void *key);

/* An entry the new one replaces: same tags, same input address. */
static bool iotlb_same(const void *entry, const void *key)
{
	const struct vri_iommu_iotlb_entry *e = entry, *k = key;

	return e->did == k->did && e->tagged == k->tagged && e->pasid == k->pasid &&
	       iotlb_covers(e, k->addr);
}

void vri_iommu_iotlb_fill(struct vri_iommu_unit *u, const struct vri_iommu_iotlb_entry *e)
{
	struct vri_iommu_caches *c = &u->caches;

	remove_if(c->iotlb, &c->niotlb, sizeof(*e), iotlb_same, e);
	*(struct vri_iommu_iotlb_entry *)slot(c->iotlb, &c->niotlb, VRI_IOMMU_IOTLB_SIZE,
					      sizeof(*e)) = *e;
}

unsigned int vri_iommu_cache_count(const struct vri_iommu_unit *u, enum vr_iommu_cache cache)
{
	switch (cache) {
	case VR_IOMMU_CACHE_CONTEXT:
		return u->caches.ncc;
	case VR_IOMMU_CACHE_PASID:
		return u->caches.npc;
	case VR_IOMMU_CACHE_IOTLB:
		return u->caches.niotlb;
	default:
		return 0;
	}
}

void vri_iommu_cache_show(const struct vri_iommu_unit *u, enum vr_iommu_cache cache,
			  unsigned int index, struct vr_iommu_cache_entry *e)
{
	const struct vri_iommu_cc_entry *cc;
	const struct vri_iommu_pc_entry *pc;
	const struct vri_iommu_iotlb_entry *tlb;

	switch (cache) {
	case VR_IOMMU_CACHE_CONTEXT:
		cc = &u->caches.cc[index];
		*e = (struct vr_iommu_cache_entry){ .sid = cc->sid,
						    .did = cc->did,
						    .fault = cc->fault };
		break;
	case VR_IOMMU_CACHE_PASID:
		pc = &u->caches.pc[index];
		*e = (struct vr_iommu_cache_entry){ .sid = pc->sid,
						    .did = pc->did,
						    .has_pasid = true,
						    .pasid = pc->pasid,
						    .fault = pc->fault };
		break;
	default:
		tlb = &u->caches.iotlb[index];
		*e = (struct vr_iommu_cache_entry){ .sid = tlb->origin.sid,
						    .did = tlb->did,
						    .has_pasid = tlb->tagged,
						    .pasid = tlb->pasid,
						    .addr = tlb->addr,
						    .page_shift = tlb->page_shift,
						    .phys = tlb->phys,
						    .perm = tlb->perm };
		break;
	}
}

static bool cc_stale(const struct vri_iommu_unit *u, const struct vr_mem *mem,
		     const struct vri_iommu_cc_entry *e)
{
	struct vr_iommu_context_entry ce;
	bool fpd = false;
	u8 r = vri_iommu_walk_context(u, mem, e->sid, &ce, &fpd);

	if (e->fault)
		return r != e->fault;
	return r || memcmp(&ce, &e->ce, sizeof(ce));
}

static bool pc_stale(const struct vri_iommu_unit *u, const struct vr_mem *mem,
		     const struct vri_iommu_pc_entry *e)
{
	struct vr_iommu_context_entry ce;
	struct vr_iommu_pasid_entry pe;
	bool fpd = false;
	u64 pde;
	u8 r = vri_iommu_walk_context(u, mem, e->sid, &ce, &fpd);

	if (!r)
		r = vri_iommu_pasid_dir_entry(u, mem, &ce, e->pasid, &pde, &fpd);
	if (!r)
		r = vri_iommu_pasid_entry(u, mem, pde, e->pasid, &pe, &fpd);
	if (e->fault)
		return r != e->fault;
	return r || memcmp(&pe, &e->pe, sizeof(pe));
}

static bool iotlb_stale(const struct vri_iommu_unit *u, const struct vr_mem *mem,
			const struct vri_iommu_iotlb_entry *e)
{
	struct vr_iommu_dma_request rq = e->origin;
	struct vr_iommu_translation t;

	rq.write = !(e->perm & VR_IOMMU_SL_R);
	rq.addr = e->addr;
	if (vri_iommu_walk(u, mem, &rq, &t))
		return true;
	return t.status != VR_IOMMU_DMA_OK || t.did != e->did || t.page_shift != e->page_shift ||
	       t.perm != e->perm || (t.phys >> t.page_shift) != (e->phys >> e->page_shift);
}

bool vri_iommu_cache_stale(const struct vri_iommu_unit *u, const struct vr_mem *mem,
			   enum vr_iommu_cache cache, unsigned int index)
{
	switch (cache) {
	case VR_IOMMU_CACHE_CONTEXT:
		return cc_stale(u, mem, &u->caches.cc[index]);
	case VR_IOMMU_CACHE_PASID:
		return pc_stale(u, mem, &u->caches.pc[index]);
	default:
		return iotlb_stale(u, mem, &u->caches.iotlb[index]);
	}
}

/* Removes the entries of @arr that @match says @key names; returns how many. */
static unsigned int remove_if(void *arr, unsigned int *n, size_t size,
			      bool (*match)(const void *entry, const void *key), const void *key)
{
	unsigned int i, kept = 0, before = *n;

	for (i = 0; i < before; i++) {
		const char *e = (const char *)arr + i * size;

		if (match(e, key))
			continue;
		if (kept != i)
			memcpy((char *)arr + kept * size, e, size);
		kept++;
	}
	*n = kept;
	return before - kept;
}

/* What an invalidation descriptor names. */
struct inval {
	unsigned int gran;
	u16 did, sid, sid_mask;
	u32 pasid;
	u64 first, last; /* page-selective: the naturally aligned block of 2^AM pages */
};

static bool cc_named(const void *entry, const void *key)
{
	const struct vri_iommu_cc_entry *e = entry;
	const struct inval *k = key;

	switch (k->gran) {
	case 1:
		return true;
	case 2:
		return e->did == k->did;
	default:
		return (e->sid & ~k->sid_mask) == (k->sid & ~k->sid_mask);
	}
}

unsigned int vri_iommu_cc_inval(struct vri_iommu_unit *u, unsigned int gran, u16 did, u16 sid,
				unsigned int fm)
{
	/* FM masks function-number bits: none, bit 2, bits 2:1, bits 2:0. */
	static const u16 fm_mask[4] = { 0, 4, 6, 7 };
	struct inval k = { .gran = gran, .did = did, .sid = sid, .sid_mask = fm_mask[fm & 3] };

	return remove_if(u->caches.cc, &u->caches.ncc, sizeof(u->caches.cc[0]), cc_named, &k);
}

static bool pc_named(const void *entry, const void *key)
{
	const struct vri_iommu_pc_entry *e = entry;
	const struct inval *k = key;

	switch (k->gran) {
	case 0:
		return e->did == k->did;
	case 1:
		return e->did == k->did && e->pasid == k->pasid;
	default:
		return true;
	}
}

unsigned int vri_iommu_pc_inval(struct vri_iommu_unit *u, unsigned int gran, u16 did, u32 pasid)
{
	struct inval k = { .gran = gran, .did = did, .pasid = pasid };

	return remove_if(u->caches.pc, &u->caches.npc, sizeof(u->caches.pc[0]), pc_named, &k);
}

static void page_block(struct inval *k, u64 addr, unsigned int am)
{
	u64 size = 4096ull << am;

	k->first = addr & ~(size - 1);
	k->last = k->first + size - 1;
}

static bool iotlb_overlaps(const struct vri_iommu_iotlb_entry *e, const struct inval *k)
{
	return e->addr <= k->last && k->first <= e->addr + ((1ull << e->page_shift) - 1);
}

/* IOTLB descriptor: global all; domain every entry of DID; page the untagged ones in range. */
static bool iotlb_named(const void *entry, const void *key)
{
	const struct vri_iommu_iotlb_entry *e = entry;
	const struct inval *k = key;

	switch (k->gran) {
	case 1:
		return true;
	case 2:
		return e->did == k->did;
	default:
		return e->did == k->did && !e->tagged && iotlb_overlaps(e, k);
	}
}

unsigned int vri_iommu_iotlb_inval(struct vri_iommu_unit *u, unsigned int gran, u16 did, u64 addr,
				   unsigned int am)
{
	struct inval k = { .gran = gran, .did = did };

	page_block(&k, addr, am);
	return remove_if(u->caches.iotlb, &u->caches.niotlb, sizeof(u->caches.iotlb[0]),
			 iotlb_named, &k);
}

/* PASID-based IOTLB descriptor: PASID-tagged entries only; second-level ones stay. */
static bool piotlb_named(const void *entry, const void *key)
{
	const struct vri_iommu_iotlb_entry *e = entry;
	const struct inval *k = key;

	if (!e->tagged || e->did != k->did || e->pasid != k->pasid)
		return false;
	return k->gran == 2 || iotlb_overlaps(e, k);
}

unsigned int vri_iommu_piotlb_inval(struct vri_iommu_unit *u, unsigned int gran, u16 did, u32 pasid,
				    u64 addr, unsigned int am)
{
	struct inval k = { .gran = gran, .did = did, .pasid = pasid };

	page_block(&k, addr, am);
	return remove_if(u->caches.iotlb, &u->caches.niotlb, sizeof(u->caches.iotlb[0]),
			 piotlb_named, &k);
}
