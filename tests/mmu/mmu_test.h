/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Helpers shared by the mmu suites: a VM per profile, a guest access, and
 * the stale-translation count that every test asserts on.
 */
#ifndef VIRTREF_TESTS_MMU_TEST_H
#define VIRTREF_TESTS_MMU_TEST_H

#include <string.h>
#include <virtref/instance.h>
#include <virtref/mem.h>
#include <virtref/mmu.h>
#include <virtref/mmu/kvm_host.h>
#include <virtref/mmu/kvm_onhyperv.h>
#include <virtref/mmu/vmx.h>
#include <virtref/linux/errno.h>
#include "vr_test.h"

static inline struct vr_mmu_config mmu_cfg(enum vr_mmu_profile p)
{
	struct vr_mmu_config cfg;

	vr_mmu_config_default(&cfg);
	cfg.profile = p;
	return cfg;
}

static inline struct kvm *mmu_vm_cfg(const struct vr_mmu_config *cfg)
{
	struct vr_mmu *mmu = NULL;

	ck_assert_int_eq(vr_mmu_create(cfg, &mmu), 0);
	return vr_mmu_kvm(mmu);
}

static inline struct kvm *mmu_vm(enum vr_mmu_profile p)
{
	struct vr_mmu_config cfg = mmu_cfg(p);

	return mmu_vm_cfg(&cfg);
}

/* A read by vCPU 0 that KVM handles; returns the walk. */
static inline struct vr_mmu_ept_walk mmu_touch(struct kvm *kvm, gfn_t gfn, u8 access, bool *hit)
{
	struct vr_mmu_ept_walk w;
	bool h;

	ck_assert_int_eq(vr_mmu_access(vr_mmu_of(kvm), 0, gfn, access, true, &w, hit ? hit : &h),
			 0);
	return w;
}

static inline u32 mmu_stale(struct kvm *kvm)
{
	return vr_mmu_check_stale(vr_mmu_of(kvm), NULL);
}

static inline int mmu_zap(struct kvm *kvm, gfn_t gfn, int level)
{
	struct kvm_mmu_page *sp = vr_mmu_find_sp(vr_mmu_of(kvm), gfn, level);
	LIST_HEAD(invalid_list);
	int n;

	ck_assert_ptr_nonnull(sp);
	n = kvm_mmu_prepare_zap_page(kvm, sp, &invalid_list);
	kvm_mmu_commit_zap_page(kvm, &invalid_list);
	return n;
}

#endif
