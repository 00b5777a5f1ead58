/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The KVM XIVE native device as user space sees it on mainline
 * (torvalds/linux arch/powerpc/kvm/book3s_xive_native.c, book3s_xive.c,
 * Documentation/virt/kvm/devices/xive.rst): create, connect, every
 * attribute group with every errno in the kernel's order, the VP state,
 * the mmap layout and its faults, KVM_IRQ_LINE and release.  The
 * model's host hands out hardware IPIs from 1 up, so the first source
 * set up is backed by hardware source 1.
 */
#include <virtref/alloc.h>
#include <virtref/warn.h>
#include <virtref/xive/book3s_xive.h>
#include "xive_kvm_test.h"

#define MAINLINE VR_XIVE_PROFILE_MAINLINE

START_TEST(test_create)
{
	struct vr_xive *x;
	int fd, fd2 = -1;

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(fd, 3);
	/* One XIVE device per VM. */
	ck_assert_int_eq(vr_xive_kvm_create_device(x, KVM_DEV_TYPE_XIVE, &fd2), -EEXIST);
	ck_assert_int_eq(vr_xive_kvm_create_device(x, KVM_DEV_TYPE_XICS, &fd2), -ENODEV);
	ck_assert_int_eq(fd2, -1);
	/* Closed, it can be created again: the state is recycled, zeroed. */
	ck_assert_int_eq(vr_xive_kvm_close(x, fd), 0);
	ck_assert_int_eq(vr_xive_kvm_close(x, fd), -EBADF);
	ck_assert_int_eq(vr_xive_kvm_create_device(x, KVM_DEV_TYPE_XIVE, &fd2), 0);
	ck_assert_int_eq(fd2, 3);
	ck_assert_int_eq(connect(x, fd2, 0, 0), 0);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_create_alloc_failure)
{
	struct vr_xive_config cfg;
	struct vr_xive *x = NULL;
	int fd = -1;

	vr_xive_config_default(&cfg);
	ck_assert_int_eq(vr_xive_create(&cfg, &x), 0);
	/* The device, then the VM's struct kvmppc_xive. */
	vr_alloc_fail_nth(1);
	ck_assert_int_eq(vr_xive_kvm_create_device(x, KVM_DEV_TYPE_XIVE, &fd), -ENOMEM);
	vr_alloc_fail_nth(2);
	ck_assert_int_eq(vr_xive_kvm_create_device(x, KVM_DEV_TYPE_XIVE, &fd), -ENOMEM);
	vr_alloc_fail_nth(0);
	ck_assert_int_eq(fd, -1);
	ck_assert_int_eq(vr_xive_kvm_create_device(x, KVM_DEV_TYPE_XIVE, &fd), 0);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_connect_errnos)
{
	struct vr_xive *x;
	int fd;

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(vr_xive_kvm_enable_cap(x, 0, 168, (u64)fd, 0), -EINVAL);
	ck_assert_int_eq(vr_xive_kvm_enable_cap(x, 2, KVM_CAP_PPC_IRQ_XIVE, (u64)fd, 0), -EINVAL);
	ck_assert_int_eq(connect(x, 7, 0, 0), -EBADF);
	/* nr_servers defaults to KVM_MAX_VCPUS (8). */
	ck_assert_int_eq(connect(x, fd, 0, 8), -EINVAL);
	ck_assert_int_eq(connect(x, fd, 0, 0), 0);
	ck_assert_int_eq(connect(x, fd, 0, 1), -EBUSY);
	ck_assert_int_eq(connect(x, fd, 1, 0), -EEXIST);
	/* Server 5 is inside the VP block, but the machine has two VPs: firmware refuses. */
	ck_assert_int_eq(connect(x, fd, 1, 5), -EIO);
	vr_alloc_fail_nth(1);
	ck_assert_int_eq(connect(x, fd, 1, 1), -ENOMEM);
	vr_alloc_fail_nth(0);
	/* Every failure undid the partial connection. */
	ck_assert_int_eq(connect(x, fd, 1, 1), 0);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_connect_wrong_device)
{
	struct kvm_device_ops other = { .name = "kvm-xics" };
	struct kvm kvm_a = { 0 }, kvm_b = { 0 };
	struct kvm_vcpu vcpu = { .kvm = &kvm_b };
	struct kvmppc_xive xive = { .kvm = &kvm_a };
	struct kvm_device dev = { .ops = &other, .kvm = &kvm_a, .private = &xive };

	/* Another device type, then a device of another VM. */
	ck_assert_int_eq(kvmppc_xive_native_connect_vcpu(&dev, &vcpu, 0), -EPERM);
	dev.ops = &kvm_xive_native_ops;
	ck_assert_int_eq(kvmppc_xive_native_connect_vcpu(&dev, &vcpu, 0), -EPERM);
	/* The same VM with a presenter already there. */
	vcpu.kvm = &kvm_a;
	vcpu.arch.irq_type = KVMPPC_IRQ_XICS;
	ck_assert_int_eq(kvmppc_xive_native_connect_vcpu(&dev, &vcpu, 0), -EBUSY);
}
END_TEST

