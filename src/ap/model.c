/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The ap model's op table: the AP configuration (adapters, domains,
 * adapter states), the guest's PQAP, NQAP and DQAP with their register
 * images, the adapter finishing a request, and the CPU taking an adapter
 * interruption.  Guest memory 0x0 - 0xffff is backed for NIBs and QCI
 * blocks; `mem:` steps write it.
 */
#include <stdio.h>
#include <string.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include <virtref/mem.h>
#include "ap/ap_internal.h"

#define GUEST_SIZE 0x10000u

static const char *const mode_names[] = { "coprocessor", "accelerator", "xcp" };
static const char *const state_names[] = { "online", "deconfigured", "checkstopped" };
static const char *const exception_names[] = { "none", "privileged", "specification",
					       "addressing" };
static const char *const fc_names[] = { "TAPQ", "RAPQ", "ZAPQ", "AQIC", "QCI" };
static const char *const crycb_names[] = { "none", "format0", "format1", "format2" };
static const char *const mask_names[] = { "apm", "aqm", "adm" };

enum {
	CFG_PROFILE,
	CFG_APXA,
	CFG_QCI,
	CFG_APFT,
	CFG_AQIC,
	CFG_NIB0,
	CFG_IRQ_LAG,
	CFG_RESET_LAG,
	CFG_MAX_APID,
	CFG_MAX_APQI,
	CFG_MSAX3,
	CFG_CRYCB,
	CFG_GISA,
	CFG_GIB_ISC,
	CFG_KVM_APIE,
	CFG_KVM_AIV,
	NR_CFG
};
static const struct vr_field ap_config[] = {
	[CFG_PROFILE] =
		VR_ENUM_TABLE_OPT("profile", vri_ap_profiles, VR_AP_NR_PROFILES, VR_AP_MAINLINE,
				  "kernel state: a tag or a posted series "
				  "(docs/ap.md \"Profiles\")"),
	[CFG_APXA] = VR_BOOL_OPT("apxa", true, "AP extended addressing: 256 APIDs and APQIs"),
	[CFG_QCI] = VR_BOOL_OPT("qci", true, "facility 12: PQAP(QCI)"),
	[CFG_APFT] = VR_BOOL_OPT("apft", true, "facility 15: the T bit of TAPQ"),
	[CFG_AQIC] = VR_BOOL_OPT("aqic", true, "facility 65: PQAP(AQIC)"),
	[CFG_NIB0] =
		VR_BOOL_OPT("nib0_valid", false,
			    "AQIC accepts a NIB of 0 (KVM's intercept path) instead of RC 0x06"),
	[CFG_IRQ_LAG] = VR_U64_OPT("irq_lag", 0, 16, 1, "TAPQs before I follows an AQIC"),
	[CFG_RESET_LAG] =
		VR_U64_OPT("reset_lag", 0, 16, 0, "instructions a reset answers RC 0x02 to"),
	[CFG_MAX_APID] = VR_U64_OPT("max_apid", 0, 255, 255, "with APXA: Na, the highest APID"),
	[CFG_MAX_APQI] = VR_U64_OPT("max_apqi", 0, 255, 255, "with APXA: Nd, the highest APQI"),
	[CFG_MSAX3] = VR_BOOL_OPT("msax3", true, "facility 76: CRYCB formats 1 and 2"),
	[CFG_CRYCB] =
		VR_ENUM_OPT("crycb", crycb_names, VR_AP_CRYCB_NONE,
			    "the program's CRYCB: none (the whole configuration) or a format"),
	[CFG_GISA] = VR_X64_OPT("gisa", 0, 0x7ffffff0, 0,
				"the guest's GISA origin (16-byte aligned); 0: none"),
	[CFG_GIB_ISC] = VR_U64_OPT("gib_isc", 0, 7, 5, "the host ISC the GIB alerts on"),
	[CFG_KVM_APIE] = VR_BOOL_OPT("kvm_apie", true,
				     "KVM: the guest's AP instructions "
				     "are interpreted (ECA_APIE)"),
	[CFG_KVM_AIV] =
		VR_BOOL_OPT("kvm_aiv", true, "KVM: adapter-interruption virtualization (ECA_AIV)"),
};
VR_FIELDS_CHECK(ap_config, NR_CFG);

static int ap_create(const struct vr_value *config, void **model)
{
	struct vr_ap_config cfg = {
		.profile = (enum vr_ap_profile)config[CFG_PROFILE].u,
		.apxa = config[CFG_APXA].u,
		.qci = config[CFG_QCI].u,
		.apft = config[CFG_APFT].u,
		.aqic = config[CFG_AQIC].u,
		.nib0_valid = config[CFG_NIB0].u,
		.irq_lag = (uint32_t)config[CFG_IRQ_LAG].u,
		.reset_lag = (uint32_t)config[CFG_RESET_LAG].u,
		.max_apid = (uint32_t)config[CFG_MAX_APID].u,
		.max_apqi = (uint32_t)config[CFG_MAX_APQI].u,
		.msax3 = config[CFG_MSAX3].u,
		.crycb = (enum vr_ap_crycb_format)config[CFG_CRYCB].u,
		.gisa = (uint32_t)config[CFG_GISA].u,
		.gib_isc = (uint32_t)config[CFG_GIB_ISC].u,
		.kvm_apie = config[CFG_KVM_APIE].u,
		.kvm_aiv = config[CFG_KVM_AIV].u,
	};
	struct vr_ap *ap;
	int ret = vr_ap_create(&cfg, &ap);

	if (ret)
		return ret;
	if (vr_mem_add(vr_ap_guest(ap), 0, GUEST_SIZE)) {
		vr_ap_destroy(ap);
		return -ENOMEM;
	}
	*model = ap;
	return 0;
}

static void ap_destroy(void *model)
{
	vr_ap_destroy(model);
}

enum { RET_RET, RET_NR_RESULTS };
static const struct vr_field ret_results[] = {
	[RET_RET] = VR_ERRNO("ret", "0 or a negative errno"),
};
VR_FIELDS_CHECK(ret_results, RET_NR_RESULTS);

