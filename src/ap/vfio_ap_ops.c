/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfio_ap's mediated matrix devices (torvalds/linux
 * drivers/s390/crypto/vfio_ap_ops.c at v5.3, and the posted v4 series
 * "vfio: ap: AP Queue Interrupt Control"): mdev create and remove, the
 * assignment stores, the guest's open and release with the PQAP hook,
 * the AQIC hook that pins the guest's NIB and registers its ISC with the
 * GIB, the queue resets with their retry loops, the device's ioctls
 * (VFIO_DEVICE_GET_INFO, VFIO_DEVICE_RESET) and its group (SET_KVM) and
 * IOMMU (DMA_UNMAP) notifiers.
 *
 * One text for the three states of the file the ap profiles stand for,
 * told apart by LINUX_VERSION_CODE as the build compiles it once per
 * profile (src/ap/CMakeLists.txt): before 5.3 is the v4 series as posted
 * (a free list of queues, the NIB's address saved), 5.3 is the series as
 * merged (the NIB's frame saved in saved_pfn), and 6.0 or later is
 * mainline with every later change the mainline profile has, whatever
 * release brought it (saved_iova with 6.0's vfio_pin_pages(), the
 * DMA-unmap handling, the checks of the mdev and its kvm, the reset's
 * error handling, the November 2023 unpin on a failed GISC
 * registration).  A kernel between 5.3 and mainline is not modelled.
 * The file compiles from include/ alone, so that a kernel tree's copy
 * can replace it.
 */
#include <virtref/ap/vfio_ap_private.h>
#include <virtref/linux/delay.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/kstrtox.h>
#include <virtref/linux/printk.h>
#include <virtref/linux/slab.h>
#include <virtref/linux/string.h>
#include <virtref/linux/uaccess.h>
#include <virtref/linux/version.h>

/* Whether @dev is the queue device of the APQN @data points to. */
static int match_apqn(struct device *dev, const void *data)
{
	struct vfio_ap_queue *q = dev_get_drvdata(dev);

	return q && q->apqn == *(const int *)data;
}

/* The queue bound to vfio_ap with @apqn (the driver core's lookup), or NULL. */
static struct vfio_ap_queue *vfio_ap_find_queue(int apqn)
{
	struct vfio_ap_queue *q = NULL;
	struct device *dev;

	dev = driver_find_device(&matrix_dev->vfio_ap_drv->driver, NULL, &apqn, match_apqn);
	if (dev) {
		q = dev_get_drvdata(dev);
		put_device(dev);
	}
	return q;
}

static struct vfio_ap_queue *vfio_ap_get_queue(struct ap_matrix_mdev *matrix_mdev, int apqn)
{
	struct vfio_ap_queue *q;

	if (!test_bit_inv(AP_QID_CARD(apqn), matrix_mdev->matrix.apm) ||
	    !test_bit_inv(AP_QID_QUEUE(apqn), matrix_mdev->matrix.aqm))
		return NULL;
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0)
	/* v4: the queues the mdev took off the free list. */
	list_for_each_entry(q, &matrix_mdev->qlist, list) {
		if (q->apqn == apqn) {
			q->matrix_mdev = matrix_mdev;
			return q;
		}
	}
	return NULL;
#else
	q = vfio_ap_find_queue(apqn);
	if (q)
		q->matrix_mdev = matrix_mdev;
	return q;
#endif
}

static void vfio_ap_wait_for_irqclear(int apqn)
{
	struct ap_queue_status status;
	int retry = 5;

	do {
		status = ap_tapq(apqn, NULL);
		switch (status.response_code) {
		case AP_RESPONSE_NORMAL:
		case AP_RESPONSE_RESET_IN_PROGRESS:
			if (!status.irq_enabled)
				return;
			fallthrough;
		case AP_RESPONSE_BUSY:
			msleep(20);
			break;
		default:
			WARN_ON_ONCE(1);
			return;
		}
	} while (--retry);
	WARN_ON_ONCE(1);
}

static void vfio_ap_free_aqic_resources(struct vfio_ap_queue *q)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	/* Without the mdev (and its guest) nothing is released. */
	if (q->saved_isc != VFIO_AP_ISC_INVALID &&
	    !WARN_ON(!(q->matrix_mdev && q->matrix_mdev->kvm))) {
		kvm_s390_gisc_unregister(q->matrix_mdev->kvm, q->saved_isc);
		q->saved_isc = VFIO_AP_ISC_INVALID;
	}
	if (q->saved_iova && !WARN_ON(!q->matrix_mdev)) {
		vfio_unpin_pages(q->matrix_mdev->vdev, q->saved_iova, 1);
		q->saved_iova = 0;
	}
#else
	/* An mdev that lost its guest to SET_KVM(NULL): the kernel faults on its kvm. */
	if (q->saved_isc != VFIO_AP_ISC_INVALID && q->matrix_mdev && !WARN_ON(!q->matrix_mdev->kvm))
		kvm_s390_gisc_unregister(q->matrix_mdev->kvm, q->saved_isc);
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0)
	/* v4 saved the NIB's address. */
	if (q->saved_iova && q->matrix_mdev) {
		unsigned long g_pfn = q->saved_iova >> PAGE_SHIFT;

		vfio_unpin_pages(mdev_dev(q->matrix_mdev->mdev), &g_pfn, 1);
	}
	q->saved_iova = 0;
