#!/usr/bin/env bash
# The report generator, fed the committed fixture (trimmed results of a real
# run), writes the committed expected summary (tables, recommendation,
# manifest), twice in a row identically, and every plot, and the opening
# the runners print is the summary's. Boots nothing.
# After a deliberate change to the report, regenerate the expectation with
#   make report RESULTS=tests/fixtures/report-run OUT=/tmp/r &&
#   cp /tmp/r/summary.md tests/fixtures/report-run.expected.md
. "$(dirname "$0")/lib.sh"
fixture=$DS_ROOT/tests/fixtures/report-run
expected=$DS_ROOT/tests/fixtures/report-run.expected.md

sums() { (cd "$fixture" && find . -type f -print0 | sort -z | xargs -0 sha256sum; find . | sort) | sha256sum; }
before=$(sums)
for n in 1 2; do
	"$DS_ROOT/reports/make-report.sh" "$fixture" -o "$T_WORK/out$n" ||
		fail "the generator failed on the fixture (run $n)"
done
diff -u "$expected" "$T_WORK/out1/summary.md" || fail "summary.md differs from $expected"
cmp -s "$T_WORK/out1/summary.md" "$T_WORK/out2/summary.md" || fail "two runs differ"
cmp -s "$T_WORK/out1/report.html" "$T_WORK/out2/report.html" || fail "two runs' HTML differ"
for p in bandwidth iops latency window-sweep range-sweep timeseries; do
	[ -s "$T_WORK/out1/$p.svg" ] && [ -s "$T_WORK/out1/$p.png" ] || fail "no $p plot"
done
# The opening the runners print comes from the report just written: the
# summary's first lines up to its "This run" section, and what
# --recommendation prints from the same results.
"$DS_ROOT/reports/make-report.sh" "$fixture" -o "$T_WORK/out3" --opening > "$T_WORK/opening" 2> /dev/null ||
	fail "the generator failed with --opening"
[ -s "$T_WORK/opening" ] || fail "--opening printed nothing"
cmp -s "$T_WORK/opening" "$T_WORK/out3/opening.md" || fail "--opening did not print opening.md"
sed '1,2d; /^## This run$/,$d' "$T_WORK/out1/summary.md" | sed '$d' > "$T_WORK/summary-opening"
diff -u "$T_WORK/summary-opening" "$T_WORK/opening" || fail "the opening is not the summary's opening"
"$DS_ROOT/reports/make-report.sh" "$fixture" --recommendation > "$T_WORK/recommendation"
diff -u "$T_WORK/recommendation" "$T_WORK/opening" || fail "the opening differs from --recommendation"
expect_eq "fixture checksum after two reports" "$(sums)" "$before"
echo "summary.md matches $(basename "$expected") ($(wc -l < "$expected") lines)"
