// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The Intel driver's PASID name space, a device's PASID directory and
 * tables, and the PASID table entries it writes: second-level,
 * first-level and pass-through, and v5.3's teardown, which flushes the
 * IOTLB by PASID whatever the entry translated (the 5.1 profile; the
 * later generations are pasid_5_11.c and pasid.c).
 *
 * Source: torvalds/linux drivers/iommu/intel-pasid.c at v5.3 (the IDR
 * PASID allocator, intel_pasid_alloc_table(), intel_pasid_free_table(),
 * intel_pasid_get_entry(), the pasid_set_*() field setters, the setup
 * functions, intel_pasid_tear_down_entry()).  A device has no DMA alias
 * here (no bridges are modelled), so its PASID table is its own, and the
 * tables are written in memory the unit reads coherently.
 */
#define pr_fmt(fmt) "DMAR: " fmt

#include <virtref/linux/bitops.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/gfp.h>
#include <virtref/linux/idr.h>
#include <virtref/linux/printk.h>
#include <virtref/linux/slab.h>
#include <virtref/linux/spinlock.h>
#include <virtref/iommu/intel-iommu.h>
#include <virtref/iommu/pasid.h>

/* The system-wide PASID name space: one per machine, each instance's own. */
static DEFINE_SPINLOCK(pasid_lock);
u32 intel_pasid_max_id = PASID_MAX;
static DEFINE_IDR(pasid_idr);

int intel_pasid_alloc_id(void *ptr, int start, int end, gfp_t gfp)
{
	int ret, min, max;

	min = max_t(int, start, PASID_MIN);
	max = min_t(int, end, (int)intel_pasid_max_id);

	idr_preload(gfp);
	spin_lock(&pasid_lock);
	ret = idr_alloc(&pasid_idr, ptr, min, max, GFP_ATOMIC);
	spin_unlock(&pasid_lock);
	idr_preload_end();

	return ret;
}

void intel_pasid_free_id(int pasid)
{
	spin_lock(&pasid_lock);
	idr_remove(&pasid_idr, (unsigned long)pasid);
	spin_unlock(&pasid_lock);
}

void *intel_pasid_lookup_id(int pasid)
{
	void *p;

	spin_lock(&pasid_lock);
	p = idr_find(&pasid_idr, (unsigned long)pasid);
	spin_unlock(&pasid_lock);

	return p;
}

static void device_attach_pasid_table(struct device_domain_info *info,
				      struct pasid_table *pasid_table)
{
	info->pasid_table = pasid_table;
	list_add(&info->table, &pasid_table->dev);
}

static void device_detach_pasid_table(struct device_domain_info *info,
				      struct pasid_table *pasid_table)
{
	(void)pasid_table;
	info->pasid_table = NULL;
	list_del(&info->table);
}

int intel_pasid_alloc_table(struct device *dev)
{
	struct device_domain_info *info;
	struct pasid_table *pasid_table;
	struct page *pages;
	int max_pasid = 0;
	int order, size;

	info = dev->archdata.iommu;
	if (WARN_ON(!info || !dev_is_pci(dev) || info->pasid_table))
		return -EINVAL;

	pasid_table = kzalloc(sizeof(*pasid_table), GFP_KERNEL);
	if (!pasid_table)
		return -ENOMEM;
	INIT_LIST_HEAD(&pasid_table->dev);

	if (info->pasid_supported)
		max_pasid = min_t(int, pci_max_pasids(to_pci_dev(dev)), (int)intel_pasid_max_id);

	/* Eight bytes of directory per 64 PASIDs. */
	size = max_pasid >> (PASID_PDE_SHIFT - 3);
	order = size ? get_order((unsigned long)size) : 0;
	pages = alloc_pages_node(info->iommu->node, GFP_KERNEL | __GFP_ZERO, (unsigned int)order);
	if (!pages) {
		kfree(pasid_table);
		return -ENOMEM;
	}

	pasid_table->table = page_address(pages);
	pasid_table->order = order;
	pasid_table->max_pasid = 1 << (order + PAGE_SHIFT + 3);

	device_attach_pasid_table(info, pasid_table);

	return 0;
}

static bool pasid_pde_is_present(struct pasid_dir_entry *pde)
{
	return READ_ONCE(pde->val) & PASID_PTE_PRESENT;
}

static struct pasid_entry *get_pasid_table_from_pde(struct pasid_dir_entry *pde)
{
	if (!pasid_pde_is_present(pde))
		return NULL;

	return phys_to_virt(READ_ONCE(pde->val) & PDE_PFN_MASK);
}

