/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/uaccess.h and asm/uaccess.h.  A __user
 * pointer is an address in the current context's user memory
 * (virtref/context.h: ctx->user); without user memory every access
 * faults, and ctx->uaccess_fail_nth makes the nth access fault whole.
 * Each call below is one access.
 *
 * copy_to_user()/copy_from_user() return the number of bytes NOT copied:
 * they move bytes up to the first unbacked user page and stop there.
 * copy_from_user() zeroes the part of @to it could not fill, as the
 * kernel's does.  get_user()/put_user() move one whole value or nothing
 * and return 0 or -EFAULT; get_user() stores 0 on a fault.
 */
#ifndef VIRTREF_LINUX_UACCESS_H
#define VIRTREF_LINUX_UACCESS_H

#include <stdint.h>
#include <string.h>
#include <virtref/context.h>
#include <virtref/linux/compiler.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/types.h>

/**
 * copy_to_user() - copies @n bytes to user memory
 * @to: user address
 * @from: kernel buffer
 * @n: bytes
 *
 * One user access: stops at the first unbacked user page.
 *
 * Return: the number of bytes not copied; 0 when all were.
 */
static inline unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return vr_uaccess_copy((uintptr_t)to, (void *)(uintptr_t)from, n, VR_UACCESS_TO_USER);
}

/**
 * copy_from_user() - copies @n bytes from user memory
 * @to: kernel buffer; what cannot be filled is zeroed
 * @from: user address
 * @n: bytes
 *
 * One user access: stops at the first unbacked user page.
 *
 * Return: the number of bytes not copied; 0 when all were.
 */
static inline unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long left = vr_uaccess_copy((uintptr_t)from, to, n, 0);

	if (left)
		memset((char *)to + (n - left), 0, left);
	return left;
}

/**
 * vr_copy_from_user_sized() - copy_from_user() into a destination of known size
 * @to: kernel buffer
 * @from: user address
 * @n: bytes the caller asked for
 * @size: bytes at @to, (size_t)-1 when unknown
 *
 * What the copy_from_user() macro below expands to: the compiler knows
 * the size of a destination such as a local variable, and no more than
 * that is ever written, so a file that asks for more, as
 * kvm_arm_set_fw_reg() did before 2023, cannot overrun its stack here;
 * the model that runs such a file reports the excess itself.  The
 * kernel's check_copy_size() (include/linux/thread_info.h, since v4.13)
 * asks the same question and refuses the copy instead: WARN, nothing
 * copied, all @n bytes reported not copied.
 *
 * Return: the number of bytes not copied of min(@n, @size).
 */
static inline unsigned long vr_copy_from_user_sized(void *to, const void __user *from,
						    unsigned long n, size_t size)
{
	return (copy_from_user)(to, from, n > size ? (unsigned long)size : n);
}

#define copy_from_user(to, from, n)                                                                \
	vr_copy_from_user_sized((to), (from), (n), __builtin_object_size((to), 0))

/**
 * vr_get_user() - what get_user() expands to
 * @val: where the value goes; zeroed on a fault
 * @ptr: user address
 * @size: the value's size
 *
 * Return:
 * * 0 - read whole
 * * -EFAULT - some byte is not backed, no user memory, or an injected fault
 */
static inline int vr_get_user(void *val, const void __user *ptr, size_t size)
{
	if (vr_uaccess_copy((uintptr_t)ptr, val, size, VR_UACCESS_WHOLE)) {
		memset(val, 0, size);
		return -EFAULT;
	}
	return 0;
}

/**
 * vr_put_user() - what put_user() expands to
 * @val: the value
 * @ptr: user address
 * @size: the value's size
 *
 * Return:
 * * 0 - written whole
 * * -EFAULT - nothing written: some byte is not backed, no user memory,
 *   or an injected fault
 */
static inline int vr_put_user(const void *val, void __user *ptr, size_t size)
{
	return vr_uaccess_copy((uintptr_t)ptr, (void *)(uintptr_t)val, size,
			       VR_UACCESS_TO_USER | VR_UACCESS_WHOLE)
		       ? -EFAULT
		       : 0;
}

#define get_user(x, ptr)                                                                           \
	__extension__({                                                                            \
		__typeof__(*(ptr)) __gu_val;                                                       \
		int __gu_err = vr_get_user(&__gu_val, (ptr), sizeof(__gu_val));                    \
		(x) = __gu_val;                                                                    \
		__gu_err;                                                                          \
	})

#define put_user(x, ptr)                                                                           \
	__extension__({                                                                            \
		__typeof__(*(ptr)) __pu_val = (x);                                                 \
		vr_put_user(&__pu_val, (ptr), sizeof(__pu_val));                                   \
	})

#define __get_user(x, ptr) get_user(x, ptr)
#define __put_user(x, ptr) put_user(x, ptr)

#endif
