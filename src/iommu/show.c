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

/* "DMA write 00:03.0 PASID 0x2 addr 0x40201000", as Linux names requesters. */
void vri_iommu_request_describe(const struct vr_iommu_dma_request *rq, struct vr_text *out)
{
	vr_text_printf(out, "DMA %s%s%s %02x:%02x.%u", rq->write ? "write" : "read",
		       rq->priv ? " priv" : "", rq->exec ? " exec" : "", rq->sid >> 8,
		       (rq->sid >> 3) & 0x1f, rq->sid & 7);
	if (rq->has_pasid)
		vr_text_printf(out, " PASID 0x%x", rq->pasid);
	vr_text_printf(out, " addr 0x%llx", (unsigned long long)rq->addr);
}

/* "-> 0x80201000 (2 MiB, SL, DID 5, PASID 0x2)" or "fault 0x59 (suppressed by FPD)". */
void vri_iommu_translation_describe(const struct vr_iommu_translation *t, struct vr_text *out)
{
	static const char *const pgtt_names[8] = { "untranslated", "FL", "SL", "nested", "PT" };

	switch (t->status) {
	case VR_IOMMU_DMA_OK:
		vr_text_printf(out, "-> 0x%llx (%s, %s, DID %u, PASID 0x%x)",
			       (unsigned long long)t->phys,
			       t->page_shift == 30   ? "1 GiB"
			       : t->page_shift == 21 ? "2 MiB"
						     : "4 KiB",
			       pgtt_names[t->pgtt], t->did, t->pasid);
		break;
	case VR_IOMMU_DMA_FAULT:
		vr_text_printf(out, "fault 0x%02x%s", t->fault,
			       t->suppressed ? " (qualified, suppressed by FPD)" : "");
		break;
	default:
		vr_text_puts(out, "aborted (TTM 11b)");
		break;
	}
}
