/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * An Intel VT-d remapping unit as software sees it: its register file by
 * offset.  Offsets and bit layouts are those of the Intel Virtualization
 * Technology for Directed I/O Architecture Specification (rev. 4.1),
 * chapter 10 "Register Descriptions", section 10.4; QEMU names the same
 * registers DMAR_*_REG in hw/i386/intel_iommu_internal.h.
 *
 * It also holds the in-memory formats the unit reads (root, context,
 * PASID directory, PASID table, second- and first-level entries, VT-d
 * chapter 9; invalidation descriptors, 6.5.2), the fault reasons it
 * reports (VT-d 7.1.3) and a look into its caches (6.2).
 *
 * This is the boundary a kernel layer is written against: it reaches a
 * unit through vr_iommu_reg_read() and vr_iommu_reg_write() only, as a
 * driver reaches the hardware through MMIO, and writes the tables into
 * vr_iommu_mem() with these encodings.  vr_iommu_translate() is what a
 * device does: one DMA request through a unit.
 */
#ifndef VIRTREF_IOMMU_HW_H
#define VIRTREF_IOMMU_HW_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vr_iommu;

/* Register offsets (VT-d 10.4, Table "Intel IOMMU register map"). */
#define VR_IOMMU_REG_VER 0x00	  /* 32-bit, RO: version */
#define VR_IOMMU_REG_CAP 0x08	  /* 64-bit, RO: capabilities */
#define VR_IOMMU_REG_ECAP 0x10	  /* 64-bit, RO: extended capabilities */
#define VR_IOMMU_REG_GCMD 0x18	  /* 32-bit, WO: global command */
#define VR_IOMMU_REG_GSTS 0x1c	  /* 32-bit, RO: global status */
#define VR_IOMMU_REG_RTADDR 0x20  /* 64-bit, RW: root table address */
#define VR_IOMMU_REG_FSTS 0x34	  /* 32-bit: fault status */
#define VR_IOMMU_REG_FECTL 0x38	  /* 32-bit: fault event control */
#define VR_IOMMU_REG_FEDATA 0x3c  /* 32-bit, RW: fault event interrupt data */
#define VR_IOMMU_REG_FEADDR 0x40  /* 32-bit, RW: fault event interrupt address */
#define VR_IOMMU_REG_FEUADDR 0x44 /* 32-bit, RW with ECAP.EIM: upper address */
#define VR_IOMMU_REG_IQH 0x80	  /* 64-bit, RO: invalidation queue head */
#define VR_IOMMU_REG_IQT 0x88	  /* 64-bit, RW: invalidation queue tail */
#define VR_IOMMU_REG_IQA 0x90	  /* 64-bit, RW: invalidation queue address */
#define VR_IOMMU_REG_ICS 0x9c	  /* 32-bit: invalidation completion status */
#define VR_IOMMU_REG_IECTL 0xa0	  /* 32-bit: invalidation event control */
#define VR_IOMMU_REG_IEDATA 0xa4  /* 32-bit, RW: invalidation event data */
#define VR_IOMMU_REG_IEADDR 0xa8  /* 32-bit, RW: invalidation event address */
#define VR_IOMMU_REG_IEUADDR 0xac /* 32-bit, RW with ECAP.EIM: upper address */
#define VR_IOMMU_REG_SPACE 0x1000 /* one 4 KiB register page per unit */

/* GCMD commands and the GSTS bits that report them (VT-d 10.4.4, 10.4.5). */
#define VR_IOMMU_GCMD_TE (1u << 31)    /* translation enable */
#define VR_IOMMU_GCMD_SRTP (1u << 30)  /* set root table pointer (one-shot) */
#define VR_IOMMU_GCMD_SFL (1u << 29)   /* set fault log (one-shot) */
#define VR_IOMMU_GCMD_EAFL (1u << 28)  /* enable advanced fault logging */
#define VR_IOMMU_GCMD_WBF (1u << 27)   /* write buffer flush (one-shot) */
#define VR_IOMMU_GCMD_QIE (1u << 26)   /* queued invalidation enable */
#define VR_IOMMU_GCMD_IRE (1u << 25)   /* interrupt remapping enable */
#define VR_IOMMU_GCMD_SIRTP (1u << 24) /* set interrupt remap table pointer (one-shot) */
#define VR_IOMMU_GCMD_CFI (1u << 23)   /* compatibility format interrupt */

#define VR_IOMMU_GSTS_TES (1u << 31)  /* translation enabled */
#define VR_IOMMU_GSTS_RTPS (1u << 30) /* root table pointer latched */
#define VR_IOMMU_GSTS_FLS (1u << 29)
#define VR_IOMMU_GSTS_AFLS (1u << 28)
#define VR_IOMMU_GSTS_WBFS (1u << 27)
#define VR_IOMMU_GSTS_QIES (1u << 26)
#define VR_IOMMU_GSTS_IRES (1u << 25)
#define VR_IOMMU_GSTS_IRTPS (1u << 24)
#define VR_IOMMU_GSTS_CFIS (1u << 23)

