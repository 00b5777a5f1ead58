/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The mmu model's op table: map, zap and access guest ranges, dirty log,
 * aging, write protection, and the Hyper-V hypercalls issued directly.
 * The invariant is the stale-translation check of spec/mmu.md 8.4: after
 * every step no cached translation may differ from the current EPT.
 */
#include <string.h>
#include <virtref/mem.h>
#include <virtref/text.h>
#include <virtref/linux/slab.h>

#include "mmu/mmu_internal.h"

/* The guest window ops work in: memslot 0 by default, 128 MiB. */
#define GFN_MAX 0x7fffull

static const char *const access_names[] = { "read", "write", "exec" };
static const char *const fault_names[] = { "none", "violation", "misconfig" };

static const struct vr_field config_fields[] = {
	VR_ENUM_TABLE_OPT("profile", vri_mmu_profiles, VR_MMU_NR_PROFILES, VR_MMU_PROFILE_MAINLINE,
			  "kernel shape: mainline, seed V3 or V2"),
	VR_BOOL_OPT("legacy_rep_count", false, "HV_MAX_FLUSH_REP_COUNT = 4094 (missing parentheses)"),
	VR_BOOL_OPT("last_level_filter", true, "V2/V3: list only last_level pages (patch 10)"),
	VR_BOOL_OPT("nested_flush", true, "L0 offers the GPA flush hypercalls (CPUID bit 18)"),
	VR_BOOL_OPT("psc", true, "TLB caches paging-structure entries"),
	VR_U64_OPT("levels", 4, 5, 4, "EPT walk length"),
	VR_U64_OPT("vcpus", 1, VR_MMU_MAX_VCPUS, 1, "vCPUs"),
	VR_U64_OPT("reps_per_call", 0, 510, 0, "L0 returns after this many reps (0: all)"),
	VR_U64_OPT("tlb_entries", 1, 4096, 1024, "TLB capacity"),
	VR_U64_OPT("table_pages", 8, 4096, 1024, "EPT table pages KVM may use"),
	VR_U64_OPT("slot0_pages", 0, 0x100000, 0x8000, "memslot 0 at gfn 0 (0: none)"),
	VR_BOOL_OPT("prefetch", false, "TLB also caches the other leaves of a walked table"),
};

static int mmu_create(const struct vr_value *config, void **model)
{
	struct vr_mmu_config cfg;

	vr_mmu_config_default(&cfg);
	cfg.profile = (enum vr_mmu_profile)config[0].u;
	cfg.legacy_rep_count = config[1].u != 0;
	cfg.last_level_filter = config[2].u != 0;
	cfg.nested_flush = config[3].u != 0;
	cfg.psc = config[4].u != 0;
	cfg.levels = (u8)config[5].u;
	cfg.vcpus = (u8)config[6].u;
	cfg.reps_per_call = (u32)config[7].u;
	cfg.tlb_entries = (u32)config[8].u;
	cfg.table_pages = (u32)config[9].u;
	cfg.slot0_pages = config[10].u;
	cfg.prefetch = config[11].u != 0;
	return vr_mmu_create(&cfg, (struct vr_mmu **)model);
}

static void mmu_destroy(void *model)
{
	vr_mmu_destroy(model);
}


static u8 access_bits(u32 type)
{
	static const u8 bits[] = { VMX_EPT_READABLE_MASK, VMX_EPT_WRITABLE_MASK,
				   VMX_EPT_EXECUTABLE_MASK };

	return bits[type];
}

/* ---- ops ------------------------------------------------------------- */

static const struct vr_field map_args[] = {
	VR_U64("gfn", 0, GFN_MAX, "guest frame (rounded down to the level)"),
	VR_U64_OPT("level", 1, 3, 1, "1: 4K, 2: 2M, 3: 1G leaf"),
	VR_U64_OPT("access", 1, 7, 7, "R=1 W=2 X=4 (W needs R)"),
	VR_U64_OPT("alias", 0, 3, 0, "which host frame: a different alias remaps"),
};
static const struct vr_field ret_result[] = { VR_ERRNO("ret", "kernel return") };

