#!/usr/bin/env bash
# virtiofsd killed while the guest does I/O: the launcher notices at once,
# stops the guest, names virtiofsd's death and leaves no process behind.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/tests/hazard-helpers.sh"
hazards_expect 1 'virtiofsd-kill'
