// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The requester IDs a PCI function's DMA may carry.  No bridges are
 * modelled, so a function's only alias is its own ID.
 *
 * Source: torvalds/linux drivers/pci/search.c at v5.3
 * (pci_for_each_dma_alias(), for a device on a root bus).
 */
#include <virtref/iommu/pci.h>

int pci_for_each_dma_alias(struct pci_dev *pdev,
			   int (*fn)(struct pci_dev *pdev, u16 alias, void *data), void *data)
{
	return fn(pdev, PCI_DEVID(pdev->bus->number, pdev->devfn), data);
}
