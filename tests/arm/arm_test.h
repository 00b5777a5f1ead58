/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Helpers shared by the arm suites: build a VM from a profile and a host,
 * get and set one register through the ioctl path, and snapshot the whole
 * observable state so that a test can assert a failed SET changed nothing.
 */
#ifndef VIRTREF_TESTS_ARM_TEST_H
#define VIRTREF_TESTS_ARM_TEST_H

#include <string.h>
#include <virtref/arm.h>
#include <virtref/arm/arm-smccc.h>
#include <virtref/arm/arm_psci.h>
#include <virtref/arm/kvm_host.h>
#include <virtref/linux/errno.h>
#include "vr_test.h"

#define ID_PSCI KVM_REG_ARM_PSCI_VERSION
#define ID_WA1 KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1
#define ID_WA2 KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2
#define ID_WA3 KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3

/* A host whose every state is "mitigated" / "needs the workaround". */
static inline struct vr_arm_config arm_cfg(enum vr_arm_profile p)
{
	struct vr_arm_config cfg;

	vr_arm_config_default(&cfg);
	cfg.profile = p;
	return cfg;
}

/* Creates the VM and initialises vCPU 0 (and 1) with @psci_0_2. */
static inline struct vr_arm *arm_vm(const struct vr_arm_config *cfg, bool psci_0_2)
{
	struct vr_arm *kvm = NULL;
	unsigned int i;

	ck_assert_int_eq(vr_arm_create(cfg, &kvm), 0);
	for (i = 0; i < vr_arm_nr_vcpus(kvm); i++)
		ck_assert_int_eq(vr_arm_vcpu_init(kvm, i, psci_0_2), 0);
	return kvm;
}

static inline struct vr_arm *arm_vm_profile(enum vr_arm_profile p)
{
	struct vr_arm_config cfg = arm_cfg(p);

	return arm_vm(&cfg, true);
}

static inline int arm_get(struct vr_arm *kvm, unsigned int vcpu, u64 id, u64 *val)
{
	struct kvm_one_reg reg = { id, (u64)(uintptr_t)val };

	*val = 0xdeadbeefULL;
	return vr_arm_get_one_reg(kvm, vcpu, &reg);
}

/* GET that must succeed; returns the value. */
static inline u64 arm_val(struct vr_arm *kvm, unsigned int vcpu, u64 id)
{
	u64 v;

	ck_assert_int_eq(arm_get(kvm, vcpu, id, &v), 0);
	return v;
}

static inline int arm_set(struct vr_arm *kvm, unsigned int vcpu, u64 id, u64 val)
{
	struct kvm_one_reg reg = { id, (u64)(uintptr_t)&val };

	return vr_arm_set_one_reg(kvm, vcpu, &reg);
}

/* Everything a SET could change, read through the public API. */
struct arm_state {
	u32 psci;
	bool ran;
	u64 bmap[4];
	bool wa2[VR_ARM_MAX_VCPUS];
	bool run[VR_ARM_MAX_VCPUS];
	bool init[VR_ARM_MAX_VCPUS];
	bool psci_0_2[VR_ARM_MAX_VCPUS];
};

static inline void arm_state(const struct vr_arm *kvm, struct arm_state *s)
{
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->psci = vr_arm_psci_version_stored(kvm);
	s->ran = vr_arm_has_ran_once(kvm);
	for (i = 0; i < 4; i++)
		s->bmap[i] = vr_arm_bmap(kvm, i);
	for (i = 0; i < vr_arm_nr_vcpus(kvm); i++) {
		s->wa2[i] = vr_arm_vcpu_wa2_flag(kvm, i);
		s->run[i] = vr_arm_vcpu_has_run(kvm, i);
		s->init[i] = vr_arm_vcpu_initialized(kvm, i);
		s->psci_0_2[i] = vr_arm_vcpu_psci_0_2(kvm, i);
	}
}

/* SET that must fail with @err and leave every piece of state alone. */
#define ck_assert_set_refused(kvm, vcpu, id, val, err)                                             \
	do {                                                                                       \
		struct arm_state _b, _a;                                                           \
		arm_state((kvm), &_b);                                                             \
		ck_assert_errno(arm_set((kvm), (vcpu), (id), (val)), (err));                       \
		arm_state((kvm), &_a);                                                             \
		ck_assert_msg(!memcmp(&_b, &_a, sizeof(_b)),                                       \
			      "state changed by a refused SET of 0x%llx",                          \
			      (unsigned long long)(val));                                          \
	} while (0)

#endif
