/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The hardware half of the mmu model with the exact values of
 * TLFS constants and layouts, the fill routine's boundaries,
 * control words and partial completion, L0's status codes, the
 * intersection rule, the EPT walk's violations and misconfigurations.
 */
#include "mmu_test.h"

/* ---- constants and layouts (Hyper-V TLFS, hyperv-tlfs.h) ---- */

START_TEST(test_constants)
{
	union hv_gpa_page_range r;

	ck_assert_uint_eq(HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_SPACE, 0x00af);
	ck_assert_uint_eq(HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST, 0x00b0);
	ck_assert_uint_eq(HV_MAX_FLUSH_PAGES, 2048);
	ck_assert_uint_eq(HV_MAX_FLUSH_REP_COUNT, 510);
	ck_assert_uint_eq(VR_MMU_HV_PAGE_REP_COUNT, 510);
	ck_assert_uint_eq(VR_MMU_HV_LEGACY_MAX_FLUSH_REP_COUNT, 4094);
	ck_assert_uint_eq(HV_MAX_FLUSH_REP_COUNT * HV_MAX_FLUSH_PAGES, 1044480);
	ck_assert_uint_eq(sizeof(struct hv_guest_mapping_flush), 16);
	ck_assert_uint_eq(sizeof(struct hv_guest_mapping_flush_list), 4096);
	ck_assert_uint_eq(sizeof(union hv_gpa_page_range), 8);
	ck_assert_int_eq(-ENOSPC, -28);
	ck_assert_int_eq(-ENOTSUPP, -524);
	ck_assert_uint_eq(HV_X64_NESTED_GUEST_MAPPING_FLUSH, 1u << 18);
	ck_assert_uint_eq(VR_MMU_EPT_RAM_LEAF, 0x77);
	ck_assert_uint_eq(VMX_EPTP_PWL_4, 0x18);
	ck_assert_uint_eq(VMX_EPTP_PWL_5, 0x20);

	/* Raw = basepfn << 12 | largepage << 11 | additional_pages. */
	r.address_space = 0;
	r.page.additional_pages = 7;
	r.page.basepfn = 0x12345;
	ck_assert_uint_eq(r.address_space, 0x12345007ull);
	r.page.largepage = 1;
	ck_assert_uint_eq(r.address_space, 0x12345807ull);
	r.address_space = 0;
	r.page_size = HV_GPA_PAGE_RANGE_PAGE_SIZE_1GB;
	r.base_large_pfn = 0x3;
	ck_assert_uint_eq(r.address_space, (3ull << 21) | (1ull << 12));
}
END_TEST

START_TEST(test_pages_per_level)
{
	static const u64 pages[] = { 1, 512, 262144, 134217728, 68719476736ull };
	int l;

	for (l = 1; l <= 5; l++)
		ck_assert_uint_eq(KVM_PAGES_PER_HPAGE(l), pages[l - 1]);
	ck_assert_uint_eq(KVM_HPAGE_GFN_SHIFT(3), 18);
	ck_assert_uint_eq(gfn_round_for_level(0x2ff, 2), 0x200);
	ck_assert_uint_eq(gfn_round_for_level(0x40201, 3), 0x40000);
	ck_assert_uint_eq(gfn_round_for_level(0x40201, 1), 0x40201);
	/* What the V3 int makes of a level-4 page's region. */
	ck_assert_int_eq((int)KVM_PAGES_PER_HPAGE(5), 0);
	ck_assert_int_eq((int)KVM_PAGES_PER_HPAGE(4), 134217728);
}
END_TEST

/* ---- fill (arch/x86/hyperv/nested.c) ---- */

static struct hv_guest_mapping_flush_list fl;

static u64 el(int i)
{
	return fl.gpa_list[i].address_space;
}

START_TEST(test_fill_counts)
{
	int i;

	memset(&fl, 0, sizeof(fl));
	ck_assert_int_eq(hyperv_fill_flush_guest_mapping_list(&fl, 0x1000, 1), 1);
	ck_assert_uint_eq(el(0), 0x1000ull << 12);
	ck_assert_int_eq(hyperv_fill_flush_guest_mapping_list(&fl, 0x1000, 2048), 1);
	ck_assert_uint_eq(el(0), (0x1000ull << 12) | 2047);
	ck_assert_int_eq(hyperv_fill_flush_guest_mapping_list(&fl, 0x1000, 2049), 2);
	ck_assert_uint_eq(el(0), (0x1000ull << 12) | 2047);
	ck_assert_uint_eq(el(1), 0x1800ull << 12);
	ck_assert_int_eq(hyperv_fill_flush_guest_mapping_list(&fl, 0, 262144), 128);
	for (i = 0; i < 128; i++)
		ck_assert_uint_eq(el(i), ((u64)i * 2048 << 12) | 2047);
}
END_TEST

