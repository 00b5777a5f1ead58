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

/**
 * virt_to_phys() - the physical address of a host pointer
 * @address: the pointer
 *
 * Asks the context's env->virt_to_phys().
 *
 * Return: the address; 0 (and a WARN_ON()) without an environment that translates.
 */
static inline phys_addr_t virt_to_phys(volatile void *address)
{
	return vr_env_virt_to_phys(address);
}

/**
 * phys_to_virt() - the host pointer of a physical address
 * @address: the physical address
 *
 * Asks the context's env->phys_to_virt().
 *
 * Return: the pointer, or NULL when nothing lives there; NULL (and a
 * WARN_ON()) without an environment that translates.
 */
static inline void *phys_to_virt(phys_addr_t address)
{
	return vr_env_phys_to_virt(address);
}

#define __pa(x) ((unsigned long)virt_to_phys((void *)(x)))
#define __va(x) phys_to_virt((phys_addr_t)(x))

#endif
