/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * One ap model instance: the AP configuration of a guest and the guest
 * memory its NIBs and QCI blocks live in.
 */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include <virtref/mem.h>
#include "ap/ap_internal.h"

void vr_ap_config_default(struct vr_ap_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->profile = VR_AP_MAINLINE;
	cfg->apxa = cfg->qci = cfg->apft = cfg->aqic = true;
	cfg->irq_lag = 1;
	cfg->max_apid = cfg->max_apqi = 255;
	cfg->msax3 = true;
	cfg->gib_isc = 5;
	cfg->kvm_apie = cfg->kvm_aiv = true;
}

static bool config_valid(const struct vr_ap_config *cfg)
{
	if ((unsigned)cfg->profile >= VR_AP_NR_PROFILES || (unsigned)cfg->crycb > VR_AP_CRYCB_2)
		return false;
	if (cfg->max_apid > 255 || cfg->max_apqi > 255 || cfg->gib_isc > 7)
		return false;
	if (cfg->gisa & ~(uint32_t)VR_AP_AQIC_GISA)
		return false; /* not a 31-bit, 16-byte aligned origin */
	if ((cfg->crycb == VR_AP_CRYCB_1 || cfg->crycb == VR_AP_CRYCB_2) && !cfg->msax3)
		return false;
	return cfg->crycb != VR_AP_CRYCB_2 || cfg->apxa;
}

int vr_ap_create(const struct vr_ap_config *cfg, struct vr_ap **out)
{
	struct vr_context_frame f;
	struct vr_ap *ap;
	int ret;

	*out = NULL;
	if (!config_valid(cfg))
		return -EINVAL;
	ap = vr_calloc(1, sizeof(*ap));
	if (!ap)
		return -ENOMEM;
	ap->hw.guest = vr_mem_create("guest");
	ap->host.user = vr_mem_create("user");
	if (!ap->hw.guest || !ap->host.user ||
	    vr_mem_add(ap->host.user, VRI_AP_USER_ARG, VR_PAGE_SIZE)) {
		vr_mem_destroy(ap->host.user);
		vr_mem_destroy(ap->hw.guest);
		vr_free(ap);
		return -ENOMEM;
	}
	ap->hw.cfg = *cfg;
	vri_ap_kvm_init(ap);
	vri_ap_lend(ap, &f);
	ret = vri_ap_gen(ap)->vfio_ap_init();
	vri_ap_unlend(&f);
	if (ret) {
		vr_ap_destroy(ap);
		return ret;
	}
	*out = ap;
	return 0;
}

void vr_ap_destroy(struct vr_ap *ap)
{
	if (!ap)
		return;
	if (ap->host.md)
		vri_ap_host_teardown(ap);
	vr_mem_destroy(ap->host.user);
	vr_mem_destroy(ap->hw.guest);
	vr_free(ap);
}

struct vr_mem *vr_ap_guest(struct vr_ap *ap)
{
	return ap->hw.guest;
}

int vr_ap_add_adapter(struct vr_ap *ap, uint32_t apid, uint32_t type, enum vr_ap_mode mode,
		      uint32_t depth)
{
	struct vri_ap_hw *hw = &ap->hw;

	if (apid > vri_ap_apid_max(hw) || type == 0 || type > 255 || depth == 0 ||
	    depth > VR_AP_MAX_DEPTH || (unsigned)mode > VR_AP_XCP)
		return -EINVAL;
	if (vri_ap_adapter_slot(hw, apid) >= 0)
		return -EEXIST;
	if (hw->nadapters == VR_AP_MAX_ADAPTERS)
		return -ENOSPC;
	hw->adapter[hw->nadapters++] = (struct vri_ap_adapter){
		.apid = (uint8_t)apid,
		.type = (uint8_t)type,
		.depth = (uint8_t)depth,
		.mode = mode,
		.state = VR_AP_ONLINE,
	};
	return 0;
}

int vr_ap_add_domain(struct vr_ap *ap, uint32_t apqi)
{
	struct vri_ap_hw *hw = &ap->hw;

	if (apqi > vri_ap_apqi_max(hw))
		return -EINVAL;
	if (vri_ap_domain_slot(hw, apqi) >= 0)
		return -EEXIST;
	if (hw->ndomains == VR_AP_MAX_DOMAINS)
		return -ENOSPC;
	hw->domain[hw->ndomains++] = (uint8_t)apqi;
	return 0;
}

