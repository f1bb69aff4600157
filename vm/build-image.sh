#!/usr/bin/env bash
# Build the guest boot image: the current Debian 6.1 kernel as an ELF vmlinux
# (PVH-bootable, carries BTF) and an uncompressed initramfs base.cpio with
# busybox, fio, bpftool, the virtio-fs modules and vm/guest/init. Outputs are
# cached under $DS_CACHE/image-<hash>, keyed by the package versions, this
# script and the init. Prints the output directory; logs go to stderr.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

PKGS=(busybox-static fio bpftool cpio kmod binutils xz-utils)
INIT=$DS_ROOT/vm/guest/init
[ -f "$INIT" ] || die "missing $INIT"

mkdir -p "$DS_CACHE"
exec 9>"$DS_CACHE/image.lock"
flock 9

ds_need_pkgs "${PKGS[@]}"

# The ABI package (linux-image-<abi>-amd64) is what the meta package points
# to in the apt lists (kernel/lib.sh asks apt, and remembers the answer);
# discover() sets kpkg, kver, abi and the cache dir out.
. "$DS_ROOT/kernel/lib.sh"
pkgver() { dpkg-query -W -f='${Version}' "$1"; }
discover() {
	ds_kernel_resolve
	kpkg=$KPKG kver=$KVER abi=$KABI
	local hash
	hash=$(ds_hash "kernel $kpkg $kver" "fio $(pkgver fio)" "bpftool $(pkgver bpftool)" \
		"busybox $(pkgver busybox-static)" "$0" "$INIT")
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

log "downloading $kpkg $kver"
# apt warns that it downloads unsandboxed into our root-only dir: harmless.
(cd "$tmp" && ds_apt apt-get download -qq "$kpkg=$kver") 2>&1 | { grep -v unsandboxed || true; } >&2
ls "$tmp"/"$kpkg"_*.deb > /dev/null 2>&1 || die "apt-get download $kpkg failed"
dpkg-deb -x "$tmp"/"$kpkg"_*.deb "$tmp/pkg"
kdir=$tmp/pkg/lib/modules/$abi
[ -d "$kdir" ] || die "no modules for $abi in $kpkg"

# u32/u8 little-endian at a byte offset of a file.
le() { od -An -tu"$3" -j "$2" -N "$3" "$1" | tr -d ' '; }

# The bzImage setup header says where the compressed payload is
# (setup_sects at 0x1f1, payload_offset/length at 0x248/0x24c, boot protocol
# >= 2.08); the payload ends with the 4-byte uncompressed size, which we use to
# check the result.
extract_vmlinux() {
	local bz=$1 dst=$2 sects off len magic size
	[ "$(dd if="$bz" bs=1 skip=$((0x202)) count=4 status=none)" = HdrS ] ||
		die "$bz is not a bzImage"
	sects=$(le "$bz" $((0x1f1)) 1)
	off=$(( (sects + 1) * 512 + $(le "$bz" $((0x248)) 4) ))
	len=$(le "$bz" $((0x24c)) 4)
	magic=$(od -An -tx1 -j "$off" -N 4 "$bz" | tr -d ' ')
	local dec
	case $magic in
	fd377a58) dec="xz -dc" ;;
	1f8b*) dec="gzip -dc" ;;
	28b52ffd) ds_need_pkgs zstd; dec="zstd -dcq" ;;
	*) die "unknown kernel compression (magic $magic)" ;;
	esac
	dd if="$bz" iflag=skip_bytes,count_bytes skip="$off" count=$((len - 4)) \
		bs=1M status=none | $dec > "$dst" ||
		die "decompressing the kernel failed"
	size=$(le "$bz" $((off + len - 4)) 4)
	[ "$(stat -c %s "$dst")" = "$size" ] || die "vmlinux size mismatch (want $size)"
	[ "$(head -c 4 "$dst" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] || die "vmlinux is not ELF"
	# XEN_ELFNOTE_PHYS32_ENTRY (0x12) is the PVH entry point QEMU needs.
	readelf -n "$dst" | grep -q 'Xen.*(0x00000012)' || die "vmlinux has no PVH note"
}

log "extracting vmlinux"
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
extract_vmlinux "$tmp/pkg/boot/vmlinuz-$abi" "$out.tmp/vmlinux"

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
order=()
while read -r verb path _; do
	[ "$verb" = insmod ] || continue
	name=$(basename "$path")
	case $name in
	*.ko.xz) xz -dc "$path" > "$root/lib/modules/stock/${name%.xz}"; name=${name%.xz} ;;
	*.ko.zst) ds_need_pkgs zstd; zstd -dcq "$path" > "$root/lib/modules/stock/${name%.zst}"; name=${name%.zst} ;;
	*.ko.gz) gzip -dc "$path" > "$root/lib/modules/stock/${name%.gz}"; name=${name%.gz} ;;
	*.ko) cp "$path" "$root/lib/modules/stock/$name" ;;
	*) die "unexpected module file $path" ;;
	esac
	case " ${order[*]} " in *" $name "*) ;; *) order+=("$name") ;; esac
done < <(modprobe -d "$tmp/pkg" -S "$abi" -a --show-depends virtiofs virtio_pci)
for m in fuse.ko virtiofs.ko; do
	[ -f "$root/lib/modules/stock/$m" ] || die "$m missing from $kpkg"
done
# /init reads this list; fuse.ko and virtiofs.ko in it are taken from
# /lib/modules/$ds_modules, everything else from stock.
printf '%s\n' "${order[@]}" > "$root/lib/modules/stock/load-order"
mkdir -p "$root/lib/modules/patched"

install -m 755 "$INIT" "$root/init"

log "writing base.cpio"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet) > "$out.tmp/base.cpio"
echo "$abi $kver" > "$out.tmp/kernel-version"

rm -rf "$out"
mv "$out.tmp" "$out"
ds_prune "$DS_CACHE/image-*/"
log "image built in $(( $(date +%s) - start )) s: $abi $kver, base.cpio $(du -h "$out/base.cpio" | cut -f1)"
echo "$out"