#else
	if (q->saved_pfn && q->matrix_mdev)
		vfio_unpin_pages(mdev_dev(q->matrix_mdev->mdev), &q->saved_pfn, 1);
	q->saved_pfn = 0;
#endif
	q->saved_isc = VFIO_AP_ISC_INVALID;
#endif
}

struct ap_queue_status vfio_ap_irq_disable(struct vfio_ap_queue *q)
{
	struct ap_qirq_ctrl aqic_gisa = { 0 };
	struct ap_queue_status status;
	int retries = 5;

	do {
		status = ap_aqic(q->apqn, aqic_gisa, 0);
		switch (status.response_code) {
		case AP_RESPONSE_OTHERWISE_CHANGED:
		case AP_RESPONSE_NORMAL:
			vfio_ap_wait_for_irqclear(q->apqn);
			goto end_free;
		case AP_RESPONSE_RESET_IN_PROGRESS:
		case AP_RESPONSE_BUSY:
			msleep(20);
			break;
		default:
			/* The queue is not operational. */
			WARN_ON_ONCE(status.response_code != AP_RESPONSE_Q_NOT_AVAIL &&
				     status.response_code != AP_RESPONSE_DECONFIGURED &&
				     status.response_code != AP_RESPONSE_CHECKSTOPPED);
			goto end_free;
		}
	} while (retries--);
	WARN_ON_ONCE(1);
end_free:
	vfio_ap_free_aqic_resources(q);
	q->matrix_mdev = NULL;
	return status;
}

static struct ap_queue_status vfio_ap_irq_enable(struct vfio_ap_queue *q, int isc,
						 unsigned long nib)
{
	struct ap_qirq_ctrl aqic_gisa = { 0 };
	struct ap_queue_status status = { 0 };
	struct kvm *kvm;
	int nisc, ret;
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 0, 0)
	unsigned long g_pfn = nib >> PAGE_SHIFT, h_pfn = 0, h_nib;

	ret = vfio_pin_pages(mdev_dev(q->matrix_mdev->mdev), &g_pfn, 1, IOMMU_READ | IOMMU_WRITE,
			     &h_pfn);
#else
	struct page *h_page;
	phys_addr_t h_nib;

	/* vfio_ap_validate_nib(): a NIB of 0 would be saved as "none". */
	if (!nib) {
		status.response_code = AP_RESPONSE_INVALID_ADDRESS;
		return status;
	}
	ret = vfio_pin_pages(q->matrix_mdev->vdev, nib, 1, IOMMU_READ | IOMMU_WRITE, &h_page);
#endif
	if (ret != 1) {
		status.response_code = AP_RESPONSE_INVALID_ADDRESS;
		return status;
	}
	kvm = q->matrix_mdev->kvm;
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 0, 0)
	h_nib = (h_pfn << PAGE_SHIFT) | (nib & ~PAGE_MASK);
#else
	h_nib = page_to_phys(h_page) | (nib & ~PAGE_MASK);
#endif
	aqic_gisa.gisc = isc;
	nisc = kvm_s390_gisc_register(kvm, isc);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	/* Mainline (the November 2023 fix): unpin again, and RC 0x06. */
	if (nisc < 0) {
		vfio_unpin_pages(q->matrix_mdev->vdev, nib, 1);
		status.response_code = AP_RESPONSE_INVALID_ADDRESS;
		return status;
	}
#endif
	/* Before, the result goes into the control word unchecked. */
	aqic_gisa.isc = nisc;
	aqic_gisa.ir = 1;
	if (kvm->arch.gisa_int.origin)
		aqic_gisa.gisa = virt_to_phys(kvm->arch.gisa_int.origin) >> 4;

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 0, 0)
	status = ap_aqic(q->apqn, aqic_gisa, (void *)h_nib);
#else
	status = ap_aqic(q->apqn, aqic_gisa, h_nib);
#endif
	switch (status.response_code) {
	case AP_RESPONSE_NORMAL:
		/* A guest's reset left the previous ones behind: release them. */
		vfio_ap_free_aqic_resources(q);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 3, 0) && LINUX_VERSION_CODE < KERNEL_VERSION(6, 0, 0)
		q->saved_pfn = g_pfn;
#else
		q->saved_iova = nib;
#endif
		q->saved_isc = isc;
		break;
	case AP_RESPONSE_OTHERWISE_CHANGED:
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 0, 0)
		vfio_unpin_pages(mdev_dev(q->matrix_mdev->mdev), &g_pfn, 1);
