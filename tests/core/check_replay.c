/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The op-table machinery (include/virtref/model.h, instance.h, trace.h,
 * replay.h, fuzz.h) driven by a small model defined here, so that the
 * core is tested without any real model in the build: the registry
 * helpers, the instance API, traces built by program, replay (match,
 * rejection, invariant, WARN_ON, explain), record, the fuzz decoder and
 * encoder, and allocation failure in each of them.  The model is written
 * the way docs/adding-a-model.md asks every model's op table to be.
 */
#include <stdint.h>
#include <string.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/slab.h>
#include "vr_test.h"

/*
 * "counter": a total that add() raises up to a limit, up to four objects
 * made by make() and read by get(), and ops that break it on purpose.
 */
enum { OP_ADD, OP_GET, OP_MAKE, OP_WARN, OP_CORRUPT, OP_DIGITS, NR_OPS };
enum { CFG_PROFILE, CFG_LIMIT, NR_CFG };
enum { ADD_AMOUNT, NR_ADD_ARGS };
enum { ADD_RET, ADD_TOTAL, NR_ADD_RESULTS };
enum { GET_IDX, NR_GET_ARGS };
enum { GET_VALUE, NR_GET_RESULTS };
enum { MAKE_IDX, NR_MAKE_RESULTS };
enum { WARN_FIRE, NR_WARN_ARGS };
enum { DIGITS_N, NR_DIGITS_ARGS };
enum { DIGITS_D, NR_DIGITS_RESULTS };

#define COUNTER_MAX_OBJS 4

struct counter {
	uint64_t total;
	uint64_t limit;
	uint64_t objs[COUNTER_MAX_OBJS];
	uint32_t nobjs;
	bool corrupt;
	struct vr_mem *guest;
};

/* Profiles as data: the config's names come from this table. */
struct counter_profile {
	const char *name;
	const char *summary;
};

static const struct counter_profile counter_profiles[] = {
	{ "mainline", "today's rules" },
	{ "old", "the rules before the fix" },
};

static const struct vr_field counter_config[] = {
	[CFG_PROFILE] =
		VR_ENUM_TABLE_OPT("profile", counter_profiles, VR_ARRAY_SIZE(counter_profiles), 0,
				  "behaviour generation"),
	[CFG_LIMIT] = VR_U64_OPT("limit", 1, 1000, 10, "highest total add() accepts"),
};
VR_FIELDS_CHECK(counter_config, NR_CFG);

static int counter_create(const struct vr_value *config, void **model)
{
	struct counter *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	c->limit = config[CFG_LIMIT].u;
	c->guest = vr_mem_create("guest");
	if (!c->guest) {
		kfree(c);
		return -ENOMEM;
	}
	*model = c;
	return 0;
}

static void counter_destroy(void *model)
{
	struct counter *c = model;

	vr_mem_destroy(c->guest);
	kfree(c);
}

static int counter_add(void *model, struct vr_call *call)
{
	struct counter *c = model;
	uint64_t amount = vr_arg_u64(call, ADD_AMOUNT);

	if (c->total + amount > c->limit) {
		vr_res_s64(call, ADD_RET, -ENOSPC);
	} else {
		c->total += amount;
		vr_res_s64(call, ADD_RET, 0);
		vr_explain(call, "total raised by %llu to %llu", (unsigned long long)amount,
			   (unsigned long long)c->total);
	}
	vr_res_u64(call, ADD_TOTAL, c->total);
	return 0;
}

static int counter_get(void *model, struct vr_call *call)
{
	struct counter *c = model;
	uint64_t idx = vr_arg_u64(call, GET_IDX);

	if (idx >= c->nobjs)
		return vr_reject(call, -ENOENT, "object %llu was never made (%u made)",
				 (unsigned long long)idx, c->nobjs);
	vr_res_u64(call, GET_VALUE, c->objs[idx]);
	return 0;
}

static int counter_make(void *model, struct vr_call *call)
{
	struct counter *c = model;

	if (c->nobjs == COUNTER_MAX_OBJS)
		return -ENOSPC;
	c->objs[c->nobjs] = c->total;
	vr_res_u64(call, MAKE_IDX, c->nobjs++);
	return 0;
}

static int counter_warn(void *model, struct vr_call *call)
{
	WARN_ON(vr_arg_bool(call, WARN_FIRE));
	return 0;
}

static int counter_corrupt(void *model, struct vr_call *call)
{
	struct counter *c = model;

	c->corrupt = true;
	return 0;
}

static int counter_digits(void *model, struct vr_call *call)
{
	uint32_t n = (uint32_t)vr_arg_u64(call, DIGITS_N);
	uint64_t *d = vr_res_list(call, DIGITS_D, n);

	if (!d)
		return -E2BIG;
	for (uint32_t i = 0; i < n; i++) {
		d[i] = (i * 7) % 10;
		vr_explain(call, "slot 0x%x filled", i);
	}
	vr_explain(call, "%u digits\nfrom slot 0 up", n);
	return 0;
}

