/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/delay.h's msleep(): virtref has no clock,
 * so a sleep is nothing; what a driver waits for advances by the
 * instructions it issues (the models' lags), deterministically.
 */
#ifndef VIRTREF_LINUX_DELAY_H
#define VIRTREF_LINUX_DELAY_H

static inline void msleep(unsigned int msecs)
{
	(void)msecs;
}

#endif
