/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The mmu model: x86 EPT, a TLB that can go stale, the Hyper-V GPA flush
 * hypercalls and KVM's remote-TLB-flush paths on top of them.
 *
 *   KVM (mmu.c, kvm_main.c)      shadow pages own EPT tables; zap, commit,
 *        |                       write-protect, dirty log, aging
 *        v
 *   VMX glue (vmx.c,             hv_remote_flush_tlb* per EPT pointer (2019),
 *   kvm_onhyperv.c)              hv_flush_remote_tlbs* per TDP root (mainline)
 *        v
 *   Hyper-V client (nested.c)    hyperv_flush_guest_mapping*(), fill
 *        |   hv_do_hypercall / hv_do_rep_hypercall (mshyperv*.c)
 *        v
 *   L0 hypervisor (hw_hv_l0.c)   0x00AF / 0x00B0, partial completion
 *        v
 *   TLB (hw_tlb.c)  <-- filled by --  EPT walk (hw_ept.c) over host memory
 *
 * This header is the instance API only, on an opaque struct vr_mmu.  The
 * hardware formats are in virtref/mmu/hw.h and hw_hyperv.h; the kernel's
 * types and functions in virtref/mmu/kvm_host.h and mshyperv.h.
 */
#ifndef VIRTREF_MMU_H
#define VIRTREF_MMU_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/linux/types.h>
#include <virtref/model.h>

