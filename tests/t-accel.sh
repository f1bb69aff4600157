#!/usr/bin/env bash
# The accelerator choice: the decision for every host fact (no /dev/kvm, a
# /dev/kvm without access, a KVM whose probe guest hangs as on a PVM host
# or fails to start, a KVM that runs guests), fed to the decision functions
# as facts; then, on this machine, only what holds for its own facts, saying
# "skipped: why" for the rest. The report's accelerator statement for both
# accelerators.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/vm/accel-lib.sh"

# ---- the decision -------------------------------------------------------
# The KVM device alone: no probe can help where it is missing or closed.
expect_eq "no /dev/kvm" "$(ds_accel_device_verdict absent root)" "fail: there is no /dev/kvm"
expect_eq "/dev/kvm without access" "$(ds_accel_device_verdict noaccess alice)" \
	"fail: /dev/kvm is not readable and writable for alice"
expect_eq "/dev/kvm present: the probe decides" "$(ds_accel_device_verdict present root)" ""
for dev in absent noaccess; do
	v=$(ds_accel_device_verdict $dev root)
	expect_eq "auto on a host with $dev /dev/kvm" "$(ds_accel_choose auto "$v" 2> /dev/null)" tcg
	rc=0
	ds_accel_choose kvm "$v" > /dev/null 2>&1 || rc=$?
	expect_eq "kvm on a host with $dev /dev/kvm: status" "$rc" 1
done
expect_eq "auto with a working KVM" "$(ds_accel_choose auto ok 2> /dev/null)" kvm
expect_eq "kvm with a working KVM" "$(ds_accel_choose kvm ok 2> /dev/null)" kvm
expect_eq "tcg asked for" "$(ds_accel_choose tcg ok 2> /dev/null)" tcg
out=$(ds_accel_choose auto "fail: stuck" 2> "$T_WORK/why") || fail "auto with a failed verdict failed"
expect_eq "auto with a failed verdict" "$out" tcg
expect_eq "auto's reason" "$(cat "$T_WORK/why")" "accel: auto chose TCG: stuck"
rc=0
ds_accel_choose kvm "fail: stuck" > "$T_WORK/out" 2> "$T_WORK/why" || rc=$?
expect_eq "kvm with a failed verdict: status" "$rc" 1
[ ! -s "$T_WORK/out" ] || fail "kvm with a failed verdict still chose $(cat "$T_WORK/out")"
expect_eq "kvm's error" "$(cat "$T_WORK/why")" "accel: --accel kvm cannot work here: stuck"

# The judge: the marker on the console is the only success.
echo "junk $DS_ACCEL_MARKER" > "$T_WORK/con.ok"
: > "$T_WORK/con.empty"
echo "qemu-system-x86_64: failed to initialize kvm: No such file" > "$T_WORK/qemu.log"
expect_eq "probe that printed the marker" "$(ds_accel_judge 0 "$T_WORK/con.ok" "$T_WORK/qemu.log" 10 1)" ok
v=$(ds_accel_judge 124 "$T_WORK/con.empty" "$T_WORK/qemu.log" 10 1)
[[ $v == "fail: "*"printed nothing within 10 s"*PVM* ]] || fail "timed-out probe judged: $v"
v=$(ds_accel_judge 1 "$T_WORK/con.empty" "$T_WORK/qemu.log" 10 0)
[[ $v == "fail: "*"status 1"*"failed to initialize kvm"* ]] || fail "failed QEMU judged: $v"
[[ $v != *PVM* ]] || fail "PVM named without kvm_pvm: $v"

# The report names the accelerator, and says TCG numbers are not KVM
# numbers only for a TCG run: the committed fixture (TCG), and the same run
# with its manifest saying KVM.
cp -r "$DS_ROOT/tests/fixtures/report-run" "$T_WORK/kvm-run"
sed -i 's/^accelerator=.*/accelerator=KVM (-accel kvm -cpu host)/' "$T_WORK/kvm-run/manifest"
for r in "$DS_ROOT/tests/fixtures/report-run" "$T_WORK/kvm-run"; do
	"$DS_ROOT/reports/make-report.sh" "$r" -o "$T_WORK/rep-$(basename "$r")" 2> /dev/null ||
		fail "no report of $r"
