/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * KVM's interception of a guest's PQAP (torvalds/linux
 * arch/s390/kvm/priv.c at v5.3: handle_pqap(), reached through
 * kvm_s390_handle_b2()).  With ECA_APIE the SIE interprets PQAP and only
 * AQIC is intercepted.  The checks in the kernel's order: AP instructions
 * on the host, ECA_APIE, the function code, problem state, GR0 bits
 * 41-47, the T bit without facility 15, APIDs/APQIs beyond 63/15 without
 * APXA in the CRYCB, facility 65; then the driver's hook, or RC 0x01
 * with cc 3.
 *
 * Compiled once per profile, as drivers/s390/crypto/vfio_ap_ops.c is
 * (src/ap/CMakeLists.txt): before 5.3 (the v4 series as posted) PQAP(AQIC)
 * without a hook goes to user space; 6.0 or later (mainline) sets cc 0
 * explicitly when the hook answers RC 0 (the December 2023 fix of commit
 * e5282de93105, "s390: ap: kvm: add PQAP interception for AQIC").  The
 * file compiles from include/ alone, so that a kernel tree's copy can
 * replace it.
 */
#include <virtref/ap/ap.h>
#include <virtref/ap/kvm_host.h>
#include <virtref/linux/errno.h>
#include <virtref/linux/string.h>
#include <virtref/linux/version.h>

static int handle_pqap(struct kvm_vcpu *vcpu)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 3, 0)
	struct ap_queue_status status = { 0 };
	u32 word;
#endif
	unsigned long reg0;
	int ret;
	u8 fc;

	if (!ap_instructions_available())
		return -EOPNOTSUPP;
	if (!(vcpu->arch.sie_block->eca & ECA_APIE))
		return -EOPNOTSUPP;
	reg0 = vcpu->run->s.regs.gprs[0];
	fc = (reg0 >> 24) & 0xff;
	if (WARN_ON_ONCE(fc != 0x03))
		return -EOPNOTSUPP;
	if (vcpu->arch.sie_block->gpsw.mask & PSW_MASK_PSTATE)
		return kvm_s390_inject_program_int(vcpu, PGM_PRIVILEGED_OP);
	if (reg0 & 0x007f0000UL)
		return kvm_s390_inject_program_int(vcpu, PGM_SPECIFICATION);
	if ((reg0 & 0x00800000UL) && !test_kvm_facility(vcpu->kvm, 15))
		return kvm_s390_inject_program_int(vcpu, PGM_SPECIFICATION);
	if (!(vcpu->kvm->arch.crypto.crycbd & 0x02) && (reg0 & 0x0000c0f0UL))
		return kvm_s390_inject_program_int(vcpu, PGM_SPECIFICATION);
	if (!test_kvm_facility(vcpu->kvm, 65))
		return kvm_s390_inject_program_int(vcpu, PGM_SPECIFICATION);

	if (vcpu->kvm->arch.crypto.pqap_hook) {
		ret = vcpu->kvm->arch.crypto.pqap_hook->hook(vcpu);
		if (!ret && (vcpu->run->s.regs.gprs[1] & 0x00ff0000))
			kvm_s390_set_psw_cc(vcpu, 3);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
		else if (!ret)
			kvm_s390_set_psw_cc(vcpu, 0);
#endif
		return ret;
	}
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 3, 0)
	/* v4: user space answers for the missing driver. */
	return -EOPNOTSUPP;
#else
	/*
	 * No driver, no queues.  The kernel copies the 4-byte status to the
	 * start of the 8-byte register: on s390, bits 0-31, leaving bits
	 * 32-63 as the guest had them.
	 */
	status.response_code = 0x01;
	memcpy(&word, &status, sizeof(word));
	vcpu->run->s.regs.gprs[1] = (vcpu->run->s.regs.gprs[1] & 0xffffffffULL) | (u64)word << 32;
	kvm_s390_set_psw_cc(vcpu, 3);
	return 0;
#endif
}

int kvm_s390_handle_b2(struct kvm_vcpu *vcpu)
{
	switch (vcpu->arch.sie_block->ipa & 0x00ff) {
	case 0xaf:
		return handle_pqap(vcpu);
	default:
		return -EOPNOTSUPP;
	}
}
