// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * vr_iommu_invariants() and the named checks.  They read state only.
 */
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

int vr_iommu_invariants(struct vr_iommu *x, struct vr_text *why)
{
	return vri_iommu_check_registers(x, why);
}
