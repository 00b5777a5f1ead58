/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The sPAPR hypercalls as QEMU handles them over the KVM device
 * (qemu/qemu hw/intc/spapr_xive.c, spapr_xive_kvm.c): what QEMU keeps
 * and what reaches KVM.  tests/traces/xive/spapr-hcalls.yaml walks every
 * H_* code; these are the consequences a trace shows less well.
 */
#include <virtref/xive/hvcall.h>
#include "xive_kvm_test.h"

/* Source 16 (MSI) and 17 (LSI) claimed, XIVE negotiated, queue 6 of server 0. */
static struct vr_xive *spapr_vm(void)
{
	struct vr_xive_config cfg;
	struct vr_xive *x = NULL;
	u64 a[5] = { VR_XIVE_SPAPR_END_ALWAYS_NOTIFY, 0, 6, GRAM, 16 };

	vr_xive_config_default(&cfg);
	ck_assert_int_eq(vr_xive_create(&cfg, &x), 0);
	ck_assert_int_eq(vr_mem_add(vr_xive_guest_mem(x), GRAM, 0x100000), 0);
	ck_assert_int_eq(vr_xive_spapr_claim(x, 16, false), 0);
	ck_assert_int_eq(vr_xive_hcall(x, H_INT_RESET, (u64[5]){ 0 }), H_FUNCTION);
	ck_assert_int_eq(vr_xive_spapr_activate(x), 0);
	ck_assert_int_eq(vr_xive_spapr_claim(x, 17, true), 0);
	ck_assert_int_eq(vr_xive_hcall(x, H_INT_SET_QUEUE_CONFIG, a), H_SUCCESS);
	return x;
}

static long route(struct vr_xive *x, u64 lisn, u64 prio, u32 eisn)
{
	return vr_xive_hcall(x, H_INT_SET_SOURCE_CONFIG,
			     (u64[5]){ VR_XIVE_SPAPR_SRC_SET_EISN, lisn, 0, prio, eisn });
}

static long esb(struct vr_xive *x, u64 flags, u64 lisn, u64 offset, u64 *val)
{
	u64 a[5] = { flags, lisn, offset, 0, 0 };
	long ret = vr_xive_hcall(x, H_INT_ESB, a);

	*val = a[0];
	return ret;
}

