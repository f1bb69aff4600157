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

refused "bad boots" "bad --boots: 0" -- --boots 0
refused "more boots than repeats" "--boots 3 is more than --repeats 2" -- --repeats 2 --boots 3
refused "unknown config" "unknown config: tmpfs" -- --configs dax-w64M-r2M-stock,tmpfs
refused "config with a stock range other than 2M" "range 1M needs patched modules" -- \
	--configs dax-w64M-r1M-stock
refused "config window below its range" "dax-w2M-r4M-patched: the window is smaller than one range" -- \
	--configs dax-w2M-r4M-patched

# And a good matrix is accepted (dry run: the plan only). DS_BOOTS is a
# default: a single repeat takes a single boot.
plan=$(DS_BOOTS=2 "$RUN" --dry-run --modes dax,none --workloads randread-psync-1f --repeats 1) ||
	fail "a good matrix was refused"
[[ $plan == *"2 cells in 2 guests (2 configs x 1 boot)"* ]] || fail "unexpected plan: $plan"
echo "ok: good matrix planned: $(tail -n 1 <<< "$plan")"

# Repeats spread over boots, in rounds: A B A B, each boot its share of the
# repeats; the same config twice is an A/A pair.
plan=$("$RUN" --dry-run --configs none-stock,dax-w32M-r2M-stock,none-stock \
	--workloads randread-psync-1f --repeats 4 --boots 2) || fail "a --configs matrix was refused"
expect_eq "boot order" "$(sed -n 's/^guest \([^:]*\):.*/\1/p' <<< "$plan" | paste -sd' ')" \
	"none-stock-boot1 dax-w32M-r2M-stock-boot1 none-stock.2-boot1 none-stock-boot2 dax-w32M-r2M-stock-boot2 none-stock.2-boot2"
# Each config's window is checked against its own range, not every range.
"$RUN" --dry-run --configs dax-w2M-r2M-patched,dax-w64M-r4M-patched --workloads randread-psync-1f \
	--repeats 1 > /dev/null || fail "--configs refused a 2M window with 2M ranges beside 4M ranges"
expect_eq "repeats of dax-w32M-r2M-stock in its first boot" \
	"$(awk '/^guest dax-w32M-r2M-stock-boot1:/ {g = 1; next} /^guest/ {g = 0} g { for (i = 1; i <= NF; i++) if ($i ~ /^repeat=/) print substr($i, 8) }' <<< "$plan" | paste -sd' ')" "1 3"
[[ $plan == *"12 cells in 6 guests (3 configs x 2 boots)"* ]] || fail "unexpected plan: $plan"
echo "ok: boots in rounds: $(tail -n 1 <<< "$plan")"
