// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The VM around the KVM XIVE device, as user space reaches it: the
 * ioctls (KVM_CREATE_DEVICE on the VM, KVM_ENABLE_CAP and the one-reg
 * on a vCPU, the attribute ioctls on the device fd, KVM_IRQ_LINE), the
 * device fd's mappings and the loads and stores through them, closing
 * the fd, and a vCPU entering and leaving the guest.  Each ioctl runs
 * the kernel layer in this instance's environment (virtref/context.h):
 * its __user pointers are addresses in the instance's user memory, its
 * MMIO reaches the model's ESB window and TIMA.  What the kernel's
 * dispatchers check before calling the device is checked here, in
 * their order: virt/kvm/kvm_main.c (kvm_ioctl_create_device(),
 * kvm_device_ioctl(), kvm_device_release()), arch/powerpc/kvm/powerpc.c
 * (kvm_vcpu_ioctl_enable_cap()) and arch/powerpc/kvm/book3s.c
 * (kvmppc_get_one_reg(), kvmppc_set_one_reg()).
 */
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/linux/byteorder.h>
#include <virtref/linux/uaccess.h>
#include <virtref/mem.h>
#include "xive_internal.h"

/* A guest frame's kernel address: a tag no host object lives at. */
#define GUEST_TAG ((uintptr_t)1 << (sizeof(uintptr_t) * 8 - 2))

static uint64_t env_virt_to_phys(void *data, const volatile void *addr)
{
	(void)data;
	if (WARN_ON(!((uintptr_t)addr & GUEST_TAG)))
		return 0;
	return (uint64_t)((uintptr_t)addr & ~GUEST_TAG);
}

static void *env_phys_to_virt(void *data, uint64_t phys)
{
	struct vr_xive *x = data;

	if (phys >= GUEST_TAG || !vr_mem_backed(x->hw.guest, phys & PAGE_MASK, PAGE_SIZE))
		return NULL;
	return (void *)(GUEST_TAG | (uintptr_t)phys);
}

/* The bus: the ESB window and the four TIMA pages of the calling CPU's thread. */
static int env_mmio(void *data, uint64_t phys, void *buf, unsigned int len, bool write)
{
	struct vr_xive *x = data;
	u64 esb_end = VR_XIVE_ESB_BASE + ((u64)x->hw.nr_irqs << x->hw.esb_shift);
	u64 tima_end = VR_XIVE_TIMA_BASE + (4ull << VR_XIVE_TM_SHIFT);
	u8 *b = buf;
	u64 v = 0;
	unsigned int i;
	int ret;

	for (i = 0; write && i < len; i++)
		v = v << 8 | b[i];
	if (phys >= VR_XIVE_ESB_BASE && phys < esb_end)
		ret = write ? vr_xive_esb_store(x, phys - VR_XIVE_ESB_BASE, len, v)
			    : vr_xive_esb_load(x, phys - VR_XIVE_ESB_BASE, len, &v);
	else if (phys >= VR_XIVE_TIMA_BASE && phys < tima_end)
		ret = write ? vr_xive_tima_store(x, vr_context_current()->cpu,
						 phys - VR_XIVE_TIMA_BASE, len, v)
			    : vr_xive_tima_load(x, vr_context_current()->cpu,
						phys - VR_XIVE_TIMA_BASE, len, &v);
	else
		return -EFAULT;
	if (ret)
		return -EFAULT;
	for (i = 0; !write && i < len; i++)
		b[i] = (u8)(v >> (8 * (len - 1 - i)));
	return 0;
}

const struct vr_env_ops vri_xive_env = {
	.virt_to_phys = env_virt_to_phys,
	.phys_to_virt = env_phys_to_virt,
	.mmio = env_mmio,
};

struct vr_xive *vri_xive_current(void)
{
	const struct vr_context *ctx = vr_context_current();

	if (WARN_ON(ctx->env != &vri_xive_env || !ctx->env_data))
		return NULL;
	return ctx->env_data;
}

void vri_xive_enter(struct vr_xive *x, struct vri_xive_enter *e)
{
	x->k.entries++;
	e->ctx = *vr_context_current();
	e->ctx.user = x->k.user;
	e->ctx.env = &vri_xive_env;
	e->ctx.env_data = x;
	e->prev = vr_context_enter(&e->ctx);
}

void vri_xive_leave(struct vri_xive_enter *e)
{
	/* The fault knob and the access count belong to the caller's context. */
	e->prev->uaccess_fail_nth = e->ctx.uaccess_fail_nth;
	e->prev->uaccess_calls = e->ctx.uaccess_calls;
	vr_context_leave(e->prev);
}

