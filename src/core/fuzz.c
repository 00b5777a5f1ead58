/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The generic fuzz decoder.  Input bytes are read as
 *
 *   config value ... | op byte, arg value ... | op byte, arg value ... | ...
 *
 * where each value takes as few little-endian bytes as its range needs
 * (1, 2, 4 or 8) and is folded into [min, max] with a modulo; enums and
 * bools take one byte, lists a length byte and then their elements.  An
 * op whose arguments run past the end of the input is dropped, so every
 * byte string is a valid program.  The encoding is invertible for
 * in-range values, which is how golden traces become seed corpora.
 */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include <virtref/fuzz.h>
#include "core/step.h"

/* Ops per input at most: keeps executions fast and reproducers short. */
#define FUZZ_MAX_OPS 1024u
/* Elements per list argument at most. */
#define FUZZ_MAX_LIST 64u
/* Values per op at most (arguments plus list elements). */
#define FUZZ_MAX_VALUES 1024u

struct fuzz_in {
	const uint8_t *p;
	size_t left;
};

static unsigned value_width(uint64_t span)
{
	if (span <= 0xff)
		return 1;
	if (span <= 0xffff)
		return 2;
	if (span <= 0xffffffffULL)
		return 4;
	return 8;
}

static bool take(struct fuzz_in *in, unsigned n, uint64_t *raw)
{
	unsigned i;

	if (in->left < n)
		return false;
	*raw = 0;
	for (i = 0; i < n; i++)
		*raw |= (uint64_t)in->p[i] << (8 * i);
	in->p += n;
	in->left -= n;
	return true;
}

static uint64_t fold(uint64_t raw, uint64_t lo, uint64_t hi)
{
	uint64_t span = hi - lo;

	return span == UINT64_MAX ? raw : lo + raw % (span + 1);
}

static uint32_t list_cap(const struct vr_field *f)
{
	return f->max_len < FUZZ_MAX_LIST ? f->max_len : FUZZ_MAX_LIST;
}

/* Decodes one value of field @f; list elements go to @pool. */
static bool decode_value(struct fuzz_in *in, const struct vr_field *f, struct vr_value *v,
			 uint64_t *pool, uint32_t *pool_used)
{
	uint64_t raw, n;
	uint32_t i;

	memset(v, 0, sizeof(*v));
	switch (f->type) {
	case VR_T_U64:
	case VR_T_S64:
		if (!take(in, value_width(f->max - f->min), &raw))
			return false;
		v->u = fold(raw, f->min, f->max);
		return true;
	case VR_T_BOOL:
		if (!take(in, 1, &raw))
			return false;
		v->u = raw & 1;
		return true;
	case VR_T_ENUM:
		if (!take(in, value_width(f->max), &raw))
			return false;
		v->u = raw % (f->max + 1);
		return true;
	case VR_T_ERRNO:
		if (!take(in, 1, &raw))
			return false;
		v->u = (uint64_t) - (int64_t)raw;
		return true;
	case VR_T_LIST:
		if (!take(in, 1, &raw))
			return false;
		n = raw % (list_cap(f) + 1);
		if (*pool_used + n > FUZZ_MAX_VALUES)
			return false;
		v->list = pool + *pool_used;
		v->len = (uint32_t)n;
		for (i = 0; i < n; i++)
			if (!take(in, value_width(f->max - f->min), &raw))
				return false;
			else
				pool[(*pool_used)++] = fold(raw, f->min, f->max);
		return true;
	}
	return false;
}

struct fuzz_op {
	uint32_t op;
	struct vr_value args[VR_RESULTS_MAX];
	uint64_t pool[FUZZ_MAX_VALUES];
};

static bool decode_op(struct fuzz_in *in, const struct vr_model *m, struct fuzz_op *fo)
{
	uint32_t used = 0, i;
	uint64_t raw;

	if (!take(in, value_width(m->nops - 1), &raw))
		return false;
	fo->op = (uint32_t)(raw % m->nops);
	for (i = 0; i < m->ops[fo->op].nargs && i < VR_RESULTS_MAX; i++)
		if (!decode_value(in, &m->ops[fo->op].args[i], &fo->args[i], fo->pool, &used))
			return false;
	return true;
}

static bool decode_config(struct fuzz_in *in, const struct vr_model *m, struct vr_value *cfg,
			  uint64_t *pool)
{
	uint32_t used = 0, i;

	for (i = 0; i < m->nconfig; i++)
		if (!decode_value(in, &m->config[i], &cfg[i], pool, &used))
			return false;
	return true;
}

