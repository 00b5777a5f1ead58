/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Errors.
 *
 * Kernel-shaped functions return 0 or a negative errno, exactly as the
 * kernel.  virtref's own functions do the same, and use the codes below
 * for failures that have no errno.  They sit above the kernel's errno
 * range and below MAX_ERRNO, so ERR_PTR() carries them too.
 *
 * Architectural outcomes (a response code, a fault reason, a program
 * check) are never C errors: they are values in the model.
 */
#ifndef VIRTREF_ERR_H
#define VIRTREF_ERR_H

#include <virtref/api.h>

#ifdef __cplusplus
extern "C" {
#endif

enum vr_error {
	/* A trace is not valid YAML, or does not follow the trace schema. */
	VR_ETRACE = 3000,
	/* Replay observed a result other than the one the trace expects. */
	VR_EDIVERGED,
	/* A model invariant or a WARN_ON() failed. */
	VR_EINVARIANT,
	/* The model refused to apply a step (e.g. a vCPU that does not exist). */
	VR_EREJECTED,
	/* No model of that name is registered. */
	VR_ENOMODEL,
	VR_ERROR_END
};

/**
 * vr_strerror() - a sentence describing an error code
 * @err: a negative (or positive) errno or enum vr_error value
 *
 * Return: a static string, "EINVAL: Invalid argument" for -EINVAL or
 * EINVAL; "success" for 0; "unknown error" for a value the catalogue
 * does not hold.
 */
VR_API const char *vr_strerror(int err);

/**
 * vr_errno_name() - the symbolic name of an error code
 * @err: a negative (or positive) errno or enum vr_error value
 *
 * Return: a static string ("EINVAL", "VR_EDIVERGED"), or NULL for 0 and
 * for a value the catalogue does not hold.
 */
VR_API const char *vr_errno_name(int err);

/**
 * vr_errno_str() - a kernel-shaped function's return value as narration reads it
 * @err: 0 or a negative errno or enum vr_error value
 *
 * Return: a static string, "0", "-EINVAL", "-VR_EDIVERGED"; "an unknown
 * return value" for a positive value or a negative one the catalogue
 * does not hold.
 */
VR_API const char *vr_errno_str(int err);

/**
 * vr_errno_from_name() - parses a symbolic error name
 * @name: "EINVAL" or "VR_ETRACE", without a sign
 *
 * Return: the positive value of @name, or 0 when the name is not in the
 * catalogue.
 */
VR_API int vr_errno_from_name(const char *name);

#ifdef __cplusplus
}
#endif

#endif
