/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The ccw model against docs/ccw.md: the DASD IPL1 program per profile
 * (7.1), NOP + TIC to another segment (7.2), TIC to itself, forward
 * TICs, 256 and 257 chained CCWs (6.5), IDA and direct data, SKIP,
 * format-0 conversion (1.4), CPA translation back (6.8), the
 * channel-program-check table (3.1), ORB checks (2), the guest-visible
 * outcome of translation errors (6.9), each historical defect caught by
 * the equivalence check or an invariant, and allocation failure.
 */
#include "ccw_test.h"

/* ---- helpers ---- */

static void put_bytes(struct vr_ccw *c, u64 addr, const u8 *b, size_t n)
{
	back(c, addr, n);
	ck_assert_int_eq(vr_mem_write(vr_ccw_guest(c), addr, b, n), 0);
}

/*
 * QEMU's DASD IPL1 program (pc-bios/s390-ccw/dasd-ipl.c ipl1_fixup()), format 0, at 0x08.  The
 * format-0 TIC carries garbage in bytes 4-7; the Read gets SLI, 24 bytes.
 */
static void put_ipl1(struct vr_ccw *c)
{
	static const u8 prog[] = {
		0x07, 0x00, 0x00, 0x30, 0x40, 0x00, 0x00, 0x06, /* 0x08 Seek */
		0x31, 0x00, 0x00, 0x38, 0x40, 0x00, 0x00, 0x05, /* 0x10 Search ID Eq */
		0x08, 0x00, 0x00, 0x10, 0xff, 0xff, 0xff, 0xff, /* 0x18 TIC -> 0x10 */
		0x06, 0x00, 0x10, 0x00, 0x20, 0x00, 0x00, 0x18, /* 0x20 Read */
		0x08, 0xbb, 0xbb, 0xbb, 0x00, 0x00, 0x00, 0x00, /* 0x28 TIC to IPL2 */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* 0x30 seek data */
		0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, /* 0x38 search data */
	};

	put_bytes(c, 0x08, prog, sizeof(prog));
	back(c, 0x1000, 0x1000);
}

static union orb ipl1_orb(void)
{
	return make_orb(0x08, false);
}

/* ---- format 0 ---- */

START_TEST(test_format0_conversion)
{
	static const u8 tic[8] = { 0x18, 0x00, 0x10, 0x00, 0xff, 0xff, 0xff, 0xff };
	static const u8 rd[8] = { 0x06, 0x12, 0x34, 0x56, 0x20, 0x99, 0x00, 0x18 };
	struct ccw1 c;

	/* Low nibble 8: a TIC whatever the high nibble, flags and count say. */
	vr_ccw_convert0(tic, &c);
	ck_assert_uint_eq(c.cmd_code, 0x08);
	ck_assert_uint_eq(c.flags, 0);
	ck_assert_uint_eq(c.count, 0);
	ck_assert_uint_eq(c.cda, 0x1000);
	vr_ccw_convert0(rd, &c);
	ck_assert_uint_eq(c.cmd_code, 0x06);
	ck_assert_uint_eq(c.flags, 0x20);
	ck_assert_uint_eq(c.count, 0x18);
	ck_assert_uint_eq(c.cda, 0x123456);
}
END_TEST

/* ---- 7.1 DASD IPL1 ---- */

START_TEST(test_ipl1_direct)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_DASD);
	union orb o = ipl1_orb();
	const struct vr_ccw_log *log;
	struct irb irb;
	u8 rec[24];

	put_ipl1(c);
	irb = run(c, VR_CCW_DIRECT, &o);
	/* Seek, Search (record 1: no), TIC, Search (record 2: SM), Read. */
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x28);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	ck_assert_uint_eq(irb.scsw.cmd.cstat, 0);
	ck_assert_uint_eq(irb.scsw.cmd.count, 0);
	ck_assert_uint_eq(irb.scsw.cmd.stctl, 0x07);
	log = vr_ccw_last_log(c, VR_CCW_DIRECT);
	ck_assert_uint_eq(log->n, 4);
	ck_assert_uint_eq(log->ev[0].cmd, 0x07);
	ck_assert_uint_eq(log->ev[0].len, 6);
	ck_assert_uint_eq(log->ev[1].cmd, 0x31);
	ck_assert_uint_eq(log->ev[1].dstat, CE_DE);
	ck_assert_uint_eq(log->ev[2].cmd, 0x31);
	ck_assert_uint_eq(log->ev[2].dstat, CE_DE | DEV_STAT_STAT_MOD);
	ck_assert_uint_eq(log->ev[3].cmd, 0x06);
	ck_assert_uint_eq(log->ev[3].len, 24);
	/* Record 2 of cylinder 0 head 0: byte i = 2 * 31 + i. */
	ck_assert_int_eq(vr_mem_read(vr_ccw_guest(c), 0x1000, rec, 24), 0);
	ck_assert_uint_eq(rec[0], 62);
	ck_assert_uint_eq(rec[23], 85);
	del_ccw(c);
}
END_TEST

/* Chain length per profile: A 4, B 3 (the Read is lost), C 4. */
START_TEST(test_ipl1_chain_per_profile)
{
	static const struct {
		enum vr_ccw_profile p;
		int len;
	} want[] = {
		{ VR_CCW_MAINLINE, 4 }, { VR_CCW_5_3, 4 }, { VR_CCW_5_1, 4 },
		{ VR_CCW_5_1_RC, 3 },	{ VR_CCW_5_0, 4 },
	};
	unsigned i;

	for (i = 0; i < VR_ARRAY_SIZE(want); i++) {
		struct vr_ccw *c = new_ccw(want[i].p, VR_CCW_DEV_DASD);
		struct channel_program cp;
		struct vr_ccw_chain_view v[8];
		union orb o = ipl1_orb();
		u64 gen;

		put_ipl1(c);
		gen = vr_mem_generation(vr_ccw_guest(c));
		ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
		ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
		/* The TIC's target 0x10 is inside the chain: one chain only. */
		ck_assert_int_eq(chains(&cp, v), 1);
		ck_assert_uint_eq(v[0].iova, 0x08);
		ck_assert_int_eq(v[0].len, want[i].len);
		ck_assert_int_eq(cp_prefetch(&cp), 0);
		/* Seek and Search data share page 0; the Read's page 0x1000. */
		ck_assert_uint_eq(vr_ccw_pinned(c), want[i].len == 4 ? 3 : 2);
		ck_assert(cp_iova_pinned(&cp, 0x30));
		ck_assert(cp_iova_pinned(&cp, 0x1000) == (want[i].len == 4));
		ck_assert_uint_eq(vr_mem_generation(vr_ccw_guest(c)), gen);
		cp_free(&cp);
		ck_assert_uint_eq(vr_ccw_pinned(c), 0);
		vr_ccw_cp_release(&cp);
		del_ccw(c);
	}
}
END_TEST

/*
 * Mainline and 5.3 run IPL1 exactly as the channel does.  5.1-rc1 loses
 * the Read (state B).  5.1 and 5.0 run it, but the normal-end CPA, one
 * past the chain, reaches the guest untranslated (fixed in May 2019).
 */
START_TEST(test_ipl1_equivalence_per_profile)
{
	static const struct {
		enum vr_ccw_profile p;
		bool same;
		u32 events;
	} want[] = {
		{ VR_CCW_MAINLINE, true, 4 }, { VR_CCW_5_3, true, 4 },	{ VR_CCW_5_1, false, 4 },
		{ VR_CCW_5_1_RC, false, 3 },  { VR_CCW_5_0, false, 4 },
	};
	unsigned i;

	for (i = 0; i < VR_ARRAY_SIZE(want); i++) {
		struct vr_ccw *c = new_ccw(want[i].p, VR_CCW_DEV_DASD);
		struct vr_text why = VR_TEXT_INIT;
		union orb o = ipl1_orb();
		struct irb irb;

		put_ipl1(c);
		ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why),
				 (want[i].same ? 0 : -VR_EINVARIANT));
		ck_assert(strstr(vr_text_str(&why), "guest SCSW") != NULL || want[i].same);
		vr_text_clear(&why);
		irb = run(c, VR_CCW_VFIO, &o);
		ck_assert_uint_eq(vr_ccw_last_log(c, VR_CCW_VFIO)->n, want[i].events);
		if (want[i].same) {
			ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x28);
			ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
			ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
		} else {
			/*
			 * State B: record 2 found, the channel skips the TIC and
			 * fetches host CCW 3, past the 3-entry copy, so the Read
			 * never reaches the device.  Either way a host CPA reaches
			 * the guest, which the invariants catch.
			 */
			ck_assert_uint_eq(irb.scsw.cmd.cstat,
					  want[i].events == 3 ? SCHN_STAT_PROG_CHECK : 0);
			ck_assert_uint_ge(irb.scsw.cmd.cpa, VR_CCW_HOST_POOL_BASE);
			ck_assert_int_ne(vr_ccw_invariants(c, &why), 0);
			ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "host address"));
		}
		vr_text_free(&why);
		del_ccw(c);
	}
}
END_TEST