/* The kernel's own answers for a vCPU in each state, called directly. */
START_TEST(test_vp_state_kernel_checks)
{
	struct kvm kvm = { 0 };
	struct kvmppc_xive xive = { .kvm = &kvm };
	struct kvmppc_xive_vcpu xc = { .xive = &xive };
	struct kvm_vcpu vcpu = { .kvm = &kvm };
	union kvmppc_one_reg val = { .xive_timaval = { 0x1122334455667788ull, 0 } };

	/* A XICS presenter, or none: not the native device's. */
	vcpu.arch.irq_type = KVMPPC_IRQ_XICS;
	ck_assert_int_eq(kvmppc_xive_native_get_vp(&vcpu, &val), -EPERM);
	ck_assert_int_eq(kvmppc_xive_native_set_vp(&vcpu, &val), -EPERM);
	vcpu.arch.irq_type = KVMPPC_IRQ_XIVE;
	ck_assert_int_eq(kvmppc_xive_native_get_vp(&vcpu, &val), -ENOENT);
	vcpu.arch.xive_vcpu = &xc;
	ck_assert_int_eq(kvmppc_xive_native_set_vp(&vcpu, &val), -ENOENT);
	kvm.arch.xive = &xive;
	/* Pushed: refused, with the kernel's WARN (KVM_RUN never lets it come to this). */
	vcpu.arch.xive_pushed = 1;
	ck_assert_int_eq(kvmppc_xive_native_set_vp(&vcpu, &val), -EBUSY);
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();
	vcpu.arch.xive_pushed = 0;
	ck_assert_int_eq(kvmppc_xive_native_set_vp(&vcpu, &val), 0);
	ck_assert_uint_eq(vcpu.arch.xive_saved_state.w01, 0x1122334455667788ull);
}
END_TEST

START_TEST(test_nr_servers)
{
	struct vr_xive *x;
	int fd;

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_CTRL, KVM_DEV_XIVE_NR_SERVERS, UBAD),
			 -EFAULT);
	ck_assert_int_eq(
		set_attr(x, fd, KVM_DEV_XIVE_GRP_CTRL, KVM_DEV_XIVE_NR_SERVERS, upay32(x, 0, 0)),
		-EINVAL);
	ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_CTRL, KVM_DEV_XIVE_NR_SERVERS,
				  upay32(x, 0, KVM_MAX_VCPU_IDS + 1)),
			 -EINVAL);
	/* A u32 is read: whatever follows it does not count. */
	upay32(x, 4, 0xffffffffu);
	ck_assert_int_eq(
		set_attr(x, fd, KVM_DEV_XIVE_GRP_CTRL, KVM_DEV_XIVE_NR_SERVERS, upay32(x, 0, 1)),
		0);
	ck_assert_int_eq(connect(x, fd, 0, 1), -EINVAL);
	ck_assert_int_eq(connect(x, fd, 0, 0), 0);
	/* The VP block is allocated: its size is fixed. */
	ck_assert_int_eq(
		set_attr(x, fd, KVM_DEV_XIVE_GRP_CTRL, KVM_DEV_XIVE_NR_SERVERS, upay32(x, 0, 2)),
		-EBUSY);
	vr_xive_destroy(x);

	/* Before 5.5 there is no such control. */
	x = kvm_vm(VR_XIVE_PROFILE_5_2, 2, &fd);
	ck_assert_int_eq(
		set_attr(x, fd, KVM_DEV_XIVE_GRP_CTRL, KVM_DEV_XIVE_NR_SERVERS, upay32(x, 0, 1)),
		-ENXIO);
	ck_assert_int_eq(vr_xive_kvm_attr(x, VR_XIVE_HAS_ATTR, fd, KVM_DEV_XIVE_GRP_CTRL,
					  KVM_DEV_XIVE_NR_SERVERS, 0),
			 -ENXIO);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_source_errnos)
{
	struct vr_xive_config cfg;
	struct vr_xive *x;
	int fd;

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(source_init(x, fd, KVMPPC_XIVE_NR_IRQS, 0), -E2BIG);
	ck_assert_int_eq(source_init(x, fd, (u64)-1, 0), -E2BIG);
	/* The block is created before the payload is read, and stays. */
	ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_SOURCE, 0x2005, UBAD), -EFAULT);
	ck_assert_int_eq(source_config(x, fd, 0x2005, source_cfg(0, 6, false, 5)), -EINVAL);
	ck_assert_int_eq(source_config(x, fd, 0x3005, source_cfg(0, 6, false, 5)), -ENOENT);
	vr_alloc_fail_nth(1);
	ck_assert_int_eq(source_init(x, fd, 0x3005, 0), -ENOMEM);
	vr_alloc_fail_nth(0);
	ck_assert_int_eq(source_config(x, fd, 0x3005, source_cfg(0, 6, false, 5)), -ENOENT);
	/* Set up: backed by hardware IPI 1, PQ 01, EAS valid and masked. */
	ck_assert_int_eq(vr_xive_pq(x, 1), 1);
	ck_assert_int_eq(vr_xive_esb_load(x, vr_xive_esb_addr(x, 1, true) + XIVE_ESB_SET_PQ_00, 8,
					  &(u64){ 0 }),
			 0);
	ck_assert_int_eq(source_init(x, fd, 0x2005, 0), 0);
	ck_assert_int_eq(vr_xive_pq(x, 1), 1);
	ck_assert_uint_eq(vr_xive_get_eas(x, 1), VR_XIVE_EAS_VALID | VR_XIVE_EAS_MASKED);
	vr_xive_destroy(x);

	/* A host with one IPI to give: the second source gets none. */
	vr_xive_config_default(&cfg);
	cfg.nr_irqs = 2;
	x = kvm_vm_cfg(&cfg, &fd);
	ck_assert_int_eq(source_init(x, fd, 5, 0), 0);
	ck_assert_int_eq(source_init(x, fd, 6, 0), -ENXIO);
	ck_assert_int_eq(source_config(x, fd, 6, source_cfg(0, 6, false, 6)), -EINVAL);
	ck_assert_int_eq(source_init(x, fd, 5, 0), 0);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_source_config_errnos)
{
	struct vr_xive *x;
	int fd;

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(connect(x, fd, 0, 0), 0);
	ck_assert_int_eq(connect(x, fd, 1, 1), 0);
	ck_assert_int_eq(source_config(x, fd, 5, source_cfg(0, 6, false, 5)), -ENOENT);
	ck_assert_int_eq(source_init(x, fd, 5, 0), 0);
	ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_SOURCE_CONFIG, 5, UBAD), -EFAULT);
	ck_assert_int_eq(source_config(x, fd, 5, source_cfg(0, 7, false, 5)), -EINVAL);
	ck_assert_int_eq(source_config(x, fd, 5, source_cfg(3, 6, false, 5)), -EINVAL);
	/*
	 * No queue anywhere: -EBUSY, after a WARN_ON() in xive_try_pick_queue()
	 * for each try: the requested vCPU, then every vCPU again.
	 */
	ck_assert_int_eq(source_config(x, fd, 5, source_cfg(0, 6, false, 5)), -EBUSY);
	ck_assert_uint_eq(vr_warn_count(), 3);
	vr_warn_reset();
	/* vCPU 0 has no queue 6, vCPU 1 has: silently retargeted. */
	eq_fresh(x, fd, 1, 6, 1);
	ck_assert_int_eq(source_config(x, fd, 5, source_cfg(0, 6, false, 0x55)), 0);
	ck_assert_uint_eq(vr_warn_count(), 2);
	vr_warn_reset();
	ck_assert_uint_eq(vr_xive_get_eas(x, 1), vr_xive_eas(VR_XIVE_END_INDEX(1, 6), 0x55, false));
	/* The upper half of the attr is dropped: 0x1_00000005 is source 5. */
	ck_assert_int_eq(source_config(x, fd, 0x100000005ull, source_cfg(1, 6, true, 0x55)), 0);
	ck_assert_uint_eq(vr_xive_get_eas(x, 1), vr_xive_eas(VR_XIVE_END_INDEX(1, 6), 0x55, false));
	/* A new triple with the masked bit masks (PQ untouched). */
	ck_assert_int_eq(source_config(x, fd, 5, source_cfg(1, 5, true, 0x55)), 0);
	ck_assert_uint_eq(vr_xive_get_eas(x, 1), VR_XIVE_EAS_VALID | VR_XIVE_EAS_MASKED);
	ck_assert_int_eq(vr_xive_pq(x, 1), 1);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

