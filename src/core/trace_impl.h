/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A trace compiled against its model's op table: every name resolved to
 * an index and every value checked, so replay only applies and compares.
 */
#ifndef VIRTREF_CORE_TRACE_IMPL_H
#define VIRTREF_CORE_TRACE_IMPL_H

#include <stdbool.h>
#include <virtref/trace.h>
#include <virtref/text.h>

enum step_kind { STEP_OP, STEP_CHECK, STEP_MEM };

/* How a `mem:` step wrote its data, so that record writes it back alike. */
struct mem_format {
	const char *key; /* "u8", "be16", ... */
	unsigned width;	 /* bytes per element */
	bool big;
};

/* How the user wrote a value, so that record and reports keep its base. */
enum value_style { STYLE_NONE, STYLE_DEC, STYLE_HEX, STYLE_ERRNO };

/*
 * Where a value was written in the trace's source, in bytes; and, for a
 * value written as `$name.key`, the result it stands for.
 */
struct value_span {
	uint32_t start, end;
	enum value_style style;
	uint32_t ref;	     /* 1 + the index of the step named `name`; 0: a literal */
	uint32_t ref_result; /* index of `key` among that step's results */
};

struct trace_step {
	enum step_kind kind;
	uint32_t line, col;
	uint32_t index;		 /* op index, or check index (0: invariants) */
	const char *note;	 /* optional `note:` text */
	const char *as;		 /* optional `as:` name its results are referred to by */
	uint32_t as_slot;	 /* with `as`: which of the trace's saved result sets */
	bool has_refs;		 /* an argument or expectation is `$name.key` */
	struct vr_value *args;	 /* STEP_OP: nargs values, defaults filled */
	struct vr_value *expect; /* STEP_OP: nresults values */
	uint64_t expect_mask;	 /* bit i: results[i] is expected */
	/* Parsed steps only: where each expected value was written (NULL
	 * without `expect:`), where the step's last value ends, and the
	 * column of its keys (0 when the step is a flow mapping). */
	struct value_span *expect_at;
	struct value_span *args_at; /* parsed steps: how each argument was written */
	uint32_t src_end;
	uint32_t key_col;
	/* STEP_MEM */
	uint32_t space;
	const struct mem_format *fmt;
	uint64_t addr;
	uint64_t *elems;
	uint32_t nelems;
};

/* Chunked bump allocation for everything a trace owns. */
struct trace_chunk {
	struct trace_chunk *next;
	size_t used, size;
	_Alignas(8) unsigned char data[];
};

struct vr_trace {
	const struct vr_model *model;
	char *file;
	const char *name;
	const char *description; /* NULL when the trace has none */
	struct vr_value *config;
	struct trace_step *steps;
	size_t nsteps, cap;
	uint32_t nnamed; /* steps with `as:` */
	struct trace_chunk *chunks;
	const char *src; /* the text it was parsed from, or NULL when built */
	size_t srclen;
};

extern const struct mem_format vri_mem_formats[];
extern const size_t vri_mem_nformats;

/* Zeroed storage owned by @t; NULL when out of memory. */
void *vri_trace_alloc(struct vr_trace *t, size_t size);
char *vri_trace_strdup(struct vr_trace *t, const char *s);
/* Appends a zeroed step; NULL when out of memory. */
struct trace_step *vri_trace_add_step(struct vr_trace *t);
/* An empty trace of model @m named @name, with config defaults. */
int vri_trace_create(const struct vr_model *m, const char *file, const char *name,
		     struct vr_trace **out);

/* Writes @v as the trace format spells a value of field @f. */
void vri_trace_format_value(struct vr_text *out, const struct vr_field *f,
			    const struct vr_value *v);
/* The same in the base @style the user wrote (STYLE_NONE: the default). */
void vri_trace_format_styled(struct vr_text *out, const struct vr_field *f,
			     const struct vr_value *v, enum value_style style);
/* Whether two values of field @f are the same. */
bool vri_value_equal(const struct vr_field *f, const struct vr_value *a, const struct vr_value *b);
/*
 * Writes "{ a: 1, b: 2 }" for the fields in @mask (all when ~0), each in
 * the base @at says it was written in (@at NULL: the default bases).
 */
void vri_trace_format_map(struct vr_text *out, const struct vr_field *f, uint32_t n,
			  const struct vr_value *v, uint64_t mask, const struct value_span *at);
/* Arguments worth writing: required ones, lists, and any not at its default. */
uint64_t vri_trace_args_to_show(const struct vr_op *op, const struct vr_value *args);
/* Writes every line of @text to @out with @prefix before it. */
void vri_trace_prefix_lines(struct vr_text *out, const char *prefix, const char *text);
/* Writes @s as a double-quoted YAML string. */
void vri_trace_format_string(struct vr_text *out, const char *s);
/* Writes the step's op, check or mem part the way a trace spells it. */
void vri_trace_format_step_head(struct vr_text *out, const struct vr_trace *t,
				const struct trace_step *s);

#endif
