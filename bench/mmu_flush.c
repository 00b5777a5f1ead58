/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The mmu model's hot paths: filling 510 full elements, building the
 * flush list per zapped shadow page, the stale check per cached entry,
 * heap allocations on the flush path (must be 0), and the flush
 * accounting of one workload per profile (the over-flush ratio).
 * Targets, as ratios to the baseline step: at most 2 x per zapped page
 * and per cached entry.
 */
#include <stdio.h>
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/mmu.h>
#include <virtref/mmu/kvm_host.h>
#include <virtref/mmu/kvm_onhyperv.h>
#include <virtref/mmu/vmx.h>

#include "bench.h"

#define REPS 20000

static struct hv_guest_mapping_flush_list list;

static int bench_fill(void)
{
	double t0, ns;
	int i, n = 0;

	t0 = vr_bench_now_ns();
	for (i = 0; i < REPS; i++) {
		n += hyperv_fill_flush_guest_mapping_list(&list, (u64)i, 1044480);
		vr_bench_keep(list.gpa_list[509].address_space);
	}
	ns = (vr_bench_now_ns() - t0) / ((double)REPS * 510);
	vr_bench_keep((u64)n);
	return vr_bench_report("fill: per element (510 full elements)", ns, 0.75);
}

static struct kvm_mmu_page pages[510];

static int bench_list_building(void)
{
	struct kvm_tlb_range range;
	struct hlist_head head;
	LIST_HEAD(invalid_list);
	double t0, ns;
	int i, r, n = 0;

	for (i = 0; i < 510; i++) {
		pages[i].gfn = (u64)i * 512;
		pages[i].role.level = 1;
		pages[i].last_level = true;
		list_add(&pages[i].link, &invalid_list);
	}
	t0 = vr_bench_now_ns();
	for (r = 0; r < REPS; r++) {
		struct kvm_mmu_page *sp;

		/* kvm_mmu_commit_zap_page(): head-insert every last_level page... */
		head.first = NULL;
		list_for_each_entry(sp, &invalid_list, link) {
			struct hlist_node *first = head.first;

			if (!sp->last_level)
				continue;
			sp->flush_link.next = first;
			if (first)
				first->pprev = &sp->flush_link.next;
			head.first = &sp->flush_link;
			sp->flush_link.pprev = &head.first;
		}
		/* ...and the V3 callback turns each into an element. */
		range.start_gfn = 0;
		range.pages = 0;
		range.flush_list = &head;
		n += vr_v3_kvm_fill_hv_flush_list_func(&list, &range);
	}
	ns = (vr_bench_now_ns() - t0) / ((double)REPS * 510);
	vr_bench_keep((u64)n);
	return vr_bench_report("list building: per zapped shadow page", ns, 2);
}

static struct kvm *vm(enum vr_mmu_profile p, u32 tlb)
{
	struct vr_mmu_config cfg;
	struct vr_mmu *mmu;

	vr_mmu_config_default(&cfg);
	cfg.profile = p;
	cfg.tlb_entries = tlb;
	return vr_mmu_create(&cfg, &mmu) ? NULL : vr_mmu_kvm(mmu);
}

static void touch(struct kvm *kvm, gfn_t gfn)
{
	struct vr_mmu_ept_walk w;
	bool hit;

	vr_mmu_access(vr_mmu_of(kvm), 0, gfn, VMX_EPT_READABLE_MASK, true, &w, &hit);
}

