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
 * Traces that need exact addresses (docs/ccw.md's examples) write memory
 * with `mem:` steps and start with `ssch`.
 */
#include <string.h>
#include <virtref/err.h>
#include <virtref/mem.h>
#include "ccw/ccw_internal.h"

#define PROG_BASE 0x10000u
#define PROG_SLOTS 320u
#define DATA_BASE 0x20000u
#define DATA_AREAS 16u
#define IDAL_BASE 0x30000u
#define IDAL_SIZE 0x100u

static const char *const device_names[] = { "dasd", "echo" };
static const char *const path_names[] = { "direct", "vfio", "both", "compare" };
static const char *const format_names[] = { "f1", "f0" };
static const char *const width_names[] = { "idaw64", "idaw32" };
static const char *const exception_names[] = { "none", "operand", "specification", "addressing" };

static const char *const scsw_names[] = { "architecture", "qemu" };
static const char *const nop_length_names[] = { "architecture", "qemu" };

enum { CFG_PROFILE, CFG_DEVICE, CFG_SCSW, CFG_NOP_LENGTH, NR_CFG };
static const struct vr_field ccw_config[] = {
	[CFG_PROFILE] =
		VR_ENUM_TABLE_OPT("profile", vri_ccw_profiles, VR_CCW_NR_PROFILES, VR_CCW_MAINLINE,
				  "vfio-ccw state: a kernel tag or a posted series "
				  "(docs/ccw.md \"Profiles\")"),
	[CFG_DEVICE] = VR_ENUM_OPT("device", device_names, VR_CCW_DEV_DASD,
				   "device behind the subchannel"),
	[CFG_SCSW] = VR_ENUM_OPT("scsw", scsw_names, VR_CCW_SCSW_ARCH,
				 "SCSW flags of the guest's subchannel: the architecture's "
				 "(key, S, F, P, I, A, U from the ORB) or QEMU's (F only)"),
	[CFG_NOP_LENGTH] = VR_ENUM_OPT("nop_length", nop_length_names, VR_CCW_NOP_ARCH,
				       "incorrect length of the guest subchannel's NOP with a "
				       "count: the architecture's (format 1 without ORB L) or "
				       "QEMU's (never)"),
};
VR_FIELDS_CHECK(ccw_config, NR_CFG);

static int ccw_create(const struct vr_value *config, void **model)
{
	struct vr_ccw_config cfg = {
		.profile = (enum vr_ccw_profile)config[CFG_PROFILE].u,
		.device = (enum vr_ccw_device_type)config[CFG_DEVICE].u,
		.scsw = (enum vr_ccw_scsw_flags)config[CFG_SCSW].u,
		.nop_length = (enum vr_ccw_nop_length)config[CFG_NOP_LENGTH].u,
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

/* ---- builder ops ---- */

enum { CP_SLOT, CP_CMD, CP_FLAGS, CP_COUNT, CP_DATA, CP_OFF, CP_FMT, CP_NR_ARGS };
static const struct vr_field ccw_put_args[] = {
	[CP_SLOT] = VR_U64("slot", 0, PROG_SLOTS - 1, "CCW slot: address 0x10000 + 8 * slot"),
	[CP_CMD] = VR_U64("cmd", 0, 255, "command code"),
	[CP_FLAGS] =
		VR_U64_OPT("flags", 0, 255, 0,
			   "CD 0x80 CC 0x40 SLI 0x20 SKIP 0x10 PCI 0x08 IDA 0x04 S 0x02 MIDA 0x01"),
	[CP_COUNT] = VR_U64_OPT("count", 0, 65535, 0, "byte count"),
	[CP_DATA] = VR_U64_OPT("data", 0, DATA_AREAS - 1, 0, "data area (or IDAL, with IDA)"),
	[CP_OFF] = VR_U64_OPT("off", 0, 4095, 0, "offset into the data area"),
	[CP_FMT] = VR_ENUM_OPT("format", format_names, 0, "CCW format"),
};
VR_FIELDS_CHECK(ccw_put_args, CP_NR_ARGS);

/* What every builder op returns: where it wrote, and the address in it. */
enum { ADDR_ADDR, ADDR_CDA, ADDR_NR_RESULTS };
static const struct vr_field addr_results[] = {
	[ADDR_ADDR] = VR_U64("addr", 0, UINT32_MAX, "address of the CCW"),
	[ADDR_CDA] = VR_U64("cda", 0, UINT32_MAX, "its data address"),
};
VR_FIELDS_CHECK(addr_results, ADDR_NR_RESULTS);

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
	vr_res_u64(call, ADDR_ADDR, addr);
	vr_res_u64(call, ADDR_CDA, ccw.cda);
	vr_explain(call, "0x%llx: %s (0x%02x) flags 0x%02x count %u data 0x%x",
		   (unsigned long long)addr, vri_ccw_cmd_name(ccw.cmd_code), ccw.cmd_code,
		   ccw.flags, ccw.count, ccw.cda);
	return 0;
}

enum { FILL_SLOT, FILL_N, FILL_CMD, FILL_FLAGS, FILL_COUNT, FILL_DATA, FILL_NR_ARGS };
static const struct vr_field ccw_fill_args[] = {
	[FILL_SLOT] = VR_U64("slot", 0, PROG_SLOTS - 1, "first slot"),
	[FILL_N] = VR_U64("n", 1, PROG_SLOTS, "CCWs to write (up to the last slot)"),
	[FILL_CMD] = VR_U64("cmd", 0, 255, "command code"),
	[FILL_FLAGS] = VR_U64_OPT("flags", 0, 255, 0, "flags"),
	[FILL_COUNT] = VR_U64_OPT("count", 0, 65535, 0, "byte count"),
	[FILL_DATA] = VR_U64_OPT("data", 0, DATA_AREAS - 1, 0, "data area"),
};
VR_FIELDS_CHECK(ccw_fill_args, FILL_NR_ARGS);

static int op_ccw_fill(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	u64 first = vr_arg_u64(call, FILL_SLOT), n = vr_arg_u64(call, FILL_N), i;
	struct ccw1 ccw = {
		.cmd_code = (u8)vr_arg_u64(call, FILL_CMD),
		.flags = (u8)vr_arg_u64(call, FILL_FLAGS),
		.count = (u16)vr_arg_u64(call, FILL_COUNT),
		.cda = DATA_BASE + 0x1000 * (u32)vr_arg_u64(call, FILL_DATA),
	};

	n = min(n, PROG_SLOTS - first);
	for (i = 0; i < n; i++)
		if (put_ccw(c, PROG_BASE + 8 * (first + i), &ccw, true))
			return -EFAULT;
	vr_res_u64(call, ADDR_ADDR, PROG_BASE + 8 * first);
	vr_res_u64(call, ADDR_CDA, ccw.cda);
	vr_explain(call, "0x%llx..0x%llx: %llu x %s flags 0x%02x",
		   (unsigned long long)(PROG_BASE + 8 * first),
		   (unsigned long long)(PROG_BASE + 8 * (first + n - 1)), (unsigned long long)n,
		   vri_ccw_cmd_name(ccw.cmd_code), ccw.flags);
	return 0;
}

enum { TIC_SLOT, TIC_TARGET, TIC_MISALIGN, TIC_FMT, TIC_NR_ARGS };
static const struct vr_field tic_put_args[] = {
	[TIC_SLOT] = VR_U64("slot", 0, PROG_SLOTS - 1, "CCW slot of the TIC"),
	[TIC_TARGET] = VR_U64("target", 0, PROG_SLOTS - 1, "slot it transfers to"),
	[TIC_MISALIGN] = VR_U64_OPT("misalign", 0, 7, 0, "bytes added to the target address"),
	[TIC_FMT] = VR_ENUM_OPT("format", format_names, 0, "CCW format"),
};
VR_FIELDS_CHECK(tic_put_args, TIC_NR_ARGS);

static int op_tic_put(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	u64 addr = PROG_BASE + 8 * vr_arg_u64(call, TIC_SLOT);
	struct ccw1 ccw = {
		.cmd_code = CCW_CMD_TIC,
		.cda = (u32)(PROG_BASE + 8 * vr_arg_u64(call, TIC_TARGET) +
			     vr_arg_u64(call, TIC_MISALIGN)),
	};

	if (put_ccw(c, addr, &ccw, vr_arg_enum(call, TIC_FMT) == 0))
		return -EFAULT;
	vr_res_u64(call, ADDR_ADDR, addr);
	vr_res_u64(call, ADDR_CDA, ccw.cda);
	vr_explain(call, "0x%llx: TIC -> 0x%x%s", (unsigned long long)addr, ccw.cda,
		   ccw.cda == addr  ? " (itself)"
		   : ccw.cda < addr ? " (backwards)"
				    : "");
	return 0;
}

enum { RAW_SLOT, RAW_WORD, RAW_NR_ARGS };
static const struct vr_field ccw_raw_args[] = {
	[RAW_SLOT] = VR_U64("slot", 0, PROG_SLOTS - 1, "CCW slot"),
	[RAW_WORD] = VR_U64("word", 0, UINT64_MAX, "the 8 bytes, big-endian"),
};
VR_FIELDS_CHECK(ccw_raw_args, RAW_NR_ARGS);

static int op_ccw_raw(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	u64 addr = PROG_BASE + 8 * vr_arg_u64(call, RAW_SLOT), word = vr_arg_u64(call, RAW_WORD);

	if (vr_mem_write_be64(c->guest, addr, word))
		return -EFAULT;
	vr_res_u64(call, ADDR_ADDR, addr);
	vr_res_u64(call, ADDR_CDA, (u32)word);
	vr_explain(call, "0x%llx: raw 0x%016llx", (unsigned long long)addr,
		   (unsigned long long)word);
	return 0;
}

enum { IDAW_LIST, IDAW_INDEX, IDAW_DATA, IDAW_OFF, IDAW_WIDTH, IDAW_NR_ARGS };
static const struct vr_field idaw_put_args[] = {
	[IDAW_LIST] = VR_U64("list", 0, DATA_AREAS - 1, "IDAL: address 0x30000 + 0x100 * list"),
	[IDAW_INDEX] = VR_U64("index", 0, 31, "IDAW index"),
	[IDAW_DATA] = VR_U64_OPT("data", 0, DATA_AREAS - 1, 0, "data area the IDAW points into"),
	[IDAW_OFF] = VR_U64_OPT("off", 0, 4095, 0, "offset into the data area"),
	[IDAW_WIDTH] =
		VR_ENUM_OPT("width", width_names, 0, "format-2 (8-byte) or format-1 (4-byte) IDAW"),
};
VR_FIELDS_CHECK(idaw_put_args, IDAW_NR_ARGS);

static int op_idaw_put(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	bool wide = vr_arg_enum(call, IDAW_WIDTH) == 0;
	u64 addr = IDAL_BASE + IDAL_SIZE * vr_arg_u64(call, IDAW_LIST) +
		   vr_arg_u64(call, IDAW_INDEX) * (wide ? VR_CCW_IDAW2_SIZE : VR_CCW_IDAW1_SIZE);
	u64 v = DATA_BASE + 0x1000 * vr_arg_u64(call, IDAW_DATA) + vr_arg_u64(call, IDAW_OFF);
	int ret;

	if (wide)
		ret = vr_mem_write_be64(c->guest, addr, v);
	else if (addr + 4 <= IDAL_BASE + IDAL_SIZE * DATA_AREAS)
		ret = vr_mem_write_be32(c->guest, addr, (u32)v);
	else
		ret = -EFAULT;
	if (ret)
		return -EFAULT;
	vr_res_u64(call, ADDR_ADDR, addr);
	vr_res_u64(call, ADDR_CDA, v);
	vr_explain(call, "IDAW at 0x%llx -> 0x%llx", (unsigned long long)addr,
		   (unsigned long long)v);
	return 0;
}

enum { DATA_AREA, DATA_OFF, DATA_LEN, DATA_VALUE, DATA_NR_ARGS };
static const struct vr_field data_put_args[] = {
	[DATA_AREA] = VR_U64("data", 0, DATA_AREAS - 1, "data area"),
	[DATA_OFF] = VR_U64_OPT("off", 0, 4095, 0, "offset"),
	[DATA_LEN] = VR_U64_OPT("len", 1, 8, 8, "bytes to write"),
	[DATA_VALUE] =
		VR_U64("value", 0, UINT64_MAX, "value; its low len bytes are written big-endian"),
};
VR_FIELDS_CHECK(data_put_args, DATA_NR_ARGS);

static int op_data_put(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	u64 addr = DATA_BASE + 0x1000 * vr_arg_u64(call, DATA_AREA) + vr_arg_u64(call, DATA_OFF);
	u32 len = (u32)vr_arg_u64(call, DATA_LEN), i;
	u64 v = vr_arg_u64(call, DATA_VALUE);
	u8 b[8];

	for (i = 0; i < len; i++)
		b[i] = (u8)(v >> (8 * (len - 1 - i)));
	if (addr + len > DATA_BASE + 0x1000 * DATA_AREAS || vr_mem_write(c->guest, addr, b, len))
		return -EFAULT;
	vr_res_u64(call, ADDR_ADDR, addr);
	vr_explain(call, "%u bytes at 0x%llx", len, (unsigned long long)addr);
	return 0;
}

/* ---- starting I/O ---- */

enum { START_RET, START_CC, START_EXCEPTION, START_EQUIVALENT, START_NR_RESULTS };
static const struct vr_field start_results[] = {
	[START_RET] = VR_ERRNO("ret", "vfio path: the I/O region's ret_code"),
	[START_CC] = VR_U64("cc", 0, 3, "condition code of the instruction"),
	[START_EXCEPTION] =
		VR_ENUM("exception", exception_names, "program exception instead of a cc"),
	[START_EQUIVALENT] = VR_BOOL("equivalent", "both: direct and vfio-ccw runs agree"),
};
VR_FIELDS_CHECK(start_results, START_NR_RESULTS);

static int finish_start(struct vr_ccw *c, struct vr_call *call, enum vr_ccw_path path,
			const struct vr_ccw_io *io, int ret)
{
	if (ret == -ENOMEM)
		return ret;
	if (path == VR_CCW_COMPARE && !io->exception && !io->cc) {
		vr_res_bool(call, START_EQUIVALENT, ret == 0);
		vr_explain(call, "compared: %s", ret ? "the runs differ" : "equivalent");
		return 0;
	}
	vr_res_s64(call, START_RET, io->ret);
	if (io->exception) {
		vr_res_u64(call, START_EXCEPTION, (u64)io->exception);
		vr_explain(call, "%s exception", exception_names[io->exception]);
		return 0;
	}
	vr_res_u64(call, START_CC, (u64)io->cc);
	vr_res_u64(call, START_EXCEPTION, 0);
	if (path == VR_CCW_BOTH || path == VR_CCW_COMPARE)
		vr_res_bool(call, START_EQUIVALENT, ret == 0);
	vr_explain(call, "cc %d%s%s", io->cc, path != VR_CCW_DIRECT ? ", ret_code " : "",
		   path != VR_CCW_DIRECT ? vr_errno_str(io->ret) : "");
	return 0;
}

#define PATH_DOC "direct, vfio, both (vfio after the equivalence check) or compare (check only)"

enum {
	ST_PATH,
	ST_SLOT,
	ST_FMT,
	ST_PFCH,
	ST_C64,
	ST_I2K,
	ST_SPND,
	ST_LPM,
	ST_KEY,
	ST_ILS,
	ST_NR_ARGS
};
static const struct vr_field start_args[] = {
	[ST_PATH] = VR_ENUM_OPT("path", path_names, VR_CCW_BOTH, PATH_DOC),
	[ST_SLOT] = VR_U64_OPT("slot", 0, PROG_SLOTS - 1, 0, "CPA = 0x10000 + 8 * slot"),
	[ST_FMT] = VR_ENUM_OPT("format", format_names, 0, "ORB fmt"),
	[ST_PFCH] = VR_BOOL_OPT("pfch", true, "ORB prefetch control"),
	[ST_C64] = VR_BOOL_OPT("c64", true, "ORB format-2 IDAWs"),
	[ST_I2K] = VR_BOOL_OPT("i2k", false, "ORB 2 KiB IDAW blocks"),
	[ST_SPND] = VR_BOOL_OPT("spnd", false, "ORB suspend control"),
	[ST_LPM] = VR_U64_OPT("lpm", 0, 255, 0xFF, "logical path mask"),
	[ST_KEY] = VR_U64_OPT("key", 0, 15, 0, "storage key"),
	[ST_ILS] = VR_BOOL_OPT("ils", false, "ORB incorrect-length-suppression mode (L)"),
};
VR_FIELDS_CHECK(start_args, ST_NR_ARGS);

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
	orb.cmd.ils = vr_arg_bool(call, ST_ILS);
	ret = vr_ccw_start(c, path, &orb, &io);
	return finish_start(c, call, path, &io, ret);
}

enum { SSCH_PATH, SSCH_ORB, SSCH_INTPARM, SSCH_CTRL, SSCH_CPA, SSCH_NR_ARGS };
static const struct vr_field ssch_args[] = {
	[SSCH_PATH] = VR_ENUM_OPT("path", path_names, VR_CCW_BOTH, PATH_DOC),
	[SSCH_ORB] = VR_U64_OPT("orb", 0, 0xFFFF, 0x80, "guest address the ORB is stored at"),
	[SSCH_INTPARM] = VR_U64_OPT("intparm", 0, UINT32_MAX, 0, "ORB word 0"),
	[SSCH_CTRL] = VR_U64("ctrl", 0, UINT32_MAX,
			     "ORB word 1: key S . M Y F P I A U B H T | LPM | L D 0 X"),
	[SSCH_CPA] = VR_U64("cpa", 0, UINT32_MAX, "ORB word 2: channel program address"),
};
VR_FIELDS_CHECK(ssch_args, SSCH_NR_ARGS);

static int op_ssch(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	enum vr_ccw_path path = (enum vr_ccw_path)vr_arg_enum(call, SSCH_PATH);
	u64 at = vr_arg_u64(call, SSCH_ORB);
	struct vr_ccw_io io;
	int ret;

	if (!(at & 3)) {
		if (vr_mem_add(c->guest, at, 12))
			return -ENOMEM;
		if (vr_mem_write_be32(c->guest, at, (u32)vr_arg_u64(call, SSCH_INTPARM)) ||
		    vr_mem_write_be32(c->guest, at + 4, (u32)vr_arg_u64(call, SSCH_CTRL)) ||
		    vr_mem_write_be32(c->guest, at + 8, (u32)vr_arg_u64(call, SSCH_CPA)))
			return -EFAULT;
	}
	ret = vr_ccw_ssch(c, path, at, &io);
	return finish_start(c, call, path, &io, ret);
}

enum {
	TSCH_CC,
	TSCH_CPA,
	TSCH_DSTAT,
	TSCH_CSTAT,
	TSCH_COUNT,
	TSCH_STCTL,
	TSCH_ACTL,
	TSCH_FCTL,
	TSCH_SCSW_CC,
	TSCH_SCSW,
	TSCH_SENSE0,
	TSCH_NR_RESULTS
};
static const struct vr_field tsch_results[] = {
	[TSCH_CC] = VR_U64("cc", 0, 1, "0: status was pending"),
	[TSCH_CPA] = VR_U64("cpa", 0, UINT32_MAX, "SCSW CPA"),
	[TSCH_DSTAT] = VR_U64("dstat", 0, 255, "device status"),
	[TSCH_CSTAT] = VR_U64("cstat", 0, 255, "subchannel status"),
	[TSCH_COUNT] = VR_U64("count", 0, 65535, "residual count"),
	[TSCH_STCTL] = VR_U64("stctl", 0, 31, "status control"),
	[TSCH_ACTL] = VR_U64("actl", 0, 127, "activity control"),
	[TSCH_FCTL] = VR_U64("fctl", 0, 7, "function control"),
	[TSCH_SCSW_CC] = VR_U64("scsw_cc", 0, 3, "deferred condition code"),
	[TSCH_SCSW] = VR_LIST("scsw", 0, UINT32_MAX, 3, "the three SCSW words"),
	[TSCH_SENSE0] = VR_U64("sense0", 0, 255, "ECW byte 0 (sense byte 0)"),
};
VR_FIELDS_CHECK(tsch_results, TSCH_NR_RESULTS);

static int op_tsch(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	const struct cmd_scsw *s;
	struct irb irb;
	u32 w[3];
	uint64_t *list;
	int cc = vr_ccw_tsch(c, &irb);

	s = &irb.scsw.cmd;
	vr_res_u64(call, TSCH_CC, (u64)cc);
	if (cc) {
		vr_explain(call, "no status pending: cc 1");
		return 0;
	}
	vr_ccw_scsw_encode(&irb.scsw, w);
	list = vr_res_list(call, TSCH_SCSW, 3);
	if (!list)
		return -E2BIG;
	list[0] = w[0];
	list[1] = w[1];
	list[2] = w[2];
	vr_res_u64(call, TSCH_CPA, s->cpa);
	vr_res_u64(call, TSCH_DSTAT, s->dstat);
	vr_res_u64(call, TSCH_CSTAT, s->cstat);
	vr_res_u64(call, TSCH_COUNT, s->count);
	vr_res_u64(call, TSCH_STCTL, s->stctl);
	vr_res_u64(call, TSCH_ACTL, s->actl);
	vr_res_u64(call, TSCH_FCTL, s->fctl);
	vr_res_u64(call, TSCH_SCSW_CC, s->cc);
	vr_res_u64(call, TSCH_SENSE0, irb.ecw[0]);
	vr_explain(call, "SCSW %08x %08x %08x: CPA 0x%x dstat 0x%02x cstat 0x%02x count %u", w[0],
		   w[1], w[2], s->cpa, s->dstat, s->cstat, s->count);
	return 0;
}

static int op_csch(void *model, struct vr_call *call)
{
	vr_ccw_csch(model);
	vr_explain(call, "clear: status pending, program released");
	return 0;
}

enum { EV_PATH, EV_NR_ARGS };
static const struct vr_field events_args[] = {
	[EV_PATH] = VR_ENUM_OPT("path", path_names, VR_CCW_DIRECT, "which run: direct or vfio"),
};
VR_FIELDS_CHECK(events_args, EV_NR_ARGS);

enum { EV_N, EV_CMDS, EV_LENS, EV_DSTATS, EV_NR_RESULTS };
static const struct vr_field events_results[] = {
	[EV_N] = VR_U64("n", 0, VR_CCW_EVENTS_MAX, "commands the device saw"),
	[EV_CMDS] = VR_LIST("cmds", 0, 255, VR_CCW_EVENTS_MAX, "their command codes"),
	[EV_LENS] = VR_LIST("lens", 0, UINT32_MAX, VR_CCW_EVENTS_MAX, "bytes transferred for each"),
	[EV_DSTATS] = VR_LIST("dstats", 0, 255, VR_CCW_EVENTS_MAX, "device status of each"),
};
VR_FIELDS_CHECK(events_results, EV_NR_RESULTS);

static int op_events(void *model, struct vr_call *call)
{
	const struct vr_ccw_log *log =
		vr_ccw_last_log(model, (enum vr_ccw_path)vr_arg_enum(call, EV_PATH));
	uint64_t *cmds, *lens, *dstats;
	u32 i;

	cmds = vr_res_list(call, EV_CMDS, log->n);
	lens = vr_res_list(call, EV_LENS, log->n);
	dstats = vr_res_list(call, EV_DSTATS, log->n);
	if ((log->n && (!cmds || !lens || !dstats)))
		return -E2BIG;
	vr_res_u64(call, EV_N, log->n);
	for (i = 0; i < log->n; i++) {
		cmds[i] = log->ev[i].cmd;
		lens[i] = log->ev[i].len;
		dstats[i] = log->ev[i].dstat;
		vr_explain(call, "%u: %s (0x%02x) count %u, %u bytes, status 0x%02x", i,
			   vri_ccw_cmd_name(log->ev[i].cmd), log->ev[i].cmd, log->ev[i].count,
			   log->ev[i].len, log->ev[i].dstat);
	}
	return 0;
}

/* ---- the kernel-shaped cp_* calls on their own ---- */

enum { CPI_CPA, CPI_FMT, CPI_PFCH, CPI_C64, CPI_I2K, CPI_KEY, CPI_LPM, CPI_NR_ARGS };
static const struct vr_field cp_init_args[] = {
	[CPI_CPA] = VR_U64("cpa", 0, UINT32_MAX, "ORB CPA"),
	[CPI_FMT] = VR_ENUM_OPT("format", format_names, 0, "ORB fmt"),
	[CPI_PFCH] = VR_BOOL_OPT("pfch", true, "ORB prefetch control"),
	[CPI_C64] = VR_BOOL_OPT("c64", true, "ORB format-2 IDAWs"),
	[CPI_I2K] = VR_BOOL_OPT("i2k", false, "ORB 2 KiB IDAW blocks"),
	[CPI_KEY] = VR_U64_OPT("key", 0, 15, 0, "ORB key"),
	[CPI_LPM] = VR_U64_OPT("lpm", 0, 255, 0xFF, "ORB logical path mask"),
};
VR_FIELDS_CHECK(cp_init_args, CPI_NR_ARGS);

enum { CPI_RET, CPI_CHAINS, CPI_LENS, CPI_HEADS, CPI_PINNED, CPI_NR_RESULTS };
static const struct vr_field cp_init_results[] = {
	[CPI_RET] = VR_ERRNO("ret", "cp_init()"),
	[CPI_CHAINS] = VR_U64("chains", 0, UINT32_MAX, "chains built"),
	[CPI_LENS] = VR_LIST("lens", 0, CCWCHAIN_LEN_MAX, VR_CCW_SHOWN_MAX, "length of each chain"),
	[CPI_HEADS] =
		VR_LIST("heads", 0, UINT32_MAX, VR_CCW_SHOWN_MAX, "guest address of each chain"),
	[CPI_PINNED] = VR_U64("pinned", 0, UINT64_MAX, "guest pages pinned"),
};
VR_FIELDS_CHECK(cp_init_results, CPI_NR_RESULTS);

static int report_chains(struct vr_ccw *c, struct vr_call *call)
{
	struct vr_ccw_chain_view v[VR_CCW_SHOWN_MAX];
	int n = vr_ccw_cp_chains(&c->ucp, v, VR_CCW_SHOWN_MAX), i,
	    k = min(n, (int)VR_CCW_SHOWN_MAX);
	uint64_t *lens = vr_res_list(call, CPI_LENS, (u32)k),
		 *heads = vr_res_list(call, CPI_HEADS, (u32)k);

	if (k && (!lens || !heads))
		return -E2BIG;
	vr_res_u64(call, CPI_CHAINS, (u64)n);
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
	struct vr_context_frame f;
	union orb orb;
	int ret;

	if (c->ucp.initialized)
		return -EBUSY;
	memset(&orb, 0, sizeof(orb));
	orb.cmd.cpa = (u32)vr_arg_u64(call, CPI_CPA);
	orb.cmd.fmt = vr_arg_enum(call, CPI_FMT) == 0;
	orb.cmd.pfch = vr_arg_bool(call, CPI_PFCH);
	orb.cmd.c64 = vr_arg_bool(call, CPI_C64);
	orb.cmd.i2k = vr_arg_bool(call, CPI_I2K);
	orb.cmd.key = (u32)vr_arg_u64(call, CPI_KEY);
	orb.cmd.lpm = (u32)vr_arg_u64(call, CPI_LPM);
	c->mdev.dma.exhausted = false;
	c->mdev.chain_limit = false;
	vri_ccw_lend(&c->mdev, &f);
	ret = cp_init(&c->ucp, &c->mdev, &orb);
	vri_ccw_unlend(&f);
	/* Out of memory stops the step; the pool or the segment limit is a result. */
	if (ret == -ENOMEM && !c->mdev.dma.exhausted && !c->mdev.chain_limit)
		return ret;
	if (vr_mem_generation(c->guest) != gen)
		c->translation_wrote_guest = true;
	c->ucp_prefetched = false;
	vr_res_s64(call, CPI_RET, ret);
	ret = report_chains(c, call);
	if (ret)
		return ret;
	vr_res_u64(call, CPI_PINNED, vr_ccw_pinned(c));
	vri_ccw_remember_chains(c, &c->ucp);
	if (call->explain)
		vri_ccw_explain_chains(c, call->explain);
	return 0;
}

enum { CPP_RET, CPP_PINNED, CPP_LENS, CPP_NR_RESULTS };
static const struct vr_field cp_prefetch_results[] = {
	[CPP_RET] = VR_ERRNO("ret", "cp_prefetch()"),
	[CPP_PINNED] = VR_U64("pinned", 0, UINT64_MAX, "guest pages pinned"),
	[CPP_LENS] =
		VR_LIST("lens", 0, CCWCHAIN_LEN_MAX, VR_CCW_SHOWN_MAX, "chain lengths after it"),
};
VR_FIELDS_CHECK(cp_prefetch_results, CPP_NR_RESULTS);

static int op_cp_prefetch(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	struct vr_ccw_chain_view v[VR_CCW_SHOWN_MAX];
	u64 gen = vr_mem_generation(c->guest);
	uint64_t *lens;
	struct vr_context_frame f;
	int ret, n, i;

	/* The kernel never prefetches twice; a second pass would lose pins. */
	if (c->ucp_prefetched)
		return -EINVAL;
	vri_ccw_lend(&c->mdev, &f);
	ret = cp_prefetch(&c->ucp);
	/* The caller frees the program, as vfio-ccw does. */
	if (ret == -ENOMEM)
		cp_free(&c->ucp);
	vri_ccw_unlend(&f);
	if (ret == -ENOMEM)
		return ret;
	if (vr_mem_generation(c->guest) != gen)
		c->translation_wrote_guest = true;
	c->ucp_prefetched = c->ucp.initialized;
	vr_res_s64(call, CPP_RET, ret);
	vr_res_u64(call, CPP_PINNED, vr_ccw_pinned(c));
	n = min(vr_ccw_cp_chains(&c->ucp, v, VR_CCW_SHOWN_MAX), (int)VR_CCW_SHOWN_MAX);
	lens = vr_res_list(call, CPP_LENS, (u32)n);
	if (n && !lens)
		return -E2BIG;
	for (i = 0; i < n; i++)
		lens[i] = (u64)v[i].len;
	vr_explain(call, "cp_prefetch: %s, %llu pages pinned", vr_errno_str(ret),
		   (unsigned long long)vr_ccw_pinned(c));
	return 0;
}

enum { CPO_INTPARM, CPO_LPM, CPO_NR_ARGS };
static const struct vr_field cp_get_orb_args[] = {
	[CPO_INTPARM] = VR_U64_OPT("intparm", 0, UINT32_MAX, 0x10000, "interruption parameter"),
	[CPO_LPM] = VR_U64_OPT("lpm", 0, 255, 0x80, "path mask used when the guest's is 0"),
};
VR_FIELDS_CHECK(cp_get_orb_args, CPO_NR_ARGS);

enum {
	CPO_NULL,
	CPO_HOST_CPA,
	CPO_R_FMT,
	CPO_R_C64,
	CPO_R_I2K,
	CPO_R_KEY,
	CPO_R_LPM,
	CPO_NR_RESULTS
};
static const struct vr_field cp_get_orb_results[] = {
	[CPO_NULL] = VR_BOOL("null", "cp_get_orb() returned NULL"),
	[CPO_HOST_CPA] = VR_BOOL("host_cpa", "CPA lies in the host DMA pool"),
	[CPO_R_FMT] = VR_U64("fmt", 0, 1, "ORB fmt"),
	[CPO_R_C64] = VR_U64("c64", 0, 1, "ORB c64"),
	[CPO_R_I2K] = VR_U64("i2k", 0, 1, "ORB i2k"),
	[CPO_R_KEY] = VR_U64("key", 0, 15, "ORB key"),
	[CPO_R_LPM] = VR_U64("lpm", 0, 255, "ORB lpm"),
};
VR_FIELDS_CHECK(cp_get_orb_results, CPO_NR_RESULTS);

static int op_cp_get_orb(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	struct vr_context_frame f;
	union orb *orb;

	vri_ccw_lend(&c->mdev, &f);
	orb = cp_get_orb(&c->ucp, (u32)vr_arg_u64(call, CPO_INTPARM),
			 (u8)vr_arg_u64(call, CPO_LPM));
	vri_ccw_unlend(&f);

	vr_res_bool(call, CPO_NULL, orb == NULL);
	if (!orb)
		return 0;
	vr_res_bool(call, CPO_HOST_CPA,
		    orb->cmd.cpa >= VR_CCW_HOST_POOL_BASE &&
			    orb->cmd.cpa < VR_CCW_HOST_POOL_BASE + VR_CCW_HOST_POOL_SIZE);
	vr_res_u64(call, CPO_R_FMT, orb->cmd.fmt);
	vr_res_u64(call, CPO_R_C64, orb->cmd.c64);
	vr_res_u64(call, CPO_R_I2K, orb->cmd.i2k);
	vr_res_u64(call, CPO_R_KEY, orb->cmd.key);
	vr_res_u64(call, CPO_R_LPM, orb->cmd.lpm);
	vr_explain(call, "host ORB: CPA 0x%x fmt %u c64 %u i2k %u key %u lpm 0x%02x", orb->cmd.cpa,
		   orb->cmd.fmt, orb->cmd.c64, orb->cmd.i2k, orb->cmd.key, orb->cmd.lpm);
	return 0;
}

enum { CPU_CHAIN, CPU_INDEX, CPU_NR_ARGS };
static const struct vr_field cp_update_scsw_args[] = {
	[CPU_CHAIN] =
		VR_U64_OPT("chain", 0, VR_CCW_SHOWN_MAX - 1, 0, "host chain the CPA points into"),
	[CPU_INDEX] = VR_U64_OPT("index", 0, CCWCHAIN_LEN_MAX, 0,
				 "CCW index in it (len = one past the end)"),
};
VR_FIELDS_CHECK(cp_update_scsw_args, CPU_NR_ARGS);

enum { CPU_CPA, CPU_TRANSLATED, CPU_NR_RESULTS };
static const struct vr_field cp_update_scsw_results[] = {
	[CPU_CPA] = VR_U64("cpa", 0, UINT32_MAX, "the CPA after cp_update_scsw()"),
	[CPU_TRANSLATED] = VR_BOOL("translated", "the host CPA was replaced by a guest one"),
};
VR_FIELDS_CHECK(cp_update_scsw_results, CPU_NR_RESULTS);

static int op_cp_update_scsw(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	struct vr_ccw_chain_view v[VR_CCW_SHOWN_MAX];
	int n = vr_ccw_cp_chains(&c->ucp, v, VR_CCW_SHOWN_MAX);
	u64 i = vr_arg_u64(call, CPU_CHAIN);
	struct vr_context_frame f;
	union scsw scsw;
	u32 host;

	if (i >= (u64)n || i >= VR_CCW_SHOWN_MAX)
		return -EINVAL;
	memset(&scsw, 0, sizeof(scsw));
	host = v[i].host + 8u * (u32)vr_arg_u64(call, CPU_INDEX);
	scsw.cmd.cpa = host;
	vri_ccw_lend(&c->mdev, &f);
	cp_update_scsw(&c->ucp, &scsw);
	vri_ccw_unlend(&f);
	vr_res_u64(call, CPU_CPA, scsw.cmd.cpa);
	vr_res_bool(call, CPU_TRANSLATED, scsw.cmd.cpa != host);
	vr_explain(call, "host CPA 0x%x -> 0x%x", host, scsw.cmd.cpa);
	return 0;
}

enum { CPIP_IOVA, CPIP_NR_ARGS };
static const struct vr_field cp_iova_pinned_args[] = {
	[CPIP_IOVA] = VR_U64("iova", 0, UINT32_MAX, "guest address"),
};
VR_FIELDS_CHECK(cp_iova_pinned_args, CPIP_NR_ARGS);

enum { CPIP_PINNED, CPIP_NR_RESULTS };
static const struct vr_field pinned_result[] = {
	[CPIP_PINNED] = VR_BOOL("pinned", "cp_iova_pinned()"),
};
VR_FIELDS_CHECK(pinned_result, CPIP_NR_RESULTS);

static int op_cp_iova_pinned(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	struct vr_context_frame f;
	bool pinned;

	vri_ccw_lend(&c->mdev, &f);
	pinned = cp_iova_pinned(&c->ucp, vr_arg_u64(call, CPIP_IOVA));
	vri_ccw_unlend(&f);
	vr_res_bool(call, CPIP_PINNED, pinned);
	return 0;
}

enum { CPF_PINNED, CPF_NR_RESULTS };
static const struct vr_field cp_free_results[] = {
	[CPF_PINNED] = VR_U64("pinned", 0, UINT64_MAX, "guest pages still pinned"),
};
VR_FIELDS_CHECK(cp_free_results, CPF_NR_RESULTS);

static int op_cp_free(void *model, struct vr_call *call)
{
	struct vr_ccw *c = model;
	struct vr_context_frame f;

	vri_ccw_lend(&c->mdev, &f);
	cp_free(&c->ucp);
	vri_ccw_unlend(&f);
	c->ucp_prefetched = false;
	vr_res_u64(call, CPF_PINNED, vr_ccw_pinned(c));
	vr_explain(call, "cp_free: %llu pages still pinned", (unsigned long long)vr_ccw_pinned(c));
	return 0;
}

enum {
	OP_CCW_PUT,
	OP_CCW_FILL,
	OP_TIC_PUT,
	OP_CCW_RAW,
	OP_IDAW_PUT,
	OP_DATA_PUT,
	OP_START,
	OP_SSCH,
	OP_TSCH,
	OP_CSCH,
	OP_EVENTS,
	OP_CP_INIT,
	OP_CP_PREFETCH,
	OP_CP_GET_ORB,
	OP_CP_UPDATE_SCSW,
	OP_CP_IOVA_PINNED,
	OP_CP_FREE,
	NR_OPS
};
static const struct vr_op ccw_ops[] = {
	[OP_CCW_PUT] = VR_OP("ccw_put", ccw_put_args, addr_results, op_ccw_put,
			     "write a CCW into a program slot"),
	[OP_CCW_FILL] = VR_OP("ccw_fill", ccw_fill_args, addr_results, op_ccw_fill,
			      "write the same format-1 CCW into consecutive slots"),
	[OP_TIC_PUT] = VR_OP("tic_put", tic_put_args, addr_results, op_tic_put,
			     "write a TIC from one slot to another"),
	[OP_CCW_RAW] = VR_OP("ccw_raw", ccw_raw_args, addr_results, op_ccw_raw,
			     "write any 8 bytes into a program slot"),
	[OP_IDAW_PUT] =
		VR_OP("idaw_put", idaw_put_args, addr_results, op_idaw_put, "write an IDAW"),
	[OP_DATA_PUT] = VR_OP("data_put", data_put_args, addr_results, op_data_put,
			      "write bytes into a data area"),
	[OP_START] = VR_OP("start", start_args, start_results, op_start,
			   "Start Subchannel with an ORB for a program slot"),
	[OP_SSCH] = VR_OP("ssch", ssch_args, start_results, op_ssch,
			  "Start Subchannel with an ORB stored in guest memory"),
	[OP_TSCH] = VR_OP_NOARGS("tsch", tsch_results, op_tsch, "Test Subchannel: the pending IRB"),
	[OP_CSCH] = { .name = "csch", .doc = "Clear Subchannel", .apply = op_csch },
	[OP_EVENTS] = VR_OP("events", events_args, events_results, op_events,
			    "what the device saw in the last run"),
	[OP_CP_INIT] = VR_OP("cp_init", cp_init_args, cp_init_results, op_cp_init,
			     "cp_init() of a program at cpa"),
	[OP_CP_PREFETCH] =
		VR_OP_NOARGS("cp_prefetch", cp_prefetch_results, op_cp_prefetch, "cp_prefetch()"),
	[OP_CP_GET_ORB] = VR_OP("cp_get_orb", cp_get_orb_args, cp_get_orb_results, op_cp_get_orb,
				"cp_get_orb()"),
	[OP_CP_UPDATE_SCSW] =
		VR_OP("cp_update_scsw", cp_update_scsw_args, cp_update_scsw_results,
		      op_cp_update_scsw, "cp_update_scsw() of a host CPA inside a chain"),
	[OP_CP_IOVA_PINNED] = VR_OP("cp_iova_pinned", cp_iova_pinned_args, pinned_result,
				    op_cp_iova_pinned, "cp_iova_pinned()"),
	[OP_CP_FREE] = VR_OP_NOARGS("cp_free", cp_free_results, op_cp_free, "cp_free()"),
};
VR_FIELDS_CHECK(ccw_ops, NR_OPS);

enum { CHECK_EQUIVALENT, NR_CHECKS };
static const struct vr_check ccw_checks[] = {
    [CHECK_EQUIVALENT] =
	{
	    .name = "equivalent",
	    .doc = "the last started program gives the same device events and guest SCSW "
		   "directly and through vfio-ccw, or vfio-ccw refuses it for a documented "
		   "limit",
	    .run = vri_ccw_check_equivalent,
	},
};
VR_FIELDS_CHECK(ccw_checks, NR_CHECKS);

static const char *const ccw_mem_spaces[] = { "guest" };

static struct vr_mem *ccw_mem(void *model, uint32_t space)
{
	return space == 0 ? ((struct vr_ccw *)model)->guest : NULL;
}

static int ccw_invariants(void *model, struct vr_text *why)
{
	return vr_ccw_invariants(model, why);
}

static void ccw_dump(void *model, struct vr_text *out)
{
	vr_ccw_dump(model, out);
}

static void ccw_dot(void *model, struct vr_text *out)
{
	vr_ccw_dot(model, out);
}

const struct vr_model vr_model_ccw = {
	.name = "ccw",
	.doc = "s390 channel subsystem (ORB, CCWs, TIC, IDAWs, SCSW) and the vfio-ccw translator",
	VR_MODEL_CONFIG(ccw_config),
	.create = ccw_create,
	.destroy = ccw_destroy,
	VR_MODEL_OPS(ccw_ops),
	.invariants = ccw_invariants,
	.dump = ccw_dump,
	VR_MODEL_MEM_SPACES(ccw_mem_spaces),
	.mem = ccw_mem,
	VR_MODEL_CHECKS(ccw_checks),
	.dot = ccw_dot,
};
