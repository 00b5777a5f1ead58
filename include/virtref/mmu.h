/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * x86 EPT, a TLB that can go stale, the Hyper-V GPA flush hypercalls and
 * KVM's remote-TLB-flush paths on top of them.
 *
 *   KVM (mmu.c, kvm_main.c)      shadow pages own EPT tables; zap, commit,
 *        |                       write-protect, dirty log, aging
 *        v
 *   VMX glue (vmx.c)             hv_remote_flush_tlb*, per EPT root
 *        |                       kvm_fill_hv_flush_list_func()
 *        v
 *   Hyper-V client (nested.c)    hyperv_flush_guest_mapping*(), fill
 *        |   hv_do_hypercall / hv_do_rep_hypercall (mshyperv.c)
 *        v
 *   L0 hypervisor (vr_hv_l0)     0x00AF / 0x00B0, partial completion
 *        |
 *        v
 *   TLB (vr_tlb)  <-- filled by --  EPT walk (vr_ept_*) over host memory
 *
 * Kernel symbols mirrored here, and the kernel files they come from
 * (torvalds/linux):
 *   arch/x86/hyperv/nested.c: hyperv_flush_guest_mapping,
 *     hyperv_fill_flush_guest_mapping_list, hyperv_flush_guest_mapping_range
 *   arch/x86/include/asm/mshyperv.h, include/asm-generic/mshyperv.h:
 *     hv_do_hypercall, hv_do_rep_hypercall, hyperv_fill_flush_list_func
 *   arch/x86/include/asm/hyperv-tlfs.h, include/hyperv/hvgdk_mini.h:
 *     HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_{SPACE,LIST}, HV_STATUS_*,
 *     HV_MAX_FLUSH_PAGES, HV_MAX_FLUSH_REP_COUNT, union hv_gpa_page_range,
 *     struct hv_guest_mapping_flush, struct hv_guest_mapping_flush_list
 *   arch/x86/include/asm/vmx.h: VMX_EPTP_*, VMX_EPT_* masks
 *   arch/x86/include/asm/kvm_host.h: KVM_HPAGE_GFN_SHIFT,
 *     KVM_PAGES_PER_HPAGE, struct kvm_tlb_range, struct kvm_mmu_page
 *   arch/x86/kvm/mmu/mmu.c (arch/x86/kvm/mmu.c in 2019):
 *     kvm_flush_remote_tlbs_with_range, kvm_flush_remote_tlbs_with_address,
 *     kvm_mmu_prepare_zap_page, kvm_mmu_commit_zap_page, kvm_mmu_zap_all,
 *     kvm_mmu_slot_gfn_write_protect, kvm_age_hva, gfn_round_for_level
 *   arch/x86/kvm/paging_tmpl.h (built into mmu.c for EPT):
 *     FNAME(sync_page) as ept_sync_page
 *   virt/kvm/kvm_main.c: kvm_flush_remote_tlbs, kvm_get_memslot,
 *     kvm_vm_ioctl_get_dirty_log, kvm_vm_ioctl_clear_dirty_log
 *   arch/x86/kvm/vmx/vmx.c (2019): hv_remote_flush_tlb,
 *     hv_remote_flush_tlb_with_range, kvm_fill_hv_flush_list_func
 *   arch/x86/kvm/kvm_onhyperv.c (mainline): hv_flush_remote_tlbs_range,
 *     hv_flush_remote_tlbs, hv_track_root_tdp
 * The seed series' variants (not in mainline) carry a vr_v3_ prefix.
 */
#ifndef VIRTREF_MMU_H
#define VIRTREF_MMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <virtref/api.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/list.h>
#include <virtref/linux/types.h>
#include <virtref/model.h>

struct vr_mem;
struct vr_text;

/* ---- Hyper-V TLFS: codes, control word, status ------------------------ */

#define HV_HYP_PAGE_SIZE 4096
#define HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_SPACE 0x00af
#define HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_LIST 0x00b0

#define HV_STATUS_SUCCESS 0
#define HV_STATUS_INVALID_HYPERCALL_CODE 2
#define HV_STATUS_INVALID_HYPERCALL_INPUT 3
#define HV_STATUS_INVALID_ALIGNMENT 4
#define HV_STATUS_INVALID_PARAMETER 5
#define HV_STATUS_ACCESS_DENIED 6
#define HV_STATUS_OPERATION_DENIED 8
#define HV_STATUS_INSUFFICIENT_MEMORY 11

/*
 * Control word (input value) of a hypercall:
 *   63:60 rsvd | 59:48 rep start | 47:44 rsvd | 43:32 rep count |
 *   31:27 rsvd | 26:17 var-header QWORDs | 16 fast | 15:0 call code
 * The result has the status in 15:0 and the reps completed in 43:32.
 */
