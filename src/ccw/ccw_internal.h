/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Internals of the ccw model shared by its translation units above the
 * hardware: profiles as data, the host DMA pool, the mediated device,
 * the layout of struct vr_ccw.  The hardware's own are in hw_internal.h.
 */
#ifndef VIRTREF_SRC_CCW_INTERNAL_H
#define VIRTREF_SRC_CCW_INTERNAL_H

#include <virtref/ccw.h>
#include <virtref/context.h>
#include <virtref/ccw/profile.h>
#include <virtref/ccw/vfio_ccw_cp.h>
#include <virtref/ccw/vfio_ccw_private.h>
#include "ccw/hw_internal.h"

/* One row of profile.c's table: a kernel tag or a posted series. */
struct vri_ccw_profile {
	const char *name;    /* first: the config key's names (VR_ENUM_TABLE_OPT) */
	const char *summary; /* one line */
	const char *origin;  /* kernel tag, or series and patches */
	const struct vr_ccw_cp_ops *cp_ops;
};

extern const struct vri_ccw_profile vri_ccw_profiles[VR_CCW_NR_PROFILES];

/*
 * Host memory the channel can reach: blocks handed out by a bump
 * allocator in [VR_CCW_HOST_POOL_BASE, + SIZE), each a counted allocation
 * whose header records its host address, so virt_to_phys is O(1) and an
 * address outside every live block is recognisably not host memory.
 */
struct vri_ccw_block;

struct vri_ccw_dma {
	struct list_head blocks; /* sorted by address */
	u32 live;
	bool exhausted;		    /* an allocation found no room (not a malloc failure) */
	struct vri_ccw_block *last; /* the block the channel read last */
};

/* Guest memory, optionally saving every page before its first write. */
struct vri_ccw_journal {
	u64 *pfn;
	u8 *pages;
	u32 n, cap;
	bool failed; /* a save could not be allocated */
};

struct device {
	struct vr_mem *guest;
	const struct vri_ccw_profile *profile;
	struct vri_ccw_dma dma;
	bool chain_limit; /* ccwchain_alloc() refused a chain past the profile's count */
	/*
	 * Chains a failed cp_init() left behind, out of the kernel's reach:
	 * their DMA blocks stay live (the invariants count them) until the
	 * device is destroyed.
	 */
	struct list_head lost;
	u32 lost_blocks;
	u64 pins;			 /* pages pinned through this device */
	struct vri_ccw_journal *journal; /* host stores to guest pages, when set */
	bool dma_violation;		 /* host channel touched memory it must not */
	char dma_violation_why[96];
};

/*
 * What a block holds.  The host is big-endian and the model is not, so
 * the host channel reads blocks through their layout: CCW arrays as
 * format-1 CCWs, IDALs as 8-byte IDAWs, both big-endian.
 */
enum vri_ccw_dma_kind { VR_CCW_DMA_CCWS, VR_CCW_DMA_IDAL };

void *vri_ccw_dma_alloc(struct device *dev, size_t len, enum vri_ccw_dma_kind kind);
void vri_ccw_dma_free(struct device *dev, void *ptr);
u32 vri_ccw_dma_phys(const void *ptr);
/* The live block bytes [phys, phys + len) lie in, or NULL. */
void *vri_ccw_dma_lookup(struct device *dev, u64 phys, size_t len);

/*
 * Lends @dev's environment (virtref/context.h) to the calling thread's
 * context until vri_ccw_unlend(): vfio_pin_pages(), vfio_unpin_pages()
 * and vfio_dma_rw() reach @dev's guest memory and pin accounting.
 */
void vri_ccw_lend(struct device *dev, struct vr_context_frame *f);
void vri_ccw_unlend(struct vr_context_frame *f);
/* Saves the page(s) of [addr, addr + len) before a write: 0 or -ENOMEM. */
int vri_ccw_journal_save(struct vri_ccw_journal *j, struct vr_mem *mem, u64 addr, size_t len);

struct vri_ccw_guest_as {
	struct vr_mem *mem;
	struct vri_ccw_journal *journal;
};

void vri_ccw_guest_as_init(struct vri_ccw_as *as, struct vri_ccw_guest_as *g);
void vri_ccw_host_as_init(struct vri_ccw_as *as, struct device *dev);
/* Reads the host address space as the channel would, recording nothing. */
int vri_ccw_host_peek(struct device *dev, u64 addr, void *buf, size_t len);
/* Puts every journalled page back and empties the journal. */
void vri_ccw_journal_undo(struct vri_ccw_journal *j, struct vr_mem *mem);
void vri_ccw_journal_free(struct vri_ccw_journal *j);

