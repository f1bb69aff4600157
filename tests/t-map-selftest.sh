#!/usr/bin/env bash
# Malformed map requests (outside the window, overflowing, unaligned, zero
# length, no or unmappable fd, unknown region, unmap outside the window) sent
# by virtiofsd's test mode are all refused, and QEMU stays up: the guest's
# real mappings that follow still verify.
. "$(dirname "$0")/lib.sh"
share=$(new_share)
guest_verify dax 8m "$share" "$T_WORK/stats" --window 64M \
	--virtiofsd-arg -odax_selftest
sent=$(stat_get selftest_sent "$T_WORK/stats")
expect_eq selftest_sent "$sent" 9
expect_eq selftest_refused "$(stat_get selftest_refused "$T_WORK/stats")" "$sent"
expect_gt setup_requests "$(stat_get setup_requests "$T_WORK/stats")" 0
expect_eq setup_errors "$(stat_get setup_errors "$T_WORK/stats")" 0
