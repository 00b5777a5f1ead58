/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The MSI round trip on the xive model, as a guest driver makes it:
 * trigger store on the ESB -> enqueue into the guest's queue -> ACK ->
 * the guest reads the entry -> EOI with SET_PQ_00 and a peek at the
 * queue.  Round-robin over 64 sources into one 64 KiB queue, with a
 * check that the path allocates nothing.  Target: 18 x the baseline step
 * per event (20 M events/s where the baseline step takes 2.8 ns).
 */
#include <stdlib.h>
#include <virtref/alloc.h>
#include <virtref/mem.h>
#include <virtref/xive.h>
#include "bench.h"

#define SOURCES 64u
#define EVENTS 4000000u

int main(void)
{
	struct vr_xive_config cfg;
	struct vr_xive *x;
	u64 v, allocs, sum = 0;
	double t0, ns;
	unsigned int i;
	bool replay;
	u16 ack;
	u32 irq;

	vr_xive_config_default(&cfg);
	cfg.nr_vcpus = 1;
	if (vr_xive_create(&cfg, &x) || vr_mem_add(vr_xive_guest_mem(x), 0x100000, 0x10000) ||
	    vr_xive_end_config(x, 0, 6, 0x100000, 16, true, false) || vr_xive_vp_push(x, 0) ||
	    vr_xive_guest_setup(x, 0))
		abort();
	for (i = 0; i < SOURCES; i++) {
		vr_xive_set_eas(x, i, vr_xive_eas(VR_XIVE_END_INDEX(0, 6), i + 1, false));
		vr_xive_esb_load(x, vr_xive_esb_addr(x, i, true) + XIVE_ESB_SET_PQ_00, 8, &v);
	}
	allocs = vr_alloc_attempts();
	t0 = vr_bench_now_ns();
	for (i = 0; i < EVENTS; i++) {
		u32 s = i % SOURCES;

		vr_xive_esb_store(x, vr_xive_esb_addr(x, s, false), 8, 0);
		vr_xive_guest_get_irq(x, 0, &ack, &irq);
		vr_xive_guest_eoi(x, 0, irq - 1, &replay);
		sum += irq;
	}
	ns = vr_bench_now_ns() - t0;
	vr_bench_keep(sum);
	if (sum != (u64)(EVENTS / SOURCES) * (SOURCES * (SOURCES + 1) / 2)) {
		fprintf(stderr, "the guest did not read every event once\n");
		return 2;
	}
	vr_bench_report("MSI round trip: trigger, enqueue, ACK, read, EOI", ns / EVENTS, 18);
	printf("  = %.2f M events/s, %llu allocations on the path\n", EVENTS / ns * 1e3,
	       (unsigned long long)(vr_alloc_attempts() - allocs));
	vr_xive_destroy(x);
	return 0;
}
