#!/usr/bin/env bash
# The patched modules keep data intact: the fio crc32c verify (psync and
# mmap) passes on a 128 MiB working set in a 32 MiB window, so under
# reclaim, with the default 2M ranges and with dax_range=512K, and the host
# saw no failed mapping requests. Reclaim ran, as a kprobe on the driver's
# reclaim of a range counts, and the modules' counters agree with it.
. "$(dirname "$0")/lib.sh"
mods=$(ds_built modules) || fail "kernel/build-modules.sh failed"
for opts in "" dax_range=512K; do
	share=$(new_share)
	stats=$T_WORK/stats${opts:+-$opts}
	guest_verify dax 128m "$share" "$stats" --window 32M \
		--modules patched --patched-modules "$mods" ${opts:+--mntopts "$opts"}
	expect_gt "${opts:-default}: remove_ranges" "$(stat_get remove_ranges "$stats")" 0
	expect_eq "${opts:-default}: setup_errors" "$(stat_get setup_errors "$stats")" 0
	expect_eq "${opts:-default}: remove_errors" "$(stat_get remove_errors "$stats")" 0
	# Reclaim ran (not only eviction), and the modules' own counters agree
	# with an independent kprobe on the driver's reclaim of a range.
	probe=$(stat_get reclaim_probe "$share/reclaim.txt")
	expect_gt "${opts:-default}: reclaims the guest's kprobe counted" "$probe" 0
	expect_eq "${opts:-default}: reclaim_worker + reclaim_inline against the kprobe" \
		$(($(stat_get reclaim_worker "$share/reclaim.txt") + $(stat_get reclaim_inline "$share/reclaim.txt"))) "$probe"
	echo "${opts:-default}: $(tr '\n' ' ' < "$stats")"
	echo "${opts:-default}: $(grep 'reclaim' "$share/reclaim.txt" | tr '\n' ' ')"
done
