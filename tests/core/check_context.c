/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The per-thread core context (include/virtref/context.h): defaults,
 * nesting, the frames the instance API pushes around each entry into a
 * model, tracepoints narrating through vr_instance_apply(), and vfio.h in
 * the v5.3 signature (torvalds/linux include/linux/vfio.h at v5.3), which
 * this file selects with VR_LINUX_VERSION.
 */
#define VR_LINUX_VERSION KERNEL_VERSION(5, 3, 0)
#include <stdint.h>
#include <string.h>
#include <virtref/context.h>
#include <virtref/linux/irqflags.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/preempt.h>
#include <virtref/linux/slab.h>
#include <virtref/linux/string.h>
#include <virtref/linux/tracepoint.h>
#include <virtref/linux/version.h>
#include <virtref/linux/vfio.h>
#include "vr_test.h"

/* Events as a model's include/virtref/trace/events/<model>.h holds them. */
DECLARE_EVENT_CLASS(probe_value, TP_PROTO(u64 value, int where), TP_ARGS(value, where),
		    TP_STRUCT__entry(__field(u64, value) __field(int, where)),
		    TP_fast_assign(__entry->value = value; __entry->where = where;),
		    TP_printk("value=0x%llx where=%d", (unsigned long long)__entry->value,
			      __entry->where));
DEFINE_EVENT(probe_value, probe_enter, TP_PROTO(u64 value, int where), TP_ARGS(value, where));
DEFINE_EVENT(probe_value, probe_exit, TP_PROTO(u64 value, int where), TP_ARGS(value, where));
TRACE_EVENT(probe_plain, TP_PROTO(const char *what), TP_ARGS(what),
	    TP_STRUCT__entry(__array(char, what, 8)),
	    TP_fast_assign(strscpy(__entry->what, what, sizeof(__entry->what));),
	    TP_printk("%s", __entry->what));

START_TEST(test_context_default)
{
	struct vr_context *c = vr_context_current();

	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_eq(vr_context_current(), c);
	ck_assert_ptr_null(c->instance);
	ck_assert_ptr_null(c->narrate);
	ck_assert_uint_eq(c->cpu, 0);
	ck_assert(!c->irqs_off);
	ck_assert_ptr_null(c->user);
	ck_assert_uint_eq(c->uaccess_fail_nth, 0);
	ck_assert_uint_eq(c->pin_fail_nth, 0);
	ck_assert_ptr_null(c->env);
	ck_assert(!trace_probe_enter_enabled());
	/* Narration off: a tracepoint does nothing. */
	trace_probe_enter(1, 2);
	trace_probe_plain("x");
}
END_TEST

START_TEST(test_context_nesting)
{
	struct vr_context *base = vr_context_current();
	struct vr_context a, b, *pa, *pb;

	vr_context_init(&a);
	vr_context_init(&b);
	a.cpu = 1;
	b.cpu = 2;
	pa = vr_context_enter(&a);
	ck_assert_ptr_eq(pa, base);
	ck_assert_ptr_eq(vr_context_current(), &a);
	pb = vr_context_enter(&b);
	ck_assert_ptr_eq(pb, &a);
	ck_assert_ptr_eq(vr_context_current(), &b);
	ck_assert_uint_eq(vr_context_current()->cpu, 2);
	/* The same context entered twice nests as well. */
	ck_assert_ptr_eq(vr_context_enter(&b), &b);
	vr_context_leave(&b);
	ck_assert_ptr_eq(vr_context_current(), &b);
	vr_context_leave(pb);
	ck_assert_ptr_eq(vr_context_current(), &a);
	ck_assert_uint_eq(vr_context_current()->cpu, 1);
	vr_context_leave(pa);
	ck_assert_ptr_eq(vr_context_current(), base);
	ck_assert_uint_eq(base->cpu, 0);
}
END_TEST

static const struct vr_env_ops env_a = { NULL }, env_b = { NULL };

