// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * vr_iommu_invariants() and the named checks.  They read state only.
 */
#include <virtref/mem.h>
#include <virtref/model.h>
#include <virtref/text.h>
#include "iommu_internal.h"

/* (registers): GSTS reports only what a unit carried out, and nothing is
 * latched as the active root table before an SRTP set RTPS. */
int vri_iommu_check_registers(void *model, struct vr_text *why)
{
	const struct vr_iommu *x = model;
	unsigned int i;
	int bad = 0;

	for (i = 0; i < x->nr_units; i++) {
		const struct vri_iommu_unit *u = &x->unit[i];

		if (u->gsts & ~VRI_IOMMU_GSTS_MODELLED) {
			vr_text_printf(why,
				       "unit %u: GSTS 0x%08x reports a command not carried out\n",
				       i, u->gsts);
			bad = 1;
		}
		if (!(u->gsts & VR_IOMMU_GSTS_RTPS) && u->rtaddr_active) {
			vr_text_printf(why, "unit %u: active root table 0x%llx without RTPS\n", i,
				       (unsigned long long)u->rtaddr_active);
			bad = 1;
		}
	}
	return bad;
}

/* (faults): PPF is the OR of every record's F, FRI names a record that exists. */
int vri_iommu_check_faults(void *model, struct vr_text *why)
{
	const struct vr_iommu *x = model;
	unsigned int i, r;
	int bad = 0;

	for (i = 0; i < x->nr_units; i++) {
		const struct vri_iommu_unit *u = &x->unit[i];
		unsigned int nfr = VR_IOMMU_CAP_NFR(u->cap);
		bool pending = false;

		for (r = 0; r < VR_ARRAY_SIZE(u->frcd); r++) {
			if (r >= nfr && (u->frcd[r][0] || u->frcd[r][1])) {
				vr_text_printf(why, "unit %u: FRCD %u past NFR holds a record\n", i,
					       r);
				bad = 1;
			}
			pending |= (u->frcd[r][1] & VR_IOMMU_FRCD_F) != 0;
		}
		if (pending != !!(u->fsts & VR_IOMMU_FSTS_PPF)) {
			vr_text_printf(why, "unit %u: FSTS.PPF %u with%s a pending record\n", i,
				       !pending, pending ? "" : "out");
			bad = 1;
		}
		if (VR_IOMMU_FSTS_FRI(u->fsts) >= nfr || u->next_frcd >= nfr) {
			vr_text_printf(why, "unit %u: FRI %u or next record %u not below NFR %u\n",
				       i, VR_IOMMU_FSTS_FRI(u->fsts), u->next_frcd, nfr);
			bad = 1;
		}
	}
	return bad;
}

/*
 * (stale): once an invalidation batch has completed and the tables have
 * not changed since, every cached entry translates as the tables do.  An
 * entry that differs is one a missing or wrong invalidation left behind.
 */
int vri_iommu_check_stale(void *model, struct vr_text *why)
{
	static const char *const names[VR_IOMMU_NR_CACHES] = { "context cache", "PASID cache",
							       "IOTLB" };
	const struct vr_iommu *x = model;
	unsigned int i, c, e;
	int bad = 0;

	for (i = 0; i < x->nr_units; i++) {
		const struct vri_iommu_unit *u = &x->unit[i];

		if (!u->flushed || vr_mem_generation(x->mem) != u->flushed_gen)
			continue;
		for (c = 0; c < VR_IOMMU_NR_CACHES; c++) {
			for (e = 0; e < vri_iommu_cache_count(u, c); e++) {
				struct vr_iommu_cache_entry ce;

				if (!vri_iommu_cache_stale(u, x->mem, c, e))
					continue;
				vri_iommu_cache_show(u, c, e, &ce);
				vr_text_printf(why,
					       "unit %u: stale %s entry after invalidation: ", i,
					       names[c]);
				vri_iommu_cache_entry_describe(c, &ce, why);
				vr_text_puts(why, "\n");
				bad = 1;
			}
		}
	}
	return bad;
}

int vr_iommu_invariants(struct vr_iommu *x, struct vr_text *why)
{
	int bad = vri_iommu_check_registers(x, why);

	bad |= vri_iommu_check_faults(x, why);
	return vri_iommu_check_stale(x, why) | bad;
}
