# shellcheck shell=bash
# The matrix's checks: a bad matrix is refused with one line, before
# anything is built or booted. Sourced by workloads/run-matrix.sh.
# The steps share the run's globals; each function names those it reads.
# shellcheck disable=SC2154

bad() { echo "run-matrix: $*" >&2; exit 2; }
list() { tr ',' ' ' <<< "$1"; }
uniq_list() { tr ',' '\n' <<< "${1#,}" | awk 'NF && !seen[$0]++' | paste -sd,; }

# matrix_check: every check, in the order of their messages' priority: the
# first bad thing is the one named.
# Reads matrix_options' settings; sets what check_* below set.
matrix_check() {
	check_configs
	check_modes
	check_ranges
	check_windows
	check_modules
	check_caches
	check_module_ranges
	check_repeats
	case $daxstat_opt in auto | off) ;; *) bad "bad --daxstat: $daxstat_opt (auto or off)" ;; esac
	check_workloads
	check_kernel
	check_environment
	check_out
}

# check_configs: --configs, each name parsed into its guest line; modes,
# windows, ranges, modules and caches then become what the configs use, so
# that the checks and the build see them.
# Reads configs; sets config_guests, modes, windows, ranges, modules, caches.
check_configs() {
	local c g gid mode window range mod cache n
	config_guests=()
	[ -n "$configs" ] || return 0
	modes='' windows='' ranges='' modules='' caches=''
	for c in $(list "$configs"); do
		g=$(ds_config_parse "$c") || bad "$g"
		read -r gid mode window range mod cache <<< "$g"
		n=1
		while [[ " ${config_guests[*]%% *} " == *" $gid "* ]]; do n=$((n + 1)) gid=$c.$n; done
		config_guests+=("$gid $mode $window $range $mod $cache")
		modes+=,$mode modules+=,$mod caches+=,$cache
		[ "$mode" = none ] || windows+=,$(ds_size_name "$window") ranges+=,$(ds_size_name "$range")
		[ "$mode" = none ] || [ "$mod" = patched ] || [ "$range" -eq $((2 << 20)) ] ||
			bad "$c: range $(ds_size_name "$range") needs patched modules:" \
				"stock Linux 6.1 modules map only 2M ranges"
	done
	modes=$(uniq_list "$modes") modules=$(uniq_list "$modules") caches=$(uniq_list "$caches")
	windows=$(uniq_list "${windows:-,$DS_WINDOW}") ranges=$(uniq_list "${ranges:-,$DS_RANGE}")
}

# check_modes: reads modes; sets want_dax, want_none, want_tmpfs (1 or '').
check_modes() {
	local m
	want_dax='' want_none='' want_tmpfs=''
	for m in $(list "$modes"); do
		case $m in
		dax) want_dax=1 ;; none) want_none=1 ;; tmpfs) want_tmpfs=1 ;;
		*) bad "unknown mode: $m (modes: dax, none, tmpfs)" ;;
		esac
	done
	[ -n "$want_dax$want_none$want_tmpfs" ] || bad "no mode given"
}

