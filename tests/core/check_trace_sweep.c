/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Properties every golden trace of every model must have, checked by
 * walking tests/traces/<model>/:
 *
 *  - it replays cleanly;
 *  - recording it gives its own text back, byte for byte, with no change
 *    listed, and replaying the recording matches (record is a fixed point);
 *  - encoding it as a fuzz input and decoding that gives the same ops;
 *  - failing each allocation in turn, from the first until none is left,
 *    never crashes or leaks: parse+replay returns a defined code and the
 *    live-object count is back where it started.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vr_test.h"

struct golden {
	char path[1024];
	char *text;
	size_t len;
};

/* Collects the golden traces of every model in this build. */
static size_t golden_list(struct golden **out)
{
	struct golden *g = NULL;
	size_t n = 0, i;

	for (i = 0; i < vr_model_count(); i++) {
		char dir[256];
		struct dirent *e;
		DIR *d;

		snprintf(dir, sizeof(dir), "%s/%s", VR_TRACE_DIR, vr_model_at(i)->name);
		d = opendir(dir);
		if (!d)
			continue;
		while ((e = readdir(d))) {
			size_t l = strlen(e->d_name);
			struct golden *p;
			FILE *f;
			long len;

			if (l < 6 || strcmp(e->d_name + l - 5, ".yaml"))
				continue;
			p = realloc(g, (n + 1) * sizeof(*g));
			ck_assert_ptr_nonnull(p);
			g = p;
			snprintf(g[n].path, sizeof(g[n].path), "%s/%s", dir, e->d_name);
			f = fopen(g[n].path, "rb");
			ck_assert_ptr_nonnull(f);
			fseek(f, 0, SEEK_END);
			len = ftell(f);
			fseek(f, 0, SEEK_SET);
			g[n].text = malloc((size_t)len + 1);
			ck_assert_ptr_nonnull(g[n].text);
			ck_assert_uint_eq(fread(g[n].text, 1, (size_t)len, f), (size_t)len);
			g[n].text[len] = '\0';
			g[n].len = (size_t)len;
			fclose(f);
			n++;
		}
		closedir(d);
	}
	/* Every model of the build ships golden traces; none found is a bug. */
	ck_assert_msg(n >= vr_model_count(), "only %zu golden traces for %zu models", n,
		      vr_model_count());
	*out = g;
	return n;
}

static void golden_free(struct golden *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(g[i].text);
	free(g);
}

static struct vr_trace *parse_or_fail(const char *name, const char *text, size_t len)
{
	struct vr_text err = VR_TEXT_INIT;
	struct vr_trace *t = NULL;
	int ret = vr_trace_parse(name, text, len, &t, &err);

	ck_assert_msg(ret == 0, "%s", vr_text_str(&err));
	vr_text_free(&err);
	return t;
}

START_TEST(test_record_is_a_fixed_point)
{
	struct golden *g;
	size_t n = golden_list(&g), i;

	for (i = 0; i < n; i++) {
		struct vr_text rec1 = VR_TEXT_INIT, rec2 = VR_TEXT_INIT, out = VR_TEXT_INIT;
		struct vr_text changes = VR_TEXT_INIT;
		struct vr_trace *t = parse_or_fail(g[i].path, g[i].text, g[i].len), *t2;

		ck_assert_int_eq(vr_replay(t, VR_REPLAY_QUIET, &out, NULL), 0);
		ck_assert_int_eq(vr_record(t, &rec1, &changes), 0);
		ck_assert_msg(rec1.len == g[i].len && !memcmp(rec1.buf, g[i].text, g[i].len),
			      "%s: record changed the text", g[i].path);
		ck_assert_msg(!changes.len, "%s: %s", g[i].path, vr_text_str(&changes));
		vr_text_free(&changes);
		t2 = parse_or_fail("recorded", rec1.buf, rec1.len);
		ck_assert_msg(vr_replay(t2, VR_REPLAY_QUIET, &out, NULL) == 0, "%s: %s", g[i].path,
			      vr_text_str(&out));
		ck_assert_int_eq(vr_record(t2, &rec2, NULL), 0);
		ck_assert_str_eq(vr_text_str(&rec1), vr_text_str(&rec2));
		ck_assert_uint_eq(vr_trace_nsteps(t), vr_trace_nsteps(t2));
		vr_trace_free(t);
		vr_trace_free(t2);
		vr_text_free(&rec1);
		vr_text_free(&rec2);
		vr_text_free(&out);
	}
	golden_free(g, n);
}
END_TEST

