/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The kernel's rep-hypercall loop (torvalds/linux include/asm-generic/
 * mshyperv.h hv_do_rep_hypercall()): L0 may complete only some reps and
 * report how many in result bits 43:32; the loop reissues the call with
 * that count as the start index (control bits 59:48; Hyper-V TLFS,
 * "Hypercall Interface").
 */
#include <virtref/mmu/mshyperv.h>

u64 hv_do_rep_hypercall(u16 code, u16 rep_count, u16 varhead_size, void *input, void *output)
{
	u64 control = code;
	u64 status;
	u16 rep_comp;

	control |= (u64)varhead_size << HV_HYPERCALL_VARHEAD_OFFSET;
	control |= (u64)rep_count << HV_HYPERCALL_REP_COMP_OFFSET;
	do {
		status = hv_do_hypercall(control, input, output);
		if (!hv_result_success(status))
			return status;
		rep_comp = (u16)((status & HV_HYPERCALL_REP_COMP_MASK) >>
				 HV_HYPERCALL_REP_COMP_OFFSET);
		/* Resume from the first rep not yet completed. */
		control &= ~HV_HYPERCALL_REP_START_MASK;
		control |= (u64)rep_comp << HV_HYPERCALL_REP_START_OFFSET;
	} while (rep_comp < rep_count);
	return status;
}
