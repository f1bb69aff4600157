#!/usr/bin/env bash
# Overhead of daxstat on DAX hits (a benchmark, not a test): in one guest,
# fio 4 KiB psync random reads of a 64 MiB file already mapped in a 256 MiB
# window, ROUNDS (>= 5) runs without daxstat and as many with it attached,
# alternating. Prints each pair and the with/without IOPS ratio (mean,
# min..max, standard deviation). TCG numbers: compare, do not quote as KVM.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

ROUNDS=${ROUNDS:-6} RUNTIME=${RUNTIME:-5} SIZE=${SIZE:-64M}
[ "$ROUNDS" -ge 5 ] || die "ROUNDS must be at least 5"
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
log "bench-daxstat: $ROUNDS rounds of 2 x ${RUNTIME}s fio runs"
"$DS_ROOT/vm/launch.sh" --mode dax --window 256M --share "$work/share" \
	--timeout $((ROUNDS * (2 * RUNTIME + 30) + 120)) --script "$work/script" ||
	die "the benchmark guest failed"
iops=$work/share/out/iops.txt
[ -s "$iops" ] || die "the guest left no results"
# Pair the i-th run without daxstat with the i-th run with it.
paste <(awk '$1 == "without" {print $2}' "$iops") <(awk '$1 == "with" {print $2}' "$iops") |
	awk '
	{ r = $2 / $1; n++; s += r; ss += r * r; if (n == 1 || r < lo) lo = r; if (r > hi) hi = r
	  printf "round %d: without %d IOPS, with daxstat %d IOPS, ratio %.3f\n", n, $1, $2, r }
	END {
	  m = s / n; sd = sqrt((ss - n * m * m) / (n > 1 ? n - 1 : 1))
	  printf "daxstat overhead on DAX hits (fio 4k randread psync): with/without = %.3f " \
		"(min %.3f, max %.3f, sd %.3f, %d rounds), i.e. %.1f%% fewer IOPS\n", m, lo, hi, sd, n, (1 - m) * 100
	}'
# The hits daxstat saw in its last run, as a sanity check that it counted.
last=$(ls "$work/share/out"/daxstat.*.json | sort -t. -k2 -n | tail -n1)
jq -r 'select(.type == "summary") | "daxstat last run: \(.counters.hits) hits, \(.counters.new_mappings) new mappings, \(.counters.dropped) dropped"' "$last"
