/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * priv.c as v5.3 merged it: the same text, compiled with
 * LINUX_VERSION_CODE 5.3, its symbols named vr_ap_5_3_*
 * (src/ap/CMakeLists.txt).
 */
#include "priv.c"
