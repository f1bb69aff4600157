#!/usr/bin/env bash
# Build the systemd guest image (launch.sh --image systemd): a minimal Debian
# root made by mmdebstrap from this machine's own apt sources, with systemd
# as init and the libraries daxscope-tools depends on, plus the busybox
# image's /init and modules (the same kernel boots both). /init mounts the
# share as in the busybox image, then hands PID 1 to systemd, which runs
# the command as daxscope-cmd.service. Cached under $DS_CACHE/sysimage-<hash>
# (the busybox image, this script, the unit, systemd's candidate version);
# prints the output directory.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

# Depends of daxscope-tools are here so that dpkg -i in the guest needs no
# archive; curl scrapes /metrics, iproute2 configures --forward's eth0, fio
# runs the watched workloads.
INCLUDE=systemd,systemd-sysv,kmod,iproute2,procps,curl,fio,libbpf1,libjson-c5,libmicrohttpd12
UNIT=$DS_ROOT/vm/guest/daxscope-cmd.service
RUNNER=$DS_ROOT/vm/guest/systemd-cmd

ds_need_pkgs mmdebstrap cpio
ds_resolve image || die "vm/build-image.sh failed"
img=$(ds_built image)
candidate=$(apt-cache policy systemd | awk '/Candidate:/ {print $2}')
hash=$(ds_hash "$img" "$0" "$UNIT" "$RUNNER" "$INCLUDE" "systemd $candidate")
out=$DS_CACHE/sysimage-$hash
[ -f "$out/base.cpio" ] && { echo "$out"; exit 0; }

mkdir -p "$DS_CACHE"
exec 9> "$DS_CACHE/sysimage.lock"
flock 9
[ -f "$out/base.cpio" ] && { echo "$out"; exit 0; }

start=$(date +%s)
tmp=$(mktemp -d "$DS_CACHE/tmp-sysimage.XXXX")
trap 'rm -rf "$tmp" "$out.tmp"' EXIT

# This machine's apt sources and its Acquire settings (proxies, snapshot
# archives whose Release files have expired): the archive is never named here.
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list
[ -s "$sources" ] || die "no apt sources on this machine ($sources)"
apt-config dump Acquire > "$tmp/acquire.conf"
# shellcheck disable=SC1091
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$suite" ] || die "no VERSION_CODENAME in /etc/os-release"

log "mmdebstrap $suite with systemd"
root=$tmp/root
ds_apt mmdebstrap --mode=root --variant=minbase --include="$INCLUDE" \
	--aptopt="$tmp/acquire.conf" \
	--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
	"$suite" "$root" "$sources" || die "mmdebstrap failed"

# The busybox image's /init and modules.
(cd "$root" && cpio -idm --quiet init 'lib/modules/*' < "$img/base.cpio") ||
	die "cannot read /init and the modules from $img/base.cpio"
[ -x "$root/init" ] && [ -f "$root/lib/modules/stock/load-order" ] || die "$img/base.cpio lacks /init or the modules"
mkdir -p "$root/daxscope" "$root/mnt/share"
install -m 755 "$RUNNER" "$root/daxscope/systemd-cmd"
install -m 644 "$UNIT" "$root/etc/systemd/system/daxscope-cmd.service"
ln -sf ../daxscope-cmd.service "$root/etc/systemd/system/multi-user.target.wants/daxscope-cmd.service"
ln -sf /lib/systemd/system/multi-user.target "$root/etc/systemd/system/default.target"
# Nothing in a test guest logs in, and the timers only cost boot time.
for u in serial-getty@ttyS0.service getty@tty1.service apt-daily.timer apt-daily-upgrade.timer \
	dpkg-db-backup.timer e2scrub_all.timer fstrim.timer; do
	ln -sf /dev/null "$root/etc/systemd/system/$u"
done
echo daxscope-guest > "$root/etc/hostname"
: > "$root/etc/machine-id"

log "writing base.cpio"
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet) > "$out.tmp/base.cpio"
rm -rf "$out"
mv "$out.tmp" "$out"
DS_KEEP_BUILDS=2 ds_prune "$DS_CACHE/sysimage-*/"
log "systemd image built in $(( $(date +%s) - start )) s: base.cpio $(du -h "$out/base.cpio" | cut -f1)"
echo "$out"
