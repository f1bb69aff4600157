#!/usr/bin/env bash
# The report tools are two steps: analyse a run into one model, then
# render it. The renderers (reports/src/render-*.c) call no statistic and
# build no groups, verdicts or comparisons: each such call would be a second
# analysis that the other outputs do not share. The list is every function
# stats.h declares, less the two that only read a finished test or level,
# and the builders of the model. And dsreport writes model.json beside the
# pages, whose verdicts say what the page says. Boots nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-helpers.sh"
ds_need_pkgs jq
src=$DS_ROOT/reports/src
stats=$(grep -oE '^[a-z_ ]+\*?\b[a-z_0-9]+\(' "$src/stats.h" | sed -E 's/.*\b([a-z_0-9]+)\($/\1/')
expect_gt "functions stats.h declares" "$(wc -w <<< "$stats")" 10
banned=$(grep -vxE 'boot_significant|welch_significant|vc_level_name' <<< "$stats" | paste -sd'|')
banned="$banned|build_groups|build_verdicts|group_compare|group_level2|compare_one|boot_order|analyse_[a-z_]+"
renderers=("$src"/render-*.c)
expect_gt "renderers" "${#renderers[@]}" 4
hits=$(grep -nE "\\b($banned)\\(" "${renderers[@]}" | grep -vE ':[0-9]+:\s*(/\*|\*)' || true)
[ -z "$hits" ] || fail "a renderer analyses: $hits"

# The page and model.json are one model: the stored fixture's verdicts,
# each repeat a boot of its own so that they are tested.
fixture=$T_WORK/run
cp -r "$DS_ROOT/tests/fixtures/report-run" "$fixture" && relabel "$fixture" spread
"$DS_ROOT/reports/make-report.sh" "$fixture" -o "$T_WORK/r" --no-plots > /dev/null || fail "no report of the fixture"
jq -e '.format == "daxscope-model 1"' "$T_WORK/r/model.json" > /dev/null || fail "model.json has no format line"
n=0
while read -r wl best p; do
	row=$(grep "^| $wl | " "$T_WORK/r/summary.md" | head -n 1)
	[ -n "$row" ] || fail "$wl: in model.json, not on the page"
	mode=$(jq -r --arg w "$wl" '.groups[] | select(.config == "'"$best"'" and .workload == $w) | .mode' \
		"$T_WORK/r/model.json")
	[[ $row == "| $wl | $mode"* ]] || fail "$wl: model.json's best is $best ($mode), the page: $row"
	if [ "$p" != null ]; then
		pp=$(awk -v p="$p" 'BEGIN { if (p < 0.001) print "p < 0.001"; else printf "p = %.3f\n", p }')
		[[ $row == *"$pp"* ]] || fail "$wl: model.json's $pp is not on the page: $row"
	fi
	n=$((n + 1))
done < <(jq -r '.verdicts[] | select(.best) | "\(.workload) \(.best) \(.p)"' "$T_WORK/r/model.json")
expect_gt "verdicts checked" "$n" 3
expect_gt "verdicts tested" "$(jq '[.verdicts[] | select(.p != null)] | length' "$T_WORK/r/model.json")" 2
echo "renderers analyse nothing; $n verdicts of model.json are the page's"
