#!/usr/bin/env bash
# Build daxsim for the glue scripts (make tune's validation): into
# $DS_CACHE/sim-<hash of the sources>, never into the work tree. Prints that
# directory; logs go to stderr.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

ds_need_pkgs make gcc libc6-dev
out=$DS_CACHE/sim-$(ds_hash "$0" "$DS_ROOT"/sim/Makefile "$DS_ROOT"/sim/*.[ch])
if [ ! -f "$out/.done" ]; then
	mkdir -p "$out"
	exec 9> "$out/.lock"
	flock 9
	make -s -C "$DS_ROOT/sim" OUT="$out" "$out/daxsim" >&2 || die "building daxsim failed"
	touch "$out/.done"
	ds_prune "$DS_CACHE/sim-*/"
fi
echo "$out"
