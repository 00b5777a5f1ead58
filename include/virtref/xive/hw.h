/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The POWER9 XIVE interrupt controller as a guest OS sees it: the ESB
 * (PQ bits and their MMIO pages), the EAS and END formats the router
 * walks, the event queue entry, and the thread interrupt management area
 * (TIMA) with its OS ring.  Sources: IBM "POWER9 XIVE Interrupt
 * Controller" architecture (sections ESB, EAS, END, TIMA), open-power/
 * skiboot doc/xive.rst, torvalds/linux arch/powerpc/include/asm/xive-regs.h
 * and qemu/qemu include/hw/ppc/xive_regs.h.  Names the kernel's
 * xive-regs.h has (XIVE_ESB_*, TM_*) are the kernel's; QEMU's names for
 * the rest carry the VR_XIVE_ prefix.  IBM numbers bits MSB0; the masks
 * below are plain hex values.
 * All XIVE in-memory structures and MMIO data are big-endian.
 * No kernel type: the hardware layer.
 */
#ifndef VIRTREF_XIVE_HW_H
#define VIRTREF_XIVE_HW_H

#include <stdbool.h>
#include <virtref/linux/types.h>

/* ---- ESB: the PQ bits of a source ------------------------------------- */

#define XIVE_ESB_VAL_P 0x2
#define XIVE_ESB_VAL_Q 0x1
#define VR_XIVE_XIVE_ESB_RESET 0x0   /* 00: idle, enabled */
#define VR_XIVE_XIVE_ESB_OFF 0x1     /* 01: masked, events dropped */
#define VR_XIVE_XIVE_ESB_PENDING 0x2 /* 10: one event forwarded, awaiting EOI */
#define VR_XIVE_XIVE_ESB_QUEUED 0x3  /* 11: and another arrived meanwhile */

/* Management page offsets (offset = address & 0xfff). */
#define XIVE_ESB_LOAD_EOI 0x000
#define XIVE_ESB_STORE_EOI 0x400
#define XIVE_ESB_GET 0x800
#define XIVE_ESB_SET_PQ_00 0xc00
#define XIVE_ESB_SET_PQ_01 0xd00
#define XIVE_ESB_SET_PQ_10 0xe00
#define XIVE_ESB_SET_PQ_11 0xf00
/* ORed into a load offset: load-after-store ordering (Linux: 0xe40). */
#define XIVE_ESB_LD_ST_MO 0x40

/* ESB page modes (QEMU esb_shift): one page or trigger + management. */
#define VR_XIVE_XIVE_ESB_4K 12
#define VR_XIVE_XIVE_ESB_4K_2PAGE 13
#define VR_XIVE_XIVE_ESB_64K 16
#define VR_XIVE_XIVE_ESB_64K_2PAGE 17

/* What every ESB load of an invalid kind returns. */
#define VR_XIVE_ESB_INVALID 0xffffffffffffffffull

/* ---- EAS: source -> END, with the data word (EISN) --------------------- */

#define VR_XIVE_EAS_VALID 0x8000000000000000ull
#define VR_XIVE_EAS_END_BLOCK 0x0f00000000000000ull
#define VR_XIVE_EAS_END_INDEX 0x00ffffff00000000ull
#define VR_XIVE_EAS_MASKED 0x0000000080000000ull
#define VR_XIVE_EAS_END_DATA 0x000000007fffffffull

/* ---- END: event notification descriptor, 8 x 32-bit words -------------- */

#define VR_XIVE_END_W0_VALID 0x80000000u
#define VR_XIVE_END_W0_ENQUEUE 0x40000000u
#define VR_XIVE_END_W0_UCOND_NOTIFY 0x20000000u /* ALWAYS_NOTIFY */
#define VR_XIVE_END_W0_BACKLOG 0x10000000u
#define VR_XIVE_END_W0_ESCALATE_CTL 0x04000000u
#define VR_XIVE_END_W0_QSIZE 0x000f0000u /* qshift - 12 */
#define VR_XIVE_END_W1_ESn 0xc0000000u	 /* notification ESB P,Q */
#define VR_XIVE_END_W1_ESe 0x30000000u	 /* escalation ESB P,Q */
#define VR_XIVE_END_W1_GENERATION 0x00400000u
#define VR_XIVE_END_W1_PAGE_OFF 0x003fffffu /* producer index */
#define VR_XIVE_END_W2_EQ_ADDR_HI 0x0fffffffu
#define VR_XIVE_END_W3_EQ_ADDR_LO 0xffffffffu
#define VR_XIVE_END_W6_FORMAT_BIT 0x00800000u
#define VR_XIVE_END_W6_NVT_BLOCK 0x00780000u
#define VR_XIVE_END_W6_NVT_INDEX 0x0007ffffu
#define END_W7_F0_PRIORITY 0x00ff0000u

/* The architecture's queue sizes: 4 KiB, 64 KiB, 2 MiB, 16 MiB. */
#define VR_XIVE_QSHIFT_VALID(s) ((s) == 12 || (s) == 16 || (s) == 21 || (s) == 24)

