/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The ap model's invariants; they read state only.  (c) no reply is
 * lost: every request enqueued is outstanding, waiting, dequeued once or
 * discarded by a reset; the queue state the status word reports is
 * consistent; and (d) the cc and response code a guest saw for its last
 * PQAP(AQIC) are those of the architecture's table (docs/ap.md "AQIC"),
 * unless the kernel layer's profile documents its own answer.
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

/*
 * The architecture's answer to AQIC, by situation (z/Architecture
 * Principles of Operation, "Adjunct Processor", PQAP(AQIC)): the queue's
 * own condition first, then "already as requested or changing", then an
 * unusable NIB on enable, else success.
 */
static enum vr_ap_rc aqic_architected(const struct vri_ap_aqic_note *n)
{
	if (n->queue_rc != VR_AP_RC_NORMAL)
		return n->queue_rc;
	if (n->ir == n->was_on || n->changing)
		return VR_AP_RC_OTHERWISE_CHANGED;
	if (n->ir && !n->nib_ok)
		return VR_AP_RC_INVALID_ADDRESS;
	return VR_AP_RC_NORMAL;
}

static int check_aqic(const struct vri_ap_aqic_note *n, struct vr_text *why)
{
	enum vr_ap_rc rc = aqic_architected(n);
	uint8_t cc = rc == VR_AP_RC_NORMAL ? 0 : 3;

	if (!n->valid || n->deviation || (n->rc == rc && n->cc == cc))
		return 0;
	vr_text_printf(why,
		       "%02x.%04x: PQAP(AQIC) IR=%d answered cc %u RC 0x%02x, the "
		       "architecture cc %u RC 0x%02x\n",
		       VR_AP_APID(n->apqn), VR_AP_APQI(n->apqn), n->ir, n->cc, n->rc, cc, rc);
	return 1;
}

int vr_ap_invariants(struct vr_ap *ap, struct vr_text *why)
{
	const struct vri_ap_hw *hw = &ap->hw;
	int bad = check_aqic(&hw->aqic_note, why);

	for (int a = 0; a < hw->nadapters; a++)
		for (int d = 0; d < hw->ndomains; d++)
			bad |= check_queue(&hw->queue[a][d], &hw->adapter[a], hw->domain[d], why);
	return bad;
}
