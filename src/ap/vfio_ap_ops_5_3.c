/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfio_ap_ops.c as v5.3 merged it: the same text, compiled with
 * LINUX_VERSION_CODE 5.3, its symbols named vr_ap_5_3_*
 * (src/ap/CMakeLists.txt).
 */
#include "vfio_ap_ops.c"
