/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfio-ccw channel program translation, in the shape of the kernel's
 * drivers/s390/cio/vfio_ccw_cp.c (5.3 - 5.10: ccwchain_handle_ccw,
 * pfn_array), compiled once per kernel generation a profile stands for:
 * each #if on VFIO_CCW_CP_GEN is the code that kernel state has
 * (virtref/ccw/profile.h, docs/ccw.md "Profiles"; for 2026-07-v1, patches
 * 1/6 - 4/6 of the July 2026 fixes series as posted):
 *
 *   cp_init -> ccwchain_handle_ccw(orb.cpa)
 *                copy 2 KiB window, calc_length (converting),
 *                allocate + copy the chain, ccwchain_loop_tic:
 *                  for each TIC whose target is in no chain yet:
 *                    ccwchain_handle_ccw(target)        (depth first)
 *   cp_prefetch -> per CCW: TIC -> host address inside the target chain;
 *                  others -> host IDAL of pinned guest pages
 *
 * Only the cp_* functions are visible; everything else is static, and
 * the file sees include/ alone, so a port of the kernel file can replace
 * this one.  What it hands the host lives where the kernel's does: host
 * CCWs and IDALs in kmalloc(GFP_DMA) memory named by virt_to_phys(),
 * guest pages pinned through vfio_pin_pages().  It reads the guest's
 * CCWs and IDAWs as big-endian, which on s390 is reading them as they
 * are.
 */
/* The vfio interface of the file's shape (include/linux/vfio.h at v5.10). */
#define VR_LINUX_VERSION KERNEL_VERSION(5, 10, 0)
#include <virtref/ccw/page.h>
#include <virtref/ccw/profile.h>
#include <virtref/ccw/vfio_ccw_cp.h>
#include <virtref/linux/byteorder.h>
#include <virtref/linux/io.h>
#include <virtref/linux/iommu.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/mm.h>
#include <virtref/linux/slab.h>
#include <virtref/linux/string.h>
#include <virtref/linux/vfio.h>

#ifndef VFIO_CCW_CP_GEN
#define VFIO_CCW_CP_GEN VFIO_CCW_CP_MAINLINE
#endif

/* drivers/s390/cio/vfio_ccw_cp.c (5.3 - 5.10): pages of one CCW. */
struct pfn_array {
	unsigned long pa_iova;	    /* first guest address */
	unsigned long *pa_iova_pfn; /* guest page frames to pin */
	unsigned long *pa_pfn;	    /* host page frames once pinned */
	int pa_nr;		    /* pinned entries (0: nothing pinned) */
	unsigned long pa_one[2];    /* the two arrays when there is one page */
};

/* One run of consecutive guest CCWs copied to host memory. */
struct ccwchain {
	struct list_head next;
	struct ccw1 *ch_ccw; /* host copy, GFP_DMA */
	u64 ch_iova;	     /* guest address of the first CCW */
	int ch_len;
	struct pfn_array *ch_pa;	 /* one per CCW */
	unsigned long **ch_idal;	 /* host IDAL of each CCW (NULL for a TIC) */
	struct ccwchain *ch_bucket_next; /* channel_program.ccwchain_bucket */
	u32 ch_seq;			 /* position in ccwchain_list */
};

/* The scratch window is copied raw and converted in place. */
_Static_assert(sizeof(struct ccw1) == 8, "struct ccw1 is 8 bytes");

/*
 * The page-frame arrays of @nr entries (mainline's page_array_alloc()
 * takes the count too).  One page (most CCWs) uses the storage inside
 * the pfn_array instead of an allocation of its own.
 */
static int page_array_alloc(struct pfn_array *pa, int nr)
{
	pa->pa_nr = nr;
	if (nr == 1) {
		pa->pa_iova_pfn = pa->pa_one;
	} else {
		pa->pa_iova_pfn = kcalloc((size_t)nr * 2, sizeof(*pa->pa_iova_pfn), GFP_KERNEL);
		if (!pa->pa_iova_pfn) {
			pa->pa_nr = 0;
			return -ENOMEM;
		}
	}
	pa->pa_pfn = pa->pa_iova_pfn + nr;
	return 0;
}