#ifdef __cplusplus
extern "C" {
#endif

struct kvm_mmu_page;
struct vr_mmu_ept_walk;
struct vr_mmu_hv_l0;
struct vr_mem;
struct vr_text;
struct vr_mmu_tlb;

/* One VM: its KVM, its EPT in host memory, its TLB and its L0. */
struct vr_mmu;

#define VR_MMU_MEMSLOTS 4
#define VR_MMU_MAX_VCPUS 4

/* The kernel shapes; their names and rules are the rows of src/mmu/profile.c. */
enum vr_mmu_profile {
	VR_MMU_PROFILE_MAINLINE, /* one range per call, full flush in commit_zap */
	VR_MMU_PROFILE_V3,	 /* the seed as posted */
	VR_MMU_PROFILE_V2,	 /* V2: KVM_PAGES_PER_HPAGE(level), off by one */
	VR_MMU_NR_PROFILES
};

/* Flush accounting: what was needed against what was flushed. */
struct vr_mmu_stats {
	u64 pages_needed;     /* pages whose translation was removed/reduced */
	u64 pages_flushed;    /* pages named by range flushes sent to L0 */
	u64 range_flushes;    /* successful range/list flushes */
	u64 full_flushes;     /* kvm_flush_remote_tlbs() calls */
	u64 fallbacks;	      /* range flushes that fell back to a full one */
	u64 skipped;	      /* V3: empty list, no flush at all */
	u64 remote_tlb_flush; /* the kernel's stat counter */
};

struct vr_mmu_config {
	enum vr_mmu_profile profile;
	bool legacy_rep_count;	/* HV_MAX_FLUSH_REP_COUNT without parentheses */
	bool last_level_filter; /* V2/V3 patch 10 (off: patch 3 alone) */
	bool nested_flush;	/* L0 offers the GPA flush hypercalls */
	bool psc;		/* TLB caches paging-structure entries */
	bool prefetch;		/* TLB also caches a walked table's other leaves */
	u8 levels;		/* EPT walk length, 4 or 5 */
	u8 vcpus;
	u32 reps_per_call; /* L0 partial completion; 0: no limit */
	u32 tlb_entries;
	u32 table_pages; /* EPT table pool */
	u64 slot0_pages; /* memslot 0 at gfn 0; 0: none */
};

/* Host-physical layout: EPT tables, then guest RAM frames. */
#define VR_MMU_TABLE_BASE 0x1000000ull
#define VR_MMU_RAM_BASE (1ull << 40)
#define VR_MMU_ALIAS_SHIFT 36

/**
 * vr_mmu_config_default() - the default configuration: mainline, nested
 * flush offered, a 4-level EPT, one vCPU, memslot 0 of 0x8000 pages.
 * @cfg: filled in
 */
VR_API void vr_mmu_config_default(struct vr_mmu_config *cfg);

/**
 * vr_mmu_create() - a VM with @cfg->vcpus vCPUs and an empty EPT.
 * @cfg: the configuration (vr_mmu_config_default() and changes)
 * @out: the new instance, set only on success
 *
 * Return: 0; -EINVAL for a bad configuration (profile, levels, vCPUs,
 * TLB or table-pool size, slot size, reps_per_call); -ENOMEM.
 */
VR_API int vr_mmu_create(const struct vr_mmu_config *cfg, struct vr_mmu **out);

/**
 * vr_mmu_destroy() - free an instance and everything it holds.
 * @mmu: the instance, or NULL
 */
VR_API void vr_mmu_destroy(struct vr_mmu *mmu);

/**
 * vr_mmu_invariants() - the model's safety properties: no cached
 * translation differs from the current EPT in an address space a vCPU can
 * still use, and no hypercall input was written past its page.
 * @mmu: the instance
 * @why: one line per violation is appended (may be NULL)
 *
 * Return: 0 when every property holds, 1 otherwise.
 */
VR_API int vr_mmu_invariants(struct vr_mmu *mmu, struct vr_text *why);

/**
 * vr_mmu_check_stale() - the stale-translation check over the address
 * spaces the vCPUs can still run on (see vr_mmu_tlb_check_stale()).
 * @mmu: the instance
 * @why: one line per stale entry is appended (may be NULL)
 *
 * Return: the number of stale entries.
 */
VR_API u32 vr_mmu_check_stale(struct vr_mmu *mmu, struct vr_text *why);

/**
 * vr_mmu_map() - install a leaf as KVM's direct-map fault path does
 * (__direct_map + mmu_set_spte): a large leaf replacing a table unlinks
 * the table, a table replacing a large leaf drops it, a changed leaf is
 * flushed by address.
 * @mmu:    the instance
 * @gfn:    the guest frame (rounded down to @level)
 * @level:  1 (4K), 2 (2M) or 3 (1G)
 * @access: R=1 W=2 X=4, W needs R
 * @alias:  0..15, which host frame: another alias remaps
 *
 * Return: 0; -EINVAL (bad level or access, @gfn beyond the guest address
 * width); -ENOMEM (nothing changed).
 */
VR_API int vr_mmu_map(struct vr_mmu *mmu, gfn_t gfn, int level, u8 access, u8 alias);

/**
 * vr_mmu_access() - the guest touches @gfn on vCPU @vcpu: the TLB, else
 * an EPT walk that fills it; with @handle, an EPT violation enters KVM's
 * fault handler and the access is retried once.
 * @mmu:    the instance
 * @vcpu:   vCPU index
 * @gfn:    the guest frame
 * @access: R=1 W=2 X=4, at least one
 * @handle: let KVM handle an EPT violation
 * @w:      the translation or fault
 * @hit:    set when the first try was served from the TLB
 *
 * Return: 0 with @w filled; -EINVAL (bad vCPU or access); -ENOMEM.
 */
VR_API int vr_mmu_access(struct vr_mmu *mmu, int vcpu, gfn_t gfn, u8 access, bool handle,
			 struct vr_mmu_ept_walk *w, bool *hit);

/**
 * vr_mmu_set_memslot() - create memslot @id.
 * @mmu:       the instance
 * @id:        0..VR_MMU_MEMSLOTS - 1
 * @base_gfn:  first gfn
 * @npages:    pages, at most 2^24
 * @flags:     0, or KVM_MEM_LOG_DIRTY_PAGES (bit 0) for dirty logging
 *
 * Return: 0; -EINVAL (bad id, size or flags, beyond the guest address width);
 * -EEXIST (in use or overlapping); -ENOMEM.
 */
VR_API int vr_mmu_set_memslot(struct vr_mmu *mmu, u32 id, gfn_t base_gfn, unsigned long npages,
			      u32 flags);

/**
 * vr_mmu_set_dirty_logging() - turn dirty logging of slot @id on
 * (write-protect every page and flush) or off.
 * @mmu: the instance
 * @id:  the slot
 * @on:  enable or disable
 *
 * Return: 0; -EINVAL (no such slot); -ENOMEM.
 */
VR_API int vr_mmu_set_dirty_logging(struct vr_mmu *mmu, u32 id, bool on);

/**
 * vr_mmu_vcpu_load() - load vCPU @vcpu's root as on VM entry (allocating
 * it, honouring a pending reload).
 * @mmu:  the instance
 * @vcpu: vCPU index
 *
 * Return: 0; -EINVAL (no such vCPU); -ENOMEM.
 */
VR_API int vr_mmu_vcpu_load(struct vr_mmu *mmu, int vcpu);

/**
 * vr_mmu_vcpu_eptp() - the EPTP vCPU @vcpu runs with: root | WB |
 * 4/5-level walk | A/D enable.
 * @mmu:  the instance
 * @vcpu: vCPU index
 *
 * Return: the EPTP; 0 when the vCPU has no root or does not exist.
 */
VR_API u64 vr_mmu_vcpu_eptp(struct vr_mmu *mmu, int vcpu);

/**
 * vr_mmu_find_sp() - the shadow page at @level on vCPU 0's path to @gfn.
 * @mmu:   the instance
 * @gfn:   a gfn the page translates
 * @level: 1 (holds 4K leaves) .. the root level
 *
 * Return: the page, or NULL when there is none.
 */
VR_API struct kvm_mmu_page *vr_mmu_find_sp(struct vr_mmu *mmu, gfn_t gfn, int level);

/**
 * vr_mmu_stats() - the flush accounting so far.
 * @mmu: the instance
 *
 * Return: the counters, valid until @mmu is destroyed.
 */
VR_API const struct vr_mmu_stats *vr_mmu_stats(const struct vr_mmu *mmu);

/**
 * vr_mmu_host() - the host memory holding the EPT tables.
 * @mmu: the instance
 *
 * Return: the memory, valid until @mmu is destroyed.
 */
VR_API struct vr_mem *vr_mmu_host(struct vr_mmu *mmu);

/**
 * vr_mmu_tlb() - the TLB the vCPUs share (virtref/mmu/hw.h).
 * @mmu: the instance
 *
 * Return: the TLB, valid until @mmu is destroyed.
 */
VR_API struct vr_mmu_tlb *vr_mmu_tlb(struct vr_mmu *mmu);

/**
 * vr_mmu_l0() - the L0 hypervisor the VM's hypercalls reach
 * (virtref/mmu/hw_hyperv.h).
 * @mmu: the instance
 *
 * Return: L0, valid until @mmu is destroyed.
 */
VR_API struct vr_mmu_hv_l0 *vr_mmu_l0(struct vr_mmu *mmu);

/* The op-table description of this model (`virtref ops mmu`). */
VR_API extern const struct vr_model vr_model_mmu;

#ifdef __cplusplus
}
#endif

#endif
