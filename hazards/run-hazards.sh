#!/usr/bin/env bash
# `make hazards`: the review thread's hazards and the faults around them,
# each scenario of hazards/scenarios.list in a fresh guest (they may kill
# it). Writes a results directory with one subdirectory of logs per scenario
# and hazards.md, the table: scenario, expected, observed, data check,
# verdict. Exits 1 if any verdict is FAIL.
#
# usage: hazards/run-hazards.sh [--out DIR] [SCENARIO-GLOB...]
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

LAUNCH=$DS_ROOT/vm/launch.sh
LIST=$DS_ROOT/hazards/scenarios.list
USAGE="usage: hazards/run-hazards.sh [--out DIR] [SCENARIO-GLOB...]"
bad() { echo "hazards: $*" >&2; exit 2; }

out='' globs=()
while [ $# -gt 0 ]; do
	case $1 in
	--out) [ $# -ge 2 ] || bad "--out needs a directory"; out=$2; shift 2 ;;
	-h | --help) echo "$USAGE"; exit 0 ;;
	-*) bad "unknown argument: $1" ;;
	*) globs+=("$1"); shift ;;
	esac
done
[ ${#globs[@]} -gt 0 ] || globs=('*')

rows=()
while read -r name kind arg expected what; do
	for g in "${globs[@]}"; do
		# shellcheck disable=SC2053 # the glob is meant
		if [[ $name == $g ]]; then
			rows+=("$name|$kind|$arg|$expected|$what")
			break
		fi
	done
done < <(grep -v '^[[:space:]]*\(#\|$\)' "$LIST")
[ ${#rows[@]} -gt 0 ] || bad "no scenario matches: ${globs[*]}"

[ -n "$out" ] || out=$DS_ROOT/results/hazards-$(date +%Y%m%d-%H%M%S)
[ ! -e "$out" ] || [ -z "$(ls -A "$out" 2> /dev/null)" ] ||
	bad "results directory exists and is not empty: $out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-hazards.XXXXXX")
lpid=''
# shellcheck disable=SC2317 # reached through the trap
on_exit() {
	[ -n "$lpid" ] && kill -TERM "$lpid" 2> /dev/null && wait "$lpid" 2> /dev/null
	rm -rf "$work"
}
trap on_exit EXIT

ds_resolve tools || bad "cannot build hazards/hz.c (lib/build-tools.sh)"
HZ=$(ds_built tools)/hz
FILE_SIZE=$((8 << 20))
PAGES=$((FILE_SIZE / 4096))

# ---- one guest ----------------------------------------------------------
# Each guest gets its own TMPDIR, so that its QEMU and virtiofsd are found by
# the run directory on their command lines, and nothing else is.

# start_guest LAUNCH-OPTIONS... -- CMD...: boot in the background.
start_guest() {
	TMPDIR=$tmp "$LAUNCH" --share "$share" --log "$dir/console.log" --keep \
		--timeout 180 "$@" > "$dir/launch.out" 2> "$dir/launch.err" &
	lpid=$!
}

# console_count PATTERN: lines of the guest console matching PATTERN.
console_count() {
	tr -d '\r' 2> /dev/null < "$dir/console.log" | grep -ac "$1" || true
}

# console_last PATTERN: the last line of the guest console matching PATTERN.
console_last() {
	tr -d '\r' 2> /dev/null < "$dir/console.log" | grep -a "$1" | tail -n 1 || true
}

# qemu_count PATTERN: lines of QEMU's log matching PATTERN.
qemu_count() { grep -c "$1" "$dir/qemu.log" 2> /dev/null || true; }

# qemu_total KEY PATTERN: the count QEMU printed at exit after KEY ("truncate
# events", "machine checks raised", "pages replaced by zeros"), or where it
# printed none (it died) its log lines matching PATTERN, of which it prints
# at most 64.
qemu_total() {
	local n
	n=$(sed -n "s/^vhost-user-fs: DAX window .*$1: \([0-9]*\).*/\1/p" "$dir/qemu.log" 2> /dev/null | tail -n 1)
	[ -n "$n" ] || n=$(qemu_count "$2")
	echo "$n"
}

# patched_modules: the launcher options for the patched modules, built if
# need be, in the array mod_args.
patched_modules() {
	ds_resolve modules || bad "cannot build the patched modules (kernel/build-modules.sh)"
	mod_args=(--modules patched --patched-modules "$(ds_built modules)")
}

# wait_console PATTERN [N]: until N (1) console lines match; false if the
# guest ended first. The launcher may first wait for other guests to end,
# and bounds the guest's own time with its --timeout.
wait_console() {
	while :; do
		[ "$(console_count "$1")" -ge "${2:-1}" ] && return 0
		kill -0 "$lpid" 2> /dev/null || return 1
		sleep 0.1
	done
}

# truncate_when_ready FILE BYTES: once the guest says HZ_READY, truncate
# FILE to BYTES and create the marker "truncated" the guest waits for.
truncate_when_ready() {
	wait_console '^HZ_READY' || return 0
	truncate -s "$2" "$1"
	touch "$share/truncated"
}

# console_value KEY: the rest of the last console line "KEY rest".
console_value() {
	local v
	v=$(console_last "^$1 ")
	echo "${v#"$1" }"
}

pids_of() { ds_host_pids "$tmp" "$1"; }

# finish_guest: wait for the launcher, keep its logs, set rc and observed.
finish_guest() {
	local run
	rc=0
	wait "$lpid" || rc=$?
	lpid=''
	run=$(sed -n 's/.*launch: run dir kept: //p' "$dir/launch.err" | tail -n 1)
	if [ -n "$run" ] && [ -d "$run" ]; then
		cp "$run"/qemu.log "$run"/virtiofsd.log "$dir/" 2> /dev/null || true
		rm -rf "$run"
	fi
	left=$(pids_of '(qemu-system-x86_64|virtiofsd)')
	case $rc in
	121) observed=guest-panic ;;
	122) observed=QEMU-died ;;
	123) observed=virtiofsd-died ;;
	124) observed=hung ;;
	*)
		if [ "$(console_count '^HZ_SIGBUS')" -gt 0 ]; then
			observed=SIGBUS
		elif [ "$(console_count '^HZ_EIO.* errno=14$')" -gt 0 ]; then
			observed=EFAULT
		elif [ "$(console_count '^HZ_EIO')" -gt 0 ]; then
			observed=EIO
		elif [ "$rc" -eq 0 ]; then
			observed=survived
		else
			observed="exit-$rc"
		fi ;;
	esac
}

