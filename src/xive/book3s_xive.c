// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The helpers the XIVE native device shares with XICS-on-XIVE: source
 * blocks, target selection with the per-queue assignment limit, masking
 * every source of a vCPU, the escalation interrupt of a queue, the VP
 * numbering and the NR_SERVERS control; and the host IRQs escalations
 * take.  torvalds/linux arch/powerpc/kvm/book3s_xive.c at v6.15.
 */
#include <virtref/linux/io.h>
#include <virtref/linux/slab.h>
#include <virtref/linux/uaccess.h>
#include <virtref/xive/hw.h>
#include "xive_internal.h"

/* Interrupts a queue may be assigned: two slots stay free (XIVE_Q_GAP). */
#define XIVE_Q_GAP 2

static u8 xive_vm_esb_load(struct xive_irq_data *xd, u32 offset)
{
	return (u8)in_be64((u8 __iomem *)xd->eoi_mmio + offset);
}

void kvmppc_xive_disable_vcpu_interrupts(struct kvm_vcpu *vcpu)
{
	struct kvmppc_xive_vcpu *xc = vcpu->arch.xive_vcpu;
	struct kvmppc_xive *xive = vcpu->kvm->arch.xive;
	u32 i, j;

	for (i = 0; i <= xive->max_sbid; i++) {
		struct kvmppc_xive_src_block *sb = xive->src_blocks[i];

		if (!sb)
			continue;
		for (j = 0; j < KVMPPC_XICS_IRQ_PER_ICS; j++) {
			struct kvmppc_xive_irq_state *state = &sb->irq_state[j];

			if (!state->valid || state->act_priority == MASKED ||
			    state->act_server != xc->server_num)
				continue;
			arch_spin_lock(&sb->lock);
			state->act_priority = MASKED;
			xive_vm_esb_load(&state->ipi_data, XIVE_ESB_SET_PQ_01);
			xive_native_configure_irq(state->ipi_number, 0, MASKED, 0);
			arch_spin_unlock(&sb->lock);
		}
	}
}

struct kvmppc_xive_src_block *kvmppc_xive_create_src_block(struct kvmppc_xive *xive, int irq)
{
	struct kvmppc_xive_src_block *sb;
	u32 bid = (u32)irq >> KVMPPC_XICS_ICS_SHIFT;
	int i;

	mutex_lock(&xive->lock);
	/* block already exists - somebody else got here first */
	if (xive->src_blocks[bid])
		goto out;
	sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	if (!sb)
		goto out;
	spin_lock_init(&sb->lock);
	sb->id = (u16)bid;
	for (i = 0; i < KVMPPC_XICS_IRQ_PER_ICS; i++) {
		sb->irq_state[i].number = (bid << KVMPPC_XICS_ICS_SHIFT) | (u32)i;
		sb->irq_state[i].eisn = 0;
		sb->irq_state[i].guest_priority = MASKED;
		sb->irq_state[i].saved_priority = MASKED;
		sb->irq_state[i].act_priority = MASKED;
	}
	xive->src_blocks[bid] = sb;
	if (bid > xive->max_sbid)
		xive->max_sbid = bid;
out:
	mutex_unlock(&xive->lock);
	return xive->src_blocks[bid];
}

static void kvmppc_xive_cleanup_irq(u32 hw_num, struct xive_irq_data *xd)
{
	xive_vm_esb_load(xd, XIVE_ESB_SET_PQ_01);
	xive_native_configure_irq(hw_num, 0, MASKED, 0);
}

void kvmppc_xive_free_sources(struct kvmppc_xive_src_block *sb)
{
	int i;

	for (i = 0; i < KVMPPC_XICS_IRQ_PER_ICS; i++) {
		struct kvmppc_xive_irq_state *state = &sb->irq_state[i];

		if (!state->valid)
			continue;
		kvmppc_xive_cleanup_irq(state->ipi_number, &state->ipi_data);
		xive_cleanup_irq_data(&state->ipi_data);
		xive_native_free_irq(state->ipi_number);
		state->valid = false;
	}
}

static int xive_try_pick_queue(struct kvm_vcpu *vcpu, u8 prio)
{
	struct kvmppc_xive_vcpu *xc = vcpu->arch.xive_vcpu;
	struct xive_q *q;
	u32 max;

	if (WARN_ON(!xc))
		return -ENXIO;
	if (!xc->valid)
		return -ENXIO;
	q = &xc->queues[prio];
	if (WARN_ON(!q->qpage))
		return -ENXIO;
	/* Calculate max number of interrupts in that queue. */
	max = (q->msk + 1) - XIVE_Q_GAP;
	if ((u32)q->count == max)
		return -EBUSY;
	q->count++;
	return 0;
}

int kvmppc_xive_select_target(struct kvm *kvm, u32 *server, u8 prio)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	vcpu = kvmppc_xive_find_server(kvm, *server);
	if (!vcpu)
		return -EINVAL;
	if (xive_try_pick_queue(vcpu, prio) == 0)
		return 0;
	/* Failed, pick another VCPU */
	kvm_for_each_vcpu(i, vcpu, kvm)
	{
		if (!vcpu->arch.xive_vcpu)
			continue;
		if (xive_try_pick_queue(vcpu, prio) == 0) {
			*server = vcpu->arch.xive_vcpu->server_num;
			return 0;
		}
	}
	return -EBUSY;
}