START_TEST(test_context_frames)
{
	struct vr_context ctx, *prev;
	struct vr_context_frame f1, f2;
	struct vr_text t1 = VR_TEXT_INIT, t2 = VR_TEXT_INIT;
	int x, y;

	vr_context_init(&ctx);
	ctx.env = &env_a;
	ctx.env_data = &x;
	prev = vr_context_enter(&ctx);

	vr_context_push(&f1, (struct vr_instance *)&x, &t1);
	ck_assert_ptr_eq(ctx.instance, (struct vr_instance *)&x);
	ck_assert_ptr_eq(ctx.narrate, &t1);
	ck_assert_ptr_eq(ctx.env, &env_a);
	ctx.env = &env_b;
	ctx.env_data = &y;
	vr_context_push(&f2, (struct vr_instance *)&y, NULL);
	ck_assert_ptr_eq(ctx.instance, (struct vr_instance *)&y);
	ck_assert_ptr_null(ctx.narrate);
	ck_assert_ptr_eq(ctx.env, &env_b);
	ctx.narrate = &t2;
	ck_assert_int_eq(vr_context_pop(&f2), 0);
	ck_assert_ptr_eq(ctx.instance, (struct vr_instance *)&x);
	ck_assert_ptr_eq(ctx.narrate, &t1);
	ck_assert_ptr_eq(ctx.env, &env_b);
	ck_assert_ptr_eq(ctx.env_data, &y);
	ck_assert_int_eq(vr_context_pop(&f1), 0);
	ck_assert_ptr_null(ctx.instance);
	ck_assert_ptr_null(ctx.narrate);
	ck_assert_ptr_eq(ctx.env, &env_a);
	ck_assert_ptr_eq(ctx.env_data, &x);
	ck_assert_uint_eq(vr_warn_count(), 0);

	/* A call that leaves a CPU state entered gets the caller's back. */
	vr_context_push(&f1, NULL, NULL);
	ctx.cpu_state = &y;
	ctx.cpu_owner = &env_b;
	ck_assert_int_eq(vr_context_pop(&f1), 0);
	ck_assert_ptr_null(ctx.cpu_state);
	ck_assert_ptr_null(ctx.cpu_owner);

	/* A call that leaves interrupts off: one WARN, state restored. */
	vr_context_push(&f1, NULL, NULL);
	local_irq_disable();
	ck_assert_errno(vr_context_pop(&f1), -EINVAL);
	ck_assert(!irqs_disabled());
	ck_assert_uint_eq(vr_warn_count(), 1);
	/* So does one that leaves preemption disabled. */
	vr_context_push(&f1, NULL, NULL);
	preempt_disable();
	ck_assert_errno(vr_context_pop(&f1), -EINVAL);
	ck_assert_uint_eq(preempt_count(), 0);
	ck_assert_uint_eq(vr_warn_count(), 2);
	vr_warn_reset();
	vr_context_leave(prev);
}
END_TEST

START_TEST(test_trace_line)
{
	struct vr_text t = VR_TEXT_INIT;
	struct vr_context ctx, *prev;
	char longer[400];

	vr_context_init(&ctx);
	ctx.narrate = &t;
	prev = vr_context_enter(&ctx);
	ck_assert(trace_probe_exit_enabled());
	trace_probe_enter(0x10, -1);
	trace_probe_exit(0, 3);
	trace_probe_plain("truncated");
	ck_assert_str_eq(vr_text_str(&t), "    # probe_enter: value=0x10 where=-1\n"
					  "    # probe_exit: value=0x0 where=3\n"
					  "    # probe_plain: truncat\n");
	/* Overlong lines are cut, never overrun. */
	vr_text_clear(&t);
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	vr_trace_line(&t, "long", "%s", longer);
	ck_assert_uint_eq(t.len, strlen("    # long: ") + 255 + 1);
	vr_context_leave(prev);
	vr_text_free(&t);
}
END_TEST

