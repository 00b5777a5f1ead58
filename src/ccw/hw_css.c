/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The channel subsystem: fetches CCWs, moves data through direct
 * addresses or IDAWs, chains, and ends with the SCSW the architecture
 * defines (PoP chapters 15 and 16; QEMU hw/s390x/css.c for the shapes a
 * virtual device produces; hercules-390/hyperion channel.c for TIC rules).
 *
 * The same engine runs the guest program in guest memory and the host
 * program vfio-ccw built, so any difference between the two runs is the
 * translator's.
 */
#include <string.h>
#include <virtref/text.h>
#include <virtref/mem.h>
#include "ccw/hw_internal.h"

/* ---- formats ---- */

void vr_ccw_decode1(const u8 b[8], struct ccw1 *ccw)
{
	ccw->cmd_code = b[0];
	ccw->flags = b[1];
	ccw->count = (u16)(b[2] << 8 | b[3]);
	ccw->cda = (u32)b[4] << 24 | (u32)b[5] << 16 | (u32)b[6] << 8 | b[7];
}

void vr_ccw_encode1(const struct ccw1 *ccw, u8 b[8])
{
	b[0] = ccw->cmd_code;
	b[1] = ccw->flags;
	b[2] = (u8)(ccw->count >> 8);
	b[3] = (u8)ccw->count;
	b[4] = (u8)(ccw->cda >> 24);
	b[5] = (u8)(ccw->cda >> 16);
	b[6] = (u8)(ccw->cda >> 8);
	b[7] = (u8)ccw->cda;
}

void vr_ccw_convert0(const u8 b[8], struct ccw1 *ccw)
{
	u32 cda = (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];

	if ((b[0] & 0xF) == CCW_CMD_TIC) {
		/* A format-0 TIC ignores its high nibble, flags and count. */
		ccw->cmd_code = CCW_CMD_TIC;
		ccw->flags = 0;
		ccw->count = 0;
	} else {
		ccw->cmd_code = b[0];
		ccw->flags = b[4];
		ccw->count = (u16)(b[6] << 8 | b[7]);
	}
	ccw->cda = cda;
}

int vri_ccw_fetch(const struct vri_ccw_as *as, u64 addr, bool fmt1, struct ccw1 *ccw)
{
	u8 b[8];

	if (as->read(as->ctx, addr, b, 8))
		return -EFAULT;
	if (fmt1 && addr < as->cpu_order_end)
		memcpy(ccw, b, sizeof(*ccw));
	else if (fmt1)
		vr_ccw_decode1(b, ccw);
	else
		vr_ccw_convert0(b, ccw);
	return 0;
}

void vr_ccw_orb_decode(const u32 w[3], union orb *orb)
{
	struct cmd_orb *o = &orb->cmd;
	u32 c = w[1];

	memset(orb, 0, sizeof(*orb));
	o->intparm = w[0];
	o->key = c >> 28;
	o->spnd = c >> 27 & 1;
	o->res1 = c >> 26 & 1;
	o->mod = c >> 25 & 1;
	o->sync = c >> 24 & 1;
	o->fmt = c >> 23 & 1;
	o->pfch = c >> 22 & 1;
	o->isic = c >> 21 & 1;
	o->alcc = c >> 20 & 1;
	o->ssic = c >> 19 & 1;
	o->res2 = c >> 18 & 1;
	o->c64 = c >> 17 & 1;
	o->i2k = c >> 16 & 1;
	o->lpm = c >> 8 & 0xFF;
	o->ils = c >> 7 & 1;
	o->zero = c >> 1 & 0x3F;
	o->orbx = c & 1;
	o->cpa = w[2];
}

void vr_ccw_orb_encode(const union orb *orb, u32 w[3])
{
	const struct cmd_orb *o = &orb->cmd;

	w[0] = o->intparm;
	w[1] = (u32)o->key << 28 | (u32)o->spnd << 27 | (u32)o->res1 << 26 | (u32)o->mod << 25 |
	       (u32)o->sync << 24 | (u32)o->fmt << 23 | (u32)o->pfch << 22 | (u32)o->isic << 21 |
	       (u32)o->alcc << 20 | (u32)o->ssic << 19 | (u32)o->res2 << 18 | (u32)o->c64 << 17 |
	       (u32)o->i2k << 16 | (u32)o->lpm << 8 | (u32)o->ils << 7 | (u32)o->zero << 1 |
	       o->orbx;
	w[2] = o->cpa;
}

