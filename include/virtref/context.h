/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The per-thread core context: the one place where the kernel shims
 * (include/virtref/linux/) find what the kernel would take from the CPU
 * they run on and the process they serve.
 *
 *	struct vr_context ctx, *prev;
 *
 *	vr_context_init(&ctx);
 *	ctx.user = user_mem;           copy_to_user() writes here
 *	ctx.uaccess_fail_nth = 2;      the second user access faults
 *	prev = vr_context_enter(&ctx);
 *	...kernel code...
 *	vr_context_leave(prev);
 *
 * The instance API (virtref/instance.h) pushes a frame around every
 * entry into a model (create, apply, invariants, the named checks,
 * destroy): the current instance and the narration sink are set for that
 * call, and they, the environment ops, the CPU state, the interrupt state
 * and the preemption depth are restored after it, so a model may point env at
 * its own table at the start of an op without undoing anything its
 * caller set.
 *
 * Nothing else in virtref is per-thread and mutable besides the
 * allocator's counters and the WARN_ON() record (virtref/alloc.h,
 * virtref/warn.h).
 */
#ifndef VIRTREF_CONTEXT_H
#define VIRTREF_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <virtref/api.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vr_idr;
struct vr_instance;
struct vr_kmem;
struct vr_mem;
struct vr_text;

/*
 * What a model lends the kernel shims: address translation for
 * <linux/io.h> and the IOMMU side of <linux/vfio.h>.  Any member may be
 * NULL; a shim whose member is missing fires WARN_ON() and fails cleanly.
 * @data is the context's env_data.
 */
struct vr_env_ops {
	/* __pa()/virt_to_phys(): a host pointer to its physical address. */
	uint64_t (*virt_to_phys)(void *data, const volatile void *addr);
	/* __va()/phys_to_virt(): NULL when nothing lives at @phys. */
	void *(*phys_to_virt)(void *data, uint64_t phys);
	/*
	 * Pins @npage pages from page-aligned @iova, all or nothing, and
	 * stores each page's host frame in @pfn.  0 or a negative errno.
	 */
	int (*pin)(void *data, uint64_t iova, int npage, int prot, uint64_t *pfn);
	/* Undoes one pin() of the same range. */
	void (*unpin)(void *data, uint64_t iova, int npage);
	/* Reads (@write false) or writes @len bytes at @iova; 0 or -errno. */
	int (*dma_rw)(void *data, uint64_t iova, void *buf, size_t len, bool write);
	/*
	 * One MMIO load (@write false) or store of @len bytes (1, 2, 4 or
	 * 8) at bus address @phys, @buf in address order: the device's
	 * byte lanes.  0, or -EFAULT when no device answers at @phys.
	 */
	int (*mmio)(void *data, uint64_t phys, void *buf, unsigned int len, bool write);
	/*
	 * __get_free_pages()/alloc_pages_node(): 2^@order zeroed pages,
	 * contiguous in the model's physical memory, or NULL.
	 */
	void *(*alloc_pages)(void *data, unsigned int order);
	/* free_pages(): gives back one alloc_pages() of the same @order. */
	void (*free_pages)(void *data, void *addr, unsigned int order);
	/*
	 * The model's id space of the IDR at @key: a kernel's IDR is one per
	 * machine, and each instance is one.  NULL when none can be made.
	 */
	struct vr_idr *(*idr)(void *data, const void *key);
	/*
	 * kmalloc() with GFP_DMA: @n zeroed elements of @size bytes of the
	 * memory the model's channel or device reaches, which kfree() gives
	 * back through a vr_alloc_tag.  NULL when there is no room.
	 */
	void *(*dma_alloc)(void *data, size_t n, size_t size);
	/*
	 * The owner of every other kmalloc() made under this environment:
	 * what kernel code leaves allocated, the model can still free
	 * (vr_kmem_free_all()).
	 */
	struct vr_kmem *(*kmem)(void *data);
};