static const struct vr_field add_args[] = {
	[ADD_AMOUNT] = VR_U64("amount", 0, 10, "how much"),
};
VR_FIELDS_CHECK(add_args, NR_ADD_ARGS);
static const struct vr_field add_results[] = {
	[ADD_RET] = VR_ERRNO("ret", "0 or -ENOSPC"),
	[ADD_TOTAL] = VR_U64("total", 0, UINT64_MAX, "the total afterwards"),
};
VR_FIELDS_CHECK(add_results, NR_ADD_RESULTS);
static const struct vr_field get_args[] = {
	[GET_IDX] = VR_U64("idx", 0, 3, "object index"),
};
VR_FIELDS_CHECK(get_args, NR_GET_ARGS);
static const struct vr_field get_results[] = {
	[GET_VALUE] = VR_U64("value", 0, UINT64_MAX, "its value"),
};
VR_FIELDS_CHECK(get_results, NR_GET_RESULTS);
static const struct vr_field make_results[] = {
	[MAKE_IDX] = VR_U64("idx", 0, 3, "the new index"),
};
VR_FIELDS_CHECK(make_results, NR_MAKE_RESULTS);
static const struct vr_field warn_args[] = {
	[WARN_FIRE] = VR_BOOL("fire", "raise WARN_ON()"),
};
VR_FIELDS_CHECK(warn_args, NR_WARN_ARGS);
static const struct vr_field digits_args[] = {
	[DIGITS_N] = VR_U64("n", 0, 8, "how many"),
};
VR_FIELDS_CHECK(digits_args, NR_DIGITS_ARGS);
static const struct vr_field digits_results[] = {
	[DIGITS_D] = VR_LIST("d", 0, 9, 8, "digits"),
};
VR_FIELDS_CHECK(digits_results, NR_DIGITS_RESULTS);

static const struct vr_op counter_ops[] = {
	[OP_ADD] = VR_OP("add", add_args, add_results, counter_add, "raise the total"),
	[OP_GET] = VR_OP("get", get_args, get_results, counter_get, "read an object"),
	[OP_MAKE] = VR_OP_NOARGS("make", make_results, counter_make, "make an object"),
	[OP_WARN] = VR_OP_NORESULTS("warn", warn_args, counter_warn, "maybe WARN_ON()"),
	[OP_CORRUPT] = { .name = "corrupt",
			 .doc = "break the invariant",
			 .apply = counter_corrupt },
	[OP_DIGITS] = VR_OP("digits", digits_args, digits_results, counter_digits, "a list result"),
};
VR_FIELDS_CHECK(counter_ops, NR_OPS);

static int counter_invariants(void *model, struct vr_text *why)
{
	struct counter *c = model;

	if (!c->corrupt && c->total <= c->limit)
		return 0;
	vr_text_printf(why, "counter corrupted: total %llu, limit %llu\n",
		       (unsigned long long)c->total, (unsigned long long)c->limit);
	return 1;
}

static int counter_even(void *model, struct vr_text *why)
{
	struct counter *c = model;

	if (c->total % 2 == 0)
		return 0;
	vr_text_printf(why, "total %llu is odd\n", (unsigned long long)c->total);
	return 1;
}

static void counter_dump(void *model, struct vr_text *out)
{
	struct counter *c = model;

	vr_text_printf(out, "total=%llu limit=%llu objects=%u\n", (unsigned long long)c->total,
		       (unsigned long long)c->limit, c->nobjs);
}

static const char *const counter_spaces[] = { "guest" };

static struct vr_mem *counter_mem(void *model, uint32_t space)
{
	struct counter *c = model;

	return space == 0 ? c->guest : NULL;
}

static const struct vr_check counter_checks[] = {
	{ "even", "the total is even", counter_even },
};

static const struct vr_model counter_model = {
	.name = "counter",
	.doc = "a total with a limit",
	VR_MODEL_CONFIG(counter_config),
	.create = counter_create,
	.destroy = counter_destroy,
	VR_MODEL_OPS(counter_ops),
	.invariants = counter_invariants,
	.dump = counter_dump,
	VR_MODEL_MEM_SPACES(counter_spaces),
	.mem = counter_mem,
	VR_MODEL_CHECKS(counter_checks),
};

/* The same model without its named check, for fuzzing plain sequences. */
static const struct vr_model counter_nocheck_model = {
	.name = "counter_nocheck",
	VR_MODEL_CONFIG(counter_config),
	.create = counter_create,
	.destroy = counter_destroy,
	VR_MODEL_OPS(counter_ops),
	.invariants = counter_invariants,
	.dump = counter_dump,
};

static const struct vr_value limit10[] = { { .u = 0 }, { .u = 10 } };

/* A trace with the given ops; each of @ops is { op, arg }. */
static struct vr_trace *build(const struct vr_model *m, const uint64_t (*ops)[2], size_t n)
{
	struct vr_trace *t = NULL;

	ck_assert_int_eq(vr_trace_new(m, "built", limit10, &t), 0);
	ck_assert_ptr_nonnull(t);
	for (size_t i = 0; i < n; i++) {
		struct vr_value arg = { .u = ops[i][1] };

		ck_assert_int_eq(vr_trace_add_op(t, (uint32_t)ops[i][0], &arg), 0);
	}
	ck_assert_uint_eq(vr_trace_nsteps(t), n);
	return t;
}

static bool contains(const struct vr_text *t, const char *s)
{
	return strstr(vr_text_str(t), s) != NULL;
}

