// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The extended capability walk: from offset 0x100, following each
 * header's next pointer, at most as many steps as capabilities fit, so
 * that a looping list ends.
 *
 * Source: torvalds/linux drivers/pci/pci.c at v5.3
 * (pci_find_next_ext_capability(), pci_find_ext_capability()).
 */
#include <virtref/iommu/pci.h>

int pci_find_next_ext_capability(struct pci_dev *dev, int start, int cap)
{
	u32 header;
	int ttl;
	int pos = PCI_CFG_SPACE_SIZE;

	/* A capability takes 8 bytes at least: a loop cannot outlast this. */
	ttl = (PCI_CFG_SPACE_EXP_SIZE - PCI_CFG_SPACE_SIZE) / 8;

	if (dev->cfg_size <= PCI_CFG_SPACE_SIZE)
		return 0;

	if (start)
		pos = start;

	if (pci_read_config_dword(dev, pos, &header) != PCIBIOS_SUCCESSFUL)
		return 0;

	/* No extended capability at all: the first header is zero. */
	if (header == 0)
		return 0;

	while (ttl-- > 0) {
		if ((int)PCI_EXT_CAP_ID(header) == cap && pos != start)
			return pos;

		pos = (int)PCI_EXT_CAP_NEXT(header);
		if (pos < PCI_CFG_SPACE_SIZE)
			break;

		if (pci_read_config_dword(dev, pos, &header) != PCIBIOS_SUCCESSFUL)
			break;
	}

	return 0;
}

int pci_find_ext_capability(struct pci_dev *dev, int cap)
{
	return pci_find_next_ext_capability(dev, 0, cap);
}
