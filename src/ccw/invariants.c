/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The ccw model's invariants and its equivalence oracle: the guest
 * program run by the channel directly and through vfio-ccw must agree,
 * or vfio-ccw must refuse it for one of its documented limits
 * (docs/ccw.md "The equivalence check").  State is only read: each run
 * puts guest memory, device and pins back.
 */
#include <stddef.h>
#include <string.h>
#include <virtref/err.h>
#include <virtref/linux/slab.h>
#include <virtref/mem.h>
#include <virtref/text.h>
#include "ccw/ccw_internal.h"

/*
 * Addresses that belong to the program seen from the ORB's CPA, whatever
 * the device answers: a TIC goes to its target, CC or CD to the next CCW
 * and, for a command the device may end with status modifier, CC also
 * to the one after.  Used to tell a
 * translator that wanders off the program from one that refuses a
 * program for one of vfio-ccw's documented limits.
 */
struct reach {
	u32 *slot;  /* open addressing; 0 = empty, else address + 1 */
	u32 *order; /* the addresses as found: the walk's queue */
	u32 cap, n;
	bool truncated;
	/*
	 * A TIC targets 2 GiB or more, which the set cannot hold, and the
	 * 2 KiB window vfio-ccw copies from there is not guest memory.
	 */
	bool far_window;
};

/* Most programs are a few CCWs: start small, double up to the cap. */
#define REACH_MIN 64u
#define REACH_CAP 65536u

static void reach_insert(struct reach *r, u32 key)
{
	u32 h;

	for (h = (key * 2654435761u) & (r->cap - 1); r->slot[h]; h = (h + 1) & (r->cap - 1))
		;
	r->slot[h] = key;
}

static int reach_grow(struct reach *r)
{
	u32 cap = r->cap ? r->cap * 2 : REACH_MIN, i;
	u32 *slot = vr_calloc(cap, sizeof(*slot));
	u32 *order = vr_realloc(r->order, cap / 2 * sizeof(*order));

	if (order)
		r->order = order;
	if (!slot || !order) {
		vr_free(slot);
		return -ENOMEM;
	}
	vr_free(r->slot);
	r->slot = slot;
	r->cap = cap;
	for (i = 0; i < r->n; i++)
		reach_insert(r, r->order[i]);
	return 0;
}

static bool reach_has(const struct reach *r, u64 addr)
{
	u32 key = (u32)addr + 1, h;

	if (addr >= 1ULL << 31)
		return false;
	for (h = (key * 2654435761u) & (r->cap - 1); r->slot[h]; h = (h + 1) & (r->cap - 1))
		if (r->slot[h] == key)
			return true;
	return false;
}

/* Adds @addr once; past the cap the set is marked truncated instead. */
static int reach_add(struct reach *r, u64 addr)
{
	if (addr >= 1ULL << 31 || reach_has(r, addr))
		return 0;
	if (r->n >= r->cap / 2) {
		if (r->cap == REACH_CAP) {
			r->truncated = true;
			return 0;
		}
		if (reach_grow(r))
			return -ENOMEM;
	}
	r->order[r->n++] = (u32)addr + 1;
	reach_insert(r, (u32)addr + 1);
	return 0;
}

static u64 reach_addr(const struct reach *r, u32 i)
{
	return r->order[i] - 1;
}

static void reach_free(struct reach *r)
{
	vr_free(r->slot);
	vr_free(r->order);
}

static int reach_build(struct vr_ccw *c, const union orb *orb, struct reach *r)
{
	struct vri_ccw_guest_as g = { .mem = c->guest };
	bool fmt1 = orb->cmd.fmt;
	struct vri_ccw_as as;
	struct ccw1 ccw;
	u32 head;

	if (reach_grow(r) || reach_add(r, orb->cmd.cpa))
		return -ENOMEM;
	vri_ccw_guest_as_init(&as, &g);
	for (head = 0; head < r->n; head++) {
		u64 a = reach_addr(r, head), next[3];
		unsigned n = 0, i;

		/* Misaligned too: vfio-ccw leaves alignment to the channel. */
		if (vri_ccw_fetch(&as, a, fmt1, &ccw))
			continue;
		/*
		 * By the flags alone: since 5.3 vfio-ccw leaves command codes
		 * to the channel, so a CCW behind an invalid one that chains
		 * is still part of the program it may translate.
		 */
		if ((ccw.cmd_code & 0xF) == CCW_CMD_TIC) {
			if (ccw.cda >= 1u << 31 &&
			    !vr_mem_backed(c->guest, ccw.cda, CCWCHAIN_LEN_MAX * 8))
				r->far_window = true;
			next[n++] = ccw.cda;
			/*
			 * A TIC back is a search loop: its exit, the CCW after
			 * it, is reached by status modifier on the CCW looped to.
			 */
			if (ccw.cda <= a)
				next[n++] = a + 8;
		}
		if (ccw.flags & (CCW_FLAG_CC | CCW_FLAG_DC))
			next[n++] = a + 8;
		if ((ccw.flags & CCW_FLAG_CC) && vri_ccw_device_may_sm(c->dev.type, ccw.cmd_code))
			next[n++] = a + 16;
		for (i = 0; i < n; i++)
			if (reach_add(r, next[i]))
				return -ENOMEM;
	}
	return 0;
}

