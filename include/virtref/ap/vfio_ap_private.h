/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfio_ap's state: the matrix device, the mediated matrix devices and
 * the queues bound to the driver.
 *
 * mirrors: torvalds/linux drivers/s390/crypto/vfio_ap_private.h at v5.3
 *   VFIO_AP_MODULE_NAME, VFIO_AP_DRV_NAME, VFIO_AP_ISC_INVALID,
 *   struct ap_matrix_dev, struct ap_matrix, struct ap_matrix_mdev,
 *   struct vfio_ap_queue, vfio_ap_mdev_register(),
 *   vfio_ap_mdev_unregister(), vfio_ap_mdev_reset_queue(),
 *   vfio_ap_irq_disable()
 * with the members of the posted v4 series ("vfio: ap: AP Queue
 * Interrupt Control", February 2019) for the free list: the queue's
 * list, the matrix device's free list and the mdev's queue list.
 *
 * The kernel's one global matrix device is the lent instance's
 * (vr_ap_matrix_dev_slot()).  Both guest addresses of the NIB are
 * members, saved_pfn (v5.3 to v5.19) and saved_iova (6.0 and later), so
 * that a file of either kernel compiles; each leaves the other 0.
 */
#ifndef VIRTREF_AP_VFIO_AP_PRIVATE_H
#define VIRTREF_AP_VFIO_AP_PRIVATE_H

#include <virtref/ap/ap_bus.h>
#include <virtref/ap/kvm_host.h>
#include <virtref/ap/mdev.h>
#include <virtref/linux/bitmap.h>
#include <virtref/linux/delay.h>
#include <virtref/linux/list.h>
#include <virtref/linux/mutex.h>
#include <virtref/linux/vfio.h>

#define VFIO_AP_MODULE_NAME "vfio_ap"
#define VFIO_AP_DRV_NAME "vfio_ap"

/* mdev instances the matrix device allows (MAX_ZDEV_ENTRIES_EXT). */
#define MAX_ZDEV_ENTRIES_EXT 256

struct ap_matrix_dev {
	struct device device;
	int available_instances; /* atomic_t: one thread runs a model */
	struct ap_config_info info;
	struct list_head mdev_list;
	struct mutex lock;
	struct ap_driver *vfio_ap_drv;
	struct list_head free_list; /* v4: queues no mdev owns */
};

struct ap_matrix {
	unsigned long apm_max;
	DECLARE_BITMAP(apm, 256);
	unsigned long aqm_max;
	DECLARE_BITMAP(aqm, 256);
	unsigned long adm_max;
	DECLARE_BITMAP(adm, 256);
};

struct ap_matrix_mdev {
	struct list_head node;
	struct ap_matrix matrix;
	struct notifier_block group_notifier;
	struct notifier_block iommu_notifier;
	struct kvm *kvm;
	struct kvm_s390_module_hook pqap_hook;
	struct mdev_device *mdev;
	struct list_head qlist;	  /* v4: the queues this mdev owns */
	struct vfio_device *vdev; /* the vfio core's device: opaque here */
};

struct vfio_ap_queue {
	struct ap_matrix_mdev *matrix_mdev;
	unsigned long saved_pfn; /* before 6.0: the pinned NIB's guest frame; 0: none */
	dma_addr_t saved_iova;	 /* 6.0 and later: the pinned NIB's guest address; 0: none */
	int apqn;
#define VFIO_AP_ISC_INVALID 0xff
	unsigned char saved_isc;
	struct list_head list; /* v4: on the free list or an mdev's qlist */
};

/**
 * vr_ap_matrix_dev_slot() - where the lent ap instance keeps its matrix device
 *
 * Return: the slot (NULL in it before vfio_ap's init); without a lent
 * instance WARN_ON() fires and a scratch slot holding NULL is returned.
 */
VR_API struct ap_matrix_dev **vr_ap_matrix_dev_slot(void);
#define matrix_dev (*vr_ap_matrix_dev_slot())

/*
 * vfio_ap_drv.c's module init and exit: static there, called by the
 * module loader, which is virtref's here.
 */
int vfio_ap_init(void);
void vfio_ap_exit(void);

int vfio_ap_mdev_register(void);
void vfio_ap_mdev_unregister(void);
int vfio_ap_mdev_reset_queue(unsigned int apid, unsigned int apqi, unsigned int retry);
struct ap_queue_status vfio_ap_irq_disable(struct vfio_ap_queue *q);

/*
 * The guest's APM in the CRYCB of @m's guest: adapter @apid in or out
 * (formats 0 and 1 hold APIDs 0-63 only); and every adapter of @m's APM
 * in exactly when all its queues of @m's AQM are bound to vfio_ap, as
 * later kernels' shadow APCB filters it.
 */
void vfio_ap_mdev_plug_adapter(struct ap_matrix_mdev *m, unsigned long apid, bool plug);
void vfio_ap_mdev_filter_apm(struct ap_matrix_mdev *m);

#endif
