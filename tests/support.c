/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Helpers the suites share; see tests/vr_test.h. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "vr_test.h"

const char *vr_test_errname(long err)
{
	const char *name;

	if (err == 0)
		return "success";
	if (err < -INT_MAX || err > INT_MAX)
		return "not an errno";
	name = vr_errno_name((int)err);
	return name ? name : "not an errno";
}

int vr_test_replay_string(const char *yaml, struct vr_text *report)
{
	return vr_test_replay_string_flags(yaml, VR_REPLAY_QUIET, report);
}

int vr_test_replay_string_flags(const char *yaml, unsigned int flags, struct vr_text *report)
{
	struct vr_text local = VR_TEXT_INIT;
	struct vr_text *out = report ? report : &local;
	struct vr_trace *trace = NULL;
	int ret;

	ret = vr_trace_parse("<string>", yaml, strlen(yaml), &trace, out);
	if (ret == 0) {
		ret = vr_replay(trace, flags, out, NULL);
		vr_trace_free(trace);
	}
	if (!report) {
		if (ret != 0)
			fprintf(stderr, "%s\n", vr_text_str(&local));
		vr_text_free(&local);
	}
	return ret;
}
