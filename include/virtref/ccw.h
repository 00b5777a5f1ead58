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
 * The formats are in <virtref/ccw/hw.h>; struct channel_program and the
 * kernel's cp_* family in <virtref/ccw/vfio_ccw_cp.h>.
 */
#ifndef VIRTREF_CCW_H
#define VIRTREF_CCW_H

#include <stdbool.h>
#include <stdint.h>
#include <virtref/api.h>
#include <virtref/context.h>
#include <virtref/ccw/hw.h>
#include <virtref/linux/types.h>
#include <virtref/model.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vr_mem;
struct vr_text;
/* The mediated device; opaque here, it leads to guest memory and pinning. */
struct device;
struct channel_program;

/* Profiles: the kernel states this model reproduces (docs/ccw.md "Profiles"). */
enum vr_ccw_profile {
	VR_CCW_MAINLINE,   /* seed rule, end-of-chain CPA, 6.x IDA, no pfch needed */
	VR_CCW_5_3,	   /* seed rule, end-of-chain CPA fix (May 2019) */
	VR_CCW_5_1,	   /* seed rule (Feb 2019), CPA range ends at last CCW */
	VR_CCW_5_1_RC,	   /* Jan 2019: counting stops at every TIC */
	VR_CCW_5_0,	   /* before Jan 2019: counting continues past any TIC */
	VR_CCW_2026_07_V1, /* mainline + "s390/vfio_ccw fixes" v1 (July 2026) */
	VR_CCW_NR_PROFILES
};

/*
 * Which SCSW flags the guest's own subchannel stores for a start function
 * (docs/ccw.md "Status").  The host's subchannel, that vfio-ccw's program
 * runs on, is a real one and always follows the architecture.
 */
enum vr_ccw_scsw_flags {
	VR_CCW_SCSW_ARCH, /* key, S, F, P, I, A and U from the ORB (the default) */
	VR_CCW_SCSW_QEMU, /* only F, as qemu/qemu hw/s390x/css.c stores it */
	VR_CCW_NR_SCSW_FLAGS
};

/*
 * Whether the guest's own subchannel reports incorrect length for a NOP
 * with a nonzero count and no SLI (docs/ccw.md "Incorrect length of a
 * NOP").  The host's subchannel always follows the architecture.
 */
enum vr_ccw_nop_length {
	VR_CCW_NOP_ARCH, /* as any immediate operation: format 1 without the ORB's L bit */
	VR_CCW_NOP_QEMU, /* never, as qemu/qemu hw/s390x/css.c runs a NOP */
	VR_CCW_NR_NOP_LENGTHS
};

struct vr_ccw_config {
	enum vr_ccw_profile profile;
	enum vr_ccw_device_type device;
	enum vr_ccw_scsw_flags scsw;	   /* the guest subchannel's SCSW flags */
	enum vr_ccw_nop_length nop_length; /* the guest subchannel's NOP length check */
};

enum vr_ccw_path { VR_CCW_DIRECT, VR_CCW_VFIO, VR_CCW_BOTH, VR_CCW_COMPARE };

struct vr_ccw;

/* Guest window reserved for the host DMA pool: guest memory must not be here. */
#define VR_CCW_HOST_POOL_BASE 0x7F000000u
#define VR_CCW_HOST_POOL_SIZE 0x00100000u
/* Pinned guest page g appears to the host channel at this base + g. */
#define VR_CCW_HOST_GUEST_BASE (1ULL << 40)

/**
 * vr_ccw_config_default() - the default configuration
 * @cfg: filled with profile mainline and a DASD
 */
VR_API void vr_ccw_config_default(struct vr_ccw_config *cfg);
/**
 * vr_ccw_create() - a channel subsystem with one subchannel and device
 * @cfg: profile and device type
 * @out: the instance; NULL on failure
 *
 * Return: 0, -EINVAL (bad config), -ENOMEM.
 */
VR_API int vr_ccw_create(const struct vr_ccw_config *cfg, struct vr_ccw **out);
/**
 * vr_ccw_destroy() - free an instance and everything it holds; NULL is a no-op
 * @ccw: instance
 */
