#!/usr/bin/env bash
# Scale profiles (workloads/profile.sh through scale.env): default is today's
# make bench, quick is smaller, full is sized from this host; a DS_* variable
# set in the environment wins over every profile; an unknown profile is
# refused in one line.
. "$(dirname "$0")/lib.sh"

# scale PROFILE [VAR=VALUE...] -- NAME...: the values scale.env gives.
scale() {
	local p=$1
	shift
	env -i PATH="$PATH" HOME="$HOME" DS_PROFILE="$p" "$@" bash -c \
		'. "$0/lib/common.sh"; . "$DS_ROOT/workloads/scale.env"; echo "$DS_SIZE $DS_RUNTIME $DS_REPEATS $DS_WINDOW $DS_GUEST_MEM $DS_CPUS $DS_TUNE_WINDOWS"' \
		"$DS_ROOT"
}
expect_eq "default profile" "$(scale default)" "32M 1 3 64M 2G 2 16M,32M,64M,128M,256M"
expect_eq "quick profile" "$(scale quick)" "16M 1 1 64M 2G 2 16M,64M"
read -r size runtime repeats window mem cpus windows <<< "$(scale full)"
host_cpus=$(nproc)
[ "$host_cpus" -le 16 ] || host_cpus=16
expect_eq "full: vCPUs from the host" "$cpus" "$host_cpus"
host_gib=$(awk '/^MemTotal:/ { printf "%d", $2 / 1048576 / 2 }' /proc/meminfo)
[ "$host_gib" -ge 2 ] || host_gib=2
expect_eq "full: guest memory, half the host's" "$mem" "${host_gib}G"
expect_eq "full: runtime" "$runtime" 30
expect_eq "full: repeats" "$repeats" 3
mib=${size%M}
[ "$mib" -ge 1024 ] && [ $((mib * 4)) -le $((host_gib * 1024)) ] ||
	fail "full: working set $size does not fit a quarter of a ${mem} guest or is under 1G"
expect_eq "full: window equals the working set" "$window" "$size"
expect_eq "full: window sweep around the working set" "$windows" \
	"$((mib / 4))M,$((mib / 2))M,${mib}M,$((mib * 2))M,$((mib * 4))M"
expect_eq "an override wins over full" "$(scale full DS_RUNTIME=7 DS_CPUS=1 | cut -d' ' -f2,6)" "7 1"
expect_eq "an override wins over quick" "$(scale quick DS_REPEATS=5 | cut -d' ' -f3)" 5
rc=0
err=$(scale huge 2>&1) || rc=$?
expect_eq "unknown profile: status" "$rc" 2
expect_eq "unknown profile: message" "$err" \
	"workloads/scale.env: unknown DS_PROFILE: huge (quick, default or full)"
