// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The dump, the Graphviz picture, and the value describers narration and
 * the dump share.
 */
#include <virtref/text.h>
#include "xive_internal.h"

const char *vri_xive_pq_name(u8 pq)
{
	static const char *const names[4] = { "00 (reset)", "01 (off)", "10 (pending)",
					      "11 (queued)" };

	return names[pq & 3];
}

static void dump_sources(const struct vr_xive *x, struct vr_text *out)
{
	u32 s, shown = 0;

	for (s = 0; s < x->hw.nr_irqs; s++) {
		const struct vri_xive_source *src = &x->hw.src[s];
		u64 eas = x->hw.eas[s];

		if (src->pq == VR_XIVE_XIVE_ESB_OFF && !eas && !src->lsi)
			continue;
		if (shown++ == 64) {
			vr_text_printf(out, "  ... (more sources not shown)\n");
			return;
		}
		vr_text_printf(out, "  source %u: %s PQ %s%s, EAS 0x%016llx", s,
			       src->lsi ? "LSI" : "MSI", vri_xive_pq_name(src->pq),
			       src->asserted ? " asserted" : "", (unsigned long long)eas);
		if (eas & VR_XIVE_EAS_VALID)
			vr_text_printf(out, " -> END %llu data 0x%llx%s",
				       (unsigned long long)((eas & VR_XIVE_EAS_END_INDEX) >> 32),
				       (unsigned long long)(eas & VR_XIVE_EAS_END_DATA),
				       eas & VR_XIVE_EAS_MASKED ? " masked" : "");
		vr_text_printf(out, "\n");
	}
}

static void dump_ends(const struct vr_xive *x, struct vr_text *out)
{
	unsigned int v;
	u8 p;

	for (v = 0; v < x->hw.nr_vcpus; v++) {
		for (p = 0; p <= VR_XIVE_XIVE_PRIORITY_MAX; p++) {
			const struct vri_xive_end *e = &x->hw.end[VR_XIVE_END_INDEX(v, p)];
			const struct vri_xive_guest_q *q = &x->cpu[v].q[p];

			if (!(e->w[0] & VR_XIVE_END_W0_VALID))
				continue;
			vr_text_printf(
				out,
				"  END %u (vCPU %u prio %u): queue 0x%llx, %u entries, index "
				"%u gen %u%s%s, ESn %u; %llu written, guest read %llu "
				"(reader index %u toggle %u)%s\n",
				VR_XIVE_END_INDEX(v, p), v, p,
				(unsigned long long)vri_xive_end_qaddr(e), vri_xive_end_entries(e),
				e->w[1] & VR_XIVE_END_W1_PAGE_OFF,
				!!(e->w[1] & VR_XIVE_END_W1_GENERATION),
				e->w[0] & VR_XIVE_END_W0_UCOND_NOTIFY ? ", always notify" : "",
				e->w[0] & VR_XIVE_END_W0_ESCALATE_CTL ? ", escalates" : "",
				(e->w[1] & VR_XIVE_END_W1_ESn) >> 30,
				(unsigned long long)e->produced, (unsigned long long)q->consumed,
				q->idx, q->toggle,
				e->shared ? "; queue memory shared with another END" : "");
		}
	}
}