/* ---- 7.2 NOP + TIC to another segment ---- */

static void put_nop_tic(struct vr_ccw *c)
{
	put1(c, 0x1000, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	put1(c, 0x1008, CCW_CMD_TIC, 0, 0, 0x2000);
	/* Leftover bytes of an older program: Read 256 bytes to 0x3000, CC. */
	put1(c, 0x1010, 0x02, CCW_FLAG_CC, 0x100, 0x3000);
	put1(c, 0x2000, 0x02, 0, 0x100, 0x4000);
	back(c, 0x4000, 0x1000);
}

START_TEST(test_nop_tic_chains)
{
	static const enum vr_ccw_profile ps[] = { VR_CCW_MAINLINE, VR_CCW_5_3, VR_CCW_5_1,
						  VR_CCW_5_1_RC, VR_CCW_5_0 };
	unsigned i;

	for (i = 0; i < VR_ARRAY_SIZE(ps); i++) {
		struct vr_ccw *c = new_ccw(ps[i], VR_CCW_DEV_ECHO);
		struct channel_program cp;
		struct vr_ccw_chain_view v[8];
		union orb o = make_orb(0x1000, true);
		bool a = ps[i] == VR_CCW_5_0;

		put_nop_tic(c);
		ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
		ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
		ck_assert_int_eq(chains(&cp, v), 2);
		ck_assert_uint_eq(v[0].iova, 0x1000);
		/* State A reads on behind the TIC: the leftover Read, then a zero CCW. */
		ck_assert_int_eq(v[0].len, a ? 4 : 2);
		ck_assert_uint_eq(v[1].iova, 0x2000);
		ck_assert_int_eq(v[1].len, 1);
		/* The leftover Read's page 0x3000 is not guest memory. */
		ck_assert_errno(cp_prefetch(&cp), a ? -EINVAL : 0);
		ck_assert_uint_eq(vr_ccw_pinned(c), a ? 0 : 1);
		cp_free(&cp);
		ck_assert_uint_eq(vr_ccw_pinned(c), 0);
		vr_ccw_cp_release(&cp);
		del_ccw(c);
	}
}
END_TEST

/* The state-A defect: a valid program refused over a CCW the channel never reaches. */
START_TEST(test_state_a_defect_caught)
{
	struct vr_ccw *c = new_ccw(VR_CCW_5_0, VR_CCW_DEV_ECHO);
	struct vr_text why = VR_TEXT_INIT;
	union orb o = make_orb(0x1000, true);
	struct irb irb;

	put_nop_tic(c);
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x2008);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), -VR_EINVARIANT);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "unreachable CCW 0x1010"));
	vr_text_free(&why);
	/* What the guest sees: cc 0 and a unit exception at ORB CPA + 8. */
	irb = run(c, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, DEV_STAT_UNIT_EXCEP);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1008);
	ck_assert_uint_eq(irb.scsw.cmd.stctl, 0x17);
	ck_assert_uint_eq(vr_ccw_pinned(c), 0);
	del_ccw(c);
}
END_TEST

/* The pre-May-2019 CPA defect: normal end points past the chain. */
START_TEST(test_cpa_end_defect_caught)
{
	static const struct {
		enum vr_ccw_profile p;
		bool fixed;
	} want[] = {
		{ VR_CCW_MAINLINE, true },
		{ VR_CCW_5_3, true },
		{ VR_CCW_5_1, false },
	};
	unsigned i;

	for (i = 0; i < VR_ARRAY_SIZE(want); i++) {
		struct vr_ccw *c = new_ccw(want[i].p, VR_CCW_DEV_ECHO);
		struct vr_text why = VR_TEXT_INIT;
		union orb o = make_orb(0x1000, true);
		struct irb irb;

		put_nop_tic(c);
		back(c, 0x3000, 0x1000);
		ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why),
				 (want[i].fixed ? 0 : -VR_EINVARIANT));
		vr_text_clear(&why);
		irb = run(c, VR_CCW_VFIO, &o);
		ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
		if (want[i].fixed) {
			ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x2008);
			ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
		} else {
			ck_assert_uint_ge(irb.scsw.cmd.cpa, VR_CCW_HOST_POOL_BASE);
			ck_assert_int_ne(vr_ccw_invariants(c, &why), 0);
		}
		vr_text_free(&why);
		del_ccw(c);
	}
}
END_TEST

/*
 * Another mainline gap: in a data chain the channel ignores the command
 * code of every CCW after the first, but ccw_does_data_transfer() judges
 * each CCW by its own.  A continuation coded as a NOP is left unpinned,
 * its IDAL holding the guest's addresses, while the channel moves data
 * through it.  The Read's 16 bytes reach 0x22000 and 0x23000 directly;
 * through vfio-ccw the second half finds no pinned page.
 */
START_TEST(test_mainline_data_chain_by_own_command)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_text why = VR_TEXT_INIT;
	union orb o = make_orb(0x1000, true);
	struct channel_program cp;
	struct irb irb;

	back(c, 0x21000, 0x3000);
	ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), 0x21000, 0x4142434445464748ULL), 0);
	put1(c, 0x1000, 0x01, CCW_FLAG_CC, 16, 0x21000);
	put1(c, 0x1008, 0x02, CCW_FLAG_DC, 8, 0x22000);
	put1(c, 0x1010, CCW_CMD_NOOP, 0, 8, 0x23000);
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1018);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	ck_assert_uint_eq(vr_ccw_last_log(c, VR_CCW_DIRECT)->ev[1].len, 16);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	ck_assert_int_eq(cp_prefetch(&cp), 0);
	ck_assert(cp_iova_pinned(&cp, 0x22000));
	ck_assert(!cp_iova_pinned(&cp, 0x23000));
	cp_free(&cp);
	vr_ccw_cp_release(&cp);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), -VR_EINVARIANT);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why),
				     "device event 1: direct cmd 0x02 count 8 "
				     "len 16 dstat 0x0c, vfio cmd 0x02 count 8 len 8 dstat 0x0c"));
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/*
 * DASD at 0x1000: Seek (cylinder 0, head 0), Search ID Equal for record
 * 1, a TIC to @target, a Read.  Record 1 comes first, so the search ends
 * with status modifier and the channel skips the TIC.
 */
static void put_search_tic(struct vr_ccw *c, u32 target)
{
	back(c, 0x5000, 0x1000);
	ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), 0x5008, 0x0000000001000000ULL), 0);
	put1(c, 0x1000, 0x07, CCW_FLAG_CC, 6, 0x5000);
	put1(c, 0x1008, 0x31, CCW_FLAG_CC, 5, 0x5008);
	put1(c, 0x1010, CCW_CMD_TIC, 0, 0, target);
	put1(c, 0x1018, 0x06, CCW_FLAG_SLI, 32, 0x5100);
}

/*
 * A gap the seed's rule leaves in mainline: a search with command chaining
 * followed by a forward TIC.  The chain ends at the TIC, so when the search
 * succeeds the channel skips it and fetches past the host copy.  The
 * program check's CPA is beyond even the May 2019 range and reaches the
 * guest as a host address.
 */
START_TEST(test_mainline_sm_past_chain_end)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_DASD);
	struct vr_text why = VR_TEXT_INIT;
	union orb o = make_orb(0x1000, true);
	struct irb irb;

	put_search_tic(c, 0x1040);
	put1(c, 0x1040, CCW_CMD_NOOP, 0, 0, 0);
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1020);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), -VR_EINVARIANT);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "device saw 3 commands directly, 2"));
	vr_text_clear(&why);
	irb = run(c, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cstat, SCHN_STAT_PROG_CHECK);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, VR_CCW_HOST_POOL_BASE + 32);
	ck_assert_int_ne(vr_ccw_invariants(c, &why), 0);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "host address 0x7f000020"));
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/*
 * A TIC to 2 GiB that the channel skips on status modifier: vfio-ccw
 * still copies a 2 KiB window there, which is not guest memory, and
 * refuses the program.  A documented limit, although the target lies
 * beyond the 31-bit addresses the check follows.  _i: 0 mainline, 1
 * 2026-07-v1.
 */
START_TEST(test_tic_beyond_2g_refused)
{
	struct vr_ccw *c = new_ccw(_i ? VR_CCW_2026_07_V1 : VR_CCW_MAINLINE, VR_CCW_DEV_DASD);
	struct vr_text why = VR_TEXT_INIT;
	union orb o = make_orb(0x1000, true);
	struct vr_ccw_io io;
	struct irb irb;

	put_search_tic(c, 0x80000000);
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1020);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
	ck_assert_uint_eq(why.len, 0);
	ck_assert_int_eq(vr_ccw_start(c, VR_CCW_VFIO, &o, &io), 0);
	ck_assert_errno(io.ret, -EFAULT);
	ck_assert_int_eq(vr_ccw_tsch(c, &irb), 0);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, DEV_STAT_UNIT_EXCEP);
	ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/* ---- TIC to self, forward TIC, CPA translation ---- */

