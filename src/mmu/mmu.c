/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The KVM x86 MMU as it drives EPT for a guest (direct map): shadow pages
 * that own EPT tables, installing leaves, zapping and committing with the
 * profile's remote flush, write protection, aging and the range-flush
 * entry points.  Shapes follow torvalds/linux arch/x86/kvm/mmu.c of early
 * 2019 (later arch/x86/kvm/mmu/mmu.c) and the seed V3 series.
 *
 * Kernel-named functions only, from include/ alone: the table pages come
 * from the host's allocator and the rules the series changed from the
 * VM's kernel (virtref/mmu/kvm_host.h, "what virtref lends the kernel
 * files"); the tables are read and written in host memory
 * (virtref/mem.h), where the processor's walks find them.
 */
#include <string.h>
#include <virtref/mem.h>
#include <virtref/linux/bitops.h>
#include <virtref/linux/byteorder.h>
#include <virtref/linux/printk.h>
#include <virtref/linux/slab.h>
#include <virtref/mmu/kvm_host.h>
#include <virtref/mmu/mmutrace.h>
#include <virtref/mmu/vmx.h>

gfn_t gfn_round_for_level(gfn_t gfn, int level)
{
	return gfn & -KVM_PAGES_PER_HPAGE(level);
}

/* ---- SPTEs: EPT entries (Intel SDM vol. 3C, "EPT Paging Structures") --- */

/* A leaf: any entry of a page table, a large one of a PD or PDPT. */
static bool spte_is_leaf(u64 e, int level)
{
	if (level == PT_PAGE_TABLE_LEVEL)
		return true;
	return (level == PT_DIRECTORY_LEVEL || level == PT_PDPE_LEVEL) && (e & VMX_EPT_LARGE_BIT);
}

/* The frame an entry maps or the table it points to, within MAXPHYADDR. */
static u64 spte_frame(const struct kvm *kvm, u64 e, int level)
{
	u64 mask = GENMASK_ULL(kvm->ept.maxphyaddr - 1, 12);

	if (spte_is_leaf(e, level) && level > PT_PAGE_TABLE_LEVEL)
		mask &= ~GENMASK_ULL(9 * (level - 1) + 11, 12);
	return e & mask;
}

static u64 spte_addr(const struct kvm_mmu_page *sp, u32 i)
{
	return sp->spt + (u64)i * 8;
}

static u64 spte_read(const struct kvm *kvm, const struct kvm_mmu_page *sp, u32 i)
{
	u64 v = 0;

	vr_mem_read_le64(kvm->host, spte_addr(sp, i), &v);
	return v;
}

/*
 * @sp's table read in place, for loops over many of its entries; NULL
 * when host memory behind it is gone, which spte_at() reads as zeros, as
 * spte_read() does.  Writes through spte_write() show through.
 */
static const u8 *spte_table(const struct kvm *kvm, const struct kvm_mmu_page *sp)
{
	return vr_mem_page(kvm->host, sp->spt);
}

static u64 spte_at(const u8 *table, u32 i)
{
	u64 v;

	if (!table)
		return 0;
	memcpy(&v, table + (u64)i * 8, sizeof(v));
	return le64_to_cpu(v);
}

static void spte_write(struct kvm *kvm, const struct kvm_mmu_page *sp, u32 i, u64 v)
{
	vr_mem_write_le64(kvm->host, spte_addr(sp, i), v);
}

static u32 spte_index(gfn_t gfn, int level)
{
	return (u32)((gfn >> KVM_HPAGE_GFN_SHIFT(level)) & 511);
}

/*
 * The shadow page entry @i of @sp links to, or NULL when @e is not a table
 * pointer KVM made: only a page one level down whose parent link is this
 * very entry counts, so host memory written behind KVM's back can never
 * make the tree cyclic.
 */
static struct kvm_mmu_page *child_of(const struct kvm *kvm, const struct kvm_mmu_page *sp, u32 i,
				     u64 e)
{
	int level = (int)sp->role.level;
	struct kvm_mmu_page *child;

	if (!(e & VMX_EPT_RWX_MASK) || spte_is_leaf(e, level))
		return NULL;
	child = vr_mmu_table_owner(kvm, spte_frame(kvm, e, level));
	if (!child || (int)child->role.level != level - 1 || child->parent != sp ||
	    child->parent_index != i)
		return NULL;
	return child;
}