/* RTADDR (VT-d 10.4.6): the root table's 4 KiB-aligned address and TTM. */
#define VR_IOMMU_RTADDR_RTA_MASK 0xfffffffffffff000ull
#define VR_IOMMU_RTADDR_TTM_SHIFT 10
#define VR_IOMMU_RTADDR_TTM_MASK (3ull << VR_IOMMU_RTADDR_TTM_SHIFT)
#define VR_IOMMU_TTM_LEGACY 0u	 /* root and context entries, legacy mode */
#define VR_IOMMU_TTM_SCALABLE 1u /* scalable-mode root and context entries */

#define VR_IOMMU_TTM_RESERVED 2u /* faults 0x30 (VT-d 7.1.3, Table "Fault reasons") */
#define VR_IOMMU_TTM_ABORT 3u	 /* abort-DMA mode: every request is blocked, unrecorded */

/*
 * FSTS (VT-d 10.4.9): PFO and IQE are write-1-to-clear; PPF is set while
 * any fault recording register holds a fault (F = 1); FRI names the
 * register the first fault of a batch went to.
 */
#define VR_IOMMU_FSTS_PFO (1u << 0) /* primary fault overflow */
#define VR_IOMMU_FSTS_PPF (1u << 1) /* primary pending fault */
#define VR_IOMMU_FSTS_IQE (1u << 4) /* invalidation queue error */
#define VR_IOMMU_FSTS_ICE (1u << 5) /* invalidation completion error */
#define VR_IOMMU_FSTS_ITE (1u << 6) /* invalidation time-out error */
#define VR_IOMMU_FSTS_PRO (1u << 7) /* page request overflow (not modelled: 0) */
#define VR_IOMMU_FSTS_FRI(fsts) (((fsts) >> 8) & 0xffu)

/* FECTL (VT-d 10.4.10): IM masks the fault event, IP says one is pending. */
#define VR_IOMMU_FECTL_IM (1u << 31)
#define VR_IOMMU_FECTL_IP (1u << 30)

/*
 * Fault recording registers (VT-d 10.4.14): CAP.NFR + 1 registers of 16
 * bytes at CAP.FRO * 16.  The low qword holds the faulting page, the high
 * qword the rest; F (bit 127) is write-1-to-clear, the other fields
 * read-only.  Linux decodes T = 1 as a read (dmar.c, dma_frcd_type()).
 */
#define VR_IOMMU_CAP_FRO(cap) ((u32)(((cap) >> 24) & 0x3ff) * 16) /* byte offset */
#define VR_IOMMU_CAP_NFR(cap) ((unsigned int)(((cap) >> 40) & 0xff) + 1)
#define VR_IOMMU_FRCD_FI_MASK 0xfffffffffffff000ull	     /* lo: page address */
#define VR_IOMMU_FRCD_SID(hi) ((u16)((hi)&0xffff))	     /* bits 79:64 */
#define VR_IOMMU_FRCD_PP (1ull << 31)			     /* bit 95 */
#define VR_IOMMU_FRCD_FR(hi) ((u8)(((hi) >> 32) & 0xff))     /* bits 103:96 */
#define VR_IOMMU_FRCD_PV(hi) ((u32)(((hi) >> 40) & 0xfffff)) /* bits 123:104 */
#define VR_IOMMU_FRCD_T (1ull << 62)			     /* bit 126: read */
#define VR_IOMMU_FRCD_F (1ull << 63)			     /* bit 127: fault */

/*
 * Queued invalidation (VT-d 6.5.2, 10.4.23-10.4.29).  IQA: base 63:12, DW
 * (bit 11: 256-bit descriptors), QS 2:0 (2^(QS+8) 128-bit slots).  IQH and
 * IQT hold a slot index in bits 18:4; with DW, bit 4 of IQT must be 0.
 * Writing IQT while GSTS.QIES runs every descriptor from IQH up to IQT, in
 * order, at once; a bad one sets FSTS.IQE and IQH stays on it until
 * software clears IQE, which resumes the queue.  ICS.IWC (write 1 to
 * clear) reports a wait descriptor with IF; IECTL masks its event like
 * FECTL masks the fault event.
 */
