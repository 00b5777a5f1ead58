/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The s390 Adjunct Processor (AP) queue architecture as a guest sees it:
 * the PQAP, NQAP and DQAP register formats, the AP queue status word and
 * its response codes, the TAPQ information and the QCI block
 * (z/Architecture Principles of Operation, SA22-7832, "Adjunct
 * Processor"; the kernel's names are those of torvalds/linux
 * arch/s390/include/asm/ap.h at v5.3).  Bit numbers are IBM style: bit 0
 * is the most significant bit of the 64-bit register.
 */
#ifndef VIRTREF_AP_HW_H
#define VIRTREF_AP_HW_H

#include <stdint.h>

/* An APQN is (APID << 8) | APQI; asm/ap.h AP_MKQID / AP_QID_CARD / AP_QID_QUEUE. */
#define VR_AP_APQN(apid, apqi) ((uint16_t)((((apid)&0xffu) << 8) | ((apqi)&0xffu)))
#define VR_AP_APID(apqn) (((apqn) >> 8) & 0xffu)
#define VR_AP_APQI(apqn) ((apqn)&0xffu)

/* Highest APID and APQI without the AP extended addressing (APXA) facility. */
#define VR_AP_APID_MAX_NO_APXA 63u
#define VR_AP_APQI_MAX_NO_APXA 15u

/* PQAP GR0: function code (bits 32-39), T (40), must-be-zero (41-47), APQN. */
#define VR_AP_GR0_FC_SHIFT 24
#define VR_AP_GR0_FC 0x00000000ff000000ull
#define VR_AP_GR0_T 0x0000000000800000ull
#define VR_AP_GR0_MBZ 0x00000000007f0000ull
#define VR_AP_GR0_APQN 0x000000000000ffffull
/* The APID bits above 63 and the APQI bits above 15: a specification exception without APXA. */
#define VR_AP_GR0_APXA_BITS 0x000000000000c0f0ull

/* PQAP function codes. */
enum vr_ap_fc {
	VR_AP_FC_TAPQ = 0, /* test queue */
	VR_AP_FC_RAPQ = 1, /* reset queue */
	VR_AP_FC_ZAPQ = 2, /* reset and zeroize queue */
	VR_AP_FC_AQIC = 3, /* interruption control; facility 65 */
	VR_AP_FC_QCI = 4,  /* query configuration information; facility 12 */
};

/* NQAP GR0: bit 33 "last part of the message"; bits 32, 34, 35, 40 must be 0. */
#define VR_AP_NQAP_LAST 0x0000000040000000ull
#define VR_AP_NQAP_SPECIAL 0x0000000000400000ull
#define VR_AP_NQAP_MBZ 0x00000000b0800000ull
/* DQAP GR0: bit 32 "first call"; bits 33, 34, 35, 40, 41 must be 0. */
#define VR_AP_DQAP_FIRST 0x0000000080000000ull
#define VR_AP_DQAP_MBZ 0x0000000070c00000ull

/* The AP queue status word, GR1 bits 32-63 (asm/ap.h struct ap_queue_status). */
#define VR_AP_QSW_E 0x80000000u	 /* queue empty */
#define VR_AP_QSW_R 0x40000000u	 /* replies waiting */
#define VR_AP_QSW_F 0x20000000u	 /* queue full */
#define VR_AP_QSW_I 0x01000000u	 /* interruptions enabled */
#define VR_AP_QSW_RC 0x00ff0000u /* response code */
#define VR_AP_QSW_RC_SHIFT 16

/* Response codes (asm/ap.h and drivers/s390/crypto/ap_bus.h AP_RESPONSE_*). */
enum vr_ap_rc {
	VR_AP_RC_NORMAL = 0x00,
	VR_AP_RC_Q_NOT_AVAIL = 0x01,
	VR_AP_RC_RESET_IN_PROGRESS = 0x02,
	VR_AP_RC_DECONFIGURED = 0x03,
	VR_AP_RC_CHECKSTOPPED = 0x04,
	VR_AP_RC_BUSY = 0x05,
	VR_AP_RC_INVALID_ADDRESS = 0x06,
	VR_AP_RC_OTHERWISE_CHANGED = 0x07,
	VR_AP_RC_INVALID_GISA = 0x08, /* AQIC with a GISA designation that names no GISA */
	VR_AP_RC_Q_FULL = 0x10,	      /* NQAP; the same value is DQAP's NO_PENDING_REPLY */
	VR_AP_RC_NO_PENDING_REPLY = 0x10,
	VR_AP_RC_INDEX_TOO_BIG = 0x11, /* APID above Na or APQI above Nd (with APXA) */
	VR_AP_RC_NO_FIRST_PART = 0x13, /* DQAP continuing a reply never begun */
	VR_AP_RC_MESSAGE_TOO_BIG = 0x15,
	VR_AP_RC_REQ_FAC_NOT_INST = 0x16,
	VR_AP_RC_INVALID_DOMAIN = 0x42, /* NQAP of a message naming another usage domain */
};