#else
		vfio_unpin_pages(q->matrix_mdev->vdev, nib, 1);
#endif
		kvm_s390_gisc_unregister(kvm, isc);
		break;
	default:
		pr_warn("%s: apqn %04x: response: %02x\n", __func__, q->apqn, status.response_code);
		vfio_ap_irq_disable(q);
		break;
	}
	return status;
}

static int handle_pqap(struct kvm_vcpu *vcpu)
{
	struct ap_queue_status qstatus = { .response_code = AP_RESPONSE_Q_NOT_AVAIL };
	struct ap_matrix_mdev *matrix_mdev;
	struct vfio_ap_queue *q;
	uint64_t status;
	uint16_t apqn;
	u32 word;

	if (!(vcpu->arch.sie_block->eca & ECA_AIV))
		return -EOPNOTSUPP;
	apqn = vcpu->run->s.regs.gprs[0] & 0xffff;
	mutex_lock(&matrix_dev->lock);
	if (!vcpu->kvm->arch.crypto.pqap_hook)
		goto out_unlock;
	matrix_mdev =
		container_of(vcpu->kvm->arch.crypto.pqap_hook, struct ap_matrix_mdev, pqap_hook);
	if (!matrix_mdev->kvm) {
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 0, 0)
		/* The hook outlived the guest (SET_KVM(NULL)); the kernel faults here. */
		WARN_ON(1);
#endif
		goto out_unlock;
	}
	q = vfio_ap_get_queue(matrix_mdev, apqn);
	if (!q)
		goto out_unlock;
	status = vcpu->run->s.regs.gprs[1];
	if ((status >> (63 - 16)) & 0x01)
		qstatus = vfio_ap_irq_enable(q, status & 0x07, vcpu->run->s.regs.gprs[2]);
	else
		qstatus = vfio_ap_irq_disable(q);
out_unlock:
	/* The status word in bits 32-63, the upper half zero. */
	memcpy(&word, &qstatus, sizeof(word));
	vcpu->run->s.regs.gprs[1] = word;
	mutex_unlock(&matrix_dev->lock);
	return 0;
}

static void vfio_ap_matrix_init(struct ap_config_info *info, struct ap_matrix *matrix)
{
	matrix->apm_max = info->apxa ? info->Na : 63;
	matrix->aqm_max = info->apxa ? info->Nd : 15;
	matrix->adm_max = info->apxa ? info->Nd : 15;
}

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0)
/* v4: gives the mdev's queues of @apqn back to the free list, their interruptions off. */
static void vfio_ap_mdev_release_queue(struct ap_matrix_mdev *matrix_mdev, int apqn)
{
	struct vfio_ap_queue *q, *tmp;

	list_for_each_entry_safe(q, tmp, &matrix_mdev->qlist, list) {
		if (q->apqn != apqn)
			continue;
		q->matrix_mdev = matrix_mdev;
		vfio_ap_irq_disable(q);
		list_move_tail(&q->list, &matrix_dev->free_list);
	}
}
#endif

int vfio_ap_mdev_reset_queue(unsigned int apid, unsigned int apqi, unsigned int retry)
{
	int apqn = AP_MKQID(apid, apqi);
	struct ap_queue_status status;
	int retry2 = 2;

	do {
		status = ap_zapq(apqn);
		switch (status.response_code) {
		case AP_RESPONSE_NORMAL:
			while (!status.queue_empty && retry2--) {
				msleep(20);
				status = ap_tapq(apqn, NULL);
			}
			return 0;
		case AP_RESPONSE_BUSY:
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
			/* Mainline retries RC 0x02 only. */
			return -EIO;
#else
			fallthrough;
#endif
		case AP_RESPONSE_RESET_IN_PROGRESS:
			msleep(20);
			break;
		case AP_RESPONSE_Q_NOT_AVAIL:
		case AP_RESPONSE_DECONFIGURED:
		case AP_RESPONSE_CHECKSTOPPED:
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
			/* ...and frees the queue's resources after these. */
			return -EBUSY;
#else
			return -EIO;
#endif
		default:
			return -EIO;
		}
	} while (retry--);
	return -EBUSY;
}

/* Resets the bound queue @apqn and releases its interruption resources. */
static int vfio_ap_mdev_reset_apqn(struct ap_matrix_mdev *matrix_mdev, int apqn)
{
	struct vfio_ap_queue *q = vfio_ap_find_queue(apqn);
	int ret = vfio_ap_mdev_reset_queue(AP_QID_CARD(apqn), AP_QID_QUEUE(apqn), 1);

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	/* Mainline leaves a queue it could not reset at all as it is. */
	if (ret == -EIO)
		return ret;
#endif
	/* ZAPQ turned the interruptions off: only the resources go, no AQIC. */
	if (q) {
		q->matrix_mdev = matrix_mdev;
		vfio_ap_free_aqic_resources(q);
	}
	return ret;
}

