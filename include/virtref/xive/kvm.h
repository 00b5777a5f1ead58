/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The user-space ABI of the KVM XIVE native device: the device type,
 * the capability that connects a vCPU, the attribute groups and their
 * payloads, the VP state one-reg and the mmap offsets of the device fd.
 *
 * mirrors: torvalds/linux arch/powerpc/include/uapi/asm/kvm.h
 *          (KVM_DEV_XIVE_*, KVM_XIVE_*, struct kvm_ppc_xive_eq,
 *          KVM_REG_PPC_VP_STATE) and include/uapi/linux/kvm.h
 *          (struct kvm_device_attr, struct kvm_create_device,
 *          struct kvm_enable_cap, struct kvm_one_reg,
 *          KVM_DEV_TYPE_XIVE, KVM_CAP_PPC_IRQ_XIVE), at v6.15;
 *          Documentation/virt/kvm/devices/xive.rst.
 */
#ifndef VIRTREF_XIVE_KVM_H
#define VIRTREF_XIVE_KVM_H

#include <virtref/linux/types.h>

/* include/uapi/linux/kvm.h */
#define KVM_DEV_TYPE_XICS 3
#define KVM_DEV_TYPE_XIVE 9
#define KVM_CAP_PPC_IRQ_XIVE 169
#define KVM_CREATE_DEVICE_TEST 1

struct kvm_device_attr {
	__u32 flags; /* no flags currently defined */
	__u32 group;
	__u64 attr;
	__u64 addr; /* user address of the payload */
};

struct kvm_create_device {
	__u32 type;
	__u32 fd;
	__u32 flags;
};

struct kvm_enable_cap {
	__u32 cap;
	__u32 flags;
	__u64 args[4];
	__u8 pad[64];
};

struct kvm_one_reg {
	__u64 id;
	__u64 addr;
};

/* KVM_IRQ_LINE levels of the PowerPC interrupt controllers */
#define KVM_INTERRUPT_SET -1U
#define KVM_INTERRUPT_UNSET -2U
#define KVM_INTERRUPT_SET_LEVEL -3U

/* arch/powerpc/include/uapi/asm/kvm.h */
#define KVM_REG_PPC 0x1000000000000000ULL
#define KVM_REG_SIZE_U128 0x0040000000000000ULL
#define KVM_REG_PPC_VP_STATE (KVM_REG_PPC | KVM_REG_SIZE_U128 | 0x8d)

#define KVM_DEV_XIVE_GRP_CTRL 1
#define KVM_DEV_XIVE_RESET 1
#define KVM_DEV_XIVE_EQ_SYNC 2
#define KVM_DEV_XIVE_NR_SERVERS 3
#define KVM_DEV_XIVE_GRP_SOURCE 2	 /* 64-bit source identifier */
#define KVM_DEV_XIVE_GRP_SOURCE_CONFIG 3 /* 64-bit source identifier */
#define KVM_DEV_XIVE_GRP_EQ_CONFIG 4	 /* 64-bit EQ identifier */
#define KVM_DEV_XIVE_GRP_SOURCE_SYNC 5	 /* 64-bit source identifier */

/* Layout of 64-bit XIVE source attribute values */
#define KVM_XIVE_LEVEL_SENSITIVE (1ULL << 0)
#define KVM_XIVE_LEVEL_ASSERTED (1ULL << 1)

/* Layout of 64-bit XIVE source configuration attribute values */
#define KVM_XIVE_SOURCE_PRIORITY_SHIFT 0
#define KVM_XIVE_SOURCE_PRIORITY_MASK 0x7
#define KVM_XIVE_SOURCE_SERVER_SHIFT 3
#define KVM_XIVE_SOURCE_SERVER_MASK 0xfffffff8ULL
#define KVM_XIVE_SOURCE_MASKED_SHIFT 32
#define KVM_XIVE_SOURCE_MASKED_MASK 0x100000000ULL
#define KVM_XIVE_SOURCE_EISN_SHIFT 33
#define KVM_XIVE_SOURCE_EISN_MASK 0xfffffffe00000000ULL

/* Layout of 64-bit EQ identifier */
#define KVM_XIVE_EQ_PRIORITY_SHIFT 0
#define KVM_XIVE_EQ_PRIORITY_MASK 0x7
#define KVM_XIVE_EQ_SERVER_SHIFT 3
#define KVM_XIVE_EQ_SERVER_MASK 0xfffffff8ULL

/* Layout of EQ configuration values (64 bytes) */
struct kvm_ppc_xive_eq {
	__u32 flags;
	__u32 qshift;
	__u64 qaddr;
	__u32 qtoggle;
	__u32 qindex;
	__u8 pad[40];
};

#define KVM_XIVE_EQ_ALWAYS_NOTIFY 0x00000001

/* mmap page offsets of the device fd */
#define KVM_XIVE_TIMA_PAGE_OFFSET 0
#define KVM_XIVE_ESB_PAGE_OFFSET 4

#endif
