/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The kernel layer: KVM's handle_pqap() order of checks, vfio_ap's AQIC
 * hook with its NIB pin and GISC registration, the assignment stores
 * with kstrtoul() and their errnos in order, open and release, queue
 * removal, the resets, and what each profile does differently
 * (torvalds/linux arch/s390/kvm/priv.c, arch/s390/kvm/interrupt.c,
 * drivers/s390/crypto/vfio_ap_ops.c at v5.3 and later; the posted v4
 * series).
 */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/linux/errno.h>
#include <virtref/text.h>
#include <virtref/warn.h>
#include <virtref/ap/kvm_host.h>
#include "ap_test.h"

#define AQIC 0x03000000u
#define IR3 (VR_AP_AQIC_IR | 3)

static struct vr_ap_config kernel_config(enum vr_ap_profile p)
{
	struct vr_ap_config cfg;

	vr_ap_config_default(&cfg);
	cfg.profile = p;
	cfg.crycb = VR_AP_CRYCB_2;
	cfg.gisa = 0x00ab0000;
	cfg.irq_lag = 0;
	return cfg;
}

/* Queue 05.0004 bound to vfio_ap, in mdev 0, which the guest uses. */
static struct vr_ap *new_guest_of(struct vr_ap_config cfg)
{
	struct vr_ap *ap = new_ap(&cfg);

	ck_assert_int_eq(vr_ap_queue_probe(ap, APQN), 0);
	ck_assert_int_eq(vr_ap_mdev_create(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "5"), 1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_domain", "4\n"), 2);
	ck_assert_int_eq(vr_ap_mdev_open(ap, 0), 0);
	ck_assert(vr_ap_mdev_in_use(ap, 0));
	return ap;
}

static struct vr_ap *new_guest(enum vr_ap_profile p)
{
	return new_guest_of(kernel_config(p));
}

static struct vr_ap_guest_result aqic(struct vr_ap *ap, uint64_t gr1, uint64_t nib, uint8_t cc)
{
	struct vr_ap_guest_result r;