#define HV_HYPERCALL_RESULT_MASK GENMASK_ULL(15, 0)
#define HV_HYPERCALL_FAST_BIT BIT_ULL(16)
#define HV_HYPERCALL_VARHEAD_OFFSET 17
#define HV_HYPERCALL_VARHEAD_MASK GENMASK_ULL(26, 17)
#define HV_HYPERCALL_REP_COMP_OFFSET 32
#define HV_HYPERCALL_REP_COMP_MASK GENMASK_ULL(43, 32)
#define HV_HYPERCALL_REP_START_OFFSET 48
#define HV_HYPERCALL_REP_START_MASK GENMASK_ULL(59, 48)
#define VR_HV_CONTROL_RSVD_MASK \
	(GENMASK_ULL(31, 27) | GENMASK_ULL(47, 44) | GENMASK_ULL(63, 60))

/* CPUID 0x4000000A EAX bit 18: the two GPA flush hypercalls exist. */
#define HV_X64_NESTED_GUEST_MAPPING_FLUSH BIT(18)

/*
 * One rep element of HvCallFlushGuestPhysicalAddressList.  KVM only uses
 * the 4 KiB view: additional_pages + 1 pages (1..2048) from basepfn.
 * Bit-field layout as in the kernel (little-endian, LSB first).
 */
union hv_gpa_page_range {
	u64 address_space;
	struct {
		u64 additional_pages : 11;
		u64 largepage : 1;
		u64 basepfn : 52;
	} page;
	struct {
		u64 reserved : 12;
		u64 page_size : 1;	/* 0: 2 MiB units, 1: 1 GiB units */
		u64 reserved1 : 8;
		u64 base_large_pfn : 43;
	};
};

#define HV_GPA_PAGE_RANGE_PAGE_SIZE_2MB 0
#define HV_GPA_PAGE_RANGE_PAGE_SIZE_1GB 1

/* additional_pages is 11 bits: at most 2047 + 1 pages per element. */
#define HV_MAX_FLUSH_PAGES (2048)
/* The elements that fit after the 16-byte header in one page: 510. */
#define HV_MAX_FLUSH_REP_COUNT \
	((HV_HYP_PAGE_SIZE - 2 * sizeof(u64)) / sizeof(union hv_gpa_page_range))
/*
 * The first merged definition lacked the parentheses around the
 * subtraction: 4096 - 16 / 8 = 4094 elements (spec/mmu.md 3.3).  Kept as
 * a profile flag to reproduce the overflow of the per-CPU input page.
 */
#define VR_HV_LEGACY_MAX_FLUSH_REP_COUNT \
	(HV_HYP_PAGE_SIZE - 2 * sizeof(u64) / sizeof(union hv_gpa_page_range))

struct hv_guest_mapping_flush {
	u64 address_space;
	u64 flags;
};

struct hv_guest_mapping_flush_list {
	u64 address_space;
	u64 flags;
	union hv_gpa_page_range gpa_list[HV_MAX_FLUSH_REP_COUNT];
};

typedef int (*hyperv_fill_flush_list_func)(struct hv_guest_mapping_flush_list *flush,
					   void *data);

/* ---- EPT (arch/x86/include/asm/vmx.h) --------------------------------- */

#define VMX_EPTP_MT_UC 0x0ull
#define VMX_EPTP_MT_WB 0x6ull
#define VMX_EPTP_MT_MASK 0x7ull
#define VMX_EPTP_PWL_4 0x18ull
#define VMX_EPTP_PWL_5 0x20ull
#define VMX_EPTP_PWL_MASK 0x38ull
#define VMX_EPTP_AD_ENABLE_BIT (1ull << 6)
#define VMX_EPT_READABLE_MASK 0x1ull
#define VMX_EPT_WRITABLE_MASK 0x2ull
#define VMX_EPT_EXECUTABLE_MASK 0x4ull
#define VMX_EPT_RWX_MASK 0x7ull
#define VMX_EPT_MT_EPTE_SHIFT 3
#define VMX_EPT_MT_MASK (7ull << VMX_EPT_MT_EPTE_SHIFT)
#define VMX_EPT_IPAT_BIT (1ull << 6)
#define VMX_EPT_LARGE_BIT (1ull << 7)
#define VMX_EPT_ACCESS_BIT (1ull << 8)
#define VMX_EPT_DIRTY_BIT (1ull << 9)
#define VMX_EPT_USER_EXECUTABLE_MASK (1ull << 10)
#define VMX_EPT_SUPPRESS_VE_BIT (1ull << 63)
#define VMX_EPT_MISCONFIG_WX_VALUE 0x6ull

/* KVM's fully permissive WB leaf for RAM: RWX | WB << 3 | IPAT = 0x77. */
#define VR_EPT_RAM_LEAF 0x77ull

enum vr_ept_fault {
	VR_EPT_OK,		/* translated */
	VR_EPT_VIOLATION,	/* not present, or access not permitted */
	VR_EPT_MISCONFIG,	/* reserved bit, W without R, bad memory type */
};

struct vr_ept_cfg {
	u8 maxphyaddr;		/* N: bits 51:N of entries are reserved */
	bool exec_only;		/* X without R is allowed (VMX capability) */
};

