/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * virtref: replay, record and explain traces; list op tables; turn fuzz
 * inputs into readable reproducers; draw model state.
 *
 * Exit status: 0 everything matched, 1 a divergence or failed invariant,
 * 2 unusable input (reported as file:line:col: message) or bad usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <virtref/virtref.h>

enum exit_code { EXIT_MATCHED = 0, EXIT_DIVERGED = 1, EXIT_UNUSABLE = 2 };

static int cmd_replay(int argc, char **argv);
static int cmd_record(int argc, char **argv);
static int cmd_ops(int argc, char **argv);
static int cmd_fuzz_to_trace(int argc, char **argv);
static int cmd_trace_to_fuzz(int argc, char **argv);
static int cmd_dot(int argc, char **argv);

/* Each command with its usage, in --help's order. */
static const struct command {
	const char *name;
	const char *usage; /* synopsis and description, as --help lists it */
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "replay",
	  "  replay [--explain] [--quiet] [--no-compare] [--set KEY=VALUE]... TRACE...\n"
	  "                            apply each trace to its model; stop a trace at its\n"
	  "                            first divergence and report it; a TRACE of - is\n"
	  "                            standard input; --set overrides a config key,\n"
	  "                            --no-compare applies without judging the results\n",
	  cmd_replay },
	{ "record",
	  "  record [--accept] TRACE   print TRACE with its expectations set to what the\n"
	  "                            model produces, as written otherwise; list each\n"
	  "                            change on stderr and exit 1 (--accept: quietly, 0)\n",
	  cmd_record },
	{ "ops",
	  "  ops [MODEL]               list the models, or MODEL's ops with their\n"
	  "                            arguments, results and documentation\n",
	  cmd_ops },
	{ "fuzz-to-trace",
	  "  fuzz-to-trace [--prefix TRACE] MODEL FILE\n"
	  "                            print the fuzz input FILE as a readable trace (after\n"
	  "                            TRACE's config and ops, as VIRTREF_FUZZ_PREFIX ran it)\n",
	  cmd_fuzz_to_trace },
	{ "trace-to-fuzz",
	  "  trace-to-fuzz TRACE FILE  write TRACE's config and ops as a fuzz input\n",
	  cmd_trace_to_fuzz },
	{ "dot",
	  "  dot TRACE                 replay TRACE, then draw the model state (Graphviz);\n"
	  "                            a failing TRACE draws the state it failed in\n",
	  cmd_dot },
};

static void print_help(FILE *f)
{
	size_t i;

	fputs("usage: virtref COMMAND [ARGS]\n\n", f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fputs(commands[i].usage, f);
	fputs("  --help, --version\n\n"
	      "Exit status: 0 all matched, 1 divergence or failed invariant, 2 unusable input.\n",
	      f);
}

/*
 * Prints "virtref: MSG" or "virtref: MSG 'ARG'", then the usage of the
 * command MSG starts with ("replay: ...") or where to find the commands;
 * exit 2.
 */
static int usage_error(const char *msg, const char *arg)
{
	size_t i, len = strcspn(msg, ":");

	if (arg)
		fprintf(stderr, "virtref: %s '%s'\n", msg, arg);
	else
		fprintf(stderr, "virtref: %s\n", msg);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const char *u = commands[i].usage + 2, *nl = strchr(u, '\n'),
			   *gap = strstr(u, "  ");

		if (msg[len] != ':' || strlen(commands[i].name) != len ||
		    strncmp(msg, commands[i].name, len))
			continue;
		/* The synopsis on its own line, the description in its column. */
		if (gap && gap < nl)
			fprintf(stderr, "usage: virtref %.*s\n%28s%s", (int)(gap - u), u, "",
				gap + strspn(gap, " "));
		else
			fprintf(stderr, "usage: virtref %s", u);
		return EXIT_UNUSABLE;
	}
	fputs("Run 'virtref --help' for the commands.\n", stderr);
	return EXIT_UNUSABLE;
}