void intel_pasid_free_table(struct device *dev)
{
	struct device_domain_info *info;
	struct pasid_table *pasid_table;
	struct pasid_dir_entry *dir;
	struct pasid_entry *table;
	int i, max_pde;

	info = dev->archdata.iommu;
	if (!info || !dev_is_pci(dev) || !info->pasid_table)
		return;

	pasid_table = info->pasid_table;
	device_detach_pasid_table(info, pasid_table);

	if (!list_empty(&pasid_table->dev))
		return;

	dir = pasid_table->table;
	max_pde = pasid_table->max_pasid >> PASID_PDE_SHIFT;
	for (i = 0; i < max_pde; i++) {
		table = get_pasid_table_from_pde(&dir[i]);
		free_pgtable_page(table);
	}

	free_pages((unsigned long)pasid_table->table, (unsigned int)pasid_table->order);
	kfree(pasid_table);
}

struct pasid_table *intel_pasid_get_table(struct device *dev)
{
	struct device_domain_info *info;

	info = dev->archdata.iommu;
	if (!info)
		return NULL;

	return info->pasid_table;
}

int intel_pasid_get_dev_max_id(struct device *dev)
{
	struct device_domain_info *info;

	info = dev->archdata.iommu;
	if (!info || !info->pasid_table)
		return 0;

	return info->pasid_table->max_pasid;
}

struct pasid_entry *intel_pasid_get_entry(struct device *dev, int pasid)
{
	struct device_domain_info *info;
	struct pasid_table *pasid_table;
	struct pasid_dir_entry *dir;
	struct pasid_entry *entries;
	int dir_index, index;

	pasid_table = intel_pasid_get_table(dev);
	if (WARN_ON(!pasid_table || pasid < 0 || pasid >= intel_pasid_get_dev_max_id(dev)))
		return NULL;

	dir = pasid_table->table;
	info = dev->archdata.iommu;
	dir_index = pasid >> PASID_PDE_SHIFT;
	index = pasid & PASID_PTE_MASK;

	entries = get_pasid_table_from_pde(&dir[dir_index]);
	if (!entries) {
		/* A leaf table on the first touch of its directory slot. */
		entries = alloc_pgtable_page(info->iommu->node);
		if (!entries)
			return NULL;

		WRITE_ONCE(dir[dir_index].val, (u64)virt_to_phys(entries) | PASID_PTE_PRESENT);
	}

	return &entries[index];
}

static void pasid_clear_entry(struct pasid_entry *pe)
{
	int i;

	for (i = 0; i < 8; i++)
		WRITE_ONCE(pe->val[i], 0);
}

static void pasid_set_bits(u64 *ptr, u64 mask, u64 bits)
{
	u64 old;

	old = READ_ONCE(*ptr);
	WRITE_ONCE(*ptr, (old & ~mask) | bits);
}

/* DID: bits 79:64. */
static void pasid_set_domain_id(struct pasid_entry *pe, u64 value)
{
	pasid_set_bits(&pe->val[1], GENMASK_ULL(15, 0), value);
}

/* DID: bits 79:64. */
static u16 pasid_get_domain_id(struct pasid_entry *pe)
{
	return (u16)(READ_ONCE(pe->val[1]) & GENMASK_ULL(15, 0));
}

/* SLPTPTR: bits 63:12. */
static void pasid_set_slptr(struct pasid_entry *pe, u64 value)
{
	pasid_set_bits(&pe->val[0], VTD_PAGE_MASK, value);
}

/* AW: bits 4:2. */
static void pasid_set_address_width(struct pasid_entry *pe, u64 value)
{
	pasid_set_bits(&pe->val[0], GENMASK_ULL(4, 2), value << 2);
}

/* PGTT: bits 8:6. */
static void pasid_set_translation_type(struct pasid_entry *pe, u64 value)
{
	pasid_set_bits(&pe->val[0], GENMASK_ULL(8, 6), value << 6);
}

/* FPD (bit 1) clear: faults are reported. */
static void pasid_set_fault_enable(struct pasid_entry *pe)
{
	pasid_set_bits(&pe->val[0], 1 << 1, 0);
}

/* SRE: bit 128. */
static void pasid_set_sre(struct pasid_entry *pe)
{
	pasid_set_bits(&pe->val[2], 1 << 0, 1);
}

static void pasid_set_present(struct pasid_entry *pe)
{
	pasid_set_bits(&pe->val[0], 1 << 0, 1);
}

/* PWSNP: bit 87. */
static void pasid_set_page_snoop(struct pasid_entry *pe, bool value)
{
	pasid_set_bits(&pe->val[1], 1 << 23, (u64)value << 23);
}

/* FLPTPTR: bits 191:140. */
static void pasid_set_flptr(struct pasid_entry *pe, u64 value)
{
	pasid_set_bits(&pe->val[2], VTD_PAGE_MASK, value);
}

static void devtlb_invalidation_with_pasid(struct intel_iommu *iommu, struct device *dev, int pasid)
{
	struct device_domain_info *info;
	u16 sid, qdep, pfsid;

	(void)pasid;
	info = dev->archdata.iommu;
	if (!info || !info->ats_enabled)
		return;

	sid = (u16)(info->bus << 8 | info->devfn);
	qdep = info->ats_qdep;
	pfsid = info->pfsid;

	qi_flush_dev_iotlb(iommu, sid, pfsid, qdep, 0, 64 - VTD_PAGE_SHIFT);
}

