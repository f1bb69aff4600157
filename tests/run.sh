#!/usr/bin/env bash
# Run every tests/t-*.sh (or the ones named), one at a time: they boot guests
# and the machine has two cores. After each test, no QEMU or virtiofsd may be
# left running. Ends with the line "N passed, N failed". A test's "skipped:
# WHY" lines (a check this host's facts do not allow) follow its PASS line.
set -uo pipefail
cd "$(dirname "$0")"
logdir=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-tests.XXXXXX")
passed=0 failed=0
# Every guest a test boots has its run directory under this TMPDIR, so QEMU
# and virtiofsd started by the tests name it on their command lines; other
# guests on the machine are not ours to judge.
export TMPDIR=$logdir/tmp
mkdir -p "$TMPDIR"

# What the tests boot and run is resolved once here (lib/built.sh) and passed
# down in the environment; a thing that fails to build fails the tests that
# need it, each saying so.
. ../lib/common.sh
for thing in qemu image sysimage modules collectors report; do
	ds_resolve "$thing" || echo "warning: $thing did not build; the tests that need it will fail" >&2
done

orphans() { ds_host_pids "$TMPDIR"; }

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(t-*.sh)
for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	start=$(date +%s)
	bash "$t" > "$logdir/$name.log" 2>&1
	rc=$?
	left=$(orphans)
	if [ -n "$left" ]; then
		echo "FAIL: processes left behind: $(echo $left)" >> "$logdir/$name.log"
		kill -9 $left 2>/dev/null || true
		rc=1
	fi
	secs=$(( $(date +%s) - start ))
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS $name (${secs}s)"
		# What the test could not check on this host, and why.
		grep '^skipped: ' "$logdir/$name.log" | sed 's/^/    /' || true
	else
		failed=$((failed + 1))
		echo "FAIL $name (${secs}s, exit $rc); last lines of $logdir/$name.log:"
		tail -n 25 "$logdir/$name.log" | sed 's/^/    /'
	fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
