/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What the iommu hardware files share: the state of one remapping unit
 * and the steps of a translation.
 */
#ifndef VIRTREF_SRC_IOMMU_HW_INTERNAL_H
#define VIRTREF_SRC_IOMMU_HW_INTERNAL_H

#include <virtref/iommu/hw.h>

struct vr_mem;

/* GSTS bits of the commands hw_regs.c carries out. */
#define VRI_IOMMU_GSTS_MODELLED (VR_IOMMU_GSTS_TES | VR_IOMMU_GSTS_RTPS | VR_IOMMU_GSTS_QIES)

/*
 * A unit's fault-code policy (enum vr_iommu_fault_codes): which reason
 * it reports for a scalable-mode reason, and the checks it makes.
 * hw_translate.c holds the table.
 */
struct vri_iommu_fault_policy {
	const char *name;     /* first: the config enum's names */
	bool pe_rsvd_checked; /* PASID table entry reserved bits */
	bool sl_perm_first;   /* SL permission before reserved bits */
	bool frcd_pasid;      /* fault records carry PP and PV */
	u8 fl_root_read;      /* the reason for an FLPTPTR table that cannot be read */
	bool collapse_sid;    /* a fault of a SID with a pending record is dropped */
	const u8 *reported;   /* [scalable-mode reason] -> reason, or NULL: the same */
};

extern const struct vri_iommu_fault_policy vri_iommu_fault_policies[VR_IOMMU_NR_FAULT_CODES];

/* Cache sizes: a full cache drops its oldest entry (over-invalidation is allowed). */
#define VRI_IOMMU_CC_SIZE 64
#define VRI_IOMMU_PC_SIZE 128
#define VRI_IOMMU_IOTLB_SIZE 256

/* A context-cache entry: the context entry of a SID, or its cached fault. */
struct vri_iommu_cc_entry {
	u16 sid, did;
	bool fpd;
	u8 fault;
	struct vr_iommu_context_entry ce;
};

/* A PASID-cache entry: the PASID entry reached for (SID, PASID), or its fault. */
struct vri_iommu_pc_entry {
	u16 sid, did;
	u32 pasid;
	bool fpd;
	u8 fault;
	struct vr_iommu_pasid_entry pe;
};

/* What a first-level walk allows besides R/W: user requests, execution. */
struct vri_iommu_fl_access {
	bool user, exec;
};

/* An IOTLB entry and the request that filled it (to walk it again). */
struct vri_iommu_iotlb_entry {
	u16 did;
	bool tagged; /* by PASID: pass-through and first-level */
	bool fl;     /* first-level: what the walk allowed */
	struct vri_iommu_fl_access acc;
	u32 pasid;
	u64 addr, phys; /* input and output page */
	u8 page_shift, perm;
	struct vr_iommu_dma_request origin;
};

struct vri_iommu_caches {
	unsigned int ncc, npc, niotlb;
	struct vri_iommu_cc_entry cc[VRI_IOMMU_CC_SIZE];
	struct vri_iommu_pc_entry pc[VRI_IOMMU_PC_SIZE];
	struct vri_iommu_iotlb_entry iotlb[VRI_IOMMU_IOTLB_SIZE];
};

/* What one invalidation descriptor did, for narration: the first few of a batch. */
#define VRI_IOMMU_QI_LOG 8
struct vri_iommu_qi_log {
	u64 qw0, qw1;
	unsigned int removed; /* cache entries it removed */
	bool bad;	      /* it set FSTS.IQE */
};

/* One remapping unit: its registers and what SRTP latched. */
struct vri_iommu_unit {
	u32 ver;
	u64 cap, ecap;
	u32 gsts;
	u64 rtaddr;	   /* as last written */
	u64 rtaddr_active; /* latched by the last SRTP; valid when GSTS.RTPS */
	const struct vri_iommu_fault_policy *policy;
	bool caching; /* the unit caches what it walks */
	/* Fault recording (hw_faults.c). */
	u32 fsts, fectl, fedata, feaddr, feuaddr;
	u64 frcd[256][2];	/* lo, hi of each fault recording register */
	unsigned int next_frcd; /* where the next fault goes, round robin */
	u64 fault_events;	/* fault event interrupts delivered */
	struct vri_iommu_caches caches;
	/* Queued invalidation (hw_qi.c). */
	u64 iqh, iqt, iqa;
	u64 iqa_active; /* latched when QIE was set */
	u32 ics, iectl, iedata, ieaddr, ieuaddr;
	u64 inv_events; /* invalidation completion interrupts delivered */
	struct vri_iommu_qi_log log[VRI_IOMMU_QI_LOG];
	unsigned int nlog, ndesc; /* descriptors logged, run by the last IQT write */
	/* The last batch of invalidations completed with memory at this generation. */
	bool flushed;
	u64 flushed_gen;
	/*
	 * [cpu_order_lo, cpu_order_hi): memory the CPU stored its tables into
	 * in its own byte order (the kernel layer's page pool).  The unit is
	 * little-endian, as is the machine it belongs to; on a big-endian host
	 * the kernel code's plain stores are big-endian, so the unit reads and
	 * writes that range in the host's order.  Empty: none.
	 */
	u64 cpu_order_lo, cpu_order_hi;
};

