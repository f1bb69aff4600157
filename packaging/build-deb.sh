#!/usr/bin/env bash
# make deb: the guest side as a Debian package, daxscope-tools: daxstat,
# daxtop, daxstat-exporter.service (installed disabled), its settings file
# as a conffile, collectors/contrib, man pages. The tree is the one
# collectors/install.sh writes for PREFIX=/usr SYSCONFDIR=/etc, made
# Debian's (packaging/README.md says what changes and why), then
# dpkg-deb --root-owner-group. Writes OUT/daxscope-tools_VERSION_amd64.deb
# (OUT defaults to $DS_CACHE/deb, never the work tree) and prints its path.
# Usage: packaging/build-deb.sh [OUT]
# DS_COLLECTORS_DIR=DIR packages the collectors already built in DIR
# instead of resolving (and maybe building) them: for development.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

pkg=daxscope-tools
here=$DS_ROOT/packaging
out=${1:-$DS_CACHE/deb}
umask 022
[ "${DS_SANITIZE:-}" != 1 ] || die "DS_SANITIZE=1 builds are for tests; unset it to package"
# dpkg-dev: dpkg-shlibdeps, dpkg-buildflags; the -dev packages give the
# shared libraries' link names for the relink below.
ds_need_pkgs dpkg-dev binutils make gcc libbpf-dev libelf-dev zlib1g-dev \
	libjson-c-dev libmicrohttpd-dev

if [ -n "${DS_COLLECTORS_DIR:-}" ]; then
	[ -x "$DS_COLLECTORS_DIR/daxstat" ] || die "DS_COLLECTORS_DIR=$DS_COLLECTORS_DIR has no daxstat"
	# lib/built.sh's remembered answer ("CONTEXT|PATH"), so that
	# install.sh takes this directory too instead of building.
	ctx=
	for v in ${DS_BUILT_DEPENDS[collectors]:-}; do ctx+="$v=${!v:-};"; done
	DS_BUILT_COLLECTORS="$ctx|$(cd "$DS_COLLECTORS_DIR" && pwd)"
	export DS_BUILT_COLLECTORS
fi
ds_resolve collectors || die "collectors/build.sh failed"
build=$(ds_built collectors)

# Version: packaging/VERSION, then the commit count (grows with every
# commit on a line of history), +dirty for uncommitted changes; -1 is the
# Debian revision (so the changelog is changelog.Debian.gz).
base=$(cat "$here/VERSION")
count=$(git -C "$DS_ROOT" rev-list --count HEAD 2> /dev/null) || count=0
commit=$(git -C "$DS_ROOT" rev-parse --short HEAD 2> /dev/null) || commit=unknown
dirty=
[ -z "$(git -C "$DS_ROOT" status --porcelain 2> /dev/null)" ] || dirty=+dirty
version=$base.$count$dirty-1
# Dates in the package (changelog, file times) are the commit's: two
# builds of one commit are the same bytes.
SOURCE_DATE_EPOCH=$(git -C "$DS_ROOT" log -1 --format=%ct 2> /dev/null) || SOURCE_DATE_EPOCH=0
export SOURCE_DATE_EPOCH
maintainer="${DEBFULLNAME:-daxscope maintainers} <${DEBEMAIL:-daxscope@lists.invalid}>"

mkdir -p "$out"
stage=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
root=$stage/root
"$DS_ROOT/collectors/install.sh" "$root" /usr /etc

