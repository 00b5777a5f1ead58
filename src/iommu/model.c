// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The iommu model's op table and its apply functions: each reads its
 * arguments, calls the instance's front doors, stores what it observed
 * and narrates ("unit 0: GCMD <- 0x40000000: ok, GSTS RTPS").
 *
 * The hardware-level ops come first, as one block; kernel-level ops
 * are appended after it.
 */
#include <errno.h>
#include <virtref/err.h>
#include <virtref/mem.h>
#include <virtref/model.h>
#include <virtref/text.h>
#include <virtref/iommu/iommu.h>
#include <virtref/iommu/mdev.h>
#include <virtref/iommu/vfio.h>
#include "iommu_host.h"

enum {
	CFG_PROFILE,
	CFG_UNITS,
	CFG_VER,
	CFG_CAP,
	CFG_ECAP,
	CFG_FAULT_CODES,
	CFG_CACHES,
	CFG_DRIVER,
	CFG_UNSAFE_INTERRUPTS,
	NR_CFG
};
static const struct vr_field iommu_config[] = {
	[CFG_PROFILE] = VR_ENUM_TABLE_OPT("profile", vri_iommu_profiles, VR_IOMMU_NR_PROFILES,
					  VR_IOMMU_PROFILE_MAINLINE,
					  "kernel generation (default: mainline)"),
	[CFG_UNITS] = VR_U64_OPT("units", 1, VR_IOMMU_MAX_UNITS, 1, "remapping units"),
	[CFG_VER] = VR_X64_OPT("ver", 0, 0xffffffffu, VRI_IOMMU_DEFAULT_VER, "VER register"),
	[CFG_CAP] = VR_X64_OPT("cap", 0, UINT64_MAX, VRI_IOMMU_DEFAULT_CAP,
			       "CAP register (default: 48-bit MGAW, 3/4-level SAGAW, ND 6, SLLPS "
			       "2M/1G, PSI, MAMV 18, 8 fault records at 0x220)"),
	[CFG_ECAP] = VR_X64_OPT("ecap", 0, UINT64_MAX, VRI_IOMMU_DEFAULT_ECAP,
				"ECAP register (default: QI, PT, SRS, 20-bit PASID, SMTS, SLTS)"),
	[CFG_FAULT_CODES] = VR_ENUM_TABLE_OPT("fault_codes", vri_iommu_fault_policies,
					      VR_IOMMU_NR_FAULT_CODES, VR_IOMMU_FAULT_CODES_SM,
					      "fault reasons: sm (the architecture's "
					      "scalable-mode table) or qemu (QEMU's intel-iommu)"),
	[CFG_CACHES] = VR_BOOL_OPT("caches", true,
				   "the units cache what they walk (false: every request walks)"),
	[CFG_DRIVER] = VR_BOOL_OPT("driver", false,
				   "the Intel driver is loaded on every unit (intel_iommu_init())"),
	[CFG_UNSAFE_INTERRUPTS] =
		VR_BOOL_OPT("allow_unsafe_interrupts", false,
			    "vfio_iommu_type1's module parameter: containers take "
			    "groups without interrupt remapping"),
};
VR_FIELDS_CHECK(iommu_config, NR_CFG);

static int iommu_create(const struct vr_value *config, void **model)
{
	struct vr_iommu_config cfg;
	struct vr_iommu *x;
	int ret;

	vr_iommu_config_default(&cfg);
	cfg.profile = (enum vr_iommu_profile)config[CFG_PROFILE].u;
	cfg.nr_units = (unsigned int)config[CFG_UNITS].u;
	cfg.ver = (u32)config[CFG_VER].u;
	cfg.cap = config[CFG_CAP].u;
	cfg.ecap = config[CFG_ECAP].u;
	cfg.fault_codes = (enum vr_iommu_fault_codes)config[CFG_FAULT_CODES].u;
	cfg.caches = config[CFG_CACHES].u != 0;
	cfg.allow_unsafe_interrupts = config[CFG_UNSAFE_INTERRUPTS].u != 0;
	ret = vr_iommu_create(&cfg, &x);
	if (ret)
		return ret;
	if (config[CFG_DRIVER].u) {
		ret = vr_iommu_driver_init(x);
		if (ret) {
			vr_iommu_destroy(x);
			return ret;
		}
	}
	*model = x;
	return 0;
}

static void iommu_destroy(void *model)
{
	vr_iommu_destroy(model);
}

static int iommu_invariants(void *model, struct vr_text *why)
{
	return vr_iommu_invariants(model, why);
}

#define UNIT_ARG VR_U64("unit", 0, VR_IOMMU_MAX_UNITS - 1, "remapping unit")
#define OFFSET_ARG VR_X64("offset", 0, VR_IOMMU_REG_SPACE - 1, "register offset")
#define SIZE_ARG VR_U64_OPT("size", 1, 8, 4, "access size in bytes: 4 or 8")

enum { REG_WRITE_UNIT, REG_WRITE_OFFSET, REG_WRITE_SIZE, REG_WRITE_VALUE, NR_REG_WRITE_ARGS };
static const struct vr_field reg_write_args[] = {
	[REG_WRITE_UNIT] = UNIT_ARG,
	[REG_WRITE_OFFSET] = OFFSET_ARG,
	[REG_WRITE_SIZE] = SIZE_ARG,
	[REG_WRITE_VALUE] = VR_X64("value", 0, UINT64_MAX, "the value written"),
};
VR_FIELDS_CHECK(reg_write_args, NR_REG_WRITE_ARGS);

enum { REG_WRITE_RET, REG_WRITE_GSTS, NR_REG_WRITE_RES };
static const struct vr_field reg_write_results[] = {
	[REG_WRITE_RET] = VR_ERRNO("ret", "0, -EINVAL for a bad access, -EOPNOTSUPP for a "
					  "register or command not modelled"),
	[REG_WRITE_GSTS] = VR_X64("gsts", 0, 0xffffffffu, "the unit's GSTS afterwards"),
};
VR_FIELDS_CHECK(reg_write_results, NR_REG_WRITE_RES);

static int unit_ok(struct vr_call *c, const struct vr_iommu *x, u64 unit)
{
	if (unit < x->nr_units)
		return 0;
	return vr_reject(c, -EINVAL, "unit %llu is not below units (%u)", (unsigned long long)unit,
			 x->nr_units);
}

static int op_reg_write(void *model, struct vr_call *c)
{
	struct vr_iommu *x = model;
	u64 unit = vr_arg_u64(c, REG_WRITE_UNIT);
	u32 offset = (u32)vr_arg_u64(c, REG_WRITE_OFFSET);
	u64 value = vr_arg_u64(c, REG_WRITE_VALUE);
	struct vr_text t = VR_TEXT_INIT;
	int ret = unit_ok(c, x, unit);

	if (ret)
		return ret;
	/*
	 * With the driver loaded its registers are the driver's: only it maps
	 * them (ioremap() in alloc_iommu()), and a second writer, retargeting
	 * the root table or the queue, is nothing a kernel has to survive.
	 */
	if (x->k->loaded)
		return vr_reject(c, -EBUSY,
				 "unit %llu belongs to the Intel driver (config driver: true)",
				 (unsigned long long)unit);
	ret = vr_iommu_reg_write(x, (unsigned int)unit, offset,
				 (unsigned int)vr_arg_u64(c, REG_WRITE_SIZE), value);
	vr_res_s64(c, REG_WRITE_RET, ret);
	vr_res_u64(c, REG_WRITE_GSTS, x->unit[unit].gsts);
	vri_iommu_gsts_describe(x->unit[unit].gsts, &t);
	if (!ret && offset == VR_IOMMU_REG_IQT) {
		vr_text_puts(&t, ", ");
		vri_iommu_qi_describe(&x->unit[unit], &t);
	}
	vr_explain(c, "unit %llu: [0x%03x] <- 0x%llx: %s, GSTS %s", (unsigned long long)unit,
		   offset, (unsigned long long)value, vr_errno_str(ret), vr_text_str(&t));
	vr_text_free(&t);
	return 0;
}

enum { REG_READ_UNIT, REG_READ_OFFSET, REG_READ_SIZE, NR_REG_READ_ARGS };
static const struct vr_field reg_read_args[] = {
	[REG_READ_UNIT] = UNIT_ARG,
	[REG_READ_OFFSET] = OFFSET_ARG,
	[REG_READ_SIZE] = SIZE_ARG,
};
VR_FIELDS_CHECK(reg_read_args, NR_REG_READ_ARGS);

