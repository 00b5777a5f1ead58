/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * KVM's XIVE state: the device (struct kvmppc_xive), its source blocks
 * of 1024 guest sources, each source's state, and each connected vCPU's
 * presenter (struct kvmppc_xive_vcpu), with the helpers the native
 * device shares with XICS-on-XIVE.
 *
 * mirrors: torvalds/linux arch/powerpc/kvm/book3s_xive.h and the
 *          KVMPPC_XICS_* limits of arch/powerpc/kvm/book3s_xics.h, at
 *          v6.15.  Fields of the XICS-on-XIVE emulation that the native
 *          device never reads are left out.
 */
#ifndef VIRTREF_XIVE_BOOK3S_XIVE_H
#define VIRTREF_XIVE_BOOK3S_XIVE_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/linux/mutex.h>
#include <virtref/linux/spinlock.h>
#include <virtref/linux/types.h>
#include <virtref/xive/kvm_host.h>
#include <virtref/xive/xive.h>

/* book3s_xics.h */
#define KVMPPC_XICS_MAX_IRQ (1 << 20)
#define KVMPPC_XICS_ICS_SHIFT 10
#define KVMPPC_XICS_IRQ_PER_ICS (1 << KVMPPC_XICS_ICS_SHIFT)
#define KVMPPC_XICS_SRC_MASK (KVMPPC_XICS_IRQ_PER_ICS - 1)
#define KVMPPC_XICS_MAX_ICS_ID (KVMPPC_XICS_MAX_IRQ >> KVMPPC_XICS_ICS_SHIFT)
#define KVMPPC_XICS_NR_IRQS KVMPPC_XICS_MAX_IRQ
#define MASKED 0xff

#define KVMPPC_XIVE_FIRST_IRQ 0
#define KVMPPC_XIVE_NR_IRQS KVMPPC_XICS_NR_IRQS

/* One spinlock kind for the source blocks, as the kernel's arch lock. */
typedef spinlock_t arch_spinlock_t;
#define arch_spin_lock(l) spin_lock(l)
#define arch_spin_unlock(l) spin_unlock(l)

struct kvmppc_xive_irq_state {
	bool valid;		       /* Interrupt entry is valid */
	u32 number;		       /* Guest IRQ number */
	u32 ipi_number;		       /* XIVE IPI HW number */
	struct xive_irq_data ipi_data; /* XIVE IPI associated data */
	u32 pt_number;		       /* XIVE Pass-through number if any */
	struct xive_irq_data *pt_data; /* XIVE Pass-through associated data */
	u8 guest_priority;	       /* Guest set priority */
	u8 saved_priority;	       /* Saved priority when masking */
	u32 act_server;		       /* Actual server */
	u8 act_priority;	       /* Actual priority */
	bool in_eoi;
	bool old_p;
	bool old_q;
	bool lsi;      /* level-sensitive interrupt */
	bool asserted; /* Only for emulated LSI: current state */
	bool in_queue;
	bool saved_p;
	bool saved_q;
	u8 saved_scan_prio;
	u32 eisn; /* Guest Effective IRQ number */
};

/* Select the "right" interrupt (IPI vs. passthrough) */
static inline void kvmppc_xive_select_irq(struct kvmppc_xive_irq_state *state, u32 *out_hw_irq,
					  struct xive_irq_data **out_xd)
{
	if (state->pt_number) {
		if (out_hw_irq)
			*out_hw_irq = state->pt_number;
		if (out_xd)
			*out_xd = state->pt_data;
	} else {
		if (out_hw_irq)
			*out_hw_irq = state->ipi_number;
		if (out_xd)
			*out_xd = &state->ipi_data;
	}
}

struct kvmppc_xive_src_block {
	arch_spinlock_t lock;
	u16 id;
	struct kvmppc_xive_irq_state irq_state[KVMPPC_XICS_IRQ_PER_ICS];
};

struct kvmppc_xive;

struct kvmppc_xive_ops {
	int (*reset_mapped)(struct kvm *kvm, unsigned long guest_irq);
};

#define KVMPPC_XIVE_FLAG_SINGLE_ESCALATION 0x1
#define KVMPPC_XIVE_FLAG_SAVE_RESTORE 0x2

struct kvmppc_xive {
	struct kvm *kvm;
	struct kvm_device *dev;
	void *dentry; /* struct dentry *: no debugfs in the model */

	/* VP block associated with the VM */
	u32 vp_base;

	/* Blocks of sources */
	struct kvmppc_xive_src_block *src_blocks[KVMPPC_XICS_MAX_ICS_ID + 1];
	u32 max_sbid;

	/*
	 * For state save, we lazily scan the queues on the first interrupt
	 * being migrated.  We don't have a clean way to reset that flags
	 * so we keep track of the number of valid sources and how many of
	 * them were migrated so we can reset when all of them have been
	 * processed.
	 */
	u32 src_count;
	u32 saved_src_count;

	/* Flags */
	u8 flags;

	/* Number of entries in the VP block */
	u32 nr_servers;

	struct kvmppc_xive_ops *ops;
	struct address_space *mapping;
	struct mutex mapping_lock;
	struct mutex lock;
};

