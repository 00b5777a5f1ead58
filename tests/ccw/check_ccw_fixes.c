/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * "s390/vfio_ccw fixes" v1 (Eric Farman, July 2026) against mainline:
 * the chain a failed cp_init() leaks on mainline and frees with 3/6, the
 * segment limit of 2/6, the 256-CCW chain that 1/6 refuses as posted,
 * and the IDAL that 4/6 reads only an eighth of.  Profile 2026-07-v1 is
 * mainline with the four patches; the equivalence check must call each
 * refusal what it is.
 */
#include <stdio.h>
#include "ccw_test.h"

/* ---- 3/6: the sibling chain of a failed cp_init() ---- */

/*
 * The reproducer, as a real guest can write it.  Chain 0 at 0x10000 is a
 * format-1 TIC to 0x200e0 with CC, which the chain counts through, and a
 * TIC to slot 3 without CC, which ends it; slots 3-319 are 317 NOPs with
 * CC.  cp_init() builds chain 0 (2 CCWs), then for the first TIC a chain
 * at 0x200e0, and fails on the second: its target starts a chain longer
 * than CCWCHAIN_LEN_MAX (-EINVAL).
 */
static void reproducer(char *buf, size_t len, const char *profile)
{
	int n = snprintf(buf, len,
			 "virtref: 1\n"
			 "model: ccw\n"
			 "config: { profile: \"%s\", device: echo }\n"
			 "steps:\n"
			 "  - op: ccw_fill\n"
			 "    args: { slot: 3, n: 317, cmd: 3, flags: 64 }\n"
			 "  - op: ccw_put\n"
			 "    args: { slot: 0, cmd: 8, flags: 64, off: 224 }\n"
			 "  - op: tic_put\n"
			 "    args: { slot: 1, target: 3 }\n"
			 "  - op: cp_init\n"
			 "    args: { cpa: 0x10000 }\n"
			 "    expect: { ret: -EINVAL, chains: 0, pinned: 0 }\n",
			 profile);

	ck_assert(n > 0 && (size_t)n < len);
}

/* The same program written directly. */
static void put_reproducer(struct vr_ccw *c)
{
	int i;

	back(c, 0x10000, 320 * 8);
	back(c, 0x20000, 0x1000);
	put1(c, 0x10000, CCW_CMD_TIC, CCW_FLAG_CC, 0, 0x200e0);
	put1(c, 0x10008, CCW_CMD_TIC, 0, 0, 0x10018);
	for (i = 3; i < 320; i++)
		put1(c, 0x10000 + 8u * i, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0x20000);
}

START_TEST(test_mainline_init_leaks_sibling)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_text out = VR_TEXT_INIT;
	union orb o = make_orb(0x10000, true);
	struct channel_program cp;
	struct irb irb;
	char yaml[1024];
	int i;

	reproducer(yaml, sizeof(yaml), "mainline");
	ck_assert_int_eq(vr_test_replay_string(yaml, &out), -VR_EINVARIANT);
	assert_has(&out, "step 4 (cp_init): invariant violated:\n  1 host DMA blocks leaked\n");
	assert_has(&out, "guest pages pinned 0, host DMA blocks 1\n");
	vr_text_clear(&out);

	put_reproducer(c);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), -EINVAL);
	ck_assert(!cp.initialized);
	ck_assert_int_eq(vr_ccw_invariants(c, &out), 1);
	ck_assert_str_eq(vr_text_str(&out), "1 host DMA blocks leaked\n");
	vr_text_clear(&out);
	/* Nothing the kernel has reaches it: cp_free() does nothing. */
	cp_free(&cp);
	vr_ccw_dump(c, &out);
	assert_has(&out, "guest pages pinned 0, host DMA blocks 1\n");
	vr_text_clear(&out);
	vr_ccw_cp_release(&cp);

	/* Each request of the guest leaks one more; the guest sees a unit exception. */
	for (i = 0; i < 3; i++) {
		irb = run(c, VR_CCW_VFIO, &o);
		ck_assert_uint_eq(irb.scsw.cmd.dstat, DEV_STAT_UNIT_EXCEP);
		ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x10008);
	}
	ck_assert_int_eq(vr_ccw_invariants(c, &out), 1);
	ck_assert_str_eq(vr_text_str(&out), "4 host DMA blocks leaked\n");
	ck_assert_uint_eq(vr_ccw_pinned(c), 0);
	vr_text_free(&out);
	del_ccw(c);
}
END_TEST

