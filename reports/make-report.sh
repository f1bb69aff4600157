#!/usr/bin/env bash
# Turn a results directory into a report (make report RESULTS=dir):
#   reports/make-report.sh RESULTS_DIR [-o OUTDIR] [--opening]
#   reports/make-report.sh RESULTS_DIR --recommendation
# Writes report.html, summary.md and the plots (SVG and PNG) into OUTDIR
# (default RESULTS_DIR-report, beside it); boots nothing and never writes
# into RESULTS_DIR; --opening then prints its opening (opening.md: the
# headline and the recommendation). Exits 1 when a result file is missing or corrupt (each is
# named on one line; the other cells are still reported). --recommendation
# writes nothing and prints the report's headline and recommendation.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

[ $# -ge 1 ] || die "usage: reports/make-report.sh RESULTS_DIR [-o OUTDIR | --recommendation]"
results=$1
shift
[ -d "$results" ] || die "no results directory: $results"
ds_need_pkgs gnuplot-nox
ds_resolve report || die "reports/build-report.sh failed"
bin=$(ds_built report)/dsreport
[ "${1:-}" = --recommendation ] && exec "$bin" --recommendation "$results"
opening='' args=()
for a in "$@"; do
	if [ "$a" = --opening ]; then opening=1; else args+=("$a"); fi
done
rc=0
out=$("$bin" -t "$DS_ROOT/reports/plots" "${args[@]}" "$results") || rc=$?
[ -n "$out" ] && echo "report: $out/report.html (summary: $out/summary.md)" >&2
# The opening of the report just written: the runners' last words.
[ -z "$opening" ] || [ ! -f "$out/opening.md" ] || cat "$out/opening.md"
exit $rc
