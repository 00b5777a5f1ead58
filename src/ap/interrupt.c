/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Guest ISC registration with the GIB (torvalds/linux
 * arch/s390/kvm/interrupt.c at v5.3: kvm_s390_gisc_register(),
 * kvm_s390_gisc_unregister()).  A reference count per guest ISC; the
 * first reference puts the ISC into the GISA's interruption-alert mask,
 * the last takes it out, so that a pending interruption for it alerts
 * the host while the guest is not running.
 */
#include <virtref/ap/kvm_host.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/spinlock.h>

static void gisa_set_iam(struct kvm_s390_gisa *gisa, u8 iam)
{
	WRITE_ONCE(gisa->iam, iam);
}

int kvm_s390_gisc_register(struct kvm *kvm, u32 gisc)
{
	struct kvm_s390_gisa_interrupt *gi = &kvm->arch.gisa_int;

	if (!gi->origin)
		return -ENODEV;
	if (gisc > MAX_ISC)
		return -ERANGE;
	spin_lock(&gi->alert.ref_lock);
	if (++gi->alert.ref_count[gisc] == 1) {
		gi->alert.mask |= 0x80 >> gisc;
		gisa_set_iam(gi->origin, gi->alert.mask);
	}
	spin_unlock(&gi->alert.ref_lock);
	return kvm->arch.gib->nisc;
}

int kvm_s390_gisc_unregister(struct kvm *kvm, u32 gisc)
{
	struct kvm_s390_gisa_interrupt *gi = &kvm->arch.gisa_int;
	int rc = 0;

	if (!gi->origin)
		return -ENODEV;
	if (gisc > MAX_ISC)
		return -ERANGE;
	spin_lock(&gi->alert.ref_lock);
	if (gi->alert.ref_count[gisc] == 0) {
		rc = -EINVAL;
	} else if (--gi->alert.ref_count[gisc] == 0) {
		gi->alert.mask &= ~(0x80 >> gisc);
		gisa_set_iam(gi->origin, gi->alert.mask);
	}
	spin_unlock(&gi->alert.ref_lock);
	return rc;
}
