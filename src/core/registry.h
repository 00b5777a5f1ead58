/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* The models of this build, generated into models.c by CMake. */
#ifndef VIRTREF_CORE_REGISTRY_H
#define VIRTREF_CORE_REGISTRY_H

#include <virtref/model.h>

/* NULL-terminated. */
extern const struct vr_model *const vri_registered_models[];

#endif
