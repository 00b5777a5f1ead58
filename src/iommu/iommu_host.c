// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * virtref's host around the Intel driver: what an iommu instance lends
 * the kernel files while they run (the units' register pages as MMIO,
 * the page pool in physical memory behind alloc_pgtable_page(),
 * virt_to_phys() and phys_to_virt() over it, the driver's slab), the PCI
 * functions and their configuration accessors, and loading the driver.
 */
#include <stdio.h>
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/context.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/slab.h>
#include <virtref/mem.h>
#include <virtref/text.h>
#include <virtref/warn.h>
#include "iommu_host.h"

static const struct vr_env_ops iommu_env_ops;

struct vri_iommu_kernel *vri_iommu_k(void)
{
	const struct vr_context *ctx = vr_context_current();

	if (WARN_ON(ctx->env != &iommu_env_ops || !ctx->env_data))
		return NULL;
	return ((struct vr_iommu *)ctx->env_data)->k;
}

/* ---- the page pool ---------------------------------------------------- */

static u64 frame_phys(u32 f)
{
	return VR_IOMMU_KPOOL_BASE + (u64)f * PAGE_SIZE;
}

/* The allocation holding @addr: binary search over host addresses. */
static const struct vri_kpage *kpage_of(const struct vri_iommu_kernel *k, const volatile void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	u32 lo = 0, hi = k->nkpage;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct vri_kpage *p = &k->kpage[mid];

		if (a < (uintptr_t)p->host)
			hi = mid;
		else if (a >= (uintptr_t)p->host + (uintptr_t)p->npages * PAGE_SIZE)
			lo = mid + 1;
		else
			return p;
	}
	return NULL;
}

static uint64_t env_virt_to_phys(void *data, const volatile void *addr)
{
	const struct vri_iommu_kernel *k = ((struct vr_iommu *)data)->k;
	const struct vri_kpage *p = kpage_of(k, addr);

	if (WARN_ON(!p))
		return 0;
	return frame_phys(p->first) + (u64)((uintptr_t)addr - (uintptr_t)p->host);
}

static void *env_phys_to_virt(void *data, uint64_t phys)
{
	const struct vri_iommu_kernel *k = ((struct vr_iommu *)data)->k;
	u64 f;

	if (phys < VR_IOMMU_KPOOL_BASE)
		return NULL;
	f = (phys - VR_IOMMU_KPOOL_BASE) >> PAGE_SHIFT;
	if (f >= VR_IOMMU_KPOOL_PAGES || !k->frame[f])
		return NULL;
	return k->frame[f] + (phys & ~PAGE_MASK);
}

/* The bus: unit i's register page at VR_IOMMU_MMIO_BASE + i * 4 KiB. */
static int env_mmio(void *data, uint64_t phys, void *buf, unsigned int len, bool write)
{
	struct vr_iommu *x = data;
	u8 *b = buf;
	u64 unit, v = 0;
	unsigned int i;

	if (phys < VR_IOMMU_MMIO_BASE || (len != 4 && len != 8))
		return -EFAULT;
	unit = (phys - VR_IOMMU_MMIO_BASE) / VR_IOMMU_REG_SPACE;
	if (unit >= x->nr_units)
		return -EFAULT;
	for (i = 0; write && i < len; i++)
		v |= (u64)b[i] << (8 * i);
	if (write ? vr_iommu_reg_write(x, (unsigned int)unit, (u32)(phys % VR_IOMMU_REG_SPACE), len,
				       v)
		  : vr_iommu_reg_read(x, (unsigned int)unit, (u32)(phys % VR_IOMMU_REG_SPACE), len,
				      &v))
		return -EFAULT;
	for (i = 0; !write && i < len; i++)
		b[i] = (u8)(v >> (8 * i));
	return 0;
}

/*
 * vfio type1's pins: the process's memory is identity-mapped, virtual
 * address v being physical address v of the instance's memory, so a page
 * pins only where that memory is backed.
 */