START_TEST(test_fuzz_encoding_round_trips)
{
	struct golden *g;
	size_t n = golden_list(&g), i;

	for (i = 0; i < n; i++) {
		struct vr_text bytes = VR_TEXT_INIT, again = VR_TEXT_INIT;
		struct vr_trace *t = parse_or_fail(g[i].path, g[i].text, g[i].len), *d;

		ck_assert_int_eq(vr_fuzz_encode(t, &bytes), 0);
		ck_assert_int_eq(vr_fuzz_decode(vr_trace_model(t), (const uint8_t *)bytes.buf,
						bytes.len, &d),
				 0);
		/* Same config and the same op steps, in order: the same bytes again. */
		ck_assert_int_eq(vr_fuzz_encode(d, &again), 0);
		ck_assert_msg(again.len == bytes.len && !memcmp(again.buf, bytes.buf, bytes.len),
			      "%s: decoding and encoding again changed the input", g[i].path);
		vr_trace_free(t);
		vr_trace_free(d);
		vr_text_free(&bytes);
		vr_text_free(&again);
	}
	golden_free(g, n);
}
END_TEST

START_TEST(test_allocation_failure_sweep)
{
	struct golden *g;
	size_t n = golden_list(&g), i;

	for (i = 0; i < n; i++) {
		uint64_t nth;

		for (nth = 1;; nth++) {
			struct vr_text err = VR_TEXT_INIT, out = VR_TEXT_INIT;
			struct vr_trace *t = NULL;
			uint64_t live = vr_alloc_live();
			int ret;

			vr_alloc_fail_nth(nth);
			ret = vr_trace_parse(g[i].path, g[i].text, g[i].len, &t, &err);
			if (!ret) {
				ret = vr_replay(t, VR_REPLAY_QUIET, &out, NULL);
				vr_trace_free(t);
			}
			vr_alloc_fail_nth(0);
			vr_text_free(&err);
			vr_text_free(&out);
			ck_assert_msg(vr_alloc_live() == live,
				      "%s: leak when allocation %llu fails", g[i].path,
				      (unsigned long long)nth);
			vr_warn_reset();
			if (!vr_alloc_fault_hit()) {
				ck_assert_msg(ret == 0, "%s: fails without an injected fault",
					      g[i].path);
				break;
			}
			/*
			 * Success is allowed: kernel paths may absorb a failed
			 * allocation (a range flush falls back to a full one),
			 * and then every expectation still held.
			 */
			ck_assert_msg(ret == 0 || ret == -ENOMEM || ret == -VR_EDIVERGED ||
					      ret == -VR_EREJECTED || ret == -VR_EINVARIANT,
				      "%s: allocation %llu failed: unexpected %d", g[i].path,
				      (unsigned long long)nth, ret);
		}
	}
	golden_free(g, n);
}
END_TEST

static const struct vr_test golden_tests[] = {
	VR_TEST(test_record_is_a_fixed_point),
	VR_TEST(test_fuzz_encoding_round_trips),
	VR_TEST(test_allocation_failure_sweep),
};

static const struct vr_tcase trace_sweep_tcases[] = {
	VR_TCASE("golden", golden_tests),
};

const struct vr_suite vr_suite_trace_sweep = VR_SUITE("trace_sweep", trace_sweep_tcases);
