/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The xive op table: narration, steps the model rejects, an invariant
 * failing after a guest overwrote its queue, the dump and the picture,
 * and the fuzz harness's decoding of bytes into in-range steps.
 */
#include <stdio.h>
#include <virtref/instance.h>
#include "xive_test.h"

static const char route_head[] =
	"virtref: 1\nmodel: xive\nname: t\nconfig: { vcpus: 1 }\nsteps:\n"
	"  - op: guest_ram\n    args: { addr: 0x10000, len: 0x1000 }\n"
	"  - op: end_config\n"
	"    args: { vcpu: 0, prio: 6, qaddr: 0x10000, qshift: 12 }\n"
	"  - op: set_eas\n    args: { src: 5, vcpu: 0, prio: 6, eisn: 5 }\n"
	"  - op: esb_load\n    args: { src: 5, offset: 0xc00 }\n";

static char *trace(const char *tail)
{
	static char buf[2048];

	snprintf(buf, sizeof(buf), "%s%s", route_head, tail);
	return buf;
}

START_TEST(test_explain_teaches)
{
	struct vr_text out = VR_TEXT_INIT;
	const char *t = trace("  - op: vp_push\n    args: { vcpu: 0 }\n"
			      "  - op: esb_store\n    args: { src: 5, page: trigger, offset: 0 }\n"
			      "  - op: esb_store\n    args: { src: 5, page: trigger, offset: 0 }\n"
			      "  - op: vp_pull\n    args: { vcpu: 0 }\n"
			      "  - op: esb_load\n    args: { src: 5, offset: 0 }\n"
			      "  - op: set_eas\n    args: { src: 5, vcpu: 0, prio: 6, eisn: 5, "
			      "masked: true }\n"
			      "  - op: esb_load\n    args: { src: 5, offset: 0xc00 }\n"
			      "  - op: esb_store\n    args: { src: 5, page: trigger, offset: 0 }\n"
			      "  - op: esb_load\n    args: { src: 5, offset: 0, size: 4 }\n");

	ck_assert_int_eq(vr_test_replay_string_flags(t, VR_REPLAY_EXPLAIN, &out), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
				     "ESB 5: store trigger+0x0, PQ 00 -> 10, event 0x5 enqueued in "
				     "EQ prio 6 of vCPU 0, idx 0 gen 1; IPB 0x02"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
				     "ESB 5: store trigger+0x0, PQ 10 -> 11, no event forwarded"));
	ck_assert_ptr_nonnull(strstr(
		vr_text_str(&out), "ESB 5: load mgmt+0x0 = 0x1, PQ 11 -> 10, event 0x5 enqueued in "
				   "EQ prio 6 of vCPU 0, idx 1 gen 1; VP not dispatched, backup "
				   "IPB 0x02"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
				     "event forwarded and dropped: its EAS is masked (the PQ bits "
				     "are now stale)"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "ESB 5 load: -EINVAL, nothing answers"));
	vr_text_free(&out);
}
END_TEST

START_TEST(test_rejected_steps)
{
	static const char *const bad[] = {
		"  - op: vp_push\n    args: { vcpu: 1 }\n",
		"  - op: set_irq\n    args: { src: 4096 }\n",
		"  - op: end_config\n    args: { vcpu: 3, prio: 0, qshift: 0 }\n",
		"  - op: tima_load\n    args: { thread: 3, offset: 0x810, size: 2 }\n",
		"  - op: guest_eoi\n    args: { vcpu: 0, src: 4096 }\n",
		"  - op: end_state\n    args: { vcpu: 2, prio: 0 }\n",
	};
	struct vr_text out = VR_TEXT_INIT;
	unsigned int i;

	for (i = 0; i < VR_ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(vr_test_replay_string(trace(bad[i]), &out), -VR_EREJECTED);
		vr_text_clear(&out);
	}
	vr_text_free(&out);
}
END_TEST

START_TEST(test_overwritten_entry_is_reported)
{
	struct vr_text out = VR_TEXT_INIT;
	const char *t = trace("  - op: esb_store\n    args: { src: 5, page: trigger, offset: 0 }\n"
			      "  - mem: { space: guest, addr: 0x10000, be32: [0] }\n");

	ck_assert_int_eq(vr_test_replay_string(t, &out), -VR_EINVARIANT);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
				     "EQ prio 6 of vCPU 0: entry 0 reads empty to the guest, but 1 "
				     "events are unread from entry 0 on"));
	vr_text_free(&out);
}
END_TEST