static int env_pin(void *data, uint64_t iova, int npage, int prot, uint64_t *pfn)
{
	struct vr_iommu *x = data;
	int i, ret;

	(void)prot;
	ret = vr_mem_pin(x->mem, iova >> PAGE_SHIFT, (uint64_t)npage);
	if (ret)
		return ret;
	for (i = 0; i < npage; i++)
		pfn[i] = (iova >> PAGE_SHIFT) + (uint64_t)i;
	return 0;
}

static void env_unpin(void *data, uint64_t iova, int npage)
{
	struct vr_iommu *x = data;

	WARN_ON(vr_mem_unpin(x->mem, iova >> PAGE_SHIFT, (uint64_t)npage));
}

static void *env_alloc_pages(void *data, unsigned int order);
static void env_free_pages(void *data, void *addr, unsigned int order);

static struct vr_idr *env_idr(void *data, const void *key)
{
	struct vri_iommu_kernel *k = ((struct vr_iommu *)data)->k;
	struct vri_iommu_idr *free = NULL;
	unsigned int i;

	for (i = 0; i < VRI_IOMMU_IDRS; i++) {
		if (k->idr[i].key == key)
			return &k->idr[i].space;
		if (!k->idr[i].key && !free)
			free = &k->idr[i];
	}
	if (WARN_ON(!free))
		return NULL;
	free->key = key;
	return &free->space;
}

unsigned int vri_iommu_idr_ids(const struct vri_iommu_kernel *k)
{
	unsigned int i, n = 0;

	for (i = 0; i < VRI_IOMMU_IDRS; i++)
		n += k->idr[i].space.nr;
	return n;
}

static const struct vr_env_ops iommu_env_ops = {
	.virt_to_phys = env_virt_to_phys,
	.phys_to_virt = env_phys_to_virt,
	.pin = env_pin,
	.unpin = env_unpin,
	.mmio = env_mmio,
	.alloc_pages = env_alloc_pages,
	.free_pages = env_free_pages,
	.idr = env_idr,
};

struct vr_iommu *vri_iommu_lent(void)
{
	const struct vr_context *ctx = vr_context_current();

	return ctx->env == &iommu_env_ops ? ctx->env_data : NULL;
}

/*
 * The kernel files' globals are one per machine: while an instance is
 * lent they hold its values, which go back into the instance when the
 * lend ends or another instance is lent.
 */
static void globals_switch(struct vr_iommu *from, struct vr_iommu *to)
{
	if (from == to)
		return;
	if (from && from->k)
		from->k->intel_pasid_max_id = intel_pasid_max_id;
	if (to && to->k)
		intel_pasid_max_id = to->k->intel_pasid_max_id;
}

void vr_iommu_enter(struct vr_iommu *x, struct vr_context_frame *f)
{
	struct vr_context *ctx = vr_context_current();
	struct vr_iommu *prev = vri_iommu_lent();

	vr_context_push(f, ctx->instance, ctx->narrate);
	ctx->env = &iommu_env_ops;
	ctx->env_data = x;
	globals_switch(prev, x);
}

void vr_iommu_leave(struct vr_context_frame *f)
{
	struct vr_iommu *cur = vri_iommu_lent();

	vr_context_pop(f);
	globals_switch(cur, vri_iommu_lent());
}

/* Frames [f, f + n) are free in the pool and nothing else backs them. */
static bool frames_free(const struct vri_iommu_kernel *k, u32 f, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (k->frame[f + i] || vr_mem_backed(k->x->mem, frame_phys(f + i), PAGE_SIZE))
			return false;
	return true;
}

