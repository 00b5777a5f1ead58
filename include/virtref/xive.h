/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * POWER9 XIVE as a guest in native exploitation mode sees it.
 *
 *   source ESB (PQ)  --forward-->  EAS[src]  -->  END (vCPU, prio)  -->  NVT / thread
 *   trigger / EOI pages            EISN, mask     queue in guest memory   TIMA OS ring:
 *                                                 BE entries, generation  CPPR IPB PIPR NSR
 *
 * A guest triggers and EOIs sources through their ESB pages, finds events
 * in its queues and acknowledges them through the TIMA; the hypervisor
 * configures EAS and END and dispatches VPs.  The model also carries a
 * guest that consumes its queues the way Linux does
 * (arch/powerpc/sysdev/xive/common.c), so that traces read events as a
 * guest reads them.  Formats and offsets are in <virtref/xive/hw.h>;
 * docs/xive.md teaches them by example.
 */
#ifndef VIRTREF_XIVE_H
#define VIRTREF_XIVE_H

#include <stdbool.h>
#include <stdint.h>
#include <virtref/api.h>
#include <virtref/linux/types.h>
#include <virtref/model.h>
#include <virtref/xive/hw.h>

struct vr_mem;
struct vr_text;
struct vr_xive;

/* Kernel generations (docs/xive.md, "Profiles"). */
enum vr_xive_profile {
	VR_XIVE_PROFILE_V2,	  /* the seed series v2 as posted */
	VR_XIVE_PROFILE_5_2,	  /* as merged for 5.2 */
	VR_XIVE_PROFILE_MAINLINE, /* current mainline; the default */
	VR_XIVE_NR_PROFILES
};

#define VR_XIVE_MAX_VCPUS 8
#define VR_XIVE_MAX_IRQS 0x10000u

struct vr_xive_config {
	enum vr_xive_profile profile;
	enum vr_xive_tima tima; /* TIMA behaviour: VR_XIVE_TIMA_HW by default */
	unsigned int nr_vcpus;	/* 1 .. VR_XIVE_MAX_VCPUS */
	u32 nr_irqs;		/* sources, 1 .. VR_XIVE_MAX_IRQS */
	u8 esb_shift;		/* VR_XIVE_XIVE_ESB_4K .. VR_XIVE_XIVE_ESB_64K_2PAGE */
	bool store_eoi;		/* sources advertise StoreEOI */
	u8 host_page_shift;	/* host pages backing guest memory: 12 .. 24 (16) */
};

/* Where the model's forwarded events went (docs/xive.md, "No event lost"). */
struct vr_xive_stats {
	u64 triggers, forwarded, reforwarded, coalesced, off;
	u64 enqueued, notify_only, eas_masked, eas_invalid, write_failed;
	u64 end_coalesced, presented, backlogged;
	u64 consumed; /* entries the guest read from its queues */
};

/**
 * vr_xive_config_default() - the default configuration
 * @cfg: filled with profile mainline, TIMA "hw", 2 vCPUs, 4096 sources,
 *       two 64 KiB ESB pages per source, no StoreEOI, 64 KiB host pages
 */
VR_API void vr_xive_config_default(struct vr_xive_config *cfg);

/**
 * vr_xive_create() - a machine with every source off (PQ 01) and no VP dispatched
 * @cfg: the configuration
 * @out: the new instance
 *
 * Return:
 * * 0 - @out holds the instance
 * * -EINVAL - @cfg is out of range
 * * -ENOMEM - out of memory; nothing is left allocated
 */
VR_API int vr_xive_create(const struct vr_xive_config *cfg, struct vr_xive **out);

/**
 * vr_xive_destroy() - frees an instance and its guest memory
 * @x: the instance, or NULL
 */
VR_API void vr_xive_destroy(struct vr_xive *x);

/**
 * vr_xive_guest_mem() - guest memory, where event queues live
 * @x: the instance
 *
 * Return: the memory; back pages with vr_mem_add() before configuring a queue.
 */
VR_API struct vr_mem *vr_xive_guest_mem(struct vr_xive *x);

/**
 * vr_xive_set_lsi() - makes a source level-sensitive or message-signalled
 * @x: the instance
 * @srcno: the source
 * @lsi: true for an LSI
 *
 * Return: 0, or -EINVAL for a source the machine does not have.
 */