static int vfio_ap_mdev_reset_queues(struct mdev_device *mdev)
{
	struct ap_matrix_mdev *matrix_mdev = mdev_get_drvdata(mdev);
	unsigned long apid, apqi;
	int ret, rc = 0;

	for_each_set_bit_inv(apid, matrix_mdev->matrix.apm, matrix_mdev->matrix.apm_max + 1)
	{
		for_each_set_bit_inv(apqi, matrix_mdev->matrix.aqm, matrix_mdev->matrix.aqm_max + 1)
		{
			/* Continue past a busy or broken queue; report the last error. */
			ret = vfio_ap_mdev_reset_apqn(matrix_mdev, AP_MKQID(apid, apqi));
			if (ret)
				rc = ret;
		}
	}
	return rc;
}

static int vfio_ap_mdev_create(struct kobject *kobj, struct mdev_device *mdev)
{
	struct ap_matrix_mdev *matrix_mdev;

	(void)kobj;
	if (matrix_dev->available_instances <= 0)
		return -EPERM;
	matrix_dev->available_instances--;
	matrix_mdev = kzalloc(sizeof(*matrix_mdev), GFP_KERNEL);
	if (!matrix_mdev) {
		matrix_dev->available_instances++;
		return -ENOMEM;
	}
	matrix_mdev->mdev = mdev;
	vfio_ap_matrix_init(&matrix_dev->info, &matrix_mdev->matrix);
	INIT_LIST_HEAD(&matrix_mdev->qlist);
	mdev_set_drvdata(mdev, matrix_mdev);
	matrix_mdev->pqap_hook.hook = handle_pqap;
	mutex_lock(&matrix_dev->lock);
	list_add(&matrix_mdev->node, &matrix_dev->mdev_list);
	mutex_unlock(&matrix_dev->lock);
	return 0;
}

/* Forgets the mdev @data on the queue device @dev, if the queue names it. */
static int vfio_ap_mdev_unlink_queue(struct device *dev, void *data)
{
	struct vfio_ap_queue *q = dev_get_drvdata(dev);

	if (q && q->matrix_mdev == data)
		q->matrix_mdev = NULL;
	return 0;
}

static int vfio_ap_mdev_remove(struct mdev_device *mdev)
{
	struct ap_matrix_mdev *matrix_mdev = mdev_get_drvdata(mdev);
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0)
	struct vfio_ap_queue *q, *tmp;
#endif

	if (matrix_mdev->kvm)
		return -EBUSY;
	mutex_lock(&matrix_dev->lock);
	vfio_ap_mdev_reset_queues(mdev);
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0)
	list_for_each_entry_safe(q, tmp, &matrix_mdev->qlist, list)
		list_move_tail(&q->list, &matrix_dev->free_list);
#endif
	/*
	 * The reset queues still name this mdev.  Later kernels unlink every
	 * queue here; 5.3's pointer dangles, harmless there as nothing saved
	 * is left to release through it, but not after mainline's -EIO.
	 */
	driver_for_each_device(&matrix_dev->vfio_ap_drv->driver, NULL, matrix_mdev,
			       vfio_ap_mdev_unlink_queue);
	list_del(&matrix_mdev->node);
	mutex_unlock(&matrix_dev->lock);
	kfree(matrix_mdev);
	mdev_set_drvdata(mdev, NULL);
	matrix_dev->available_instances++;
	return 0;
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 3, 0)
/* What vfio_ap_verify_queue_reserved() looks for: @apid (any, if NULL) and @apqi (any, if NULL). */
struct vfio_ap_queue_reserved {
	unsigned long *apid;
	unsigned long *apqi;
	bool reserved;
};

/* Whether the queue device @dev is one @data looks for. */
static int vfio_ap_has_queue(struct device *dev, void *data)
{
	struct vfio_ap_queue_reserved *qres = data;
	ap_qid_t qid = to_ap_queue(dev)->qid;

	if ((!qres->apid || AP_QID_CARD(qid) == *qres->apid) &&
	    (!qres->apqi || AP_QID_QUEUE(qid) == *qres->apqi))
		qres->reserved = true;
	return 0;
}

/* Whether a queue bound to vfio_ap has @apid (any, if NULL) and @apqi (any, if NULL). */
static int vfio_ap_verify_queue_reserved(unsigned long *apid, unsigned long *apqi)
{
	struct vfio_ap_queue_reserved qres = { .apid = apid, .apqi = apqi };
	int ret;

	ret = driver_for_each_device(&matrix_dev->vfio_ap_drv->driver, NULL, &qres,
				     vfio_ap_has_queue);
	if (ret)
		return ret;
	return qres.reserved ? 0 : -EADDRNOTAVAIL;
}

