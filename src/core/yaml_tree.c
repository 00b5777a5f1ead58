/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
#include <string.h>
#include <yaml.h>
#include <virtref/alloc.h>
#include <virtref/err.h>
#include <virtref/linux/errno.h>
#include "core/yaml_tree.h"

struct yt_builder {
	struct yt_doc *doc;
	uint32_t open[YT_MAX_DEPTH]; /* containers being filled */
	uint32_t last[YT_MAX_DEPTH]; /* their last child so far */
	int depth;
	bool root_done;
};

static void yt_error(struct vr_text *err, const char *file, const yaml_mark_t *mark,
		     const char *what)
{
	vr_text_printf(err, "%s:%zu:%zu: %s", file, mark->line + 1, mark->column + 1, what);
}

static int yt_new_node(struct yt_builder *b, enum yt_kind kind, const yaml_mark_t *mark,
		       uint32_t *idx)
{
	struct yt_doc *doc = b->doc;
	struct yt_node *n;

	if (doc->nnodes == doc->cap) {
		uint32_t cap = doc->cap ? doc->cap * 2 : 64;
		struct yt_node *p;

		if (cap < doc->cap)
			return -ENOMEM;
		p = vr_realloc(doc->nodes, (size_t)cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		doc->nodes = p;
		doc->cap = cap;
	}
	*idx = doc->nnodes++;
	n = &doc->nodes[*idx];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->line = (uint32_t)mark->line + 1;
	n->col = (uint32_t)mark->column + 1;
	n->start = (uint32_t)mark->index;
	n->end = (uint32_t)mark->index;
	n->first = YT_NONE;
	n->next = YT_NONE;
	if (b->depth > 0) {
		struct yt_node *parent = &doc->nodes[b->open[b->depth - 1]];

		if (b->last[b->depth - 1] == YT_NONE)
			parent->first = *idx;
		else
			doc->nodes[b->last[b->depth - 1]].next = *idx;
		b->last[b->depth - 1] = *idx;
		parent->count++;
	}
	return 0;
}

/* Scalars are stored by offset while the arena may still move. */
static int yt_store_string(struct yt_doc *doc, const char *s, size_t len, size_t *off)
{
	if (doc->slen + len + 1 > doc->scap) {
		size_t cap = doc->scap ? doc->scap : 4096;
		char *p;

		while (cap < doc->slen + len + 1)
			cap *= 2;
		p = vr_realloc(doc->strings, cap);
		if (!p)
			return -ENOMEM;
		doc->strings = p;
		doc->scap = cap;
	}
	*off = doc->slen;
	memcpy(doc->strings + doc->slen, s, len);
	doc->strings[doc->slen + len] = '\0';
	doc->slen += len + 1;
	return 0;
}

/* Returns 0, 1 at the end of the stream, or a negative error. */
static int yt_event(struct yt_builder *b, const yaml_event_t *ev, const char *file,
		    struct vr_text *err)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	uint32_t idx;
	size_t off;
	int ret;

	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		return 0;
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (b->root_done) {
			yt_error(err, file, &ev->start_mark,
				 "a trace is one YAML document; found a second one");
			return -VR_ETRACE;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		yt_error(err, file, &ev->start_mark, "aliases are not allowed in traces");
		return -VR_ETRACE;
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		/* Plain and quoted scalars carry no tag unless one was written. */
		tag = ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		b->doc->nodes[b->open[b->depth - 1]].end = (uint32_t)ev->end_mark.index;
		b->depth--;
		if (b->depth == 0)
			b->root_done = true;
		return 0;
	default:
		return 0;
	}
	if (anchor) {
		yt_error(err, file, &ev->start_mark, "anchors are not allowed in traces");
		return -VR_ETRACE;
	}
	if (tag) {
		yt_error(err, file, &ev->start_mark, "tags are not allowed in traces");
		return -VR_ETRACE;
	}
	if (ev->type == YAML_SCALAR_EVENT) {
		ret = yt_new_node(b, YT_SCALAR, &ev->start_mark, &idx);
		if (!ret)
			ret = yt_store_string(b->doc, (const char *)ev->data.scalar.value,
					      ev->data.scalar.length, &off);
		if (ret)
			return ret;
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length)) {
			yt_error(err, file, &ev->start_mark, "NUL character in a scalar");
			return -VR_ETRACE;
		}
		b->doc->nodes[idx].plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		b->doc->nodes[idx].end = (uint32_t)ev->end_mark.index;
		b->doc->nodes[idx].str = (const char *)(uintptr_t)off;
		if (b->depth == 0)
			b->root_done = true;
		return 0;
	}
	if (b->depth == YT_MAX_DEPTH) {
		vr_text_printf(err, "%s:%zu:%zu: nesting deeper than %d levels", file,
			       ev->start_mark.line + 1, ev->start_mark.column + 1, YT_MAX_DEPTH);
		return -VR_ETRACE;
	}
	ret = yt_new_node(b, ev->type == YAML_MAPPING_START_EVENT ? YT_MAP : YT_SEQ,
			  &ev->start_mark, &idx);
	if (ret)
		return ret;
	b->open[b->depth] = idx;
	b->last[b->depth] = YT_NONE;
	b->depth++;
	return 0;
}

static void yt_parser_error(const yaml_parser_t *p, const char *file, const char *buf, size_t len,
			    struct vr_text *err)
{
	const yaml_mark_t *mark = p->problem ? &p->problem_mark : &p->mark;
	yaml_mark_t at;
	size_t i;

	/* Reader errors (bad bytes) carry an offset, not a mark. */
	if (p->error == YAML_READER_ERROR) {
		memset(&at, 0, sizeof(at));
		for (i = 0; i < p->problem_offset && i < len; i++) {
			if (buf[i] == '\n') {
				at.line++;
				at.column = 0;
			} else {
				at.column++;
			}
		}
		mark = &at;
	}

	if (p->error == YAML_MEMORY_ERROR) {
		vr_text_printf(err, "%s:%zu:%zu: out of memory", file, mark->line + 1,
			       mark->column + 1);
		return;
	}
	vr_text_printf(err, "%s:%zu:%zu: YAML: %s", file, mark->line + 1, mark->column + 1,
		       p->problem ? p->problem : "syntax error");
	if (p->context)
		vr_text_printf(err, " %s", p->context);
}

int vri_yt_parse(const char *file, const void *buf, size_t len, struct yt_doc *doc,
		 struct vr_text *err)
{
	struct yt_builder b = { .doc = doc };
	yaml_parser_t parser;
	yaml_event_t ev;
	uint32_t i;
	int ret = 0;

	memset(doc, 0, sizeof(*doc));
	if (!yaml_parser_initialize(&parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&parser, buf, len);
	while (ret == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			if (parser.error == YAML_MEMORY_ERROR) {
				ret = -ENOMEM;
			} else {
				yt_parser_error(&parser, file, buf, len, err);
				ret = -VR_ETRACE;
			}
			break;
		}
		ret = yt_event(&b, &ev, file, err);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (ret < 0) {
		vri_yt_free(doc);
		return ret;
	}
	if (!doc->nnodes) {
		vr_text_printf(err, "%s:1:1: empty trace", file);
		vri_yt_free(doc);
		return -VR_ETRACE;
	}
	for (i = 0; i < doc->nnodes; i++)
		if (doc->nodes[i].kind == YT_SCALAR)
			doc->nodes[i].str = doc->strings + (uintptr_t)doc->nodes[i].str;
	return 0;
}

void vri_yt_free(struct yt_doc *doc)
{
	vr_free(doc->nodes);
	vr_free(doc->strings);
	memset(doc, 0, sizeof(*doc));
}