void vr_ccw_scsw_encode(const union scsw *scsw, u32 w[3])
{
	const struct cmd_scsw *s = &scsw->cmd;

	w[0] = (u32)s->key << 28 | (u32)s->sctl << 27 | (u32)s->eswf << 26 | (u32)s->cc << 24 |
	       (u32)s->fmt << 23 | (u32)s->pfch << 22 | (u32)s->isic << 21 | (u32)s->alcc << 20 |
	       (u32)s->ssi << 19 | (u32)s->zcc << 18 | (u32)s->ectl << 17 | (u32)s->pno << 16 |
	       (u32)s->fctl << 12 | (u32)s->actl << 5 | s->stctl;
	w[1] = s->cpa;
	w[2] = (u32)s->dstat << 24 | (u32)s->cstat << 16 | s->count;
}

/* ---- data streams ---- */

static bool cmd_is_input(u8 cmd)
{
	/* read (xx10), sense (0100), read backward (1100) */
	return (cmd & 3) == 2 || (cmd & 0xF) == 4 || (cmd & 0xF) == 0xC;
}

struct stream {
	const struct vri_ccw_exec_in *in;
	bool fmt1;
	u32 block;	 /* IDAW block size */
	bool idaw64;	 /* format-2 IDAWs */
	u64 addr;	 /* address of the current segment's CCW */
	struct ccw1 ccw; /* the current segment */
	u32 pos;	 /* bytes of it used */
	u32 segments;
	u32 fetches; /* CCWs fetched by the program, TICs and data chains too */
	bool halted; /* a data chain ran into VR_CCW_EXEC_MAX */
	u8 cstat;    /* program or protection check, or 0 */
	u64 hash;
	u64 hw; /* bytes of the word being hashed */
	u32 hn; /* how many */
};

/*
 * FNV-1a over 8-byte little-endian words of the whole transfer.  The
 * partial word carries over between calls, so the value does not depend
 * on how a path splits the transfer (at IDAW blocks, say).
 */
static void hash_bytes(struct stream *st, const u8 *p, u32 n)
{
	u32 i = 0;

	for (; i < n && st->hn; i++) {
		st->hw |= (u64)p[i] << (8 * st->hn);
		if (++st->hn == 8) {
			st->hash = (st->hash ^ st->hw) * 0x100000001b3ULL;
			st->hw = 0;
			st->hn = 0;
		}
	}
	for (; i + 8 <= n; i += 8) {
		u64 w = (u64)p[i] | (u64)p[i + 1] << 8 | (u64)p[i + 2] << 16 | (u64)p[i + 3] << 24 |
			(u64)p[i + 4] << 32 | (u64)p[i + 5] << 40 | (u64)p[i + 6] << 48 |
			(u64)p[i + 7] << 56;

		st->hash = (st->hash ^ w) * 0x100000001b3ULL;
	}
	for (; i < n; i++) {
		st->hw |= (u64)p[i] << (8 * st->hn);
		st->hn++;
	}
}

/* The hash of everything moved; the byte count is in the event too. */
static u64 hash_final(const struct stream *st)
{
	return st->hn ? (st->hash ^ st->hw) * 0x100000001b3ULL : st->hash;
}

static u8 access_status(int err)
{
	return err == -EACCES ? SCHN_STAT_PROT_CHECK : SCHN_STAT_PROG_CHECK;
}

/* Checks a segment's addressing before any of its data moves. */
static bool segment_valid(struct stream *st)
{
	const struct ccw1 *c = &st->ccw;
	u64 limit = st->fmt1 ? 1ULL << 31 : 1ULL << 24;

	if (c->flags & CCW_FLAG_IDA) {
		if (c->cda & (st->idaw64 ? 7 : 3))
			return false;
	} else if ((u64)c->cda + c->count > limit) {
		return false;
	}
	return true;
}

/*
 * One IDAW: big-endian in memory a guest wrote, in the CPU's byte order
 * in memory the host's kernel wrote (below the AS's cpu_order_end).
 */
