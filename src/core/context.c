/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* The per-thread core context and the shims routed through it; see virtref/context.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <virtref/context.h>
#include <virtref/linux/errno.h>
#include <virtref/mem.h>
#include <virtref/text.h>
#include <virtref/warn.h>

#define CTX_WARN_ON(cond) vr_warn_if(!!(cond), __FILE__, __LINE__, #cond)

/* The thread's own context and the innermost entered one (NULL: the own). */
struct thread_ctx {
	struct vr_context base;
	struct vr_context *cur;
};

static _Thread_local struct thread_ctx thread_ctx;

void vr_context_init(struct vr_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
}

struct vr_context *vr_context_current(void)
{
	return thread_ctx.cur ? thread_ctx.cur : &thread_ctx.base;
}

struct vr_context *vr_context_enter(struct vr_context *ctx)
{
	struct vr_context *prev = vr_context_current();

	thread_ctx.cur = ctx;
	return prev;
}

void vr_context_leave(struct vr_context *prev)
{
	thread_ctx.cur = prev == &thread_ctx.base ? NULL : prev;
}

void vr_context_push(struct vr_context_frame *f, struct vr_instance *in, struct vr_text *narrate)
{
	struct vr_context *ctx = vr_context_current();

	f->ctx = ctx;
	f->instance = ctx->instance;
	f->narrate = ctx->narrate;
	f->env = ctx->env;
	f->env_data = ctx->env_data;
	f->cpu_state = ctx->cpu_state;
	f->cpu_owner = ctx->cpu_owner;
	f->irqs_off = ctx->irqs_off;
	f->preempt_count = ctx->preempt_count;
	ctx->instance = in;
	ctx->narrate = narrate;
}

int vr_context_pop(struct vr_context_frame *f)
{
	struct vr_context *ctx = f->ctx;
	bool unbalanced = ctx->irqs_off != f->irqs_off || ctx->preempt_count != f->preempt_count;

	CTX_WARN_ON(unbalanced);
	ctx->instance = f->instance;
	ctx->narrate = f->narrate;
	ctx->env = f->env;
	ctx->env_data = f->env_data;
	ctx->cpu_state = f->cpu_state;
	ctx->cpu_owner = f->cpu_owner;
	ctx->irqs_off = f->irqs_off;
	ctx->preempt_count = f->preempt_count;
	return unbalanced ? -EINVAL : 0;
}

void vr_trace_line(struct vr_text *t, const char *event, const char *fmt, ...)
{
	char line[256];
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* printk formats end in a newline; the sink adds its own. */
	len = strlen(line);
	if (len && line[len - 1] == '\n')
		line[len - 1] = '\0';
	vr_text_printf(t, "    # %s: %s\n", event, line);
}

/* Counts down a fail-the-nth knob; true when this call is the one. */
static bool knob_fires(uint64_t *nth)
{
	return *nth && !--*nth;
}

size_t vr_uaccess_copy(uintptr_t user, void *buf, size_t n, unsigned int flags)
{
	struct vr_context *ctx = vr_context_current();
	bool to_user = flags & VR_UACCESS_TO_USER;
	uint8_t *p = buf;
	size_t done = 0;

	ctx->uaccess_calls++;
	if (knob_fires(&ctx->uaccess_fail_nth) || !ctx->user)
		return n;
	if ((flags & VR_UACCESS_WHOLE) && (uint64_t)user + n < (uint64_t)user)
		return n;
	if ((flags & VR_UACCESS_WHOLE) && !vr_mem_backed(ctx->user, user, n))
		return n;
	/* Page by page, so that a fault stops at the first unbacked byte. */
	while (done < n) {
		uint64_t addr = (uint64_t)user + done;
		size_t chunk = (size_t)(VR_PAGE_SIZE - (addr & (VR_PAGE_SIZE - 1)));
		int ret;

		if (addr < (uint64_t)user)
			break; /* wrapped past the top of the address space */
		if (chunk > n - done)
			chunk = n - done;
		ret = to_user ? vr_mem_write(ctx->user, addr, p + done, chunk)
			      : vr_mem_read(ctx->user, addr, p + done, chunk);
		if (ret)
			break;
		done += chunk;
	}
	return n - done;
}

