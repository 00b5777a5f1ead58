/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The PCI device as the Intel IOMMU driver probes it: its bus number and
 * devfn, its struct device, the configuration space behind its bus's
 * config accessors, and the ATS, PRI and PASID state the driver enables.
 *
 * mirrors: torvalds/linux include/linux/pci.h at v5.3 (struct pci_dev:
 *          bus, devfn, vendor, device, dev, cfg_size, untrusted,
 *          is_virtfn, ats_enabled, pasid_enabled, pri_enabled,
 *          eetlp_prefix_path, ats_cap, ats_stu, pri_reqs_alloc,
 *          pasid_features; struct pci_bus: ops, number; struct pci_ops:
 *          read, write; PCI_DEVFN(), PCI_SLOT(), PCI_FUNC(),
 *          PCI_DEVID(), PCI_BUS_NUM(), to_pci_dev(), dev_is_pci(), the
 *          config accessors and pci_find_ext_capability()),
 *          include/linux/pci-ats.h at v5.3 (the ATS, PRI and PASID
 *          calls), include/uapi/linux/pci_regs.h at v5.3 (PCI_EXT_CAP_*,
 *          PCI_ATS_*, PCI_PRI_*, PCI_PASID_*), include/linux/pci_ids.h
 *          (PCI_VENDOR_ID_INTEL)
 *
 * Unlike the kernel's single pci_bus_type, each instance has its own PCI
 * bus type, so that instances of different kernel generations can live
 * side by side; dev_is_pci() therefore asks the bus type's name.
 */
#ifndef VIRTREF_IOMMU_PCI_H
#define VIRTREF_IOMMU_PCI_H

#include <string.h>
#include <virtref/api.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/types.h>
#include <virtref/iommu/device.h>

#define PCI_DEVFN(slot, func) ((((slot)&0x1f) << 3) | ((func)&0x07))
#define PCI_SLOT(devfn) (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn) ((devfn)&0x07)
#define PCI_DEVID(bus, devfn) ((((u16)(bus)) << 8) | (devfn))
#define PCI_BUS_NUM(x) (((x) >> 8) & 0xff)

#define PCI_VENDOR_ID_INTEL 0x8086

#define PCI_CFG_SPACE_SIZE 256
#define PCI_CFG_SPACE_EXP_SIZE 4096

/* Extended capabilities (PCIe 4.0, 7.6; pci_regs.h). */
#define PCI_EXT_CAP_ID(header) ((header)&0x0000ffff)
#define PCI_EXT_CAP_VER(header) (((header) >> 16) & 0xf)
#define PCI_EXT_CAP_NEXT(header) (((header) >> 20) & 0xffc)
#define PCI_EXT_CAP_ID_ATS 0x0f
#define PCI_EXT_CAP_ID_PRI 0x13
#define PCI_EXT_CAP_ID_PASID 0x1b
#define PCI_EXT_CAP_ID_DVSEC 0x23

#define PCI_ATS_CAP 0x04 /* ATS capability register */
#define PCI_ATS_CAP_QDEP(x) ((x)&0x1f)
#define PCI_ATS_MAX_QDEP 32
#define PCI_ATS_CTRL 0x06 /* ATS control register */
#define PCI_ATS_CTRL_ENABLE 0x8000
#define PCI_ATS_CTRL_STU(x) ((x)&0x1f)
#define PCI_ATS_MIN_STU 12

#define PCI_PRI_CTRL 0x04 /* PRI control register */
#define PCI_PRI_CTRL_ENABLE 0x0001
#define PCI_PRI_CTRL_RESET 0x0002
#define PCI_PRI_STATUS 0x06 /* PRI status register */
#define PCI_PRI_STATUS_STOPPED 0x0100
#define PCI_PRI_MAX_REQ 0x08   /* outstanding page request capacity */
#define PCI_PRI_ALLOC_REQ 0x0c /* outstanding page request allocation */

#define PCI_PASID_CAP 0x04 /* PASID capability register */
#define PCI_PASID_CAP_EXEC 0x02
#define PCI_PASID_CAP_PRIV 0x04
#define PCI_PASID_CTRL 0x06 /* PASID control register */
#define PCI_PASID_CTRL_ENABLE 0x01
#define PCI_PASID_CTRL_EXEC 0x02
#define PCI_PASID_CTRL_PRIV 0x04
#define PASID_NUMBER_SHIFT 8 /* drivers/pci/ats.c */
#define PASID_NUMBER_MASK (0x1f << PASID_NUMBER_SHIFT)