/* What one walk found; table[L] is the table read at level L. */
struct vr_ept_walk {
	enum vr_ept_fault fault;
	u8 level;		/* leaf level (1..3), or where the walk stopped */
	u8 perm;		/* R/W/X granted by every level (AND) */
	u8 memtype;
	bool ipat;
	u64 hpa;		/* the translated host-physical address */
	u8 top;			/* level the walk started at (below a PSC hit) */
	u8 top_perm;		/* rights granted above @top */
	u64 table[6];
	u64 entry[6];
};

/*
 * vr_ept_walk() - translate @gpa through the EPT that @eptp names.
 * @mem:    host memory holding the paging structures
 * @eptp:   EPT pointer (walk length in bits 5:3, A/D enable in bit 6)
 * @gpa:    guest-physical address
 * @access: VMX_EPT_{READABLE,WRITABLE,EXECUTABLE}_MASK bits wanted
 * @update_ad: set accessed/dirty bits when the EPTP enables them
 * @cfg:    MAXPHYADDR and execute-only support
 * @w:      the outcome (spec/mmu.md 8.2)
 *
 * Host memory that is not backed reads as all ones, as a master abort
 * does on x86, so a table pointer into nowhere is a misconfiguration.
 * Return: 0, or -EINVAL when the EPTP's walk length is not 4 or 5.
 */
VR_API int vr_ept_walk(struct vr_mem *mem, u64 eptp, u64 gpa, u8 access, bool update_ad,
		       const struct vr_ept_cfg *cfg, struct vr_ept_walk *w);

/* ---- TLB: guest-physical mappings and paging-structure cache ---------- */

enum vr_tlb_kind {
	VR_TLB_LEAF,	/* a translation of a 4K, 2M or 1G page */
	VR_TLB_PSC,	/* a non-leaf entry: region -> next table */
};

struct vr_tlb_entry {
	u64 ep4ta;	/* EPTP & ~0xfff of the address space */
	u64 gfn;	/* first gfn of the region, aligned to its size */
	u64 hpa;	/* page (leaf) or next table (PSC) */
	u8 level;	/* entry level: covers KVM_PAGES_PER_HPAGE(level) pages */
	u8 kind;
	u8 perm;
	u8 memtype;
	u8 ipat;
	u8 walk_levels;	/* 4 or 5, from the EPTP that filled it */
};

struct vr_ept_memo;

struct vr_tlb {
	struct vr_tlb_entry *e;
	struct vr_ept_memo *memo;	/* table copies for the stale check */
	u32 n;
	u32 cap;
	bool psc;	/* also cache paging-structure entries */
	u64 evicted;
	u64 fills;	/* entries inserted or replaced, ever */
};

/* Per-flush narration and the removed-entry count, for explain. */
struct vr_tlb_flush_result {
	u32 leaf;
	u32 psc;
};

VR_API int vr_tlb_init(struct vr_tlb *t, u32 cap, bool psc);
VR_API void vr_tlb_destroy(struct vr_tlb *t);
/* Caches a translation; evicts the oldest entry when full. */
VR_API void vr_tlb_fill(struct vr_tlb *t, u64 eptp, u64 gpa, const struct vr_ept_walk *w);
/*
 * Speculative caching, which the architecture allows: after a walk that
 * ended in a page table, also cache every other valid 4K leaf of that
 * table.  Every translation that was ever valid may then be cached.
 */
VR_API void vr_tlb_prefetch(struct vr_tlb *t, struct vr_mem *mem, const struct vr_ept_cfg *cfg,
			    u64 eptp, u64 gpa, const struct vr_ept_walk *w);
/* The first cached leaf of @ep4ta covering @gfn, or NULL. */
VR_API const struct vr_tlb_entry *vr_tlb_lookup(const struct vr_tlb *t, u64 ep4ta, u64 gfn);
/* Single-context: every entry of @ep4ta. */
VR_API struct vr_tlb_flush_result vr_tlb_flush_context(struct vr_tlb *t, u64 ep4ta);
VR_API struct vr_tlb_flush_result vr_tlb_flush_all(struct vr_tlb *t);
/* Every entry of @ep4ta whose covered gfns intersect [gfn, gfn + pages). */
VR_API struct vr_tlb_flush_result vr_tlb_flush_range(struct vr_tlb *t, u64 ep4ta, u64 gfn,
						     u64 pages);
/*
 * vr_tlb_check_stale() - the stale-translation check of spec/mmu.md 8.4.
 * @t:     the TLB
 * @mem:   host memory with the current EPT
 * @cfg:   walk configuration
 * @live:  the address spaces (EP4TA) that can still be used, or NULL for
 *         all: an address space is flushed whenever a root is loaded, so
 *         entries of one no vCPU runs on can never be used again
 * @nlive: entries of @live
 * @why:   one line per stale entry is appended (may be NULL)
 *
 * Re-walks the current EPT for every cached entry; an entry is stale when
 * the walk finds nothing, another address, another page size, or fewer
 * rights / another memory type than cached.
 * Return: the number of stale entries.
 */
