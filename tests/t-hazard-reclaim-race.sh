#!/usr/bin/env bash
# Kernel patch 0001: the background worker and an inline reclaim wait for
# the same pinned range of a two-range window. With the stock modules the
# range ends up handed out twice (Debian's kernel catches the double list
# add as a BUG); with the patched ones ten rounds read their own data.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/tests/hazard-helpers.sh"
hazards_expect 2 'reclaim-race-*'
