/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The generic model harness, built once per model with VR_FUZZ_MODEL set
 * to its name.  Bytes become a config and a sequence of in-range ops
 * (src/core/fuzz.c); invariants run after every op and the model's named
 * checks at the end.  A violation or a leak aborts, which is what
 * libFuzzer and AFL++ report as a finding; `virtref fuzz-to-trace MODEL
 * FILE` turns the input into a readable reproducer.
 */
#undef NDEBUG
#include <stdio.h>
#include <stdlib.h>
#include <virtref/virtref.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct vr_model *m = vr_model_find(VR_FUZZ_MODEL);
	struct vr_text why = VR_TEXT_INIT;
	uint64_t live;
	int ret;

	if (!m)
		abort();
	live = vr_alloc_live();
	ret = vr_fuzz_run(m, data, size, &why);
	if (ret == -VR_EINVARIANT) {
		fprintf(stderr, "virtref %s: invariant violated:\n%s", m->name, vr_text_str(&why));
		abort();
	}
	vr_text_free(&why);
	if (vr_alloc_live() != live) {
		fprintf(stderr, "virtref %s: %lld objects leaked\n", m->name,
			(long long)(vr_alloc_live() - live));
		abort();
	}
	return 0;
}
