/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * virtref's host around the kernel layer: what an ap instance lends the
 * kernel files while an op runs (its AP hardware for the instructions of
 * <virtref/ap/ap.h>, guest memory for vfio_pin_pages(), the GISA's and
 * CRYCB's physical addresses for virt_to_phys()), the mdev parent it
 * registers, and the guest's struct kvm over the hardware's CRYCB and
 * GISA.
 */
#include <string.h>
#include <virtref/ap/vfio_ap_private.h>
#include <virtref/linux/errno.h>
#include <virtref/mem.h>
#include <virtref/warn.h>
#include "ap/ap_internal.h"

static const struct vr_env_ops ap_env_ops;

struct vr_ap *vri_ap_lent(void)
{
	struct vr_context *ctx = vr_context_current();

	return ctx->env == &ap_env_ops ? ctx->env_data : NULL;
}

/*
 * vfio type1 for the guest: guest page g is host frame
 * VR_AP_HOST_GUEST_BASE / PAGE_SIZE + g; an unbacked one cannot be
 * pinned (-EFAULT).
 */
static int env_pin(void *data, uint64_t iova, int npage, int prot, uint64_t *pfn)
{
	struct vr_ap *ap = data;
	uint64_t first = iova >> VR_PAGE_SHIFT;
	int ret;

	(void)prot;
	ret = vr_mem_pin(ap->hw.guest, first, (uint64_t)npage);
	if (ret)
		return ret;
	for (int i = 0; i < npage; i++)
		pfn[i] = (VR_AP_HOST_GUEST_BASE >> VR_PAGE_SHIFT) + first + (uint64_t)i;
	ap->host.pins += (uint64_t)npage;
	return 0;
}

/* A page nothing pinned is passed over, as vfio type1 does (vfio_unpin_page_external()). */
static void env_unpin(void *data, uint64_t iova, int npage)
{
	struct vr_ap *ap = data;

	for (uint64_t g = iova >> VR_PAGE_SHIFT; npage > 0; g++, npage--)
		if (vr_mem_pin_count(ap->hw.guest, g) && !WARN_ON(vr_mem_unpin(ap->hw.guest, g, 1)))
			ap->host.pins--;
}

/* The GISA and the CRYCB live where the hardware says; nothing else is asked. */
static uint64_t env_virt_to_phys(void *data, const volatile void *addr)
{
	struct vr_ap *ap = data;

	if (addr == (const volatile void *)ap->hw.gisa_area && ap->hw.cfg.gisa)
		return ap->hw.cfg.gisa;
	if (addr == (const volatile void *)ap->hw.crycb_words && ap->hw.cfg.crycb)
		return vri_ap_crycbd(&ap->hw) & ~(uint64_t)VR_AP_CRYCB_FORMAT_MASK;
	WARN_ON(1);
	return 0;
}

static const struct vr_env_ops ap_env_ops = {
	.virt_to_phys = env_virt_to_phys,
	.pin = env_pin,
	.unpin = env_unpin,
};

void vri_ap_lend(struct vr_ap *ap, struct vr_context_frame *f)
{
	struct vr_context *ctx = vr_context_current();

	vr_context_push(f, ctx->instance, ctx->narrate);
	ctx->env = &ap_env_ops;
	ctx->env_data = ap;
}

void vri_ap_unlend(struct vr_context_frame *f)
{
	vr_context_pop(f);
}

bool vr_ap_host_lent(void)
{
	return vri_ap_lent() != NULL;
}

bool vr_ap_host_pqap(u64 gr0, u64 gr1, u64 gr2, u64 *out_gr1, u64 *out_gr2)
{
	struct vr_ap *ap = vri_ap_lent();
	struct vr_ap_result r;

	if (WARN_ON(!ap)) {
		*out_gr1 = (u64)VR_AP_RC_Q_NOT_AVAIL << VR_AP_QSW_RC_SHIFT;
		*out_gr2 = gr2;
		return false;
	}
	ap->hw.host_issuing = true;
	vri_ap_hw_pqap(&ap->hw, gr0, gr1, gr2, false, &r);
	ap->hw.host_issuing = false;
	/* The host's own PQAPs are well formed; an exception is a kernel bug. */
	WARN_ON(r.exception != VR_AP_EXC_NONE);
	*out_gr1 = r.gr1;
	*out_gr2 = r.gr2;
	return true;
}

int vr_ap_host_qci(struct ap_config_info *info)
{
	struct vr_ap *ap = vri_ap_lent();

	if (!ap || !ap->hw.cfg.qci)
		return -EOPNOTSUPP;
	memset(info, 0, sizeof(*info));
	info->apxa = ap->hw.cfg.apxa;
	info->Na = (unsigned char)vri_ap_apid_max(&ap->hw);
	info->Nd = (unsigned char)vri_ap_apqi_max(&ap->hw);
	return 0;
}

struct ap_matrix_dev **vr_ap_matrix_dev_slot(void)
{
	static _Thread_local struct ap_matrix_dev *scratch;
	struct vr_ap *ap = vri_ap_lent();

	if (WARN_ON(!ap)) {
		scratch = NULL;
		return &scratch;
	}
	return &ap->host.md;
}

int mdev_register_device(struct device *dev, const struct mdev_parent_ops *ops)
{
	struct vr_ap *ap = vri_ap_lent();

	if (!dev || !ops || !ap)
		return -EINVAL;
	if (ap->host.parent_ops)
		return -EEXIST;
	ap->host.parent_ops = ops;
	return 0;
}

void mdev_unregister_device(struct device *dev)
{
	struct vr_ap *ap = vri_ap_lent();

	if (dev && ap)
		ap->host.parent_ops = NULL;
}

int ap_driver_register(struct ap_driver *ap_drv, struct module *owner, char *name)
{
	struct vr_ap *ap = vri_ap_lent();

	if (!ap || !ap_drv || !ap_drv->probe)
		return -EINVAL;
	if (ap->host.ap_drv)
		return -EBUSY;
	/* One driver per instance: its name and module are nothing the bus uses. */
	(void)owner;
	(void)name;
	ap->host.ap_drv = ap_drv;
	return 0;
}

void ap_driver_unregister(struct ap_driver *ap_drv)
{
	struct vr_ap *ap = vri_ap_lent();

	/* The bus unbinds its queues before (vri_ap_host_teardown()). */
	if (ap && !WARN_ON(ap->host.ap_drv != ap_drv))
		ap->host.ap_drv = NULL;
}

struct device *vr_ap_bus_next_device(struct device_driver *drv, struct device *prev)
{
	struct vr_ap *ap = vri_ap_lent();
	bool after = prev == NULL;

	if (!ap)
		return NULL;
	for (int a = 0; a < ap->hw.nadapters; a++) {
		for (int d = 0; d < ap->hw.ndomains; d++) {
			struct device *dev = &ap->host.apq[a][d].ap_dev.device;

			if (after && dev->driver == drv)
				return dev;
			after |= dev == prev;
		}
	}
	return NULL;
}

void vri_ap_kvm_init(struct vr_ap *ap)
{
	struct vri_ap_host *h = &ap->host;
	const struct vr_ap_config *cfg = &ap->hw.cfg;

	h->vcpu.kvm = &h->kvm;
	h->vcpu.run = &h->run;
	h->vcpu.arch.sie_block = &h->sie;
	h->sie.ipa = 0xb2af;
	h->sie.eca = (cfg->kvm_apie ? ECA_APIE : 0) | (cfg->kvm_aiv ? ECA_AIV : 0);
	h->gib.nisc = (u8)cfg->gib_isc;
	h->kvm.arch.gib = &h->gib;
	h->kvm.users_count = 1;
	if (cfg->crycb) {
		h->kvm.arch.crypto.crycb = (struct kvm_s390_crypto_cb *)(void *)ap->hw.crycb_words;
		h->kvm.arch.crypto.crycbd = vri_ap_crycbd(&ap->hw);
	}
	if (cfg->gisa)
		h->kvm.arch.gisa_int.origin = (struct kvm_s390_gisa *)(void *)ap->hw.gisa_area;
	if (cfg->apft)
		set_bit_inv(15, h->kvm.arch.fac_list);
	if (cfg->aqic)
		set_bit_inv(65, h->kvm.arch.fac_list);
	if (cfg->msax3)
		set_bit_inv(76, h->kvm.arch.fac_list);
}