START_TEST(test_op_and_field_find)
{
	ck_assert_int_eq(vr_op_find(&counter_model, "add"), OP_ADD);
	ck_assert_int_eq(vr_op_find(&counter_model, "digits"), OP_DIGITS);
	ck_assert_int_eq(vr_op_find(&counter_model, "ad"), -1);
	ck_assert_int_eq(vr_op_find(&counter_model, "adds"), -1);
	ck_assert_int_eq(vr_op_find(&counter_model, ""), -1);
	ck_assert_int_eq(vr_field_find(add_results, 2, "total"), 1);
	ck_assert_int_eq(vr_field_find(add_results, 2, "ret"), 0);
	ck_assert_int_eq(vr_field_find(add_results, 1, "total"), -1);
	ck_assert_int_eq(vr_field_find(add_results, 2, "Total"), -1);
	ck_assert_int_eq(vr_field_find(NULL, 0, "x"), -1);
}
END_TEST

START_TEST(test_config_defaults)
{
	static const struct vr_field required[] = {
		VR_ENUM_TABLE_OPT("profile", counter_profiles, 2, 1, "generation"),
		VR_U64("vcpus", 1, 8, "no default"),
	};
	static const struct vr_model needs_value = {
		.name = "needs_value",
		.config = required,
		.nconfig = 2,
	};
	struct vr_value cfg[2];

	memset(cfg, 0xff, sizeof(cfg));
	ck_assert_int_eq(vr_config_defaults(&counter_model, cfg), 0);
	ck_assert_uint_eq(cfg[CFG_PROFILE].u, 0);
	ck_assert_uint_eq(cfg[CFG_LIMIT].u, 10);
	ck_assert_errno(vr_config_defaults(&needs_value, cfg), -EINVAL);
	ck_assert_uint_eq(cfg[0].u, 1);
}
END_TEST

/* Designated initializers leave no hole: every entry has a name. */
static void assert_fields(const char *where, const struct vr_field *f, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		ck_assert_msg(f[i].name != NULL, "%s: field %u has no name", where, i);
		if (f[i].type != VR_T_ENUM)
			continue;
		for (uint64_t k = 0; k <= f[i].max; k++)
			ck_assert_msg(vr_field_enum_name(&f[i], k) != NULL,
				      "%s.%s: value %llu unnamed", where, f[i].name,
				      (unsigned long long)k);
		ck_assert_ptr_null(vr_field_enum_name(&f[i], f[i].max + 1));
	}
}

static void assert_model_tables(const struct vr_model *m)
{
	assert_fields(m->name, m->config, m->nconfig);
	for (uint32_t i = 0; i < m->nops; i++) {
		ck_assert_msg(m->ops[i].name && m->ops[i].apply && m->ops[i].doc,
			      "%s: op %u is a hole", m->name, i);
		assert_fields(m->ops[i].name, m->ops[i].args, m->ops[i].nargs);
		assert_fields(m->ops[i].name, m->ops[i].results, m->ops[i].nresults);
	}
}

START_TEST(test_registry_consistent)
{
	size_t n = vr_model_count();

	for (size_t i = 0; i < n; i++) {
		const struct vr_model *m = vr_model_at(i);

		ck_assert_ptr_nonnull(m);
		ck_assert_ptr_eq(vr_model_find(m->name), m);
		assert_model_tables(m);
	}
	assert_model_tables(&counter_model);
	ck_assert_ptr_null(vr_model_find("counter"));
	ck_assert_ptr_null(vr_model_find(""));
	/* Table names, and nothing for a field that is no enum. */
	ck_assert_str_eq(vr_field_enum_name(&counter_config[CFG_PROFILE], 1), "old");
	ck_assert_ptr_null(vr_field_enum_name(&counter_config[CFG_LIMIT], 0));
}
END_TEST

START_TEST(test_res_list_pool)
{
	uint64_t pool[10];
	struct vr_value res[2];
	struct vr_call call = {
		.res = res,
		.pool = pool,
		.pool_cap = 10,
		.pool_used = 0,
	};
	uint64_t *a, *b;

	a = vr_res_list(&call, 1, 6);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(res[1].len, 6);
	ck_assert_ptr_eq(res[1].list, a);
	ck_assert_uint_eq(call.produced, 2);
	/* Only 4 elements are left: 5 do not fit, and nothing changes. */
	ck_assert_ptr_null(vr_res_list(&call, 0, 5));
	ck_assert_uint_eq(call.produced, 2);
	ck_assert_uint_eq(call.pool_used, 6);
	b = vr_res_list(&call, 0, 4);
	ck_assert_ptr_eq(b, a + 6);
	ck_assert_uint_eq(call.produced, 3);
}
END_TEST

START_TEST(test_explain_line)
{
	struct vr_text t = VR_TEXT_INIT;
	struct vr_call quiet = { .explain = NULL };
	struct vr_call loud = { .explain = &t };

	vr_explain(&quiet, "never %d", 1);
	vr_explain(&loud, "PQ %s -> %s", "00", "10");
	vr_explain(&loud, "second %d", 2);
	ck_assert(contains(&t, "PQ 00 -> 10"));
	ck_assert(contains(&t, "second 2"));
	ck_assert(strstr(t.buf, "PQ 00 -> 10") < strstr(t.buf, "second 2"));
	/* One line each: the first ends before the second starts. */
	ck_assert_ptr_nonnull(memchr(t.buf, '\n', (size_t)(strstr(t.buf, "second") - t.buf)));
	vr_text_free(&t);
}
END_TEST

