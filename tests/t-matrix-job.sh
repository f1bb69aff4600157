#!/usr/bin/env bash
# A user's fio job file through the matrix: a community-style job written for
# /mnt/virtiofs (tests/fixtures/jobs/randread-psync.fio) runs unchanged in a
# dax and a none guest, with the per-cell virtiofsd counters, a bandwidth log
# and the report like a built-in workload; a job with no size, runtime or
# queue depth (tests/fixtures/jobs/bare-randread.fio, as the community's
# benchmark writes them) gets the suite's scale for those and runs too; a job
# fio rejects is refused before anything boots, with fio's reason on one
# line.
. "$(dirname "$0")/lib.sh"
RUN=$DS_ROOT/workloads/run-matrix.sh
jobs=$DS_ROOT/tests/fixtures/jobs

# The broken job first: it costs seconds.
rc=0
start=$(date +%s)
err=$("$RUN" --out "$T_WORK/bad" --job "$jobs/randread-psync.fio" --job "$jobs/broken.fio" 2>&1 > /dev/null) || rc=$?
expect_eq "broken job: status" "$rc" 2
expect_eq "broken job: message" "$err" \
	"run-matrix: job $jobs/broken.fio: fio refuses it: fio: failed parsing rw=sideways"
[ $(($(date +%s) - start)) -le 10 ] || fail "refusing the broken job took more than 10 s"
[ ! -e "$T_WORK/bad" ] || fail "the broken job left a results directory"
! running || fail "a guest was started for a broken job"

out=$T_WORK/run
rep=$T_WORK/run-report
"$RUN" --out "$out" --modes dax,none --windows 16M --repeats 1 --job "$jobs/randread-psync.fio" \
	--job "$jobs/bare-randread.fio" || fail "run-matrix.sh exited non-zero"
"$DS_ROOT/reports/make-report.sh" "$out" || fail "the report generator failed"
expect_eq "cells.list" "$(cat "$out/cells.list")" "dax-w16M-r2M-stock/job-randread-psync/1
dax-w16M-r2M-stock/job-bare-randread/1
none-stock/job-randread-psync/1
none-stock/job-bare-randread/1"
# The bare job: the suite's size (DS_SIZE of the quick profile, 16M), its
# runtime and queue depth; the job's own settings (rw) kept. A job that sets
# a size keeps its own (8M above).
. "$DS_ROOT/workloads/scale.env"
for cfg in dax-w16M-r2M-stock none-stock; do
	d=$out/cells/$cfg/job-bare-randread/1
	expect_eq "status of $cfg/job-bare-randread" "$(sed -n 's/^status=//p' "$d/status")" ok
	expect_eq "bare job's size on $cfg" "$(jq -r '."global options".size' "$d/fio.json")" "$DS_SIZE"
	expect_eq "bare job's runtime on $cfg" "$(jq -r '."global options".runtime' "$d/fio.json")" "$DS_RUNTIME"
	expect_eq "bare job's rw on $cfg" "$(jq -r '.jobs[0]."job options".rw // ."global options".rw' "$d/fio.json")" randread
	jq -e '.jobs[0].read.total_ios > 0' "$d/fio.json" > /dev/null || fail "$cfg: the bare job read nothing"
	expect_eq "the sized job keeps its own size on $cfg" \
		"$(jq -r '."global options".size' "$out/cells/$cfg/job-randread-psync/1/fio.json")" 8M
done
# The job as the guests ran it: the same but for where its file goes.
diff <(grep -v -e '^directory=' -e '^filename=' "$jobs/randread-psync.fio") \
	<(grep -v '^filename=' "$out/jobs/randread-psync.fio") > /dev/null ||
	fail "the job was changed beyond its file's place"
grep -qx 'filename=fio-randread-file' "$out/jobs/randread-psync.fio" || fail "filename not put on the share"
for cell in dax-w16M-r2M-stock/job-randread-psync/1 none-stock/job-randread-psync/1; do
	d=$out/cells/$cell
	expect_eq "status of $cell" "$(sed -n 's/^status=//p' "$d/status")" ok
	jq -e '.jobs[0].jobname == "randread-psync" and .jobs[0].read.total_ios > 0' "$d/fio.json" > /dev/null ||
		fail "$cell: no reads of job randread-psync in fio.json"
	ls "$d"/fio_bw.*.log > /dev/null 2>&1 || fail "$cell: no bandwidth log"
	stat_get setup_requests "$d/host-begin.stats" > /dev/null
	stat_get setup_requests "$d/host-end.stats" > /dev/null
done
# On the dax guest, the job's reads went through the window.
d=$out/cells/dax-w16M-r2M-stock/job-randread-psync/1
setups=$(($(stat_get setup_requests "$d/host-end.stats") - $(stat_get setup_requests "$d/host-begin.stats")))
expect_gt "FUSE_SETUPMAPPING requests during the dax job cell" "$setups" 0
for cfg in dax-w16M-r2M-stock none-stock; do
	grep -q "^| job-randread-psync | $cfg | [0-9]" "$rep/summary.md" ||
		fail "the report has no bandwidth row for job-randread-psync on $cfg"
done
sed -n '/^## Recommendation/,/^## Bandwidth/p' "$rep/summary.md" | grep -q '^| job-randread-psync | \(dax\|none\) |' ||
	fail "no recommendation row for the job"
