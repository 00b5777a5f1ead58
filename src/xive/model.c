// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The xive model's op table and its apply functions: each reads its
 * arguments, calls the instance's front doors, stores what it observed
 * and narrates ("ESB 5: PQ 00 -> 10, event 0x5 enqueued in EQ prio 6 of
 * vCPU 1, index 3 generation 1; IPB 0x02").
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <virtref/err.h>
#include <virtref/mem.h>
#include <virtref/model.h>
#include <virtref/linux/byteorder.h>
#include <virtref/xive/hvcall.h>
#include "xive_internal.h"

static const char *const esb_shift_names[] = { "4k", "4k-2page", "64k", "64k-2page" };
static const u8 esb_shifts[] = { VR_XIVE_XIVE_ESB_4K, VR_XIVE_XIVE_ESB_4K_2PAGE,
				 VR_XIVE_XIVE_ESB_64K, VR_XIVE_XIVE_ESB_64K_2PAGE };
static const char *const page_names[] = { "hw", "hv", "os", "user" };
static const char *const esb_page_names[] = { "trigger", "mgmt" };

enum { CFG_PROFILE, CFG_TIMA, CFG_VCPUS, CFG_IRQS, CFG_ESB_SHIFT, CFG_STORE_EOI, NR_CFG };
static const struct vr_field xive_config[] = {
	[CFG_PROFILE] = VR_ENUM_TABLE_OPT("profile", vri_xive_profiles, VR_XIVE_NR_PROFILES,
					  VR_XIVE_PROFILE_MAINLINE,
					  "kernel generation (default: mainline)"),
	[CFG_TIMA] = VR_ENUM_OPT("tima", vri_xive_tima_names, VR_XIVE_TIMA_HW,
				 "TIMA behaviour: hw (and QEMU since 2025) or qemu-2024"),
	[CFG_VCPUS] = VR_U64_OPT("vcpus", 1, VR_XIVE_MAX_VCPUS, 2, "vCPUs, one thread each"),
	[CFG_IRQS] = VR_U64_OPT("irqs", 1, VR_XIVE_MAX_IRQS, 4096, "interrupt sources"),
	[CFG_ESB_SHIFT] = VR_ENUM_OPT("esb_pages", esb_shift_names, 3,
				      "ESB page mode; KVM uses two 64 KiB pages per source"),
	[CFG_STORE_EOI] = VR_BOOL_OPT("store_eoi", false, "the sources advertise StoreEOI"),
};
VR_FIELDS_CHECK(xive_config, NR_CFG);

static int xive_create(const struct vr_value *config, void **model)
{
	struct vr_xive_config cfg;
	struct vr_xive *x;
	int ret;

	vr_xive_config_default(&cfg);
	cfg.profile = (enum vr_xive_profile)config[CFG_PROFILE].u;
	cfg.tima = (enum vr_xive_tima)config[CFG_TIMA].u;
	cfg.nr_vcpus = (unsigned int)config[CFG_VCPUS].u;
	cfg.nr_irqs = (u32)config[CFG_IRQS].u;
	cfg.esb_shift = esb_shifts[config[CFG_ESB_SHIFT].u];
	cfg.store_eoi = config[CFG_STORE_EOI].u != 0;
	ret = vr_xive_create(&cfg, &x);
	if (ret)
		return ret;
	*model = x;
	return 0;
}

static void xive_destroy(void *model)
{
	vr_xive_destroy(model);
}

static int xive_invariants(void *model, struct vr_text *why)
{
	return vr_xive_invariants(model, why);
}

#define SRC_ARG VR_U64("src", 0, VR_XIVE_MAX_IRQS - 1, "source number")
#define VCPU_ARG VR_U64("vcpu", 0, VR_XIVE_MAX_VCPUS - 1, "vCPU (and its thread)")
#define PRIO_ARG VR_U64("prio", 0, VR_XIVE_XIVE_PRIORITY_MAX, "priority")

enum { RET_ONLY_RET, NR_RET_ONLY };
static const struct vr_field ret_only[] = {
	[RET_ONLY_RET] = VR_ERRNO("ret", "0 or a negative errno"),
};
VR_FIELDS_CHECK(ret_only, NR_RET_ONLY);

static bool src_ok(const struct vr_xive *x, u64 s)
{
	return s < x->hw.nr_irqs;
}

static bool vcpu_ok(const struct vr_xive *x, u64 v)
{
	return v < x->hw.nr_vcpus;
}

/* What the event(s) an access forwarded did, after "ESB n: PQ a -> b". */
static void narrate_events(struct vr_call *c, const struct vr_xive *x, u64 forwarded_before,
			   const char *what)
{
	const struct vri_xive_notify *n = &x->hw.last;
	u32 end = n->end_idx;
	char where[80];

	if (!c->explain)
		return;
	if (x->hw.ledger.forwarded == forwarded_before) {
		vr_explain(c, "%s, no event forwarded", what);
		return;
	}
	if (n->dropped) {
		vr_explain(c, "%s, event forwarded and dropped: %s", what, n->dropped);
		return;
	}
	if (n->presented)
		snprintf(where, sizeof(where), "; IPB 0x%02x", n->ipb);
	else if (n->backlogged)
		snprintf(where, sizeof(where), "; VP not dispatched, backup IPB 0x%02x%s", n->ipb,
			 n->escalated ? ", escalation" : "");
	else
		snprintf(where, sizeof(where), "; notification held by the END's ESn");
	if (n->enqueued)
		vr_explain(c, "%s, event 0x%x enqueued in EQ prio %u of vCPU %u, idx %u gen %u%s",
			   what, n->data, n->prio, end >> 3, n->qindex, n->qgen, where);
	else
		vr_explain(c, "%s, event 0x%x notified to END prio %u of vCPU %u (no queue)%s",
			   what, n->data, n->prio, end >> 3, where);
}

enum { RAM_ADDR, RAM_LEN, NR_RAM_ARGS };
static const struct vr_field ram_args[] = {
	[RAM_ADDR] = VR_X64("addr", 0, (1ull << 32) - 1, "guest address (page aligned down)"),
	[RAM_LEN] = VR_X64("len", 1, 1ull << 20, "bytes (at most 1 MiB per step)"),
};
VR_FIELDS_CHECK(ram_args, NR_RAM_ARGS);

static int op_guest_ram(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 addr = vr_arg_u64(c, RAM_ADDR), len = vr_arg_u64(c, RAM_LEN);
	int ret = vr_mem_add(vr_xive_guest_mem(x), addr, len);

	vr_res_s64(c, RET_ONLY_RET, ret);
	vr_explain(c, "guest RAM 0x%llx + 0x%llx: %s", (unsigned long long)addr,
		   (unsigned long long)len, vr_errno_str(ret));
	return 0;
}

enum { LSI_SRC, LSI_LSI, NR_LSI_ARGS };
static const struct vr_field lsi_args[] = {
	[LSI_SRC] = SRC_ARG,
	[LSI_LSI] = VR_BOOL("lsi", "level-sensitive (true) or message-signalled"),
};
VR_FIELDS_CHECK(lsi_args, NR_LSI_ARGS);

static int op_set_lsi(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 s = vr_arg_u64(c, LSI_SRC);

	if (!src_ok(x, s))
		return -EINVAL;
	vr_res_s64(c, RET_ONLY_RET, vr_xive_set_lsi(x, (u32)s, vr_arg_bool(c, LSI_LSI)));
	vr_explain(c, "source %llu is an %s", (unsigned long long)s,
		   vr_arg_bool(c, LSI_LSI) ? "LSI" : "MSI");
	return 0;
}

enum { IRQ_SRC, IRQ_LEVEL, NR_IRQ_ARGS };
static const struct vr_field irq_args[] = {
	[IRQ_SRC] = SRC_ARG,
	[IRQ_LEVEL] = VR_BOOL_OPT("level", true, "MSI: true triggers; LSI: the line's level"),
};
VR_FIELDS_CHECK(irq_args, NR_IRQ_ARGS);

enum { PQ_RES_RET, PQ_RES_PQ, NR_PQ_RES };
static const struct vr_field pq_results[] = {
	[PQ_RES_RET] = VR_ERRNO("ret", "0, or -EINVAL when nothing answers"),
	[PQ_RES_PQ] = VR_U64("pq", 0, 3, "the source's PQ bits afterwards"),
};
VR_FIELDS_CHECK(pq_results, NR_PQ_RES);

static int op_set_irq(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 s = vr_arg_u64(c, IRQ_SRC), fwd = x->hw.ledger.forwarded;
	bool level = vr_arg_bool(c, IRQ_LEVEL);
	u8 before;
	char what[96];

	if (!src_ok(x, s))
		return -EINVAL;
	before = x->hw.src[s].pq;
	vr_res_s64(c, PQ_RES_RET, vr_xive_set_irq(x, (u32)s, level));
	vr_res_u64(c, PQ_RES_PQ, x->hw.src[s].pq);
	snprintf(what, sizeof(what), "source %llu %s: PQ %.2s -> %.2s", (unsigned long long)s,
		 x->hw.src[s].lsi ? (level ? "asserted" : "de-asserted")
				  : (level ? "triggered" : "level 0 (nothing for an MSI)"),
		 vri_xive_pq_name(before), vri_xive_pq_name(x->hw.src[s].pq));
	narrate_events(c, x, fwd, what);
	return 0;
}

enum { ESB_SRC, ESB_PAGE, ESB_OFFSET, ESB_SIZE, ESB_VALUE, NR_ESB_ARGS };
static const struct vr_field esb_args[] = {
	[ESB_SRC] = SRC_ARG,
	[ESB_PAGE] = VR_ENUM_OPT("page", esb_page_names, 1, "trigger or management page"),
	[ESB_OFFSET] = VR_X64("offset", 0, 0xffff, "offset in the page"),
	[ESB_SIZE] = VR_U64_OPT("size", 1, 8, 8, "access size in bytes (only 8 is valid)"),
	[ESB_VALUE] = VR_X64_OPT("value", 0, UINT64_MAX, 0, "stored data (stores only)"),
};
VR_FIELDS_CHECK(esb_args, NR_ESB_ARGS);

enum { ESB_RES_RET, ESB_RES_VALUE, ESB_RES_PQ, NR_ESB_RES };
static const struct vr_field esb_results[] = {
	[ESB_RES_RET] = VR_ERRNO("ret", "0, or -EINVAL when nothing answers"),
	[ESB_RES_VALUE] = VR_X64("value", 0, UINT64_MAX, "the loaded value (loads only)"),
	[ESB_RES_PQ] = VR_U64("pq", 0, 3, "the source's PQ bits afterwards"),
};
VR_FIELDS_CHECK(esb_results, NR_ESB_RES);

/* The address an ESB argument set names, or false beyond the window. */
static bool esb_address(const struct vr_xive *x, const struct vr_call *c, u64 *addr)
{
	u64 s = vr_arg_u64(c, ESB_SRC), off = vr_arg_u64(c, ESB_OFFSET);
	bool two = x->hw.esb_shift == VR_XIVE_XIVE_ESB_4K_2PAGE ||
		   x->hw.esb_shift == VR_XIVE_XIVE_ESB_64K_2PAGE;
	u64 page = 1ull << (two ? x->hw.esb_shift - 1 : x->hw.esb_shift);

	if (!src_ok(x, s) || off >= page)
		return false;
	*addr = vr_xive_esb_addr(x, (u32)s, vr_arg_enum(c, ESB_PAGE) == 1) + off;
	return true;
}

static int esb_access(struct vr_xive *x, struct vr_call *c, bool store)
{
	u64 s = vr_arg_u64(c, ESB_SRC), addr, val = 0, fwd = x->hw.ledger.forwarded;
	unsigned int size = (unsigned int)vr_arg_u64(c, ESB_SIZE);
	u8 before;
	int ret;
	char what[112];

	if (!esb_address(x, c, &addr))
		return -EINVAL;
	before = x->hw.src[s].pq;
	if (store)
		ret = vr_xive_esb_store(x, addr, size, vr_arg_u64(c, ESB_VALUE));
	else
		ret = vr_xive_esb_load(x, addr, size, &val);
	vr_res_s64(c, ESB_RES_RET, ret);
	if (!ret && !store)
		vr_res_u64(c, ESB_RES_VALUE, val);
	vr_res_u64(c, ESB_RES_PQ, x->hw.src[s].pq);
	if (ret) {
		vr_explain(c, "ESB %llu %s: %s, nothing answers", (unsigned long long)s,
			   store ? "store" : "load", vr_errno_str(ret));
		return 0;
	}
	snprintf(what, sizeof(what), "ESB %llu: %s %s+0x%llx", (unsigned long long)s,
		 store ? "store" : "load", esb_page_names[vr_arg_enum(c, ESB_PAGE)],
		 (unsigned long long)vr_arg_u64(c, ESB_OFFSET));
	if (!store)
		snprintf(what + strlen(what), sizeof(what) - strlen(what), " = 0x%llx",
			 (unsigned long long)val);
	snprintf(what + strlen(what), sizeof(what) - strlen(what), ", PQ %.2s -> %.2s",
		 vri_xive_pq_name(before), vri_xive_pq_name(x->hw.src[s].pq));
	narrate_events(c, x, fwd, what);
	return 0;
}

static int op_esb_load(void *model, struct vr_call *c)
{
	return esb_access(model, c, false);
}

static int op_esb_store(void *model, struct vr_call *c)
{
	return esb_access(model, c, true);
}

enum { EAS_SRC, EAS_VCPU, EAS_PRIO, EAS_EISN, EAS_MASKED_ARG, EAS_VALID_ARG, NR_EAS_ARGS };
static const struct vr_field eas_args[] = {
	[EAS_SRC] = SRC_ARG,
	[EAS_VCPU] = VCPU_ARG,
	[EAS_PRIO] = PRIO_ARG,
	[EAS_EISN] = VR_X64("eisn", 0, VR_XIVE_EAS_END_DATA, "the data the guest reads"),
	[EAS_MASKED_ARG] = VR_BOOL_OPT("masked", false, "EAS masked"),
	[EAS_VALID_ARG] = VR_BOOL_OPT("valid", true, "EAS valid"),
};
VR_FIELDS_CHECK(eas_args, NR_EAS_ARGS);

static int op_set_eas(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 s = vr_arg_u64(c, EAS_SRC), v = vr_arg_u64(c, EAS_VCPU), p = vr_arg_u64(c, EAS_PRIO);
	u64 eas = vr_xive_eas(VR_XIVE_END_INDEX((u32)v, (u32)p), (u32)vr_arg_u64(c, EAS_EISN),
			      vr_arg_bool(c, EAS_MASKED_ARG));

	if (!src_ok(x, s))
		return -EINVAL;
	if (!vr_arg_bool(c, EAS_VALID_ARG))
		eas &= ~VR_XIVE_EAS_VALID;
	vr_res_s64(c, RET_ONLY_RET, vr_xive_set_eas(x, (u32)s, eas));
	vr_explain(c, "EAS %llu = 0x%016llx: END %llu (vCPU %llu prio %llu), EISN 0x%llx%s%s",
		   (unsigned long long)s, (unsigned long long)eas,
		   (unsigned long long)VR_XIVE_END_INDEX(v, p), (unsigned long long)v,
		   (unsigned long long)p, (unsigned long long)vr_arg_u64(c, EAS_EISN),
		   vr_arg_bool(c, EAS_MASKED_ARG) ? ", masked" : "",
		   vr_arg_bool(c, EAS_VALID_ARG) ? "" : ", not valid");
	return 0;
}

enum { ENDC_VCPU, ENDC_PRIO, ENDC_QADDR, ENDC_QSHIFT, ENDC_NOTIFY, ENDC_ESCALATE, NR_ENDC_ARGS };
static const struct vr_field end_config_args[] = {
	[ENDC_VCPU] = VCPU_ARG,
	[ENDC_PRIO] = PRIO_ARG,
	[ENDC_QADDR] = VR_X64_OPT("qaddr", 0, (1ull << 32) - 1, 0, "queue guest address"),
	[ENDC_QSHIFT] = VR_U64("qshift", 0, 31, "12, 16, 21 or 24; 0 disables"),
	[ENDC_NOTIFY] = VR_BOOL_OPT("always_notify", true, "END.n"),
	[ENDC_ESCALATE] = VR_BOOL_OPT("escalate", false, "END.e"),
};
VR_FIELDS_CHECK(end_config_args, NR_ENDC_ARGS);

static int op_end_config(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 v = vr_arg_u64(c, ENDC_VCPU), p = vr_arg_u64(c, ENDC_PRIO);
	u64 qaddr = vr_arg_u64(c, ENDC_QADDR), qshift = vr_arg_u64(c, ENDC_QSHIFT);
	int ret;

	if (!vcpu_ok(x, v))
		return -EINVAL;
	ret = vr_xive_end_config(x, (unsigned int)v, (u8)p, qaddr, (u8)qshift,
				 vr_arg_bool(c, ENDC_NOTIFY), vr_arg_bool(c, ENDC_ESCALATE));
	vr_res_s64(c, RET_ONLY_RET, ret);
	if (ret == -EBUSY)
		vr_explain(c,
			   "END vCPU %llu prio %llu: -EBUSY: queue 0x%llx meets END %d's, a page "
			   "the guest has not freed",
			   (unsigned long long)v, (unsigned long long)p, (unsigned long long)qaddr,
			   vri_xive_end_overlap(&x->hw, VR_XIVE_END_INDEX((u32)v, (u32)p), qaddr,
						(u8)qshift));
	else if (ret)
		vr_explain(c, "END vCPU %llu prio %llu: %s", (unsigned long long)v,
			   (unsigned long long)p, vr_errno_str(ret));
	else if (!qshift)
		vr_explain(c, "END vCPU %llu prio %llu disabled", (unsigned long long)v,
			   (unsigned long long)p);
	else
		vr_explain(c,
			   "END vCPU %llu prio %llu: queue 0x%llx, %llu entries, generation 1 "
			   "index 0",
			   (unsigned long long)v, (unsigned long long)p, (unsigned long long)qaddr,
			   1ull << (qshift - 2));
	return 0;
}

enum { ENDE_VCPU, ENDE_PRIO, ENDE_OFFSET, ENDE_STORE, NR_ENDE_ARGS };
static const struct vr_field end_esb_args[] = {
	[ENDE_VCPU] = VCPU_ARG,
	[ENDE_PRIO] = PRIO_ARG,
	[ENDE_OFFSET] = VR_X64("offset", 0, 0xfff, "management page offset"),
	[ENDE_STORE] = VR_BOOL_OPT("store", false, "a store rather than a load"),
};
VR_FIELDS_CHECK(end_esb_args, NR_ENDE_ARGS);

enum { ENDE_RES_RET, ENDE_RES_VALUE, ENDE_RES_ESN, NR_ENDE_RES };
static const struct vr_field end_esb_results[] = {
	[ENDE_RES_RET] = VR_ERRNO("ret", "0 or -EINVAL"),
	[ENDE_RES_VALUE] = VR_X64("value", 0, UINT64_MAX, "the loaded value (0 for a store)"),
	[ENDE_RES_ESN] = VR_U64("esn", 0, 3, "the END's ESn PQ bits afterwards"),
};
VR_FIELDS_CHECK(end_esb_results, NR_ENDE_RES);

static int op_end_esb(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 v = vr_arg_u64(c, ENDE_VCPU), p = vr_arg_u64(c, ENDE_PRIO), val = 0;
	u32 w[8];
	int ret;

	if (!vcpu_ok(x, v))
		return -EINVAL;
	ret = vr_xive_end_esb(x, (unsigned int)v, (u8)p, (u32)vr_arg_u64(c, ENDE_OFFSET),
			      vr_arg_bool(c, ENDE_STORE), &val);
	vr_xive_end_words(x, (unsigned int)v, (u8)p, w);
	vr_res_s64(c, ENDE_RES_RET, ret);
	if (!ret)
		vr_res_u64(c, ENDE_RES_VALUE, val);
	vr_res_u64(c, ENDE_RES_ESN, (w[1] & VR_XIVE_END_W1_ESn) >> 30);
	vr_explain(c, "END ESB vCPU %llu prio %llu %s 0x%llx = 0x%llx: ESn now %.2s",
		   (unsigned long long)v, (unsigned long long)p,
		   vr_arg_bool(c, ENDE_STORE) ? "store" : "load",
		   (unsigned long long)vr_arg_u64(c, ENDE_OFFSET), (unsigned long long)val,
		   vri_xive_pq_name((u8)((w[1] & VR_XIVE_END_W1_ESn) >> 30)));
	return 0;
}

enum { TM_ARG_THREAD, TM_ARG_PAGE, TM_ARG_OFFSET, TM_ARG_SIZE, TM_ARG_VALUE, NR_TM_ARGS };
static const struct vr_field tima_args[] = {
	[TM_ARG_THREAD] = VR_U64("thread", 0, VR_XIVE_MAX_VCPUS - 1, "hardware thread"),
	[TM_ARG_PAGE] = VR_ENUM_OPT("page", page_names, VR_XIVE_XIVE_TM_OS_PAGE, "TIMA page"),
	[TM_ARG_OFFSET] = VR_X64("offset", 0, 0xffff, "offset in the page"),
	[TM_ARG_SIZE] = VR_U64("size", 1, 8, "access size in bytes"),
	[TM_ARG_VALUE] = VR_X64_OPT("value", 0, UINT64_MAX, 0, "stored data (stores only)"),
};
VR_FIELDS_CHECK(tima_args, NR_TM_ARGS);

enum { TM_RES_RET, TM_RES_VALUE, TM_RES_NSR, TM_RES_CPPR, TM_RES_IPB, TM_RES_PIPR, NR_TM_RES };
static const struct vr_field tima_results[] = {
	[TM_RES_RET] = VR_ERRNO("ret", "0, or -EINVAL when nothing answers"),
	[TM_RES_VALUE] = VR_X64("value", 0, UINT64_MAX, "the loaded value (loads only)"),
	[TM_RES_NSR] = VR_X64("nsr", 0, 0xff, "OS ring NSR afterwards"),
	[TM_RES_CPPR] = VR_X64("cppr", 0, 0xff, "OS ring CPPR afterwards"),
	[TM_RES_IPB] = VR_X64("ipb", 0, 0xff, "OS ring IPB afterwards"),
	[TM_RES_PIPR] = VR_X64("pipr", 0, 0xff, "OS ring PIPR afterwards"),
};
VR_FIELDS_CHECK(tima_results, NR_TM_RES);

static void ring_results(struct vr_call *c, const struct vr_xive *x, unsigned int t)
{
	const u8 *r = &x->hw.tctx[t].regs[TM_QW1_OS];

	vr_res_u64(c, TM_RES_NSR, r[TM_NSR]);
	vr_res_u64(c, TM_RES_CPPR, r[TM_CPPR]);
	vr_res_u64(c, TM_RES_IPB, r[TM_IPB]);
	vr_res_u64(c, TM_RES_PIPR, r[TM_PIPR]);
	vr_explain(c, "  OS ring: NSR 0x%02x CPPR 0x%02x IPB 0x%02x PIPR 0x%02x", r[TM_NSR],
		   r[TM_CPPR], r[TM_IPB], r[TM_PIPR]);
}

static int tima_access(struct vr_xive *x, struct vr_call *c, bool store)
{
	u64 t = vr_arg_u64(c, TM_ARG_THREAD), val = 0;
	u64 off = ((u64)vr_arg_enum(c, TM_ARG_PAGE) << VR_XIVE_TM_SHIFT) |
		  vr_arg_u64(c, TM_ARG_OFFSET);
	unsigned int size = (unsigned int)vr_arg_u64(c, TM_ARG_SIZE);
	int ret;

	if (!vcpu_ok(x, t))
		return -EINVAL;
	if (store)
		ret = vr_xive_tima_store(x, (unsigned int)t, off, size,
					 vr_arg_u64(c, TM_ARG_VALUE));
	else
		ret = vr_xive_tima_load(x, (unsigned int)t, off, size, &val);
	vr_res_s64(c, TM_RES_RET, ret);
	if (!store && !ret)
		vr_res_u64(c, TM_RES_VALUE, val);
	if (store)
		vr_explain(c, "TIMA thread %llu %s page store%u 0x%llx = 0x%llx: %s",
			   (unsigned long long)t, page_names[vr_arg_enum(c, TM_ARG_PAGE)], size,
			   (unsigned long long)vr_arg_u64(c, TM_ARG_OFFSET),
			   (unsigned long long)vr_arg_u64(c, TM_ARG_VALUE), vr_errno_str(ret));
	else
		vr_explain(c, "TIMA thread %llu %s page load%u 0x%llx = 0x%llx: %s",
			   (unsigned long long)t, page_names[vr_arg_enum(c, TM_ARG_PAGE)], size,
			   (unsigned long long)vr_arg_u64(c, TM_ARG_OFFSET),
			   (unsigned long long)val, vr_errno_str(ret));
	ring_results(c, x, (unsigned int)t);
	return 0;
}

static int op_tima_load(void *model, struct vr_call *c)
{
	return tima_access(model, c, false);
}

static int op_tima_store(void *model, struct vr_call *c)
{
	return tima_access(model, c, true);
}

enum { VP_VCPU, NR_VP_ARGS };
static const struct vr_field vp_args[] = {
	[VP_VCPU] = VCPU_ARG,
};
VR_FIELDS_CHECK(vp_args, NR_VP_ARGS);

/* An op on one vCPU whose only result is the return value. */
static int vcpu_op(void *model, struct vr_call *c, int (*fn)(struct vr_xive *, unsigned int),
		   const char *what, const char *done)
{
	struct vr_xive *x = model;
	u64 v = vr_arg_u64(c, VP_VCPU);
	int ret;

	if (!vcpu_ok(x, v))
		return -EINVAL;
	ret = fn(x, (unsigned int)v);
	vr_res_s64(c, RET_ONLY_RET, ret);
	vr_explain(c, "%s %llu: %s%s", what, (unsigned long long)v, vr_errno_str(ret),
		   ret ? "" : done);
	return 0;
}

static int op_vp_push(void *model, struct vr_call *c)
{
	return vcpu_op(model, c, vr_xive_vp_push, "push VP",
		       " (its saved OS ring and backup IPB loaded on its thread)");
}

static int op_vp_pull(void *model, struct vr_call *c)
{
	return vcpu_op(model, c, vr_xive_vp_pull, "pull VP",
		       " (OS ring saved; events now go to the backup IPB)");
}

static int op_guest_setup(void *model, struct vr_call *c)
{
	return vcpu_op(model, c, vr_xive_guest_setup, "guest brings up vCPU", " (CPPR 0xff)");
}

enum { GIRQ_RET, GIRQ_ACK, GIRQ_IRQ, GIRQ_CPPR, NR_GIRQ_RES };
static const struct vr_field get_irq_results[] = {
	[GIRQ_RET] = VR_ERRNO("ret", "0, or -ENOENT when the VP is not dispatched"),
	[GIRQ_ACK] = VR_X64("ack", 0, 0xffff, "ACK_OS_REG: (NSR << 8) | CPPR"),
	[GIRQ_IRQ] = VR_X64("irq", 0, VR_XIVE_EQ_DATA, "the EISN found, 0 for none"),
	[GIRQ_CPPR] = VR_X64("cppr", 0, 0xff, "CPPR afterwards"),
};
VR_FIELDS_CHECK(get_irq_results, NR_GIRQ_RES);

static int op_guest_get_irq(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 v = vr_arg_u64(c, VP_VCPU);
	u16 ack = 0;
	u32 irq = 0;
	int ret;

	if (!vcpu_ok(x, v))
		return -EINVAL;
	ret = vr_xive_guest_get_irq(x, (unsigned int)v, &ack, &irq);
	vr_res_s64(c, GIRQ_RET, ret);
	if (ret) {
		vr_explain(c, "guest vCPU %llu interrupt entry: %s", (unsigned long long)v,
			   vr_errno_str(ret));
		return 0;
	}
	vr_res_u64(c, GIRQ_ACK, ack);
	vr_res_u64(c, GIRQ_IRQ, irq);
	vr_res_u64(c, GIRQ_CPPR, x->hw.tctx[v].regs[TM_QW1_OS + TM_CPPR]);
	vr_explain(c, "guest vCPU %llu: ACK 0x%04x (NSR 0x%02x, CPPR %u), %s 0x%x; CPPR now 0x%02x",
		   (unsigned long long)v, ack, ack >> 8, ack & 0xff,
		   irq ? "read EISN" : "queues empty, EISN", irq,
		   x->hw.tctx[v].regs[TM_QW1_OS + TM_CPPR]);
	return 0;
}

enum { GEOI_VCPU, GEOI_SRC, NR_GEOI_ARGS };
static const struct vr_field guest_eoi_args[] = {
	[GEOI_VCPU] = VCPU_ARG,
	[GEOI_SRC] = SRC_ARG,
};
VR_FIELDS_CHECK(guest_eoi_args, NR_GEOI_ARGS);

enum { GEOI_RET, GEOI_REPLAY, GEOI_PQ, NR_GEOI_RES };
static const struct vr_field guest_eoi_results[] = {
	[GEOI_RET] = VR_ERRNO("ret", "0, or -ENOENT when the VP is not dispatched"),
	[GEOI_REPLAY] = VR_BOOL("replay", "a pending queue still holds events"),
	[GEOI_PQ] = VR_U64("pq", 0, 3, "the source's PQ bits afterwards"),
};
VR_FIELDS_CHECK(guest_eoi_results, NR_GEOI_RES);

static int op_guest_eoi(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 v = vr_arg_u64(c, GEOI_VCPU), s = vr_arg_u64(c, GEOI_SRC), fwd = x->hw.ledger.forwarded;
	bool replay = false;
	u8 before;
	int ret;
	char what[96];

	if (!vcpu_ok(x, v) || !src_ok(x, s))
		return -EINVAL;
	before = x->hw.src[s].pq;
	ret = vr_xive_guest_eoi(x, (unsigned int)v, (u32)s, &replay);
	vr_res_s64(c, GEOI_RET, ret);
	vr_res_bool(c, GEOI_REPLAY, replay);
	vr_res_u64(c, GEOI_PQ, x->hw.src[s].pq);
	snprintf(what, sizeof(what), "guest vCPU %llu EOI source %llu: PQ %.2s -> %.2s%s",
		 (unsigned long long)v, (unsigned long long)s, vri_xive_pq_name(before),
		 vri_xive_pq_name(x->hw.src[s].pq), replay ? ", more pending: replay" : "");
	if (ret)
		vr_explain(c, "guest vCPU %llu EOI: %s", (unsigned long long)v, vr_errno_str(ret));
	else
		narrate_events(c, x, fwd, what);
	return 0;
}

enum { GREAD_VCPU, GREAD_PRIO, GREAD_PEEK, NR_GREAD_ARGS };
static const struct vr_field read_eq_args[] = {
	[GREAD_VCPU] = VCPU_ARG,
	[GREAD_PRIO] = PRIO_ARG,
	[GREAD_PEEK] = VR_BOOL_OPT("peek", false, "leave the entry in the queue"),
};
VR_FIELDS_CHECK(read_eq_args, NR_GREAD_ARGS);

enum { GREAD_RET, GREAD_DATA, GREAD_INDEX, GREAD_TOGGLE, NR_GREAD_RES };
static const struct vr_field read_eq_results[] = {
	[GREAD_RET] = VR_ERRNO("ret", "0"),
	[GREAD_DATA] = VR_X64("data", 0, VR_XIVE_EQ_DATA, "the EISN, 0 when empty"),
	[GREAD_INDEX] =
		VR_U64("index", 0, VR_XIVE_END_W1_PAGE_OFF, "the reader's index afterwards"),
	[GREAD_TOGGLE] = VR_U64("toggle", 0, 1, "the reader's toggle afterwards"),
};
VR_FIELDS_CHECK(read_eq_results, NR_GREAD_RES);

static int op_guest_read_eq(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 v = vr_arg_u64(c, GREAD_VCPU), p = vr_arg_u64(c, GREAD_PRIO);
	const struct vri_xive_guest_q *q;
	u32 data = 0;
	int ret;

	if (!vcpu_ok(x, v))
		return -EINVAL;
	ret = vr_xive_guest_read_eq(x, (unsigned int)v, (u8)p, vr_arg_bool(c, GREAD_PEEK), &data);
	q = &x->cpu[v].q[p];
	vr_res_s64(c, GREAD_RET, ret);
	vr_res_u64(c, GREAD_DATA, data);
	vr_res_u64(c, GREAD_INDEX, q->idx);
	vr_res_u64(c, GREAD_TOGGLE, q->toggle);
	vr_explain(c, "guest vCPU %llu %s EQ prio %llu: %s 0x%x; reader at index %u toggle %u",
		   (unsigned long long)v, vr_arg_bool(c, GREAD_PEEK) ? "peeks at" : "reads",
		   (unsigned long long)p, data ? "EISN" : "empty,", data, q->idx, q->toggle);
	return 0;
}

enum { ENDS_VCPU, ENDS_PRIO, NR_ENDS_ARGS };
static const struct vr_field end_state_args[] = {
	[ENDS_VCPU] = VCPU_ARG,
	[ENDS_PRIO] = PRIO_ARG,
};
VR_FIELDS_CHECK(end_state_args, NR_ENDS_ARGS);

enum { ENDS_VALID, ENDS_INDEX, ENDS_GEN, ENDS_ESN, ENDS_ENTRIES, NR_ENDS_RES };
static const struct vr_field end_state_results[] = {
	[ENDS_VALID] = VR_BOOL("valid", "END.v"),
	[ENDS_INDEX] = VR_U64("index", 0, VR_XIVE_END_W1_PAGE_OFF, "producer index"),
	[ENDS_GEN] = VR_U64("gen", 0, 1, "generation"),
	[ENDS_ESN] = VR_U64("esn", 0, 3, "ESn PQ bits"),
	[ENDS_ENTRIES] = VR_U64("entries", 0, 1u << 22, "queue entries (0 when not valid)"),
};
VR_FIELDS_CHECK(end_state_results, NR_ENDS_RES);

static int op_end_state(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 v = vr_arg_u64(c, ENDS_VCPU), p = vr_arg_u64(c, ENDS_PRIO);
	const struct vri_xive_end *e;
	bool valid;

	if (!vcpu_ok(x, v))
		return -EINVAL;
	e = vri_xive_end_of(x, (unsigned int)v, (u8)p);
	valid = e->w[0] & VR_XIVE_END_W0_VALID;
	vr_res_bool(c, ENDS_VALID, valid);
	vr_res_u64(c, ENDS_INDEX, e->w[1] & VR_XIVE_END_W1_PAGE_OFF);
	vr_res_u64(c, ENDS_GEN, !!(e->w[1] & VR_XIVE_END_W1_GENERATION));
	vr_res_u64(c, ENDS_ESN, (e->w[1] & VR_XIVE_END_W1_ESn) >> 30);
	vr_res_u64(c, ENDS_ENTRIES, valid ? vri_xive_end_entries(e) : 0);
	vr_explain(c, "END vCPU %llu prio %llu: %s index %u generation %u", (unsigned long long)v,
		   (unsigned long long)p, valid ? "valid," : "not valid,",
		   e->w[1] & VR_XIVE_END_W1_PAGE_OFF, !!(e->w[1] & VR_XIVE_END_W1_GENERATION));
	return 0;
}

enum { RING_DISPATCHED, RING_NSR, RING_CPPR, RING_IPB, RING_PIPR, RING_BACKUP, NR_RING_RES };
static const struct vr_field ring_res[] = {
	[RING_DISPATCHED] = VR_BOOL("dispatched", "the VP is on its thread"),
	[RING_NSR] = VR_X64("nsr", 0, 0xff, "NSR (of the saved ring when not dispatched)"),
	[RING_CPPR] = VR_X64("cppr", 0, 0xff, "CPPR"),
	[RING_IPB] = VR_X64("ipb", 0, 0xff, "IPB"),
	[RING_PIPR] = VR_X64("pipr", 0, 0xff, "PIPR"),
	[RING_BACKUP] = VR_X64("backup_ipb", 0, 0xff, "the NVT's backup IPB"),
};
VR_FIELDS_CHECK(ring_res, NR_RING_RES);

static int op_os_ring(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 v = vr_arg_u64(c, VP_VCPU);
	u8 r[8];
	int on;

	if (!vcpu_ok(x, v))
		return -EINVAL;
	on = vr_xive_os_ring(x, (unsigned int)v, r);
	vr_res_bool(c, RING_DISPATCHED, on == 1);
	vr_res_u64(c, RING_NSR, r[TM_NSR]);
	vr_res_u64(c, RING_CPPR, r[TM_CPPR]);
	vr_res_u64(c, RING_IPB, r[TM_IPB]);
	vr_res_u64(c, RING_PIPR, r[TM_PIPR]);
	vr_res_u64(c, RING_BACKUP, vr_xive_nvt_ipb(x, (unsigned int)v));
	vr_explain(c,
		   "VP %llu %s: NSR 0x%02x CPPR 0x%02x IPB 0x%02x PIPR 0x%02x, backup IPB 0x%02x",
		   (unsigned long long)v, on == 1 ? "dispatched" : "saved", r[TM_NSR], r[TM_CPPR],
		   r[TM_IPB], r[TM_PIPR], vr_xive_nvt_ipb(x, (unsigned int)v));
	return 0;
}

/* ---- The KVM XIVE device, as user space drives it ---------------------- */

static const char *const attr_op_names[] = { "set", "get", "has" };

#define FD_ARG VR_U64_OPT("fd", 0, 15, 3, "the device fd")
#define IRQ_ARG VR_X64("irq", 0, UINT64_MAX, "guest source number (attr)")
#define FAULT_ARG VR_BOOL_OPT("fault", false, "pass a user address with no memory")
#define SERVER_ARG VR_U64("server", 0, 0xffffffff, "server number")

enum { CDEV_TYPE, NR_CDEV_ARGS };
static const struct vr_field create_device_args[] = {
	[CDEV_TYPE] = VR_U64_OPT("type", 0, 0xffffffff, KVM_DEV_TYPE_XIVE, "device type"),
};
VR_FIELDS_CHECK(create_device_args, NR_CDEV_ARGS);

enum { CDEV_RET, CDEV_FD, NR_CDEV_RES };
static const struct vr_field create_device_results[] = {
	[CDEV_RET] = VR_ERRNO("ret", "0, -EEXIST, -ENODEV or -ENOMEM"),
	[CDEV_FD] = VR_U64("fd", 0, 15, "the device fd"),
};
VR_FIELDS_CHECK(create_device_results, NR_CDEV_RES);

static int op_kvm_create_device(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	int fd = -1, ret = vr_xive_kvm_create_device(x, (u32)vr_arg_u64(c, CDEV_TYPE), &fd);

	vr_res_s64(c, CDEV_RET, ret);
	if (!ret)
		vr_res_u64(c, CDEV_FD, (u64)fd);
	vr_explain(c, "KVM_CREATE_DEVICE type %llu: %s",
		   (unsigned long long)vr_arg_u64(c, CDEV_TYPE), vr_errno_str(ret));
	return 0;
}

enum { CONN_VCPU, CONN_SERVER, CONN_FD, CONN_CAP, NR_CONN_ARGS };
static const struct vr_field connect_args[] = {
	[CONN_VCPU] = VCPU_ARG,
	[CONN_SERVER] = SERVER_ARG,
	[CONN_FD] = FD_ARG,
	[CONN_CAP] = VR_U64_OPT("cap", 0, 0xffffffff, KVM_CAP_PPC_IRQ_XIVE, "the capability"),
};
VR_FIELDS_CHECK(connect_args, NR_CONN_ARGS);

static int op_kvm_connect(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 v = vr_arg_u64(c, CONN_VCPU), s = vr_arg_u64(c, CONN_SERVER);
	int ret;

	if (!vcpu_ok(x, v))
		return vr_reject(c, -EINVAL, "vcpu %llu is not below vcpus (%u)",
				 (unsigned long long)v, x->hw.nr_vcpus);
	ret = vr_xive_kvm_enable_cap(x, (unsigned int)v, (u32)vr_arg_u64(c, CONN_CAP),
				     vr_arg_u64(c, CONN_FD), s);
	vr_res_s64(c, RET_ONLY_RET, ret);
	vr_explain(c, "KVM_ENABLE_CAP vCPU %llu server %llu: %s%s", (unsigned long long)v,
		   (unsigned long long)s, vr_errno_str(ret),
		   ret ? "" : " (saved OS ring 00 00 00 00 ff 00 00 00)");
	return 0;
}

/* Narration of an attribute ioctl's outcome. */
static void narrate_attr(struct vr_call *c, const char *what, u64 attr, int ret)
{
	vr_explain(c, "%s 0x%llx: %s", what, (unsigned long long)attr, vr_errno_str(ret));
}

enum { SRC_ATTR, SRC_LSI, SRC_ASSERTED, SRC_FAULT, SRC_FD, NR_SRC_ARGS };
static const struct vr_field source_args[] = {
	[SRC_ATTR] = IRQ_ARG,
	[SRC_LSI] = VR_BOOL_OPT("lsi", false, "KVM_XIVE_LEVEL_SENSITIVE"),
	[SRC_ASSERTED] = VR_BOOL_OPT("asserted", false, "KVM_XIVE_LEVEL_ASSERTED"),
	[SRC_FAULT] = FAULT_ARG,
	[SRC_FD] = FD_ARG,
};
VR_FIELDS_CHECK(source_args, NR_SRC_ARGS);

static int op_kvm_source(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 val = (vr_arg_bool(c, SRC_LSI) ? KVM_XIVE_LEVEL_SENSITIVE : 0) |
		  (vr_arg_bool(c, SRC_ASSERTED) ? KVM_XIVE_LEVEL_ASSERTED : 0);
	u64 addr = vri_xive_op_payload(x, vr_arg_bool(c, SRC_FAULT), &val, sizeof(val));
	int ret = vr_xive_kvm_attr(x, VR_XIVE_SET_ATTR, (int)vr_arg_u64(c, SRC_FD),
				   KVM_DEV_XIVE_GRP_SOURCE, vr_arg_u64(c, SRC_ATTR), addr);

	vr_res_s64(c, RET_ONLY_RET, ret);
	narrate_attr(c, "KVM_DEV_XIVE_GRP_SOURCE", vr_arg_u64(c, SRC_ATTR), ret);
	return 0;
}

enum { SCFG_ATTR, SCFG_SERVER, SCFG_PRIO, SCFG_MASKED, SCFG_EISN, SCFG_FAULT, SCFG_FD, NR_SCFG };
static const struct vr_field source_config_args[] = {
	[SCFG_ATTR] = IRQ_ARG,
	[SCFG_SERVER] = VR_U64_OPT("server", 0, 0x1fffffff, 0, "target server"),
	[SCFG_PRIO] = VR_U64_OPT("prio", 0, 7, 6, "priority (7 is refused)"),
	[SCFG_MASKED] = VR_BOOL_OPT("masked", false, "mask the source"),
	[SCFG_EISN] = VR_X64_OPT("eisn", 0, 0x7fffffff, 0, "the data the guest reads"),
	[SCFG_FAULT] = FAULT_ARG,
	[SCFG_FD] = FD_ARG,
};
VR_FIELDS_CHECK(source_config_args, NR_SCFG);

static int op_kvm_source_config(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 val = vr_arg_u64(c, SCFG_PRIO) << KVM_XIVE_SOURCE_PRIORITY_SHIFT |
		  vr_arg_u64(c, SCFG_SERVER) << KVM_XIVE_SOURCE_SERVER_SHIFT |
		  (u64)vr_arg_bool(c, SCFG_MASKED) << KVM_XIVE_SOURCE_MASKED_SHIFT |
		  vr_arg_u64(c, SCFG_EISN) << KVM_XIVE_SOURCE_EISN_SHIFT;
	u64 addr = vri_xive_op_payload(x, vr_arg_bool(c, SCFG_FAULT), &val, sizeof(val));
	int ret = vr_xive_kvm_attr(x, VR_XIVE_SET_ATTR, (int)vr_arg_u64(c, SCFG_FD),
				   KVM_DEV_XIVE_GRP_SOURCE_CONFIG, vr_arg_u64(c, SCFG_ATTR), addr);

	vr_res_s64(c, RET_ONLY_RET, ret);
	vr_explain(c,
		   "KVM_DEV_XIVE_GRP_SOURCE_CONFIG 0x%llx: server %llu prio %llu eisn 0x%llx%s: %s",
		   (unsigned long long)vr_arg_u64(c, SCFG_ATTR),
		   (unsigned long long)vr_arg_u64(c, SCFG_SERVER),
		   (unsigned long long)vr_arg_u64(c, SCFG_PRIO),
		   (unsigned long long)vr_arg_u64(c, SCFG_EISN),
		   vr_arg_bool(c, SCFG_MASKED) ? " masked" : "", vr_errno_str(ret));
	return 0;
}

enum {
	EQC_SERVER,
	EQC_PRIO,
	EQC_FLAGS,
	EQC_QSHIFT,
	EQC_QADDR,
	EQC_QTOGGLE,
	EQC_QINDEX,
	EQC_FAULT,
	EQC_FD,
	NR_EQC_ARGS
};
static const struct vr_field eq_config_args[] = {
	[EQC_SERVER] = SERVER_ARG,
	[EQC_PRIO] = PRIO_ARG,
	[EQC_FLAGS] = VR_X64_OPT("flags", 0, 0xffffffff, KVM_XIVE_EQ_ALWAYS_NOTIFY, "EQ flags"),
	[EQC_QSHIFT] = VR_U64_OPT("qshift", 0, 0xffffffff, 16, "queue size shift; 0 resets"),
	[EQC_QADDR] = VR_X64_OPT("qaddr", 0, UINT64_MAX, 0, "queue guest address"),
	[EQC_QTOGGLE] = VR_U64_OPT("qtoggle", 0, 0xffffffff, 1, "generation to restore"),
	[EQC_QINDEX] = VR_U64_OPT("qindex", 0, 0xffffffff, 0, "producer index to restore"),
	[EQC_FAULT] = FAULT_ARG,
	[EQC_FD] = FD_ARG,
};
VR_FIELDS_CHECK(eq_config_args, NR_EQC_ARGS);

static u64 eq_attr(const struct vr_call *c, unsigned int server, unsigned int prio)
{
	return vr_arg_u64(c, server) << KVM_XIVE_EQ_SERVER_SHIFT | vr_arg_u64(c, prio);
}

/* Two ENDs given one queue write over each other's entries: say which. */
static void explain_shared_queue(struct vr_call *c, const struct vr_xive *x, u64 qaddr, u8 qshift)
{
	int a = vri_xive_end_overlap(&x->hw, VRI_XIVE_NR_ENDS, qaddr, qshift);
	int b = a < 0 ? -1 : vri_xive_end_overlap(&x->hw, (u32)a, qaddr, qshift);

	if (b >= 0)
		vr_explain(c,
			   "END %d (vCPU %d prio %d) and END %d (vCPU %d prio %d) share queue "
			   "memory at 0x%llx: each overwrites the other's entries",
			   a, a / 8, a % 8, b, b / 8, b % 8, (unsigned long long)qaddr);
}

static int op_kvm_eq_config(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	struct kvm_ppc_xive_eq eq = {
		.flags = (u32)vr_arg_u64(c, EQC_FLAGS),
		.qshift = (u32)vr_arg_u64(c, EQC_QSHIFT),
		.qaddr = vr_arg_u64(c, EQC_QADDR),
		.qtoggle = (u32)vr_arg_u64(c, EQC_QTOGGLE),
		.qindex = (u32)vr_arg_u64(c, EQC_QINDEX),
	};
	u64 addr = vri_xive_op_payload(x, vr_arg_bool(c, EQC_FAULT), &eq, sizeof(eq));
	int ret = vr_xive_kvm_attr(x, VR_XIVE_SET_ATTR, (int)vr_arg_u64(c, EQC_FD),
				   KVM_DEV_XIVE_GRP_EQ_CONFIG, eq_attr(c, EQC_SERVER, EQC_PRIO),
				   addr);

	vr_res_s64(c, RET_ONLY_RET, ret);
	if (!eq.qshift) {
		vr_explain(
			c,
			"KVM_DEV_XIVE_GRP_EQ_CONFIG server %llu prio %llu: reset: %s; guest page "
			"references %llu",
			(unsigned long long)vr_arg_u64(c, EQC_SERVER),
			(unsigned long long)vr_arg_u64(c, EQC_PRIO), vr_errno_str(ret),
			(unsigned long long)x->k.page_refs);
		return 0;
	}
	vr_explain(c,
		   "KVM_DEV_XIVE_GRP_EQ_CONFIG server %llu prio %llu: queue 0x%llx shift %u "
		   "toggle %u index %u: %s; guest page references %llu",
		   (unsigned long long)vr_arg_u64(c, EQC_SERVER),
		   (unsigned long long)vr_arg_u64(c, EQC_PRIO), (unsigned long long)eq.qaddr,
		   eq.qshift, eq.qtoggle, eq.qindex, vr_errno_str(ret),
		   (unsigned long long)x->k.page_refs);
	/* Success means a 64 KiB queue. */
	if (!ret)
		explain_shared_queue(c, x, eq.qaddr, (u8)eq.qshift);
	return 0;
}

enum { EQG_SERVER, EQG_PRIO, EQG_FAULT, EQG_FD, NR_EQG_ARGS };
static const struct vr_field eq_get_args[] = {
	[EQG_SERVER] = SERVER_ARG,
	[EQG_PRIO] = PRIO_ARG,
	[EQG_FAULT] = FAULT_ARG,
	[EQG_FD] = FD_ARG,
};
VR_FIELDS_CHECK(eq_get_args, NR_EQG_ARGS);

enum { EQG_RET, EQG_WRITTEN, EQG_FLAGS, EQG_QSHIFT, EQG_QADDR, EQG_QTOGGLE, EQG_QINDEX, NR_EQG };
static const struct vr_field eq_get_results[] = {
	[EQG_RET] = VR_ERRNO("ret", "0, -ENOENT, -EINVAL or -EFAULT"),
	[EQG_WRITTEN] = VR_BOOL("written", "the buffer was written (the queue is configured)"),
	[EQG_FLAGS] = VR_X64("flags", 0, 0xffffffff, "EQ flags"),
	[EQG_QSHIFT] = VR_U64("qshift", 0, 0xffffffff, "queue size shift"),
	[EQG_QADDR] = VR_X64("qaddr", 0, UINT64_MAX, "queue guest address"),
	[EQG_QTOGGLE] = VR_U64("qtoggle", 0, 0xffffffff, "generation"),
	[EQG_QINDEX] = VR_U64("qindex", 0, 0xffffffff, "producer index"),
};
VR_FIELDS_CHECK(eq_get_results, NR_EQG);

static int op_kvm_eq_get(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	struct kvm_ppc_xive_eq eq;
	u64 addr;
	int ret;

	/* A buffer of 0xff bytes tells whether the kernel wrote it. */
	memset(&eq, 0xff, sizeof(eq));
	addr = vri_xive_op_payload(x, vr_arg_bool(c, EQG_FAULT), &eq, sizeof(eq));
	ret = vr_xive_kvm_attr(x, VR_XIVE_GET_ATTR, (int)vr_arg_u64(c, EQG_FD),
			       KVM_DEV_XIVE_GRP_EQ_CONFIG, eq_attr(c, EQG_SERVER, EQG_PRIO), addr);
	vr_res_s64(c, EQG_RET, ret);
	if (ret || vr_arg_bool(c, EQG_FAULT)) {
		narrate_attr(c, "KVM_GET_DEVICE_ATTR EQ_CONFIG", eq_attr(c, EQG_SERVER, EQG_PRIO),
			     ret);
		return 0;
	}
	vr_mem_read(x->k.user, addr, &eq, sizeof(eq));
	vr_res_bool(c, EQG_WRITTEN, eq.qshift != 0xffffffffu);
	if (eq.qshift == 0xffffffffu) {
		vr_explain(c,
			   "KVM_GET_DEVICE_ATTR EQ_CONFIG server %llu prio %llu: 0, not configured "
			   "(buffer untouched)",
			   (unsigned long long)vr_arg_u64(c, EQG_SERVER),
			   (unsigned long long)vr_arg_u64(c, EQG_PRIO));
		return 0;
	}
	vr_res_u64(c, EQG_FLAGS, eq.flags);
	vr_res_u64(c, EQG_QSHIFT, eq.qshift);
	vr_res_u64(c, EQG_QADDR, eq.qaddr);
	vr_res_u64(c, EQG_QTOGGLE, eq.qtoggle);
	vr_res_u64(c, EQG_QINDEX, eq.qindex);
	vr_explain(c,
		   "KVM_GET_DEVICE_ATTR EQ_CONFIG server %llu prio %llu: flags 0x%x queue 0x%llx "
		   "shift %u toggle %u index %u",
		   (unsigned long long)vr_arg_u64(c, EQG_SERVER),
		   (unsigned long long)vr_arg_u64(c, EQG_PRIO), eq.flags,
		   (unsigned long long)eq.qaddr, eq.qshift, eq.qtoggle, eq.qindex);
	return 0;
}

enum { ATTR_OP, ATTR_GROUP, ATTR_ATTR, ATTR_VALUE, ATTR_FAULT, ATTR_FD, NR_ATTR_ARGS };
static const struct vr_field attr_args[] = {
	[ATTR_OP] = VR_ENUM_OPT("op", attr_op_names, VR_XIVE_SET_ATTR, "set, get or has"),
	[ATTR_GROUP] = VR_U64("group", 0, 0xffffffff, "KVM_DEV_XIVE_GRP_*"),
	[ATTR_ATTR] = VR_X64("attr", 0, UINT64_MAX, "the attribute"),
	[ATTR_VALUE] = VR_X64_OPT("value", 0, UINT64_MAX, 0,
				  "the payload: a u32 for NR_SERVERS, else a u64"),
	[ATTR_FAULT] = FAULT_ARG,
	[ATTR_FD] = FD_ARG,
};
VR_FIELDS_CHECK(attr_args, NR_ATTR_ARGS);

/*
 * The payload in user memory as the attribute's type: a u32 for
 * NR_SERVERS (kvmppc_xive_set_nr_servers() in arch/powerpc/kvm/
 * book3s_xive.c), a u64 for the others.
 */
static u64 attr_payload(struct vr_xive *x, struct vr_call *c)
{
	u64 val = vr_arg_u64(c, ATTR_VALUE);
	u32 val32 = (u32)val;
	bool fault = vr_arg_bool(c, ATTR_FAULT);

	if (vr_arg_u64(c, ATTR_GROUP) == KVM_DEV_XIVE_GRP_CTRL &&
	    vr_arg_u64(c, ATTR_ATTR) == KVM_DEV_XIVE_NR_SERVERS)
		return vri_xive_op_payload(x, fault, &val32, sizeof(val32));
	return vri_xive_op_payload(x, fault, &val, sizeof(val));
}

static int op_kvm_attr(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 addr = attr_payload(x, c);
	int ret = vr_xive_kvm_attr(x, (enum vr_xive_attr_op)vr_arg_enum(c, ATTR_OP),
				   (int)vr_arg_u64(c, ATTR_FD), (u32)vr_arg_u64(c, ATTR_GROUP),
				   vr_arg_u64(c, ATTR_ATTR), addr);

	vr_res_s64(c, RET_ONLY_RET, ret);
	vr_explain(c, "KVM_%s_DEVICE_ATTR group %llu attr 0x%llx: %s",
		   vr_arg_enum(c, ATTR_OP) == VR_XIVE_SET_ATTR	 ? "SET"
		   : vr_arg_enum(c, ATTR_OP) == VR_XIVE_GET_ATTR ? "GET"
								 : "HAS",
		   (unsigned long long)vr_arg_u64(c, ATTR_GROUP),
		   (unsigned long long)vr_arg_u64(c, ATTR_ATTR), vr_errno_str(ret));
	return 0;
}

enum { VPS_VCPU, VPS_SET, VPS_W01, VPS_FAULT, NR_VPS_ARGS };
static const struct vr_field vp_state_args[] = {
	[VPS_VCPU] = VCPU_ARG,
	[VPS_SET] = VR_BOOL_OPT("set", false, "KVM_SET_ONE_REG rather than GET"),
	[VPS_W01] = VR_X64_OPT("w01", 0, UINT64_MAX, 0,
			       "SET: the OS ring bytes NSR..PIPR as a big-endian number"),
	[VPS_FAULT] = FAULT_ARG,
};
VR_FIELDS_CHECK(vp_state_args, NR_VPS_ARGS);

enum { VPS_RET, VPS_RES_W01, NR_VPS_RES };
static const struct vr_field vp_state_results[] = {
	[VPS_RET] = VR_ERRNO("ret", "0, -ENXIO, -EPERM, -ENOENT, -EBUSY or -EFAULT"),
	[VPS_RES_W01] = VR_X64("w01", 0, UINT64_MAX, "GET: NSR..PIPR as a big-endian number"),
};
VR_FIELDS_CHECK(vp_state_results, NR_VPS_RES);

static int op_kvm_vp_state(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 v = vr_arg_u64(c, VPS_VCPU), img[2] = { cpu_to_be64(vr_arg_u64(c, VPS_W01)), 0 };
	bool set = vr_arg_bool(c, VPS_SET);
	u64 addr;
	int ret;

	if (!vcpu_ok(x, v))
		return vr_reject(c, -EINVAL, "vcpu %llu is not below vcpus (%u)",
				 (unsigned long long)v, x->hw.nr_vcpus);
	addr = vri_xive_op_payload(x, vr_arg_bool(c, VPS_FAULT), img, sizeof(img));
	ret = vr_xive_kvm_one_reg(x, (unsigned int)v, set, KVM_REG_PPC_VP_STATE, addr);
	vr_res_s64(c, VPS_RET, ret);
	if (!ret && !set) {
		vr_mem_read(x->k.user, addr, img, sizeof(img));
		vr_res_u64(c, VPS_RES_W01, be64_to_cpu(img[0]));
	}
	vr_explain(c, "KVM_%s_ONE_REG VP_STATE vCPU %llu: %s", set ? "SET" : "GET",
		   (unsigned long long)v, vr_errno_str(ret));
	if (!ret)
		vr_explain(c, "  NSR..PIPR %016llx", (unsigned long long)be64_to_cpu(img[0]));
	return 0;
}

enum { RUN_VCPU, RUN_RUN, NR_RUN_ARGS };
static const struct vr_field vcpu_run_args[] = {
	[RUN_VCPU] = VCPU_ARG,
	[RUN_RUN] = VR_BOOL_OPT("run", true, "enter (true) or leave the guest"),
};
VR_FIELDS_CHECK(vcpu_run_args, NR_RUN_ARGS);

static int op_kvm_vcpu_run(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 v = vr_arg_u64(c, RUN_VCPU);
	bool run = vr_arg_bool(c, RUN_RUN);
	int ret;

	if (!vcpu_ok(x, v))
		return vr_reject(c, -EINVAL, "vcpu %llu is not below vcpus (%u)",
				 (unsigned long long)v, x->hw.nr_vcpus);
	ret = vr_xive_kvm_vcpu_run(x, (unsigned int)v, run);
	vr_res_s64(c, RET_ONLY_RET, ret);
	vr_explain(c, "vCPU %llu %s the guest: %s%s", (unsigned long long)v,
		   run ? "enters" : "leaves", vr_errno_str(ret),
		   ret	 ? ""
		   : run ? " (saved OS ring pushed)"
			 : " (OS ring pulled into the saved one)");
	return 0;
}

enum { MMAP_PGOFF, MMAP_NPAGES, MMAP_FD, NR_MMAP_ARGS };
static const struct vr_field mmap_args[] = {
	[MMAP_PGOFF] = VR_U64("pgoff", 0, UINT32_MAX, "0: TIMA, 4: ESB"),
	[MMAP_NPAGES] = VR_U64("npages", 0, UINT32_MAX, "pages to map"),
	[MMAP_FD] = FD_ARG,
};
VR_FIELDS_CHECK(mmap_args, NR_MMAP_ARGS);

enum { MMAP_RET, MMAP_UADDR, NR_MMAP_RES };
static const struct vr_field mmap_results[] = {
	[MMAP_RET] = VR_ERRNO("ret", "0, -EBADF, -EINVAL or -ENOMEM"),
	[MMAP_UADDR] = VR_X64("uaddr", 0, UINT64_MAX, "where the mapping starts"),
};
VR_FIELDS_CHECK(mmap_results, NR_MMAP_RES);

static int op_kvm_mmap(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 uaddr = 0;
	int ret = vr_xive_kvm_mmap(x, (int)vr_arg_u64(c, MMAP_FD), vr_arg_u64(c, MMAP_PGOFF),
				   vr_arg_u64(c, MMAP_NPAGES), &uaddr);

	vr_res_s64(c, MMAP_RET, ret);
	if (!ret)
		vr_res_u64(c, MMAP_UADDR, uaddr);
	vr_explain(c, "mmap pgoff %llu, %llu pages: %s",
		   (unsigned long long)vr_arg_u64(c, MMAP_PGOFF),
		   (unsigned long long)vr_arg_u64(c, MMAP_NPAGES), vr_errno_str(ret));
	return 0;
}

enum { MUNMAP_UADDR, NR_MUNMAP_ARGS };
static const struct vr_field munmap_args[] = {
	[MUNMAP_UADDR] = VR_X64("uaddr", 0, UINT64_MAX, "a mapping's start"),
};
VR_FIELDS_CHECK(munmap_args, NR_MUNMAP_ARGS);

static int op_kvm_munmap(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	bool had = x->k.dev != NULL;
	int ret = vr_xive_kvm_munmap(x, vr_arg_u64(c, MUNMAP_UADDR));

	vr_res_s64(c, RET_ONLY_RET, ret);
	vr_explain(c, "munmap 0x%llx: %s%s", (unsigned long long)vr_arg_u64(c, MUNMAP_UADDR),
		   vr_errno_str(ret), had && !x->k.dev ? " (last reference: device released)" : "");
	return 0;
}

enum { UA_CPU, UA_UADDR, UA_SIZE, UA_STORE, UA_VALUE, NR_UA_ARGS };
static const struct vr_field user_access_args[] = {
	[UA_CPU] = VR_U64("cpu", 0, VR_XIVE_MAX_VCPUS - 1, "hardware thread"),
	[UA_UADDR] = VR_X64("uaddr", 0, UINT64_MAX, "user address in a mapping"),
	[UA_SIZE] = VR_U64_OPT("size", 1, 8, 8, "access size in bytes"),
	[UA_STORE] = VR_BOOL_OPT("store", false, "a store rather than a load"),
	[UA_VALUE] = VR_X64_OPT("value", 0, UINT64_MAX, 0, "stored data"),
};
VR_FIELDS_CHECK(user_access_args, NR_UA_ARGS);

enum { UA_RET, UA_RES_VALUE, NR_UA_RES };
static const struct vr_field user_access_results[] = {
	[UA_RET] = VR_ERRNO("ret", "0, -EFAULT (SIGSEGV), -EIO (SIGBUS) or -EINVAL"),
	[UA_RES_VALUE] = VR_X64("value", 0, UINT64_MAX, "the loaded value"),
};
VR_FIELDS_CHECK(user_access_results, NR_UA_RES);

static int op_kvm_user_access(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 cpu = vr_arg_u64(c, UA_CPU), uaddr = vr_arg_u64(c, UA_UADDR);
	u64 val = vr_arg_u64(c, UA_VALUE), fwd = x->hw.ledger.forwarded;
	bool store = vr_arg_bool(c, UA_STORE);
	char what[96];
	int ret;

	if (!vcpu_ok(x, cpu))
		return vr_reject(c, -EINVAL, "cpu %llu is not below vcpus (%u)",
				 (unsigned long long)cpu, x->hw.nr_vcpus);
	ret = vr_xive_kvm_user_access(x, (unsigned int)cpu, uaddr,
				      (unsigned int)vr_arg_u64(c, UA_SIZE), store, &val);
	vr_res_s64(c, UA_RET, ret);
	if (!ret && !store)
		vr_res_u64(c, UA_RES_VALUE, val);
	snprintf(what, sizeof(what), "user %s%llu 0x%llx = 0x%llx: %s", store ? "store" : "load",
		 (unsigned long long)vr_arg_u64(c, UA_SIZE), (unsigned long long)uaddr,
		 (unsigned long long)val,
		 ret == -EIO	  ? "SIGBUS"
		 : ret == -EFAULT ? "SIGSEGV"
				  : vr_errno_str(ret));
	narrate_events(c, x, fwd, what);
	return 0;
}

enum { LINE_IRQ, LINE_LEVEL, NR_LINE_ARGS };
static const struct vr_field irq_line_args[] = {
	[LINE_IRQ] = VR_X64("irq", 0, 0xffffffff, "guest source"),
	[LINE_LEVEL] = VR_X64_OPT("level", 0, 0xffffffff, 1, "0, 1 or KVM_INTERRUPT_*"),
};
VR_FIELDS_CHECK(irq_line_args, NR_LINE_ARGS);

static int op_kvm_irq_line(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 fwd = x->hw.ledger.forwarded;
	int ret = vr_xive_kvm_irq_line(x, (u32)vr_arg_u64(c, LINE_IRQ),
				       (u32)vr_arg_u64(c, LINE_LEVEL));
	char what[64];

	vr_res_s64(c, RET_ONLY_RET, ret);
	snprintf(what, sizeof(what), "KVM_IRQ_LINE %llu level 0x%llx: %s",
		 (unsigned long long)vr_arg_u64(c, LINE_IRQ),
		 (unsigned long long)vr_arg_u64(c, LINE_LEVEL), vr_errno_str(ret));
	narrate_events(c, x, fwd, what);
	return 0;
}

enum { CLOSE_FD, NR_CLOSE_ARGS };
static const struct vr_field close_args[] = {
	[CLOSE_FD] = FD_ARG,
};
VR_FIELDS_CHECK(close_args, NR_CLOSE_ARGS);

static int op_kvm_close(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	bool had = x->k.dev != NULL;
	int ret = vr_xive_kvm_close(x, (int)vr_arg_u64(c, CLOSE_FD));

	vr_res_s64(c, RET_ONLY_RET, ret);
	vr_explain(c, "close device fd: %s%s", vr_errno_str(ret),
		   ret		      ? ""
		   : had && !x->k.dev ? " (device released)"
				      : " (a mapping still holds the device)");
	return 0;
}

/* ---- The sPAPR hypercalls, as QEMU handles them ------------------------- */

static const char *const hcall_names[] = {
	"get_source_info",
	"set_source_config",
	"get_source_config",
	"get_queue_info",
	"set_queue_config",
	"get_queue_config",
	"set_os_reporting_line",
	"get_os_reporting_line",
	"esb",
	"sync",
	"reset",
};
static const u64 hcall_opcodes[] = {
	H_INT_GET_SOURCE_INFO,
	H_INT_SET_SOURCE_CONFIG,
	H_INT_GET_SOURCE_CONFIG,
	H_INT_GET_QUEUE_INFO,
	H_INT_SET_QUEUE_CONFIG,
	H_INT_GET_QUEUE_CONFIG,
	H_INT_SET_OS_REPORTING_LINE,
	H_INT_GET_OS_REPORTING_LINE,
	H_INT_ESB,
	H_INT_SYNC,
	H_INT_RESET,
};
/* How many of R4.. each returns. */
static const u8 hcall_outputs[] = { 4, 0, 3, 2, 0, 4, 0, 0, 1, 0, 0 };
_Static_assert(VR_ARRAY_SIZE(hcall_names) == VR_ARRAY_SIZE(hcall_opcodes), "one name per hcall");
_Static_assert(VR_ARRAY_SIZE(hcall_outputs) == VR_ARRAY_SIZE(hcall_opcodes), "one per hcall");

enum { CLAIM_LISN, CLAIM_LSI, NR_CLAIM_ARGS };
static const struct vr_field claim_args[] = {
	[CLAIM_LISN] = VR_U64("lisn", 0, VR_XIVE_MAX_IRQS - 1, "the source"),
	[CLAIM_LSI] = VR_BOOL_OPT("lsi", false, "level-sensitive"),
};
VR_FIELDS_CHECK(claim_args, NR_CLAIM_ARGS);

static int op_spapr_claim(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	int ret = vr_xive_spapr_claim(x, (u32)vr_arg_u64(c, CLAIM_LISN), vr_arg_bool(c, CLAIM_LSI));

	vr_res_s64(c, RET_ONLY_RET, ret);
	vr_explain(c, "QEMU claims LISN %llu (%s): %s",
		   (unsigned long long)vr_arg_u64(c, CLAIM_LISN),
		   vr_arg_bool(c, CLAIM_LSI) ? "LSI" : "MSI", vr_errno_str(ret));
	return 0;
}

static int op_spapr_activate(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	int ret = vr_xive_spapr_activate(x);

	vr_res_s64(c, RET_ONLY_RET, ret);
	vr_explain(c, "the guest negotiated XIVE; QEMU connects the KVM device: %s",
		   vr_errno_str(ret));
	return 0;
}

enum { SIRQ_LISN, SIRQ_LEVEL, NR_SIRQ_ARGS };
static const struct vr_field spapr_irq_args[] = {
	[SIRQ_LISN] = VR_U64("lisn", 0, VR_XIVE_MAX_IRQS - 1, "the source"),
	[SIRQ_LEVEL] = VR_BOOL_OPT("level", true, "MSI: true triggers; LSI: the line"),
};
VR_FIELDS_CHECK(spapr_irq_args, NR_SIRQ_ARGS);

static int op_spapr_set_irq(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	u64 fwd = x->hw.ledger.forwarded;
	int ret =
		vr_xive_spapr_set_irq(x, (u32)vr_arg_u64(c, SIRQ_LISN), vr_arg_bool(c, SIRQ_LEVEL));
	char what[64];

	vr_res_s64(c, RET_ONLY_RET, ret);
	snprintf(what, sizeof(what), "device %s LISN %llu: %s",
		 vr_arg_bool(c, SIRQ_LEVEL) ? "raises" : "lowers",
		 (unsigned long long)vr_arg_u64(c, SIRQ_LISN), vr_errno_str(ret));
	narrate_events(c, x, fwd, what);
	return 0;
}

enum { HC_NAME, HC_R4, HC_R5, HC_R6, HC_R7, HC_R8, NR_HC_ARGS };
static const struct vr_field hcall_args[] = {
	[HC_NAME] = VR_ENUM("hcall", hcall_names, "H_INT_* without the prefix"),
	[HC_R4] = VR_X64_OPT("flags", 0, UINT64_MAX, 0, "R4: flags"),
	[HC_R5] = VR_X64_OPT("r5", 0, UINT64_MAX, 0, "R5: lisn or target"),
	[HC_R6] = VR_X64_OPT("r6", 0, UINT64_MAX, 0, "R6: target, priority or ESB offset"),
	[HC_R7] = VR_X64_OPT("r7", 0, UINT64_MAX, 0, "R7: priority, queue page or store data"),
	[HC_R8] = VR_X64_OPT("r8", 0, UINT64_MAX, 0, "R8: eisn or queue size"),
};
VR_FIELDS_CHECK(hcall_args, NR_HC_ARGS);

enum { HC_RET, HC_O4, HC_O5, HC_O6, HC_O7, NR_HC_RES };
static const struct vr_field hcall_results[] = {
	[HC_RET] = VR_S64("ret", -100, 0, "H_SUCCESS (0) or an H_* error"),
	[HC_O4] = VR_X64("r4", 0, UINT64_MAX, "R4 out"),
	[HC_O5] = VR_X64("r5", 0, UINT64_MAX, "R5 out"),
	[HC_O6] = VR_X64("r6", 0, UINT64_MAX, "R6 out"),
	[HC_O7] = VR_X64("r7", 0, UINT64_MAX, "R7 out"),
};
VR_FIELDS_CHECK(hcall_results, NR_HC_RES);

static const char *h_name(long ret)
{
	switch (ret) {
	case H_SUCCESS:
		return "H_SUCCESS";
	case H_HARDWARE:
		return "H_HARDWARE";
	case H_FUNCTION:
		return "H_FUNCTION";
	case H_PARAMETER:
		return "H_PARAMETER";
	case H_P2:
		return "H_P2";
	case H_P3:
		return "H_P3";
	case H_P4:
		return "H_P4";
	case H_P5:
		return "H_P5";
	}
	return "H_?";
}

static int op_hcall(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	unsigned int h = vr_arg_enum(c, HC_NAME), i;
	u64 args[5], fwd = x->hw.ledger.forwarded;
	char what[64];
	long ret;

	for (i = 0; i < 5; i++)
		args[i] = vr_arg_u64(c, HC_R4 + i);
	ret = vr_xive_hcall(x, hcall_opcodes[h], args);
	vr_res_s64(c, HC_RET, ret);
	for (i = 0; ret == H_SUCCESS && i < hcall_outputs[h]; i++)
		vr_res_u64(c, HC_O4 + i, args[i]);
	snprintf(what, sizeof(what), "H_INT_%s: %s%s", hcall_names[h], h_name(ret),
		 x->spapr.fault ? " (the ESB access faulted in QEMU)" : "");
	for (i = 0; what[i] && what[i] != ':'; i++)
		what[i] = (char)toupper((unsigned char)what[i]);
	narrate_events(c, x, fwd, what);
	return 0;
}

/* ---- The migration checker ---------------------------------------------- */

#define MIG(s)                                                                                     \
	{                                                                                          \
		VR_XIVE_MIG_##s, 0                                                                 \
	}
#define MIG_TRIGGER                                                                                \
	{                                                                                          \
		VR_XIVE_MIG_TRIGGER, 0                                                             \
	}
#define MIG_RESTORE MIG(RESTORE_EQS), MIG(RESTORE_SOURCES), MIG(RESTORE_VPS), MIG(RESTORE_PQ)

/* The documented order, and the ways user space gets it wrong. */
static const char *const mig_order_names[] = {
	"documented", "vps-early", "eqs-early", "sources-first", "trigger-after-mask",
};
static const struct vr_xive_mig_op mig_vps_early[] = {
	MIG(SAVE_VPS), MIG_TRIGGER,	  MIG(MASK),   MIG(EQ_SYNC),
	MIG(SAVE_EQS), MIG(SAVE_SOURCES), MIG_RESTORE,
};
static const struct vr_xive_mig_op mig_eqs_early[] = {
	MIG(SAVE_EQS),	   MIG_TRIGGER,	  MIG(MASK),   MIG(EQ_SYNC),
	MIG(SAVE_SOURCES), MIG(SAVE_VPS), MIG_RESTORE,
};
static const struct vr_xive_mig_op mig_sources_first[] = {
	MIG(MASK),	   MIG(EQ_SYNC),     MIG(SAVE_EQS),
	MIG(SAVE_SOURCES), MIG(SAVE_VPS),    MIG(RESTORE_SOURCES),
	MIG(RESTORE_EQS),  MIG(RESTORE_VPS), MIG(RESTORE_PQ),
};
static const struct vr_xive_mig_op mig_trigger_after_mask[] = {
	MIG(MASK),	   MIG_TRIGGER,	  MIG(EQ_SYNC), MIG(SAVE_EQS),
	MIG(SAVE_SOURCES), MIG(SAVE_VPS), MIG_RESTORE,
};
static const struct {
	const struct vr_xive_mig_op *ops;
	unsigned int n;
} mig_orders[] = {
	{ vr_xive_mig_documented, VR_XIVE_MIG_DOCUMENTED_STEPS },
	{ mig_vps_early, VR_ARRAY_SIZE(mig_vps_early) },
	{ mig_eqs_early, VR_ARRAY_SIZE(mig_eqs_early) },
	{ mig_sources_first, VR_ARRAY_SIZE(mig_sources_first) },
	{ mig_trigger_after_mask, VR_ARRAY_SIZE(mig_trigger_after_mask) },
};
_Static_assert(VR_ARRAY_SIZE(mig_order_names) == VR_ARRAY_SIZE(mig_orders), "one per order");

enum { MIGC_ORDER, MIGC_IRQ, NR_MIGC_ARGS };
static const struct vr_field migrate_args[] = {
	[MIGC_ORDER] = VR_ENUM_OPT("order", mig_order_names, 0, "the save and restore order"),
	[MIGC_IRQ] = VR_X64_OPT("irq", 0, 0xfffff, 0,
				"the source a device fires while the VM still runs"),
};
VR_FIELDS_CHECK(migrate_args, NR_MIGC_ARGS);

enum { MIGC_RET, MIGC_LOST, NR_MIGC_RES };
static const struct vr_field migrate_results[] = {
	[MIGC_RET] = VR_S64("ret", -4095, 1, "0 nothing lost, 1 something was, or -errno"),
	[MIGC_LOST] = VR_U64("lost", 0, UINT64_MAX, "things the destination's guest lost"),
};
VR_FIELDS_CHECK(migrate_results, NR_MIGC_RES);

static int op_migrate_check(void *model, struct vr_call *c)
{
	struct vr_xive *x = model;
	unsigned int o = vr_arg_enum(c, MIGC_ORDER), i, lines = 0;
	struct vr_xive_mig_op ops[16];
	struct vr_text lost = VR_TEXT_INIT;
	const char *t, *nl;
	int ret;

	for (i = 0; i < mig_orders[o].n; i++) {
		ops[i] = mig_orders[o].ops[i];
		if (ops[i].step == VR_XIVE_MIG_TRIGGER)
			ops[i].irq = (u32)vr_arg_u64(c, MIGC_IRQ);
	}
	ret = vr_xive_migrate_check(x, ops, mig_orders[o].n, &lost);
	vr_res_s64(c, MIGC_RET, ret);
	for (t = vr_text_str(&lost); (nl = strchr(t, '\n')); t = nl + 1)
		lines++;
	vr_res_u64(c, MIGC_LOST, lines);
	vr_explain(c, "migration, %s order: %s", mig_order_names[o],
		   ret == 0   ? "the destination's guest sees what the source's saw"
		   : ret == 1 ? "lost:"
			      : vr_errno_str(ret));
	for (t = vr_text_str(&lost); (nl = strchr(t, '\n')); t = nl + 1)
		vr_explain(c, "  %.*s", (int)(nl - t), t);
	vr_text_free(&lost);
	return 0;
}

enum {
	OP_GUEST_RAM,
	OP_SET_LSI,
	OP_SET_IRQ,
	OP_ESB_LOAD,
	OP_ESB_STORE,
	OP_SET_EAS,
	OP_END_CONFIG,
	OP_END_ESB,
	OP_TIMA_LOAD,
	OP_TIMA_STORE,
	OP_VP_PUSH,
	OP_VP_PULL,
	OP_GUEST_SETUP,
	OP_GUEST_GET_IRQ,
	OP_GUEST_EOI,
	OP_GUEST_READ_EQ,
	OP_END_STATE,
	OP_OS_RING,
	OP_KVM_CREATE_DEVICE,
	OP_KVM_CONNECT,
	OP_KVM_SOURCE,
	OP_KVM_SOURCE_CONFIG,
	OP_KVM_EQ_CONFIG,
	OP_KVM_EQ_GET,
	OP_KVM_ATTR,
	OP_KVM_VP_STATE,
	OP_KVM_VCPU_RUN,
	OP_KVM_MMAP,
	OP_KVM_MUNMAP,
	OP_KVM_USER_ACCESS,
	OP_KVM_IRQ_LINE,
	OP_KVM_CLOSE,
	OP_SPAPR_CLAIM,
	OP_SPAPR_ACTIVATE,
	OP_SPAPR_SET_IRQ,
	OP_HCALL,
	OP_MIGRATE_CHECK,
	NR_OPS
};

static const struct vr_op xive_ops[] = {
	[OP_GUEST_RAM] = VR_OP("guest_ram", ram_args, ret_only, op_guest_ram,
			       "back guest memory (zeroed) for queues"),
	[OP_SET_LSI] =
		VR_OP("set_lsi", lsi_args, ret_only, op_set_lsi, "make a source an LSI or MSI"),
	[OP_SET_IRQ] = VR_OP("set_irq", irq_args, pq_results, op_set_irq,
			     "a device's message or line reaches the source"),
	[OP_ESB_LOAD] = VR_OP("esb_load", esb_args, esb_results, op_esb_load,
			      "MMIO load from a source's ESB page"),
	[OP_ESB_STORE] = VR_OP("esb_store", esb_args, esb_results, op_esb_store,
			       "MMIO store to a source's ESB page"),
	[OP_SET_EAS] = VR_OP("set_eas", eas_args, ret_only, op_set_eas,
			     "the hypervisor routes a source to an END"),
	[OP_END_CONFIG] = VR_OP("end_config", end_config_args, ret_only, op_end_config,
				"the hypervisor enables (or disables) an END and its queue"),
	[OP_END_ESB] = VR_OP("end_esb", end_esb_args, end_esb_results, op_end_esb,
			     "MMIO on an END's notification ESB"),
	[OP_TIMA_LOAD] = VR_OP("tima_load", tima_args, tima_results, op_tima_load,
			       "MMIO load from a thread's TIMA"),
	[OP_TIMA_STORE] = VR_OP("tima_store", tima_args, tima_results, op_tima_store,
				"MMIO store to a thread's TIMA"),
	[OP_VP_PUSH] = VR_OP("vp_push", vp_args, ret_only, op_vp_push,
			     "dispatch a vCPU's VP on its thread"),
	[OP_VP_PULL] = VR_OP("vp_pull", vp_args, ret_only, op_vp_pull,
			     "take a VP off its thread, saving its OS ring"),
	[OP_GUEST_SETUP] = VR_OP("guest_setup", vp_args, ret_only, op_guest_setup,
				 "the guest brings a vCPU up: CPPR 0xff"),
	[OP_GUEST_GET_IRQ] = VR_OP("guest_get_irq", vp_args, get_irq_results, op_guest_get_irq,
				   "the guest's interrupt entry: ACK, then its queues"),
	[OP_GUEST_EOI] = VR_OP("guest_eoi", guest_eoi_args, guest_eoi_results, op_guest_eoi,
			       "the guest EOIs a source and peeks at its queues"),
	[OP_GUEST_READ_EQ] = VR_OP("guest_read_eq", read_eq_args, read_eq_results, op_guest_read_eq,
				   "the guest reads one entry of a queue"),
	[OP_END_STATE] = VR_OP("end_state", end_state_args, end_state_results, op_end_state,
			       "an END's generation, index and ESn"),
	[OP_OS_RING] =
		VR_OP("os_ring", vp_args, ring_res, op_os_ring, "a VP's OS ring and backup IPB"),
	[OP_KVM_CREATE_DEVICE] =
		VR_OP("kvm_create_device", create_device_args, create_device_results,
		      op_kvm_create_device, "KVM_CREATE_DEVICE on the VM"),
	[OP_KVM_CONNECT] = VR_OP("kvm_connect", connect_args, ret_only, op_kvm_connect,
				 "KVM_ENABLE_CAP(KVM_CAP_PPC_IRQ_XIVE) on a vCPU"),
	[OP_KVM_SOURCE] = VR_OP("kvm_source", source_args, ret_only, op_kvm_source,
				"KVM_DEV_XIVE_GRP_SOURCE: set a source up"),
	[OP_KVM_SOURCE_CONFIG] =
		VR_OP("kvm_source_config", source_config_args, ret_only, op_kvm_source_config,
		      "KVM_DEV_XIVE_GRP_SOURCE_CONFIG: route or mask a source"),
	[OP_KVM_EQ_CONFIG] = VR_OP("kvm_eq_config", eq_config_args, ret_only, op_kvm_eq_config,
				   "KVM_DEV_XIVE_GRP_EQ_CONFIG set: configure or reset a queue"),
	[OP_KVM_EQ_GET] = VR_OP("kvm_eq_get", eq_get_args, eq_get_results, op_kvm_eq_get,
				"KVM_DEV_XIVE_GRP_EQ_CONFIG get"),
	[OP_KVM_ATTR] = VR_OP("kvm_attr", attr_args, ret_only, op_kvm_attr,
			      "any device attribute ioctl with its payload (CTRL, SYNC, has)"),
	[OP_KVM_VP_STATE] = VR_OP("kvm_vp_state", vp_state_args, vp_state_results, op_kvm_vp_state,
				  "KVM_GET/SET_ONE_REG(KVM_REG_PPC_VP_STATE)"),
	[OP_KVM_VCPU_RUN] = VR_OP("kvm_vcpu_run", vcpu_run_args, ret_only, op_kvm_vcpu_run,
				  "a connected vCPU enters or leaves the guest"),
	[OP_KVM_MMAP] =
		VR_OP("kvm_mmap", mmap_args, mmap_results, op_kvm_mmap, "mmap of the device fd"),
	[OP_KVM_MUNMAP] = VR_OP("kvm_munmap", munmap_args, ret_only, op_kvm_munmap,
				"munmap of a whole mapping"),
	[OP_KVM_USER_ACCESS] =
		VR_OP("kvm_user_access", user_access_args, user_access_results, op_kvm_user_access,
		      "a load or store through a mapping (faults pages in)"),
	[OP_KVM_IRQ_LINE] =
		VR_OP("kvm_irq_line", irq_line_args, ret_only, op_kvm_irq_line, "KVM_IRQ_LINE"),
	[OP_KVM_CLOSE] =
		VR_OP("kvm_close", close_args, ret_only, op_kvm_close, "close the device fd"),
	[OP_SPAPR_CLAIM] = VR_OP("spapr_claim", claim_args, ret_only, op_spapr_claim,
				 "QEMU claims a LISN for a device"),
	[OP_SPAPR_ACTIVATE] =
		VR_OP_NOARGS("spapr_activate", ret_only, op_spapr_activate,
			     "the guest negotiated XIVE: QEMU connects the KVM device"),
	[OP_SPAPR_SET_IRQ] = VR_OP("spapr_set_irq", spapr_irq_args, ret_only, op_spapr_set_irq,
				   "a device raises or lowers a claimed LISN (through QEMU)"),
	[OP_HCALL] = VR_OP("hcall", hcall_args, hcall_results, op_hcall,
			   "a guest's H_INT_* hypercall, as QEMU handles it"),
	[OP_MIGRATE_CHECK] =
		VR_OP("migrate_check", migrate_args, migrate_results, op_migrate_check,
		      "save in an order, restore into a fresh VM, compare (the VM stays "
		      "masked)"),
};
VR_FIELDS_CHECK(xive_ops, NR_OPS);

static const struct vr_check xive_checks[] = {
	{ "events",
	  "(a) every forwarded event is in exactly one place; no queue overwrote unread "
	  "entries",
	  vri_xive_check_events },
	{ "queues", "(b) every enabled END agrees with its queue and the guest's reader",
	  vri_xive_check_queues },
	{ "presenter", "(c) every dispatched OS ring's PIPR, CPPR and NSR agree with its IPB",
	  vri_xive_check_presenter },
	{ "pages",
	  "(d) the KVM device's guest page references, escalation IRQs and IPIs are balanced",
	  vri_xive_check_pages },
};

static const char *const xive_mem_spaces[] = { "guest" };

static struct vr_mem *xive_mem(void *model, uint32_t space)
{
	return space == 0 ? vr_xive_guest_mem(model) : NULL;
}

const struct vr_model vr_model_xive = {
	.name = "xive",
	.doc = "POWER9 XIVE: source ESBs, routing, event queues and the TIMA OS ring",
	VR_MODEL_CONFIG(xive_config),
	.create = xive_create,
	.destroy = xive_destroy,
	VR_MODEL_OPS(xive_ops),
	.invariants = xive_invariants,
	.dump = vri_xive_dump,
	VR_MODEL_MEM_SPACES(xive_mem_spaces),
	.mem = xive_mem,
	VR_MODEL_CHECKS(xive_checks),
	.dot = vri_xive_dot,
};
