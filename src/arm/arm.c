// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The instance: creating a VM, the vCPU ioctls reduced to what the
 * firmware registers care about (INIT, RUN, GET_REG_LIST, GET/SET_ONE_REG),
 * the guest's SMCCC calls, user copies that can fault, and inspection.
 */
#include <string.h>
#include <virtref/alloc.h>
#include "arm_internal.h"

void vr_arm_config_default(struct vr_arm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->profile = VR_ARM_PROFILE_MAINLINE;
	cfg->host.bp_harden = VR_ARM_BP_HARDEN_WA_NEEDED;
	cfg->host.ssbd = VR_ARM_SSBD_KERNEL;
	cfg->host.spectre_v2 = VR_ARM_SPECTRE_MITIGATED;
	cfg->host.spectre_v4 = VR_ARM_SPECTRE_MITIGATED;
	cfg->host.spectre_bhb = VR_ARM_SPECTRE_MITIGATED;
	cfg->host.ssbs = false;
	cfg->nr_vcpus = 2;
}

static bool config_valid(const struct vr_arm_config *cfg)
{
	return (unsigned int)cfg->profile < VR_ARM_NR_PROFILES && vri_arm_host_valid(&cfg->host) &&
	       cfg->nr_vcpus >= 1 && cfg->nr_vcpus <= VR_ARM_MAX_VCPUS;
}

void vr_arm_destroy(struct vr_arm *arm)
{
	unsigned int i;

	if (!arm)
		return;
	for (i = 0; i < VR_ARM_MAX_VCPUS; i++)
		vr_free(arm->kvm.vcpus[i]);
	vr_free(arm);
}

int vr_arm_create(const struct vr_arm_config *cfg, struct vr_arm **out)
{
	struct vr_arm *arm;
	struct kvm *kvm;
	unsigned int i;

	if (!cfg || !out || !config_valid(cfg))
		return -EINVAL;
	arm = vr_calloc(1, sizeof(*arm));
	if (!arm)
		return -ENOMEM;
	kvm = &arm->kvm;
	arm->profile = cfg->profile;
	arm->prof = &vri_arm_profiles[cfg->profile];
	arm->host = cfg->host;
	arm->reason = "";
	kvm->online_vcpus = (int)cfg->nr_vcpus;
	kvm_arm_init_hypercalls(kvm);
	for (i = 0; i < cfg->nr_vcpus; i++) {
		struct kvm_vcpu *vcpu = vr_calloc(1, sizeof(*vcpu));

		if (!vcpu) {
			vr_arm_destroy(arm);
			return -ENOMEM;
		}
		vcpu->kvm = kvm;
		vcpu->vcpu_id = i;
		kvm->vcpus[i] = vcpu;
	}
	*out = arm;
	return 0;
}

struct kvm *vr_arm_kvm(struct vr_arm *arm)
{
	return &arm->kvm;
}

struct kvm_vcpu *vr_arm_vcpu(struct vr_arm *arm, unsigned int idx)
{
	if (!arm || idx >= VR_ARM_MAX_VCPUS)
		return NULL;
	return kvm_get_vcpu(&arm->kvm, (int)idx);
}

unsigned int vr_arm_nr_vcpus(const struct vr_arm *arm)
{
	return (unsigned int)arm->kvm.online_vcpus;
}

enum vr_arm_profile vr_arm_profile(const struct vr_arm *arm)
{
	return arm->profile;
}

const struct vr_arm_host *vr_arm_host(const struct vr_arm *arm)
{
	return &arm->host;
}

/* arch/arm64/kvm/reset.c kvm_reset_vcpu(), the part that matters here. */
static void reset_vcpu(struct kvm_vcpu *vcpu)
{
	/* Default workaround setup is enabled (if supported) */
	if (vri_arm_ssbd_dynamic(vcpu->kvm))
		vcpu->arch.workaround_flags |= VCPU_WORKAROUND_2_FLAG;
}

