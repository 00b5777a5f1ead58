/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include <virtref/warn.h>
#include "core/session.h"

int vr_session_create(const struct vr_model *m, const struct vr_value *config,
		      struct vr_session **out)
{
	struct vr_session *s = vr_malloc(sizeof(*s));
	int ret;

	*out = NULL;
	if (!s)
		return -ENOMEM;
	s->model = m;
	s->inst = NULL;
	vr_warn_reset();
	ret = m->create(config, &s->inst);
	if (ret) {
		vr_free(s);
		return ret;
	}
	*out = s;
	return 0;
}

void vr_session_destroy(struct vr_session *s)
{
	if (!s)
		return;
	s->model->destroy(s->inst);
	vr_free(s);
}

int vr_session_apply(struct vr_session *s, uint32_t op, const struct vr_value *args,
		     struct vr_text *explain)
{
	struct vr_call *c = &s->call;

	c->op = &s->model->ops[op];
	c->args = args;
	c->res = s->res;
	c->produced = 0;
	c->pool = s->pool;
	c->pool_cap = VR_LIST_MAX;
	c->pool_used = 0;
	c->explain = explain;
	return c->op->apply(s->inst, c);
}

int vr_session_invariants(struct vr_session *s, struct vr_text *why)
{
	int bad = s->model->invariants ? s->model->invariants(s->inst, why) : 0;

	if (vr_warn_count()) {
		vr_text_printf(why, "%s\n", vr_warn_first());
		bad = 1;
	}
	return bad ? -VR_EINVARIANT : 0;
}

int vr_session_check(struct vr_session *s, uint32_t idx, struct vr_text *why)
{
	if (idx == 0)
		return vr_session_invariants(s, why);
	return s->model->checks[idx - 1].run(s->inst, why) ? -VR_EINVARIANT : 0;
}