int vr_env_pin(uint64_t iova, int npage, int prot, uint64_t *pfn)
{
	struct vr_context *ctx = vr_context_current();

	if (npage < 1 || (iova & (VR_PAGE_SIZE - 1)))
		return -EINVAL;
	if (CTX_WARN_ON(!ctx->env || !ctx->env->pin))
		return -EINVAL;
	ctx->pin_calls++;
	if (knob_fires(&ctx->pin_fail_nth))
		return -EFAULT;
	return ctx->env->pin(ctx->env_data, iova, npage, prot, pfn);
}

void vr_env_unpin(uint64_t iova, int npage)
{
	struct vr_context *ctx = vr_context_current();

	if (CTX_WARN_ON(!ctx->env || !ctx->env->unpin))
		return;
	ctx->env->unpin(ctx->env_data, iova, npage);
}

int vr_env_dma_rw(uint64_t iova, void *buf, size_t len, bool write)
{
	struct vr_context *ctx = vr_context_current();

	if (CTX_WARN_ON(!ctx->env || !ctx->env->dma_rw))
		return -EINVAL;
	return ctx->env->dma_rw(ctx->env_data, iova, buf, len, write);
}

/*
 * An ioremap() cookie is the bus address with the top bit of a pointer
 * set: no host object lives there on the hosts virtref runs on, so a
 * stray dereference faults instead of reading something else.
 */
#define IOMEM_TAG ((uintptr_t)1 << (sizeof(uintptr_t) * 8 - 1))

void *vr_env_ioremap(uint64_t phys, size_t size)
{
	if (!size || phys >= IOMEM_TAG || size > IOMEM_TAG - phys)
		return NULL;
	return (void *)(IOMEM_TAG | (uintptr_t)phys);
}

int vr_env_mmio(const volatile void *addr, void *buf, unsigned int len, bool write)
{
	struct vr_context *ctx = vr_context_current();
	uintptr_t cookie = (uintptr_t)addr;
	int ret;

	if (!write)
		memset(buf, 0xff, len);
	if (CTX_WARN_ON(!(cookie & IOMEM_TAG) || !len || len > 8 || (len & (len - 1))))
		return -EINVAL;
	if (CTX_WARN_ON(!ctx->env || !ctx->env->mmio))
		return -EINVAL;
	ret = ctx->env->mmio(ctx->env_data, cookie & ~IOMEM_TAG, buf, len, write);
	if (CTX_WARN_ON(ret)) {
		if (!write)
			memset(buf, 0xff, len);
		return -EFAULT;
	}
	return 0;
}

uint64_t vr_env_virt_to_phys(const volatile void *addr)
{
	struct vr_context *ctx = vr_context_current();

	if (CTX_WARN_ON(!ctx->env || !ctx->env->virt_to_phys))
		return 0;
	return ctx->env->virt_to_phys(ctx->env_data, addr);
}

void *vr_env_phys_to_virt(uint64_t phys)
{
	struct vr_context *ctx = vr_context_current();

	if (CTX_WARN_ON(!ctx->env || !ctx->env->phys_to_virt))
		return NULL;
	return ctx->env->phys_to_virt(ctx->env_data, phys);
}

void *vr_env_alloc_pages(unsigned int order)
{
	struct vr_context *ctx = vr_context_current();

	if (CTX_WARN_ON(!ctx->env || !ctx->env->alloc_pages))
		return NULL;
	return ctx->env->alloc_pages(ctx->env_data, order);
}

void vr_env_free_pages(void *addr, unsigned int order)
{
	struct vr_context *ctx = vr_context_current();

	if (!addr || CTX_WARN_ON(!ctx->env || !ctx->env->free_pages))
		return;
	ctx->env->free_pages(ctx->env_data, addr, order);
}
