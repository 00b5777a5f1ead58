// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The dump and the value describers that narration and the dump share.
 */
#include <virtref/model.h>
#include <virtref/text.h>
#include "iommu_internal.h"

/* GSTS as the names of its set bits (VT-d 10.4.5): "TES RTPS", or "-". */
void vri_iommu_gsts_describe(u32 gsts, struct vr_text *out)
{
	static const struct {
		u32 bit;
		const char *name;
	} bits[] = {
		{ VR_IOMMU_GSTS_TES, "TES" },	{ VR_IOMMU_GSTS_RTPS, "RTPS" },
		{ VR_IOMMU_GSTS_FLS, "FLS" },	{ VR_IOMMU_GSTS_AFLS, "AFLS" },
		{ VR_IOMMU_GSTS_WBFS, "WBFS" }, { VR_IOMMU_GSTS_QIES, "QIES" },
		{ VR_IOMMU_GSTS_IRES, "IRES" }, { VR_IOMMU_GSTS_IRTPS, "IRTPS" },
		{ VR_IOMMU_GSTS_CFIS, "CFIS" },
	};
	const char *sep = "";
	unsigned int i;

	for (i = 0; i < VR_ARRAY_SIZE(bits); i++) {
		if (gsts & bits[i].bit) {
			vr_text_printf(out, "%s%s", sep, bits[i].name);
			sep = " ";
		}
	}
	if (!*sep)
		vr_text_puts(out, "-");
}

void vri_iommu_dump(void *model, struct vr_text *out)
{
	const struct vr_iommu *x = model;
	unsigned int i;

	vr_text_printf(out, "iommu: profile %s, %u unit(s)\n", x->prof->name, x->nr_units);
	for (i = 0; i < x->nr_units; i++) {
		const struct vri_iommu_unit *u = &x->unit[i];

		vr_text_printf(out, "  unit %u: VER 0x%x CAP 0x%016llx ECAP 0x%016llx\n", i, u->ver,
			       (unsigned long long)u->cap, (unsigned long long)u->ecap);
		vr_text_printf(out, "    GSTS 0x%08x (", u->gsts);
		vri_iommu_gsts_describe(u->gsts, out);
		vr_text_printf(out, ") RTADDR 0x%016llx active 0x%016llx\n",
			       (unsigned long long)u->rtaddr, (unsigned long long)u->rtaddr_active);
	}
}
