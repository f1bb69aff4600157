#!/usr/bin/env bash
# Boot one daxscope guest: virtiofsd shares --share as tag "daxscope", the
# guest mounts it (DAX or not) and runs the command there; the launcher exits
# with the command's status, or with 122-126 naming how the guest ended
# (vm/README.md). QEMU and virtiofsd are always stopped before it returns.
set -euo pipefail
# A background job of a non-interactive shell starts with SIGINT ignored, and
# bash cannot trap a signal ignored on entry: re-exec with SIGINT reset so
# that kill -INT still stops the guest cleanly.
if (( 16#$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status) & 2 )); then
	exec env --default-signal=INT bash "$0" "$@"
fi
. "$(dirname "$0")/../lib/common.sh"

USAGE="usage: vm/launch.sh --mode dax|none [--window SIZE] --share DIR [--timeout SEC] [--modules stock|patched] [--patched-modules DIR] [--mntopts OPTS] [--stats FILE] [--mem SIZE] [--cpus N] [--accel auto|kvm|tcg] [--cache none|auto|always] [--kernel FILE [--kernel-modules DIR|none]] [--qemu BIN] [--virtiofsd BIN] [--log FILE] [--virtiofsd-arg ARG]... [--forward HOSTPORT:GUESTPORT]... [--concurrent] [--image busybox|systemd] [--on-truncate auto|error|zero|fatal] [--keep] [-v] (--script FILE | -- CMD ARGS...)"

fail() { echo "launch: $*" >&2; exit 1; }
# bad: a wrong value (one line); usage: wrong syntax (also shows the usage).
bad() { echo "launch: $*" >&2; exit 2; }
usage() { echo "launch: $*" >&2; echo "$USAGE" >&2; exit 2; }

mode='' window='' share='' timeout=300 modules=stock patched_dir='' mntopts='' stats=''
mem=2G logfile='' script='' keep='' verbose='' concurrent='' image=busybox on_truncate=auto
# DS_ACCEL, DS_CPUS: the defaults of --accel and --cpus.
accel=${DS_ACCEL:-auto} cpus=${DS_CPUS:-2} cache=none
kernel='' kmods=''
vfs_args=() cmd=() forwards=()
qemu_bin=${DS_QEMU:-} vfsd_bin=${DS_VIRTIOFSD:-}
# shellcheck disable=SC2034 # both tables are read by ds_parse_options
declare -A DS_OPT_FLAG=([--keep]=keep [-v]=verbose [--concurrent]=concurrent)
# shellcheck disable=SC2034
declare -A DS_OPT_VALUE=([--mode]=mode [--window]=window [--share]=share [--timeout]=timeout
	[--modules]=modules [--patched-modules]=patched_dir [--mntopts]=mntopts [--stats]=stats
	[--mem]=mem [--log]=logfile [--virtiofsd-arg]='vfs_args[]' [--script]=script [--accel]=accel
	[--cpus]=cpus [--cache]=cache [--kernel]=kernel [--kernel-modules]=kmods [--qemu]=qemu_bin
	[--virtiofsd]=vfsd_bin [--forward]='forwards[]' [--image]=image
	[--on-truncate]=on_truncate)
ds_opt_error() { usage "$*"; }
ds_parse_options "$@"
cmd=("${DS_OPT_REST[@]}")
# The host stack: exported, so that ds_stack_resolve and the children of
# this run see the same binaries.
[ -z "$qemu_bin" ] || export DS_QEMU=$qemu_bin
[ -z "$vfsd_bin" ] || export DS_VIRTIOFSD=$vfsd_bin

# All argument checks come before anything is built or booted.
case $mode in dax | none) ;; '') usage "--mode is required" ;; *) bad "bad --mode: $mode" ;; esac
window_bytes=0
if [ -n "$window" ]; then
	window_bytes=$(ds_bytes "$window") || bad "bad --window size: $window"
fi
if [ "$mode" = dax ]; then
	[ "$window_bytes" -gt 0 ] || bad "mode dax needs --window SIZE (a DAX window)"
	[ $((window_bytes & (window_bytes - 1))) -eq 0 ] && [ "$window_bytes" -ge $((2 << 20)) ] ||
		bad "--window must be a power of two and at least 2M: $window"
elif [ "$window_bytes" -gt 0 ]; then
	bad "mode none takes no --window"