/* KVM allows entries - 2 assignments per queue, then the next vCPU's queue. */
START_TEST(test_queue_assignment_limit)
{
	struct vr_xive_config cfg;
	struct vr_xive *x;
	u32 i, n = 16382;
	int fd;

	vr_xive_config_default(&cfg);
	cfg.nr_irqs = VR_XIVE_MAX_IRQS;
	x = kvm_vm_cfg(&cfg, &fd);
	ck_assert_int_eq(connect(x, fd, 0, 0), 0);
	ck_assert_int_eq(connect(x, fd, 1, 1), 0);
	eq_fresh(x, fd, 0, 6, 0);
	for (i = 1; i <= n + 2; i++)
		ck_assert_int_eq(source_init(x, fd, i, 0), 0);
	for (i = 1; i <= n; i++)
		ck_assert_int_eq(source_config(x, fd, i, source_cfg(0, 6, false, i)), 0);
	/* Queue 6 of vCPU 1 is not configured: WARN_ON() and -EBUSY. */
	ck_assert_int_eq(source_config(x, fd, n + 1, source_cfg(0, 6, false, n + 1)), -EBUSY);
	vr_warn_reset();
	eq_fresh(x, fd, 1, 6, 1);
	ck_assert_int_eq(source_config(x, fd, n + 1, source_cfg(0, 6, false, n + 1)), 0);
	ck_assert_uint_eq(vr_xive_get_eas(x, n + 1),
			  vr_xive_eas(VR_XIVE_END_INDEX(1, 6), n + 1, false));
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_eq_config_errnos)
{
	struct vr_xive *x;
	struct kvm_ppc_xive_eq eq;
	int fd;

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(connect(x, fd, 0, 0), 0);
	ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_EQ_CONFIG, eq_id(0, 6), UBAD), -EFAULT);
	/* The server is looked up before the priority. */
	ck_assert_int_eq(eq_set(x, fd, eq_id(1, 7), 1, 16, EQ_ADDR(0), 1, 0), -ENOENT);
	ck_assert_int_eq(eq_set(x, fd, eq_id(0, 7), 1, 16, EQ_ADDR(0), 1, 0), -EINVAL);
	ck_assert_int_eq(eq_set(x, fd, eq_id(0, 6), 0, 16, EQ_ADDR(0), 1, 0), -EINVAL);
	ck_assert_int_eq(eq_set(x, fd, eq_id(0, 6), 3, 16, EQ_ADDR(0), 1, 0), -EINVAL);
	ck_assert_int_eq(eq_set(x, fd, eq_id(0, 6), 1, 12, EQ_ADDR(0), 1, 0), -EINVAL);
	ck_assert_int_eq(eq_set(x, fd, eq_id(0, 6), 1, 21, EQ_ADDR(0), 1, 0), -EINVAL);
	ck_assert_int_eq(eq_set(x, fd, eq_id(0, 6), 1, 24, EQ_ADDR(0), 1, 0), -EINVAL);
	ck_assert_int_eq(eq_set(x, fd, eq_id(0, 6), 1, 16, EQ_ADDR(0) + 0x1000, 1, 0), -EINVAL);
	ck_assert_int_eq(eq_set(x, fd, eq_id(0, 6), 1, 16, 0x40000000, 1, 0), -EINVAL);
	/* Not configured: get returns 0 and leaves the buffer alone. */
	ck_assert_int_eq(eq_get(x, fd, eq_id(0, 6), &eq), 0);
	ck_assert_uint_eq(eq.flags, 0xa5a5a5a5u);
	ck_assert_int_eq(eq_get(x, fd, eq_id(1, 6), &eq), -ENOENT);
	ck_assert_int_eq(eq_get(x, fd, eq_id(0, 7), &eq), -EINVAL);
	/* Configured: generation 1, index 0; a page reference held. */
	eq_fresh(x, fd, 0, 6, 0);
	ck_assert_uint_eq(page_refs(x, EQ_ADDR(0)), 1);
	ck_assert_int_eq(eq_get(x, fd, eq_id(0, 6), &eq), 0);
	ck_assert_uint_eq(eq.flags, KVM_XIVE_EQ_ALWAYS_NOTIFY);
	ck_assert_uint_eq(eq.qshift, 16);
	ck_assert_uint_eq(eq.qaddr, EQ_ADDR(0));
	ck_assert_uint_eq(eq.qtoggle, 1);
	ck_assert_uint_eq(eq.qindex, 0);
	ck_assert_uint_eq(eq.pad[0], 0);
	ck_assert_int_eq(vr_xive_kvm_attr(x, VR_XIVE_GET_ATTR, fd, KVM_DEV_XIVE_GRP_EQ_CONFIG,
					  eq_id(0, 6), UBAD),
			 -EFAULT);
	/* A restore: toggle and index as saved. */
	ck_assert_int_eq(eq_set(x, fd, eq_id(0, 6), 1, 16, EQ_ADDR(1), 0, 5), 0);
	ck_assert_int_eq(eq_get(x, fd, eq_id(0, 6), &eq), 0);
	ck_assert_uint_eq(eq.qtoggle, 0);
	ck_assert_uint_eq(eq.qindex, 5);
	ck_assert_uint_eq(page_refs(x, EQ_ADDR(0)), 0);
	ck_assert_uint_eq(page_refs(x, EQ_ADDR(1)), 1);
	/* An index beyond the queue: firmware refuses, the queue is gone again. */
	ck_assert_int_eq(eq_set(x, fd, eq_id(0, 6), 1, 16, EQ_ADDR(2), 1, 16384), -EIO);
	ck_assert_uint_eq(page_refs(x, EQ_ADDR(1)), 0);
	ck_assert_uint_eq(page_refs(x, EQ_ADDR(2)), 0);
	ck_assert_int_eq(eq_get(x, fd, eq_id(0, 6), &eq), 0);
	ck_assert_uint_eq(eq.flags, 0xa5a5a5a5u);
	/* qshift 0 resets; flags and address are not looked at. */
	eq_fresh(x, fd, 0, 6, 3);
	ck_assert_int_eq(eq_set(x, fd, eq_id(0, 6), 7, 0, 0x123, 9, 9), 0);
	ck_assert_uint_eq(page_refs(x, EQ_ADDR(3)), 0);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_eq_small_host_pages)
{
	struct vr_xive_config cfg;
	struct vr_xive *x;
	int fd;

	vr_xive_config_default(&cfg);
	cfg.host_page_shift = 12;
	x = kvm_vm_cfg(&cfg, &fd);
	ck_assert_int_eq(connect(x, fd, 0, 0), 0);
	/* A 64 KiB queue on 4 KiB host pages. */
	ck_assert_int_eq(eq_set(x, fd, eq_id(0, 6), 1, 16, EQ_ADDR(0), 1, 0), -EINVAL);
	ck_assert_uint_eq(page_refs(x, EQ_ADDR(0)), 0);
	vr_xive_destroy(x);
}
END_TEST

