/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The small helpers of include/linux/kernel.h, minmax.h, align.h,
 * stddef.h and bug.h.  WARN_ON() does not stop the program: it reports to virtref's
 * warning sink, which replay, fuzzing and the tests treat as an invariant
 * violation of the model that is running.
 */
#ifndef VIRTREF_LINUX_KERNEL_H
#define VIRTREF_LINUX_KERNEL_H

#include <stddef.h>
#include <virtref/linux/types.h>
#include <virtref/linux/compiler.h>
#include <virtref/linux/bits.h>
#include <virtref/linux/err.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/kstrtox.h>
#include <virtref/linux/printk.h>
#include <virtref/warn.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))

#define ALIGN(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define round_up(x, y) ((((x)-1) | ((__typeof__(x))((y)-1))) + 1)
#define round_down(x, y) ((x) & ~((__typeof__(x))((y)-1)))

#define WARN_ON(cond) vr_warn_if(!!(cond), __FILE__, __LINE__, #cond)
#define WARN_ON_ONCE(cond) WARN_ON(cond)
/* WARN() and WARN_ONCE() report as WARN_ON() does; their message is not kept. */
#define WARN(cond, ...) WARN_ON(cond)
#define WARN_ONCE(cond, ...) WARN_ON(cond)

/* include/linux/stddef.h: the offset just past @MEMBER. */
#define offsetofend(TYPE, MEMBER) (offsetof(TYPE, MEMBER) + sizeof(((TYPE *)0)->MEMBER))

#endif
