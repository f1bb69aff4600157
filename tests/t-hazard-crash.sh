#!/usr/bin/env bash
# QEMU SIGKILLed during file-extending appends leaves an exact prefix on the
# host holding every append the guest reported; during DAX overwrites (pwrite,
# and mmap + msync) every acknowledged overwrite is on the host. A QEMU dying
# of SIGBUS is named by the launcher, with the likely cause.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/tests/hazard-helpers.sh"
hazards_expect 4 'append-qemu-kill' 'overwrite-*-qemu-kill' 'qemu-sigbus-named'