/* Mainline drops the old page's reference; v2 and 5.2 leak it (fixed Nov 2019). */
START_TEST(test_eq_page_reference_per_profile)
{
	static const enum vr_xive_profile profiles[] = { VR_XIVE_PROFILE_V2, VR_XIVE_PROFILE_5_2,
							 MAINLINE };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		bool fixed = profiles[i] == MAINLINE;
		struct vr_xive *x;
		int fd;

		x = kvm_vm(profiles[i], 2, &fd);
		ck_assert_int_eq(connect(x, fd, 0, 0), 0);
		eq_fresh(x, fd, 0, 6, 0);
		xive_ok(x);
		eq_fresh(x, fd, 0, 6, 1);
		ck_assert_uint_eq(page_refs(x, EQ_ADDR(0)), fixed ? 0 : 1);
		/* Check (d) catches the leak. */
		if (fixed)
			xive_ok(x);
		else
			xive_fails(x,
				   "pages: 2 guest page references held for 1 configured queues: "
				   "1 leaked");
		ck_assert_uint_eq(page_refs(x, EQ_ADDR(1)), 1);
		ck_assert_int_eq(eq_set(x, fd, eq_id(0, 6), 1, 0, 0, 1, 0), 0);
		ck_assert_uint_eq(page_refs(x, EQ_ADDR(1)), fixed ? 0 : 1);
		/* The device reset drops what the queue still holds: nothing here. */
		ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_CTRL, KVM_DEV_XIVE_RESET, 0), 0);
		ck_assert_uint_eq(page_refs(x, EQ_ADDR(1)), fixed ? 0 : 1);
		ck_assert_int_eq(vr_xive_kvm_close(x, fd), 0);
		ck_assert_uint_eq(page_refs(x, EQ_ADDR(0)) + page_refs(x, EQ_ADDR(1)),
				  fixed ? 0 : 2);
		vr_xive_destroy(x);
	}
}
END_TEST

/*
 * kvmppc_xive_native_set_queue_config() takes any guest page, as firmware
 * does: two queues on one page write over each other's entries.  That is
 * what the guest asked for, not an event the device lost.
 */