# The console's complete lines: a last line without its newline was cut by
# the kill (a record number may be missing digits) and does not count.
complete_lines() {
	if [ -n "$(tail -c 1 "$1")" ]; then
		sed '$d' "$1"
	else
		cat "$1"
	fi | tr -d '\r'
}

# The last complete "HZ_DONE_REC N" line's N, or -1.
last_done() {
	local n
	n=$(complete_lines "$dir/console.log" | grep -a '^HZ_DONE_REC [0-9]*$' | tail -n 1 | cut -d' ' -f2)
	echo "${n:--1}"
}

# Lines bash itself printed about a killed job: the launcher's one line
# naming the death must be the only one.
job_notices() { grep -c 'launch\.sh: line [0-9]*: ' "$dir/launch.err" || true; }

# The launcher's last line, for a guest that ended before its scenario ran.
launcher_said() {
	echo "launcher: $(grep -v 'run dir kept\|waiting for' "$dir/launch.err" 2> /dev/null | tail -n 1)"
}

kill_qemu_after() {
	wait_console "$1" "$2" || { check="BAD: the guest never reported $2 x '$1' ($(launcher_said))"; return 1; }
	# shellcheck disable=SC2046 # one pid per word
	kill -KILL $(pids_of qemu-system-x86_64)
}

# ---- scenarios: set observed (finish_guest) and check ("ok: ..."/"BAD: ...")

# truncate HOW:KEEP:ON[:MODULES]: the guest reads the file (HOW mmap or
# pread) or stores to it (mmap-store, pwrite, or splice from a pipe) in a
# loop; the host truncates
# it to 0 or half, with launch.sh --on-truncate ON, the guest running the
# stock (default) or patched modules; the guest reports what it read or
# wrote afterwards, or the error it got.
sc_truncate() {
	local how keep on mods keep_pages op mod_args=()
	IFS=: read -r how keep on mods <<< "$1"
	[ "${mods:-stock}" = patched ] && patched_modules
	case $how in
	mmap | pread) op="read f $how" ;;
	mmap-store) op="write f mmap" ;;
	pwrite | splice) op="write f $how" ;;
	esac
	"$HZ" mkfile "$share/f" "$FILE_SIZE"
	keep_pages=0
	[ "$keep" = half ] && keep_pages=$((PAGES / 2))
	if [ "$on" = error ]; then
		# A window of one file's size: the fio file after it is mapped
		# over the very ranges that failed.
		start_guest --mode dax --window "$((FILE_SIZE >> 20))M" --on-truncate error "${mod_args[@]}" -- \
			sh -c "./hz $op truncated; $FIO_AFTER"
	else
		# shellcheck disable=SC2086 # $op is the command's words
		start_guest --mode dax --window 64M --on-truncate "$on" "${mod_args[@]}" -- ./hz $op truncated
	fi
	truncate_when_ready "$share/f" $((keep_pages * 4096))
	finish_guest
	truncate_check_"$on" "$keep_pages" "${mods:-stock}" "$how"
}

