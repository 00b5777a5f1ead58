/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/string.h: the C library's string functions
 * plus the kernel's own that ported files call.
 */
#ifndef VIRTREF_LINUX_STRING_H
#define VIRTREF_LINUX_STRING_H

#include <string.h>
#include <virtref/alloc.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/types.h>

/*
 * Copies @src into @dest of @count bytes, always NUL-terminated when
 * @count > 0.  Returns the length copied, or -E2BIG when @src did not fit
 * (or @count is 0).
 */
static inline ssize_t strscpy(char *dest, const char *src, size_t count)
{
	size_t len;

	if (count == 0)
		return -E2BIG;
	for (len = 0; len < count - 1 && src[len]; len++)
		dest[len] = src[len];
	dest[len] = '\0';
	return src[len] ? -E2BIG : (ssize_t)len;
}

/* Copies @len bytes of @src into a new allocation; NULL on failure. */
static inline void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = vr_malloc(len);

	(void)gfp;
	if (p)
		memcpy(p, src, len);
	return p;
}

static inline char *kstrdup(const char *s, gfp_t gfp)
{
	(void)gfp;
	return s ? vr_strdup(s) : NULL;
}

#endif