VR_API void vr_ccw_destroy(struct vr_ccw *ccw);
/**
 * vr_ccw_guest() - the instance's guest memory
 * @ccw: instance
 *
 * It starts with nothing backed: vr_mem_add() backs a range (zeroed), and
 * a read or write of a byte that is not backed fails with -EFAULT.  Back
 * the 2 KiB after a chain's first CCW as well: cp_init() copies that window
 * whole before it counts the chain's CCWs.
 *
 * Return: the guest memory, never NULL.
 */
VR_API struct vr_mem *vr_ccw_guest(struct vr_ccw *ccw);
/**
 * vr_ccw_mdev() - the mediated device to pass to cp_init()
 * @ccw: instance
 *
 * Return: the device, never NULL.
 */
VR_API struct device *vr_ccw_mdev(struct vr_ccw *ccw);
/**
 * vr_ccw_pinned() - pages of guest memory pinned through the mediated device
 * @ccw: instance
 *
 * Return: the number of pinned pages.
 */
VR_API u64 vr_ccw_pinned(const struct vr_ccw *ccw);
/**
 * vr_ccw_invariants() - the rules every state must keep
 * @ccw: instance; only read
 * @why: one line per broken rule
 *
 * Pins balanced, no host DMA block leaked, no host address in a guest
 * SCSW, no guest memory written by translation, no chain longer than
 * CCWCHAIN_LEN_MAX, no host channel access outside pinned pages.
 *
 * Return: 0 when all hold, 1 when one does not.
 */
VR_API int vr_ccw_invariants(struct vr_ccw *ccw, struct vr_text *why);

/**
 * vr_ccw_dump() - append a readable dump of the instance's state
 * @ccw: instance; only read
 * @out: where the dump goes
 *
 * Profile and device, the subchannel, the device's position, pins and
 * host DMA blocks, and the chains of the program the cp_* ops drive.
 */
VR_API void vr_ccw_dump(struct vr_ccw *ccw, struct vr_text *out);
/**
 * vr_ccw_dot() - append a Graphviz digraph of the last translated program
 * @ccw: instance; only read
 * @out: where the drawing goes
 *
 * One cluster per host chain, CCW chaining, TICs and status-modifier exits.
 */
VR_API void vr_ccw_dot(struct vr_ccw *ccw, struct vr_text *out);

/**
 * vr_ccw_enter() - lends @ccw's environment for direct calls of the cp_*() family
 * @ccw: instance
 * @f: what the calling thread's context had, kept until vr_ccw_leave()
 *
 * The translator pins and reads guest memory with vfio_pin_pages(),
 * vfio_unpin_pages() and the page frames they hand back
 * (virtref/linux/vfio.h, linux/io.h), which reach the calling thread's
 * context (virtref/context.h).  The vr_ccw_*() functions and the op table
 * lend the instance's environment themselves; a caller of cp_init(),
 * cp_prefetch() or cp_free() on vr_ccw_mdev(@ccw) lends it around those
 * calls, as vfio-ccw calls them on a device whose vfio container is set
 * up.  Without it they pin nothing: vfio_pin_pages() fires WARN_ON() and
 * fails.  Lends nest, innermost wins.
 */
VR_API void vr_ccw_enter(struct vr_ccw *ccw, struct vr_context_frame *f);
/**
 * vr_ccw_leave() - ends the lend of the matching vr_ccw_enter()
 * @f: its frame
 */
VR_API void vr_ccw_leave(struct vr_context_frame *f);

/**
 * vr_ccw_cp_setup() - allocate the scratch buffer of a channel program
 * @cp: program to set up (what vfio-ccw does once per device since 5.3)
 *
 * Return: 0 or -ENOMEM.
 */
VR_API int vr_ccw_cp_setup(struct channel_program *cp);
/**
 * vr_ccw_cp_release() - free what vr_ccw_cp_setup() allocated
 * @cp: program, after cp_free()
 */
VR_API void vr_ccw_cp_release(struct channel_program *cp);

/**
 * vr_ccw_orb_init() - the ORB every op starts from when a trace says nothing
 * @orb: set to a command-mode ORB with format-1 CCWs, prefetch allowed,
 *       format-2 IDAWs in 4 KiB blocks, no suspend, key 0, LPM 0xFF
 *       (every path) and @cpa; the ops `start` and `cp_init` have the same
 *       defaults
 * @cpa: channel-program address
 */