# check_ranges: reads ranges; sets range_bytes.
check_ranges() {
	local r b
	range_bytes=()
	for r in $(list "$ranges"); do
		b=$(ds_bytes "$r") || bad "bad range size: $r"
		ds_is_pow2 "$b" || bad "range $r is not a power of two"
		[ "$b" -ge 4096 ] || bad "range $r is smaller than a page (4K)"
		range_bytes+=("$b")
	done
	[ ${#range_bytes[@]} -gt 0 ] || bad "no range given"
}

# check_windows: reads windows, want_dax, configs, range_bytes; sets win_bytes.
check_windows() {
	local w b r
	win_bytes=()
	for w in $(list "$windows"); do
		b=$(ds_bytes "$w") || bad "bad window size: $w"
		ds_is_pow2 "$b" || bad "window $w is not a power of two"
		# --configs checked each config's window against its own range.
		if [ -n "$want_dax" ] && [ -z "$configs" ]; then
			for r in "${range_bytes[@]}"; do
				[ "$b" -ge "$r" ] || bad "window $w is smaller than one range ($(ds_size_name "$r"))"
			done
		fi
		# vm/launch.sh's minimum.
		[ "$b" -ge $((2 << 20)) ] || bad "window $w is smaller than 2M"
		win_bytes+=("$b")
	done
	[ ${#win_bytes[@]} -gt 0 ] || bad "no window given"
}

# check_modules: reads modules, DS_KERNEL_FLAVOR; sets mod_list.
check_modules() {
	local m flavor_err
	mod_list=()
	for m in $(list "$modules"); do
		case $m in stock | patched) mod_list+=("$m") ;; *) bad "unknown module set: $m (stock or patched)" ;; esac
	done
	[ ${#mod_list[@]} -gt 0 ] || bad "no module set given"
	flavor_err=$(ds_check_flavor "${DS_KERNEL_FLAVOR:-amd64}" 2>&1) || bad "$flavor_err"
	[ "${DS_KERNEL_FLAVOR:-amd64}" = amd64 ] || [[ " ${mod_list[*]} " != *" patched "* ]] ||
		bad "--modules patched are built for Debian's amd64 kernel, not DS_KERNEL_FLAVOR=$DS_KERNEL_FLAVOR"
}

# check_caches: reads caches; sets cache_list.
check_caches() {
	local c
	cache_list=()
	for c in $(list "$caches"); do
		case $c in none | auto | always) cache_list+=("$c") ;; *) bad "unknown cache mode: $c (none, auto or always)" ;; esac
	done
	[ ${#cache_list[@]} -gt 0 ] || bad "no cache mode given"
}

# check_module_ranges: ranges other than 2M need the patched modules, given
# or built. Reads configs, want_dax, mod_list, range_bytes; sets patched_dir
# absolute.
check_module_ranges() {
	local r
	if [ -z "$configs" ] && [ -n "$want_dax" ] && [[ " ${mod_list[*]} " == *" stock "* ]]; then
		for r in "${range_bytes[@]}"; do
			[ "$r" -eq $((2 << 20)) ] || bad "range $(ds_size_name "$r") needs --modules patched:" \
				"stock Linux 6.1 modules map only 2M ranges"
		done
	fi
	[ -n "$patched_dir" ] || return 0
	[[ " ${mod_list[*]} " == *" patched "* ]] || bad "--patched-modules needs --modules patched"
	[ -f "$patched_dir/fuse.ko" ] && [ -f "$patched_dir/virtiofs.ko" ] ||
		bad "no fuse.ko and virtiofs.ko in $patched_dir"
	patched_dir=$(cd "$patched_dir" && pwd)
}

# check_repeats: reads repeats, boots, DS_BOOTS; sets boots.
check_repeats() {
	local boots_given=$boots
	[[ $repeats =~ ^[1-9][0-9]*$ ]] || bad "bad --repeats: $repeats"
	# DS_BOOTS is a default: fewer repeats mean fewer boots. An explicit
	# --boots must have a repeat for every boot.
	boots=${boots:-$DS_BOOTS}
	[[ $boots =~ ^[1-9][0-9]*$ ]] || bad "bad --boots: $boots"
	[ "$boots" -gt "$repeats" ] || return 0
	[ -z "$boots_given" ] || bad "--boots $boots is more than --repeats $repeats: every boot needs a repeat"
	boots=$repeats
}

# check_workloads: the built-in workloads selected, and users' job files as
# the guests will run them; fio (on the host) must accept each before
# anything boots. Reads spec, spec_given, user_jobs; sets names, job_names
# (job_names[i] is workload job-NAME) and job_tmp (their copies, removed at
# exit).
check_workloads() {
	local j n why
	names='' job_names=() job_tmp=''
	if [ ${#user_jobs[@]} -eq 0 ] || [ -n "$spec_given" ]; then
		names=$(ds_select_workloads "$spec" 2>&1) || bad "$names"
	fi
	if [ ${#user_jobs[@]} -gt 0 ]; then
		ds_need_pkgs fio
		job_tmp=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-jobs.XXXXXX")
		trap 'rm -rf "$job_tmp"' EXIT
		for j in "${user_jobs[@]}"; do
			[ -f "$j" ] || bad "no such job file: $j"
			n=$(basename "$j" .fio)
			[[ $n =~ ^[A-Za-z0-9_.+-]+$ ]] || bad "job file name $n: use letters, digits and ._+- only"
			[ ! -e "$job_tmp/$n.fio" ] || bad "two job files are named $n"
			ds_job_for_share "$j" "$job_tmp/$n.fio"
			why=$(ds_job_check "$job_tmp/$n.fio") || bad "job $j: fio refuses it: $why"
			job_names+=("$n")
		done
	fi
	[ -n "$names" ] || [ ${#job_names[@]} -gt 0 ] || bad "no workload given"
}

# check_kernel: a user's kernel must be able to run every guest of the
# matrix (vm/kimage-lib.sh). Reads kernel, kmods, want_dax, mod_list; sets
# kernel and kmods (absolute) and kinfo (its facts; empty without --kernel).
check_kernel() {
	ds_user_kernel "$kernel" "$kmods" "$([ -n "$want_dax" ] && echo dax || echo none)" \
		"$([[ " ${mod_list[*]} " == *" patched "* ]] && echo 1)" || bad "$DS_UK_ERROR"
	# shellcheck disable=SC2034 # kinfo is read by prepare.sh
	kernel=$DS_UK_KERNEL kmods=$DS_UK_MODULES kinfo=$DS_UK_INFO
}

# check_environment: scale.env's values, DS_ACCEL and DS_CPUS.
check_environment() {
	local scale_err
	scale_err=$(ds_check_scale) || bad "$scale_err"
	case ${DS_ACCEL:-auto} in auto | kvm | tcg) ;; *) bad "bad DS_ACCEL: $DS_ACCEL (auto, kvm or tcg)" ;; esac
	[[ ${DS_CPUS:-2} =~ ^[1-9][0-9]*$ ]] || bad "bad DS_CPUS: $DS_CPUS"
}

# check_out: the results directory, new and empty or (--append) one to add
# to. Reads append, out; sets out when not given.
check_out() {
	if [ -n "$append" ]; then
		[ -n "$out" ] || bad "--append needs --out DIR"
		[ -f "$out/cells.list" ] && [ -f "$out/manifest" ] || bad "--append: $out is not a results directory"
	else
		[ -n "$out" ] || out=$DS_ROOT/results/$(date +%Y%m%d-%H%M%S)
		[ ! -e "$out" ] || [ -z "$(ls -A "$out" 2> /dev/null)" ] ||
			bad "results directory exists and is not empty: $out"
	fi
}
