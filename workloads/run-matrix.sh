#!/usr/bin/env bash
# Run a matrix of fio cells in guests and store everything in a new results
# directory. A config is (mode, window, range, modules, cache); its repeats
# are spread over --boots guest boots, because the noise between boots is
# larger than within one, and the boots run in rounds, each round booting
# every config once, so that the host's slow minutes hit all configs alike.
# The tmpfs baseline (fio on the guest's /tmp) rides along in the first
# guest of each round.
# Sizes and runtimes come from workloads/scale.env. Run with --help.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/workloads/scale.env"
. "$DS_ROOT/workloads/matrix-lib.sh"
. "$DS_ROOT/vm/kimage-lib.sh"

USAGE="usage: workloads/run-matrix.sh [--modes dax,none,tmpfs] [--windows SIZE,...] [--ranges SIZE,...]
       [--modules stock|patched|stock,patched] [--patched-modules DIR] [--workloads SPEC]
       [--repeats N] [--boots N] [--configs NAME,...] [--daxstat auto|off] [--record] [--out DIR] [--append] [--dry-run]
       [--cache none,auto,always] [--job FILE.fio]... [--kernel FILE [--kernel-modules DIR|none]]
       [--qemu BIN] [--virtiofsd BIN]
  --cache: virtiofsd cache modes, for dax and none guests alike (default none);
           configs of a cache mode other than none are named ...-cache-MODE
  --workloads: names, groups (basic, dax), all, or globs, comma-separated (default all)
  --job: a fio job file of your own (repeatable), run unchanged in every mode as workload
         job-NAME, its files put on the share (or tmpfs); with --job, --workloads
         defaults to none of the built-in workloads
  --kernel: your own guest kernel (bzImage or vmlinux) and its modules, checked before
            anything boots (vm/user-kernel.sh); stock modules only
  --qemu, --virtiofsd: your own host stack (default: the suite's build; DS_QEMU,
            DS_VIRTIOFSD), probed before anything boots: a dax guest needs a
            vhost-user-fs-pci with cache-size and a virtiofsd offering the
            vhost-user shared-memory feature (vm/README.md)
  --repeats: cells per (config, workload), spread over --boots boots of each
           config (--boots at most --repeats; default \$DS_BOOTS)
  --configs: these configs instead of the cross product of modes, windows,
           ranges, modules and cache: names as the matrix gives them
           (dax-w64M-r2M-stock, none-patched-cache-auto, ...); a name given
           twice runs as two configs, the second named NAME.2 (an A/A test)
  --record: daxstat also records each dax guest's references (guests/ID/dax.rec,
            daxrec1, sim/README.md) for daxsim --validate
  --append: add this matrix's cells to the existing results directory --out
  defaults: --modes dax,none,tmpfs --windows \$DS_WINDOW --ranges \$DS_RANGE --modules stock
            --repeats \$DS_REPEATS (workloads/scale.env)"

# A bad matrix is refused with one line, before anything is built or booted.
bad() { echo "run-matrix: $*" >&2; exit 2; }

modes=dax,none,tmpfs windows=$DS_WINDOW ranges=$DS_RANGE modules=stock patched_dir=''
spec='' repeats=$DS_REPEATS boots='' configs='' daxstat_opt=${DS_DAXSTAT:-auto} out='' dry='' append='' caches=none
spec_given='' user_jobs=() kernel='' kmods='' help='' qemu_bin=${DS_QEMU:-} vfsd_bin=${DS_VIRTIOFSD:-}
# shellcheck disable=SC2034 # both tables are read by ds_parse_options
declare -A DS_OPT_FLAG=([--help]=help [-h]=help [--no-report]=no_report [--dry-run]=dry [--append]=append
	[--record]=record)
# shellcheck disable=SC2034
declare -A DS_OPT_VALUE=([--modes]=modes [--windows]=windows [--ranges]=ranges [--modules]=modules
	[--patched-modules]=patched_dir [--workloads]=spec [--job]='user_jobs[]' [--kernel]=kernel
	[--kernel-modules]=kmods [--repeats]=repeats [--daxstat]=daxstat_opt [--out]=out [--cache]=caches
	[--qemu]=qemu_bin [--virtiofsd]=vfsd_bin [--boots]=boots [--configs]=configs)
