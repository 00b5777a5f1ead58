/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The op table: how a model describes itself once, so that trace replay
 * and record, fuzzing, explain narration and `virtref ops` all come from
 * the same description without per-model code.
 *
 *   struct vr_model            name, config fields, create/destroy,
 *     |                        invariants, dump, memory spaces
 *     +-- struct vr_op[]       name, doc, apply()
 *           +-- args[]         struct vr_field: name, type, range, default
 *           +-- results[]      struct vr_field: name, type
 *
 * apply() reads its arguments (already checked against their ranges, with
 * defaults filled in), calls the kernel-shaped layer, stores the results
 * it observed with vr_res_*() and narrates with vr_explain().  It returns
 * 0 when the step was carried out -- whatever the kernel-shaped function
 * returned, which is a result like any other -- or a negative errno when
 * the step cannot be applied to this state at all (an index naming an
 * object that does not exist): replay reports that as VR_EREJECTED and the
 * fuzzer simply moves on.
 */
#ifndef VIRTREF_MODEL_H
#define VIRTREF_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <virtref/api.h>
#include <virtref/text.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vr_mem;

enum vr_type {
	VR_T_U64,   /* unsigned, in [min, max]; shown in hex if .hex or >= 4096 */
	VR_T_S64,   /* signed, in [(int64_t)min, (int64_t)max] */
	VR_T_BOOL,  /* true / false */
	VR_T_ENUM,  /* one of names[0..max], stored as the index */
	VR_T_ERRNO, /* 0 or a negative errno; traces may write -EINVAL */
	VR_T_LIST,  /* up to max_len unsigned elements, each in [min, max] */
};

/* Most elements a list argument or result may hold. */
#define VR_LIST_MAX 4096u
/* Most results an op may declare (produced results are a 64-bit mask). */
#define VR_RESULTS_MAX 64u

struct vr_field {
	const char *name;
	enum vr_type type;
	uint64_t min;
	uint64_t max;
	const char *const *names; /* VR_T_ENUM: max + 1 names, or: */
	const void *names_table;  /* max + 1 structs whose first member */
	size_t names_stride;	  /* is the name (a profile table) */
	uint32_t max_len;	  /* VR_T_LIST */
	bool hex;		  /* shown in hex (ids, addresses) */
	bool optional;		  /* argument may be omitted: then def */
	uint64_t def;
	const char *doc;
};

#define VR_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Every table of fields (a model's config, an op's arguments and results)
 * is indexed by an enum of the model's, written with designated
 * initializers, so that apply() names what it reads and the enum and the
 * table cannot drift apart:
 *
 *	enum { SET_REG_VCPU, SET_REG_ID, SET_REG_NR_ARGS };
 *	static const struct vr_field set_reg_args[] = {
 *		[SET_REG_VCPU] = VR_U64("vcpu", 0, 7, "vCPU index"),
 *		[SET_REG_ID] = VR_U64("id", 0, UINT64_MAX, "ONE_REG id"),
 *	};
 *	VR_FIELDS_CHECK(set_reg_args, SET_REG_NR_ARGS);
 *	...
 *	u64 id = vr_arg_u64(c, SET_REG_ID);
 *
 * The enum's order is the order of the encoding fuzz inputs use: append,
 * never reorder, or the seed corpora decode differently.
 */