VR_API int vr_xive_set_lsi(struct vr_xive *x, u32 srcno, bool lsi);

/**
 * vr_xive_set_irq() - a device's line or message reaches the source
 * @x: the instance
 * @srcno: the source
 * @level: MSI: true triggers, false does nothing; LSI: assert or de-assert
 *
 * Return: 0, or -EINVAL for a source the machine does not have.
 */
VR_API int vr_xive_set_irq(struct vr_xive *x, u32 srcno, bool level);

/**
 * vr_xive_esb_addr() - the address of a source's ESB page in the ESB window
 * @x: the instance
 * @srcno: the source
 * @mgmt: the management (EOI) page rather than the trigger page
 *
 * Return: the page's first byte; in one-page modes both are the same page.
 */
VR_API u64 vr_xive_esb_addr(const struct vr_xive *x, u32 srcno, bool mgmt);

/**
 * vr_xive_esb_load() - an MMIO load in the ESB window
 * @x: the instance
 * @addr: the address (source << esb_shift, plus the page and offset)
 * @size: bytes; only 8 is an ESB access
 * @val: the value, the result in its low byte; all ones for an invalid load
 *
 * Return: 0, or -EINVAL when nothing answers (outside the window, another
 * size, unaligned) and @val is untouched.
 */
VR_API int vr_xive_esb_load(struct vr_xive *x, u64 addr, unsigned int size, u64 *val);

/**
 * vr_xive_esb_store() - an MMIO store in the ESB window
 * @x: the instance
 * @addr: the address
 * @size: bytes; only 8 is an ESB access
 * @val: the data (ignored by P9 ESBs)
 *
 * Return: 0 (ignored stores included), or -EINVAL when nothing answers.
 */
VR_API int vr_xive_esb_store(struct vr_xive *x, u64 addr, unsigned int size, u64 val);

/**
 * vr_xive_pq() - a source's PQ bits
 * @x: the instance
 * @srcno: the source
 *
 * Return: 0..3, or -EINVAL for a source the machine does not have.
 */
VR_API int vr_xive_pq(const struct vr_xive *x, u32 srcno);

/**
 * vr_xive_set_eas() - the hypervisor writes a source's EAS
 * @x: the instance
 * @srcno: the source
 * @eas: the EAS, e.g. vr_xive_eas(VR_XIVE_END_INDEX(vcpu, prio), eisn, false)
 *
 * Return: 0, or -EINVAL for a source the machine does not have.
 */
VR_API int vr_xive_set_eas(struct vr_xive *x, u32 srcno, u64 eas);

/**
 * vr_xive_get_eas() - a source's EAS
 * @x: the instance
 * @srcno: the source
 *
 * Return: the EAS, 0 (not valid) for a source the machine does not have.
 */
VR_API u64 vr_xive_get_eas(const struct vr_xive *x, u32 srcno);

/**
 * vr_xive_end_config() - the hypervisor enables or disables an END's queue
 * @x: the instance
 * @vcpu: the NVT's vCPU
 * @prio: the priority, 0..7
 * @qaddr: guest address of the queue, aligned to its size
 * @qshift: 12, 16, 21 or 24; 0 disables the END
 * @always_notify: END.n: every enqueue notifies; else ESn coalesces
 * @escalate: END.e: escalate when the VP is not dispatched
 *
 * A fresh queue has generation 1 and index 0; the guest zeroes the queue
 * (as Linux does before handing it over) and its reader starts over at
 * index 0 with toggle 0.  The queue is a Linux guest's own page: one that
 * another enabled END's queue uses is refused (the KVM device, like the
 * hardware, takes it: see docs/xive.md).
 *
 * Return:
 * * 0 - done
 * * -EINVAL - no such vCPU or priority, a size or alignment the
 *   architecture does not have
 * * -EFAULT - the queue is not all in guest memory
 * * -EBUSY - another enabled END's queue uses memory of it; nothing changed
 */
VR_API int vr_xive_end_config(struct vr_xive *x, unsigned int vcpu, u8 prio, u64 qaddr, u8 qshift,
			      bool always_notify, bool escalate);