START_TEST(test_tic_to_self)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_text why = VR_TEXT_INIT;
	struct channel_program cp;
	struct vr_ccw_chain_view v[8];
	union orb o = make_orb(0x1000, true);
	struct irb irb;

	put1(c, 0x1000, CCW_CMD_TIC, 0, 0, 0x1000);
	put1(c, 0x1008, CCW_CMD_NOOP, 0, 0, 0);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	/* Within range [head, the TIC]: counting goes past it. */
	ck_assert_int_eq(chains(&cp, v), 1);
	ck_assert_int_eq(v[0].len, 2);
	cp_free(&cp);
	vr_ccw_cp_release(&cp);
	/* The hardware reports the TIC to TIC, on both paths alike. */
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cstat, SCHN_STAT_PROG_CHECK);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1008);
	irb = run(c, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cstat, SCHN_STAT_PROG_CHECK);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1008);
	ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

START_TEST(test_forward_tic)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_text why = VR_TEXT_INIT;
	struct channel_program cp;
	struct vr_ccw_chain_view v[8];
	union orb o = make_orb(0x1000, true);
	union scsw s;

	put1(c, 0x1000, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	put1(c, 0x1008, CCW_CMD_TIC, 0, 0, 0x1018);
	put1(c, 0x1010, 0x00, 0, 0, 0);
	put1(c, 0x1018, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	put1(c, 0x1020, CCW_CMD_TIC, 0, 0, 0x1008);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	/* The forward TIC ends chain 0; the TIC back into it makes nothing. */
	ck_assert_int_eq(chains(&cp, v), 2);
	ck_assert_uint_eq(v[0].iova, 0x1000);
	ck_assert_int_eq(v[0].len, 2);
	ck_assert_uint_eq(v[1].iova, 0x1018);
	ck_assert_int_eq(v[1].len, 2);
	ck_assert_int_eq(cp_prefetch(&cp), 0);
	/* CPA translation back: inside, at the end (since May 2019), outside. */
	memset(&s, 0, sizeof(s));
	s.cmd.cpa = v[1].host + 8;
	cp_update_scsw(&cp, &s);
	ck_assert_uint_eq(s.cmd.cpa, 0x1020);
	s.cmd.cpa = v[1].host + 16;
	cp_update_scsw(&cp, &s);
	ck_assert_uint_eq(s.cmd.cpa, 0x1028);
	s.cmd.cpa = v[0].host + 16;
	cp_update_scsw(&cp, &s);
	ck_assert_uint_eq(s.cmd.cpa, 0x1010);
	s.cmd.cpa = 0x12345678;
	cp_update_scsw(&cp, &s);
	ck_assert_uint_eq(s.cmd.cpa, 0x12345678);
	cp_free(&cp);
	vr_ccw_cp_release(&cp);
	/* TIC back to 0x1008, TIC to TIC: program check, both paths. */
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/*
 * ccwchain_loop_tic() (drivers/s390/cio/vfio_ccw_cp.c): a TIC to just before an existing chain
 * builds a new chain that overlaps it, copying its CCWs twice.  The program loops for ever, so the
 * channel stops it after VR_CCW_EXEC_MAX fetches, the same way on both paths.
 */
START_TEST(test_overlapping_chains)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_text why = VR_TEXT_INIT;
	struct channel_program cp;
	struct vr_ccw_chain_view v[8];
	union orb o = make_orb(0x1000, true);
	struct irb irb;

	put1(c, 0x1000, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	put1(c, 0x1008, CCW_CMD_TIC, 0, 0, 0x1018);
	put1(c, 0x1010, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	put1(c, 0x1018, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	put1(c, 0x1020, CCW_CMD_TIC, 0, 0, 0x1010);
	put1(c, 0x1028, CCW_CMD_NOOP, 0, 0, 0);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	ck_assert_int_eq(chains(&cp, v), 3);
	ck_assert_uint_eq(v[0].iova, 0x1000);
	ck_assert_int_eq(v[0].len, 2);
	/* 0x1018 NOP CC, 0x1020 TIC to 0x1010: outside [0x1018, 0x1020]. */
	ck_assert_uint_eq(v[1].iova, 0x1018);
	ck_assert_int_eq(v[1].len, 2);
	/* 0x1010 starts a chain that takes 0x1018 and 0x1020 again. */
	ck_assert_uint_eq(v[2].iova, 0x1010);
	ck_assert_int_eq(v[2].len, 4);
	cp_free(&cp);
	vr_ccw_cp_release(&cp);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
	irb = run(c, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.fctl, VR_SCSW_FCTL_START | VR_SCSW_FCTL_HALT);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, 0);
	ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

START_TEST(test_cpa_range_5_1)
{
	struct vr_ccw *c = new_ccw(VR_CCW_5_1, VR_CCW_DEV_ECHO);
	struct channel_program cp;
	struct vr_ccw_chain_view v[8];
	union orb o = make_orb(0x1000, true);
	union scsw s;

	put1(c, 0x1000, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	put1(c, 0x1008, CCW_CMD_NOOP, 0, 0, 0);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	ck_assert_int_eq(cp_prefetch(&cp), 0);
	ck_assert_int_eq(chains(&cp, v), 1);
	memset(&s, 0, sizeof(s));
	s.cmd.cpa = v[0].host + 8;
	cp_update_scsw(&cp, &s);
	ck_assert_uint_eq(s.cmd.cpa, 0x1008);
	/* Before the May 2019 fix one past the end stays a host address. */
	s.cmd.cpa = v[0].host + 16;
	cp_update_scsw(&cp, &s);
	ck_assert_uint_eq(s.cmd.cpa, v[0].host + 16);
	cp_free(&cp);
	vr_ccw_cp_release(&cp);
	del_ccw(c);
}
END_TEST

/* ---- 256 and 257 chained CCWs ---- */

START_TEST(test_chain_length_limit)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_text why = VR_TEXT_INIT;
	struct channel_program cp;
	struct vr_ccw_chain_view v[8];
	union orb o = make_orb(0x10000, true);
	struct irb irb;
	int i;

	back(c, 0x10000, 0x2000);
	for (i = 0; i < 255; i++)
		put1(c, 0x10000 + 8u * i, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	put1(c, 0x10000 + 8u * 255, CCW_CMD_NOOP, 0, 0, 0);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	ck_assert_int_eq(chains(&cp, v), 1);
	ck_assert_int_eq(v[0].len, 256);
	cp_free(&cp);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);

	/* The 256th CCW chains too: no end within CCWCHAIN_LEN_MAX. */
	put1(c, 0x10000 + 8u * 255, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	put1(c, 0x10000 + 8u * 256, CCW_CMD_NOOP, 0, 0, 0);
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), -EINVAL);
	ck_assert(!cp.initialized);
	vr_ccw_cp_release(&cp);
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x10000 + 8u * 257);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	/* A documented limit: refused, but not a defect. */
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
	irb = run(c, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, DEV_STAT_UNIT_EXCEP);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x10008);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/* ---- data: direct, IDA, SKIP ---- */

START_TEST(test_direct_and_ida_data)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_text why = VR_TEXT_INIT;
	struct channel_program cp;
	union orb o = make_orb(0x1000, true);
	static const u8 idal[16] = { 0, 0, 0, 0, 0, 0, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0, 0xa0, 0x00 };
	static const u8 msg[16] = "channel programs";
	u8 got[16];
	struct irb irb;

	/* Write 16 bytes across the 0x5000/0x6000 page boundary, read them back via IDA. */
	put1(c, 0x1000, 0x01, CCW_FLAG_CC, 16, 0x5ff8);
	put1(c, 0x1008, 0x02, CCW_FLAG_IDA, 16, 0x3000);
	put_bytes(c, 0x3000, idal, sizeof(idal));
	back(c, 0x5000, 0x2000);
	back(c, 0x7000, 0x1000);
	back(c, 0xa000, 0x1000);
	ck_assert_int_eq(vr_mem_write(vr_ccw_guest(c), 0x5ff8, msg, 16), 0);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	ck_assert_int_eq(cp_prefetch(&cp), 0);
	/* Two pages for the direct CCW, one per IDAW for the IDA one. */
	ck_assert_uint_eq(vr_ccw_pinned(c), 4);
	ck_assert(cp_iova_pinned(&cp, 0x6000));
	ck_assert(cp_iova_pinned(&cp, 0xa000));
	ck_assert(!cp_iova_pinned(&cp, 0x8000));
	cp_free(&cp);
	vr_ccw_cp_release(&cp);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
	irb = run(c, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1010);
	ck_assert_int_eq(vr_mem_read(vr_ccw_guest(c), 0x7ff8, got, 8), 0);
	ck_assert_int_eq(vr_mem_read(vr_ccw_guest(c), 0xa000, got + 8, 8), 0);
	ck_assert_int_eq(memcmp(got, msg, 16), 0);
	ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/*
 * 5.0 (torvalds/linux 70f1413e, ccwchain_calc_length()) refuses format-1
 * or 2 KiB IDA only where a CCW uses IDA: a direct-addressed program
 * with c64 = 0 and i2k = 1 is translated, and runs with c64 forced on.
 */
START_TEST(test_5_0_refuses_ida_not_the_orb)
{
	struct vr_ccw *c = new_ccw(VR_CCW_5_0, VR_CCW_DEV_ECHO);
	struct vr_context_frame lend;
	struct channel_program cp;
	union orb o = make_orb(0x1000, true), *h;

	o.cmd.c64 = 0;
	o.cmd.i2k = 1;
	put1(c, 0x1000, 0x01, 0, 4, 0x3000);
	back(c, 0x3000, 0x1000);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	vr_ccw_enter(c, &lend);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	ck_assert_int_eq(cp_prefetch(&cp), 0);
	ck_assert_uint_eq(vr_ccw_pinned(c), 1);
	h = cp_get_orb(&cp, 0x10000, 0x80);
	ck_assert_uint_eq(h->cmd.c64, 1);
	cp_free(&cp);
	/* The same CCW with IDA: refused before anything is pinned. */
	put1(c, 0x1000, 0x01, CCW_FLAG_IDA, 4, 0x3000);
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), -EOPNOTSUPP);
	o.cmd.i2k = 0;
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), -EOPNOTSUPP);
	o.cmd.c64 = 1;
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	cp_free(&cp);
	ck_assert_uint_eq(vr_ccw_pinned(c), 0);
	vr_ccw_leave(&lend);
	vr_ccw_cp_release(&cp);
	del_ccw(c);
}
END_TEST