#define VR_FIELDS_CHECK(tbl, nr)                                                                   \
	_Static_assert(VR_ARRAY_SIZE(tbl) == (nr), #tbl ": one field per enum value")

/* Field constructors, so that tables read like declarations. */
#define VR_U64(n, lo, hi, d)                                                                       \
	{                                                                                          \
		.name = (n), .type = VR_T_U64, .min = (lo), .max = (hi), .doc = (d)                \
	}
#define VR_U64_OPT(n, lo, hi, dflt, d)                                                             \
	{                                                                                          \
		.name = (n), .type = VR_T_U64, .min = (lo), .max = (hi), .optional = true,         \
		.def = (dflt), .doc = (d)                                                          \
	}
#define VR_S64(n, lo, hi, d)                                                                       \
	{                                                                                          \
		.name = (n), .type = VR_T_S64, .min = (uint64_t)(int64_t)(lo),                     \
		.max = (uint64_t)(int64_t)(hi), .doc = (d)                                         \
	}
#define VR_X64(n, lo, hi, d)                                                                       \
	{                                                                                          \
		.name = (n), .type = VR_T_U64, .min = (lo), .max = (hi), .hex = true, .doc = (d)   \
	}
#define VR_X64_OPT(n, lo, hi, dflt, d)                                                             \
	{                                                                                          \
		.name = (n), .type = VR_T_U64, .min = (lo), .max = (hi), .hex = true,              \
		.optional = true, .def = (dflt), .doc = (d)                                        \
	}
#define VR_BOOL(n, d)                                                                              \
	{                                                                                          \
		.name = (n), .type = VR_T_BOOL, .max = 1, .doc = (d)                               \
	}
#define VR_BOOL_OPT(n, dflt, d)                                                                    \
	{                                                                                          \
		.name = (n), .type = VR_T_BOOL, .max = 1, .optional = true, .def = (dflt),         \
		.doc = (d)                                                                         \
	}
#define VR_ENUM(n, tbl, d)                                                                         \
	{                                                                                          \
		.name = (n), .type = VR_T_ENUM, .names = (tbl), .max = VR_ARRAY_SIZE(tbl) - 1,     \
		.doc = (d)                                                                         \
	}
#define VR_ENUM_OPT(n, tbl, dflt, d)                                                               \
	{                                                                                          \
		.name = (n), .type = VR_T_ENUM, .names = (tbl), .max = VR_ARRAY_SIZE(tbl) - 1,     \
		.optional = true, .def = (dflt), .doc = (d)                                        \
	}
/*
 * An enum whose names are the first member of each row of a table held
 * elsewhere (a model's profile table): the names live in one place only.
 */
#define VR_ENUM_TABLE(n, tbl, count, d)                                                            \
	{                                                                                          \
		.name = (n), .type = VR_T_ENUM, .names_table = (tbl),                              \
		.names_stride = sizeof((tbl)[0]), .max = (count)-1, .doc = (d)                     \
	}
#define VR_ENUM_TABLE_OPT(n, tbl, count, dflt, d)                                                  \
	{                                                                                          \
		.name = (n), .type = VR_T_ENUM, .names_table = (tbl),                              \
		.names_stride = sizeof((tbl)[0]), .max = (count)-1, .optional = true,              \
		.def = (dflt), .doc = (d)                                                          \
	}
#define VR_ERRNO(n, d)                                                                             \
	{                                                                                          \
		.name = (n), .type = VR_T_ERRNO, .doc = (d)                                        \
	}
#define VR_LIST(n, lo, hi, len, d)                                                                 \
	{                                                                                          \
		.name = (n), .type = VR_T_LIST, .min = (lo), .max = (hi), .max_len = (len),        \
		.doc = (d)                                                                         \
	}

/* One argument, result or config value.  Signed values are stored in u. */
struct vr_value {
	uint64_t u;
	uint32_t len;	      /* VR_T_LIST */
	const uint64_t *list; /* VR_T_LIST */
};

struct vr_op;

/* What apply() receives; see the top of this file. */
struct vr_call {
	const struct vr_op *op;
	const struct vr_value *args;
	struct vr_value *res;
	uint64_t produced; /* bit i: results[i] was stored */
	uint64_t *pool;	   /* storage behind list results */
	uint32_t pool_cap;
	uint32_t pool_used;
	struct vr_text *explain; /* NULL unless narration is wanted */
	char reason[160];	 /* why apply() refused the step (vr_reject()), or "" */
};

struct vr_op {
	const char *name;
	const char *doc;
	const struct vr_field *args;
	uint32_t nargs;
	const struct vr_field *results;
	uint32_t nresults;
	int (*apply)(void *model, struct vr_call *call);
};

/* Op table entries: name, argument and result tables, apply(), doc. */
#define VR_OP(n, a, r, fn, d)                                                                      \
	{                                                                                          \
		.name = (n), .doc = (d), .args = (a), .nargs = VR_ARRAY_SIZE(a), .results = (r),   \
		.nresults = VR_ARRAY_SIZE(r), .apply = (fn)                                        \
	}
#define VR_OP_NOARGS(n, r, fn, d)                                                                  \
	{                                                                                          \
		.name = (n), .doc = (d), .results = (r), .nresults = VR_ARRAY_SIZE(r),             \
		.apply = (fn)                                                                      \
	}
#define VR_OP_NORESULTS(n, a, fn, d)                                                               \
	{                                                                                          \
		.name = (n), .doc = (d), .args = (a), .nargs = VR_ARRAY_SIZE(a), .apply = (fn)     \
	}

/* A named check a trace can ask for with `- check: NAME`. */
struct vr_check {
	const char *name;
	const char *doc;
	/* 0 when it holds; otherwise appends one line per problem to @why. */
	int (*run)(void *model, struct vr_text *why);
};

struct vr_model {
	const char *name;
	const char *doc;
	const struct vr_field *config; /* by convention "profile" comes first */
	uint32_t nconfig;
	/* Returns 0, -ENOMEM or -EINVAL (inconsistent config). */
	int (*create)(const struct vr_value *config, void **model);
	void (*destroy)(void *model);
	const struct vr_op *ops;
	uint32_t nops;
	/*
	 * The safety properties of every reachable state; run after every
	 * step.  0 when they hold, else nonzero with one line per violation
	 * appended to @why.
	 */
	int (*invariants)(void *model, struct vr_text *why);
	/* A readable dump of the whole state, for divergence reports. */
	void (*dump)(void *model, struct vr_text *out);
	/* Named memory spaces a trace's `mem:` steps may write (optional). */
	const char *const *mem_spaces;
	uint32_t nmem_spaces;
	struct vr_mem *(*mem)(void *model, uint32_t space);
	/*
	 * Extra named checks; `invariants` always exists.  The fuzzer runs
	 * every one of them at the end of each input.
	 */
	const struct vr_check *checks;
	uint32_t nchecks;
	/* Draws the state as a Graphviz digraph for `virtref dot` (optional). */
	void (*dot)(void *model, struct vr_text *out);
};

/* Designated initializers of struct vr_model's tables and their sizes. */
#define VR_MODEL_CONFIG(t) .config = (t), .nconfig = VR_ARRAY_SIZE(t)
#define VR_MODEL_OPS(t) .ops = (t), .nops = VR_ARRAY_SIZE(t)
#define VR_MODEL_CHECKS(t) .checks = (t), .nchecks = VR_ARRAY_SIZE(t)
#define VR_MODEL_MEM_SPACES(t) .mem_spaces = (t), .nmem_spaces = VR_ARRAY_SIZE(t)

/**
 * vr_model_count() - the number of registered models
 *
 * Return: how many models this build of the library holds.
 */
VR_API size_t vr_model_count(void);

/**
 * vr_model_at() - a registered model by position
 * @i: 0 to vr_model_count() - 1; the order is stable
 *
 * Return: the model, or NULL when @i is out of range.
 */
VR_API const struct vr_model *vr_model_at(size_t i);

/**
 * vr_model_find() - a registered model by name
 * @name: "arm", "ccw", ...
 *
 * Return: the model, or NULL when none has that name.
 */
VR_API const struct vr_model *vr_model_find(const char *name);

/**
 * vr_op_find() - an op of a model by name
 * @m: the model
 * @name: the op's name
 *
 * Return: the op's index in @m->ops, or -1 when @m has no such op.
 */
VR_API int vr_op_find(const struct vr_model *m, const char *name);

/**
 * vr_field_find() - a field of a table by name
 * @fields: a config, argument or result table
 * @n: its number of fields
 * @name: the field's name
 *
 * Return: the field's index in @fields, or -1 when none has that name.
 */
VR_API int vr_field_find(const struct vr_field *fields, uint32_t n, const char *name);

/**
 * vr_field_enum_name() - the name of one value of an enum field
 * @f: the field
 * @i: the value, an index
 *
 * Return: the name, from @f->names or the first member of row @i of
 * @f->names_table; NULL when @f is not VR_T_ENUM or @i > @f->max.
 */
VR_API const char *vr_field_enum_name(const struct vr_field *f, uint64_t i);

/**
 * vr_config_defaults() - every config default of a model
 * @m: the model
 * @out: @m->nconfig values to fill
 *
 * Every value is set: a field without a default is set to 0.
 *
 * Return:
 * * 0 - @out holds the model's default config
 * * -EINVAL - a config field has no default; the caller must set it
 */
VR_API int vr_config_defaults(const struct vr_model *m, struct vr_value *out);

/**
 * vr_arg_u64() - an unsigned argument of the call
 * @c: the call
 * @i: index of the argument in the op's table
 *
 * Return: the value, already within the field's range.
 */
static inline uint64_t vr_arg_u64(const struct vr_call *c, unsigned i)
{
	return c->args[i].u;
}

/**
 * vr_arg_s64() - a signed argument of the call
 * @c: the call
 * @i: index of the argument in the op's table
 *
 * Return: the value, already within the field's range.
 */
static inline int64_t vr_arg_s64(const struct vr_call *c, unsigned i)
{
	return (int64_t)c->args[i].u;
}

/**
 * vr_arg_bool() - a boolean argument of the call
 * @c: the call
 * @i: index of the argument in the op's table
 *
 * Return: the value.
 */
static inline bool vr_arg_bool(const struct vr_call *c, unsigned i)
{
	return c->args[i].u != 0;
}

/**
 * vr_arg_enum() - an enum argument of the call
 * @c: the call
 * @i: index of the argument in the op's table
 *
 * Return: the index of the value's name, at most the field's max.
 */
static inline uint32_t vr_arg_enum(const struct vr_call *c, unsigned i)
{
	return (uint32_t)c->args[i].u;
}

/**
 * vr_res_u64() - stores an unsigned result and marks it produced
 * @c: the call
 * @i: index of the result in the op's table
 * @v: the value
 */
static inline void vr_res_u64(struct vr_call *c, unsigned i, uint64_t v)
{
	c->res[i].u = v;
	c->produced |= 1ULL << i;
}

/**
 * vr_res_s64() - stores a signed (or errno) result and marks it produced
 * @c: the call
 * @i: index of the result in the op's table
 * @v: the value
 */
static inline void vr_res_s64(struct vr_call *c, unsigned i, int64_t v)
{
	vr_res_u64(c, i, (uint64_t)v);
}

/**
 * vr_res_bool() - stores a boolean result and marks it produced
 * @c: the call
 * @i: index of the result in the op's table
 * @v: the value
 */
static inline void vr_res_bool(struct vr_call *c, unsigned i, bool v)
{
	vr_res_u64(c, i, v);
}

/**
 * vr_res_list() - reserves a list result for apply() to fill
 * @c: the call
 * @i: index of the result, a VR_T_LIST field
 * @len: number of elements
 *
 * Marks result @i produced.
 *
 * Return: storage for @len elements, valid until the call ends, or NULL
 * when the call's pool cannot hold them (apply() then returns -E2BIG).
 */
VR_API uint64_t *vr_res_list(struct vr_call *c, unsigned i, uint32_t len);

/**
 * vr_reject() - refuses a step, saying why in the model's words
 * @c: the call
 * @err: the negative errno apply() returns
 * @fmt: printf() format of the reason ("vcpu 3 is not below vcpus (1)")
 *
 * For apply()'s "return vr_reject(c, -EINVAL, ...);": the replay report
 * and vr_instance_reason() give the reason with the errno's name.
 *
 * Return: @err.
 */
VR_API int vr_reject(struct vr_call *c, int err, const char *fmt, ...) VR_PRINTF(3, 4);

/* One line of narration; costs nothing when explain is off. */
#define vr_explain(c, ...)                                                                         \
	do {                                                                                       \
		if ((c)->explain)                                                                  \
			vr_explain_line((c)->explain, __VA_ARGS__);                                \
	} while (0)

/**
 * vr_explain_line() - appends one line of narration, as vr_explain() does
 * @t: the narration
 * @fmt: printf() format of the line, without its newline
 *
 * The line is indented as a YAML comment under its step.  Out of memory
 * sets @t->oom and may cut the line short.
 */
VR_API void vr_explain_line(struct vr_text *t, const char *fmt, ...) VR_PRINTF(2, 3);

#ifdef __cplusplus
}
#endif

#endif