/**
 * vr_xive_end_restore() - sets an enabled END's generation and producer index
 * @x: the instance
 * @vcpu: the NVT's vCPU
 * @prio: the priority
 * @gen: the generation bit
 * @index: the producer index, below the queue's entries
 *
 * The guest's reader moves to the same point; the caller guarantees that
 * the queue memory reads empty from there (the invariants say when not).
 *
 * Return: 0, or -EINVAL when the END is not enabled or an argument is out of range.
 */
VR_API int vr_xive_end_restore(struct vr_xive *x, unsigned int vcpu, u8 prio, bool gen, u32 index);

/**
 * vr_xive_end_words() - an END's eight words
 * @x: the instance
 * @vcpu: the NVT's vCPU
 * @prio: the priority
 * @w: filled with the words, as values (the END is big-endian in memory)
 *
 * Return: 0, or -EINVAL for an END the machine does not have.
 */
VR_API int vr_xive_end_words(const struct vr_xive *x, unsigned int vcpu, u8 prio, u32 w[8]);

/**
 * vr_xive_end_esb() - a load or store on an END's notification ESB (ESn)
 * @x: the instance
 * @vcpu: the NVT's vCPU
 * @prio: the priority
 * @offset: management page offset, as for a source
 * @store: a store rather than a load
 * @val: the loaded value (0 for a store)
 *
 * An EOI that re-forwards notifies the presenter again.
 *
 * Return: 0, or -EINVAL for an END the machine does not have or an offset
 * beyond the page.
 */
VR_API int vr_xive_end_esb(struct vr_xive *x, unsigned int vcpu, u8 prio, u32 offset, bool store,
			   u64 *val);

/**
 * vr_xive_tima_load() - a load from the TIMA of a hardware thread
 * @x: the instance
 * @thread: the thread (thread n runs vCPU n's VP when it is dispatched)
 * @offset: page << VR_XIVE_TM_SHIFT | offset in the page
 * @size: 1, 2, 4 or 8
 * @val: the value; all ones when the access is not one the page allows
 *
 * Return: 0, or -EINVAL when nothing answers (no such thread, beyond the
 * four pages, another size).
 */
VR_API int vr_xive_tima_load(struct vr_xive *x, unsigned int thread, u64 offset, unsigned int size,
			     u64 *val);

/**
 * vr_xive_tima_store() - a store to the TIMA of a hardware thread
 * @x: the instance
 * @thread: the thread
 * @offset: page << VR_XIVE_TM_SHIFT | offset in the page
 * @size: 1, 2, 4 or 8
 * @val: the data, in the low @size bytes
 *
 * Return: 0 (discarded stores included), or -EINVAL when nothing answers.
 */
VR_API int vr_xive_tima_store(struct vr_xive *x, unsigned int thread, u64 offset, unsigned int size,
			      u64 val);

/**
 * vr_xive_vp_push() - dispatches vCPU @vcpu's VP on its thread
 * @x: the instance
 * @vcpu: the vCPU
 *
 * The saved OS ring is loaded and the NVT's backup IPB merged into it.
 *
 * Return: 0, -EINVAL for no such vCPU, -EBUSY when already dispatched.
 */
VR_API int vr_xive_vp_push(struct vr_xive *x, unsigned int vcpu);

/**
 * vr_xive_vp_pull() - takes the VP off its thread, saving its OS ring
 * @x: the instance
 * @vcpu: the vCPU
 *
 * Return: 0, -EINVAL for no such vCPU, -ENOENT when not dispatched.
 */
VR_API int vr_xive_vp_pull(struct vr_xive *x, unsigned int vcpu);

/**
 * vr_xive_os_ring() - the OS ring bytes NSR .. PIPR of a vCPU's VP
 * @x: the instance
 * @vcpu: the vCPU
 * @ring: filled with the 8 bytes, from the thread if dispatched, else saved
 *
 * Return: 1 when dispatched, 0 when not, -EINVAL for no such vCPU.
 */
VR_API int vr_xive_os_ring(const struct vr_xive *x, unsigned int vcpu, u8 ring[8]);

/**
 * vr_xive_nvt_ipb() - the backup IPB of a VP that is not dispatched
 * @x: the instance
 * @vcpu: the vCPU
 *
 * Return: the IPB, 0 for no such vCPU.
 */