START_TEST(test_v1_init_frees_all)
{
	struct vr_ccw *c = new_ccw(VR_CCW_2026_07_V1, VR_CCW_DEV_ECHO);
	struct vr_text out = VR_TEXT_INIT;
	union orb o = make_orb(0x10000, true);
	struct channel_program cp;
	struct irb irb;
	char yaml[1024];
	int i;

	reproducer(yaml, sizeof(yaml), "2026-07-v1");
	ck_assert_int_eq(vr_test_replay_string(yaml, &out), 0);
	vr_text_clear(&out);

	put_reproducer(c);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), -EINVAL);
	ck_assert(!cp.initialized);
	ck_assert_int_eq(vr_ccw_invariants(c, &out), 0);
	vr_ccw_dump(c, &out);
	assert_has(&out, "ccw profile 2026-07-v1, device echo\n");
	assert_has(&out, "guest pages pinned 0, host DMA blocks 0\n");
	vr_text_clear(&out);
	vr_ccw_cp_release(&cp);
	for (i = 0; i < 3; i++) {
		irb = run(c, VR_CCW_VFIO, &o);
		ck_assert_uint_eq(irb.scsw.cmd.dstat, DEV_STAT_UNIT_EXCEP);
	}
	ck_assert_int_eq(vr_ccw_invariants(c, &out), 0);
	vr_ccw_dump(c, &out);
	assert_has(&out, "guest pages pinned 0, host DMA blocks 0\n");
	vr_text_free(&out);
	del_ccw(c);
}
END_TEST

/* ---- 2/6: CCWCHAIN_COUNT_MAX segments ---- */

/* @n segments 0x40 apart: NOP CC and a TIC to the next; the last one a NOP. */
static void put_segments(struct vr_ccw *c, int n)
{
	int i;

	back(c, 0x10000, 0x2000);
	for (i = 0; i < n; i++) {
		u32 base = 0x10000 + 0x40u * i;

		if (i + 1 < n) {
			put1(c, base, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
			put1(c, base + 8, CCW_CMD_TIC, 0, 0, base + 0x40);
		} else {
			put1(c, base, CCW_CMD_NOOP, 0, 0, 0);
		}
	}
}

static const struct {
	enum vr_ccw_profile p;
	int n;
	int ret;
} segments[] = {
	{ VR_CCW_MAINLINE, 17, 0 },
	{ VR_CCW_2026_07_V1, 16, 0 },
	{ VR_CCW_2026_07_V1, 17, -ENOMEM },
};

/* _i: a row of segments[] */
START_TEST(test_segment_limit)
{
	struct vr_ccw *c = new_ccw(segments[_i].p, VR_CCW_DEV_ECHO);
	int n = segments[_i].n, want = segments[_i].ret;
	struct vr_text why = VR_TEXT_INIT;
	union orb o = make_orb(0x10000, true);
	struct vr_ccw_chain_view v[8];
	struct channel_program cp;
	struct vr_ccw_io io;
	struct irb irb;

	put_segments(c, n);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), want);
	ck_assert_int_eq(chains(&cp, v), want ? 0 : n);
	ck_assert_int_eq(cp.ccwchain_count, want ? CCWCHAIN_COUNT_MAX : n);
	cp_free(&cp);
	vr_ccw_cp_release(&cp);
	/* 3/6: the 16 chains built before the refusal are freed too. */
	ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x10000 + 0x40u * (n - 1) + 8);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	/* The limit is a documented refusal, not a failed allocation. */
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
	ck_assert_uint_eq(why.len, 0);
	ck_assert_int_eq(vr_ccw_start(c, VR_CCW_VFIO, &o, &io), 0);
	ck_assert_errno(io.ret, want);
	ck_assert_int_eq(vr_ccw_tsch(c, &irb), 0);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, want ? DEV_STAT_UNIT_EXCEP : CE_DE);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, want ? 0x10008 : 0x10000 + 0x40u * (n - 1) + 8);
	ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/* The check names the limit when it narrates a start on both paths. */
