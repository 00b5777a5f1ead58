/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The crypto control block: the guest's AP configuration, the APM, AQM and
 * ADM masks the SIE reads in format 0, 1 or 2 (z/Architecture Principles
 * of Operation, "Adjunct Processor"; the kernel's layout in torvalds/linux
 * arch/s390/include/asm/kvm_host.h at v5.3, struct kvm_s390_crypto_cb).
 * A program with a CRYCB addresses queue (a, d) only when APM holds a and
 * AQM holds d, and has APXA only in format 2.
 */
#include <string.h>
#include <virtref/linux/errno.h>
#include "ap/hw_internal.h"

/* Where the model places the CRYCB: any 31-bit, 8-aligned host address would do. */
#define VRI_AP_CRYCB_ORIGIN 0x00fe0000u

static const uint8_t apcb0_offset[] = {
	[VR_AP_APM] = VR_AP_APCB0_APM,
	[VR_AP_AQM] = VR_AP_APCB0_AQM,
	[VR_AP_ADM] = VR_AP_APCB0_ADM,
};
static const uint8_t apcb1_offset[] = {
	[VR_AP_APM] = VR_AP_APCB1_APM,
	[VR_AP_AQM] = VR_AP_APCB1_AQM,
	[VR_AP_ADM] = VR_AP_APCB1_ADM,
};

bool vri_ap_program_apxa(const struct vri_ap_hw *hw)
{
	if (hw->cfg.crycb == VR_AP_CRYCB_NONE || hw->host_issuing)
		return hw->cfg.apxa;
	return hw->cfg.crycb == VR_AP_CRYCB_2;
}

/* The mask's word holding @id, or NULL when the format has no such ID. */
static const uint64_t *mask_word(const struct vri_ap_hw *hw, enum vr_ap_mask mask, uint32_t id)
{
	uint32_t off;

	if (hw->cfg.crycb == VR_AP_CRYCB_NONE || (unsigned)mask > VR_AP_ADM || id > 255)
		return NULL;
	if (hw->cfg.crycb == VR_AP_CRYCB_2) {
		off = apcb1_offset[mask];
	} else {
		if (id >= (mask == VR_AP_APM ? 64 : VR_AP_APCB0_DOMAINS))
			return NULL;
		off = apcb0_offset[mask];
	}
	return &hw->crycb_words[off / 8 + id / 64];
}

static uint64_t id_bit(uint32_t id)
{
	return 1ull << (63 - id % 64);
}

bool vri_ap_crycb_test(const struct vri_ap_hw *hw, enum vr_ap_mask mask, uint32_t id)
{
	const uint64_t *w = mask_word(hw, mask, id);

	return w && (*w & id_bit(id));
}

int vri_ap_crycb_set(struct vri_ap_hw *hw, enum vr_ap_mask mask, uint32_t id, bool on)
{
	uint64_t *w;

	if (hw->cfg.crycb == VR_AP_CRYCB_NONE)
		return -ENODEV;
	if ((unsigned)mask > VR_AP_ADM)
		return -EINVAL;
	w = (uint64_t *)mask_word(hw, mask, id);
	if (!w)
		return -ERANGE;
	if (on)
		*w |= id_bit(id);
	else
		*w &= ~id_bit(id);
	return 0;
}

bool vri_ap_crycb_allows(const struct vri_ap_hw *hw, uint32_t apqn)
{
	if (hw->cfg.crycb == VR_AP_CRYCB_NONE || hw->host_issuing)
		return true;
	return vri_ap_crycb_test(hw, VR_AP_APM, VR_AP_APID(apqn)) &&
	       vri_ap_crycb_test(hw, VR_AP_AQM, VR_AP_APQI(apqn));
}

uint32_t vri_ap_crycbd(const struct vri_ap_hw *hw)
{
	static const uint32_t format_bits[] = {
		[VR_AP_CRYCB_0] = VR_AP_CRYCB_FORMAT0,
		[VR_AP_CRYCB_1] = VR_AP_CRYCB_FORMAT1,
		[VR_AP_CRYCB_2] = VR_AP_CRYCB_FORMAT2,
	};

	if (hw->cfg.crycb == VR_AP_CRYCB_NONE)
		return 0;
	return VRI_AP_CRYCB_ORIGIN | format_bits[hw->cfg.crycb];
}
