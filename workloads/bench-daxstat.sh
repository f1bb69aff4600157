#!/usr/bin/env bash
# Overhead of daxstat on DAX hits (a benchmark, not a test): in one guest,
# fio 4 KiB psync random reads of a 64 MiB file already mapped in a 256 MiB
# window, ROUNDS (>= 6) rounds of one run per mode: without daxstat, daxstat
# in its default mode, with --hits, with --hits --latency, recording every
# reference (--record --sample 1) and at the default sample of a tenth
# (--record), the order rotating. Prints one line per mode: the with/without IOPS ratio of the
# runs in the same round (mean, min, max, sd) and daxstat's own figure for
# what its programs cost per run (ns per event, from its JSON summary).
# TCG numbers: compare, do not quote as KVM.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

ROUNDS=${ROUNDS:-6} RUNTIME=${RUNTIME:-5} SIZE=${SIZE:-64M}
[ "$ROUNDS" -ge 6 ] || die "ROUNDS must be at least 6"
ds_need_pkgs jq
ds_resolve collectors || die "collectors/build.sh failed"
out=$(ds_built collectors)
work=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-bench-daxstat.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/share/bin"
cp -r "$out/daxstat" "$out/lib" "$work/share/bin/"
{
	echo "ROUNDS=$ROUNDS RUNTIME=$RUNTIME SIZE=$SIZE"
	cat "$DS_ROOT/workloads/guest/bench-daxstat.sh"
} > "$work/script"
log "bench-daxstat: $ROUNDS rounds of 6 x ${RUNTIME}s fio runs"
"$DS_ROOT/vm/launch.sh" --mode dax --window 256M --share "$work/share" \
	--timeout $((ROUNDS * (6 * RUNTIME + 90) + 120)) --script "$work/script" ||
	die "the benchmark guest failed"
res=$work/share/out
iops=$res/iops.txt
[ -s "$iops" ] || die "the guest left no results"
echo "daxstat overhead on DAX hits (fio 4k randread psync, $ROUNDS rounds, with/without IOPS):"
# t95 DF: the two-sided 95 % quantile of Student's t (DF past 30: 30's,
# slightly wide), for the awk programs below.
T95='function t95(df) {
	split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262 2.228 2.201 2.179 2.160 2.145 2.131 " \
	      "2.120 2.110 2.101 2.093 2.086 2.080 2.074 2.069 2.064 2.060 2.056 2.052 2.048 2.045 2.042", q, " ")
	return df < 1 ? 0 : df > 30 ? q[30] : q[df]
}'
for mode in default hits latency record sampled; do
	case $mode in
	default) args="(default)" ;; hits) args="--hits" ;; latency) args="--hits --latency" ;;
	record) args="--record --sample 1" ;; sampled) args="--record" ;;
	esac
	# daxstat's own figure: its programs' run time per run, over all rounds.
	nsper=$(cat "$res"/daxstat."$mode".*.json | jq -s -r 'map(select(.type == "summary") |
		.self_cost) | (map(.run_ns) | add) as $ns | (map(.runs) | add) as $n |
		if $n > 0 then "\($ns / $n | floor) ns per event (\($n) events)" else "no events" end')
	# The i-th run without daxstat against the i-th run in this mode.
	paste <(awk '$1 == "without" {print $2}' "$iops") <(awk -v m="$mode" '$1 == m {print $2}' "$iops") |
		awk -v args="$args" -v nsper="$nsper" "$T95"'
		{ r = $2 / $1; n++; s += r; ss += r * r; if (n == 1 || r < lo) lo = r; if (r > hi) hi = r }
		END {
		  m = s / n; sd = sqrt((ss - n * m * m) / (n > 1 ? n - 1 : 1))
		  h = t95(n - 1) * sd / sqrt(n)
		  printf "  %-19s ratio %.3f (95 %% CI %.3f .. %.3f; min %.3f, max %.3f, sd %.3f, %d rounds); daxstat: %s\n",
			args, m, m - h, m + h, lo, hi, sd, n, nsper
		}'
done
# The default recording against --hits: per event, and the IOPS of the two
# runs of each round paired. Intervals here are 95 % t intervals over the
# rounds.
per() { cat "$res"/daxstat."$1".*.json | jq -s 'map(select(.type == "summary") | .self_cost) |
	(map(.run_ns) | add) / ([(map(.runs) | add), 1] | max)'; }
paste <(awk '$1 == "hits" {print $2}' "$iops") <(awk '$1 == "sampled" {print $2}' "$iops") |
	awk -v r="$(per sampled)" -v h="$(per hits)" "$T95"'
	{ x = $2 / $1; n++; s += x; ss += x * x }
	END {
	  m = s / n; se = sqrt((ss - n * m * m) / (n - 1) / n); q = t95(n - 1)
	  printf "  --record (default sample) against --hits: %.2f times the ns per event; IOPS ratio %.3f (95 %% CI %.3f .. %.3f, %d rounds paired)\n",
		(h > 0 ? r / h : 0), m, m - q * se, m + q * se, n
	}'
# The recordings' sizes: what a production recording at each rate writes.
[ ! -s "$res/records.txt" ] || awk '{ n[$1] += $3; r[$1]++ } END {
	for (l in n) printf "  %s: %d lines in %d runs\n", l, n[l], r[l] }' "$res/records.txt"