static int read_idaw(const struct vri_ccw_as *as, u64 addr, bool idaw64, u64 *idaw)
{
	u32 size = idaw64 ? 8 : 4, k;
	u8 b[8];

	if (as->read(as->ctx, addr, b, size))
		return -EFAULT;
	if (addr < as->cpu_order_end && idaw64) {
		memcpy(idaw, b, 8);
		return 0;
	}
	if (addr < as->cpu_order_end) {
		u32 w;

		memcpy(&w, b, 4);
		*idaw = w;
		return 0;
	}
	for (*idaw = 0, k = 0; k < size; k++)
		*idaw = *idaw << 8 | b[k];
	return 0;
}

/* Address of byte @pos of an IDA segment, reading and checking the IDAW. */
static int ida_addr(struct stream *st, u32 pos, u64 *addr, u32 *room)
{
	const struct vri_ccw_as *as = st->in->as;
	u32 size = st->idaw64 ? 8 : 4;
	u64 first, idaw;
	u32 first_len, k, off;

	if (read_idaw(as, st->ccw.cda, st->idaw64, &first))
		return -EFAULT;
	if (!st->idaw64 && (first & 0x80000000u))
		return -EFAULT;
	first_len = st->block - (u32)(first & (st->block - 1));
	if (pos < first_len) {
		*addr = first + pos;
		*room = first_len - pos;
		return 0;
	}
	k = 1 + (pos - first_len) / st->block;
	off = (pos - first_len) % st->block;
	if (read_idaw(as, st->ccw.cda + (u64)k * size, st->idaw64, &idaw))
		return -EFAULT;
	/* Every IDAW after the first must start a block (PoP chapter 15, IDA). */
	if ((idaw & (st->block - 1)) || (!st->idaw64 && (idaw & 0x80000000u)))
		return -EFAULT;
	*addr = idaw + off;
	*room = st->block - off;
	return 0;
}

/* Moves to the next segment of a data chain; false when there is none. */
static bool next_segment(struct stream *st)
{
	const struct vri_ccw_exec_in *in = st->in;
	u64 next = st->addr + 8;
	bool tic = false;
	struct ccw1 c;

	if (!(st->ccw.flags & CCW_FLAG_DC))
		return false;
	for (;;) {
		/* A data chain through a TIC back never ends on its own. */
		if (++st->fetches >= VR_CCW_EXEC_MAX) {
			st->halted = true;
			return false;
		}
		if ((next & 7) || next >= (st->fmt1 ? 1ULL << 31 : 1ULL << 24) ||
		    vri_ccw_fetch(in->as, next, st->fmt1, &c)) {
			st->cstat = SCHN_STAT_PROG_CHECK;
			st->addr = next;
			return false;
		}
		if ((c.cmd_code & 0xF) != CCW_CMD_TIC)
			break;
		/* Data chaining may pass through one TIC (Hercules channel.c). */
		if (tic || (st->fmt1 && (c.cmd_code != CCW_CMD_TIC || c.flags || c.count))) {
			st->cstat = SCHN_STAT_PROG_CHECK;
			st->addr = next;
			return false;
		}
		tic = true;
		next = c.cda;
	}
	st->addr = next;
	st->ccw = c;
	st->pos = 0;
	st->segments++;
	if ((c.flags & CCW_FLAG_MIDA) || (!st->fmt1 && !c.count) || !segment_valid(st)) {
		st->cstat = SCHN_STAT_PROG_CHECK;
		return false;
	}
	return true;
}

/*
 * Moves up to @n bytes between @buf and the data areas of the chain
 * (@to_mem: device to memory).  @keep bytes of @buf are filled/used at
 * most; beyond that the bytes are only hashed (output) or are zero
 * (input is never longer than the device buffer).  Returns bytes moved.
 */
