#!/usr/bin/env bash
# The kernel/patches series applies with git am to Debian's pristine
# linux-source for the guest kernel, stays inside fs/fuse/ (and MAINTAINERS),
# and every patch is clean under checkpatch.pl --strict.
. "$(dirname "$0")/lib.sh"
"$DS_ROOT/kernel/check-patches.sh" || fail "kernel/check-patches.sh found problems (see above)"