static int vfio_ap_mdev_verify_queues_reserved_for_apid(struct ap_matrix_mdev *matrix_mdev,
							unsigned long apid)
{
	unsigned long nbits = matrix_mdev->matrix.aqm_max + 1;
	unsigned long apqi;
	int ret;

	if (find_first_bit_inv(matrix_mdev->matrix.aqm, nbits) >= nbits)
		return vfio_ap_verify_queue_reserved(&apid, NULL);
	for_each_set_bit_inv(apqi, matrix_mdev->matrix.aqm, nbits)
	{
		ret = vfio_ap_verify_queue_reserved(&apid, &apqi);
		if (ret)
			return ret;
	}
	return 0;
}

static int vfio_ap_mdev_verify_queues_reserved_for_apqi(struct ap_matrix_mdev *matrix_mdev,
							unsigned long apqi)
{
	unsigned long nbits = matrix_mdev->matrix.apm_max + 1;
	unsigned long apid;
	int ret;

	if (find_first_bit_inv(matrix_mdev->matrix.apm, nbits) >= nbits)
		return vfio_ap_verify_queue_reserved(NULL, &apqi);
	for_each_set_bit_inv(apid, matrix_mdev->matrix.apm, nbits)
	{
		ret = vfio_ap_verify_queue_reserved(&apid, &apqi);
		if (ret)
			return ret;
	}
	return 0;
}

/* Whether @a and @b share a bit. */
static bool vfio_ap_masks_intersect(const unsigned long *a, const unsigned long *b)
{
	for (size_t i = 0; i < BITS_TO_LONGS(AP_DEVICES); i++)
		if (a[i] & b[i])
			return true;
	return false;
}

static int vfio_ap_mdev_verify_no_sharing(struct ap_matrix_mdev *matrix_mdev)
{
	struct ap_matrix_mdev *lstdev;

	list_for_each_entry(lstdev, &matrix_dev->mdev_list, node) {
		if (matrix_mdev == lstdev)
			continue;
		if (vfio_ap_masks_intersect(matrix_mdev->matrix.apm, lstdev->matrix.apm) &&
		    vfio_ap_masks_intersect(matrix_mdev->matrix.aqm, lstdev->matrix.aqm))
			return -EADDRINUSE;
	}
	return 0;
}
#else
/*
 * v4: takes every queue of the cross product the new bit adds off the free
 * list, all or none: -EADDRINUSE if another mdev owns one, -EADDRNOTAVAIL
 * if one is not bound at all.
 */
static int vfio_ap_mdev_take_queues(struct ap_matrix_mdev *matrix_mdev, unsigned long apid,
				    unsigned long apqi, bool by_apid)
{
	const unsigned long *other = by_apid ? matrix_mdev->matrix.aqm : matrix_mdev->matrix.apm;
	unsigned long nbits =
		(by_apid ? matrix_mdev->matrix.aqm_max : matrix_mdev->matrix.apm_max) + 1;
	struct vfio_ap_queue *q;
	unsigned long id;

	for (int pass = 0; pass < 2; pass++) {
		for_each_set_bit_inv(id, other, nbits)
		{
			int apqn = by_apid ? AP_MKQID(apid, id) : AP_MKQID(id, apqi);
			bool free = false;

			list_for_each_entry(q, &matrix_dev->free_list, list) {
				if (q->apqn == apqn) {
					free = true;
					break;
				}
			}
			if (!free)
				return vfio_ap_find_queue(apqn) ? -EADDRINUSE : -EADDRNOTAVAIL;
			if (pass)
				list_move_tail(&q->list, &matrix_mdev->qlist);
		}
	}
	return 0;
}
#endif

/*
 * What every store checks first, in the kernel's order: a guest using the
 * mdev (-EBUSY), the number as kstrtoul() parses it, then its range.
 */
static int vfio_ap_mdev_parse_id(struct ap_matrix_mdev *matrix_mdev, const char *buf,
				 unsigned long max, unsigned long *id)
{
	int ret;

	if (matrix_mdev->kvm)
		return -EBUSY;
	ret = kstrtoul(buf, 0, id);
	if (ret)
		return ret;
	return *id > max ? -ENODEV : 0;
}

static ssize_t vfio_ap_mdev_assign(struct device *dev, const char *buf, size_t count, bool adapter)
{
	struct ap_matrix_mdev *matrix_mdev = mdev_get_drvdata(mdev_from_dev(dev));
	unsigned long *mask = adapter ? matrix_mdev->matrix.apm : matrix_mdev->matrix.aqm;
	unsigned long max = adapter ? matrix_mdev->matrix.apm_max : matrix_mdev->matrix.aqm_max;
	unsigned long id;
	int ret;

	ret = vfio_ap_mdev_parse_id(matrix_mdev, buf, max, &id);
	if (ret)
		return ret;
	mutex_lock(&matrix_dev->lock);
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0)
	ret = test_bit_inv(id, mask) ? 0 : vfio_ap_mdev_take_queues(matrix_mdev, id, id, adapter);
	if (!ret)
		set_bit_inv(id, mask);
