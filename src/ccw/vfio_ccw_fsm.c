/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The vfio-ccw request path, in the shape of drivers/s390/cio/
 * vfio_ccw_fsm.c (fsm_io_request(), fsm_io_helper(), fsm_io_busy(),
 * fsm_irq(), the jump table) and the interruption half of
 * vfio_ccw_drv.c (vfio_ccw_sch_io_todo()).  Only the states and events
 * the model drives are here.  The Start Subchannel instruction and what
 * virtref watches are reached through private->vr_hooks, at the
 * kernel's boundaries, so it compiles from include/ alone and a port of
 * the kernel file can replace it.
 */
#include <virtref/ccw/vfio_ccw_private.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/string.h>

typedef void(fsm_func_t)(struct vfio_ccw_private *, enum vfio_ccw_event);

static int fsm_io_helper(struct vfio_ccw_private *private)
{
	union orb *orb;
	int ccode;

	orb = cp_get_orb(&private->cp, VR_CCW_HOST_INTPARM, VR_CCW_HOST_LPM);
	if (!orb)
		return -EIO;
	ccode = private->vr_hooks->ssch(private, orb);
	switch (ccode) {
	case 0:
		private
		->state = VFIO_CCW_STATE_CP_PENDING;
		return 0;
	case 1: /* status pending */
	case 2: /* busy */
		return -EBUSY;
	case 3: /* not operational */
		return -ENODEV;
	default:
		return ccode;
	}
}

static void fsm_io_retry(struct vfio_ccw_private *private, enum vfio_ccw_event event)
{
	(void)event;
	private->io_region->ret_code = -EAGAIN;
}

static void fsm_io_busy(struct vfio_ccw_private *private, enum vfio_ccw_event event)
{
	(void)event;
	private->io_region->ret_code = -EBUSY;
}

static void fsm_io_request(struct vfio_ccw_private *private, enum vfio_ccw_event event)
{
	struct ccw_io_region *io_region = private->io_region;
	union scsw *scsw = &private->scsw;
	union orb *orb;

	(void)event;
	private->state = VFIO_CCW_STATE_CP_PROCESSING;
	memcpy(scsw, &io_region->scsw_area, sizeof(*scsw));
	if (!(scsw->cmd.fctl & VR_SCSW_FCTL_START)) {
		/* halt and clear go through the async command region */
		io_region->ret_code = -EOPNOTSUPP;
		goto err_out;
	}
	orb = &io_region->orb_area;
	/* No cp for transport mode (the ORB's b bit). */
	if (orb->cmd.res2) {
		io_region->ret_code = -EOPNOTSUPP;
		goto err_out;
	}
	io_region->ret_code = cp_init(&private->cp, private->mdev, orb);
	private->vr_hooks->cp_init(private, io_region->ret_code);
	if (io_region->ret_code)
		goto err_translated;
	io_region->ret_code = cp_prefetch(&private->cp);
	private->vr_hooks->cp_prefetch(private, io_region->ret_code);
	if (io_region->ret_code) {
		cp_free(&private->cp);
		goto err_translated;
	}
	private->vr_hooks->translated(private, 0);
	/* Start the channel program; its interruption comes as an event. */
	io_region->ret_code = fsm_io_helper(private);
	if (io_region->ret_code) {
		cp_free(&private->cp);
		goto err_out;
	}
	return;

err_translated:
	private
	->vr_hooks->translated(private, io_region->ret_code);
err_out:
	private
	->state = VFIO_CCW_STATE_IDLE;
}

/*
 * vfio_ccw_drv.c's vfio_ccw_sch_io_todo(): the model has no work queue,
 * so fsm_irq() runs it at once.
 */
static void vfio_ccw_sch_io_todo(struct vfio_ccw_private *private)
{
	struct irb *irb = &private->irb;
	u32 host_cpa = irb->scsw.cmd.cpa;
	/* The model's channel leaves a program active only when it is suspended. */
	bool is_final = !(irb->scsw.cmd.actl & VR_SCSW_ACTL_SUSPENDED);

	/* Every start is solicited: translate the CPA back. */
	cp_update_scsw(&private->cp, &irb->scsw);
	private->vr_hooks->scsw_updated(private, host_cpa);
	/* A suspended program keeps its pins until it is cleared. */
	if (is_final && private->state == VFIO_CCW_STATE_CP_PENDING)
		cp_free(&private->cp);
	memcpy(&private->io_region->irb_area, irb, sizeof(*irb));
	if (is_final)
	private->state = VFIO_CCW_STATE_IDLE;
}

static void fsm_irq(struct vfio_ccw_private *private, enum vfio_ccw_event event)
{
	(void)event;
	memcpy(&private->irb, &private->vr_cio_irb, sizeof(private->irb));
	vfio_ccw_sch_io_todo(private);
}

static fsm_func_t *const vfio_ccw_jumptable[NR_VFIO_CCW_STATES][NR_VFIO_CCW_EVENTS] = {
    [VFIO_CCW_STATE_IDLE] =
	{
	    [VFIO_CCW_EVENT_IO_REQ] = fsm_io_request,
	    [VFIO_CCW_EVENT_INTERRUPT] = fsm_irq,
	},
    [VFIO_CCW_STATE_CP_PROCESSING] =
	{
	    [VFIO_CCW_EVENT_IO_REQ] = fsm_io_retry,
	    [VFIO_CCW_EVENT_INTERRUPT] = fsm_irq,
	},
    [VFIO_CCW_STATE_CP_PENDING] =
	{
	    [VFIO_CCW_EVENT_IO_REQ] = fsm_io_busy,
	    [VFIO_CCW_EVENT_INTERRUPT] = fsm_irq,
	},
};

void vfio_ccw_fsm_event(struct vfio_ccw_private *private, enum vfio_ccw_event event)
{
	fsm_func_t *fn = vfio_ccw_jumptable[private->state][event];

	if (fn)
		fn(private, event);
}
