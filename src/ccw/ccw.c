/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * One ccw model instance: guest memory, a subchannel with its device,
 * the vfio-ccw request path on top of cp_*(), and the equivalence check.
 *
 * Start Subchannel (spec/ccw.md 2): ORB address not word aligned ->
 * specification exception; ORB with transport mode, MIDAW or reserved
 * bits, or CPA bit 0 -> operand exception (QEMU target/s390x/ioinst.c);
 * cc 1 with status pending, cc 2 while suspended, else cc 0.
 *
 * vfio-ccw request (spec/ccw.md 6.9, drivers/s390/cio/vfio_ccw_fsm.c and
 * QEMU hw/vfio/ccw.c): cp_init, cp_prefetch, cp_get_orb, host ssch, and
 * on the interruption cp_update_scsw and cp_free.  Errors reach the
 * guest as cc 2 (-EBUSY), cc 3 (-ENODEV, -EACCES) or cc 0 with a unit
 * exception for everything else.
 */
#include <stddef.h>
#include <string.h>
#include <virtref/err.h>
#include <virtref/linux/slab.h>
#include <virtref/mem.h>
#include <virtref/text.h>
#include "ccw/ccw_internal.h"
#include "ccw/ccw_model.h"

/* Kernel states and posted series as data; docs/ccw.md has the table. */
#define STATE_C .len_rule = VR_CCW_LEN_TIC_IN_RANGE
#define LEN_256 .chain_len_max = CCWCHAIN_LEN_MAX

const struct vr_ccw_profile_desc vr_ccw_profiles[VR_CCW_NR_PROFILES] = {
	[VR_CCW_MAINLINE] = { .name = "mainline", STATE_C, .scsw_end_of_chain = true,
			      .ida = VR_CCW_IDA_ALL, .keep_guest_key = true, LEN_256 },
	/* mainline with "s390/vfio_ccw fixes" v1 1/6 - 4/6, as posted */
	[VR_CCW_2026_07_V1] = { .name = "2026-07-v1", STATE_C, .scsw_end_of_chain = true,
				.ida = VR_CCW_IDA_ALL, .keep_guest_key = true,
				.chain_len_max = CCWCHAIN_LEN_MAX - 1,
				.chain_count_max = CCWCHAIN_COUNT_MAX, .init_frees_all = true,
				.idal_to_boundary = true },
	[VR_CCW_5_3] = { .name = "5.3", STATE_C, .scsw_end_of_chain = true,
			 .pfch_required = true, .ida = VR_CCW_IDA_CCW_4K, LEN_256 },
	[VR_CCW_5_1] = { .name = "5.1", STATE_C, .pfch_required = true,
			 .ida = VR_CCW_IDA_CCW_4K, LEN_256 },
	[VR_CCW_5_1_RC] = { .name = "5.1-rc1", .len_rule = VR_CCW_LEN_CHAIN_ONLY,
			    .pfch_required = true, .ida = VR_CCW_IDA_CCW_4K, LEN_256 },
	[VR_CCW_5_0] = { .name = "5.0", .len_rule = VR_CCW_LEN_ANY_TIC, .pfch_required = true,
			 .ida = VR_CCW_IDA_INIT_4K, LEN_256 },
};

/* The model has one channel path. */
#define VR_CCW_PATH 0x80
/* Subchannel id the host ORB carries as interruption parameter. */
#define VR_CCW_HOST_INTPARM 0x00010000u

