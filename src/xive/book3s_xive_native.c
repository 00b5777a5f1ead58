// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The KVM XIVE native device (KVM_DEV_TYPE_XIVE) as user space sees it
 * on mainline: create, connecting a vCPU, the attribute groups, the VP
 * state one-reg, the mmap layout of the device fd and its faults, and
 * release.  torvalds/linux arch/powerpc/kvm/book3s_xive_native.c at
 * v6.15; Documentation/virt/kvm/devices/xive.rst.
 *
 * Built from include/ alone: the hardware is reached through the host
 * XIVE driver's calls (<virtref/xive/xive.h>) and ESB loads, guest
 * memory through gfn_to_page(), user memory through the uaccess shim.
 * The rules older kernel generations differ in are read through the
 * vr_xive_*() hooks of <virtref/xive/kvm_host.h>.
 */
#include <virtref/linux/io.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/slab.h>
#include <virtref/linux/string.h>
#include <virtref/linux/uaccess.h>
#include <virtref/xive/book3s_xive.h>
#include <virtref/xive/hw.h>

/* The device's ESB loads never need load-after-store ordering (no SET_PQ_10). */
static u8 xive_vm_esb_load(struct xive_irq_data *xd, u32 offset)
{
	return (u8)in_be64((u8 __iomem *)xd->eoi_mmio + offset);
}

static void kvmppc_xive_native_cleanup_queue(struct kvm_vcpu *vcpu, int prio)
{
	struct kvmppc_xive_vcpu *xc = vcpu->arch.xive_vcpu;
	struct xive_q *q = &xc->queues[prio];

	xive_native_disable_queue(xc->vp_id, q, (u8)prio);
	if (q->qpage) {
		put_page(virt_to_page(q->qpage));
		q->qpage = NULL;
	}
}

/* Firmware overwrites q->qpage: drop the old page's reference after it. */
static int kvmppc_xive_native_configure_queue(struct kvm *kvm, u32 vp_id, struct xive_q *q, u8 prio,
					      __be32 *qpage, u32 order, bool can_escalate)
{
	__be32 *qpage_prev = q->qpage;
	int rc;

	rc = xive_native_configure_queue(vp_id, q, prio, qpage, order, can_escalate);
	if (rc)
		return rc;
	if (qpage_prev && vr_xive_frees_prev_eq_page(kvm))
		put_page(virt_to_page(qpage_prev));
	return rc;
}

void kvmppc_xive_native_cleanup_vcpu(struct kvm_vcpu *vcpu)
{
	struct kvmppc_xive_vcpu *xc = vcpu->arch.xive_vcpu;
	int i;

	if (!kvmppc_xive_enabled(vcpu) || !xc)
		return;

	/* No source may stay routed to the VP. */
	xc->valid = false;
	kvmppc_xive_disable_vcpu_interrupts(vcpu);

	for (i = 0; i < KVMPPC_XIVE_Q_COUNT; i++) {
		if (xc->esc_virq[i]) {
			free_irq(xc->esc_virq[i], vcpu);
			irq_dispose_mapping(xc->esc_virq[i]);
			kfree(xc->esc_virq_names[i]);
			xc->esc_virq[i] = 0;
		}
	}

	xive_native_disable_vp(xc->vp_id);
	/* Guest entry must not push a context any more. */
	vcpu->arch.xive_cam_word = 0;

	for (i = 0; i < KVMPPC_XIVE_Q_COUNT; i++)
		kvmppc_xive_native_cleanup_queue(vcpu, i);

	kfree(xc);
	vcpu->arch.irq_type = KVMPPC_IRQ_DEFAULT;
	vcpu->arch.xive_vcpu = NULL;
}

