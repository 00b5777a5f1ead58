// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * vr_iommu_invariants() and the named checks.  They read state only.
 */
#include <string.h>
#include <virtref/linux/bitmap.h>
#include <virtref/mem.h>
#include <virtref/model.h>
#include <virtref/text.h>
#include "iommu_host.h"

/* (registers): GSTS reports only what a unit carried out, and nothing is
 * latched as the active root table before an SRTP set RTPS. */
int vri_iommu_check_registers(void *model, struct vr_text *why)
{
	const struct vr_iommu *x = model;
	unsigned int i;
	int bad = 0;

	for (i = 0; i < x->nr_units; i++) {
		const struct vri_iommu_unit *u = &x->unit[i];

		if (u->gsts & ~VRI_IOMMU_GSTS_MODELLED) {
			vr_text_printf(why,
				       "unit %u: GSTS 0x%08x reports a command not carried out\n",
				       i, u->gsts);
			bad = 1;
		}
		if (!(u->gsts & VR_IOMMU_GSTS_RTPS) && u->rtaddr_active) {
			vr_text_printf(why, "unit %u: active root table 0x%llx without RTPS\n", i,
				       (unsigned long long)u->rtaddr_active);
			bad = 1;
		}
	}
	return bad;
}

/* (faults): PPF is the OR of every record's F, FRI names a record that exists. */
int vri_iommu_check_faults(void *model, struct vr_text *why)
{
	const struct vr_iommu *x = model;
	unsigned int i, r;
	int bad = 0;

	for (i = 0; i < x->nr_units; i++) {
		const struct vri_iommu_unit *u = &x->unit[i];
		unsigned int nfr = VR_IOMMU_CAP_NFR(u->cap);
		bool pending = false;

		for (r = 0; r < VR_ARRAY_SIZE(u->frcd); r++) {
			if (r >= nfr && (u->frcd[r][0] || u->frcd[r][1])) {
				vr_text_printf(why, "unit %u: FRCD %u past NFR holds a record\n", i,
					       r);
				bad = 1;
			}
			pending |= (u->frcd[r][1] & VR_IOMMU_FRCD_F) != 0;
		}
		if (pending != !!(u->fsts & VR_IOMMU_FSTS_PPF)) {
			vr_text_printf(why, "unit %u: FSTS.PPF %u with%s a pending record\n", i,
				       !pending, pending ? "" : "out");
			bad = 1;
		}
		if (VR_IOMMU_FSTS_FRI(u->fsts) >= nfr || u->next_frcd >= nfr) {
			vr_text_printf(why, "unit %u: FRI %u or next record %u not below NFR %u\n",
				       i, VR_IOMMU_FSTS_FRI(u->fsts), u->next_frcd, nfr);
			bad = 1;
		}
	}
	return bad;
}

/*
 * (stale): once an invalidation batch has completed and the tables have
 * not changed since, every cached entry translates as the tables do.  An
 * entry that differs is one a missing or wrong invalidation left behind.
 */
int vri_iommu_check_stale(void *model, struct vr_text *why)
{
	static const char *const names[VR_IOMMU_NR_CACHES] = { "context cache", "PASID cache",
							       "IOTLB" };
	const struct vr_iommu *x = model;
	unsigned int i, c, e;
	int bad = 0;

	for (i = 0; i < x->nr_units; i++) {
		const struct vri_iommu_unit *u = &x->unit[i];

		if (!u->flushed || vr_mem_generation(x->mem) != u->flushed_gen)
			continue;
		for (c = 0; c < VR_IOMMU_NR_CACHES; c++) {
			for (e = 0; e < vri_iommu_cache_count(u, c); e++) {
				struct vr_iommu_cache_entry ce;

				if (!vri_iommu_cache_stale(u, x->mem, c, e))
					continue;
				vri_iommu_cache_show(u, c, e, &ce);
				vr_text_printf(why,
					       "unit %u: stale %s entry after invalidation: ", i,
					       names[c]);
				vri_iommu_cache_entry_describe(c, &ce, why);
				vr_text_puts(why, "\n");
				bad = 1;
			}
		}
	}
	return bad;
}

