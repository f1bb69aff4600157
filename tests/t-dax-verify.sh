#!/usr/bin/env bash
# DAX guest: dax=always mounts, fio crc32c verify passes for psync and mmap on
# a 48 MiB file (24 ranges of 2 MiB), the mmap-written file reaches the host
# intact, and the host saw setup requests. The window holds both files: the
# guest's kprobe on the driver's reclaim of a range counts none.
. "$(dirname "$0")/lib.sh"
share=$(new_share)
guest_verify dax 48m "$share" "$T_WORK/stats" --window 256M
expect_gt setup_requests "$(stat_get setup_requests "$T_WORK/stats")" 0
expect_eq setup_errors "$(stat_get setup_errors "$T_WORK/stats")" 0
expect_eq "reclaims the guest's kprobe counted" "$(stat_get reclaim_probe "$share/reclaim.txt")" 0
cat "$T_WORK/stats"
