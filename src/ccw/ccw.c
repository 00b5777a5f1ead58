/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * One ccw model instance: guest memory, a subchannel with its device,
 * the mediated device and the programs vfio-ccw and the cp_* ops drive;
 * the guest's Start, Test and Clear Subchannel on either path.
 */
#include <stddef.h>
#include <string.h>
#include <virtref/err.h>
#include <virtref/linux/slab.h>
#include <virtref/mem.h>
#include <virtref/text.h>
#include "ccw/ccw_internal.h"

void vr_ccw_config_default(struct vr_ccw_config *cfg)
{
	cfg->profile = VR_CCW_MAINLINE;
	cfg->device = VR_CCW_DEV_DASD;
	cfg->scsw = VR_CCW_SCSW_ARCH;
	cfg->nop_length = VR_CCW_NOP_ARCH;
}

int vr_ccw_create(const struct vr_ccw_config *cfg, struct vr_ccw **out)
{
	struct vr_ccw *c;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!cfg || (unsigned)cfg->profile >= VR_CCW_NR_PROFILES ||
	    (cfg->device != VR_CCW_DEV_DASD && cfg->device != VR_CCW_DEV_ECHO) ||
	    (unsigned)cfg->scsw >= VR_CCW_NR_SCSW_FLAGS ||
	    (unsigned)cfg->nop_length >= VR_CCW_NR_NOP_LENGTHS)
		return -EINVAL;
	c = vr_calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	INIT_LIST_HEAD(&c->mdev.dma.blocks);
	c->guest = vr_mem_create("guest");
	if (!c->guest || vri_ccw_dma_init(&c->mdev))
		goto nomem;
	/* Big and read only up to n: not cleared, which would cost a fuzz run. */
	c->log[VR_CCW_DIRECT] = vr_malloc(sizeof(struct vr_ccw_log));
	c->log[VR_CCW_VFIO] = vr_malloc(sizeof(struct vr_ccw_log));
	if (!c->log[VR_CCW_DIRECT] || !c->log[VR_CCW_VFIO])
		goto nomem;
	c->log[VR_CCW_DIRECT]->n = c->log[VR_CCW_VFIO]->n = 0;
	c->log[VR_CCW_DIRECT]->overflow = c->log[VR_CCW_VFIO]->overflow = false;
	if (vr_ccw_cp_setup(&c->private.cp) || vr_ccw_cp_setup(&c->ucp))
		goto nomem;
	c->cfg = *cfg;
	c->mdev.guest = c->guest;
	c->mdev.profile = &vri_ccw_profiles[cfg->profile];
	vri_ccw_vfio_private_init(c, &c->private, &c->io_region);
	vri_ccw_device_reset(&c->dev, cfg->device);
	*out = c;
	return 0;
nomem:
	vr_ccw_destroy(c);
	return -ENOMEM;
}

void vr_ccw_destroy(struct vr_ccw *c)
{
	struct vr_context_frame f;

	if (!c)
		return;
	vri_ccw_lend(&c->mdev, &f);
	cp_free(&c->private.cp);
	cp_free(&c->ucp);
	vri_ccw_unlend(&f);
	vr_ccw_cp_release(&c->private.cp);
	vr_ccw_cp_release(&c->ucp);
	/* What the kernel file lost (a failed cp_init()'s chains) goes with the device. */
	vr_kmem_free_all(&c->mdev.kmem);
	vri_ccw_dma_fini(&c->mdev);
	vr_free(c->log[VR_CCW_DIRECT]);
	vr_free(c->log[VR_CCW_VFIO]);
	vr_mem_destroy(c->guest);
	vr_free(c);
}

struct vr_mem *vr_ccw_guest(struct vr_ccw *c)
{
	return c->guest;
}

struct device *vr_ccw_mdev(struct vr_ccw *c)
{
	return &c->mdev;
}

u64 vr_ccw_pinned(const struct vr_ccw *c)
{
	return vr_mem_pinned(c->guest);
}

void vr_ccw_orb_init(union orb *orb, u32 cpa)
{
	memset(orb, 0, sizeof(*orb));
	orb->cmd.cpa = cpa;
	orb->cmd.fmt = 1;
	orb->cmd.pfch = 1;
	orb->cmd.c64 = 1;
	orb->cmd.lpm = 0xFF;
}

int vr_ccw_host_read(struct vr_ccw *c, u64 addr, void *buf, size_t len)
{
	if (!c || (!buf && len))
		return -EINVAL;
	if (len && addr + len - 1 < addr)
		return -EFAULT;
	return vri_ccw_host_peek(&c->mdev, addr, buf, len);
}

int vr_ccw_host_ccw(struct vr_ccw *c, u64 addr, struct ccw1 *ccw)
{
	u8 b[8];
	int ret;

	if (!ccw)
		return -EINVAL;
	ret = vr_ccw_host_read(c, addr, b, sizeof(b));
	/* The host kernel's own memory holds it in the CPU's byte order. */
	if (!ret && addr < VR_CCW_HOST_GUEST_BASE)
		memcpy(ccw, b, sizeof(*ccw));
	else if (!ret)
		vr_ccw_decode1(b, ccw);
	return ret;
}

int vr_ccw_host_idaw(struct vr_ccw *c, u64 idal, unsigned int i, u64 *idaw)
{
	u8 b[8];
	unsigned int k;
	int ret;

	if (!idaw || i > (UINT64_MAX - idal) / 8)
		return -EINVAL;
	ret = vr_ccw_host_read(c, idal + 8ull * i, b, sizeof(b));
	if (ret)
		return ret;
	/* Host IDAWs are format 2: 8 bytes, in the CPU's byte order in host memory. */
	if (idal < VR_CCW_HOST_GUEST_BASE) {
		memcpy(idaw, b, sizeof(*idaw));
		return 0;
	}
	for (*idaw = 0, k = 0; k < 8; k++)
		*idaw = *idaw << 8 | b[k];
	return 0;
}