/* 6.x: format-1 IDAWs (ORB c64 = 0) move 2 KiB each; the host gets i2k. */
START_TEST(test_format1_ida)
{
	static const enum vr_ccw_profile ps[] = { VR_CCW_MAINLINE, VR_CCW_5_3 };
	unsigned i;

	for (i = 0; i < VR_ARRAY_SIZE(ps); i++) {
		struct vr_ccw *c = new_ccw(ps[i], VR_CCW_DEV_ECHO);
		struct vr_text why = VR_TEXT_INIT;
		struct channel_program cp;
		union orb o = make_orb(0x1000, true), *h;
		bool ok = ps[i] == VR_CCW_MAINLINE;
		u8 got[32], want[32];
		struct irb irb;
		unsigned k;

		o.cmd.c64 = 0;
		/* IDAWs 0x57f0 (16 bytes to the 2 KiB boundary), then 0x9800. */
		put1(c, 0x1000, 0x01, CCW_FLAG_IDA | CCW_FLAG_CC, 32, 0x3000);
		put1(c, 0x1008, 0x02, 0, 32, 0x7000);
		back(c, 0x3000, 0x1000);
		ck_assert_int_eq(vr_mem_write_be32(vr_ccw_guest(c), 0x3000, 0x57f0), 0);
		ck_assert_int_eq(vr_mem_write_be32(vr_ccw_guest(c), 0x3004, 0x9800), 0);
		back(c, 0x5000, 0x1000);
		back(c, 0x7000, 0x1000);
		back(c, 0x9000, 0x1000);
		for (k = 0; k < 32; k++)
			want[k] = (u8)(k * 7 + 1);
		ck_assert_int_eq(vr_mem_write(vr_ccw_guest(c), 0x57f0, want, 16), 0);
		ck_assert_int_eq(vr_mem_write(vr_ccw_guest(c), 0x9800, want + 16, 16), 0);
		ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
		ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), ok ? 0 : -EOPNOTSUPP);
		if (ok) {
			ck_assert_int_eq(cp_prefetch(&cp), 0);
			ck_assert(cp_iova_pinned(&cp, 0x9800));
			h = cp_get_orb(&cp, 0x10000, 0x80);
			ck_assert_uint_eq(h->cmd.c64, 1);
			ck_assert_uint_eq(h->cmd.i2k, 1);
			cp_free(&cp);
			ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
			irb = run(c, VR_CCW_VFIO, &o);
			ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
			ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1010);
			ck_assert_int_eq(vr_mem_read(vr_ccw_guest(c), 0x7000, got, 32), 0);
			ck_assert_int_eq(memcmp(got, want, 32), 0);
		}
		vr_ccw_cp_release(&cp);
		vr_text_free(&why);
		del_ccw(c);
	}
}
END_TEST

START_TEST(test_skip)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct channel_program cp;
	union orb o = make_orb(0x1000, true);
	struct irb irb;
	u8 b;

	put1(c, 0x1000, 0x01, CCW_FLAG_CC, 4, 0x5000);
	put1(c, 0x1008, 0x02, CCW_FLAG_SKIP, 4, 0x6000);
	back(c, 0x5000, 0x2000);
	ck_assert_int_eq(vr_mem_write_u8(vr_ccw_guest(c), 0x5000, 0xAB), 0);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	ck_assert_int_eq(cp_prefetch(&cp), 0);
	/* A read with SKIP moves no data to storage: nothing to pin. */
	ck_assert_uint_eq(vr_ccw_pinned(c), 1);
	ck_assert(!cp_iova_pinned(&cp, 0x6000));
	cp_free(&cp);
	vr_ccw_cp_release(&cp);
	irb = run(c, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	ck_assert_uint_eq(irb.scsw.cmd.count, 0);
	ck_assert_int_eq(vr_mem_read_u8(vr_ccw_guest(c), 0x6000, &b), 0);
	ck_assert_uint_eq(b, 0);
	ck_assert_uint_eq(vr_ccw_last_log(c, VR_CCW_VFIO)->ev[1].len, 4);
	del_ccw(c);
}
END_TEST

/*
 * Before 5.3 (torvalds/linux 70f1413e, ccwchain_fetch_direct()) the
 * data of every CCW with a count is pinned, a Read with SKIP too; a NOP
 * is passed by.  ccw_does_data_transfer() came with 5.3.
 */
START_TEST(test_pin_rule_before_5_3)
{
	static const struct {
		enum vr_ccw_profile p;
		unsigned pinned;
	} cases[] = {
		{ VR_CCW_5_0, 2 }, { VR_CCW_5_1_RC, 2 },   { VR_CCW_5_1, 2 },
		{ VR_CCW_5_3, 1 }, { VR_CCW_MAINLINE, 1 },
	};
	unsigned i;

	for (i = 0; i < VR_ARRAY_SIZE(cases); i++) {
		struct vr_ccw *c = new_ccw(cases[i].p, VR_CCW_DEV_ECHO);
		struct vr_context_frame lend;
		struct channel_program cp;
		union orb o = make_orb(0x1000, true);

		put1(c, 0x1000, 0x01, CCW_FLAG_CC, 4, 0x5000);
		put1(c, 0x1008, 0x02, CCW_FLAG_SKIP | CCW_FLAG_CC, 4, 0x6000);
		put1(c, 0x1010, CCW_CMD_NOOP, 0, 4, 0x7000);
		back(c, 0x5000, 0x3000);
		ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
		vr_ccw_enter(c, &lend);
		ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
		ck_assert_int_eq(cp_prefetch(&cp), 0);
		ck_assert_uint_eq(vr_ccw_pinned(c), cases[i].pinned);
		ck_assert(cp_iova_pinned(&cp, 0x6000) == (cases[i].pinned == 2));
		ck_assert(!cp_iova_pinned(&cp, 0x7000));
		cp_free(&cp);
		ck_assert_uint_eq(vr_ccw_pinned(c), 0);
		vr_ccw_leave(&lend);
		vr_ccw_cp_release(&cp);
		del_ccw(c);
	}
}
END_TEST

/*
 * What the host program holds for CCWs that move no data.  Before 5.3
 * (torvalds/linux 70f1413e) a count-0 CCW only gains the IDA flag and NOP
 * and test CCWs are passed by, the guest's cda left in both; 5.3's empty
 * IDAL gets the page offset pfn_array_idal_create_words() adds; 6.x keeps
 * the guest addresses get_guest_idal() read.  A SKIP Read moves no data
 * from 5.3 on, and is pinned before.
 */