enum { ADD_A_APID, ADD_A_TYPE, ADD_A_MODE, ADD_A_DEPTH, ADD_A_NR_ARGS };
static const struct vr_field add_adapter_args[] = {
	[ADD_A_APID] = VR_U64("apid", 0, 255, "adapter number"),
	[ADD_A_TYPE] = VR_U64_OPT("type", 0, 255, 13, "AP type (10 CEX4 ... 13 CEX7)"),
	[ADD_A_MODE] = VR_ENUM_OPT("mode", mode_names, VR_AP_COPROCESSOR, "adapter mode"),
	[ADD_A_DEPTH] = VR_U64_OPT("depth", 0, 255, VR_AP_MAX_DEPTH, "request queue depth"),
};
VR_FIELDS_CHECK(add_adapter_args, ADD_A_NR_ARGS);

static int op_add_adapter(void *model, struct vr_call *c)
{
	uint32_t apid = (uint32_t)vr_arg_u64(c, ADD_A_APID);
	int ret = vr_ap_add_adapter(model, apid, (uint32_t)vr_arg_u64(c, ADD_A_TYPE),
				    (enum vr_ap_mode)vr_arg_enum(c, ADD_A_MODE),
				    (uint32_t)vr_arg_u64(c, ADD_A_DEPTH));

	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "adapter %02x: %s", apid, vr_errno_str(ret));
	return 0;
}

enum { ADD_D_APQI, ADD_D_NR_ARGS };
static const struct vr_field add_domain_args[] = {
	[ADD_D_APQI] = VR_U64("apqi", 0, 255, "usage domain"),
};
VR_FIELDS_CHECK(add_domain_args, ADD_D_NR_ARGS);

static int op_add_domain(void *model, struct vr_call *c)
{
	uint32_t apqi = (uint32_t)vr_arg_u64(c, ADD_D_APQI);
	int ret = vr_ap_add_domain(model, apqi);

	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "domain %04x: %s", apqi, vr_errno_str(ret));
	return 0;
}

enum { STATE_APID, STATE_STATE, STATE_NR_ARGS };
static const struct vr_field adapter_state_args[] = {
	[STATE_APID] = VR_U64("apid", 0, 255, "adapter number"),
	[STATE_STATE] = VR_ENUM("state", state_names, "the adapter's new state"),
};
VR_FIELDS_CHECK(adapter_state_args, STATE_NR_ARGS);

static int op_adapter_state(void *model, struct vr_call *c)
{
	uint32_t apid = (uint32_t)vr_arg_u64(c, STATE_APID);
	uint32_t state = vr_arg_enum(c, STATE_STATE);
	int ret = vr_ap_set_adapter_state(model, apid, (enum vr_ap_adapter_state)state);

	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "adapter %02x %s: %s", apid, state_names[state], vr_errno_str(ret));
	return 0;
}

/* The results every AP instruction has. */
enum {
	INSN_EXC,
	INSN_CC,
	INSN_GR1,
	INSN_RC,
	INSN_GR2,
	INSN_LEN,
	INSN_GR0,
	INSN_PSMID,
	INSN_ADDR,
	INSN_NR_RESULTS
};
static const struct vr_field insn_results[] = {
	[INSN_EXC] = VR_ENUM("exception", exception_names, "program exception"),
	[INSN_CC] = VR_U64("cc", 0, 3, "condition code"),
	[INSN_GR1] = VR_X64("gr1", 0, UINT64_MAX, "GR1 after: the APQSW in bits 32-63"),
	[INSN_RC] = VR_X64("rc", 0, 255, "the APQSW's response code"),
	[INSN_GR2] =
		VR_X64("gr2", 0, UINT64_MAX,
		       "GR2 after: PQAP the TAPQ information; DQAP the reply bytes not stored"),
	[INSN_LEN] = VR_U64("len", 0, UINT64_MAX, "NQAP, DQAP: R2 + 1 after, the length left"),
	[INSN_GR0] = VR_X64("gr0", 0, UINT64_MAX, "DQAP: GR0 after, to continue with"),
	[INSN_PSMID] = VR_X64("psmid", 0, UINT64_MAX, "DQAP: the reply's PSMID (R1, R1 + 1)"),
	[INSN_ADDR] = VR_X64("addr", 0, UINT64_MAX, "NQAP, DQAP: R2 after, the address reached"),
};
VR_FIELDS_CHECK(insn_results, INSN_NR_RESULTS);

/* The status (gr1, rc) only when the instruction completed: cc 0 or 3. */
static void store(struct vr_call *c, const struct vr_ap_result *r, bool regs)
{
	vr_res_u64(c, INSN_EXC, r->exception);
	if (r->exception != VR_AP_EXC_NONE || !regs)
		return;
	vr_res_u64(c, INSN_CC, r->cc);
	if (r->cc == 1 || r->cc == 2)
		return;
	vr_res_u64(c, INSN_GR1, r->gr1);
	vr_res_u64(c, INSN_RC, vr_ap_qsw_rc((uint32_t)r->gr1));
}

static void narrate(struct vr_call *c, const char *what, uint64_t gr0, const struct vr_ap_result *r)
{
	if (r->exception != VR_AP_EXC_NONE)
		vr_explain(c, "%s %02x.%04x: %s exception", what, (unsigned)VR_AP_APID(gr0),
			   (unsigned)VR_AP_APQI(gr0), exception_names[r->exception]);
	else if (r->cc == 1 || r->cc == 2)
		vr_explain(c,
			   "%s %02x.%04x: cc %u, stopped early: R2 0x%llx, R2 + 1 0x%llx to go on "
			   "with",
			   what, (unsigned)VR_AP_APID(gr0), (unsigned)VR_AP_APQI(gr0), r->cc,
			   (unsigned long long)r->addr, (unsigned long long)r->len);
	else
		vr_explain(c, "%s %02x.%04x: cc %u RC 0x%02x APQSW 0x%08x", what,
			   (unsigned)VR_AP_APID(gr0), (unsigned)VR_AP_APQI(gr0), r->cc,
			   vr_ap_qsw_rc((uint32_t)r->gr1), (uint32_t)r->gr1);
}

