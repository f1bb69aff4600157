#!/usr/bin/env bash
# virtiofsd's cache mode as a matrix dimension: with --cache auto, a dax
# guest and a non-dax guest both run randread-mmap-1f (a shared mmap, which
# cache=none refuses with ENODEV) successfully, the cells record their cache
# mode, and the report's config table labels them by it.
. "$(dirname "$0")/lib.sh"
out=$T_WORK/run
rep=$T_WORK/run-report

"$DS_ROOT/workloads/run-matrix.sh" --out "$out" --modes dax,none --cache auto --windows 16M \
	--workloads randread-mmap-1f --repeats 1 --daxstat off || fail "run-matrix.sh exited non-zero"
"$DS_ROOT/reports/make-report.sh" "$out" || fail "the report generator failed"
expect_eq "cells.list" "$(cat "$out/cells.list")" "dax-w16M-r2M-stock-cache-auto/randread-mmap-1f/1
none-stock-cache-auto/randread-mmap-1f/1"
for cfg in dax-w16M-r2M-stock-cache-auto none-stock-cache-auto; do
	d=$out/cells/$cfg/randread-mmap-1f/1
	expect_eq "status of the $cfg mmap cell" "$(sed -n 's/^status=//p' "$d/status")" ok
	expect_eq "cache of $cfg" "$(sed -n 's/^cache=//p' "$d/meta")" auto
	jq -e '.jobs[0].read.total_ios > 0' "$d/fio.json" > /dev/null || fail "$cfg: no reads in fio.json"
done
# The non-dax guest's share has no dax option: it really is the page cache.
grep -q '^mount=.* virtiofs ' "$out/guests/none-stock-cache-auto/guest-info" || fail "no mount line"
! grep -q 'dax=' "$out/guests/none-stock-cache-auto/guest-info" || fail "the none guest mounted with dax"
grep -q '^| none-stock-cache-auto | none | auto |' "$rep/summary.md" ||
	fail "the report does not label none-stock-cache-auto with cache auto"
grep -q '^| dax-w16M-r2M-stock-cache-auto | dax | auto | 16M |' "$rep/summary.md" ||
	fail "the report does not label the dax config with cache auto"
sed -n '/^## Recommendation/,/^## Bandwidth/p' "$rep/summary.md" | grep -q '^| randread-mmap-1f |' ||
	fail "no recommendation row for randread-mmap-1f"