ds_opt_error() { bad "$* (see --help)"; }
# --no-report: accepted and ignored; the runner never renders (make report).
no_report='' record=''
ds_parse_options "$@"
[ ${#DS_OPT_REST[@]} -eq 0 ] || bad "unexpected arguments: ${DS_OPT_REST[*]} (see --help)"
[ -z "$help" ] || { echo "$USAGE"; exit 0; }
if [ -n "$spec" ]; then spec_given=1; else spec=all; fi
# The host stack of every guest (vm/host-stack-lib.sh), exported for the
# launchers.
[ -z "$qemu_bin" ] || export DS_QEMU=$qemu_bin
[ -z "$vfsd_bin" ] || export DS_VIRTIOFSD=$vfsd_bin

# ---- checks ---------------------------------------------------------------
list() { tr ',' ' ' <<< "$1"; }
# --configs: each name parsed into its guest line; the lists below are then
# what the configs use, so that the checks and the build see them.
config_guests=()
if [ -n "$configs" ]; then
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
	uniq_list() { tr ',' '\n' <<< "${1#,}" | awk 'NF && !seen[$0]++' | paste -sd,; }
	modes=$(uniq_list "$modes") modules=$(uniq_list "$modules") caches=$(uniq_list "$caches")
	windows=$(uniq_list "${windows:-,$DS_WINDOW}") ranges=$(uniq_list "${ranges:-,$DS_RANGE}")
fi
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
mod_list=()
for m in $(list "$modules"); do
	case $m in stock | patched) mod_list+=("$m") ;; *) bad "unknown module set: $m (stock or patched)" ;; esac
done
[ ${#mod_list[@]} -gt 0 ] || bad "no module set given"
flavor_err=$(ds_check_flavor "${DS_KERNEL_FLAVOR:-amd64}" 2>&1) || bad "$flavor_err"
[ "${DS_KERNEL_FLAVOR:-amd64}" = amd64 ] || [[ " ${mod_list[*]} " != *" patched "* ]] ||
	bad "--modules patched are built for Debian's amd64 kernel, not DS_KERNEL_FLAVOR=$DS_KERNEL_FLAVOR"
cache_list=()
for c in $(list "$caches"); do
	case $c in none | auto | always) cache_list+=("$c") ;; *) bad "unknown cache mode: $c (none, auto or always)" ;; esac
done
[ ${#cache_list[@]} -gt 0 ] || bad "no cache mode given"
if [ -z "$configs" ] && [ -n "$want_dax" ] && [[ " ${mod_list[*]} " == *" stock "* ]]; then
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
# DS_BOOTS is a default: fewer repeats mean fewer boots. An explicit --boots
# must have a repeat for every boot.
boots_given=$boots boots=${boots:-$DS_BOOTS}
[[ $boots =~ ^[1-9][0-9]*$ ]] || bad "bad --boots: $boots"
if [ "$boots" -gt "$repeats" ]; then
	[ -z "$boots_given" ] || bad "--boots $boots is more than --repeats $repeats: every boot needs a repeat"
	boots=$repeats
fi
case $daxstat_opt in auto | off) ;; *) bad "bad --daxstat: $daxstat_opt (auto or off)" ;; esac
names=''
if [ ${#user_jobs[@]} -eq 0 ] || [ -n "$spec_given" ]; then
	names=$(ds_select_workloads "$spec" 2>&1) || bad "$names"
fi
# Users' job files, as the guests will run them; fio (on the host) must
# accept each before anything boots. job_names[i] is workload job-NAME.
job_names=() job_tmp=''
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
# A user's kernel must be able to run every guest of the matrix.
ds_user_kernel "$kernel" "$kmods" "$([ -n "$want_dax" ] && echo dax || echo none)" \
	"$([[ " ${mod_list[*]} " == *" patched "* ]] && echo 1)" || bad "$DS_UK_ERROR"
kernel=$DS_UK_KERNEL kmods=$DS_UK_MODULES kinfo=$DS_UK_INFO
kget() { sed -n "s/^$1=//p" <<< "$kinfo"; }
scale_err=$(ds_check_scale) || bad "$scale_err"
case ${DS_ACCEL:-auto} in auto | kvm | tcg) ;; *) bad "bad DS_ACCEL: $DS_ACCEL (auto, kvm or tcg)" ;; esac
[[ ${DS_CPUS:-2} =~ ^[1-9][0-9]*$ ]] || bad "bad DS_CPUS: $DS_CPUS"
if [ -n "$append" ]; then
	[ -n "$out" ] || bad "--append needs --out DIR"
	[ -f "$out/cells.list" ] && [ -f "$out/manifest" ] || bad "--append: $out is not a results directory"
else
	[ -n "$out" ] || out=$DS_ROOT/results/$(date +%Y%m%d-%H%M%S)
	[ ! -e "$out" ] || [ -z "$(ls -A "$out" 2> /dev/null)" ] ||
		bad "results directory exists and is not empty: $out"
fi

