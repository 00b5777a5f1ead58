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

#ifdef __cplusplus
extern "C" {
#endif

/**
 * vr_fuzz_run() - applies a fuzz input to a fresh instance of a model
 * @m: the model
 * @data: the input
 * @len: its length
 * @why: where the reason of a finding goes, or NULL
 *
 * The bytes decode into a config and a sequence of ops whose arguments
 * are folded into their ranges; short input just ends the sequence.  Ops
 * the model rejects are skipped.  The invariants run after every op and
 * every named check at the end.  An input the run cannot set up (out of
 * memory, a config the model refuses) is skipped, not a finding.
 *
 * Return:
 * * 0 - no finding
 * * -VR_EINVARIANT - an invariant or a named check failed: a finding
 * * -EINVAL - @m cannot be fuzzed (no ops, or more than VR_RESULTS_MAX
 *   config fields)
 */
VR_API int vr_fuzz_run(const struct vr_model *m, const uint8_t *data, size_t len,
		       struct vr_text *why);

/* Bytes of a finding's signature at most, with its NUL. */
#define VR_FUZZ_SIGNATURE_MAX 256

/**
 * struct vr_fuzz_finding - what a finding failed, to tell one defect from another
 * @check: "invariants" (after an op) or the name of the named check that
 *	failed; NULL when the input is no finding
 * @signature: the first line of the reason with every number (decimal
 *	or 0x hex) replaced by N, as vr_fuzz_signature() makes it; empty
 *	when the input is no finding
 *
 * Two findings with the same check and signature are one defect hit by
 * two inputs: the harnesses count a known one and go on.
 */
struct vr_fuzz_finding {
	const char *check;
	char signature[VR_FUZZ_SIGNATURE_MAX];
};

/**
 * vr_fuzz_find() - vr_fuzz_run(), and what the finding failed
 * @m: the model
 * @data: the input
 * @len: its length
 * @why: where the reason of a finding is appended, or NULL
 * @f: set to the check and signature of the finding, or NULL
 *
 * Return: as vr_fuzz_run()
 */
VR_API int vr_fuzz_find(const struct vr_model *m, const uint8_t *data, size_t len,
			struct vr_text *why, struct vr_fuzz_finding *f);

/**
 * vr_fuzz_signature() - a reason's first line without its numbers
 * @why: the reason, as vr_fuzz_run() writes it
 * @buf: where the signature goes, always NUL-terminated
 * @size: the size of @buf; a longer signature is cut
 */
VR_API void vr_fuzz_signature(const char *why, char *buf, size_t size);

/**
 * vr_fuzz_decode() - a fuzz input as a trace: a readable reproducer
 * @m: the model
 * @data: the input
 * @len: its length
 * @out: set to the trace, or to NULL on failure
 *
 * The trace holds the config and the ops vr_fuzz_run() would apply, and a
 * `check:` step per named check; vr_record() fills in the results.
 *
 * Return:
 * * 0 - @out holds the trace, also when the input is a finding
 * * -EINVAL - @m cannot be fuzzed, as for vr_fuzz_run()
 * * -ENOMEM - out of memory
 */
VR_API int vr_fuzz_decode(const struct vr_model *m, const uint8_t *data, size_t len,
			  struct vr_trace **out);

/**
 * vr_fuzz_encode() - a trace as a fuzz input, the inverse of vr_fuzz_decode()
 * @t: the trace
 * @out: where the bytes are appended
 *
 * Encodes the config and the op steps; mem and check steps have no
 * encoding.  This is how golden traces become seed corpora.
 *
 * Return:
 * * 0 - @out holds the bytes
 * * -ENOMEM - out of memory
 */
VR_API int vr_fuzz_encode(const struct vr_trace *t, struct vr_text *out);

/**
 * vr_fuzz_prefix_load() - a trace's encoding, to put before every input
 * @m: the model the trace must be for
 * @path: the trace file
 * @out: where its vr_fuzz_encode() bytes are appended
 * @err: where a failure's message "file:line:col: message" is appended
 *
 * Put before every input, the bytes pin the config and start each run
 * from the state the trace's ops build: how a harness fuzzes one profile
 * only (VIRTREF_FUZZ_PREFIX), and how `virtref fuzz-to-trace --prefix`
 * decodes what such a harness found.
 *
 * Return:
 * * 0 - @out holds the prefix
 * * -VR_ETRACE - the trace cannot be loaded, or is for another model
 * * -VR_ENOMODEL - the trace names a model that is not registered
 * * -ENOMEM - out of memory
 */
VR_API int vr_fuzz_prefix_load(const struct vr_model *m, const char *path, struct vr_text *out,
			       struct vr_text *err);

#ifdef __cplusplus
}
#endif

#endif
