/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Fuzz inputs: bytes decoded into a config and a sequence of ops. */
#ifndef VIRTREF_FUZZ_H
#define VIRTREF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <virtref/api.h>
#include <virtref/model.h>
#include <virtref/text.h>
#include <virtref/trace.h>

/*
 * Fuzzing.  Bytes decode into a config and a sequence of ops whose
 * arguments are folded into their ranges; short input just ends the
 * sequence.  vr_fuzz_run() applies them, checking invariants after every
 * op and every named check at the end: 0, or -VR_EINVARIANT with the
 * reason in @why (which may be NULL).  vr_fuzz_decode() turns the same bytes into a trace for
 * vr_record(): a readable reproducer.
 */
VR_API int vr_fuzz_run(const struct vr_model *m, const uint8_t *data, size_t len,
		       struct vr_text *why);
VR_API int vr_fuzz_decode(const struct vr_model *m, const uint8_t *data, size_t len,
			  struct vr_trace **out);
/*
 * The inverse of vr_fuzz_decode() for the trace's config and op steps
 * (mem and check steps have no encoding): the bytes go to @out.  This is
 * how golden traces become seed corpora.  Returns 0 or -ENOMEM.
 */
VR_API int vr_fuzz_encode(const struct vr_trace *t, struct vr_text *out);
/*
 * Loads the trace at @path, which must be for @m, and appends its
 * vr_fuzz_encode() bytes to @out.  Put before every input, they pin the
 * config and start each run from the state the trace's ops build: how a
 * harness fuzzes one profile only (VIRTREF_FUZZ_PREFIX), and how
 * `virtref fuzz-to-trace --prefix` decodes what such a harness found.
 * Returns 0, -VR_ETRACE or -ENOMEM, with `file:line:col: message` in @err.
 */
VR_API int vr_fuzz_prefix_load(const struct vr_model *m, const char *path,
			       struct vr_text *out, struct vr_text *err);

#endif
