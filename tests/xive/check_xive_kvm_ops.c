/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The KVM device's ops in the xive op table: what their narration
 * teaches, the steps the model rejects, and a check that fails when
 * the VM's kernel generation leaks an EQ page reference.
 */
#include <stdio.h>
#include <virtref/instance.h>
#include "xive_test.h"

static const char head[] = "virtref: 1\nmodel: xive\nname: t\nconfig: { vcpus: 1 }\nsteps:\n"
			   "  - op: guest_ram\n    args: { addr: 0x100000, len: 0x10000 }\n"
			   "  - op: kvm_create_device\n"
			   "  - op: kvm_connect\n    args: { vcpu: 0, server: 0 }\n";

static char *trace(const char *profile, const char *tail)
{
	static char buf[4096];
	const char *cfg = strstr(head, "{ vcpus: 1 }");

	snprintf(buf, sizeof(buf), "%.*s{ vcpus: 1, profile: %s }%s%s", (int)(cfg - head), head,
		 profile, cfg + strlen("{ vcpus: 1 }"), tail);
	return buf;
}

START_TEST(test_kvm_narration)
{
	struct vr_text out = VR_TEXT_INIT;
	const char *t;

	t = trace("mainline",
		  "  - op: kvm_eq_config\n    args: { server: 0, prio: 6, qaddr: 0x100000 }\n"
		  "  - op: kvm_source\n    args: { irq: 5 }\n"
		  "  - op: kvm_source_config\n"
		  "    args: { irq: 5, server: 0, prio: 6, eisn: 5 }\n"
		  "  - op: kvm_mmap\n    args: { pgoff: 4, npages: 12 }\n"
		  "  - op: kvm_user_access\n    args: { cpu: 0, uaddr: 0x7fff0000bc00 }\n"
		  "  - op: kvm_user_access\n    args: { cpu: 0, uaddr: 0x7fff0000a000, store: true "
		  "}\n"
		  "  - op: kvm_irq_line\n    args: { irq: 5 }\n"
		  "  - op: kvm_close\n"
		  "  - op: kvm_munmap\n    args: { uaddr: 0x7fff00000000 }\n");
	ck_assert_int_eq(vr_test_replay_string_flags(t, VR_REPLAY_EXPLAIN, &out), 0);
	assert_has(&out, "KVM_DEV_XIVE_GRP_EQ_CONFIG server 0 prio 6: queue 0x100000 shift 16 "
			 "toggle 1 index 0: 0; guest page references 1");
	assert_has(&out, "user load8 0x7fff0000bc00 = 0x1: 0, no event forwarded");
	assert_has(&out, "user store8 0x7fff0000a000 = 0x0: 0, event 0x5 enqueued in EQ prio 6 of "
			 "vCPU 0, idx 0 gen 1; VP not dispatched, backup IPB 0x02");
	assert_has(&out, "KVM_IRQ_LINE 5 level 0x1: 0, no event forwarded");
	assert_has(&out, "close device fd: 0 (a mapping still holds the device)");
	assert_has(&out, "munmap 0x7fff00000000: 0 (last reference: device released)");
	vr_text_free(&out);
}
END_TEST

START_TEST(test_kvm_rejected_steps)
{
	static const char *const bad[] = {
		"  - op: kvm_connect\n    args: { vcpu: 1, server: 1 }\n",
		"  - op: kvm_vp_state\n    args: { vcpu: 1 }\n",
		"  - op: kvm_vcpu_run\n    args: { vcpu: 1 }\n",
		"  - op: kvm_user_access\n    args: { cpu: 1, uaddr: 0 }\n",
	};
	struct vr_text out = VR_TEXT_INIT;
	unsigned int i;

	for (i = 0; i < VR_ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(vr_test_replay_string(trace("mainline", bad[i]), &out),
				 -VR_EREJECTED);
		vr_text_clear(&out);
	}
	vr_text_free(&out);
}
END_TEST

/* The "pages" check fails on 5.2 where mainline holds. */
START_TEST(test_pages_check_per_profile)
{
	static const char tail[] =
		"  - op: kvm_eq_config\n    args: { server: 0, prio: 6, qaddr: 0x100000 }\n"
		"  - op: kvm_eq_config\n    args: { server: 0, prio: 6, qaddr: 0x100000, qshift: 0 "
		"}\n"
		"  - check: pages\n";
	struct vr_text out = VR_TEXT_INIT;

	ck_assert_int_eq(vr_test_replay_string(trace("mainline", tail), &out), 0);
	vr_text_clear(&out);
	ck_assert_int_eq(vr_test_replay_string(trace("\"5.2\"", tail), &out), -VR_EINVARIANT);
	assert_has(&out, "pages: 1 guest page references held for 0 configured queues: 1 leaked");
	vr_text_free(&out);
}
END_TEST

static const struct vr_test ops_tests[] = {
	VR_TEST(test_kvm_narration),
	VR_TEST(test_kvm_rejected_steps),
	VR_TEST(test_pages_check_per_profile),
};

static const struct vr_tcase xive_kvm_ops_tcases[] = {
	VR_TCASE("ops", ops_tests),
};

const struct vr_suite vr_suite_xive_kvm_ops = VR_SUITE("xive_kvm_ops", xive_kvm_ops_tcases);
