/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The hypercall instruction (torvalds/linux arch/x86/include/asm/
 * mshyperv.h hv_do_hypercall()), on the CPU the caller entered.
 *
 * The kernel reaches L0 through per-CPU state (hv_hypercall_pg and
 * hyperv_pcpu_input_arg); the fill's HV_MAX_FLUSH_REP_COUNT is read
 * from the same CPU, whose kernel may have the 2019 definition.  virtref models "the CPU this code
 * runs on" as a per-thread pointer to a struct vr_mmu_hv_cpu that a model instance owns: the
 * pointer is the only thing kept outside the instance, and it is set and restored around every call
 * into the kernel-shaped layer.
 */

#include <stdint.h>
#include <virtref/mmu/hw_hyperv.h>
#include <virtref/mmu/mshyperv.h>

static _Thread_local struct vr_mmu_hv_cpu *vr_this_cpu;

struct vr_mmu_hv_cpu *vr_mmu_hv_cpu_enter(struct vr_mmu_hv_cpu *cpu)
{
	struct vr_mmu_hv_cpu *prev = vr_this_cpu;

	if (cpu)
		cpu->input_dirty = true;
	vr_this_cpu = cpu;
	return prev;
}

void vr_mmu_hv_cpu_exit(struct vr_mmu_hv_cpu *prev)
{
	vr_this_cpu = prev;
}

struct vr_mmu_hv_cpu *vr_mmu_hv_cpu_current(void)
{
	return vr_this_cpu;
}

void *vr_mmu_hv_hypercall_pg(void)
{
	return vr_this_cpu ? vr_this_cpu->l0 : NULL;
}

size_t vr_mmu_hv_max_flush_rep_count(void)
{
	size_t n = vr_this_cpu ? vr_this_cpu->max_flush_rep_count : 0;

	if (!n)
		return VR_MMU_HV_PAGE_REP_COUNT;
	/* Never more than the input area holds, whatever the caller set. */
	return n < VR_MMU_HV_INPUT_AREA_QWORDS - 2 ? n : VR_MMU_HV_INPUT_AREA_QWORDS - 2;
}

void **vr_mmu_hv_pcpu_input_arg(void)
{
	static _Thread_local void *slot;

	slot = vr_this_cpu ? vr_this_cpu->input : NULL;
	return &slot;
}

u64 hv_do_hypercall(u64 control, void *input, void *output)
{
	(void)output;
	if (!hv_hypercall_pg)
		return UINT64_MAX;
	if (!input)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	return vr_mmu_hv_l0_hypercall(hv_hypercall_pg, control, input);
}
