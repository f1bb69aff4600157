# shellcheck shell=sh
# In the systemd image (launch.sh --image systemd), for tests/t-systemd-unit.sh:
# install the package from the share with dpkg, then let systemd start,
# stop and restart daxstat-exporter.service as shipped. This script only
# records (out/*); the host judges.
unit=daxstat-exporter.service
out=$DS_SHARE/out
mkdir -p "$out"
now() { cut -d' ' -f1 /proc/uptime; }
prop() { systemctl show -p "$1" --value "$unit"; }
# wait_active: up to 60 s for the unit to run and answer /metrics.
wait_active() {
	i=0
	while [ $i -lt 600 ]; do
		if [ "$(prop ActiveState)" = active ] &&
			curl -sf -o /dev/null http://127.0.0.1:9477/metrics; then
			return 0
		fi
		i=$((i + 1))
		sleep 0.1
	done
	return 1
}
record_state() { # NAME: the unit's state now
	for p in ActiveState SubState Result MainPID NRestarts ExecMainStatus ExecMainCode; do
		echo "$p=$(prop "$p")"
	done > "$out/$1.state"
}

dpkg -i "$DS_SHARE"/daxscope-tools_*.deb > "$out/dpkg.log" 2>&1
echo $? > "$out/dpkg.rc"
systemctl is-enabled "$unit" > "$out/enabled" 2>&1

# 1. Started by systemd with its hardening.
systemctl start "$unit"
wait_active
echo $? > "$out/started.rc"
record_state started
pid=$(prop MainPID)
grep -E '^(CapBnd|NoNewPrivs):' "/proc/$pid/status" > "$out/started.proc"
echo "pid1=$(readlink /proc/1/ns/mnt) unit=$(readlink "/proc/$pid/ns/mnt")" > "$out/started.mntns"
curl -sf http://127.0.0.1:9477/metrics > "$out/metrics-before.txt"
# 8 MiB written, then read through the window: 4 ranges of 2 MiB.
dd if=/dev/urandom of=data bs=1M count=8 2> /dev/null
dd if=data of=/dev/null bs=64k 2> /dev/null
sleep 1
curl -sf http://127.0.0.1:9477/metrics > "$out/metrics-after.txt"

# 2. Stopped by systemd: its summary reaches the journal.
systemctl stop "$unit"
record_state stopped
journalctl -u "$unit" -o cat --no-pager > "$out/journal-stop.txt"

# 3. A crash: restarted after RestartSec.
systemctl start "$unit"
wait_active
pid=$(prop MainPID)
echo "$pid" > "$out/crash.pid"
now > "$out/crash.killed"
kill -SEGV "$pid"
sleep 5
record_state crash-5s
wait_active
echo $? > "$out/restarted.rc"
now > "$out/restarted.at"
record_state restarted
curl -sf http://127.0.0.1:9477/metrics > "$out/metrics-restarted.txt"
systemctl stop "$unit"
journalctl -u "$unit" --no-pager > "$out/journal.txt"
rm -f data
exit 0
