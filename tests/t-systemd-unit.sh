#!/usr/bin/env bash
# The package under a real systemd: a guest of the systemd image (systemd as
# PID 1, vm/build-sysimage.sh) on a DAX share installs the .deb of make deb
# with dpkg; systemd then starts daxstat-exporter.service with its hardening
# as shipped (the BPF programs load and count the guest's mappings), stops
# it (its summary in the journal), and restarts it after a crash no sooner
# than its RestartSec. The guest only records (tests/guest/systemd-unit.sh);
# every judgement is here.
. "$(dirname "$0")/lib.sh"
cd "$DS_ROOT"
share=$(new_share)
deb=$(make -s deb OUT="$T_WORK/deb" | tail -n 1) || fail "make deb failed"
cp "$deb" "$share/"
unit=collectors/contrib/systemd/daxstat-exporter.service.in
restart_sec=$(sed -n 's/^RestartSec=\([0-9]*\)s$/\1/p' "$unit")
[ -n "$restart_sec" ] || fail "no RestartSec=Ns in $unit"

start=$(date +%s)
"$LAUNCH" --mode dax --window 64M --image systemd --share "$share" --timeout 600 \
	--script tests/guest/systemd-unit.sh || fail "the systemd guest exited $?"
o=$share/out
[ -d "$o" ] || fail "the guest recorded nothing"
val() { sed -n "s/^$2=//p" "$o/$1.state"; }
metric() { awk -v m="$1" '$1 == m {print $2}' "$2"; }

# Installed with dpkg, not enabled by the package.
expect_eq "dpkg -i in the guest" "$(cat "$o/dpkg.rc")" 0
expect_eq "the unit after dpkg -i" "$(cat "$o/enabled")" disabled

# 1. Started, hardened as shipped, its BPF programs counting.
expect_eq "the unit answering /metrics after systemctl start" "$(cat "$o/started.rc")" 0
expect_eq "the unit's state after start" "$(val started ActiveState)/$(val started SubState)" active/running
# CapabilityBoundingSet=CAP_BPF CAP_PERFMON CAP_SYS_ADMIN CAP_SYS_RESOURCE:
# bits 39, 38, 21 and 24 (linux/capability.h).
want=$(printf '%016x' $(((1 << 39) | (1 << 38) | (1 << 21) | (1 << 24))))
expect_eq "the exporter's capability bounding set" "$(sed -n 's/^CapBnd:\t*//p' "$o/started.proc")" "$want"
expect_eq "the exporter's NoNewPrivs" "$(sed -n 's/^NoNewPrivs:\t*//p' "$o/started.proc")" 1
read -r ns1 nsu < <(sed 's/[a-z0-9]*=//g' "$o/started.mntns")
[ -n "$ns1" ] && [ "$ns1" != "$nsu" ] ||
	fail "the exporter shares PID 1's mount namespace (PrivateTmp, ProtectHome not applied): $(cat "$o/started.mntns")"
# A 64M window is 32 ranges of 2 MiB; reading 8 MiB maps at least 4.
[ -s "$o/metrics-after.txt" ] || fail "no scrape after the guest's reads"
expect_eq "window ranges in the scrape" "$(metric daxscope_dax_window_ranges "$o/metrics-after.txt")" 32
before=$(metric daxscope_dax_new_mappings_total "$o/metrics-before.txt")
after=$(metric daxscope_dax_new_mappings_total "$o/metrics-after.txt")
[ -n "$before" ] && [ -n "$after" ] || fail "no daxscope_dax_new_mappings_total in the scrapes"
[ $((after - before)) -ge 4 ] || fail "reading 8 MiB counted $((after - before)) new mappings, expected at least 4"

# 2. Stopped: a clean exit, its summary in the journal.
expect_eq "the unit after systemctl stop" "$(val stopped ActiveState)/$(val stopped Result)" inactive/success
grep -q '^daxstat summary: ' "$o/journal-stop.txt" ||
	fail "no summary in the journal after systemctl stop: $(tail -n 3 "$o/journal-stop.txt")"

# 3. A crash: waiting out RestartSec, then running again as a new process.
expect_eq "the unit 5 s after SIGSEGV" "$(val crash-5s ActiveState)/$(val crash-5s SubState)" activating/auto-restart
# Killed by SIGSEGV (11), with or without a core file.
case $(val crash-5s Result) in signal | core-dump) ;; *) fail "the crash's result: $(val crash-5s Result)" ;; esac
expect_eq "the signal that ended the crashed exporter" "$(val crash-5s ExecMainStatus)" 11
expect_eq "restarted and answering /metrics" "$(cat "$o/restarted.rc")" 0
expect_eq "restarts counted by systemd" "$(val restarted NRestarts)" 1
[ "$(val restarted MainPID)" != "$(cat "$o/crash.pid")" ] || fail "the restarted unit has the crashed PID"
gap=$(awk '{printf "%d", $1}' < <(paste "$o/restarted.at" "$o/crash.killed" | awk '{print $1 - $2}'))
[ "$gap" -ge "$restart_sec" ] || fail "restarted $gap s after the crash, before RestartSec=${restart_sec}s"
[ "$gap" -le $((restart_sec + 30)) ] || fail "restarted only $gap s after the crash (RestartSec=${restart_sec}s)"
[ -s "$o/metrics-restarted.txt" ] || fail "no scrape after the restart"
echo "dpkg installed, systemd started (hardened), stopped and restarted the exporter ($gap s after a crash);" \
	"guest $(($(date +%s) - start)) s"