#else
	ret = adapter ? vfio_ap_mdev_verify_queues_reserved_for_apid(matrix_mdev, id)
		      : vfio_ap_mdev_verify_queues_reserved_for_apqi(matrix_mdev, id);
	if (!ret) {
		set_bit_inv(id, mask);
		ret = vfio_ap_mdev_verify_no_sharing(matrix_mdev);
		if (ret)
			clear_bit_inv(id, mask);
	}
#endif
	mutex_unlock(&matrix_dev->lock);
	return ret ? ret : (ssize_t)count;
}

static ssize_t vfio_ap_mdev_unassign(struct device *dev, const char *buf, size_t count,
				     bool adapter)
{
	struct ap_matrix_mdev *matrix_mdev = mdev_get_drvdata(mdev_from_dev(dev));
	unsigned long *mask = adapter ? matrix_mdev->matrix.apm : matrix_mdev->matrix.aqm;
	unsigned long max = adapter ? matrix_mdev->matrix.apm_max : matrix_mdev->matrix.aqm_max;
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0)
	const unsigned long *other = adapter ? matrix_mdev->matrix.aqm : matrix_mdev->matrix.apm;
	unsigned long o;
#endif
	unsigned long id;
	int ret;

	ret = vfio_ap_mdev_parse_id(matrix_mdev, buf, max, &id);
	if (ret)
		return ret;
	mutex_lock(&matrix_dev->lock);
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0)
	if (test_bit_inv(id, mask))
		for_each_set_bit_inv(o, other, AP_DEVICES) vfio_ap_mdev_release_queue(
			matrix_mdev, adapter ? AP_MKQID(id, o) : AP_MKQID(o, id));
#endif
	clear_bit_inv(id, mask);
	mutex_unlock(&matrix_dev->lock);
	return count;
}

static ssize_t assign_adapter_store(struct device *dev, struct device_attribute *attr,
				    const char *buf, size_t count)
{
	(void)attr;
	return vfio_ap_mdev_assign(dev, buf, count, true);
}
static DEVICE_ATTR_WO(assign_adapter);

static ssize_t unassign_adapter_store(struct device *dev, struct device_attribute *attr,
				      const char *buf, size_t count)
{
	(void)attr;
	return vfio_ap_mdev_unassign(dev, buf, count, true);
}
static DEVICE_ATTR_WO(unassign_adapter);

static ssize_t assign_domain_store(struct device *dev, struct device_attribute *attr,
				   const char *buf, size_t count)
{
	(void)attr;
	return vfio_ap_mdev_assign(dev, buf, count, false);
}
static DEVICE_ATTR_WO(assign_domain);

static ssize_t unassign_domain_store(struct device *dev, struct device_attribute *attr,
				     const char *buf, size_t count)
{
	(void)attr;
	return vfio_ap_mdev_unassign(dev, buf, count, false);
}
static DEVICE_ATTR_WO(unassign_domain);

static ssize_t vfio_ap_mdev_control_domain(struct device *dev, const char *buf, size_t count,
					   bool assign)
{
	struct ap_matrix_mdev *matrix_mdev = mdev_get_drvdata(mdev_from_dev(dev));
	unsigned long id;
	int ret;

	ret = vfio_ap_mdev_parse_id(matrix_mdev, buf, matrix_mdev->matrix.adm_max, &id);
	if (ret)
		return ret;
	mutex_lock(&matrix_dev->lock);
	if (assign)
		set_bit_inv(id, matrix_mdev->matrix.adm);
	else
		clear_bit_inv(id, matrix_mdev->matrix.adm);
	mutex_unlock(&matrix_dev->lock);
	return count;
}

static ssize_t assign_control_domain_store(struct device *dev, struct device_attribute *attr,
					   const char *buf, size_t count)
{
	(void)attr;
	return vfio_ap_mdev_control_domain(dev, buf, count, true);
}
static DEVICE_ATTR_WO(assign_control_domain);

static ssize_t unassign_control_domain_store(struct device *dev, struct device_attribute *attr,
					     const char *buf, size_t count)
{
	(void)attr;
	return vfio_ap_mdev_control_domain(dev, buf, count, false);
}
static DEVICE_ATTR_WO(unassign_control_domain);

static struct attribute *vfio_ap_mdev_attrs[] = {
	&dev_attr_assign_adapter.attr,
	&dev_attr_unassign_adapter.attr,
	&dev_attr_assign_domain.attr,
	&dev_attr_unassign_domain.attr,
	&dev_attr_assign_control_domain.attr,
	&dev_attr_unassign_control_domain.attr,
	NULL,
};

static const struct attribute_group vfio_ap_mdev_attr_group = {
	.attrs = vfio_ap_mdev_attrs,
};

