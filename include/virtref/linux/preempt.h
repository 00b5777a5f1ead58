/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/preempt.h.  Nothing preempts a model; the
 * depth is the current context's (virtref/context.h: ctx->preempt_count)
 * so that an unbalanced pair is visible: the instance API fires
 * WARN_ON() when an op returns with preemption still disabled, and an
 * enable without a disable fires one at once.
 */
#ifndef VIRTREF_LINUX_PREEMPT_H
#define VIRTREF_LINUX_PREEMPT_H

#include <virtref/context.h>
#include <virtref/linux/kernel.h>

/**
 * preempt_disable() - one level deeper of "no preemption"
 */
static inline void preempt_disable(void)
{
	vr_context_current()->preempt_count++;
}

/**
 * preempt_enable() - undoes one preempt_disable()
 *
 * Without a matching disable it fires WARN_ON() and changes nothing.
 */
static inline void preempt_enable(void)
{
	struct vr_context *ctx = vr_context_current();

	if (!WARN_ON(!ctx->preempt_count))
		ctx->preempt_count--;
}

#define preempt_enable_no_resched() preempt_enable()
#define preempt_count() (vr_context_current()->preempt_count)
#define preemptible() (preempt_count() == 0 && !vr_context_current()->irqs_off)

/* A model runs on the calling thread, never in an interrupt handler. */
#define in_interrupt() (0)
#define in_atomic() (preempt_count() != 0)

/* What CONFIG_DEBUG_ATOMIC_SLEEP checks: no sleeping with preemption or interrupts off. */
#define might_sleep() ((void)WARN_ON(!preemptible()))

#endif
