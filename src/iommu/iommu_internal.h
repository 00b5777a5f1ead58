/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The iommu model's private declarations: the instance around its
 * remapping units, the profile row, and the vri_iommu_* helpers the
 * files share.
 */
#ifndef VIRTREF_SRC_IOMMU_INTERNAL_H
#define VIRTREF_SRC_IOMMU_INTERNAL_H

#include <virtref/iommu.h>
#include "hw_internal.h"

/*
 * The default identification registers: VER 1.0 (QEMU's vtd_init() in
 * hw/i386/intel_iommu.c reports the same); CAP ND=6 (65536 domains),
 * SAGAW=0b00110 (3- and 4-level tables), MGAW=47 (48 bits), FRO 0x22
 * (fault recording at 0x220, as QEMU), SLLPS 2 MiB and 1 GiB, PSI, NFR 7
 * (8 fault recording registers), MAMV 18 (as QEMU); ECAP QI, PT, SRS, PSS=19 (20-bit PASIDs),
 * PASID, SMTS, SLTS: a scalable-mode unit with second-level and pass-through translation.
 * VT-d 10.4.1-10.4.3.
 */
#define VRI_IOMMU_DEFAULT_VER 0x10u
#define VRI_IOMMU_DEFAULT_CAP                                                                      \
	(6ull | (0x6ull << 8) | (47ull << 16) | (0x22ull << 24) | VR_IOMMU_CAP_SLLPS_2M |          \
	 VR_IOMMU_CAP_SLLPS_1G | VR_IOMMU_CAP_PSI | (7ull << 40) | (18ull << 48))
#define VRI_IOMMU_DEFAULT_ECAP                                                                     \
	(VR_IOMMU_ECAP_QI | VR_IOMMU_ECAP_PT | VR_IOMMU_ECAP_SRS | (19ull << 35) |                 \
	 VR_IOMMU_ECAP_PASID | VR_IOMMU_ECAP_SMTS | VR_IOMMU_ECAP_SLTS)

/* One kernel generation.  src/iommu/profile.c holds the table. */
struct device;
struct intel_iommu;
struct iommu_ops;

struct vri_iommu_profile {
	const char *name; /* first: the config enum's names */
	const char *summary;
	const char *origin; /* kernel tag and the files it mirrors */
	/*
	 * vfio type1 asks an mdev for its IOMMU device (the seed series,
	 * until mdev_get_iommu_device() was removed); without, every mdev
	 * group is isolated by its vendor driver (the external domain).
	 */
	bool mdev_iommu_device;
	/* The Intel driver of that generation (intel-iommu.c, intel-pasid.c): */
	const struct iommu_ops *iommu_ops; /* what the PCI bus type gets */
	/* intel_pasid_tear_down_entry() of that generation (intel-pasid.c, pasid_5_11.c, pasid.c)
	 */
	void (*pasid_tear_down_entry)(struct intel_iommu *iommu, struct device *dev, int pasid);
	bool iova_to_phys_offset; /* iova_to_phys() adds the offset in the page */
	bool aux_subdevices;	  /* one subdev_domain_info per (domain, device) */
	bool attach_errno;	  /* attach reports its errno, not -EBUSY */
	bool context_paside;	  /* PASIDE set with the context entry, not lazily */
	bool unmap_bug_on;	  /* unmap BUG()s where no table reaches (until v6.4) */
};

extern const struct vri_iommu_profile vri_iommu_profiles[VR_IOMMU_NR_PROFILES];

/*
 * The iommu instance lent to kernel code (vr_iommu_enter()), or else the
 * one the current context has entered (an op being applied), or NULL.
 */
struct vr_iommu *vri_iommu_current(void);

/* The current instance's profile, the default profile's row without one. */
const struct vri_iommu_profile *vri_iommu_profile_current(void);

/* model.c */
struct vr_model;
extern const struct vr_model vr_model_iommu;

struct vr_iommu {
	enum vr_iommu_profile profile;
	const struct vri_iommu_profile *prof;
	bool allow_unsafe_interrupts; /* vfio_iommu_type1's module parameter */
	struct vr_mem *mem;	      /* physical memory: root, context and PASID tables */
	unsigned int nr_units;
	struct vri_iommu_unit unit[VR_IOMMU_MAX_UNITS];
	struct vri_iommu_kernel *k; /* the kernel layer's state (iommu_host.h) */
	struct vri_iommu_user *u;   /* user space for the op table (iommu_user.c), or NULL */
};

/* invariants.c: the named checks. */
int vri_iommu_check_registers(void *model, struct vr_text *why);
int vri_iommu_check_faults(void *model, struct vr_text *why);
int vri_iommu_check_stale(void *model, struct vr_text *why);
int vri_iommu_check_lists(void *model, struct vr_text *why);
int vri_iommu_check_isolation(void *model, struct vr_text *why);
int vri_iommu_check_alloc(void *model, struct vr_text *why);

/* show.c */
void vri_iommu_gsts_describe(u32 gsts, struct vr_text *out);
void vri_iommu_dump(void *model, struct vr_text *out);
void vri_iommu_request_describe(const struct vr_iommu_dma_request *rq, struct vr_text *out);
void vri_iommu_translation_describe(const struct vr_iommu_translation *t, struct vr_text *out);
void vri_iommu_cache_entry_describe(enum vr_iommu_cache cache, const struct vr_iommu_cache_entry *e,
				    struct vr_text *out);
void vri_iommu_qi_describe(const struct vri_iommu_unit *u, struct vr_text *out);

#endif
