#!/usr/bin/env bash
# The review's partial-extend race in its worst order: the host truncates a
# file after the guest learnt its size, and the guest then writes across the
# EOF it still believes in. With the stock and the patched modules the write
# reaches the host whole (FUSE WRITE), past a hole where the host cut, and
# nothing touches the window past EOF.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/tests/hazard-helpers.sh"
hazards_expect 2 'partial-extend-*'
