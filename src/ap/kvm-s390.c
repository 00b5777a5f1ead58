/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The guest's AP masks in its CRYCB (torvalds/linux
 * arch/s390/kvm/kvm-s390.c at v5.3: kvm_arch_crypto_set_masks(),
 * kvm_arch_crypto_clear_masks()).  Format 2 takes 256 bits of each
 * mask into APCB1; formats 0 and 1 take APM's first 64 bits and the
 * first 16 of AQM and ADM into APCB0.  The kernel blocks every vCPU
 * around the copy and has them rebuild their shadow CRYCB; one thread
 * runs the model and the SIE here reads the CRYCB itself.
 */
#include <string.h>
#include <virtref/ap/kvm_host.h>
#include <virtref/linux/bits.h>

_Static_assert(sizeof(unsigned long) == sizeof(__u64), "s390 masks are 64-bit words");

/*
 * The kernel copies the first two bytes of the word: on s390, bits 0-15,
 * the IDs 0-15.  The same bits on a host of either byte order.
 */
static void copy_first_16(__u64 *to, const unsigned long *from)
{
	*to = (*to & ~GENMASK_ULL(63, 48)) | ((__u64)*from & GENMASK_ULL(63, 48));
}

void kvm_arch_crypto_set_masks(struct kvm *kvm, unsigned long *apm, unsigned long *aqm,
			       unsigned long *adm)
{
	struct kvm_s390_crypto_cb *crycb = kvm->arch.crypto.crycb;

	switch (kvm->arch.crypto.crycbd & CRYCB_FORMAT_MASK) {
	case CRYCB_FORMAT2:
		memcpy(crycb->apcb1.apm, apm, 32);
		memcpy(crycb->apcb1.aqm, aqm, 32);
		memcpy(crycb->apcb1.adm, adm, 32);
		break;
	case CRYCB_FORMAT1:
	case CRYCB_FORMAT0:
		crycb->apcb0.apm[0] = apm[0];
		copy_first_16(crycb->apcb0.aqm, aqm);
		copy_first_16(crycb->apcb0.adm, adm);
		break;
	default:
		break;
	}
}

void kvm_arch_crypto_clear_masks(struct kvm *kvm)
{
	memset(&kvm->arch.crypto.crycb->apcb0, 0, sizeof(kvm->arch.crypto.crycb->apcb0));
	memset(&kvm->arch.crypto.crycb->apcb1, 0, sizeof(kvm->arch.crypto.crycb->apcb1));
}
