/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for the generated include/generated/uapi/linux/version.h.
 * The kernel a build targets is chosen with VR_LINUX_VERSION, e.g.
 * -DVR_LINUX_VERSION='KERNEL_VERSION(5, 3, 0)' to compile a v5.3 file;
 * headers whose interface changed between kernels (vfio.h) follow it.
 * The default is current mainline.
 */
#ifndef VIRTREF_LINUX_VERSION_H
#define VIRTREF_LINUX_VERSION_H

#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))

#ifndef VR_LINUX_VERSION
#define VR_LINUX_VERSION KERNEL_VERSION(6, 18, 0)
#endif

#define LINUX_VERSION_CODE VR_LINUX_VERSION
#define LINUX_VERSION_MAJOR (LINUX_VERSION_CODE >> 16)
#define LINUX_VERSION_PATCHLEVEL ((LINUX_VERSION_CODE >> 8) & 0xff)
#define LINUX_VERSION_SUBLEVEL (LINUX_VERSION_CODE & 0xff)

#endif
