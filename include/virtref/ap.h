/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The s390 AP (crypto adapter) queues as a guest observes them through
 * PQAP, NQAP and DQAP (docs/ap.md):
 *
 *   adapters (APID) x usage domains (APQI) = queues (APQN)
 *   NQAP request --> outstanding --reply--> reply waiting --DQAP--> program
 *                                             |  interruptions enabled (AQIC):
 *                                             +-> NIB byte stored, ISC pending
 *
 * The formats are in <virtref/ap/hw.h>.
 */
#ifndef VIRTREF_AP_H
#define VIRTREF_AP_H

#include <stdbool.h>
#include <stdint.h>
#include <virtref/api.h>
#include <virtref/ap/hw.h>
#include <virtref/model.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vr_mem;
struct vr_text;

/* Profiles: the kernel states this model reproduces (docs/ap.md "Profiles"). */
enum vr_ap_profile {
	VR_AP_MAINLINE, /* NIB validation, GISC failure handling, explicit cc 0 */
	VR_AP_5_3,	/* the seed series as merged */
	VR_AP_V4,	/* the seed series v4 as posted (February 2019) */
	VR_AP_NR_PROFILES
};

/* Adapters and usage domains the model holds at most. */
#define VR_AP_MAX_ADAPTERS 16u
#define VR_AP_MAX_DOMAINS 16u
/* Deepest request queue an adapter may have. */
#define VR_AP_MAX_DEPTH 8u

/* The program's CRYCB: none (it addresses the whole configuration) or a format. */
enum vr_ap_crycb_format { VR_AP_CRYCB_NONE, VR_AP_CRYCB_0, VR_AP_CRYCB_1, VR_AP_CRYCB_2 };

/* The three masks of a CRYCB: adapters, usage domains, control domains. */
enum vr_ap_mask { VR_AP_APM, VR_AP_AQM, VR_AP_ADM };

struct vr_ap_config {
	enum vr_ap_profile profile;
	bool apxa;	    /* AP extended addressing: 256 APIDs and APQIs */
	bool qci;	    /* facility 12: PQAP(QCI) */
	bool apft;	    /* facility 15: the T bit of TAPQ */
	bool aqic;	    /* facility 65: PQAP(AQIC) */
	bool nib0_valid;    /* AQIC accepts a NIB of 0, as KVM's intercept path does */
	uint32_t irq_lag;   /* TAPQs after an accepted AQIC before I follows it */
	uint32_t reset_lag; /* instructions that still see RC 0x02 after a reset */
	uint32_t max_apid;  /* with APXA: Na, the highest APID (RC 0x11 above it) */
	uint32_t max_apqi;  /* with APXA: Nd, the highest APQI */
	bool msax3;	    /* facility 76: CRYCB formats 1 and 2 */
	enum vr_ap_crycb_format crycb;
	uint32_t gisa;	  /* the guest's GISA origin (31 bits, 16-aligned); 0: none */
	uint32_t gib_isc; /* the host ISC the GIB alerts on */
	bool kvm_apie;	  /* KVM: the guest's AP instructions are interpreted (ECA_APIE) */
	bool kvm_aiv;	  /* KVM: adapter-interruption virtualization (ECA_AIV) */
};

/* The guest's GISA as the hardware holds it. */
struct vr_ap_gisa_state {
	uint8_t ipm;  /* interruptions pending, VR_AP_GISC_BIT() per GISC */
	uint8_t iam;  /* GISCs that alert the host while the guest is not running */
	bool running; /* the guest runs on a CPU */
	bool alerted; /* the GIB alerted the host for this GISA */
};

enum vr_ap_adapter_state { VR_AP_ONLINE, VR_AP_DECONFIGURED, VR_AP_CHECKSTOPPED };
enum vr_ap_mode { VR_AP_COPROCESSOR, VR_AP_ACCELERATOR, VR_AP_XCP };

/* The program exception an instruction raised, if any. */
enum vr_ap_exception {
	VR_AP_EXC_NONE,
	VR_AP_EXC_PRIVILEGED,	 /* program interruption code 0x0002 */
	VR_AP_EXC_SPECIFICATION, /* 0x0006 */
	VR_AP_EXC_ADDRESSING,	 /* 0x0005 */
};