enum { PQAP_GR0, PQAP_GR1, PQAP_GR2, PQAP_PROBLEM, PQAP_NR_ARGS };
static const struct vr_field pqap_args[] = {
	[PQAP_GR0] = VR_X64("gr0", 0, UINT64_MAX, "function code (bits 32-39), T, APQN"),
	[PQAP_GR1] = VR_X64_OPT("gr1", 0, UINT64_MAX, 0, "AQIC: IR (bit 16) and ISC"),
	[PQAP_GR2] = VR_X64_OPT("gr2", 0, UINT64_MAX, 0, "AQIC: NIB; QCI: block address"),
	[PQAP_PROBLEM] = VR_BOOL_OPT("problem_state", false, "the PSW's P bit"),
};
VR_FIELDS_CHECK(pqap_args, PQAP_NR_ARGS);

static int op_pqap(void *model, struct vr_call *c)
{
	uint64_t gr0 = vr_arg_u64(c, PQAP_GR0);
	uint32_t fc = (uint32_t)((gr0 & VR_AP_GR0_FC) >> VR_AP_GR0_FC_SHIFT);
	struct vr_ap_result r;
	char what[16];

	vr_ap_pqap(model, gr0, vr_arg_u64(c, PQAP_GR1), vr_arg_u64(c, PQAP_GR2),
		   vr_arg_bool(c, PQAP_PROBLEM), &r);
	store(c, &r, fc != VR_AP_FC_QCI);
	if (r.exception == VR_AP_EXC_NONE) {
		if (fc == VR_AP_FC_QCI)
			vr_res_u64(c, INSN_CC, r.cc);
		vr_res_u64(c, INSN_GR2, r.gr2);
	}
	snprintf(what, sizeof(what), "PQAP(%s)",
		 fc < VR_ARRAY_SIZE(fc_names) ? fc_names[fc] : "FC?");
	narrate(c, what, gr0, &r);
	return 0;
}

enum {
	NQAP_GR0,
	NQAP_R1,
	NQAP_R2,
	NQAP_PSMID,
	NQAP_LEN,
	NQAP_PROBLEM,
	NQAP_ADDR,
	NQAP_OTHER_DOMAIN,
	NQAP_NR_ARGS
};
static const struct vr_field nqap_args[] = {
	[NQAP_GR0] = VR_X64("gr0", 0, UINT64_MAX, "APQN, last part (bit 33), special (bit 41)"),
	[NQAP_R1] = VR_U64_OPT("r1", 0, 15, 2, "even register of the PSMID pair"),
	[NQAP_R2] = VR_U64_OPT("r2", 0, 15, 4, "even register of the message address/length"),
	[NQAP_PSMID] = VR_X64("psmid", 0, UINT64_MAX, "program-supplied message id"),
	[NQAP_LEN] = VR_U64("len", 0, UINT32_MAX, "message length (R2 + 1)"),
	[NQAP_PROBLEM] = VR_BOOL_OPT("problem_state", false, "the PSW's P bit"),
	[NQAP_ADDR] = VR_X64_OPT("addr", 0, UINT32_MAX, 0, "message address (R2)"),
	[NQAP_OTHER_DOMAIN] = VR_BOOL_OPT("other_domain", false,
					  "the message names another usage domain (RC 0x42)"),
};
VR_FIELDS_CHECK(nqap_args, NQAP_NR_ARGS);

/* Where a partial NQAP or DQAP left R2 and R2 + 1; cc 3 changed neither. */
static void store_pair(struct vr_call *c, const struct vr_ap_result *r)
{
	if (r->exception != VR_AP_EXC_NONE || r->cc == 3)
		return;
	vr_res_u64(c, INSN_ADDR, r->addr);
	vr_res_u64(c, INSN_LEN, r->len);
}

static int op_nqap(void *model, struct vr_call *c)
{
	uint64_t gr0 = vr_arg_u64(c, NQAP_GR0);
	struct vr_ap_result r;

	vr_ap_nqap(model, gr0, (uint32_t)vr_arg_u64(c, NQAP_R1), (uint32_t)vr_arg_u64(c, NQAP_R2),
		   vr_arg_u64(c, NQAP_PSMID), vr_arg_u64(c, NQAP_ADDR), vr_arg_u64(c, NQAP_LEN),
		   vr_arg_bool(c, NQAP_OTHER_DOMAIN), vr_arg_bool(c, NQAP_PROBLEM), &r);
	store(c, &r, true);
	store_pair(c, &r);
	narrate(c, "NQAP", gr0, &r);
	return 0;
}

enum { DQAP_GR0, DQAP_R1, DQAP_R2, DQAP_LEN, DQAP_PROBLEM, DQAP_ADDR, DQAP_NR_ARGS };
static const struct vr_field dqap_args[] = {
	[DQAP_GR0] = VR_X64("gr0", 0, UINT64_MAX, "APQN, first call (bit 32)"),
	[DQAP_R1] = VR_U64_OPT("r1", 0, 15, 2, "even register of the PSMID pair"),
	[DQAP_R2] = VR_U64_OPT("r2", 0, 15, 4, "even register of the buffer address/length"),
	[DQAP_LEN] = VR_U64("len", 0, UINT32_MAX, "buffer length (R2 + 1)"),
	[DQAP_PROBLEM] = VR_BOOL_OPT("problem_state", false, "the PSW's P bit"),
	[DQAP_ADDR] = VR_X64_OPT("addr", 0, UINT32_MAX, 0, "buffer address (R2)"),
};
VR_FIELDS_CHECK(dqap_args, DQAP_NR_ARGS);