/* A vCPU of @arm: NULL for a NULL VM or an index naming none. */
static struct kvm_vcpu *vcpu_of(const struct vr_arm *arm, unsigned int idx)
{
	return vr_arm_vcpu((struct vr_arm *)arm, idx);
}

int vr_arm_vcpu_init(struct vr_arm *arm, unsigned int idx, bool psci_0_2)
{
	struct kvm_vcpu *vcpu = vcpu_of(arm, idx);
	unsigned long features = psci_0_2 ? BIT(KVM_ARM_VCPU_PSCI_0_2) : 0;
	struct kvm *kvm;

	if (!vcpu)
		return -EINVAL;
	kvm = vcpu->kvm;
	vri_arm_clear_reason(kvm);
	/* Secondary calls to KVM_ARM_VCPU_INIT must use the same features. */
	if (vcpu->arch.initialized && vcpu->arch.features != features)
		return vri_arm_refuse(vcpu, -EINVAL,
				      "a second KVM_ARM_VCPU_INIT must repeat the vCPU's features");
	/* 6.x: one feature set for the whole VM. */
	if (vri_arm_prof(kvm)->vm_wide_features &&
	    (kvm->arch.flags & BIT(KVM_ARCH_FLAG_VCPU_FEATURES_CONFIGURED)) &&
	    kvm->arch.vcpu_features != features)
		return vri_arm_refuse(
			vcpu, -EINVAL,
			"every vCPU of a VM must have the same features on this kernel");

	vcpu->arch.features = features;
	kvm->arch.vcpu_features = features;
	kvm->arch.flags |= BIT(KVM_ARCH_FLAG_VCPU_FEATURES_CONFIGURED);
	reset_vcpu(vcpu);
	vcpu->arch.initialized = true;
	return 0;
}

int vr_arm_vcpu_run(struct vr_arm *arm, unsigned int idx)
{
	struct kvm_vcpu *vcpu = vcpu_of(arm, idx);

	if (!vcpu)
		return -EINVAL;
	if (!vcpu->arch.initialized)
		return vri_arm_refuse(vcpu, -ENOEXEC, "KVM_RUN before KVM_ARM_VCPU_INIT");
	vcpu->arch.has_run_once = true;
	vcpu->kvm->arch.flags |= BIT(KVM_ARCH_FLAG_HAS_RAN_ONCE);
	return 0;
}

/*
 * 5.3 handles the call in the hypervisor's HVC entry (hyp-entry.S), and
 * only when the host's SSBD mode is dynamic: the flag becomes the
 * argument, normalised to 0/1.  5.10 dropped the per-vCPU state.
 */
bool vr_arm_guest_wa2_call(struct vr_arm *arm, unsigned int idx, bool enable)
{
	struct kvm_vcpu *vcpu = vcpu_of(arm, idx);
	bool before;

	if (!vcpu)
		return false;
	before = vcpu->arch.workaround_flags & VCPU_WORKAROUND_2_FLAG;
	if (!vri_arm_ssbd_dynamic(vcpu->kvm))
		return false;
	if (enable)
		vcpu->arch.workaround_flags |= VCPU_WORKAROUND_2_FLAG;
	else
		vcpu->arch.workaround_flags &= ~VCPU_WORKAROUND_2_FLAG;
	return before != enable;
}

void vr_arm_uaccess_fail_nth(struct vr_arm *arm, unsigned int nth)
{
	arm->uaccess_fail_nth = nth;
}

/* True when this user access must fault. */
static bool uaccess_faults(struct kvm *kvm, const void *uaddr)
{
	struct vr_arm *arm = vri_arm_of(kvm);

	if (arm->uaccess_fail_nth) {
		if (--arm->uaccess_fail_nth == 0)
			return true;
	}
	return uaddr == NULL;
}

