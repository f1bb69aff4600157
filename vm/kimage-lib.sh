# shellcheck shell=bash
# Guest kernel images and their modules, shared by vm/build-image.sh (the
# built image) and vm/user-kernel.sh (a user's --kernel). Source it after
# lib/common.sh. Failures print one line and return 1.

# u32/u8 little-endian at a byte offset of a file.
ds_le() { od -An -tu"$3" -j "$2" -N "$3" "$1" | tr -d ' '; }

# ds_kernel_kind FILE: bzimage, vmlinux (an ELF file) or nothing.
ds_kernel_kind() {
	if [ "$(dd if="$1" bs=1 skip=$((0x202)) count=4 status=none 2> /dev/null | tr -d '\0')" = HdrS ]; then
		echo bzimage
	elif [ "$(head -c 4 "$1" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
		echo vmlinux
	fi
}

# The bzImage setup header says where the compressed payload is
# (setup_sects at 0x1f1, payload_offset/length at 0x248/0x24c, boot protocol
# >= 2.08); the payload ends with the 4-byte uncompressed size, which we use to
# check the result.
ds_extract_vmlinux() {
	local bz=$1 dst=$2 sects off len magic size dec
	[ "$(ds_kernel_kind "$bz")" = bzimage ] || { echo "$bz is not a bzImage" >&2; return 1; }
	sects=$(ds_le "$bz" $((0x1f1)) 1)
	off=$(( (sects + 1) * 512 + $(ds_le "$bz" $((0x248)) 4) ))
	len=$(ds_le "$bz" $((0x24c)) 4)
	magic=$(od -An -tx1 -j "$off" -N 4 "$bz" | tr -d ' ')
	case $magic in
	fd377a58) dec="xz -dc" ;;
	1f8b*) dec="gzip -dc" ;;
	28b52ffd) ds_need_pkgs zstd; dec="zstd -dcq" ;;
	02214c18) ds_need_pkgs lz4; dec="lz4 -dcq" ;; # legacy frames (cloud-amd64)
	425a68*) dec="bzip2 -dc" ;;
	*) echo "unknown kernel compression in $bz (magic $magic)" >&2; return 1 ;;
	esac
	dd if="$bz" iflag=skip_bytes,count_bytes skip="$off" count=$((len - 4)) \
		bs=1M status=none | $dec > "$dst" ||
		{ echo "decompressing $bz failed" >&2; return 1; }
	size=$(ds_le "$bz" $((off + len - 4)) 4)
	[ "$(stat -c %s "$dst")" = "$size" ] || { echo "vmlinux of $bz: size mismatch (want $size)" >&2; return 1; }
	[ "$(ds_kernel_kind "$dst")" = vmlinux ] || { echo "vmlinux of $bz is not ELF" >&2; return 1; }
}

# ds_fetch_deb PKG VERSION DIR: Debian's package, downloaded into DIR and
# extracted into DIR/pkg.
ds_fetch_deb() {
	log "downloading $1 $2"
	# apt warns that it downloads unsandboxed into our root-only dir: harmless.
	(cd "$3" && ds_apt apt-get download -qq "$1=$2") 2>&1 | { grep -v unsandboxed || true; } >&2
	ls "$3/$1"_*.deb > /dev/null 2>&1 || { echo "apt-get download $1 failed" >&2; return 1; }
	dpkg-deb -x "$3/$1"_*.deb "$3/pkg"
}

# ds_has_pvh VMLINUX: XEN_ELFNOTE_PHYS32_ENTRY (0x12) is the PVH entry
# point QEMU needs to boot an ELF kernel.
ds_has_pvh() { grep -q 'Xen.*(0x00000012)' <<< "$(readelf -n "$1" 2> /dev/null)"; }

# ds_ko_cat FILE: a module file's contents, uncompressed (.ko, .ko.xz,
# .ko.zst, .ko.gz: Debian's trees and a user's may hold any of them).
ds_ko_cat() {
	case $1 in
	*.xz) xz -dc "$1" ;;
	*.zst) ds_need_pkgs zstd; zstd -dcq "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*.ko) cat "$1" ;;
	*) echo "unexpected module file $1" >&2; return 1 ;;
	esac
}

# ds_collect_modules BASE KVER DEST: the modules virtio-fs and its virtio-pci
# transport need, in load order, resolved by modprobe against BASE (a tree
# with lib/modules/KVER and its modules.dep), uncompressed into DEST, with
# DEST/load-order listing them; built-ins are skipped by modprobe itself.
# virtio-net (launch.sh --forward) follows when the tree has it: a user's
# kernel without it still runs every guest that needs no network.
ds_collect_modules() {
	local base=$1 kver=$2 dest=$3 verb path name order=()
	mkdir -p "$dest"
	while read -r verb path _; do
		[ "$verb" = insmod ] || continue
		name=$(basename "$path")
		name=${name%.ko*}.ko
		ds_ko_cat "$path" > "$dest/$name" || return 1
		case " ${order[*]} " in *" $name "*) ;; *) order+=("$name") ;; esac
	done < <(modprobe -d "$base" -S "$kver" -a --show-depends virtiofs virtio_pci
		modprobe -d "$base" -S "$kver" --show-depends virtio_net 2> /dev/null)
	printf '%s\n' "${order[@]}" | grep . > "$dest/load-order" || : > "$dest/load-order"
}

# ds_check_flavor FLAVOR: the flavors the suite builds images for.
ds_check_flavor() {
	case $1 in amd64 | cloud-amd64) ;; *) echo "bad DS_KERNEL_FLAVOR: $1 (amd64 or cloud-amd64)" >&2; return 1 ;; esac
}

# ds_user_kernel KERNEL MODULES MODE PATCHED: a user's --kernel and
# --kernel-modules, checked (vm/user-kernel.sh check) before anything boots,
# for the launcher and the matrix alike. PATCHED is 1 when the patched
# modules were asked for. Sets DS_UK_KERNEL and DS_UK_MODULES (absolute
# paths; "none" when virtio-fs is built in) and DS_UK_INFO (the check's
# key=value lines); all empty without --kernel. On a refusal, fails with its
# one line in DS_UK_ERROR.
ds_user_kernel() {
	local kernel=$1 kmods=$2 mode=$3 patched=$4 info
	DS_UK_KERNEL='' DS_UK_MODULES='' DS_UK_INFO='' DS_UK_ERROR=''
	if [ -z "$kernel" ]; then
		[ -z "$kmods" ] || { DS_UK_ERROR="--kernel-modules needs --kernel"; return 1; }
		return 0
	fi
	[ "$patched" != 1 ] ||
		{ DS_UK_ERROR="--modules patched needs the built image's kernel, not --kernel"; return 1; }
	kmods=${kmods:-none}
	info=$(bash "$DS_ROOT/vm/user-kernel.sh" check "$kernel" "$kmods" "$mode" 2>&1) ||
		{ DS_UK_ERROR=${info:-$kernel: check failed}; return 1; }
	DS_UK_INFO=$info
	DS_UK_KERNEL=$(readlink -f "$kernel")
	DS_UK_MODULES=$kmods
	[ "$kmods" = none ] || DS_UK_MODULES=$(readlink -f "$kmods")
}