static int op_dqap(void *model, struct vr_call *c)
{
	uint64_t gr0 = vr_arg_u64(c, DQAP_GR0);
	struct vr_ap_result r;

	vr_ap_dqap(model, gr0, (uint32_t)vr_arg_u64(c, DQAP_R1), (uint32_t)vr_arg_u64(c, DQAP_R2),
		   vr_arg_u64(c, DQAP_ADDR), vr_arg_u64(c, DQAP_LEN), vr_arg_bool(c, DQAP_PROBLEM),
		   &r);
	store(c, &r, true);
	if (r.exception == VR_AP_EXC_NONE && r.cc != 3) {
		vr_res_u64(c, INSN_GR0, r.gr0);
		vr_res_u64(c, INSN_GR2, r.gr2);
		vr_res_u64(c, INSN_PSMID, r.psmid);
	}
	store_pair(c, &r);
	narrate(c, "DQAP", gr0, &r);
	return 0;
}

enum { REPLY_APQN, REPLY_PSMID, REPLY_LEN, REPLY_NR_ARGS };
static const struct vr_field reply_args[] = {
	[REPLY_APQN] = VR_X64("apqn", 0, 0xffff, "the queue"),
	[REPLY_PSMID] = VR_X64("psmid", 0, UINT64_MAX, "an outstanding request"),
	[REPLY_LEN] = VR_U64_OPT("len", 0, UINT32_MAX, 16, "reply length"),
};
VR_FIELDS_CHECK(reply_args, REPLY_NR_ARGS);

static int op_reply(void *model, struct vr_call *c)
{
	uint32_t apqn = (uint32_t)vr_arg_u64(c, REPLY_APQN);
	uint64_t psmid = vr_arg_u64(c, REPLY_PSMID);
	int ret = vr_ap_reply(model, apqn, psmid, vr_arg_u64(c, REPLY_LEN));

	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "reply %02x.%04x PSMID 0x%llx: %s, pending ISCs 0x%02x", VR_AP_APID(apqn),
		   VR_AP_APQI(apqn), (unsigned long long)psmid, vr_errno_str(ret),
		   vr_ap_pending_iscs(model));
	return 0;
}

enum { TAKE_ISC, TAKE_NR_RESULTS };
static const struct vr_field take_results[] = {
	[TAKE_ISC] =
		VR_S64("isc", -ENOENT, 7, "the ISC taken, or -ENOENT (-2) when none is pending"),
};
VR_FIELDS_CHECK(take_results, TAKE_NR_RESULTS);

static int op_take_interruption(void *model, struct vr_call *c)
{
	int isc = vr_ap_take_interruption(model);

	vr_res_s64(c, TAKE_ISC, isc);
	if (isc < 0)
		vr_explain(c, "no adapter interruption pending");
	else
		vr_explain(c, "adapter interruption on ISC %d taken", isc);
	return 0;
}

enum { BUSY_APQN, BUSY_N, BUSY_NR_ARGS };
static const struct vr_field queue_busy_args[] = {
	[BUSY_APQN] = VR_X64("apqn", 0, 0xffff, "the queue"),
	[BUSY_N] = VR_U64("n", 0, 16, "instructions that see RC 0x05"),
};
VR_FIELDS_CHECK(queue_busy_args, BUSY_NR_ARGS);

static int op_queue_busy(void *model, struct vr_call *c)
{
	uint32_t apqn = (uint32_t)vr_arg_u64(c, BUSY_APQN);
	uint32_t n = (uint32_t)vr_arg_u64(c, BUSY_N);
	int ret = vr_ap_set_queue_busy(model, apqn, n);

	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "%02x.%04x busy for %u instructions: %s", VR_AP_APID(apqn), VR_AP_APQI(apqn),
		   n, vr_errno_str(ret));
	return 0;
}

enum { CRYCB_MASK, CRYCB_ID, CRYCB_ON, CRYCB_NR_ARGS };
static const struct vr_field crycb_set_args[] = {
	[CRYCB_MASK] = VR_ENUM("mask", mask_names, "APM, AQM or ADM"),
	[CRYCB_ID] = VR_U64("id", 0, 255, "the APID or domain"),
	[CRYCB_ON] = VR_BOOL_OPT("on", true, "set (true) or clear"),
};
VR_FIELDS_CHECK(crycb_set_args, CRYCB_NR_ARGS);

static int op_crycb_set(void *model, struct vr_call *c)
{
	uint32_t mask = vr_arg_enum(c, CRYCB_MASK);
	uint32_t id = (uint32_t)vr_arg_u64(c, CRYCB_ID);
	bool on = vr_arg_bool(c, CRYCB_ON);
	int ret = vr_ap_crycb_set(model, (enum vr_ap_mask)mask, id, on);

	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "CRYCB %s %s %u: %s", mask_names[mask], on ? "set" : "clear", id,
		   vr_errno_str(ret));
	return 0;
}

enum { RUN_RUNNING, RUN_NR_ARGS };
static const struct vr_field gisa_running_args[] = {
	[RUN_RUNNING] = VR_BOOL("running", "the guest runs on a CPU"),
};
VR_FIELDS_CHECK(gisa_running_args, RUN_NR_ARGS);

static int op_gisa_running(void *model, struct vr_call *c)
{
	bool running = vr_arg_bool(c, RUN_RUNNING);
	int ret = vr_ap_gisa_set_running(model, running);

	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "guest %s: %s", running ? "runs" : "stops", vr_errno_str(ret));
	return 0;
}

enum { IAM_IAM, IAM_NR_ARGS };
static const struct vr_field gisa_iam_args[] = {
	[IAM_IAM] = VR_X64("iam", 0, 0xff, "alert mask, 0x80 >> GISC per GISC"),
};
VR_FIELDS_CHECK(gisa_iam_args, IAM_NR_ARGS);

static int op_gisa_iam(void *model, struct vr_call *c)
{
	uint8_t iam = (uint8_t)vr_arg_u64(c, IAM_IAM);
	int ret = vr_ap_gisa_set_iam(model, iam);

	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "GISA alert mask 0x%02x: %s", iam, vr_errno_str(ret));
	return 0;
}

