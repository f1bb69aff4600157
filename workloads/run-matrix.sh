#!/usr/bin/env bash
# Run a matrix of fio cells in guests and store everything in a new results
# directory. One guest boots per (mode, window, range, modules) and runs all
# of its cells (workload x repeat) back to back: boots are few. The tmpfs
# baseline (fio on the guest's /tmp) rides along in the first guest.
# Sizes and runtimes come from workloads/scale.env. Run with --help.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/workloads/scale.env"
. "$DS_ROOT/workloads/matrix-lib.sh"

USAGE="usage: workloads/run-matrix.sh [--modes dax,none,tmpfs] [--windows SIZE,...] [--ranges SIZE,...]
       [--modules stock|patched|stock,patched] [--patched-modules DIR] [--workloads SPEC]
       [--repeats N] [--daxstat auto|off] [--out DIR] [--append] [--no-report] [--dry-run]
  --workloads: names, groups (basic, dax), all, or globs, comma-separated (default all)
  --append: add this matrix's cells to the existing results directory --out
  defaults: --modes dax,none,tmpfs --windows \$DS_WINDOW --ranges \$DS_RANGE --modules stock
            --repeats \$DS_REPEATS (workloads/scale.env)"

# A bad matrix is refused with one line, before anything is built or booted.
bad() { echo "run-matrix: $*" >&2; exit 2; }

modes=dax,none,tmpfs windows=$DS_WINDOW ranges=$DS_RANGE modules=stock patched_dir=''
spec=all repeats=$DS_REPEATS daxstat_opt=auto out='' report=1 dry='' append=''
while [ $# -gt 0 ]; do
	case $1 in
	--help | -h) echo "$USAGE"; exit 0 ;;
	--no-report) report=''; shift; continue ;;
	--dry-run) dry=1; shift; continue ;;
	--append) append=1; shift; continue ;;
	--modes | --windows | --ranges | --modules | --patched-modules | --workloads | --repeats | \
		--daxstat | --out) [ $# -ge 2 ] || bad "$1 needs a value" ;;
	*) bad "unknown argument: $1 (see --help)" ;;
	esac
	case $1 in
	--modes) modes=$2 ;;
	--windows) windows=$2 ;;
	--ranges) ranges=$2 ;;
	--modules) modules=$2 ;;
	--patched-modules) patched_dir=$2 ;;
	--workloads) spec=$2 ;;
	--repeats) repeats=$2 ;;
	--daxstat) daxstat_opt=$2 ;;
	--out) out=$2 ;;
	esac
	shift 2
done

# ---- checks ---------------------------------------------------------------
list() { tr ',' ' ' <<< "$1"; }
want_dax='' want_none='' want_tmpfs=''
for m in $(list "$modes"); do
	case $m in
	dax) want_dax=1 ;; none) want_none=1 ;; tmpfs) want_tmpfs=1 ;;
	*) bad "unknown mode: $m (modes: dax, none, tmpfs)" ;;
	esac
done
[ -n "$want_dax$want_none$want_tmpfs" ] || bad "no mode given"
range_bytes=()
for r in $(list "$ranges"); do
	b=$(ds_bytes "$r") || bad "bad range size: $r"
	ds_is_pow2 "$b" || bad "range $r is not a power of two"
	[ "$b" -ge 4096 ] || bad "range $r is smaller than a page (4K)"
	range_bytes+=("$b")
