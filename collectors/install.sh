#!/usr/bin/env bash
# make install: the DAX tools into DESTDIR/PREFIX, for a production guest.
#   PREFIX/lib/daxscope/   the tools and lib/ (libraries the guest may lack,
#                          found through RPATH $ORIGIN/lib)
#   PREFIX/bin/            links to the tools
#   PREFIX/lib/systemd/system/daxstat-exporter.service
#   SYSCONFDIR/default/daxstat-exporter   listen address and options (kept
#                          when it exists)
#   PREFIX/share/daxscope/contrib/   Prometheus scrape config, alert rules
#                          and their tests, the Grafana dashboard
# Usage: collectors/install.sh DESTDIR PREFIX [SYSCONFDIR]
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

[ $# -ge 2 ] || die "usage: collectors/install.sh DESTDIR PREFIX [SYSCONFDIR]"
destdir=$1 prefix=$2 sysconfdir=${3:-/etc}
case $prefix in /*) ;; *) die "PREFIX must be an absolute path, not '$prefix'" ;; esac
case $sysconfdir in /*) ;; *) die "SYSCONFDIR must be an absolute path, not '$sysconfdir'" ;; esac
ds_resolve collectors || die "collectors/build.sh failed"
build=$(ds_built collectors)
contrib=$DS_ROOT/collectors/contrib
root=$destdir$prefix
libexec=$root/lib/daxscope

mkdir -p "$libexec/lib" "$root/bin" "$root/lib/systemd/system" \
	"$root/share/daxscope/contrib" "$destdir$sysconfdir/default"
for tool in daxstat daxtop; do
	[ -x "$build/$tool" ] || die "no $tool in $build"
	install -m 0755 "$build/$tool" "$libexec/$tool"
	ln -sfn "../lib/daxscope/$tool" "$root/bin/$tool"
done
cp -L "$build"/lib/* "$libexec/lib/" 2> /dev/null || true
sed -e "s|@PREFIX@|$prefix|g" -e "s|@SYSCONFDIR@|$sysconfdir|g" \
	"$contrib/systemd/daxstat-exporter.service.in" \
	> "$root/lib/systemd/system/daxstat-exporter.service"
[ -f "$destdir$sysconfdir/default/daxstat-exporter" ] ||
	install -m 0644 "$contrib/systemd/daxstat-exporter.default" \
		"$destdir$sysconfdir/default/daxstat-exporter"
cp -r "$contrib/prometheus" "$contrib/grafana" "$root/share/daxscope/contrib/"
log "installed daxstat and daxtop into $root (exporter settings: $sysconfdir/default/daxstat-exporter)"
