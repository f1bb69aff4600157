#!/usr/bin/env bash
# A real Prometheus (Debian's, on loopback) scrapes two guests at once, each
# running daxscope-tools as an operator would (the .deb under systemd,
# watch/guest.sh), with the shipped scrape job and alert rules. One guest
# thrashes its window (ws-2x: random reads over twice the window), the other
# reads a quarter of its window. Read back from Prometheus' HTTP API:
# DaxReclaimStorm becomes pending for the thrashing instance only, and fires
# for it only in a copy of the rules whose `for:` is cut to 30 s (the shipped
# 10 minutes would not fit a test; promtool test rules covers the waiting);
# every query of the shipped dashboard returns data for both instances.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/watch/watch-lib.sh"
ds_need_pkgs prometheus jq curl iproute2 gnuplot-nox file
cd "$DS_ROOT"
dir=$T_WORK/watch
mkdir -p "$dir"
trap 'ds_watch_kill; rm -rf "$T_WORK"' EXIT
deb=$(make -s deb OUT="$T_WORK/deb" | tail -n 1) || fail "make deb failed"

# The rules: the shipped file, and a copy with every `for:` at 30 s in
# groups renamed *-short, both loaded.
rules=$WATCH_CONTRIB/prometheus/daxscope-alerts.yml
short=$dir/daxscope-alerts-short.yml
sed -e 's/^\( *for: \).*$/\130s/' -e 's/^\( *- name: \)\(.*\)$/\1\2-short/' "$rules" > "$short"
nfor=$(grep -c '^ *for: ' "$rules")
[ "$nfor" -gt 0 ] && [ "$(grep -c '^ *for: 30s$' "$short")" -eq "$nfor" ] || fail "could not shorten the rules' for: in $short"
group=$(grep -B30 'alert: DaxReclaimStorm' "$rules" | sed -n 's/^ *- name: //p' | tail -n 1)
[ -n "$group" ] || fail "no group holds DaxReclaimStorm in $rules"

pa='' pb=''
ds_free_port pa && ds_free_port pb || fail "no two free ports"
a=127.0.0.1:$pa b=127.0.0.1:$pb
ds_prom_config "$dir/prometheus.yml" "$rules $short" "$a" "$b" || fail "writing prometheus.yml failed"
promtool check config "$dir/prometheus.yml" > "$T_WORK/check" 2>&1 || fail "promtool check config: $(tail -n 2 "$T_WORK/check")"
ds_prom_start "$dir/prom" "$dir/prometheus.yml" || fail "Prometheus did not start"

start=$(date +%s)
ds_watch_guest thrash thrash 64 600 "$deb" "$dir" "$pa"
ds_watch_guest steady steady 64 600 "$deb" "$dir" "$pb"
ds_watch_ready thrash 300 || fail "the thrashing guest's exporter did not come up"
ds_watch_ready steady 300 || fail "the steady guest's exporter did not come up"
ready=$(($(date +%s) - start))
for ((i = 0; i < 120; i++)); do
	[ -f "${WATCH_SHARES[thrash]}/workload.started" ] && break
	sleep 0.5
done
[ -f "${WATCH_SHARES[thrash]}/workload.started" ] || fail "the thrashing guest never started its workload"
t0=$(date +%s)

# DaxReclaimStorm's alerts for instance $2 in group $1: their states.
storm() {
	jq -r --arg g "$1" --arg i "$2" '.data.groups[] | select(.name == $g) | .rules[] |
		select(.name == "DaxReclaimStorm") | .alerts[] | select(.labels.instance == $i) | .state' "$T_WORK/rules.json"
}
pending='' firing=''
for ((i = 0; i < 90; i++)); do
	ds_prom_api /api/v1/rules > "$T_WORK/rules.json" || fail "the rules API failed"
	for g in "$group" "$group-short"; do
		[ -z "$(storm "$g" "$b")" ] || fail "DaxReclaimStorm is $(storm "$g" "$b") for the steady guest $b (group $g)"
	done
	[ -n "$pending" ] || [ -z "$(storm "$group" "$a")" ] || pending=$(($(date +%s) - t0))
	if [ "$(storm "$group-short" "$a")" = firing ]; then
		firing=$(($(date +%s) - t0))
		break
	fi
	sleep 5
done
[ -n "$firing" ] || fail "DaxReclaimStorm (for: 30s) never fired for the thrashing guest in 450 s: $(storm "$group-short" "$a")"
expect_eq "the shipped DaxReclaimStorm (for: 10m) for the thrashing guest" "$(storm "$group" "$a")" pending
rate=$(ds_prom_query "rate(daxscope_dax_reclaim_inline_total[1m]) + rate(daxscope_dax_reclaim_background_total[1m])")
echo "reclaims per second by instance: $(tr '\n' ' ' <<< "$rate")"

# The dashboard, query by query, for both instances.
n=0
while IFS=$'\t' read -r _ panel expr _; do
	got=$(ds_prom_query "$expr") || fail "panel '$panel': the query failed: $expr"
	for inst in "$a" "$b"; do
		grep -q "^$inst " <<< "$got" || fail "panel '$panel': no data for $inst from: $expr"
	done
	n=$((n + 1))
done < <(ds_dashboard_queries 0)
[ "$n" -gt 0 ] || fail "the dashboard has no queries"
expect_eq "targets up" "$(ds_prom_query up | awk '$2 == 1' | wc -l)" 2
# 64M windows of 2 MiB ranges, as the guests were booted.
expect_eq "window ranges of both guests" "$(ds_prom_query daxscope_dax_window_ranges | awk '{print $2}' | sort -u)" 32

# make watch's picture of the same: every panel drawn with both guests.
png=$T_WORK/dashboard.png
bash watch/plot-dashboard.sh "$WATCH_PROM_URL" "$start" "$(date +%s)" "$png" thrash="$a" steady="$b" \
	> "$T_WORK/plot.out" || fail "watch/plot-dashboard.sh failed"
expect_eq "panels drawn" "$(grep -c ' series: ' "$T_WORK/plot.out")" "$(jq '.panels | length' "$WATCH_CONTRIB/grafana/daxscope-dashboard.json")"
! awk '/ series: / && $1 < 2' "$T_WORK/plot.out" | grep . || fail "panels drawn with fewer than two series (above)"
file "$png" | grep -q 'PNG image data, 1800 x 1500' || fail "no 1800x1500 PNG: $(file "$png")"

ds_watch_stop || fail "a guest did not end cleanly"
echo "exporters ready after $ready s; DaxReclaimStorm pending after $pending s and fired (for: 30s) after $firing s" \
	"of thrash, for $a only; $n dashboard queries answered for both; $(($(date +%s) - start)) s in all"
