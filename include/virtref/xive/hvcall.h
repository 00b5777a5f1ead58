/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The sPAPR hypercalls a XIVE native guest makes and their return
 * codes.  The hypervisor's side is user space's (QEMU), over the KVM
 * device; virtref's is vr_xive_hcall() (<virtref/xive.h>).
 *
 * mirrors: torvalds/linux arch/powerpc/include/asm/hvcall.h (H_* return
 *          codes, H_INT_* numbers) at v6.15; the flag bits of qemu/qemu
 *          hw/intc/spapr_xive.c, which PAPR numbers MSB0 (PPC_BIT(63)
 *          is 0x1).
 */
#ifndef VIRTREF_XIVE_HVCALL_H
#define VIRTREF_XIVE_HVCALL_H

#define H_SUCCESS 0
#define H_HARDWARE -1
#define H_FUNCTION -2
#define H_PARAMETER -4
#define H_P2 -55
#define H_P3 -56
#define H_P4 -57
#define H_P5 -58

#define H_INT_GET_SOURCE_INFO 0x3A8
#define H_INT_SET_SOURCE_CONFIG 0x3AC
#define H_INT_GET_SOURCE_CONFIG 0x3B0
#define H_INT_GET_QUEUE_INFO 0x3B4
#define H_INT_SET_QUEUE_CONFIG 0x3B8
#define H_INT_GET_QUEUE_CONFIG 0x3BC
#define H_INT_SET_OS_REPORTING_LINE 0x3C0
#define H_INT_GET_OS_REPORTING_LINE 0x3C4
#define H_INT_ESB 0x3C8
#define H_INT_SYNC 0x3CC
#define H_INT_RESET 0x3D0

/* H_INT_GET_SOURCE_INFO output flags */
#define VR_XIVE_SPAPR_SRC_STORE_EOI 0x1 /* StoreEOI supported */
#define VR_XIVE_SPAPR_SRC_TRIGGER 0x2	/* trigger and management on one page */
#define VR_XIVE_SPAPR_SRC_LSI 0x4
#define VR_XIVE_SPAPR_SRC_H_INT_ESB 0x8 /* manage the ESB with H_INT_ESB */

/* H_INT_SET_SOURCE_CONFIG flags */
#define VR_XIVE_SPAPR_SRC_MASK 0x1
#define VR_XIVE_SPAPR_SRC_SET_EISN 0x2

/* H_INT_SET_QUEUE_CONFIG flags; H_INT_GET_QUEUE_CONFIG in and out */
#define VR_XIVE_SPAPR_END_ALWAYS_NOTIFY 0x1
#define VR_XIVE_SPAPR_END_DEBUG 0x1
#define VR_XIVE_SPAPR_END_GENERATION (1ull << 62)

/* H_INT_ESB flags */
#define VR_XIVE_SPAPR_ESB_STORE 0x1

/* Where QEMU puts the sources' ESB pages and the ENDs' in guest real space. */
#define VR_XIVE_SPAPR_VC_BASE 0x0006010000000000ull
#define VR_XIVE_SPAPR_END_BASE 0x0006030000000000ull

#endif