START_TEST(test_fill_510_boundary)
{
	int i;

	memset(&fl, 0, sizeof(fl));
	ck_assert_int_eq(hyperv_fill_flush_guest_mapping_list(&fl, 0, 1044480), 510);
	for (i = 0; i < 510; i++)
		ck_assert_uint_eq(fl.gpa_list[i].page.additional_pages, 2047);
	ck_assert_uint_eq(fl.gpa_list[509].page.basepfn, 509ull * 2048);
	/* One more page: -ENOSPC, the 510 written elements stay. */
	memset(&fl, 0, sizeof(fl));
	ck_assert_errno(hyperv_fill_flush_guest_mapping_list(&fl, 0, 1044481), -ENOSPC);
	ck_assert_uint_eq(el(509), (509ull * 2048 << 12) | 2047);
	/* Level 4 needs 65,536 elements. */
	ck_assert_errno(hyperv_fill_flush_guest_mapping_list(&fl, 0, KVM_PAGES_PER_HPAGE(4)),
			-ENOSPC);
}
END_TEST

START_TEST(test_fill_zero_pages)
{
	memset(&fl, 0, sizeof(fl));
	/* min(0, 2048) - 1 wraps: one element of 2048 pages. */
	ck_assert_int_eq(hyperv_fill_flush_guest_mapping_list(&fl, 0x200, 0), 1);
	ck_assert_uint_eq(el(0), (0x200ull << 12) | 0x7ff);
	ck_assert_uint_eq(el(1), 0);
}
END_TEST

START_TEST(test_fill_truncates_basepfn)
{
	memset(&fl, 0, sizeof(fl));
	ck_assert_int_eq(hyperv_fill_flush_guest_mapping_list(&fl, 0xfff0000000000123ull, 3), 1);
	ck_assert_uint_eq(fl.gpa_list[0].page.basepfn, 0x123);
	ck_assert_uint_eq(el(0), (0x123ull << 12) | 2);
}
END_TEST

START_TEST(test_fill_offsets)
{
	memset(&fl, 0, sizeof(fl));
	ck_assert_int_eq(vr_v3_hyperv_fill_flush_guest_mapping_list(&fl, 3, 0x400, 512), 4);
	ck_assert_uint_eq(el(3), (0x400ull << 12) | 511);
	ck_assert_uint_eq(el(0), 0);
	/* Offset 509 and two elements' worth: element 509 written, then -ENOSPC. */
	ck_assert_errno(vr_v3_hyperv_fill_flush_guest_mapping_list(&fl, 509, 0x800, 4096), -ENOSPC);
	ck_assert_uint_eq(el(509), (0x800ull << 12) | 2047);
	ck_assert_errno(vr_v3_hyperv_fill_flush_guest_mapping_list(&fl, 510, 0, 1), -ENOSPC);
}
END_TEST

START_TEST(test_fill_negative_offset)
{
	struct hv_guest_mapping_flush_list before;

	memset(&fl, 0xa5, sizeof(fl));
	before = fl;
	/* Unsigned compare: -28 is huge, nothing is written. */
	ck_assert_errno(vr_v3_hyperv_fill_flush_guest_mapping_list(&fl, -ENOSPC, 0, 1), -ENOSPC);
	ck_assert_errno(vr_v3_hyperv_fill_flush_guest_mapping_list(&fl, -1, 0, 1), -ENOSPC);
	ck_assert_mem_eq(&fl, &before, sizeof(fl));
}
END_TEST

START_TEST(test_fill_adjacent_not_merged)
{
	int n;

	memset(&fl, 0, sizeof(fl));
	n = vr_v3_hyperv_fill_flush_guest_mapping_list(&fl, 0, 0, 512);
	n = vr_v3_hyperv_fill_flush_guest_mapping_list(&fl, n, 512, 512);
	ck_assert_int_eq(n, 2);
	ck_assert_uint_eq(el(0), 511);
	ck_assert_uint_eq(el(1), (512ull << 12) | 511);
}
END_TEST

/* ---- hypercalls through the kernel-shaped client (nested.c, mshyperv.h) ---- */

struct hv_rig {
	struct vr_mmu_tlb tlb;
	struct vr_mmu_hv_l0 l0;
	struct vr_mmu_hv_cpu cpu;
	union vr_mmu_hv_input_area input;
	struct vr_mmu_hv_cpu *prev;
};

static struct hv_rig rig;

static void rig_up(u32 reps_per_call)
{
	memset(&rig, 0, sizeof(rig));
	ck_assert_int_eq(vr_mmu_tlb_init(&rig.tlb, 64, true), 0);
	rig.l0.tlb = &rig.tlb;
	rig.l0.nested_flush = true;
	rig.l0.reps_per_call = reps_per_call;
	rig.cpu.l0 = &rig.l0;
	rig.cpu.input = &rig.input;
	rig.prev = vr_mmu_hv_cpu_enter(&rig.cpu);
}