int vr_ccw_create(const struct vr_ccw_config *cfg, struct vr_ccw **out)
{
	struct vr_ccw *c;

	*out = NULL;
	if ((unsigned)cfg->profile >= VR_CCW_NR_PROFILES ||
	    (cfg->device != VR_CCW_DEV_DASD && cfg->device != VR_CCW_DEV_ECHO))
		return -EINVAL;
	c = vr_calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	INIT_LIST_HEAD(&c->mdev.lost);
	c->guest = vr_mem_create("guest");
	if (!c->guest)
		goto nomem;
	/* Big and read only up to n: not cleared, which would cost a fuzz run. */
	c->log[VR_CCW_DIRECT] = vr_malloc(sizeof(struct vr_ccw_log));
	c->log[VR_CCW_VFIO] = vr_malloc(sizeof(struct vr_ccw_log));
	if (!c->log[VR_CCW_DIRECT] || !c->log[VR_CCW_VFIO])
		goto nomem;
	c->log[VR_CCW_DIRECT]->n = c->log[VR_CCW_VFIO]->n = 0;
	c->log[VR_CCW_DIRECT]->overflow = c->log[VR_CCW_VFIO]->overflow = false;
	if (vr_ccw_cp_setup(&c->cp) || vr_ccw_cp_setup(&c->ucp))
		goto nomem;
	c->cfg = *cfg;
	c->mdev.guest = c->guest;
	c->mdev.profile = &vr_ccw_profiles[cfg->profile];
	INIT_LIST_HEAD(&c->mdev.dma.blocks);
	vr_ccw_device_reset(&c->dev, cfg->device);
	*out = c;
	return 0;
nomem:
	vr_ccw_destroy(c);
	return -ENOMEM;
}

void vr_ccw_destroy(struct vr_ccw *c)
{
	struct ccwchain *chain, *temp;

	if (!c)
		return;
	cp_free(&c->cp);
	cp_free(&c->ucp);
	vr_ccw_cp_release(&c->cp);
	vr_ccw_cp_release(&c->ucp);
	list_for_each_entry_safe(chain, temp, &c->mdev.lost, next) {
		list_del(&chain->next);
		vr_ccw_dma_free(&c->mdev, chain->ch_ccw);
		kfree(chain);
	}
	vr_free(c->log[VR_CCW_DIRECT]);
	vr_free(c->log[VR_CCW_VFIO]);
	vr_mem_destroy(c->guest);
	vr_free(c);
}

struct vr_mem *vr_ccw_guest(struct vr_ccw *c)
{
	return c->guest;
}

struct device *vr_ccw_mdev(struct vr_ccw *c)
{
	return &c->mdev;
}

u64 vr_ccw_pinned(const struct vr_ccw *c)
{
	return vr_mem_pinned(c->guest);
}

int vr_ccw_cp_setup(struct channel_program *cp)
{
	memset(cp, 0, sizeof(*cp));
	INIT_LIST_HEAD(&cp->ccwchain_list);
	cp->guest_idal = kcalloc(512, sizeof(*cp->guest_idal), GFP_KERNEL);
	if (!cp->guest_idal)
		return -ENOMEM;
	cp->guest_cp = kcalloc(CCWCHAIN_LEN_MAX, sizeof(struct ccw1), GFP_KERNEL);
	if (!cp->guest_cp) {
		kfree(cp->guest_idal);
		cp->guest_idal = NULL;
		return -ENOMEM;
	}
	return 0;
}

void vr_ccw_cp_release(struct channel_program *cp)
{
	vr_ccw_cp_orphans(cp);
	kfree(cp->guest_cp);
	cp->guest_cp = NULL;
	kfree(cp->guest_idal);
	cp->guest_idal = NULL;
}

void vr_ccw_cp_orphans(struct channel_program *cp)
{
	struct ccwchain *chain, *temp;

	if (cp->initialized || !cp->mdev)
		return;
	list_for_each_entry_safe(chain, temp, &cp->ccwchain_list, next) {
		list_move_tail(&chain->next, &cp->mdev->lost);
		cp->mdev->lost_blocks++;
	}
	memset(cp->vr_chains, 0, sizeof(cp->vr_chains));
}

const struct vr_ccw_log *vr_ccw_last_log(const struct vr_ccw *c, enum vr_ccw_path path)
{
	return c->log[path == VR_CCW_DIRECT ? VR_CCW_DIRECT : VR_CCW_VFIO];
}

/* ---- the subchannel ---- */