enum { REG_READ_RET, REG_READ_VALUE, NR_REG_READ_RES };
static const struct vr_field reg_read_results[] = {
	[REG_READ_RET] = VR_ERRNO("ret", "0, -EINVAL for a bad access, -EOPNOTSUPP for a "
					 "register not modelled"),
	[REG_READ_VALUE] = VR_X64("value", 0, UINT64_MAX, "the value read, 0 on error"),
};
VR_FIELDS_CHECK(reg_read_results, NR_REG_READ_RES);

static int op_reg_read(void *model, struct vr_call *c)
{
	struct vr_iommu *x = model;
	u64 unit = vr_arg_u64(c, REG_READ_UNIT);
	u32 offset = (u32)vr_arg_u64(c, REG_READ_OFFSET);
	u64 value = 0;
	int ret = unit_ok(c, x, unit);

	if (ret)
		return ret;
	ret = vr_iommu_reg_read(x, (unsigned int)unit, offset,
				(unsigned int)vr_arg_u64(c, REG_READ_SIZE), &value);
	if (ret)
		value = 0;
	vr_res_s64(c, REG_READ_RET, ret);
	vr_res_u64(c, REG_READ_VALUE, value);
	vr_explain(c, "unit %llu: [0x%03x] -> 0x%llx: %s", (unsigned long long)unit, offset,
		   (unsigned long long)value, vr_errno_str(ret));
	return 0;
}

/* A request without PASID, in a trace: the PASID argument left out. */
#define NO_PASID 0x100000u

enum { DMA_UNIT, DMA_SID, DMA_ADDR, DMA_WRITE, DMA_PASID, DMA_PRIV, DMA_EXEC, NR_DMA_ARGS };
static const struct vr_field dma_args[] = {
	[DMA_UNIT] = UNIT_ARG,
	[DMA_SID] = VR_X64("sid", 0, 0xffff, "requester id: bus 15:8, devfn 7:0"),
	[DMA_ADDR] = VR_X64("addr", 0, UINT64_MAX, "input address"),
	[DMA_WRITE] = VR_BOOL_OPT("write", false, "a write, else a read"),
	[DMA_PASID] = VR_X64_OPT("pasid", 0, NO_PASID, NO_PASID,
				 "PASID of a request with PASID; 0x100000 or left out: none"),
	[DMA_PRIV] = VR_BOOL_OPT("priv", false, "supervisor request (with PASID)"),
	[DMA_EXEC] = VR_BOOL_OPT("exec", false, "execute request (with PASID)"),
};
VR_FIELDS_CHECK(dma_args, NR_DMA_ARGS);

static const char *const dma_status_names[] = { "ok", "fault", "aborted" };
_Static_assert(VR_ARRAY_SIZE(dma_status_names) == VR_IOMMU_NR_DMA_STATUS, "one name a status");

enum {
	DMA_RET,
	DMA_STATUS,
	DMA_FAULT,
	DMA_SUPPRESSED,
	DMA_PHYS,
	DMA_PAGE_SHIFT,
	DMA_DID,
	DMA_PASID_USED,
	DMA_PGTT,
	DMA_LEVEL,
	DMA_HITS,
	NR_DMA_RES
};
static const struct vr_field dma_results[] = {
	[DMA_RET] = VR_ERRNO("ret", "0, -EINVAL for a bad request, -EOPNOTSUPP for what "
				    "the model does not hold"),
	[DMA_STATUS] = VR_ENUM("status", dma_status_names, "ok, fault or aborted (TTM 11b)"),
	[DMA_FAULT] = VR_X64("fault", 0, 0xff, "the fault reason, 0 without a fault"),
	[DMA_SUPPRESSED] = VR_BOOL("suppressed", "a qualified fault FPD suppresses"),
	[DMA_PHYS] = VR_X64("phys", 0, UINT64_MAX, "the output address, 0 without"),
	[DMA_PAGE_SHIFT] = VR_U64("page_shift", 0, 30, "12, 21 or 30: the page translated"),
	[DMA_DID] = VR_X64("did", 0, 0xffff, "the PASID entry's domain id"),
	[DMA_PASID_USED] = VR_X64("pasid", 0, 0xfffff, "the request's PASID or RID_PASID"),
	[DMA_PGTT] = VR_U64("pgtt", 0, 7, "the PASID entry's translation type"),
	[DMA_LEVEL] = VR_U64("level", 0, 5, "second-level leaf or faulting level"),
	[DMA_HITS] = VR_X64("hits", 0, 7, "caches hit: 1 context, 2 PASID, 4 IOTLB"),
};
VR_FIELDS_CHECK(dma_results, NR_DMA_RES);

static int op_dma(void *model, struct vr_call *c)
{
	struct vr_iommu *x = model;
	u64 unit = vr_arg_u64(c, DMA_UNIT), pasid = vr_arg_u64(c, DMA_PASID);
	struct vr_iommu_dma_request rq = {
		.sid = (u16)vr_arg_u64(c, DMA_SID),
		.has_pasid = pasid != NO_PASID,
		.pasid = pasid != NO_PASID ? (u32)pasid : 0,
		.priv = vr_arg_bool(c, DMA_PRIV),
		.exec = vr_arg_bool(c, DMA_EXEC),
		.write = vr_arg_bool(c, DMA_WRITE),
		.addr = vr_arg_u64(c, DMA_ADDR),
	};
	struct vr_iommu_translation t;
	struct vr_text d = VR_TEXT_INIT;
	int ret = unit_ok(c, x, unit);

	if (ret)
		return ret;
	ret = vr_iommu_translate(x, (unsigned int)unit, &rq, &t);
	vr_res_s64(c, DMA_RET, ret);
	vr_res_u64(c, DMA_STATUS, t.status);
	vr_res_u64(c, DMA_FAULT, t.fault);
	vr_res_bool(c, DMA_SUPPRESSED, t.suppressed);
	vr_res_u64(c, DMA_PHYS, t.phys);
	vr_res_u64(c, DMA_PAGE_SHIFT, t.page_shift);
	vr_res_u64(c, DMA_DID, t.did);
	vr_res_u64(c, DMA_PASID_USED, t.pasid);
	vr_res_u64(c, DMA_PGTT, t.pgtt);
	vr_res_u64(c, DMA_LEVEL, t.level);
	vr_res_u64(c, DMA_HITS, t.hits);
	vri_iommu_request_describe(&rq, &d);
	vr_text_puts(&d, ": ");
	if (ret)
		vr_text_puts(&d, vr_errno_str(ret));
	else
		vri_iommu_translation_describe(&t, &d);
	vr_explain(c, "unit %llu: %s", (unsigned long long)unit, vr_text_str(&d));
	vr_text_free(&d);
	return 0;
}

enum { READ_FAULT_UNIT, READ_FAULT_INDEX, NR_READ_FAULT_ARGS };
static const struct vr_field read_fault_args[] = {
	[READ_FAULT_UNIT] = UNIT_ARG,
	[READ_FAULT_INDEX] = VR_U64("index", 0, 255, "fault recording register, below CAP.NFR + 1"),
};
VR_FIELDS_CHECK(read_fault_args, NR_READ_FAULT_ARGS);

enum {
	READ_FAULT_RET,
	READ_FAULT_F,
	READ_FAULT_SID,
	READ_FAULT_PP,
	READ_FAULT_PASID,
	READ_FAULT_REASON,
	READ_FAULT_READ,
	READ_FAULT_ADDR,
	NR_READ_FAULT_RES
};
static const struct vr_field read_fault_results[] = {
	[READ_FAULT_RET] = VR_ERRNO("ret", "0, -EINVAL for a register past CAP.NFR"),
	[READ_FAULT_F] = VR_BOOL("f", "F: the register holds a fault"),
	[READ_FAULT_SID] = VR_X64("sid", 0, 0xffff, "requester id"),
	[READ_FAULT_PP] = VR_BOOL("pp", "PP: the request had a PASID"),
	[READ_FAULT_PASID] = VR_X64("pasid", 0, 0xfffff, "PV: its PASID"),
	[READ_FAULT_REASON] = VR_X64("reason", 0, 0xff, "FR: the fault reason"),
	[READ_FAULT_READ] = VR_BOOL("read", "T: a read (Linux's reading), else a write"),
	[READ_FAULT_ADDR] = VR_X64("addr", 0, UINT64_MAX, "FI: the faulting page"),
};
VR_FIELDS_CHECK(read_fault_results, NR_READ_FAULT_RES);

