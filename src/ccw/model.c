/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The ccw model's op table.  Builder ops write channel programs into a
 * fixed guest layout so that random in-range arguments (the fuzzer's)
 * make mostly well-formed programs whose TICs land inside them:
 *
 *   0x10000 + 8 * slot          CCWs, slots 0..319
 *   0x20000 + 0x1000 * n + off  data areas 0..15
 *   0x30000 + 0x100 * n         IDALs 0..15
 *
 * Traces that need exact addresses (the spec's examples) write memory
 * with `mem:` steps and start with `ssch`.
 */
#include <stdio.h>
#include <string.h>
#include <virtref/err.h>
#include <virtref/mem.h>
#include "ccw/ccw_model.h"

#define PROG_BASE 0x10000u
#define PROG_SLOTS 320u
#define DATA_BASE 0x20000u
#define DATA_AREAS 16u
#define IDAL_BASE 0x30000u
#define IDAL_SIZE 0x100u

static const char *const profile_names[] = { "mainline", "5.3", "5.1", "5.1-rc1", "5.0",
					      "2026-07-v1" };
static const char *const device_names[] = { "dasd", "echo" };
static const char *const path_names[] = { "direct", "vfio", "both", "compare" };
static const char *const format_names[] = { "f1", "f0" };
static const char *const width_names[] = { "idaw64", "idaw32" };
static const char *const exception_names[] = { "none", "operand", "specification",
						"addressing" };

_Static_assert(VR_ARRAY_SIZE(profile_names) == VR_CCW_NR_PROFILES, "profile names");

static const struct vr_field ccw_config[] = {
	VR_ENUM_OPT("profile", profile_names, VR_CCW_MAINLINE,
		    "vfio-ccw state: mainline, 5.3 (CPA end fix), 5.1 (seed fix), "
		    "5.1-rc1 (stop at every TIC), 5.0 (count past any TIC), "
		    "2026-07-v1 (mainline with the July 2026 fixes series as posted)"),
	VR_ENUM_OPT("device", device_names, VR_CCW_DEV_DASD, "device behind the subchannel"),
};

static int ccw_create(const struct vr_value *config, void **model)
{
	struct vr_ccw_config cfg = {
		.profile = (enum vr_ccw_profile)config[0].u,
		.device = (enum vr_ccw_device_type)config[1].u,
	};
	struct vr_ccw *c;
	int ret = vr_ccw_create(&cfg, &c);

	if (ret)
		return ret;
	if (vr_mem_add(c->guest, PROG_BASE, PROG_SLOTS * 8) ||
	    vr_mem_add(c->guest, DATA_BASE, DATA_AREAS * 0x1000) ||
	    vr_mem_add(c->guest, IDAL_BASE, DATA_AREAS * IDAL_SIZE)) {
		vr_ccw_destroy(c);
		return -ENOMEM;
	}
	*model = c;
	return 0;
}

static void ccw_destroy(void *model)
{
	vr_ccw_destroy(model);
}

static const char *errname(int err)
{
	const char *n = vr_errno_name(err);

	return err ? (n ? n : "?") : "0";
}

static int put_ccw(struct vr_ccw *c, u64 addr, const struct ccw1 *ccw, bool fmt1)
{
	u8 b[8];

	if (fmt1) {
		vr_ccw_encode1(ccw, b);
	} else {
		b[0] = ccw->cmd_code;
		b[1] = (u8)(ccw->cda >> 16);
		b[2] = (u8)(ccw->cda >> 8);
		b[3] = (u8)ccw->cda;
		b[4] = ccw->flags;
		b[5] = 0;
		b[6] = (u8)(ccw->count >> 8);
		b[7] = (u8)ccw->count;
	}
	return vr_mem_write(c->guest, addr, b, 8);
}

static const char *cmd_name(u8 cmd)
{
	switch (cmd) {
	case CCW_CMD_READ_IPL: return "Read IPL";
	case CCW_CMD_NOOP: return "NOP";
	case CCW_CMD_BASIC_SENSE: return "Sense";
	case CCW_CMD_TIC: return "TIC";
	case CCW_CMD_SENSE_ID: return "Sense ID";
	case VR_DASD_WRITE_DATA: return "Write";
	case VR_DASD_READ_DATA: return "Read";
	case VR_DASD_SEEK: return "Seek";
	case VR_DASD_SEARCH_ID_EQ: return "Search ID Equal";
	default:
		if (!(cmd & 0xF))
			return "invalid";
		if ((cmd & 0xF) == 0xC)
			return "read backward";
		switch (cmd & 3) {
		case 1: return "write";
		case 2: return "read";
		case 3: return "control";
		default: return "sense";
		}
	}
}

/* ---- builder ops ---- */

enum { CP_SLOT, CP_CMD, CP_FLAGS, CP_COUNT, CP_DATA, CP_OFF, CP_FMT };

static const struct vr_field ccw_put_args[] = {
	VR_U64("slot", 0, PROG_SLOTS - 1, "CCW slot: address 0x10000 + 8 * slot"),
	VR_U64("cmd", 0, 255, "command code"),
	VR_U64_OPT("flags", 0, 255, 0, "CD 0x80 CC 0x40 SLI 0x20 SKIP 0x10 PCI 0x08 IDA 0x04 S 0x02 MIDA 0x01"),
	VR_U64_OPT("count", 0, 65535, 0, "byte count"),
	VR_U64_OPT("data", 0, DATA_AREAS - 1, 0, "data area (or IDAL, with IDA)"),
	VR_U64_OPT("off", 0, 4095, 0, "offset into the data area"),
	VR_ENUM_OPT("format", format_names, 0, "CCW format"),
};
static const struct vr_field addr_results[] = {
	VR_U64("addr", 0, UINT32_MAX, "address of the CCW"),
	VR_U64("cda", 0, UINT32_MAX, "its data address"),
};

static int op_ccw_put(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	u64 addr = PROG_BASE + 8 * vr_arg_u64(call, CP_SLOT);
	struct ccw1 ccw = {
		.cmd_code = (u8)vr_arg_u64(call, CP_CMD),
		.flags = (u8)vr_arg_u64(call, CP_FLAGS),
		.count = (u16)vr_arg_u64(call, CP_COUNT),
	};
	bool fmt1 = vr_arg_enum(call, CP_FMT) == 0;

	if (ccw.flags & CCW_FLAG_IDA)
		ccw.cda = IDAL_BASE + IDAL_SIZE * (u32)vr_arg_u64(call, CP_DATA);
	else
		ccw.cda = DATA_BASE + 0x1000 * (u32)vr_arg_u64(call, CP_DATA) +
			  (u32)vr_arg_u64(call, CP_OFF);
	if (put_ccw(c, addr, &ccw, fmt1))
		return -EFAULT;
	vr_res_u64(call, 0, addr);
	vr_res_u64(call, 1, ccw.cda);
	vr_explain(call, "0x%llx: %s (0x%02x) flags 0x%02x count %u data 0x%x",
		   (unsigned long long)addr, cmd_name(ccw.cmd_code), ccw.cmd_code, ccw.flags,
		   ccw.count, ccw.cda);
	return 0;
}

static const struct vr_field ccw_fill_args[] = {
	VR_U64("slot", 0, PROG_SLOTS - 1, "first slot"),
	VR_U64("n", 1, PROG_SLOTS, "CCWs to write (up to the last slot)"),
	VR_U64("cmd", 0, 255, "command code"),
	VR_U64_OPT("flags", 0, 255, 0, "flags"),
	VR_U64_OPT("count", 0, 65535, 0, "byte count"),
	VR_U64_OPT("data", 0, DATA_AREAS - 1, 0, "data area"),
};

static int op_ccw_fill(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	u64 first = vr_arg_u64(call, 0), n = vr_arg_u64(call, 1), i;
	struct ccw1 ccw = {
		.cmd_code = (u8)vr_arg_u64(call, 2),
		.flags = (u8)vr_arg_u64(call, 3),
		.count = (u16)vr_arg_u64(call, 4),
		.cda = DATA_BASE + 0x1000 * (u32)vr_arg_u64(call, 5),
	};

	n = min(n, PROG_SLOTS - first);
	for (i = 0; i < n; i++)
		if (put_ccw(c, PROG_BASE + 8 * (first + i), &ccw, true))
			return -EFAULT;
	vr_res_u64(call, 0, PROG_BASE + 8 * first);
	vr_res_u64(call, 1, ccw.cda);
	vr_explain(call, "0x%llx..0x%llx: %llu x %s flags 0x%02x", (unsigned long long)(PROG_BASE + 8 * first),
		   (unsigned long long)(PROG_BASE + 8 * (first + n - 1)), (unsigned long long)n,
		   cmd_name(ccw.cmd_code), ccw.flags);
	return 0;
}

static const struct vr_field tic_put_args[] = {
	VR_U64("slot", 0, PROG_SLOTS - 1, "CCW slot of the TIC"),
	VR_U64("target", 0, PROG_SLOTS - 1, "slot it transfers to"),
	VR_U64_OPT("misalign", 0, 7, 0, "bytes added to the target address"),
	VR_ENUM_OPT("format", format_names, 0, "CCW format"),
};

static int op_tic_put(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	u64 addr = PROG_BASE + 8 * vr_arg_u64(call, 0);
	struct ccw1 ccw = {
		.cmd_code = CCW_CMD_TIC,
		.cda = (u32)(PROG_BASE + 8 * vr_arg_u64(call, 1) + vr_arg_u64(call, 2)),
	};

	if (put_ccw(c, addr, &ccw, vr_arg_enum(call, 3) == 0))
		return -EFAULT;
	vr_res_u64(call, 0, addr);
	vr_res_u64(call, 1, ccw.cda);
	vr_explain(call, "0x%llx: TIC -> 0x%x%s", (unsigned long long)addr, ccw.cda,
		   ccw.cda == addr ? " (itself)" : ccw.cda < addr ? " (backwards)" : "");
	return 0;
}

static const struct vr_field ccw_raw_args[] = {
	VR_U64("slot", 0, PROG_SLOTS - 1, "CCW slot"),
	VR_U64("word", 0, UINT64_MAX, "the 8 bytes, big-endian"),
};

static int op_ccw_raw(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	u64 addr = PROG_BASE + 8 * vr_arg_u64(call, 0);

	if (vr_mem_write_be64(c->guest, addr, vr_arg_u64(call, 1)))
		return -EFAULT;
	vr_res_u64(call, 0, addr);
	vr_res_u64(call, 1, (u32)vr_arg_u64(call, 1));
	vr_explain(call, "0x%llx: raw 0x%016llx", (unsigned long long)addr,
		   (unsigned long long)vr_arg_u64(call, 1));
	return 0;
}

static const struct vr_field idaw_put_args[] = {
	VR_U64("list", 0, DATA_AREAS - 1, "IDAL: address 0x30000 + 0x100 * list"),
	VR_U64("index", 0, 31, "IDAW index"),
	VR_U64_OPT("data", 0, DATA_AREAS - 1, 0, "data area the IDAW points into"),
	VR_U64_OPT("off", 0, 4095, 0, "offset into the data area"),
	VR_ENUM_OPT("width", width_names, 0, "format-2 (8-byte) or format-1 (4-byte) IDAW"),
};

static int op_idaw_put(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	bool wide = vr_arg_enum(call, 4) == 0;
	u64 addr = IDAL_BASE + IDAL_SIZE * vr_arg_u64(call, 0) + vr_arg_u64(call, 1) * (wide ? 8 : 4);
	u64 v = DATA_BASE + 0x1000 * vr_arg_u64(call, 2) + vr_arg_u64(call, 3);
	int ret;

	if (wide)
		ret = vr_mem_write_be64(c->guest, addr, v);
	else if (addr + 4 <= IDAL_BASE + IDAL_SIZE * DATA_AREAS)
		ret = vr_mem_write_be32(c->guest, addr, (u32)v);
	else
		ret = -EFAULT;
	if (ret)
		return -EFAULT;
	vr_res_u64(call, 0, addr);
	vr_res_u64(call, 1, v);
	vr_explain(call, "IDAW at 0x%llx -> 0x%llx", (unsigned long long)addr,
		   (unsigned long long)v);
	return 0;
}

static const struct vr_field data_put_args[] = {
	VR_U64("data", 0, DATA_AREAS - 1, "data area"),
	VR_U64_OPT("off", 0, 4095, 0, "offset"),
	VR_U64_OPT("len", 1, 8, 8, "bytes to write"),
	VR_U64("value", 0, UINT64_MAX, "value; its low len bytes are written big-endian"),
};

static int op_data_put(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	u64 addr = DATA_BASE + 0x1000 * vr_arg_u64(call, 0) + vr_arg_u64(call, 1);
	u32 len = (u32)vr_arg_u64(call, 2), i;
	u64 v = vr_arg_u64(call, 3);
	u8 b[8];

	for (i = 0; i < len; i++)
		b[i] = (u8)(v >> (8 * (len - 1 - i)));
	if (addr + len > DATA_BASE + 0x1000 * DATA_AREAS || vr_mem_write(c->guest, addr, b, len))
		return -EFAULT;
	vr_res_u64(call, 0, addr);
	vr_explain(call, "%u bytes at 0x%llx", len, (unsigned long long)addr);
	return 0;
}

/* ---- starting I/O ---- */

static const struct vr_field start_results[] = {
	VR_ERRNO("ret", "vfio path: the I/O region's ret_code"),
	VR_U64("cc", 0, 3, "condition code of the instruction"),
	VR_ENUM("exception", exception_names, "program exception instead of a cc"),
	VR_BOOL("equivalent", "both: direct and vfio-ccw runs agree"),
};

static int finish_start(struct vr_ccw *c, struct vr_call *call, enum vr_ccw_path path,
			const struct vr_ccw_io *io, int ret)
{
	if (ret == -ENOMEM)
		return ret;
	if (path == VR_CCW_COMPARE && !io->exception && !io->cc) {
		vr_res_bool(call, 3, ret == 0);
		vr_explain(call, "compared: %s", ret ? "the runs differ" : "equivalent");
		return 0;
	}
	vr_res_s64(call, 0, io->ret);
	if (io->exception) {
		vr_res_u64(call, 2, (u64)io->exception);
		vr_explain(call, "%s exception", exception_names[io->exception]);
		return 0;
	}
	vr_res_u64(call, 1, (u64)io->cc);
	vr_res_u64(call, 2, 0);
	if (path == VR_CCW_BOTH || path == VR_CCW_COMPARE)
		vr_res_bool(call, 3, ret == 0);
	vr_explain(call, "cc %d%s%s", io->cc, path != VR_CCW_DIRECT ? ", ret_code " : "",
		   path != VR_CCW_DIRECT ? errname(io->ret) : "");
	return 0;
}

enum { ST_PATH, ST_SLOT, ST_FMT, ST_PFCH, ST_C64, ST_I2K, ST_SPND, ST_LPM, ST_KEY };

static const struct vr_field start_args[] = {
	VR_ENUM_OPT("path", path_names, VR_CCW_BOTH, "direct, vfio, both (vfio after the equivalence check) or compare (check only)"),
	VR_U64_OPT("slot", 0, PROG_SLOTS - 1, 0, "CPA = 0x10000 + 8 * slot"),
	VR_ENUM_OPT("format", format_names, 0, "ORB fmt"),
	VR_BOOL_OPT("pfch", true, "ORB prefetch control"),
	VR_BOOL_OPT("c64", true, "ORB format-2 IDAWs"),
	VR_BOOL_OPT("i2k", false, "ORB 2 KiB IDAW blocks"),
	VR_BOOL_OPT("spnd", false, "ORB suspend control"),
	VR_U64_OPT("lpm", 0, 255, 0xFF, "logical path mask"),
	VR_U64_OPT("key", 0, 15, 0, "storage key"),
};

static int op_start(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	enum vr_ccw_path path = (enum vr_ccw_path)vr_arg_enum(call, ST_PATH);
	union orb orb;
	struct vr_ccw_io io;
	int ret;

	memset(&orb, 0, sizeof(orb));
	orb.cmd.cpa = PROG_BASE + 8 * (u32)vr_arg_u64(call, ST_SLOT);
	orb.cmd.fmt = vr_arg_enum(call, ST_FMT) == 0;
	orb.cmd.pfch = vr_arg_bool(call, ST_PFCH);
	orb.cmd.c64 = vr_arg_bool(call, ST_C64);
	orb.cmd.i2k = vr_arg_bool(call, ST_I2K);
	orb.cmd.spnd = vr_arg_bool(call, ST_SPND);
	orb.cmd.lpm = (u32)vr_arg_u64(call, ST_LPM);
	orb.cmd.key = (u32)vr_arg_u64(call, ST_KEY);
	c->explain = call->explain;
	ret = vr_ccw_start(c, path, &orb, &io);
	c->explain = NULL;
	return finish_start(c, call, path, &io, ret);
}

static const struct vr_field ssch_args[] = {
	VR_ENUM_OPT("path", path_names, VR_CCW_BOTH, "direct, vfio, both (vfio after the equivalence check) or compare (check only)"),
	VR_U64_OPT("orb", 0, 0xFFFF, 0x80, "guest address the ORB is stored at"),
	VR_U64_OPT("intparm", 0, UINT32_MAX, 0, "ORB word 0"),
	VR_U64("ctrl", 0, UINT32_MAX, "ORB word 1: key S . M Y F P I A U B H T | LPM | L D 0 X"),
	VR_U64("cpa", 0, UINT32_MAX, "ORB word 2: channel program address"),
};

static int op_ssch(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	enum vr_ccw_path path = (enum vr_ccw_path)vr_arg_enum(call, 0);
	u64 at = vr_arg_u64(call, 1);
	struct vr_ccw_io io;
	int ret;

	if (!(at & 3)) {
		if (vr_mem_add(c->guest, at, 12))
			return -ENOMEM;
		if (vr_mem_write_be32(c->guest, at, (u32)vr_arg_u64(call, 2)) ||
		    vr_mem_write_be32(c->guest, at + 4, (u32)vr_arg_u64(call, 3)) ||
		    vr_mem_write_be32(c->guest, at + 8, (u32)vr_arg_u64(call, 4)))
			return -EFAULT;
	}
	c->explain = call->explain;
	ret = vr_ccw_ssch(c, path, at, &io);
	c->explain = NULL;
	return finish_start(c, call, path, &io, ret);
}

static const struct vr_field tsch_results[] = {
	VR_U64("cc", 0, 1, "0: status was pending"),
	VR_U64("cpa", 0, UINT32_MAX, "SCSW CPA"),
	VR_U64("dstat", 0, 255, "device status"),
	VR_U64("cstat", 0, 255, "subchannel status"),
	VR_U64("count", 0, 65535, "residual count"),
	VR_U64("stctl", 0, 31, "status control"),
	VR_U64("actl", 0, 127, "activity control"),
	VR_U64("fctl", 0, 7, "function control"),
	VR_U64("scsw_cc", 0, 3, "deferred condition code"),
	VR_LIST("scsw", 0, UINT32_MAX, 3, "the three SCSW words"),
	VR_U64("sense0", 0, 255, "ECW byte 0 (sense byte 0)"),
};

static int op_tsch(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	const struct cmd_scsw *s;
	struct irb irb;
	u32 w[3];
	u64 *list;
	int cc = vr_ccw_tsch(c, &irb);

	s = &irb.scsw.cmd;
	vr_res_u64(call, 0, (u64)cc);
	if (cc) {
		vr_explain(call, "no status pending: cc 1");
		return 0;
	}
	vr_ccw_scsw_encode(&irb.scsw, w);
	list = vr_res_list(call, 9, 3);
	if (!list)
		return -E2BIG;
	list[0] = w[0];
	list[1] = w[1];
	list[2] = w[2];
	vr_res_u64(call, 1, s->cpa);
	vr_res_u64(call, 2, s->dstat);
	vr_res_u64(call, 3, s->cstat);
	vr_res_u64(call, 4, s->count);
	vr_res_u64(call, 5, s->stctl);
	vr_res_u64(call, 6, s->actl);
	vr_res_u64(call, 7, s->fctl);
	vr_res_u64(call, 8, s->cc);
	vr_res_u64(call, 10, irb.ecw[0]);
	vr_explain(call, "SCSW %08x %08x %08x: CPA 0x%x dstat 0x%02x cstat 0x%02x count %u",
		   w[0], w[1], w[2], s->cpa, s->dstat, s->cstat, s->count);
	return 0;
}

static int op_csch(void *model, struct vr_call *call)
{
	vr_ccw_csch(model);
	vr_explain(call, "clear: status pending, program released");
	return 0;
}

static const struct vr_field events_args[] = {
	VR_ENUM_OPT("path", path_names, VR_CCW_DIRECT, "which run: direct or vfio"),
};
static const struct vr_field events_results[] = {
	VR_U64("n", 0, VR_CCW_EVENTS_MAX, "commands the device saw"),
	VR_LIST("cmds", 0, 255, VR_CCW_EVENTS_MAX, "their command codes"),
	VR_LIST("lens", 0, UINT32_MAX, VR_CCW_EVENTS_MAX, "bytes transferred for each"),
	VR_LIST("dstats", 0, 255, VR_CCW_EVENTS_MAX, "device status of each"),
};

static int op_events(void *model, struct vr_call *call)
{
	const struct vr_ccw_log *log = vr_ccw_last_log(model, (enum vr_ccw_path)vr_arg_enum(call, 0));
	u64 *cmds, *lens, *dstats;
	u32 i;

	cmds = vr_res_list(call, 1, log->n);
	lens = vr_res_list(call, 2, log->n);
	dstats = vr_res_list(call, 3, log->n);
	if ((log->n && (!cmds || !lens || !dstats)))
		return -E2BIG;
	vr_res_u64(call, 0, log->n);
	for (i = 0; i < log->n; i++) {
		cmds[i] = log->ev[i].cmd;
		lens[i] = log->ev[i].len;
		dstats[i] = log->ev[i].dstat;
		vr_explain(call, "%u: %s (0x%02x) count %u, %u bytes, status 0x%02x", i,
			   cmd_name(log->ev[i].cmd), log->ev[i].cmd, log->ev[i].count,
			   log->ev[i].len, log->ev[i].dstat);
	}
	return 0;
}

/* ---- the kernel-shaped cp_* calls on their own ---- */

static const struct vr_field cp_init_args[] = {
	VR_U64("cpa", 0, UINT32_MAX, "ORB CPA"),
	VR_ENUM_OPT("format", format_names, 0, "ORB fmt"),
	VR_BOOL_OPT("pfch", true, "ORB prefetch control"),
	VR_BOOL_OPT("c64", true, "ORB format-2 IDAWs"),
	VR_BOOL_OPT("i2k", false, "ORB 2 KiB IDAW blocks"),
	VR_U64_OPT("key", 0, 15, 0, "ORB key"),
	VR_U64_OPT("lpm", 0, 255, 0, "ORB logical path mask"),
};
static const struct vr_field cp_init_results[] = {
	VR_ERRNO("ret", "cp_init()"),
	VR_U64("chains", 0, UINT32_MAX, "chains built"),
	VR_LIST("lens", 0, CCWCHAIN_LEN_MAX, VR_CCW_SHOWN_MAX, "length of each chain"),
	VR_LIST("heads", 0, UINT32_MAX, VR_CCW_SHOWN_MAX, "guest address of each chain"),
	VR_U64("pinned", 0, UINT64_MAX, "guest pages pinned"),
};

static int report_chains(struct vr_ccw *c, struct vr_call *call, unsigned lens_i)
{
	struct vr_ccw_chain_view v[VR_CCW_SHOWN_MAX];
	int n = vr_ccw_cp_chains(&c->ucp, v, VR_CCW_SHOWN_MAX), i, k = min(n, (int)VR_CCW_SHOWN_MAX);
	u64 *lens = vr_res_list(call, lens_i, (u32)k), *heads = vr_res_list(call, lens_i + 1, (u32)k);

	if (k && (!lens || !heads))
		return -E2BIG;
	vr_res_u64(call, lens_i - 1, (u64)n);
	for (i = 0; i < k; i++) {
		lens[i] = (u64)v[i].len;
		heads[i] = v[i].iova;
	}
	return 0;
}

static int op_cp_init(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	u64 gen = vr_mem_generation(c->guest);
	union orb orb;
	int ret;

	if (c->ucp.initialized)
		return -EBUSY;
	memset(&orb, 0, sizeof(orb));
	orb.cmd.cpa = (u32)vr_arg_u64(call, 0);
	orb.cmd.fmt = vr_arg_enum(call, 1) == 0;
	orb.cmd.pfch = vr_arg_bool(call, 2);
	orb.cmd.c64 = vr_arg_bool(call, 3);
	orb.cmd.i2k = vr_arg_bool(call, 4);
	orb.cmd.key = (u32)vr_arg_u64(call, 5);
	orb.cmd.lpm = (u32)vr_arg_u64(call, 6);
	c->mdev.dma.exhausted = false;
	c->mdev.chain_limit = false;
	ret = cp_init(&c->ucp, &c->mdev, &orb);
	if (ret)
		vr_ccw_cp_orphans(&c->ucp);
	/* Out of memory stops the step; the pool or the segment limit is a result. */
	if (ret == -ENOMEM && !c->mdev.dma.exhausted && !c->mdev.chain_limit)
		return ret;
	if (vr_mem_generation(c->guest) != gen)
		c->translation_wrote_guest = true;
	c->ucp_prefetched = false;
	vr_res_s64(call, 0, ret);
	ret = report_chains(c, call, 2);
	if (ret)
		return ret;
	vr_res_u64(call, 4, vr_ccw_pinned(c));
	vr_ccw_remember_chains(c, &c->ucp);
	if (call->explain)
		vr_ccw_explain_chains(c, call->explain);
	return 0;
}

static const struct vr_field cp_prefetch_results[] = {
	VR_ERRNO("ret", "cp_prefetch()"),
	VR_U64("pinned", 0, UINT64_MAX, "guest pages pinned"),
	VR_LIST("lens", 0, CCWCHAIN_LEN_MAX, VR_CCW_SHOWN_MAX, "chain lengths after it"),
};

static int op_cp_prefetch(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	struct vr_ccw_chain_view v[VR_CCW_SHOWN_MAX];
	u64 gen = vr_mem_generation(c->guest), *lens;
	int ret, n, i;

	/* The kernel never prefetches twice; a second pass would lose pins. */
	if (c->ucp_prefetched)
		return -EINVAL;
	ret = cp_prefetch(&c->ucp);
	if (ret == -ENOMEM) {
		/* The caller frees the program, as vfio-ccw does. */
		cp_free(&c->ucp);
		return ret;
	}
	if (vr_mem_generation(c->guest) != gen)
		c->translation_wrote_guest = true;
	c->ucp_prefetched = c->ucp.initialized;
	vr_res_s64(call, 0, ret);
	vr_res_u64(call, 1, vr_ccw_pinned(c));
	n = min(vr_ccw_cp_chains(&c->ucp, v, VR_CCW_SHOWN_MAX), (int)VR_CCW_SHOWN_MAX);
	lens = vr_res_list(call, 2, (u32)n);
	if (n && !lens)
		return -E2BIG;
	for (i = 0; i < n; i++)
		lens[i] = (u64)v[i].len;
	vr_explain(call, "cp_prefetch: %s, %llu pages pinned", errname(ret),
		   (unsigned long long)vr_ccw_pinned(c));
	return 0;
}

static const struct vr_field cp_get_orb_args[] = {
	VR_U64_OPT("intparm", 0, UINT32_MAX, 0x10000, "interruption parameter"),
	VR_U64_OPT("lpm", 0, 255, 0x80, "path mask used when the guest's is 0"),
};
static const struct vr_field cp_get_orb_results[] = {
	VR_BOOL("null", "cp_get_orb() returned NULL"),
	VR_BOOL("host_cpa", "CPA lies in the host DMA pool"),
	VR_U64("fmt", 0, 1, "ORB fmt"),
	VR_U64("c64", 0, 1, "ORB c64"),
	VR_U64("i2k", 0, 1, "ORB i2k"),
	VR_U64("key", 0, 15, "ORB key"),
	VR_U64("lpm", 0, 255, "ORB lpm"),
};

static int op_cp_get_orb(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	union orb *orb = cp_get_orb(&c->ucp, (u32)vr_arg_u64(call, 0), (u8)vr_arg_u64(call, 1));

	vr_res_bool(call, 0, orb == NULL);
	if (!orb)
		return 0;
	vr_res_bool(call, 1, orb->cmd.cpa >= VR_CCW_HOST_POOL_BASE &&
			     orb->cmd.cpa < VR_CCW_HOST_POOL_BASE + VR_CCW_HOST_POOL_SIZE);
	vr_res_u64(call, 2, orb->cmd.fmt);
	vr_res_u64(call, 3, orb->cmd.c64);
	vr_res_u64(call, 4, orb->cmd.i2k);
	vr_res_u64(call, 5, orb->cmd.key);
	vr_res_u64(call, 6, orb->cmd.lpm);
	vr_explain(call, "host ORB: CPA 0x%x fmt %u c64 %u i2k %u key %u lpm 0x%02x",
		   orb->cmd.cpa, orb->cmd.fmt, orb->cmd.c64, orb->cmd.i2k, orb->cmd.key,
		   orb->cmd.lpm);
	return 0;
}

static const struct vr_field cp_update_scsw_args[] = {
	VR_U64_OPT("chain", 0, VR_CCW_SHOWN_MAX - 1, 0, "host chain the CPA points into"),
	VR_U64_OPT("index", 0, CCWCHAIN_LEN_MAX, 0, "CCW index in it (len = one past the end)"),
};
static const struct vr_field cp_update_scsw_results[] = {
	VR_U64("cpa", 0, UINT32_MAX, "the CPA after cp_update_scsw()"),
	VR_BOOL("translated", "the host CPA was replaced by a guest one"),
};

static int op_cp_update_scsw(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	struct vr_ccw_chain_view v[VR_CCW_SHOWN_MAX];
	int n = vr_ccw_cp_chains(&c->ucp, v, VR_CCW_SHOWN_MAX);
	u64 i = vr_arg_u64(call, 0);
	union scsw scsw;
	u32 host;

	if (i >= (u64)n || i >= VR_CCW_SHOWN_MAX)
		return -EINVAL;
	memset(&scsw, 0, sizeof(scsw));
	host = v[i].host + 8u * (u32)vr_arg_u64(call, 1);
	scsw.cmd.cpa = host;
	cp_update_scsw(&c->ucp, &scsw);
	vr_res_u64(call, 0, scsw.cmd.cpa);
	vr_res_bool(call, 1, scsw.cmd.cpa != host);
	vr_explain(call, "host CPA 0x%x -> 0x%x", host, scsw.cmd.cpa);
	return 0;
}

static const struct vr_field cp_iova_pinned_args[] = {
	VR_U64("iova", 0, UINT32_MAX, "guest address"),
};
static const struct vr_field pinned_result[] = {
	VR_BOOL("pinned", "cp_iova_pinned()"),
};

static int op_cp_iova_pinned(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;

	vr_res_bool(call, 0, cp_iova_pinned(&c->ucp, vr_arg_u64(call, 0)));
	return 0;
}

static const struct vr_field cp_free_results[] = {
	VR_U64("pinned", 0, UINT64_MAX, "guest pages still pinned"),
};

static int op_cp_free(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;

	cp_free(&c->ucp);
	c->ucp_prefetched = false;
	vr_res_u64(call, 0, vr_ccw_pinned(c));
	vr_explain(call, "cp_free: %llu pages still pinned", (unsigned long long)vr_ccw_pinned(c));
	return 0;
}

#define OP(n, d, a, r, f) \
	{ n, d, a, VR_ARRAY_SIZE(a), r, VR_ARRAY_SIZE(r), f }
#define OP_NOARGS(n, d, r, f) { n, d, NULL, 0, r, VR_ARRAY_SIZE(r), f }

static const struct vr_op ccw_ops[] = {
	OP("ccw_put", "write a CCW into a program slot", ccw_put_args, addr_results, op_ccw_put),
	OP("ccw_fill", "write the same format-1 CCW into consecutive slots", ccw_fill_args,
	   addr_results, op_ccw_fill),
	OP("tic_put", "write a TIC from one slot to another", tic_put_args, addr_results,
	   op_tic_put),
	OP("ccw_raw", "write any 8 bytes into a program slot", ccw_raw_args, addr_results,
	   op_ccw_raw),
	OP("idaw_put", "write an IDAW", idaw_put_args, addr_results, op_idaw_put),
	OP("data_put", "write bytes into a data area", data_put_args, addr_results, op_data_put),
	OP("start", "Start Subchannel with an ORB for a program slot", start_args, start_results,
	   op_start),
	OP("ssch", "Start Subchannel with an ORB stored in guest memory", ssch_args,
	   start_results, op_ssch),
	OP_NOARGS("tsch", "Test Subchannel: the pending IRB", tsch_results, op_tsch),
	{ "csch", "Clear Subchannel", NULL, 0, NULL, 0, op_csch },
	OP("events", "what the device saw in the last run", events_args, events_results,
	   op_events),
	OP("cp_init", "cp_init() of a program at cpa", cp_init_args, cp_init_results,
	   op_cp_init),
	OP_NOARGS("cp_prefetch", "cp_prefetch()", cp_prefetch_results, op_cp_prefetch),
	OP("cp_get_orb", "cp_get_orb()", cp_get_orb_args, cp_get_orb_results, op_cp_get_orb),
	OP("cp_update_scsw", "cp_update_scsw() of a host CPA inside a chain",
	   cp_update_scsw_args, cp_update_scsw_results, op_cp_update_scsw),
	OP("cp_iova_pinned", "cp_iova_pinned()", cp_iova_pinned_args, pinned_result,
	   op_cp_iova_pinned),
	OP_NOARGS("cp_free", "cp_free()", cp_free_results, op_cp_free),
};

/* ---- invariants, checks, dump, picture ---- */

static int ccw_invariants(void *model, struct vr_text *why)
{
	struct vr_ccw *c = model;
	u64 held = vr_ccw_cp_pins(&c->ucp) + (c->vfio_pending ? vr_ccw_cp_pins(&c->cp) : 0);
	u32 leaked;
	int bad = 0;

	if (vr_mem_pinned(c->guest) != held || c->mdev.pins != held) {
		vr_text_printf(why, "pins unbalanced: %llu pinned, programs hold %llu\n",
			       (unsigned long long)vr_mem_pinned(c->guest), (unsigned long long)held);
		bad = 1;
	}
	/* With no program holding blocks every live one is a leak; else the lost ones. */
	leaked = !c->ucp.initialized && !c->vfio_pending ? c->mdev.dma.live : c->mdev.lost_blocks;
	if (leaked) {
		vr_text_printf(why, "%u host DMA blocks leaked\n", leaked);
		bad = 1;
	}
	if (c->host_cpa_leaked) {
		vr_text_printf(why, "host address 0x%x reached a guest SCSW\n", c->leaked_cpa);
		bad = 1;
	}
	if (c->translation_wrote_guest) {
		vr_text_printf(why, "translation wrote guest memory\n");
		bad = 1;
	}
	if (vr_ccw_cp_longest(&c->ucp) > CCWCHAIN_LEN_MAX ||
	    vr_ccw_cp_longest(&c->cp) > CCWCHAIN_LEN_MAX) {
		vr_text_printf(why, "a chain is longer than CCWCHAIN_LEN_MAX\n");
		bad = 1;
	}
	if (c->mdev.dma_violation) {
		vr_text_printf(why, "%s\n", c->mdev.dma_violation_why);
		bad = 1;
	}
	return bad;
}

static int ccw_check_equivalent(void *model, struct vr_text *why)
{
	struct vr_ccw *c = model;
	int ret;

	if (!c->have_orb)
		return 0;
	ret = vr_ccw_equivalent(c, &c->last_orb, why);
	if (ret == -ENOMEM) {
		vr_text_printf(why, "out of memory\n");
		return 1;
	}
	return ret ? 1 : 0;
}

static const struct vr_check ccw_checks[] = {
	{ "equivalent",
	  "the last started program gives the same device events and guest SCSW directly and "
	  "through vfio-ccw, or vfio-ccw refuses it for a documented limit",
	  ccw_check_equivalent },
};

static void ccw_dump(void *model, struct vr_text *out)
{
	struct vr_ccw *c = model;
	struct vr_ccw_chain_view v[VR_CCW_SHOWN_MAX];
	int n, i;

	vr_text_printf(out, "ccw profile %s, device %s\n", c->mdev.profile->name,
		       device_names[c->cfg.device]);
	vr_text_printf(out, "subchannel: %s%s, SCSW CPA 0x%x dstat 0x%02x cstat 0x%02x count %u\n",
		       c->status_pending ? "status pending" : "idle",
		       c->suspended ? ", suspended" : "", c->irb.scsw.cmd.cpa,
		       c->irb.scsw.cmd.dstat, c->irb.scsw.cmd.cstat, c->irb.scsw.cmd.count);
	if (c->dev.type == VR_CCW_DEV_DASD)
		vr_text_printf(out, "dasd: cylinder %u head %u, next record %u, oriented to %u\n",
			       c->dev.cyl, c->dev.head, c->dev.next_rec, c->dev.found_rec);
	else
		vr_text_printf(out, "echo: %u bytes held\n", c->dev.echo_len);
	vr_text_printf(out, "guest pages pinned %llu, host DMA blocks %u\n",
		       (unsigned long long)vr_mem_pinned(c->guest), c->mdev.dma.live);
	n = vr_ccw_cp_chains(&c->ucp, v, VR_CCW_SHOWN_MAX);
	for (i = 0; i < n && i < VR_CCW_SHOWN_MAX; i++)
		vr_text_printf(out, "cp chain %d: guest 0x%llx len %d host 0x%x\n", i,
			       (unsigned long long)v[i].iova, v[i].len, v[i].host);
}

static void dot_node(struct vr_text *out, struct vr_ccw_as *as, u64 a, bool fmt1)
{
	struct ccw1 ccw;

	if (vr_ccw_fetch(as, a, fmt1, &ccw)) {
		vr_text_printf(out, "    n%llx [label=\"0x%llx: (no memory)\"];\n",
			       (unsigned long long)a, (unsigned long long)a);
		return;
	}
	vr_text_printf(out, "    n%llx [label=\"0x%llx: %s%s%s count %u\"];\n",
		       (unsigned long long)a, (unsigned long long)a, cmd_name(ccw.cmd_code),
		       ccw.flags & CCW_FLAG_CC ? " CC" : "", ccw.flags & CCW_FLAG_DC ? " CD" : "",
		       ccw.count);
}

static void ccw_dot(void *model, struct vr_text *out)
{
	struct vr_ccw *c = model;
	struct vr_ccw_guest_as g = { .mem = c->guest };
	struct vr_ccw_as as;
	struct ccw1 ccw;
	int i, k;

	vr_ccw_guest_as_init(&as, &g);
	vr_text_printf(out, "digraph ccw {\n  node [shape=box, fontname=monospace];\n");
	for (i = 0; i < c->nshown && i < VR_CCW_SHOWN_MAX; i++) {
		const struct vr_ccw_chain_view *v = &c->shown[i];

		vr_text_printf(out, "  subgraph cluster_%d {\n    label=\"host chain %d at 0x%x "
			       "(guest 0x%llx, %d CCWs)\";\n", i, i, v->host,
			       (unsigned long long)v->iova, v->len);
		for (k = 0; k < v->len; k++)
			dot_node(out, &as, v->iova + 8u * (u64)k, c->shown_fmt1);
		vr_text_printf(out, "  }\n");
	}
	for (i = 0; i < c->nshown && i < VR_CCW_SHOWN_MAX; i++) {
		const struct vr_ccw_chain_view *v = &c->shown[i];

		for (k = 0; k < v->len; k++) {
			u64 a = v->iova + 8u * (u64)k;

			if (vr_ccw_fetch(&as, a, c->shown_fmt1, &ccw))
				continue;
			if (ccw.cmd_code == CCW_CMD_TIC)
				vr_text_printf(out, "  n%llx -> n%x [style=dashed, label=\"TIC\"];\n",
					       (unsigned long long)a, ccw.cda);
			else if (k + 1 < v->len && (ccw.flags & (CCW_FLAG_CC | CCW_FLAG_DC)))
				vr_text_printf(out, "  n%llx -> n%llx;\n", (unsigned long long)a,
					       (unsigned long long)(a + 8));
			if (k + 2 < v->len && (ccw.flags & CCW_FLAG_CC) &&
			    ccw.cmd_code == VR_DASD_SEARCH_ID_EQ)
				vr_text_printf(out, "  n%llx -> n%llx [style=dotted, "
					       "label=\"status modifier\"];\n",
					       (unsigned long long)a, (unsigned long long)(a + 16));
		}
	}
	vr_text_printf(out, "}\n");
}

static const char *const ccw_mem_spaces[] = { "guest" };

static struct vr_mem *ccw_mem(void *model, uint32_t space)
{
	return space == 0 ? ((struct vr_ccw *)model)->guest : NULL;
}

const struct vr_model vr_model_ccw = {
	.name = "ccw",
	.doc = "s390 channel subsystem (ORB, CCWs, TIC, IDAWs, SCSW) and the vfio-ccw translator",
	.config = ccw_config,
	.nconfig = VR_ARRAY_SIZE(ccw_config),
	.create = ccw_create,
	.destroy = ccw_destroy,
	.ops = ccw_ops,
	.nops = VR_ARRAY_SIZE(ccw_ops),
	.invariants = ccw_invariants,
	.dump = ccw_dump,
	.mem_spaces = ccw_mem_spaces,
	.nmem_spaces = VR_ARRAY_SIZE(ccw_mem_spaces),
	.mem = ccw_mem,
	.checks = ccw_checks,
	.nchecks = VR_ARRAY_SIZE(ccw_checks),
	.dot = ccw_dot,
};