/* The object cache KVM tops up before taking mmu_lock. */
struct mmu_cache {
	struct kvm_mmu_page *sp[6];
	u32 n;
};

static void cache_free(struct kvm *kvm, struct mmu_cache *c)
{
	while (c->n) {
		struct kvm_mmu_page *sp = c->sp[--c->n];

		/* Its table page was never linked: give it back. */
		vr_mmu_table_free(kvm, sp->spt);
		kfree(sp);
	}
}

static int cache_topup(struct kvm *kvm, struct mmu_cache *c, u32 need)
{
	while (c->n < need) {
		struct kvm_mmu_page *sp;

		sp = kzalloc(sizeof(*sp), GFP_KERNEL);
		if (!sp)
			goto fail;
		sp->spt = vr_mmu_table_alloc(kvm);
		if (sp->spt == INVALID_PAGE) {
			kfree(sp);
			goto fail;
		}
		c->sp[c->n++] = sp;
	}
	return 0;
fail:
	cache_free(kvm, c);
	return -ENOMEM;
}

static struct kvm_mmu_page *sp_new(struct kvm *kvm, struct mmu_cache *c, gfn_t gfn, int level)
{
	struct kvm_mmu_page *sp = c->sp[--c->n];

	sp->gfn = gfn;
	sp->role.word = 0;
	sp->role.level = (unsigned)level;
	sp->role.direct = 1;
	/* A page-table-level page only ever holds leaves (derived: level 1 has no table pointers).
	 */
	sp->last_level = level == PT_PAGE_TABLE_LEVEL;
	vr_mmu_table_set_owner(kvm, sp->spt, sp);
	list_add(&sp->link, &kvm->active_mmu_pages);
	return sp;
}

static void kvm_mmu_free_page(struct kvm *kvm, struct kvm_mmu_page *sp)
{
	vr_mmu_table_free(kvm, sp->spt);
	list_del(&sp->link);
	kfree(sp);
}

/* kvm_mmu_get_page() for a direct page: reuse an unlinked one if any. */
static struct kvm_mmu_page *find_unlinked(struct kvm *kvm, gfn_t gfn, int level)
{
	struct kvm_mmu_page *sp;

	list_for_each_entry(sp, &kvm->active_mmu_pages, link)
		if (sp->gfn == gfn && (int)sp->role.level == level && !sp->role.invalid &&
		    !sp->parent && !sp->root_count)
			return sp;
	return NULL;
}

static u64 nonleaf_spte(const struct kvm_mmu_page *child)
{
	/* RWX, no memory type: a table pointer (Intel SDM vol. 3C, EPT). */
	return child->spt | VMX_EPT_RWX_MASK;
}

static void link_child(struct kvm *kvm, struct kvm_mmu_page *parent, u32 i,
		       struct kvm_mmu_page *child)
{
	spte_write(kvm, parent, i, nonleaf_spte(child));
	child->parent = parent;
	child->parent_index = i;
}

/* ---- roots ------------------------------------------------------------ */

static struct kvm_mmu_page *find_root(struct kvm *kvm)
{
	struct kvm_mmu_page *sp;

	list_for_each_entry(sp, &kvm->active_mmu_pages, link)
		if ((int)sp->role.level == kvm->cfg.levels && !sp->role.invalid)
			return sp;
	return NULL;
}

static void mmu_free_root(struct kvm *kvm, struct kvm_vcpu *vcpu)
{
	struct kvm_mmu_page *root = vcpu->root;

	if (!root)
		return;
	/* The EPTP stays until a root is loaded (vmx_set_cr3()). */
	vcpu->root = NULL;
	if (--root->root_count == 0 && root->role.invalid) {
		LIST_HEAD(invalid_list);

		kvm_mmu_prepare_zap_page(kvm, root, &invalid_list);
		kvm_mmu_commit_zap_page(kvm, &invalid_list);
	}
}

