/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The trace-file harness: raw bytes go through the YAML reader and the
 * schema checker, and a trace that compiles is replayed.  Any outcome is
 * fine except a crash, a sanitizer report or a leak.
 */
#undef NDEBUG
#include <stdio.h>
#include <stdlib.h>
#include <virtref/virtref.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vr_text err = VR_TEXT_INIT, out = VR_TEXT_INIT;
	struct vr_trace *t;
	uint64_t live = vr_alloc_live();

	if (!vr_trace_parse("fuzz.yaml", data, size, &t, &err)) {
		vr_replay(t, VR_REPLAY_QUIET, &out, NULL);
		vr_trace_free(t);
	}
	vr_text_free(&err);
	vr_text_free(&out);
	if (vr_alloc_live() != live) {
		fprintf(stderr, "virtref trace: %lld objects leaked\n",
			(long long)(vr_alloc_live() - live));
		abort();
	}
	return 0;
}