static void *env_alloc_pages(void *data, unsigned int order)
{
	struct vri_iommu_kernel *k = ((struct vr_iommu *)data)->k;
	u32 n = 1u << order, f, i, at;
	u8 *host;

	if (order > 8)
		return NULL;
	for (f = 0; f + n <= VR_IOMMU_KPOOL_PAGES; f += n)
		if (frames_free(k, f, n))
			break;
	if (f + n > VR_IOMMU_KPOOL_PAGES ||
	    vr_mem_add(k->x->mem, frame_phys(f), (u64)n * PAGE_SIZE))
		return NULL;
	/*
	 * The driver writes its tables in place, as the kernel writes through
	 * its direct map: the pages were added in one piece, so they are one
	 * host block.
	 */
	host = (u8 *)(uintptr_t)vr_mem_page(k->x->mem, frame_phys(f));
	for (i = 0; i < n; i++) {
		const u8 *page = vr_mem_page(k->x->mem, frame_phys(f + i));

		if (WARN_ON(page != host + (size_t)i * PAGE_SIZE)) {
			vr_mem_remove(k->x->mem, frame_phys(f), (u64)n * PAGE_SIZE);
			return NULL;
		}
		k->frame[f + i] = host + (size_t)i * PAGE_SIZE;
	}
	for (at = 0; at < k->nkpage && (uintptr_t)k->kpage[at].host < (uintptr_t)host; at++)
		;
	memmove(&k->kpage[at + 1], &k->kpage[at], (k->nkpage - at) * sizeof(k->kpage[0]));
	k->kpage[at] = (struct vri_kpage){ .host = host, .first = f, .npages = n };
	k->nkpage++;
	k->pages_live += n;
	return host;
}

static void env_free_pages(void *data, void *addr, unsigned int order)
{
	struct vri_iommu_kernel *k = ((struct vr_iommu *)data)->k;
	const struct vri_kpage *p;
	u32 at, i;

	p = kpage_of(k, addr);
	if (WARN_ON(!p || p->host != addr || p->npages != 1u << order))
		return;
	at = (u32)(p - k->kpage);
	for (i = 0; i < p->npages; i++)
		k->frame[p->first + i] = NULL;
	vr_mem_remove(k->x->mem, frame_phys(p->first), (u64)p->npages * PAGE_SIZE);
	k->pages_live -= p->npages;
	k->nkpage--;
	memmove(&k->kpage[at], &k->kpage[at + 1], (k->nkpage - at) * sizeof(k->kpage[0]));
}

bool vri_iommu_page_start(const void *addr)
{
	const struct vr_context *ctx = vr_context_current();
	const struct vri_kpage *p;

	if (ctx->env != &iommu_env_ops || !ctx->env_data)
		return true;
	p = kpage_of(((struct vr_iommu *)ctx->env_data)->k, addr);
	return !p || !(((uintptr_t)addr - (uintptr_t)p->host) % PAGE_SIZE);
}

unsigned int vr_iommu_kernel_pages(struct vr_iommu *x)
{
	return x && x->k ? x->k->pages_live : 0;
}

/* ---- the slab --------------------------------------------------------- */

void *vri_iommu_slab_alloc(enum vri_slab_kind kind, size_t size)
{
	struct vri_iommu_kernel *k = vri_iommu_k();
	struct vri_slab_obj *o;

	if (!k)
		return NULL;
	o = vr_calloc(1, sizeof(*o) + size);
	if (!o)
		return NULL;
	o->live = true;
	o->kind = kind;
	list_add_tail(&o->link, &k->slab_live);
	k->slab_count[kind]++;
	return o->data;
}

/*
 * A freed object stays where it is until the instance goes, as a slab
 * cache keeps its objects: a list node left pointing into it (the seed
 * era's aux list) stays readable for the checks and never reaches freed
 * memory.
 */
void vri_iommu_slab_free(void *obj)
{
	struct vri_iommu_kernel *k = vri_iommu_k();
	struct vri_slab_obj *o;

	if (!k || !obj)
		return;
	o = container_of((u64 *)obj, struct vri_slab_obj, data[0]);
	if (WARN_ON(!o->live))
		return;
	o->live = false;
	k->slab_count[o->kind]--;
	list_del(&o->link);
	list_add_tail(&o->link, &k->slab_freed);
}

/* ---- PCI functions ---------------------------------------------------- */

static struct vri_pci_fn *fn_at(const struct vri_iommu_kernel *k, unsigned int bus,
				unsigned int devfn)
{
	u32 i;

	for (i = 0; i < k->nfn; i++)
		if (k->fn[i]->bus.number == bus && k->fn[i]->pdev.devfn == devfn)
			return k->fn[i];
	return NULL;
}

