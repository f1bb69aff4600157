#!/usr/bin/env bash
# make watch: production monitoring to try on one machine. Two guests of the
# systemd image run daxscope-tools as an operator would (the .deb, the unit
# under systemd, watch/guest.sh): "thrash" reads twice its DAX window at
# random (as ws-2x), "steady" a quarter of it. Debian's Prometheus on the
# host's loopback scrapes both with the shipped scrape job and alert rules;
# its URL is printed at once. After --minutes (or Ctrl-C) it prints the
# alerts that fired, for which guest and when, and draws the shipped
# dashboard's panels from Prometheus' range queries into dashboard.png.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/watch/watch-lib.sh"

USAGE="usage: watch/run-watch.sh [--minutes N] [--window SIZE] [-o DIR]"
minutes=15 window=64M out=''
# shellcheck disable=SC2034 # both tables are read by ds_parse_options
declare -A DS_OPT_FLAG=() DS_OPT_VALUE=([--minutes]=minutes [--window]=window [-o]=out)
ds_opt_error() { echo "run-watch: $*" >&2; echo "$USAGE" >&2; exit 2; }
ds_parse_options "$@"
[ ${#DS_OPT_REST[@]} -eq 0 ] || ds_opt_error "unexpected arguments: ${DS_OPT_REST[*]}"
[[ $minutes =~ ^[1-9][0-9]*$ ]] || { echo "run-watch: bad --minutes: $minutes" >&2; exit 2; }
wbytes=$(ds_bytes "$window") && [ $((wbytes & (wbytes - 1))) -eq 0 ] && [ "$wbytes" -ge $((8 << 20)) ] ||
	{ echo "run-watch: --window must be a power of two of at least 8M: $window" >&2; exit 2; }
wmib=$((wbytes >> 20))
ds_need_pkgs prometheus jq curl iproute2 gnuplot-nox
out=${out:-$DS_ROOT/results/watch-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

deb=$(bash "$DS_ROOT/packaging/build-deb.sh" "$out/deb" | tail -n 1) || die "building the package failed"
trap 'ds_watch_kill' EXIT
interrupted=''
trap 'interrupted=1' INT
pa='' pb=''
ds_free_port pa && ds_free_port pb || die "no two free ports"
declare -A inst=([thrash]=127.0.0.1:$pa [steady]=127.0.0.1:$pb)
rules=$WATCH_CONTRIB/prometheus/daxscope-alerts.yml
ds_prom_config "$out/prometheus.yml" "$rules" "${inst[thrash]}" "${inst[steady]}" || die "writing prometheus.yml failed"
ds_prom_start "$out/prometheus" "$out/prometheus.yml" || die "Prometheus did not start"
started=$(date +%s)
log "Prometheus: $WATCH_PROM_URL (targets: thrash ${inst[thrash]}, steady ${inst[steady]})"

deadline=$((minutes * 60 + 120))
ds_watch_guest thrash thrash "$wmib" "$deadline" "$deb" "$out" "$pa"
ds_watch_guest steady steady "$wmib" "$deadline" "$deb" "$out" "$pb"
ds_watch_ready thrash 300 || die "the thrash guest did not come up (see $out/thrash.console)"
ds_watch_ready steady 300 || die "the steady guest did not come up (see $out/steady.console)"
t0=$(date +%s)
log "both exporters answer; workloads run for $minutes min (Ctrl-C ends early)"

# Each minute: what is pending or firing, and for which guest.
alerts_now() {
	ds_prom_api /api/v1/alerts | jq -r --arg a "${inst[thrash]}" --arg b "${inst[steady]}" '.data.alerts[] |
		"\(.labels.alertname) \(.state) for \({($a): "thrash", ($b): "steady"}[.labels.instance] // .labels.instance)"' | sort
}
end=$((t0 + minutes * 60))
while [ -z "$interrupted" ] && [ "$(date +%s)" -lt "$end" ]; do
	sleep 5 || true
	if [ $((($(date +%s) - t0) % 60)) -lt 5 ]; then
		now=$(alerts_now 2> /dev/null | paste -sd ';' | sed 's/;/; /g' || true)
		log "$((($(date +%s) - t0) / 60)) min: ${now:-no alerts pending or firing}"
	fi
done
stop=$(date +%s)

# The alerts that fired over the run, from Prometheus' own ALERTS series.
ds_prom_api /api/v1/query_range --data-urlencode 'query=ALERTS{alertstate="firing"}' \
	-d "start=$started" -d "end=$stop" -d step=15 > "$out/alerts.json" || die "querying ALERTS failed"
name_of() { local n; for n in "${!inst[@]}"; do [ "${inst[$n]}" = "$1" ] && echo "$n"; done; }
{
	echo "alerts that fired (minutes after the workloads started):"
	jq -r '.data.result[] | "\(.metric.alertname) \(.metric.instance) \(.values[0][0])"' "$out/alerts.json" |
		while read -r a i t; do
			printf '  %-22s %-7s %-16s %5.1f\n' "$a" "$(name_of "$i")" "$i" "$(awk -v t="$t" -v t0="$t0" 'BEGIN {print (t - t0) / 60}')"
		done
	[ "$(jq '.data.result | length' "$out/alerts.json")" -gt 0 ] || echo "  none"
} | tee "$out/alerts.txt"

bash "$DS_ROOT/watch/plot-dashboard.sh" "$WATCH_PROM_URL" "$started" "$stop" "$out/dashboard.png" \
	thrash="${inst[thrash]}" steady="${inst[steady]}" > /dev/null ||
	echo "run-watch: drawing the dashboard failed" >&2
ds_watch_stop || [ -n "$interrupted" ] || echo "run-watch: a guest did not end cleanly (see $out/*.launch.log)" >&2
trap - EXIT
log "results in $out: alerts.txt, dashboard.png, prometheus.yml, the guests' consoles;" \
	"Prometheus' data stays in $out/prometheus/data (prometheus --storage.tsdb.path=... to look again)"