static void rig_down(void)
{
	vr_mmu_hv_cpu_exit(rig.prev);
	vr_mmu_tlb_destroy(&rig.tlb);
}

/* Caches a leaf as a walk would have: @level, @gfn in address space @as. */
static void rig_cache(u64 as, u64 gfn, int level)
{
	struct vr_mmu_ept_walk w;

	memset(&w, 0, sizeof(w));
	w.fault = VR_MMU_EPT_OK;
	w.level = (u8)level;
	w.top = (u8)level;
	w.perm = 7;
	w.top_perm = 7;
	w.hpa = VR_MMU_RAM_BASE + (gfn << 12);
	vr_mmu_tlb_fill(&rig.tlb, as | VMX_EPTP_PWL_4, gfn << 12, &w);
}

struct three_ranges {
	u64 gfn[3];
	u64 pages[3];
};

static int fill_three(struct hv_guest_mapping_flush_list *flush, void *data)
{
	const struct three_ranges *r = data;
	int n = 0, i;

	for (i = 0; i < 3; i++)
		n = vr_v3_hyperv_fill_flush_guest_mapping_list(flush, n, r->gfn[i], r->pages[i]);
	return n;
}

START_TEST(test_control_words_and_resume)
{
	struct three_ranges r = { { 0x10, 0x200, 0x1000 }, { 1, 512, 1 } };

	rig_up(2);
	rig_cache(0x5000, 0x10, 1);
	rig_cache(0x5000, 0x2ff, 1);
	rig_cache(0x5000, 0x1000, 1);
	rig_cache(0x6000, 0x10, 1);
	ck_assert_int_eq(hyperv_flush_guest_mapping_range(0x5000, fill_three, &r), 0);
	/* N = 3 ranges: 0x00000003000000B0, resumed after 2 reps. */
	ck_assert_uint_eq(rig.l0.calls, 2);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, 0)->control, 0x00000003000000B0ull);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, 0)->as, 0x5000);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, 0)->result, 2ull << 32);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, 0)->elements, 2);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, 1)->control, 0x00020003000000B0ull);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, 1)->result, 3ull << 32);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, 1)->elements, 1);
	ck_assert_ptr_null(vr_mmu_hv_l0_call(&rig.l0, 2));
	ck_assert_uint_eq(rig.l0.elements, 3);
	ck_assert_uint_eq(rig.l0.pages, 514);
	/* One list, completed over the two calls. */
	ck_assert_uint_eq(rig.l0.lists, 1);
	ck_assert_uint_eq(rig.l0.list_pages, 514);
	/* Only the other address space's entry is left. */
	ck_assert_uint_eq(rig.tlb.n, 1);
	ck_assert_uint_eq(rig.tlb.e[0].ep4ta, 0x6000);
	ck_assert_int_eq(hyperv_flush_guest_mapping(0x6000), 0);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, 2)->control, 0xAF);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, 2)->as, 0x6000);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, 2)->elements, 0);
	ck_assert_uint_eq(rig.tlb.n, 0);
	rig_down();
}
END_TEST

/* The record keeps the latest VR_MMU_HV_L0_LOG calls, each as it was answered. */
START_TEST(test_l0_call_record_window)
{
	u64 i;

	rig_up(0);
	rig.l0.nested_flush = false;
	for (i = 0; i < VR_MMU_HV_L0_LOG + 3; i++)
		hv_do_hypercall(0xAF, &rig.input, NULL);
	ck_assert_uint_eq(rig.l0.calls, VR_MMU_HV_L0_LOG + 3);
	ck_assert_ptr_null(vr_mmu_hv_l0_call(&rig.l0, 2));
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, 3)->result, HV_STATUS_ACCESS_DENIED);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, VR_MMU_HV_L0_LOG + 2)->control, 0xAF);
	ck_assert_ptr_null(vr_mmu_hv_l0_call(&rig.l0, VR_MMU_HV_L0_LOG + 3));
	/* An unknown code: no address space read. */
	rig.input.raw[0] = 0x5000;
	hv_do_hypercall(0x1234, &rig.input, NULL);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, VR_MMU_HV_L0_LOG + 3)->as, 0);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, VR_MMU_HV_L0_LOG + 3)->result,
			  HV_STATUS_INVALID_HYPERCALL_CODE);
	rig_down();
}
END_TEST

