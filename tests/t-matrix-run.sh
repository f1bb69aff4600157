#!/usr/bin/env bash
# A real two-cell matrix (ws-2x in mode dax on a 16M window, and in mode
# none; one repeat) boots two guests, records every cell with its fio JSON
# and per-cell virtiofsd counters plus a manifest, and its report has every
# plot (non-empty SVG whose key names the expected series, and a PNG) and the
# recommendation table.
. "$(dirname "$0")/lib.sh"
out=$T_WORK/run
rep=$T_WORK/run-report

DS_RUNTIME=1 DS_RAMP=0 "$DS_ROOT/workloads/run-matrix.sh" --out "$out" \
	--modes dax,none --windows 16M --workloads ws-2x --repeats 1 2> "$T_WORK/matrix.log" ||
	{ cat "$T_WORK/matrix.log"; fail "run-matrix.sh exited non-zero"; }
cat "$T_WORK/matrix.log"
[ ! -e "$rep" ] || fail "run-matrix.sh rendered a report: the runner only runs and records"
"$DS_ROOT/reports/make-report.sh" "$out" || fail "the report generator failed"

# The report gives the share of the cells' time spent in measured I/O:
# fio's runtime of the measured jobs (1 s a cell here) against each cell's
# time in the guest, worked out here from the raw files (status
# cell_begin/cell_end, fio.json job_runtime) as the report must.
read -r io wall < <(for cell in $(cat "$out/cells.list"); do
	awk '/^cell_begin=/ { b = substr($0, 12) } /^cell_end=/ { e = substr($0, 10) }
		END { if (b != "" && e != "") printf "wall %s\n", e - b }' "$out/cells/$cell/status"
	jq -r '[.jobs[] | select(.jobname | startswith("prep") | not) | .job_runtime] | max / 1000 | "io \(.)"' \
		"$out/cells/$cell/fio.json"
done | awk '$1 == "io" { io += $2 } $1 == "wall" { w += $2 } END { printf "%.1f %.1f\n", io, w }')
awk -v s="$io" 'BEGIN { exit !(s >= 1.98 && s <= 2.1) }' || fail "fio runtime of two 1 s cells: ${io}s"
got=$(grep -o "Measured I/O: [0-9]* % of the cells' [0-9.]* s in the guests (fio's runtime [0-9.]* s)" \
	"$rep/summary.md") || fail "the report states no measured-I/O share"
echo "$got; worked out here: fio ${io} s of ${wall} s"
read -r gpct gwall gio < <(tr -c '0-9.\n' ' ' <<< "$got")
# Rounding to a tenth on either side: within 0.1 s, and 1 point.
awk -v gp="$gpct" -v gw="$gwall" -v gi="$gio" -v i="$io" -v w="$wall" 'BEGIN {
	d = gp - 100 * i / w; if (d < 0) d = -d
	dw = gw - w; if (dw < 0) dw = -dw
	di = gi - i; if (di < 0) di = -di
	exit !(d <= 1 && dw <= 0.11 && di <= 0.11) }' ||
	fail "the report's measured-I/O share ($got) is not fio's ${io} s of the cells' ${wall} s"
# The runner works out no analysis of its own.
[ ! -e "$out/window-memory" ] || fail "the runner wrote window-memory: the report's to work out"
! grep -q '^measured_io_seconds=' "$out/matrix" || fail "the runner wrote measured_io_seconds"

# The results directory.
expect_eq "cells.list" "$(cat "$out/cells.list")" "dax-w16M-r2M-stock/ws-2x/1
none-stock/ws-2x/1"
for cell in dax-w16M-r2M-stock/ws-2x/1 none-stock/ws-2x/1; do
	d=$out/cells/$cell
	expect_eq "status of $cell" "$(sed -n 's/^status=//p' "$d/status")" ok
	jq -e '.jobs[0].read.total_ios > 0' "$d/fio.json" > /dev/null || fail "$cell: no reads in fio.json"
	ls "$d"/fio_bw.*.log > /dev/null 2>&1 || fail "$cell: no fio bandwidth log"
	for s in begin end; do
		stat_get setup_requests "$d/host-$s.stats" > /dev/null
	done
done
# ws-2x is twice the window: the dax cell must have reclaimed ranges.
d=$out/cells/dax-w16M-r2M-stock/ws-2x/1
removed=$(($(stat_get remove_ranges "$d/host-end.stats") - $(stat_get remove_ranges "$d/host-begin.stats")))
expect_gt "ranges removed during the ws-2x dax cell" "$removed" 0
for k in date project_commit accelerator kernel modules qemu_version qemu_patch_hash fio_version \
	machine_nproc machine_memory machine_cpu; do
	grep -q "^$k=." "$out/manifest" || fail "manifest has no $k"
done
grep -q '^accelerator=TCG' "$out/manifest" || fail "manifest does not say TCG"

# The report: every plot as SVG (with its series names) and PNG.
[ -s "$rep/report.html" ] && [ -s "$rep/summary.md" ] || fail "no report in $rep"
daxstat=$(grep -c '^daxstat=/' "$out/manifest" || true)
series() { # PLOT NAME...: the SVG's key names each series (<text>NAME</text>)
	local plot=$1 name
	shift
	[ -s "$rep/$plot.svg" ] || fail "no $plot.svg"
	[ -s "$rep/$plot.png" ] || fail "no $plot.png"
	grep -q '<path' "$rep/$plot.svg" || fail "$plot.svg draws nothing"
	for name in "$@"; do
		grep -qE ">$name</(text|title)>" "$rep/$plot.svg" || fail "$plot.svg has no series '$name'"
	done
	grep -qF "src=\"$plot.svg\"" "$rep/report.html" || fail "report.html does not show $plot.svg"
	echo "ok: $plot: $*"
}
series bandwidth dax-w16M-r2M-stock none-stock
series iops dax-w16M-r2M-stock none-stock
series latency dax-w16M-r2M-stock none-stock
series window-sweep workingset-psync-1f-stock
series range-sweep workingset-psync-1f-ws32M-stock
# The matrix builds daxstat when it is missing (--daxstat auto).
[ "$daxstat" -gt 0 ] || fail "the matrix ran without daxstat (manifest: $(grep '^daxstat=' "$out/manifest"))"
series timeseries "fio bandwidth" "free ranges" "reclaims/s"

# The recommendation table has the workload, in both outputs.
sed -n '/^## Recommendation/,/^## /p' "$rep/summary.md" | grep -q '^| ws-2x | \(dax\|none\) |' ||
	fail "no recommendation row for ws-2x in summary.md"
grep -q '<h2>Recommendation</h2>' "$rep/report.html" || fail "no recommendation in report.html"
grep -q '<td>ws-2x</td>' "$rep/report.html" || fail "no ws-2x row in report.html"
grep -q 'TCG numbers, not KVM numbers' "$rep/summary.md" || fail "no TCG statement"
sed -n '/^## Recommendation/,/^## Bandwidth/p' "$rep/summary.md"