START_TEST(test_trace_new_accessors)
{
	struct vr_trace *t = NULL;

	ck_assert_int_eq(vr_trace_new(&counter_model, "named", NULL, &t), 0);
	ck_assert_ptr_eq(vr_trace_model(t), &counter_model);
	ck_assert_str_eq(vr_trace_name(t), "named");
	ck_assert_uint_eq(vr_trace_nsteps(t), 0);
	vr_trace_free(t);
	vr_trace_free(NULL);
}
END_TEST

START_TEST(test_add_op_invalid)
{
	struct vr_trace *t = NULL;
	struct vr_value arg = { .u = 3 };
	struct vr_value too_big = { .u = 11 };

	ck_assert_int_eq(vr_trace_new(&counter_model, "x", limit10, &t), 0);
	ck_assert_int_eq(vr_trace_add_op(t, OP_ADD, &arg), 0);
	ck_assert_errno(vr_trace_add_op(t, NR_OPS, &arg), -EINVAL);
	ck_assert_errno(vr_trace_add_op(t, UINT32_MAX, &arg), -EINVAL);
	/* amount is in [0, 10]: apply() must never see 11. */
	ck_assert_errno(vr_trace_add_op(t, OP_ADD, &too_big), -EINVAL);
	ck_assert_uint_eq(vr_trace_nsteps(t), 1);
	vr_trace_free(t);
}
END_TEST

START_TEST(test_instance_api)
{
	struct vr_instance *in = NULL;
	struct vr_text why = VR_TEXT_INIT, out = VR_TEXT_INIT;
	struct vr_value amount = { .u = 3 };
	const struct vr_value *v;
	struct counter *c;

	ck_assert_int_eq(vr_instance_create(&counter_model, limit10, &in), 0);
	ck_assert_ptr_eq(vr_instance_model(in), &counter_model);
	c = vr_instance_state(in);
	ck_assert_uint_eq(c->limit, 10);
	/* No op has run: there is no result. */
	ck_assert_ptr_null(vr_instance_result(in, ADD_RET));
	ck_assert_int_eq(vr_instance_apply(in, OP_ADD, &amount, NULL), 0);
	v = vr_instance_result(in, ADD_TOTAL);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(v->u, 3);
	ck_assert_uint_eq(vr_instance_result(in, ADD_RET)->u, 0);
	ck_assert_ptr_null(vr_instance_result(in, NR_ADD_RESULTS));
	ck_assert_ptr_null(vr_instance_result(in, UINT32_MAX));
	ck_assert_errno(vr_instance_apply(in, NR_OPS, &amount, NULL), -EINVAL);
	ck_assert_ptr_null(vr_instance_result(in, ADD_TOTAL));
	/* A rejected op is the model's errno; get 0 names no object yet. */
	amount.u = 0;
	ck_assert_errno(vr_instance_apply(in, OP_GET, &amount, NULL), -ENOENT);
	ck_assert_str_eq(vr_instance_reason(in), "object 0 was never made (0 made)");
	ck_assert_errno(vr_instance_apply(in, NR_OPS, &amount, NULL), -EINVAL);
	ck_assert_str_eq(vr_instance_reason(in), "");
	ck_assert_int_eq(vr_instance_invariants(in, &why), 0);
	ck_assert_int_eq(vr_instance_check(in, "invariants", &why), 0);
	/* The total is 3: odd. */
	ck_assert_errno(vr_instance_check(in, "even", &why), -VR_EINVARIANT);
	ck_assert_str_eq(vr_text_str(&why), "total 3 is odd\n");
	ck_assert_errno(vr_instance_check(in, "odd", &why), -ENOENT);
	vr_instance_dump(in, &out);
	ck_assert_str_eq(vr_text_str(&out), "total=3 limit=10 objects=0\n");
	vr_text_clear(&out);
	ck_assert_errno(vr_instance_dot(in, &out), -EOPNOTSUPP);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_ptr_eq(vr_instance_mem(in, "guest"), c->guest);
	ck_assert_ptr_null(vr_instance_mem(in, "host"));
	ck_assert_int_eq(vr_instance_apply(in, OP_CORRUPT, NULL, NULL), 0);
	vr_text_clear(&why);
	ck_assert_errno(vr_instance_invariants(in, &why), -VR_EINVARIANT);
	ck_assert_str_eq(vr_text_str(&why), "counter corrupted: total 3, limit 10\n");
	vr_instance_destroy(in);
	vr_instance_destroy(NULL);
	vr_text_free(&why);
	vr_text_free(&out);
}
END_TEST

START_TEST(test_instance_no_mem)
{
	struct vr_instance *in = NULL;

	ck_assert_int_eq(vr_instance_create(&counter_nocheck_model, limit10, &in), 0);
	ck_assert_ptr_null(vr_instance_mem(in, "guest"));
	vr_instance_destroy(in);
}
END_TEST