#define VR_IOMMU_IQA_BASE_MASK 0xfffffffffffff000ull
#define VR_IOMMU_IQA_DW (1ull << 11)
#define VR_IOMMU_IQA_QS(iqa) ((unsigned int)((iqa)&7))
#define VR_IOMMU_IQ_INDEX_MASK 0x7fff0ull
#define VR_IOMMU_ICS_IWC (1u << 0)
#define VR_IOMMU_IECTL_IM (1u << 31)
#define VR_IOMMU_IECTL_IP (1u << 30)

/*
 * Invalidation descriptor types: qw0 bits 3:0, and bits 11:9 as type
 * bits 6:4 in a 256-bit descriptor (VT-d 6.5.2, Table "Invalidation
 * Descriptor Types").  Every field below is in qw0 unless it says qw1;
 * qw2 and qw3 of a 256-bit descriptor are reserved for these types.
 * Granularities: context cache 1 global, 2 domain, 3 device; IOTLB 1
 * global, 2 domain, 3 page; P_IOTLB 2 PASID, 3 page in PASID; PASID cache
 * 0 domain, 1 PASID in domain, 3 global.
 */
#define VR_IOMMU_QI_CC 0x1u	   /* context-cache */
#define VR_IOMMU_QI_IOTLB 0x2u	   /* IOTLB */
#define VR_IOMMU_QI_DEV_TLB 0x3u   /* device-TLB */
#define VR_IOMMU_QI_WAIT 0x5u	   /* invalidation wait */
#define VR_IOMMU_QI_P_IOTLB 0x6u   /* PASID-based IOTLB */
#define VR_IOMMU_QI_PC 0x7u	   /* PASID cache */
#define VR_IOMMU_QI_P_DEV_TLB 0x8u /* PASID-based device-TLB */
#define VR_IOMMU_QI_TYPE(qw0) ((unsigned int)(((qw0)&0xf) | (((qw0) >> 5) & 0x70)))
#define VR_IOMMU_QI_GRAN(qw0) ((unsigned int)(((qw0) >> 4) & 3))
#define VR_IOMMU_QI_DID(qw0) ((u16)((qw0) >> 16))
#define VR_IOMMU_QI_SID(qw0) ((u16)((qw0) >> 32))		/* context-cache, device-TLB */
#define VR_IOMMU_QI_FM(qw0) ((unsigned int)(((qw0) >> 48) & 3)) /* context-cache */
#define VR_IOMMU_QI_PASID(qw0) ((u32)(((qw0) >> 32) & 0xfffff)) /* P_IOTLB, PASID cache */
#define VR_IOMMU_QI_AM(qw1) ((unsigned int)((qw1)&0x3f))	/* qw1: 2^AM pages */
#define VR_IOMMU_QI_IH (1ull << 6)				/* qw1: invalidation hint */
#define VR_IOMMU_QI_ADDR(qw1) ((qw1)&0xfffffffffffff000ull)	/* qw1 */
#define VR_IOMMU_QI_WAIT_IF (1ull << 4)				/* completion event */
#define VR_IOMMU_QI_WAIT_SW (1ull << 5)				/* status write */
#define VR_IOMMU_QI_WAIT_FN (1ull << 6)				/* fence */
#define VR_IOMMU_QI_WAIT_PD (1ull << 7)				/* page-request drain */
#define VR_IOMMU_QI_WAIT_DATA(qw0) ((u32)((qw0) >> 32))
#define VR_IOMMU_QI_WAIT_ADDR(qw1) ((qw1) & ~3ull) /* qw1 63:2 */

/* CAP fields this model reads (VT-d 10.4.2). */
#define VR_IOMMU_CAP_ND(cap) ((unsigned int)((cap)&7))		      /* domains: 2^(4+2*ND) */
#define VR_IOMMU_CAP_SAGAW(cap) ((unsigned int)(((cap) >> 8) & 0x1f)) /* SL levels */
#define VR_IOMMU_CAP_MGAW(cap) ((unsigned int)(((cap) >> 16) & 0x3f) + 1)
#define VR_IOMMU_CAP_CM (1ull << 7)	   /* caching mode */
#define VR_IOMMU_CAP_SLLPS_2M (1ull << 34) /* second-level 2 MiB pages */
#define VR_IOMMU_CAP_SLLPS_1G (1ull << 35) /* second-level 1 GiB pages */
#define VR_IOMMU_CAP_PSI (1ull << 39)	   /* page-selective IOTLB invalidation */
#define VR_IOMMU_CAP_MAMV(cap) ((unsigned int)(((cap) >> 48) & 0x3f)) /* max AM */
#define VR_IOMMU_CAP_FL1GP (1ull << 56)				      /* first-level 1 GiB pages */
#define VR_IOMMU_CAP_FL5LP (1ull << 60) /* first-level 5-level paging */

