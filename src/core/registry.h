/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* The models of this build (generated into models.c by CMake), and a lookup in their tables. */
#ifndef VIRTREF_CORE_REGISTRY_H
#define VIRTREF_CORE_REGISTRY_H

#include <virtref/model.h>

/* NULL-terminated. */
extern const struct vr_model *const vri_registered_models[];

/*
 * Index of the named check @name as check steps and the instance number
 * them: 0 for "invariants", i + 1 for m->checks[i]; -1 when @m has none.
 */
int vri_check_find(const struct vr_model *m, const char *name);

#endif