START_TEST(test_rep_loop_one_per_call)
{
	struct three_ranges r = { { 1, 2, 3 }, { 1, 1, 1 } };
	u64 status;

	rig_up(1);
	ck_assert_int_eq(hyperv_flush_guest_mapping_range(0x5000, fill_three, &r), 0);
	ck_assert_uint_eq(rig.l0.calls, 3);
	ck_assert_uint_eq(vr_mmu_hv_l0_call(&rig.l0, 2)->control, 0x00020003000000B0ull);
	/* One call by hand: success with 1 of 3 reps completed. */
	status = hv_do_hypercall(0x00000003000000B0ull, &rig.input, NULL);
	ck_assert_uint_eq(status, 1ull << 32);
	/* Not a completed list: only the first one counts, with its 3 pages. */
	ck_assert_uint_eq(rig.l0.lists, 1);
	ck_assert_uint_eq(rig.l0.list_pages, 3);
	/* Resumed at rep 1 and failed there: still not completed. */
	rig.l0.fail_status = HV_STATUS_OPERATION_DENIED;
	rig.l0.fail_count = 1;
	status = hv_do_hypercall(0x00010003000000B0ull, &rig.input, NULL);
	ck_assert_uint_eq(status, HV_STATUS_OPERATION_DENIED);
	ck_assert_uint_eq(rig.l0.lists, 1);
	/* Resumed twice more: now it is, with the pages of its three reps. */
	ck_assert_uint_eq(hv_do_hypercall(0x00010003000000B0ull, &rig.input, NULL), 2ull << 32);
	ck_assert_uint_eq(hv_do_hypercall(0x00020003000000B0ull, &rig.input, NULL), 3ull << 32);
	ck_assert_uint_eq(rig.l0.lists, 2);
	ck_assert_uint_eq(rig.l0.list_pages, 6);
	rig_down();
}
END_TEST

static int fill_fails(struct hv_guest_mapping_flush_list *flush, void *data)
{
	(void)data;
	return vr_v3_hyperv_fill_flush_guest_mapping_list(flush, 0, 0, KVM_PAGES_PER_HPAGE(4));
}

/*
 * The overflow is found however the input was written: here as a kernel
 * file's own fill would write it, element 600 of a legacy-sized list.
 */
START_TEST(test_overflow_found_whoever_filled)
{
	rig_up(0);
	ck_assert_uint_eq(vr_mmu_hv_input_overflow(&rig.cpu), 0);
	rig.input.raw[2 + 600] = 1;
	vr_mmu_hv_cpu_exit(vr_mmu_hv_cpu_enter(&rig.cpu));
	ck_assert_uint_eq(vr_mmu_hv_input_overflow(&rig.cpu), (2 + 600 + 1 - 512) * 8);
	/* Reported once; nothing ran on the CPU since. */
	ck_assert_uint_eq(vr_mmu_hv_input_overflow(&rig.cpu), 0);
	rig_down();
}
END_TEST

/*
 * HV_MAX_FLUSH_REP_COUNT is the current CPU's kernel's, read when a fill
 * runs: a kernel file's fill, which has the macro compiled in, writes as
 * many elements as the 2019 kernel did on a CPU modelling it.
 */
START_TEST(test_rep_count_is_the_cpus)
{
	struct vr_mmu_hv_cpu *prev = vr_mmu_hv_cpu_enter(NULL);

	ck_assert_uint_eq(HV_MAX_FLUSH_REP_COUNT, 510);
	vr_mmu_hv_cpu_exit(prev);
	rig_up(0);
	ck_assert_uint_eq(HV_MAX_FLUSH_REP_COUNT, 510);
	ck_assert_errno(hyperv_fill_flush_guest_mapping_list(&rig.input.list, 0, 0x100000),
			-ENOSPC);
	rig.cpu.max_flush_rep_count = VR_MMU_HV_LEGACY_MAX_FLUSH_REP_COUNT;
	ck_assert_uint_eq(HV_MAX_FLUSH_REP_COUNT, 4094);
	/* 2^20 pages: 512 elements, the last two past the page. */
	ck_assert_uint_eq(vr_mmu_hv_input_overflow(&rig.cpu), 0);
	vr_mmu_hv_cpu_exit(vr_mmu_hv_cpu_enter(&rig.cpu));
	ck_assert_int_eq(hyperv_fill_flush_guest_mapping_list(&rig.input.list, 0, 0x100000), 512);
	ck_assert_uint_eq(rig.input.raw[2 + 511], (0x100000ull - 2048) << 12 | 2047);
	ck_assert_uint_eq(vr_mmu_hv_input_overflow(&rig.cpu), 16);
	/* More than the input area holds is never the limit. */
	rig.cpu.max_flush_rep_count = VR_MMU_HV_INPUT_AREA_QWORDS;
	ck_assert_uint_eq(HV_MAX_FLUSH_REP_COUNT, 4094);
	rig_down();
}
END_TEST

/*
 * The machine is the core context's CPU state: the input page is read
 * through the context's CPU, and another model's CPU state is no machine.
 */
