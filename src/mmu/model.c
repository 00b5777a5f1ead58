/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The mmu model's op table: map, zap and access guest ranges, dirty log,
 * aging, write protection, and the Hyper-V hypercalls issued directly.
 * Every op reads its arguments, calls the layers below and stores what
 * they returned; the invariants are in invariants.c, the dump and the
 * picture in show.c.
 */
#include <string.h>
#include <virtref/err.h>
#include <virtref/linux/slab.h>

#include "mmu/mmu_internal.h"

/* The guest window ops work in: memslot 0 by default, 128 MiB. */
#define GFN_MAX 0x7fffull

static const char *const access_names[] = { "read", "write", "exec" };
static const char *const fault_names[] = { "none", "violation", "misconfig" };

enum {
	CFG_PROFILE,
	CFG_LEGACY_REP_COUNT,
	CFG_LAST_LEVEL_FILTER,
	CFG_NESTED_FLUSH,
	CFG_PSC,
	CFG_LEVELS,
	CFG_VCPUS,
	CFG_REPS_PER_CALL,
	CFG_TLB_ENTRIES,
	CFG_TABLE_PAGES,
	CFG_SLOT0_PAGES,
	CFG_PREFETCH,
	NR_CONFIG
};
static const struct vr_field config_fields[] = {
	[CFG_PROFILE] =
		VR_ENUM_TABLE_OPT("profile", vri_mmu_profiles, VR_MMU_NR_PROFILES,
				  VR_MMU_PROFILE_MAINLINE, "kernel shape: mainline, seed V3 or V2"),
	[CFG_LEGACY_REP_COUNT] = VR_BOOL_OPT("legacy_rep_count", false,
					     "HV_MAX_FLUSH_REP_COUNT = 4094 (missing parentheses)"),
	[CFG_LAST_LEVEL_FILTER] = VR_BOOL_OPT("last_level_filter", true,
					      "V2/V3: list only last_level pages (patch 10)"),
	[CFG_NESTED_FLUSH] = VR_BOOL_OPT("nested_flush", true,
					 "L0 offers the GPA flush hypercalls (CPUID bit 18)"),
	[CFG_PSC] = VR_BOOL_OPT("psc", true, "TLB caches paging-structure entries"),
	[CFG_LEVELS] = VR_U64_OPT("levels", 4, 5, 4, "EPT walk length"),
	[CFG_VCPUS] = VR_U64_OPT("vcpus", 1, VR_MMU_MAX_VCPUS, 1, "vCPUs"),
	[CFG_REPS_PER_CALL] =
		VR_U64_OPT("reps_per_call", 0, 510, 0, "L0 returns after this many reps (0: all)"),
	[CFG_TLB_ENTRIES] = VR_U64_OPT("tlb_entries", 1, 4096, 1024, "TLB capacity"),
	[CFG_TABLE_PAGES] = VR_U64_OPT("table_pages", 8, 4096, 1024, "EPT table pages KVM may use"),
	[CFG_SLOT0_PAGES] =
		VR_U64_OPT("slot0_pages", 0, 0x100000, 0x8000, "memslot 0 at gfn 0 (0: none)"),
	[CFG_PREFETCH] = VR_BOOL_OPT("prefetch", false,
				     "TLB also caches the other leaves of a walked table"),
};
VR_FIELDS_CHECK(config_fields, NR_CONFIG);

