#!/usr/bin/env bash
# daxtop's per-file and per-process numbers for a workload whose answers are
# known (tests/guest/daxtop.sh): a and b are set up once (2 and 1 ranges), c
# (16 ranges) is read twice through an 8-range window, so it is set up more
# than 16 times and loses ranges to reclaim; after the files close, every
# range each file got is accounted for as lost or evicted and none is held;
# before c was read, a and b held their 2 and 1 ranges.
# Per process the same, and the sums equal daxstat's totals and
# virtiofsd's counters.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bpf-helpers.sh"
share=$(bpf_share)
read -r base_files base_ranges < <(bpf_baseline "$share")
bpf_script "$T_WORK/script" daxtop.sh
"$LAUNCH" --mode dax --window 16M --share "$share" --stats "$T_WORK/stats" --timeout 600 \
	--script "$T_WORK/script" || fail "guest exited $?"
out=$share/out
expect_eq "daxtop exit status" "$(guest_rc "$share" top)" 0
expect_eq "daxstat exit status" "$(guest_rc "$share" stat)" 0
last=$T_WORK/last.json
tail -n 1 "$out/top.out" > "$last"
jq -e '.type == "top"' "$last" > /dev/null || fail "daxtop -j: last line is no refresh"
jq -c '.inodes[], .tasks[]' "$last"
ino() { jq -r --arg p "$1" "[.inodes[] | select(.path == \$p) | .$2][0] // \"absent\"" "$last"; }
pid() { awk -v n="$1" '$1 == n {print $2}' "$out/pids"; }
task() { jq -r --argjson p "$(pid "$1")" "[.tasks[] | select(.pid == \$p) | .$2][0] // \"absent\"" "$last"; }
sum() { jq "[.$1[] | .$2] | add" "$last"; }

# While a and b were open and read, before c: they held all their ranges.
open_line=$(cat "$out/open-line") || fail "the guest wrote no out/open-line"
sed -n "${open_line}p" "$out/top.out" > "$T_WORK/open.json"
jq -e '.type == "top"' "$T_WORK/open.json" > /dev/null || fail "daxtop -j: line $open_line is no refresh"
held() { jq -r --arg p "$1" "[.inodes[] | select(.path == \$p) | .held][0] // \"absent\"" "$T_WORK/open.json"; }
expect_eq "w/a held while open" "$(held w/a)" 2
expect_eq "w/b held while open" "$(held w/b)" 1
expect_eq "w/c held before it was read" "$(held w/c)" absent

# Per file, by path in the share.
expect_eq "w/a set up" "$(ino w/a setups)" 2
expect_eq "w/b set up" "$(ino w/b setups)" 1
expect_gt "w/c set up (thrashing: more than its 16 ranges)" "$(ino w/c setups)" 16
expect_gt "w/c lost to reclaim" "$(ino w/c lost)" 0
for f in w/a w/b w/c; do
	expect_eq "$f held after close" "$(ino $f held)" 0
	expect_eq "$f lost + evicted == set up" $(($(ino $f lost) + $(ino $f evicted))) "$(ino $f setups)"
done
# Per process: each reader set up its file's ranges.
expect_eq "reader of a: set up" "$(task a setups)" 2
expect_eq "reader of b: set up" "$(task b setups)" 1
expect_eq "readers of c: set up" $(($(task c1 setups) + $(task c2 setups))) "$(ino w/c setups)"
expect_eq "reader of a: lost" "$(task a lost)" "$(ino w/a lost)"
for r in a b c1 c2; do
	expect_eq "reader $r: comm" "$(task $r comm)" dd
	expect_eq "reader $r: held after close" "$(task $r held)" 0
done

# Totals: daxstat (default mode) and virtiofsd saw the same.
s=$out/stat.out
expect_eq "set up vs daxstat new_mappings" "$(sum inodes setups)" "$(json_sum "$s" new_mappings)"
expect_eq "lost vs daxstat reclaim" "$(sum inodes lost)" \
	$(($(json_sum "$s" reclaim_inline) + $(json_sum "$s" reclaim_background)))
expect_eq "evicted vs daxstat" "$(sum inodes evicted)" "$(json_sum "$s" evicted_ranges)"
expect_eq "reclaimed inline vs daxstat" "$(sum tasks reclaimed)" "$(json_sum "$s" reclaim_inline)"
expect_eq "waits vs daxstat" "$(sum tasks waits)" "$(json_sum "$s" free_range_waits)"
expect_eq "set up + upgrades vs virtiofsd setup_requests" \
	$(($(sum inodes setups) + $(sum inodes upgrades) + base_ranges)) \
	"$(stat_get setup_requests "$T_WORK/stats")"
expect_eq "lost + evicted vs virtiofsd remove_ranges" \
	$(($(sum inodes lost) + $(sum inodes evicted) + base_ranges)) \
	"$(stat_get remove_ranges "$T_WORK/stats")"
expect_eq "dropped" "$(jq .dropped "$last")" 0
echo "daxtop's per-file and per-process numbers agree with the workload, daxstat and virtiofsd"