static int pfn_array_alloc(struct pfn_array *pa, u64 iova, unsigned int len)
{
	int i;

	if (pa->pa_nr || pa->pa_iova_pfn)
		return -EINVAL;
	pa->pa_iova = iova;
	pa->pa_nr = (int)(((iova & (PAGE_SIZE - 1)) + len + (PAGE_SIZE - 1)) >> PAGE_SHIFT);
	if (!pa->pa_nr)
		return -EINVAL;
	if (page_array_alloc(pa, pa->pa_nr))
		return -ENOMEM;
	pa->pa_iova_pfn[0] = pa->pa_iova >> PAGE_SHIFT;
	for (i = 1; i < pa->pa_nr; i++)
		pa->pa_iova_pfn[i] = pa->pa_iova_pfn[i - 1] + 1;
	return 0;
}

/* All pages or none; vfio type1 answers -EINVAL for an unmapped iova. */
static int pfn_array_pin(struct pfn_array *pa, struct device *mdev)
{
	int ret = vfio_pin_pages(mdev, pa->pa_iova_pfn, pa->pa_nr, IOMMU_READ | IOMMU_WRITE,
				 pa->pa_pfn);

	if (ret < 0) {
		pa->pa_nr = 0;
		return -EINVAL;
	}
	return ret;
}

static void pfn_array_unpin_free(struct pfn_array *pa, struct device *mdev)
{
	if (pa->pa_nr)
		vfio_unpin_pages(mdev, pa->pa_iova_pfn, pa->pa_nr);
	pa->pa_nr = 0;
	if (pa->pa_iova_pfn != pa->pa_one)
		kfree(pa->pa_iova_pfn);
	pa->pa_iova_pfn = NULL;
	pa->pa_pfn = NULL;
}

static bool pfn_array_iova_pinned(struct pfn_array *pa, unsigned long iova)
{
	unsigned long iova_pfn = iova >> PAGE_SHIFT;
	int i;

	for (i = 0; i < pa->pa_nr; i++)
		if (pa->pa_iova_pfn[i] == iova_pfn)
			return true;
	return false;
}

/* Pages copy_from_iova() pins at a time: a 2 KiB CCW window spans at most two. */
#define COPY_PAGES 2

/*
 * Within the domain (@mdev), copies @n bytes from guest address @iova to
 * @to, COPY_PAGES pages at a time: pinned, read through their host
 * frames, unpinned.  Up to that size all or nothing, @to untouched when a
 * page cannot be pinned or its frame not mapped.  0 or -EFAULT.
 */
static int copy_from_iova(struct device *mdev, void *to, u64 iova, unsigned long n)
{
	unsigned long iova_pfn[COPY_PAGES], pfn[COPY_PAGES], done = 0;

	while (done < n) {
		u64 at = iova + done;
		unsigned long off = (unsigned long)(at & (PAGE_SIZE - 1));
		unsigned long len = min(n - done, COPY_PAGES * PAGE_SIZE - off);
		int npage = (int)((off + len + PAGE_SIZE - 1) >> PAGE_SHIFT), i;

		for (i = 0; i < npage; i++)
			iova_pfn[i] = (unsigned long)(at >> PAGE_SHIFT) + (unsigned long)i;
		if (vfio_pin_pages(mdev, iova_pfn, npage, IOMMU_READ, pfn) != npage)
			return -EFAULT;
		/* A host frame the environment cannot map is a read that faults. */
		for (i = 0; i < npage; i++)
			if (!phys_to_virt(PFN_PHYS(pfn[i]))) {
				vfio_unpin_pages(mdev, iova_pfn, npage);
				return -EFAULT;
			}
		for (i = 0; i < npage; i++) {
			unsigned long start = i ? 0 : off;
			unsigned long m = min(len, PAGE_SIZE - start);
			const u8 *from = phys_to_virt(PFN_PHYS(pfn[i]) + start);

			memcpy((u8 *)to + done, from, m);
			done += m;
			len -= m;
		}
		vfio_unpin_pages(mdev, iova_pfn, npage);
	}
	return 0;
}