unsigned long vri_arm_copy_to_user(struct kvm *kvm, void __user *to, const void *from,
				   unsigned long n)
{
	if (uaccess_faults(kvm, to))
		return n;
	memcpy(to, from, n);
	return 0;
}

unsigned long vri_arm_copy_from_user(struct kvm *kvm, void *to, size_t dst_size,
				     const void __user *from, unsigned long n)
{
	if (uaccess_faults(kvm, from))
		return n;
	if (n > dst_size) {
		vri_arm_of(kvm)->stack_overflow = n - dst_size;
		n = dst_size;
	}
	memcpy(to, from, n);
	return 0;
}

int vri_arm_put_user(struct kvm *kvm, u64 val, u64 __user *to)
{
	return vri_arm_copy_to_user(kvm, to, &val, sizeof(val)) ? -EFAULT : 0;
}

int vr_arm_get_reg_list(struct vr_arm *arm, unsigned int idx, u64 *n, u64 *ids)
{
	struct kvm_vcpu *vcpu = vcpu_of(arm, idx);
	u64 want;

	if (!vcpu || !n)
		return -EINVAL;
	if (!vcpu->arch.initialized)
		return vri_arm_refuse(vcpu, -ENOEXEC, "KVM_GET_REG_LIST before KVM_ARM_VCPU_INIT");
	want = (u64)kvm_arm_get_fw_num_regs(vcpu);
	if (*n < want) {
		*n = want;
		return vri_arm_refuse(vcpu, -E2BIG,
				      "the array is too small; n now says how many ids there are");
	}
	*n = want;
	return kvm_arm_copy_fw_reg_indices(vcpu, ids)
		       ? vri_arm_refuse(vcpu, -EFAULT, "copying an id out to user space faulted")
		       : 0;
}

bool vr_arm_has_fw_feat_bmap(const struct kvm *kvm)
{
	return vri_arm_prof(kvm)->nbmap > 0;
}

/*
 * guest.c refuses without a reason (it compiles from include/ alone): a
 * refusal the firmware functions did not annotate came from its
 * dispatch, and the id tells which check.
 */
static int dispatch_reason(struct kvm_vcpu *vcpu, u64 id, int err)
{
	if (!err || *vr_arm_last_reason(vri_arm_of(vcpu->kvm)))
		return err;
	if ((id & ~KVM_REG_SIZE_MASK) >> 32 != KVM_REG_ARM64 >> 32)
		return vri_arm_refuse(vcpu, err, "the id's arch field is not KVM_REG_ARM64");
	return vri_arm_refuse(vcpu, err, "not a firmware register group (outside this model)");
}

int vr_arm_get_one_reg(struct vr_arm *arm, unsigned int idx, const struct kvm_one_reg *reg)
{
	struct kvm_vcpu *vcpu = vcpu_of(arm, idx);

	if (!vcpu || !reg)
		return -EINVAL;
	vri_arm_clear_reason(vcpu->kvm);
	if (!vcpu->arch.initialized)
		return vri_arm_refuse(vcpu, -ENOEXEC, "KVM_GET_ONE_REG before KVM_ARM_VCPU_INIT");
	return dispatch_reason(vcpu, reg->id, kvm_arm_get_reg(vcpu, reg));
}

int vr_arm_set_one_reg(struct vr_arm *arm, unsigned int idx, const struct kvm_one_reg *reg)
{
	struct kvm_vcpu *vcpu = vcpu_of(arm, idx);

	if (!vcpu || !reg)
		return -EINVAL;
	vri_arm_clear_reason(vcpu->kvm);
	vri_arm_of(vcpu->kvm)->stack_overflow = 0;
	if (!vcpu->arch.initialized)
		return vri_arm_refuse(vcpu, -ENOEXEC, "KVM_SET_ONE_REG before KVM_ARM_VCPU_INIT");
	return dispatch_reason(vcpu, reg->id, kvm_arm_set_reg(vcpu, reg));
}