# The tools again from the same objects, linked against Debian's shared
# libraries (the build links libbpf, libelf, zlib and json-c statically and
# ships libmicrohttpd in lib/ for the guest's initramfs, which has none of
# them): collectors/Makefile's own link rule, with the objects assumed up
# to date so nothing is compiled, no RPATH, and Debian's hardening link
# flags.
obj=$stage/obj
mkdir "$obj"
cp -p "$build"/*.o "$obj/"
touch "$stage/before-link"
assume_old=()
for f in "$obj"/*.o; do assume_old+=(-o "$f"); done
make -s --no-print-directory -C "$DS_ROOT/collectors" OUT="$obj" VMLINUX=/nonexistent \
	"${assume_old[@]}" LIBS="-lbpf -lelf -lz -ljson-c -lmicrohttpd -lpthread -lm" \
	LDFLAGS="$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get LDFLAGS) -Wl,--as-needed" \
	"$obj/daxstat" "$obj/daxtop" >&2 || die "linking the tools against the shared libraries failed"
[ -z "$(find "$obj" -name '*.o' -newer "$stage/before-link")" ] ||
	die "$build does not hold every object collectors/Makefile links (stale DS_COLLECTORS_DIR?)"
# The tools themselves in /usr/bin: without lib/ the /usr/lib/daxscope
# indirection has no purpose (lintian: executable-in-usr-lib).
rm -rf "$root/usr/lib/daxscope"
for tool in daxstat daxtop; do
	rm -f "$root/usr/bin/$tool"
	install -m 0755 "$obj/$tool" "$root/usr/bin/$tool"
	# As dh_strip does; DEB_BUILD_OPTIONS=nostrip keeps the debug info.
	case " ${DEB_BUILD_OPTIONS:-} " in *" nostrip "*) ;; *)
		strip --remove-section=.comment --remove-section=.note --strip-unneeded "$root/usr/bin/$tool" ;;
	esac
done

# Debian 12 keeps units in /lib/systemd/system (the /usr-merge moratorium:
# files must not move between / and /usr in bookworm).
mkdir -p "$root/lib/systemd"
mv "$root/usr/lib/systemd/system" "$root/lib/systemd/system"
rmdir "$root/usr/lib/systemd" "$root/usr/lib"
# The package has daxstat(1): `systemctl help daxstat-exporter` shows it.
sed -i '/^Description=/a Documentation=man:daxstat(1)' "$root/lib/systemd/system/daxstat-exporter.service"

doc=$root/usr/share/doc/$pkg
mkdir -p "$doc" "$root/usr/share/man/man1" "$root/usr/share/lintian/overrides"
install -m 0644 "$here/deb/copyright" "$here/deb/README.Debian" "$doc/"
for page in daxstat.1 daxtop.1; do
	gzip -9n < "$here/man/$page" > "$root/usr/share/man/man1/$page.gz"
done
install -m 0644 "$here/deb/lintian-overrides" "$root/usr/share/lintian/overrides/$pkg"
{
	echo "$pkg ($version) unstable; urgency=medium"
	echo
	echo "  * Built by make deb from daxscope commit $commit${dirty:+ with uncommitted changes}."
	echo
	echo " -- $maintainer  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$doc/changelog.Debian.gz"

# Control area.
mkdir -p "$root/DEBIAN" "$stage/debian"
install -m 0755 "$here/deb/postinst" "$here/deb/prerm" "$here/deb/postrm" "$root/DEBIAN/"
# Every file under /etc is a conffile (as dh_installdeb has it).
(cd "$root" && find etc -type f -printf '/%p\n' | sort) > "$root/DEBIAN/conffiles"
# dpkg-shlibdeps wants a debian/control naming the package.
printf 'Source: daxscope\n\nPackage: %s\nArchitecture: amd64\n' "$pkg" > "$stage/debian/control"
depends=$(cd "$stage" && dpkg-shlibdeps -O -e"$root/usr/bin/daxstat" -e"$root/usr/bin/daxtop" 2> /dev/null |
	sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@MAINTAINER@|$maintainer|" \
	-e "s|@INSTALLED_SIZE@|$size|" -e "s|@DEPENDS@|$depends|" \
	"$here/deb/control.in" > "$root/DEBIAN/control"
# md5sums without the conffiles (dpkg records those apart), as dh_md5sums.
(cd "$root" && find . -type f ! -path './DEBIAN/*' ! -path './etc/*' -printf '%P\0' |
	LC_ALL=C sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

deb=$out/${pkg}_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" > /dev/null
log "built $deb"
echo "$deb"