START_TEST(test_machine_is_the_contexts)
{
	struct vr_context ctx, *prev;
	int other;

	rig_up(0);
	vr_context_init(&ctx);
	ctx.cpu = 5;
	prev = vr_context_enter(&ctx);
	/* Entered on the thread's own context: not this one's. */
	ck_assert_ptr_null(hv_hypercall_pg);
	ck_assert_ptr_null(*this_cpu_ptr(hyperv_pcpu_input_arg));
	vr_mmu_hv_cpu_enter(&rig.cpu);
	ck_assert_ptr_eq(hv_hypercall_pg, &rig.l0);
	ck_assert_ptr_eq(this_cpu_ptr(hyperv_pcpu_input_arg), &rig.cpu.input_arg[5]);
	ck_assert_ptr_eq(*this_cpu_ptr(hyperv_pcpu_input_arg), &rig.input);
	ck_assert_ptr_eq(*per_cpu_ptr(hyperv_pcpu_input_arg, NR_CPUS - 1), &rig.input);
	ck_assert_int_eq(hyperv_flush_guest_mapping(0x5000), 0);
	ck_assert_uint_eq(rig.input.space.address_space, 0x5000);
	ctx.cpu_state = &other;
	ctx.cpu_owner = &other;
	ck_assert_ptr_null(vr_mmu_hv_cpu_current());
	ck_assert_ptr_null(hv_hypercall_pg);
	ck_assert_errno(hyperv_flush_guest_mapping(0x5000), -ENOTSUPP);
	vr_context_leave(prev);
	ck_assert_ptr_eq(hv_hypercall_pg, &rig.l0);
	rig_down();
}
END_TEST

START_TEST(test_client_errors)
{
	struct three_ranges r = { { 1, 2, 3 }, { 1, 1, 1 } };
	struct vr_mmu_hv_cpu *prev;

	/* No hypercall page (no CPU entered): -ENOTSUPP. */
	prev = vr_mmu_hv_cpu_enter(NULL);
	ck_assert_errno(hyperv_flush_guest_mapping(0x5000), -ENOTSUPP);
	ck_assert_errno(hyperv_flush_guest_mapping_range(0x5000, fill_three, &r), -ENOTSUPP);
	ck_assert_uint_eq(hv_do_hypercall(0xAF, NULL, NULL), UINT64_MAX);
	vr_mmu_hv_cpu_exit(prev);

	rig_up(0);
	ck_assert_errno(hyperv_flush_guest_mapping_range(0x5000, NULL, &r), -ENOTSUPP);
	/* The fill's -ENOSPC becomes -ENOTSUPP and no hypercall is made. */
	ck_assert_errno(hyperv_flush_guest_mapping_range(0x5000, fill_fails, NULL), -ENOTSUPP);
	ck_assert_uint_eq(rig.l0.calls, 0);
	/* A failed list hypercall returns the positive status. */
	rig.l0.fail_status = HV_STATUS_INSUFFICIENT_MEMORY;
	rig.l0.fail_count = 1;
	ck_assert_int_eq(hyperv_flush_guest_mapping_range(0x5000, fill_three, &r), 11);
	/* A failed space flush loses the status: -ENOTSUPP. */
	rig.l0.fail_count = 1;
	ck_assert_errno(hyperv_flush_guest_mapping(0x5000), -ENOTSUPP);
	rig.l0.nested_flush = false;
	ck_assert_int_eq(hyperv_flush_guest_mapping_range(0x5000, fill_three, &r),
			 HV_STATUS_ACCESS_DENIED);
	/* No per-CPU input page. */
	rig.cpu.input = NULL;
	ck_assert_errno(hyperv_flush_guest_mapping(0x5000), -ENOTSUPP);
	rig_down();
}
END_TEST

START_TEST(test_l0_statuses)
{
	u64 page[512];

	rig_up(0);
	memset(page, 0, sizeof(page));
	page[0] = 0x5000;
	page[2] = 0x10ull << 12;
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, 0x99, page),
			  HV_STATUS_INVALID_HYPERCALL_CODE);
	/* A list call with rep count 0, or a start beyond the count. */
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, 0xB0, page) & 0xffff,
			  HV_STATUS_INVALID_HYPERCALL_INPUT);
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, 0x00010001000000B0ull, page) & 0xffff,
			  HV_STATUS_INVALID_HYPERCALL_INPUT);
	/* Variable header, fast bit, reserved bits. */
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, 0x1000000B0ull | (1ull << 17), page),
			  HV_STATUS_INVALID_HYPERCALL_INPUT);
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, 0x1000000B0ull | (1ull << 16), page),
			  HV_STATUS_INVALID_HYPERCALL_INPUT);
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, 0x1000000B0ull | (1ull << 62), page),
			  HV_STATUS_INVALID_HYPERCALL_INPUT);
	/* The space flush is a simple call: no rep count. */
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, 0x1000000AFull, page),
			  HV_STATUS_INVALID_HYPERCALL_INPUT);
	/* 511 elements do not fit after the header. */
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, (511ull << 32) | 0xB0, page) & 0xffff,
			  HV_STATUS_INVALID_ALIGNMENT);
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, (510ull << 32) | 0xB0, page),
			  510ull << 32);
	/* Flags must be 0. */
	page[1] = 1;
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, 0xAF, page), HV_STATUS_INVALID_PARAMETER);
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, 0x1000000B0ull, page) & 0xffff,
			  HV_STATUS_INVALID_PARAMETER);
	page[1] = 0;
	/* Large-page element with reserved bits 20:13. */
	page[2] = (1ull << 21) | (1ull << 11) | (1ull << 13);
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, 0x1000000B0ull, page),
			  HV_STATUS_INVALID_PARAMETER);
	rig.l0.nested_flush = false;
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, 0xAF, page), HV_STATUS_ACCESS_DENIED);
	rig_down();
}
END_TEST