int kvm_mmu_load(struct kvm_vcpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	struct kvm_mmu_page *root;

	if (vcpu->reload) {
		mmu_free_root(kvm, vcpu);
		vcpu->reload = false;
	}
	if (vcpu->root)
		return 0;
	root = find_root(kvm);
	if (!root) {
		struct mmu_cache c = { .n = 0 };
		int ret = cache_topup(kvm, &c, 1);

		if (ret)
			return ret;
		root = sp_new(kvm, &c, 0, kvm->cfg.levels);
		root->last_level = false;
	}
	root->root_count++;
	vcpu->root = root;
	vmx_load_mmu_pgd(vcpu, root->spt, kvm->cfg.levels);
	/*
	 * kvm_mmu_load() ends with kvm_x86_ops->tlb_flush(vcpu, true) (2019
	 * arch/x86/kvm/mmu.c; flush_tlb_current since 5.8): INVEPT
	 * single-context of the loaded root, emulated by L0.  So a table page
	 * reused as a root never meets what was cached for its address before.
	 */
	vmx_flush_tlb_current(vcpu);
	return 0;
}

/* ---- installing leaves ------------------------------------------------ */

/* Tables missing between the root and @level on the path to @gfn. */
static u32 tables_needed(struct kvm *kvm, gfn_t gfn, int level)
{
	struct kvm_mmu_page *sp = kvm->vcpus[0].root;
	u32 need = 0;
	int l;

	for (l = kvm->cfg.levels; l > level; l--) {
		u32 i = spte_index(gfn, l);

		if (sp)
			sp = child_of(kvm, sp, i, spte_read(kvm, sp, i));
		if (!sp)
			need++;
	}
	return need;
}

/*
 * drop_large_spte(): a large leaf at entry @i of @sp (mapping @gfn) gives
 * way to a table.  Mainline flushes the range that SPTE mapped
 * (kvm_flush_remote_tlbs_sptep(), arch/x86/kvm/mmu/mmu.c).  From the
 * range-flush conversion of late 2018 until 2022 the flush started at
 * sp->gfn instead, the first region of the whole page, so for any entry
 * but the first it missed the dropped page (arch/x86/kvm/mmu.c of 2019);
 * the V2/V3 profiles sit on that code.
 */
static void drop_large_spte(struct kvm *kvm, struct kvm_mmu_page *sp, u32 i, gfn_t gfn)
{
	int level = (int)sp->role.level;
	gfn_t start = vr_mmu_rules(kvm)->drop_large_flush_from_sp ? sp->gfn : gfn;

	spte_write(kvm, sp, i, 0);
	vr_mmu_note_needed(kvm, gfn, KVM_PAGES_PER_HPAGE(level));
	pr_debug("drop large spte: gfn 0x%llx level %d, flush from 0x%llx\n",
		 (unsigned long long)gfn, level, (unsigned long long)start);
	kvm_flush_remote_tlbs_with_address(kvm, start, KVM_PAGES_PER_HPAGE(level));
}

