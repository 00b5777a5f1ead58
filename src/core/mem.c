/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Sparse simulated physical memory: pages live in an open-addressing hash
 * table keyed by page frame number.  Every operation checks the whole
 * range first and then acts, so a failed call changes nothing.
 *
 * One vr_mem_add() makes one block holding the new pages' headers and
 * bytes.  A page's bytes are left as malloc() gives them until the page
 * is first written or handed out by vr_mem_page(): until then it reads as
 * zeros, and the host never touches its memory.  So a guest that adds a
 * megabyte and uses a page costs one page, and nothing in the space can
 * fail once the pages are there.
 */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/linux/errno.h>
#include <virtref/mem.h>

/* Highest page frame number of a 64-bit address space. */
#define MEM_MAX_PFN (UINT64_MAX >> VR_PAGE_SHIFT)

struct mem_block;

struct mem_page {
	uint64_t pfn;
	struct mem_block *block; /* where the header and the bytes live */
	uint8_t *data;		 /* VR_PAGE_SIZE bytes, valid once !zero */
	uint32_t pins;
	bool zero; /* never written: reads as zeros, data not yet cleared */
};

/* The pages one vr_mem_add() created, freed when the last one goes. */
struct mem_block {
	uint64_t live;
	struct mem_page pages[];
	/* then, at data_offset(n), n pages of bytes */
};

struct vr_mem {
	char name[32];
	struct mem_page **slots; /* capacity is a power of two */
	uint64_t cap;
	uint64_t count;
	uint64_t pinned;
	uint64_t generation;
};

static uint64_t mem_hash(uint64_t pfn, uint64_t cap)
{
	return (pfn * 0x9e3779b97f4a7c15ULL >> 17) & (cap - 1);
}

static struct mem_page *mem_lookup(const struct vr_mem *mem, uint64_t pfn)
{
	uint64_t i;

	if (!mem->count)
		return NULL;
	for (i = mem_hash(pfn, mem->cap);; i = (i + 1) & (mem->cap - 1)) {
		struct mem_page *pg = mem->slots[i];

		if (!pg)
			return NULL;
		if (pg->pfn == pfn)
			return pg;
	}
}

static void mem_insert_slot(struct mem_page **slots, uint64_t cap, struct mem_page *pg)
{
	uint64_t i = mem_hash(pg->pfn, cap);

	while (slots[i])
		i = (i + 1) & (cap - 1);
	slots[i] = pg;
}

/* Grows the table so that @extra more pages keep it at most half full. */
static int mem_reserve(struct vr_mem *mem, uint64_t extra)
{
	uint64_t need = (mem->count + extra) * 2, cap = mem->cap, i;
	struct mem_page **slots;

	if (need <= cap)
		return 0;
	while (cap < need)
		cap *= 2;
	slots = vr_calloc(cap, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (i = 0; i < mem->cap; i++)
		if (mem->slots[i])
			mem_insert_slot(slots, cap, mem->slots[i]);
	vr_free(mem->slots);
	mem->slots = slots;
	mem->cap = cap;
	return 0;
}

static size_t data_offset(uint64_t npages)
{
	size_t headers = sizeof(struct mem_block) + npages * sizeof(struct mem_page);

	return (headers + 63) & ~(size_t)63;
}

static void mem_page_release(struct mem_page *pg)
{
	if (!--pg->block->live)
		vr_free(pg->block);
}

/* The page's bytes, cleared on first use. */
static uint8_t *mem_page_data(struct mem_page *pg)
{
	if (pg->zero) {
		memset(pg->data, 0, VR_PAGE_SIZE);
		pg->zero = false;
	}
	return pg->data;
}

/* Removes the page in slot @i, shifting its probe chain back. */
static void mem_delete_slot(struct vr_mem *mem, uint64_t i)
{
	uint64_t mask = mem->cap - 1, j = i, home;

	mem_page_release(mem->slots[i]);
	mem->slots[i] = NULL;
	mem->count--;
	for (;;) {
		j = (j + 1) & mask;
		if (!mem->slots[j])
			return;
		home = mem_hash(mem->slots[j]->pfn, mem->cap);
		/* Move j back to i unless its home lies cyclically in (i, j]. */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			mem->slots[i] = mem->slots[j];
			mem->slots[j] = NULL;
			i = j;
		}
	}
}

