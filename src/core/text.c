/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <virtref/alloc.h>
#include <virtref/model.h>
#include <virtref/text.h>

/* Makes room for @extra more bytes plus the NUL; false once out of memory. */
static bool text_reserve(struct vr_text *t, size_t extra)
{
	size_t need, cap;
	char *p;

	if (t->oom)
		return false;
	if (extra > SIZE_MAX - t->len - 1) {
		t->oom = true;
		return false;
	}
	need = t->len + extra + 1;
	if (need <= t->cap)
		return true;
	cap = t->cap ? t->cap : 128;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = vr_realloc(t->buf, cap);
	if (!p) {
		t->oom = true;
		return false;
	}
	t->buf = p;
	t->cap = cap;
	return true;
}

void vr_text_put(struct vr_text *t, const char *s, size_t len)
{
	if (!text_reserve(t, len))
		return;
	memcpy(t->buf + t->len, s, len);
	t->len += len;
	t->buf[t->len] = '\0';
}

void vr_text_puts(struct vr_text *t, const char *s)
{
	vr_text_put(t, s, strlen(s));
}

VR_PRINTF(2, 0)
static void text_vprintf(struct vr_text *t, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || !text_reserve(t, (size_t)n))
		return;
	vsnprintf(t->buf + t->len, (size_t)n + 1, fmt, ap);
	t->len += (size_t)n;
}

void vr_text_printf(struct vr_text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vprintf(t, fmt, ap);
	va_end(ap);
}

void vr_explain_line(struct vr_text *t, const char *fmt, ...)
{
	va_list ap;

	vr_text_puts(t, "    # ");
	va_start(ap, fmt);
	text_vprintf(t, fmt, ap);
	va_end(ap);
	vr_text_puts(t, "\n");
}

const char *vr_text_str(const struct vr_text *t)
{
	return t->buf ? t->buf : "";
}

void vr_text_clear(struct vr_text *t)
{
	t->len = 0;
	t->oom = false;
	if (t->buf)
		t->buf[0] = '\0';
}

void vr_text_free(struct vr_text *t)
{
	vr_free(t->buf);
	t->buf = NULL;
	t->len = 0;
	t->cap = 0;
	t->oom = false;
}
