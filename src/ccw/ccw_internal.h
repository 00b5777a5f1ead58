/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Internals of the ccw model shared by its translation units above the
 * hardware: profiles as data, the host DMA pool, the mediated device,
 * the layout of struct vr_ccw.  The hardware's own are in hw_internal.h.
 */
#ifndef VIRTREF_SRC_CCW_INTERNAL_H
#define VIRTREF_SRC_CCW_INTERNAL_H

#include <virtref/alloc.h>
#include <virtref/ccw.h>
#include <virtref/context.h>
#include <virtref/ccw/profile.h>
#include <virtref/ccw/vfio_ccw_cp.h>
#include <virtref/ccw/vfio_ccw_private.h>
#include "ccw/hw_internal.h"

/* The cp_* functions of one generation of vfio_ccw_cp.c (src/ccw/CMakeLists.txt). */
struct vri_ccw_cp_gen {
	int (*init)(struct channel_program *cp, struct device *mdev, union orb *orb);
	void (*free)(struct channel_program *cp);
	int (*prefetch)(struct channel_program *cp);
	union orb *(*get_orb)(struct channel_program *cp, u32 intparm, u8 lpm);
	void (*update_scsw)(struct channel_program *cp, union scsw *scsw);
	bool (*iova_pinned)(struct channel_program *cp, u64 iova);
};

/* The generations, by the suffix of their cp_* names (src/ccw/CMakeLists.txt). */
#define VRI_CCW_CP_GENS(X)                                                                         \
	X(5_0);                                                                                    \
	X(5_1_rc1);                                                                                \
	X(5_1);                                                                                    \
	X(5_3);                                                                                    \
	X(mainline);                                                                               \
	X(2026_07_v1)

#define VRI_CCW_CP_GEN_DECLARE(g)                                                                  \
	int vr_ccw_cp_##g##_init(struct channel_program *cp, struct device *mdev, union orb *orb); \
	void vr_ccw_cp_##g##_free(struct channel_program *cp);                                     \
	int vr_ccw_cp_##g##_prefetch(struct channel_program *cp);                                  \
	union orb *vr_ccw_cp_##g##_get_orb(struct channel_program *cp, u32 intparm, u8 lpm);       \
	void vr_ccw_cp_##g##_update_scsw(struct channel_program *cp, union scsw *scsw);            \
	bool vr_ccw_cp_##g##_iova_pinned(struct channel_program *cp, u64 iova)
VRI_CCW_CP_GENS(VRI_CCW_CP_GEN_DECLARE);

/* One row of profile.c's table: a kernel tag or a posted series. */
struct vri_ccw_profile {
	const char *name;    /* first: the config key's names (VR_ENUM_TABLE_OPT) */
	const char *summary; /* one line */
	const char *origin;  /* kernel tag, or series and patches */
	const struct vri_ccw_cp_gen *gen;
	/* what the model knows of that kernel, to judge what it did */
	int (*check_ccw)(const union orb *orb, const struct ccw1 *ccw); /* -EOPNOTSUPP: refused */
	bool pfch_required;	/* cp_init() refuses pfch = 0 */
	bool scsw_end_of_chain; /* cp_update_scsw() maps one CCW past a chain */
	int chain_count_max;	/* chains per program, 0: no limit */
};

extern const struct vri_ccw_profile vri_ccw_profiles[VR_CCW_NR_PROFILES];

/*
 * Host memory the channel can reach: blocks handed out by a bump
 * allocator in [VR_CCW_HOST_POOL_BASE, + SIZE), carved from one buffer so
 * that virt_to_phys() is arithmetic, each recorded by a counted
 * allocation, so that an address outside every live block is
 * recognisably not host memory.  kfree() returns a block through the
 * pool's allocator tag.
 */
struct vri_ccw_block {
	struct list_head node;		    /* struct vri_ccw_dma.blocks, by address */
	struct list_head chain_node;	    /* channel_program.vr_chains, when it holds a chain */
	const struct channel_program *prog; /* the program whose cp_* call allocated it */
	u64 seq;			    /* allocation order */
	u64 head;			    /* a chain's guest address */
	int ch_len;			    /* a chain's translated CCWs, as observed */
	u32 phys;
	u32 len;
};

struct vri_ccw_dma {
	struct list_head blocks; /* sorted by address */
	u32 live;
	bool exhausted;		     /* an allocation found no room (not a malloc failure) */
	u8 *mem;		     /* the pool's bytes */
	struct vri_ccw_block **slot; /* the block covering each granule of mem */
	struct vr_alloc_tag tag;
	u64 seq;
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
	struct vr_kmem kmem;		 /* the kernel file's other allocations */
	struct channel_program *driving; /* whose cp_* call runs, or NULL */
	bool chain_limit;		 /* cp_init() refused a chain past the profile's count */
	u64 pins;			 /* pages pinned through this device */
	struct vri_ccw_journal *journal; /* host stores to guest pages, when set */
	bool dma_violation;		 /* host channel touched memory it must not */
	char dma_violation_why[96];
};

/* The empty pool of a new device (0 or -ENOMEM), and its end. */
int vri_ccw_dma_init(struct device *dev);
void vri_ccw_dma_fini(struct device *dev);
/* The live block bytes [phys, phys + len) lie in, or NULL. */
void *vri_ccw_dma_lookup(struct device *dev, u64 phys, size_t len);
/* Live blocks no initialized program holds: what the kernel lost. */
u32 vri_ccw_dma_lost(struct device *dev);
/* @cp goes away: its blocks belong to no program any more. */
void vri_ccw_dma_disown(struct device *dev, const struct channel_program *cp);

/*
 * Lends @dev's environment (virtref/context.h) to the calling thread's
 * context until vri_ccw_unlend(): vfio_pin_pages(), vfio_unpin_pages()
 * and vfio_dma_rw() reach @dev's guest memory and pin accounting,
 * kmalloc(GFP_DMA) its pool, every other kmalloc() its kmem.
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

/*
 * The chains cp_init() built, seen at its boundary: the pool blocks it
 * allocated for @cp since allocation @seq, in order, their guest
 * addresses found by following the TICs of the host copies from @cpa,
 * as ccwchain_loop_tic() does.
 */
void vri_ccw_chains_seen(struct channel_program *cp, u64 seq, u32 cpa);
/* After a failed cp_prefetch(): each chain's translated CCWs, as cp_update_scsw() maps them. */
void vri_ccw_chains_probe(struct channel_program *cp);

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