static u32 stream_move(struct stream *st, u8 *buf, u32 n, u32 keep, bool to_mem, bool backward)
{
	const struct vri_ccw_as *as = st->in->as;
	u8 chunk[256];
	u32 done = 0;

	while (done < n) {
		u32 left = st->ccw.count - st->pos, k, room;
		u64 addr;
		int err;

		if (!left) {
			if (!next_segment(st))
				break;
			continue;
		}
		k = min(left, n - done);
		k = min(k, (u32)sizeof(chunk));
		if (backward) {
			/* Read backward fills the area from its last byte down. */
			u32 i;

			for (i = 0; i < k; i++) {
				u8 byte = done + i < keep ? buf[done + i] : 0;

				if (!(st->ccw.flags & CCW_FLAG_SKIP)) {
					u32 p = st->ccw.count - 1 - (st->pos + i);

					if (st->ccw.flags & CCW_FLAG_IDA) {
						err = ida_addr(st, p, &addr, &room);
					} else {
						addr = (u64)st->ccw.cda + p;
						err = 0;
					}
					if (!err)
						err = as->write(as->ctx, addr, &byte, 1);
					if (err) {
						st->cstat = access_status(err);
						return done + i;
					}
				}
				hash_bytes(st, &byte, 1);
			}
			st->pos += k;
			done += k;
			continue;
		}
		if (st->ccw.flags & CCW_FLAG_IDA) {
			err = ida_addr(st, st->pos, &addr, &room);
			if (err) {
				st->cstat = SCHN_STAT_PROG_CHECK;
				return done;
			}
			k = min(k, room);
		} else {
			addr = (u64)st->ccw.cda + st->pos;
		}
		if (to_mem) {
			u32 i;

			for (i = 0; i < k; i++)
				chunk[i] = done + i < keep ? buf[done + i] : 0;
			err = 0;
			/* SKIP suppresses storing only; the count still advances. */
			if (!(st->ccw.flags & CCW_FLAG_SKIP))
				err = as->write(as->ctx, addr, chunk, k);
		} else {
			err = as->read(as->ctx, addr, chunk, k);
			if (!err && done < keep)
				memcpy(buf + done, chunk, min(k, keep - done));
		}
		if (err) {
			st->cstat = access_status(err);
			return done;
		}
		hash_bytes(st, chunk, k);
		st->pos += k;
		done += k;
	}
	return done;
}

/* True when the data chain could take or give more bytes. */
static bool stream_more(struct stream *st)
{
	return st->pos < st->ccw.count || (st->ccw.flags & CCW_FLAG_DC);
}

/* ---- the channel ---- */

static const char *status_name(u8 dstat)
{
	switch (dstat) {
	case DEV_STAT_CHN_END | DEV_STAT_DEV_END:
		return "CE DE";
	case DEV_STAT_CHN_END | DEV_STAT_DEV_END | DEV_STAT_STAT_MOD:
		return "CE DE SM";
	case DEV_STAT_UNIT_CHECK:
	case DEV_STAT_CHN_END | DEV_STAT_DEV_END | DEV_STAT_UNIT_CHECK:
		return "unit check";
	default:
		return "status";
	}
}

static void end_status(struct irb *irb, u64 cpa, u8 dstat, u8 cstat, u32 residual)
{
	struct cmd_scsw *s = &irb->scsw.cmd;
	bool alert =
		(cstat & ~SCHN_STAT_PCI) || (dstat & (DEV_STAT_UNIT_CHECK | DEV_STAT_UNIT_EXCEP));

	s->fctl = VR_SCSW_FCTL_START;
	s->stctl = VR_SCSW_STCTL_PRIMARY | VR_SCSW_STCTL_SECONDARY | VR_SCSW_STCTL_PENDING |
		   (alert ? VR_SCSW_STCTL_ALERT : 0);
	s->cpa = (u32)cpa;
	s->dstat = dstat;
	s->cstat = cstat;
	s->count = (u16)residual;
}

static void log_event(struct vr_ccw_log *log, const struct vr_ccw_event *ev)
{
	if (!log)
		return;
	if (log->n == VR_CCW_EVENTS_MAX) {
		log->overflow = true;
		return;
	}
	log->ev[log->n++] = *ev;
}

#define NARRATE(in, ...)                                                                           \
	do {                                                                                       \
		if ((in)->explain)                                                                 \
			vr_explain_line((in)->explain, __VA_ARGS__);                               \
	} while (0)

