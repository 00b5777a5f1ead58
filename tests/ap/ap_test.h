/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Helpers shared by the ap suites: an instance with adapter 5 (a CEX7
 * coprocessor of depth 2) and domain 4, so queue 05.0004, and one PQAP
 * taken to its status word.
 */
#ifndef VIRTREF_TESTS_AP_TEST_H
#define VIRTREF_TESTS_AP_TEST_H

#include <virtref/ap.h>
#include <virtref/mem.h>
#include "vr_test.h"

#define APQN 0x0504u

static inline struct vr_ap *new_ap(struct vr_ap_config *cfg)
{
	struct vr_ap *ap;

	ck_assert_int_eq(vr_ap_create(cfg, &ap), 0);
	ck_assert_int_eq(vr_mem_add(vr_ap_guest(ap), 0, 0x10000), 0);
	ck_assert_int_eq(vr_ap_add_adapter(ap, 5, 13, VR_AP_COPROCESSOR, 2), 0);
	ck_assert_int_eq(vr_ap_add_domain(ap, 4), 0);
	return ap;
}

/* PQAP without an exception: cc 3 exactly when the RC is not 0; the APQSW. */
static inline uint32_t pqap_qsw(struct vr_ap *ap, uint64_t gr0, uint64_t gr1, uint64_t gr2)
{
	struct vr_ap_result r;

	vr_ap_pqap(ap, gr0, gr1, gr2, false, &r);
	ck_assert_int_eq(r.exception, VR_AP_EXC_NONE);
	ck_assert_uint_eq(r.cc, vr_ap_qsw_rc((uint32_t)r.gr1) ? 3 : 0);
	return (uint32_t)r.gr1;
}

#endif
