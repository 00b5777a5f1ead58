/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfio_ap as an AP bus driver (torvalds/linux
 * drivers/s390/crypto/vfio_ap_drv.c at v5.3, and the posted v4 series):
 * the matrix device and the driver's registration at module init, and
 * the probe and remove of a queue device.  Remove resets the queue and
 * releases its interruption resources.
 *
 * Compiled once per profile, as vfio_ap_ops.c is: before 5.3 (v4 as
 * posted) probe puts the queue on the free list and remove first takes
 * the queue's adapter out of the guest's CRYCB; 6.0 or later (mainline)
 * does that too, as hot unplug, and probe's hot plug puts the adapter
 * back when it binds the adapter's last missing queue of the mdev's
 * matrix (vfio_ap_mdev_filter_apm()).  The file compiles from include/
 * alone, so that a kernel tree's copy can replace it.
 */
#include <virtref/ap/vfio_ap_private.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/export.h>
#include <virtref/linux/slab.h>
#include <virtref/linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0) || LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
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
#endif

static int vfio_ap_queue_dev_probe(struct ap_device *apdev)
{
	struct vfio_ap_queue *q;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	struct ap_matrix_mdev *m;
#endif

	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	dev_set_drvdata(&apdev->device, q);
	q->apqn = (int)to_ap_queue(&apdev->device)->qid;
	q->saved_isc = VFIO_AP_ISC_INVALID;
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0)
	mutex_lock(&matrix_dev->lock);
	list_add_tail(&q->list, &matrix_dev->free_list);
	mutex_unlock(&matrix_dev->lock);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	mutex_lock(&matrix_dev->lock);
	m = vfio_ap_mdev_for_queue(q->apqn);
	/* The adapter's last missing queue is back: the guest gets the adapter again. */
	if (m)
		vfio_ap_mdev_filter_apm(m);
	mutex_unlock(&matrix_dev->lock);
#endif
	return 0;
}

static void vfio_ap_queue_dev_remove(struct ap_device *apdev)
{
	struct vfio_ap_queue *q;
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0) || LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	struct ap_matrix_mdev *m;
#endif

	mutex_lock(&matrix_dev->lock);
	q = dev_get_drvdata(&apdev->device);
	dev_set_drvdata(&apdev->device, NULL);
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0) || LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	m = vfio_ap_mdev_for_queue(q->apqn);
	if (m)
		vfio_ap_mdev_plug_adapter(m, AP_QID_CARD(q->apqn), false);
#endif
	vfio_ap_mdev_reset_queue(AP_QID_CARD(q->apqn), AP_QID_QUEUE(q->apqn), 1);
	vfio_ap_irq_disable(q);
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0)
	list_del(&q->list);
#endif
	kfree(q);
	mutex_unlock(&matrix_dev->lock);
}

static struct ap_driver vfio_ap_drv = {
	.probe = vfio_ap_queue_dev_probe,
	.remove = vfio_ap_queue_dev_remove,
};

int vfio_ap_init(void)
{
	int ret;

	matrix_dev = kzalloc(sizeof(*matrix_dev), GFP_KERNEL);
	if (!matrix_dev)
		return -ENOMEM;
	mutex_init(&matrix_dev->lock);
	INIT_LIST_HEAD(&matrix_dev->mdev_list);
	INIT_LIST_HEAD(&matrix_dev->free_list);
	if (ap_qci(&matrix_dev->info)) {
		/* Without QCI: the limits without APXA. */
		matrix_dev->info.apxa = 0;
	}
	matrix_dev->vfio_ap_drv = &vfio_ap_drv;
	ret = ap_driver_register(&vfio_ap_drv, THIS_MODULE, VFIO_AP_DRV_NAME);
	if (ret)
		goto err_free;
	ret = vfio_ap_mdev_register();
	if (ret)
		goto err_unregister;
	return 0;

err_unregister:
	ap_driver_unregister(&vfio_ap_drv);
err_free:
	kfree(matrix_dev);
	matrix_dev = NULL;
	return ret;
}

void vfio_ap_exit(void)
{
	vfio_ap_mdev_unregister();
	ap_driver_unregister(&vfio_ap_drv);
	mutex_destroy(&matrix_dev->lock);
	kfree(matrix_dev);
	matrix_dev = NULL;
}
