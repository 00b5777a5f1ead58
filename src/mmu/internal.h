/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Helpers shared by the mmu model's translation units; not public. */
#ifndef VIRTREF_SRC_MMU_INTERNAL_H
#define VIRTREF_SRC_MMU_INTERNAL_H

#include <string.h>
#include <virtref/mmu.h>

/*
 * The table last read at each level during one stale check, found once and
 * then read in place: entries cached by one walk share its tables.
 */
struct vr_ept_memo {
	u64 table[6];
	bool valid[6];
	const u8 *page[6];	/* the table in host memory; NULL: not backed */
	/* The last walk that reached a page table: its 2 MiB region. */
	bool pfx_valid;
	u8 pfx_levels;
	u8 pfx_perm;
	u64 pfx_ep4ta;
	u64 pfx_region;
	u64 pfx_table;
};

/* An entry of a table read in place: little-endian, all ones if unbacked. */
static inline u64 vr_ept_entry_at(const u8 *page, u64 addr)
{
	u64 v;

	if (!page)
		return ~0ull;
	memcpy(&v, page + (addr & 0xff8), sizeof(v));
	return __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? __builtin_bswap64(v) : v;
}

/* Forgets every remembered table: host memory may have changed since. */
static inline void vr_ept_memo_reset(struct vr_ept_memo *memo)
{
	memset(memo->valid, 0, sizeof(memo->valid));
	memo->pfx_valid = false;
}

/* EPT entry rules (spec/mmu.md 8.2), shared by the walk and the stale check. */
static inline bool vr_ept_is_leaf(u64 e, int level)
{
	if (level == 1)
		return true;
	return (level == 2 || level == 3) && (e & VMX_EPT_LARGE_BIT);
}

/*
 * Misconfiguration rules for a present entry at @level: W without R,
 * X-only without execute-only support, reserved bits, reserved memory
 * types 2, 3 and 7 in a leaf.
 */
static inline bool vr_ept_misconfigured(u64 e, int level, const struct vr_ept_cfg *cfg)
{
	u64 rwx = e & VMX_EPT_RWX_MASK;
	u64 mt;

	if ((rwx & VMX_EPT_WRITABLE_MASK) && !(rwx & VMX_EPT_READABLE_MASK))
		return true;
	if (rwx == VMX_EPT_EXECUTABLE_MASK && !cfg->exec_only)
		return true;
	if (e & GENMASK_ULL(51, cfg->maxphyaddr))
		return true;
	if (!vr_ept_is_leaf(e, level)) {
		/* Non-leaf: bits 6:3 reserved; bit 7 reserved at PML4E/PML5E. */
		if (e & GENMASK_ULL(6, 3))
			return true;
		return level >= 4 && (e & VMX_EPT_LARGE_BIT);
	}
	mt = (e & VMX_EPT_MT_MASK) >> VMX_EPT_MT_EPTE_SHIFT;
	if (mt == 2 || mt == 3 || mt == 7)
		return true;
	if (level == 3 && (e & GENMASK_ULL(29, 12)))
		return true;
	return level == 2 && (e & GENMASK_ULL(20, 12));
}

/* ept.c */
/* Without @memo, or when its table of @level is another one (ept.c). */
u64 vr_ept_read_slow(struct vr_mem *mem, struct vr_ept_memo *memo, int level, u64 addr);

/*
 * Reads an entry, through @memo when not NULL; unbacked reads all ones.
 * Inline: the stale checker reads most entries from a remembered table.
 */
static inline u64 vr_ept_read_memo(struct vr_mem *mem, struct vr_ept_memo *memo, int level,
				   u64 addr)
{
	if (memo && memo->valid[level] && memo->table[level] == (addr & ~0xfffull))
		return vr_ept_entry_at(memo->page[level], addr);
	return vr_ept_read_slow(mem, memo, level, addr);
}
u64 vr_ept_addr(u64 e, int level, u8 maxphyaddr);
int vr_eptp_levels(u64 eptp);
int vr_ept_walk_from(struct vr_mem *mem, u64 table, int level, u8 perm, u64 gpa, u8 access,
		     bool update_ad, const struct vr_ept_cfg *cfg, struct vr_ept_walk *w);
