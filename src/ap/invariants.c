/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The ap model's invariants; they read state only.  (a) and (b): the
 * kernel layer's pins and GISC references, and who owns which queue
 * (below).  (c) no reply is
 * lost: every request enqueued is outstanding, waiting, dequeued once or
 * discarded by a reset; the queue state the status word reports is
 * consistent; and (d) the cc and response code a guest saw for its last
 * PQAP(AQIC) are those of the architecture's table (docs/ap.md "AQIC"),
 * unless the kernel layer's profile documents its own answer.
 */
#include <virtref/mem.h>
#include <virtref/text.h>
#include "ap/ap_internal.h"

/*
 * (a) Resource balance: every pinned NIB page and every GISC reference
 * belongs to exactly one queue bound to vfio_ap that saved it, and the
 * alert mask holds exactly the referenced GISCs.
 */
static int check_resources(struct vr_ap *ap, struct vr_text *why)
{
	const struct kvm_s390_gisa_iam *alert = &ap->host.kvm.arch.gisa_int.alert;
	const struct vfio_ap_queue *q;
	uint32_t refs[8] = { 0 };
	uint64_t pins = 0;
	int bad = 0;

	for (int a = 0; a < ap->hw.nadapters; a++) {
		for (int d = 0; d < ap->hw.ndomains; d++) {
			q = vri_ap_bound_queue(ap, a, d);
			if (!q)
				continue;
			pins += vri_ap_saved_nib(q) != 0;
			if (q->saved_isc < 8)
				refs[q->saved_isc]++;
		}
	}
	for (uint32_t g = 0; g < 8; g++) {
		if (alert->ref_count[g] != refs[g]) {
			vr_text_printf(why, "GISC %u: %u references, %u queues saved it\n", g,
				       alert->ref_count[g], refs[g]);
			bad = 1;
		}
		if (!!(alert->mask & (0x80u >> g)) != (alert->ref_count[g] != 0)) {
			vr_text_printf(why, "GISC %u: alert mask 0x%02x, %u references\n", g,
				       alert->mask, alert->ref_count[g]);
			bad = 1;
		}
	}
	/*
	 * The AP stores a guest's NIB through the host: where the host
	 * enabled it, only into a page it pins.
	 */
	for (int a = 0; a < ap->hw.nadapters; a++) {
		for (int d = 0; d < ap->hw.ndomains; d++) {
			const struct vri_ap_queue *hq = &ap->hw.queue[a][d];
			uint64_t page = (hq->nib - VR_AP_HOST_GUEST_BASE) >> VR_PAGE_SHIFT;

			if (hq->host_enabled && hq->irq && hq->guest_delivery &&
			    hq->nib >= VR_AP_HOST_GUEST_BASE &&
			    !vr_mem_pin_count(ap->hw.guest, page)) {
				vr_text_printf(why,
					       "%02x.%04x: interruptions on with the NIB in guest "
					       "page 0x%llx, which nothing pins\n",
					       ap->hw.adapter[a].apid, ap->hw.domain[d],
					       (unsigned long long)page);
				bad = 1;
			}
		}
	}
	if (ap->host.pins != pins) {
		vr_text_printf(why, "%llu NIB pages pinned, %llu queues saved one\n",
			       (unsigned long long)ap->host.pins, (unsigned long long)pins);
		bad = 1;
	}
	return bad;
}

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
	/* The right RC under a wrong cc is a defect of its own (KVM's, not vfio_ap's). */
	if (n->rc == rc) {
		vr_text_printf(why,
			       "%02x.%04x: PQAP(AQIC) IR=%d answered RC 0x%02x with cc %u, the "
			       "architecture's cc %u\n",
			       VR_AP_APID(n->apqn), VR_AP_APQI(n->apqn), n->ir, n->rc, n->cc, cc);
		return 1;
	}
	vr_text_printf(why,
		       "%02x.%04x: PQAP(AQIC) IR=%d answered cc %u RC 0x%02x, the "
		       "architecture cc %u RC 0x%02x\n",
		       VR_AP_APID(n->apqn), VR_AP_APQI(n->apqn), n->ir, n->cc, n->rc, cc, rc);
	return 1;
}

/* The mdev a guest uses, or NULL. */
static const struct ap_matrix_mdev *mdev_in_use(struct vr_ap *ap)
{
	const struct ap_matrix_mdev *m;

	list_for_each_entry(m, &ap->host.md->mdev_list, node)
		if (m->kvm)
			return m;
	return NULL;
}

/* Whether queue @apqn is bound to vfio_ap. */
static bool bound(struct vr_ap *ap, uint32_t apqn)
{
	int a = vri_ap_adapter_slot(&ap->hw, VR_AP_APID(apqn));
	int d = vri_ap_domain_slot(&ap->hw, VR_AP_APQI(apqn));

	return a >= 0 && d >= 0 && vri_ap_bound_queue(ap, a, d);
}

/* v4: whether queue @apqn is on @m's list. */
static bool owns(const struct ap_matrix_mdev *m, uint32_t apqn)
{
	const struct vfio_ap_queue *q;

	list_for_each_entry(q, &m->qlist, list)
		if ((uint32_t)q->apqn == apqn)
			return true;
	return false;
}

