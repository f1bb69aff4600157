# Shared part of the tests/t-hazard-*.sh tests. Source it after lib.sh.
# shellcheck shell=bash

# hazards_expect N GLOB...: run the matching scenarios of `make hazards`
# (hazards/scenarios.list); every one must meet its expected outcome and pass
# its data check, and N scenarios must have run. Prints the table.
hazards_expect() {
	local n=$1 out=$T_WORK/hazards rc=0 rows row
	shift
	"$DS_ROOT/hazards/run-hazards.sh" --out "$out" "$@" || rc=$?
	[ -f "$out/hazards.md" ] || fail "make hazards wrote no table"
	cat "$out/hazards.md"
	rows=$(grep -c '^| [a-z]' "$out/hazards.md" || true)
	expect_eq "scenarios run" "$((rows - 1))" "$n"
	while IFS= read -r row; do
		# | name | expected | observed | check | verdict |
		IFS='|' read -r _ name expected observed _ verdict <<< "$row"
		[ "${expected# }" = "${observed# }" ] && [ "${verdict// /}" = PASS ] && continue
		# The scenario's directory goes with the test's: keep what tells why.
		name=${name// /}
		{
			tail -n 30 "$out/$name/launch.err" "$out/$name/console.log" || true
			tail -n 12 "$out/$name/qemu.log" "$out/$name/virtiofsd.log" "$out/$name/fio-after.log" || true
		} 2> /dev/null | tr -d '\r' | sed 's/^/    /'
		[ "${expected# }" = "${observed# }" ] || fail "$name: expected$expected, observed$observed"
		fail "$name: verdict$verdict: $row"
	done < <(grep '^| [a-z]' "$out/hazards.md" | tail -n +2)
	expect_eq "exit status of hazards/run-hazards.sh" "$rc" 0
}
