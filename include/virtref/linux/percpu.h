/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/percpu.h, percpu-defs.h and smp.h.  The
 * CPU a model runs on is the current context's (virtref/context.h:
 * ctx->cpu), so a test can run kernel code "on" any CPU.
 *
 * A per-CPU object from alloc_percpu() is NR_CPUS copies side by side;
 * per_cpu_ptr() and this_cpu_ptr() pick one, as in the kernel.  A
 * DEFINE_PER_CPU() variable is an array of NR_CPUS: reach it with
 * per_cpu(), this_cpu_read(), this_cpu_write() or &this_cpu_var() (the
 * kernel's this_cpu_ptr(&var) has no equivalent here).
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
#define per_cpu(var, cpu) ((var)[(cpu)])
#define this_cpu_var(var) ((var)[smp_processor_id()])
#define this_cpu_read(var) this_cpu_var(var)
#define this_cpu_write(var, val) ((void)(this_cpu_var(var) = (val)))

#define alloc_percpu(type) ((type __percpu *)vr_calloc(NR_CPUS, sizeof(type)))
#define free_percpu(ptr) vr_free(ptr)
#define per_cpu_ptr(ptr, cpu) (&(ptr)[(cpu)])
#define this_cpu_ptr(ptr) per_cpu_ptr(ptr, smp_processor_id())

#endif
