/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The AP bus's queue numbers and its device for a queue.
 *
 * mirrors: torvalds/linux drivers/s390/crypto/ap_bus.h at v5.3
 *   AP_DEVICES, AP_DOMAINS, AP_MKQID(), AP_QID_CARD(), AP_QID_QUEUE(),
 *   struct ap_device, struct ap_queue (the members vfio_ap reads)
 */
#ifndef VIRTREF_AP_AP_BUS_H
#define VIRTREF_AP_AP_BUS_H

#include <virtref/ap/ap.h>
#include <virtref/linux/kernel.h>

#define AP_DEVICES 256
#define AP_DOMAINS 256

#define AP_MKQID(_card, _queue) (((_card)&0xff) << 8 | ((_queue)&0xff))
#define AP_QID_CARD(_qid) (((_qid) >> 8) & 0xff)
#define AP_QID_QUEUE(_qid) ((_qid)&0xff)

/* A device on the AP bus; drvdata is what its driver attached. */
struct ap_device {
	void *drvdata;
};

struct ap_queue {
	struct ap_device ap_dev;
	ap_qid_t qid;
};

#define to_ap_queue(x) container_of((x), struct ap_queue, ap_dev)

#endif
