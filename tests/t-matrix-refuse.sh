#!/usr/bin/env bash
# The matrix runner refuses a bad matrix (unknown mode, a range that is not a
# power of two, a window smaller than one range, ...) with a one-line error
# naming the problem, before it builds or boots anything: it returns within
# seconds, starts no guest and creates no results directory.
. "$(dirname "$0")/lib.sh"
RUN=$DS_ROOT/workloads/run-matrix.sh

# refused WHAT EXPECTED_WORDS -- ARGS...: the runner must exit 2 quickly with
# one stderr line containing EXPECTED_WORDS.
refused() {
	local what=$1 want=$2 out=$T_WORK/res-$RANDOM rc=0 err start secs
	shift 3
	start=$(date +%s)
	err=$("$RUN" --out "$out" "$@" 2>&1 > /dev/null) || rc=$?
	secs=$(($(date +%s) - start))
	[ $rc -eq 2 ] || fail "$what: exit $rc, expected 2 (output: $err)"
	[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "$what: not a one-line error: $err"
	[[ $err == *"$want"* ]] || fail "$what: error does not say '$want': $err"
	[ ! -e "$out" ] || fail "$what: a results directory was created"
	[ $secs -le 10 ] || fail "$what: took ${secs}s: something was built or booted"
	! running || fail "$what: a guest was started"
	echo "ok: $what -> $err"
}

refused "unknown mode" "unknown mode: kvm" -- --modes dax,kvm
refused "range not a power of two" "range 3M is not a power of two" -- --ranges 3M
refused "range not a power of two (patched)" "range 768K is not a power of two" -- \
	--modules patched --ranges 768K
refused "window smaller than one range" "window 2M is smaller than one range (4M)" -- \
	--modules patched --windows 2M --ranges 4M
refused "window smaller than the stock range" "window 1M is smaller than one range (2M)" -- \
	--windows 1M
refused "window not a power of two" "window 96M is not a power of two" -- --windows 96M
refused "range other than 2M on stock modules" "stock Linux 6.1 modules map only 2M ranges" -- \
	--ranges 512K
refused "unknown workload" "unknown workload: nosuch" -- --workloads randread-psync-1f,nosuch
refused "bad repeats" "bad --repeats: 0" -- --repeats 0
refused "unknown option" "unknown argument: --frobnicate" -- --frobnicate
# Zero or negative sizes and runtimes from the environment (scale.env).
DS_SIZE=0 refused "zero size" "bad DS_SIZE: 0" --
DS_SIZE=-8M refused "negative size" "bad DS_SIZE: -8M" --
DS_APPEND_SIZE=0K refused "zero append size" "bad DS_APPEND_SIZE: 0K" --
DS_RUNTIME=0 refused "zero runtime" "bad DS_RUNTIME: 0" --
DS_RUNTIME=-5 refused "negative runtime" "bad DS_RUNTIME: -5" --
DS_RAMP=-1 refused "negative ramp" "bad DS_RAMP: -1" --
DS_IODEPTH=0 refused "zero iodepth" "bad DS_IODEPTH: 0" --
DS_GUEST_MEM=0M refused "zero guest memory" "bad DS_GUEST_MEM: 0M" --
DS_DAXSTAT_INTERVAL=0.0 refused "zero sampling interval" "bad DS_DAXSTAT_INTERVAL: 0.0" --

# And a good matrix is accepted (dry run: the plan only).
plan=$("$RUN" --dry-run --modes dax,none --workloads randread-psync-1f --repeats 2) ||
	fail "a good matrix was refused"
[[ $plan == *"4 cells in 2 guests"* ]] || fail "unexpected plan: $plan"
echo "ok: good matrix planned: $(tail -n 1 <<< "$plan")"