static int body_op_map(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);

	vr_res_s64(c, 0, vri_mmu_map(kvm, vr_arg_u64(c, 0), (int)vr_arg_u64(c, 1),
				    (u8)vr_arg_u64(c, 2), (u8)vr_arg_u64(c, 3)));
	return 0;
}

static const struct vr_field zap_args[] = {
	VR_U64("gfn", 0, GFN_MAX, "a gfn the shadow page translates"),
	VR_U64_OPT("level", 1, 5, 1, "level of the shadow page (1: holds 4K leaves)"),
};
static const struct vr_field zap_results[] = {
	VR_U64("zapped", 0, 1, "shadow pages zapped (0: none at that level)"),
};

static int body_op_zap(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	struct kvm_mmu_page *sp;
	LIST_HEAD(invalid_list);
	int n = 0;

	sp = vri_mmu_find_sp(kvm, vr_arg_u64(c, 0), (int)vr_arg_u64(c, 1));
	if (sp)
		n = kvm_mmu_prepare_zap_page(kvm, sp, &invalid_list);
	kvm_mmu_commit_zap_page(kvm, &invalid_list);
	vr_res_u64(c, 0, (u64)n);
	return 0;
}

static const struct vr_field zap_all_results[] = {
	VR_U64("zapped", 0, UINT64_MAX, "shadow pages freed"),
};

static int body_op_zap_all(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	u64 before = kvm->pool_nfree;

	kvm_mmu_zap_all(kvm);
	vr_res_u64(c, 0, kvm->pool_nfree - before);
	return 0;
}

static const struct vr_field access_args[] = {
	VR_U64_OPT("vcpu", 0, VR_MMU_MAX_VCPUS - 1, 0, "vCPU"),
	VR_U64("gfn", 0, GFN_MAX, "guest frame touched"),
	VR_ENUM_OPT("type", access_names, 0, "read, write or exec"),
	VR_BOOL_OPT("handle", true, "let KVM handle an EPT violation and retry"),
};
static const struct vr_field access_results[] = {
	VR_ENUM("fault", fault_names, "none, violation or misconfig"),
	VR_BOOL("hit", "served from the TLB"),
	VR_U64("hpa", 0, UINT64_MAX, "host-physical address used"),
	VR_U64("level", 0, 5, "leaf level of the translation"),
};

static int body_op_access(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	struct vr_ept_walk w;
	bool hit;
	int ret;

	if ((int)vr_arg_u64(c, 0) >= kvm->created_vcpus)
		return -EINVAL;
	ret = vr_mmu_access(model, (int)vr_arg_u64(c, 0), vr_arg_u64(c, 1),
			    access_bits(vr_arg_enum(c, 2)), vr_arg_bool(c, 3), &w, &hit);
	if (ret)
		return ret;
	vr_res_u64(c, 0, w.fault);
	vr_res_bool(c, 1, hit);
	vr_res_u64(c, 2, w.fault == VR_EPT_OK ? w.hpa : 0);
	vr_res_u64(c, 3, w.fault == VR_EPT_OK ? w.level : 0);
	vr_explain(c, "vcpu %llu %s gfn 0x%llx: %s%s, hpa 0x%llx",
		   (unsigned long long)vr_arg_u64(c, 0), access_names[vr_arg_enum(c, 2)],
		   (unsigned long long)vr_arg_u64(c, 1), fault_names[w.fault],
		   hit ? " (TLB hit)" : "", (unsigned long long)w.hpa);
	return 0;
}

static const struct vr_field wp_args[] = {
	VR_U64_OPT("slot", 0, VR_MMU_MEMSLOTS - 1, 0, "memslot"),
	VR_U64("gfn", 0, GFN_MAX, "gfn to write-protect"),
};
static const struct vr_field wp_results[] = {
	VR_BOOL("flush", "kvm_mmu_slot_gfn_write_protect() asked the caller to flush"),
};

