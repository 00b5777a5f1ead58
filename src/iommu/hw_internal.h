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
#define VRI_IOMMU_GSTS_MODELLED (VR_IOMMU_GSTS_TES | VR_IOMMU_GSTS_RTPS)

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
	bool collapse_sid;    /* a fault of a SID with a pending record is dropped */
	const u8 *reported;   /* [scalable-mode reason] -> reason, or NULL: the same */
};

extern const struct vri_iommu_fault_policy vri_iommu_fault_policies[VR_IOMMU_NR_FAULT_CODES];

/* One remapping unit: its registers and what SRTP latched. */
struct vri_iommu_unit {
	u32 ver;
	u64 cap, ecap;
	u32 gsts;
	u64 rtaddr;	   /* as last written */
	u64 rtaddr_active; /* latched by the last SRTP; valid when GSTS.RTPS */
	const struct vri_iommu_fault_policy *policy;
	/* Fault recording (hw_faults.c). */
	u32 fsts, fectl, fedata, feaddr, feuaddr;
	u64 frcd[256][2];	/* lo, hi of each fault recording register */
	unsigned int next_frcd; /* where the next fault goes, round robin */
	u64 fault_events;	/* fault event interrupts delivered */
};

/* A unit out of reset with the given identification registers. */
void vri_iommu_unit_reset(struct vri_iommu_unit *u, u32 ver, u64 cap, u64 ecap,
			  enum vr_iommu_fault_codes codes);
int vri_iommu_unit_read(const struct vri_iommu_unit *u, u32 offset, unsigned int size, u64 *val);
int vri_iommu_unit_write(struct vri_iommu_unit *u, u32 offset, unsigned int size, u64 val);

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
/* Bits of an address field above the unit's host address width (= MGAW). */
u64 vri_iommu_above_haw(const struct vri_iommu_unit *u);

/* hw_sl_walk.c: the second-level walk of one address; 0 or a fault reason. */
u8 vri_iommu_sl_walk(const struct vri_iommu_unit *u, const struct vr_mem *mem,
		     const struct vr_iommu_pasid_entry *pe, u64 addr, bool write,
		     struct vr_iommu_translation *t);

/* hw_translate.c */
int vri_iommu_translate(struct vri_iommu_unit *u, const struct vr_mem *mem,
			const struct vr_iommu_dma_request *rq, struct vr_iommu_translation *t);

/*
 * hw_faults.c: fault recording and the fault event.  vri_iommu_frcd_reg()
 * says whether @offset is in the unit's fault recording registers.
 */
void vri_iommu_record_fault(struct vri_iommu_unit *u, const struct vr_iommu_dma_request *rq,
			    struct vr_iommu_translation *t);
bool vri_iommu_frcd_reg(const struct vri_iommu_unit *u, u32 offset);
u64 vri_iommu_frcd_read(const struct vri_iommu_unit *u, u32 offset);
void vri_iommu_frcd_write(struct vri_iommu_unit *u, u32 offset, u64 bits, u64 mask);
void vri_iommu_fsts_write(struct vri_iommu_unit *u, u32 val);
void vri_iommu_fectl_write(struct vri_iommu_unit *u, u32 val);
/* Sets FSTS bits of an error condition and raises the event it asks for. */
void vri_iommu_fault_condition(struct vri_iommu_unit *u, u32 fsts_bits);

#endif
