/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The known findings of one model (known/<model>.txt, built into the
 * harness): defects its faithful profiles reproduce on purpose, which a
 * run counts and goes past so that it can look for new ones.
 */
#ifndef VR_FUZZ_KNOWN_H
#define VR_FUZZ_KNOWN_H

#include <stddef.h>

struct known_finding {
	char name[64];
	char check[64];
	char signature[256];
	unsigned long hits;
};

struct known_list {
	struct known_finding *items;
	size_t n;
};

/*
 * Parses @text, the contents of @file; returns 0, or -1 with a
 * "file:line:col: message" in @err.  Every entry needs known, check,
 * signature, reproducer and fixed-by.
 */
int known_parse(const char *file, const char *text, struct known_list *list, char *err,
		size_t errlen);

/* The entry with the same check and signature, or NULL. */
struct known_finding *known_match(const struct known_list *list, const char *check,
				  const char *signature);

void known_free(struct known_list *list);

#endif
