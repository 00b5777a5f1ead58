/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A program that defines a kernel-named function of its own and links
 * libvirtref.so: its definition serves its own calls, never the
 * library's.  The library binds its kernel-named calls to its own
 * definitions (-Bsymbolic-functions), so a consumer's cp_init() or
 * hyperv_flush_guest_mapping() cannot silently take the place of the
 * model's.
 *
 * Usage: vr-interpose TRACE, a trace whose steps call the function.
 */
#include <stdio.h>
#include <virtref/virtref.h>

/*
 * The consumer's own, with another result than the model's (0), visible
 * as a consumer built with default visibility has it.
 */
VR_API int hyperv_flush_guest_mapping(unsigned long long as);
int hyperv_flush_guest_mapping(unsigned long long as)
{
	return as ? -5 : -6;
}

int main(int argc, char **argv)
{
	struct vr_text out = VR_TEXT_INIT;
	struct vr_trace *t;
	int ret;

	if (argc != 2 || hyperv_flush_guest_mapping(1) != -5)
		return 2;
	ret = vr_trace_load(argv[1], &t, &out);
	if (!ret) {
		ret = vr_replay(t, 0, &out, NULL);
		vr_trace_free(t);
	}
	fputs(vr_text_str(&out), ret ? stderr : stdout);
	vr_text_free(&out);
	return ret ? 1 : 0;
}