VR_API u32 vr_tlb_check_stale(const struct vr_tlb *t, struct vr_mem *mem,
			      const struct vr_ept_cfg *cfg, const u64 *live, u32 nlive,
			      struct vr_text *why);

/* ---- The L0 hypervisor (Hyper-V) -------------------------------------- */

struct vr_hv_l0 {
	struct vr_tlb *tlb;
	bool nested_flush;	/* HV_X64_NESTED_GUEST_MAPPING_FLUSH offered */
	u32 reps_per_call;	/* most reps per call before returning; 0: all */
	u16 fail_status;	/* injected status for the next fail_count calls */
	u32 fail_count;
	u64 calls;		/* hypercalls issued (each resumption counts) */
	u64 last_control;	/* input value of the latest call */
	u64 elements;		/* rep elements processed */
	u64 pages;		/* 4 KiB pages named by processed elements */
	struct vr_text *explain;	/* narration sink while an op runs */
};

/*
 * vr_hv_l0_hypercall() - what L0 does for one hypercall instruction.
 * @l0:      the hypervisor
 * @control: the input value (call code, rep count and start, ...)
 * @input:   the 4 KiB input page (512 little-endian QWORDs)
 *
 * Space flush: removes every cached entry of the address space.  List
 * flush: processes elements from rep start in increasing order, at most
 * @reps_per_call of them, removing every entry of the address space that
 * intersects each element (spec/mmu.md 8.3).
 * Return: the result value (status in 15:0, reps completed in 43:32).
 */
VR_API u64 vr_hv_l0_hypercall(struct vr_hv_l0 *l0, u64 control, const u64 *input);

/*
 * The per-CPU hypercall input area: one page, followed by the memory the
 * legacy 4094-element limit lets the fill routine write into.
 */
#define VR_HV_INPUT_AREA_QWORDS (2 + 4094)
union vr_hv_input_area {
	struct hv_guest_mapping_flush space;
	struct hv_guest_mapping_flush_list list;
	u64 raw[VR_HV_INPUT_AREA_QWORDS];
};

/*
 * The CPU the kernel-shaped Hyper-V code runs on: what the kernel keeps in
 * hv_hypercall_pg and this_cpu_ptr(hyperv_pcpu_input_arg).  Code running
 * "on" a CPU is bracketed by vr_hv_cpu_enter()/vr_hv_cpu_exit(); with no
 * CPU entered there is no hypercall page and the functions report
 * -ENOTSUPP, as the kernel does before Hyper-V is set up.
 */
struct vr_hv_cpu {
	struct vr_hv_l0 *l0;		/* NULL: no hypercall page */
	union vr_hv_input_area *input;	/* NULL: no per-CPU input page */
	bool legacy_rep_count;		/* HV_MAX_FLUSH_REP_COUNT = 4094 */
	bool list_filled;		/* a list was filled since the last overflow check */
};

/* Makes @cpu current on this thread; returns the previous one. */
VR_API struct vr_hv_cpu *vr_hv_cpu_enter(struct vr_hv_cpu *cpu);
VR_API void vr_hv_cpu_exit(struct vr_hv_cpu *prev);
VR_API struct vr_hv_cpu *vr_hv_cpu_current(void);
/*
 * Bytes written past the input page (legacy overflow), 0 when clean.  The
 * area is scanned only when a list was filled since the last call.
 */
VR_API size_t vr_hv_input_overflow(struct vr_hv_cpu *cpu);

/*
 * hv_do_hypercall() - issue a hypercall on the current CPU.
 * @control: the input value
 * @input:   the 4 KiB input page
 * @output:  unused by the two flush calls
 * Return: L0's result value; HV_STATUS_INVALID_HYPERCALL_INPUT for a NULL
 * @input; UINT64_MAX when no CPU with a hypercall page is current (the
 * kernel's U64_MAX when hv_hypercall_pg is NULL).
 */
VR_API u64 hv_do_hypercall(u64 control, void *input, void *output);
/*
 * hv_do_rep_hypercall() - the kernel's rep loop: reissue with the reps
 * completed as the new start index until all are done or a call fails.
 * @code:         call code
 * @rep_count:    reps wanted
 * @varhead_size: variable header size in QWORDs
 * @input:        the input page
 * @output:       the output page (unused here)
 * Return: the last result value.
 */
VR_API u64 hv_do_rep_hypercall(u16 code, u16 rep_count, u16 varhead_size, void *input,
			       void *output);

/* ---- arch/x86/hyperv/nested.c ----------------------------------------- */

/*
 * hyperv_flush_guest_mapping() - HvCallFlushGuestPhysicalAddressSpace.
 * @as: address space (EPTP & PAGE_MASK)
 * Return: 0, or -ENOTSUPP (no hypercall page / input page, or any
 * hypervisor failure: the status is not passed back).
 */