int kvmppc_xive_native_connect_vcpu(struct kvm_device *dev, struct kvm_vcpu *vcpu, u32 server_num)
{
	struct kvmppc_xive *xive = dev->private;
	struct kvmppc_xive_vcpu *xc = NULL;
	u32 vp_id;
	int rc;

	if (dev->ops != &kvm_xive_native_ops)
		return -EPERM;
	if (xive->kvm != vcpu->kvm)
		return -EPERM;
	if (vcpu->arch.irq_type != KVMPPC_IRQ_DEFAULT)
		return -EBUSY;

	mutex_lock(&xive->lock);

	rc = kvmppc_xive_compute_vp_id(xive, server_num, &vp_id);
	if (rc)
		goto bail;

	xc = kzalloc(sizeof(*xc), GFP_KERNEL);
	if (!xc) {
		rc = -ENOMEM;
		goto bail;
	}

	vcpu->arch.xive_vcpu = xc;
	xc->xive = xive;
	xc->vcpu = vcpu;
	xc->server_num = server_num;
	xc->vp_id = vp_id;
	xc->valid = true;
	vcpu->arch.irq_type = KVMPPC_IRQ_XIVE;

	rc = xive_native_get_vp_info(xc->vp_id, &xc->vp_cam, &xc->vp_chip_id);
	if (rc)
		goto bail;

	if (!kvmppc_xive_check_save_restore(vcpu)) {
		rc = -EIO;
		goto bail;
	}

	/* The VP goes first: single escalation changes the numbering. */
	rc = xive_native_enable_vp(xc->vp_id, kvmppc_xive_has_single_escalation(xive));
	if (rc)
		goto bail;

	/* What the assembly push/pull of the OS context loads. */
	vcpu->arch.xive_saved_state.w01 = cpu_to_be64(0xff000000);
	vcpu->arch.xive_cam_word = cpu_to_be32(xc->vp_cam | TM_QW1W2_VO);

bail:
	mutex_unlock(&xive->lock);
	if (rc)
		kvmppc_xive_native_cleanup_vcpu(vcpu);
	return rc;
}

/* Passthrough: the next fault on the source's two ESB pages picks the new backing. */
static int kvmppc_xive_native_reset_mapped(struct kvm *kvm, unsigned long irq)
{
	struct kvmppc_xive *xive = kvm->arch.xive;
	pgoff_t esb_pgoff = KVM_XIVE_ESB_PAGE_OFFSET + irq * 2;

	if (irq >= KVMPPC_XIVE_NR_IRQS)
		return -EINVAL;
	mutex_lock(&xive->mapping_lock);
	if (xive->mapping)
		unmap_mapping_range(xive->mapping, (s64)esb_pgoff << PAGE_SHIFT, 2ll << PAGE_SHIFT,
				    1);
	mutex_unlock(&xive->mapping_lock);
	return 0;
}

static struct kvmppc_xive_ops kvmppc_xive_native_ops = {
	.reset_mapped = kvmppc_xive_native_reset_mapped,
};

static vm_fault_t xive_native_esb_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct kvm_device *dev = vma->vm_file->private_data;
	struct kvmppc_xive *xive = dev->private;
	struct kvmppc_xive_src_block *sb;
	struct kvmppc_xive_irq_state *state;
	struct xive_irq_data *xd;
	u64 page_offset = vmf->pgoff - vma->vm_pgoff;
	unsigned long irq = page_offset / 2; /* a trigger and an EOI page each */
	u32 hw_num;
	u16 src;
	u64 page;

	if (irq >= KVMPPC_XIVE_NR_IRQS)
		return VM_FAULT_SIGBUS;
	sb = kvmppc_xive_find_source(xive, (u32)irq, &src);
	if (!sb)
		return VM_FAULT_SIGBUS;
	state = &sb->irq_state[src];
	if (!state->valid)
		return VM_FAULT_SIGBUS;

	kvmppc_xive_select_irq(state, &hw_num, &xd);
	arch_spin_lock(&sb->lock);
	/* Even page: trigger; odd page: EOI and management. */
	page = page_offset % 2 ? xd->eoi_page : xd->trig_page;
	arch_spin_unlock(&sb->lock);

	if (WARN_ON(!page))
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vma, vmf->address, (unsigned long)(page >> PAGE_SHIFT));
}

static const struct vm_operations_struct xive_native_esb_vmops = {
	.fault = xive_native_esb_fault,
};

static vm_fault_t xive_native_tima_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;

	switch (vmf->pgoff - vma->vm_pgoff) {
	case 0: /* HW: never the guest's */
	case 1: /* HV: never the guest's */
		return VM_FAULT_SIGBUS;
	case 2: /* OS */
		return vmf_insert_pfn(vma, vmf->address,
				      (unsigned long)(xive_tima_os >> PAGE_SHIFT));
	case 3: /* USER: not offered */
	default:
		return VM_FAULT_SIGBUS;
	}
}

