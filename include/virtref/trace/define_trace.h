/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/trace/define_trace.h.  In the kernel, a trace
 * header included under CREATE_TRACE_POINTS ends here, and this file
 * reads it again (TRACE_HEADER_MULTI_READ) to emit the event bodies.
 * virtref/linux/tracepoint.h already makes each TRACE_EVENT() a complete
 * static inline trace_<event>(), so there is nothing left to emit: the
 * header is read once and this file is empty on purpose.
 */
