/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The ccw model's op table and its readable outputs: narration of chains,
 * TIC loops and channel steps, the state dump, the Graphviz picture, and
 * the ops that only traces reach (cp_get_orb, csch, events, builder
 * errors).
 */
#include <virtref/instance.h>
#include <virtref/warn.h>
#include "ccw_test.h"

/* Two chains joined by a forward TIC, a loop inside the second, SM skip. */
static const char two_chains[] =
	"virtref: 1\n"
	"model: ccw\n"
	"name: two-chains\n"
	"config: { profile: mainline, device: dasd }\n"
	"steps:\n"
	"  - op: data_put\n"
	"    args: { data: 1, len: 5, value: 1 }\n"
	"  - op: ccw_put\n"
	"    args: { slot: 0, cmd: 0x07, flags: 0x40, count: 6 }\n"
	"  - op: tic_put\n"
	"    args: { slot: 1, target: 4 }\n"
	"  - op: ccw_put\n"
	"    args: { slot: 4, cmd: 0x31, flags: 0x40, count: 5, data: 1 }\n"
	"  - op: tic_put\n"
	"    args: { slot: 5, target: 4 }\n"
	"  - op: ccw_put\n"
	"    args: { slot: 6, cmd: 0x06, flags: 0x20, count: 32, data: 2 }\n"
	"  - op: cp_init\n"
	"    args: { cpa: 0x10000, lpm: 0 }\n"
	"    expect: { ret: 0, chains: 2, lens: [2, 3], heads: [0x10000, 0x10020] }\n"
	"  - op: cp_prefetch\n"
	"    expect: { ret: 0, pinned: 3 }\n"
	"  - op: cp_get_orb\n"
	"    expect: { null: false, host_cpa: true, fmt: 1, c64: 1, i2k: 0, key: 0, lpm: 0x80 }\n"
	"  - op: cp_iova_pinned\n"
	"    args: { iova: 0x22010 }\n"
	"    expect: { pinned: true }\n"
	"  - op: cp_free\n"
	"    expect: { pinned: 0 }\n"
	"  - op: cp_get_orb\n"
	"    expect: { null: true }\n"
	"  - op: start\n"
	"    args: { path: both }\n"
	"    expect: { ret: 0, cc: 0, exception: none, equivalent: true }\n"
	"  - op: events\n"
	"    args: { path: vfio }\n"
	"    expect: { n: 3, cmds: [0x07, 0x31, 0x06], lens: [6, 5, 32] }\n"
	"  - op: start\n"
	"    args: { path: direct }\n"
	"    expect: { cc: 1 }\n"
	"  - op: csch\n"
	"  - op: tsch\n"
	"    expect: { cc: 0, fctl: 1, stctl: 1, cpa: 0x10038 }\n"
	"  - op: tsch\n"
	"    expect: { cc: 1 }\n"
	"  - check: equivalent\n";

START_TEST(test_narration)
{
	struct vr_text out = VR_TEXT_INIT;
	int ret = vr_test_replay_string_flags(two_chains, VR_REPLAY_EXPLAIN, &out);

	ck_assert_msg(ret == 0, "%s", vr_text_str(&out));
	assert_has(&out, "vfio-ccw: chain 0: guest 0x10000, 2 CCWs, host 0x7f000000");
	assert_has(&out, "TIC at 0x10008 -> 0x10020 in chain 1");
	assert_has(&out, "TIC at 0x10028 loops back to 0x10020 inside chain 1");
	assert_has(&out, "host: status modifier: skipping");
	assert_has(&out, "vfio-ccw: host CPA 0x7f000098 -> guest CPA 0x10038");
	assert_has(&out, "0x10008: TIC -> 0x10020");
	assert_has(&out, "2: Read (0x06) count 32, 32 bytes, status 0x0c");
	assert_has(&out, "clear: status pending, program released");
	assert_has(&out, "cp_prefetch: 0, 3 pages pinned");
	vr_text_free(&out);
}
END_TEST

