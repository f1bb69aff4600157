#!/usr/bin/env bash
# --on-truncate error: a host truncate under a DAX mapping reaches the guest
# task as SIGBUS (BUS_MCEERR_AR) at its access through mmap, or EIO from
# read() and write(), with the patched modules; the guest lives on and fio
# verifies a file over the same window ranges. A store the guest kernel
# makes from its own memory (splice) is lost, and the file's next fsync
# says EIO. The stock modules panic in read(), leave the window page unusable
# after a SIGBUS and fail write() with EFAULT: their rows expect that.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/tests/hazard-helpers.sh"
hazards_expect 9 'truncate-*-error*'
