/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A trace header laid out as the kernel lays out the headers of include/trace/events/
 * and arch/x86/include/asm/trace/hyperv.h: TRACE_SYSTEM, the
 * multi-read guard, and define_trace.h last.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM mmu_probe

#if !defined(VIRTREF_TESTS_TRACE_MMU_PROBE_H) || defined(TRACE_HEADER_MULTI_READ)
#define VIRTREF_TESTS_TRACE_MMU_PROBE_H

#include <virtref/linux/tracepoint.h>

TRACE_EVENT(mmu_probe_flush, TP_PROTO(u64 as, int ret), TP_ARGS(as, ret),
	    TP_STRUCT__entry(__field(u64, as) __field(int, ret)),
	    TP_fast_assign(__entry->as = as; __entry->ret = ret;),
	    TP_printk("as=0x%llx ret=%d", (unsigned long long)__entry->as, __entry->ret));

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE trace_mmu_probe
#include <virtref/trace/define_trace.h>
