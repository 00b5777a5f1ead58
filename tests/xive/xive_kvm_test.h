/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Helpers for the KVM XIVE device suites: a VM with its device fd, user
 * memory for the ioctls' payloads at UBUF, guest memory for queues at
 * GRAM, and one-line wrappers of the ioctls.
 */
#ifndef VIRTREF_TESTS_XIVE_KVM_TEST_H
#define VIRTREF_TESTS_XIVE_KVM_TEST_H

#include <virtref/linux/mm.h>
#include <virtref/xive/kvm.h>
#include "xive_test.h"

#define UBUF 0x10000ull	  /* user memory: 64 KiB */
#define UBAD 0x900000ull  /* no user memory here */
#define GRAM 0x1000000ull /* guest memory: 1 MiB */
#define EQ_ADDR(n) (GRAM + ((u64)(n) << 16))

static inline struct vr_xive *kvm_vm_cfg(const struct vr_xive_config *cfg, int *fd)
{
	struct vr_xive *x = NULL;

	ck_assert_int_eq(vr_xive_create(cfg, &x), 0);
	ck_assert_int_eq(vr_mem_add(vr_xive_user_mem(x), UBUF, 0x10000), 0);
	ck_assert_int_eq(vr_mem_add(vr_xive_guest_mem(x), GRAM, 0x100000), 0);
	ck_assert_int_eq(vr_xive_kvm_create_device(x, KVM_DEV_TYPE_XIVE, fd), 0);
	return x;
}

static inline struct vr_xive *kvm_vm(enum vr_xive_profile p, unsigned int vcpus, int *fd)
{
	struct vr_xive_config cfg;

	vr_xive_config_default(&cfg);
	cfg.profile = p;
	cfg.nr_vcpus = vcpus;
	return kvm_vm_cfg(&cfg, fd);
}

/* A u64 payload at UBUF + @off, as user space writes it. */
static inline u64 upay(struct vr_xive *x, u64 off, u64 v)
{
	ck_assert_int_eq(vr_mem_write(vr_xive_user_mem(x), UBUF + off, &v, sizeof(v)), 0);
	return UBUF + off;
}

/* A u32 payload, as KVM_DEV_XIVE_NR_SERVERS takes (kvmppc_xive_set_nr_servers()). */
static inline u64 upay32(struct vr_xive *x, u64 off, u32 v)
{
	ck_assert_int_eq(vr_mem_write(vr_xive_user_mem(x), UBUF + off, &v, sizeof(v)), 0);
	return UBUF + off;
}

static inline u64 uget(struct vr_xive *x, u64 off)
{
	u64 v;

	ck_assert_int_eq(vr_mem_read(vr_xive_user_mem(x), UBUF + off, &v, sizeof(v)), 0);
	return v;
}

static inline int set_attr(struct vr_xive *x, int fd, u32 group, u64 attr, u64 addr)
{
	return vr_xive_kvm_attr(x, VR_XIVE_SET_ATTR, fd, group, attr, addr);
}

static inline int connect(struct vr_xive *x, int fd, unsigned int vcpu, u32 server)
{
	return vr_xive_kvm_enable_cap(x, vcpu, KVM_CAP_PPC_IRQ_XIVE, (u64)fd, server);
}

/* KVM_DEV_XIVE_GRP_SOURCE of @irq with the init value @v. */
static inline int source_init(struct vr_xive *x, int fd, u64 irq, u64 v)
{
	return set_attr(x, fd, KVM_DEV_XIVE_GRP_SOURCE, irq, upay(x, 0x100, v));
}

static inline u64 source_cfg(u32 server, u8 prio, bool masked, u32 eisn)
{
	return (u64)prio | (u64)server << KVM_XIVE_SOURCE_SERVER_SHIFT |
	       (u64)masked << KVM_XIVE_SOURCE_MASKED_SHIFT |
	       (u64)eisn << KVM_XIVE_SOURCE_EISN_SHIFT;
}

static inline int source_config(struct vr_xive *x, int fd, u64 irq, u64 cfg)
{
	return set_attr(x, fd, KVM_DEV_XIVE_GRP_SOURCE_CONFIG, irq, upay(x, 0x100, cfg));
}

static inline u64 eq_id(u32 server, u8 prio)
{
	return (u64)server << KVM_XIVE_EQ_SERVER_SHIFT | prio;
}

static inline int eq_set(struct vr_xive *x, int fd, u64 id, u32 flags, u32 qshift, u64 qaddr,
			 u32 qtoggle, u32 qindex)
{
	struct kvm_ppc_xive_eq eq = {
		.flags = flags,
		.qshift = qshift,
		.qaddr = qaddr,
		.qtoggle = qtoggle,
		.qindex = qindex,
	};

	ck_assert_int_eq(vr_mem_write(vr_xive_user_mem(x), UBUF + 0x200, &eq, sizeof(eq)), 0);
	return set_attr(x, fd, KVM_DEV_XIVE_GRP_EQ_CONFIG, id, UBUF + 0x200);
}

/* A fresh 64 KiB queue for (@server, @prio) at EQ_ADDR(@n). */
static inline void eq_fresh(struct vr_xive *x, int fd, u32 server, u8 prio, unsigned int n)
{
	ck_assert_int_eq(
		eq_set(x, fd, eq_id(server, prio), KVM_XIVE_EQ_ALWAYS_NOTIFY, 16, EQ_ADDR(n), 1, 0),
		0);
}

static inline int eq_get(struct vr_xive *x, int fd, u64 id, struct kvm_ppc_xive_eq *eq)
{
	int ret;

	memset(eq, 0xa5, sizeof(*eq));
	ck_assert_int_eq(vr_mem_write(vr_xive_user_mem(x), UBUF + 0x300, eq, sizeof(*eq)), 0);
	ret = vr_xive_kvm_attr(x, VR_XIVE_GET_ATTR, fd, KVM_DEV_XIVE_GRP_EQ_CONFIG, id,
			       UBUF + 0x300);
	ck_assert_int_eq(vr_mem_read(vr_xive_user_mem(x), UBUF + 0x300, eq, sizeof(*eq)), 0);
	return ret;
}

/* The invariants fail, and say @what. */
static inline void xive_fails(struct vr_xive *x, const char *what)
{
	struct vr_text why = VR_TEXT_INIT;

	ck_assert_int_eq(vr_xive_invariants(x, &why), 1);
	assert_has(&why, what);
	vr_text_free(&why);
}

/* References the device holds on the guest page at @gpa. */
static inline u32 page_refs(struct vr_xive *x, u64 gpa)
{
	return vr_mem_pin_count(vr_xive_guest_mem(x), gpa >> 12);
}

#endif
