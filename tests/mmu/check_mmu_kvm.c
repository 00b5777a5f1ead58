/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * KVM's flush paths against the stale-translation checker, per profile:
 * every defect the seed's shapes can cause is shown caught by a test,
 * mainline is shown clean on the same sequence, and the flush path is
 * shown to allocate nothing (docs/mmu.md).
 */
#include <stdio.h>
#include "mmu_test.h"

#define RWX VMX_EPT_RWX_MASK
#define R VMX_EPT_READABLE_MASK
#define W VMX_EPT_WRITABLE_MASK

static const enum vr_mmu_profile profiles[] = { VR_MMU_PROFILE_MAINLINE, VR_MMU_PROFILE_V3,
						VR_MMU_PROFILE_V2 };

/* ---- basics ---- */

START_TEST(test_map_access_fills_tlb)
{
	struct kvm *kvm = mmu_vm(profiles[_i]);
	struct vr_mmu_ept_walk w;
	bool hit;
	u64 spte;

	w = mmu_touch(kvm, 0x203, R, &hit);
	ck_assert_int_eq(w.fault, VR_MMU_EPT_OK);
	ck_assert(!hit);
	ck_assert_uint_eq(w.hpa, VR_MMU_RAM_BASE + (0x203ull << 12));
	w = mmu_touch(kvm, 0x203, R, &hit);
	ck_assert(hit);
	/* KVM's RAM leaf 0x77, with A set by the walk. */
	ck_assert_int_eq(vr_mem_read_le64(kvm->host,
					  vr_mmu_find_sp(vr_mmu_of(kvm), 0x203, 1)->spt + 3 * 8,
					  &spte),
			 0);
	ck_assert_uint_eq(spte, (VR_MMU_RAM_BASE + (0x203ull << 12)) | 0x77 | VMX_EPT_ACCESS_BIT);
	/* Leaf + PML4E, PDPTE and PDE entries cached. */
	ck_assert_uint_eq(kvm->tlb.n, 4);
	ck_assert_uint_eq(vr_mmu_vcpu_eptp(vr_mmu_of(kvm), 0), VR_MMU_TABLE_BASE | 0x5e);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	/* Outside every memslot KVM does not map: the violation stays. */
	ck_assert_int_eq(vr_mmu_access(vr_mmu_of(kvm), 0, 0x9000, R, true, &w, &hit), 0);
	ck_assert_int_eq(w.fault, VR_MMU_EPT_VIOLATION);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/*
 * A leaf written behind KVM's back to map no guest RAM: the fault on it
 * finds no frame of the guest's to map (vr_mmu_fault_pfn()), and KVM
 * leaves the leaf as it is.
 */
START_TEST(test_fault_on_foreign_leaf)
{
	struct kvm *kvm = mmu_vm(VR_MMU_PROFILE_MAINLINE);
	struct vr_mmu_ept_walk w;
	u64 at, spte;
	bool hit;

	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x203, 1, R, 0), 0);
	at = vr_mmu_find_sp(vr_mmu_of(kvm), 0x203, 1)->spt + 3 * 8;
	ck_assert_int_eq(vr_mem_write_le64(kvm->host, at, 0x5000 | R), 0);
	ck_assert_errno(vr_mmu_access(vr_mmu_of(kvm), 0, 0x203, W, true, &w, &hit), -EINVAL);
	ck_assert_int_eq(w.fault, VR_MMU_EPT_VIOLATION);
	ck_assert_int_eq(vr_mem_read_le64(kvm->host, at, &spte), 0);
	/* Only the processor's walk touched it: A set, as for any entry it used. */
	ck_assert_uint_eq(spte, 0x5000 | R | VMX_EPT_ACCESS_BIT);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

START_TEST(test_map_errors)
{
	struct kvm *kvm = mmu_vm(VR_MMU_PROFILE_MAINLINE);
	struct vr_mmu_config cfg = mmu_cfg(VR_MMU_PROFILE_MAINLINE);
	struct vr_mmu *mmu = NULL;
	struct vr_mmu_ept_walk w;
	bool hit;

	ck_assert_errno(vr_mmu_map(vr_mmu_of(kvm), 0x10, 0, RWX, 0), -EINVAL);
	ck_assert_errno(vr_mmu_map(vr_mmu_of(kvm), 0x10, 4, RWX, 0), -EINVAL);
	ck_assert_errno(vr_mmu_map(vr_mmu_of(kvm), 0x10, 1, 0, 0), -EINVAL);
	ck_assert_errno(vr_mmu_map(vr_mmu_of(kvm), 0x10, 1, W, 0), -EINVAL);
	ck_assert_errno(vr_mmu_map(vr_mmu_of(kvm), 0x10, 1, 8 | R, 0), -EINVAL);
	ck_assert_errno(vr_mmu_map(vr_mmu_of(kvm), 1ull << 36, 1, RWX, 0), -EINVAL);
	ck_assert_errno(vr_mmu_access(vr_mmu_of(kvm), 1, 0x10, R, true, &w, &hit), -EINVAL);
	ck_assert_errno(vr_mmu_access(vr_mmu_of(kvm), 0, 0x10, 0, true, &w, &hit), -EINVAL);
	ck_assert_uint_eq(kvm->tlb.n, 0);
	vr_mmu_destroy(vr_mmu_of(kvm));
	cfg.levels = 3;
	ck_assert_errno(vr_mmu_create(&cfg, &mmu), -EINVAL);
	ck_assert_ptr_eq(mmu, NULL);
	cfg.levels = 4;
	cfg.vcpus = 5;
	ck_assert_errno(vr_mmu_create(&cfg, &mmu), -EINVAL);
	ck_assert_ptr_eq(mmu, NULL);
}
END_TEST

START_TEST(test_pool_exhaustion)
{
	struct vr_mmu_config cfg = mmu_cfg(VR_MMU_PROFILE_MAINLINE);
	struct kvm *kvm;

	cfg.table_pages = 8;
	cfg.slot0_pages = 0x100000;
	kvm = mmu_vm_cfg(&cfg);
	/* Root, PDPT, PD and one PT per 2 MiB: the fifth PT has no page. */
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x000, 1, RWX, 0), 0);
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x200, 1, RWX, 0), 0);
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x400, 1, RWX, 0), 0);
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x600, 1, RWX, 0), 0);
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x800, 1, RWX, 0), 0);
	ck_assert_errno(vr_mmu_map(vr_mmu_of(kvm), 0xa00, 1, RWX, 0), -ENOMEM);
	ck_assert_ptr_null(vr_mmu_find_sp(vr_mmu_of(kvm), 0xa00, 1));
	/* A 2 MiB leaf needs no new table. */
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0xa00, 2, RWX, 0), 0);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/*
 * Mainline's names (6.4 on, virt/kvm/kvm_main.c and
 * arch/x86/kvm/mmu/mmu_internal.h): a gfn's region, a range and a
 * memslot flushed through flush_remote_tlbs_range; the 2019 profiles
 * have no such hook, so the range flush is refused and a full one done.
 */