START_TEST(test_segment_limit_narrated)
{
	struct vr_text yaml = VR_TEXT_INIT, out = VR_TEXT_INIT;
	int i;

	vr_text_printf(&yaml, "virtref: 1\nmodel: ccw\nconfig: { profile: \"2026-07-v1\", "
			      "device: echo }\nsteps:\n");
	for (i = 0; i < 16; i++)
		vr_text_printf(&yaml,
			       "  - op: ccw_put\n    args: { slot: %d, cmd: 3, flags: 0x40 }\n"
			       "  - op: tic_put\n    args: { slot: %d, target: %d }\n",
			       8 * i, 8 * i + 1, 8 * (i + 1));
	vr_text_printf(&yaml, "  - op: ccw_put\n    args: { slot: 128, cmd: 3 }\n"
			      "  - op: start\n    args: { path: both }\n"
			      "    expect: { ret: -ENOMEM, cc: 0, equivalent: true }\n");
	ck_assert_int_eq(vr_test_replay_string_flags(vr_text_str(&yaml), VR_REPLAY_EXPLAIN, &out),
			 0);
	assert_has(&out, "equivalence: vfio-ccw refused it with -ENOMEM: "
			 "more than CCWCHAIN_COUNT_MAX segments");
	vr_text_free(&yaml);
	vr_text_free(&out);
}
END_TEST

/* ---- 1/6: 255, 256 and 257 chained CCWs ---- */

/* @n CCWs from 0x10000 of which all but the last chain (all, with @open). */
static void put_chain(struct vr_ccw *c, int n, bool open)
{
	int i;

	back(c, 0x10000, 0x2000);
	for (i = 0; i < n; i++)
		put1(c, 0x10000 + 8u * i, CCW_CMD_NOOP, i + 1 < n || open ? CCW_FLAG_CC : 0, 0, 0);
	put1(c, 0x10000 + 8u * n, CCW_CMD_NOOP, 0, 0, 0);
}

static const struct {
	enum vr_ccw_profile p;
	int n;
	int ret;
	const char *why;
} chain[] = {
	{ VR_CCW_MAINLINE, 255, 255, "" },
	{ VR_CCW_MAINLINE, 256, 256, "" },
	{ VR_CCW_2026_07_V1, 255, 255, "" },
	/* The regression the review of 1/6 found: a valid program refused. */
	{ VR_CCW_2026_07_V1, 256, -EINVAL,
	  "vfio-ccw refused a valid program with -EINVAL, but its longest chain, 256 CCWs "
	  "at 0x10000, is within CCWCHAIN_LEN_MAX\n" },
};

/* _i: a row of chain[] */
START_TEST(test_chain_256_per_profile)
{
	struct vr_ccw *c = new_ccw(chain[_i].p, VR_CCW_DEV_ECHO);
	int n = chain[_i].n, want = chain[_i].ret;
	struct vr_text why = VR_TEXT_INIT;
	union orb o = make_orb(0x10000, true);
	struct vr_ccw_chain_view v[8];
	struct channel_program cp;
	struct irb irb;
	int ret;

	put_chain(c, n, false);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ret = cp_init(&cp, vr_ccw_mdev(c), &o);
	if (want > 0) {
		ck_assert_int_eq(ret, 0);
		ck_assert_int_eq(chains(&cp, v), 1);
		ck_assert_int_eq(v[0].len, want);
	} else {
		ck_assert_errno(ret, want);
		ck_assert(!cp.initialized);
	}
	cp_free(&cp);
	vr_ccw_cp_release(&cp);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), *chain[_i].why ? -VR_EINVARIANT : 0);
	ck_assert_str_eq(vr_text_str(&why), chain[_i].why);
	irb = run(c, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, want > 0 ? CE_DE : DEV_STAT_UNIT_EXCEP);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, want > 0 ? 0x10000 + 8u * n : 0x10008);
	ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/*
 * 257 chained CCWs: both refuse, and the check calls it the documented
 * limit.  _i: 0 mainline, 1 2026-07-v1.
 */
START_TEST(test_chain_257_both_profiles)
{
	struct vr_ccw *c = new_ccw(_i ? VR_CCW_2026_07_V1 : VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_text why = VR_TEXT_INIT;
	union orb o = make_orb(0x10000, true);
	struct channel_program cp;

	put_chain(c, 256, true);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), -EINVAL);
	vr_ccw_cp_release(&cp);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
	ck_assert_uint_eq(why.len, 0);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/* ---- 4/6: the IDAL read as posted ---- */

static void put_be64(struct vr_ccw *c, u64 addr, u64 v)
{
	back(c, addr, 8);
	ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), addr, v), 0);
}

/*
 * 0x1000 Write 8 bytes from 0x5000, CC; 0x1008 NOP with IDA (IDAL at
 * 0x3000, block aligned: 4/6 reads 512 bytes of it) and CC; 0x1010 Read 8
 * bytes with IDA, IDAL at 0x3ff8, 8 bytes before the 4 KiB boundary.  4/6
 * reads 8 / 8 = 1 byte of that IDAL; the other 7 bytes of its first IDAW
 * are left from 0x3000's, so the Read lands in 0x7000, not 0x6000.
 * _i: 0 mainline, 1 2026-07-v1.
 */