static const struct vm_operations_struct xive_native_tima_vmops = {
	.fault = xive_native_tima_fault,
};

static int kvmppc_xive_native_mmap(struct kvm_device *dev, struct vm_area_struct *vma)
{
	struct kvmppc_xive *xive = dev->private;

	/* Two fixed page offsets only. */
	if (vma->vm_pgoff == KVM_XIVE_TIMA_PAGE_OFFSET) {
		if (vma_pages(vma) > 4)
			return -EINVAL;
		vma->vm_ops = &xive_native_tima_vmops;
	} else if (vma->vm_pgoff == KVM_XIVE_ESB_PAGE_OFFSET) {
		if (vma_pages(vma) > KVMPPC_XIVE_NR_IRQS * 2)
			return -EINVAL;
		vma->vm_ops = &xive_native_esb_vmops;
	} else {
		return -EINVAL;
	}

	vm_flags_set(vma, VM_IO | VM_PFNMAP);
	vma->vm_page_prot = pgprot_noncached_wc(vma->vm_page_prot);
	/* Kept so that passthrough can zap ESB pages (reset_mapped). */
	xive->mapping = vma->vm_file->f_mapping;
	return 0;
}

static int kvmppc_xive_native_set_source(struct kvmppc_xive *xive, long irq, u64 addr)
{
	struct kvmppc_xive_src_block *sb;
	struct kvmppc_xive_irq_state *state;
	u64 __user *ubufp = (u64 __user *)(uintptr_t)addr;
	u64 val;
	u16 idx;
	int rc;

	if (irq < KVMPPC_XIVE_FIRST_IRQ || irq >= KVMPPC_XIVE_NR_IRQS)
		return -E2BIG;

	sb = kvmppc_xive_find_source(xive, (u32)irq, &idx);
	if (!sb) {
		sb = kvmppc_xive_create_src_block(xive, (int)irq);
		if (!sb)
			return -ENOMEM;
	}
	state = &sb->irq_state[idx];

	if (get_user(val, ubufp))
		return -EFAULT;

	arch_spin_lock(&sb->lock);

	/* A source without a backing IPI gets one. */
	if (!state->ipi_number) {
		state->ipi_number = xive_native_alloc_irq();
		if (state->ipi_number == 0) {
			rc = -ENXIO;
			goto unlock;
		}
		xive_native_populate_irq_data(state->ipi_number, &state->ipi_data);
	}

	/* Restore LSI state; clear bits never clear it. */
	if (val & KVM_XIVE_LEVEL_SENSITIVE) {
		state->lsi = true;
		if (val & KVM_XIVE_LEVEL_ASSERTED)
			state->asserted = true;
	}

	/* Start masked. */
	state->act_server = 0;
	state->act_priority = MASKED;
	xive_vm_esb_load(&state->ipi_data, XIVE_ESB_SET_PQ_01);
	xive_native_configure_irq(state->ipi_number, 0, MASKED, 0);

	if (!state->valid)
		xive->src_count++;
	state->valid = true;
	rc = 0;

unlock:
	arch_spin_unlock(&sb->lock);
	return rc;
}

static int kvmppc_xive_native_update_source_config(struct kvmppc_xive *xive,
						   struct kvmppc_xive_src_block *sb,
						   struct kvmppc_xive_irq_state *state, u32 server,
						   u8 priority, bool masked, u32 eisn)
{
	struct kvm *kvm = xive->kvm;
	u32 hw_num;
	int rc = 0;

	arch_spin_lock(&sb->lock);

	/* The masked bit is not compared: an unchanged triple is a no-op. */
	if (state->act_server == server && state->act_priority == priority && state->eisn == eisn)
		goto unlock;

	kvmppc_xive_select_irq(state, &hw_num, NULL);

	if (priority != MASKED && !masked) {
		rc = kvmppc_xive_select_target(kvm, &server, priority);
		if (rc)
			goto unlock;

		state->act_priority = priority;
		state->act_server = server;
		state->eisn = eisn;

		rc = xive_native_configure_irq(hw_num, kvmppc_xive_vp(xive, server), priority,
					       eisn);
	} else {
		state->act_priority = MASKED;
		state->act_server = 0;
		state->eisn = 0;

		rc = xive_native_configure_irq(hw_num, 0, MASKED, 0);
	}

unlock:
	arch_spin_unlock(&sb->lock);
	return rc;
}

