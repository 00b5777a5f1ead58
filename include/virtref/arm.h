/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * arm64 KVM firmware pseudo-registers: PSCI_VERSION, the SMCCC
 * ARCH_WORKAROUND_1/2/3 levels and the SMCCC feature bitmaps, with the
 * save/restore ("no downgrade") rules of every kernel generation
 * (docs/arm.md).
 *
 *   host mitigation state (input)      struct vr_arm_host (virtref/arm/hw.h)
 *        |
 *        v  get_kernel_wa_level()      level: higher = better protected
 *   struct kvm                         per VM: PSCI version, bitmaps,
 *     +-- struct kvm_vcpu[]            per vCPU: PSCI_0_2 feature, "has
 *                                      run", the workaround-2 flag (5.3)
 *        ^
 *        |  kvm_arm_{get,set}_fw_reg() and friends (virtref/arm/kvm_host.h)
 *   user space (a VMM saving and restoring registers across a migration)
 *
 * This header is virtref's own API: the instance struct vr_arm, its
 * profile (the kernel generation whose rules apply, chosen at creation:
 * the rules are data, not #ifdefs), the vCPU ioctls reduced to what the
 * registers care about, and inspection.  The kernel objects struct kvm
 * and struct kvm_vcpu are opaque here; their layout and the
 * kernel-named functions are in <virtref/arm/kvm_host.h>, the uapi
 * constants in <virtref/arm/kvm.h>.
 */
#ifndef VIRTREF_ARM_H
#define VIRTREF_ARM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <virtref/api.h>
#include <virtref/arm/hw.h>
#include <virtref/linux/types.h>
#include <virtref/model.h>
#include <virtref/text.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vr_arm;
struct kvm;
struct kvm_vcpu;
struct kvm_one_reg;

/*
 * Kernel generations.  Each one is a row of data (src/arm/profile.c):
 * which registers exist, which SET rules apply, which errno an unknown id
 * gets, which PSCI versions are accepted, and so on.
 */
enum vr_arm_profile {
	VR_ARM_PROFILE_5_2,  /* before the seed: PSCI_VERSION only */
	VR_ARM_PROFILE_V3,   /* seed series as posted (v3, early 2019) */
	VR_ARM_PROFILE_5_3,  /* merged (v6): virt/kvm/arm/psci.c */
	VR_ARM_PROFILE_5_10, /* after the Spectre rework: WA2 simplified */
	VR_ARM_PROFILE_5_17, /* + WORKAROUND_3 (Spectre-BHB) */
	VR_ARM_PROFILE_6_0,  /* + the three SMCCC feature bitmaps */
	VR_ARM_PROFILE_6_15, /* + VENDOR_HYP_BMAP_2, size-in-id check */
	VR_ARM_NR_PROFILES,
	VR_ARM_PROFILE_MAINLINE = VR_ARM_PROFILE_6_15,
};

#define VR_ARM_MAX_VCPUS 8
/* Most firmware registers any profile lists (6.15: 8). */
#define VR_ARM_MAX_FW_REGS 8

struct vr_arm_config {
	enum vr_arm_profile profile;
	struct vr_arm_host host;
	unsigned int nr_vcpus; /* 1..VR_ARM_MAX_VCPUS */
};

/**
 * vr_arm_config_default() - the default configuration
 * @cfg: filled in
 *
 * Mainline profile, a host that needs and has every mitigation (BP
 * hardening needed, dynamic SSBD; Spectre v2/v4/BHB mitigated, no SSBS),
 * two vCPUs.
 */
VR_API void vr_arm_config_default(struct vr_arm_config *cfg);

/**
 * vr_arm_create() - create a VM with its vCPUs (none initialised yet)
 * @cfg: profile, host state, vCPU count
 * @out: the new VM
 *
 * Return: 0; -EINVAL (profile, a host state or nr_vcpus out of range);
 * -ENOMEM.
 */
VR_API int vr_arm_create(const struct vr_arm_config *cfg, struct vr_arm **out);

/**
 * vr_arm_destroy() - free a VM and its vCPUs
 * @arm: the VM, or NULL
 */
VR_API void vr_arm_destroy(struct vr_arm *arm);

/**
 * vr_arm_kvm() - the kernel's object of a VM, for kernel-named calls
 * @arm: the VM
 *
 * Return: its struct kvm (layout in <virtref/arm/kvm_host.h>).
 */
VR_API struct kvm *vr_arm_kvm(struct vr_arm *arm);

/**
 * vr_arm_vcpu() - the kernel's object of a vCPU, for kernel-named calls
 * @arm: the VM
 * @idx: vCPU index
 *
 * virtref's own functions name a vCPU by its index; kvm_arm_get_fw_reg()
 * and the other kernel-named functions take this object.
 *
 * Return: the vCPU, or NULL when @idx names none.
 */
VR_API struct kvm_vcpu *vr_arm_vcpu(struct vr_arm *arm, unsigned int idx);

/**
 * vr_arm_nr_vcpus() - how many vCPUs the VM has
 * @arm: the VM
 *
 * Return: the count, 1..VR_ARM_MAX_VCPUS.
 */
VR_API unsigned int vr_arm_nr_vcpus(const struct vr_arm *arm);

/**
 * vr_arm_profile() - the kernel generation whose rules the VM follows
 * @arm: the VM
 *
 * Return: the profile it was created with.
 */
VR_API enum vr_arm_profile vr_arm_profile(const struct vr_arm *arm);

/**
 * vr_arm_host() - the host mitigation state the VM was created on
 * @arm: the VM
 *
 * Return: the host state, owned by @arm.
 */
VR_API const struct vr_arm_host *vr_arm_host(const struct vr_arm *arm);

/**
 * vr_arm_invariants() - the safety properties of the VM's state
 * @arm: the VM (read only)
 * @why: one line per violation is appended
 *
 * Return: 0 when they all hold, 1 otherwise.
 */
VR_API int vr_arm_invariants(struct vr_arm *arm, struct vr_text *why);

/**
 * vr_arm_vcpu_init() - KVM_ARM_VCPU_INIT
 * @arm: the VM
 * @vcpu: vCPU index
 * @psci_0_2: request the KVM_ARM_VCPU_PSCI_0_2 feature
 *
 * Sets the features and resets the vCPU.  On a dynamic-SSBD 5.3-family
 * host the reset turns the workaround-2 flag on (arch/arm64/kvm/reset.c:
 * "Default workaround setup is enabled (if supported)").
 *
 * Return: 0; -EINVAL when @vcpu names no vCPU, when a second init changes
 * the vCPU's features, or (6.15) when the features differ from the VM's
 * other vCPUs.
 */
VR_API int vr_arm_vcpu_init(struct vr_arm *arm, unsigned int vcpu, bool psci_0_2);

/**
 * vr_arm_vcpu_run() - KVM_RUN, reduced to what the registers care about
 * @arm: the VM
 * @vcpu: vCPU index
 *
 * Marks the vCPU, and so the VM, as having run: the bitmap registers are
 * read-only from then on.
 *
 * Return: 0; -ENOEXEC (vCPU not initialised); -EINVAL (@vcpu names none).
 */
VR_API int vr_arm_vcpu_run(struct vr_arm *arm, unsigned int vcpu);

/**
 * vr_arm_guest_wa2_call() - the guest calls SMCCC ARCH_WORKAROUND_2
 * @arm: the VM
 * @vcpu: index of a vCPU that has run
 * @enable: the call's argument (0 = disable, non-zero = enable)
 *
 * Only a dynamic-SSBD 5.3-family host keeps a per-vCPU state: the flag
 * becomes @enable.  Everywhere else the call changes nothing the
 * registers can see.
 *
 * Return: true when the flag changed; false otherwise, and when @vcpu
 * names no vCPU.
 */
VR_API bool vr_arm_guest_wa2_call(struct vr_arm *arm, unsigned int vcpu, bool enable);

/**
 * vr_arm_arch_features() - SMCCC_ARCH_FEATURES(@func_id) as the guest sees it
 * @arm: the VM
 * @vcpu: index of the calling vCPU
 * @func_id: ARM_SMCCC_ARCH_WORKAROUND_1/2/3
 *
 * Return: SMCCC_RET_SUCCESS (call needed and offered),
 * SMCCC_RET_NOT_SUPPORTED (also for another @func_id or a @vcpu naming
 * none), SMCCC_RET_NOT_REQUIRED, or SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED
 * (WA1 from 5.17, WA3).  The values are in <virtref/arm/arm-smccc.h>.
 */
VR_API long vr_arm_arch_features(struct vr_arm *arm, unsigned int vcpu, u32 func_id);

/**
 * vr_arm_get_reg_list() - the firmware part of KVM_GET_REG_LIST
 * @arm: the VM
 * @vcpu: vCPU index
 * @n: in: how many ids @ids can hold; out: how many the list has
 * @ids: user array for the ids (NULL faults)
 *
 * Return: 0; -ENOEXEC (not initialised); -E2BIG (@n too small; @n holds
 * the count); -EFAULT (copying an id out failed); -EINVAL (@vcpu names
 * none, or @n is NULL).
 */
VR_API int vr_arm_get_reg_list(struct vr_arm *arm, unsigned int vcpu, u64 *n, u64 *ids);

/**
 * vr_arm_get_one_reg() - KVM_GET_ONE_REG on a vCPU fd
 * @arm: the VM
 * @vcpu: vCPU index
 * @reg: id and user address of an 8-byte buffer
 *
 * Checks that the vCPU is initialised, then dispatches as guest.c does.
 * Ids outside the firmware groups are outside this model: -ENOENT.
 *
 * Return: 0; -ENOEXEC; -EINVAL (arch field, @vcpu naming none, or a NULL
 * @reg); whatever kvm_arm_get_fw_reg() returns.
 */
VR_API int vr_arm_get_one_reg(struct vr_arm *arm, unsigned int vcpu, const struct kvm_one_reg *reg);

/**
 * vr_arm_set_one_reg() - KVM_SET_ONE_REG on a vCPU fd
 * @arm: the VM
 * @vcpu: vCPU index
 * @reg: id and user address of an 8-byte buffer
 *
 * Checks that the vCPU is initialised, then dispatches as guest.c does.
 *
 * Return: 0; -ENOEXEC; -EINVAL (arch field, @vcpu naming none, or a NULL
 * @reg); -ENOENT (a group outside the model); whatever kvm_arm_set_fw_reg()
 * returns.
 */
VR_API int vr_arm_set_one_reg(struct vr_arm *arm, unsigned int vcpu, const struct kvm_one_reg *reg);

/**
 * vr_arm_uaccess_fail_nth() - make a user copy fail
 * @arm: the VM
 * @nth: the nth copy_to_user/copy_from_user/put_user from now fails
 *       (1 = the next); 0 disarms
 *
 * A NULL user address always faults; this knob makes a valid one fault,
 * e.g. the second id of a register list.
 */
VR_API void vr_arm_uaccess_fail_nth(struct vr_arm *arm, unsigned int nth);

/**
 * vr_arm_stack_overflow() - what the last SET wrote past its stack variable
 * @arm: the VM
 *
 * Before the 2023 fix kvm_arm_set_fw_reg() copied as many bytes as the
 * id's size field claimed (up to 2^15) into an 8-byte stack variable.
 * The model copies at most 8 and reports the rest here.
 *
 * Return: the excess in bytes, 0 when nothing overflowed.
 */
VR_API u64 vr_arm_stack_overflow(const struct vr_arm *arm);

/**
 * vr_arm_last_reason() - why the last get/set refused
 * @arm: the VM
 *
 * Return: a sentence, or "" after a success.
 */
VR_API const char *vr_arm_last_reason(const struct vr_arm *arm);

/**
 * vr_arm_vcpu_initialized() - whether KVM_ARM_VCPU_INIT succeeded on @vcpu
 * @arm: the VM
 * @vcpu: vCPU index
 *
 * Return: true once initialised; false when @vcpu names none.
 */
VR_API bool vr_arm_vcpu_initialized(const struct vr_arm *arm, unsigned int vcpu);

/**
 * vr_arm_vcpu_psci_0_2() - whether @vcpu has the KVM_ARM_VCPU_PSCI_0_2 feature
 * @arm: the VM
 * @vcpu: vCPU index
 *
 * Return: true when it has; false when @vcpu names none.
 */
VR_API bool vr_arm_vcpu_psci_0_2(const struct vr_arm *arm, unsigned int vcpu);

/**
 * vr_arm_vcpu_has_run() - whether KVM_RUN succeeded on @vcpu
 * @arm: the VM
 * @vcpu: vCPU index
 *
 * Return: true once it ran; false when @vcpu names none.
 */
VR_API bool vr_arm_vcpu_has_run(const struct vr_arm *arm, unsigned int vcpu);

/**
 * vr_arm_vcpu_wa2_flag() - @vcpu's workaround-2 flag (dynamic 5.3 hosts)
 * @arm: the VM
 * @vcpu: vCPU index
 *
 * Return: true when the guest's SSB mitigation is on; false when @vcpu names none.
 */
VR_API bool vr_arm_vcpu_wa2_flag(const struct vr_arm *arm, unsigned int vcpu);

/**
 * vr_arm_has_ran_once() - whether any vCPU of the VM ran
 * @arm: the VM
 *
 * Return: true once one did (the bitmaps are then read-only).
 */
VR_API bool vr_arm_has_ran_once(const struct vr_arm *arm);

/**
 * vr_arm_psci_version_stored() - the VM's stored PSCI version
 * @arm: the VM
 *
 * Return: the version, 0 while user space never set one.
 */
VR_API u32 vr_arm_psci_version_stored(const struct vr_arm *arm);

/**
 * vr_arm_bmap() - a feature bitmap register as stored
 * @arm: the VM
 * @r: KVM_REG_ARM_FW_FEAT_BMAP_REG(@r), 0..3
 *
 * Return: its value; 0 for one the profile does not have.
 */
VR_API u64 vr_arm_bmap(const struct vr_arm *arm, unsigned int r);

/**
 * vr_arm_host_level() - the level the host offers for a workaround register
 * @arm: the VM (its profile and host)
 * @id: KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1/2/3
 *
 * Return: the level (0..3), or -EINVAL for another id or a register the
 * profile does not have.
 */
VR_API int vr_arm_host_level(const struct vr_arm *arm, u64 id);

/**
 * vr_arm_profile_name() - a profile's name, as configs and traces spell it
 * @p: the profile
 *
 * Return: "5.3", ...; NULL for a value that names no profile.
 */
VR_API const char *vr_arm_profile_name(enum vr_arm_profile p);

/**
 * vr_arm_profile_from_name() - the profile a name spells
 * @name: "v3", "5.3", ..., or "mainline"
 *
 * Return: the profile's index; -EINVAL for NULL or an unknown name.
 */
VR_API int vr_arm_profile_from_name(const char *name);

/**
 * vr_arm_profile_fw_regs() - the firmware registers a profile lists
 * @p: the profile
 * @ids: set to the ids in KVM_GET_REG_LIST order (NULL for a bad @p); may be NULL
 *
 * Return: how many; 0 for a value that names no profile.
 */
VR_API unsigned int vr_arm_profile_fw_regs(enum vr_arm_profile p, const u64 **ids);

/**
 * vr_arm_reg_name() - a firmware register's short name
 * @id: a ONE_REG id
 *
 * Return: "WORKAROUND_1", "STD_BMAP", ...; NULL for an id that is none.
 */
VR_API const char *vr_arm_reg_name(u64 id);

/* What a source VM saves: every firmware register of its list. */
struct vr_arm_saved {
	unsigned int n;
	u64 id[VR_ARM_MAX_FW_REGS];
	u64 val[VR_ARM_MAX_FW_REGS];
	bool psci_0_2; /* the source vCPU's feature */
};

/**
 * vr_arm_save() - read every firmware register of @vcpu, as a VMM does
 * @arm: the VM
 * @vcpu: index of an initialised vCPU
 * @out: the ids in list order and their values
 *
 * Return: 0, or the first error of the list or of a GET; -EINVAL for a
 * NULL @out.
 */
VR_API int vr_arm_save(struct vr_arm *arm, unsigned int vcpu, struct vr_arm_saved *out);

struct vr_arm_refusal {
	u64 id;
	int err; /* negative errno SET_ONE_REG returned */
	char why[192];
};

struct vr_arm_migration_report {
	unsigned int nrefused;
	struct vr_arm_refusal refused[VR_ARM_MAX_FW_REGS];
};

/**
 * vr_arm_migration_check() - would a destination accept a saved state?
 * @src: the registers a source VM saved
 * @dst: the destination's profile and host (nr_vcpus is ignored)
 * @rep: every register the destination refuses, with errno and reason
 *
 * Restores @src, in order, into a scratch VM built from @dst with one
 * vCPU initialised with @src->psci_0_2, exactly as a VMM would.
 *
 * Return: 0 when the check ran (@rep says what was refused); -EINVAL
 * (bad @dst); -ENOMEM.
 */
VR_API int vr_arm_migration_check(const struct vr_arm_saved *src, const struct vr_arm_config *dst,
				  struct vr_arm_migration_report *rep);

/* The op table: replay, record, fuzzing, explain and `virtref ops`. */
extern VR_API const struct vr_model vr_model_arm;

#ifdef __cplusplus
}
#endif

#endif
