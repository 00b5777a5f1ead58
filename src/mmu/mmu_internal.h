/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The mmu model's private declarations (kernel layer): the instance, the
 * profile row and the vri_mmu_* helpers its files share; not public.
 */
#ifndef VIRTREF_SRC_MMU_MMU_INTERNAL_H
#define VIRTREF_SRC_MMU_MMU_INTERNAL_H

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

/* Narration of the kernel-shaped layer while an op runs with explain on. */
#define vri_mmu_explain(kvm, ...)                                                                  \
	do {                                                                                       \
		if ((kvm)->explain)                                                                \
			vr_explain_line((kvm)->explain, __VA_ARGS__);                              \
	} while (0)

/* show.c: the model's dump and Graphviz picture (struct vr_model hooks). */
void vri_mmu_dump(void *model, struct vr_text *out);
void vri_mmu_dot(void *model, struct vr_text *out);

/* mmu.c */
/* The direct-map fault path for one leaf (vr_mmu_map()). */
int vri_mmu_map(struct kvm *kvm, gfn_t gfn, int level, u8 access, u8 alias);
struct kvm_mmu_page *vri_mmu_find_sp(struct kvm *kvm, gfn_t gfn, int level);

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
	/* The fill callback vmx.c hands hyperv_flush_guest_mapping_range(). */
	hyperv_fill_flush_list_func hv_fill;
	/* HV_MAX_FLUSH_REP_COUNT as that kernel defines it. */
	size_t max_flush_rep_count;
	/* Patch 10: only pages holding leaves (last_level) are listed. */
	bool last_level_filter;
	/* A listed page covers KVM_PAGES_PER_HPAGE(level + delta) pages. */
	u8 flush_list_level_delta;
	/* drop_large_spte() flushes from sp->gfn (2018-2022), not the gfn. */
	bool drop_large_flush_from_sp;
	/* Patch 3: commit_zap flushes the listed pages by range. */
	void (*flush_remote_tlbs_with_list)(struct kvm *kvm, struct hlist_head *flush_list);
	/* Patch 5: kvm_mmu_slot_gfn_write_protect() flushes the gfn itself. */
	bool wrprot_flush_gfn;
	/* Patch 4: FNAME(sync_page) flushes the page's region every time. */
	bool sync_page_flush;
	/* Patches 8-9: aging flushes what it aged by range. */
	bool age_flush_range;
	/* kvm_flush_remote_tlbs_memslot() after write-protecting a slot. */
	bool memslot_flush_range;
};

/*
 * The instance: the VM, whose struct kvm also holds the simulated parts,
 * and the rules of the kernel it models: its profile row with the config's
 * overrides (legacy_rep_count, last_level_filter) applied.
 */
struct vr_mmu {
	struct kvm kvm;
	struct vri_mmu_profile rules;
};

extern const struct vri_mmu_profile vri_mmu_profiles[];
extern const struct kvm_x86_ops vri_mmu_vmx_x86_ops;
/* Mainline's hooks: kvm_onhyperv.c's, on the VM's CPU (profile.c). */
extern const struct kvm_x86_ops vri_mmu_onhyperv_x86_ops;

/* kvm_available_flush_tlb_with_range(): a range hook is installed. */
static inline bool vri_mmu_range_flush_available(const struct kvm *kvm)
{
	return kvm->x86_ops->tlb_remote_flush_with_range || kvm->x86_ops->flush_remote_tlbs_range;
}

/*
 * virtref's own plumbing the kernel files call, inline so that those files
 * define kernel-named functions only.
 */

/* Record that [gfn, gfn + pages) lost or reduced a translation. */
static inline void vri_mmu_note_needed(struct kvm *kvm, u64 gfn, u64 pages)
{
	(void)gfn;
	kvm->stats.pages_needed += pages;
}

/* The shadow page owning the pool table at @hpa, or NULL. */
static inline struct kvm_mmu_page *vri_mmu_sp_of_table(const struct kvm *kvm, u64 hpa)
{
	u64 idx;

	if (hpa < VR_MMU_TABLE_BASE)
		return NULL;
	idx = (hpa - VR_MMU_TABLE_BASE) / 4096;
	if (idx >= kvm->cfg.table_pages)
		return NULL;
	return kvm->pool_owner[idx];
}

/* The EPTP KVM loads for @vcpu (root | WB | 4/5-level | A/D), 0 if none. */
static inline u64 vri_mmu_vcpu_eptp(struct kvm_vcpu *vcpu)
{
	if (!vcpu->root)
		return 0;
	return construct_eptp(vcpu, vcpu->root->spt, vcpu->kvm->cfg.levels);
}

#endif
