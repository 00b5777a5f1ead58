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

uint8_t *vri_ap_gisa_byte(struct vri_ap_hw *hw, uint32_t offset)
{
	return (uint8_t *)hw->gisa_area + offset;
}

void vri_ap_gisa_raise(struct vri_ap_hw *hw, uint32_t gisc)
{
	uint8_t *ipm = vri_ap_gisa_byte(hw, VR_AP_GISA_IPM);
	uint8_t *iam = vri_ap_gisa_byte(hw, VR_AP_GISA_IAM);

	*ipm |= VR_AP_GISC_BIT(gisc);
	if (hw->gisa.running || !(*iam & VR_AP_GISC_BIT(gisc)))
		return;
	*iam = 0;
	hw->gisa.alerted = true;
	hw->pending_iscs |= VR_AP_GISC_BIT(hw->cfg.gib_isc);
}

int vri_ap_gisa_take(struct vri_ap_hw *hw)
{
	uint8_t *ipm = vri_ap_gisa_byte(hw, VR_AP_GISA_IPM);

	if (!hw->gisa.running)
		return -EAGAIN;
	for (uint32_t gisc = 0; gisc < 8; gisc++) {
		if (*ipm & VR_AP_GISC_BIT(gisc)) {
			*ipm &= (uint8_t)~VR_AP_GISC_BIT(gisc);
			return (int)gisc;
		}
	}
	return -ENOENT;
}
