// SPDX-License-Identifier: GPL-2.0-only OR MIT
//
// A C++ test linking the installed library: the headers declare C
// linkage, so the calls below bind to the library's symbols.  Replays a
// trace of the arm model and requires it to match, then a wrong
// expectation and requires the divergence.
#include <cstdio>
#include <cstring>
#include <string>
#include <virtref/virtref.h>

static int replay(const std::string &yaml)
{
	struct vr_text err = VR_TEXT_INIT;
	struct vr_trace *t = nullptr;
	int ret = vr_trace_parse("inline.yaml", yaml.data(), yaml.size(), &t, &err);

	if (ret) {
		std::fprintf(stderr, "%s\n", vr_text_str(&err));
		vr_text_free(&err);
		return ret;
	}
	ret = vr_replay(t, VR_REPLAY_QUIET, &err, nullptr);
	vr_trace_free(t);
	vr_text_free(&err);
	return ret;
}

// One vcpu_init step expecting @ret.
static std::string trace(const char *ret)
{
	return std::string("virtref: 1\nmodel: arm\nname: cxx\nconfig: { profile: \"5.3\" }\n"
			   "steps:\n  - op: vcpu_init\n    args: { vcpu: 0 }\n    expect: { ret: ") +
	       ret + " }\n";
}

int main()
{
	if (!vr_model_find("arm") || std::strlen(vr_version()) == 0)
		return 1;
	if (replay(trace("0")) != 0)
		return 1;
	if (replay(trace("-EINVAL")) != -VR_EDIVERGED)
		return 1;
	std::printf("virtref %s from C++: ok\n", vr_version());
	return 0;
}