/* Prints @t and reports whether it ran out of memory. */
static int emit(FILE *f, const struct vr_text *t)
{
	fputs(vr_text_str(t), f);
	return t->oom ? -ENOMEM : 0;
}

static int load(const char *path, struct vr_trace **t)
{
	struct vr_text err = VR_TEXT_INIT;
	int ret = vr_trace_load(path, t, &err);

	if (ret) {
		if (ret == -ENOMEM && !err.len)
			fprintf(stderr, "%s:0:0: out of memory\n", path);
		else
			fprintf(stderr, "%s\n", vr_text_str(&err));
	}
	vr_text_free(&err);
	return ret;
}

/* Applies every --set KEY=VALUE of the command line to @t; frees it on failure. */
static int set_config(struct vr_trace *t, int argc, char **argv)
{
	struct vr_text err = VR_TEXT_INIT;
	int i, ret = 0;

	for (i = 0; i + 1 < argc && !ret; i++)
		if (!strcmp(argv[i], "--set"))
			ret = vr_trace_set_config(t, argv[++i], &err);
	if (ret) {
		fprintf(stderr, "%s\n", err.len ? vr_text_str(&err) : "--set: out of memory");
		vr_trace_free(t);
	}
	vr_text_free(&err);
	return ret;
}

static int cmd_replay(int argc, char **argv)
{
	unsigned flags = VR_REPLAY_QUIET;
	int worst = EXIT_MATCHED, i, ntraces = 0;
	int counts[3] = { 0, 0, 0 };
	bool quiet = false;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--explain"))
			flags |= VR_REPLAY_EXPLAIN;
		else if (!strcmp(argv[i], "--quiet"))
			quiet = true;
		else if (!strcmp(argv[i], "--no-compare"))
			flags |= VR_REPLAY_NO_COMPARE;
		else if (!strcmp(argv[i], "--set") && i + 1 < argc)
			i++;
		else if (!strcmp(argv[i], "--set"))
			return usage_error("replay: --set needs KEY=VALUE", NULL);
		else if (argv[i][0] == '-' && argv[i][1])
			return usage_error("replay: unknown option", argv[i]);
		else
			ntraces++;
	}
	if (!ntraces)
		return usage_error("replay: no trace given", NULL);
	for (i = 0; i < argc; i++) {
		struct vr_text out = VR_TEXT_INIT;
		const char *name = strcmp(argv[i], "-") ? argv[i] : "<stdin>";
		struct vr_replay_stats st;
		struct vr_trace *t;
		int ret, code;

		if (!strcmp(argv[i], "--set")) {
			i++;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			continue;
		if (load(argv[i], &t) || set_config(t, argc, argv)) {
			counts[EXIT_UNUSABLE]++;
			worst = EXIT_UNUSABLE;
			continue;
		}
		ret = vr_replay(t, flags, &out, &st);
		code = ret == 0					? EXIT_MATCHED
		       : ret == -VR_EREJECTED || ret == -ENOMEM ? EXIT_UNUSABLE
								: EXIT_DIVERGED;
		fwrite(vr_text_str(&out), 1, st.report_at, stdout);
		fflush(stdout);
		fputs(vr_text_str(&out) + st.report_at, stderr);
		if (!quiet && !ret && (flags & VR_REPLAY_NO_COMPARE))
			printf("%s: %zu steps applied, results not compared\n", name, st.steps);
		else if (!quiet && !ret)
			printf("%s: %zu steps, all matched\n", name, st.steps);
		else if (!quiet)
			printf("%s: stopped at step %zu of %zu (%zu matched)\n", name,
			       st.failed_step == SIZE_MAX ? 0 : st.failed_step + 1, st.steps,
			       st.matched);
		if (flags & VR_REPLAY_EXPLAIN)
			printf("\n");
		counts[code]++;
		if (code > worst)
			worst = code;
		vr_text_free(&out);
		vr_trace_free(t);
	}
	if (ntraces > 1 && !quiet)
		printf("replayed %d traces: %d matched, %d diverged, %d unusable\n", ntraces,
		       counts[EXIT_MATCHED], counts[EXIT_DIVERGED], counts[EXIT_UNUSABLE]);
	return worst;
}

