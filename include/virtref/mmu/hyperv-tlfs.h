/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: arch/x86/include/asm/hyperv-tlfs.h at v6.6 (torvalds/linux)
 *   HVCALL_FLUSH_GUEST_PHYSICAL_ADDRESS_{SPACE,LIST}, HV_STATUS_*,
 *   HV_HYPERCALL_*, HV_X64_NESTED_GUEST_MAPPING_FLUSH, HV_MAX_FLUSH_PAGES,
 *   HV_MAX_FLUSH_REP_COUNT, union hv_gpa_page_range,
 *   struct hv_guest_mapping_flush, struct hv_guest_mapping_flush_list
 * The definitions are the TLFS's own, in virtref/mmu/hw_hyperv.h; this
 * header is what a ported file including <asm/hyperv-tlfs.h> includes.
 */
#ifndef VIRTREF_MMU_HYPERV_TLFS_H
#define VIRTREF_MMU_HYPERV_TLFS_H

#include <stddef.h>
#include <virtref/api.h>
#include <virtref/mmu/hw_hyperv.h>

/*
 * The first merged definition lacked the parentheses around the
 * subtraction: 4096 - 16 / 8 = 4094 elements (fixed by
 * torvalds/linux "x86/Hyper-V: Fix definition
 * HV_MAX_FLUSH_REP_COUNT", Feb 2019, which fixes cc4edae4b9).  Kept behind the legacy_rep_count
 * config to reproduce the overflow of the per-CPU input page.
 */
#define VR_MMU_HV_LEGACY_MAX_FLUSH_REP_COUNT                                                       \
	(HV_HYP_PAGE_SIZE - 2 * sizeof(u64) / sizeof(union hv_gpa_page_range))

/*
 * HV_MAX_FLUSH_REP_COUNT: a constant in a kernel tree, compiled into its
 * hyperv_fill_flush_guest_mapping_list().  Here it is read when the fill
 * runs, as the limit of the kernel the current CPU models, so that the
 * 2019 definition (legacy_rep_count) is one instance's setting and a
 * current nested.c, which has the fixed macro in its source, overflows
 * the input page as the 2019 kernel did.  A size_t, as the kernel's
 * sizeof expression is: a negative int index compared with it is huge.
 */
#define HV_MAX_FLUSH_REP_COUNT vr_mmu_hv_max_flush_rep_count()
/**
 * vr_mmu_hv_max_flush_rep_count() - what HV_MAX_FLUSH_REP_COUNT reads.
 *
 * Return: the current CPU's max_flush_rep_count (struct vr_mmu_hv_cpu,
 * virtref/mmu/mshyperv.h), at most the VR_MMU_HV_LEGACY_MAX_FLUSH_REP_COUNT
 * elements its input area holds; VR_MMU_HV_PAGE_REP_COUNT (510) when no CPU
 * is entered or it sets none.
 */
VR_API size_t vr_mmu_hv_max_flush_rep_count(void);

#endif
