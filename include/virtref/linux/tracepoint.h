/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/tracepoint.h and include/trace/
 * trace_events.h: TRACE_EVENT(), DECLARE_EVENT_CLASS() and DEFINE_EVENT()
 * written as in the kernel make trace_<event>() functions that print one
 * line into the current context's narration sink, which the instance API
 * sets to the explain text of the op being applied (`virtref replay
 * --explain`).  With narration off a trace_<event>() call reads one
 * pointer and returns.
 *
 * A model's events live in include/virtref/trace/events/<model>.h:
 *
 *	#include <virtref/linux/tracepoint.h>
 *
 *	TRACE_EVENT(ccw_pin,
 *		TP_PROTO(u64 iova, int npage),
 *		TP_ARGS(iova, npage),
 *		TP_STRUCT__entry(__field(u64, iova) __field(int, npage)),
 *		TP_fast_assign(__entry->iova = iova; __entry->npage = npage;),
 *		TP_printk("iova=0x%llx npage=%d",
 *			  (unsigned long long)__entry->iova, __entry->npage));
 *
 * and trace_ccw_pin(0x1000, 2) narrates "ccw_pin: iova=0x1000 npage=2".
 */
#ifndef VIRTREF_LINUX_TRACEPOINT_H
#define VIRTREF_LINUX_TRACEPOINT_H

#include <stdbool.h>
#include <virtref/context.h>
#include <virtref/linux/types.h>

#define TP_PROTO(...) __VA_ARGS__
#define TP_ARGS(...) __VA_ARGS__
#define TP_STRUCT__entry(...) __VA_ARGS__
#define TP_fast_assign(...) __VA_ARGS__
#define TP_printk(fmt, ...) fmt, ##__VA_ARGS__

#define __field(type, item) type item;
#define __field_struct(type, item) type item;
#define __array(type, item, len) type item[len];

/* An event need not use every argument, nor print every field. */
// clang-format off
#define VR_TRACE_QUIET_BEGIN                                                       \
	_Pragma("GCC diagnostic push")                                             \
	_Pragma("GCC diagnostic ignored \"-Wunused-parameter\"")                   \
	_Pragma("GCC diagnostic ignored \"-Wunused-variable\"")
#define VR_TRACE_QUIET_END _Pragma("GCC diagnostic pop")

/* One event class: the record, and a printer shared by its events. */
#define DECLARE_EVENT_CLASS(cls, proto, args, tstruct, assign, print)             \
	struct vr_trace_entry_##cls {                                              \
		char vr_unused;                                                    \
		tstruct                                                            \
	};                                                                         \
	VR_TRACE_QUIET_BEGIN                                                       \
	static inline __attribute__((__unused__)) void                             \
	vr_trace_class_##cls(struct vr_text *vr_t, const char *vr_event, proto)    \
	{                                                                          \
		struct vr_trace_entry_##cls vr_rec = { 0 }, *__entry = &vr_rec;    \
                                                                                   \
		{ assign }                                                         \
		vr_trace_line(vr_t, vr_event, print);                              \
	}                                                                          \
	VR_TRACE_QUIET_END
// clang-format on

/* One event of a class: trace_<name>() and trace_<name>_enabled(). */
#define DEFINE_EVENT(cls, name, proto, args)                                                       \
	static inline __attribute__((__unused__)) bool trace_##name##_enabled(void)                \
	{                                                                                          \
		return vr_context_current()->narrate != NULL;                                      \
	}                                                                                          \
	static inline __attribute__((__unused__)) void trace_##name(proto)                         \
	{                                                                                          \
		struct vr_text *vr_t = vr_context_current()->narrate;                              \
                                                                                                   \
		if (vr_t)                                                                          \
			vr_trace_class_##cls(vr_t, #name, args);                                   \
	}

#define TRACE_EVENT(name, proto, args, tstruct, assign, print)                                     \
	DECLARE_EVENT_CLASS(name, PARAMS(proto), PARAMS(args), PARAMS(tstruct), PARAMS(assign),    \
			    PARAMS(print))                                                         \
	DEFINE_EVENT(name, name, PARAMS(proto), PARAMS(args))

#define PARAMS(...) __VA_ARGS__

#endif
