#!/usr/bin/env bash
# make deb: the package's control data and contents (the tools, the unit,
# the settings file as a conffile, contrib, man pages, Depends on Debian's
# libraries instead of private copies), lintian with no error or warning
# beyond packaging/deb/lintian-overrides, then the package's life in a
# throwaway root: install (the tools run, the unit is not enabled), an
# upgrade keeps it disabled, an operator's enable survives the next
# upgrade, remove keeps the edited settings file, purge removes it and the
# enable link. The throwaway root is an overlay of this host's / in a
# private mount namespace, with its writes on a tmpfs: dpkg --root runs the
# maintainer scripts chrooted there with the host's real tools, and the
# host's files and dpkg database stay untouched.
# T_DEB_FILE=FILE checks that package instead of building one.

# Mounts made in a namespace of our own vanish with the test.
[ -n "${T_DEB_NAMESPACE:-}" ] ||
	exec unshare --mount --propagation private env T_DEB_NAMESPACE=1 bash "$0" "$@"
. "$(dirname "$0")/lib.sh"
ds_need_pkgs lintian systemd
cd "$DS_ROOT"
unit=daxstat-exporter.service
conf=/etc/default/daxstat-exporter

# 1. The package.
if [ -n "${T_DEB_FILE:-}" ]; then
	deb=$T_DEB_FILE
else
	deb=$(make -s deb OUT="$T_WORK/out" | tail -n 1) || fail "make deb failed"
fi
[ -f "$deb" ] || fail "make deb printed '$deb', which is no file"
info=$T_WORK/info contents=$T_WORK/contents
dpkg-deb --info "$deb" > "$info" || fail "dpkg-deb --info cannot read $deb"
dpkg-deb --contents "$deb" > "$contents" || fail "dpkg-deb --contents cannot read $deb"
field() { dpkg-deb --field "$deb" "$1"; }
expect_eq "Package" "$(field Package)" daxscope-tools
expect_eq "Architecture" "$(field Architecture)" amd64
[[ $(field Version) =~ ^[0-9]+\.[0-9]+\.[0-9]+(\+dirty)?-1$ ]] ||
	fail "Version '$(field Version)' is not VERSION.COUNT[+dirty]-1"
for f in Maintainer Section Priority Description Installed-Size; do
	[ -n "$(field "$f")" ] || fail "no $f in the control file"
done
# Debian's libraries instead of the build's copies (libmicrohttpd in lib/,
# libbpf and json-c linked in).
depends=$(field Depends)
for p in libbpf1 libjson-c5 libmicrohttpd12 libc6; do
	[[ ", $depends" == *", $p "* ]] || fail "Depends lacks $p: $depends"
done
expect_eq "conffiles" "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" "$conf"
for s in postinst prerm postrm; do
	grep -Eq "^ +[0-9]+ bytes, +[0-9]+ lines +\* +$s " "$info" || fail "no executable $s in the control area"
done
for f in ./usr/bin/daxstat ./usr/bin/daxtop ./lib/systemd/system/$unit ".$conf" \
	./usr/share/daxscope/contrib/prometheus/daxscope-scrape.yml \
	./usr/share/daxscope/contrib/prometheus/daxscope-alerts.yml \
	./usr/share/daxscope/contrib/prometheus/daxscope-alerts.test.yml \
	./usr/share/daxscope/contrib/grafana/daxscope-dashboard.json \
	./usr/share/man/man1/daxstat.1.gz ./usr/share/man/man1/daxtop.1.gz \
	./usr/share/doc/daxscope-tools/copyright ./usr/share/doc/daxscope-tools/changelog.Debian.gz \
	./usr/share/lintian/overrides/daxscope-tools; do
	awk -v f="$f" '$6 == f {found = 1} END {exit !found}' "$contents" || fail "the package lacks $f"
done
! grep -q '/lib/daxscope/' "$contents" || fail "the package ships the build's private lib/: $(grep /lib/daxscope/ "$contents" | head -n 1)"
notroot=$(awk '$2 != "root/root"' "$contents")
[ -z "$notroot" ] || fail "files not owned by root: $notroot"
x=$T_WORK/extract
dpkg-deb -x "$deb" "$x"
for t in daxstat daxtop; do
	! readelf -d "$x/usr/bin/$t" | grep -Eq 'RPATH|RUNPATH' || fail "$t still has a library search path"
	! readelf -S "$x/usr/bin/$t" | grep -q '\.debug_info' || fail "$t is not stripped"
done
grep -q '^ExecStart=/usr/bin/daxstat --prometheus=' "$x/lib/systemd/system/$unit" ||
	fail "the unit does not run /usr/bin/daxstat: $(grep ExecStart "$x/lib/systemd/system/$unit")"
grep -q "^EnvironmentFile=-$conf\$" "$x/lib/systemd/system/$unit" || fail "the unit does not read $conf"