/* Software reads one fault recording register, both halves, as Linux's dmar_fault() does. */
static int op_read_fault(void *model, struct vr_call *c)
{
	struct vr_iommu *x = model;
	u64 unit = vr_arg_u64(c, READ_FAULT_UNIT), index = vr_arg_u64(c, READ_FAULT_INDEX);
	u64 lo = 0, hi = 0, cap = 0;
	struct vr_text t = VR_TEXT_INIT;
	int ret = unit_ok(c, x, unit);

	if (ret)
		return ret;
	vr_iommu_reg_read(x, (unsigned int)unit, VR_IOMMU_REG_CAP, 8, &cap);
	ret = index < VR_IOMMU_CAP_NFR(cap) ? 0 : -EINVAL;
	if (!ret) {
		u32 at = VR_IOMMU_CAP_FRO(cap) + 16 * (u32)index;

		vr_iommu_reg_read(x, (unsigned int)unit, at, 8, &lo);
		vr_iommu_reg_read(x, (unsigned int)unit, at + 8, 8, &hi);
	}
	vr_res_s64(c, READ_FAULT_RET, ret);
	vr_res_bool(c, READ_FAULT_F, (hi & VR_IOMMU_FRCD_F) != 0);
	vr_res_u64(c, READ_FAULT_SID, VR_IOMMU_FRCD_SID(hi));
	vr_res_bool(c, READ_FAULT_PP, (hi & VR_IOMMU_FRCD_PP) != 0);
	vr_res_u64(c, READ_FAULT_PASID, VR_IOMMU_FRCD_PV(hi));
	vr_res_u64(c, READ_FAULT_REASON, VR_IOMMU_FRCD_FR(hi));
	vr_res_bool(c, READ_FAULT_READ, (hi & VR_IOMMU_FRCD_T) != 0);
	vr_res_u64(c, READ_FAULT_ADDR, lo & VR_IOMMU_FRCD_FI_MASK);
	if (ret)
		vr_text_puts(&t, vr_errno_str(ret));
	else if (hi & VR_IOMMU_FRCD_F)
		vr_iommu_frcd_text(lo, hi, &t);
	else
		vr_text_puts(&t, "no fault");
	vr_explain(c, "unit %llu: FRCD %llu: %s", (unsigned long long)unit,
		   (unsigned long long)index, vr_text_str(&t));
	vr_text_free(&t);
	return 0;
}

static const char *const cache_names[] = { "context", "pasid", "iotlb" };
_Static_assert(VR_ARRAY_SIZE(cache_names) == VR_IOMMU_NR_CACHES, "one name a cache");

enum { CACHE_UNIT, CACHE_CACHE, CACHE_INDEX, NR_CACHE_ARGS };
static const struct vr_field cache_args[] = {
	[CACHE_UNIT] = UNIT_ARG,
	[CACHE_CACHE] = VR_ENUM("cache", cache_names, "context, pasid or iotlb"),
	[CACHE_INDEX] = VR_U64("index", 0, VRI_IOMMU_IOTLB_SIZE - 1, "entry, oldest first"),
};
VR_FIELDS_CHECK(cache_args, NR_CACHE_ARGS);

enum {
	CACHE_RET,
	CACHE_COUNT,
	CACHE_SID,
	CACHE_DID,
	CACHE_PASID,
	CACHE_ADDR,
	CACHE_PAGE_SHIFT,
	CACHE_PHYS,
	CACHE_PERM,
	CACHE_FAULT,
	CACHE_STALE,
	NR_CACHE_RES
};
static const struct vr_field cache_results[] = {
	[CACHE_RET] = VR_ERRNO("ret", "0, -EINVAL for an index past the entries"),
	[CACHE_COUNT] = VR_U64("count", 0, VRI_IOMMU_IOTLB_SIZE, "entries the cache holds"),
	[CACHE_SID] = VR_X64("sid", 0, 0xffff, "the requester that filled it"),
	[CACHE_DID] = VR_X64("did", 0, 0xffff, "its domain id tag"),
	[CACHE_PASID] = VR_X64("pasid", 0, NO_PASID,
			       "its PASID tag, 0x100000 for an IOTLB entry tagged by DID only"),
	[CACHE_ADDR] = VR_X64("addr", 0, UINT64_MAX, "IOTLB: the input page"),
	[CACHE_PAGE_SHIFT] = VR_U64("page_shift", 0, 30, "IOTLB: 12, 21 or 30"),
	[CACHE_PHYS] = VR_X64("phys", 0, UINT64_MAX, "IOTLB: the output page"),
	[CACHE_PERM] = VR_X64("perm", 0, 3, "IOTLB: 1 R, 2 W"),
	[CACHE_FAULT] = VR_X64("fault", 0, 0xff, "a not-present result cached under CAP.CM"),
	[CACHE_STALE] = VR_BOOL("stale", "it differs from a walk of the tables now"),
};
VR_FIELDS_CHECK(cache_results, NR_CACHE_RES);

/* Looks at one cache entry, as a debugger of the hardware would. */
static int op_cache(void *model, struct vr_call *c)
{
	struct vr_iommu *x = model;
	u64 unit = vr_arg_u64(c, CACHE_UNIT);
	enum vr_iommu_cache cache = (enum vr_iommu_cache)vr_arg_u64(c, CACHE_CACHE);
	struct vr_iommu_cache_entry e = { 0 };
	struct vr_text t = VR_TEXT_INIT;
	int ret = unit_ok(c, x, unit);

	if (ret)
		return ret;
	ret = vr_iommu_cache_entry(x, (unsigned int)unit, cache,
				   (unsigned int)vr_arg_u64(c, CACHE_INDEX), &e);
	vr_res_s64(c, CACHE_RET, ret);
	vr_res_u64(c, CACHE_COUNT, vr_iommu_cache_count(x, (unsigned int)unit, cache));
	vr_res_u64(c, CACHE_SID, e.sid);
	vr_res_u64(c, CACHE_DID, e.did);
	vr_res_u64(c, CACHE_PASID, e.has_pasid ? e.pasid : NO_PASID);
	vr_res_u64(c, CACHE_ADDR, e.addr);
	vr_res_u64(c, CACHE_PAGE_SHIFT, e.page_shift);
	vr_res_u64(c, CACHE_PHYS, e.phys);
	vr_res_u64(c, CACHE_PERM, e.perm);
	vr_res_u64(c, CACHE_FAULT, e.fault);
	vr_res_bool(c, CACHE_STALE, e.stale);
	if (ret)
		vr_text_puts(&t, vr_errno_str(ret));
	else
		vri_iommu_cache_entry_describe(cache, &e, &t);
	vr_explain(c, "unit %llu: %s %llu: %s%s", (unsigned long long)unit, cache_names[cache],
		   (unsigned long long)vr_arg_u64(c, CACHE_INDEX), vr_text_str(&t),
		   e.stale ? " (stale)" : "");
	vr_text_free(&t);
	return 0;
}

/* ---- the iommu core over the Intel driver ------------------------------ */

#define DOMAIN_ARG VR_U64("domain", 0, VRI_IOMMU_MAX_DOMAINS - 1, "domain index")
#define DEVICE_ARG VR_U64("device", 0, VR_IOMMU_MAX_PCI - 1, "PCI function, in order added")

static int driver_ok(struct vr_call *c, const struct vr_iommu *x)
{
	if (x->k->loaded)
		return 0;
	return vr_reject(c, -EINVAL, "the driver is not loaded (config driver: true)");
}

static int device_of(struct vr_call *c, const struct vr_iommu *x, unsigned int arg,
		     struct device **dev)
{
	u64 i = vr_arg_u64(c, arg);

	if (i >= x->k->nfn)
		return vr_reject(c, -EINVAL, "device %llu is not below the %u added",
				 (unsigned long long)i, x->k->nfn);
	*dev = &x->k->fn[i]->pdev.dev;
	return 0;
}

static int domain_of(struct vr_call *c, const struct vr_iommu *x, unsigned int arg,
		     struct iommu_domain **d)
{
	u64 i = vr_arg_u64(c, arg);

	if (!x->k->dom[i])
		return vr_reject(c, -EINVAL, "domain %llu names no allocated domain",
				 (unsigned long long)i);
	*d = x->k->dom[i];
	return 0;
}

