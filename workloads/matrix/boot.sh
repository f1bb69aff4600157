# shellcheck shell=bash
# The guest boots: each one's cell records, its share, its launch and what
# it left. Sourced by workloads/run-matrix.sh.
# The steps share the run's globals; each function names those it reads.
# shellcheck disable=SC2154

# boots_cleanup: at exit, the background host-sync, the users' job copies
# and the shares of boots that did not finish.
boots_cleanup() {
	[ -n "$sync_pid" ] && kill "$sync_pid" 2> /dev/null
	[ -z "$job_tmp" ] || rm -rf "$job_tmp"
	[ ${#shares[@]} -eq 0 ] || rm -rf "${shares[@]}"
	return 0
}

# matrix_boots_begin: before the first boot.
# Reads out, total, runs, boots, guests; sets shares, sync_pid, start,
# done_cells, waited, boot_base (boot ids are unique in the results
# directory: an appended matrix goes on from the highest its cells have).
matrix_boots_begin() {
	shares=() sync_pid=''
	trap boots_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	log "run: $total cells in ${#runs[@]} guests ($boots boots of ${#guests[@]} configs) -> $out"
	start=$(date +%s)
	done_cells=0 waited=0
	boot_base=$({ cat "$out"/cells/*/*/*/meta 2> /dev/null || true; } | sed -n 's/^boot=//p' | sort -n | tail -n 1)
	boot_base=${boot_base:-0}
}

# matrix_boot K: boot K of runs, start to end: its cells' meta records,
# its share, the guest, then its results collected. A failed cell does not
# stop the run.
# Reads guests, runs, plans, out and what boot_* read; adds to shares,
# waited and done_cells.
matrix_boot() {
	local k=$1 round i gid mode window range mod cache plan bdir gdir ncells share rc
	read -r round i <<< "${runs[$k]}"
	read -r gid mode window range mod cache <<< "${guests[$i]}"
	plan=${plans[$k]}
	bdir=$(boot_dir "$round" "$gid")
	gdir=$out/guests/$bdir
	mkdir -p "$gdir"
	echo "$plan" > "$gdir/plan"
	ncells=$(grep -c . <<< "$plan")
	boot_metas
	share=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-share.XXXXXX")
	shares+=("$share")
	boot_share
	boot_launch
	boot_collect
	done_cells=$((done_cells + ncells))
	rm -rf "$share"
}

# boot_metas: the cells' descriptions (cells/CELL/meta), for the report;
# the guest adds the results. Reads matrix_boot's locals, boot_base,
# daxstat_dir, kernel_label; adds to cells.list.
boot_metas() {
	# shellcheck disable=SC2034 # ds_plan_read sets every key
	local line cell target workload job engine files file_bytes fresh repeat w r
	while read -r line; do
		ds_plan_read "$line"
		echo "$cell" >> "$out/cells.list"
		mkdir -p "$out/cells/$cell"
		w=0 r=0
		[ "$target" = dax ] && w=$window r=$range
		{
			echo "cell=$cell"
			echo "config=${cell%%/*}"
			echo "guest=$bdir"
			echo "boot=$((boot_base + k + 1))"
			echo "boot_round=$round"
			echo "mode=$target"
			echo "window=$w"
			echo "range=$r"
			echo "modules=$mod"
			echo "cache=$([ "$target" = tmpfs ] && echo - || echo "$cache")"
			echo "workload=$workload"
			echo "job=$job"
			echo "engine=$engine"
			echo "files=$files"
			echo "file_bytes=$file_bytes"
			echo "working_set=$((file_bytes * files))"
			echo "repeat=$repeat"
			echo "runtime=$DS_RUNTIME"
			echo "log_msec=$DS_LOG_MSEC"
			echo "daxstat=$([ -n "$daxstat_dir" ] && [ "$target" = dax ] && echo 1 || echo 0)"
			echo "kernel=$kernel_label"
		} > "$out/cells/$cell/meta"
	done <<< "$plan"
}

# boot_share: what the guest reads from its share: the job files, the
# cell runner, the plan, the scale (cells.env) and, in a dax guest,
# daxstat. Reads matrix_boot's locals, job_names, job_tmp, record,
# daxstat_dir; copies users' jobs to the results (jobs/).
boot_share() {
	mkdir -p "$share/jobs"
	cp "$DS_ROOT"/workloads/jobs/*.fio "$DS_ROOT"/workloads/jobs/*.inc "$share/jobs/"
	if [ ${#job_names[@]} -gt 0 ]; then
		mkdir -p "$share/jobs/user" "$out/jobs"
		cp "$job_tmp"/*.fio "$share/jobs/user/"
		cp "$job_tmp"/*.fio "$out/jobs/"
	fi
	cp "$DS_ROOT/workloads/guest/run-cells.sh" "$share/"
	echo "$plan" > "$share/plan"
	{
		echo "DS_RUNTIME=$DS_RUNTIME DS_RAMP=$DS_RAMP DS_IODEPTH=$DS_IODEPTH DS_LOG_MSEC=$DS_LOG_MSEC"
		echo "DS_JOB_DEFAULTS='$(ds_job_defaults)'"
		# --hits: the report's hit ratios need the per-access probe.
		echo "DS_DAXSTAT_ARGS='-j --hits $DS_DAXSTAT_INTERVAL'"
		# The guest's own /tmp, copied to the share when daxstat has
		# stopped: the recording's writes stay off the traced mount.
		[ -z "$record" ] || echo "DS_RECORD=/tmp/dax.rec"
	} > "$share/cells.env"
	[ "$mode" = dax ] && [ -n "$daxstat_dir" ] || return 0
	mkdir -p "$share/collector"
	cp -r "$daxstat_dir/daxstat" "$share/collector/"
	[ ! -d "$daxstat_dir/lib" ] || cp -r "$daxstat_dir/lib" "$share/collector/"
}

# boot_launch: the guest (vm/launch.sh), with host-sync.sh beside it for
# the per-cell handshake. Reads matrix_boot's locals, truncate_args,
# patched_dir, has_dax_range, kernel, kmods, job_names, job_tmp, vfs_stats,
# total, done_cells, start; sets rc (the launcher's status) and sync_pid
# (while it runs); adds to waited.
boot_launch() {
	local args timeout n launched born
	args=(--mode "$mode" --share "$share" --mem "$DS_GUEST_MEM" --modules "$mod"
		--stats "$gdir/virtiofsd.stats" --log "$gdir/console.log" --accel "${DS_ACCEL:-auto}" --cpus "${DS_CPUS:-2}"
		--cache "$cache")
	[ "$mode" = dax ] && args+=(--window "$(ds_size_name "$window")" "${truncate_args[@]}")
	[ "$mod" = patched ] && args+=(--patched-modules "$patched_dir")
	[ -n "$kernel" ] && args+=(--kernel "$kernel" --kernel-modules "$kmods")
	[ "$mode" = dax ] && [ "$mod" = patched ] && [ -n "$has_dax_range" ] &&
		args+=(--mntopts "dax_range=$(ds_size_name "$range")")
	# Generous: a TCG guest is slow, and a stuck one must still end.
	timeout=$((ncells * (DS_RUNTIME + DS_RAMP) * 3 + ncells * 20 + 300))
	for n in "${job_names[@]}"; do
		timeout=$((timeout + $(grep -c "/job-$n/" <<< "$plan") * $(ds_job_seconds "$job_tmp/$n.fio") * 3))
	done
	log "guest $bdir: $ncells cells (launch log: $gdir/launch.log)"
	bash "$DS_ROOT/workloads/host-sync.sh" "$share" "$out/cells" \
		"$([ "$vfs_stats" = yes ] && echo "$gdir/virtiofsd.stats")" \
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
}

# boot_collect: the guest's results into the results directory; cells the
# guest never reached (it died, timed out, or failed to set up) are failed
# cells, pointing at the launcher's log, and a dax cell that mapped nothing
# is failed (ds_fail_unmapped_dax). Reads matrix_boot's locals.
boot_collect() {
	local f why cell
	[ -d "$share/cells" ] && cp -r "$share/cells/." "$out/cells/"
	for f in guest-info daxstat.jsonl daxstat.err dax.rec; do
		[ -s "$share/$f" ] && cp "$share/$f" "$gdir/"
	done
	why=$(grep -a '^launch: ' "$gdir/launch.log" | tail -n 1 || true)
	[ "$rc" -eq 0 ] || log "guest $bdir: launcher exited $rc: ${why:-see $gdir/launch.log}"
	for cell in $(ds_plan_cells <<< "$plan"); do
		[ -f "$out/cells/$cell/status" ] && continue
		printf 'status=failed\nreason=%s\nsecs=0\nrc=%s\nlog=guests/%s/launch.log\n' \
			"guest did not run this cell (launcher exit $rc${why:+: ${why#launch: }})" "$rc" "$bdir" \
			> "$out/cells/$cell/status"
	done
	# shellcheck disable=SC2046 # one cell per word
	[ "$mode" != dax ] || ds_fail_unmapped_dax "$out/cells" "$gdir/virtiofsd.stats" "$cache" \
		$(ds_plan_cells <<< "$plan")
	for cell in $(ds_plan_cells <<< "$plan"); do
		if grep -q '^status=failed' "$out/cells/$cell/status" && ! grep -q '^log=' "$out/cells/$cell/status"; then
			echo "log=cells/$cell/fio.log" >> "$out/cells/$cell/status"
		fi
	done
}
