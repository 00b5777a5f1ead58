/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What the hardware files of the ccw model share: the address spaces
 * through which the channel reaches memory, the devices, the channel
 * and the subchannel.  Only hardware: no kernel type, no profile.
 */
#ifndef VIRTREF_SRC_CCW_HW_INTERNAL_H
#define VIRTREF_SRC_CCW_HW_INTERNAL_H

#include <virtref/ccw/hw.h>
#include <virtref/linux/kernel.h>
#include <virtref/model.h>

/*
 * An address space as the channel sees it.  Returns 0, -EFAULT (no
 * memory there) or -EACCES (host memory the channel may not touch).
 */
struct vri_ccw_as {
	int (*read)(void *ctx, u64 addr, void *buf, size_t len);
	int (*write)(void *ctx, u64 addr, const void *buf, size_t len);
	void *ctx;
	/*
	 * CCWs and IDAWs below this address are the host kernel's, stored
	 * in the CPU's byte order (big-endian on s390); above it, and in
	 * every guest address space (0), as the big-endian guest wrote them.
	 */
	u64 cpu_order_end;
};

/* ---- devices (hw_device.c) ---- */
#define VR_DASD_CYLS 2
#define VR_DASD_HEADS 2
#define VR_DASD_RECS 3
#define VR_DASD_RECLEN 32
#define VR_ECHO_BUF 256

struct vri_ccw_device {
	enum vr_ccw_device_type type;
	u8 sense[32];
	/* DASD */
	u16 cyl, head;
	u8 next_rec;  /* record (1-based) next under the head */
	u8 found_rec; /* record a successful search oriented to, or 0 */
	u8 data[VR_DASD_CYLS][VR_DASD_HEADS][VR_DASD_RECS][VR_DASD_RECLEN];
	/* echo */
	u16 echo_len;
	u8 echo[VR_ECHO_BUF];
};

void vri_ccw_device_reset(struct vri_ccw_device *d, enum vr_ccw_device_type type);
/* Whether @cmd can end with status modifier on this kind of device. */
bool vri_ccw_device_may_sm(enum vr_ccw_device_type type, u8 cmd);

/*
 * One command as the device sees it.  For output commands @buf holds the
 * @len bytes the channel offers; for input commands the device writes up
 * to @cap bytes into @buf.  Returns device status; *@done = bytes taken
 * or supplied.
 */
u8 vri_ccw_device_cmd(struct vri_ccw_device *d, u8 cmd, u8 *buf, u32 len, u32 cap, u32 *done);

/* ---- channel subsystem (hw_css.c) ---- */
struct vri_ccw_exec_in {
	const struct vri_ccw_as *as;
	struct vri_ccw_device *dev;
	struct vr_ccw_log *log;
	const union orb *orb;
	struct vr_text *explain; /* NULL: no narration */
	const char *who;	 /* "guest" or "host" in narration */
	bool qemu_flags;	 /* the SCSW flags QEMU's css stores, not the architecture's */
	bool qemu_nop;		 /* a NOP never has incorrect length, as in QEMU's css */
};

/* Runs the program @in->orb names; fills the SCSW (and sense in @irb). */
void vri_ccw_execute(const struct vri_ccw_exec_in *in, struct irb *irb);

/* Reads and (format 0) converts one CCW: 0, -EFAULT. */
int vri_ccw_fetch(const struct vri_ccw_as *as, u64 addr, bool fmt1, struct ccw1 *ccw);

/* The model has one channel path. */
#define VRI_CCW_PATH 0x80

/* The subchannel's status as Test Subchannel and Clear Subchannel see it. */
struct vri_ccw_sch {
	bool status_pending;
	bool suspended;
	struct irb irb;
};

/*
 * Start Subchannel up to the start function (PoP chapter 14, "START
 * SUBCHANNEL"): an ORB with transport mode, MIDAW or reserved bits, or
 * CPA bit 0 -> operand exception (QEMU target/s390x/ioinst.c); cc 1 with
 * status pending, cc 2 while suspended.  Returns true when the program
 * may start (io->cc 0).
 */
bool vri_ccw_sch_accept(const struct vri_ccw_sch *sch, const union orb *orb, struct vr_ccw_io *io);
/* Reads the ORB at @addr: 0 or the program exception (enum vr_ccw_exception). */
int vri_ccw_orb_fetch(struct vr_mem *mem, u64 addr, union orb *orb);
/* Runs @in->orb's program, or ends it with deferred cc 3 without a path. */
void vri_ccw_sch_run(const struct vri_ccw_exec_in *in, struct irb *irb);
/* The start's status becomes pending (cc 0 only). */
void vri_ccw_sch_status(struct vri_ccw_sch *sch, const struct irb *irb);
/* Test Subchannel: 0 and the IRB, or 1 (zeroed IRB) with no status pending. */
int vri_ccw_sch_tsch(struct vri_ccw_sch *sch, struct irb *irb);
/* Clear Subchannel: clear status pending, the CPA kept, suspension ended. */
void vri_ccw_sch_clear(struct vri_ccw_sch *sch);

#endif
