/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The machine the mmu model's kernel code runs on: what the L1 kernel
 * sets up at boot for Hyper-V (hv_hypercall_pg, the per-CPU
 * hyperv_pcpu_input_arg) and the HV_MAX_FLUSH_REP_COUNT its build has.
 *
 * A struct vr_mmu_hv_cpu is entered as the core context's CPU state
 * (virtref/context.h), so that the kernel-named accessors read it through
 * the context as the kernel reads its per-CPU data through the CPU it
 * runs on: this_cpu_ptr(hyperv_pcpu_input_arg) is the slot of the
 * context's cpu.  Nothing here is per-thread beyond the context itself.
 */
#include <virtref/context.h>
#include <virtref/mmu/hw_hyperv.h>
#include <virtref/mmu/mshyperv.h>

/* The context's CPU state is mmu's when it holds this key. */
static const char hv_cpu_owner;

struct vr_mmu_hv_cpu *vr_mmu_hv_cpu_enter(struct vr_mmu_hv_cpu *cpu)
{
	struct vr_context *ctx = vr_context_current();
	struct vr_mmu_hv_cpu *prev = vr_mmu_hv_cpu_current();
	int i;

	if (cpu) {
		cpu->input_dirty = true;
		/*
		 * Every CPU's input page is @input: one thread runs the model,
		 * and a hypercall is done before the next one fills the page.
		 */
		for (i = 0; i < NR_CPUS; i++)
			cpu->input_arg[i] = cpu->input;
	}
	ctx->cpu_state = cpu;
	ctx->cpu_owner = cpu ? &hv_cpu_owner : NULL;
	return prev;
}

void vr_mmu_hv_cpu_exit(struct vr_mmu_hv_cpu *prev)
{
	struct vr_context *ctx = vr_context_current();

	ctx->cpu_state = prev;
	ctx->cpu_owner = prev ? &hv_cpu_owner : NULL;
}

struct vr_mmu_hv_cpu *vr_mmu_hv_cpu_current(void)
{
	struct vr_context *ctx = vr_context_current();

	return ctx->cpu_owner == &hv_cpu_owner ? ctx->cpu_state : NULL;
}

void *vr_mmu_hv_hypercall_pg(void)
{
	struct vr_mmu_hv_cpu *cpu = vr_mmu_hv_cpu_current();

	return cpu ? cpu->l0 : NULL;
}

size_t vr_mmu_hv_max_flush_rep_count(void)
{
	struct vr_mmu_hv_cpu *cpu = vr_mmu_hv_cpu_current();
	size_t n = cpu ? cpu->max_flush_rep_count : 0;

	if (!n)
		return VR_MMU_HV_PAGE_REP_COUNT;
	/* Never more than the input area holds, whatever the caller set. */
	return n < VR_MMU_HV_INPUT_AREA_QWORDS - 2 ? n : VR_MMU_HV_INPUT_AREA_QWORDS - 2;
}

void **vr_mmu_hv_pcpu_input_arg(void)
{
	/* No machine: NR_CPUS slots that all read NULL, as before Hyper-V is set up. */
	static void *none[NR_CPUS];
	struct vr_mmu_hv_cpu *cpu = vr_mmu_hv_cpu_current();

	return cpu ? cpu->input_arg : none;
}
