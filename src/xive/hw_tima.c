// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The presenter: one thread interrupt management context per hardware
 * thread, reached through the four TIMA pages of decreasing privilege
 * (POWER9 XIVE architecture, "Thread Interrupt Management Area"; qemu/qemu
 * hw/intc/xive.c, the TIMA views, xive_tm_find_op(), xive_tctx_accept(),
 * xive_tctx_set_cppr() and xive_tctx_notify()).  Only the OS ring takes
 * part in delivery here; the other rings are plain registers.
 *
 * Thread t runs VP t when that VP is dispatched (pushed).
 */
#include <errno.h>
#include <string.h>
#include "hw_internal.h"

/* Access bits of each context byte per page: 2 read, 1 write. */
#define R 2
#define W 1
#define RW (R | W)

/* Word 2 of a ring is changed by push and pull only, never by a raw store. */
static const u8 views[4][VR_XIVE_TM_CONTEXT] = {
	[VR_XIVE_XIVE_TM_HW_PAGE] = {
		RW, 0, 0, 0, 0, 0, 0, 0, RW, RW, RW, RW, 0, 0, 0, 0,	 /* QW0 user */
		RW, RW, RW, RW, RW, RW, 0, R, R, R, R, R, 0, 0, 0, 0,	 /* QW1 OS */
		0, 0, RW, RW, 0, 0, 0, 0, RW, RW, RW, RW, 0, 0, 0, 0,	 /* QW2 pool */
		RW, RW, RW, RW, 0, RW, 0, R, RW, 0, 0, RW, RW, RW, RW, 0, /* QW3 phys */
	},
	[VR_XIVE_XIVE_TM_HV_PAGE] = {
		RW, 0, 0, 0, 0, 0, 0, 0, RW, RW, RW, RW, 0, 0, 0, 0,
		RW, RW, RW, RW, RW, RW, 0, R, R, R, R, R, 0, 0, 0, 0,
		0, 0, RW, RW, 0, 0, 0, 0, 0, RW, RW, RW, 0, 0, 0, 0,
		RW, RW, RW, RW, 0, RW, 0, R, RW, 0, 0, RW, 0, 0, 0, 0,
	},
	[VR_XIVE_XIVE_TM_OS_PAGE] = {
		RW, 0, 0, 0, 0, 0, 0, 0, RW, RW, RW, RW, 0, 0, 0, 0,
		R, RW, R, R, R, R, 0, R, 0, 0, 0, 0, 0, 0, 0, 0,
	},
	[VR_XIVE_XIVE_TM_USER_PAGE] = {
		RW,
	},
};

enum special { SPC_SET_CPPR, SPC_ACK, SPC_SET_PENDING, SPC_PULL };

/* The operations defined at an offset, the least privileged page each
 * is defined for (a more privileged page may use it too), its size. */
static const struct {
	u32 offset;
	enum vr_xive_tm_page page;
	unsigned int size;
	bool store;
	enum special what;
} specials[] = {
	{ TM_QW1_OS + TM_CPPR, VR_XIVE_XIVE_TM_OS_PAGE, 1, true, SPC_SET_CPPR },
	{ TM_SPC_ACK_OS_REG, VR_XIVE_XIVE_TM_OS_PAGE, 2, false, SPC_ACK },
	{ TM_SPC_SET_OS_PENDING, VR_XIVE_XIVE_TM_OS_PAGE, 1, true, SPC_SET_PENDING },
	{ TM_SPC_PULL_OS_CTX, VR_XIVE_XIVE_TM_HV_PAGE, 4, false, SPC_PULL },
};

static u32 word2(const u8 *ring)
{
	return ((u32)ring[TM_WORD2] << 24) | ((u32)ring[TM_WORD2 + 1] << 16) |
	       ((u32)ring[TM_WORD2 + 2] << 8) | ring[TM_WORD2 + 3];
}

static void set_word2(u8 *ring, u32 w)
{
	ring[TM_WORD2] = (u8)(w >> 24);
	ring[TM_WORD2 + 1] = (u8)(w >> 16);
	ring[TM_WORD2 + 2] = (u8)(w >> 8);
	ring[TM_WORD2 + 3] = (u8)w;
}

/* QEMU xive_tctx_reset(): the counters and PIPR read 0xff, the rest 0. */
static void ring_reset(u8 *ring)
{
	memset(ring, 0, 16);
	ring[TM_LSMFB] = 0xff;
	ring[TM_ACK_CNT] = 0xff;
	ring[TM_AGE] = 0xff;
	ring[TM_PIPR] = 0xff;
}

