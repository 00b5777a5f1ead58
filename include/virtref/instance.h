/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A model instance behind its op table: what replay, record and the fuzz
 * driver apply steps to, and how a test or a consumer reaches a model's
 * invariants, named checks, dump, picture and memory without knowing the
 * model's own types.
 *
 *	struct vr_instance *in;
 *	struct vr_value cfg[8];
 *
 *	vr_config_defaults(m, cfg);
 *	if (!vr_instance_create(m, cfg, &in)) {
 *		vr_instance_apply(in, vr_op_find(m, "set_reg"), args, NULL);
 *		if (vr_instance_invariants(in, &why))
 *			...
 *		vr_instance_destroy(in);
 *	}
 *
 * A model's own API (vr_<model>_*) works on the object
 * vr_instance_state() returns.
 */
#ifndef VIRTREF_INSTANCE_H
#define VIRTREF_INSTANCE_H

#include <stdbool.h>
#include <stdint.h>
#include <virtref/api.h>
#include <virtref/model.h>
#include <virtref/text.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vr_instance;
struct vr_mem;

/**
 * vr_instance_create() - a fresh instance of model @m
 * @m: the model
 * @config: m->nconfig values, each within its field's range
 *	(vr_config_defaults() fills them)
 * @out: set to the instance, or to NULL on failure
 *
 * Clears the thread's WARN_ON() record, so that vr_instance_invariants()
 * reports only what this instance triggered.
 *
 * Return:
 * * 0 - @out holds the instance
 * * -ENOMEM - out of memory
 * * -EINVAL - a config value the model refuses (inconsistent fields)
 */
VR_API int vr_instance_create(const struct vr_model *m, const struct vr_value *config,
			      struct vr_instance **out);

/**
 * vr_instance_destroy() - frees @in and everything the model holds
 * @in: an instance, or NULL (then nothing happens)
 */
VR_API void vr_instance_destroy(struct vr_instance *in);

/**
 * vr_instance_model() - the model @in is an instance of
 * @in: the instance
 *
 * Return: the model, never NULL.
 */
VR_API const struct vr_model *vr_instance_model(const struct vr_instance *in);

/**
 * vr_instance_state() - the model's own object behind @in
 * @in: the instance
 *
 * Return: what the model's create() made (a struct vr_arm for arm, ...),
 * for its vr_<model>_* functions; owned by @in.
 */
VR_API void *vr_instance_state(struct vr_instance *in);

/**
 * vr_instance_apply() - applies one op
 * @in: the instance
 * @op: index into the model's op table
 * @args: the op's nargs values, each within its field's range
 * @explain: narration sink, or NULL for none
 *
 * Only checks that @op exists: range-checking @args is the caller's
 * (replay and the fuzz driver do it before they get here).
 *
 * Return:
 * * 0 - the step was carried out; its results are read with
 *   vr_instance_result()
 * * -EINVAL - no op @op, or the model cannot apply the step to this state
 * * -E2BIG - list results overflow the per-step pool
 * * -ENOMEM - the model ran out of memory
 * * any other negative errno the model's apply() gives for "rejected"
 */
VR_API int vr_instance_apply(struct vr_instance *in, uint32_t op, const struct vr_value *args,
			     struct vr_text *explain);

/**
 * vr_instance_reason() - why the last vr_instance_apply() was refused
 * @in: the instance
 *
 * Return: the model's reason (vr_reject()), or "" when the model gave
 * none or the step was carried out.
 */
VR_API const char *vr_instance_reason(const struct vr_instance *in);

/**
 * vr_instance_result() - one result of the last vr_instance_apply()
 * @in: the instance
 * @i: index into the op's result table
 *
 * Return: the value, valid until the next step; NULL when the last op
 * did not produce result @i (or has no such result).
 */
VR_API const struct vr_value *vr_instance_result(const struct vr_instance *in, uint32_t i);

/**
 * vr_instance_invariants() - checks every safety property of the state
 * @in: the instance
 * @why: one line per violation is appended here
 *
 * Also reports the first WARN_ON() that fired since vr_instance_create().
 *
 * Return:
 * * 0 - they hold
 * * -VR_EINVARIANT - at least one does not
 */
VR_API int vr_instance_invariants(struct vr_instance *in, struct vr_text *why);

/**
 * vr_instance_check() - runs a named check, as a trace's `check:` step does
 * @in: the instance
 * @name: "invariants", or the name of one of the model's checks
 * @why: one line per problem is appended here
 *
 * A named check other than invariants is followed by the invariants.
 *
 * Return:
 * * 0 - the check holds
 * * -VR_EINVARIANT - it does not
 * * -ENOENT - the model has no check of that name
 */
VR_API int vr_instance_check(struct vr_instance *in, const char *name, struct vr_text *why);

/**
 * vr_instance_dump() - appends a readable dump of the whole state
 * @in: the instance
 * @out: where the dump goes
 *
 * Models without a dump append nothing.
 */
VR_API void vr_instance_dump(struct vr_instance *in, struct vr_text *out);

/**
 * vr_instance_dot() - appends a Graphviz digraph of the state
 * @in: the instance
 * @out: where the drawing goes
 *
 * Return:
 * * 0 - drawn
 * * -EOPNOTSUPP - the model cannot draw
 * * -ENOMEM - @out ran out of memory
 */
VR_API int vr_instance_dot(struct vr_instance *in, struct vr_text *out);

/**
 * vr_instance_mem() - one of the memory spaces a trace's `mem:` steps write
 * @in: the instance
 * @space: the space's name ("guest", "host", ...)
 *
 * Return: the memory, owned by @in; NULL when the model has no such space.
 */
VR_API struct vr_mem *vr_instance_mem(struct vr_instance *in, const char *space);

#ifdef __cplusplus
}
#endif

#endif