VR_API u8 vr_xive_nvt_ipb(const struct vr_xive *x, unsigned int vcpu);

/**
 * vr_xive_escalations() - escalation interrupts a VP's ENDs fired
 * @x: the instance
 * @vcpu: the vCPU
 *
 * Return: the count, 0 for no such vCPU.
 */
VR_API u64 vr_xive_escalations(const struct vr_xive *x, unsigned int vcpu);

/**
 * vr_xive_stats() - where forwarded events went
 * @x: the instance
 * @st: filled
 */
VR_API void vr_xive_stats(const struct vr_xive *x, struct vr_xive_stats *st);

/**
 * vr_xive_guest_setup() - the guest brings up a vCPU (Linux xive_setup_cpu())
 * @x: the instance
 * @vcpu: the vCPU; its VP must be dispatched
 *
 * Stores CPPR 0xff through the OS page; the guest's idea of CPPR is 0xff.
 *
 * Return: 0, -EINVAL for no such vCPU, -ENOENT when the VP is not dispatched.
 */
VR_API int vr_xive_guest_setup(struct vr_xive *x, unsigned int vcpu);

/**
 * vr_xive_guest_get_irq() - the guest's interrupt entry (Linux xive_get_irq())
 * @x: the instance
 * @vcpu: the vCPU; its VP must be dispatched
 * @ack: the ACK_OS_REG value, (NSR << 8) | CPPR
 * @irq: the EISN found in the most favoured non-empty queue, 0 for none
 *
 * One ACK, then the queues of the pending priorities in priority order;
 * finally the CPPR store when the priority found differs from the guest's.
 *
 * Return: 0, -EINVAL for no such vCPU, -ENOENT when the VP is not dispatched.
 */
VR_API int vr_xive_guest_get_irq(struct vr_xive *x, unsigned int vcpu, u16 *ack, u32 *irq);

/**
 * vr_xive_guest_eoi() - the guest EOIs a source (Linux xive_irq_eoi())
 * @x: the instance
 * @vcpu: the vCPU handling it; its VP must be dispatched
 * @srcno: the source
 * @replay: whether a peek of the pending queues found more, so that the
 *          guest replays its interrupt entry
 *
 * StoreEOI when the sources have it, load-EOI for an LSI, else SET_PQ_00
 * and a trigger store when Q was set.
 *
 * Return: 0, -EINVAL for no such vCPU or source, -ENOENT when the VP is
 * not dispatched.
 */
VR_API int vr_xive_guest_eoi(struct vr_xive *x, unsigned int vcpu, u32 srcno, bool *replay);

/**
 * vr_xive_guest_read_eq() - the guest reads one queue entry (Linux xive_read_eq())
 * @x: the instance
 * @vcpu: the vCPU
 * @prio: the queue's priority
 * @peek: leave the entry in the queue
 * @data: the EISN, 0 when the queue is empty or not configured
 *
 * Return: 0, or -EINVAL for no such vCPU or priority.
 */
VR_API int vr_xive_guest_read_eq(struct vr_xive *x, unsigned int vcpu, u8 prio, bool peek,
				 u32 *data);

/**
 * vr_xive_invariants() - every check after every step
 * @x: the instance
 * @why: one line per violation
 *
 * (a) no event lost: each forwarded event is in exactly one place and no
 * queue holds more unread entries than slots; (b) every enabled END's
 * generation and index agree with its queue memory and the guest's reader;
 * (c) each dispatched OS ring's PIPR, CPPR and NSR agree with its IPB
 * under the configured TIMA behaviour.
 *
 * Return: 0 when they hold, 1 otherwise.
 */
VR_API int vr_xive_invariants(struct vr_xive *x, struct vr_text *why);

/**
 * vr_xive_profile_name() - a profile's name
 * @p: the profile
 *
 * Return: "v2", "5.2", "mainline", or NULL.
 */
VR_API const char *vr_xive_profile_name(enum vr_xive_profile p);

/**
 * vr_xive_dump() - a readable dump of the whole state
 * @x: the instance
 * @out: where it goes
 */
VR_API void vr_xive_dump(struct vr_xive *x, struct vr_text *out);