int vri_xive_vm_init(struct vr_xive *x)
{
	struct vri_xive_kvm *k = &x->k;
	unsigned int v;

	k->user = vr_mem_create("user");
	k->hw_irq_used = vr_calloc(x->hw.nr_irqs, 1);
	if (!k->user || !k->hw_irq_used || vr_mem_add(k->user, VRI_XIVE_OP_UBUF, PAGE_SIZE))
		return -ENOMEM;
	mutex_init(&k->kvm.lock);
	k->kvm.arch.emul_smt_mode = 1;
	k->kvm.online_vcpus = (int)x->hw.nr_vcpus;
	for (v = 0; v < x->hw.nr_vcpus; v++) {
		k->vcpu[v].kvm = &k->kvm;
		k->vcpu[v].vcpu_id = (int)v;
		k->vcpu[v].vcpu_idx = (int)v;
		mutex_init(&k->vcpu[v].mutex);
		k->kvm.vcpus[v] = &k->vcpu[v];
	}
	k->file.f_mapping = &k->mapping;
	k->next_map = VRI_XIVE_USER_MAP_BASE;
	return 0;
}

static void release_device(struct vr_xive *x)
{
	struct vri_xive_enter e;
	struct kvm_device *dev = x->k.dev;

	x->k.dev = NULL;
	x->k.file.private_data = NULL;
	vri_xive_enter(x, &e);
	mutex_lock(&x->k.kvm.lock);
	dev->ops->release(dev);
	mutex_unlock(&x->k.kvm.lock);
	vri_xive_leave(&e);
}

/* Drops one reference to the device fd's file; the last releases the device. */
static void file_put(struct vr_xive *x)
{
	if (!WARN_ON(!x->k.file_refs) && !--x->k.file_refs)
		release_device(x);
}

void vri_xive_vm_fini(struct vr_xive *x)
{
	unsigned int i;

	for (i = 0; i < VRI_XIVE_MAX_VMAS; i++)
		if (x->k.vma[i].live)
			vr_xive_kvm_munmap(x, x->k.vma[i].vma.vm_start);
	if (x->k.fd_open)
		vr_xive_kvm_close(x, VRI_XIVE_DEVICE_FD);
	for (i = 0; i < VRI_XIVE_MAX_VMAS; i++)
		vr_free(x->k.vma[i].pte);
	vr_free(x->k.kvm.arch.xive_devices.native);
	vr_free(x->k.hw_irq_used);
	vr_mem_destroy(x->k.user);
}

struct vr_mem *vr_xive_user_mem(struct vr_xive *x)
{
	return x->k.user;
}

u64 vri_xive_op_payload(struct vr_xive *x, bool fault, const void *buf, size_t len)
{
	if (fault)
		return 0;
	if (len)
		vr_mem_write(x->k.user, VRI_XIVE_OP_UBUF, buf, len);
	return VRI_XIVE_OP_UBUF;
}

int vr_xive_kvm_create_device(struct vr_xive *x, u32 type, int *fd)
{
	struct vri_xive_enter e;
	struct kvm_device *dev;
	int ret;

	if (type != KVM_DEV_TYPE_XIVE)
		return -ENODEV;
	/* One fd, one mapping table: a second device fails in create (-EEXIST). */
	dev = vr_calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->ops = &kvm_xive_native_ops;
	dev->kvm = &x->k.kvm;
	vri_xive_enter(x, &e);
	mutex_lock(&x->k.kvm.lock);
	ret = dev->ops->create(dev, type);
	mutex_unlock(&x->k.kvm.lock);
	vri_xive_leave(&e);
	if (ret < 0) {
		vr_free(dev);
		return ret;
	}
	x->k.dev = dev;
	x->k.file.private_data = dev;
	x->k.fd_open = true;
	x->k.file_refs = 1;
	*fd = VRI_XIVE_DEVICE_FD;
	return 0;
}

/* The device behind an open fd, or NULL (-EBADF). */
static struct kvm_device *device_of(struct vr_xive *x, u64 fd)
{
	return fd == VRI_XIVE_DEVICE_FD && x->k.fd_open ? x->k.dev : NULL;
}

int vr_xive_kvm_enable_cap(struct vr_xive *x, unsigned int vcpu, u32 cap, u64 fd, u64 server)
{
	struct vri_xive_enter e;
	struct kvm_device *dev;
	int ret;

	if (vcpu >= x->hw.nr_vcpus || cap != KVM_CAP_PPC_IRQ_XIVE)
		return -EINVAL;
	dev = device_of(x, fd);
	if (!dev)
		return -EBADF;
	vri_xive_enter(x, &e);
	if (!xive_enabled())
		ret = -ENXIO;
	else
		ret = kvmppc_xive_native_connect_vcpu(dev, &x->k.vcpu[vcpu], (u32)server);
	vri_xive_leave(&e);
	return ret;
}

