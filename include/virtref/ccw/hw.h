/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The channel subsystem's in-memory formats, as the z/Architecture
 * Principles of Operation (SA22-7832) describes them: the CCW in format 0
 * and 1, its flags and the IDAW (chapter 15, "Basic I/O Functions"), the
 * command-mode ORB (chapter 15, "Operation-Request Block"), the SCSW and
 * the IRB (chapter 16, "I/O Interruptions").
 *
 * The structures carry the names and field names the kernel gives the
 * same formats (arch/s390/include/asm/cio.h, arch/s390/include/asm/scsw.h,
 * drivers/s390/cio/orb.h): they are the architecture's layouts, so the
 * hardware and the kernel layer share one declaration of each.  Memory
 * holds every format big-endian; the encoders below convert.
 */
#ifndef VIRTREF_CCW_HW_H
#define VIRTREF_CCW_HW_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/linux/types.h>

/* Format-1 CCW (PoP chapter 15, "Channel-Command Word"). */
struct ccw1 {
	u8 cmd_code;
	u8 flags;
	u16 count;
	u32 cda;
};

/* Format-0 CCW (bytes 1-3 address, byte 4 flags, byte 5 ignored). */
struct ccw0 {
	u8 cmd_code;
	u32 cda; /* 24 bits */
	u8 flags;
	u8 reserved;
	u16 count;
};

#define CCW_FLAG_DC 0x80
#define CCW_FLAG_CC 0x40
#define CCW_FLAG_SLI 0x20
#define CCW_FLAG_SKIP 0x10
#define CCW_FLAG_PCI 0x08
#define CCW_FLAG_IDA 0x04
#define CCW_FLAG_SUSPEND 0x02
#define CCW_FLAG_MIDA 0x01

#define CCW_CMD_READ_IPL 0x02
#define CCW_CMD_NOOP 0x03
#define CCW_CMD_BASIC_SENSE 0x04
#define CCW_CMD_TIC 0x08
#define CCW_CMD_SENSE_ID 0xE4

/* DASD commands the model's disk understands. */
#define VR_DASD_WRITE_DATA 0x05
#define VR_DASD_READ_DATA 0x06
#define VR_DASD_SEEK 0x07
#define VR_DASD_SEARCH_ID_EQ 0x31

/* Command-mode ORB (drivers/s390/cio/orb.h field names). */
struct cmd_orb {
	u32 intparm;
	u32 key : 4;
	u32 spnd : 1;
	u32 res1 : 1;
	u32 mod : 1;
	u32 sync : 1;
	u32 fmt : 1;
	u32 pfch : 1;
	u32 isic : 1;
	u32 alcc : 1;
	u32 ssic : 1;
	u32 res2 : 1; /* transport mode ("b") */
	u32 c64 : 1;
	u32 i2k : 1;
	u32 lpm : 8;
	u32 ils : 1;
	u32 zero : 6; /* bit 25 (MIDAW "D") and bits 26-30 */
	u32 orbx : 1;
	u32 cpa;
};

union orb {
	struct cmd_orb cmd;
};

/* Command-mode SCSW (arch/s390/include/asm/scsw.h field names). */
struct cmd_scsw {
	u32 key : 4;
	u32 sctl : 1;
	u32 eswf : 1;
	u32 cc : 2;
	u32 fmt : 1;
	u32 pfch : 1;
	u32 isic : 1;
	u32 alcc : 1;
	u32 ssi : 1;
	u32 zcc : 1;
	u32 ectl : 1;
	u32 pno : 1;
	u32 res : 1;
	u32 fctl : 3;
	u32 actl : 7;
	u32 stctl : 5;
	u32 cpa;
	u32 dstat : 8;
	u32 cstat : 8;
	u32 count : 16;
};

union scsw {
	struct cmd_scsw cmd;
};

/* 96 bytes on the wire: SCSW 12, ESW 20, ECW 32, EMW 32. */
struct irb {
	union scsw scsw;
	u32 esw[5];
	u8 ecw[32];
	u32 emw[8];
};

/* SCSW values (fctl, actl, stctl fields as the kernel's SCSW_* masks >> shift). */
#define VR_SCSW_FCTL_START 0x4
#define VR_SCSW_FCTL_HALT 0x2
#define VR_SCSW_ACTL_SUSPENDED 0x01
#define VR_SCSW_STCTL_ALERT 0x10
#define VR_SCSW_STCTL_INTER 0x08
#define VR_SCSW_STCTL_PRIMARY 0x04
#define VR_SCSW_STCTL_SECONDARY 0x02
#define VR_SCSW_STCTL_PENDING 0x01

