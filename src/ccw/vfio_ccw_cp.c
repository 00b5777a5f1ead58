/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfio-ccw channel program translation, in the shape of the kernel's
 * drivers/s390/cio/vfio_ccw_cp.c (5.3 - 5.10: ccwchain_handle_ccw,
 * pfn_array), with the code paths of each profile taken from
 * vr_ccw_cp_ops(mdev) (docs/ccw.md "Profiles"; for 2026-07-v1, patches
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
 * Only the cp_* functions are visible; everything else is static, so a
 * port of the kernel file can replace this one.
 */
/* The vfio interface of the file's shape (include/linux/vfio.h at v5.10). */
#define VR_LINUX_VERSION KERNEL_VERSION(5, 10, 0)
#include <string.h>
#include <virtref/ccw/page.h>
#include <virtref/linux/io.h>
#include <virtref/linux/iommu.h>
#include <virtref/linux/mm.h>
#include <virtref/linux/slab.h>
#include <virtref/linux/vfio.h>
#include "ccw/ccw_internal.h"

/* The scratch window is copied raw and converted entry by entry in place. */
_Static_assert(sizeof(struct ccw1) == 8, "struct ccw1 is 8 bytes");

/*
 * The page-frame arrays of @nr entries.  One page (most CCWs) uses the
 * storage inside the pfn_array instead of an allocation of its own.
 */
static int pfn_array_storage(struct pfn_array *pa, int nr)
{
	pa->pa_nr = nr;
	if (nr == 1) {
		pa->pa_iova_pfn = pa->vr_one;
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

static void pfn_array_storage_free(struct pfn_array *pa)
{
	if (pa->pa_iova_pfn != pa->vr_one)
		kfree(pa->pa_iova_pfn);
	pa->pa_iova_pfn = NULL;
	pa->pa_pfn = NULL;
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
	if (pfn_array_storage(pa, pa->pa_nr))
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
	pfn_array_storage_free(pa);
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
 * PoP chapter 15, "Channel-Command Word".  @source holds the guest's bytes as copied; each entry
 * becomes a struct ccw1 in place.  The kernel converts the whole window
 * up front; ccwchain_calc_length() converts each entry as it reaches it,
 * which gives the same chain without touching entries no chain uses.
 */
static void convert_ccw0_to_ccw1(struct ccw1 *source, unsigned long len)
{
	unsigned long i;
	u8 b[8];

	for (i = 0; i < len; i++) {
		memcpy(b, &source[i], 8);
		vr_ccw_convert0(b, &source[i]);
	}
}

/* The format-1 counterpart: guest bytes to struct ccw1 in place. */
static void decode_ccw1(struct ccw1 *source)
{
	u8 b[8];

	memcpy(b, source, 8);
	vr_ccw_decode1(b, source);
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

/* head <= cpa <= head + 8 * (len - 1), in 32-bit arithmetic. */
static bool is_cpa_within_range(u32 cpa, u32 head, int len)
{
	u32 tail = head + (u32)(len - 1) * sizeof(struct ccw1);

	return head <= cpa && cpa <= tail;
}

static struct ccwchain *ccwchain_alloc(struct channel_program *cp, int len)
{
	struct ccwchain *chain;
	size_t size =
		sizeof(*chain) + (size_t)len * (sizeof(*chain->ch_pa) + sizeof(*chain->ch_idal));
	int count_max = vr_ccw_cp_ops(cp->mdev)->chain_count_max;

	/* 2/6: past the limit the caller sees -ENOMEM, as for a failed kzalloc. */
	if (count_max && cp->ccwchain_count >= count_max) {
		cp->mdev->chain_limit = true;
		return NULL;
	}
	/* The chain, its pin records and IDAL pointers in one allocation. */
	chain = kzalloc(size, GFP_KERNEL);
	if (!chain)
		return NULL;
	chain->ch_ccw =
		vri_ccw_dma_alloc(cp->mdev, (size_t)len * sizeof(*chain->ch_ccw), VR_CCW_DMA_CCWS);
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

#define CHAIN_BUCKET(a) (((u32)(a) >> 11) & (VR_CCW_CHAIN_BUCKETS - 1))

/* Indexes a chain once its guest address is known. */
static void chain_index_add(struct channel_program *cp, struct ccwchain *chain)
{
	struct ccwchain **head = &cp->vr_chains[CHAIN_BUCKET(chain->ch_iova)];

	chain->vr_bucket_next = *head;
	chain->vr_seq = cp->vr_nchains++;
	*head = chain;
}

static void chain_index_del(struct channel_program *cp, struct ccwchain *chain)
{
	struct ccwchain **pp = &cp->vr_chains[CHAIN_BUCKET(chain->ch_iova)];

	while (*pp && *pp != chain)
		pp = &(*pp)->vr_bucket_next;
	if (*pp)
		*pp = chain->vr_bucket_next;
}

/*
 * The first chain in list order whose range [head, head + 8 * (len - 1)]
 * holds @cpa, as a walk of ccwchain_list finds it.  A chain is at most
 * 2 KiB long, so its head lies in @cpa's 2 KiB bucket or the one before.
 */
static struct ccwchain *chain_find(struct channel_program *cp, u32 cpa)
{
	struct ccwchain *best = NULL, *c;
	u32 k;

	for (k = 0; k < 2; k++)
		for (c = cp->vr_chains[((cpa >> 11) - k) & (VR_CCW_CHAIN_BUCKETS - 1)]; c;
		     c = c->vr_bucket_next)
			if (is_cpa_within_range(cpa, (u32)c->ch_iova, c->ch_len) &&
			    (!best || c->vr_seq < best->vr_seq))
				best = c;
	return best;
}

static void ccwchain_free(struct channel_program *cp, struct ccwchain *chain)
{
	chain_index_del(cp, chain);
	list_del(&chain->next);
	vri_ccw_dma_free(cp->mdev, chain->ch_ccw);
	kfree(chain);
}

/* Frees the host IDAL of one CCW (TICs own none). */
static void ccwchain_cda_free(struct channel_program *cp, struct ccwchain *chain, int idx)
{
	vri_ccw_dma_free(cp->mdev, chain->ch_idal[idx]);
	chain->ch_idal[idx] = NULL;
}

static bool keep_counting(struct channel_program *cp, struct ccw1 *ccw, u64 iova, int cnt)
{
	if (ccw_is_chain(ccw))
		return true;
	return vr_ccw_cp_ops(cp->mdev)->keep_counting(ccw, (u32)iova, cnt);
}

/*
 * ccwchain_calc_length - length of the chain starting at @iova, counted
 * over the scratch copy, converting each entry it reaches (docs/ccw.md "The length rule").
 * Returns the length, -EOPNOTSUPP (IDA the profile cannot translate) or
 * -EINVAL (no end within CCWCHAIN_LEN_MAX, or with 1/6 as posted, an end
 * at exactly CCWCHAIN_LEN_MAX).
 */
static int ccwchain_calc_length(u64 iova, struct channel_program *cp)
{
	const struct vr_ccw_cp_ops *ops = vr_ccw_cp_ops(cp->mdev);
	struct ccw1 *ccw = cp->guest_cp;
	int cnt;

	for (cnt = 1; cnt <= CCWCHAIN_LEN_MAX; cnt++, ccw++) {
		if (cp->orb.cmd.fmt)
			decode_ccw1(ccw);
		else
			convert_ccw0_to_ccw1(ccw, 1);
		if (ops->check_ccw(&cp->orb, ccw))
			return -EOPNOTSUPP;
		if (!keep_counting(cp, ccw, iova, cnt))
			return cnt <= ops->chain_len_max ? cnt : -EINVAL;
	}
	return -EINVAL;
}

static bool tic_target_chain_exists(struct ccw1 *tic, struct channel_program *cp)
{
	return chain_find(cp, tic->cda) != NULL;
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
	chain_index_add(cp, chain);
	memcpy(chain->ch_ccw, cp->guest_cp, (size_t)len * sizeof(*chain->ch_ccw));

	ret = ccwchain_loop_tic(chain, cp);
	/*
	 * Only this level's chain: those built for earlier TICs stay on the
	 * list (the leak docs/ccw.md describes).  3/6 frees them all in
	 * ccwchain_build_ccws() instead.
	 */
	if (ret && !vr_ccw_cp_ops(cp->mdev)->init_frees_all)
		ccwchain_free(cp, chain);
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

static int ccwchain_fetch_tic(struct ccwchain *chain, int idx, struct channel_program *cp)
{
	struct ccw1 *ccw = chain->ch_ccw + idx;
	struct ccwchain *iter = chain_find(cp, ccw->cda);

	if (!iter)
		return -EFAULT;
	/* Byte offset, so a misaligned target stays misaligned. */
	ccw->cda = vri_ccw_dma_phys(iter->ch_ccw) + (ccw->cda - (u32)iter->ch_iova);
	return 0;
}

static u64 read_idaw(const u8 *p, bool idaw64)
{
	if (idaw64)
		return (u64)p[0] << 56 | (u64)p[1] << 48 | (u64)p[2] << 40 | (u64)p[3] << 32 |
		       (u64)p[4] << 24 | (u64)p[5] << 16 | (u64)p[6] << 8 | p[7];
	return (u64)p[0] << 24 | (u64)p[1] << 16 | (u64)p[2] << 8 | p[3];
}

/* The guest address IDAW @i of a CCW's data starts at. */
static u64 guest_idaw(const struct vr_ccw_cp_ops *ops, const struct pfn_array *pa, const u8 *gidal,
		      int i, u32 size, bool idaw64, u64 iova, u32 block)
{
	if (!gidal)
		return i ? ALIGN_DOWN(iova, (u64)block) + (u64)i * block : iova;
	return ops->idaw_addr(pa->pa_iova_pfn[i], gidal, i, size, idaw64, iova);
}

static int ccwchain_fetch_direct(struct ccwchain *chain, int idx, struct channel_program *cp)
{
	struct ccw1 *ccw = chain->ch_ccw + idx;
	struct pfn_array *pa = chain->ch_pa + idx;
	bool idaw64 = cp->orb.cmd.c64;
	const struct vr_ccw_cp_ops *ops = vr_ccw_cp_ops(cp->mdev);
	u32 block = ops->idaw_block(&cp->orb);
	u32 size = idaw64 ? 8 : 4;
	bool to_boundary = ops->idal_to_boundary;
	unsigned long *idaws;
	u8 *gidal = NULL, *own = NULL;
	unsigned int bytes;
	int idaw_nr, ret, i;
	u64 iova;

	if (ops->idle_idal == VR_CCW_IDLE_NONE && !ccw->count) {
		/* Marked IDA so that every translated CCW looks alike; the cda stays. */
		ccw->flags |= CCW_FLAG_IDA;
		return 0;
	}
	bytes = ccw->count ? ccw->count : 1;
	if (ccw_is_idal(ccw) && to_boundary) {
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
		iova = read_idaw(gidal, idaw64);
	} else if (ccw_is_idal(ccw)) {
		u8 first[8];

		ret = copy_from_iova(cp->mdev, first, ccw->cda, size);
		if (ret)
			goto out_init;
		iova = read_idaw(first, idaw64);
	} else {
		iova = ccw->cda;
	}
	idaw_nr = (int)(((iova & (block - 1)) + bytes + block - 1) / block);

	idaws = vri_ccw_dma_alloc(cp->mdev, (size_t)idaw_nr * sizeof(*idaws), VR_CCW_DMA_IDAL);
	if (!idaws) {
		ret = -ENOMEM;
		goto out_init;
	}

	if (ccw_is_idal(ccw)) {
		/* One page per guest IDAW: the pages need not be contiguous. */
		if (!to_boundary) {
			own = kmalloc((size_t)idaw_nr * size, GFP_KERNEL);
			if (!own) {
				ret = -ENOMEM;
				goto out_free_idaws;
			}
			ret = copy_from_iova(cp->mdev, own, ccw->cda, (size_t)idaw_nr * size);
			if (ret)
				goto out_free_gidal;
			gidal = own;
		}
		pa->pa_iova = iova;
		ret = pfn_array_storage(pa, idaw_nr);
		if (ret)
			goto out_free_gidal;
		for (i = 0; i < idaw_nr; i++)
			pa->pa_iova_pfn[i] = read_idaw(gidal + i * size, idaw64) >> PAGE_SHIFT;
	} else {
		ret = pfn_array_alloc(pa, iova, bytes);
		if (ret < 0)
			goto out_free_idaws;
	}

	/* Before 5.3 NOP and test CCWs never get here, and every other CCW is pinned. */
	if (ops->idle_idal == VR_CCW_IDLE_NONE || ccw_does_data_transfer(ccw)) {
		ret = pfn_array_pin(pa, cp->mdev);
		if (ret < 0)
			goto out_unpin;
		/*
		 * Host IDAWs name the pinned pages.  A direct CCW's blocks
		 * follow each other; an IDA CCW keeps the guest's IDAWs, 5.x
		 * on page boundaries (only the first keeps its offset), 6.x
		 * with every offset ("Incorporate any offset from each
		 * starting address").
		 */
		for (i = 0; i < idaw_nr; i++)
			idaws[i] = (unsigned long)(VR_CCW_HOST_GUEST_BASE +
						   guest_idaw(ops, pa, gidal, i, size, idaw64, iova,
							      block));
	} else {
		pa->pa_nr = 0;
		/*
		 * Nothing pinned: 5.3's pfn_array_idal_create_words() still adds
		 * the first page offset to an empty IDAL; 6.x leaves the guest's
		 * addresses get_guest_idal() put there.
		 */
		if (ops->idle_idal == VR_CCW_IDLE_OFFSET)
			idaws[0] = (unsigned long)(iova & ~PAGE_MASK);
		for (i = 0; ops->idle_idal == VR_CCW_IDLE_GUEST && i < idaw_nr; i++)
			idaws[i] = (unsigned long)guest_idaw(ops, pa, gidal, i, size, idaw64, iova,
							     block);
	}

	kfree(own);
	ccw->cda = vri_ccw_dma_phys(idaws);
	ccw->flags |= CCW_FLAG_IDA;
	chain->ch_idal[idx] = idaws;
	return 0;

out_unpin:
	pfn_array_unpin_free(pa, cp->mdev);
out_free_gidal:
	kfree(own);
	pa->pa_nr = 0;
	pfn_array_storage_free(pa);
out_free_idaws:
	vri_ccw_dma_free(cp->mdev, idaws);
out_init:
	ccw->cda = 0;
	return ret;
}

static int ccwchain_fetch_one(struct ccwchain *chain, int idx, struct channel_program *cp)
{
	struct ccw1 *ccw = chain->ch_ccw + idx;

	if (ccw_is_tic(ccw))
		return ccwchain_fetch_tic(chain, idx, cp);
	if (vr_ccw_cp_ops(cp->mdev)->idle_idal == VR_CCW_IDLE_NONE &&
	    (ccw_is_noop(ccw) || ccw_is_test(ccw)))
		return 0;
	return ccwchain_fetch_direct(chain, idx, cp);
}

int cp_init(struct channel_program *cp, struct device *mdev, union orb *orb)
{
	const struct vr_ccw_cp_ops *ops = vr_ccw_cp_ops(mdev);
	int ret;

	if (cp->initialized)
		return -EBUSY;
	/* Only prefetch mode until 2020; later kernels warn and prefetch anyway. */
	if (!orb->cmd.pfch && ops->pfch_required)
		return -EOPNOTSUPP;

	cp->ccwchain_count = 0;
	INIT_LIST_HEAD(&cp->ccwchain_list);
	memset(cp->vr_chains, 0, sizeof(cp->vr_chains));
	cp->vr_nchains = 0;
	memcpy(&cp->orb, orb, sizeof(*orb));
	cp->mdev = mdev;

	if (ops->init_frees_all)
		ret = ccwchain_build_ccws(orb->cmd.cpa, cp);
	else
		ret = ccwchain_handle_ccw(orb->cmd.cpa, cp);
	if (!ret) {
		cp->initialized = true;
		ops->init_orb(&cp->orb);
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
			ccwchain_cda_free(cp, chain, i);
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
	for (chain = list_next_entry(chain, next); &chain->next != &cp->ccwchain_list;
	     chain = list_next_entry(chain, next))
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
	if (!vr_ccw_cp_ops(cp->mdev)->keep_guest_key)
		orb->cmd.key = PAGE_DEFAULT_KEY >> 4;
	if (orb->cmd.lpm == 0)
		orb->cmd.lpm = lpm;
	chain = list_first_entry(&cp->ccwchain_list, struct ccwchain, next);
	orb->cmd.cpa = vri_ccw_dma_phys(chain->ch_ccw);
	return orb;
}

void cp_update_scsw(struct channel_program *cp, union scsw *scsw)
{
	struct ccwchain *chain;
	u32 cpa = scsw->cmd.cpa;
	u32 ccw_head;
	int extra;

	if (!cp->initialized)
		return;
	extra = vr_ccw_cp_ops(cp->mdev)->scsw_end_of_chain ? 1 : 0;
	list_for_each_entry(chain, &cp->ccwchain_list, next) {
		ccw_head = vri_ccw_dma_phys(chain->ch_ccw);
		/* Since May 2019 one CCW past the end matches too (normal end). */
		if (is_cpa_within_range(cpa, ccw_head, chain->ch_len + extra)) {
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
