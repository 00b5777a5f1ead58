/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Traces (format version 1): parsing, loading and building by program.
 * Running them is <virtref/replay.h>; fuzz inputs are <virtref/fuzz.h>.
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

#ifdef __cplusplus
extern "C" {
#endif

struct vr_trace;

/* Largest trace file accepted. */
#define VR_TRACE_MAX_BYTES (256u << 20)

/**
 * vr_trace_parse() - parses and checks a trace held in memory
 * @file: names the trace in messages
 * @buf: the YAML text
 * @len: its length in bytes, at most VR_TRACE_MAX_BYTES
 * @out: set to the trace, or to NULL on failure
 * @err: where a failure's message "file:line:col: message" is appended
 *
 * Every key is checked against the model's op table before anything runs.
 *
 * Return:
 * * 0 - @out holds the trace; free it with vr_trace_free()
 * * -VR_ETRACE - not valid YAML, or against the trace schema
 * * -VR_ENOMODEL - the trace names a model that is not registered
 * * -ENOMEM - out of memory
 */
VR_API int vr_trace_parse(const char *file, const void *buf, size_t len, struct vr_trace **out,
			  struct vr_text *err);

/**
 * vr_trace_load() - reads, parses and checks a trace file
 * @path: the file, or "-" for standard input; it names the trace in
 *        messages ("<stdin>" for "-")
 * @out: set to the trace, or to NULL on failure
 * @err: where a failure's message "file:line:col: message" is appended
 *
 * Anything that reads to an end is a trace file: a regular file, a pipe,
 * /dev/stdin.  One that cannot be read (missing, a directory) is
 * "file:0:0: cannot read: <strerror>".
 *
 * Return:
 * * 0 - @out holds the trace; free it with vr_trace_free()
 * * -VR_ETRACE - unreadable, larger than VR_TRACE_MAX_BYTES, not valid
 *   YAML, or against the trace schema
 * * -VR_ENOMODEL - the trace names a model that is not registered
 * * -ENOMEM - out of memory
 */
VR_API int vr_trace_load(const char *path, struct vr_trace **out, struct vr_text *err);

/**
 * vr_trace_set_config() - overrides one config key of a parsed trace
 * @t: the trace
 * @assignment: "KEY=VALUE", the value spelled as in the trace's config
 *              (`profile=5.3`, `vcpus=2`)
 * @err: where a failure's message is appended
 *
 * For comparing profiles on one trace without editing it: the steps stay
 * as written, and the value is checked like the trace's own config.
 *
 * Return:
 * * 0 - the key now has the value
 * * -VR_ETRACE - no '=', no such key, or a value the key does not take
 *   (@t is unchanged)
 * * -ENOMEM - out of memory (@t is unchanged)
 */
VR_API int vr_trace_set_config(struct vr_trace *t, const char *assignment, struct vr_text *err);

/**
 * vr_trace_free() - frees a trace and everything it holds
 * @t: the trace, or NULL (then nothing happens)
 */
VR_API void vr_trace_free(struct vr_trace *t);

/**
 * vr_trace_model() - the model a trace is for
 * @t: the trace
 *
 * Return: the registered model.
 */
VR_API const struct vr_model *vr_trace_model(const struct vr_trace *t);

/**
 * vr_trace_name() - the `name:` of a trace
 * @t: the trace
 *
 * Return: the name, valid as long as @t; "" when the trace has none.
 */
VR_API const char *vr_trace_name(const struct vr_trace *t);

/**
 * vr_trace_nsteps() - the number of steps of a trace
 * @t: the trace
 *
 * Return: how many steps (op, check and mem) @t holds.
 */
VR_API size_t vr_trace_nsteps(const struct vr_trace *t);

/**
 * vr_trace_new() - an empty trace, to build by program
 * @m: the model
 * @name: the trace's `name:`, or NULL for none
 * @config: @m->nconfig values (copied, lists included), or NULL for the
 *	model's defaults
 * @out: set to the trace, or to NULL on failure
 *
 * Steps are then appended with vr_trace_add_op(), vr_trace_add_check()
 * and vr_trace_add_mem().
 *
 * Return:
 * * 0 - @out holds the trace; free it with vr_trace_free()
 * * -ENOMEM - out of memory
 */
VR_API int vr_trace_new(const struct vr_model *m, const char *name, const struct vr_value *config,
			struct vr_trace **out);

/**
 * vr_trace_add_op() - appends an `op:` step
 * @t: the trace
 * @op: index of the op in the model's op table
 * @args: the op's nargs values, copied (lists included)
 *
 * The step expects nothing; vr_record() fills in what the model produces.
 *
 * Return:
 * * 0 - the step is the trace's last
 * * -EINVAL - no such op, or an argument out of its field's range (a
 *   list too long, or NULL with a length); the trace is unchanged
 * * -ENOMEM - out of memory; the trace holds the same steps as before
 */
VR_API int vr_trace_add_op(struct vr_trace *t, uint32_t op, const struct vr_value *args);

/**
 * vr_trace_add_check() - appends a `check:` step
 * @t: the trace
 * @name: "invariants" or one of the model's named checks
 *
 * Return:
 * * 0 - the step is the trace's last
 * * -ENOENT - the model has no check of that name; the trace is unchanged
 * * -ENOMEM - out of memory; the trace is unchanged
 */
VR_API int vr_trace_add_check(struct vr_trace *t, const char *name);

/**
 * vr_trace_add_mem() - appends a `mem:` step
 * @t: the trace
 * @space: one of the model's memory spaces
 * @addr: address of the first element
 * @format: "u8", "be16", "be32", "be64", "le16", "le32" or "le64"
 * @elems: the @n elements, copied
 * @n: at most VR_LIST_MAX; 0 makes a step that writes nothing
 *
 * Return:
 * * 0 - the step is the trace's last
 * * -EINVAL - no such space or format, an element too wide for the
 *   format, more than VR_LIST_MAX elements, @elems NULL with @n > 0, or a
 *   range that wraps past the top of memory; the trace is unchanged
 * * -ENOMEM - out of memory; the trace holds the same steps as before
 */
VR_API int vr_trace_add_mem(struct vr_trace *t, const char *space, uint64_t addr,
			    const char *format, const uint64_t *elems, uint32_t n);

#ifdef __cplusplus
}
#endif

#endif
