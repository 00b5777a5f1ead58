/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/io.h and arch/.../asm/io.h, page.h: the
 * kernel's direct map.  The model lending the environment decides what a
 * physical address is (virtref/context.h, struct vr_env_ops); without
 * one these fire WARN_ON() and give 0 or NULL.
 */
#ifndef VIRTREF_LINUX_IO_H
#define VIRTREF_LINUX_IO_H

#include <virtref/context.h>
#include <virtref/linux/types.h>

static inline phys_addr_t virt_to_phys(volatile void *address)
{
	return vr_env_virt_to_phys(address);
}

static inline void *phys_to_virt(phys_addr_t address)
{
	return vr_env_phys_to_virt(address);
}

#define __pa(x) ((unsigned long)virt_to_phys((void *)(x)))
#define __va(x) phys_to_virt((phys_addr_t)(x))

#endif