void vri_xive_tctx_reset(struct vri_xive_hw *hw, u32 thread)
{
	struct vri_xive_tctx *t = &hw->tctx[thread];

	memset(t->regs, 0, sizeof(t->regs));
	ring_reset(&t->regs[TM_QW1_OS]);
	ring_reset(&t->regs[TM_QW3_HV_PHYS]);
	memcpy(hw->nvt[thread].saved, &t->regs[TM_QW1_OS], sizeof(hw->nvt[thread].saved));
}

/* The signal rule: an exception is raised when PIPR < CPPR. */
static void notify(u8 *ring)
{
	if (ring[TM_PIPR] < ring[TM_CPPR])
		ring[TM_NSR] |= TM_QW1_NSR_EO;
}

void vri_xive_tctx_ipb_update(struct vri_xive_hw *hw, u32 thread, u8 prio)
{
	u8 *ring = vri_xive_os_ring(hw, thread);

	ring[TM_IPB] |= vr_xive_prio_to_ipb(prio);
	ring[TM_PIPR] = vr_xive_ipb_to_pipr(ring[TM_IPB]);
	notify(ring);
}

int vri_xive_tctx_find(const struct vri_xive_hw *hw, u32 nvt_idx)
{
	u32 t;

	for (t = 0; t < hw->nr_vcpus; t++) {
		u32 w = word2(&hw->tctx[t].regs[TM_QW1_OS]);

		if ((w & TM_QW1W2_VO) && (w & TM_QW1W2_OS_CAM) == VR_XIVE_NVT_CAM(0, nvt_idx))
			return (int)t;
	}
	return -1;
}

bool vri_xive_vp_dispatched(const struct vri_xive_hw *hw, u32 vcpu)
{
	return vri_xive_tctx_find(hw, VR_XIVE_NVT_BASE + vcpu) >= 0;
}

/* ACK_OS_REG: accept the pending exception; returns (old NSR << 8) | CPPR. */
static u64 accept(struct vri_xive_hw *hw, u8 *ring)
{
	u8 nsr = ring[TM_NSR];

	if (nsr & TM_QW1_NSR_EO) {
		u8 cppr = ring[TM_PIPR];

		ring[TM_CPPR] = cppr;
		ring[TM_IPB] &= (u8)~vr_xive_prio_to_ipb(cppr);
		if (hw->tima == VR_XIVE_TIMA_HW) {
			ring[TM_NSR] = 0; /* PIPR is updated on the next CPPR store */
		} else {
			ring[TM_PIPR] = vr_xive_ipb_to_pipr(ring[TM_IPB]);
			ring[TM_NSR] &= (u8)~TM_QW1_NSR_EO;
		}
	}
	return ((u64)nsr << 8) | ring[TM_CPPR];
}

static void set_cppr(struct vri_xive_hw *hw, u8 *ring, u8 cppr)
{
	if (cppr > VR_XIVE_XIVE_PRIORITY_MAX)
		cppr = VR_XIVE_PRIO_MASKED;
	ring[TM_CPPR] = cppr;
	if (hw->tima == VR_XIVE_TIMA_HW) {
		ring[TM_PIPR] = vr_xive_ipb_to_pipr(ring[TM_IPB]);
		if (ring[TM_PIPR] >= cppr)
			ring[TM_NSR] &= (u8)~TM_QW1_NSR_EO;
	}
	notify(ring);
}

int vri_xive_vp_pull(struct vri_xive_hw *hw, u32 vcpu)
{
	u8 *ring;

	if (vcpu >= hw->nr_vcpus)
		return -EINVAL;
	if (!vri_xive_vp_dispatched(hw, vcpu))
		return -ENOENT;
	ring = vri_xive_os_ring(hw, vcpu);
	memcpy(hw->nvt[vcpu].saved, ring, sizeof(hw->nvt[vcpu].saved));
	ring_reset(ring);
	return 0;
}

int vri_xive_vp_push(struct vri_xive_hw *hw, u32 vcpu)
{
	struct vri_xive_nvt *nvt;
	u8 *ring;

	if (vcpu >= hw->nr_vcpus)
		return -EINVAL;
	if (vri_xive_vp_dispatched(hw, vcpu))
		return -EBUSY;
	nvt = &hw->nvt[vcpu];
	ring = vri_xive_os_ring(hw, vcpu);
	memcpy(ring, nvt->saved, sizeof(nvt->saved));
	set_word2(ring, TM_QW1W2_VO | VR_XIVE_NVT_CAM(0, VR_XIVE_NVT_BASE + vcpu));
	/* What arrived while it was away joins the ring (QEMU: need_resend). */
	ring[TM_IPB] |= (u8)((nvt->w4 & VR_XIVE_NVT_W4_IPB) >> 8);
	nvt->w4 &= ~VR_XIVE_NVT_W4_IPB;
	ring[TM_PIPR] = vr_xive_ipb_to_pipr(ring[TM_IPB]);
	notify(ring);
	return 0;
}