# ---- the plan ---------------------------------------------------------------
# Guests: "gid mode window_bytes range_bytes modules cache". cache=none is
# the default and keeps the config names short. Each guest's cells are
# plan records, one a line, key=value (matrix-lib.sh, ds_plan_read): the
# guest's plan file in the results says what each cell was to run.
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
# = ROUND.
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

# The boots in the order they run: round by round, every config once per
# round. runs[k] is "ROUND GUEST_INDEX"; plans[k] its cells.
total=0
runs=() plans=()
for ((round = 1; round <= boots; round++)); do
	for i in "${!guests[@]}"; do
		read -r gid mode window range mod _ <<< "${guests[$i]}"
		p=$(plan_guest "$gid" "$mode" "$window" "$range" "$mod" \
			"$([ "$i" = 0 ] && [ -n "$want_tmpfs" ] && echo 1 || echo 0)" "$round")
		runs+=("$round $i")
		plans+=("$p")
		total=$((total + $(grep -c . <<< "$p")))
	done
done
# boot_dir ROUND GID: the guest directory of that boot.
boot_dir() { if [ "$boots" -eq 1 ]; then echo "$2"; else echo "$2-boot$1"; fi; }
if [ -n "$append" ]; then
	for p in "${plans[@]}"; do
		for cell in $(ds_plan_cells <<< "$p"); do
			! grep -qxF "$cell" "$out/cells.list" || bad "cell $cell is already in $out"
		done
	done
fi
if [ -n "$dry" ]; then
	for k in "${!runs[@]}"; do
		read -r round i <<< "${runs[$k]}"
		echo "guest $(boot_dir "$round" "${guests[$i]%% *}"): $(grep -c . <<< "${plans[$k]}") cells"
		sed 's/^/  /' <<< "${plans[$k]}"
	done
	echo "$total cells in ${#runs[@]} guests (${#guests[@]} configs x $boots boot$([ "$boots" = 1 ] || echo s))"
	exit 0
fi

# ---- what the guests need -----------------------------------------------------
# Resolved once per run (lib/built.sh): the manifest and every guest's
# launcher read them from the environment.
ds_resolve image || die "the guest image did not build"
# The host stack (the suite's build, or --qemu/--virtiofsd), probed before
# anything boots: a dax matrix on a stack without a window stops here.
. "$DS_ROOT/vm/host-stack-lib.sh"
ds_stack_resolve "$([ -n "$want_dax" ] && echo dax || echo none)" || bad "$DS_STACK_ERROR"
vfs_stats=$(ds_stack_fact "$DS_STACK_FACTS" virtiofsd_stats)
# Every cell on one CPU model: the launcher would give patched-module guests
# an Intel one, for machine checks on a host truncate, which no cell needs.
truncate_args=()
[ -n "$(ds_stack_fact "$DS_STACK_FACTS" qemu_truncate_modes)" ] && truncate_args=(--on-truncate zero)
[ "$vfs_stats" = yes ] ||
	log "$(ds_stack_name "$DS_STACK_FACTS" virtiofsd) keeps no mapping counters: cells get none"
if [[ " ${mod_list[*]} " == *" patched "* ]] && [ -z "$patched_dir" ]; then
	ds_resolve modules || die "kernel/build-modules.sh failed"
	patched_dir=$(ds_built modules)
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
# One accelerator for every guest, named in the manifest; an explicit kvm
# that cannot work stops the run here, in seconds.
. "$DS_ROOT/vm/accel-lib.sh"
ds_accel_resolve "${DS_ACCEL:-auto}" "$DS_QEMU" "$(ds_built image)/vmlinux" || exit 1
accel=$(ds_accel_chosen)
# daxstat is optional (without it the report says its time series are
# unavailable): used when it builds, never when --daxstat off.
daxstat_dir=''
if [ -n "$kinfo" ] && [ "$(kget btf)" != yes ] && [ "$daxstat_opt" = auto ]; then
	log "daxstat off: its eBPF needs BTF: $(kget btf_why)"
	daxstat_opt=off
fi
if [ "$daxstat_opt" = auto ] && [ -n "$want_dax" ]; then
	if ds_resolve collectors; then
		daxstat_dir=$(ds_built collectors)
	else
		log "collectors/daxstat did not build: running without it"
	fi
fi

mkdir -p "$out/cells" "$out/guests"
out=$(cd "$out" && pwd)
# The kernel every cell ran, for the report's config table.
if [ -n "$kernel" ]; then
	kernel_label="$(kget version) (--kernel $kernel)"
else
	kernel_label="$(cat "$(ds_built image)/kernel-version") (Debian ${DS_KERNEL_FLAVOR:-amd64}, the built image)"
