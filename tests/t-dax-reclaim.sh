#!/usr/bin/env bash
# A 32 MiB window and a 128 MiB working set: verify still passes, the host saw
# remove requests, and a kprobe on the driver's reclaim of a range (not
# called on inode eviction, which also removes mappings) counted some.
. "$(dirname "$0")/lib.sh"
share=$(new_share)
guest_verify dax 128m "$share" "$T_WORK/stats" --window 32M
expect_gt remove_requests "$(stat_get remove_requests "$T_WORK/stats")" 0
expect_gt remove_ranges "$(stat_get remove_ranges "$T_WORK/stats")" 0
expect_eq setup_errors "$(stat_get setup_errors "$T_WORK/stats")" 0
expect_eq remove_errors "$(stat_get remove_errors "$T_WORK/stats")" 0
expect_gt "reclaims the guest's kprobe counted" "$(stat_get reclaim_probe "$share/reclaim.txt")" 0
cat "$T_WORK/stats" "$share/reclaim.txt"
