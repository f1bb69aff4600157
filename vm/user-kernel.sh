#!/usr/bin/env bash
# A user's guest kernel (vm/launch.sh --kernel FILE --kernel-modules DIR):
#   vm/user-kernel.sh check KERNEL MODULES MODE
#   vm/user-kernel.sh prepare KERNEL MODULES MODE ROOT
# check: can KERNEL (a bzImage or an ELF vmlinux) with the modules in
# MODULES (a lib/modules/<version> tree or a directory of .ko files; "none"
# when virtio-fs is built in) run a MODE (dax or none) guest? Prints
# key=value lines (kind, version, config, btf, btf_why); otherwise one line
# naming what is missing ("kernel lacks CONFIG_FUSE_DAX"), status 1.
# prepare: also puts the modules virtio-fs needs, in load order, into
# ROOT/lib/modules/stock/ (the guest's /init loads them from there).
# The kernel's config is read from a file beside it (FILE.config,
# config-<version> as in /boot, the build tree's .config), from the modules
# tree (build/.config), or from the image itself (CONFIG_IKCONFIG); without
# any, from what the modules show (virtiofs.ko, fuse.ko's DAX symbols).
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"
. "$DS_ROOT/vm/kimage-lib.sh"

no() { echo "$*" >&2; exit 1; }
[ $# -ge 4 ] || die "usage: vm/user-kernel.sh check|prepare KERNEL MODULES MODE [ROOT]"
action=$1 kernel=$2 mods=$3 mode=$4 root=${5:-}
[ -f "$kernel" ] || no "no such kernel: $kernel"
kind=$(ds_kernel_kind "$kernel")
[ -n "$kind" ] || no "$kernel is not a Linux kernel (neither a bzImage nor an ELF vmlinux)"
if [ "$mods" != none ]; then
	[ -d "$mods" ] || no "no such modules directory: $mods"
	mods=$(cd "$mods" && pwd)
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-kernel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The ELF image: the file itself, or the one inside the bzImage.
vmlinux=$kernel
if [ "$kind" = bzimage ]; then
	vmlinux=$tmp/vmlinux
	ds_extract_vmlinux "$kernel" "$vmlinux" 2> "$tmp/err" || no "$(head -n 1 "$tmp/err")"
else
	ds_has_pvh "$kernel" ||
		no "$kernel has no PVH entry note (CONFIG_PVH): QEMU cannot boot this vmlinux; give its bzImage"
	grep -q 'Machine:.*X86-64' <<< "$(readelf -h "$kernel" 2> /dev/null)" ||
		no "$kernel is not an x86-64 kernel"
fi
version=$(strings -n 8 "$vmlinux" | sed -n 's/^Linux version \([^ ]*\).*/\1/p' | head -n 1)
[ -n "$version" ] || no "$kernel is not a Linux kernel (no 'Linux version' banner)"

# ---- the kernel's config ------------------------------------------------
config='' config_src=''
dir=$(dirname "$kernel") base=$(basename "$kernel")
for c in "$kernel.config" "$dir/config-${base#vmlinu[xz]-}" "$dir/config-$version" "$dir/.config" \
	"$dir/../../../.config" ${mods:+"$mods/build/.config" "$mods/config"}; do
	[ "$mods" = none ] && [[ $c == none/* ]] && continue
	if [ -f "$c" ] && grep -q '^CONFIG_' "$c"; then
		config=$c config_src=$c
		break
	fi
done
if [ -z "$config" ]; then
	# CONFIG_IKCONFIG: the gzipped config between IKCFG_ST and IKCFG_ED.
	off=$(grep -abo IKCFG_ST "$vmlinux" | head -n 1 | cut -d: -f1 || true)
	if [ -n "$off" ]; then
		tail -c +$((off + 9)) "$vmlinux" | gzip -dc > "$tmp/ikconfig" 2> /dev/null || true
		if grep -q '^CONFIG_' "$tmp/ikconfig"; then
			config=$tmp/ikconfig config_src="built in (CONFIG_IKCONFIG)"
		fi
	fi
fi
cfg() { sed -n "s/^CONFIG_$1=//p" "$config" | head -n 1; }

# ---- the modules ----------------------------------------------------------
modfile() { # NAME: the module file in the modules directory, if any
	[ "$mods" = none ] || find -L "$mods" -name "$1.ko" -o -name "$1.ko.[xgz]*" 2> /dev/null | head -n 1
}
vfs_ko=$(modfile virtiofs) fuse_ko=$(modfile fuse)
if [ -n "$vfs_ko" ]; then
	mver=$(modinfo -F vermagic "$vfs_ko" 2> /dev/null | cut -d' ' -f1)
	[ "$mver" = "$version" ] || no "the modules in $mods are for ${mver:-an unknown kernel}, the kernel is $version"
fi
# A module's symbols or sections, compressed or not.

if [ -n "$config" ]; then
	for opt in VIRTIO_PCI VIRTIO_FS; do
		case $(cfg $opt) in y | m) ;; *) no "kernel lacks CONFIG_$opt (see $config_src)" ;; esac
	done
	[ "$mode" != dax ] || [ "$(cfg FUSE_DAX)" = y ] || no "kernel lacks CONFIG_FUSE_DAX (see $config_src)"
	for opt in VIRTIO_PCI:virtio_pci VIRTIO_FS:virtiofs FUSE_FS:fuse; do
		[ "$(cfg "${opt%%:*}")" = m ] || continue
		[ -n "$(modfile "${opt#*:}")" ] ||
			no "kernel builds CONFIG_${opt%%:*} as a module, but ${opt#*:}.ko is not in --kernel-modules ${mods}"
	done
	btf=yes btf_why=''
	if [ "$(cfg DEBUG_INFO_BTF)" != y ]; then
		btf=no btf_why="kernel lacks CONFIG_DEBUG_INFO_BTF"
	elif [ "$(cfg FUSE_FS)" = m ] && [ "$(cfg DEBUG_INFO_BTF_MODULES)" != y ]; then
		btf=no btf_why="kernel lacks CONFIG_DEBUG_INFO_BTF_MODULES (fuse is a module)"
	fi
else
	# No config anywhere: judge by the modules, or refuse.
	[ -n "$vfs_ko" ] && [ -n "$fuse_ko" ] ||
		no "cannot tell whether $kernel has CONFIG_VIRTIO_FS and CONFIG_FUSE_DAX: no config beside it ($base.config, config-$version, .config), none built in (CONFIG_IKCONFIG), and no fuse.ko and virtiofs.ko in --kernel-modules"
	config_src="none (judged by fuse.ko and virtiofs.ko)"
	ds_ko_cat "$fuse_ko" > "$tmp/fuse.ko"
	[ "$mode" != dax ] || grep -q ' fuse_dax_conn_alloc$' <<< "$(nm "$tmp/fuse.ko" 2> /dev/null)" ||
		no "kernel lacks CONFIG_FUSE_DAX (fuse.ko has no fuse_dax_conn_alloc)"
	btf=yes btf_why=''
	grep -q ' \.BTF ' <<< "$(readelf -S "$vmlinux")" || { btf=no btf_why="kernel lacks CONFIG_DEBUG_INFO_BTF (no .BTF section)"; }
	[ $btf = no ] || grep -q ' \.BTF ' <<< "$(readelf -S "$tmp/fuse.ko")" ||
		{ btf=no btf_why="kernel lacks CONFIG_DEBUG_INFO_BTF_MODULES (fuse.ko has no .BTF section)"; }
fi

if [ "$action" = prepare ]; then
	[ -n "$root" ] || die "prepare needs ROOT"
	dest=$root/lib/modules/stock
	mkdir -p "$dest"
	if [ "$mods" = none ]; then
		: > "$dest/load-order"
	else
		# modprobe resolves the load order in a tree of links to the
		# user's modules, so that depmod never writes into their directory.
		mkdir -p "$tmp/base/lib/modules/$version"
		cp -rs "$mods/." "$tmp/base/lib/modules/$version/"
		[ -f "$mods/modules.dep" ] || depmod -b "$tmp/base" "$version" 2> /dev/null ||
			no "depmod failed on $mods"
		ds_collect_modules "$tmp/base" "$version" "$dest" 2> "$tmp/err" || no "$(head -n 1 "$tmp/err")"
	fi
fi
printf 'kind=%s\nversion=%s\nconfig=%s\nbtf=%s\nbtf_why=%s\n' "$kind" "$version" "$config_src" "$btf" "$btf_why"
