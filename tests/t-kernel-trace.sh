#!/usr/bin/env bash
# Patched modules, read through tracefs only (no BPF), a 64 MiB window in
# 2 MiB ranges: a 4 KiB read at 0 of a file is exactly one new mapping, a read
# at 4 KiB a hit, a write at 8 KiB one upgrade, a write at EOF one file
# extending write; reading a file three times the window gives reclaims whose
# ranges, with what closing the files unmaps, match the host virtiofsd's
# remove counters exactly. The fusectl dax counters agree with the host and
# with the trace.
. "$(dirname "$0")/lib.sh"

mods=$(ds_built modules) || fail "kernel/build-modules.sh failed"
share=$(new_share)
stats=$T_WORK/stats
head -c 1M /dev/urandom > "$share/small.dat"
# Sparse is enough: the host maps holes, the guest reads zeros.
truncate -s 192M "$share/big.dat"
rc=0
"$LAUNCH" --mode dax --window 64M --share "$share" --stats "$stats" --timeout 900 \
	--modules patched --patched-modules "$mods" \
	--script "$DS_ROOT/tests/guest/kernel-trace.sh" || rc=$?
[ $rc -eq 0 ] || fail "guest trace script exited $rc"
trace=$share/trace.txt
[ -s "$trace" ] || fail "guest left no trace.txt"
[ -s "$share/dax.txt" ] || fail "guest left no dax.txt (fusectl dax file)"

! grep -E 'WARNING:|BUG:|Call Trace' "$share/dmesg.txt" ||
	fail "the guest kernel logged a warning (see above)"

kept=$(sed -n 's|^# entries-in-buffer/entries-written: \([0-9]*\)/\([0-9]*\) .*|\1 \2|p' "$trace")
[ -n "$kept" ] || fail "trace.txt has no entries line"
read -r inbuf written <<< "$kept"
expect_eq "trace entries kept of those written (ring buffer overrun?)" "$inbuf" "$written"

small=$(stat -c %i "$share/small.dat")
big=$(stat -c %i "$share/big.dat")

# step NAME: the trace lines after the marker of step NAME, up to the next.
step() { awk -v s="$1" '/tracing_mark_write: daxscope-step /{on = ($NF == s); next} on' "$trace"; }
# events EVENT INO: the lines of EVENT about inode INO, from stdin.
events() { grep -E " $1: conn=[0-9]+ ino=$2 " || true; }
nlines() { if [ -n "$1" ]; then echo "$1" | wc -l; else echo 0; fi; }

# check_step STEP OUTCOME SETUPS [SETUP_FIELDS]: exactly one iomap event for
# small.dat, with OUTCOME, and SETUPS setup requests for it, each with
# SETUP_FIELDS.
check_step() {
	local name=$1 outcome=$2 nsetup=$3 fields=${4:-} lines iomap setup
	lines=$(step "$name")
	iomap=$(echo "$lines" | events fuse_dax_iomap "$small")
	expect_eq "$name: fuse_dax_iomap events for small.dat" "$(nlines "$iomap")" 1
	echo "$iomap" | grep -q " outcome=$outcome " ||
		fail "$name: expected outcome=$outcome: $iomap"
	setup=$(echo "$lines" | events fuse_dax_setup_mapping "$small")
	expect_eq "$name: setup requests for small.dat" "$(nlines "$setup")" "$nsetup"
	if [ -n "$fields" ]; then
		echo "$setup" | grep -q " $fields .* ret=0$" || fail "$name: expected '$fields': $setup"
	fi
	echo "$name: ${iomap#*fuse_dax_iomap: }"
}
check_step read0 new 1 "writable=0 upgrade=0"
check_step read4k hit 0
check_step write8k upgrade 1 "writable=1 upgrade=1"
check_step append extend 0
# The fallback is reported once, where the write leaves the DAX path.
expect_eq "append: file extending writes in the whole trace" \
	"$(grep -c ' outcome=extend ' "$trace" || true)" 1

# Reclaim: until the files are closed, every range removed from the host was
# removed by a reclaim (the worker may also take small.dat's idle range),
# one REMOVEMAPPING each. Closing them unmaps the rest, and the host's
# counters are exactly the sum of both.
reclaims=$(grep -E ' fuse_dax_reclaim: .* ret=0$' "$trace" || true)
n_reclaim=$(nlines "$reclaims")
[ "$(echo "$reclaims" | events fuse_dax_reclaim "$big" | wc -l)" -gt 0 ] ||
	fail "reading 3x the window reclaimed none of its ranges"
n_inline=$(echo "$reclaims" | grep -c ' kind=inline ' || true)
n_worker=$(echo "$reclaims" | grep -c ' kind=worker ' || true)
sum() { awk -v k="$1" '{for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) s += substr($i, length(k) + 2)} END {print s + 0}'; }
host() { stat_get "$1" "$stats"; }
before=$(awk '/tracing_mark_write: daxscope-step close/{exit} / fuse_dax_remove_mapping: /' "$trace")
at_close=$(step close | grep ' fuse_dax_remove_mapping: ' || true)
expect_eq "REMOVEMAPPING requests before close vs reclaims" "$(nlines "$before")" "$n_reclaim"
expect_eq "ranges removed before close vs reclaims" "$(echo "$before" | sum ranges)" "$n_reclaim"
n_close=$(echo "$at_close" | sum ranges)
expect_eq "remove_ranges: reclaimed + unmapped at close vs host" \
	$((n_reclaim + n_close)) "$(host remove_ranges)"
removes=$(grep ' fuse_dax_remove_mapping: ' "$trace" || true)
expect_eq "remove_requests: REMOVEMAPPING events vs host" "$(nlines "$removes")" "$(host remove_requests)"
expect_eq "remove_bytes: trace vs host" "$(echo "$removes" | sum bytes)" "$(host remove_bytes)"
setups=$(grep -E ' fuse_dax_setup_mapping: .* ret=0$' "$trace" || true)
expect_eq "setup_requests: SETUPMAPPING events vs host" "$(nlines "$setups")" "$(host setup_requests)"
expect_eq "setup_bytes: trace vs host" "$(echo "$setups" | sum len)" "$(host setup_bytes)"
expect_eq setup_errors "$(host setup_errors)" 0
expect_eq remove_errors "$(host remove_errors)" 0

# The fusectl dax counters saw the same requests as the host, and the same
# reclaims as the trace.
guest() {
	local v
	v=$(sed -n "s/^$1=//p" "$share/dax.txt")
	[ -n "$v" ] || fail "no '$1' in the guest's dax file"
	echo "$v"
}
for k in setup_requests setup_ranges setup_bytes setup_errors \
	remove_requests remove_ranges remove_bytes remove_errors; do
	expect_eq "dax file $k vs host" "$(guest "$k")" "$(host "$k")"
done
expect_eq "dax file reclaim_inline vs trace" "$(guest reclaim_inline)" "$n_inline"
expect_eq "dax file reclaim_worker vs trace" "$(guest reclaim_worker)" "$n_worker"
expect_eq "dax file iomap_extend" "$(guest iomap_extend)" 1
expect_eq "dax file range_size" "$(guest range_size)" $((2 << 20))
expect_eq "dax file ranges_total" "$(guest ranges_total)" 32

echo "reclaims: $n_reclaim ranges ($n_inline inline, $n_worker by the worker)," \
	"$n_close more unmapped at close; host: $(host remove_requests) remove requests," \
	"$(host remove_ranges) ranges, $(host setup_requests) setup requests"
