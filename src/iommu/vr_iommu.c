// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The instance: construction, the register front doors with their
 * argument checks, and the memory the units read.  What an access does
 * is hw_regs.c's.  (iommu.c would be the name of drivers/iommu/iommu.c.)
 */
#include <errno.h>
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/context.h>
#include <virtref/instance.h>
#include <virtref/mem.h>
#include "iommu_host.h"

void vr_iommu_config_default(struct vr_iommu_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->profile = VR_IOMMU_PROFILE_MAINLINE;
	cfg->nr_units = 1;
	cfg->ver = VRI_IOMMU_DEFAULT_VER;
	cfg->cap = VRI_IOMMU_DEFAULT_CAP;
	cfg->ecap = VRI_IOMMU_DEFAULT_ECAP;
	cfg->caches = true;
}

/* The fault recording registers lie past the fixed registers, inside the page. */
static bool frcd_placed(u64 cap)
{
	return VR_IOMMU_CAP_FRO(cap) >= 0x100 &&
	       VR_IOMMU_CAP_FRO(cap) + 16 * VR_IOMMU_CAP_NFR(cap) <= VR_IOMMU_REG_SPACE;
}

int vr_iommu_create(const struct vr_iommu_config *cfg, struct vr_iommu **out)
{
	struct vr_iommu *x;
	unsigned int i;

	if (!cfg || !out || (unsigned int)cfg->profile >= VR_IOMMU_NR_PROFILES ||
	    cfg->nr_units < 1 || cfg->nr_units > VR_IOMMU_MAX_UNITS ||
	    (unsigned int)cfg->fault_codes >= VR_IOMMU_NR_FAULT_CODES || !frcd_placed(cfg->cap))
		return -EINVAL;
	x = vr_calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->profile = cfg->profile;
	x->prof = &vri_iommu_profiles[cfg->profile];
	x->allow_unsafe_interrupts = cfg->allow_unsafe_interrupts;
	x->nr_units = cfg->nr_units;
	for (i = 0; i < x->nr_units; i++)
		vri_iommu_unit_reset(&x->unit[i], cfg->ver, cfg->cap, cfg->ecap, cfg->fault_codes,
				     cfg->caches);
	x->mem = vr_mem_create("phys");
	if (!x->mem || vri_iommu_kernel_create(x)) {
		vr_iommu_destroy(x);
		return -ENOMEM;
	}
	*out = x;
	return 0;
}

void vr_iommu_destroy(struct vr_iommu *x)
{
	if (!x)
		return;
	if (x->k) {
		struct vr_context_frame f;

		vr_iommu_enter(x, &f);
		vri_iommu_user_destroy(x);
		vr_iommu_leave(&f);
	}
	vri_iommu_kernel_destroy(x);
	vr_mem_destroy(x->mem);
	vr_free(x);
}

struct vr_mem *vr_iommu_mem(struct vr_iommu *x)
{
	return x->mem;
}

int vr_iommu_reg_read(struct vr_iommu *x, unsigned int unit, u32 offset, unsigned int size,
		      u64 *val)
{
	if (!x || !val || unit >= x->nr_units)
		return -EINVAL;
	return vri_iommu_unit_read(&x->unit[unit], offset, size, val);
}

int vr_iommu_reg_write(struct vr_iommu *x, unsigned int unit, u32 offset, unsigned int size,
		       u64 val)
{
	if (!x || unit >= x->nr_units)
		return -EINVAL;
	return vri_iommu_unit_write(&x->unit[unit], x->mem, offset, size, val);
}

int vr_iommu_translate(struct vr_iommu *x, unsigned int unit, const struct vr_iommu_dma_request *rq,
		       struct vr_iommu_translation *t)
{
	if (!x || !rq || !t || unit >= x->nr_units)
		return -EINVAL;
	return vri_iommu_translate(&x->unit[unit], x->mem, rq, t);
}

u64 vr_iommu_fault_events(struct vr_iommu *x, unsigned int unit)
{
	if (!x || unit >= x->nr_units)
		return 0;
	return x->unit[unit].fault_events;
}

u64 vr_iommu_invalidation_events(struct vr_iommu *x, unsigned int unit)
{
	if (!x || unit >= x->nr_units)
		return 0;
	return x->unit[unit].inv_events;
}

unsigned int vr_iommu_cache_count(struct vr_iommu *x, unsigned int unit, enum vr_iommu_cache cache)
{
	if (!x || unit >= x->nr_units)
		return 0;
	return vri_iommu_cache_count(&x->unit[unit], cache);
}

int vr_iommu_cache_entry(struct vr_iommu *x, unsigned int unit, enum vr_iommu_cache cache,
			 unsigned int index, struct vr_iommu_cache_entry *e)
{
	if (!x || !e || unit >= x->nr_units ||
	    index >= vri_iommu_cache_count(&x->unit[unit], cache))
		return -EINVAL;
	vri_iommu_cache_show(&x->unit[unit], cache, index, e);
	e->stale = vri_iommu_cache_stale(&x->unit[unit], x->mem, cache, index);
	return 0;
}

struct vr_iommu *vri_iommu_current(void)
{
	struct vr_instance *in = vr_context_current()->instance;
	struct vr_iommu *lent = vri_iommu_lent();

	if (lent)
		return lent;
	if (in && vr_instance_model(in) == &vr_model_iommu)
		return vr_instance_state(in);
	return NULL;
}