/* Queue entry: bit 31 the generation it was written in, 30..0 the EISN. */
#define VR_XIVE_EQ_GEN 0x80000000u
#define VR_XIVE_EQ_DATA 0x7fffffffu

/* NVT word 4: the backup IPB of a VP that is not dispatched. */
#define VR_XIVE_NVT_W4_IPB 0x0000ff00u

/*
 * sPAPR numbering (qemu/qemu hw/intc/spapr_xive.c): NVT index =
 * 0x400 + vCPU id, END index = (vCPU id << 3) + priority, block 0.
 */
#define VR_XIVE_NVT_BASE 0x400u
#define VR_XIVE_END_INDEX(vcpu, prio) (((vcpu) << 3) + (prio))

/* ---- Priorities --------------------------------------------------------- */

#define VR_XIVE_XIVE_PRIORITY_MAX 7
#define VR_XIVE_PRIO_MASKED 0xff

/* ---- TIMA: thread interrupt management area ----------------------------- */

#define VR_XIVE_TM_SHIFT 16 /* 4 pages of 64 KiB */
enum vr_xive_tm_page {
	VR_XIVE_XIVE_TM_HW_PAGE,
	VR_XIVE_XIVE_TM_HV_PAGE,
	VR_XIVE_XIVE_TM_OS_PAGE,
	VR_XIVE_XIVE_TM_USER_PAGE,
};

/* Rings and the bytes of each ring. */
#define TM_QW0_USER 0x000
#define TM_QW1_OS 0x010
#define TM_QW2_HV_POOL 0x020
#define TM_QW3_HV_PHYS 0x030
#define TM_NSR 0x0
#define TM_CPPR 0x1
#define TM_IPB 0x2
#define TM_LSMFB 0x3
#define TM_ACK_CNT 0x4
#define TM_INC 0x5
#define TM_AGE 0x6
#define TM_PIPR 0x7
#define TM_WORD2 0x8
#define VR_XIVE_TM_CONTEXT 0x40 /* the bytes of context, every page */

#define TM_QW1_NSR_EO 0x80	    /* OS ring: an exception is pending */
#define TM_QW1W2_VO 0x80000000u	    /* OS context valid */
#define TM_QW1W2_OS_CAM 0x00ffffffu /* which NVT the thread runs */
#define VR_XIVE_NVT_CAM(blk, idx) (((u32)(blk) << 19) | (idx))

/* Special operations, at 0x800 and above in every page. */
#define VR_XIVE_TM_SPECIAL_OP 0x800
#define TM_SPC_ACK_OS_REG 0x810	    /* load 2: acknowledge */
#define TM_SPC_SET_OS_PENDING 0x812 /* store 1: IPB |= bit(value) */
#define TM_SPC_PULL_OS_CTX 0x818    /* load 4/8, HV page: pull the OS context */
#define TM_SPC_ACK_OS_EL 0xc10	    /* store: ACK to reporting line */

/*
 * The TIMA behaviour a trace was recorded on: what ACK does to PIPR and
 * what a CPPR store does to a pending exception (qemu/qemu hw/intc/xive.c,
 * xive_tctx_accept() and xive_tctx_set_cppr()).
 */
enum vr_xive_tima {
	/* ACK recomputes PIPR from what is left in IPB and clears EO only;
	 * a CPPR store never withdraws EO (QEMU before its 2024-2025 TIMA
	 * rework). */
	VR_XIVE_TIMA_QEMU_2024,
	/* ACK leaves PIPR, zeroes NSR; a CPPR store recomputes PIPR and sets
	 * EO exactly when PIPR < CPPR (hardware, and QEMU since 2025). */
	VR_XIVE_TIMA_HW,
	VR_XIVE_NR_TIMA
};

/* IPB bit of priority @p (0 -> 0x80, 7 -> 0x01); nothing above 7. */
static inline u8 vr_xive_prio_to_ipb(u8 p)
{
	return p > VR_XIVE_XIVE_PRIORITY_MAX ? 0 : (u8)(1u << (VR_XIVE_XIVE_PRIORITY_MAX - p));
}

/* Most favoured priority pending in @ipb; 0xff when it is empty. */
static inline u8 vr_xive_ipb_to_pipr(u8 ipb)
{
	u8 p;

	for (p = 0; p <= VR_XIVE_XIVE_PRIORITY_MAX; p++)
		if (ipb & vr_xive_prio_to_ipb(p))
			return p;
	return VR_XIVE_PRIO_MASKED;
}

/* An EAS routing to END @end_idx (block 0) with @data; masked or not. */
static inline u64 vr_xive_eas(u32 end_idx, u32 data, bool masked)
{
	return VR_XIVE_EAS_VALID | ((u64)(end_idx & 0xffffff) << 32) |
	       (masked ? VR_XIVE_EAS_MASKED : 0) | (data & VR_XIVE_EAS_END_DATA);
}

#endif
