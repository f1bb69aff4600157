# Shared shell helpers for daxscope glue scripts. Source it; do not run it.
# shellcheck shell=bash

DS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DS_CACHE=${DAXSCOPE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daxscope}
export DS_ROOT DS_CACHE

die() { echo "daxscope: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# SIZE (bytes, or with a K/M/G suffix, powers of 1024) -> bytes.
ds_bytes() {
	local n=${1%[KkMmGg]} mult=1
	case $1 in *[Kk]) mult=1024 ;; *[Mm]) mult=$((1 << 20)) ;; *[Gg]) mult=$((1 << 30)) ;; esac
	[[ $n =~ ^[0-9]+$ ]] || return 1
	echo $((10#$n * mult))
}

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
		grep -q 'install ok installed' <<< "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" ||
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

# git with a throwaway identity: the cached source trees commit and apply
# series, and the machine may have no identity of its own.
ds_git() { git -c user.name=daxscope -c user.email=daxscope@localhost "$@"; }

# ds_git_pristine DIR MESSAGE: make the unpacked source DIR a git repository
# whose one commit, tagged pristine, is the source as unpacked. Debian's
# trees ignore much of themselves: add by force.
ds_git_pristine() {
	git -C "$1" init -q
	git -C "$1" add -A -f .
	ds_git -C "$1" commit -q -m "$2"
	git -C "$1" tag pristine
}

# ds_git_am DIR PATCH...: DIR back to its pristine tag, then the series
# applied with git am (which proves it applies). False, with DIR left
# pristine-clean, when a patch does not apply.
ds_git_am() {
	local dir=$1
	shift
	git -C "$dir" am --abort > /dev/null 2>&1 || true
	git -C "$dir" reset -q --hard pristine
	[ $# -gt 0 ] || return 0
	ds_git -C "$dir" am -q "$@" >&2 && return 0
	git -C "$dir" am --abort > /dev/null 2>&1 || true
	return 1
}

# ds_prune GLOB...: cached build outputs are small but add up; keep the
# DS_KEEP_BUILDS (default 4) newest of those GLOB matches, remove the rest.
ds_prune() {
	# shellcheck disable=SC2068 # the globs are expanded on purpose
	ls -dt $@ 2> /dev/null | tail -n +$((${DS_KEEP_BUILDS:-4} + 1)) | xargs -r rm -rf
}

# 2 cores: nothing heavy starts beside a running QEMU build (its ninja).
ds_wait_builds() {
	while pgrep -x ninja > /dev/null; do
		log "${1:-}waiting for a running ninja build"
		sleep 10
	done
}

# ds_host_pids DIR [PROGRAM]: pids of the QEMUs, virtiofsds and Prometheus
# servers (or only PROGRAM) whose command lines name a path under DIR, i.e.
# what a run with its run directories there started; others are not ours.
ds_host_pids() {
	pgrep -f "^[^ ]*${2:-(qemu-system-x86_64|virtiofsd|prometheus)} .*$1/" || true
}

# ds_vfs_worker PID...: of one virtiofsd's processes, the one that serves
# requests and keeps the counters. Its sandbox forks: the parent only waits,
# so the worker is the process whose parent is among PIDs; without a fork
# the single process is the worker.
ds_vfs_worker() {
	local p pp all=" $* "
	for p in "$@"; do
		pp=$(awk '{print $4}' "/proc/$p/stat" 2> /dev/null) || continue
		[[ $all == *" $pp "* ]] && { echo "$p"; return 0; }
	done
	[ $# -eq 1 ] && { echo "$1"; return 0; }
	return 1
}

. "$DS_ROOT/lib/built.sh"
. "$DS_ROOT/lib/host-facts.sh"
. "$DS_ROOT/lib/options.sh"

# Compiler flags of the C tools' sanitizer build, empty unless DS_SANITIZE=1
# (tests/t-sanitizers.sh): ASan and UBSan, every finding fatal.
ds_sanitize_flags() {
	[ "${DS_SANITIZE:-}" = 1 ] || return 0
	echo "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
}
