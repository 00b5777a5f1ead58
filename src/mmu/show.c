/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The mmu model's dump (divergence reports) and its Graphviz picture
 * (`virtref dot`): shadow pages, TLB entries and the flush accounting.
 */
#include <virtref/text.h>

#include "mmu/mmu_internal.h"

void vri_mmu_dump(void *model, struct vr_text *out)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	struct kvm_mmu_page *sp;
	u32 i;

	vr_text_printf(out, "profile %s, %u-level EPT\n", kvm->profile->name, kvm->cfg.levels);
	list_for_each_entry(sp, &kvm->active_mmu_pages, link)
		vr_text_printf(out, "sp gfn 0x%llx level %u table 0x%llx%s%s%s\n",
			       (unsigned long long)sp->gfn, sp->role.level,
			       (unsigned long long)sp->spt, sp->last_level ? " last_level" : "",
			       sp->role.invalid ? " invalid" : "",
			       sp->parent || sp->root_count ? "" : " unlinked");
	for (i = 0; i < kvm->tlb.n; i++) {
		const struct vr_mmu_tlb_entry *e = &kvm->tlb.e[i];

		vr_text_printf(out, "tlb %s EP4TA 0x%llx gfn 0x%llx level %u -> 0x%llx perm %u\n",
			       e->kind == VR_MMU_TLB_LEAF ? "leaf" : "psc",
			       (unsigned long long)e->ep4ta, (unsigned long long)e->gfn, e->level,
			       (unsigned long long)e->hpa, e->perm);
	}
	vr_text_printf(out,
		       "stats: needed %llu flushed %llu range %llu full %llu fallbacks %llu "
		       "skipped %llu hypercalls %llu elements %llu\n",
		       (unsigned long long)kvm->stats.pages_needed,
		       (unsigned long long)kvm->stats.pages_flushed,
		       (unsigned long long)kvm->stats.range_flushes,
		       (unsigned long long)kvm->stats.full_flushes,
		       (unsigned long long)kvm->stats.fallbacks,
		       (unsigned long long)kvm->stats.skipped, (unsigned long long)kvm->l0.calls,
		       (unsigned long long)kvm->l0.elements);
}

/*
 * The shadow-page tree (dashed: unlinked, grey: invalid) and the TLB
 * (red: stale), paging-structure entries pointing at the table they cache.
 */
void vri_mmu_dot(void *model, struct vr_text *out)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	struct kvm_mmu_page *sp;
	u32 i;

	vri_mmu_ept_memo_reset(kvm->tlb.memo);
	vr_text_printf(out,
		       "digraph mmu {\n  rankdir=LR;\n  node [shape=box, fontname=monospace];\n");
	list_for_each_entry(sp, &kvm->active_mmu_pages, link) {
		vr_text_printf(out, "  t%llx [label=\"L%u sp gfn 0x%llx\\ntable 0x%llx%s\"%s];\n",
			       (unsigned long long)sp->spt, sp->role.level,
			       (unsigned long long)sp->gfn, (unsigned long long)sp->spt,
			       sp->last_level ? "\\nlast_level" : "",
			       sp->role.invalid		      ? ", color=grey"
			       : sp->parent || sp->root_count ? ""
							      : ", style=dashed");
		if (sp->parent)
			vr_text_printf(out, "  t%llx -> t%llx [label=\"%u\"];\n",
				       (unsigned long long)sp->parent->spt,
				       (unsigned long long)sp->spt, sp->parent_index);
	}
	for (i = 0; i < kvm->tlb.n; i++) {
		const struct vr_mmu_tlb_entry *e = &kvm->tlb.e[i];
		const char *stale = vri_mmu_tlb_entry_stale(e, kvm->host, kvm->tlb.memo, &kvm->ept);

		vr_text_printf(
			out,
			"  e%u [shape=ellipse, label=\"%s L%u gfn 0x%llx\\n-> 0x%llx%s%s\"%s];\n",
			i, e->kind == VR_MMU_TLB_LEAF ? "TLB" : "PSC", e->level,
			(unsigned long long)e->gfn, (unsigned long long)e->hpa,
			stale ? "\\nstale: " : "", stale ? stale : "", stale ? ", color=red" : "");
		if (e->kind == VR_MMU_TLB_PSC && vr_mmu_table_owner(kvm, e->hpa))
			vr_text_printf(out, "  e%u -> t%llx [style=dotted];\n", i,
				       (unsigned long long)e->hpa);
	}
	vr_text_printf(out, "}\n");
}