enum {
	PCI_ADD_UNIT,
	PCI_ADD_BDF,
	PCI_ADD_PASID,
	PCI_ADD_WIDTH,
	PCI_ADD_ATS,
	PCI_ADD_PRI,
	PCI_ADD_SIOV,
	PCI_ADD_PROBE,
	NR_PCI_ADD_ARGS
};
static const struct vr_field pci_add_args[] = {
	[PCI_ADD_UNIT] = UNIT_ARG,
	[PCI_ADD_BDF] = VR_X64("bdf", 0, 0xffff, "requester id: bus 15:8, devfn 7:0"),
	[PCI_ADD_PASID] = VR_BOOL_OPT("pasid", true, "a PASID capability"),
	[PCI_ADD_WIDTH] = VR_U64_OPT("width", 0, 20, 20, "its Max PASID Width"),
	[PCI_ADD_ATS] = VR_BOOL_OPT("ats", false, "an ATS capability"),
	[PCI_ADD_PRI] = VR_BOOL_OPT("pri", false, "a page request interface"),
	[PCI_ADD_SIOV] = VR_BOOL_OPT("siov", true, "the Scalable IOV DVSEC"),
	[PCI_ADD_PROBE] = VR_BOOL_OPT("probe", false,
				      "the iommu core probes it: a group with a default domain"),
};
VR_FIELDS_CHECK(pci_add_args, NR_PCI_ADD_ARGS);

enum { PCI_ADD_RET, PCI_ADD_INDEX, NR_PCI_ADD_RES };
static const struct vr_field pci_add_results[] = {
	[PCI_ADD_RET] = VR_ERRNO("ret", "0, -EEXIST for a requester id taken, -ENOSPC past "
					"32 functions, -ENOMEM"),
	[PCI_ADD_INDEX] = VR_U64("device", 0, VR_IOMMU_MAX_PCI, "its index for later steps"),
};
VR_FIELDS_CHECK(pci_add_results, NR_PCI_ADD_RES);

static int op_pci_add(void *model, struct vr_call *c)
{
	struct vr_iommu *x = model;
	struct vr_iommu_pci_config pc = {
		.bdf = (u16)vr_arg_u64(c, PCI_ADD_BDF),
		.vendor = 0x8086,
		.pasid = vr_arg_bool(c, PCI_ADD_PASID),
		.pasid_width = (u8)vr_arg_u64(c, PCI_ADD_WIDTH),
		.ats = vr_arg_bool(c, PCI_ADD_ATS),
		.pri = vr_arg_bool(c, PCI_ADD_PRI),
		.pri_max_requests = 32,
		.siov = vr_arg_bool(c, PCI_ADD_SIOV),
		.eetlp_prefix = true,
		.probe = vr_arg_bool(c, PCI_ADD_PROBE),
	};
	u64 unit = vr_arg_u64(c, PCI_ADD_UNIT);
	int ret = unit_ok(c, x, unit);

	if (ret)
		return ret;
	ret = vr_iommu_pci_add(x, (unsigned int)unit, &pc, NULL);
	vr_res_s64(c, PCI_ADD_RET, ret);
	vr_res_u64(c, PCI_ADD_INDEX, ret ? x->k->nfn : x->k->nfn - 1);
	vr_explain(c, "unit %llu: PCI function %02x:%02x.%u added: %s", (unsigned long long)unit,
		   pc.bdf >> 8, PCI_SLOT(pc.bdf & 0xff), PCI_FUNC(pc.bdf), vr_errno_str(ret));
	return 0;
}

static const char *const domain_type_names[] = { "unmanaged", "dma" };

enum { DOMAIN_ALLOC_TYPE, NR_DOMAIN_ALLOC_ARGS };
static const struct vr_field domain_alloc_args[] = {
	[DOMAIN_ALLOC_TYPE] = VR_ENUM("type", domain_type_names, "IOMMU_DOMAIN_UNMANAGED or _DMA"),
};
VR_FIELDS_CHECK(domain_alloc_args, NR_DOMAIN_ALLOC_ARGS);

enum { DOMAIN_ALLOC_RET, DOMAIN_ALLOC_INDEX, NR_DOMAIN_ALLOC_RES };
static const struct vr_field domain_alloc_results[] = {
	[DOMAIN_ALLOC_RET] = VR_ERRNO("ret", "0, or -ENOMEM when domain_alloc() gave NULL"),
	[DOMAIN_ALLOC_INDEX] = VR_U64("domain", 0, VRI_IOMMU_MAX_DOMAINS, "its index"),
};
VR_FIELDS_CHECK(domain_alloc_results, NR_DOMAIN_ALLOC_RES);

static int op_domain_alloc(void *model, struct vr_call *c)
{
	struct vr_iommu *x = model;
	struct vr_context_frame f;
	struct iommu_domain *d = NULL;
	unsigned int i;
	int ret = driver_ok(c, x);

	if (ret)
		return ret;
	for (i = 0; i < VRI_IOMMU_MAX_DOMAINS && x->k->dom[i]; i++)
		;
	if (i == VRI_IOMMU_MAX_DOMAINS)
		return vr_reject(c, -ENOSPC, "%u domains are allocated", VRI_IOMMU_MAX_DOMAINS);
	vr_iommu_enter(x, &f);
	if (!vr_arg_u64(c, DOMAIN_ALLOC_TYPE)) {
		d = iommu_domain_alloc(&x->k->pci_bus);
	} else {
		/* The core gives this type to default domains only: as it would. */
		d = x->k->pci_bus.iommu_ops->domain_alloc(IOMMU_DOMAIN_DMA);
		if (d) {
			d->ops = x->k->pci_bus.iommu_ops;
			d->pgsize_bitmap = d->ops->pgsize_bitmap;
		}
	}
	vr_iommu_leave(&f);
	x->k->dom[i] = d;
	vr_res_s64(c, DOMAIN_ALLOC_RET, d ? 0 : -ENOMEM);
	vr_res_u64(c, DOMAIN_ALLOC_INDEX, d ? i : VRI_IOMMU_MAX_DOMAINS);
	vr_explain(c, "domain_alloc(%s): %s", domain_type_names[vr_arg_u64(c, DOMAIN_ALLOC_TYPE)],
		   d ? "domain allocated" : "NULL");
	return 0;
}

enum { DOMAIN_FREE_DOMAIN, NR_DOMAIN_FREE_ARGS };
static const struct vr_field domain_free_args[] = {
	[DOMAIN_FREE_DOMAIN] = DOMAIN_ARG,
};
VR_FIELDS_CHECK(domain_free_args, NR_DOMAIN_FREE_ARGS);

enum { DOMAIN_FREE_PAGES, NR_DOMAIN_FREE_RES };
static const struct vr_field domain_free_results[] = {
	[DOMAIN_FREE_PAGES] = VR_U64("pages", 0, VR_IOMMU_KPOOL_PAGES, "table pages held after"),
};
VR_FIELDS_CHECK(domain_free_results, NR_DOMAIN_FREE_RES);

/* Attached to a device, at a PASID, or as an aux domain of either era. */
static bool domain_attached(const struct dmar_domain *d)
{
	return !list_empty(&d->devices) || !list_empty(&d->dev_pasids) || d->auxd_refcnt > 0 ||
	       !list_empty(&d->subdevices);
}

static int op_domain_free(void *model, struct vr_call *c)
{
	struct vr_iommu *x = model;
	struct vr_context_frame f;
	struct iommu_domain *d = NULL;
	int ret = domain_of(c, x, DOMAIN_FREE_DOMAIN, &d);

	if (ret)
		return ret;
	/*
	 * Callers detach before they free (vfio type1's detach, iommufd's
	 * HWPT with its last user, SVA unbind): freeing an attached domain
	 * took the device's PASID table from under a PASID attached
	 * elsewhere, or freed tables a PASID entry still points to.
	 */
	if (domain_attached(to_dmar_domain(d)))
		return vr_reject(c, -EBUSY, "domain %llu is still attached",
				 (unsigned long long)vr_arg_u64(c, DOMAIN_FREE_DOMAIN));
	vr_iommu_enter(x, &f);
	iommu_domain_free(d);
	vr_iommu_leave(&f);
	x->k->dom[vr_arg_u64(c, DOMAIN_FREE_DOMAIN)] = NULL;
	vr_res_u64(c, DOMAIN_FREE_PAGES, x->k->pages_live);
	vr_explain(c, "domain_free: %u table pages held", x->k->pages_live);
	return 0;
}

/* Attach, detach and their aux forms: one domain, one device. */
enum { ATTACH_DOMAIN, ATTACH_DEVICE, NR_ATTACH_ARGS };
static const struct vr_field attach_args[] = {
	[ATTACH_DOMAIN] = DOMAIN_ARG,
	[ATTACH_DEVICE] = DEVICE_ARG,
};
VR_FIELDS_CHECK(attach_args, NR_ATTACH_ARGS);

