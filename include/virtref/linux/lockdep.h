/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/lockdep.h's assertions, and holds what
 * every virtref lock (mutex.h, spinlock.h) shares.  One thread runs a
 * model, so a lock is a flag, vr_held: taking a held lock, releasing a
 * free one and lockdep_assert_held() on a free one are bugs that fire
 * WARN_ON() (a real kernel would hang or splat) and leave the lock held
 * or free.
 */
#ifndef VIRTREF_LINUX_LOCKDEP_H
#define VIRTREF_LINUX_LOCKDEP_H

#include <stdbool.h>
#include <virtref/linux/kernel.h>

/**
 * vr_lock_take() - takes a lock
 * @held: the lock's flag
 *
 * A held lock fires WARN_ON() and stays held.
 */
static inline void vr_lock_take(bool *held)
{
	WARN_ON(*held);
	*held = true;
}

/**
 * vr_lock_try() - takes a lock unless it is held
 * @held: the lock's flag
 *
 * Return: 1 when taken, 0 when it was held (not a bug).
 */
static inline int vr_lock_try(bool *held)
{
	if (*held)
		return 0;
	*held = true;
	return 1;
}

/**
 * vr_lock_release() - releases a lock
 * @held: the lock's flag
 *
 * A free lock fires WARN_ON() and stays free.
 */
static inline void vr_lock_release(bool *held)
{
	WARN_ON(!*held);
	*held = false;
}

#define lockdep_assert_held(l) ((void)WARN_ON(!(l)->vr_held))
#define lockdep_assert_not_held(l) ((void)WARN_ON((l)->vr_held))

#endif
