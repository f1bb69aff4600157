#!/usr/bin/env bash
# Print a Markdown table (mode, job, bandwidth, IOPS, mean latency) from the
# fio JSON files of a results directory made by workloads/run-bench.sh.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
ds_need_pkgs jq
dir=${1:?usage: summarize.sh RESULTS_DIR}
[ -d "$dir" ] || die "no results directory $dir"

echo "| mode | job | MiB/s | IOPS | mean latency (us) |"
echo "|---|---|---:|---:|---:|"
status=0
for f in "$dir"/*/*.json; do
	[ -e "$f" ] || die "no fio results in $dir"
	mode=$(basename "$(dirname "$f")")
	if ! row=$(jq -r '.jobs[0] | [.jobname, (.read.bw_bytes / 1048576 | . * 10 | round / 10),
		(.read.iops | round), (.read.clat_ns.mean / 1000 | round)] | @tsv' "$f" 2>/dev/null); then
		echo "summarize: cannot read fio results $f" >&2
		status=1
		continue
	fi
	IFS=$'\t' read -r job bw iops lat <<< "$row"
	echo "| $mode | $job | $bw | $iops | $lat |"
done
exit $status
