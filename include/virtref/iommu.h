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
	/*
	 * vfio_iommu_type1's module parameter: containers take groups
	 * without interrupt remapping, which the model lacks (default false,
	 * as the kernel's)
	 */
	bool allow_unsafe_interrupts;
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

/*
 * A PCI Express function behind a unit: its requester id and the
 * capabilities in its configuration space (PCI Express Base 4.0, 7.8.8
 * PASID, 10.5.1 ATS, 10.5.2 PRI; the Scalable IOV DVSEC, id 5 of vendor
 * 0x8086, Intel Scalable I/O Virtualization Technical Specification 3.7).
 */
struct vr_iommu_pci_config {
	u16 bdf;	      /* bus 15:8, device 7:3, function 2:0 */
	u16 vendor, device;   /* ids in the header */
	bool pasid;	      /* a PASID capability */
	u8 pasid_width;	      /* its Max PASID Width, 0..20 */
	bool pasid_exec;      /* execute permission supported */
	bool pasid_priv;      /* privileged mode supported */
	bool ats;	      /* an ATS capability */
	u8 ats_qdep;	      /* its invalidate queue depth, 0 meaning 32 */
	bool pri;	      /* a page request interface */
	u32 pri_max_requests; /* its outstanding page request capacity */
	bool siov;	      /* the Scalable IOV DVSEC */
	bool eetlp_prefix;    /* the path to the root passes PASID TLP prefixes */
	bool probe;	      /* handed to the iommu core's probe (a group, a default domain) */
};

struct device;
struct bus_type;
struct vr_context_frame;

/**
 * vr_iommu_driver_init() - loads the Intel IOMMU driver on every unit
 * @x: the instance, its units out of reset
 *
 * What the kernel's intel_iommu_init() does for each unit: maps its
 * registers, reads CAP and ECAP, sets up its domain ids, enables queued
 * invalidation, writes a root table in scalable mode (SRTP), invalidates
 * the context cache and the IOTLB globally and enables translation; then
 * the PCI bus type gets the profile's struct iommu_ops.
 *
 * Return:
 * * 0 - every unit translates
 * * -EBUSY - the driver is loaded already
 * * -ENODEV - a unit lacks scalable mode (ECAP.SMTS), queued
 *   invalidation (ECAP.QI) or a second-level width Linux can use
 * * -ENOMEM - out of memory; nothing is left allocated and the units
 *   that were brought up are turned off again
 */
VR_API int vr_iommu_driver_init(struct vr_iommu *x);

/**
 * vr_iommu_pci_add() - a PCI function appears behind a unit
 * @x: the instance
 * @unit: the unit whose device scope holds it
 * @pc: the function
 * @out: its struct device (owned by @x), or NULL
 *
 * The function is enumerated (its ATS capability noted as
 * pci_ats_init() does) and, with the driver loaded and @pc->probe,
 * probed by the iommu core (iommu_probe_device()): the
 * driver's add_device puts it in a group with a default DMA-API domain,
 * which it is attached to.
 *
 * Return:
 * * 0 - done
 * * -EINVAL - no such unit, a NULL @pc, a PASID width above 20
 * * -EEXIST - a function with that requester id exists on the instance
 * * -ENOSPC - VR_IOMMU_MAX_PCI functions exist
 * * -ENOMEM - out of memory; nothing changed
 * * any error of the probe; nothing changed
 */
VR_API int vr_iommu_pci_add(struct vr_iommu *x, unsigned int unit,
			    const struct vr_iommu_pci_config *pc, struct device **out);

#define VR_IOMMU_MAX_PCI 32

/**
 * vr_iommu_pci_bus() - the instance's PCI bus type
 * @x: the instance
 *
 * Return: the bus type whose iommu_ops the driver set, for
 * iommu_domain_alloc() and the tests of the driver's operations.
 */
VR_API struct bus_type *vr_iommu_pci_bus(struct vr_iommu *x);

/**
 * vr_iommu_enter() - lends the instance's environment to kernel code
 * @x: the instance
 * @f: where the caller's context is kept until vr_iommu_leave()
 *
 * Between the two, the driver's ioremap() and readl()/writeq() reach the
 * units' register pages (unit i at VR_IOMMU_MMIO_BASE + i * 0x1000),
 * and its page-table pages live in the instance's physical memory from
 * VR_IOMMU_KPOOL_BASE, where virt_to_phys() and phys_to_virt() find
 * them.  The vr_iommu_*() functions lend it themselves; lends nest.
 */
VR_API void vr_iommu_enter(struct vr_iommu *x, struct vr_context_frame *f);

/**
 * vr_iommu_leave() - ends the lend of the matching vr_iommu_enter()
 * @f: its frame
 */
VR_API void vr_iommu_leave(struct vr_context_frame *f);

#define VR_IOMMU_MMIO_BASE 0xfed90000ull
#define VR_IOMMU_KPOOL_BASE 0x80000000ull
#define VR_IOMMU_KPOOL_PAGES 4096u

/**
 * vr_iommu_kernel_pages() - pages the driver holds in physical memory
 * @x: the instance
 *
 * Return: how many pages of the page pool at VR_IOMMU_KPOOL_BASE are
 * allocated (root, context, PASID and page tables, the invalidation
 * queue).
 */
VR_API unsigned int vr_iommu_kernel_pages(struct vr_iommu *x);

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