/*
 * What an AP instruction left: the exception, or cc and the registers.
 * NQAP and DQAP with cc 1 or 2 (partial completion) store no status: gr1
 * is then what it was, and the registers say where to continue.
 */
struct vr_ap_result {
	enum vr_ap_exception exception;
	uint8_t cc;
	uint64_t gr0;	/* GR0 after: DQAP clears the first-call bit when it stops early */
	uint64_t gr1;	/* GR1 (PQAP, NQAP, DQAP): the APQSW in bits 32-63 */
	uint64_t gr2;	/* PQAP: GR2 (TAPQ information); DQAP: the reply bytes not yet stored */
	uint64_t psmid; /* DQAP: the PSMID of the reply (R1, R1 + 1) */
	uint64_t addr;	/* NQAP, DQAP: R2 after, the address to continue at */
	uint64_t len;	/* NQAP, DQAP: R2 + 1 after, the length left */
};

struct vr_ap;

/**
 * vr_ap_config_default() - the default configuration
 * @cfg: profile mainline, APXA (Na = Nd = 255) and facilities 12, 15, 65
 *       and 76 installed, NIB 0 rejected, I lagging AQIC by one TAPQ,
 *       resets immediate, no CRYCB, no GISA, GIB alerts on ISC 5
 *       (arch/s390/include/asm/isc.h GAL_ISC)
 */
VR_API void vr_ap_config_default(struct vr_ap_config *cfg);
/**
 * vr_ap_create() - an AP configuration with no adapter and no domain
 * @cfg: profile, facilities and lags
 * @out: the instance; NULL on failure
 *
 * Return: 0, -EINVAL (bad config: a CRYCB format 1 or 2 without MSAX3,
 * format 2 without APXA, a GISA origin not 31-bit and 16-aligned, an ISC
 * above 7, Na or Nd above 255), -ENOMEM.
 */
VR_API int vr_ap_create(const struct vr_ap_config *cfg, struct vr_ap **out);
/**
 * vr_ap_destroy() - frees an instance; NULL is a no-op
 * @ap: the instance
 */
VR_API void vr_ap_destroy(struct vr_ap *ap);
/**
 * vr_ap_guest() - the guest memory NIBs and QCI blocks live in
 * @ap: the instance
 *
 * Return: the memory space; it has no page until one is added.
 */
VR_API struct vr_mem *vr_ap_guest(struct vr_ap *ap);
/**
 * vr_ap_add_adapter() - adds an adapter to the configuration
 * @ap: the instance
 * @apid: adapter number
 * @type: AP type (10 CEX4 ... 13 CEX7), 1 to 255
 * @mode: coprocessor, accelerator or XCP
 * @depth: request queue depth, 1 to VR_AP_MAX_DEPTH
 *
 * Return: 0, -EINVAL (@apid beyond the addressing limit or bad @type or
 * @depth), -EEXIST, -ENOSPC (VR_AP_MAX_ADAPTERS adapters).
 */
VR_API int vr_ap_add_adapter(struct vr_ap *ap, uint32_t apid, uint32_t type, enum vr_ap_mode mode,
			     uint32_t depth);
/**
 * vr_ap_add_domain() - adds a usage (and control) domain to the configuration
 * @ap: the instance
 * @apqi: domain number
 *
 * Return: 0, -EINVAL (beyond the addressing limit), -EEXIST, -ENOSPC.
 */
VR_API int vr_ap_add_domain(struct vr_ap *ap, uint32_t apqi);
/**
 * vr_ap_set_adapter_state() - takes an adapter on- or offline
 * @ap: the instance
 * @apid: a configured adapter
 * @state: online, deconfigured or check-stopped
 *
 * Return: 0, -ENOENT (no such adapter), -EINVAL (bad @state).
 */
VR_API int vr_ap_set_adapter_state(struct vr_ap *ap, uint32_t apid, enum vr_ap_adapter_state state);
/**
 * vr_ap_set_queue_busy() - the queue answers RC 0x05 (busy) for a while
 * @ap: the instance
 * @apqn: a configured queue
 * @n: how many of the next instructions addressing it see RC 0x05
 *
 * Return: 0, -ENOENT (no such queue).
 */
