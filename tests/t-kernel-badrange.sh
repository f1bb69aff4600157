#!/usr/bin/env bash
# A dax_range= the patched virtiofs must refuse fails the mount with EINVAL
# and exactly one kernel log line naming the value and the rule: not a
# power of two (3M, and 0), below the page size (1K), larger than the 64 MiB
# window (128M), below the host's map alignment (1M against virtiofsd's
# -o map_alignment=21, i.e. 2M). The guest's /init reports the failed mount
# (the launcher exits 126) and prints the dmesg tail on the console.
. "$(dirname "$0")/lib.sh"

mods=$(ds_built modules) || fail "kernel/build-modules.sh failed"
share=$(new_share)

# bad RANGE EXPECTED_LINE [virtiofsd option]
bad() {
	local range=$1 want=$2 vfs=() console=$T_WORK/console-$1 rc=0 lines
	[ $# -ge 3 ] && vfs=(--virtiofsd-arg "$3")
	"$LAUNCH" --mode dax --window 64M --share "$share" --timeout 300 \
		--modules patched --patched-modules "$mods" --mntopts "dax_range=$range" \
		"${vfs[@]}" --log "$console" -- true 2> "$T_WORK/launch.err" || rc=$?
	expect_eq "dax_range=$range: launcher exit status (guest setup failed)" "$rc" 126
	grep -aq 'DAXSCOPE_SETUP_FAILED: mounting the virtio-fs share failed' "$console" ||
		fail "dax_range=$range: the mount did not fail: $(tail -n 3 "$console")"
	grep -aq 'failed: Invalid argument' "$console" ||
		fail "dax_range=$range: mount did not fail with EINVAL: $(grep -a 'mount:' "$console")"
	# The console has each kernel line twice (printed, then in the dmesg
	# tail), with the same timestamp: count distinct lines.
	lines=$(tr -d '\r' < "$console" | grep -a '^\[ *[0-9.]*\] ' | grep -ai 'dax' | sort -u)
	expect_eq "dax_range=$range: kernel log lines about dax" "$(echo "$lines" | grep -c .)" 1
	echo "$lines" | grep -qF "$want" || fail "dax_range=$range: expected '$want', got: $lines"
	echo "dax_range=$range: $lines"
}

bad 3M 'virtio-fs: dax_range=3M: must be a power of two'
bad 1K 'virtio-fs: dax_range=1K: must be at least the page size (4K)'
bad 0 'virtio-fs: dax_range=0: must be a power of two'
bad 128M 'virtio-fs: dax_range=128M: must not exceed the DAX window (64M)'
bad 1M "virtio-fs: dax_range=1M: must be at least the host's map alignment (2M)" -omap_alignment=21