static int kvmppc_xive_native_set_source_config(struct kvmppc_xive *xive, long irq, u64 addr)
{
	struct kvmppc_xive_src_block *sb;
	struct kvmppc_xive_irq_state *state;
	u64 __user *ubufp = (u64 __user *)(uintptr_t)addr;
	u16 src;
	u64 kvm_cfg;
	u32 server;
	u8 priority;
	bool masked;
	u32 eisn;

	sb = kvmppc_xive_find_source(xive, (u32)irq, &src);
	if (!sb)
		return -ENOENT;

	state = &sb->irq_state[src];

	if (!state->valid)
		return -EINVAL;

	if (get_user(kvm_cfg, ubufp))
		return -EFAULT;

	priority = (kvm_cfg & KVM_XIVE_SOURCE_PRIORITY_MASK) >> KVM_XIVE_SOURCE_PRIORITY_SHIFT;
	server = (u32)((kvm_cfg & KVM_XIVE_SOURCE_SERVER_MASK) >> KVM_XIVE_SOURCE_SERVER_SHIFT);
	masked = (kvm_cfg & KVM_XIVE_SOURCE_MASKED_MASK) >> KVM_XIVE_SOURCE_MASKED_SHIFT;
	eisn = (u32)((kvm_cfg & KVM_XIVE_SOURCE_EISN_MASK) >> KVM_XIVE_SOURCE_EISN_SHIFT);

	if (priority != xive_prio_from_guest(priority))
		return -EINVAL;

	return kvmppc_xive_native_update_source_config(xive, sb, state, server, priority, masked,
						       eisn);
}

static int kvmppc_xive_native_sync_source(struct kvmppc_xive *xive, long irq, u64 addr)
{
	struct kvmppc_xive_src_block *sb;
	struct kvmppc_xive_irq_state *state;
	struct xive_irq_data *xd;
	u32 hw_num;
	u16 src;
	int rc;

	(void)addr;
	sb = kvmppc_xive_find_source(xive, (u32)irq, &src);
	if (!sb)
		return -ENOENT;

	state = &sb->irq_state[src];
	rc = -EINVAL;

	arch_spin_lock(&sb->lock);
	if (state->valid) {
		kvmppc_xive_select_irq(state, &hw_num, &xd);
		xive_native_sync_source(hw_num);
		rc = 0;
	}
	arch_spin_unlock(&sb->lock);
	return rc;
}

/* 64 KiB queues only, as the device tree's "ibm,xive-eq-sizes" says. */
static int xive_native_validate_queue_size(u32 qshift)
{
	switch (qshift) {
	case 0: /* EQ reset */
	case 16:
		return 0;
	case 12:
	case 21:
	case 24:
	default:
		return -EINVAL;
	}
}

