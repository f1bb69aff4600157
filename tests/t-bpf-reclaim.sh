#!/usr/bin/env bash
# daxstat under reclaim: 32 MiB window, 128 MiB file (tests/guest/bpf-reclaim.sh),
# in the default mode, with every per-access probe, and with kprobes.
# Exact equality with virtiofsd: new mappings + upgrades == setup_requests and
# removed ranges == remove_ranges (plus the pre-tracing copy of bin/); every
# removed range is classified once (inline, background or eviction); the
# modes agree on every slow-path counter.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bpf-helpers.sh"
share=$(bpf_share)
read -r base_files base_ranges < <(bpf_baseline "$share")
bpf_script "$T_WORK/script" bpf-reclaim.sh
"$LAUNCH" --mode dax --window 32M --share "$share" --stats "$T_WORK/stats" --timeout 900 \
	--script "$T_WORK/script" || fail "guest exited $?"
# Every mode counts the same slow-path events (they all watched the same
# run), so each is held to virtiofsd's counters.
c() { json_sum "$share/out/$run.out" "$1"; }
s=$T_WORK/stats
cat "$s"
expect_eq "setup_errors (host)" "$(stat_get setup_errors "$s")" 0
for run in json lat kp; do
	expect_eq "$run: daxstat exit status" "$(guest_rc "$share" $run)" 0
	jq -e . "$share/out/$run.out" > /dev/null || fail "$run: daxstat -j output is not JSON lines"
	jq -c 'select(.type == "summary") | .counters' "$share/out/$run.out"
	expect_eq "$run: new mappings + upgrades vs virtiofsd setup_requests" \
		$(($(c new_mappings) + $(c upgrades) + $(c setup_errors) + base_ranges)) \
		"$(stat_get setup_requests "$s")"
	expect_eq "$run: removed ranges vs virtiofsd remove_ranges" \
		$(($(c removed_ranges) + base_ranges)) "$(stat_get remove_ranges "$s")"
	expect_eq "$run: removemapping requests vs virtiofsd remove_requests" \
		$(($(c remove_requests) + base_files)) "$(stat_get remove_requests "$s")"
	expect_eq "$run: inline + background + eviction == removed ranges" \
		$(($(c reclaim_inline) + $(c reclaim_background) + $(c evicted_ranges))) "$(c removed_ranges)"
	expect_eq "$run: ranges back on the free list == background + eviction" \
		"$(c freed_ranges)" $(($(c reclaim_background) + $(c evicted_ranges)))
	expect_gt "$run: reclaimed ranges (inline + background)" \
		$(($(c reclaim_inline) + $(c reclaim_background))) 0
	expect_gt "$run: background reclaim worker runs" "$(c reclaim_worker_runs)" 0
	expect_eq "$run: dropped events" "$(c dropped)" 0
	# A range reclaimed by the worker has a latency sample each.
	expect_eq "$run: background reclaim histogram count" \
		"$(jq 'select(.type == "summary") | .histograms.reclaim_background.count' "$share/out/$run.out")" \
		"$(c reclaim_background)"
	expect_eq "$run: wait histogram count" \
		"$(jq 'select(.type == "summary") | .histograms.free_range_wait.count' "$share/out/$run.out")" \
		"$(c free_range_waits)"
done
# The modes agree with each other on every slow-path counter.
for k in new_mappings upgrades removed_ranges reclaim_inline reclaim_background evicted_ranges \
	freed_ranges no_free_range free_range_waits reclaim_worker_runs; do
	run=json; v=$(c $k)
	for run in lat kp; do expect_eq "$run vs default mode: $k" "$(c $k)" "$v"; done
done
# What only the per-access probes see, checked against each other.
run=lat
expect_eq "iomap_begin == mapped + holes + errors" "$(c iomap_begin)" \
	$(($(c mapped) + $(c holes) + $(c iomap_errors)))
expect_eq "no free range == in faults + in reads/writes" "$(c no_free_range)" \
	$(($(c no_free_range_fault) + $(c no_free_range_rw)))
expect_gt "DAX faults" "$(c faults)" 0
expect_eq "hits without --hits" "$(json_sum "$share/out/json.out" hits)" null
echo "reclaim counts agree with virtiofsd in every mode"
