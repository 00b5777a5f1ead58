// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The Intel VT-d driver in scalable mode: units brought up as
 * init_dmars() does, domains with their DIDs and second-level page
 * tables, attaching a device (context entry, PASID table, the RID_PASID
 * entry), map and unmap with the invalidations that follow, the device
 * features, and the two shapes of PASID-granular attachment: aux domains
 * (v5.1: one auxd list node per domain; v5.11: one subdev_domain_info per
 * domain and device) and mainline's set_dev_pasid().  Everything reaches
 * the units through their registers and the tables in physical memory.
 *
 * Sources: torvalds/linux drivers/iommu/intel-iommu.c at v5.3 (the seed
 * era), drivers/iommu/intel/iommu.c at v5.11 (auxiliary_link_device()
 * and auxiliary_unlink_device() with subdev_domain_info, aux_get_pasid
 * unchanged) and at mainline (intel_iommu_set_dev_pasid(),
 * intel_iommu_remove_dev_pasid(), the page offset of
 * intel_iommu_iova_to_phys()).  The kernel keeps the driver's state in
 * globals; here it is the lent instance's (vri_iommu_k()).
 */
#include <virtref/linux/errno.h>
#include <virtref/linux/gfp.h>
#include <virtref/linux/log2.h>
#include <virtref/linux/slab.h>
#include "iommu_host.h"

#define DEFAULT_DOMAIN_ADDRESS_WIDTH 57
#define MAX_AGAW_WIDTH 64
#define MAX_AGAW_PFN_WIDTH (MAX_AGAW_WIDTH - VTD_PAGE_SHIFT)

#define __DOMAIN_MAX_PFN(gaw) ((((uint64_t)1) << ((gaw)-VTD_PAGE_SHIFT)) - 1)
#define __DOMAIN_MAX_ADDR(gaw) ((((uint64_t)1) << (gaw)) - 1)
#define DOMAIN_MAX_PFN(gaw)                                                                        \
	((unsigned long)min_t(uint64_t, __DOMAIN_MAX_PFN(gaw), (unsigned long)-1))

#define LEVEL_STRIDE (9)
#define LEVEL_MASK (((u64)1 << LEVEL_STRIDE) - 1)

/* ---- widths and levels ------------------------------------------------ */

static int agaw_to_level(int agaw)
{
	return agaw + 2;
}

static int agaw_to_width(int agaw)
{
	return min_t(int, 30 + agaw * LEVEL_STRIDE, MAX_AGAW_WIDTH);
}

static int width_to_agaw(int width)
{
	return DIV_ROUND_UP(width - 30, LEVEL_STRIDE);
}

static unsigned int level_to_offset_bits(int level)
{
	return (unsigned int)(level - 1) * LEVEL_STRIDE;
}

static int pfn_level_offset(unsigned long pfn, int level)
{
	return (int)((pfn >> level_to_offset_bits(level)) & LEVEL_MASK);
}

static unsigned long level_mask(int level)
{
	return -1UL << level_to_offset_bits(level);
}

static unsigned long level_size(int level)
{
	return 1UL << level_to_offset_bits(level);
}

static unsigned long lvl_to_nr_pages(unsigned int lvl)
{
	return 1UL << min_t(unsigned int, (lvl - 1) * LEVEL_STRIDE, MAX_AGAW_PFN_WIDTH);
}

static int guestwidth_to_adjustwidth(int gaw)
{
	int agaw;
	int r = (gaw - 12) % 9;

	if (r == 0)
		agaw = gaw;
	else
		agaw = gaw + 9 - r;
	if (agaw > 64)
		agaw = 64;
	return agaw;
}

static int __iommu_calculate_agaw(struct intel_iommu *iommu, int max_gaw)
{
	unsigned long sagaw;
	int agaw;

	sagaw = cap_sagaw(iommu->cap);
	for (agaw = width_to_agaw(max_gaw); agaw >= 0; agaw--) {
		if (test_bit((unsigned long)agaw, &sagaw))
			break;
	}

	return agaw;
}

int iommu_calculate_max_sagaw(struct intel_iommu *iommu)
{
	return __iommu_calculate_agaw(iommu, MAX_AGAW_WIDTH);
}

int iommu_calculate_agaw(struct intel_iommu *iommu)
{
	return __iommu_calculate_agaw(iommu, DEFAULT_DOMAIN_ADDRESS_WIDTH);
}

/* ---- the driver's state ------------------------------------------------ */

static int sm_supported(struct intel_iommu *iommu)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();

	return k && k->intel_iommu_sm && ecap_smts(iommu->ecap);
}

static int pasid_supported(struct intel_iommu *iommu)
{
	return sm_supported(iommu) && ecap_pasid(iommu->ecap);
}

#define for_each_active_iommu(k, i, iommu)                                                         \
	for ((i) = 0; (i) < (k)->g_num_of_iommus; (i)++)                                           \
		if (((iommu) = (k)->g_iommus[i]) != NULL)

void *alloc_pgtable_page(int node)
{
	struct page *page;
	void *vaddr = NULL;

	page = alloc_pages_node(node, GFP_ATOMIC | __GFP_ZERO, 0);
	if (page)
		vaddr = page_address(page);
	return vaddr;
}

void free_pgtable_page(void *vaddr)
{
	free_page((unsigned long)vaddr);
}

static struct dmar_domain *alloc_domain_mem(void)
{
	return vri_iommu_slab_alloc(VRI_SLAB_DOMAIN, sizeof(struct dmar_domain));
}

static void free_domain_mem(void *vaddr)
{
	vri_iommu_slab_free(vaddr);
}

static struct device_domain_info *alloc_devinfo_mem(void)
{
	return vri_iommu_slab_alloc(VRI_SLAB_DEVINFO, sizeof(struct device_domain_info));
}

static void free_devinfo_mem(void *vaddr)
{
	vri_iommu_slab_free(vaddr);
}

static struct device_domain_info *get_domain_info(struct device *dev)
{
	return dev->archdata.iommu;
}

static struct dmar_domain *find_domain(struct device *dev)
{
	struct device_domain_info *info = get_domain_info(dev);

	return info ? info->domain : NULL;
}

struct intel_iommu *device_to_iommu(struct device *dev, u8 *bus, u8 *devfn)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct dmar_drhd_unit *drhd;
	int i;

	if (!k || !dev_is_pci(dev))
		return NULL;
	list_for_each_entry(drhd, &k->dmar_drhd_units, list) {
		if (!drhd->iommu)
			continue;
		for (i = 0; i < drhd->devices_cnt; i++) {
			if (drhd->devices[i] != dev)
				continue;
			if (bus)
				*bus = (u8)to_pci_dev(dev)->bus->number;
			if (devfn)
				*devfn = (u8)to_pci_dev(dev)->devfn;
			return drhd->iommu;
		}
	}
	return NULL;
}

static void domain_update_iommu_cap(struct dmar_domain *domain)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct intel_iommu *iommu;
	unsigned long mask = 0xf;
	int i, snooping = 1;

	if (!k)
		return;
	for_each_active_iommu(k, i, iommu)
	{
		mask &= cap_super_page_val(iommu->cap);
		if (!ecap_sc_support(iommu->ecap))
			snooping = 0;
	}
	domain->iommu_snooping = snooping;
	domain->iommu_superpage = mask ? fls((int)mask) : 0;
}

/* ---- domain ids -------------------------------------------------------- */

