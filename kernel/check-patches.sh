#!/usr/bin/env bash
# Check the kernel/patches series: it applies with git am to a fresh worktree
# of Debian's pristine linux-source, touches nothing outside fs/fuse/ but
# MAINTAINERS (so fs/fuse builds out of tree), and every patch is clean under
# the tree's scripts/checkpatch.pl --strict: no error, warning or check.
# Exits non-zero otherwise; prints one line per patch.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/kernel/lib.sh"

ds_kernel_begin
[ ${#PATCHES[@]} -gt 0 ] || die "no patches in kernel/patches"
# checkpatch runs spdxcheck.py on new files, which needs ply and GitPython.
ds_need_pkgs git perl python3 python3-ply python3-git
src=$(ds_kernel_source)

wt=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-checkpatch.XXXXXX")
# shellcheck disable=SC2317 # only reached through the EXIT trap
cleanup() {
	git -C "$src" worktree remove --force "$wt" > /dev/null 2>&1 || rm -rf "$wt"
	git -C "$src" worktree prune
}
trap cleanup EXIT
git -C "$src" worktree add -q --detach "$wt" pristine

failed=0
cover=$DS_ROOT/kernel/patches/0000-cover-letter.patch
if [ ! -f "$cover" ]; then
	echo "FAIL 0000-cover-letter.patch: missing"
	failed=1
elif grep -q '\*\*\* .* HERE \*\*\*' "$cover"; then
	echo "FAIL 0000-cover-letter.patch: still has git format-patch placeholders"
	failed=1
fi

cd "$wt"
for p in "${PATCHES[@]}"; do
	name=$(basename "$p")
	if ! ds_git am -q "$p" > "$wt.am" 2>&1; then
		echo "FAIL $name: does not apply: $(head -n 3 "$wt.am" | tr '\n' ' ')"
		rm -f "$wt.am"
		exit 1
	fi
	outside=$(git diff --name-only HEAD~1 HEAD | grep -v -e '^fs/fuse/' -e '^MAINTAINERS$' || true)
	if [ -n "$outside" ]; then
		echo "FAIL $name: touches files outside fs/fuse/: $(echo "$outside" | tr '\n' ' ')"
		failed=1
	fi
	# Judge by the totals line: it counts checks as well as errors and warnings.
	# Debian's python3 first: spdxcheck.py needs the python3-ply it sees.
	report=$(PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict "$p" 2>&1 || true)
	totals=$(echo "$report" | grep -E '^total: [0-9]+ errors, [0-9]+ warnings, [0-9]+ checks' || true)
	if [ "$totals" = "" ] || ! echo "$totals" | grep -q '^total: 0 errors, 0 warnings, 0 checks'; then
		echo "FAIL $name: ${totals:-no checkpatch summary}"
		echo "$report" | grep -E '^(ERROR|WARNING|CHECK)|^#|^\+' | sed 's/^/    /' | head -n 40
		failed=1
	elif echo "$report" | grep -q 'Traceback'; then
		echo "FAIL $name: a checkpatch helper crashed"
		echo "$report" | sed 's/^/    /' | tail -n 5
		failed=1
	else
		echo "ok   $name: $totals"
	fi
done
rm -f "$wt.am"
exit $failed