int __direct_map(struct kvm *kvm, gfn_t gfn, int level, u8 access, kvm_pfn_t pfn)
{
	struct kvm_memory_slot *slot;
	struct kvm_mmu_page *sp;
	struct mmu_cache c = { .n = 0 };
	u64 base, old, spte, frame;
	bool flush = false;
	u32 i;
	int l, ret;

	if (gfn >> (9 * kvm->cfg.levels))
		return -EINVAL;
	slot = gfn_to_memslot(kvm, gfn);
	/* Dirty logging maps 4K pages only, so each write is seen. */
	if (slot && (slot->flags & KVM_MEM_LOG_DIRTY_PAGES))
		level = PT_PAGE_TABLE_LEVEL;
	ret = kvm_mmu_load(&kvm->vcpus[0]);
	if (ret)
		return ret;
	ret = cache_topup(kvm, &c, tables_needed(kvm, gfn, level));
	if (ret)
		return ret;
	sp = kvm->vcpus[0].root;
	for (l = kvm->cfg.levels; l > level; l--) {
		struct kvm_mmu_page *child;
		gfn_t child_gfn = gfn_round_for_level(gfn, l);

		i = spte_index(gfn, l);
		old = spte_read(kvm, sp, i);
		if ((old & VMX_EPT_RWX_MASK) && !spte_is_leaf(old, l)) {
			child = child_of(kvm, sp, i, old);
			if (child) {
				sp = child;
				continue;
			}
			/*
			 * A pointer to no shadow page (host memory written behind
			 * KVM's back): replace it like a dropped leaf.
			 */
			vr_mmu_note_needed(kvm, child_gfn, KVM_PAGES_PER_HPAGE(l));
			kvm_flush_remote_tlbs_with_address(kvm, child_gfn, KVM_PAGES_PER_HPAGE(l));
		} else if (old & VMX_EPT_RWX_MASK) {
			drop_large_spte(kvm, sp, i, child_gfn);
		}
		child = find_unlinked(kvm, child_gfn, l - 1);
		if (!child)
			child = sp_new(kvm, &c, child_gfn, l - 1);
		link_child(kvm, sp, i, child);
		sp = child;
	}
	cache_free(kvm, &c);

	base = gfn_round_for_level(gfn, level);
	/* The leaf maps the @level region around @pfn's frame. */
	frame = (u64)gfn_round_for_level(pfn, level) << 12;
	i = spte_index(gfn, level);
	old = spte_read(kvm, sp, i);
	spte = frame | access | (VMX_EPTP_MT_WB << VMX_EPT_MT_EPTE_SHIFT) | VMX_EPT_IPAT_BIT |
	       (level > 1 ? VMX_EPT_LARGE_BIT : 0);
	if ((old & VMX_EPT_RWX_MASK) && !spte_is_leaf(old, level)) {
		/* mmu_set_spte(): a large leaf replaces a table; unlink it. */
		struct kvm_mmu_page *child = child_of(kvm, sp, i, old);

		if (child)
			child->parent = NULL;
		flush = true;
	} else if (old & VMX_EPT_RWX_MASK) {
		bool other_frame = spte_frame(kvm, old, level) != spte_frame(kvm, spte, level);

		if (!other_frame && (old & VMX_EPT_RWX_MASK) == access)
			return 0;
		/* Another frame, or fewer rights: cached copies must go. */
		flush = other_frame || ((old & VMX_EPT_RWX_MASK) & ~(u64)access);
		if (!other_frame)
			spte |= old & (VMX_EPT_ACCESS_BIT | VMX_EPT_DIRTY_BIT);
	}
	spte_write(kvm, sp, i, spte);
	if (level > PT_PAGE_TABLE_LEVEL)
		sp->last_level = true;
	if (slot && (slot->flags & KVM_MEM_LOG_DIRTY_PAGES) && slot->dirty_bitmap &&
	    (access & VMX_EPT_WRITABLE_MASK)) {
		u64 bit = base - slot->base_gfn;

		slot->dirty_bitmap[bit / BITS_PER_LONG] |= 1UL << (bit % BITS_PER_LONG);
	}
	trace_kvm_mmu_set_spte(level, base, spte);
	if (flush) {
		vr_mmu_note_needed(kvm, base, KVM_PAGES_PER_HPAGE(level));
		kvm_flush_remote_tlbs_with_address(kvm, base, KVM_PAGES_PER_HPAGE(level));
	}
	return 0;
}

/* ---- zapping ---------------------------------------------------------- */

int kvm_mmu_prepare_zap_page(struct kvm *kvm, struct kvm_mmu_page *sp,
			     struct list_head *invalid_list)
{
	int level = (int)sp->role.level;
	bool linked = sp->parent || sp->root_count;
	const u8 *table = spte_table(kvm, sp);
	u32 i;
	int v;

