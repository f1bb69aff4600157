#!/usr/bin/env bash
# libFuzzer (with ASan and UBSan) on the report generator's readers of
# result files: key=value files, fio's JSON, fio's bandwidth logs, daxstat's
# JSON lines (reports/fuzz/fuzz-readers.c), for a bounded time. It starts
# from tests/fixtures/fuzz-readers/: seeds cut from real results and every
# crash input found so far (committed there as regression fixtures once
# fixed), so a reader that crashes again fails at once. A new crash input is
# kept outside the tree, in $DS_CACHE/fuzz-crashes/, for a developer to fix
# and commit.
. "$(dirname "$0")/lib.sh"
secs=${DS_FUZZ_SECONDS:-30}
fz=$(ds_built fuzz) || fail "reports/fuzz/build.sh failed"
corpus=$T_WORK/corpus
cp -r "$DS_ROOT/tests/fixtures/fuzz-readers" "$corpus"
rc=0
"$fz" -max_total_time="$secs" -rss_limit_mb=1024 -artifact_prefix="$T_WORK/" \
	"$corpus" > "$T_WORK/fuzz.log" 2>&1 || rc=$?
grep -E '^#[0-9]+[[:space:]]+DONE|^Done' "$T_WORK/fuzz.log" || true
crash=$(find "$T_WORK" -maxdepth 1 -name 'crash-*' | head -n 1)
if [ $rc -ne 0 ] || [ -n "$crash" ]; then
	grep -m 3 -E 'ERROR|runtime error' "$T_WORK/fuzz.log" || tail -n 5 "$T_WORK/fuzz.log"
	if [ -n "$crash" ]; then
		mkdir -p "$DS_CACHE/fuzz-crashes"
		keep=$DS_CACHE/fuzz-crashes/$(basename "$crash")
		cp "$crash" "$keep"
		fail "the fuzzer found a crash; its input is kept as $keep (fix the reader, then commit it to tests/fixtures/fuzz-readers/)"
	fi
	fail "the fuzzer exited $rc"
fi
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$T_WORK/fuzz.log")
expect_gt "fuzzer runs in ${secs}s" "${runs:-0}" 1000