/* Check and mem steps built by program replay and record as parsed ones do. */
START_TEST(test_trace_add_check_mem)
{
	static const uint64_t words[] = { 0x0102030405060708ULL, 0x1122 };
	static const uint64_t bytes[] = { 0xff, 0x100 };
	struct vr_trace *t = NULL;
	struct vr_text out = VR_TEXT_INIT;
	struct vr_value amount = { .u = 2 };

	ck_assert_int_eq(vr_trace_new(&counter_model, "built", limit10, &t), 0);
	ck_assert_int_eq(vr_trace_add_mem(t, "guest", 0x1000, "be64", words, 2), 0);
	ck_assert_int_eq(vr_trace_add_mem(t, "guest", 0x2000, "u8", bytes, 1), 0);
	ck_assert_int_eq(vr_trace_add_mem(t, "guest", 0x3000, "le16", NULL, 0), 0);
	ck_assert_int_eq(vr_trace_add_op(t, OP_ADD, &amount), 0);
	ck_assert_int_eq(vr_trace_add_check(t, "even"), 0);
	ck_assert_int_eq(vr_trace_add_check(t, "invariants"), 0);
	ck_assert_uint_eq(vr_trace_nsteps(t), 6);
	/* Refused, and nothing appended. */
	ck_assert_errno(vr_trace_add_check(t, "odd"), -ENOENT);
	ck_assert_errno(vr_trace_add_mem(t, "host", 0, "u8", bytes, 1), -EINVAL);
	ck_assert_errno(vr_trace_add_mem(t, "guest", 0, "be24", bytes, 1), -EINVAL);
	ck_assert_errno(vr_trace_add_mem(t, "guest", 0, "u8", bytes, 2), -EINVAL);
	ck_assert_errno(vr_trace_add_mem(t, "guest", 0, "u8", NULL, 1), -EINVAL);
	ck_assert_errno(vr_trace_add_mem(t, "guest", UINT64_MAX, "be16", words + 1, 1), -EINVAL);
	ck_assert_errno(vr_trace_add_mem(t, "guest", 0, "u8", bytes, VR_LIST_MAX + 1), -EINVAL);
	ck_assert_uint_eq(vr_trace_nsteps(t), 6);
	ck_assert_int_eq(vr_record(t, &out, NULL), 0);
	ck_assert_msg(contains(&out, "  - mem: { space: guest, addr: 0x1000, be64: "
				     "[0x102030405060708, 0x1122] }\n"),
		      "record:\n%s", vr_text_str(&out));
	ck_assert_msg(contains(&out, "  - check: even\n  - check: invariants\n"), "record:\n%s",
		      vr_text_str(&out));
	vr_text_clear(&out);
	ck_assert_int_eq(vr_replay(t, VR_REPLAY_QUIET, &out, NULL), 0);
	vr_trace_free(t);
	vr_text_free(&out);
}
END_TEST

START_TEST(test_replay_matches)
{
	static const uint64_t ops[][2] = {
		{ OP_ADD, 3 }, { OP_MAKE, 0 }, { OP_ADD, 4 },
		{ OP_ADD, 5 }, { OP_GET, 0 },  { OP_DIGITS, 8 },
	};
	struct vr_trace *t = build(&counter_model, ops, VR_ARRAY_SIZE(ops));
	struct vr_text out = VR_TEXT_INIT;
	struct vr_replay_stats st;

	/* add 5 fails with -ENOSPC: a result, not a failed step. */
	ck_assert_int_eq(vr_replay(t, VR_REPLAY_QUIET, &out, &st), 0);
	ck_assert_uint_eq(st.steps, 6);
	ck_assert_uint_eq(st.applied, 6);
	ck_assert_uint_eq(st.matched, 6);
	ck_assert_uint_eq(st.failed_step, SIZE_MAX);
	vr_text_free(&out);
	vr_trace_free(t);
}
END_TEST

START_TEST(test_replay_rejected)
{
	static const uint64_t ops[][2] = {
		{ OP_MAKE, 0 }, { OP_GET, 0 }, { OP_GET, 1 }, { OP_ADD, 1 }
	};
	struct vr_trace *t = build(&counter_model, ops, VR_ARRAY_SIZE(ops));
	struct vr_text out = VR_TEXT_INIT;
	struct vr_replay_stats st;

	ck_assert_errno(vr_replay(t, VR_REPLAY_QUIET, &out, &st), -VR_EREJECTED);
	ck_assert_uint_eq(st.steps, 4);
	ck_assert_uint_eq(st.applied, 2);
	ck_assert_uint_eq(st.matched, 2);
	ck_assert_uint_eq(st.failed_step, 2);
	ck_assert_msg(contains(&out,
			       "step 3 (get) rejected by the model: ENOENT: object 1 was never "
			       "made (1 made)\n"),
		      "report does not say why in the model's words:\n%s", vr_text_str(&out));
	vr_text_free(&out);
	vr_trace_free(t);
}
END_TEST

START_TEST(test_replay_invariant)
{
	static const uint64_t ops[][2] = { { OP_ADD, 2 }, { OP_CORRUPT, 0 }, { OP_ADD, 1 } };
	struct vr_trace *t = build(&counter_model, ops, VR_ARRAY_SIZE(ops));
	struct vr_text out = VR_TEXT_INIT;
	struct vr_replay_stats st;

	ck_assert_errno(vr_replay(t, VR_REPLAY_QUIET, &out, &st), -VR_EINVARIANT);
	ck_assert_uint_eq(st.failed_step, 1);
	ck_assert_uint_eq(st.matched, 1);
	ck_assert_msg(contains(&out, "counter corrupted: total 2, limit 10"),
		      "report lacks the invariant's line:\n%s", vr_text_str(&out));
	/* The report carries the model state. */
	ck_assert(contains(&out, "total=2 limit=10 objects=0"));
	vr_text_free(&out);
	vr_trace_free(t);
}
END_TEST