/*
 * Whether the IDAL and data of the CCW at @addr lie in guest memory as the
 * channel reads them (PoP chapter 15, "Indirect Data Addressing"): then
 * vfio-ccw could have pinned them.
 */
static bool ccw_data_in_guest(struct vr_ccw *c, const union orb *orb, u64 addr)
{
	struct vri_ccw_guest_as g = { .mem = c->guest };
	bool wide = orb->cmd.c64;
	u64 block = wide && !orb->cmd.i2k ? 4096 : 2048, first = 0;
	uint64_t idaw = 0;
	u32 size = wide ? 8 : 4, bytes, nr, i;
	struct vri_ccw_as as;
	struct ccw1 ccw;

	vri_ccw_guest_as_init(&as, &g);
	if (vri_ccw_fetch(&as, addr, orb->cmd.fmt, &ccw))
		return false;
	bytes = ccw.count ? ccw.count : 1;
	if (!(ccw.flags & CCW_FLAG_IDA))
		return vr_mem_backed(c->guest, ccw.cda, bytes);
	for (nr = 1, i = 0; i < nr; i++) {
		u32 w32;

		if (wide ? vr_mem_read_be64(c->guest, ccw.cda + (u64)i * size, &idaw)
			 : vr_mem_read_be32(c->guest, ccw.cda + (u64)i * size, &w32))
			return false;
		if (!wide)
			idaw = w32;
		if (!i) {
			first = idaw;
			nr = (u32)(((first & (block - 1)) + bytes + block - 1) / block);
		}
		if (!vr_mem_backed(c->guest, idaw, i ? block : block - (first & (block - 1))))
			return false;
	}
	return true;
}

/*
 * Whether a refusal is one vfio-ccw documents (docs/ccw.md "The equivalence check"):
 * *@why names the limit; when there is none, @detail may say more.
 */
static bool refusal_justified(struct vr_ccw *c, const union orb *orb, const struct reach *r,
			      int ret, u64 fail_addr, const char **why, struct vr_text *detail)
{
	const struct vri_ccw_profile *p = c->mdev.profile;
	struct vri_ccw_guest_as g = { .mem = c->guest };
	struct vri_ccw_as as;
	struct ccw1 ccw;
	u32 i;

	if (r->truncated) {
		*why = "program too large to analyse";
		return true;
	}
	if (ret == -ENOMEM) {
		*why = c->mdev.chain_limit ? "more than CCWCHAIN_COUNT_MAX segments"
					   : "the host DMA pool is full";
		return true;
	}
	if (ret == -EOPNOTSUPP) {
		*why = "unsupported ORB or IDA format for this profile";
		if (orb->cmd.res2 || (p->pfch_required && !orb->cmd.pfch))
			return true;
		/* Otherwise only if the kernel refuses a reachable CCW. */
		vri_ccw_guest_as_init(&as, &g);
		for (i = 0; i < r->n; i++)
			if (!vri_ccw_fetch(&as, reach_addr(r, i), orb->cmd.fmt, &ccw) &&
			    p->check_ccw(orb, &ccw))
				return true;
		return false;
	}
	if (fail_addr != UINT64_MAX) {
		*why = "data of a reachable CCW cannot be pinned";
		if (!reach_has(r, fail_addr)) {
			vr_text_printf(detail, " at unreachable CCW 0x%llx",
				       (unsigned long long)fail_addr);
			return false;
		}
		if (ccw_data_in_guest(c, orb, fail_addr)) {
			vr_text_printf(detail,
				       " at CCW 0x%llx, whose IDAL and data are guest memory",
				       (unsigned long long)fail_addr);
			return false;
		}
		return true;
	}
	if (ret == -EINVAL) {
		/*
		 * A reachable run of more than CCWCHAIN_LEN_MAX CCWs.  Without
		 * one, the refusal is of a program within the limit, such as
		 * the exactly CCWCHAIN_LEN_MAX CCWs that 1/6 of the July 2026
		 * series refuses as posted: name the longest run.
		 */
		u64 head = 0;
		int best = 0;

		*why = "a chain longer than CCWCHAIN_LEN_MAX";
		for (i = 0; i < r->n; i++) {
			u64 a = reach_addr(r, i);
			int k;

			if (a >= 8 && reach_has(r, a - 8))
				continue; /* inside a run that starts earlier */
			for (k = 1; k <= CCWCHAIN_LEN_MAX && reach_has(r, a + 8u * k); k++)
				;
			if (k > CCWCHAIN_LEN_MAX)
				return true;
			if (k > best) {
				best = k;
				head = a;
			}
		}
		vr_text_printf(detail,
			       ", but its longest chain, %d CCWs at 0x%llx, is within "
			       "CCWCHAIN_LEN_MAX",
			       best, (unsigned long long)head);
		return false;
	}
	if (ret == -EFAULT) {
		/* A chain head whose 2 KiB window is not all guest memory. */
		*why = "a 2 KiB CCW window leaves guest memory";
		if (r->far_window)
			return true;
		for (i = 0; i < r->n; i++)
			if (!vr_mem_backed(c->guest, reach_addr(r, i), CCWCHAIN_LEN_MAX * 8))
				return true;
		return false;
	}
	*why = "unexpected error";
	return false;
}