START_TEST(test_idle_ccw_host_words)
{
	static const struct {
		enum vr_ccw_profile p;
		bool idal;	   /* count 0 and NOP get a host IDAL */
		u64 w0, nop, skip; /* their first host IDAW, and the SKIP Read's */
	} cases[] = {
		{ VR_CCW_5_0, false, 0, 0, VR_CCW_HOST_GUEST_BASE + 0x6008 },
		{ VR_CCW_5_1_RC, false, 0, 0, VR_CCW_HOST_GUEST_BASE + 0x6008 },
		{ VR_CCW_5_1, false, 0, 0, VR_CCW_HOST_GUEST_BASE + 0x6008 },
		{ VR_CCW_5_3, true, 0xff0, 0x10, 0x8 },
		{ VR_CCW_MAINLINE, true, 0x5ff0, 0x7010, 0x6008 },
	};
	unsigned i;

	for (i = 0; i < VR_ARRAY_SIZE(cases); i++) {
		struct vr_ccw *c = new_ccw(cases[i].p, VR_CCW_DEV_ECHO);
		union orb o = make_orb(0x1000, true);
		struct vr_ccw_chain_view v;
		struct channel_program cp;
		struct ccw1 h[3];
		u8 nop_flags;
		u64 w;
		int k;

		put1(c, 0x1000, 0x01, CCW_FLAG_CC, 0, 0x5ff0);
		put1(c, 0x1008, CCW_CMD_NOOP, CCW_FLAG_CC, 4, 0x7010);
		put1(c, 0x1010, 0x02, CCW_FLAG_SKIP, 8, 0x6008);
		back(c, 0x5000, 0x3000);
		ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
		ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
		ck_assert_int_eq(cp_prefetch(&cp), 0);
		ck_assert_int_eq(vr_ccw_cp_chains(&cp, &v, 1), 1);
		for (k = 0; k < 3; k++)
			ck_assert_int_eq(vr_ccw_host_ccw(c, v.host + 8u * k, &h[k]), 0);
		ck_assert_uint_eq(h[0].flags, CCW_FLAG_CC | CCW_FLAG_IDA);
		nop_flags = cases[i].idal ? CCW_FLAG_CC | CCW_FLAG_IDA : CCW_FLAG_CC;
		ck_assert_uint_eq(h[1].flags, nop_flags);
		if (cases[i].idal) {
			ck_assert_int_eq(vr_ccw_host_idaw(c, h[0].cda, 0, &w), 0);
			ck_assert_uint_eq(w, cases[i].w0);
			ck_assert_int_eq(vr_ccw_host_idaw(c, h[1].cda, 0, &w), 0);
			ck_assert_uint_eq(w, cases[i].nop);
		} else {
			ck_assert_uint_eq(h[0].cda, 0x5ff0);
			ck_assert_uint_eq(h[1].cda, 0x7010);
		}
		ck_assert_uint_eq(h[2].flags, CCW_FLAG_SKIP | CCW_FLAG_IDA);
		ck_assert_int_eq(vr_ccw_host_idaw(c, h[2].cda, 0, &w), 0);
		ck_assert_uint_eq(w, cases[i].skip);
		cp_free(&cp);
		ck_assert_uint_eq(vr_ccw_pinned(c), 0);
		vr_ccw_cp_release(&cp);
		del_ccw(c);
	}
}
END_TEST

/* ---- 3.1 channel program checks ---- */

struct pc_case {
	const char *what;
	u8 cmd, flags;
	u16 count;
	u32 cda;
	bool fmt1;
	u32 cpa;      /* ORB CPA */
	u32 want_cpa; /* SCSW CPA */
};

START_TEST(test_program_checks)
{
	static const struct pc_case cases[] = {
		{ "CCW not doubleword aligned", 0x03, 0, 0, 0, true, 0x1004, 0x100c },
		{ "format-0 CCW beyond 16 MiB", 0x03, 0, 1, 0, false, 0x1000000, 0x1000008 },
		{ "format-1 CCW beyond 2 GiB", 0x03, 0, 0, 0, true, 0x7ffffff8, 0x80000000 },
		{ "command low nibble 0", 0x10, 0, 1, 0x5000, true, 0x1000, 0x1008 },
		{ "format-1 TIC high nibble", 0x18, 0, 0, 0x1000, true, 0x1000, 0x1008 },
		{ "format-1 TIC flags", 0x08, CCW_FLAG_CC, 0, 0x1000, true, 0x1000, 0x1008 },
		{ "format-1 TIC count", 0x08, 0, 1, 0x1000, true, 0x1000, 0x1008 },
		{ "format-0 zero count", 0x03, 0, 0, 0, false, 0x1000, 0x1008 },
		{ "MIDA", 0x03, CCW_FLAG_MIDA, 0, 0, true, 0x1000, 0x1008 },
		{ "suspend without ORB S", 0x03, CCW_FLAG_SUSPEND, 0, 0, true, 0x1000, 0x1008 },
		{ "data beyond 2 GiB", 0x01, 0, 0x20, 0x7ffffff0, true, 0x1000, 0x1008 },
		{ "data beyond 16 MiB", 0x01, 0, 0x20, 0xfffff0, false, 0x1000, 0x1008 },
		{ "IDAL not 8-aligned", 0x01, CCW_FLAG_IDA, 8, 0x3004, true, 0x1000, 0x1008 },
		{ "IDAW fetch fails", 0x01, CCW_FLAG_IDA, 8, 0x9000, true, 0x1000, 0x1008 },
		{ "IDAW 1 not block aligned", 0x01, CCW_FLAG_IDA, 0x20, 0x3100, true, 0x1000,
		  0x1008 },
	};
	unsigned i;

	for (i = 0; i < VR_ARRAY_SIZE(cases); i++) {
		const struct pc_case *k = &cases[i];
		struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
		union orb o = make_orb(k->cpa, k->fmt1);
		struct irb irb;
		u8 b[8] = { k->cmd, 0, 0, 0, 0, 0, 0, 0 };

		back(c, 0x1000, 0x1000);
		back(c, 0x3000, 0x1000);
		back(c, 0x5000, 0x1000);
		/* IDAL at 0x3100: first IDAW 0x5ff0, second 0x6008 (misaligned). */
		ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), 0x3100, 0x5ff0), 0);
		ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), 0x3108, 0x6008), 0);
		back(c, 0x6000, 0x1000);
		if (k->fmt1) {
			put1(c, 0x1000, k->cmd, k->flags, k->count, k->cda);
		} else {
			b[1] = (u8)(k->cda >> 16);
			b[2] = (u8)(k->cda >> 8);
			b[3] = (u8)k->cda;
			b[4] = k->flags;
			b[6] = (u8)(k->count >> 8);
			b[7] = (u8)k->count;
			put_bytes(c, 0x1000, b, 8);
		}
		irb = run(c, VR_CCW_DIRECT, &o);
		ck_assert_msg(irb.scsw.cmd.cstat == SCHN_STAT_PROG_CHECK, "%s: cstat 0x%x", k->what,
			      irb.scsw.cmd.cstat);
		ck_assert_msg(irb.scsw.cmd.cpa == k->want_cpa, "%s: cpa 0x%x", k->what,
			      irb.scsw.cmd.cpa);
		ck_assert_uint_eq(irb.scsw.cmd.stctl, 0x17);
		ck_assert_uint_eq(irb.scsw.cmd.dstat, 0);
		del_ccw(c);
	}
}
END_TEST

START_TEST(test_tic_to_tic_and_first_tic)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	union orb o = make_orb(0x1000, true);
	struct irb irb;

	/* A TIC may come first; a TIC whose target is a TIC may not. */
	put1(c, 0x1000, CCW_CMD_TIC, 0, 0, 0x1010);
	put1(c, 0x1010, CCW_CMD_NOOP, 0, 0, 0);
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cstat, 0);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1018);
	put1(c, 0x1010, CCW_CMD_TIC, 0, 0, 0x1020);
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cstat, SCHN_STAT_PROG_CHECK);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1018);
	del_ccw(c);
}
END_TEST

/*
 * A data chain through a TIC back to itself never ends: the channel
 * stops it after VR_CCW_EXEC_MAX fetches, counting those of the data
 * chain, as a driver's halt would, the same way on both paths.
 */
START_TEST(test_data_chain_loop_halts)
{
	static const struct {
		u16 count;
		u32 len;
	} want[] = { { 8, 8 * 2048 }, { 0, 0 } };
	unsigned i;

	for (i = 0; i < VR_ARRAY_SIZE(want); i++) {
		struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
		struct vr_text why = VR_TEXT_INIT;
		union orb o = make_orb(0x1000, true);
		enum vr_ccw_path p;
		struct irb irb;

		back(c, 0x5000, 0x1000);
		put1(c, 0x1000, 0x01, CCW_FLAG_DC, want[i].count, 0x5000);
		put1(c, 0x1008, CCW_CMD_TIC, 0, 0, 0x1000);
		for (p = VR_CCW_DIRECT; p <= VR_CCW_VFIO; p++) {
			const struct vr_ccw_log *log;

			irb = run(c, p, &o);
			ck_assert_uint_eq(irb.scsw.cmd.fctl,
					  VR_SCSW_FCTL_START | VR_SCSW_FCTL_HALT);
			ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1000);
			ck_assert_uint_eq(irb.scsw.cmd.dstat, 0);
			log = vr_ccw_last_log(c, p);
			ck_assert_uint_eq(log->n, 1);
			ck_assert_uint_eq(log->ev[0].len, want[i].len);
		}
		ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
		ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
		vr_text_free(&why);
		del_ccw(c);
	}
}
END_TEST