/* Designated vendor-specific capability (PCIe 4.0, 7.9.6). */
#define PCI_DVSEC_HEADER1 0x04 /* vendor 15:0, revision 19:16, length 31:20 */
#define PCI_DVSEC_HEADER2 0x08 /* DVSEC id 15:0 */

#define PCIBIOS_SUCCESSFUL 0x00
#define PCIBIOS_DEVICE_NOT_FOUND 0x86
#define PCIBIOS_BAD_REGISTER_NUMBER 0x87

struct pci_bus;

struct pci_ops {
	int (*read)(struct pci_bus *bus, unsigned int devfn, int where, int size, u32 *val);
	int (*write)(struct pci_bus *bus, unsigned int devfn, int where, int size, u32 val);
};

struct pci_bus {
	struct pci_ops *ops; /* configuration access functions */
	void *sysdata;	     /* hook for the host bridge */
	unsigned char number;
};

struct pci_dev {
	struct pci_bus *bus;
	unsigned int devfn;
	unsigned short vendor;
	unsigned short device;
	struct device dev;
	int cfg_size; /* size of the configuration space */
	unsigned int untrusted : 1;
	unsigned int is_virtfn : 1;
	unsigned int ats_enabled : 1;
	unsigned int pasid_enabled : 1;
	unsigned int pri_enabled : 1;
	unsigned int eetlp_prefix_path : 1; /* end-to-end TLP prefixes: PASID can reach the host */
	u16 ats_cap;			    /* ATS capability offset */
	u8 ats_stu;			    /* ATS smallest translation unit */
	u32 pri_reqs_alloc;		    /* page requests allocated */
	u16 pasid_features;
};

#define to_pci_dev(n) container_of(n, struct pci_dev, dev)

static inline bool dev_is_pci(const struct device *dev)
{
	return dev && dev->bus && dev->bus->name && !strcmp(dev->bus->name, "pci");
}

static inline int pci_domain_nr(const struct pci_bus *bus)
{
	(void)bus;
	return 0;
}

/* drivers/pci/access.c */
VR_API int pci_bus_read_config_word(struct pci_bus *bus, unsigned int devfn, int where, u16 *val);
VR_API int pci_bus_read_config_dword(struct pci_bus *bus, unsigned int devfn, int where, u32 *val);
VR_API int pci_bus_write_config_word(struct pci_bus *bus, unsigned int devfn, int where, u16 val);
VR_API int pci_bus_write_config_dword(struct pci_bus *bus, unsigned int devfn, int where, u32 val);
VR_API int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val);
VR_API int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val);
VR_API int pci_write_config_word(const struct pci_dev *dev, int where, u16 val);
VR_API int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val);

/* drivers/pci/pci.c */
VR_API int pci_find_next_ext_capability(struct pci_dev *dev, int start, int cap);
VR_API int pci_find_ext_capability(struct pci_dev *dev, int cap);

/* drivers/pci/ats.c (include/linux/pci-ats.h) */
VR_API void pci_ats_init(struct pci_dev *dev);
VR_API int pci_enable_ats(struct pci_dev *dev, int ps);
VR_API void pci_disable_ats(struct pci_dev *dev);
VR_API int pci_ats_queue_depth(struct pci_dev *dev);
VR_API int pci_enable_pri(struct pci_dev *pdev, u32 reqs);
VR_API void pci_disable_pri(struct pci_dev *pdev);
VR_API int pci_reset_pri(struct pci_dev *pdev);
VR_API int pci_enable_pasid(struct pci_dev *pdev, int features);
VR_API void pci_disable_pasid(struct pci_dev *pdev);
VR_API int pci_pasid_features(struct pci_dev *pdev);
VR_API int pci_max_pasids(struct pci_dev *pdev);

/* drivers/pci/search.c: @fn for the device and each requester ID it may use. */
VR_API int pci_for_each_dma_alias(struct pci_dev *pdev,
				  int (*fn)(struct pci_dev *pdev, u16 alias, void *data),
				  void *data);

#endif
