/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: include/linux/kvm_host.h, arch/x86/include/asm/kvm_host.h at
 * v6.6 (torvalds/linux), with the 2019 shapes the seed series sits on
 *   KVM_HPAGE_GFN_SHIFT, KVM_PAGES_PER_HPAGE, INVALID_PAGE, enum pg_level
 *   (arch/x86/include/asm/pgtable_types.h; PT_*_LEVEL before 5.9),
 *   union kvm_mmu_page_role, struct kvm_mmu_page, struct kvm_tlb_range,
 *   struct kvm_memory_slot, struct kvm_dirty_log, struct kvm_clear_dirty_log,
 *   struct kvm_vcpu, struct kvm_x86_ops (the remote-flush members), struct kvm,
 *   struct kvm_arch and struct kvm_vcpu_arch (what kvm_onhyperv.c reads),
 *   VALID_PAGE, kvm_get_vcpu, kvm_for_each_vcpu
 * and the prototypes of the kernel files the model mirrors (kvm_onhyperv.c
 * and vmx.c have their own headers beside this one):
 *   arch/x86/kvm/mmu/mmu.c (arch/x86/kvm/mmu.c in 2019):
 *     kvm_mmu_prepare_zap_page, kvm_mmu_commit_zap_page, kvm_mmu_zap_all,
 *     kvm_flush_remote_tlbs_with_range, kvm_flush_remote_tlbs_with_address
 *     (before 6.4), kvm_arch_flush_remote_tlbs_range and, from
 *     arch/x86/kvm/mmu/mmu_internal.h, kvm_flush_remote_tlbs_gfn (6.4 on),
 *     kvm_mmu_slot_gfn_write_protect, kvm_mmu_write_protect_pt_masked,
 *     kvm_mmu_slot_remove_write_access, kvm_age_hva, gfn_round_for_level,
 *     kvm_mmu_load, __direct_map (2019; direct_map() since 6.0),
 *     FNAME(sync_page) of arch/x86/kvm/mmu/paging_tmpl.h as ept_sync_page
 *   arch/x86/include/asm/kvm_host.h: KVM_ADDRESS_SPACE_NUM,
 *     kvm_arch_flush_remote_tlbs (kvm_arch_flush_remote_tlb before 6.4)
 *   include/linux/kvm_host.h: KVM_REQ_TLB_FLUSH
 *   virt/kvm/kvm_main.c: kvm_flush_remote_tlbs, kvm_make_all_cpus_request,
 *     kvm_flush_remote_tlbs_range,
 *     kvm_flush_remote_tlbs_memslot (6.4 on), gfn_to_memslot, kvm_get_memslot,
 *     kvm_vm_ioctl_get_dirty_log, kvm_vm_ioctl_clear_dirty_log
 * The seed series' functions that mainline never had carry vr_v2_/vr_v3_.
 * struct kvm also holds the model's own state (the simulated TLB, L0 and
 * host memory) below the kernel's fields.
 */
#ifndef VIRTREF_MMU_KVM_HOST_H
#define VIRTREF_MMU_KVM_HOST_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/list.h>
#include <virtref/linux/spinlock.h>
#include <virtref/linux/types.h>
#include <virtref/mmu.h>
#include <virtref/mmu/hw.h>
#include <virtref/mmu/hw_hyperv.h>
#include <virtref/mmu/mshyperv.h>

#define KVM_HPAGE_GFN_SHIFT(x) (((x)-1) * 9)
#define KVM_PAGES_PER_HPAGE(x) (1UL << KVM_HPAGE_GFN_SHIFT(x))
#define KVM_NR_PAGE_SIZES 3
#define PT_PAGE_TABLE_LEVEL 1
#define PT_DIRECTORY_LEVEL 2
#define PT_PDPE_LEVEL 3
#define PT64_ROOT_4LEVEL 4
#define PT64_ROOT_5LEVEL 5

/* The same levels under their names since 5.9. */
enum pg_level { PG_LEVEL_NONE, PG_LEVEL_4K, PG_LEVEL_2M, PG_LEVEL_1G, PG_LEVEL_512G, PG_LEVEL_NUM };
#define INVALID_PAGE (~(hpa_t)0)
#define VALID_PAGE(x) ((x) != INVALID_PAGE)

