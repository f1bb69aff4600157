#!/usr/bin/env bash
# cache=none guest: the psync verify passes, shared mmap is refused with
# ENODEV as Linux 6.1 does for direct I/O, and no mapping was ever set up.
. "$(dirname "$0")/lib.sh"
share=$(new_share)
guest_verify none 48m "$share" "$T_WORK/stats"
expect_eq setup_requests "$(stat_get setup_requests "$T_WORK/stats")" 0
expect_eq remove_requests "$(stat_get remove_requests "$T_WORK/stats")" 0
