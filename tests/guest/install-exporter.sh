# The installed tree in a guest (tests/t-collector-install.sh): the share's
# root/ is what `make install DESTDIR=root` wrote. It is copied over /, and
# the exporter is started the way its systemd unit says (ExecStart with the
# EnvironmentFile's settings; the guest has no systemd), then scraped after
# a small workload: 3072 reads of 4 KiB, enough sampled references (2000)
# for the window estimate the rules and the dashboard use.
set -e
ip link set lo up
cp -a root/. /
unit=$PREFIX/lib/systemd/system/daxstat-exporter.service
[ -f "$unit" ] || { echo "no $unit"; exit 1; }
# shellcheck disable=SC1091 # the installed settings
. /etc/default/daxstat-exporter
cmd=$(sed -n 's/^ExecStart=//p' "$unit")
mkdir -p /tmp/out w
eval "set -- $cmd"
"$@" > /tmp/out/exporter.out 2> /tmp/out/exporter.err &
pid=$!
i=0
while ! grep -q 'tracing' /tmp/out/exporter.err; do
	kill -0 $pid 2> /dev/null || { cat /tmp/out/exporter.err; exit 1; }
	i=$((i + 1))
	[ $i -lt 600 ] || { echo "exporter did not start"; exit 1; }
	sleep 0.1
done
truncate -s 4M w/a
for i in 1 2 3; do
	dd if=w/a of=/dev/null bs=4k 2> /dev/null
done
# The exporter drains the references every 100 ms.
sleep 1
wget -q -O /tmp/out/metrics.txt "http://$DAXSTAT_LISTEN/metrics"
kill -TERM $pid
wait $pid || echo $? > /tmp/out/exporter.rc
mkdir -p out
cp /tmp/out/* out/