	if (sp->role.invalid && sp->root_count)
		return 0;
	trace_kvm_mmu_prepare_zap_page(sp);
	/* kvm_mmu_page_unlink_children(): children stay, unlinked. */
	for (i = 0; i < 512; i++) {
		u64 e = spte_at(table, i);

		if (!(e & VMX_EPT_RWX_MASK))
			continue;
		if (!spte_is_leaf(e, level)) {
			struct kvm_mmu_page *child = child_of(kvm, sp, i, e);

			if (child)
				child->parent = NULL;
		}
		spte_write(kvm, sp, i, 0);
	}
	/* kvm_mmu_unlink_parents() */
	if (sp->parent) {
		spte_write(kvm, sp->parent, sp->parent_index, 0);
		sp->parent = NULL;
	}
	/* Everything translated through this page may be cached. */
	if (linked)
		vr_mmu_note_needed(kvm, sp->gfn, KVM_PAGES_PER_HPAGE(level + 1));
	sp->role.invalid = 1;
	if (!sp->root_count) {
		list_move(&sp->link, invalid_list);
	} else {
		/* A root in use stays until every vCPU has reloaded. */
		list_move(&sp->link, &kvm->active_mmu_pages);
		for (v = 0; v < kvm->created_vcpus; v++)
			if (kvm->vcpus[v].root == sp)
				kvm->vcpus[v].reload = true;
	}
	return 1;
}

/* kvm_available_flush_tlb_with_range() (2019): a range hook is installed. */
static bool kvm_available_flush_tlb_with_range(const struct kvm *kvm)
{
	return kvm->x86_ops->tlb_remote_flush_with_range || kvm->x86_ops->flush_remote_tlbs_range;
}

void kvm_mmu_commit_zap_page(struct kvm *kvm, struct list_head *invalid_list)
{
	const struct vr_mmu_rules *rules = vr_mmu_rules(kvm);
	struct kvm_mmu_page *sp, *nsp;

	if (list_empty(invalid_list))
		return;
	if (rules->flush_with_list && kvm_available_flush_tlb_with_range(kvm)) {
		u8 delta = rules->flush_list_level_delta;
		struct hlist_head flush_list = HLIST_HEAD_INIT;

		list_for_each_entry(sp, invalid_list, link) {
			/* V3 patch 10: only pages holding leaves are listed. */
			if (rules->last_level_filter && !sp->last_level) {
				pr_debug("commit: sp gfn 0x%llx level %u not last_level, not "
					 "listed\n",
					 (unsigned long long)sp->gfn, sp->role.level);
				continue;
			}
			pr_debug("commit: list sp gfn 0x%llx level %u (%s %llu pages)\n",
				 (unsigned long long)sp->gfn, sp->role.level,
				 delta ? "level + 1:" : "V2 level:",
				 (unsigned long long)KVM_PAGES_PER_HPAGE(sp->role.level + delta));
			/* Head insertion: the list ends up reversed. */
			hlist_add_head(&sp->flush_link, &flush_list);
		}
		vr_v3_kvm_flush_remote_tlbs_with_list(kvm, &flush_list);
	} else {
		pr_debug("commit: flush everything (%s)\n", kvm_available_flush_tlb_with_range(kvm)
								    ? "mainline commit_zap"
								    : "no range flush available");
		kvm_flush_remote_tlbs(kvm);
	}
	list_for_each_entry_safe(sp, nsp, invalid_list, link) {
		WARN_ON(!sp->role.invalid || sp->root_count);
		kvm_mmu_free_page(kvm, sp);
	}
}

void kvm_mmu_zap_all(struct kvm *kvm)
{
	struct kvm_mmu_page *sp, *node;
	LIST_HEAD(invalid_list);

restart:
	list_for_each_entry_safe(sp, node, &kvm->active_mmu_pages, link)
		if (kvm_mmu_prepare_zap_page(kvm, sp, &invalid_list))
			goto restart;
	kvm_mmu_commit_zap_page(kvm, &invalid_list);
}

/* ---- range flushes ---------------------------------------------------- */

