# Helpers for tests/t-*.sh. Source it. A test fails by exiting non-zero;
# `fail` prints why on one line first.
# shellcheck shell=bash

set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
LAUNCH=$DS_ROOT/vm/launch.sh
# Tests run the quick scale profile (workloads/profile.sh).
export DS_PROFILE=${DS_PROFILE:-quick}
T_WORK=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-test.XXXXXX")
trap 'rm -rf "$T_WORK"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# stat_get KEY FILE: one counter from a virtiofsd stats file.
stat_get() {
	local v
	v=$(sed -n "s/^$1=//p" "$2")
	[ -n "$v" ] || fail "no '$1' in stats file $2"
	echo "$v"
}

# True while a QEMU or virtiofsd that a test of this run started is alive.
running() { [ -n "$(ds_host_pids "${TMPDIR:-/tmp}")" ]; }

expect_eq() { [ "$2" = "$3" ] || fail "$1: expected $3, got $2"; }
expect_gt() { [ "$2" -gt "$3" ] || fail "$1: expected more than $3, got $2"; }

# A fresh directory to share with a guest, plus a stats file path.
new_share() {
	local d
	d=$(mktemp -d "$T_WORK/share.XXXX")
	echo "$d"
}

# guest_verify MODE SIZE SHARE STATS [launch options...]: boot a guest that
# runs guest/fio-verify.sh in SHARE, then check on the host that the files the
# guest wrote (with psync, and in mode dax with mmap) have the sha256 the guest
# computed.
guest_verify() {
	local mode=$1 size=$2 share=$3 stats=$4 rc=0 f engines=psync
	shift 4
	[ "$mode" = dax ] && engines="psync mmap"
	cp "$DS_ROOT/tests/guest/fio-verify.sh" "$share/"
	"$LAUNCH" --mode "$mode" --share "$share" --stats "$stats" --timeout 900 \
		"$@" -- sh fio-verify.sh "$mode" "$size" || rc=$?
	[ $rc -eq 0 ] || fail "guest verify in mode $mode exited $rc"
	for f in $engines; do
		[ -s "$share/$f.sha256" ] || fail "guest left no $f.sha256"
		expect_eq "sha256 of $f.dat on the host" \
			"$(sha256sum < "$share/$f.dat" | cut -d' ' -f1)" "$(cat "$share/$f.sha256")"
	done
}