int vr_ap_set_adapter_state(struct vr_ap *ap, uint32_t apid, enum vr_ap_adapter_state state)
{
	int a = vri_ap_adapter_slot(&ap->hw, apid);

	if ((unsigned)state > VR_AP_CHECKSTOPPED)
		return -EINVAL;
	if (a < 0)
		return -ENOENT;
	/* Taking an adapter offline resets its queues, as its power-off does. */
	if (state != VR_AP_ONLINE && ap->hw.adapter[a].state == VR_AP_ONLINE)
		for (int d = 0; d < ap->hw.ndomains; d++) {
			vri_ap_queue_reset(&ap->hw, &ap->hw.queue[a][d]);
			ap->hw.queue[a][d].reset_left = 0;
		}
	ap->hw.adapter[a].state = state;
	return 0;
}

void vr_ap_pqap(struct vr_ap *ap, uint64_t gr0, uint64_t gr1, uint64_t gr2, bool problem_state,
		struct vr_ap_result *out)
{
	vri_ap_hw_pqap(&ap->hw, gr0, gr1, gr2, problem_state, out);
}

int vr_ap_nqap(struct vr_ap *ap, uint64_t gr0, uint32_t r1, uint32_t r2, uint64_t psmid,
	       uint64_t addr, uint64_t len, bool other_domain, bool problem_state,
	       struct vr_ap_result *out)
{
	const struct vri_ap_pair pair = { .r1 = r1, .r2 = r2, .addr = addr, .len = len };

	return vri_ap_hw_nqap(&ap->hw, gr0, &pair, psmid, other_domain, problem_state, out);
}

int vr_ap_dqap(struct vr_ap *ap, uint64_t gr0, uint32_t r1, uint32_t r2, uint64_t addr,
	       uint64_t len, bool problem_state, struct vr_ap_result *out)
{
	const struct vri_ap_pair pair = { .r1 = r1, .r2 = r2, .addr = addr, .len = len };

	return vri_ap_hw_dqap(&ap->hw, gr0, &pair, problem_state, out);
}

int vr_ap_reply(struct vr_ap *ap, uint32_t apqn, uint64_t psmid, uint64_t len)
{
	return vri_ap_hw_reply(&ap->hw, apqn, psmid, len);
}

uint8_t vr_ap_pending_iscs(const struct vr_ap *ap)
{
	return ap->hw.pending_iscs;
}

int vr_ap_take_interruption(struct vr_ap *ap)
{
	return vri_ap_hw_take_interruption(&ap->hw);
}

int vr_ap_set_queue_busy(struct vr_ap *ap, uint32_t apqn, uint32_t n)
{
	const struct vri_ap_adapter *a;
	struct vri_ap_queue *q = vri_ap_queue(&ap->hw, apqn, &a);

	if (!q)
		return -ENOENT;
	q->busy_left = n;
	return 0;
}

void *vr_ap_crycb(struct vr_ap *ap)
{
	return ap->hw.cfg.crycb == VR_AP_CRYCB_NONE ? NULL : ap->hw.crycb_words;
}

uint32_t vr_ap_crycbd(const struct vr_ap *ap)
{
	return vri_ap_crycbd(&ap->hw);
}

int vr_ap_crycb_set(struct vr_ap *ap, enum vr_ap_mask mask, uint32_t id, bool on)
{
	/* While a guest uses an mdev the CRYCB is KVM's, written by vfio_ap alone. */
	for (uint32_t i = 0; i < VR_AP_MAX_MDEVS; i++)
		if (vr_ap_mdev_in_use(ap, i))
			return -EBUSY;
	return vri_ap_crycb_set(&ap->hw, mask, id, on);
}

bool vr_ap_crycb_test(const struct vr_ap *ap, enum vr_ap_mask mask, uint32_t id)
{
	return vri_ap_crycb_test(&ap->hw, mask, id);
}

int vr_ap_gisa(const struct vr_ap *ap, struct vr_ap_gisa_state *out)
{
	const uint8_t *area = (const uint8_t *)ap->hw.gisa_area;

	if (!ap->hw.cfg.gisa)
		return -ENODEV;
	*out = (struct vr_ap_gisa_state){
		.ipm = area[VR_AP_GISA_IPM],
		.iam = area[VR_AP_GISA_IAM],
		.running = ap->hw.gisa.running,
		.alerted = ap->hw.gisa.alerted,
	};
	return 0;
}

int vr_ap_gisa_set_iam(struct vr_ap *ap, uint8_t iam)
{
	if (!ap->hw.cfg.gisa)
		return -ENODEV;
	*vri_ap_gisa_byte(&ap->hw, VR_AP_GISA_IAM) = iam;
	ap->hw.gisa.alerted = false;
	return 0;
}

int vr_ap_gisa_set_running(struct vr_ap *ap, bool running)
{
	if (!ap->hw.cfg.gisa)
		return -ENODEV;
	ap->hw.gisa.running = running;
	return 0;
}

int vr_ap_gisa_take(struct vr_ap *ap)
{
	if (!ap->hw.cfg.gisa)
		return -ENODEV;
	return vri_ap_gisa_take(&ap->hw);
}