START_TEST(test_dump_and_dot)
{
	struct vr_value config[4] = { { .u = VR_CCW_MAINLINE }, { .u = VR_CCW_DEV_DASD } };
	struct vr_text dump = VR_TEXT_INIT, dot = VR_TEXT_INIT, why = VR_TEXT_INIT;
	struct vr_instance *in;
	struct vr_ccw_io io;
	struct vr_ccw *c;
	union orb o;

	ck_assert_int_eq(vr_instance_create(&vr_model_ccw, config, &in), 0);
	c = vr_instance_state(in);
	/* NOP CC, TIC to slot 3 (forward), slot 3 Search CC + TIC back + Read. */
	ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), 0x10000, 0x0340000000000000ULL), 0);
	ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), 0x10008, 0x0800000000010018ULL), 0);
	ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), 0x10018, 0x3140000500021000ULL), 0);
	ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), 0x10020, 0x0800000000010018ULL), 0);
	ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), 0x10028, 0x0620002000022000ULL), 0);
	ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), 0x21000, 0x0000000001000000ULL), 0);
	memset(&o, 0, sizeof(o));
	o.cmd.cpa = 0x10000;
	o.cmd.fmt = 1;
	o.cmd.pfch = 1;
	o.cmd.c64 = 1;
	o.cmd.lpm = 0xff;
	ck_assert_int_eq(vr_ccw_start(c, VR_CCW_VFIO, &o, &io), 0);
	ck_assert_int_eq(io.ret, 0);
	ck_assert_int_eq(vr_instance_dot(in, &dot), 0);
	assert_has(&dot, "subgraph cluster_1 {");
	assert_has(&dot, "host chain 1 at 0x7f000080 (guest 0x10018, 3 CCWs)");
	assert_has(&dot, "n10008 -> n10018 [style=dashed, label=\"TIC\"];");
	assert_has(&dot, "n10020 -> n10018 [style=dashed, label=\"TIC\"];");
	assert_has(&dot, "n10018 -> n10028 [style=dotted, label=\"status modifier\"];");
	assert_has(&dot, "n10000 -> n10008;");
	vr_instance_dump(in, &dump);
	assert_has(&dump, "ccw profile mainline, device dasd");
	assert_has(&dump, "subchannel: status pending, SCSW CPA 0x10030 dstat 0x0c");
	assert_has(&dump, "dasd: cylinder 0 head 0, next record 2, oriented to 0");
	assert_has(&dump, "guest pages pinned 0, host DMA blocks 0");
	ck_assert_int_eq(vr_instance_invariants(in, &why), 0);
	ck_assert_int_eq(vr_instance_check(in, "equivalent", &why), 0);
	ck_assert_ptr_eq(vr_instance_mem(in, "guest"), vr_ccw_guest(c));
	ck_assert_ptr_null(vr_instance_mem(in, "host"));
	vr_instance_destroy(in);
	vr_text_free(&dump);
	vr_text_free(&dot);
	vr_text_free(&why);
}
END_TEST

START_TEST(test_bad_config_and_echo_dump)
{
	struct vr_ccw_config bad = { .profile = VR_CCW_NR_PROFILES, .device = VR_CCW_DEV_DASD };
	struct vr_value config[4] = { { .u = VR_CCW_5_0 }, { .u = VR_CCW_DEV_ECHO } };
	struct vr_text dump = VR_TEXT_INIT;
	struct vr_instance *in;
	struct vr_ccw *c = NULL;

	ck_assert_errno(vr_ccw_create(&bad, &c), -EINVAL);
	ck_assert_ptr_null(c);
	bad.profile = VR_CCW_MAINLINE;
	bad.device = (enum vr_ccw_device_type)7;
	ck_assert_errno(vr_ccw_create(&bad, &c), -EINVAL);
	ck_assert_int_eq(vr_instance_create(&vr_model_ccw, config, &in), 0);
	vr_instance_dump(in, &dump);
	assert_has(&dump, "ccw profile 5.0, device echo");
	assert_has(&dump, "echo: 0 bytes held");
	vr_instance_destroy(in);
	vr_text_free(&dump);
}
END_TEST

