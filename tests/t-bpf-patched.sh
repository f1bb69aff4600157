#!/usr/bin/env bash
# daxstat on the patched fuse module (kernel/patches: trace system fuse_dax):
# the exact-count workload of t-bpf-counts.sh counted from the tracepoints
# (tp_btf), with the same answers, the same host cross-check, and the same
# answers again from a --probes=fentry instance on the same module.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bpf-helpers.sh"
ds_need_pkgs prometheus
mods=$(patched_modules)
share=$(bpf_share)
bpf_script "$T_WORK/script" PATCHED=1 bpf-counts.sh
"$LAUNCH" --mode dax --window 64M --share "$share" --stats "$T_WORK/stats" --timeout 600 \
	--modules patched --patched-modules "$mods" --script "$T_WORK/script" ||
	fail "guest exited $?"
bpf_check_counts "$share" "$T_WORK/stats" patched
