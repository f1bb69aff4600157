#!/usr/bin/env bash
# The main job (make bench): every workload in workloads.list, in mode dax
# (a DS_WINDOW window of 2M ranges, stock modules), in mode none and on the
# guest's tmpfs, DS_REPEATS times each (workloads/scale.env), then the report.
# Two guests boot. Prints the recommendation table; the report is in
# results/<timestamp>-report/.
#   workloads/run-bench.sh [run-matrix.sh options, e.g. --repeats 1]
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

# daxstat is optional (without it the report says its time series are
# unavailable): build it when the collectors can be built, go on without.
if [ "${DS_DAXSTAT:-auto}" != off ] && [ -f "$DS_ROOT/collectors/build.sh" ]; then
	bash "$DS_ROOT/collectors/build.sh" > /dev/null ||
		log "collectors/daxstat did not build: running without it"
fi
out=$DS_ROOT/results/$(date +%Y%m%d-%H%M%S)
rc=0
"$DS_ROOT/workloads/run-matrix.sh" --out "$out" "$@" || rc=$?
summary=$out-report/summary.md
if [ -f "$summary" ]; then
	# The recommendation table, up to the next section.
	sed -n '/^## Recommendation/,/^## /p' "$summary" | sed '$d'
fi
exit $rc
