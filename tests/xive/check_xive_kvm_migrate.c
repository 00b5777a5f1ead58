/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The migration checker: the documented order
 * (Documentation/virt/kvm/devices/xive.rst, "Migration") keeps what the
 * guest sees; each wrong order is reported with exactly what it lost.
 */
#include <virtref/alloc.h>
#include <virtref/text.h>
#include <virtref/warn.h>
#include "xive_kvm_test.h"

#define STEP(s)                                                                                    \
	{                                                                                          \
		VR_XIVE_MIG_##s, 0                                                                 \
	}
#define RESTORE STEP(RESTORE_EQS), STEP(RESTORE_SOURCES), STEP(RESTORE_VPS), STEP(RESTORE_PQ)

/* Server 0 with queues 6 and 5; source 5 -> queue 6 with one unread event
 * and one in Q; source 6 -> queue 5, on and idle. */
static struct vr_xive *running_vm(void)
{
	struct vr_xive *x;
	u64 esb, v;
	int fd;

	x = kvm_vm(VR_XIVE_PROFILE_MAINLINE, 2, &fd);
	ck_assert_int_eq(connect(x, fd, 0, 0), 0);
	ck_assert_int_eq(connect(x, fd, 1, 1), 0);
	eq_fresh(x, fd, 0, 6, 0);
	eq_fresh(x, fd, 0, 5, 1);
	ck_assert_int_eq(source_init(x, fd, 5, 0), 0);
	ck_assert_int_eq(source_config(x, fd, 5, source_cfg(0, 6, false, 5)), 0);
	ck_assert_int_eq(source_init(x, fd, 6, 0), 0);
	ck_assert_int_eq(source_config(x, fd, 6, source_cfg(0, 5, false, 6)), 0);
	ck_assert_int_eq(vr_xive_kvm_mmap(x, fd, KVM_XIVE_ESB_PAGE_OFFSET, 16, &esb), 0);
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, esb + 11 * PAGE_SIZE + XIVE_ESB_SET_PQ_00, 8,
						 false, &v),
			 0);
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, esb + 13 * PAGE_SIZE + XIVE_ESB_SET_PQ_00, 8,
						 false, &v),
			 0);
	ck_assert_int_eq(vr_xive_kvm_irq_line(x, 5, 1), 0);
	ck_assert_int_eq(vr_xive_kvm_irq_line(x, 5, 1), 0);
	return x;
}

static void migrate_loses(const struct vr_xive_mig_op *ops, unsigned int n, const char *what)
{
	struct vr_xive *x = running_vm();
	struct vr_text lost = VR_TEXT_INIT;

	ck_assert_int_eq(vr_xive_migrate_check(x, ops, n, &lost), 1);
	assert_has(&lost, what);
	vr_text_free(&lost);
	vr_xive_destroy(x);
}

START_TEST(test_documented_order_keeps_everything)
{
	struct vr_xive *x = running_vm();
	struct vr_text lost = VR_TEXT_INIT;

	ck_assert_int_eq(vr_xive_migrate_check(x, vr_xive_mig_documented,
					       VR_XIVE_MIG_DOCUMENTED_STEPS, &lost),
			 0);
	ck_assert_str_eq(vr_text_str(&lost), "");
	/* The source stays as the save left it: masked, PQ 01. */
	ck_assert_int_eq(vr_xive_pq(x, 1), 1);
	xive_ok(x);
	vr_text_free(&lost);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_vp_state_saved_early_drops_priority)
{
	static const struct vr_xive_mig_op ops[] = {
		STEP(SAVE_VPS), { VR_XIVE_MIG_TRIGGER, 6 }, STEP(MASK), STEP(EQ_SYNC),
		STEP(SAVE_EQS), STEP(SAVE_SOURCES),	    RESTORE,
	};

	migrate_loses(ops, VR_ARRAY_SIZE(ops),
		      "vCPU 0: OS ring 00000600ff000000 on the source, 00000200ff000000 restored: "
		      "pending priority 5 dropped\n");
}
END_TEST

START_TEST(test_queues_saved_early_lose_entries)
{
	static const struct vr_xive_mig_op ops[] = {
		STEP(SAVE_EQS), { VR_XIVE_MIG_TRIGGER, 6 }, STEP(MASK),
		STEP(EQ_SYNC),	STEP(SAVE_SOURCES),	    STEP(SAVE_VPS),
		RESTORE,
	};

	migrate_loses(ops, VR_ARRAY_SIZE(ops),
		      "EQ server 0 prio 5: toggle 1 index 1 on the source, toggle 1 index 0 "
		      "restored\n");
}
END_TEST