START_TEST(test_replay_warn_on)
{
	static const uint64_t ops[][2] = {
		{ OP_WARN, 0 }, { OP_ADD, 2 }, { OP_WARN, 1 }, { OP_ADD, 2 }
	};
	struct vr_trace *t = build(&counter_model, ops, VR_ARRAY_SIZE(ops));
	struct vr_text out = VR_TEXT_INIT;
	struct vr_replay_stats st;

	ck_assert_errno(vr_replay(t, VR_REPLAY_QUIET, &out, &st), -VR_EINVARIANT);
	ck_assert_uint_eq(st.failed_step, 2);
	ck_assert_msg(contains(&out, "WARN_ON(vr_arg_bool(call, WARN_FIRE))"),
		      "report lacks the warning:\n%s", vr_text_str(&out));
	vr_text_free(&out);
	vr_trace_free(t);
	vr_warn_reset();
}
END_TEST

START_TEST(test_replay_explain)
{
	static const uint64_t ops[][2] = { { OP_ADD, 3 }, { OP_ADD, 4 } };
	struct vr_trace *t = build(&counter_model, ops, VR_ARRAY_SIZE(ops));
	struct vr_text out = VR_TEXT_INIT;

	ck_assert_int_eq(vr_replay(t, VR_REPLAY_EXPLAIN | VR_REPLAY_QUIET, &out, NULL), 0);
	ck_assert(contains(&out, "total raised by 3 to 3"));
	ck_assert(contains(&out, "total raised by 4 to 7"));
	vr_text_clear(&out);
	/* Without the flag there is no narration. */
	ck_assert_int_eq(vr_replay(t, VR_REPLAY_QUIET, &out, NULL), 0);
	ck_assert(!contains(&out, "total raised"));
	vr_text_free(&out);
	vr_trace_free(t);
}
END_TEST

/* Alike lines fold into their first and last; a two-line message keeps its prefix. */
START_TEST(test_replay_explain_runs)
{
	static const uint64_t ops[][2] = { { OP_DIGITS, 6 }, { OP_DIGITS, 3 } };
	struct vr_trace *t = build(&counter_model, ops, VR_ARRAY_SIZE(ops));
	struct vr_text out = VR_TEXT_INIT;

	ck_assert_int_eq(vr_replay(t, VR_REPLAY_EXPLAIN | VR_REPLAY_QUIET, &out, NULL), 0);
	ck_assert_msg(contains(&out, "    # slot 0x0 filled\n"
				     "    # ... 4 more alike, the last:\n"
				     "    # slot 0x5 filled\n"
				     "    # 6 digits\n"
				     "    # from slot 0 up\n"),
		      "%s", vr_text_str(&out));
	/* Three alike lines are not a run. */
	ck_assert_msg(contains(&out, "    # slot 0x0 filled\n"
				     "    # slot 0x1 filled\n"
				     "    # slot 0x2 filled\n"
				     "    # 3 digits\n"),
		      "%s", vr_text_str(&out));
	vr_text_free(&out);
	vr_trace_free(t);
}
END_TEST

START_TEST(test_record)
{
	static const uint64_t ops[][2] = { { OP_ADD, 3 }, { OP_ADD, 9 }, { OP_DIGITS, 3 } };
	struct vr_trace *t = build(&counter_model, ops, VR_ARRAY_SIZE(ops));
	struct vr_text out = VR_TEXT_INIT;

	ck_assert_int_eq(vr_record(t, &out, NULL), 0);
	ck_assert_msg(contains(&out, "model: counter"), "%s", vr_text_str(&out));
	ck_assert_msg(contains(&out, "op: add"), "%s", vr_text_str(&out));
	ck_assert_msg(contains(&out, "expect: { ret: 0, total: 3 }"), "%s", vr_text_str(&out));
	ck_assert_msg(contains(&out, "expect: { ret: -ENOSPC, total: 3 }"), "%s",
		      vr_text_str(&out));
	ck_assert_msg(contains(&out, "expect: { d: [0, 7, 4] }"), "%s", vr_text_str(&out));
	vr_text_free(&out);
	vr_trace_free(t);
}
END_TEST

/* encode() then decode() gives back the same program. */
START_TEST(test_fuzz_encode_decode)
{
	static const uint64_t ops[][2] = {
		{ OP_ADD, 3 }, { OP_MAKE, 0 }, { OP_GET, 0 }, { OP_ADD, 10 }, { OP_WARN, 0 }
	};
	struct vr_trace *t = build(&counter_nocheck_model, ops, VR_ARRAY_SIZE(ops));
	struct vr_trace *back = NULL;
	struct vr_text bytes = VR_TEXT_INIT, a = VR_TEXT_INIT, b = VR_TEXT_INIT;

	ck_assert_int_eq(vr_fuzz_encode(t, &bytes), 0);
	ck_assert_int_eq(vr_fuzz_decode(&counter_nocheck_model, (const uint8_t *)bytes.buf,
					bytes.len, &back),
			 0);
	ck_assert_ptr_eq(vr_trace_model(back), &counter_nocheck_model);
	ck_assert_uint_eq(vr_trace_nsteps(back), VR_ARRAY_SIZE(ops));
	ck_assert_int_eq(vr_record(t, &a, NULL), 0);
	ck_assert_int_eq(vr_record(back, &b, NULL), 0);
	ck_assert_ptr_nonnull(strstr(a.buf, "steps:"));
	ck_assert_ptr_nonnull(strstr(b.buf, "steps:"));
	ck_assert_str_eq(strstr(a.buf, "steps:"), strstr(b.buf, "steps:"));
	ck_assert_int_eq(
		vr_fuzz_run(&counter_nocheck_model, (const uint8_t *)bytes.buf, bytes.len, NULL),
		0);
	vr_text_free(&bytes);
	vr_text_free(&a);
	vr_text_free(&b);
	vr_trace_free(t);
	vr_trace_free(back);
}
END_TEST

