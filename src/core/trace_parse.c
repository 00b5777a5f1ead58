/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Trace schema: checks a YAML tree against the trace format and the op
 * table of its model, and compiles it.  Nothing runs before the whole
 * file has been checked.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <virtref/alloc.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include "core/registry.h"
#include "core/trace_impl.h"
#include "core/yaml_tree.h"

struct parser {
	const char *file;
	struct yt_doc *doc;
	struct vr_text *err;
	struct vr_trace *t;
	const char *buf; /* the source, NULL for a --set value */
	size_t len;
};

static const struct yt_node *node(const struct parser *p, uint32_t i)
{
	return i == YT_NONE ? NULL : &p->doc->nodes[i];
}

VR_PRINTF(3, 4)
static int fail(struct parser *p, const struct yt_node *n, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vr_text_printf(p->err, "%s:%u:%u: %s", p->file, n->line, n->col, msg);
	return -VR_ETRACE;
}

static const char *kind_name(const struct yt_node *n)
{
	if (n->kind == YT_MAP)
		return "a mapping";
	if (n->kind == YT_SEQ)
		return "a sequence";
	return n->plain ? "a scalar" : "a quoted string";
}

/*
 * Walks a mapping: calls @fn for each key/value pair after rejecting
 * non-scalar keys.  Duplicates are found by the callers, which know the
 * key set.
 */
typedef int (*pair_fn)(struct parser *p, const struct yt_node *key, const struct yt_node *val,
		       void *ctx);

static int for_each_pair(struct parser *p, const struct yt_node *map, const char *what, pair_fn fn,
			 void *ctx)
{
	const struct yt_node *k, *v;
	int ret;

	if (map->kind != YT_MAP)
		return fail(p, map, "%s must be a mapping, found %s", what, kind_name(map));
	for (k = node(p, map->first); k; k = node(p, v->next)) {
		v = node(p, k->next);
		if (k->kind != YT_SCALAR)
			return fail(p, k, "keys in %s must be scalars", what);
		ret = fn(p, k, v, ctx);
		if (ret)
			return ret;
	}
	return 0;
}

/* Finds @key among @names, rejecting unknown and repeated keys. */
static int known_key(struct parser *p, const struct yt_node *key, const char *what,
		     const char *const *names, unsigned n, uint64_t *seen)
{
	char list[256] = "";
	unsigned i;

	for (i = 0; i < n; i++) {
		if (strcmp(names[i], key->str))
			continue;
		if (*seen & (1ULL << i))
			return fail(p, key, "duplicate key '%s' in %s", key->str, what);
		*seen |= 1ULL << i;
		return (int)i;
	}
	for (i = 0; i < n; i++) {
		size_t len = strlen(list);

		snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "", names[i]);
	}
	return fail(p, key, "unknown key '%s' in %s (expected one of: %s)", key->str, what, list);
}

/* Parses a plain integer: decimal or 0x hex, optionally negative. */
static int parse_int(struct parser *p, const struct yt_node *n, const char *what, bool *neg,
		     uint64_t *mag)
{
	const char *s = n->str;
	unsigned base = 10;
	uint64_t v = 0;

	if (n->kind != YT_SCALAR || !n->plain)
		return fail(p, n, "%s: expected an integer, found %s", what, kind_name(n));
	*neg = *s == '-';
	if (*neg)
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return fail(p, n, "%s: expected an integer, found '%s'", what, n->str);
	for (; *s; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return fail(p, n, "%s: expected an integer, found '%s'", what, n->str);
		if (v > (UINT64_MAX - d) / base)
			return fail(p, n, "%s: integer '%s' overflows 64 bits", what, n->str);
		v = v * base + d;
	}
	*mag = v;
	return 0;
}

static int parse_u64(struct parser *p, const struct yt_node *n, const char *what, uint64_t lo,
		     uint64_t hi, uint64_t *out)
{
	bool neg;
	uint64_t v;
	int ret = parse_int(p, n, what, &neg, &v);

	if (ret)
		return ret;
	if ((neg && v) || v < lo || v > hi) {
		char range[64];

		snprintf(range, sizeof(range), lo < 4096 ? "%llu.." : "0x%llx..",
			 (unsigned long long)lo);
		snprintf(range + strlen(range), sizeof(range) - strlen(range),
			 hi < 4096 ? "%llu" : "0x%llx", (unsigned long long)hi);
		return fail(p, n, "%s: %s is out of range %s", what, n->str, range);
	}
	*out = v;
	return 0;
}

