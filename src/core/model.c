/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* The model registry and the helpers every op table uses. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <virtref/linux/errno.h>
#include <virtref/model.h>
#include "core/registry.h"

size_t vr_model_count(void)
{
	size_t n = 0;

	while (vri_registered_models[n])
		n++;
	return n;
}

const struct vr_model *vr_model_at(size_t i)
{
	return i < vr_model_count() ? vri_registered_models[i] : NULL;
}

const struct vr_model *vr_model_find(const char *name)
{
	size_t i;

	for (i = 0; vri_registered_models[i]; i++)
		if (!strcmp(vri_registered_models[i]->name, name))
			return vri_registered_models[i];
	return NULL;
}

int vr_op_find(const struct vr_model *m, const char *name)
{
	uint32_t i;

	for (i = 0; i < m->nops; i++)
		if (!strcmp(m->ops[i].name, name))
			return (int)i;
	return -1;
}

int vr_field_find(const struct vr_field *fields, uint32_t n, const char *name)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(fields[i].name, name))
			return (int)i;
	return -1;
}

int vr_config_defaults(const struct vr_model *m, struct vr_value *out)
{
	uint32_t i;
	int ret = 0;

	for (i = 0; i < m->nconfig; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		if (m->config[i].optional)
			out[i].u = m->config[i].def;
		else
			ret = -EINVAL;
	}
	return ret;
}

uint64_t *vr_res_list(struct vr_call *c, unsigned i, uint32_t len)
{
	uint64_t *p;

	if (len > c->pool_cap - c->pool_used)
		return NULL;
	p = c->pool + c->pool_used;
	c->pool_used += len;
	c->res[i].len = len;
	c->res[i].list = p;
	c->produced |= 1ULL << i;
	return p;
}

int vr_reject(struct vr_call *c, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
	va_end(ap);
	return err;
}

const char *vr_field_enum_name(const struct vr_field *f, uint64_t i)
{
	if (f->type != VR_T_ENUM || i > f->max)
		return NULL;
	if (f->names)
		return f->names[i];
	return *(const char *const *)((const char *)f->names_table + i * f->names_stride);
}

int vri_check_find(const struct vr_model *m, const char *name)
{
	uint32_t i;

	if (!strcmp(name, "invariants"))
		return 0;
	for (i = 0; i < m->nchecks; i++)
		if (!strcmp(m->checks[i].name, name))
			return (int)i + 1;
	return -1;
}
