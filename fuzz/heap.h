/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A fuzzing process creates and destroys an instance per input.  Some
 * kernel structures are large (XIVE's source block is 120 KiB, as
 * arch/powerpc/kvm/book3s_xive.h lays it out), and glibc hands the top
 * of the heap back to the kernel whenever such a block is freed, so the
 * next input pays page faults for the same memory again: half of the
 * time of an XIVE run.  A fuzzing process keeps its heap instead.
 */
#ifndef VIRTREF_FUZZ_HEAP_H
#define VIRTREF_FUZZ_HEAP_H

#ifdef __GLIBC__
#include <malloc.h>
#endif

static inline void vr_fuzz_keep_heap(void)
{
#ifdef __GLIBC__
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

#endif