	vr_ap_guest_pqap(ap, AQIC | APQN, gr1, nib, false, cc, &r);
	ck_assert_int_eq(r.ret, 0);
	ck_assert_int_eq(r.exception, VR_AP_EXC_NONE);
	return r;
}

static void assert_invariants(struct vr_ap *ap, bool hold)
{
	struct vr_text why = VR_TEXT_INIT;

	ck_assert_int_eq(vr_ap_invariants(ap, &why), (hold ? 0 : 1));
	vr_text_free(&why);
}

START_TEST(test_handle_pqap_order_of_checks)
{
	struct vr_ap_config cfg = kernel_config(VR_AP_MAINLINE);
	struct vr_ap_guest_result r;
	struct vr_ap *ap;

	cfg.crycb = VR_AP_CRYCB_1;
	cfg.apft = false;
	ap = new_ap(&cfg);
	/* Problem state first, then GR0 bits 41-47, T without facility 15, APXA. */
	vr_ap_guest_pqap(ap, AQIC | 0x7f0000 | APQN, 0, 0, true, 0, &r);
	ck_assert_int_eq(r.exception, VR_AP_EXC_PRIVILEGED);
	vr_ap_guest_pqap(ap, AQIC | 0x10000 | 0x800000 | APQN, 0, 0, false, 0, &r);
	ck_assert_int_eq(r.exception, VR_AP_EXC_SPECIFICATION);
	vr_ap_guest_pqap(ap, AQIC | 0x800000 | APQN, 0, 0, false, 0, &r);
	ck_assert_int_eq(r.exception, VR_AP_EXC_SPECIFICATION);
	vr_ap_guest_pqap(ap, AQIC | 0x4004, 0, 0, false, 0, &r);
	ck_assert_int_eq(r.exception, VR_AP_EXC_SPECIFICATION);
	ck_assert_int_eq(r.ret, 0);
	/* No hook: RC 0x01 and cc 3, the status in bits 0-31, bits 32-63 kept. */
	vr_ap_guest_pqap(ap, AQIC | APQN, 0x12345678, 0x7000, false, 0, &r);
	ck_assert_int_eq(r.exception, VR_AP_EXC_NONE);
	ck_assert_uint_eq(r.cc, 3);
	ck_assert_uint_eq(r.gr1, 0x0001000012345678ull);
	assert_invariants(ap, true);
	/* TAPQ is interpreted: the CRYCB is empty, RC 0x01. */
	vr_ap_guest_pqap(ap, APQN, 0, 0, false, 0, &r);
	ck_assert_uint_eq(r.gr1, 0x00010000);
	ck_assert_uint_eq(r.cc, 3);
	vr_ap_destroy(ap);

	/* Facility 65 absent: specification; without ECA_APIE: user space. */
	cfg = kernel_config(VR_AP_MAINLINE);
	cfg.aqic = false;
	ap = new_ap(&cfg);
	vr_ap_guest_pqap(ap, AQIC | APQN, 0, 0, false, 0, &r);
	ck_assert_int_eq(r.exception, VR_AP_EXC_SPECIFICATION);
	vr_ap_destroy(ap);
	cfg.kvm_apie = false;
	ap = new_ap(&cfg);
	vr_ap_guest_pqap(ap, APQN, 0, 0, true, 0, &r);
	ck_assert_int_eq(r.ret, -EOPNOTSUPP);
	ck_assert_int_eq(r.exception, VR_AP_EXC_NONE);
	vr_ap_destroy(ap);

	/* v4: no hook goes to user space. */
	cfg = kernel_config(VR_AP_V4);
	ap = new_ap(&cfg);
	vr_ap_guest_pqap(ap, AQIC | APQN, 0, 0x7000, false, 0, &r);
	ck_assert_int_eq(r.ret, -EOPNOTSUPP);
	vr_ap_destroy(ap);
	/* Without ECA_AIV the hook sends it to user space. */
	cfg = kernel_config(VR_AP_5_3);
	cfg.kvm_aiv = false;
	ap = new_guest_of(cfg);
	vr_ap_guest_pqap(ap, AQIC | APQN, IR3, 0x7000, false, 0, &r);
	ck_assert_int_eq(r.ret, -EOPNOTSUPP);
	vr_ap_destroy(ap);
}
END_TEST

START_TEST(test_aqic_enable_disable_through_vfio_ap)
{
	struct vr_ap *ap = new_guest((enum vr_ap_profile)_i);
	struct vr_text dot = VR_TEXT_INIT;
	struct vr_ap_kernel_state k;
	struct vr_ap_vfio_queue q;
	struct vr_ap_gisa_state g;
	struct vr_ap_guest_result r;
	struct vr_ap_result hw;

	r = aqic(ap, IR3, 0x7010, 0);
	ck_assert_uint_eq(r.cc, 0);
	ck_assert_uint_eq(r.gr1, 0x81000000);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 1);
	ck_assert_uint_eq(k.gisc_refs[3], 1);
	ck_assert_uint_eq(k.alert_mask, 0x10);
	ck_assert_int_eq(k.kvm_users, 2);
	ck_assert(k.hook);
	ck_assert_int_eq(vr_ap_gisa(ap, &g), 0);
	ck_assert_uint_eq(g.iam, 0x10);
	ck_assert_int_eq(vr_ap_vfio_queue(ap, APQN, &q), 0);
	ck_assert(q.bound);
	ck_assert_uint_eq(q.saved_isc, 3);
	ck_assert_uint_eq(q.saved_iova, _i == VR_AP_5_3 ? 0x7000 : 0x7010);
	assert_invariants(ap, true);
	vr_ap_dot(ap, &dot);
	assert_has(&dot, "mdev0 [label=\"mdev 0\\nguest\", shape=component];");
	assert_has(&dot, "mdev0 -> q050004 [style=dashed];");
	assert_has(&dot, "GISC 3 registered");
	vr_text_free(&dot);
	/* A reply reaches the guest's NIB through the host's view, and GISC 3. */
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 2, 4, 0x77, 0, 16, false, false, &hw),
			 0);
	ck_assert_int_eq(vr_ap_reply(ap, APQN, 0x77, 8), 0);
	ck_assert_int_eq(vr_ap_gisa(ap, &g), 0);
	ck_assert_uint_eq(g.ipm, 0x10);
	ck_assert(g.alerted);
	ck_assert_uint_eq(vr_ap_pending_iscs(ap), 0x04);
	/* Enable while enabled: RC 0x07, the new pin and GISC reference undone. */
	r = aqic(ap, IR3, 0x8000, 0);
	ck_assert_uint_eq(r.gr1, 0x41070000);
	ck_assert_uint_eq(r.cc, 3);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 1);
	ck_assert_uint_eq(k.gisc_refs[3], 1);
	/* Disable releases both; disabling again answers RC 0x07. */
	r = aqic(ap, 0, 0, 0);
	ck_assert_uint_eq(r.gr1, 0x40000000);
	ck_assert_uint_eq(r.cc, 0);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	ck_assert_uint_eq(k.gisc_refs[3], 0);
	ck_assert_uint_eq(k.alert_mask, 0);
	r = aqic(ap, 0, 0, 0);
	ck_assert_uint_eq(r.gr1, 0x40070000);
	assert_invariants(ap, true);
	/* A queue outside the mdev: RC 0x01. */
	vr_ap_guest_pqap(ap, AQIC | 0x0505, IR3, 0x7000, false, 0, &r);
	ck_assert_uint_eq(r.gr1, 0x00010000);
	ck_assert_uint_eq(r.cc, 3);
	/* Release drops the KVM reference and the hook. */
	ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_release(ap, 0), -EINVAL);
	vr_ap_kernel_state(ap, &k);
	ck_assert_int_eq(k.kvm_users, 1);
	ck_assert(!k.hook);
	ck_assert(!vr_ap_crycb_test(ap, VR_AP_APM, 5));
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
}
END_TEST

START_TEST(test_guest_reset_keeps_the_pin)
{
	struct vr_ap *ap = new_guest(VR_AP_MAINLINE);
	struct vr_ap_guest_result r;
	struct vr_ap_kernel_state k;

	aqic(ap, IR3, 0x7000, 0);
	/* The guest's RAPQ is interpreted: I off, vfio_ap still holds the pin. */
	vr_ap_guest_pqap(ap, 0x01000000 | APQN, 0, 0, false, 0, &r);
	ck_assert_uint_eq(r.gr1, 0x80000000);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 1);
	assert_invariants(ap, true);
	/* Re-enabling on another page releases the stale pin and ISC. */
	r = aqic(ap, VR_AP_AQIC_IR | 2, 0x9000, 0);
	ck_assert_uint_eq(r.gr1, 0x81000000);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 1);
	ck_assert_uint_eq(k.gisc_refs[3], 0);
	ck_assert_uint_eq(k.gisc_refs[2], 1);
	ck_assert_uint_eq(k.alert_mask, 0x20);
	assert_invariants(ap, true);
	/* Release resets the queue and releases everything. */
	ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	ck_assert_uint_eq(k.gisc_refs[2], 0);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
}
END_TEST

/* 5.3 leaves cc as it was when the hook answers RC 0; later kernels set cc 0. */
START_TEST(test_stale_cc_before_the_fix)
{
	struct vr_ap *ap = new_guest(VR_AP_5_3);
	struct vr_ap_guest_result r = aqic(ap, IR3, 0x7000, 3);

	ck_assert_uint_eq(r.gr1, 0x81000000);
	ck_assert_uint_eq(r.cc, 3);
	assert_invariants(ap, false);
	vr_ap_destroy(ap);
	ap = new_guest(VR_AP_MAINLINE);
	r = aqic(ap, IR3, 0x7000, 3);
	ck_assert_uint_eq(r.cc, 0);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
}
END_TEST

