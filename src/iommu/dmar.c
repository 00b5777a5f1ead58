// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Queued invalidation as the driver runs it: a queue of 256-bit
 * descriptors in scalable mode, each submission one descriptor followed
 * by a wait descriptor whose status write says the unit got past it;
 * IQT written once per submission.  A descriptor the unit refuses
 * (FSTS.IQE with IQH on it) is overwritten with the wait descriptor and
 * IQE cleared, so the queue goes on, and the submission fails with
 * -EINVAL.
 *
 * Source: torvalds/linux drivers/iommu/dmar.c at v5.3 (dmar_enable_qi(),
 * __dmar_enable_qi(), dmar_disable_qi(), qi_submit_sync(),
 * qi_check_fault(), reclaim_free_desc(), qi_flush_context(),
 * qi_flush_iotlb(), qi_flush_dev_iotlb()), and of mainline
 * (qi_flush_pasid_cache(), qi_flush_piotlb()).
 */
#include <stdio.h>
#include <string.h>
#include <virtref/iommu/intel-iommu.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/gfp.h>
#include <virtref/linux/log2.h>
#include <virtref/linux/slab.h>

static int qi_shift(struct intel_iommu *iommu)
{
	return DMAR_IQ_SHIFT + !!ecap_smts(iommu->ecap);
}

static void reclaim_free_desc(struct q_inval *qi)
{
	while (qi->desc_status[qi->free_tail] == QI_DONE ||
	       qi->desc_status[qi->free_tail] == QI_ABORT) {
		qi->desc_status[qi->free_tail] = QI_FREE;
		qi->free_tail = (qi->free_tail + 1) % QI_LENGTH;
		qi->free_cnt++;
	}
}

static int qi_check_fault(struct intel_iommu *iommu, int index)
{
	struct q_inval *qi = iommu->qi;
	int shift = qi_shift(iommu);
	u32 head, fault;

	fault = readl(iommu->reg + DMAR_FSTS_REG);
	if (fault & DMA_FSTS_IQE) {
		head = readl(iommu->reg + DMAR_IQH_REG);
		if ((int)(head >> shift) == index) {
			int wait_index = (index + 1) % QI_LENGTH;

			memcpy((u8 *)qi->desc + (index << shift),
			       (u8 *)qi->desc + (wait_index << shift), 1u << shift);
			writel(DMA_FSTS_IQE, iommu->reg + DMAR_FSTS_REG);
			return -EINVAL;
		}
	}
	return 0;
}

int qi_submit_sync(struct qi_desc *desc, struct intel_iommu *iommu)
{
	struct q_inval *qi = iommu->qi;
	struct qi_desc wait_desc;
	int wait_index, index;
	int shift, length;
	int rc = 0, tries;

	if (!qi)
		return 0;

	spin_lock(&qi->q_lock);
	/* The unit runs the queue on each tail write: two slots are always free. */
	if (WARN_ON(qi->free_cnt < 3)) {
		spin_unlock(&qi->q_lock);
		return -EBUSY;
	}

	index = qi->free_head;
	wait_index = (index + 1) % QI_LENGTH;
	shift = qi_shift(iommu);
	length = 1 << shift;

	qi->desc_status[index] = qi->desc_status[wait_index] = QI_IN_USE;

	memcpy((u8 *)qi->desc + (index << shift), desc, (size_t)length);
	wait_desc.qw0 = QI_IWD_STATUS_DATA(QI_DONE) | QI_IWD_STATUS_WRITE | QI_IWD_TYPE;
	wait_desc.qw1 = virt_to_phys(&qi->desc_status[wait_index]);
	wait_desc.qw2 = 0;
	wait_desc.qw3 = 0;
	memcpy((u8 *)qi->desc + (wait_index << shift), &wait_desc, (size_t)length);

	qi->free_head = (qi->free_head + 2) % QI_LENGTH;
	qi->free_cnt -= 2;

	writel((u32)qi->free_head << shift, iommu->reg + DMAR_IQT_REG);

	/*
	 * The kernel spins here; the unit ran the queue during the tail
	 * write, so one look (and one after a refused descriptor) settles it.
	 */
	for (tries = 0; READ_ONCE(qi->desc_status[wait_index]) != QI_DONE; tries++) {
		rc = qi_check_fault(iommu, index);
		if (rc || WARN_ON(tries))
			break;
	}
	if (!rc && qi->desc_status[wait_index] != QI_DONE)
		rc = -EIO;
	qi->desc_status[index] = QI_DONE;
	qi->desc_status[wait_index] = QI_DONE;

	reclaim_free_desc(qi);
	spin_unlock(&qi->q_lock);

	return rc;
}