int vr_xive_kvm_attr(struct vr_xive *x, enum vr_xive_attr_op op, int fd, u32 group, u64 attr,
		     u64 addr)
{
	struct kvm_device_attr a = { .group = group, .attr = attr, .addr = addr };
	struct kvm_device *dev = device_of(x, (u64)fd);
	int (*fn)(struct kvm_device * dev, struct kvm_device_attr * attr);
	struct vri_xive_enter e;
	int ret;

	if (!dev)
		return -EBADF;
	switch (op) {
	case VR_XIVE_SET_ATTR:
		fn = dev->ops->set_attr;
		break;
	case VR_XIVE_GET_ATTR:
		fn = dev->ops->get_attr;
		break;
	case VR_XIVE_HAS_ATTR:
		fn = dev->ops->has_attr;
		break;
	default:
		return -EINVAL;
	}
	vri_xive_enter(x, &e);
	ret = fn(dev, &a);
	vri_xive_leave(&e);
	return ret;
}

int vr_xive_kvm_one_reg(struct vr_xive *x, unsigned int vcpu, bool set, u64 id, u64 addr)
{
	struct kvm_vcpu *v;
	union kvmppc_one_reg val;
	struct vri_xive_enter e;
	int ret;

	if (vcpu >= x->hw.nr_vcpus)
		return -EINVAL;
	/* book3s.c: the registers outside the model are not there. */
	if (id != KVM_REG_PPC_VP_STATE)
		return -EINVAL;
	v = &x->k.vcpu[vcpu];
	/*
	 * KVM_RUN holds vcpu->mutex, so a one-reg ioctl waits for the vCPU
	 * to leave the guest; the model answers -EBUSY instead of waiting.
	 */
	if (v->arch.xive_pushed)
		return -EBUSY;
	memset(&val, 0, sizeof(val));
	vri_xive_enter(x, &e);
	if (set && copy_from_user(&val, (void __user *)(uintptr_t)addr, sizeof(val.xive_timaval))) {
		ret = -EFAULT;
	} else if (!v->arch.xive_vcpu || !xive_enabled()) {
		ret = -ENXIO;
	} else {
		mutex_lock(&v->mutex);
		ret = set ? kvmppc_xive_native_set_vp(v, &val) : kvmppc_xive_native_get_vp(v, &val);
		mutex_unlock(&v->mutex);
		if (!ret && !set &&
		    copy_to_user((void __user *)(uintptr_t)addr, &val, sizeof(val.xive_timaval)))
			ret = -EFAULT;
	}
	vri_xive_leave(&e);
	return ret;
}

int vr_xive_kvm_irq_line(struct vr_xive *x, u32 irq, u32 level)
{
	struct vri_xive_enter e;
	int ret;

	vri_xive_enter(x, &e);
	ret = kvmppc_xive_set_irq(&x->k.kvm, 0, irq, (int)level, false);
	vri_xive_leave(&e);
	return ret;
}

int vr_xive_kvm_close(struct vr_xive *x, int fd)
{
	if (!device_of(x, (u64)fd))
		return -EBADF;
	x->k.fd_open = false;
	file_put(x);
	return 0;
}

int vr_xive_kvm_mmap(struct vr_xive *x, int fd, u64 pgoff, u64 npages, u64 *uaddr)
{
	struct kvm_device *dev = device_of(x, (u64)fd);
	struct vri_xive_enter e;
	struct vri_xive_vma *v = NULL;
	unsigned int i;
	int ret;

	if (!dev)
		return -EBADF;
	if (!npages)
		return -EINVAL;
	/* More than the address space the model hands out (2^32 pages, below 2^62). */
	if (npages >> 32 || pgoff >> 32 || x->k.next_map >> 62)
		return -ENOMEM;
	for (i = 0; i < VRI_XIVE_MAX_VMAS && !v; i++)
		if (!x->k.vma[i].live)
			v = &x->k.vma[i];
	if (!v)
		return -ENOMEM;
	memset(&v->vma, 0, sizeof(v->vma));
	v->vma.vm_start = (unsigned long)x->k.next_map;
	v->vma.vm_end = (unsigned long)(x->k.next_map + (npages << PAGE_SHIFT));
	v->vma.vm_pgoff = (unsigned long)pgoff;
	v->vma.vm_file = &x->k.file;
	v->npte = 0;
	vri_xive_enter(x, &e);
	ret = dev->ops->mmap(dev, &v->vma);
	vri_xive_leave(&e);
	if (ret)
		return ret;
	v->live = true;
	x->k.file_refs++;
	/* A guard page between mappings, as the kernel's allocator leaves none to rely on. */
	x->k.next_map = v->vma.vm_end + PAGE_SIZE;
	*uaddr = v->vma.vm_start;
	return 0;
}