/* ECAP fields this model reads (VT-d 10.4.3). */
#define VR_IOMMU_ECAP_QI (1ull << 1)   /* queued invalidation */
#define VR_IOMMU_ECAP_DT (1ull << 2)   /* device-TLB: context DTE, SL bit 62 (TM) */
#define VR_IOMMU_ECAP_IR (1ull << 3)   /* interrupt remapping */
#define VR_IOMMU_ECAP_PT (1ull << 6)   /* pass-through: PGTT 100b */
#define VR_IOMMU_ECAP_SC (1ull << 7)   /* snoop control: SL leaf bit 11 (SNP) */
#define VR_IOMMU_ECAP_EIM (1ull << 4)  /* extended interrupt mode: wide event data */
#define VR_IOMMU_ECAP_PRS (1ull << 29) /* page requests: context PRE */
#define VR_IOMMU_ECAP_ERS (1ull << 30) /* execute requests: PASID entry ERE */
#define VR_IOMMU_ECAP_SRS (1ull << 31) /* supervisor requests: PASID entry SRE */
#define VR_IOMMU_ECAP_PSS(ecap) ((unsigned int)(((ecap) >> 35) & 0x1f)) /* PASID bits - 1 */
#define VR_IOMMU_ECAP_PASID (1ull << 40) /* requests with PASID: context PASIDE */
#define VR_IOMMU_ECAP_SMTS (1ull << 43)	 /* scalable-mode translation */
#define VR_IOMMU_ECAP_SLADS (1ull << 45) /* second-level A/D: PASID entry SLADE */
#define VR_IOMMU_ECAP_SLTS (1ull << 46)	 /* second-level translation: PGTT 010b */
#define VR_IOMMU_ECAP_FLTS (1ull << 47)	 /* first-level translation: PGTT 001b */
#define VR_IOMMU_ECAP_NEST (1ull << 26)	 /* nested translation: PGTT 011b */
#define VR_IOMMU_ECAP_RPS (1ull << 49)	 /* RID_PASID in the context entry */
#define VR_IOMMU_ECAP_PDS (1ull << 42)	 /* page-request drain: wait PD */

/*
 * Scalable-mode root entry (VT-d 9.2, Figure "Scalable-Mode Root Entry"):
 * 16 bytes per bus at RTA + bus * 16.  qw0 is the lower half (devfn
 * 0..127), qw1 the upper half (devfn 128..255); each half holds a present
 * bit and a 4 KiB-aligned context-table pointer, bits 11:1 reserved.
 */
#define VR_IOMMU_ROOT_P 1ull			     /* LP in qw0, UP in qw1 */
#define VR_IOMMU_ROOT_CTP_MASK 0xfffffffffffff000ull /* LCTP / UCTP */
#define VR_IOMMU_ROOT_RSVD_LOW 0xffeull		     /* bits 11:1 of a half */

/*
 * Scalable-mode context entry (VT-d 9.4, Figure "Scalable-Mode Context
 * Entry"): 32 bytes, 128 per context table, at CTP + (devfn & 0x7f) * 32.
 */
struct vr_iommu_context_entry {
	u64 qw[4];
};
#define VR_IOMMU_CTX_P (1ull << 0)
#define VR_IOMMU_CTX_FPD (1ull << 1)	/* fault processing disable */
#define VR_IOMMU_CTX_DTE (1ull << 2)	/* device-TLB enable (needs ECAP.DT) */
#define VR_IOMMU_CTX_PASIDE (1ull << 3) /* requests with PASID (needs ECAP.PASID) */
#define VR_IOMMU_CTX_PRE (1ull << 4)	/* page requests (needs ECAP.PRS) */
#define VR_IOMMU_CTX_RSVD0 0x1e0ull	/* qw0 bits 8:5 */
#define VR_IOMMU_CTX_PDTS_SHIFT 9	/* PASID directory of 2^(PDTS+7) entries */
#define VR_IOMMU_CTX_PDTS(qw0) ((unsigned int)(((qw0) >> 9) & 7))
#define VR_IOMMU_CTX_PASIDDIRPTR_MASK 0xfffffffffffff000ull
#define VR_IOMMU_CTX_RID_PASID(qw1) ((u32)((qw1)&0xfffff)) /* qw1 19:0 (needs ECAP.RPS) */
#define VR_IOMMU_CTX_RID_PRIV (1ull << 20)		   /* qw1 bit 20 */
#define VR_IOMMU_CTX_RSVD1 0xffffffffffe00000ull	   /* qw1 63:21; qw2, qw3 whole */

/*
 * PASID directory entry (VT-d 9.5, Figure "Scalable-Mode PASID Directory
 * Entry"): 8 bytes at PASIDDIRPTR + (PASID >> 6) * 8.
 */