/*
 * Whether incorrect length is suppressed (Principles of Operation,
 * chapter 15, "Incorrect Length" and "Immediate Operations"; chapter 16,
 * the ORB's incorrect-length-suppression mode, L).  SLI without CD always
 * suppresses it.  An immediate operation, which the device ends without
 * asking for data, has it suppressed too for a format-0 CCW and, for a
 * format-1 CCW, when the ORB's L bit is one.  QEMU's css does no length
 * check for a NOP at all.
 */
static bool il_suppressed(const struct stream *st, bool immediate)
{
	if ((st->ccw.flags & CCW_FLAG_SLI) && !(st->ccw.flags & CCW_FLAG_DC))
		return true;
	if (!immediate)
		return false;
	if (st->in->qemu_nop && st->ccw.cmd_code == CCW_CMD_NOOP)
		return true;
	return !st->fmt1 || st->in->orb->cmd.ils;
}

/*
 * Executes the command of the CCW at @st->addr; returns device status
 * (0 when the channel ended it with a check in @st->cstat) and sets
 * *@il when the length was incorrect and not suppressed.
 */
static u8 run_command(struct stream *st, struct vri_ccw_device *dev, struct vr_ccw_log *log,
		      bool *il)
{
	u8 buf[VR_ECHO_BUF];
	u8 cmd = st->ccw.cmd_code, dstat;
	struct vr_ccw_event ev = { .cmd = cmd, .count = st->ccw.count };
	u32 done = 0, moved, want;
	bool short_chain = false, immediate = false;

	*il = false;
	memset(buf, 0, sizeof(buf));
	if (cmd_is_input(cmd)) {
		dstat = vri_ccw_device_cmd(dev, cmd, buf, 0, sizeof(buf), &done);
		moved = stream_move(st, buf, done, done, true, (cmd & 0xF) == 0xC);
		short_chain = moved < done;
	} else {
		/* What the device needs: a DASD a few bytes, echo all offered. */
		want = UINT32_MAX;
		if (dev->type == VR_CCW_DEV_DASD) {
			want = cmd == VR_DASD_SEEK	     ? 6
			       : cmd == VR_DASD_SEARCH_ID_EQ ? 5
			       : cmd == VR_DASD_WRITE_DATA   ? VR_DASD_RECLEN
							     : 0;
		} else if ((cmd & 3) == 3) {
			want = 0;
		}
		immediate = want == 0;
		moved = stream_move(st, buf, want, sizeof(buf), false, false);
		if (st->cstat) {
			ev.len = moved;
			ev.hash = hash_final(st);
			log_event(log, &ev);
			return 0;
		}
		dstat = vri_ccw_device_cmd(dev, cmd, buf, moved, sizeof(buf), &done);
		short_chain = want != UINT32_MAX && moved < want;
	}
	ev.dstat = dstat;
	ev.len = moved;
	ev.hash = hash_final(st);
	log_event(log, &ev);
	if (st->cstat)
		return 0;
	if (dstat & DEV_STAT_UNIT_CHECK)
		return dstat;
	/* Incorrect length: the device and the count disagree (PoP chapter 15). */
	if (short_chain || stream_more(st))
		*il = !il_suppressed(st, immediate);
	return dstat;
}

