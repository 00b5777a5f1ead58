/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/spinlock.h: a flag with lockdep.h's misuse
 * rules, like struct mutex, with the _irq and _irqsave forms driving the
 * context's interrupt state (irqflags.h).
 */
#ifndef VIRTREF_LINUX_SPINLOCK_H
#define VIRTREF_LINUX_SPINLOCK_H

#include <stdbool.h>
#include <virtref/linux/irqflags.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/lockdep.h>

typedef struct spinlock {
	bool vr_held;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name)                                                                 \
	{                                                                                          \
		.vr_held = false                                                                   \
	}
#define DEFINE_SPINLOCK(name) spinlock_t name = __SPIN_LOCK_UNLOCKED(name)

/**
 * spin_lock_init() - makes @lock a free spinlock
 * @lock: the spinlock
 */
static inline void spin_lock_init(spinlock_t *lock)
{
	lock->vr_held = false;
}

/**
 * spin_lock() - takes @lock
 * @lock: the spinlock; held already fires WARN_ON() instead of spinning
 */
static inline void spin_lock(spinlock_t *lock)
{
	vr_lock_take(&lock->vr_held);
}

/**
 * spin_trylock() - takes @lock unless it is held
 * @lock: the spinlock
 *
 * Return: 1 when taken, 0 when it was held.
 */
static inline int spin_trylock(spinlock_t *lock)
{
	return vr_lock_try(&lock->vr_held);
}

/**
 * spin_unlock() - releases @lock
 * @lock: the spinlock; free already fires WARN_ON()
 */
static inline void spin_unlock(spinlock_t *lock)
{
	vr_lock_release(&lock->vr_held);
}

/**
 * spin_is_locked() - whether @lock is held
 * @lock: the spinlock
 *
 * Return: true when held.
 */
static inline bool spin_is_locked(spinlock_t *lock)
{
	return lock->vr_held;
}

/* Where the kernel BUG()s on a free lock, one WARN_ON(). */
#define assert_spin_locked(lock) ((void)WARN_ON(!spin_is_locked(lock)))

#define spin_lock_irq(lock)                                                                        \
	do {                                                                                       \
		local_irq_disable();                                                               \
		spin_lock(lock);                                                                   \
	} while (0)
#define spin_unlock_irq(lock)                                                                      \
	do {                                                                                       \
		spin_unlock(lock);                                                                 \
		local_irq_enable();                                                                \
	} while (0)
#define spin_lock_irqsave(lock, flags)                                                             \
	do {                                                                                       \
		local_irq_save(flags);                                                             \
		spin_lock(lock);                                                                   \
	} while (0)
#define spin_unlock_irqrestore(lock, flags)                                                        \
	do {                                                                                       \
		spin_unlock(lock);                                                                 \
		local_irq_restore(flags);                                                          \
	} while (0)

/* Raw spinlocks: one thread, so the same flag as spinlock_t. */
typedef spinlock_t raw_spinlock_t;
#define DEFINE_RAW_SPINLOCK(name) raw_spinlock_t name = __SPIN_LOCK_UNLOCKED(name)
#define raw_spin_lock_init(lock) spin_lock_init(lock)
#define raw_spin_lock(lock) spin_lock(lock)
#define raw_spin_unlock(lock) spin_unlock(lock)
#define raw_spin_lock_irqsave(lock, flags) spin_lock_irqsave(lock, flags)
#define raw_spin_unlock_irqrestore(lock, flags) spin_unlock_irqrestore(lock, flags)

#endif
