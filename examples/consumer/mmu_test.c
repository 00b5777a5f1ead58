/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A unit test written against virtref's mmu model, as a project that
 * links the installed library would write it: zapping the last-level
 * shadow page of a guest access leaves a stale translation behind under
 * the seed's V2, which sized the flush by the page's own level, and none
 * under mainline.
 */
#include <stdio.h>
#include <virtref/mmu.h>
#include <virtref/mmu/kvm_host.h>
#include <virtref/mmu/vmx.h>

#define EXPECT(cond)                                                                               \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);                 \
			return 1;                                                                  \
		}                                                                                  \
	} while (0)

/* Stale translations after a guest read of gfn 0x203 and a zap of its page. */
static int stale_after_zap(enum vr_mmu_profile profile, unsigned int *stale)
{
	struct vr_mmu_config cfg;
	struct vr_mmu_ept_walk w;
	struct kvm_mmu_page *sp;
	LIST_HEAD(invalid_list);
	struct vr_mmu *mmu;
	bool hit;

	vr_mmu_config_default(&cfg);
	cfg.profile = profile;
	if (vr_mmu_create(&cfg, &mmu))
		return -1;
	if (vr_mmu_access(mmu, 0, 0x203, VMX_EPT_READABLE_MASK, true, &w, &hit) ||
	    !(sp = vr_mmu_find_sp(mmu, 0x203, 1))) {
		vr_mmu_destroy(mmu);
		return -1;
	}
	kvm_mmu_prepare_zap_page(vr_mmu_kvm(mmu), sp, &invalid_list);
	kvm_mmu_commit_zap_page(vr_mmu_kvm(mmu), &invalid_list);
	*stale = vr_mmu_check_stale(mmu, NULL);
	vr_mmu_destroy(mmu);
	return 0;
}

int main(void)
{
	unsigned int stale;

	EXPECT(stale_after_zap(VR_MMU_PROFILE_V2, &stale) == 0);
	EXPECT(stale == 1);
	EXPECT(stale_after_zap(VR_MMU_PROFILE_MAINLINE, &stale) == 0);
	EXPECT(stale == 0);
	printf("mmu_test: ok\n");
	return 0;
}
