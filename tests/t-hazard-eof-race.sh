#!/usr/bin/env bash
# Kernel patches 0002 and 0010: the host shrinks and restores a file every
# 2 ms while the guest overwrites its last pages and stats it. The stock
# modules fail some of those writes with EIO (the bug); the patched ones
# complete every write with no kernel warning.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/tests/hazard-helpers.sh"
hazards_expect 2 'eof-race-*'