START_TEST(test_mainline_flush_names)
{
	struct kvm *kvm = mmu_vm(profiles[_i]);
	bool mainline = profiles[_i] == VR_MMU_PROFILE_MAINLINE;

	ck_assert_int_eq(PG_LEVEL_4K, PT_PAGE_TABLE_LEVEL);
	ck_assert_int_eq(PG_LEVEL_1G, PT_PDPE_LEVEL);
	mmu_touch(kvm, 0x203, R, NULL);
	ck_assert_errno(kvm_arch_flush_remote_tlbs_range(kvm, 0x203, 1),
			mainline ? 0 : -EOPNOTSUPP);
	ck_assert_uint_eq(kvm->stats.pages_flushed, mainline ? 1 : 0);
	kvm_flush_remote_tlbs_gfn(kvm, 0x203, PG_LEVEL_2M);
	ck_assert_uint_eq(kvm->stats.pages_flushed, mainline ? 513 : 0);
	ck_assert_uint_eq(kvm->stats.full_flushes, mainline ? 0 : 1);
	ck_assert_int_eq(vr_mmu_set_memslot(vr_mmu_of(kvm), 1, 0x40000, 0x1000, 0), 0);
	kvm_flush_remote_tlbs_memslot(kvm, &kvm->memslots[1]);
	ck_assert_uint_eq(kvm->stats.pages_flushed, mainline ? 513 + 0x1000 : 0);
	ck_assert_uint_eq(kvm->stats.full_flushes, mainline ? 0 : 2);
	kvm_flush_remote_tlbs_range(kvm, 0x200, 2);
	ck_assert_uint_eq(kvm->stats.range_flushes, mainline ? 4 : 0);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/* ---- per-profile defects and their absence in mainline ---- */

/* Zap the level-1 page after touching gfn 0x203: V2 flushes 1 page. */
START_TEST(test_v2_level_off_by_one)
{
	static const u32 stale[] = { 0, 0, 1 };
	struct kvm *kvm = mmu_vm(profiles[_i]);

	mmu_touch(kvm, 0x203, R, NULL);
	ck_assert_int_eq(mmu_zap(kvm, 0x203, 1), 1);
	ck_assert_uint_eq(mmu_stale(kvm), stale[_i]);
	if (profiles[_i] == VR_MMU_PROFILE_V2) {
		/* One element of 1 page at sp->gfn 0x200, not 512. */
		ck_assert_uint_eq(kvm->input->list.gpa_list[0].address_space, 0x200ull << 12);
		ck_assert_uint_eq(kvm->stats.pages_flushed, 1);
	}
	if (profiles[_i] == VR_MMU_PROFILE_V3) {
		ck_assert_uint_eq(kvm->input->list.gpa_list[0].address_space,
				  (0x200ull << 12) | 511);
		ck_assert_uint_eq(kvm->stats.pages_flushed, 512);
	}
	ck_assert_uint_eq(kvm->stats.pages_needed, 512);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/*
 * Speculative caching makes every once-valid translation count: touching
 * only gfn 0x200 also caches 0x201, which V2's 1-page flush misses.
 */
START_TEST(test_prefetch_widens_detection)
{
	struct vr_mmu_config cfg = mmu_cfg(VR_MMU_PROFILE_V2);
	struct kvm *kvm;

	kvm = mmu_vm_cfg(&cfg);
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x201, 1, R, 0), 0);
	mmu_touch(kvm, 0x200, R, NULL);
	mmu_zap(kvm, 0x200, 1);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	vr_mmu_destroy(vr_mmu_of(kvm));

	cfg.prefetch = true;
	kvm = mmu_vm_cfg(&cfg);
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x201, 1, R, 0), 0);
	mmu_touch(kvm, 0x200, R, NULL);
	ck_assert_ptr_nonnull(vr_mmu_tlb_lookup(&kvm->tlb, kvm->vcpus[0].root->spt, 0x201));
	ck_assert_uint_eq(vr_mmu_tlb_lookup(&kvm->tlb, kvm->vcpus[0].root->spt, 0x201)->perm, R);
	mmu_zap(kvm, 0x200, 1);
	ck_assert_uint_eq(mmu_stale(kvm), 1);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/*
 * Zapping a page that holds only table pointers: with the last_level
 * filter (V2, V3 patch 10) the list is empty and nothing is flushed,
 * though its children's translations are gone.
 */