/* drivers/s390/cio/vfio_ccw_cp.c (5.3 - 5.10): pages of one CCW. */
struct pfn_array {
	unsigned long pa_iova;	    /* first guest address */
	unsigned long *pa_iova_pfn; /* guest page frames to pin */
	unsigned long *pa_pfn;	    /* host page frames once pinned */
	int pa_nr;		    /* pinned entries (0: nothing pinned) */
	unsigned long vr_one[2];    /* the two arrays when there is one page */
};

/* One run of consecutive guest CCWs copied to host memory. */
struct ccwchain {
	struct list_head next;
	struct ccw1 *ch_ccw; /* host copy, in the DMA pool */
	u64 ch_iova;	     /* guest address of the first CCW */
	int ch_len;
	struct pfn_array *ch_pa;	 /* one per CCW */
	unsigned long **ch_idal;	 /* host IDAL of each CCW (NULL for a TIC) */
	struct ccwchain *vr_bucket_next; /* channel_program.vr_chains */
	u32 vr_seq;			 /* position in ccwchain_list */
};

/*
 * Hands the chains a failed cp_init() left on @cp's list to the device
 * (struct device.lost).  cp_free() skips a program that is not
 * initialized and the next cp_init() starts a new list, so the kernel
 * has lost them; the model keeps them so that it can still free them.
 */
void vri_ccw_cp_orphans(struct channel_program *cp);
/* Frees the chains of @mdev's lost list and their DMA blocks (show.c). */
void vri_ccw_lost_free(struct device *mdev);

struct vri_ccw_watch;

/* ---- vfio_user.c: user space's side of the I/O region ---- */
/*
 * One I/O region write with @orb and, when it starts, the interruption:
 * returns ret_code; *@irb is the status, *@fail_addr the guest CCW
 * prefetch failed on or U64_MAX.  @real: the guest's own request, whose
 * host CPA leak sticks.
 */
int vri_ccw_vfio_io(struct vr_ccw *c, struct vfio_ccw_private *private, const union orb *orb,
		    struct vr_ccw_log *log, bool real, struct irb *irb, u64 *fail_addr);
/* Sets @private up idle on @c's device. */
void vri_ccw_vfio_private_init(struct vr_ccw *c, struct vfio_ccw_private *private,
			       struct ccw_io_region *io_region);
/* The vfio-ccw I/O region write as QEMU hw/vfio/ccw.c sees it; returns ret_code and fills @io. */
int vri_ccw_vfio_request(struct vr_ccw *c, const union orb *orb, struct vr_ccw_io *io);

/* Chains remembered from the last translation, for dot and the dump. */
#define VR_CCW_SHOWN_MAX 64

struct vr_ccw {
	struct vr_ccw_config cfg;
	struct vr_mem *guest;
	struct device mdev;
	struct vri_ccw_device dev;

	struct vri_ccw_sch sch; /* the guest's subchannel */

	/* vfio-ccw: the request path, and the program the cp_* ops drive */
	struct vfio_ccw_private private;
	struct ccw_io_region io_region;
	struct channel_program ucp;
	bool ucp_prefetched;

	struct vr_ccw_log *log[2]; /* VR_CCW_DIRECT, VR_CCW_VFIO */
	bool have_orb;
	union orb last_orb;

	struct vr_ccw_chain_view shown[VR_CCW_SHOWN_MAX];
	int nshown;
	bool shown_fmt1;

	/* what the invariants look at */
	bool translation_wrote_guest;
	bool host_cpa_leaked;
	u32 leaked_cpa;
};

/* ---- ccw.c ---- */
/* Which subchannel runs a program, and by whose rules. */
enum vri_ccw_runner {
	VRI_CCW_GUEST_SCH, /* the guest's, with the config's SCSW and NOP policies */
	VRI_CCW_ARCH_SCH,  /* the guest's by the architecture: what the check compares */
	VRI_CCW_HOST_SCH,  /* the host's, real hardware */
};

/* Runs @orb's program on @as with the instance's device and narration. */
void vri_ccw_run(struct vr_ccw *c, const struct vri_ccw_as *as, const union orb *orb,
		 struct vr_ccw_log *log, enum vri_ccw_runner who, struct irb *irb);

/* ---- invariants.c ---- */
int vri_ccw_check_equivalent(void *model, struct vr_text *why);

/* ---- show.c ---- */
const char *vri_ccw_cmd_name(u8 cmd);
void vri_ccw_explain_chains(struct vr_ccw *c, struct vr_text *t);
/* Length of the longest chain of @cp (0 if not initialized). */
int vri_ccw_cp_longest(const struct channel_program *cp);
/* Remembers the chains of @cp for the picture and narration. */
void vri_ccw_remember_chains(struct vr_ccw *c, const struct channel_program *cp);

#endif