struct vr_context {
	struct vr_instance *instance; /* the instance being entered, or NULL */
	struct vr_text *narrate;      /* narration sink; NULL: narration off */
	unsigned int cpu;	      /* smp_processor_id(), < NR_CPUS */
	/*
	 * The per-CPU state a model keeps for the machine its kernel code
	 * runs on (what the kernel sets up at boot: mmu's Hyper-V hypercall
	 * page and input pages), or NULL.  @cpu_owner is a key of that
	 * model's, so that no other model's code reads it as its own.
	 */
	void *cpu_state;
	const void *cpu_owner;
	bool irqs_off;		      /* local_irq_save() without its restore */
	unsigned int preempt_count;   /* preempt_disable() depth */
	struct vr_mem *user;	      /* __user addresses; NULL: every access faults */
	uint64_t uaccess_fail_nth;    /* the nth user access from now faults; 0: off */
	uint64_t uaccess_calls;	      /* user accesses made */
	uint64_t pin_fail_nth;	      /* the nth vfio pin from now fails; 0: off */
	uint64_t pin_calls;	      /* vfio pins asked for */
	const struct vr_env_ops *env; /* NULL: no environment */
	void *env_data;		      /* handed to every env member */
};

/*
 * What vr_context_push() saves.  Lives on the caller's stack; its
 * members belong to the context code.
 */
struct vr_context_frame {
	struct vr_context *ctx;
	struct vr_instance *instance;
	struct vr_text *narrate;
	const struct vr_env_ops *env;
	void *env_data;
	void *cpu_state;
	const void *cpu_owner;
	bool irqs_off;
	unsigned int preempt_count;
};

/**
 * vr_context_init() - a context with everything off
 * @ctx: the context to fill
 *
 * No instance, no narration, CPU 0, interrupts on, no user memory, no
 * fault injection, no environment.
 */
VR_API void vr_context_init(struct vr_context *ctx);

/**
 * vr_context_current() - the calling thread's context
 *
 * Before any vr_context_enter() this is a per-thread context in the
 * state vr_context_init() gives.
 *
 * Return: the innermost entered context, never NULL.
 */
VR_API struct vr_context *vr_context_current(void);

/**
 * vr_context_enter() - makes @ctx the calling thread's context
 * @ctx: an initialised context that outlives the matching leave
 *
 * Return: the context that was current, for vr_context_leave().
 */
VR_API struct vr_context *vr_context_enter(struct vr_context *ctx);

/**
 * vr_context_leave() - makes the context before an enter current again
 * @prev: what the matching vr_context_enter() returned
 */
VR_API void vr_context_leave(struct vr_context *prev);

/**
 * vr_context_push() - sets the current instance and narration for one call
 * @f: where the previous values are kept until vr_context_pop()
 * @in: the instance being entered
 * @narrate: narration sink for this call, or NULL for none
 *
 * Also saves the environment ops, the CPU state, the interrupt state and
 * the preemption depth.
 */
VR_API void vr_context_push(struct vr_context_frame *f, struct vr_instance *in,
			    struct vr_text *narrate);

/**
 * vr_context_pop() - restores what vr_context_push() saved
 * @f: the frame of the matching push
 *
 * Interrupts left disabled by the call (a local_irq_save() without its
 * local_irq_restore()) or a preempt_disable() left without its
 * preempt_enable() fire WARN_ON() and are restored.
 *
 * Return:
 * * 0 - the call left the interrupt state and preemption as it found them
 * * -EINVAL - it did not (and WARN_ON() fired)
 */
VR_API int vr_context_pop(struct vr_context_frame *f);

/**
 * vr_trace_line() - appends one tracepoint line to a narration sink
 * @t: the sink (a context's narrate)
 * @event: the event's name, printed before the line
 * @fmt: printf format of the event's TP_printk()
 *
 * What <linux/tracepoint.h>'s trace_<event>() and <linux/printk.h>'s
 * pr_*() call when narration is on.  The line is cut at 255 characters;
 * one trailing newline of the formatted text is dropped.
 */
VR_API void vr_trace_line(struct vr_text *t, const char *event, const char *fmt, ...)
	VR_PRINTF(3, 4);

#define VR_UACCESS_TO_USER 1u /* @buf to user memory (else from it) */
#define VR_UACCESS_WHOLE 2u   /* all @n bytes or none, as get_user() */

/**
 * vr_uaccess_copy() - one user access through the current context
 * @user: the user address
 * @buf: the kernel buffer
 * @n: bytes to move
 * @flags: VR_UACCESS_TO_USER, VR_UACCESS_WHOLE
 *
 * Counts one access and consults uaccess_fail_nth.  Moves bytes up to
 * the first page of user memory that is not backed (with
 * VR_UACCESS_WHOLE: none unless all are backed), never past @n.
 *
 * Return: the number of bytes not moved (0 - all of them were).
 */