static bool is_errno_name(const struct yt_node *n)
{
	return n->kind == YT_SCALAR && n->plain && n->str[0] == '-' && n->str[1] == 'E';
}

/*
 * A signed integer in [lo, hi].  A signed result can carry an errno, so
 * -ENAME is accepted wherever its value is in range.
 */
static int parse_s64(struct parser *p, const struct yt_node *n, const char *what, int64_t lo,
		     int64_t hi, uint64_t *out)
{
	bool neg;
	uint64_t mag;
	int64_t v = is_errno_name(n) ? -vr_errno_from_name(n->str + 1) : 0;
	int ret;

	if (is_errno_name(n) && !v)
		return fail(p, n, "%s: unknown errno name '%s'", what, n->str + 1);
	ret = v ? 0 : parse_int(p, n, what, &neg, &mag);
	if (ret)
		return ret;
	if (!v && mag > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX))
		return fail(p, n, "%s: integer '%s' overflows 64 bits", what, n->str);
	if (!v)
		v = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	if (v < lo || v > hi)
		return fail(p, n, "%s: %s is out of range %lld..%lld", what, n->str, (long long)lo,
			    (long long)hi);
	*out = (uint64_t)v;
	return 0;
}

static int parse_errno(struct parser *p, const struct yt_node *n, const char *what, uint64_t *out)
{
	return parse_s64(p, n, what, -4095, 0, out);
}

static int parse_value(struct parser *p, const struct yt_node *n, const struct vr_field *f,
		       const char *ctx, bool check_range, struct vr_value *out)
{
	char what[96];
	uint64_t lo = check_range ? f->min : 0, hi = check_range ? f->max : UINT64_MAX;
	const struct yt_node *e;
	uint64_t *elems;
	uint32_t i, cap;
	int ret;

	snprintf(what, sizeof(what), "%s.%s", ctx, f->name);
	memset(out, 0, sizeof(*out));
	switch (f->type) {
	case VR_T_U64:
		return parse_u64(p, n, what, lo, hi, &out->u);
	case VR_T_S64:
		if (!check_range)
			return parse_s64(p, n, what, INT64_MIN, INT64_MAX, &out->u);
		return parse_s64(p, n, what, (int64_t)f->min, (int64_t)f->max, &out->u);
	case VR_T_ERRNO:
		return parse_errno(p, n, what, &out->u);
	case VR_T_BOOL:
		if (n->kind == YT_SCALAR && n->plain && !strcmp(n->str, "true"))
			out->u = 1;
		else if (!(n->kind == YT_SCALAR && n->plain && !strcmp(n->str, "false")))
			return fail(p, n, "%s: expected true or false, found %s%s%s", what,
				    n->kind == YT_SCALAR ? "'" : kind_name(n),
				    n->kind == YT_SCALAR ? n->str : "",
				    n->kind == YT_SCALAR ? "'" : "");
		return 0;
	case VR_T_ENUM:
		if (n->kind != YT_SCALAR)
			return fail(p, n, "%s: expected a name, found %s", what, kind_name(n));
		for (i = 0; i <= f->max; i++) {
			if (!strcmp(vr_field_enum_name(f, i), n->str)) {
				out->u = i;
				return 0;
			}
		}
		{
			char list[256] = "";

			for (i = 0; i <= f->max; i++) {
				size_t len = strlen(list);

				snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
					 vr_field_enum_name(f, i));
			}
			return fail(p, n, "%s: unknown value '%s' (expected one of: %s)", what,
				    n->str, list);
		}
	case VR_T_LIST:
		break;
	}
	if (n->kind != YT_SEQ)
		return fail(p, n, "%s: expected a sequence of integers, found %s", what,
			    kind_name(n));
	cap = check_range ? f->max_len : VR_LIST_MAX;
	if (n->count > cap)
		return fail(p, n, "%s: %u elements, at most %u allowed", what, n->count, cap);
	elems = vri_trace_alloc(p->t, (n->count + 1) * sizeof(*elems));
	if (!elems)
		return -ENOMEM;
	for (i = 0, e = node(p, n->first); e; e = node(p, e->next), i++) {
		ret = parse_u64(p, e, what, lo, hi, &elems[i]);
		if (ret)
			return ret;
	}
	out->len = n->count;
	out->list = elems;
	return 0;
}