/* A guest page a run changed: its frame and a hash of what it holds after. */
struct page_change {
	u64 pfn;
	u64 hash;
};

struct mem_changes {
	struct page_change *p;
	u32 n;
};

/* The journalled pages whose contents differ after the run, by frame. */
static int mem_changes(const struct vri_ccw_journal *j, const struct vr_mem *mem,
		       struct mem_changes *out)
{
	u8 page[VR_PAGE_SIZE];
	u32 i, k;

	out->n = 0;
	if (!j->n)
		return 0;
	out->p = vr_malloc(j->n * sizeof(*out->p));
	if (!out->p)
		return -ENOMEM;
	for (i = 0; i < j->n; i++) {
		u64 h = 0xcbf29ce484222325ULL;

		if (vr_mem_read(mem, j->pfn[i] << VR_PAGE_SHIFT, page, VR_PAGE_SIZE) ||
		    !memcmp(page, j->pages + (size_t)i * VR_PAGE_SIZE, VR_PAGE_SIZE))
			continue;
		for (k = 0; k < VR_PAGE_SIZE; k++)
			h = (h ^ page[k]) * 0x100000001b3ULL;
		for (k = out->n; k > 0 && out->p[k - 1].pfn > j->pfn[i]; k--)
			out->p[k] = out->p[k - 1];
		out->p[k].pfn = j->pfn[i];
		out->p[k].hash = h;
		out->n++;
	}
	return 0;
}

/* The runs must leave guest memory the same: names the first page that differs. */
static void compare_memory(const struct mem_changes *d, const struct mem_changes *v,
			   struct vr_text *why, bool *differ)
{
	u32 i = 0, k = 0;

	while (i < d->n || k < v->n) {
		const char *how;
		u64 pfn;

		if (k == v->n || (i < d->n && d->p[i].pfn < v->p[k].pfn)) {
			pfn = d->p[i].pfn;
			how = "by the direct run only";
		} else if (i == d->n || v->p[k].pfn < d->p[i].pfn) {
			pfn = v->p[k].pfn;
			how = "by the vfio-ccw run only";
		} else if (d->p[i].hash != v->p[k].hash) {
			pfn = d->p[i].pfn;
			how = "differently by the two runs";
		} else {
			i++;
			k++;
			continue;
		}
		vr_text_printf(why, "guest memory: page 0x%llx changed %s\n",
			       (unsigned long long)(pfn << VR_PAGE_SHIFT), how);
		*differ = true;
		return;
	}
}

static void compare_runs(const union orb *orb, const struct vr_ccw_log *d,
			 const struct vr_ccw_log *v, const struct irb *id, const struct irb *iv,
			 struct vr_text *why, bool *differ)
{
	const struct cmd_scsw *a = &id->scsw.cmd, *b = &iv->scsw.cmd;
	u32 i, n = min(d->n, v->n);

