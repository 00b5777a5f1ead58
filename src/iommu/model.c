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
#include "iommu_internal.h"

enum { CFG_PROFILE, CFG_UNITS, CFG_VER, CFG_CAP, CFG_ECAP, CFG_FAULT_CODES, CFG_CACHES, NR_CFG };
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
	ret = vr_iommu_create(&cfg, &x);
	if (ret)
		return ret;
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

enum { OP_REG_WRITE, OP_REG_READ, OP_DMA, OP_READ_FAULT, OP_CACHE, NR_OPS };
static const struct vr_op iommu_ops[] = {
	/* hardware level */
	[OP_REG_WRITE] = VR_OP("reg_write", reg_write_args, reg_write_results, op_reg_write,
			       "software writes a remapping unit's register"),
	[OP_REG_READ] = VR_OP("reg_read", reg_read_args, reg_read_results, op_reg_read,
			      "software reads a remapping unit's register"),
	[OP_DMA] = VR_OP("dma", dma_args, dma_results, op_dma,
			 "a device's untranslated DMA request reaches a unit"),
	[OP_READ_FAULT] = VR_OP("read_fault", read_fault_args, read_fault_results, op_read_fault,
				"software reads a fault recording register"),
	[OP_CACHE] = VR_OP("cache", cache_args, cache_results, op_cache,
			   "one entry of a unit's context cache, PASID cache or IOTLB"),
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
