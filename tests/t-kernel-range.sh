#!/usr/bin/env bash
# dax_range= sets the DAX range size: with 512K, 2M (the default, so not
# shown in /proc/mounts) and 8M, every setup request the host sees is one
# range long (setup_bytes = setup_requests x range), and reading a 16 MiB
# file sets up exactly 16M / range new mappings.
. "$(dirname "$0")/lib.sh"

mods=$(ds_built modules) || fail "kernel/build-modules.sh failed"
size=$((16 << 20))
for range in 512K 2M 8M; do
	case $range in *K) bytes=$((${range%K} << 10)) ;; *M) bytes=$((${range%M} << 20)) ;; esac
	share=$(new_share)
	stats=$T_WORK/stats-$range
	head -c "$size" /dev/urandom > "$share/data.dat"
	rc=0
	"$LAUNCH" --mode dax --window 64M --share "$share" --stats "$stats" --timeout 600 \
		--modules patched --patched-modules "$mods" --mntopts "dax_range=$range" \
		--script "$DS_ROOT/tests/guest/kernel-range.sh" || rc=$?
	[ $rc -eq 0 ] || fail "dax_range=$range: guest script exited $rc"

	opts=$(cat "$share/mounts.txt")
	if [ "$range" = 2M ]; then
		! echo "$opts" | grep -q dax_range || fail "default dax_range shown in /proc/mounts: $opts"
	else
		echo "$opts" | grep -q ",dax_range=${range}[, ]" ||
			fail "dax_range=$range not in /proc/mounts: $opts"
	fi

	req=$(stat_get setup_requests "$stats")
	expect_eq "dax_range=$range: setup_requests" "$req" $((size / bytes))
	expect_eq "dax_range=$range: setup_bytes (= requests x range)" \
		"$(stat_get setup_bytes "$stats")" $((req * bytes))
	expect_eq "dax_range=$range: setup_errors" "$(stat_get setup_errors "$stats")" 0

	ino=$(stat -c %i "$share/data.dat")
	trace=$share/trace.txt
	new=$(grep -c " fuse_dax_iomap: conn=[0-9]* ino=$ino .* outcome=new " "$trace" || true)
	expect_eq "dax_range=$range: new mappings for 16M" "$new" $((size / bytes))
	other=$(grep ' fuse_dax_setup_mapping: ' "$trace" | grep -vc " len=$bytes " || true)
	expect_eq "dax_range=$range: setup events of another length" "$other" 0
	echo "dax_range=$range: $req setup requests of $bytes bytes, $new new mappings; $opts"
done
