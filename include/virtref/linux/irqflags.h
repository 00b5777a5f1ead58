/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/irqflags.h.  There are no interrupts; the
 * state is the current context's (virtref/context.h: ctx->irqs_off), so
 * irqs_disabled() tells and the instance API fires WARN_ON() when an op
 * returns with interrupts still disabled.  @flags holds the state before
 * the save: 1 when interrupts were already off.
 */
#ifndef VIRTREF_LINUX_IRQFLAGS_H
#define VIRTREF_LINUX_IRQFLAGS_H

#include <stdbool.h>
#include <virtref/context.h>

/**
 * vr_local_irq_save() - what local_irq_save() expands to
 *
 * Disables interrupts in the context.
 *
 * Return: 1 when they were disabled already, 0 when they were on.
 */
static inline unsigned long vr_local_irq_save(void)
{
	struct vr_context *ctx = vr_context_current();
	unsigned long was = ctx->irqs_off;

	ctx->irqs_off = true;
	return was;
}

#define local_irq_save(flags) ((flags) = vr_local_irq_save())
#define local_irq_restore(flags) ((void)(vr_context_current()->irqs_off = !!(flags)))
#define local_irq_disable() ((void)(vr_context_current()->irqs_off = true))
#define local_irq_enable() ((void)(vr_context_current()->irqs_off = false))
#define irqs_disabled() (vr_context_current()->irqs_off)

#endif
