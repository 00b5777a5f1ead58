/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include <virtref/mem.h>
#include "core/step.h"

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
	struct vri_step_outcome o;
	int ret;

	for (o.index = 0; o.index < t->nsteps; o.index++) {
		o.step = &t->steps[o.index];
		o.ret = vri_step_run(in, o.step, explain, why, &o.rejected);
		ret = visit(ctx, in, &o);
		if (ret)
			return ret;
	}
	return 0;
}