START_TEST(test_v3_last_level_filter_empty_list)
{
	static const u32 stale[] = { 0, 3, 3 };
	struct kvm *kvm = mmu_vm(profiles[_i]);
	struct vr_text why = VR_TEXT_INIT;

	mmu_touch(kvm, 0x203, R, NULL);
	ck_assert(!vr_mmu_find_sp(vr_mmu_of(kvm), 0x203, 2)->last_level);
	ck_assert_int_eq(mmu_zap(kvm, 0x203, 2), 1);
	ck_assert_uint_eq(vr_mmu_check_stale(vr_mmu_of(kvm), &why), stale[_i]);
	if (stale[_i]) {
		ck_assert_uint_eq(kvm->stats.skipped, 1);
		/* The 4K leaf, and the PDPTE and PDE that led to it. */
		ck_assert_ptr_nonnull(strstr(
			vr_text_str(&why), "stale leaf entry: EP4TA 0x1000000 gfn 0x203 level 1 -> "
					   "0x10000203000 (not present)\n"));
		ck_assert_ptr_nonnull(strstr(
			vr_text_str(&why), "stale paging-structure entry: EP4TA 0x1000000 gfn 0x0 "
					   "level 3 -> 0x1002000 (not present)\n"));
	}
	vr_text_free(&why);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/* Without the filter a page of table pointers is listed and covers its region. */
START_TEST(test_v3_no_filter_lists_parents)
{
	struct vr_mmu_config cfg = mmu_cfg(VR_MMU_PROFILE_V3);
	struct kvm *kvm;

	cfg.last_level_filter = false;
	kvm = mmu_vm_cfg(&cfg);
	mmu_touch(kvm, 0x203, R, NULL);
	ck_assert_int_eq(mmu_zap(kvm, 0x203, 2), 1);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	ck_assert_uint_eq(kvm->stats.pages_flushed, 262144);
	ck_assert_uint_eq(kvm->l0.elements, 128);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/*
 * V3 patch 3 without patch 10 on 5-level EPT: a level-4 page's region
 * (2^36 pages) truncates to 0 in the int, which fills one 2048-page
 * element: gfn 0x7000 stays cached.
 */
START_TEST(test_v3_int_truncation_level4)
{
	struct vr_mmu_config cfg = mmu_cfg(VR_MMU_PROFILE_V3);
	struct kvm *kvm;

	cfg.last_level_filter = false;
	cfg.levels = 5;
	kvm = mmu_vm_cfg(&cfg);
	mmu_touch(kvm, 0x203, R, NULL);
	mmu_touch(kvm, 0x7000, R, NULL);
	ck_assert_int_eq(mmu_zap(kvm, 0x7000, 4), 1);
	ck_assert_uint_eq(kvm->input->list.gpa_list[0].address_space, 0x7ff);
	ck_assert_uint_eq(kvm->stats.pages_flushed, 2048);
	ck_assert_ptr_null(
		vr_mmu_tlb_lookup(&kvm->tlb, kvm->vcpus[0].ept_pointer & ~0xfffull, 0x203));
	ck_assert_uint_ge(mmu_stale(kvm), 1);
	ck_assert_ptr_nonnull(
		vr_mmu_tlb_lookup(&kvm->tlb, kvm->vcpus[0].ept_pointer & ~0xfffull, 0x7000));
	vr_mmu_destroy(vr_mmu_of(kvm));

	/* With the filter the same zap is an empty list: also stale. */
	cfg.last_level_filter = true;
	kvm = mmu_vm_cfg(&cfg);
	mmu_touch(kvm, 0x7000, R, NULL);
	ck_assert_int_eq(mmu_zap(kvm, 0x7000, 4), 1);
	ck_assert_uint_eq(kvm->stats.skipped, 1);
	ck_assert_uint_ge(mmu_stale(kvm), 1);
	vr_mmu_destroy(vr_mmu_of(kvm));

	/* Mainline on the same 5-level sequence: full flush, clean. */
	cfg.profile = VR_MMU_PROFILE_MAINLINE;
	kvm = mmu_vm_cfg(&cfg);
	mmu_touch(kvm, 0x7000, R, NULL);
	ck_assert_int_eq(mmu_zap(kvm, 0x7000, 4), 1);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/* A 1 GiB leaf makes its PDPT page last_level: 65,536 elements, -ENOSPC. */
START_TEST(test_v3_level3_enospc_falls_back)
{
	struct kvm *kvm = mmu_vm(VR_MMU_PROFILE_V3);

	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0, 3, RWX, 0), 0);
	mmu_touch(kvm, 0x7000, R, NULL);
	ck_assert(vr_mmu_find_sp(vr_mmu_of(kvm), 0, 3)->last_level);
	ck_assert_int_eq(mmu_zap(kvm, 0x7000, 3), 1);
	ck_assert_uint_eq(kvm->stats.fallbacks, 1);
	ck_assert_uint_eq(kvm->stats.full_flushes, 1);
	ck_assert_uint_eq(kvm->stats.range_flushes, 0);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/* Two pages in one commit: order reversed, adjacent ranges not merged. */
START_TEST(test_v3_list_order_reversed)
{
	struct kvm *kvm = mmu_vm(VR_MMU_PROFILE_V3);
	struct kvm_mmu_page *a, *b;
	struct hv_guest_mapping_flush_list *fl = &kvm->input->list;
	LIST_HEAD(invalid_list);

	mmu_touch(kvm, 0x005, R, NULL);
	mmu_touch(kvm, 0x205, R, NULL);
	a = vr_mmu_find_sp(vr_mmu_of(kvm), 0x005, 1);
	b = vr_mmu_find_sp(vr_mmu_of(kvm), 0x205, 1);
	kvm_mmu_prepare_zap_page(kvm, a, &invalid_list);
	kvm_mmu_prepare_zap_page(kvm, b, &invalid_list);
	/* invalid_list is [b, a]; head insertion makes the flush list [a, b]. */
	ck_assert_ptr_eq(list_first_entry(&invalid_list, struct kvm_mmu_page, link), b);
	kvm_mmu_commit_zap_page(kvm, &invalid_list);
	ck_assert_uint_eq(kvm->l0.elements, 2);
	ck_assert_uint_eq(fl->gpa_list[0].address_space, 511);
	ck_assert_uint_eq(fl->gpa_list[1].address_space, (0x200ull << 12) | 511);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

START_TEST(test_v3_fill_callback_sticky)
{
	struct kvm_mmu_page l3, l1;
	struct hlist_head head = HLIST_HEAD_INIT;
	struct kvm_tlb_range range = { 0, 0, &head };
	static struct hv_guest_mapping_flush_list list;

	memset(&l3, 0, sizeof(l3));
	memset(&l1, 0, sizeof(l1));
	l3.role.level = 3;
	l1.role.level = 1;
	l1.gfn = 0x200;
	/* hlist order is the reverse of insertion: l3 first, then l1. */
	head.first = &l3.flush_link;
	l3.flush_link.next = &l1.flush_link;
	l3.flush_link.pprev = &head.first;
	l1.flush_link.pprev = &l3.flush_link.next;
	memset(&list, 0, sizeof(list));
	ck_assert_errno(vr_v3_kvm_fill_hv_flush_list_func(&list, &range), -ENOSPC);
	/* The level-1 page saw offset -28 and wrote nothing past the 510. */
	ck_assert_uint_eq(list.gpa_list[509].page.additional_pages, 2047);
	/* Only the level-1 page: 512 pages in one element; V2: 1 page. */
	head.first = &l1.flush_link;
	l1.flush_link.pprev = &head.first;
	ck_assert_int_eq(vr_v3_kvm_fill_hv_flush_list_func(&list, &range), 1);
	ck_assert_uint_eq(list.gpa_list[0].address_space, (0x200ull << 12) | 511);
	ck_assert_int_eq(vr_v2_kvm_fill_hv_flush_list_func(&list, &range), 1);
	ck_assert_uint_eq(list.gpa_list[0].address_space, 0x200ull << 12);
	/* No list: the contiguous range, as mainline. */
	range.flush_list = NULL;
	range.start_gfn = 0x1000;
	range.pages = 4096;
	ck_assert_int_eq(vr_v3_kvm_fill_hv_flush_list_func(&list, &range), 2);
	ck_assert_int_eq(vr_vmx_kvm_fill_hv_flush_list_func(&list, &range), 2);
}
END_TEST

/* The empty list flushes nothing: correct only when nothing was invalidated. */
START_TEST(test_v3_empty_list_no_flush)
{
	struct kvm *kvm = mmu_vm(VR_MMU_PROFILE_V3);
	struct hlist_head head = HLIST_HEAD_INIT;
	u64 calls = kvm->l0.calls;

	vr_v3_kvm_flush_remote_tlbs_with_list(kvm, &head);
	ck_assert_uint_eq(kvm->l0.calls, calls);
	ck_assert_uint_eq(kvm->stats.skipped, 1);
	ck_assert_uint_eq(kvm->stats.full_flushes, 0);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/* The same trace through replay: mainline matches, V2 stops on the checker. */
static const char *const replay_profiles[] = { "mainline", "v3", "v2" };

START_TEST(test_replay_reports_underflush)
{
	static const int want[] = { 0, 0, -VR_EINVARIANT };
	char yaml[512];
	struct vr_text report = VR_TEXT_INIT;

	snprintf(yaml, sizeof(yaml),
		 "virtref: 1\nmodel: mmu\nname: zap-leaf-page\n"
		 "config: { profile: %s }\nsteps:\n"
		 "  - op: access\n    args: { gfn: 0x203 }\n"
		 "  - op: zap\n    args: { gfn: 0x203, level: 1 }\n    expect: { zapped: 1 }\n",
		 replay_profiles[_i]);
	ck_assert_int_eq(vr_test_replay_string(yaml, &report), want[_i]);
	if (want[_i])
		ck_assert_ptr_nonnull(
			strstr(vr_text_str(&report),
			       "stale leaf entry: EP4TA 0x1000000 gfn 0x203 level 1"));
	vr_text_free(&report);
}
END_TEST

/* ---- the other call sites ---- */

START_TEST(test_write_protect_large_page)
{
	static const bool caller_flush[] = { true, false, false };
	struct kvm *kvm = mmu_vm(profiles[_i]);
	struct vr_mmu_ept_walk w;
	bool hit;

	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x200, 2, RWX, 0), 0);
	mmu_touch(kvm, 0x210, W, NULL);
	/* One 4 KiB flush of 0x2ff removes the 2 MiB entry (V3 patch 5). */
	ck_assert_int_eq(kvm_mmu_slot_gfn_write_protect(kvm, kvm_get_memslot(kvm, 0), 0x2ff),
			 caller_flush[_i]);
	if (caller_flush[_i])
		kvm_flush_remote_tlbs(kvm);
	else
		ck_assert_uint_eq(kvm->stats.pages_flushed, 1);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	ck_assert_int_eq(vr_mmu_access(vr_mmu_of(kvm), 0, 0x210, W, false, &w, &hit), 0);
	ck_assert_int_eq(w.fault, VR_MMU_EPT_VIOLATION);
	/* Nothing writable left: nothing to flush. */
	ck_assert(!kvm_mmu_slot_gfn_write_protect(kvm, kvm_get_memslot(kvm, 0), 0x2ff));
	ck_assert(!kvm_mmu_slot_gfn_write_protect(kvm, NULL, 0x2ff));
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

START_TEST(test_dirty_log_range_flush)
{
	struct kvm *kvm = mmu_vm(profiles[_i]);
	unsigned long bitmap[0x8000 / (8 * sizeof(long))];
	struct kvm_dirty_log log = { 0, 0, bitmap };
	struct kvm_clear_dirty_log clr;
	struct vr_mmu_ept_walk w;
	bool hit;

	mmu_touch(kvm, 0x10, W, NULL);
	ck_assert_int_eq(vr_mmu_set_dirty_logging(vr_mmu_of(kvm), 0, true), 0);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	/* The write faults, KVM restores W and logs the page. */
	w = mmu_touch(kvm, 0x10, W, &hit);
	ck_assert_int_eq(w.fault, VR_MMU_EPT_OK);
	ck_assert_uint_eq(kvm->memslots[0].dirty_bitmap[0], 1ul << 0x10);
	memset(bitmap, 0, sizeof(bitmap));
	ck_assert_int_eq(kvm_vm_ioctl_get_dirty_log(kvm, &log), 0);
	ck_assert_uint_eq(bitmap[0], 1ul << 0x10);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	/* The slot range: 0x8000 pages in 16 elements of 2048. */
	ck_assert_uint_eq(kvm->input->list.gpa_list[15].address_space, (0x7800ull << 12) | 2047);
	ck_assert_int_eq(vr_mmu_access(vr_mmu_of(kvm), 0, 0x10, W, false, &w, &hit), 0);
	ck_assert_int_eq(w.fault, VR_MMU_EPT_VIOLATION);
	/* KVM_CLEAR_DIRTY_LOG after another write. */
	mmu_touch(kvm, 0x10, W, NULL);
	memset(bitmap, 0xff, sizeof(bitmap));
	clr.slot = 0;
	clr.first_page = 0;
	clr.num_pages = 64;
	clr.dirty_bitmap = bitmap;
	ck_assert_int_eq(kvm_vm_ioctl_clear_dirty_log(kvm, &clr), 0);
	ck_assert_uint_eq(kvm->memslots[0].dirty_bitmap[0], 0);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	/* Errors. */
	clr.first_page = 1;
	ck_assert_errno(kvm_vm_ioctl_clear_dirty_log(kvm, &clr), -EINVAL);
	clr.first_page = 0;
	clr.num_pages = 63;
	ck_assert_errno(kvm_vm_ioctl_clear_dirty_log(kvm, &clr), -EINVAL);
	clr.num_pages = 0x8040;
	ck_assert_errno(kvm_vm_ioctl_clear_dirty_log(kvm, &clr), -EINVAL);
	log.slot = 1;
	ck_assert_errno(kvm_vm_ioctl_get_dirty_log(kvm, &log), -ENOENT);
	log.slot = 2u << 16;
	ck_assert_errno(kvm_vm_ioctl_get_dirty_log(kvm, &log), -EINVAL);
	log.slot = 1u << 16;
	ck_assert_errno(kvm_vm_ioctl_get_dirty_log(kvm, &log), -ENOENT);
	log.slot = 0;
	log.dirty_bitmap = NULL;
	ck_assert_errno(kvm_vm_ioctl_get_dirty_log(kvm, &log), -EFAULT);
	ck_assert_ptr_null(kvm_get_memslot(kvm, 4));
	ck_assert_ptr_eq(kvm_get_memslot(kvm, 0), &kvm->memslots[0]);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

START_TEST(test_memslots)
{
	struct kvm *kvm = mmu_vm(VR_MMU_PROFILE_MAINLINE);

	ck_assert_errno(vr_mmu_set_memslot(vr_mmu_of(kvm), 0, 0x10000, 16, 0), -EEXIST);
	ck_assert_errno(vr_mmu_set_memslot(vr_mmu_of(kvm), 1, 0x7ff0, 32, 0), -EEXIST);
	ck_assert_errno(vr_mmu_set_memslot(vr_mmu_of(kvm), 1, 0x8000, 0, 0), -EINVAL);
	ck_assert_errno(vr_mmu_set_memslot(vr_mmu_of(kvm), 1, 0x8000, 16, 2), -EINVAL);
	ck_assert_errno(vr_mmu_set_memslot(vr_mmu_of(kvm), 4, 0x8000, 16, 0), -EINVAL);
	ck_assert_errno(vr_mmu_set_memslot(vr_mmu_of(kvm), 1, (1ull << 36) - 8, 16, 0), -EINVAL);
	ck_assert_int_eq(vr_mmu_set_memslot(vr_mmu_of(kvm), 1, 0x8000, 16, KVM_MEM_LOG_DIRTY_PAGES),
			 0);
	ck_assert_ptr_nonnull(kvm->memslots[1].dirty_bitmap);
	ck_assert_errno(vr_mmu_set_dirty_logging(vr_mmu_of(kvm), 2, true), -EINVAL);
	ck_assert_int_eq(vr_mmu_set_dirty_logging(vr_mmu_of(kvm), 1, false), 0);
	ck_assert_ptr_null(kvm->memslots[1].dirty_bitmap);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

START_TEST(test_age_and_sync_page)
{
	static const u64 range_flushes[] = { 0, 2, 2 };
	static const u64 full_flushes[] = { 1, 0, 0 };
	struct kvm *kvm = mmu_vm(profiles[_i]);
	unsigned long hva = kvm->memslots[0].userspace_addr;

	mmu_touch(kvm, 0x203, R, NULL);
	ck_assert_int_eq(kvm_age_hva(kvm, hva + 0x200000, hva + 0x204000, true), 1);
	/* Accessed bits cleared: young no more, nothing flushed. */
	ck_assert_int_eq(kvm_age_hva(kvm, hva + 0x200000, hva + 0x204000, true), 0);
	ck_assert_int_eq(kvm_age_hva(kvm, 0, 0x1000, true), 0);
	/* V3 patch 4 flushes 512 pages on every sync; mainline nothing. */
	ck_assert_int_eq(ept_sync_page(&kvm->vcpus[0], vr_mmu_find_sp(vr_mmu_of(kvm), 0x203, 1)),
			 0);
	ck_assert_errno(ept_sync_page(&kvm->vcpus[0], NULL), -EINVAL);
	ck_assert_uint_eq(kvm->stats.range_flushes, range_flushes[_i]);
	ck_assert_uint_eq(kvm->stats.full_flushes, full_flushes[_i]);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/* ---- fallbacks, roots, vCPUs ---- */

START_TEST(test_fallback_on_hv_failure)
{
	struct kvm *kvm = mmu_vm(profiles[_i]);

	mmu_touch(kvm, 0x203, R, NULL);
	kvm->l0.fail_status = HV_STATUS_INSUFFICIENT_MEMORY;
	kvm->l0.fail_count = 2;
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x203, 1, RWX, 1), 0);
	/* Range and space flush both fail: KVM_REQ_TLB_FLUSH still flushes. */
	ck_assert_uint_eq(kvm->stats.fallbacks, 1);
	ck_assert_uint_eq(kvm->stats.full_flushes, 1);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	ck_assert_uint_eq(mmu_touch(kvm, 0x203, R, NULL).hpa,
			  VR_MMU_RAM_BASE + (1ull << 36) + (0x203ull << 12));
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

START_TEST(test_no_nested_flush)
{
	struct vr_mmu_config cfg = mmu_cfg(profiles[_i]);
	struct kvm *kvm;

	cfg.nested_flush = false;
	kvm = mmu_vm_cfg(&cfg);
	mmu_touch(kvm, 0x203, R, NULL);
	/* V2/V3 sync_page: without range flush, a full flush every time. */
	ck_assert_int_eq(ept_sync_page(&kvm->vcpus[0], vr_mmu_find_sp(vr_mmu_of(kvm), 0x203, 1)),
			 0);
	ck_assert_uint_eq(kvm->stats.full_flushes, profiles[_i] == VR_MMU_PROFILE_MAINLINE ? 0 : 1);
	kvm->stats.full_flushes = 0;
	mmu_zap(kvm, 0x203, 2);
	ck_assert_uint_eq(kvm->stats.full_flushes, 1);
	ck_assert_uint_eq(kvm->stats.fallbacks, 0);
	ck_assert_uint_eq(kvm->l0.calls, 0);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

START_TEST(test_root_zap_and_vcpus)
{
	struct vr_mmu_config cfg = mmu_cfg(profiles[_i]);
	struct kvm *kvm;
	struct vr_mmu_ept_walk w;
	bool hit;
	u64 old;

	cfg.vcpus = 2;
	kvm = mmu_vm_cfg(&cfg);
	mmu_touch(kvm, 0x203, R, NULL);
	/* vCPU 1 loads the shared root, which flushes its context first. */
	ck_assert_int_eq(vr_mmu_access(vr_mmu_of(kvm), 1, 0x203, R, true, &w, &hit), 0);
	ck_assert(!hit);
	mmu_touch(kvm, 0x203, R, &hit);
	ck_assert(hit);
	old = kvm->vcpus[0].ept_pointer;
	ck_assert_int_eq(mmu_zap(kvm, 0, 4), 1);
	ck_assert(kvm->vcpus[0].reload && kvm->vcpus[1].reload);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	/* vCPU 0 reloads onto a new root; vCPU 1 still has the old EPTP. */
	mmu_touch(kvm, 0x203, R, NULL);
	ck_assert_uint_ne(kvm->vcpus[0].ept_pointer, old);
	ck_assert_uint_eq(kvm->vcpus[1].ept_pointer, old);
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x203, 1, R, 2), 0);
	/* Two roots: each valid one is flushed, none is remembered. */
	if (profiles[_i] == VR_MMU_PROFILE_MAINLINE)
		ck_assert_uint_eq(kvm->arch.hv_root_tdp, ~0ull);
	else
		ck_assert_int_eq(kvm->ept_pointers_match, EPT_POINTERS_MISMATCH);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	ck_assert_int_eq(vr_mmu_access(vr_mmu_of(kvm), 1, 0x203, R, true, &w, &hit), 0);
	ck_assert_uint_eq(w.hpa, VR_MMU_RAM_BASE + (2ull << 36) + (0x203ull << 12));
	ck_assert_uint_eq(kvm->vcpus[1].ept_pointer, kvm->vcpus[0].ept_pointer);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/*
 * A vCPU whose new root could not be loaded keeps the EPTP of the root it
 * freed: 2019 arch/x86/kvm/vmx/vmx.c sets ept_pointer only when
 * vmx_set_cr3() loads a root, and mainline's hv_track_root_tdp() runs
 * only from vmx_load_mmu_pgd().  So the next flush goes to the freed
 * root's address space, not to INVALID_PAGE's.
 */
START_TEST(test_failed_load_keeps_the_old_eptp)
{
	struct kvm *kvm = mmu_vm(profiles[_i]);
	struct vr_mmu_ept_walk w;
	bool hit;
	u64 old;

	mmu_touch(kvm, 0x203, R, NULL);
	old = kvm->vcpus[0].ept_pointer & ~0xfffull;
	ck_assert_int_eq(mmu_zap(kvm, 0, 4), 1);
	ck_assert(kvm->vcpus[0].reload);
	vr_alloc_fail_nth(1);
	ck_assert_errno(vr_mmu_access(vr_mmu_of(kvm), 0, 0x203, R, true, &w, &hit), -ENOMEM);
	vr_alloc_fail_nth(0);
	ck_assert_ptr_null(kvm->vcpus[0].root);
	kvm->cpu.input->raw[0] = 0;
	kvm_flush_remote_tlbs_with_address(kvm, 0x203, 1);
	ck_assert_uint_eq(kvm->cpu.input->raw[0], old);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	mmu_touch(kvm, 0x203, R, NULL);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

START_TEST(test_large_over_table_and_back)
{
	struct kvm *kvm = mmu_vm(profiles[_i]);

	/* The first 2 MiB, where the 2019 drop_large_spte() start is right too. */
	mmu_touch(kvm, 0x003, R, NULL);
	/* A 2 MiB leaf replaces the PT: flushed by address in every profile. */
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x000, 2, RWX, 1), 0);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	ck_assert_uint_eq(mmu_touch(kvm, 0x003, R, NULL).level, 2);
	/* A 4K map drops the large leaf and relinks the old PT. */
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x004, 1, RWX, 0), 0);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	ck_assert_uint_eq(mmu_touch(kvm, 0x003, R, NULL).hpa, VR_MMU_RAM_BASE + (0x003ull << 12));
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/*
 * Mainline remembers the one root all vCPUs run on (kvm_onhyperv.c).  Its
 * functions called as the hooks are, on the VM's CPU.
 */
START_TEST(test_mainline_root_tracking)
{
	struct vr_mmu_config cfg = mmu_cfg(VR_MMU_PROFILE_MAINLINE);
	struct vr_mmu_hv_cpu *prev;
	struct kvm *kvm;
	struct vr_mmu_ept_walk w;
	bool hit;

	cfg.vcpus = 2;
	kvm = mmu_vm_cfg(&cfg);
	prev = vr_mmu_hv_cpu_enter(&kvm->cpu);
	/* No root loaded anywhere: nothing to flush, and that is success. */
	ck_assert_int_eq(hv_flush_remote_tlbs(kvm), 0);
	ck_assert_uint_eq(kvm->l0.calls, 0);
	mmu_touch(kvm, 0x203, R, NULL);
	ck_assert_int_eq(vr_mmu_access(vr_mmu_of(kvm), 1, 0x203, R, true, &w, &hit), 0);
	ck_assert_uint_eq(kvm->arch.hv_root_tdp, ~0ull);
	/* Both vCPUs on one root: flushed once, then remembered. */
	ck_assert_int_eq(hv_flush_remote_tlbs_range(kvm, 0x200, 512), 0);
	ck_assert_uint_eq(kvm->l0.calls, 1);
	ck_assert_uint_eq(kvm->arch.hv_root_tdp, kvm->vcpus[0].root->spt);
	ck_assert_int_eq(hv_flush_remote_tlbs(kvm), 0);
	ck_assert_uint_eq(kvm->l0.calls, 2);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&kvm->l0, 1)->control, 0xAF);
	/* A failure is passed back for the caller's fallback. */
	kvm->l0.fail_status = HV_STATUS_OPERATION_DENIED;
	kvm->l0.fail_count = 1;
	ck_assert_int_eq(hv_flush_remote_tlbs_range(kvm, 0x200, 512), HV_STATUS_OPERATION_DENIED);
	/* Off the VM's CPU there is no hypercall page: -ENOTSUPP. */
	vr_mmu_hv_cpu_exit(prev);
	ck_assert_errno(hv_flush_remote_tlbs_range(kvm, 0x200, 512), -ENOTSUPP);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/*
 * The 2019 base of the seed: drop_large_spte() flushed from sp->gfn, the
 * first 2 MiB of the page directory, not the dropped 2 MiB page.
 */
START_TEST(test_drop_large_spte_start_gfn)
{
	static const u32 stale[] = { 0, 1, 1 };
	struct kvm *kvm = mmu_vm(profiles[_i]);
	const struct vr_mmu_tlb_entry *e;

	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x400, 2, RWX, 0), 0);
	ck_assert_uint_eq(mmu_touch(kvm, 0x410, R, NULL).level, 2);
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x401, 1, RWX, 0), 0);
	ck_assert_uint_eq(mmu_stale(kvm), stale[_i]);
	e = vr_mmu_tlb_lookup(&kvm->tlb, kvm->vcpus[0].root->spt, 0x410);
	if (stale[_i]) {
		/* The old 2 MiB translation is still used. */
		ck_assert_ptr_nonnull(e);
		ck_assert_uint_eq(e->level, 2);
		ck_assert_uint_eq(kvm->input->list.gpa_list[0].address_space, 0x1ff);
	} else {
		ck_assert_ptr_null(e);
		ck_assert_uint_eq(kvm->stats.pages_flushed, 512);
	}
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/* The Graphviz picture marks unlinked pages and stale entries. */
START_TEST(test_dot_marks_stale)
{
	struct vr_value config[16];
	struct vr_text out = VR_TEXT_INIT;
	struct vr_instance *in = NULL;
	struct kvm *kvm;

	ck_assert_uint_le(vr_model_mmu.nconfig, 16);
	ck_assert_int_eq(vr_config_defaults(&vr_model_mmu, config), 0);
	/* The profile is the first config field, its values the profile enum. */
	config[0].u = VR_MMU_PROFILE_V3;
	ck_assert_int_eq(vr_instance_create(&vr_model_mmu, config, &in), 0);
	kvm = vr_mmu_kvm(vr_instance_state(in));
	mmu_touch(kvm, 0x203, R, NULL);
	mmu_zap(kvm, 0x203, 2);
	ck_assert_int_eq(vr_instance_dot(in, &out), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "digraph mmu {"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
				     "t1001000 [label=\"L1 sp gfn 0x200\\ntable 0x1001000\\n"
				     "last_level\", style=dashed];"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
				     "TLB L1 gfn 0x203\\n-> 0x10000203000\\nstale: not present\", "
				     "color=red];"));
	vr_text_free(&out);
	vr_instance_destroy(in);
}
END_TEST