VR_API int vr_ap_set_queue_busy(struct vr_ap *ap, uint32_t apqn, uint32_t n);
/**
 * vr_ap_crycb() - the program's CRYCB
 * @ap: the instance
 *
 * Return: its VR_AP_CRYCB_SIZE bytes in the layout of <virtref/ap/hw.h>,
 * 8-aligned, or NULL when the configuration has none.
 */
VR_API void *vr_ap_crycb(struct vr_ap *ap);
/**
 * vr_ap_crycbd() - the CRYCB designation: origin and format bits
 * @ap: the instance
 *
 * Return: the designation; 0 when there is no CRYCB.
 */
VR_API uint32_t vr_ap_crycbd(const struct vr_ap *ap);
/**
 * vr_ap_crycb_set() - sets or clears one ID of a CRYCB mask
 * @ap: the instance
 * @mask: APM, AQM or ADM
 * @id: the APID or domain
 * @on: set or clear
 *
 * Return: 0, -ENODEV (no CRYCB), -ERANGE (@id beyond the format's mask),
 * -EINVAL (bad @mask), -EBUSY (a guest uses an mdev: the CRYCB is KVM's).
 */
VR_API int vr_ap_crycb_set(struct vr_ap *ap, enum vr_ap_mask mask, uint32_t id, bool on);
/**
 * vr_ap_crycb_test() - whether a CRYCB mask holds an ID
 * @ap: the instance
 * @mask: APM, AQM or ADM
 * @id: the APID or domain
 *
 * Return: true when the CRYCB exists and holds @id in @mask.
 */
VR_API bool vr_ap_crycb_test(const struct vr_ap *ap, enum vr_ap_mask mask, uint32_t id);
/**
 * vr_ap_gisa() - the guest's GISA
 * @ap: the instance
 * @out: its masks and flags
 *
 * Return: 0, -ENODEV (the configuration has no GISA).
 */
VR_API int vr_ap_gisa(const struct vr_ap *ap, struct vr_ap_gisa_state *out);
/**
 * vr_ap_gisa_set_iam() - the host sets the interruption alert mask
 * @ap: the instance
 * @iam: VR_AP_GISC_BIT() of each GISC that alerts
 *
 * Clears the GISA's alerted state, as the host does when it rearms.
 *
 * Return: 0, -ENODEV (no GISA).
 */
VR_API int vr_ap_gisa_set_iam(struct vr_ap *ap, uint8_t iam);
/**
 * vr_ap_gisa_set_running() - the guest starts or stops running
 * @ap: the instance
 * @running: whether the guest runs on a CPU
 *
 * Return: 0, -ENODEV (no GISA).
 */
VR_API int vr_ap_gisa_set_running(struct vr_ap *ap, bool running);
/**
 * vr_ap_gisa_take() - the running guest takes its highest-priority GISC
 * @ap: the instance
 *
 * Return: the GISC (0 is the highest priority), -ENOENT when none is
 * pending, -EAGAIN when the guest is not running, -ENODEV (no GISA).
 */
VR_API int vr_ap_gisa_take(struct vr_ap *ap);
/**
 * vr_ap_pqap() - PQAP with the guest's GR0, GR1 and GR2
 * @ap: the instance
 * @gr0: function code, T bit and APQN
 * @gr1: AQIC: the interruption control
 * @gr2: AQIC: the NIB address; QCI: the block address
 * @problem_state: the PSW's P bit
 * @out: the exception or cc and registers
 */
VR_API void vr_ap_pqap(struct vr_ap *ap, uint64_t gr0, uint64_t gr1, uint64_t gr2,
		       bool problem_state, struct vr_ap_result *out);
/**
 * vr_ap_nqap() - NQAP of a message, of its rest after cc 2, or of one of its parts
 * @ap: the instance
 * @gr0: APQN, last part (bit 33), special command (bit 41)
 * @r1: the even register of the PSMID pair
 * @r2: the even register of the address/length pair
 * @psmid: the program-supplied message identifier (R1, R1 + 1)
 * @addr: the message's address (R2)
 * @len: the message length (R2 + 1)
 * @other_domain: the message's header names a usage domain other than the
 *                queue's (the model holds no message text): RC 0x42
 * @problem_state: the PSW's P bit
 * @out: the exception, or cc with GR1 (cc 0 and 3) and R2, R2 + 1
 *
 * An execution moves the message up to the next 4 KiB boundary of
 * @addr; when bytes remain it ends with cc 2 and R2, R2 + 1 advanced,
 * and the NQAP of the same PSMID with them sends the rest.  Without the
 * last-part bit the bytes are a part of the message: cc 0 once they
 * moved, and the NQAPs of the same PSMID that follow add parts until one
 * with the bit enqueues the whole message.
 *
 * Return: 0; the instruction's outcome is in @out.
 */