static int body_op_write_protect(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	struct kvm_memory_slot *slot = kvm_get_memslot(kvm, (u32)vr_arg_u64(c, 0));
	bool flush;

	flush = kvm_mmu_slot_gfn_write_protect(kvm, slot, vr_arg_u64(c, 1));
	/* kvm_slot_page_track_add_page(): the caller's full flush. */
	if (flush)
		kvm_flush_remote_tlbs(kvm);
	vr_res_bool(c, 0, flush);
	return 0;
}

static const struct vr_field memslot_args[] = {
	VR_U64("slot", 0, VR_MMU_MEMSLOTS - 1, "memslot id"),
	VR_U64("base_gfn", 0, (1ull << 36) - 1, "first gfn"),
	VR_U64("npages", 1, 1ull << 24, "pages"),
	VR_BOOL_OPT("dirty_log", false, "KVM_MEM_LOG_DIRTY_PAGES"),
};

static int body_op_set_memslot(void *model, struct vr_call *c)
{
	vr_res_s64(c, 0, vr_mmu_set_memslot(model, (u32)vr_arg_u64(c, 0), vr_arg_u64(c, 1),
					    vr_arg_u64(c, 2),
					    vr_arg_bool(c, 3) ? KVM_MEM_LOG_DIRTY_PAGES : 0));
	return 0;
}

static const struct vr_field logging_args[] = {
	VR_U64("slot", 0, VR_MMU_MEMSLOTS - 1, "memslot id"),
	VR_BOOL("on", "enable (write-protect everything) or disable"),
};

static int body_op_dirty_logging(void *model, struct vr_call *c)
{
	vr_res_s64(c, 0, vr_mmu_set_dirty_logging(model, (u32)vr_arg_u64(c, 0), vr_arg_bool(c, 1)));
	return 0;
}

static const struct vr_field get_log_args[] = {
	VR_U64("slot", 0, 0x2ffff, "address space << 16 | slot id"),
};
static const struct vr_field get_log_results[] = {
	VR_ERRNO("ret", "kernel return"),
	VR_U64("dirty", 0, UINT64_MAX, "pages reported dirty"),
};