START_TEST(test_dump_and_dot)
{
	struct vr_value cfg[8];
	struct vr_instance *in = NULL;
	struct vr_text out = VR_TEXT_INIT;
	struct vr_xive *x;
	u32 s;

	ck_assert_uint_le(vr_model_xive.nconfig, VR_ARRAY_SIZE(cfg));
	ck_assert_int_eq(vr_config_defaults(&vr_model_xive, cfg), 0);
	ck_assert_int_eq(vr_instance_create(&vr_model_xive, cfg, &in), 0);
	x = vr_instance_state(in);
	xive_queue(x, 1, 6, 16);
	for (s = 0; s < 70; s++)
		xive_route(x, s, 1, 6, s + 1);
	ck_assert_int_eq(vr_xive_set_lsi(x, 80, true), 0);
	ck_assert_int_eq(vr_xive_set_irq(x, 80, true), 0);
	esb_trigger(x, 3);
	ck_assert_int_eq(vr_xive_vp_push(x, 1), 0);
	vr_instance_dump(in, &out);
	ck_assert_ptr_nonnull(strstr(
		vr_text_str(&out), "profile mainline: current mainline (torvalds/linux master: "
				   "arch/powerpc/kvm/book3s_xive_native.c)\nTIMA hw, 2 vCPUs, 4096 "
				   "sources, ESB shift 17"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
				     "source 3: MSI PQ 10 (pending), EAS 0x8000000e00000004 -> END "
				     "14 data 0x4"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "... (more sources not shown)"));
	ck_assert_ptr_nonnull(strstr(
		vr_text_str(&out), "END 14 (vCPU 1 prio 6): queue 0x1e0000, 16384 entries, "
				   "index 1 gen 1, always notify, ESn 0; 1 written, guest read 0"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
				     "vCPU 1 dispatched: NSR 0x00 CPPR 0x00 IPB 0x02 PIPR 0x06"));
	ck_assert_ptr_nonnull(strstr(
		vr_text_str(&out),
		"events: 2 triggers, 1 forwarded (0 by EOI), 0 coalesced, 1 off, 1 enqueued"));
	vr_text_clear(&out);
	ck_assert_int_eq(vr_instance_dot(in, &out), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "src3 -> end14 [label=\"EISN 0x4\"];"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out), "end14 -> vp1;"));
	ck_assert_ptr_nonnull(strstr(vr_text_str(&out),
				     "{VP 1 (dispatched)|CPPR 0x00|IPB 0x02|PIPR 0x06|NSR 0x00}"));
	ck_assert_int_eq(vr_instance_check(in, "queues", &out), 0);
	vr_text_free(&out);
	vr_instance_destroy(in);
	ck_assert_str_eq(vr_xive_profile_name(VR_XIVE_PROFILE_V2), "v2");
	ck_assert_ptr_null(vr_xive_profile_name(VR_XIVE_NR_PROFILES));
}
END_TEST

/* Any bytes decode into steps the model applies or rejects cleanly. */
START_TEST(test_fuzz_bytes)
{
	u8 data[256];
	struct vr_text why = VR_TEXT_INIT;
	unsigned int round, i;
	u32 seed = 0x5eed;

	for (round = 0; round < 16; round++) {
		int ret;

		for (i = 0; i < sizeof(data); i++) {
			seed = seed * 1103515245u + 12345u;
			data[i] = (u8)(seed >> 16);
		}
		ret = vr_fuzz_run(&vr_model_xive, data, sizeof(data), &why);
		ck_assert_msg(ret != -VR_EINVARIANT, "%s", vr_text_str(&why));
		vr_text_clear(&why);
	}
	vr_text_free(&why);
}
END_TEST

static const struct vr_test model_tests[] = {
	VR_TEST(test_explain_teaches),
	VR_TEST(test_rejected_steps),
	VR_TEST(test_overwritten_entry_is_reported),
	VR_TEST(test_dump_and_dot),
	VR_TEST(test_fuzz_bytes),
};

static const struct vr_tcase xive_model_tcases[] = {
	VR_TCASE("model", model_tests),
};

const struct vr_suite vr_suite_xive_model = VR_SUITE("xive_model", xive_model_tcases);
