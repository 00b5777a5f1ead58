/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The PSCI versions KVM implements, the values of the PSCI_VERSION
 * firmware register.
 *
 * mirrors (names and values, not text), torvalds/linux at v6.15:
 *   include/uapi/linux/psci.h   the version encoding (major << 16 | minor)
 *   include/kvm/arm_psci.h      KVM_ARM_PSCI_*
 */
#ifndef VIRTREF_ARM_ARM_PSCI_H
#define VIRTREF_ARM_ARM_PSCI_H

#include <virtref/arm/kvm_host.h>
#include <virtref/linux/types.h>

#define PSCI_VERSION(maj, min) ((((u32)(maj)) << 16) | ((u32)(min)&0xffff))
#define KVM_ARM_PSCI_0_1 PSCI_VERSION(0, 1)
#define KVM_ARM_PSCI_0_2 PSCI_VERSION(0, 2)
#define KVM_ARM_PSCI_1_0 PSCI_VERSION(1, 0)
#define KVM_ARM_PSCI_1_1 PSCI_VERSION(1, 1) /* 5.18 */
#define KVM_ARM_PSCI_1_2 PSCI_VERSION(1, 2) /* 6.13 */
#define KVM_ARM_PSCI_1_3 PSCI_VERSION(1, 3) /* 6.13 */

/**
 * vr_kvm_psci_version() - what kvm_psci_version() expands to
 * @vcpu: the vCPU
 *
 * A vCPU created with KVM_ARM_VCPU_PSCI_0_2 follows the version user
 * space stored for the VM, or the newest one its kernel implements.
 *
 * Return: the version, KVM_ARM_PSCI_0_1 without PSCI_0_2.
 */
static inline u32 vr_kvm_psci_version(const struct kvm_vcpu *vcpu)
{
	if (vcpu_has_feature(vcpu, KVM_ARM_VCPU_PSCI_0_2)) {
		if (vcpu->kvm->arch.psci_version)
			return vcpu->kvm->arch.psci_version;
		return vr_arm_psci_latest(vcpu->kvm);
	}
	return KVM_ARM_PSCI_0_1;
}

/* kvm_psci_version(vcpu), and kvm_psci_version(vcpu, kvm) as 5.3 had it. */
#define VR_PSCI_FIRST_ARG(a, ...) a
#define kvm_psci_version(...) vr_kvm_psci_version(VR_PSCI_FIRST_ARG(__VA_ARGS__, 0))

#endif
