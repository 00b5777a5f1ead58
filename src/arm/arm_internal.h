/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The arm model's private declarations: the instance struct vr_arm
 * around the kernel's struct kvm, the profile row that holds each kernel
 * generation's rules as data, the firmware-register code paths a profile
 * selects, and the vri_arm_* helpers the files share.
 */
#ifndef VIRTREF_SRC_ARM_INTERNAL_H
#define VIRTREF_SRC_ARM_INTERNAL_H

#include <virtref/arm.h>
#include <virtref/arm/arm-smccc.h>
#include <virtref/arm/arm_psci.h>
#include <virtref/arm/kvm_host.h>
#include <virtref/linux/kernel.h>
#include "hw_internal.h"

_Static_assert(KVM_MAX_VCPUS == VR_ARM_MAX_VCPUS, "one vCPU limit");

/*
 * A kernel generation's firmware-register file, as kvm_x86_ops selects a
 * vendor's: psci_5_2.c holds the kernel's before the seed
 * (virt/kvm/arm/psci.c at v5.2), psci.c the 5.3 family's (the same file
 * at v5.3: the seed v3 and 5.3), hypercalls.c the 5.10 family's
 * (arch/arm64/kvm/hypercalls.c).  All define the kernel's names; the
 * build gives each file's definitions the vr_arm_psci_5_2_*,
 * vr_arm_psci_* and vr_arm_hypercalls_* names of virtref/arm/kvm_host.h
 * (CMakeLists.txt),
 * and the kernel-named functions in profile.c call the VM's generation.
 */