void vr_xive_dump(struct vr_xive *x, struct vr_text *out)
{
	const struct vri_xive_ledger *l = &x->hw.ledger;
	unsigned int v;

	vr_text_printf(out, "profile %s: %s (%s)\n", x->prof->name, x->prof->summary,
		       x->prof->origin);
	vr_text_printf(out, "TIMA %s, %u vCPUs, %u sources, ESB shift %u%s\n",
		       vri_xive_tima_names[x->hw.tima], x->hw.nr_vcpus, x->hw.nr_irqs,
		       x->hw.esb_shift, x->hw.store_eoi ? ", StoreEOI" : "");
	dump_sources(x, out);
	dump_ends(x, out);
	for (v = 0; v < x->hw.nr_vcpus; v++) {
		u8 r[8];
		int on = vr_xive_os_ring(x, v, r);

		vr_text_printf(out,
			       "  vCPU %u %s: NSR 0x%02x CPPR 0x%02x IPB 0x%02x PIPR 0x%02x; "
			       "backup IPB 0x%02x, %llu escalations; guest CPPR 0x%02x pending "
			       "0x%02x, %u ACKs not more favoured than its CPPR\n",
			       v, on ? "dispatched" : "not dispatched", r[TM_NSR], r[TM_CPPR],
			       r[TM_IPB], r[TM_PIPR], vr_xive_nvt_ipb(x, v),
			       (unsigned long long)x->hw.nvt[v].escalations, x->cpu[v].cppr,
			       x->cpu[v].pending_prio, x->cpu[v].odd_acks);
	}
	vr_text_printf(out,
		       "  events: %llu triggers, %llu forwarded (%llu by EOI), %llu coalesced, "
		       "%llu off, %llu enqueued, %llu to masked EAS, %llu to invalid EAS/END\n",
		       (unsigned long long)l->triggers, (unsigned long long)l->forwarded,
		       (unsigned long long)l->reforwarded, (unsigned long long)l->coalesced,
		       (unsigned long long)l->off, (unsigned long long)l->enqueued,
		       (unsigned long long)l->eas_masked, (unsigned long long)l->eas_invalid);
}

void vri_xive_dump(void *model, struct vr_text *out)
{
	vr_xive_dump(model, out);
}

void vri_xive_dot(void *model, struct vr_text *out)
{
	const struct vr_xive *x = model;
	unsigned int v;
	u32 s, shown = 0;
	u8 p;

	vr_text_printf(out, "digraph xive {\n  rankdir=LR;\n  node [shape=box];\n");
	for (s = 0; s < x->hw.nr_irqs && shown < 64; s++) {
		u64 eas = x->hw.eas[s];

		if (!(eas & VR_XIVE_EAS_VALID))
			continue;
		shown++;
		vr_text_printf(out, "  src%u [label=\"source %u\\nPQ %s\"];\n", s, s,
			       vri_xive_pq_name(x->hw.src[s].pq));
		vr_text_printf(out, "  src%u -> end%llu [label=\"EISN 0x%llx%s\"];\n", s,
			       (unsigned long long)((eas & VR_XIVE_EAS_END_INDEX) >> 32),
			       (unsigned long long)(eas & VR_XIVE_EAS_END_DATA),
			       eas & VR_XIVE_EAS_MASKED ? " (masked)" : "");
	}
	for (v = 0; v < x->hw.nr_vcpus; v++) {
		u8 r[8];
		int on = vr_xive_os_ring(x, v, r);

		vr_text_printf(
			out,
			"  vp%u [shape=record,label=\"{VP %u (%s)|CPPR 0x%02x|IPB 0x%02x|PIPR "
			"0x%02x|NSR 0x%02x}\"];\n",
			v, v, on ? "dispatched" : "backup IPB", r[TM_CPPR],
			on ? r[TM_IPB] : vr_xive_nvt_ipb(x, v), r[TM_PIPR], r[TM_NSR]);
		for (p = 0; p <= VR_XIVE_XIVE_PRIORITY_MAX; p++) {
			const struct vri_xive_end *e = &x->hw.end[VR_XIVE_END_INDEX(v, p)];
			u32 i = VR_XIVE_END_INDEX(v, p);

			if (!(e->w[0] & VR_XIVE_END_W0_VALID))
				continue;
			vr_text_printf(out,
				       "  end%u [label=\"END %u prio %u\\nindex %u gen %u\"];\n"
				       "  end%u -> vp%u;\n",
				       i, i, p, e->w[1] & VR_XIVE_END_W1_PAGE_OFF,
				       !!(e->w[1] & VR_XIVE_END_W1_GENERATION), i, v);
		}
	}
	vr_text_printf(out, "}\n");
}
