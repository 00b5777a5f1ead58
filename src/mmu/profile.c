/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The kernel shapes the mmu model can take, as data: the only place the
 * profile names live.  A row's rule fields are the behaviours the posted
 * series changed; its ops are the remote-flush code path of that kernel,
 * installed as kvm_x86_ops is when L0 offers the GPA flush hypercalls.
 */
#include "mmu/mmu_internal.h"

/* Mainline: arch/x86/kvm/kvm_onhyperv.c, per TDP root. */
static const struct kvm_x86_ops hv_onhyperv_x86_ops = {
	.flush_remote_tlbs = hv_flush_remote_tlbs,
	.flush_remote_tlbs_range = hv_flush_remote_tlbs_range,
};

/* 2019: arch/x86/kvm/vmx/vmx.c, per EPT pointer. */
static const struct kvm_x86_ops hv_vmx_2019_x86_ops = {
	.tlb_remote_flush = hv_remote_flush_tlb,
	.tlb_remote_flush_with_range = hv_remote_flush_tlb_with_range,
};

const struct vri_mmu_profile vri_mmu_profiles[] = {
	[VR_MMU_PROFILE_MAINLINE] = {
		.name = "mainline",
		.summary = "merged: one range per call, full flush in commit_zap",
		.origin = "v6.6",
		.x86_ops = &hv_onhyperv_x86_ops,
		.hv_fill = kvm_fill_hv_flush_list_func,
		.drop_large_flush_from_sp = false,
		.memslot_flush_range = true,
	},
	[VR_MMU_PROFILE_V3] = {
		.name = "v3",
		.summary = "posted, not merged: range list flush, sizes level + 1",
		.origin = "[PATCH V3 00/10] X86/KVM/Hyper-V: Add HV ept tlb range list flush",
		.x86_ops = &hv_vmx_2019_x86_ops,
		.hv_fill = vr_v3_kvm_fill_hv_flush_list_func,
		.flush_list_level_delta = 1,
		.drop_large_flush_from_sp = true,
		.commit_zap_flush_list = true,
		.wrprot_flush_gfn = true,
		.sync_page_flush = true,
		.age_flush_range = true,
	},
	[VR_MMU_PROFILE_V2] = {
		.name = "v2",
		.summary = "posted, reviewed: as V3 with pages of the page's own level",
		.origin = "V2 (Feb 2019) of the V3 series above, patch 2/10",
		.x86_ops = &hv_vmx_2019_x86_ops,
		.hv_fill = vr_v2_kvm_fill_hv_flush_list_func,
		.flush_list_level_delta = 0,
		.drop_large_flush_from_sp = true,
		.commit_zap_flush_list = true,
		.wrprot_flush_gfn = true,
		.sync_page_flush = true,
		.age_flush_range = true,
	},
};
_Static_assert(VR_ARRAY_SIZE(vri_mmu_profiles) == VR_MMU_NR_PROFILES, "one row per profile");

/* Without the GPA flush hypercalls VMX installs no remote-flush hooks. */
const struct kvm_x86_ops vri_mmu_vmx_x86_ops = { 0 };
