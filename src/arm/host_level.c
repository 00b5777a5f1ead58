// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The host's mitigation state as the kernel reads it.  The kernel files
 * ask kernel-named accessors without naming a VM (the kernel has one
 * host); here the host is that of the VM whose firmware registers the
 * calling thread is accessing, which arm.c names in the context's
 * environment (virtref/context.h) for the length of each access.
 *
 * vri_arm_wa_level() is the model's own statement of the levels, from
 * the same host state and the profile's rules: narration, ARCH_FEATURES
 * and the invariants read it, so that a kernel file's
 * get_kernel_wa_level() is checked against it rather than trusted.
 */
#include <virtref/arm/spectre.h>
#include <virtref/context.h>
#include "arm_internal.h"

const struct vr_env_ops vri_arm_env;

/* The host of the VM being accessed; NULL (and WARN_ON()) outside an access. */
static const struct vr_arm_host *current_host(void)
{
	const struct vr_context *ctx = vr_context_current();

	if (WARN_ON(ctx->env != &vri_arm_env || !ctx->env_data))
		return NULL;
	return &vri_arm_of(ctx->env_data)->host;
}

int kvm_arm_harden_branch_predictor(void)
{
	const struct vr_arm_host *h = current_host();

	switch (h ? h->bp_harden : VR_ARM_BP_HARDEN_UNKNOWN) {
	case VR_ARM_BP_HARDEN_WA_NEEDED:
		return KVM_BP_HARDEN_WA_NEEDED;
	case VR_ARM_BP_HARDEN_NOT_REQUIRED:
		return KVM_BP_HARDEN_NOT_REQUIRED;
	case VR_ARM_BP_HARDEN_UNKNOWN:
		break;
	}
	return KVM_BP_HARDEN_UNKNOWN;
}

int kvm_arm_have_ssbd(void)
{
	const struct vr_arm_host *h = current_host();

	switch (h ? h->ssbd : VR_ARM_SSBD_UNKNOWN) {
	case VR_ARM_SSBD_FORCE_DISABLE:
		return KVM_SSBD_FORCE_DISABLE;
	case VR_ARM_SSBD_KERNEL:
		return KVM_SSBD_KERNEL;
	case VR_ARM_SSBD_FORCE_ENABLE:
		return KVM_SSBD_FORCE_ENABLE;
	case VR_ARM_SSBD_MITIGATED:
		return KVM_SSBD_MITIGATED;
	case VR_ARM_SSBD_UNKNOWN:
		break;
	}
	return KVM_SSBD_UNKNOWN;
}

static enum mitigation_state mitigation(enum vr_arm_spectre s)
{
	switch (s) {
	case VR_ARM_SPECTRE_MITIGATED:
		return SPECTRE_MITIGATED;
	case VR_ARM_SPECTRE_UNAFFECTED:
		return SPECTRE_UNAFFECTED;
	case VR_ARM_SPECTRE_VULNERABLE:
		break;
	}
	return SPECTRE_VULNERABLE;
}

enum mitigation_state arm64_get_spectre_v2_state(void)
{
	const struct vr_arm_host *h = current_host();

	return mitigation(h ? h->spectre_v2 : VR_ARM_SPECTRE_VULNERABLE);
}

enum mitigation_state arm64_get_spectre_v4_state(void)
{
	const struct vr_arm_host *h = current_host();

	return mitigation(h ? h->spectre_v4 : VR_ARM_SPECTRE_VULNERABLE);
}

enum mitigation_state arm64_get_spectre_bhb_state(void)
{
	const struct vr_arm_host *h = current_host();

	return mitigation(h ? h->spectre_bhb : VR_ARM_SPECTRE_VULNERABLE);
}

bool cpus_have_final_cap(int num)
{
	const struct vr_arm_host *h = current_host();

	return num == ARM64_SSBS && h && h->ssbs;
}

/* 5.3 family: KVM_BP_HARDEN_* and KVM_SSBD_* as levels. */
static int level_53(const struct vr_arm_host *h, u64 regid)
{
	switch (regid) {
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		switch (h->bp_harden) {
		case VR_ARM_BP_HARDEN_WA_NEEDED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL;
		case VR_ARM_BP_HARDEN_NOT_REQUIRED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED;
		case VR_ARM_BP_HARDEN_UNKNOWN:
			break;
		}
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		switch (h->ssbd) {
		case VR_ARM_SSBD_FORCE_DISABLE:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL;
		case VR_ARM_SSBD_KERNEL:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL;
		case VR_ARM_SSBD_FORCE_ENABLE:
		case VR_ARM_SSBD_MITIGATED:
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED;
		case VR_ARM_SSBD_UNKNOWN:
			break;
		}
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_UNKNOWN;
	}
	return -EINVAL;
}

/* WA1 and WA3 share their numbering: 0 NOT_AVAIL, 1 AVAIL, 2 NOT_REQUIRED. */
static int spectre_level(enum vr_arm_spectre s)
{
	switch (s) {
	case VR_ARM_SPECTRE_MITIGATED:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL;
	case VR_ARM_SPECTRE_UNAFFECTED:
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED;
	case VR_ARM_SPECTRE_VULNERABLE:
		break;
	}
	return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL;
}

/* 5.10 family: WA2 mitigated with SSBS everywhere reads NOT_AVAIL; never 1 or 2. */
static int level_510(const struct vr_arm_host *h, bool has_wa3, u64 regid)
{
	switch (regid) {
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		return spectre_level(h->spectre_v2);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		if (h->spectre_v4 == VR_ARM_SPECTRE_UNAFFECTED ||
		    (h->spectre_v4 == VR_ARM_SPECTRE_MITIGATED && !h->ssbs))
			return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED;
		return KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		return has_wa3 ? spectre_level(h->spectre_bhb) : -EINVAL;
	}
	return -EINVAL;
}

int vri_arm_wa_level(const struct kvm *kvm, u64 regid)
{
	const struct vr_arm *arm = vri_arm_of(kvm);

	if (arm->prof->host_53)
		return level_53(&arm->host, regid);
	return level_510(&arm->host, arm->prof->has_wa3, regid);
}