START_TEST(test_routes_before_queues)
{
	static const struct vr_xive_mig_op ops[] = {
		STEP(MASK),	    STEP(EQ_SYNC),     STEP(SAVE_EQS),
		STEP(SAVE_SOURCES), STEP(SAVE_VPS),    STEP(RESTORE_SOURCES),
		STEP(RESTORE_EQS),  STEP(RESTORE_VPS), STEP(RESTORE_PQ),
	};

	migrate_loses(ops, VR_ARRAY_SIZE(ops),
		      "source 5: route to server 0 prio 6 not restored (-EBUSY)\n"
		      "source 6: route to server 0 prio 5 not restored (-EBUSY)\n"
		      "the destination kernel fired a WARN_ON()\n");
}
END_TEST

START_TEST(test_missing_steps)
{
	static const struct vr_xive_mig_op no_mask[] = {
		STEP(EQ_SYNC), STEP(SAVE_EQS), STEP(SAVE_SOURCES), STEP(SAVE_VPS), RESTORE,
	};
	static const struct vr_xive_mig_op no_pq[] = {
		STEP(MASK),	STEP(EQ_SYNC),	   STEP(SAVE_EQS),	  STEP(SAVE_SOURCES),
		STEP(SAVE_VPS), STEP(RESTORE_EQS), STEP(RESTORE_SOURCES), STEP(RESTORE_VPS),
	};
	static const struct vr_xive_mig_op after_mask[] = {
		STEP(MASK),	{ VR_XIVE_MIG_TRIGGER, 6 }, STEP(EQ_SYNC),
		STEP(SAVE_EQS), STEP(SAVE_SOURCES),	    STEP(SAVE_VPS),
		RESTORE,
	};

	migrate_loses(no_mask, VR_ARRAY_SIZE(no_mask), "source 5: PQ never saved (no mask step)\n");
	migrate_loses(no_pq, VR_ARRAY_SIZE(no_pq), "source 5: PQ 11 not restored\n");
	migrate_loses(after_mask, VR_ARRAY_SIZE(after_mask),
		      "1 events dropped by the masked sources before the stop\n");
}
END_TEST

START_TEST(test_bad_orders)
{
	static const struct vr_xive_mig_op save_late[] = { STEP(RESTORE_EQS), STEP(MASK) };
	static const struct vr_xive_mig_op unknown[] = { { VR_XIVE_NR_MIG_STEPS, 0 } };
	struct vr_xive *x = running_vm(), *y;
	struct vr_text lost = VR_TEXT_INIT;
	int fd;

	ck_assert_int_eq(vr_xive_migrate_check(x, save_late, 2, &lost), -EINVAL);
	ck_assert_int_eq(vr_xive_migrate_check(x, unknown, 1, &lost), -EINVAL);
	ck_assert_int_eq(vr_xive_migrate_check(x, NULL, 1, &lost), -EINVAL);
	vr_xive_destroy(x);
	y = kvm_vm(VR_XIVE_PROFILE_MAINLINE, 1, &fd);
	ck_assert_int_eq(vr_xive_kvm_close(y, fd), 0);
	ck_assert_int_eq(vr_xive_migrate_check(y, vr_xive_mig_documented,
					       VR_XIVE_MIG_DOCUMENTED_STEPS, &lost),
			 -EINVAL);
	vr_xive_destroy(y);
	vr_text_free(&lost);
}
END_TEST

START_TEST(test_alloc_failure_sweep)
{
	bool hit = true;
	u64 nth;

	for (nth = 1; hit; nth++) {
		u64 live = vr_alloc_live();
		struct vr_xive *x = running_vm();
		struct vr_text lost = VR_TEXT_INIT;
		int ret;

		vr_alloc_fail_nth(nth);
		ret = vr_xive_migrate_check(x, vr_xive_mig_documented, VR_XIVE_MIG_DOCUMENTED_STEPS,
					    &lost);
		hit = vr_alloc_fault_hit();
		vr_alloc_fail_nth(0);
		ck_assert_msg(ret == 0 || ret == -ENOMEM || ret == 1, "nth %llu: %d",
			      (unsigned long long)nth, ret);
		vr_text_free(&lost);
		ck_assert_msg(vr_warn_count() == 0, "nth %llu: %s", (unsigned long long)nth,
			      vr_warn_first());
		xive_ok(x);
		vr_xive_destroy(x);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
	ck_assert_uint_gt(nth, 3);
}
END_TEST

static const struct vr_test migrate_tests[] = {
	VR_TEST(test_documented_order_keeps_everything),
	VR_TEST(test_vp_state_saved_early_drops_priority),
	VR_TEST(test_queues_saved_early_lose_entries),
	VR_TEST(test_routes_before_queues),
	VR_TEST(test_missing_steps),
	VR_TEST(test_bad_orders),
	VR_TEST(test_alloc_failure_sweep),
};

static const struct vr_tcase xive_kvm_migrate_tcases[] = {
	VR_TCASE("migrate", migrate_tests),
};

const struct vr_suite vr_suite_xive_kvm_migrate =
	VR_SUITE("xive_kvm_migrate", xive_kvm_migrate_tcases);
