/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Intel VT-d DMA remapping units as a driver sees them: a register page
 * per unit (<virtref/iommu/hw.h>) and the physical memory the units read
 * their tables from (<virtref/mem.h>).  docs/iommu.md teaches the
 * hardware by example.
 */
#ifndef VIRTREF_IOMMU_H
#define VIRTREF_IOMMU_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/linux/types.h>
#include <virtref/iommu/hw.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vr_mem;
struct vr_text;
struct vr_iommu;

/* Kernel generations. */
enum vr_iommu_profile {
	VR_IOMMU_PROFILE_5_1,	   /* aux domains arrive: Intel scalable mode, v5.1 */
	VR_IOMMU_PROFILE_5_11,	   /* before aux domains were removed, v5.11 */
	VR_IOMMU_PROFILE_MAINLINE, /* current mainline; the default */
	VR_IOMMU_NR_PROFILES
};

#define VR_IOMMU_MAX_UNITS 4

struct vr_iommu_config {
	enum vr_iommu_profile profile;
	unsigned int nr_units;		       /* remapping units, 1 .. VR_IOMMU_MAX_UNITS */
	u32 ver;			       /* VER register */
	u64 cap;			       /* CAP register, the same for every unit */
	u64 ecap;			       /* ECAP register, the same for every unit */
	enum vr_iommu_fault_codes fault_codes; /* the fault reasons the units report */
	bool caches; /* the units cache what they walk (a unit may cache nothing) */
};

/**
 * vr_iommu_config_default() - the default configuration
 * @cfg: filled with profile mainline, one unit, VER 1.0, scalable-mode
 *       fault codes, caches on, and this CAP and ECAP: 48-bit guest address width,
 *       3- and 4-level second-level tables with 2 MiB and 1 GiB pages,
 *       65536 domains, queued invalidation, pass-through, supervisor
 *       requests, 20-bit PASIDs, scalable mode with second-level tables
 */
VR_API void vr_iommu_config_default(struct vr_iommu_config *cfg);

/**
 * vr_iommu_create() - units out of reset: translation off, no root table
 * @cfg: the configuration
 * @out: the new instance
 *
 * Return:
 * * 0 - @out holds the instance
 * * -EINVAL - @cfg is NULL or out of range (a unit count outside
 *   1..VR_IOMMU_MAX_UNITS, no such profile or fault-code policy, fault
 *   recording registers (CAP.FRO, CAP.NFR) below offset 0x100 or past the
 *   register page)
 * * -ENOMEM - out of memory; nothing is left allocated
 */
VR_API int vr_iommu_create(const struct vr_iommu_config *cfg, struct vr_iommu **out);

/**
 * vr_iommu_destroy() - frees an instance and its memory
 * @x: the instance, or NULL
 */
VR_API void vr_iommu_destroy(struct vr_iommu *x);

/**
 * vr_iommu_mem() - the physical memory the units read their tables from
 * @x: the instance
 *
 * Return: the memory (owned by @x).
 */
VR_API struct vr_mem *vr_iommu_mem(struct vr_iommu *x);

/**
 * vr_iommu_profile_name() - a profile's name as traces spell it
 * @p: the profile
 *
 * Return: "5.1", "5.11" or "mainline", NULL for no such profile.
 */
VR_API const char *vr_iommu_profile_name(enum vr_iommu_profile p);

/**
 * vr_iommu_fault_events() - fault event interrupts a unit has sent
 * @x: the instance
 * @unit: the unit
 *
 * Return: how many fault events went out as interrupt messages (FECTL.IM
 * clear); 0 for no such unit.
 */
VR_API u64 vr_iommu_fault_events(struct vr_iommu *x, unsigned int unit);

/**
 * vr_iommu_invalidation_events() - invalidation completion interrupts sent
 * @x: the instance
 * @unit: the unit
 *
 * Return: how many wait descriptors with IF raised an invalidation event
 * that went out (IECTL.IM clear); 0 for no such unit.
 */
VR_API u64 vr_iommu_invalidation_events(struct vr_iommu *x, unsigned int unit);

/**
 * vr_iommu_frcd_text() - a fault record in the layout of Linux's log line
 * @lo: bits 63:0 of a fault recording register
 * @hi: bits 127:64
 * @out: one line with the fields, in the order and format, of what
 *       torvalds/linux drivers/iommu/intel/dmar.c dmar_fault_do_one()
 *       prints for it (mainline), prefix "DMAR: " included, without the
 *       newline; the reason's description is virtref's own (VT-d 7.1.3):
 *       "DMAR: [DMA Read PASID 0x2] Request device [6a:01.0] fault addr
 *       0x40202000 [fault reason 0x86] SM: read or atomic request without
 *       read permission"
 */
VR_API void vr_iommu_frcd_text(u64 lo, u64 hi, struct vr_text *out);

/**
 * vr_iommu_invariants() - every check after every step
 * @x: the instance
 * @why: one line per violation
 *
 * (registers) each unit's GSTS holds only bits of commands the unit
 * carries out, and nothing is latched as its root table before SRTP;
 * (faults) FSTS.PPF is set exactly while a fault recording register holds
 * a fault, FRI names a register that exists, and no register past
 * CAP.NFR holds anything.
 *
 * Return: 0 when they hold, 1 otherwise.
 */
VR_API int vr_iommu_invariants(struct vr_iommu *x, struct vr_text *why);

#ifdef __cplusplus
}
#endif

#endif
