#!/usr/bin/env bash
# make ab as an A/A test, in the quick profile: the same dax config twice,
# three boots of one repeat each, on two workloads. The boots must alternate
# A, B, A, B in time (the cells' recorded boots and start times), the compare
# must test over boot means, and its count of significant rows must stay
# within what chance allows for that many rows at p < 0.05.
. "$(dirname "$0")/lib.sh"
out=$T_WORK/ab
page=$T_WORK/page
cfg=dax-w64M-r2M-stock

DS_REPEATS=3 DS_BOOTS=3 "$DS_ROOT/workloads/run-ab.sh" "$cfg" "$cfg" \
	--workloads randread-psync-1f,ws-2x --out "$out" -o "$page" > "$T_WORK/ab.out" 2> "$T_WORK/ab.err" ||
	{ tail -n 20 "$T_WORK/ab.err"; fail "run-ab.sh exited non-zero"; }
tail -n 3 "$T_WORK/ab.err"
last=$(tail -n 1 "$T_WORK/ab.out")
[[ $last =~ ^([0-9]+)\ comparisons:\ ([0-9]+)\ significant$ ]] || fail "last line is not the tally: $last"
n=${BASH_REMATCH[1]} k=${BASH_REMATCH[2]}
expect_gt "comparisons" "$n" 1

# Interleaving: the boots ordered by their first cell's start time are
# A, B, A, B, A, B, and each boot ran its own repeat.
order=$(for m in "$out"/cells/*/*/*/meta; do
	d=${m%/meta}
	printf '%s %s %s\n' "$(sed -n 's/^started=//p' "$d/status")" \
		"$(sed -n 's/^config=//p' "$m")" "$(sed -n 's/^boot=//p' "$m")"
done | sort -n | awk '!seen[$3]++ {print $2}' | paste -sd' ')
expect_eq "configs of the boots in time" "$order" "$cfg $cfg.2 $cfg $cfg.2 $cfg $cfg.2"
expect_eq "boots" "$(cat "$out"/cells/*/*/*/meta | sed -n 's/^boot=//p' | sort -u | wc -l)" 6
grep -q 'interleaved boot by boot' "$page/compare.md" || fail "the compare page does not say the boots were interleaved"

# Chance: with every row a true null, K significant of N is binomial(N,
# 0.05); refuse a K above its 99th percentile (rows are not independent,
# which widens the real spread: the bound is generous, not exact).
bound=$(awk -v n="$n" 'BEGIN { p = 0.05; q = (1 - p) ^ n; c = q; k = 0
	while (c < 0.99) { k++; q *= (n - k + 1) / k * p / (1 - p); c += q }
	print k }')
[ "$k" -le "$bound" ] || fail "A/A: $k of $n comparisons significant, above chance's bound of $bound"
echo "A/A: $k of $n comparisons significant (chance allows up to $bound); boots: $order"

# A known effect injected into B (reports/inject-effect.sh): B's fio figures
# scaled exactly (bandwidth and IOPS halved, p99 doubled, worked out here
# from the originals), every row the effect does not touch keeps its A/A
# verdict, and reports/power.sh reports the detections per effect.
inj=$T_WORK/injected
"$DS_ROOT/reports/inject-effect.sh" "$out" "$cfg.2" 0.5 "$inj" || fail "inject-effect.sh failed"
f=randread-psync-1f/1/fio.json
orig=$out/cells/$cfg.2/$f
read -r bw iops p99 < <(jq -r '.jobs[0].read | "\(.bw_bytes) \(.iops) \(.clat_ns.percentile["99.000000"])"' "$orig")
read -r ibw iiops ip99 < <(jq -r '.jobs[0].read | "\(.bw_bytes) \(.iops) \(.clat_ns.percentile["99.000000"])"' \
	"$inj/cells/$cfg.2/$f")
awk -v a="$bw" -v b="$ibw" -v c="$iops" -v d="$iiops" -v e="$p99" -v g="$ip99" 'BEGIN {
	ok = b == a / 2 && d == c / 2 && g == e * 2; exit !ok }' ||
	fail "injected figures: bw $bw -> $ibw, iops $iops -> $iiops, p99 $p99 -> $ip99 (expected halves and a double)"
cmp -s "$out/cells/$cfg/$f" "$inj/cells/$cfg/$f" || fail "the injection changed A's cells"
"$DS_ROOT/reports/make-compare.sh" "$inj" "$inj" --pair "$cfg=$cfg.2" -o "$T_WORK/inj-page" > /dev/null 2>&1 ||
	fail "the compare of the injected run failed"
untouched() { awk '/^## / { keep = $0 !~ /^## (bandwidth|IOPS|p99 latency)/ } keep && /^\| [a-z]/' "$1"; }
diff <(untouched "$page/compare.md") <(untouched "$T_WORK/inj-page/compare.md") ||
	fail "rows the injection does not touch changed their verdicts"
"$DS_ROOT/reports/power.sh" "$out" "$cfg" "$cfg.2" 0.5,0.9 > "$T_WORK/power.out" || fail "power.sh failed"
cat "$T_WORK/power.out"
expect_eq "power.sh effect lines" "$(grep -cE '^  -(50|90)% +[0-9]+ of [0-9]+ ' "$T_WORK/power.out")" 2
