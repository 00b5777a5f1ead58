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

#ifdef __cplusplus
extern "C" {
#endif

struct vr_text {
	char *buf; /* NUL-terminated once anything was written */
	size_t len;
	size_t cap;
	bool oom;
};

#define VR_TEXT_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0, false                                                                  \
	}

/**
 * vr_text_printf() - appends formatted text
 * @t: the buffer
 * @fmt: printf() format
 *
 * Out of memory, or a format vsnprintf() refuses, appends nothing; the
 * first sets @t->oom.
 */
VR_API void vr_text_printf(struct vr_text *t, const char *fmt, ...) VR_PRINTF(2, 3);

/**
 * vr_text_put() - appends @len bytes
 * @t: the buffer
 * @s: the bytes, which may hold NULs
 * @len: how many
 *
 * Out of memory appends nothing and sets @t->oom.
 */
VR_API void vr_text_put(struct vr_text *t, const char *s, size_t len);

/**
 * vr_text_puts() - appends a string
 * @t: the buffer
 * @s: a NUL-terminated string
 *
 * Out of memory appends nothing and sets @t->oom.
 */
VR_API void vr_text_puts(struct vr_text *t, const char *s);

/**
 * vr_text_str() - the text so far
 * @t: the buffer
 *
 * Return: the NUL-terminated text, valid until the next output to @t, or
 * "" when nothing was written yet.
 */
VR_API const char *vr_text_str(const struct vr_text *t);

/**
 * vr_text_clear() - empties the buffer and clears @oom, keeping the memory
 * @t: the buffer
 */
VR_API void vr_text_clear(struct vr_text *t);

/**
 * vr_text_free() - frees the buffer's memory; @t is VR_TEXT_INIT after
 * @t: the buffer
 */
VR_API void vr_text_free(struct vr_text *t);

#ifdef __cplusplus
}
#endif

#endif