done
[ ${#range_bytes[@]} -gt 0 ] || bad "no range given"
win_bytes=()
for w in $(list "$windows"); do
	b=$(ds_bytes "$w") || bad "bad window size: $w"
	ds_is_pow2 "$b" || bad "window $w is not a power of two"
	if [ -n "$want_dax" ]; then
		for r in "${range_bytes[@]}"; do
			[ "$b" -ge "$r" ] || bad "window $w is smaller than one range ($(ds_size_name "$r"))"
		done
	fi
	# vm/launch.sh's minimum.
	[ "$b" -ge $((2 << 20)) ] || bad "window $w is smaller than 2M"
	win_bytes+=("$b")
done
[ ${#win_bytes[@]} -gt 0 ] || bad "no window given"
mod_list=()
for m in $(list "$modules"); do
	case $m in stock | patched) mod_list+=("$m") ;; *) bad "unknown module set: $m (stock or patched)" ;; esac
done
[ ${#mod_list[@]} -gt 0 ] || bad "no module set given"
if [ -n "$want_dax" ] && [[ " ${mod_list[*]} " == *" stock "* ]]; then
	for r in "${range_bytes[@]}"; do
		[ "$r" -eq $((2 << 20)) ] || bad "range $(ds_size_name "$r") needs --modules patched:" \
			"stock Linux 6.1 modules map only 2M ranges"
	done
fi
if [ -n "$patched_dir" ]; then
	[[ " ${mod_list[*]} " == *" patched "* ]] || bad "--patched-modules needs --modules patched"
	[ -f "$patched_dir/fuse.ko" ] && [ -f "$patched_dir/virtiofs.ko" ] ||
		bad "no fuse.ko and virtiofs.ko in $patched_dir"
	patched_dir=$(cd "$patched_dir" && pwd)
fi
[[ $repeats =~ ^[1-9][0-9]*$ ]] || bad "bad --repeats: $repeats"
case $daxstat_opt in auto | off) ;; *) bad "bad --daxstat: $daxstat_opt (auto or off)" ;; esac
names=$(ds_select_workloads "$spec" 2>&1) || bad "$names"
for v in DS_SIZE DS_APPEND_SIZE; do
	ds_bytes "${!v}" > /dev/null || bad "bad $v in workloads/scale.env: ${!v}"
done
[[ $DS_RUNTIME =~ ^[1-9][0-9]*$ ]] || bad "bad DS_RUNTIME: $DS_RUNTIME"
[[ $DS_RAMP =~ ^[0-9]+$ ]] || bad "bad DS_RAMP: $DS_RAMP"
if [ -n "$append" ]; then
	[ -n "$out" ] || bad "--append needs --out DIR"
	[ -f "$out/cells.list" ] && [ -f "$out/manifest" ] || bad "--append: $out is not a results directory"
else
	[ -n "$out" ] || out=$DS_ROOT/results/$(date +%Y%m%d-%H%M%S)
	[ ! -e "$out" ] || [ -z "$(ls -A "$out" 2> /dev/null)" ] ||
		bad "results directory exists and is not empty: $out"
fi

# ---- the plan ---------------------------------------------------------------
# Guests: "gid mode window_bytes range_bytes modules".
guests=()
for mod in "${mod_list[@]}"; do
	if [ -n "$want_dax" ]; then
		for w in "${win_bytes[@]}"; do
			for r in "${range_bytes[@]}"; do
				guests+=("dax-w$(ds_size_name "$w")-r$(ds_size_name "$r")-$mod dax $w $r $mod")
			done
		done
	fi
	[ -n "$want_none" ] && guests+=("none-$mod none 0 0 $mod")
done
# tmpfs alone still needs a guest: the cheapest one.
[ ${#guests[@]} -gt 0 ] || guests+=("none-${mod_list[0]} none 0 0 ${mod_list[0]}")
ref_window=${win_bytes[0]}

# plan_guest GID MODE WINDOW RANGE MODULES TMPFS: this guest's plan lines.
plan_guest() {
	local gid=$1 mode=$2 window=$3 range=$4 mod=$5 with_tmpfs=$6 rep name job engine files rule fresh
	local target cfg fb ws_window
	for ((rep = 1; rep <= repeats; rep++)); do
		for name in $names; do
			read -r job engine files rule fresh <<< "$(ds_workload_row "$name")"
			for target in $mode tmpfs; do
				if [ "$target" = tmpfs ]; then
					[ "$with_tmpfs" = 1 ] || continue
					cfg=tmpfs
				else
					[ "$mode" = dax ] && [ -z "$want_dax" ] && continue
					[ "$mode" = none ] && [ -z "$want_none" ] && continue
					cfg=$gid
				fi
				# Working sets follow this guest's window; without one,
				# the matrix's first window.
				ws_window=$ref_window
				[ "$target" = dax ] && ws_window=$window
				fb=$(ds_file_bytes "$rule" "$files" "$ws_window")
				echo "$cfg/$name/$rep $target $name $job $engine $files $fb $fresh $rep"
			done
		done
	done
}

total=0
plans=()
for i in "${!guests[@]}"; do
	read -r gid mode window range mod <<< "${guests[$i]}"
	p=$(plan_guest "$gid" "$mode" "$window" "$range" "$mod" "$([ "$i" = 0 ] && [ -n "$want_tmpfs" ] && echo 1 || echo 0)")
	plans+=("$p")
	total=$((total + $(grep -c . <<< "$p")))
done
if [ -n "$append" ]; then
	for p in "${plans[@]}"; do
		while read -r cell _; do
			! grep -qxF "$cell" "$out/cells.list" || bad "cell $cell is already in $out"
		done <<< "$p"
	done
fi
if [ -n "$dry" ]; then
	for i in "${!guests[@]}"; do
		echo "guest ${guests[$i]%% *}: $(grep -c . <<< "${plans[$i]}") cells"
		sed 's/^/  /' <<< "${plans[$i]}"
	done
	echo "$total cells in ${#guests[@]} guests"
	exit 0
fi

# ---- what the guests need -----------------------------------------------------
if [[ " ${mod_list[*]} " == *" patched "* ]] && [ -z "$patched_dir" ]; then
	patched_dir=$(bash "$DS_ROOT/kernel/build-modules.sh") || die "kernel/build-modules.sh failed"
fi
# dax_range is the patched modules' mount option; without it, their ranges
# are the stock 2M ones.
has_dax_range=''
if [ -n "$patched_dir" ] && grep -qa 'dax_range' "$patched_dir/fuse.ko"; then
	has_dax_range=1
fi
if [ -n "$want_dax" ] && [ -n "$patched_dir" ] && [ -z "$has_dax_range" ]; then
	for r in "${range_bytes[@]}"; do
		[ "$r" -eq $((2 << 20)) ] || die "the patched modules in $patched_dir have no dax_range option" \
			"(kernel/patches): only 2M ranges are possible"
	done
fi
daxstat_dir=''
if [ "$daxstat_opt" = auto ] && [ -n "$want_dax" ]; then
	for d in "${DS_DAXSTAT_DIR:-}" "$DS_CACHE/collectors"; do
		[ -n "$d" ] && [ -x "$d/daxstat" ] && { daxstat_dir=$d; break; }
	done
fi

mkdir -p "$out/cells" "$out/guests"
out=$(cd "$out" && pwd)
# An appended matrix keeps the first manifest and adds its own lines.
part=''
if [ -n "$append" ]; then
	part=2
	while grep -q "^part${part}_" "$out/matrix" 2> /dev/null; do part=$((part + 1)); done
	"$DS_ROOT/workloads/write-manifest.sh" "${mod_list[*]}" "$patched_dir" \
		"${daxstat_dir:+$daxstat_dir/daxstat}" | grep -E '^(modules|patched_)' |
		sed "s/^/part${part}_/" >> "$out/manifest"
else
	"$DS_ROOT/workloads/write-manifest.sh" "${mod_list[*]}" "$patched_dir" \
		"${daxstat_dir:+$daxstat_dir/daxstat}" > "$out/manifest"
	: > "$out/cells.list"
fi
{
	echo "modes=$modes"
	echo "windows=$windows"
	echo "ranges=$ranges"
	echo "modules=$modules"
	echo "workloads=$spec"
	echo "repeats=$repeats"
	echo "guests=${#guests[@]}"
	echo "cells=$total"
} | sed "s/^/${part:+part${part}_}/" >> "$out/matrix"

shares=() sync_pid=''
cleanup() {
	[ -n "$sync_pid" ] && kill "$sync_pid" 2> /dev/null
	[ ${#shares[@]} -eq 0 ] || rm -rf "${shares[@]}"
	return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "run: $total cells in ${#guests[@]} guests -> $out"
start=$(date +%s)
done_cells=0 waited=0
for i in "${!guests[@]}"; do
	read -r gid mode window range mod <<< "${guests[$i]}"
	plan=${plans[$i]}
	gdir=$out/guests/$gid
	mkdir -p "$gdir"
	echo "$plan" > "$gdir/plan"
	ncells=$(grep -c . <<< "$plan")
	# The cells' descriptions, for the report; the guest adds the results.
	while read -r cell target name job engine files fb fresh rep; do
		echo "$cell" >> "$out/cells.list"
		mkdir -p "$out/cells/$cell"
		w=0 r=0
		[ "$target" = dax ] && w=$window r=$range
		{
			echo "cell=$cell"
			echo "config=${cell%%/*}"
			echo "guest=$gid"
			echo "mode=$target"
			echo "window=$w"
			echo "range=$r"
			echo "modules=$mod"
			echo "workload=$name"
			echo "job=$job"
			echo "engine=$engine"
			echo "files=$files"
			echo "file_bytes=$fb"
			echo "working_set=$((fb * files))"
			echo "repeat=$rep"
			echo "runtime=$DS_RUNTIME"
			echo "log_msec=$DS_LOG_MSEC"
			echo "daxstat=$([ -n "$daxstat_dir" ] && [ "$target" = dax ] && echo 1 || echo 0)"
		} > "$out/cells/$cell/meta"
	done <<< "$plan"

	share=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-share.XXXXXX")
	shares+=("$share")
	mkdir -p "$share/jobs"
	cp "$DS_ROOT"/workloads/jobs/*.fio "$share/jobs/"
	cp "$DS_ROOT/workloads/guest/run-cells.sh" "$share/"
	echo "$plan" > "$share/plan"
	{
		echo "DS_RUNTIME=$DS_RUNTIME DS_RAMP=$DS_RAMP DS_IODEPTH=$DS_IODEPTH DS_LOG_MSEC=$DS_LOG_MSEC"
		# --hits: the report's hit ratios need the per-access probe.
		echo "DS_DAXSTAT_ARGS='-j --hits $DS_DAXSTAT_INTERVAL'"
	} > "$share/cells.env"
	if [ "$mode" = dax ] && [ -n "$daxstat_dir" ]; then
		mkdir -p "$share/collector"
		cp -r "$daxstat_dir/daxstat" "$share/collector/"
		[ -d "$daxstat_dir/lib" ] && cp -r "$daxstat_dir/lib" "$share/collector/"
	fi

	args=(--mode "$mode" --share "$share" --mem "$DS_GUEST_MEM" --modules "$mod"
		--stats "$gdir/virtiofsd.stats" --log "$gdir/console.log")
	[ "$mode" = dax ] && args+=(--window "$(ds_size_name "$window")")
	[ "$mod" = patched ] && args+=(--patched-modules "$patched_dir")
	[ "$mode" = dax ] && [ "$mod" = patched ] && [ -n "$has_dax_range" ] &&
		args+=(--mntopts "dax_range=$(ds_size_name "$range")")
	# Generous: a TCG guest is slow, and a stuck one must still end.
	timeout=$((ncells * (DS_RUNTIME + DS_RAMP) * 3 + ncells * 20 + 300))
	log "guest $gid: $ncells cells (launch log: $gdir/launch.log)"
	bash "$DS_ROOT/workloads/host-sync.sh" "$share" "$out/cells" "$gdir/virtiofsd.stats" \
		"$total" "$done_cells" "$start" &
	sync_pid=$!
	rc=0
	launched=$(date +%s)
	"$DS_ROOT/vm/launch.sh" "${args[@]}" --timeout "$timeout" -- sh run-cells.sh \
		> "$gdir/launch.log" 2>&1 || rc=$?
	# Time queued behind other guests (the launcher takes a machine-wide
	# lock): it creates the console log right after getting the lock.
	born=$(stat -c %W "$gdir/console.log" 2> /dev/null || echo 0)
	if grep -q 'waiting for another guest' "$gdir/launch.log" && [ "$born" -ge "$launched" ]; then
		waited=$((waited + born - launched))
	fi
	kill "$sync_pid" 2> /dev/null || true
	wait "$sync_pid" 2> /dev/null || true
	sync_pid=''

	[ -d "$share/cells" ] && cp -r "$share/cells/." "$out/cells/"
	for f in guest-info daxstat.jsonl daxstat.err; do
		[ -s "$share/$f" ] && cp "$share/$f" "$gdir/"
	done
	# Cells the guest never reached (it died, timed out, or failed to set
	# up) are failed cells, pointing at the launcher's log.
	why=$(grep -a '^launch: ' "$gdir/launch.log" | tail -n 1 || true)
	[ $rc -eq 0 ] || log "guest $gid: launcher exited $rc: ${why:-see $gdir/launch.log}"
	while read -r cell _; do
		[ -f "$out/cells/$cell/status" ] && continue
		printf 'status=failed\nreason=%s\nsecs=0\nrc=%s\nlog=guests/%s/launch.log\n' \
			"guest did not run this cell (launcher exit $rc${why:+: ${why#launch: }})" "$rc" "$gid" \
			> "$out/cells/$cell/status"
	done <<< "$plan"
	while read -r cell _; do
		if grep -q '^status=failed' "$out/cells/$cell/status" && ! grep -q '^log=' "$out/cells/$cell/status"; then
			echo "log=cells/$cell/fio.log" >> "$out/cells/$cell/status"
		fi
	done <<< "$plan"
	done_cells=$((done_cells + ncells))
	rm -rf "$share"
done

secs=$(($(date +%s) - start))
{
	echo "${part:+part${part}_}wall_seconds=$secs"
	echo "${part:+part${part}_}lock_wait_seconds=$waited"
} >> "$out/matrix"
# This matrix's cells only (an appended one has others beside them).
count() {
	local p
	for p in "${plans[@]}"; do cut -d' ' -f1 <<< "$p"; done |
		sed "s|^|$out/cells/|; s|\$|/status|" | xargs cat | grep -c "^status=$1" || true
}
ok=$(count ok) unsup=$(count unsupported) failed=$(count failed)
log "done in $((secs / 60))m$((secs % 60))s ($((waited / 60))m$((waited % 60))s of it waiting for" \
	"other guests): $ok ok, $unsup not supported, $failed failed"
if [ -n "$report" ]; then
	"$DS_ROOT/reports/make-report.sh" "$out" || log "the report generator reported problems (see above)"
fi
echo "results: $out"
[ "$failed" -eq 0 ]
