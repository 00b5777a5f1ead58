/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Private declarations the mmu model's hardware files share; not public. */
#ifndef VIRTREF_SRC_MMU_HW_INTERNAL_H
#define VIRTREF_SRC_MMU_HW_INTERNAL_H

#include <string.h>
#include <virtref/mmu/hw.h>
#include <virtref/mmu/hw_hyperv.h>
#include <virtref/linux/errno.h>
#include <virtref/model.h>

/*
 * The table last read at each level during one stale check, found once and
 * then read in place: entries cached by one walk share its tables.
 */
struct vri_mmu_ept_memo {
	u64 table[6];
	bool valid[6];
	const u8 *page[6]; /* the table in host memory; NULL: not backed */
	/* The last walk that reached a page table: its 2 MiB region. */
	bool pfx_valid;
	u8 pfx_levels;
	u8 pfx_perm;
	u64 pfx_ep4ta;
	u64 pfx_region;
	u64 pfx_table;
};

/* An entry of a table read in place: little-endian, all ones if unbacked. */
static inline u64 vri_mmu_ept_entry_at(const u8 *page, u64 addr)
{
	u64 v;

	if (!page)
		return ~0ull;
	memcpy(&v, page + (addr & 0xff8), sizeof(v));
	return __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? __builtin_bswap64(v) : v;
}

/* Forgets every remembered table: host memory may have changed since. */
static inline void vri_mmu_ept_memo_reset(struct vri_mmu_ept_memo *memo)
{
	memset(memo->valid, 0, sizeof(memo->valid));
	memo->pfx_valid = false;
}

/* EPT entry rules (Intel SDM vol. 3C, "EPT Misconfigurations"), shared by the walk and the stale
 * check. */
static inline bool vri_mmu_ept_is_leaf(u64 e, int level)
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
static inline bool vri_mmu_ept_misconfigured(u64 e, int level, const struct vr_mmu_ept_cfg *cfg)
{
	u64 rwx = e & VMX_EPT_RWX_MASK;
	u64 mt;

	if ((rwx & VMX_EPT_WRITABLE_MASK) && !(rwx & VMX_EPT_READABLE_MASK))
		return true;
	if (rwx == VMX_EPT_EXECUTABLE_MASK && !cfg->exec_only)
		return true;
	if (e & GENMASK_ULL(51, cfg->maxphyaddr))
		return true;
	if (!vri_mmu_ept_is_leaf(e, level)) {
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
u64 vri_mmu_ept_read_slow(struct vr_mem *mem, struct vri_mmu_ept_memo *memo, int level, u64 addr);

/*
 * Reads an entry, through @memo when not NULL; unbacked reads all ones.
 * Inline: the stale checker reads most entries from a remembered table.
 */
static inline u64 vri_mmu_ept_read_memo(struct vr_mem *mem, struct vri_mmu_ept_memo *memo,
					int level, u64 addr)
{
	if (memo && memo->valid[level] && memo->table[level] == (addr & ~0xfffull))
		return vri_mmu_ept_entry_at(memo->page[level], addr);
	return vri_mmu_ept_read_slow(mem, memo, level, addr);
}
u64 vri_mmu_ept_addr(u64 e, int level, u8 maxphyaddr);
int vri_mmu_eptp_levels(u64 eptp);
int vri_mmu_ept_walk_from(struct vr_mem *mem, u64 table, int level, u8 perm, u64 gpa, u8 access,
			  bool update_ad, const struct vr_mmu_ept_cfg *cfg,
			  struct vr_mmu_ept_walk *w);
/* A read-only walk through @memo (reset by the caller per check pass). */
void vri_mmu_ept_walk_memo(struct vr_mem *mem, struct vri_mmu_ept_memo *memo, u64 table, int level,
			   u8 perm, u64 gpa, const struct vr_mmu_ept_cfg *cfg,
			   struct vr_mmu_ept_walk *w);

/* tlb.c */
const struct vr_mmu_tlb_entry *vri_mmu_tlb_lookup_psc(const struct vr_mmu_tlb *t, u64 ep4ta,
						      u64 gfn);
void vri_mmu_tlb_drop(struct vr_mmu_tlb *t, const struct vr_mmu_tlb_entry *e);
const char *vri_mmu_tlb_entry_stale(const struct vr_mmu_tlb_entry *e, struct vr_mem *mem,
				    struct vri_mmu_ept_memo *memo,
				    const struct vr_mmu_ept_cfg *cfg);

/*
 * hw_cpu.c: the processor's access to @gfn in the address space @eptp
 * names: a cached translation, else a walk (from a cached paging-structure
 * entry when there is one) that fills the TLB.  An entry that forbids the
 * access is dropped and re-walked.
 * Return: true when the TLB served it, with @w filled either way.
 */
bool vri_mmu_cpu_access(struct vr_mmu_tlb *tlb, struct vr_mem *mem,
			const struct vr_mmu_ept_cfg *cfg, bool prefetch, u64 eptp, u64 gfn,
			u8 access, struct vr_mmu_ept_walk *w);

#endif
