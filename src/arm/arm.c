// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The instance: creating a VM, the vCPU ioctls reduced to what the
 * firmware registers care about (INIT, RUN, GET_REG_LIST, GET/SET_ONE_REG),
 * the guest's SMCCC calls, user copies that can fault, and inspection.
 */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/context.h>
#include <virtref/mem.h>
#include "arm_internal.h"

/*
 * User space as the kernel sees it: the caller's buffer is copied to
 * USER_BASE for each access, and a NULL buffer becomes user address 0,
 * which is never backed.  One page holds every buffer: a register list,
 * or the 8 bytes of a register (a larger KVM_REG_SIZE() copies no more
 * than the kernel's u64, virtref/linux/uaccess.h).
 */
#define USER_BASE 0x10000ULL
#define USER_LEN VR_PAGE_SIZE

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
	if (arm->prof)
		kvm_arm_teardown_hypercalls(&arm->kvm);
	for (i = 0; i < VR_ARM_MAX_VCPUS; i++)
		vr_free(arm->kvm.vcpus[i]);
	vr_mem_destroy(arm->user);
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
	arm->user = vr_mem_create("arm user");
	if (!arm->user || vr_mem_add(arm->user, USER_BASE, USER_LEN)) {
		vr_arm_destroy(arm);
		return -ENOMEM;
	}
	kvm->online_vcpus = (int)cfg->nr_vcpus;
	mutex_init(&kvm->arch.config_lock);
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
	if (vcpu->arch.initialized && vcpu->arch.features[0] != features)
		return vri_arm_refuse(vcpu, -EINVAL,
				      "a second KVM_ARM_VCPU_INIT must repeat the vCPU's features");
	/* 6.x: one feature set for the whole VM. */
	if (vri_arm_prof(kvm)->vm_wide_features &&
	    (kvm->arch.flags & BIT(KVM_ARCH_FLAG_VCPU_FEATURES_CONFIGURED)) &&
	    kvm->arch.vcpu_features != features)
		return vri_arm_refuse(
			vcpu, -EINVAL,
			"every vCPU of a VM must have the same features on this kernel");

	vcpu->arch.features[0] = features;
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

/* A vCPU ioctl's way into the kernel: see struct user_call. */
struct user_frame {
	struct vr_context ctx, *prev;
	struct vr_arm *arm;
	bool armed;
};

static void user_enter(struct user_frame *f, struct vr_arm *arm, bool armed)
{
	f->ctx = *vr_context_current();
	f->ctx.user = arm->user;
	f->ctx.uaccess_fail_nth = armed ? arm->uaccess_fail_nth : 0;
	f->ctx.env = &vri_arm_env;
	f->ctx.env_data = &arm->kvm;
	f->arm = arm;
	f->armed = armed;
	f->prev = vr_context_enter(&f->ctx);
}

static void user_leave(struct user_frame *f)
{
	if (f->armed)
		f->arm->uaccess_fail_nth = (unsigned int)f->ctx.uaccess_fail_nth;
	vr_context_leave(f->prev);
}

/*
 * Calls @fn on @vcpu the way a vCPU ioctl reaches the kernel: in a
 * context (virtref/context.h) whose user memory holds the caller's
 * buffer at the user address the kernel is given, with the instance's
 * fault knob armed when @armed, and whose environment names @vcpu's VM
 * for the host accessors.
 */
struct user_call {
	u64 id;	      /* for GET/SET_ONE_REG: its size says how much is copied */
	void *buf;    /* the caller's buffer, NULL: a faulting address */
	size_t len;   /* bytes of @buf the kernel may read or write */
	bool set;     /* the kernel reads @buf (SET); else it fills it on success */
	bool armed;   /* the fault knob applies */
	u64 accesses; /* out: user accesses the call made */
};

static int call_one_reg(struct kvm_vcpu *vcpu, struct user_call *u,
			int (*fn)(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg))
{
	struct vr_arm *arm = vri_arm_of(vcpu->kvm);
	struct kvm_one_reg reg = { u->id, u->buf ? USER_BASE : 0 };
	struct user_frame f;
	int ret;

	if (u->buf && u->set && vr_mem_write(arm->user, USER_BASE, u->buf, u->len))
		return -EFAULT; /* unreachable: USER_LEN holds any u->len */
	user_enter(&f, arm, u->armed);
	ret = fn(vcpu, &reg);
	u->accesses = f.ctx.uaccess_calls - f.prev->uaccess_calls;
	user_leave(&f);
	if (u->buf && !u->set && !ret && vr_mem_read(arm->user, USER_BASE, u->buf, u->len))
		return -EFAULT;
	return ret;
}