static int kvmppc_xive_native_set_queue_config(struct kvmppc_xive *xive, long eq_idx, u64 addr)
{
	struct kvm *kvm = xive->kvm;
	struct kvm_vcpu *vcpu;
	struct kvmppc_xive_vcpu *xc;
	void __user *ubufp = (void __user *)(uintptr_t)addr;
	u32 server;
	u8 priority;
	struct kvm_ppc_xive_eq kvm_eq;
	int rc;
	__be32 *qaddr = NULL;
	struct page *page;
	struct xive_q *q;
	gfn_t gfn;
	unsigned long page_size;
	int srcu_idx;

	/* The EQ identifier is a (server, priority) pair. */
	priority = (eq_idx & KVM_XIVE_EQ_PRIORITY_MASK) >> KVM_XIVE_EQ_PRIORITY_SHIFT;
	server = (u32)((eq_idx & KVM_XIVE_EQ_SERVER_MASK) >> KVM_XIVE_EQ_SERVER_SHIFT);

	if (copy_from_user(&kvm_eq, ubufp, sizeof(kvm_eq)))
		return -EFAULT;

	vcpu = kvmppc_xive_find_server(kvm, server);
	if (!vcpu)
		return -ENOENT;
	xc = vcpu->arch.xive_vcpu;

	if (priority != xive_prio_from_guest(priority))
		return -EINVAL;
	q = &xc->queues[priority];

	/* qshift 0: disable the queue and forget it. */
	if (!kvm_eq.qshift) {
		q->guest_qaddr = 0;
		q->guest_qshift = 0;

		rc = kvmppc_xive_native_configure_queue(kvm, xc->vp_id, q, priority, NULL, 0, true);
		if (rc)
			return rc;
		return 0;
	}

	/* KVM cannot use END ESB coalescing: every enqueue must notify. */
	if (kvm_eq.flags != KVM_XIVE_EQ_ALWAYS_NOTIFY)
		return -EINVAL;

	rc = xive_native_validate_queue_size(kvm_eq.qshift);
	if (rc)
		return rc;

	if (kvm_eq.qaddr & ((1ull << kvm_eq.qshift) - 1))
		return -EINVAL;

	srcu_idx = srcu_read_lock(&kvm->srcu);
	gfn = gpa_to_gfn(kvm_eq.qaddr);

	page_size = kvm_host_page_size(vcpu, gfn);
	if (1ull << kvm_eq.qshift > page_size) {
		srcu_read_unlock(&kvm->srcu, srcu_idx);
		return -EINVAL;
	}

	page = gfn_to_page(kvm, gfn);
	if (!page) {
		srcu_read_unlock(&kvm->srcu, srcu_idx);
		return -EINVAL;
	}

	qaddr = (__be32 *)((u8 *)page_to_virt(page) + (kvm_eq.qaddr & ~PAGE_MASK));
	srcu_read_unlock(&kvm->srcu, srcu_idx);

	/* The guest address is kept to mark the page dirty (EQ_SYNC). */
	q->guest_qaddr = kvm_eq.qaddr;
	q->guest_qshift = kvm_eq.qshift;

	rc = kvmppc_xive_native_configure_queue(kvm, xc->vp_id, q, priority, qaddr, kvm_eq.qshift,
						true);
	if (rc) {
		put_page(page);
		return rc;
	}

	/* A fresh queue is (toggle 1, index 0); anything else is a restore. */
	if (kvm_eq.qtoggle != 1 || kvm_eq.qindex != 0) {
		rc = xive_native_set_queue_state(xc->vp_id, priority, kvm_eq.qtoggle,
						 kvm_eq.qindex);
		if (rc)
			goto error;
	}

	rc = kvmppc_xive_attach_escalation(vcpu, priority, kvmppc_xive_has_single_escalation(xive));
error:
	if (rc)
		kvmppc_xive_native_cleanup_queue(vcpu, priority);
	return rc;
}

static int kvmppc_xive_native_get_queue_config(struct kvmppc_xive *xive, long eq_idx, u64 addr)
{
	struct kvm *kvm = xive->kvm;
	struct kvm_vcpu *vcpu;
	struct kvmppc_xive_vcpu *xc;
	struct xive_q *q;
	void __user *ubufp = (void __user *)(uintptr_t)addr;
	u32 server;
	u8 priority;
	struct kvm_ppc_xive_eq kvm_eq;
	u64 qaddr;
	u64 qshift;
	u64 qeoi_page;
	u32 escalate_irq;
	u64 qflags;
	int rc;

	priority = (eq_idx & KVM_XIVE_EQ_PRIORITY_MASK) >> KVM_XIVE_EQ_PRIORITY_SHIFT;
	server = (u32)((eq_idx & KVM_XIVE_EQ_SERVER_MASK) >> KVM_XIVE_EQ_SERVER_SHIFT);

	vcpu = kvmppc_xive_find_server(kvm, server);
	if (!vcpu)
		return -ENOENT;
	xc = vcpu->arch.xive_vcpu;

	if (priority != xive_prio_from_guest(priority))
		return -EINVAL;
	q = &xc->queues[priority];

	memset(&kvm_eq, 0, sizeof(kvm_eq));

	/* Not configured: nothing is written. */
	if (!q->qpage)
		return 0;

	rc = xive_native_get_queue_info(xc->vp_id, priority, &qaddr, &qshift, &qeoi_page,
					&escalate_irq, &qflags);
	if (rc)
		return rc;

	kvm_eq.flags = 0;
	if (qflags & OPAL_XIVE_EQ_ALWAYS_NOTIFY)
		kvm_eq.flags |= KVM_XIVE_EQ_ALWAYS_NOTIFY;

	kvm_eq.qshift = q->guest_qshift;
	kvm_eq.qaddr = q->guest_qaddr;

	rc = xive_native_get_queue_state(xc->vp_id, priority, &kvm_eq.qtoggle, &kvm_eq.qindex);
	if (rc)
		return rc;

	if (copy_to_user(ubufp, &kvm_eq, sizeof(kvm_eq)))
		return -EFAULT;
	return 0;
}