/*
 * Prints a trace via vr_record(); exit status as for replay, and 1 when
 * an expectation changed unless @accept.  The changes go to stderr.
 */
static int print_recorded(const struct vr_trace *t, bool accept)
{
	struct vr_text out = VR_TEXT_INIT, changes = VR_TEXT_INIT;
	int ret = vr_record(t, &out, &changes);

	emit(stdout, &out);
	if (!accept)
		fputs(vr_text_str(&changes), stderr);
	vr_text_free(&out);
	if (ret == -ENOMEM || ret == -VR_EREJECTED)
		ret = EXIT_UNUSABLE;
	else if (ret || (changes.len && !accept))
		ret = EXIT_DIVERGED;
	vr_text_free(&changes);
	return ret;
}

static int cmd_record(int argc, char **argv)
{
	bool accept = argc > 0 && !strcmp(argv[0], "--accept");
	struct vr_trace *t;
	int code;

	if (argc != 1 + accept || (argv[accept][0] == '-' && argv[accept][1]))
		return usage_error("record: give exactly one trace", NULL);
	if (load(argv[accept], &t))
		return EXIT_UNUSABLE;
	code = print_recorded(t, accept);
	vr_trace_free(t);
	return code;
}

static const char *type_name(const struct vr_field *f)
{
	static const char *const names[] = {
		[VR_T_U64] = "u64",   [VR_T_S64] = "s64",     [VR_T_BOOL] = "bool",
		[VR_T_ENUM] = "enum", [VR_T_ERRNO] = "errno", [VR_T_LIST] = "list",
	};

	return names[f->type];
}

/* Numbers as the trace format writes them: small ones in decimal. */
static void print_num(const struct vr_field *f, uint64_t v)
{
	if (f->hex || v >= 4096)
		printf("0x%llx", (unsigned long long)v);
	else
		printf("%llu", (unsigned long long)v);
}

static void print_field(const struct vr_field *f, bool with_range)
{
	uint64_t i;

	printf("      %-14s %-6s", f->name, type_name(f));
	if (with_range && f->type == VR_T_U64) {
		printf(" ");
		print_num(f, f->min);
		printf("..");
		print_num(f, f->max);
	}
	if (with_range && f->type == VR_T_S64)
		printf(" %lld..%lld", (long long)f->min, (long long)f->max);
	if (f->type == VR_T_ENUM) {
		printf(" {");
		for (i = 0; i <= f->max; i++)
			printf("%s%s", i ? " | " : "", vr_field_enum_name(f, i));
		printf("}");
	}
	if (with_range && f->type == VR_T_LIST) {
		printf(" up to %u of ", f->max_len);
		print_num(f, f->min);
		printf("..");
		print_num(f, f->max);
	}
	if (with_range && f->optional) {
		if (f->type == VR_T_ENUM)
			printf(" (default %s)", vr_field_enum_name(f, f->def));
		else if (f->type == VR_T_BOOL)
			printf(" (default %s)", f->def ? "true" : "false");
		else if (f->type == VR_T_S64)
			printf(" (default %lld)", (long long)f->def);
		else {
			printf(" (default ");
			print_num(f, f->def);
			printf(")");
		}
	}
	printf("\n        %s\n", f->doc ? f->doc : "");
}

