/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * s390 channel subsystem (command mode) and the vfio-ccw channel program
 * translator.
 *
 *   guest program (guest memory)            host program (host DMA pool)
 *   ORB.cpa -> CCW CCW TIC --+                chain 0: CCW CCW TIC --+
 *                  ^         |    cp_init     chain 1: CCW <---------+
 *                  |   CCW <-+    cp_prefetch  (data addresses -> host IDALs
 *                  +-- TIC                     of pinned guest pages)
 *
 * The channel subsystem model runs either program against a virtual
 * device and records every device-visible event; the equivalence check
 * requires the two runs to agree after cp_update_scsw().
 *
 * Kernel symbols mirrored here:
 *   arch/s390/include/asm/cio.h      struct ccw1, struct ccw0, struct irb,
 *                                    CCW_FLAG_*, CCW_CMD_TIC/NOOP/SENSE_ID
 *   arch/s390/include/asm/scsw.h     union scsw, struct cmd_scsw
 *   drivers/s390/cio/orb.h           union orb, struct cmd_orb
 *   drivers/s390/cio/vfio_ccw_cp.h   struct channel_program,
 *                                    CCWCHAIN_LEN_MAX, cp_init, cp_free,
 *                                    cp_prefetch, cp_get_orb,
 *                                    cp_update_scsw, cp_iova_pinned
 *                                    (implemented in src/ccw/vfio_ccw_cp.c,
 *                                    5.3 - 5.10 shape: cp_init takes mdev)
 */
#ifndef VIRTREF_CCW_H
#define VIRTREF_CCW_H

#include <stdbool.h>
#include <stdint.h>
#include <virtref/api.h>
#include <virtref/linux/list.h>
#include <virtref/linux/types.h>
#include <virtref/model.h>

struct vr_mem;
struct vr_text;
/* The mediated device; opaque here, it leads to guest memory and pinning. */
struct device;

/* Format-1 CCW as the kernel declares it; memory holds it big-endian. */
struct ccw1 {
	u8 cmd_code;
	u8 flags;
	u16 count;
	u32 cda;
};