/* The special operation at @offset for @page, or -1. */
static int find_special(u32 offset, enum vr_xive_tm_page page, unsigned int size, bool store)
{
	unsigned int i;

	for (i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
		if (specials[i].offset == offset && page <= specials[i].page &&
		    specials[i].size == size && specials[i].store == store)
			return (int)i;
	return -1;
}

/*
 * The OS ring's NSR, IPB and PIPR follow from events, ACK and CPPR only:
 * a raw store does not change them (a hypervisor restores them by pushing
 * the VP), and a raw store of CPPR acts as the CPPR store.
 */
static bool presenter_byte(u32 reg)
{
	return reg == TM_QW1_OS + TM_NSR || reg == TM_QW1_OS + TM_IPB || reg == TM_QW1_OS + TM_PIPR;
}

/* Which bytes of a raw access the page's view lets through (bit per byte,
 * most significant first); 0 when the access is not a raw one. */
static u64 raw_mask(enum vr_xive_tm_page page, u32 reg, unsigned int size, bool store)
{
	u64 mask = 0;
	unsigned int i;

	if ((size != 4 && size != 8) || (reg & (size - 1)) || reg < TM_QW1_OS)
		return 0;
	for (i = 0; i < size; i++)
		if (views[page][reg + i] & (store ? W : R))
			mask |= 0xffull << (8 * (size - 1 - i));
	return mask;
}

/* Page, offset in the page and special operation (or -1) of an access. */
static int decode(const struct vri_xive_hw *hw, u32 thread, u64 offset, unsigned int size,
		  bool store, enum vr_xive_tm_page *page, u32 *op, int *special)
{
	if (thread >= hw->nr_vcpus || offset >= (4ull << VR_XIVE_TM_SHIFT) ||
	    (size != 1 && size != 2 && size != 4 && size != 8))
		return -EINVAL;
	*page = (enum vr_xive_tm_page)(offset >> VR_XIVE_TM_SHIFT);
	*op = (u32)(offset & 0xfff);
	*special = find_special(*op, *page, size, store);
	return 0;
}

int vri_xive_tima_load(struct vri_xive_hw *hw, u32 thread, u64 offset, unsigned int size, u64 *val)
{
	enum vr_xive_tm_page page;
	u64 mask;
	u32 op, i;
	int s, ret = decode(hw, thread, offset, size, false, &page, &op, &s);
	u8 *regs = hw->tctx[thread % VRI_XIVE_MAX_VCPUS].regs;

	if (ret)
		return ret;
	*val = VR_XIVE_ESB_INVALID;
	if (s >= 0) {
		u8 *ring = vri_xive_os_ring(hw, thread);

		if (specials[s].what == SPC_ACK) {
			*val = accept(hw, ring);
		} else {
			*val = word2(ring);
			if (vri_xive_vp_dispatched(hw, thread))
				vri_xive_vp_pull(hw, thread);
		}
		return 0;
	}
	if (op >= VR_XIVE_TM_CONTEXT)
		return 0; /* nothing answers: all ones */
	mask = raw_mask(page, op, size, false);
	if (!mask)
		return 0;
	*val = 0;
	for (i = 0; i < size; i++)
		*val |= (u64)regs[op + i] << (8 * (size - 1 - i));
	*val &= mask;
	return 0;
}

int vri_xive_tima_store(struct vri_xive_hw *hw, u32 thread, u64 offset, unsigned int size, u64 val)
{
	enum vr_xive_tm_page page;
	u64 mask;
	u32 op, i;
	int s, ret = decode(hw, thread, offset, size, true, &page, &op, &s);
	u8 *regs = hw->tctx[thread % VRI_XIVE_MAX_VCPUS].regs;

	if (ret)
		return ret;
	if (s >= 0) {
		u8 *ring = vri_xive_os_ring(hw, thread);

		if (specials[s].what == SPC_SET_CPPR) {
			set_cppr(hw, ring, (u8)val);
		} else {
			ring[TM_IPB] |= vr_xive_prio_to_ipb((u8)val);
			ring[TM_PIPR] = vr_xive_ipb_to_pipr(ring[TM_IPB]);
			notify(ring);
		}
		return 0;
	}
	if (op >= VR_XIVE_TM_CONTEXT)
		return 0; /* ignored */
	mask = raw_mask(page, op, size, true);
	for (i = 0; i < size; i++) {
		u32 reg = op + i;
		u8 byte = (u8)(val >> (8 * (size - 1 - i)));

		if (!(mask & (0xffull << (8 * (size - 1 - i)))))
			continue;
		if (reg == TM_QW1_OS + TM_CPPR)
			set_cppr(hw, vri_xive_os_ring(hw, thread), byte);
		else if (!presenter_byte(reg))
			regs[reg] = byte;
	}
	return 0;
}