void qi_flush_context(struct intel_iommu *iommu, u16 did, u16 sid, u8 fm, u64 type)
{
	struct qi_desc desc;

	desc.qw0 = QI_CC_FM(fm) | QI_CC_SID(sid) | QI_CC_DID(did) | QI_CC_GRAN(type) | QI_CC_TYPE;
	desc.qw1 = 0;
	desc.qw2 = 0;
	desc.qw3 = 0;

	qi_submit_sync(&desc, iommu);
}

void qi_flush_iotlb(struct intel_iommu *iommu, u16 did, u64 addr, unsigned int size_order, u64 type)
{
	u8 dw = 0, dr = 0;
	struct qi_desc desc;
	int ih = 0;

	if (cap_write_drain(iommu->cap))
		dw = 1;

	if (cap_read_drain(iommu->cap))
		dr = 1;

	desc.qw0 = QI_IOTLB_DID(did) | QI_IOTLB_DR(dr) | QI_IOTLB_DW(dw) | QI_IOTLB_GRAN(type) |
		   QI_IOTLB_TYPE;
	desc.qw1 = QI_IOTLB_ADDR(addr) | QI_IOTLB_IH(ih) | QI_IOTLB_AM(size_order);
	desc.qw2 = 0;
	desc.qw3 = 0;

	qi_submit_sync(&desc, iommu);
}

void qi_flush_dev_iotlb(struct intel_iommu *iommu, u16 sid, u16 pfsid, u16 qdep, u64 addr,
			unsigned int mask)
{
	struct qi_desc desc;

	if (mask) {
		addr |= (1ULL << (VTD_PAGE_SHIFT + mask - 1)) - 1;
		desc.qw1 = QI_DEV_IOTLB_ADDR(addr) | QI_DEV_IOTLB_SIZE;
	} else {
		desc.qw1 = QI_DEV_IOTLB_ADDR(addr);
	}

	if (qdep >= QI_DEV_IOTLB_MAX_INVS)
		qdep = 0;

	desc.qw0 = QI_DEV_IOTLB_SID(sid) | QI_DEV_IOTLB_QDEP(qdep) | QI_DIOTLB_TYPE |
		   QI_DEV_IOTLB_PFSID(pfsid);
	desc.qw2 = 0;
	desc.qw3 = 0;

	qi_submit_sync(&desc, iommu);
}

void qi_flush_pasid_cache(struct intel_iommu *iommu, u16 did, u64 granu, u32 pasid)
{
	struct qi_desc desc = { .qw1 = 0, .qw2 = 0, .qw3 = 0 };

	/* @granu is QI_PC_ALL_PASIDS or QI_PC_PASID_SEL, which carry the type here. */
	desc.qw0 = QI_PC_PASID(pasid) | QI_PC_DID(did) | granu;
	qi_submit_sync(&desc, iommu);
}

void qi_flush_piotlb(struct intel_iommu *iommu, u16 did, u32 pasid, u64 addr, unsigned long npages,
		     bool ih)
{
	struct qi_desc desc = { .qw2 = 0, .qw3 = 0 };

	/* -1 pages: the whole PASID; otherwise the pages from @addr. */
	if (WARN_ON(!npages))
		return;
	if (npages == -1UL) {
		desc.qw0 = QI_EIOTLB_PASID(pasid) | QI_EIOTLB_DID(did) |
			   QI_EIOTLB_GRAN(QI_GRAN_NONG_PASID) | QI_EIOTLB_TYPE;
		desc.qw1 = 0;
	} else {
		int mask = ilog2(__roundup_pow_of_two(npages));
		u64 align = 1ULL << (VTD_PAGE_SHIFT + mask);

		if (WARN_ON(!IS_ALIGNED(addr, align)))
			addr = ALIGN_DOWN(addr, align);
		desc.qw0 = QI_EIOTLB_PASID(pasid) | QI_EIOTLB_DID(did) |
			   QI_EIOTLB_GRAN(QI_GRAN_PSI_PASID) | QI_EIOTLB_TYPE;
		desc.qw1 = QI_EIOTLB_ADDR(addr) | QI_EIOTLB_IH(ih) | QI_EIOTLB_AM(mask);
	}
	qi_submit_sync(&desc, iommu);
}