struct vri_arm_fw_gen {
	void (*init_hypercalls)(struct kvm *kvm);     /* NULL: the generation has none */
	void (*teardown_hypercalls)(struct kvm *kvm); /* NULL: as init */
	int (*get_fw_num_regs)(struct kvm_vcpu *vcpu);
	int (*copy_fw_reg_indices)(struct kvm_vcpu *vcpu, u64 __user *uindices);
	int (*get_fw_reg)(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
	int (*set_fw_reg)(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
};

/* One kernel generation.  src/arm/profile.c holds the table. */
struct vri_arm_profile {
	const char *name; /* first: the config enum's names */
	const char *summary;
	const char *origin; /* kernel tag, or series and patch */
	const u64 *fw_ids;  /* KVM_GET_REG_LIST order */
	unsigned int nfw;
	int unknown_errno;	 /* unknown FW id: -EINVAL (5.2, v3), -ENOENT */
	const char *unknown_why; /* the refusal of an unknown FW id, where it is not -ENOENT */
	bool wa1_exact;		 /* v3: WA1 restores only the host's level */
	bool wa2_stray_check;	 /* v4+: WA2 bits beyond level|ENABLED refused */
	bool host_53;		 /* host described by bp_harden/ssbd */
	bool has_wa3;
	unsigned int nbmap;    /* bitmap registers: 0, 3 or 4 */
	bool size_check;       /* 2023: size in id != 8 -> -ENOENT first */
	bool vm_wide_features; /* all vCPUs must share their features */
	const u32 *psci_02;    /* versions a PSCI_0_2 vCPU may set */
	unsigned int npsci_02;
	u32 psci_latest;	 /* GET when user space never set one */
	long wa1_unaffected_ret; /* ARCH_FEATURES(WA1) when unaffected */
	const struct vri_arm_fw_gen *fw;
};

extern const struct vri_arm_profile vri_arm_profiles[VR_ARM_NR_PROFILES];

/* The instance: the kernel's VM, and virtref's inputs and knobs. */
struct vr_arm {
	struct kvm kvm;
	const struct vri_arm_profile *prof;
	enum vr_arm_profile profile;
	struct vr_arm_host host;
	struct vr_mem *user;	       /* user space: the caller's buffers, copied */
	unsigned int uaccess_fail_nth; /* 0: disarmed */
	u64 stack_overflow;	       /* see vr_arm_stack_overflow() */
	const char *reason;	       /* see vr_arm_last_reason() */
};

static inline struct vr_arm *vri_arm_of(const struct kvm *kvm)
{
	return container_of((struct kvm *)kvm, struct vr_arm, kvm);
}

static inline const struct vri_arm_profile *vri_arm_prof(const struct kvm *kvm)
{
	return vri_arm_of(kvm)->prof;
}

/*
 * The bitmap registers: where each lives, what it may hold, its reset
 * value.  Index r is KVM_REG_ARM_FW_FEAT_BMAP_REG(r).
 */
struct vri_arm_bmap_desc {
	u64 id;
	const char *name;
	unsigned long supported; /* KVM_ARM_SMCCC_*_FEATURES */
	unsigned long reset;
	size_t offset; /* in struct kvm_smccc_features */
};

extern const struct vri_arm_bmap_desc vri_arm_bmaps[4];

static inline unsigned long *vri_arm_bmap_ptr(const struct kvm *kvm, unsigned int r)
{
	return (unsigned long *)(void *)((char *)&vri_arm_of(kvm)->kvm.arch.smccc_feat +
					 vri_arm_bmaps[r].offset);
}

/* Index of a bitmap id among the profile's bitmaps, or -1. */
int vri_arm_bmap_index(const struct kvm *kvm, u64 id);

/*
 * What the kernel-named firmware functions do when called from outside
 * an access arm.c set up, as a test or a consumer linking the library
 * may: in a caller's context with user memory (ctx->user) the __user
 * addresses are in it; without, reg->addr and @uindices are the caller's
 * pointers (virtref/arm/kvm_host.h) and go through user memory as for an
 * ioctl.  A refusal's reason is derived as for an ioctl (@set: a SET).
 */
int vri_arm_fw_call(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg, bool set,
		    int (*fn)(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg));
int vri_arm_fw_list_call(struct kvm_vcpu *vcpu, u64 __user *uindices,
			 int (*fn)(struct kvm_vcpu *vcpu, u64 __user *uindices));

/* A firmware register's value as GET gives it, the fault knob disarmed; 0 or -errno. */
int vri_arm_read_fw_reg(struct kvm_vcpu *vcpu, u64 id, u64 *val);
/* The same for @n registers in one access: @vals[i] and @rets[i] for @ids[i]. */
void vri_arm_read_fw_regs(struct kvm_vcpu *vcpu, const u64 *ids, unsigned int n, u64 *vals,
			  int *rets);

/* host_level.c: the environment that names the VM being accessed. */
extern const struct vr_env_ops vri_arm_env;

/* reason.c: why the kernel refused, derived from the call and the state after it. */
const char *vri_arm_get_reason(const struct kvm_vcpu *vcpu, u64 id, int err);
const char *vri_arm_set_reason(const struct kvm_vcpu *vcpu, u64 id, u64 val, int err);

/*
 * A dynamic-SSBD host of the 5.3 family keeps the SSB mitigation per
 * vCPU (kvm_arm_have_ssbd() == KVM_SSBD_KERNEL).
 */
static inline bool vri_arm_ssbd_dynamic(const struct kvm *kvm)
{
	const struct vr_arm *arm = vri_arm_of(kvm);

	return arm->prof->host_53 && arm->host.ssbd == VR_ARM_SSBD_KERNEL;
}

/* Records why a get/set refused and returns @err. */
static inline int vri_arm_refuse(struct kvm_vcpu *vcpu, int err, const char *why)
{
	vri_arm_of(vcpu->kvm)->reason = why;
	return err;
}

/* Clears the reason of the last refusal. */
static inline void vri_arm_clear_reason(struct kvm *kvm)
{
	vri_arm_of(kvm)->reason = "";
}

#define KVM_REG_FEATURE_LEVEL_WIDTH 4
#define KVM_REG_FEATURE_LEVEL_MASK (BIT(KVM_REG_FEATURE_LEVEL_WIDTH) - 1)

/*
 * host_level.c: the level of a workaround register that @kvm's host
 * gives under its profile's rules, what the kernel's static
 * get_kernel_wa_level() computes, kept here for narration, ARCH_FEATURES
 * and the invariants; -EINVAL for another id or one the profile lacks.
 */
int vri_arm_wa_level(const struct kvm *kvm, u64 regid);

/* show.c: naming values for narration and the dump. */
bool vri_arm_is_wa(u64 id);
const char *vri_arm_level_name(u64 id, u64 level);
/* "0x12 (AVAIL|ENABLED)", "0x10000 (PSCI 1.0)", "0x3" */
void vri_arm_describe_value(char *buf, size_t len, u64 id, u64 v);
/* The register's name, or "id 0x..." in @buf. */
const char *vri_arm_reg_label(u64 id, char *buf, size_t len);
void vri_arm_dump(void *model, struct vr_text *out);

/* invariants.c: the named checks. */
int vri_arm_check_registers(void *model, struct vr_text *why);

#endif