static int bench_stale_check(void)
{
	struct kvm *kvm = vm(VR_MMU_PROFILE_MAINLINE, 4096);
	double t0, ns;
	u32 stale = 0;
	int i, missed;

	if (!kvm)
		return 1;
	for (i = 0; i < 0x8000 && kvm->tlb.n < 4096; i += 7)
		touch(kvm, (gfn_t)i);
	/* Every entry re-walked through host memory. */
	t0 = vr_bench_now_ns();
	for (i = 0; i < 200; i++)
		stale += vr_mmu_tlb_check_stale(&kvm->tlb, kvm->host, &kvm->ept, NULL, 0, NULL);
	ns = (vr_bench_now_ns() - t0) / (200.0 * kvm->tlb.n);
	printf("  (%u cached entries, %u stale)\n", kvm->tlb.n, stale);
	missed = vr_bench_report("stale check: per cached entry, full re-walk", ns, 2);
	/* After every step: re-walk only when host memory or the TLB changed. */
	t0 = vr_bench_now_ns();
	for (i = 0; i < 200; i++) {
		if (i % 2 == 0)
			touch(kvm, 0x7fff); /* a hit: nothing changes */
		stale += vr_mmu_check_stale(vr_mmu_of(kvm), NULL);
	}
	ns = (vr_bench_now_ns() - t0) / (200.0 * kvm->tlb.n);
	vr_bench_keep(stale);
	vr_mmu_destroy(vr_mmu_of(kvm));
	return missed + vr_bench_report("stale check: per cached entry, after a step", ns, 2);
}

static int flush_path_allocations(void)
{
	struct kvm *kvm = vm(VR_MMU_PROFILE_V3, 1024);
	struct kvm_mmu_page *sp;
	LIST_HEAD(invalid_list);
	u64 before, after;
	int i;

	if (!kvm)
		return 1;
	for (i = 0; i < 0x8000; i += 0x101)
		touch(kvm, (gfn_t)i);
	vr_alloc_fail_nth(0);
	before = vr_alloc_attempts();
	for (i = 0; i < 0x8000; i += 0x200) {
		sp = vr_mmu_find_sp(vr_mmu_of(kvm), (gfn_t)i, 1);
		if (sp)
			kvm_mmu_prepare_zap_page(kvm, sp, &invalid_list);
	}
	kvm_mmu_commit_zap_page(kvm, &invalid_list);
	kvm_flush_remote_tlbs_with_address(kvm, 0, 0x8000);
	kvm_flush_remote_tlbs(kvm);
	after = vr_alloc_attempts();
	printf("%-48s %10llu allocations (target 0: %s)\n", "flush path: heap allocations",
	       (unsigned long long)(after - before), after == before ? "met" : "missed");
	vr_mmu_destroy(vr_mmu_of(kvm));
	return after != before;
}

/* The same workload per profile: what each flushes against what it needed. */
static void accounting(void)
{
	static const char *const names[] = { "mainline", "v3", "v2" };
	int p, i;

	for (p = 0; p < 3; p++) {
		struct kvm *kvm = vm((enum vr_mmu_profile)p, 4096);
		LIST_HEAD(invalid_list);

		if (!kvm)
			return;
		for (i = 0; i < 0x8000; i += 0x43)
			touch(kvm, (gfn_t)i);
		for (i = 0; i < 0x8000; i += 0x600) {
			struct kvm_mmu_page *sp = vr_mmu_find_sp(vr_mmu_of(kvm), (gfn_t)i, 1);

			if (sp) {
				kvm_mmu_prepare_zap_page(kvm, sp, &invalid_list);
				kvm_mmu_commit_zap_page(kvm, &invalid_list);
			}
		}
		printf("workload %-8s needed %7llu flushed %7llu (ratio %.2f) range %3llu full "
		       "%3llu "
		       "fallbacks %llu hypercalls %llu elements %llu stale %u\n",
		       names[p], (unsigned long long)kvm->stats.pages_needed,
		       (unsigned long long)kvm->stats.pages_flushed,
		       kvm->stats.pages_needed
			       ? (double)kvm->stats.pages_flushed / (double)kvm->stats.pages_needed
			       : 0.0,
		       (unsigned long long)kvm->stats.range_flushes,
		       (unsigned long long)kvm->stats.full_flushes,
		       (unsigned long long)kvm->stats.fallbacks, (unsigned long long)kvm->l0.calls,
		       (unsigned long long)kvm->l0.elements,
		       vr_mmu_check_stale(vr_mmu_of(kvm), NULL));
		vr_mmu_destroy(vr_mmu_of(kvm));
	}
}

int main(void)
{
	int missed = 0;

	missed += bench_fill();
	missed += bench_list_building();
	missed += bench_stale_check();
	missed += flush_path_allocations();
	accounting();
	return missed ? 1 : 0;
}