START_TEST(test_eq_on_a_live_queue_page)
{
	struct vr_xive *x = NULL;
	u32 entry;
	int fd;

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(connect(x, fd, 0, 0), 0);
	ck_assert_int_eq(connect(x, fd, 1, 1), 0);
	eq_fresh(x, fd, 0, 6, 0);
	ck_assert_int_eq(source_init(x, fd, 5, 0), 0);
	ck_assert_int_eq(source_init(x, fd, 6, 0), 0);
	ck_assert_int_eq(source_config(x, fd, 5, source_cfg(0, 6, false, 0x55)), 0);
	/* The backing IPIs 1 and 2 on: PQ 00. */
	esb_mgmt_load(x, 1, XIVE_ESB_SET_PQ_00);
	esb_mgmt_load(x, 2, XIVE_ESB_SET_PQ_00);
	ck_assert_int_eq(vr_xive_kvm_irq_line(x, 5, 1), 0);
	ck_assert_int_eq(vr_mem_read_be32(vr_xive_guest_mem(x), EQ_ADDR(0), &entry), 0);
	ck_assert_uint_eq(entry, 0x80000055);
	/* Server 1's queue 5 on the same page: taken, nobody zeroes it. */
	ck_assert_int_eq(
		eq_set(x, fd, eq_id(1, 5), KVM_XIVE_EQ_ALWAYS_NOTIFY, 16, EQ_ADDR(0), 1, 0), 0);
	ck_assert_uint_eq(page_refs(x, EQ_ADDR(0)), 2);
	ck_assert_int_eq(vr_mem_read_be32(vr_xive_guest_mem(x), EQ_ADDR(0), &entry), 0);
	ck_assert_uint_eq(entry, 0x80000055);
	xive_ok(x);
	/* Its first entry goes where server 0's unread one was. */
	ck_assert_int_eq(source_config(x, fd, 6, source_cfg(1, 5, false, 0x66)), 0);
	ck_assert_int_eq(vr_xive_kvm_irq_line(x, 6, 1), 0);
	ck_assert_int_eq(vr_mem_read_be32(vr_xive_guest_mem(x), EQ_ADDR(0), &entry), 0);
	ck_assert_uint_eq(entry, 0x80000066);
	xive_ok(x);
	/* On a page of its own again, server 0's queue is checked as before. */
	eq_fresh(x, fd, 0, 6, 1);
	xive_ok(x);
	ck_assert_int_eq(vr_mem_write_be32(vr_xive_guest_mem(x), EQ_ADDR(1), 0x80000055), 0);
	xive_fails(x, "EQ prio 6 of vCPU 0: entry 0 reads valid to the guest, but 0 events are "
		      "unread from entry 0 on");
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_ctrl_and_dispatch)
{
	struct vr_xive *x;
	struct kvm_ppc_xive_eq eq;
	int fd;

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(connect(x, fd, 0, 0), 0);
	eq_fresh(x, fd, 0, 6, 0);
	ck_assert_int_eq(source_init(x, fd, 5, 0), 0);
	ck_assert_int_eq(source_config(x, fd, 5, source_cfg(0, 6, false, 5)), 0);
	ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_CTRL, 9, 0), -ENXIO);
	ck_assert_int_eq(set_attr(x, fd, 6, 0, 0), -ENXIO);
	ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_CTRL, KVM_DEV_XIVE_EQ_SYNC, UBAD), 0);
	/* get: EQ_CONFIG only. */
	ck_assert_int_eq(
		vr_xive_kvm_attr(x, VR_XIVE_GET_ATTR, fd, KVM_DEV_XIVE_GRP_SOURCE, 5, UBUF),
		-ENXIO);
	ck_assert_int_eq(vr_xive_kvm_attr(x, VR_XIVE_GET_ATTR, fd, KVM_DEV_XIVE_GRP_CTRL, 1, UBUF),
			 -ENXIO);
	/* has: the table of Documentation/virt/kvm/devices/xive.rst. */
	ck_assert_int_eq(vr_xive_kvm_attr(x, VR_XIVE_HAS_ATTR, fd, KVM_DEV_XIVE_GRP_CTRL, 1, 0), 0);
	ck_assert_int_eq(vr_xive_kvm_attr(x, VR_XIVE_HAS_ATTR, fd, KVM_DEV_XIVE_GRP_CTRL, 2, 0), 0);
	ck_assert_int_eq(vr_xive_kvm_attr(x, VR_XIVE_HAS_ATTR, fd, KVM_DEV_XIVE_GRP_CTRL, 3, 0), 0);
	ck_assert_int_eq(vr_xive_kvm_attr(x, VR_XIVE_HAS_ATTR, fd, KVM_DEV_XIVE_GRP_CTRL, 4, 0),
			 -ENXIO);
	ck_assert_int_eq(
		vr_xive_kvm_attr(x, VR_XIVE_HAS_ATTR, fd, KVM_DEV_XIVE_GRP_SOURCE, 0xfffff, 0), 0);
	ck_assert_int_eq(vr_xive_kvm_attr(x, VR_XIVE_HAS_ATTR, fd, KVM_DEV_XIVE_GRP_SOURCE_CONFIG,
					  0x100000, 0),
			 -ENXIO);
	ck_assert_int_eq(
		vr_xive_kvm_attr(x, VR_XIVE_HAS_ATTR, fd, KVM_DEV_XIVE_GRP_SOURCE_SYNC, (u64)-1, 0),
		-ENXIO);
	ck_assert_int_eq(
		vr_xive_kvm_attr(x, VR_XIVE_HAS_ATTR, fd, KVM_DEV_XIVE_GRP_EQ_CONFIG, (u64)-1, 0),
		0);
	ck_assert_int_eq(vr_xive_kvm_attr(x, VR_XIVE_HAS_ATTR, fd, 0, 0, 0), -ENXIO);
	ck_assert_int_eq(vr_xive_kvm_attr(x, VR_XIVE_NR_ATTR_OPS, fd, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(vr_xive_kvm_attr(x, VR_XIVE_HAS_ATTR, 4, 0, 0, 0), -EBADF);
	/* SOURCE_SYNC */
	ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_SOURCE_SYNC, 0x5000, 0), -ENOENT);
	ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_SOURCE_SYNC, 6, 0), -EINVAL);
	ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_SOURCE_SYNC, 5, UBAD), 0);
	/* RESET: routed sources masked (PQ 01), queues gone, validity kept. */
	ck_assert_int_eq(vr_xive_esb_load(x, vr_xive_esb_addr(x, 1, true) + XIVE_ESB_SET_PQ_00, 8,
					  &(u64){ 0 }),
			 0);
	ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_CTRL, KVM_DEV_XIVE_RESET, UBAD), 0);
	ck_assert_int_eq(vr_xive_pq(x, 1), 1);
	ck_assert_uint_eq(vr_xive_get_eas(x, 1), VR_XIVE_EAS_VALID | VR_XIVE_EAS_MASKED);
	ck_assert_uint_eq(page_refs(x, EQ_ADDR(0)), 0);
	ck_assert_int_eq(eq_get(x, fd, eq_id(0, 6), &eq), 0);
	ck_assert_uint_eq(eq.flags, 0xa5a5a5a5u);
	ck_assert_int_eq(set_attr(x, fd, KVM_DEV_XIVE_GRP_SOURCE_SYNC, 5, 0), 0);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_vp_state)
{
	struct vr_xive *x;
	u8 img[16];
	int fd;

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(vr_xive_kvm_one_reg(x, 0, false, KVM_REG_PPC_VP_STATE, UBUF), -ENXIO);
	ck_assert_int_eq(vr_xive_kvm_one_reg(x, 0, true, KVM_REG_PPC_VP_STATE, UBUF), -ENXIO);
	ck_assert_int_eq(vr_xive_kvm_one_reg(x, 0, false, KVM_REG_PPC_VP_STATE + 1, UBUF), -EINVAL);
	ck_assert_int_eq(vr_xive_kvm_one_reg(x, 2, false, KVM_REG_PPC_VP_STATE, UBUF), -EINVAL);
	ck_assert_int_eq(connect(x, fd, 0, 0), 0);
	/* A new vCPU's image: 00 00 00 00 FF 00 00 00, the second u64 unused. */
	memset(img, 0x5a, sizeof(img));
	ck_assert_int_eq(vr_mem_write(vr_xive_user_mem(x), UBUF, img, 16), 0);
	ck_assert_int_eq(vr_xive_kvm_one_reg(x, 0, false, KVM_REG_PPC_VP_STATE, UBUF), 0);
	ck_assert_int_eq(vr_mem_read(vr_xive_user_mem(x), UBUF, img, 16), 0);
	ck_assert_mem_eq(img, ((u8[16]){ 0, 0, 0, 0, 0xff, 0, 0, 0 }), 16);
	ck_assert_int_eq(vr_xive_kvm_one_reg(x, 0, false, KVM_REG_PPC_VP_STATE, UBAD), -EFAULT);
	ck_assert_int_eq(vr_xive_kvm_one_reg(x, 0, true, KVM_REG_PPC_VP_STATE, UBAD), -EFAULT);
	/* Set stores the first u64 as it is: CPPR 5, IPB 0x04. */
	memcpy(img, ((u8[8]){ 0, 5, 0x04, 0, 0xff, 0, 0, 0xff }), 8);
	ck_assert_int_eq(vr_mem_write(vr_xive_user_mem(x), UBUF, img, 16), 0);
	ck_assert_int_eq(vr_xive_kvm_one_reg(x, 0, true, KVM_REG_PPC_VP_STATE, UBUF), 0);
	memset(img, 0, sizeof(img));
	ck_assert_int_eq(vr_mem_write(vr_xive_user_mem(x), UBUF + 0x40, img, 16), 0);
	ck_assert_int_eq(vr_xive_kvm_one_reg(x, 0, false, KVM_REG_PPC_VP_STATE, UBUF + 0x40), 0);
	ck_assert_int_eq(vr_mem_read(vr_xive_user_mem(x), UBUF + 0x40, img, 8), 0);
	ck_assert_mem_eq(img, ((u8[8]){ 0, 5, 0x04, 0, 0xff, 0, 0, 0xff }), 8);
	/* Running: the ioctl would wait for KVM_RUN; the model says -EBUSY. */
	ck_assert_int_eq(vr_xive_kvm_vcpu_run(x, 0, true), 0);
	ck_assert_int_eq(vr_xive_kvm_vcpu_run(x, 0, true), -EBUSY);
	ck_assert_int_eq(vr_xive_kvm_one_reg(x, 0, true, KVM_REG_PPC_VP_STATE, UBUF), -EBUSY);
	ck_assert_int_eq(vr_xive_kvm_one_reg(x, 0, false, KVM_REG_PPC_VP_STATE, UBUF), -EBUSY);
	ck_assert_int_eq(ring(x, 0, TM_CPPR), 5);
	ck_assert_int_eq(ring(x, 0, TM_IPB), 0x04);
	ck_assert_int_eq(vr_xive_kvm_vcpu_run(x, 0, false), 0);
	ck_assert_int_eq(vr_xive_kvm_vcpu_run(x, 1, true), -ENOENT);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

/* The NVT's backup IPB is merged into the image a GET returns. */
START_TEST(test_vp_state_merges_backup_ipb)
{
	struct vr_xive *x;
	u8 img[8];
	int fd;

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(connect(x, fd, 0, 0), 0);
	eq_fresh(x, fd, 0, 3, 0);
	ck_assert_int_eq(source_init(x, fd, 5, 0), 0);
	ck_assert_int_eq(source_config(x, fd, 5, source_cfg(0, 3, false, 5)), 0);
	/* The guest unmasks it (PQ 00) and a device triggers it: vCPU 0 not running. */
	ck_assert_int_eq(vr_xive_esb_load(x, vr_xive_esb_addr(x, 1, true) + XIVE_ESB_SET_PQ_00, 8,
					  &(u64){ 0 }),
			 0);
	ck_assert_int_eq(vr_xive_kvm_irq_line(x, 5, KVM_INTERRUPT_SET), 0);
	ck_assert_uint_eq(vr_xive_nvt_ipb(x, 0), 0x10);
	ck_assert_int_eq(vr_xive_kvm_one_reg(x, 0, false, KVM_REG_PPC_VP_STATE, UBUF), 0);
	ck_assert_int_eq(vr_mem_read(vr_xive_user_mem(x), UBUF, img, 8), 0);
	ck_assert_mem_eq(img, ((u8[8]){ 0, 0, 0x10, 0, 0xff, 0, 0, 0 }), 8);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_irq_line)
{
	struct vr_xive_config cfg;
	struct vr_xive *x = NULL;
	int fd;

	vr_xive_config_default(&cfg);
	ck_assert_int_eq(vr_xive_create(&cfg, &x), 0);
	ck_assert_int_eq(vr_xive_kvm_irq_line(x, 5, 1), -ENODEV);
	vr_xive_destroy(x);

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(vr_xive_kvm_irq_line(x, 5, 1), -EINVAL);
	ck_assert_int_eq(source_init(x, fd, 5, 0), 0);
	ck_assert_int_eq(source_init(x, fd, 6, KVM_XIVE_LEVEL_SENSITIVE), 0);
	ck_assert_int_eq(vr_xive_kvm_irq_line(x, 7, 1), -EINVAL);
	/* The backing IPIs 1 and 2 on: PQ 00. */
	esb_mgmt_load(x, 1, XIVE_ESB_SET_PQ_00);
	esb_mgmt_load(x, 2, XIVE_ESB_SET_PQ_00);
	/* Level 0 and UNSET only lower the line. */
	ck_assert_int_eq(vr_xive_kvm_irq_line(x, 5, 0), 0);
	ck_assert_int_eq(vr_xive_kvm_irq_line(x, 5, KVM_INTERRUPT_UNSET), 0);
	ck_assert_int_eq(vr_xive_pq(x, 1), 0);
	/* Anything else triggers the backing IPI: PQ 00 -> 10. */
	ck_assert_int_eq(vr_xive_kvm_irq_line(x, 5, 1), 0);
	ck_assert_int_eq(vr_xive_pq(x, 1), 2);
	ck_assert_int_eq(vr_xive_kvm_irq_line(x, 6, KVM_INTERRUPT_SET_LEVEL), 0);
	ck_assert_int_eq(vr_xive_pq(x, 2), 2);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

START_TEST(test_mmap_layout)
{
	struct vr_xive *x;
	u64 tima, esb, v = 0;
	int fd;

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(connect(x, fd, 1, 1), 0);
	ck_assert_int_eq(vr_xive_kvm_vcpu_run(x, 1, true), 0);
	ck_assert_int_eq(vr_xive_kvm_mmap(x, fd, KVM_XIVE_TIMA_PAGE_OFFSET, 5, &tima), -EINVAL);
	ck_assert_int_eq(vr_xive_kvm_mmap(x, fd, 1, 1, &tima), -EINVAL);
	ck_assert_int_eq(vr_xive_kvm_mmap(x, fd, KVM_XIVE_ESB_PAGE_OFFSET,
					  2 * KVMPPC_XIVE_NR_IRQS + 1, &esb),
			 -EINVAL);
	ck_assert_int_eq(vr_xive_kvm_mmap(x, fd, KVM_XIVE_TIMA_PAGE_OFFSET, 0, &tima), -EINVAL);
	ck_assert_int_eq(vr_xive_kvm_mmap(x, 9, KVM_XIVE_TIMA_PAGE_OFFSET, 4, &tima), -EBADF);
	ck_assert_int_eq(vr_xive_kvm_mmap(x, fd, KVM_XIVE_TIMA_PAGE_OFFSET, 4, &tima), 0);
	ck_assert_int_eq(
		vr_xive_kvm_mmap(x, fd, KVM_XIVE_ESB_PAGE_OFFSET, 2 * KVMPPC_XIVE_NR_IRQS, &esb),
		0);
	/* TIMA: pages 0, 1 and 3 are SIGBUS, page 2 the OS page. */
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, tima, 8, false, &v), -EIO);
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, tima + PAGE_SIZE, 8, false, &v), -EIO);
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, tima + 3 * PAGE_SIZE, 8, false, &v), -EIO);
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, tima + 4 * PAGE_SIZE, 8, false, &v),
			 -EFAULT);
	ck_assert_int_eq(
		vr_xive_kvm_user_access(x, 1, tima + 2 * PAGE_SIZE + 0x11, 1, true, &(u64){ 0xff }),
		0);
	ck_assert_int_eq(ring(x, 1, TM_CPPR), 0xff);
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 1, tima + 2 * PAGE_SIZE + TM_SPC_ACK_OS_REG, 2,
						 false, &v),
			 0);
	ck_assert_uint_eq(v, 0x00ff);
	/* ESB: a source not set up is SIGBUS. */
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, esb + 10 * PAGE_SIZE, 8, true, &v), -EIO);
	ck_assert_int_eq(source_init(x, fd, 5, 0), 0);
	/* Source 5: page 10 triggers, page 11 manages (PQ 01 after SOURCE). */
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, esb + 11 * PAGE_SIZE + XIVE_ESB_SET_PQ_00, 8,
						 false, &v),
			 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, esb + 10 * PAGE_SIZE, 8, true, &(u64){ 0 }),
			 0);
	ck_assert_int_eq(
		vr_xive_kvm_user_access(x, 0, esb + 11 * PAGE_SIZE + XIVE_ESB_GET, 8, false, &v),
		0);
	ck_assert_uint_eq(v, 2);
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, esb + 11 * PAGE_SIZE, 4, false, &v),
			 -EINVAL);
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 2, esb, 8, false, &v), -EINVAL);
	ck_assert_int_eq(vr_xive_kvm_munmap(x, esb + PAGE_SIZE), -EINVAL);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

