#!/usr/bin/env bash
# Build the report generator (reports/src, C with json-c) into
# $DS_CACHE/report/dsreport-<hash>, keyed by its sources and this script, so
# an unchanged tree costs a hash. Prints the binary's path; logs go to stderr.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

ds_need_pkgs gcc libc6-dev pkg-config libjson-c-dev
src=$DS_ROOT/reports/src
hash=$(ds_hash "$src"/*.c "$src"/*.h "$0")
out=$DS_CACHE/report
bin=$out/dsreport-$hash
[ -x "$bin" ] && { echo "$bin"; exit 0; }

mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
[ -x "$bin" ] && { echo "$bin"; exit 0; }
log "building the report generator"
# shellcheck disable=SC2046 # pkg-config prints words
gcc -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE $(pkg-config --cflags json-c) \
	-o "$bin.tmp" "$src"/*.c $(pkg-config --libs json-c) -lm >&2 ||
	die "building the report generator failed"
mv "$bin.tmp" "$bin"
ds_prune "$out/dsreport-*"
echo "$bin"