/*
 * A NIB in guest page 0: 5.3 saves its frame 0, "nothing saved", and the
 * pin is never released; mainline saves the address and refuses NIB 0 in
 * vfio_ap_validate_nib() (torvalds/linux drivers/s390/crypto/vfio_ap_ops.c).
 */
START_TEST(test_nib_in_page_zero)
{
	struct vr_ap *ap = new_guest(VR_AP_5_3);
	struct vr_ap_kernel_state k;

	ck_assert_uint_eq(aqic(ap, IR3, 0x10, 0).gr1, 0x81000000);
	ck_assert_uint_eq(aqic(ap, 0, 0, 0).gr1, 0x80000000);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 1);
	assert_invariants(ap, false);
	vr_ap_destroy(ap);
	/* mainline saves the address: 0x10 is released, NIB 0 is not. */
	ap = new_guest(VR_AP_MAINLINE);
	aqic(ap, IR3, 0x10, 0);
	aqic(ap, 0, 0, 0);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	assert_invariants(ap, true);
	/* NIB 0: refused before anything is pinned, RC 0x06. */
	ck_assert_uint_eq(aqic(ap, IR3, 0, 0).gr1, 0x00060000);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
}
END_TEST

/* No GISA behind ECA_AIV: kvm_s390_gisc_register() fails with -ENODEV. */
START_TEST(test_gisc_registration_failure)
{
	struct vr_ap_config cfg = kernel_config(VR_AP_5_3);
	struct vr_ap_kernel_state k;
	struct vr_ap *ap;

	cfg.gisa = 0;
	ap = new_guest_of(cfg);
	/* 5.3 uses the result unchecked; the host AQIC fails and the new pin leaks. */
	ck_assert_uint_eq(aqic(ap, IR3, 0x7000, 0).gr1, 0x80060000);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 1);
	assert_invariants(ap, false);
	vr_ap_destroy(ap);
	cfg.profile = VR_AP_MAINLINE;
	ap = new_guest_of(cfg);
	ck_assert_uint_eq(aqic(ap, IR3, 0x7000, 0).gr1, 0x00060000);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
}
END_TEST

START_TEST(test_assignment_errnos_in_order)
{
	struct vr_ap_config cfg = kernel_config(VR_AP_5_3);
	struct vr_ap *ap = new_ap(&cfg);
	struct vr_ap_kernel_state k;

	ck_assert_int_eq(vr_ap_add_adapter(ap, 6, 13, VR_AP_COPROCESSOR, 1), 0);
	ck_assert_int_eq(vr_ap_add_domain(ap, 7), 0);
	ck_assert_int_eq(vr_ap_queue_probe(ap, APQN), 0);
	ck_assert_int_eq(vr_ap_queue_probe(ap, APQN), -EEXIST);
	ck_assert_int_eq(vr_ap_queue_probe(ap, 0x0909), -ENOENT);
	ck_assert_int_eq(vr_ap_queue_probe(ap, 0x0607), 0);
	ck_assert_int_eq(vr_ap_mdev_create(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_create(ap, 0), -EEXIST);
	ck_assert_int_eq(vr_ap_mdev_create(ap, 4), -EINVAL);
	ck_assert_int_eq(vr_ap_mdev_create(ap, 1), 0);
	vr_ap_kernel_state(ap, &k);
	ck_assert_int_eq(k.available_instances, 254);
	/* kstrtoul(buf, 0): decimal, 0x hex, leading-0 octal, one newline. */
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", ""), -EINVAL);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "0x"), -EINVAL);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "08"), -EINVAL);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "-5"), -EINVAL);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "5\n\n"), -EINVAL);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "99999999999999999999"),
			 -ERANGE);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "256"), -ENODEV);
	/* AQM empty: some bound queue must have the APID. */
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "7"), -EADDRNOTAVAIL);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "+0x5\n"), 5);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_domain", "04"), 2);
	/* 05.0007 is not bound. */
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_domain", "7"), -EADDRNOTAVAIL);
	/* Sharing is over the cross product: APID 5 with disjoint AQMs is fine. */
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "assign_domain", "7"), 1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "assign_adapter", "6"), 1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "unassign_domain", "7"), 1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "assign_domain", "4"), -EADDRNOTAVAIL);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "unassign_adapter", "6"), 1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "assign_domain", "4"), 1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "assign_adapter", "5"), -EADDRINUSE);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "unassign_adapter", "300"), -ENODEV);
	/* Control domains: only the range. */
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "assign_control_domain", "200"), 3);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "assign_control_domain", "256"), -ENODEV);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "unassign_control_domain", "x"), -EINVAL);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "no_such_attribute", "1"), -ENOENT);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 3, "assign_domain", "1"), -ENOENT);
	assert_invariants(ap, true);
	/* While a guest uses it: -EBUSY before anything is parsed. */
	ck_assert_int_eq(vr_ap_mdev_open(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_open(ap, 0), -EBUSY);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "unassign_domain", "junk"), -EBUSY);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_control_domain", "junk"), -EBUSY);
	ck_assert(vr_ap_crycb_test(ap, VR_AP_APM, 5));
	ck_assert(vr_ap_crycb_test(ap, VR_AP_AQM, 4));
	ck_assert_int_eq(vr_ap_crycb_set(ap, VR_AP_APM, 6, true), -EBUSY);
	/* Another mdev cannot take the same guest: -EPERM from SET_KVM. */
	ck_assert_int_eq(vr_ap_mdev_open(ap, 1), 0);
	ck_assert(!vr_ap_mdev_in_use(ap, 1));
	ck_assert_int_eq(vr_ap_mdev_remove(ap, 0), -EBUSY);
	ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_remove(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_remove(ap, 0), -ENOENT);
	vr_ap_kernel_state(ap, &k);
	ck_assert_int_eq(k.available_instances, 255);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
}
END_TEST

