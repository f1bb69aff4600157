# shellcheck shell=bash
# Scale profiles, sourced by workloads/scale.env before its defaults:
# DS_PROFILE=quick|default|full sets every DS_* variable of the table below
# that the environment has not set (DS_* overrides still win; "-" in the
# table keeps scale.env's value); "default"
# sets nothing, so scale.env's own values (today's make bench) apply.
#   quick    what the tests use: one repeat, small files, few sweep points
#   default  make bench on this 2-core TCG machine
#   full     the virtio-fs community benchmark parameters (4 KiB blocks,
#            iodepth 16, tens of seconds per cell, multi-GiB files, four
#            jobs in the -4f workloads, a window sweep around the working
#            set), with vCPUs, guest memory and window sized from the host
DS_PROFILE=${DS_PROFILE:-default}

# Host-sized values of the full profile ("@name" in the table).
# Guest memory: half the host's (lib/host-facts.sh), in whole GiB, between
# 2G and 64G.
ds_profile_guest_mem() {
	local g
	g=$(($(ds_host_mem_kib) / 1048576 / 2))
	[ "$g" -ge 2 ] || g=2
	[ "$g" -le 64 ] || g=64
	echo "${g}G"
}
# The working set: the largest power of two up to a quarter of the guest's
# memory, so that its tmpfs baseline fits (multi-GiB on hosts of 16 GiB and
# more; 512M in the smallest, 2G, guest).
ds_profile_size_mib() {
	local mem_mib=$(($(ds_profile_guest_mem | tr -d G) * 1024)) s=256
	while [ $((s * 2)) -le $((mem_mib / 4)) ]; do s=$((s * 2)); done
	echo "$s"
}
ds_profile_value() {
	local s n
	s=$(ds_profile_size_mib)
	case $1 in
	@cpus) n=$(ds_host_cpus); [ "$n" -le 16 ] || n=16; echo "$n" ;;
	@guest_mem) ds_profile_guest_mem ;;
	@size) echo "${s}M" ;;
	@append) echo "$((s / 4))M" ;;
	# The window equals the working set: ws-half, ws-2x and ws-4x then
	# sit at half, twice and four times it.
	@window) echo "${s}M" ;;
	# The sweep around the working set: a quarter of it to four times it.
	@tune_windows) echo "$((s / 4))M,$((s / 2))M,${s}M,$((s * 2))M,$((s * 4))M" ;;
	@range_window) echo "$((s * 2))M" ;;
	*) echo "$1" ;;
	esac
}

ds_profile_apply() {
	local col var quick full v
	case $DS_PROFILE in
	quick) col=2 ;; default) return 0 ;; full) col=3 ;;
	*) echo "workloads/scale.env: unknown DS_PROFILE: $DS_PROFILE (quick, default or full)" >&2
		exit 2 ;;
	esac
	while read -r var quick full; do
		case $var in '' | '#'*) continue ;; esac
		[ -z "${!var:-}" ] || continue
		if [ $col = 2 ]; then v=$quick; else v=$full; fi
		# "-": the profile keeps scale.env's default.
		[ "$v" != - ] || continue
		v=$(ds_profile_value "$v")
		printf -v "$var" '%s' "$v"
	done <<- 'EOF'
	# variable            quick         full
	DS_SIZE               16M           @size
	DS_APPEND_SIZE        4M            @append
	DS_RUNTIME            1             30
	DS_RAMP               0             5
	DS_IODEPTH            16            16
	DS_REPEATS            1             3
	DS_BOOTS              1             3
	DS_WINDOW             64M           @window
	DS_RANGE              2M            2M
	DS_TUNE_SIZE          32M           @size
	DS_TUNE_WINDOWS       16M,64M       @tune_windows
	DS_TUNE_RANGES        off           256K,512K,1M,2M,4M
	DS_TUNE_RANGE_WINDOW  64M           @range_window
	DS_TUNE_RUNTIME       1             30
	DS_TUNE_REPEATS       1             3
	DS_GUEST_MEM          2G            @guest_mem
	DS_CPUS               2             @cpus
	DS_LOG_MSEC           100           1000
	DS_DAXSTAT_INTERVAL   0.25          1
	DS_BENCH_RUNTIME      1             30
	DS_BENCH_WORKLOADS    -             all
	EOF
}
ds_profile_apply
