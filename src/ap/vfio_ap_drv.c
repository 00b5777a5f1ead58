/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfio_ap as an AP bus driver (torvalds/linux
 * drivers/s390/crypto/vfio_ap_drv.c at v5.3, and the posted v4 series):
 * the matrix device at module init, and the probe and remove of a queue
 * device.  Remove resets the queue and releases its interruption
 * resources; where the profile says so (v4, and later kernels' hot
 * unplug) it first takes the queue's adapter out of the guest's CRYCB,
 * and later kernels' hot plug puts it back when probe binds the
 * adapter's last missing queue of the mdev's matrix again
 * (vfio_ap_mdev_filter_apm()).
 */
#include <virtref/ap/vfio_ap_private.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/slab.h>
#include "ap/ap_internal.h"

/* The mdev a guest uses whose matrix holds @apqn, or NULL. */
static struct ap_matrix_mdev *vfio_ap_mdev_for_queue(int apqn)
{
	struct ap_matrix_mdev *m;

	list_for_each_entry(m, &matrix_dev->mdev_list, node)
		if (m->kvm && test_bit_inv(AP_QID_CARD(apqn), m->matrix.apm) &&
		    test_bit_inv(AP_QID_QUEUE(apqn), m->matrix.aqm))
			return m;
	return NULL;
}

int vfio_ap_queue_dev_probe(struct ap_device *apdev)
{
	struct ap_matrix_mdev *m;
	struct vfio_ap_queue *q;

	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	apdev->drvdata = q;
	q->apqn = (int)to_ap_queue(apdev)->qid;
	q->saved_isc = VFIO_AP_ISC_INVALID;
	mutex_lock(&matrix_dev->lock);
	list_add_tail(&q->vr_bound, &matrix_dev->vr_bound);
	list_add_tail(&q->list, &matrix_dev->free_list);
	m = vfio_ap_mdev_for_queue(q->apqn);
	/* The adapter's last missing queue is back: the guest gets the adapter again. */
	if (m && vri_ap_profile(vri_ap_lent())->filter_apm)
		vfio_ap_mdev_filter_apm(m);
	mutex_unlock(&matrix_dev->lock);
	return 0;
}

void vfio_ap_queue_dev_remove(struct ap_device *apdev)
{
	struct vfio_ap_queue *q;
	struct ap_matrix_mdev *m;

	mutex_lock(&matrix_dev->lock);
	q = apdev->drvdata;
	apdev->drvdata = NULL;
	m = vfio_ap_mdev_for_queue(q->apqn);
	if (m && vri_ap_profile(vri_ap_lent())->unplug_apid)
		vfio_ap_mdev_plug_adapter(m, AP_QID_CARD(q->apqn), false);
	vfio_ap_mdev_reset_queue(AP_QID_CARD(q->apqn), AP_QID_QUEUE(q->apqn), 1);
	vfio_ap_irq_disable(q);
	list_del(&q->list);
	list_del(&q->vr_bound);
	kfree(q);
	mutex_unlock(&matrix_dev->lock);
}

int vfio_ap_init(void)
{
	int ret;

	matrix_dev = kzalloc(sizeof(*matrix_dev), GFP_KERNEL);
	if (!matrix_dev)
		return -ENOMEM;
	mutex_init(&matrix_dev->lock);
	INIT_LIST_HEAD(&matrix_dev->mdev_list);
	INIT_LIST_HEAD(&matrix_dev->free_list);
	INIT_LIST_HEAD(&matrix_dev->vr_bound);
	if (ap_qci(&matrix_dev->info)) {
		/* Without QCI: the limits without APXA. */
		matrix_dev->info.apxa = 0;
	}
	ret = vfio_ap_mdev_register();
	if (ret) {
		kfree(matrix_dev);
		matrix_dev = NULL;
	}
	return ret;
}

void vfio_ap_exit(void)
{
	vfio_ap_mdev_unregister();
	mutex_destroy(&matrix_dev->lock);
	kfree(matrix_dev);
	matrix_dev = NULL;
}