static bool orb_valid(const union orb *orb)
{
	return !orb->cmd.res2 && !orb->cmd.zero && !(orb->cmd.cpa & 0x80000000u);
}

/* Runs a program on @as once the ORB was accepted; deferred cc 3 without a path. */
static void sch_run(struct vr_ccw *c, const struct vr_ccw_as *as, const union orb *orb,
		    struct vr_ccw_log *log, const char *who, struct irb *irb)
{
	struct vr_ccw_exec_in in = {
		.as = as, .dev = &c->dev, .log = log, .orb = orb,
		.explain = c->explain, .who = who,
	};

	if (log) {
		log->n = 0;
		log->overflow = false;
	}
	if (!(orb->cmd.lpm & VR_CCW_PATH)) {
		memset(irb, 0, sizeof(*irb));
		irb->scsw.cmd.cc = 3;
		irb->scsw.cmd.fctl = VR_SCSW_FCTL_START;
		irb->scsw.cmd.stctl = VR_SCSW_STCTL_ALERT | VR_SCSW_STCTL_PENDING;
		if (c->explain)
			vr_explain_line(c->explain, "%s: LPM 0x%02x has no usable path: deferred cc 3",
					who, orb->cmd.lpm);
		return;
	}
	vr_ccw_execute(&in, irb);
}

static void unit_exception(const union orb *orb, struct irb *irb)
{
	memset(irb, 0, sizeof(*irb));
	irb->scsw.cmd.fctl = VR_SCSW_FCTL_START;
	irb->scsw.cmd.stctl = VR_SCSW_STCTL_ALERT | VR_SCSW_STCTL_PRIMARY |
			      VR_SCSW_STCTL_SECONDARY | VR_SCSW_STCTL_PENDING;
	irb->scsw.cmd.cpa = orb->cmd.cpa + 8;
	irb->scsw.cmd.dstat = DEV_STAT_UNIT_EXCEP;
}

/* Snapshot of the chains for the picture and the dump. */
void vr_ccw_remember_chains(struct vr_ccw *c, const struct channel_program *cp)
{
	c->nshown = vr_ccw_cp_chains(cp, c->shown, VR_CCW_SHOWN_MAX);
	c->shown_fmt1 = cp->orb.cmd.fmt;
}

/*
 * cp_init + cp_prefetch with the checks the invariants need.  On failure
 * *@fail_addr is the guest CCW prefetch failed on, or U64_MAX.
 */
static int vfio_translate(struct vr_ccw *c, struct channel_program *cp, const union orb *orb,
			  u64 *fail_addr)
{
	u64 gen = vr_mem_generation(c->guest);
	struct vr_ccw_chain_view before[VR_CCW_SHOWN_MAX], after[VR_CCW_SHOWN_MAX];
	union orb o = *orb;
	int ret, n, i;

	*fail_addr = UINT64_MAX;
	if (orb->cmd.res2)
		return -EOPNOTSUPP;	/* transport mode */
	ret = cp_init(cp, &c->mdev, &o);
	if (ret)
		vr_ccw_cp_orphans(cp);
	if (!ret) {
		n = vr_ccw_cp_chains(cp, before, VR_CCW_SHOWN_MAX);
		ret = cp_prefetch(cp);
		if (ret) {
			vr_ccw_cp_chains(cp, after, VR_CCW_SHOWN_MAX);
			for (i = 0; i < n && i < VR_CCW_SHOWN_MAX; i++)
				if (after[i].len != before[i].len) {
					*fail_addr = after[i].iova + 8u * (u64)after[i].len;
					break;
				}
		}
		vr_ccw_remember_chains(c, cp);
		if (ret)
			cp_free(cp);
	}
	if (vr_mem_generation(c->guest) != gen)
		c->translation_wrote_guest = true;
	if (c->explain) {
		if (ret)
			vr_explain_line(c->explain, "vfio-ccw: translation of CPA 0x%x failed: %s",
					orb->cmd.cpa, vr_errno_name(ret) ? vr_errno_name(ret) : "?");
		else
			vr_ccw_explain_chains(c, c->explain);
	}
	return ret;
}