static int call_reg_list(struct kvm_vcpu *vcpu, u64 *ids, size_t n, bool armed,
			 int (*fn)(struct kvm_vcpu *vcpu, u64 __user *uindices))
{
	struct vr_arm *arm = vri_arm_of(vcpu->kvm);
	struct user_frame f;
	int ret;

	if (ids && vr_mem_write(arm->user, USER_BASE, ids, n * sizeof(*ids)))
		return -EFAULT; /* unreachable: n <= VR_ARM_MAX_FW_REGS */
	user_enter(&f, arm, armed);
	ret = fn(vcpu, (u64 __user *)(uintptr_t)(ids ? USER_BASE : 0));
	user_leave(&f);
	if (ids && vr_mem_read(arm->user, USER_BASE, ids, n * sizeof(*ids)))
		return -EFAULT;
	return ret;
}

/* Whether the calling thread is in an access arm.c set up for @kvm. */
static bool inside_access(const struct vr_context *ctx, const struct kvm *kvm)
{
	return ctx->env == &vri_arm_env && ctx->env_data == kvm;
}

/*
 * A caller's own context with user memory: only the environment is the
 * arm model's, and the user accesses count in the caller's context.
 */
static int call_in_callers_context(struct kvm *kvm, int (*fn)(void *), void *arg)
{
	struct vr_context *outer = vr_context_current(), ctx = *outer, *prev;
	int ret;

	ctx.env = &vri_arm_env;
	ctx.env_data = kvm;
	prev = vr_context_enter(&ctx);
	ret = fn(arg);
	vr_context_leave(prev);
	outer->uaccess_fail_nth = ctx.uaccess_fail_nth;
	outer->uaccess_calls = ctx.uaccess_calls;
	return ret;
}

struct fw_call {
	struct kvm_vcpu *vcpu;
	const struct kvm_one_reg *reg;
	int (*fn)(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg);
};

static int fw_call(void *arg)
{
	struct fw_call *c = arg;

	return c->fn(c->vcpu, c->reg);
}

/* The caller's bytes of a ONE_REG access: its size, at most the kernel's u64. */
static size_t one_reg_len(u64 id)
{
	return KVM_REG_SIZE(id) < sizeof(u64) ? KVM_REG_SIZE(id) : sizeof(u64);
}

/* The value a SET of @reg writes, read where its copy_from_user() reads it. */
static u64 set_value(const struct vr_context *ctx, const struct kvm_one_reg *reg)
{
	u64 val = 0;

	if (ctx->user) {
		if (vr_mem_read(ctx->user, reg->addr, &val, one_reg_len(reg->id)))
			return 0;
	} else if (reg->addr) {
		memcpy(&val, (const void *)(uintptr_t)reg->addr, one_reg_len(reg->id));
	}
	return val;
}

int vri_arm_fw_call(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg, bool set,
		    int (*fn)(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg))
{
	const struct vr_context *ctx = vr_context_current();
	struct fw_call c = { vcpu, reg, fn };
	struct user_call u = {
		reg->id, (void *)(uintptr_t)reg->addr, one_reg_len(reg->id), set, true, 0
	};
	u64 val;
	int ret;

	if (inside_access(ctx, vcpu->kvm))
		return fn(vcpu, reg);
	vri_arm_clear_reason(vcpu->kvm);
	val = set ? set_value(ctx, reg) : 0;
	if (ctx->user)
		ret = call_in_callers_context(vcpu->kvm, fw_call, &c);
	else
		ret = call_one_reg(vcpu, &u, fn);
	if (!ret)
		return 0;
	return vri_arm_refuse(vcpu, ret,
			      set ? vri_arm_set_reason(vcpu, reg->id, val, ret)
				  : vri_arm_get_reason(vcpu, reg->id, ret));
}

struct list_call {
	struct kvm_vcpu *vcpu;
	u64 __user *uindices;
	int (*fn)(struct kvm_vcpu *vcpu, u64 __user *uindices);
};

static int list_call(void *arg)
{
	struct list_call *c = arg;

	return c->fn(c->vcpu, c->uindices);
}

