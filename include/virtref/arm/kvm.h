/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The user-space ABI of KVM/arm64's firmware pseudo-registers, as the
 * kernel's uapi headers spell it.  The PSCI versions and the SMCCC ids
 * that give the values their meaning are in <virtref/arm/arm_psci.h> and
 * <virtref/arm/arm-smccc.h>.
 *
 * mirrors (names and values, not text), torvalds/linux at v6.15:
 *   arch/arm64/include/uapi/asm/kvm.h     KVM_REG_ARM_FW*, the workaround
 *                                         levels, the bitmap registers,
 *                                         KVM_ARM_VCPU_PSCI_0_2
 *   include/uapi/linux/kvm.h              KVM_REG_* size/arch fields,
 *                                         struct kvm_one_reg
 *
 * A ONE_REG id:
 *
 *   63      56 55  52 51          32 31            16 15            0
 *  +----------+------+--------------+----------------+---------------+
 *  | arch     | size |     0        | coproc group   | index         |
 *  | 0x60     | 3=u64|              | 0x0014 FW      | 0 PSCI        |
 *  |          |      |              | 0x0016 BMAP    | 1..3 WA1..WA3 |
 *  +----------+------+--------------+----------------+---------------+
 *
 * Firmware registers are always 64-bit: KVM_REG_ARM_FW_REG(1) is
 * 0x6030000000140001.
 */
#ifndef VIRTREF_ARM_KVM_H
#define VIRTREF_ARM_KVM_H

#include <virtref/linux/types.h>

/* The uapi spelling; C11 allows repeating a typedef of the same type. */
typedef u64 __u64;
typedef u32 __u32;

/* include/uapi/linux/kvm.h */
#define KVM_REG_ARCH_MASK 0xff00000000000000ULL
#define KVM_REG_ARM64 0x6000000000000000ULL
#define KVM_REG_ARM 0x4000000000000000ULL /* 32-bit hosts, gone in 5.7 */
#define KVM_REG_SIZE_SHIFT 52
#define KVM_REG_SIZE_MASK 0x00f0000000000000ULL
#define KVM_REG_SIZE_U8 0x0000000000000000ULL
#define KVM_REG_SIZE_U16 0x0010000000000000ULL
#define KVM_REG_SIZE_U32 0x0020000000000000ULL
#define KVM_REG_SIZE_U64 0x0030000000000000ULL
#define KVM_REG_SIZE_U128 0x0040000000000000ULL
#define KVM_REG_SIZE_U256 0x0050000000000000ULL
#define KVM_REG_SIZE_U512 0x0060000000000000ULL
#define KVM_REG_SIZE_U1024 0x0070000000000000ULL
#define KVM_REG_SIZE_U2048 0x0080000000000000ULL
/* Bytes an id claims: 1 << size field, so up to 2^15 for field 15. */
#define KVM_REG_SIZE(id) (1U << (unsigned)(((id)&KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT))

struct kvm_one_reg {
	__u64 id;
	__u64 addr; /* user pointer to the value, cast to u64 */
};

/* arch/arm64/include/uapi/asm/kvm.h */
#define KVM_REG_ARM_COPROC_MASK 0x000000000FFF0000ULL
#define KVM_REG_ARM_COPROC_SHIFT 16

#define KVM_REG_ARM_FW (0x0014 << KVM_REG_ARM_COPROC_SHIFT)
#define KVM_REG_ARM_FW_REG(r) (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_FW | ((r)&0xffff))
#define KVM_REG_ARM_PSCI_VERSION KVM_REG_ARM_FW_REG(0)

#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1 KVM_REG_ARM_FW_REG(1)
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL 0
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL 1
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED 2

#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 KVM_REG_ARM_FW_REG(2)
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL 0
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_UNKNOWN 1
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL 2
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED 3
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED (1U << 4)

/* Spectre-BHB, 5.17 (2022); arm64 only. */
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3 KVM_REG_ARM_FW_REG(3)
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_AVAIL 0
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_AVAIL 1
#define KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_REQUIRED 2

/* The SMCCC feature bitmap registers, 6.0. */
#define KVM_REG_ARM_FW_FEAT_BMAP (0x0016 << KVM_REG_ARM_COPROC_SHIFT)
#define KVM_REG_ARM_FW_FEAT_BMAP_REG(r)                                                            \
	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_FW_FEAT_BMAP | ((r)&0xffff))

#define KVM_REG_ARM_STD_BMAP KVM_REG_ARM_FW_FEAT_BMAP_REG(0)
#define KVM_REG_ARM_STD_BIT_TRNG_V1_0 0
#define KVM_REG_ARM_STD_BMAP_BIT_COUNT 1

#define KVM_REG_ARM_STD_HYP_BMAP KVM_REG_ARM_FW_FEAT_BMAP_REG(1)
#define KVM_REG_ARM_STD_HYP_BIT_PV_TIME 0
#define KVM_REG_ARM_STD_HYP_BMAP_BIT_COUNT 1

/* Vendor hypervisor service calls 0-63. */
#define KVM_REG_ARM_VENDOR_HYP_BMAP KVM_REG_ARM_FW_FEAT_BMAP_REG(2)
#define KVM_REG_ARM_VENDOR_HYP_BIT_FUNC_FEAT 0
#define KVM_REG_ARM_VENDOR_HYP_BIT_PTP 1
#define KVM_REG_ARM_VENDOR_HYP_BMAP_BIT_COUNT 2

/* Vendor hypervisor service calls 64-127, 6.15; reset to 0. */
#define KVM_REG_ARM_VENDOR_HYP_BMAP_2 KVM_REG_ARM_FW_FEAT_BMAP_REG(3)
#define KVM_REG_ARM_VENDOR_HYP_BIT_DISCOVER_IMPL_VER 0
#define KVM_REG_ARM_VENDOR_HYP_BIT_DISCOVER_IMPL_CPUS 1
#define KVM_REG_ARM_VENDOR_HYP_BMAP_2_BIT_COUNT 2

/* vCPU features (KVM_ARM_VCPU_INIT), bit numbers. */
#define KVM_ARM_VCPU_PSCI_0_2 2

#endif
