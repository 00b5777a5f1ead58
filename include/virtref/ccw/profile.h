/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The generations of drivers/s390/cio/vfio_ccw_cp.c that the ccw model's
 * profiles stand for (docs/ccw.md "Profiles"), in order.
 * src/ccw/CMakeLists.txt compiles src/ccw/vfio_ccw_cp.c once per
 * generation with VFIO_CCW_CP_GEN set to one of these, its cp_* names
 * given a generation's prefix, and the kernel names call the generation
 * of the device's profile; each #if of the file is the code that kernel
 * state compiled in.  A kernel tree's own vfio_ccw_cp.c has one of them
 * and no #if.
 */
#ifndef VIRTREF_CCW_PROFILE_H
#define VIRTREF_CCW_PROFILE_H

/* v5.0: counting goes on past any TIC, IDA only in format 2 with 4 KiB blocks. */
#define VFIO_CCW_CP_5_0 1
/* commit 405d566f98ae (5.1 merge window): counting stops at every TIC. */
#define VFIO_CCW_CP_5_1_RC1 2
/* v5.1: the seed length rule, a TIC back into the chain keeps counting. */
#define VFIO_CCW_CP_5_1 3
/* v5.3: no pins for empty transfers, the CPA one past a chain maps back. */
#define VFIO_CCW_CP_5_3 4
/* mainline: format-1 and 2 KiB IDA, the guest's key, no prefetch needed. */
#define VFIO_CCW_CP_MAINLINE 5
/* mainline with "s390/vfio_ccw fixes" v1 (July 2026), patches 1/6 - 4/6 as posted. */
#define VFIO_CCW_CP_2026_07_V1 6

#endif
