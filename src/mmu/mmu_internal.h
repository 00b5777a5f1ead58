/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The mmu model's private declarations: the instance, the profile row and
 * the vri_mmu_* helpers its model files share; not public.  No kernel
 * file includes it: they reach the model through virtref/mmu/kvm_host.h.
 */
#ifndef VIRTREF_SRC_MMU_MMU_INTERNAL_H
#define VIRTREF_SRC_MMU_MMU_INTERNAL_H

#include <virtref/context.h>
#include <virtref/mmu.h>
#include <virtref/mmu/kvm_host.h>
#include <virtref/mmu/kvm_onhyperv.h>
#include <virtref/mmu/mshyperv.h>
#include <virtref/mmu/vmx.h>
#include <virtref/text.h>

#include "mmu/hw_internal.h"

#ifndef BITS_PER_LONG
#define BITS_PER_LONG (8 * (int)sizeof(long))
#endif
#define VR_BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define VR_MMU_HVA_BASE 0x100000000000ull

/*
 * The model's own narration while an op runs with explain on: the core
 * context's sink, where the kernel files' tracepoints and pr_debug() go.
 */
#define vri_mmu_explain(...)                                                                       \
	do {                                                                                       \
		struct vr_text *vri_t = vr_context_current()->narrate;                             \
                                                                                                   \
		if (vri_t)                                                                         \
			vr_explain_line(vri_t, __VA_ARGS__);                                       \
	} while (0)

/* show.c: the model's dump and Graphviz picture (struct vr_model hooks). */
void vri_mmu_dump(void *model, struct vr_text *out);
void vri_mmu_dot(void *model, struct vr_text *out);

/* profile.c: the fill loop of both fill forms, from element @offset on. */
int vri_mmu_fill_at(struct hv_guest_mapping_flush_list *flush, int offset, u64 start_gfn,
		    u64 pages);

/*
 * A profile (profile.c): a kernel tag or a posted series.  Rule fields are
 * what the series changed, read where the kernel code differs.
 */
struct vri_mmu_profile {
	const char *name; /* first: the config enum's names (VR_ENUM_TABLE_OPT) */
	const char *summary;
	const char *origin; /* kernel tag, or series and patch */
	/* Installed when L0 offers the GPA flush hypercalls. */
	const struct kvm_x86_ops *x86_ops;
	/* Its kvm_fill_hv_flush_list_func(): vmx.c's, vmx_v3.c's or vmx_v2.c's. */
	hyperv_fill_flush_list_func hv_fill;
	/* HV_MAX_FLUSH_REP_COUNT as that kernel defines it. */
	size_t max_flush_rep_count;
	/* What mmu.c reads (vr_mmu_rules()). */
	struct vr_mmu_rules rules;
};

/*
 * The instance: the VM, whose struct kvm also holds the simulated parts,
 * and the rules of the kernel it models: its profile row with the config's
 * overrides (legacy_rep_count, last_level_filter) applied.
 */
struct vr_mmu {
	struct kvm kvm;
	struct vri_mmu_profile profile;
};

extern const struct vri_mmu_profile vri_mmu_profiles[];
extern const struct kvm_x86_ops vri_mmu_vmx_x86_ops;

/* The EPTP KVM loads for @vcpu (root | WB | 4/5-level | A/D), 0 if none. */
static inline u64 vri_mmu_vcpu_eptp(struct kvm_vcpu *vcpu)
{
	if (!vcpu->root)
		return 0;
	return construct_eptp(vcpu, vcpu->root->spt, vcpu->kvm->cfg.levels);
}

#endif