VR_API int hyperv_flush_guest_mapping(u64 as);
/*
 * hyperv_fill_flush_guest_mapping_list() - mainline fill: ranges of at
 * most HV_MAX_FLUSH_PAGES from index 0.
 * @flush:     the input page
 * @start_gfn: first gfn (truncated to the 52-bit basepfn)
 * @pages:     page count; 0 writes one element of 2048 pages
 * Return: number of elements written, or -ENOSPC (elements already
 * written stay written).
 */
VR_API int hyperv_fill_flush_guest_mapping_list(struct hv_guest_mapping_flush_list *flush,
						u64 start_gfn, u64 pages);
/*
 * vr_v3_hyperv_fill_flush_guest_mapping_list() - the seed V3 form.
 * @flush:     the input page
 * @offset:    first index to write; a negative one fails with -ENOSPC
 *             without writing (unsigned comparison, spec/mmu.md 3.2)
 * @start_gfn: first gfn
 * @pages:     page count (0: one 2048-page element)
 * Return: the new total of elements, or -ENOSPC.
 */
VR_API int vr_v3_hyperv_fill_flush_guest_mapping_list(struct hv_guest_mapping_flush_list *flush,
						      int offset, u64 start_gfn, u64 pages);
/*
 * hyperv_flush_guest_mapping_range() - HvCallFlushGuestPhysicalAddressList
 * with the elements @fill writes.
 * Return: 0; -ENOTSUPP (no hypercall page, no @fill, no input page, or
 * @fill failed); or the positive HV status of a failed hypercall.
 */
VR_API int hyperv_flush_guest_mapping_range(u64 as, hyperv_fill_flush_list_func fill,
					    void *data);

/* ---- KVM ---------------------------------------------------------------- */

#define KVM_HPAGE_GFN_SHIFT(x) (((x) - 1) * 9)
#define KVM_PAGES_PER_HPAGE(x) (1UL << KVM_HPAGE_GFN_SHIFT(x))
#define KVM_NR_PAGE_SIZES 3
#define PT_PAGE_TABLE_LEVEL 1
#define PT_DIRECTORY_LEVEL 2
#define PT_PDPE_LEVEL 3
#define PT64_ROOT_4LEVEL 4
#define PT64_ROOT_5LEVEL 5
#define VR_KVM_MEMSLOTS 4
#define VR_KVM_MAX_VCPUS 4

union kvm_mmu_page_role {
	u32 word;
	struct {
		unsigned level : 4;
		unsigned direct : 1;
		unsigned invalid : 1;
	};
};

/*
 * A shadow page: owns one 4 KiB EPT table in host memory.
 * @gfn: first gfn of the region the table translates, which is
 *       KVM_PAGES_PER_HPAGE(role.level + 1) pages
 * @flush_link, @last_level: the seed V2/V3 additions
 */
struct kvm_mmu_page {
	struct list_head link;
	struct hlist_node flush_link;
	gfn_t gfn;
	union kvm_mmu_page_role role;
	bool last_level;
	bool unsync;
	int root_count;
	hpa_t spt;			/* host-physical address of the table */
	struct kvm_mmu_page *parent;	/* linked in parent's entry parent_index */
	u32 parent_index;
	u32 pool_index;
};

struct kvm_tlb_range {
	u64 start_gfn;
	u64 pages;
	struct hlist_head *flush_list;	/* V3: NULL means start_gfn/pages */
};

struct kvm_memory_slot {
	gfn_t base_gfn;
	unsigned long npages;
	unsigned long *dirty_bitmap;
	unsigned long userspace_addr;
	u32 flags;
	short id;
};
#define KVM_MEM_LOG_DIRTY_PAGES (1UL << 0)

struct kvm_dirty_log {
	u32 slot;
	u32 padding1;
	void *dirty_bitmap;
};

struct kvm_clear_dirty_log {
	u32 slot;
	u32 num_pages;
	u64 first_page;
	void *dirty_bitmap;
};

/* The kernel shapes; their names and rules are the rows of src/mmu/profile.c. */
enum vr_mmu_profile {
	VR_MMU_PROFILE_MAINLINE,	/* one range per call, full flush in commit_zap */
	VR_MMU_PROFILE_V3,		/* the seed as posted */
	VR_MMU_PROFILE_V2,		/* V2: KVM_PAGES_PER_HPAGE(level), off by one */
	VR_MMU_NR_PROFILES
};

/* 2019 vmx.c: do all vCPUs use one EPTP? */
enum { EPT_POINTERS_CHECK = 0, EPT_POINTERS_MATCH = 1, EPT_POINTERS_MISMATCH = 2 };

struct kvm_vcpu {
	struct kvm *kvm;
	int vcpu_id;
	struct kvm_mmu_page *root;	/* NULL until the first entry */
	u64 ept_pointer;		/* 2019 vmx.c */
	hpa_t hv_root_tdp;		/* kvm_onhyperv.c: root last loaded */
	bool reload;			/* KVM_REQ_MMU_RELOAD pending */
};