/* ---- op steps: args and expect ---- */

struct fields_ctx {
	const struct vr_field *fields;
	uint32_t n;
	const char *what;  /* "args", "expect", "config" */
	const char *owner; /* op or model name, for messages */
	bool check_range;
	struct vr_value *out;
	uint64_t seen;
	struct value_span *at; /* where each value was written, or NULL */
	bool refs;	       /* set when a value is a `$name.key` reference */
};

static bool numeric(enum vr_type t)
{
	return t == VR_T_U64 || t == VR_T_S64 || t == VR_T_ERRNO;
}

/*
 * `$name.key`: result `key` of the earlier op step named `name`.  Its value
 * is known only once that step ran, so an argument's range is checked then.
 */
static int parse_ref(struct parser *p, const struct yt_node *v, const struct vr_field *f,
		     struct fields_ctx *c, uint32_t i)
{
	const char *dot = strchr(v->str + 1, '.');
	const struct vr_op *op;
	size_t len, j;
	int r;

	if (!c->at)
		return fail(p, v, "%s.%s: a reference to a result can stand only in args or expect",
			    c->what, f->name);
	if (!dot || dot == v->str + 1 || !dot[1])
		return fail(p, v, "%s.%s: a reference is written $name.key, found '%s'", c->what,
			    f->name, v->str);
	len = (size_t)(dot - (v->str + 1));
	/* The step being compiled is the last one: only earlier steps count. */
	for (j = p->t->nsteps - 1; j-- > 0;) {
		const struct trace_step *s = &p->t->steps[j];

		if (s->as && strlen(s->as) == len && !strncmp(s->as, v->str + 1, len))
			break;
	}
	if (j == SIZE_MAX)
		return fail(p, v, "%s.%s: no earlier step is named '%.*s' (give one 'as: %.*s')",
			    c->what, f->name, (int)len, v->str + 1, (int)len, v->str + 1);
	op = &p->t->model->ops[p->t->steps[j].index];
	r = vr_field_find(op->results, op->nresults, dot + 1);
	if (r < 0)
		return fail(p, v, "%s.%s: op %s has no result '%s'", c->what, f->name, op->name,
			    dot + 1);
	if (op->results[r].type != f->type && !(numeric(op->results[r].type) && numeric(f->type)))
		return fail(p, v, "%s.%s: result %s of op %s is not a value of this key's type",
			    c->what, f->name, dot + 1, op->name);
	if (f->type == VR_T_LIST)
		return fail(p, v, "%s.%s: a list cannot be a reference", c->what, f->name);
	c->at[i].ref = (uint32_t)j + 1;
	c->at[i].ref_result = (uint32_t)r;
	c->at[i].style = STYLE_NONE;
	c->refs = true;
	c->out[i].u = f->def;
	return 0;
}

/* The base a value was written in: 0x, -ENAME or decimal. */
static enum value_style value_style(const struct parser *p, const struct yt_node *n)
{
	const char *s;

	if (n->kind == YT_SEQ)
		n = n->first == YT_NONE ? NULL : node(p, n->first);
	if (!n || n->kind != YT_SCALAR || !n->plain)
		return STYLE_NONE;
	s = n->str + (n->str[0] == '-');
	/* 0 is the same in every base: it says nothing about the user's. */
	if (!strcmp(s, "0"))
		return STYLE_NONE;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return STYLE_HEX;
	if (n->str[0] == '-' && s[0] == 'E')
		return STYLE_ERRNO;
	return isdigit((unsigned char)s[0]) ? STYLE_DEC : STYLE_NONE;
}

