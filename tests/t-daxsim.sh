#!/usr/bin/env bash
# daxsim (sim/), the trace-driven model of the DAX window's allocation and
# reclaim: its model and command-line tests on hand-written recordings
# whose every expected count is worked out in the recording's comments
# (sim/test/run.sh, which ends "N passed, N failed").
. "$(dirname "$0")/lib.sh"
ds_need_pkgs gcc make
sh "$DS_ROOT/sim/test/run.sh"