/* Builder ops on the edges of their areas, and a second cp_prefetch. */
static const char edges[] = "virtref: 1\n"
			    "model: ccw\n"
			    "name: edges\n"
			    "config: { profile: mainline, device: echo }\n"
			    "steps:\n"
			    "  - op: ccw_fill\n"
			    "    args: { slot: 318, n: 5, cmd: 0x03 }\n"
			    "    expect: { addr: 0x109f0 }\n"
			    "  - op: idaw_put\n"
			    "    args: { list: 15, index: 31, width: idaw32, data: 2, off: 4 }\n"
			    "    expect: { addr: 0x30f7c, cda: 0x22004 }\n"
			    "  - op: ccw_put\n"
			    "    args: { slot: 0, cmd: 0x03, format: f0 }\n"
			    "    expect: { addr: 0x10000, cda: 0x20000 }\n"
			    "  - op: ccw_raw\n"
			    "    args: { slot: 1, word: 0x0300000000000000 }\n"
			    "    expect: { addr: 0x10008, cda: 0 }\n"
			    "  - op: cp_init\n"
			    "    args: { cpa: 0x10008 }\n"
			    "  - op: cp_prefetch\n"
			    "    expect: { ret: 0 }\n"
			    "  - op: cp_update_scsw\n"
			    "    args: { chain: 0, index: 1 }\n"
			    "    expect: { cpa: 0x10010, translated: true }\n"
			    "  - op: cp_prefetch\n";

START_TEST(test_config_default)
{
	struct vr_ccw_config cfg;
	struct vr_text why = VR_TEXT_INIT;
	struct vr_ccw *c;

	vr_ccw_config_default(&cfg);
	ck_assert_int_eq(cfg.profile, VR_CCW_MAINLINE);
	ck_assert_int_eq(cfg.device, VR_CCW_DEV_DASD);
	ck_assert_int_eq(vr_ccw_create(&cfg, &c), 0);
	ck_assert_str_eq((vr_ccw_invariants(c, &why), vr_text_str(&why)), "");
	vr_ccw_destroy(c);
	vr_ccw_destroy(NULL);
	vr_text_free(&why);
}
END_TEST

/* cp_init's ORB without arguments: the one vr_ccw_orb_init() gives, LPM 0xFF kept. */
static const char orb_defaults[] =
	"virtref: 1\n"
	"model: ccw\n"
	"name: orb-defaults\n"
	"config: { profile: mainline, device: echo }\n"
	"steps:\n"
	"  - op: ccw_put\n"
	"    args: { slot: 0, cmd: 0x03 }\n"
	"  - op: cp_init\n"
	"    args: { cpa: 0x10000 }\n"
	"  - op: cp_prefetch\n"
	"    expect: { ret: 0 }\n"
	"  - op: cp_get_orb\n"
	"    expect: { null: false, host_cpa: true, fmt: 1, c64: 1, i2k: 0, "
	"key: 0, lpm: 0xff }\n"
	"  - op: cp_free\n";

START_TEST(test_orb_defaults)
{
	struct vr_text out = VR_TEXT_INIT;
	union orb o;

	memset(&o, 0xA5, sizeof(o));
	vr_ccw_orb_init(&o, 0x10000);
	ck_assert_uint_eq(o.cmd.cpa, 0x10000);
	ck_assert_uint_eq(o.cmd.fmt, 1);
	ck_assert_uint_eq(o.cmd.pfch, 1);
	ck_assert_uint_eq(o.cmd.c64, 1);
	ck_assert_uint_eq(o.cmd.i2k, 0);
	ck_assert_uint_eq(o.cmd.spnd, 0);
	ck_assert_uint_eq(o.cmd.key, 0);
	ck_assert_uint_eq(o.cmd.lpm, 0xFF);
	ck_assert_uint_eq(o.cmd.intparm, 0);
	ck_assert_int_eq(vr_test_replay_string(orb_defaults, &out), 0);
	vr_text_free(&out);
}
END_TEST