	for (i = 0; i < n; i++) {
		const struct vr_ccw_event *x = &d->ev[i], *y = &v->ev[i];

		if (x->cmd != y->cmd || x->dstat != y->dstat || x->count != y->count ||
		    x->len != y->len || x->hash != y->hash) {
			vr_text_printf(
				why,
				"device event %u: direct cmd 0x%02x count %u len %u "
				"dstat 0x%02x, vfio cmd 0x%02x count %u len %u dstat 0x%02x\n",
				i, x->cmd, x->count, x->len, x->dstat, y->cmd, y->count, y->len,
				y->dstat);
			*differ = true;
			break;
		}
	}
	if (d->n != v->n || d->overflow != v->overflow) {
		vr_text_printf(why, "device saw %u commands directly, %u through vfio-ccw\n", d->n,
			       v->n);
		*differ = true;
	}
	if (a->cc != b->cc || a->fctl != b->fctl || a->actl != b->actl || a->stctl != b->stctl ||
	    a->cpa != b->cpa || a->dstat != b->dstat || a->cstat != b->cstat ||
	    a->count != b->count || memcmp(id->ecw, iv->ecw, 32)) {
		/*
		 * cp_get_orb() makes the host ORB format 1 and keeps the guest's
		 * L bit, so an immediate CCW that format 0 spares incorrect
		 * length gets it on the host.
		 */
		if (!orb->cmd.fmt && !orb->cmd.ils &&
		    (b->cstat & ~a->cstat) == SCHN_STAT_INCORR_LEN)
			vr_text_printf(why, "incorrect length on the host that the guest's "
					    "format-zero ORB suppresses\n");
		vr_text_printf(why,
			       "guest SCSW: direct cpa 0x%x dstat 0x%02x cstat 0x%02x "
			       "count %u stctl 0x%x, vfio cpa 0x%x dstat 0x%02x cstat 0x%02x "
			       "count %u stctl 0x%x\n",
			       a->cpa, a->dstat, a->cstat, a->count, a->stctl, b->cpa, b->dstat,
			       b->cstat, b->count, b->stctl);
		*differ = true;
	}
}

int vr_ccw_equivalent(struct vr_ccw *c, const union orb *orb, struct vr_text *why)
{
	struct vri_ccw_journal journal = { 0 };
	struct vri_ccw_guest_as g = { .mem = c->guest, .journal = &journal };
	struct vri_ccw_device saved = c->dev;
	struct vr_ccw_log *ld, *lv;
	struct vfio_ccw_private tpriv;
	struct ccw_io_region tio;
	struct irb id, iv;
	struct vri_ccw_as as;
	struct vr_context *ctx = vr_context_current();
	struct vr_text *explain = ctx->narrate;
	struct reach r = { 0 };
	struct mem_changes md = { 0 }, mv = { 0 };
	bool differ = false, valid, oom = false;
	u64 fail;
	int ret;

	/*
	 * An LPM of 0 selects no path: the architecture ends the start with
	 * deferred cc 3, while cp_get_orb() puts in the subchannel's paths
	 * and the host runs the program (drivers/s390/cio/vfio_ccw_cp.c).  A
	 * documented difference of the ORB, not of the program: nothing to
	 * compare.
	 */
	if (!orb->cmd.lpm)
		return 0;
	ld = vr_malloc(sizeof(*ld));
	lv = vr_malloc(sizeof(*lv));
	if (!ld || !lv || vr_ccw_cp_setup(&tpriv.cp)) {
		vr_free(ld);
		vr_free(lv);
		return -ENOMEM;
	}
	if (reach_build(c, orb, &r)) {
		ret = -ENOMEM;
		goto out;
	}
	ctx->narrate = NULL; /* the check narrates only its verdict */

	vri_ccw_guest_as_init(&as, &g);
	vri_ccw_run(c, &as, orb, ld, VRI_CCW_ARCH_SCH, &id);
	if (mem_changes(&journal, c->guest, &md))
		oom = true;
	vri_ccw_journal_undo(&journal, c->guest);
	c->dev = saved;
	valid = !(id.scsw.cmd.cstat & SCHN_STAT_PROG_CHECK);
	if (!(orb->cmd.lpm & VRI_CCW_PATH)) {
		/*
		 * No usable path: nothing ran, and the program is judged by
		 * how the channel would run it on the path it has.
		 */
		union orb probe = *orb;
		struct irb ip;

		probe.cmd.lpm |= VRI_CCW_PATH;
		vri_ccw_run(c, &as, &probe, NULL, VRI_CCW_ARCH_SCH, &ip);
		vri_ccw_journal_undo(&journal, c->guest);
		c->dev = saved;
		valid = !(ip.scsw.cmd.cstat & SCHN_STAT_PROG_CHECK);
	}

	c->mdev.journal = &journal;
	c->mdev.dma.exhausted = false;
	c->mdev.chain_limit = false;
	vri_ccw_vfio_private_init(c, &tpriv, &tio);
	ret = vri_ccw_vfio_io(c, &tpriv, orb, lv, false, &iv, &fail);
	if (!ret) {
		struct vr_context_frame f;

		if (mem_changes(&journal, c->guest, &mv))
			oom = true;
		vri_ccw_lend(&c->mdev, &f);
		cp_free(&tpriv.cp); /* a suspended program too */
		vri_ccw_unlend(&f);
	}
	c->mdev.journal = NULL;
	vri_ccw_journal_undo(&journal, c->guest);
	c->dev = saved;
	ctx->narrate = explain;
	/*
	 * A failed allocation says nothing about the program: no verdict.  A
	 * full host DMA pool and the segment limit of 2/6, which also answer
	 * -ENOMEM, are the program's doing, and documented refusals.
	 */
	if (journal.failed || oom ||
	    (ret == -ENOMEM && !c->mdev.dma.exhausted && !c->mdev.chain_limit)) {
		ret = -ENOMEM;
		goto out;
	}

	/* The last direct run is this one, for `events`: only what it logged. */
	memcpy(c->log[VR_CCW_DIRECT], ld,
	       offsetof(struct vr_ccw_log, ev) + ld->n * sizeof(ld->ev[0]));

	/* Only a program the channel accepts must come out the same. */
	if (ret && valid) {
		struct vr_text detail = VR_TEXT_INIT;
		const char *reason = "";

		if (!refusal_justified(c, orb, &r, ret, fail, &reason, &detail)) {
			vr_text_printf(why, "vfio-ccw refused a valid program with %s%s\n",
				       vr_errno_str(ret), vr_text_str(&detail));
			differ = true;
		} else if (explain) {
			vr_explain_line(explain, "equivalence: vfio-ccw refused it with %s: %s",
					vr_errno_str(ret), reason);
		}
		if (detail.oom)
			why->oom = true;
		vr_text_free(&detail);
	} else if (!ret && valid) {
		compare_runs(orb, ld, lv, &id, &iv, why, &differ);
		compare_memory(&md, &mv, why, &differ);
	}
	ret = differ ? -VR_EINVARIANT : 0;
out:
	vr_free(md.p);
	vr_free(mv.p);
	reach_free(&r);
	vri_ccw_journal_free(&journal);
	vr_ccw_cp_release(&tpriv.cp);
	vr_free(ld);
	vr_free(lv);
	return ret;
}