static int field_pair(struct parser *p, const struct yt_node *k, const struct yt_node *v, void *arg)
{
	struct fields_ctx *c = arg;
	int i = vr_field_find(c->fields, c->n, k->str);

	if (i < 0) {
		char list[256] = "";
		uint32_t j;

		for (j = 0; j < c->n; j++) {
			size_t len = strlen(list);

			snprintf(list + len, sizeof(list) - len, "%s%s", j ? ", " : "",
				 c->fields[j].name);
		}
		return fail(p, k, "%s has no %s key '%s' (expected one of: %s)", c->owner, c->what,
			    k->str, c->n ? list : "none");
	}
	if (c->seen & (1ULL << i))
		return fail(p, k, "duplicate key '%s' in %s", k->str, c->what);
	c->seen |= 1ULL << i;
	if (c->at)
		c->at[i] = (struct value_span){ v->start, v->end, value_style(p, v), 0, 0 };
	if (v->kind == YT_SCALAR && v->plain && v->str[0] == '$')
		return parse_ref(p, v, &c->fields[i], c, (uint32_t)i);
	return parse_value(p, v, &c->fields[i], c->what, c->check_range, &c->out[i]);
}

/*
 * Parses a mapping of named values (args, expect or config).  For args
 * and config, omitted fields take their default and a missing required
 * one is an error reported at @where.
 */
static int parse_fields(struct parser *p, const struct yt_node *map, const struct yt_node *where,
			struct fields_ctx *c, bool fill_defaults)
{
	uint32_t i;
	int ret;

	if (map) {
		ret = for_each_pair(p, map, c->what, field_pair, c);
		if (ret)
			return ret;
	}
	if (!fill_defaults)
		return 0;
	for (i = 0; i < c->n; i++) {
		if (c->seen & (1ULL << i))
			continue;
		if (!c->fields[i].optional)
			return fail(p, map ? map : where, "%s: missing required %s '%s'", c->owner,
				    strcmp(c->what, "args") ? c->what : "argument",
				    c->fields[i].name);
		c->out[i].u = c->fields[i].def;
	}
	return 0;
}

/* ---- steps ---- */

enum step_key { SK_OP, SK_ARGS, SK_EXPECT, SK_CHECK, SK_MEM, SK_NOTE, SK_AS, SK_COUNT };
static const char *const step_keys[SK_COUNT] = {
	"op", "args", "expect", "check", "mem", "note", "as",
};

struct keyed_ctx {
	const char *what;
	const char *const *names;
	unsigned n;
	uint64_t seen;
	const struct yt_node *val[16];
	const struct yt_node *key[16];
};

static int keyed_pair(struct parser *p, const struct yt_node *k, const struct yt_node *v, void *arg)
{
	struct keyed_ctx *c = arg;
	int i = known_key(p, k, c->what, c->names, c->n, &c->seen);

	if (i < 0)
		return i;
	c->key[i] = k;
	c->val[i] = v;
	return 0;
}

static int scalar_string(struct parser *p, const struct yt_node *n, const char *what,
			 const char **out)
{
	if (n->kind != YT_SCALAR)
		return fail(p, n, "%s must be a string, found %s", what, kind_name(n));
	*out = vri_trace_strdup(p->t, n->str);
	return *out ? 0 : -ENOMEM;
}

static int compile_op(struct parser *p, const struct yt_node *step, struct keyed_ctx *k,
		      struct trace_step *s)
{
	const struct vr_model *m = p->t->model;
	const struct vr_op *op;
	struct fields_ctx fc;
	int i, ret;