VR_API int vr_ap_nqap(struct vr_ap *ap, uint64_t gr0, uint32_t r1, uint32_t r2, uint64_t psmid,
		      uint64_t addr, uint64_t len, bool other_domain, bool problem_state,
		      struct vr_ap_result *out);
/**
 * vr_ap_dqap() - DQAP of a reply into a buffer, or of its rest after cc 1 or 2
 * @ap: the instance
 * @gr0: APQN, first call (bit 32); as the last DQAP left it to continue
 * @r1: the even register of the PSMID pair
 * @r2: the even register of the address/length pair
 * @addr: the buffer's address (R2)
 * @len: the buffer length (R2 + 1)
 * @problem_state: the PSW's P bit
 * @out: the exception, or cc, GR0, GR1 (cc 0 and 3), GR2, the PSMID, R2
 *       and R2 + 1
 *
 * An execution stores the reply up to the next 4 KiB boundary of @addr.
 * Bytes left and buffer left: cc 2; buffer full: cc 1 (the reply stays
 * queued).  Either way GR0 loses the first-call bit and GR2 holds the
 * bytes left, so that the next DQAP with GR0, R2 and R2 + 1 goes on.
 *
 * Return: 0.
 */
VR_API int vr_ap_dqap(struct vr_ap *ap, uint64_t gr0, uint32_t r1, uint32_t r2, uint64_t addr,
		      uint64_t len, bool problem_state, struct vr_ap_result *out);
/**
 * vr_ap_reply() - the adapter finishes the request @psmid on @apqn
 * @ap: the instance
 * @apqn: the queue
 * @psmid: an outstanding request
 * @len: the reply's length in bytes, at least 1
 *
 * With interruptions enabled, stores 1 into the NIB and makes an adapter
 * interruption pending on the queue's ISC; for interruptions enabled with
 * a GISA, GISC's bit in the GISA instead, and the GIB's alert on
 * gib_isc when the guest is not running and the alert mask holds GISC.
 *
 * Return: 0, -ENOENT (no such outstanding request), -EINVAL (@len 0).
 */
VR_API int vr_ap_reply(struct vr_ap *ap, uint32_t apqn, uint64_t psmid, uint64_t len);
/**
 * vr_ap_pending_iscs() - the ISCs with an adapter interruption pending
 * @ap: the instance
 *
 * Return: bit 7 - isc set for each pending ISC (ISC 0 is 0x80).
 */
VR_API uint8_t vr_ap_pending_iscs(const struct vr_ap *ap);
/**
 * vr_ap_take_interruption() - the CPU takes the highest-priority pending one
 * @ap: the instance
 *
 * Return: its ISC (0 is the highest priority), or -ENOENT when none is pending.
 */
VR_API int vr_ap_take_interruption(struct vr_ap *ap);
/* vfio_ap's view of one queue (vr_ap_vfio_queue()). */
struct vr_ap_vfio_queue {
	bool bound;	     /* probed by vfio_ap */
	uint64_t saved_iova; /* the NIB whose page is pinned; 0: none */
	uint8_t saved_isc;   /* the guest ISC registered; 0xff: none */
	int owner;	     /* v4: the mdev whose list holds it; -1: the free list */
};

/* KVM's and vfio_ap's resources, for the checks and the tests. */
struct vr_ap_kernel_state {
	uint64_t pins;		 /* NIB pages pinned */
	uint32_t gisc_refs[8];	 /* kvm_s390_gisc_register() references per GISC */
	uint8_t alert_mask;	 /* KVM's GISA alert mask */
	int kvm_users;		 /* references to the guest's struct kvm */
	int available_instances; /* mdevs the matrix device still allows */
	bool hook;		 /* a PQAP hook is registered */
};

