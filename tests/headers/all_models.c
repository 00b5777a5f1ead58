/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Every model's public header in one translation unit, and one model's
 * instance handed to another model's function.  Built by the headers.*
 * tests: as it is, it must compile cleanly (the public headers declare
 * nothing twice and leak no kernel type); with -DVR_WRONG_INSTANCE it
 * must not (each model's own API takes its own instance type only).
 */
#include <virtref/virtref.h>
#include <virtref/ap.h>
#include <virtref/arm.h>
#include <virtref/ccw.h>
#include <virtref/iommu.h>
#include <virtref/mmu.h>
#include <virtref/xive.h>

int main(void)
{
	struct vr_mmu_config cfg;
	struct vr_mmu *mmu = NULL;

	vr_mmu_config_default(&cfg);
	if (vr_mmu_create(&cfg, &mmu))
		return 1;
#ifdef VR_WRONG_INSTANCE
	vr_arm_destroy(mmu);
#else
	vr_mmu_destroy(mmu);
#endif
	return 0;
}
