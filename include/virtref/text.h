/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A growable text buffer for explain narration, state dumps, reports and
 * emitted traces.  On allocation failure it keeps what it has, sets @oom
 * and ignores further output, so callers check once at the end.
 */
#ifndef VIRTREF_TEXT_H
#define VIRTREF_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <virtref/api.h>

struct vr_text {
	char *buf;	/* NUL-terminated once anything was written */
	size_t len;
	size_t cap;
	bool oom;
};

#define VR_TEXT_INIT { NULL, 0, 0, false }

VR_API void vr_text_printf(struct vr_text *t, const char *fmt, ...) VR_PRINTF(2, 3);
VR_API void vr_text_put(struct vr_text *t, const char *s, size_t len);
VR_API void vr_text_puts(struct vr_text *t, const char *s);
/* "" when nothing was written yet. */
VR_API const char *vr_text_str(const struct vr_text *t);
/* Empties the buffer and clears @oom, keeping the memory. */
VR_API void vr_text_clear(struct vr_text *t);
VR_API void vr_text_free(struct vr_text *t);

#endif
