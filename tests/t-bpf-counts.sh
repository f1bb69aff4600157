#!/usr/bin/env bash
# daxstat on the stock fuse module: a scripted workload with known answers
# (tests/guest/bpf-counts.sh) gives exact counts; the guest's new mappings +
# upgrades and removed ranges equal virtiofsd's counters; the JSON summary,
# the table summary, the CSV total row, the sum of the JSON interval rows and
# the Prometheus scrape all carry the same totals; promtool accepts /metrics.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bpf-helpers.sh"
ds_need_pkgs prometheus
share=$(bpf_share)
bpf_script "$T_WORK/script" bpf-counts.sh
"$LAUNCH" --mode dax --window 64M --share "$share" --stats "$T_WORK/stats" --timeout 600 \
	--script "$T_WORK/script" || fail "guest exited $?"
bpf_check_counts "$share" "$T_WORK/stats" stock