static void kvmppc_xive_reset_sources(struct kvmppc_xive_src_block *sb)
{
	int i;

	for (i = 0; i < KVMPPC_XICS_IRQ_PER_ICS; i++) {
		struct kvmppc_xive_irq_state *state = &sb->irq_state[i];

		if (!state->valid || state->act_priority == MASKED)
			continue;

		state->eisn = 0;
		state->act_server = 0;
		state->act_priority = MASKED;
		xive_vm_esb_load(&state->ipi_data, XIVE_ESB_SET_PQ_01);
		xive_native_configure_irq(state->ipi_number, 0, MASKED, 0);
		if (state->pt_number) {
			xive_vm_esb_load(state->pt_data, XIVE_ESB_SET_PQ_01);
			xive_native_configure_irq(state->pt_number, 0, MASKED, 0);
		}
	}
}

static int kvmppc_xive_reset(struct kvmppc_xive *xive)
{
	struct kvm *kvm = xive->kvm;
	struct kvm_vcpu *vcpu;
	unsigned long i;

	mutex_lock(&xive->lock);

	kvm_for_each_vcpu(i, vcpu, kvm)
	{
		struct kvmppc_xive_vcpu *xc = vcpu->arch.xive_vcpu;
		unsigned int prio;

		if (!xc)
			continue;

		kvmppc_xive_disable_vcpu_interrupts(vcpu);

		for (prio = 0; prio < KVMPPC_XIVE_Q_COUNT; prio++) {
			/* With single escalation, queue 7 is the hypervisor's. */
			if (prio == 7 && kvmppc_xive_has_single_escalation(xive))
				break;

			if (xc->esc_virq[prio]) {
				free_irq(xc->esc_virq[prio], vcpu);
				irq_dispose_mapping(xc->esc_virq[prio]);
				kfree(xc->esc_virq_names[prio]);
				xc->esc_virq[prio] = 0;
			}

			kvmppc_xive_native_cleanup_queue(vcpu, (int)prio);
		}
	}

	for (i = 0; i <= xive->max_sbid; i++) {
		struct kvmppc_xive_src_block *sb = xive->src_blocks[i];

		if (sb) {
			arch_spin_lock(&sb->lock);
			kvmppc_xive_reset_sources(sb);
			arch_spin_unlock(&sb->lock);
		}
	}

	mutex_unlock(&xive->lock);
	return 0;
}

static void kvmppc_xive_native_sync_sources(struct kvmppc_xive_src_block *sb)
{
	int j;

	for (j = 0; j < KVMPPC_XICS_IRQ_PER_ICS; j++) {
		struct kvmppc_xive_irq_state *state = &sb->irq_state[j];
		struct xive_irq_data *xd;
		u32 hw_num;

		/* Masking synced a masked source already (migration masks first). */
		if (!state->valid || state->act_priority == MASKED)
			continue;

		kvmppc_xive_select_irq(state, &hw_num, &xd);
		xive_native_sync_source(hw_num);
		xive_native_sync_queue(hw_num);
	}
}

static int kvmppc_xive_native_vcpu_eq_sync(struct kvm_vcpu *vcpu)
{
	struct kvmppc_xive_vcpu *xc = vcpu->arch.xive_vcpu;
	unsigned int prio;
	int srcu_idx;

	if (!xc)
		return -ENOENT;

	for (prio = 0; prio < KVMPPC_XIVE_Q_COUNT; prio++) {
		struct xive_q *q = &xc->queues[prio];

		if (!q->qpage)
			continue;

		/* Migration copies the queue page again. */
		srcu_idx = srcu_read_lock(&vcpu->kvm->srcu);
		mark_page_dirty(vcpu->kvm, gpa_to_gfn(q->guest_qaddr));
		srcu_read_unlock(&vcpu->kvm->srcu, srcu_idx);
	}
	return 0;
}