void kvm_flush_remote_tlbs_with_range(struct kvm *kvm, struct kvm_tlb_range *range)
{
	const struct kvm_x86_ops *ops = kvm->x86_ops;
	int ret = -ENOTSUPP;

	if (!range) {
		kvm_flush_remote_tlbs(kvm);
		return;
	}
	/* Mainline: kvm_onhyperv.c per root; the seed: 2019 vmx.c. */
	if (ops->tlb_remote_flush_with_range)
		ret = ops->tlb_remote_flush_with_range(kvm, range);
	else if (ops->flush_remote_tlbs_range)
		ret = ops->flush_remote_tlbs_range(kvm, range->start_gfn, range->pages);
	if (ret)
		kvm_flush_remote_tlbs(kvm);
}

void kvm_flush_remote_tlbs_with_address(struct kvm *kvm, u64 start_gfn, u64 pages)
{
	struct kvm_tlb_range range;

	range.start_gfn = start_gfn;
	range.pages = pages;
	range.flush_list = NULL;
	kvm_flush_remote_tlbs_with_range(kvm, &range);
}

int kvm_arch_flush_remote_tlbs_range(struct kvm *kvm, gfn_t gfn, u64 nr_pages)
{
	if (!kvm->x86_ops->flush_remote_tlbs_range)
		return -EOPNOTSUPP;
	return kvm->x86_ops->flush_remote_tlbs_range(kvm, gfn, nr_pages);
}

void kvm_flush_remote_tlbs_gfn(struct kvm *kvm, gfn_t gfn, int level)
{
	kvm_flush_remote_tlbs_range(kvm, gfn_round_for_level(gfn, level),
				    KVM_PAGES_PER_HPAGE(level));
}

/* ---- write protection, sync, aging ------------------------------------ */

typedef bool (*leaf_fn)(struct kvm *kvm, struct kvm_mmu_page *sp, u32 i, u64 e, void *data);

/*
 * Visits every leaf SPTE whose region intersects [start, end), in every
 * live shadow page: what the rmaps reach, linked or not.
 */
static bool for_each_leaf(struct kvm *kvm, gfn_t start, gfn_t end, leaf_fn fn, void *data)
{
	struct kvm_mmu_page *sp;
	bool any = false;

	list_for_each_entry(sp, &kvm->active_mmu_pages, link) {
		int level = (int)sp->role.level;
		u64 span = KVM_PAGES_PER_HPAGE(level);
		const u8 *table;
		u32 i, first, last;

		if (sp->role.invalid || level > KVM_NR_PAGE_SIZES)
			continue;
		if (sp->gfn >= end || sp->gfn + span * 512 <= start)
			continue;
		/* Only the entries whose regions meet [start, end). */
		first = start > sp->gfn ? (u32)((start - sp->gfn) / span) : 0;
		last = (u32)min_t(u64, 511, (end - 1 - sp->gfn) / span);
		table = spte_table(kvm, sp);
		for (i = first; i <= last; i++) {
			u64 e = spte_at(table, i);

			if ((e & VMX_EPT_RWX_MASK) && spte_is_leaf(e, level))
				any |= fn(kvm, sp, i, e, data);
		}
	}
	return any;
}

static bool wrprot_leaf(struct kvm *kvm, struct kvm_mmu_page *sp, u32 i, u64 e, void *data)
{
	int level = (int)sp->role.level;

	(void)data;
	if (!(e & VMX_EPT_WRITABLE_MASK))
		return false;
	spte_write(kvm, sp, i, e & ~VMX_EPT_WRITABLE_MASK);
	vr_mmu_note_needed(kvm, sp->gfn + i * KVM_PAGES_PER_HPAGE(level),
			   KVM_PAGES_PER_HPAGE(level));
	return true;
}

static bool write_protect_range(struct kvm *kvm, gfn_t start, gfn_t end)
{
	return for_each_leaf(kvm, start, end, wrprot_leaf, NULL);
}

void kvm_mmu_write_protect_pt_masked(struct kvm *kvm, struct kvm_memory_slot *slot,
				     gfn_t gfn_offset, unsigned long mask)
{
	int b;

	for (b = 0; b < BITS_PER_LONG; b++) {
		gfn_t gfn;

		if (!(mask & (1UL << b)))
			continue;
		gfn = slot->base_gfn + gfn_offset + (unsigned)b;
		write_protect_range(kvm, gfn, gfn + 1);
	}
}

