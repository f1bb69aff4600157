#!/usr/bin/env bash
# Run a matrix of fio cells in guests and store everything in a new results
# directory. A config is (mode, window, range, modules, cache); its repeats
# are spread over --boots guest boots, because the noise between boots is
# larger than within one, and the boots run in rounds, each round booting
# every config once, so that the host's slow minutes hit all configs alike.
# The tmpfs baseline (fio on the guest's /tmp) rides along in the first
# guest of each round.
# Sizes and runtimes come from workloads/scale.env. Run with --help.
# Each step is a file of workloads/matrix/; this one runs them in order.
# shellcheck disable=SC2154 # the steps set the run's globals
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/workloads/scale.env"
. "$DS_ROOT/workloads/matrix-lib.sh"
. "$DS_ROOT/vm/kimage-lib.sh"
. "$DS_ROOT/vm/host-stack-lib.sh"
. "$DS_ROOT/vm/accel-lib.sh"
. "$DS_ROOT/workloads/matrix/options.sh"
. "$DS_ROOT/workloads/matrix/check.sh"
. "$DS_ROOT/workloads/matrix/plan.sh"
. "$DS_ROOT/workloads/matrix/prepare.sh"
. "$DS_ROOT/workloads/matrix/boot.sh"

matrix_options "$@"
matrix_check
matrix_plan
if [ -n "$dry" ]; then
	matrix_print_plan
	exit 0
fi
matrix_resolve
matrix_records
matrix_boots_begin
for k in "${!runs[@]}"; do matrix_boot "$k"; done

# What each window costs the guest's memory, and the share of the cells'
# time in measured I/O, are the report's to work out (reports/src/wmem.c,
# load.c) from what the guests and cells recorded.
secs=$(($(date +%s) - start))
{
	echo "${part:+part${part}_}wall_seconds=$secs"
	echo "${part:+part${part}_}lock_wait_seconds=$waited"
} >> "$out/matrix"
# This matrix's cells only (an appended one has others beside them).
count() {
	local p
	for p in "${plans[@]}"; do ds_plan_cells <<< "$p"; done |
		sed "s|^|$out/cells/|; s|\$|/status|" | xargs cat | grep -c "^status=$1" || true
}
ok=$(count ok) unsup=$(count unsupported) failed=$(count failed)
log "done in $((secs / 60))m$((secs % 60))s ($((waited / 60))m$((waited % 60))s of it waiting for" \
	"other guests): $ok ok, $unsup not supported, $failed failed"
# The runner only runs and records: the report is one step of its own
# (reports/make-report.sh), run once by make bench, make tune and make ab.
echo "results: $out"
[ "$failed" -eq 0 ]