fi
[ -n "$share" ] || usage "--share DIR is required"
[ -d "$share" ] || fail "share is not a directory: $share"
share=$(cd "$share" && pwd)
[[ $timeout =~ ^[1-9][0-9]*$ ]] || bad "bad --timeout: $timeout"
mem_bytes=$(ds_bytes "$mem") || bad "bad --mem size: $mem"
[ $((mem_bytes % (1 << 20))) -eq 0 ] && [ "$mem_bytes" -ge $((256 << 20)) ] ||
	bad "--mem must be a whole number of MiB, at least 256M: $mem"
mem_mib=$((mem_bytes >> 20))
case $accel in auto | kvm | tcg) ;; *) bad "bad --accel: $accel (auto, kvm or tcg)" ;; esac
[[ $cpus =~ ^[1-9][0-9]*$ ]] || bad "bad --cpus: $cpus"
case $cache in none | auto | always) ;; *) bad "bad --cache: $cache (none, auto or always)" ;; esac
# --forward: a TCP port of the guest on a port of the host's loopback.
hostfwds=''
for f in "${forwards[@]}"; do
	[[ $f =~ ^([1-9][0-9]{0,4}):([1-9][0-9]{0,4})$ ]] && [ "${BASH_REMATCH[1]}" -le 65535 ] &&
		[ "${BASH_REMATCH[2]}" -le 65535 ] || bad "bad --forward: $f (HOSTPORT:GUESTPORT)"
	hostfwds+=",hostfwd=tcp:127.0.0.1:${BASH_REMATCH[1]}-:${BASH_REMATCH[2]}"
done
case $image in busybox | systemd) ;; *) bad "bad --image: $image (busybox or systemd)" ;; esac
case $on_truncate in auto | error | zero | fatal) ;; *) bad "bad --on-truncate: $on_truncate (auto, error, zero or fatal)" ;; esac
[ "$image" = busybox ] || [ -z "$kernel" ] || bad "--image $image boots the image's own kernel: no --kernel"
# A user's kernel: checked (vm/user-kernel.sh) before anything boots.
. "$DS_ROOT/vm/kimage-lib.sh"
ds_user_kernel "$kernel" "$kmods" "$mode" "$([ "$modules" = patched ] && echo 1)" || bad "$DS_UK_ERROR"
kernel=$DS_UK_KERNEL kmods=$DS_UK_MODULES
case $modules in
stock) [ -z "$patched_dir" ] || bad "--patched-modules needs --modules patched" ;;
patched)
	[ -n "$patched_dir" ] || bad "--modules patched needs --patched-modules DIR"
	for m in fuse.ko virtiofs.ko; do
		[ -f "$patched_dir/$m" ] || fail "no $m in $patched_dir"
	done ;;
