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

/**
 * strscpy() - copies a C string into a sized buffer
 * @dest: where to
 * @src: the string
 * @count: size of @dest; when > 0 @dest is NUL-terminated
 *
 * Return:
 * * the length copied (without the NUL) - @src fitted
 * * -E2BIG - @src was cut, or @count is 0 (then @dest is untouched)
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

/**
 * kmemdup() - copies @len bytes into a new allocation
 * @src: what to copy
 * @len: how much
 * @gfp: ignored
 *
 * Return: the copy (kfree() it), or NULL when out of memory.
 */
static inline void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = vr_malloc(len);

	(void)gfp;
	if (p)
		memcpy(p, src, len);
	return p;
}

/**
 * kstrdup() - copies a C string into a new allocation
 * @s: the string, or NULL
 * @gfp: ignored
 *
 * Return: the copy (kfree() it), or NULL when @s is NULL or out of memory.
 */
static inline char *kstrdup(const char *s, gfp_t gfp)
{
	(void)gfp;
	return s ? vr_strdup(s) : NULL;
}

#endif
