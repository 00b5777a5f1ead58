// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The migration checker: user space saves a VM's XIVE state from the
 * KVM device in some order, restores it into a fresh device in some
 * order, and the checker compares what the guest can see on both sides
 * at the moment the source stopped.  The documented order
 * (Documentation/virt/kvm/devices/xive.rst, "Migration"; qemu/qemu
 * hw/intc/spapr_xive_kvm.c kvmppc_xive_pre_save(), post_load()) loses
 * nothing; another order is reported with what it lost.  Guest memory
 * (the queues, the guest's readers) migrates when the source stops.
 * virtref's own layer, over the vr_xive_kvm_* ioctls: a VMM does this,
 * no kernel file does.
 */
#include <stdio.h>
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/err.h>
#include <virtref/mem.h>
#include <virtref/text.h>
#include <virtref/warn.h>
#include <virtref/linux/byteorder.h>
#include "xive_internal.h"

const struct vr_xive_mig_op vr_xive_mig_documented[VR_XIVE_MIG_DOCUMENTED_STEPS] = {
	{ VR_XIVE_MIG_MASK, 0 },
	{ VR_XIVE_MIG_EQ_SYNC, 0 },
	{ VR_XIVE_MIG_SAVE_EQS, 0 },
	{ VR_XIVE_MIG_SAVE_SOURCES, 0 },
	{ VR_XIVE_MIG_SAVE_VPS, 0 },
	{ VR_XIVE_MIG_RESTORE_EQS, 0 },
	{ VR_XIVE_MIG_RESTORE_SOURCES, 0 },
	{ VR_XIVE_MIG_RESTORE_VPS, 0 },
	{ VR_XIVE_MIG_RESTORE_PQ, 0 },
};

struct mig_source {
	u32 irq;
	bool lsi, asserted;
	u8 pq;	     /* saved by MASK; 0xff: not saved */
	bool routed; /* saved by SAVE_SOURCES */
	u32 server, eisn;
	u8 prio;
};

struct mig_eq {
	bool saved;
	struct kvm_ppc_xive_eq eq;
};

/* What user space holds: the saved state, and the guest's view at the stop. */
struct mig {
	struct vr_xive *src, *dst;
	int src_fd, dst_fd;
	u64 src_esb, dst_esb; /* ESB mappings for the PQ loads */
	struct mig_source *s;
	unsigned int ns;
	u32 server[VR_XIVE_MAX_VCPUS]; /* connected vCPUs' servers; ~0u: none */
	struct mig_eq eq[VR_XIVE_MAX_VCPUS][8];
	u64 w01[VR_XIVE_MAX_VCPUS];
	bool vps_saved, masked, stopped;
	u64 off_at_mask; /* events PQ 01 dropped when the sources were masked */
	/* the source's guest view when it stopped */
	struct mig_eq ref_eq[VR_XIVE_MAX_VCPUS][8];
	u64 ref_w01[VR_XIVE_MAX_VCPUS];
	u64 ref_dropped;
};

/* A u64 at the op page of user memory, read back after the ioctl. */
static int attr_u64(struct vr_xive *x, enum vr_xive_attr_op op, int fd, u32 group, u64 attr,
		    u64 *val)
{
	u64 addr = vri_xive_op_payload(x, false, val, sizeof(*val));
	int ret = vr_xive_kvm_attr(x, op, fd, group, attr, addr);

	vr_mem_read(x->k.user, addr, val, sizeof(*val));
	return ret;
}

static int eq_get(struct vr_xive *x, int fd, u32 server, u8 prio, struct mig_eq *out)
{
	u64 addr;
	int ret;

	memset(&out->eq, 0xff, sizeof(out->eq));
	addr = vri_xive_op_payload(x, false, &out->eq, sizeof(out->eq));
	ret = vr_xive_kvm_attr(x, VR_XIVE_GET_ATTR, fd, KVM_DEV_XIVE_GRP_EQ_CONFIG,
			       (u64)server << KVM_XIVE_EQ_SERVER_SHIFT | prio, addr);
	vr_mem_read(x->k.user, addr, &out->eq, sizeof(out->eq));
	/* The device writes nothing for a queue that is not configured. */
	out->saved = !ret && out->eq.qshift != 0xffffffffu;
	return ret;
}

static int vp_get(struct vr_xive *x, unsigned int v, u64 *w01)
{
	u64 img[2] = { 0, 0 }, addr = vri_xive_op_payload(x, false, img, sizeof(img));
	int ret = vr_xive_kvm_one_reg(x, v, false, KVM_REG_PPC_VP_STATE, addr);

	vr_mem_read(x->k.user, addr, img, sizeof(img));
	*w01 = img[0];
	return ret;
}

/* A load at @offset of source @irq's management page, through @map. */
static u8 esb_load(struct vr_xive *x, u64 map, u32 irq, u32 offset)
{
	u64 v = 0;

	vr_xive_kvm_user_access(x, 0, map + (2ull * irq + 1) * PAGE_SIZE + offset, 8, false, &v);
	return (u8)v;
}

/* The valid sources of the source VM, as user space knows them (it set them up). */
static int collect_sources(struct mig *m)
{
	const struct kvmppc_xive *xive = m->src->k.kvm.arch.xive;
	u32 b, i;

	for (b = 0; b <= xive->max_sbid; b++) {
		const struct kvmppc_xive_src_block *sb = xive->src_blocks[b];

		for (i = 0; sb && i < KVMPPC_XICS_IRQ_PER_ICS; i++) {
			const struct kvmppc_xive_irq_state *st = &sb->irq_state[i];
			struct mig_source *s;

			if (!st->valid)
				continue;
			s = vr_realloc(m->s, (m->ns + 1) * sizeof(*m->s));
			if (!s)
				return -ENOMEM;
			m->s = s;
			m->s[m->ns++] = (struct mig_source){
				.irq = st->number,
				.lsi = st->lsi,
				.asserted = st->asserted,
				.pq = 0xff,
			};
		}
	}
	return 0;
}

static int save(struct mig *m, enum vr_xive_mig_step step)
{
	struct vr_xive *x = m->src;
	const struct kvmppc_xive *xive = x->k.kvm.arch.xive;
	unsigned int v, i;
	u8 p;

	switch (step) {
	case VR_XIVE_MIG_MASK:
		/* SET_PQ_01 returns the PQ to restore. */
		for (i = 0; i < m->ns; i++)
			m->s[i].pq = esb_load(x, m->src_esb, m->s[i].irq, XIVE_ESB_SET_PQ_01) & 3;
		m->masked = true;
		m->off_at_mask = x->hw.ledger.off;
		return 0;
	case VR_XIVE_MIG_EQ_SYNC:
		return attr_u64(x, VR_XIVE_SET_ATTR, m->src_fd, KVM_DEV_XIVE_GRP_CTRL,
				KVM_DEV_XIVE_EQ_SYNC, &(u64){ 0 });
	case VR_XIVE_MIG_SAVE_EQS:
		for (v = 0; v < x->hw.nr_vcpus; v++)
			for (p = 0; m->server[v] != ~0u && p < 8; p++)
				eq_get(x, m->src_fd, m->server[v], p, &m->eq[v][p]);
		return 0;
	case VR_XIVE_MIG_SAVE_SOURCES:
		for (i = 0; i < m->ns; i++) {
			u16 idx;
			const struct kvmppc_xive_src_block *sb = kvmppc_xive_find_source(
				(struct kvmppc_xive *)xive, m->s[i].irq, &idx);
			const struct kvmppc_xive_irq_state *st = &sb->irq_state[idx];

			m->s[i].routed = st->act_priority != MASKED;
			m->s[i].server = st->act_server;
			m->s[i].prio = st->act_priority;
			m->s[i].eisn = st->eisn;
		}
		return 0;
	case VR_XIVE_MIG_SAVE_VPS:
		for (v = 0; v < x->hw.nr_vcpus; v++)
			if (m->server[v] != ~0u)
				vp_get(x, v, &m->w01[v]);
		m->vps_saved = true;
		return 0;
	default:
		return -EINVAL;
	}
}

/* The source stops: its guest's view is the reference; guest memory moves. */
static int stop(struct mig *m)
{
	struct vr_xive_config cfg;
	struct vr_xive *x = m->src;
	unsigned int v, p;
	int ret;

	vr_xive_config_default(&cfg);
	cfg.profile = x->profile;
	cfg.tima = x->hw.tima;
	cfg.nr_vcpus = x->hw.nr_vcpus;
	cfg.nr_irqs = x->hw.nr_irqs;
	cfg.esb_shift = x->hw.esb_shift;
	cfg.store_eoi = x->hw.store_eoi;
	cfg.host_page_shift = x->host_page_shift;
	ret = vr_xive_create(&cfg, &m->dst);
	if (ret)
		return ret;
	for (v = 0; v < x->hw.nr_vcpus; v++) {
		if (m->server[v] == ~0u)
			continue;
		vp_get(x, v, &m->ref_w01[v]);
		for (p = 0; p < 8; p++) {
			struct mig_eq *e = &m->ref_eq[v][p];
			u64 len;

			eq_get(x, m->src_fd, m->server[v], (u8)p, e);
			if (!e->saved)
				continue;
			len = 1ull << e->eq.qshift;
			ret = vr_mem_add(m->dst->hw.guest, e->eq.qaddr, len);
			for (u64 off = 0; !ret && off < len; off += PAGE_SIZE)
				ret = vr_mem_write(m->dst->hw.guest, e->eq.qaddr + off,
						   vr_mem_page(x->hw.guest, e->eq.qaddr + off),
						   PAGE_SIZE);
			if (ret)
				return ret;
		}
	}
	m->ref_dropped = m->masked ? x->hw.ledger.off - m->off_at_mask : 0;
	m->stopped = true;
	ret = vr_xive_kvm_create_device(m->dst, KVM_DEV_TYPE_XIVE, &m->dst_fd);
	for (v = 0; !ret && v < x->hw.nr_vcpus; v++)
		if (m->server[v] != ~0u)
			ret = vr_xive_kvm_enable_cap(m->dst, v, KVM_CAP_PPC_IRQ_XIVE,
						     (u64)m->dst_fd, m->server[v]);
	if (!ret)
		ret = vr_xive_kvm_mmap(m->dst, m->dst_fd, KVM_XIVE_ESB_PAGE_OFFSET,
				       2ull * KVMPPC_XIVE_NR_IRQS, &m->dst_esb);
	return ret;
}

static void restore(struct mig *m, enum vr_xive_mig_step step, struct vr_text *lost, int *bad)
{
	struct vr_xive *y = m->dst;
	unsigned int v, i, p;

	switch (step) {
	case VR_XIVE_MIG_RESTORE_EQS:
		for (v = 0; v < y->hw.nr_vcpus; v++)
			for (p = 0; p < 8; p++) {
				struct kvm_ppc_xive_eq eq = m->eq[v][p].eq;
				int ret;

				if (!m->eq[v][p].saved)
					continue;
				ret = vr_xive_kvm_attr(
					y, VR_XIVE_SET_ATTR, m->dst_fd, KVM_DEV_XIVE_GRP_EQ_CONFIG,
					(u64)m->server[v] << KVM_XIVE_EQ_SERVER_SHIFT | p,
					vri_xive_op_payload(y, false, &eq, sizeof(eq)));
				if (ret) {
					vr_text_printf(lost,
						       "EQ server %u prio %u: not restored (%s)\n",
						       m->server[v], p, vr_errno_str(ret));
					*bad = 1;
				}
			}
		return;
	case VR_XIVE_MIG_RESTORE_SOURCES:
		for (i = 0; i < m->ns; i++) {
			const struct mig_source *s = &m->s[i];
			u64 init = (s->lsi ? KVM_XIVE_LEVEL_SENSITIVE : 0) |
				   (s->asserted ? KVM_XIVE_LEVEL_ASSERTED : 0);
			u64 cfg = (u64)s->prio << KVM_XIVE_SOURCE_PRIORITY_SHIFT |
				  (u64)s->server << KVM_XIVE_SOURCE_SERVER_SHIFT |
				  (u64)s->eisn << KVM_XIVE_SOURCE_EISN_SHIFT;
			int ret = attr_u64(y, VR_XIVE_SET_ATTR, m->dst_fd, KVM_DEV_XIVE_GRP_SOURCE,
					   s->irq, &init);

			if (!ret && s->routed)
				ret = attr_u64(y, VR_XIVE_SET_ATTR, m->dst_fd,
					       KVM_DEV_XIVE_GRP_SOURCE_CONFIG, s->irq, &cfg);
			if (ret) {
				vr_text_printf(lost,
					       "source %u: route to server %u prio %u not restored "
					       "(%s)\n",
					       s->irq, s->server, s->prio, vr_errno_str(ret));
				*bad = 1;
			}
		}
		return;
	case VR_XIVE_MIG_RESTORE_VPS:
		for (v = 0; v < y->hw.nr_vcpus; v++) {
			u64 img[2] = { m->w01[v], 0 };
			int ret;

			if (m->server[v] == ~0u || !m->vps_saved)
				continue;
			ret = vr_xive_kvm_one_reg(y, v, true, KVM_REG_PPC_VP_STATE,
						  vri_xive_op_payload(y, false, img, sizeof(img)));
			if (ret) {
				vr_text_printf(lost, "vCPU %u: VP state not restored (%s)\n", v,
					       vr_errno_str(ret));
				*bad = 1;
			}
		}
		return;
	case VR_XIVE_MIG_RESTORE_PQ:
		for (i = 0; i < m->ns; i++)
			if (m->s[i].pq != 0xff)
				esb_load(y, m->dst_esb, m->s[i].irq,
					 XIVE_ESB_SET_PQ_00 + ((u32)m->s[i].pq << 8));
		return;
	default:
		return;
	}
}

/* What the destination's guest sees against what the source's saw at the stop. */
static int compare(struct mig *m, struct vr_text *lost)
{
	struct vr_xive *y = m->dst;
	unsigned int v, p, i;
	int bad = 0;

	/* The guest's readers live in guest memory: they arrive as they left. */
	memcpy(y->cpu, m->src->cpu, sizeof(y->cpu));
	if (m->ref_dropped) {
		vr_text_printf(lost, "%llu events dropped by the masked sources before the stop\n",
			       (unsigned long long)m->ref_dropped);
		bad = 1;
	}
	for (v = 0; v < y->hw.nr_vcpus; v++) {
		u64 w01 = 0;

		if (m->server[v] == ~0u)
			continue;
		vp_get(y, v, &w01);
		if (w01 != m->ref_w01[v]) {
			u8 a = ((const u8 *)&m->ref_w01[v])[TM_IPB], b = ((const u8 *)&w01)[TM_IPB];

			vr_text_printf(lost,
				       "vCPU %u: OS ring %016llx on the source, %016llx restored%s",
				       v, (unsigned long long)be64_to_cpu(m->ref_w01[v]),
				       (unsigned long long)be64_to_cpu(w01),
				       (a & ~b) ? ": pending priority" : "\n");
			for (p = 0; (a & ~b) && p < 8; p++)
				if ((a & ~b) & vr_xive_prio_to_ipb((u8)p))
					vr_text_printf(lost, " %u", p);
			if (a & ~b)
				vr_text_printf(lost, " dropped\n");
			bad = 1;
		}
		for (p = 0; p < 8; p++) {
			const struct mig_eq *r = &m->ref_eq[v][p];
			struct mig_eq d;

			eq_get(y, m->dst_fd, m->server[v], (u8)p, &d);
			if (r->saved != d.saved ||
			    (r->saved && memcmp(&r->eq, &d.eq, sizeof(d.eq)))) {
				vr_text_printf(
					lost,
					"EQ server %u prio %u: toggle %u index %u on the source, "
					"%s",
					m->server[v], p, r->saved ? r->eq.qtoggle : 0,
					r->saved ? r->eq.qindex : 0,
					d.saved ? "" : "none restored\n");
				if (d.saved)
					vr_text_printf(lost, "toggle %u index %u restored\n",
						       d.eq.qtoggle, d.eq.qindex);
				bad = 1;
			}
		}
	}
	for (i = 0; i < m->ns; i++) {
		if (m->s[i].pq == 0xff) {
			vr_text_printf(lost, "source %u: PQ never saved (no mask step)\n",
				       m->s[i].irq);
			bad = 1;
		} else if (esb_load(y, m->dst_esb, m->s[i].irq, XIVE_ESB_GET) != m->s[i].pq) {
			vr_text_printf(lost, "source %u: PQ %u%u not restored\n", m->s[i].irq,
				       m->s[i].pq >> 1, m->s[i].pq & 1);
			bad = 1;
		}
	}
	return bad;
}

int vr_xive_migrate_check(struct vr_xive *src, const struct vr_xive_mig_op *ops, unsigned int n,
			  struct vr_text *lost)
{
	struct mig m;
	unsigned int v, i;
	int ret = 0, bad = 0;

	if (!src->k.dev || !src->k.fd_open || (n && !ops))
		return -EINVAL;
	for (i = 0; i < n; i++)
		if ((unsigned int)ops[i].step >= VR_XIVE_NR_MIG_STEPS)
			return -EINVAL;
	memset(&m, 0, sizeof(m));
	m.src = src;
	m.src_fd = VRI_XIVE_DEVICE_FD;
	for (v = 0; v < VR_XIVE_MAX_VCPUS; v++) {
		const struct kvmppc_xive_vcpu *xc =
			v < src->hw.nr_vcpus ? src->k.vcpu[v].arch.xive_vcpu : NULL;

		m.server[v] = xc ? xc->server_num : ~0u;
	}
	ret = collect_sources(&m);
	if (!ret)
		ret = vr_xive_kvm_mmap(src, m.src_fd, KVM_XIVE_ESB_PAGE_OFFSET,
				       2ull * KVMPPC_XIVE_NR_IRQS, &m.src_esb);
	for (i = 0; !ret && i < n; i++) {
		enum vr_xive_mig_step s = ops[i].step;

		if (s == VR_XIVE_MIG_TRIGGER) {
			/* The VM still runs: a device fires a source. */
			if (!m.stopped)
				vr_xive_kvm_irq_line(src, ops[i].irq, 1);
		} else if (s < VR_XIVE_MIG_RESTORE_EQS) {
			ret = m.stopped ? -EINVAL : save(&m, s);
		} else {
			u64 warned = vr_warn_count();

			if (!m.stopped)
				ret = stop(&m);
			if (!ret)
				restore(&m, s, lost, &bad);
			/* The destination's kernel splat, not the caller's. */
			if (!warned && vr_warn_count()) {
				vr_text_printf(lost, "the destination kernel fired a WARN_ON()\n");
				vr_warn_reset();
				bad = 1;
			}
		}
	}
	if (!ret && !m.stopped)
		ret = stop(&m);
	if (!ret)
		bad |= compare(&m, lost);
	if (m.src_esb)
		vr_xive_kvm_munmap(src, m.src_esb);
	vr_xive_destroy(m.dst);
	vr_free(m.s);
	return ret ? ret : bad;
}
