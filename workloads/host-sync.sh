#!/usr/bin/env bash
# Host half of the per-cell handshake with workloads/guest/run-cells.sh, run
# in the background by the matrix runner (workloads/matrix/boot.sh) while one
# guest runs:
#   host-sync.sh SHARE CELLS_DIR STATS|"" TOTAL DONE_BEFORE START_EPOCH
# For each SHARE/sync/N.req ("begin|end|skip CELL") it snapshots virtiofsd's
# counters into CELLS_DIR/CELL/host-begin.stats or host-end.stats, answers
# with SHARE/sync/N.ack, and after each cell prints a progress line with the
# elapsed time and an estimate of what is left. Runs until killed.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
share=$1 cells=$2 stats=$3 total=$4 done_cells=$5 t0=$6
# An empty STATS: a virtiofsd without counters; the handshake goes on
# without snapshots.

# virtiofsd's sandbox forks: the parent only waits and has empty counters, so
# SIGUSR1 must reach the worker (the process whose parent is the other one).
worker=
find_worker() {
	# shellcheck disable=SC2046 # one pid per word
	worker=$(ds_vfs_worker $(pgrep -f -- "stats_file=$stats( |\$)")) || worker=
	[ -n "$worker" ]
}

# virtiofsd rewrites the whole file from offset 0 on SIGUSR1; emptying it
# first tells a fresh snapshot (it ends with selftest_refused=) from the old.
snapshot() {
	local dst=$1 i
	{ [ -n "$worker" ] && kill -0 "$worker" 2> /dev/null; } || find_worker || return 1
	: > "$stats"
	kill -USR1 "$worker" 2> /dev/null || return 1
	for ((i = 0; i < 50; i++)); do
		if grep -q '^selftest_refused=' "$stats" 2> /dev/null; then
			cp "$stats" "$dst"
			return 0
		fi
		sleep 0.02
	done
	return 1
}

clock() { printf '%02d:%02d' $(($1 / 60)) $(($1 % 60)); }

progress() {
	local cell=$1 status reason secs elapsed left
	done_cells=$((done_cells + 1))
	status=$(sed -n 's/^status=//p' "$share/cells/$cell/status" 2> /dev/null || true)
	reason=$(sed -n 's/^reason=//p' "$share/cells/$cell/status" 2> /dev/null || true)
	secs=$(sed -n 's/^secs=//p' "$share/cells/$cell/status" 2> /dev/null || true)
	elapsed=$(($(date +%s) - t0))
	left=$((elapsed * (total - done_cells) / done_cells))
	printf '[%3d/%d] %-48s %-11s %5ss  elapsed %s, ~%s left%s\n' "$done_cells" "$total" "$cell" \
		"${status:-?}" "${secs:-?}" "$(clock "$elapsed")" "$(clock "$left")" \
		"$([ "${status:-}" = failed ] && echo ": $reason")" >&2
}

# The guest numbers its requests 1, 2, ...: wait for the next one only (a
# glob of the whole directory every 50 ms would cost a core's share).
n=1
while :; do
	req=$share/sync/$n.req
	if [ ! -e "$req" ]; then
		sleep 0.05
		continue
	fi
	read -r phase cell < "$req" || { sleep 0.05; continue; }
	case $phase in
	begin | end)
		mkdir -p "$cells/$cell"
		[ -z "$stats" ] || snapshot "$cells/$cell/host-$phase.stats" ||
			echo "host-sync: no virtiofsd counters for $cell ($phase)" >&2 ;;
	esac
	: > "$share/sync/$n.ack"
	[ "$phase" = begin ] || progress "$cell"
	n=$((n + 1))
done
