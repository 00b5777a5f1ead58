// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Configuration space accessors: a function's reads and writes go to its
 * bus's pci_ops, and an access the bus refuses reads as all ones.
 *
 * Source: torvalds/linux drivers/pci/access.c at v5.3
 * (pci_bus_read_config_*(), pci_bus_write_config_*(),
 * pci_read_config_*(), pci_write_config_*()) and include/linux/pci.h
 * (PCIBIOS_*).
 */
#include <virtref/iommu/pci.h>

/* Misaligned accesses are refused before the bus sees them (PCI_OP_READ). */
#define PCI_word_BAD(pos) ((pos)&1)
#define PCI_dword_BAD(pos) ((pos)&3)

int pci_bus_read_config_word(struct pci_bus *bus, unsigned int devfn, int where, u16 *val)
{
	u32 data = 0;
	int res;

	if (PCI_word_BAD(where))
		return PCIBIOS_BAD_REGISTER_NUMBER;
	res = bus->ops->read(bus, devfn, where, 2, &data);
	*val = (u16)data;
	return res;
}

int pci_bus_read_config_dword(struct pci_bus *bus, unsigned int devfn, int where, u32 *val)
{
	u32 data = 0;
	int res;

	if (PCI_dword_BAD(where))
		return PCIBIOS_BAD_REGISTER_NUMBER;
	res = bus->ops->read(bus, devfn, where, 4, &data);
	*val = data;
	return res;
}

int pci_bus_write_config_word(struct pci_bus *bus, unsigned int devfn, int where, u16 val)
{
	if (PCI_word_BAD(where))
		return PCIBIOS_BAD_REGISTER_NUMBER;
	return bus->ops->write(bus, devfn, where, 2, val);
}

int pci_bus_write_config_dword(struct pci_bus *bus, unsigned int devfn, int where, u32 val)
{
	if (PCI_dword_BAD(where))
		return PCIBIOS_BAD_REGISTER_NUMBER;
	return bus->ops->write(bus, devfn, where, 4, val);
}

int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val)
{
	return pci_bus_read_config_word(dev->bus, dev->devfn, where, val);
}

int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val)
{
	return pci_bus_read_config_dword(dev->bus, dev->devfn, where, val);
}

int pci_write_config_word(const struct pci_dev *dev, int where, u16 val)
{
	return pci_bus_write_config_word(dev->bus, dev->devfn, where, val);
}

int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val)
{
	return pci_bus_write_config_dword(dev->bus, dev->devfn, where, val);
}