/* ---- the Intel driver's state ------------------------------------------- */

#define MAX_OBJS 512

/* The driver's domains and device records, live and freed, for the checks. */
struct objs {
	struct dmar_domain *dom[MAX_OBJS];
	bool dom_live[MAX_OBJS];
	unsigned int ndom;
	struct device_domain_info *info[MAX_OBJS];
	bool info_live[MAX_OBJS];
	unsigned int ninfo;
};

static void collect(const struct list_head *head, bool live, struct objs *o)
{
	const struct vri_slab_obj *s;

	list_for_each_entry(s, head, link) {
		if (s->kind == VRI_SLAB_DOMAIN && o->ndom < MAX_OBJS) {
			o->dom_live[o->ndom] = live;
			o->dom[o->ndom++] = (struct dmar_domain *)(uintptr_t)s->data;
		} else if (s->kind == VRI_SLAB_DEVINFO && o->ninfo < MAX_OBJS) {
			o->info_live[o->ninfo] = live;
			o->info[o->ninfo++] = (struct device_domain_info *)(uintptr_t)s->data;
		}
	}
}

static void objs_of(const struct vri_iommu_kernel *k, struct objs *o)
{
	o->ndom = o->ninfo = 0;
	collect(&k->slab_live, true, o);
	collect(&k->slab_freed, false, o);
}

/* Whether @p is a list node the aux lists may hold: a domain's auxd or a device's head. */
static bool known_node(const struct objs *o, const struct list_head *p)
{
	unsigned int i;

	for (i = 0; i < o->ndom; i++)
		if (p == &o->dom[i]->auxd)
			return true;
	for (i = 0; i < o->ninfo; i++)
		if (p == &o->info[i]->auxiliary_domains)
			return true;
	return false;
}

static bool node_linked_right(const struct objs *o, const struct list_head *n)
{
	return known_node(o, n->next) && known_node(o, n->prev) && n->next->prev == n &&
	       n->prev->next == n;
}

/*
 * Whether the seed era's aux list of @info holds @d, walking it only
 * through nodes that are what they claim; false for a list that is not.
 */
static bool aux_list_has(const struct objs *o, const struct device_domain_info *info,
			 const struct dmar_domain *d, bool *sound)
{
	const struct list_head *head = &info->auxiliary_domains, *p;
	unsigned int steps = 0;
	bool found = false;

	*sound = node_linked_right(o, head);
	for (p = head->next; *sound && p != head; p = p->next) {
		if (++steps > o->ndom || !node_linked_right(o, p)) {
			*sound = false;
			break;
		}
		found |= d && p == &d->auxd;
	}
	return *sound && found;
}

/*
 * (lists): every aux list of the seed era is a proper ring of live
 * domains' nodes, and a linked node's neighbours point back at it; a
 * node added twice, or to a second device's list, breaks this before
 * anything walks the list.
 */
int vri_iommu_check_lists(void *model, struct vr_text *why)
{
	const struct vri_iommu_kernel *k = ((struct vr_iommu *)model)->k;
	struct objs o;
	unsigned int i, j;
	int bad = 0;

	if (!k || k->prof->aux_subdevices)
		return 0;
	objs_of(k, &o);
	for (i = 0; i < o.ninfo; i++) {
		bool sound;

		if (!o.info_live[i])
			continue;
		aux_list_has(&o, o.info[i], NULL, &sound);
		if (!sound) {
			vr_text_printf(why, "%s: aux domain list corrupted\n",
				       dev_name(o.info[i]->dev));
			bad = 1;
		}
	}
	for (i = 0; i < o.ndom; i++) {
		const struct list_head *n = &o.dom[i]->auxd;

		if (!o.dom_live[i] || (n->next == n && n->prev == n))
			continue;
		if (!node_linked_right(&o, n)) {
			vr_text_printf(why, "domain %u: auxd node linked inconsistently\n", i);
			bad = 1;
			continue;
		}
		for (j = 0; j < o.ninfo; j++) {
			if (!o.info_live[j] && (n->next == &o.info[j]->auxiliary_domains ||
						n->prev == &o.info[j]->auxiliary_domains)) {
				vr_text_printf(
					why, "domain %u: auxd node on a freed device's list\n", i);
				bad = 1;
			}
		}
	}
	return bad;
}

