/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A unit test written against virtref's ccw model, as a project that
 * links the installed library would write it: vfio-ccw's translation of
 * a two-CCW program pins the one data page the Write names, and cp_free()
 * gives it back.
 */
#include <stdio.h>
#include <virtref/ccw.h>
#include <virtref/ccw/vfio_ccw_cp.h>
#include <virtref/mem.h>

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);                 \
			return 1;                                                                  \
		}                                                                                  \
	} while (0)

/* A format-1 CCW into guest memory, big-endian as the guest writes it. */
static int put(struct vr_ccw *c, u64 addr, u8 cmd, u8 flags, u16 count, u32 cda)
{
	struct ccw1 ccw = { .cmd_code = cmd, .flags = flags, .count = count, .cda = cda };
	u8 b[8];

	vr_ccw_encode1(&ccw, b);
	return vr_mem_write(vr_ccw_guest(c), addr, b, sizeof(b));
}

int main(void)
{
	struct vr_ccw_config cfg = { .profile = VR_CCW_MAINLINE, .device = VR_CCW_DEV_ECHO };
	struct vr_context_frame lend;
	struct vr_ccw_chain_view chain;
	struct channel_program cp;
	struct ccw1 host;
	u64 idaw, data;
	struct vr_ccw *c;
	union orb orb;

	EXPECT(vr_ccw_create(&cfg, &c) == 0);
	/* Guest memory starts empty: back the program and its data. */
	EXPECT(vr_mem_add(vr_ccw_guest(c), 0x1000, 0x2000) == 0);
	EXPECT(put(c, 0x1000, 0x01, CCW_FLAG_CC, 64, 0x2000) == 0); /* Write */
	EXPECT(put(c, 0x1008, CCW_CMD_NOOP, 0, 0, 0) == 0);
	vr_ccw_orb_init(&orb, 0x1000); /* the ORB the ops default to */

	EXPECT(vr_ccw_cp_setup(&cp) == 0);
	/* The cp_* calls pin through the instance's environment. */
	vr_ccw_enter(c, &lend);
	EXPECT(cp_init(&cp, vr_ccw_mdev(c), &orb) == 0);
	EXPECT(cp_prefetch(&cp) == 0);
	EXPECT(vr_ccw_pinned(c) == 1);
	EXPECT(cp_iova_pinned(&cp, 0x2000));
	/* What vfio-ccw built: the Write got a one-word IDAL into the pinned page. */
	EXPECT(vr_ccw_cp_chains(&cp, &chain, 1) == 1);
	EXPECT(vr_ccw_host_ccw(c, chain.host, &host) == 0);
	EXPECT(host.flags == (CCW_FLAG_CC | CCW_FLAG_IDA));
	EXPECT(vr_ccw_host_idaw(c, host.cda, 0, &idaw) == 0);
	EXPECT(vr_ccw_host_to_guest(idaw, &data) == 0 && data == 0x2000);
	cp_free(&cp);
	EXPECT(vr_ccw_pinned(c) == 0);
	vr_ccw_leave(&lend);
	vr_ccw_cp_release(&cp);
	vr_ccw_destroy(c);
	printf("ccw_test: ok\n");
	return 0;
}