/* Host memory written behind KVM's back never crashes the KVM layer. */
START_TEST(test_foreign_table_pointers)
{
	struct kvm *kvm = mmu_vm(VR_MMU_PROFILE_MAINLINE);
	u64 root, next, e;

	mmu_touch(kvm, 0x203, R, NULL);
	root = kvm->vcpus[0].root->spt;
	/* The PML4E now points at memory no shadow page owns. */
	ck_assert_int_eq(vr_mem_write_le64(kvm->host, root, 0x7000000ull | 7), 0);
	ck_assert_ptr_null(vr_mmu_find_sp(vr_mmu_of(kvm), 0x203, 1));
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x205, 1, RWX, 0), 0);
	ck_assert_ptr_nonnull(vr_mmu_find_sp(vr_mmu_of(kvm), 0x205, 1));
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	ck_assert_uint_eq(mmu_touch(kvm, 0x205, R, NULL).hpa, VR_MMU_RAM_BASE + (0x205ull << 12));
	/* Garbage in the next free pool page is cleared when KVM takes it. */
	next = VR_MMU_TABLE_BASE + (u64)kvm->pool_free[kvm->pool_nfree - 1] * 4096;
	ck_assert_int_eq(vr_mem_add(kvm->host, next, 4096), 0);
	ck_assert_int_eq(vr_mem_fill(kvm->host, next, 0xff, 4096), 0);
	ck_assert_int_eq(vr_mmu_map(vr_mmu_of(kvm), 0x4005, 1, RWX, 0), 0);
	ck_assert_uint_eq(vr_mmu_find_sp(vr_mmu_of(kvm), 0x4005, 1)->spt, next);
	ck_assert_int_eq(vr_mem_read_le64(kvm->host, next, &e), 0);
	ck_assert_uint_eq(e, 0);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/* Random EPT writes between random KVM steps: errors, never a crash. */
