/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Internals of the ccw model shared by its translation units and tests:
 * profiles as data, the host DMA pool, the mediated device, address
 * spaces through which the channel reaches memory, and the channel
 * subsystem engine.
 */
#ifndef VIRTREF_SRC_CCW_INTERNAL_H
#define VIRTREF_SRC_CCW_INTERNAL_H

#include <virtref/ccw.h>
#include <virtref/linux/kernel.h>

/* How ccwchain_calc_length() decides to keep counting (spec/ccw.md 7). */
enum vr_ccw_len_rule {
	VR_CCW_LEN_ANY_TIC,	/* state A: CC, CD or any TIC */
	VR_CCW_LEN_CHAIN_ONLY,	/* state B: CC or CD */
	VR_CCW_LEN_TIC_IN_RANGE,/* state C: CC, CD or a TIC back into the chain */
};

/* Which IDA programs vfio-ccw accepts. */
enum vr_ccw_ida_support {
	VR_CCW_IDA_INIT_4K,	/* 4.x - 5.0: cp_init refuses c64 = 0 or i2k = 1 */
	VR_CCW_IDA_CCW_4K,	/* 5.1 - 5.x: only CCWs with IDA are refused */
	VR_CCW_IDA_ALL,		/* 6.x: format-1 and 2 KiB IDAWs */
};

struct vr_ccw_profile_desc {
	const char *name;
	enum vr_ccw_len_rule len_rule;
	bool scsw_end_of_chain;	/* May 2019: CPA one past the chain translates */
	bool pfch_required;	/* before 2020: pfch = 0 gives -EOPNOTSUPP */
	enum vr_ccw_ida_support ida;
	bool keep_guest_key;	/* 6.x: the guest's ORB key is kept */
	/*
	 * "s390/vfio_ccw fixes" v1 (July 2026), as posted:
	 * 1/6: the longest chain ccwchain_calc_length() accepts,
	 *      CCWCHAIN_LEN_MAX, or one less (the loop stops at 256 and
	 *      refuses a count of 256 too);
	 * 2/6: chains per program, 0 for no limit;
	 * 3/6: a failed cp_init() frees every chain it built;
	 * 4/6: the guest IDAL is read into cp->guest_idal up to the next
	 *      IDAW block boundary, with the length in IDAWs passed as the
	 *      byte count.
	 */
	int chain_len_max;
	int chain_count_max;
	bool init_frees_all;
	bool idal_to_boundary;
};

extern const struct vr_ccw_profile_desc vr_ccw_profiles[VR_CCW_NR_PROFILES];

/*
 * Host memory the channel can reach: blocks handed out by a bump
 * allocator in [VR_CCW_HOST_POOL_BASE, + SIZE), each a counted allocation
 * whose header records its host address, so virt_to_phys is O(1) and an
 * address outside every live block is recognisably not host memory.
 */
struct vr_ccw_block;

struct vr_ccw_dma {
	struct list_head blocks;	/* sorted by address */
	u32 live;
	bool exhausted;		/* an allocation found no room (not a malloc failure) */
	struct vr_ccw_block *last;	/* the block the channel read last */
};

/* Guest memory, optionally saving every page before its first write. */
struct vr_ccw_journal {
	u64 *pfn;
	u8 *pages;
	u32 n, cap;
	bool failed;		/* a save could not be allocated */
};

struct device {
	struct vr_mem *guest;
	const struct vr_ccw_profile_desc *profile;
	struct vr_ccw_dma dma;
	bool chain_limit;	/* ccwchain_alloc() refused a chain past the profile's count */
	/*
	 * Chains a failed cp_init() left behind, out of the kernel's reach:
	 * their DMA blocks stay live (the invariants count them) until the
	 * device is destroyed.
	 */
	struct list_head lost;
	u32 lost_blocks;
	u64 pins;		/* pages pinned through this device */
	struct vr_ccw_journal *journal;	/* host stores to guest pages, when set */
	bool dma_violation;	/* host channel touched memory it must not */
	char dma_violation_why[96];
};

/*
 * What a block holds.  The host is big-endian and the model is not, so
 * the host channel reads blocks through their layout: CCW arrays as
 * format-1 CCWs, IDALs as 8-byte IDAWs, both big-endian.
 */
enum vr_ccw_dma_kind { VR_CCW_DMA_CCWS, VR_CCW_DMA_IDAL };

void *vr_ccw_dma_alloc(struct device *dev, size_t len, enum vr_ccw_dma_kind kind);
void vr_ccw_dma_free(struct device *dev, void *ptr);
u32 vr_ccw_dma_phys(const void *ptr);
/* The live block bytes [phys, phys + len) lie in, or NULL. */
void *vr_ccw_dma_lookup(struct device *dev, u64 phys, size_t len);

