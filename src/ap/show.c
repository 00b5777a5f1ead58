/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The ap model's dump and its picture: adapters x domains, each queue's
 * messages and interruption state, and vfio_ap's mdevs with the queues
 * they own and what vfio_ap holds for each (the pinned NIB, the GISC).
 */
#include <virtref/text.h>
#include "ap/ap_internal.h"

static const char *const state_names[] = { "online", "deconfigured", "check-stopped" };

static void queue_line(struct vr_text *out, const struct vri_ap_queue *q)
{
	vr_text_printf(out, "%u requests, %u replies", q->nmsg - vri_ap_queue_replies(q),
		       vri_ap_queue_replies(q));
	if (q->irq && q->guest_delivery)
		vr_text_printf(out, ", interruptions on for the guest (NIB 0x%llx GISC %u ISC %u)",
			       (unsigned long long)q->nib, q->gisc, q->isc);
	else if (q->irq)
		vr_text_printf(out, ", interruptions on (NIB 0x%llx ISC %u)",
			       (unsigned long long)q->nib, q->isc);
	if (q->irq_lag)
		vr_text_printf(out, ", I bit %u TAPQs behind", q->irq_lag);
	if (q->reset_left)
		vr_text_printf(out, ", reset running");
}

/* What vfio_ap holds for queue [a][d], if it is bound. */
static void vfio_line(struct vr_text *out, const struct vr_ap *ap, int a, int d)
{
	const struct vfio_ap_queue *q;

	q = vri_ap_bound_queue(ap, a, d);
	if (!q)
		return;
	vr_text_puts(out, ", vfio_ap");
	if (vri_ap_saved_nib(q))
		vr_text_printf(out, ", NIB 0x%llx pinned", (unsigned long long)vri_ap_saved_nib(q));
	if (q->saved_isc != VFIO_AP_ISC_INVALID)
		vr_text_printf(out, ", GISC %u registered", q->saved_isc);
}

void vr_ap_dump(struct vr_ap *ap, struct vr_text *out)
{
	const struct vri_ap_hw *hw = &ap->hw;

	vr_text_printf(out, "ap profile %s, APXA %s, pending ISCs 0x%02x\n",
		       vri_ap_profiles[hw->cfg.profile].name, hw->cfg.apxa ? "yes" : "no",
		       hw->pending_iscs);
	if (hw->cfg.crycb != VR_AP_CRYCB_NONE)
		vr_text_printf(out, "CRYCB 0x%08x (format %u)\n", vri_ap_crycbd(hw),
			       (unsigned)hw->cfg.crycb - 1);
	if (hw->cfg.gisa)
		vr_text_printf(out, "GISA 0x%08x: IPM 0x%02x IAM 0x%02x%s%s\n", hw->cfg.gisa,
			       ((const uint8_t *)hw->gisa_area)[VR_AP_GISA_IPM],
			       ((const uint8_t *)hw->gisa_area)[VR_AP_GISA_IAM],
			       hw->gisa.running ? ", running" : "",
			       hw->gisa.alerted ? ", alerted" : "");
	for (int a = 0; a < hw->nadapters; a++) {
		const struct vri_ap_adapter *ad = &hw->adapter[a];

		vr_text_printf(out, "adapter %02x: type %u, depth %u, %s\n", ad->apid, ad->type,
			       ad->depth, state_names[ad->state]);
		for (int d = 0; d < hw->ndomains; d++) {
			vr_text_printf(out, "  %02x.%04x: ", ad->apid, hw->domain[d]);
			queue_line(out, &hw->queue[a][d]);
			vfio_line(out, ap, a, d);
			vr_text_puts(out, "\n");
		}
	}
}

/* Each mdev, and an edge to every queue of its APM x AQM. */
static void dot_mdevs(struct vr_text *out, const struct vr_ap *ap)
{
	const struct vri_ap_hw *hw = &ap->hw;

	for (uint32_t i = 0; i < VR_AP_MAX_MDEVS; i++) {
		const struct ap_matrix_mdev *m;

		if (!ap->host.mdev[i])
			continue;
		m = mdev_get_drvdata(ap->host.mdev[i]);
		vr_text_printf(out, "\tmdev%u [label=\"mdev %u%s\", shape=component];\n", i, i,
			       m->kvm ? "\\nguest" : "");
		for (int a = 0; a < hw->nadapters; a++)
			for (int d = 0; d < hw->ndomains; d++)
				if (test_bit_inv(hw->adapter[a].apid, m->matrix.apm) &&
				    test_bit_inv(hw->domain[d], m->matrix.aqm))
					vr_text_printf(out,
						       "\tmdev%u -> q%02x%04x [style=dashed];\n", i,
						       hw->adapter[a].apid, hw->domain[d]);
	}
}

void vr_ap_dot(struct vr_ap *ap, struct vr_text *out)
{
	const struct vri_ap_hw *hw = &ap->hw;

	vr_text_puts(out, "digraph ap {\n\tnode [shape=box];\n");
	for (int a = 0; a < hw->nadapters; a++)
		vr_text_printf(out, "\ta%02x [label=\"adapter %02x\\ntype %u, %s\"];\n",
			       hw->adapter[a].apid, hw->adapter[a].apid, hw->adapter[a].type,
			       state_names[hw->adapter[a].state]);
	for (int d = 0; d < hw->ndomains; d++)
		vr_text_printf(out, "\td%04x [label=\"domain %04x\", shape=ellipse];\n",
			       hw->domain[d], hw->domain[d]);
	for (int a = 0; a < hw->nadapters; a++) {
		for (int d = 0; d < hw->ndomains; d++) {
			const struct vri_ap_queue *q = &hw->queue[a][d];
			unsigned apid = hw->adapter[a].apid, apqi = hw->domain[d];

			vr_text_printf(out, "\tq%02x%04x [label=\"%02x.%04x\\n", apid, apqi, apid,
				       apqi);
			queue_line(out, q);
			vfio_line(out, ap, a, d);
			vr_text_printf(out, "\"%s];\n", q->irq ? ", style=bold" : "");
			vr_text_printf(out, "\ta%02x -> q%02x%04x;\n\td%04x -> q%02x%04x;\n", apid,
				       apid, apqi, apqi, apid, apqi);
		}
	}
	dot_mdevs(out, ap);
	vr_text_puts(out, "}\n");
}
