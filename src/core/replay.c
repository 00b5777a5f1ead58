/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Replay: apply a trace's steps to a fresh model instance and stop at the
 * first difference, reporting it the way a trace checker should: where
 * (step, op, file:line), what (expected against observed, key by key) and
 * the model state it happened in.
 */
#include <ctype.h>
#include <string.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include <virtref/replay.h>
#include "core/step.h"

/* Appends "  key: expected X, observed Y" for every differing key. */
static bool compare_results(const struct trace_step *st, const struct vr_op *op,
			    const struct vr_call *call, struct vr_text *out)
{
	bool same = true;
	uint32_t i;

	for (i = 0; i < op->nresults; i++) {
		if (!(st->expect_mask & (1ULL << i)))
			continue;
		enum value_style style = st->expect_at ? st->expect_at[i].style : STYLE_NONE;

		if ((call->produced & (1ULL << i)) &&
		    vri_value_equal(&op->results[i], &st->expect[i], &call->res[i]))
			continue;
		/* Both values in the base the trace wrote the expected one in. */
		if (out) {
			vr_text_printf(out, "  %s: expected ", op->results[i].name);
			vri_trace_format_styled(out, &op->results[i], &st->expect[i], style);
			vr_text_puts(out, ", observed ");
			if (call->produced & (1ULL << i))
				vri_trace_format_styled(out, &op->results[i], &call->res[i], style);
			else
				vr_text_puts(out, "nothing (the model did not produce this key)");
			vr_text_puts(out, "\n");
		}
		same = false;
	}
	return same;
}

/* Writes @text word-wrapped to 78 columns, each line indented by @indent. */
static void wrap(struct vr_text *out, const char *indent, const char *text)
{
	size_t col = 0, w;

	while (*text) {
		if (*text == '\n') {
			vr_text_puts(out, "\n");
			col = 0;
			text++;
			continue;
		}
		if (*text == ' ') {
			text++;
			continue;
		}
		w = strcspn(text, " \n");
		if (col && col + 1 + w > 78) {
			vr_text_puts(out, "\n");
			col = 0;
		}
		if (!col) {
			vr_text_puts(out, indent);
			col = strlen(indent);
		} else {
			vr_text_puts(out, " ");
			col++;
		}
		vr_text_put(out, text, w);
		col += w;
		text += w;
	}
	if (col)
		vr_text_puts(out, "\n");
}

/* One line per step for --explain: "  3. set_reg { ... }  =>  { ret: 0 }". */
#define NARRATION_PREFIX "    # "
/* A run of this many alike lines or more shows its first and last only. */
#define NARRATION_RUN 4

/* The length of narration line @s, up to its newline or end. */
static size_t line_len(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl ? (size_t)(nl - s) : strlen(s);
}

/*
 * Two lines are alike when they differ in 0x-numbers only (addresses,
 * frames, indices), so "removed 1 leaf" never joins a run of "removed 0".
 */
static bool lines_alike(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	while (i < alen && j < blen) {
		bool ha = a[i] == '0' && i + 1 < alen && a[i + 1] == 'x';
		bool hb = b[j] == '0' && j + 1 < blen && b[j + 1] == 'x';

		if (ha && hb) {
			for (i += 2; i < alen && isxdigit((unsigned char)a[i]); i++)
				;
			for (j += 2; j < blen && isxdigit((unsigned char)b[j]); j++)
				;
			continue;
		}
		if (a[i++] != b[j++])
			return false;
	}
	return i == alen && j == blen;
}

/* Appends one narration line, with the comment prefix it may lack. */
static void put_narration_line(struct vr_text *out, const char *s, size_t len)
{
	size_t plen = strlen(NARRATION_PREFIX);

	if (len < plen || strncmp(s, NARRATION_PREFIX, plen))
		vr_text_puts(out, NARRATION_PREFIX);
	vr_text_put(out, s, len);
	vr_text_puts(out, "\n");
}

/*
 * Copies a step's narration: every line a YAML comment under the step
 * (a multi-line message keeps its prefix on each line), and a run of
 * alike lines summarised as its first line, a count and its last line.
 */
static void put_narration(struct vr_text *out, const char *s)
{
	while (*s) {
		size_t len = line_len(s), n = 1, last_len = len;
		const char *next = s + len + (s[len] == '\n'), *last = s;

		while (*next) {
			size_t nlen = line_len(next);

			if (!lines_alike(s, len, next, nlen))
				break;
			last = next;
			last_len = nlen;
			n++;
			next += nlen + (next[nlen] == '\n');
		}
		if (n < NARRATION_RUN) {
			next = s + len + (s[len] == '\n');
			put_narration_line(out, s, len);
			s = next;
			continue;
		}
		put_narration_line(out, s, len);
		vr_text_printf(out, NARRATION_PREFIX "... %zu more alike, the last:\n", n - 2);
		put_narration_line(out, last, last_len);
		s = next;
	}
}

