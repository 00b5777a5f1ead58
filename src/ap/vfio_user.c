/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What surrounds vfio_ap and KVM in a real host, as virtref's: the AP
 * bus binding queues, user space creating mdevs and writing their sysfs
 * attributes, the VMM opening them (and the vfio core's SET_KVM), its
 * ioctls and DMA unmaps, and
 * the SIE intercepting a guest's PQAP.  Every entry lends the instance
 * to the kernel code for the call.
 */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/ap/vfio_ap_private.h>
#include <virtref/linux/errno.h>
#include <virtref/mem.h>
#include "ap/ap_internal.h"

/* The AP bus device of @apqn with its slots, or NULL when not configured. */
static struct ap_queue *bus_queue(struct vr_ap *ap, uint32_t apqn, bool **probed)
{
	int a = vri_ap_adapter_slot(&ap->hw, VR_AP_APID(apqn));
	int d = vri_ap_domain_slot(&ap->hw, VR_AP_APQI(apqn));

	if (apqn > 0xffff || a < 0 || d < 0)
		return NULL;
	*probed = &ap->host.probed[a][d];
	return &ap->host.apq[a][d];
}

int vr_ap_queue_probe(struct vr_ap *ap, uint32_t apqn)
{
	struct vr_context_frame f;
	struct ap_queue *apq;
	bool *probed;
	int ret;

	struct ap_driver *drv = ap->host.ap_drv;

	apq = bus_queue(ap, apqn, &probed);
	if (!apq)
		return -ENOENT;
	if (*probed)
		return -EEXIST;
	if (!drv)
		return -ENODEV;
	apq->qid = apqn;
	/* Bound while its driver probes it, as the driver core sets dev->driver first. */
	apq->ap_dev.device.driver = &drv->driver;
	vri_ap_lend(ap, &f);
	ret = drv->probe(&apq->ap_dev);
	vri_ap_unlend(&f);
	*probed = ret == 0;
	if (ret)
		apq->ap_dev.device.driver = NULL;
	return ret;
}

int vr_ap_queue_remove(struct vr_ap *ap, uint32_t apqn)
{
	struct vr_context_frame f;
	struct ap_queue *apq;
	bool *probed;

	apq = bus_queue(ap, apqn, &probed);
	if (!apq || !*probed)
		return -ENOENT;
	vri_ap_lend(ap, &f);
	to_ap_drv(apq->ap_dev.device.driver)->remove(&apq->ap_dev);
	vri_ap_unlend(&f);
	apq->ap_dev.device.driver = NULL;
	*probed = false;
	return 0;
}

static struct mdev_device *mdev_of(const struct vr_ap *ap, uint32_t id)
{
	return id < VR_AP_MAX_MDEVS ? ap->host.mdev[id] : NULL;
}

/* The open mdev @id: 0, -ENOENT (no such mdev) or -EINVAL (not open). */
static int open_mdev(const struct vr_ap *ap, uint32_t id, struct mdev_device **mdev)
{
	*mdev = mdev_of(ap, id);
	if (!*mdev)
		return -ENOENT;
	return (*mdev)->vr_group_notifier ? 0 : -EINVAL;
}

/* The vfio core calls one of an open mdev's notifiers. */
static int notify(struct vr_ap *ap, struct notifier_block *nb, unsigned long action, void *data)
{
	struct vr_context_frame f;

	if (!nb)
		return -EINVAL;
	vri_ap_lend(ap, &f);
	nb->notifier_call(nb, action, data);
	vri_ap_unlend(&f);
	return 0;
}

static const struct mdev_parent_ops *parent(const struct vr_ap *ap)
{
	return ap->host.parent_ops;
}

int vr_ap_mdev_create(struct vr_ap *ap, uint32_t id)
{
	struct vr_context_frame f;
	struct mdev_device *mdev;
	int ret;

	if (id >= VR_AP_MAX_MDEVS)
		return -EINVAL;
	if (ap->host.mdev[id])
		return -EEXIST;
	mdev = vr_calloc(1, sizeof(*mdev));
	if (!mdev)
		return -ENOMEM;
	vri_ap_lend(ap, &f);
	ret = parent(ap)->create(NULL, mdev);
	vri_ap_unlend(&f);
	if (ret)
		vr_free(mdev);
	else
		ap->host.mdev[id] = mdev;
	return ret;
}

int vr_ap_mdev_remove(struct vr_ap *ap, uint32_t id)
{
	struct mdev_device *mdev = mdev_of(ap, id);
	struct vr_context_frame f;
	int ret;

	if (!mdev)
		return -ENOENT;
	/*
	 * 5.3 after SET_KVM(NULL): KVM's hook still names the mdev, and the
	 * kernel would free it under the hook.  Refused rather than modelled;
	 * check (b) reported the hook already.
	 */
	if (ap->host.kvm.arch.crypto.pqap_hook ==
	    &((struct ap_matrix_mdev *)mdev_get_drvdata(mdev))->pqap_hook)
		return -EBUSY;
	vri_ap_lend(ap, &f);
	ret = parent(ap)->remove(mdev);
	vri_ap_unlend(&f);
	if (ret == 0) {
		vr_free(mdev);
		ap->host.mdev[id] = NULL;
	}
	return ret;
}

long vr_ap_mdev_store(struct vr_ap *ap, uint32_t id, const char *attr, const char *buf)
{
	struct mdev_device *mdev = mdev_of(ap, id);
	struct attribute *const *a;
	struct device_attribute *da;
	struct vr_context_frame f;
	long ret;

	if (!mdev || !attr || !buf)
		return -ENOENT;
	for (a = parent(ap)->mdev_attr_groups[0]->attrs; *a; a++)
		if (strcmp((*a)->name, attr) == 0)
			break;
	if (!*a)
		return -ENOENT;
	da = container_of(*a, struct device_attribute, attr);
	vri_ap_lend(ap, &f);
	ret = da->store(mdev_dev(mdev), da, buf, strlen(buf));
	vri_ap_unlend(&f);
	return ret;
}

int vr_ap_mdev_open(struct vr_ap *ap, uint32_t id)
{
	struct mdev_device *mdev = mdev_of(ap, id);
	struct vr_context_frame f;
	int ret;

	if (!mdev)
		return -ENOENT;
	vri_ap_lend(ap, &f);
	ret = parent(ap)->open(mdev);
	if (ret == 0 && mdev->vr_group_notifier)
		mdev->vr_group_notifier->notifier_call(mdev->vr_group_notifier,
						       VFIO_GROUP_NOTIFY_SET_KVM, &ap->host.kvm);
	vri_ap_unlend(&f);
	return ret;
}

int vr_ap_mdev_release(struct vr_ap *ap, uint32_t id)
{
	struct mdev_device *mdev;
	struct vr_context_frame f;
	int ret = open_mdev(ap, id, &mdev);

	if (ret)
		return ret;
	vri_ap_lend(ap, &f);
	parent(ap)->release(mdev);
	vri_ap_unlend(&f);
	return 0;
}

long vr_ap_mdev_ioctl(struct vr_ap *ap, uint32_t id, unsigned int cmd, uint64_t arg)
{
	struct vr_context *ctx = vr_context_current();
	struct vr_mem *user = ctx->user;
	struct mdev_device *mdev;
	struct vr_context_frame f;
	long ret = open_mdev(ap, id, &mdev);

	/* The vfio core passes ioctls to an open device only. */
	if (ret)
		return ret;
	vri_ap_lend(ap, &f);
	ctx->user = ap->host.user;
	ret = parent(ap)->ioctl(mdev, cmd, (unsigned long)arg);
	ctx->user = user;
	vri_ap_unlend(&f);
	return ret;
}

int vr_ap_mdev_get_info(struct vr_ap *ap, uint32_t id, uint32_t argsz, bool fault,
			struct vr_ap_device_info *out)
{
	struct vfio_device_info info = { .argsz = argsz };
	uint64_t arg = fault ? 0 : VRI_AP_USER_ARG;
	int ret;

	memset(out, 0, sizeof(*out));
	if (vr_mem_write(ap->host.user, VRI_AP_USER_ARG, &info, sizeof(info)))
		return -EFAULT;
	ret = (int)vr_ap_mdev_ioctl(ap, id, VFIO_DEVICE_GET_INFO, arg);
	if (vr_mem_read(ap->host.user, VRI_AP_USER_ARG, &info, sizeof(info)))
		return -EFAULT;
	*out = (struct vr_ap_device_info){ .argsz = info.argsz,
					   .flags = info.flags,
					   .num_regions = info.num_regions,
					   .num_irqs = info.num_irqs };
	return ret;
}

int vr_ap_mdev_dma_unmap(struct vr_ap *ap, uint32_t id, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_unmap unmap = { .argsz = sizeof(unmap),
						    .iova = iova,
						    .size = size };
	struct mdev_device *mdev;
	int ret = open_mdev(ap, id, &mdev);

	return ret ? ret : notify(ap, mdev->vr_iommu_notifier, VFIO_IOMMU_NOTIFY_DMA_UNMAP, &unmap);
}

int vr_ap_mdev_set_kvm_null(struct vr_ap *ap, uint32_t id)
{
	struct mdev_device *mdev;
	int ret = open_mdev(ap, id, &mdev);

	return ret ? ret : notify(ap, mdev->vr_group_notifier, VFIO_GROUP_NOTIFY_SET_KVM, NULL);
}

bool vr_ap_mdev_in_use(const struct vr_ap *ap, uint32_t id)
{
	struct mdev_device *mdev = mdev_of(ap, id);

	return mdev && ((struct ap_matrix_mdev *)mdev_get_drvdata(mdev))->kvm;
}

/* The architecture's view of the guest's AQIC, for invariant (d). */
static void note_guest_aqic(struct vr_ap *ap, uint64_t gr0, uint64_t gr1, uint64_t gr2)
{
	uint32_t apqn = gr0 & VR_AP_GR0_APQN;

	vri_ap_note_aqic(&ap->hw, apqn, vri_ap_queue_peek_rc(&ap->hw, apqn), gr1 & VR_AP_AQIC_IR,
			 gr2);
}

void vr_ap_guest_pqap(struct vr_ap *ap, uint64_t gr0, uint64_t gr1, uint64_t gr2,
		      bool problem_state, uint8_t psw_cc, struct vr_ap_guest_result *out)
{
	struct vri_ap_host *h = &ap->host;
	struct vri_ap_aqic_note *n = &ap->hw.aqic_note;
	struct vr_context_frame f;
	bool aqic = ((gr0 & VR_AP_GR0_FC) >> VR_AP_GR0_FC_SHIFT) == VR_AP_FC_AQIC;

	if (!aqic && ap->hw.cfg.kvm_apie) {
		/* With ECA_APIE the SIE interprets everything but AQIC (IC.3 off). */
		struct vr_ap_result r;

		vri_ap_hw_pqap(&ap->hw, gr0, gr1, gr2, problem_state, &r);
		*out = (struct vr_ap_guest_result){
			.exception = r.exception,
			.cc = r.exception ? psw_cc : r.cc,
			.gr1 = r.exception ? gr1 : r.gr1,
		};
		return;
	}
	h->run.s.regs.gprs[0] = gr0;
	h->run.s.regs.gprs[1] = gr1;
	h->run.s.regs.gprs[2] = gr2;
	h->sie.gpsw.mask = (problem_state ? PSW_MASK_PSTATE : 0) | (uint64_t)(psw_cc & 3) << 44;
	h->vcpu.arch.pgm.code = 0;
	if (aqic)
		note_guest_aqic(ap, gr0, gr1, gr2);
	vri_ap_lend(ap, &f);
	out->ret = vri_ap_gen(ap)->kvm_s390_handle_b2(&h->vcpu);
	vri_ap_unlend(&f);
	out->exception = h->vcpu.arch.pgm.code == PGM_PRIVILEGED_OP   ? VR_AP_EXC_PRIVILEGED
			 : h->vcpu.arch.pgm.code == PGM_SPECIFICATION ? VR_AP_EXC_SPECIFICATION
								      : VR_AP_EXC_NONE;
	out->cc = (h->sie.gpsw.mask >> 44) & 3;
	out->gr1 = h->run.s.regs.gprs[1];
	if (!aqic)
		return;
	/*
	 * What the guest saw.  Documented kernel deviations: nothing when the
	 * instruction went to user space or raised an exception; the no-hook
	 * path's status in bits 0-31; a NIB of 0, which the intercept path
	 * pins like any page; an unusable NIB, which vfio_ap's pin refuses
	 * before the queue is asked (RC 0x06 where the queue would answer
	 * otherwise); a disable whose busy or resetting queue
	 * vfio_ap_irq_disable() retried; whatever a guest without a GISA
	 * gets (the profile's answer to a failed GISC registration); and RC
	 * 0x01 for an index beyond Na or Nd, as vfio_ap answers every APQN it
	 * does not hold (it never answers 0x11); and anything for a guest
	 * without a CRYCB, whose configuration vfio_ap never set.
	 */
	n->cc = out->cc;
	n->rc = vr_ap_qsw_rc((uint32_t)out->gr1);
	n->valid = out->ret == 0 && out->exception == VR_AP_EXC_NONE;
	n->deviation = !h->kvm.arch.crypto.pqap_hook || !h->kvm.arch.gisa_int.origin ||
		       !h->kvm.arch.crypto.crycbd || (n->ir && gr2 == 0) ||
		       (n->ir && !n->nib_ok && n->rc == VR_AP_RC_INVALID_ADDRESS) ||
		       (!n->ir && (n->queue_rc == VR_AP_RC_BUSY ||
				   n->queue_rc == VR_AP_RC_RESET_IN_PROGRESS)) ||
		       (n->queue_rc == VR_AP_RC_INDEX_TOO_BIG && n->rc == VR_AP_RC_Q_NOT_AVAIL);
}

int vr_ap_vfio_queue(const struct vr_ap *ap, uint32_t apqn, struct vr_ap_vfio_queue *out)
{
	int a = vri_ap_adapter_slot(&ap->hw, VR_AP_APID(apqn));
	int d = vri_ap_domain_slot(&ap->hw, VR_AP_APQI(apqn));
	const struct vfio_ap_queue *q;

	if (apqn > 0xffff || a < 0 || d < 0)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	out->saved_isc = VFIO_AP_ISC_INVALID;
	out->owner = -1;
	q = vri_ap_bound_queue(ap, a, d);
	if (!q)
		return 0;
	out->bound = true;
	out->saved_iova = vri_ap_saved_nib(q);
	out->saved_isc = q->saved_isc;
	for (uint32_t i = 0; i < VR_AP_MAX_MDEVS; i++) {
		const struct ap_matrix_mdev *m;
		const struct vfio_ap_queue *o;

		if (!ap->host.mdev[i])
			continue;
		m = mdev_get_drvdata(ap->host.mdev[i]);
		list_for_each_entry(o, &m->qlist, list)
			if (o == q)
				out->owner = (int)i;
	}
	return 0;
}

void vr_ap_kernel_state(const struct vr_ap *ap, struct vr_ap_kernel_state *out)
{
	const struct kvm *kvm = &ap->host.kvm;

	memset(out, 0, sizeof(*out));
	out->pins = ap->host.pins;
	memcpy(out->gisc_refs, kvm->arch.gisa_int.alert.ref_count, sizeof(out->gisc_refs));
	out->alert_mask = kvm->arch.gisa_int.alert.mask;
	out->kvm_users = kvm->users_count;
	out->available_instances = ap->host.md->available_instances;
	out->hook = kvm->arch.crypto.pqap_hook != NULL;
}

/*
 * Everything the kernel layer holds goes, in the order a host takes it
 * down: the guest's VM first (its PQAP hook with it), then the mdevs.
 */
void vri_ap_host_teardown(struct vr_ap *ap)
{
	struct vr_context_frame f;

	ap->host.kvm.arch.crypto.pqap_hook = NULL;

	for (uint32_t i = 0; i < VR_AP_MAX_MDEVS; i++) {
		if (!ap->host.mdev[i])
			continue;
		if (ap->host.mdev[i]->vr_group_notifier)
			vr_ap_mdev_release(ap, i);
		vr_ap_mdev_remove(ap, i);
	}
	for (int a = 0; a < ap->hw.nadapters; a++)
		for (int d = 0; d < ap->hw.ndomains; d++)
			if (ap->host.probed[a][d])
				vr_ap_queue_remove(ap, ap->host.apq[a][d].qid);
	vri_ap_lend(ap, &f);
	vri_ap_gen(ap)->vfio_ap_exit();
	vri_ap_unlend(&f);
}