struct vri_pci_fn *vri_iommu_fn_of(const struct vri_iommu_kernel *k, const struct device *dev)
{
	u32 i;

	for (i = 0; i < k->nfn; i++)
		if (&k->fn[i]->pdev.dev == dev)
			return k->fn[i];
	return NULL;
}

static int cfg_read(struct pci_bus *bus, unsigned int devfn, int where, int size, u32 *val)
{
	struct vri_pci_fn *fn = fn_at(((struct vr_iommu *)bus->sysdata)->k, bus->number, devfn);

	if (!fn) {
		*val = ~0u;
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	if (where < 0 || size < 0 ||
	    !vri_pci_cfg_read(&fn->cfg, (u32)where, (unsigned int)size, val))
		return PCIBIOS_BAD_REGISTER_NUMBER;
	return PCIBIOS_SUCCESSFUL;
}

static int cfg_write(struct pci_bus *bus, unsigned int devfn, int where, int size, u32 val)
{
	struct vri_pci_fn *fn = fn_at(((struct vr_iommu *)bus->sysdata)->k, bus->number, devfn);

	if (!fn)
		return PCIBIOS_DEVICE_NOT_FOUND;
	if (where < 0 || size < 0 ||
	    !vri_pci_cfg_write(&fn->cfg, (u32)where, (unsigned int)size, val))
		return PCIBIOS_BAD_REGISTER_NUMBER;
	return PCIBIOS_SUCCESSFUL;
}

struct bus_type *vr_iommu_pci_bus(struct vr_iommu *x)
{
	return x ? &x->k->pci_bus : NULL;
}

int vr_iommu_pci_add(struct vr_iommu *x, unsigned int unit, const struct vr_iommu_pci_config *pc,
		     struct device **out)
{
	struct vri_iommu_kernel *k;
	struct vr_context_frame f;
	struct vri_pci_fn *fn;
	struct dmar_drhd_unit *drhd;
	int ret = 0;

	if (!x || !pc || unit >= x->nr_units || pc->pasid_width > 20)
		return -EINVAL;
	k = x->k;
	if (fn_at(k, pc->bdf >> 8, pc->bdf & 0xff))
		return -EEXIST;
	if (k->nfn >= VR_IOMMU_MAX_PCI)
		return -ENOSPC;
	fn = vr_calloc(1, sizeof(*fn));
	if (!fn)
		return -ENOMEM;
	vri_pci_cfg_build(&fn->cfg, pc);
	snprintf(fn->name, sizeof(fn->name), "0000:%02x:%02x.%u", pc->bdf >> 8,
		 PCI_SLOT(pc->bdf & 0xff), PCI_FUNC(pc->bdf));
	fn->unit = unit;
	fn->bus.ops = &k->pci_ops;
	fn->bus.sysdata = x;
	fn->bus.number = (unsigned char)(pc->bdf >> 8);
	fn->pdev.bus = &fn->bus;
	fn->pdev.devfn = pc->bdf & 0xff;
	fn->pdev.vendor = pc->vendor;
	fn->pdev.device = pc->device;
	fn->pdev.cfg_size = PCI_CFG_SPACE_EXP_SIZE;
	fn->pdev.eetlp_prefix_path = pc->eetlp_prefix;
	fn->pdev.dev.bus = &k->pci_bus;
	fn->pdev.dev.init_name = fn->name;
	k->fn[k->nfn++] = fn;
	drhd = &k->drhd[unit];
	drhd->devices[drhd->devices_cnt++] = &fn->pdev.dev;
	vr_iommu_enter(x, &f);
	pci_ats_init(&fn->pdev);
	if (k->loaded && pc->probe)
		ret = iommu_probe_device(&fn->pdev.dev);
	vr_iommu_leave(&f);
	if (ret) {
		drhd->devices[--drhd->devices_cnt] = NULL;
		k->fn[--k->nfn] = NULL;
		vr_free(fn);
		return ret;
	}
	if (out)
		*out = &fn->pdev.dev;
	return 0;
}

/* ---- the instance's kernel ------------------------------------------- */

int vri_iommu_kernel_create(struct vr_iommu *x)
{
	struct vri_iommu_kernel *k = vr_calloc(1, sizeof(*k));
	unsigned int i;

	if (!k)
		return -ENOMEM;
	k->x = x;
	k->prof = x->prof;
	INIT_LIST_HEAD(&k->slab_live);
	INIT_LIST_HEAD(&k->slab_freed);
	INIT_LIST_HEAD(&k->dmar_drhd_units);
	INIT_LIST_HEAD(&k->device_domain_list);
	k->intel_iommu_sm = 1;
	k->intel_pasid_max_id = PASID_MAX;
	k->pci_bus.name = "pci";
	k->pci_ops.read = cfg_read;
	k->pci_ops.write = cfg_write;
	for (i = 0; i < x->nr_units; i++) {
		k->drhd[i].reg_base_addr = VR_IOMMU_MMIO_BASE + (u64)i * VR_IOMMU_REG_SPACE;
		k->drhd[i].devices = k->scope[i];
		list_add_tail(&k->drhd[i].list, &k->dmar_drhd_units);
	}
	x->k = k;
	return 0;
}

int vr_iommu_driver_init(struct vr_iommu *x)
{
	struct vr_context_frame f;
	int ret;

	if (!x)
		return -EINVAL;
	if (x->k->loaded)
		return -EBUSY;
	/* The tables and queues the driver builds are the CPU's stores. */
	for (unsigned int i = 0; i < x->nr_units; i++) {
		x->unit[i].cpu_order_lo = VR_IOMMU_KPOOL_BASE;
		x->unit[i].cpu_order_hi =
			VR_IOMMU_KPOOL_BASE + (u64)VR_IOMMU_KPOOL_PAGES * PAGE_SIZE;
	}
	vr_iommu_enter(x, &f);
	ret = intel_iommu_init();
	vr_iommu_leave(&f);
	return ret;
}

/* What the kernel would never give back: the driver's state, at teardown. */
void vri_iommu_kernel_destroy(struct vr_iommu *x)
{
	struct vri_iommu_kernel *k = x->k;
	struct vri_slab_obj *o, *n;
	int i;
	u32 j;

	if (!k)
		return;
	if (k->loaded) {
		struct vr_context_frame f;

		/* The devices go as on hot unplug: their groups and default domains with them. */
		vr_iommu_enter(x, &f);
		for (j = 0; j < k->nfn; j++)
			iommu_release_device(&k->fn[j]->pdev.dev);
		vr_iommu_leave(&f);
	}
	/* Records live on their domain's lists until their last user unlinks them. */
	list_for_each_entry(o, &k->slab_live, link) {
		if (o->kind == VRI_SLAB_DEVINFO) {
			struct device_domain_info *info = (void *)o->data;

			vr_free(info->pasid_table);
		}
	}
	list_splice_init(&k->slab_live, &k->slab_freed);
	list_for_each_entry(o, &k->slab_freed, link) {
		if (o->kind == VRI_SLAB_DOMAIN) {
			struct dmar_domain *d = (void *)o->data;
			struct subdev_domain_info *s, *t;
			struct dev_pasid_info *p, *q;

			list_for_each_entry_safe(s, t, &d->subdevices, link_domain)
				vr_free(s);
			list_for_each_entry_safe(p, q, &d->dev_pasids, link_domain)
				vr_free(p);
		}
	}
	list_for_each_entry_safe(o, n, &k->slab_freed, link)
		vr_free(o);
	for (i = 0; i < k->g_num_of_iommus; i++) {
		struct intel_iommu *iommu = k->g_iommus[i];

		if (iommu->qi)
			vr_free(iommu->qi);
		vr_free(iommu->domain_ids);
		vr_free(iommu);
	}
	for (i = 0; i < VRI_IOMMU_IDRS; i++)
		vr_idr_release(&k->idr[i].space);
	for (j = 0; j < k->nfn; j++)
		vr_free(k->fn[j]);
	vr_free(k);
	x->k = NULL;
}
