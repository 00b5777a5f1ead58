/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A YAML document as a small tree of nodes that remember where they were
 * written, built from libyaml's event stream.  Only what traces need is
 * accepted: one document of mappings, sequences and scalars; anchors,
 * aliases, explicit tags and nesting deeper than YT_MAX_DEPTH are errors.
 */
#ifndef VIRTREF_CORE_YAML_TREE_H
#define VIRTREF_CORE_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <virtref/text.h>

#define YT_MAX_DEPTH 8
#define YT_NONE UINT32_MAX

enum yt_kind { YT_SCALAR, YT_SEQ, YT_MAP };

struct yt_node {
	enum yt_kind kind;
	bool plain;	    /* scalar written without quotes */
	uint32_t line, col; /* 1-based */
	uint32_t start;	    /* byte offset of the node in the source */
	uint32_t end;	    /* byte offset just past it */
	uint32_t first;	    /* first child (maps: key, value, key, ...) */
	uint32_t next;	    /* next sibling */
	uint32_t count;	    /* children */
	const char *str;    /* scalar text, NUL-terminated */
};

struct yt_doc {
	struct yt_node *nodes;
	uint32_t nnodes, cap;
	char *strings; /* every scalar's text, back to back */
	size_t slen, scap;
};

/*
 * Parses @buf.  Returns 0 with the root at nodes[0], -VR_ETRACE with
 * "file:line:col: message" appended to @err, or -ENOMEM.
 */
int vri_yt_parse(const char *file, const void *buf, size_t len, struct yt_doc *doc,
		 struct vr_text *err);
void vri_yt_free(struct yt_doc *doc);

#endif
