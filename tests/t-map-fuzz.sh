#!/usr/bin/env bash
# Fuzzing the front-end's map requests from the back-end side: virtiofsd's
# -o dax_fuzz sends 100 000 random SHMEM_MAP/SHMEM_UNMAP requests (random
# region ids, offsets, lengths, flags, file descriptors, overlaps, unmaps of
# ranges never mapped, maps ending exactly at the window's end or a page
# past it) on the guest's first mapping. Every request is answered, none
# past the real window is accepted, all that end at its end are, QEMU
# keeps serving, and the guest's data written and read through the window
# afterwards verifies on the host, so the fuzzing left no hole. DS_FUZZ_SEED replays a
# seed; by default each run takes a new one.
. "$(dirname "$0")/lib.sh"
n=100000
seed=${DS_FUZZ_SEED:-$((RANDOM * 32768 + RANDOM + 1))}
echo "fuzz seed $seed"
share=$(new_share)
# The fuzzer judges each request against the real window; DS_FUZZ_WINDOW
# tells it a wrong size, to show the oracle failing.
window=$((64 << 20))
guest_verify dax 8m "$share" "$T_WORK/stats" --window 64M \
	--virtiofsd-arg "-odax_fuzz=$n" --virtiofsd-arg "-odax_fuzz_seed=$seed" \
	--virtiofsd-arg "-odax_fuzz_window=${DS_FUZZ_WINDOW:-$window}"
s=$T_WORK/stats
sent=$(stat_get fuzz_sent "$s")
accepted=$(stat_get fuzz_accepted "$s")
refused=$(stat_get fuzz_refused "$s")
must=$(stat_get fuzz_must_refuse "$s")
echo "fuzz: sent=$sent accepted=$accepted refused=$refused must_refuse=$must"
expect_eq fuzz_sent "$sent" "$n"
expect_eq "accepted + refused" "$((accepted + refused))" "$sent"
expect_eq fuzz_wrongly_accepted "$(stat_get fuzz_wrongly_accepted "$s")" 0
# Maps ending exactly at the window's end are valid and all taken (those a
# page past it are among the must-refuse ones).
at_end=$(stat_get fuzz_at_end "$s")
echo "fuzz: window $((${DS_FUZZ_WINDOW:-$window} >> 10)) KiB, $at_end maps ending at its end, $(stat_get fuzz_at_end_accepted "$s") accepted"
expect_gt "maps ending at the window's end" "$at_end" $((n / 40))
expect_eq "maps ending at the window's end accepted" "$(stat_get fuzz_at_end_accepted "$s")" "$at_end"
expect_eq fuzz_cleanup_errors "$(stat_get fuzz_cleanup_errors "$s")" 0
# Both kinds must be exercised in earnest, or the run proves little.
expect_gt "requests no window may accept" "$must" $((n / 4))
expect_gt "requests accepted" "$accepted" $((n / 20))
[ "$refused" -ge "$must" ] || fail "refused $refused < must-refuse $must"
expect_eq setup_errors "$(stat_get setup_errors "$s")" 0