	if (k->val[SK_OP]->kind != YT_SCALAR)
		return fail(p, k->val[SK_OP], "op must be a name, found %s",
			    kind_name(k->val[SK_OP]));
	i = vr_op_find(m, k->val[SK_OP]->str);
	if (i < 0)
		return fail(p, k->val[SK_OP], "model %s has no op '%s' (see: virtref ops %s)",
			    m->name, k->val[SK_OP]->str, m->name);
	op = &m->ops[i];
	s->kind = STEP_OP;
	s->index = (uint32_t)i;
	s->args = vri_trace_alloc(p->t, (op->nargs + 1) * sizeof(*s->args));
	s->expect = vri_trace_alloc(p->t, (op->nresults + 1) * sizeof(*s->expect));
	if (!s->args || !s->expect)
		return -ENOMEM;
	s->args_at = vri_trace_alloc(p->t, (op->nargs + 1) * sizeof(*s->args_at));
	if (!s->args_at)
		return -ENOMEM;
	fc = (struct fields_ctx){ op->args, op->nargs, "args",	   op->name, true,
				  s->args,  0,	       s->args_at, false };
	ret = parse_fields(p, k->val[SK_ARGS], step, &fc, true);
	if (ret)
		return ret;
	s->has_refs = fc.refs;
	if (k->val[SK_EXPECT]) {
		s->expect_at = vri_trace_alloc(p->t, (op->nresults + 1) * sizeof(*s->expect_at));
		if (!s->expect_at)
			return -ENOMEM;
	}
	fc = (struct fields_ctx){ op->results, op->nresults, "expect", op->name, false, s->expect,
				  0,	       s->expect_at, false };
	ret = parse_fields(p, k->val[SK_EXPECT], step, &fc, false);
	s->expect_mask = fc.seen;
	s->has_refs |= fc.refs;
	return ret;
}

/* `as: name`: a name later steps refer to this op step's results by. */
static int compile_as(struct parser *p, const struct yt_node *v, struct trace_step *s)
{
	const char *c;
	size_t j;

	if (v->kind != YT_SCALAR || !v->plain || !v->str[0])
		return fail(p, v, "as must be a name");
	for (c = v->str; *c; c++)
		if (!(isalnum((unsigned char)*c) || *c == '_') ||
		    (c == v->str && isdigit((unsigned char)*c)))
			return fail(p, v,
				    "as: '%s' is not a name (letters, digits and _, not "
				    "starting with a digit)",
				    v->str);
	for (j = 0; j + 1 < p->t->nsteps; j++)
		if (p->t->steps[j].as && !strcmp(p->t->steps[j].as, v->str))
			return fail(p, v, "as: step %zu is already named '%s'", j + 1, v->str);
	s->as = vri_trace_strdup(p->t, v->str);
	if (!s->as)
		return -ENOMEM;
	s->as_slot = p->t->nnamed++;
	return 0;
}

static int compile_check(struct parser *p, struct keyed_ctx *k, struct trace_step *s)
{
	const struct vr_model *m = p->t->model;
	const struct yt_node *v = k->val[SK_CHECK];
	int idx;

	s->kind = STEP_CHECK;
	if (v->kind != YT_SCALAR)
		return fail(p, v, "check must be a name, found %s", kind_name(v));
	idx = vri_check_find(m, v->str);
	if (idx < 0)
		return fail(p, v, "model %s has no check '%s'", m->name, v->str);
	s->index = (uint32_t)idx;
	return 0;
}

enum mem_key { MK_SPACE, MK_ADDR, MK_DATA0 };