static void explain_step(struct vr_text *out, const struct vr_trace *t, size_t i,
			 const struct trace_step *st, const struct vr_instance *in,
			 struct vr_text *narration)
{
	const struct vr_model *m = t->model;

	if (st->note) {
		vr_text_puts(out, "\n");
		wrap(out, "  ", st->note);
	}
	vr_text_printf(out, "  %3zu. ", i + 1);
	if (st->kind == STEP_OP) {
		const struct vr_op *op = &m->ops[st->index];

		vr_text_printf(out, "%s ", op->name);
		vri_trace_format_map(out, op->args, op->nargs, st->args,
				     vri_trace_args_to_show(op, st->args), st->args_at);
		vr_text_puts(out, "  =>  ");
		vri_trace_format_map(out, op->results, op->nresults, in->call.res,
				     in->call.produced, st->expect_at);
	} else {
		vri_trace_format_step_head(out, t, st);
	}
	vr_text_puts(out, "\n");
	put_narration(out, vr_text_str(narration));
	if (narration->oom)
		out->oom = true; /* narration lost: the whole output is incomplete */
	vr_text_clear(narration);
}

static void report_state(struct vr_text *out, struct vr_instance *in, size_t step)
{
	struct vr_text dump = VR_TEXT_INIT;

	if (!in->model->dump)
		return;
	vr_instance_dump(in, &dump);
	vr_text_printf(out, "model state after step %zu:\n", step + 1);
	vri_trace_prefix_lines(out, "  ", vr_text_str(&dump));
	vr_text_free(&dump);
}

static const char *step_what(const struct vr_trace *t, const struct trace_step *st)
{
	if (st->kind == STEP_OP)
		return t->model->ops[st->index].name;
	return st->kind == STEP_MEM ? "mem" : "check";
}

/* What the replay loop's visitor needs between steps. */
struct replay_run {
	const struct vr_trace *t;
	struct vr_text *out;
	struct vr_text *narration; /* NULL unless explaining */
	struct vr_text *why;
	struct vr_replay_stats *st;
	bool compare; /* results are held against `expect` */
};

/* Reports the first step that was rejected, diverged or broke an invariant. */
static int replay_visit(void *ctx, struct vr_instance *in, const struct vri_step_outcome *o)
{
	struct replay_run *r = ctx;
	const struct vr_trace *t = r->t;
	const struct trace_step *s = o->step;
	struct vr_text *out = r->out;
	size_t i = o->index;

	if (r->narration)
		explain_step(out, t, i, s, in, r->narration);
	r->st->report_at = out->len;
	r->st->failed_step = i; /* stays only if this step fails */
	if (o->rejected) {
		const char *why = s->kind == STEP_OP ? vr_instance_reason(in) : "";

		vr_text_printf(out, "%s:%u:%u: step %zu (%s) %s: ", t->file, s->line, s->col, i + 1,
			       step_what(t, s),
			       o->ret == -ENOMEM ? "ran out of memory" : "rejected by the model");
		if (why[0] && vr_errno_name(o->ret))
			vr_text_printf(out, "%s: %s\n", vr_errno_name(o->ret), why);
		else
			vr_text_printf(out, "%s\n", vr_strerror(o->ret));
		return o->ret == -ENOMEM ? -ENOMEM : -VR_EREJECTED;
	}
	r->st->applied++;
	if (s->kind == STEP_OP && r->compare &&
	    !compare_results(s, &t->model->ops[s->index], &in->call, NULL)) {
		vr_text_printf(out, "%s:%u:%u: step %zu (op %s) diverged from the trace:\n",
			       t->file, s->line, s->col, i + 1, step_what(t, s));
		compare_results(s, &t->model->ops[s->index], &in->call, out);
		report_state(out, in, i);
		return -VR_EDIVERGED;
	}
	if (o->ret) {
		vr_text_printf(out, "%s:%u:%u: step %zu (%s): invariant violated:\n", t->file,
			       s->line, s->col, i + 1, step_what(t, s));
		vri_trace_prefix_lines(out, "  ", vr_text_str(r->why));
		report_state(out, in, i);
		return o->ret;
	}
	r->st->matched++;
	return 0;
}

