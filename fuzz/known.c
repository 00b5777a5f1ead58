/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* The parser of known/<model>.txt: "key: value" lines, entries start at "known:". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "known.h"

enum { K_KNOWN, K_CHECK, K_SIGNATURE, K_REPRODUCER, K_FIXED_BY, K_PROFILES, K_COUNT };

static const char *const key_names[K_COUNT] = {
	"known", "check", "signature", "reproducer", "fixed-by", "profiles",
};

/* The fields an entry cannot do without. */
#define K_REQUIRED                                                                                 \
	((1u << K_KNOWN) | (1u << K_CHECK) | (1u << K_SIGNATURE) | (1u << K_REPRODUCER) |          \
	 (1u << K_FIXED_BY))

static int fail(char *err, size_t errlen, const char *file, unsigned line, unsigned col,
		const char *msg, const char *arg)
{
	snprintf(err, errlen, "%s:%u:%u: %s%s", file, line, col, msg, arg ? arg : "");
	return -1;
}

static int entry_done(const struct known_list *list, unsigned seen, const char *file, unsigned line,
		      char *err, size_t errlen)
{
	unsigned k;

	if (!list->n)
		return 0;
	for (k = 0; k < K_COUNT; k++)
		if ((K_REQUIRED & (1u << k)) && !(seen & (1u << k)))
			return fail(err, errlen, file, line, 1, "the entry above has no ",
				    key_names[k]);
	return 0;
}

static void set(char *dst, size_t size, const char *v, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, v, len);
	dst[len] = '\0';
}

int known_parse(const char *file, const char *text, struct known_list *list, char *err,
		size_t errlen)
{
	unsigned line = 0, seen = 0, k;
	const char *p = text;

	list->items = NULL;
	list->n = 0;
	while (*p) {
		const char *end = strchr(p, '\n'), *colon, *v;
		size_t len = end ? (size_t)(end - p) : strlen(p), vlen;
		struct known_finding *e;

		line++;
		colon = memchr(p, ':', len);
		if (!len || *p == '#')
			goto next;
		if (!colon || colon[1] != ' ')
			goto bad;
		for (k = 0; k < K_COUNT; k++)
			if ((size_t)(colon - p) == strlen(key_names[k]) &&
			    !memcmp(p, key_names[k], (size_t)(colon - p)))
				break;
		if (k == K_COUNT) {
			fail(err, errlen, file, line, 1, "unknown key; known, check, signature, ",
			     "reproducer, fixed-by or profiles");
			goto error;
		}
		if (k == K_KNOWN) {
			if (entry_done(list, seen, file, line, err, errlen))
				goto error;
			e = realloc(list->items, (list->n + 1) * sizeof(*e));
			if (!e) {
				fail(err, errlen, file, line, 1, "out of memory", NULL);
				goto error;
			}
			list->items = e;
			memset(&e[list->n++], 0, sizeof(*e));
			seen = 0;
		} else if (!list->n) {
			fail(err, errlen, file, line, 1, "an entry starts with known:", NULL);
			goto error;
		}
		if (seen & (1u << k)) {
			fail(err, errlen, file, line, 1, "repeated key ", key_names[k]);
			goto error;
		}
		seen |= 1u << k;
		v = colon + 2;
		vlen = len - (size_t)(v - p);
		e = &list->items[list->n - 1];
		if (k == K_KNOWN)
			set(e->name, sizeof(e->name), v, vlen);
		else if (k == K_CHECK)
			set(e->check, sizeof(e->check), v, vlen);
		else if (k == K_SIGNATURE)
			set(e->signature, sizeof(e->signature), v, vlen);
	next:
		p += len + (end ? 1 : 0);
		continue;
	bad:
		fail(err, errlen, file, line, 1, "want 'key: value'", NULL);
		goto error;
	}
	if (!entry_done(list, seen, file, line + 1, err, errlen))
		return 0;
error:
	known_free(list);
	return -1;
}

struct known_finding *known_match(const struct known_list *list, const char *check,
				  const char *signature)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (!strcmp(list->items[i].check, check) &&
		    !strcmp(list->items[i].signature, signature))
			return &list->items[i];
	return NULL;
}

void known_free(struct known_list *list)
{
	free(list->items);
	list->items = NULL;
	list->n = 0;
}
