/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: arch/x86/include/asm/mshyperv.h and include/asm-generic/mshyperv.h
 * at v6.6 (torvalds/linux)
 *   hyperv_fill_flush_list_func, hv_do_hypercall, hv_do_rep_hypercall,
 *   hyperv_flush_guest_mapping, hyperv_fill_flush_guest_mapping_list,
 *   hyperv_flush_guest_mapping_range
 * plus the per-CPU state behind hv_hypercall_pg and hyperv_pcpu_input_arg
 * (struct vr_mmu_hv_cpu) and the seed V3 fill with an offset.
 */
#ifndef VIRTREF_MMU_MSHYPERV_H
#define VIRTREF_MMU_MSHYPERV_H

#include <stddef.h>
#include <virtref/api.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/export.h>
#include <virtref/linux/irqflags.h>
#include <virtref/linux/percpu.h>
#include <virtref/linux/types.h>
#include <virtref/mmu/hyperv-tlfs.h>

typedef int (*hyperv_fill_flush_list_func)(struct hv_guest_mapping_flush_list *flush, void *data);

/*
 * The per-CPU hypercall input area: one page, followed by the memory the
 * legacy 4094-element limit lets the fill routine write into.
 */
#define VR_MMU_HV_INPUT_AREA_QWORDS (2 + 4094)
union vr_mmu_hv_input_area {
	struct hv_guest_mapping_flush space;
	struct hv_guest_mapping_flush_list list;
	u64 raw[VR_MMU_HV_INPUT_AREA_QWORDS];
};

/*
 * The machine the kernel-shaped Hyper-V code runs on: what the kernel
 * keeps in hv_hypercall_pg and hyperv_pcpu_input_arg.  Code running "on"
 * it is bracketed by vr_mmu_hv_cpu_enter()/vr_mmu_hv_cpu_exit(), which
 * make it the core context's CPU state (virtref/context.h); the context's
 * cpu picks the per-CPU slot.  With none entered there is no hypercall
 * page and the functions report -ENOTSUPP, as the kernel does before
 * Hyper-V is set up.
 */
struct vr_mmu_hv_cpu {
	struct vr_mmu_hv_l0 *l0;	   /* NULL: no hypercall page */
	union vr_mmu_hv_input_area *input; /* NULL: no per-CPU input page */
	size_t max_flush_rep_count;	   /* its kernel's HV_MAX_FLUSH_REP_COUNT; 0: 510 */
	bool input_dirty;		   /* entered since the last overflow check */
	/* hyperv_pcpu_input_arg: each CPU's input page, @input (set on entry) */
	void *input_arg[NR_CPUS];
};

/*
 * hv_hypercall_pg: the kernel's hypercall page, NULL until Hyper-V is set
 * up; here non-NULL while a CPU with an L0 is current.
 */
#define hv_hypercall_pg vr_mmu_hv_hypercall_pg()
/**
 * vr_mmu_hv_hypercall_pg() - what hv_hypercall_pg reads.
 *
 * Return: the current CPU's L0, or NULL when none is there.
 */
VR_API void *vr_mmu_hv_hypercall_pg(void);

/*
 * hyperv_pcpu_input_arg: the kernel's per-CPU pointers to the hypercall
 * input page (an alloc_percpu(void *)), read as
 * *this_cpu_ptr(hyperv_pcpu_input_arg) on the context's cpu.
 */
#define hyperv_pcpu_input_arg vr_mmu_hv_pcpu_input_arg()
/**
 * vr_mmu_hv_pcpu_input_arg() - what hyperv_pcpu_input_arg reads.
 *
 * Return: the entered machine's NR_CPUS slots in a row, each its input
 * page; with none entered NR_CPUS slots that hold NULL.  Never NULL.
 */
VR_API void **vr_mmu_hv_pcpu_input_arg(void);

/* hv_result(), hv_result_success(): the status of a hypercall result. */
#define hv_result(status) ((int)((status)&HV_HYPERCALL_RESULT_MASK))
#define hv_result_success(status) (hv_result(status) == HV_STATUS_SUCCESS)

/**
 * vr_mmu_hv_cpu_enter() - make @cpu the machine the calling thread's
 * kernel-shaped Hyper-V code runs on: the current context's CPU state.
 * @cpu: the machine, or NULL for none
 *
 * Return: the machine that was current, for vr_mmu_hv_cpu_exit().
 */
