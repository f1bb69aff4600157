#!/usr/bin/env bash
# Build the libFuzzer harness of the report generator's file readers
# (reports/fuzz/fuzz-readers.c, with ASan and UBSan) into
# $DS_CACHE/report/fuzz-readers-<hash>. Prints the binary's path.
set -euo pipefail
. "$(dirname "$0")/../../lib/common.sh"

ds_need_pkgs clang libc6-dev pkg-config libjson-c-dev
src=$DS_ROOT/reports/src
hash=$(ds_hash "$src"/*.c "$src"/*.h "$DS_ROOT/reports/fuzz/fuzz-readers.c" "$0")
out=$DS_CACHE/report
bin=$out/fuzz-readers-$hash
[ -x "$bin" ] && { echo "$bin"; exit 0; }
mkdir -p "$out"
log "building the report readers' fuzzer"
# main.c and compare-main.c have the tools' main(); libFuzzer brings its own.
common=()
for f in "$src"/*.c; do
	[[ $f == *main.c ]] || common+=("$f")
done
# shellcheck disable=SC2046 # pkg-config prints words
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE \
	$(pkg-config --cflags json-c) -o "$bin.tmp" "$DS_ROOT/reports/fuzz/fuzz-readers.c" \
	"${common[@]}" $(pkg-config --libs json-c) -lm >&2 ||
	die "building the fuzzer failed"
mv "$bin.tmp" "$bin"
ds_prune "$out/fuzz-readers-*"
echo "$bin"
