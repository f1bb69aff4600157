# shellcheck shell=bash
# The plan: the guests (configs), their boots in the order they run, and
# each boot's cells. Sourced by workloads/run-matrix.sh.
# The steps share the run's globals; each function names those it reads.
# shellcheck disable=SC2154

# matrix_plan: the guests and their boots, refused (bad) when --append
# would run a cell the results directory already has.
# Reads check.sh's settings; sets guests, ref_window, runs, plans, total.
matrix_plan() {
	plan_guests
	plan_boots
	[ -n "$append" ] || return 0
	local p cell
	for p in "${plans[@]}"; do
		for cell in $(ds_plan_cells <<< "$p"); do
			! grep -qxF "$cell" "$out/cells.list" || bad "cell $cell is already in $out"
		done
	done
}

# plan_guests: guests[i] is "gid mode window_bytes range_bytes modules cache",
# the configs given or the cross product. cache=none is the default and
# keeps the config names short. ref_window sizes the working sets of guests
# without a window.
# Reads configs, config_guests, mod_list, cache_list, win_bytes, range_bytes,
# want_dax, want_none; sets guests, ref_window.
plan_guests() {
	local mod cache csfx w r
	guests=("${config_guests[@]}")
	[ -n "$configs" ] || for mod in "${mod_list[@]}"; do
		for cache in "${cache_list[@]}"; do
			csfx=''
			[ "$cache" = none ] || csfx=-cache-$cache
			if [ -n "$want_dax" ]; then
				for w in "${win_bytes[@]}"; do
					for r in "${range_bytes[@]}"; do
						guests+=("dax-w$(ds_size_name "$w")-r$(ds_size_name "$r")-$mod$csfx dax $w $r $mod $cache")
					done
				done
			fi
			[ -n "$want_none" ] && guests+=("none-$mod$csfx none 0 0 $mod $cache")
		done
	done
	# tmpfs alone still needs a guest: the cheapest one.
	[ ${#guests[@]} -gt 0 ] || guests+=("none-${mod_list[0]} none 0 0 ${mod_list[0]} none")
	ref_window=${win_bytes[0]}
}

# plan_boots: the boots in the order they run: round by round, every config
# once per round, so that the host's slow minutes hit all configs alike.
# runs[k] is "ROUND GUEST_INDEX"; plans[k] its cells, plan records one a
# line (matrix-lib.sh, ds_plan_read); total counts them all.
# Reads guests, boots, want_tmpfs; sets runs, plans, total.
plan_boots() {
	local round i gid mode window range mod p
	total=0
	runs=() plans=()
	for ((round = 1; round <= boots; round++)); do
		for i in "${!guests[@]}"; do
			read -r gid mode window range mod _ <<< "${guests[$i]}"
			# The tmpfs baseline rides along in the first guest of each round.
			p=$(plan_guest "$gid" "$mode" "$window" "$range" "$mod" \
				"$([ "$i" = 0 ] && [ -n "$want_tmpfs" ] && echo 1 || echo 0)" "$round")
			runs+=("$round $i")
			plans+=("$p")
			total=$((total + $(grep -c . <<< "$p")))
		done
	done
}

# plan_cfg TARGET: the config of plan_guest's cells on TARGET (its guest's,
# or tmpfs); fails when the guest runs no cells there. Reads plan_guest's
# locals.
plan_cfg() {
	if [ "$1" = tmpfs ]; then
		[ "$with_tmpfs" = 1 ] && echo tmpfs
	elif { [ "$mode" = dax ] && [ -n "$want_dax" ]; } || { [ "$mode" = none ] && [ -n "$want_none" ]; }; then
		echo "$gid"
	else
		return 1
	fi
}

# plan_guest GID MODE WINDOW RANGE MODULES TMPFS ROUND: the plan lines of
# this config's boot in round ROUND: the repeats r with (r - 1) % boots + 1
# = ROUND. Reads repeats, boots, names, job_names, job_tmp, ref_window.
plan_guest() {
	local gid=$1 mode=$2 window=$3 range=$4 mod=$5 with_tmpfs=$6 round=$7 rep name job engine files
	local rule fresh target cfg fb ws_window
	for ((rep = round; rep <= repeats; rep += boots)); do
		for name in $names; do
			read -r job engine files rule fresh <<< "$(ds_workload_row "$name")"
			for target in $mode tmpfs; do
				cfg=$(plan_cfg "$target") || continue
				# Working sets follow this guest's window; without one,
				# the matrix's first window.
				ws_window=$ref_window
				[ "$target" = dax ] && ws_window=$window
				fb=$(ds_file_bytes "$rule" "$files" "$ws_window")
				echo "cell=$cfg/$name/$rep target=$target workload=$name job=$job" \
					"engine=$engine files=$files file_bytes=$fb fresh=$fresh repeat=$rep"
			done
		done
		# Users' jobs: fresh files in a directory of their own, sized by
		# the job itself.
		for name in "${job_names[@]}"; do
			for target in $mode tmpfs; do
				cfg=$(plan_cfg "$target") || continue
				echo "cell=$cfg/job-$name/$rep target=$target workload=job-$name" \
					"job=user/$name.fio engine=$(ds_job_engine "$job_tmp/$name.fio")" \
					"files=1 file_bytes=0 fresh=1 repeat=$rep"
			done
		done
	done
}

# boot_dir ROUND GID: the guest directory of that boot.
boot_dir() { if [ "$boots" -eq 1 ]; then echo "$2"; else echo "$2-boot$1"; fi; }

# matrix_print_plan: --dry-run's output, every boot's cells and the count.
# Reads runs, plans, guests, boots, total.
matrix_print_plan() {
	local k round i
	for k in "${!runs[@]}"; do
		read -r round i <<< "${runs[$k]}"
		echo "guest $(boot_dir "$round" "${guests[$i]%% *}"): $(grep -c . <<< "${plans[$k]}") cells"
		sed 's/^/  /' <<< "${plans[$k]}"
	done
	echo "$total cells in ${#runs[@]} guests (${#guests[@]} configs x $boots boot$([ "$boots" = 1 ] || echo s))"
}
