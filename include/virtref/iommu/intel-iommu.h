/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The Intel VT-d driver's registers, in-memory formats and state: a
 * remapping unit (struct intel_iommu) with its root table and
 * invalidation queue, a domain (struct dmar_domain) with its
 * second-level page table, and a device's attachment (struct
 * device_domain_info).
 *
 * mirrors: torvalds/linux include/linux/intel-iommu.h at v5.3 (DMAR_*_REG,
 *          DMA_GCMD_*, DMA_GSTS_*, DMA_RTADDR_SMT, DMA_TLB_*, DMA_CCMD_*,
 *          cap_*() and ecap_*(), QI_* descriptor encodings, struct
 *          qi_desc, struct q_inval, struct root_entry, struct
 *          context_entry, struct dma_pte, DMA_PTE_*, struct iommu_flush,
 *          struct intel_iommu, struct dmar_domain, struct
 *          device_domain_info, alloc_pgtable_page(), free_pgtable_page(),
 *          qi_submit_sync(), qi_flush_context(), qi_flush_iotlb(),
 *          qi_flush_dev_iotlb(), intel_iommu_enable_pasid(),
 *          domain_attach_iommu()'s FLPT_DEFAULT_DID),
 *          include/linux/dmar.h at v5.3 (struct dmar_drhd_unit) and
 *          torvalds/linux drivers/iommu/intel/iommu.h of v5.11 (struct
 *          subdev_domain_info, dmar_domain.subdevices,
 *          device_domain_info.subdevices), and of mainline
 *          drivers/iommu/intel/iommu.h (qi_flush_pasid_cache(),
 *          qi_flush_piotlb())
 */
#ifndef VIRTREF_IOMMU_INTEL_IOMMU_H
#define VIRTREF_IOMMU_INTEL_IOMMU_H

#include <virtref/api.h>
#include <virtref/linux/bitops.h>
#include <virtref/linux/cacheflush.h>
#include <virtref/linux/gfp.h>
#include <virtref/linux/idr.h>
#include <virtref/linux/io.h>
#include <virtref/linux/list.h>
#include <virtref/linux/preempt.h>
#include <virtref/linux/printk.h>
#include <virtref/linux/slab.h>
#include <virtref/linux/spinlock.h>
#include <virtref/linux/types.h>
#include <virtref/iommu/iommu.h>
#include <virtref/iommu/pci.h>

struct intel_iommu;
struct pasid_table;

#define VTD_PAGE_SHIFT 12
#define VTD_PAGE_SIZE (1UL << VTD_PAGE_SHIFT)
#define VTD_PAGE_MASK (((u64)-1) << VTD_PAGE_SHIFT)
#define VTD_PAGE_ALIGN(addr) (((addr) + VTD_PAGE_SIZE - 1) & VTD_PAGE_MASK)
#define VTD_STRIDE_SHIFT 9
#define VTD_STRIDE_MASK (((u64)-1) << VTD_STRIDE_SHIFT)

#define DMAR_UNITS_SUPPORTED 4 /* the model's VR_IOMMU_MAX_UNITS */

#define DMAR_VER_REG 0x0
#define DMAR_CAP_REG 0x8
#define DMAR_ECAP_REG 0x10
#define DMAR_GCMD_REG 0x18
#define DMAR_GSTS_REG 0x1c
#define DMAR_RTADDR_REG 0x20
#define DMAR_FSTS_REG 0x34
#define DMAR_FECTL_REG 0x38
#define DMAR_IQH_REG 0x80
#define DMAR_IQT_REG 0x88
#define DMAR_IQ_SHIFT 4
#define DMAR_IQA_REG 0x90
#define DMAR_ICS_REG 0x9c

#define DMA_GCMD_TE (((u32)1) << 31)
#define DMA_GCMD_SRTP (((u32)1) << 30)
#define DMA_GCMD_WBF (((u32)1) << 27)
#define DMA_GCMD_QIE (((u32)1) << 26)
#define DMA_GSTS_TES (((u32)1) << 31)
#define DMA_GSTS_RTPS (((u32)1) << 30)
#define DMA_GSTS_WBFS (((u32)1) << 27)
#define DMA_GSTS_QIES (((u32)1) << 26)
#define DMA_FSTS_IQE (1 << 4)
#define DMA_FSTS_ICE (1 << 5)
#define DMA_FSTS_ITE (1 << 6)

#define DMA_RTADDR_SMT (((u64)1) << 10)

#define DMA_TLB_FLUSH_GRANU_OFFSET 60
#define DMA_TLB_GLOBAL_FLUSH (((u64)1) << 60)
#define DMA_TLB_DSI_FLUSH (((u64)2) << 60)
#define DMA_TLB_PSI_FLUSH (((u64)3) << 60)
#define DMA_CCMD_INVL_GRANU_OFFSET 61
#define DMA_CCMD_GLOBAL_INVL (((u64)1) << 61)
#define DMA_CCMD_DOMAIN_INVL (((u64)2) << 61)
#define DMA_CCMD_DEVICE_INVL (((u64)3) << 61)
#define DMA_CCMD_MASK_NOBIT 0

#define cap_5lp_support(c) (((c) >> 60) & 1)
#define cap_fl1gp_support(c) (((c) >> 56) & 1)
#define cap_read_drain(c) (((c) >> 55) & 1)
#define cap_write_drain(c) (((c) >> 54) & 1)
#define cap_max_amask_val(c) (((c) >> 48) & 0x3f)
#define cap_pgsel_inv(c) (((c) >> 39) & 1)
#define cap_super_page_val(c) (((c) >> 34) & 0xf)
#define cap_mgaw(c) ((((c) >> 16) & 0x3f) + 1)
#define cap_sagaw(c) (((c) >> 8) & 0x1f)
#define cap_caching_mode(c) (((c) >> 7) & 1)
#define cap_rwbf(c) (((c) >> 4) & 1)
#define cap_ndoms(c) (((unsigned long)1) << (4 + 2 * ((c)&0x7)))

#define ecap_smpwc(e) (((e) >> 48) & 0x1)
#define ecap_flts(e) (((e) >> 47) & 0x1)
#define ecap_slts(e) (((e) >> 46) & 0x1)
#define ecap_smts(e) (((e) >> 43) & 0x1)
#define ecap_dit(e) (((e) >> 41) & 0x1)
#define ecap_pasid(e) (((e) >> 40) & 0x1)
#define ecap_pss(e) (((e) >> 35) & 0x1f)
#define ecap_srs(e) (((e) >> 31) & 0x1)
#define ecap_prs(e) (((e) >> 29) & 0x1)
#define ecap_sc_support(e) (((e) >> 7) & 0x1)
#define ecap_pass_through(e) (((e) >> 6) & 0x1)
#define ecap_dev_iotlb_support(e) (((e) >> 2) & 0x1)
#define ecap_qis(e) ((e)&0x2)
#define ecap_coherent(e) ((e)&0x1)

/* Queued invalidation descriptors (VT-d 6.5.2). */
#define QI_LENGTH 256 /* queue length */

enum { QI_FREE, QI_IN_USE, QI_DONE, QI_ABORT };

#define QI_CC_TYPE 0x1
#define QI_IOTLB_TYPE 0x2
#define QI_DIOTLB_TYPE 0x3
#define QI_IWD_TYPE 0x5
#define QI_EIOTLB_TYPE 0x6
#define QI_PC_TYPE 0x7
#define QI_DEIOTLB_TYPE 0x8

#define QI_IOTLB_DID(did) (((u64)did) << 16)
#define QI_IOTLB_DR(dr) (((u64)dr) << 7)
#define QI_IOTLB_DW(dw) (((u64)dw) << 6)
#define QI_IOTLB_GRAN(gran) (((u64)gran) >> (DMA_TLB_FLUSH_GRANU_OFFSET - 4))
#define QI_IOTLB_ADDR(addr) (((u64)addr) & VTD_PAGE_MASK)
#define QI_IOTLB_IH(ih) (((u64)ih) << 6)
#define QI_IOTLB_AM(am) (((u8)am))

#define QI_CC_FM(fm) (((u64)fm) << 48)
#define QI_CC_SID(sid) (((u64)sid) << 32)
#define QI_CC_DID(did) (((u64)did) << 16)
#define QI_CC_GRAN(gran) (((u64)gran) >> (DMA_CCMD_INVL_GRANU_OFFSET - 4))

#define QI_DEV_IOTLB_SID(sid) ((u64)((sid)&0xffff) << 32)
#define QI_DEV_IOTLB_QDEP(qdep) (((qdep)&0x1f) << 16)
#define QI_DEV_IOTLB_ADDR(addr) ((u64)(addr)&VTD_PAGE_MASK)
#define QI_DEV_IOTLB_PFSID(pfsid) (((u64)(pfsid & 0xf) << 12) | ((u64)(pfsid & 0xfff) << 52))
#define QI_DEV_IOTLB_SIZE 1
#define QI_DEV_IOTLB_MAX_INVS 32

#define QI_IWD_STATUS_DATA(d) (((u64)d) << 32)
#define QI_IWD_STATUS_WRITE (((u64)1) << 5)

/* The PASID-cache granularities of the seed era still carry the type. */
#define QI_PC_PASID(pasid) (((u64)pasid) << 32)
#define QI_PC_DID(did) (((u64)did) << 16)
#define QI_PC_GRAN(gran) (((u64)gran) << 4)
#define QI_PC_ALL_PASIDS (QI_PC_TYPE | QI_PC_GRAN(0))
#define QI_PC_PASID_SEL (QI_PC_TYPE | QI_PC_GRAN(1))

#define QI_EIOTLB_ADDR(addr) ((u64)(addr)&VTD_PAGE_MASK)
#define QI_EIOTLB_IH(ih) (((u64)ih) << 6)
#define QI_EIOTLB_AM(am) (((u64)am))
#define QI_EIOTLB_PASID(pasid) (((u64)pasid) << 32)
#define QI_EIOTLB_DID(did) (((u64)did) << 16)
#define QI_EIOTLB_GRAN(gran) (((u64)gran) << 4)
#define QI_GRAN_NONG_PASID 2
#define QI_GRAN_PSI_PASID 3

struct qi_desc {
	u64 qw0;
	u64 qw1;
	u64 qw2;
	u64 qw3;
};

struct q_inval {
	spinlock_t q_lock;
	void *desc;	  /* invalidation queue */
	int *desc_status; /* desc status, written by the unit's wait descriptors */
	int free_head;	  /* first free entry */
	int free_tail;	  /* last free entry */
	int free_cnt;
};

struct iommu_flush {
	void (*flush_context)(struct intel_iommu *iommu, u16 did, u16 sid, u8 fm, u64 type);
	void (*flush_iotlb)(struct intel_iommu *iommu, u16 did, u64 addr, unsigned int size_order,
			    u64 type);
};

/* A scalable-mode root entry: lo for devfn 0..127, hi for 128..255. */
struct root_entry {
	u64 lo;
	u64 hi;
};

/* Half of a scalable-mode context entry; two make one (VT-d 9.4). */
struct context_entry {
	u64 lo;
	u64 hi;
};

#define CONTEXT_PASIDE BIT_ULL(3)

/* A second-level paging entry (VT-d 9.8). */
struct dma_pte {
	u64 val;
};

#define DMA_PTE_READ (1)
#define DMA_PTE_WRITE (2)
#define DMA_PTE_LARGE_PAGE (1 << 7)
#define DMA_PTE_SNP (1 << 11)

struct dmar_drhd_unit {
	struct list_head list;	 /* list of drhd units */
	u64 reg_base_addr;	 /* register base address */
	struct device **devices; /* the device scope */
	int devices_cnt;
	struct intel_iommu *iommu;
};

struct intel_iommu {
	void __iomem *reg; /* pointer to hardware regs, virtual addr */
	u64 reg_phys;	   /* physical address of hw register set */
	u64 reg_size;	   /* size of hw register set */
	u64 cap;
	u64 ecap;
	u32 gcmd;   /* holds TE, EAFL: the command bits that persist */
	int seq_id; /* sequence id of the iommu */
	int agaw;   /* agaw of this iommu */
	int msagaw; /* max sagaw of this iommu */
	char name[13];
	u16 segment; /* PCI segment# */
	int node;

	unsigned long *domain_ids;     /* bitmap of domains */
	spinlock_t lock;	       /* protect context, domain ids */
	struct root_entry *root_entry; /* virtual address */

	struct iommu_flush flush;
	struct q_inval *qi; /* queued invalidation info */
};

struct dmar_domain {
	int nid; /* node id */

	unsigned int iommu_refcnt[DMAR_UNITS_SUPPORTED]; /* refcount of this domain per iommu */
	u16 iommu_did[DMAR_UNITS_SUPPORTED];		 /* domain id of this domain per iommu */

	bool has_iotlb_device;
	struct list_head devices;    /* all devices' list */
	struct list_head auxd;	     /* link to device's auxiliary list (v5.3) */
	struct list_head subdevices; /* the subdev_domain_info records (v5.11) */
	struct list_head dev_pasids; /* the dev_pasid_info records (mainline) */

	struct dma_pte *pgd; /* virtual address */
	int gaw;	     /* max guest address width */

	/* adjusted guest address width, 0 is level 2 30-bit */
	int agaw;

	int flags;	     /* flags to find out type of domain */
	int iommu_coherency; /* indicate coherency of iommu access */
	int iommu_snooping;  /* indicate snooping control feature */
	int iommu_count;     /* reference count of iommu */
	int iommu_superpage; /* level of superpages supported: 0 none, 1 2 MiB, 2 1 GiB */
	u64 max_addr;	     /* maximum mapped address */

	int default_pasid; /* the default pasid used for aux domains; 0 none */
	int auxd_refcnt;   /* auxiliary attachments (v5.3) */

	struct iommu_domain domain; /* generic domain data structure for iommu core */
};

/* One (domain, physical device) aux attachment (v5.11). */
struct subdev_domain_info {
	struct list_head link_phys;   /* link to phys device siblings */
	struct list_head link_domain; /* link to domain siblings */
	struct device *pdev;	      /* physical device derived from */
	struct dmar_domain *domain;   /* aux-domain */
	int users;		      /* user count */
};

/* A domain attached at a PASID of a device (mainline). */
struct dev_pasid_info {
	struct list_head link_domain; /* link to domain siblings */
	struct device *dev;
	u32 pasid;
};

/* PCI domain-device relationship */
struct device_domain_info {
	struct list_head link;		    /* link to domain siblings */
	struct list_head global;	    /* link to global list */
	struct list_head table;		    /* link to pasid table */
	struct list_head auxiliary_domains; /* auxiliary domains attached to this device (v5.3) */
	struct list_head subdevices;	    /* subdevices sibling (v5.11) */
	u8 bus;				    /* PCI bus number */
	u8 devfn;			    /* PCI devfn number */
	u16 pfsid;			    /* SRIOV physical function source ID */
	u8 pasid_supported : 3;
	u8 pasid_enabled : 1;
	u8 pri_supported : 1;
	u8 pri_enabled : 1;
	u8 ats_supported : 1;
	u8 ats_enabled : 1;
	u8 auxd_enabled : 1; /* Multiple domains per device */
	u8 ats_qdep;
	struct device *dev;		 /* it's NULL for PCIe-to-PCI bridge */
	struct intel_iommu *iommu;	 /* IOMMU used by this device */
	struct dmar_domain *domain;	 /* pointer to domain */
	struct pasid_table *pasid_table; /* pasid table */
};

#define FLPT_DEFAULT_DID 1 /* the DID of pass-through and first-level-only entries */

static inline struct dmar_domain *to_dmar_domain(struct iommu_domain *dom)
{
	return container_of(dom, struct dmar_domain, domain);
}

static inline bool context_present(const struct context_entry *context)
{
	return (context->lo & 1);
}

static inline u64 dma_pte_addr(const struct dma_pte *pte)
{
	return pte->val & VTD_PAGE_MASK & ((1ULL << 52) - 1);
}

static inline bool dma_pte_present(const struct dma_pte *pte)
{
	return (pte->val & 3) != 0;
}

static inline bool dma_pte_superpage(const struct dma_pte *pte)
{
	return (pte->val & DMA_PTE_LARGE_PAGE);
}

/*
 * Whether @addr starts a page of the lent instance's page pool, or lies
 * past every allocation of it (iommu_host.c): the pool's pages need not
 * be page-aligned on the host.
 */
bool vri_iommu_page_start(const void *addr);

/* The kernel tests the pointer's low bits; the model asks the pool. */
static inline bool first_pte_in_page(const struct dma_pte *pte)
{
	return vri_iommu_page_start(pte);
}

/* mainline's table; intel_iommu_aux_ops is v5.3's (aux domains, no PASID attach) */
extern VR_API const struct iommu_ops intel_iommu_ops;
extern VR_API const struct iommu_ops intel_iommu_aux_ops;

VR_API void *alloc_pgtable_page(int node);
VR_API void free_pgtable_page(void *vaddr);
VR_API int intel_iommu_init(void);
VR_API struct intel_iommu *device_to_iommu(struct device *dev, u8 *bus, u8 *devfn);
VR_API int intel_iommu_enable_pasid(struct intel_iommu *iommu, struct device *dev);
VR_API int for_each_device_domain(int (*fn)(struct device_domain_info *info, void *data),
				  void *data);
VR_API void iommu_flush_write_buffer(struct intel_iommu *iommu);
VR_API int domain_attach_iommu(struct dmar_domain *domain, struct intel_iommu *iommu);
VR_API int domain_detach_iommu(struct dmar_domain *domain, struct intel_iommu *iommu);

VR_API int iommu_calculate_agaw(struct intel_iommu *iommu);
VR_API int iommu_calculate_max_sagaw(struct intel_iommu *iommu);

/* drivers/iommu/dmar.c (alloc_iommu() and free_iommu() are static there) */
VR_API int alloc_iommu(struct dmar_drhd_unit *drhd, int seq_id);
VR_API void free_iommu(struct intel_iommu *iommu);
VR_API int dmar_enable_qi(struct intel_iommu *iommu);
VR_API void dmar_disable_qi(struct intel_iommu *iommu);
VR_API int qi_submit_sync(struct qi_desc *desc, struct intel_iommu *iommu);
VR_API void qi_flush_context(struct intel_iommu *iommu, u16 did, u16 sid, u8 fm, u64 type);
VR_API void qi_flush_iotlb(struct intel_iommu *iommu, u16 did, u64 addr, unsigned int size_order,
			   u64 type);
VR_API void qi_flush_pasid_cache(struct intel_iommu *iommu, u16 did, u64 granu, u32 pasid);
VR_API void qi_flush_piotlb(struct intel_iommu *iommu, u16 did, u32 pasid, u64 addr,
			    unsigned long npages, bool ih);
VR_API void qi_flush_dev_iotlb(struct intel_iommu *iommu, u16 sid, u16 pfsid, u16 qdep, u64 addr,
			       unsigned int mask);

#endif