static int body_op_get_dirty_log(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	struct kvm_memory_slot *slot = kvm_get_memslot(kvm, (u32)vr_arg_u64(c, 0));
	struct kvm_dirty_log log;
	unsigned long *buf = NULL;
	u64 dirty = 0;
	size_t i, n = 0;
	int ret;

	if (slot) {
		n = VR_BITS_TO_LONGS(slot->npages);
		buf = kcalloc(n, sizeof(long), GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
	}
	memset(&log, 0, sizeof(log));
	log.slot = (u32)vr_arg_u64(c, 0);
	log.dirty_bitmap = buf;
	ret = kvm_vm_ioctl_get_dirty_log(kvm, &log);
	for (i = 0; !ret && i < n; i++)
		dirty += (u64)__builtin_popcountl(buf[i]);
	kfree(buf);
	vr_res_s64(c, 0, ret);
	vr_res_u64(c, 1, dirty);
	return 0;
}

static const struct vr_field clear_log_args[] = {
	VR_U64("slot", 0, 0x2ffff, "address space << 16 | slot id"),
	VR_U64_OPT("first_page", 0, 1ull << 24, 0, "first page (multiple of 64)"),
	VR_U64("num_pages", 0, 1ull << 24, "pages to clear (all bits set)"),
};

static int body_op_clear_dirty_log(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	struct kvm_memory_slot *slot = kvm_get_memslot(kvm, (u32)vr_arg_u64(c, 0));
	struct kvm_clear_dirty_log log;
	unsigned long *buf;
	u64 pages = vr_arg_u64(c, 2);
	size_t n;
	int ret;

	/*
	 * The kernel reads num_pages bits only once they fit the slot, so a
	 * bitmap the size of the slot serves every call that gets that far.
	 */
	n = VR_BITS_TO_LONGS(slot ? min(pages, (u64)slot->npages) : 0) + 1;
	buf = kcalloc(n, sizeof(long), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memset(buf, 0xff, n * sizeof(long));
	memset(&log, 0, sizeof(log));
	log.slot = (u32)vr_arg_u64(c, 0);
	log.first_page = vr_arg_u64(c, 1);
	log.num_pages = (u32)vr_arg_u64(c, 2);
	log.dirty_bitmap = buf;
	ret = kvm_vm_ioctl_clear_dirty_log(kvm, &log);
	kfree(buf);
	vr_res_s64(c, 0, ret);
	return 0;
}

static const struct vr_field age_args[] = {
	VR_U64("gfn", 0, GFN_MAX, "first gfn of the range aged"),
	VR_U64_OPT("npages", 1, 0x8000, 1, "pages"),
	VR_BOOL_OPT("flush", true, "clear_flush_young (true) or clear_young"),
};
static const struct vr_field age_results[] = {
	VR_BOOL("young", "some page had its accessed bit set"),
};

static int body_op_age(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	gfn_t gfn = vr_arg_u64(c, 0);
	struct kvm_memory_slot *slot = vri_mmu_slot_of_gfn(kvm, gfn);
	unsigned long start = 0, end = 0;

	if (slot) {
		start = slot->userspace_addr + ((gfn - slot->base_gfn) << 12);
		end = start + (vr_arg_u64(c, 1) << 12);
	}
	vr_res_bool(c, 0, kvm_age_hva(kvm, start, end, vr_arg_bool(c, 2)) != 0);
	return 0;
}

static const struct vr_field sync_args[] = {
	VR_U64("gfn", 0, GFN_MAX, "a gfn of the level-1 shadow page"),
};

static int body_op_sync_page(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);

	vr_res_s64(c, 0, ept_sync_page(&kvm->vcpus[0], vri_mmu_find_sp(kvm, vr_arg_u64(c, 0), 1)));
	return 0;
}

static const struct vr_field flush_range_args[] = {
	VR_U64("start_gfn", 0, (1ull << 52) - 1, "first gfn"),
	VR_U64("pages", 0, 1ull << 32, "pages (0 is the fill's 2048-page edge)"),
};
static const struct vr_field flush_range_results[] = {
	VR_BOOL("fallback", "the range flush failed and a full flush was done"),
};

static int body_op_flush_range(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	u64 before = kvm->stats.fallbacks;

	kvm_flush_remote_tlbs_with_address(kvm, vr_arg_u64(c, 0), vr_arg_u64(c, 1));
	vr_res_bool(c, 0, kvm->stats.fallbacks != before);
	return 0;
}

static int body_op_flush_all(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);

	kvm_flush_remote_tlbs(kvm);
	return 0;
}

static const struct vr_field hypercall_args[] = {
	VR_U64_OPT("code", 0, 0xffff, HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST, "call code"),
	VR_U64_OPT("rep_count", 0, 4095, 0, "rep count (0: the number of elements)"),
	VR_U64_OPT("rep_start", 0, 4095, 0, "rep start index"),
	VR_U64_OPT("varhead", 0, 1023, 0, "variable header size in QWORDs"),
	VR_BOOL_OPT("fast", false, "fast (register) calling convention"),
	VR_U64("address_space", 0, UINT64_MAX, "AddressSpace field"),
	VR_U64_OPT("flags", 0, UINT64_MAX, 0, "Flags field (must be 0)"),
	{ .name = "elements", .type = VR_T_LIST, .max = UINT64_MAX, .max_len = 16,
	  .optional = true, .doc = "raw HV_GPA_PAGE_RANGE elements (default none)" },
};
static const struct vr_field hypercall_results[] = {
	VR_U64("status", 0, 0xffff, "HV_STATUS_*"),
	VR_U64("reps", 0, 4095, "reps completed"),
	VR_U64("control", 0, UINT64_MAX, "the input value issued"),
};

