# Watched guests and the host's Prometheus, for make watch (watch/run-watch.sh)
# and tests/t-prometheus.sh. Source after lib/common.sh.
# shellcheck shell=bash

WATCH_LAUNCH=$DS_ROOT/vm/launch.sh
WATCH_CONTRIB=$DS_ROOT/collectors/contrib
# Started in the background: launcher pids by guest name, and Prometheus.
declare -A WATCH_PIDS=() WATCH_SHARES=()
WATCH_PROM_PID='' WATCH_PROM_URL=''

# ds_free_port VAR: set VAR to a TCP port nothing listens on at the moment
# and that this run has not handed out before (the guests' ports are bound
# only when they boot, after Prometheus took its own). Not in a subshell.
WATCH_PORTS=' '
ds_free_port() {
	local p i
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + RANDOM % 40000))
		[[ $WATCH_PORTS == *" $p "* ]] && continue
		[ -z "$(ss -Hltn "sport = :$p" 2> /dev/null)" ] || continue
		WATCH_PORTS+="$p "
		printf -v "$1" '%s' "$p"
		return 0
	done
	return 1
}

# ds_watch_guest NAME WORKLOAD WINDOW_MIB DEADLINE_SEC DEB DIR PORT: boot a
# watched guest (watch/guest.sh) in the background, sharing DIR/NAME, its
# exporter on 127.0.0.1:PORT. Guests of make watch measure nothing, so they
# run side by side (launch.sh --concurrent), one vCPU each.
ds_watch_guest() {
	local name=$1 workload=$2 window=$3 deadline=$4 deb=$5 dir=$6 port=$7 share
	share=$dir/$name
	mkdir -p "$share/jobs"
	cp "$deb" "$share/"
	cp "$DS_ROOT/workloads/jobs/workingset.fio" "$DS_ROOT/workloads/jobs/timed.inc" "$share/jobs/"
	{
		echo "WATCH_WORKLOAD=$workload WATCH_WINDOW_MIB=$window WATCH_DEADLINE=$deadline"
		cat "$DS_ROOT/watch/guest.sh"
	} > "$dir/$name.script"
	"$WATCH_LAUNCH" --concurrent --image systemd --mode dax --window "${window}M" --cpus 1 --mem 1G \
		--forward "$port:9477" --share "$share" --timeout $((deadline + 600)) \
		--log "$dir/$name.console" --script "$dir/$name.script" > "$dir/$name.launch.log" 2>&1 &
	WATCH_PIDS[$name]=$!
	WATCH_SHARES[$name]=$share
}

