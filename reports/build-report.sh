#!/usr/bin/env bash
# Build the report tools (reports/src, C with json-c) into
# $DS_CACHE/report/tools-<hash>/: dsreport (the report, main.c) and dscompare
# (compare, compare-main.c), both over the other sources, keyed by the
# sources and this script, so an unchanged tree costs a hash. Prints the
# directory; logs go to stderr.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

declare -A mains=([dsreport]=main.c [dscompare]=compare-main.c)
ds_need_pkgs gcc libc6-dev pkg-config libjson-c-dev
src=$DS_ROOT/reports/src
# DS_SANITIZE=1: an ASan+UBSan build, cached apart (part of the hash).
read -r -a san <<< "$(ds_sanitize_flags)"
hash=$(ds_hash "$src"/*.c "$src"/*.h "$0" "cflags ${san[*]}")
out=$DS_CACHE/report
dir=$out/tools-$hash
built() { [ -x "$dir/dsreport" ] && [ -x "$dir/dscompare" ]; }
built && { echo "$dir"; exit 0; }

mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
built && { echo "$dir"; exit 0; }
log "building the report tools"
common=()
for f in "$src"/*.c; do
	[[ " ${mains[*]} " == *" $(basename "$f") "* ]] || common+=("$f")
done
rm -rf "$dir.tmp"
mkdir -p "$dir.tmp"
for t in "${!mains[@]}"; do
	# shellcheck disable=SC2046 # pkg-config prints words
	gcc -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE "${san[@]}" $(pkg-config --cflags json-c) \
		-o "$dir.tmp/$t" "$src/${mains[$t]}" "${common[@]}" $(pkg-config --libs json-c) -lm >&2 ||
		die "building $t failed"
done
rm -rf "$dir"
mv "$dir.tmp" "$dir"
ds_prune "$out/tools-*"
echo "$dir"