VR_API void vr_ccw_orb_init(union orb *orb, u32 cpa);

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
 *
 * Return: as vr_ccw_ssch().
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
/**
 * vr_ccw_csch() - Clear Subchannel: end a suspended program
 * @ccw: instance
 *
 * Frees the program's vfio-ccw copy and makes clear status pending.
 */
VR_API void vr_ccw_csch(struct vr_ccw *ccw);
/**
 * vr_ccw_last_log() - the device-visible events of the last run on @path
 * @ccw: instance
 * @path: VR_CCW_DIRECT, or any other for the last vfio-ccw run
 *
 * Return: the log, never NULL.
 */
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

/* One chain of a translated program. */
struct vr_ccw_chain_view {
	u64 iova; /* guest address of its first CCW */
	int len;  /* CCWs */
	u32 host; /* host address of its copy */
};

/**
 * vr_ccw_cp_chains() - the chains of a translated program, in list order
 * @cp: program
 * @v: filled with up to @max chains
 * @max: room in @v
 *
 * Return: how many chains @cp has (0 when not initialized), even past @max.
 */
VR_API int vr_ccw_cp_chains(const struct channel_program *cp, struct vr_ccw_chain_view *v, int max);
/**
 * vr_ccw_cp_pins() - guest pages @cp holds pinned according to its own records
 * @cp: program
 *
 * Return: the number of pages.
 */
VR_API u64 vr_ccw_cp_pins(const struct channel_program *cp);

/**
 * vr_ccw_host_read() - bytes of the host program's address space
 * @ccw: instance
 * @addr: host address: a host CCW array or IDAL in the DMA pool
 *        (VR_CCW_HOST_POOL_BASE), or VR_CCW_HOST_GUEST_BASE plus a guest
 *        address for a pinned guest page
 * @buf: filled with @len bytes as the host holds them: the pool as the
 *       host kernel wrote it, in the CPU's byte order (big-endian on s390)
 * @len: bytes to read
 *
 * Reads what the host channel would fetch there, without the channel's
 * bookkeeping: an address refused here is not recorded as a violation.
 *
 * Return:
 * * 0 - @buf holds the bytes
 * * -EFAULT - a byte lies outside every live pool block, beyond guest
 *   memory, or the range wraps
 * * -EACCES - a guest page in the range is not pinned
 * * -EINVAL - @ccw is NULL, or @buf is NULL with a nonzero @len
 */
VR_API int vr_ccw_host_read(struct vr_ccw *ccw, u64 addr, void *buf, size_t len);
/**
 * vr_ccw_host_ccw() - one host CCW, decoded
 * @ccw: instance
 * @addr: its host address (a chain's vr_ccw_chain_view.host + 8 * index)
 * @out: the CCW; host CCWs are format 1
 *
 * Return: as vr_ccw_host_read(); -EINVAL also for a NULL @out.
 */
VR_API int vr_ccw_host_ccw(struct vr_ccw *ccw, u64 addr, struct ccw1 *out);
/**
 * vr_ccw_host_idaw() - word @i of a host IDAL
 * @ccw: instance
 * @idal: the IDAL's host address (the cda of a host CCW with IDA set)
 * @i: index of the word
 * @idaw: the word; host IDALs are format 2 (8-byte IDAWs)
 *
 * Return: as vr_ccw_host_read(); -EINVAL also for a NULL @idaw or an
 * index past the end of the address space.
 */
VR_API int vr_ccw_host_idaw(struct vr_ccw *ccw, u64 idal, unsigned int i, u64 *idaw);
/**
 * vr_ccw_host_to_guest() - the guest address a host data address names
 * @host: an address from a host IDAW or a host CCW's cda
 * @guest: set to the guest address
 *
 * Return: 0; -ENOENT when @host is not in the window of pinned guest
 * pages (a pool address: another host CCW array or IDAL); -EINVAL for a
 * NULL @guest.
 */
VR_API int vr_ccw_host_to_guest(u64 host, u64 *guest);

/* The op table: replay, fuzzing and the CLI find the model through it. */
VR_API extern const struct vr_model vr_model_ccw;

#ifdef __cplusplus
}
#endif

#endif
