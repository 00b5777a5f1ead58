/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * mirrors: arch/s390/include/asm/page.h, the storage-key part
 * (PAGE_DEFAULT_ACC, PAGE_DEFAULT_KEY), which cp_get_orb() puts into the
 * host ORB's key field; the page size itself is <virtref/linux/mm.h>.
 */
#ifndef VIRTREF_CCW_PAGE_H
#define VIRTREF_CCW_PAGE_H

#include <virtref/linux/mm.h>

/* Access-control bits of the default storage key: key 0. */
#define PAGE_DEFAULT_ACC 0
#define PAGE_DEFAULT_KEY (PAGE_DEFAULT_ACC << 4)

#endif
