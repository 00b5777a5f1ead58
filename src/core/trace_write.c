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

bool vri_value_equal(const struct vr_field *f, const struct vr_value *a, const struct vr_value *b)
{
	if (f->type != VR_T_LIST)
		return a->u == b->u;
	return a->len == b->len &&
	       (!a->len || !memcmp(a->list, b->list, a->len * sizeof(*a->list)));
}

/* One integer in @style; signed fields keep their sign. */
static void format_int_styled(struct vr_text *out, bool is_signed, uint64_t u,
			      enum value_style style)
{
	int64_t s = (int64_t)u;
	bool neg = is_signed && s < 0;
	uint64_t mag = neg ? 0 - u : u;

	if (neg && style == STYLE_ERRNO && s >= -4095 && vr_errno_name((int)s))
		vr_text_printf(out, "-%s", vr_errno_name((int)s));
	else if (style == STYLE_HEX)
		vr_text_printf(out, "%s0x%llx", neg ? "-" : "", (unsigned long long)mag);
	else if (is_signed)
		vr_text_printf(out, "%lld", (long long)s);
	else
		vr_text_printf(out, "%llu", (unsigned long long)u);
}

void vri_trace_format_styled(struct vr_text *out, const struct vr_field *f,
			     const struct vr_value *v, enum value_style style)
{
	uint32_t i;

	if (style == STYLE_NONE || f->type == VR_T_BOOL || f->type == VR_T_ENUM) {
		vri_trace_format_value(out, f, v);
		return;
	}
	if (f->type != VR_T_LIST) {
		format_int_styled(out, f->type != VR_T_U64, v->u, style);
		return;
	}
	vr_text_puts(out, "[");
	for (i = 0; i < v->len; i++) {
		if (i)
			vr_text_puts(out, ", ");
		format_int_styled(out, false, v->list[i], style);
	}
	vr_text_puts(out, "]");
}

