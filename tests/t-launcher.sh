#!/usr/bin/env bash
# The launcher's contract: the guest command's exit status comes back, results
# come back through the share, dax without a window is refused before
# booting, a guest past its timeout is killed and names its tasks' states, and Ctrl-C stops everything.
. "$(dirname "$0")/lib.sh"
# Only guests started from this test's TMPDIR (see run.sh) count.

share=$(new_share)
rc=0
"$LAUNCH" --mode none --share "$share" -- sh -c 'echo from-guest > result.txt; exit 7' || rc=$?
expect_eq "exit status of the guest command" "$rc" 7
expect_eq "result brought back through the share" "$(cat "$share/result.txt")" from-guest

rc=0
err=$("$LAUNCH" --mode dax --share "$share" -- true 2>&1) || rc=$?
[ $rc -ne 0 ] || fail "dax without a window was accepted"
echo "$err" | grep -qi window || fail "dax without a window: message does not name the window: $err"
[ "$(echo "$err" | wc -l)" -eq 1 ] || fail "dax without a window: not a one-line error: $err"

# Bad values of the network, image, truncate and lock options: one line,
# exit 2, nothing booted.
for args in "--forward 70000:9477" "--forward 9477" "--forward a:b" "--image alpine" \
	"--image systemd --kernel /dev/null" "--on-truncate silent"; do
	rc=0
	# shellcheck disable=SC2086 # the options are words
	err=$("$LAUNCH" --mode none --share "$share" $args -- true 2>&1) || rc=$?
	expect_eq "exit status of launch $args" "$rc" 2
	[ "$(echo "$err" | wc -l)" -eq 1 ] || fail "launch $args: not a one-line error: $err"
	[[ $err == "launch: "*"${args%% *}"* ]] || fail "launch $args: the error does not name ${args%% *}: $err"
done

# The timeout names what the guest's tasks were doing: here a sleep,
# from the guest's own task list printed shortly before.
rc=0
"$LAUNCH" --mode none --share "$share" --timeout 60 -- sleep 1000 2> "$T_WORK/timeout.err" || rc=$?
cat "$T_WORK/timeout.err"
expect_eq "exit status on timeout" "$rc" 124
err=$(grep 'timed out' "$T_WORK/timeout.err") || fail "no timeout message"
[[ $err == *"no task blocked; user tasks: "*"sleep["[0-9]*"] S in "*nanosleep* ]] ||
	fail "the timeout message does not name the sleeping task: $err"
! running || fail "QEMU or virtiofsd still running after a timeout"

"$LAUNCH" --mode none --share "$share" --timeout 300 -- sleep 1000 &
pid=$!
for _ in $(seq 120); do running && break; sleep 1; done
running || fail "guest did not start"
sleep 3
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
[ $rc -ne 0 ] || fail "launcher interrupted by SIGINT exited 0"
sleep 1
! running || fail "QEMU or virtiofsd still running after SIGINT"
