#!/usr/bin/env bash
# Debian's kernel of one flavor, as a user's kernel looks on disk:
#   kernel/fetch-flavor.sh [FLAVOR]      (default $DS_KERNEL_FLAVOR, else amd64)
# Downloads the current linux-image-<abi>-FLAVOR package (version found in
# the apt lists), extracts it under $DS_CACHE/kernel-<abi>-<version>, adds
# modules.dep (the package ships none) and prints that directory: boot/
# vmlinuz-<abi> (a bzImage), boot/config-<abi> beside it, lib/modules/<abi>.
# Use it for `vm/launch.sh --kernel DIR/boot/vmlinuz-<abi> --kernel-modules
# DIR/lib/modules/<abi>`. Logs go to stderr.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/vm/kimage-lib.sh"
. "$DS_ROOT/kernel/lib.sh"

flavor=${1:-${DS_KERNEL_FLAVOR:-amd64}}
ds_check_flavor "$flavor" || exit 2
ds_need_pkgs kmod xz-utils
ds_kernel_resolve "$flavor"
kpkg=$KPKG kver=$KVER abi=$KABI
out=$DS_CACHE/kernel-$abi-$kver
if [ -f "$out/boot/vmlinuz-$abi" ] && [ -f "$out/lib/modules/$abi/modules.dep" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$DS_CACHE"
exec 9> "$DS_CACHE/kernel-fetch.lock"
flock 9
tmp=$(mktemp -d "$DS_CACHE/tmp-kernel.XXXX")
trap 'rm -rf "$tmp"' EXIT
ds_fetch_deb "$kpkg" "$kver" "$tmp" || exit 1
[ -f "$tmp/pkg/boot/vmlinuz-$abi" ] || die "no boot/vmlinuz-$abi in $kpkg"
depmod -b "$tmp/pkg" "$abi"
rm -rf "$out"
mv "$tmp/pkg" "$out"
# Each tree is a few hundred MB; keep the newest few.
DS_KEEP_BUILDS=3 ds_prune "$DS_CACHE/kernel-*/"
echo "$out"
