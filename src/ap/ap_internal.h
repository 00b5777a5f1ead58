/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The ap model's private declarations: the instance and the profile row.
 */
#ifndef VIRTREF_SRC_AP_AP_INTERNAL_H
#define VIRTREF_SRC_AP_AP_INTERNAL_H

#include <virtref/ap.h>
#include "ap/hw_internal.h"

struct vri_ap_profile {
	const char *name; /* first: the config key's names (VR_ENUM_TABLE) */
	const char *summary;
	const char *origin;
};

extern const struct vri_ap_profile vri_ap_profiles[VR_AP_NR_PROFILES];

struct vr_ap {
	struct vri_ap_hw hw;
};

#endif