static inline bool vri_iommu_cpu_order(const struct vri_iommu_unit *u, u64 addr)
{
	return addr >= u->cpu_order_lo && addr < u->cpu_order_hi;
}

/* A unit out of reset with the given identification registers. */
void vri_iommu_unit_reset(struct vri_iommu_unit *u, u32 ver, u64 cap, u64 ecap,
			  enum vr_iommu_fault_codes codes, bool caching);
int vri_iommu_unit_read(const struct vri_iommu_unit *u, u32 offset, unsigned int size, u64 *val);
int vri_iommu_unit_write(struct vri_iommu_unit *u, struct vr_mem *mem, u32 offset,
			 unsigned int size, u64 val);

/*
 * hw_tables.c: one table entry of a translation each.  They return 0 or
 * the scalable-mode fault reason (enum vr_iommu_fault_reason) and OR the
 * entry's FPD into *fpd as soon as the entry is read.
 */
u8 vri_iommu_root_entry(const struct vri_iommu_unit *u, const struct vr_mem *mem, u16 sid,
			u64 *ctp);
u8 vri_iommu_context_entry(const struct vri_iommu_unit *u, const struct vr_mem *mem, u64 ctp,
			   u8 devfn, struct vr_iommu_context_entry *ce, bool *fpd);
u8 vri_iommu_pasid_dir_entry(const struct vri_iommu_unit *u, const struct vr_mem *mem,
			     const struct vr_iommu_context_entry *ce, u32 pasid, u64 *pde,
			     bool *fpd);
u8 vri_iommu_pasid_entry(const struct vri_iommu_unit *u, const struct vr_mem *mem, u64 pde,
			 u32 pasid, struct vr_iommu_pasid_entry *pe, bool *fpd);
/* Reads @n qwords of a naturally aligned entry: 0, or -1 where nothing is backed. */
int vri_iommu_read_entry(const struct vri_iommu_unit *u, const struct vr_mem *mem, u64 addr,
			 u64 *qw, unsigned int n);
/* Stores of the unit into memory (A/D bits, wait status), in the byte order read_entry reads. */
int vri_iommu_write_u64(const struct vri_iommu_unit *u, struct vr_mem *mem, u64 addr, u64 v);
int vri_iommu_write_u32(const struct vri_iommu_unit *u, struct vr_mem *mem, u64 addr, u32 v);
/* Bits of an address field above the unit's host address width (= MGAW). */
u64 vri_iommu_above_haw(const struct vri_iommu_unit *u);

/* hw_sl_walk.c: the second-level walk of one address; 0 or a fault reason. */
u8 vri_iommu_sl_walk(const struct vri_iommu_unit *u, const struct vr_mem *mem,
		     const struct vr_iommu_pasid_entry *pe, u64 addr, bool write,
		     struct vr_iommu_translation *t);

/*
 * hw_fl_walk.c: the first-level walk; @mem_ad, when not NULL, takes the
 * accessed and dirty bits.  vri_iommu_fl_allows() judges a request by
 * what a walk (or an IOTLB entry) allows.
 */
u8 vri_iommu_fl_walk(const struct vri_iommu_unit *u, const struct vr_mem *mem,
		     struct vr_mem *mem_ad, const struct vr_iommu_pasid_entry *pe,
		     const struct vr_iommu_dma_request *rq, struct vr_iommu_translation *t,
		     struct vri_iommu_fl_access *acc);
bool vri_iommu_fl_allows(const struct vri_iommu_fl_access *acc, u8 perm,
			 const struct vr_iommu_pasid_entry *pe,
			 const struct vr_iommu_dma_request *rq);