# ds_watch_ready NAME TIMEOUT_SEC: wait until the guest's exporter answers;
# fails with the launcher's last line if the guest ended first.
ds_watch_ready() {
	local name=$1 i
	for ((i = 0; i < $2 * 2; i++)); do
		[ -f "${WATCH_SHARES[$name]}/ready" ] && return 0
		if ! kill -0 "${WATCH_PIDS[$name]}" 2> /dev/null; then
			echo "guest $name ended before its exporter was ready: $(tail -n 1 "${WATCH_SHARES[$name]%/*}/$name.launch.log")" >&2
			return 1
		fi
		sleep 0.5
	done
	echo "guest $name: the exporter was not ready after $2 s" >&2
	return 1
}

# ds_watch_stop: ask every guest to stop, wait for them (their launchers stop
# QEMU and virtiofsd), then stop Prometheus. True if every guest exited 0.
ds_watch_stop() {
	local name rc=0 r
	for name in "${!WATCH_PIDS[@]}"; do : > "${WATCH_SHARES[$name]}/stop"; done
	for name in "${!WATCH_PIDS[@]}"; do
		r=0
		wait "${WATCH_PIDS[$name]}" || r=$?
		[ $r -eq 0 ] || { echo "guest $name: $(tail -n 1 "${WATCH_SHARES[$name]%/*}/$name.launch.log")" >&2; rc=1; }
		unset "WATCH_PIDS[$name]"
	done
	ds_prom_stop
	return $rc
}

# ds_watch_kill: on an error path, end everything at once.
ds_watch_kill() {
	local p
	# Under set -e too: a wait for a killed job returns non-zero.
	for p in "${WATCH_PIDS[@]}"; do kill -TERM "$p" 2> /dev/null || true; done
	for p in "${WATCH_PIDS[@]}"; do wait "$p" 2> /dev/null || true; done
	WATCH_PIDS=()
	ds_prom_stop
}

# ds_prom_config FILE RULES TARGET...: a prometheus.yml with the shipped
# scrape job (daxscope-scrape.yml) aimed at TARGETs (host:port) and the rule
# files RULES (space-separated paths). Rules are evaluated as often as the
# job scrapes.
ds_prom_config() {
	local file=$1 rules=$2 targets='' t r scrape=$WATCH_CONTRIB/prometheus/daxscope-scrape.yml
	shift 2
	for t in "$@"; do targets+="${targets:+, }'$t'"; done
	local interval
	interval=$(sed -n 's/^ *scrape_interval: *//p' "$scrape")
	[ -n "$interval" ] || { echo "no scrape_interval in $scrape" >&2; return 1; }
	{
		echo "global:"
		echo "  evaluation_interval: $interval"
		echo "rule_files:"
		for r in $rules; do echo "  - $r"; done
		sed -n '/^scrape_configs:/,$p' "$scrape" |
			sed "s|targets: \['127.0.0.1:9477'\]|targets: [$targets]|"
	} > "$file"
	grep -q "targets: \[$targets\]" "$file" || { echo "$scrape has no targets line to aim" >&2; return 1; }
}

# ds_prom_start DIR CONFIG: Debian's Prometheus on a free loopback port,
# its data in DIR; sets WATCH_PROM_URL once it is ready.
ds_prom_start() {
	local dir=$1 config=$2 port i
	ds_free_port port || { echo "no free port for Prometheus" >&2; return 1; }
	mkdir -p "$dir/data"
	setsid prometheus --config.file="$config" --storage.tsdb.path="$dir/data" \
		--web.listen-address="127.0.0.1:$port" --web.enable-lifecycle < /dev/null > "$dir/prometheus.log" 2>&1 &
	WATCH_PROM_PID=$!
	WATCH_PROM_URL=http://127.0.0.1:$port
	for ((i = 0; i < 300; i++)); do
		curl -sf -o /dev/null "$WATCH_PROM_URL/-/ready" && return 0
		kill -0 "$WATCH_PROM_PID" 2> /dev/null ||
			{ echo "prometheus exited: $(tail -n 1 "$dir/prometheus.log")" >&2; WATCH_PROM_PID=''; return 1; }
		sleep 0.1
	done
	echo "prometheus was not ready in 30 s (see $dir/prometheus.log)" >&2
	return 1
}

ds_prom_stop() {
	[ -n "$WATCH_PROM_PID" ] || return 0
	kill -TERM "$WATCH_PROM_PID" 2> /dev/null || true
	wait "$WATCH_PROM_PID" 2> /dev/null || true
	WATCH_PROM_PID=''
}

# ds_prom_api PATH [curl args...]: a GET of Prometheus' HTTP API, its JSON on
# stdout; fails unless the answer's status is success.
ds_prom_api() {
	local path=$1 out
	shift
	out=$(curl -sfG "$WATCH_PROM_URL$path" "$@") || { echo "prometheus API $path failed" >&2; return 1; }
	[ "$(jq -r .status <<< "$out")" = success ] || { echo "prometheus API $path: $out" >&2; return 1; }
	echo "$out"
}

# ds_prom_query EXPR: an instant query; prints one line per series:
# "instance value".
ds_prom_query() {
	ds_prom_api /api/v1/query --data-urlencode "query=$1" |
		jq -r '.data.result[] | "\(.metric.instance // "-") \(.value[1])"'
}

# ds_rate_interval [STEP]: Grafana's $__rate_interval for the shipped scrape
# interval, in seconds: four scrapes, or a step and a scrape if longer.
ds_rate_interval() {
	local scrape=$WATCH_CONTRIB/prometheus/daxscope-scrape.yml secs
	secs=$(sed -n 's/^ *scrape_interval: *\([0-9]*\)s$/\1/p' "$scrape")
	[ -n "$secs" ] || { echo "no scrape_interval in seconds in $scrape" >&2; return 1; }
	if [ "${1:-0}" -gt $((secs * 3)) ]; then echo $(($1 + secs)); else echo $((secs * 4)); fi
}

# ds_dashboard_queries [STEP]: the shipped dashboard's queries, one per line
# as "PANEL<TAB>TITLE<TAB>EXPR<TAB>LEGEND" (PANEL counts from 1), with
# $__rate_interval as Grafana sets it for a range step of STEP seconds
# (none: an instant query).
ds_dashboard_queries() {
	local ri
	ri=$(ds_rate_interval "${1:-0}") || return 1
	jq -r '.panels | to_entries[] | (.key + 1) as $p | .value.title as $t | .value.targets[] |
		"\($p)\t\($t)\t\(.expr)\t\(.legendFormat // "")"' \
		"$WATCH_CONTRIB/grafana/daxscope-dashboard.json" | sed "s/\\\$__rate_interval/${ri}s/g"
}