static bool has_subdev(const struct dmar_domain *d, const struct device *dev)
{
	const struct subdev_domain_info *s;

	list_for_each_entry(s, &d->subdevices, link_domain)
		if (s->pdev == dev)
			return true;
	return false;
}

static bool has_dev_pasid(const struct dmar_domain *d, const struct device *dev, u32 pasid)
{
	const struct dev_pasid_info *p;

	list_for_each_entry(p, &d->dev_pasids, link_domain)
		if (p->dev == dev && p->pasid == pasid)
			return true;
	return false;
}

/* Whether the driver attached @d to @dev at @pasid, as its records say. */
static bool attached_at(const struct vri_iommu_kernel *k, const struct objs *o,
			const struct dmar_domain *d, const struct device_domain_info *info,
			u32 pasid)
{
	bool sound;

	if (pasid == PASID_RID2PASID && info->domain == d)
		return true;
	if (has_dev_pasid(d, info->dev, pasid))
		return true;
	if (d->default_pasid <= 0 || pasid != (u32)d->default_pasid)
		return false;
	if (k->prof->aux_subdevices)
		return has_subdev(d, info->dev);
	return aux_list_has(o, info, d, &sound);
}

/* The second-level root a unit of @agaw walks for @d: its pgd, top levels skipped. */
static u64 sl_root(const struct dmar_domain *d, int agaw)
{
	const struct dma_pte *pgd = d->pgd;
	int a;

	if (!pgd)
		return 0;
	for (a = d->agaw; a > agaw; a--) {
		if (!dma_pte_present(pgd))
			return 0;
		pgd = phys_to_virt(dma_pte_addr(pgd));
		if (!pgd)
			return 0;
	}
	return virt_to_phys((void *)(uintptr_t)pgd);
}

/* A qword of the driver's tables: the CPU's own store, in its byte order. */
static u64 rd64(const struct vr_mem *mem, u64 addr)
{
	u64 v = 0;

	vr_mem_read(mem, addr, &v, sizeof(v));
	return v;
}

/* Whether the directory page at @addr (page-aligned) holds a present entry. */
static bool dir_page_used(const struct vr_mem *mem, u64 addr)
{
	const u8 *page = vr_mem_page(mem, addr);
	unsigned int off;
	u64 pde;

	/* A page that is not backed reads as zeros to rd64(). */
	for (off = 0; page && off < VR_PAGE_SIZE; off += sizeof(pde)) {
		memcpy(&pde, page + off, sizeof(pde));
		if (pde & VR_IOMMU_PDE_P)
			return true;
	}
	return false;
}

