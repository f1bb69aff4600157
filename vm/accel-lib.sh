# shellcheck shell=bash
# Choosing the guest accelerator: pure functions (no QEMU, no files other
# than the ones named), so that tests can feed them both verdicts. Source it.
#
# A verdict is one line: "ok", or "fail: WHY". The probe (vm/accel.sh) boots
# a tiny KVM guest that must print DS_ACCEL_MARKER on its serial console.

DS_ACCEL_MARKER=DAXSCOPE_ACCEL_OK

# ds_accel_judge RC CONSOLE_FILE QEMU_LOG SECS PVM_LOADED: the probe's
# verdict from QEMU's exit status (124 or 137: killed at the time limit),
# its console and log, the time limit, and whether kvm_pvm is loaded (0/1).
ds_accel_judge() {
	local rc=$1 console=$2 qlog=$3 secs=$4 pvm=$5 err hint=''
	if grep -aq "$DS_ACCEL_MARKER" "$console" 2> /dev/null; then
		echo ok
		return
	fi
	[ "$pvm" = 1 ] && hint=" (/dev/kvm belongs to a PVM host: kvm_pvm is loaded)"
	case $rc in
	124 | 137)
		echo "fail: a KVM test guest printed nothing within ${secs} s, stuck after the firmware$hint" ;;
	*)
		err=$(grep -m1 -a 'qemu-system' "$qlog" 2> /dev/null || tail -n 1 "$qlog" 2> /dev/null || true)
		echo "fail: a KVM test guest ended (status $rc) without booting${err:+: $err}$hint" ;;
	esac
}

# ds_accel_device_verdict DEV_FACT USER: the verdict that the KVM device
# alone gives (lib/host-facts.sh's ds_host_kvm_dev: absent, noaccess or
# present). Prints "fail: WHY" where no guest can run under KVM; prints
# nothing for "present", where only a probe boot can tell.
ds_accel_device_verdict() {
	case $1 in
	absent) echo "fail: there is no /dev/kvm" ;;
	noaccess) echo "fail: /dev/kvm is not readable and writable for $2" ;;
	present) ;;
	*) echo "fail: unknown KVM device fact: $1" ;;
	esac
}

# ds_accel_choose REQUEST VERDICT: prints the accelerator to use (kvm or tcg)
# on stdout and, when auto falls back, why on stderr (one line). An explicit
# kvm with a failed verdict is an error: one line, status 1.
ds_accel_choose() {
	local req=$1 verdict=$2
	case $req:$verdict in
	tcg:*) echo tcg ;;
	kvm:ok | auto:ok) echo kvm ;;
	kvm:*) echo "accel: --accel kvm cannot work here: ${verdict#fail: }" >&2; return 1 ;;
	auto:*) echo "accel: auto chose TCG: ${verdict#fail: }" >&2; echo tcg ;;
	*) echo "accel: bad accelerator: $req (auto, kvm or tcg)" >&2; return 2 ;;
	esac
}

# ds_accel_qemu_args ACCEL [intel-mce]: the QEMU options of each accelerator.
# intel-mce: a CPU on which Linux recovers from an action-required machine
# check (it does not on QEMU's AMD models, TCG's default vendor), with local
# machine checks, which need no rendezvous of all CPUs.
ds_accel_qemu_args() {
	case $1:${2:-} in
	kvm:*) echo "-accel kvm -cpu host" ;;
	tcg:intel-mce) echo "-accel tcg -cpu max,vendor=GenuineIntel,lmce=on" ;;
	tcg:*) echo "-accel tcg -cpu max" ;;
	esac
}

# Where a probe's verdict is kept: valid for this boot of the host only
# (DS_ACCEL_CACHE_DIR moves it, for tests).
ds_accel_cache_file() {
	echo "${DS_ACCEL_CACHE_DIR:-$DS_CACHE/accel}/verdict-$(ds_host_boot_id)"
}

# ds_accel_resolve REQUEST QEMU VMLINUX: resolve the accelerator once per
# run (vm/accel.sh prints auto's reason then); the answer is exported as
# DS_ACCEL_CHOSEN ("REQUEST|CHOICE"), so that the guests of the same run,
# and their launchers, reuse it. Read it with ds_accel_chosen.
ds_accel_resolve() {
	local c prev=${DS_ACCEL_CHOSEN:-}
	[ -n "$prev" ] && [ "${prev%%|*}" = "$1" ] && [ -n "${prev#*|}" ] && return 0
	c=$(bash "$DS_ROOT/vm/accel.sh" "$1" "$2" "$3") || return 1
	DS_ACCEL_CHOSEN="$1|$c"
	export DS_ACCEL_CHOSEN
}
ds_accel_chosen() { echo "${DS_ACCEL_CHOSEN#*|}"; }
