#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# CTest fuzz.oss-fuzz-build: .clusterfuzzlite/build.sh with the
# environment OSS-Fuzz sets, on a clean copy of the source tree (its
# files git tracks or would) in SCRATCH; then every harness of HARNESSES must be in
# $OUT with its options file (and seed zip when fuzz/corpus/<name>
# exists) and run for a few seconds.  Exit 77 (skipped) without clang and
# the libFuzzer runtime.
#   oss_fuzz_build.sh SOURCE SCRATCH "trace arm ccw ..."
set -eu
source=$1 scratch=$2 harnesses=$3
if ! command -v clang >/dev/null ||
	! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' |
	clang -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null; then
	echo "skipped: clang with the libFuzzer runtime (libclang-rt-dev) is not installed"
	exit 77
fi
rm -rf "$scratch"
mkdir -p "$scratch/src/virtref" "$scratch/out" "$scratch/work"
if git -C "$source" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$source" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$scratch/src/virtref")
else
	(cd "$source" && tar --exclude=./build -cf - .) | tar -xf - -C "$scratch/src/virtref"
fi
export CC=clang CXX=clang++ SRC="$scratch/src" OUT="$scratch/out" WORK="$scratch/work"
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
(cd "$SRC/virtref" && bash .clusterfuzzlite/build.sh) >"$scratch/build.log" 2>&1 ||
	{ tail -40 "$scratch/build.log"; exit 1; }
for h in $harnesses; do
	bin=$OUT/fuzz_$h
	[ -x "$bin" ] || { echo "missing: $bin"; exit 1; }
	[ -f "$bin.options" ] || { echo "missing: $bin.options"; exit 1; }
	if [ -d "$source/fuzz/corpus/$h" ]; then
		zip=${bin}_seed_corpus.zip
		[ -f "$zip" ] || { echo "missing: $zip"; exit 1; }
		want=$(ls "$source/fuzz/corpus/$h" | wc -l)
		got=$(unzip -Z1 "$zip" | wc -l)
		[ "$want" = "$got" ] || { echo "$zip: $got files, want $want"; exit 1; }
	fi
	mkdir -p "$WORK/corpus-$h"
	# A new finding is the fuzzer at work, not a broken build: shown, not failed.
	if ! "$bin" -max_total_time=2 -artifact_prefix="$WORK/" "$WORK/corpus-$h" \
		>"$WORK/run-$h.log" 2>&1; then
		grep -A4 "^virtref $h: new finding" "$WORK/run-$h.log" ||
			{ echo "fuzz_$h:"; tail -30 "$WORK/run-$h.log"; exit 1; }
	fi
	grep -q "^INFO: Seed: " "$WORK/run-$h.log" || { echo "fuzz_$h did not start"; exit 1; }
	echo "fuzz_$h: built, seed zip and options in \$OUT, ran"
done
[ -f "$OUT/fuzz_trace.dict" ] || { echo "missing: $OUT/fuzz_trace.dict"; exit 1; }