/* Format-0 CCW (bytes 1-3 address, byte 4 flags, byte 5 ignored). */
struct ccw0 {
	u8 cmd_code;
	u32 cda;	/* 24 bits */
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
	u32 res2 : 1;	/* transport mode ("b") */
	u32 c64 : 1;
	u32 i2k : 1;
	u32 lpm : 8;
	u32 ils : 1;
	u32 zero : 6;	/* bit 25 (MIDAW "D") and bits 26-30 */
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

/* drivers/s390/cio/vfio_ccw_cp.h */
#define CCWCHAIN_LEN_MAX 256
/* Chains per program ("s390/vfio_ccw fixes" v1, 2026-07, patch 2/6). */
#define CCWCHAIN_COUNT_MAX 16

/* Buckets of virtref's index of chains by guest address (2 KiB each). */
#define VR_CCW_CHAIN_BUCKETS 64

struct ccwchain;

struct channel_program {
	struct list_head ccwchain_list;
	union orb orb;
	struct device *mdev;
	bool initialized;
	struct ccw1 *guest_cp;	/* CCWCHAIN_LEN_MAX scratch entries */
	/*
	 * 512 IDAWs of scratch, the guest's bytes as copied; only profile
	 * 2026-07-v1 uses it (patch 4/6), and keeps it from CCW to CCW.
	 */
	u64 *guest_idal;
	int ccwchain_count;	/* chains built by cp_init() (patch 2/6) */
	/*
	 * virtref's own: chains hashed by head >> 11, so finding the chain
	 * that holds an address looks at two buckets instead of the list
	 * (same answer: the first chain in list order).
	 */
	struct ccwchain *vr_chains[VR_CCW_CHAIN_BUCKETS];
	u32 vr_nchains;
};

/**
 * cp_init() - build the chains of a guest channel program
 * @cp: program, set up with vr_ccw_cp_setup() and not initialized
 * @mdev: mediated device (vr_ccw_mdev()) through which guest memory is read
 * @orb: the guest's ORB
 *
 * Return: 0; -EBUSY (already initialized); -EOPNOTSUPP (no prefetch or an
 * IDA format the profile does not support); -EINVAL (a chain longer than
 * CCWCHAIN_LEN_MAX); -EFAULT (a 2 KiB CCW window is not in guest memory);
 * -ENOMEM (also: more than CCWCHAIN_COUNT_MAX chains, profile 2026-07-v1).
 * On failure every profile but 2026-07-v1 leaves the chains built for
 * earlier TICs allocated and out of reach, as the kernel does
 * (docs/ccw.md); 2026-07-v1 frees everything.
 */
VR_API int cp_init(struct channel_program *cp, struct device *mdev, union orb *orb);
/**
 * cp_free() - unpin every page and free every chain; no-op if not initialized
 * @cp: program
 */
VR_API void cp_free(struct channel_program *cp);
/**
 * cp_prefetch() - translate every CCW into host form and pin its data pages
 * @cp: an initialized program
 *
 * Return: 0; -EINVAL (not initialized, or a data page that cannot be
 * pinned: vfio type1 answers -EINVAL for an unmapped iova); -EFAULT (guest
 * IDAL unreadable, a TIC target in no chain); -ENOMEM.
 * On failure the program stays initialized and cp_free() releases exactly
 * what was translated.
 */
VR_API int cp_prefetch(struct channel_program *cp);
/**
 * cp_get_orb() - the host ORB for the translated program
 * @cp: a prefetched program
 * @intparm: interruption parameter of the host subchannel
 * @lpm: path mask used when the guest's is 0
 *
 * Return: the ORB inside @cp, or NULL if @cp is not initialized.
 */
VR_API union orb *cp_get_orb(struct channel_program *cp, u32 intparm, u8 lpm);
/**
 * cp_update_scsw() - translate a host CPA in @scsw back to the guest's
 * @cp: the program that ran
 * @scsw: status of a solicited interruption
 */
VR_API void cp_update_scsw(struct channel_program *cp, union scsw *scsw);
/**
 * cp_iova_pinned() - whether guest address @iova lies in a page @cp pinned
 * @cp: program
 * @iova: guest address
 */
VR_API bool cp_iova_pinned(struct channel_program *cp, u64 iova);

/* ---- virtref's own API ---------------------------------------------- */

/* Profiles: the kernel states this model reproduces (spec/ccw.md 7, 8). */
enum vr_ccw_profile {
	VR_CCW_MAINLINE,	/* seed rule, end-of-chain CPA, 6.x IDA, no pfch needed */
	VR_CCW_5_3,		/* seed rule, end-of-chain CPA fix (May 2019) */
	VR_CCW_5_1,		/* seed rule (Feb 2019), CPA range ends at last CCW */
	VR_CCW_5_1_RC,		/* Jan 2019: counting stops at every TIC */
	VR_CCW_5_0,		/* before Jan 2019: counting continues past any TIC */
	VR_CCW_2026_07_V1,	/* mainline + "s390/vfio_ccw fixes" v1 (July 2026) */
	VR_CCW_NR_PROFILES
};

enum vr_ccw_device_type { VR_CCW_DEV_DASD, VR_CCW_DEV_ECHO };

struct vr_ccw_config {
	enum vr_ccw_profile profile;
	enum vr_ccw_device_type device;
};

/* One device-visible event: what a real control unit would observe. */
struct vr_ccw_event {
	u8 cmd;		/* command code */
	u8 dstat;	/* device status presented */
	u32 count;	/* bytes the channel offered (data chain total) */
	u32 len;	/* bytes transferred */
	u64 hash;	/* FNV-1a of the transferred bytes */
};

#define VR_CCW_EVENTS_MAX 4096

struct vr_ccw_log {
	u32 n;
	bool overflow;
	struct vr_ccw_event ev[VR_CCW_EVENTS_MAX];
};

/* Outcome of a start: condition code and, when cc = 0, the IRB. */
struct vr_ccw_io {
	int cc;			/* 0..3 */
	int exception;		/* 0, or enum vr_ccw_exception */
	int ret;		/* vfio path: the I/O region ret_code */
	struct irb irb;
};

enum vr_ccw_exception {
	VR_CCW_EXC_NONE,
	VR_CCW_EXC_OPERAND,
	VR_CCW_EXC_SPECIFICATION,
	VR_CCW_EXC_ADDRESSING,
};

enum vr_ccw_path { VR_CCW_DIRECT, VR_CCW_VFIO, VR_CCW_BOTH, VR_CCW_COMPARE };

struct vr_ccw;

/* Guest window reserved for the host DMA pool: guest memory must not be here. */
#define VR_CCW_HOST_POOL_BASE 0x7F000000u
#define VR_CCW_HOST_POOL_SIZE 0x00100000u
/* Pinned guest page g appears to the host channel at this base + g. */
#define VR_CCW_HOST_GUEST_BASE (1ULL << 40)
/* The channel stops a program after this many CCW fetches, as if halted. */
#define VR_CCW_EXEC_MAX 4096

/**
 * vr_ccw_create() - a channel subsystem with one subchannel and device
 * @cfg: profile and device type
 * @out: the instance
 *
 * Return: 0, -EINVAL (bad config), -ENOMEM.
 */
VR_API int vr_ccw_create(const struct vr_ccw_config *cfg, struct vr_ccw **out);
VR_API void vr_ccw_destroy(struct vr_ccw *ccw);
VR_API struct vr_mem *vr_ccw_guest(struct vr_ccw *ccw);
VR_API struct device *vr_ccw_mdev(struct vr_ccw *ccw);
/* Pages of guest memory currently pinned through the mediated device. */
VR_API u64 vr_ccw_pinned(const struct vr_ccw *ccw);

/**
 * vr_ccw_cp_setup() - allocate the scratch buffer of a channel program
 * @cp: program to set up (what vfio-ccw does once per device since 5.3)
 *
 * Return: 0 or -ENOMEM.
 */
VR_API int vr_ccw_cp_setup(struct channel_program *cp);
VR_API void vr_ccw_cp_release(struct channel_program *cp);

/* ORB <-> the 12 bytes of guest memory (big-endian, IBM bit numbering). */
VR_API void vr_ccw_orb_decode(const u32 words[3], union orb *orb);
VR_API void vr_ccw_orb_encode(const union orb *orb, u32 words[3]);
/* The three SCSW words as stored in an IRB. */
VR_API void vr_ccw_scsw_encode(const union scsw *scsw, u32 words[3]);

/**
 * vr_ccw_ssch() - Start Subchannel with an ORB held at guest @orb_addr
 * @ccw: instance
 * @path: VR_CCW_DIRECT (the channel runs the guest program) or
 *        VR_CCW_VFIO (vfio-ccw translates it and the channel runs the
 *        host program), VR_CCW_BOTH (vfio, after an equivalence check) or
 *        VR_CCW_COMPARE (only the equivalence check; nothing starts)
 * @orb_addr: guest address of the ORB
 * @io: cc, exception and IRB
 *
 * Return: 0, -ENOMEM; for VR_CCW_BOTH and VR_CCW_COMPARE also
 * -VR_EINVARIANT when the runs differ (BOTH still carries out the vfio run).
 */
VR_API int vr_ccw_ssch(struct vr_ccw *ccw, enum vr_ccw_path path, u64 orb_addr,
		       struct vr_ccw_io *io);
/**
 * vr_ccw_start() - like vr_ccw_ssch() with the ORB given directly
 * @ccw: instance
 * @path: see vr_ccw_ssch()
 * @orb: the ORB
 * @io: result
 */
VR_API int vr_ccw_start(struct vr_ccw *ccw, enum vr_ccw_path path, const union orb *orb,
			struct vr_ccw_io *io);
/**
 * vr_ccw_tsch() - Test Subchannel: take the pending IRB
 * @ccw: instance
 * @irb: the status (zeroed when none is pending)
 *
 * Return: condition code 0 (status was pending) or 1.
 */
VR_API int vr_ccw_tsch(struct vr_ccw *ccw, struct irb *irb);
/* Clear Subchannel: ends a suspended program (and frees its vfio-ccw copy). */
VR_API void vr_ccw_csch(struct vr_ccw *ccw);
/* The device-visible events of the last direct and last vfio run. */
VR_API const struct vr_ccw_log *vr_ccw_last_log(const struct vr_ccw *ccw, enum vr_ccw_path path);

/**
 * vr_ccw_equivalent() - run @orb's program directly and through vfio-ccw
 * and compare, leaving guest memory, device and pins as they were.  An
 * ORB with LPM 0 compares nothing: vfio-ccw deliberately runs it on the
 * subchannel's paths where the architecture gives deferred cc 3.
 * @ccw: instance
 * @orb: the program
 * @why: one line per difference
 *
 * Return: 0 when equivalent, -VR_EINVARIANT when not, -ENOMEM.
 */
VR_API int vr_ccw_equivalent(struct vr_ccw *ccw, const union orb *orb, struct vr_text *why);

/* CCW bytes (big-endian) <-> struct ccw1; format 0 converts (spec/ccw.md 1.4). */
VR_API void vr_ccw_decode1(const u8 b[8], struct ccw1 *ccw);
VR_API void vr_ccw_encode1(const struct ccw1 *ccw, u8 b[8]);
VR_API void vr_ccw_convert0(const u8 b[8], struct ccw1 *ccw);

/* One chain of a translated program. */
struct vr_ccw_chain_view {
	u64 iova;	/* guest address of its first CCW */
	int len;	/* CCWs */
	u32 host;	/* host address of its copy */
};

/* Fills up to @max chains of @cp in list order; returns how many it has. */
VR_API int vr_ccw_cp_chains(const struct channel_program *cp, struct vr_ccw_chain_view *v,
			    int max);
/* Guest pages @cp holds pinned according to its own records. */
VR_API u64 vr_ccw_cp_pins(const struct channel_program *cp);

VR_API extern const struct vr_model vr_model_ccw;

#endif
