/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/compiler.h and compiler_attributes.h: the
 * once-accessors, the branch hints and the attributes ported files use.
 * The model is single-threaded, so READ_ONCE()/WRITE_ONCE() only keep the
 * compiler from tearing or merging the access, as in the kernel.
 */
#ifndef VIRTREF_LINUX_COMPILER_H
#define VIRTREF_LINUX_COMPILER_H

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)                                                                         \
	do {                                                                                       \
		*(volatile __typeof__(x) *)&(x) = (val);                                           \
	} while (0)

#define barrier() __asm__ __volatile__("" : : : "memory")
/* asm-generic/barrier.h: one thread runs a model, so a compiler barrier. */
#define mb() barrier()
#define rmb() barrier()
#define wmb() barrier()
#define smp_mb() barrier()
#define smp_rmb() barrier()
#define smp_wmb() barrier()

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define unreachable() __builtin_unreachable()

#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#ifndef noinline
#define noinline __attribute__((__noinline__))
#endif
#ifndef __must_check
#define __must_check __attribute__((__warn_unused_result__))
#endif
#ifndef __maybe_unused
#define __maybe_unused __attribute__((__unused__))
#endif
#ifndef __aligned
#define __aligned(x) __attribute__((__aligned__(x)))
#endif
#ifndef fallthrough
#define fallthrough __attribute__((__fallthrough__))
#endif
/* Sparse annotations: nothing to a C compiler. */
#ifndef __force
#define __force
#endif
#ifndef __percpu
#define __percpu
#endif

#endif
