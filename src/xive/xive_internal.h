/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The xive model's private declarations: the instance around the
 * hardware, the guest's view of its queues (Linux's struct xive_cpu and
 * struct xive_q, arch/powerpc/sysdev/xive/xive-internal.h), the profile
 * row, and the vri_xive_* helpers the files share.
 */
#ifndef VIRTREF_SRC_XIVE_INTERNAL_H
#define VIRTREF_SRC_XIVE_INTERNAL_H

#include <virtref/context.h>
#include <virtref/xive.h>
#include <virtref/xive/book3s_xive.h>
#include "hw_internal.h"

_Static_assert(VRI_XIVE_MAX_VCPUS == VR_XIVE_MAX_VCPUS, "one vCPU limit");
_Static_assert(VRI_XIVE_MAX_IRQS == VR_XIVE_MAX_IRQS, "one source limit");

/* One kernel generation.  src/xive/profile.c holds the table. */
struct vri_xive_profile {
	const char *name; /* first: the config enum's names */
	const char *summary;
	const char *origin;	 /* kernel tag, or series and patch */
	bool frees_prev_eq_page; /* Nov 2019 fix: no EQ page leak on re-config */
	bool nr_servers;	 /* 5.5: KVM_DEV_XIVE_NR_SERVERS */
};

extern const struct vri_xive_profile vri_xive_profiles[VR_XIVE_NR_PROFILES];
extern const char *const vri_xive_tima_names[VR_XIVE_NR_TIMA];

/* The guest's reader of one queue. */
struct vri_xive_guest_q {
	u32 idx;
	u8 toggle;
	u64 consumed; /* valid entries read since the END was enabled */
};

/* The guest's per-CPU interrupt state. */
struct vri_xive_guest_cpu {
	u8 pending_prio; /* bit p: queue p may hold entries */
	u8 cppr;	 /* what the guest believes CPPR is */
	u32 odd_acks;	 /* ACKs whose CPPR was not more favoured (Linux pr_err) */
	struct vri_xive_guest_q q[VR_XIVE_XIVE_PRIORITY_MAX + 1];
};

/* One mapping of the device fd and the pages its faults inserted. */
struct vri_xive_pte {
	unsigned long pgoff; /* page in the mapping */
	unsigned long pfn;   /* host frame: an ESB or TIMA page */
};

struct vri_xive_vma {
	struct vm_area_struct vma;
	bool live;
	struct vri_xive_pte *pte;
	unsigned int npte, cap;
};

#define VRI_XIVE_MAX_VMAS 4
#define VRI_XIVE_DEVICE_FD 3 /* the device fd; the only fd besides the VM's */
#define VRI_XIVE_USER_MAP_BASE 0x7fff00000000ull
#define VRI_XIVE_OP_UBUF 0x1000ull /* user page the op table's payloads use */

/* The device fd's pages, as the file's mappings see them. */
struct address_space {
	int unused;
};

/* The VM, its vCPUs and the KVM XIVE device user space sees. */
struct vri_xive_kvm {
	struct kvm kvm;
	struct kvm_vcpu vcpu[VR_XIVE_MAX_VCPUS];
	struct kvm_device *dev; /* created and not yet released */
	struct file file;	/* the device fd's file */
	struct address_space mapping;
	bool fd_open;
	unsigned int file_refs; /* the fd and each live mapping */
	struct vri_xive_vma vma[VRI_XIVE_MAX_VMAS];
	unsigned long next_map; /* where the next mapping goes */
	struct vr_mem *user;	/* user space: the ioctls' payloads */
	u8 *hw_irq_used;	/* hardware sources handed out (0 never is) */
	u64 entries;		/* vri_xive_enter() calls: kernel code ran */
	u64 ipis_clean_at;	/* entries at the last clean IPI count, + 1; 0: none */
	bool vp_block;		/* the VP block is allocated */
	bool vp_enabled[VR_XIVE_MAX_VCPUS];
	u64 esc_irqs;			     /* escalation IRQs requested and not freed */
	u64 dirty_marks;		     /* mark_page_dirty() calls */
	u64 page_refs;			     /* gfn_to_page() references not yet put */
	u64 syncs;			     /* source and queue syncs asked of firmware */
	bool entered_bad[VR_XIVE_MAX_VCPUS]; /* a VP entered with an image no ring holds */
};

