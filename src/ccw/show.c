/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Views of the ccw model: the chains of a translated program, the dump,
 * the Graphviz picture, and the describers narration and dump share.
 */
#include <string.h>
#include <virtref/mem.h>
#include <virtref/text.h>
#include "ccw/ccw_internal.h"

/* Snapshot of the chains for the picture and the dump. */
void vri_ccw_remember_chains(struct vr_ccw *c, const struct channel_program *cp)
{
	c->nshown = vr_ccw_cp_chains(cp, c->shown, VR_CCW_SHOWN_MAX);
	c->shown_fmt1 = cp->orb.cmd.fmt;
}

/* head <= cpa <= head + 8 * (len - 1), in 32-bit arithmetic, as the kernel compares. */
static bool within(u32 cpa, u32 head, int len)
{
	return head <= cpa && cpa <= head + (u32)(len - 1) * 8u;
}

/* Whether a chain before @upto in @cp's list holds @cda. */
static bool chain_seen(const struct channel_program *cp, const struct vri_ccw_block *upto, u32 cda)
{
	const struct vri_ccw_block *b;

	list_for_each_entry(b, &cp->vr_chains, chain_node) {
		if (b == upto)
			break;
		if (within(cda, (u32)b->head, b->ch_len))
			return true;
	}
	return false;
}

/*
 * Gives @b's TIC targets that no chain before *@next holds to the chains
 * from *@next on, depth first, as ccwchain_loop_tic() built them.  The
 * host copy holds the CCWs as cp_init() converted them, in the CPU's
 * byte order, their TICs still naming guest addresses.
 */
static void chains_follow(struct device *mdev, const struct channel_program *cp,
			  const struct vri_ccw_block *b, struct vri_ccw_block **next)
{
	const struct ccw1 *ccw = vri_ccw_dma_lookup(mdev, b->phys, b->len);
	struct vri_ccw_block *n;
	int i;

	for (i = 0; ccw && i < b->ch_len; i++) {
		if (ccw[i].cmd_code != CCW_CMD_TIC || chain_seen(cp, *next, ccw[i].cda))
			continue;
		if (!*next)
			return;
		n = *next;
		n->head = ccw[i].cda;
		*next = list_is_last(&n->chain_node, &cp->vr_chains)
				? NULL
				: list_next_entry(n, chain_node);
		chains_follow(mdev, cp, n, next);
	}
}

void vri_ccw_chains_seen(struct channel_program *cp, u64 seq, u32 cpa)
{
	struct device *mdev = cp->mdev;
	struct vri_ccw_block *b, *at, *next;

	while (!list_empty(&cp->vr_chains))
		list_del_init(cp->vr_chains.next);
	/* The pool is by address; the chains go by allocation, as the list does. */
	list_for_each_entry(b, &mdev->dma.blocks, node) {
		if (b->prog != cp || b->seq < seq)
			continue;
		b->ch_len = (int)(b->len / sizeof(struct ccw1));
		list_for_each_entry_reverse(at, &cp->vr_chains, chain_node)
			if (at->seq < b->seq)
				break;
		list_add(&b->chain_node, &at->chain_node);
	}
	if (list_empty(&cp->vr_chains))
		return;
	b = list_first_entry(&cp->vr_chains, struct vri_ccw_block, chain_node);
	b->head = cpa;
	next = list_is_last(&b->chain_node, &cp->vr_chains) ? NULL : list_next_entry(b, chain_node);
	chains_follow(mdev, cp, b, &next);
}

void vri_ccw_chains_probe(struct channel_program *cp)
{
	int extra = cp->mdev->profile->scsw_end_of_chain ? 1 : 0;
	struct vri_ccw_block *b;
	union scsw scsw;
	int k;

	/*
	 * cp_prefetch() leaves each chain's count of translated CCWs, and
	 * cp_update_scsw() maps the host addresses of those (and, since
	 * May 2019, of one past them) back to the guest's.
	 */
	list_for_each_entry(b, &cp->vr_chains, chain_node) {
		int full = (int)(b->len / sizeof(struct ccw1));

		for (k = 0; k <= full; k++) {
			memset(&scsw, 0, sizeof(scsw));
			scsw.cmd.cpa = b->phys + 8u * (u32)k;
			cp_update_scsw(cp, &scsw);
			if (scsw.cmd.cpa != (u32)b->head + 8u * (u32)k)
				break;
		}
		b->ch_len = min(max(k - extra, 0), full);
	}
}

