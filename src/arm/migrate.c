// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Migration as a VMM does it: on the source, KVM_GET_REG_LIST and a
 * GET_ONE_REG per id; on the destination, a SET_ONE_REG per saved id in
 * the same order.  The check restores into a scratch VM so that the
 * caller's own VM is never touched.  virtref's own layer: no kernel file
 * does this (a VMM does), and it uses only the vr_arm_* API, so it sits
 * beside arm.c rather than in it.
 */
#include <stdio.h>
#include <string.h>
#include "arm_internal.h"

int vr_arm_save(struct vr_arm *arm, unsigned int vcpu, struct vr_arm_saved *out)
{
	u64 n = VR_ARM_MAX_FW_REGS;
	unsigned int i;
	int ret;

	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	ret = vr_arm_get_reg_list(arm, vcpu, &n, out->id);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		struct kvm_one_reg reg = { out->id[i], (u64)(uintptr_t)&out->val[i] };

		ret = vr_arm_get_one_reg(arm, vcpu, &reg);
		if (ret)
			return ret;
	}
	out->n = (unsigned int)n;
	out->psci_0_2 = vr_arm_vcpu_psci_0_2(arm, vcpu);
	return 0;
}

int vr_arm_migration_check(const struct vr_arm_saved *src, const struct vr_arm_config *dst,
			   struct vr_arm_migration_report *rep)
{
	struct vr_arm_config cfg;
	struct vr_arm *arm;
	unsigned int i;
	int ret;

	if (!src || !dst || !rep || src->n > VR_ARM_MAX_FW_REGS)
		return -EINVAL;
	memset(rep, 0, sizeof(*rep));
	cfg = *dst;
	cfg.nr_vcpus = 1;
	ret = vr_arm_create(&cfg, &arm);
	if (ret)
		return ret;
	ret = vr_arm_vcpu_init(arm, 0, src->psci_0_2);
	if (VR_NEVER(ret)) {
		vr_arm_destroy(arm);
		return ret;
	}
	for (i = 0; i < src->n; i++) {
		u64 val = src->val[i];
		struct kvm_one_reg reg = { src->id[i], (u64)(uintptr_t)&val };
		struct vr_arm_refusal *r;
		const char *name;

		ret = vr_arm_set_one_reg(arm, 0, &reg);
		if (!ret)
			continue;
		r = &rep->refused[rep->nrefused++];
		r->id = src->id[i];
		r->err = ret;
		name = vr_arm_reg_name(src->id[i]);
		snprintf(r->why, sizeof(r->why), "%s = 0x%llx: %s", name ? name : "register",
			 (unsigned long long)val, vr_arm_last_reason(arm));
	}
	vr_arm_destroy(arm);
	return 0;
}
