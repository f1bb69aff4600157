#!/usr/bin/env bash
# make install: the tree it writes (DESTDIR and PREFIX honoured), the
# exporter's systemd unit (systemd-analyze verify), the alert rules
# (promtool check rules, promtool test rules), the Grafana dashboard's
# queries (each parsed by promtool as a recording rule), and the installed
# tree in a guest: the exporter started as the unit says, on the listen
# address set in its settings file, scraped (promtool check metrics), with
# every metric the rules and the dashboard use present in the scrape.
. "$(dirname "$0")/lib.sh"
ds_need_pkgs prometheus systemd jq
cd "$DS_ROOT"

# 1. A DESTDIR install, as a package build would do it.
dest=$T_WORK/dest
make -s install DESTDIR="$dest" PREFIX=/usr/local > /dev/null || fail "make install failed"
for f in bin/daxstat lib/daxscope/daxstat bin/daxtop lib/daxscope/daxtop \
	lib/systemd/system/daxstat-exporter.service \
	share/daxscope/contrib/prometheus/daxscope-scrape.yml \
	share/daxscope/contrib/prometheus/daxscope-alerts.yml \
	share/daxscope/contrib/prometheus/daxscope-alerts.test.yml \
	share/daxscope/contrib/grafana/daxscope-dashboard.json; do
	[ -e "$dest/usr/local/$f" ] || fail "make install did not install $f"
done
[ -f "$dest/etc/default/daxstat-exporter" ] || fail "no exporter settings file"
unit=$dest/usr/local/lib/systemd/system/daxstat-exporter.service
grep -q '^ExecStart=/usr/local/bin/daxstat --prometheus=${DAXSTAT_LISTEN}' "$unit" ||
	fail "unit does not run the installed daxstat: $(grep ExecStart "$unit")"
grep -q '^DAXSTAT_LISTEN=127.0.0.1:' "$dest/etc/default/daxstat-exporter" ||
	fail "the exporter does not listen on loopback by default"
make -s install DESTDIR="$dest" PREFIX=relative > /dev/null 2>&1 &&
	fail "make install accepted a relative PREFIX"

# 2. The unit, installed where its ExecStart exists on this host.
live=$T_WORK/live
make -s install PREFIX="$live/usr" SYSCONFDIR="$live/etc" > /dev/null || fail "make install failed"
systemd-analyze verify --man=no "$live/usr/lib/systemd/system/daxstat-exporter.service" ||
	fail "systemd-analyze verify rejected the unit"

# 3. Alert rules and their unit tests; the dashboard's queries parse.
c=$dest/usr/local/share/daxscope/contrib
promtool check rules "$c/prometheus/daxscope-alerts.yml" || fail "promtool check rules failed"
(cd "$c/prometheus" && promtool test rules daxscope-alerts.test.yml) ||
	fail "promtool test rules failed"
jq -r '.panels[].targets[].expr' "$c/grafana/daxscope-dashboard.json" |
	sed 's/\$__rate_interval/5m/g' > "$T_WORK/queries"
[ -s "$T_WORK/queries" ] || fail "the dashboard has no queries"
{
	echo "groups:"
	echo "  - name: dashboard"
	echo "    rules:"
	n=0
	while IFS= read -r q; do
		n=$((n + 1))
		echo "      - record: dashboard:query$n"
		printf '        expr: %s\n' "$(jq -Rn --arg q "$q" '$q')"
	done < "$T_WORK/queries"
} > "$T_WORK/dashboard-rules.yml"
promtool check rules "$T_WORK/dashboard-rules.yml" ||
	fail "a dashboard query does not parse (see $T_WORK/dashboard-rules.yml)"

# 4. The installed tree in a guest, exporter on a non-default address with
# --estimate (which implies --hits) on every reference (the settings file is
# what an admin edits).
share=$(new_share)
mkdir -p "$share/root"
cp -a "$dest/." "$share/root/"
sed -i -e 's/^DAXSTAT_LISTEN=.*/DAXSTAT_LISTEN=127.0.0.1:9479/' -e 's/^DAXSTAT_ARGS=.*/DAXSTAT_ARGS="--estimate --sample 1"/' \
	"$share/root/etc/default/daxstat-exporter"
{ echo "PREFIX=/usr/local"; cat "$DS_ROOT/tests/guest/install-exporter.sh"; } > "$T_WORK/script"
"$LAUNCH" --mode dax --window 64M --share "$share" --timeout 600 --script "$T_WORK/script" ||
	fail "guest exited $?"
[ ! -f "$share/out/exporter.rc" ] || fail "the exporter exited $(cat "$share/out/exporter.rc")"
m=$share/out/metrics.txt
[ -s "$m" ] || fail "no scrape of the installed exporter on 127.0.0.1:9479"
promtool check metrics < "$m" || fail "promtool check metrics rejected the scrape"
expect_gt "new mappings in the scrape" "$(awk '$1 == "daxscope_dax_new_mappings_total" {print $2}' "$m")" 0
expect_gt "hits in the scrape (--estimate from the settings)" \
	"$(awk '$1 == "daxscope_dax_hits_total" {print $2}' "$m")" 0
# Every metric the rules and the dashboard use is exported.
for name in $( (cat "$T_WORK/queries"; grep -v '^ *#' "$c/prometheus/daxscope-alerts.yml") |
	grep -o 'daxscope_[a-z_]*' | sort -u); do
	grep -q "^$name[{ ]" "$m" || fail "$name (used by the rules or the dashboard) is not in the scrape"
done
echo "installed tree, unit, rules, dashboard and live scrape agree"
