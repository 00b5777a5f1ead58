/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The ap model's invariants; they read state only.  (c) no reply is
 * lost: every request enqueued is outstanding, waiting, dequeued once or
 * discarded by a reset; and the queue state the status word reports is
 * consistent.
 */
#include <virtref/text.h>
#include "ap/ap_internal.h"

static int check_queue(const struct vri_ap_queue *q, const struct vri_ap_adapter *a, uint32_t apqi,
		       struct vr_text *why)
{
	int bad = 0;

	if (q->enqueued != q->nmsg + q->dequeued + q->discarded) {
		vr_text_printf(why,
			       "%02x.%04x: %llu requests enqueued, %u held, %llu dequeued, "
			       "%llu discarded\n",
			       a->apid, apqi, (unsigned long long)q->enqueued, q->nmsg,
			       (unsigned long long)q->dequeued, (unsigned long long)q->discarded);
		bad = 1;
	}
	if (q->nmsg > a->depth) {
		vr_text_printf(why, "%02x.%04x: %u messages on a queue of depth %u\n", a->apid,
			       apqi, q->nmsg, a->depth);
		bad = 1;
	}
	if (!q->irq_lag && q->irq_shown != q->irq) {
		vr_text_printf(why, "%02x.%04x: the I bit disagrees with AQIC and nothing lags\n",
			       a->apid, apqi);
		bad = 1;
	}
	return bad;
}

int vr_ap_invariants(struct vr_ap *ap, struct vr_text *why)
{
	const struct vri_ap_hw *hw = &ap->hw;
	int bad = 0;

	for (int a = 0; a < hw->nadapters; a++)
		for (int d = 0; d < hw->ndomains; d++)
			bad |= check_queue(&hw->queue[a][d], &hw->adapter[a], hw->domain[d], why);
	return bad;
}
