# Shared shell helpers for daxscope glue scripts. Source it; do not run it.
# shellcheck shell=bash

DS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DS_CACHE=${DAXSCOPE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daxscope}
export DS_ROOT DS_CACHE

die() { echo "daxscope: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# Hash of files and strings, used to key cached build outputs.
ds_hash() {
	local f
	for f in "$@"; do
		if [ -f "$f" ]; then sha256sum < "$f"; else printf '%s\n' "$f"; fi
	done | sha256sum | cut -c1-16
}

# Install Debian packages that are missing (one apt-get call for all).
ds_need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing packages: ${missing[*]}"
	ds_apt_update_once
	ds_apt env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" ||
		die "apt-get install failed for: ${missing[*]}"
}

# Run an apt command with its output on stderr. apt prints archive
# addresses, and no log of this project may carry them.
ds_apt() { "$@" > >(sed -E 's#[a-z]+://[^ ]+#<archive>#g' >&2) 2>&1; }

# deb-src entries are derived from the machine's own apt sources so that no
# archive host is named anywhere in this project.
ds_enable_deb_src() {
	local out=/etc/apt/sources.list.d/daxscope-src.sources f
	[ -f "$out" ] && return 0
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		sed -e 's/^Types:.*/Types: deb-src/' \
			/etc/apt/sources.list.d/debian.sources > "$out"
	else
		out=/etc/apt/sources.list.d/daxscope-src.list
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -f "$f" ] && grep -E '^deb ' "$f"
		done | sed -e 's/^deb /deb-src /' > "$out"
	fi
	[ -s "$out" ] || die "no apt sources found to derive deb-src entries from"
	DS_APT_UPDATED=
}

ds_apt_update_once() {
	[ -n "${DS_APT_UPDATED:-}" ] && return 0
	ds_apt apt-get update -qq || die "apt-get update failed"
	DS_APT_UPDATED=1
}
