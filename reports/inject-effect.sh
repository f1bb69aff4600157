#!/usr/bin/env bash
# A known effect put into a real run, for measuring the tests' power:
#   reports/inject-effect.sh RESULTS_DIR CONFIG FACTOR OUT_DIR
# copies RESULTS_DIR to OUT_DIR (which must not exist) and makes CONFIG's
# cells FACTOR times as fast: fio's bandwidth and IOPS times FACTOR, its
# completion-latency percentiles divided by it. Everything else, the noise
# between boots and repeats included, stays as measured, so the compare of
# the copy tests exactly that effect against this run's own noise.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

[ $# -eq 4 ] || die "usage: reports/inject-effect.sh RESULTS_DIR CONFIG FACTOR OUT_DIR"
results=$1 config=$2 factor=$3 out=$4
[ -f "$results/cells.list" ] || die "no results directory (no cells.list): $results"
[ -d "$results/cells/$config" ] || die "no config $config in $results"
[[ $factor =~ ^[0-9]*\.?[0-9]+$ ]] && awk -v f="$factor" 'BEGIN { exit !(f > 0) }' ||
	die "FACTOR must be a positive number: $factor"
[ ! -e "$out" ] || die "OUT_DIR exists: $out"
ds_need_pkgs jq
cp -a "$results" "$out"
n=0
for f in "$out/cells/$config"/*/*/fio.json; do
	[ -f "$f" ] || continue
	jq --argjson k "$factor" '
		def scale(d): if type == "object" and has(d) then .[d] |= (
			.bw_bytes *= $k | .iops *= $k |
			if .clat_ns.percentile then .clat_ns.percentile |= map_values(. / $k) else . end)
			else . end;
		.jobs |= map(scale("read") | scale("write") | scale("trim"))' "$f" > "$f.new" ||
		die "cannot rewrite $f (not fio's JSON?)"
	mv "$f.new" "$f"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || die "no fio.json among $config's cells"
log "$config: $n cells made $factor times as fast in $out"