void vri_ccw_execute(const struct vri_ccw_exec_in *in, struct irb *irb)
{
	const struct cmd_orb *orb = &in->orb->cmd;
	bool fmt1 = orb->fmt, prev_tic = false, pci = false;
	u64 limit = fmt1 ? 1ULL << 31 : 1ULL << 24;
	u64 cpa = orb->cpa;
	struct stream st;
	struct ccw1 c;

	memset(irb, 0, sizeof(*irb));
	memset(&st, 0, sizeof(st));
	st.in = in;
	st.fmt1 = fmt1;
	st.idaw64 = orb->c64;
	/* 4 KiB blocks only with c64 = 1 and i2k = 0 (QEMU hw/s390x/css.c). */
	st.block = orb->c64 && !orb->i2k ? 4096 : 2048;

	for (;; st.fetches++) {
		if (st.fetches >= VR_CCW_EXEC_MAX) {
			/* Stopped as a driver's halt would: no status from the device. */
			NARRATE(in, "%s: halted after %u CCWs at 0x%llx", in->who, st.fetches,
				(unsigned long long)cpa);
			end_status(irb, cpa, 0, 0, 0);
			irb->scsw.cmd.fctl |= VR_SCSW_FCTL_HALT;
			return;
		}
		if ((cpa & 7) || cpa >= limit || vri_ccw_fetch(in->as, cpa, fmt1, &c)) {
			NARRATE(in, "%s: CCW fetch at 0x%llx fails: program check", in->who,
				(unsigned long long)cpa);
			end_status(irb, cpa + 8, 0, SCHN_STAT_PROG_CHECK, 0);
			return;
		}
		if ((c.cmd_code & 0xF) == CCW_CMD_TIC) {
			if ((fmt1 && (c.cmd_code != CCW_CMD_TIC || c.flags || c.count)) ||
			    prev_tic) {
				NARRATE(in, "%s: TIC at 0x%llx invalid%s: program check", in->who,
					(unsigned long long)cpa, prev_tic ? " (TIC to TIC)" : "");
				end_status(irb, cpa + 8, 0, SCHN_STAT_PROG_CHECK, 0);
				return;
			}
			NARRATE(in, "%s: 0x%llx TIC -> 0x%x", in->who, (unsigned long long)cpa,
				c.cda);
			prev_tic = true;
			cpa = c.cda;
			continue;
		}
		prev_tic = false;
		st.addr = cpa;
		st.ccw = c;
		st.pos = 0;
		st.segments = 1;
		st.hash = 0xcbf29ce484222325ULL;
		st.hw = 0;
		st.hn = 0;
		if (!(c.cmd_code & 0xF) || (!fmt1 && !c.count) || (c.flags & CCW_FLAG_MIDA) ||
		    ((c.flags & CCW_FLAG_SUSPEND) && !orb->spnd) || !segment_valid(&st)) {
			NARRATE(in,
				"%s: 0x%llx CCW %02x flags %02x count %u invalid: program check",
				in->who, (unsigned long long)cpa, c.cmd_code, c.flags, c.count);
			end_status(irb, cpa + 8, 0, SCHN_STAT_PROG_CHECK, 0);
			return;
		}
		if (c.flags & CCW_FLAG_SUSPEND) {
			NARRATE(in, "%s: 0x%llx suspended", in->who, (unsigned long long)cpa);
			irb->scsw.cmd.fctl = VR_SCSW_FCTL_START;
			irb->scsw.cmd.actl = VR_SCSW_ACTL_SUSPENDED;
			irb->scsw.cmd.stctl = VR_SCSW_STCTL_INTER | VR_SCSW_STCTL_PENDING;
			irb->scsw.cmd.cpa = (u32)(cpa + 8);
			return;
		}
		if (c.flags & CCW_FLAG_PCI)
			pci = true;
		{
			bool il;
			u8 dstat = run_command(&st, in->dev, in->log, &il);
			u8 cstat = st.cstat | (il ? SCHN_STAT_INCORR_LEN : 0) |
				   (pci ? SCHN_STAT_PCI : 0);
			u32 residual = st.ccw.count - min(st.pos, (u32)st.ccw.count);
			bool sm = dstat & DEV_STAT_STAT_MOD;

			if (st.halted) {
				NARRATE(in, "%s: halted after %u CCWs in the data chain at 0x%llx",
					in->who, st.fetches, (unsigned long long)st.addr);
				end_status(irb, st.addr, 0, 0, 0);
				irb->scsw.cmd.fctl |= VR_SCSW_FCTL_HALT;
				return;
			}
			NARRATE(in, "%s: 0x%llx CCW %02x flags %02x count %u -> %s%s, %u left",
				in->who, (unsigned long long)cpa, c.cmd_code, c.flags, c.count,
				status_name(dstat), il ? " IL" : "", residual);
			if (st.cstat || il ||
			    (dstat & (DEV_STAT_UNIT_CHECK | DEV_STAT_UNIT_EXCEP)) ||
			    !(st.ccw.flags & CCW_FLAG_CC)) {
				if (st.cstat)
					residual = 0;
				memcpy(irb->ecw, in->dev->sense, sizeof(irb->ecw));
				end_status(irb, st.addr + 8, dstat, cstat, residual);
				return;
			}
			/* Status modifier with command chaining skips one CCW. */
			if (sm)
				NARRATE(in, "%s: status modifier: skipping 0x%llx", in->who,
					(unsigned long long)(st.addr + 8));
			cpa = st.addr + (sm ? 16 : 8);
		}
	}
}

