/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The AP queues and their instructions (z/Architecture Principles of
 * Operation, "Adjunct Processor"; the kernel's view in torvalds/linux
 * arch/s390/include/asm/ap.h at v5.3): PQAP's TAPQ, RAPQ, ZAPQ, AQIC and
 * QCI, NQAP and DQAP, replies, NIB stores and adapter interruptions.
 *
 * Choices of the model where the architecture leaves room, all in one
 * place (docs/ap.md): a queue element is freed by DQAP, so F means
 * "depth elements not yet dequeued"; DQAP returns replies in the order
 * they completed; the NIB receives 0x01; a reset (and the I bit after an
 * AQIC) takes effect after a configured number of instructions, never a
 * clock, and so does a busy queue (RC 0x05); AQIC answers RC 0x07 before
 * it looks at the GISA designation (RC 0x08) and then the NIB (RC 0x06);
 * RC 0x11 (index too big) comes before everything a queue answers.
 * NQAP and DQAP stop early (cc 2) at each 4 KiB boundary of the R2
 * address; NQAP checks a message (RC 0x16, 0x15, 0x42, 0x10, in this
 * order) at its first part only, and its rest is the next NQAP of the
 * same PSMID, any other NQAP dropping it; a message may come in parts,
 * NQAPs of one PSMID without the last-part bit (GR0 bit 33) but the
 * final one, each answered cc 0 with nothing enqueued until the last,
 * their total length checked against 12 KiB (RC 0x15, dropped) at every
 * part; a DQAP first call starts the earliest reply over, a
 * continuation goes on with the one begun.
 */
#include <string.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include <virtref/mem.h>
#include "ap/hw_internal.h"

/* The largest message the modelled adapters (CEX4 - CEX7) accept: 12 KiB. */
#define VRI_AP_MAX_MESSAGE 12288u
/* Where NQAP and DQAP stop early: each 4 KiB boundary of the R2 address. */
#define VRI_AP_SEGMENT 4096u

int vri_ap_adapter_slot(const struct vri_ap_hw *hw, uint32_t apid)
{
	for (int i = 0; i < hw->nadapters; i++)
		if (hw->adapter[i].apid == apid)
			return i;
	return -1;
}

int vri_ap_domain_slot(const struct vri_ap_hw *hw, uint32_t apqi)
{
	for (int i = 0; i < hw->ndomains; i++)
		if (hw->domain[i] == apqi)
			return i;
	return -1;
}

struct vri_ap_queue *vri_ap_queue(struct vri_ap_hw *hw, uint32_t apqn,
				  const struct vri_ap_adapter **adapter)
{
	int a = vri_ap_adapter_slot(hw, VR_AP_APID(apqn));
	int d = vri_ap_domain_slot(hw, VR_AP_APQI(apqn));

	if (a < 0 || d < 0)
		return NULL;
	*adapter = &hw->adapter[a];
	return &hw->queue[a][d];
}

uint32_t vri_ap_queue_replies(const struct vri_ap_queue *q)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < q->nmsg; i++)
		n += q->msg[i].reply_len != 0;
	return n;
}

uint32_t vri_ap_queue_bits(const struct vri_ap_queue *q, uint32_t depth)
{
	uint32_t bits = 0;

	if (q->nmsg == 0)
		bits |= VR_AP_QSW_E;
	if (vri_ap_queue_replies(q))
		bits |= VR_AP_QSW_R;
	if (q->nmsg >= depth)
		bits |= VR_AP_QSW_F;
	if (q->irq_shown)
		bits |= VR_AP_QSW_I;
	return bits;
}

uint32_t vri_ap_apid_max(const struct vri_ap_hw *hw)
{
	return hw->cfg.apxa ? hw->cfg.max_apid : VR_AP_APID_MAX_NO_APXA;
}

uint32_t vri_ap_apqi_max(const struct vri_ap_hw *hw)
{
	return hw->cfg.apxa ? hw->cfg.max_apqi : VR_AP_APQI_MAX_NO_APXA;
}