static int cmd_ops(int argc, char **argv)
{
	const struct vr_model *m;
	uint32_t i, j;

	if (argc > 1)
		return usage_error("ops: give at most one model", NULL);
	if (!argc) {
		printf("models:\n");
		for (i = 0; i < vr_model_count(); i++)
			printf("  %-6s %s\n", vr_model_at(i)->name, vr_model_at(i)->doc);
		return EXIT_MATCHED;
	}
	m = vr_model_find(argv[0]);
	if (!m)
		return usage_error("ops: unknown model", argv[0]);
	printf("model %s: %s\n\n  config:\n", m->name, m->doc);
	for (i = 0; i < m->nconfig; i++)
		print_field(&m->config[i], true);
	if (m->nmem_spaces) {
		printf("\n  memory spaces (for mem steps):");
		for (i = 0; i < m->nmem_spaces; i++)
			printf(" %s", m->mem_spaces[i]);
		printf("\n");
	}
	printf("\n  checks:\n      invariants\n        every safety property of the model\n");
	for (i = 0; i < m->nchecks; i++)
		printf("      %s\n        %s\n", m->checks[i].name, m->checks[i].doc);
	for (i = 0; i < m->nops; i++) {
		const struct vr_op *op = &m->ops[i];

		printf("\n  op %s\n    %s\n", op->name, op->doc);
		if (op->nargs)
			printf("    args:\n");
		for (j = 0; j < op->nargs; j++)
			print_field(&op->args[j], true);
		if (op->nresults)
			printf("    results:\n");
		for (j = 0; j < op->nresults; j++)
			print_field(&op->results[j], false);
	}
	return EXIT_MATCHED;
}

/* Fuzz inputs larger than this are not fuzz inputs. */
#define MAX_FUZZ_INPUT (16u << 20)

/* Reads a whole file into memory; prints "file:0:0: ..." on failure. */
static int read_file(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;

	*buf = NULL;
	if (!f) {
		fprintf(stderr, "%s:0:0: cannot read: %s\n", path, strerror(errno));
		return -1;
	}
	p = malloc(MAX_FUZZ_INPUT + 1);
	*len = p ? fread(p, 1, MAX_FUZZ_INPUT + 1, f) : 0;
	if (!p || ferror(f) || *len > MAX_FUZZ_INPUT) {
		fprintf(stderr, "%s:0:0: cannot read: %s\n", path,
			!p	    ? "out of memory"
			: ferror(f) ? strerror(errno)
				    : "file too large");
		free(p);
		fclose(f);
		return -1;
	}
	fclose(f);
	*buf = p;
	return 0;
}

/*
 * Says on stderr what the input finds and makes sure the decoded trace
 * finds the same: same check, same signature.  An input that finds
 * nothing without a prefix may be a prefixed harness's finding, which
 * would decode as another program: that is said too.  Returns 0,
 * -VR_EDIVERGED (reported) or -ENOMEM.
 */
static int decoded_reproduces(const struct vr_model *m, const struct vr_text *input,
			      const struct vr_trace *t, const char *file, const char *prefix)
{
	struct vr_fuzz_finding want, got;
	struct vr_text again = VR_TEXT_INIT;
	int ret = vr_fuzz_find(m, (const uint8_t *)vr_text_str(input), input->len, NULL, &want);

	if (!ret) {
		fprintf(stderr, "%s: no finding%s\n", file,
			prefix ? ""
			       : " without a prefix; if a harness run with "
				 "VIRTREF_FUZZ_PREFIX=TRACE "
				 "found it, decode it with --prefix TRACE");
		return 0;
	}
	fprintf(stderr, "%s: finding: %s: %s\n", file, want.check, want.signature);
	ret = vr_fuzz_encode(t, &again);
	if (!ret)
		ret = vr_fuzz_find(m, (const uint8_t *)vr_text_str(&again), again.len, NULL, &got);
	vr_text_free(&again);
	if (ret == -ENOMEM)
		return ret;
	if (ret != -VR_EINVARIANT || strcmp(got.check, want.check) ||
	    strcmp(got.signature, want.signature)) {
		fprintf(stderr,
			"%s: the decoded trace does not reproduce the finding (it finds %s%s%s)\n",
			file, ret ? got.check : "nothing", ret ? ": " : "",
			ret ? got.signature : "");
		return -VR_EDIVERGED;
	}
	return 0;
}

