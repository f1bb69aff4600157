#!/usr/bin/env bash
# Build Debian's QEMU 7.2 with the daxscope patches (vm/qemu-patches): only
# qemu-system-x86_64 and virtiofsd. Outputs are cached under
# $DS_CACHE/qemu/out-<hash>, keyed by the source version, the patches and this
# script, so an unchanged tree costs a hash. Prints the output directory.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

PKGS=(dpkg-dev git meson ninja-build pkg-config python3-venv libglib2.0-dev
	libpixman-1-dev libcap-ng-dev libseccomp-dev libfdt-dev zlib1g-dev
	libslirp-dev seabios ipxe-qemu qemu-system-data)
Q=$DS_CACHE/qemu
mkdir -p "$Q"
exec 9>"$Q/lock"
flock 9

patches=("$DS_ROOT"/vm/qemu-patches/*.patch)
[ -e "${patches[0]}" ] || patches=()

fetch_source() {
	ds_enable_deb_src
	ds_need_pkgs "${PKGS[@]}"
	local tmp
	tmp=$(mktemp -d "$Q/fetch.XXXX")
	log "fetching Debian's qemu source"
	(cd "$tmp" && ds_apt apt-get source -qq qemu) ||
		die "apt-get source qemu failed (deb-src missing?)"
	rm -rf "$Q/src"
	mv "$tmp"/qemu-*/ "$Q/src"
	rm -rf "$tmp"
	ds_git_pristine "$Q/src" pristine
}

[ -d "$Q/src/.git" ] || fetch_source
version=$(dpkg-parsechangelog -l "$Q/src/debian/changelog" -S Version)
hash=$(ds_hash "qemu $version" "${patches[@]}" "$0")
out=$Q/out-$hash
if [ -x "$out/qemu-system-x86_64" ] && [ -x "$out/virtiofsd" ]; then
	echo "$out"
	exit 0
fi

ds_need_pkgs "${PKGS[@]}"
start=$(date +%s)
ds_git_am "$Q/src" "${patches[@]}" || die "QEMU patches do not apply to qemu $version"

if [ ! -f "$Q/build/build.ninja" ]; then
	mkdir -p "$Q/build"
	(cd "$Q/build" && PATH=/usr/bin:$PATH "$Q/src/configure" --meson=meson \
		--target-list=x86_64-softmmu --enable-vhost-user --enable-virtiofsd \
		--enable-seccomp --enable-cap-ng --enable-fdt=system --enable-slirp \
		--disable-docs --disable-werror --disable-install-blobs \
		--with-git-submodules=ignore --disable-gtk --disable-sdl --disable-vnc \
		--disable-opengl --disable-spice --disable-xen --disable-guest-agent \
		>&2) || die "QEMU configure failed"
fi
log "building qemu-system-x86_64 and virtiofsd ($version)"
ninja -C "$Q/build" qemu-system-x86_64 tools/virtiofsd/virtiofsd >&2 ||
	die "QEMU build failed"

rm -rf "$out.tmp"
mkdir -p "$out.tmp"
cp "$Q/build/qemu-system-x86_64" "$Q/build/tools/virtiofsd/virtiofsd" "$out.tmp/"
{
	echo "qemu_version=$version"
	echo "patch_hash=$hash"
	echo "patches=$(cd "$DS_ROOT/vm/qemu-patches" 2>/dev/null && ls ./*.patch 2>/dev/null | tr '\n' ' ')"
} > "$out.tmp/manifest"
rm -rf "$out"
mv "$out.tmp" "$out"
ds_prune "$Q/out-*"
log "QEMU build took $(( $(date +%s) - start )) s"
echo "$out"