START_TEST(test_incorrect_length_and_suspend)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_ccw_io io;
	union orb o = make_orb(0x1000, true);
	struct irb irb;

	back(c, 0x5000, 0x1000);
	/* Echo holds nothing: a read of 8 ends with 8 left. */
	put1(c, 0x1000, 0x02, CCW_FLAG_CC, 8, 0x5000);
	put1(c, 0x1008, CCW_CMD_NOOP, 0, 0, 0);
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cstat, SCHN_STAT_INCORR_LEN);
	ck_assert_uint_eq(irb.scsw.cmd.count, 8);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1008);
	ck_assert_uint_eq(irb.scsw.cmd.stctl, 0x17);
	/* SLI suppresses it and chaining goes on. */
	put1(c, 0x1000, 0x02, CCW_FLAG_CC | CCW_FLAG_SLI, 8, 0x5000);
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cstat, 0);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1010);
	/* Suspend flag with ORB S: suspended, then cc 2 until cleared. */
	put1(c, 0x1008, CCW_CMD_NOOP, CCW_FLAG_SUSPEND, 0, 0);
	o.cmd.spnd = 1;
	irb = run(c, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.actl, VR_SCSW_ACTL_SUSPENDED);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1010);
	ck_assert_uint_eq(vr_ccw_pinned(c), 1);
	ck_assert_int_eq(vr_ccw_start(c, VR_CCW_DIRECT, &o, &io), 0);
	ck_assert_int_eq(io.cc, 2);
	vr_ccw_csch(c);
	ck_assert_uint_eq(vr_ccw_pinned(c), 0);
	ck_assert_int_eq(vr_ccw_tsch(c, &irb), 0);
	ck_assert_int_eq(vr_ccw_tsch(c, &irb), 1);
	del_ccw(c);
}
END_TEST

/* PCI shows in the final status; read backward fills its area from the end. */
START_TEST(test_pci_and_read_backward)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_text why = VR_TEXT_INIT;
	union orb o = make_orb(0x1000, true);
	static const u8 abcd[4] = { 'a', 'b', 'c', 'd' };
	u8 got[4];
	struct irb irb;

	back(c, 0x5000, 0x1000);
	ck_assert_int_eq(vr_mem_write(vr_ccw_guest(c), 0x5000, abcd, 4), 0);
	put1(c, 0x1000, 0x01, CCW_FLAG_CC | CCW_FLAG_PCI, 4, 0x5000);
	put1(c, 0x1008, 0x0c, 0, 4, 0x5010);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
	irb = run(c, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cstat, SCHN_STAT_PCI);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	ck_assert_uint_eq(irb.scsw.cmd.stctl, 0x07);
	ck_assert_int_eq(vr_mem_read(vr_ccw_guest(c), 0x5010, got, 4), 0);
	ck_assert_uint_eq(got[0], 'd');
	ck_assert_uint_eq(got[3], 'a');
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/* Search for record 3, write it, search again and read it back. */
START_TEST(test_dasd_write_read)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_DASD);
	struct vr_text why = VR_TEXT_INIT;
	union orb o = make_orb(0x1000, true);
	u8 rec[32], got[32];
	struct irb irb;
	unsigned k;

	back(c, 0x5000, 0x1000);
	for (k = 0; k < 32; k++)
		rec[k] = (u8)(0xa0 + k);
	ck_assert_int_eq(vr_mem_write(vr_ccw_guest(c), 0x5100, rec, 32), 0);
	/* seek data: head 1; search data: cylinder 0 head 1 record 3 */
	ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), 0x5000, 0x0000000000010000ULL), 0);
	ck_assert_int_eq(vr_mem_write_be64(vr_ccw_guest(c), 0x5008, 0x0000000103000000ULL), 0);
	put1(c, 0x1000, 0x07, CCW_FLAG_CC, 6, 0x5000);
	put1(c, 0x1008, 0x31, CCW_FLAG_CC, 5, 0x5008);
	put1(c, 0x1010, CCW_CMD_TIC, 0, 0, 0x1008);
	put1(c, 0x1018, 0x05, CCW_FLAG_CC, 32, 0x5100);
	put1(c, 0x1020, 0x31, CCW_FLAG_CC, 5, 0x5008);
	put1(c, 0x1028, CCW_CMD_TIC, 0, 0, 0x1020);
	put1(c, 0x1030, 0x06, 0, 32, 0x5200);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
	irb = run(c, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1038);
	ck_assert_int_eq(vr_mem_read(vr_ccw_guest(c), 0x5200, got, 32), 0);
	ck_assert_int_eq(memcmp(got, rec, 32), 0);
	/* Search (rec 1, 2, 3), Write, Search (rec 1, 2, 3), Read. */
	ck_assert_uint_eq(vr_ccw_last_log(c, VR_CCW_VFIO)->n, 9);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/* ---- 2 ORB and Start Subchannel ---- */

START_TEST(test_orb_checks)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_ccw_io io;
	union orb o = make_orb(0x1000, true), bad;
	struct irb irb;
	u32 w[3];

	put1(c, 0x1000, CCW_CMD_NOOP, 0, 0, 0);
	vr_ccw_orb_encode(&o, w);
	/* fmt, pfch, c64, LPM 0xFF */
	ck_assert_uint_eq(w[1], 0x00C2FF00);
	bad = o;
	bad.cmd.res2 = 1;
	ck_assert_int_eq(vr_ccw_start(c, VR_CCW_DIRECT, &bad, &io), 0);
	ck_assert_int_eq(io.exception, VR_CCW_EXC_OPERAND);
	bad = o;
	bad.cmd.zero = 0x20; /* MIDAW */
	ck_assert_int_eq(vr_ccw_start(c, VR_CCW_DIRECT, &bad, &io), 0);
	ck_assert_int_eq(io.exception, VR_CCW_EXC_OPERAND);
	bad = o;
	bad.cmd.cpa = 0x80001000;
	ck_assert_int_eq(vr_ccw_start(c, VR_CCW_DIRECT, &bad, &io), 0);
	ck_assert_int_eq(io.exception, VR_CCW_EXC_OPERAND);
	/* ORB address must be word aligned. */
	ck_assert_int_eq(vr_ccw_ssch(c, VR_CCW_DIRECT, 0x1002, &io), 0);
	ck_assert_int_eq(io.exception, VR_CCW_EXC_SPECIFICATION);
	/* A valid start, then cc 1 while status is pending. */
	ck_assert_int_eq(vr_ccw_start(c, VR_CCW_DIRECT, &o, &io), 0);
	ck_assert_int_eq(io.cc, 0);
	ck_assert_int_eq(vr_ccw_start(c, VR_CCW_DIRECT, &o, &io), 0);
	ck_assert_int_eq(io.cc, 1);
	ck_assert_int_eq(vr_ccw_tsch(c, &irb), 0);
	/* LPM without the model's path: deferred cc 3 in the SCSW. */
	o.cmd.lpm = 0x40;
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cc, 3);
	ck_assert_uint_eq(irb.scsw.cmd.stctl, VR_SCSW_STCTL_ALERT | VR_SCSW_STCTL_PENDING);
	del_ccw(c);
}
END_TEST

/*
 * LPM 0: the architecture selects no path (deferred cc 3, nothing runs);
 * vfio-ccw's cp_get_orb() puts in the subchannel's paths and the program
 * runs.  The equivalence check knows the difference is the ORB's.
 */
START_TEST(test_lpm_zero)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	union orb o = make_orb(0x1000, true);
	struct vr_text why = VR_TEXT_INIT;
	struct irb irb;

	put1(c, 0x1000, CCW_CMD_NOOP, 0, 0, 0);
	o.cmd.lpm = 0;
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cc, 3);
	ck_assert_uint_eq(irb.scsw.cmd.stctl, VR_SCSW_STCTL_ALERT | VR_SCSW_STCTL_PENDING);
	ck_assert_uint_eq(vr_ccw_last_log(c, VR_CCW_DIRECT)->n, 0);
	irb = run(c, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cc, 0);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1008);
	ck_assert_uint_eq(vr_ccw_last_log(c, VR_CCW_VFIO)->n, 1);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
	ck_assert_uint_eq(why.len, 0);
	del_ccw(c);
}
END_TEST

/*
 * An LPM without the model's path: nothing runs, so whether vfio-ccw may
 * refuse the program is judged by how the channel would run it on the
 * path it has.  256 CCWs, refused by 2026-07-v1: fine when the 256th is
 * an invalid command, a refused valid program when it is a NOP.
 */