/* x86 has two address spaces (normal and SMM); slot ids carry it in 31:16. */
#define KVM_ADDRESS_SPACE_NUM 2
/* The one vCPU request the model makes: flush the guest's TLB entries. */
#define KVM_REQ_TLB_FLUSH 0

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
	hpa_t spt;		     /* host-physical address of the table */
	struct kvm_mmu_page *parent; /* linked in parent's entry parent_index */
	u32 parent_index;
};

struct kvm_tlb_range {
	u64 start_gfn;
	u64 pages;
	struct hlist_head *flush_list; /* V3: NULL means start_gfn/pages */
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

/* 2019 vmx.c: do all vCPUs use one EPTP? */
enum { EPT_POINTERS_CHECK = 0, EPT_POINTERS_MATCH = 1, EPT_POINTERS_MISMATCH = 2 };

/* The x86 part of a vCPU that kvm_onhyperv.c reads (vcpu->arch). */
struct kvm_vcpu_arch {
	hpa_t hv_root_tdp; /* the root last loaded, or INVALID_PAGE */
};

struct kvm_vcpu {
	struct kvm *kvm;
	int vcpu_id;
	struct kvm_mmu_page *root; /* NULL until the first entry */
	u64 ept_pointer;	   /* 2019 vmx.c */
	bool reload;		   /* KVM_REQ_MMU_RELOAD pending */
	struct kvm_vcpu_arch arch;
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

/* The x86 part of a VM that kvm_onhyperv.c reads (kvm->arch). */
struct kvm_arch {
	hpa_t hv_root_tdp; /* the root every vCPU converged on, or INVALID_PAGE */
	spinlock_t hv_root_tdp_lock;
};

struct vri_mmu_profile;

struct kvm {
	struct list_head active_mmu_pages;
	struct kvm_memory_slot memslots[VR_MMU_MEMSLOTS];
	struct kvm_vcpu vcpus[VR_MMU_MAX_VCPUS];
	int created_vcpus;
	/* 2019 vmx.c: struct kvm_vmx */
	int ept_pointers_match;
	struct kvm_arch arch;
	/* what the kernel reaches as kvm_x86_ops (static calls) */
	const struct kvm_x86_ops *x86_ops;
	/* virtref's own state */
	struct vr_mmu_config cfg;
	const struct vri_mmu_profile *profile;
	struct vr_mem *host;
	struct vr_mmu_ept_cfg ept;
	struct vr_mmu_tlb tlb;
	struct vr_mmu_hv_l0 l0;
	struct vr_mmu_hv_cpu cpu;
	union vr_mmu_hv_input_area *input;
	struct kvm_mmu_page **pool_owner; /* table_pages entries */
	u32 *pool_free;
	u32 pool_nfree;
	struct vr_mmu_stats stats;
	/*
	 * The last stale check that found nothing: host memory generation,
	 * TLB fills and live address spaces then.  While none of them
	 * changed, entries were only removed, so the answer is still 0.
	 */
	bool clean_valid;
	u64 clean_gen;
	u64 clean_fills;
	u64 clean_live[VR_MMU_MAX_VCPUS];
	u32 clean_nlive;
};

/* kvm_get_vcpu(), kvm_for_each_vcpu() (include/linux/kvm_host.h): created vCPUs in order. */
static inline struct kvm_vcpu *kvm_get_vcpu(struct kvm *kvm, int i)
{
	return i >= 0 && i < kvm->created_vcpus ? &kvm->vcpus[i] : NULL;
}
#define kvm_for_each_vcpu(idx, vcpup, kvm)                                                         \
	for ((idx) = 0; (idx) < (unsigned long)(kvm)->created_vcpus &&                             \
			((vcpup) = &(kvm)->vcpus[(idx)], true);                                    \
	     (idx)++)

/* ---- arch/x86/kvm/mmu/mmu.c ------------------------------------------- */

/**
 * kvm_mmu_load() - load @vcpu's root before it enters the guest: drop the
 * old one if a reload is pending (KVM_REQ_MMU_RELOAD), find or allocate
 * the root, set the EPTP and flush its context as kvm_mmu_load() ends.
 * @vcpu: the vCPU
 *
 * Return: 0, or -ENOMEM (no root).
 */
VR_API int kvm_mmu_load(struct kvm_vcpu *vcpu);

/**
 * kvm_mmu_prepare_zap_page() - unlink @sp from its parent and its children
 * (which stay, unlinked), and queue it on @invalid_list; a root still in
 * use stays on the active list, invalid, and its vCPUs reload.
 * @kvm:          the VM
 * @sp:           the shadow page
 * @invalid_list: collects the pages kvm_mmu_commit_zap_page() frees
 *
 * Return: the number of pages zapped (1), or 0 for a root already invalid.
 */
VR_API int kvm_mmu_prepare_zap_page(struct kvm *kvm, struct kvm_mmu_page *sp,
				    struct list_head *invalid_list);

/**
 * kvm_mmu_commit_zap_page() - flush as the profile does, then free every
 * page of @invalid_list.  Mainline: a full flush.  V2/V3 with range flush
 * available: one range per listed page (V2: KVM_PAGES_PER_HPAGE(level),
 * V3: level + 1), last_level pages only when the filter is on, head
 * insertion order; an empty list flushes nothing.
 * @kvm:          the VM
 * @invalid_list: pages from kvm_mmu_prepare_zap_page(); empty: no-op
 */
VR_API void kvm_mmu_commit_zap_page(struct kvm *kvm, struct list_head *invalid_list);

/**
 * kvm_mmu_zap_all() - zap every shadow page and commit once: with V3's
 * filter the list holds every page with leaves, all on the same invalid
 * list, so nothing reachable is missed (roots in use stay until reload).
 * @kvm: the VM
 */
VR_API void kvm_mmu_zap_all(struct kvm *kvm);

/**
 * kvm_flush_remote_tlbs_with_range() - range flush through the installed
 * kvm_x86_ops hook; on any failure (or with none installed) a full flush.
 * @kvm:   the VM
 * @range: start_gfn/pages, or (V2/V3) flush_list of shadow pages
 */
VR_API void kvm_flush_remote_tlbs_with_range(struct kvm *kvm, struct kvm_tlb_range *range);

/**
 * kvm_flush_remote_tlbs_with_address() - kvm_flush_remote_tlbs_with_range()
 * of [@start_gfn, @start_gfn + @pages) with no list.
 * @kvm:       the VM
 * @start_gfn: first gfn
 * @pages:     pages
 */
VR_API void kvm_flush_remote_tlbs_with_address(struct kvm *kvm, u64 start_gfn, u64 pages);

/**
 * kvm_arch_flush_remote_tlbs_range() - the range flush of kvm_x86_ops
 * (flush_remote_tlbs_range, the mainline hook) of [@gfn, @gfn + @nr_pages)
 * @kvm:      the VM
 * @gfn:      first gfn
 * @nr_pages: pages
 *
 * Return: 0 when flushed; -EOPNOTSUPP with no hook installed (also under
 * the 2019 profiles, whose hook is tlb_remote_flush_with_range); or the
 * hook's error.
 */
VR_API int kvm_arch_flush_remote_tlbs_range(struct kvm *kvm, gfn_t gfn, u64 nr_pages);

/**
 * kvm_flush_remote_tlbs_range() - the range flush, or a full flush when
 * it fails: mainline's name (6.4 on) for what 2019 called
 * kvm_flush_remote_tlbs_with_address()
 * @kvm:      the VM
 * @gfn:      first gfn
 * @nr_pages: pages
 */
VR_API void kvm_flush_remote_tlbs_range(struct kvm *kvm, gfn_t gfn, u64 nr_pages);

/**
 * kvm_flush_remote_tlbs_gfn() - kvm_flush_remote_tlbs_range() of the
 * @level region holding @gfn
 * @kvm:   the VM
 * @gfn:   any gfn of the region
 * @level: PG_LEVEL_4K, PG_LEVEL_2M or PG_LEVEL_1G
 */
VR_API void kvm_flush_remote_tlbs_gfn(struct kvm *kvm, gfn_t gfn, int level);

/**
 * kvm_flush_remote_tlbs_memslot() - kvm_flush_remote_tlbs_range() of a
 * whole memslot
 * @kvm:     the VM
 * @memslot: the slot
 */
VR_API void kvm_flush_remote_tlbs_memslot(struct kvm *kvm, const struct kvm_memory_slot *memslot);

/**
 * vr_v3_kvm_flush_remote_tlbs_with_list() - the seed's
 * kvm_flush_remote_tlbs_with_list() (patch 3): range flush of the pages
 * on @flush_list; an empty list returns without flushing anything.
 * @kvm:        the VM
 * @flush_list: shadow pages linked by flush_link
 */
VR_API void vr_v3_kvm_flush_remote_tlbs_with_list(struct kvm *kvm, struct hlist_head *flush_list);

/**
 * kvm_mmu_slot_gfn_write_protect() - clear W in every leaf mapping @gfn.
 * @kvm:  the VM
 * @slot: the memslot holding @gfn (NULL or not holding it: nothing done)
 * @gfn:  the guest frame
 *
 * Return: true when something was write-protected and the caller must
 * flush; false otherwise, and in V2/V3 (patch 5), which flush (gfn, 1)
 * here.
 */
VR_API bool kvm_mmu_slot_gfn_write_protect(struct kvm *kvm, struct kvm_memory_slot *slot, u64 gfn);

/**
 * kvm_mmu_write_protect_pt_masked() - write-protect the pages of @slot
 * whose bits are set in @mask, from @gfn_offset on (the dirty log).
 * @kvm:        the VM
 * @slot:       the memslot
 * @gfn_offset: offset of bit 0 from the slot's base gfn
 * @mask:       one bit per page
 */
VR_API void kvm_mmu_write_protect_pt_masked(struct kvm *kvm, struct kvm_memory_slot *slot,
					    gfn_t gfn_offset, unsigned long mask);

/**
 * kvm_mmu_slot_remove_write_access() - write-protect every page of
 * @memslot and flush if something changed: the slot by range
 * (mainline's kvm_flush_remote_tlbs_memslot()) or everything (2019).
 * @kvm:     the VM
 * @memslot: the memslot
 */
VR_API void kvm_mmu_slot_remove_write_access(struct kvm *kvm, struct kvm_memory_slot *memslot);

/**
 * kvm_age_hva() - clear the accessed bit of every leaf mapping an hva in
 * [@start, @end) (the seed's shape, with @flush).
 * @kvm:   the VM
 * @start: first hva
 * @end:   hva after the range
 * @flush: V2/V3: range-flush what was aged; mainline: the caller's
 *         clear_flush_young full flush, done here when young
 *
 * Return: 1 when some page was young, else 0.
 */
VR_API int kvm_age_hva(struct kvm *kvm, unsigned long start, unsigned long end, bool flush);

/**
 * ept_sync_page() - FNAME(sync_page) for EPT.  V2/V3 (patch 4) flush the
 * page's region (sp->gfn, KVM_PAGES_PER_HPAGE(level + 1)) every time.
 * @vcpu: the vCPU
 * @sp:   the shadow page
 *
 * Return: 0, or -EINVAL for no page or an invalid one.
 */
VR_API int ept_sync_page(struct kvm_vcpu *vcpu, struct kvm_mmu_page *sp);

/**
 * gfn_round_for_level() - the first gfn of the @level region holding @gfn.
 * @gfn:   the guest frame
 * @level: 1 (4K) .. 5
 *
 * Return: @gfn & -KVM_PAGES_PER_HPAGE(@level).
 */
VR_API gfn_t gfn_round_for_level(gfn_t gfn, int level);

/**
 * kvm_arch_flush_remote_tlbs() - the full remote flush of kvm_x86_ops
 * (flush_remote_tlbs since v6.4, tlb_remote_flush in 2019): the Hyper-V
 * address-space flush per root when such a hook is installed.
 * @kvm: the VM
 *
 * Return: 0 when the hook flushed; -ENOTSUPP with none or when it failed,
 * and the caller makes every vCPU flush instead.
 */
static inline int kvm_arch_flush_remote_tlbs(struct kvm *kvm)
{
	const struct kvm_x86_ops *ops = kvm->x86_ops;
	int (*flush)(struct kvm * kvm) =
		ops->flush_remote_tlbs ? ops->flush_remote_tlbs : ops->tlb_remote_flush;

	return flush && !flush(kvm) ? 0 : -ENOTSUPP;
}

/* ---- virt/kvm/kvm_main.c ---------------------------------------------- */

/**
 * kvm_make_all_cpus_request() - make every vCPU handle @req before it
 * enters the guest again; here at once, since no vCPU runs meanwhile.
 * @kvm: the VM
 * @req: KVM_REQ_TLB_FLUSH (vmx_flush_tlb_current() per vCPU); any other
 *       is refused
 *
 * Return: true when some vCPU handled it.
 */
VR_API bool kvm_make_all_cpus_request(struct kvm *kvm, unsigned int req);

/**
 * kvm_flush_remote_tlbs() - flush every vCPU's address space: the Hyper-V
 * space flush per root, or if that fails KVM_REQ_TLB_FLUSH (INVEPT
 * single-context per vCPU).  Never fails.
 * @kvm: the VM
 */
VR_API void kvm_flush_remote_tlbs(struct kvm *kvm);

/**
 * gfn_to_memslot() - the memslot holding @gfn.
 * @kvm: the VM
 * @gfn: the guest frame
 *
 * Return: the slot, or NULL when no slot holds @gfn.
 */
VR_API struct kvm_memory_slot *gfn_to_memslot(struct kvm *kvm, gfn_t gfn);

/**
 * kvm_get_memslot() - the memslot a user slot id names: address space in
 * bits 31:16 (only 0 has slots here), slot index in 15:0.
 * @kvm:     the VM
 * @slot_id: the user slot id
 *
 * Return: the slot, or NULL when it names none.
 */
VR_API struct kvm_memory_slot *kvm_get_memslot(struct kvm *kvm, u32 slot_id);

/**
 * kvm_vm_ioctl_get_dirty_log() - copy the slot's dirty bitmap to
 * @log->dirty_bitmap (BITS_TO_LONGS(npages) longs), clear it,
 * write-protect the dirty pages and range-flush the whole slot.
 * @kvm: the VM
 * @log: slot id and the bitmap to fill
 *
 * Return: 0, -EINVAL (address space or slot out of range), -ENOENT (no
 * such slot or no dirty logging), -EFAULT (no bitmap).
 */
VR_API int kvm_vm_ioctl_get_dirty_log(struct kvm *kvm, struct kvm_dirty_log *log);

/**
 * kvm_vm_ioctl_clear_dirty_log() - clear and write-protect the pages set
 * in @log->dirty_bitmap, from @log->first_page, then range-flush the slot.
 * @kvm: the VM
 * @log: slot id, first page, page count and the bitmap of pages to clear
 *
 * Return: 0, -EINVAL (first_page not a multiple of 64, num_pages not a
 * multiple of 64 short of the end, past the end, bad slot), -ENOENT (no
 * such slot or no dirty logging), -EFAULT (no bitmap).
 */
VR_API int kvm_vm_ioctl_clear_dirty_log(struct kvm *kvm, struct kvm_clear_dirty_log *log);

/**
 * __direct_map() - install the leaf of a direct-map fault: the tables
 * missing on the path to @gfn in vCPU 0's tree (a large leaf in the way is
 * dropped, with its flush), then the leaf, with the flush an SPTE that
 * loses a frame or a right needs; a dirty-logged slot gets 4K only and its
 * dirty bit for a writable leaf.  Reduced from 2019 mmu.c's
 * __direct_map() and mmu_set_spte(): the access bits and the frame come
 * in whole, and so does the level (the caller's mapping_level()).
 * @kvm:    the VM
 * @gfn:    the guest frame
 * @level:  PT_PAGE_TABLE_LEVEL .. PT_PDPE_LEVEL
 * @access: the leaf's RWX bits
 * @pfn:    the host frame of @gfn's 4K page; the leaf maps the @level
 *          region around it
 *
 * Return: 0, -EINVAL (@gfn beyond the guest address width), -ENOMEM (no
 * table page).
 */
VR_API int __direct_map(struct kvm *kvm, gfn_t gfn, int level, u8 access, kvm_pfn_t pfn);

/* ---- what virtref lends the kernel files ------------------------------- */

/*
 * The rules of the VM's kernel that the posted series changed, where
 * mmu.c reads them (src/mmu/profile.c holds them per profile).
 */
struct vr_mmu_rules {
	bool last_level_filter;	       /* patch 10: only pages holding leaves are listed */
	bool flush_with_list;	       /* patch 3: commit_zap flushes the listed pages */
	u8 flush_list_level_delta;     /* a listed page covers level + delta (V3: 1) */
	bool drop_large_flush_from_sp; /* drop_large_spte() flushes from sp->gfn (2018-2022) */
	bool wrprot_flush_gfn;	       /* patch 5: write-protecting a gfn flushes it */
	bool sync_page_flush;	       /* patch 4: FNAME(sync_page) flushes the page's region */
	bool age_flush_range;	       /* patches 8-9: aging flushes what it aged by range */
	bool memslot_flush_range;      /* kvm_flush_remote_tlbs_memslot() for a protected slot */
};

/**
 * vr_mmu_rules() - the rules of @kvm's kernel, with the config's overrides
 * @kvm: the VM
 *
 * Return: never NULL.
 */
VR_API const struct vr_mmu_rules *vr_mmu_rules(const struct kvm *kvm);

/**
 * vr_mmu_table_alloc() - a zeroed 4 KiB page of host memory for an EPT
 * table: the page allocator of the host KVM runs on
 * @kvm: the VM
 *
 * Return: its host-physical address; INVALID_PAGE when the VM's table
 * pages are all in use or host memory cannot back one.
 */
VR_API hpa_t vr_mmu_table_alloc(struct kvm *kvm);

/**
 * vr_mmu_table_free() - zero a table page and give it back; it no longer
 * belongs to a shadow page
 * @kvm: the VM
 * @hpa: a page vr_mmu_table_alloc() gave
 */
VR_API void vr_mmu_table_free(struct kvm *kvm, hpa_t hpa);

/**
 * vr_mmu_table_set_owner() - the shadow page that owns a table page (the
 * kernel's set_page_private() of the table's struct page)
 * @kvm: the VM
 * @hpa: a page vr_mmu_table_alloc() gave
 * @sp:  its shadow page
 */
VR_API void vr_mmu_table_set_owner(struct kvm *kvm, hpa_t hpa, struct kvm_mmu_page *sp);

/**
 * vr_mmu_table_owner() - the shadow page owning the table at @hpa (the
 * kernel's to_shadow_page())
 * @kvm: the VM
 * @hpa: any host-physical address
 *
 * Return: the shadow page, or NULL when @hpa is no table page in use.
 */
VR_API struct kvm_mmu_page *vr_mmu_table_owner(const struct kvm *kvm, hpa_t hpa);

/**
 * vr_mmu_fault_pfn() - the host frame behind @gfn and the size the host
 * maps it with, for a fault on it: the leaf vCPU 0's tree already has
 * there (its frame and level), else @gfn's frame without alias, at 4K
 * @kvm: the VM
 * @gfn: the guest frame
 * @pfn: the host frame of @gfn's 4K page
 *
 * Return: the level, PT_PAGE_TABLE_LEVEL .. PT_PDPE_LEVEL; -EINVAL when
 * the leaf there maps no guest RAM (host memory written behind KVM's back).
 */
VR_API int vr_mmu_fault_pfn(struct kvm *kvm, gfn_t gfn, kvm_pfn_t *pfn);

/**
 * vr_mmu_note_needed() - record that [@gfn, @gfn + @pages) lost or reduced
 * a translation that may be cached: the flushes the statistics compare
 * with (pages_needed)
 * @kvm:   the VM
 * @gfn:   first gfn
 * @pages: pages
 */
VR_API void vr_mmu_note_needed(struct kvm *kvm, u64 gfn, u64 pages);

/* ---- the bridge between the instance and the kernel-shaped layer ------- */

/**
 * vr_mmu_kvm() - the struct kvm a ported kernel path runs on.
 * @mmu: the instance
 *
 * Return: its VM, never NULL.
 */
VR_API struct kvm *vr_mmu_kvm(struct vr_mmu *mmu);

/**
 * vr_mmu_of() - the instance a VM belongs to.
 * @kvm: a VM from vr_mmu_kvm(), or NULL
 *
 * Return: its instance; NULL for a NULL @kvm.
 */
VR_API struct vr_mmu *vr_mmu_of(struct kvm *kvm);

#endif