#define VR_IOMMU_PDE_P (1ull << 0)
#define VR_IOMMU_PDE_FPD (1ull << 1)
#define VR_IOMMU_PDE_RSVD_LOW 0xffcull /* bits 11:2 */
#define VR_IOMMU_PDE_PTR_MASK 0xfffffffffffff000ull

/*
 * Scalable-mode PASID table entry (VT-d 9.6, Figure "Scalable-Mode PASID
 * Table Entry"): 64 bytes at PDE.ptr + (PASID & 0x3f) * 64.  The fields
 * outside the ones below (nested and first-level memory typing, qw3..qw7)
 * are reserved in the feature set this model implements.
 */
struct vr_iommu_pasid_entry {
	u64 qw[8];
};
#define VR_IOMMU_PE_P (1ull << 0)
#define VR_IOMMU_PE_FPD (1ull << 1)
#define VR_IOMMU_PE_AW(qw0) ((unsigned int)(((qw0) >> 2) & 7)) /* SL width code */
#define VR_IOMMU_PE_AW_SHIFT 2
#define VR_IOMMU_PE_PGTT(qw0) ((unsigned int)(((qw0) >> 6) & 7))
#define VR_IOMMU_PE_PGTT_SHIFT 6
#define VR_IOMMU_PE_SLADE (1ull << 9) /* needs ECAP.SLADS */
#define VR_IOMMU_PE_RSVD0 0xc20ull    /* qw0 bits 5, 11:10 */
#define VR_IOMMU_PE_SLPTPTR_MASK 0xfffffffffffff000ull
#define VR_IOMMU_PE_DID(qw1) ((u16)((qw1)&0xffff))
#define VR_IOMMU_PE_PWSNP (1ull << 23) /* qw1: page-walk snoop */
#define VR_IOMMU_PE_PGSNP (1ull << 24) /* qw1: page snoop */
#define VR_IOMMU_PE_RSVD1 (~(0xffffull | VR_IOMMU_PE_PWSNP | VR_IOMMU_PE_PGSNP))
#define VR_IOMMU_PE_SRE (1ull << 0) /* qw2: supervisor requests (needs ECAP.SRS) */
#define VR_IOMMU_PE_ERE (1ull << 1) /* qw2: execute requests (needs ECAP.ERS) */
#define VR_IOMMU_PE_FLPM(qw2) ((unsigned int)(((qw2) >> 2) & 3))
#define VR_IOMMU_PE_WPE (1ull << 4) /* qw2: write protect */
#define VR_IOMMU_PE_RSVD2 0xfe0ull  /* qw2 bits 11:5 */
#define VR_IOMMU_PE_FLPTPTR_MASK 0xfffffffffffff000ull

/* PASID-granular translation types (VT-d 9.6, PGTT). */
#define VR_IOMMU_PGTT_FL 1u /* first-level only */
#define VR_IOMMU_PGTT_SL 2u /* second-level only */
#define VR_IOMMU_PGTT_NESTED 3u
#define VR_IOMMU_PGTT_PT 4u /* pass-through */

/*
 * Second-level paging entries (VT-d 9.8, Figures "Format for Second-Stage
 * Paging Entries"): R and W, PS in a PDPE (1 GiB, CAP.SLLPS bit 1) or a
 * PDE (2 MiB, bit 0).  R = W = 0 is not present.  Level L indexes bits
 * 12 + 9 * (L - 1) upwards; a table is 4 KiB of 512 entries.
 */
#define VR_IOMMU_SL_R (1ull << 0)
#define VR_IOMMU_SL_W (1ull << 1)
#define VR_IOMMU_SL_PS (1ull << 7)
#define VR_IOMMU_SL_SNP (1ull << 11)		  /* leaf only, with ECAP.SC */
#define VR_IOMMU_SL_TM (1ull << 62)		  /* leaf only, with ECAP.DT */
#define VR_IOMMU_SL_IGNORED 0xbff0000000000000ull /* bits 63, 61:52 */
#define VR_IOMMU_SL_INDEX(addr, level) (((addr) >> (12 + 9 * ((level)-1))) & 0x1ff)

/*
 * First-level paging entries (VT-d 9.7, IA-32e format): P, R/W, U/S, A,
 * D (leaf), PS in a PDPE (1 GiB, CAP.FL1GP) or a PDE (2 MiB), XD; bits
 * 63:52 are XD and ignored bits.  Levels index as second-level ones.
 */
#define VR_IOMMU_FL_P (1ull << 0)
#define VR_IOMMU_FL_RW (1ull << 1)
#define VR_IOMMU_FL_US (1ull << 2)
#define VR_IOMMU_FL_A (1ull << 5)
#define VR_IOMMU_FL_D (1ull << 6)
#define VR_IOMMU_FL_PS (1ull << 7)
#define VR_IOMMU_FL_XD (1ull << 63)
#define VR_IOMMU_FL_HIGH 0xfff0000000000000ull /* XD and ignored: never reserved */