/* "probe": ops that look at the context from inside a model. */
enum { OP_TRACE, OP_WHO, OP_LEAK_IRQ, OP_SET_ENV, NR_OPS };
enum { TRACE_VALUE, NR_TRACE_ARGS };
enum { WHO_SELF, WHO_NARRATES, NR_WHO_RESULTS };

struct probe {
	struct vr_instance *seen_create, *seen_destroy, *seen_invariants;
	struct vr_instance **destroyed_by;
};

static const struct vr_env_ops probe_env = { NULL };

static int probe_create(const struct vr_value *config, void **model)
{
	struct probe *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	p->seen_create = vr_context_current()->instance;
	*model = p;
	return 0;
}

static void probe_destroy(void *model)
{
	struct probe *p = model;

	if (p->destroyed_by)
		*p->destroyed_by = vr_context_current()->instance;
	kfree(p);
}

static int probe_invariants(void *model, struct vr_text *why)
{
	struct probe *p = model;

	p->seen_invariants = vr_context_current()->instance;
	return 0;
}

static int probe_trace(void *model, struct vr_call *c)
{
	trace_probe_enter(vr_arg_u64(c, TRACE_VALUE), 1);
	vr_explain(c, "between");
	trace_probe_exit(vr_arg_u64(c, TRACE_VALUE) + 1, 2);
	return 0;
}

static int probe_who(void *model, struct vr_call *c)
{
	struct probe *p = model;

	vr_res_bool(c, WHO_SELF, vr_context_current()->instance == p->seen_create);
	vr_res_bool(c, WHO_NARRATES, trace_probe_enter_enabled());
	return 0;
}

static int probe_leak_irq(void *model, struct vr_call *c)
{
	unsigned long flags;

	local_irq_save(flags);
	(void)flags;
	return 0;
}

static int probe_set_env(void *model, struct vr_call *c)
{
	vr_context_current()->env = &probe_env;
	return 0;
}

static const struct vr_field trace_args[] = {
	[TRACE_VALUE] = VR_U64("value", 0, 100, "what to trace"),
};
VR_FIELDS_CHECK(trace_args, NR_TRACE_ARGS);
static const struct vr_field who_results[] = {
	[WHO_SELF] = VR_BOOL("self", "the context names this instance"),
	[WHO_NARRATES] = VR_BOOL("narrates", "tracepoints are on"),
};
VR_FIELDS_CHECK(who_results, NR_WHO_RESULTS);

static const struct vr_op probe_ops[] = {
	[OP_TRACE] = VR_OP_NORESULTS("trace", trace_args, probe_trace, "two tracepoints"),
	[OP_WHO] = VR_OP_NOARGS("who", who_results, probe_who, "read the context"),
	[OP_LEAK_IRQ] = { .name = "leak_irq",
			  .doc = "local_irq_save() only",
			  .apply = probe_leak_irq },
	[OP_SET_ENV] = { .name = "set_env", .doc = "lend an environment", .apply = probe_set_env },
};
VR_FIELDS_CHECK(probe_ops, NR_OPS);

static const struct vr_model probe_model = {
	.name = "probe",
	.doc = "looks at the context",
	.create = probe_create,
	.destroy = probe_destroy,
	VR_MODEL_OPS(probe_ops),
	.invariants = probe_invariants,
};