static void explain_header(struct vr_text *out, const struct vr_trace *t)
{
	vr_text_printf(out, "%s: model %s", t->file, t->model->name);
	if (t->name[0])
		vr_text_printf(out, ", \"%s\"", t->name);
	if (t->model->nconfig) {
		vr_text_puts(out, ", config ");
		vri_trace_format_map(out, t->model->config, t->model->nconfig, t->config,
				     t->model->nconfig >= 64 ? UINT64_MAX
							     : (1ULL << t->model->nconfig) - 1,
				     NULL);
	}
	vr_text_puts(out, "\n");
	if (t->description) {
		vr_text_puts(out, "\n");
		wrap(out, "  ", t->description);
	}
}

/* Replays @t; on success hands the live instance to @keep when asked. */
static int replay(const struct vr_trace *t, unsigned flags, struct vr_text *out,
		  struct vr_replay_stats *stats, struct vr_instance **keep)
{
	struct vr_replay_stats st = { .steps = t->nsteps, .failed_step = SIZE_MAX };
	struct vr_text narration = VR_TEXT_INIT, why = VR_TEXT_INIT;
	bool explain = flags & VR_REPLAY_EXPLAIN;
	struct replay_run run = { t,	out, explain ? &narration : NULL,
				  &why, &st, !(flags & VR_REPLAY_NO_COMPARE) };
	struct vr_instance *in;
	int ret;

	ret = vr_instance_create(t->model, t->config, &in);
	if (ret) {
		st.report_at = out->len;
		vr_text_printf(out, "%s:1:1: cannot create the %s model: %s\n", t->file,
			       t->model->name, vr_strerror(ret));
		goto done;
	}
	if (explain)
		explain_header(out, t);
	ret = vri_steps_run(t, in, run.narration, &why, replay_visit, &run);
	if (!ret) {
		st.failed_step = SIZE_MAX;
		st.report_at = out->len;
	}
	/* A failed step leaves a state worth drawing; out of memory does not. */
	if (keep && ret != -ENOMEM)
		*keep = in;
	else
		vr_instance_destroy(in);
done:
	if (!(flags & VR_REPLAY_QUIET)) {
		if (!ret && !run.compare)
			vr_text_printf(out, "%s: %zu steps applied, results not compared\n",
				       t->file, st.steps);
		else if (!ret)
			vr_text_printf(out, "%s: %zu steps, all matched\n", t->file, st.steps);
		else
			vr_text_printf(out, "%s: stopped at step %zu of %zu (%zu matched)\n",
				       t->file, st.failed_step == SIZE_MAX ? 0 : st.failed_step + 1,
				       st.steps, st.matched);
	}
	if (!ret && (out->oom || narration.oom))
		ret = -ENOMEM;
	vr_text_free(&narration);
	vr_text_free(&why);
	if (stats)
		*stats = st;
	return ret;
}

int vr_replay(const struct vr_trace *t, unsigned flags, struct vr_text *out,
	      struct vr_replay_stats *stats)
{
	return replay(t, flags, out, stats, NULL);
}

/*
 * Puts the failure report's lines (up to the model state, which the
 * picture shows) into the digraph as its label, before the closing brace.
 */
static void label_failure(struct vr_text *dot, const char *report)
{
	const char *end = strstr(report, "model state after step");
	struct vr_text label = VR_TEXT_INIT;
	size_t close = dot->len;
	const char *p;

	while (close && dot->buf[close - 1] != '}')
		close--;
	if (!close)
		return;
	if (!end)
		end = report + strlen(report);
	for (p = report; p < end; p++) {
		if (*p == '\n')
			vr_text_puts(&label, "\\l");
		else if (*p == '"' || *p == '\\')
			vr_text_printf(&label, "\\%c", *p);
		else
			vr_text_put(&label, p, 1);
	}
	vr_text_printf(&label, "\"; labelloc=t; labeljust=l; fontcolor=red;\n}\n");
	dot->len = close - 1;
	vr_text_puts(dot, "  label=\"");
	vr_text_put(dot, vr_text_str(&label), label.len);
	if (label.oom)
		dot->oom = true;
	vr_text_free(&label);
}

int vr_dot(const struct vr_trace *t, struct vr_text *out, struct vr_text *report)
{
	struct vr_instance *in = NULL;
	int ret, dret;

	if (!t->model->dot)
		return -EOPNOTSUPP;
	ret = replay(t, VR_REPLAY_QUIET, report, NULL, &in);
	if (!in)
		return ret;
	dret = vr_instance_dot(in, out);
	vr_instance_destroy(in);
	if (!dret && ret)
		label_failure(out, vr_text_str(report));
	if (!dret && out->oom)
		dret = -ENOMEM;
	return ret ? ret : dret;
}
