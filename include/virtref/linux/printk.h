/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/printk.h.  There is no log: a pr_*()
 * message is one line of the current context's narration (what
 * `virtref replay --explain` shows), named by its level, and costs one
 * pointer read when narration is off.  pr_fmt() applies as in the kernel:
 * define it before the first include.
 */
#ifndef VIRTREF_LINUX_PRINTK_H
#define VIRTREF_LINUX_PRINTK_H

#include <virtref/context.h>

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define vr_printk(level, fmt, ...)                                                                 \
	do {                                                                                       \
		struct vr_text *vr_pk_t = vr_context_current()->narrate;                           \
                                                                                                   \
		if (vr_pk_t)                                                                       \
			vr_trace_line(vr_pk_t, level, fmt, ##__VA_ARGS__);                         \
	} while (0)

#define pr_emerg(fmt, ...) vr_printk("emerg", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) vr_printk("alert", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) vr_printk("crit", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) vr_printk("err", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) vr_printk("warn", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) vr_printk("notice", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) vr_printk("info", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) vr_printk("debug", pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_once(fmt, ...) pr_err(fmt, ##__VA_ARGS__)
#define pr_warn_once(fmt, ...) pr_warn(fmt, ##__VA_ARGS__)
#define pr_info_once(fmt, ...) pr_info(fmt, ##__VA_ARGS__)

/* Without DEBUG the kernel's pr_devel() checks its arguments and prints nothing. */
#define no_printk(fmt, ...)                                                                        \
	do {                                                                                       \
		if (0)                                                                             \
			vr_printk("devel", fmt, ##__VA_ARGS__);                                    \
	} while (0)
#define pr_devel(fmt, ...) no_printk(pr_fmt(fmt), ##__VA_ARGS__)

#endif
