#!/usr/bin/env bash
# No silent fallback: a dax cell that fio finished but for which virtiofsd
# mapped nothing into the window is marked failed with the reason
# (workloads/matrix-lib.sh, ds_fail_unmapped_dax); a dax cell that mapped,
# a none cell, a cell without counters and an already failed cell are left
# alone. Hand-made cells, each status worked out here.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/workloads/matrix-lib.sh"
dir=$T_WORK/cells

# cell ID MODE STATUS [BEGIN END]: a cell with its meta, status and, when
# given, the setup_requests counter before and after it.
cell() {
	mkdir -p "$dir/$1"
	printf 'cell=%s\nmode=%s\n' "$1" "$2" > "$dir/$1/meta"
	printf 'status=%s\nreason=%s\nsecs=1\nrc=0\n' "$3" "$([ "$3" = ok ] || echo 'fio: an error')" > "$dir/$1/status"
	[ $# -lt 5 ] || {
		echo "setup_requests=$4" > "$dir/$1/host-begin.stats"
		echo "setup_requests=$5" > "$dir/$1/host-end.stats"
	}
}
st() { sed -n "s/^$2=//p" "$dir/$1/status"; }
cell dax/mapped dax ok 10 14          # mapped 4 times: ok
cell dax/unmapped dax ok 14 14        # mapped nothing: failed
cell dax/nocounters dax ok            # no counters: cannot tell, left ok
cell dax/failed dax failed 14 14      # failed already: its own reason stays
cell none/read none ok 0 0            # not dax: nothing to map
ds_fail_unmapped_dax "$dir" /nonexistent none dax/mapped dax/unmapped dax/nocounters dax/failed none/read
expect_eq "a dax cell that mapped" "$(st dax/mapped status)" ok
expect_eq "a dax cell that mapped nothing" "$(st dax/unmapped status)" failed
expect_eq "its reason" "$(st dax/unmapped reason)" \
	"not DAX: virtiofsd mapped nothing into the window during this cell (FUSE_SETUPMAPPING requests: 14 before, 14 after)"
expect_eq "a dax cell without counters" "$(st dax/nocounters status)" ok
expect_eq "a failed cell's reason" "$(st dax/failed reason)" "fio: an error"
expect_eq "a none cell" "$(st none/read status)" ok

# cache=auto/always: mappings outlive a cell, so only the guest's total
# counts: 0 fails every dax cell of the guest, any mapping keeps them.
cell auto/a dax ok 5 5
cell auto/b dax ok 5 5
echo setup_requests=5 > "$T_WORK/guest.stats"
ds_fail_unmapped_dax "$dir" "$T_WORK/guest.stats" auto auto/a auto/b
expect_eq "cache=auto, a guest that mapped" "$(st auto/a status)" ok
echo setup_requests=0 > "$T_WORK/guest.stats"
ds_fail_unmapped_dax "$dir" "$T_WORK/guest.stats" auto auto/a auto/b
expect_eq "cache=auto, a guest that mapped nothing: first cell" "$(st auto/a status)" failed
expect_eq "cache=auto, a guest that mapped nothing: second cell" "$(st auto/b status)" failed
echo "unmapped dax cells are failed, the others left as they were"
