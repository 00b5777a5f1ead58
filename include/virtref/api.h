/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * VR_API marks what the shared library exports.  The library is built
 * with hidden visibility: only declarations carrying VR_API (every vr_*
 * function and every kernel-shaped function) are visible to its users.
 */
#ifndef VIRTREF_API_H
#define VIRTREF_API_H

#if defined(__GNUC__)
#define VR_API __attribute__((visibility("default")))
#define VR_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define VR_API
#define VR_PRINTF(fmt, args)
#endif

/*
 * VR_ALWAYS()/VR_NEVER() wrap conditions that cannot be true (or false)
 * unless virtref itself has a bug.  The test is kept in every build, so a
 * bug degrades to an error return instead of undefined behaviour;
 * coverage builds (VR_COVERAGE) fold them to constants so that defensive
 * branches do not count as untested lines.
 */
#if defined(VR_COVERAGE)
#define VR_ALWAYS(x) (1)
#define VR_NEVER(x) (0)
#elif defined(__GNUC__)
#define VR_ALWAYS(x) (__builtin_expect(!!(x), 1))
#define VR_NEVER(x) (__builtin_expect(!!(x), 0))
#else
#define VR_ALWAYS(x) (!!(x))
#define VR_NEVER(x) (!!(x))
#endif

#endif
