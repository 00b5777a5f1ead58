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

#include <virtref/linux/types.h>

#define PSCI_VERSION(maj, min) ((((u32)(maj)) << 16) | ((u32)(min)&0xffff))
#define KVM_ARM_PSCI_0_1 PSCI_VERSION(0, 1)
#define KVM_ARM_PSCI_0_2 PSCI_VERSION(0, 2)
#define KVM_ARM_PSCI_1_0 PSCI_VERSION(1, 0)
#define KVM_ARM_PSCI_1_1 PSCI_VERSION(1, 1) /* 5.18 */
#define KVM_ARM_PSCI_1_2 PSCI_VERSION(1, 2) /* 6.13 */
#define KVM_ARM_PSCI_1_3 PSCI_VERSION(1, 3) /* 6.13 */

#endif
