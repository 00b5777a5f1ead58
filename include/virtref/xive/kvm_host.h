/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The kernel's VM, vCPU and device objects for the fields the XIVE
 * native device touches, the memory-management calls it makes (guest
 * pages, the device fd's mappings and their faults) and the one-reg
 * value.  A translation unit includes one model's kernel headers only.
 *
 * mirrors: torvalds/linux include/linux/kvm_host.h (struct kvm,
 *          struct kvm_vcpu, struct kvm_device, struct kvm_device_ops,
 *          kvm_for_each_vcpu(), gfn_to_page(), kvm_host_page_size(),
 *          mark_page_dirty()), arch/powerpc/include/asm/kvm_host.h
 *          (struct kvm_arch, struct kvm_vcpu_arch, union xive_tma_w01,
 *          KVMPPC_IRQ_*), arch/powerpc/include/asm/kvm_ppc.h (union
 *          kvmppc_one_reg, kvmppc_xive_enabled(), the kvmppc_xive_native_*
 *          prototypes), include/linux/mm.h and mm_types.h (struct
 *          vm_area_struct, struct vm_fault, vm_fault_t, vma_pages(),
 *          vmf_insert_pfn(), put_page(), unmap_mapping_range()) and
 *          include/linux/srcu.h, at v6.15.
 *
 * Where the kernel keeps a field in another form (an xarray, an
 * atomic) the comment says so.
 */
#ifndef VIRTREF_XIVE_KVM_HOST_H
#define VIRTREF_XIVE_KVM_HOST_H

#include <stdbool.h>
#include <virtref/api.h>
#include <virtref/linux/kernel.h>
#include <virtref/linux/mm.h>
#include <virtref/linux/mutex.h>
#include <virtref/linux/types.h>
#include <virtref/xive/kvm.h>

#define KVM_MAX_VCPUS 8
#define KVM_MAX_VCPU_IDS KVM_MAX_VCPUS

typedef u64 gfn_t;
typedef u64 gpa_t;
typedef unsigned long pgoff_t;

/* include/linux/srcu.h: one thread, so a read section is a depth. */
struct srcu_struct {
	int readers;
};

static inline int srcu_read_lock(struct srcu_struct *ssp)
{
	return ssp->readers++;
}

static inline void srcu_read_unlock(struct srcu_struct *ssp, int idx)
{
	WARN_ON(--ssp->readers != idx);
}

struct kvmppc_xive;
struct kvmppc_xive_vcpu;
struct kvm_device;

/* arch/powerpc/include/asm/kvm_host.h */
#define KVMPPC_IRQ_DEFAULT 0
#define KVMPPC_IRQ_MPIC 1
#define KVMPPC_IRQ_XICS 2 /* Includes a XIVE option */
#define KVMPPC_IRQ_XIVE 3 /* XIVE native exploitation mode */

struct kvmppc_xive_devices {
	struct kvmppc_xive *native;
	struct kvmppc_xive *xics_on_xive;
};

struct kvm_arch {
	struct kvmppc_xive *xive; /* Current XIVE device in use */
	struct kvmppc_xive_devices xive_devices;
	int emul_smt_mode; /* emulated SMT mode, on P9 */
};

/* The OS ring bytes KVM saves while a vCPU is not running. */
union xive_tma_w01 {
	struct {
		u8 nsr;
		u8 cppr;
		u8 ipb;
		u8 lsmfb;
		u8 ack;
		u8 inc;
		u8 age;
		u8 pipr;
	};
	__be64 w01;
};

struct kvm_vcpu_arch {
	u8 irq_type; /* one of KVMPPC_IRQ_* */
	struct kvmppc_xive_vcpu *xive_vcpu;
	union xive_tma_w01 xive_saved_state; /* W0..1 */
	__be32 xive_cam_word;		     /* Cooked W2 in proper endian with valid bit */
	u8 xive_pushed;			     /* Is the VP pushed on the physical CPU ? */
};

struct kvm_vcpu {
	struct kvm *kvm;
	int vcpu_id;
	int vcpu_idx;
	struct mutex mutex;
	struct kvm_vcpu_arch arch;
};

struct kvm {
	struct mutex lock;
	struct srcu_struct srcu;
	int online_vcpus;		       /* atomic_t in the kernel */
	struct kvm_vcpu *vcpus[KVM_MAX_VCPUS]; /* an xarray in the kernel */
	struct kvm_arch arch;
};

#define kvm_for_each_vcpu(idx, vcpup, kvm)                                                         \
	for ((idx) = 0; (idx) < (unsigned long)(kvm)->online_vcpus &&                              \
			((vcpup) = (kvm)->vcpus[(idx)]) != NULL;                                   \
	     (idx)++)

static inline struct kvm_vcpu *kvm_get_vcpu(struct kvm *kvm, int i)
{
	if (i < 0 || i >= kvm->online_vcpus)
		return NULL;
	return kvm->vcpus[i];
}

/* include/linux/mm_types.h, mm.h: a mapping of a device fd. */
typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM 0x000001
#define VM_FAULT_SIGBUS 0x000002
#define VM_FAULT_NOPAGE 0x000100

#define VM_IO 0x00004000
#define VM_PFNMAP 0x00000400

typedef struct {
	unsigned long pgprot;
} pgprot_t;

#define pgprot_noncached_wc(prot) (prot)

struct address_space;

struct file {
	void *private_data;
	struct address_space *f_mapping;
};

struct vm_area_struct;

struct vm_fault {
	struct vm_area_struct *vma;
	pgoff_t pgoff;	       /* logical page offset based on vma */
	unsigned long address; /* faulting virtual address */
};

struct vm_operations_struct {
	vm_fault_t (*fault)(struct vm_fault *vmf);
};

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_pgoff; /* offset within vm_file in PAGE_SIZE units */
	unsigned long vm_flags;
	pgprot_t vm_page_prot;
	const struct vm_operations_struct *vm_ops;
	struct file *vm_file;
};

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