/*
 * The KVM XIVE native device (KVM_DEV_TYPE_XIVE) as user space reaches
 * it: the VM of the instance has one vCPU per hardware thread, a device
 * fd once created, and user memory (vr_xive_user_mem()) where the
 * ioctls' payloads live, so that a __user address is an address there
 * and an unbacked one is -EFAULT.  Each returns what the ioctl returns
 * on mainline (or the profile's kernel): 0 or a negative errno, the
 * codes of Documentation/virt/kvm/devices/xive.rst and docs/xive.md.
 */

/**
 * vr_xive_user_mem() - user space memory, where ioctl payloads live
 * @x: the instance
 *
 * Page 0x1000 is backed for the op table's payloads; page 0 never is.
 *
 * Return: the memory; back pages with vr_mem_add() and write payloads there.
 */
VR_API struct vr_mem *vr_xive_user_mem(struct vr_xive *x);

/**
 * vr_xive_kvm_create_device() - KVM_CREATE_DEVICE on the VM
 * @x: the instance
 * @type: KVM_DEV_TYPE_XIVE (9)
 * @fd: the device fd
 *
 * Return: 0; -ENODEV another type; -EEXIST the VM has an XIVE device
 * (also one whose fd is closed while a mapping holds it); -ENOMEM.
 */
VR_API int vr_xive_kvm_create_device(struct vr_xive *x, u32 type, int *fd);

/**
 * vr_xive_kvm_enable_cap() - KVM_ENABLE_CAP on a vCPU fd: connect it to the device
 * @x: the instance
 * @vcpu: the vCPU
 * @cap: KVM_CAP_PPC_IRQ_XIVE (169)
 * @fd: args[0], the device fd
 * @server: args[1], the server number
 *
 * Return: 0; -EINVAL another capability, no such vCPU, or a server at or
 * beyond NR_SERVERS; -EBADF @fd is not open; -EBUSY the vCPU is
 * connected; -ENOSPC no VP block; -EEXIST another vCPU has the server;
 * -ENOMEM; -EIO firmware refused the VP.
 */
VR_API int vr_xive_kvm_enable_cap(struct vr_xive *x, unsigned int vcpu, u32 cap, u64 fd,
				  u64 server);

enum vr_xive_attr_op {
	VR_XIVE_SET_ATTR, /* KVM_SET_DEVICE_ATTR */
	VR_XIVE_GET_ATTR, /* KVM_GET_DEVICE_ATTR */
	VR_XIVE_HAS_ATTR, /* KVM_HAS_DEVICE_ATTR */
	VR_XIVE_NR_ATTR_OPS
};

/**
 * vr_xive_kvm_attr() - a device attribute ioctl on the device fd
 * @x: the instance
 * @op: set, get or has
 * @fd: the device fd
 * @group: KVM_DEV_XIVE_GRP_*
 * @attr: the attribute (a source number, an EQ identifier, a control)
 * @addr: user address of the payload
 *
 * Return: what the device returns for the group (docs/xive.md); -EBADF
 * @fd is not open; -EINVAL another @op.
 */
VR_API int vr_xive_kvm_attr(struct vr_xive *x, enum vr_xive_attr_op op, int fd, u32 group, u64 attr,
			    u64 addr);

/**
 * vr_xive_kvm_one_reg() - KVM_GET_ONE_REG or KVM_SET_ONE_REG of the VP state
 * @x: the instance
 * @vcpu: the vCPU
 * @set: a SET rather than a GET
 * @id: KVM_REG_PPC_VP_STATE
 * @addr: user address of the 16 bytes
 *
 * Return: 0; -EINVAL no such vCPU or another register; -EBUSY the vCPU
 * is in the guest (the ioctl would wait for KVM_RUN, which holds the
 * vCPU's mutex); -ENXIO the vCPU has no presenter; -EPERM it is not the
 * native device's; -ENOENT; -EFAULT.
 */
VR_API int vr_xive_kvm_one_reg(struct vr_xive *x, unsigned int vcpu, bool set, u64 id, u64 addr);

