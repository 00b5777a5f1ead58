// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The host CPU's mitigation state (virtref/arm/hw.h): its states by
 * name, and which combinations exist.  What KVM makes of the state, the
 * workaround levels and the SMCCC_ARCH_FEATURES answers, is kernel code:
 * get_kernel_wa_level() in psci.c (5.3 family) and hypercalls.c (5.10+).
 */
#include "hw_internal.h"

const char *const vri_arm_bp_harden_names[3] = {
	[VR_ARM_BP_HARDEN_UNKNOWN] = "unknown",
	[VR_ARM_BP_HARDEN_WA_NEEDED] = "wa_needed",
	[VR_ARM_BP_HARDEN_NOT_REQUIRED] = "not_required",
};

const char *const vri_arm_ssbd_names[5] = {
	[VR_ARM_SSBD_UNKNOWN] = "unknown",     [VR_ARM_SSBD_FORCE_DISABLE] = "force_disable",
	[VR_ARM_SSBD_KERNEL] = "kernel",       [VR_ARM_SSBD_FORCE_ENABLE] = "force_enable",
	[VR_ARM_SSBD_MITIGATED] = "mitigated",
};

const char *const vri_arm_spectre_names[3] = {
	[VR_ARM_SPECTRE_VULNERABLE] = "vulnerable",
	[VR_ARM_SPECTRE_MITIGATED] = "mitigated",
	[VR_ARM_SPECTRE_UNAFFECTED] = "unaffected",
};

bool vri_arm_host_valid(const struct vr_arm_host *h)
{
	return (unsigned int)h->bp_harden <= VR_ARM_BP_HARDEN_NOT_REQUIRED &&
	       (unsigned int)h->ssbd <= VR_ARM_SSBD_MITIGATED &&
	       (unsigned int)h->spectre_v2 <= VR_ARM_SPECTRE_UNAFFECTED &&
	       (unsigned int)h->spectre_v4 <= VR_ARM_SPECTRE_UNAFFECTED &&
	       (unsigned int)h->spectre_bhb <= VR_ARM_SPECTRE_UNAFFECTED;
}