/* ---- the intersection rule (docs/mmu.md, "Invalidation") ---- */

START_TEST(test_intersection_rule)
{
	struct vr_mmu_tlb_flush_result r;

	rig_up(0);
	rig_cache(0x5000, 0x200, 2); /* 2 MiB: gfns 0x200..0x3ff */
	rig_cache(0x5000, 0x400, 1);
	rig_cache(0x5000, 0x1ff, 1);
	ck_assert_ptr_nonnull(vr_mmu_tlb_lookup(&rig.tlb, 0x5000, 0x3ff));
	/* gfn 0x2ff alone removes the whole 2 MiB entry, nothing else. */
	r = vr_mmu_tlb_flush_range(&rig.tlb, 0x5000, 0x2ff, 1);
	ck_assert_uint_eq(r.leaf, 1);
	ck_assert_ptr_null(vr_mmu_tlb_lookup(&rig.tlb, 0x5000, 0x300));
	ck_assert_uint_eq(rig.tlb.n, 2);
	/* [0x200, +0x200) touches neither 0x1ff nor 0x400. */
	rig_cache(0x5000, 0x200, 2);
	r = vr_mmu_tlb_flush_range(&rig.tlb, 0x5000, 0x200, 0x200);
	ck_assert_uint_eq(r.leaf, 1);
	ck_assert_uint_eq(rig.tlb.n, 2);
	/* A large-page element: one 2 MiB unit from 2 MiB frame 1. */
	rig_cache(0x5000, 0x200, 2);
	rig.input.raw[0] = 0x5000;
	rig.input.raw[1] = 0;
	rig.input.raw[2] = (1ull << 21) | (1ull << 11);
	ck_assert_uint_eq(vr_mmu_hv_l0_hypercall(&rig.l0, 0x1000000B0ull, rig.input.raw),
			  1ull << 32);
	ck_assert_uint_eq(rig.l0.pages, 512);
	ck_assert_uint_eq(rig.tlb.n, 2);
	/* Duplicates are harmless; all-context removes everything. */
	r = vr_mmu_tlb_flush_all(&rig.tlb);
	ck_assert_uint_eq(r.leaf, 2);
	ck_assert_uint_eq(rig.tlb.n, 0);
	rig_down();
}
END_TEST

START_TEST(test_tlb_eviction)
{
	struct vr_mmu_tlb t;
	struct vr_mmu_ept_walk w;
	u64 g;

	ck_assert_int_eq(vr_mmu_tlb_init(&t, 4, false), 0);
	memset(&w, 0, sizeof(w));
	w.level = 1;
	w.top = 1;
	w.perm = w.top_perm = 7;
	for (g = 0; g < 6; g++) {
		w.hpa = g << 12;
		vr_mmu_tlb_fill(&t, 0x5000 | VMX_EPTP_PWL_4, g << 12, &w);
	}
	ck_assert_uint_eq(t.n, 4);
	ck_assert_uint_eq(t.evicted, 2);
	ck_assert_ptr_null(vr_mmu_tlb_lookup(&t, 0x5000, 1));
	ck_assert_ptr_nonnull(vr_mmu_tlb_lookup(&t, 0x5000, 5));
	vr_mmu_tlb_destroy(&t);
	ck_assert_errno(vr_mmu_tlb_init(&t, 0, false), -EINVAL);
}
END_TEST

/* ---- the EPT walk (Intel SDM vol. 3C, EPT) ---- */

static struct vr_mem *ept_mem;
static const struct vr_mmu_ept_cfg ept_cfg = { 46, true };
#define PML4 0x10000ull
#define PDPT 0x11000ull
#define PD 0x12000ull
#define PT 0x13000ull
#define EPTP4 (PML4 | VMX_EPTP_PWL_4 | VMX_EPTP_MT_WB | VMX_EPTP_AD_ENABLE_BIT)

static void ept_setup(void)
{
	ept_mem = vr_mem_create("host");
	ck_assert_ptr_nonnull(ept_mem);
	ck_assert_int_eq(vr_mem_add(ept_mem, PML4, 0x4000), 0);
	vr_mem_write_le64(ept_mem, PML4, PDPT | 7);
	vr_mem_write_le64(ept_mem, PDPT, PD | 7);
	vr_mem_write_le64(ept_mem, PD, PT | 7);
	vr_mem_write_le64(ept_mem, PT + 8 * 5, 0x7000000ull | VR_MMU_EPT_RAM_LEAF);
}