/* What an intercepted guest instruction left (vr_ap_guest_pqap()). */
struct vr_ap_guest_result {
	int ret;			/* kvm_s390_handle_b2(): 0 handled, else to user space */
	enum vr_ap_exception exception; /* the program interruption injected */
	uint8_t cc;			/* the guest PSW's condition code after */
	uint64_t gr1;			/* the guest's GR1 after */
};

/* The mdevs an instance holds at most. */
#define VR_AP_MAX_MDEVS 4u

/**
 * vr_ap_queue_probe() - the AP bus binds queue @apqn to vfio_ap
 * @ap: the instance
 * @apqn: a configured queue
 *
 * Return: 0, -ENOENT (not configured), -EEXIST (bound), -ENOMEM.
 */
VR_API int vr_ap_queue_probe(struct vr_ap *ap, uint32_t apqn);
/**
 * vr_ap_queue_remove() - the AP bus unbinds queue @apqn from vfio_ap
 * @ap: the instance
 * @apqn: a bound queue
 *
 * Return: 0, -ENOENT (not bound).
 */
VR_API int vr_ap_queue_remove(struct vr_ap *ap, uint32_t apqn);
/**
 * vr_ap_mdev_create() - user space creates a matrix mdev
 * @ap: the instance
 * @id: its number, 0 to VR_AP_MAX_MDEVS - 1
 *
 * Return: 0, -EEXIST (@id exists), -EINVAL (@id too big), and what
 * vfio_ap's create answers: -EPERM (no instance left), -ENOMEM.
 */
VR_API int vr_ap_mdev_create(struct vr_ap *ap, uint32_t id);
/**
 * vr_ap_mdev_remove() - user space removes an mdev
 * @ap: the instance
 * @id: an mdev
 *
 * Return: 0, -ENOENT (no such mdev), -EBUSY (a guest uses it, or KVM's
 * PQAP hook still names it: 5.3 after SET_KVM(NULL)).
 */
VR_API int vr_ap_mdev_remove(struct vr_ap *ap, uint32_t id);
/**
 * vr_ap_mdev_store() - user space writes one of the mdev's sysfs attributes
 * @ap: the instance
 * @id: an mdev
 * @attr: assign_adapter, unassign_adapter, assign_domain,
 *        unassign_domain, assign_control_domain or unassign_control_domain
 * @buf: what is written, NUL-terminated
 *
 * Return: strlen(@buf) when the store took it, its negative errno
 * otherwise, -ENOENT (no such mdev or attribute).
 */
VR_API long vr_ap_mdev_store(struct vr_ap *ap, uint32_t id, const char *attr, const char *buf);
/**
 * vr_ap_mdev_open() - the VMM opens the mdev for the guest
 * @ap: the instance
 * @id: an mdev
 *
 * Opens it, then the vfio core tells it the guest's struct kvm
 * (VFIO_GROUP_NOTIFY_SET_KVM).
 *
 * Return: 0, -ENOENT (no such mdev), or what open answers (-EBUSY when
 * already open).
 */
VR_API int vr_ap_mdev_open(struct vr_ap *ap, uint32_t id);
/**
 * vr_ap_mdev_release() - the VMM closes the mdev
 * @ap: the instance
 * @id: an open mdev
 *
 * Return: 0, -ENOENT (no such mdev), -EINVAL (not open).
 */
VR_API int vr_ap_mdev_release(struct vr_ap *ap, uint32_t id);
/**
 * vr_ap_mdev_ioctl() - the VMM's ioctl on the open mdev
 * @ap: the instance
 * @id: an open mdev
 * @cmd: VFIO_DEVICE_GET_INFO (0x3b6b), VFIO_DEVICE_RESET (0x3b6f) or another
 * @arg: a user address in the VMM's memory (page 0x1000 is backed)
 *
 * Return: -ENOENT (no such mdev), -EINVAL (not open), or what vfio_ap's
 * ioctl answers: 0, -EFAULT, -EINVAL (argsz too small), the reset's
 * -EBUSY or -EIO, -EOPNOTSUPP (another @cmd).
 */
VR_API long vr_ap_mdev_ioctl(struct vr_ap *ap, uint32_t id, unsigned int cmd, uint64_t arg);