static int body_op_hypercall(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	const struct vr_value *el = &c->args[7];
	u64 page[512];
	u64 control, result, count = vr_arg_u64(c, 1);
	u32 i;

	memset(page, 0, sizeof(page));
	page[0] = vr_arg_u64(c, 5);
	page[1] = vr_arg_u64(c, 6);
	for (i = 0; i < el->len; i++)
		page[2 + i] = el->list[i];
	if (!count && vr_arg_u64(c, 0) == HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST)
		count = el->len;
	control = vr_arg_u64(c, 0) | (vr_arg_bool(c, 4) ? HV_HYPERCALL_FAST_BIT : 0) |
		  (vr_arg_u64(c, 3) << HV_HYPERCALL_VARHEAD_OFFSET) |
		  (count << HV_HYPERCALL_REP_COMP_OFFSET) |
		  (vr_arg_u64(c, 2) << HV_HYPERCALL_REP_START_OFFSET);
	kvm->l0.explain = c->explain;
	result = vr_hv_l0_hypercall(&kvm->l0, control, page);
	kvm->l0.explain = NULL;
	vr_res_u64(c, 0, result & HV_HYPERCALL_RESULT_MASK);
	vr_res_u64(c, 1, (result & HV_HYPERCALL_REP_COMP_MASK) >> HV_HYPERCALL_REP_COMP_OFFSET);
	vr_res_u64(c, 2, control);
	return 0;
}

static const struct vr_field fill_args[] = {
	VR_S64("offset", -1024, 1024, "V3 offset (mainline: 0)"),
	VR_U64("start_gfn", 0, UINT64_MAX, "first gfn"),
	VR_U64("pages", 0, UINT64_MAX, "pages"),
};
static const struct vr_field fill_results[] = {
	VR_S64("ret", -4095, 4094, "elements in the list, or -ENOSPC (-28)"),
	VR_LIST("elements", 0, UINT64_MAX, 510, "raw elements from max(offset, 0) on"),
};

static int body_op_fill(void *model, struct vr_call *c)
{
	struct hv_guest_mapping_flush_list list;
	int offset = (int)vr_arg_s64(c, 0);
	int ret, from = offset > 0 ? offset : 0, to;
	u64 *out;
	int i;

	(void)model;
	memset(&list, 0, sizeof(list));
	ret = vr_v3_hyperv_fill_flush_guest_mapping_list(&list, offset, vr_arg_u64(c, 1),
							 vr_arg_u64(c, 2));
	/* On -ENOSPC the written prefix stays: report up to the limit. */
	to = ret >= 0 ? ret : (int)HV_MAX_FLUSH_REP_COUNT;
	if (from > to || offset < 0)
		to = from;
	vr_res_s64(c, 0, ret);
	out = vr_res_list(c, 1, (u32)(to - from));
	if (!out)
		return -E2BIG;
	for (i = from; i < to; i++)
		out[i - from] = list.gpa_list[i].address_space;
	vr_explain(c, "fill offset %d gfn 0x%llx pages %llu: %d", offset,
		   (unsigned long long)vr_arg_u64(c, 1), (unsigned long long)vr_arg_u64(c, 2), ret);
	return 0;
}

static const struct vr_field space_args[] = {
	VR_U64("as", 0, UINT64_MAX, "address space (EPTP & PAGE_MASK)"),
};

static int body_op_flush_space(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	struct vr_hv_cpu *prev = vr_hv_cpu_enter(&kvm->cpu);

	kvm->l0.explain = c->explain;
	vr_res_s64(c, 0, hyperv_flush_guest_mapping(vr_arg_u64(c, 0)));
	kvm->l0.explain = NULL;
	vr_hv_cpu_exit(prev);
	return 0;
}

static const struct vr_field fail_args[] = {
	/* Not 0: an L0 that reports HV_STATUS_SUCCESS has done the flush. */
	VR_U64("status", 1, 0xffff, "HV status the next calls return"),
	VR_U64_OPT("count", 0, 16, 1, "how many calls fail"),
};

