/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/context.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include <virtref/warn.h>
#include "core/registry.h"
#include "core/instance_impl.h"

int vr_instance_create(const struct vr_model *m, const struct vr_value *config,
		       struct vr_instance **out)
{
	struct vr_instance *in = vr_malloc(sizeof(*in));
	struct vr_context_frame f;
	int ret;

	*out = NULL;
	if (!in)
		return -ENOMEM;
	in->model = m;
	in->state = NULL;
	in->call.op = NULL;
	in->call.produced = 0;
	in->call.reason[0] = '\0';
	vr_warn_reset();
	vr_context_push(&f, in, NULL);
	ret = m->create(config, &in->state);
	vr_context_pop(&f);
	if (ret) {
		vr_free(in);
		return ret;
	}
	*out = in;
	return 0;
}

void vr_instance_destroy(struct vr_instance *in)
{
	struct vr_context_frame f;

	if (!in)
		return;
	vr_context_push(&f, in, NULL);
	in->model->destroy(in->state);
	vr_context_pop(&f);
	vr_free(in);
}

const char *vr_instance_reason(const struct vr_instance *in)
{
	return in->call.reason;
}

const struct vr_model *vr_instance_model(const struct vr_instance *in)
{
	return in->model;
}

void *vr_instance_state(struct vr_instance *in)
{
	return in->state;
}

int vr_instance_apply(struct vr_instance *in, uint32_t op, const struct vr_value *args,
		      struct vr_text *explain)
{
	struct vr_call *c = &in->call;
	struct vr_context_frame f;
	int ret;

	c->produced = 0;
	c->reason[0] = '\0';
	if (op >= in->model->nops) {
		c->op = NULL;
		return -EINVAL;
	}
	c->op = &in->model->ops[op];
	c->args = args;
	c->res = in->res;
	c->pool = in->pool;
	c->pool_cap = VR_LIST_MAX;
	c->pool_used = 0;
	c->explain = explain;
	/* Kernel code narrates through the context (tracepoints), ops through @c. */
	vr_context_push(&f, in, explain);
	ret = c->op->apply(in->state, c);
	vr_context_pop(&f);
	return ret;
}

const struct vr_value *vr_instance_result(const struct vr_instance *in, uint32_t i)
{
	const struct vr_call *c = &in->call;

	if (!c->op || i >= c->op->nresults || i >= VR_RESULTS_MAX || !(c->produced & (1ULL << i)))
		return NULL;
	return &in->res[i];
}

int vr_instance_invariants(struct vr_instance *in, struct vr_text *why)
{
	struct vr_context_frame f;
	int bad;

	vr_context_push(&f, in, NULL);
	bad = in->model->invariants ? in->model->invariants(in->state, why) : 0;
	vr_context_pop(&f);
	if (vr_warn_count()) {
		vr_text_printf(why, "%s\n", vr_warn_first());
		bad = 1;
	}
	return bad ? -VR_EINVARIANT : 0;
}

int vri_instance_check_at(struct vr_instance *in, uint32_t idx, struct vr_text *why)
{
	struct vr_context_frame f;
	int bad;

	if (idx == 0)
		return vr_instance_invariants(in, why);
	vr_context_push(&f, in, NULL);
	bad = in->model->checks[idx - 1].run(in->state, why);
	vr_context_pop(&f);
	return bad ? -VR_EINVARIANT : 0;
}

int vri_instance_check_step(struct vr_instance *in, uint32_t idx, struct vr_text *why)
{
	if (idx && vri_instance_check_at(in, idx, why))
		return -VR_EINVARIANT;
	return vr_instance_invariants(in, why);
}

int vr_instance_check(struct vr_instance *in, const char *name, struct vr_text *why)
{
	int idx = vri_check_find(in->model, name);

	return idx < 0 ? -ENOENT : vri_instance_check_step(in, (uint32_t)idx, why);
}

void vr_instance_dump(struct vr_instance *in, struct vr_text *out)
{
	if (in->model->dump)
		in->model->dump(in->state, out);
}

int vr_instance_dot(struct vr_instance *in, struct vr_text *out)
{
	if (!in->model->dot)
		return -EOPNOTSUPP;
	in->model->dot(in->state, out);
	return out->oom ? -ENOMEM : 0;
}

struct vr_mem *vr_instance_mem(struct vr_instance *in, const char *space)
{
	uint32_t i;

	for (i = 0; in->model->mem && i < in->model->nmem_spaces; i++)
		if (!strcmp(in->model->mem_spaces[i], space))
			return in->model->mem(in->state, i);
	return NULL;
}