/* One present PASID entry of @info's device: it must be an attachment the driver made. */
static int check_pasid_entry(const struct vri_iommu_kernel *k, const struct objs *o,
			     const struct device_domain_info *info, u32 pasid, u64 pe0, u64 pe1,
			     bool *rid_seen, struct vr_text *why)
{
	const struct intel_iommu *iommu = info->iommu;
	unsigned int i;
	u64 slptr = pe0 & VR_IOMMU_PE_SLPTPTR_MASK;

	if (VR_IOMMU_PE_PGTT(pe0) != VR_IOMMU_PGTT_SL)
		return 0;
	for (i = 0; i < o->ndom; i++) {
		const struct dmar_domain *d = o->dom[i];

		if (!o->dom_live[i] || sl_root(d, iommu->agaw) != slptr)
			continue;
		if (VR_IOMMU_PE_DID(pe1) != d->iommu_did[iommu->seq_id] ||
		    !d->iommu_refcnt[iommu->seq_id]) {
			vr_text_printf(why, "%s: PASID %u has DID %u, its domain holds DID %u\n",
				       dev_name(info->dev), pasid, VR_IOMMU_PE_DID(pe1),
				       d->iommu_did[iommu->seq_id]);
			return 1;
		}
		if (!attached_at(k, o, d, info, pasid)) {
			vr_text_printf(
				why,
				"%s: PASID %u translates through a domain not attached there\n",
				dev_name(info->dev), pasid);
			return 1;
		}
		if (pasid == PASID_RID2PASID && info->domain == d)
			*rid_seen = true;
		return 0;
	}
	vr_text_printf(why, "%s: PASID %u translates through tables at 0x%llx no domain owns\n",
		       dev_name(info->dev), pasid, (unsigned long long)slptr);
	return 1;
}

/* Every present PASID entry of one device, read from the tables the unit walks. */
static int check_device(const struct vri_iommu_kernel *k, const struct objs *o,
			const struct device_domain_info *info, struct vr_text *why)
{
	const struct vr_mem *mem = k->x->mem;
	const struct vri_iommu_unit *u = &k->x->unit[info->iommu->seq_id];
	u64 root = u->rtaddr_active & VR_IOMMU_RTADDR_RTA_MASK, re, ce, dir, pde;
	bool rid_seen = false;
	u32 i, j, ndir;
	int bad = 0;

	re = rd64(mem, root + info->bus * 16u + (info->devfn >= 0x80 ? 8 : 0));
	if (re & VR_IOMMU_ROOT_P) {
		ce = rd64(mem, (re & VR_IOMMU_ROOT_CTP_MASK) + (info->devfn & 0x7fu) * 32);
		if (ce & VR_IOMMU_CTX_P) {
			dir = ce & VR_IOMMU_CTX_PASIDDIRPTR_MASK;
			ndir = 1u << (VR_IOMMU_CTX_PDTS(ce) + 7);
			for (i = 0; i < ndir; i++) {
				/* Most of a directory is empty: skip a page in one look. */
				if (!(i % 512) && !dir_page_used(mem, dir + (u64)i * 8)) {
					i += 511;
					continue;
				}
				pde = rd64(mem, dir + (u64)i * 8);
				if (!(pde & VR_IOMMU_PDE_P))
					continue;
				for (j = 0; j < 64; j++) {
					u64 at = (pde & VR_IOMMU_PDE_PTR_MASK) + (u64)j * 64;
					u64 pe0 = rd64(mem, at);

					if (pe0 & VR_IOMMU_PE_P)
						bad |= check_pasid_entry(k, o, info, i * 64 + j,
									 pe0, rd64(mem, at + 8),
									 &rid_seen, why);
				}
			}
		}
	}
	if (info->domain && !rid_seen) {
		vr_text_printf(why,
			       "%s: attached, but its RID_PASID entry does not translate "
			       "through its domain\n",
			       dev_name(info->dev));
		bad = 1;
	}
	return bad;
}

/*
 * (isolation): every present second-level PASID entry of every device
 * translates through the tables of a live domain, with that domain's
 * DID, at a PASID where the driver attached that domain to that device;
 * and every attached device's RID_PASID entry translates through its
 * domain.  So no PASID and no requester id reaches memory mapped only by
 * another domain.
 */
int vri_iommu_check_isolation(void *model, struct vr_text *why)
{
	const struct vri_iommu_kernel *k = ((struct vr_iommu *)model)->k;
	struct objs o;
	struct vr_context_frame f;
	unsigned int i;
	int bad = 0;

	if (!k || !k->loaded)
		return 0;
	vr_iommu_enter(k->x, &f);
	objs_of(k, &o);
	for (i = 0; i < o.ninfo; i++)
		if (o.info_live[i] && o.info[i]->dev)
			bad |= check_device(k, &o, o.info[i], why);
	vr_iommu_leave(&f);
	return bad;
}

