/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The host CPU's mitigation state: what its cores and firmware do about
 * Spectre v2 (branch target injection), Spectre v4 (speculative store
 * bypass) and Spectre-BHB, the vulnerabilities the SMC Calling Convention
 * workaround calls address (Arm DEN0028, "SMC Calling Convention",
 * ARCH_WORKAROUND_1/2/3).  Two descriptions exist because the kernel
 * changed how it records the state:
 *
 *   5.3 family   kvm_arm_harden_branch_predictor(), kvm_arm_have_ssbd()
 *                (torvalds/linux arch/arm64/include/asm/kvm_host.h at v5.3)
 *   5.10 family  enum mitigation_state per vulnerability, plus whether
 *                every CPU implements SSBS (torvalds/linux
 *                arch/arm64/include/asm/spectre.h at v5.10)
 *
 * An explicit input: virtref has no global host.  No kernel type here.
 */
#ifndef VIRTREF_ARM_HW_H
#define VIRTREF_ARM_HW_H

#include <stdbool.h>

/* 5.3 family: KVM_BP_HARDEN_* */
enum vr_arm_bp_harden {
	VR_ARM_BP_HARDEN_UNKNOWN,      /* KVM_BP_HARDEN_UNKNOWN */
	VR_ARM_BP_HARDEN_WA_NEEDED,    /* KVM_BP_HARDEN_WA_NEEDED */
	VR_ARM_BP_HARDEN_NOT_REQUIRED, /* KVM_BP_HARDEN_NOT_REQUIRED */
};

/* 5.3 family: KVM_SSBD_* */
enum vr_arm_ssbd {
	VR_ARM_SSBD_UNKNOWN,	   /* KVM_SSBD_UNKNOWN */
	VR_ARM_SSBD_FORCE_DISABLE, /* KVM_SSBD_FORCE_DISABLE */
	VR_ARM_SSBD_KERNEL,	   /* dynamic: the guest toggles it per vCPU */
	VR_ARM_SSBD_FORCE_ENABLE,  /* KVM_SSBD_FORCE_ENABLE */
	VR_ARM_SSBD_MITIGATED,	   /* KVM_SSBD_MITIGATED */
};

/* 5.10 family: enum mitigation_state */
enum vr_arm_spectre {
	VR_ARM_SPECTRE_VULNERABLE,
	VR_ARM_SPECTRE_MITIGATED,
	VR_ARM_SPECTRE_UNAFFECTED,
};

/*
 * A 5.3-family profile (v3, 5.3) reads bp_harden and ssbd; a 5.10+
 * profile reads the three Spectre states and ssbs (SSBS implemented on
 * every CPU; since about 6.13 the kernel asks whether SSBS is advertised
 * to the VM instead).
 */
struct vr_arm_host {
	enum vr_arm_bp_harden bp_harden;
	enum vr_arm_ssbd ssbd;
	enum vr_arm_spectre spectre_v2;
	enum vr_arm_spectre spectre_v4;
	enum vr_arm_spectre spectre_bhb;
	bool ssbs;
};

#endif