enum { GISA_RET, GISA_IPM, GISA_IAM, GISA_ALERTED, GISA_NR_RESULTS };
static const struct vr_field gisa_take_results[] = {
	[GISA_RET] = VR_S64("gisc", -ENODEV, 7,
			    "the GISC taken; -ENOENT none pending, -EAGAIN not running, "
			    "-ENODEV no GISA"),
	[GISA_IPM] = VR_X64("ipm", 0, 0xff, "pending mask after"),
	[GISA_IAM] = VR_X64("iam", 0, 0xff, "alert mask after"),
	[GISA_ALERTED] = VR_BOOL("alerted", "the GIB alerted the host"),
};
VR_FIELDS_CHECK(gisa_take_results, GISA_NR_RESULTS);

static int op_gisa_take(void *model, struct vr_call *c)
{
	int gisc = vr_ap_gisa_take(model);
	struct vr_ap_gisa_state g;

	vr_res_s64(c, GISA_RET, gisc);
	if (vr_ap_gisa(model, &g) == 0) {
		vr_res_u64(c, GISA_IPM, g.ipm);
		vr_res_u64(c, GISA_IAM, g.iam);
		vr_res_bool(c, GISA_ALERTED, g.alerted);
	}
	if (gisc < 0)
		vr_explain(c, "guest takes no GISA interruption: %s", vr_errno_str(gisc));
	else
		vr_explain(c, "guest takes the interruption pending on GISC %d", gisc);
	return 0;
}

enum { APQN_APQN, APQN_NR_ARGS };
static const struct vr_field apqn_args[] = {
	[APQN_APQN] = VR_X64("apqn", 0, 0xffff, "the queue"),
};
VR_FIELDS_CHECK(apqn_args, APQN_NR_ARGS);

static int op_queue_probe(void *model, struct vr_call *c)
{
	uint32_t apqn = (uint32_t)vr_arg_u64(c, APQN_APQN);
	int ret = vr_ap_queue_probe(model, apqn);

	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "vfio_ap probes %02x.%04x: %s", VR_AP_APID(apqn), VR_AP_APQI(apqn),
		   vr_errno_str(ret));
	return 0;
}

static int op_queue_remove(void *model, struct vr_call *c)
{
	uint32_t apqn = (uint32_t)vr_arg_u64(c, APQN_APQN);
	int ret = vr_ap_queue_remove(model, apqn);
	struct vr_ap_kernel_state k;

	vr_ap_kernel_state(model, &k);
	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "vfio_ap removes %02x.%04x: %s; %llu NIB pages pinned", VR_AP_APID(apqn),
		   VR_AP_APQI(apqn), vr_errno_str(ret), (unsigned long long)k.pins);
	return 0;
}

enum { MDEV_ID, MDEV_NR_ARGS };
static const struct vr_field mdev_args[] = {
	[MDEV_ID] = VR_U64("mdev", 0, VR_AP_MAX_MDEVS - 1, "the mdev"),
};
VR_FIELDS_CHECK(mdev_args, MDEV_NR_ARGS);

static int mdev_op(struct vr_call *c, const char *what, int ret)
{
	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "mdev %u %s: %s", (unsigned)vr_arg_u64(c, MDEV_ID), what, vr_errno_str(ret));
	return 0;
}

static int op_mdev_create(void *model, struct vr_call *c)
{
	return mdev_op(c, "create", vr_ap_mdev_create(model, (uint32_t)vr_arg_u64(c, MDEV_ID)));
}

static int op_mdev_remove(void *model, struct vr_call *c)
{
	return mdev_op(c, "remove", vr_ap_mdev_remove(model, (uint32_t)vr_arg_u64(c, MDEV_ID)));
}

static int op_mdev_open(void *model, struct vr_call *c)
{
	uint32_t id = (uint32_t)vr_arg_u64(c, MDEV_ID);
	int ret = vr_ap_mdev_open(model, id);

	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "mdev %u open: %s, %s", id, vr_errno_str(ret),
		   vr_ap_mdev_in_use(model, id) ? "the guest uses it" : "no guest");
	return 0;
}

static int op_mdev_release(void *model, struct vr_call *c)
{
	return mdev_op(c, "release", vr_ap_mdev_release(model, (uint32_t)vr_arg_u64(c, MDEV_ID)));
}

static const char *const attr_names[] = {
	"assign_adapter",  "unassign_adapter",	    "assign_domain",
	"unassign_domain", "assign_control_domain", "unassign_control_domain",
};

enum { STORE_MDEV, STORE_ATTR, STORE_BUF, STORE_NR_ARGS };
static const struct vr_field store_args[] = {
	[STORE_MDEV] = VR_U64("mdev", 0, VR_AP_MAX_MDEVS - 1, "the mdev"),
	[STORE_ATTR] = VR_ENUM("attr", attr_names, "the sysfs attribute"),
	[STORE_BUF] = VR_LIST("buf", 1, 127, 24, "the bytes written (ASCII codes)"),
};
VR_FIELDS_CHECK(store_args, STORE_NR_ARGS);

enum { STORE_RET, STORE_NR_RESULTS };
static const struct vr_field store_results[] = {
	[STORE_RET] = VR_S64("ret", -4095, 24, "the bytes taken, or a negative errno"),
};
VR_FIELDS_CHECK(store_results, STORE_NR_RESULTS);

static int op_mdev_store(void *model, struct vr_call *c)
{
	const struct vr_value *v = &c->args[STORE_BUF];
	uint32_t id = (uint32_t)vr_arg_u64(c, STORE_MDEV);
	uint32_t attr = vr_arg_enum(c, STORE_ATTR);
	char buf[32];
	long ret;

	for (uint32_t i = 0; i < v->len; i++)
		buf[i] = (char)v->list[i];
	buf[v->len] = 0;
	ret = vr_ap_mdev_store(model, id, attr_names[attr], buf);
	vr_res_s64(c, STORE_RET, ret);
	if (ret < 0)
		vr_explain(c, "mdev %u %s \"%.*s\": %ld (%s)", id, attr_names[attr],
			   (int)strcspn(buf, "\n"), buf, ret, vr_errno_str((int)ret));
	else
		vr_explain(c, "mdev %u %s \"%.*s\": taken", id, attr_names[attr],
			   (int)strcspn(buf, "\n"), buf);
	return 0;
}

