/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* The per-thread sink behind WARN_ON(); see include/virtref/warn.h. */
#include <stdio.h>
#include <virtref/warn.h>

struct warn_state {
	uint64_t count;
	char first[256];
};

static _Thread_local struct warn_state warn_state;

bool vr_warn_on(bool cond, const char *file, int line, const char *expr)
{
	if (!cond)
		return false;
	if (!warn_state.count++)
		snprintf(warn_state.first, sizeof(warn_state.first), "%s:%d: WARN_ON(%s)", file,
			 line, expr);
	return true;
}

uint64_t vr_warn_count(void)
{
	return warn_state.count;
}

const char *vr_warn_first(void)
{
	return warn_state.first;
}

void vr_warn_reset(void)
{
	warn_state.count = 0;
	warn_state.first[0] = '\0';
}