START_TEST(test_lpm_without_path)
{
	struct vr_ccw *c = new_ccw(VR_CCW_2026_07_V1, VR_CCW_DEV_ECHO);
	union orb o = make_orb(0x10000, true);
	struct vr_text why = VR_TEXT_INIT;
	struct irb irb;
	int i;

	back(c, 0x10000, 0x1000);
	for (i = 0; i < 255; i++)
		put1(c, 0x10000 + 8u * i, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
	put1(c, 0x107f8, 0x00, 0, 0, 0);
	o.cmd.lpm = 0x40;
	irb = run(c, VR_CCW_DIRECT, &o);
	ck_assert_uint_eq(irb.scsw.cmd.cc, 3);
	ck_assert_uint_eq(vr_ccw_last_log(c, VR_CCW_DIRECT)->n, 0);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), 0);
	ck_assert_uint_eq(why.len, 0);
	put1(c, 0x107f8, CCW_CMD_NOOP, 0, 0, 0);
	ck_assert_int_eq(vr_ccw_equivalent(c, &o, &why), -VR_EINVARIANT);
	ck_assert_ptr_nonnull(strstr(vr_text_str(&why), "longest chain, 256 CCWs at 0x10000"));
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/* ---- 6.3 / 6.9 errors as the guest sees them ---- */

START_TEST(test_vfio_errors)
{
	struct vr_ccw *c = new_ccw(VR_CCW_5_3, VR_CCW_DEV_ECHO);
	struct vr_ccw *m = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_context_frame lend;
	struct vr_ccw_io io;
	struct channel_program cp;
	union orb o = make_orb(0x1000, true);
	struct irb irb;

	put1(c, 0x1000, CCW_CMD_NOOP, 0, 0, 0);
	put1(m, 0x1000, CCW_CMD_NOOP, 0, 0, 0);
	o.cmd.pfch = 0;
	ck_assert_int_eq(vr_ccw_start(c, VR_CCW_VFIO, &o, &io), 0);
	ck_assert_errno(io.ret, -EOPNOTSUPP);
	ck_assert_int_eq(io.cc, 0);
	ck_assert_int_eq(vr_ccw_tsch(c, &irb), 0);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, DEV_STAT_UNIT_EXCEP);
	ck_assert_uint_eq(irb.scsw.cmd.cpa, 0x1008);
	/* Since 2020 prefetch is not required. */
	irb = run(m, VR_CCW_VFIO, &o);
	ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
	/* 5.x: IDA only with format-2 4 KiB IDAWs. */
	o.cmd.pfch = 1;
	o.cmd.c64 = 0;
	put1(c, 0x1000, 0x01, CCW_FLAG_IDA, 4, 0x3000);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	/* m is lent innermost: the program of c needs its own lend. */
	vr_ccw_enter(c, &lend);
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), -EOPNOTSUPP);
	/* Initialized twice. */
	o.cmd.c64 = 1;
	put1(c, 0x1000, CCW_CMD_NOOP, 0, 0, 0);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), -EBUSY);
	cp_free(&cp);
	cp_free(&cp);
	ck_assert_errno(cp_prefetch(&cp), -EINVAL);
	ck_assert_ptr_null(cp_get_orb(&cp, 0, 0x80));
	/* A chain whose 2 KiB window leaves guest memory. */
	put1(c, 0x1ff8, CCW_CMD_NOOP, 0, 0, 0);
	o.cmd.cpa = 0x1ff8;
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), -EFAULT);
	vr_ccw_leave(&lend);
	vr_ccw_cp_release(&cp);
	del_ccw(m);
	del_ccw(c);
}
END_TEST

START_TEST(test_get_orb)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_ccw *old = new_ccw(VR_CCW_5_3, VR_CCW_DEV_ECHO);
	struct vr_context_frame lend;
	struct channel_program cp;
	struct vr_ccw_chain_view v[8];
	union orb o = make_orb(0x1000, false), *h;

	put1(c, 0x1000, CCW_CMD_NOOP, 0, 0, 0);
	put1(old, 0x1000, CCW_CMD_NOOP, 0, 0, 0);
	o.cmd.c64 = 0;
	o.cmd.key = 3;
	o.cmd.lpm = 0;
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	/* old is lent innermost: the program of c needs its own lend. */
	vr_ccw_enter(c, &lend);
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(c), &o), 0);
	ck_assert_int_eq(cp_prefetch(&cp), 0);
	h = cp_get_orb(&cp, 0x10000, 0x80);
	ck_assert_int_eq(chains(&cp, v), 1);
	ck_assert_uint_eq(h->cmd.cpa, v[0].host);
	ck_assert_uint_eq(h->cmd.intparm, 0x10000);
	ck_assert_uint_eq(h->cmd.fmt, 1);
	ck_assert_uint_eq(h->cmd.c64, 1);
	ck_assert_uint_eq(h->cmd.i2k, 1);
	ck_assert_uint_eq(h->cmd.key, 3);
	ck_assert_uint_eq(h->cmd.lpm, 0x80);
	cp_free(&cp);
	vr_ccw_leave(&lend);
	o.cmd.c64 = 1;
	ck_assert_int_eq(cp_init(&cp, vr_ccw_mdev(old), &o), 0);
	h = cp_get_orb(&cp, 0x10000, 0x80);
	ck_assert_uint_eq(h->cmd.key, 0);
	ck_assert_uint_eq(h->cmd.i2k, 0);
	cp_free(&cp);
	vr_ccw_cp_release(&cp);
	del_ccw(old);
	del_ccw(c);
}
END_TEST

/* ---- translation terminates ---- */

/*
 * A ladder of TICs, each to the next: every TIC's target is outside its
 * own one-CCW chain, so each starts a new chain one recursion level
 * deeper.  The host DMA pool runs out first: -ENOMEM, nothing left over.
 */
START_TEST(test_tic_ladder_terminates)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	struct vr_text why = VR_TEXT_INIT;
	union orb o = make_orb(0x100000, true);
	struct channel_program cp;
	struct vr_ccw_io io;
	u32 i, n = 12000;

	back(c, 0x100000, 8u * n + 0x1000);
	for (i = 0; i < n; i++)
		put1(c, 0x100000 + 8u * i, CCW_CMD_TIC, 0, 0, 0x100000 + 8u * (i + 1));
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	ck_assert_errno(cp_init(&cp, vr_ccw_mdev(c), &o), -ENOMEM);
	ck_assert(!cp.initialized);
	vr_ccw_cp_release(&cp);
	/* The guest sees a unit exception; the channel itself sees TIC to TIC. */
	ck_assert_int_eq(vr_ccw_start(c, VR_CCW_BOTH, &o, &io), 0);
	ck_assert_errno(io.ret, -ENOMEM);
	ck_assert_uint_eq(io.irb.scsw.cmd.dstat, DEV_STAT_UNIT_EXCEP);
	ck_assert_int_eq(vr_ccw_invariants(c, &why), 0);
	vr_text_free(&why);
	del_ccw(c);
}
END_TEST

/* ---- allocation failure ---- */

/* 16 chains: each does a NOP and a 64-byte write, then TICs to the next. */
static void put_16_chains(struct vr_ccw *c)
{
	int i;

	back(c, 0x10000, 0x10000);
	back(c, 0x40000, 0x1000);
	for (i = 0; i < 16; i++) {
		u32 base = 0x10000 + 0x1000u * i;

		put1(c, base, CCW_CMD_NOOP, CCW_FLAG_CC, 0, 0);
		put1(c, base + 8, 0x01, CCW_FLAG_CC, 64, 0x40000 + 64u * i);
		if (i < 15)
			put1(c, base + 16, CCW_CMD_TIC, 0, 0, base + 0x1000);
		else
			put1(c, base + 16, CCW_CMD_NOOP, 0, 0, 0);
	}
}

START_TEST(test_alloc_fail_sweep)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	union orb o = make_orb(0x10000, true);
	struct channel_program cp;
	u64 live;
	unsigned n;
	int ret;

	put_16_chains(c);
	ck_assert_int_eq(vr_ccw_cp_setup(&cp), 0);
	live = vr_alloc_live();
	for (n = 1;; n++) {
		vr_alloc_fail_nth(n);
		ret = cp_init(&cp, vr_ccw_mdev(c), &o);
		if (!ret) {
			ret = cp_prefetch(&cp);
			cp_free(&cp);
		}
		vr_alloc_fail_nth(0);
		ck_assert_msg(ret == 0 || ret == -ENOMEM, "n %u: %d", n, ret);
		ck_assert_uint_eq(vr_ccw_pinned(c), 0);
		ck_assert_uint_eq(vr_alloc_live(), live);
		ck_assert(!cp.initialized);
		if (!vr_alloc_fault_hit())
			break;
		ck_assert_errno(ret, -ENOMEM);
	}
	ck_assert_uint_gt(n, 40);
	vr_ccw_cp_release(&cp);
	del_ccw(c);
}
END_TEST

