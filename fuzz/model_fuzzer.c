/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The generic model harness, built once per model with VR_FUZZ_MODEL set
 * to its name.  Bytes become a config and a sequence of in-range ops
 * (src/core/fuzz.c); invariants run after every op and the model's named
 * checks at the end.  A violation or a leak aborts, which is what
 * libFuzzer and AFL++ report as a finding; `virtref fuzz-to-trace MODEL
 * FILE` turns the input into a readable reproducer.
 *
 * VIRTREF_FUZZ_PREFIX=TRACE puts that trace's config and ops before every
 * input: the fuzzer then explores one profile (a historical one finds its
 * defect within seconds) from the state the trace builds.  Decode its
 * findings with `virtref fuzz-to-trace --prefix TRACE MODEL FILE`.
 */
#undef NDEBUG
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <virtref/virtref.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct vr_model *model;
static struct vr_text prefix = VR_TEXT_INIT;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct vr_text err = VR_TEXT_INIT;
	const char *path = getenv("VIRTREF_FUZZ_PREFIX");

	(void)argc;
	(void)argv;
	model = vr_model_find(VR_FUZZ_MODEL);
	if (!model)
		abort();
	if (path && *path && vr_fuzz_prefix_load(model, path, &prefix, &err)) {
		fprintf(stderr, "VIRTREF_FUZZ_PREFIX: %s\n", vr_text_str(&err));
		exit(2);
	}
	vr_text_free(&err);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vr_text why = VR_TEXT_INIT;
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
	ret = vr_fuzz_run(model, input, prefix.len + size, &why);
	if (ret == -VR_EINVARIANT) {
		fprintf(stderr, "virtref %s: invariant violated:\n%s", model->name,
			vr_text_str(&why));
		abort();
	}
	vr_text_free(&why);
	if (vr_alloc_live() != live) {
		fprintf(stderr, "virtref %s: %lld objects leaked\n", model->name,
			(long long)(vr_alloc_live() - live));
		abort();
	}
	if (input != data)
		free(input);
	return 0;
}
