/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* virtref: deterministic reference models of virtualization hardware. */
#ifndef VIRTREF_H
#define VIRTREF_H

#include <virtref/api.h>
#include <virtref/alloc.h>
#include <virtref/context.h>
#include <virtref/err.h>
#include <virtref/fuzz.h>
#include <virtref/instance.h>
#include <virtref/mem.h>
#include <virtref/model.h>
#include <virtref/replay.h>
#include <virtref/text.h>
#include <virtref/trace.h>
#include <virtref/warn.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * vr_version() - the version of the library that is linked
 *
 * Return: a static string, "MAJOR.MINOR.PATCH".
 */
VR_API const char *vr_version(void);

#ifdef __cplusplus
}
#endif

#endif