/* Flush accounting (spec task 4). */
struct vr_mmu_stats {
	u64 pages_needed;	/* pages whose translation was removed/reduced */
	u64 pages_flushed;	/* pages named by range flushes sent to L0 */
	u64 range_flushes;	/* successful range/list flushes */
	u64 full_flushes;	/* kvm_flush_remote_tlbs() calls */
	u64 fallbacks;		/* range flushes that fell back to a full one */
	u64 skipped;		/* V3: empty list, no flush at all */
	u64 remote_tlb_flush;	/* the kernel's stat counter */
};

struct vr_mmu_config {
	enum vr_mmu_profile profile;
	bool legacy_rep_count;	/* HV_MAX_FLUSH_REP_COUNT without parentheses */
	bool last_level_filter;	/* V2/V3 patch 10 (off: patch 3 alone) */
	bool nested_flush;	/* L0 offers the GPA flush hypercalls */
	bool psc;		/* TLB caches paging-structure entries */
	bool prefetch;		/* TLB also caches a walked table's other leaves */
	u8 levels;		/* EPT walk length, 4 or 5 */
	u8 vcpus;
	u32 reps_per_call;	/* L0 partial completion; 0: no limit */
	u32 tlb_entries;
	u32 table_pages;	/* EPT table pool */
	u64 slot0_pages;	/* memslot 0 at gfn 0; 0: none */
};

struct kvm;

/*
 * The remote-flush members of struct kvm_x86_ops
 * (arch/x86/include/asm/kvm_host.h): tlb_remote_flush and
 * tlb_remote_flush_with_range in 2019, flush_remote_tlbs and
 * flush_remote_tlbs_range since v6.4.  NULL: not installed.
 */
struct kvm_x86_ops {
	int (*tlb_remote_flush)(struct kvm *kvm);
	int (*tlb_remote_flush_with_range)(struct kvm *kvm, struct kvm_tlb_range *range);
	int (*flush_remote_tlbs)(struct kvm *kvm);
	int (*flush_remote_tlbs_range)(struct kvm *kvm, gfn_t gfn, gfn_t nr_pages);
};

struct vri_mmu_profile;

struct kvm {
	struct list_head active_mmu_pages;
	struct kvm_memory_slot memslots[VR_KVM_MEMSLOTS];
	struct kvm_vcpu vcpus[VR_KVM_MAX_VCPUS];
	int created_vcpus;
	/* 2019 vmx.c: struct kvm_vmx */
	int ept_pointers_match;
	/* kvm_onhyperv.c: the root every vCPU converged on, or INVALID_PAGE */
	hpa_t hv_root_tdp;
	/* what the kernel reaches as kvm_x86_ops (static calls) */
	const struct kvm_x86_ops *x86_ops;
	/* virtref's own state */
	struct vr_mmu_config cfg;
	const struct vri_mmu_profile *profile;
	struct vr_mem *host;
	struct vr_ept_cfg ept;
	struct vr_tlb tlb;
	struct vr_hv_l0 l0;
	struct vr_hv_cpu cpu;
	union vr_hv_input_area *input;
	struct kvm_mmu_page **pool_owner;	/* table_pages entries */
	u32 *pool_free;
	u32 pool_nfree;
	struct vr_mmu_stats stats;
	struct vr_text *explain;
	/*
	 * The last stale check that found nothing: host memory generation,
	 * TLB fills and live address spaces then.  While none of them
	 * changed, entries were only removed, so the answer is still 0.
	 */
	bool clean_valid;
	u64 clean_gen;
	u64 clean_fills;
	u64 clean_live[VR_KVM_MAX_VCPUS];
	u32 clean_nlive;
};

/* Host-physical layout: EPT tables, then guest RAM frames. */
#define VR_MMU_TABLE_BASE 0x1000000ull
#define VR_MMU_RAM_BASE (1ull << 40)
#define VR_MMU_ALIAS_SHIFT 36

/*
 * vr_kvm_create() - a VM with @cfg->vcpus vCPUs and an empty EPT.
 * Return: the VM, ERR_PTR(-ENOMEM) or ERR_PTR(-EINVAL) (bad config).
 */
VR_API struct kvm *vr_kvm_create(const struct vr_mmu_config *cfg);
VR_API void vr_kvm_destroy(struct kvm *kvm);
VR_API void vr_mmu_config_default(struct vr_mmu_config *cfg);
/* The EPTP KVM loads for @vcpu (root | WB | 4/5-level | A/D), 0 if none. */
VR_API u64 vr_kvm_vcpu_eptp(const struct kvm_vcpu *vcpu);
/* The stale check over the address spaces the vCPUs can still run on. */
VR_API u32 vr_kvm_check_stale(struct kvm *kvm, struct vr_text *why);
/* Loads the vCPU's root (allocating it) as on VM entry: 0 or -ENOMEM. */
VR_API int vr_kvm_vcpu_load_root(struct kvm_vcpu *vcpu);

