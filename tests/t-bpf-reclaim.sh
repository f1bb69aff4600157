#!/usr/bin/env bash
# daxstat under reclaim: 32 MiB window, 128 MiB file (tests/guest/bpf-reclaim.sh).
# Exact equality with virtiofsd: new mappings + upgrades == setup_requests and
# removed ranges == remove_ranges (plus the pre-tracing copy of bin/); every
# removed range is classified once (inline, background or eviction).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bpf-helpers.sh"
share=$(bpf_share)
read -r base_files base_ranges < <(bpf_baseline "$share")
bpf_script "$T_WORK/script" bpf-reclaim.sh
"$LAUNCH" --mode dax --window 32M --share "$share" --stats "$T_WORK/stats" --timeout 900 \
	--script "$T_WORK/script" || fail "guest exited $?"
j=$share/out/json.out
expect_eq "daxstat exit status" "$(guest_rc "$share" json)" 0
jq -e . "$j" > /dev/null || fail "daxstat -j output is not JSON lines"
c() { json_sum "$j" "$1"; }
s=$T_WORK/stats
cat "$s"
jq -c 'select(.type == "summary") | .counters' "$j"

expect_eq "setup_errors (host)" "$(stat_get setup_errors "$s")" 0
expect_eq "new mappings + upgrades vs virtiofsd setup_requests" \
	$(($(c new_mappings) + $(c upgrades) + $(c setup_errors) + base_ranges)) \
	"$(stat_get setup_requests "$s")"
expect_eq "removed ranges vs virtiofsd remove_ranges" \
	$(($(c removed_ranges) + base_ranges)) "$(stat_get remove_ranges "$s")"
expect_eq "removemapping requests vs virtiofsd remove_requests" \
	$(($(c remove_requests) + base_files)) "$(stat_get remove_requests "$s")"

expect_eq "inline + background + eviction == removed ranges" \
	$(($(c reclaim_inline) + $(c reclaim_background) + $(c evicted_ranges))) "$(c removed_ranges)"
expect_eq "ranges back on the free list == background + eviction" \
	"$(c freed_ranges)" $(($(c reclaim_background) + $(c evicted_ranges)))
expect_eq "mapped == hits + new + upgrades" \
	"$(c mapped)" $(($(c hits) + $(c new_mappings) + $(c upgrades)))
expect_gt "reclaimed ranges (inline + background)" \
	$(($(c reclaim_inline) + $(c reclaim_background))) 0
expect_gt "background reclaim worker runs" "$(c reclaim_worker_runs)" 0
expect_gt "DAX faults" "$(c faults)" 0
expect_eq "dropped events" "$(c dropped)" 0
# A range reclaimed by the worker has a latency sample each.
expect_eq "background reclaim histogram count" \
	"$(jq 'select(.type == "summary") | .histograms.reclaim_background.count' "$j")" \
	"$(c reclaim_background)"
expect_eq "wait histogram count" \
	"$(jq 'select(.type == "summary") | .histograms.free_range_wait.count' "$j")" \
	"$(c free_range_waits)"
echo "reclaim counts agree with virtiofsd"