static int body_op_l0_fail(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);

	kvm->l0.fail_status = (u16)vr_arg_u64(c, 0);
	kvm->l0.fail_count = (u32)vr_arg_u64(c, 1);
	return 0;
}

static const struct vr_field eptp_args[] = {
	VR_U64_OPT("vcpu", 0, VR_MMU_MAX_VCPUS - 1, 0, "vCPU"),
};
static const struct vr_field eptp_results[] = {
	VR_U64("eptp", 0, UINT64_MAX, "the EPTP the vCPU runs with"),
};

static int body_op_eptp(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	int ret;

	if ((int)vr_arg_u64(c, 0) >= kvm->created_vcpus)
		return -EINVAL;
	ret = kvm_mmu_load(&kvm->vcpus[vr_arg_u64(c, 0)]);
	if (ret)
		return ret;
	vr_res_u64(c, 0, vri_mmu_vcpu_eptp(&kvm->vcpus[vr_arg_u64(c, 0)]));
	return 0;
}

static const struct vr_field stats_results[] = {
	VR_U64("pages_needed", 0, UINT64_MAX, "pages whose translation was removed or reduced"),
	VR_U64("pages_flushed", 0, UINT64_MAX, "pages named by completed range flushes"),
	VR_U64("range_flushes", 0, UINT64_MAX, "completed range/list flushes"),
	VR_U64("full_flushes", 0, UINT64_MAX, "kvm_flush_remote_tlbs() calls"),
	VR_U64("fallbacks", 0, UINT64_MAX, "range flushes that fell back to a full flush"),
	VR_U64("skipped", 0, UINT64_MAX, "V3: empty lists, no flush"),
	VR_U64("hypercalls", 0, UINT64_MAX, "hypercalls issued, resumptions included"),
	VR_U64("elements", 0, UINT64_MAX, "rep elements L0 processed"),
	VR_U64("cached", 0, UINT64_MAX, "TLB entries now"),
};

static int body_op_stats(void *model, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(model);

	vr_res_u64(c, 0, kvm->stats.pages_needed);
	vr_res_u64(c, 1, kvm->stats.pages_flushed);
	vr_res_u64(c, 2, kvm->stats.range_flushes);
	vr_res_u64(c, 3, kvm->stats.full_flushes);
	vr_res_u64(c, 4, kvm->stats.fallbacks);
	vr_res_u64(c, 5, kvm->stats.skipped);
	vr_res_u64(c, 6, kvm->l0.calls);
	vr_res_u64(c, 7, kvm->l0.elements);
	vr_res_u64(c, 8, kvm->tlb.n);
	vr_explain(c, "over-flush: %llu pages flushed by range for %llu that needed it",
		   (unsigned long long)kvm->stats.pages_flushed,
		   (unsigned long long)kvm->stats.pages_needed);
	return 0;
}

/* Every op runs with the kernel-shaped layer narrating into the call. */
#define WRAP(fn)                                                     \
	static int fn(void *model, struct vr_call *c)                \
	{                                                            \
		struct kvm *kvm = vr_mmu_kvm(model);                             \
		int ret;                                             \
									     \
		kvm->explain = c->explain;                           \
		ret = body_##fn(model, c);                           \
		kvm->explain = NULL;                                 \
		return ret;                                          \
	}
WRAP(op_map)
WRAP(op_zap)
WRAP(op_zap_all)
WRAP(op_access)
WRAP(op_write_protect)
WRAP(op_set_memslot)
WRAP(op_dirty_logging)
WRAP(op_get_dirty_log)
WRAP(op_clear_dirty_log)
WRAP(op_age)
WRAP(op_sync_page)
WRAP(op_flush_range)
WRAP(op_flush_all)
WRAP(op_hypercall)
WRAP(op_fill)
WRAP(op_flush_space)
WRAP(op_l0_fail)
WRAP(op_eptp)
WRAP(op_stats)