enum { ATTACH_RET, NR_ATTACH_RES };
static const struct vr_field attach_results[] = {
	[ATTACH_RET] = VR_ERRNO("ret", "0 or the driver's errno (-EPERM, -ENODEV, -EFAULT, "
				       "-EBUSY, -ENOSPC, -ENOMEM, -EINVAL); 0 for the void calls"),
};
VR_FIELDS_CHECK(attach_results, NR_ATTACH_RES);

enum { GET_PASID_RET, GET_PASID_PASID, NR_GET_PASID_RES };
static const struct vr_field get_pasid_results[] = {
	[GET_PASID_RET] = VR_ERRNO("ret", "0, or -EINVAL before the first aux attach"),
	[GET_PASID_PASID] = VR_X64("pasid", 0, 0xfffff, "the domain's default PASID, 0 without"),
};
VR_FIELDS_CHECK(get_pasid_results, NR_GET_PASID_RES);
_Static_assert((int)GET_PASID_RET == (int)ATTACH_RET, "ret first in both");

enum attach_kind { ATTACH, DETACH, AUX_ATTACH, AUX_DETACH, AUX_GET_PASID };

static int attach_call(void *model, struct vr_call *c, enum attach_kind kind)
{
	static const char *const names[] = { "iommu_attach_device", "iommu_detach_device",
					     "iommu_aux_attach_device", "iommu_aux_detach_device",
					     "iommu_aux_get_pasid" };
	struct vr_iommu *x = model;
	struct vr_context_frame f;
	struct iommu_domain *d = NULL;
	struct device *dev = NULL;
	int ret = domain_of(c, x, ATTACH_DOMAIN, &d);

	if (!ret)
		ret = device_of(c, x, ATTACH_DEVICE, &dev);
	if (ret)
		return ret;
	vr_iommu_enter(x, &f);
	switch (kind) {
	case ATTACH:
		ret = iommu_attach_device(d, dev);
		break;
	case DETACH:
		iommu_detach_device(d, dev);
		break;
	case AUX_ATTACH:
		ret = iommu_aux_attach_device(d, dev);
		break;
	case AUX_DETACH:
		iommu_aux_detach_device(d, dev);
		break;
	default:
		ret = iommu_aux_get_pasid(d, dev);
		break;
	}
	vr_iommu_leave(&f);
	vr_res_s64(c, ATTACH_RET, ret < 0 ? ret : 0);
	if (kind == AUX_GET_PASID)
		vr_res_u64(c, GET_PASID_PASID, ret > 0 ? (u64)ret : 0);
	if (ret > 0)
		vr_explain(c, "%s(domain %llu, %s): PASID %d", names[kind],
			   (unsigned long long)vr_arg_u64(c, ATTACH_DOMAIN), dev_name(dev), ret);
	else
		vr_explain(c, "%s(domain %llu, %s): %s", names[kind],
			   (unsigned long long)vr_arg_u64(c, ATTACH_DOMAIN), dev_name(dev),
			   vr_errno_str(ret));
	return 0;
}

static int op_attach(void *model, struct vr_call *c)
{
	return attach_call(model, c, ATTACH);
}

static int op_detach(void *model, struct vr_call *c)
{
	return attach_call(model, c, DETACH);
}

static int op_aux_attach(void *model, struct vr_call *c)
{
	return attach_call(model, c, AUX_ATTACH);
}

static int op_aux_detach(void *model, struct vr_call *c)
{
	return attach_call(model, c, AUX_DETACH);
}

static int op_aux_get_pasid(void *model, struct vr_call *c)
{
	return attach_call(model, c, AUX_GET_PASID);
}

enum { MAP_DOMAIN, MAP_IOVA, MAP_PADDR, MAP_SIZE, MAP_READ, MAP_WRITE, NR_MAP_ARGS };
static const struct vr_field map_args[] = {
	[MAP_DOMAIN] = DOMAIN_ARG,
	[MAP_IOVA] = VR_X64("iova", 0, UINT64_MAX, "first address, 4 KiB-aligned"),
	[MAP_PADDR] = VR_X64("paddr", 0, UINT64_MAX, "physical address, 4 KiB-aligned"),
	[MAP_SIZE] = VR_X64("size", 0x1000, 1ull << 40, "bytes, a multiple of 4 KiB"),
	[MAP_READ] = VR_BOOL_OPT("read", true, "IOMMU_READ"),
	[MAP_WRITE] = VR_BOOL_OPT("write", true, "IOMMU_WRITE"),
};
VR_FIELDS_CHECK(map_args, NR_MAP_ARGS);

enum { MAP_RET, NR_MAP_RES };
static const struct vr_field map_results[] = {
	[MAP_RET] = VR_ERRNO("ret", "0, -EFAULT beyond the domain's width, -ENOMEM, -EINVAL"),
};
VR_FIELDS_CHECK(map_results, NR_MAP_RES);

static int op_map(void *model, struct vr_call *c)
{
	struct vr_iommu *x = model;
	u64 iova = vr_arg_u64(c, MAP_IOVA), paddr = vr_arg_u64(c, MAP_PADDR);
	u64 size = vr_arg_u64(c, MAP_SIZE);
	int prot = (vr_arg_bool(c, MAP_READ) ? IOMMU_READ : 0) |
		   (vr_arg_bool(c, MAP_WRITE) ? IOMMU_WRITE : 0);
	struct vr_context_frame f;
	struct iommu_domain *d = NULL;
	int ret = domain_of(c, x, MAP_DOMAIN, &d);

	if (ret)
		return ret;
	/* What iommu_map() refuses before the driver sees it. */
	if ((iova | paddr | size) & 0xfff)
		return vr_reject(c, -EINVAL, "iova, paddr and size must be 4 KiB-aligned");
	vr_iommu_enter(x, &f);
	ret = iommu_map(d, iova, paddr, size, prot);
	vr_iommu_leave(&f);
	vr_res_s64(c, MAP_RET, ret);
	vr_explain(c, "map(0x%llx -> 0x%llx, 0x%llx bytes): %s", (unsigned long long)iova,
		   (unsigned long long)paddr, (unsigned long long)size, vr_errno_str(ret));
	return 0;
}

enum { UNMAP_DOMAIN, UNMAP_IOVA, UNMAP_SIZE, NR_UNMAP_ARGS };
static const struct vr_field unmap_args[] = {
	[UNMAP_DOMAIN] = DOMAIN_ARG,
	[UNMAP_IOVA] = VR_X64("iova", 0, UINT64_MAX, "first address, 4 KiB-aligned"),
	[UNMAP_SIZE] = VR_X64("size", 0x1000, 1ull << 40, "bytes, a multiple of 4 KiB"),
};
VR_FIELDS_CHECK(unmap_args, NR_UNMAP_ARGS);

enum { UNMAP_UNMAPPED, NR_UNMAP_RES };
static const struct vr_field unmap_results[] = {
	[UNMAP_UNMAPPED] =
		VR_X64("unmapped", 0, UINT64_MAX, "bytes unmapped: rounded up to the entry found"),
};
VR_FIELDS_CHECK(unmap_results, NR_UNMAP_RES);

static int op_unmap(void *model, struct vr_call *c)
{
	struct vr_iommu *x = model;
	u64 iova = vr_arg_u64(c, UNMAP_IOVA), size = vr_arg_u64(c, UNMAP_SIZE);
	struct vr_context_frame f;
	struct iommu_domain *d = NULL;
	size_t done;
	int ret = domain_of(c, x, UNMAP_DOMAIN, &d);

	if (ret)
		return ret;
	if ((iova | size) & 0xfff)
		return vr_reject(c, -EINVAL, "iova and size must be 4 KiB-aligned");
	vr_iommu_enter(x, &f);
	done = iommu_unmap(d, iova, size);
	vr_iommu_leave(&f);
	vr_res_u64(c, UNMAP_UNMAPPED, done);
	vr_explain(c, "unmap(0x%llx, 0x%llx bytes): 0x%llx bytes unmapped",
		   (unsigned long long)iova, (unsigned long long)size, (unsigned long long)done);
	return 0;
}

enum { FEATURE_DEVICE, FEATURE_ENABLE, NR_FEATURE_ARGS };
static const struct vr_field feature_args[] = {
	[FEATURE_DEVICE] = DEVICE_ARG,
	[FEATURE_ENABLE] = VR_BOOL_OPT("enable", true, "enable AUX, else disable it"),
};
VR_FIELDS_CHECK(feature_args, NR_FEATURE_ARGS);

enum { FEATURE_RET, NR_FEATURE_RES };
static const struct vr_field feature_results[] = {
	[FEATURE_RET] = VR_ERRNO("ret", "0, -ENODEV without a domain, -EINVAL without scalable "
					"mode and PASIDs"),
};
VR_FIELDS_CHECK(feature_results, NR_FEATURE_RES);