struct vr_mem *vr_mem_create(const char *name)
{
	struct vr_mem *mem = vr_calloc(1, sizeof(*mem));

	if (!mem)
		return NULL;
	mem->cap = 16;
	mem->slots = vr_calloc(mem->cap, sizeof(*mem->slots));
	if (!mem->slots) {
		vr_free(mem);
		return NULL;
	}
	strncpy(mem->name, name ? name : "mem", sizeof(mem->name) - 1);
	return mem;
}

void vr_mem_destroy(struct vr_mem *mem)
{
	uint64_t i;

	if (!mem)
		return;
	for (i = 0; i < mem->cap; i++)
		if (mem->slots[i])
			mem_page_release(mem->slots[i]);
	vr_free(mem->slots);
	vr_free(mem);
}

const char *vr_mem_name(const struct vr_mem *mem)
{
	return mem->name;
}

uint64_t vr_mem_pages(const struct vr_mem *mem)
{
	return mem->count;
}

/* Page frames [*first, *last] of a byte range; false if empty or wrapping. */
static bool mem_span(uint64_t addr, uint64_t len, uint64_t *first, uint64_t *last)
{
	if (!len || addr + (len - 1) < addr)
		return false;
	*first = addr >> VR_PAGE_SHIFT;
	*last = (addr + (len - 1)) >> VR_PAGE_SHIFT;
	return true;
}

int vr_mem_add(struct vr_mem *mem, uint64_t addr, uint64_t len)
{
	uint64_t first, last, pfn, missing = 0, k = 0;
	struct mem_block *block;
	uint8_t *data;
	int ret;

	if (!mem_span(addr, len, &first, &last))
		return -EINVAL;
	if (last - first >= VR_MEM_MAX_PAGES)
		return -ENOMEM;
	for (pfn = first;; pfn++) {
		missing += !mem_lookup(mem, pfn);
		if (pfn == last)
			break;
	}
	if (mem->count + missing > VR_MEM_MAX_PAGES)
		return -ENOMEM;
	if (!missing)
		return 0;
	ret = mem_reserve(mem, missing);
	if (ret)
		return ret;
	/* At most VR_MEM_MAX_PAGES pages: the size cannot overflow. */
	block = vr_malloc(data_offset(missing) + missing * VR_PAGE_SIZE);
	if (!block)
		return -ENOMEM;
	block->live = missing;
	data = (uint8_t *)block + data_offset(missing);
	for (pfn = first;; pfn++) {
		if (!mem_lookup(mem, pfn)) {
			struct mem_page *pg = &block->pages[k];

			pg->pfn = pfn;
			pg->block = block;
			pg->data = data + k++ * VR_PAGE_SIZE;
			pg->pins = 0;
			pg->zero = true;
			mem_insert_slot(mem->slots, mem->cap, pg);
			mem->count++;
		}
		if (pfn == last)
			return 0;
	}
}

int vr_mem_remove(struct vr_mem *mem, uint64_t addr, uint64_t len)
{
	uint64_t first, last, i;

	if (!mem_span(addr, len, &first, &last))
		return -EINVAL;
	/* Walk the table rather than the range: the range may be huge. */
	for (i = 0; i < mem->cap; i++) {
		struct mem_page *pg = mem->slots[i];

		if (pg && pg->pfn >= first && pg->pfn <= last && pg->pins)
			return -EBUSY;
	}
	for (i = 0; i < mem->cap;) {
		struct mem_page *pg = mem->slots[i];

		if (pg && pg->pfn >= first && pg->pfn <= last)
			mem_delete_slot(mem, i); /* slot i now holds another page */
		else
			i++;
	}
	return 0;
}