VR_API struct vr_mmu_hv_cpu *vr_mmu_hv_cpu_enter(struct vr_mmu_hv_cpu *cpu);

/**
 * vr_mmu_hv_cpu_exit() - make @prev current again.
 * @prev: what vr_mmu_hv_cpu_enter() returned
 */
VR_API void vr_mmu_hv_cpu_exit(struct vr_mmu_hv_cpu *prev);

/**
 * vr_mmu_hv_cpu_current() - the machine the calling thread runs on.
 *
 * Return: the current context's CPU state when it is an mmu machine,
 * else NULL.
 */
VR_API struct vr_mmu_hv_cpu *vr_mmu_hv_cpu_current(void);

/**
 * vr_mmu_hv_input_overflow() - the legacy overflow: bytes written past
 * @cpu's input page.  The area is scanned only when @cpu was entered
 * since the last call, since only code running on it writes its input:
 * whatever filled the list, virtref's fill or a kernel file's.
 * @cpu: the CPU
 *
 * Return: the bytes written past the page, 0 when clean.
 */
VR_API size_t vr_mmu_hv_input_overflow(struct vr_mmu_hv_cpu *cpu);

/**
 * hv_do_hypercall() - issue a hypercall on the current CPU.
 * @control: the input value
 * @input:   the 4 KiB input page
 * @output:  unused by the two flush calls
 *
 * Return: L0's result value (see vr_mmu_hv_l0_hypercall());
 * HV_STATUS_INVALID_HYPERCALL_INPUT for a NULL @input; U64_MAX when
 * hv_hypercall_pg is NULL (no CPU with an L0 is current).
 */
VR_API u64 hv_do_hypercall(u64 control, void *input, void *output);

/**
 * hv_do_rep_hypercall() - the kernel's rep loop: reissue with the reps
 * completed as the new start index until all are done or a call fails.
 * @code:         call code
 * @rep_count:    reps wanted
 * @varhead_size: variable header size in QWORDs
 * @input:        the input page
 * @output:       the output page (unused here)
 *
 * Return: the last result value: success with every rep completed, or
 * the first failure (as hv_do_hypercall()).
 */
VR_API u64 hv_do_rep_hypercall(u16 code, u16 rep_count, u16 varhead_size, void *input,
			       void *output);

/* ---- arch/x86/hyperv/nested.c ------------------------------------------ */

/**
 * hyperv_flush_guest_mapping() - HvCallFlushGuestPhysicalAddressSpace.
 * @as: address space (EPTP & PAGE_MASK)
 *
 * Return: 0, or -ENOTSUPP (no hypercall page / input page, or any
 * hypervisor failure: the status is not passed back).
 */
VR_API int hyperv_flush_guest_mapping(u64 as);
/**
 * hyperv_fill_flush_guest_mapping_list() - mainline fill: ranges of at
 * most HV_MAX_FLUSH_PAGES from index 0.
 * @flush:     the input page
 * @start_gfn: first gfn (truncated to the 52-bit basepfn)
 * @pages:     page count; 0 writes one element of 2048 pages
 *
 * Return: number of elements written, or -ENOSPC (elements already
 * written stay written).
 */
VR_API int hyperv_fill_flush_guest_mapping_list(struct hv_guest_mapping_flush_list *flush,
						u64 start_gfn, u64 pages);
/**
 * vr_v3_hyperv_fill_flush_guest_mapping_list() - the seed V3 form.
 * @flush:     the input page
 * @offset:    first index to write; a negative one fails with -ENOSPC
 *             without writing (the limit is compared as a size_t)
 * @start_gfn: first gfn
 * @pages:     page count (0: one 2048-page element)
 *
 * Return: the new total of elements, or -ENOSPC.
 */
VR_API int vr_v3_hyperv_fill_flush_guest_mapping_list(struct hv_guest_mapping_flush_list *flush,
						      int offset, u64 start_gfn, u64 pages);
/**
 * hyperv_flush_guest_mapping_range() - HvCallFlushGuestPhysicalAddressList
 * with the elements @fill writes.
 * @as:   address space (EPTP & PAGE_MASK)
 * @fill: writes the elements into the input page, returns their count
 * @data: passed to @fill
 *
 * Return: 0; -ENOTSUPP (no hypercall page, no @fill, no input page, or
 * @fill failed); or the positive HV status of a failed hypercall.
 */
VR_API int hyperv_flush_guest_mapping_range(u64 as, hyperv_fill_flush_list_func fill, void *data);

#endif