int vr_ccw_cp_chains(const struct channel_program *cp, struct vr_ccw_chain_view *v, int max)
{
	const struct vri_ccw_block *b;
	int n = 0;

	if (!cp->initialized)
		return 0;
	list_for_each_entry(b, &cp->vr_chains, chain_node) {
		if (n < max) {
			v[n].iova = b->head;
			v[n].len = b->ch_len;
			v[n].host = b->phys;
		}
		n++;
	}
	return n;
}

u64 vr_ccw_cp_pins(const struct channel_program *cp)
{
	return cp->initialized ? cp->vr_pins : 0;
}

int vri_ccw_cp_longest(const struct channel_program *cp)
{
	const struct vri_ccw_block *b;
	int longest = 0;

	if (!cp->initialized)
		return 0;
	list_for_each_entry(b, &cp->vr_chains, chain_node)
		longest = max(longest, b->ch_len);
	return longest;
}

void vri_ccw_explain_chains(struct vr_ccw *c, struct vr_text *t)
{
	struct vri_ccw_guest_as g = { .mem = c->guest };
	struct vri_ccw_as as;
	struct ccw1 ccw;
	int i, k, j;

	vri_ccw_guest_as_init(&as, &g);
	for (i = 0; i < c->nshown && i < VR_CCW_SHOWN_MAX; i++) {
		const struct vr_ccw_chain_view *v = &c->shown[i];

		vr_explain_line(t, "vfio-ccw: chain %d: guest 0x%llx, %d CCWs, host 0x%x", i,
				(unsigned long long)v->iova, v->len, v->host);
		for (k = 0; k < v->len; k++) {
			u64 a = v->iova + 8u * (u64)k;

			if (vri_ccw_fetch(&as, a, c->shown_fmt1, &ccw) ||
			    ccw.cmd_code != CCW_CMD_TIC)
				continue;
			if (ccw.cda >= v->iova && ccw.cda <= a) {
				vr_explain_line(t,
						"vfio-ccw:   TIC at 0x%llx loops back to 0x%x "
						"inside chain %d",
						(unsigned long long)a, ccw.cda, i);
				continue;
			}
			for (j = 0; j < c->nshown && j < VR_CCW_SHOWN_MAX; j++)
				if (ccw.cda >= c->shown[j].iova &&
				    ccw.cda <= c->shown[j].iova + 8u * (u64)(c->shown[j].len - 1))
					break;
			vr_explain_line(t, "vfio-ccw:   TIC at 0x%llx -> 0x%x in chain %d",
					(unsigned long long)a, ccw.cda, j);
		}
	}
	if (c->nshown > VR_CCW_SHOWN_MAX)
		vr_explain_line(t, "vfio-ccw: ... %d chains in all", c->nshown);
}

const char *vri_ccw_cmd_name(u8 cmd)
{
	switch (cmd) {
	case CCW_CMD_READ_IPL:
		return "Read IPL";
	case CCW_CMD_NOOP:
		return "NOP";
	case CCW_CMD_BASIC_SENSE:
		return "Sense";
	case CCW_CMD_TIC:
		return "TIC";
	case CCW_CMD_SENSE_ID:
		return "Sense ID";
	case VR_DASD_WRITE_DATA:
		return "Write";
	case VR_DASD_READ_DATA:
		return "Read";
	case VR_DASD_SEEK:
		return "Seek";
	case VR_DASD_SEARCH_ID_EQ:
		return "Search ID Equal";
	default:
		if (!(cmd & 0xF))
			return "invalid";
		if ((cmd & 0xF) == 0xC)
			return "read backward";
		switch (cmd & 3) {
		case 1:
			return "write";
		case 2:
			return "read";
		case 3:
			return "control";
		default:
			return "sense";
		}
	}
}