/* The device goes when its fd and every mapping are gone, and takes everything with it. */
START_TEST(test_release)
{
	struct vr_xive *x;
	u64 esb, v;
	int fd, fd2;

	x = kvm_vm(MAINLINE, 2, &fd);
	ck_assert_int_eq(connect(x, fd, 0, 0), 0);
	eq_fresh(x, fd, 0, 6, 0);
	ck_assert_int_eq(source_init(x, fd, 5, 0), 0);
	ck_assert_int_eq(source_config(x, fd, 5, source_cfg(0, 6, false, 5)), 0);
	ck_assert_int_eq(vr_xive_kvm_mmap(x, fd, KVM_XIVE_ESB_PAGE_OFFSET, 16, &esb), 0);
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, esb + 11 * PAGE_SIZE + XIVE_ESB_SET_PQ_00, 8,
						 false, &v),
			 0);
	ck_assert_int_eq(vr_xive_kvm_close(x, fd), 0);
	/* The mapping holds the device: still there, still one per VM. */
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, esb + 10 * PAGE_SIZE, 8, true, &(u64){ 0 }),
			 0);
	ck_assert_int_eq(vr_xive_pq(x, 1), 2);
	ck_assert_int_eq(vr_xive_kvm_create_device(x, KVM_DEV_TYPE_XIVE, &fd2), -EEXIST);
	ck_assert_uint_eq(page_refs(x, EQ_ADDR(0)), 1);
	ck_assert_int_eq(vr_xive_kvm_munmap(x, esb), 0);
	/* Released: sources off and freed, queue reference dropped, vCPU free again. */
	ck_assert_uint_eq(page_refs(x, EQ_ADDR(0)), 0);
	ck_assert_int_eq(vr_xive_pq(x, 1), 1);
	ck_assert_uint_eq(vr_xive_get_eas(x, 1), VR_XIVE_EAS_VALID | VR_XIVE_EAS_MASKED);
	ck_assert_int_eq(vr_xive_kvm_user_access(x, 0, esb, 8, true, &(u64){ 0 }), -EFAULT);
	ck_assert_int_eq(vr_xive_kvm_create_device(x, KVM_DEV_TYPE_XIVE, &fd2), 0);
	ck_assert_int_eq(connect(x, fd2, 0, 0), 0);
	ck_assert_int_eq(source_init(x, fd2, 9, 0), 0);
	ck_assert_int_eq(vr_xive_kvm_mmap(x, fd2, KVM_XIVE_ESB_PAGE_OFFSET, 32, &esb), 0);
	/* The new device's first source is backed by hardware IPI 1 again. */
	ck_assert_int_eq(
		vr_xive_kvm_user_access(x, 0, esb + 19 * PAGE_SIZE + XIVE_ESB_GET, 8, false, &v),
		0);
	ck_assert_uint_eq(v, 1);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

