/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: drivers/s390/cio/vfio_ccw_private.h (the request path's
 * states, events and struct vfio_ccw_private) and the I/O region of
 * include/uapi/linux/vfio_ccw.h, at v5.10.
 *
 * src/ccw/vfio_ccw_fsm.c implements vfio_ccw_fsm_event() from this
 * header alone, so a port can replace it; the vr_ members are virtref's:
 * the interruption the host's Start Subchannel leaves, and the hooks
 * through which virtref watches the kernel's boundaries
 * (src/ccw/vfio_user.c).
 */
#ifndef VIRTREF_CCW_VFIO_CCW_PRIVATE_H
#define VIRTREF_CCW_VFIO_CCW_PRIVATE_H

#include <virtref/api.h>
#include <virtref/ccw/cio.h>
#include <virtref/ccw/orb.h>
#include <virtref/ccw/vfio_ccw_cp.h>

struct device;
struct vfio_ccw_private;
struct vri_ccw_watch;

/*
 * What the kernel takes from its struct subchannel for the host ORB
 * (cp_get_orb()'s intparm, the subchannel's address, and lpm): the
 * model's host subchannel has one path.
 */
#define VR_CCW_HOST_INTPARM 0x00010000u
#define VR_CCW_HOST_LPM 0x80u

/*
 * What the request path reaches outside the kernel file: the host's
 * Start Subchannel (ioasm.h ssch(), condition code; the interruption
 * it makes is left in vr_cio_irb), and virtref watching the kernel's
 * boundaries (vfio_user.c).
 */
struct vr_ccw_fsm_hooks {
	int (*ssch)(struct vfio_ccw_private *private, union orb *orb);
	void (*cp_init)(struct vfio_ccw_private *private, int ret);	/* after cp_init() */
	void (*cp_prefetch)(struct vfio_ccw_private *private, int ret); /* before cp_free() */
	/* after the program is translated, or refused by cp_init()/cp_prefetch() */
	void (*translated)(struct vfio_ccw_private *private, int ret);
	void (*scsw_updated)(struct vfio_ccw_private *private, u32 host_cpa);
};

enum vfio_ccw_state {
	VFIO_CCW_STATE_NOT_OPER,
	VFIO_CCW_STATE_STANDBY,
	VFIO_CCW_STATE_IDLE,
	VFIO_CCW_STATE_CP_PROCESSING,
	VFIO_CCW_STATE_CP_PENDING,
	NR_VFIO_CCW_STATES
};

/* The events the model raises. */
enum vfio_ccw_event { VFIO_CCW_EVENT_IO_REQ, VFIO_CCW_EVENT_INTERRUPT, NR_VFIO_CCW_EVENTS };

/* include/uapi/linux/vfio_ccw.h, with typed areas. */
struct ccw_io_region {
	union orb orb_area;
	union scsw scsw_area;
	struct irb irb_area;
	int ret_code;
};

struct vfio_ccw_private {
	struct device *mdev; /* the mediated device cp_init() is given */
	enum vfio_ccw_state state;
	struct ccw_io_region *io_region;
	struct channel_program cp;
	struct irb irb;
	union scsw scsw;
	struct irb vr_cio_irb; /* the per-CPU cio_irb the interruption arrives in */
	const struct vr_ccw_fsm_hooks *vr_hooks;
	struct vri_ccw_watch *vr_watch;
};

/**
 * vfio_ccw_fsm_event() - runs the state machine's handler for @event
 * @private: the mediated device's state
 * @event: an I/O region write (IO_REQ) or the subchannel's interruption
 *
 * The handler for the device's state and @event runs; a request's
 * outcome is left in private->io_region->ret_code, as the kernel's is.
 */
VR_API void vfio_ccw_fsm_event(struct vfio_ccw_private *private, enum vfio_ccw_event event);

#endif
