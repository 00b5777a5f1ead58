// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The sPAPR XIVE hypercalls as user space implements them over the KVM
 * device: qemu/qemu hw/intc/spapr_xive.c (h_int_*(): the checks and
 * their H_* codes, QEMU's own EAS and END tables) and
 * hw/intc/spapr_xive_kvm.c (the device ioctls each one issues, the
 * ESB accesses through QEMU's mapping of the device fd).  A guest's
 * hcall sequence replays against it; a failing ioctl is H_HARDWARE.
 *
 * QEMU's ESB pages are 64 KiB, two per source; the model's mapping has
 * one PAGE_SIZE page for each, holding the offsets the ESB decodes
 * (address & 0xfff), so an offset is carried over page by page.
 */
#include <virtref/alloc.h>
#include <virtref/mem.h>
#include <virtref/xive/hvcall.h>
#include "xive_internal.h"

#define ESB_PAGE_SHIFT 16 /* QEMU's ESB page: 64 KiB */

int vri_xive_spapr_init(struct vr_xive *x)
{
	x->spapr.eat = vr_calloc(x->hw.nr_irqs, sizeof(*x->spapr.eat));
	x->spapr.status = vr_calloc(x->hw.nr_irqs, 1);
	return x->spapr.eat && x->spapr.status ? 0 : -ENOMEM;
}

void vri_xive_spapr_fini(struct vr_xive *x)
{
	vr_free(x->spapr.eat);
	vr_free(x->spapr.status);
}

static bool eas_valid(const struct vr_xive *x, u64 lisn)
{
	return lisn < x->hw.nr_irqs && (x->spapr.eat[lisn] & VR_XIVE_EAS_VALID);
}

/* KVM_DEV_XIVE_GRP_SOURCE for a claimed source, LSI state included. */
static int source_reset_one(struct vr_xive *x, u32 lisn)
{
	u64 state = 0;

	if (x->spapr.status[lisn] & VRI_XIVE_SPAPR_LSI)
		state |= KVM_XIVE_LEVEL_SENSITIVE;
	if (x->spapr.status[lisn] & VRI_XIVE_SPAPR_ASSERTED)
		state |= KVM_XIVE_LEVEL_ASSERTED;
	return vr_xive_kvm_attr(x, VR_XIVE_SET_ATTR, x->spapr.fd, KVM_DEV_XIVE_GRP_SOURCE, lisn,
				vri_xive_op_payload(x, false, &state, sizeof(state)));
}

int vr_xive_spapr_claim(struct vr_xive *x, u32 lisn, bool lsi)
{
	if (lisn >= x->hw.nr_irqs)
		return -EINVAL;
	if (eas_valid(x, lisn))
		return -EBUSY;
	x->spapr.eat[lisn] = VR_XIVE_EAS_VALID | VR_XIVE_EAS_MASKED;
	x->spapr.status[lisn] = lsi ? VRI_XIVE_SPAPR_LSI : 0;
	return x->spapr.active ? source_reset_one(x, lisn) : 0;
}

int vr_xive_spapr_activate(struct vr_xive *x)
{
	struct vri_xive_spapr *s = &x->spapr;
	unsigned int v;
	u32 lisn;
	int ret;

	if (s->active)
		return -EBUSY;
	ret = vr_xive_kvm_create_device(x, KVM_DEV_TYPE_XIVE, &s->fd);
	if (!ret)
		ret = vr_xive_kvm_mmap(x, s->fd, KVM_XIVE_ESB_PAGE_OFFSET, 2ull * x->hw.nr_irqs,
				       &s->esb_map);
	if (!ret)
		ret = vr_xive_kvm_mmap(x, s->fd, KVM_XIVE_TIMA_PAGE_OFFSET, 4, &s->tima_map);
	for (lisn = 0; !ret && lisn < x->hw.nr_irqs; lisn++)
		if (eas_valid(x, lisn))
			ret = source_reset_one(x, lisn);
	for (v = 0; !ret && v < x->hw.nr_vcpus; v++)
		ret = vr_xive_kvm_enable_cap(x, v, KVM_CAP_PPC_IRQ_XIVE, (u64)s->fd, v);
	if (!ret)
		s->active = true;
	return ret;
}

int vr_xive_spapr_set_irq(struct vr_xive *x, u32 lisn, bool level)
{
	if (!eas_valid(x, lisn))
		return -EINVAL;
	if (x->spapr.status[lisn] & VRI_XIVE_SPAPR_LSI) {
		if (level)
			x->spapr.status[lisn] |= VRI_XIVE_SPAPR_ASSERTED;
		else
			x->spapr.status[lisn] &= (u8)~VRI_XIVE_SPAPR_ASSERTED;
	}
	return vr_xive_kvm_irq_line(x, lisn, level);
}

/* The END of (@target, @prio); -1 when no vCPU has that id (spapr_cpu_lookup()). */
static int target_to_end(const struct vr_xive *x, u64 target, u64 prio)
{
	return target < x->hw.nr_vcpus ? (int)VR_XIVE_END_INDEX((u32)target, (u32)prio) : -1;
}

/* Priority 7 is KVM's escalation queue (spapr_xive_priority_is_reserved()). */
static bool prio_reserved(u64 prio)
{
	return prio >= VR_XIVE_XIVE_PRIORITY_MAX;
}

static long get_source_info(struct vr_xive *x, u64 *args)
{
	u64 lisn = args[1];
	bool lsi;

	if (args[0])
		return H_PARAMETER;
	if (!eas_valid(x, lisn))
		return H_P2;
	lsi = x->spapr.status[lisn] & VRI_XIVE_SPAPR_LSI;
	args[0] = x->hw.store_eoi ? VR_XIVE_SPAPR_SRC_STORE_EOI : 0;
	/* Under KVM an LSI is re-triggered by QEMU, so the guest must use H_INT_ESB. */
	if (lsi)
		args[0] |= VR_XIVE_SPAPR_SRC_H_INT_ESB | VR_XIVE_SPAPR_SRC_LSI;
	args[1] = lsi ? (u64)-1 : VR_XIVE_SPAPR_VC_BASE + (lisn << 17) + (1ull << ESB_PAGE_SHIFT);
	args[2] = lsi ? (u64)-1 : VR_XIVE_SPAPR_VC_BASE + (lisn << 17);
	args[3] = ESB_PAGE_SHIFT;
	return H_SUCCESS;
}

/* kvmppc_xive_set_source_config(): the EAS QEMU keeps, as the device wants it. */
static int kvm_source_config(struct vr_xive *x, u32 lisn, u64 eas)
{
	u32 end = (u32)((eas & VR_XIVE_EAS_END_INDEX) >> 32);
	/* Server and priority from the END index (spapr_xive_end_to_target()). */
	u64 cfg = (u64)(end & 7) << KVM_XIVE_SOURCE_PRIORITY_SHIFT |
		  (u64)(end >> 3) << KVM_XIVE_SOURCE_SERVER_SHIFT |
		  (u64) !!(eas & VR_XIVE_EAS_MASKED) << KVM_XIVE_SOURCE_MASKED_SHIFT |
		  (eas & VR_XIVE_EAS_END_DATA) << KVM_XIVE_SOURCE_EISN_SHIFT;

	return vr_xive_kvm_attr(x, VR_XIVE_SET_ATTR, x->spapr.fd, KVM_DEV_XIVE_GRP_SOURCE_CONFIG,
				lisn, vri_xive_op_payload(x, false, &cfg, sizeof(cfg)));
}

static long set_source_config(struct vr_xive *x, u64 *args)
{
	u64 flags = args[0], lisn = args[1], prio = args[3], eas;
	int end;

	if (flags & ~(u64)(VR_XIVE_SPAPR_SRC_SET_EISN | VR_XIVE_SPAPR_SRC_MASK))
		return H_PARAMETER;
	if (!eas_valid(x, lisn))
		return H_P2;
	/* Priority 0xff resets the EAS, and QEMU tells the device nothing. */
	if (prio == 0xff) {
		x->spapr.eat[lisn] = VR_XIVE_EAS_VALID | VR_XIVE_EAS_MASKED;
		return H_SUCCESS;
	}
	eas = x->spapr.eat[lisn];
	if (flags & VR_XIVE_SPAPR_SRC_MASK)
		eas |= VR_XIVE_EAS_MASKED;
	else
		eas &= ~VR_XIVE_EAS_MASKED;
	if (prio_reserved(prio))
		return H_P4;
	end = target_to_end(x, args[2], prio);
	if (end < 0)
		return H_P3;
	eas = (eas & ~(VR_XIVE_EAS_END_BLOCK | VR_XIVE_EAS_END_INDEX)) | (u64)end << 32;
	if (flags & VR_XIVE_SPAPR_SRC_SET_EISN)
		eas = (eas & ~VR_XIVE_EAS_END_DATA) | (args[4] & VR_XIVE_EAS_END_DATA);
	if (kvm_source_config(x, (u32)lisn, eas))
		return H_HARDWARE;
	x->spapr.eat[lisn] = eas;
	return H_SUCCESS;
}

static long get_source_config(struct vr_xive *x, u64 *args)
{
	u64 lisn = args[1], eas;
	u32 end;

	if (args[0])
		return H_PARAMETER;
	if (!eas_valid(x, lisn))
		return H_P2;
	eas = x->spapr.eat[lisn];
	end = (u32)((eas & VR_XIVE_EAS_END_INDEX) >> 32);
	args[0] = end >> 3;
	args[1] = eas & VR_XIVE_EAS_MASKED ? 0xff : x->spapr.endt[end].w[7] >> 16 & 0xff;
	args[2] = eas & VR_XIVE_EAS_END_DATA;
	return H_SUCCESS;
}

static long get_queue_info(struct vr_xive *x, u64 *args)
{
	int end;

	if (args[0])
		return H_PARAMETER;
	if (prio_reserved(args[2]))
		return H_P3;
	end = target_to_end(x, args[1], args[2]);
	if (end < 0)
		return H_P2;
	args[0] = VR_XIVE_SPAPR_END_BASE + (1ull << 17) * (u64)end;
	args[1] = x->spapr.endt[end].w[0] & VR_XIVE_END_W0_ENQUEUE
			  ? 12u + ((x->spapr.endt[end].w[0] & VR_XIVE_END_W0_QSIZE) >> 16)
			  : 0;
	return H_SUCCESS;
}

/* The device's EQ identifier of an END (spapr_xive_end_to_target()). */
static u64 eq_id(int end)
{
	return (u64)((u32)end >> 3) << KVM_XIVE_EQ_SERVER_SHIFT | ((u32)end & 7);
}

/* kvmppc_xive_set_queue_config() for a guest's request: a fresh queue, or none. */
static int kvm_queue_config(struct vr_xive *x, int end, const struct vri_xive_spapr_end *e)
{
	struct kvm_ppc_xive_eq eq = {
		.flags = e->w[0] & VR_XIVE_END_W0_UCOND_NOTIFY ? KVM_XIVE_EQ_ALWAYS_NOTIFY : 0,
		.qshift = e->w[0] & VR_XIVE_END_W0_ENQUEUE
				  ? 12u + ((e->w[0] & VR_XIVE_END_W0_QSIZE) >> 16)
				  : 0,
		.qaddr = (u64)(e->w[2] & VR_XIVE_END_W2_EQ_ADDR_HI) << 32 | e->w[3],
		.qtoggle = 1,
		.qindex = 0,
	};

	return vr_xive_kvm_attr(x, VR_XIVE_SET_ATTR, x->spapr.fd, KVM_DEV_XIVE_GRP_EQ_CONFIG,
				eq_id(end), vri_xive_op_payload(x, false, &eq, sizeof(eq)));
}

static long set_queue_config(struct vr_xive *x, u64 *args)
{
	u64 flags = args[0], prio = args[2], qpage = args[3], qsize = args[4];
	struct vri_xive_spapr_end e;
	int end;

	if (flags & ~(u64)VR_XIVE_SPAPR_END_ALWAYS_NOTIFY)
		return H_PARAMETER;
	if (prio_reserved(prio))
		return H_P3;
	end = target_to_end(x, args[1], prio);
	if (end < 0)
		return H_P2;
	e = x->spapr.endt[end];
	switch (qsize) {
	case 12:
	case 16:
	case 21:
	case 24:
		if (qpage & ((1ull << qsize) - 1))
			return H_P4;
		if (!vr_mem_backed(x->hw.guest, qpage, 1ull << qsize))
			return H_P4;
		e.w[0] = (e.w[0] & ~VR_XIVE_END_W0_QSIZE) | VR_XIVE_END_W0_ENQUEUE |
			 (u32)(qsize - 12) << 16;
		e.w[2] = (u32)(qpage >> 32) & VR_XIVE_END_W2_EQ_ADDR_HI;
		e.w[3] = (u32)qpage;
		e.w[6] = VR_XIVE_NVT_BASE + (u32)args[1];
		e.w[7] = (u32)prio << 16;
		if (flags & VR_XIVE_SPAPR_END_ALWAYS_NOTIFY)
			e.w[0] |= VR_XIVE_END_W0_UCOND_NOTIFY;
		else
			e.w[0] &= ~VR_XIVE_END_W0_UCOND_NOTIFY;
		/* Generation 1, index 0. */
		e.w[1] = VR_XIVE_END_W1_GENERATION;
		e.w[0] |= VR_XIVE_END_W0_VALID;
		break;
	case 0:
		/* Reset: queueing off (spapr_xive_end_reset()). */
		memset(&e, 0, sizeof(e));
		break;
	default:
		return H_P5;
	}
	if (kvm_queue_config(x, end, &e))
		return H_HARDWARE;
	x->spapr.endt[end] = e;
	return H_SUCCESS;
}

static long get_queue_config(struct vr_xive *x, u64 *args)
{
	struct vri_xive_spapr_end *e;
	struct kvm_ppc_xive_eq eq;
	u64 flags = args[0], addr;
	int end;

	if (flags & ~(u64)VR_XIVE_SPAPR_END_DEBUG)
		return H_PARAMETER;
	if (prio_reserved(args[2]))
		return H_P3;
	end = target_to_end(x, args[1], args[2]);
	if (end < 0)
		return H_P2;
	e = &x->spapr.endt[end];
	args[0] = e->w[0] & VR_XIVE_END_W0_UCOND_NOTIFY ? VR_XIVE_SPAPR_END_ALWAYS_NOTIFY : 0;
	args[1] = e->w[0] & VR_XIVE_END_W0_ENQUEUE
			  ? (u64)(e->w[2] & VR_XIVE_END_W2_EQ_ADDR_HI) << 32 | e->w[3]
			  : 0;
	args[2] = e->w[0] & VR_XIVE_END_W0_ENQUEUE ? 12u + ((e->w[0] & VR_XIVE_END_W0_QSIZE) >> 16)
						   : 0;
	/* kvmppc_xive_get_queue_config(): a zeroed buffer, whatever the device writes. */
	memset(&eq, 0, sizeof(eq));
	addr = vri_xive_op_payload(x, false, &eq, sizeof(eq));
	if (vr_xive_kvm_attr(x, VR_XIVE_GET_ATTR, x->spapr.fd, KVM_DEV_XIVE_GRP_EQ_CONFIG,
			     eq_id(end), addr))
		return H_HARDWARE;
	vr_mem_read(x->k.user, addr, &eq, sizeof(eq));
	e->w[1] = (eq.qtoggle ? VR_XIVE_END_W1_GENERATION : 0) |
		  (eq.qindex & VR_XIVE_END_W1_PAGE_OFF);
	if (flags & VR_XIVE_SPAPR_END_DEBUG) {
		args[0] |= (u64) !!(e->w[1] & VR_XIVE_END_W1_GENERATION) << 62;
		args[3] = e->w[1] & VR_XIVE_END_W1_PAGE_OFF;
	} else {
		args[3] = 0;
	}
	return H_SUCCESS;
}

/* An 8-byte access at @offset from a source's management page, through QEMU's mapping. */
static int esb_rw(struct vr_xive *x, u64 lisn, u64 offset, bool store, u64 *val)
{
	u64 a = (lisn << 17) + (1ull << ESB_PAGE_SHIFT) + offset;
	u64 uaddr = x->spapr.esb_map + (a >> ESB_PAGE_SHIFT) * PAGE_SIZE + (a & 0xfff);

	return vr_xive_kvm_user_access(x, 0, uaddr, 8, store, val);
}

static long int_esb(struct vr_xive *x, u64 *args)
{
	u64 flags = args[0], lisn = args[1], offset = args[2], val = args[3];
	bool store = flags & VR_XIVE_SPAPR_ESB_STORE;

	if (flags & ~(u64)VR_XIVE_SPAPR_ESB_STORE)
		return H_PARAMETER;
	if (!eas_valid(x, lisn))
		return H_P2;
	/* QEMU compares with the two pages' span, not the management page's. */
	if (offset > 1ull << 17)
		return H_P3;
	if (store) {
		x->spapr.fault = esb_rw(x, lisn, offset, true, &val);
		args[0] = (u64)-1;
		return x->spapr.fault ? H_HARDWARE : H_SUCCESS;
	}
	/* An LSI's load-EOI: SET_PQ_00, then a trigger if the line is still up. */
	if ((x->spapr.status[lisn] & VRI_XIVE_SPAPR_LSI) && offset == XIVE_ESB_LOAD_EOI) {
		x->spapr.fault = esb_rw(x, lisn, XIVE_ESB_SET_PQ_00, false, &val);
		if (!x->spapr.fault && (x->spapr.status[lisn] & VRI_XIVE_SPAPR_ASSERTED))
			x->spapr.fault = vr_xive_kvm_user_access(
				x, 0, x->spapr.esb_map + lisn * 2 * PAGE_SIZE, 8, true,
				&(u64){ 0 });
		args[0] = 0;
	} else {
		x->spapr.fault = esb_rw(x, lisn, offset, false, &val);
		args[0] = val;
	}
	return x->spapr.fault ? H_HARDWARE : H_SUCCESS;
}

static long int_sync(struct vr_xive *x, u64 *args)
{
	if (args[0])
		return H_PARAMETER;
	if (!eas_valid(x, args[1]))
		return H_P2;
	if (vr_xive_kvm_attr(x, VR_XIVE_SET_ATTR, x->spapr.fd, KVM_DEV_XIVE_GRP_SOURCE_SYNC,
			     args[1], 0))
		return H_HARDWARE;
	return H_SUCCESS;
}

static long int_reset(struct vr_xive *x, u64 *args)
{
	u32 lisn;

	if (args[0])
		return H_PARAMETER;
	/* device_cold_reset(): claimed sources masked, every END off. */
	for (lisn = 0; lisn < x->hw.nr_irqs; lisn++)
		if (eas_valid(x, lisn))
			x->spapr.eat[lisn] = VR_XIVE_EAS_VALID | VR_XIVE_EAS_MASKED;
	memset(x->spapr.endt, 0, sizeof(x->spapr.endt));
	if (vr_xive_kvm_attr(x, VR_XIVE_SET_ATTR, x->spapr.fd, KVM_DEV_XIVE_GRP_CTRL,
			     KVM_DEV_XIVE_RESET, 0))
		return H_HARDWARE;
	return H_SUCCESS;
}

long vr_xive_hcall(struct vr_xive *x, u64 opcode, u64 args[5])
{
	x->spapr.fault = 0;
	/* Every XIVE hcall needs the guest to have negotiated XIVE (CAS). */
	if (!x->spapr.active)
		return H_FUNCTION;
	switch (opcode) {
	case H_INT_GET_SOURCE_INFO:
		return get_source_info(x, args);
	case H_INT_SET_SOURCE_CONFIG:
		return set_source_config(x, args);
	case H_INT_GET_SOURCE_CONFIG:
		return get_source_config(x, args);
	case H_INT_GET_QUEUE_INFO:
		return get_queue_info(x, args);
	case H_INT_SET_QUEUE_CONFIG:
		return set_queue_config(x, args);
	case H_INT_GET_QUEUE_CONFIG:
		return get_queue_config(x, args);
	case H_INT_ESB:
		return int_esb(x, args);
	case H_INT_SYNC:
		return int_sync(x, args);
	case H_INT_RESET:
		return int_reset(x, args);
	case H_INT_SET_OS_REPORTING_LINE:
	case H_INT_GET_OS_REPORTING_LINE:
		/* QEMU answers these H_FUNCTION too, once XIVE is negotiated. */
	default:
		return H_FUNCTION;
	}
}
