/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A unit test written against virtref's arm model, as a project that
 * links the installed library would write it: restoring WORKAROUND_1 =
 * NOT_REQUIRED onto a 5.3 host that only offers AVAIL must be refused,
 * and must leave the register as the host reports it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <virtref/arm.h>
#include <virtref/arm/kvm.h>
#include <virtref/arm/kvm_host.h>

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);                 \
			return 1;                                                                  \
		}                                                                                  \
	} while (0)

int main(void)
{
	struct vr_arm_config cfg;
	struct kvm_vcpu *vcpu;
	struct vr_arm *arm;
	u64 value = KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED;
	struct kvm_one_reg reg = {
		.id = KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
		.addr = (u64)(uintptr_t)&value,
	};

	vr_arm_config_default(&cfg);
	cfg.profile = VR_ARM_PROFILE_5_3;
	cfg.host.bp_harden = VR_ARM_BP_HARDEN_WA_NEEDED; /* host level: AVAIL */
	EXPECT(vr_arm_create(&cfg, &arm) == 0);
	vcpu = vr_arm_vcpu(arm, 0);
	EXPECT(vr_arm_vcpu_init(arm, 0, true) == 0);

	EXPECT(kvm_arm_set_fw_reg(vcpu, &reg) == -EINVAL); /* no downgrade */
	EXPECT(kvm_arm_get_fw_reg(vcpu, &reg) == 0);
	EXPECT(value == KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL);

	vr_arm_destroy(arm);
	printf("restore_test: ok\n");
	return 0;
}