START_TEST(test_fuzz_run_checks)
{
	static const uint64_t odd[][2] = { { OP_ADD, 3 } };
	static const uint64_t even[][2] = { { OP_ADD, 3 }, { OP_ADD, 5 } };
	static const uint64_t corrupt[][2] = { { OP_ADD, 2 }, { OP_CORRUPT, 0 } };
	struct vr_text bytes = VR_TEXT_INIT, why = VR_TEXT_INIT;
	struct vr_trace *t;

	/* The named check runs at the end of the input. */
	t = build(&counter_model, odd, 1);
	ck_assert_int_eq(vr_fuzz_encode(t, &bytes), 0);
	ck_assert_errno(vr_fuzz_run(&counter_model, (const uint8_t *)bytes.buf, bytes.len, &why),
			-VR_EINVARIANT);
	ck_assert_msg(contains(&why, "total 3 is odd"), "%s", vr_text_str(&why));
	vr_trace_free(t);
	vr_text_clear(&bytes);
	vr_text_clear(&why);

	t = build(&counter_model, even, 2);
	ck_assert_int_eq(vr_fuzz_encode(t, &bytes), 0);
	ck_assert_int_eq(vr_fuzz_run(&counter_model, (const uint8_t *)bytes.buf, bytes.len, &why),
			 0);
	vr_trace_free(t);
	vr_text_clear(&bytes);

	/* Invariants run after every op. */
	t = build(&counter_model, corrupt, 2);
	ck_assert_int_eq(vr_fuzz_encode(t, &bytes), 0);
	ck_assert_errno(vr_fuzz_run(&counter_model, (const uint8_t *)bytes.buf, bytes.len, &why),
			-VR_EINVARIANT);
	ck_assert_msg(contains(&why, "counter corrupted"), "%s", vr_text_str(&why));
	vr_trace_free(t);
	vr_text_free(&bytes);
	vr_text_free(&why);
}
END_TEST

/*
 * The reproducer is what ran: an op the model rejected is left out (a
 * get before any make), and an input that trips an invariant still
 * decodes, ending at the op that broke it, then the named checks.
 */
START_TEST(test_fuzz_decode_is_what_ran)
{
	static const uint64_t ops[][2] = {
		{ OP_GET, 0 }, { OP_ADD, 4 }, { OP_CORRUPT, 0 }, { OP_ADD, 1 }
	};
	struct vr_trace *t = build(&counter_model, ops, VR_ARRAY_SIZE(ops));
	struct vr_trace *back = NULL;
	struct vr_text bytes = VR_TEXT_INIT, out = VR_TEXT_INIT;

	ck_assert_int_eq(vr_fuzz_encode(t, &bytes), 0);
	ck_assert_int_eq(
		vr_fuzz_decode(&counter_model, (const uint8_t *)bytes.buf, bytes.len, &back), 0);
	/* add 4, corrupt, check even */
	ck_assert_uint_eq(vr_trace_nsteps(back), 3);
	ck_assert_errno(vr_replay(back, 0, &out, NULL), -VR_EINVARIANT);
	ck_assert_msg(contains(&out, "step 2 (corrupt): invariant violated"), "%s",
		      vr_text_str(&out));
	vr_text_free(&bytes);
	vr_text_free(&out);
	vr_trace_free(t);
	vr_trace_free(back);
}
END_TEST

/* Any bytes are a valid program: no crash, no leak, a documented result. */
START_TEST(test_fuzz_any_bytes)
{
	uint64_t live = vr_alloc_live();
	uint32_t seed = 12345;
	uint8_t data[96];

	for (int round = 0; round < 400; round++) {
		size_t len = (size_t)round % sizeof(data);
		struct vr_trace *t = NULL;
		int ret;

		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			data[i] = (uint8_t)(seed >> 16);
		}
		ret = vr_fuzz_run(&counter_nocheck_model, data, len, NULL);
		ck_assert_msg(ret == 0 || ret == -VR_EINVARIANT, "round %d: %d (%s)", round, ret,
			      vr_test_errname(ret));
		vr_warn_reset();
		ck_assert_int_eq(vr_fuzz_decode(&counter_nocheck_model, data, len, &t), 0);
		ck_assert_uint_le(vr_trace_nsteps(t), len);
		vr_trace_free(t);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
}
END_TEST

