#!/usr/bin/env bash
# make tune's window memory cost: a window sweep of 16M and 512M (one
# workload, one repeat, with the none guest as the baseline): the report
# states the guest memory each window costs (MemFree at boot against the
# guest without a window), the cost grows with the window by about a struct page (64 B)
# per 4 KiB, and the tune report shows it per window and in the
# recommendation.
. "$(dirname "$0")/lib.sh"
DS_RESULTS_DIR=$T_WORK DS_TUNE_WINDOWS=16M,512M DS_TUNE_SIZE=8M DS_TUNE_RANGES=off \
	DS_TUNE_WORKLOADS=randread-psync-1f "$DS_ROOT/workloads/run-tune.sh" --repeats 1 --daxstat off \
	> "$T_WORK/tune.out" || { cat "$T_WORK/tune.out"; fail "run-tune.sh exited non-zero"; }
cat "$T_WORK/tune.out"
out=$(sed -n 's/^results: //p' "$T_WORK/tune.out" | tail -n 1)
[ -d "$out" ] || fail "no results directory in run-tune's output"
# Each guest's MemFree at its start, as it recorded it: the costs worked
# out here from the raw records, for the report's to be checked against.
free_kb() { sed -n 's/^mem_free_kb=//p' "$out/guests/$1/guest-info"; }
base=$(free_kb none-stock)
[ -n "$base" ] || fail "the none guest recorded no mem_free_kb"
cost() { local f; f=$(free_kb "dax-w$1M-r2M-stock"); [ -n "$f" ] && echo $((base - f)); }
small=$(cost 16) big=$(cost 512)
[ -n "$small" ] && [ -n "$big" ] || fail "a dax guest recorded no mem_free_kb"
echo "MemFree: none $base KiB; the 16M window costs $small KiB, the 512M one $big KiB"
# 496 MiB more window are 126976 more struct pages of 64 B (7.75 MiB): at
# least half of that, and no more than four times.
grow=$((big - small))
[ "$grow" -ge 3968 ] && [ "$grow" -le 31744 ] ||
	fail "the 512M window costs $grow KiB more than the 16M one, expected about 7936"
expect_gt "cost of the 512M window (KiB)" "$big" 3968
rep=$out-report/summary.md
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
grep -qx "| 16M | $(mib "$small") |" "$rep" || fail "the report has no memory row for the 16M window"
grep -qx "| 512M | $(mib "$big") |" "$rep" || fail "the report has no memory row for the 512M window"
# Random 4 KiB reads of an 8M file that both windows hold: DAX wins by
# several times, so the recommendation is a dax row with its window's cost.
sed -n '/^## Recommendation/,/^## /p' "$rep" |
	grep -q '^| randread-psync-1f | dax | [^|]*window costs [0-9.]* MiB of guest memory |' ||
	fail "the recommendation does not state the window's memory cost"
