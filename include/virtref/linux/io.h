/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/io.h and arch/.../asm/io.h, page.h: the
 * kernel's direct map and MMIO.  The model lending the environment
 * decides what a physical address is and which device answers a load or
 * store (virtref/context.h, struct vr_env_ops); without one these fire
 * WARN_ON() and give 0, NULL or all ones.
 */
#ifndef VIRTREF_LINUX_IO_H
#define VIRTREF_LINUX_IO_H

#include <virtref/context.h>
#include <virtref/linux/byteorder.h>
#include <virtref/linux/types.h>

#ifndef __iomem
#define __iomem
#endif

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

/**
 * ioremap() - maps a device's MMIO window
 * @offset: bus address
 * @size: bytes
 *
 * Return: a cookie for the accessors below (vr_env_ioremap()), or NULL.
 */
static inline void __iomem *ioremap(phys_addr_t offset, size_t size)
{
	return vr_env_ioremap(offset, size);
}

/* Nothing was mapped, so nothing is unmapped. */
static inline void iounmap(volatile void __iomem *addr)
{
	(void)addr;
}

/*
 * One helper per direction; the accessors differ only in how the bytes
 * on the bus make a number: readl() is little-endian (PCI), in_be32()
 * big-endian (POWER), __raw_readl() the host's order.
 */
static inline u64 vr_io_load(const volatile void __iomem *addr, unsigned int len)
{
	u64 v = 0;

	vr_env_mmio(addr, &v, len, false);
	return v;
}

static inline void vr_io_store(volatile void __iomem *addr, u64 v, unsigned int len)
{
	vr_env_mmio(addr, &v, len, true);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
/* The low-order bytes of @v, where a big-endian host keeps them. */
#define VR_IO_LANE(v, len) ((v) << (64 - 8 * (len)))
#define VR_IO_UNLANE(v, len) ((v) >> (64 - 8 * (len)))
#else
#define VR_IO_LANE(v, len) (v)
#define VR_IO_UNLANE(v, len) (v)
#endif

#define __raw_readb(a) ((u8)VR_IO_UNLANE(vr_io_load((a), 1), 1))
#define __raw_readw(a) ((u16)VR_IO_UNLANE(vr_io_load((a), 2), 2))
#define __raw_readl(a) ((u32)VR_IO_UNLANE(vr_io_load((a), 4), 4))
#define __raw_readq(a) ((u64)vr_io_load((a), 8))
#define __raw_writeb(v, a) vr_io_store((a), VR_IO_LANE((u64)(u8)(v), 1), 1)
#define __raw_writew(v, a) vr_io_store((a), VR_IO_LANE((u64)(u16)(v), 2), 2)
#define __raw_writel(v, a) vr_io_store((a), VR_IO_LANE((u64)(u32)(v), 4), 4)
#define __raw_writeq(v, a) vr_io_store((a), (u64)(v), 8)

#define readb(a) __raw_readb(a)
#define readw(a) le16_to_cpu(__raw_readw(a))
#define readl(a) le32_to_cpu(__raw_readl(a))
#define readq(a) le64_to_cpu(__raw_readq(a))
#define writeb(v, a) __raw_writeb((v), (a))
#define writew(v, a) __raw_writew(cpu_to_le16(v), (a))
#define writel(v, a) __raw_writel(cpu_to_le32(v), (a))
#define writeq(v, a) __raw_writeq(cpu_to_le64(v), (a))
#define readl_relaxed(a) readl(a)
#define readq_relaxed(a) readq(a)
#define writel_relaxed(v, a) writel((v), (a))
#define writeq_relaxed(v, a) writeq((v), (a))
#define ioread32(a) readl(a)
#define iowrite32(v, a) writel((v), (a))

#define in_8(a) __raw_readb(a)
#define in_be16(a) be16_to_cpu(__raw_readw(a))
#define in_be32(a) be32_to_cpu(__raw_readl(a))
#define in_be64(a) be64_to_cpu(__raw_readq(a))
#define in_le32(a) readl(a)
#define in_le64(a) readq(a)
#define out_8(a, v) __raw_writeb((v), (a))
#define out_be16(a, v) __raw_writew(cpu_to_be16(v), (a))
#define out_be32(a, v) __raw_writel(cpu_to_be32(v), (a))
#define out_be64(a, v) __raw_writeq(cpu_to_be64(v), (a))
#define out_le32(a, v) writel((v), (a))
#define out_le64(a, v) writeq((v), (a))

#endif