int domain_attach_iommu(struct dmar_domain *domain, struct intel_iommu *iommu)
{
	unsigned long ndomains;
	unsigned long num;

	domain->iommu_refcnt[iommu->seq_id] += 1;
	domain->iommu_count += 1;
	if (domain->iommu_refcnt[iommu->seq_id] == 1) {
		ndomains = cap_ndoms(iommu->cap);
		num = find_first_zero_bit(iommu->domain_ids, ndomains);

		if (num >= ndomains) {
			domain->iommu_refcnt[iommu->seq_id] -= 1;
			domain->iommu_count -= 1;
			return -ENOSPC;
		}

		set_bit(num, iommu->domain_ids);
		domain->iommu_did[iommu->seq_id] = (u16)num;
		domain->nid = iommu->node;
		domain_update_iommu_cap(domain);
	}

	return 0;
}

int domain_detach_iommu(struct dmar_domain *domain, struct intel_iommu *iommu)
{
	int count;

	domain->iommu_refcnt[iommu->seq_id] -= 1;
	count = --domain->iommu_count;
	if (domain->iommu_refcnt[iommu->seq_id] == 0) {
		clear_bit(domain->iommu_did[iommu->seq_id], iommu->domain_ids);
		domain_update_iommu_cap(domain);
		domain->iommu_did[iommu->seq_id] = 0;
	}

	return count;
}

/* ---- bringing units up --------------------------------------------------- */

static int iommu_init_domains(struct intel_iommu *iommu)
{
	unsigned long ndomains = cap_ndoms(iommu->cap);

	iommu->domain_ids = kcalloc(BITS_TO_LONGS(ndomains), sizeof(unsigned long), GFP_KERNEL);
	if (!iommu->domain_ids)
		return -ENOMEM;

	/* DID 0 tags what caching mode caches of not-present entries. */
	set_bit(0, iommu->domain_ids);

	/* DID 1 is for first-level and pass-through entries (VT-d 6.2.3.1). */
	if (sm_supported(iommu))
		set_bit(FLPT_DEFAULT_DID, iommu->domain_ids);

	return 0;
}

static int iommu_alloc_root_entry(struct intel_iommu *iommu)
{
	struct root_entry *root;

	root = alloc_pgtable_page(iommu->node);
	if (!root)
		return -ENOMEM;

	iommu->root_entry = root;
	return 0;
}

static int iommu_set_root_entry(struct intel_iommu *iommu)
{
	u64 addr;

	addr = virt_to_phys(iommu->root_entry);
	if (sm_supported(iommu))
		addr |= DMA_RTADDR_SMT;

	writeq(addr, iommu->reg + DMAR_RTADDR_REG);
	writel(iommu->gcmd | DMA_GCMD_SRTP, iommu->reg + DMAR_GCMD_REG);

	return readl(iommu->reg + DMAR_GSTS_REG) & DMA_GSTS_RTPS ? 0 : -EIO;
}

/* The unit completes a write-buffer flush at once: its status reads done. */
void iommu_flush_write_buffer(struct intel_iommu *iommu)
{
	if (!cap_rwbf(iommu->cap))
		return;

	writel(iommu->gcmd | DMA_GCMD_WBF, iommu->reg + DMAR_GCMD_REG);
	WARN_ON(readl(iommu->reg + DMAR_GSTS_REG) & DMA_GSTS_WBFS);
}

int for_each_device_domain(int (*fn)(struct device_domain_info *info, void *data), void *data)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct device_domain_info *info;
	int ret;

	if (!k)
		return 0;
	list_for_each_entry(info, &k->device_domain_list, global) {
		ret = fn(info, data);
		if (ret)
			return ret;
	}
	return 0;
}

static void iommu_enable_translation(struct intel_iommu *iommu)
{
	iommu->gcmd |= DMA_GCMD_TE;
	writel(iommu->gcmd, iommu->reg + DMAR_GCMD_REG);
	WARN_ON(!(readl(iommu->reg + DMAR_GSTS_REG) & DMA_GSTS_TES));
}

static void iommu_disable_translation(struct intel_iommu *iommu)
{
	iommu->gcmd &= ~DMA_GCMD_TE;
	writel(iommu->gcmd, iommu->reg + DMAR_GCMD_REG);
}

/* What init_dmars() built for one unit, undone: the unit stops translating. */
static void free_dmar_iommu(struct intel_iommu *iommu)
{
	iommu_disable_translation(iommu);
	if (iommu->root_entry)
		free_pgtable_page(iommu->root_entry);
	kfree(iommu->domain_ids);
	free_iommu(iommu);
}

static int init_dmars(struct vri_iommu_kernel *k)
{
	struct dmar_drhd_unit *drhd;
	struct intel_iommu *iommu;
	int i, ret = 0;

	list_for_each_entry(drhd, &k->dmar_drhd_units, list) {
		ret = alloc_iommu(drhd, k->g_num_of_iommus);
		if (ret)
			goto free_iommu;
		iommu = drhd->iommu;
		k->g_iommus[k->g_num_of_iommus++] = iommu;
		/* Register-based invalidation and legacy mode are not modelled. */
		if (!sm_supported(iommu) || !ecap_qis(iommu->ecap)) {
			ret = -ENODEV;
			goto free_iommu;
		}
		ret = dmar_enable_qi(iommu);
		if (ret)
			goto free_iommu;
		iommu->flush.flush_context = qi_flush_context;
		iommu->flush.flush_iotlb = qi_flush_iotlb;

		ret = iommu_init_domains(iommu);
		if (ret)
			goto free_iommu;
		ret = iommu_alloc_root_entry(iommu);
		if (ret)
			goto free_iommu;

		/* The PASID space is what the narrowest unit supports. */
		if (pasid_supported(iommu)) {
			u32 temp = 2u << ecap_pss(iommu->ecap);

			intel_pasid_max_id = min_t(u32, temp, intel_pasid_max_id);
		}
	}

	for_each_active_iommu(k, i, iommu)
	{
		ret = iommu_set_root_entry(iommu);
		if (ret)
			goto free_iommu;
		iommu->flush.flush_context(iommu, 0, 0, 0, DMA_CCMD_GLOBAL_INVL);
		iommu->flush.flush_iotlb(iommu, 0, 0, 0, DMA_TLB_GLOBAL_FLUSH);
	}

	for_each_active_iommu(k, i, iommu) iommu_enable_translation(iommu);

	return 0;

free_iommu:
	list_for_each_entry(drhd, &k->dmar_drhd_units, list) {
		if (drhd->iommu)
			free_dmar_iommu(drhd->iommu);
		drhd->iommu = NULL;
	}
	for (i = 0; i < k->g_num_of_iommus; i++)
		k->g_iommus[i] = NULL;
	k->g_num_of_iommus = 0;
	return ret;
}

int intel_iommu_init(void)
{
	struct vri_iommu_kernel *k = vri_iommu_k();
	int ret;

	if (!k)
		return -ENODEV;
	ret = init_dmars(k);
	if (ret)
		return ret;
	ret = bus_set_iommu(&k->pci_bus, k->prof->iommu_ops);
	if (ret)
		return ret;
	k->loaded = true;
	return 0;
}

/* ---- context entries --------------------------------------------------- */