START_TEST(test_alloc_fail_create)
{
	struct vr_ccw_config cfg = { .profile = VR_CCW_MAINLINE, .device = VR_CCW_DEV_DASD };
	u64 live = vr_alloc_live();
	unsigned n;

	for (n = 1;; n++) {
		struct vr_ccw *c = NULL;
		int ret;

		vr_alloc_fail_nth(n);
		ret = vr_ccw_create(&cfg, &c);
		vr_alloc_fail_nth(0);
		if (!vr_alloc_fault_hit()) {
			ck_assert_int_eq(ret, 0);
			vr_ccw_destroy(c);
			break;
		}
		ck_assert_errno(ret, -ENOMEM);
		ck_assert_ptr_null(c);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
	ck_assert_uint_eq(vr_alloc_live(), live);
}
END_TEST

/* The equivalence check and a vfio start: -ENOMEM or the right answer, nothing left. */
START_TEST(test_alloc_fail_equivalence)
{
	struct vr_ccw *c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_DASD);
	struct vr_text why = VR_TEXT_INIT;
	union orb o = ipl1_orb();
	struct vr_ccw_io io;
	struct irb irb;
	unsigned n;
	u64 live;
	int ret;

	put_ipl1(c);
	live = vr_alloc_live();
	for (n = 1;; n++) {
		vr_alloc_fail_nth(n);
		ret = vr_ccw_equivalent(c, &o, &why);
		vr_alloc_fail_nth(0);
		vr_text_free(&why);
		ck_assert_uint_eq(vr_ccw_pinned(c), 0);
		ck_assert_uint_eq(vr_alloc_live(), live);
		if (!vr_alloc_fault_hit()) {
			ck_assert_int_eq(ret, 0);
			break;
		}
		ck_assert_errno(ret, -ENOMEM);
	}
	for (n = 1;; n++) {
		vr_alloc_fail_nth(n);
		ret = vr_ccw_start(c, VR_CCW_VFIO, &o, &io);
		vr_alloc_fail_nth(0);
		ck_assert_int_eq(ret, 0);
		ck_assert_int_eq(io.cc, 0);
		ck_assert_int_eq(vr_ccw_tsch(c, &irb), 0);
		ck_assert_uint_eq(vr_ccw_pinned(c), 0);
		ck_assert_uint_eq(vr_alloc_live(), live);
		if (!vr_alloc_fault_hit()) {
			ck_assert_int_eq(io.ret, 0);
			ck_assert_uint_eq(irb.scsw.cmd.dstat, CE_DE);
			break;
		}
		/* What vfio-ccw does with -ENOMEM: a unit exception for the guest. */
		ck_assert_errno(io.ret, -ENOMEM);
		ck_assert_uint_eq(irb.scsw.cmd.dstat, DEV_STAT_UNIT_EXCEP);
	}
	del_ccw(c);
}
END_TEST

static const struct vr_test format_tests[] = {
	VR_TEST(test_format0_conversion),
	VR_TEST(test_orb_checks),
	VR_TEST(test_lpm_zero),
	VR_TEST(test_lpm_without_path),
};
/*
 * While the start function is indicated the SCSW holds the ORB's key and
 * its S, F, P, I, A and U bits (Principles of Operation, "Subchannel-
 * Status Word"); QEMU's css stores F alone and only for a program that
 * got a path (qemu/qemu hw/s390x/css.c).  Through vfio-ccw the guest sees
 * what the host's subchannel stored for the host ORB, which is format 1
 * whatever the guest's was.
 */
static u32 scsw_word0(struct vr_ccw *c, enum vr_ccw_path path, const union orb *o)
{
	struct vr_ccw_io io;
	struct irb irb;
	u32 w[3];

	ck_assert_int_eq(vr_ccw_start(c, path, o, &io), 0);
	ck_assert_int_eq(io.cc, 0);
	ck_assert_int_eq(vr_ccw_tsch(c, &irb), 0);
	vr_ccw_scsw_encode(&irb.scsw, w);
	return w[0];
}

START_TEST(test_scsw_start_flags)
{
	struct vr_ccw_config cfg = { .profile = VR_CCW_MAINLINE, .device = VR_CCW_DEV_ECHO };
	struct vr_context_frame lend;
	union orb o = make_orb(0x1000, true);
	struct vr_ccw *c;

	o.cmd.key = 5;
	o.cmd.spnd = 1;
	o.cmd.pfch = 0;
	o.cmd.ssic = 1;
	for (cfg.scsw = VR_CCW_SCSW_ARCH; cfg.scsw < VR_CCW_NR_SCSW_FLAGS; cfg.scsw++) {
		bool arch = cfg.scsw == VR_CCW_SCSW_ARCH;

		ck_assert_int_eq(vr_ccw_create(&cfg, &c), 0);
		vr_ccw_enter(c, &lend);
		put1(c, 0x1000, CCW_CMD_NOOP, 0, 0, 0);
		/* key 5, S, F, U; start function, CE DE status pending */
		o.cmd.lpm = 0xFF;
		ck_assert_uint_eq(scsw_word0(c, VR_CCW_DIRECT, &o), arch ? 0x58884007 : 0x00804007);
		/* no path: deferred cc 3 */
		o.cmd.lpm = 0x40;
		ck_assert_uint_eq(scsw_word0(c, VR_CCW_DIRECT, &o), arch ? 0x5b884011 : 0x03004011);
		vr_ccw_leave(&lend);
		vr_ccw_destroy(c);
	}

	/* A format-0 program through vfio-ccw ends with F set: the host ORB's. */
	c = new_ccw(VR_CCW_MAINLINE, VR_CCW_DEV_ECHO);
	o = make_orb(0x1000, false);
	put1(c, 0x1000, CCW_CMD_NOOP, 0, 0, 0);
	ck_assert_uint_eq(scsw_word0(c, VR_CCW_DIRECT, &o) & 0x00800000, 0);
	ck_assert_uint_eq(scsw_word0(c, VR_CCW_VFIO, &o) & 0x00800000, 0x00800000);
	del_ccw(c);

	cfg.scsw = VR_CCW_NR_SCSW_FLAGS;
	ck_assert_int_eq(vr_ccw_create(&cfg, &c), -EINVAL);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(vr_ccw_create(NULL, &c), -EINVAL);
	ck_assert_int_eq(vr_ccw_create(&cfg, NULL), -EINVAL);
}
END_TEST

static const struct vr_test exec_tests[] = {
	VR_TEST(test_program_checks),
	VR_TEST(test_tic_to_tic_and_first_tic),
	VR_TEST(test_incorrect_length_and_suspend),
	VR_TEST(test_data_chain_loop_halts),
	VR_TEST(test_ipl1_direct),
	VR_TEST(test_pci_and_read_backward),
	VR_TEST(test_dasd_write_read),
	VR_TEST(test_scsw_start_flags),
};
static const struct vr_test cp_tests[] = {
	VR_TEST(test_ipl1_chain_per_profile),
	VR_TEST(test_nop_tic_chains),
	VR_TEST(test_tic_to_self),
	VR_TEST(test_forward_tic),
	VR_TEST(test_overlapping_chains),
	VR_TEST(test_cpa_range_5_1),
	VR_TEST(test_chain_length_limit),
	VR_TEST(test_direct_and_ida_data),
	VR_TEST(test_skip),
	VR_TEST(test_pin_rule_before_5_3),
	VR_TEST(test_idle_ccw_host_words),
	VR_TEST(test_5_0_refuses_ida_not_the_orb),
	VR_TEST(test_format1_ida),
	VR_TEST(test_vfio_errors),
	VR_LOOP_TEST(test_tic_beyond_2g_refused, 0, 2),
	VR_TEST(test_get_orb),
	VR_TEST(test_tic_ladder_terminates),
};
static const struct vr_test defect_tests[] = {
	VR_TEST(test_mainline_sm_past_chain_end),
	VR_TEST(test_mainline_data_chain_by_own_command),
	VR_TEST(test_ipl1_equivalence_per_profile),
	VR_TEST(test_state_a_defect_caught),
	VR_TEST(test_cpa_end_defect_caught),
};
static const struct vr_test alloc_tests[] = {
	VR_TEST(test_alloc_fail_sweep),
	VR_TEST(test_alloc_fail_create),
	VR_TEST(test_alloc_fail_equivalence),
};
static const struct vr_tcase ccw_tcases[] = {
	VR_TCASE("format", format_tests), VR_TCASE("execute", exec_tests),
	VR_TCASE("translate", cp_tests),  VR_TCASE("defects", defect_tests),
	VR_TCASE("alloc", alloc_tests),
};
const struct vr_suite vr_suite_ccw = VR_SUITE("ccw", ccw_tcases);
