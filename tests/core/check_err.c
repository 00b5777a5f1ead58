/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The error catalogue (include/virtref/err.h): vr_strerror(),
 * vr_errno_name(), vr_errno_str() and vr_errno_from_name() for every code the library
 * and the models return, the test helper vr_test_errname(), and the
 * version string.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <virtref/linux/err.h>
#include <virtref/linux/errno.h>
#include "vr_test.h"

struct catalogue_entry {
	int code;
	const char *name;
};

#define ENTRY(c)                                                                                   \
	{                                                                                          \
		c, #c                                                                              \
	}

/* Every code the library's functions and the models document. */
static const struct catalogue_entry catalogue[] = {
	ENTRY(EPERM),	     ENTRY(ENOENT),	   ENTRY(ESRCH),	ENTRY(EINTR),
	ENTRY(EIO),	     ENTRY(ENXIO),	   ENTRY(E2BIG),	ENTRY(ENOEXEC),
	ENTRY(EBADF),	     ENTRY(EAGAIN),	   ENTRY(ENOMEM),	ENTRY(EACCES),
	ENTRY(EFAULT),	     ENTRY(EBUSY),	   ENTRY(EEXIST),	ENTRY(ENODEV),
	ENTRY(EINVAL),	     ENTRY(ENOTTY),	   ENTRY(ENOSPC),	ENTRY(ERANGE),
	ENTRY(ENOSYS),	     ENTRY(ENODATA),	   ENTRY(EOVERFLOW),	ENTRY(EILSEQ),
	ENTRY(EOPNOTSUPP),   ENTRY(ENOBUFS),	   ENTRY(EADDRINUSE),	ENTRY(ETIMEDOUT),
	ENTRY(EINPROGRESS),  ENTRY(ECANCELED),	   ENTRY(ENOTSUPP),	ENTRY(VR_ETRACE),
	ENTRY(VR_EDIVERGED), ENTRY(VR_EINVARIANT), ENTRY(VR_EREJECTED), ENTRY(VR_ENOMODEL),
};

/* "NAME: sentence", with a sentence. */
static void assert_described(int err, const char *name)
{
	const char *s = vr_strerror(err);
	size_t n = strlen(name);

	ck_assert_ptr_nonnull(s);
	ck_assert_msg(strncmp(s, name, n) == 0 && s[n] == ':' && s[n + 1] == ' ' &&
			      s[n + 2] != '\0',
		      "vr_strerror(%d) = \"%s\", want \"%s: <sentence>\"", err, s, name);
}

START_TEST(test_strerror_catalogue)
{
	const struct catalogue_entry *e = &catalogue[_i];

	assert_described(-e->code, e->name);
	/* Positive values describe the same error. */
	assert_described(e->code, e->name);
	ck_assert_str_eq(vr_strerror(-e->code), vr_strerror(e->code));
}
END_TEST

START_TEST(test_errno_name_catalogue)
{
	const struct catalogue_entry *e = &catalogue[_i];

	ck_assert_pstr_eq(vr_errno_name(-e->code), e->name);
	ck_assert_pstr_eq(vr_errno_name(e->code), e->name);
	ck_assert_int_eq(vr_errno_from_name(e->name), e->code);
}
END_TEST

/* A negative code reads as the kernel's return value: "-" and its name. */
START_TEST(test_errno_str_catalogue)
{
	const struct catalogue_entry *e = &catalogue[_i];
	char want[32];

	snprintf(want, sizeof(want), "-%s", e->name);
	ck_assert_str_eq(vr_errno_str(-e->code), want);
}
END_TEST

START_TEST(test_errno_str_exact)
{
	ck_assert_str_eq(vr_errno_str(0), "0");
	ck_assert_str_eq(vr_errno_str(-EINVAL), "-EINVAL");
	ck_assert_str_eq(vr_errno_str(-VR_EDIVERGED), "-VR_EDIVERGED");
	/* Only negative values are return codes; positive ones are not. */
	ck_assert_str_eq(vr_errno_str(EINVAL), "an unknown return value");
	ck_assert_str_eq(vr_errno_str(-9999), "an unknown return value");
	ck_assert_str_eq(vr_errno_str(INT_MIN), "an unknown return value");
}
END_TEST

/* Whatever the catalogue holds, its three views of a code agree. */
START_TEST(test_catalogue_consistent)
{
	int named = 0;

	for (int e = 1; e < MAX_ERRNO; e++) {
		const char *name = vr_errno_name(-e);

		if (!name) {
			ck_assert_str_eq(vr_strerror(-e), "unknown error");
			continue;
		}
		named++;
		assert_described(-e, name);
		ck_assert_int_eq(vr_errno_from_name(name), e);
		ck_assert_pstr_eq(vr_errno_name(e), name);
	}
	ck_assert_int_ge(named, (int)VR_ARRAY_SIZE(catalogue));
}
END_TEST

