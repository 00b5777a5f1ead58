/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Helpers of the Intel driver suites: an instance with the driver loaded
 * and function 6a:01.0 behind unit 0 (20-bit PASIDs, the Scalable IOV
 * DVSEC), the instance's environment lent for the whole test, and
 * domains taken from the profile's struct iommu_ops directly.
 *
 * Where the driver's pages land: the page pool gives the lowest free
 * frames from VR_IOMMU_KPOOL_BASE (0x80000000), an order-n block at a
 * multiple of 2^n frames.  Loading takes the queue (frames 0-1), its
 * status page (2) and the root table (3): RTADDR 0x80003400.
 */
#ifndef VIRTREF_TESTS_IOMMU_INTEL_TEST_H
#define VIRTREF_TESTS_IOMMU_INTEL_TEST_H

#include <virtref/context.h>
#include <virtref/iommu.h>
#include <virtref/iommu/intel-iommu.h>
#include <virtref/iommu/intel-pasid.h>
#include <virtref/linux/errno.h>
#include <virtref/mem.h>
#include <virtref/text.h>
#include <virtref/warn.h>
#include "vr_test.h"

#define KP(frame) (VR_IOMMU_KPOOL_BASE + (u64)(frame)*0x1000)
#define IT_BDF 0x6a08u
#define IT_BDF2 0x6a10u /* 6a:02.0 */

struct iti {
	struct vr_iommu *x;
	struct vr_context_frame f;
	const struct iommu_ops *ops;
	struct device *dev;
};

static inline void iti_pci_default(struct vr_iommu_pci_config *pc, u16 bdf)
{
	memset(pc, 0, sizeof(*pc));
	pc->bdf = bdf;
	pc->vendor = 0x8086;
	pc->device = 0x0b25;
	pc->pasid = true;
	pc->pasid_width = 20;
	pc->siov = true;
	pc->eetlp_prefix = true;
}

static inline struct device *iti_add(struct iti *t, u16 bdf)
{
	struct vr_iommu_pci_config pc;
	struct device *dev = NULL;

	iti_pci_default(&pc, bdf);
	ck_assert_int_eq(vr_iommu_pci_add(t->x, 0, &pc, &dev), 0);
	return dev;
}

static inline void iti_up_cfg(struct iti *t, const struct vr_iommu_config *cfg)
{
	memset(t, 0, sizeof(*t));
	ck_assert_int_eq(vr_iommu_create(cfg, &t->x), 0);
	ck_assert_int_eq(vr_iommu_driver_init(t->x), 0);
	t->ops = vr_iommu_pci_bus(t->x)->iommu_ops;
	t->dev = iti_add(t, IT_BDF);
	vr_iommu_enter(t->x, &t->f);
}

static inline void iti_up(struct iti *t, enum vr_iommu_profile p)
{
	struct vr_iommu_config cfg;

	vr_iommu_config_default(&cfg);
	cfg.profile = p;
	iti_up_cfg(t, &cfg);
}

static inline void iti_down(struct iti *t)
{
	vr_iommu_leave(&t->f);
	vr_iommu_destroy(t->x);
}

static inline struct iommu_domain *iti_domain(struct iti *t)
{
	struct iommu_domain *d = t->ops->domain_alloc(IOMMU_DOMAIN_UNMANAGED);

	ck_assert_ptr_nonnull(d);
	return d;
}

/* A qword the driver stored: its plain stores are in the CPU's byte order. */
static inline u64 iti_r64(struct iti *t, u64 addr)
{
	u64 v = 0;

	ck_assert_int_eq(vr_mem_read(vr_iommu_mem(t->x), addr, &v, sizeof(v)), 0);
	return v;
}

static inline u64 iti_reg(struct iti *t, u32 off, unsigned int size)
{
	u64 v = 0;

	ck_assert_int_eq(vr_iommu_reg_read(t->x, 0, off, size, &v), 0);
	return v;
}

/* One DMA read (or write) by @sid, with @pasid if it is not -1. */
static inline struct vr_iommu_translation iti_dma(struct iti *t, u16 sid, int pasid, u64 addr,
						  bool write)
{
	struct vr_iommu_dma_request rq = { .sid = sid, .write = write, .addr = addr };
	struct vr_iommu_translation tr;

	if (pasid >= 0) {
		rq.has_pasid = true;
		rq.pasid = (u32)pasid;
	}
	ck_assert_int_eq(vr_iommu_translate(t->x, 0, &rq, &tr), 0);
	return tr;
}

/* The invariants, as text: "" when they hold. */
static inline bool iti_bad(struct iti *t, const char *needle)
{
	struct vr_text why = VR_TEXT_INIT;
	bool bad = vr_iommu_invariants(t->x, &why) != 0;
	bool found = bad && (!needle || strstr(vr_text_str(&why), needle));

	vr_text_free(&why);
	return found;
}

static inline void iti_ok(struct iti *t)
{
	struct vr_text why = VR_TEXT_INIT;
	int bad = vr_iommu_invariants(t->x, &why);

	ck_assert_msg(!bad, "%s", vr_text_str(&why));
	vr_text_free(&why);
}

#endif
