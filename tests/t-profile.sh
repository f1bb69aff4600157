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
		'. "$0/lib/common.sh"; . "$DS_ROOT/workloads/scale.env"; echo "$DS_SIZE $DS_RUNTIME $DS_REPEATS $DS_WINDOW $DS_GUEST_MEM $DS_CPUS $DS_TUNE_WINDOWS $DS_BOOTS"' \
		"$DS_ROOT"
}
expect_eq "default profile" "$(scale default)" "32M 1 4 64M 2G 2 16M,32M,64M,128M,256M 3"
expect_eq "quick profile" "$(scale quick)" "16M 1 1 64M 2G 2 16M,64M 1"
# The full profile is sized from the host's facts (lib/host-facts.sh),
# supplied here for hosts of every size rather than read from this one.
# Worked out by hand: guest memory = half the host's whole GiB, within
# 2G..64G; working set = the largest power of two (from 256M) within a
# quarter of the guest; vCPUs = the host's, at most 16.
#   host 1 GiB:   half is 0G -> 2G; a quarter is 512M -> 512M
#   host 4 GiB:   2G; 512M
#   host 24 GiB:  12G; a quarter is 3072M -> 2048M
#   host 23.4 GiB (24514196 KiB, this kind of machine): 11G; 2816M -> 2048M
#   host 512 GiB: 256G -> 64G; 16384M -> 16384M
#   3 CPUs -> 3; 64 CPUs -> 16
full_on() { scale full DS_HOST_MEM_KIB="$1" DS_HOST_CPUS="$2" | cut -d' ' -f1,5,6,7; }
expect_eq "full on a 1 GiB host" "$(full_on 1048576 2)" "512M 2G 2 128M,256M,512M,1024M,2048M"
expect_eq "full on a 4 GiB host" "$(full_on 4194304 3)" "512M 2G 3 128M,256M,512M,1024M,2048M"
expect_eq "full on a 24 GiB host" "$(full_on 25165824 2)" "2048M 12G 2 512M,1024M,2048M,4096M,8192M"
expect_eq "full on a 23.4 GiB host" "$(full_on 24514196 2)" "2048M 11G 2 512M,1024M,2048M,4096M,8192M"
expect_eq "full on a 512 GiB host" "$(full_on 536870912 64)" \
	"16384M 64G 16 4096M,8192M,16384M,32768M,65536M"
# And on this host, whatever it is: the same rules hold.
read -r size runtime repeats window mem cpus windows boots <<< "$(scale full)"
expect_eq "full: runtime" "$runtime" 30
expect_eq "full: repeats" "$repeats" 3
expect_eq "full: boots" "$boots" 3
expect_eq "full: window equals the working set" "$window" "$size"
mib=${size%M} gib=${mem%G}
[ $((mib * 4)) -le $((gib * 1024)) ] && [ $((mib * 8)) -gt $((gib * 1024)) ] ||
	fail "full: working set $size is not the largest power of two within a quarter of $mem"
expect_eq "an override wins over full" "$(scale full DS_RUNTIME=7 DS_CPUS=1 | cut -d' ' -f2,6)" "7 1"
expect_eq "an override wins over quick" "$(scale quick DS_REPEATS=5 | cut -d' ' -f3)" 5
rc=0
err=$(scale huge 2>&1) || rc=$?
expect_eq "unknown profile: status" "$rc" 2
expect_eq "unknown profile: message" "$err" \
	"workloads/scale.env: unknown DS_PROFILE: huge (quick, default or full)"