*) bad "bad --modules: $modules" ;;
esac
# The options travel on the kernel command line: no spaces or quotes.
[[ $mntopts =~ ^[A-Za-z0-9_.,=:/+-]*$ ]] || bad "bad --mntopts: $mntopts"
if [ -n "$script" ]; then
	[ ${#cmd[@]} -eq 0 ] || bad "give either --script or -- CMD, not both"
	[ -f "$script" ] || fail "no such script: $script"
else
	[ ${#cmd[@]} -gt 0 ] || usage "a command is required (--script FILE or -- CMD ARGS...)"
fi
if [ -n "$stats" ]; then
	mkdir -p "$(dirname "$stats")"
	stats=$(cd "$(dirname "$stats")" && pwd)/$(basename "$stats")
fi
if [ -n "$logfile" ]; then
	mkdir -p "$(dirname "$logfile")"
	logfile=$(cd "$(dirname "$logfile")" && pwd)/$(basename "$logfile")
fi

# The host stack (vm/host-stack-lib.sh): QEMU and virtiofsd, the suite's
# own or the user's, probed before anything boots; a dax guest on a stack
# without a window is refused here, in one line.
. "$DS_ROOT/vm/host-stack-lib.sh"
ds_resolve image || fail "vm/build-image.sh failed"
img=$(ds_built image)
# The systemd image shares the busybox image's kernel and modules.
root_img=$img
if [ "$image" = systemd ]; then
	ds_resolve sysimage || fail "vm/build-sysimage.sh failed"
	root_img=$(ds_built sysimage)
fi
ds_stack_resolve "$mode" || fail "$DS_STACK_ERROR"
QEMU=$DS_QEMU VIRTIOFSD=$DS_VIRTIOFSD
vfs_dialect=$(ds_stack_fact "$DS_STACK_FACTS" virtiofsd_dialect)
if [ -n "$stats" ] && [ "$(ds_stack_fact "$DS_STACK_FACTS" virtiofsd_stats)" != yes ]; then
	echo "launch: $(ds_stack_name "$DS_STACK_FACTS" virtiofsd) keeps no mapping counters (-o stats_file): $stats is not written" >&2
	stats=''
fi
# Before the guest lock: an --accel kvm that cannot work fails in seconds.
. "$DS_ROOT/vm/accel-lib.sh"
ds_accel_resolve "$accel" "$QEMU" "$img/vmlinux" || exit 1
accel=$(ds_accel_chosen)
# What a guest access to a window page whose file the host truncated does.
truncate_modes=$(ds_stack_fact "$DS_STACK_FACTS" qemu_truncate_modes)
truncate_prop='' cpu_model=''
if [ "$mode" = dax ]; then
	if [ -z "$truncate_modes" ]; then
		[ "$on_truncate" = auto ] ||
			bad "--on-truncate $on_truncate: $(ds_stack_name "$DS_STACK_FACTS" qemu) has no cache-truncate property"
		why="QEMU's own behaviour: it has no cache-truncate property"
	else
		case $on_truncate:$accel in
		error:kvm) bad "--on-truncate error needs TCG: under KVM the guest's own accesses never reach QEMU" ;;
		error:*)
			why="a machine check at the guest's access: SIGBUS for the task, EIO for read()"
			[ "$modules" = patched ] ||
				why="a machine check at the guest's access: SIGBUS for the task; the stock modules panic on it in read()" ;;
		zero:*) why="the guest reads zeros; its stores are lost, told at fsync where QEMU and virtiofsd share a map of lost stores" ;;
		fatal:*) why="QEMU dies of the SIGBUS" ;;
		auto:tcg)
			if [ "$modules" = patched ]; then
				on_truncate=error
				why="the patched modules take the machine check: SIGBUS for the task, EIO for read()"
			else
				on_truncate=zero
				why="the guest reads zeros, untold: the stock modules would panic on the machine check of --on-truncate error"
			fi ;;
		auto:*)
			on_truncate=zero
			why="the guest reads zeros, untold: under KVM QEMU cannot stop the guest's access" ;;
		esac
		truncate_prop=",cache-truncate=$on_truncate"
		[ "$on_truncate" = error ] && cpu_model=intel-mce
	fi
	echo "launch: a host truncate under the DAX window: $on_truncate ($why)" >&2
fi

# 2 cores: one guest at a time, and never beside a QEMU build (under TCG
# both would crawl and timings would be meaningless). --concurrent guests
# time nothing: they share the lock with each other, never with a guest
# that measures.
lockmode=-x
[ -n "$concurrent" ] && lockmode=-s
exec 8>/run/lock/daxscope-guest.lock
if ! flock -n $lockmode 8; then
	log "launch: waiting for another guest to finish"
	flock $lockmode 8
fi
ds_wait_builds "launch: "

run=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-run.XXXXXX")
console=${logfile:-$run/console.log}
qpid='' vpid='' tpid='' keep_logs=''

# QEMU and virtiofsd run in their own sessions (setsid), so each is a process
# group whose id is its leader's pid; virtiofsd's sandbox forks a worker into it.
group_live() { ps -e -o pgid=,pid=,stat= | awk -v g="$1" '$1 == g && $3 !~ /^Z/ {print $2}'; }

# Wait up to $2 s for process group $1 to end; true if it did.
group_wait() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		[ -z "$(group_live "$1")" ] && return 0
		sleep 0.1
	done
	[ -z "$(group_live "$1")" ]
}

# End process group $1: TERM, then KILL, 3 s apart; then reap the leader.
group_stop() {
	group_wait "$1" 0 ||
		{ kill -TERM -- "-$1" 2> /dev/null; group_wait "$1" 3; } ||
		{ kill -KILL -- "-$1" 2> /dev/null; group_wait "$1" 3; }
	wait "$1" 2> /dev/null || true
}