void vri_trace_format_map(struct vr_text *out, const struct vr_field *f, uint32_t n,
			  const struct vr_value *v, uint64_t mask, const struct value_span *at)
{
	bool first = true;
	uint32_t i;

	vr_text_puts(out, "{");
	for (i = 0; i < n; i++) {
		if (!(mask & (1ULL << i)))
			continue;
		vr_text_printf(out, "%s%s: ", first ? " " : ", ", f[i].name);
		vri_trace_format_styled(out, &f[i], &v[i], at ? at[i].style : STYLE_NONE);
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
			vri_trace_format_map(
				out, m->ops[s->index].args, m->ops[s->index].nargs, s->args,
				vri_trace_args_to_show(&m->ops[s->index], s->args), NULL);
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
		vri_trace_format_map(out, m->config, m->nconfig, t->config, all_fields(m->nconfig),
				     NULL);
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
	struct vr_text *changes; /* one line per changed expectation, or NULL */
	size_t copied;		 /* source bytes written to @out so far */
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
				     in->call.produced, NULL);
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

/* Copies the source up to @to, once. */
static void copy_source(struct record_run *r, size_t to)
{
	if (to > r->copied) {
		vr_text_put(r->out, r->t->src + r->copied, to - r->copied);
		r->copied = to;
	}
}

/* "file:line:col: step N (op x): " for a change line. */
static void change_head(struct record_run *r, const struct trace_step *s, size_t i)
{
	vr_text_printf(r->changes, "%s:%u:%u: step %zu (op %s): ", r->t->file, s->line, s->col,
		       i + 1, r->t->model->ops[s->index].name);
}

/*
 * The step's expected values that differ from what the model produced,
 * rewritten in place in the base they were written in, in source order.
 */
static void edit_expectations(struct record_run *r, const struct vr_call *call,
			      const struct trace_step *s, size_t i)
{
	const struct vr_op *op = &r->t->model->ops[s->index];
	uint64_t unedited = s->expect_mask;

	while (unedited) {
		uint32_t k, best = 0;
		bool found = false;

		for (k = 0; k < op->nresults; k++)
			if ((unedited & (1ULL << k)) &&
			    (!found || s->expect_at[k].start < s->expect_at[best].start)) {
				best = k;
				found = true;
			}
		unedited &= ~(1ULL << best);
		if (!(call->produced & (1ULL << best))) {
			change_head(r, s, i);
			vr_text_printf(r->changes,
				       "%s: not produced by the model; left as written\n",
				       op->results[best].name);
			continue;
		}
		if (vri_value_equal(&op->results[best], &s->expect[best], &call->res[best]))
			continue;
		copy_source(r, s->expect_at[best].start);
		vri_trace_format_styled(r->out, &op->results[best], &call->res[best],
					s->expect_at[best].style);
		r->copied = s->expect_at[best].end;
		change_head(r, s, i);
		vr_text_printf(r->changes, "%s: ", op->results[best].name);
		vri_trace_format_styled(r->changes, &op->results[best], &s->expect[best],
					s->expect_at[best].style);
		vr_text_puts(r->changes, " -> ");
		vri_trace_format_styled(r->changes, &op->results[best], &call->res[best],
					s->expect_at[best].style);
		vr_text_puts(r->changes, "\n");
	}
}

/* A step without `expect:` gets one after its last value, holding what was produced. */
static void add_expectations(struct record_run *r, const struct vr_call *call,
			     const struct trace_step *s, size_t i)
{
	const struct vr_op *op = &r->t->model->ops[s->index];
	struct vr_text map = VR_TEXT_INIT;

	if (!call->produced)
		return;
	vri_trace_format_map(&map, op->results, op->nresults, call->res, call->produced, NULL);
	copy_source(r, s->src_end);
	if (s->key_col)
		vr_text_printf(r->out, "\n%*sexpect: %s", (int)s->key_col - 1, "",
			       vr_text_str(&map));
	else
		vr_text_printf(r->out, ", expect: %s", vr_text_str(&map));
	change_head(r, s, i);
	vr_text_printf(r->changes, "expect added: %s\n", vr_text_str(&map));
	vr_text_free(&map);
}

/* The source again, with each step's expectations set to what the model did. */
static int record_edit_visit(void *ctx, struct vr_instance *in, const struct vri_step_outcome *o)
{
	struct record_run *r = ctx;
	const struct trace_step *s = o->step;

	if (s->kind == STEP_OP && !o->rejected) {
		if (s->expect_at)
			edit_expectations(r, &in->call, s, o->index);
		else
			add_expectations(r, &in->call, s, o->index);
	}
	if (!o->rejected && !o->ret)
		return 0;
	/* The trace stops at the failing step, which says why. */
	copy_source(r, s->src_end);
	vr_text_puts(r->out, "\n");
	if (o->rejected) {
		record_comment(r->out, "the model rejected this step", vr_strerror(o->ret));
		return -VR_EREJECTED;
	}
	record_comment(r->out, "an invariant failed after this step", vr_text_str(r->why));
	return o->ret;
}

int vr_record(const struct vr_trace *t, struct vr_text *out, struct vr_text *changes)
{
	struct vr_text why = VR_TEXT_INIT, discard = VR_TEXT_INIT;
	struct vr_instance *in;
	struct record_run run = { t, out, &why, changes ? changes : &discard, 0 };
	int ret;

	ret = vr_instance_create(t->model, t->config, &in);
	if (ret)
		return ret;
	if (t->src) {
		ret = vri_steps_run(t, in, NULL, &why, record_edit_visit, &run);
		if (!ret)
			copy_source(&run, t->srclen);
	} else {
		record_header(out, t);
		ret = vri_steps_run(t, in, NULL, &why, record_visit, &run);
	}
	vr_instance_destroy(in);
	vr_text_free(&why);
	vr_text_free(&discard);
	if (!ret && (out->oom || (changes && changes->oom)))
		ret = -ENOMEM;
	return ret;
}
