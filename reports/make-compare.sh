#!/usr/bin/env bash
# Compare two runs (make compare A=results/x B=results/y):
#   reports/make-compare.sh A_DIR B_DIR [-o OUTDIR] [--pair A_CONFIG=B_CONFIG]...
# Writes compare.html, compare.md and the plot of the changes into OUTDIR
# (default B_DIR-vs-<A's name>, beside B); boots nothing and never writes
# into either results directory. A and B may be the same run, its configs
# paired with --pair (stock against patched, 2M against 1M ranges). Prints
# the output directory, then as its last line "N comparisons: K significant".
# Exits 1 when a result file is missing or corrupt (each is named on one
# line), 2 when a run is missing or not a results directory.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

[ $# -ge 2 ] || die "usage: reports/make-compare.sh A_DIR B_DIR [-o OUTDIR] [--pair A_CONFIG=B_CONFIG]..."
a=$1 b=$2
shift 2
for d in "$a" "$b"; do
	[ -d "$d" ] || { echo "compare: no results directory: $d" >&2; exit 2; }
done
ds_need_pkgs gnuplot-nox
ds_resolve report || die "reports/build-report.sh failed"
bin=$(ds_built report)/dscompare
rc=0
# dscompare prints the output directory, then the count of comparisons.
lines=$("$bin" -t "$DS_ROOT/reports/plots" "$@" "$a" "$b") || rc=$?
out=$(head -n 1 <<< "$lines")
if [ -n "$out" ]; then
	echo "compare: $out/compare.html (Markdown: $out/compare.md)" >&2
	echo "$lines"
fi
exit $rc