/*
 * Fault reasons of scalable mode (VT-d 7.1.3, Table "Scalable-Mode
 * Address Translation Faults"; the same codes as torvalds/linux
 * drivers/iommu/intel/dmar.c dma_remap_sm_fault_reasons).
 */
enum vr_iommu_fault_reason {
	VR_IOMMU_FR_NONE = 0,
	VR_IOMMU_FR_RTADDR_TTM = 0x30,	    /* TTM 10b in RTADDR */
	VR_IOMMU_FR_LEGACY_PASID = 0x31,    /* TTM 00b and a request with PASID */
	VR_IOMMU_FR_ROOT_READ = 0x38,	    /* root entry not readable */
	VR_IOMMU_FR_ROOT_P = 0x39,	    /* root entry half not present */
	VR_IOMMU_FR_ROOT_RSVD = 0x3a,	    /* root entry reserved bits */
	VR_IOMMU_FR_CTX_READ = 0x40,	    /* context entry not readable */
	VR_IOMMU_FR_CTX_P = 0x41,	    /* context entry not present */
	VR_IOMMU_FR_CTX_RSVD = 0x42,	    /* context entry reserved bits */
	VR_IOMMU_FR_CTX_PASIDE = 0x45,	    /* request with PASID, PASIDE 0 */
	VR_IOMMU_FR_PDTS = 0x46,	    /* PASID beyond the directory's size */
	VR_IOMMU_FR_PDE_READ = 0x50,	    /* PASID directory entry not readable */
	VR_IOMMU_FR_PDE_P = 0x51,	    /* PASID directory entry not present */
	VR_IOMMU_FR_PDE_RSVD = 0x52,	    /* PASID directory entry reserved bits */
	VR_IOMMU_FR_PE_READ = 0x58,	    /* PASID table entry not readable */
	VR_IOMMU_FR_PE_P = 0x59,	    /* PASID table entry not present */
	VR_IOMMU_FR_PE_RSVD = 0x5a,	    /* PASID table entry reserved bits */
	VR_IOMMU_FR_PE_INVALID = 0x5b,	    /* PGTT, AW or FLPM not supported */
	VR_IOMMU_FR_PE_ERE = 0x5c,	    /* execute request, ERE 0 */
	VR_IOMMU_FR_PE_SRE = 0x5d,	    /* supervisor request, SRE 0 */
	VR_IOMMU_FR_FL_READ = 0x70,	    /* first-level entry not readable */
	VR_IOMMU_FR_FL_P = 0x71,	    /* first-level entry not present */
	VR_IOMMU_FR_FL_RSVD = 0x72,	    /* first-level entry reserved bits */
	VR_IOMMU_FR_FL_ROOT_READ = 0x73,    /* QEMU: FLPTPTR table not readable */
	VR_IOMMU_FR_SL_READ = 0x78,	    /* second-level entry not readable */
	VR_IOMMU_FR_SL_RSVD = 0x7a,	    /* second-level entry reserved bits */
	VR_IOMMU_FR_SL_ROOT_READ = 0x7b,    /* SLPTPTR table not readable */
	VR_IOMMU_FR_FL_CANONICAL = 0x80,    /* first-level input not canonical */
	VR_IOMMU_FR_FL_US = 0x81,	    /* user request, U/S 0 */
	VR_IOMMU_FR_FL_XD = 0x82,	    /* execute request, XD 1 */
	VR_IOMMU_FR_INPUT_BEYOND = 0x83,    /* address above the SL width or MGAW */
	VR_IOMMU_FR_WRITE = 0x85,	    /* write without W */
	VR_IOMMU_FR_READ = 0x86,	    /* read without R */
	VR_IOMMU_FR_INTERRUPT_RANGE = 0x87, /* output in 0xfee00000..0xfeefffff */
	VR_IOMMU_FR_FL_AD = 0x90,	    /* first-level A/D update failed */
};

/*
 * Which codes a unit reports.  QEMU's hw/i386/intel_iommu.c (scalable
 * mode) reports the legacy codes for the root and context entries and for
 * the second-level walk (VTD_FR_* of hw/i386/intel_iommu_internal.h),
 * tests permission before reserved bits in a second-level entry, and does
 * not check the reserved bits of a PASID table entry.
 */
enum vr_iommu_fault_codes {
	VR_IOMMU_FAULT_CODES_SM,   /* the architecture's scalable-mode table (default) */
	VR_IOMMU_FAULT_CODES_QEMU, /* what QEMU's intel-iommu reports */
	VR_IOMMU_NR_FAULT_CODES
};

