#!/usr/bin/env bash
# A user's guest kernel (--kernel/--kernel-modules), with Debian's cloud
# flavor's files as the user's (kernel/fetch-flavor.sh): a file that is not a
# kernel, and the same kernel beside a config without FUSE_DAX, are refused
# in one line before anything boots; the real one boots: its own modules are
# loaded, dax=always mounts, fio verify passes, and daxstat's exact-count test
# passes on it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bpf-helpers.sh"
. "$DS_ROOT/vm/kimage-lib.sh"
ds_need_pkgs prometheus
kdir=$(bash "$DS_ROOT/kernel/fetch-flavor.sh" cloud-amd64) || fail "kernel/fetch-flavor.sh failed"
kver=$(ls "$kdir/lib/modules")
kernel=$kdir/boot/vmlinuz-$kver
mods=$kdir/lib/modules/$kver
case $kver in *-cloud-amd64) ;; *) fail "not a cloud kernel: $kver" ;; esac

# refused WHAT WANT ARGS...: the launcher exits 2 within 10 s, one line.
refused() {
	local what=$1 want=$2 rc=0 err t0
	shift 2
	t0=$(date +%s)
	err=$("$LAUNCH" --mode dax --window 64M --share "$(new_share)" "$@" -- true 2>&1) || rc=$?
	expect_eq "$what: status" "$rc" 2
	expect_eq "$what: lines" "$(grep -c . <<< "$err")" 1
	[[ $err == *"$want"* ]] || fail "$what: error does not say '$want': $err"
	[ $(($(date +%s) - t0)) -le 10 ] || fail "$what: took more than 10 s"
	! running || fail "$what: a guest was started"
	echo "ok: $what -> $err"
}
refused "not a kernel" "is not a Linux kernel" --kernel /etc/hostname
cp "$kernel" "$T_WORK/vmlinuz-nodax"
sed 's/^CONFIG_FUSE_DAX=y/# CONFIG_FUSE_DAX is not set/' "$kdir/boot/config-$kver" > "$T_WORK/config-nodax"
refused "no FUSE_DAX" "kernel lacks CONFIG_FUSE_DAX" --kernel "$T_WORK/vmlinuz-nodax" --kernel-modules "$mods"

# The real guest: fio verify on dax=always, with the console kept to see
# which fuse.ko the guest loaded (insmod takes only its own kernel's).
share=$(new_share)
guest_verify dax 8M "$share" "$T_WORK/verify.stats" --window 64M --kernel "$kernel" \
	--kernel-modules "$mods" --log "$T_WORK/console.log"
ko=$(find "$mods" -name 'fuse.ko*' | head -n 1)
want=$(ds_ko_cat "$ko" | sha256sum | cut -c1-16)
grep -q "modules=stock fuse.ko=$want " "$T_WORK/console.log" ||
	fail "the guest did not load the cloud kernel's fuse.ko ($want): $(grep 'fuse.ko=' "$T_WORK/console.log")"

# daxstat's exact counts (as tests/t-bpf-counts.sh) on the cloud kernel.
share=$(bpf_share)
bpf_script "$T_WORK/script" bpf-counts.sh
"$LAUNCH" --mode dax --window 64M --share "$share" --stats "$T_WORK/stats" --timeout 600 \
	--kernel "$kernel" --kernel-modules "$mods" --script "$T_WORK/script" || fail "guest exited $?"
bpf_check_counts "$share" "$T_WORK/stats" stock