static int cmd_fuzz_to_trace(int argc, char **argv)
{
	struct vr_text input = VR_TEXT_INIT, err = VR_TEXT_INIT;
	const char *prefix = NULL;
	const struct vr_model *m;
	struct vr_trace *t;
	uint8_t *buf;
	size_t len;
	int code, ret;

	if (argc >= 2 && !strcmp(argv[0], "--prefix")) {
		prefix = argv[1];
		argc -= 2;
		argv += 2;
	}
	if (argc != 2)
		return usage_error("fuzz-to-trace: give a model and a file", NULL);
	m = vr_model_find(argv[0]);
	if (!m)
		return usage_error("fuzz-to-trace: unknown model", argv[0]);
	if (prefix && vr_fuzz_prefix_load(m, prefix, &input, &err)) {
		fprintf(stderr, "%s\n", err.len ? vr_text_str(&err) : "virtref: out of memory");
		vr_text_free(&err);
		vr_text_free(&input);
		return EXIT_UNUSABLE;
	}
	if (read_file(argv[1], &buf, &len)) {
		vr_text_free(&input);
		return EXIT_UNUSABLE;
	}
	vr_text_put(&input, (const char *)buf, len);
	free(buf);
	ret = input.oom ? -ENOMEM
			: vr_fuzz_decode(m, (const uint8_t *)vr_text_str(&input), input.len, &t);
	if (!ret)
		ret = decoded_reproduces(m, &input, t, argv[1], prefix);
	vr_text_free(&input);
	if (ret) {
		if (ret != -VR_EDIVERGED)
			fprintf(stderr, "%s:0:0: %s\n", argv[1], vr_strerror(ret));
		vr_trace_free(t);
		return EXIT_UNUSABLE;
	}
	code = print_recorded(t, true);
	vr_trace_free(t);
	return code;
}

static int cmd_trace_to_fuzz(int argc, char **argv)
{
	struct vr_text out = VR_TEXT_INIT;
	struct vr_trace *t;
	FILE *f;
	int ret;

	if (argc != 2)
		return usage_error("trace-to-fuzz: give a trace and an output file", NULL);
	if (load(argv[0], &t))
		return EXIT_UNUSABLE;
	ret = vr_fuzz_encode(t, &out);
	vr_trace_free(t);
	f = ret ? NULL : fopen(argv[1], "wb");
	if (!f || fwrite(out.buf ? out.buf : "", 1, out.len, f) != out.len) {
		fprintf(stderr, "%s:0:0: cannot write: %s\n", argv[1],
			ret ? vr_strerror(ret) : strerror(errno));
		if (f)
			fclose(f);
		vr_text_free(&out);
		return EXIT_UNUSABLE;
	}
	vr_text_free(&out);
	return fclose(f) ? EXIT_UNUSABLE : EXIT_MATCHED;
}

static int cmd_dot(int argc, char **argv)
{
	struct vr_text out = VR_TEXT_INIT, report = VR_TEXT_INIT;
	struct vr_trace *t;
	int ret;

	if (argc != 1)
		return usage_error("dot: give exactly one trace", NULL);
	if (load(argv[0], &t))
		return EXIT_UNUSABLE;
	if (!vr_trace_model(t)->dot) {
		fprintf(stderr, "%s:0:0: model %s cannot draw its state\n", argv[0],
			vr_trace_model(t)->name);
		vr_trace_free(t);
		return EXIT_UNUSABLE;
	}
	/* A failing trace still draws the state its failing step left. */
	ret = vr_dot(t, &out, &report);
	fputs(vr_text_str(&report), stderr);
	fputs(vr_text_str(&out), stdout);
	vr_text_free(&report);
	vr_text_free(&out);
	vr_trace_free(t);
	if (!ret)
		return EXIT_MATCHED;
	return ret == -VR_EREJECTED || ret == -ENOMEM ? EXIT_UNUSABLE : EXIT_DIVERGED;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return usage_error("no command given", NULL);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_help(stdout);
		return EXIT_MATCHED;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("virtref %s\n", vr_version());
		return EXIT_MATCHED;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 2, argv + 2);
	return usage_error("unknown command", argv[1]);
}