/*
 * Decodes and runs an input: ops the model rejects are skipped, the
 * invariants run after every applied op and the named checks at the end.
 * With @rec, the config and every applied op go into a new trace as
 * well, so that the reproducer replays exactly what ran.  Returns 0,
 * -VR_EINVARIANT (reason in @why, the check that failed in @check) or,
 * when recording, -ENOMEM.
 */
static int fuzz_drive(const struct vr_model *m, const uint8_t *data, size_t len,
		      struct vr_text *why, struct vr_trace **rec, const char **check)
{
	struct fuzz_in in_bytes = { data, len };
	struct vr_value cfg[VR_RESULTS_MAX];
	struct vr_instance *in = NULL;
	struct fuzz_op *fo;
	uint32_t n, i;
	int ret;

	if (m->nconfig > VR_RESULTS_MAX || !m->nops)
		return -EINVAL;
	fo = vr_malloc(sizeof(*fo));
	if (!fo)
		return -ENOMEM;
	/* Too short for a config, or one the model refuses: nothing runs. */
	ret = 0;
	if (!decode_config(&in_bytes, m, cfg, fo->pool))
		vr_config_defaults(m, cfg);
	else
		ret = vr_instance_create(m, cfg, &in);
	if (ret != -ENOMEM)
		ret = rec ? vr_trace_new(m, "fuzz reproducer", cfg, rec) : 0;
	for (n = 0; in && n < FUZZ_MAX_OPS && !ret && decode_op(&in_bytes, m, fo); n++) {
		struct trace_step st = { .kind = STEP_OP, .index = fo->op, .args = fo->args };
		bool rejected;
		int err = vri_step_run(in, &st, NULL, why, &rejected);

		/* A rejected op is skipped; a reproducer cannot skip a failed allocation. */
		if (rejected) {
			if (err == -ENOMEM && rec)
				ret = -ENOMEM;
			continue;
		}
		if (rec)
			ret = vr_trace_add_op(*rec, fo->op, fo->args);
		if (!ret && err) {
			vr_text_printf(why, "after op %u (%s) of the input\n", n + 1,
				       m->ops[fo->op].name);
			ret = -VR_EINVARIANT;
			*check = "invariants";
		}
	}
	for (i = 0; in && i < m->nchecks && !ret; i++) {
		ret = vri_instance_check_at(in, i + 1, why);
		if (ret == -VR_EINVARIANT)
			*check = m->checks[i].name;
	}
	for (i = 0; rec && *rec && i < m->nchecks && ret != -ENOMEM; i++) {
		struct trace_step *s = vri_trace_add_step(*rec);

		if (!s) {
			ret = -ENOMEM;
			break;
		}
		s->kind = STEP_CHECK;
		s->index = i + 1;
	}
	vr_instance_destroy(in);
	vr_free(fo);
	return ret;
}

/*
 * Numbers are what varies between two inputs that hit one defect (an
 * address, a count, a level), so each becomes N; the first line names
 * the problem, what follows only locates it.
 */