static int kvmppc_xive_native_eq_sync(struct kvmppc_xive *xive)
{
	struct kvm *kvm = xive->kvm;
	struct kvm_vcpu *vcpu;
	unsigned long i;

	mutex_lock(&xive->lock);
	for (i = 0; i <= xive->max_sbid; i++) {
		struct kvmppc_xive_src_block *sb = xive->src_blocks[i];

		if (sb) {
			arch_spin_lock(&sb->lock);
			kvmppc_xive_native_sync_sources(sb);
			arch_spin_unlock(&sb->lock);
		}
	}

	kvm_for_each_vcpu(i, vcpu, kvm)
	{
		kvmppc_xive_native_vcpu_eq_sync(vcpu);
	}
	mutex_unlock(&xive->lock);
	return 0;
}

static int kvmppc_xive_native_set_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	struct kvmppc_xive *xive = dev->private;

	switch (attr->group) {
	case KVM_DEV_XIVE_GRP_CTRL:
		switch (attr->attr) {
		case KVM_DEV_XIVE_RESET:
			return kvmppc_xive_reset(xive);
		case KVM_DEV_XIVE_EQ_SYNC:
			return kvmppc_xive_native_eq_sync(xive);
		case KVM_DEV_XIVE_NR_SERVERS:
			if (!vr_xive_has_nr_servers(xive->kvm))
				break;
			return kvmppc_xive_set_nr_servers(xive, attr->addr);
		}
		break;
	case KVM_DEV_XIVE_GRP_SOURCE:
		return kvmppc_xive_native_set_source(xive, (long)attr->attr, attr->addr);
	case KVM_DEV_XIVE_GRP_SOURCE_CONFIG:
		return kvmppc_xive_native_set_source_config(xive, (long)attr->attr, attr->addr);
	case KVM_DEV_XIVE_GRP_EQ_CONFIG:
		return kvmppc_xive_native_set_queue_config(xive, (long)attr->attr, attr->addr);
	case KVM_DEV_XIVE_GRP_SOURCE_SYNC:
		return kvmppc_xive_native_sync_source(xive, (long)attr->attr, attr->addr);
	}
	return -ENXIO;
}

static int kvmppc_xive_native_get_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	struct kvmppc_xive *xive = dev->private;

	switch (attr->group) {
	case KVM_DEV_XIVE_GRP_EQ_CONFIG:
		return kvmppc_xive_native_get_queue_config(xive, (long)attr->attr, attr->addr);
	}
	return -ENXIO;
}

static int kvmppc_xive_native_has_attr(struct kvm_device *dev, struct kvm_device_attr *attr)
{
	struct kvmppc_xive *xive = dev->private;

	switch (attr->group) {
	case KVM_DEV_XIVE_GRP_CTRL:
		switch (attr->attr) {
		case KVM_DEV_XIVE_NR_SERVERS:
			if (!vr_xive_has_nr_servers(xive->kvm))
				break;
			fallthrough;
		case KVM_DEV_XIVE_RESET:
		case KVM_DEV_XIVE_EQ_SYNC:
			return 0;
		}
		break;
	case KVM_DEV_XIVE_GRP_SOURCE:
	case KVM_DEV_XIVE_GRP_SOURCE_CONFIG:
	case KVM_DEV_XIVE_GRP_SOURCE_SYNC:
		if ((long)attr->attr >= KVMPPC_XIVE_FIRST_IRQ && attr->attr < KVMPPC_XIVE_NR_IRQS)
			return 0;
		break;
	case KVM_DEV_XIVE_GRP_EQ_CONFIG:
		return 0;
	}
	return -ENXIO;
}

