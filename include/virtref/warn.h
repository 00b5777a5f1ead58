/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The warning sink behind the kernel shim's WARN_ON().
 *
 * Kernel code reports "cannot happen" conditions with WARN_ON() and goes
 * on.  virtref counts them per thread, keeps the first message, and the
 * replay engine, the fuzz harnesses and the test helpers treat a warning
 * as an invariant violation of the model that raised it.
 */
#ifndef VIRTREF_WARN_H
#define VIRTREF_WARN_H

#include <stdbool.h>
#include <stdint.h>
#include <virtref/api.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * vr_warn_on() - records a warning when @cond is true, as WARN_ON() does
 * @cond: the condition that cannot happen
 * @file: source file of the WARN_ON()
 * @line: source line of the WARN_ON()
 * @expr: the condition's text
 *
 * The first warning since vr_warn_reset() is kept as
 * "file:line: WARN_ON(expr)".
 *
 * Return: @cond, like WARN_ON().
 */
VR_API bool vr_warn_on(bool cond, const char *file, int line, const char *expr);

/*
 * What WARN_ON() expands to: vr_warn_on() called only for a condition
 * that holds, since the shims check on every hot path.
 */
static inline bool vr_warn_if(bool cond, const char *file, int line, const char *expr)
{
	return cond ? vr_warn_on(true, file, line, expr) : false;
}

/**
 * vr_warn_count() - warnings on this thread
 *
 * Return: the number of warnings since the last vr_warn_reset().
 */
VR_API uint64_t vr_warn_count(void);

/**
 * vr_warn_first() - the first warning on this thread
 *
 * Return: "file:line: WARN_ON(expr)" of the first warning since the last
 * vr_warn_reset(), or "" when there was none.  Thread-local storage,
 * valid until the next reset.
 */
VR_API const char *vr_warn_first(void);

/**
 * vr_warn_reset() - forgets this thread's warnings
 */
VR_API void vr_warn_reset(void);

#ifdef __cplusplus
}
#endif

#endif
