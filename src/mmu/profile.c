/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The kernel shapes the mmu model can take, as data: the only place the
 * profile names live.  A row's rule fields are the behaviours the posted
 * series changed; its ops are the remote-flush code path of that kernel,
 * installed as kvm_x86_ops is when L0 offers the GPA flush hypercalls.
 *
 * The posted series' functions whose names mainline never had live here
 * too, not in the files named after kernel files, so that a kernel's own
 * copy can replace those: the V3 fill with an offset ("[PATCH V3 1/10]
 * X86/Hyper-V: Add parameter offset for
 * hyperv_fill_flush_guest_mapping_list()") and
 * kvm_flush_remote_tlbs_with_list() (patch 3).  The V2/V3 fill callbacks
 * (patch 2) are vmx_v2.c's and vmx_v3.c's; a row names its kernel's.
 * So does virtref's side of the installed hooks: the VM's CPU entered
 * around each, and the flush statistics they leave.
 */
#include "mmu/mmu_internal.h"

/* ---- the fill loop, with the rep-count limit of the modelled kernel ---- */

int vri_mmu_fill_at(struct hv_guest_mapping_flush_list *flush, int offset, u64 start_gfn, u64 pages)
{
	struct vr_mmu_hv_cpu *cpu = vr_mmu_hv_cpu_current();
	bool into_input = cpu && cpu->input && flush == &cpu->input->list;
	/*
	 * The element limit is a size_t, so a negative int index converts to
	 * a huge value and fails the check.  The kernel the current CPU runs
	 * may have its own HV_MAX_FLUSH_REP_COUNT (the legacy 4094, which only
	 * its input area, a page plus what follows it, can hold): any other
	 * list is one page.
	 */
	size_t limit = into_input ? HV_MAX_FLUSH_REP_COUNT : VR_MMU_HV_PAGE_REP_COUNT;
	u64 cur = start_gfn;
	u64 additional_pages;
	int gpa_n = offset;

	do {
		union hv_gpa_page_range *elem;

		/* Unsigned compare: a negative gpa_n is also "no space". */
		if ((size_t)(long)gpa_n >= limit)
			return -ENOSPC;
		/* pages == 0 wraps to 2^64 - 1: one 2048-page element. */
		additional_pages = min_t(u64, pages, HV_MAX_FLUSH_PAGES) - 1;
		/* Element n lies at QWORD 2 + n of the input area. */
		elem = (union hv_gpa_page_range *)((u64 *)(void *)flush + 2 + gpa_n);
		elem->page.additional_pages = additional_pages & 0x7ff;
		elem->page.largepage = false;
		elem->page.basepfn = cur & GENMASK_ULL(51, 0);
		pages -= additional_pages + 1;
		cur += additional_pages + 1;
		gpa_n++;
	} while (pages > 0);
	return gpa_n;
}

int vr_v3_hyperv_fill_flush_guest_mapping_list(struct hv_guest_mapping_flush_list *flush,
					       int offset, u64 start_gfn, u64 pages)
{
	return vri_mmu_fill_at(flush, offset, start_gfn, pages);
}

/* ---- the VM's kernel, where the kernel files ask ---------------------- */

const struct vr_mmu_rules *vr_mmu_rules(const struct kvm *kvm)
{
	return &kvm->profile->rules;
}

hyperv_fill_flush_list_func vr_mmu_kvm_fill_hv_flush_list_func(const struct kvm *kvm)
{
	return kvm->profile->hv_fill;
}

/* ---- arch/x86/kvm/mmu.c with the series: patch 3 ---------------------- */

void vr_v3_kvm_flush_remote_tlbs_with_list(struct kvm *kvm, struct hlist_head *flush_list)
{
	struct kvm_tlb_range range;

	if (!flush_list->first) {
		/* Nothing listed: no flush at all, however much was zapped. */
		kvm->stats.skipped++;
		vri_mmu_explain("flush list empty: no flush");
		return;
	}
	range.start_gfn = 0;
	range.pages = 0;
	range.flush_list = flush_list;
	kvm_flush_remote_tlbs_with_range(kvm, &range);
}

/* ---- the installed hooks: the kernel's, on the VM's CPU --------------- */

/*
 * The kernel runs its hooks on a CPU whose hypercall page is set up; here
 * the VM's CPU is entered around each, with L0 narrating.  The list
 * flushes L0 completes meanwhile are KVM's successful range flushes: the
 * count is taken at the hypercall boundary, whichever kernel files issued
 * them.
 */
struct hook_run {
	struct vr_mmu_hv_cpu *prev;
	u64 lists, list_pages;
};

static void hook_enter(struct kvm *kvm, struct hook_run *h)
{
	h->prev = vr_mmu_hv_cpu_enter(&kvm->cpu);
	h->lists = kvm->l0.lists;
	h->list_pages = kvm->l0.list_pages;
	kvm->l0.explain = vr_context_current()->narrate;
}

static int hook_exit(struct kvm *kvm, const struct hook_run *h, int ret)
{
	kvm->l0.explain = NULL;
	vr_mmu_hv_cpu_exit(h->prev);
	kvm->stats.range_flushes += kvm->l0.lists - h->lists;
	kvm->stats.pages_flushed += kvm->l0.list_pages - h->list_pages;
	return ret;
}

/* The full flush's callers make every vCPU flush when it fails. */
static int full_flushed(struct kvm *kvm, int ret)
{
	if (!ret)
		vri_mmu_explain("full flush: Hyper-V address-space flush");
	return ret;
}

/* A range flush's callers flush everything when it fails: a fallback. */
static int range_flushed(struct kvm *kvm, int ret)
{
	if (ret) {
		kvm->stats.fallbacks++;
		vri_mmu_explain("range flush failed (%d): full flush", ret);
	}
	return ret;
}

static int onhyperv_flush_remote_tlbs(struct kvm *kvm)
{
	struct hook_run h;

	hook_enter(kvm, &h);
	return full_flushed(kvm, hook_exit(kvm, &h, hv_flush_remote_tlbs(kvm)));
}

static int onhyperv_flush_remote_tlbs_range(struct kvm *kvm, gfn_t gfn, gfn_t nr_pages)
{
	struct hook_run h;

	hook_enter(kvm, &h);
	return range_flushed(kvm,
			     hook_exit(kvm, &h, hv_flush_remote_tlbs_range(kvm, gfn, nr_pages)));
}

static int vmx_2019_remote_flush_tlb(struct kvm *kvm)
{
	struct hook_run h;

	hook_enter(kvm, &h);
	return full_flushed(kvm, hook_exit(kvm, &h, hv_remote_flush_tlb(kvm)));
}

static int vmx_2019_remote_flush_tlb_with_range(struct kvm *kvm, struct kvm_tlb_range *range)
{
	struct hook_run h;

	hook_enter(kvm, &h);
	return range_flushed(kvm, hook_exit(kvm, &h, hv_remote_flush_tlb_with_range(kvm, range)));
}

/* Mainline: arch/x86/kvm/kvm_onhyperv.c, per TDP root. */
static const struct kvm_x86_ops onhyperv_x86_ops = {
	.flush_remote_tlbs = onhyperv_flush_remote_tlbs,
	.flush_remote_tlbs_range = onhyperv_flush_remote_tlbs_range,
};

/* 2019: arch/x86/kvm/vmx/vmx.c, per EPT pointer. */
static const struct kvm_x86_ops hv_vmx_2019_x86_ops = {
	.tlb_remote_flush = vmx_2019_remote_flush_tlb,
	.tlb_remote_flush_with_range = vmx_2019_remote_flush_tlb_with_range,
};

/*
 * V2 and V3: the series' patches 3-10 on 2019 mmu.c, whose large-page drop
 * flushes from sp->gfn; a listed page covers its level + @delta.
 */
#define SERIES_RULES(delta)                                                                        \
	{                                                                                          \
		.last_level_filter = true, .flush_with_list = true,                                \
		.flush_list_level_delta = (delta), .drop_large_flush_from_sp = true,               \
		.wrprot_flush_gfn = true, .sync_page_flush = true, .age_flush_range = true,        \
	}

const struct vri_mmu_profile vri_mmu_profiles[] = {
    [VR_MMU_PROFILE_MAINLINE] =
	{
	    .name = "mainline",
	    .summary = "merged: one range per call, full flush in commit_zap",
	    .origin = "v6.6",
	    .x86_ops = &onhyperv_x86_ops,
	    .hv_fill = vr_vmx_kvm_fill_hv_flush_list_func,
	    .max_flush_rep_count = VR_MMU_HV_PAGE_REP_COUNT,
	    .rules = { .memslot_flush_range = true },
	},
    [VR_MMU_PROFILE_V3] =
	{
	    .name = "v3",
	    .summary = "posted, not merged: range list flush, sizes level + 1",
	    .origin = "[PATCH V3 00/10] X86/KVM/Hyper-V: Add HV ept tlb range list flush",
	    .x86_ops = &hv_vmx_2019_x86_ops,
	    .hv_fill = vr_v3_kvm_fill_hv_flush_list_func,
	    .max_flush_rep_count = VR_MMU_HV_PAGE_REP_COUNT,
	    .rules = SERIES_RULES(1),
	},
    [VR_MMU_PROFILE_V2] =
	{
	    .name = "v2",
	    .summary = "posted, reviewed: as V3 with pages of the page's own level",
	    .origin = "V2 (Feb 2019) of the V3 series above, patch 2/10",
	    .x86_ops = &hv_vmx_2019_x86_ops,
	    .hv_fill = vr_v2_kvm_fill_hv_flush_list_func,
	    .max_flush_rep_count = VR_MMU_HV_PAGE_REP_COUNT,
	    .rules = SERIES_RULES(0),
	},
};
_Static_assert(VR_ARRAY_SIZE(vri_mmu_profiles) == VR_MMU_NR_PROFILES, "one row per profile");

/* Without the GPA flush hypercalls VMX installs no remote-flush hooks. */
const struct kvm_x86_ops vri_mmu_vmx_x86_ops = { 0 };