# A second file written and verified by fio in the same guest, after the
# error: the window and the guest are still usable.
FIO_AFTER="fio --name=after --filename=after.dat --size=$((FILE_SIZE >> 20))M --rw=write --bs=64k \
--verify=crc32c --do_verify=1 > fio-after.log 2>&1 && echo HZ_AFTER_OK || echo HZ_AFTER_BAD"

# after_said: HZ_AFTER_OK, or HZ_AFTER_BAD with fio's first error line.
after_said() {
	local after err
	after=$(console_last '^HZ_AFTER')
	[ "$after" = HZ_AFTER_BAD ] &&
		err=$(grep -m 1 -E 'fio: |verify: |err= *[1-9]' "$share/fio-after.log" 2> /dev/null) &&
		after="$after (fio: $err)"
	echo "$after"
}

# A store of the guest kernel from its own memory past the new end (splice
# from a pipe): Linux has no recoverable path for a machine check there, so
# QEMU puts a zero page under it. truncate_lost_stores KEEP AFTER LINE: the
# host file kept its truncated size and fio verified a file after; LINE is
# the guest's fsync EIO (QEMU and virtiofsd share a map of lost stores), or
# its HZ_DONE where they share none (another host stack): told nothing, its
# fsync succeeded: lost-write.
truncate_lost_stores() {
	local keep_pages=$1 after=$2 line=$3 size zeros
	size=$(stat -c %s "$share/f")
	zeros=$(qemu_total 'pages replaced by zeros' 'page replaced by zeros')
	[ "$size" -eq $((keep_pages * 4096)) ] && [ "${zeros:-0}" -gt 0 ] && [ "$after" = HZ_AFTER_OK ] || return 0
	if [[ $line == HZ_DONE* ]]; then
		observed=lost-write
		check="ok: a known gap: guest said '$line' but the host file kept its truncated $size bytes; QEMU replaced $zeros pages by zeros, the guest kernel's stores; then fio verified a file over the same ranges"
	else
		check="ok: the guest kernel's stores past the new end went to $zeros zero pages and the file's fsync said EIO; the host file kept its truncated $size bytes; then fio verified a file over the same ranges"
	fi
}

# zero: the guest reads zeros past the new end, QEMU logs each page.
truncate_check_zero() {
	local keep_pages=$1 result events want
	result=$(console_last '^HZ_DONE ')
	events=$(qemu_total 'truncate events' 'file truncated on the host')
	want="data=$keep_pages zero=$((PAGES - keep_pages)) other=0"
	if [ "${result#HZ_DONE }" = "$want" ] && [ "${events:-0}" -gt 0 ]; then
		check="ok: guest reads $want pages (zeros past the new end); QEMU counted ${events} truncate events"
	else
		check="BAD: guest read '${result:-nothing}' (want $want); QEMU counted ${events:-0} truncate events"
	fi
}

