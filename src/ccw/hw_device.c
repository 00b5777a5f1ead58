/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The virtual devices behind the subchannel.
 *
 * DASD: a small CKD disk (2 cylinders x 2 heads x 3 records of 32 bytes).
 * Seek positions the arm, Search ID Equal compares its 5-byte CCHHR
 * argument with the record passing under the head and presents status
 * modifier on a match (the channel then skips one CCW), Read Data and
 * Write Data act on the record a search found (or the next one), Read
 * IPL reads record 1 of cylinder 0 head 0 (QEMU
 * pc-bios/s390-ccw/dasd-ipl.c).
 *
 * Echo: keeps the last bytes written and returns them on read.
 *
 * Unknown commands are rejected with unit check and sense byte 0 = 0x80
 * (QEMU hw/s390x/css.c command reject).
 */
#include <string.h>
#include <virtref/mem.h>
#include "ccw/hw_internal.h"

#define SENSE_CMD_REJECT 0x80

static const u8 dasd_sense_id[7] = { 0xFF, 0x39, 0x90, 0xE9, 0x33, 0x90, 0x0C };
static const u8 echo_sense_id[7] = { 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };

void vri_ccw_device_reset(struct vri_ccw_device *d, enum vr_ccw_device_type type)
{
	unsigned c, h, r, i;

	memset(d, 0, sizeof(*d));
	d->type = type;
	d->next_rec = 1;
	/* Deterministic record contents, different for every record. */
	for (c = 0; c < VR_DASD_CYLS; c++)
		for (h = 0; h < VR_DASD_HEADS; h++)
			for (r = 0; r < VR_DASD_RECS; r++)
				for (i = 0; i < VR_DASD_RECLEN; i++)
					d->data[c][h][r][i] =
						(u8)(c * 7 + h * 13 + (r + 1) * 31 + i);
}

static u8 reject(struct vri_ccw_device *d, u32 *done)
{
	memset(d->sense, 0, sizeof(d->sense));
	d->sense[0] = SENSE_CMD_REJECT;
	*done = 0;
	return DEV_STAT_UNIT_CHECK;
}

static u32 put(u8 *buf, u32 cap, const u8 *src, u32 n)
{
	n = min(n, cap);
	memcpy(buf, src, n);
	return n;
}

/* The record under the head: the one a search oriented to, else the next. */
static u8 *dasd_record(struct vri_ccw_device *d)
{
	u8 r = d->found_rec;

	if (!r) {
		r = d->next_rec;
		d->next_rec = r % VR_DASD_RECS + 1;
	}
	d->found_rec = 0;
	return d->data[d->cyl][d->head][r - 1];
}

static u8 dasd_cmd(struct vri_ccw_device *d, u8 cmd, u8 *buf, u32 len, u32 cap, u32 *done)
{
	u8 id[5], r;
	u16 cyl, head;

	switch (cmd) {
	case VR_DASD_SEEK:
		/* 6 bytes: reserved(2), cylinder(2), head(2). */
		*done = min(len, 6u);
		if (len < 6)
			return reject(d, done);
		cyl = (u16)(buf[2] << 8 | buf[3]);
		head = (u16)(buf[4] << 8 | buf[5]);
		if (cyl >= VR_DASD_CYLS || head >= VR_DASD_HEADS) {
			*done = 6;
			memset(d->sense, 0, sizeof(d->sense));
			d->sense[0] = SENSE_CMD_REJECT;
			return DEV_STAT_CHN_END | DEV_STAT_DEV_END | DEV_STAT_UNIT_CHECK;
		}
		d->cyl = cyl;
		d->head = head;
		d->next_rec = 1;
		d->found_rec = 0;
		return DEV_STAT_CHN_END | DEV_STAT_DEV_END;
	case VR_DASD_SEARCH_ID_EQ:
		/* The record passing under the head is compared, then the disk turns. */
		*done = min(len, 5u);
		r = d->next_rec;
		d->next_rec = r % VR_DASD_RECS + 1;
		d->found_rec = 0;
		id[0] = (u8)(d->cyl >> 8);
		id[1] = (u8)d->cyl;
		id[2] = (u8)(d->head >> 8);
		id[3] = (u8)d->head;
		id[4] = r;
		if (len >= 5 && !memcmp(buf, id, 5)) {
			d->found_rec = r;
			return DEV_STAT_CHN_END | DEV_STAT_DEV_END | DEV_STAT_STAT_MOD;
		}
		return DEV_STAT_CHN_END | DEV_STAT_DEV_END;
	case VR_DASD_READ_DATA:
		*done = put(buf, cap, dasd_record(d), VR_DASD_RECLEN);
		return DEV_STAT_CHN_END | DEV_STAT_DEV_END;
	case CCW_CMD_READ_IPL:
		d->cyl = 0;
		d->head = 0;
		d->found_rec = 0;
		d->next_rec = 2;
		*done = put(buf, cap, d->data[0][0][0], VR_DASD_RECLEN);
		return DEV_STAT_CHN_END | DEV_STAT_DEV_END;
	case VR_DASD_WRITE_DATA: {
		u8 *rec = dasd_record(d);

		*done = min(len, (u32)VR_DASD_RECLEN);
		memset(rec, 0, VR_DASD_RECLEN);
		memcpy(rec, buf, *done);
		return DEV_STAT_CHN_END | DEV_STAT_DEV_END;
	}
	case CCW_CMD_NOOP:
		*done = 0;
		return DEV_STAT_CHN_END | DEV_STAT_DEV_END;
	case CCW_CMD_BASIC_SENSE:
		*done = put(buf, cap, d->sense, sizeof(d->sense));
		memset(d->sense, 0, sizeof(d->sense));
		return DEV_STAT_CHN_END | DEV_STAT_DEV_END;
	case CCW_CMD_SENSE_ID:
		*done = put(buf, cap, dasd_sense_id, sizeof(dasd_sense_id));
		return DEV_STAT_CHN_END | DEV_STAT_DEV_END;
	default:
		return reject(d, done);
	}
}

static u8 echo_cmd(struct vri_ccw_device *d, u8 cmd, u8 *buf, u32 len, u32 cap, u32 *done)
{
	if (cmd == CCW_CMD_SENSE_ID) {
		*done = put(buf, cap, echo_sense_id, sizeof(echo_sense_id));
	} else if (cmd == CCW_CMD_BASIC_SENSE) {
		*done = put(buf, cap, d->sense, 1);
		memset(d->sense, 0, sizeof(d->sense));
	} else if ((cmd & 3) == 1) {
		/* Takes everything offered and remembers the first 256 bytes. */
		*done = len;
		d->echo_len = (u16)min(len, (u32)VR_ECHO_BUF);
		memcpy(d->echo, buf, d->echo_len);
	} else if ((cmd & 3) == 2 || (cmd & 0xF) == 0xC) {
		*done = put(buf, cap, d->echo, d->echo_len);
	} else if ((cmd & 3) == 3) {
		*done = 0;
	} else {
		return reject(d, done);
	}
	return DEV_STAT_CHN_END | DEV_STAT_DEV_END;
}

bool vri_ccw_device_may_sm(enum vr_ccw_device_type type, u8 cmd)
{
	return type == VR_CCW_DEV_DASD && cmd == VR_DASD_SEARCH_ID_EQ;
}

u8 vri_ccw_device_cmd(struct vri_ccw_device *d, u8 cmd, u8 *buf, u32 len, u32 cap, u32 *done)
{
	if (d->type == VR_CCW_DEV_DASD)
		return dasd_cmd(d, cmd, buf, len, cap, done);
	return echo_cmd(d, cmd, buf, len, cap, done);
}