START_TEST(test_instance_sets_context)
{
	struct vr_instance *in, *destroyed_by = NULL;
	struct vr_text explain = VR_TEXT_INIT, why = VR_TEXT_INIT;
	struct vr_value arg = { .u = 0x20 };
	struct probe *p;

	ck_assert_int_eq(vr_instance_create(&probe_model, NULL, &in), 0);
	p = vr_instance_state(in);
	ck_assert_ptr_eq(p->seen_create, in);
	ck_assert_ptr_null(vr_context_current()->instance);

	/* Tracepoints in kernel code reach the op's explain text, in order. */
	ck_assert_int_eq(vr_instance_apply(in, OP_TRACE, &arg, &explain), 0);
	ck_assert_str_eq(vr_text_str(&explain), "    # probe_enter: value=0x20 where=1\n"
						"    # between\n"
						"    # probe_exit: value=0x21 where=2\n");
	ck_assert_ptr_null(vr_context_current()->narrate);
	vr_text_clear(&explain);
	ck_assert_int_eq(vr_instance_apply(in, OP_TRACE, &arg, NULL), 0);
	ck_assert_str_eq(vr_text_str(&explain), "");

	ck_assert_int_eq(vr_instance_apply(in, OP_WHO, NULL, &explain), 0);
	ck_assert(vr_instance_result(in, WHO_SELF)->u == 1);
	ck_assert(vr_instance_result(in, WHO_NARRATES)->u == 1);
	ck_assert_int_eq(vr_instance_apply(in, OP_WHO, NULL, NULL), 0);
	ck_assert(vr_instance_result(in, WHO_NARRATES)->u == 0);

	/* What an op sets for its kernel code does not outlive the op. */
	ck_assert_int_eq(vr_instance_apply(in, OP_SET_ENV, NULL, NULL), 0);
	ck_assert_ptr_null(vr_context_current()->env);

	ck_assert_int_eq(vr_instance_invariants(in, &why), 0);
	ck_assert_ptr_eq(p->seen_invariants, in);
	ck_assert_int_eq(vr_instance_check(in, "invariants", &why), 0);

	/* An op that leaves interrupts off is a WARN the invariants report. */
	ck_assert_int_eq(vr_instance_apply(in, OP_LEAK_IRQ, NULL, NULL), 0);
	ck_assert(!irqs_disabled());
	ck_assert_errno(vr_instance_invariants(in, &why), -VR_EINVARIANT);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "WARN_ON(unbalanced)"));
	vr_warn_reset();

	p->destroyed_by = &destroyed_by;
	vr_instance_destroy(in);
	ck_assert_ptr_eq(destroyed_by, in);
	ck_assert_ptr_null(vr_context_current()->instance);
	vr_text_free(&explain);
	vr_text_free(&why);
}
END_TEST

/* An instance inside an entered context keeps that context's knobs. */
START_TEST(test_instance_inherits_context)
{
	struct vr_context ctx, *prev;
	struct vr_instance *in;

	vr_context_init(&ctx);
	ctx.cpu = 5;
	ctx.uaccess_fail_nth = 9;
	prev = vr_context_enter(&ctx);
	ck_assert_int_eq(vr_instance_create(&probe_model, NULL, &in), 0);
	ck_assert_int_eq(vr_instance_apply(in, OP_WHO, NULL, NULL), 0);
	ck_assert_ptr_eq(vr_context_current(), &ctx);
	ck_assert_uint_eq(ctx.cpu, 5);
	ck_assert_uint_eq(ctx.uaccess_fail_nth, 9);
	ck_assert_ptr_null(ctx.instance);
	vr_instance_destroy(in);
	vr_context_leave(prev);
}
END_TEST

/* An IOMMU that maps iova frame n to host frame n + 0x800. */
struct iommu53 {
	int pinned;
	int fail_at; /* the pin call (1-based) that fails; 0: none */
	int calls;
};

static int pin53(void *data, uint64_t iova, int npage, int prot, uint64_t *pfn)
{
	struct iommu53 *m = data;

	if (++m->calls == m->fail_at)
		return -EBUSY;
	m->pinned += npage;
	for (int i = 0; i < npage; i++)
		pfn[i] = (iova >> PAGE_SHIFT) + 0x800 + (uint64_t)i;
	return 0;
}

static void unpin53(void *data, uint64_t iova, int npage)
{
	struct iommu53 *m = data;

	m->pinned -= npage;
}

static const struct vr_env_ops iommu53_ops = { .pin = pin53, .unpin = unpin53 };