static struct context_entry *iommu_context_addr(struct intel_iommu *iommu, u8 bus, u8 devfn,
						int alloc)
{
	struct root_entry *root = &iommu->root_entry[bus];
	struct context_entry *context;
	u64 *entry;

	entry = &root->lo;
	if (sm_supported(iommu)) {
		if (devfn >= 0x80) {
			devfn -= 0x80;
			entry = &root->hi;
		}
		devfn *= 2;
	}
	if (*entry & 1) {
		context = phys_to_virt(*entry & VTD_PAGE_MASK);
		if (!context)
			return NULL;
	} else {
		unsigned long phy_addr;

		if (!alloc)
			return NULL;

		context = alloc_pgtable_page(iommu->node);
		if (!context)
			return NULL;

		phy_addr = virt_to_phys((void *)context);
		*entry = phy_addr | 1;
	}
	return &context[devfn];
}

static u16 context_domain_id(struct context_entry *c)
{
	return (u16)((c->hi >> 8) & 0xffff);
}

static void context_clear_entry(struct context_entry *context)
{
	context[0].lo = 0;
	context[0].hi = 0;
	context[1].lo = 0;
	context[1].hi = 0;
}

/* PDTS: a directory of 2^(PDTS+7) entries. */
static unsigned long context_get_sm_pds(struct pasid_table *table)
{
	unsigned long max_pde = (unsigned long)table->max_pasid >> PASID_PDE_SHIFT;
	unsigned long pds = find_first_bit(&max_pde, MAX_NR_PASID_BITS);

	if (pds < 7)
		return 0;

	return pds - 7;
}

static int domain_context_mapping_one(struct dmar_domain *domain, struct intel_iommu *iommu,
				      struct pasid_table *table, u8 bus, u8 devfn)
{
	u16 did = domain->iommu_did[iommu->seq_id];
	struct device_domain_info *info = NULL;
	struct context_entry *context;
	struct device_domain_info *i;

	list_for_each_entry(i, &domain->devices, link)
		if (i->iommu == iommu && i->bus == bus && i->devfn == devfn)
			info = i;

	context = iommu_context_addr(iommu, bus, devfn, 1);
	if (!context)
		return -ENOMEM;

	if (context_present(context))
		return 0;

	context_clear_entry(context);

	if (WARN_ON(!table))
		return -EINVAL;

	context->lo = (u64)virt_to_phys(table->table) | (context_get_sm_pds(table) & 7) << 9;
	/* RID_PASID 0: DMA without PASID goes through PASID entry 0. */
	context->hi |= PASID_RID2PASID & ((1 << 20) - 1);
	if (info && info->ats_supported)
		context->lo |= 1 << 2;
	if (info && info->pri_supported)
		context->lo |= 1 << 4;
	if (info && info->pasid_supported && vri_iommu_k() && vri_iommu_k()->prof->context_paside)
		context->lo |= CONTEXT_PASIDE;

	context->lo &= ~(u64)2; /* FPD clear: faults are reported */
	context->lo |= 1;

	/* Caching mode caches not-present entries, in DID 0. */
	if (cap_caching_mode(iommu->cap)) {
		iommu->flush.flush_context(iommu, 0, (u16)((((u16)bus) << 8) | devfn),
					   DMA_CCMD_MASK_NOBIT, DMA_CCMD_DEVICE_INVL);
		iommu->flush.flush_iotlb(iommu, did, 0, 0, DMA_TLB_DSI_FLUSH);
	}

	return 0;
}

static void domain_context_clear_one(struct intel_iommu *iommu, u8 bus, u8 devfn)
{
	struct context_entry *context;
	u16 did_old;

	context = iommu_context_addr(iommu, bus, devfn, 0);
	if (!context)
		return;

	did_old = context_domain_id(context);
	context_clear_entry(context);
	iommu->flush.flush_context(iommu, did_old, (u16)((((u16)bus) << 8) | devfn),
				   DMA_CCMD_MASK_NOBIT, DMA_CCMD_DEVICE_INVL);
	iommu->flush.flush_iotlb(iommu, did_old, 0, 0, DMA_TLB_DSI_FLUSH);
}

static void iommu_enable_dev_iotlb(struct device_domain_info *info)
{
	struct pci_dev *pdev;

	if (!info || !dev_is_pci(info->dev))
		return;

	pdev = to_pci_dev(info->dev);
	info->pfsid = 0;

	/* PASID before ATS: the other order is undefined (PCIe 4.0, 10.5.1.3). */
	if (info->pasid_supported && !pci_enable_pasid(pdev, info->pasid_supported & ~1))
		info->pasid_enabled = 1;

	if (info->pri_supported && !pci_reset_pri(pdev) && !pci_enable_pri(pdev, 32))
		info->pri_enabled = 1;

	if (!pdev->untrusted && info->ats_supported && !pci_enable_ats(pdev, VTD_PAGE_SHIFT)) {
		info->ats_enabled = 1;
		info->domain->has_iotlb_device = true;
		info->ats_qdep = (u8)pci_ats_queue_depth(pdev);
	}
}

static void iommu_disable_dev_iotlb(struct device_domain_info *info)
{
	struct pci_dev *pdev;

	if (!dev_is_pci(info->dev))
		return;

	pdev = to_pci_dev(info->dev);

	if (info->ats_enabled) {
		pci_disable_ats(pdev);
		info->ats_enabled = 0;
	}
	if (info->pri_enabled) {
		pci_disable_pri(pdev);
		info->pri_enabled = 0;
	}
	if (info->pasid_enabled) {
		pci_disable_pasid(pdev);
		info->pasid_enabled = 0;
	}
}

/* ---- attaching a device ---------------------------------------------- */

static void unlink_domain_info(struct device_domain_info *info)
{
	list_del(&info->link);
	list_del(&info->global);
	if (info->dev)
		info->dev->archdata.iommu = NULL;
}

static void __dmar_remove_one_dev_info(struct device_domain_info *info)
{
	struct intel_iommu *iommu;

	if (WARN_ON(!info))
		return;

	iommu = info->iommu;

	if (info->dev) {
		if (dev_is_pci(info->dev) && sm_supported(iommu))
			intel_pasid_tear_down_entry(iommu, info->dev, PASID_RID2PASID);

		iommu_disable_dev_iotlb(info);
		domain_context_clear_one(iommu, info->bus, info->devfn);
		intel_pasid_free_table(info->dev);
	}

	unlink_domain_info(info);
	domain_detach_iommu(info->domain, iommu);
	free_devinfo_mem(info);
}

static void dmar_remove_one_dev_info(struct device *dev)
{
	struct device_domain_info *info = get_domain_info(dev);

	if (info)
		__dmar_remove_one_dev_info(info);
}

/* The kernel's NULL return: the caller cannot tell why, and says -EBUSY. */
static struct dmar_domain *insert_failed(int *err, int ret)
{
	*err = ret;
	return NULL;
}

