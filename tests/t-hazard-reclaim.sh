#!/usr/bin/env bash
# A range whose file the host emptied is reclaimed for another file in a
# one-range window: the reclaim completes (the connection's counters show
# it), the other file reads whole, and the emptied file's next load reads
# zeros under --on-truncate zero or gets SIGBUS under error; fio verifies a
# file afterwards.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/tests/hazard-helpers.sh"
hazards_expect 2 'reclaim-truncated*'