#define OP(n, d, a, r, fn) \
	{ .name = (n), .doc = (d), .args = (a), .nargs = VR_ARRAY_SIZE(a), \
	  .results = (r), .nresults = VR_ARRAY_SIZE(r), .apply = (fn) }
#define OP_NOARGS(n, d, r, fn) \
	{ .name = (n), .doc = (d), .results = (r), .nresults = VR_ARRAY_SIZE(r), .apply = (fn) }

static const struct vr_op mmu_ops[] = {
	OP("map", "install a leaf as KVM's fault path does", map_args, ret_result, op_map),
	OP("zap", "zap the shadow page at a level and commit (the profile's flush)", zap_args,
	   zap_results, op_zap),
	OP_NOARGS("zap_all", "kvm_mmu_zap_all(): every page on one invalid list, one commit",
		  zap_all_results, op_zap_all),
	OP("access", "the guest touches a gfn: TLB, EPT walk, KVM fault handling", access_args,
	   access_results, op_access),
	OP("write_protect", "kvm_mmu_slot_gfn_write_protect() and the caller's flush", wp_args,
	   wp_results, op_write_protect),
	OP("set_memslot", "create a memslot", memslot_args, ret_result, op_set_memslot),
	OP("dirty_logging", "turn dirty logging of a slot on or off", logging_args, ret_result,
	   op_dirty_logging),
	OP("get_dirty_log", "KVM_GET_DIRTY_LOG", get_log_args, get_log_results, op_get_dirty_log),
	OP("clear_dirty_log", "KVM_CLEAR_DIRTY_LOG with every bit set", clear_log_args,
	   ret_result, op_clear_dirty_log),
	OP("age", "kvm_age_hva() over the range's hvas", age_args, age_results, op_age),
	OP("sync_page", "FNAME(sync_page) of the level-1 page of a gfn", sync_args, ret_result,
	   op_sync_page),
	OP("flush_range", "kvm_flush_remote_tlbs_with_address()", flush_range_args,
	   flush_range_results, op_flush_range),
	{ .name = "flush_all", .doc = "kvm_flush_remote_tlbs()", .apply = op_flush_all },
	OP("hypercall", "issue 0x00AF/0x00B0 (or any code) to L0 directly", hypercall_args,
	   hypercall_results, op_hypercall),
	OP("fill", "hyperv_fill_flush_guest_mapping_list() into a scratch page", fill_args,
	   fill_results, op_fill),
	OP("flush_space", "hyperv_flush_guest_mapping()", space_args, ret_result, op_flush_space),
	{ .name = "l0_fail", .doc = "make L0 fail the next hypercalls with a status",
	  .args = fail_args, .nargs = VR_ARRAY_SIZE(fail_args), .apply = op_l0_fail },
	OP("eptp", "the EPTP a vCPU runs with (loads its root)", eptp_args, eptp_results, op_eptp),
	OP_NOARGS("stats", "flush accounting", stats_results, op_stats),
};

/* ---- invariants, dump, memory ---------------------------------------- */

static int mmu_invariants(void *model, struct vr_text *why)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	size_t over = vr_hv_input_overflow(&kvm->cpu);
	u32 stale = vr_mmu_check_stale(model, why);

	if (over)
		vr_text_printf(why, "hypercall input overflowed its page: %zu bytes written past it\n",
			       over);
	return stale || over;
}