enum { GUEST_GR0, GUEST_GR1, GUEST_GR2, GUEST_PROBLEM, GUEST_CC, GUEST_NR_ARGS };
static const struct vr_field guest_pqap_args[] = {
	[GUEST_GR0] = VR_X64("gr0", 0, UINT64_MAX, "function code (3: AQIC) and APQN"),
	[GUEST_GR1] = VR_X64_OPT("gr1", 0, UINT64_MAX, 0, "IR (bit 16) and ISC"),
	[GUEST_GR2] = VR_X64_OPT("gr2", 0, UINT64_MAX, 0, "the NIB, a guest address"),
	[GUEST_PROBLEM] = VR_BOOL_OPT("problem_state", false, "the guest PSW's P bit"),
	[GUEST_CC] = VR_U64_OPT("psw_cc", 0, 3, 0, "the guest's condition code before"),
};
VR_FIELDS_CHECK(guest_pqap_args, GUEST_NR_ARGS);

enum { GRES_RET, GRES_EXC, GRES_CC, GRES_GR1, GRES_RC, GRES_PINS, GRES_ALERT, GRES_NR_RESULTS };
static const struct vr_field guest_pqap_results[] = {
	[GRES_RET] = VR_ERRNO("ret", "kvm_s390_handle_b2(): 0, or to user space"),
	[GRES_EXC] = VR_ENUM("exception", exception_names, "program interruption injected"),
	[GRES_CC] = VR_U64("cc", 0, 3, "the guest's condition code after"),
	[GRES_GR1] = VR_X64("gr1", 0, UINT64_MAX, "the guest's GR1 after"),
	[GRES_RC] = VR_X64("rc", 0, 255, "the RC in GR1 bits 32-63"),
	[GRES_PINS] = VR_U64("pins", 0, UINT64_MAX, "NIB pages vfio_ap holds pinned"),
	[GRES_ALERT] = VR_X64("alert_mask", 0, 0xff, "KVM's GISA alert mask (GISCs registered)"),
};
VR_FIELDS_CHECK(guest_pqap_results, GRES_NR_RESULTS);

/* What vfio_ap's hook changed on the queue, in words. */
static void explain_vfio(struct vr_call *c, const struct vr_ap_vfio_queue *before,
			 const struct vr_ap_vfio_queue *after, const struct vr_ap_kernel_state *k)
{
	if (before->saved_iova == after->saved_iova && before->saved_isc == after->saved_isc)
		vr_explain(c,
			   "  vfio_ap holds what it held: %llu NIB pages pinned, alert mask 0x%02x",
			   (unsigned long long)k->pins, k->alert_mask);
	else if (after->saved_isc == 0xff)
		vr_explain(c, "  vfio_ap released the NIB page and the GISC: %llu NIB pages pinned",
			   (unsigned long long)k->pins);
	else
		vr_explain(c, "  pinned guest page 0x%llx, GISC %u registered (alert mask 0x%02x)",
			   (unsigned long long)(after->saved_iova >> 12), after->saved_isc,
			   k->alert_mask);
}

static int op_guest_pqap(void *model, struct vr_call *c)
{
	uint64_t gr0 = vr_arg_u64(c, GUEST_GR0), gr1 = vr_arg_u64(c, GUEST_GR1);
	uint64_t gr2 = vr_arg_u64(c, GUEST_GR2);
	struct vr_ap_vfio_queue before = { 0 }, after = { 0 };
	uint32_t apqn = gr0 & VR_AP_GR0_APQN;
	struct vr_ap_guest_result r;
	struct vr_ap_kernel_state k;

	vr_ap_vfio_queue(model, apqn, &before);
	vr_ap_guest_pqap(model, gr0, gr1, gr2, vr_arg_bool(c, GUEST_PROBLEM),
			 (uint8_t)vr_arg_u64(c, GUEST_CC), &r);
	vr_ap_vfio_queue(model, apqn, &after);
	vr_ap_kernel_state(model, &k);
	vr_res_s64(c, GRES_RET, r.ret);
	vr_res_u64(c, GRES_EXC, r.exception);
	vr_res_u64(c, GRES_CC, r.cc);
	vr_res_u64(c, GRES_GR1, r.gr1);
	vr_res_u64(c, GRES_RC, vr_ap_qsw_rc((uint32_t)r.gr1));
	vr_res_u64(c, GRES_PINS, k.pins);
	vr_res_u64(c, GRES_ALERT, k.alert_mask);
	if (r.ret) {
		vr_explain(c, "guest PQAP %02x.%04x: to user space (%s)", VR_AP_APID(apqn),
			   VR_AP_APQI(apqn), vr_errno_str(r.ret));
	} else if (r.exception) {
		vr_explain(c, "guest PQAP %02x.%04x: %s exception", VR_AP_APID(apqn),
			   VR_AP_APQI(apqn), exception_names[r.exception]);
	} else {
		vr_explain(c, "guest PQAP %02x.%04x IR=%d NIB 0x%llx ISC %u: guest cc %u RC 0x%02x",
			   VR_AP_APID(apqn), VR_AP_APQI(apqn), !!(gr1 & VR_AP_AQIC_IR),
			   (unsigned long long)gr2, (unsigned)(gr1 & VR_AP_AQIC_ISC), r.cc,
			   vr_ap_qsw_rc((uint32_t)r.gr1));
		explain_vfio(c, &before, &after, &k);
	}
	return 0;
}

enum { INFO_MDEV, INFO_ARGSZ, INFO_FAULT, INFO_NR_ARGS };
static const struct vr_field get_info_args[] = {
	[INFO_MDEV] = VR_U64("mdev", 0, VR_AP_MAX_MDEVS - 1, "the mdev"),
	[INFO_ARGSZ] = VR_U64_OPT("argsz", 0, UINT32_MAX, 16, "the VMM's argsz"),
	[INFO_FAULT] = VR_BOOL_OPT("fault", false, "pass an address with no memory behind it"),
};
VR_FIELDS_CHECK(get_info_args, INFO_NR_ARGS);

