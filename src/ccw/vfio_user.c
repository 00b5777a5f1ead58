/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * virtref's side of vfio-ccw: the user space that writes the I/O region
 * and maps ret_code to a condition code as QEMU hw/vfio/ccw.c does
 * (cc 2 for -EBUSY, cc 3 for -ENODEV and -EACCES, else cc 0 with a unit
 * exception), the host channel Start Subchannel lands on, and what the
 * invariants watch at the request path's boundaries: guest memory
 * written during translation, the chains as prefetch left them (before
 * cp_free()), host addresses reaching the guest's SCSW.
 */
#include <string.h>
#include <virtref/err.h>
#include <virtref/mem.h>
#include <virtref/text.h>
#include "ccw/ccw_internal.h"

/* The host ORB's path mask is the one path the host subchannel has. */
_Static_assert(VR_CCW_HOST_LPM == VRI_CCW_PATH, "the host ORB names the subchannel's path");

/* One request as virtref watches it. */
struct vri_ccw_watch {
	struct vr_ccw *c;
	struct vr_ccw_log *log;
	bool real;
	u64 gen;
	int n;
	struct vr_ccw_chain_view before[VR_CCW_SHOWN_MAX];
	u64 fail_addr;
};

static int host_ssch(struct vfio_ccw_private *private, union orb *orb)
{
	struct vri_ccw_watch *w = private->vr_watch;
	struct vri_ccw_as host;

	vri_ccw_host_as_init(&host, private->mdev);
	vri_ccw_run(w->c, &host, orb, w->log, VRI_CCW_HOST_SCH, &private->vr_cio_irb);
	return 0;
}

static void watch_cp_init(struct vfio_ccw_private *private, int ret)
{
	struct vri_ccw_watch *w = private->vr_watch;

	if (!ret)
		w->n = vr_ccw_cp_chains(&private->cp, w->before, VR_CCW_SHOWN_MAX);
}

static void watch_cp_prefetch(struct vfio_ccw_private *private, int ret)
{
	struct vri_ccw_watch *w = private->vr_watch;
	struct vr_ccw_chain_view after[VR_CCW_SHOWN_MAX];
	int i;

	if (ret) {
		vr_ccw_cp_chains(&private->cp, after, VR_CCW_SHOWN_MAX);
		for (i = 0; i < w->n && i < VR_CCW_SHOWN_MAX; i++)
			if (after[i].len != w->before[i].len) {
				w->fail_addr = after[i].iova + 8u * (u64)after[i].len;
				break;
			}
	}
	vri_ccw_remember_chains(w->c, &private->cp);
}

static void watch_translated(struct vfio_ccw_private *private, int ret)
{
	struct vri_ccw_watch *w = private->vr_watch;
	struct vr_ccw *c = w->c;

	struct vr_text *narrate = vr_context_current()->narrate;

	if (vr_mem_generation(c->guest) != w->gen)
		c->translation_wrote_guest = true;
	if (!narrate)
		return;
	if (ret)
		vr_explain_line(narrate, "vfio-ccw: translation of CPA 0x%x failed: %s",
				private->io_region->orb_area.cmd.cpa, vr_errno_str(ret));
	else
		vri_ccw_explain_chains(c, narrate);
}

static void watch_scsw(struct vfio_ccw_private *private, u32 host_cpa)
{
	struct vri_ccw_watch *w = private->vr_watch;
	struct vr_ccw *c = w->c;
	struct vr_text *narrate = vr_context_current()->narrate;
	u32 cpa = private->irb.scsw.cmd.cpa;

	/* The check's own runs compare instead; only a real one sticks. */
	if (w->real && cpa == host_cpa && host_cpa >= VR_CCW_HOST_POOL_BASE &&
	    host_cpa < VR_CCW_HOST_POOL_BASE + VR_CCW_HOST_POOL_SIZE && !c->host_cpa_leaked) {
		c->host_cpa_leaked = true;
		c->leaked_cpa = host_cpa;
	}
	if (narrate)
		vr_explain_line(narrate, "vfio-ccw: host CPA 0x%x -> guest CPA 0x%x", host_cpa,
				cpa);
}

static const struct vr_ccw_fsm_hooks vri_ccw_hooks = {
	.ssch = host_ssch,
	.cp_init = watch_cp_init,
	.cp_prefetch = watch_cp_prefetch,
	.translated = watch_translated,
	.scsw_updated = watch_scsw,
};

void vri_ccw_vfio_private_init(struct vr_ccw *c, struct vfio_ccw_private *private,
			       struct ccw_io_region *io_region)
{
	private->mdev = &c->mdev;
	private->state = VFIO_CCW_STATE_IDLE;
	private->io_region = io_region;
	private->vr_hooks = &vri_ccw_hooks;
	private->vr_watch = NULL;
}

int vri_ccw_vfio_io(struct vr_ccw *c, struct vfio_ccw_private *private, const union orb *orb,
		    struct vr_ccw_log *log, bool real, struct irb *irb, u64 *fail_addr)
{
	struct ccw_io_region *io_region = private->io_region;
	struct vri_ccw_watch w = {
		.c = c, .log = log, .real = real, .gen = vr_mem_generation(c->guest)
	};
	struct vr_context_frame f;
	int ret;

	vri_ccw_lend(private->mdev, &f);
	w.fail_addr = UINT64_MAX;
	private->vr_watch = &w;
	memset(io_region, 0, sizeof(*io_region));
	io_region->orb_area = *orb;
	io_region->scsw_area.cmd.fctl = VR_SCSW_FCTL_START;
	vfio_ccw_fsm_event(private, VFIO_CCW_EVENT_IO_REQ);
	ret = io_region->ret_code;
	/* The host channel ran the program at once: its interruption is due. */
	if (!ret) {
		vfio_ccw_fsm_event(private, VFIO_CCW_EVENT_INTERRUPT);
		*irb = io_region->irb_area;
	}
	private->vr_watch = NULL;
	*fail_addr = w.fail_addr;
	vri_ccw_unlend(&f);
	return ret;
}

static void unit_exception(const union orb *orb, struct irb *irb)
{
	memset(irb, 0, sizeof(*irb));
	irb->scsw.cmd.fctl = VR_SCSW_FCTL_START;
	irb->scsw.cmd.stctl = VR_SCSW_STCTL_ALERT | VR_SCSW_STCTL_PRIMARY |
			      VR_SCSW_STCTL_SECONDARY | VR_SCSW_STCTL_PENDING;
	irb->scsw.cmd.cpa = orb->cmd.cpa + 8;
	irb->scsw.cmd.dstat = DEV_STAT_UNIT_EXCEP;
}

int vri_ccw_vfio_request(struct vr_ccw *c, const union orb *orb, struct vr_ccw_io *io)
{
	u64 fail;
	int ret;

	ret = vri_ccw_vfio_io(c, &c->private, orb, c->log[VR_CCW_VFIO], true, &io->irb, &fail);
	io->ret = ret;
	if (!ret) {
		io->cc = 0;
		return 0;
	}
	c->log[VR_CCW_VFIO]->n = 0;
	c->log[VR_CCW_VFIO]->overflow = false;
	if (ret == -EBUSY) {
		io->cc = 2;
	} else if (ret == -ENODEV || ret == -EACCES) {
		io->cc = 3;
	} else {
		io->cc = 0;
		unit_exception(orb, &io->irb);
	}
	return ret;
}