/* The interrupt address range (VT-d 3.15): DMA writes there are interrupts. */
#define VR_IOMMU_INTERRUPT_FIRST 0xfee00000ull
#define VR_IOMMU_INTERRUPT_LAST 0xfeefffffull

/* One untranslated DMA request as it reaches a unit (VT-d 3.4.1, 9.2). */
struct vr_iommu_dma_request {
	u16 sid;	/* requester id: bus 15:8, devfn 7:0 */
	bool has_pasid; /* a request with PASID (PASID TLP prefix) */
	u32 pasid;	/* 20 bits, with has_pasid */
	bool priv;	/* PR: supervisor request (with has_pasid) */
	bool exec;	/* ER: execute request (with has_pasid) */
	bool write;	/* a write, else a read */
	u64 addr;	/* input address */
};

enum vr_iommu_dma_status {
	VR_IOMMU_DMA_OK,      /* phys holds the output address */
	VR_IOMMU_DMA_FAULT,   /* blocked with a fault reason */
	VR_IOMMU_DMA_ABORTED, /* blocked without a fault: TTM 11b */
	VR_IOMMU_NR_DMA_STATUS
};

/* What a unit did with one request. */
struct vr_iommu_translation {
	enum vr_iommu_dma_status status;
	u8 fault;	 /* VR_IOMMU_DMA_FAULT: the reason, in the unit's fault codes */
	bool qualified;	 /* a qualified fault (FPD may suppress it) */
	bool suppressed; /* qualified, and FPD was set in an entry used */
	u64 phys;	 /* VR_IOMMU_DMA_OK: the output address */
	u8 page_shift;	 /* 12, 21 or 30: the page the output lies in */
	u8 perm;	 /* VR_IOMMU_SL_R | VR_IOMMU_SL_W granted by the walk */
	u8 pgtt;	 /* the PASID entry's PGTT, 0 before it was read */
	u16 did;	 /* the PASID entry's DID */
	u32 pasid;	 /* the PASID used: the request's, or RID_PASID */
	u8 level;	 /* the SL level of the leaf or the faulting entry; 0 none */
	bool recorded;	 /* the fault went to fault recording register @frcd */
	u8 frcd;
	u8 hits; /* VR_IOMMU_HIT_*: the caches the translation came from */
};

#define VR_IOMMU_HIT_CONTEXT (1u << 0)
#define VR_IOMMU_HIT_PASID (1u << 1)
#define VR_IOMMU_HIT_IOTLB (1u << 2)

/*
 * The caches of a unit, tagged as VT-d 6.2.1-6.2.3 tags them: the context
 * cache by SID (with the DID of the PASID entry it led to, for
 * domain-selective invalidation), the PASID cache by DID and PASID, the
 * IOTLB by DID and input page for second-level translations (shared by
 * every requester and PASID using that DID) and by DID, PASID and page for
 * pass-through and first-level translations.  A translation fills them;
 * with CAP.CM a not-present context entry or PASID entry is cached too,
 * as its fault.  Nothing but an invalidation removes an entry, except that a full
 * cache drops its oldest entry.
 */
enum vr_iommu_cache {
	VR_IOMMU_CACHE_CONTEXT,
	VR_IOMMU_CACHE_PASID,
	VR_IOMMU_CACHE_IOTLB,
	VR_IOMMU_NR_CACHES
};

/* One cache entry as vr_iommu_cache_entry() shows it. */
struct vr_iommu_cache_entry {
	u16 sid;	/* context, PASID cache: the requester that filled it */
	u16 did;	/* the domain id it is tagged with */
	bool has_pasid; /* PASID cache always; IOTLB: tagged by PASID too */
	u32 pasid;
	u64 addr;      /* IOTLB: the input page */
	u8 page_shift; /* IOTLB: 12, 21 or 30 */
	u64 phys;      /* IOTLB: the output page */
	u8 perm;       /* IOTLB: VR_IOMMU_SL_R | VR_IOMMU_SL_W */
	u8 fault;      /* a not-present result cached under CAP.CM, else 0 */
	bool stale;    /* differed from the tables when an invalidation completed */
};

/**
 * vr_iommu_cache_count() - how many entries a cache of a unit holds
 * @x: the instance
 * @unit: the unit
 * @cache: the cache
 *
 * Return: the number of entries, 0 for no such unit or cache.
 */
VR_API unsigned int vr_iommu_cache_count(struct vr_iommu *x, unsigned int unit,
					 enum vr_iommu_cache cache);

/**
 * vr_iommu_cache_entry() - one entry of a cache, oldest first
 * @x: the instance
 * @unit: the unit
 * @cache: the cache
 * @index: below vr_iommu_cache_count()
 * @e: the entry
 *
 * Return: 0, or -EINVAL for no such unit, cache or entry, or a NULL @e.
 */
