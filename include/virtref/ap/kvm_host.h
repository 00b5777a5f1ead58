/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * KVM's s390 state that PQAP interception, the crypto masks and GISC
 * registration touch.
 *
 * mirrors: torvalds/linux arch/s390/include/asm/kvm_host.h at v5.3
 *   struct kvm_s390_apcb0, struct kvm_s390_apcb1, struct
 *   kvm_s390_crypto_cb, struct kvm_s390_module_hook, struct
 *   kvm_s390_crypto, struct kvm_s390_gisa (the part common to all
 *   formats), struct kvm_s390_gisa_iam, struct kvm_s390_gisa_interrupt,
 *   ECA_APIE, ECA_AIV, CRYCB_FORMAT*, MAX_ISC,
 *   kvm_arch_crypto_set_masks(), kvm_arch_crypto_clear_masks(),
 *   kvm_s390_gisc_register(), kvm_s390_gisc_unregister()
 * and arch/s390/kvm/kvm-s390.h: kvm_s390_set_psw_cc(),
 *   test_kvm_facility(), kvm_s390_inject_program_int() (as the program
 *   interruption it queues)
 *
 * struct kvm, struct kvm_vcpu and struct kvm_run carry only the members
 * these paths read.  The CRYCB and the GISA are the AP hardware's own
 * storage (vr_ap_crycb(), the GISA's architected 32 bytes), so what KVM
 * writes there is what the hardware sees.
 */
#ifndef VIRTREF_AP_KVM_HOST_H
#define VIRTREF_AP_KVM_HOST_H

#include <virtref/ap/bitops.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/spinlock.h>
#include <virtref/linux/string.h>
#include <virtref/linux/types.h>

#define ECA_APIE 0x00000008 /* AP instructions interpreted */
#define ECA_AIV 0x00200000  /* adapter-interruption virtualization */

#define CRYCB_FORMAT_MASK 0x00000003
#define CRYCB_FORMAT0 0x00000000
#define CRYCB_FORMAT1 0x00000001
#define CRYCB_FORMAT2 0x00000003

#define MAX_ISC 7

#define PGM_PRIVILEGED_OP 0x02
#define PGM_SPECIFICATION 0x06

#define PSW_MASK_PSTATE 0x0001000000000000UL

struct kvm_s390_apcb0 {
	__u64 apm[1];
	__u64 aqm[1];
	__u64 adm[1];
	__u64 reserved18[1];
};

struct kvm_s390_apcb1 {
	__u64 apm[4];
	__u64 aqm[4];
	__u64 adm[4];
	__u64 reserved60[4];
};

struct kvm_s390_crypto_cb {
	struct kvm_s390_apcb0 apcb0;
	__u8 reserved20[0x0048 - 0x0020];
	__u8 dea_wrapping_key_mask[24];
	__u8 aes_wrapping_key_mask[32];
	struct kvm_s390_apcb1 apcb1;
};

struct kvm_vcpu;
struct module;

struct kvm_s390_module_hook {
	int (*hook)(struct kvm_vcpu *vcpu);
	struct module *owner;
};

struct kvm_s390_crypto {
	struct kvm_s390_crypto_cb *crycb;
	struct kvm_s390_module_hook *pqap_hook;
	__u32 crycbd;
};

struct kvm_s390_gisa {
	u32 next_alert;
	u8 ipm;
	u8 reserved01[2];
	u8 iam;
	u8 reserved02[24];
};

struct kvm_s390_gisa_iam {
	u8 mask;
	spinlock_t ref_lock;
	u32 ref_count[MAX_ISC + 1];
};

struct kvm_s390_gisa_interrupt {
	struct kvm_s390_gisa *origin;
	struct kvm_s390_gisa_iam alert;
};

/* The host's guest information block: its alert ISC. */
struct kvm_s390_gib {
	u8 nisc;
};

struct kvm_arch {
	struct kvm_s390_crypto crypto;
	struct kvm_s390_gisa_interrupt gisa_int;
	struct kvm_s390_gib *gib;  /* arch/s390/kvm/interrupt.c's gib, per host */
	unsigned long fac_list[4]; /* the guest's facilities, MSB first */
};

struct kvm {
	struct kvm_arch arch;
	int users_count; /* kvm_get_kvm() / kvm_put_kvm() */
};

struct kvm_s390_sie_block {
	struct {
		u64 mask;
		u64 addr;
	} gpsw;
	u32 eca;
	u16 ipa;
};

struct kvm_sync_regs {
	u64 gprs[16];
};

struct kvm_run {
	struct {
		struct kvm_sync_regs regs;
	} s;
};

struct kvm_s390_pgm_info {
	u16 code;
};

struct kvm_vcpu_arch {
	struct kvm_s390_sie_block *sie_block;
	struct kvm_s390_pgm_info pgm; /* the program interruption injected, 0: none */
};

struct kvm_vcpu {
	struct kvm *kvm;
	struct kvm_run *run;
	struct kvm_vcpu_arch arch;
};

static inline void kvm_s390_set_psw_cc(struct kvm_vcpu *vcpu, unsigned long cc)
{
	vcpu->arch.sie_block->gpsw.mask &= ~(3UL << 44);
	vcpu->arch.sie_block->gpsw.mask |= cc << 44;
}

static inline int test_kvm_facility(struct kvm *kvm, unsigned long nr)
{
	return nr < 256 && test_bit_inv(nr, kvm->arch.fac_list);
}

static inline int kvm_s390_inject_program_int(struct kvm_vcpu *vcpu, u16 code)
{
	vcpu->arch.pgm.code = code;
	return 0;
}

static inline void kvm_get_kvm(struct kvm *kvm)
{
	kvm->users_count++;
}

static inline void kvm_put_kvm(struct kvm *kvm)
{
	WARN_ON(kvm->users_count <= 0);
	kvm->users_count--;
}

int kvm_s390_handle_b2(struct kvm_vcpu *vcpu);
void kvm_arch_crypto_set_masks(struct kvm *kvm, unsigned long *apm, unsigned long *aqm,
			       unsigned long *adm);
void kvm_arch_crypto_clear_masks(struct kvm *kvm);
int kvm_s390_gisc_register(struct kvm *kvm, u32 gisc);
int kvm_s390_gisc_unregister(struct kvm *kvm, u32 gisc);

#endif
