#!/usr/bin/env bash
# The report generator, fed the committed fixture (trimmed results of a real
# run), writes the committed expected summary (tables, recommendation,
# manifest), twice in a row identically, and every plot. Boots nothing.
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
expect_eq "fixture checksum after two reports" "$(sums)" "$before"
echo "summary.md matches $(basename "$expected") ($(wc -l < "$expected") lines)"