static struct vri_xive_vma *vma_at(struct vr_xive *x, u64 uaddr)
{
	unsigned int i;

	for (i = 0; i < VRI_XIVE_MAX_VMAS; i++) {
		struct vri_xive_vma *v = &x->k.vma[i];

		if (v->live && uaddr >= v->vma.vm_start && uaddr < v->vma.vm_end)
			return v;
	}
	return NULL;
}

int vr_xive_kvm_munmap(struct vr_xive *x, u64 uaddr)
{
	struct vri_xive_vma *v = vma_at(x, uaddr);

	if (!v || v->vma.vm_start != uaddr)
		return -EINVAL;
	v->live = false;
	v->npte = 0;
	file_put(x);
	return 0;
}

/* The host frame mapped at page @pg of @v; 0 when none is. */
static unsigned long pte_lookup(const struct vri_xive_vma *v, unsigned long pg)
{
	unsigned int i;

	for (i = 0; i < v->npte; i++)
		if (v->pte[i].pgoff == pg)
			return v->pte[i].pfn;
	return 0;
}

int vr_xive_kvm_user_access(struct vr_xive *x, unsigned int cpu, u64 uaddr, unsigned int size,
			    bool store, u64 *val)
{
	struct vri_xive_vma *v = vma_at(x, uaddr);
	unsigned long pg, pfn;
	u64 phys;
	int ret;

	if (cpu >= x->hw.nr_vcpus)
		return -EINVAL;
	if (!v)
		return -EFAULT;
	pg = (unsigned long)((uaddr - v->vma.vm_start) >> PAGE_SHIFT);
	pfn = pte_lookup(v, pg);
	if (!pfn) {
		struct vm_fault vmf = {
			.vma = &v->vma,
			.pgoff = v->vma.vm_pgoff + pg,
			.address = (unsigned long)(uaddr & PAGE_MASK),
		};
		struct vri_xive_enter e;
		vm_fault_t r;

		vri_xive_enter(x, &e);
		r = v->vma.vm_ops->fault(&vmf);
		vri_xive_leave(&e);
		if (r != VM_FAULT_NOPAGE)
			return -EIO;
		pfn = pte_lookup(v, pg);
	}
	phys = ((u64)pfn << PAGE_SHIFT) | (uaddr & ~PAGE_MASK);
	if (phys >= VR_XIVE_TIMA_BASE && phys - VR_XIVE_TIMA_BASE < (4ull << VR_XIVE_TM_SHIFT))
		ret = store ? vr_xive_tima_store(x, cpu, phys - VR_XIVE_TIMA_BASE, size, *val)
			    : vr_xive_tima_load(x, cpu, phys - VR_XIVE_TIMA_BASE, size, val);
	else if (phys >= VR_XIVE_ESB_BASE)
		ret = store ? vr_xive_esb_store(x, phys - VR_XIVE_ESB_BASE, size, *val)
			    : vr_xive_esb_load(x, phys - VR_XIVE_ESB_BASE, size, val);
	else
		ret = -EFAULT;
	return ret;
}

int vr_xive_kvm_vcpu_run(struct vr_xive *x, unsigned int vcpu, bool run)
{
	struct kvm_vcpu *v;
	struct vri_xive_nvt *nvt;
	int vp, ret;

	if (vcpu >= x->hw.nr_vcpus)
		return -EINVAL;
	v = &x->k.vcpu[vcpu];
	if (!v->arch.xive_vcpu || !v->arch.xive_cam_word)
		return -ENOENT;
	vp = vri_xive_vp_index(x, v->arch.xive_vcpu->vp_id);
	if (vp < 0 || (bool)v->arch.xive_pushed == run)
		return -EBUSY;
	nvt = &x->hw.nvt[vp];
	/* Entry pushes KVM's saved OS ring; exit pulls it back (kvmppc_xive_push_vcpu()). */
	if (run) {
		memcpy(nvt->saved, &v->arch.xive_saved_state.w01, 8);
		ret = vri_xive_vp_push(&x->hw, (u32)vp);
	} else {
		ret = vri_xive_vp_pull(&x->hw, (u32)vp);
		memcpy(&v->arch.xive_saved_state.w01, nvt->saved, 8);
	}
	if (!ret)
		v->arch.xive_pushed = run;
	/* The image is user space's, unvalidated: the checks say so once. */
	if (!ret)
		x->k.entered_bad[vp] = run && !vri_xive_ring_ok(x, (unsigned int)vp);
	return ret;
}