/**
 * vr_xive_kvm_irq_line() - KVM_IRQ_LINE: user space raises or lowers a source
 * @x: the instance
 * @irq: the guest source
 * @level: 0, 1, KVM_INTERRUPT_SET, _UNSET or _SET_LEVEL
 *
 * Return: 0; -ENODEV no device; -EINVAL a source that is not set up.
 */
VR_API int vr_xive_kvm_irq_line(struct vr_xive *x, u32 irq, u32 level);

/**
 * vr_xive_kvm_mmap() - mmap() of the device fd
 * @x: the instance
 * @fd: the device fd
 * @pgoff: page offset: KVM_XIVE_TIMA_PAGE_OFFSET or KVM_XIVE_ESB_PAGE_OFFSET
 * @npages: pages (of PAGE_SIZE) to map
 * @uaddr: the user address of the mapping
 *
 * Nothing is mapped until an access faults a page in.
 *
 * Return: 0; -EBADF; -EINVAL another offset, too many pages, or none;
 * -ENOMEM no room for another mapping.
 */
VR_API int vr_xive_kvm_mmap(struct vr_xive *x, int fd, u64 pgoff, u64 npages, u64 *uaddr);

/**
 * vr_xive_kvm_munmap() - munmap() of a whole mapping
 * @x: the instance
 * @uaddr: where vr_xive_kvm_mmap() put it
 *
 * Return: 0, or -EINVAL when no mapping starts there.
 */
VR_API int vr_xive_kvm_munmap(struct vr_xive *x, u64 uaddr);

/**
 * vr_xive_kvm_user_access() - a load or store through a mapping of the device fd
 * @x: the instance
 * @cpu: the hardware thread doing it (the TIMA it reaches)
 * @uaddr: the user address
 * @size: bytes (8 for an ESB access)
 * @store: a store rather than a load
 * @val: the value stored, or loaded
 *
 * A page not yet mapped faults in first.
 *
 * Return: 0; -EFAULT no mapping there (SIGSEGV); -EIO the fault refused
 * the page (SIGBUS); -EINVAL what the ESB or TIMA does not answer, or no
 * such thread.
 */
VR_API int vr_xive_kvm_user_access(struct vr_xive *x, unsigned int cpu, u64 uaddr,
				   unsigned int size, bool store, u64 *val);

/**
 * vr_xive_kvm_vcpu_run() - a connected vCPU enters (or leaves) the guest
 * @x: the instance
 * @vcpu: the vCPU
 * @run: enter rather than leave
 *
 * Entering pushes KVM's saved OS ring onto the thread of the vCPU's VP;
 * leaving pulls it back into the saved ring.
 *
 * Return: 0; -EINVAL no such vCPU; -ENOENT not connected; -EBUSY already
 * in that state.
 */
VR_API int vr_xive_kvm_vcpu_run(struct vr_xive *x, unsigned int vcpu, bool run);

/**
 * vr_xive_kvm_close() - close() of the device fd
 * @x: the instance
 * @fd: the device fd
 *
 * The device is released when the last mapping of it goes too.
 *
 * Return: 0, or -EBADF.
 */
VR_API int vr_xive_kvm_close(struct vr_xive *x, int fd);

/*
 * The sPAPR hypercalls of a XIVE native guest, handled as QEMU handles
 * them over the KVM device (qemu/qemu hw/intc/spapr_xive.c,
 * spapr_xive_kvm.c); numbers and codes in <virtref/xive/hvcall.h>.
 */

/**
 * vr_xive_spapr_claim() - the machine claims a LISN for a device (spapr_xive_claim_irq())
 * @x: the instance
 * @lisn: the source, below the configured irqs
 * @lsi: level-sensitive
 *
 * The source's EAS becomes valid and masked; once the device is
 * connected it is also set up in KVM (KVM_DEV_XIVE_GRP_SOURCE).
 *
 * Return: 0; -EINVAL no such source; -EBUSY claimed; an ioctl's errno.
 */
VR_API int vr_xive_spapr_claim(struct vr_xive *x, u32 lisn, bool lsi);

/**
 * vr_xive_spapr_activate() - the guest negotiated XIVE: QEMU connects the KVM device
 * @x: the instance
 *
 * Creates the device, maps its ESB pages (every source) and TIMA, sets
 * up every claimed source and connects vCPU n as server n
 * (kvmppc_xive_connect()).
 *
 * Return: 0; -EBUSY done already; the first failing ioctl's errno.
 */