void intel_pasid_tear_down_entry(struct intel_iommu *iommu, struct device *dev, int pasid)
{
	struct pasid_entry *pte;
	u16 did;

	pte = intel_pasid_get_entry(dev, pasid);
	if (WARN_ON(!pte))
		return;

	did = pasid_get_domain_id(pte);
	pasid_clear_entry(pte);

	qi_flush_pasid_cache(iommu, did, QI_PC_PASID_SEL, (u32)pasid);
	/* By PASID: a second-level entry, tagged by DID alone, survives it. */
	qi_flush_piotlb(iommu, did, (u32)pasid, 0, -1UL, 0);

	/* With caching mode the device-TLB needs no flush of its own. */
	if (!cap_caching_mode(iommu->cap))
		devtlb_invalidation_with_pasid(iommu, dev, pasid);
}

/* A new entry: caching mode may hold its not-present form (VT-d 6.1). */
static void pasid_flush_caches(struct intel_iommu *iommu, u16 did, int pasid)
{
	if (cap_caching_mode(iommu->cap)) {
		qi_flush_pasid_cache(iommu, did, QI_PC_PASID_SEL, (u32)pasid);
		qi_flush_piotlb(iommu, did, (u32)pasid, 0, -1UL, 0);
	}
}

int intel_pasid_setup_first_level(struct intel_iommu *iommu, struct device *dev, pgd_t *pgd,
				  int pasid, u16 did, int flags)
{
	struct pasid_entry *pte;

	if (!ecap_flts(iommu->ecap))
		return -EINVAL;

	pte = intel_pasid_get_entry(dev, pasid);
	if (WARN_ON(!pte))
		return -EINVAL;

	pasid_clear_entry(pte);

	pasid_set_flptr(pte, (u64)virt_to_phys(pgd));
	if (flags & PASID_FLAG_SUPERVISOR_MODE) {
		if (!ecap_srs(iommu->ecap))
			return -EINVAL;
		pasid_set_sre(pte);
	}

	pasid_set_domain_id(pte, did);
	pasid_set_address_width(pte, (u64)iommu->agaw);
	pasid_set_page_snoop(pte, !!ecap_smpwc(iommu->ecap));

	pasid_set_translation_type(pte, PASID_ENTRY_PGTT_FL_ONLY);
	pasid_set_present(pte);

	pasid_flush_caches(iommu, did, pasid);
	return 0;
}

int intel_pasid_setup_second_level(struct intel_iommu *iommu, struct dmar_domain *domain,
				   struct device *dev, int pasid)
{
	struct pasid_entry *pte;
	struct dma_pte *pgd;
	u64 pgd_val;
	int agaw;
	u16 did;

	if (!ecap_slts(iommu->ecap))
		return -EINVAL;

	/* A unit with fewer levels than the domain starts lower down its table. */
	pgd = domain->pgd;
	for (agaw = domain->agaw; agaw > iommu->agaw; agaw--) {
		if (!dma_pte_present(pgd))
			return -EINVAL;
		pgd = phys_to_virt(dma_pte_addr(pgd));
		if (!pgd)
			return -EINVAL;
	}

	pgd_val = virt_to_phys(pgd);
	did = domain->iommu_did[iommu->seq_id];

	pte = intel_pasid_get_entry(dev, pasid);
	if (!pte)
		return -ENODEV;

	pasid_clear_entry(pte);
	pasid_set_domain_id(pte, did);
	pasid_set_slptr(pte, pgd_val);
	pasid_set_address_width(pte, (u64)agaw);
	pasid_set_translation_type(pte, PASID_ENTRY_PGTT_SL_ONLY);
	pasid_set_fault_enable(pte);
	pasid_set_page_snoop(pte, !!ecap_smpwc(iommu->ecap));

	/* Second-level input addresses are guest-physical: supervisor requests pass. */
	pasid_set_sre(pte);
	pasid_set_present(pte);

	pasid_flush_caches(iommu, did, pasid);
	return 0;
}

int intel_pasid_setup_pass_through(struct intel_iommu *iommu, struct dmar_domain *domain,
				   struct device *dev, int pasid)
{
	u16 did = FLPT_DEFAULT_DID;
	struct pasid_entry *pte;

	(void)domain;
	pte = intel_pasid_get_entry(dev, pasid);
	if (!pte)
		return -ENODEV;

	pasid_clear_entry(pte);
	pasid_set_domain_id(pte, did);
	pasid_set_address_width(pte, (u64)iommu->agaw);
	pasid_set_translation_type(pte, PASID_ENTRY_PGTT_PT);
	pasid_set_fault_enable(pte);
	pasid_set_page_snoop(pte, !!ecap_smpwc(iommu->ecap));
	pasid_set_sre(pte);
	pasid_set_present(pte);

	pasid_flush_caches(iommu, did, pasid);
	return 0;
}
