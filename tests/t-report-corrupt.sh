#!/usr/bin/env bash
# A results directory with a corrupt fio.json, a missing fio.json and a
# missing status file: the generator names each bad file on one line of its
# own, still reports every other cell, exits non-zero, and leaves the results
# directory exactly as it was (checksums before and after). It also refuses
# to write its report inside the results directory.
. "$(dirname "$0")/lib.sh"
res=$T_WORK/res
cp -r "$DS_ROOT/tests/fixtures/report-run" "$res"
mapfile -t cells < "$res/cells.list"
[ ${#cells[@]} -ge 6 ] || fail "fixture too small"
# Three cells of mode none/dax with fio results, to break in three ways.
ok=()
for c in "${cells[@]}"; do
	grep -q '^status=ok' "$res/cells/$c/status" && ok+=("$c")
done
corrupt=$res/cells/${ok[0]}/fio.json
missing=$res/cells/${ok[1]}/fio.json
nostatus=$res/cells/${ok[2]}/status
head -c 300 "$corrupt" > "$T_WORK/cut" && cp "$T_WORK/cut" "$corrupt"
rm "$missing" "$nostatus"

sums() { (cd "$res" && find . -type f -print0 | sort -z | xargs -0 sha256sum; find . | sort) | sha256sum; }
before=$(sums)
rc=0
"$DS_ROOT/reports/make-report.sh" "$res" -o "$T_WORK/out" 2> "$T_WORK/err" || rc=$?
cat "$T_WORK/err"
[ $rc -ne 0 ] || fail "the generator exited 0 with broken result files"
expect_eq "results directory checksum" "$(sums)" "$before"
for f in "$corrupt" "$missing" "$nostatus"; do
	expect_eq "lines naming $f" "$(grep -cF "$f" "$T_WORK/err")" 1
done
grep -F "$corrupt" "$T_WORK/err" | grep -q 'not valid JSON' || fail "corrupt file not called corrupt"
grep -F "$missing" "$T_WORK/err" | grep -q 'missing' || fail "missing file not called missing"
expect_eq "dsreport lines on stderr" "$(grep -c '^dsreport: ' "$T_WORK/err")" 3

# The other cells are reported: every good cell's group is in the table,
# and the three broken cells are listed as such.
sum=$T_WORK/out/summary.md
[ -s "$sum" ] && [ -s "$T_WORK/out/report.html" ] || fail "no report written"
for c in "${ok[@]:3}"; do
	cfg=${c%%/*} rest=${c#*/} wl=${rest%%/*}
	grep -q "^| $wl | $cfg | [0-9]" "$sum" || fail "cell $c not reported"
done
for c in "${ok[0]}" "${ok[1]}" "${ok[2]}"; do
	grep -qF "| $c | result files missing or corrupt |" "$sum" || fail "broken cell $c not listed"
done

# Never inside the results directory.
rc=0
"$DS_ROOT/reports/make-report.sh" "$res" -o "$res/report" 2> "$T_WORK/err2" || rc=$?
expect_eq "exit status for an output inside the results" "$rc" 2
expect_eq "results directory checksum after the refused run" "$(sums)" "$before"
echo "ok: $(tr '\n' ' ' < "$T_WORK/err2")"
