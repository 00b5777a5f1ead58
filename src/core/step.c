/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
#include <stdio.h>
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include <virtref/mem.h>
#include "core/step.h"

/* The results of a step named with `as:`, kept for the steps after it. */
struct saved_results {
	bool ran;
	uint64_t produced;
	struct vr_value res[VR_RESULTS_MAX];
};

/* Whether @v fits field @f, for a value that only a run could give. */
static bool in_range(const struct vr_field *f, const struct vr_value *v)
{
	switch (f->type) {
	case VR_T_S64:
		return (int64_t)v->u >= (int64_t)f->min && (int64_t)v->u <= (int64_t)f->max;
	case VR_T_ERRNO:
		return true;
	case VR_T_BOOL:
		return v->u <= 1;
	default:
		return v->u >= f->min && v->u <= f->max;
	}
}

/*
 * Gives @out the values @n fields of @st hold, with each `$name.key`
 * replaced by what step `name` produced.  On failure says why in @in's
 * reason, as a model refusing the step would.
 */
static int resolve(struct vr_instance *in, const struct vr_trace *t, const struct vr_field *f,
		   uint32_t n, const struct vr_value *written, const struct value_span *at,
		   const struct saved_results *saved, bool check_range, struct vr_value *out)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		const struct trace_step *src;
		const struct saved_results *r;

		out[i] = written[i];
		if (!at || !at[i].ref)
			continue;
		src = &t->steps[at[i].ref - 1];
		r = &saved[src->as_slot];
		if (!r->ran || !(r->produced & (1ULL << at[i].ref_result))) {
			snprintf(in->call.reason, sizeof(in->call.reason),
				 "%s: $%s.%s: step %u produced no such result", f[i].name, src->as,
				 t->model->ops[src->index].results[at[i].ref_result].name,
				 at[i].ref);
			return -EINVAL;
		}
		out[i] = r->res[at[i].ref_result];
		if (check_range && !in_range(&f[i], &out[i])) {
			snprintf(in->call.reason, sizeof(in->call.reason),
				 "%s: $%s.%s is %llu, outside the argument's range", f[i].name,
				 src->as, t->model->ops[src->index].results[at[i].ref_result].name,
				 (unsigned long long)out[i].u);
			return -ERANGE;
		}
	}
	return 0;
}

/* A `mem:` step: backs the range if it is not, then writes each element. */
static int run_mem_step(struct vr_instance *in, const struct trace_step *st)
{
	const struct vr_model *m = in->model;
	struct vr_mem *mem = m->mem(in->state, st->space);
	unsigned w = st->fmt->width;
	uint64_t len = (uint64_t)st->nelems * w;
	uint8_t buf[8];
	uint32_t i;
	unsigned b;
	int ret;

	if (!mem)
		return -ENODEV;
	if (!len)
		return 0;
	if (!vr_mem_backed(mem, st->addr, len)) {
		ret = vr_mem_add(mem, st->addr, len);
		if (ret)
			return ret;
	}
	for (i = 0; i < st->nelems; i++) {
		for (b = 0; b < w; b++)
			buf[st->fmt->big ? w - 1 - b : b] = (uint8_t)(st->elems[i] >> (8 * b));
		ret = vr_mem_write(mem, st->addr + (uint64_t)i * w, buf, w);
		if (ret)
			return ret;
	}
	return 0;
}

int vri_step_run(struct vr_instance *in, const struct trace_step *st, struct vr_text *explain,
		 struct vr_text *why, bool *rejected)
{
	int ret = 0;

	*rejected = false;
	in->call.produced = 0;
	switch (st->kind) {
	case STEP_OP:
		ret = vr_instance_apply(in, st->index, st->args, explain);
		break;
	case STEP_MEM:
		ret = run_mem_step(in, st);
		break;
	case STEP_CHECK:
		return vri_instance_check_step(in, st->index, why);
	}
	if (ret) {
		*rejected = true;
		return ret;
	}
	return vr_instance_invariants(in, why);
}

int vri_steps_run(const struct vr_trace *t, struct vr_instance *in, struct vr_text *explain,
		  struct vr_text *why, vri_step_visit visit, void *ctx)
{
	struct vr_value args[VR_RESULTS_MAX], expect[VR_RESULTS_MAX];
	struct saved_results *saved = NULL;
	struct vri_step_outcome o;
	struct trace_step copy;
	int ret = 0;

	if (t->nnamed) {
		saved = vr_calloc(t->nnamed, sizeof(*saved));
		if (!saved)
			return -ENOMEM;
	}
	for (o.index = 0; o.index < t->nsteps; o.index++) {
		const struct trace_step *st = &t->steps[o.index];

		o.step = st;
		if (st->has_refs) {
			const struct vr_op *op = &t->model->ops[st->index];

			/* The step as it runs: references replaced by the values they name. */
			copy = *st;
			copy.args = args;
			copy.expect = expect;
			o.step = &copy;
			in->call.produced = 0;
			o.ret = resolve(in, t, op->args, op->nargs, st->args, st->args_at, saved,
					true, args);
			if (!o.ret)
				o.ret = resolve(in, t, op->results, op->nresults, st->expect,
						st->expect_at, saved, false, expect);
			o.rejected = o.ret != 0;
		}
		if (!st->has_refs || !o.rejected)
			o.ret = vri_step_run(in, o.step, explain, why, &o.rejected);
		if (st->as && !o.rejected) {
			struct saved_results *r = &saved[st->as_slot];

			r->ran = true;
			r->produced = in->call.produced;
			memcpy(r->res, in->call.res, sizeof(r->res));
		}
		ret = visit(ctx, in, &o);
		if (ret)
			break;
	}
	vr_free(saved);
	return ret;
}