/*
 * hw_translate.c: vri_iommu_translate() goes through the caches, fills
 * them, sets first-level A/D bits and records a fault; vri_iommu_walk()
 * walks the tables alone and changes nothing (what the stale check
 * compares the caches with).
 */
int vri_iommu_translate(struct vri_iommu_unit *u, struct vr_mem *mem,
			const struct vr_iommu_dma_request *rq, struct vr_iommu_translation *t);
int vri_iommu_walk(const struct vri_iommu_unit *u, const struct vr_mem *mem,
		   const struct vr_iommu_dma_request *rq, struct vr_iommu_translation *t);
/* The root and context entry of @sid from memory: 0 or a fault reason. */
u8 vri_iommu_walk_context(const struct vri_iommu_unit *u, const struct vr_mem *mem, u16 sid,
			  struct vr_iommu_context_entry *ce, bool *fpd);

/* hw_cache.c: lookups return NULL on a miss; fills take what was walked. */
const struct vri_iommu_cc_entry *vri_iommu_cc_lookup(const struct vri_iommu_unit *u, u16 sid);
struct vri_iommu_cc_entry *vri_iommu_cc_fill(struct vri_iommu_unit *u,
					     const struct vri_iommu_cc_entry *e);
const struct vri_iommu_pc_entry *vri_iommu_pc_lookup(const struct vri_iommu_unit *u, u16 sid,
						     u32 pasid);
void vri_iommu_pc_fill(struct vri_iommu_unit *u, const struct vri_iommu_pc_entry *e);
const struct vri_iommu_iotlb_entry *vri_iommu_iotlb_lookup(const struct vri_iommu_unit *u, u16 did,
							   bool tagged, u32 pasid, u64 addr);
void vri_iommu_iotlb_fill(struct vri_iommu_unit *u, const struct vri_iommu_iotlb_entry *e);
void vri_iommu_cache_show(const struct vri_iommu_unit *u, enum vr_iommu_cache cache,
			  unsigned int index, struct vr_iommu_cache_entry *e);
unsigned int vri_iommu_cache_count(const struct vri_iommu_unit *u, enum vr_iommu_cache cache);
/* Whether an entry differs from what a walk of the tables gives now. */
bool vri_iommu_cache_stale(const struct vri_iommu_unit *u, const struct vr_mem *mem,
			   enum vr_iommu_cache cache, unsigned int index);
/* Invalidations: each removes what its descriptor names and returns how many. */
unsigned int vri_iommu_cc_inval(struct vri_iommu_unit *u, unsigned int gran, u16 did, u16 sid,
				unsigned int fm);
unsigned int vri_iommu_pc_inval(struct vri_iommu_unit *u, unsigned int gran, u16 did, u32 pasid);
unsigned int vri_iommu_iotlb_inval(struct vri_iommu_unit *u, unsigned int gran, u16 did, u64 addr,
				   unsigned int am);
unsigned int vri_iommu_piotlb_inval(struct vri_iommu_unit *u, unsigned int gran, u16 did, u32 pasid,
				    u64 addr, unsigned int am);

/* hw_qi.c: the invalidation queue. */
void vri_iommu_qi_enable(struct vri_iommu_unit *u, bool on);
void vri_iommu_qi_run(struct vri_iommu_unit *u, struct vr_mem *mem);
void vri_iommu_ics_write(struct vri_iommu_unit *u, u32 val);

/*
 * hw_faults.c: fault recording and the fault event.  vri_iommu_frcd_reg()
 * says whether @offset is in the unit's fault recording registers.
 */
void vri_iommu_record_fault(struct vri_iommu_unit *u, const struct vr_iommu_dma_request *rq,
			    struct vr_iommu_translation *t);
bool vri_iommu_frcd_reg(const struct vri_iommu_unit *u, u32 offset);
u64 vri_iommu_frcd_read(const struct vri_iommu_unit *u, u32 offset);
void vri_iommu_frcd_write(struct vri_iommu_unit *u, u32 offset, u64 bits, u64 mask);
void vri_iommu_fsts_write(struct vri_iommu_unit *u, struct vr_mem *mem, u32 val);
/* An event control register (FECTL, IECTL) and the interrupts it sent. */
void vri_iommu_event_raise(u32 *ctl, u64 *sent);
void vri_iommu_event_ctl_write(u32 *ctl, u64 *sent, u32 val);
/* Sets FSTS bits of an error condition and raises the event it asks for. */
void vri_iommu_fault_condition(struct vri_iommu_unit *u, u32 fsts_bits);

#endif