enum { INFO_RET, INFO_R_ARGSZ, INFO_FLAGS, INFO_REGIONS, INFO_IRQS, INFO_NR_RESULTS };
static const struct vr_field get_info_results[] = {
	[INFO_RET] = VR_ERRNO("ret", "0 or a negative errno"),
	[INFO_R_ARGSZ] = VR_U64("argsz", 0, UINT32_MAX, "argsz after"),
	[INFO_FLAGS] = VR_X64("flags", 0, UINT32_MAX, "flags after: AP 0x20, RESET 0x1"),
	[INFO_REGIONS] = VR_U64("num_regions", 0, UINT32_MAX, "regions"),
	[INFO_IRQS] = VR_U64("num_irqs", 0, UINT32_MAX, "interrupt indexes"),
};
VR_FIELDS_CHECK(get_info_results, INFO_NR_RESULTS);

static int op_mdev_get_info(void *model, struct vr_call *c)
{
	uint32_t id = (uint32_t)vr_arg_u64(c, INFO_MDEV);
	struct vr_ap_device_info info;
	int ret = vr_ap_mdev_get_info(model, id, (uint32_t)vr_arg_u64(c, INFO_ARGSZ),
				      vr_arg_bool(c, INFO_FAULT), &info);

	vr_res_s64(c, INFO_RET, ret);
	vr_res_u64(c, INFO_R_ARGSZ, info.argsz);
	vr_res_u64(c, INFO_FLAGS, info.flags);
	vr_res_u64(c, INFO_REGIONS, info.num_regions);
	vr_res_u64(c, INFO_IRQS, info.num_irqs);
	vr_explain(c, "mdev %u VFIO_DEVICE_GET_INFO: %s, flags 0x%x, %u regions, %u irqs", id,
		   vr_errno_str(ret), info.flags, info.num_regions, info.num_irqs);
	return 0;
}

enum { IOCTL_MDEV, IOCTL_CMD, IOCTL_NR_ARGS };
static const struct vr_field ioctl_args[] = {
	[IOCTL_MDEV] = VR_U64("mdev", 0, VR_AP_MAX_MDEVS - 1, "the mdev"),
	[IOCTL_CMD] = VR_X64_OPT("cmd", 0, UINT32_MAX, VFIO_DEVICE_RESET,
				 "the ioctl: VFIO_DEVICE_RESET (0x3b6f) or another, argument 0"),
};
VR_FIELDS_CHECK(ioctl_args, IOCTL_NR_ARGS);

static int op_mdev_ioctl(void *model, struct vr_call *c)
{
	uint32_t id = (uint32_t)vr_arg_u64(c, IOCTL_MDEV);
	uint32_t cmd = (uint32_t)vr_arg_u64(c, IOCTL_CMD);
	int ret = (int)vr_ap_mdev_ioctl(model, id, cmd, 0);
	struct vr_ap_kernel_state k;

	vr_ap_kernel_state(model, &k);
	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "mdev %u ioctl 0x%x%s: %s; %llu NIB pages pinned", id, cmd,
		   cmd == VFIO_DEVICE_RESET ? " (VFIO_DEVICE_RESET)" : "", vr_errno_str(ret),
		   (unsigned long long)k.pins);
	return 0;
}

enum { UNMAP_MDEV, UNMAP_IOVA, UNMAP_SIZE, UNMAP_NR_ARGS };
static const struct vr_field dma_unmap_args[] = {
	[UNMAP_MDEV] = VR_U64("mdev", 0, VR_AP_MAX_MDEVS - 1, "the mdev"),
	[UNMAP_IOVA] = VR_X64("iova", 0, UINT32_MAX, "the first guest address unmapped"),
	[UNMAP_SIZE] = VR_X64_OPT("size", 1, UINT32_MAX, 0x1000, "bytes unmapped"),
};
VR_FIELDS_CHECK(dma_unmap_args, UNMAP_NR_ARGS);

static int op_dma_unmap(void *model, struct vr_call *c)
{
	uint32_t id = (uint32_t)vr_arg_u64(c, UNMAP_MDEV);
	uint64_t iova = vr_arg_u64(c, UNMAP_IOVA), size = vr_arg_u64(c, UNMAP_SIZE);
	int ret = vr_ap_mdev_dma_unmap(model, id, iova, size);
	struct vr_ap_kernel_state k;

	vr_ap_kernel_state(model, &k);
	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "mdev %u DMA unmap 0x%llx + 0x%llx: %s; %llu NIB pages pinned", id,
		   (unsigned long long)iova, (unsigned long long)size, vr_errno_str(ret),
		   (unsigned long long)k.pins);
	return 0;
}

static int op_set_kvm_null(void *model, struct vr_call *c)
{
	uint32_t id = (uint32_t)vr_arg_u64(c, MDEV_ID);
	int ret = vr_ap_mdev_set_kvm_null(model, id);
	struct vr_ap_kernel_state k;

	vr_ap_kernel_state(model, &k);
	vr_res_s64(c, RET_RET, ret);
	vr_explain(c, "mdev %u SET_KVM(NULL): %s; PQAP hook %s, %d kvm references held", id,
		   vr_errno_str(ret), k.hook ? "still set" : "cleared", k.kvm_users - 1);
	return 0;
}

