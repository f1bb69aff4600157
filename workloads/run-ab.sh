#!/usr/bin/env bash
# make ab: config A against config B in one run, interleaved boot by boot
# (A B A B ...), then the compare page of A against B over boot means.
#   workloads/run-ab.sh A B [--workloads SPEC] [--out RESULTS] [-o PAGE_DIR] [run-matrix.sh options]
# A equal to B is an A/A test: the second runs as A.2, and every difference
# found is a false positive. Workloads and runtime default to make bench's
# (DS_BENCH_WORKLOADS, DS_BENCH_RUNTIME); repeats and boots to 6 over 3.
# The last line is the compare's tally: "N comparisons: K significant".
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

[ $# -ge 2 ] || { echo "usage: workloads/run-ab.sh A_CONFIG B_CONFIG [--workloads SPEC] [-o OUT] [run-matrix.sh options]" >&2; exit 2; }
a=$1 b=$2
shift 2
spec='' page='' out='' rest=()
while [ $# -gt 0 ]; do
	case $1 in
	--workloads) spec=${2:?--workloads needs a value}; shift 2 ;;
	-o) page=${2:?-o needs a directory}; shift 2 ;;
	--out) out=${2:?--out needs a directory}; shift 2 ;;
	*) rest+=("$1"); shift ;;
	esac
done
user_runtime=${DS_RUNTIME:-}
# Three boots of two repeats per config: the design whose A/A run is in
# reports/README.md (the boots carry the test; two repeats a boot show the
# within-boot spread).
export DS_REPEATS=${DS_REPEATS:-6} DS_BOOTS=${DS_BOOTS:-3}
. "$DS_ROOT/workloads/scale.env"
# run-matrix.sh names the second of two equal configs NAME.2.
b_cfg=$b
[ "$a" != "$b" ] || b_cfg=$b.2
out=${out:-${DS_RESULTS_DIR:-$DS_ROOT/results}/$(date +%Y%m%d-%H%M%S)-ab}
rc=0
DS_RUNTIME=${user_runtime:-$DS_BENCH_RUNTIME} "$DS_ROOT/workloads/run-matrix.sh" --out "$out" \
	--configs "$a,$b" --workloads "${spec:-$DS_BENCH_WORKLOADS}" "${rest[@]}" || rc=$?
# A run refused before it started leaves no results: nothing to compare.
[ -f "$out/cells.list" ] || exit $rc
"$DS_ROOT/reports/make-compare.sh" "$out" "$out" --pair "$a=$b_cfg" ${page:+-o "$page"} || rc=$?
exit $rc