bool vr_mem_backed(const struct vr_mem *mem, uint64_t addr, uint64_t len)
{
	uint64_t first, last, pfn;

	if (!len)
		return true;
	if (!mem_span(addr, len, &first, &last) || last - first >= mem->count)
		return false;
	for (pfn = first; pfn <= last; pfn++)
		if (!mem_lookup(mem, pfn))
			return false;
	return true;
}

const uint8_t *vr_mem_page(const struct vr_mem *mem, uint64_t addr)
{
	/* Clearing a page's bytes does not change what the space holds. */
	struct mem_page *pg = mem_lookup(mem, addr >> VR_PAGE_SHIFT);

	return pg ? mem_page_data(pg) : NULL;
}

/* The page of an access that stays inside one page, or NULL. */
static struct mem_page *mem_one_page(const struct vr_mem *mem, uint64_t addr, size_t len)
{
	size_t off = addr & (VR_PAGE_SIZE - 1);

	return len && len <= VR_PAGE_SIZE - off ? mem_lookup(mem, addr >> VR_PAGE_SHIFT) : NULL;
}

int vr_mem_read(const struct vr_mem *mem, uint64_t addr, void *buf, size_t len)
{
	const struct mem_page *one = mem_one_page(mem, addr, len);
	uint8_t *out = buf;

	/* Most accesses are a field of one page: one lookup. */
	if (one) {
		if (one->zero)
			memset(out, 0, len);
		else
			memcpy(out, one->data + (addr & (VR_PAGE_SIZE - 1)), len);
		return 0;
	}
	if (!vr_mem_backed(mem, addr, len))
		return -EFAULT;
	while (len) {
		const struct mem_page *pg = mem_lookup(mem, addr >> VR_PAGE_SHIFT);
		size_t off = addr & (VR_PAGE_SIZE - 1);
		size_t n = VR_PAGE_SIZE - off < len ? VR_PAGE_SIZE - off : len;

		if (pg->zero)
			memset(out, 0, n);
		else
			memcpy(out, pg->data + off, n);
		out += n;
		addr += n;
		len -= n;
	}
	return 0;
}

/* Writes @len bytes from @buf, or @len copies of @byte when @buf is NULL. */
static int mem_store(struct vr_mem *mem, uint64_t addr, const uint8_t *buf, int byte, size_t len)
{
	struct mem_page *one = mem_one_page(mem, addr, len);

	if (one) {
		uint8_t *data = mem_page_data(one) + (addr & (VR_PAGE_SIZE - 1));

		mem->generation++;
		if (buf)
			memcpy(data, buf, len);
		else
			memset(data, byte, len);
		return 0;
	}
	if (!vr_mem_backed(mem, addr, len))
		return -EFAULT;
	mem->generation++;
	while (len) {
		struct mem_page *pg = mem_lookup(mem, addr >> VR_PAGE_SHIFT);
		size_t off = addr & (VR_PAGE_SIZE - 1);
		size_t n = VR_PAGE_SIZE - off < len ? VR_PAGE_SIZE - off : len;

		uint8_t *data = mem_page_data(pg);

		if (buf) {
			memcpy(data + off, buf, n);
			buf += n;
		} else {
			memset(data + off, byte, n);
		}
		addr += n;
		len -= n;
	}
	return 0;
}

int vr_mem_write(struct vr_mem *mem, uint64_t addr, const void *buf, size_t len)
{
	return mem_store(mem, addr, buf, 0, len);
}

int vr_mem_fill(struct vr_mem *mem, uint64_t addr, int byte, size_t len)
{
	return mem_store(mem, addr, NULL, byte, len);
}

uint64_t vr_mem_generation(const struct vr_mem *mem)
{
	return mem->generation;
}

