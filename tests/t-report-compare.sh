#!/usr/bin/env bash
# compare (reports/make-compare.sh, make compare) on committed fixtures, two
# small runs of the same matrix trimmed from real runs: the expected
# compare.md byte for byte, twice identically, and the count as the script's
# last line. Each config of these runs ran in one guest boot, so nothing can
# be tested at the boot level: even a known large difference (DAX against
# cache=none on random reads, 7x) is "too few boots: 1 and 1", never
# significant (t-report-boots.sh tests runs with boots); one-line errors
# for a missing run, a corrupt result file and a --pair naming no config;
# neither results directory is modified. Boots nothing.
# After a deliberate change to compare, regenerate the expectation with
#   make compare A=tests/fixtures/compare-a B=tests/fixtures/compare-b OUT=/tmp/c &&
#   cp /tmp/c/compare.md tests/fixtures/compare.expected.md
. "$(dirname "$0")/lib.sh"
fa=$DS_ROOT/tests/fixtures/compare-a
fb=$DS_ROOT/tests/fixtures/compare-b
expected=$DS_ROOT/tests/fixtures/compare.expected.md
cmp_sh=$DS_ROOT/reports/make-compare.sh

sums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum; find . | sort) | sha256sum; }
before_a=$(sums "$fa") before_b=$(sums "$fb")

for n in 1 2; do
	"$cmp_sh" "$fa" "$fb" -o "$T_WORK/out$n" > "$T_WORK/stdout$n" || fail "compare failed on the fixtures (run $n)"
done
expect_eq "first line of make-compare.sh" "$(head -n 1 "$T_WORK/stdout1")" "$T_WORK/out1"
expect_eq "last line of make-compare.sh" "$(tail -n 1 "$T_WORK/stdout1")" "44 comparisons: 0 significant"
diff -u "$expected" "$T_WORK/out1/compare.md" || fail "compare.md differs from $expected"
cmp -s "$T_WORK/out1/compare.md" "$T_WORK/out2/compare.md" || fail "two runs differ"
cmp -s "$T_WORK/out1/compare.html" "$T_WORK/out2/compare.html" || fail "two runs' HTML differ"
for f in changes.svg changes.png compare.html; do
	[ -s "$T_WORK/out1/$f" ] || fail "no $f"
done

# row WORKLOAD CONFIG FILE: the bandwidth table's row (the first table).
row() { awk -v w="$1" -v c="$2" -F' \\| ' '/^## bandwidth/ { on = 1 } /^## IOPS/ { on = 0 }
	on && $1 == "| " w && $2 == c' "$3"; }

# A known large difference, DAX against cache=none, one run paired with
# itself: with one boot a side, untested.
"$cmp_sh" "$fa" "$fa" -o "$T_WORK/pair" --pair dax-w16M-r2M-stock=none-stock > "$T_WORK/stdout" ||
	fail "compare --pair failed"
r=$(row randread-psync-1f "dax-w16M-r2M-stock -> none-stock" "$T_WORK/pair/compare.md")
echo "large difference, one boot a side: $r"
[[ $r == *"| -91.0% | n/a | too few boots: 1 and 1 |" ]] || fail "one boot a side was tested: $r"
! grep -q '| significant' "$T_WORK/pair/compare.md" || fail "a comparison of one boot a side is significant"
expect_eq "last line of a pair" "$(tail -n 1 "$T_WORK/stdout")" "12 comparisons: 0 significant"

# Errors: one line each, nothing written into the runs.
rc=0
"$cmp_sh" "$T_WORK/nonexistent" "$fb" -o "$T_WORK/e1" 2> "$T_WORK/err" || rc=$?
expect_eq "exit status for a missing run" "$rc" 2
expect_eq "error lines for a missing run" "$(wc -l < "$T_WORK/err")" 1
grep -q 'nonexistent' "$T_WORK/err" || fail "the missing run is not named: $(cat "$T_WORK/err")"

rc=0
"$cmp_sh" "$fa" "$fb" -o "$T_WORK/e2" --pair dax-w16M-r2M-stock=nosuch 2> "$T_WORK/err" || rc=$?
expect_eq "exit status for an unknown --pair config" "$rc" 2
grep -q "has no config nosuch" "$T_WORK/err" || fail "unknown config not named: $(cat "$T_WORK/err")"

cp -r "$fb" "$T_WORK/broken"
cell=$(grep -l '^status=ok' "$T_WORK/broken"/cells/dax-*/*/1/status | head -n 1)
fio=$(dirname "$cell")/fio.json
head -c 200 "$fio" > "$T_WORK/cut" && cp "$T_WORK/cut" "$fio"
rc=0
"$cmp_sh" "$fa" "$T_WORK/broken" -o "$T_WORK/e3" 2> "$T_WORK/err" || rc=$?
cat "$T_WORK/err"
expect_eq "exit status with a corrupt fio.json" "$rc" 1
expect_eq "lines naming the corrupt file" "$(grep -c "^dscompare: $fio: not valid JSON" "$T_WORK/err")" 1
[ -s "$T_WORK/e3/compare.md" ] || fail "no comparison written around a corrupt file"

# A copy of run B: if the refusal failed, the tree's fixture stays clean.
cp -r "$fb" "$T_WORK/b"
rc=0
"$cmp_sh" "$fa" "$T_WORK/b" -o "$T_WORK/b/inside" 2> "$T_WORK/err" || rc=$?
expect_eq "exit status for an output inside run B" "$rc" 2
[ ! -e "$T_WORK/b/inside" ] || fail "compare wrote inside run B"

expect_eq "run A checksum" "$(sums "$fa")" "$before_a"
expect_eq "run B checksum" "$(sums "$fb")" "$before_b"
echo "compare.md matches $(basename "$expected") ($(wc -l < "$expected") lines)"
