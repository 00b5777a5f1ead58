/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The 5.10 family's description of the host: one mitigation state per
 * vulnerability, and whether every CPU implements SSBS.
 *
 * mirrors (names and values): torvalds/linux
 * arch/arm64/include/asm/spectre.h (enum mitigation_state,
 * arm64_get_spectre_*_state()) and arch/arm64/include/asm/cpufeature.h
 * (cpus_have_final_cap()) at v6.15.
 *
 * The host is that of the VM whose firmware registers are being accessed
 * on the calling thread (virtref/context.h); outside such an access
 * WARN_ON() fires and the host reads as vulnerable, without SSBS.
 */
#ifndef VIRTREF_ARM_SPECTRE_H
#define VIRTREF_ARM_SPECTRE_H

#include <stdbool.h>
#include <virtref/api.h>

enum mitigation_state {
	SPECTRE_UNAFFECTED,
	SPECTRE_MITIGATED,
	SPECTRE_VULNERABLE,
};

/**
 * arm64_get_spectre_v2_state() - the host's Spectre v2 state
 *
 * Return: its enum mitigation_state.
 */
VR_API enum mitigation_state arm64_get_spectre_v2_state(void);

/**
 * arm64_get_spectre_v4_state() - the host's Spectre v4 (SSB) state
 *
 * Return: its enum mitigation_state.
 */
VR_API enum mitigation_state arm64_get_spectre_v4_state(void);

/**
 * arm64_get_spectre_bhb_state() - the host's Spectre-BHB state
 *
 * Return: its enum mitigation_state.
 */
VR_API enum mitigation_state arm64_get_spectre_bhb_state(void);

/* The one CPU capability the firmware registers ask about. */
#define ARM64_SSBS 0

/**
 * cpus_have_final_cap() - whether every CPU of the host has a capability
 * @num: ARM64_SSBS
 *
 * Return: true when they all have it; false for another @num.
 */
VR_API bool cpus_have_final_cap(int num);

#endif