/* Pages of @d's second-level table at @level below @pte's table, @pte's own included. */
static u32 table_pages(const struct dma_pte *table, int level, unsigned int depth)
{
	u32 n = 1, i;

	if (!table || level <= 1 || depth > 6)
		return n;
	for (i = 0; i < 512; i++)
		if (dma_pte_present(&table[i]) && !dma_pte_superpage(&table[i]))
			n += table_pages(phys_to_virt(dma_pte_addr(&table[i])), level - 1,
					 depth + 1);
	return n;
}

/* Users of @d on @iommu as the driver's records count them. */
static unsigned int users_on(const struct vri_iommu_kernel *k, const struct objs *o,
			     const struct dmar_domain *d, const struct intel_iommu *iommu)
{
	const struct subdev_domain_info *s;
	const struct dev_pasid_info *p;
	unsigned int i, n = 0;
	bool sound;

	for (i = 0; i < o->ninfo; i++)
		if (o->info_live[i] && o->info[i]->domain == d && o->info[i]->iommu == iommu)
			n++;
	list_for_each_entry(p, &d->dev_pasids, link_domain)
		n += device_to_iommu(p->dev, NULL, NULL) == iommu;
	if (k->prof->aux_subdevices) {
		list_for_each_entry(s, &d->subdevices, link_domain)
			n += device_to_iommu(s->pdev, NULL, NULL) == iommu && s->users > 0;
		return n;
	}
	for (i = 0; i < o->ninfo; i++)
		if (o->info_live[i] && o->info[i]->iommu == iommu &&
		    aux_list_has(o, o->info[i], d, &sound))
			n++;
	return n;
}

static bool aux_users(const struct vri_iommu_kernel *k, const struct dmar_domain *d)
{
	return k->prof->aux_subdevices ? !list_empty(&d->subdevices) : d->auxd_refcnt > 0;
}

/* DIDs of one unit: allocated exactly while a live domain uses them. */
static int check_dids(const struct vri_iommu_kernel *k, const struct objs *o, int u,
		      struct vr_text *why)
{
	const struct intel_iommu *iommu = k->g_iommus[u];
	unsigned long ndoms = cap_ndoms(iommu->cap);
	unsigned int i, held, used = 2;
	int bad = 0;

	for (i = 0; i < o->ndom; i++) {
		const struct dmar_domain *d = o->dom[i];
		unsigned int want = users_on(k, o, d, iommu);

		if (!o->dom_live[i])
			continue;
		if (d->iommu_refcnt[u] != want) {
			vr_text_printf(why, "%s: domain %u holds %u references, has %u users\n",
				       iommu->name, i, d->iommu_refcnt[u], want);
			bad = 1;
		}
		if (!d->iommu_refcnt[u])
			continue;
		used++;
		if (!test_bit(d->iommu_did[u], iommu->domain_ids)) {
			vr_text_printf(why, "%s: domain %u uses DID %u, which is free\n",
				       iommu->name, i, d->iommu_did[u]);
			bad = 1;
		}
	}
	held = bitmap_weight(iommu->domain_ids, (unsigned int)ndoms);
	if (held != used) {
		vr_text_printf(why, "%s: %u DIDs allocated, %u in use (0, 1 and the domains')\n",
			       iommu->name, held, used);
		bad = 1;
	}
	return bad;
}

