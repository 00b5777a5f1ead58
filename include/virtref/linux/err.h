/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Error pointers as in include/linux/err.h: the top 4095 addresses. */
#ifndef VIRTREF_LINUX_ERR_H
#define VIRTREF_LINUX_ERR_H

#include <stdbool.h>
#include <stdint.h>

#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) ((uintptr_t)(x) >= (uintptr_t)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)(intptr_t)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)(intptr_t)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE(ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE(ptr);
}

#endif