/*
 * vr_kvm_map() - install a leaf as the direct-map fault path does
 * (__direct_map + mmu_set_spte): @level 1..3, host frame chosen by
 * @alias, rights @access.  A large leaf replacing a table unlinks the
 * table; a table replacing a large leaf drops it; a changed leaf is
 * flushed by address.
 * Return: 0, -EINVAL (bad level/access, gfn beyond the guest address
 * width), -ENOMEM (nothing changed).
 */
VR_API int vr_kvm_map(struct kvm *kvm, gfn_t gfn, int level, u8 access, u8 alias);
/* The shadow page at @level on the path to @gfn, or NULL. */
VR_API struct kvm_mmu_page *vr_kvm_find_sp(struct kvm *kvm, gfn_t gfn, int level);

/*
 * vr_kvm_access() - the guest touches @gfn on @vcpu: TLB, else EPT walk
 * (filling the TLB); with @handle, an EPT violation enters KVM's fault
 * handler (map 4K, or restore write access and log the page dirty) and
 * the access is retried once.
 * Return: 0 with @w filled, -EINVAL (bad vcpu), -ENOMEM.
 */
VR_API int vr_kvm_access(struct kvm *kvm, int vcpu, gfn_t gfn, u8 access, bool handle,
			 struct vr_ept_walk *w, bool *hit);

/*
 * kvm_mmu_prepare_zap_page() - unlink @sp from its parent and its children
 * (which stay, unlinked), and queue it on @invalid_list; a root still in
 * use stays on the active list, invalid, and its vCPUs reload.
 * @kvm:          the VM
 * @sp:           the shadow page
 * @invalid_list: collects the pages kvm_mmu_commit_zap_page() frees
 * Return: the number of pages zapped (1), or 0 for a root already invalid.
 */
VR_API int kvm_mmu_prepare_zap_page(struct kvm *kvm, struct kvm_mmu_page *sp,
				    struct list_head *invalid_list);
/*
 * kvm_mmu_commit_zap_page() - flush as the profile does, then free every
 * page of @invalid_list.  Mainline: a full flush.  V2/V3 with range flush
 * available: one range per listed page (V2: KVM_PAGES_PER_HPAGE(level),
 * V3: level + 1), last_level pages only when the filter is on, head
 * insertion order; an empty list flushes nothing.
 * @kvm:          the VM
 * @invalid_list: pages from kvm_mmu_prepare_zap_page(); empty: no-op
 */
VR_API void kvm_mmu_commit_zap_page(struct kvm *kvm, struct list_head *invalid_list);
/*
 * kvm_mmu_zap_all() - zap every shadow page and commit once: with V3's
 * filter the list holds every page with leaves, all on the same invalid
 * list, so nothing reachable is missed (roots in use stay until reload).
 * @kvm: the VM
 */
VR_API void kvm_mmu_zap_all(struct kvm *kvm);
/*
 * kvm_flush_remote_tlbs() - flush every vCPU's address space: the Hyper-V
 * space flush per root, or if that fails KVM_REQ_TLB_FLUSH (INVEPT
 * single-context per vCPU).  Never fails.
 * @kvm: the VM
 */
VR_API void kvm_flush_remote_tlbs(struct kvm *kvm);
/*
 * kvm_flush_remote_tlbs_with_range() - range flush through Hyper-V when
 * available; on any failure (or none available) a full flush instead.
 * @kvm:   the VM
 * @range: start_gfn/pages, or (V2/V3) flush_list of shadow pages
 */
VR_API void kvm_flush_remote_tlbs_with_range(struct kvm *kvm, struct kvm_tlb_range *range);
/*
 * kvm_flush_remote_tlbs_with_address() - kvm_flush_remote_tlbs_with_range()
 * of [@start_gfn, @start_gfn + @pages) with no list.
 */
VR_API void kvm_flush_remote_tlbs_with_address(struct kvm *kvm, u64 start_gfn, u64 pages);
/*
 * vr_v3_kvm_flush_remote_tlbs_with_list() - the seed's
 * kvm_flush_remote_tlbs_with_list(): range flush of the pages on
 * @flush_list; an empty list returns without flushing anything.
 */
VR_API void vr_v3_kvm_flush_remote_tlbs_with_list(struct kvm *kvm, struct hlist_head *flush_list);
/*
 * kvm_mmu_slot_gfn_write_protect() - clear W in every leaf mapping @gfn.
 * @kvm:  the VM
 * @slot: the memslot holding @gfn (NULL or not holding it: nothing done)
 * @gfn:  the guest frame
 * Return: true when something was write-protected and the caller must
 * flush.  V2/V3 (patch 5) flush (gfn, 1) here and return false.
 */
VR_API bool kvm_mmu_slot_gfn_write_protect(struct kvm *kvm, struct kvm_memory_slot *slot,
					   u64 gfn);
/*
 * kvm_age_hva() - clear the accessed bit of every leaf mapping an hva in
 * [@start, @end) (the seed's shape, with @flush).
 * @flush: V2/V3: range-flush what was aged; mainline: the caller's
 *         clear_flush_young full flush, done here when young
 * Return: 1 when some page was young, else 0.
 */
