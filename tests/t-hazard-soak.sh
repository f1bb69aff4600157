#!/usr/bin/env bash
# The soak's short form: a minute of random mmap loads and stores, reads and
# writes by three guest tasks while the host truncates and restores their
# files (over a hundred truncates), under --on-truncate error with the
# patched modules: no panic, no QEMU death, every machine check QEMU raised
# reached the guest kernel, the tasks' SIGBUS were no more than those
# machine checks, and fio verifies a file afterwards.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/tests/hazard-helpers.sh"
hazards_expect 1 'soak-*'
