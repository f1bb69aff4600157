#!/usr/bin/env bash
# The statistics of the report and of compare (reports/src/stats.c): the
# incomplete beta function and Student's t against closed forms and printed
# t tables, the confidence interval and Welch's test against textbook
# examples; at two levels (repeats within boots) the variance components,
# the interval and Welch's test over boot means, Fieller's ratio interval
# and the two-stage bootstrap against worked examples, a published random-
# effects ANOVA and seeded simulations (tests/unit/stats-test.c names them).
# Builds and boots nothing else. tests/unit/stats-wrong.sh (slow, not run
# here) shows every check failing on a wrong expectation.
. "$(dirname "$0")/lib.sh"
ds_need_pkgs gcc libc6-dev
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -I"$DS_ROOT/reports/src" -o "$T_WORK/stats-test" \
	"$DS_ROOT/tests/unit/stats-test.c" "$DS_ROOT/reports/src/stats.c" -lm ||
	fail "the statistics unit tests do not build"
rc=0
"$T_WORK/stats-test" > "$T_WORK/out" || rc=$?
cat "$T_WORK/out"
[ $rc -eq 0 ] || fail "$(grep -c '^FAIL' "$T_WORK/out") statistics checks failed"
# Every check ran (a test that stopped early would pass with fewer).
expect_gt "checks passed" "$(grep -c '^ok' "$T_WORK/out")" 182