/* PASIDs: each allocated one owned by one domain with aux users, and no more. */
static int check_pasids(const struct vri_iommu_kernel *k, const struct objs *o, struct vr_text *why)
{
	unsigned int i, j, owned = 0;
	int bad = 0;

	for (i = 0; i < o->ndom; i++) {
		const struct dmar_domain *d = o->dom[i];

		if (!o->dom_live[i])
			continue;
		if (!k->prof->aux_subdevices && d->auxd_refcnt < 0) {
			vr_text_printf(why, "domain %u: auxd_refcnt %d\n", i, d->auxd_refcnt);
			bad = 1;
		}
		if (!aux_users(k, d) || d->default_pasid <= 0)
			continue;
		owned++;
		if (intel_pasid_lookup_id(d->default_pasid) != d) {
			vr_text_printf(why, "domain %u: aux PASID %d is not its own\n", i,
				       d->default_pasid);
			bad = 1;
		}
		for (j = 0; j < i; j++) {
			if (o->dom_live[j] && aux_users(k, o->dom[j]) &&
			    o->dom[j]->default_pasid == d->default_pasid) {
				vr_text_printf(why, "domains %u and %u share aux PASID %d\n", j, i,
					       d->default_pasid);
				bad = 1;
			}
		}
	}
	if (vri_iommu_idr_ids(k) != owned) {
		vr_text_printf(why, "%u PASIDs allocated, %u owned by aux domains\n",
			       vri_iommu_idr_ids(k), owned);
		bad = 1;
	}
	return bad;
}

/* Table pages: what the pool holds is exactly what the driver's tables reach. */
static int check_pages(const struct vri_iommu_kernel *k, const struct objs *o, struct vr_text *why)
{
	u32 want = 0, i, b;
	int u;

	for (u = 0; u < k->g_num_of_iommus; u++) {
		const struct intel_iommu *iommu = k->g_iommus[u];

		want += iommu->qi ? 3 : 0; /* the queue's two pages and the status page */
		if (!iommu->root_entry)
			continue;
		want++;
		for (b = 0; b < 256; b++)
			want += (iommu->root_entry[b].lo & 1) + (iommu->root_entry[b].hi & 1);
	}
	for (i = 0; i < o->ninfo; i++) {
		const struct pasid_table *t = o->info_live[i] ? o->info[i]->pasid_table : NULL;
		const struct pasid_dir_entry *dir;
		int e;

		if (!t)
			continue;
		dir = t->table;
		want += 1u << t->order;
		for (e = 0; e < t->max_pasid >> PASID_PDE_SHIFT; e++)
			want += dir[e].val & PASID_PTE_PRESENT;
	}
	for (i = 0; i < o->ndom; i++)
		if (o->dom_live[i] && o->dom[i]->pgd)
			want += table_pages(o->dom[i]->pgd, o->dom[i]->agaw + 2, 0);
	if (want != k->pages_live) {
		vr_text_printf(why,
			       "%u table pages allocated, %u reachable from the driver's tables\n",
			       k->pages_live, want);
		return 1;
	}
	return 0;
}

/*
 * (alloc): DIDs, PASIDs and table pages are held exactly while used:
 * each domain's reference count on a unit is its number of attachments
 * there, its DID is allocated while that count is not 0 and no other DID
 * is; each aux domain with users owns its allocated PASID alone; the page
 * pool holds exactly the pages the root, context, PASID and page tables
 * and the invalidation queues reach.
 */
int vri_iommu_check_alloc(void *model, struct vr_text *why)
{
	const struct vri_iommu_kernel *k = ((struct vr_iommu *)model)->k;
	struct objs o;
	struct vr_context_frame f;
	int u, bad = 0;

	if (!k || !k->loaded)
		return 0;
	vr_iommu_enter(k->x, &f);
	objs_of(k, &o);
	for (u = 0; u < k->g_num_of_iommus; u++)
		bad |= check_dids(k, &o, u, why);
	bad |= check_pasids(k, &o, why);
	bad |= check_pages(k, &o, why);
	vr_iommu_leave(&f);
	return bad;
}

int vr_iommu_invariants(struct vr_iommu *x, struct vr_text *why)
{
	int bad = vri_iommu_check_registers(x, why);

	bad |= vri_iommu_check_faults(x, why);
	bad |= vri_iommu_check_stale(x, why);
	bad |= vri_iommu_check_lists(x, why);
	bad |= vri_iommu_check_isolation(x, why);
	return vri_iommu_check_alloc(x, why) | bad;
}
