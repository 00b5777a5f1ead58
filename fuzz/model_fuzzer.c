/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The generic model harness, built once per model with VR_FUZZ_MODEL set
 * to its name.  Bytes become a config and a sequence of in-range ops
 * (src/core/fuzz.c); invariants run after every op and the model's named
 * checks at the end.  A new violation or a leak aborts, which is what
 * libFuzzer and AFL++ report as a finding, after a report that names the
 * check, the signature, the prefix and the `virtref fuzz-to-trace`
 * command that decodes the input.
 *
 * A finding with the check and signature of an entry of known/<model>.txt
 * (built in) is a defect a faithful profile has on purpose: it is counted
 * and the run goes on, unless VIRTREF_FUZZ_STOP_ON_KNOWN=1.
 *
 * VIRTREF_FUZZ_PREFIX=TRACE puts that trace's config and ops before every
 * input: the fuzzer then explores one profile from the state the trace
 * builds.
 */
#undef NDEBUG
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <virtref/virtref.h>
#include "heap.h"
#include "known.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* known/<model>.txt, built in by fuzz/CMakeLists.txt. */
extern const char vr_fuzz_known_file[];
extern const char vr_fuzz_known_text[];
/* The file being run, set by the standalone driver (libFuzzer names it after the crash). */
extern const char *vr_fuzz_input_name __attribute__((weak));

static const struct vr_model *model;
static struct vr_text prefix = VR_TEXT_INIT;
static const char *prefix_path;
static struct known_list known;
static int stop_on_known;

static void known_summary(void)
{
	size_t i;

	for (i = 0; i < known.n; i++)
		if (known.items[i].hits)
			fprintf(stderr, "virtref %s: known finding %s: %lu inputs\n", model->name,
				known.items[i].name, known.items[i].hits);
	known_free(&known);
	vr_text_free(&prefix);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct vr_text err = VR_TEXT_INIT;
	const char *stop = getenv("VIRTREF_FUZZ_STOP_ON_KNOWN");
	char msg[512];

	(void)argc;
	(void)argv;
	vr_fuzz_keep_heap();
	model = vr_model_find(VR_FUZZ_MODEL);
	if (!model)
		abort();
	prefix_path = getenv("VIRTREF_FUZZ_PREFIX");
	if (prefix_path && !*prefix_path)
		prefix_path = NULL;
	if (prefix_path && vr_fuzz_prefix_load(model, prefix_path, &prefix, &err)) {
		fprintf(stderr, "VIRTREF_FUZZ_PREFIX: %s\n", vr_text_str(&err));
		exit(2);
	}
	vr_text_free(&err);
	if (known_parse(vr_fuzz_known_file, vr_fuzz_known_text, &known, msg, sizeof(msg))) {
		fprintf(stderr, "%s\n", msg);
		exit(2);
	}
	stop_on_known = stop && !strcmp(stop, "1");
	atexit(known_summary);
	return 0;
}

/* Counts a known finding and returns, or reports the finding and aborts. */
static void finding(const char *check, const char *signature, const struct vr_text *why)
{
	struct known_finding *k = known_match(&known, check, signature);
	const char *input =
		&vr_fuzz_input_name && vr_fuzz_input_name ? vr_fuzz_input_name : "crash-<hash>";

	if (k && !k->hits++)
		fprintf(stderr, "virtref %s: known finding %s (%s: %s)%s\n", model->name, k->name,
			check, signature,
			stop_on_known ? ""
				      : "; counted, going on (VIRTREF_FUZZ_STOP_ON_KNOWN=1 stops)");
	if (k && !stop_on_known)
		return;
	fprintf(stderr, "virtref %s: %s finding: %s failed:\n%s", model->name, k ? "known" : "new",
		check, vr_text_str(why));
	fprintf(stderr, "signature: %s\nprefix: %s\n", signature,
		prefix_path ? prefix_path : "none");
	fprintf(stderr, "decode: virtref fuzz-to-trace %s%s%s%s %s\n",
		prefix_path ? "--prefix " : "", prefix_path ? prefix_path : "",
		prefix_path ? " " : "", model->name, input);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vr_text why = VR_TEXT_INIT;
	struct vr_fuzz_finding f;
	uint8_t *input = (uint8_t *)data;
	uint64_t live;
	int ret;

	if (prefix.len) {
		input = malloc(prefix.len + size);
		if (!input)
			abort();
		memcpy(input, prefix.buf, prefix.len);
		if (size)
			memcpy(input + prefix.len, data, size);
	}
	live = vr_alloc_live();
	ret = vr_fuzz_find(model, input, prefix.len + size, &why, &f);
	if (ret == -VR_EINVARIANT)
		finding(f.check, f.signature, &why);
	vr_text_free(&why);
	if (vr_alloc_live() != live) {
		vr_text_printf(&why, "%lld objects leaked\n", (long long)(vr_alloc_live() - live));
		vr_fuzz_signature(vr_text_str(&why), f.signature, sizeof(f.signature));
		finding("leak", f.signature, &why);
		vr_text_free(&why);
	}
	if (input != data)
		free(input);
	return 0;
}