/* Every allocation of a configure/trigger/reset/release sequence fails once in turn. */
START_TEST(test_alloc_failure_sweep)
{
	bool hit = true;
	u64 nth;

	for (nth = 1; hit; nth++) {
		u64 live = vr_alloc_live();
		struct vr_xive *x;
		u64 esb = 0, v;
		int fd, ret[8];

		x = kvm_vm(MAINLINE, 2, &fd);
		vr_alloc_fail_nth(nth);
		ret[0] = connect(x, fd, 0, 0);
		ret[1] = eq_set(x, fd, eq_id(0, 6), 1, 16, EQ_ADDR(0), 1, 0);
		ret[2] = source_init(x, fd, 5, 0);
		ret[3] = source_config(x, fd, 5, source_cfg(0, 6, false, 5));
		ret[4] = vr_xive_kvm_mmap(x, fd, KVM_XIVE_ESB_PAGE_OFFSET, 12, &esb);
		ret[5] = ret[4] ? 0
				: vr_xive_kvm_user_access(x, 0, esb + 11 * PAGE_SIZE + 0xc00, 8,
							  false, &v);
		ret[6] = vr_xive_kvm_irq_line(x, 5, 1);
		ret[7] = set_attr(x, fd, KVM_DEV_XIVE_GRP_CTRL, KVM_DEV_XIVE_RESET, 0);
		hit = vr_alloc_fault_hit();
		vr_alloc_fail_nth(0);
		/* A failed step is -ENOMEM (-EIO for a fault that could not map), or what follows
		 * from it. */
		for (unsigned int i = 0; i < 8; i++)
			ck_assert_msg(ret[i] == 0 || ret[i] == -ENOMEM || ret[i] == -EIO ||
					      ret[i] == -EINVAL || ret[i] == -ENOENT ||
					      ret[i] == -EBUSY,
				      "nth %llu step %u: %d", (unsigned long long)nth, i, ret[i]);
		/* When the route failed, the kernel's WARN for a queue never configured. */
		vr_warn_reset();
		xive_ok(x);
		if (esb)
			ck_assert_int_eq(vr_xive_kvm_munmap(x, esb), 0);
		ck_assert_int_eq(vr_xive_kvm_close(x, fd), 0);
		xive_ok(x);
		ck_assert_uint_eq(page_refs(x, EQ_ADDR(0)), 0);
		vr_xive_destroy(x);
		ck_assert_uint_eq(vr_alloc_live(), live);
	}
	ck_assert_uint_gt(nth, 3);
}
END_TEST

