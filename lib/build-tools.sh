#!/usr/bin/env bash
# Build the small C tools that the glue scripts run: hazards/hz.c (statically
# linked: it runs in the guests too) and vm/probe/vu-probe.c (the vhost-user
# handshake probe of a virtiofsd). Outputs go to $DS_CACHE/tools-<hash of the
# sources>, never into the work tree. Prints that directory.
set -euo pipefail
. "$(dirname "$0")/common.sh"

# name  source  link flags
TOOLS="hz hazards/hz.c -static
vu-probe vm/probe/vu-probe.c -"

ds_need_pkgs gcc libc6-dev
srcs=()
while read -r _ src _; do srcs+=("$DS_ROOT/$src"); done <<< "$TOOLS"
out=$DS_CACHE/tools-$(ds_hash "$0" "${srcs[@]}")
if [ ! -f "$out/.done" ]; then
	mkdir -p "$out"
	exec 9> "$out/.lock"
	flock 9
	while read -r name src ldflags; do
		[ "$ldflags" != - ] || ldflags=
		# shellcheck disable=SC2086 # flags are words
		gcc -O2 -Wall -Wextra $ldflags -o "$out/$name" "$DS_ROOT/$src" >&2 ||
			die "cannot build $src"
	done <<< "$TOOLS"
	touch "$out/.done"
	ds_prune "$DS_CACHE/tools-*/"
fi
echo "$out"