static void mmu_dump(void *model, struct vr_text *out)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	struct kvm_mmu_page *sp;
	u32 i;

	vr_text_printf(out, "profile %s, %u-level EPT\n", kvm->profile->name,
		       kvm->cfg.levels);
	list_for_each_entry(sp, &kvm->active_mmu_pages, link)
		vr_text_printf(out, "sp gfn 0x%llx level %u table 0x%llx%s%s%s\n",
			       (unsigned long long)sp->gfn, sp->role.level,
			       (unsigned long long)sp->spt, sp->last_level ? " last_level" : "",
			       sp->role.invalid ? " invalid" : "",
			       sp->parent || sp->root_count ? "" : " unlinked");
	for (i = 0; i < kvm->tlb.n; i++) {
		const struct vr_tlb_entry *e = &kvm->tlb.e[i];

		vr_text_printf(out, "tlb %s EP4TA 0x%llx gfn 0x%llx level %u -> 0x%llx perm %u\n",
			       e->kind == VR_TLB_LEAF ? "leaf" : "psc", (unsigned long long)e->ep4ta,
			       (unsigned long long)e->gfn, e->level, (unsigned long long)e->hpa,
			       e->perm);
	}
	vr_text_printf(out,
		       "stats: needed %llu flushed %llu range %llu full %llu fallbacks %llu skipped %llu hypercalls %llu elements %llu\n",
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
static void mmu_dot(void *model, struct vr_text *out)
{
	struct kvm *kvm = vr_mmu_kvm(model);
	struct kvm_mmu_page *sp;
	u32 i;

	vr_ept_memo_reset(kvm->tlb.memo);
	vr_text_printf(out, "digraph mmu {\n  rankdir=LR;\n  node [shape=box, fontname=monospace];\n");
	list_for_each_entry(sp, &kvm->active_mmu_pages, link) {
		vr_text_printf(out, "  t%llx [label=\"L%u sp gfn 0x%llx\\ntable 0x%llx%s\"%s];\n",
			       (unsigned long long)sp->spt, sp->role.level,
			       (unsigned long long)sp->gfn, (unsigned long long)sp->spt,
			       sp->last_level ? "\\nlast_level" : "",
			       sp->role.invalid ? ", color=grey"
			       : sp->parent || sp->root_count ? "" : ", style=dashed");
		if (sp->parent)
			vr_text_printf(out, "  t%llx -> t%llx [label=\"%u\"];\n",
				       (unsigned long long)sp->parent->spt,
				       (unsigned long long)sp->spt, sp->parent_index);
	}
	for (i = 0; i < kvm->tlb.n; i++) {
		const struct vr_tlb_entry *e = &kvm->tlb.e[i];
		const char *stale = vr_tlb_entry_stale(e, kvm->host, kvm->tlb.memo, &kvm->ept);

		vr_text_printf(out,
			       "  e%u [shape=ellipse, label=\"%s L%u gfn 0x%llx\\n-> 0x%llx%s%s\"%s];\n",
			       i, e->kind == VR_TLB_LEAF ? "TLB" : "PSC", e->level,
			       (unsigned long long)e->gfn, (unsigned long long)e->hpa,
			       stale ? "\\nstale: " : "", stale ? stale : "",
			       stale ? ", color=red" : "");
		if (e->kind == VR_TLB_PSC && vri_mmu_sp_of_table(kvm, e->hpa))
			vr_text_printf(out, "  e%u -> t%llx [style=dotted];\n", i,
				       (unsigned long long)e->hpa);
	}
	vr_text_printf(out, "}\n");
}

static const char *const mmu_spaces[] = { "host" };

static struct vr_mem *mmu_mem(void *model, uint32_t space)
{
	struct kvm *kvm = vr_mmu_kvm(model);

	return space == 0 ? kvm->host : NULL;
}

const struct vr_model vr_model_mmu = {
	.name = "mmu",
	.doc = "x86 EPT + TLB, Hyper-V GPA flush hypercalls, KVM range-flush paths",
	.config = config_fields,
	.nconfig = VR_ARRAY_SIZE(config_fields),
	.create = mmu_create,
	.destroy = mmu_destroy,
	.ops = mmu_ops,
	.nops = VR_ARRAY_SIZE(mmu_ops),
	.invariants = mmu_invariants,
	.dump = mmu_dump,
	.mem_spaces = mmu_spaces,
	.nmem_spaces = VR_ARRAY_SIZE(mmu_spaces),
	.mem = mmu_mem,
	.dot = mmu_dot,
};
