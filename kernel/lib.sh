# Helpers for kernel/*.sh: which Debian kernel the guest runs, and Debian's
# linux-source for it as a git repository with a pristine tag. Source it
# after lib/common.sh; callers hold the lock on $DS_KLIB_DIR/lock.
# shellcheck shell=bash

DS_KLIB_DIR=$DS_CACHE/linux

# The apt state the kernel resolution depends on. apt-cache takes over a
# second here (no pkgcache.bin), so the answer is kept with this fingerprint
# and asked again only when it changes.
ds_kernel_apt_state() {
	{
		stat -c '%n %Y %s' /var/lib/apt/lists/*Packages* /var/lib/apt/lists/*Release \
			/var/lib/dpkg/status /etc/apt/preferences /etc/apt/preferences.d/* 2> /dev/null || true
	} | sha256sum | cut -c1-16
}

# ds_kernel_ask_apt FLAVOR: "PKG VERSION", the ABI package Debian's
# linux-image-FLAVOR meta package points to (linux-image-6.1.0-N-FLAVOR) and
# its candidate version.
ds_kernel_ask_apt() {
	local flavor=$1 kpkg kver
	kpkg=$(apt-cache depends "linux-image-$flavor" 2> /dev/null |
		sed -n "s/^ *Depends: \(linux-image-[0-9].*-$flavor\)\$/\1/p" | head -n1)
	[ -n "$kpkg" ] || return 1
	kver=$(apt-cache policy "$kpkg" | sed -n 's/^ *Candidate: //p')
	[ -n "$kver" ] && [ "$kver" != "(none)" ] || return 1
	echo "$kpkg $kver"
}

# ds_kernel_resolve [FLAVOR]: sets KPKG (linux-image-6.1.0-56-amd64), KVER
# (6.1.192-2), KABI (6.1.0-56-amd64) and KSERIES (6.1) for Debian's kernel
# flavor FLAVOR (default amd64, the one the patched modules are built for).
ds_kernel_resolve() {
	local flavor=${1:-amd64} state resolved='' cache
	cache=$DS_KLIB_DIR/resolved-$flavor
	mkdir -p "$DS_KLIB_DIR"
	state=$(ds_kernel_apt_state)
	if [ -f "$cache" ] && [ "$(head -n1 "$cache")" = "$state" ]; then
		resolved=$(sed -n 2p "$cache")
	fi
	if [ -z "$resolved" ]; then
		resolved=$(ds_kernel_ask_apt "$flavor") ||
			{ ds_apt_update_once; resolved=$(ds_kernel_ask_apt "$flavor"); } ||
			die "cannot find the kernel package behind linux-image-$flavor"
		# Other builders read it without the kernel lock: replace it whole.
		printf '%s\n%s\n' "$(ds_kernel_apt_state)" "$resolved" > "$cache.$$"
		mv "$cache.$$" "$cache"
	fi
	read -r KPKG KVER <<< "$resolved"
	KABI=${KPKG#linux-image-}
	KSERIES=$(echo "$KABI" | cut -d. -f1,2)
	case $KSERIES in 6.1) ;; *) die "expected a 6.1 guest kernel, found $KABI ($KVER)" ;; esac
}

# Install PKG at exactly VERSION; ds_need_pkgs alone accepts any version.
ds_kernel_need_version() {
	[ "$(dpkg-query -W -f='${Status} ${Version}' "$1" 2> /dev/null)" = "install ok installed $2" ] ||
		ds_need_pkgs "$1=$2"
}

# The numbered patches of kernel/patches in order, without the cover letter
# (it carries no diff), into the array PATCHES.
ds_kernel_patches() {
	local p
	PATCHES=()
	for p in "$DS_ROOT"/kernel/patches/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -e "$p" ] || continue
		case $p in *cover-letter.patch) ;; *) PATCHES+=("$p") ;; esac
	done
}

# Debian's linux-source for KVER, extracted once into a git repository
# tagged pristine. Prints its path.
ds_kernel_source() {
	local src=$DS_KLIB_DIR/src-$KVER tarball=/usr/src/linux-source-$KSERIES.tar.xz old
	if [ ! -f "$src/.daxscope-pristine" ]; then
		ds_need_pkgs git xz-utils
		ds_kernel_need_version "linux-source-$KSERIES" "$KVER"
		[ -f "$tarball" ] || die "no $tarball"
		log "extracting linux-source-$KSERIES $KVER (once, about a minute)"
		rm -rf "$src" "$src.tmp"
		mkdir -p "$src.tmp"
		tar -xJf "$tarball" -C "$src.tmp" --strip-components=1
		ds_git_pristine "$src.tmp" "linux-source-$KSERIES $KVER"
		touch "$src.tmp/.daxscope-pristine"
		mv "$src.tmp" "$src"
		# Other versions' trees are 1.3 GB each and never used again.
		for old in "$DS_KLIB_DIR"/src-*; do
			[ "$old" = "$src" ] || rm -rf "$old"
		done
	fi
	echo "$src"
}

# Common start of the kernel scripts: one at a time (they share the source
# tree), then find the kernel and the series.
ds_kernel_begin() {
	mkdir -p "$DS_KLIB_DIR"
	exec 9> "$DS_KLIB_DIR/lock"
	flock 9
	ds_kernel_resolve
	ds_kernel_patches
}
