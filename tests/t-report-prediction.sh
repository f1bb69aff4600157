#!/usr/bin/env bash
# make tune's "model against the sweep" in the report: daxsim --validate -j
# --curve on the hand-made results of tests/fixtures/validate (its expected
# predictions and measurements are worked out in sim/test/validate.sh),
# written as validate.jsonl beside the committed report fixture, becomes the
# report's table and its plot. The rows below come from that hand
# computation: reread 12 predicted / 13 measured new mappings (-7.7 %),
# 9 / 10 reclaims (-10.0 %), hit ratio 12/24 = 0.500 / 11/24 = 0.458
# (+4.2 points), tolerance 40 % (the repeats' reclaims spread 2/5); stream
# 10 / 10, 9 / 8 (+12.5 %), 0.250 / 5/17 = 0.294 (-4.4 points), 15 %.
# Boots nothing.
. "$(dirname "$0")/lib.sh"
ds_resolve sim || fail "daxsim did not build"
run=$T_WORK/run
cp -r "$DS_ROOT/tests/fixtures/report-run" "$run"
"$(ds_built sim)/daxsim" --validate "$DS_ROOT/tests/fixtures/validate/run" -j --curve \
	> "$run/validate.jsonl" || fail "daxsim --validate failed on its fixture"
"$DS_ROOT/reports/make-report.sh" "$run" -o "$T_WORK/out" || fail "the report generator failed"
md=$T_WORK/out/summary.md
sed -n '/^## The model against the sweep/,/^## /p' "$md"
row() { grep -qxF "$1" "$md" || fail "no row: $1"; }
row "| reread | 8M | 2M | 12 | 13 | -7.7 % | 9 | 10 | -10.0 % | 0.500 | 0.458 | +4.2 pp | 40.0 % | ok |"
row "| stream | 8M | 2M | 10 | 10 | +0.0 % | 9 | 8 | +12.5 % | 0.250 | 0.294 | -4.4 pp | 15.0 % | ok |"
grep -qxF "Largest error: 12.5 % (counts in %, the hit ratio in points)." "$md" ||
	fail "no largest error line"
[ -s "$T_WORK/out/prediction.svg" ] && [ -s "$T_WORK/out/prediction.png" ] || fail "no prediction plot"
# The curve's point at the guest's own 8M window is the line's prediction;
# the measured point sits at 8M too.
expect_eq "predicted reread at 8M" "$(awk '$1 == 8 { print $2 }' "$T_WORK/out/prediction-1.dat")" 0.5
expect_eq "measured reread at 8M" "$(awk '$1 == 8 { print $2 }' "$T_WORK/out/prediction-m-1.dat")" 0.458333
# Without validate.jsonl, no such section.
"$DS_ROOT/reports/make-report.sh" "$DS_ROOT/tests/fixtures/report-run" -o "$T_WORK/plain" > /dev/null ||
	fail "the report generator failed on the plain fixture"
! grep -q '^## The model against the sweep' "$T_WORK/plain/summary.md" ||
	fail "a run without predictions has a prediction section"