# error: the task is told at its first access past the new end, by a
# machine check the guest turns into SIGBUS (si_code 4, BUS_MCEERR_AR) or
# EIO; the guest lives on and fio verifies a file over the same ranges.
# Except for read() with the stock modules: their plain copy from the window
# cannot take a machine check, and the guest panics, saying so.
truncate_check_error() {
	local keep_pages=$1 mods=$2 how=$3 line page mces after panic
	if [ "$observed" = guest-panic ]; then
		panic=$(grep -o 'guest kernel panicked: .*' "$dir/launch.err" | head -n 1)
		if [ "$mods" = stock ] && [[ $panic == *'Data load in unrecoverable area of kernel'* ]]; then
			check="ok: the stock modules' read() takes the machine check in a plain copy: ${panic#guest kernel }"
		else
			check="BAD: ${panic:-no panic line from the launcher}"
		fi
		return 0
	fi
	line=$(console_last '^HZ_\(SIGBUS\|EIO\|DONE\)')
	mces=$(qemu_total 'machine checks raised' 'machine check raised in the guest')
	after=$(console_last '^HZ_AFTER')
	page=$(sed -n 's/.*page=\([-0-9]*\).*/\1/p' <<< "$line")
	check="BAD: guest said '${line:-nothing}' then '$(after_said)'; QEMU raised ${mces:-0} machine checks"
	# Only splice's stores are told at fsync; write()'s at the copy.
	if [[ $line == 'HZ_DONE wrote='* ]] ||
		{ [ "$line" = 'HZ_EIO fsync errno=5' ] && [ "$how" = splice ]; }; then
		truncate_lost_stores "$keep_pages" "$after" "$line"
		return 0
	fi
	case $line in
	'HZ_SIGBUS code=4 '*) [ "$page" -ge "$keep_pages" ] || return 0 ;;
	# The guest's memory_failure() can fail on the DAX page (seen for
	# stores and, rarely, loads) and the kernel falls back to a plain
	# SIGBUS (SI_KERNEL), at the access all the same: the task learns,
	# the guest lives on.
	'HZ_SIGBUS code=128 '*) [[ $how == mmap* ]] || return 0 ;;
	'HZ_EIO page='*' errno=5') [ "$how" != splice ] && [ "$page" -ge "$keep_pages" ] || return 0 ;;
	# The stock modules' write(): the copy stops short at the machine
	# check and dax_iomap_rw() says EFAULT, which nothing turns into EIO.
	'HZ_EIO page='*' errno=14') [ "$mods" = stock ] && [ "$page" -ge "$keep_pages" ] || return 0 ;;
	*) return 0 ;;
	esac
	[ "${mces:-0}" -gt 0 ] || return 0
	if [ "$mods" = patched ] && [ "$after" = HZ_AFTER_OK ]; then
		check="ok: '$line', past the new end (page $keep_pages); QEMU raised $mces machine checks; then fio wrote and verified a file over the same window ranges"
	elif [ "$observed" = EFAULT ] && [ "$after" = HZ_AFTER_OK ]; then
		# memory_failure() found no task mapping the page and left it
		# alone: nothing to undo.
		check="ok: '$line', past the new end (page $keep_pages); QEMU raised $mces machine checks; then fio wrote and verified a file over the same window ranges"
	elif [ "$mods" = stock ] && [ "$after" = HZ_AFTER_BAD ]; then
		# memory_failure() left the window page poisoned and out of the
		# direct map; kernel patch 0008 undoes that on the next mapping.
		check="ok: '$line', past the new end (page $keep_pages); QEMU raised $mces machine checks; fio over the same window ranges then fails, as the stock modules leave the page poisoned"
	fi
}

# extend ON[:MODULES]: the review's partial-extend race in its worst order:
# the host truncates the file to half after the guest read its last page,
# and the guest then writes four pages straddling the EOF it still believes
# in. The 6.1 driver sends a write that extends the file whole as FUSE
# WRITE, so nothing touches the window: the host file comes out with the
# four pages past a hole where the host cut (the write re-extends the file,
# as on any file system), and every page holds its data or zeros.
sc_extend() {
	local on mods line size res want events mod_args=()
	IFS=: read -r on mods <<< "$1"
	[ "${mods:-stock}" = patched ] && patched_modules
	"$HZ" mkfile "$share/f" "$FILE_SIZE"
	start_guest --mode dax --window 64M --on-truncate "$on" "${mod_args[@]}" -- sh -c "./hz extend f truncated; $FIO_AFTER"
	truncate_when_ready "$share/f" $((PAGES / 2 * 4096))
	finish_guest
	line=$(console_last '^HZ_\(EIO\|DONE\)')
	size=$(stat -c %s "$share/f")
	res="$("$HZ" census "$share/f" 0 $((PAGES / 2))) / $("$HZ" census "$share/f" $((PAGES / 2)) $((PAGES - 2))) / $("$HZ" census "$share/f" $((PAGES - 2)) $((PAGES + 2)))"
	want="data=$((PAGES / 2)) zero=0 other=0 / data=0 zero=$((PAGES / 2 - 2)) other=0 / data=4 zero=0 other=0"
	events=$(qemu_total 'truncate events' 'file truncated on the host')
	check="BAD: guest said '${line:-nothing}'; the host file has $size bytes; its pages before the cut / from the cut to the write / of the write: $res (want $want); QEMU counted ${events:-0} window truncate events"
	[ "$line" = "HZ_DONE wrote=16384 pages=$((PAGES + 2))" ] && [ "$size" -eq $(((PAGES + 2) * 4096)) ] &&
		[ "$res" = "$want" ] && [ "${events:-0}" -eq 0 ] || return 0
	check="BAD: the write reached the host whole, but then '$(after_said)'"
	[ "$(console_last '^HZ_AFTER')" = HZ_AFTER_OK ] || return 0
	check="ok: the write reached the host whole as FUSE WRITE: $((PAGES + 2)) pages, the 4 written past a hole of $((PAGES / 2 - 2)) where the host cut, the data before the cut intact; nothing touched the window past EOF; fio verified a file after"
}