/* v4's free list: a queue moves to the mdev that takes it, all or nothing. */
START_TEST(test_v4_free_list_assignment)
{
	struct vr_ap_config cfg = kernel_config(VR_AP_V4);
	struct vr_ap *ap = new_ap(&cfg);
	struct vr_ap_vfio_queue q;

	ck_assert_int_eq(vr_ap_add_domain(ap, 7), 0);
	ck_assert_int_eq(vr_ap_queue_probe(ap, APQN), 0);
	ck_assert_int_eq(vr_ap_mdev_create(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_create(ap, 1), 0);
	/* AQM empty: the adapter alone moves nothing and needs nothing bound. */
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "9"), 1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "unassign_adapter", "9"), 1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_domain", "4"), 1);
	ck_assert_int_eq(vr_ap_vfio_queue(ap, APQN, &q), 0);
	ck_assert_int_eq(q.owner, -1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "5"), 1);
	ck_assert_int_eq(vr_ap_vfio_queue(ap, APQN, &q), 0);
	ck_assert_int_eq(q.owner, 0);
	/* Owned by mdev 0: -EADDRINUSE; 05.0007 not bound: -EADDRNOTAVAIL. */
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "assign_domain", "4"), 1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "assign_adapter", "5"), -EADDRINUSE);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_domain", "7"), -EADDRNOTAVAIL);
	assert_invariants(ap, true);
	/* Unassigning gives the queue back. */
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "unassign_domain", "4"), 1);
	ck_assert_int_eq(vr_ap_vfio_queue(ap, APQN, &q), 0);
	ck_assert_int_eq(q.owner, -1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 1, "assign_adapter", "5"), 1);
	ck_assert_int_eq(vr_ap_vfio_queue(ap, APQN, &q), 0);
	ck_assert_int_eq(q.owner, 1);
	assert_invariants(ap, true);
	/* The guest's AQIC finds the queue on the mdev's list. */
	ck_assert_int_eq(vr_ap_mdev_open(ap, 1), 0);
	ck_assert_uint_eq(aqic(ap, IR3, 0x7000, 0).gr1, 0x81000000);
	/* Removing the mdev's queue gives it up; removing the mdev returns the list. */
	ck_assert_int_eq(vr_ap_mdev_release(ap, 1), 0);
	ck_assert_int_eq(vr_ap_mdev_remove(ap, 1), 0);
	ck_assert_int_eq(vr_ap_vfio_queue(ap, APQN, &q), 0);
	ck_assert_int_eq(q.owner, -1);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
	/* The merged driver refuses the adapter with no bound queue. */
	cfg.profile = VR_AP_5_3;
	ap = new_ap(&cfg);
	ck_assert_int_eq(vr_ap_mdev_create(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "9"), -EADDRNOTAVAIL);
	vr_ap_destroy(ap);
}
END_TEST

/* Removing a queue the guest uses: 5.3 leaves its adapter in the CRYCB. */
START_TEST(test_remove_queue_in_use)
{
	struct vr_ap *ap = new_guest((enum vr_ap_profile)_i);
	struct vr_ap_guest_result r;
	struct vr_ap_kernel_state k;

	aqic(ap, IR3, 0x7000, 0);
	ck_assert_int_eq(vr_ap_queue_remove(ap, APQN), 0);
	ck_assert_int_eq(vr_ap_queue_remove(ap, APQN), -ENOENT);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	ck_assert_uint_eq(k.gisc_refs[3], 0);
	vr_ap_guest_pqap(ap, APQN, 0, 0, false, 0, &r);
	if (_i == VR_AP_5_3) {
		/* The guest still reaches the queue vfio_ap gave up. */
		ck_assert_uint_eq(r.gr1, 0x80000000);
		assert_invariants(ap, false);
	} else {
		ck_assert_uint_eq(r.gr1, 0x00010000);
		assert_invariants(ap, true);
	}
	/*
	 * Bound again: mainline's hot plug gives the guest the adapter back;
	 * v4's queue waits on the free list, out of the guest's reach.
	 */
	ck_assert_int_eq(vr_ap_queue_probe(ap, APQN), 0);
	vr_ap_guest_pqap(ap, APQN, 0, 0, false, 0, &r);
	ck_assert_uint_eq(r.gr1, _i == VR_AP_V4 ? 0x00010000 : 0x80000000);
	r = aqic(ap, 0, 0, 0);
	ck_assert_uint_eq(r.gr1, _i == VR_AP_V4 ? 0x00010000 : 0x80070000);
	ck_assert_uint_eq(r.cc, 3);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
}
END_TEST

/*
 * An assigned queue unbound before the guest comes: mainline's shadow
 * APCB leaves its adapter out of the guest's CRYCB; 5.3 and v4 copy the
 * mdev's masks as they are, and the guest reaches a queue vfio_ap does
 * not hold (check (b)).
 */
