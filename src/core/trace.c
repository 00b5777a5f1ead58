/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* The compiled trace: storage, construction by program, accessors. */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include "core/registry.h"
#include "core/trace_impl.h"

const struct mem_format vri_mem_formats[] = {
	{ "u8", 1, true },    { "be16", 2, true },  { "be32", 4, true },  { "be64", 8, true },
	{ "le16", 2, false }, { "le32", 4, false }, { "le64", 8, false },
};
const size_t vri_mem_nformats = VR_ARRAY_SIZE(vri_mem_formats);

#define CHUNK_MIN (64u * 1024u)

void *vri_trace_alloc(struct vr_trace *t, size_t size)
{
	struct trace_chunk *c = t->chunks;
	void *p;

	size = (size + 7) & ~(size_t)7;
	if (!c || c->size - c->used < size) {
		size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;

		c = vr_malloc(sizeof(*c) + want);
		if (!c)
			return NULL;
		c->next = t->chunks;
		c->used = 0;
		c->size = want;
		t->chunks = c;
	}
	p = c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

char *vri_trace_strdup(struct vr_trace *t, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = vri_trace_alloc(t, n);

	if (p)
		memcpy(p, s, n);
	return p;
}

struct trace_step *vri_trace_add_step(struct vr_trace *t)
{
	if (t->nsteps == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct trace_step *p = vr_realloc(t->steps, cap * sizeof(*p));

		if (!p)
			return NULL;
		t->steps = p;
		t->cap = cap;
	}
	memset(&t->steps[t->nsteps], 0, sizeof(t->steps[0]));
	return &t->steps[t->nsteps++];
}

int vri_trace_create(const struct vr_model *m, const char *file, const char *name,
		     struct vr_trace **out)
{
	struct vr_trace *t = vr_calloc(1, sizeof(*t));

	*out = NULL;
	if (!t)
		return -ENOMEM;
	t->model = m;
	t->file = vr_strdup(file);
	t->name = vri_trace_strdup(t, name);
	t->config = vri_trace_alloc(t, (m->nconfig + 1) * sizeof(*t->config));
	if (!t->file || !t->name || !t->config) {
		vr_trace_free(t);
		return -ENOMEM;
	}
	vr_config_defaults(m, t->config);
	*out = t;
	return 0;
}

void vr_trace_free(struct vr_trace *t)
{
	struct trace_chunk *c, *next;

	if (!t)
		return;
	for (c = t->chunks; c; c = next) {
		next = c->next;
		vr_free(c);
	}
	vr_free(t->steps);
	vr_free(t->file);
	vr_free(t);
}

const struct vr_model *vr_trace_model(const struct vr_trace *t)
{
	return t->model;
}

const char *vr_trace_name(const struct vr_trace *t)
{
	return t->name;
}

size_t vr_trace_nsteps(const struct vr_trace *t)
{
	return t->nsteps;
}

/* Copies @n values, lists included, into storage owned by @t. */
static struct vr_value *trace_copy_values(struct vr_trace *t, const struct vr_field *f, uint32_t n,
					  const struct vr_value *src)
{
	struct vr_value *v = vri_trace_alloc(t, (n + 1) * sizeof(*v));
	uint32_t i;

	if (!v)
		return NULL;
	for (i = 0; i < n; i++) {
		v[i] = src[i];
		if (f[i].type == VR_T_LIST && src[i].len) {
			uint64_t *l = vri_trace_alloc(t, src[i].len * sizeof(*l));

			if (!l)
				return NULL;
			memcpy(l, src[i].list, src[i].len * sizeof(*l));
			v[i].list = l;
		}
	}
	return v;
}

int vr_trace_new(const struct vr_model *m, const char *name, const struct vr_value *config,
		 struct vr_trace **out)
{
	int ret = vri_trace_create(m, "<generated>", name ? name : "", out);

	if (ret || !config)
		return ret;
	(*out)->config = trace_copy_values(*out, m->config, m->nconfig, config);
	if (!(*out)->config) {
		vr_trace_free(*out);
		*out = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* True when @v is a value field @f accepts as an argument. */
static bool value_in_range(const struct vr_field *f, const struct vr_value *v)
{
	uint32_t i;

	switch (f->type) {
	case VR_T_U64:
		return v->u >= f->min && v->u <= f->max;
	case VR_T_S64:
		return (int64_t)v->u >= (int64_t)f->min && (int64_t)v->u <= (int64_t)f->max;
	case VR_T_BOOL:
		return v->u <= 1;
	case VR_T_ENUM:
		return v->u <= f->max;
	case VR_T_ERRNO:
		return (int64_t)v->u <= 0 && (int64_t)v->u >= -4095;
	case VR_T_LIST:
		if (v->len > f->max_len || (v->len && !v->list))
			return false;
		for (i = 0; i < v->len; i++)
			if (v->list[i] < f->min || v->list[i] > f->max)
				return false;
		return true;
	}
	return false;
}

int vr_trace_add_op(struct vr_trace *t, uint32_t op, const struct vr_value *args)
{
	const struct vr_op *o;
	struct trace_step *s;
	struct vr_value *copy;
	uint32_t i;

	if (op >= t->model->nops)
		return -EINVAL;
	o = &t->model->ops[op];
	for (i = 0; i < o->nargs; i++)
		if (!value_in_range(&o->args[i], &args[i]))
			return -EINVAL;
	copy = trace_copy_values(t, o->args, o->nargs, args);
	if (!copy)
		return -ENOMEM;
	s = vri_trace_add_step(t);
	if (!s)
		return -ENOMEM;
	s->kind = STEP_OP;
	s->index = op;
	s->args = copy;
	s->expect = vri_trace_alloc(t, (o->nresults + 1) * sizeof(*s->expect));
	if (!s->expect) {
		t->nsteps--;
		return -ENOMEM;
	}
	return 0;
}

int vr_trace_add_check(struct vr_trace *t, const char *name)
{
	int idx = vri_check_find(t->model, name);
	struct trace_step *s;

	if (idx < 0)
		return -ENOENT;
	s = vri_trace_add_step(t);
	if (!s)
		return -ENOMEM;
	s->kind = STEP_CHECK;
	s->index = (uint32_t)idx;
	return 0;
}

int vr_trace_add_mem(struct vr_trace *t, const char *space, uint64_t addr, const char *format,
		     const uint64_t *elems, uint32_t n)
{
	const struct vr_model *m = t->model;
	const struct mem_format *fmt = NULL;
	uint32_t sp, i;
	uint64_t *copy;
	struct trace_step *s;

	for (sp = 0; sp < m->nmem_spaces; sp++)
		if (!strcmp(m->mem_spaces[sp], space))
			break;
	for (i = 0; i < vri_mem_nformats && !fmt; i++)
		if (!strcmp(vri_mem_formats[i].key, format))
			fmt = &vri_mem_formats[i];
	if (sp == m->nmem_spaces || !fmt || n > VR_LIST_MAX || (n && !elems))
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (fmt->width < 8 && elems[i] >> (8 * fmt->width))
			return -EINVAL;
	if (n && addr + (uint64_t)n * fmt->width - 1 < addr)
		return -EINVAL;
	copy = vri_trace_alloc(t, ((size_t)n + 1) * sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	if (n)
		memcpy(copy, elems, n * sizeof(*copy));
	s = vri_trace_add_step(t);
	if (!s)
		return -ENOMEM;
	s->kind = STEP_MEM;
	s->space = sp;
	s->fmt = fmt;
	s->addr = addr;
	s->elems = copy;
	s->nelems = n;
	return 0;
}