# reclaim ON: the patched modules in a one-range window, hz run from the
# guest's memory (from the share, its text would hold the range). The guest dirties
# file a through a mapping, the host truncates a to 0, and the guest then
# reads file b, whose fault waits until a's range is reclaimed, and loads
# a's first page again. The reclaim of a range whose file the host emptied
# completes, b reads its data, and the new access to a gets what ON gives
# past EOF: zeros (zero) or SIGBUS (error). The connection's counters (kernel
# patch 0007) must show the reclaims.
sc_reclaim() {
	local on=$1 b line counters reclaims mces want mod_args=()
	patched_modules
	"$HZ" mkfile "$share/a" $((2 << 20))
	"$HZ" mkfile "$share/b" $((2 << 20))
	start_guest --mode dax --window 2M --on-truncate "$on" "${mod_args[@]}" -- sh -c \
		"mkdir -p /tmp && cp hz /tmp/hz && /tmp/hz reclaim a b truncated; mount -t fusectl fusectl /sys/fs/fuse/connections;
		echo HZ_COUNTERS \$(grep -h '^reclaim_[a-z]*=' /sys/fs/fuse/connections/*/dax); $FIO_AFTER"
	truncate_when_ready "$share/a" 0
	finish_guest
	b=$(console_last '^HZ_B ')
	line=$(console_last '^HZ_\(SIGBUS\|DONE\)')
	counters=$(console_last '^HZ_COUNTERS')
	reclaims=$(tr ' ' '\n' <<< "$counters" | awk -F= '$1 == "reclaim_worker" || $1 == "reclaim_inline" { n += $2 } END { print n + 0 }')
	mces=$(qemu_total 'machine checks raised' 'machine check raised in the guest')
	check="BAD: guest said '${b:-nothing}', then '${line:-nothing}', '${counters:-no counters}', '$(after_said)'; QEMU raised ${mces:-0} machine checks"
	[ "$b" = "HZ_B data=512 zero=0 other=0" ] && [ "$reclaims" -ge 2 ] &&
		[ "$(console_last '^HZ_AFTER')" = HZ_AFTER_OK ] || return 0
	case $on:$line in
	'zero:HZ_DONE a0=zero') want="a's first page reads zeros" ;;
	error:'HZ_SIGBUS code=4 page=0' | error:'HZ_SIGBUS code=128 page=-1')
		[ "${mces:-0}" -gt 0 ] || return 0
		want="the load of a's first page got '$line' ($mces machine checks)" ;;
	*) return 0 ;;
	esac
	check="ok: b read whole while a's emptied range was reclaimed ($reclaims reclaims); then $want; fio verified a file after"
}

# eofrace SECONDS:MODULES: kernel patch 0002's case. The host shrinks a file
# to half and restores it every 2 ms, while the guest
# overwrites its last four pages and, in a second task, stats it (cache=none:
# each stat takes the host's size). A write checked against the old size
# meets the new one in fuse_iomap_begin(): the stock modules fail it with
# EIO (and warn), the patched ones send it as FUSE WRITE.
sc_eofrace() {
	local secs mods flips=0 res warns mod_args=()
	IFS=: read -r secs mods <<< "$1"
	[ "$mods" = patched ] && patched_modules
	"$HZ" mkfile "$share/f" "$FILE_SIZE"
	start_guest --mode dax --window 64M --on-truncate zero "${mod_args[@]}" -- sh -c \
		"./hz eofrace f $secs; dmesg | grep -A1 'WARNING:'; echo HZ_WARNINGS \$(dmesg | grep -c 'WARNING:')"
	wait_console '^HZ_READY' && flips=$("$HZ" flip "$share/f" $((FILE_SIZE / 2)) "$FILE_SIZE" "$secs")
	finish_guest
	res=$(console_last '^HZ_EOFRACE ')
	warns=$(console_value HZ_WARNINGS)
	check="BAD: guest said '${res:-nothing}' after $flips host truncates; ${warns:-no count of} kernel warnings"
	case $mods:$res in
	patched:'HZ_EOFRACE writes='*' eio=0 other=0')
		[ "${warns:-x}" = 0 ] && check="ok: ${res#HZ_EOFRACE }, $flips host truncates, no kernel warning" ;;
	stock:'HZ_EOFRACE writes='*' other=0')
		[[ $res == *' eio=0 '* ]] ||
			check="ok: the bug kernel patch 0002 fixes: ${res#HZ_EOFRACE } in $flips host truncates; $warns kernel warnings" ;;
	esac
	[[ $check == ok:* ]] && [ "$mods" = stock ] && observed=EIO
	return 0
}

# reclaimrace ROUNDS:MODULES: kernel patch 0001's case, in a window of two
# ranges (hz reclaimrace): the background worker and an inline reclaim both
# wait for a pinned page of the same range. Where the worker wins, the
# stock driver also hands the range to the inline reclaimer while it is
# back in the free pool; the next file then gets it too, and a read of the
# first file shows the second's data, or the kernel's list checks catch the
# range on two lists (a BUG). Observed as corrupt either way; the patched
# modules must get through every round.
sc_reclaimrace() {
	local rounds mods line bug mod_args=()
	IFS=: read -r rounds mods <<< "$1"
	[ "$mods" = patched ] && patched_modules
	"$HZ" mkfile "$share/a" $((8 << 20))
	"$HZ" mkfile "$share/b" $((2 << 20)) 100000
	start_guest --mode dax --window 4M --on-truncate zero "${mod_args[@]}" -- sh -c \
		"mkdir -p /tmp && cp hz /tmp/hz && /tmp/hz reclaimrace a b 100000 $rounds"
	# Debian's kernel checks list operations: the double use of a range
	# is a BUG there, which leaves the guest hung; stop it at once.
	if wait_console 'kernel BUG at\|^HZ_\(ALIAS\|BADREAD\|DONE\)' &&
		[ "$(console_count 'kernel BUG at')" -gt 0 ]; then
		sleep 1
		# shellcheck disable=SC2046 # one pid per word
		kill -KILL $(pids_of qemu-system-x86_64) 2> /dev/null || true
	fi
	finish_guest
	line=$(console_last '^HZ_\(ALIAS\|BADREAD\|DONE\)')
	bug=$(console_last 'list_add double add\|list_del corruption')
	[[ $line == HZ_ALIAS* ]] || [ -n "$bug" ] && observed=corrupt
	check="BAD: guest said '${line:-nothing}' ($(launcher_said))"
	case $mods:$line in
	stock:HZ_ALIAS*) check="ok: the bug kernel patch 0001 fixes, at ${line#HZ_ALIAS }: file a's read at 4M returned file b's data" ;;
	stock:*) [ -z "$bug" ] || check="ok: the bug kernel patch 0001 fixes: one range handed out twice, which the kernel's list checks caught: '${bug#*] }'" ;;
	patched:"HZ_DONE rounds=$rounds aliases=0")
		[ -n "$bug" ] || check="ok: $rounds rounds, file a read its own data at 4M every time" ;;
	esac
}

# soak SECONDS:OPMASK: a guest of the patched modules under --on-truncate
# error does the operations of OPMASK (hz soak: 1 mmap load, 2 mmap store,
# 4 pread, 8 pwrite) on random pages of four 2M files in a 4M window (so
# ranges are reclaimed all the time) while the host truncates a random one
# to a random length and restores it, about five times a second; fio then
# verifies a file over the same ranges. DS_SOAK_SECONDS overrides SECONDS.
sc_soak() {
	local secs=${DS_SOAK_SECONDS:-${1%:*}} ops=${1#*:} i f truncates=0 mces zeros kernel_mces sigbus eio workers
	local mod_args=()
	patched_modules
	mkdir -p "$share/soak"
	for i in 0 1 2 3; do "$HZ" mkfile "$share/soak/f$i" $((2 << 20)); done
	start_guest --mode dax --window 4M --on-truncate error "${mod_args[@]}" -- sh -c \
		"echo 1 > /sys/kernel/tracing/events/mce/mce_record/enable; ./hz soak soak 4 $secs $ops;
		echo HZ_KERNEL_MCES \$(grep -c mce_record /sys/kernel/tracing/trace); $FIO_AFTER"
	if wait_console '^HZ_READY'; then
		while [ "$(console_count '^HZ_SOAK_END')" -eq 0 ] && kill -0 "$lpid" 2> /dev/null; do
			f=$share/soak/f$((RANDOM % 4))
			truncate -s $(((RANDOM % 512) * 4096)) "$f"
			truncates=$((truncates + 1))
			sleep 0.1
			"$HZ" mkfile "$f" $((2 << 20))
			sleep 0.1
		done
	fi
	finish_guest
	mces=$(qemu_total 'machine checks raised' 'machine check raised in the guest')
	zeros=$(qemu_total 'pages replaced by zeros' 'page replaced by zeros')
	kernel_mces=$(console_value HZ_KERNEL_MCES)
	workers=$(console_count '^HZ_SOAK_WORKER ')
	# The tasks' errors: SIGBUS (BUS_MCEERR_AR, or SI_KERNEL where the
	# guest's memory_failure() failed) and EIO, not the guest's own SIGBUS
	# past the size it knows. Each SIGBUS is one machine check's (an
	# action-required one signals the task that took it, no other); an EIO
	# may also come without one, from a page an earlier machine check took
	# out of the guest's direct map.
	read -r sigbus eio < <(tr -d '\r' < "$dir/console.log" | { grep -a '^HZ_SOAK_WORKER ' || true; } |
		awk '{ for (i = 3; i <= NF; i++) { split($i, kv, "=")
			if (kv[1] == "sigbus_ar" || kv[1] == "sigbus_kernel") s += kv[2]
			if (kv[1] == "eio") e += kv[2] } }
			END { print s + 0, e + 0 }')
	check="BAD: $truncates truncates, QEMU raised $mces machine checks (the guest kernel logged ${kernel_mces:-none}), the tasks saw $sigbus SIGBUS and $eio EIO in $workers reports; $(after_said)"
	# Every machine check QEMU raised reached the guest kernel.
	[ "$truncates" -ge 100 ] && [ "$workers" -eq 3 ] && [ "$mces" -gt 0 ] &&
		[ "${kernel_mces:-x}" = "$mces" ] && [ "$sigbus" -gt 0 ] && [ "$sigbus" -le "$mces" ] &&
		[ "$(console_last '^HZ_AFTER')" = HZ_AFTER_OK ] || return 0
	check="ok: $truncates host truncates in $secs s; QEMU raised $mces machine checks, the guest kernel logged $kernel_mces, the tasks saw $sigbus SIGBUS from them and $eio EIO; $zeros kernel stores fell back to zeros; fio verified a file after"
}

# coherent dax|auto: the host rewrites page 0 of a file the guest has mapped.
sc_coherent() {
	local line
	"$HZ" mkfile "$share/f" 65536
	if [ "$1" = dax ]; then
		start_guest --mode dax --window 64M -- ./hz coherent f rewritten
	else
		start_guest --mode none --cache auto -- ./hz coherent f rewritten
	fi
	if wait_console '^HZ_READY'; then
		"$HZ" rewrite "$share/f" 1
		touch "$share/rewritten"
	fi
	finish_guest
	line=$(console_last '^HZ_\(COHERENT\|STALE\)')
	coherent_check "$1" "$line"
}

# coherent_check dax|auto LINE: the verdict on the guest's last line. A
# stale page must hold exactly the old bytes: anything else is corrupt.
coherent_check() {
	case $1:$2 in
	dax:HZ_COHERENT*) check="ok: new bytes seen through the mapping after ${2#*ms=} ms" ;;
	auto:'HZ_STALE old=1') check="ok: old bytes still read 2 s after the host write (guest page cache)" ;;
	auto:'HZ_STALE old=0') check="BAD: page 0 holds neither the old nor the new bytes 2 s after the host write" ;;
	*) check="BAD: guest said '${2:-nothing}'" ;;
	esac
}

# append RECSIZE: QEMU is killed while the guest appends records.
sc_append() {
	local last res
	start_guest --mode dax --window 64M -- ./hz append f "$1"
	kill_qemu_after '^HZ_DONE_REC ' 200 || { finish_guest; return; }
	finish_guest
	last=$(last_done)
	if res=$("$HZ" check-prefix "$share/f" "$1" "$last"); then
		check="ok: $res"
	else
		check="BAD: $res"
	fi
}

# overwrite write|mmap: QEMU is killed while the guest overwrites records.
sc_overwrite() {
	local last res fsyncs
	truncate -s "$FILE_SIZE" "$share/f"
	start_guest --mode dax --window 64M --stats "$dir/virtiofsd.stats" -- ./hz overwrite f 4096 "$1"
	kill_qemu_after '^HZ_DONE_REC ' 200 || { finish_guest; return; }
	finish_guest
	last=$(last_done)
	fsyncs=$(sed -n 's/^fsyncs_done=//p' "$dir/virtiofsd.stats" 2> /dev/null)
	# The kill must land while writes are in flight, or nothing is tested.
	if [ "$(console_count '^HZ_ALL_WRITTEN')" -gt 0 ]; then
		check="BAD: the guest finished all $((FILE_SIZE / 4096)) writes before QEMU was killed"
	elif ! res=$("$HZ" check-slots "$share/f" 4096 "$last"); then
		check="BAD: $res"
	# A DAX store is in the host's page cache at once, so the records are
	# there even if msync() did nothing: each acknowledged msync() must
	# also have reached the host as an fsync of the file.
	elif [ "$1" = mmap ] && ! [ "${fsyncs:--1}" -ge $((last + 1)) ]; then
		check="BAD: the guest acknowledged $((last + 1)) msync() calls, virtiofsd did ${fsyncs:-no (no stats file)} fsyncs"
	else
		check="ok: killed after record $last of $((FILE_SIZE / 4096)); $res${fsyncs:+; virtiofsd did $fsyncs fsyncs}"
	fi
}

# qemusig SIG: QEMU gets signal SIG from outside while the guest runs; the
# launcher must name it (and for SIGBUS point at a host truncate).
sc_qemusig() {
	local err
	start_guest --mode dax --window 64M -- sleep 600
	if wait_console '^DAXSCOPE_START'; then
		# shellcheck disable=SC2046 # one pid per word
		kill -"$1" $(pids_of qemu-system-x86_64)
	fi
	finish_guest
	err=$(grep -a '^launch: qemu' "$dir/launch.err" | head -n 1 || true)
	if [[ $err == *"qemu was killed by SIG$1"* ]] && [ "$(job_notices)" -eq 0 ] &&
		{ [ "$1" != BUS ] || [[ $err == *"truncated on the host"* ]]; }; then
		# Its "(see ...)" names a run directory this runner has removed.
		check="ok: the launcher said: ${err% (see *}"
	else
		check="BAD: the launcher said '${err:-nothing}'"
	fi
}

# vfsdkill: virtiofsd's worker is killed while the guest reads and stats.
sc_vfsdkill() {
	local p w='' all t0 ms err io
	"$HZ" mkfile "$share/f" "$FILE_SIZE"
	start_guest --mode dax --window 64M -- ./hz io f
	if ! wait_console '^HZ_IO ' 3; then
		finish_guest
		check="BAD: the guest never did I/O ($(launcher_said))"
		return
	fi
	# The worker is the sandbox parent's child; both have our run dir.
	# shellcheck disable=SC2046 # one pid per word
	w=$(ds_vfs_worker $(pids_of virtiofsd)) || w=$(pids_of virtiofsd | head -n 1)
	io=$(console_count '^HZ_IO ')
	t0=$EPOCHREALTIME
	kill -KILL "$w"
	finish_guest
	ms=$(( (${EPOCHREALTIME/./} - ${t0/./}) / 1000 ))
	err=$(grep -a 'launch: virtiofsd' "$dir/launch.err" | head -n 1 || true)
	if [ "$(console_count '^HZ_EIO')" -gt 0 ]; then
		io="guest I/O got an error: $(tr -d '\r' < "$dir/console.log" | grep -a '^HZ_EIO' | head -n 1)"
	else
		io="guest I/O: no error ($(( $(console_count '^HZ_IO ') - io )) progress lines after the kill)"
	fi
	if [[ $err == *"virtiofsd was killed by SIGKILL"* ]] && [ "$ms" -le 5000 ] &&
		[ "$(job_notices)" -eq 0 ]; then
		check="ok: launcher stopped the guest ${ms} ms after the kill and said so; $io"
	else
		check="BAD: after ${ms} ms the launcher said '${err:-nothing}'; $io"
	fi
}

# ---- the run ------------------------------------------------------------
table=$out/hazards.md
{
	echo "| scenario | expected | observed | data check | verdict |"
	echo "|---|---|---|---|---|"
} > "$table"
nfail=0
for row in "${rows[@]}"; do
	IFS='|' read -r name kind arg expected what <<< "$row"
	dir=$out/$name
	mkdir -p "$dir"
	# Short: QEMU's and virtiofsd's socket path must fit in 108 bytes.
	seq=$((${seq:-0} + 1))
	tmp=$work/g$seq
	share=$work/s$seq
	mkdir -p "$tmp" "$share"
	cp "$HZ" "$share/hz"
	log "hazard $name: $what"
	observed='' check='' rc=0 left=''
	"sc_$kind" "$arg"
	cp "$share/fio-after.log" "$dir/" 2> /dev/null || true
	verdict=PASS
	[ "$observed" = "$expected" ] && [[ $check == ok:* ]] || verdict=FAIL
	if [ -n "$left" ]; then
		verdict=FAIL
		check="$check; processes left: ${left//$'\n'/ }"
		# shellcheck disable=SC2086 # one pid per word
		kill -KILL $left 2> /dev/null || true
	fi
	[ $verdict = PASS ] || nfail=$((nfail + 1))
	echo "| $name | ${expected//-/ } | ${observed//-/ } | $check | $verdict |" >> "$table"
	echo "$name: expected $expected, observed $observed; $check; $verdict" >> "$out/summary.txt"
	log "hazard $name: $verdict (observed $observed; $check)"
	rm -rf "$share" "$tmp"
done
cat "$table"
echo "results: $out"
[ $nfail -eq 0 ]