static struct dmar_domain *dmar_insert_one_dev_info(struct intel_iommu *iommu, int bus, int devfn,
						    struct device *dev, struct dmar_domain *domain,
						    int *err)
{
	struct vri_iommu_kernel *k = vri_iommu_k();
	struct device_domain_info *info;
	struct dmar_domain *found;
	int ret;

	if (!k)
		return insert_failed(err, -ENODEV);
	info = alloc_devinfo_mem();
	if (!info)
		return insert_failed(err, -ENOMEM);

	info->bus = (u8)bus;
	info->devfn = (u8)devfn;
	info->dev = dev;
	info->domain = domain;
	info->iommu = iommu;
	INIT_LIST_HEAD(&info->auxiliary_domains);
	INIT_LIST_HEAD(&info->subdevices);
	INIT_LIST_HEAD(&info->table);

	if (dev && dev_is_pci(dev)) {
		struct pci_dev *pdev = to_pci_dev(info->dev);

		if (!pdev->untrusted && ecap_dev_iotlb_support(iommu->ecap) &&
		    pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_ATS))
			info->ats_supported = 1;

		if (sm_supported(iommu)) {
			if (pasid_supported(iommu)) {
				int features = pci_pasid_features(pdev);

				if (features >= 0)
					info->pasid_supported = (u8)(features | 1);
			}

			if (info->ats_supported && ecap_prs(iommu->ecap) &&
			    pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_PRI))
				info->pri_supported = 1;
		}
	}

	found = dev ? find_domain(dev) : NULL;
	if (found) {
		free_devinfo_mem(info);
		/* Caller must free the original domain */
		return found;
	}

	ret = domain_attach_iommu(domain, iommu);
	if (ret) {
		free_devinfo_mem(info);
		return insert_failed(err, ret);
	}

	list_add(&info->link, &domain->devices);
	list_add(&info->global, &k->device_domain_list);
	if (dev)
		dev->archdata.iommu = info;

	/* Scalable mode: every PCI device has a PASID table. */
	if (dev && dev_is_pci(dev) && sm_supported(iommu)) {
		ret = intel_pasid_alloc_table(dev);
		if (ret) {
			dmar_remove_one_dev_info(dev);
			return insert_failed(err, ret);
		}

		/* The entry that DMA without PASID uses. */
		ret = intel_pasid_setup_second_level(iommu, domain, dev, PASID_RID2PASID);
		if (ret) {
			dmar_remove_one_dev_info(dev);
			return insert_failed(err, ret);
		}
	}

	ret = domain_context_mapping_one(domain, iommu, info->pasid_table, (u8)bus, (u8)devfn);
	if (ret) {
		dmar_remove_one_dev_info(dev);
		return insert_failed(err, ret);
	}
	iommu_enable_dev_iotlb(info);

	return domain;
}

static int domain_add_dev_info(struct dmar_domain *domain, struct device *dev)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct dmar_domain *ndomain;
	struct intel_iommu *iommu;
	u8 bus, devfn;
	int err = -EBUSY;

	iommu = device_to_iommu(dev, &bus, &devfn);
	if (!iommu)
		return -ENODEV;

	ndomain = dmar_insert_one_dev_info(iommu, bus, devfn, dev, domain, &err);
	if (ndomain == domain)
		return 0;
	return k && k->prof->attach_errno && !ndomain ? err : -EBUSY;
}

/*
 * The domain's tables fit the unit: its mapped range within the unit's
 * width (-EFAULT otherwise), and top levels dropped while the domain has
 * more of them than the unit walks.
 */
static int prepare_domain_attach_device(struct iommu_domain *domain, struct device *dev)
{
	struct dmar_domain *dmar_domain = to_dmar_domain(domain);
	struct intel_iommu *iommu;
	int addr_width;
	u8 bus, devfn;

	iommu = device_to_iommu(dev, &bus, &devfn);
	if (!iommu)
		return -ENODEV;

	addr_width = agaw_to_width(iommu->agaw);
	if (addr_width > (int)cap_mgaw(iommu->cap))
		addr_width = (int)cap_mgaw(iommu->cap);

	if (dmar_domain->max_addr > (1ULL << addr_width))
		return -EFAULT;
	dmar_domain->gaw = addr_width;

	while (iommu->agaw < dmar_domain->agaw) {
		struct dma_pte *pte = dmar_domain->pgd;

		if (dma_pte_present(pte)) {
			struct dma_pte *next = phys_to_virt(dma_pte_addr(pte));

			if (WARN_ON(!next))
				return -EFAULT;
			dmar_domain->pgd = next;
			free_pgtable_page(pte);
		}
		dmar_domain->agaw--;
	}

	return 0;
}

/* Whether @domain may be attached to @dev through the aux-domain calls. */
static bool is_aux_domain(struct device *dev, struct iommu_domain *domain)
{
	struct device_domain_info *info = get_domain_info(dev);

	return info && info->auxd_enabled && domain->type == IOMMU_DOMAIN_UNMANAGED;
}

static int intel_iommu_attach_device(struct iommu_domain *domain, struct device *dev)
{
	int ret;

	if (is_aux_domain(dev, domain))
		return -EPERM;

	/* A device moves: it leaves its old domain, which its owner frees. */
	if (find_domain(dev))
		dmar_remove_one_dev_info(dev);

	ret = prepare_domain_attach_device(domain, dev);
	if (ret)
		return ret;

	return domain_add_dev_info(to_dmar_domain(domain), dev);
}

static void intel_iommu_detach_device(struct iommu_domain *domain, struct device *dev)
{
	(void)domain;
	dmar_remove_one_dev_info(dev);
}

/* ---- second-level page tables ------------------------------------------ */

static struct dma_pte *pfn_to_dma_pte(struct dmar_domain *domain, unsigned long pfn,
				      int *target_level)
{
	struct dma_pte *parent, *pte;
	int level = agaw_to_level(domain->agaw);
	int offset;

	if (!domain->pgd)
		return NULL;
	/* Beyond the domain's width: no entry. */
	if (agaw_to_width(domain->agaw) - VTD_PAGE_SHIFT < (int)sizeof(long) * 8 &&
	    pfn >> (agaw_to_width(domain->agaw) - VTD_PAGE_SHIFT))
		return NULL;

	parent = domain->pgd;

	while (1) {
		void *tmp_page;

		offset = pfn_level_offset(pfn, level);
		pte = &parent[offset];
		if (!*target_level && (dma_pte_superpage(pte) || !dma_pte_present(pte)))
			break;
		if (level == *target_level)
			break;

		if (!dma_pte_present(pte)) {
			u64 pteval;

			tmp_page = alloc_pgtable_page(domain->nid);
			if (!tmp_page)
				return NULL;

			pteval = ((u64)virt_to_phys(tmp_page) & VTD_PAGE_MASK) | DMA_PTE_READ |
				 DMA_PTE_WRITE;
			pte->val = pteval;
		}
		if (level == 1)
			break;

		parent = phys_to_virt(dma_pte_addr(pte));
		if (WARN_ON(!parent))
			return NULL;
		level--;
	}

	if (!*target_level)
		*target_level = level;

	return pte;
}

/* The largest page level that alignment, length and CAP.SLLPS allow. */
static int hardware_largepage_caps(struct dmar_domain *domain, unsigned long iov_pfn,
				   unsigned long phy_pfn, unsigned long pages)
{
	int support, level = 1;
	unsigned long pfnmerge;

	support = domain->iommu_superpage;

	pfnmerge = iov_pfn | phy_pfn;

	while (support && !(pfnmerge & ~VTD_STRIDE_MASK)) {
		pages >>= VTD_STRIDE_SHIFT;
		if (!pages)
			break;
		pfnmerge >>= VTD_STRIDE_SHIFT;
		level++;
		support--;
	}
	return level;
}

static struct dma_pte *dma_pte_list_pagetables(struct dmar_domain *domain, int level,
					       struct dma_pte *pte, struct dma_pte *freelist);

/* Frees nothing yet: links the table pages to go into @freelist. */
static struct dma_pte *freelist_add(struct dma_pte *page, struct dma_pte *freelist)
{
	/* The page's first entry links the list: the unit can no longer reach it. */
	page->val = (u64)(uintptr_t)freelist;
	return page;
}

static struct dma_pte *dma_pte_list_pagetables(struct dmar_domain *domain, int level,
					       struct dma_pte *pte, struct dma_pte *freelist)
{
	struct dma_pte *table = phys_to_virt(dma_pte_addr(pte));
	int i;

