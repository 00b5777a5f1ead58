/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The hypercall instruction (torvalds/linux arch/x86/include/asm/
 * mshyperv.h hv_do_hypercall()), through the hypercall page of the CPU
 * the code runs on (vr_hv_cpu.c).
 */

#include <stdint.h>
#include <virtref/mmu/hw_hyperv.h>
#include <virtref/mmu/mshyperv.h>

u64 hv_do_hypercall(u64 control, void *input, void *output)
{
	(void)output;
	if (!hv_hypercall_pg)
		return UINT64_MAX;
	if (!input)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	return vr_mmu_hv_l0_hypercall(hv_hypercall_pg, control, input);
}