static void ept_teardown(void)
{
	vr_mem_destroy(ept_mem);
}

static enum vr_mmu_ept_fault walk(u64 gfn, u8 access, struct vr_mmu_ept_walk *w)
{
	ck_assert_int_eq(
		vr_mmu_ept_walk(ept_mem, EPTP4, (gfn << 12) | 0x123, access, true, &ept_cfg, w), 0);
	return w->fault;
}

static u64 rd(u64 addr)
{
	u64 v;

	ck_assert_int_eq(vr_mem_read_le64(ept_mem, addr, &v), 0);
	return v;
}

START_TEST(test_walk_4k_and_ad)
{
	struct vr_mmu_ept_walk w;

	ept_setup();
	ck_assert_int_eq(walk(5, VMX_EPT_WRITABLE_MASK, &w), VR_MMU_EPT_OK);
	ck_assert_uint_eq(w.hpa, 0x7000123);
	ck_assert_uint_eq(w.level, 1);
	ck_assert_uint_eq(w.memtype, 6);
	ck_assert(w.ipat);
	/* A set on every level, D on the leaf for a write. */
	ck_assert_uint_eq(rd(PML4), PDPT | 7 | VMX_EPT_ACCESS_BIT);
	ck_assert_uint_eq(rd(PT + 40),
			  0x7000000ull | 0x77 | VMX_EPT_ACCESS_BIT | VMX_EPT_DIRTY_BIT);
	/* Not present. */
	ck_assert_int_eq(walk(6, VMX_EPT_READABLE_MASK, &w), VR_MMU_EPT_VIOLATION);
	ck_assert_uint_eq(w.level, 1);
	/* Bad walk length. */
	ck_assert_errno(vr_mmu_ept_walk(ept_mem, PML4 | 0x8, 0, 1, false, &ept_cfg, &w), -EINVAL);
	ept_teardown();
}
END_TEST

START_TEST(test_walk_permissions)
{
	struct vr_mmu_ept_walk w;

	ept_setup();
	/* Read-only PDE above a full leaf: the AND of all levels. */
	vr_mem_write_le64(ept_mem, PD, PT | 1);
	ck_assert_int_eq(walk(5, VMX_EPT_WRITABLE_MASK, &w), VR_MMU_EPT_VIOLATION);
	ck_assert_uint_eq(w.perm, 1);
	ck_assert_int_eq(walk(5, VMX_EPT_READABLE_MASK, &w), VR_MMU_EPT_OK);
	/* Execute-only leaf is allowed with the capability. */
	vr_mem_write_le64(ept_mem, PD, PT | 7);
	vr_mem_write_le64(ept_mem, PT + 40, 0x7000000ull | 4 | (6 << 3));
	ck_assert_int_eq(walk(5, VMX_EPT_EXECUTABLE_MASK, &w), VR_MMU_EPT_OK);
	ck_assert_int_eq(walk(5, VMX_EPT_READABLE_MASK, &w), VR_MMU_EPT_VIOLATION);
	ept_teardown();
}
END_TEST

/* Entry at @addr (level @level) and whether the walk to gfn 5 misconfigures. */
static const struct {
	u64 addr;
	u64 value;
	enum vr_mmu_ept_fault want;
} misconfigs[] = {
	{ PT + 40, 0x7000000ull | 2 | (6 << 3), VR_MMU_EPT_MISCONFIG },		      /* W, no R */
	{ PT + 40, 0x7000000ull | VMX_EPT_MISCONFIG_WX_VALUE, VR_MMU_EPT_MISCONFIG }, /* KVM MMIO */
	{ PT + 40, 0x7000000ull | 7 | (2 << 3), VR_MMU_EPT_MISCONFIG },	    /* memtype 2 */
	{ PT + 40, 0x7000000ull | 7 | (3 << 3), VR_MMU_EPT_MISCONFIG },	    /* memtype 3 */
	{ PT + 40, 0x7000000ull | 7 | (7 << 3), VR_MMU_EPT_MISCONFIG },	    /* memtype 7 */
	{ PT + 40, 0x7000000ull | 7 | (1 << 3), VR_MMU_EPT_OK },	    /* WC */
	{ PT + 40, 0x7000000ull | 7 | (1ull << 51), VR_MMU_EPT_MISCONFIG }, /* 51:N */
	{ PT + 40, 0x7000000ull | 7 | (1ull << 55), VR_MMU_EPT_OK },	    /* ignored */
	{ PT + 40, 0x7000000ull | 7 | (1ull << 7), VR_MMU_EPT_OK },	    /* PTE bit 7 */
	{ PML4, PDPT | 7 | (1ull << 7), VR_MMU_EPT_MISCONFIG },		    /* PML4E bit 7 */
	{ PML4, PDPT | 7 | (1ull << 3), VR_MMU_EPT_MISCONFIG },		    /* non-leaf 6:3 */
	{ PD, 0x200000ull | 7 | (1ull << 7) | (1ull << 12), VR_MMU_EPT_MISCONFIG },	/* 20:12 */
	{ PDPT, 0x40000000ull | 7 | (1ull << 7) | (1ull << 29), VR_MMU_EPT_MISCONFIG }, /* 29:12 */
	{ PDPT, 0x9000 | 7, VR_MMU_EPT_MISCONFIG }, /* table in unbacked memory: all ones */
};