START_TEST(test_open_with_unbound_queue)
{
	struct vr_ap_config cfg = kernel_config((enum vr_ap_profile)_i);
	struct vr_ap *ap = new_ap(&cfg);
	struct vr_ap_guest_result r;

	ck_assert_int_eq(vr_ap_queue_probe(ap, APQN), 0);
	ck_assert_int_eq(vr_ap_mdev_create(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "5"), 1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_domain", "4"), 1);
	ck_assert_int_eq(vr_ap_queue_remove(ap, APQN), 0);
	ck_assert_int_eq(vr_ap_mdev_open(ap, 0), 0);
	vr_ap_guest_pqap(ap, APQN, 0, 0, false, 0, &r);
	ck_assert_uint_eq(r.gr1, _i == VR_AP_MAINLINE ? 0x00010000 : 0x80000000);
	assert_invariants(ap, _i == VR_AP_MAINLINE);
	/*
	 * Bound again while the guest runs: mainline plugs the adapter in;
	 * v4's queue goes to the free list, still in the guest's reach.
	 */
	ck_assert_int_eq(vr_ap_queue_probe(ap, APQN), 0);
	vr_ap_guest_pqap(ap, APQN, 0, 0, false, 0, &r);
	ck_assert_uint_eq(r.gr1, 0x80000000);
	assert_invariants(ap, _i != VR_AP_V4);
	vr_ap_destroy(ap);
}
END_TEST

/*
 * Mainline gives up on a busy queue at release and at mdev removal
 * (-EIO): the queue keeps its pin and no longer names the freed mdev, so
 * its removal later cannot release the pin (and reads nothing freed).
 */
START_TEST(test_remove_mdev_after_failed_reset)
{
	struct vr_ap *ap = new_guest(VR_AP_MAINLINE);
	struct vr_ap_vfio_queue vq;
	struct vr_ap_kernel_state k;

	aqic(ap, IR3, 0x7000, 0);
	ck_assert_int_eq(vr_ap_set_queue_busy(ap, APQN, 2), 0);
	ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_remove(ap, 0), 0);
	ck_assert_int_eq(vr_ap_vfio_queue(ap, APQN, &vq), 0);
	ck_assert_uint_eq(vq.saved_iova, 0x7000);
	ck_assert_int_eq(vr_ap_queue_remove(ap, APQN), 0);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 1);
	assert_invariants(ap, false);
	vr_warn_reset();
	vr_ap_destroy(ap);

	/*
	 * The mdev still there but its guest gone: the removal unpins through
	 * the mdev, and warns and keeps the GISC reference it cannot drop.
	 */
	ap = new_guest(VR_AP_MAINLINE);
	aqic(ap, IR3, 0x7000, 0);
	ck_assert_int_eq(vr_ap_set_queue_busy(ap, APQN, 1), 0);
	ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
	ck_assert_uint_eq(vr_warn_count(), 0);
	ck_assert_int_eq(vr_ap_queue_remove(ap, APQN), 0);
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	ck_assert_uint_eq(k.gisc_refs[3], 1);
	assert_invariants(ap, false);
	vr_ap_destroy(ap);
}
END_TEST

/* The device's ioctls (drivers/s390/crypto/vfio_ap_ops.c vfio_ap_mdev_ioctl()). */
START_TEST(test_device_ioctls)
{
	struct vr_ap *ap = new_guest((enum vr_ap_profile)_i);
	struct vr_ap_device_info info;
	struct vr_ap_kernel_state k;
	struct vr_ap_result r;

	ck_assert_int_eq(vr_ap_mdev_get_info(ap, 0, 16, false, &info), 0);
	ck_assert_uint_eq(info.argsz, 16);
	ck_assert_uint_eq(info.flags, 0x21);
	ck_assert_uint_eq(info.num_regions, 0);
	ck_assert_uint_eq(info.num_irqs, 0);
	/* A larger argsz is the VMM's; the kernel writes its 16 bytes only. */
	ck_assert_int_eq(vr_ap_mdev_get_info(ap, 0, 32, false, &info), 0);
	ck_assert_uint_eq(info.argsz, 32);
	ck_assert_int_eq(vr_ap_mdev_get_info(ap, 0, 15, false, &info), -EINVAL);
	ck_assert_uint_eq(info.flags, 0);
	ck_assert_int_eq(vr_ap_mdev_get_info(ap, 0, 16, true, &info), -EFAULT);
	ck_assert_int_eq(vr_ap_mdev_ioctl(ap, 0, 0x3b6c, 0), -EOPNOTSUPP);
	ck_assert_int_eq(vr_ap_mdev_ioctl(ap, 1, 0x3b6f, 0), -ENOENT);
	/* VFIO_DEVICE_RESET: ZAPQ of every queue of APM x AQM, resources released. */
	aqic(ap, IR3, 0x7000, 0);
	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 2, 4, 0x77, 0, 16, false, false, &r), 0);
	ck_assert_int_eq(vr_ap_mdev_ioctl(ap, 0, 0x3b6f, 0), 0);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	ck_assert_uint_eq(k.gisc_refs[3], 0);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x80000000);
	ck_assert(vr_ap_mdev_in_use(ap, 0));
	assert_invariants(ap, true);
	/* A busy queue: 5.3 and v4 retry RC 0x05, mainline answers -EIO. */
	ck_assert_int_eq(vr_ap_set_queue_busy(ap, APQN, 1), 0);
	ck_assert_int_eq(vr_ap_mdev_ioctl(ap, 0, 0x3b6f, 0), _i == VR_AP_MAINLINE ? -EIO : 0);
	assert_invariants(ap, true);
	ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_ioctl(ap, 0, 0x3b6f, 0), -EINVAL);
	vr_ap_destroy(ap);
}
END_TEST

/*
 * The VMM unmaps the NIB's page: 5.3 and v4 unpin it and leave the
 * queue's interruptions on with the NIB in it (check (a)); mainline
 * disables the queue's interruptions, which releases the page.
 */
