// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The PASID teardown of v5.11 and of mainline: the IOTLB flush follows
 * what the entry translated.  A PASID-based IOTLB invalidation removes
 * first-level and pass-through entries only, since the unit tags
 * second-level entries by DID alone, so a second-level entry is flushed
 * by domain.  v5.11 tears the entry down whether or not it is present;
 * mainline leaves an entry that is not present alone, so that nothing is
 * flushed for it.  The 5.11 profile's text is this one compiled with
 * LINUX_VERSION_CODE 5.11 (pasid_5_11.c).
 *
 * Source: torvalds/linux drivers/iommu/intel/pasid.c at v5.11 and at
 * mainline (intel_pasid_tear_down_entry(), devtlb_invalidation_with_pasid()).
 */
#include <virtref/iommu/intel-iommu.h>
#include <virtref/iommu/pasid.h>
#include <virtref/linux/version.h>

static void pasid_clear_entry(struct pasid_entry *pe)
{
	int i;

	for (i = 0; i < 8; i++)
		WRITE_ONCE(pe->val[i], 0);
}

/* DID: bits 79:64. */
static u16 pasid_get_domain_id(struct pasid_entry *pe)
{
	return (u16)(READ_ONCE(pe->val[1]) & GENMASK_ULL(15, 0));
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
	u16 did, pgtt;

	pte = intel_pasid_get_entry(dev, pasid);
#if LINUX_VERSION_CODE > KERNEL_VERSION(5, 11, 0)
	if (WARN_ON(!pte) || !pasid_pte_is_present(pte))
		return;
#else
	if (WARN_ON(!pte))
		return;
#endif

	did = pasid_get_domain_id(pte);
	pgtt = pasid_pte_get_pgtt(pte);
	pasid_clear_entry(pte);

	qi_flush_pasid_cache(iommu, did, QI_PC_PASID_SEL, (u32)pasid);

	if (pgtt == PASID_ENTRY_PGTT_PT || pgtt == PASID_ENTRY_PGTT_FL_ONLY)
		qi_flush_piotlb(iommu, did, (u32)pasid, 0, -1UL, 0);
	else
		iommu->flush.flush_iotlb(iommu, did, 0, 0, DMA_TLB_DSI_FLUSH);

	/* With caching mode the device-TLB needs no flush of its own. */
	if (!cap_caching_mode(iommu->cap))
		devtlb_invalidation_with_pasid(iommu, dev, pasid);
}
