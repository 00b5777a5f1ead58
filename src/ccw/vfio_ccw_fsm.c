/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The vfio-ccw request path, in the order of drivers/s390/cio/
 * vfio_ccw_fsm.c (fsm_io_request(), fsm_io_helper()) and
 * vfio_ccw_drv.c (vfio_ccw_sch_io_todo()): cp_init, cp_prefetch,
 * cp_get_orb, the host Start Subchannel, and on the interruption
 * cp_update_scsw and cp_free.  Errors reach the guest as QEMU
 * hw/vfio/ccw.c maps the I/O region's ret_code: cc 2 (-EBUSY), cc 3
 * (-ENODEV, -EACCES), else cc 0 with a unit exception.
 */
#include <string.h>
#include <virtref/err.h>
#include <virtref/mem.h>
#include <virtref/text.h>
#include "ccw/ccw_internal.h"

/* Subchannel id the host ORB carries as interruption parameter. */
#define VR_CCW_HOST_INTPARM 0x00010000u

static void unit_exception(const union orb *orb, struct irb *irb)
{
	memset(irb, 0, sizeof(*irb));
	irb->scsw.cmd.fctl = VR_SCSW_FCTL_START;
	irb->scsw.cmd.stctl = VR_SCSW_STCTL_ALERT | VR_SCSW_STCTL_PRIMARY |
			      VR_SCSW_STCTL_SECONDARY | VR_SCSW_STCTL_PENDING;
	irb->scsw.cmd.cpa = orb->cmd.cpa + 8;
	irb->scsw.cmd.dstat = DEV_STAT_UNIT_EXCEP;
}

int vri_ccw_vfio_translate(struct vr_ccw *c, struct channel_program *cp, const union orb *orb,
			   u64 *fail_addr)
{
	u64 gen = vr_mem_generation(c->guest);
	struct vr_ccw_chain_view before[VR_CCW_SHOWN_MAX], after[VR_CCW_SHOWN_MAX];
	union orb o = *orb;
	int ret, n, i;

	*fail_addr = UINT64_MAX;
	if (orb->cmd.res2)
		return -EOPNOTSUPP; /* transport mode */
	ret = cp_init(cp, &c->mdev, &o);
	if (ret)
		vri_ccw_cp_orphans(cp);
	if (!ret) {
		n = vr_ccw_cp_chains(cp, before, VR_CCW_SHOWN_MAX);
		ret = cp_prefetch(cp);
		if (ret) {
			vr_ccw_cp_chains(cp, after, VR_CCW_SHOWN_MAX);
			for (i = 0; i < n && i < VR_CCW_SHOWN_MAX; i++)
				if (after[i].len != before[i].len) {
					*fail_addr = after[i].iova + 8u * (u64)after[i].len;
					break;
				}
		}
		vri_ccw_remember_chains(c, cp);
		if (ret)
			cp_free(cp);
	}
	if (vr_mem_generation(c->guest) != gen)
		c->translation_wrote_guest = true;
	if (c->explain) {
		if (ret)
			vr_explain_line(c->explain, "vfio-ccw: translation of CPA 0x%x failed: %s",
					orb->cmd.cpa, vr_errno_str(ret));
		else
			vri_ccw_explain_chains(c, c->explain);
	}
	return ret;
}

void vri_ccw_vfio_run(struct vr_ccw *c, struct channel_program *cp, struct vr_ccw_log *log,
		      struct irb *irb, bool real)
{
	struct vri_ccw_as host;
	union orb *horb = cp_get_orb(cp, VR_CCW_HOST_INTPARM, VRI_CCW_PATH);
	u32 host_cpa;

	vri_ccw_host_as_init(&host, &c->mdev);
	vri_ccw_run(c, &host, horb, log, "host", irb);
	host_cpa = irb->scsw.cmd.cpa;
	/* Every start is solicited: translate the CPA back. */
	cp_update_scsw(cp, &irb->scsw);
	/* The check's own runs compare instead; only a real one sticks. */
	if (real && irb->scsw.cmd.cpa == host_cpa && host_cpa >= VR_CCW_HOST_POOL_BASE &&
	    host_cpa < VR_CCW_HOST_POOL_BASE + VR_CCW_HOST_POOL_SIZE && !c->host_cpa_leaked) {
		c->host_cpa_leaked = true;
		c->leaked_cpa = host_cpa;
	}
	if (c->explain)
		vr_explain_line(c->explain, "vfio-ccw: host CPA 0x%x -> guest CPA 0x%x", host_cpa,
				irb->scsw.cmd.cpa);
}

int vri_ccw_vfio_request(struct vr_ccw *c, const union orb *orb, struct vr_ccw_io *io)
{
	u64 fail;
	int ret;

	if (c->vfio_pending)
		ret = -EBUSY;
	else
		ret = vri_ccw_vfio_translate(c, &c->cp, orb, &fail);
	io->ret = ret;
	if (!ret) {
		vri_ccw_vfio_run(c, &c->cp, c->log[VR_CCW_VFIO], &io->irb, true);
		/* A suspended program keeps its pins until it is cleared. */
		if (io->irb.scsw.cmd.actl & VR_SCSW_ACTL_SUSPENDED)
			c->vfio_pending = true;
		else
			cp_free(&c->cp);
		io->cc = 0;
		return 0;
	}
	c->log[VR_CCW_VFIO]->n = 0;
	c->log[VR_CCW_VFIO]->overflow = false;
	/* QEMU hw/vfio/ccw.c: ret_code -> condition code */
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