	if (WARN_ON(!table))
		return freelist;
	if (level > 1) {
		for (i = 0; i < 512; i++)
			if (dma_pte_present(&table[i]) && !dma_pte_superpage(&table[i]))
				freelist = dma_pte_list_pagetables(domain, level - 1, &table[i],
								   freelist);
	}
	return freelist_add(table, freelist);
}

static struct dma_pte *dma_pte_clear_level(struct dmar_domain *domain, int level,
					   struct dma_pte *pte, unsigned long pfn,
					   unsigned long start_pfn, unsigned long last_pfn,
					   struct dma_pte *freelist)
{
	pfn = max(start_pfn, pfn);
	pte = &pte[pfn_level_offset(pfn, level)];

	do {
		unsigned long level_pfn;

		if (!dma_pte_present(pte))
			goto next;

		level_pfn = pfn & level_mask(level);

		if (start_pfn <= level_pfn && last_pfn >= level_pfn + level_size(level) - 1) {
			/* Wholly covered: the tables below go, unread. */
			if (level > 1 && !dma_pte_superpage(pte))
				freelist =
					dma_pte_list_pagetables(domain, level - 1, pte, freelist);

			pte->val = 0;
		} else if (level > 1) {
			struct dma_pte *child = phys_to_virt(dma_pte_addr(pte));

			/* A superpage partly covered is walked as a table, as the kernel does. */
			if (!WARN_ON(!child))
				freelist = dma_pte_clear_level(domain, level - 1, child, level_pfn,
							       start_pfn, last_pfn, freelist);
		}
	next:
		pfn = (pfn & level_mask(level)) + level_size(level);
	} while (!first_pte_in_page(++pte) && pfn <= last_pfn && pfn);

	return freelist;
}

static struct dma_pte *domain_unmap(struct dmar_domain *domain, unsigned long start_pfn,
				    unsigned long last_pfn)
{
	struct dma_pte *freelist;

	freelist = dma_pte_clear_level(domain, agaw_to_level(domain->agaw), domain->pgd, 0,
				       start_pfn, last_pfn, NULL);

	/* The whole range: the top table goes too. */
	if (start_pfn == 0 && last_pfn == DOMAIN_MAX_PFN(domain->gaw)) {
		freelist = freelist_add(domain->pgd, freelist);
		domain->pgd = NULL;
	}

	return freelist;
}

static void dma_free_pagelist(struct dma_pte *freelist)
{
	while (freelist) {
		struct dma_pte *next = (struct dma_pte *)(uintptr_t)freelist->val;

		free_pgtable_page(freelist);
		freelist = next;
	}
}

static void iommu_flush_dev_iotlb(struct dmar_domain *domain, u64 addr, unsigned int mask)
{
	struct device_domain_info *info;

	if (!domain->has_iotlb_device)
		return;

	list_for_each_entry(info, &domain->devices, link) {
		u16 sid;

		if (!info->ats_enabled)
			continue;

		sid = (u16)(info->bus << 8 | info->devfn);
		qi_flush_dev_iotlb(info->iommu, sid, info->pfsid, info->ats_qdep, addr, mask);
	}
}

static void iommu_flush_iotlb_psi(struct intel_iommu *iommu, struct dmar_domain *domain,
				  unsigned long pfn, unsigned long pages, int ih, int map)
{
	unsigned int mask = (unsigned int)ilog2(__roundup_pow_of_two(pages));
	u64 addr = (u64)pfn << VTD_PAGE_SHIFT;
	u16 did = domain->iommu_did[iommu->seq_id];

	if (WARN_ON(pages == 0))
		return;

	if (ih)
		ih = 1 << 6;
	/* Without page-selective invalidation, or too many pages: the domain. */
	if (!cap_pgsel_inv(iommu->cap) || mask > cap_max_amask_val(iommu->cap))
		iommu->flush.flush_iotlb(iommu, did, 0, 0, DMA_TLB_DSI_FLUSH);
	else
		iommu->flush.flush_iotlb(iommu, did, addr | (u64)ih, mask, DMA_TLB_PSI_FLUSH);

	if (!cap_caching_mode(iommu->cap) || !map)
		iommu_flush_dev_iotlb(domain, addr, mask);
}

static int __domain_mapping(struct dmar_domain *domain, unsigned long iov_pfn,
			    unsigned long phys_pfn, unsigned long nr_pages, int prot)
{
	struct dma_pte *pte = NULL;
	unsigned long sg_res = nr_pages;
	unsigned int largepage_lvl = 0;
	unsigned long lvl_pages = 0;
	u64 pteval;

	if (!(prot & (DMA_PTE_READ | DMA_PTE_WRITE)))
		return -EINVAL;

	pteval = ((u64)phys_pfn << VTD_PAGE_SHIFT) | (u64)prot;

	while (nr_pages > 0) {
		if (!pte) {
			int lvl = hardware_largepage_caps(domain, iov_pfn, phys_pfn, sg_res);

			largepage_lvl = (unsigned int)lvl;
			pte = pfn_to_dma_pte(domain, iov_pfn, &lvl);
			if (!pte)
				return -ENOMEM;
			/* Superpage candidate: the tables it replaces go. */
			if (largepage_lvl > 1) {
				unsigned long nr_superpages, end_pfn;
				struct dma_pte *freelist;

				pteval |= DMA_PTE_LARGE_PAGE;
				lvl_pages = lvl_to_nr_pages(largepage_lvl);
				nr_superpages = sg_res / lvl_pages;
				end_pfn = iov_pfn + nr_superpages * lvl_pages - 1;
				freelist = NULL;
				/* Only tables below a present entry can be in the way. */
				if (dma_pte_present(pte) && !dma_pte_superpage(pte)) {
					freelist = dma_pte_list_pagetables(
						domain, (int)largepage_lvl - 1, pte, NULL);
					pte->val = 0;
				}
				dma_free_pagelist(freelist);
				(void)end_pfn;
			} else {
				pteval &= ~(u64)DMA_PTE_LARGE_PAGE;
			}
		}
		/* An entry set already is the caller's bug: left as it is. */
		if (pte->val) {
			WARN_ON(1);
		} else {
			pte->val = pteval;
		}

		lvl_pages = lvl_to_nr_pages(largepage_lvl);

		nr_pages -= lvl_pages;
		iov_pfn += lvl_pages;
		phys_pfn += lvl_pages;
		pteval += (u64)lvl_pages * VTD_PAGE_SIZE;
		sg_res -= lvl_pages;

		/* Next table, a new level to choose, or the end. */
		pte++;
		if (!nr_pages || first_pte_in_page(pte) ||
		    (largepage_lvl > 1 && sg_res < lvl_pages))
			pte = NULL;
	}
	return 0;
}

static int intel_iommu_map(struct iommu_domain *domain, unsigned long iova, phys_addr_t hpa,
			   size_t size, int iommu_prot)
{
	struct dmar_domain *dmar_domain = to_dmar_domain(domain);
	u64 max_addr;
	int prot = 0;

	if (iommu_prot & IOMMU_READ)
		prot |= DMA_PTE_READ;
	if (iommu_prot & IOMMU_WRITE)
		prot |= DMA_PTE_WRITE;
	if ((iommu_prot & IOMMU_CACHE) && dmar_domain->iommu_snooping)
		prot |= DMA_PTE_SNP;

	max_addr = iova + size;
	if (max_addr < iova)
		return -EFAULT;
	if (dmar_domain->max_addr < max_addr) {
		u64 end;

		/* check if minimum agaw is sufficient for mapped address */
		end = __DOMAIN_MAX_ADDR(dmar_domain->gaw) + 1;
		if (end < max_addr)
			return -EFAULT;
		dmar_domain->max_addr = max_addr;
	}
	/* Whole VT-d pages covering [hpa, hpa + size). */
	size = (size_t)(PAGE_ALIGN((hpa & ~VTD_PAGE_MASK) + size) >> VTD_PAGE_SHIFT);
	return __domain_mapping(dmar_domain, iova >> VTD_PAGE_SHIFT, hpa >> VTD_PAGE_SHIFT, size,
				prot);
}