VR_API int vr_xive_spapr_activate(struct vr_xive *x);

/**
 * vr_xive_spapr_set_irq() - a device raises or lowers a claimed source
 * @x: the instance
 * @lisn: the source
 * @level: MSI: true triggers; LSI: the line
 *
 * Return: 0; -EINVAL not claimed; KVM_IRQ_LINE's errno.
 */
VR_API int vr_xive_spapr_set_irq(struct vr_xive *x, u32 lisn, bool level);

/**
 * vr_xive_hcall() - a guest's H_INT_* hypercall
 * @x: the instance
 * @opcode: H_INT_GET_SOURCE_INFO .. H_INT_RESET
 * @args: R4..R8 in; the outputs in R4.. on H_SUCCESS
 *
 * Return: H_SUCCESS or the H_* code QEMU returns: H_FUNCTION before the
 * guest negotiated XIVE and for the reporting-line calls, H_PARAMETER
 * for flags, H_P2..H_P5 per argument, H_HARDWARE when the device
 * refused (or an ESB access faulted in QEMU).
 */
VR_API long vr_xive_hcall(struct vr_xive *x, u64 opcode, u64 args[5]);

/*
 * The migration checker (docs/xive.md, "Migration order"): user space
 * saves the device's state in the order of a list of steps, the source
 * stops at the first restore step (guest memory moves then), and the
 * state is restored into a fresh VM in the list's order.
 */
enum vr_xive_mig_step {
	VR_XIVE_MIG_MASK,	     /* save: SET_PQ_01 on every source, keeping its PQ */
	VR_XIVE_MIG_EQ_SYNC,	     /* save: KVM_DEV_XIVE_EQ_SYNC */
	VR_XIVE_MIG_SAVE_EQS,	     /* save: every queue's configuration, toggle and index */
	VR_XIVE_MIG_SAVE_SOURCES,    /* save: every source's route */
	VR_XIVE_MIG_SAVE_VPS,	     /* save: every connected vCPU's VP state */
	VR_XIVE_MIG_RESTORE_EQS,     /* restore: the queues */
	VR_XIVE_MIG_RESTORE_SOURCES, /* restore: set the sources up and route them */
	VR_XIVE_MIG_RESTORE_VPS,     /* restore: the VP states */
	VR_XIVE_MIG_RESTORE_PQ,	     /* restore: the PQ bits, through the ESB pages */
	VR_XIVE_MIG_TRIGGER,	     /* the VM still runs: a device fires source @irq */
	VR_XIVE_NR_MIG_STEPS
};

struct vr_xive_mig_op {
	enum vr_xive_mig_step step;
	u32 irq; /* VR_XIVE_MIG_TRIGGER: the guest source */
};

/* Documentation/virt/kvm/devices/xive.rst: mask, sync, save; EQs, sources, VPs, PQ. */
#define VR_XIVE_MIG_DOCUMENTED_STEPS 9
extern VR_API const struct vr_xive_mig_op vr_xive_mig_documented[VR_XIVE_MIG_DOCUMENTED_STEPS];

/**
 * vr_xive_migrate_check() - migrates @src's XIVE state in an order and compares
 * @src: a VM with its device fd open; left as the save leaves it (masked)
 * @ops: the steps, save steps before restore steps
 * @n: how many
 * @lost: one line per thing the destination's guest sees differently
 *
 * The reference is what the source's guest sees when the source stops
 * (its queues, its vCPUs' OS rings with the backup IPB merged, the PQ
 * bits saved by the mask step); a masked source dropping an event
 * before the stop, a restore the device refuses and a kernel WARN on
 * the destination count as lost too.
 *
 * Return: 0 nothing lost; 1 @lost says what; -EINVAL no open device, an
 * unknown step or a save step after a restore step; -ENOMEM, or the
 * errno of an ioctl setting the destination up.
 */
VR_API int vr_xive_migrate_check(struct vr_xive *src, const struct vr_xive_mig_op *ops,
				 unsigned int n, struct vr_text *lost);

/* The model's op table, for the instance API and its tests. */
extern VR_API const struct vr_model vr_model_xive;

#endif