/*
 * The guest's CCWs as copied are big-endian (PoP chapter 15,
 * "Channel-Command Word"); each entry becomes a struct ccw1 in the CPU's
 * byte order in place.  On s390 the kernel reads format 1 as it is; the
 * byte swaps below are no-ops there.  Format 0 holds a 24-bit address in
 * bytes 1-3 and the flags in byte 4; a TIC keeps its command code and
 * address only.
 */
static void convert_ccw0_to_ccw1(struct ccw1 *source, unsigned long len, bool fmt1)
{
	unsigned long i;
	u8 b[8];

	for (i = 0; i < len; i++) {
		memcpy(b, &source[i], 8);
		source[i].cmd_code = b[0];
		if (fmt1) {
			source[i].flags = b[1];
			source[i].count = (u16)(b[2] << 8 | b[3]);
			source[i].cda = (u32)b[4] << 24 | (u32)b[5] << 16 | (u32)b[6] << 8 | b[7];
			continue;
		}
		source[i].cda = (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
		if ((b[0] & 0x0f) == CCW_CMD_TIC) {
			source[i].cmd_code = CCW_CMD_TIC;
			source[i].flags = 0;
			source[i].count = 0;
		} else {
			source[i].flags = b[4];
			source[i].count = (u16)(b[6] << 8 | b[7]);
		}
	}
}

#define ccw_is_read(_ccw) (((_ccw)->cmd_code & 0x03) == 0x02)
#define ccw_is_read_backward(_ccw) (((_ccw)->cmd_code & 0x0F) == 0x0C)
#define ccw_is_sense(_ccw) (((_ccw)->cmd_code & 0x0F) == CCW_CMD_BASIC_SENSE)
#define ccw_is_noop(_ccw) ((_ccw)->cmd_code == CCW_CMD_NOOP)
#define ccw_is_test(_ccw) (((_ccw)->cmd_code & 0x0F) == 0)
#define ccw_is_tic(_ccw) ((_ccw)->cmd_code == CCW_CMD_TIC)
#define ccw_is_idal(_ccw) ((_ccw)->flags & CCW_FLAG_IDA)
#define ccw_is_skip(_ccw) ((_ccw)->flags & CCW_FLAG_SKIP)
#define ccw_is_chain(_ccw) ((_ccw)->flags & (CCW_FLAG_CC | CCW_FLAG_DC))

/* Format-1 IDAWs (c64 = 0) or 2 KiB blocks (i2k = 1). */
static bool idal_is_2k(struct channel_program *cp)
{
	return !cp->orb.cmd.c64 || cp->orb.cmd.i2k;
}

#if VFIO_CCW_CP_GEN >= VFIO_CCW_CP_5_3
static bool ccw_does_data_transfer(struct ccw1 *ccw)
{
	if (ccw->count == 0)
		return false;
	if (ccw_is_noop(ccw))
		return false;
	if (!ccw_is_skip(ccw))
		return true;
	/* SKIP only suppresses storing for the input commands. */
	if (ccw_is_read(ccw) || ccw_is_read_backward(ccw) || ccw_is_sense(ccw))
		return false;
	return true;
}
#endif

/* head <= cpa <= head + 8 * (len - 1), in 32-bit arithmetic. */
static bool is_cpa_within_range(u32 cpa, u32 head, int len)
{
	u32 tail = head + (u32)(len - 1) * sizeof(struct ccw1);

	return head <= cpa && cpa <= tail;
}

#if VFIO_CCW_CP_GEN >= VFIO_CCW_CP_5_1
static bool is_tic_within_range(struct ccw1 *ccw, u32 head, int len)
{
	if (!ccw_is_tic(ccw))
		return false;
	return is_cpa_within_range(ccw->cda, head, len);
}
#endif

static struct ccwchain *ccwchain_alloc(struct channel_program *cp, int len)
{
	struct ccwchain *chain;
	size_t size =
		sizeof(*chain) + (size_t)len * (sizeof(*chain->ch_pa) + sizeof(*chain->ch_idal));

#if VFIO_CCW_CP_GEN >= VFIO_CCW_CP_2026_07_V1
	/* 2/6: past the limit the caller sees -ENOMEM, as for a failed kzalloc. */
	if (cp->ccwchain_count >= CCWCHAIN_COUNT_MAX)
		return NULL;
#endif
	/* The chain, its pin records and IDAL pointers in one allocation. */
	chain = kzalloc(size, GFP_KERNEL);
	if (!chain)
		return NULL;
	chain->ch_ccw = kcalloc(len, sizeof(*chain->ch_ccw), GFP_DMA | GFP_KERNEL);
	if (!chain->ch_ccw) {
		kfree(chain);
		return NULL;
	}
	chain->ch_pa = (struct pfn_array *)(chain + 1);
	chain->ch_idal = (unsigned long **)(chain->ch_pa + len);
	chain->ch_len = len;
	list_add_tail(&chain->next, &cp->ccwchain_list);
	cp->ccwchain_count++;
	return chain;
}

#define CCWCHAIN_BUCKET(a) (((u32)(a) >> 11) & (CCWCHAIN_BUCKETS - 1))

/* Indexes a chain once its guest address is known. */
static void ccwchain_index(struct channel_program *cp, struct ccwchain *chain)
{
	struct ccwchain **head = &cp->ccwchain_bucket[CCWCHAIN_BUCKET(chain->ch_iova)];

	chain->ch_bucket_next = *head;
	chain->ch_seq = cp->ccwchain_seq++;
	*head = chain;
}

/*
 * The first chain in list order whose range [head, head + 8 * (len - 1)]
 * holds @cpa, as a walk of ccwchain_list finds it.  A chain is at most
 * 2 KiB long, so its head lies in @cpa's 2 KiB bucket or the one before.
 */
static struct ccwchain *ccwchain_find(struct channel_program *cp, u32 cpa)
{
	struct ccwchain *best = NULL, *c;
	u32 k;

	for (k = 0; k < 2; k++)
		for (c = cp->ccwchain_bucket[((cpa >> 11) - k) & (CCWCHAIN_BUCKETS - 1)]; c;
		     c = c->ch_bucket_next)
			if (is_cpa_within_range(cpa, (u32)c->ch_iova, c->ch_len) &&
			    (!best || c->ch_seq < best->ch_seq))
				best = c;
	return best;
}

static void ccwchain_free(struct channel_program *cp, struct ccwchain *chain)
{
	struct ccwchain **pp = &cp->ccwchain_bucket[CCWCHAIN_BUCKET(chain->ch_iova)];

	while (*pp && *pp != chain)
		pp = &(*pp)->ch_bucket_next;
	if (*pp)
		*pp = chain->ch_bucket_next;
	list_del(&chain->next);
	kfree(chain->ch_ccw);
	kfree(chain);
}

/* Frees the host IDAL of one CCW (TICs own none). */
static void ccwchain_cda_free(struct ccwchain *chain, int idx)
{
	kfree(chain->ch_idal[idx]);
	chain->ch_idal[idx] = NULL;
}

/*
 * ccwchain_calc_length - length of the chain starting at @iova, counted
 * over the scratch copy, converting each entry it reaches (docs/ccw.md
 * "The length rule").  Returns the
 * length, -EOPNOTSUPP (IDA the kernel cannot translate) or -EINVAL (no
 * end within CCWCHAIN_LEN_MAX, or with 1/6 as posted, an end at exactly
 * CCWCHAIN_LEN_MAX).
 */
static int ccwchain_calc_length(u64 iova, struct channel_program *cp)
{
	struct ccw1 *ccw = cp->guest_cp;
	int cnt;

	for (cnt = 1; cnt <= CCWCHAIN_LEN_MAX; cnt++, ccw++) {
		/*
		 * The kernel converts the whole window first; converting each
		 * entry as it is reached gives the same chain without touching
		 * the entries no chain uses.
		 */
		convert_ccw0_to_ccw1(ccw, 1, cp->orb.cmd.fmt);
#if VFIO_CCW_CP_GEN < VFIO_CCW_CP_MAINLINE
		/*
		 * 5.x: only a CCW with IDA is refused, "as we don't want to
		 * fail direct addressing even if the orb specified one of the
		 * unsupported formats".
		 */
		if (idal_is_2k(cp) && ccw_is_idal(ccw))
			return -EOPNOTSUPP;
#endif
		if (ccw_is_chain(ccw))
			continue;
#if VFIO_CCW_CP_GEN == VFIO_CCW_CP_5_0
		/* Before January 2019 counting went on past any TIC. */
		if (ccw_is_tic(ccw))
			continue;
#elif VFIO_CCW_CP_GEN >= VFIO_CCW_CP_5_1
		/* A TIC back into [head, this TIC] is a loop of this chain. */
		if (is_tic_within_range(ccw, (u32)iova, cnt))
			continue;
#endif
#if VFIO_CCW_CP_GEN >= VFIO_CCW_CP_2026_07_V1
		return cnt < CCWCHAIN_LEN_MAX ? cnt : -EINVAL;
#else
		return cnt;
#endif
	}
	return -EINVAL;
}

static bool tic_target_chain_exists(struct ccw1 *tic, struct channel_program *cp)
{
	return ccwchain_find(cp, tic->cda) != NULL;
}

static int ccwchain_loop_tic(struct ccwchain *chain, struct channel_program *cp);

static int ccwchain_handle_ccw(u32 cda, struct channel_program *cp)
{
	struct ccwchain *chain;
	int len, ret;

	/* The whole 2 KiB window is read, however short the chain. */
	ret = copy_from_iova(cp->mdev, cp->guest_cp, cda, CCWCHAIN_LEN_MAX * sizeof(struct ccw1));
	if (ret)
		return ret;

	len = ccwchain_calc_length(cda, cp);
	if (len < 0)
		return len;

	chain = ccwchain_alloc(cp, len);
	if (!chain)
		return -ENOMEM;
	chain->ch_iova = cda;
	ccwchain_index(cp, chain);
	memcpy(chain->ch_ccw, cp->guest_cp, (size_t)len * sizeof(*chain->ch_ccw));

	ret = ccwchain_loop_tic(chain, cp);
#if VFIO_CCW_CP_GEN < VFIO_CCW_CP_2026_07_V1
	/*
	 * Only this level's chain: those built for earlier TICs stay on the
	 * list (the leak docs/ccw.md describes).  3/6 frees them all in
	 * ccwchain_build_ccws() instead.
	 */
	if (ret)
		ccwchain_free(cp, chain);
#endif
	return ret;
}

static int ccwchain_loop_tic(struct ccwchain *chain, struct channel_program *cp)
{
	struct ccw1 *tic;
	int i, ret;

	for (i = 0; i < chain->ch_len; i++) {
		tic = chain->ch_ccw + i;
		if (!ccw_is_tic(tic))
			continue;
		if (tic_target_chain_exists(tic, cp))
			continue;
		ret = ccwchain_handle_ccw(tic->cda, cp);
		if (ret)
			return ret;
	}
	return 0;
}

#if VFIO_CCW_CP_GEN >= VFIO_CCW_CP_2026_07_V1
/* 3/6: builds the program and frees every chain if that fails. */
static int ccwchain_build_ccws(u32 cda, struct channel_program *cp)
{
	struct ccwchain *chain, *temp;
	int ret = ccwchain_handle_ccw(cda, cp);

	if (ret)
		list_for_each_entry_safe(chain, temp, &cp->ccwchain_list, next)
			ccwchain_free(cp, chain);
	return ret;
}
#endif

static int ccwchain_fetch_tic(struct ccwchain *chain, int idx, struct channel_program *cp)
{
	struct ccw1 *ccw = chain->ch_ccw + idx;
	struct ccwchain *iter = ccwchain_find(cp, ccw->cda);

	if (!iter)
		return -EFAULT;
	/* Byte offset, so a misaligned target stays misaligned. */
	ccw->cda = (u32)virt_to_phys(iter->ch_ccw) + (ccw->cda - (u32)iter->ch_iova);
	return 0;
}

/* An IDAW of a guest IDAL as copied: big-endian, 8 or 4 bytes. */
static u64 get_guest_idaw(const u8 *gidal, int i, bool idaw64)
{
	__be64 w64;
	__be32 w32;

	if (idaw64) {
		memcpy(&w64, gidal + 8 * i, sizeof(w64));
		return be64_to_cpu(w64);
	}
	memcpy(&w32, gidal + 4 * i, sizeof(w32));
	return be32_to_cpu(w32);
}

/*
 * The guest's IDAL of a CCW whose data starts at @iova, in blocks of
 * @block bytes: a direct CCW's blocks follow each other; an IDA CCW
 * keeps the guest's IDAWs (@gidal), 5.x on page boundaries (only the
 * first keeps its offset), 6.x with every offset ("Incorporate any
 * offset from each starting address").
 */
static void get_guest_idal(unsigned long *idaws, int idaw_nr, const u8 *gidal, bool idaw64,
			   u64 iova, u32 block)
{
	int i;

	for (i = 0; i < idaw_nr; i++) {
		u64 g = i ? ALIGN_DOWN(iova, (u64)block) + (u64)i * block : iova;

		if (gidal)
			g = get_guest_idaw(gidal, i, idaw64);
#if VFIO_CCW_CP_GEN < VFIO_CCW_CP_MAINLINE
		if (gidal)
			g = (g & PAGE_MASK) | (i ? 0 : iova & ~PAGE_MASK);
#endif
		idaws[i] = (unsigned long)g;
	}
}

/*
 * Turns the guest addresses of @idaws into host ones: the host frame
 * each page was pinned at, with the address's offset in its page.  An
 * IDA CCW pinned one page per IDAW; a direct CCW its pages in a row.
 */
static void pfn_array_idal_create_words(struct pfn_array *pa, unsigned long *idaws, int idaw_nr,
					bool ida)
{
	int i;

	for (i = 0; i < idaw_nr; i++) {
		unsigned long k =
			ida ? (unsigned long)i : (idaws[i] >> PAGE_SHIFT) - pa->pa_iova_pfn[0];

		idaws[i] = (unsigned long)(PFN_PHYS(pa->pa_pfn[k]) + (idaws[i] & ~PAGE_MASK));
	}
}

static int ccwchain_fetch_direct(struct ccwchain *chain, int idx, struct channel_program *cp)
{
	struct ccw1 *ccw = chain->ch_ccw + idx;
	struct pfn_array *pa = chain->ch_pa + idx;
	bool idaw64 = cp->orb.cmd.c64;
#if VFIO_CCW_CP_GEN >= VFIO_CCW_CP_MAINLINE
	/* 6.x: 2 KiB blocks when the guest asked for them (i2k or c64 = 0). */
	u32 block = idal_is_2k(cp) ? 2048 : 4096;
#else
	u32 block = 4096;
#endif
	unsigned long *idaws;
	u8 *gidal = NULL, *own = NULL;
	unsigned int bytes;
	int idaw_nr, ret, i;
	u64 iova;

#if VFIO_CCW_CP_GEN < VFIO_CCW_CP_5_3
	if (!ccw->count) {
		/* Marked IDA so that every translated CCW looks alike; the cda stays. */
		ccw->flags |= CCW_FLAG_IDA;
		return 0;
	}
#endif
	bytes = ccw->count ? ccw->count : 1;
#if VFIO_CCW_CP_GEN >= VFIO_CCW_CP_2026_07_V1
	if (ccw_is_idal(ccw)) {
		/*
		 * 4/6 as posted: calc_max_idal_len() counts the IDAWs that fit
		 * before the next block boundary, and that count, not its
		 * bytes, is what gets read.  The rest of the scratch keeps
		 * what earlier CCWs left there.
		 */
		u32 n = (block - (ccw->cda & (block - 1))) / 8;

		ret = copy_from_iova(cp->mdev, cp->guest_idal, ccw->cda, n);
		if (ret)
			goto out_init;
		gidal = (u8 *)cp->guest_idal;
		iova = get_guest_idaw(gidal, 0, idaw64);
	} else {
		iova = ccw->cda;
	}
#else
	if (ccw_is_idal(ccw)) {
		u8 first[8];

		ret = copy_from_iova(cp->mdev, first, ccw->cda, idaw64 ? 8 : 4);
		if (ret)
			goto out_init;
		iova = get_guest_idaw(first, 0, idaw64);
	} else {
		iova = ccw->cda;
	}
#endif
	idaw_nr = (int)(((iova & (block - 1)) + bytes + block - 1) / block);

	idaws = kcalloc(idaw_nr, sizeof(*idaws), GFP_DMA | GFP_KERNEL);
	if (!idaws) {
		ret = -ENOMEM;
		goto out_init;
	}

	if (ccw_is_idal(ccw)) {
		/* One page per guest IDAW: the pages need not be contiguous. */
#if VFIO_CCW_CP_GEN < VFIO_CCW_CP_2026_07_V1
		size_t idal_len = (size_t)idaw_nr * (idaw64 ? 8 : 4);

		own = kmalloc(idal_len, GFP_KERNEL);
		if (!own) {
			ret = -ENOMEM;
			goto out_free_idaws;
		}
		ret = copy_from_iova(cp->mdev, own, ccw->cda, idal_len);
		if (ret)
			goto out_free_gidal;
		gidal = own;
#endif
		pa->pa_iova = iova;
		ret = page_array_alloc(pa, idaw_nr);
		if (ret)
			goto out_free_gidal;
		for (i = 0; i < idaw_nr; i++)
			pa->pa_iova_pfn[i] = get_guest_idaw(gidal, i, idaw64) >> PAGE_SHIFT;
	} else {
		ret = pfn_array_alloc(pa, iova, bytes);
		if (ret < 0)
			goto out_free_idaws;
	}

	get_guest_idal(idaws, idaw_nr, gidal, idaw64, iova, block);
#if VFIO_CCW_CP_GEN < VFIO_CCW_CP_5_3
	/* Before 5.3 NOP and test CCWs never get here, and every other CCW is pinned. */
	if (true) {
#else
	if (ccw_does_data_transfer(ccw)) {
#endif
		ret = pfn_array_pin(pa, cp->mdev);
		if (ret < 0)
			goto out_unpin;
		pfn_array_idal_create_words(pa, idaws, idaw_nr, gidal != NULL);
	} else {
		pa->pa_nr = 0;
#if VFIO_CCW_CP_GEN < VFIO_CCW_CP_MAINLINE
		/*
		 * Nothing pinned: 5.3's pfn_array_idal_create_words() still adds
		 * the first page offset to an empty IDAL; 6.x leaves the guest's
		 * addresses get_guest_idal() put there.
		 */
		memset(idaws, 0, (size_t)idaw_nr * sizeof(*idaws));
		idaws[0] = (unsigned long)(iova & ~PAGE_MASK);
#endif
	}

	kfree(own);
	ccw->cda = (u32)virt_to_phys(idaws);
	ccw->flags |= CCW_FLAG_IDA;
	chain->ch_idal[idx] = idaws;
	return 0;

out_unpin:
	pfn_array_unpin_free(pa, cp->mdev);
out_free_gidal:
	kfree(own);
	pa->pa_nr = 0;
	pfn_array_unpin_free(pa, cp->mdev);
out_free_idaws:
	kfree(idaws);
out_init:
	ccw->cda = 0;
	return ret;
}

static int ccwchain_fetch_one(struct ccwchain *chain, int idx, struct channel_program *cp)
{
	struct ccw1 *ccw = chain->ch_ccw + idx;

	if (ccw_is_tic(ccw))
		return ccwchain_fetch_tic(chain, idx, cp);
#if VFIO_CCW_CP_GEN < VFIO_CCW_CP_5_3
	if (ccw_is_noop(ccw) || ccw_is_test(ccw))
		return 0;
#endif
	return ccwchain_fetch_direct(chain, idx, cp);
}

int cp_init(struct channel_program *cp, struct device *mdev, union orb *orb)
{
	int ret;

	if (cp->initialized)
		return -EBUSY;
#if VFIO_CCW_CP_GEN < VFIO_CCW_CP_MAINLINE
	/* Only prefetch mode until 2020; later kernels warn and prefetch anyway. */
	if (!orb->cmd.pfch)
		return -EOPNOTSUPP;
#endif

	cp->ccwchain_count = 0;
	INIT_LIST_HEAD(&cp->ccwchain_list);
	memset(cp->ccwchain_bucket, 0, sizeof(cp->ccwchain_bucket));
	cp->ccwchain_seq = 0;
	memcpy(&cp->orb, orb, sizeof(*orb));
	cp->mdev = mdev;

#if VFIO_CCW_CP_GEN >= VFIO_CCW_CP_2026_07_V1
	ret = ccwchain_build_ccws(orb->cmd.cpa, cp);
#else
	ret = ccwchain_handle_ccw(orb->cmd.cpa, cp);
#endif
	if (!ret) {
		cp->initialized = true;
#if VFIO_CCW_CP_GEN < VFIO_CCW_CP_MAINLINE
		/* Safe to force, since IDA with c64 = 0 was refused. */
		cp->orb.cmd.c64 = 1;
#endif
	}
	return ret;
}

void cp_free(struct channel_program *cp)
{
	struct ccwchain *chain, *temp;
	int i;

	if (!cp->initialized)
		return;
	cp->initialized = false;
	list_for_each_entry_safe(chain, temp, &cp->ccwchain_list, next) {
		for (i = 0; i < chain->ch_len; i++) {
			pfn_array_unpin_free(chain->ch_pa + i, cp->mdev);
			ccwchain_cda_free(chain, i);
		}
		ccwchain_free(cp, chain);
	}
}

int cp_prefetch(struct channel_program *cp)
{
	struct ccwchain *chain;
	int len, idx = 0, ret = 0;

	if (!cp->initialized)
		return -EINVAL;
	list_for_each_entry(chain, &cp->ccwchain_list, next) {
		len = chain->ch_len;
		for (idx = 0; idx < len; idx++) {
			ret = ccwchain_fetch_one(chain, idx, cp);
			if (ret)
				goto out_err;
		}
	}
	return 0;

out_err:
	/* Only the translated CCWs are released by cp_free(). */
	chain->ch_len = idx;
	list_for_each_entry_continue(chain, &cp->ccwchain_list, next)
		chain->ch_len = 0;
	return ret;
}

union orb *cp_get_orb(struct channel_program *cp, u32 intparm, u8 lpm)
{
	union orb *orb;
	struct ccwchain *chain;

	if (!cp->initialized)
		return NULL;
	orb = &cp->orb;
	orb->cmd.intparm = intparm;
	orb->cmd.fmt = 1;
	/* Host IDALs are format 2; from format-1 guest IDAWs, in 2 KiB blocks. */
	if (!orb->cmd.c64)
		orb->cmd.i2k = 1;
	orb->cmd.c64 = 1;
#if VFIO_CCW_CP_GEN < VFIO_CCW_CP_MAINLINE
	orb->cmd.key = PAGE_DEFAULT_KEY >> 4;
#endif
	if (orb->cmd.lpm == 0)
		orb->cmd.lpm = lpm;
	chain = list_first_entry(&cp->ccwchain_list, struct ccwchain, next);
	orb->cmd.cpa = (u32)__pa(chain->ch_ccw);
	return orb;
}

void cp_update_scsw(struct channel_program *cp, union scsw *scsw)
{
	struct ccwchain *chain;
	u32 cpa = scsw->cmd.cpa;
	u32 ccw_head;

	if (!cp->initialized)
		return;
	list_for_each_entry(chain, &cp->ccwchain_list, next) {
		ccw_head = (u32)virt_to_phys(chain->ch_ccw);
#if VFIO_CCW_CP_GEN >= VFIO_CCW_CP_5_3
		/* Since May 2019 one CCW past the end matches too (normal end). */
		if (is_cpa_within_range(cpa, ccw_head, chain->ch_len + 1)) {
#else
		if (is_cpa_within_range(cpa, ccw_head, chain->ch_len)) {
#endif
			cpa = (u32)chain->ch_iova + (cpa - ccw_head);
			break;
		}
	}
	scsw->cmd.cpa = cpa;
}

bool cp_iova_pinned(struct channel_program *cp, u64 iova)
{
	struct ccwchain *chain;
	int i;

	if (!cp->initialized)
		return false;
	list_for_each_entry(chain, &cp->ccwchain_list, next) {
		for (i = 0; i < chain->ch_len; i++)
			if (pfn_array_iova_pinned(chain->ch_pa + i, (unsigned long)iova))
				return true;
	}
	return false;
}