#define DEV_STAT_ATTENTION 0x80
#define DEV_STAT_STAT_MOD 0x40
#define DEV_STAT_CU_END 0x20
#define DEV_STAT_BUSY 0x10
#define DEV_STAT_CHN_END 0x08
#define DEV_STAT_DEV_END 0x04
#define DEV_STAT_UNIT_CHECK 0x02
#define DEV_STAT_UNIT_EXCEP 0x01

#define SCHN_STAT_PCI 0x80
#define SCHN_STAT_INCORR_LEN 0x40
#define SCHN_STAT_PROG_CHECK 0x20
#define SCHN_STAT_PROT_CHECK 0x10
#define SCHN_STAT_CHN_DATA_CHK 0x08

/* IDAW sizes and data blocks (PoP chapter 15, "Indirect Data Addressing"). */
#define VR_CCW_IDAW1_SIZE 4 /* format-1 IDAW: 31-bit address */
#define VR_CCW_IDAW2_SIZE 8 /* format-2 IDAW: 64-bit address */
#define VR_CCW_IDA_BLOCK_2K 2048u
#define VR_CCW_IDA_BLOCK_4K 4096u

/* ---- the model's channel and devices ---- */

/* The device behind the subchannel. */
enum vr_ccw_device_type { VR_CCW_DEV_DASD, VR_CCW_DEV_ECHO };

/* One device-visible event: what a real control unit would observe. */
struct vr_ccw_event {
	u8 cmd;	   /* command code */
	u8 dstat;  /* device status presented */
	u32 count; /* bytes the channel offered (data chain total) */
	u32 len;   /* bytes transferred */
	u64 hash;  /* FNV-1a of the transferred bytes */
};

#define VR_CCW_EVENTS_MAX 4096

struct vr_ccw_log {
	u32 n;
	bool overflow;
	struct vr_ccw_event ev[VR_CCW_EVENTS_MAX];
};

/*
 * Outcome of Start Subchannel (PoP chapter 14): condition code or program
 * exception and, when cc = 0, the IRB.
 */
struct vr_ccw_io {
	int cc;	       /* 0..3 */
	int exception; /* 0, or enum vr_ccw_exception */
	int ret;       /* vfio path: the I/O region ret_code */
	struct irb irb;
};

enum vr_ccw_exception {
	VR_CCW_EXC_NONE,
	VR_CCW_EXC_OPERAND,
	VR_CCW_EXC_SPECIFICATION,
	VR_CCW_EXC_ADDRESSING,
};

/* The channel stops a program after this many CCW fetches, as if halted. */
#define VR_CCW_EXEC_MAX 4096

/**
 * vr_ccw_decode1() - a format-1 CCW from its 8 big-endian bytes
 * @b: the bytes as memory holds them
 * @ccw: the CCW
 */
VR_API void vr_ccw_decode1(const u8 b[8], struct ccw1 *ccw);
/**
 * vr_ccw_encode1() - the 8 big-endian bytes of a format-1 CCW
 * @ccw: the CCW
 * @b: the bytes as memory holds them
 */
VR_API void vr_ccw_encode1(const struct ccw1 *ccw, u8 b[8]);
/**
 * vr_ccw_convert0() - a format-0 CCW from its 8 bytes, converted to format 1
 * @b: the bytes as memory holds them
 * @ccw: the CCW; a TIC keeps only its command code and address
 */
VR_API void vr_ccw_convert0(const u8 b[8], struct ccw1 *ccw);
/**
 * vr_ccw_orb_decode() - an ORB from its first three words (IBM bit numbering)
 * @words: the words as read from memory, in host order
 * @orb: the ORB
 */
VR_API void vr_ccw_orb_decode(const u32 words[3], union orb *orb);
/**
 * vr_ccw_orb_encode() - the first three words of an ORB
 * @orb: the ORB
 * @words: the words, in host order
 */
VR_API void vr_ccw_orb_encode(const union orb *orb, u32 words[3]);
/**
 * vr_ccw_scsw_encode() - the three SCSW words as stored in an IRB
 * @scsw: the SCSW
 * @words: the words, in host order
 */
VR_API void vr_ccw_scsw_encode(const union scsw *scsw, u32 words[3]);

#endif