/* An environment that pins but maps no frame: what a foreign lend gives. */
static int pins_only(void *data, uint64_t iova, int npage, int prot, uint64_t *pfn)
{
	(void)prot;
	*(int *)data += npage;
	for (int i = 0; i < npage; i++)
		pfn[i] = (iova >> 12) + (uint64_t)i;
	return 0;
}

static void unpins_only(void *data, uint64_t iova, int npage)
{
	(void)iova;
	*(int *)data -= npage;
}

static const struct vr_env_ops pin_only_env = { .pin = pins_only, .unpin = unpins_only };

/*
 * The translator pins and reads guest memory through the environment the
 * instance lends (vr_ccw_enter()): without it nothing is read or pinned,
 * with it the same program translates and its pins are counted.
 */
START_TEST(test_cp_needs_the_lend)
{
	struct vr_ccw_config cfg = { .profile = VR_CCW_MAINLINE, .device = VR_CCW_DEV_ECHO };
	union orb o = make_orb(0x1000, true);
	struct vr_context_frame f;
	struct channel_program cp;
	struct vr_context *ctx;
	struct vr_ccw *c;
	int pinned = 0;

	ck_assert_int_eq(vr_ccw_create(&cfg, &c), 0);
	put1(c, 0x1000, 0x01, 0, 16, 0x2000);
	back(c, 0x2000, 16);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), -EFAULT);
	ck_assert_uint_eq(vr_warn_count(), 1);
	ck_assert_ptr_nonnull(strstr(vr_warn_first(), "WARN_ON(!ctx->env || !ctx->env->pin)"));
	vr_warn_reset();
	/* Pinned but not mapped: the read faults and the pins are undone. */
	ctx = vr_context_current();
	ctx->env = &pin_only_env;
	ctx->env_data = &pinned;
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), -EFAULT);
	ck_assert_int_eq(pinned, 0);
	ck_assert_uint_eq(vr_warn_count(), 1);
	ck_assert_ptr_nonnull(strstr(vr_warn_first(), "ctx->env->phys_to_virt"));
	vr_warn_reset();
	ctx->env = NULL;
	ctx->env_data = NULL;

	vr_ccw_enter(c, &f);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	ck_assert_int_eq(cp_prefetch(&cp), 0);
	ck_assert_uint_eq(vr_ccw_pinned(c), 1);
	ck_assert(cp_iova_pinned(&cp, 0x2008));
	ck_assert(!cp_iova_pinned(&cp, 0x1000));
	cp_free(&cp);
	ck_assert_uint_eq(vr_ccw_pinned(c), 0);
	vr_ccw_leave(&f);
	ck_assert_ptr_null(vr_context_current()->env);
	vr_ccw_cp_release(&cp);
	vr_ccw_destroy(c);
}
END_TEST