void kvm_mmu_slot_remove_write_access(struct kvm *kvm, struct kvm_memory_slot *memslot)
{
	gfn_t start = memslot->base_gfn, end = memslot->base_gfn + memslot->npages;

	if (!write_protect_range(kvm, start, end))
		return;
	/* Mainline: kvm_flush_remote_tlbs_memslot(); 2019: kvm_flush_remote_tlbs(). */
	if (vr_mmu_rules(kvm)->memslot_flush_range)
		kvm_flush_remote_tlbs_with_address(kvm, start, memslot->npages);
	else
		kvm_flush_remote_tlbs(kvm);
}

bool kvm_mmu_slot_gfn_write_protect(struct kvm *kvm, struct kvm_memory_slot *slot, u64 gfn)
{
	bool write_protected;

	if (!slot || gfn - slot->base_gfn >= slot->npages)
		return false;
	write_protected = write_protect_range(kvm, gfn, gfn + 1);
	pr_debug("write-protect gfn 0x%llx: %s\n", (unsigned long long)gfn,
		 write_protected ? "protected" : "nothing writable");
	/* V3 patch 5: flush exactly this gfn; the caller need not flush. */
	if (write_protected && vr_mmu_rules(kvm)->wrprot_flush_gfn &&
	    kvm_available_flush_tlb_with_range(kvm)) {
		kvm_flush_remote_tlbs_with_address(kvm, gfn, 1);
		return false;
	}
	return write_protected;
}

int ept_sync_page(struct kvm_vcpu *vcpu, struct kvm_mmu_page *sp)
{
	struct kvm *kvm = vcpu->kvm;

	if (!sp || sp->role.invalid)
		return -EINVAL;
	/*
	 * The direct map has nothing to re-derive; what differs by profile is
	 * the flush: V2/V3 patch 4 flushes the page's region unconditionally,
	 * mainline flushes only when an SPTE changed, which here is never.
	 */
	if (vr_mmu_rules(kvm)->sync_page_flush)
		kvm_flush_remote_tlbs_with_address(kvm, sp->gfn,
						   KVM_PAGES_PER_HPAGE(sp->role.level + 1));
	return 0;
}

static bool age_leaf(struct kvm *kvm, struct kvm_mmu_page *sp, u32 i, u64 e, void *data)
{
	(void)data;
	if (!(e & VMX_EPT_ACCESS_BIT))
		return false;
	/* Clearing A needs no flush for correctness; KVM flushes so it sees reuse. */
	spte_write(kvm, sp, i, e & ~VMX_EPT_ACCESS_BIT);
	return true;
}

int kvm_age_hva(struct kvm *kvm, unsigned long start, unsigned long end, bool flush)
{
	int young = 0;
	int s;

	for (s = 0; s < VR_MMU_MEMSLOTS; s++) {
		struct kvm_memory_slot *slot = &kvm->memslots[s];
		unsigned long hva_start, hva_end;
		gfn_t gfn_start, gfn_end;
		bool aged;

		if (!slot->npages)
			continue;
		hva_start = max(start, slot->userspace_addr);
		hva_end = min(end, slot->userspace_addr + (slot->npages << 12));
		if (hva_start >= hva_end)
			continue;
		gfn_start = slot->base_gfn + ((hva_start - slot->userspace_addr) >> 12);
		gfn_end = slot->base_gfn + ((hva_end - 1 - slot->userspace_addr) >> 12) + 1;
		aged = for_each_leaf(kvm, gfn_start, gfn_end, age_leaf, NULL);
		young |= aged;
		/* V3 patches 8-9: the arch flushes what it aged, by range. */
		if (aged && flush && vr_mmu_rules(kvm)->age_flush_range)
			kvm_flush_remote_tlbs_with_address(kvm, gfn_start, gfn_end - gfn_start);
	}
	/* Mainline: kvm_mmu_notifier_clear_flush_young() flushes everything. */
	if (young && flush && !vr_mmu_rules(kvm)->age_flush_range)
		kvm_flush_remote_tlbs(kvm);
	return young;
}