enum {
	OP_ADD_ADAPTER,
	OP_ADD_DOMAIN,
	OP_ADAPTER_STATE,
	OP_PQAP,
	OP_NQAP,
	OP_DQAP,
	OP_REPLY,
	OP_TAKE_INTERRUPTION,
	OP_QUEUE_BUSY,
	OP_CRYCB_SET,
	OP_GISA_RUNNING,
	OP_GISA_IAM,
	OP_GISA_TAKE,
	OP_QUEUE_PROBE,
	OP_QUEUE_REMOVE,
	OP_MDEV_CREATE,
	OP_MDEV_REMOVE,
	OP_MDEV_STORE,
	OP_MDEV_OPEN,
	OP_MDEV_RELEASE,
	OP_GUEST_PQAP,
	OP_MDEV_GET_INFO,
	OP_MDEV_IOCTL,
	OP_DMA_UNMAP,
	OP_SET_KVM_NULL,
	NR_OPS
};
static const struct vr_op ap_ops[] = {
	[OP_ADD_ADAPTER] = VR_OP("add_adapter", add_adapter_args, ret_results, op_add_adapter,
				 "an adapter joins the configuration"),
	[OP_ADD_DOMAIN] = VR_OP("add_domain", add_domain_args, ret_results, op_add_domain,
				"a usage domain joins the configuration"),
	[OP_ADAPTER_STATE] = VR_OP("adapter_state", adapter_state_args, ret_results,
				   op_adapter_state, "an adapter goes on- or offline"),
	[OP_PQAP] = VR_OP("pqap", pqap_args, insn_results, op_pqap,
			  "PQAP: TAPQ, RAPQ, ZAPQ, AQIC or QCI"),
	[OP_NQAP] = VR_OP("nqap", nqap_args, insn_results, op_nqap,
			  "NQAP of a message or of its rest (cc 2: reissue)"),
	[OP_DQAP] = VR_OP("dqap", dqap_args, insn_results, op_dqap,
			  "DQAP of a reply or of its rest (cc 1, 2: reissue)"),
	[OP_REPLY] =
		VR_OP("reply", reply_args, ret_results, op_reply, "the adapter finishes a request"),
	[OP_TAKE_INTERRUPTION] =
		VR_OP_NOARGS("take_interruption", take_results, op_take_interruption,
			     "the CPU takes a pending adapter interruption"),
	[OP_QUEUE_BUSY] = VR_OP("queue_busy", queue_busy_args, ret_results, op_queue_busy,
				"a queue answers RC 0x05 for the next n instructions"),
	[OP_CRYCB_SET] = VR_OP("crycb_set", crycb_set_args, ret_results, op_crycb_set,
			       "sets or clears an ID in the CRYCB's APM, AQM or ADM"),
	[OP_GISA_RUNNING] = VR_OP("gisa_running", gisa_running_args, ret_results, op_gisa_running,
				  "the guest starts or stops running"),
	[OP_GISA_IAM] = VR_OP("gisa_iam", gisa_iam_args, ret_results, op_gisa_iam,
			      "the host sets the GISA's interruption alert mask"),
	[OP_GISA_TAKE] = VR_OP_NOARGS("gisa_take", gisa_take_results, op_gisa_take,
				      "the running guest takes a GISA interruption"),
	[OP_QUEUE_PROBE] = VR_OP("queue_probe", apqn_args, ret_results, op_queue_probe,
				 "the AP bus binds a queue to vfio_ap"),
	[OP_QUEUE_REMOVE] = VR_OP("queue_remove", apqn_args, ret_results, op_queue_remove,
				  "the AP bus unbinds a queue from vfio_ap"),
	[OP_MDEV_CREATE] = VR_OP("mdev_create", mdev_args, ret_results, op_mdev_create,
				 "user space creates a matrix mdev"),
	[OP_MDEV_REMOVE] = VR_OP("mdev_remove", mdev_args, ret_results, op_mdev_remove,
				 "user space removes a matrix mdev"),
	[OP_MDEV_STORE] = VR_OP("mdev_store", store_args, store_results, op_mdev_store,
				"user space writes an mdev's sysfs attribute"),
	[OP_MDEV_OPEN] = VR_OP("mdev_open", mdev_args, ret_results, op_mdev_open,
			       "the VMM opens the mdev for the guest (and SET_KVM)"),
	[OP_MDEV_RELEASE] = VR_OP("mdev_release", mdev_args, ret_results, op_mdev_release,
				  "the VMM closes the mdev"),
	[OP_GUEST_PQAP] = VR_OP("guest_pqap", guest_pqap_args, guest_pqap_results, op_guest_pqap,
				"a guest PQAP intercepted by KVM (handle_pqap())"),
	[OP_MDEV_GET_INFO] = VR_OP("mdev_get_info", get_info_args, get_info_results,
				   op_mdev_get_info, "the VMM's VFIO_DEVICE_GET_INFO"),
	[OP_MDEV_IOCTL] = VR_OP("mdev_ioctl", ioctl_args, ret_results, op_mdev_ioctl,
				"the VMM's ioctl: VFIO_DEVICE_RESET or another"),
	[OP_DMA_UNMAP] = VR_OP("dma_unmap", dma_unmap_args, ret_results, op_dma_unmap,
			       "the VMM unmaps guest memory (the IOMMU notifier)"),
	[OP_SET_KVM_NULL] = VR_OP("set_kvm_null", mdev_args, ret_results, op_set_kvm_null,
				  "the vfio core's SET_KVM(NULL): the group leaves the guest"),
};
VR_FIELDS_CHECK(ap_ops, NR_OPS);

static const char *const ap_mem_spaces[] = { "guest" };

static struct vr_mem *ap_mem(void *model, uint32_t space)
{
	return space == 0 ? vr_ap_guest(model) : NULL;
}

static int ap_invariants(void *model, struct vr_text *why)
{
	return vr_ap_invariants(model, why);
}

static void ap_dump(void *model, struct vr_text *out)
{
	vr_ap_dump(model, out);
}

static void ap_dot(void *model, struct vr_text *out)
{
	vr_ap_dot(model, out);
}

const struct vr_model vr_model_ap = {
	.name = "ap",
	.doc = "s390 AP queues: PQAP (TAPQ, RAPQ, ZAPQ, AQIC, QCI), NQAP, DQAP, interruptions",
	VR_MODEL_CONFIG(ap_config),
	.create = ap_create,
	.destroy = ap_destroy,
	VR_MODEL_OPS(ap_ops),
	.invariants = ap_invariants,
	.dump = ap_dump,
	VR_MODEL_MEM_SPACES(ap_mem_spaces),
	.mem = ap_mem,
	.dot = ap_dot,
};
