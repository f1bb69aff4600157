#!/usr/bin/env bash
# daxstat's error cases each print one line saying what is missing and exit
# non-zero: no virtio-fs DAX mount (and -m on a non-DAX or non-mount path),
# a fuse module without BTF, a function inlined away (test hook), no
# permission to load BPF, tracepoints asked for on a stock module. What
# still works is checked too: --partial traces the rest, and a patched
# module without BTF is counted from raw tracepoints.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bpf-helpers.sh"
ds_need_pkgs binutils cpio

# expect_error SHARE NAME PATTERN: non-zero status, one stderr line matching.
expect_error() {
	local rc err
	rc=$(guest_rc "$1" "$2")
	err=$1/out/$2.err
	[ "$rc" != 0 ] || fail "$2: daxstat exited 0"
	expect_eq "$2: stderr lines" "$(wc -l < "$err")" 1
	grep -q -- "$3" "$err" || fail "$2: stderr does not say '$3': $(cat "$err")"
	echo "$2 (exit $rc): $(cat "$err")"
}

# 1. DAX mount, stock module.
share=$(bpf_share)
bpf_script "$T_WORK/s1" bpf-errors.sh
"$LAUNCH" --mode dax --window 64M --share "$share" --timeout 600 --script "$T_WORK/s1" ||
	fail "guest 1 exited $?"
expect_error "$share" inlined "fuse_setup_one_mapping is not attachable.*--partial"
expect_error "$share" noperm "not permitted to load BPF"
expect_error "$share" notmount "/tmp is not a virtio-fs mount"
expect_error "$share" notp "no fuse_dax tracepoints"
expect_eq "partial: exit status" "$(guest_rc "$share" partial)" 0
grep -q "fuse_setup_one_mapping not attachable" "$share/out/partial.err" ||
	fail "partial: no notice of what is unavailable"
expect_counters "$share/out/partial.out" iomap_begin=8 new_mappings=null upgrades=null \
	hits=null mapped=8 removed_ranges=1 dropped=0
expect_eq "partial: setup histogram" \
	"$(jq -c 'select(.type == "summary") | .histograms.setup' "$share/out/partial.out")" null

# 2. virtio-fs without DAX.
share=$(bpf_share)
bpf_script "$T_WORK/s2" bpf-errors-nodax.sh
"$LAUNCH" --mode none --share "$share" --timeout 300 --script "$T_WORK/s2" ||
	fail "guest 2 exited $?"
expect_error "$share" nodax "no virtio-fs DAX mount"
expect_error "$share" nodaxm "without DAX"

# 3. fuse.ko without BTF: the stock module (refused) and the patched one
# (raw tracepoints). virtiofs.ko comes with each.
img=$(ds_built image) || fail "vm/build-image.sh failed"
mkdir -p "$T_WORK/stock" "$T_WORK/x"
(cd "$T_WORK/x" && cpio -i --quiet -d 'lib/modules/stock/fuse.ko' \
	'lib/modules/stock/virtiofs.ko' < "$img/base.cpio")
cp "$T_WORK"/x/lib/modules/stock/*.ko "$T_WORK/stock/"
mods=$(patched_modules)
mkdir -p "$T_WORK/patched"
cp "$mods/fuse.ko" "$mods/virtiofs.ko" "$T_WORK/patched/"
for d in stock patched; do
	objcopy --remove-section=.BTF "$T_WORK/$d/fuse.ko"
	share=$(bpf_share)
	bpf_script "$T_WORK/s3" bpf-errors-nobtf.sh
	"$LAUNCH" --mode dax --window 64M --share "$share" --timeout 300 \
		--modules patched --patched-modules "$T_WORK/$d" --script "$T_WORK/s3" ||
		fail "guest 3 ($d fuse.ko without BTF) exited $?"
	if [ $d = stock ]; then
		expect_error "$share" nobtf "fuse module has no BTF"
	else
		expect_eq "raw tracepoints: exit status" "$(guest_rc "$share" nobtf)" 0
		grep -q "counting from raw tracepoints" "$share/out/nobtf.err" ||
			fail "raw tracepoints: no notice: $(cat "$share/out/nobtf.err")"
		expect_counters "$share/out/nobtf.out" iomap_begin=8 new_mappings=1 hits=7 \
			evicted_ranges=null faults=null dropped=0
		echo "patched fuse.ko without BTF: counted from raw tracepoints"
	fi
done