START_TEST(test_dma_unmap)
{
	struct vr_ap *ap = new_guest((enum vr_ap_profile)_i);
	struct vr_ap_vfio_queue vq;
	struct vr_ap_kernel_state k;

	aqic(ap, IR3, 0x7000, 0);
	/* Another page: nothing of vfio_ap's is in it. */
	ck_assert_int_eq(vr_ap_mdev_dma_unmap(ap, 0, 0x8000, 0x1000), 0);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 1);
	assert_invariants(ap, true);
	ck_assert_int_eq(vr_ap_mdev_dma_unmap(ap, 0, 0x6000, 0x2000), 0);
	vr_ap_kernel_state(ap, &k);
	ck_assert_int_eq(vr_ap_vfio_queue(ap, APQN, &vq), 0);
	if (_i == VR_AP_MAINLINE) {
		/* 0x7000 lies in 0x6000 + 0x2000. */
		ck_assert_uint_eq(k.pins, 0);
		ck_assert_uint_eq(k.gisc_refs[3], 0);
		ck_assert_uint_eq(vq.saved_iova, 0);
		ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x80000000);
		assert_invariants(ap, true);
	} else {
		/* Only the first page, 0x6000, was unpinned: nothing was pinned there. */
		ck_assert_uint_eq(k.pins, 1);
		assert_invariants(ap, true);
		ck_assert_int_eq(vr_ap_mdev_dma_unmap(ap, 0, 0x7000, 0x1000), 0);
		vr_ap_kernel_state(ap, &k);
		ck_assert_int_eq(vr_ap_vfio_queue(ap, APQN, &vq), 0);
		ck_assert_uint_eq(k.pins, 0);
		ck_assert_uint_eq(vq.saved_iova, 0x7000);
		ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x81000000);
		assert_invariants(ap, false);
		/* The disable's unpin finds nothing pinned and passes over it. */
		ck_assert_uint_eq(aqic(ap, 0, 0, 0).gr1, 0x80000000);
		vr_ap_kernel_state(ap, &k);
		ck_assert_uint_eq(k.pins, 0);
		ck_assert_uint_eq(k.gisc_refs[3], 0);
		assert_invariants(ap, true);
	}
	ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_dma_unmap(ap, 0, 0x7000, 0x1000), -EINVAL);
	vr_ap_destroy(ap);
}
END_TEST

/*
 * SET_KVM(NULL): mainline does what release does; 5.3 and v4 only forget
 * the guest, KVM's hook and reference, the masks and the pins stay
 * (check (b)), and the guest's next AQIC reaches an mdev without a kvm.
 */
START_TEST(test_set_kvm_null)
{
	struct vr_ap *ap = new_guest((enum vr_ap_profile)_i);
	struct vr_ap_guest_result r;
	struct vr_ap_kernel_state k;

	aqic(ap, IR3, 0x7000, 0);
	ck_assert_int_eq(vr_ap_mdev_set_kvm_null(ap, 0), 0);
	ck_assert(!vr_ap_mdev_in_use(ap, 0));
	vr_ap_kernel_state(ap, &k);
	if (_i == VR_AP_MAINLINE) {
		ck_assert(!k.hook);
		ck_assert_int_eq(k.kvm_users, 1);
		ck_assert_uint_eq(k.pins, 0);
		vr_ap_guest_pqap(ap, APQN, 0, 0, false, 0, &r);
		ck_assert_uint_eq(r.gr1, 0x00010000);
		assert_invariants(ap, true);
		ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
		ck_assert_int_eq(vr_ap_mdev_remove(ap, 0), 0);
	} else {
		ck_assert(k.hook);
		ck_assert_int_eq(k.kvm_users, 2);
		ck_assert_uint_eq(k.pins, 1);
		assert_invariants(ap, false);
		/* The kernel would fault on the mdev's NULL kvm: a warning here. */
		ck_assert_uint_eq(aqic(ap, 0, 0, 0).gr1, 0x00010000);
		ck_assert_uint_eq(vr_warn_count(), 1);
		vr_warn_reset();
		ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
		ck_assert_int_eq(vr_ap_mdev_remove(ap, 0), -EBUSY);
	}
	ck_assert_int_eq(vr_ap_mdev_set_kvm_null(ap, 0), _i == VR_AP_MAINLINE ? -ENOENT : -EINVAL);
	vr_ap_destroy(ap);
	vr_warn_reset();
}
END_TEST

/* Where vfio_ap answers RC 0x01 and the architecture otherwise: an APID beyond Na, no CRYCB. */
START_TEST(test_index_beyond_na)
{
	struct vr_ap_config cfg = kernel_config(VR_AP_MAINLINE);
	struct vr_ap *ap;

	cfg.max_apid = 1;
	ck_assert_int_eq(vr_ap_create(&cfg, &ap), 0);
	ck_assert_int_eq(vr_mem_add(vr_ap_guest(ap), 0, 0x10000), 0);
	ck_assert_int_eq(vr_ap_add_adapter(ap, 5, 13, VR_AP_COPROCESSOR, 2), -EINVAL);
	ck_assert_int_eq(vr_ap_mdev_create(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_open(ap, 0), 0);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x00110000);
	ck_assert_uint_eq(aqic(ap, IR3, 0x7000, 0).gr1, 0x00010000);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
	/*
	 * A guest without a CRYCB addresses the whole configuration, but
	 * vfio_ap holds nothing for it: RC 0x01 where the queue's is 0x07.
	 */
	cfg = kernel_config(VR_AP_MAINLINE);
	cfg.crycb = VR_AP_CRYCB_NONE;
	ap = new_ap(&cfg);
	ck_assert_int_eq(vr_ap_mdev_create(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_open(ap, 0), 0);
	ck_assert_uint_eq(aqic(ap, 0, 0, 0).gr1, 0x00010000);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
}
END_TEST

/* A busy queue at release: 5.3 retries RC 0x05; mainline gives up (-EIO). */
START_TEST(test_reset_retries)
{
	struct vr_ap *ap = new_guest((enum vr_ap_profile)_i);
	struct vr_text dump = VR_TEXT_INIT;
	struct vr_ap_result r;

	ck_assert_int_eq(vr_ap_nqap(ap, 0x40000000 | APQN, 2, 4, 0x77, 0, 16, false, false, &r), 0);
	ck_assert_int_eq(vr_ap_set_queue_busy(ap, APQN, 1), 0);
	ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
	/* Reset or not: the request is gone with 5.3, still there with mainline. */
	vr_ap_dump(ap, &dump);
	assert_has(&dump, _i == VR_AP_5_3 ? "05.0004: 0 requests" : "05.0004: 1 requests");
	vr_text_free(&dump);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
}
END_TEST

/* Format 1: kvm_arch_crypto_set_masks() fills APCB0, the first 16 bits of AQM. */
START_TEST(test_format1_masks)
{
	struct vr_ap_config cfg = kernel_config(VR_AP_5_3);
	uint64_t w[3];
	struct vr_ap *ap;

	cfg.crycb = VR_AP_CRYCB_1;
	ap = new_guest_of(cfg);
	ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_control_domain", "15"), 2);
	ck_assert_int_eq(vr_ap_mdev_open(ap, 0), 0);
	memcpy(w, vr_ap_crycb(ap), sizeof(w));
	ck_assert_uint_eq(w[0], 1ull << 58);
	ck_assert_uint_eq(w[1], 1ull << 59);
	ck_assert_uint_eq(w[2], 1ull << 48);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x80000000);
	/* Removing the queue takes adapter 5 out of APCB0 (mainline, v4). */
	vr_ap_destroy(ap);
	cfg.profile = VR_AP_MAINLINE;
	ap = new_guest_of(cfg);
	ck_assert_int_eq(vr_ap_queue_remove(ap, APQN), 0);
	memcpy(w, vr_ap_crycb(ap), sizeof(w));
	ck_assert_uint_eq(w[0], 0);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
}
END_TEST