START_TEST(test_walk_misconfig)
{
	struct vr_mmu_ept_walk w;

	ept_setup();
	vr_mem_write_le64(ept_mem, misconfigs[_i].addr, misconfigs[_i].value);
	ck_assert_int_eq(walk(5, VMX_EPT_READABLE_MASK, &w), misconfigs[_i].want);
	ept_teardown();
}
END_TEST

START_TEST(test_walk_large_and_5level)
{
	struct vr_mmu_ept_walk w;
	u64 eptp5 = 0x20000ull | VMX_EPTP_PWL_5 | VMX_EPTP_MT_WB;

	ept_setup();
	/* 2 MiB leaf: hpa from bits N-1:21 plus the 21-bit offset. */
	vr_mem_write_le64(ept_mem, PD, 0x40200000ull | VR_MMU_EPT_RAM_LEAF | VMX_EPT_LARGE_BIT);
	ck_assert_int_eq(walk(0x1ff, VMX_EPT_READABLE_MASK, &w), VR_MMU_EPT_OK);
	ck_assert_uint_eq(w.level, 2);
	ck_assert_uint_eq(w.hpa, 0x40200000ull + (0x1ffull << 12) + 0x123);
	/* 1 GiB leaf. */
	vr_mem_write_le64(ept_mem, PDPT, 0x80000000ull | VR_MMU_EPT_RAM_LEAF | VMX_EPT_LARGE_BIT);
	ck_assert_int_eq(walk(0x3ffff, VMX_EPT_READABLE_MASK, &w), VR_MMU_EPT_OK);
	ck_assert_uint_eq(w.level, 3);
	ck_assert_uint_eq(w.hpa, 0x80000000ull + (0x3ffffull << 12) + 0x123);
	/* A 5-level walk: PML5E at 0x20000 -> the same PML4. */
	ck_assert_int_eq(vr_mem_add(ept_mem, 0x20000, 4096), 0);
	vr_mem_write_le64(ept_mem, 0x20000, PML4 | 7);
	ck_assert_int_eq(vr_mmu_ept_walk(ept_mem, eptp5, 5ull << 12, 1, false, &ept_cfg, &w), 0);
	ck_assert_int_eq(w.fault, VR_MMU_EPT_OK);
	ck_assert_uint_eq(w.level, 3);
	/* Without A/D enabled in the EPTP nothing is written. */
	ck_assert_uint_eq(rd(0x20000), PML4 | 7);
	ept_teardown();
}
END_TEST

static const struct vr_test layout_tests[] = {
	VR_TEST(test_constants),
	VR_TEST(test_pages_per_level),
};
static const struct vr_test fill_tests[] = {
	VR_TEST(test_fill_counts),
	VR_TEST(test_fill_510_boundary),
	VR_TEST(test_fill_zero_pages),
	VR_TEST(test_overflow_found_whoever_filled),
	VR_TEST(test_rep_count_is_the_cpus),
	VR_TEST(test_l0_call_record_window),
	VR_TEST(test_fill_truncates_basepfn),
	VR_TEST(test_fill_offsets),
	VR_TEST(test_fill_negative_offset),
	VR_TEST(test_fill_adjacent_not_merged),
};
static const struct vr_test hypercall_tests[] = {
	VR_TEST(test_control_words_and_resume),
	VR_TEST(test_rep_loop_one_per_call),
	VR_TEST(test_client_errors),
	VR_TEST(test_machine_is_the_contexts),
	VR_TEST(test_l0_statuses),
	VR_TEST(test_intersection_rule),
	VR_TEST(test_tlb_eviction),
};
static const struct vr_test walk_tests[] = {
	VR_TEST(test_walk_4k_and_ad),
	VR_TEST(test_walk_permissions),
	VR_LOOP_TEST(test_walk_misconfig, 0, (int)VR_ARRAY_SIZE(misconfigs)),
	VR_TEST(test_walk_large_and_5level),
};
static const struct vr_tcase mmu_hv_tcases[] = {
	VR_TCASE("layout", layout_tests),
	VR_TCASE("fill", fill_tests),
	VR_TCASE("hypercall", hypercall_tests),
	VR_TCASE("walk", walk_tests),
};
const struct vr_suite vr_suite_mmu_hv = VR_SUITE("mmu_hv", mmu_hv_tcases);