START_TEST(test_v1_idal_short_read_stale)
{
	static const u8 msg[8] = "ABCDEFGH";
	struct vr_ccw *c = new_ccw(_i ? VR_CCW_2026_07_V1 : VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_text why = VR_TEXT_INIT;
	union orb o = make_orb(0x1000, true);
	u8 at6[8], at7[8];
	struct irb irb;

	put1(c, 0x1000, 0x01, CCW_FLAG_CC, 8, 0x5000);
	put1(c, 0x1008, CCW_CMD_NOOP, CCW_FLAG_CC | CCW_FLAG_IDA, 0, 0x3000);
	put1(c, 0x1010, 0x02, CCW_FLAG_IDA, 8, 0x3ff8);
	put_be64(c, 0x3000, 0x7000);
	put_be64(c, 0x3ff8, 0x6000);
	back(c, 0x5000, 0x3000);
	ck_assert_int_eq(vr_mem_write(vr_ccw_guest(c), 0x5000, msg, 8), 0);

	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), _i ? -VR_EINVARIANT : 0);
	ck_assert_str_eq(vr_text_str(&why),
			 _i ? "guest memory: page 0x6000 changed by the direct run only\n" : "");
	irb = run(c, VR_CCW_VFIO, &o);
	/* The device and the guest's SCSW see nothing wrong. */
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1018);
	ck_assert_int_eq(vr_mem_read(vr_ccw_guest(c), 0x6000, at6, 8), 0);
	ck_assert_int_eq(vr_mem_read(vr_ccw_guest(c), 0x7000, at7, 8), 0);
	ck_assert_int_eq(memcmp(_i ? at7 : at6, msg, 8), 0);
	ck_assert_uint_eq(_i ? at6[0] : at7[0], 0);
	ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/*
 * Nothing earlier in the scratch: the first IDAW reads as 0, whose page is
 * not guest memory, and the program is refused although its IDAL and
 * data are.  _i: 0 mainline, 1 2026-07-v1.
 */
START_TEST(test_v1_idal_short_read_refused)
{
	struct vr_ccw *c = new_ccw(_i ? VR_CCW_2026_07_V1 : VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_text why = VR_TEXT_INIT;
	union orb o = make_orb(0x1000, true);
	struct vr_ccw_io io;
	struct irb irb;

	put1(c, 0x1000, 0x01, CCW_FLAG_IDA, 8, 0x3ff8);
	put_be64(c, 0x3ff8, 0x5000);
	back(c, 0x5000, 0x1000);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), _i ? -VR_EINVARIANT : 0);
	ck_assert_str_eq(vr_text_str(&why),
			 _i ? "vfio-ccw refused a valid program with -EINVAL at CCW 0x1000, "
			      "whose IDAL and data are guest memory\n"
			    : "");
	ck_assert_int_eq(vr_ccw_start(c, VR_CCW_VFIO, &o, &io), 0);
	ck_assert_errno(io.ret, _i ? -EINVAL : 0);
	ck_assert_int_eq(vr_ccw_tsch(c, &irb), 0);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, _i ? DEV_STAT_UNIT_EXCEP : CE_DE);
	ck_assert_uint_eq(vr_ccw_pinned(c), 0);
	ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

static const struct vr_test leak_tests[] = {
	VR_TEST(test_mainline_init_leaks_sibling),
	VR_TEST(test_v1_init_frees_all),
};
static const struct vr_test limit_tests[] = {
	VR_LOOP_TEST(test_segment_limit, 0, VR_ARRAY_SIZE(segments)),
	VR_TEST(test_segment_limit_narrated),
	VR_LOOP_TEST(test_chain_256_per_profile, 0, VR_ARRAY_SIZE(chain)),
	VR_LOOP_TEST(test_chain_257_both_profiles, 0, 2),
};
static const struct vr_test idal_tests[] = {
	VR_LOOP_TEST(test_v1_idal_short_read_stale, 0, 2),
	VR_LOOP_TEST(test_v1_idal_short_read_refused, 0, 2),
};
static const struct vr_tcase ccw_fixes_tcases[] = {
	VR_TCASE("leak", leak_tests),
	VR_TCASE("limits", limit_tests),
	VR_TCASE("idal", idal_tests),
};
const struct vr_suite vr_suite_ccw_fixes = VR_SUITE("ccw_fixes", ccw_fixes_tcases);