int kvmppc_xive_attach_escalation(struct kvm_vcpu *vcpu, u8 prio, bool single_escalation)
{
	struct kvmppc_xive_vcpu *xc = vcpu->arch.xive_vcpu;
	struct xive_q *q = &xc->queues[prio];
	struct vr_xive *x = vri_xive_of(vcpu->kvm);

	(void)single_escalation;
	/* Already there ? */
	if (xc->esc_virq[prio])
		return 0;
	if (WARN_ON(!q->esc_irq))
		return -EIO;
	xc->esc_virq[prio] = q->esc_irq;
	x->k.esc_irqs++;
	return 0;
}

void free_irq(unsigned int irq, void *dev_id)
{
	struct vr_xive *x = vri_xive_current();

	(void)dev_id;
	if (x && !WARN_ON(!irq || !x->k.esc_irqs))
		x->k.esc_irqs--;
}

/* The model's host IRQs have no domain mapping of their own to undo. */
void irq_dispose_mapping(unsigned int virq)
{
	WARN_ON(!virq);
}

struct kvmppc_xive *kvmppc_xive_get_device(struct kvm *kvm, u32 type)
{
	struct kvmppc_xive **kvm_xive_device;

	if (type == KVM_DEV_TYPE_XICS)
		kvm_xive_device = &kvm->arch.xive_devices.xics_on_xive;
	else
		kvm_xive_device = &kvm->arch.xive_devices.native;
	if (!*kvm_xive_device)
		*kvm_xive_device = kzalloc(sizeof(struct kvmppc_xive), GFP_KERNEL);
	else
		memset(*kvm_xive_device, 0, sizeof(struct kvmppc_xive));
	return *kvm_xive_device;
}

static bool kvmppc_xive_vcpu_id_valid(struct kvmppc_xive *xive, u32 cpu)
{
	/* We have a block of xive->nr_servers VPs: packed ids are below it. */
	return kvmppc_pack_vcpu_id(xive->kvm, cpu) < xive->nr_servers;
}

int kvmppc_xive_compute_vp_id(struct kvmppc_xive *xive, u32 cpu, u32 *vp)
{
	u32 vp_id;

	if (!kvmppc_xive_vcpu_id_valid(xive, cpu))
		return -EINVAL;
	if (xive->vp_base == XIVE_INVALID_VP) {
		xive->vp_base = xive_native_alloc_vp_block(xive->nr_servers);
		if (xive->vp_base == XIVE_INVALID_VP)
			return -ENOSPC;
	}
	vp_id = kvmppc_xive_vp(xive, cpu);
	if (kvmppc_xive_vp_in_use(xive->kvm, vp_id))
		return -EEXIST;
	*vp = vp_id;
	return 0;
}

int kvmppc_xive_set_nr_servers(struct kvmppc_xive *xive, u64 addr)
{
	u32 __user *ubufp = (u32 __user *)(uintptr_t)addr;
	u32 nr_servers;
	int rc = 0;

	if (get_user(nr_servers, ubufp))
		return -EFAULT;
	if (!nr_servers || nr_servers > KVM_MAX_VCPU_IDS)
		return -EINVAL;
	mutex_lock(&xive->lock);
	if (xive->vp_base != XIVE_INVALID_VP)
		/* The VP block is allocated once and freed when the device
		 * is released.  Better not allow to change its size since its
		 * used by connect_vcpu to validate vCPU ids are valid (eg,
		 * setting it back to a higher value could allow connect_vcpu
		 * to come up with a VP id that goes beyond the VP block, which
		 * is likely to cause a crash in OPAL). */
		rc = -EBUSY;
	else if (nr_servers > KVM_MAX_VCPUS)
		/* We don't need more servers. Higher vCPU ids get packed
		 * down below KVM_MAX_VCPUS by kvmppc_pack_vcpu_id(). */
		xive->nr_servers = KVM_MAX_VCPUS;
	else
		xive->nr_servers = nr_servers;
	mutex_unlock(&xive->lock);
	return rc;
}

bool kvmppc_xive_check_save_restore(struct kvm_vcpu *vcpu)
{
	struct kvmppc_xive_vcpu *xc = vcpu->arch.xive_vcpu;
	struct kvmppc_xive *xive = xc->xive;

	/* Without POWER10 save-restore there is nothing to agree on. */
	return !(xive->flags & KVMPPC_XIVE_FLAG_SAVE_RESTORE);
}

int kvmppc_xive_set_irq(struct kvm *kvm, int irq_source_id, u32 irq, int level, bool line_status)
{
	struct kvmppc_xive *xive = kvm->arch.xive;
	struct kvmppc_xive_src_block *sb;
	struct kvmppc_xive_irq_state *state;
	u16 src;

	(void)irq_source_id;
	(void)line_status;
	if (!xive)
		return -ENODEV;
	sb = kvmppc_xive_find_source(xive, irq, &src);
	if (!sb)
		return -EINVAL;
	state = &sb->irq_state[src];
	if (!state->valid)
		return -EINVAL;
	/* We don't allow a trigger on a passed-through interrupt */
	if (state->pt_number)
		return -EINVAL;
	if ((level == 1 && state->lsi) || level == (int)KVM_INTERRUPT_SET_LEVEL)
		state->asserted = true;
	else if (level == 0 || level == (int)KVM_INTERRUPT_UNSET) {
		state->asserted = false;
		return 0;
	}
	/* Trigger the IPI */
	out_be64((u8 __iomem *)state->ipi_data.trig_mmio, 0);
	return 0;
}
