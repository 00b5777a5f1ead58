/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The x86 EPT and the TLB that caches it, as the processor sees them:
 * entry formats and the EPTP (Intel SDM vol. 3C, "The Extended Page Table
 * Mechanism (EPT)": translation, EPT misconfigurations and violations,
 * memory typing), and the guest-physical mappings and paging-structure
 * entries the processor may cache and INVEPT removes (vol. 3C, "Caching
 * Translation Information").  The macro names are those of torvalds/linux
 * arch/x86/include/asm/vmx.h.  No kernel type: the hardware layer.
 */
#ifndef VIRTREF_MMU_HW_H
#define VIRTREF_MMU_HW_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/linux/bits.h>
#include <virtref/linux/types.h>

struct vr_mem;
struct vr_text;

/* 4 KiB pages an entry at @level maps: 1, 512, 512 * 512, ... */
#define VR_MMU_EPT_LEVEL_PAGES(level) (1ull << (9 * ((level)-1)))
/* The first gfn of the @level region holding @gfn. */
#define VR_MMU_EPT_LEVEL_BASE(gfn, level) ((gfn) & ~(VR_MMU_EPT_LEVEL_PAGES(level) - 1))

/* ---- EPT entries and the EPTP ------------------------------------------ */

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

/* A fully permissive WB leaf ignoring PAT: RWX | WB << 3 | IPAT = 0x77. */
#define VR_MMU_EPT_RAM_LEAF 0x77ull

enum vr_mmu_ept_fault {
	VR_MMU_EPT_OK,	      /* translated */
	VR_MMU_EPT_VIOLATION, /* not present, or access not permitted */
	VR_MMU_EPT_MISCONFIG, /* reserved bit, W without R, bad memory type */
};

struct vr_mmu_ept_cfg {
	u8 maxphyaddr;	/* N: bits 51:N of entries are reserved */
	bool exec_only; /* X without R is allowed (VMX capability) */
};

/* What one walk found; table[L] is the table read at level L. */
struct vr_mmu_ept_walk {
	enum vr_mmu_ept_fault fault;
	u8 level; /* leaf level (1..3), or where the walk stopped */
	u8 perm;  /* R/W/X granted by every level (AND) */
	u8 memtype;
	bool ipat;
	u64 hpa;     /* the translated host-physical address */
	u8 top;	     /* level the walk started at (below a PSC hit) */
	u8 top_perm; /* rights granted above @top */
	u64 table[6];
	u64 entry[6];
};

/**
 * vr_mmu_ept_walk() - translate @gpa through the EPT that @eptp names.
 * @mem:    host memory holding the paging structures
 * @eptp:   EPT pointer (walk length in bits 5:3, A/D enable in bit 6)
 * @gpa:    guest-physical address
 * @access: VMX_EPT_{READABLE,WRITABLE,EXECUTABLE}_MASK bits wanted
 * @update_ad: set accessed/dirty bits when the EPTP enables them
 * @cfg:    MAXPHYADDR and execute-only support
 * @w:      the outcome (violation or misconfiguration as vol. 3C defines them)
 *
 * Host memory that is not backed reads as all ones, as a master abort
 * does on x86, so a table pointer into nowhere is a misconfiguration.
 *
 * Return: 0 with @w filled (the fault is a value, not an error); -EINVAL when the EPTP's walk
 * length is not 4 or 5.
 */
VR_API int vr_mmu_ept_walk(struct vr_mem *mem, u64 eptp, u64 gpa, u8 access, bool update_ad,
			   const struct vr_mmu_ept_cfg *cfg, struct vr_mmu_ept_walk *w);

/* ---- TLB: guest-physical mappings and paging-structure cache ---------- */

enum vr_mmu_tlb_kind {
	VR_MMU_TLB_LEAF, /* a translation of a 4K, 2M or 1G page */
	VR_MMU_TLB_PSC,	 /* a non-leaf entry: region -> next table */
};

struct vr_mmu_tlb_entry {
	u64 ep4ta; /* EPTP & ~0xfff of the address space */
	u64 gfn;   /* first gfn of the region, aligned to its size */
	u64 hpa;   /* page (leaf) or next table (PSC) */
	u8 level;  /* entry level: covers VR_MMU_EPT_LEVEL_PAGES(level) pages */
	u8 kind;
	u8 perm;
	u8 memtype;
	u8 ipat;
	u8 walk_levels; /* 4 or 5, from the EPTP that filled it */
};

struct vri_mmu_ept_memo;

struct vr_mmu_tlb {
	struct vr_mmu_tlb_entry *e;
	struct vri_mmu_ept_memo *memo; /* table copies for the stale check */
	u32 n;
	u32 cap;
	bool psc; /* also cache paging-structure entries */
	u64 evicted;
	u64 fills; /* entries inserted or replaced, ever */
};

/* Per-flush narration and the removed-entry count, for explain. */
struct vr_mmu_tlb_flush_result {
	u32 leaf;
	u32 psc;
};

/**
 * vr_mmu_tlb_init() - an empty TLB of @cap entries, allocated up front.
 * @t:   the TLB
 * @cap: entries, at least 1
 * @psc: also cache paging-structure entries
 *
 * Return: 0; -EINVAL for @cap 0; -ENOMEM (@t then holds nothing).
 */
VR_API int vr_mmu_tlb_init(struct vr_mmu_tlb *t, u32 cap, bool psc);

/**
 * vr_mmu_tlb_destroy() - free what vr_mmu_tlb_init() allocated.
 * @t: the TLB (initialized, or zeroed)
 */
VR_API void vr_mmu_tlb_destroy(struct vr_mmu_tlb *t);

/**
 * vr_mmu_tlb_fill() - cache what a successful walk found: the leaf, and
 * with @t->psc the paging-structure entries above it; the oldest entry
 * is evicted when the TLB is full.
 * @t:    the TLB
 * @eptp: the EPTP the walk used
 * @gpa:  the address walked
 * @w:    the walk (nothing is cached unless it translated)
 */
VR_API void vr_mmu_tlb_fill(struct vr_mmu_tlb *t, u64 eptp, u64 gpa,
			    const struct vr_mmu_ept_walk *w);

/**
 * vr_mmu_tlb_prefetch() - speculative caching, which the architecture
 * allows: after a walk that ended in a page table, also cache every other
 * valid 4K leaf of that table, so any translation ever valid may be cached.
 * @t:    the TLB
 * @mem:  host memory with the EPT
 * @cfg:  walk configuration
 * @eptp: the EPTP the walk used
 * @gpa:  the address walked
 * @w:    the walk
 */
VR_API void vr_mmu_tlb_prefetch(struct vr_mmu_tlb *t, struct vr_mem *mem,
				const struct vr_mmu_ept_cfg *cfg, u64 eptp, u64 gpa,
				const struct vr_mmu_ept_walk *w);

/**
 * vr_mmu_tlb_lookup() - the first cached leaf of @ep4ta covering @gfn.
 * @t:     the TLB
 * @ep4ta: the address space (EPTP & ~0xfff)
 * @gfn:   the guest frame
 *
 * Return: the entry, valid until the TLB changes; NULL when none covers it.
 */
VR_API const struct vr_mmu_tlb_entry *vr_mmu_tlb_lookup(const struct vr_mmu_tlb *t, u64 ep4ta,
							u64 gfn);

/**
 * vr_mmu_tlb_flush_context() - INVEPT single-context: every entry of @ep4ta.
 * @t:     the TLB
 * @ep4ta: the address space
 *
 * Return: how many leaf and paging-structure entries went.
 */
VR_API struct vr_mmu_tlb_flush_result vr_mmu_tlb_flush_context(struct vr_mmu_tlb *t, u64 ep4ta);

/**
 * vr_mmu_tlb_flush_all() - INVEPT all-context: every entry.
 * @t: the TLB
 *
 * Return: how many leaf and paging-structure entries went.
 */
VR_API struct vr_mmu_tlb_flush_result vr_mmu_tlb_flush_all(struct vr_mmu_tlb *t);

/**
 * vr_mmu_tlb_flush_range() - every entry of @ep4ta whose covered gfns
 * intersect [@gfn, @gfn + @pages), whatever its size.
 * @t:     the TLB
 * @ep4ta: the address space
 * @gfn:   first gfn
 * @pages: gfns in the range (0: nothing is removed)
 *
 * Return: how many leaf and paging-structure entries went.
 */
VR_API struct vr_mmu_tlb_flush_result vr_mmu_tlb_flush_range(struct vr_mmu_tlb *t, u64 ep4ta,
							     u64 gfn, u64 pages);

/**
 * vr_mmu_tlb_check_stale() - the stale-translation check (docs/mmu.md).
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
 *
 * Return: the number of stale entries.
 */
VR_API u32 vr_mmu_tlb_check_stale(const struct vr_mmu_tlb *t, struct vr_mem *mem,
				  const struct vr_mmu_ept_cfg *cfg, const u64 *live, u32 nlive,
				  struct vr_text *why);

#endif
