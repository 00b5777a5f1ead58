/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: arch/x86/kvm/mmu/mmutrace.h at v6.6 (torvalds/linux)
 *   trace_kvm_mmu_prepare_zap_page, trace_kvm_mmu_set_spte
 * with the fields of a direct map's shadow page (the kernel's also print
 * the role's guest-paging bits, which a direct map does not have), and
 * kvm_mmu_set_spte taking the new SPTE's value rather than its address.
 * mmu.c fires them; they narrate into `virtref replay --explain`.
 */
#ifndef VIRTREF_MMU_MMUTRACE_H
#define VIRTREF_MMU_MMUTRACE_H

#include <virtref/linux/tracepoint.h>
#include <virtref/mmu/kvm_host.h>

TRACE_EVENT(kvm_mmu_prepare_zap_page, TP_PROTO(struct kvm_mmu_page *sp), TP_ARGS(sp),
	    TP_STRUCT__entry(__field(u64, gfn) __field(unsigned int, level)
				     __field(bool, last_level) __field(bool, linked)),
	    TP_fast_assign(__entry->gfn = sp->gfn; __entry->level = sp->role.level;
			   __entry->last_level = sp->last_level;
			   __entry->linked = sp->parent || sp->root_count;),
	    TP_printk("sp gfn %llx l%u%s%s", (unsigned long long)__entry->gfn, __entry->level,
		      __entry->last_level ? " last_level" : "",
		      __entry->linked ? "" : " unlinked"));

TRACE_EVENT(kvm_mmu_set_spte, TP_PROTO(int level, gfn_t gfn, u64 spte), TP_ARGS(level, gfn, spte),
	    TP_STRUCT__entry(__field(u64, gfn) __field(u64, spte) __field(int, level)),
	    TP_fast_assign(__entry->gfn = gfn; __entry->spte = spte; __entry->level = level;),
	    TP_printk("gfn %llx spte %llx (%s%s%s) level %d", (unsigned long long)__entry->gfn,
		      (unsigned long long)__entry->spte,
		      (__entry->spte & VMX_EPT_READABLE_MASK) ? "r" : "-",
		      (__entry->spte & VMX_EPT_WRITABLE_MASK) ? "w" : "-",
		      (__entry->spte & VMX_EPT_EXECUTABLE_MASK) ? "x" : "-", __entry->level));

#endif
