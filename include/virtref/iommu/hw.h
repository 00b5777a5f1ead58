/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * An Intel VT-d remapping unit as software sees it: its register file by
 * offset.  Offsets and bit layouts are those of the Intel Virtualization
 * Technology for Directed I/O Architecture Specification (rev. 4.1),
 * chapter 10 "Register Descriptions", section 10.4; QEMU names the same
 * registers DMAR_*_REG in hw/i386/intel_iommu_internal.h.
 *
 * This is the boundary a kernel layer is written against: it reaches a
 * unit through vr_iommu_reg_read() and vr_iommu_reg_write() only, as a
 * driver reaches the hardware through MMIO.
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

/* CAP fields this model reads (VT-d 10.4.2). */
#define VR_IOMMU_CAP_ND(cap) ((unsigned int)((cap)&7))		      /* domains: 2^(4+2*ND) */
#define VR_IOMMU_CAP_SAGAW(cap) ((unsigned int)(((cap) >> 8) & 0x1f)) /* SL levels */
#define VR_IOMMU_CAP_MGAW(cap) ((unsigned int)(((cap) >> 16) & 0x3f) + 1)
#define VR_IOMMU_CAP_CM (1ull << 7) /* caching mode */

/* ECAP fields this model reads (VT-d 10.4.3). */
#define VR_IOMMU_ECAP_QI (1ull << 1)	/* queued invalidation */
#define VR_IOMMU_ECAP_IR (1ull << 3)	/* interrupt remapping */
#define VR_IOMMU_ECAP_PT (1ull << 6)	/* pass-through */
#define VR_IOMMU_ECAP_SMTS (1ull << 43) /* scalable-mode translation */

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
 *   than the VR_IOMMU_REG_* above)
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
 *
 * Return:
 * * 0 - done (including an ignored write)
 * * -EINVAL - as for vr_iommu_reg_read()
 * * -EOPNOTSUPP - a register or GCMD command this model does not carry
 *   out yet (SFL, EAFL, WBF, QIE, IRE, SIRTP, CFI); nothing changed
 */
VR_API int vr_iommu_reg_write(struct vr_iommu *x, unsigned int unit, u32 offset, unsigned int size,
			      u64 val);

#ifdef __cplusplus
}
#endif

#endif