START_TEST(test_claim_and_activate)
{
	struct vr_xive *x = spapr_vm();
	int fd;

	ck_assert_int_eq(vr_xive_spapr_claim(x, 4096, false), -EINVAL);
	ck_assert_int_eq(vr_xive_spapr_claim(x, 16, false), -EBUSY);
	ck_assert_int_eq(vr_xive_spapr_activate(x), -EBUSY);
	ck_assert_int_eq(vr_xive_spapr_set_irq(x, 18, true), -EINVAL);
	/* QEMU holds the VM's one XIVE device. */
	ck_assert_int_eq(vr_xive_kvm_create_device(x, KVM_DEV_TYPE_XIVE, &fd), -EEXIST);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

/* Priority 0xff resets QEMU's EAS only: KVM keeps routing the source. */
START_TEST(test_prio_ff_leaves_kvm_routing)
{
	struct vr_xive *x = spapr_vm();
	u64 v, a[5] = { 0, 16, 0, 0, 0 };
	u32 data;

	ck_assert_int_eq(route(x, 16, 6, 0x16), H_SUCCESS);
	ck_assert_int_eq(esb(x, 0, 16, XIVE_ESB_SET_PQ_00, &v), H_SUCCESS);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(route(x, 16, 0xff, 0), H_SUCCESS);
	ck_assert_int_eq(vr_xive_hcall(x, H_INT_GET_SOURCE_CONFIG, a), H_SUCCESS);
	ck_assert_uint_eq(a[1], 0xff);
	ck_assert_int_eq(vr_xive_spapr_set_irq(x, 16, true), 0);
	ck_assert_int_eq(vr_xive_guest_read_eq(x, 0, 6, false, &data), 0);
	ck_assert_uint_eq(data, 0x16);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

/*
 * QEMU checks an H_INT_ESB offset against both pages' span, from the
 * management page: offset 0x20000 of source 16 is the management page
 * of source 17 (a load-EOI there), and past the last source it is
 * outside QEMU's mapping of the ESB pages.
 */
START_TEST(test_esb_offset_reaches_next_source)
{
	struct vr_xive *x = spapr_vm();
	u64 v;

	ck_assert_int_eq(route(x, 17, 6, 0x17), H_SUCCESS);
	ck_assert_int_eq(esb(x, 0, 17, XIVE_ESB_SET_PQ_10, &v), H_SUCCESS);
	ck_assert_uint_eq(v, 1);
	/* Source 17's backing IPI is hardware source 2 (16 got 1). */
	ck_assert_int_eq(vr_xive_pq(x, 2), 2);
	ck_assert_int_eq(esb(x, 0, 16, 0x20000 + XIVE_ESB_SET_PQ_00, &v), H_P3);
	ck_assert_int_eq(esb(x, 0, 16, 0x20000, &v), H_SUCCESS);
	ck_assert_int_eq(vr_xive_pq(x, 2), 0);
	ck_assert_int_eq(vr_xive_spapr_claim(x, 4095, false), 0);
	ck_assert_int_eq(esb(x, 0, 4095, 0x10000, &v), H_HARDWARE);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

/* An LSI under KVM: QEMU's load-EOI replays a line still up. */
START_TEST(test_lsi_load_eoi)
{
	struct vr_xive *x = spapr_vm();
	u64 v;
	u32 data;

	ck_assert_int_eq(route(x, 17, 6, 0x17), H_SUCCESS);
	ck_assert_int_eq(vr_xive_spapr_set_irq(x, 17, true), 0);
	/* Off (PQ 01) when asserted: nothing yet. */
	ck_assert_int_eq(vr_xive_guest_read_eq(x, 0, 6, false, &data), 0);
	ck_assert_uint_eq(data, 0);
	ck_assert_int_eq(esb(x, 0, 17, XIVE_ESB_LOAD_EOI, &v), H_SUCCESS);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(vr_xive_guest_read_eq(x, 0, 6, false, &data), 0);
	ck_assert_uint_eq(data, 0x17);
	/* Lowered: the next load-EOI only clears PQ. */
	ck_assert_int_eq(vr_xive_spapr_set_irq(x, 17, false), 0);
	ck_assert_int_eq(esb(x, 0, 17, XIVE_ESB_LOAD_EOI, &v), H_SUCCESS);
	ck_assert_int_eq(vr_xive_pq(x, 2), 0);
	ck_assert_int_eq(esb(x, VR_XIVE_SPAPR_ESB_STORE, 17, XIVE_ESB_SET_PQ_01, &v), H_SUCCESS);
	ck_assert_uint_eq(v, (u64)-1);
	ck_assert_int_eq(vr_xive_pq(x, 2), 1);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

/* H_INT_RESET: QEMU's tables and the device's, queue references dropped. */
START_TEST(test_reset)
{
	struct vr_xive *x = spapr_vm();
	u64 a[5] = { 0, 0, 6, 0, 0 };

	ck_assert_uint_eq(page_refs(x, GRAM), 1);
	ck_assert_int_eq(route(x, 16, 6, 0x16), H_SUCCESS);
	ck_assert_int_eq(vr_xive_hcall(x, H_INT_RESET, (u64[5]){ 0 }), H_SUCCESS);
	ck_assert_uint_eq(page_refs(x, GRAM), 0);
	ck_assert_int_eq(vr_xive_hcall(x, H_INT_GET_QUEUE_INFO, a), H_SUCCESS);
	ck_assert_uint_eq(a[1], 0);
	ck_assert_uint_eq(vr_xive_get_eas(x, 1), VR_XIVE_EAS_VALID | VR_XIVE_EAS_MASKED);
	ck_assert_int_eq(vr_xive_hcall(x, H_INT_GET_OS_REPORTING_LINE, a), H_FUNCTION);
	ck_assert_int_eq(vr_xive_hcall(x, 0x3D4, a), H_FUNCTION);
	xive_ok(x);
	vr_xive_destroy(x);
}
END_TEST

static const struct vr_test spapr_tests[] = {
	VR_TEST(test_claim_and_activate),
	VR_TEST(test_prio_ff_leaves_kvm_routing),
	VR_TEST(test_esb_offset_reaches_next_source),
	VR_TEST(test_lsi_load_eoi),
	VR_TEST(test_reset),
};

static const struct vr_tcase xive_kvm_spapr_tcases[] = {
	VR_TCASE("hcalls", spapr_tests),
};

const struct vr_suite vr_suite_xive_kvm_spapr = VR_SUITE("xive_kvm_spapr", xive_kvm_spapr_tcases);
