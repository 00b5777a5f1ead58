#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# CTest fuzz.documented-commands: every fuzz and fuzz-to-trace command in
# README.md and fuzz/README.md, run in the clean copy that
# fuzz.oss-fuzz-build left in SCRATCH, with its harnesses as build/fuzz/fuzz/
# and CLI as build/default/tools/virtref.  Fuzz runs get 2 seconds instead
# of 600 and must write into a scratch directory they create; crash-<hash>
# becomes a seed of the model.  The committed corpus must be left as it was.
#   documented_commands.sh SCRATCH CLI
set -eu
scratch=$1 cli=$2
tree=$scratch/src/virtref
[ -d "$scratch/out" ] || { echo "run fuzz.oss-fuzz-build first"; exit 1; }
cd "$tree"
# The commands' mktemp -d directories go into the scratch tree too.
export TMPDIR="$scratch/tmp"
mkdir -p "$TMPDIR"
mkdir -p build/fuzz build/default/tools
rm -rf build/fuzz/fuzz && ln -s "$scratch/out" build/fuzz/fuzz
ln -sf "$cli" build/default/tools/virtref
before=$(find fuzz/corpus -type f | sort | md5sum)
n=0
for doc in README.md fuzz/README.md; do
	awk '/^```sh$/ { on = 1; next } /^```$/ { on = 0 } on' "$doc" |
		grep -E 'build/fuzz/fuzz/|fuzz-to-trace' >"$scratch/commands" || true
	while IFS= read -r cmd; do
		case $cmd in
		*build/fuzz/fuzz/*)
			case $cmd in *'$(mktemp -d)'* | *mkdir*) ;; *)
				echo "$doc: no scratch directory: $cmd"; exit 1 ;;
			esac ;;
		esac
		model=$(echo "$cmd" | sed -n 's/.* \([a-z0-9]*\) crash-<hash>.*/\1/p')
		run=$(echo "$cmd" | sed -e 's/-max_total_time=600/-max_total_time=2/' \
			-e "s|crash-<hash>|fuzz/corpus/$model/$(ls "fuzz/corpus/${model:-trace}" | head -1)|" \
			-e 's/ *#.*//')
		echo "$doc: $run"
		# fuzz-to-trace exits 1 for an input that is a finding, 0 otherwise.
		sh -c "$run" >"$scratch/run.log" 2>&1 || [ $? = 1 ] ||
			{ tail -20 "$scratch/run.log"; exit 1; }
		n=$((n + 1))
	done <"$scratch/commands"
done
[ "$(find fuzz/corpus -type f | sort | md5sum)" = "$before" ] ||
	{ echo "the committed corpus changed"; exit 1; }
[ "$n" -ge 6 ] || { echo "only $n documented commands found"; exit 1; }
echo "$n documented commands ran; the committed corpus is unchanged"