/* The highest APID and APQI the program addresses: Na and Nd of its QCI. */
static uint32_t program_apid_max(const struct vri_ap_hw *hw)
{
	return vri_ap_program_apxa(hw) ? hw->cfg.max_apid : VR_AP_APID_MAX_NO_APXA;
}

static uint32_t program_apqi_max(const struct vri_ap_hw *hw)
{
	return vri_ap_program_apxa(hw) ? hw->cfg.max_apqi : VR_AP_APQI_MAX_NO_APXA;
}

/*
 * What every instruction addressing a queue checks first, in this order;
 * @q and @a are the queue and its adapter when the queue is in reach.
 */
static enum vr_ap_rc lookup(const struct vri_ap_hw *hw, uint32_t apqn, struct vri_ap_queue **q,
			    const struct vri_ap_adapter **a)
{
	*q = NULL;
	if (VR_AP_APID(apqn) > program_apid_max(hw) || VR_AP_APQI(apqn) > program_apqi_max(hw))
		return VR_AP_RC_INDEX_TOO_BIG;
	if (!vri_ap_crycb_allows(hw, apqn))
		return VR_AP_RC_Q_NOT_AVAIL;
	*q = vri_ap_queue((struct vri_ap_hw *)hw, apqn, a);
	if (!*q)
		return VR_AP_RC_Q_NOT_AVAIL;
	if ((*a)->state == VR_AP_DECONFIGURED)
		return VR_AP_RC_DECONFIGURED;
	if ((*a)->state == VR_AP_CHECKSTOPPED)
		return VR_AP_RC_CHECKSTOPPED;
	if ((*q)->reset_left)
		return VR_AP_RC_RESET_IN_PROGRESS;
	return (*q)->busy_left ? VR_AP_RC_BUSY : VR_AP_RC_NORMAL;
}

enum vr_ap_rc vri_ap_queue_peek_rc(const struct vri_ap_hw *hw, uint32_t apqn)
{
	const struct vri_ap_adapter *a;
	struct vri_ap_queue *q;

	return lookup(hw, apqn, &q, &a);
}

/* lookup(); an instruction that sees a reset running or a busy queue counts towards its end. */
static enum vr_ap_rc queue_check(struct vri_ap_hw *hw, uint32_t apqn, struct vri_ap_queue **q,
				 const struct vri_ap_adapter **a)
{
	enum vr_ap_rc rc = lookup(hw, apqn, q, a);

	if (rc == VR_AP_RC_RESET_IN_PROGRESS)
		(*q)->reset_left--;
	else if (rc == VR_AP_RC_BUSY)
		(*q)->busy_left--;
	return rc;
}

/* The APQSW: the queue's state bits unless the queue is out of reach. */
static uint32_t status(const struct vri_ap_queue *q, const struct vri_ap_adapter *a,
		       enum vr_ap_rc rc)
{
	bool reachable = q && rc != VR_AP_RC_Q_NOT_AVAIL && rc != VR_AP_RC_DECONFIGURED &&
			 rc != VR_AP_RC_CHECKSTOPPED;

	return vr_ap_qsw(reachable ? vri_ap_queue_bits(q, a->depth) : 0, rc);
}

static void set_status(struct vr_ap_result *out, uint64_t gr1, uint32_t qsw)
{
	out->gr1 = (gr1 & 0xffffffff00000000ull) | qsw;
	out->cc = vr_ap_qsw_rc(qsw) == VR_AP_RC_NORMAL ? 0 : 3;
}

void vri_ap_queue_reset(struct vri_ap_hw *hw, struct vri_ap_queue *q)
{
	q->discarded += q->nmsg;
	q->nmsg = 0;
	q->sending = false;
	q->irq = q->irq_shown = false;
	q->irq_lag = 0;
	q->reset_left = hw->cfg.reset_lag;
}

