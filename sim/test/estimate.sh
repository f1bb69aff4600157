# Sourced by run.sh after its build: links test_estimate.c against the
# objects that build left in $out (run.sh's Makefile has no rule for it) and
# counts its PASS/FAIL lines into run.sh's pass and fail.
if ${CC:-cc} -std=c11 -Wall -Wextra -O2 -I"$sim" "$here/test_estimate.c" \
	"$out/estimate.o" "$out/model.o" "$out/curve.o" "$out/record.o" "$out/size.o" \
	-lm -o "$out/test_estimate" >"$out/est-build.log" 2>&1; then
	[ -s "$out/est-build.log" ] && cat "$out/est-build.log"
	"$out/test_estimate" >"$out/est.log" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL) ' "$out/est.log"
	pass=$((pass + $(grep -c '^PASS ' "$out/est.log")))
	fail=$((fail + $(grep -c '^FAIL ' "$out/est.log")))
	if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$out/est.log"; then
		bad test_estimate "exit $rc without a FAIL line"
	fi
else
	cat "$out/est-build.log"
	bad test_estimate "build failed"
fi