/* A read-only walk through @memo (reset by the caller per check pass). */
void vr_ept_walk_memo(struct vr_mem *mem, struct vr_ept_memo *memo, u64 table, int level,
		      u8 perm, u64 gpa, const struct vr_ept_cfg *cfg, struct vr_ept_walk *w);

/* tlb.c */
const struct vr_tlb_entry *vr_tlb_lookup_psc(const struct vr_tlb *t, u64 ep4ta, u64 gfn);
void vr_tlb_drop(struct vr_tlb *t, const struct vr_tlb_entry *e);
const char *vr_tlb_entry_stale(const struct vr_tlb_entry *e, struct vr_mem *mem,
			       struct vr_ept_memo *memo, const struct vr_ept_cfg *cfg);

#ifndef BITS_PER_LONG
#define BITS_PER_LONG (8 * (int)sizeof(long))
#endif
#define VR_BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define VR_MMU_HVA_BASE 0x100000000000ull

/* Narration of the kernel-shaped layer while an op runs with explain on. */
#define vr_kvm_explain(kvm, ...)                                    \
	do {                                                        \
		if ((kvm)->explain)                                 \
			vr_explain_line((kvm)->explain, __VA_ARGS__); \
	} while (0)

/* mmu.c */
struct kvm_memory_slot *vr_kvm_slot_of_gfn(struct kvm *kvm, gfn_t gfn);
struct kvm_mmu_page *vr_kvm_sp_of_table(const struct kvm *kvm, u64 hpa);
u64 vr_kvm_ram_hpa(gfn_t gfn, u8 alias);
void vr_kvm_sp_free(struct kvm *kvm, struct kvm_mmu_page *sp);
bool vr_kvm_write_protect_range(struct kvm *kvm, gfn_t start, gfn_t end);

/* vmx.c: one Hyper-V flush of @as on the VM's CPU, with the accounting. */
int vr_kvm_hv_flush(struct kvm *kvm, u64 as, struct kvm_tlb_range *range,
		    hyperv_fill_flush_list_func fill);
#define VR_INVALID_PAGE (~0ull)

/* mmu.c: record that [gfn, gfn + pages) lost or reduced a translation. */
void vr_kvm_note_needed(struct kvm *kvm, u64 gfn, u64 pages);
/* The fill routine the profile's callback uses (nested.c). */
int vr_fill_at(struct hv_guest_mapping_flush_list *flush, int offset, u64 start_gfn, u64 pages);

/*
 * A profile (profile.c): a kernel tag or a posted series.  Rule fields are
 * what the series changed, read where the kernel code differs.
 */
struct vri_mmu_profile {
	const char *name;	/* first: the config enum's names (VR_ENUM_TABLE_OPT) */
	const char *summary;
	const char *origin;	/* kernel tag, or series and patch */
	/* Installed when L0 offers the GPA flush hypercalls. */
	const struct kvm_x86_ops *x86_ops;
	/* The fill callback vmx.c hands hyperv_flush_guest_mapping_range(). */
	hyperv_fill_flush_list_func hv_fill;
	/* A listed page covers KVM_PAGES_PER_HPAGE(level + delta) pages. */
	u8 flush_list_level_delta;
	/* drop_large_spte() flushes from sp->gfn (2018-2022), not the gfn. */
	bool drop_large_flush_from_sp;
	/* Patch 3: commit_zap flushes the listed pages by range. */
	bool commit_zap_flush_list;
	/* Patch 5: kvm_mmu_slot_gfn_write_protect() flushes the gfn itself. */
	bool wrprot_flush_gfn;
	/* Patch 4: FNAME(sync_page) flushes the page's region every time. */
	bool sync_page_flush;
	/* Patches 8-9: aging flushes what it aged by range. */
	bool age_flush_range;
	/* kvm_flush_remote_tlbs_memslot() after write-protecting a slot. */
	bool memslot_flush_range;
};

extern const struct vri_mmu_profile vri_mmu_profiles[];
extern const struct kvm_x86_ops vri_mmu_vmx_x86_ops;

/* kvm_available_flush_tlb_with_range(): a range hook is installed. */
static inline bool vri_mmu_range_flush_available(const struct kvm *kvm)
{
	return kvm->x86_ops->tlb_remote_flush_with_range || kvm->x86_ops->flush_remote_tlbs_range;
}

#endif