/*
 * AQIC GR1 (asm/ap.h struct ap_qirq_ctrl): IR (bit 16), the guest ISC
 * (GISC, bits 21-23), the GISA origin (bits 33-59: a 31-bit, 16-byte
 * aligned address whose low four bits are not stored) and the ISC (bits
 * 61-63).  With a GISA origin the interruption is the guest's: it goes to
 * GISC of that GISA, and ISC is the host's alert subclass.
 */
#define VR_AP_AQIC_IR 0x0000800000000000ull
#define VR_AP_AQIC_GISC 0x0000070000000000ull
#define VR_AP_AQIC_GISC_SHIFT 40
#define VR_AP_AQIC_GISA 0x000000007ffffff0ull
#define VR_AP_AQIC_ISC 0x0000000000000007ull

/*
 * Where the host sees guest storage: guest absolute address g is host
 * address VR_AP_HOST_GUEST_BASE + g (the model's choice of a host layout;
 * the SIE gives a guest a host range of its own).  A host-format AQIC's
 * NIB is a host address.
 */
#define VR_AP_HOST_GUEST_BASE 0x100000000ull

/*
 * The GISA's interruption-pending and interruption-alert masks hold GISC
 * g at 0x80 >> g (arch/s390/include/asm/kvm_host.h struct kvm_s390_gisa:
 * ipm, iam).
 */
#define VR_AP_GISC_BIT(gisc) ((uint8_t)(0x80u >> ((gisc)&7u)))
/* The GISA: 32 bytes, the IPM at byte 4 and the IAM at byte 7 (all formats). */
#define VR_AP_GISA_SIZE 32u
#define VR_AP_GISA_IPM 4u
#define VR_AP_GISA_IAM 7u

/*
 * The crypto control block (CRYCB) the SIE reads a guest's AP
 * configuration from (arch/s390/include/asm/kvm_host.h struct
 * kvm_s390_crypto_cb and struct kvm_s390_apcb0/apcb1).  The CRYCB
 * designation is its 31-bit origin with the format in the low two bits.
 * Formats 0 and 1 use APCB0: APM 64 bits, AQM and ADM the first 16 bits of
 * their word (IDs 0-63 and 0-15); format 2 (MSAX3 and APXA) uses APCB1,
 * 256 bits each.  A mask holds ID n in 64-bit word n / 64 at bit
 * 63 - n % 64 (set_bit_inv()), each word in the CPU's byte order.
 */
#define VR_AP_CRYCB_SIZE 0xe0u
#define VR_AP_CRYCB_FORMAT_MASK 0x3u
#define VR_AP_CRYCB_FORMAT0 0x0u
#define VR_AP_CRYCB_FORMAT1 0x1u
#define VR_AP_CRYCB_FORMAT2 0x3u
#define VR_AP_CRYCB_APXA 0x2u /* the designation bit that gives APXA */
#define VR_AP_APCB0_APM 0x00u
#define VR_AP_APCB0_AQM 0x08u
#define VR_AP_APCB0_ADM 0x10u
#define VR_AP_APCB1_APM 0x80u
#define VR_AP_APCB1_AQM 0xa0u
#define VR_AP_APCB1_ADM 0xc0u
/* The IDs an APCB0 AQM or ADM holds: the first 16 bits of the word. */
#define VR_AP_APCB0_DOMAINS 16u

/* TAPQ GR2 with T: facility bits (0-31), AP type (32-39), domains (40-47), depth (56-63). */
#define VR_AP_INFO_S (1ull << 63)      /* special-command facility */
#define VR_AP_INFO_COPROC (1ull << 60) /* coprocessor mode */
#define VR_AP_INFO_ACCEL (1ull << 59)  /* accelerator mode */
#define VR_AP_INFO_XCP (1ull << 58)    /* XCP (EP11) mode */
#define VR_AP_INFO_N (1ull << 57)      /* APXA installed */
#define VR_AP_INFO_AT_SHIFT 24
#define VR_AP_INFO_ND_SHIFT 16

/* The QCI block: 128 bytes, doubleword aligned. */
#define VR_AP_QCI_SIZE 128u
#define VR_AP_QCI_FLAGS 0
#define VR_AP_QCI_N 0x40u /* APXA */
#define VR_AP_QCI_NA 4
#define VR_AP_QCI_ND 5
#define VR_AP_QCI_APM 16
#define VR_AP_QCI_AQM 48
#define VR_AP_QCI_ADM 80

/* The APQSW of @rc with the state bits @bits. */
static inline uint32_t vr_ap_qsw(uint32_t bits, enum vr_ap_rc rc)
{
	return bits | ((uint32_t)rc << VR_AP_QSW_RC_SHIFT);
}

static inline enum vr_ap_rc vr_ap_qsw_rc(uint32_t qsw)
{
	return (enum vr_ap_rc)((qsw & VR_AP_QSW_RC) >> VR_AP_QSW_RC_SHIFT);
}

#endif
