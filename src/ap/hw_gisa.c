/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The guest interruption state area (GISA) and the guest information
 * block's alert (GIB): how an adapter interruption reaches a guest
 * (z/Architecture Principles of Operation, "Adapter-Interruption
 * Virtualization"; the kernel's side in torvalds/linux
 * arch/s390/kvm/interrupt.c at v5.3, gisa_set_ipm(), gisa_set_iam(),
 * process_gib_alert_list()).  An interruption for GISC g sets g's
 * pending bit; when the guest is not running and the alert mask holds g,
 * the GISA goes on the GIB's alert list, the alert mask is cleared (the
 * host rearms it, gisa_get_ipm_or_restore_iam()) and the host gets an
 * adapter interruption on the GIB's ISC.
 */
#include <virtref/linux/errno.h>
#include "ap/hw_internal.h"

void vri_ap_gisa_raise(struct vri_ap_hw *hw, uint32_t gisc)
{
	struct vri_ap_gisa *g = &hw->gisa;

	g->ipm |= VR_AP_GISC_BIT(gisc);
	if (g->running || !(g->iam & VR_AP_GISC_BIT(gisc)))
		return;
	g->iam = 0;
	g->alerted = true;
	hw->pending_iscs |= VR_AP_GISC_BIT(hw->cfg.gib_isc);
}

int vri_ap_gisa_take(struct vri_ap_hw *hw)
{
	struct vri_ap_gisa *g = &hw->gisa;

	if (!g->running)
		return -EAGAIN;
	for (uint32_t gisc = 0; gisc < 8; gisc++) {
		if (g->ipm & VR_AP_GISC_BIT(gisc)) {
			g->ipm &= (uint8_t)~VR_AP_GISC_BIT(gisc);
			return (int)gisc;
		}
	}
	return -ENOENT;
}
