// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The dump, the value describers that narration and the dump share, and
 * fault records in the words Linux logs them.
 */
#include <virtref/model.h>
#include <virtref/text.h>
#include "iommu_internal.h"

/* GSTS as the names of its set bits (VT-d 10.4.5): "TES RTPS", or "-". */
void vri_iommu_gsts_describe(u32 gsts, struct vr_text *out)
{
	static const struct {
		u32 bit;
		const char *name;
	} bits[] = {
		{ VR_IOMMU_GSTS_TES, "TES" },	{ VR_IOMMU_GSTS_RTPS, "RTPS" },
		{ VR_IOMMU_GSTS_FLS, "FLS" },	{ VR_IOMMU_GSTS_AFLS, "AFLS" },
		{ VR_IOMMU_GSTS_WBFS, "WBFS" }, { VR_IOMMU_GSTS_QIES, "QIES" },
		{ VR_IOMMU_GSTS_IRES, "IRES" }, { VR_IOMMU_GSTS_IRTPS, "IRTPS" },
		{ VR_IOMMU_GSTS_CFIS, "CFIS" },
	};
	const char *sep = "";
	unsigned int i;

	for (i = 0; i < VR_ARRAY_SIZE(bits); i++) {
		if (gsts & bits[i].bit) {
			vr_text_printf(out, "%s%s", sep, bits[i].name);
			sep = " ";
		}
	}
	if (!*sep)
		vr_text_puts(out, "-");
}

/* FSTS, FECTL and each fault recording register that holds a fault. */
static void vri_iommu_dump_faults(const struct vri_iommu_unit *u, struct vr_text *out)
{
	unsigned int i;

	vr_text_printf(out, "    FSTS 0x%08x FECTL 0x%08x, %llu fault event(s) sent\n", u->fsts,
		       u->fectl, (unsigned long long)u->fault_events);
	for (i = 0; i < VR_IOMMU_CAP_NFR(u->cap); i++) {
		if (!(u->frcd[i][1] & VR_IOMMU_FRCD_F))
			continue;
		vr_text_printf(out, "    FRCD %u: ", i);
		vr_iommu_frcd_text(u->frcd[i][0], u->frcd[i][1], out);
		vr_text_puts(out, "\n");
	}
}

void vri_iommu_dump(void *model, struct vr_text *out)
{
	const struct vr_iommu *x = model;
	unsigned int i;

	vr_text_printf(out, "iommu: profile %s, %u unit(s)\n", x->prof->name, x->nr_units);
	for (i = 0; i < x->nr_units; i++) {
		const struct vri_iommu_unit *u = &x->unit[i];

		vr_text_printf(out, "  unit %u: VER 0x%x CAP 0x%016llx ECAP 0x%016llx\n", i, u->ver,
			       (unsigned long long)u->cap, (unsigned long long)u->ecap);
		vr_text_printf(out, "    GSTS 0x%08x (", u->gsts);
		vri_iommu_gsts_describe(u->gsts, out);
		vr_text_printf(out, ") RTADDR 0x%016llx active 0x%016llx\n",
			       (unsigned long long)u->rtaddr, (unsigned long long)u->rtaddr_active);
		vri_iommu_dump_faults(u, out);
		vr_text_printf(out,
			       "    IQA 0x%llx IQH 0x%llx IQT 0x%llx ICS 0x%x; cached: %u context, "
			       "%u PASID, %u IOTLB\n",
			       (unsigned long long)u->iqa, (unsigned long long)u->iqh,
			       (unsigned long long)u->iqt, u->ics,
			       vri_iommu_cache_count(u, VR_IOMMU_CACHE_CONTEXT),
			       vri_iommu_cache_count(u, VR_IOMMU_CACHE_PASID),
			       vri_iommu_cache_count(u, VR_IOMMU_CACHE_IOTLB));
	}
}

/* "DMA write 00:03.0 PASID 0x2 addr 0x40201000", as Linux names requesters. */
void vri_iommu_request_describe(const struct vr_iommu_dma_request *rq, struct vr_text *out)
{
	vr_text_printf(out, "DMA %s%s%s %02x:%02x.%u", rq->write ? "write" : "read",
		       rq->priv ? " priv" : "", rq->exec ? " exec" : "", rq->sid >> 8,
		       (rq->sid >> 3) & 0x1f, rq->sid & 7);
	if (rq->has_pasid)
		vr_text_printf(out, " PASID 0x%x", rq->pasid);
	vr_text_printf(out, " addr 0x%llx", (unsigned long long)rq->addr);
}