/* The last reference to the device fd is gone: no ioctl, mapping or fault runs. */
static void kvmppc_xive_native_release(struct kvm_device *dev)
{
	struct kvmppc_xive *xive = dev->private;
	struct kvm *kvm = xive->kvm;
	struct kvm_vcpu *vcpu;
	unsigned long i;

	mutex_lock(&xive->mapping_lock);
	xive->mapping = NULL;
	mutex_unlock(&xive->mapping_lock);

	/* The presenters first, each under its vCPU's mutex (no one-reg access). */
	kvm_for_each_vcpu(i, vcpu, kvm)
	{
		mutex_lock(&vcpu->mutex);
		kvmppc_xive_native_cleanup_vcpu(vcpu);
		mutex_unlock(&vcpu->mutex);
	}

	kvm->arch.xive = NULL;

	for (i = 0; i <= xive->max_sbid; i++) {
		if (xive->src_blocks[i])
			kvmppc_xive_free_sources(xive->src_blocks[i]);
		kfree(xive->src_blocks[i]);
		xive->src_blocks[i] = NULL;
	}

	if (xive->vp_base != XIVE_INVALID_VP)
		xive_native_free_vp_block(xive->vp_base);

	/* The struct kvmppc_xive stays with the VM, for the next device. */
	kfree(dev);
}

static int kvmppc_xive_native_create(struct kvm_device *dev, u32 type)
{
	struct kvmppc_xive *xive;
	struct kvm *kvm = dev->kvm;

	if (kvm->arch.xive)
		return -EEXIST;

	xive = kvmppc_xive_get_device(kvm, type);
	if (!xive)
		return -ENOMEM;

	dev->private = xive;
	xive->dev = dev;
	xive->kvm = kvm;
	mutex_init(&xive->mapping_lock);
	mutex_init(&xive->lock);

	/* The VP block waits for the first connect (and NR_SERVERS). */
	xive->vp_base = XIVE_INVALID_VP;
	xive->nr_servers = KVM_MAX_VCPUS;

	if (xive_native_has_single_escalation())
		xive->flags |= KVMPPC_XIVE_FLAG_SINGLE_ESCALATION;
	if (xive_native_has_save_restore())
		xive->flags |= KVMPPC_XIVE_FLAG_SAVE_RESTORE;

	xive->ops = &kvmppc_xive_native_ops;
	kvm->arch.xive = xive;
	return 0;
}

/* The backup IPB firmware returns for a VP: bits 47..40. */
#define TM_IPB_SHIFT 40
#define TM_IPB_MASK (((u64)0xFF) << TM_IPB_SHIFT)

int kvmppc_xive_native_get_vp(struct kvm_vcpu *vcpu, union kvmppc_one_reg *val)
{
	struct kvmppc_xive_vcpu *xc = vcpu->arch.xive_vcpu;
	u64 opal_state;
	int rc;

	if (!kvmppc_xive_enabled(vcpu))
		return -EPERM;
	if (!xc)
		return -ENOENT;

	/* The saved OS ring; of it, IPB and CPPR matter. */
	val->xive_timaval[0] = vcpu->arch.xive_saved_state.w01;

	rc = xive_native_get_vp_state(xc->vp_id, &opal_state);
	if (rc)
		return rc;

	/* Merged, not replaced: the NVT's backup IPB joins the saved one. */
	val->xive_timaval[0] |= cpu_to_be64(opal_state & TM_IPB_MASK);
	return 0;
}

int kvmppc_xive_native_set_vp(struct kvm_vcpu *vcpu, union kvmppc_one_reg *val)
{
	struct kvmppc_xive_vcpu *xc = vcpu->arch.xive_vcpu;
	struct kvmppc_xive *xive = vcpu->kvm->arch.xive;

	if (!kvmppc_xive_enabled(vcpu))
		return -EPERM;
	if (!xc || !xive)
		return -ENOENT;

	/* A context loaded in the thread cannot be changed under it. */
	if (WARN_ON(vcpu->arch.xive_pushed))
		return -EBUSY;

	/* The IPB travels in the image; the NVT backup is not written. */
	vcpu->arch.xive_saved_state.w01 = val->xive_timaval[0];
	return 0;
}

bool kvmppc_xive_native_supported(void)
{
	return xive_native_has_queue_state_support();
}

struct kvm_device_ops kvm_xive_native_ops = {
	.name = "kvm-xive-native",
	.create = kvmppc_xive_native_create,
	.release = kvmppc_xive_native_release,
	.set_attr = kvmppc_xive_native_set_attr,
	.get_attr = kvmppc_xive_native_get_attr,
	.has_attr = kvmppc_xive_native_has_attr,
	.mmap = kvmppc_xive_native_mmap,
};