/* What QEMU keeps of the sPAPR interrupt controller (src/xive/spapr.c). */
#define VRI_XIVE_SPAPR_LSI 0x1
#define VRI_XIVE_SPAPR_ASSERTED 0x2

struct vri_xive_spapr_end {
	u32 w[8];
};

struct vri_xive_spapr {
	bool active; /* XIVE negotiated, device connected */
	int fd;
	u64 esb_map, tima_map; /* QEMU's mappings of the device fd */
	u64 *eat;	       /* QEMU's EAS per LISN */
	u8 *status;	       /* VRI_XIVE_SPAPR_* per LISN */
	struct vri_xive_spapr_end endt[VR_XIVE_MAX_VCPUS * 8];
	int fault; /* the last H_INT_ESB access's fault in QEMU, 0 for none */
};

struct vr_xive {
	struct vri_xive_hw hw;
	enum vr_xive_profile profile;
	const struct vri_xive_profile *prof;
	struct vri_xive_guest_cpu cpu[VR_XIVE_MAX_VCPUS];
	u8 host_page_shift; /* the host pages backing guest memory */
	struct vri_xive_kvm k;
	struct vri_xive_spapr spapr;
};

/* spapr.c: QEMU's tables, at create and destroy. */
int vri_xive_spapr_init(struct vr_xive *x);
void vri_xive_spapr_fini(struct vr_xive *x);

/* The environment the kernel layer runs in: this instance. */
extern const struct vr_env_ops vri_xive_env;

/* The instance whose kernel layer the calling thread is in, or NULL (WARN_ON()). */
struct vr_xive *vri_xive_current(void);

/* Enters @x's environment with its user memory for one kernel call. */
struct vri_xive_enter {
	struct vr_context ctx, *prev;
};
void vri_xive_enter(struct vr_xive *x, struct vri_xive_enter *e);
void vri_xive_leave(struct vri_xive_enter *e);

/* vm.c: the VM at create and destroy. */
int vri_xive_vm_init(struct vr_xive *x);
void vri_xive_vm_fini(struct vr_xive *x);
/*
 * An op's payload: @len bytes of @buf at the op page of user memory,
 * whose address is returned; with @fault an address with no user memory
 * (page 0), so that the kernel's copy faults.
 */
u64 vri_xive_op_payload(struct vr_xive *x, bool fault, const void *buf, size_t len);

/* The hardware VP (and thread) of a VP id of the block; -1 for none. */
int vri_xive_vp_index(const struct vr_xive *x, u32 vp_id);

static inline struct vr_xive *vri_xive_of(const struct kvm *kvm)
{
	return container_of((struct kvm *)kvm, struct vr_xive, k.kvm);
}

static inline struct vri_xive_end *vri_xive_end_of(struct vr_xive *x, unsigned int vcpu, u8 prio)
{
	return &x->hw.end[VR_XIVE_END_INDEX(vcpu, prio)];
}

/* Entry @idx of @end's queue as the guest reads it (big-endian); -EFAULT
 * when its page is not guest memory. */
int vri_xive_queue_entry(const struct vr_xive *x, const struct vri_xive_end *end, u32 idx, u32 *w);

/* The guest's reader after its END was restored: empty from the index on. */
void vri_xive_guest_queue_reset(struct vr_xive *x, unsigned int vcpu, u8 prio);
/* The guest zeroed the queue it handed over and starts reading at 0. */
void vri_xive_guest_queue_fresh(struct vr_xive *x, unsigned int vcpu, u8 prio);
/*
 * The hypervisor enables an END on whatever queue it is given (firmware
 * and QEMU check no other END's queue), and the guest starts reading it;
 * vr_xive_end_config() is a Linux guest's request, which never shares.
 */
int vri_xive_end_enable(struct vr_xive *x, unsigned int vcpu, u8 prio, u64 qaddr, u8 qshift,
			bool always_notify, bool escalate);

/* invariants.c: the named checks. */
int vri_xive_check_events(void *model, struct vr_text *why);
int vri_xive_check_queues(void *model, struct vr_text *why);
int vri_xive_check_presenter(void *model, struct vr_text *why);
int vri_xive_check_pages(void *model, struct vr_text *why);
/* Whether the OS ring on thread @v holds a state the presenter reaches. */
bool vri_xive_ring_ok(const struct vr_xive *x, unsigned int v);

/* show.c */
const char *vri_xive_pq_name(u8 pq);
void vri_xive_dump(void *model, struct vr_text *out);
void vri_xive_dot(void *model, struct vr_text *out);

#endif