static const char *page_size_name(unsigned int shift)
{
	return shift == 30 ? "1 GiB" : shift == 21 ? "2 MiB" : "4 KiB";
}

/* "-> 0x80201000 (2 MiB, SL, DID 5, PASID 0x2)" or "fault 0x59 (suppressed by FPD)". */
void vri_iommu_translation_describe(const struct vr_iommu_translation *t, struct vr_text *out)
{
	static const char *const pgtt_names[8] = { "untranslated", "FL", "SL", "nested", "PT" };

	switch (t->status) {
	case VR_IOMMU_DMA_OK:
		vr_text_printf(out, "-> 0x%llx (%s, %s, DID %u, PASID 0x%x)",
			       (unsigned long long)t->phys,
			       t->page_shift == 30   ? "1 GiB"
			       : t->page_shift == 21 ? "2 MiB"
						     : "4 KiB",
			       pgtt_names[t->pgtt], t->did, t->pasid);
		break;
	case VR_IOMMU_DMA_FAULT:
		vr_text_printf(out, "fault 0x%02x", t->fault);
		if (t->suppressed)
			vr_text_puts(out, " (qualified, suppressed by FPD)");
		else if (t->recorded)
			vr_text_printf(out, ", recorded in FRCD %u", t->frcd);
		else
			vr_text_puts(out, ", not recorded (overflow)");
		break;
	default:
		vr_text_puts(out, "aborted (TTM 11b)");
		break;
	}
}

/*
 * What each fault reason code means (Intel VT-d specification 7.1.3), in
 * virtref's words: the
 * line around it has the layout torvalds/linux drivers/iommu/intel/dmar.c
 * logs (dmar_fault_do_one()), so a record and a kernel log line compare
 * field by field, but the descriptions are not the kernel's.  Codes the
 * tables leave out read "Unknown", as there.  Legacy 0x00-0x0d,
 * interrupt remapping 0x20-0x26, scalable mode 0x30-0x90.
 */
static const char *const legacy_reasons[] = {
	"software-reported fault",
	"root entry not present",
	"context entry not present",
	"context entry invalid",
	"address above the guest address width",
	"write to a page table entry without write permission",
	"read from a page table entry without read permission",
	"next-level table pointer invalid",
	"root table address invalid",
	"context table pointer invalid",
	"root entry has reserved bits set",
	"context entry has reserved bits set",
	"page table entry has reserved bits set",
	"translation request blocked by the context entry",
};

static const char *const irq_reasons[] = {
	"interrupt request has reserved fields set",   "interrupt index beyond the remapping table",
	"remapping table entry not present",	       "remapping table (IRTA) not accessible",
	"remapping table entry has reserved bits set", "compatibility-format interrupt blocked",
	"interrupt blocked: source-id check failed",
};

static const char *const sm_reasons[0x91 - 0x30] = {
	[0x30 - 0x30] = "SM: root table address invalid",
	[0x31 - 0x30] = "SM: request with PASID while TTM is 0",
	[0x32 - 0x30] = "SM: page group request while TTM is 0",
	[0x38 - 0x30] = "SM: root entry not accessible",
	[0x39 - 0x30] = "SM: root entry not present",
	[0x3a - 0x30] = "SM: root entry has reserved bits set",
	[0x40 - 0x30] = "SM: context entry not accessible",
	[0x41 - 0x30] = "SM: context entry not present",
	[0x42 - 0x30] = "SM: context entry has reserved bits set",
	[0x43 - 0x30] = "SM: context entry invalid",
	[0x44 - 0x30] = "SM: translation request while the context entry's DTE is 0",
	[0x45 - 0x30] = "SM: request with PASID while the context entry's PASIDE is 0",
	[0x46 - 0x30] = "SM: PASID above the context entry's PDTS",
	[0x47 - 0x30] = "SM: page request while the context entry's PRE is 0",
	[0x48 - 0x30] = "SM: RID_PASID in the context entry not usable",
	[0x50 - 0x30] = "SM: PASID directory entry not accessible",
	[0x51 - 0x30] = "SM: PASID directory entry not present",
	[0x52 - 0x30] = "SM: PASID directory entry has reserved bits set",
	[0x58 - 0x30] = "SM: PASID table entry not accessible",
	[0x59 - 0x30] = "SM: PASID table entry not present",
	[0x5a - 0x30] = "SM: PASID table entry has reserved bits set",
	[0x5b - 0x30] = "SM: PASID table entry invalid",
	[0x5c - 0x30] = "SM: execute request while the PASID entry's ERE is 0",
	[0x5d - 0x30] = "SM: supervisor request while the PASID entry's SRE is 0",
	[0x70 - 0x30] = "SM: first-level entry not accessible",
	[0x71 - 0x30] = "SM: first-level entry not present",
	[0x72 - 0x30] = "SM: first-level entry has reserved bits set",
	[0x73 - 0x30] = "SM: first-level top entry not accessible",
	[0x74 - 0x30] = "SM: nested: first-level entry address above the width",
	[0x75 - 0x30] = "SM: nested: first-level top entry not readable",
	[0x76 - 0x30] = "SM: nested: first-level entry not readable",
	[0x77 - 0x30] = "SM: nested: first-level entry not writable",
	[0x78 - 0x30] = "SM: second-level entry not accessible",
	[0x79 - 0x30] = "SM: second-level entry denies the access",
	[0x7a - 0x30] = "SM: second-level entry has reserved bits set",
	[0x7b - 0x30] = "SM: second-level table pointer invalid",
	[0x7c - 0x30] = "SM: second-level A/D update in a no-snoop setup",
	[0x80 - 0x30] = "SM: first-level address not canonical",
	[0x81 - 0x30] = "SM: user request to a first-level supervisor page",
	[0x82 - 0x30] = "SM: execute request to a first-level no-execute page",
	[0x83 - 0x30] = "SM: address above the hardware's maximum",
	[0x84 - 0x30] = "SM: second-level entry address above the maximum",
	[0x85 - 0x30] = "SM: write or atomic request without write permission",
	[0x86 - 0x30] = "SM: read or atomic request without read permission",
	[0x87 - 0x30] = "SM: address in the interrupt range",
	[0x90 - 0x30] = "SM: first-level A/D update in a no-snoop setup",
};

