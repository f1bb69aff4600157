#!/usr/bin/env bash
# Build the report tools (reports/src, C with json-c) into
# $DS_CACHE/report/: dsreport-<hash> (the report, main.c) and
# dscompare-<hash> (compare, compare-main.c), both from the other sources,
# keyed by the sources and this script, so an unchanged tree costs a hash.
#   reports/build-report.sh [dsreport|dscompare]
# Prints the named binary's path (default dsreport); logs go to stderr.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

tool=${1:-dsreport}
declare -A mains=([dsreport]=main.c [dscompare]=compare-main.c)
[ -n "${mains[$tool]:-}" ] || die "build-report.sh: unknown tool $tool (dsreport or dscompare)"
ds_need_pkgs gcc libc6-dev pkg-config libjson-c-dev
src=$DS_ROOT/reports/src
hash=$(ds_hash "$src"/*.c "$src"/*.h "$0")
out=$DS_CACHE/report
bin=$out/$tool-$hash
[ -x "$bin" ] && { echo "$bin"; exit 0; }

mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
[ -x "$bin" ] && { echo "$bin"; exit 0; }
log "building the report tools"
common=()
for f in "$src"/*.c; do
	[[ " ${mains[*]} " == *" $(basename "$f") "* ]] || common+=("$f")
done
for t in "${!mains[@]}"; do
	# shellcheck disable=SC2046 # pkg-config prints words
	gcc -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE $(pkg-config --cflags json-c) \
		-o "$out/$t-$hash.tmp" "$src/${mains[$t]}" "${common[@]}" $(pkg-config --libs json-c) -lm >&2 ||
		die "building $t failed"
done
for t in "${!mains[@]}"; do
	mv "$out/$t-$hash.tmp" "$out/$t-$hash"
	# Old builds are small but add up; keep the newest few.
	ls -t "$out/$t"-* 2> /dev/null | tail -n +4 | xargs -r rm -f
done
echo "$bin"