static size_t intel_iommu_unmap(struct iommu_domain *domain, unsigned long iova, size_t size,
				struct iommu_iotlb_gather *gather)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct dmar_domain *dmar_domain = to_dmar_domain(domain);
	struct dma_pte *freelist = NULL, *pte;
	unsigned long start_pfn, last_pfn;
	unsigned long npages;
	struct intel_iommu *iommu;
	int i, level = 0;

	(void)gather;
	if (!k || !size)
		return 0;
	/*
	 * The range grows to the entry found: a superpage goes whole, and an
	 * IOVA without mapping widens to the span of the level that is absent.
	 * Beyond the tables the seed era BUG()s (a WARN here); v6.4 returns 0.
	 */
	pte = pfn_to_dma_pte(dmar_domain, iova >> VTD_PAGE_SHIFT, &level);
	if (!pte && (!k->prof->unmap_bug_on || WARN_ON(!pte)))
		return 0;

	if (size < VTD_PAGE_SIZE << level_to_offset_bits(level))
		size = VTD_PAGE_SIZE << level_to_offset_bits(level);

	start_pfn = iova >> VTD_PAGE_SHIFT;
	last_pfn = (iova + size - 1) >> VTD_PAGE_SHIFT;
	if (last_pfn < start_pfn || last_pfn > DOMAIN_MAX_PFN(dmar_domain->gaw))
		last_pfn = DOMAIN_MAX_PFN(dmar_domain->gaw);

	freelist = domain_unmap(dmar_domain, start_pfn, last_pfn);

	npages = last_pfn - start_pfn + 1;
	for_each_active_iommu(k, i, iommu)
	{
		if (dmar_domain->iommu_refcnt[iommu->seq_id])
			iommu_flush_iotlb_psi(iommu, dmar_domain, start_pfn, npages, !freelist, 0);
	}
	dma_free_pagelist(freelist);

	if (dmar_domain->max_addr == iova + size)
		dmar_domain->max_addr = iova;

	return size;
}

static phys_addr_t intel_iommu_iova_to_phys(struct iommu_domain *domain, dma_addr_t iova)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct dmar_domain *dmar_domain = to_dmar_domain(domain);
	struct dma_pte *pte;
	int level = 0;
	u64 phys = 0;

	if (!k)
		return 0;
	pte = pfn_to_dma_pte(dmar_domain, iova >> VTD_PAGE_SHIFT, &level);
	if (!pte)
		return 0;
	if (!k->prof->iova_to_phys_offset)
		return dma_pte_addr(pte); /* the seed era: the frame, present or not */
	if (dma_pte_present(pte))
		phys = dma_pte_addr(pte) +
		       (iova & (BIT_MASK(level_to_offset_bits(level) + VTD_PAGE_SHIFT) - 1));

	return phys;
}

/* ---- domains ---------------------------------------------------------- */

static struct dmar_domain *alloc_domain(int flags)
{
	struct dmar_domain *domain;

	domain = alloc_domain_mem();
	if (!domain)
		return NULL;

	memset(domain, 0, sizeof(*domain));
	domain->nid = -1;
	domain->flags = flags;
	domain->has_iotlb_device = false;
	INIT_LIST_HEAD(&domain->devices);
	/* The kernel leaves auxd zeroed; a self-linked node makes list_del() of it harmless. */
	INIT_LIST_HEAD(&domain->auxd);
	INIT_LIST_HEAD(&domain->subdevices);
	INIT_LIST_HEAD(&domain->dev_pasids);

	return domain;
}

static int md_domain_init(struct dmar_domain *domain, int guest_width)
{
	int adjust_width;

	adjust_width = guestwidth_to_adjustwidth(guest_width);
	domain->agaw = width_to_agaw(adjust_width);
	domain->gaw = guest_width;
	domain->iommu_coherency = 0;
	domain->iommu_snooping = 0;
	domain->iommu_superpage = 0;
	domain->max_addr = 0;

	domain->pgd = alloc_pgtable_page(domain->nid);
	if (!domain->pgd)
		return -ENOMEM;
	return 0;
}

static void domain_remove_dev_info(struct dmar_domain *domain)
{
	struct device_domain_info *info, *tmp;

	list_for_each_entry_safe(info, tmp, &domain->devices, link)
		__dmar_remove_one_dev_info(info);
}

static void domain_exit(struct dmar_domain *domain)
{
	struct dma_pte *freelist;

	domain_remove_dev_info(domain);

	if (domain->pgd) {
		freelist = domain_unmap(domain, 0, DOMAIN_MAX_PFN(domain->gaw));
		dma_free_pagelist(freelist);
	}

	free_domain_mem(domain);
}

static struct iommu_domain *intel_iommu_domain_alloc(unsigned type)
{
	struct dmar_domain *dmar_domain;
	struct iommu_domain *domain;

	if (type != IOMMU_DOMAIN_UNMANAGED && type != IOMMU_DOMAIN_DMA)
		return NULL;

	dmar_domain = alloc_domain(0);
	if (!dmar_domain)
		return NULL;
	if (md_domain_init(dmar_domain, DEFAULT_DOMAIN_ADDRESS_WIDTH)) {
		domain_exit(dmar_domain);
		return NULL;
	}
	domain_update_iommu_cap(dmar_domain);

	domain = &dmar_domain->domain;
	domain->type = type;
	domain->geometry.aperture_start = 0;
	domain->geometry.aperture_end = __DOMAIN_MAX_ADDR(dmar_domain->gaw);
	domain->geometry.force_aperture = true;

	return domain;
}

static void intel_iommu_domain_free(struct iommu_domain *domain)
{
	domain_exit(to_dmar_domain(domain));
}

/* ---- device features ------------------------------------------------- */

static bool scalable_mode_support(void)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct intel_iommu *iommu;
	bool ret = true;
	int i;

	if (!k || !k->g_num_of_iommus)
		return false;
	for_each_active_iommu(k, i, iommu)
	{
		if (!sm_supported(iommu)) {
			ret = false;
			break;
		}
	}

	return ret;
}

static bool iommu_pasid_support(void)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct intel_iommu *iommu;
	bool ret = true;
	int i;

	if (!k || !k->g_num_of_iommus)
		return false;
	for_each_active_iommu(k, i, iommu)
	{
		if (!pasid_supported(iommu)) {
			ret = false;
			break;
		}
	}

	return ret;
}

/* The Scalable IOV DVSEC: vendor 0x8086 at +4, DVSEC id 5 at +8. */
static int siov_find_pci_dvsec(struct pci_dev *pdev)
{
	int pos;
	u16 vendor, id;

	pos = pci_find_next_ext_capability(pdev, 0, PCI_EXT_CAP_ID_DVSEC);
	while (pos) {
		pci_read_config_word(pdev, pos + 4, &vendor);
		pci_read_config_word(pdev, pos + 8, &id);
		if (vendor == PCI_VENDOR_ID_INTEL && id == 5)
			return pos;

		pos = pci_find_next_ext_capability(pdev, pos, PCI_EXT_CAP_ID_DVSEC);
	}

	return 0;
}

