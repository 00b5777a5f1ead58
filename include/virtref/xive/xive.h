/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The host's XIVE driver as KVM calls it: the interrupt data of a
 * hardware source, the host's view of an event queue, and the
 * xive_native_* calls that reach the interrupt controller through
 * firmware (OPAL).  virtref's src/xive/native.c implements them over
 * the hardware model; the bus addresses they hand out are those of the
 * model's ESB window and TIMA (VR_XIVE_ESB_BASE, VR_XIVE_TIMA_BASE).
 *
 * mirrors: torvalds/linux arch/powerpc/include/asm/xive.h (struct
 *          xive_irq_data, struct xive_q, XIVE_INVALID_VP, the
 *          xive_native_* prototypes, xive_tima_os) and
 *          arch/powerpc/include/asm/opal-api.h (OPAL_XIVE_EQ_*), at v6.15.
 */
#ifndef VIRTREF_XIVE_XIVE_H
#define VIRTREF_XIVE_XIVE_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/linux/compiler.h>
#include <virtref/linux/types.h>

/* Where the model's interrupt controller sits on the host bus. */
#define VR_XIVE_ESB_BASE 0x0006000000000000ULL
#define VR_XIVE_TIMA_BASE 0x0006030203180000ULL

/* The host's OS TIMA page, which KVM maps into a guest (page 2 of 4). */
#define xive_tima_os (VR_XIVE_TIMA_BASE + (2ULL << 16))

struct xive_irq_data {
	u64 flags;
	u64 eoi_page;
	void __iomem *eoi_mmio;
	u64 trig_page;
	void __iomem *trig_mmio;
	u32 esb_shift;
	int src_chip;
	u32 hw_irq;
	int target; /* CPU the interrupt targets in the host */
	bool saved_p;
	bool stale_p;
};

#define XIVE_IRQ_FLAG_STORE_EOI 0x01
#define XIVE_IRQ_FLAG_LSI 0x02

#define XIVE_INVALID_CHIP_ID -1

/* A queue as the host sees it: its page and the reader's position. */
struct xive_q {
	__be32 *qpage;
	u32 msk;
	u32 idx;
	u32 toggle;
	u64 eoi_phys;
	u32 esc_irq;
	int count;	   /* atomic_t in the kernel */
	int pending_count; /* atomic_t in the kernel */
	u64 guest_qaddr;
	u32 guest_qshift;
};

#define XIVE_INVALID_VP 0xffffffff

/* arch/powerpc/include/asm/opal-api.h: queue flags */
#define OPAL_XIVE_EQ_ENABLED 0x00000001
#define OPAL_XIVE_EQ_ALWAYS_NOTIFY 0x00000002
#define OPAL_XIVE_EQ_ESCALATE 0x00000004

/*
 * Each returns what arch/powerpc/sysdev/xive/native.c returns: 0 or a
 * negative errno (-EIO where firmware failed), a hardware interrupt
 * number (0: none left) or a VP block (XIVE_INVALID_VP: none left).
 * They act on the interrupt controller of the virtref instance the
 * calling thread is in (virtref/context.h); outside one they fire
 * WARN_ON() and fail.
 */
VR_API bool xive_enabled(void);
VR_API u32 xive_native_alloc_irq(void);
VR_API void xive_native_free_irq(u32 irq);
VR_API int xive_native_populate_irq_data(u32 hw_irq, struct xive_irq_data *data);
VR_API void xive_cleanup_irq_data(struct xive_irq_data *xd);
VR_API int xive_native_configure_irq(u32 hw_irq, u32 target, u8 prio, u32 sw_irq);
VR_API int xive_native_configure_queue(u32 vp_id, struct xive_q *q, u8 prio, __be32 *qpage,
				       u32 order, bool can_escalate);
VR_API void xive_native_disable_queue(u32 vp_id, struct xive_q *q, u8 prio);
VR_API u32 xive_native_alloc_vp_block(u32 max_vcpus);
VR_API void xive_native_free_vp_block(u32 vp_base);
VR_API int xive_native_enable_vp(u32 vp_id, bool single_escalation);
VR_API int xive_native_disable_vp(u32 vp_id);
VR_API int xive_native_get_vp_info(u32 vp_id, u32 *out_cam_id, u32 *out_chip_id);
VR_API bool xive_native_has_single_escalation(void);
VR_API bool xive_native_has_save_restore(void);
VR_API int xive_native_get_queue_info(u32 vp_id, u32 prio, u64 *out_qpage, u64 *out_qsize,
				      u64 *out_qeoi_page, u32 *out_escalate_irq, u64 *out_qflags);
VR_API int xive_native_get_queue_state(u32 vp_id, u32 prio, u32 *qtoggle, u32 *qindex);
VR_API int xive_native_set_queue_state(u32 vp_id, u32 prio, u32 qtoggle, u32 qindex);
VR_API int xive_native_get_vp_state(u32 vp_id, u64 *out_state);
VR_API bool xive_native_has_queue_state_support(void);
VR_API void xive_native_sync_source(u32 hw_irq);
VR_API void xive_native_sync_queue(u32 hw_irq);

#endif