static int op_aux_feature(void *model, struct vr_call *c)
{
	struct vr_iommu *x = model;
	bool enable = vr_arg_bool(c, FEATURE_ENABLE);
	struct vr_context_frame f;
	struct device *dev = NULL;
	int ret = device_of(c, x, FEATURE_DEVICE, &dev);

	if (ret)
		return ret;
	vr_iommu_enter(x, &f);
	ret = enable ? iommu_dev_enable_feature(dev, IOMMU_DEV_FEAT_AUX)
		     : iommu_dev_disable_feature(dev, IOMMU_DEV_FEAT_AUX);
	vr_iommu_leave(&f);
	vr_res_s64(c, FEATURE_RET, ret);
	vr_explain(c, "%s AUX on %s: %s", enable ? "enable" : "disable", dev_name(dev),
		   vr_errno_str(ret));
	return 0;
}

enum { DEV_PASID_DOMAIN, DEV_PASID_DEVICE, DEV_PASID_PASID, NR_DEV_PASID_ARGS };
static const struct vr_field dev_pasid_args[] = {
	[DEV_PASID_DOMAIN] = DOMAIN_ARG,
	[DEV_PASID_DEVICE] = DEVICE_ARG,
	[DEV_PASID_PASID] = VR_X64("pasid", 1, 0xfffff, "the PASID, chosen by the caller"),
};
VR_FIELDS_CHECK(dev_pasid_args, NR_DEV_PASID_ARGS);

static int dev_pasid_call(void *model, struct vr_call *c, bool set)
{
	struct vr_iommu *x = model;
	u32 pasid = (u32)vr_arg_u64(c, DEV_PASID_PASID);
	struct vr_context_frame f;
	struct iommu_domain *d = NULL;
	struct device *dev = NULL;
	bool attached;
	int ret = domain_of(c, x, DEV_PASID_DOMAIN, &d);

	if (!ret)
		ret = device_of(c, x, DEV_PASID_DEVICE, &dev);
	if (ret)
		return ret;
	vr_iommu_enter(x, &f);
	/*
	 * A detach's caller guarantees the domain is attached there (the
	 * contract of iommu_detach_device_pasid(); iommufd and SVA detach
	 * only what they attached): the kernel would WARN, the op refuses.
	 */
	attached = set || iommu_get_domain_for_dev_pasid(dev, pasid, 0) == d;
	if (set)
		ret = iommu_attach_device_pasid(d, dev, pasid);
	else if (attached)
		iommu_detach_device_pasid(d, dev, pasid);
	vr_iommu_leave(&f);
	if (!attached)
		return vr_reject(c, -ENOENT, "domain %llu is not attached at PASID 0x%x of %s",
				 (unsigned long long)vr_arg_u64(c, DEV_PASID_DOMAIN), pasid,
				 dev_name(dev));
	vr_res_s64(c, ATTACH_RET, ret);
	vr_explain(c, "%s(%s, PASID 0x%x): %s",
		   set ? "iommu_attach_device_pasid" : "iommu_detach_device_pasid", dev_name(dev),
		   pasid, vr_errno_str(ret));
	return 0;
}

static int op_set_dev_pasid(void *model, struct vr_call *c)
{
	return dev_pasid_call(model, c, true);
}

static int op_remove_dev_pasid(void *model, struct vr_call *c)
{
	return dev_pasid_call(model, c, false);
}

/* ---- user space around the kernel: mdevs, vfio type1, the core's PASID attach ---- */

#define NO_MDEV VRI_IOMMU_MDEVS

/* Lends the instance to kernel code for one call. */
#define LENT(x, f, stmt)                                                                           \
	do {                                                                                       \
		vr_iommu_enter((x), &(f));                                                         \
		stmt;                                                                              \
		vr_iommu_leave(&(f));                                                              \
	} while (0)

enum { MDEV_CREATE_DEVICE, MDEV_CREATE_ID, MDEV_CREATE_IOMMU_DEVICE, NR_MDEV_CREATE_ARGS };
static const struct vr_field mdev_create_args[] = {
	[MDEV_CREATE_DEVICE] = DEVICE_ARG,
	[MDEV_CREATE_ID] = VR_U64("id", 0, 255, "the first byte of its UUID, the rest 0"),
	[MDEV_CREATE_IOMMU_DEVICE] = VR_BOOL_OPT("iommu_device", true,
						 "the vendor driver names the parent as IOMMU "
						 "device (mdev_set_iommu_device())"),
};
VR_FIELDS_CHECK(mdev_create_args, NR_MDEV_CREATE_ARGS);

enum { MDEV_CREATE_RET, MDEV_CREATE_MDEV, NR_MDEV_CREATE_RES };
static const struct vr_field mdev_create_results[] = {
	[MDEV_CREATE_RET] = VR_ERRNO("ret", "0, -EEXIST (that UUID on the parent), -ENOSPC, "
					    "-ENOMEM"),
	[MDEV_CREATE_MDEV] = VR_U64("mdev", 0, NO_MDEV, "the new mdev's index"),
};
VR_FIELDS_CHECK(mdev_create_results, NR_MDEV_CREATE_RES);

static int op_mdev_create(void *model, struct vr_call *c)
{
	bool set = vr_arg_bool(c, MDEV_CREATE_IOMMU_DEVICE);
	unsigned int index = NO_MDEV;
	struct vr_iommu *x = model;
	struct vr_context_frame f;
	struct device *dev = NULL;
	int ret = device_of(c, x, MDEV_CREATE_DEVICE, &dev);

	if (ret)
		return ret;
	LENT(x, f,
	     ret = vri_iommu_mdev_create(x, dev, (u8)vr_arg_u64(c, MDEV_CREATE_ID), set, &index));
	vr_res_s64(c, MDEV_CREATE_RET, ret);
	vr_res_u64(c, MDEV_CREATE_MDEV, index);
	if (ret)
		vr_explain(c, "mdev on %s: %s", dev_name(dev), vr_errno_str(ret));
	else
		vr_explain(c, "mdev %u on %s in a group of its own, IOMMU device %s", index,
			   dev_name(dev), set ? dev_name(dev) : "none");
	return 0;
}

/* The mdev an op names, or a rejection. */
static int mdev_arg(struct vr_call *c, struct vr_iommu *x, u64 index, struct mdev_device **m)
{
	*m = vri_iommu_mdev(x, (unsigned int)index);
	if (!*m)
		return vr_reject(c, -EINVAL, "no mdev %llu", (unsigned long long)index);
	return 0;
}

enum { SET_IOMMU_MDEV, SET_IOMMU_PARENT, NR_SET_IOMMU_ARGS };
static const struct vr_field set_iommu_args[] = {
	[SET_IOMMU_MDEV] = VR_U64("mdev", 0, NO_MDEV - 1, "the mdev"),
	[SET_IOMMU_PARENT] = VR_BOOL_OPT("parent", true, "its parent; false: NULL"),
};
VR_FIELDS_CHECK(set_iommu_args, NR_SET_IOMMU_ARGS);

enum { SET_IOMMU_RET, NR_SET_IOMMU_RES };
static const struct vr_field set_iommu_results[] = {
	[SET_IOMMU_RET] = VR_ERRNO("ret", "0"),
};
VR_FIELDS_CHECK(set_iommu_results, NR_SET_IOMMU_RES);

static int op_mdev_set_iommu_device(void *model, struct vr_call *c)
{
	bool parent = vr_arg_bool(c, SET_IOMMU_PARENT);
	struct vr_iommu *x = model;
	struct vr_context_frame f;
	struct mdev_device *m;
	int ret = mdev_arg(c, x, vr_arg_u64(c, SET_IOMMU_MDEV), &m);

	if (ret)
		return ret;
	LENT(x, f, ret = mdev_set_iommu_device(mdev_dev(m), parent ? m->dev.parent : NULL));
	vr_res_s64(c, SET_IOMMU_RET, ret);
	vr_explain(c, "mdev %llu: IOMMU device %s: %s",
		   (unsigned long long)vr_arg_u64(c, SET_IOMMU_MDEV),
		   parent ? dev_name(m->dev.parent) : "none", vr_errno_str(ret));
	return 0;
}