int intel_iommu_enable_pasid(struct intel_iommu *iommu, struct device *dev)
{
	struct device_domain_info *info;
	struct context_entry *context;
	struct dmar_domain *domain;
	u64 ctx_lo;

	domain = find_domain(dev);
	if (!domain)
		return -EINVAL;

	info = get_domain_info(dev);
	if (!info || !info->pasid_supported)
		return -EINVAL;

	context = iommu_context_addr(iommu, info->bus, info->devfn, 0);
	if (WARN_ON(!context))
		return -EINVAL;

	ctx_lo = context[0].lo;

	if (!(ctx_lo & CONTEXT_PASIDE)) {
		ctx_lo |= CONTEXT_PASIDE;
		context[0].lo = ctx_lo;
		iommu->flush.flush_context(iommu, domain->iommu_did[iommu->seq_id],
					   PCI_DEVID(info->bus, info->devfn), DMA_CCMD_MASK_NOBIT,
					   DMA_CCMD_DEVICE_INVL);
	}

	/* Enable PASID support in the device, if it wasn't already */
	if (!info->pasid_enabled)
		iommu_enable_dev_iotlb(info);

	return 0;
}

static int intel_iommu_enable_auxd(struct device *dev)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct device_domain_info *info;
	struct intel_iommu *iommu;
	u8 bus, devfn;
	int ret;

	iommu = device_to_iommu(dev, &bus, &devfn);
	if (!iommu || !k || k->dmar_disabled)
		return -EINVAL;

	if (!sm_supported(iommu) || !pasid_supported(iommu))
		return -EINVAL;

	ret = intel_iommu_enable_pasid(iommu, dev);
	if (ret)
		return -ENODEV;

	info = get_domain_info(dev);
	info->auxd_enabled = 1;

	return 0;
}

static int intel_iommu_disable_auxd(struct device *dev)
{
	struct device_domain_info *info = get_domain_info(dev);

	/* Aux domains still attached keep their PASID entries. */
	if (!WARN_ON(!info))
		info->auxd_enabled = 0;

	return 0;
}

static bool intel_iommu_dev_has_feat(struct device *dev, enum iommu_dev_features feat)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();

	if (feat == IOMMU_DEV_FEAT_AUX) {
		int ret;

		if (!dev_is_pci(dev) || !k || k->dmar_disabled || !scalable_mode_support() ||
		    !iommu_pasid_support())
			return false;

		ret = pci_pasid_features(to_pci_dev(dev));
		if (ret < 0)
			return false;

		return !!siov_find_pci_dvsec(to_pci_dev(dev));
	}

	return false;
}

static int intel_iommu_dev_enable_feat(struct device *dev, enum iommu_dev_features feat)
{
	if (feat == IOMMU_DEV_FEAT_AUX)
		return intel_iommu_enable_auxd(dev);

	return -ENODEV;
}

static int intel_iommu_dev_disable_feat(struct device *dev, enum iommu_dev_features feat)
{
	if (feat == IOMMU_DEV_FEAT_AUX)
		return intel_iommu_disable_auxd(dev);

	return -ENODEV;
}

static bool intel_iommu_dev_feat_enabled(struct device *dev, enum iommu_dev_features feat)
{
	struct device_domain_info *info = get_domain_info(dev);

	if (feat == IOMMU_DEV_FEAT_AUX)
		return scalable_mode_support() && info && info->auxd_enabled;

	return false;
}

/* ---- aux domains ------------------------------------------------------- */

static struct subdev_domain_info *lookup_subdev_info(struct dmar_domain *domain, struct device *dev)
{
	struct subdev_domain_info *sinfo;

	list_for_each_entry(sinfo, &domain->subdevices, link_domain) {
		if (sinfo->pdev == dev)
			return sinfo;
	}

	return NULL;
}

/*
 * v5.1: the domain's one auxd node goes on the device's list and the
 * count goes up, whatever the node was on before.  v5.11: a record per
 * (domain, device) and its user count, which is returned.
 */
static int auxiliary_link_device(struct dmar_domain *domain, struct device *dev)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct device_domain_info *info = get_domain_info(dev);
	struct subdev_domain_info *sinfo;

	if (WARN_ON(!info) || !k)
		return -EINVAL;

	if (!k->prof->aux_subdevices) {
		domain->auxd_refcnt++;
		list_add(&domain->auxd, &info->auxiliary_domains);
		return domain->auxd_refcnt;
	}

	sinfo = lookup_subdev_info(domain, dev);
	if (!sinfo) {
		sinfo = kzalloc(sizeof(*sinfo), GFP_ATOMIC);
		if (!sinfo)
			return -ENOMEM;
		sinfo->domain = domain;
		sinfo->pdev = dev;
		list_add(&sinfo->link_phys, &info->subdevices);
		list_add(&sinfo->link_domain, &domain->subdevices);
	}

	return ++sinfo->users;
}

/* Returns what is left: v5.1 the domain's count, v5.11 the record's users. */
static int auxiliary_unlink_device(struct dmar_domain *domain, struct device *dev)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct device_domain_info *info = get_domain_info(dev);
	struct subdev_domain_info *sinfo;
	int ret;

	if (WARN_ON(!info) || !k)
		return -EINVAL;

	if (!k->prof->aux_subdevices) {
		list_del(&domain->auxd);
		domain->auxd_refcnt--;

		if (!domain->auxd_refcnt && domain->default_pasid > 0)
			intel_pasid_free_id(domain->default_pasid);
		return 0;
	}

	sinfo = lookup_subdev_info(domain, dev);
	if (WARN_ON(!sinfo || sinfo->users <= 0))
		return -EINVAL;

	ret = --sinfo->users;
	if (!ret) {
		list_del(&sinfo->link_phys);
		list_del(&sinfo->link_domain);
		kfree(sinfo);
	}

	return ret;
}

/* No aux attachment left: the domain's PASID goes back (default_pasid keeps it). */
static void aux_put_pasid(struct dmar_domain *domain)
{
	if (list_empty(&domain->subdevices) && domain->default_pasid > 0)
		intel_pasid_free_id(domain->default_pasid);
}

static int aux_domain_add_dev(struct dmar_domain *domain, struct device *dev)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct intel_iommu *iommu;
	u8 bus, devfn;
	int ret;

	iommu = device_to_iommu(dev, &bus, &devfn);
	if (!iommu || !k)
		return -ENODEV;

	if (domain->default_pasid <= 0) {
		int pasid;

		pasid = intel_pasid_alloc_id(domain, PASID_MIN, pci_max_pasids(to_pci_dev(dev)),
					     GFP_KERNEL);
		if (pasid <= 0)
			return -ENODEV;
		domain->default_pasid = pasid;
	}

	if (k->prof->aux_subdevices) {
		/* v5.11: the record first; a second user of it changes nothing. */
		ret = auxiliary_link_device(domain, dev);
		if (ret <= 0)
			goto link_failed;
		if (ret > 1)
			return 0;
	}

	ret = domain_attach_iommu(domain, iommu);
	if (ret)
		goto attach_failed;

	ret = intel_pasid_setup_second_level(iommu, domain, dev, domain->default_pasid);
	if (ret)
		goto table_failed;

	if (!k->prof->aux_subdevices)
		auxiliary_link_device(domain, dev);

	return 0;