/* The queue's registers, and QIE on: the unit latches IQA with it. */
static int __dmar_enable_qi(struct intel_iommu *iommu)
{
	struct q_inval *qi = iommu->qi;
	u64 val = virt_to_phys(qi->desc);

	qi->free_head = qi->free_tail = 0;
	qi->free_cnt = QI_LENGTH;

	/* 256-bit descriptors (DW) and a queue of two pages (QS 1) in scalable mode. */
	if (ecap_smts(iommu->ecap))
		val |= (1 << 11) | 1;

	writel(0, iommu->reg + DMAR_IQT_REG);
	writeq(val, iommu->reg + DMAR_IQA_REG);

	iommu->gcmd |= DMA_GCMD_QIE;
	writel(iommu->gcmd, iommu->reg + DMAR_GCMD_REG);

	return readl(iommu->reg + DMAR_GSTS_REG) & DMA_GSTS_QIES ? 0 : -EIO;
}

int dmar_enable_qi(struct intel_iommu *iommu)
{
	struct page *desc_page;
	struct q_inval *qi;
	int ret;

	if (!ecap_qis(iommu->ecap))
		return -ENOENT;

	if (iommu->qi)
		return 0;

	iommu->qi = kmalloc(sizeof(*qi), GFP_ATOMIC | __GFP_ZERO);
	if (!iommu->qi)
		return -ENOMEM;

	qi = iommu->qi;
	spin_lock_init(&qi->q_lock);

	desc_page =
		alloc_pages_node(iommu->node, GFP_ATOMIC | __GFP_ZERO, !!ecap_smts(iommu->ecap));
	if (!desc_page)
		goto fail;
	qi->desc = page_address(desc_page);

	/* The unit writes the status, so it lives where the unit can reach it. */
	qi->desc_status = (int *)get_zeroed_page(GFP_ATOMIC);
	if (!qi->desc_status)
		goto fail;

	ret = __dmar_enable_qi(iommu);
	if (!ret)
		return 0;
	iommu->gcmd &= ~DMA_GCMD_QIE;
	free_page((unsigned long)qi->desc_status);
	free_pages((unsigned long)qi->desc, !!ecap_smts(iommu->ecap));
	kfree(qi);
	iommu->qi = NULL;
	return ret;
fail:
	free_pages((unsigned long)qi->desc, !!ecap_smts(iommu->ecap));
	kfree(qi);
	iommu->qi = NULL;
	return -ENOMEM;
}

void dmar_disable_qi(struct intel_iommu *iommu)
{
	if (!ecap_qis(iommu->ecap) || !iommu->qi)
		return;

	iommu->gcmd &= ~DMA_GCMD_QIE;
	writel(iommu->gcmd, iommu->reg + DMAR_GCMD_REG);
	free_page((unsigned long)iommu->qi->desc_status);
	free_pages((unsigned long)iommu->qi->desc, !!ecap_smts(iommu->ecap));
	kfree(iommu->qi);
	iommu->qi = NULL;
}

/*
 * One unit of the DMAR table: its registers mapped, CAP and ECAP read,
 * the widths it walks.  (Static in the kernel, called from
 * dmar_parse_one_drhd().)
 */
int alloc_iommu(struct dmar_drhd_unit *drhd, int seq_id)
{
	struct intel_iommu *iommu;
	int agaw;

	iommu = kzalloc(sizeof(*iommu), GFP_KERNEL);
	if (!iommu)
		return -ENOMEM;

	iommu->seq_id = seq_id;
	snprintf(iommu->name, sizeof(iommu->name), "dmar%d", seq_id);
	iommu->reg_phys = drhd->reg_base_addr;
	iommu->reg_size = VTD_PAGE_SIZE;
	iommu->reg = ioremap(iommu->reg_phys, iommu->reg_size);
	if (!iommu->reg)
		goto err;
	iommu->cap = readq(iommu->reg + DMAR_CAP_REG);
	iommu->ecap = readq(iommu->reg + DMAR_ECAP_REG);
	if (iommu->cap == (u64)-1 && iommu->ecap == (u64)-1)
		goto err;

	agaw = iommu_calculate_agaw(iommu);
	if (agaw < 0)
		goto err;
	iommu->agaw = agaw;
	iommu->msagaw = iommu_calculate_max_sagaw(iommu);
	iommu->node = -1;
	spin_lock_init(&iommu->lock);

	drhd->iommu = iommu;
	return 0;
err:
	kfree(iommu);
	return -ENODEV;
}

void free_iommu(struct intel_iommu *iommu)
{
	dmar_disable_qi(iommu);
	iounmap(iommu->reg);
	kfree(iommu);
}