/* Replay and record under every allocation failure. */
START_TEST(test_replay_fail_nth)
{
	static const uint64_t ops[][2] = { { OP_ADD, 3 }, { OP_MAKE, 0 }, { OP_DIGITS, 5 } };
	struct vr_trace *t = build(&counter_model, ops, VR_ARRAY_SIZE(ops));
	uint64_t live = vr_alloc_live();
	bool hit = true;

	for (uint64_t n = 1; hit; n++) {
		struct vr_text out = VR_TEXT_INIT;
		int ret;

		vr_alloc_fail_nth(n);
		ret = _i == 0 ? vr_replay(t, VR_REPLAY_EXPLAIN, &out, NULL)
			      : vr_record(t, &out, NULL);
		hit = vr_alloc_fault_hit();
		vr_alloc_fail_nth(0);
		if (hit)
			ck_assert_msg(ret == -ENOMEM, "n=%llu: %d (%s), want -ENOMEM",
				      (unsigned long long)n, ret, vr_test_errname(ret));
		else
			ck_assert_int_eq(ret, 0);
		vr_text_free(&out);
		ck_assert_uint_eq(vr_alloc_live(), live);
		ck_assert_uint_lt(n, 10000);
	}
	vr_trace_free(t);
}
END_TEST

/* Building, decoding and fuzzing under every allocation failure. */
START_TEST(test_build_fail_nth)
{
	static const uint64_t ops[][2] = { { OP_ADD, 3 }, { OP_MAKE, 0 }, { OP_GET, 0 } };
	struct vr_text bytes = VR_TEXT_INIT;
	uint64_t live;
	bool hit = true;
	struct vr_trace *t = build(&counter_nocheck_model, ops, VR_ARRAY_SIZE(ops));

	ck_assert_int_eq(vr_fuzz_encode(t, &bytes), 0);
	vr_trace_free(t);
	live = vr_alloc_live();
	for (uint64_t n = 1; hit; n++) {
		struct vr_trace *d = NULL;
		struct vr_value list = { .len = 0 };
		int ret;

		vr_alloc_fail_nth(n);
		switch (_i) {
		case 0:
			ret = vr_trace_new(&counter_model, "x", limit10, &d);
			for (int k = 0; k < 100 && !ret; k++)
				ret = vr_trace_add_op(d, k % 2 ? OP_DIGITS : OP_MAKE, &list);
			break;
		case 1:
			ret = vr_fuzz_decode(&counter_nocheck_model, (const uint8_t *)bytes.buf,
					     bytes.len, &d);
			break;
		default:
			ret = vr_fuzz_run(&counter_nocheck_model, (const uint8_t *)bytes.buf,
					  bytes.len, NULL);
			break;
		}
		hit = vr_alloc_fault_hit();
		vr_alloc_fail_nth(0);
		/* vr_fuzz_run() may also skip an input it cannot set up. */
		if (hit)
			ck_assert_msg(ret == -ENOMEM || (_i == 2 && ret == 0),
				      "n=%llu: %d (%s), want -ENOMEM", (unsigned long long)n, ret,
				      vr_test_errname(ret));
		else
			ck_assert_int_eq(ret, 0);
		/* A failed decode leaves no half-built trace behind. */
		if (_i == 1 && ret)
			ck_assert_ptr_null(d);
		vr_trace_free(d);
		ck_assert_uint_eq(vr_alloc_live(), live);
		ck_assert_uint_lt(n, 10000);
	}
	vr_text_free(&bytes);
}
END_TEST

static const struct vr_test table_tests[] = {
	VR_TEST(test_op_and_field_find),   VR_TEST(test_config_defaults),
	VR_TEST(test_registry_consistent), VR_TEST(test_res_list_pool),
	VR_TEST(test_explain_line),
};

static const struct vr_test trace_tests[] = {
	VR_TEST(test_trace_new_accessors),
	VR_TEST(test_add_op_invalid),
	VR_TEST(test_trace_add_check_mem),
};

static const struct vr_test instance_tests[] = {
	VR_TEST(test_instance_api),
	VR_TEST(test_instance_no_mem),
};

static const struct vr_test replay_tests[] = {
	VR_TEST(test_replay_matches),	VR_TEST(test_replay_rejected),
	VR_TEST(test_replay_invariant), VR_TEST(test_replay_warn_on),
	VR_TEST(test_replay_explain),	VR_TEST(test_replay_explain_runs),
	VR_TEST(test_record),
};

static const struct vr_test fuzz_tests[] = {
	VR_TEST(test_fuzz_encode_decode),
	VR_TEST(test_fuzz_run_checks),
	VR_TEST(test_fuzz_decode_is_what_ran),
	VR_TEST(test_fuzz_any_bytes),
};

/* replay: 0 replay, 1 record; build: 0 by program, 1 decode, 2 fuzz run. */
static const struct vr_test fail_nth_tests[] = {
	VR_LOOP_TEST(test_replay_fail_nth, 0, 2),
	VR_LOOP_TEST(test_build_fail_nth, 0, 3),
};

static const struct vr_tcase replay_tcases[] = {
	VR_TCASE("table", table_tests),	      VR_TCASE("trace", trace_tests),
	VR_TCASE("instance", instance_tests), VR_TCASE("replay", replay_tests),
	VR_TCASE("fuzz", fuzz_tests),	      VR_TCASE("fail_nth", fail_nth_tests),
};

const struct vr_suite vr_suite_replay = VR_SUITE("replay", replay_tcases);