static int compile_mem(struct parser *p, struct keyed_ctx *k, struct trace_step *s)
{
	const struct vr_model *m = p->t->model;
	const char *names[MK_DATA0 + 8];
	struct keyed_ctx mk = { .what = "mem", .names = names };
	const struct vr_field space = {
		.name = "space",
		.type = VR_T_ENUM,
		.names = m->mem_spaces,
		.max = m->nmem_spaces ? m->nmem_spaces - 1 : 0,
	};
	const struct yt_node *data = NULL;
	struct vr_value v;
	unsigned i;
	int ret;

	if (!m->nmem_spaces)
		return fail(p, k->key[SK_MEM], "model %s has no memory spaces", m->name);
	names[MK_SPACE] = "space";
	names[MK_ADDR] = "addr";
	for (i = 0; i < vri_mem_nformats; i++)
		names[MK_DATA0 + i] = vri_mem_formats[i].key;
	mk.n = MK_DATA0 + (unsigned)vri_mem_nformats;
	ret = for_each_pair(p, k->val[SK_MEM], "mem", keyed_pair, &mk);
	if (ret)
		return ret;
	if (!mk.val[MK_SPACE] || !mk.val[MK_ADDR])
		return fail(p, k->val[SK_MEM], "mem: needs 'space' and 'addr'");
	for (i = 0; i < vri_mem_nformats; i++) {
		if (!mk.val[MK_DATA0 + i])
			continue;
		if (data)
			return fail(p, mk.key[MK_DATA0 + i],
				    "mem: give the data in one format only");
		data = mk.val[MK_DATA0 + i];
		s->fmt = &vri_mem_formats[i];
	}
	if (!data)
		return fail(p, k->val[SK_MEM],
			    "mem: needs data: one of u8, be16, be32, be64, "
			    "le16, le32, le64");
	ret = parse_value(p, mk.val[MK_SPACE], &space, "mem", true, &v);
	if (ret)
		return ret;
	s->space = (uint32_t)v.u;
	ret = parse_u64(p, mk.val[MK_ADDR], "mem.addr", 0, UINT64_MAX, &s->addr);
	if (ret)
		return ret;
	{
		const struct vr_field elems = {
			.name = s->fmt->key,
			.type = VR_T_LIST,
			.max = s->fmt->width == 8 ? UINT64_MAX : (1ULL << (8 * s->fmt->width)) - 1,
			.max_len = VR_LIST_MAX,
		};

		ret = parse_value(p, data, &elems, "mem", true, &v);
		if (ret)
			return ret;
	}
	if (v.len && s->addr + (uint64_t)v.len * s->fmt->width - 1 < s->addr)
		return fail(p, mk.val[MK_ADDR], "mem: data wraps past the top of memory");
	s->kind = STEP_MEM;
	s->elems = (uint64_t *)v.list;
	s->nelems = v.len;
	return 0;
}

static int compile_step(struct parser *p, const struct yt_node *step)
{
	struct keyed_ctx k = { .what = "a step", .names = step_keys, .n = SK_COUNT };
	struct trace_step *s;
	int kinds, ret;

	ret = for_each_pair(p, step, "a step", keyed_pair, &k);
	if (ret)
		return ret;
	kinds = !!k.val[SK_OP] + !!k.val[SK_CHECK] + !!k.val[SK_MEM];
	if (kinds != 1)
		return fail(p, step, "a step needs exactly one of 'op', 'check' or 'mem'");
	if (!k.val[SK_OP] && (k.val[SK_ARGS] || k.val[SK_EXPECT] || k.val[SK_AS]))
		return fail(p,
			    k.key[k.val[SK_ARGS]     ? SK_ARGS
				  : k.val[SK_EXPECT] ? SK_EXPECT
						     : SK_AS],
			    "'%s' belongs to op steps",
			    k.val[SK_ARGS]     ? "args"
			    : k.val[SK_EXPECT] ? "expect"
					       : "as");
	s = vri_trace_add_step(p->t);
	if (!s)
		return -ENOMEM;
	s->line = step->line;
	s->col = step->col;
	/* Where record inserts an `expect:`: after the last value, in the keys' column. */
	for (const struct yt_node *c = node(p, step->first); c; c = node(p, c->next))
		s->src_end = c->end;
	s->key_col = p->doc->nodes[step->first].col;
	if (p->buf && step->start < p->len && p->buf[step->start] == '{')
		s->key_col = 0;
	if (k.val[SK_NOTE]) {
		ret = scalar_string(p, k.val[SK_NOTE], "note", &s->note);
		if (ret)
			return ret;
	}
	if (k.val[SK_OP]) {
		ret = compile_op(p, step, &k, s);
		if (!ret && k.val[SK_AS])
			ret = compile_as(p, k.val[SK_AS], s);
		return ret;
	}
	if (k.val[SK_CHECK])
		return compile_check(p, &k, s);
	return compile_mem(p, &k, s);
}

/* ---- the document ---- */

enum root_key { RK_VERSION, RK_MODEL, RK_NAME, RK_DESCRIPTION, RK_CONFIG, RK_STEPS, RK_COUNT };
static const char *const root_keys[RK_COUNT] = {
	"virtref", "model", "name", "description", "config", "steps",
};

