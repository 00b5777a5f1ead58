/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Error pointers as in include/linux/err.h: the top 4095 addresses. */
#ifndef VIRTREF_LINUX_ERR_H
#define VIRTREF_LINUX_ERR_H

#include <stdbool.h>
#include <stdint.h>

#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) ((uintptr_t)(x) >= (uintptr_t)-MAX_ERRNO)

/**
 * ERR_PTR() - an error code as a pointer
 * @error: a negative errno, -MAX_ERRNO to -1
 *
 * Return: the pointer, which IS_ERR() recognises.
 */
static inline void *ERR_PTR(long error)
{
	return (void *)(intptr_t)error;
}

/**
 * PTR_ERR() - the error code in an error pointer
 * @ptr: a pointer IS_ERR() accepts
 *
 * Return: the negative errno.
 */
static inline long PTR_ERR(const void *ptr)
{
	return (long)(intptr_t)ptr;
}

/**
 * IS_ERR() - whether @ptr is an error pointer
 * @ptr: any pointer
 *
 * Return: true for the top MAX_ERRNO addresses.
 */
static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE(ptr);
}

/**
 * IS_ERR_OR_NULL() - whether @ptr is NULL or an error pointer
 * @ptr: any pointer
 *
 * Return: true when it is either.
 */
static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR_VALUE(ptr);
}

#endif
