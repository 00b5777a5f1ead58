/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Traces (format version 1), replay, record and the fuzz decoder.
 *
 *   virtref: 1
 *   model: arm
 *   name: wa1-downgrade
 *   config: { profile: "5.3", wa1_host: mitigated }
 *   steps:
 *     - op: set_reg
 *       args: { vcpu: 0, id: 0x6030000000140001, value: 2 }
 *       expect: { ret: -EINVAL }
 *     - check: invariants
 *     - mem: { space: guest, addr: 0x1000, be64: [0x0240000000002000] }
 *
 * Integers are decimal or 0x hex; errno results may be written -EINVAL.
 * Every key is checked against the op table before anything runs: a trace
 * with a YAML or schema error is rejected as "file:line:col: message".
 * Anchors, aliases, tags, duplicate keys and nesting deeper than the
 * schema are errors.  `expect` names results of the op; a key the model
 * did not produce is a divergence.  Invariants run after every step.
 */
#ifndef VIRTREF_TRACE_H
#define VIRTREF_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <virtref/api.h>
#include <virtref/model.h>
#include <virtref/text.h>

struct vr_trace;

/* Largest trace file accepted. */
#define VR_TRACE_MAX_BYTES (256u << 20)

/*
 * Parses and checks a trace held in memory; @file names it in messages.
 * Returns 0, -VR_ETRACE (message "file:line:col: ..." appended to @err),
 * -VR_ENOMODEL (same form) or -ENOMEM.
 */
VR_API int vr_trace_parse(const char *file, const void *buf, size_t len,
			  struct vr_trace **out, struct vr_text *err);
/* Same for a file; an unreadable file is "file:0:0: <strerror>". */
VR_API int vr_trace_load(const char *path, struct vr_trace **out, struct vr_text *err);
VR_API void vr_trace_free(struct vr_trace *t);

VR_API const struct vr_model *vr_trace_model(const struct vr_trace *t);
VR_API const char *vr_trace_name(const struct vr_trace *t);
VR_API size_t vr_trace_nsteps(const struct vr_trace *t);

/* Builds a trace by program: an empty one, then ops appended. */
VR_API int vr_trace_new(const struct vr_model *m, const char *name,
			const struct vr_value *config, struct vr_trace **out);
/*
 * Copies @args (nargs values, lists included).  Returns 0, -EINVAL (no
 * such op, or an argument out of its range) or -ENOMEM.
 */
VR_API int vr_trace_add_op(struct vr_trace *t, uint32_t op, const struct vr_value *args);

enum vr_replay_flags {
	VR_REPLAY_EXPLAIN = 1u << 0,	/* narrate every step into @out */
	VR_REPLAY_QUIET = 1u << 1,	/* no per-trace summary line */
};

struct vr_replay_stats {
	size_t steps;		/* steps in the trace */
	size_t applied;		/* steps carried out */
	size_t matched;		/* steps whose expectations all held */
	size_t failed_step;	/* index of the failing step, or SIZE_MAX */
	size_t report_at;	/* offset in @out where the failure report starts */
};

/*
 * Runs the trace against a fresh model instance, stopping at the first
 * step whose results differ from `expect`, that the model rejects, or
 * after which an invariant fails.  The report (step index, op, trace
 * file:line, expected against observed for every differing key, the
 * model state) and any narration go to @out.
 * Returns 0, -VR_EDIVERGED, -VR_EREJECTED, -VR_EINVARIANT or -ENOMEM (also
 * when the model runs out of memory applying a step).
 */
VR_API int vr_replay(const struct vr_trace *t, unsigned flags, struct vr_text *out,
		     struct vr_replay_stats *stats);

/*
 * Replays the trace like vr_replay() and then appends the model's
 * Graphviz drawing of the final state to @out.  On failure @out holds the
 * replay report instead.  Returns vr_replay()'s codes, or -EOPNOTSUPP
 * when the model cannot draw.
 */
VR_API int vr_dot(const struct vr_trace *t, struct vr_text *out);

/*
 * Runs the trace and writes it to @out as a new trace whose `expect`
 * holds every result the model produced.  Returns what vr_replay()
 * would, except that differing results are not an error; @out holds the
 * steps up to a failure.
 */
VR_API int vr_record(const struct vr_trace *t, struct vr_text *out);

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
