#!/usr/bin/env bash
# The QEMU series passes QEMU's own scripts/checkpatch.pl, and every patch has
# a commit message (a body, not just a subject). build-qemu.sh has already
# proven that the series applies to Debian's source with git am.
. "$(dirname "$0")/lib.sh"
ds_resolve qemu
src=$DS_CACHE/qemu/src
[ -f "$src/scripts/checkpatch.pl" ] || fail "no QEMU checkpatch.pl in $src"
n=0
for p in "$DS_ROOT"/vm/qemu-patches/*.patch; do
	out=$(cd "$src" && perl scripts/checkpatch.pl --no-signoff -q "$p" 2>&1) ||
		fail "checkpatch: $(basename "$p"): $(echo "$out" | grep -m1 -E '^(ERROR|WARNING)')"
	[ -z "$out" ] || fail "checkpatch: $(basename "$p"): $(echo "$out" | head -n 1)"
	# Lines between the Subject and the diffstat are the message body.
	body=$(sed -n '/^Subject:/,/^---$/p' "$p" | sed '1d;$d' | grep -c '[a-z]')
	[ "$body" -ge 3 ] || fail "$(basename "$p") has no real commit message"
	n=$((n + 1))
done
[ $n -ge 6 ] || fail "expected the 6-patch series, found $n patches"
echo "$n patches clean"
