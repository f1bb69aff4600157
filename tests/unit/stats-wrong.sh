#!/usr/bin/env bash
# Every check of stats-test.c can fail: rebuild it once per check with
# -DSTATS_TEST_WRONG=k, which gives check k a wrong expectation, and demand
# that exactly check k fails. A check that passes anyway tests nothing.
# Usage: tests/unit/stats-wrong.sh [FIRST [LAST]]   (1-based check numbers)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/stats-wrong.XXXXXX")
trap 'rm -rf "$work"' EXIT
build() {
	gcc -std=gnu11 -O2 -Wall -Wextra -Werror -I"$root/reports/src" "$@" -o "$work/t" \
		"$root/tests/unit/stats-test.c" "$root/reports/src/stats.c" -lm
}
build
"$work/t" > "$work/right" || { echo "stats-test fails as it is"; exit 1; }
total=$(grep -cE '^(ok  |FAIL)' "$work/right")
first=${1:-1} last=${2:-$total} bad=0
for ((k = first; k <= last; k++)); do
	build -DSTATS_TEST_WRONG="$k"
	"$work/t" > "$work/out" || true
	fails=$(grep -c '^FAIL' "$work/out" || true)
	line=$(grep -E '^(ok  |FAIL)' "$work/out" | sed -n "${k}p")
	if [ "$fails" = 1 ] && [ "${line#FAIL}" != "$line" ]; then
		echo "fails when wrong: #$k ${line#FAIL }"
	else
		echo "DOES NOT FAIL:    #$k ($fails failures) $line"
		bad=$((bad + 1))
	fi
done
echo "$((last - first + 1 - bad)) of $((last - first + 1)) checks fail on a wrong expectation"
[ $bad -eq 0 ]