/* The translated program read back through the host's address space. */
START_TEST(test_host_program_accessors)
{
	union orb o = make_orb(0x1000, true);
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_ccw_chain_view v[2];
	struct channel_program cp;
	struct vr_text why = VR_TEXT_INIT;
	struct ccw1 h;
	u64 w, g;
	u8 b;

	put1(c, 0x1000, 0x02, CCW_FLAG_CC, 16, 0x2000);
	put1(c, 0x1008, CCW_CMD_TIC, 0, 0, 0x3000);
	put1(c, 0x3000, 0x02, 0, 8, 0x4008);
	back(c, 0x2000, 16);
	back(c, 0x4000, 16);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	ck_assert_int_eq(cp_prefetch(&cp), 0);
	ck_assert_int_eq(vr_ccw_cp_chains(&cp, v, 2), 2);
	ck_assert_uint_eq(v[0].iova, 0x1000);
	ck_assert_uint_eq(v[1].iova, 0x3000);

	/* A direct address becomes a one-word IDAL into the pinned page. */
	ck_assert_int_eq(vr_ccw_host_ccw(c, v[0].host, &h), 0);
	ck_assert_uint_eq(h.cmd_code, 0x02);
	ck_assert_uint_eq(h.flags, CCW_FLAG_CC | CCW_FLAG_IDA);
	ck_assert_uint_eq(h.count, 16);
	ck_assert_uint_ge(h.cda, VR_CCW_HOST_POOL_BASE);
	ck_assert_uint_lt(h.cda, VR_CCW_HOST_POOL_BASE + VR_CCW_HOST_POOL_SIZE);
	ck_assert_int_eq(vr_ccw_host_idaw(c, h.cda, 0, &w), 0);
	ck_assert_uint_eq(w, VR_CCW_HOST_GUEST_BASE + 0x2000);
	ck_assert_int_eq(vr_ccw_host_to_guest(w, &g), 0);
	ck_assert_uint_eq(g, 0x2000);
	ck_assert_int_eq(vr_ccw_host_to_guest(h.cda, &g), -ENOENT);

	/* The TIC names the next host chain, not the guest's 0x3000. */
	ck_assert_int_eq(vr_ccw_host_ccw(c, v[0].host + 8, &h), 0);
	ck_assert_uint_eq(h.cmd_code, CCW_CMD_TIC);
	ck_assert_uint_eq(h.cda, v[1].host);
	ck_assert_int_eq(vr_ccw_host_ccw(c, v[1].host, &h), 0);
	ck_assert_uint_eq(h.count, 8);
	ck_assert_int_eq(vr_ccw_host_idaw(c, h.cda, 0, &w), 0);
	ck_assert_uint_eq(w, VR_CCW_HOST_GUEST_BASE + 0x4008);

	/* Pinned guest data reads; an unpinned page is refused and nothing is recorded. */
	ck_assert_int_eq(vr_ccw_host_read(c, VR_CCW_HOST_GUEST_BASE + 0x2000, &b, 1), 0);
	ck_assert_int_eq(vr_ccw_host_read(c, VR_CCW_HOST_GUEST_BASE + 0x1000, &b, 1), -EACCES);
	ck_assert_int_eq(vr_ccw_host_read(c, VR_CCW_HOST_POOL_BASE + VR_CCW_HOST_POOL_SIZE, &b, 1),
			 -EFAULT);
	ck_assert_int_eq(vr_ccw_host_read(c, UINT64_MAX, &b, 2), -EFAULT);
	ck_assert_int_eq(vr_ccw_host_read(NULL, 0, &b, 1), -EINVAL);
	ck_assert_int_eq(vr_ccw_host_read(c, 0, NULL, 1), -EINVAL);
	ck_assert_int_eq(vr_ccw_host_ccw(c, v[0].host, NULL), -EINVAL);
	ck_assert_int_eq(vr_ccw_host_idaw(c, UINT64_MAX - 7, 1, &w), -EINVAL);
	ck_assert_int_eq(vr_ccw_host_to_guest(w, NULL), -EINVAL);

	/* Inspection recorded nothing; once freed, nothing is left and the words are gone. */
	cp_free(&cp);
	ck_assert_str_eq((vr_ccw_invariants(c, &why), vr_text_str(&why)), "");
	vr_text_free(&why);
	ck_assert_int_eq(vr_ccw_host_ccw(c, v[0].host, &h), -EFAULT);
	vr_ccw_cp_release(&cp);
	del_ccw(c);
}
END_TEST

START_TEST(test_op_edges)
{
	struct vr_text out = VR_TEXT_INIT;

	/* The second cp_prefetch is refused by the model, not by the kernel code. */
	ck_assert_int_eq(vr_test_replay_string(edges, &out), -VR_EREJECTED);
	assert_has(&out, "step 8");
	vr_text_free(&out);
}
END_TEST

static const struct vr_test model_tests[] = {
	VR_TEST(test_narration),
	VR_TEST(test_dump_and_dot),
	VR_TEST(test_bad_config_and_echo_dump),
	VR_TEST(test_config_default),
	VR_TEST(test_cp_needs_the_lend),
	VR_TEST(test_op_edges),
	VR_TEST(test_host_program_accessors),
	VR_TEST(test_orb_defaults),
};
static const struct vr_tcase ccw_model_tcases[] = {
	VR_TCASE("model", model_tests),
};
const struct vr_suite vr_suite_ccw_model = VR_SUITE("ccw_model", ccw_model_tcases);