/* ---- the subchannel ---- */

bool vri_ccw_sch_accept(const struct vri_ccw_sch *sch, const union orb *orb, struct vr_ccw_io *io)
{
	if (orb->cmd.res2 || orb->cmd.zero || (orb->cmd.cpa & 0x80000000u)) {
		io->exception = VR_CCW_EXC_OPERAND;
		return false;
	}
	if (sch->status_pending) {
		io->cc = 1;
		return false;
	}
	if (sch->suspended) {
		io->cc = 2;
		return false;
	}
	return true;
}

int vri_ccw_orb_fetch(struct vr_mem *mem, u64 addr, union orb *orb)
{
	u32 w[3];
	int i;

	if (addr & 3)
		return VR_CCW_EXC_SPECIFICATION;
	for (i = 0; i < 3; i++)
		if (vr_mem_read_be32(mem, addr + 4u * i, &w[i]))
			return VR_CCW_EXC_ADDRESSING;
	vr_ccw_orb_decode(w, orb);
	return 0;
}

/*
 * While the start function is indicated, the SCSW's key and its S, F, P,
 * I, A and U bits hold the ORB's values for them (Principles of
 * Operation, "Subchannel-Status Word").  QEMU's css sets F alone, and only
 * for a program that got a path.
 */
static void start_flags(const struct vri_ccw_exec_in *in, bool executed, struct cmd_scsw *s)
{
	const struct cmd_orb *o = &in->orb->cmd;

	if (in->qemu_flags) {
		s->fmt = executed && o->fmt;
		return;
	}
	s->key = o->key;
	s->sctl = o->spnd;
	s->fmt = o->fmt;
	s->pfch = o->pfch;
	s->isic = o->isic;
	s->alcc = o->alcc;
	s->ssi = o->ssic;
}

void vri_ccw_sch_run(const struct vri_ccw_exec_in *in, struct irb *irb)
{
	if (in->log) {
		in->log->n = 0;
		in->log->overflow = false;
	}
	if (!(in->orb->cmd.lpm & VRI_CCW_PATH)) {
		memset(irb, 0, sizeof(*irb));
		irb->scsw.cmd.cc = 3;
		irb->scsw.cmd.fctl = VR_SCSW_FCTL_START;
		irb->scsw.cmd.stctl = VR_SCSW_STCTL_ALERT | VR_SCSW_STCTL_PENDING;
		start_flags(in, false, &irb->scsw.cmd);
		NARRATE(in, "%s: LPM 0x%02x has no usable path: deferred cc 3", in->who,
			in->orb->cmd.lpm);
		return;
	}
	vri_ccw_execute(in, irb);
	start_flags(in, true, &irb->scsw.cmd);
}

void vri_ccw_sch_status(struct vri_ccw_sch *sch, const struct irb *irb)
{
	sch->status_pending = true;
	sch->irb = *irb;
	sch->suspended = irb->scsw.cmd.actl & VR_SCSW_ACTL_SUSPENDED;
}

int vri_ccw_sch_tsch(struct vri_ccw_sch *sch, struct irb *irb)
{
	if (!sch->status_pending) {
		memset(irb, 0, sizeof(*irb));
		return 1;
	}
	*irb = sch->irb;
	sch->status_pending = false;
	return 0;
}

void vri_ccw_sch_clear(struct vri_ccw_sch *sch)
{
	/* Clear: status pending with the clear function, CPA unchanged. */
	u32 cpa = sch->irb.scsw.cmd.cpa;

	sch->suspended = false;
	memset(&sch->irb, 0, sizeof(sch->irb));
	sch->irb.scsw.cmd.fctl = 0x1; /* clear */
	sch->irb.scsw.cmd.stctl = VR_SCSW_STCTL_PENDING;
	sch->irb.scsw.cmd.cpa = cpa;
	sch->status_pending = true;
}