static uint64_t tapq_info(const struct vri_ap_hw *hw, const struct vri_ap_adapter *a)
{
	static const uint64_t mode_bit[] = {
		[VR_AP_COPROCESSOR] = VR_AP_INFO_COPROC | VR_AP_INFO_S,
		[VR_AP_ACCELERATOR] = VR_AP_INFO_ACCEL,
		[VR_AP_XCP] = VR_AP_INFO_XCP | VR_AP_INFO_S,
	};

	return mode_bit[a->mode] | (hw->cfg.apxa ? VR_AP_INFO_N : 0) |
	       (uint64_t)a->type << VR_AP_INFO_AT_SHIFT |
	       (uint64_t)vri_ap_apqi_max(hw) << VR_AP_INFO_ND_SHIFT | a->depth;
}

/*
 * The guest storage address of a NIB: the program's own for a plain AQIC,
 * the host's view of guest storage for one naming a GISA.
 */
static bool nib_address(bool guest_delivery, uint64_t nib, uint64_t *addr)
{
	if (!guest_delivery) {
		*addr = nib;
		return true;
	}
	*addr = nib - VR_AP_HOST_GUEST_BASE;
	return nib >= VR_AP_HOST_GUEST_BASE;
}

static bool nib_usable(const struct vri_ap_hw *hw, bool guest_delivery, uint64_t nib)
{
	uint64_t addr;

	if (nib == UINT64_MAX || (nib == 0 && !hw->cfg.nib0_valid))
		return false;
	return nib_address(guest_delivery, nib, &addr) && vr_mem_backed(hw->guest, addr, 1);
}

static enum vr_ap_rc aqic(struct vri_ap_hw *hw, struct vri_ap_queue *q, uint64_t gr1, uint64_t nib)
{
	bool ir = gr1 & VR_AP_AQIC_IR;
	uint32_t gisa = (uint32_t)(gr1 & VR_AP_AQIC_GISA);

	if (ir == q->irq || q->irq_lag)
		return VR_AP_RC_OTHERWISE_CHANGED;
	if (ir && gisa && gisa != hw->cfg.gisa)
		return VR_AP_RC_INVALID_GISA;
	if (ir && !nib_usable(hw, gisa != 0, nib))
		return VR_AP_RC_INVALID_ADDRESS;
	q->irq = ir;
	if (ir) {
		q->nib = nib;
		q->isc = gr1 & VR_AP_AQIC_ISC;
		q->guest_delivery = gisa != 0;
		q->host_enabled = hw->host_issuing;
		q->gisc = (uint8_t)((gr1 & VR_AP_AQIC_GISC) >> VR_AP_AQIC_GISC_SHIFT);
	}
	q->irq_lag = hw->cfg.irq_lag;
	if (!q->irq_lag)
		q->irq_shown = ir;
	return VR_AP_RC_NORMAL;
}

void vri_ap_note_aqic(struct vri_ap_hw *hw, uint32_t apqn, enum vr_ap_rc queue_rc, bool ir,
		      uint64_t nib)
{
	const struct vri_ap_adapter *a;
	struct vri_ap_queue *q = vri_ap_queue(hw, apqn, &a);

	hw->aqic_note = (struct vri_ap_aqic_note){
		.valid = true,
		.apqn = (uint16_t)apqn,
		.queue_rc = queue_rc,
		.was_on = q && q->irq,
		.changing = q && q->irq_lag,
		.ir = ir,
		.nib_ok = nib_usable(hw, false, nib),
	};
}

/*
 * A program's own AQIC: noted for invariant (d).  The host's AQICs (from
 * the kernel layer, or naming a GISA) are not a guest's view; the kernel
 * layer notes the guest's.
 */
static bool note_aqic(struct vri_ap_hw *hw, uint64_t gr0, uint64_t gr1, uint64_t nib,
		      enum vr_ap_rc rc)
{
	if (hw->host_issuing || (gr1 & VR_AP_AQIC_GISA))
		return false;
	vri_ap_note_aqic(hw, gr0 & VR_AP_GR0_APQN, rc, gr1 & VR_AP_AQIC_IR, nib);
	return true;
}

static void set_bit_inv(uint8_t *mask, uint32_t n)
{
	mask[n / 8] |= (uint8_t)(0x80u >> (n % 8));
}

