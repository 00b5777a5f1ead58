/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The AP bus's queue numbers and its device for a queue.
 *
 * mirrors: torvalds/linux drivers/s390/crypto/ap_bus.h at v5.3
 *   AP_DEVICES, AP_DOMAINS, AP_MKQID(), AP_QID_CARD(), AP_QID_QUEUE(),
 *   struct ap_device, struct ap_queue, struct ap_driver (the members
 *   vfio_ap reads and sets), to_ap_dev(), to_ap_queue(), to_ap_drv(),
 *   ap_driver_register(), ap_driver_unregister()
 */
#ifndef VIRTREF_AP_AP_BUS_H
#define VIRTREF_AP_AP_BUS_H

#include <virtref/ap/ap.h>
#include <virtref/ap/mdev.h>
#include <virtref/linux/kernel.h>

#define AP_DEVICES 256
#define AP_DOMAINS 256

#define AP_MKQID(_card, _queue) (((_card)&0xff) << 8 | ((_queue)&0xff))
#define AP_QID_CARD(_qid) (((_qid) >> 8) & 0xff)
#define AP_QID_QUEUE(_qid) ((_qid)&0xff)

/* A device on the AP bus; its driver's data is the device's. */
struct ap_device {
	struct device device;
};

#define to_ap_dev(x) container_of((x), struct ap_device, device)

struct ap_queue {
	struct ap_device ap_dev;
	ap_qid_t qid;
};

#define to_ap_queue(x) container_of((x), struct ap_queue, ap_dev.device)

/* A driver of AP queue devices: the bus calls probe on binding, remove on unbinding. */
struct ap_driver {
	struct device_driver driver;
	int (*probe)(struct ap_device *apdev);
	void (*remove)(struct ap_device *apdev);
};

#define to_ap_drv(x) container_of((x), struct ap_driver, driver)

/**
 * ap_driver_register() - makes @ap_drv the lent ap instance's queue driver
 * @ap_drv: the driver; its probe binds the queues the bus offers it
 * @owner: its module (THIS_MODULE)
 * @name: its name
 *
 * Return: 0, -EINVAL (no lent instance, or no probe), -EBUSY (a driver
 * is registered).
 */
VR_API int ap_driver_register(struct ap_driver *ap_drv, struct module *owner, char *name);
/**
 * ap_driver_unregister() - undoes ap_driver_register()
 * @ap_drv: the driver registered
 */
VR_API void ap_driver_unregister(struct ap_driver *ap_drv);

#endif