/* dmar_get_fault_reason()'s lookup: *irq for an interrupt-remapping reason. */
static const char *fault_reason_text(u8 fr, bool *irq)
{
	const char *text = NULL;

	*irq = fr >= 0x20 && fr - 0x20 < (int)VR_ARRAY_SIZE(irq_reasons);
	if (*irq)
		text = irq_reasons[fr - 0x20];
	else if (fr >= 0x30 && fr - 0x30 < (int)VR_ARRAY_SIZE(sm_reasons))
		text = sm_reasons[fr - 0x30];
	else if (fr < VR_ARRAY_SIZE(legacy_reasons))
		text = legacy_reasons[fr];
	return text ? text : "Unknown";
}

void vr_iommu_frcd_text(u64 lo, u64 hi, struct vr_text *out)
{
	u16 sid = VR_IOMMU_FRCD_SID(hi);
	u8 fr = VR_IOMMU_FRCD_FR(hi);
	bool irq;
	const char *reason = fault_reason_text(fr, &irq);
	const char *type = (hi & VR_IOMMU_FRCD_T) ? "DMA Read" : "DMA Write";
	u64 addr = lo & VR_IOMMU_FRCD_FI_MASK;

	vr_text_puts(out, "DMAR: [");
	if (irq)
		vr_text_puts(out, "INTR-REMAP");
	else if (hi & VR_IOMMU_FRCD_PP)
		vr_text_printf(out, "%s PASID 0x%x", type, VR_IOMMU_FRCD_PV(hi));
	else
		vr_text_printf(out, "%s NO_PASID", type);
	vr_text_printf(out,
		       "] Request device [%02x:%02x.%d] fault %s 0x%llx [fault reason 0x%02x] %s",
		       sid >> 8, (sid >> 3) & 0x1f, sid & 7, irq ? "index" : "addr",
		       (unsigned long long)(irq ? addr >> 48 : addr), fr, reason);
}

/* "IOTLB DID 5 addr 0x40201000 (4 KiB) -> 0x123456000 RW, SL" and the like. */
void vri_iommu_cache_entry_describe(enum vr_iommu_cache cache, const struct vr_iommu_cache_entry *e,
				    struct vr_text *out)
{
	switch (cache) {
	case VR_IOMMU_CACHE_CONTEXT:
		vr_text_printf(out, "SID 0x%04x DID %u", e->sid, e->did);
		break;
	case VR_IOMMU_CACHE_PASID:
		vr_text_printf(out, "SID 0x%04x PASID 0x%x DID %u", e->sid, e->pasid, e->did);
		break;
	default:
		vr_text_printf(out, "DID %u", e->did);
		if (e->has_pasid)
			vr_text_printf(out, " PASID 0x%x", e->pasid);
		vr_text_printf(out, " addr 0x%llx (%s) -> 0x%llx %s%s", (unsigned long long)e->addr,
			       page_size_name(e->page_shift), (unsigned long long)e->phys,
			       e->perm & VR_IOMMU_SL_R ? "R" : "",
			       e->perm & VR_IOMMU_SL_W ? "W" : "");
		break;
	}
	if (e->fault)
		vr_text_printf(out, ", fault 0x%02x (caching mode)", e->fault);
}

