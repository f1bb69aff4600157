#!/usr/bin/env bash
# The main job (make bench): boot one guest per mode (dax on a window, and
# cache=none), run the fio jobs in each, keep fio's JSON and the host's
# virtiofsd counters in results/<timestamp>/, and print a summary table.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/workloads/scale.env"
export DS_SIZE DS_RUNTIME

jobs=(seqread randread)
out=$DS_ROOT/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
{
	echo "date=$(date -Is)"
	echo "project_commit=$(git -C "$DS_ROOT" rev-parse --short HEAD 2>/dev/null || echo none)"
	echo "accelerator=tcg"
	echo "size=$DS_SIZE runtime=$DS_RUNTIME window=$DS_WINDOW"
	cat "$("$DS_ROOT/vm/build-qemu.sh")/manifest"
	cat "$("$DS_ROOT/vm/build-image.sh")/kernel-version" | sed 's/^/kernel=/'
} > "$out/manifest"

for mode in dax none; do
	share=$out/$mode/share
	mkdir -p "$share"
	for j in "${jobs[@]}"; do cp "$DS_ROOT/workloads/jobs/$j.fio" "$share/"; done
	cp "$DS_ROOT/workloads/guest/run-jobs.sh" "$share/"
	win=()
	[ "$mode" = dax ] && win=(--window "$DS_WINDOW")
	log "mode $mode: ${jobs[*]} (size $DS_SIZE, ${DS_RUNTIME}s each)"
	rc=0
	"$DS_ROOT/vm/launch.sh" --mode "$mode" "${win[@]}" --share "$share" \
		--stats "$out/$mode/virtiofsd.stats" --log "$out/$mode/console.log" \
		--timeout "$DS_TIMEOUT" -- \
		env DS_SIZE="$DS_SIZE" DS_RUNTIME="$DS_RUNTIME" \
		sh run-jobs.sh "${jobs[@]/%/.fio}" || rc=$?
	for j in "${jobs[@]}"; do
		[ -f "$share/$j.json" ] && mv "$share/$j.json" "$out/$mode/"
	done
	rm -f "$share/bench.dat"
	[ $rc -eq 0 ] || log "mode $mode failed (exit $rc); see $out/$mode/console.log"
done

"$DS_ROOT/reports/summarize.sh" "$out" | tee "$out/summary.md"
echo "results: $out"
