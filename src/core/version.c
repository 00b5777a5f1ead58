/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
#include <virtref/virtref.h>

const char *vr_version(void)
{
	return VR_VERSION;
}
