/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The error catalogue: every errno the library or a model returns, and
 * virtref's own codes, each with its name and a sentence.
 */
#include <limits.h>
#include <string.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>

struct err_entry {
	int code;
	const char *name;
	const char *negated; /* "-NAME", as a kernel return value reads */
	const char *text;    /* "NAME: sentence" */
};

#define ERR(code, sentence)                                                                        \
	{                                                                                          \
		code, #code, "-" #code, #code ": " sentence                                        \
	}

static const struct err_entry err_catalogue[] = {
	ERR(EPERM, "Operation not permitted"),
	ERR(ENOENT, "No such file or directory"),
	ERR(ESRCH, "No such process"),
	ERR(EIO, "I/O error"),
	ERR(ENXIO, "No such device or address"),
	ERR(E2BIG, "Argument list too long"),
	ERR(ENOEXEC, "Exec format error"),
	ERR(EBADF, "Bad file descriptor"),
	ERR(EAGAIN, "Try again"),
	ERR(EINTR, "Interrupted system call"),
	ERR(ENOMEM, "Out of memory"),
	ERR(EACCES, "Permission denied"),
	ERR(EFAULT, "Bad address"),
	ERR(EBUSY, "Device or resource busy"),
	ERR(EEXIST, "File exists"),
	ERR(ENODEV, "No such device"),
	ERR(EINVAL, "Invalid argument"),
	ERR(ENOTTY, "Not a typewriter"),
	ERR(ENOSPC, "No space left on device"),
	ERR(ERANGE, "Math result not representable"),
	ERR(ENOSYS, "Invalid system call number"),
	ERR(ENODATA, "No data available"),
	ERR(EOVERFLOW, "Value too large for defined data type"),
	ERR(EOPNOTSUPP, "Operation not supported"),
	ERR(ENOBUFS, "No buffer space available"),
	ERR(ECANCELED, "Operation Canceled"),
	ERR(EILSEQ, "Illegal byte sequence"),
	ERR(EADDRINUSE, "Address already in use"),
	ERR(ETIMEDOUT, "Connection timed out"),
	ERR(EINPROGRESS, "Operation now in progress"),
	ERR(ENOTSUPP, "Operation is not supported (kernel-internal)"),
	ERR(VR_ETRACE, "Trace is not valid YAML or breaks the trace schema"),
	ERR(VR_EDIVERGED, "Replay observed a result other than the trace expects"),
	ERR(VR_EINVARIANT, "A model invariant or WARN_ON() failed"),
	ERR(VR_EREJECTED, "The model cannot apply the step to its state"),
	ERR(VR_ENOMODEL, "No model of that name is registered"),
};

static const struct err_entry *err_lookup(int err)
{
	size_t i;

	if (err < 0)
		err = err == INT_MIN ? 0 : -err;
	for (i = 0; i < sizeof(err_catalogue) / sizeof(err_catalogue[0]); i++)
		if (err_catalogue[i].code == err)
			return &err_catalogue[i];
	return NULL;
}

const char *vr_strerror(int err)
{
	const struct err_entry *e;

	if (err == 0)
		return "success";
	e = err_lookup(err);
	return e ? e->text : "unknown error";
}

const char *vr_errno_name(int err)
{
	const struct err_entry *e = err ? err_lookup(err) : NULL;

	return e ? e->name : NULL;
}

const char *vr_errno_str(int err)
{
	const struct err_entry *e;

	if (err == 0)
		return "0";
	e = err < 0 ? err_lookup(err) : NULL;
	return e ? e->negated : "an unknown return value";
}

int vr_errno_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(err_catalogue) / sizeof(err_catalogue[0]); i++)
		if (!strcmp(err_catalogue[i].name, name))
			return err_catalogue[i].code;
	return 0;
}
