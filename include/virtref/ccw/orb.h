/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: drivers/s390/cio/orb.h at v5.10: union orb and struct cmd_orb
 * (command mode only).
 *
 * The ORB is the architecture's format, so its one declaration lives in
 * the hardware layer's <virtref/ccw/hw.h>; a ported kernel file includes
 * this header under the kernel's name.
 */
#ifndef VIRTREF_CCW_ORB_H
#define VIRTREF_CCW_ORB_H

#include <virtref/ccw/hw.h>

#endif