VR_API size_t vr_uaccess_copy(uintptr_t user, void *buf, size_t n, unsigned int flags);

/**
 * vr_env_pin() - the pin behind vfio_pin_pages(), with the pin fault knob
 * @iova: first page, page-aligned
 * @npage: pages to pin, at least 1
 * @prot: IOMMU_READ | IOMMU_WRITE
 * @pfn: @npage host frames are stored here
 *
 * Return:
 * * 0 - all pinned
 * * -EFAULT - injected by pin_fail_nth
 * * -EINVAL - @npage < 1, a misaligned @iova, or no environment with a
 *   pin member (then WARN_ON() fired too)
 * * any negative errno of the environment's pin()
 */
VR_API int vr_env_pin(uint64_t iova, int npage, int prot, uint64_t *pfn);

/**
 * vr_env_unpin() - undoes one vr_env_pin() of the same range
 * @iova: first page
 * @npage: pages
 *
 * Without an environment with an unpin member WARN_ON() fires.
 */
VR_API void vr_env_unpin(uint64_t iova, int npage);

/**
 * vr_env_dma_rw() - the access behind vfio_dma_rw()
 * @iova: where
 * @buf: the kernel buffer
 * @len: bytes
 * @write: true: @buf to @iova
 *
 * Return:
 * * 0 - done
 * * -EINVAL - no environment with a dma_rw member (WARN_ON() fired)
 * * any negative errno of the environment's dma_rw()
 */
VR_API int vr_env_dma_rw(uint64_t iova, void *buf, size_t len, bool write);

/**
 * vr_env_ioremap() - the cookie behind ioremap()
 * @phys: bus address of the window
 * @size: its length in bytes
 *
 * The cookie is an ``__iomem`` pointer that only the MMIO accessors of
 * <virtref/linux/io.h> may use: it is never dereferenced, and offsets
 * added to it reach the bus address as the kernel's pointer arithmetic
 * on a mapping does.
 *
 * Return: the cookie; NULL when @size is 0 or the window does not fit
 * the bus.
 */
VR_API void *vr_env_ioremap(uint64_t phys, size_t size);

/**
 * vr_env_mmio() - one MMIO access through the context's environment
 * @addr: a cookie from vr_env_ioremap(), plus an offset
 * @buf: @len bytes in address order
 * @len: 1, 2, 4 or 8
 * @write: true: a store of @buf
 *
 * A load that no device answers reads as all ones, as a master abort
 * does on the bus.
 *
 * Return:
 * * 0 - done
 * * -EINVAL - @addr is not a cookie, @len is not a power of two up to 8,
 *   or there is no environment with an mmio member (WARN_ON() fired)
 * * -EFAULT - no device answers at the address (WARN_ON() fired)
 */
VR_API int vr_env_mmio(const volatile void *addr, void *buf, unsigned int len, bool write);

/**
 * vr_env_virt_to_phys() - the translation behind virt_to_phys()
 * @addr: a host pointer
 *
 * Return: its physical address; 0 (and WARN_ON()) without an environment
 * that translates.
 */
VR_API uint64_t vr_env_virt_to_phys(const volatile void *addr);

/**
 * vr_env_phys_to_virt() - the translation behind phys_to_virt()
 * @phys: a physical address
 *
 * Return: the host pointer, or NULL when nothing lives there; NULL (and
 * WARN_ON()) without an environment that translates.
 */
VR_API void *vr_env_phys_to_virt(uint64_t phys);

/**
 * vr_env_alloc_pages() - the allocation behind __get_free_pages()
 * @order: 2^@order pages
 *
 * Return: zeroed pages of the environment's memory, or NULL (and
 * WARN_ON() without an environment that lends pages).
 */
VR_API void *vr_env_alloc_pages(unsigned int order);

/**
 * vr_env_free_pages() - the release behind free_pages()
 * @addr: a vr_env_alloc_pages() result, or NULL (nothing happens)
 * @order: the order it was allocated with
 */
VR_API void vr_env_free_pages(void *addr, unsigned int order);

#ifdef __cplusplus
}
#endif

#endif
