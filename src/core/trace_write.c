/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Writing values and traces in the trace format, and vr_record(). */
#include <ctype.h>
#include <string.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include <virtref/replay.h>
#include "core/step.h"

void vri_trace_format_string(struct vr_text *out, const char *s)
{
	vr_text_puts(out, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			vr_text_printf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			vr_text_printf(out, "\\x%02x", c);
		else
			vr_text_put(out, s, 1);
	}
	vr_text_puts(out, "\"");
}

/* Names made of letters, digits, '_' and '-' need no quotes. */
static void format_name(struct vr_text *out, const char *s)
{
	const char *c;

	for (c = s; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-')
			break;
	if (*c || !*s || isdigit((unsigned char)*s) || *s == '-' || !strcmp(s, "true") ||
	    !strcmp(s, "false") || !strcmp(s, "null"))
		vri_trace_format_string(out, s);
	else
		vr_text_put(out, s, strlen(s));
}

static void format_u64(struct vr_text *out, bool hex, uint64_t v)
{
	if (hex || v >= 4096)
		vr_text_printf(out, "0x%llx", (unsigned long long)v);
	else
		vr_text_printf(out, "%llu", (unsigned long long)v);
}

void vri_trace_format_value(struct vr_text *out, const struct vr_field *f, const struct vr_value *v)
{
	int64_t s = (int64_t)v->u;
	uint32_t i;

	switch (f->type) {
	case VR_T_U64:
		format_u64(out, f->hex, v->u);
		return;
	case VR_T_S64:
		vr_text_printf(out, "%lld", (long long)s);
		return;
	case VR_T_BOOL:
		vr_text_printf(out, "%s", v->u ? "true" : "false");
		return;
	case VR_T_ENUM:
		if (v->u <= f->max)
			format_name(out, vr_field_enum_name(f, v->u));
		else
			vr_text_printf(out, "%llu", (unsigned long long)v->u);
		return;
	case VR_T_ERRNO:
		if (s < 0 && s >= -4095 && vr_errno_name((int)s))
			vr_text_printf(out, "-%s", vr_errno_name((int)s));
		else
			vr_text_printf(out, "%lld", (long long)s);
		return;
	case VR_T_LIST:
		vr_text_puts(out, "[");
		for (i = 0; i < v->len; i++) {
			if (i)
				vr_text_puts(out, ", ");
			format_u64(out, f->hex, v->list[i]);
		}
		vr_text_puts(out, "]");
		return;
	}
}

void vri_trace_format_map(struct vr_text *out, const struct vr_field *f, uint32_t n,
			  const struct vr_value *v, uint64_t mask)
{
	bool first = true;
	uint32_t i;

	vr_text_puts(out, "{");
	for (i = 0; i < n; i++) {
		if (!(mask & (1ULL << i)))
			continue;
		vr_text_printf(out, "%s%s: ", first ? " " : ", ", f[i].name);
		vri_trace_format_value(out, &f[i], &v[i]);
		first = false;
	}
	vr_text_puts(out, first ? "}" : " }");
}

static uint64_t all_fields(uint32_t n)
{
	return n >= 64 ? UINT64_MAX : (1ULL << n) - 1;
}

uint64_t vri_trace_args_to_show(const struct vr_op *op, const struct vr_value *args)
{
	uint64_t mask = 0;
	uint32_t i;

	for (i = 0; i < op->nargs && i < 64; i++)
		if (!op->args[i].optional || op->args[i].type == VR_T_LIST ||
		    args[i].u != op->args[i].def)
			mask |= 1ULL << i;
	return mask;
}

void vri_trace_format_step_head(struct vr_text *out, const struct vr_trace *t,
				const struct trace_step *s)
{
	const struct vr_model *m = t->model;
	uint32_t i;

	switch (s->kind) {
	case STEP_OP:
		vr_text_printf(out, "op: %s", m->ops[s->index].name);
		if (vri_trace_args_to_show(&m->ops[s->index], s->args)) {
			vr_text_puts(out, "\n    args: ");
			vri_trace_format_map(out, m->ops[s->index].args, m->ops[s->index].nargs,
					     s->args,
					     vri_trace_args_to_show(&m->ops[s->index], s->args));
		}
		return;
	case STEP_CHECK:
		vr_text_printf(out, "check: %s",
			       s->index ? m->checks[s->index - 1].name : "invariants");
		return;
	case STEP_MEM:
		vr_text_printf(out, "mem: { space: ");
		format_name(out, m->mem_spaces[s->space]);
		vr_text_printf(out, ", addr: 0x%llx, %s: [", (unsigned long long)s->addr,
			       s->fmt->key);
		for (i = 0; i < s->nelems; i++)
			vr_text_printf(out, "%s0x%llx", i ? ", " : "",
				       (unsigned long long)s->elems[i]);
		vr_text_puts(out, "] }");
		return;
	}
}

static void record_header(struct vr_text *out, const struct vr_trace *t)
{
	const struct vr_model *m = t->model;

	vr_text_printf(out,
		       "# SPDX-License-Identifier: GPL-2.0-only OR MIT\n"
		       "virtref: 1\nmodel: %s\nname: ",
		       m->name);
	vri_trace_format_string(out, t->name);
	vr_text_puts(out, "\n");
	if (t->description) {
		vr_text_puts(out, "description: ");
		vri_trace_format_string(out, t->description);
		vr_text_puts(out, "\n");
	}
	if (m->nconfig) {
		vr_text_puts(out, "config: ");
		vri_trace_format_map(out, m->config, m->nconfig, t->config, all_fields(m->nconfig));
		vr_text_puts(out, "\n");
	}
	vr_text_puts(out, "steps:\n");
}

void vri_trace_prefix_lines(struct vr_text *out, const char *prefix, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		vr_text_puts(out, prefix);
		vr_text_put(out, text, n);
		vr_text_puts(out, "\n");
		text += n + (nl != NULL);
	}
}