int vri_arm_fw_list_call(struct kvm_vcpu *vcpu, u64 __user *uindices,
			 int (*fn)(struct kvm_vcpu *vcpu, u64 __user *uindices))
{
	const struct vr_context *ctx = vr_context_current();
	struct list_call c = { vcpu, uindices, fn };
	int n;

	if (inside_access(ctx, vcpu->kvm))
		return fn(vcpu, uindices);
	if (ctx->user)
		return call_in_callers_context(vcpu->kvm, list_call, &c);
	n = kvm_arm_get_fw_num_regs(vcpu);
	return call_reg_list(vcpu, (u64 *)uindices, (size_t)n, true, fn);
}

int vri_arm_read_fw_reg(struct kvm_vcpu *vcpu, u64 id, u64 *val)
{
	int ret;

	vri_arm_read_fw_regs(vcpu, &id, 1, val, &ret);
	return ret;
}

void vri_arm_read_fw_regs(struct kvm_vcpu *vcpu, const u64 *ids, unsigned int n, u64 *vals,
			  int *rets)
{
	struct vr_arm *arm = vri_arm_of(vcpu->kvm);
	struct user_frame f;
	unsigned int i;

	user_enter(&f, arm, false);
	for (i = 0; i < n; i++) {
		struct kvm_one_reg reg = { ids[i], USER_BASE + i * sizeof(u64) };

		/* n <= VR_ARM_MAX_FW_REGS: the page holds every value. */
		rets[i] = i < USER_LEN / sizeof(u64) ? kvm_arm_get_fw_reg(vcpu, &reg) : -E2BIG;
	}
	user_leave(&f);
	if (vr_mem_read(arm->user, USER_BASE, vals, (size_t)n * sizeof(u64)))
		memset(vals, 0, (size_t)n * sizeof(u64));
	for (i = 0; i < n; i++)
		if (rets[i])
			vals[i] = 0;
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
	return call_reg_list(vcpu, ids, (size_t)want, true, kvm_arm_copy_fw_reg_indices)
		       ? vri_arm_refuse(vcpu, -EFAULT, "copying an id out to user space faulted")
		       : 0;
}

int vr_arm_get_one_reg(struct vr_arm *arm, unsigned int idx, const struct kvm_one_reg *reg)
{
	struct kvm_vcpu *vcpu = vcpu_of(arm, idx);
	struct user_call u;
	int ret;

	if (!vcpu || !reg)
		return -EINVAL;
	vri_arm_clear_reason(vcpu->kvm);
	if (!vcpu->arch.initialized)
		return vri_arm_refuse(vcpu, -ENOEXEC, "KVM_GET_ONE_REG before KVM_ARM_VCPU_INIT");
	u = (struct user_call){
		reg->id, (void *)(uintptr_t)reg->addr, one_reg_len(reg->id), false, true, 0
	};
	ret = call_one_reg(vcpu, &u, kvm_arm_get_reg);
	return ret ? vri_arm_refuse(vcpu, ret, vri_arm_get_reason(vcpu, reg->id, ret)) : 0;
}

/*
 * Before the 2023 size check the kernel copied the id's size into its
 * 8-byte variable; the copy (virtref/linux/uaccess.h) stops at the
 * variable, and the excess is what the kernel overran when a copy was
 * made and did not fault.
 */
static u64 overrun(const struct user_call *u, int err)
{
	if (!u->accesses || err == -EFAULT || KVM_REG_SIZE(u->id) <= sizeof(u64))
		return 0;
	return KVM_REG_SIZE(u->id) - sizeof(u64);
}

int vr_arm_set_one_reg(struct vr_arm *arm, unsigned int idx, const struct kvm_one_reg *reg)
{
	struct kvm_vcpu *vcpu = vcpu_of(arm, idx);
	struct user_call u;
	u64 val = 0;
	int ret;

	if (!vcpu || !reg)
		return -EINVAL;
	vri_arm_clear_reason(vcpu->kvm);
	arm->stack_overflow = 0;
	if (!vcpu->arch.initialized)
		return vri_arm_refuse(vcpu, -ENOEXEC, "KVM_SET_ONE_REG before KVM_ARM_VCPU_INIT");
	u = (struct user_call){
		reg->id, (void *)(uintptr_t)reg->addr, one_reg_len(reg->id), true, true, 0
	};
	if (u.buf)
		memcpy(&val, u.buf, u.len);
	ret = call_one_reg(vcpu, &u, kvm_arm_set_reg);
	arm->stack_overflow = overrun(&u, ret);
	return ret ? vri_arm_refuse(vcpu, ret, vri_arm_set_reason(vcpu, reg->id, val, ret)) : 0;
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