/* vfio_pin_pages()/vfio_unpin_pages() of one guest page. */
int vr_ccw_pin_page(struct device *dev, u64 iova_pfn);
void vr_ccw_unpin_page(struct device *dev, u64 iova_pfn);
/* Saves the page(s) of [addr, addr + len) before a write: 0 or -ENOMEM. */
int vr_ccw_journal_save(struct vr_ccw_journal *j, struct vr_mem *mem, u64 addr, size_t len);
/* Reads guest memory for the translator: 0 or -EFAULT. */
int vr_ccw_copy_from_guest(struct device *dev, void *to, u64 iova, size_t n);

/*
 * An address space as the channel sees it.  Returns 0, -EFAULT (no
 * memory there) or -EACCES (host memory the channel may not touch).
 */
struct vr_ccw_as {
	int (*read)(void *ctx, u64 addr, void *buf, size_t len);
	int (*write)(void *ctx, u64 addr, const void *buf, size_t len);
	void *ctx;
};

struct vr_ccw_guest_as {
	struct vr_mem *mem;
	struct vr_ccw_journal *journal;
};

void vr_ccw_guest_as_init(struct vr_ccw_as *as, struct vr_ccw_guest_as *g);
void vr_ccw_host_as_init(struct vr_ccw_as *as, struct device *dev);
/* Puts every journalled page back and empties the journal. */
void vr_ccw_journal_undo(struct vr_ccw_journal *j, struct vr_mem *mem);
void vr_ccw_journal_free(struct vr_ccw_journal *j);

/* ---- devices ---- */
#define VR_DASD_CYLS 2
#define VR_DASD_HEADS 2
#define VR_DASD_RECS 3
#define VR_DASD_RECLEN 32
#define VR_ECHO_BUF 256

struct vr_ccw_device {
	enum vr_ccw_device_type type;
	u8 sense[32];
	/* DASD */
	u16 cyl, head;
	u8 next_rec;	/* record (1-based) next under the head */
	u8 found_rec;	/* record a successful search oriented to, or 0 */
	u8 data[VR_DASD_CYLS][VR_DASD_HEADS][VR_DASD_RECS][VR_DASD_RECLEN];
	/* echo */
	u16 echo_len;
	u8 echo[VR_ECHO_BUF];
};

void vr_ccw_device_reset(struct vr_ccw_device *d, enum vr_ccw_device_type type);
/* Whether @cmd can end with status modifier on this kind of device. */
bool vr_ccw_device_may_sm(enum vr_ccw_device_type type, u8 cmd);

/*
 * One command as the device sees it.  For output commands @buf holds the
 * @len bytes the channel offers; for input commands the device writes up
 * to @cap bytes into @buf.  Returns device status; *@done = bytes taken
 * or supplied.
 */
u8 vr_ccw_device_cmd(struct vr_ccw_device *d, u8 cmd, u8 *buf, u32 len, u32 cap, u32 *done);

/* ---- channel subsystem ---- */
struct vr_ccw_exec_in {
	const struct vr_ccw_as *as;
	struct vr_ccw_device *dev;
	struct vr_ccw_log *log;
	const union orb *orb;
	struct vr_text *explain;	/* NULL: no narration */
	const char *who;		/* "guest" or "host" in narration */
};

/* Runs the program @in->orb names; fills the SCSW (and sense in @irb). */
void vr_ccw_execute(const struct vr_ccw_exec_in *in, struct irb *irb);

/* Reads and (format 0) converts one CCW: 0, -EFAULT. */
int vr_ccw_fetch(const struct vr_ccw_as *as, u64 addr, bool fmt1, struct ccw1 *ccw);

/* drivers/s390/cio/vfio_ccw_cp.c (5.3 - 5.10): pages of one CCW. */
struct pfn_array {
	unsigned long pa_iova;		/* first guest address */
	unsigned long *pa_iova_pfn;	/* guest page frames to pin */
	unsigned long *pa_pfn;		/* host page frames once pinned */
	int pa_nr;			/* pinned entries (0: nothing pinned) */
	unsigned long vr_one[2];	/* the two arrays when there is one page */
};

/* One run of consecutive guest CCWs copied to host memory. */
struct ccwchain {
	struct list_head next;
	struct ccw1 *ch_ccw;		/* host copy, in the DMA pool */
	u64 ch_iova;			/* guest address of the first CCW */
	int ch_len;
	struct pfn_array *ch_pa;	/* one per CCW */
	unsigned long **ch_idal;	/* host IDAL of each CCW (NULL for a TIC) */
	struct ccwchain *vr_bucket_next;	/* channel_program.vr_chains */
	u32 vr_seq;			/* position in ccwchain_list */
};

/* Walks every chain of a translated program, for dot and the dump. */

/*
 * Hands the chains a failed cp_init() left on @cp's list to the device
 * (struct device.lost).  cp_free() skips a program that is not
 * initialized and the next cp_init() starts a new list, so the kernel
 * has lost them; the model keeps them so that it can still free them.
 */
void vr_ccw_cp_orphans(struct channel_program *cp);

#endif
