#!/usr/bin/env bash
# The main job (make bench): the workloads DS_BENCH_WORKLOADS, DS_BENCH_RUNTIME
# seconds each, in mode dax (a DS_WINDOW window of 2M ranges, stock modules),
# in mode none and on the guest's tmpfs, DS_REPEATS times each
# (workloads/scale.env), then the report.
# Each config boots DS_BOOTS times, the boots alternating. Prints the headline and recommendation; the report is in
# results/<timestamp>-report/.
#   workloads/run-bench.sh [run-matrix.sh options, e.g. --repeats 1]
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

# Resolved once here (lib/built.sh); the matrix, its guests and the report
# read them from the environment.
# QEMU and virtiofsd are the matrix's to find (the suite's, or --qemu/--virtiofsd).
ds_resolve image report || die "the guest image or the report tools did not build"
out=$DS_ROOT/results/$(date +%Y%m%d-%H%M%S)
rc=0
# Fewer, longer cells than run-matrix.sh's defaults (see scale.env); a
# DS_RUNTIME from the environment and a --workloads given here still win.
user_runtime=${DS_RUNTIME:-}
. "$DS_ROOT/workloads/scale.env"
DS_RUNTIME=${user_runtime:-$DS_BENCH_RUNTIME} "$DS_ROOT/workloads/run-matrix.sh" --out "$out" \
	--workloads "$DS_BENCH_WORKLOADS" "$@" || rc=$?
# The accelerator first (TCG numbers are not KVM numbers), then the report's
# headline and recommendation table.
sed -n 's/^accelerator=/accelerator: /p' "$out/manifest" 2> /dev/null || true
# The report, once; its opening printed from the same model.
if [ -f "$out/cells.list" ]; then
	"$DS_ROOT/reports/make-report.sh" "$out" --opening || log "the report generator reported problems (see above)"
fi
exit $rc