static const struct attribute_group *vfio_ap_mdev_attr_groups[] = {
	&vfio_ap_mdev_attr_group,
	NULL,
};

static int vfio_ap_mdev_set_kvm(struct ap_matrix_mdev *matrix_mdev, struct kvm *kvm)
{
	struct ap_matrix_mdev *m;

	mutex_lock(&matrix_dev->lock);
	list_for_each_entry(m, &matrix_dev->mdev_list, node) {
		if (m != matrix_mdev && m->kvm == kvm) {
			mutex_unlock(&matrix_dev->lock);
			return -EPERM;
		}
	}
	matrix_mdev->kvm = kvm;
	kvm_get_kvm(kvm);
	kvm->arch.crypto.pqap_hook = &matrix_mdev->pqap_hook;
	mutex_unlock(&matrix_dev->lock);
	return 0;
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
/* Whether every queue of adapter @apid across @m's AQM is bound to vfio_ap. */
static bool vfio_ap_mdev_adapter_bound(struct ap_matrix_mdev *m, unsigned long apid)
{
	unsigned long apqi;

	for_each_set_bit_inv(apqi, m->matrix.aqm,
			     m->matrix.aqm_max +
				     1) if (!vfio_ap_find_queue(AP_MKQID(apid, apqi))) return false;
	return true;
}
#endif

/* Puts adapter @apid into, or takes it out of, what the guest of @m may address: its APM. */
void vfio_ap_mdev_plug_adapter(struct ap_matrix_mdev *m, unsigned long apid, bool plug)
{
	struct kvm_s390_crypto *crypto = &m->kvm->arch.crypto;
	unsigned long *apm;

	if (!crypto->crycbd)
		return;
	if ((crypto->crycbd & CRYCB_FORMAT_MASK) == CRYCB_FORMAT2)
		apm = (unsigned long *)crypto->crycb->apcb1.apm;
	else if (apid < BITS_PER_LONG)
		apm = (unsigned long *)crypto->crycb->apcb0.apm;
	else
		return;
	if (plug)
		set_bit_inv(apid, apm);
	else
		clear_bit_inv(apid, apm);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
void vfio_ap_mdev_filter_apm(struct ap_matrix_mdev *m)
{
	unsigned long apid;

	for_each_set_bit_inv(apid, m->matrix.apm, m->matrix.apm_max + 1)
		vfio_ap_mdev_plug_adapter(m, apid, vfio_ap_mdev_adapter_bound(m, apid));
}
#endif

/* What release and (later) SET_KVM(NULL) do: the guest loses its AP configuration. */
static void vfio_ap_mdev_unset_kvm(struct ap_matrix_mdev *matrix_mdev)
{
	mutex_lock(&matrix_dev->lock);
	if (matrix_mdev->kvm) {
		if (matrix_mdev->kvm->arch.crypto.crycbd)
			kvm_arch_crypto_clear_masks(matrix_mdev->kvm);
		matrix_mdev->kvm->arch.crypto.pqap_hook = NULL;
		vfio_ap_mdev_reset_queues(matrix_mdev->mdev);
		kvm_put_kvm(matrix_mdev->kvm);
		matrix_mdev->kvm = NULL;
	}
	mutex_unlock(&matrix_dev->lock);
}

static int vfio_ap_mdev_group_notifier(struct notifier_block *nb, unsigned long action, void *data)
{
	struct ap_matrix_mdev *matrix_mdev;

	if (action != VFIO_GROUP_NOTIFY_SET_KVM)
		return NOTIFY_OK;
	matrix_mdev = container_of(nb, struct ap_matrix_mdev, group_notifier);
	if (!data) {
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
		vfio_ap_mdev_unset_kvm(matrix_mdev);
#else
		/* 5.3 only forgets the guest: hook, masks, queues and reference stay. */
		matrix_mdev->kvm = NULL;
#endif
		return NOTIFY_OK;
	}
	if (vfio_ap_mdev_set_kvm(matrix_mdev, data))
		return NOTIFY_DONE;
	if (!matrix_mdev->kvm->arch.crypto.crycbd)
		return NOTIFY_DONE;
	kvm_arch_crypto_set_masks(matrix_mdev->kvm, matrix_mdev->matrix.apm,
				  matrix_mdev->matrix.aqm, matrix_mdev->matrix.adm);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	/* Mainline gives the guest only adapters whose queues are all bound. */
	vfio_ap_mdev_filter_apm(matrix_mdev);
#endif
	return NOTIFY_OK;
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
/* The queues of the mdev whose saved NIB lies in the range lose their interruptions. */
static void unmap_iova(struct ap_matrix_mdev *matrix_mdev, u64 iova, u64 length)
{
	unsigned long apid, apqi;
	struct vfio_ap_queue *q;

	for_each_set_bit_inv(apid, matrix_mdev->matrix.apm, matrix_mdev->matrix.apm_max + 1)
	{
		for_each_set_bit_inv(apqi, matrix_mdev->matrix.aqm, matrix_mdev->matrix.aqm_max + 1)
		{
			q = vfio_ap_get_queue(matrix_mdev, AP_MKQID(apid, apqi));
			if (q && q->saved_iova >= iova && q->saved_iova - iova < length)
				vfio_ap_irq_disable(q);
		}
	}
}
#endif

/*
 * User space unmaps guest memory: 5.3 unpins the range's first page,
 * whoever pinned it, and leaves saved_iova and the queue's interruptions
 * as they are.
 */
static int vfio_ap_mdev_iommu_notifier(struct notifier_block *nb, unsigned long action, void *data)
{
	struct ap_matrix_mdev *matrix_mdev;
	struct vfio_iommu_type1_dma_unmap *unmap = data;

	if (action != VFIO_IOMMU_NOTIFY_DMA_UNMAP)
		return NOTIFY_DONE;
	matrix_mdev = container_of(nb, struct ap_matrix_mdev, iommu_notifier);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	mutex_lock(&matrix_dev->lock);
	unmap_iova(matrix_mdev, unmap->iova, unmap->size);
	mutex_unlock(&matrix_dev->lock);
#else
	{
		unsigned long g_pfn = unmap->iova >> PAGE_SHIFT;

		vfio_unpin_pages(mdev_dev(matrix_mdev->mdev), &g_pfn, 1);
	}
#endif
	return NOTIFY_OK;
}

static int vfio_ap_mdev_open(struct mdev_device *mdev)
{
	struct ap_matrix_mdev *matrix_mdev = mdev_get_drvdata(mdev);
	unsigned long events = VFIO_GROUP_NOTIFY_SET_KVM;
	int ret;

	matrix_mdev->group_notifier.notifier_call = vfio_ap_mdev_group_notifier;
	ret = vfio_register_notifier(mdev_dev(mdev), VFIO_GROUP_NOTIFY, &events,
				     &matrix_mdev->group_notifier);
	if (ret)
		return ret;
	matrix_mdev->iommu_notifier.notifier_call = vfio_ap_mdev_iommu_notifier;
	events = VFIO_IOMMU_NOTIFY_DMA_UNMAP;
	ret = vfio_register_notifier(mdev_dev(mdev), VFIO_IOMMU_NOTIFY, &events,
				     &matrix_mdev->iommu_notifier);
	if (ret)
		vfio_unregister_notifier(mdev_dev(mdev), VFIO_GROUP_NOTIFY,
					 &matrix_mdev->group_notifier);
	return ret;
}

static void vfio_ap_mdev_release(struct mdev_device *mdev)
{
	struct ap_matrix_mdev *matrix_mdev = mdev_get_drvdata(mdev);

	vfio_ap_mdev_unset_kvm(matrix_mdev);
	vfio_unregister_notifier(mdev_dev(mdev), VFIO_IOMMU_NOTIFY, &matrix_mdev->iommu_notifier);
	vfio_unregister_notifier(mdev_dev(mdev), VFIO_GROUP_NOTIFY, &matrix_mdev->group_notifier);
}

static int vfio_ap_mdev_get_device_info(unsigned long arg)
{
	unsigned long minsz = offsetof(struct vfio_device_info, num_irqs) + sizeof(__u32);
	struct vfio_device_info info;

	if (copy_from_user(&info, (void __user *)arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = VFIO_DEVICE_FLAGS_AP | VFIO_DEVICE_FLAGS_RESET;
	info.num_regions = 0;
	info.num_irqs = 0;
	return copy_to_user((void __user *)arg, &info, minsz) ? -EFAULT : 0;
}

static ssize_t vfio_ap_mdev_ioctl(struct mdev_device *mdev, unsigned int cmd, unsigned long arg)
{
	int ret;

	mutex_lock(&matrix_dev->lock);
	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		ret = vfio_ap_mdev_get_device_info(arg);
		break;
	case VFIO_DEVICE_RESET:
		ret = vfio_ap_mdev_reset_queues(mdev);
		break;
	default:
		ret = -EOPNOTSUPP;
		break;
	}
	mutex_unlock(&matrix_dev->lock);
	return ret;
}

static const struct mdev_parent_ops vfio_ap_matrix_ops = {
	.mdev_attr_groups = vfio_ap_mdev_attr_groups,
	.create = vfio_ap_mdev_create,
	.remove = vfio_ap_mdev_remove,
	.open = vfio_ap_mdev_open,
	.release = vfio_ap_mdev_release,
	.ioctl = vfio_ap_mdev_ioctl,
};

int vfio_ap_mdev_register(void)
{
	matrix_dev->available_instances = MAX_ZDEV_ENTRIES_EXT;
	return mdev_register_device(&matrix_dev->device, &vfio_ap_matrix_ops);
}

void vfio_ap_mdev_unregister(void)
{
	mdev_unregister_device(&matrix_dev->device);
}
