# shellcheck shell=sh
# A watched guest (systemd image, launch.sh --image systemd), as an operator
# would run one: daxscope-tools installed from the share with dpkg, the
# exporter enabled through systemd and listening where the host's
# Prometheus reaches it, then a workload until the host asks it to stop.
# Set before this script (watch/watch-lib.sh writes them):
#   WATCH_WORKLOAD  thrash (random 4 KiB reads over twice the window, as
#                   ws-2x), steady (a quarter of the window) or idle
#   WATCH_WINDOW_MIB  the guest's DAX window
#   WATCH_DEADLINE  seconds after which the workload stops anyway
# Files in the share: ready (the exporter answers), workload.started,
# stop (written by the host), out/ (logs).
unit=daxstat-exporter.service
conf=/etc/default/daxstat-exporter
mkdir -p out
dpkg -i daxscope-tools_*.deb > out/dpkg.log 2>&1 || { echo "dpkg -i failed"; tail -n 5 out/dpkg.log; exit 1; }
# What the operator edits: listen where the host's forwarded port arrives;
# --estimate feeds the window-needed metrics and DaxWindowTooSmall, and
# --sample 1 lets it see every range: the steady workload's 8 ranges are
# too few for the default 1-in-10 sample by range to answer.
sed -i -e 's/^DAXSTAT_LISTEN=.*/DAXSTAT_LISTEN=0.0.0.0:9477/' \
	-e 's/^DAXSTAT_ARGS=.*/DAXSTAT_ARGS="--estimate --sample 1"/' "$conf"
systemctl enable --now "$unit" 2> out/systemctl.log || { echo "systemctl enable --now failed"; exit 1; }
i=0
until curl -sf -o /dev/null http://127.0.0.1:9477/metrics; do
	i=$((i + 1))
	[ $i -lt 600 ] || { echo "the exporter did not answer in 60 s"; systemctl status "$unit" --no-pager; exit 1; }
	sleep 0.1
done
: > ready

end=$(($(cut -d. -f1 /proc/uptime) + WATCH_DEADLINE))
case $WATCH_WORKLOAD in
thrash) size=$((WATCH_WINDOW_MIB * 2)) ;;
steady) size=$((WATCH_WINDOW_MIB / 4)) ;;
idle) size=0 ;;
*) echo "bad WATCH_WORKLOAD: $WATCH_WORKLOAD"; exit 1 ;;
esac
# The matrix's working-set job (workloads/jobs/workingset.fio), in rounds of
# 10 s so that a stop is seen within one.
export DS_FILE=ws DS_FILE_SIZE=${size}M DS_NFILES=1 DS_ENGINE=psync DS_DIRECT=0 DS_IODEPTH=1 \
	DS_RUNTIME=10 DS_RAMP=0 DS_LOG_MSEC=1000 DS_BWLOG=/tmp/bw
: > workload.started
rounds=0
while [ ! -f stop ] && [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ]; do
	if [ "$size" -gt 0 ]; then
		fio --output=/tmp/fio.out jobs/workingset.fio > /dev/null 2>&1 || { cat /tmp/fio.out; exit 1; }
	else
		sleep 1
	fi
	rounds=$((rounds + 1))
done
echo "$rounds" > out/rounds
systemctl stop "$unit"
journalctl -u "$unit" -o cat --no-pager > out/exporter.journal
rm -f ws.*
exit 0
