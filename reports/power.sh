#!/usr/bin/env bash
# The power of make ab's test on a real run: for each effect, B's cells are
# made that much slower (reports/inject-effect.sh: bandwidth and IOPS times
# 1 - effect, latency divided by it) and compared against A as make ab
# does. Prints, per effect, how many of the rows the effect touches
# (bandwidth, IOPS, p99 latency) came out significant and worse: the power
# at that effect against this run's own noise; and the untouched rows'
# significant ones (false positives, as in an A/A run). Best on an A/A run
# (make ab A=X B=X), where B carries no effect of its own.
#   reports/power.sh RESULTS_DIR A_CONFIG B_CONFIG [EFFECTS]
# EFFECTS: comma-separated fractions (default 0.05,0.1,0.2,0.3,0.5).
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

[ $# -ge 3 ] || die "usage: reports/power.sh RESULTS_DIR A_CONFIG B_CONFIG [EFFECTS]"
results=$1 a=$2 b=$3 effects=${4:-0.05,0.1,0.2,0.3,0.5}
for c in "$a" "$b"; do [ -d "$results/cells/$c" ] || die "no config $c in $results"; done
work=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-power.XXXXXX")
trap 'rm -rf "$work"' EXIT
# tally COMPARE_MD: "TOUCHED_ROWS DETECTED OTHER_ROWS OTHER_SIGNIFICANT".
tally() {
	awk '/^## / { sec = substr($0, 4); touched = sec ~ /^(bandwidth|IOPS|p99 latency)/ }
		/^\| / && $0 !~ /^\| workload / && $0 !~ /^\|---/ {
			if (touched) { t++; if ($0 ~ /significant, worse/) d++ }
			else { o++; if ($0 ~ /\| significant/) s++ }
		}
		END { printf "%d %d %d %d\n", t, d, o, s }' "$1"
}
echo "power of the test over boot means, $results, $a against $b made slower:"
printf '  %-8s %-20s %s\n' effect "detected (worse)" "other rows significant"
first80=''
for e in $(tr ',' ' ' <<< "$effects"); do
	awk -v e="$e" 'BEGIN { exit !(e > 0 && e < 1) }' || die "an effect is a fraction between 0 and 1: $e"
	k=$(awk -v e="$e" 'BEGIN { print 1 - e }')
	"$DS_ROOT/reports/inject-effect.sh" "$results" "$b" "$k" "$work/$e" 2> /dev/null ||
		die "injecting $e into $b failed"
	"$DS_ROOT/reports/make-compare.sh" "$work/$e" "$work/$e" --pair "$a=$b" -o "$work/$e-page" \
		> /dev/null 2>&1 || die "the compare of the $e effect failed"
	read -r t d o s < <(tally "$work/$e-page/compare.md")
	[ "$t" -gt 0 ] || die "the compare has no bandwidth, IOPS or latency rows"
	printf '  %-8s %-20s %s\n' "-$(awk -v e="$e" 'BEGIN { printf "%g", 100 * e }')%" \
		"$d of $t ($(awk -v d="$d" -v t="$t" 'BEGIN { printf "%.0f", 100 * d / t }')%)" "$s of $o"
	[ -n "$first80" ] || [ $((100 * d)) -lt $((80 * t)) ] || first80=$e
	rm -rf "${work:?}/$e" "$work/$e-page"
done
if [ -n "$first80" ]; then
	echo "  80 % power from an effect of $(awk -v e="$first80" 'BEGIN { printf "%g", 100 * e }') % on (of those tried)"
else
	echo "  80 % power at none of the effects tried"
fi
