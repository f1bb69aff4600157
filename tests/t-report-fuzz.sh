#!/usr/bin/env bash
# libFuzzer (with ASan and UBSan) on the report generator's readers of
# result files: key=value files, fio's JSON, fio's bandwidth logs, daxstat's
# JSON lines (reports/fuzz/fuzz-readers.c), for a bounded time. It starts
# from tests/fixtures/fuzz-readers/: seeds cut from real results and every
# crash input found so far (kept there as regression fixtures once fixed),
# so a reader that crashes again fails at once.
. "$(dirname "$0")/lib.sh"
secs=${DS_FUZZ_SECONDS:-30}
fz=$("$DS_ROOT/reports/fuzz/build.sh") || fail "reports/fuzz/build.sh failed"
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
		keep=$DS_ROOT/tests/fixtures/fuzz-readers/$(basename "$crash")
		cp "$crash" "$keep"
		fail "the fuzzer found a crash; its input is kept as $keep (a regression fixture once fixed)"
	fi
	fail "the fuzzer exited $rc"
fi
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$T_WORK/fuzz.log")
expect_gt "fuzzer runs in ${secs}s" "${runs:-0}" 1000