/* Runs the translated program on the host channel and brings the status back. */
static void vfio_run(struct vr_ccw *c, struct channel_program *cp, struct vr_ccw_log *log,
		     struct irb *irb, bool real)
{
	struct vr_ccw_as host;
	union orb *horb = cp_get_orb(cp, VR_CCW_HOST_INTPARM, VR_CCW_PATH);
	u32 host_cpa;

	vr_ccw_host_as_init(&host, &c->mdev);
	sch_run(c, &host, horb, log, "host", irb);
	host_cpa = irb->scsw.cmd.cpa;
	/* Every start is solicited: translate the CPA back. */
	cp_update_scsw(cp, &irb->scsw);
	/* The check's own runs compare instead; only a real one sticks. */
	if (real && irb->scsw.cmd.cpa == host_cpa && host_cpa >= VR_CCW_HOST_POOL_BASE &&
	    host_cpa < VR_CCW_HOST_POOL_BASE + VR_CCW_HOST_POOL_SIZE && !c->host_cpa_leaked) {
		c->host_cpa_leaked = true;
		c->leaked_cpa = host_cpa;
	}
	if (c->explain)
		vr_explain_line(c->explain, "vfio-ccw: host CPA 0x%x -> guest CPA 0x%x", host_cpa,
				irb->scsw.cmd.cpa);
}

/* The vfio-ccw I/O region write; returns ret_code and fills @io. */
static int vfio_request(struct vr_ccw *c, const union orb *orb, struct vr_ccw_io *io)
{
	u64 fail;
	int ret;

	if (c->vfio_pending)
		ret = -EBUSY;
	else
		ret = vfio_translate(c, &c->cp, orb, &fail);
	io->ret = ret;
	if (!ret) {
		vfio_run(c, &c->cp, c->log[VR_CCW_VFIO], &io->irb, true);
		/* A suspended program keeps its pins until it is cleared. */
		if (io->irb.scsw.cmd.actl & VR_SCSW_ACTL_SUSPENDED)
			c->vfio_pending = true;
		else
			cp_free(&c->cp);
		io->cc = 0;
		return 0;
	}
	c->log[VR_CCW_VFIO]->n = 0;
	c->log[VR_CCW_VFIO]->overflow = false;
	/* QEMU hw/vfio/ccw.c: ret_code -> condition code */
	if (ret == -EBUSY) {
		io->cc = 2;
	} else if (ret == -ENODEV || ret == -EACCES) {
		io->cc = 3;
	} else {
		io->cc = 0;
		unit_exception(orb, &io->irb);
	}
	return ret;
}

int vr_ccw_start(struct vr_ccw *c, enum vr_ccw_path path, const union orb *orb,
		 struct vr_ccw_io *io)
{
	struct vr_ccw_guest_as g = { .mem = c->guest };
	struct vr_ccw_as as;
	int ret = 0;

	memset(io, 0, sizeof(*io));
	if (!orb_valid(orb)) {
		io->exception = VR_CCW_EXC_OPERAND;
		return 0;
	}
	if (c->status_pending) {
		io->cc = 1;
		return 0;
	}
	if (c->suspended) {
		io->cc = 2;
		return 0;
	}
	c->have_orb = true;
	c->last_orb = *orb;
	if (path == VR_CCW_BOTH || path == VR_CCW_COMPARE) {
		struct vr_text why = VR_TEXT_INIT;

		ret = vr_ccw_equivalent(c, orb, &why);
		if (why.oom)
			ret = -ENOMEM;
		if (c->explain && ret)
			vr_explain_line(c->explain, "equivalence: %s", vr_text_str(&why));
		vr_text_free(&why);
		if (ret == -ENOMEM || path == VR_CCW_COMPARE)
			return ret;
	}
	if (path == VR_CCW_DIRECT) {
		vr_ccw_guest_as_init(&as, &g);
		sch_run(c, &as, orb, c->log[VR_CCW_DIRECT], "guest", &io->irb);
		io->cc = 0;
	} else {
		vfio_request(c, orb, io);
	}
	if (io->cc == 0) {
		c->status_pending = true;
		c->irb = io->irb;
		c->suspended = io->irb.scsw.cmd.actl & VR_SCSW_ACTL_SUSPENDED;
	}
	return ret;
}

