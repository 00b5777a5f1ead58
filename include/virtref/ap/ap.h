/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The host's AP instructions as the kernel issues them.
 *
 * mirrors: torvalds/linux arch/s390/include/asm/ap.h at v5.3
 *   struct ap_queue_status, struct ap_qirq_ctrl, AP_RESPONSE_*,
 *   ap_instructions_available(), ap_tapq(), ap_rapq(), ap_zapq(),
 *   ap_aqic() (the indicator a pointer before 6.0, as v5.3 passes it, and
 *   a physical address after, as mainline does)
 *
 * The wrappers are static inline there too: they are instructions, the
 * environment of a kernel file, not code a port replaces.  They execute
 * on the AP hardware of the ap instance the model lent the calling
 * thread (vr_ap_host_pqap()); the structs convert to and from register
 * images field by field, so their layout is free on any host.
 */
#ifndef VIRTREF_AP_AP_H
#define VIRTREF_AP_AP_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/linux/types.h>
#include <virtref/linux/version.h>

typedef unsigned int ap_qid_t;

/*
 * The status word.  s390 allocates bit fields from the most significant
 * bit; a little-endian host from the least, so there they are declared
 * the other way round: on either host the struct's 32 bits, read as a
 * u32, are the architecture's word (queue_empty is bit 31).
 */
struct ap_queue_status {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	unsigned int _pad2 : 16;
	unsigned int response_code : 8;
	unsigned int irq_enabled : 1;
	unsigned int _pad1 : 4;
	unsigned int queue_full : 1;
	unsigned int replies_waiting : 1;
	unsigned int queue_empty : 1;
#else
	unsigned int queue_empty : 1;
	unsigned int replies_waiting : 1;
	unsigned int queue_full : 1;
	unsigned int _pad1 : 4;
	unsigned int irq_enabled : 1;
	unsigned int response_code : 8;
	unsigned int _pad2 : 16;
#endif
};

_Static_assert(sizeof(struct ap_queue_status) == 4, "the status word is 32 bits");

struct ap_qirq_ctrl {
	unsigned int _res1 : 8;
	unsigned int zone : 8; /* zone info */
	unsigned int ir : 1;   /* irq request control */
	unsigned int _res2 : 4;
	unsigned int gisc : 3; /* guest isc field */
	unsigned int _res3 : 6;
	unsigned int gf : 2; /* gisa format */
	unsigned int _res4 : 1;
	unsigned int gisa : 27; /* gisa origin */
	unsigned int _res5 : 1;
	unsigned int isc : 3; /* irq sub class */
};

/* The QCI block: the members vfio_ap reads. */
struct ap_config_info {
	unsigned int apxa : 1; /* N bit */
	unsigned char Na;      /* highest APID */
	unsigned char Nd;      /* highest domain */
};

#define AP_RESPONSE_NORMAL 0x00
#define AP_RESPONSE_Q_NOT_AVAIL 0x01
#define AP_RESPONSE_RESET_IN_PROGRESS 0x02
#define AP_RESPONSE_DECONFIGURED 0x03
#define AP_RESPONSE_CHECKSTOPPED 0x04
#define AP_RESPONSE_BUSY 0x05
#define AP_RESPONSE_INVALID_ADDRESS 0x06
#define AP_RESPONSE_OTHERWISE_CHANGED 0x07
#define AP_RESPONSE_INVALID_GISA 0x08
#define AP_RESPONSE_Q_FULL 0x10
#define AP_RESPONSE_NO_PENDING_REPLY 0x10
#define AP_RESPONSE_INDEX_TOO_BIG 0x11
#define AP_RESPONSE_NO_FIRST_PART 0x13
#define AP_RESPONSE_MESSAGE_TOO_BIG 0x15
#define AP_RESPONSE_REQ_FAC_NOT_INST 0x16

/**
 * vr_ap_host_pqap() - one PQAP of the host on the lent ap instance
 * @gr0: function code, T bit and APQN
 * @gr1: GR1 in (AQIC: the interruption control)
 * @gr2: GR2 in (AQIC: the indicator)
 * @out_gr1: GR1 after: the status word in bits 32-63
 * @out_gr2: GR2 after (TAPQ with T: the information)
 *
 * Return: true when an ap instance lent the calling thread its hardware;
 * false (and WARN_ON()) otherwise, with RC 0x01 in @out_gr1.
 */