static enum vr_ap_exception qci(struct vri_ap_hw *hw, uint64_t addr)
{
	uint8_t b[VR_AP_QCI_SIZE];

	memset(b, 0, sizeof(b));
	b[VR_AP_QCI_FLAGS] = vri_ap_program_apxa(hw) ? VR_AP_QCI_N : 0;
	b[VR_AP_QCI_NA] = (uint8_t)program_apid_max(hw);
	b[VR_AP_QCI_ND] = (uint8_t)program_apqi_max(hw);
	if (hw->cfg.crycb != VR_AP_CRYCB_NONE && !hw->host_issuing) {
		/* A guest's configuration is its CRYCB's. */
		static const uint8_t field[] = { [VR_AP_APM] = VR_AP_QCI_APM,
						 [VR_AP_AQM] = VR_AP_QCI_AQM,
						 [VR_AP_ADM] = VR_AP_QCI_ADM };

		for (uint32_t m = VR_AP_APM; m <= VR_AP_ADM; m++)
			for (uint32_t id = 0; id < 256; id++)
				if (vri_ap_crycb_test(hw, (enum vr_ap_mask)m, id))
					set_bit_inv(b + field[m], id);
	} else {
		for (int i = 0; i < hw->nadapters; i++)
			set_bit_inv(b + VR_AP_QCI_APM, hw->adapter[i].apid);
		for (int i = 0; i < hw->ndomains; i++) {
			set_bit_inv(b + VR_AP_QCI_AQM, hw->domain[i]);
			set_bit_inv(b + VR_AP_QCI_ADM, hw->domain[i]);
		}
	}
	return vr_mem_write(hw->guest, addr, b, sizeof(b)) ? VR_AP_EXC_ADDRESSING : VR_AP_EXC_NONE;
}

static bool fc_installed(const struct vri_ap_hw *hw, uint32_t fc)
{
	return fc <= VR_AP_FC_ZAPQ || (fc == VR_AP_FC_AQIC && hw->cfg.aqic) ||
	       (fc == VR_AP_FC_QCI && hw->cfg.qci);
}

void vri_ap_hw_pqap(struct vri_ap_hw *hw, uint64_t gr0, uint64_t gr1, uint64_t gr2,
		    bool problem_state, struct vr_ap_result *out)
{
	uint32_t fc = (uint32_t)((gr0 & VR_AP_GR0_FC) >> VR_AP_GR0_FC_SHIFT);
	const struct vri_ap_adapter *a = NULL;
	struct vri_ap_queue *q;
	bool noted = false;
	enum vr_ap_rc rc;

	memset(out, 0, sizeof(*out));
	out->gr1 = gr1;
	out->gr2 = gr2;
	if (problem_state) {
		out->exception = VR_AP_EXC_PRIVILEGED;
		return;
	}
	if (!fc_installed(hw, fc) || (fc == VR_AP_FC_QCI && (gr2 & 7))) {
		out->exception = VR_AP_EXC_SPECIFICATION;
		return;
	}
	if (fc == VR_AP_FC_QCI) {
		out->exception = qci(hw, gr2);
		return;
	}
	if ((gr0 & VR_AP_GR0_MBZ) || ((gr0 & VR_AP_GR0_T) && !hw->cfg.apft) ||
	    (!vri_ap_program_apxa(hw) && (gr0 & VR_AP_GR0_APXA_BITS))) {
		out->exception = VR_AP_EXC_SPECIFICATION;
		return;
	}
	rc = queue_check(hw, gr0 & VR_AP_GR0_APQN, &q, &a);
	switch (fc) {
	case VR_AP_FC_TAPQ:
		if (rc == VR_AP_RC_NORMAL && q->irq_lag && --q->irq_lag == 0)
			q->irq_shown = q->irq;
		if (q && (gr0 & VR_AP_GR0_T) && rc != VR_AP_RC_Q_NOT_AVAIL)
			out->gr2 = tapq_info(hw, a);
		break;
	case VR_AP_FC_RAPQ:
	case VR_AP_FC_ZAPQ:
		if (rc == VR_AP_RC_NORMAL)
			vri_ap_queue_reset(hw, q);
		break;
	default:
		noted = note_aqic(hw, gr0, gr1, gr2, rc);
		if (rc == VR_AP_RC_NORMAL)
			rc = aqic(hw, q, gr1, gr2);
		break;
	}
	set_status(out, gr1, status(q, a, rc));
	if (noted) {
		hw->aqic_note.cc = out->cc;
		hw->aqic_note.rc = rc;
	}
}