START_TEST(test_vfio_v5_3)
{
	struct iommu53 m = { 0 };
	struct vr_context ctx, *prev;
	struct device *dev = (struct device *)&m;
	unsigned long user[3] = { 0x10, 0x11, 0x40 }, phys[3] = { 0 };

	ck_assert_int_eq(LINUX_VERSION_CODE, KERNEL_VERSION(5, 3, 0));
	vr_context_init(&ctx);
	ctx.env = &iommu53_ops;
	ctx.env_data = &m;
	prev = vr_context_enter(&ctx);

	ck_assert_int_eq(vfio_pin_pages(dev, user, 3, IOMMU_READ | IOMMU_WRITE, phys), 3);
	ck_assert_uint_eq(phys[0], 0x810);
	ck_assert_uint_eq(phys[1], 0x811);
	ck_assert_uint_eq(phys[2], 0x840);
	ck_assert_int_eq(m.pinned, 3);
	ck_assert_int_eq(vfio_unpin_pages(dev, user, 3), 3);
	ck_assert_int_eq(m.pinned, 0);

	ck_assert_errno(vfio_pin_pages(NULL, user, 1, IOMMU_READ, phys), -EINVAL);
	ck_assert_errno(vfio_pin_pages(dev, NULL, 1, IOMMU_READ, phys), -EINVAL);
	ck_assert_errno(vfio_pin_pages(dev, user, 1, IOMMU_READ, NULL), -EINVAL);
	ck_assert_errno(vfio_pin_pages(dev, user, 0, IOMMU_READ, phys), -EINVAL);
	ck_assert_errno(
		vfio_pin_pages(dev, user, (int)VFIO_PIN_PAGES_MAX_ENTRIES + 1, IOMMU_READ, phys),
		-E2BIG);
	ck_assert_errno(vfio_unpin_pages(dev, NULL, 1), -EINVAL);
	ck_assert_errno(vfio_unpin_pages(NULL, user, 1), -EINVAL);
	ck_assert_errno(vfio_unpin_pages(dev, user, 0), -EINVAL);
	ck_assert_errno(vfio_unpin_pages(dev, user, (int)VFIO_PIN_PAGES_MAX_ENTRIES + 1), -E2BIG);
	ck_assert_int_eq(m.calls, 3);

	/* A failure on the third page unpins the first two: nothing stays pinned. */
	m.fail_at = m.calls + 3;
	ck_assert_errno(vfio_pin_pages(dev, user, 3, IOMMU_READ, phys), -EBUSY);
	ck_assert_int_eq(m.pinned, 0);
	/* The knob fails the second page's pin before it reaches the IOMMU. */
	ctx.pin_fail_nth = 2;
	ck_assert_errno(vfio_pin_pages(dev, user, 3, IOMMU_READ, phys), -EFAULT);
	ck_assert_int_eq(m.pinned, 0);
	ck_assert_uint_eq(ctx.pin_calls, 3 + 3 + 2);
	/* A misaligned iova cannot reach the pin. */
	ck_assert_errno(vr_env_pin(0x1001, 1, IOMMU_READ, NULL), -EINVAL);
	ck_assert_uint_eq(vr_warn_count(), 0);
	vr_context_leave(prev);
}
END_TEST

// clang-format off
static const struct vr_test context_tests[] = {
	VR_TEST(test_context_default),
	VR_TEST(test_context_nesting),
	VR_TEST(test_context_frames),
};

static const struct vr_test trace_tests[] = {
	VR_TEST(test_trace_line),
};

static const struct vr_test instance_tests[] = {
	VR_TEST(test_instance_sets_context),
	VR_TEST(test_instance_inherits_context),
};

static const struct vr_test vfio53_tests[] = {
	VR_TEST(test_vfio_v5_3),
};

static const struct vr_tcase context_tcases[] = {
	VR_TCASE("context", context_tests),
	VR_TCASE("tracepoint", trace_tests),
	VR_TCASE("instance", instance_tests),
	VR_TCASE("vfio-5.3", vfio53_tests),
};
// clang-format on

const struct vr_suite vr_suite_context = VR_SUITE("context", context_tcases);
