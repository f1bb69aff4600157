#!/usr/bin/env bash
# Build the guest boot image: the current Debian 6.1 kernel as an ELF vmlinux
# (PVH-bootable, carries BTF) and an uncompressed initramfs base.cpio with
# busybox, fio, bpftool, the virtio-fs modules and vm/guest/init. Outputs are
# cached under $DS_CACHE/image-<hash>, keyed by the package versions, this
# script and the init. Prints the output directory; logs go to stderr.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/vm/kimage-lib.sh"

PKGS=(busybox-static fio bpftool cpio kmod binutils xz-utils)
INIT=$DS_ROOT/vm/guest/init
[ -f "$INIT" ] || die "missing $INIT"

mkdir -p "$DS_CACHE"
exec 9>"$DS_CACHE/image.lock"
flock 9

ds_need_pkgs "${PKGS[@]}"
# Debian's kernel flavor: amd64 (the default) or cloud-amd64, which many
# production VMs run.
flavor=${DS_KERNEL_FLAVOR:-amd64}
ds_check_flavor "$flavor" || exit 1

# The ABI package (linux-image-<abi>-<flavor>) is what the meta package
# points to in the apt lists (kernel/lib.sh asks apt, and remembers the
# answer); discover() sets kpkg, kver, abi and the cache dir out.
. "$DS_ROOT/kernel/lib.sh"
pkgver() { dpkg-query -W -f='${Version}' "$1"; }
discover() {
	ds_kernel_resolve "$flavor"
	kpkg=$KPKG kver=$KVER abi=$KABI
	local hash
	hash=$(ds_hash "kernel $kpkg $kver" "fio $(pkgver fio)" "bpftool $(pkgver bpftool)" \
		"busybox $(pkgver busybox-static)" "$0" "$DS_ROOT/vm/kimage-lib.sh" "$INIT")
	out=$DS_CACHE/image-$hash
}
cached() { [ -f "$out/base.cpio" ] && [ -f "$out/vmlinux" ] && [ -f "$out/kernel-version" ]; }

discover
cached && { echo "$out"; exit 0; }
# Building anyway: refresh the lists first so "current" means current (and
# so an old list does not point at a kernel the archive no longer has).
ds_apt apt-get update -qq || die "apt-get update failed"
# shellcheck disable=SC2034 # read by ds_need_pkgs (lib/common.sh)
DS_APT_UPDATED=1
discover
cached && { echo "$out"; exit 0; }

start=$(date +%s)
tmp=$(mktemp -d "$DS_CACHE/tmp-image.XXXX")
trap 'rm -rf "$tmp" "$out.tmp"' EXIT

ds_fetch_deb "$kpkg" "$kver" "$tmp" || exit 1
kdir=$tmp/pkg/lib/modules/$abi
[ -d "$kdir" ] || die "no modules for $abi in $kpkg"

log "extracting vmlinux"
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
ds_extract_vmlinux "$tmp/pkg/boot/vmlinuz-$abi" "$out.tmp/vmlinux" || die "extracting vmlinux failed"
ds_has_pvh "$out.tmp/vmlinux" || die "vmlinux has no PVH note"

root=$tmp/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,etc,dev,proc,sys,tmp,mnt/share,root,daxscope}
mkdir -p "$root/lib/modules/stock"
# The kernel opens /dev/console for PID 1's stdio before /init mounts devtmpfs.
mknod -m 600 "$root/dev/console" c 5 1
mknod -m 666 "$root/dev/null" c 1 3
ln -s /proc/mounts "$root/etc/mtab"
echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
echo "root:x:0:" > "$root/etc/group"

# Copy a dynamic executable and every library ldd resolves, at the same
# paths, so the guest's loader finds them via its built-in search dirs.
copy_elf() {
	local bin=$1 lib
	install -D -m 755 "$bin" "$root$bin"
	for lib in $(ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do
		[ -e "$root$lib" ] || install -D -m 755 "$(readlink -f "$lib")" "$root$lib"
	done
}
copy_elf /usr/bin/fio
copy_elf /usr/sbin/bpftool

install -m 755 /bin/busybox "$root/bin/busybox"
for a in $(/bin/busybox --list-full); do
	[ -e "$root/$a" ] || [ -L "$root/$a" ] || ln -s /bin/busybox "$root/$a"
done

# Modules: resolve the load order of virtiofs and its virtio-pci transport
# with depmod/modprobe run against the extracted tree (the package ships no
# modules.dep); built-ins are skipped by modprobe itself.
log "collecting modules"
depmod -b "$tmp/pkg" "$abi"
# /init reads load-order; fuse.ko and virtiofs.ko in it are taken from
# /lib/modules/$ds_modules, everything else from stock.
ds_collect_modules "$tmp/pkg" "$abi" "$root/lib/modules/stock" || die "collecting the modules failed"
for m in fuse.ko virtiofs.ko; do
	[ -f "$root/lib/modules/stock/$m" ] || die "$m missing from $kpkg"
done
mkdir -p "$root/lib/modules/patched"

install -m 755 "$INIT" "$root/init"

log "writing base.cpio"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet) > "$out.tmp/base.cpio"
echo "$abi $kver" > "$out.tmp/kernel-version"

rm -rf "$out"
mv "$out.tmp" "$out"
# Each image is ~100 MB; keep the newest eight: flavors and work trees share
# the cache, and a launcher that found its image may wait minutes for the
# guest lock before it reads it.
DS_KEEP_BUILDS=8 ds_prune "$DS_CACHE/image-*/"
log "image built in $(( $(date +%s) - start )) s: $abi $kver, base.cpio $(du -h "$out/base.cpio" | cut -f1)"
echo "$out"