VR_API int kvm_age_hva(struct kvm *kvm, unsigned long start, unsigned long end, bool flush);
/*
 * ept_sync_page() - FNAME(sync_page) for EPT.  V2/V3 (patch 4) flush the
 * page's region (sp->gfn, KVM_PAGES_PER_HPAGE(level + 1)) every time.
 * Return: 0, or -EINVAL for no page or an invalid one.
 */
VR_API int ept_sync_page(struct kvm_vcpu *vcpu, struct kvm_mmu_page *sp);
/* gfn_round_for_level() - @gfn & -KVM_PAGES_PER_HPAGE(@level). */
VR_API gfn_t gfn_round_for_level(gfn_t gfn, int level);

/*
 * kvm_get_memslot() - the memslot a user slot id names: address space in
 * bits 31:16 (only 0 has slots here), slot index in 15:0.
 * Return: the slot, or NULL when it names none.
 */
VR_API struct kvm_memory_slot *kvm_get_memslot(struct kvm *kvm, u32 slot_id);
/*
 * kvm_vm_ioctl_get_dirty_log() - copy the slot's dirty bitmap to
 * @log->dirty_bitmap (BITS_TO_LONGS(npages) longs), clear it,
 * write-protect the dirty pages and range-flush the whole slot.
 * Return: 0, -EINVAL (address space or slot out of range), -ENOENT (no
 * such slot or no dirty logging), -EFAULT (no bitmap).
 */
VR_API int kvm_vm_ioctl_get_dirty_log(struct kvm *kvm, struct kvm_dirty_log *log);
/*
 * kvm_vm_ioctl_clear_dirty_log() - clear and write-protect the pages set
 * in @log->dirty_bitmap, from @log->first_page, then range-flush the slot.
 * Return: 0, -EINVAL (first_page not a multiple of 64, num_pages not a
 * multiple of 64 short of the end, past the end, bad slot), -ENOENT,
 * -EFAULT.
 */
VR_API int kvm_vm_ioctl_clear_dirty_log(struct kvm *kvm, struct kvm_clear_dirty_log *log);
/* Turns dirty logging of slot @id on (write-protect + flush) or off: 0, -EINVAL, -ENOMEM. */
VR_API int vr_kvm_set_dirty_logging(struct kvm *kvm, u32 id, bool on);
/* Creates memslot @id: 0, -EINVAL, -EEXIST (in use or overlapping), -ENOMEM. */
VR_API int vr_kvm_set_memslot(struct kvm *kvm, u32 id, gfn_t base_gfn, unsigned long npages,
			      u32 flags);

/*
 * hv_flush_remote_tlbs_range() - mainline (kvm_onhyperv.c): flush the
 * range in every distinct valid root, or only in the root all vCPUs are
 * known to share.
 * Return: 0, or the first failure (-ENOTSUPP or a positive HV status).
 */
VR_API int hv_flush_remote_tlbs_range(struct kvm *kvm, gfn_t start_gfn, gfn_t nr_pages);
/* hv_flush_remote_tlbs() - the same with the address-space flush. */
VR_API int hv_flush_remote_tlbs(struct kvm *kvm);
/* hv_track_root_tdp() - @vcpu now runs on @root_tdp (from root loading). */
VR_API void hv_track_root_tdp(struct kvm_vcpu *vcpu, hpa_t root_tdp);

/*
 * hv_remote_flush_tlb_with_range() - 2019 vmx.c (the V2/V3 profiles): if
 * all vCPUs share one EPTP, flush it once; else flush each valid one.
 * @range: the range, or NULL for the address-space flush
 * Return: 0, or the OR of the failures.
 */
VR_API int hv_remote_flush_tlb_with_range(struct kvm *kvm, struct kvm_tlb_range *range);
/* hv_remote_flush_tlb() - hv_remote_flush_tlb_with_range(kvm, NULL). */
VR_API int hv_remote_flush_tlb(struct kvm *kvm);
/*
 * kvm_fill_hv_flush_list_func() - the registered fill callback (mainline
 * shape): one contiguous range from @data, a struct kvm_tlb_range.
 * Return: the element count, or -ENOSPC.
 */
VR_API int kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush, void *data);
/*
 * vr_v3_kvm_fill_hv_flush_list_func() - the seed V3 callback: without a
 * flush_list the contiguous range; with one, an element run per page of
 * int pages = KVM_PAGES_PER_HPAGE(level + 1), appended at the running
 * offset and unchecked inside the loop, so -ENOSPC sticks.
 * Return: the element count, or -ENOSPC.
 */
VR_API int vr_v3_kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush,
					     void *data);
/* vr_v2_kvm_fill_hv_flush_list_func() - V2: KVM_PAGES_PER_HPAGE(level). */
VR_API int vr_v2_kvm_fill_hv_flush_list_func(struct hv_guest_mapping_flush_list *flush,
					     void *data);

/* The op-table description of this model (`virtref ops mmu`). */
VR_API extern const struct vr_model vr_model_mmu;

#endif