void vr_ccw_dump(struct vr_ccw *c, struct vr_text *out)
{
	struct vr_ccw_chain_view v[VR_CCW_SHOWN_MAX];
	int n, i;

	vr_text_printf(out, "ccw profile %s, device %s\n", c->mdev.profile->name,
		       c->cfg.device == VR_CCW_DEV_DASD ? "dasd" : "echo");
	vr_text_printf(out, "subchannel: %s%s, SCSW CPA 0x%x dstat 0x%02x cstat 0x%02x count %u\n",
		       c->sch.status_pending ? "status pending" : "idle",
		       c->sch.suspended ? ", suspended" : "", c->sch.irb.scsw.cmd.cpa,
		       c->sch.irb.scsw.cmd.dstat, c->sch.irb.scsw.cmd.cstat,
		       c->sch.irb.scsw.cmd.count);
	if (c->dev.type == VR_CCW_DEV_DASD)
		vr_text_printf(out, "dasd: cylinder %u head %u, next record %u, oriented to %u\n",
			       c->dev.cyl, c->dev.head, c->dev.next_rec, c->dev.found_rec);
	else
		vr_text_printf(out, "echo: %u bytes held\n", c->dev.echo_len);
	vr_text_printf(out, "guest pages pinned %llu, host DMA blocks %u\n",
		       (unsigned long long)vr_mem_pinned(c->guest), c->mdev.dma.live);
	n = vr_ccw_cp_chains(&c->ucp, v, VR_CCW_SHOWN_MAX);
	for (i = 0; i < n && i < VR_CCW_SHOWN_MAX; i++)
		vr_text_printf(out, "cp chain %d: guest 0x%llx len %d host 0x%x\n", i,
			       (unsigned long long)v[i].iova, v[i].len, v[i].host);
}

static void dot_node(struct vr_text *out, struct vri_ccw_as *as, u64 a, bool fmt1)
{
	struct ccw1 ccw;

	if (vri_ccw_fetch(as, a, fmt1, &ccw)) {
		vr_text_printf(out, "    n%llx [label=\"0x%llx: (no memory)\"];\n",
			       (unsigned long long)a, (unsigned long long)a);
		return;
	}
	vr_text_printf(out, "    n%llx [label=\"0x%llx: %s%s%s count %u\"];\n",
		       (unsigned long long)a, (unsigned long long)a, vri_ccw_cmd_name(ccw.cmd_code),
		       ccw.flags & CCW_FLAG_CC ? " CC" : "", ccw.flags & CCW_FLAG_DC ? " CD" : "",
		       ccw.count);
}

void vr_ccw_dot(struct vr_ccw *c, struct vr_text *out)
{
	struct vri_ccw_guest_as g = { .mem = c->guest };
	struct vri_ccw_as as;
	struct ccw1 ccw;
	int i, k;

	vri_ccw_guest_as_init(&as, &g);
	vr_text_printf(out, "digraph ccw {\n  node [shape=box, fontname=monospace];\n");
	for (i = 0; i < c->nshown && i < VR_CCW_SHOWN_MAX; i++) {
		const struct vr_ccw_chain_view *v = &c->shown[i];

		vr_text_printf(out,
			       "  subgraph cluster_%d {\n    label=\"host chain %d at 0x%x "
			       "(guest 0x%llx, %d CCWs)\";\n",
			       i, i, v->host, (unsigned long long)v->iova, v->len);
		for (k = 0; k < v->len; k++)
			dot_node(out, &as, v->iova + 8u * (u64)k, c->shown_fmt1);
		vr_text_printf(out, "  }\n");
	}
	for (i = 0; i < c->nshown && i < VR_CCW_SHOWN_MAX; i++) {
		const struct vr_ccw_chain_view *v = &c->shown[i];

		for (k = 0; k < v->len; k++) {
			u64 a = v->iova + 8u * (u64)k;

			if (vri_ccw_fetch(&as, a, c->shown_fmt1, &ccw))
				continue;
			if (ccw.cmd_code == CCW_CMD_TIC)
				vr_text_printf(out,
					       "  n%llx -> n%x [style=dashed, label=\"TIC\"];\n",
					       (unsigned long long)a, ccw.cda);
			else if (k + 1 < v->len && (ccw.flags & (CCW_FLAG_CC | CCW_FLAG_DC)))
				vr_text_printf(out, "  n%llx -> n%llx;\n", (unsigned long long)a,
					       (unsigned long long)(a + 8));
			if (k + 2 < v->len && (ccw.flags & CCW_FLAG_CC) &&
			    ccw.cmd_code == VR_DASD_SEARCH_ID_EQ)
				vr_text_printf(out,
					       "  n%llx -> n%llx [style=dotted, "
					       "label=\"status modifier\"];\n",
					       (unsigned long long)a, (unsigned long long)(a + 16));
		}
	}
	vr_text_printf(out, "}\n");
}