/* kvm_s390_gisc_register()/unregister() on a struct kvm of the test's own. */
START_TEST(test_gisc_register_counts)
{
	struct kvm_s390_gib gib = { .nisc = 5 };
	struct kvm_s390_gisa gisa = { 0 };
	struct kvm kvm = { 0 };

	kvm.arch.gib = &gib;
	ck_assert_int_eq(kvm_s390_gisc_register(&kvm, 3), -ENODEV);
	ck_assert_int_eq(kvm_s390_gisc_unregister(&kvm, 3), -ENODEV);
	kvm.arch.gisa_int.origin = &gisa;
	ck_assert_int_eq(kvm_s390_gisc_register(&kvm, 8), -ERANGE);
	ck_assert_int_eq(kvm_s390_gisc_unregister(&kvm, 8), -ERANGE);
	ck_assert_int_eq(kvm_s390_gisc_unregister(&kvm, 3), -EINVAL);
	ck_assert_int_eq(kvm_s390_gisc_register(&kvm, 3), 5);
	ck_assert_int_eq(kvm_s390_gisc_register(&kvm, 3), 5);
	ck_assert_int_eq(kvm_s390_gisc_register(&kvm, 0), 5);
	ck_assert_uint_eq(gisa.iam, 0x90);
	ck_assert_uint_eq(kvm.arch.gisa_int.alert.ref_count[3], 2);
	ck_assert_int_eq(kvm_s390_gisc_unregister(&kvm, 3), 0);
	ck_assert_uint_eq(gisa.iam, 0x90);
	ck_assert_int_eq(kvm_s390_gisc_unregister(&kvm, 3), 0);
	ck_assert_uint_eq(gisa.iam, 0x80);
	ck_assert_int_eq(kvm_s390_gisc_unregister(&kvm, 3), -EINVAL);
}
END_TEST

/* An adapter gone bad before release: the reset fails, the resources still go. */
START_TEST(test_release_deconfigured)
{
	struct vr_ap *ap = new_guest((enum vr_ap_profile)_i);
	struct vr_ap_kernel_state k;

	aqic(ap, IR3, 0x7000, 0);
	ck_assert_int_eq(vr_ap_set_adapter_state(ap, 5, VR_AP_DECONFIGURED), 0);
	ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	ck_assert_uint_eq(k.gisc_refs[3], 0);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
}
END_TEST

/* A busy queue: vfio_ap_irq_disable() retries, the guest sees only the end. */
START_TEST(test_disable_retries_busy)
{
	struct vr_ap *ap = new_guest(VR_AP_MAINLINE);
	struct vr_ap_kernel_state k;

	aqic(ap, IR3, 0x7000, 0);
	ck_assert_int_eq(vr_ap_set_queue_busy(ap, APQN, 3), 0);
	ck_assert_uint_eq(aqic(ap, 0, 0, 0).gr1, 0x80000000);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	assert_invariants(ap, true);
	/*
	 * Busy on every try: six AQICs, then the pin goes anyway while the
	 * queue's interruptions stay on with the NIB in that page.
	 */
	aqic(ap, IR3, 0x7000, 0);
	ck_assert_int_eq(vr_ap_set_queue_busy(ap, APQN, 6), 0);
	ck_assert_uint_eq(aqic(ap, 0, 0, 0).gr1, 0x81050000);
	/* vfio_ap_irq_disable(): the tries ran out. */
	ck_assert_uint_eq(vr_warn_count(), 1);
	vr_warn_reset();
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x81000000);
	assert_invariants(ap, false);
	vr_ap_destroy(ap);
}
END_TEST

/*
 * A disable while the enable is still changing: the queue answers RC
 * 0x07, vfio_ap releases the pin and the GISC, and the queue's
 * interruptions come on with the NIB in the released page.
 */
START_TEST(test_disable_while_enable_changing)
{
	struct vr_ap_config cfg = kernel_config((enum vr_ap_profile)_i);
	struct vr_ap_kernel_state k;
	struct vr_ap *ap;

	cfg.irq_lag = 1;
	ap = new_guest_of(cfg);
	ck_assert_uint_eq(aqic(ap, IR3, 0x7000, 0).gr1, 0x80000000);
	ck_assert_uint_eq(aqic(ap, 0, 0, 0).gr1, 0x80070000);
	/* vfio_ap_wait_for_irqclear(): "could not clear IR bit". */
	ck_assert_uint_eq(vr_warn_count(), 1);
	ck_assert_ptr_nonnull(strstr(vr_warn_first(), "vfio_ap_ops.c"));
	vr_warn_reset();
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	ck_assert_uint_eq(k.gisc_refs[3], 0);
	ck_assert_uint_eq(pqap_qsw(ap, APQN, 0, 0), 0x81000000);
	assert_invariants(ap, false);
	vr_ap_destroy(ap);
}
END_TEST

