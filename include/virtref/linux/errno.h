/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Kernel errno values.  The host's <errno.h> has the same numbers on Linux;
 * the kernel-internal ones (include/linux/errno.h) are added here.
 */
#ifndef VIRTREF_LINUX_ERRNO_H
#define VIRTREF_LINUX_ERRNO_H

#include <errno.h>

#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif

#endif