START_TEST(test_random_host_writes_survive)
{
	struct vr_mmu_config cfg = mmu_cfg(profiles[_i % 3]);
	struct kvm *kvm;
	u64 x = 0x2545f4914f6cdd1dull * (u64)(_i + 1);
	int step;

	cfg.levels = _i % 6 >= 3 ? 5 : 4;
	cfg.table_pages = 64;
	kvm = mmu_vm_cfg(&cfg);
	for (step = 0; step < 400; step++) {
		struct vr_mmu_ept_walk w;
		gfn_t gfn;
		bool hit;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		gfn = (x >> 8) & 0x7fff;
		switch (x % 6) {
		case 0:
			vr_mmu_map(vr_mmu_of(kvm), gfn, (int)(x >> 40) % 3 + 1, RWX,
				   (u8)((x >> 50) & 3));
			break;
		case 1: {
			struct kvm_mmu_page *sp =
				vr_mmu_find_sp(vr_mmu_of(kvm), gfn, (int)(x >> 40) % 5 + 1);
			LIST_HEAD(invalid_list);

			if (sp)
				kvm_mmu_prepare_zap_page(kvm, sp, &invalid_list);
			kvm_mmu_commit_zap_page(kvm, &invalid_list);
			break;
		}
		case 2:
			vr_mmu_access(vr_mmu_of(kvm), 0, gfn, (u8)(1u << ((x >> 40) % 3)), true, &w,
				      &hit);
			break;
		case 3:
			kvm_flush_remote_tlbs_with_address(kvm, gfn, (x >> 32) & 0xffff);
			break;
		case 4:
			/*
			 * Any QWORD of any table page the pool hands out: a
			 * random value, or a pointer to some table (cycles).
			 */
			vr_mem_write_le64(
				kvm->host,
				VR_MMU_TABLE_BASE + ((x >> 20) % 64) * 4096 + ((x >> 30) & 511) * 8,
				(x >> 63) ? VR_MMU_TABLE_BASE + ((x >> 40) % 64) * 4096 + 7
					  : x * 0x9e3779b97f4a7c15ull);
			break;
		default:
			kvm_flush_remote_tlbs(kvm);
			break;
		}
		vr_mmu_check_stale(vr_mmu_of(kvm), NULL);
	}
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/* The teaching traces in examples/ replay as written. */
static const char *const example_files[] = {
	VR_SOURCE_DIR "/examples/mmu-unlinked-subtree.yaml",
	VR_SOURCE_DIR "/examples/mmu-over-flush.yaml",
};

START_TEST(test_examples_replay)
{
	struct vr_text err = VR_TEXT_INIT, out = VR_TEXT_INIT;
	struct vr_trace *t = NULL;

	ck_assert_int_eq(vr_trace_load(example_files[_i], &t, &err), 0);
	ck_assert_int_eq(vr_replay(t, VR_REPLAY_QUIET, &out, NULL), 0);
	vr_trace_free(t);
	vr_text_free(&err);
	vr_text_free(&out);
}
END_TEST

/* ---- the legacy 4094 limit ---- */

START_TEST(test_legacy_rep_count_overflows_page)
{
	struct vr_mmu_config cfg = mmu_cfg(VR_MMU_PROFILE_MAINLINE);
	struct kvm *kvm;

	cfg.legacy_rep_count = true;
	kvm = mmu_vm_cfg(&cfg);
	mmu_touch(kvm, 0x203, R, NULL);
	/* 2^20 pages need 512 elements: 2 land past the page (16 bytes). */
	kvm_flush_remote_tlbs_with_address(kvm, 0, 0x100000);
	ck_assert_uint_eq(vr_mmu_hv_input_overflow(&kvm->cpu), 16);
	/* Reported once: the next check looks only at later fills. */
	ck_assert_uint_eq(vr_mmu_hv_input_overflow(&kvm->cpu), 0);
	/* L0 refuses 512 reps; KVM falls back to a full flush. */
	ck_assert_uint_eq(kvm->stats.fallbacks, 1);
	ck_assert_uint_eq(mmu_stale(kvm), 0);
	vr_mmu_destroy(vr_mmu_of(kvm));

	cfg.legacy_rep_count = false;
	kvm = mmu_vm_cfg(&cfg);
	mmu_touch(kvm, 0x203, R, NULL);
	kvm_flush_remote_tlbs_with_address(kvm, 0, 0x100000);
	ck_assert_uint_eq(vr_mmu_hv_input_overflow(&kvm->cpu), 0);
	ck_assert_uint_eq(kvm->stats.fallbacks, 1);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/* ---- no allocation on the flush path ---- */

START_TEST(test_flush_path_allocates_nothing)
{
	struct kvm *kvm = mmu_vm(profiles[_i]);
	u64 before;
	int g;

	for (g = 0; g < 0x2000; g += 0x101)
		mmu_touch(kvm, (gfn_t)g, R, NULL);
	vr_alloc_fail_nth(0);
	before = vr_alloc_attempts();
	mmu_zap(kvm, 0x203, 1);
	mmu_zap(kvm, 0x1203, 2);
	kvm_flush_remote_tlbs_with_address(kvm, 0, 0x8000);
	kvm_flush_remote_tlbs(kvm);
	ck_assert_uint_eq(vr_alloc_attempts(), before);
	vr_mmu_destroy(vr_mmu_of(kvm));
}
END_TEST

/* ---- allocation failure at every point of a map/zap/flush sequence ---- */

static int sequence(struct kvm **out, enum vr_mmu_profile p)
{
	struct vr_mmu_config cfg = mmu_cfg(p);
	unsigned long bitmap[0x8000 / (8 * sizeof(long))];
	struct kvm_dirty_log log = { 0, 0, bitmap };
	struct vr_mmu *mmu;
	struct kvm *kvm;
	struct vr_mmu_ept_walk w;
	bool hit;
	int ret;

	ret = vr_mmu_create(&cfg, &mmu);
	if (ret)
		return ret;
	kvm = vr_mmu_kvm(mmu);
	*out = kvm;
	if ((ret = vr_mmu_access(vr_mmu_of(kvm), 0, 0x203, R, true, &w, &hit)) ||
	    (ret = vr_mmu_map(vr_mmu_of(kvm), 0x400, 2, RWX, 0)) ||
	    (ret = vr_mmu_map(vr_mmu_of(kvm), 0x5000, 1, RWX, 1)) ||
	    (ret = vr_mmu_access(vr_mmu_of(kvm), 0, 0x5000, W, true, &w, &hit)) ||
	    (ret = vr_mmu_set_dirty_logging(vr_mmu_of(kvm), 0, true)) ||
	    (ret = vr_mmu_access(vr_mmu_of(kvm), 0, 0x5000, W, true, &w, &hit)) ||
	    (ret = kvm_vm_ioctl_get_dirty_log(kvm, &log)) ||
	    (ret = vr_mmu_map(vr_mmu_of(kvm), 0x5200, 1, RWX, 0)) ||
	    (ret = vr_mmu_set_memslot(vr_mmu_of(kvm), 1, 0x10000, 0x1000, KVM_MEM_LOG_DIRTY_PAGES)))
		return ret;
	mmu_zap(kvm, 0x203, 1);
	mmu_zap(kvm, 0x5000, 2);
	kvm_flush_remote_tlbs(kvm);
	if ((ret = vr_mmu_access(vr_mmu_of(kvm), 0, 0x5000, R, true, &w, &hit)) ||
	    (ret = vr_mmu_access(vr_mmu_of(kvm), 0, 0x10010, W, true, &w, &hit)))
		return ret;
	kvm_mmu_zap_all(kvm);
	return vr_mmu_access(vr_mmu_of(kvm), 0, 0x10010, R, true, &w, &hit);
}

START_TEST(test_alloc_fail_sweep)
{
	u64 nth, live = vr_alloc_live();

	for (nth = 1;; nth++) {
		struct kvm *kvm = NULL;
		int ret;

		vr_alloc_fail_nth(nth);
		ret = sequence(&kvm, profiles[_i]);
		if (!vr_alloc_fault_hit()) {
			vr_alloc_fail_nth(0);
			ck_assert_int_eq(ret, 0);
			ck_assert_uint_eq(mmu_stale(kvm), 0);
			vr_mmu_destroy(vr_mmu_of(kvm));
			break;
		}
		vr_alloc_fail_nth(0);
		ck_assert_errno(ret, -ENOMEM);
		if (kvm) {
			/* TLB and EPT agree, whatever step failed. */
			ck_assert_uint_eq(mmu_stale(kvm), 0);
			ck_assert_uint_eq(vr_mmu_hv_input_overflow(&kvm->cpu), 0);
			vr_mmu_destroy(vr_mmu_of(kvm));
		}
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
	ck_assert_uint_ge(nth, 5);
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

/* The instance API refuses what names nothing and hands out its parts. */
START_TEST(test_instance_api)
{
	struct vr_mmu_config cfg = mmu_cfg(VR_MMU_PROFILE_V3);
	struct vr_text why = VR_TEXT_INIT;
	struct vr_mmu *mmu = NULL;

	cfg.profile = VR_MMU_NR_PROFILES;
	ck_assert_errno(vr_mmu_create(&cfg, &mmu), -EINVAL);
	ck_assert_ptr_null(mmu);
	cfg.profile = VR_MMU_PROFILE_V3;
	ck_assert_int_eq(vr_mmu_create(&cfg, &mmu), 0);
	ck_assert_ptr_eq(vr_mmu_of(vr_mmu_kvm(mmu)), mmu);
	ck_assert_ptr_null(vr_mmu_of(NULL));
	ck_assert_errno(vr_mmu_vcpu_load(mmu, -1), -EINVAL);
	ck_assert_errno(vr_mmu_vcpu_load(mmu, 1), -EINVAL);
	ck_assert_uint_eq(vr_mmu_vcpu_eptp(mmu, 0), 0);
	ck_assert_uint_eq(vr_mmu_vcpu_eptp(mmu, 4), 0);
	ck_assert_int_eq(vr_mmu_vcpu_load(mmu, 0), 0);
	ck_assert_uint_eq(vr_mmu_vcpu_eptp(mmu, 0), VR_MMU_TABLE_BASE | 0x5e);
	ck_assert_ptr_null(vr_mmu_find_sp(mmu, 0, 0));
	ck_assert_ptr_null(vr_mmu_find_sp(mmu, 0, 5));
	ck_assert_ptr_nonnull(vr_mmu_find_sp(mmu, 0, 4));
	ck_assert_int_eq(vr_mmu_map(mmu, 0x203, 1, RWX, 0), 0);
	ck_assert_ptr_eq(vr_mmu_host(mmu), vr_mmu_kvm(mmu)->host);
	ck_assert_ptr_eq(vr_mmu_tlb(mmu), &vr_mmu_kvm(mmu)->tlb);
	ck_assert_ptr_eq(vr_mmu_l0(mmu), &vr_mmu_kvm(mmu)->l0);
	ck_assert_uint_eq(vr_mmu_stats(mmu)->full_flushes, 0);
	ck_assert_int_eq(vr_mmu_invariants(mmu, &why), 0);
	ck_assert_str_eq(vr_text_str(&why), "");
	vr_text_free(&why);
	vr_mmu_destroy(mmu);
	vr_mmu_destroy(NULL);
}
END_TEST

static const struct vr_test basic_tests[] = {
	VR_LOOP_TEST(test_map_access_fills_tlb, 0, 3),
	VR_TEST(test_map_errors),
	VR_TEST(test_fault_on_foreign_leaf),
	VR_TEST(test_pool_exhaustion),
	VR_TEST(test_memslots),
	VR_TEST(test_instance_api),
};
static const struct vr_test defect_tests[] = {
	VR_LOOP_TEST(test_v2_level_off_by_one, 0, 3),
	VR_TEST(test_prefetch_widens_detection),
	VR_LOOP_TEST(test_v3_last_level_filter_empty_list, 0, 3),
	VR_TEST(test_v3_no_filter_lists_parents),
	VR_TEST(test_v3_int_truncation_level4),
	VR_TEST(test_v3_level3_enospc_falls_back),
	VR_TEST(test_v3_list_order_reversed),
	VR_TEST(test_v3_fill_callback_sticky),
	VR_TEST(test_v3_empty_list_no_flush),
	VR_TEST(test_legacy_rep_count_overflows_page),
	VR_LOOP_TEST(test_drop_large_spte_start_gfn, 0, 3),
	VR_LOOP_TEST(test_replay_reports_underflush, 0, 3),
};
static const struct vr_test site_tests[] = {
	VR_LOOP_TEST(test_write_protect_large_page, 0, 3),
	VR_LOOP_TEST(test_dirty_log_range_flush, 0, 3),
	VR_LOOP_TEST(test_age_and_sync_page, 0, 3),
	VR_LOOP_TEST(test_fallback_on_hv_failure, 0, 3),
	VR_LOOP_TEST(test_no_nested_flush, 0, 3),
	VR_LOOP_TEST(test_root_zap_and_vcpus, 0, 3),
	VR_LOOP_TEST(test_failed_load_keeps_the_old_eptp, 0, 3),
	VR_LOOP_TEST(test_mainline_flush_names, 0, 3),
	VR_TEST(test_mainline_root_tracking),
	VR_TEST(test_dot_marks_stale),
	VR_TEST(test_foreign_table_pointers),
	VR_LOOP_TEST(test_examples_replay, 0, 2),
	VR_LOOP_TEST(test_random_host_writes_survive, 0, 12),
	VR_LOOP_TEST(test_large_over_table_and_back, 0, 3),
};
static const struct vr_test resource_tests[] = {
	VR_LOOP_TEST(test_flush_path_allocates_nothing, 0, 3),
	VR_LOOP_TEST(test_alloc_fail_sweep, 0, 3),
};
static const struct vr_tcase mmu_kvm_tcases[] = {
	VR_TCASE("basic", basic_tests),
	VR_TCASE("defects", defect_tests),
	VR_TCASE("call_sites", site_tests),
	VR_TCASE("resources", resource_tests),
};
const struct vr_suite vr_suite_mmu_kvm = VR_SUITE("mmu_kvm", mmu_kvm_tcases);
