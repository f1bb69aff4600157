#!/usr/bin/env bash
# Bring your own host stack (--qemu, --virtiofsd): Debian's own QEMU 7.2 and
# virtiofsd run a none guest, and a dax guest on them is refused in one
# line before anything boots (QEMU: no window; our QEMU with Debian's
# virtiofsd: no shared-memory feature), by the launcher and by the matrix.
# The suite's own binaries given explicitly map exactly what the default
# does. A QEMU that drops the window behind the probe's back makes the dax
# cells fail (the guest cannot mount dax=always), never pass as dax.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/vm/host-stack-lib.sh"
ds_need_pkgs qemu-system-x86
DEB_QEMU=/usr/bin/qemu-system-x86_64 DEB_VFSD=/usr/lib/qemu/virtiofsd
[ -x "$DEB_VFSD" ] || fail "Debian's qemu-system-common has no $DEB_VFSD"
ds_stack_bins
OUR_QEMU=$QEMU OUR_VFSD=$VIRTIOFSD

# What the probe learns of Debian's pair.
facts=$(ds_stack_probe "$DEB_QEMU" "$DEB_VFSD")
cat "$facts"
expect_eq "Debian's QEMU has a window" "$(ds_stack_fact "$facts" qemu_window)" no
expect_eq "Debian's virtiofsd offers shared memory" "$(ds_stack_fact "$facts" virtiofsd_shmem)" no
expect_eq "Debian's virtiofsd's dialect" "$(ds_stack_fact "$facts" virtiofsd_dialect)" c
expect_eq "Debian's virtiofsd keeps counters" "$(ds_stack_fact "$facts" virtiofsd_stats)" no
qver=$(ds_stack_fact "$facts" qemu_version)
[[ $qver == "QEMU emulator version 7.2"* ]] || fail "Debian's QEMU version: $qver"

# refused WHAT EXPECTED -- COMMAND...: one line, status, in seconds, no guest.
refused() {
	local what=$1 want=$2 rc=0 err start
	shift 3
	start=$(date +%s)
	err=$("$@" 2>&1 > /dev/null) || rc=$?
	[ $rc -ne 0 ] || fail "$what: accepted"
	expect_eq "$what: lines" "$(grep -c . <<< "$err")" 1
	expect_eq "$what" "$err" "$want"
	[ $(($(date +%s) - start)) -le 20 ] || fail "$what: took more than 20 s"
	! running || fail "$what: a guest was started"
	echo "refused, as it should be: $err"
}
share=$(new_share)
refused "dax on Debian's QEMU" \
	"launch: $DEB_QEMU ($qver) has no virtio-fs DAX window: vhost-user-fs-pci has no cache-size" -- \
	"$LAUNCH" --qemu "$DEB_QEMU" --virtiofsd "$DEB_VFSD" --mode dax --window 64M --share "$share" -- true
refused "dax with Debian's virtiofsd" \
	"launch: $DEB_VFSD ($(ds_stack_fact "$facts" virtiofsd_version)) cannot map files into a DAX window: it does not offer the vhost-user shared-memory feature (protocol feature 22, VHOST_USER_PROTOCOL_F_SHMEM)" -- \
	"$LAUNCH" --virtiofsd "$DEB_VFSD" --mode dax --window 64M --share "$share" -- true
refused "a dax matrix on Debian's QEMU" \
	"run-matrix: $DEB_QEMU ($qver) has no virtio-fs DAX window: vhost-user-fs-pci has no cache-size" -- \
	"$DS_ROOT/workloads/run-matrix.sh" --qemu "$DEB_QEMU" --virtiofsd "$DEB_VFSD" --modes dax \
	--workloads randread-psync-1f --out "$T_WORK/refused"
[ ! -e "$T_WORK/refused" ] || fail "the refused matrix left a results directory"

# Mode none runs on Debian's pair, and says that it has no counters.
rc=0
"$LAUNCH" --qemu "$DEB_QEMU" --virtiofsd "$DEB_VFSD" --mode none --share "$share" \
	--stats "$T_WORK/none.stats" -- sh -c 'grep " /mnt/share virtiofs" /proc/mounts > mounts' \
	2> "$T_WORK/none.err" || rc=$?
cat "$T_WORK/none.err"
expect_eq "none guest on Debian's stack" "$rc" 0
grep -q ' /mnt/share virtiofs ' "$share/mounts" || fail "no virtio-fs mount in the guest"
grep -q "^launch: $DEB_VFSD .*keeps no mapping counters" "$T_WORK/none.err" || fail "no word about the missing counters"
[ ! -e "$T_WORK/none.stats" ] || fail "a stats file appeared from a virtiofsd without counters"

# The suite's own binaries, given explicitly, map what the default maps: an
# 8 MiB file read once through a 64M window is four 2M ranges.
dd if=/dev/urandom of="$share/f" bs=1M count=8 status=none
for how in default explicit; do
	args=()
	[ $how = default ] || args=(--qemu "$OUR_QEMU" --virtiofsd "$OUR_VFSD")
	"$LAUNCH" "${args[@]}" --mode dax --window 64M --share "$share" --stats "$T_WORK/$how.stats" \
		-- sh -c 'cat f > /dev/null' || fail "dax guest ($how binaries) failed"
	stat_get setup_ranges "$T_WORK/$how.stats"
done
expect_eq "ranges mapped, default binaries" "$(stat_get setup_ranges "$T_WORK/default.stats")" 4
expect_eq "ranges mapped, explicit binaries" "$(stat_get setup_ranges "$T_WORK/explicit.stats")" 4

# A QEMU that passes the probe but boots without the window: the dax cells
# fail with the launcher's reason; none of them is reported as measured.
cat > "$T_WORK/qemu-nowindow" << EOF2
#!/bin/bash
# Drops cache-size from the virtio-fs device: a window promised, not given.
args=()
for a in "\$@"; do args+=("\${a/,cache-size=[0-9]*/}"); done
exec "$OUR_QEMU" "\${args[@]}"
EOF2
chmod +x "$T_WORK/qemu-nowindow"
out=$T_WORK/nowindow
rc=0
"$DS_ROOT/workloads/run-matrix.sh" --qemu "$T_WORK/qemu-nowindow" --virtiofsd "$OUR_VFSD" --modes dax \
	--windows 16M --workloads randread-psync-1f --out "$out" || rc=$?
[ $rc -ne 0 ] || fail "a matrix whose dax guest had no window exited 0"
st=$out/cells/dax-w16M-r2M-stock/randread-psync-1f/1/status
expect_eq "status of the windowless dax cell" "$(sed -n 's/^status=//p' "$st")" failed
grep -q '^reason=.*guest setup failed: mounting the virtio-fs share failed' "$st" ||
	fail "the windowless cell's reason: $(grep ^reason= "$st")"
"$DS_ROOT/reports/make-report.sh" "$out" || true
grep -q '^\*\*No cell was measured\*\*.*mounting the virtio-fs share failed' "$out-report/summary.md" ||
	fail "the report of the windowless run does not say why nothing was measured"
