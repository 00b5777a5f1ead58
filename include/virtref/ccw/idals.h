/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: arch/s390/include/asm/idals.h (torvalds/linux, v5.3): the
 * 4 KiB indirect data address blocks the kernel's vfio_ccw_cp.c sizes
 * its IDALs by.  Kernel layer: no hardware file includes it.
 */
#ifndef VIRTREF_CCW_IDALS_H
#define VIRTREF_CCW_IDALS_H

#include <virtref/linux/types.h>

#define IDA_SIZE_LOG 12 /* 11 for 2k, 12 for 4k */
#define IDA_BLOCK_SIZE (1L << IDA_SIZE_LOG)

/**
 * idal_nr_words() - IDAWs needed for @length bytes from @vaddr
 * @vaddr: the first byte; on s390 __pa() of it is the address itself
 * @length: bytes to transfer
 *
 * The kernel applies __pa() to @vaddr, which on s390 is the identity; the
 * translator hands it guest addresses, so the address is used as it is
 * instead of asking the environment to translate a pointer it never gave.
 *
 * Return: the number of IDA blocks [@vaddr, @vaddr + @length) touches.
 */
static inline unsigned int idal_nr_words(void *vaddr, unsigned int length)
{
	unsigned long a = (unsigned long)vaddr;

	return (unsigned int)(((a & (IDA_BLOCK_SIZE - 1)) + length + (IDA_BLOCK_SIZE - 1)) >>
			      IDA_SIZE_LOG);
}

#endif