int vr_ccw_ssch(struct vr_ccw *c, enum vr_ccw_path path, u64 orb_addr, struct vr_ccw_io *io)
{
	u32 w[3];
	union orb orb;
	int i;

	memset(io, 0, sizeof(*io));
	if (orb_addr & 3) {
		io->exception = VR_CCW_EXC_SPECIFICATION;
		return 0;
	}
	for (i = 0; i < 3; i++)
		if (vr_mem_read_be32(c->guest, orb_addr + 4u * i, &w[i])) {
			io->exception = VR_CCW_EXC_ADDRESSING;
			return 0;
		}
	vr_ccw_orb_decode(w, &orb);
	return vr_ccw_start(c, path, &orb, io);
}

int vr_ccw_tsch(struct vr_ccw *c, struct irb *irb)
{
	if (!c->status_pending) {
		memset(irb, 0, sizeof(*irb));
		return 1;
	}
	*irb = c->irb;
	c->status_pending = false;
	return 0;
}

void vr_ccw_csch(struct vr_ccw *c)
{
	/* Clear: status pending with the clear function, CPA unchanged. */
	u32 cpa = c->irb.scsw.cmd.cpa;

	if (c->vfio_pending) {
		cp_free(&c->cp);
		c->vfio_pending = false;
	}
	c->suspended = false;
	memset(&c->irb, 0, sizeof(c->irb));
	c->irb.scsw.cmd.fctl = 0x1;	/* clear */
	c->irb.scsw.cmd.stctl = VR_SCSW_STCTL_PENDING;
	c->irb.scsw.cmd.cpa = cpa;
	c->status_pending = true;
}

/* ---- the equivalence check ---- */

/*
 * Addresses that belong to the program seen from the ORB's CPA, whatever
 * the device answers: a TIC goes to its target, CC or CD to the next CCW
 * and, for a command the device may end with status modifier, CC also
 * to the one after.  Used to tell a
 * translator that wanders off the program from one that refuses a
 * program for one of vfio-ccw's documented limits.
 */
struct reach {
	u32 *slot;	/* open addressing; 0 = empty, else address + 1 */
	u32 *order;	/* the addresses as found: the walk's queue */
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
	struct vr_ccw_guest_as g = { .mem = c->guest };
	bool fmt1 = orb->cmd.fmt;
	struct vr_ccw_as as;
	struct ccw1 ccw;
	u32 head;

	if (reach_grow(r) || reach_add(r, orb->cmd.cpa))
		return -ENOMEM;
	vr_ccw_guest_as_init(&as, &g);
	for (head = 0; head < r->n; head++) {
		u64 a = reach_addr(r, head), next[3];
		unsigned n = 0, i;

		/* Misaligned too: vfio-ccw leaves alignment to the channel. */
		if (vr_ccw_fetch(&as, a, fmt1, &ccw))
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
		if ((ccw.flags & CCW_FLAG_CC) && vr_ccw_device_may_sm(c->dev.type, ccw.cmd_code))
			next[n++] = a + 16;
		for (i = 0; i < n; i++)
			if (reach_add(r, next[i]))
				return -ENOMEM;
	}
	return 0;
}

/*
 * Whether the IDAL and data of the CCW at @addr lie in guest memory as the
 * channel reads them (spec/ccw.md 4): then vfio-ccw could have pinned them.
 */