u64 vr_arm_stack_overflow(const struct vr_arm *arm)
{
	return arm->stack_overflow;
}

const char *vr_arm_last_reason(const struct vr_arm *arm)
{
	return arm->reason ? arm->reason : "";
}

bool vr_arm_vcpu_initialized(const struct vr_arm *arm, unsigned int idx)
{
	const struct kvm_vcpu *vcpu = vcpu_of(arm, idx);

	return vcpu && vcpu->arch.initialized;
}

bool vr_arm_vcpu_psci_0_2(const struct vr_arm *arm, unsigned int idx)
{
	const struct kvm_vcpu *vcpu = vcpu_of(arm, idx);

	return vcpu && vcpu_has_feature(vcpu, KVM_ARM_VCPU_PSCI_0_2);
}

bool vr_arm_vcpu_has_run(const struct vr_arm *arm, unsigned int idx)
{
	const struct kvm_vcpu *vcpu = vcpu_of(arm, idx);

	return vcpu && vcpu->arch.has_run_once;
}

bool vr_arm_vcpu_wa2_flag(const struct vr_arm *arm, unsigned int idx)
{
	const struct kvm_vcpu *vcpu = vcpu_of(arm, idx);

	return vcpu && (vcpu->arch.workaround_flags & VCPU_WORKAROUND_2_FLAG);
}

bool vr_arm_has_ran_once(const struct vr_arm *arm)
{
	return kvm_vm_has_ran_once(&arm->kvm);
}

u32 vr_arm_psci_version_stored(const struct vr_arm *arm)
{
	return arm->kvm.arch.psci_version;
}

u64 vr_arm_bmap(const struct vr_arm *arm, unsigned int r)
{
	if (r >= arm->prof->nbmap)
		return 0;
	return *vri_arm_bmap_ptr(&arm->kvm, r);
}

int vr_arm_host_level(const struct vr_arm *arm, u64 id)
{
	if (!arm)
		return -EINVAL;
	return vri_arm_wa_level(&arm->kvm, id);
}

/*
 * SMCCC_ARCH_FEATURES for the workaround calls, from the same host state:
 * level NOT_AVAIL/UNKNOWN -> NOT_SUPPORTED, AVAIL -> SUCCESS (the call is
 * offered and needed), NOT_REQUIRED -> NOT_REQUIRED, except that an
 * unaffected WA3 host, and from 5.17 an unaffected WA1 host, answer
 * SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED (1).  When WA1 switched from -2
 * to 1 between 5.10 and 5.17 is (unverified).
 */
static long features_of_level(const struct kvm *kvm, u64 regid, int avail, int not_required,
			      long not_required_ret)
{
	int level = vri_arm_wa_level(kvm, regid);

	if (level == avail)
		return SMCCC_RET_SUCCESS;
	if (level == not_required)
		return not_required_ret;
	return SMCCC_RET_NOT_SUPPORTED;
}

long vr_arm_arch_features(struct vr_arm *arm, unsigned int idx, u32 func_id)
{
	struct kvm_vcpu *vcpu = vcpu_of(arm, idx);
	const struct kvm *kvm;

	if (!vcpu)
		return SMCCC_RET_NOT_SUPPORTED;
	kvm = vcpu->kvm;
	switch (func_id) {
	case ARM_SMCCC_ARCH_WORKAROUND_1:
		return features_of_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
					 KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL,
					 KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED,
					 vri_arm_prof(kvm)->wa1_unaffected_ret);
	case ARM_SMCCC_ARCH_WORKAROUND_2:
		return features_of_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
					 KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL,
					 KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED,
					 SMCCC_RET_NOT_REQUIRED);
	case ARM_SMCCC_ARCH_WORKAROUND_3:
		return features_of_level(kvm, KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3,
					 KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_AVAIL,
					 KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_REQUIRED,
					 SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED);
	}
	return SMCCC_RET_NOT_SUPPORTED;
}
