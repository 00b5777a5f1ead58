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

/* Records a warning when @cond is true; returns @cond like WARN_ON(). */
VR_API bool vr_warn_on(bool cond, const char *file, int line, const char *expr);

/* Number of warnings on this thread since the last vr_warn_reset(). */
VR_API uint64_t vr_warn_count(void);

/* "file:line: WARN_ON(expr)" of the first warning since the reset, or "". */
VR_API const char *vr_warn_first(void);

VR_API void vr_warn_reset(void);

#endif
