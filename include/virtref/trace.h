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

/*
 * Appends a `check:` step: @name is "invariants" or one of the model's
 * named checks.  Returns 0, -ENOENT (no such check) or -ENOMEM.
 */
VR_API int vr_trace_add_check(struct vr_trace *t, const char *name);

/*
 * Appends a `mem:` step writing @n elements of @format ("u8", "be16",
 * "be32", "be64", "le16", "le32" or "le64") at @addr of memory space
 * @space.  Returns 0, -EINVAL (no such space or format, an element too
 * wide for the format, more than VR_LIST_MAX elements, or a range that
 * wraps past the top of memory) or -ENOMEM.
 */
VR_API int vr_trace_add_mem(struct vr_trace *t, const char *space, uint64_t addr,
			    const char *format, const uint64_t *elems, uint32_t n);

#endif