/* The checks NQAP and DQAP share: privilege, then the register pairs and GR0. */
static bool pair_exception(uint64_t gr0, uint64_t mbz, const struct vri_ap_pair *pair,
			   bool problem_state, struct vr_ap_result *out)
{
	memset(out, 0, sizeof(*out));
	out->gr0 = gr0;
	out->addr = pair->addr;
	out->len = pair->len;
	if (problem_state)
		out->exception = VR_AP_EXC_PRIVILEGED;
	else if ((pair->r1 & 1) || (pair->r2 & 1) || pair->len == 0 || (gr0 & mbz))
		out->exception = VR_AP_EXC_SPECIFICATION;
	return out->exception != VR_AP_EXC_NONE;
}

/*
 * What one execution moves of @want bytes at the R2 pair: up to the next
 * segment boundary; R2 and R2 + 1 advance by it.
 */
static uint64_t move(struct vr_ap_result *out, uint64_t want)
{
	uint64_t room = VRI_AP_SEGMENT - (out->addr & (VRI_AP_SEGMENT - 1));
	uint64_t n = want < room ? want : room;

	if (n > out->len)
		n = out->len;
	out->addr += n;
	out->len -= n;
	return n;
}

int vri_ap_hw_nqap(struct vri_ap_hw *hw, uint64_t gr0, const struct vri_ap_pair *pair,
		   uint64_t psmid, bool other_domain, bool problem_state, struct vr_ap_result *out)
{
	const struct vri_ap_adapter *a = NULL;
	struct vri_ap_queue *q;
	enum vr_ap_rc rc;
	bool rest;

	if (pair_exception(gr0, VR_AP_NQAP_MBZ, pair, problem_state, out))
		return 0;
	rc = queue_check(hw, gr0 & VR_AP_GR0_APQN, &q, &a);
	/*
	 * The rest of a message that stopped at a boundary, or its next part:
	 * the message passed the checks at its first part, and only its
	 * growing length is checked again.
	 */
	rest = rc == VR_AP_RC_NORMAL && q->sending && q->send_psmid == psmid;
	if (q)
		q->sending = false;
	if (rc == VR_AP_RC_NORMAL && !rest) {
		q->sent = 0;
		if ((gr0 & VR_AP_NQAP_SPECIAL) && !(tapq_info(hw, a) & VR_AP_INFO_S))
			rc = VR_AP_RC_REQ_FAC_NOT_INST;
		else if (pair->len > VRI_AP_MAX_MESSAGE)
			rc = VR_AP_RC_MESSAGE_TOO_BIG;
		else if (other_domain)
			rc = VR_AP_RC_INVALID_DOMAIN;
		else if (q->nmsg >= a->depth)
			rc = VR_AP_RC_Q_FULL;
	} else if (rest && q->sent + pair->len > VRI_AP_MAX_MESSAGE) {
		rc = VR_AP_RC_MESSAGE_TOO_BIG;
	}
	if (rc == VR_AP_RC_NORMAL) {
		q->sent += move(out, pair->len);
		if (out->len || !(gr0 & VR_AP_NQAP_LAST)) {
			q->sending = true;
			q->send_psmid = psmid;
			if (out->len) {
				out->cc = 2;
				return 0;
			}
			/* A part with more to follow: taken, nothing enqueued yet. */
			set_status(out, 0, status(q, a, rc));
			return 0;
		}
		q->msg[q->nmsg++] = (struct vri_ap_msg){ .psmid = psmid };
		q->enqueued++;
	}
	set_status(out, 0, status(q, a, rc));
	return 0;
}

