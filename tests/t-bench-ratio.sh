#!/usr/bin/env bash
# workloads/ratio-ci.awk, the interval make bench-daxstat states and its
# in-guest stop rule uses, against values worked out by hand, with the
# host's awk and with the guest's busybox awk (which has no sqrt()).
#   Rounds: without 100, 110, 100; hits 90, 100, 95. Ratios 0.9, 0.909091,
#   0.95: mean 0.919697; deviations -0.019697, -0.010606, 0.030303, squares
#   summing to 0.0014187, variance 0.00070937, sd 0.026634; 95 % t with
#   2 df: 4.303, half-width 4.303 * 0.026634 / sqrt(3) = 0.066166.
. "$(dirname "$0")/lib.sh"
ds_need_pkgs busybox-static
ci=$DS_ROOT/workloads/ratio-ci.awk
in=$'without 100\nhits 90\nwithout 110\nlatency 50\nhits 100\nwithout 100\nhits 95'
for a in awk "/bin/busybox awk"; do
	# shellcheck disable=SC2086 # "busybox awk" is two words
	expect_eq "$a: n mean half sd min max" "$($a -v mode=hits -f "$ci" <<< "$in")" "3 0.9197 0.0662 0.0266 0.9000 0.9500"
	# Against another base: hits over latency, one pair only.
	# shellcheck disable=SC2086
	expect_eq "$a: a single pair" "$($a -v mode=hits -v base=latency -f "$ci" <<< "$in")" 0
done
# Pairs follow the order of the runs, not their sizes: swapping two rounds'
# "without" lines changes the answer.
swapped=$'without 110\nhits 90\nwithout 100\nhits 100\nwithout 100\nhits 95'
[ "$(awk -v mode=hits -f "$ci" <<< "$swapped")" != "3 0.9197 0.0662 0.0266 0.9000 0.9500" ] ||
	fail "the pairs do not follow the runs' order"
echo "ratio-ci.awk: the hand-worked interval, in both awks"
