#!/usr/bin/env bash
# A host write into a file the guest has mapped shows at once through DAX,
# while with cache=auto the guest keeps reading its stale page.
. "$(dirname "$0")/lib.sh"
. "$DS_ROOT/tests/hazard-helpers.sh"
hazards_expect 2 'coherence-*'