fi
# An appended matrix keeps the first manifest and adds its own lines.
part=''
if [ -n "$append" ]; then
	part=2
	while grep -q "^part${part}_" "$out/matrix" 2> /dev/null; do part=$((part + 1)); done
	"$DS_ROOT/workloads/write-manifest.sh" "${mod_list[*]}" "$patched_dir" \
		"${daxstat_dir:+$daxstat_dir/daxstat}" "$accel" | grep -E '^(modules|patched_)' |
		sed "s/^/part${part}_/" >> "$out/manifest"
else
	"$DS_ROOT/workloads/write-manifest.sh" "${mod_list[*]}" "$patched_dir" \
		"${daxstat_dir:+$daxstat_dir/daxstat}" "$accel" "${kernel:+$kernel_label}" > "$out/manifest"
	: > "$out/cells.list"
fi
{
	echo "modes=$modes"
	echo "windows=$windows"
	echo "ranges=$ranges"
	echo "modules=$modules"
	echo "cache=$caches"
	echo "workloads=$([ -n "$names" ] && echo "$spec")${job_names[*]:+ jobs: ${job_names[*]}}"
	echo "repeats=$repeats"
	echo "boots=$boots"
	echo "configs=${#guests[@]}"
	echo "guests=${#runs[@]}"
	echo "cells=$total"
} | sed "s/^/${part:+part${part}_}/" >> "$out/matrix"

shares=() sync_pid=''
cleanup() {
	[ -n "$sync_pid" ] && kill "$sync_pid" 2> /dev/null
	[ -z "$job_tmp" ] || rm -rf "$job_tmp"
	[ ${#shares[@]} -eq 0 ] || rm -rf "${shares[@]}"
	return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "run: $total cells in ${#runs[@]} guests ($boots boots of ${#guests[@]} configs) -> $out"
start=$(date +%s)
done_cells=0 waited=0
# Boot ids are unique in the results directory: an appended matrix goes on
# from the highest id its cells already have.
boot_base=$({ cat "$out"/cells/*/*/*/meta 2> /dev/null || true; } | sed -n 's/^boot=//p' | sort -n | tail -n 1)
boot_base=${boot_base:-0}
for k in "${!runs[@]}"; do
	read -r round i <<< "${runs[$k]}"
	read -r gid mode window range mod cache <<< "${guests[$i]}"
	plan=${plans[$k]}
	bdir=$(boot_dir "$round" "$gid")
	gdir=$out/guests/$bdir
	mkdir -p "$gdir"
	echo "$plan" > "$gdir/plan"
	ncells=$(grep -c . <<< "$plan")
	# The cells' descriptions, for the report; the guest adds the results.
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

	share=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-share.XXXXXX")
	shares+=("$share")
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
	if [ "$mode" = dax ] && [ -n "$daxstat_dir" ]; then
		mkdir -p "$share/collector"
		cp -r "$daxstat_dir/daxstat" "$share/collector/"
		[ -d "$daxstat_dir/lib" ] && cp -r "$daxstat_dir/lib" "$share/collector/"
	fi

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

	[ -d "$share/cells" ] && cp -r "$share/cells/." "$out/cells/"
	for f in guest-info daxstat.jsonl daxstat.err dax.rec; do
		[ -s "$share/$f" ] && cp "$share/$f" "$gdir/"
	done
	# Cells the guest never reached (it died, timed out, or failed to set
	# up) are failed cells, pointing at the launcher's log.
	why=$(grep -a '^launch: ' "$gdir/launch.log" | tail -n 1 || true)
	[ $rc -eq 0 ] || log "guest $bdir: launcher exited $rc: ${why:-see $gdir/launch.log}"
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
	done_cells=$((done_cells + ncells))
	rm -rf "$share"
done

# What each window costs the guest's memory, and the share of the cells'
# time in measured I/O, are the report's to work out (reports/src/wmem.c,
# load.c) from what the guests and cells recorded.
secs=$(($(date +%s) - start))
{
	echo "${part:+part${part}_}wall_seconds=$secs"
	echo "${part:+part${part}_}lock_wait_seconds=$waited"
} >> "$out/matrix"
# This matrix's cells only (an appended one has others beside them).
count() {
	local p
	for p in "${plans[@]}"; do ds_plan_cells <<< "$p"; done |
		sed "s|^|$out/cells/|; s|\$|/status|" | xargs cat | grep -c "^status=$1" || true
}
ok=$(count ok) unsup=$(count unsupported) failed=$(count failed)
log "done in $((secs / 60))m$((secs % 60))s ($((waited / 60))m$((waited % 60))s of it waiting for" \
	"other guests): $ok ok, $unsup not supported, $failed failed"
# The runner only runs and records: the report is one step of its own
# (reports/make-report.sh), run once by make bench, make tune and make ab.
echo "results: $out"
[ "$failed" -eq 0 ]
