#!/usr/bin/env bash
# Build the DAX tools (daxstat): each BPF object against the guest kernel's
# BTF (vmlinux from vm/build-image.sh), its skeleton, and its loader. Outputs
# go to $DS_CACHE/collectors-<hash> (never into the work tree): the tools, and
# lib/ with the shared libraries they need that the guest image lacks. Prints
# that directory; logs go to stderr.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

ds_need_pkgs make gcc clang llvm bpftool cpio libbpf-dev libelf-dev zlib1g-dev \
	libjson-c-dev libmicrohttpd-dev
ds_resolve image || die "vm/build-image.sh failed"
img=$(ds_built image)
# DS_SANITIZE=1: an ASan+UBSan build (its flags are part of the key).
san=$(ds_sanitize_flags)
# Keyed by the sources and the image: trees with other sources (other
# branches, other work trees) never share, nor mix, build outputs.
out=$DS_CACHE/collectors-$(ds_hash "$img" "$0" "$DS_ROOT"/collectors/Makefile \
	"$DS_ROOT"/collectors/*.[ch] "$DS_ROOT"/bpf/*.[ch] "$DS_ROOT"/sim/*.[ch] "cflags $san")
mkdir -p "$out"
# One build at a time (2 cores; a second caller just waits for the first).
exec 9>"$out/.lock"
flock 9
make -s -C "$DS_ROOT/collectors" OUT="$out" VMLINUX="$img/vmlinux" SANFLAGS="$san" >&2 ||
	die "building daxstat failed"

# The guest runs the binary from the share: give it every shared library
# that base.cpio does not have (today only libmicrohttpd). The list of what
# the image has is kept per image.
list=$out/.base-libs-$(basename "$img")
if [ ! -f "$list" ]; then
	rm -f "$out"/.base-libs-*
	cpio -t --quiet < "$img/base.cpio" | sed -n 's|.*/||p' | sort -u > "$list.tmp"
	mv "$list.tmp" "$list"
fi
rm -rf "$out/lib.tmp"
mkdir -p "$out/lib.tmp"
for lib in $(ldd "$out/daxstat" | awk '$2 == "=>" && $3 ~ /^\// {print $3}'); do
	grep -qx "$(basename "$lib")" "$list" || cp -L "$lib" "$out/lib.tmp/"
done
rm -rf "$out/lib"
mv "$out/lib.tmp" "$out/lib"
ds_prune "$DS_CACHE/collectors-*/"
echo "$out"