done
grep -q 'TCG numbers, not KVM numbers' "$T_WORK/rep-report-run/summary.md" || fail "TCG run: no TCG statement"
grep -q '^Accelerator: KVM (-accel kvm -cpu host)' "$T_WORK/rep-kvm-run/summary.md" ||
	fail "KVM run: the report does not name KVM"
! grep -q 'TCG numbers' "$T_WORK/rep-kvm-run/summary.md" || fail "KVM run: the report claims TCG numbers"

# ---- this machine -------------------------------------------------------
# Its facts decide which branch can be checked for real; the others were
# checked above as facts, and are named as skipped here.
export DS_ACCEL_CACHE_DIR=$T_WORK/accel
qdir=$(ds_built qemu)
img=$(ds_built image)
dev=$(ds_host_kvm_dev)
share=$(new_share)
t0=$(date +%s)
rc=0
"$LAUNCH" --accel kvm --mode none --share "$share" -- true 2> "$T_WORK/kvm.err" || rc=$?
secs=$(($(date +%s) - t0))
cat "$T_WORK/kvm.err"
if [ $rc -eq 0 ]; then
	out=$(bash "$DS_ROOT/vm/accel.sh" auto "$qdir/qemu-system-x86_64" "$img/vmlinux")
	expect_eq "auto's choice where KVM runs a guest" "$out" kvm
	echo "KVM works on this host: auto takes it"
	echo "skipped: the TCG fallback on this host (KVM works here; checked above as facts)"
	exit 0
fi
echo "skipped: auto taking KVM on this host (no KVM guest runs here; checked above as facts)"
[ "$secs" -lt 30 ] || fail "--accel kvm took $secs s to fail"
expect_eq "lines of --accel kvm's error" "$(grep -c . "$T_WORK/kvm.err")" 1
grep -q '^accel: --accel kvm cannot work here: [a-z/]' "$T_WORK/kvm.err" ||
	fail "--accel kvm's error does not say why: $(cat "$T_WORK/kvm.err")"
verdict=$(ds_accel_cache_file)
expect_eq "verdict key" "$(basename "$verdict")" "verdict-$(cat /proc/sys/kernel/random/boot_id)"
case $dev in
present)
	# A probe ran and failed (a PVM host, a broken KVM): its verdict is kept
	# for this host boot.
	[ -s "$verdict" ] || fail "no verdict kept in $verdict"
	reason=$(sed 's/^fail: //' "$verdict") ;;
*)
	# The device alone decided: nothing probed, nothing kept, and the
	# error names the device.
	[ ! -e "$verdict" ] || fail "a verdict was kept though $dev /dev/kvm needs no probe"
	reason=$(ds_accel_device_verdict "$dev" "$(id -un)")
	reason=${reason#fail: }
	expect_eq "--accel kvm's error" "$(cat "$T_WORK/kvm.err")" "accel: --accel kvm cannot work here: $reason"
	echo "skipped: the KVM probe boot (this host's /dev/kvm is $dev: no probe runs)" ;;
esac

# auto, with the verdict kept or the device deciding: no probe (well under
# the probe's 10 s), TCG, and why.
t0=$EPOCHREALTIME
out=$(bash "$DS_ROOT/vm/accel.sh" auto "$qdir/qemu-system-x86_64" "$img/vmlinux" 2> "$T_WORK/auto.err")
ms=$(( (${EPOCHREALTIME/./} - ${t0/./}) / 1000 ))
expect_eq "auto's choice" "$out" tcg
[ "$ms" -lt 3000 ] || fail "auto without a probe took $ms ms (probed again?)"
expect_eq "auto's reason" "$(cat "$T_WORK/auto.err")" "accel: auto chose TCG: $reason"

# A real guest under auto: TCG, said in the launcher's log, and it runs.
rc=0
"$LAUNCH" --mode none --share "$share" --cpus 1 -- sh -c 'grep -c ^processor /proc/cpuinfo > cpus' \
	2> "$T_WORK/launch.err" || rc=$?
cat "$T_WORK/launch.err"
expect_eq "guest under auto" "$rc" 0
expect_eq "--cpus 1 in the guest" "$(cat "$share/cpus")" 1
expect_eq "auto's lines in the launcher's log" "$(grep -c '^accel: auto chose TCG: ' "$T_WORK/launch.err")" 1
