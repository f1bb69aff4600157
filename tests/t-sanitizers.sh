#!/usr/bin/env bash
# The C tools built with ASan+UBSan (DS_SANITIZE=1: every finding fatal) run
# their own tests once: the report generator on the fixture run and on a
# corrupted one, daxstat in a guest on the scripted workload with exact
# counts, and daxtop (with daxstat) on its workload with known answers.
# Sanitizer reports of host runs go to log files, which must not appear; in
# the guest a report kills daxstat and so fails its test.
. "$(dirname "$0")/lib.sh"
export DS_SANITIZE=1
# Both tools run once and exit, leaving their memory to the exit by design:
# leak reports would be noise. Memory errors and undefined behaviour count.
export ASAN_OPTIONS=log_path=$T_WORK/asan:detect_leaks=0
export UBSAN_OPTIONS=log_path=$T_WORK/ubsan:print_stacktrace=1
here=$(dirname "$0")

ds_resolve report || fail "sanitizer build of the report tools failed"
tools=$(ds_built report)
for bin in "$tools"/dsreport "$tools"/dscompare; do
	# Not `ldd | grep -q`: grep leaving early makes ldd die of SIGPIPE,
	# which pipefail reports as a failure.
	libs=$(ldd "$bin")
	grep -q libasan <<< "$libs" || fail "$bin is not built with ASan"
	grep -q libubsan <<< "$libs" || fail "$bin is not built with UBSan"
done
ds_resolve collectors || fail "sanitizer build of the DAX tools failed"
out=$(ds_built collectors)
for t in daxstat daxtop; do
	grep -q libasan <<< "$(ldd "$out/$t")" || fail "$t is not built with ASan"
done
[ -f "$out/lib/$(ldd "$out/daxstat" | awk '/libasan/ {print $1}')" ] ||
	fail "the sanitizer runtime is not shipped next to daxstat for the guest"

for t in t-report-fixture.sh t-report-corrupt.sh t-bpf-counts.sh t-daxtop.sh; do
	bash "$here/$t" > "$T_WORK/$t.log" 2>&1 || { tail -n 20 "$T_WORK/$t.log"; fail "$t failed under ASan+UBSan"; }
	echo "ok: $t under ASan+UBSan"
done
reports=$(find "$T_WORK" -maxdepth 1 -name 'asan.*' -o -maxdepth 1 -name 'ubsan.*')
# shellcheck disable=SC2086 # one file per word
[ -z "$reports" ] || { head -n 30 $reports; fail "sanitizer reports: $reports"; }
