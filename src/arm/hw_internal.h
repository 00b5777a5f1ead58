/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* What the hardware file hw_cpu.c offers the layers above. */
#ifndef VIRTREF_SRC_ARM_HW_INTERNAL_H
#define VIRTREF_SRC_ARM_HW_INTERNAL_H

#include <virtref/arm/hw.h>

/* State names, as configs and traces spell them (index = enum value). */
extern const char *const vri_arm_bp_harden_names[3];
extern const char *const vri_arm_ssbd_names[5];
extern const char *const vri_arm_spectre_names[3];

/* Every state of @h is one the enums define. */
bool vri_arm_host_valid(const struct vr_arm_host *h);

#endif