START_TEST(test_strerror_exact)
{
	ck_assert_str_eq(vr_strerror(-EINVAL), "EINVAL: Invalid argument");
	ck_assert_str_eq(vr_strerror(-ENOMEM), "ENOMEM: Out of memory");
	ck_assert_str_eq(vr_strerror(-EFAULT), "EFAULT: Bad address");
	ck_assert_str_eq(vr_strerror(-EBUSY), "EBUSY: Device or resource busy");
}
END_TEST

START_TEST(test_strerror_unknown)
{
	static const int unknown[] = {
		-9999,		 9999,	       INT_MIN,		 INT_MAX,
		-(VR_ERROR_END), VR_ERROR_END, -(VR_ETRACE - 1), -4095,
	};

	for (size_t i = 0; i < VR_ARRAY_SIZE(unknown); i++) {
		ck_assert_str_eq(vr_strerror(unknown[i]), "unknown error");
		ck_assert_ptr_null(vr_errno_name(unknown[i]));
	}
	ck_assert_ptr_null(vr_errno_name(0));
}
END_TEST

START_TEST(test_from_name_unknown)
{
	ck_assert_int_eq(vr_errno_from_name("EFOO"), 0);
	ck_assert_int_eq(vr_errno_from_name(""), 0);
	/* Exact spelling only: no case folding, no sign, no prefix match. */
	ck_assert_int_eq(vr_errno_from_name("einval"), 0);
	ck_assert_int_eq(vr_errno_from_name("-EINVAL"), 0);
	ck_assert_int_eq(vr_errno_from_name("EINVALX"), 0);
	ck_assert_int_eq(vr_errno_from_name("EINVA"), 0);
	ck_assert_int_eq(vr_errno_from_name("VR_E"), 0);
}
END_TEST

START_TEST(test_vr_error_values)
{
	/* Above the kernel's errnos and inside ERR_PTR()'s range. */
	ck_assert_int_eq(VR_ETRACE, 3000);
	ck_assert_int_eq(VR_EDIVERGED, 3001);
	ck_assert_int_eq(VR_EINVARIANT, 3002);
	ck_assert_int_eq(VR_EREJECTED, 3003);
	ck_assert_int_eq(VR_ENOMODEL, 3004);
	ck_assert_int_lt(VR_ERROR_END, MAX_ERRNO);
	for (int e = VR_ETRACE; e < VR_ERROR_END; e++) {
		void *p = ERR_PTR(-e);

		ck_assert(IS_ERR(p));
		ck_assert_int_eq(PTR_ERR(p), -e);
	}
}
END_TEST

START_TEST(test_errname_helper)
{
	ck_assert_str_eq(vr_test_errname(-EINVAL), "EINVAL");
	ck_assert_str_eq(vr_test_errname(-VR_EDIVERGED), "VR_EDIVERGED");
	ck_assert_str_eq(vr_test_errname(0), "success");
	ck_assert_str_eq(vr_test_errname(-9999), "not an errno");
	ck_assert_str_eq(vr_test_errname(-(long)INT_MAX - 10), "not an errno");
	ck_assert_str_eq(vr_test_errname((long)INT_MAX + 10), "not an errno");
	ck_assert_errno(-EBUSY, -EBUSY);
}
END_TEST

START_TEST(test_version)
{
	const char *v = vr_version();
	unsigned major, minor, patch;
	int end = 0;

	ck_assert_ptr_nonnull(v);
	ck_assert_msg(sscanf(v, "%u.%u.%u%n", &major, &minor, &patch, &end) == 3 && v[end] == '\0',
		      "vr_version() = \"%s\", want MAJOR.MINOR.PATCH", v);
}
END_TEST

static const struct vr_test catalogue_tests[] = {
	VR_LOOP_TEST(test_strerror_catalogue, 0, (int)VR_ARRAY_SIZE(catalogue)),
	VR_LOOP_TEST(test_errno_name_catalogue, 0, (int)VR_ARRAY_SIZE(catalogue)),
	VR_LOOP_TEST(test_errno_str_catalogue, 0, (int)VR_ARRAY_SIZE(catalogue)),
	VR_TEST(test_errno_str_exact),
	VR_TEST(test_catalogue_consistent),
	VR_TEST(test_strerror_exact),
};

static const struct vr_test unknown_tests[] = {
	VR_TEST(test_strerror_unknown),
	VR_TEST(test_from_name_unknown),
};

static const struct vr_test value_tests[] = {
	VR_TEST(test_vr_error_values),
	VR_TEST(test_errname_helper),
};

static const struct vr_test version_tests[] = {
	VR_TEST(test_version),
};

static const struct vr_tcase err_tcases[] = {
	VR_TCASE("catalogue", catalogue_tests),
	VR_TCASE("unknown", unknown_tests),
	VR_TCASE("values", value_tests),
	VR_TCASE("version", version_tests),
};

const struct vr_suite vr_suite_err = VR_SUITE("err", err_tcases);