#define KVMPPC_XIVE_Q_COUNT 8

struct kvmppc_xive_vcpu {
	struct kvmppc_xive *xive;
	struct kvm_vcpu *vcpu;
	bool valid;

	/* Server number. This is the HW CPU ID from a guest perspective */
	u32 server_num;

	/*
	 * HW VP corresponding to this VCPU. This is the base of the VP
	 * block plus the server number.
	 */
	u32 vp_id;
	u32 vp_chip_id;
	u32 vp_cam;

	/* Each VP has 8 queues though we only provision some */
	struct xive_q queues[KVMPPC_XIVE_Q_COUNT];
	u32 esc_virq[KVMPPC_XIVE_Q_COUNT];
	char *esc_virq_names[KVMPPC_XIVE_Q_COUNT];
};

static inline struct kvm_vcpu *kvmppc_xive_find_server(struct kvm *kvm, u32 nr)
{
	struct kvm_vcpu *vcpu = NULL;
	unsigned long i;

	kvm_for_each_vcpu(i, vcpu, kvm)
	{
		if (vcpu->arch.xive_vcpu && nr == vcpu->arch.xive_vcpu->server_num)
			return vcpu;
	}
	return NULL;
}

static inline struct kvmppc_xive_src_block *kvmppc_xive_find_source(struct kvmppc_xive *xive,
								    u32 irq, u16 *source)
{
	u32 bid = irq >> KVMPPC_XICS_ICS_SHIFT;
	u16 src = irq & KVMPPC_XICS_SRC_MASK;

	if (source)
		*source = src;
	if (bid > KVMPPC_XICS_MAX_ICS_ID)
		return NULL;
	return xive->src_blocks[bid];
}

/*
 * When the XIVE resources are allocated at the HW level, the VP
 * structures describing the vCPUs of a guest are distributed among the
 * chips to optimize the PowerBUS usage.  The model has one chip and no
 * SMT folding: a server number is its own packed id.
 */
static inline u32 kvmppc_pack_vcpu_id(struct kvm *kvm, u32 id)
{
	(void)kvm;
	return id;
}

static inline u32 kvmppc_xive_vp(struct kvmppc_xive *xive, u32 server)
{
	return xive->vp_base + kvmppc_pack_vcpu_id(xive->kvm, server);
}

static inline bool kvmppc_xive_vp_in_use(struct kvm *kvm, u32 vp_id)
{
	struct kvm_vcpu *vcpu = NULL;
	unsigned long i;

	kvm_for_each_vcpu(i, vcpu, kvm)
	{
		if (vcpu->arch.xive_vcpu && vp_id == vcpu->arch.xive_vcpu->vp_id)
			return true;
	}
	return false;
}

/*
 * Mapping between guest priorities and host priorities is as follow.
 *
 * Guest request for 0...6 are honored.  Guest request for anything
 * higher results in a priority of 6 being applied.
 *
 * Similar mapping is done for CPPR values
 */
static inline u8 xive_prio_from_guest(u8 prio)
{
	if (prio == 0xff || prio < 6)
		return prio;
	return 6;
}

static inline u8 xive_prio_to_guest(u8 prio)
{
	return prio;
}

static inline bool kvmppc_xive_has_single_escalation(struct kvmppc_xive *xive)
{
	return xive->flags & KVMPPC_XIVE_FLAG_SINGLE_ESCALATION;
}

/*
 * Common Xive routines for XICS-over-XIVE and XIVE native, in
 * arch/powerpc/kvm/book3s_xive.c (src/xive/book3s_xive.c).
 */
VR_API void kvmppc_xive_disable_vcpu_interrupts(struct kvm_vcpu *vcpu);
VR_API struct kvmppc_xive_src_block *kvmppc_xive_create_src_block(struct kvmppc_xive *xive,
								  int irq);
VR_API void kvmppc_xive_free_sources(struct kvmppc_xive_src_block *sb);
VR_API int kvmppc_xive_select_target(struct kvm *kvm, u32 *server, u8 prio);
VR_API int kvmppc_xive_attach_escalation(struct kvm_vcpu *vcpu, u8 prio, bool single_escalation);
VR_API struct kvmppc_xive *kvmppc_xive_get_device(struct kvm *kvm, u32 type);
VR_API void xive_cleanup_single_escalation(struct kvm_vcpu *vcpu, int irq);
VR_API int kvmppc_xive_compute_vp_id(struct kvmppc_xive *xive, u32 cpu, u32 *vp);
VR_API int kvmppc_xive_set_nr_servers(struct kvmppc_xive *xive, u64 addr);
VR_API bool kvmppc_xive_check_save_restore(struct kvm_vcpu *vcpu);

/*
 * include/linux/interrupt.h, irqdomain.h: each queue's escalation is a
 * host IRQ that kvmppc_xive_attach_escalation() requests; the model
 * counts the ones not yet freed (check "pages").
 */
VR_API void free_irq(unsigned int irq, void *dev_id);
VR_API void irq_dispose_mapping(unsigned int virq);

#endif