/* Writes "# what:" and then @why as comment lines. */
static void record_comment(struct vr_text *out, const char *what, const char *why)
{
	vr_text_printf(out, "  # %s:\n", what);
	vri_trace_prefix_lines(out, "  #   ", why);
}

struct record_run {
	const struct vr_trace *t;
	struct vr_text *out;
	struct vr_text *why;
};

/* Writes each step back with what the model produced as its `expect`. */
static int record_visit(void *ctx, struct vr_instance *in, const struct vri_step_outcome *o)
{
	const struct record_run *r = ctx;
	const struct vr_trace *t = r->t;
	const struct trace_step *s = o->step;
	struct vr_text *out = r->out;

	vr_text_puts(out, "  - ");
	if (s->note) {
		vr_text_puts(out, "note: ");
		vri_trace_format_string(out, s->note);
		vr_text_puts(out, "\n    ");
	}
	vri_trace_format_step_head(out, t, s);
	vr_text_puts(out, "\n");
	if (s->kind == STEP_OP && !o->rejected && in->call.produced) {
		const struct vr_op *op = &t->model->ops[s->index];

		vr_text_puts(out, "    expect: ");
		vri_trace_format_map(out, op->results, op->nresults, in->call.res,
				     in->call.produced);
		vr_text_puts(out, "\n");
	}
	if (o->rejected) {
		record_comment(out, "the model rejected this step", vr_strerror(o->ret));
		return -VR_EREJECTED;
	}
	if (o->ret)
		record_comment(out, "an invariant failed after this step", vr_text_str(r->why));
	return o->ret;
}

int vr_record(const struct vr_trace *t, struct vr_text *out)
{
	struct vr_text why = VR_TEXT_INIT;
	struct vr_instance *in;
	struct record_run run = { t, out, &why };
	int ret;

	ret = vr_instance_create(t->model, t->config, &in);
	if (ret)
		return ret;
	record_header(out, t);
	ret = vri_steps_run(t, in, NULL, &why, record_visit, &run);
	vr_instance_destroy(in);
	vr_text_free(&why);
	if (!ret && out->oom)
		ret = -ENOMEM;
	return ret;
}
