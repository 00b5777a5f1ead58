/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/percpu.h, percpu-defs.h and smp.h.  The
 * CPU a model runs on is the current context's (virtref/context.h:
 * ctx->cpu), so a test can run kernel code "on" any CPU.
 *
 * A per-CPU object is NR_CPUS copies in a row.  From alloc_percpu() it is
 * an element pointer to the first copy; a DEFINE_PER_CPU() variable is an
 * array of NR_CPUS, so &var points at all of them.  per_cpu_ptr() and
 * this_cpu_ptr() take either, as the kernel's take both, and pick one
 * copy: the element pointer of that CPU's.
 */
#ifndef VIRTREF_LINUX_PERCPU_H
#define VIRTREF_LINUX_PERCPU_H

#include <virtref/alloc.h>
#include <virtref/context.h>
#include <virtref/linux/compiler.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/preempt.h>

#define NR_CPUS 64
#define nr_cpu_ids NR_CPUS

/**
 * smp_processor_id() - the CPU the code runs on
 *
 * Return: the context's cpu; 0 (and a WARN_ON()) when it is NR_CPUS or more.
 */
static inline unsigned int smp_processor_id(void)
{
	unsigned int cpu = vr_context_current()->cpu;

	return WARN_ON(cpu >= NR_CPUS) ? 0 : cpu;
}

#define raw_smp_processor_id() smp_processor_id()
/* The CPU, with preemption disabled until put_cpu(), as in the kernel. */
#define get_cpu() (preempt_disable(), smp_processor_id())
#define put_cpu() preempt_enable()

#define DEFINE_PER_CPU(type, name) __typeof__(type) name[NR_CPUS]
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name[NR_CPUS]

#define alloc_percpu(type) ((type __percpu *)vr_calloc(NR_CPUS, sizeof(type)))
#define free_percpu(ptr) vr_free(ptr)

/*
 * True when @ptr is &var of a DEFINE_PER_CPU() array: only an array
 * changes type when the comma operator makes it an rvalue (it decays).
 */
#define vr_percpu_is_array(ptr)                                                                    \
	(!__builtin_types_compatible_p(__typeof__(*(ptr)), __typeof__(((void)0, *(ptr)))))
/* The array's first element or the element pointer itself, plus @cpu copies. */
#define per_cpu_ptr(ptr, cpu)                                                                      \
	(__builtin_choose_expr(vr_percpu_is_array(ptr), *(ptr), (ptr)) + (cpu))
#define this_cpu_ptr(ptr) per_cpu_ptr(ptr, smp_processor_id())

#define per_cpu(var, cpu) (*per_cpu_ptr(&(var), cpu))
#define this_cpu_read(var) (*this_cpu_ptr(&(var)))
#define this_cpu_write(var, val) ((void)(*this_cpu_ptr(&(var)) = (val)))

#endif
