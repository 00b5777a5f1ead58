/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * priv.c as the v4 series posted it (February 2019, during 5.0-rc): the
 * same text, compiled with LINUX_VERSION_CODE 5.1, its symbols named
 * vr_ap_v4_* (src/ap/CMakeLists.txt).
 */
#include "priv.c"