/* Whether two mdevs' matrices share a queue. */
static bool share(const struct ap_matrix *x, const struct ap_matrix *y)
{
	bool apm = false, aqm = false;

	for (size_t i = 0; i < VR_ARRAY_SIZE(x->apm); i++) {
		apm |= (x->apm[i] & y->apm[i]) != 0;
		aqm |= (x->aqm[i] & y->aqm[i]) != 0;
	}
	return apm && aqm;
}

/*
 * (b) Ownership: no queue is usable through two mdevs (v4: every bound
 * queue is on exactly one list), and the guest's CRYCB addresses only
 * what its mdev was assigned and what is bound to vfio_ap (v4: what is
 * on its mdev's list).
 */
static int check_ownership(struct vr_ap *ap, struct vr_text *why)
{
	const struct ap_matrix_mdev *m, *n, *user = mdev_in_use(ap);
	const struct vri_ap_hw *hw = &ap->hw;
	const struct vfio_ap_queue *q;
	int bad = 0;

	list_for_each_entry(m, &ap->host.md->mdev_list, node) {
		for (n = list_next_entry(m, node); &n->node != &ap->host.md->mdev_list;
		     n = list_next_entry(n, node)) {
			if (!vri_ap_profile(ap)->free_list && share(&m->matrix, &n->matrix)) {
				vr_text_printf(why, "two mdevs' matrices share a queue\n");
				bad = 1;
			}
		}
	}
	for (int a = 0; a < hw->nadapters && vri_ap_profile(ap)->free_list; a++) {
		for (int d = 0; d < hw->ndomains; d++) {
			const struct vfio_ap_queue *o;
			int lists = 0;

			q = vri_ap_bound_queue(ap, a, d);
			if (!q)
				continue;
			list_for_each_entry(o, &ap->host.md->free_list, list)
				lists += o == q;
			list_for_each_entry(m, &ap->host.md->mdev_list, node)
				list_for_each_entry(o, &m->qlist, list)
					lists += o == q;
			if (lists != 1) {
				vr_text_printf(why, "%02x.%04x: on %d queue lists\n",
					       AP_QID_CARD(q->apqn), AP_QID_QUEUE(q->apqn), lists);
				bad = 1;
			}
		}
	}
	/* Without a guest on an mdev the CRYCB is not vfio_ap's (crycb_set writes it). */
	if (hw->cfg.crycb == VR_AP_CRYCB_NONE || !user)
		return bad;
	for (uint32_t a = 0; a < 256; a++) {
		if (!vri_ap_crycb_test(hw, VR_AP_APM, a))
			continue;
		if (!test_bit_inv(a, user->matrix.apm)) {
			vr_text_printf(why, "CRYCB: adapter %02x is not its mdev's\n", a);
			bad = 1;
		}
		for (uint32_t d = 0; d < 256; d++) {
			const struct vri_ap_adapter *ad;

			if (!vri_ap_crycb_test(hw, VR_AP_AQM, d))
				continue;
			if (!vri_ap_queue((struct vri_ap_hw *)hw, VR_AP_APQN(a, d), &ad))
				continue;
			if (!bound(ap, VR_AP_APQN(a, d))) {
				vr_text_printf(why,
					       "CRYCB: queue %02x.%04x is not bound to vfio_ap\n",
					       a, d);
				bad = 1;
			} else if (vri_ap_profile(ap)->free_list && !owns(user, VR_AP_APQN(a, d))) {
				vr_text_printf(why,
					       "CRYCB: queue %02x.%04x is not on its mdev's list\n",
					       a, d);
				bad = 1;
			}
		}
	}
	for (uint32_t d = 0; d < 256; d++) {
		if (vri_ap_crycb_test(hw, VR_AP_AQM, d) && !test_bit_inv(d, user->matrix.aqm)) {
			vr_text_printf(why, "CRYCB: domain %04x is not its mdev's\n", d);
			bad = 1;
		}
	}
	return bad;
}

/*
 * (b) The guest's kvm: KVM's PQAP hook names the mdev a guest uses, and
 * each mdev using the guest holds one reference to it.
 */
static int check_kvm(struct vr_ap *ap, struct vr_text *why)
{
	const struct kvm *kvm = &ap->host.kvm;
	const struct ap_matrix_mdev *m, *hooked = NULL;
	int users = 0, bad = 0;

	list_for_each_entry(m, &ap->host.md->mdev_list, node) {
		users += m->kvm != NULL;
		if (kvm->arch.crypto.pqap_hook == &m->pqap_hook)
			hooked = m;
	}
	if (hooked && !hooked->kvm) {
		vr_text_printf(why, "KVM's PQAP hook names an mdev no guest uses\n");
		bad = 1;
	}
	if (kvm->users_count != 1 + users) {
		vr_text_printf(why, "%d references to the guest's kvm, %d mdevs use it\n",
			       kvm->users_count - 1, users);
		bad = 1;
	}
	return bad;
}

int vr_ap_invariants(struct vr_ap *ap, struct vr_text *why)
{
	const struct vri_ap_hw *hw = &ap->hw;
	int bad = check_aqic(&hw->aqic_note, why) | check_resources(ap, why) |
		  check_ownership(ap, why) | check_kvm(ap, why);

	for (int a = 0; a < hw->nadapters; a++)
		for (int d = 0; d < hw->ndomains; d++)
			bad |= check_queue(&hw->queue[a][d], &hw->adapter[a], hw->domain[d], why);
	return bad;
}