VR_API int vr_iommu_cache_entry(struct vr_iommu *x, unsigned int unit, enum vr_iommu_cache cache,
				unsigned int index, struct vr_iommu_cache_entry *e);

/**
 * vr_iommu_translate() - a unit translates one untranslated DMA request
 * @x: the instance
 * @unit: the unit, below the configured number of units
 * @rq: the request
 * @t: what the unit did
 *
 * With GSTS.TES clear the request passes untranslated.  Otherwise the
 * unit walks, in the order of VT-d 3.4 and 9.1-9.8, the root table
 * latched by the last SRTP, the scalable-mode context entry, the PASID
 * directory and PASID table entry of the request's PASID (RID_PASID for
 * a request without PASID), and by PGTT the second-level table (3, 4 or
 * 5 levels from the PASID entry's AW) or nothing (pass-through), checking
 * every present entry's reserved bits; a first-level PASID entry (PGTT
 * 001b, with ECAP.FLTS) walks 4 or 5 levels from FLPTPTR and sets the
 * accessed and dirty bits of the entries it used.  FPD in the context, PASID
 * directory or PASID entry used marks a qualified fault suppressed.  The
 * tables are read from vr_iommu_mem() and are not changed; what the
 * caches hold is used first and what was walked is cached.
 *
 * A fault that is not suppressed is recorded as VT-d 7.2.1 says: with
 * FSTS.PFO set, or the next fault recording register (round robin) still
 * holding a fault, it is dropped and PFO set; otherwise that register is
 * filled, PPF set and FRI pointed at it if PPF was clear, and a fault
 * event raised if no earlier condition was pending (FECTL.IP, delivered
 * at once unless FECTL.IM).
 *
 * Return:
 * * 0 - @t holds the outcome (a fault is an outcome, not an error)
 * * -EINVAL - no such unit, NULL @rq or @t, a PASID above 0xfffff, or PR
 *   or ER without PASID
 * * -EOPNOTSUPP - what the model does not hold: an interrupt request (an
 *   address in the interrupt range without PASID), a request without
 *   PASID in legacy mode (TTM 00b), a nested PASID entry on a unit that
 *   reports NEST; @t is cleared
 */
VR_API int vr_iommu_translate(struct vr_iommu *x, unsigned int unit,
			      const struct vr_iommu_dma_request *rq,
			      struct vr_iommu_translation *t);

/**
 * vr_iommu_reg_read() - software reads one register of a remapping unit
 * @x: the instance
 * @unit: the unit, below the configured number of units
 * @offset: byte offset in the unit's register page, aligned to @size
 * @size: 4 or 8; a 64-bit register may be read as two 32-bit halves
 * @val: the value read; write-only GCMD reads as 0 (VT-d 10.2, "WO")
 *
 * Return:
 * * 0 - @val holds the register's value
 * * -EINVAL - no such unit, a size other than 4 or 8, or @offset misaligned
 *   or outside the register page
 * * -EOPNOTSUPP - a register this model does not hold yet (offsets other
 *   than the VR_IOMMU_REG_* above and the fault recording registers)
 */
VR_API int vr_iommu_reg_read(struct vr_iommu *x, unsigned int unit, u32 offset, unsigned int size,
			     u64 *val);

/**
 * vr_iommu_reg_write() - software writes one register of a remapping unit
 * @x: the instance
 * @unit: the unit
 * @offset: byte offset, aligned to @size
 * @size: 4 or 8
 * @val: the value written
 *
 * Writes to read-only registers are ignored, as the hardware ignores them.
 * A GCMD write takes effect at once and GSTS reports it: TE sets or
 * clears TES; SRTP latches RTADDR (address and TTM) as the unit's active
 * root table and sets RTPS.  Software issues one command per write
 * (VT-d 10.4.4): a write whose TE bit equals GSTS.TES leaves TES alone.
 * FSTS clears the PFO and IQE bits written as 1; a fault recording
 * register clears F when bit 127 is written as 1, and PPF clears with the
 * last F.  FECTL takes IM; clearing IM delivers a pending fault event.
 *
 * Return:
 * * 0 - done (including an ignored write)
 * * -EINVAL - as for vr_iommu_reg_read()
 * * -EOPNOTSUPP - a register or GCMD command this model does not carry
 *   out yet (SFL, EAFL, WBF, IRE, SIRTP, CFI); nothing changed.  QIE on
 *   a unit without ECAP.QI is a reserved bit and ignored.
 */
VR_API int vr_iommu_reg_write(struct vr_iommu *x, unsigned int unit, u32 offset, unsigned int size,
			      u64 val);

#ifdef __cplusplus
}
#endif

#endif