/* The reply that completed first, or -1. */
static int first_reply(const struct vri_ap_queue *q)
{
	int best = -1;

	for (int i = 0; i < q->nmsg; i++)
		if (q->msg[i].reply_len && (best < 0 || q->msg[i].done < q->msg[best].done))
			best = i;
	return best;
}

/* The reply a DQAP that stopped early left half stored, or -1. */
static int begun_reply(const struct vri_ap_queue *q)
{
	for (int i = 0; i < q->nmsg; i++)
		if (q->msg[i].received)
			return i;
	return -1;
}

int vri_ap_hw_dqap(struct vri_ap_hw *hw, uint64_t gr0, const struct vri_ap_pair *pair,
		   bool problem_state, struct vr_ap_result *out)
{
	const struct vri_ap_adapter *a = NULL;
	struct vri_ap_queue *q;
	struct vri_ap_msg *m;
	enum vr_ap_rc rc;
	int i = -1;

	if (pair_exception(gr0, VR_AP_DQAP_MBZ, pair, problem_state, out))
		return 0;
	rc = queue_check(hw, gr0 & VR_AP_GR0_APQN, &q, &a);
	if (rc == VR_AP_RC_NORMAL && (gr0 & VR_AP_DQAP_FIRST)) {
		/* A first call starts the earliest reply from its beginning. */
		for (int k = 0; k < q->nmsg; k++)
			q->msg[k].received = 0;
		i = first_reply(q);
		if (i < 0)
			rc = VR_AP_RC_NO_PENDING_REPLY;
	} else if (rc == VR_AP_RC_NORMAL) {
		i = begun_reply(q);
		if (i < 0)
			rc = VR_AP_RC_NO_FIRST_PART;
	}
	if (i < 0) {
		set_status(out, 0, status(q, a, rc));
		return 0;
	}
	m = &q->msg[i];
	m->received += move(out, m->reply_len - m->received);
	out->psmid = m->psmid;
	out->gr2 = m->reply_len - m->received;
	if (out->gr2) {
		/* Stopped early: the buffer is full (cc 1) or a boundary came (cc 2). */
		out->gr0 = gr0 & ~VR_AP_DQAP_FIRST;
		out->cc = out->len ? 2 : 1;
		return 0;
	}
	memmove(m, m + 1, (size_t)(q->nmsg - i - 1) * sizeof(*m));
	q->nmsg--;
	q->dequeued++;
	set_status(out, 0, status(q, a, rc));
	return 0;
}

int vri_ap_hw_reply(struct vri_ap_hw *hw, uint32_t apqn, uint64_t psmid, uint64_t len)
{
	const struct vri_ap_adapter *a;
	struct vri_ap_queue *q = vri_ap_queue(hw, apqn, &a);

	if (len == 0)
		return -EINVAL;
	if (!q)
		return -ENOENT;
	for (int i = 0; i < q->nmsg; i++) {
		if (q->msg[i].psmid != psmid || q->msg[i].reply_len)
			continue;
		q->msg[i].reply_len = len;
		q->msg[i].done = ++q->replies_done;
		if (q->irq) {
			uint64_t nib;

			/* The NIB page may have gone since AQIC: the store is lost, the
			 * interruption not. */
			if (nib_address(q->guest_delivery, q->nib, &nib))
				(void)vr_mem_write_u8(hw->guest, nib, 1);
			if (q->guest_delivery)
				vri_ap_gisa_raise(hw, q->gisc);
			else
				hw->pending_iscs |= VR_AP_GISC_BIT(q->isc);
		}
		return 0;
	}
	return -ENOENT;
}

int vri_ap_hw_take_interruption(struct vri_ap_hw *hw)
{
	for (int isc = 0; isc < 8; isc++) {
		if (hw->pending_iscs & (0x80u >> isc)) {
			hw->pending_iscs &= (uint8_t) ~(0x80u >> isc);
			return isc;
		}
	}
	return -ENOENT;
}