static int compile_model(struct parser *p, const struct yt_node *v, const struct vr_model **m)
{
	char list[256] = "";
	size_t i;

	if (v->kind != YT_SCALAR)
		return fail(p, v, "model must be a name, found %s", kind_name(v));
	*m = vr_model_find(v->str);
	if (*m)
		return 0;
	for (i = 0; i < vr_model_count(); i++) {
		size_t len = strlen(list);

		snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
			 vr_model_at(i)->name);
	}
	fail(p, v, "unknown model '%s' (this build has: %s)", v->str,
	     vr_model_count() ? list : "none");
	return -VR_ENOMODEL;
}

static int compile_doc(struct parser *p)
{
	const struct yt_node *root = node(p, 0), *s;
	struct keyed_ctx k = { .what = "the trace", .names = root_keys, .n = RK_COUNT };
	const struct vr_model *m = NULL;
	struct fields_ctx fc;
	uint64_t version;
	const char *name = "";
	int ret;

	if (root->kind != YT_MAP)
		return fail(p, root,
			    "a trace must be a mapping with keys virtref, model and "
			    "steps; found %s",
			    kind_name(root));
	ret = for_each_pair(p, root, "the trace", keyed_pair, &k);
	if (ret)
		return ret;
	if (!k.val[RK_VERSION])
		return fail(p, root, "missing required key 'virtref' (the format version, 1)");
	if (!k.val[RK_MODEL])
		return fail(p, root, "missing required key 'model'");
	if (!k.val[RK_STEPS])
		return fail(p, root, "missing required key 'steps'");
	ret = parse_u64(p, k.val[RK_VERSION], "virtref", 0, UINT64_MAX, &version);
	if (ret)
		return ret;
	if (version != 1)
		return fail(p, k.val[RK_VERSION],
			    "trace format version %s is not supported "
			    "(this virtref reads version 1)",
			    k.val[RK_VERSION]->str);
	ret = compile_model(p, k.val[RK_MODEL], &m);
	if (ret)
		return ret;
	if (k.val[RK_NAME] && k.val[RK_NAME]->kind != YT_SCALAR)
		return fail(p, k.val[RK_NAME], "name must be a string, found %s",
			    kind_name(k.val[RK_NAME]));
	if (k.val[RK_NAME])
		name = k.val[RK_NAME]->str;
	if (k.val[RK_DESCRIPTION] && k.val[RK_DESCRIPTION]->kind != YT_SCALAR)
		return fail(p, k.val[RK_DESCRIPTION], "description must be a string, found %s",
			    kind_name(k.val[RK_DESCRIPTION]));
	ret = vri_trace_create(m, p->file, name, &p->t);
	if (ret)
		return ret;
	if (k.val[RK_DESCRIPTION]) {
		p->t->description = vri_trace_strdup(p->t, k.val[RK_DESCRIPTION]->str);
		if (!p->t->description)
			return -ENOMEM;
	}
	fc = (struct fields_ctx){ m->config,	m->nconfig, "config", m->name, true,
				  p->t->config, 0,	    NULL,     false };
	ret = parse_fields(p, k.val[RK_CONFIG], root, &fc, true);
	if (ret)
		return ret;
	if (k.val[RK_STEPS]->kind != YT_SEQ)
		return fail(p, k.val[RK_STEPS], "steps must be a sequence, found %s",
			    kind_name(k.val[RK_STEPS]));
	for (s = node(p, k.val[RK_STEPS]->first); s; s = node(p, s->next)) {
		ret = compile_step(p, s);
		if (ret)
			return ret;
	}
	return 0;
}

int vr_trace_parse(const char *file, const void *buf, size_t len, struct vr_trace **out,
		   struct vr_text *err)
{
	struct yt_doc doc;
	struct parser p = { .file = file, .doc = &doc, .err = err, .buf = buf, .len = len };
	int ret;

