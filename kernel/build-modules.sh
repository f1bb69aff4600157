#!/usr/bin/env bash
# Build the guest's fuse.ko and virtiofs.ko with the kernel/patches series:
# Debian's linux-source for the guest kernel, the series applied with git am
# onto a pristine tag (so it is proven to apply), fs/fuse built out of tree
# against the matching linux-headers, module BTF added with pahole against the
# guest's vmlinux. Outputs are cached under $DS_CACHE/modules-<hash>, keyed by
# the kernel version, the patches and these scripts. Prints the output
# directory; logs go to stderr.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/kernel/lib.sh"

ds_kernel_begin
hash=$(ds_hash "linux $KPKG $KVER" "${PATCHES[@]}" "$0" "$DS_ROOT/kernel/lib.sh")
out=$DS_CACHE/modules-$hash
if [ -f "$out/fuse.ko" ] && [ -f "$out/virtiofs.ko" ] && [ -f "$out/manifest" ]; then
	echo "$out"
	exit 0
fi

ds_need_pkgs git make gcc-12 dwarves bpftool binutils kmod xz-utils
ds_kernel_need_version "linux-headers-$KABI" "$KVER"
KDIR=/usr/src/linux-headers-$KABI
[ -f "$KDIR/.config" ] || die "no $KDIR/.config"
# The C code follows the headers' autoconf.h, the Makefile our overrides
# below: they must agree.
for c in CONFIG_FUSE_FS=m CONFIG_VIRTIO_FS=m CONFIG_FUSE_DAX=y CONFIG_DEBUG_INFO_BTF_MODULES=y; do
	grep -qx "$c" "$KDIR/.config" || die "$KABI is not built with $c"
done
src=$(ds_kernel_source)

ds_wait_builds
start=$EPOCHREALTIME

ds_git_am "$src" "${PATCHES[@]}" ||
	die "kernel/patches do not apply to linux-source-$KSERIES $KVER (see kernel/check-patches.sh)"

# Out of tree: a copy of fs/fuse built against the headers. A fresh copy
# each time, so nothing from an earlier series survives.
bdir=$DS_KLIB_DIR/build
rm -rf "$bdir"
mkdir -p "$bdir"
cp -a "$src/fs/fuse/." "$bdir/"
log "building fuse.ko and virtiofs.ko for $KABI ($KVER, ${#PATCHES[@]} patches)"
# kbuild's "Skipping BTF generation" notes are dropped: BTF is added below.
if ! make -s -C "$KDIR" M="$bdir" -j"$(nproc)" CONFIG_FUSE_FS=m CONFIG_VIRTIO_FS=m \
	CONFIG_FUSE_DAX=y CONFIG_CUSE= modules 2>&1 |
	{ grep -v '^Skipping BTF generation' || true; } >&2; then
	die "module build failed"
fi

# kbuild adds module BTF only when it finds vmlinux in the kernel tree, which
# the headers package lacks: run its pahole step ourselves, against the
# guest kernel's vmlinux from the image builder. fuse has no BTF_ID sets, so
# kbuild's resolve_btfids step would have nothing to do.
ds_resolve image || die "vm/build-image.sh failed"
img=$(ds_built image)
vmlinux=$img/vmlinux
[ -f "$vmlinux" ] || die "no vmlinux in $img"
read -r img_abi img_kver < "$img/kernel-version"
[ "$img_abi $img_kver" = "$KABI $KVER" ] ||
	die "guest image has $img_abi $img_kver, modules are for $KABI $KVER"
pahole_flags=$(PAHOLE=pahole sh "$KDIR/scripts/pahole-flags.sh")
for m in fuse virtiofs; do
	# shellcheck disable=SC2086 # the flags are separate words
	LLVM_OBJCOPY=objcopy pahole -J $pahole_flags --btf_base "$vmlinux" "$bdir/$m.ko" >&2 ||
		die "pahole failed on $m.ko"
	bpftool btf dump file "$bdir/$m.ko" --base-btf "$vmlinux" > /dev/null ||
		die "$m.ko has no usable BTF"
done
vermagic=$(modinfo -F vermagic "$bdir/fuse.ko")
[ "${vermagic%% *}" = "$KABI" ] || die "fuse.ko has vermagic '$vermagic', not $KABI"

rm -rf "$out.tmp"
mkdir -p "$out.tmp"
cp "$bdir/fuse.ko" "$bdir/virtiofs.ko" "$out.tmp/"
secs=$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000000 ))
{
	echo "kernel_abi=$KABI"
	echo "kernel_version=$KVER"
	echo "hash=$hash"
	echo "source_head=$(git -C "$src" rev-parse --short HEAD)"
	echo "patches=$(for p in "${PATCHES[@]}"; do basename "$p"; done | tr '\n' ' ')"
	echo "btf_base=$vmlinux"
	echo "fuse_ko_sha256=$(sha256sum < "$out.tmp/fuse.ko" | cut -c1-16)"
	echo "virtiofs_ko_sha256=$(sha256sum < "$out.tmp/virtiofs.ko" | cut -c1-16)"
	echo "build_seconds=$secs"
} > "$out.tmp/manifest"
rm -rf "$out"
mv "$out.tmp" "$out"
ds_prune "$DS_CACHE/modules-*/"
log "modules built in $secs s: $KABI $KVER"
echo "$out"