/* What VFIO_DEVICE_GET_INFO left in the VMM's struct vfio_device_info. */
struct vr_ap_device_info {
	uint32_t argsz, flags, num_regions, num_irqs;
};

/**
 * vr_ap_mdev_get_info() - VFIO_DEVICE_GET_INFO as a VMM issues it
 * @ap: the instance
 * @id: an open mdev
 * @argsz: what the VMM puts into argsz
 * @fault: pass an address with no memory behind it instead
 * @out: the structure after the ioctl
 *
 * Return: as vr_ap_mdev_ioctl().
 */
VR_API int vr_ap_mdev_get_info(struct vr_ap *ap, uint32_t id, uint32_t argsz, bool fault,
			       struct vr_ap_device_info *out);
/**
 * vr_ap_mdev_dma_unmap() - the VMM unmaps guest memory: the IOMMU notifier
 * @ap: the instance
 * @id: an open mdev
 * @iova: the first guest address unmapped
 * @size: bytes unmapped
 *
 * Return: 0, -ENOENT (no such mdev), -EINVAL (not open).
 */
VR_API int vr_ap_mdev_dma_unmap(struct vr_ap *ap, uint32_t id, uint64_t iova, uint64_t size);
/**
 * vr_ap_mdev_set_kvm_null() - the vfio core's VFIO_GROUP_NOTIFY_SET_KVM(NULL)
 * @ap: the instance
 * @id: an open mdev
 *
 * What the kvm-vfio device sends when the group leaves the guest.
 *
 * Return: 0, -ENOENT (no such mdev), -EINVAL (not open).
 */
VR_API int vr_ap_mdev_set_kvm_null(struct vr_ap *ap, uint32_t id);
/**
 * vr_ap_mdev_in_use() - whether a guest uses the mdev (its kvm is set)
 * @ap: the instance
 * @id: an mdev
 *
 * Return: true when it exists and a guest uses it.
 */
VR_API bool vr_ap_mdev_in_use(const struct vr_ap *ap, uint32_t id);
/**
 * vr_ap_guest_pqap() - a guest's PQAP intercepted by KVM
 * @ap: the instance
 * @gr0: GR0 (function code 3, AQIC, is what KVM intercepts)
 * @gr1: GR1
 * @gr2: GR2
 * @problem_state: the guest PSW's P bit
 * @psw_cc: the guest PSW's condition code before the instruction
 * @out: what the guest has after
 */
VR_API void vr_ap_guest_pqap(struct vr_ap *ap, uint64_t gr0, uint64_t gr1, uint64_t gr2,
			     bool problem_state, uint8_t psw_cc, struct vr_ap_guest_result *out);
/**
 * vr_ap_vfio_queue() - vfio_ap's state of a queue
 * @ap: the instance
 * @apqn: the queue
 * @out: filled
 *
 * Return: 0, -ENOENT (not configured).
 */
VR_API int vr_ap_vfio_queue(const struct vr_ap *ap, uint32_t apqn, struct vr_ap_vfio_queue *out);
/**
 * vr_ap_kernel_state() - KVM's and vfio_ap's resources
 * @ap: the instance
 * @out: filled
 */
VR_API void vr_ap_kernel_state(const struct vr_ap *ap, struct vr_ap_kernel_state *out);
/**
 * vr_ap_invariants() - the model's safety properties
 * @ap: the instance
 * @why: one line per violation
 *
 * Return: 0 when they hold, 1 otherwise.
 */
VR_API int vr_ap_invariants(struct vr_ap *ap, struct vr_text *why);
/**
 * vr_ap_dump() - the configuration and every queue's state, readably
 * @ap: the instance
 * @out: appended to
 */
VR_API void vr_ap_dump(struct vr_ap *ap, struct vr_text *out);
/**
 * vr_ap_dot() - the matrix of adapters and domains as a Graphviz digraph
 * @ap: the instance
 * @out: appended to
 */
VR_API void vr_ap_dot(struct vr_ap *ap, struct vr_text *out);

/* The model's descriptor for replay, fuzzing and the CLI. */
VR_API extern const struct vr_model vr_model_ap;

#ifdef __cplusplus
}
#endif

#endif