VR_API bool vr_ap_host_pqap(u64 gr0, u64 gr1, u64 gr2, u64 *out_gr1, u64 *out_gr2);

/* The status word of GR1 bits 32-63 as the kernel's struct. */
static inline struct ap_queue_status vr_ap_queue_status(u64 gr1)
{
	struct ap_queue_status s = { 0 };

	s.queue_empty = (gr1 >> 31) & 1;
	s.replies_waiting = (gr1 >> 30) & 1;
	s.queue_full = (gr1 >> 29) & 1;
	s.irq_enabled = (gr1 >> 24) & 1;
	s.response_code = (gr1 >> 16) & 0xff;
	return s;
}

/* The struct as the 32-bit status word. */
static inline u32 vr_ap_queue_status_word(struct ap_queue_status s)
{
	return (u32)s.queue_empty << 31 | (u32)s.replies_waiting << 30 | (u32)s.queue_full << 29 |
	       (u32)s.irq_enabled << 24 | (u32)s.response_code << 16;
}

/**
 * vr_ap_host_lent() - whether an ap instance lent the calling thread its hardware
 *
 * Return: true when the AP instructions execute.
 */
VR_API bool vr_ap_host_lent(void);

/**
 * vr_ap_host_qci() - the machine's QCI information, as the host's PQAP(QCI) has it
 * @info: filled
 *
 * Return: 0, or -EOPNOTSUPP without facility 12 or without a lent instance.
 */
VR_API int vr_ap_host_qci(struct ap_config_info *info);

static inline int ap_qci(struct ap_config_info *info)
{
	return vr_ap_host_qci(info);
}

static inline bool ap_instructions_available(void)
{
	return vr_ap_host_lent();
}

static inline struct ap_queue_status ap_tapq(ap_qid_t qid, unsigned long *info)
{
	u64 gr1, gr2;

	vr_ap_host_pqap(qid, 0, 0, &gr1, &gr2);
	if (info)
		*info = (unsigned long)gr2;
	return vr_ap_queue_status(gr1);
}

static inline struct ap_queue_status ap_rapq(ap_qid_t qid)
{
	u64 gr1, gr2;

	vr_ap_host_pqap((1ull << 24) | qid, 0, 0, &gr1, &gr2);
	return vr_ap_queue_status(gr1);
}

static inline struct ap_queue_status ap_zapq(ap_qid_t qid)
{
	u64 gr1, gr2;

	vr_ap_host_pqap((2ull << 24) | qid, 0, 0, &gr1, &gr2);
	return vr_ap_queue_status(gr1);
}

/* AQIC with the indicator at host physical address @pa_ind. */
static inline struct ap_queue_status vr_ap_aqic(ap_qid_t qid, struct ap_qirq_ctrl qirqctrl,
						phys_addr_t pa_ind)
{
	u64 ctrl = (u64)qirqctrl.zone << 48 | (u64)qirqctrl.ir << 47 | (u64)qirqctrl.gisc << 40 |
		   (u64)qirqctrl.gf << 32 | (u64)qirqctrl.gisa << 4 | qirqctrl.isc;
	u64 gr1, gr2;

	vr_ap_host_pqap((3ull << 24) | qid, ctrl, pa_ind, &gr1, &gr2);
	return vr_ap_queue_status(gr1);
}

#if VR_LINUX_VERSION < KERNEL_VERSION(6, 0, 0)
/* v5.3 to v5.19 pass the indicator as a pointer: on s390 it is its physical address. */
static inline struct ap_queue_status ap_aqic(ap_qid_t qid, struct ap_qirq_ctrl qirqctrl, void *ind)
{
	return vr_ap_aqic(qid, qirqctrl, (phys_addr_t)(uintptr_t)ind);
}
#else
static inline struct ap_queue_status ap_aqic(ap_qid_t qid, struct ap_qirq_ctrl qirqctrl,
					     phys_addr_t pa_ind)
{
	return vr_ap_aqic(qid, qirqctrl, pa_ind);
}
#endif

#endif