static const struct vr_test device_tests[] = {
	VR_TEST(test_create),
	VR_TEST(test_create_alloc_failure),
	VR_TEST(test_connect_errnos),
	VR_TEST(test_connect_wrong_device),
	VR_TEST(test_nr_servers),
	VR_TEST(test_release),
	VR_TEST(test_alloc_failure_sweep),
};

static const struct vr_test attr_tests[] = {
	VR_TEST(test_source_errnos),	      VR_TEST(test_source_config_errnos),
	VR_TEST(test_queue_assignment_limit), VR_TEST(test_eq_config_errnos),
	VR_TEST(test_eq_small_host_pages),    VR_TEST(test_eq_page_reference_per_profile),
	VR_TEST(test_ctrl_and_dispatch),      VR_TEST(test_eq_on_a_live_queue_page),
};

static const struct vr_test vcpu_tests[] = {
	VR_TEST(test_vp_state),
	VR_TEST(test_vp_state_kernel_checks),
	VR_TEST(test_vp_state_merges_backup_ipb),
	VR_TEST(test_irq_line),
	VR_TEST(test_mmap_layout),
};

static const struct vr_tcase xive_kvm_tcases[] = {
	VR_TCASE("device", device_tests),
	VR_TCASE("attr", attr_tests),
	VR_TCASE("vcpu", vcpu_tests),
};

const struct vr_suite vr_suite_xive_kvm = VR_SUITE("xive_kvm", xive_kvm_tcases);