/* Reads @n bytes as an unsigned number, most significant first if @big. */
static int mem_read_uint(const struct vr_mem *mem, uint64_t addr, unsigned n, bool big,
			 uint64_t *val)
{
	uint8_t b[8];
	uint64_t v = 0;
	unsigned i;

	*val = 0;
	if (vr_mem_read(mem, addr, b, n))
		return -EFAULT;
	for (i = 0; i < n; i++)
		v |= (uint64_t)b[big ? i : n - 1 - i] << (8 * (n - 1 - i));
	*val = v;
	return 0;
}

static int mem_write_uint(struct vr_mem *mem, uint64_t addr, unsigned n, bool big, uint64_t v)
{
	uint8_t b[8];
	unsigned i;

	for (i = 0; i < n; i++)
		b[big ? n - 1 - i : i] = (uint8_t)(v >> (8 * i));
	return vr_mem_write(mem, addr, b, n);
}

#define MEM_ACCESSORS(suffix, type, bytes, big)                                                    \
	int vr_mem_read_##suffix(const struct vr_mem *mem, uint64_t addr, type *val)               \
	{                                                                                          \
		uint64_t v;                                                                        \
		int ret = mem_read_uint(mem, addr, bytes, big, &v);                                \
		*val = (type)v;                                                                    \
		return ret;                                                                        \
	}                                                                                          \
	int vr_mem_write_##suffix(struct vr_mem *mem, uint64_t addr, type val)                     \
	{                                                                                          \
		return mem_write_uint(mem, addr, bytes, big, val);                                 \
	}

MEM_ACCESSORS(u8, uint8_t, 1, true)
MEM_ACCESSORS(be16, uint16_t, 2, true)
MEM_ACCESSORS(be32, uint32_t, 4, true)
MEM_ACCESSORS(be64, uint64_t, 8, true)
MEM_ACCESSORS(le16, uint16_t, 2, false)
MEM_ACCESSORS(le32, uint32_t, 4, false)
MEM_ACCESSORS(le64, uint64_t, 8, false)

/* True when [pfn, pfn + npages) is a non-empty range inside the space. */
static bool pin_range_ok(uint64_t pfn, uint64_t npages)
{
	return npages && pfn <= MEM_MAX_PFN && npages - 1 <= MEM_MAX_PFN - pfn;
}

int vr_mem_pin(struct vr_mem *mem, uint64_t pfn, uint64_t npages)
{
	uint64_t i;

	if (!pin_range_ok(pfn, npages))
		return -EINVAL;
	if (npages > mem->count)
		return -EFAULT;
	for (i = 0; i < npages; i++) {
		const struct mem_page *pg = mem_lookup(mem, pfn + i);

		if (!pg)
			return -EFAULT;
		if (pg->pins == UINT32_MAX)
			return -EOVERFLOW;
	}
	for (i = 0; i < npages; i++)
		mem_lookup(mem, pfn + i)->pins++;
	mem->pinned += npages;
	return 0;
}

int vr_mem_unpin(struct vr_mem *mem, uint64_t pfn, uint64_t npages)
{
	uint64_t i;

	if (!pin_range_ok(pfn, npages) || npages > mem->count)
		return -EINVAL;
	for (i = 0; i < npages; i++) {
		const struct mem_page *pg = mem_lookup(mem, pfn + i);

		if (!pg || !pg->pins)
			return -EINVAL;
	}
	for (i = 0; i < npages; i++)
		mem_lookup(mem, pfn + i)->pins--;
	mem->pinned -= npages;
	return 0;
}

uint32_t vr_mem_pin_count(const struct vr_mem *mem, uint64_t pfn)
{
	const struct mem_page *pg = mem_lookup(mem, pfn);

	return pg ? pg->pins : 0;
}

uint64_t vr_mem_pinned(const struct vr_mem *mem)
{
	return mem->pinned;
}
