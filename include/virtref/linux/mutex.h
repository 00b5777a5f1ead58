/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/mutex.h: a flag with lockdep.h's misuse
 * rules (a double lock, an unlock of a free mutex and destroying a held
 * one each fire WARN_ON() instead of hanging).
 */
#ifndef VIRTREF_LINUX_MUTEX_H
#define VIRTREF_LINUX_MUTEX_H

#include <stdbool.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/lockdep.h>

struct mutex {
	bool vr_held;
};

#define __MUTEX_INITIALIZER(name)                                                                  \
	{                                                                                          \
		.vr_held = false                                                                   \
	}
#define DEFINE_MUTEX(name) struct mutex name = __MUTEX_INITIALIZER(name)

/**
 * mutex_init() - makes @lock a free mutex
 * @lock: the mutex
 */
static inline void mutex_init(struct mutex *lock)
{
	lock->vr_held = false;
}

/**
 * mutex_destroy() - ends a mutex's life
 * @lock: the mutex; held fires WARN_ON()
 */
static inline void mutex_destroy(struct mutex *lock)
{
	WARN_ON(lock->vr_held);
}

/**
 * mutex_lock() - takes @lock
 * @lock: the mutex; held already fires WARN_ON() instead of hanging
 */
static inline void mutex_lock(struct mutex *lock)
{
	vr_lock_take(&lock->vr_held);
}

/**
 * mutex_trylock() - takes @lock unless it is held
 * @lock: the mutex
 *
 * Return: 1 when taken, 0 when it was held.
 */
static inline int mutex_trylock(struct mutex *lock)
{
	return vr_lock_try(&lock->vr_held);
}

/**
 * mutex_unlock() - releases @lock
 * @lock: the mutex; free already fires WARN_ON()
 */
static inline void mutex_unlock(struct mutex *lock)
{
	vr_lock_release(&lock->vr_held);
}

/**
 * mutex_is_locked() - whether @lock is held
 * @lock: the mutex
 *
 * Return: true when held.
 */
static inline bool mutex_is_locked(struct mutex *lock)
{
	return lock->vr_held;
}

#endif
