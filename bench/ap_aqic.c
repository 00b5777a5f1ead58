/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A guest's PQAP(AQIC) enable and disable, intercepted by KVM
 * (handle_pqap()) and handled by vfio_ap (NIB pin, GISC registration,
 * host AQIC; on disable the host AQIC, the wait for I to clear, unpin and
 * unregister), and an NQAP/DQAP request-reply pair on the hardware.
 * Targets, as ratios to the baseline step: 70 x per AQIC round trip and
 * 35 x per request-reply pair (200 and 100 ns where the baseline step
 * takes 2.8 ns), no allocation on either path.
 */
#include <stdlib.h>
#include <virtref/alloc.h>
#include <virtref/ap.h>
#include <virtref/mem.h>
#include "bench.h"

#define ROUND_TRIPS 400000u
#define PAIRS 2000000u

static struct vr_ap *guest(void)
{
	struct vr_ap_config cfg;
	struct vr_ap *ap;

	vr_ap_config_default(&cfg);
	cfg.crycb = VR_AP_CRYCB_2;
	cfg.gisa = 0x00ab0000;
	cfg.irq_lag = 0;
	if (vr_ap_create(&cfg, &ap) || vr_mem_add(vr_ap_guest(ap), 0, 0x10000) ||
	    vr_ap_add_adapter(ap, 5, 13, VR_AP_COPROCESSOR, 8) || vr_ap_add_domain(ap, 4) ||
	    vr_ap_queue_probe(ap, 0x0504) || vr_ap_mdev_create(ap, 0) ||
	    vr_ap_mdev_store(ap, 0, "assign_adapter", "5") != 1 ||
	    vr_ap_mdev_store(ap, 0, "assign_domain", "4") != 1 || vr_ap_mdev_open(ap, 0))
		abort();
	return ap;
}

int main(void)
{
	struct vr_ap *ap = guest();
	struct vr_ap_guest_result g;
	struct vr_ap_result r;
	uint64_t allocs, sum = 0;
	double t0, ns;
	unsigned int i;
	int missed = 0;

	allocs = vr_alloc_attempts();
	t0 = vr_bench_now_ns();
	for (i = 0; i < ROUND_TRIPS; i++) {
		vr_ap_guest_pqap(ap, 0x03000504, VR_AP_AQIC_IR | 3, 0x7000, false, 0, &g);
		sum += g.gr1;
		vr_ap_guest_pqap(ap, 0x03000504, 0, 0, false, 0, &g);
		sum += g.gr1;
	}
	ns = vr_bench_now_ns() - t0;
	vr_bench_keep(sum);
	if (sum != (uint64_t)ROUND_TRIPS * (0x81000000ull + 0x80000000ull)) {
		fprintf(stderr, "an AQIC did not answer RC 0\n");
		return 2;
	}
	missed |= vr_bench_report("guest PQAP(AQIC) enable + disable through KVM and vfio_ap",
				  ns / ROUND_TRIPS, 70);
	printf("  %llu allocations on the path\n",
	       (unsigned long long)(vr_alloc_attempts() - allocs));

	sum = 0;
	allocs = vr_alloc_attempts();
	t0 = vr_bench_now_ns();
	for (i = 0; i < PAIRS; i++) {
		vr_ap_nqap(ap, 0x40000504, 2, 4, i, 0, 64, false, false, &r);
		vr_ap_reply(ap, 0x0504, i, 32);
		vr_ap_dqap(ap, 0x80000504, 2, 4, 0, 64, false, &r);
		sum += r.psmid;
	}
	ns = vr_bench_now_ns() - t0;
	vr_bench_keep(sum);
	if (sum != (uint64_t)PAIRS * (PAIRS - 1) / 2) {
		fprintf(stderr, "a reply was lost\n");
		return 2;
	}
	missed |= vr_bench_report("NQAP, reply, DQAP", ns / PAIRS, 35);
	printf("  %llu allocations on the path\n",
	       (unsigned long long)(vr_alloc_attempts() - allocs));
	(void)missed;
	vr_ap_destroy(ap);
	return 0;
}
