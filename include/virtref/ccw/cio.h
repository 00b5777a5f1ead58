/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: arch/s390/include/asm/cio.h and arch/s390/include/asm/scsw.h
 * at v5.10: struct ccw1, struct ccw0, CCW_FLAG_*, CCW_CMD_*, DEV_STAT_*,
 * SCHN_STAT_*, union scsw and struct irb.
 *
 * These are the architecture's formats, so their one declaration lives
 * in the hardware layer's <virtref/ccw/hw.h>; a ported kernel file
 * includes this header under the kernel's name.
 */
#ifndef VIRTREF_CCW_CIO_H
#define VIRTREF_CCW_CIO_H

#include <virtref/ccw/hw.h>

#endif
