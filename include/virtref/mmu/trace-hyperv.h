/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: arch/x86/include/asm/trace/hyperv.h (torvalds/linux)
 *   trace_hyperv_nested_flush_guest_mapping,
 *   trace_hyperv_nested_flush_guest_mapping_range
 * The events arch/x86/hyperv/nested.c fires after each flush: a ported
 * nested.c narrates through them (virtref/linux/tracepoint.h).
 */
#ifndef VIRTREF_MMU_TRACE_HYPERV_H
#define VIRTREF_MMU_TRACE_HYPERV_H

#include <virtref/linux/tracepoint.h>

DECLARE_EVENT_CLASS(hyperv_nested_flush, TP_PROTO(u64 as, int ret), TP_ARGS(as, ret),
		    TP_STRUCT__entry(__field(u64, as) __field(int, ret)),
		    TP_fast_assign(__entry->as = as; __entry->ret = ret;),
		    TP_printk("as=0x%llx ret=%d", (unsigned long long)__entry->as, __entry->ret));

DEFINE_EVENT(hyperv_nested_flush, hyperv_nested_flush_guest_mapping, TP_PROTO(u64 as, int ret),
	     TP_ARGS(as, ret));
DEFINE_EVENT(hyperv_nested_flush, hyperv_nested_flush_guest_mapping_range,
	     TP_PROTO(u64 as, int ret), TP_ARGS(as, ret));

#endif