table_failed:
	domain_detach_iommu(domain, iommu);
attach_failed:
	if (k->prof->aux_subdevices)
		auxiliary_unlink_device(domain, dev);
link_failed:
	if (k->prof->aux_subdevices)
		aux_put_pasid(domain);
	else if (!domain->auxd_refcnt && domain->default_pasid > 0)
		intel_pasid_free_id(domain->default_pasid);

	return ret;
}

static void aux_domain_remove_dev(struct dmar_domain *domain, struct device *dev)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct device_domain_info *info;
	struct intel_iommu *iommu;

	if (!is_aux_domain(dev, &domain->domain) || !k)
		return;

	info = get_domain_info(dev);
	iommu = info->iommu;

	if (!auxiliary_unlink_device(domain, dev)) {
		intel_pasid_tear_down_entry(iommu, dev, domain->default_pasid);
		domain_detach_iommu(domain, iommu);
	}

	if (k->prof->aux_subdevices)
		aux_put_pasid(domain);
}

static int intel_iommu_aux_attach_device(struct iommu_domain *domain, struct device *dev)
{
	int ret;

	if (!is_aux_domain(dev, domain))
		return -EPERM;

	ret = prepare_domain_attach_device(domain, dev);
	if (ret)
		return ret;

	return aux_domain_add_dev(to_dmar_domain(domain), dev);
}

static void intel_iommu_aux_detach_device(struct iommu_domain *domain, struct device *dev)
{
	aux_domain_remove_dev(to_dmar_domain(domain), dev);
}

static int intel_iommu_aux_get_pasid(struct iommu_domain *domain, struct device *dev)
{
	struct dmar_domain *dmar_domain = to_dmar_domain(domain);

	(void)dev;
	return dmar_domain->default_pasid > 0 ? dmar_domain->default_pasid : -EINVAL;
}

/* ---- PASID attach (mainline) ----------------------------------------- */

static int intel_iommu_set_dev_pasid(struct iommu_domain *domain, struct device *dev, u32 pasid)
{
	struct device_domain_info *info = get_domain_info(dev);
	struct dmar_domain *dmar_domain = to_dmar_domain(domain);
	struct dev_pasid_info *dev_pasid;
	struct intel_iommu *iommu;
	u8 bus, devfn;
	int ret;

	iommu = device_to_iommu(dev, &bus, &devfn);
	if (!iommu || !info)
		return -ENODEV;
	if (!pasid_supported(iommu) || !info->pasid_supported)
		return -EOPNOTSUPP;
	if ((int)pasid >= intel_pasid_get_dev_max_id(dev))
		return -EINVAL;

	ret = prepare_domain_attach_device(domain, dev);
	if (ret)
		return ret;

	dev_pasid = kzalloc(sizeof(*dev_pasid), GFP_KERNEL);
	if (!dev_pasid)
		return -ENOMEM;

	ret = domain_attach_iommu(dmar_domain, iommu);
	if (ret)
		goto out_free;

	ret = intel_pasid_setup_second_level(iommu, dmar_domain, dev, (int)pasid);
	if (ret)
		goto out_detach_iommu;

	dev_pasid->dev = dev;
	dev_pasid->pasid = pasid;
	list_add(&dev_pasid->link_domain, &dmar_domain->dev_pasids);

	return 0;
out_detach_iommu:
	domain_detach_iommu(dmar_domain, iommu);
out_free:
	kfree(dev_pasid);
	return ret;
}

static void intel_iommu_remove_dev_pasid(struct device *dev, u32 pasid)
{
	const struct vri_iommu_kernel *k = vri_iommu_k();
	struct dev_pasid_info *curr, *dev_pasid = NULL;
	struct dmar_domain *dmar_domain = NULL;
	struct intel_iommu *iommu;
	struct vri_slab_obj *o;
	u8 bus, devfn;

	iommu = device_to_iommu(dev, &bus, &devfn);
	if (!iommu || !k)
		return;

	/* The domain at @pasid: mainline asks the core's PASID array. */
	list_for_each_entry(o, &k->slab_live, link) {
		struct dmar_domain *d = (void *)o->data;

		if (o->kind != VRI_SLAB_DOMAIN)
			continue;
		list_for_each_entry(curr, &d->dev_pasids, link_domain) {
			if (curr->dev == dev && curr->pasid == pasid) {
				dev_pasid = curr;
				dmar_domain = d;
			}
		}
	}
	if (WARN_ON(!dev_pasid))
		return;

	list_del(&dev_pasid->link_domain);
	kfree(dev_pasid);
	intel_pasid_tear_down_entry(iommu, dev, (int)pasid);
	domain_detach_iommu(dmar_domain, iommu);
}

/* ---- probe -------------------------------------------------------------- */

/* A new device joins its group, which brings the default DMA-API domain. */
static int intel_iommu_add_device(struct device *dev)
{
	struct iommu_group *group;
	u8 bus, devfn;

	if (!device_to_iommu(dev, &bus, &devfn))
		return -ENODEV;

	group = iommu_group_get_for_dev(dev);
	if (IS_ERR(group))
		return (int)PTR_ERR(group);

	iommu_group_put(group);
	return 0;
}

static void intel_iommu_remove_device(struct device *dev)
{
	u8 bus, devfn;

	if (!device_to_iommu(dev, &bus, &devfn))
		return;

	dmar_remove_one_dev_info(dev);
	iommu_group_remove_device(dev);
}

/* The seed era's table (v5.1 to v5.10, and v5.11): aux domains, no PASID attach. */
const struct iommu_ops intel_iommu_aux_ops = {
	.domain_alloc = intel_iommu_domain_alloc,
	.domain_free = intel_iommu_domain_free,
	.attach_dev = intel_iommu_attach_device,
	.detach_dev = intel_iommu_detach_device,
	.aux_attach_dev = intel_iommu_aux_attach_device,
	.aux_detach_dev = intel_iommu_aux_detach_device,
	.aux_get_pasid = intel_iommu_aux_get_pasid,
	.map = intel_iommu_map,
	.unmap = intel_iommu_unmap,
	.iova_to_phys = intel_iommu_iova_to_phys,
	.add_device = intel_iommu_add_device,
	.remove_device = intel_iommu_remove_device,
	.device_group = pci_device_group,
	.dev_has_feat = intel_iommu_dev_has_feat,
	.dev_feat_enabled = intel_iommu_dev_feat_enabled,
	.dev_enable_feat = intel_iommu_dev_enable_feat,
	.dev_disable_feat = intel_iommu_dev_disable_feat,
	.pgsize_bitmap = ~0xFFFUL,
};

/* Mainline: PASID attach through set_dev_pasid, the aux calls gone. */
const struct iommu_ops intel_iommu_ops = {
	.domain_alloc = intel_iommu_domain_alloc,
	.domain_free = intel_iommu_domain_free,
	.attach_dev = intel_iommu_attach_device,
	.detach_dev = intel_iommu_detach_device,
	.map = intel_iommu_map,
	.unmap = intel_iommu_unmap,
	.iova_to_phys = intel_iommu_iova_to_phys,
	.add_device = intel_iommu_add_device,
	.remove_device = intel_iommu_remove_device,
	.device_group = pci_device_group,
	.set_dev_pasid = intel_iommu_set_dev_pasid,
	.remove_dev_pasid = intel_iommu_remove_dev_pasid,
	.pgsize_bitmap = ~0xFFFUL,
};