/* A descriptor's granularity by the names of VT-d 6.5.2, or "G n" for none. */
static void gran_describe(unsigned int type, unsigned int g, struct vr_text *out)
{
	static const char *const names[][4] = {
		[VR_IOMMU_QI_CC] = { NULL, "global", "domain-selective", "device-selective" },
		[VR_IOMMU_QI_IOTLB] = { NULL, "global", "domain-selective", "page-selective" },
		[VR_IOMMU_QI_P_IOTLB] = { NULL, NULL, "PASID-selective", "page-selective" },
		[VR_IOMMU_QI_PC] = { "domain-selective", "PASID-selective", NULL, "global" },
	};

	if (type < VR_ARRAY_SIZE(names) && names[type][g])
		vr_text_puts(out, names[type][g]);
	else
		vr_text_printf(out, "G %u", g);
}

/* One descriptor as "IOTLB page-selective DID 5 addr 0x40200000 AM 0: removed 1". */
static void qi_desc_describe(const struct vri_iommu_qi_log *l, struct vr_text *out)
{
	static const char *const types[9] = {
		[VR_IOMMU_QI_CC] = "context-cache",	     [VR_IOMMU_QI_IOTLB] = "IOTLB",
		[VR_IOMMU_QI_DEV_TLB] = "device-TLB",	     [VR_IOMMU_QI_WAIT] = "wait",
		[VR_IOMMU_QI_P_IOTLB] = "PASID-IOTLB",	     [VR_IOMMU_QI_PC] = "PASID-cache",
		[VR_IOMMU_QI_P_DEV_TLB] = "PASID device-TLB"
	};
	unsigned int type = VR_IOMMU_QI_TYPE(l->qw0);

	if (type >= VR_ARRAY_SIZE(types) || !types[type]) {
		vr_text_printf(out, "type 0x%x", type);
	} else if (type == VR_IOMMU_QI_WAIT) {
		vr_text_printf(out, "wait%s%s status 0x%x at 0x%llx",
			       l->qw0 & VR_IOMMU_QI_WAIT_IF ? " IF" : "",
			       l->qw0 & VR_IOMMU_QI_WAIT_SW ? " SW" : "",
			       VR_IOMMU_QI_WAIT_DATA(l->qw0),
			       (unsigned long long)VR_IOMMU_QI_WAIT_ADDR(l->qw1));
	} else {
		vr_text_printf(out, "%s ", types[type]);
		gran_describe(type, VR_IOMMU_QI_GRAN(l->qw0), out);
		vr_text_printf(out, " DID %u", VR_IOMMU_QI_DID(l->qw0));
		if (type == VR_IOMMU_QI_P_IOTLB || type == VR_IOMMU_QI_PC)
			vr_text_printf(out, " PASID 0x%x", VR_IOMMU_QI_PASID(l->qw0));
		if (type == VR_IOMMU_QI_CC || type == VR_IOMMU_QI_DEV_TLB)
			vr_text_printf(out, " SID 0x%04x", VR_IOMMU_QI_SID(l->qw0));
		if ((type == VR_IOMMU_QI_IOTLB || type == VR_IOMMU_QI_P_IOTLB) &&
		    VR_IOMMU_QI_GRAN(l->qw0) == 3)
			vr_text_printf(out, " addr 0x%llx AM %u",
				       (unsigned long long)VR_IOMMU_QI_ADDR(l->qw1),
				       VR_IOMMU_QI_AM(l->qw1));
	}
	if (l->bad)
		vr_text_puts(out, ": bad, FSTS.IQE");
	else if (type != VR_IOMMU_QI_WAIT)
		vr_text_printf(out, ": removed %u", l->removed);
}

void vri_iommu_qi_describe(const struct vri_iommu_unit *u, struct vr_text *out)
{
	unsigned int i;

	vr_text_printf(out, "ran %u descriptor(s)", u->ndesc);
	for (i = 0; i < u->nlog; i++) {
		vr_text_puts(out, i ? "; " : ": ");
		qi_desc_describe(&u->log[i], out);
	}
	if (u->ndesc > u->nlog)
		vr_text_puts(out, "; ...");
	vr_text_printf(out, "; IQH 0x%llx", (unsigned long long)u->iqh);
}
