#!/usr/bin/env bash
# A run in which every cell failed (the guests could not run them) still
# gets a report, made without errors, that says so and why: the first
# failed cell's reason, not a plotting error. The committed fixture with
# every cell's status made "failed" and its fio results removed.
. "$(dirname "$0")/lib.sh"
res=$T_WORK/res
cp -r "$DS_ROOT/tests/fixtures/report-run" "$res"
why="guest did not run this cell (launcher exit 126: guest setup failed: mounting the virtio-fs share failed)"
while read -r c; do
	printf 'status=failed\nreason=%s\nsecs=0\nrc=126\nlog=guests/x/launch.log\n' "$why" > "$res/cells/$c/status"
	rm -f "$res/cells/$c/fio.json" "$res/cells/$c"/fio_bw.*.log
done < "$res/cells.list"
first=$(head -n 1 "$res/cells.list")
rc=0
"$DS_ROOT/reports/make-report.sh" "$res" -o "$T_WORK/out" 2> "$T_WORK/err" || rc=$?
cat "$T_WORK/err"
expect_eq "report of a run with no measured cell: status" "$rc" 0
! grep -qi 'gnuplot\|invalid' "$T_WORK/err" || fail "the generator reported plotting problems"
grep -qF "**No cell was measured**: the tables and plots below are empty. The first cell that did not run, $first, says: $why" \
	"$T_WORK/out/summary.md" || fail "the summary does not say why nothing was measured"
grep -q 'No cell was measured' "$T_WORK/out/report.html" || fail "the HTML report does not say it"
echo "a run with no measured cell is reported, and why"