enum { VFIO_GROUP_CONTAINER, VFIO_GROUP_DEVICE, VFIO_GROUP_MDEV, NR_VFIO_GROUP_ARGS };
static const struct vr_field vfio_group_args[] = {
	[VFIO_GROUP_CONTAINER] = VR_U64_OPT("container", 0, VRI_IOMMU_CONTAINERS - 1, 0,
					    "the container (opened on first use, type1v2)"),
	[VFIO_GROUP_DEVICE] = VR_U64_OPT("device", 0, VR_IOMMU_MAX_PCI - 1, 0,
					 "the PCI function whose group it is, in order added"),
	[VFIO_GROUP_MDEV] = VR_U64_OPT("mdev", 0, NO_MDEV, NO_MDEV,
				       "the mdev whose group it is (instead of device)"),
};
VR_FIELDS_CHECK(vfio_group_args, NR_VFIO_GROUP_ARGS);

enum { VFIO_GROUP_RET, NR_VFIO_GROUP_RES };
static const struct vr_field vfio_group_results[] = {
	[VFIO_GROUP_RET] = VR_ERRNO("ret", "vfio_iommu_type1_attach_group()'s: 0, -EINVAL, -EIO, "
					   "-EPERM, -EBUSY, ...; 0 for a detach"),
};
VR_FIELDS_CHECK(vfio_group_results, NR_VFIO_GROUP_RES);

static int vfio_group_op(struct vr_iommu *x, struct vr_call *c, bool attach)
{
	u64 container = vr_arg_u64(c, VFIO_GROUP_CONTAINER), mi = vr_arg_u64(c, VFIO_GROUP_MDEV);
	struct vr_context_frame f;
	struct mdev_device *m = NULL;
	struct device *dev = NULL;
	int ret;

	ret = mi != NO_MDEV ? mdev_arg(c, x, mi, &m) : device_of(c, x, VFIO_GROUP_DEVICE, &dev);
	if (ret)
		return ret;
	if (m)
		dev = mdev_dev(m);
	LENT(x, f, ret = vri_iommu_container_attach(x, (unsigned int)container, dev, attach));
	vr_res_s64(c, VFIO_GROUP_RET, ret);
	if (m)
		vr_explain(c, "container %llu: %s the group of mdev %llu: %s",
			   (unsigned long long)container, attach ? "attach" : "detach",
			   (unsigned long long)mi, vr_errno_str(ret));
	else
		vr_explain(c, "container %llu: %s the group of %s: %s",
			   (unsigned long long)container, attach ? "attach" : "detach",
			   dev_name(dev), vr_errno_str(ret));
	return 0;
}

static int op_vfio_attach(void *model, struct vr_call *c)
{
	return vfio_group_op(model, c, true);
}

static int op_vfio_detach(void *model, struct vr_call *c)
{
	return vfio_group_op(model, c, false);
}

enum {
	VFIO_MAP_CONTAINER,
	VFIO_MAP_IOVA,
	VFIO_MAP_VADDR,
	VFIO_MAP_SIZE,
	VFIO_MAP_READ,
	VFIO_MAP_WRITE,
	NR_VFIO_MAP_ARGS
};
static const struct vr_field vfio_map_args[] = {
	[VFIO_MAP_CONTAINER] =
		VR_U64_OPT("container", 0, VRI_IOMMU_CONTAINERS - 1, 0, "the container"),
	[VFIO_MAP_IOVA] = VR_X64("iova", 0, UINT64_MAX, "the device's address"),
	[VFIO_MAP_VADDR] =
		VR_X64("vaddr", 0, UINT64_MAX,
		       "the process's address: the same physical address of memory phys"),
	[VFIO_MAP_SIZE] = VR_X64("size", 0, UINT64_MAX, "bytes"),
	[VFIO_MAP_READ] = VR_BOOL_OPT("read", true, "the device may read"),
	[VFIO_MAP_WRITE] = VR_BOOL_OPT("write", true, "the device may write"),
};
VR_FIELDS_CHECK(vfio_map_args, NR_VFIO_MAP_ARGS);

enum { VFIO_MAP_RET, NR_VFIO_MAP_RES };
static const struct vr_field vfio_map_results[] = {
	[VFIO_MAP_RET] = VR_ERRNO("ret", "VFIO_IOMMU_MAP_DMA's: 0, -EINVAL, -EEXIST, -EFAULT (an "
					 "unbacked page), -ENODEV (no such container), ..."),
};
VR_FIELDS_CHECK(vfio_map_results, NR_VFIO_MAP_RES);

static int op_vfio_map(void *model, struct vr_call *c)
{
	u64 container = vr_arg_u64(c, VFIO_MAP_CONTAINER), iova = vr_arg_u64(c, VFIO_MAP_IOVA);
	u64 vaddr = vr_arg_u64(c, VFIO_MAP_VADDR), size = vr_arg_u64(c, VFIO_MAP_SIZE);
	u32 flags = (vr_arg_bool(c, VFIO_MAP_READ) ? VFIO_DMA_MAP_FLAG_READ : 0) |
		    (vr_arg_bool(c, VFIO_MAP_WRITE) ? VFIO_DMA_MAP_FLAG_WRITE : 0);
	struct vr_iommu *x = model;
	struct vr_context_frame f;
	long ret;

	LENT(x, f,
	     ret = vri_iommu_container_map(x, (unsigned int)container, iova, vaddr, size, flags));
	vr_res_s64(c, VFIO_MAP_RET, ret);
	vr_explain(c, "container %llu: map iova 0x%llx size 0x%llx -> 0x%llx: %s",
		   (unsigned long long)container, (unsigned long long)iova,
		   (unsigned long long)size, (unsigned long long)vaddr, vr_errno_str((int)ret));
	return 0;
}

enum { VFIO_UNMAP_CONTAINER, VFIO_UNMAP_IOVA, VFIO_UNMAP_SIZE, NR_VFIO_UNMAP_ARGS };
static const struct vr_field vfio_unmap_args[] = {
	[VFIO_UNMAP_CONTAINER] =
		VR_U64_OPT("container", 0, VRI_IOMMU_CONTAINERS - 1, 0, "the container"),
	[VFIO_UNMAP_IOVA] = VR_X64("iova", 0, UINT64_MAX, "the device's address"),
	[VFIO_UNMAP_SIZE] = VR_X64("size", 0, UINT64_MAX, "bytes"),
};
VR_FIELDS_CHECK(vfio_unmap_args, NR_VFIO_UNMAP_ARGS);

enum { VFIO_UNMAP_RET, VFIO_UNMAP_UNMAPPED, NR_VFIO_UNMAP_RES };
static const struct vr_field vfio_unmap_results[] = {
	[VFIO_UNMAP_RET] = VR_ERRNO("ret", "VFIO_IOMMU_UNMAP_DMA's: 0, -EINVAL, -ENODEV"),
	[VFIO_UNMAP_UNMAPPED] = VR_X64("size", 0, UINT64_MAX, "bytes unmapped"),
};
VR_FIELDS_CHECK(vfio_unmap_results, NR_VFIO_UNMAP_RES);

static int op_vfio_unmap(void *model, struct vr_call *c)
{
	u64 container = vr_arg_u64(c, VFIO_UNMAP_CONTAINER), iova = vr_arg_u64(c, VFIO_UNMAP_IOVA);
	u64 size = vr_arg_u64(c, VFIO_UNMAP_SIZE), unmapped = 0;
	struct vr_iommu *x = model;
	struct vr_context_frame f;
	long ret;

	LENT(x, f,
	     ret = vri_iommu_container_unmap(x, (unsigned int)container, iova, size, &unmapped));
	vr_res_s64(c, VFIO_UNMAP_RET, ret);
	vr_res_u64(c, VFIO_UNMAP_UNMAPPED, unmapped);
	vr_explain(c, "container %llu: unmap iova 0x%llx size 0x%llx: %s, 0x%llx unmapped",
		   (unsigned long long)container, (unsigned long long)iova,
		   (unsigned long long)size, vr_errno_str((int)ret), (unsigned long long)unmapped);
	return 0;
}

enum { PASID_DOMAIN, PASID_DEVICE, PASID_PASID, NR_PASID_ARGS };
static const struct vr_field pasid_args[] = {
	[PASID_DOMAIN] = VR_U64_OPT("domain", 0, VRI_IOMMU_PASID_DOMAINS - 1, 0,
				    "a domain of iommu_domain_alloc() on the PCI bus, allocated "
				    "on first use (apart from domain_alloc's)"),
	[PASID_DEVICE] = DEVICE_ARG,
	[PASID_PASID] = VR_X64("pasid", 0, 0xfffff, "the PASID"),
};
VR_FIELDS_CHECK(pasid_args, NR_PASID_ARGS);

enum { PASID_RET, NR_PASID_RES };
static const struct vr_field pasid_results[] = {
	[PASID_RET] = VR_ERRNO("ret", "iommu_attach_device_pasid()'s: 0, -EOPNOTSUPP, -ENODEV, "
				      "-EINVAL, -EBUSY, -ENOMEM; 0 or -ENOENT (not attached) for "
				      "a detach"),
};
VR_FIELDS_CHECK(pasid_results, NR_PASID_RES);

