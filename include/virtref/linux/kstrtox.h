/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Stands in for include/linux/kstrtox.h's kstrtoul() and kstrtoull(), as
 * lib/kstrtox.c parses (torvalds/linux at v5.3): an optional '+', then
 * with base 0 "0x" and a hex digit for hex, a leading 0 for octal, else
 * decimal; at least one digit; one trailing newline allowed.
 */
#ifndef VIRTREF_LINUX_KSTRTOX_H
#define VIRTREF_LINUX_KSTRTOX_H

#include <ctype.h>
#include <stdbool.h>
#include <limits.h>
#include <virtref/linux/errno.h>

/* 0, -EINVAL (not a number of @base, or trailing characters), -ERANGE (overflow). */
static inline int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	bool overflow = false;
	const char *start;

	if (*s == '+')
		s++;
	if (base == 0) {
		if (s[0] == '0' && tolower((unsigned char)s[1]) == 'x' &&
		    isxdigit((unsigned char)s[2]))
			base = 16;
		else
			base = s[0] == '0' ? 8 : 10;
	}
	if (base == 16 && s[0] == '0' && tolower((unsigned char)s[1]) == 'x')
		s += 2;
	for (start = s;; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (tolower((unsigned char)*s) >= 'a' && tolower((unsigned char)*s) <= 'f')
			d = (unsigned int)(tolower((unsigned char)*s) - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		if (v > (ULLONG_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (s == start)
		return -EINVAL;
	if (overflow)
		return -ERANGE;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

static inline int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int ret = kstrtoull(s, base, &v);

	if (ret)
		return ret;
	if (v > ULONG_MAX)
		return -ERANGE;
	*res = (unsigned long)v;
	return 0;
}

#endif
