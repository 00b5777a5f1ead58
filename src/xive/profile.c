// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Kernel generations as data, the only place their names live, and the
 * TIMA behaviours a trace may be recorded on.
 *
 * Sources: the seed series "[PATCH v2 00/16] KVM: PPC: Book3S HV: add
 * XIVE native exploitation" (Feb 2019); torvalds/linux
 * arch/powerpc/kvm/book3s_xive_native.c at v5.2 and at mainline;
 * qemu/qemu hw/intc/xive.c.
 */
#include <virtref/model.h>
#include "xive_internal.h"

const struct vri_xive_profile vri_xive_profiles[VR_XIVE_NR_PROFILES] = {
	[VR_XIVE_PROFILE_V2] = {
		.name = "v2",
		.summary = "seed series v2 as posted",
		.origin = "series \"[PATCH v2 00/16] KVM: PPC: Book3S HV: add XIVE native "
			  "exploitation\" (Cedric Le Goater, Feb 2019)",
		.frees_prev_eq_page = false,
		.nr_servers = false,
	},
	[VR_XIVE_PROFILE_5_2] = {
		.name = "5.2",
		.summary = "as merged (v6)",
		.origin = "v5.2: arch/powerpc/kvm/book3s_xive_native.c",
		.frees_prev_eq_page = false,
		.nr_servers = false,
	},
	[VR_XIVE_PROFILE_MAINLINE] = {
		.name = "mainline",
		.summary = "current mainline",
		.origin = "torvalds/linux master: arch/powerpc/kvm/book3s_xive_native.c",
		.frees_prev_eq_page = true,
		.nr_servers = true,
	},
};
_Static_assert(VR_ARRAY_SIZE(vri_xive_profiles) == VR_XIVE_NR_PROFILES, "one row per profile");

const char *const vri_xive_tima_names[VR_XIVE_NR_TIMA] = {
	[VR_XIVE_TIMA_QEMU_2024] = "qemu-2024",
	[VR_XIVE_TIMA_HW] = "hw",
};

const char *vr_xive_profile_name(enum vr_xive_profile p)
{
	if ((unsigned int)p >= VR_XIVE_NR_PROFILES)
		return NULL;
	return vri_xive_profiles[p].name;
}

bool vr_xive_frees_prev_eq_page(const struct kvm *kvm)
{
	return vri_xive_of(kvm)->prof->frees_prev_eq_page;
}

bool vr_xive_has_nr_servers(const struct kvm *kvm)
{
	return vri_xive_of(kvm)->prof->nr_servers;
}