static inline void vm_flags_set(struct vm_area_struct *vma, unsigned long flags)
{
	vma->vm_flags |= flags;
}

/**
 * vmf_insert_pfn() - maps a host frame at a user address of a mapping
 * @vma: the mapping
 * @addr: the faulting user address
 * @pfn: the host frame (a device page: ESB or TIMA)
 *
 * Return: VM_FAULT_NOPAGE; VM_FAULT_SIGBUS when @addr is outside @vma;
 * VM_FAULT_OOM when the page table cannot grow.
 */
VR_API vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn);

/**
 * unmap_mapping_range() - zaps the pages of a file's mappings in a range
 * @mapping: the file's mappings
 * @holebegin: byte offset in the file
 * @holelen: bytes
 * @even_cows: ignored (device mappings have no private copies)
 */
VR_API void unmap_mapping_range(struct address_space *mapping, s64 const holebegin,
				s64 const holelen, int even_cows);

/*
 * Guest memory.  A frame is a struct page token (<virtref/linux/mm.h>);
 * gfn_to_page() takes a reference on the frame that put_page() drops,
 * and the model counts both (pins of the guest memory, vr_mem_pin_count()).
 */
#define gpa_to_gfn(gpa) ((gfn_t)((gpa) >> PAGE_SHIFT))

/**
 * gfn_to_page() - a guest frame's page, with a reference
 * @kvm: the VM
 * @gfn: the guest frame
 *
 * Return: the page, or NULL when no guest memory backs @gfn.
 */
VR_API struct page *gfn_to_page(struct kvm *kvm, gfn_t gfn);

/**
 * put_page() - drops a reference gfn_to_page() took
 * @page: the page
 */
VR_API void put_page(struct page *page);

/**
 * kvm_host_page_size() - the size of the host page backing a guest frame
 * @vcpu: a vCPU of the VM
 * @gfn: the guest frame
 *
 * Return: the host page size when guest memory backs the whole host
 * page, else PAGE_SIZE (as for a frame outside every memslot).
 */
VR_API unsigned long kvm_host_page_size(struct kvm_vcpu *vcpu, gfn_t gfn);

/**
 * mark_page_dirty() - logs a guest frame as written, for migration
 * @kvm: the VM
 * @gfn: the guest frame
 */
VR_API void mark_page_dirty(struct kvm *kvm, gfn_t gfn);

/* include/linux/kvm_host.h: a device user space created on a VM. */
struct kvm_device {
	const struct kvm_device_ops *ops;
	struct kvm *kvm;
	void *private;
};

struct kvm_device_ops {
	const char *name;
	int (*create)(struct kvm_device *dev, u32 type);
	void (*init)(struct kvm_device *dev);
	void (*destroy)(struct kvm_device *dev);
	void (*release)(struct kvm_device *dev);
	int (*set_attr)(struct kvm_device *dev, struct kvm_device_attr *attr);
	int (*get_attr)(struct kvm_device *dev, struct kvm_device_attr *attr);
	int (*has_attr)(struct kvm_device *dev, struct kvm_device_attr *attr);
	int (*mmap)(struct kvm_device *dev, struct vm_area_struct *vma);
};

/* arch/powerpc/include/asm/kvm_ppc.h */
union kvmppc_one_reg {
	u32 wval;
	u64 dval;
	u64 xive_timaval[2];
};

static inline bool kvmppc_xive_enabled(struct kvm_vcpu *vcpu)
{
	return vcpu->arch.irq_type == KVMPPC_IRQ_XIVE;
}

extern VR_API struct kvm_device_ops kvm_xive_native_ops;

VR_API int kvmppc_xive_native_connect_vcpu(struct kvm_device *dev, struct kvm_vcpu *vcpu,
					   u32 server_num);
VR_API void kvmppc_xive_native_cleanup_vcpu(struct kvm_vcpu *vcpu);
VR_API int kvmppc_xive_native_get_vp(struct kvm_vcpu *vcpu, union kvmppc_one_reg *val);
VR_API int kvmppc_xive_native_set_vp(struct kvm_vcpu *vcpu, union kvmppc_one_reg *val);
VR_API bool kvmppc_xive_native_supported(void);
VR_API int kvmppc_xive_set_irq(struct kvm *kvm, int irq_source_id, u32 irq, int level,
			       bool line_status);

/**
 * vr_xive_frees_prev_eq_page() - whether the VM's kernel generation drops
 * the reference on a queue's previous page when the queue is set again
 * @kvm: the VM
 *
 * The profile rule book3s_xive_native.c reads, as a hook: a kernel tree
 * has the fix ("KVM: PPC: Book3S HV: XIVE: Free previous EQ page when
 * setting up a new one", Nov 2019) or not at build time.
 *
 * Return: true on mainline; false on v2 and 5.2, which leak it.
 */
VR_API bool vr_xive_frees_prev_eq_page(const struct kvm *kvm);

/**
 * vr_xive_has_nr_servers() - whether the VM's kernel generation has the
 * KVM_DEV_XIVE_NR_SERVERS control (5.5 and later)
 * @kvm: the VM
 *
 * Return: true on mainline.
 */
VR_API bool vr_xive_has_nr_servers(const struct kvm *kvm);

#endif
