#!/usr/bin/env bash
# Resolve the guest accelerator:  vm/accel.sh auto|kvm|tcg QEMU VMLINUX
# Prints kvm or tcg. auto uses KVM only where a guest really runs under it:
# a short probe boot (a busybox initramfs that prints a marker on the serial
# console) judged by a time limit, because on a PVM host /dev/kvm exists but
# a normal guest hangs after the firmware. The verdict is kept for this boot
# of the host (keyed by its boot_id), so the probe runs once per host boot.
# Why auto falls back to TCG, or why kvm cannot work, is one line on stderr;
# kvm that cannot work exits 1.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/vm/accel-lib.sh"
. "$DS_ROOT/vm/host-stack-lib.sh"

[ $# -eq 3 ] || die "usage: vm/accel.sh auto|kvm|tcg QEMU VMLINUX"
req=$1 qemu=$2 vmlinux=$3
case $req in
tcg) echo tcg; exit 0 ;;
auto | kvm) ;;
*) ds_accel_choose "$req" ok > /dev/null; exit 2 ;;
esac
PROBE_SECS=${DS_ACCEL_PROBE_SECS:-10}

# The probe: a 1-vCPU guest with the image's kernel and an initramfs of
# busybox and an /init that prints the marker and powers off.
probe() {
	local tmp rc=0
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-accel.XXXXXX")
	mkdir -p "$tmp/root/bin" "$tmp/root/dev"
	cp /bin/busybox "$tmp/root/bin/busybox"
	printf '%s\n' '#!/bin/busybox sh' \
		'/bin/busybox mount -t devtmpfs dev /dev' \
		"/bin/busybox echo $DS_ACCEL_MARKER > /dev/ttyS0" \
		'/bin/busybox poweroff -f' > "$tmp/root/init"
	chmod 755 "$tmp/root/init"
	(cd "$tmp/root" && find . -mindepth 1 | cpio -o -H newc -R 0:0 --quiet) > "$tmp/initrd"
	# shellcheck disable=SC2046 # the accelerator's and common options are words
	timeout -k 2 "$PROBE_SECS" "$qemu" $(ds_accel_qemu_args kvm) -smp 1 -m 256M $(ds_qemu_common_args) \
		-chardev file,id=con,path="$tmp/console" -serial chardev:con \
		-kernel "$vmlinux" -initrd "$tmp/initrd" -append "console=ttyS0 quiet panic=-1" \
		< /dev/null > "$tmp/qemu.log" 2>&1 || rc=$?
	ds_accel_judge "$rc" "$tmp/console" "$tmp/qemu.log" "$PROBE_SECS" "$(ds_host_pvm)"
	rm -rf "$tmp"
}

verdict=$(ds_accel_device_verdict "$(ds_host_kvm_dev)" "$(id -un)")
if [ -z "$verdict" ]; then
	cache=$(ds_accel_cache_file)
	mkdir -p "$(dirname "$cache")"
	exec 9> "$(dirname "$cache")/.lock"
	flock 9
	[ -s "$cache" ] && verdict=$(head -n 1 "$cache")
	if [ -z "$verdict" ]; then
		[ -x "$qemu" ] && [ -f "$vmlinux" ] || die "accel: no QEMU ($qemu) or kernel ($vmlinux) to probe KVM with"
		verdict=$(probe)
		echo "$verdict" > "$cache"
	fi
	exec 9>&-
fi
ds_accel_choose "$req" "$verdict"