# 2. lintian: errors and warnings other than the overridden ones fail;
# informational tags are shown in the log.
lintian --pedantic --display-info --display-experimental "$deb" > "$T_WORK/lintian" 2> /dev/null || true
cat "$T_WORK/lintian"
! grep -E '^[EW]: ' "$T_WORK/lintian" || fail "lintian: the errors or warnings above"

# 3. Its life in the throwaway root.
tmp=$T_WORK/ovl
root=$tmp/root
# Unmount before lib.sh's rm -rf, which would otherwise walk the overlay.
trap 'umount -l "$root" "$tmp" 2> /dev/null; rm -rf "$T_WORK"' EXIT
mkdir -p "$tmp"
mount -t tmpfs daxscope-deb "$tmp" || fail "cannot mount a tmpfs"
mkdir "$tmp/upper" "$tmp/work" "$root"
mount -t overlay daxscope-deb -o "lowerdir=/,upperdir=$tmp/upper,workdir=$tmp/work" "$root" ||
	fail "cannot mount an overlay of / (the throwaway root)"
host_has() { dpkg-query -W -f='${Status}' daxscope-tools 2> /dev/null | grep -q 'install ok'; }
host_had=no
host_has && host_had=yes
status() { dpkg-query --root="$root" -W -f='${Status}' daxscope-tools 2> /dev/null || echo "not known"; }
installed() { dpkg --root="$root" -i "$deb" > "$T_WORK/dpkg.log" 2>&1 || fail "dpkg -i into the throwaway root: $(tail -n 3 "$T_WORK/dpkg.log")"; }
enabled() { systemctl --root="$root" is-enabled "$unit" 2> /dev/null || true; }
wants=$root/etc/systemd/system/multi-user.target.wants/$unit

installed
expect_eq "status after install" "$(status)" "install ok installed"
for f in /usr/bin/daxstat /usr/bin/daxtop /lib/systemd/system/$unit "$conf" \
	/usr/share/daxscope/contrib/grafana/daxscope-dashboard.json; do
	[ -e "$root$f" ] || fail "$f did not land in the throwaway root"
done
# The tools find their libraries through Depends alone.
v=$(chroot "$root" /usr/bin/daxstat --version) || fail "the installed daxstat does not run"
[[ $v == "daxstat "* ]] || fail "daxstat --version said '$v'"
chroot "$root" /usr/bin/daxtop --version > /dev/null || fail "the installed daxtop does not run"
dpkg-query --root="$root" -W -f='${Conffiles}' daxscope-tools | grep -q "^ $conf " ||
	fail "dpkg did not record $conf as a conffile"
[ -f "$root/var/lib/systemd/deb-systemd-helper-enabled/$unit.dsh-also" ] ||
	fail "postinst did not register the unit with deb-systemd-helper"
expect_eq "the unit after install" "$(enabled)" disabled
if [ -e "$wants" ] || [ -L "$wants" ]; then fail "the maintainer scripts enabled the unit: $wants"; fi
installed
expect_eq "the unit after an upgrade" "$(enabled)" disabled

# The operator asks; upgrades keep it.
systemctl --root="$root" enable "$unit" 2> /dev/null || fail "systemctl --root enable failed"
installed
expect_eq "the unit the operator enabled, after an upgrade" "$(enabled)" enabled

# Remove keeps the edited settings, purge removes them and the link.
sed -i 's/^DAXSTAT_LISTEN=.*/DAXSTAT_LISTEN=127.0.0.1:9479/' "$root$conf"
dpkg --root="$root" -r daxscope-tools > "$T_WORK/dpkg.log" 2>&1 || fail "dpkg -r: $(tail -n 3 "$T_WORK/dpkg.log")"
expect_eq "status after remove" "$(status)" "deinstall ok config-files"
[ ! -e "$root/usr/bin/daxstat" ] || fail "remove left /usr/bin/daxstat"
grep -q '^DAXSTAT_LISTEN=127.0.0.1:9479$' "$root$conf" 2> /dev/null ||
	fail "remove did not keep the edited $conf"
dpkg --root="$root" -P daxscope-tools > "$T_WORK/dpkg.log" 2>&1 || fail "dpkg -P: $(tail -n 3 "$T_WORK/dpkg.log")"
expect_eq "status after purge" "$(status)" "not known"
[ ! -e "$root$conf" ] || fail "purge left $conf"
[ ! -L "$wants" ] || fail "purge left the enable link $wants"
[ ! -e "$root/var/lib/systemd/deb-systemd-helper-enabled/$unit.dsh-also" ] ||
	fail "purge left deb-systemd-helper's state"

# None of it reached the host.
host_now=no
host_has && host_now=yes
expect_eq "daxscope-tools installed on the host itself" "$host_now" "$host_had"
echo "package contents, lintian, install, upgrade, enable, remove and purge as expected"