void vr_fuzz_signature(const char *why, char *buf, size_t size)
{
	size_t n = 0;
	char prev = ' ';

	if (!size)
		return;
	while (*why && *why != '\n' && n + 1 < size) {
		/* A digit inside a name (EP4TA, vcpu0) is part of the name. */
		bool word = (prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z') ||
			    (prev >= '0' && prev <= '9') || prev == '_';

		if (!word && *why >= '0' && *why <= '9') {
			bool hex = why[0] == '0' && (why[1] == 'x' || why[1] == 'X');

			why += hex ? 2 : 0;
			while ((*why >= '0' && *why <= '9') ||
			       (hex &&
				((*why >= 'a' && *why <= 'f') || (*why >= 'A' && *why <= 'F'))))
				why++;
			prev = buf[n++] = 'N';
			continue;
		}
		prev = buf[n++] = *why++;
	}
	buf[n] = '\0';
}

int vr_fuzz_find(const struct vr_model *m, const uint8_t *data, size_t len, struct vr_text *why,
		 struct vr_fuzz_finding *f)
{
	struct vr_text scratch = VR_TEXT_INIT;
	const char *check = NULL;
	struct vr_text *reason = why ? why : &scratch;
	size_t start = reason->len;
	int ret = fuzz_drive(m, data, len, reason, NULL, &check);

	if (f) {
		f->check = ret == -VR_EINVARIANT ? check : NULL;
		vr_fuzz_signature(ret == -VR_EINVARIANT ? vr_text_str(reason) + start : "",
				  f->signature, sizeof(f->signature));
	}
	vr_text_free(&scratch);
	/* An input the run cannot set up is skipped, not a finding. */
	return ret == -ENOMEM ? 0 : ret;
}

int vr_fuzz_run(const struct vr_model *m, const uint8_t *data, size_t len, struct vr_text *why)
{
	return vr_fuzz_find(m, data, len, why, NULL);
}

int vr_fuzz_decode(const struct vr_model *m, const uint8_t *data, size_t len, struct vr_trace **out)
{
	struct vr_text why = VR_TEXT_INIT;
	const char *check;
	int ret;

	*out = NULL;
	ret = fuzz_drive(m, data, len, &why, out, &check);
	vr_text_free(&why);
	/* A finding is what the reproducer is for: it still decodes. */
	if (ret == -VR_EINVARIANT)
		ret = 0;
	if (ret) {
		vr_trace_free(*out);
		*out = NULL;
	}
	return ret;
}

/* ---- encoding: the inverse, for seed corpora made from traces ---- */

static void put(struct vr_text *out, unsigned n, uint64_t v)
{
	unsigned i;
	char b;

	for (i = 0; i < n; i++) {
		b = (char)(uint8_t)(v >> (8 * i));
		vr_text_put(out, &b, 1);
	}
}

static void encode_value(struct vr_text *out, const struct vr_field *f, const struct vr_value *v)
{
	uint32_t i;

	switch (f->type) {
	case VR_T_U64:
	case VR_T_S64:
		put(out, value_width(f->max - f->min), v->u - f->min);
		return;
	case VR_T_BOOL:
		put(out, 1, v->u);
		return;
	case VR_T_ENUM:
		put(out, value_width(f->max), v->u);
		return;
	case VR_T_ERRNO:
		put(out, 1, (uint64_t) - (int64_t)v->u);
		return;
	case VR_T_LIST:
		put(out, 1, v->len < list_cap(f) ? v->len : list_cap(f));
		for (i = 0; i < v->len && i < list_cap(f); i++)
			put(out, value_width(f->max - f->min), v->list[i] - f->min);
		return;
	}
}

static void encode_op(struct vr_text *out, const struct vr_model *m, const struct trace_step *s)
{
	const struct vr_op *op = &m->ops[s->index];
	uint32_t a;

	put(out, value_width(m->nops - 1), s->index);
	for (a = 0; a < op->nargs; a++)
		encode_value(out, &op->args[a], &s->args[a]);
}

/* A trace whose arguments name earlier results: encoded as it runs, into @ctx. */
static int encode_visit(void *ctx, struct vr_instance *in, const struct vri_step_outcome *o)
{
	if (o->rejected || o->index >= FUZZ_MAX_OPS)
		return 1;
	if (o->step->kind == STEP_OP)
		encode_op(ctx, in->model, o->step);
	return 0;
}

static bool has_refs(const struct vr_trace *t)
{
	size_t i;

	for (i = 0; i < t->nsteps; i++)
		if (t->steps[i].has_refs)
			return true;
	return false;
}

int vr_fuzz_encode(const struct vr_trace *t, struct vr_text *out)
{
	const struct vr_model *m = t->model;
	size_t i;
	uint32_t a;

	for (a = 0; a < m->nconfig; a++)
		encode_value(out, &m->config[a], &t->config[a]);
	if (has_refs(t)) {
		struct vr_text why = VR_TEXT_INIT;
		struct vr_instance *in;
		int ret = vr_instance_create(m, t->config, &in);

		if (ret)
			return ret;
		ret = vri_steps_run(t, in, NULL, &why, encode_visit, out);
		vr_instance_destroy(in);
		vr_text_free(&why);
		if (ret < 0)
			return ret;
		return out->oom ? -ENOMEM : 0;
	}
	for (i = 0; i < t->nsteps && i < FUZZ_MAX_OPS; i++)
		if (t->steps[i].kind == STEP_OP)
			encode_op(out, m, &t->steps[i]);
	return out->oom ? -ENOMEM : 0;
}

int vr_fuzz_prefix_load(const struct vr_model *m, const char *path, struct vr_text *out,
			struct vr_text *err)
{
	struct vr_trace *t;
	int ret = vr_trace_load(path, &t, err);

	if (ret)
		return ret;
	if (t->model != m) {
		vr_text_printf(err, "%s:1:1: the trace is for model '%s', not '%s'", path,
			       t->model->name, m->name);
		ret = -VR_ETRACE;
	} else {
		ret = vr_fuzz_encode(t, out);
	}
	vr_trace_free(t);
	return ret;
}