/* An unusable NIB while enabled: vfio_ap's pin answers RC 0x06 before the queue's 0x07. */
START_TEST(test_unusable_nib_checked_first)
{
	struct vr_ap *ap = new_guest(VR_AP_MAINLINE);

	aqic(ap, IR3, 0x7000, 0);
	ck_assert_uint_eq(aqic(ap, IR3, 0x2007000, 0).gr1, 0x00060000);
	assert_invariants(ap, true);
	vr_ap_destroy(ap);
}
END_TEST

/*
 * Every allocation of create, probe, mdev create, open, AQIC, reset,
 * release and destroy fails once in turn: each step fails whole
 * (-ENOMEM), nothing leaks, no pin and no GISC reference stays behind.
 */
static int sweep_once(enum vr_ap_profile p, struct vr_ap **out)
{
	struct vr_ap_config cfg = kernel_config(p);
	struct vr_ap_kernel_state k;
	struct vr_ap *ap;
	int ret;

	ret = vr_ap_create(&cfg, &ap);
	if (ret)
		return ret;
	*out = ap;
	if (vr_mem_add(vr_ap_guest(ap), 0, 0x10000) ||
	    vr_ap_add_adapter(ap, 5, 13, VR_AP_COPROCESSOR, 2) || vr_ap_add_domain(ap, 4))
		return -ENOMEM;
	ret = vr_ap_queue_probe(ap, APQN);
	if (!ret)
		ret = vr_ap_mdev_create(ap, 0);
	if (ret)
		return ret;
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_adapter", "5"), 1);
	ck_assert_int_eq(vr_ap_mdev_store(ap, 0, "assign_domain", "4"), 1);
	ck_assert_int_eq(vr_ap_mdev_open(ap, 0), 0);
	ck_assert_uint_eq(aqic(ap, IR3, 0x7000, 0).gr1, 0x81000000);
	ck_assert_int_eq(vr_ap_mdev_ioctl(ap, 0, 0x3b6f, 0), 0);
	ck_assert_uint_eq(aqic(ap, IR3, 0x7000, 0).gr1, 0x81000000);
	ck_assert_int_eq(vr_ap_mdev_dma_unmap(ap, 0, 0x9000, 0x1000), 0);
	ck_assert_int_eq(vr_ap_mdev_release(ap, 0), 0);
	vr_ap_kernel_state(ap, &k);
	ck_assert_uint_eq(k.pins, 0);
	ck_assert_uint_eq(k.gisc_refs[3], 0);
	return 0;
}

START_TEST(test_allocation_failure_sweep)
{
	uint64_t live = vr_alloc_live();
	unsigned n;

	for (n = 1;; n++) {
		struct vr_ap *ap = NULL;
		int ret;

		vr_alloc_fail_nth(n);
		ret = sweep_once((enum vr_ap_profile)_i, &ap);
		vr_alloc_fail_nth(0);
		ck_assert_msg(ret == 0 || ret == -ENOMEM, "n %u: %d", n, ret);
		if (ap)
			assert_invariants(ap, true);
		vr_ap_destroy(ap);
		ck_assert_uint_eq(vr_alloc_live(), live);
		if (!vr_alloc_fault_hit())
			break;
		ck_assert_int_eq(ret, -ENOMEM);
	}
	ck_assert_uint_gt(n, 4);
}
END_TEST

static const struct vr_test ap_kernel_tests[] = {
	VR_TEST(test_handle_pqap_order_of_checks),
	VR_TEST(test_guest_reset_keeps_the_pin),
	VR_TEST(test_stale_cc_before_the_fix),
	VR_TEST(test_nib_in_page_zero),
	VR_TEST(test_gisc_registration_failure),
	VR_TEST(test_assignment_errnos_in_order),
	VR_TEST(test_v4_free_list_assignment),
	VR_TEST(test_format1_masks),
	VR_TEST(test_gisc_register_counts),
	VR_TEST(test_disable_retries_busy),
	VR_TEST(test_unusable_nib_checked_first),
	VR_TEST(test_remove_mdev_after_failed_reset),
	VR_TEST(test_index_beyond_na),
};
static const struct vr_test ap_kernel_loops[] = {
	VR_LOOP_TEST(test_aqic_enable_disable_through_vfio_ap, VR_AP_MAINLINE, VR_AP_V4 + 1),
	VR_LOOP_TEST(test_remove_queue_in_use, VR_AP_MAINLINE, VR_AP_V4 + 1),
	VR_LOOP_TEST(test_open_with_unbound_queue, VR_AP_MAINLINE, VR_AP_V4 + 1),
	VR_LOOP_TEST(test_device_ioctls, VR_AP_MAINLINE, VR_AP_V4 + 1),
	VR_LOOP_TEST(test_dma_unmap, VR_AP_MAINLINE, VR_AP_V4 + 1),
	VR_LOOP_TEST(test_set_kvm_null, VR_AP_MAINLINE, VR_AP_V4 + 1),
	VR_LOOP_TEST(test_reset_retries, VR_AP_MAINLINE, VR_AP_5_3 + 1),
	VR_LOOP_TEST(test_allocation_failure_sweep, VR_AP_MAINLINE, VR_AP_V4 + 1),
	VR_LOOP_TEST(test_release_deconfigured, VR_AP_MAINLINE, VR_AP_V4 + 1),
	VR_LOOP_TEST(test_disable_while_enable_changing, VR_AP_MAINLINE, VR_AP_V4 + 1),
};
static const struct vr_tcase ap_kernel_tcases[] = {
	VR_TCASE("kernel", ap_kernel_tests),
	VR_TCASE("profiles", ap_kernel_loops),
};
const struct vr_suite vr_suite_ap_kernel = VR_SUITE("ap_kernel", ap_kernel_tcases);