static int pasid_op(struct vr_iommu *x, struct vr_call *c, bool attach)
{
	u64 d = vr_arg_u64(c, PASID_DOMAIN), pasid = vr_arg_u64(c, PASID_PASID);
	struct vr_context_frame f;
	struct device *dev = NULL;
	int ret = device_of(c, x, PASID_DEVICE, &dev);

	if (ret)
		return ret;
	LENT(x, f, ret = vri_iommu_pasid_attach(x, (unsigned int)d, dev, (u32)pasid, attach));
	vr_res_s64(c, PASID_RET, ret);
	vr_explain(c, "domain %llu %s %s PASID 0x%llx: %s", (unsigned long long)d,
		   attach ? "attached to" : "detached from", dev_name(dev),
		   (unsigned long long)pasid, vr_errno_str(ret));
	return 0;
}

static int op_pasid_attach(void *model, struct vr_call *c)
{
	return pasid_op(model, c, true);
}

static int op_pasid_detach(void *model, struct vr_call *c)
{
	return pasid_op(model, c, false);
}

enum {
	OP_REG_WRITE,
	OP_REG_READ,
	OP_DMA,
	OP_READ_FAULT,
	OP_CACHE,
	OP_PCI_ADD,
	OP_DOMAIN_ALLOC,
	OP_DOMAIN_FREE,
	OP_ATTACH,
	OP_DETACH,
	OP_MAP,
	OP_UNMAP,
	OP_AUX_FEATURE,
	OP_AUX_ATTACH,
	OP_AUX_DETACH,
	OP_AUX_GET_PASID,
	OP_SET_DEV_PASID,
	OP_REMOVE_DEV_PASID,
	OP_MDEV_CREATE,
	OP_MDEV_SET_IOMMU_DEVICE,
	OP_VFIO_ATTACH,
	OP_VFIO_DETACH,
	OP_VFIO_MAP,
	OP_VFIO_UNMAP,
	OP_PASID_ATTACH,
	OP_PASID_DETACH,
	NR_OPS
};
static const struct vr_op iommu_ops[] = {
	/* hardware level */
	[OP_REG_WRITE] = VR_OP("reg_write", reg_write_args, reg_write_results, op_reg_write,
			       "software writes a remapping unit's register (not the driver's)"),
	[OP_REG_READ] = VR_OP("reg_read", reg_read_args, reg_read_results, op_reg_read,
			      "software reads a remapping unit's register"),
	[OP_DMA] = VR_OP("dma", dma_args, dma_results, op_dma,
			 "a device's untranslated DMA request reaches a unit"),
	[OP_READ_FAULT] = VR_OP("read_fault", read_fault_args, read_fault_results, op_read_fault,
				"software reads a fault recording register"),
	[OP_CACHE] = VR_OP("cache", cache_args, cache_results, op_cache,
			   "one entry of a unit's context cache, PASID cache or IOTLB"),
	[OP_PCI_ADD] = VR_OP("pci_add", pci_add_args, pci_add_results, op_pci_add,
			     "a PCI function appears behind a unit"),
	[OP_DOMAIN_ALLOC] =
		VR_OP("domain_alloc", domain_alloc_args, domain_alloc_results, op_domain_alloc,
		      "iommu_domain_alloc() (dma: the driver's, as for a default domain)"),
	[OP_DOMAIN_FREE] = VR_OP("domain_free", domain_free_args, domain_free_results,
				 op_domain_free, "iommu_domain_free()"),
	[OP_ATTACH] =
		VR_OP("attach", attach_args, attach_results, op_attach, "iommu_attach_device()"),
	[OP_DETACH] =
		VR_OP("detach", attach_args, attach_results, op_detach, "iommu_detach_device()"),
	[OP_MAP] = VR_OP("map", map_args, map_results, op_map, "iommu_map()"),
	[OP_UNMAP] = VR_OP("unmap", unmap_args, unmap_results, op_unmap, "iommu_unmap()"),
	[OP_AUX_FEATURE] =
		VR_OP("aux_feature", feature_args, feature_results, op_aux_feature,
		      "iommu_dev_enable_feature() or _disable_feature() of IOMMU_DEV_FEAT_AUX"),
	[OP_AUX_ATTACH] = VR_OP("aux_attach", attach_args, attach_results, op_aux_attach,
				"iommu_aux_attach_device()"),
	[OP_AUX_DETACH] = VR_OP("aux_detach", attach_args, attach_results, op_aux_detach,
				"the Intel driver's aux_detach_dev() (seed era)"),
	[OP_AUX_GET_PASID] =
		VR_OP("aux_get_pasid", attach_args, get_pasid_results, op_aux_get_pasid,
		      "the Intel driver's aux_get_pasid() (seed era)"),
	[OP_SET_DEV_PASID] =
		VR_OP("set_dev_pasid", dev_pasid_args, attach_results, op_set_dev_pasid,
		      "the Intel driver's set_dev_pasid() (mainline)"),
	[OP_REMOVE_DEV_PASID] =
		VR_OP("remove_dev_pasid", dev_pasid_args, attach_results, op_remove_dev_pasid,
		      "the Intel driver's remove_dev_pasid() (mainline)"),
	[OP_MDEV_CREATE] = VR_OP("mdev_create", mdev_create_args, mdev_create_results,
				 op_mdev_create, "a vendor driver creates an mdev on a function"),
	[OP_MDEV_SET_IOMMU_DEVICE] =
		VR_OP("mdev_set_iommu_device", set_iommu_args, set_iommu_results,
		      op_mdev_set_iommu_device, "mdev_set_iommu_device(): the parent or NULL"),
	[OP_VFIO_ATTACH] = VR_OP("vfio_attach", vfio_group_args, vfio_group_results, op_vfio_attach,
				 "vfio_iommu_type1_attach_group()"),
	[OP_VFIO_DETACH] = VR_OP("vfio_detach", vfio_group_args, vfio_group_results, op_vfio_detach,
				 "vfio_iommu_type1_detach_group()"),
	[OP_VFIO_MAP] = VR_OP("vfio_map", vfio_map_args, vfio_map_results, op_vfio_map,
			      "VFIO_IOMMU_MAP_DMA"),
	[OP_VFIO_UNMAP] = VR_OP("vfio_unmap", vfio_unmap_args, vfio_unmap_results, op_vfio_unmap,
				"VFIO_IOMMU_UNMAP_DMA"),
	[OP_PASID_ATTACH] = VR_OP("pasid_attach", pasid_args, pasid_results, op_pasid_attach,
				  "iommu_attach_device_pasid()"),
	[OP_PASID_DETACH] = VR_OP("pasid_detach", pasid_args, pasid_results, op_pasid_detach,
				  "iommu_detach_device_pasid()"),
};
VR_FIELDS_CHECK(iommu_ops, NR_OPS);

static const struct vr_check iommu_checks[] = {
	{ "registers", "GSTS reports only commands carried out; no root table latched without RTPS",
	  vri_iommu_check_registers },
	{ "faults", "FSTS.PPF exactly while a fault record is pending; FRI and records within NFR",
	  vri_iommu_check_faults },
	{ "stale", "after a completed invalidation, every cached entry translates as the tables do",
	  vri_iommu_check_stale },
	{ "lists", "the Intel driver's aux-domain lists are sound rings of live domains",
	  vri_iommu_check_lists },
	{ "isolation", "every PASID entry translates through a domain attached there, with its DID",
	  vri_iommu_check_isolation },
	{ "alloc", "DIDs, PASIDs and table pages held exactly while used", vri_iommu_check_alloc },
};

static const char *const iommu_mem_spaces[] = { "phys" };

static struct vr_mem *iommu_mem(void *model, uint32_t space)
{
	return space == 0 ? vr_iommu_mem(model) : NULL;
}

const struct vr_model vr_model_iommu = {
	.name = "iommu",
	.doc = "Intel VT-d remapping units: registers, scalable-mode translation, fault recording, "
	       "caches, queued invalidation",
	VR_MODEL_CONFIG(iommu_config),
	.create = iommu_create,
	.destroy = iommu_destroy,
	VR_MODEL_OPS(iommu_ops),
	.invariants = iommu_invariants,
	.dump = vri_iommu_dump,
	VR_MODEL_MEM_SPACES(iommu_mem_spaces),
	.mem = iommu_mem,
	VR_MODEL_CHECKS(iommu_checks),
};
