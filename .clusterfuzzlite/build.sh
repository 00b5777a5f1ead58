#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# OSS-Fuzz / ClusterFuzzLite build: every harness the build defines, built
# with $CC $CFLAGS and linked with $LIB_FUZZING_ENGINE, goes to $OUT with
# its seed corpus (<harness>_seed_corpus.zip), options file and, for
# fuzz_trace, the dictionary.  Run from the source tree (the Dockerfile's
# WORKDIR); builds in $WORK.
src=$PWD
build=$WORK/virtref-build
# The runner image has no libyaml: link its static archive.
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release \
	-DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="$CFLAGS" \
	-DCMAKE_FIND_LIBRARY_SUFFIXES=.a \
	-DVR_LIBFUZZER=ON -DVR_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" \
	-DVR_BUILD_TESTS=OFF -DVR_BUILD_BENCH=OFF
cmake --build "$build" -j"$(nproc)"

for bin in "$build"/fuzz/fuzz_*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	h=$(basename "$bin")
	cp "$bin" "$OUT/$h"
	corpus=$src/fuzz/corpus/${h#fuzz_}
	if [ -d "$corpus" ]; then
		rm -f "$OUT/${h}_seed_corpus.zip"
		(cd "$corpus" && zip -q -r "$OUT/${h}_seed_corpus.zip" .)
	fi
	if [ "$h" = fuzz_trace ]; then
		cp "$src/fuzz/trace.dict" "$OUT/$h.dict"
		printf '[libfuzzer]\ndict = %s.dict\nmax_len = 65536\n' "$h" >"$OUT/$h.options"
	else
		printf '[libfuzzer]\nmax_len = 4096\n' >"$OUT/$h.options"
	fi
done
