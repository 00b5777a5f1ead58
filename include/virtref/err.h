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

/*
 * Describes @err, a negative (or positive) errno or enum vr_error value:
 * "EINVAL: Invalid argument".  Unknown values give "unknown error".
 */
VR_API const char *vr_strerror(int err);

/* The symbolic name of @err ("EINVAL", "VR_EDIVERGED"), or NULL. */
VR_API const char *vr_errno_name(int err);

/*
 * @err as a kernel-shaped function's return value reads in narration:
 * "0", "-EINVAL", "-VR_EDIVERGED".
 * Return: a static string; "an unknown return value" for a positive
 * value or a negative one the catalogue does not hold.
 */
VR_API const char *vr_errno_str(int err);

/*
 * Parses "EINVAL" (or "VR_ETRACE") into its positive value; returns 0 if
 * the name is not in the catalogue.
 */
VR_API int vr_errno_from_name(const char *name);

#endif