# shellcheck disable=SC2317 # only reached through the EXIT trap
cleanup() {
	local rc=$? w i
	trap - EXIT INT TERM HUP
	set +e
	# Back to the real stderr if the wait loop had moved it (see there).
	{ true >&7; } 2> /dev/null && exec 2>&7 7>&-
	[ -n "$qpid" ] && group_stop "$qpid"
	# virtiofsd exits (writing its stats) once QEMU closes the socket. If it
	# does not, flush the stats with USR1 before stopping it: to the worker,
	# because the sandbox's waiting parent has only empty counters.
	if [ -n "$vpid" ]; then
		if ! group_wait "$vpid" 3 && [ -n "$stats" ]; then
			# shellcheck disable=SC2046 # one pid per word
			w=$(ds_vfs_worker $(group_live "$vpid")) || w=$vpid
			kill -USR1 "$w" 2> /dev/null
			sleep 0.5
		fi
		group_stop "$vpid"
	fi
	# tail --pid drains the console and ends soon after QEMU does.
	if [ -n "$tpid" ]; then
		for ((i = 0; i < 20; i++)); do
			kill -0 "$tpid" 2> /dev/null || break
			sleep 0.1
		done
		kill "$tpid" 2> /dev/null
		wait "$tpid" 2> /dev/null
	fi
	if [ -n "$keep" ]; then
		log "launch: run dir kept: $run"
	elif [ -n "$keep_logs" ]; then
		# An error message points at these logs; drop the bulky parts.
		rm -rf "$run/initrd" "$run/run.cpio" "$run/root" "$run/vfs.sock"
	else
		rm -rf "$run"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Per-run cpio: the command and, if asked, the patched modules. Linux
# unpacks it over base.cpio.
mkdir -p "$run/root/daxscope"
if [ -n "$script" ]; then
	cp "$script" "$run/root/daxscope/cmd"
else
	{
		echo "# written by vm/launch.sh"
		for a in "${cmd[@]}"; do printf "'%s' " "${a//\'/\'\\\'\'}"; done
		echo
	} > "$run/root/daxscope/cmd"
fi
if [ -n "$kernel" ]; then
	kerr=$(bash "$DS_ROOT/vm/user-kernel.sh" prepare "$kernel" "$kmods" "$mode" "$run/root" 2>&1 > /dev/null) ||
		fail "${kerr:-preparing the modules of $kernel failed}"
fi
if [ "$modules" = patched ]; then
	mkdir -p "$run/root/lib/modules/patched"
	cp "$patched_dir/fuse.ko" "$patched_dir/virtiofs.ko" "$run/root/lib/modules/patched/"
fi
(cd "$run/root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$run/run.cpio"
cat "$root_img/base.cpio" "$run/run.cpio" > "$run/initrd" ||
	fail "cannot read the guest image $root_img/base.cpio (removed from the cache while waiting?)"

# The options in the virtiofsd's own dialect (vm/host-stack-lib.sh).
vfs_cmd=("$VIRTIOFSD")
for o in "socket $run/vfs.sock" "source $share" "cache $cache" "threads 2"; do
	mapfile -t -O ${#vfs_cmd[@]} vfs_cmd < <(ds_vfs_opt "$vfs_dialect" "${o%% *}" "${o#* }")
done
[ -n "$stats" ] && vfs_cmd+=(-o stats_file="$stats")
# A window page a zero page replaced no longer reaches its file: its
# stores, which the guest cannot be told about at the access, fail the
# file's fsync instead, where QEMU and virtiofsd both can: they share a
# bitmap of the window's pages. (Under KVM only QEMU's own accesses can
# set a bit.)
lost_prop=''
if [ "$mode" = dax ] && [ -n "$truncate_prop" ] && [ "$on_truncate" != fatal ] &&
	[ "$(ds_stack_fact "$DS_STACK_FACTS" qemu_lost_map)" = yes ] &&
	[ "$(ds_stack_fact "$DS_STACK_FACTS" virtiofsd_lost_map)" = yes ]; then
	truncate -s $(((window_bytes / 4096 + 63) / 64 * 8)) "$run/lost.map"
	vfs_cmd+=(-o lost_map="$run/lost.map")
	lost_prop=",cache-lost-map=$run/lost.map"
fi
vfs_cmd+=("${vfs_args[@]}")
# setsid: a terminal Ctrl-C reaches only us, and we stop the children in order.
setsid "${vfs_cmd[@]}" < /dev/null > "$run/virtiofsd.log" 2>&1 8>&- &
vpid=$!
for ((i = 0; i < 100; i++)); do
	[ -S "$run/vfs.sock" ] && break
	kill -0 "$vpid" 2> /dev/null ||
		{ keep_logs=1; fail "virtiofsd failed: $(tail -n 1 "$run/virtiofsd.log") (see $run/virtiofsd.log)"; }
	sleep 0.1
done
[ -S "$run/vfs.sock" ] ||
	{ keep_logs=1; fail "virtiofsd did not create its socket (see $run/virtiofsd.log)"; }

dev=vhost-user-fs-pci,chardev=vfs,tag=daxscope,queue-size=1024
[ "$mode" = dax ] && dev+=",cache-size=$window_bytes$truncate_prop$lost_prop"
# User networking for --forward only, restricted: the guest reaches nothing
# but its forwarded ports are reachable from the host's loopback.
net_args=() ds_net=0
if [ -n "$hostfwds" ]; then
	net_args=(-netdev "user,id=net0,restrict=on$hostfwds" -device virtio-net-pci,netdev=net0)
	ds_net=1
fi
# The guest's watchdog lists its tasks a little before the timeout (at guest
# uptime, which starts after the firmware); too short a timeout gets none.
watchdog=
[ "$timeout" -ge 60 ] && watchdog=" ds.watchdog=$((timeout - (timeout / 10 > 15 ? timeout / 10 : 15)))"
: > "$console"
start=$EPOCHREALTIME
# sercon-port=0 keeps SeaBIOS's screen output out of the console log.
# shellcheck disable=SC2046 # the accelerator's and common options are words
setsid "$QEMU" $(ds_accel_qemu_args "$accel" $cpu_model) -smp "$cpus" -m "${mem_mib}M" \
	$(ds_qemu_common_args) \
	-fw_cfg name=etc/sercon-port,string=0 \
	-chardev file,id=con,path="$console" -serial chardev:con \
	-kernel "${kernel:-$img/vmlinux}" -initrd "$run/initrd" \
	-append "console=ttyS0 quiet panic=-1 ds.mode=$mode ds.modules=$modules ds.mntopts=$mntopts ds.net=$ds_net ds.init=$image$watchdog" \
	-object memory-backend-memfd,id=mem,size="${mem_mib}M",share=on \
	-machine q35,memory-backend=mem \
	-chardev socket,id=vfs,path="$run/vfs.sock" -device "$dev" "${net_args[@]}" \
	< /dev/null > "$run/qemu.log" 2>&1 8>&- &
qpid=$!
if [ -n "$verbose" ]; then
	tail -n +1 -s 0.2 -f --pid="$qpid" "$console" >&2 8>&- &
	tpid=$!
fi

elapsed() { echo $(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 )); } # ms
# How a process ended, from its wait status: "was killed by SIGxxx" or
# "exited with status N".
ended() {
	if [ "$1" -gt 128 ]; then
		echo "was killed by SIG$(kill -l $(($1 - 128)))"
	else
		echo "exited with status $1"
	fi
}
last_line() {
	local l
	l=$(grep -av '^[[:space:]]*$' "$1" | tail -n 1)
	echo "${l:-(empty log)}"
}
# The guest watchdog's task list, as "tasks blocked: comm[pid] in wchan, ..."
# (D state) or the user tasks and where they sleep when none is blocked.
hung_tasks() {
	local tasks lockup
	# A CPU stuck in the kernel says so at emergency level, above "quiet".
	lockup=$(tr -d '\r' < "$console" | grep -a -m1 -E 'soft lockup|hard LOCKUP|rcu: INFO|self-detected stall|BUG:' |
		sed 's/^\[ *[0-9.]*\] //' || true)
	[ -n "$lockup" ] && echo -n "the guest kernel reported: $lockup; "
	grep -aq '^DAXSCOPE_HUNG' "$console" ||
		{ echo "the guest listed no tasks (its watchdog did not run: the guest kernel hung?)"; return; }
	tasks=$(tr -d '\r' < "$console" | awk '$1 == "DAXSCOPE_TASK:" && $4 == "D" {print $3 "[" $2 "] in " $5}' | paste -sd ';' -)
	if [ -n "$tasks" ]; then
		echo "tasks blocked: ${tasks//;/, }"
		return
	fi
	tasks=$(tr -d '\r' < "$console" | awk '$1 == "DAXSCOPE_TASK:" && $2 != 1 {print $3 "[" $2 "] " $4 " in " $5}' | paste -sd ';' -)
	echo "no task blocked; user tasks: ${tasks//;/, }"
}
exited_guest() { grep -aq 'DAXSCOPE_EXIT=' "$console"; }
# The guest kernel's panic, with the reason it printed just before, if any.
guest_panic() {
	local why
	grep -aq 'Kernel panic - not syncing' "$console" || return 1
	why=$(tr -d '\r' < "$console" | grep -a -B1 -m1 'Kernel panic - not syncing' |
		sed 's/^\[ *[0-9.]*\] //' | paste -sd ';' -)
	echo "launch: guest kernel panicked: ${why//;/; } (see $console)" >&7
}
# Exit codes of the launcher itself (vm/README.md): 121 guest kernel
# panicked, 122 QEMU killed by a signal, 123 virtiofsd died while the guest
# ran, 124 timeout, 125 guest ended without a status, 126 guest setup failed.
# bash reports a background job killed by a signal ("Killed", "Bus error")
# on its own stderr, on a line of its own; the launcher names it on one line,
# so from here on bash's stderr goes to a log and ours to fd 7.
exec 7>&2 2>> "$run/jobs.log"
ready=
while kill -0 "$qpid" 2> /dev/null; do
	# virtiofsd going first is only normal once the guest has reported its
	# status (QEMU then closes the socket); otherwise the guest's I/O would
	# hang until the timeout, so stop it now.
	if [ -n "$vpid" ] && ! kill -0 "$vpid" 2> /dev/null; then
		vrc=0
		wait "$vpid" || vrc=$?
		if exited_guest; then
			group_wait "$qpid" 5 || group_stop "$qpid"
			break
		fi
		# A panicked guest or a crashed QEMU ends QEMU (-no-reboot), and
		# with it virtiofsd: name QEMU's end then, below.
		group_wait "$qpid" 2 && break
		keep_logs=1
		group_stop "$qpid"
		qpid=
		echo "launch: virtiofsd $(ended "$vrc") while the guest ran, guest stopped;" \
			"its last log line: $(last_line "$run/virtiofsd.log") (see $run/virtiofsd.log)" >&7
		exit 123
	fi
	if [ -z "$ready" ] && grep -aq '^DAXSCOPE_START' "$console"; then
		ready=1
		ms=$(elapsed)
		echo "launch: guest ready after $((ms / 1000)).$((ms % 1000 / 100)) s" >&7
	fi
	if [ "$(elapsed)" -ge $((timeout * 1000)) ]; then
		group_stop "$qpid"
		qpid=
		keep_logs=1
		echo "launch: guest timed out after $timeout s; $(hung_tasks) (see $console)" >&7
		exit 124
	fi
	sleep 0.1
done
qrc=0
wait "$qpid" || qrc=$?
qpid=

# The command's output may lack a final newline: take the last marker
# that ends a line.
status=$(tr -d '\r' < "$console" | { grep -ao 'DAXSCOPE_EXIT=[0-9]*$' || true; } |
	tail -n 1 | cut -d= -f2)
setup=$(tr -d '\r' < "$console" | grep -a '^DAXSCOPE_SETUP_FAILED: ' | tail -n 1 || true)
if [ -n "$setup" ]; then
	keep_logs=1
	echo "launch: guest setup failed: ${setup#*: } (see $console)" >&7
	exit 126
fi
if [ -z "$status" ]; then
	keep_logs=1
	guest_panic && exit 121
	if [ "$qrc" -gt 128 ]; then
		hint=
		[ $((qrc - 128)) -eq "$(kill -l BUS)" ] &&
			hint=" (a file mapped in the DAX window was likely truncated on the host)"
		# Its own fw_cfg warning is always there and says nothing.
		err=$(grep -v 'sercon-port' "$run/qemu.log" | tail -n 1 || true)
		echo "launch: qemu $(ended "$qrc")$hint${err:+: $err} (see $run/qemu.log)" >&7
		exit 122
	fi
	if [ -z "$ready" ] && [ "$qrc" -ne 0 ]; then
		err=$(grep -m1 'qemu-system-x86_64:' "$run/qemu.log" || tail -n 1 "$run/qemu.log")
		echo "launch: qemu exited with status $qrc: $err (see $run/qemu.log)" >&7
	else
		echo "launch: guest ended without reporting an exit status (see $console)" >&7
	fi
	exit 125
fi
exit "$status"