	*out = NULL;
	if (len > VR_TRACE_MAX_BYTES) {
		vr_text_printf(err, "%s:1:1: trace is larger than %u bytes", file,
			       VR_TRACE_MAX_BYTES);
		return -VR_ETRACE;
	}
	ret = vri_yt_parse(file, buf, len, &doc, err);
	if (ret)
		return ret;
	ret = compile_doc(&p);
	vri_yt_free(&doc);
	if (!ret) {
		/* Kept so that record edits what the user wrote. */
		char *src = vri_trace_alloc(p.t, len + 1);

		if (src) {
			memcpy(src, buf, len);
			p.t->src = src;
			p.t->srclen = len;
		} else {
			ret = -ENOMEM;
		}
	}
	if (ret) {
		if (ret == -ENOMEM)
			vr_text_printf(err, "%s:1:1: out of memory", file);
		vr_trace_free(p.t);
		return ret;
	}
	*out = p.t;
	return 0;
}

int vr_trace_set_config(struct vr_trace *t, const char *assignment, struct vr_text *err)
{
	const char *eq = strchr(assignment, '=');
	const struct vr_model *m = t->model;
	struct yt_doc doc;
	struct parser p = { .file = "--set", .doc = &doc, .err = err, .t = t };
	struct vr_value v;
	int i, ret;

	if (!eq || eq == assignment || !eq[1]) {
		vr_text_printf(err, "--set: expected KEY=VALUE, found '%s'", assignment);
		return -VR_ETRACE;
	}
	for (i = 0; i < (int)m->nconfig; i++)
		if (strlen(m->config[i].name) == (size_t)(eq - assignment) &&
		    !strncmp(m->config[i].name, assignment, (size_t)(eq - assignment)))
			break;
	if (i == (int)m->nconfig) {
		vr_text_printf(err, "--set: model %s has no config key '%.*s'", m->name,
			       (int)(eq - assignment), assignment);
		return -VR_ETRACE;
	}
	/* The value is read as the trace would spell it in config. */
	ret = vri_yt_parse("--set", eq + 1, strlen(eq + 1), &doc, err);
	if (ret)
		return ret;
	ret = parse_value(&p, &doc.nodes[0], &m->config[i], "config", true, &v);
	vri_yt_free(&doc);
	if (ret)
		return ret;
	t->config[i] = v;
	return 0;
}

/*
 * Reads @fd to its end into a new buffer, at most VR_TRACE_MAX_BYTES: 0,
 * -EFBIG past the limit, -ENOMEM, or a negative errno of read().
 */
static int read_all(int fd, char **buf, size_t *len)
{
	size_t cap = 4096, got = 0;
	char *b = vr_malloc(cap), *nb;

	if (!b)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (got == cap) {
			if (cap > VR_TRACE_MAX_BYTES) {
				vr_free(b);
				return -EFBIG;
			}
			nb = vr_realloc(b, cap * 2);
			if (!nb) {
				vr_free(b);
				return -ENOMEM;
			}
			b = nb;
			cap *= 2;
		}
		n = read(fd, b + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			vr_free(b);
			return -e;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got > VR_TRACE_MAX_BYTES) {
		vr_free(b);
		return -EFBIG;
	}
	*buf = b;
	*len = got;
	return 0;
}

int vr_trace_load(const char *path, struct vr_trace **out, struct vr_text *err)
{
	bool std_in = !strcmp(path, "-");
	const char *name = std_in ? "<stdin>" : path;
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int fd, ret;

	*out = NULL;
	fd = std_in ? STDIN_FILENO : open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) || S_ISDIR(st.st_mode)) {
		int e = fd < 0 ? errno : (S_ISDIR(st.st_mode) ? EISDIR : errno);

		vr_text_printf(err, "%s:0:0: cannot read: %s", name, strerror(e));
		if (fd >= 0 && !std_in)
			close(fd);
		return -VR_ETRACE;
	}
	ret = read_all(fd, &buf, &len);
	if (!std_in)
		close(fd);
	if (ret == -EFBIG) {
		vr_text_printf(err, "%s:1:1: trace is larger than %u bytes", name,
			       VR_TRACE_MAX_BYTES);
		return -VR_ETRACE;
	}
	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		vr_text_printf(err, "%s:0:0: cannot read: %s", name, strerror(-ret));
		return -VR_ETRACE;
	}
	ret = vr_trace_parse(name, buf, len, out, err);
	vr_free(buf);
	return ret;
}
