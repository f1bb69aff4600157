#!/usr/bin/env bash
# make tune: which window and which range size. Two sweeps into one results
# directory and one report:
#  - windows DS_TUNE_WINDOWS (2M ranges, stock modules) over a fixed working
#    set of DS_TUNE_SIZE, with mode none and tmpfs for reference: the cliff
#    where the working set outgrows the window;
#  - range sizes DS_TUNE_RANGES on a DS_TUNE_RANGE_WINDOW window (the same
#    working sets, and ws-2x) with the patched modules
#    (kernel/build-modules.sh) and their dax_range mount option. The stock Linux 6.1 modules map 2M ranges only:
#    without dax_range support this sweep is skipped, and the report says so.
#   workloads/run-tune.sh [--repeats N]
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/workloads/scale.env"

# Fixed-size workloads: the ws-* ones grow with the window, which would
# keep their ratio constant.
workloads=${DS_TUNE_WORKLOADS:-randread-psync-1f,randread-mmap-1f,randrw-psync-1f}
if [ "${DS_DAXSTAT:-auto}" != off ] && [ -f "$DS_ROOT/collectors/build.sh" ]; then
	bash "$DS_ROOT/collectors/build.sh" > /dev/null ||
		log "collectors/daxstat did not build: running without it"
fi
out=$DS_ROOT/results/$(date +%Y%m%d-%H%M%S)-tune
rc=0
log "window sweep: $DS_TUNE_WINDOWS over $DS_TUNE_SIZE"
DS_SIZE=$DS_TUNE_SIZE "$DS_ROOT/workloads/run-matrix.sh" --out "$out" --no-report \
	--modes dax,none,tmpfs --windows "$DS_TUNE_WINDOWS" --workloads "$workloads" "$@" || rc=$?

mods=$(bash "$DS_ROOT/kernel/build-modules.sh" 2> /dev/null) || mods=''
if [ -n "$mods" ] && grep -qa dax_range "$mods/fuse.ko"; then
	log "range sweep: $DS_TUNE_RANGES on a $DS_TUNE_RANGE_WINDOW window (patched modules)"
	DS_SIZE=$DS_TUNE_SIZE "$DS_ROOT/workloads/run-matrix.sh" --out "$out" --append --no-report \
		--modes dax --windows "$DS_TUNE_RANGE_WINDOW" --ranges "$DS_TUNE_RANGES" --modules patched \
		--patched-modules "$mods" --workloads "$workloads,ws-2x" "$@" || rc=$?
else
	log "range sweep skipped: the patched modules (kernel/build-modules.sh) have no dax_range" \
		"option; with the stock modules only 2M ranges are possible"
fi
"$DS_ROOT/reports/make-report.sh" "$out" || rc=$?
summary=$out-report/summary.md
[ -f "$summary" ] && sed -n '/^## Recommendation/,/^## /p' "$summary" | sed '$d'
echo "results: $out"
exit $rc