int vr_ccw_host_to_guest(u64 host, u64 *guest)
{
	if (!guest)
		return -EINVAL;
	if (host < VR_CCW_HOST_GUEST_BASE)
		return -ENOENT;
	*guest = host - VR_CCW_HOST_GUEST_BASE;
	return 0;
}

void vr_ccw_enter(struct vr_ccw *c, struct vr_context_frame *f)
{
	vri_ccw_lend(&c->mdev, f);
}

void vr_ccw_leave(struct vr_context_frame *f)
{
	vri_ccw_unlend(f);
}

int vr_ccw_cp_setup(struct channel_program *cp)
{
	memset(cp, 0, sizeof(*cp));
	INIT_LIST_HEAD(&cp->ccwchain_list);
	INIT_LIST_HEAD(&cp->vr_chains);
	/* The model's own, as vfio_ccw_drv.c's are the driver's: never a kernel file's kmem. */
	cp->guest_idal = vr_calloc(512, sizeof(*cp->guest_idal));
	if (!cp->guest_idal)
		return -ENOMEM;
	cp->guest_cp = vr_calloc(CCWCHAIN_LEN_MAX, sizeof(struct ccw1));
	if (!cp->guest_cp) {
		vr_free(cp->guest_idal);
		cp->guest_idal = NULL;
		return -ENOMEM;
	}
	return 0;
}

void vr_ccw_cp_release(struct channel_program *cp)
{
	/* Chains a failed cp_init() left stay the device's, as lost. */
	if (cp->mdev)
		vri_ccw_dma_disown(cp->mdev, cp);
	vr_free(cp->guest_cp);
	cp->guest_cp = NULL;
	vr_free(cp->guest_idal);
	cp->guest_idal = NULL;
}

const struct vr_ccw_log *vr_ccw_last_log(const struct vr_ccw *c, enum vr_ccw_path path)
{
	return c->log[path == VR_CCW_DIRECT ? VR_CCW_DIRECT : VR_CCW_VFIO];
}

void vri_ccw_run(struct vr_ccw *c, const struct vri_ccw_as *as, const union orb *orb,
		 struct vr_ccw_log *log, enum vri_ccw_runner who, struct irb *irb)
{
	bool policy = who == VRI_CCW_GUEST_SCH;

	struct vri_ccw_exec_in in = {
		.as = as,
		.dev = &c->dev,
		.log = log,
		.orb = orb,
		.explain = vr_context_current()->narrate,
		.who = who == VRI_CCW_HOST_SCH ? "host" : "guest",
		.qemu_flags = policy && c->cfg.scsw == VR_CCW_SCSW_QEMU,
		.qemu_nop = policy && c->cfg.nop_length == VR_CCW_NOP_QEMU,
	};

	vri_ccw_sch_run(&in, irb);
}

int vr_ccw_start(struct vr_ccw *c, enum vr_ccw_path path, const union orb *orb,
		 struct vr_ccw_io *io)
{
	struct vri_ccw_guest_as g = { .mem = c->guest };
	struct vri_ccw_as as;
	int ret = 0;

	memset(io, 0, sizeof(*io));
	if (!vri_ccw_sch_accept(&c->sch, orb, io))
		return 0;
	c->have_orb = true;
	c->last_orb = *orb;
	if (path == VR_CCW_BOTH || path == VR_CCW_COMPARE) {
		struct vr_text why = VR_TEXT_INIT;

		ret = vr_ccw_equivalent(c, orb, &why);
		if (why.oom)
			ret = -ENOMEM;
		struct vr_text *narrate = vr_context_current()->narrate;

		if (narrate && ret)
			vr_explain_line(narrate, "equivalence: %s", vr_text_str(&why));
		vr_text_free(&why);
		if (ret == -ENOMEM || path == VR_CCW_COMPARE)
			return ret;
	}
	if (path == VR_CCW_DIRECT) {
		vri_ccw_guest_as_init(&as, &g);
		vri_ccw_run(c, &as, orb, c->log[VR_CCW_DIRECT], VRI_CCW_GUEST_SCH, &io->irb);
		io->cc = 0;
	} else {
		vri_ccw_vfio_request(c, orb, io);
	}
	if (io->cc == 0)
		vri_ccw_sch_status(&c->sch, &io->irb);
	return ret;
}

int vr_ccw_ssch(struct vr_ccw *c, enum vr_ccw_path path, u64 orb_addr, struct vr_ccw_io *io)
{
	union orb orb;

	memset(io, 0, sizeof(*io));
	io->exception = vri_ccw_orb_fetch(c->guest, orb_addr, &orb);
	if (io->exception)
		return 0;
	return vr_ccw_start(c, path, &orb, io);
}

int vr_ccw_tsch(struct vr_ccw *c, struct irb *irb)
{
	return vri_ccw_sch_tsch(&c->sch, irb);
}

void vr_ccw_csch(struct vr_ccw *c)
{
	struct vr_context_frame f;

	if (c->private.state == VFIO_CCW_STATE_CP_PENDING) {
		vri_ccw_lend(&c->mdev, &f);
		cp_free(&c->private.cp);
		vri_ccw_unlend(&f);
		c->private.state = VFIO_CCW_STATE_IDLE;
	}
	vri_ccw_sch_clear(&c->sch);
}
