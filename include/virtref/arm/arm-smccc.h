/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The SMC Calling Convention's function ids and return codes that the
 * workaround registers answer for (Arm DEN0028, "SMC Calling
 * Convention": SMCCC_ARCH_FEATURES and ARCH_WORKAROUND_1/2/3).
 *
 * mirrors (names and values, not text): torvalds/linux
 * include/linux/arm-smccc.h at v6.15.
 */
#ifndef VIRTREF_ARM_ARM_SMCCC_H
#define VIRTREF_ARM_ARM_SMCCC_H

#define ARM_SMCCC_VERSION_FUNC_ID 0x80000000U
#define ARM_SMCCC_ARCH_FEATURES_FUNC_ID 0x80000001U
#define ARM_SMCCC_ARCH_WORKAROUND_1 0x80008000U
#define ARM_SMCCC_ARCH_WORKAROUND_2 0x80007fffU
#define ARM_SMCCC_ARCH_WORKAROUND_3 0x80003fffU
#define SMCCC_RET_SUCCESS 0
#define SMCCC_RET_NOT_SUPPORTED (-1)
#define SMCCC_RET_NOT_REQUIRED (-2)
#define SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED 1

#endif