static bool ccw_data_in_guest(struct vr_ccw *c, const union orb *orb, u64 addr)
{
	struct vr_ccw_guest_as g = { .mem = c->guest };
	bool wide = orb->cmd.c64;
	u64 block = wide && !orb->cmd.i2k ? 4096 : 2048, first = 0, idaw = 0;
	u32 size = wide ? 8 : 4, bytes, nr, i;
	struct vr_ccw_as as;
	struct ccw1 ccw;

	vr_ccw_guest_as_init(&as, &g);
	if (vr_ccw_fetch(&as, addr, orb->cmd.fmt, &ccw))
		return false;
	bytes = ccw.count ? ccw.count : 1;
	if (!(ccw.flags & CCW_FLAG_IDA))
		return vr_mem_backed(c->guest, ccw.cda, bytes);
	for (nr = 1, i = 0; i < nr; i++) {
		u32 w32;

		if (wide ? vr_mem_read_be64(c->guest, ccw.cda + (u64)i * size, &idaw) :
			   vr_mem_read_be32(c->guest, ccw.cda + (u64)i * size, &w32))
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
 * Whether a refusal is one vfio-ccw documents (spec/ccw.md 6.3 - 6.7):
 * *@why names the limit; when there is none, @detail may say more.
 */
static bool refusal_justified(struct vr_ccw *c, const union orb *orb, const struct reach *r,
			      int ret, u64 fail_addr, const char **why, struct vr_text *detail)
{
	const struct vr_ccw_profile_desc *p = c->mdev.profile;
	bool odd_ida = !orb->cmd.c64 || orb->cmd.i2k;
	u32 i;

	if (r->truncated) {
		*why = "program too large to analyse";
		return true;
	}
	if (ret == -ENOMEM) {
		*why = c->mdev.chain_limit ? "more than CCWCHAIN_COUNT_MAX segments" :
					      "the host DMA pool is full";
		return true;
	}
	if (ret == -EOPNOTSUPP) {
		*why = "unsupported ORB or IDA format for this profile";
		if (orb->cmd.res2 || (p->pfch_required && !orb->cmd.pfch) ||
		    (p->ida == VR_CCW_IDA_INIT_4K && odd_ida))
			return true;
		if (p->ida == VR_CCW_IDA_CCW_4K && odd_ida) {
			/* Only if a reachable CCW really uses IDA. */
			struct vr_ccw_guest_as g = { .mem = c->guest };
			struct vr_ccw_as as;
			struct ccw1 ccw;

			vr_ccw_guest_as_init(&as, &g);
			for (i = 0; i < r->n; i++)
				if (!vr_ccw_fetch(&as, reach_addr(r, i), orb->cmd.fmt, &ccw) &&
				    (ccw.flags & CCW_FLAG_IDA))
					return true;
		}
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
			vr_text_printf(detail, " at CCW 0x%llx, whose IDAL and data are guest memory",
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
				continue;	/* inside a run that starts earlier */
			for (k = 1; k <= CCWCHAIN_LEN_MAX && reach_has(r, a + 8u * k); k++)
				;
			if (k > CCWCHAIN_LEN_MAX)
				return true;
			if (k > best) {
				best = k;
				head = a;
			}
		}
		vr_text_printf(detail, ", but its longest chain, %d CCWs at 0x%llx, is within "
			       "CCWCHAIN_LEN_MAX", best, (unsigned long long)head);
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
static int mem_changes(const struct vr_ccw_journal *j, const struct vr_mem *mem,
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

static void compare_runs(const struct vr_ccw_log *d, const struct vr_ccw_log *v,
			 const struct irb *id, const struct irb *iv, struct vr_text *why,
			 bool *differ)
{
	const struct cmd_scsw *a = &id->scsw.cmd, *b = &iv->scsw.cmd;
	u32 i, n = min(d->n, v->n);

	for (i = 0; i < n; i++) {
		const struct vr_ccw_event *x = &d->ev[i], *y = &v->ev[i];

		if (x->cmd != y->cmd || x->dstat != y->dstat || x->count != y->count ||
		    x->len != y->len || x->hash != y->hash) {
			vr_text_printf(why, "device event %u: direct cmd 0x%02x count %u len %u "
				       "dstat 0x%02x, vfio cmd 0x%02x count %u len %u dstat 0x%02x\n",
				       i, x->cmd, x->count, x->len, x->dstat, y->cmd, y->count,
				       y->len, y->dstat);
			*differ = true;
			break;
		}
	}
	if (d->n != v->n || d->overflow != v->overflow) {
		vr_text_printf(why, "device saw %u commands directly, %u through vfio-ccw\n", d->n,
			       v->n);
		*differ = true;
	}
	if (a->cc != b->cc || a->fctl != b->fctl || a->actl != b->actl ||
	    a->stctl != b->stctl || a->cpa != b->cpa || a->dstat != b->dstat ||
	    a->cstat != b->cstat || a->count != b->count || memcmp(id->ecw, iv->ecw, 32)) {
		vr_text_printf(why, "guest SCSW: direct cpa 0x%x dstat 0x%02x cstat 0x%02x "
			       "count %u stctl 0x%x, vfio cpa 0x%x dstat 0x%02x cstat 0x%02x "
			       "count %u stctl 0x%x\n", a->cpa, a->dstat, a->cstat, a->count,
			       a->stctl, b->cpa, b->dstat, b->cstat, b->count, b->stctl);
		*differ = true;
	}
}

int vr_ccw_equivalent(struct vr_ccw *c, const union orb *orb, struct vr_text *why)
{
	struct vr_ccw_journal journal = { 0 };
	struct vr_ccw_guest_as g = { .mem = c->guest, .journal = &journal };
	struct vr_ccw_device saved = c->dev;
	struct vr_ccw_log *ld, *lv;
	struct channel_program tcp;
	struct irb id, iv;
	struct vr_ccw_as as;
	struct vr_text *explain = c->explain;
	struct reach r = { 0 };
	struct mem_changes md = { 0 }, mv = { 0 };
	bool differ = false, valid, oom = false;
	u64 fail;
	int ret;

	/*
	 * An LPM of 0 selects no path: the architecture ends the start with
	 * deferred cc 3, while cp_get_orb() puts in the subchannel's paths
	 * and the host runs the program (spec/ccw.md 2 and 6.8).  A
	 * documented difference of the ORB, not of the program: nothing to
	 * compare.
	 */
	if (!orb->cmd.lpm)
		return 0;
	ld = vr_malloc(sizeof(*ld));
	lv = vr_malloc(sizeof(*lv));
	if (!ld || !lv || vr_ccw_cp_setup(&tcp)) {
		vr_free(ld);
		vr_free(lv);
		return -ENOMEM;
	}
	if (reach_build(c, orb, &r)) {
		ret = -ENOMEM;
		goto out;
	}
	c->explain = NULL;	/* the check narrates only its verdict */

	vr_ccw_guest_as_init(&as, &g);
	sch_run(c, &as, orb, ld, "guest", &id);
	if (mem_changes(&journal, c->guest, &md))
		oom = true;
	vr_ccw_journal_undo(&journal, c->guest);
	c->dev = saved;
	valid = !(id.scsw.cmd.cstat & SCHN_STAT_PROG_CHECK);
	if (!(orb->cmd.lpm & VR_CCW_PATH)) {
		/*
		 * No usable path: nothing ran, and the program is judged by
		 * how the channel would run it on the path it has.
		 */
		union orb probe = *orb;
		struct irb ip;

		probe.cmd.lpm |= VR_CCW_PATH;
		sch_run(c, &as, &probe, NULL, "guest", &ip);
		vr_ccw_journal_undo(&journal, c->guest);
		c->dev = saved;
		valid = !(ip.scsw.cmd.cstat & SCHN_STAT_PROG_CHECK);
	}

	c->mdev.journal = &journal;
	c->mdev.dma.exhausted = false;
	c->mdev.chain_limit = false;
	ret = vfio_translate(c, &tcp, orb, &fail);
	if (!ret) {
		vfio_run(c, &tcp, lv, &iv, false);
		if (mem_changes(&journal, c->guest, &mv))
			oom = true;
		cp_free(&tcp);
	}
	c->mdev.journal = NULL;
	vr_ccw_journal_undo(&journal, c->guest);
	c->dev = saved;
	c->explain = explain;
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
	memcpy(c->log[VR_CCW_DIRECT], ld, offsetof(struct vr_ccw_log, ev) + ld->n * sizeof(ld->ev[0]));

	/* Only a program the channel accepts must come out the same. */
	if (ret && valid) {
		struct vr_text detail = VR_TEXT_INIT;
		const char *reason = "";

		if (!refusal_justified(c, orb, &r, ret, fail, &reason, &detail)) {
			vr_text_printf(why, "vfio-ccw refused a valid program with %s%s\n",
				       vr_errno_name(ret) ? vr_errno_name(ret) : "an error",
				       vr_text_str(&detail));
			differ = true;
		} else if (c->explain) {
			vr_explain_line(c->explain, "equivalence: vfio-ccw refused it with %s: %s",
					vr_errno_name(ret) ? vr_errno_name(ret) : "an error", reason);
		}
		if (detail.oom)
			why->oom = true;
		vr_text_free(&detail);
	} else if (!ret && valid) {
		compare_runs(ld, lv, &id, &iv, why, &differ);
		compare_memory(&md, &mv, why, &differ);
	}
	ret = differ ? -VR_EINVARIANT : 0;
out:
	vr_free(md.p);
	vr_free(mv.p);
	reach_free(&r);
	vr_ccw_journal_free(&journal);
	vr_ccw_cp_release(&tcp);
	vr_free(ld);
	vr_free(lv);
	return ret;
}

/* ---- views of a translated program ---- */

int vr_ccw_cp_chains(const struct channel_program *cp, struct vr_ccw_chain_view *v, int max)
{
	const struct ccwchain *chain;
	int n = 0;

	if (!cp->initialized)
		return 0;
	list_for_each_entry(chain, &cp->ccwchain_list, next) {
		if (n < max) {
			v[n].iova = chain->ch_iova;
			v[n].len = chain->ch_len;
			v[n].host = vr_ccw_dma_phys(chain->ch_ccw);
		}
		n++;
	}
	return n;
}

u64 vr_ccw_cp_pins(const struct channel_program *cp)
{
	const struct ccwchain *chain;
	u64 pins = 0;
	int i;

	if (!cp->initialized)
		return 0;
	list_for_each_entry(chain, &cp->ccwchain_list, next)
		for (i = 0; i < chain->ch_len; i++)
			pins += (u64)chain->ch_pa[i].pa_nr;
	return pins;
}

int vr_ccw_cp_longest(const struct channel_program *cp)
{
	const struct ccwchain *chain;
	int longest = 0;

	if (!cp->initialized)
		return 0;
	list_for_each_entry(chain, &cp->ccwchain_list, next)
		longest = max(longest, chain->ch_len);
	return longest;
}

void vr_ccw_explain_chains(struct vr_ccw *c, struct vr_text *t)
{
	struct vr_ccw_guest_as g = { .mem = c->guest };
	struct vr_ccw_as as;
	struct ccw1 ccw;
	int i, k, j;

	vr_ccw_guest_as_init(&as, &g);
	for (i = 0; i < c->nshown && i < VR_CCW_SHOWN_MAX; i++) {
		const struct vr_ccw_chain_view *v = &c->shown[i];

		vr_explain_line(t, "vfio-ccw: chain %d: guest 0x%llx, %d CCWs, host 0x%x", i,
				(unsigned long long)v->iova, v->len, v->host);
		for (k = 0; k < v->len; k++) {
			u64 a = v->iova + 8u * (u64)k;

			if (vr_ccw_fetch(&as, a, c->shown_fmt1, &ccw) || ccw.cmd_code != CCW_CMD_TIC)
				continue;
			if (ccw.cda >= v->iova && ccw.cda <= a) {
				vr_explain_line(t, "vfio-ccw:   TIC at 0x%llx loops back to 0x%x "
						"inside chain %d", (unsigned long long)a, ccw.cda, i);
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