int vr_ccw_invariants(struct vr_ccw *c, struct vr_text *why)
{
	bool vfio_pending = c->private.state == VFIO_CCW_STATE_CP_PENDING;
	u64 held = vr_ccw_cp_pins(&c->ucp) + (vfio_pending ? vr_ccw_cp_pins(&c->private.cp) : 0);
	u32 leaked;
	int bad = 0;

	if (vr_mem_pinned(c->guest) != held || c->mdev.pins != held) {
		vr_text_printf(why, "pins unbalanced: %llu pinned, programs hold %llu\n",
			       (unsigned long long)vr_mem_pinned(c->guest),
			       (unsigned long long)held);
		bad = 1;
	}
	/* Blocks of no initialized program: what a failed cp_init() or cp_free() lost. */
	leaked = vri_ccw_dma_lost(&c->mdev);
	if (leaked) {
		vr_text_printf(why, "%u host DMA blocks leaked\n", leaked);
		bad = 1;
	}
	if (c->host_cpa_leaked) {
		vr_text_printf(why, "host address 0x%x reached a guest SCSW\n", c->leaked_cpa);
		bad = 1;
	}
	if (c->translation_wrote_guest) {
		vr_text_printf(why, "translation wrote guest memory\n");
		bad = 1;
	}
	if (vri_ccw_cp_longest(&c->ucp) > CCWCHAIN_LEN_MAX ||
	    vri_ccw_cp_longest(&c->private.cp) > CCWCHAIN_LEN_MAX) {
		vr_text_printf(why, "a chain is longer than CCWCHAIN_LEN_MAX\n");
		bad = 1;
	}
	if (c->mdev.dma_violation) {
		vr_text_printf(why, "%s\n", c->mdev.dma_violation_why);
		bad = 1;
	}
	return bad;
}

int vri_ccw_check_equivalent(void *model, struct vr_text *why)
{
	struct vr_ccw *c = model;
	int ret;

	if (!c->have_orb)
		return 0;
	ret = vr_ccw_equivalent(c, &c->last_orb, why);
	if (ret == -ENOMEM) {
		vr_text_printf(why, "out of memory\n");
		return 1;
	}
	return ret ? 1 : 0;
}
