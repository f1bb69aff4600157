#!/usr/bin/env bash
# A host truncate (to 0 and to half) of a file the guest reads through mmap
# and with read() on DAX, under --on-truncate zero, leaves QEMU running: the
# guest goes on, reads its data below the new end and zeros past it, and
# QEMU logs the events.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/tests/hazard-helpers.sh"
hazards_expect 4 'truncate-0-mmap' 'truncate-half-mmap' 'truncate-0-read' 'truncate-half-read'