static int mmu_create(const struct vr_value *config, void **model)
{
	struct vr_mmu_config cfg;

	vr_mmu_config_default(&cfg);
	cfg.profile = (enum vr_mmu_profile)config[CFG_PROFILE].u;
	cfg.legacy_rep_count = config[CFG_LEGACY_REP_COUNT].u != 0;
	cfg.last_level_filter = config[CFG_LAST_LEVEL_FILTER].u != 0;
	cfg.nested_flush = config[CFG_NESTED_FLUSH].u != 0;
	cfg.psc = config[CFG_PSC].u != 0;
	cfg.levels = (u8)config[CFG_LEVELS].u;
	cfg.vcpus = (u8)config[CFG_VCPUS].u;
	cfg.reps_per_call = (u32)config[CFG_REPS_PER_CALL].u;
	cfg.tlb_entries = (u32)config[CFG_TLB_ENTRIES].u;
	cfg.table_pages = (u32)config[CFG_TABLE_PAGES].u;
	cfg.slot0_pages = config[CFG_SLOT0_PAGES].u;
	cfg.prefetch = config[CFG_PREFETCH].u != 0;
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

/* The result of every op that returns what the kernel function did. */
enum { RET_RET, RET_NR_RESULTS };
static const struct vr_field ret_result[] = {
	[RET_RET] = VR_ERRNO("ret", "kernel return"),
};
VR_FIELDS_CHECK(ret_result, RET_NR_RESULTS);

/* ---- map -------------------------------------------------------------- */

enum { MAP_GFN, MAP_LEVEL, MAP_ACCESS, MAP_ALIAS, MAP_NR_ARGS };
static const struct vr_field map_args[] = {
	[MAP_GFN] = VR_U64("gfn", 0, GFN_MAX, "guest frame (rounded down to the level)"),
	[MAP_LEVEL] = VR_U64_OPT("level", 1, 3, 1, "1: 4K, 2: 2M, 3: 1G leaf"),
	[MAP_ACCESS] = VR_U64_OPT("access", 1, 7, 7, "R=1 W=2 X=4 (W needs R)"),
	[MAP_ALIAS] = VR_U64_OPT("alias", 0, 3, 0, "which host frame: a different alias remaps"),
};
VR_FIELDS_CHECK(map_args, MAP_NR_ARGS);

static int op_map(struct vr_mmu *mmu, struct vr_call *c)
{
	int ret = vr_mmu_map(mmu, vr_arg_u64(c, MAP_GFN), (int)vr_arg_u64(c, MAP_LEVEL),
			     (u8)vr_arg_u64(c, MAP_ACCESS), (u8)vr_arg_u64(c, MAP_ALIAS));

	vr_res_s64(c, RET_RET, ret);
	return 0;
}

/* ---- zap, zap_all ----------------------------------------------------- */

enum { ZAP_GFN, ZAP_LEVEL, ZAP_NR_ARGS };
static const struct vr_field zap_args[] = {
	[ZAP_GFN] = VR_U64("gfn", 0, GFN_MAX, "a gfn the shadow page translates"),
	[ZAP_LEVEL] = VR_U64_OPT("level", 1, 5, 1, "level of the shadow page (1: holds 4K leaves)"),
};
VR_FIELDS_CHECK(zap_args, ZAP_NR_ARGS);
enum { ZAP_ZAPPED, ZAP_NR_RESULTS };
static const struct vr_field zap_results[] = {
	[ZAP_ZAPPED] = VR_U64("zapped", 0, 1, "shadow pages zapped (0: none at that level)"),
};
VR_FIELDS_CHECK(zap_results, ZAP_NR_RESULTS);

static int op_zap(struct vr_mmu *mmu, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(mmu);
	struct kvm_mmu_page *sp;
	LIST_HEAD(invalid_list);
	int n = 0;

	sp = vr_mmu_find_sp(mmu, vr_arg_u64(c, ZAP_GFN), (int)vr_arg_u64(c, ZAP_LEVEL));
	if (sp)
		n = kvm_mmu_prepare_zap_page(kvm, sp, &invalid_list);
	kvm_mmu_commit_zap_page(kvm, &invalid_list);
	vr_res_u64(c, ZAP_ZAPPED, (u64)n);
	return 0;
}

enum { ZAP_ALL_ZAPPED, ZAP_ALL_NR_RESULTS };
static const struct vr_field zap_all_results[] = {
	[ZAP_ALL_ZAPPED] = VR_U64("zapped", 0, UINT64_MAX, "shadow pages freed"),
};
VR_FIELDS_CHECK(zap_all_results, ZAP_ALL_NR_RESULTS);

static int op_zap_all(struct vr_mmu *mmu, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(mmu);
	u64 before = kvm->pool_nfree;

	kvm_mmu_zap_all(kvm);
	vr_res_u64(c, ZAP_ALL_ZAPPED, kvm->pool_nfree - before);
	return 0;
}

/* ---- access ----------------------------------------------------------- */

enum { ACCESS_VCPU, ACCESS_GFN, ACCESS_TYPE, ACCESS_HANDLE, ACCESS_NR_ARGS };
static const struct vr_field access_args[] = {
	[ACCESS_VCPU] = VR_U64_OPT("vcpu", 0, VR_MMU_MAX_VCPUS - 1, 0, "vCPU"),
	[ACCESS_GFN] = VR_U64("gfn", 0, GFN_MAX, "guest frame touched"),
	[ACCESS_TYPE] = VR_ENUM_OPT("type", access_names, 0, "read, write or exec"),
	[ACCESS_HANDLE] = VR_BOOL_OPT("handle", true, "let KVM handle an EPT violation and retry"),
};
VR_FIELDS_CHECK(access_args, ACCESS_NR_ARGS);
enum { ACCESS_FAULT, ACCESS_HIT, ACCESS_HPA, ACCESS_LEVEL, ACCESS_NR_RESULTS };
static const struct vr_field access_results[] = {
	[ACCESS_FAULT] = VR_ENUM("fault", fault_names, "none, violation or misconfig"),
	[ACCESS_HIT] = VR_BOOL("hit", "served from the TLB"),
	[ACCESS_HPA] = VR_U64("hpa", 0, UINT64_MAX, "host-physical address used"),
	[ACCESS_LEVEL] = VR_U64("level", 0, 5, "leaf level of the translation"),
};
VR_FIELDS_CHECK(access_results, ACCESS_NR_RESULTS);

static int op_access(struct vr_mmu *mmu, struct vr_call *c)
{
	int vcpu = (int)vr_arg_u64(c, ACCESS_VCPU);
	u32 type = vr_arg_enum(c, ACCESS_TYPE);
	gfn_t gfn = vr_arg_u64(c, ACCESS_GFN);
	struct vr_mmu_ept_walk w;
	bool hit;
	int ret;

	/* A vCPU the config did not create names nothing: the step cannot apply. */
	if (vcpu >= vr_mmu_kvm(mmu)->created_vcpus)
		return -EINVAL;
	ret = vr_mmu_access(mmu, vcpu, gfn, access_bits(type), vr_arg_bool(c, ACCESS_HANDLE), &w,
			    &hit);
	if (ret)
		return ret;
	vr_res_u64(c, ACCESS_FAULT, w.fault);
	vr_res_bool(c, ACCESS_HIT, hit);
	vr_res_u64(c, ACCESS_HPA, w.fault == VR_MMU_EPT_OK ? w.hpa : 0);
	vr_res_u64(c, ACCESS_LEVEL, w.fault == VR_MMU_EPT_OK ? w.level : 0);
	vr_explain(c, "vcpu %d %s gfn 0x%llx: %s%s, hpa 0x%llx", vcpu, access_names[type],
		   (unsigned long long)gfn, fault_names[w.fault], hit ? " (TLB hit)" : "",
		   (unsigned long long)w.hpa);
	return 0;
}

/* ---- write_protect ---------------------------------------------------- */

enum { WP_SLOT, WP_GFN, WP_NR_ARGS };
static const struct vr_field wp_args[] = {
	[WP_SLOT] = VR_U64_OPT("slot", 0, VR_MMU_MEMSLOTS - 1, 0, "memslot"),
	[WP_GFN] = VR_U64("gfn", 0, GFN_MAX, "gfn to write-protect"),
};
VR_FIELDS_CHECK(wp_args, WP_NR_ARGS);
enum { WP_FLUSH, WP_NR_RESULTS };
static const struct vr_field wp_results[] = {
	[WP_FLUSH] = VR_BOOL("flush", "kvm_mmu_slot_gfn_write_protect() asked the caller to flush"),
};
VR_FIELDS_CHECK(wp_results, WP_NR_RESULTS);

static int op_write_protect(struct vr_mmu *mmu, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(mmu);
	struct kvm_memory_slot *slot = kvm_get_memslot(kvm, (u32)vr_arg_u64(c, WP_SLOT));
	bool flush;

	flush = kvm_mmu_slot_gfn_write_protect(kvm, slot, vr_arg_u64(c, WP_GFN));
	/* kvm_slot_page_track_add_page(): the caller's full flush. */
	if (flush)
		kvm_flush_remote_tlbs(kvm);
	vr_res_bool(c, WP_FLUSH, flush);
	return 0;
}

/* ---- memslots and dirty logging --------------------------------------- */

enum { MEMSLOT_SLOT, MEMSLOT_BASE_GFN, MEMSLOT_NPAGES, MEMSLOT_DIRTY_LOG, MEMSLOT_NR_ARGS };
static const struct vr_field memslot_args[] = {
	[MEMSLOT_SLOT] = VR_U64("slot", 0, VR_MMU_MEMSLOTS - 1, "memslot id"),
	[MEMSLOT_BASE_GFN] = VR_U64("base_gfn", 0, (1ull << 36) - 1, "first gfn"),
	[MEMSLOT_NPAGES] = VR_U64("npages", 1, 1ull << 24, "pages"),
	[MEMSLOT_DIRTY_LOG] = VR_BOOL_OPT("dirty_log", false, "KVM_MEM_LOG_DIRTY_PAGES"),
};
VR_FIELDS_CHECK(memslot_args, MEMSLOT_NR_ARGS);

static int op_set_memslot(struct vr_mmu *mmu, struct vr_call *c)
{
	int ret =
		vr_mmu_set_memslot(mmu, (u32)vr_arg_u64(c, MEMSLOT_SLOT),
				   vr_arg_u64(c, MEMSLOT_BASE_GFN), vr_arg_u64(c, MEMSLOT_NPAGES),
				   vr_arg_bool(c, MEMSLOT_DIRTY_LOG) ? KVM_MEM_LOG_DIRTY_PAGES : 0);

	vr_res_s64(c, RET_RET, ret);
	return 0;
}

enum { LOGGING_SLOT, LOGGING_ON, LOGGING_NR_ARGS };
static const struct vr_field logging_args[] = {
	[LOGGING_SLOT] = VR_U64("slot", 0, VR_MMU_MEMSLOTS - 1, "memslot id"),
	[LOGGING_ON] = VR_BOOL("on", "enable (write-protect everything) or disable"),
};
VR_FIELDS_CHECK(logging_args, LOGGING_NR_ARGS);

static int op_dirty_logging(struct vr_mmu *mmu, struct vr_call *c)
{
	int ret = vr_mmu_set_dirty_logging(mmu, (u32)vr_arg_u64(c, LOGGING_SLOT),
					   vr_arg_bool(c, LOGGING_ON));

	vr_res_s64(c, RET_RET, ret);
	return 0;
}

enum { GET_LOG_SLOT, GET_LOG_NR_ARGS };
static const struct vr_field get_log_args[] = {
	[GET_LOG_SLOT] = VR_U64("slot", 0, 0x2ffff, "address space << 16 | slot id"),
};
VR_FIELDS_CHECK(get_log_args, GET_LOG_NR_ARGS);
enum { GET_LOG_RET, GET_LOG_DIRTY, GET_LOG_NR_RESULTS };
static const struct vr_field get_log_results[] = {
	[GET_LOG_RET] = VR_ERRNO("ret", "kernel return"),
	[GET_LOG_DIRTY] = VR_U64("dirty", 0, UINT64_MAX, "pages reported dirty"),
};
VR_FIELDS_CHECK(get_log_results, GET_LOG_NR_RESULTS);

static int op_get_dirty_log(struct vr_mmu *mmu, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(mmu);
	u32 slot_id = (u32)vr_arg_u64(c, GET_LOG_SLOT);
	struct kvm_memory_slot *slot = kvm_get_memslot(kvm, slot_id);
	struct kvm_dirty_log log;
	unsigned long *buf = NULL;
	u64 dirty = 0;
	size_t i, n = 0;
	int ret;

	if (slot) {
		n = VR_BITS_TO_LONGS(slot->npages);
		buf = kvcalloc(n, sizeof(long), GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
	}
	memset(&log, 0, sizeof(log));
	log.slot = slot_id;
	log.dirty_bitmap = buf;
	ret = kvm_vm_ioctl_get_dirty_log(kvm, &log);
	for (i = 0; !ret && i < n; i++)
		dirty += (u64)__builtin_popcountl(buf[i]);
	kvfree(buf);
	vr_res_s64(c, GET_LOG_RET, ret);
	vr_res_u64(c, GET_LOG_DIRTY, dirty);
	return 0;
}

enum { CLEAR_LOG_SLOT, CLEAR_LOG_FIRST_PAGE, CLEAR_LOG_NUM_PAGES, CLEAR_LOG_NR_ARGS };
static const struct vr_field clear_log_args[] = {
	[CLEAR_LOG_SLOT] = VR_U64("slot", 0, 0x2ffff, "address space << 16 | slot id"),
	[CLEAR_LOG_FIRST_PAGE] =
		VR_U64_OPT("first_page", 0, 1ull << 24, 0, "first page (multiple of 64)"),
	[CLEAR_LOG_NUM_PAGES] = VR_U64("num_pages", 0, 1ull << 24, "pages to clear (all bits set)"),
};
VR_FIELDS_CHECK(clear_log_args, CLEAR_LOG_NR_ARGS);

static int op_clear_dirty_log(struct vr_mmu *mmu, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(mmu);
	u32 slot_id = (u32)vr_arg_u64(c, CLEAR_LOG_SLOT);
	struct kvm_memory_slot *slot = kvm_get_memslot(kvm, slot_id);
	u64 pages = vr_arg_u64(c, CLEAR_LOG_NUM_PAGES);
	struct kvm_clear_dirty_log log;
	unsigned long *buf;
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
	log.slot = slot_id;
	log.first_page = vr_arg_u64(c, CLEAR_LOG_FIRST_PAGE);
	log.num_pages = (u32)pages;
	log.dirty_bitmap = buf;
	ret = kvm_vm_ioctl_clear_dirty_log(kvm, &log);
	kfree(buf);
	vr_res_s64(c, RET_RET, ret);
	return 0;
}

/* ---- age, sync_page --------------------------------------------------- */

enum { AGE_GFN, AGE_NPAGES, AGE_FLUSH, AGE_NR_ARGS };
static const struct vr_field age_args[] = {
	[AGE_GFN] = VR_U64("gfn", 0, GFN_MAX, "first gfn of the range aged"),
	[AGE_NPAGES] = VR_U64_OPT("npages", 1, 0x8000, 1, "pages"),
	[AGE_FLUSH] = VR_BOOL_OPT("flush", true, "clear_flush_young (true) or clear_young"),
};
VR_FIELDS_CHECK(age_args, AGE_NR_ARGS);
enum { AGE_YOUNG, AGE_NR_RESULTS };
static const struct vr_field age_results[] = {
	[AGE_YOUNG] = VR_BOOL("young", "some page had its accessed bit set"),
};
VR_FIELDS_CHECK(age_results, AGE_NR_RESULTS);

static int op_age(struct vr_mmu *mmu, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(mmu);
	gfn_t gfn = vr_arg_u64(c, AGE_GFN);
	struct kvm_memory_slot *slot = gfn_to_memslot(kvm, gfn);
	unsigned long start = 0, end = 0;

	/* The mmu notifier speaks host virtual addresses: the slot's. */
	if (slot) {
		start = slot->userspace_addr + ((gfn - slot->base_gfn) << 12);
		end = start + (vr_arg_u64(c, AGE_NPAGES) << 12);
	}
	vr_res_bool(c, AGE_YOUNG, kvm_age_hva(kvm, start, end, vr_arg_bool(c, AGE_FLUSH)) != 0);
	return 0;
}

enum { SYNC_GFN, SYNC_NR_ARGS };
static const struct vr_field sync_args[] = {
	[SYNC_GFN] = VR_U64("gfn", 0, GFN_MAX, "a gfn of the level-1 shadow page"),
};
VR_FIELDS_CHECK(sync_args, SYNC_NR_ARGS);

static int op_sync_page(struct vr_mmu *mmu, struct vr_call *c)
{
	struct kvm_mmu_page *sp = vr_mmu_find_sp(mmu, vr_arg_u64(c, SYNC_GFN), 1);

	vr_res_s64(c, RET_RET, ept_sync_page(&vr_mmu_kvm(mmu)->vcpus[0], sp));
	return 0;
}

/* ---- remote flushes --------------------------------------------------- */

enum { FLUSH_RANGE_START_GFN, FLUSH_RANGE_PAGES, FLUSH_RANGE_NR_ARGS };
static const struct vr_field flush_range_args[] = {
	[FLUSH_RANGE_START_GFN] = VR_U64("start_gfn", 0, (1ull << 52) - 1, "first gfn"),
	[FLUSH_RANGE_PAGES] =
		VR_U64("pages", 0, 1ull << 32, "pages (0 is the fill's 2048-page edge)"),
};
VR_FIELDS_CHECK(flush_range_args, FLUSH_RANGE_NR_ARGS);
enum { FLUSH_RANGE_FALLBACK, FLUSH_RANGE_NR_RESULTS };
static const struct vr_field flush_range_results[] = {
	[FLUSH_RANGE_FALLBACK] =
		VR_BOOL("fallback", "the range flush failed and a full flush was done"),
};
VR_FIELDS_CHECK(flush_range_results, FLUSH_RANGE_NR_RESULTS);

static int op_flush_range(struct vr_mmu *mmu, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(mmu);
	u64 before = kvm->stats.fallbacks;

	kvm_flush_remote_tlbs_with_address(kvm, vr_arg_u64(c, FLUSH_RANGE_START_GFN),
					   vr_arg_u64(c, FLUSH_RANGE_PAGES));
	vr_res_bool(c, FLUSH_RANGE_FALLBACK, kvm->stats.fallbacks != before);
	return 0;
}

static int op_flush_all(struct vr_mmu *mmu, struct vr_call *c)
{
	(void)c;
	kvm_flush_remote_tlbs(vr_mmu_kvm(mmu));
	return 0;
}

/* ---- Hyper-V, issued directly ------------------------------------------ */

enum {
	HYPERCALL_CODE,
	HYPERCALL_REP_COUNT,
	HYPERCALL_REP_START,
	HYPERCALL_VARHEAD,
	HYPERCALL_FAST,
	HYPERCALL_ADDRESS_SPACE,
	HYPERCALL_FLAGS,
	HYPERCALL_ELEMENTS,
	HYPERCALL_NR_ARGS
};
static const struct vr_field hypercall_args[] = {
	[HYPERCALL_CODE] = VR_U64_OPT("code", 0, 0xffff, HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST,
				      "call code"),
	[HYPERCALL_REP_COUNT] =
		VR_U64_OPT("rep_count", 0, 4095, 0, "rep count (0: the number of elements)"),
	[HYPERCALL_REP_START] = VR_U64_OPT("rep_start", 0, 4095, 0, "rep start index"),
	[HYPERCALL_VARHEAD] = VR_U64_OPT("varhead", 0, 1023, 0, "variable header size in QWORDs"),
	[HYPERCALL_FAST] = VR_BOOL_OPT("fast", false, "fast (register) calling convention"),
	[HYPERCALL_ADDRESS_SPACE] = VR_U64("address_space", 0, UINT64_MAX, "AddressSpace field"),
	[HYPERCALL_FLAGS] = VR_U64_OPT("flags", 0, UINT64_MAX, 0, "Flags field (must be 0)"),
	[HYPERCALL_ELEMENTS] = { .name = "elements",
				 .type = VR_T_LIST,
				 .max = UINT64_MAX,
				 .max_len = 16,
				 .optional = true,
				 .doc = "raw HV_GPA_PAGE_RANGE elements (default none)" },
};
VR_FIELDS_CHECK(hypercall_args, HYPERCALL_NR_ARGS);
enum { HYPERCALL_STATUS, HYPERCALL_REPS, HYPERCALL_CONTROL, HYPERCALL_NR_RESULTS };
static const struct vr_field hypercall_results[] = {
	[HYPERCALL_STATUS] = VR_U64("status", 0, 0xffff, "HV_STATUS_*"),
	[HYPERCALL_REPS] = VR_U64("reps", 0, 4095, "reps completed"),
	[HYPERCALL_CONTROL] = VR_U64("control", 0, UINT64_MAX, "the input value issued"),
};
VR_FIELDS_CHECK(hypercall_results, HYPERCALL_NR_RESULTS);

static int op_hypercall(struct vr_mmu *mmu, struct vr_call *c)
{
	const struct vr_value *el = &c->args[HYPERCALL_ELEMENTS];
	struct vr_mmu_hv_l0 *l0 = vr_mmu_l0(mmu);
	u64 code = vr_arg_u64(c, HYPERCALL_CODE);
	u64 count = vr_arg_u64(c, HYPERCALL_REP_COUNT);
	u64 page[512];
	u64 control, result;
	u32 i;

	memset(page, 0, sizeof(page));
	page[0] = vr_arg_u64(c, HYPERCALL_ADDRESS_SPACE);
	page[1] = vr_arg_u64(c, HYPERCALL_FLAGS);
	for (i = 0; i < el->len; i++)
		page[2 + i] = el->list[i];
	if (!count && code == HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST)
		count = el->len;
	control = code | (vr_arg_bool(c, HYPERCALL_FAST) ? HV_HYPERCALL_FAST_BIT : 0) |
		  (vr_arg_u64(c, HYPERCALL_VARHEAD) << HV_HYPERCALL_VARHEAD_OFFSET) |
		  (count << HV_HYPERCALL_REP_COMP_OFFSET) |
		  (vr_arg_u64(c, HYPERCALL_REP_START) << HV_HYPERCALL_REP_START_OFFSET);
	l0->explain = c->explain;
	result = vr_mmu_hv_l0_hypercall(l0, control, page);
	l0->explain = NULL;
	vr_res_u64(c, HYPERCALL_STATUS, result & HV_HYPERCALL_RESULT_MASK);
	vr_res_u64(c, HYPERCALL_REPS,
		   (result & HV_HYPERCALL_REP_COMP_MASK) >> HV_HYPERCALL_REP_COMP_OFFSET);
	vr_res_u64(c, HYPERCALL_CONTROL, control);
	return 0;
}

enum { FILL_OFFSET, FILL_START_GFN, FILL_PAGES, FILL_NR_ARGS };
static const struct vr_field fill_args[] = {
	[FILL_OFFSET] = VR_S64("offset", -1024, 1024, "V3 offset (mainline: 0)"),
	[FILL_START_GFN] = VR_U64("start_gfn", 0, UINT64_MAX, "first gfn"),
	[FILL_PAGES] = VR_U64("pages", 0, UINT64_MAX, "pages"),
};
VR_FIELDS_CHECK(fill_args, FILL_NR_ARGS);
enum { FILL_RET, FILL_ELEMENTS, FILL_NR_RESULTS };
static const struct vr_field fill_results[] = {
	[FILL_RET] = VR_S64("ret", -4095, 4094, "elements in the list, or -ENOSPC (-28)"),
	[FILL_ELEMENTS] =
		VR_LIST("elements", 0, UINT64_MAX, 510, "raw elements from max(offset, 0) on"),
};
VR_FIELDS_CHECK(fill_results, FILL_NR_RESULTS);

static int op_fill(struct vr_mmu *mmu, struct vr_call *c)
{
	struct hv_guest_mapping_flush_list list;
	int offset = (int)vr_arg_s64(c, FILL_OFFSET);
	u64 start_gfn = vr_arg_u64(c, FILL_START_GFN);
	u64 pages = vr_arg_u64(c, FILL_PAGES);
	int ret, from = offset > 0 ? offset : 0, to;
	u64 *out;
	int i;

	(void)mmu;
	memset(&list, 0, sizeof(list));
	ret = vr_v3_hyperv_fill_flush_guest_mapping_list(&list, offset, start_gfn, pages);
	/* On -ENOSPC the written prefix stays: report up to the limit. */
	to = ret >= 0 ? ret : (int)VR_MMU_HV_PAGE_REP_COUNT;
	if (from > to || offset < 0)
		to = from;
	vr_res_s64(c, FILL_RET, ret);
	out = vr_res_list(c, FILL_ELEMENTS, (u32)(to - from));
	if (!out)
		return -E2BIG;
	for (i = from; i < to; i++)
		out[i - from] = list.gpa_list[i].address_space;
	if (ret < 0)
		vr_explain(c, "fill offset %d gfn 0x%llx pages %llu: %s", offset,
			   (unsigned long long)start_gfn, (unsigned long long)pages,
			   vr_errno_str(ret));
	else
		vr_explain(c, "fill offset %d gfn 0x%llx pages %llu: %d elements", offset,
			   (unsigned long long)start_gfn, (unsigned long long)pages, ret);
	return 0;
}

enum { SPACE_AS, SPACE_NR_ARGS };
static const struct vr_field space_args[] = {
	[SPACE_AS] = VR_U64("as", 0, UINT64_MAX, "address space (EPTP & PAGE_MASK)"),
};
VR_FIELDS_CHECK(space_args, SPACE_NR_ARGS);

static int op_flush_space(struct vr_mmu *mmu, struct vr_call *c)
{
	struct kvm *kvm = vr_mmu_kvm(mmu);
	struct vr_mmu_hv_cpu *prev = vr_mmu_hv_cpu_enter(&kvm->cpu);

	kvm->l0.explain = c->explain;
	vr_res_s64(c, RET_RET, hyperv_flush_guest_mapping(vr_arg_u64(c, SPACE_AS)));
	kvm->l0.explain = NULL;
	vr_mmu_hv_cpu_exit(prev);
	return 0;
}

enum { FAIL_STATUS, FAIL_COUNT, FAIL_NR_ARGS };
static const struct vr_field fail_args[] = {
	/* Not 0: an L0 that reports HV_STATUS_SUCCESS has done the flush. */
	[FAIL_STATUS] = VR_U64("status", 1, 0xffff, "HV status the next calls return"),
	[FAIL_COUNT] = VR_U64_OPT("count", 0, 16, 1, "how many calls fail"),
};
VR_FIELDS_CHECK(fail_args, FAIL_NR_ARGS);

static int op_l0_fail(struct vr_mmu *mmu, struct vr_call *c)
{
	struct vr_mmu_hv_l0 *l0 = vr_mmu_l0(mmu);

	l0->fail_status = (u16)vr_arg_u64(c, FAIL_STATUS);
	l0->fail_count = (u32)vr_arg_u64(c, FAIL_COUNT);
	return 0;
}

/* ---- inspection ------------------------------------------------------- */

enum { EPTP_VCPU, EPTP_NR_ARGS };
static const struct vr_field eptp_args[] = {
	[EPTP_VCPU] = VR_U64_OPT("vcpu", 0, VR_MMU_MAX_VCPUS - 1, 0, "vCPU"),
};
VR_FIELDS_CHECK(eptp_args, EPTP_NR_ARGS);
enum { EPTP_EPTP, EPTP_NR_RESULTS };
static const struct vr_field eptp_results[] = {
	[EPTP_EPTP] = VR_U64("eptp", 0, UINT64_MAX, "the EPTP the vCPU runs with"),
};
VR_FIELDS_CHECK(eptp_results, EPTP_NR_RESULTS);

static int op_eptp(struct vr_mmu *mmu, struct vr_call *c)
{
	int vcpu = (int)vr_arg_u64(c, EPTP_VCPU);
	int ret;

	/* -EINVAL for a vCPU the config did not create: the step cannot apply. */
	ret = vr_mmu_vcpu_load(mmu, vcpu);
	if (ret)
		return ret;
	vr_res_u64(c, EPTP_EPTP, vr_mmu_vcpu_eptp(mmu, vcpu));
	return 0;
}

enum { CALL_N, CALL_NR_ARGS };
static const struct vr_field call_args[] = {
	[CALL_N] =
		VR_U64("call", 0, UINT32_MAX, "which hypercall, from 0 in the order L0 got them"),
};
VR_FIELDS_CHECK(call_args, CALL_NR_ARGS);
enum { CALL_CONTROL, CALL_AS, CALL_RESULT, CALL_ELEMENTS, CALL_NR_RESULTS };
static const struct vr_field call_results[] = {
	[CALL_CONTROL] = VR_U64("control", 0, UINT64_MAX, "the input value"),
	[CALL_AS] = VR_U64("as", 0, UINT64_MAX, "input QWORD 0, the address space"),
	[CALL_RESULT] = VR_U64("result", 0, UINT64_MAX, "status in 15:0, reps completed in 43:32"),
	[CALL_ELEMENTS] = VR_U64("elements", 0, UINT64_MAX, "list elements this call processed"),
};
VR_FIELDS_CHECK(call_results, CALL_NR_RESULTS);

static int op_l0_call(struct vr_mmu *mmu, struct vr_call *c)
{
	const struct vr_mmu_hv_l0 *l0 = vr_mmu_l0(mmu);
	u64 n = vr_arg_u64(c, CALL_N);
	const struct vr_mmu_hv_call *rec = vr_mmu_hv_l0_call(l0, n);

	if (!rec)
		return vr_reject(
			c, -ENOENT, "hypercall %llu not recorded: %llu made, the latest %u kept",
			(unsigned long long)n, (unsigned long long)l0->calls, VR_MMU_HV_L0_LOG);
	vr_res_u64(c, CALL_CONTROL, rec->control);
	vr_res_u64(c, CALL_AS, rec->as);
	vr_res_u64(c, CALL_RESULT, rec->result);
	vr_res_u64(c, CALL_ELEMENTS, rec->elements);
	vr_explain(c,
		   "hypercall %llu: code 0x%04llx, %llu reps from %llu; status 0x%llx, %llu done",
		   (unsigned long long)n, (unsigned long long)(rec->control & 0xffff),
		   (unsigned long long)((rec->control & HV_HYPERCALL_REP_COMP_MASK) >>
					HV_HYPERCALL_REP_COMP_OFFSET),
		   (unsigned long long)((rec->control & HV_HYPERCALL_REP_START_MASK) >>
					HV_HYPERCALL_REP_START_OFFSET),
		   (unsigned long long)(rec->result & 0xffff),
		   (unsigned long long)((rec->result & HV_HYPERCALL_REP_COMP_MASK) >>
					HV_HYPERCALL_REP_COMP_OFFSET));
	return 0;
}

enum {
	STATS_PAGES_NEEDED,
	STATS_PAGES_FLUSHED,
	STATS_RANGE_FLUSHES,
	STATS_FULL_FLUSHES,
	STATS_FALLBACKS,
	STATS_SKIPPED,
	STATS_HYPERCALLS,
	STATS_ELEMENTS,
	STATS_CACHED,
	STATS_NR_RESULTS
};
static const struct vr_field stats_results[] = {
	[STATS_PAGES_NEEDED] = VR_U64("pages_needed", 0, UINT64_MAX,
				      "pages whose translation was removed or reduced"),
	[STATS_PAGES_FLUSHED] =
		VR_U64("pages_flushed", 0, UINT64_MAX, "pages named by completed range flushes"),
	[STATS_RANGE_FLUSHES] =
		VR_U64("range_flushes", 0, UINT64_MAX, "completed range/list flushes"),
	[STATS_FULL_FLUSHES] =
		VR_U64("full_flushes", 0, UINT64_MAX, "kvm_flush_remote_tlbs() calls"),
	[STATS_FALLBACKS] =
		VR_U64("fallbacks", 0, UINT64_MAX, "range flushes that fell back to a full flush"),
	[STATS_SKIPPED] = VR_U64("skipped", 0, UINT64_MAX, "V3: empty lists, no flush"),
	[STATS_HYPERCALLS] =
		VR_U64("hypercalls", 0, UINT64_MAX, "hypercalls issued, resumptions included"),
	[STATS_ELEMENTS] = VR_U64("elements", 0, UINT64_MAX, "rep elements L0 processed"),
	[STATS_CACHED] = VR_U64("cached", 0, UINT64_MAX, "TLB entries now"),
};
VR_FIELDS_CHECK(stats_results, STATS_NR_RESULTS);

static int op_stats(struct vr_mmu *mmu, struct vr_call *c)
{
	const struct vr_mmu_stats *st = vr_mmu_stats(mmu);
	const struct vr_mmu_hv_l0 *l0 = vr_mmu_l0(mmu);

	vr_res_u64(c, STATS_PAGES_NEEDED, st->pages_needed);
	vr_res_u64(c, STATS_PAGES_FLUSHED, st->pages_flushed);
	vr_res_u64(c, STATS_RANGE_FLUSHES, st->range_flushes);
	vr_res_u64(c, STATS_FULL_FLUSHES, st->full_flushes);
	vr_res_u64(c, STATS_FALLBACKS, st->fallbacks);
	vr_res_u64(c, STATS_SKIPPED, st->skipped);
	vr_res_u64(c, STATS_HYPERCALLS, l0->calls);
	vr_res_u64(c, STATS_ELEMENTS, l0->elements);
	vr_res_u64(c, STATS_CACHED, vr_mmu_tlb(mmu)->n);
	vr_explain(c, "over-flush: %llu pages flushed by range for %llu that needed it",
		   (unsigned long long)st->pages_flushed, (unsigned long long)st->pages_needed);
	return 0;
}

/* ---- the table -------------------------------------------------------- */

enum {
	OP_MAP,
	OP_ZAP,
	OP_ZAP_ALL,
	OP_ACCESS,
	OP_WRITE_PROTECT,
	OP_SET_MEMSLOT,
	OP_DIRTY_LOGGING,
	OP_GET_DIRTY_LOG,
	OP_CLEAR_DIRTY_LOG,
	OP_AGE,
	OP_SYNC_PAGE,
	OP_FLUSH_RANGE,
	OP_FLUSH_ALL,
	OP_HYPERCALL,
	OP_FILL,
	OP_FLUSH_SPACE,
	OP_L0_FAIL,
	OP_EPTP,
	OP_STATS,
	OP_L0_CALL,
	NR_OPS
};

static int (*const op_apply[])(struct vr_mmu *mmu, struct vr_call *c) = {
	[OP_MAP] = op_map,
	[OP_ZAP] = op_zap,
	[OP_ZAP_ALL] = op_zap_all,
	[OP_ACCESS] = op_access,
	[OP_WRITE_PROTECT] = op_write_protect,
	[OP_SET_MEMSLOT] = op_set_memslot,
	[OP_DIRTY_LOGGING] = op_dirty_logging,
	[OP_GET_DIRTY_LOG] = op_get_dirty_log,
	[OP_CLEAR_DIRTY_LOG] = op_clear_dirty_log,
	[OP_AGE] = op_age,
	[OP_SYNC_PAGE] = op_sync_page,
	[OP_FLUSH_RANGE] = op_flush_range,
	[OP_FLUSH_ALL] = op_flush_all,
	[OP_HYPERCALL] = op_hypercall,
	[OP_FILL] = op_fill,
	[OP_FLUSH_SPACE] = op_flush_space,
	[OP_L0_FAIL] = op_l0_fail,
	[OP_EPTP] = op_eptp,
	[OP_STATS] = op_stats,
	[OP_L0_CALL] = op_l0_call,
};
VR_FIELDS_CHECK(op_apply, NR_OPS);

static const struct vr_op mmu_ops[NR_OPS];

/*
 * Every op runs with the kernel-shaped layer narrating into the call
 * through the core context, which the instance API sets.
 */
static int mmu_apply(void *model, struct vr_call *c)
{
	return op_apply[c->op - mmu_ops](model, c);
}

static const struct vr_op mmu_ops[NR_OPS] = {
	[OP_MAP] = VR_OP("map", map_args, ret_result, mmu_apply,
			 "install a leaf as KVM's fault path does"),
	[OP_ZAP] = VR_OP("zap", zap_args, zap_results, mmu_apply,
			 "zap the shadow page at a level and commit (the profile's flush)"),
	[OP_ZAP_ALL] =
		VR_OP_NOARGS("zap_all", zap_all_results, mmu_apply,
			     "kvm_mmu_zap_all(): every page on one invalid list, one commit"),
	[OP_ACCESS] = VR_OP("access", access_args, access_results, mmu_apply,
			    "the guest touches a gfn: TLB, EPT walk, KVM fault handling"),
	[OP_WRITE_PROTECT] = VR_OP("write_protect", wp_args, wp_results, mmu_apply,
				   "kvm_mmu_slot_gfn_write_protect() and the caller's flush"),
	[OP_SET_MEMSLOT] =
		VR_OP("set_memslot", memslot_args, ret_result, mmu_apply, "create a memslot"),
	[OP_DIRTY_LOGGING] = VR_OP("dirty_logging", logging_args, ret_result, mmu_apply,
				   "turn dirty logging of a slot on or off"),
	[OP_GET_DIRTY_LOG] = VR_OP("get_dirty_log", get_log_args, get_log_results, mmu_apply,
				   "KVM_GET_DIRTY_LOG"),
	[OP_CLEAR_DIRTY_LOG] = VR_OP("clear_dirty_log", clear_log_args, ret_result, mmu_apply,
				     "KVM_CLEAR_DIRTY_LOG with every bit set"),
	[OP_AGE] = VR_OP("age", age_args, age_results, mmu_apply,
			 "kvm_age_hva() over the range's hvas"),
	[OP_SYNC_PAGE] = VR_OP("sync_page", sync_args, ret_result, mmu_apply,
			       "FNAME(sync_page) of the level-1 page of a gfn"),
	[OP_FLUSH_RANGE] = VR_OP("flush_range", flush_range_args, flush_range_results, mmu_apply,
				 "kvm_flush_remote_tlbs_with_address()"),
	[OP_FLUSH_ALL] = { .name = "flush_all",
			   .doc = "kvm_flush_remote_tlbs()",
			   .apply = mmu_apply },
	[OP_HYPERCALL] = VR_OP("hypercall", hypercall_args, hypercall_results, mmu_apply,
			       "issue 0x00AF/0x00B0 (or any code) to L0 directly"),
	[OP_FILL] = VR_OP("fill", fill_args, fill_results, mmu_apply,
			  "hyperv_fill_flush_guest_mapping_list() into a scratch page"),
	[OP_FLUSH_SPACE] = VR_OP("flush_space", space_args, ret_result, mmu_apply,
				 "hyperv_flush_guest_mapping()"),
	[OP_L0_FAIL] = VR_OP_NORESULTS("l0_fail", fail_args, mmu_apply,
				       "make L0 fail the next hypercalls with a status"),
	[OP_EPTP] = VR_OP("eptp", eptp_args, eptp_results, mmu_apply,
			  "the EPTP a vCPU runs with (loads its root)"),
	[OP_STATS] = VR_OP_NOARGS("stats", stats_results, mmu_apply, "flush accounting"),
	[OP_L0_CALL] = VR_OP("l0_call", call_args, call_results, mmu_apply,
			     "one of the latest hypercalls L0 received, as it answered it"),
};

static int mmu_invariants(void *model, struct vr_text *why)
{
	return vr_mmu_invariants(model, why);
}

static const char *const mmu_spaces[] = { "host" };

static struct vr_mem *mmu_mem(void *model, uint32_t space)
{
	return space == 0 ? vr_mmu_host(model) : NULL;
}

const struct vr_model vr_model_mmu = {
	.name = "mmu",
	.doc = "x86 EPT + TLB, Hyper-V GPA flush hypercalls, KVM range-flush paths",
	VR_MODEL_CONFIG(config_fields),
	.create = mmu_create,
	.destroy = mmu_destroy,
	VR_MODEL_OPS(mmu_ops),
	.invariants = mmu_invariants,
	.dump = vri_mmu_dump,
	VR_MODEL_MEM_SPACES(mmu_spaces),
	.mem = mmu_mem,
	.dot = vri_mmu_dot,
};
